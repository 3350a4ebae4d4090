// bindfuzz kernel shim: raw_spinlock_t and spinlock_t, single-threaded, with
// balance, recursion and atomic-context checks (see shims/kernel/bf_kernel.h).
// Replaces tools/include/linux/spinlock.h (pthread mutexes) and the
// local_irq_* / local_bh_* primitives.
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_SPINLOCK_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_SPINLOCK_H_
#define __LINUX_SPINLOCK_H_

#include "../../bf_kernel.h"
#include "preempt.h"

#define __RAW_SPIN_LOCK_INITIALIZER(name) \
  {.raw_lock = {.magic = BFK_SPINLOCK_MAGIC, .locked = 0, .file = NULL, .line = 0}}
#define __RAW_SPIN_LOCK_UNLOCKED(name) ((raw_spinlock_t)__RAW_SPIN_LOCK_INITIALIZER(name))
#define __SPIN_LOCK_INITIALIZER(name) {.rlock = __RAW_SPIN_LOCK_INITIALIZER(name)}
#define __SPIN_LOCK_UNLOCKED(name) ((spinlock_t)__SPIN_LOCK_INITIALIZER(name))
#define DEFINE_RAW_SPINLOCK(name) raw_spinlock_t name = __RAW_SPIN_LOCK_INITIALIZER(name)
#define DEFINE_SPINLOCK(name) spinlock_t name = __SPIN_LOCK_INITIALIZER(name)

#define local_irq_save(flags) ((flags) = bfk_irq_save())
#define local_irq_restore(flags) bfk_irq_restore((flags), __FILE__, __LINE__)
#define local_irq_disable() bfk_irq_disable()
#define local_irq_enable() bfk_irq_enable(__FILE__, __LINE__)
#define irqs_disabled() bfk_irqs_disabled()
#define local_bh_disable() bfk_preempt_disable()
#define local_bh_enable() bfk_preempt_enable(__FILE__, __LINE__)

#define raw_spin_lock_init(l) bfk_lock_init(&(l)->raw_lock, BFK_LOCK_SPIN)
#define raw_spin_lock(l) bfk_lock_acquire(&(l)->raw_lock, BFK_LOCK_SPIN, __FILE__, __LINE__)
#define raw_spin_trylock(l) bfk_lock_try(&(l)->raw_lock, BFK_LOCK_SPIN, __FILE__, __LINE__)
#define raw_spin_unlock(l) bfk_lock_release(&(l)->raw_lock, BFK_LOCK_SPIN, __FILE__, __LINE__)
#define raw_spin_is_locked(l) bfk_lock_is_held(&(l)->raw_lock)
#define raw_spin_lock_nested(l, subclass) raw_spin_lock(l)
#define raw_spin_lock_irq(l) do { bfk_irq_disable(); raw_spin_lock(l); } while (0)
#define raw_spin_unlock_irq(l) do { raw_spin_unlock(l); bfk_irq_enable(__FILE__, __LINE__); } while (0)
#define raw_spin_lock_bh(l) do { bfk_preempt_disable(); raw_spin_lock(l); } while (0)
#define raw_spin_unlock_bh(l) do { raw_spin_unlock(l); bfk_preempt_enable(__FILE__, __LINE__); } while (0)
#define raw_spin_lock_irqsave(l, flags) do { (flags) = bfk_irq_save(); raw_spin_lock(l); } while (0)
#define raw_spin_unlock_irqrestore(l, flags) \
  do { raw_spin_unlock(l); bfk_irq_restore((flags), __FILE__, __LINE__); } while (0)

#define spin_lock_init(l) raw_spin_lock_init(&(l)->rlock)
#define spin_lock(l) raw_spin_lock(&(l)->rlock)
#define spin_trylock(l) raw_spin_trylock(&(l)->rlock)
#define spin_unlock(l) raw_spin_unlock(&(l)->rlock)
#define spin_is_locked(l) raw_spin_is_locked(&(l)->rlock)
#define spin_lock_nested(l, subclass) spin_lock(l)
#define spin_lock_irq(l) raw_spin_lock_irq(&(l)->rlock)
#define spin_unlock_irq(l) raw_spin_unlock_irq(&(l)->rlock)
#define spin_lock_irq_nested(l, subclass) spin_lock_irq(l)
#define spin_lock_bh(l) raw_spin_lock_bh(&(l)->rlock)
#define spin_unlock_bh(l) raw_spin_unlock_bh(&(l)->rlock)
#define spin_lock_bh_nested(l, subclass) spin_lock_bh(l)
#define spin_lock_irqsave(l, flags) raw_spin_lock_irqsave(&(l)->rlock, flags)
#define spin_lock_irqsave_nested(l, flags, subclass) spin_lock_irqsave(l, flags)
#define spin_unlock_irqrestore(l, flags) raw_spin_unlock_irqrestore(&(l)->rlock, flags)
#define assert_spin_locked(l)                                                          \
  do {                                                                                 \
    if (!spin_is_locked(l)) bfk_bug(__FILE__, __LINE__, "assert_spin_locked(%s)", #l); \
  } while (0)

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_SPINLOCK_H_
