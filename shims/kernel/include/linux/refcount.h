// bindfuzz kernel shim: refcount_t with lib/refcount.c's saturation
// semantics (see shims/kernel/bf_kernel.h). Replaces
// tools/include/linux/refcount.h, which saturates at UINT_MAX instead.
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_REFCOUNT_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_REFCOUNT_H_
#define _TOOLS_LINUX_REFCOUNT_H

#include "../../bf_kernel.h"
#include "mutex.h"
#include "spinlock.h"

#define REFCOUNT_INIT(n) {.refs = (n)}
#define REFCOUNT_MAX BFK_REFCOUNT_MAX
#define REFCOUNT_SATURATED BFK_REFCOUNT_SATURATED

static inline void refcount_set(refcount_t* r, int n) { r->refs = n; }
static inline unsigned int refcount_read(const refcount_t* r) { return (unsigned int)r->refs; }

#define __refcount_add(i, r, oldp) bfk_refcount_add_oldp((r), (i), (oldp), __FILE__, __LINE__)
#define __refcount_inc(r, oldp) bfk_refcount_add_oldp((r), 1, (oldp), __FILE__, __LINE__)
#define refcount_add(i, r) ((void)bfk_refcount_add((r), (i), __FILE__, __LINE__))
#define refcount_inc(r) ((void)bfk_refcount_add((r), 1, __FILE__, __LINE__))
#define refcount_add_not_zero(i, r) (bfk_refcount_add_not_zero((r), (i), __FILE__, __LINE__) != 0)
#define refcount_inc_not_zero(r) (bfk_refcount_add_not_zero((r), 1, __FILE__, __LINE__) != 0)
#define refcount_sub_and_test(i, r) bfk_refcount_sub_and_test((r), (i), __FILE__, __LINE__)
#define refcount_dec_and_test(r) bfk_refcount_sub_and_test((r), 1, __FILE__, __LINE__)
#define refcount_dec(r) bfk_refcount_dec((r), __FILE__, __LINE__)
#define refcount_dec_if_one(r) bfk_refcount_dec_if_one(r)
#define refcount_dec_not_one(r) bfk_refcount_dec_not_one((r), __FILE__, __LINE__)
#define refcount_dec_and_lock(r, lock) bfk_refcount_dec_and_lock((r), (lock), __FILE__, __LINE__)
#define refcount_dec_and_mutex_lock(r, lock) \
  bfk_refcount_dec_and_mutex_lock((r), (lock), __FILE__, __LINE__)

static inline void bfk_refcount_add_oldp(refcount_t* r, int i, int* oldp, const char* file, int line) {
  int old = bfk_refcount_add(r, i, file, line);
  if (oldp) *oldp = old;
}

// lib/refcount.c: drops a reference; takes `lock` only for the last one.
static inline bool bfk_refcount_dec_and_lock(refcount_t* r, spinlock_t* lock, const char* file, int line) {
  if (bfk_refcount_dec_not_one(r, file, line)) return false;
  bfk_lock_acquire(&lock->rlock.raw_lock, BFK_LOCK_SPIN, file, line);
  if (!bfk_refcount_sub_and_test(r, 1, file, line)) {
    bfk_lock_release(&lock->rlock.raw_lock, BFK_LOCK_SPIN, file, line);
    return false;
  }
  return true;
}

static inline bool bfk_refcount_dec_and_mutex_lock(refcount_t* r, struct mutex* lock, const char* file,
                                                   int line) {
  if (bfk_refcount_dec_not_one(r, file, line)) return false;
  bfk_lock_acquire(&lock->base, BFK_LOCK_MUTEX, file, line);
  if (!bfk_refcount_sub_and_test(r, 1, file, line)) {
    bfk_lock_release(&lock->base, BFK_LOCK_MUTEX, file, line);
    return false;
  }
  return true;
}

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_REFCOUNT_H_
