// bindfuzz kernel shim: RCU readers, grace periods and deferred frees
// (see shims/kernel/bf_kernel.h). Replaces tools/testing/shared/linux/rcupdate.h
// (liburcu): an object queued with call_rcu()/kfree_rcu() is freed at the
// end of the next grace period, after which a stale reader is an ASan
// use-after-free; rcu_dereference() outside a reader is a WARN, as lockdep's
// "suspicious rcu_dereference_check() usage".
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_RCUPDATE_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_RCUPDATE_H_
#define _RCUPDATE_H
#define _LINUX_RCUPDATE_H

#include "../../bf_kernel.h"
#include "preempt.h"

#define rcu_read_lock() bfk_rcu_read_lock()
#define rcu_read_unlock() bfk_rcu_read_unlock(__FILE__, __LINE__)
#define rcu_read_lock_bh() do { bfk_preempt_disable(); bfk_rcu_read_lock(); } while (0)
#define rcu_read_unlock_bh()                  \
  do {                                        \
    bfk_rcu_read_unlock(__FILE__, __LINE__);  \
    bfk_preempt_enable(__FILE__, __LINE__);   \
  } while (0)
#define rcu_read_lock_sched() rcu_read_lock_bh()
#define rcu_read_unlock_sched() rcu_read_unlock_bh()
#define rcu_read_lock_held() bfk_rcu_read_lock_held()
#define rcu_read_lock_bh_held() bfk_rcu_read_lock_held()
#define rcu_read_lock_sched_held() bfk_in_atomic()
#define rcu_read_lock_any_held() bfk_in_atomic()

#define call_rcu(head, func) bfk_call_rcu((head), (func), __FILE__, __LINE__)
#undef synchronize_rcu  // tools/include/linux/kernel.h: empty
#define synchronize_rcu() bfk_synchronize_rcu(__FILE__, __LINE__)
#define synchronize_rcu_expedited() bfk_synchronize_rcu(__FILE__, __LINE__)
#define rcu_barrier() bfk_rcu_barrier()

#define kfree_rcu(ptr, rhf)                                                      \
  do {                                                                           \
    __typeof__(ptr) ___p = (ptr);                                                \
    if (___p) bfk_kvfree_call_rcu(&((___p)->rhf), (void*)(___p), __FILE__, __LINE__); \
  } while (0)
#define kvfree_rcu(ptr, rhf) kfree_rcu(ptr, rhf)
#define kfree_rcu_mightsleep(ptr) bfk_kvfree_call_rcu(NULL, (void*)(ptr), __FILE__, __LINE__)
#define kvfree_rcu_mightsleep(ptr) kfree_rcu_mightsleep(ptr)

#define __bfk_rcu_load(p) (*(const volatile __typeof__(p)*)&(p))
#define rcu_dereference_check(p, c)                                                     \
  ({                                                                                    \
    if (!((c) || bfk_rcu_read_lock_held()))                                             \
      bfk_rcu_lockdep_warn("rcu_dereference_check()", __FILE__, __LINE__);              \
    __bfk_rcu_load(p);                                                                  \
  })
#define rcu_dereference(p) rcu_dereference_check(p, 0)
#define rcu_dereference_bh(p) rcu_dereference_check(p, 0)
#define rcu_dereference_sched(p) rcu_dereference_check(p, bfk_in_atomic())
#define rcu_dereference_protected(p, c)                                                 \
  ({                                                                                    \
    if (!(c)) bfk_rcu_lockdep_warn("rcu_dereference_protected()", __FILE__, __LINE__);  \
    __bfk_rcu_load(p);                                                                  \
  })
#define rcu_dereference_raw(p) __bfk_rcu_load(p)
#define rcu_access_pointer(p) __bfk_rcu_load(p)
#define rcu_assign_pointer(p, v)                                          \
  do {                                                                    \
    __typeof__(p) __bfk_v = (__typeof__(p))(v);                           \
    __atomic_store_n(&(p), __bfk_v, __ATOMIC_RELEASE);                    \
  } while (0)
#define RCU_INIT_POINTER(p, v) do { (p) = (v); } while (0)
#define RCU_INITIALIZER(v) (v)

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_RCUPDATE_H_
