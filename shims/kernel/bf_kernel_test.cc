// Tests of the kernel shims (bf_kernel.h), built with ASan+UBSan like the
// fuzz targets that link them: what KASAN/lockdep would report must be an
// ASan report or a BINDFUZZ-KERNEL tag line naming this file's line.
#include <linux/bug.h>
#include <linux/kref.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "gtest/gtest.h"

namespace {

// The tag line a WARN/BUG at `line` of this file prints (this file is built
// with -fmacro-prefix-map, so __FILE__ is repository-relative).
std::string Tag(const char* what, int line) {
  return std::string("BINDFUZZ-KERNEL: ") + what + " shims/kernel/bf_kernel_test.cc:" + std::to_string(line);
}

class KernelShimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bfk_reset();
    bfk_set_warn_fatal(true);
    bfk_rcu_set_eager(true);
    live_at_start_ = bfk_live_objects();
  }
  void TearDown() override {
    bfk_reset();  // a non-fatal test may leave state behind on purpose
    bfk_rcu_barrier();
    EXPECT_EQ(bfk_live_objects(), live_at_start_) << "the test leaked shim objects";
  }
  size_t live_at_start_ = 0;
};

// ------------------------------------------------------------ WARN / BUG

TEST_F(KernelShimTest, WarnOnFalseIsSilentAndReturnsFalse) {
  int r = WARN_ON(1 == 2);
  EXPECT_EQ(r, 0);
  EXPECT_EQ(bfk_warn_count(), 0u);
}

TEST_F(KernelShimTest, WarnOnTruePrintsOneTagLineWithFileAndLineAndAborts) {
  const int line = __LINE__ + 1;
  EXPECT_DEATH(WARN_ON(2 > 1), Tag("WARN", line) + " WARN_ON\\(2 > 1\\)");
}

TEST_F(KernelShimTest, FatalReportsPassASanitizerSummary) {
  const int line = __LINE__ + 1;
  EXPECT_DEATH(WARN_ON(1), "SUMMARY: KernelSanitizer: kernel-warn shims/kernel/bf_kernel_test.cc:" +
                               std::to_string(line));
  const int bug = __LINE__ + 1;
  EXPECT_DEATH(BUG(),
               "SUMMARY: KernelSanitizer: kernel-bug shims/kernel/bf_kernel_test.cc:" + std::to_string(bug));
}

TEST_F(KernelShimTest, BugOnAbortsWithBugTag) {
  const int line = __LINE__ + 1;
  EXPECT_DEATH(BUG_ON(std::getenv("PATH") != nullptr), Tag("BUG", line) + " BUG_ON");
}

TEST_F(KernelShimTest, BugAbortsEvenWhenWarnIsNotFatal) {
  bfk_set_warn_fatal(false);
  const int line = __LINE__ + 1;
  EXPECT_DEATH(BUG(), Tag("BUG", line) + " BUG\\(\\)");
}

TEST_F(KernelShimTest, NonFatalWarnReturnsConditionAndCounts) {
  bfk_set_warn_fatal(false);
  EXPECT_TRUE(WARN_ON(3 > 2));
  const int line = __LINE__ + 1;
  EXPECT_TRUE(WARN(1, "value %d\n", 7));
  EXPECT_EQ(bfk_warn_count(), 2u);
  EXPECT_EQ(std::string(bfk_last_report()), Tag("WARN", line) + " value 7");
}

TEST_F(KernelShimTest, WarnMessageStaysOneLine) {
  bfk_set_warn_fatal(false);
  WARN(1,
       "a\nb\x01"
       "c");
  EXPECT_NE(std::string(bfk_last_report()).find("a\\x0ab\\x01c"), std::string::npos) << bfk_last_report();
}

TEST_F(KernelShimTest, WarnOnOnceWarnsOncePerSitePerEpoch) {
  bfk_set_warn_fatal(false);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(WARN_ON_ONCE(i >= 0));
  EXPECT_EQ(bfk_warn_count(), 1u);
  bfk_reset();  // new epoch (and counters)
  bfk_set_warn_fatal(false);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(WARN_ONCE(i >= 0, "once %d", i));
  }
  EXPECT_EQ(bfk_warn_count(), 1u);
  EXPECT_NE(std::string(bfk_last_report()).find("once 0"), std::string::npos);
}

// ------------------------------------------------------------ allocation

TEST_F(KernelShimTest, KmallocIsItsOwnExactSizeObject) {
  char* p = static_cast<char*>(kmalloc(13, GFP_KERNEL));
  ASSERT_NE(p, nullptr);
  p[12] = 1;  // last byte: fine
  EXPECT_EQ(ksize(p), 13u);
  EXPECT_DEATH(reinterpret_cast<volatile char*>(p)[13] = 1, "heap-buffer-overflow");
  kfree(p);
}

TEST_F(KernelShimTest, KzallocZeroesAndKmallocZeroIsZeroSizePtr) {
  unsigned char* p = static_cast<unsigned char*>(kzalloc(300, GFP_KERNEL));
  ASSERT_NE(p, nullptr);
  for (int i = 0; i < 300; ++i) ASSERT_EQ(p[i], 0) << i;
  kfree(p);
  void* z = kmalloc(0, GFP_KERNEL);
  EXPECT_EQ(z, ZERO_SIZE_PTR);
  EXPECT_TRUE(ZERO_OR_NULL_PTR(z));
  kfree(z);        // no-op, as in the kernel
  kfree(nullptr);  // no-op
  EXPECT_DEATH(*static_cast<volatile char*>(z), "SEGV");
}

TEST_F(KernelShimTest, PowerOfTwoSizesAreNaturallyAligned) {
  for (size_t size : {16u, 64u, 256u, 4096u, 16384u}) {
    void* p = kmalloc(size, GFP_KERNEL);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % (size < 4096 ? size : 4096), 0u) << size;
    kfree(p);
  }
}

TEST_F(KernelShimTest, UseAfterKfreeIsAsanReport) {
  EXPECT_DEATH(
      {
        int* p = static_cast<int*>(kmalloc(sizeof(int), GFP_KERNEL));
        kfree(p);
        *reinterpret_cast<volatile int*>(p) = 1;
      },
      "heap-use-after-free");
}

TEST_F(KernelShimTest, DoubleKfreeIsAsanReport) {
  EXPECT_DEATH(
      {
        void* p = kmalloc(32, GFP_KERNEL);
        kfree(p);
        kfree(p);
      },
      "attempting double-free");
}

TEST_F(KernelShimTest, KfreeOfMallocMemoryIsBug) {
  const int line = __LINE__ + 1;
  EXPECT_DEATH(kfree(std::malloc(8)),
               Tag("BUG", line) + " kfree\\(.*not an object the kernel allocators returned");
}

TEST_F(KernelShimTest, KfreeOfStackOrInteriorPointerIsAsanReport) {
  EXPECT_DEATH(
      {
        int local = 0;
        kfree(&local);
      },
      "AddressSanitizer: attempting free on address which was not malloc\\(\\)-ed");
  EXPECT_DEATH(
      {
        char* p = static_cast<char*>(kmalloc(64, GFP_KERNEL));
        kfree(p + 8);
      },
      "AddressSanitizer: attempting free on address which was not malloc\\(\\)-ed");
}

TEST_F(KernelShimTest, VmallocAndKmallocDoNotMix) {
  void* v = vmalloc(100);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(v) % 4096, 0u);
  EXPECT_DEATH(kfree(v), "BINDFUZZ-KERNEL: BUG .* kfree\\(.*\\) of vmalloc memory");
  void* k = kmalloc(100, GFP_KERNEL);
  EXPECT_DEATH(vfree(k), "BINDFUZZ-KERNEL: BUG .* vfree\\(.*\\) of memory vmalloc did not return");
  kvfree(v);  // kvfree takes both
  kvfree(k);
  EXPECT_DEATH(vmalloc(0), "BINDFUZZ-KERNEL: WARN .* vmalloc of 0 bytes");
  EXPECT_EQ(kvmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);  // kvmalloc(0) is kmalloc(0)
  void* big = kvmalloc(8192, GFP_KERNEL);             // above a page: the kind kfree cannot free
  EXPECT_DEATH(kfree(big), "of vmalloc memory");
  kvfree(big);
}

TEST_F(KernelShimTest, KreallocMovesPreservesAndZeroExtends) {
  unsigned char* p = static_cast<unsigned char*>(kmalloc(4, GFP_KERNEL));
  std::memcpy(p, "abcd", 4);
  unsigned char* q = static_cast<unsigned char*>(krealloc(p, 10, GFP_KERNEL | __GFP_ZERO));
  ASSERT_NE(q, nullptr);
  EXPECT_NE(q, p);  // always moves: a stale user of `p` is caught
  EXPECT_EQ(std::memcmp(q, "abcd", 4), 0);
  for (int i = 4; i < 10; ++i) EXPECT_EQ(q[i], 0);
  EXPECT_EQ(ksize(q), 10u);
  EXPECT_DEATH(*reinterpret_cast<volatile unsigned char*>(p), "heap-use-after-free");
  void* z = krealloc(q, 0, GFP_KERNEL);  // frees
  EXPECT_EQ(z, ZERO_SIZE_PTR);
  EXPECT_EQ(bfk_live_objects(), live_at_start_);
}

TEST_F(KernelShimTest, KreallocOfFreedPointerIsAsanReport) {
  EXPECT_DEATH(
      {
        void* p = kmalloc(8, GFP_KERNEL);
        kfree(p);
        (void)krealloc(p, 16, GFP_KERNEL);
      },
      "heap-use-after-free");
}

TEST_F(KernelShimTest, FaultInjectionFailsExactlyTheChosenAllocation) {
  bfk_fail_alloc_after(1);
  void* a = kmalloc(8, GFP_KERNEL);
  void* b = kmalloc(8, GFP_KERNEL);
  void* c = kmalloc(8, GFP_KERNEL);
  EXPECT_NE(a, nullptr);
  EXPECT_EQ(b, nullptr);
  EXPECT_NE(c, nullptr);
  bfk_fail_alloc_after(0);
  void* d = kmalloc(8, GFP_KERNEL | __GFP_NOFAIL);  // never fails
  EXPECT_NE(d, nullptr);
  void* e = kmalloc(8, GFP_KERNEL);  // the armed failure
  EXPECT_EQ(e, nullptr);
  bfk_fail_all_allocs(true);
  EXPECT_EQ(kmalloc(8, GFP_KERNEL), nullptr);
  EXPECT_EQ(kzalloc(8, GFP_ATOMIC), nullptr);
  EXPECT_EQ(vmalloc(8), nullptr);
  void* f = kmalloc(8, GFP_KERNEL | __GFP_NOFAIL);
  EXPECT_NE(f, nullptr);
  bfk_fail_all_allocs(false);
  void* g = kmalloc(8, GFP_KERNEL);
  EXPECT_NE(g, nullptr);
  kfree(f);
  kfree(g);
  kfree(a);
  kfree(c);
  kfree(d);
}

TEST_F(KernelShimTest, OverflowingArrayAndHugeSizesFail) {
  EXPECT_EQ(kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL), nullptr);
  EXPECT_EQ(kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL), nullptr);
  EXPECT_EQ(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN), nullptr);
  EXPECT_DEATH(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL), "BINDFUZZ-KERNEL: WARN .*exceeds KMALLOC_MAX_SIZE");
  int* arr = static_cast<int*>(kcalloc(5, sizeof(int), GFP_KERNEL));
  ASSERT_NE(arr, nullptr);
  EXPECT_EQ(arr[4], 0);
  EXPECT_DEATH(reinterpret_cast<volatile int*>(arr)[5] = 1, "heap-buffer-overflow");
  kfree(arr);
}

TEST_F(KernelShimTest, KmemdupAndKstrdupCopyExactly) {
  char* s = kstrdup("kernel", GFP_KERNEL);
  ASSERT_NE(s, nullptr);
  EXPECT_STREQ(s, "kernel");
  EXPECT_EQ(ksize(s), 7u);
  kfree(s);
  EXPECT_EQ(kstrdup(nullptr, GFP_KERNEL), nullptr);
}

struct Obj {
  int ctor_ran;
  int payload[3];
  struct rcu_head rcu;
  struct kref ref;
  spinlock_t lock;
};

void ObjCtor(void* p) { static_cast<Obj*>(p)->ctor_ran = 42; }

TEST_F(KernelShimTest, KmemCacheObjectsAreExactConstructedAndCounted) {
  struct kmem_cache* c = kmem_cache_create("obj", sizeof(Obj), 0, SLAB_PANIC, ObjCtor);
  ASSERT_NE(c, nullptr);
  Obj* o = static_cast<Obj*>(kmem_cache_alloc(c, GFP_KERNEL));
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->ctor_ran, 42);
  EXPECT_EQ(bfk_kmem_cache_live(c), 1u);
  EXPECT_DEATH(reinterpret_cast<volatile char*>(o)[sizeof(Obj)] = 0, "heap-buffer-overflow");
  Obj* z = static_cast<Obj*>(kmem_cache_zalloc(c, GFP_KERNEL));
  EXPECT_EQ(z->ctor_ran, 0);  // __GFP_ZERO after the constructor
  kmem_cache_free(c, z);
  kmem_cache_free(c, o);
  EXPECT_EQ(bfk_kmem_cache_live(c), 0u);
  EXPECT_DEATH(*reinterpret_cast<volatile int*>(&o->ctor_ran), "heap-use-after-free");
  kmem_cache_destroy(c);
}

TEST_F(KernelShimTest, KmemCacheFreeToWrongCacheWarns) {
  struct kmem_cache* a = kmem_cache_create("cache_a", 32, 0, 0, nullptr);
  struct kmem_cache* b = kmem_cache_create("cache_b", 32, 0, 0, nullptr);
  void* o = kmem_cache_alloc(a, GFP_KERNEL);
  EXPECT_DEATH(kmem_cache_free(b, o),
               "BINDFUZZ-KERNEL: WARN .*wrong slab cache: cache_b but object is from cache_a");
  kmem_cache_free(a, o);
  kmem_cache_destroy(a);
  kmem_cache_destroy(b);
}

TEST_F(KernelShimTest, KmemCacheDestroyWithLiveObjectsWarns) {
  struct kmem_cache* c = kmem_cache_create("leaky", 16, 0, 0, nullptr);
  void* o = kmem_cache_alloc(c, GFP_KERNEL);
  EXPECT_DEATH(kmem_cache_destroy(c), "BINDFUZZ-KERNEL: WARN .*Slab cache still has objects");
  kmem_cache_free(c, o);
  kmem_cache_destroy(c);
}

TEST_F(KernelShimTest, TypesafeByRcuCacheKeepsObjectsUntilGracePeriod) {
  struct kmem_cache* c = kmem_cache_create("typesafe", sizeof(int), 0, SLAB_TYPESAFE_BY_RCU, nullptr);
  int* o = static_cast<int*>(kmem_cache_alloc(c, GFP_KERNEL));
  *o = 5;
  rcu_read_lock();
  kmem_cache_free(c, o);
  EXPECT_EQ(*reinterpret_cast<volatile int*>(o), 5);  // a reader may still look
  EXPECT_EQ(bfk_rcu_pending(), 1u);
  rcu_read_unlock();  // eager: the grace period ends here
  EXPECT_EQ(bfk_rcu_pending(), 0u);
  EXPECT_EQ(bfk_kmem_cache_live(c), 0u);
  kmem_cache_destroy(c);
}

// -------------------------------------------------------------- refcount

TEST_F(KernelShimTest, RefcountCountsAndDecAndTestHitsZeroOnce) {
  refcount_t r = REFCOUNT_INIT(1);
  refcount_inc(&r);
  refcount_add(3, &r);
  EXPECT_EQ(refcount_read(&r), 5u);
  EXPECT_FALSE(refcount_sub_and_test(3, &r));
  EXPECT_FALSE(refcount_dec_and_test(&r));
  EXPECT_TRUE(refcount_dec_and_test(&r));
  EXPECT_EQ(refcount_read(&r), 0u);
  EXPECT_FALSE(refcount_inc_not_zero(&r));  // no WARN: that is its job
  EXPECT_EQ(refcount_read(&r), 0u);
  EXPECT_EQ(bfk_warn_count(), 0u);
}

TEST_F(KernelShimTest, RefcountIncFromZeroWarnsUseAfterFree) {
  refcount_t r = REFCOUNT_INIT(0);
  const int line = __LINE__ + 1;
  EXPECT_DEATH(refcount_inc(&r), Tag("WARN", line) + " refcount_t: addition on 0; use-after-free\\.");
}

TEST_F(KernelShimTest, RefcountUnderflowWarns) {
  refcount_t r = REFCOUNT_INIT(0);
  const int line = __LINE__ + 1;
  EXPECT_DEATH(refcount_dec_and_test(&r), Tag("WARN", line) + " refcount_t: underflow; use-after-free\\.");
  refcount_t one = REFCOUNT_INIT(1);
  EXPECT_DEATH(refcount_dec(&one), "refcount_t: decrement hit 0; leaking memory\\.");
}

TEST_F(KernelShimTest, RefcountSaturatesAndNeverWrapsOrFrees) {
  bfk_set_warn_fatal(false);
  refcount_t r = REFCOUNT_INIT(REFCOUNT_MAX);
  refcount_inc(&r);  // INT_MAX + 1 would wrap negative: saturate instead
  EXPECT_EQ(static_cast<int>(refcount_read(&r)), REFCOUNT_SATURATED);
  EXPECT_EQ(bfk_warn_count(), 1u);
  EXPECT_NE(std::string(bfk_last_report()).find("refcount_t: saturated; leaking memory."), std::string::npos);
  for (int i = 0; i < 1000; ++i) {
    refcount_inc(&r);
    EXPECT_FALSE(refcount_dec_and_test(&r));
    EXPECT_FALSE(refcount_dec_and_test(&r));
  }
  EXPECT_EQ(static_cast<int>(refcount_read(&r)), REFCOUNT_SATURATED);
  EXPECT_TRUE(refcount_dec_not_one(&r));  // saturated: never reaches one
  EXPECT_TRUE(refcount_inc_not_zero(&r));
  EXPECT_EQ(static_cast<int>(refcount_read(&r)), REFCOUNT_SATURATED);

  refcount_t u = REFCOUNT_INIT(0);  // underflow also saturates
  EXPECT_FALSE(refcount_dec_and_test(&u));
  EXPECT_EQ(static_cast<int>(refcount_read(&u)), REFCOUNT_SATURATED);

  refcount_t big = REFCOUNT_INIT(REFCOUNT_MAX - 1);
  EXPECT_TRUE(refcount_add_not_zero(5, &big));
  EXPECT_EQ(static_cast<int>(refcount_read(&big)), REFCOUNT_SATURATED);
}

TEST_F(KernelShimTest, RefcountDecIfOneAndDecNotOne) {
  refcount_t r = REFCOUNT_INIT(2);
  EXPECT_FALSE(refcount_dec_if_one(&r));
  EXPECT_TRUE(refcount_dec_not_one(&r));
  EXPECT_EQ(refcount_read(&r), 1u);
  EXPECT_FALSE(refcount_dec_not_one(&r));
  EXPECT_TRUE(refcount_dec_if_one(&r));
  EXPECT_EQ(refcount_read(&r), 0u);
  EXPECT_DEATH(refcount_dec_not_one(&r), "refcount_t: underflow");
}

TEST_F(KernelShimTest, RefcountDecAndLockTakesTheLockOnlyForTheLastReference) {
  DEFINE_SPINLOCK(lock);
  refcount_t r = REFCOUNT_INIT(2);
  EXPECT_FALSE(refcount_dec_and_lock(&r, &lock));
  EXPECT_FALSE(spin_is_locked(&lock));
  EXPECT_TRUE(refcount_dec_and_lock(&r, &lock));
  EXPECT_TRUE(spin_is_locked(&lock));
  spin_unlock(&lock);
  EXPECT_EQ(bfk_locks_held(), 0);
}

int g_released;
void ReleaseObj(struct kref* k) {
  ++g_released;
  Obj* o = reinterpret_cast<Obj*>(reinterpret_cast<char*>(k) - offsetof(Obj, ref));
  kfree(o);
}

TEST_F(KernelShimTest, KrefReleasesOnLastPutAndGetAfterReleaseIsAsanReport) {
  g_released = 0;
  Obj* o = static_cast<Obj*>(kzalloc(sizeof(Obj), GFP_KERNEL));
  kref_init(&o->ref);
  kref_get(&o->ref);
  EXPECT_EQ(kref_read(&o->ref), 2u);
  EXPECT_EQ(kref_put(&o->ref, ReleaseObj), 0);
  EXPECT_EQ(g_released, 0);
  EXPECT_EQ(kref_put(&o->ref, ReleaseObj), 1);
  EXPECT_EQ(g_released, 1);
  EXPECT_DEATH(kref_get(&o->ref), "heap-use-after-free");
}

TEST_F(KernelShimTest, KrefPutOnZeroWarns) {
  struct kref k = KREF_INIT(0);
  EXPECT_DEATH(kref_put(&k, ReleaseObj), "refcount_t: underflow; use-after-free");
}

// ----------------------------------------------------------------- locks

TEST_F(KernelShimTest, SpinlockBalanceAndState) {
  spinlock_t l;
  spin_lock_init(&l);
  EXPECT_FALSE(spin_is_locked(&l));
  spin_lock(&l);
  EXPECT_TRUE(spin_is_locked(&l));
  EXPECT_TRUE(lockdep_is_held(&l));
  EXPECT_TRUE(bfk_in_atomic());
  EXPECT_FALSE(spin_trylock(&l));
  spin_unlock(&l);
  EXPECT_FALSE(bfk_in_atomic());
  EXPECT_TRUE(spin_trylock(&l));
  spin_unlock(&l);
  EXPECT_EQ(bfk_locks_held(), 0);
}

TEST_F(KernelShimTest, DoubleLockIsBug) {
  spinlock_t l;
  spin_lock_init(&l);
  // Kept out of EXPECT_DEATH's argument so __LINE__ is the line of the call.
  const int first = __LINE__ + 2;
  auto lock_twice = [&] {
    spin_lock(&l);
    spin_lock(&l);
  };
  EXPECT_DEATH(lock_twice(),
               Tag("BUG", first + 1) +
                   " spinlock recursion: .* already held \\(taken at shims/kernel/bf_kernel_test.cc:" +
                   std::to_string(first) + "\\)");
  struct mutex m;
  mutex_init(&m);
  auto mutex_twice = [&] {
    mutex_lock(&m);
    mutex_lock(&m);
  };
  EXPECT_DEATH(mutex_twice(), "BINDFUZZ-KERNEL: BUG .* mutex recursion");
}

TEST_F(KernelShimTest, UnlockOfUnlockedLock) {
  spinlock_t l;
  spin_lock_init(&l);
  EXPECT_DEATH(spin_unlock(&l), "BINDFUZZ-KERNEL: BUG .* spinlock already unlocked");
  struct mutex m;
  mutex_init(&m);
  EXPECT_DEATH(mutex_unlock(&m), "BINDFUZZ-KERNEL: WARN .* mutex_unlock of an unlocked mutex");
}

TEST_F(KernelShimTest, UninitialisedLockIsBadMagic) {
  spinlock_t* l = static_cast<spinlock_t*>(kmalloc(sizeof(spinlock_t), GFP_KERNEL));
  std::memset(l, 0xbe, sizeof *l);
  EXPECT_DEATH(spin_lock(l), "BINDFUZZ-KERNEL: BUG .* spinlock bad magic");
  kfree(l);
  spinlock_t zero;
  std::memset(&zero, 0, sizeof zero);  // kzalloc'd: an unlocked lock
  spin_lock(&zero);
  spin_unlock(&zero);
  struct mutex m;
  mutex_init(&m);
  EXPECT_DEATH(spin_lock(reinterpret_cast<spinlock_t*>(&m)), "bad magic");
}

TEST_F(KernelShimTest, SleepingWhileAtomicWarns) {
  DEFINE_SPINLOCK(l);
  DEFINE_MUTEX(m);
  const int taken = __LINE__ + 2;
  auto sleep_under_spinlock = [&] {
    spin_lock(&l);
    mutex_lock(&m);
  };
  EXPECT_DEATH(sleep_under_spinlock(),
               Tag("WARN", taken + 1) +
                   " sleeping function called from invalid context: spinlock held \\(taken at "
                   "shims/kernel/bf_kernel_test.cc:" +
                   std::to_string(taken) + "\\)");
  EXPECT_DEATH(
      {
        spin_lock(&l);
        void* p = kmalloc(8, GFP_KERNEL);
        kfree(p);
      },
      "sleeping function called from invalid context");
  EXPECT_DEATH(
      {
        rcu_read_lock();
        synchronize_rcu();
      },
      "Illegal synchronize_rcu\\(\\) in RCU read-side critical section");
  EXPECT_DEATH(
      {
        preempt_disable();
        might_sleep();
      },
      "sleeping function called from invalid context: rcu_read_lock depth 0, preempt_count 1");
  // GFP_ATOMIC under a spinlock, and GFP_KERNEL outside, are fine.
  spin_lock(&l);
  void* p = kmalloc(8, GFP_ATOMIC);
  spin_unlock(&l);
  kfree(p);
  mutex_lock(&m);
  p = kmalloc(8, GFP_KERNEL);
  mutex_unlock(&m);
  kfree(p);
}

TEST_F(KernelShimTest, IrqSaveRestoreNests) {
  DEFINE_SPINLOCK(a);
  DEFINE_SPINLOCK(b);
  unsigned long fa, fb;
  spin_lock_irqsave(&a, fa);
  EXPECT_TRUE(irqs_disabled());
  spin_lock_irqsave(&b, fb);
  spin_unlock_irqrestore(&b, fb);
  EXPECT_TRUE(irqs_disabled());  // restored to "disabled"
  spin_unlock_irqrestore(&a, fa);
  EXPECT_FALSE(irqs_disabled());
  spin_lock_irq(&a);
  EXPECT_TRUE(irqs_disabled());
  spin_unlock_irq(&a);
  EXPECT_FALSE(irqs_disabled());
  spin_lock(&a);
  bfk_reset();  // forgets the held lock (a fuzz target between inputs)
  spin_unlock(&a);
  EXPECT_FALSE(bfk_in_atomic());
  EXPECT_EQ(bfk_spinlocks_held(), 0);
  spin_lock_bh(&a);
  EXPECT_EQ(preempt_count(), 1);
  spin_unlock_bh(&a);
  EXPECT_EQ(preempt_count(), 0);
  EXPECT_FALSE(bfk_in_atomic());
}

TEST_F(KernelShimTest, FreeingAHeldLockWarns) {
  Obj* o = static_cast<Obj*>(kzalloc(sizeof(Obj), GFP_KERNEL));
  spin_lock_init(&o->lock);
  EXPECT_DEATH(
      {
        spin_lock(&o->lock);
        kfree(o);
      },
      "BINDFUZZ-KERNEL: WARN .* held lock freed");
  kfree(o);
}

TEST_F(KernelShimTest, LockInFreedMemoryIsAsanReport) {
  EXPECT_DEATH(
      {
        Obj* o = static_cast<Obj*>(kzalloc(sizeof(Obj), GFP_KERNEL));
        spin_lock_init(&o->lock);
        kfree(o);
        spin_lock(&o->lock);
      },
      "heap-use-after-free");
}

TEST_F(KernelShimTest, UnbalancedStateAtEndOfSequenceWarns) {
  DEFINE_MUTEX(m);
  const int line = __LINE__ + 1;
  mutex_lock(&m);
  EXPECT_DEATH(bfk_iteration_end("seq", 1),
               "BINDFUZZ-KERNEL: WARN seq:1 mutex .* still held at the end of the sequence \\(taken at "
               "shims/kernel/bf_kernel_test.cc:" +
                   std::to_string(line) + "\\)");
  mutex_unlock(&m);
  rcu_read_lock();
  EXPECT_DEATH(bfk_check_balanced("seq", 2), "rcu_read_lock\\(\\) still held");
  rcu_read_unlock();
  bfk_iteration_end("seq", 3);  // balanced: silent
  EXPECT_EQ(bfk_warn_count(), 0u);
}

// ------------------------------------------------------------------- RCU

struct Node {
  int value;
  struct rcu_head rcu;
};

TEST_F(KernelShimTest, KfreeRcuDefersUntilGracePeriod) {
  bfk_rcu_set_eager(false);
  Node* n = static_cast<Node*>(kzalloc(sizeof(Node), GFP_KERNEL));
  n->value = 7;
  kfree_rcu(n, rcu);
  EXPECT_EQ(bfk_rcu_pending(), 1u);
  EXPECT_EQ(*reinterpret_cast<volatile int*>(&n->value), 7);  // no grace period yet
  synchronize_rcu();
  EXPECT_EQ(bfk_rcu_pending(), 0u);
  EXPECT_DEATH(*reinterpret_cast<volatile int*>(&n->value), "heap-use-after-free");
}

TEST_F(KernelShimTest, ReaderUsingObjectAfterItsSectionIsCaughtInEagerMode) {
  Node* shared = static_cast<Node*>(kzalloc(sizeof(Node), GFP_KERNEL));
  Node* gp = shared;
  rcu_read_lock();
  Node* seen = rcu_dereference(gp);
  rcu_assign_pointer(gp, nullptr);                               // an updater unpublishes it ...
  kfree_rcu(shared, rcu);                                        // ... and frees it after a grace period
  EXPECT_EQ(*reinterpret_cast<volatile int*>(&seen->value), 0);  // inside the reader: fine
  rcu_read_unlock();                                             // the grace period may end now, so it does
  EXPECT_EQ(bfk_rcu_pending(), 0u);
  EXPECT_DEATH(*reinterpret_cast<volatile int*>(&seen->value), "heap-use-after-free");
}

TEST_F(KernelShimTest, NestedReadersAndSpinlocksHoldTheGracePeriodOff) {
  Node* n = static_cast<Node*>(kzalloc(sizeof(Node), GFP_KERNEL));
  DEFINE_SPINLOCK(l);
  rcu_read_lock();
  rcu_read_lock();
  kfree_rcu(n, rcu);
  rcu_read_unlock();
  EXPECT_EQ(bfk_rcu_pending(), 1u);
  spin_lock(&l);
  rcu_read_unlock();  // still atomic: the spinlock holds it off
  EXPECT_EQ(bfk_rcu_pending(), 1u);
  spin_unlock(&l);
  EXPECT_EQ(bfk_rcu_pending(), 0u);
}

int g_cb_runs;
Node* g_requeue;
void CountAndFree(struct rcu_head* h) {
  ++g_cb_runs;
  kfree(reinterpret_cast<char*>(h) - offsetof(Node, rcu));
}
void Requeue(struct rcu_head* h) {
  ++g_cb_runs;
  call_rcu(&g_requeue->rcu, CountAndFree);  // runs at the next grace period
  kfree(reinterpret_cast<char*>(h) - offsetof(Node, rcu));
}

TEST_F(KernelShimTest, CallRcuRunsOncePerGracePeriodAndRequeuesWaitForTheNext) {
  bfk_rcu_set_eager(false);
  g_cb_runs = 0;
  Node* a = static_cast<Node*>(kzalloc(sizeof(Node), GFP_KERNEL));
  g_requeue = static_cast<Node*>(kzalloc(sizeof(Node), GFP_KERNEL));
  call_rcu(&a->rcu, Requeue);
  EXPECT_EQ(g_cb_runs, 0);
  synchronize_rcu();
  EXPECT_EQ(g_cb_runs, 1);
  EXPECT_EQ(bfk_rcu_pending(), 1u);
  EXPECT_EQ(bfk_rcu_quiescent(), 1u);
  EXPECT_EQ(g_cb_runs, 2);
  EXPECT_EQ(bfk_rcu_quiescent(), 0u);
}

void SleepInCallback(struct rcu_head* h) {
  might_sleep();
  kfree(reinterpret_cast<char*>(h) - offsetof(Node, rcu));
}

TEST_F(KernelShimTest, RcuCallbacksRunAtomic) {
  Node* n = static_cast<Node*>(kzalloc(sizeof(Node), GFP_KERNEL));
  EXPECT_DEATH(
      {
        call_rcu(&n->rcu, SleepInCallback);
        synchronize_rcu();
      },
      "sleeping function called from invalid context: .*in an RCU callback");
  kfree(n);
}

TEST_F(KernelShimTest, RcuMisuseWarns) {
  EXPECT_DEATH(rcu_read_unlock(),
               "BINDFUZZ-KERNEL: WARN .* rcu_read_unlock\\(\\) without rcu_read_lock\\(\\)");
  Node* n = static_cast<Node*>(kzalloc(sizeof(Node), GFP_KERNEL));
  Node* gp = n;
  const int line = __LINE__ + 1;
  EXPECT_DEATH((void)rcu_dereference(gp),
               Tag("WARN", line) + " suspicious rcu_dereference_check\\(\\) usage");
  DEFINE_SPINLOCK(l);
  spin_lock(&l);
  EXPECT_EQ(rcu_dereference_protected(gp, lockdep_is_held(&l)), n);  // the update side
  EXPECT_EQ(rcu_dereference_check(gp, lockdep_is_held(&l)), n);
  spin_unlock(&l);
  EXPECT_DEATH((void)rcu_dereference_protected(gp, lockdep_is_held(&l)),
               "suspicious rcu_dereference_protected");
  EXPECT_DEATH(
      {
        call_rcu(&n->rcu, CountAndFree);
        call_rcu(&n->rcu, CountAndFree);
      },
      "BINDFUZZ-KERNEL: WARN .* rcu_head .* queued twice");
  kfree(n);
}

TEST_F(KernelShimTest, CallRcuOnFreedObjectIsAsanReport) {
  EXPECT_DEATH(
      {
        Node* n = static_cast<Node*>(kzalloc(sizeof(Node), GFP_KERNEL));
        kfree(n);
        call_rcu(&n->rcu, CountAndFree);
      },
      "heap-use-after-free");
}

TEST_F(KernelShimTest, KfreeThenKfreeRcuIsDoubleFreeAtTheGracePeriod) {
  EXPECT_DEATH(
      {
        Node* n = static_cast<Node*>(kzalloc(sizeof(Node), GFP_KERNEL));
        bfk_rcu_set_eager(false);
        kfree_rcu(n, rcu);
        kfree(n);
        synchronize_rcu();
      },
      "attempting double-free");
}

}  // namespace
