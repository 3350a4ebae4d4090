// bindfuzz kernel shim: struct kref over the shim refcount_t
// (include/linux/kref.h semantics; see shims/kernel/bf_kernel.h).
#ifndef BINDFUZZ_SHIMS_KERNEL_LINUX_KREF_H_
#define BINDFUZZ_SHIMS_KERNEL_LINUX_KREF_H_

#include "refcount.h"

#define KREF_INIT(n) {.refcount = REFCOUNT_INIT(n)}

static inline void kref_init(struct kref* kref) { refcount_set(&kref->refcount, 1); }
static inline unsigned int kref_read(const struct kref* kref) { return refcount_read(&kref->refcount); }

#define kref_get(kref) refcount_inc(&(kref)->refcount)
#define kref_get_unless_zero(kref) refcount_inc_not_zero(&(kref)->refcount)
#define kref_put(kref, release) bfk_kref_put((kref), (release), __FILE__, __LINE__)
#define kref_put_mutex(kref, release, lock) bfk_kref_put_mutex((kref), (release), (lock), __FILE__, __LINE__)
#define kref_put_lock(kref, release, lock) bfk_kref_put_lock((kref), (release), (lock), __FILE__, __LINE__)

// Returns 1 when this put dropped the last reference and ran `release`.
static inline int bfk_kref_put(struct kref* kref, void (*release)(struct kref* kref), const char* file,
                               int line) {
  if (bfk_refcount_sub_and_test(&kref->refcount, 1, file, line)) {
    release(kref);
    return 1;
  }
  return 0;
}

// `release` runs with `lock` held and must drop it.
static inline int bfk_kref_put_mutex(struct kref* kref, void (*release)(struct kref* kref),
                                     struct mutex* lock, const char* file, int line) {
  if (bfk_refcount_dec_and_mutex_lock(&kref->refcount, lock, file, line)) {
    release(kref);
    return 1;
  }
  return 0;
}

static inline int bfk_kref_put_lock(struct kref* kref, void (*release)(struct kref* kref), spinlock_t* lock,
                                    const char* file, int line) {
  if (bfk_refcount_dec_and_lock(&kref->refcount, lock, file, line)) {
    release(kref);
    return 1;
  }
  return 0;
}

#endif  // BINDFUZZ_SHIMS_KERNEL_LINUX_KREF_H_
