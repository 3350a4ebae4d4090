// bindfuzz sequence engine: the spec idioms of lengths and ranges (see
// docs/spec-format.md): in/out lengths (`inout len(b)`) with the retry
// idiom (`retry on V`), fixed-length buffers (`buf_out len N`) and ranges
// bounded by another function (`i: usize < count(h)`).
//
// Its own translation unit, compiled with bf_seq.c: what the two share is
// in bf_seq_internal.h.
#include <stdio.h>
#include <string.h>

#include "bf_seq_internal.h"
#include "bf_tag_format.h"

enum { kMaxRetries = 3 };

// Retries in progress (a retried call may itself ask for a retry).
static int g_retry_depth;

// A length of the scalar's exact width, as C sees `*n`.
static void len_store(bf_seq_scalar t, void* slot, uint64_t v) {
  switch (scalar_bytes(t)) {
    case 1: { uint8_t x = (uint8_t)v; memcpy(slot, &x, 1); break; }
    case 2: { uint16_t x = (uint16_t)v; memcpy(slot, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(slot, &x, 4); break; }
    default: memcpy(slot, &v, 8);
  }
}

// What C left in `*n`, as Rust reads it (sign-extended for a signed type,
// then taken as a count: a negative one is out of every range).
static uint64_t len_load(bf_seq_scalar t, const void* slot) {
  uint64_t raw = 0;
  switch (scalar_bytes(t)) {
    case 1: { uint8_t x; memcpy(&x, slot, 1); raw = x; break; }
    case 2: { uint16_t x; memcpy(&x, slot, 2); raw = x; break; }
    case 4: { uint32_t x; memcpy(&x, slot, 4); raw = x; break; }
    default: memcpy(&raw, slot, 8);
  }
  return normalize(t, raw).u;
}

// Decoding an `inout len` parameter: the slot C updates (Rust's `&mut n`);
// the capacity is stored once the buffer's size is known (bf_seq_len_inout_fill).
void bf_seq_len_inout_slot(int fi, int p, bf_seq_value* a, int* ab) {
  const bf_seq_param* q = &bf_seq_engine_spec()->fns[fi].params[p];
  unsigned char* slot = bf_seq_engine_buf_new(fi, p, (size_t)scalar_bytes(q->scalar), &ab[p]);
  if (slot != NULL) memset(slot, 0, (size_t)scalar_bytes(q->scalar));
  a[p].p = slot;
}

void bf_seq_len_inout_fill(const bf_seq_param* q, const int* ab, int p, uint64_t units) {
  if (ab[p] >= 0) len_store(q->scalar, bf_seq_engine_buf(ab[p]), units);
}

// The value of a dependent-range parameter: Rust asks the bound first
// (`self.len()`) and passes only a value below it (up to it for `<=`). The
// input's bytes for the parameter pick the value: one time in four exactly
// the boundary. Returns 0 when no value is valid (Rust makes no call).
int bf_seq_len_draw_ranges(int fi, bf_seq_value* a) {
  const bf_seq_fn* f = &bf_seq_engine_spec()->fns[fi];
  for (int p = 0; p < f->n_params; ++p) {
    const bf_seq_param* q = &f->params[p];
    if (q->mode != BF_SEQ_P_SCALAR || q->range_call == NULL) continue;
    bf_seq_result res;
    memset(&res, 0, sizeof res);
    bf_seq_engine_context("Rust asks the bound of a parameter before the call", f->callee,
                          param_loc(f, p));
    q->range_call(a, &res);
    if (res.len < 0 || (!q->range_inclusive && res.len == 0)) return 0;
    uint64_t hi = (uint64_t)res.len - (q->range_inclusive ? 0 : 1);
    // A value the parameter's type cannot hold is never passed.
    int bits = 8 * scalar_bytes(q->scalar);
    uint64_t type_max = scalar_signed(q->scalar) ? ((uint64_t)1 << (bits - 1)) - 1
                        : bits == 64             ? UINT64_MAX
                                                 : ((uint64_t)1 << bits) - 1;
    if (hi > type_max) hi = type_max;
    uint64_t raw = a[p].u;
    uint64_t v = (raw & 3) == 3 ? hi : hi == UINT64_MAX ? raw >> 2 : (raw >> 2) % (hi + 1);
    a[p] = normalize(q->scalar, v);
    if (bf_seq_engine_tracing())
      fprintf(stderr, BF_TAG_SEQ "  %s = %llu (bound %lld)\n", q->name, (unsigned long long)v,
              (long long)res.len);
  }
  return 1;
}

// Whether Rust takes what C reports through `*n`: not after a negative
// (error) result of a signed integer return.
static int len_result_taken(const bf_seq_fn* f, const bf_seq_result* res) {
  return !(f->ret_kind == BF_SEQ_R_SCALAR && scalar_signed(f->ret_scalar) && res->ret.i < 0);
}

// The retry idiom: C said "too small" and left in each `inout len` the
// units it needs. Rust grows each such buffer to exactly that many and calls
// again with the same objects and scalars (other buffers copied: the call
// owns its own records). Skipped (Rust would fail the allocation) beyond
// BF_SEQ_MAX_FIXED_BYTES per buffer.
static void len_retry(int fi, const bf_seq_value* a, const int* ah, const int* ab) {
  const bf_seq_fn* f = &bf_seq_engine_spec()->fns[fi];
  if (g_retry_depth >= kMaxRetries || 2 * f->n_params > bf_seq_engine_bufs_left()) return;
  bf_seq_value a2[BF_SEQ_MAX_PARAMS];
  int ab2[BF_SEQ_MAX_PARAMS];
  uint64_t grow[BF_SEQ_MAX_PARAMS];  // buffer param -> units C asked for, +1
  for (int p = 0; p < f->n_params; ++p) {
    a2[p] = a[p];
    ab2[p] = -1;
    grow[p] = 0;
  }
  for (int p = 0; p < f->n_params; ++p) {
    const bf_seq_param* q = &f->params[p];
    if (q->mode != BF_SEQ_P_LEN || !q->inout || ab[p] < 0 || q->len_of < 0) continue;
    if (ab[q->len_of] < 0) return;  // no buffer passed (None): nothing to grow
    uint64_t need = len_load(q->scalar, bf_seq_engine_buf(ab[p]));
    uint64_t elem = q->elem_size ? q->elem_size : 1;
    if (need > BF_SEQ_MAX_FIXED_BYTES / elem) return;
    grow[q->len_of] = need + 1;
  }
  for (int p = 0; p < f->n_params; ++p) {
    const bf_seq_param* q = &f->params[p];
    if (ab[p] < 0) continue;
    if (q->mode == BF_SEQ_P_LEN && q->inout) {
      uint64_t units = grow[q->len_of] - 1;
      unsigned char* slot = bf_seq_engine_buf_new(fi, p, (size_t)scalar_bytes(q->scalar), &ab2[p]);
      len_store(q->scalar, slot, units);
      a2[p].p = slot;
      continue;
    }
    size_t elem = 1;
    if (q->len_param >= 0 && f->params[q->len_param].elem_size)
      elem = f->params[q->len_param].elem_size;
    size_t size = grow[p] ? (size_t)(grow[p] - 1) * elem : bf_seq_engine_buf_size(ab[p]);
    unsigned char* buf = bf_seq_engine_buf_new(fi, p, size, &ab2[p]);
    if (grow[p] || q->mode == BF_SEQ_P_BUF_OUT || q->mode == BF_SEQ_P_OUT_OWNED ||
        q->mode == BF_SEQ_P_OUT_BORROWED) {
      memset(buf, 0, size);
    } else {
      memcpy(buf, bf_seq_engine_buf(ab[p]), size);  // what Rust passed the first time
    }
    a2[p].p = buf;
  }
  if (bf_seq_engine_tracing())
    fprintf(stderr, BF_TAG_SEQ "  too small: Rust grows the buffer and calls again\n");
  g_retry_depth++;
  bf_seq_engine_call(fi, a2, ah, ab2, "retry with the buffer grown to the length C asked for");
  g_retry_depth--;
}

// After a call: each `inout len` C updated. On the retry value Rust calls
// again; otherwise, unless the result is an error, Rust takes `*n` units as
// written (`buf.set_len(n)`), so they must fit the buffer it passed.
void bf_seq_len_after_call(int fi, const bf_seq_value* a, const int* ah, const int* ab,
                           const bf_seq_result* res) {
  const bf_seq_fn* f = &bf_seq_engine_spec()->fns[fi];
  int retry = 0;
  for (int p = 0; p < f->n_params; ++p) {
    const bf_seq_param* q = &f->params[p];
    if (q->mode != BF_SEQ_P_LEN || !q->inout || ab[p] < 0) continue;
    if (q->has_retry && f->ret_kind == BF_SEQ_R_SCALAR && res->ret.i == q->retry_on) {
      retry = 1;
      continue;
    }
    if (!len_result_taken(f, res) || q->len_of < 0 || ab[q->len_of] < 0) continue;
    uint64_t n = len_load(q->scalar, bf_seq_engine_buf(ab[p]));
    uint64_t elem = q->elem_size ? q->elem_size : 1;
    uint64_t cap = bf_seq_engine_buf_size(ab[q->len_of]) / elem;
    if (n <= cap) continue;
    static sbuf w;
    w.n = 0;
    sb_put(&w, "stored ");
    sb_i(&w, (long long)n);
    sb_put(&w, " in *");
    sb_put(&w, q->name);
    sb_put(&w, " as the units written into ");
    sb_put(&w, f->params[q->len_of].name);
    sb_put(&w, ", which holds ");
    sb_u(&w, cap);
    sb_put(&w, " (returned ");
    sb_i(&w, (long long)res->ret.i);
    sb_put(&w, ")");
    w.b[w.n] = 0;
    bf_seq_engine_report_at(param_loc(f, p), BF_LIFETIME_LENGTH_OUT_OF_RANGE, w.b);
  }
  if (retry) len_retry(fi, a, ah, ab);
}

// A function the end of the input calls to end a hold cannot be given
// in/out lengths, fixed-length buffers or bounded values there (it passes
// empty buffers and zeros): such a hold stays to the end.
int bf_seq_len_callable_at_end(const bf_seq_fn* f) {
  for (int p = 0; p < f->n_params; ++p) {
    const bf_seq_param* q = &f->params[p];
    if (q->inout || q->fixed_units || q->range_call != NULL) return 0;
  }
  return 1;
}
