// bindfuzz kernel shim: the next linux/kernel.h on the include path
// (tools/testing/shared's or tools/include's), with its BUG() (assert) and
// empty synchronize_rcu() replaced by the shims'.
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_KERNEL_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_KERNEL_H_

#include "bug.h"  // first, so tools' `#ifndef BUG_ON` keeps the shim's BUG_ON

#if __has_include_next(<linux/kernel.h>)
#undef BUG  // tools' kernel.h defines it unconditionally
#include_next <linux/kernel.h>
#endif

#undef BUG
#define BUG() bfk_bug(__FILE__, __LINE__, "BUG()")
#undef synchronize_rcu
#define synchronize_rcu() bfk_synchronize_rcu(__FILE__, __LINE__)

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_KERNEL_H_
