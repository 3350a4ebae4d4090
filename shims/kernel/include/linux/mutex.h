// bindfuzz kernel shim: struct mutex, single-threaded, with balance,
// recursion and might_sleep checks (see shims/kernel/bf_kernel.h).
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_MUTEX_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_MUTEX_H_
#define _TOOLS_INCLUDE_LINUX_MUTEX_H

#include "../../bf_kernel.h"

#define __MUTEX_INITIALIZER(name) {.base = {.magic = BFK_MUTEX_MAGIC, .locked = 0, .file = NULL, .line = 0}}
#define DEFINE_MUTEX(name) struct mutex name = __MUTEX_INITIALIZER(name)

#define mutex_init(m) bfk_lock_init(&(m)->base, BFK_LOCK_MUTEX)
#define mutex_lock(m) bfk_lock_acquire(&(m)->base, BFK_LOCK_MUTEX, __FILE__, __LINE__)
#define mutex_lock_nested(m, subclass) mutex_lock(m)
#define mutex_lock_interruptible(m) (mutex_lock(m), 0)
#define mutex_lock_killable(m) (mutex_lock(m), 0)
#define mutex_trylock(m) bfk_lock_try(&(m)->base, BFK_LOCK_MUTEX, __FILE__, __LINE__)
#define mutex_unlock(m) bfk_lock_release(&(m)->base, BFK_LOCK_MUTEX, __FILE__, __LINE__)
#define mutex_is_locked(m) bfk_lock_is_held(&(m)->base)
#define mutex_destroy(m)                                                                  \
  do {                                                                                    \
    if (mutex_is_locked(m)) bfk_warn(__FILE__, __LINE__, "mutex_destroy of a locked mutex"); \
  } while (0)

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_MUTEX_H_
