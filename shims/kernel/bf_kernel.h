// bindfuzz kernel shims: user-space stand-ins for the kernel services real
// kernel C needs (slab allocation, refcount_t/kref, spinlocks and mutexes,
// RCU, WARN/BUG), built so that ASan and UBSan see what KASAN and lockdep
// would.
//
// This header is the runtime's own API (`bfk_*`) and the layout of the shim
// types. Kernel C does not include it directly: it includes the kernel-named
// headers under shims/kernel/include/ (put that directory first on the
// include path, before tools/include), which map `kmalloc`, `spin_lock`,
// `call_rcu`, `WARN_ON`... onto these functions and pass the caller's
// __FILE__/__LINE__ so every report names the kernel source line.
//
//   #include <linux/slab.h>      // shims/kernel/include/linux/slab.h
//   #include <linux/rcupdate.h>
//   struct obj { int v; struct rcu_head rcu; };
//   struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);  // its own exact-size heap object
//   rcu_read_lock(); ... rcu_read_unlock();
//   kfree_rcu(o, rcu);          // freed at the next grace period
//   synchronize_rcu();          // now a stale reader is an ASan use-after-free
//   bfk_iteration_end(__FILE__, __LINE__);  // locks balanced, RCU flushed
//
// Semantics (single-threaded; not thread-safe):
// - Every allocation is one malloc/posix_memalign of exactly the requested
//   size (power-of-two sizes are naturally aligned up to 4096, others 8, as
//   kmalloc guarantees), recorded in a registry. kfree of a freed pointer or
//   a pointer into the middle of an object is passed to free() so ASan
//   reports it (double-free / bad-free); kfree of a live heap block kmalloc
//   did not return, kfree of vmalloc memory, vfree of kmalloc memory and
//   kmem_cache_free to the wrong cache are reported as BUG/WARN.
//   kmalloc(0) returns ZERO_SIZE_PTR. krealloc always moves the object.
// - refcount_t follows lib/refcount.c: an addition on 0, an underflow, or
//   an overflow sets the counter to REFCOUNT_SATURATED and WARNs; a saturated
//   counter never moves again and never reaches 0 (the object leaks rather
//   than being freed twice). Arithmetic never wraps.
// - Locks record their holder in the lock word (so a lock in freed memory is
//   an ASan report) and on a held-lock stack: taking a held lock is a BUG
//   (it would deadlock), releasing an unheld one a BUG (spinlock) or WARN
//   (mutex), sleeping (mutex_lock, GFP_KERNEL allocation, synchronize_rcu,
//   might_sleep) while atomic (spinlock held, IRQs or preemption disabled,
//   inside rcu_read_lock) a WARN, freeing memory that holds a held lock a
//   WARN.
// - RCU: call_rcu/kfree_rcu callbacks (and frees of SLAB_TYPESAFE_BY_RCU
//   objects) wait for a grace period. A grace period ends at
//   synchronize_rcu()/rcu_barrier()/bfk_rcu_quiescent(), and, in eager mode
//   (the default), whenever the thread becomes quiescent: outermost
//   rcu_read_unlock, last spinlock released, preemption and IRQs enabled.
//   That is as early as the kernel may end one, so a pointer used after its
//   reader section is a use-after-free ASan reports. Callbacks run in atomic
//   context, as softirqs do.
// - WARN/BUG print exactly one line
//     BINDFUZZ-KERNEL: WARN <file>:<line>[ <message>]
//     BINDFUZZ-KERNEL: BUG <file>:<line>[ <message>]
//   on stderr and abort(), so the fuzzer sees a crash. Before aborting they
//   pass `SUMMARY: KernelSanitizer: kernel-warn|kernel-bug <file>:<line>` to
//   __sanitizer_report_error_summary, as every sanitizer does with its
//   SUMMARY (the sequence engine then names the call and spec line it was
//   running; alone, the runtime prints the line as is).
//   Tests may make WARN non-fatal (bfk_set_warn_fatal(0)) to check the state
//   a WARN leaves; BUG always aborts.
#ifndef BINDFUZZ_SHIMS_KERNEL_BF_KERNEL_H_
#define BINDFUZZ_SHIMS_KERNEL_BF_KERNEL_H_

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// ------------------------------------------------------------- shim types
// Layouts shared by the runtime and kernel C; defined only here.

// include/linux/types.h: the rcu_head every RCU user embeds.
struct callback_head {
  struct callback_head* next;
  void (*func)(struct callback_head* head);
} __attribute__((aligned(sizeof(void*))));
#define rcu_head callback_head
typedef void (*rcu_callback_t)(struct rcu_head* head);

// include/linux/refcount.h (atomic_t reduced to its int).
typedef struct refcount_struct {
  int refs;
} refcount_t;

struct kref {
  refcount_t refcount;
};

// One lock word for raw spinlocks, spinlocks and mutexes. magic 0 is a
// zero-initialised (kzalloc'd) unlocked lock; any other value that is not
// the lock's magic is a BUG (uninitialised or corrupted lock).
struct bfk_lock {
  unsigned int magic;
  unsigned int locked;
  const char* file;  // where the holder took it
  int line;
};
typedef struct raw_spinlock {
  struct bfk_lock raw_lock;
} raw_spinlock_t;
typedef struct spinlock {
  struct raw_spinlock rlock;
} spinlock_t;
struct mutex {
  struct bfk_lock base;
};

#define BFK_SPINLOCK_MAGIC 0xdead4eadu  // the kernel's SPINLOCK_MAGIC
#define BFK_MUTEX_MAGIC 0x6d757478u

enum bfk_lock_kind {
  BFK_LOCK_SPIN = 0,   // spinning: the holder is atomic (no sleeping)
  BFK_LOCK_MUTEX = 1,  // sleeping lock
};

struct kmem_cache;  // opaque; created by bfk_kmem_cache_create

// ----------------------------------------------------------- WARN / BUG
// Prints the tag line and aborts. `fmt` may be NULL (no message).
__attribute__((noreturn, format(printf, 3, 4))) void bfk_bug(const char* file, int line, const char* fmt,
                                                             ...);
// Prints the tag line; aborts when WARN is fatal (the default).
__attribute__((format(printf, 3, 4))) void bfk_warn(const char* file, int line, const char* fmt, ...);
void bfk_set_warn_fatal(bool fatal);
bool bfk_warn_is_fatal(void);
// WARNs printed so far, and the last tag line (no newline; "" if none).
unsigned long bfk_warn_count(void);
const char* bfk_last_report(void);
// WARN_ON_ONCE and friends warn once per site per epoch; bfk_reset()
// starts a new epoch.
unsigned long bfk_once_epoch(void);

// ------------------------------------------------------------ allocation
enum {
  BFK_GFP_ZERO = 1u << 0,    // __GFP_ZERO
  BFK_GFP_SLEEP = 1u << 1,   // __GFP_DIRECT_RECLAIM: may sleep (might_alloc)
  BFK_GFP_NOFAIL = 1u << 2,  // __GFP_NOFAIL: never fails (not even injected)
  BFK_GFP_NOWARN = 1u << 3,  // __GFP_NOWARN
};

#define BFK_ZERO_SIZE_PTR ((void*)16)
#define BFK_KMALLOC_MAX_SIZE ((size_t)4 << 20)  // 4 MiB, x86-64 MAX_PAGE_ORDER 10

void* bfk_kmalloc(size_t size, unsigned int gfp, const char* file, int line);
void* bfk_kmalloc_array(size_t n, size_t size, unsigned int gfp, const char* file, int line);
void* bfk_krealloc(const void* p, size_t new_size, unsigned int gfp, const char* file, int line);
void bfk_kfree(const void* p, const char* file, int line);
void bfk_kfree_sensitive(const void* p, const char* file, int line);
size_t bfk_ksize(const void* p, const char* file, int line);
void* bfk_kmemdup(const void* src, size_t len, unsigned int gfp, const char* file, int line);
char* bfk_kstrdup(const char* s, unsigned int gfp, const char* file, int line);
void* bfk_vmalloc(size_t size, unsigned int gfp, const char* file, int line);
void bfk_vfree(const void* p, const char* file, int line);
void* bfk_kvmalloc(size_t size, unsigned int gfp, const char* file, int line);
void bfk_kvfree(const void* p, const char* file, int line);

// SLAB_TYPESAFE_BY_RCU (the only slab flag with a semantic effect here).
#define BFK_SLAB_TYPESAFE_BY_RCU 0x00080000ul
struct kmem_cache* bfk_kmem_cache_create(const char* name, size_t size, size_t align, unsigned long flags,
                                         void (*ctor)(void*), const char* file, int line);
void* bfk_kmem_cache_alloc(struct kmem_cache* c, unsigned int gfp, const char* file, int line);
void bfk_kmem_cache_free(struct kmem_cache* c, const void* p, const char* file, int line);
void bfk_kmem_cache_destroy(struct kmem_cache* c, const char* file, int line);
size_t bfk_kmem_cache_live(const struct kmem_cache* c);

// Objects allocated by the shims and not yet freed (RCU-pending ones count).
size_t bfk_live_objects(void);
// Fault injection: after `n` more successful allocations, every further
// allocation without __GFP_NOFAIL returns NULL once, then injection is off
// again. n < 0 disables it.
void bfk_fail_alloc_after(long n);
// While on, every allocation without __GFP_NOFAIL fails (memory pressure
// that outlasts the kernel's retries).
void bfk_fail_all_allocs(bool on);

// -------------------------------------------------------------- refcount
#define BFK_REFCOUNT_SATURATED (-1073741823 - 1)  // INT_MIN / 2
#define BFK_REFCOUNT_MAX 2147483647               // INT_MAX

// Return the old value (the kernel's __refcount_* oldp).
int bfk_refcount_add(refcount_t* r, int i, const char* file, int line);
int bfk_refcount_add_not_zero(refcount_t* r, int i, const char* file, int line);
bool bfk_refcount_sub_and_test(refcount_t* r, int i, const char* file, int line);
void bfk_refcount_dec(refcount_t* r, const char* file, int line);
bool bfk_refcount_dec_if_one(refcount_t* r);
bool bfk_refcount_dec_not_one(refcount_t* r, const char* file, int line);

// ----------------------------------------------------------------- locks
void bfk_lock_init(struct bfk_lock* l, int kind);
void bfk_lock_acquire(struct bfk_lock* l, int kind, const char* file, int line);
bool bfk_lock_try(struct bfk_lock* l, int kind, const char* file, int line);
void bfk_lock_release(struct bfk_lock* l, int kind, const char* file, int line);
bool bfk_lock_is_held(const struct bfk_lock* l);
// Number of locks held, and of spinning ones (atomic context).
int bfk_locks_held(void);
int bfk_spinlocks_held(void);

// IRQ / preemption state (local_irq_save, preempt_disable).
unsigned long bfk_irq_save(void);
void bfk_irq_restore(unsigned long flags, const char* file, int line);
void bfk_irq_disable(void);
void bfk_irq_enable(const char* file, int line);
bool bfk_irqs_disabled(void);
void bfk_preempt_disable(void);
void bfk_preempt_enable(const char* file, int line);
int bfk_preempt_count(void);
// Atomic context: a spinlock held, IRQs or preemption off, in an RCU reader,
// or running RCU callbacks.
bool bfk_in_atomic(void);
// might_sleep(): WARNs when atomic.
void bfk_might_sleep(const char* file, int line);

// ------------------------------------------------------------------- RCU
void bfk_rcu_read_lock(void);
void bfk_rcu_read_unlock(const char* file, int line);
int bfk_rcu_read_depth(void);
bool bfk_rcu_read_lock_held(void);
void bfk_call_rcu(struct rcu_head* head, rcu_callback_t func, const char* file, int line);
// kfree_rcu(ptr, field): `head` is &ptr->field, `ptr` the object to kfree.
void bfk_kvfree_call_rcu(struct rcu_head* head, void* ptr, const char* file, int line);
void bfk_synchronize_rcu(const char* file, int line);
void bfk_rcu_barrier(void);
// Ends a grace period now if no reader, spinlock or disabled preemption
// holds it off; returns the number of callbacks run.
size_t bfk_rcu_quiescent(void);
size_t bfk_rcu_pending(void);
void bfk_rcu_set_eager(bool eager);
// "suspicious rcu_dereference_check() usage" (lockdep).
void bfk_rcu_lockdep_warn(const char* what, const char* file, int line);

// -------------------------------------------------------- fuzz iterations
// WARNs if a lock is still held, an RCU reader is still open, or preemption
// or IRQs are still disabled: what must hold between two Rust-level calls
// (glue functions check it on return).
void bfk_check_balanced(const char* file, int line);
// End of one call sequence: bfk_check_balanced, then every pending RCU
// callback runs (rcu_barrier). A fuzz target calls it after each input.
void bfk_iteration_end(const char* file, int line);
// Forgets the lock stack, RCU depth, preemption state, fault injection and
// WARN counters (not allocations), and starts a new WARN_ONCE epoch.
void bfk_reset(void);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // BINDFUZZ_SHIMS_KERNEL_BF_KERNEL_H_
