// bindfuzz runtime: what every generated shim and fuzz target links.
//
// Usable from C and C++. Never links the harness (the host tool).
//
//   void* obj = bf_alloc_exact(bf_c_sizeof_r0());  // ASan sees exactly C's size
//   ...
//   if (rust_off != c_off)
//     bf_violation("field-offset", "struct %s.%s rust=%zu c=%zu", rec, fld, rust_off, c_off);
//   bf_free(obj);
#ifndef BINDFUZZ_SHIMS_RUNTIME_BINDFUZZ_RUNTIME_H_
#define BINDFUZZ_SHIMS_RUNTIME_BINDFUZZ_RUNTIME_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// Prints exactly one line `BINDFUZZ-MISMATCH: <kind> <details>` to stderr and
// calls abort(). `kind` is a mismatch kind name (mismatch_kinds.def), e.g.
// "field-offset". Control characters and non-ASCII bytes in the formatted
// text (names from inputs) are written as \xNN so the tag stays one line.
__attribute__((noreturn, format(printf, 2, 3)))
void bf_violation(const char* kind, const char* fmt, ...);

// malloc of exactly `size` bytes (no rounding, no header), so ASan reports a
// one-byte overflow. `size` 0 is a valid zero-byte object. Aborts on
// out-of-memory (never returns NULL).
void* bf_alloc_exact(size_t size);
// The same, aligned to `align` (a power of two; rounded up to
// sizeof(void*)): objects with __aligned(N) types are placed as their side
// would place them, so a misaligned access is reported only when the two
// sides disagree on alignment.
void* bf_alloc_exact_aligned(size_t size, size_t align);
void bf_free(void* p);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // BINDFUZZ_SHIMS_RUNTIME_BINDFUZZ_RUNTIME_H_
