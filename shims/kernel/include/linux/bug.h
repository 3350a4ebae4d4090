// bindfuzz kernel shim: WARN/BUG (see shims/kernel/bf_kernel.h).
//
// A WARN or BUG prints one line `BINDFUZZ-KERNEL: WARN|BUG <file>:<line> ...`
// and aborts, so the fuzzer sees a crash. WARN_ON(x) still evaluates to x.
// Replaces tools/include/linux/bug.h, tools/include/asm/bug.h and
// tools/testing/shared/linux/bug.h (their include guards are claimed here).
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_BUG_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_BUG_H_
#define _TOOLS_PERF_LINUX_BUG_H
#define _TOOLS_ASM_BUG_H

#include <stdio.h>

#include "../../bf_kernel.h"

#if __has_include(<linux/build_bug.h>)
#include <linux/build_bug.h>
#endif

#define __bfk_unlikely(x) __builtin_expect(!!(x), 0)

// tools/include/linux/kernel.h defines BUG_ON/BUG as assert() unless they
// exist: replace whatever came first.
#undef BUG
#undef BUG_ON
#undef WARN
#undef WARN_ON
#undef WARN_ONCE
#undef WARN_ON_ONCE
#undef __WARN_printf

#define BUG() bfk_bug(__FILE__, __LINE__, "BUG()")
#define BUG_ON(condition)                                                  \
  do {                                                                     \
    if (__bfk_unlikely(condition))                                         \
      bfk_bug(__FILE__, __LINE__, "BUG_ON(%s)", #condition);               \
  } while (0)

#define WARN_ON(condition)                                                 \
  ({                                                                       \
    int __ret_warn_on = !!(condition);                                     \
    if (__bfk_unlikely(__ret_warn_on))                                     \
      bfk_warn(__FILE__, __LINE__, "WARN_ON(%s)", #condition);             \
    __bfk_unlikely(__ret_warn_on);                                         \
  })

#define WARN(condition, ...)                                               \
  ({                                                                       \
    int __ret_warn_on = !!(condition);                                     \
    if (__bfk_unlikely(__ret_warn_on)) bfk_warn(__FILE__, __LINE__, __VA_ARGS__); \
    __bfk_unlikely(__ret_warn_on);                                         \
  })

// Once per call site per bfk_reset() epoch.
#define WARN_ON_ONCE(condition)                                            \
  ({                                                                       \
    static unsigned long __bfk_warned_epoch;                               \
    int __ret_warn_once = !!(condition);                                   \
    if (__bfk_unlikely(__ret_warn_once) && __bfk_warned_epoch != bfk_once_epoch()) { \
      __bfk_warned_epoch = bfk_once_epoch();                               \
      bfk_warn(__FILE__, __LINE__, "WARN_ON_ONCE(%s)", #condition);        \
    }                                                                      \
    __bfk_unlikely(__ret_warn_once);                                       \
  })

#define WARN_ONCE(condition, ...)                                          \
  ({                                                                       \
    static unsigned long __bfk_warned_epoch;                               \
    int __ret_warn_once = !!(condition);                                   \
    if (__bfk_unlikely(__ret_warn_once) && __bfk_warned_epoch != bfk_once_epoch()) { \
      __bfk_warned_epoch = bfk_once_epoch();                               \
      bfk_warn(__FILE__, __LINE__, __VA_ARGS__);                           \
    }                                                                      \
    __bfk_unlikely(__ret_warn_once);                                       \
  })

#define __WARN_printf(...) bfk_warn(__FILE__, __LINE__, __VA_ARGS__)
#define WARN_ON_SMP(x) WARN_ON(x)
#define VM_BUG_ON(x) BUG_ON(x)
#define VM_WARN_ON(x) WARN_ON(x)
#define VM_WARN_ON_ONCE(x) WARN_ON_ONCE(x)

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_BUG_H_
