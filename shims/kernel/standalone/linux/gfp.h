// bindfuzz kernel shim, standalone mode: the GFP names the shim headers use,
// for code built without the kernel's tools/include (the shim tests). The
// values are arbitrary: linux/slab.h decodes them in the caller's
// translation unit. Never on the include path together with tools/include.
#ifndef BINDFUZZ_SHIMS_KERNEL_STANDALONE_LINUX_GFP_H_
#define BINDFUZZ_SHIMS_KERNEL_STANDALONE_LINUX_GFP_H_

#include <stdbool.h>

typedef unsigned int gfp_t;

#define __GFP_HIGH 0x20u
#define __GFP_IO 0x40u
#define __GFP_FS 0x80u
#define __GFP_ZERO 0x100u
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define __GFP_NOWARN 0x2000u
#define __GFP_NOFAIL 0x8000u
#define __GFP_ACCOUNT 0x400000u
#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO (__GFP_RECLAIM)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)

static inline bool gfpflags_allow_blocking(const gfp_t gfp_flags) {
  return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

#endif  // BINDFUZZ_SHIMS_KERNEL_STANDALONE_LINUX_GFP_H_
