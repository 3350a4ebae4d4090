// What the sequence engine's two translation units share: bf_seq.c (the
// engine) and bf_seq_len.c (the spec idioms of lengths and ranges). Not part
// of the engine's interface (bf_seq.h); nothing else includes it.
//
// The helpers here are static inline (each file has its own copy); the
// functions declared below are defined in one file and called from the
// other, all named bf_seq_ so that they cannot clash with the library under
// test linked into the same binary.
#ifndef BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_INTERNAL_H_
#define BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_INTERNAL_H_

#include <stddef.h>
#include <stdint.h>

#include "bf_seq.h"

enum { kLine = 4096 };  // bytes of a report line

// ---------------------------------------------------------------------------
// Report lines, built without malloc or stdio (they are also written from
// inside sanitizer reports).

typedef struct {
  char b[kLine];
  size_t n;
} sbuf;

static inline void sb_put(sbuf* s, const char* in) {
  static const char kHex[] = "0123456789abcdef";
  if (in == NULL) in = "(null)";
  for (const unsigned char* p = (const unsigned char*)in; *p != 0; ++p) {
    if (*p >= 0x20 && *p < 0x7f) {
      if (s->n + 1 >= sizeof s->b) return;
      s->b[s->n++] = (char)*p;
    } else {
      if (s->n + 4 >= sizeof s->b) return;
      s->b[s->n++] = '\\';
      s->b[s->n++] = 'x';
      s->b[s->n++] = kHex[*p >> 4];
      s->b[s->n++] = kHex[*p & 15];
    }
  }
}

static inline void sb_u(sbuf* s, unsigned long long v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  char out[24];
  for (int i = 0; i < n; ++i) out[i] = tmp[n - 1 - i];
  out[n] = 0;
  sb_put(s, out);
}

static inline void sb_i(sbuf* s, long long v) {
  if (v < 0) {
    sb_put(s, "-");
    sb_u(s, (unsigned long long)(-(v + 1)) + 1);
  } else {
    sb_u(s, (unsigned long long)v);
  }
}

// ---------------------------------------------------------------------------
// Scalars and spec locations.

static inline int scalar_bytes(bf_seq_scalar t) {
  switch (t) {
    case BF_SEQ_I8: case BF_SEQ_U8: case BF_SEQ_BOOL: return 1;
    case BF_SEQ_I16: case BF_SEQ_U16: return 2;
    case BF_SEQ_I32: case BF_SEQ_U32: return 4;
    default: return 8;
  }
}

static inline int scalar_signed(bf_seq_scalar t) {
  return t == BF_SEQ_I8 || t == BF_SEQ_I16 || t == BF_SEQ_I32 || t == BF_SEQ_I64;
}

// The value as the C type holds it, sign- or zero-extended to 64 bits.
static inline bf_seq_value normalize(bf_seq_scalar t, uint64_t raw) {
  bf_seq_value v;
  int bits = 8 * scalar_bytes(t);
  if (t == BF_SEQ_BOOL) {
    v.u = raw & 1;
  } else if (bits == 64) {
    v.u = raw;
  } else if (scalar_signed(t)) {
    uint64_t m = (uint64_t)1 << (bits - 1);
    raw &= ((uint64_t)1 << bits) - 1;
    v.i = (int64_t)((raw ^ m) - m);
  } else {
    v.u = raw & (((uint64_t)1 << bits) - 1);
  }
  return v;
}

static inline bf_seq_loc param_loc(const bf_seq_fn* f, int p) {
  return f->params[p].loc.line != 0 ? f->params[p].loc : f->loc;
}

// ---------------------------------------------------------------------------
// The engine (bf_seq.c), for bf_seq_len.c.

// The spec of the input being run.
const bf_seq_spec* bf_seq_engine_spec(void);
// Whether BINDFUZZ_TRACE asked for the trace on stderr.
int bf_seq_engine_tracing(void);
// A Rust buffer record for parameter `p` of function `fi`, `size` bytes
// allocated exactly, its index in `*index`; NULL when the table is full.
unsigned char* bf_seq_engine_buf_new(int fi, int p, size_t size, int* index);
// The bytes and the size of Rust buffer record `index`.
unsigned char* bf_seq_engine_buf(int index);
size_t bf_seq_engine_buf_size(int index);
// How many more Rust buffer records the table holds.
int bf_seq_engine_bufs_left(void);
// What the engine is doing, for reports: `what` for a call of `callee`
// made for the spec line `loc`, with no handles involved.
void bf_seq_engine_context(const char* what, int callee, bf_seq_loc loc);
// Makes call `fi` (see do_call in bf_seq.c).
void bf_seq_engine_call(int fi, bf_seq_value* a, const int* ah, const int* ab, const char* what);
// Reports `cls` with `detail` at the spec line `loc`, and aborts.
__attribute__((noreturn)) void bf_seq_engine_report_at(bf_seq_loc loc, const char* cls,
                                                        const char* detail);

// ---------------------------------------------------------------------------
// The spec idioms of lengths and ranges (bf_seq_len.c), for bf_seq.c. `a`
// holds the decoded arguments of call `fi`, `ah` the handle of each pointer
// parameter and `ab` the Rust buffer of each parameter (-1 otherwise).

// Decoding an `inout len` parameter: the slot C updates (Rust's `&mut n`).
void bf_seq_len_inout_slot(int fi, int p, bf_seq_value* a, int* ab);
// Stores the capacity, `units`, into that slot once the buffer is sized.
void bf_seq_len_inout_fill(const bf_seq_param* q, const int* ab, int p, uint64_t units);
// Draws the dependent-range parameters below their bounds; 0 when no value
// is valid (Rust makes no call).
int bf_seq_len_draw_ranges(int fi, bf_seq_value* a);
// After a call: what C left in each `inout len` (the retry idiom, or the
// units Rust takes).
void bf_seq_len_after_call(int fi, const bf_seq_value* a, const int* ah, const int* ab,
                           const bf_seq_result* res);
// Whether the end of an input may call `f` to end a hold.
int bf_seq_len_callable_at_end(const bf_seq_fn* f);

#endif  // BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_INTERNAL_H_
