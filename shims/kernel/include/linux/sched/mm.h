// bindfuzz kernel shim: might_alloc() (a blocking GFP mask may sleep).
// Replaces tools/include/linux/sched/mm.h, where it is a no-op.
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_SCHED_MM_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_SCHED_MM_H_
#define _TOOLS_PERF_LINUX_SCHED_MM_H

#include <linux/gfp.h>

#include "../../../bf_kernel.h"

#define might_alloc(gfp)                                                  \
  do {                                                                    \
    if ((unsigned int)(gfp) & (unsigned int)__GFP_DIRECT_RECLAIM)         \
      bfk_might_sleep(__FILE__, __LINE__);                                \
  } while (0)

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_SCHED_MM_H_
