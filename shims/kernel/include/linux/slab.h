// bindfuzz kernel shim: the slab and vmalloc allocators, one exact-size heap
// object per allocation so ASan sees what KASAN would (see
// shims/kernel/bf_kernel.h). Replaces tools/include/linux/slab.h and the
// allocators of tools/testing/shared/linux.c (which recycle freed objects
// and so hide use-after-free).
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_SLAB_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_SLAB_H_
#define _TOOLS_SLAB_H

#include <linux/gfp.h>

#include "../../bf_kernel.h"

// The GFP bits the shims act on, decoded here, in the caller's translation
// unit, so the shim library does not depend on the kernel's bit values.
static inline unsigned int bfk_gfp(gfp_t gfp) {
  unsigned int g = (unsigned int)gfp;
  unsigned int f = 0;
  if (g & (unsigned int)__GFP_ZERO) f |= BFK_GFP_ZERO;
  if (g & (unsigned int)__GFP_DIRECT_RECLAIM) f |= BFK_GFP_SLEEP;
  if (g & (unsigned int)__GFP_NOFAIL) f |= BFK_GFP_NOFAIL;
  if (g & (unsigned int)__GFP_NOWARN) f |= BFK_GFP_NOWARN;
  return f;
}

struct list_lru;

#define ZERO_SIZE_PTR BFK_ZERO_SIZE_PTR
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)
#define KMALLOC_MAX_SIZE BFK_KMALLOC_MAX_SIZE
#define ARCH_KMALLOC_MINALIGN 8

#define SLAB_HWCACHE_ALIGN 0x00002000ul
#define SLAB_PANIC 0x00040000ul
#define SLAB_TYPESAFE_BY_RCU BFK_SLAB_TYPESAFE_BY_RCU
#define SLAB_RECLAIM_ACCOUNT 0x00020000ul
#define SLAB_ACCOUNT 0x04000000ul
#define SLAB_NO_MERGE 0x01000000ul

#define kmalloc(size, flags) bfk_kmalloc((size), bfk_gfp(flags), __FILE__, __LINE__)
#define kzalloc(size, flags) bfk_kmalloc((size), bfk_gfp(flags) | BFK_GFP_ZERO, __FILE__, __LINE__)
#define kmalloc_node(size, flags, node) kmalloc(size, flags)
#define kzalloc_node(size, flags, node) kzalloc(size, flags)
#define kmalloc_array(n, size, flags) bfk_kmalloc_array((n), (size), bfk_gfp(flags), __FILE__, __LINE__)
#define kcalloc(n, size, flags) \
  bfk_kmalloc_array((n), (size), bfk_gfp(flags) | BFK_GFP_ZERO, __FILE__, __LINE__)
#define krealloc(p, new_size, flags) bfk_krealloc((p), (new_size), bfk_gfp(flags), __FILE__, __LINE__)
#define kfree(p) bfk_kfree((p), __FILE__, __LINE__)
#define kfree_sensitive(p) bfk_kfree_sensitive((p), __FILE__, __LINE__)
#define ksize(p) bfk_ksize((p), __FILE__, __LINE__)
#define kmemdup(src, len, flags) bfk_kmemdup((src), (len), bfk_gfp(flags), __FILE__, __LINE__)
#define kstrdup(s, flags) bfk_kstrdup((s), bfk_gfp(flags), __FILE__, __LINE__)

#define vmalloc(size) bfk_vmalloc((size), BFK_GFP_SLEEP, __FILE__, __LINE__)
#define vzalloc(size) bfk_vmalloc((size), BFK_GFP_SLEEP | BFK_GFP_ZERO, __FILE__, __LINE__)
#define vfree(p) bfk_vfree((p), __FILE__, __LINE__)
#define kvmalloc(size, flags) bfk_kvmalloc((size), bfk_gfp(flags), __FILE__, __LINE__)
#define kvzalloc(size, flags) bfk_kvmalloc((size), bfk_gfp(flags) | BFK_GFP_ZERO, __FILE__, __LINE__)
#define kvmalloc_array(n, size, flags)                                                     \
  ({                                                                                       \
    size_t __bfk_bytes;                                                                    \
    __builtin_mul_overflow((size_t)(n), (size_t)(size), &__bfk_bytes)                      \
        ? NULL                                                                             \
        : bfk_kvmalloc(__bfk_bytes, bfk_gfp(flags), __FILE__, __LINE__);                   \
  })
#define kvcalloc(n, size, flags) kvmalloc_array(n, size, (flags) | __GFP_ZERO)
#define kvfree(p) bfk_kvfree((p), __FILE__, __LINE__)

#define kmem_cache_create(name, size, align, flags, ctor) \
  bfk_kmem_cache_create((name), (size), (align), (unsigned long)(flags), (ctor), __FILE__, __LINE__)
#define KMEM_CACHE(s, flags) \
  kmem_cache_create(#s, sizeof(struct s), __alignof__(struct s), (flags), NULL)
#define kmem_cache_alloc(c, flags) bfk_kmem_cache_alloc((c), bfk_gfp(flags), __FILE__, __LINE__)
#define kmem_cache_zalloc(c, flags) \
  bfk_kmem_cache_alloc((c), bfk_gfp(flags) | BFK_GFP_ZERO, __FILE__, __LINE__)
#define kmem_cache_alloc_lru(c, lru, flags) kmem_cache_alloc(c, flags)
#define kmem_cache_alloc_node(c, flags, node) kmem_cache_alloc(c, flags)
#define kmem_cache_free(c, p) bfk_kmem_cache_free((c), (p), __FILE__, __LINE__)
#define kmem_cache_destroy(c) bfk_kmem_cache_destroy((c), __FILE__, __LINE__)

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_SLAB_H_
