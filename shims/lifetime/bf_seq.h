// bindfuzz sequence engine: runs the call sequences an ownership spec allows
// safe Rust code to make, against the real C implementation, and names the
// spec line whose assumption a crash exercises.
//
// C, compiled instrumented into fuzz targets; never links the harness. The
// tables below are generated per spec by harness/codegen/lifetime_codegen
// (`bindfuzz gen --spec`): one bf_seq_fn per spec function with a typed call
// thunk, one bf_seq_resource per resource.
//
//   static const bf_seq_spec kSpec = {...};   // generated
//   int LLVMFuzzerTestOneInput(const uint8_t* d, size_t n) {
//     return bf_seq_run(&kSpec, d, n);
//   }
//
// Input: a sequence of operations, each one selector byte (mod 3 + number of
// functions: 0 = Rust drops an owned handle through release/put, 1 = Rust
// takes one more reference through get, 2 = Rust allocates a foreign object,
// 3+i = call spec function i) followed
// by its arguments: one byte picks a handle among those the parameter may
// take (a `nullable` one first reads a byte whose low bit passes NULL), scalars take 1, 2 or 8 bytes (by range) or their width, buffers one
// length byte (none when of fixed length) and their contents. A missing byte reads as 0; an operation
// whose parameters cannot be satisfied is skipped, so every input is valid.
//
// Reports: what the engine checks itself (ERR_PTR or NULL where the spec
// excludes it, misalignment, bytes behind an open borrow that changed, a
// missing NUL, an implausible length) print one line
//   BINDFUZZ-LIFETIME: <class> <fn> spec <file>:<line> op <k> ... ; h<N> ...
// and abort(). Sanitizer reports (use-after-free, double free, overflow,
// leak, wild dereference, UB) are followed by the same kind of line, with
// the sanitizer's class, printed from __sanitizer_report_error_summary (and
// from a death callback when no libFuzzer owns it): the call being made, its
// spec line, and every handle involved (the arguments and the handle or
// buffer at the faulting address) with its provenance, each event naming
// the spec line of the assumption it followed. Leaks: libFuzzer checks each
// input with LSan; without libFuzzer the engine counts allocations itself
// and asks LSan. After each input the references Rust took and gave back
// must balance (an engine defect otherwise: BINDFUZZ-ERROR). Design notes:
// docs/lifetime-fuzzing.md.
#ifndef BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_H_
#define BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Caps the generator enforces (and the engine clamps to).
enum {
  BF_SEQ_MAX_OPS = 1024,
  BF_SEQ_MAX_HANDLES = 256,
  BF_SEQ_MAX_PARAMS = 16,
  BF_SEQ_SYNTHETIC_OPS = 3,  // drop, get, new foreign object
  BF_SEQ_MAX_FIXED_BYTES = 4096,  // a fixed-length buffer (`buf_out len N`)
};

// One argument or result, as the thunk passes it to the C function.
typedef union bf_seq_value {
  int64_t i;
  uint64_t u;
  void* p;
} bf_seq_value;

typedef struct bf_seq_result {
  bf_seq_value ret;  // scalar result (sign- or zero-extended) or pointer
  int64_t len;       // filled by the length thunk (bf_seq_fn.len_call)
} bf_seq_result;

typedef void (*bf_seq_thunk)(const bf_seq_value* args, bf_seq_result* out);
typedef void (*bf_seq_ptr_fn)(void* p);

// A spec line. `file` is the .bfspec path the spec was parsed from.
typedef struct bf_seq_loc {
  const char* file;
  unsigned line;
} bf_seq_loc;

typedef enum bf_seq_scalar {
  BF_SEQ_I8, BF_SEQ_I16, BF_SEQ_I32, BF_SEQ_I64,
  BF_SEQ_U8, BF_SEQ_U16, BF_SEQ_U32, BF_SEQ_U64, BF_SEQ_BOOL
} bf_seq_scalar;

typedef enum bf_seq_pmode {
  BF_SEQ_P_SCALAR, BF_SEQ_P_BORROWED, BF_SEQ_P_CONSUMED, BF_SEQ_P_RETAINED,
  BF_SEQ_P_BUF_IN, BF_SEQ_P_BUF_OUT, BF_SEQ_P_STR, BF_SEQ_P_LEN,
  // `R **out`: the engine passes a zeroed slot; what C stores there becomes
  // an owned handle, or a borrow of the parameter `parent`.
  BF_SEQ_P_OUT_OWNED, BF_SEQ_P_OUT_BORROWED,
  // A callback or its user data: the engine passes nothing, the generated
  // thunk passes the callback it provides (bf_seq_callback.h).
  BF_SEQ_P_CALLBACK
} bf_seq_pmode;

typedef enum bf_seq_rkind {
  BF_SEQ_R_VOID, BF_SEQ_R_SCALAR, BF_SEQ_R_OWNED, BF_SEQ_R_BORROWED, BF_SEQ_R_STR, BF_SEQ_R_BUF
} bf_seq_rkind;

typedef enum bf_seq_null {
  BF_SEQ_NONNULL, BF_SEQ_NULLABLE, BF_SEQ_ERRPTR, BF_SEQ_ERRPTR_OR_NULL
} bf_seq_null;

typedef struct bf_seq_param {
  const char* name;
  bf_seq_pmode mode;
  bf_seq_scalar scalar;    // SCALAR / LEN
  int resource;            // BORROWED / CONSUMED / RETAINED: index in resources
  const int* until;        // RETAINED: callee ids that end C's hold
  int n_until;
  int len_param;           // BUF_IN / BUF_OUT / STR: index of its LEN param, -1 none
  int len_of;              // LEN: index of the buffer it measures
  unsigned elem_size;      // LEN: bytes per unit (1 = bytes)
  int has_range;           // SCALAR: draw from [lo, hi]
  int64_t lo, hi;
  bf_seq_loc loc;
  // A pointer parameter Rust may pass as NULL (None): one more input byte
  // per call, odd = NULL.
  int nullable;
  int parent;              // OUT_BORROWED: index of the parameter it borrows from
  // Spec idioms (shims/lifetime/bf_seq_len.c). LEN `inout`: C gets a pointer
  // to the length (`size_t *n`), the capacity in, the units written out;
  // has_retry: a return of retry_on means "too small, *n units needed"
  // (Rust grows the buffer and calls again).
  int inout;
  int has_retry;
  int64_t retry_on;
  // BUF_IN / BUF_OUT: a fixed-size array (`[u8; N]`) of this many units of
  // elem_size bytes, no LEN; 0 = sized by its LEN.
  unsigned fixed_units;
  // SCALAR: returns (in bf_seq_result.len) the bound Rust checks the value
  // against first, called with the same arguments; values lie below it, or
  // up to it when range_inclusive.
  bf_seq_thunk range_call;
  int range_inclusive;
} bf_seq_param;

typedef struct bf_seq_fn {
  const char* name;
  int callee;              // id in bf_seq_spec.callees
  bf_seq_loc loc;
  const bf_seq_param* params;
  int n_params;
  bf_seq_rkind ret_kind;
  bf_seq_scalar ret_scalar;
  int ret_resource;        // OWNED / BORROWED
  bf_seq_null nullability;
  int window_parent;       // BORROWED / STR / BUF: param index, -1 = global
  const int* closed_by;    // callee ids that close the window
  int n_closed_by;
  unsigned len_elem_size;  // STR / BUF with len_call: bytes per unit
  int nul;                 // STR: Rust reads a NUL after the length
  bf_seq_loc ret_loc;
  bf_seq_thunk call;
  bf_seq_thunk len_call;   // STR / BUF: the length function, same arguments
  // SCALAR `written(buf)`: 1 + the BUF_OUT parameter whose written units the
  // result counts (Rust's `set_len(n)` when n >= 0); 0 = a plain scalar.
  int written;
} bf_seq_fn;

typedef struct bf_seq_resource {
  const char* name;
  bf_seq_loc loc;
  bf_seq_ptr_fn release;   // at most one of release / put
  bf_seq_ptr_fn get;
  bf_seq_ptr_fn put;
  int release_callee, get_callee, put_callee;  // -1 when absent
  uint64_t align;          // 0 = none assumed
  // A Rust object lent to C (ForeignOwnable): Rust allocates it (operation
  // 2, `foreign_size` bytes at `align`) and frees it when it drops it.
  int foreign;
  size_t foreign_size;
  // The reference count is Rust's own: an owned handle needs no C call.
  int rust_refcount;
} bf_seq_resource;

typedef struct bf_seq_spec {
  const char* file;
  const bf_seq_fn* fns;
  int n_fns;
  const bf_seq_resource* resources;
  int n_resources;
  const char* const* callees;  // every C function called: fns first, then
  int n_callees;               // release / get / put names not among them
  int max_ops;
  int max_handles;
  // The spec's `reset NAME;`: a C function of the library called before
  // each input (bf_seq_state.h), NULL for none.
  void (*reset)(void);
  const char* reset_name;
} bf_seq_spec;

// Runs one input. Always returns 0 (reports abort).
int bf_seq_run(const bf_seq_spec* spec, const uint8_t* data, size_t size);

// A preemption point: another thread could run here (a lock was just
// released). Inside a call of an operation, the next input byte is the
// schedule: >= 0x80 runs one more decoded operation of the input right here
// (the interrupted call's handles may be borrowed, not dropped or moved),
// before the call goes on. Outside a call, or nested, it does nothing.
// BINDFUZZ_PREEMPT=0 turns it off. The kernel shims call it at every lock
// release that leaves no lock held; user-space C calls it through
// bf_preempt.h.
void bf_preempt_point(void);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_H_
