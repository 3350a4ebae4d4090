// What a Rust XArray abstraction does, as C calls, for the sequence fuzzer:
// XArray<KBox<u64>> over the kernel's lib/xarray.c.
//
// Linux 6.12 has no rust/kernel/xarray.rs; this follows the upstream one
// (merged for 6.16, rust/kernel/xarray.rs): entries are ForeignOwnable
// pointers (KBox::into_foreign) whose low two bits are clear (build_assert
// FOREIGN_ALIGN >= 4); `Guard::store` calls __xa_store under xa_lock, which
// may drop and retake the lock to allocate, and returns the old entry (Rust
// owns it again: try_from_foreign) or, on error, the entry it was given
// (StoreError::value); `Guard::remove` is __xa_erase and returns the entry
// (owned); `Guard::get` is xa_load under the lock and lends the entry until
// the guard's next `&mut` use; dropping the array walks xa_find/xa_find_after,
// drops every entry, then xa_destroy. xarray.bfspec states these assumptions.
//
//   struct bf_xarray* xa = bf_xa_new(0);                          // AllocKind::Alloc
//   struct bf_xa_entry* old = bf_xa_store(xa, 5, bf_xa_entry_new(42), 0);  // NULL
//   uint64_t v = bf_xa_entry_value(bf_xa_load(xa, 5));           // 42, borrowed
//   bf_xa_entry_free(bf_xa_erase(xa, 5));                         // owned again
//   bf_xa_free(xa);
//
// Every call returns with no lock held, no RCU reader open and no pending
// grace period work the shims could not run (a WARN otherwise).
#ifndef BINDFUZZ_FUZZERS_LIFETIME_KERNEL_XARRAY_GLUE_H_
#define BINDFUZZ_FUZZERS_LIFETIME_KERNEL_XARRAY_GLUE_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bf_xarray;    // Pin<KBox<XArray<KBox<u64>>>>
struct bf_xa_entry;  // KBox<u64>, handed to C with into_foreign

// XArray::new: kind 0 = AllocKind::Alloc (XA_FLAGS_ALLOC), any other value
// AllocKind::Alloc1 (XA_FLAGS_ALLOC1). NULL when the allocation fails.
struct bf_xarray* bf_xa_new(uint8_t kind);
// drop(XArray): xa_find/xa_find_after over XA_PRESENT, drop each entry
// (from_foreign), xa_destroy.
void bf_xa_free(struct bf_xarray* xa);

// KBox::new(value, GFP_KERNEL); NULL when the allocation fails.
struct bf_xa_entry* bf_xa_entry_new(uint64_t value);
void bf_xa_entry_free(struct bf_xa_entry* entry);
// *entry (T::borrow).
uint64_t bf_xa_entry_value(const struct bf_xa_entry* entry);

// xa.lock().store(index, entry, gfp): gfp 0 = GFP_KERNEL, 1 = GFP_NOWAIT,
// 2 = GFP_KERNEL with every allocation failing (the -ENOMEM path). Returns
// the previous entry at `index` (Rust owns it again) or NULL; on error the
// array does not take `entry` and it is returned (StoreError::value).
struct bf_xa_entry* bf_xa_store(struct bf_xarray* xa, uint64_t index, struct bf_xa_entry* entry, uint8_t gfp);
// xa.lock().remove(index): __xa_erase; the entry (owned) or NULL.
struct bf_xa_entry* bf_xa_erase(struct bf_xarray* xa, uint64_t index);
// xa.lock().get(index): xa_load under the lock; the entry (borrowed) or NULL.
struct bf_xa_entry* bf_xa_load(struct bf_xarray* xa, uint64_t index);
// The walk XArray's Drop makes (xa_find/xa_find_after), reading every
// entry without dropping it; returns the count. WARNs on an entry whose low
// two bits are set (not a pointer Rust stored).
uint64_t bf_xa_iter(struct bf_xarray* xa);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // BINDFUZZ_FUZZERS_LIFETIME_KERNEL_XARRAY_GLUE_H_
