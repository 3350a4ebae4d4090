// bindfuzz kernel shim: preemption state and might_sleep()
// (see shims/kernel/bf_kernel.h). Replaces tools/testing/shared/linux/preempt.h.
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_PREEMPT_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_PREEMPT_H_
#define __LINUX_PREEMPT_H

#include "../../bf_kernel.h"

#define preempt_disable() bfk_preempt_disable()
#define preempt_enable() bfk_preempt_enable(__FILE__, __LINE__)
#define preempt_enable_no_resched() preempt_enable()
#define preempt_count() bfk_preempt_count()
#define preemptible() (!bfk_in_atomic())
#define in_atomic() bfk_in_atomic()
#define in_interrupt() 0
#define in_irq() 0
#define in_softirq() 0
#define in_task() 1
#define might_sleep() bfk_might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond) do { if (cond) might_sleep(); } while (0)
#define cond_resched() (bfk_might_sleep(__FILE__, __LINE__), 0)

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_PREEMPT_H_
