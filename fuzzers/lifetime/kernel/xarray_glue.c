// A Rust XArray abstraction as C calls: see xarray_glue.h. Built with the
// kernel shims (shims/kernel) over lib/xarray.c.
#include "xarray_glue.h"

#include <linux/bug.h>
#include <linux/slab.h>
#include <linux/xarray.h>

void bfk_radix_tree_boot(void);  // shims/kernel/xarray_support.c

struct bf_xarray {
  struct xarray xa;
};

// KBox<u64>.
struct bf_xa_entry {
  uint64_t value;
};

// Rust's Kmalloc allocator (rust/kernel/alloc/allocator.rs): KBox::new is
// krealloc(NULL, size, flags), drop is krealloc(ptr, 0, 0).
static void* bf_kbox_alloc(size_t size) { return krealloc(NULL, size, GFP_KERNEL); }
static void bf_kbox_free(void* p) { (void)krealloc(p, 0, 0); }

// Every call is a whole Rust-level operation: nothing may stay held.
#define BF_XA_RETURN(v)                     \
  do {                                      \
    bfk_check_balanced(__FILE__, __LINE__); \
    return v;                               \
  } while (0)

struct bf_xarray* bf_xa_new(uint8_t kind) {
  bfk_radix_tree_boot();
  struct bf_xarray* x = bf_kbox_alloc(sizeof *x);
  if (x == NULL) return NULL;
  xa_init_flags(&x->xa, kind == 0 ? XA_FLAGS_ALLOC : XA_FLAGS_ALLOC1);
  BF_XA_RETURN(x);
}

void bf_xa_free(struct bf_xarray* x) {
  unsigned long index = 0;
  void* entry = xa_find(&x->xa, &index, ULONG_MAX, XA_PRESENT);
  while (entry != NULL) {
    bf_kbox_free(entry);  // drop(T::from_foreign(ptr))
    entry = xa_find_after(&x->xa, &index, ULONG_MAX, XA_PRESENT);
  }
  xa_destroy(&x->xa);
  bf_kbox_free(x);
  bfk_check_balanced(__FILE__, __LINE__);
}

struct bf_xa_entry* bf_xa_entry_new(uint64_t value) {
  struct bf_xa_entry* e = bf_kbox_alloc(sizeof *e);
  if (e != NULL) e->value = value;
  return e;
}

void bf_xa_entry_free(struct bf_xa_entry* entry) { bf_kbox_free(entry); }

uint64_t bf_xa_entry_value(const struct bf_xa_entry* entry) { return entry->value; }

struct bf_xa_entry* bf_xa_store(struct bf_xarray* x, uint64_t index, struct bf_xa_entry* entry, uint8_t gfp) {
  gfp_t flags = GFP_KERNEL;
  if (gfp == 1) flags = GFP_NOWAIT;
  if (gfp == 2) bfk_fail_all_allocs(true);
  xa_lock(&x->xa);  // XArray::lock -> Guard
  void* old = __xa_store(&x->xa, (unsigned long)index, entry, flags);
  xa_unlock(&x->xa);  // drop(Guard)
  bfk_fail_all_allocs(false);
  if (xa_err(old) != 0) BF_XA_RETURN(entry);  // StoreError { value: T::from_foreign(new) }
  BF_XA_RETURN((struct bf_xa_entry*)old);     // T::try_from_foreign(old)
}

struct bf_xa_entry* bf_xa_erase(struct bf_xarray* x, uint64_t index) {
  xa_lock(&x->xa);
  void* old = __xa_erase(&x->xa, (unsigned long)index);
  xa_unlock(&x->xa);
  BF_XA_RETURN((struct bf_xa_entry*)old);
}

struct bf_xa_entry* bf_xa_load(struct bf_xarray* x, uint64_t index) {
  xa_lock(&x->xa);
  void* p = xa_load(&x->xa, (unsigned long)index);
  xa_unlock(&x->xa);
  BF_XA_RETURN((struct bf_xa_entry*)p);
}

uint64_t bf_xa_iter(struct bf_xarray* x) {
  uint64_t n = 0;
  unsigned long index = 0;
  void* entry = xa_find(&x->xa, &index, ULONG_MAX, XA_PRESENT);
  while (entry != NULL) {
    WARN(((uintptr_t)entry & 3) != 0, "xarray index %lu: entry %p has low bits set", index, entry);
    (void)bf_xa_entry_value(entry);
    n++;
    entry = xa_find_after(&x->xa, &index, ULONG_MAX, XA_PRESENT);
  }
  BF_XA_RETURN(n);
}
