// bindfuzz kernel shim: the lockdep assertions kernel C uses, answered from
// the shim locks' state (see shims/kernel/bf_kernel.h). Replaces
// tools/testing/shared/linux/lockdep.h.
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_LOCKDEP_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_LOCKDEP_H_
#define _LINUX_LOCKDEP_H

#include "../../bf_kernel.h"
#include "mutex.h"
#include "spinlock.h"

struct lock_class_key {
  unsigned int a;
};

// Every shim lock (raw_spinlock_t, spinlock_t, struct mutex) starts with its
// struct bfk_lock.
#define lockdep_is_held(l) bfk_lock_is_held((const struct bfk_lock*)(const void*)(l))
#define lockdep_set_class(l, key) do { (void)(key); } while (0)
#define lockdep_set_class_and_name(l, key, name) do { (void)(key); } while (0)
#define lockdep_assert_held(l)                                                                \
  do {                                                                                        \
    if (!lockdep_is_held(l)) bfk_warn(__FILE__, __LINE__, "lockdep_assert_held(%s)", #l);     \
  } while (0)
#define lockdep_assert_not_held(l)                                                            \
  do {                                                                                        \
    if (lockdep_is_held(l)) bfk_warn(__FILE__, __LINE__, "lockdep_assert_not_held(%s)", #l);  \
  } while (0)
#define lockdep_assert_irqs_disabled()                                                        \
  do {                                                                                        \
    if (!bfk_irqs_disabled()) bfk_warn(__FILE__, __LINE__, "lockdep_assert_irqs_disabled()"); \
  } while (0)

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_LOCKDEP_H_
