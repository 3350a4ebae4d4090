// bindfuzz sequence engine: see bf_seq.h.
//
// State is per input and static (one spec per fuzz target): handle records
// (every object Rust saw in this input, live or dead, with its provenance),
// C's holds on retained handles, the buffers Rust provided and a quarantine
// of the ones Rust dropped. Nothing depends on time, addresses or earlier
// inputs, so a saved input replays to the same tag line.
#include "bf_seq.h"
#include "bf_seq_internal.h"
#include "bf_seq_state.h"
#include "bf_seq_callback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bf_tag_format.h"
#include "bindfuzz_runtime.h"

// Sanitizer and libFuzzer entry points, weak: the engine also links without
// them (a plain build runs the sequences, only without the attribution).
extern int __asan_report_present(void) __attribute__((weak));
extern void* __asan_get_report_address(void) __attribute__((weak));
extern const char* __asan_get_report_description(void) __attribute__((weak));
extern void __asan_poison_memory_region(void const volatile* addr, size_t size)
    __attribute__((weak));
extern void __asan_unpoison_memory_region(void const volatile* addr, size_t size)
    __attribute__((weak));
extern const void* __sanitizer_get_allocated_begin(const void* p) __attribute__((weak));
extern size_t __sanitizer_get_allocated_size(const volatile void* p) __attribute__((weak));
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));
extern int __sanitizer_install_malloc_and_free_hooks(
    void (*malloc_hook)(const volatile void*, size_t), void (*free_hook)(const volatile void*))
    __attribute__((weak));
extern int __lsan_do_recoverable_leak_check(void) __attribute__((weak));
extern int LLVMFuzzerRunDriver(int* argc, char*** argv,
                               int (*cb)(const uint8_t* data, size_t size)) __attribute__((weak));
// bf_seq_callback.c, linked only into targets whose spec has callbacks.
extern void bf_seq_cb_input_begin(void) __attribute__((weak));
extern void bf_seq_cb_after_op(void) __attribute__((weak));

enum {
  kCapHandles = BF_SEQ_MAX_OPS + BF_SEQ_MAX_HANDLES + 16,
  kCapHolds = 2 * BF_SEQ_MAX_OPS,
  kCapBufs = 2048,
  kQuarantine = 64,
  kEvents = 8,
  kMaxStr = 255,         // bytes of a str argument (plus its NUL)
  kMaxBufBytes = 4096,   // bytes of a buffer argument
  kMaxReturnLen = 1 << 24,
};

typedef enum { HK_RES, HK_STR, HK_BUF } hkind;
typedef enum { HS_OWNED, HS_BORROWED, HS_CLOSED, HS_RELEASED, HS_CONSUMED, HS_LEFT } hstate;
typedef enum {
  EV_ACQUIRED, EV_BORROWED_FROM, EV_CLONED, EV_PASSED_BORROWED, EV_PASSED_CONSUMED,
  EV_PASSED_RETAINED, EV_HOLD_ENDED, EV_GET, EV_PUT, EV_RELEASED, EV_CLOSED, EV_LEFT,
  EV_RUST_NEW, EV_RUST_FREED, EV_CB_LENT, EV_CB_KEPT, EV_CB_GIVEN
} evkind;

static const char* const kEventNames[] = {
    "acquired", "borrowed-from", "acquired-by-get", "passed-borrowed", "passed-consumed",
    "passed-retained", "hold-ended-by", "get", "put", "released", "window-closed-by",
    "left-retained-at-end", "allocated-by-rust", "dropped-by-rust", "lent-to-callback",
    "kept-by-callback", "given-to-callback"};

typedef struct {
  int op;            // -1: end of input
  evkind kind;
  int callee;        // -1: none
  const char* param; // parameter name or NULL
  bf_seq_loc loc;
} event;

typedef struct {
  hkind kind;
  hstate state;
  int resource;      // HK_RES
  int refs;          // references Rust believes it holds (HS_OWNED)
  int parent;        // borrow window: the handle it borrows from, -1 none
  int fn;            // creating function, -1 for get
  int retained;      // active holds C has on it
  int created_op;
  void* ptr;
  uintptr_t lo, hi;  // heap chunk around ptr (attribution only)
  uint64_t len;      // HK_STR / HK_BUF: bytes Rust reads (NUL included)
  uint64_t hash;
  int still_allocated;  // at the end of the input (leak attribution)
  event ev[kEvents];
  int n_ev;
  int elided;
} handle;

typedef struct {
  int h;             // the retained handle
  int fn, param;     // the retaining call
  int op;
  int co[BF_SEQ_MAX_PARAMS];
  int n_co;
  int ret;           // handle the retaining call returned, -1 none
  int active;
  int tried;         // end of input: an `until` call was attempted
} hold;

typedef enum { RB_LIVE, RB_QUARANTINED, RB_FREED } rbstate;
typedef struct {
  unsigned char* p;
  size_t size;
  int fn, param, op;
  rbstate state;
} rbuf;

// A pointer argument of a call, for window and hold bookkeeping.
typedef struct {
  int h;
  int resource;
  void* ptr;
} carg;

static const bf_seq_spec* S;
static handle H[kCapHandles];
static int nH, g_live;
static hold R[kCapHolds];
static int nR;
static rbuf B[kCapBufs];
static int nB;
static int Q[kQuarantine];
static int q_head, q_len;
static int g_op;
static int g_max_ops, g_max_handles;
static int g_trace;
static int g_libfuzzer;
static int g_initialized;
static volatile int g_reported;
static int g_in_input;
// Preemption (bf_preempt_point): the input being decoded, whether the call in
// progress may be interrupted, how deep we are, and the handles the
// interrupted call uses (another thread may borrow them, never drop them).
static struct {
  struct reader* r;
  int open;
  int depth;
  int pinned[BF_SEQ_MAX_PARAMS + 1];
  int n_pinned;
  int disabled;
  long taken;
} P;
static volatile long g_mallocs, g_frees;
// References Rust took (owned returns, get, its own objects) and gave back
// (put, release, moved to C, left to C at the end): equal after every input.
static long g_refs_taken, g_refs_given;
static volatile int g_counting;

// What the engine is doing, for reports.
static struct {
  int active;
  int op;
  const char* what;
  int callee;
  bf_seq_loc loc;
  int args[BF_SEQ_MAX_PARAMS + 1];
  int n_args;
  int reading;       // handle being re-read, -1 none
} C;

// ---------------------------------------------------------------------------
// Report lines (sbuf and sb_put, sb_u, sb_i: bf_seq_internal.h).

static void sb_loc(sbuf* s, bf_seq_loc loc) {
  sb_put(s, loc.file != NULL ? loc.file : (S != NULL ? S->file : "?"));
  sb_put(s, ":");
  sb_u(s, loc.line);
}

static void sb_write(sbuf* s) {
  // Always one whole line: a line cut at the buffer's end still ends in a
  // newline, so the next line written (the state line, ASan's report) is
  // never glued to it.
  if (s->n + 1 < sizeof s->b) {
    s->b[s->n++] = '\n';
  } else if (s->n > 0) {
    s->b[s->n - 1] = '\n';
  }
  size_t off = 0;
  while (off < s->n) {
    ssize_t w = write(2, s->b + off, s->n - off);
    if (w <= 0) break;
    off += (size_t)w;
  }
}

static const char* callee_name(int c) {
  if (S == NULL || c < 0 || c >= S->n_callees) return "-";
  return S->callees[c];
}

static const char* handle_type(const handle* h) {
  if (h->kind == HK_STR) return "str";
  if (h->kind == HK_BUF) return "buf";
  return S->resources[h->resource].name;
}

static void sb_event(sbuf* s, const event* e) {
  sb_put(s, kEventNames[e->kind]);
  if (e->callee >= 0) {
    sb_put(s, " ");
    sb_put(s, callee_name(e->callee));
    if (e->param != NULL) {
      sb_put(s, "(");
      sb_put(s, e->param);
      sb_put(s, ")");
    }
  }
  if (e->loc.line != 0) {
    sb_put(s, " ");
    sb_loc(s, e->loc);
  }
  if (e->op >= 0) {
    sb_put(s, " op ");
    sb_u(s, (unsigned)e->op);
  } else {
    sb_put(s, " at end");
  }
}

static void sb_handle(sbuf* s, int i, const char* why) {
  const handle* h = &H[i];
  sb_put(s, BF_LIFETIME_HANDLE);
  sb_u(s, (unsigned)i);
  sb_put(s, " ");
  sb_put(s, handle_type(h));
  if (why != NULL) sb_put(s, why);
  sb_put(s, ": ");
  for (int k = 0; k < h->n_ev; ++k) {
    if (k > 0) sb_put(s, ", ");
    if (k == 1 && h->elided > 0) {
      sb_put(s, "(");
      sb_u(s, (unsigned)h->elided);
      sb_put(s, " more), ");
    }
    sb_event(s, &h->ev[k]);
  }
}

static void sb_context(sbuf* s, const char* cls) {
  sb_put(s, BF_TAG_LIFETIME);
  sb_put(s, cls);
  sb_put(s, " ");
  sb_put(s, !C.active ? BF_LIFETIME_NO_FUNCTION : C.callee >= 0 ? callee_name(C.callee) : "(rust)");
  sb_put(s, BF_LIFETIME_SPEC);
  if (C.active) {
    sb_loc(s, C.loc);
    sb_put(s, BF_LIFETIME_OP);
    if (C.op >= 0) {
      sb_u(s, (unsigned)C.op);
    } else {
      sb_put(s, BF_LIFETIME_OP_END);
    }
    sb_put(s, " (");
    sb_put(s, C.what);
    sb_put(s, ")");
  } else {
    sb_put(s, S != NULL ? S->file : "?");
    sb_put(s, ":0 " BF_LIFETIME_NO_CALL);
  }
}

typedef struct {
  int h[24];
  const char* why[24];
  int n;
} hlist;

static void hl_add(hlist* l, int h, const char* why) {
  if (h < 0 || h >= nH) return;
  for (int i = 0; i < l->n; ++i) {
    if (l->h[i] == h) {
      if (why != NULL) l->why[i] = why;
      return;
    }
  }
  if (l->n < (int)(sizeof l->h / sizeof l->h[0])) {
    l->h[l->n] = h;
    l->why[l->n] = why;
    l->n++;
  }
}

// Handles and Rust buffers around a faulting address.
static void add_address_matches(hlist* l, uintptr_t a, sbuf* extra) {
  for (int i = 0; i < nH; ++i) {
    const handle* h = &H[i];
    uintptr_t p = (uintptr_t)h->ptr;
    int hit = (h->kind != HK_RES && a >= p && a < p + (h->len == 0 ? 1 : h->len)) ||
              (h->lo != 0 && a >= h->lo && a < h->hi);
    if (hit) hl_add(l, i, " [at the faulting address]");
  }
  for (int i = 0; i < nB; ++i) {
    const rbuf* b = &B[i];
    uintptr_t p = (uintptr_t)b->p;
    if (p == 0 || !(a >= p && a < p + (b->size == 0 ? 1 : b->size))) continue;
    const bf_seq_fn* f = &S->fns[b->fn];
    sb_put(extra, BF_LIFETIME_RUST_BUFFER);
    sb_put(extra, f->name);
    sb_put(extra, "(");
    sb_put(extra, f->params[b->param].name);
    sb_put(extra, ") ");
    sb_u(extra, b->size);
    sb_put(extra, " bytes [at the faulting address]: passed ");
    sb_loc(extra, f->params[b->param].loc.line != 0 ? f->params[b->param].loc : f->loc);
    sb_put(extra, " op ");
    sb_u(extra, (unsigned)b->op);
    sb_put(extra, b->state == RB_LIVE ? ", live in the call"
                                      : ", dropped by Rust after that call (for Rust, C held "
                                        "it only during the call)");
  }
}

// Handles whose object Rust did not release itself: C owns them (consumed),
// Rust never owned them (borrowed returns) or C still held them at the end.
static void add_leak_candidates(hlist* l, int only_allocated) {
  for (int i = 0; i < nH; ++i) {
    const handle* h = &H[i];
    if (h->kind != HK_RES) continue;
    if (only_allocated && !h->still_allocated) continue;
    if (h->state == HS_CONSUMED || h->state == HS_CLOSED || h->state == HS_LEFT ||
        h->state == HS_BORROWED)
      hl_add(l, i, only_allocated ? " [still allocated after Rust dropped everything]" : NULL);
  }
}

// The assumption that let Rust leave a handle to C: consumed, borrowed, or
// held by C until the end.
static const event* leak_event(const handle* h) {
  for (int k = h->n_ev - 1; k >= 0; --k) {
    evkind e = h->ev[k].kind;
    if (e == EV_PASSED_CONSUMED || e == EV_BORROWED_FROM || e == EV_PASSED_RETAINED)
      return &h->ev[k];
  }
  return h->n_ev > 0 ? &h->ev[0] : NULL;
}

static void emit_line(const char* cls, int from_sanitizer, int leak, const char* detail) {
  static sbuf s;  // static: this may run on a small signal stack
  static sbuf extra;
  static hlist l;
  s.n = 0;
  extra.n = 0;
  l.n = 0;
  if (leak) {
    // After the input: name the first object Rust did not release that is
    // still allocated, then all of them.
    add_leak_candidates(&l, 1);
    if (l.n == 0) add_leak_candidates(&l, 0);
    const event* e = l.n > 0 ? leak_event(&H[l.h[0]]) : NULL;
    sb_put(&s, BF_TAG_LIFETIME);
    sb_put(&s, cls);
    if (e != NULL) {
      sb_put(&s, " ");
      sb_put(&s, callee_name(e->callee));
      sb_put(&s, BF_LIFETIME_SPEC);
      sb_loc(&s, e->loc);
      sb_put(&s, " " BF_LIFETIME_AFTER_INPUT " Rust did not release");
    } else {
      sb_put(&s, " " BF_LIFETIME_NO_FUNCTION BF_LIFETIME_SPEC);
      sb_put(&s, S->file);
      sb_put(&s, ":0 " BF_LIFETIME_AFTER_INPUT
                 " every object Rust saw was released: C lost memory on its own");
    }
  } else {
    sb_context(&s, cls);
    if (C.reading >= 0) hl_add(&l, C.reading, " [being read by Rust]");
    if (from_sanitizer && __asan_report_present != NULL && __asan_get_report_address != NULL &&
        __asan_report_present()) {
      add_address_matches(&l, (uintptr_t)__asan_get_report_address(), &extra);
    }
    for (int i = 0; C.active && i < C.n_args; ++i) hl_add(&l, C.args[i], NULL);
  }
  if (detail != NULL) {
    sb_put(&s, " ");
    sb_put(&s, detail);
  }
  for (int i = 0; i < l.n; ++i) sb_handle(&s, l.h[i], l.why[i]);
  if (extra.n > 0) {
    extra.b[extra.n] = 0;
    sb_put(&s, extra.b);
  }
  sb_write(&s);
  bf_seq_state_report();
}

__attribute__((noreturn)) static void engine_report(const char* cls, const char* detail) {
  g_reported = 1;
  emit_line(cls, 0, 0, detail);
  abort();
}

// The sanitizer class in a SUMMARY line: "SUMMARY: AddressSanitizer:
// heap-use-after-free ..." -> heap-use-after-free; "... 24 byte(s) leaked
// ..." -> leak.
static const char* summary_class(const char* summary, char* out, size_t cap) {
  const char* p = summary;
  const char* key = "Sanitizer: ";
  const char* hit = NULL;
  for (; *p != 0; ++p) {
    size_t k = 0;
    while (key[k] != 0 && p[k] == key[k]) ++k;
    if (key[k] == 0) {
      hit = p + k;
      break;
    }
  }
  if (hit == NULL) return "sanitizer-error";
  if (*hit >= '0' && *hit <= '9') return BF_LIFETIME_LEAK;
  size_t n = 0;
  while (hit[n] != 0 && hit[n] != ' ' && n + 1 < cap) {
    char ch = hit[n];
    int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
             ch == '-' || ch == '_';
    out[n] = ok ? ch : '_';
    ++n;
  }
  out[n] = 0;
  return n > 0 ? out : "sanitizer-error";
}

// Called by every sanitizer with its SUMMARY line (ASan, UBSan, LSan,
// deadly signals); replaces the runtime's weak default, which only prints
// it. Our line follows it. This is also the leak-time hook: LSan calls it
// after listing the leaks (libFuzzer's per-input check, or at exit).
__attribute__((visibility("default"))) void __sanitizer_report_error_summary(
    const char* error_summary) {
  static sbuf s;
  s.n = 0;
  sb_put(&s, error_summary);
  sb_write(&s);
  if (g_reported || S == NULL) return;
  g_reported = 1;
  static char cls_buf[64];
  const char* cls = summary_class(error_summary, cls_buf, sizeof cls_buf);
  int leak = cls[0] == 'l' && strcmp(cls, BF_LIFETIME_LEAK) == 0;
  emit_line(cls, 1, leak && !g_in_input, NULL);
}

// Without libFuzzer (replay driver) the death callback is ours: it covers
// runs with print_summary=0. Under libFuzzer it is libFuzzer's (it saves the
// crashing input), so the summary hook above is the only one.
static void on_death(void) {
  if (g_reported || S == NULL) return;
  g_reported = 1;
  const char* d = NULL;
  if (__asan_report_present != NULL && __asan_get_report_description != NULL &&
      __asan_report_present())
    d = __asan_get_report_description();
  emit_line(d != NULL && d[0] != 0 ? d : "sanitizer-error", 1, 0, NULL);
}

static void malloc_hook(const volatile void* p, size_t n) {
  (void)p;
  (void)n;
  if (g_counting) g_mallocs++;
}
static void free_hook(const volatile void* p) {
  if (g_counting && p != NULL) g_frees++;
}

// ---------------------------------------------------------------------------
// Input decoding.

typedef struct reader {
  const uint8_t* d;
  size_t n, pos;
} reader;

static uint8_t rd_u8(reader* r) { return r->pos < r->n ? r->d[r->pos++] : 0; }

static uint64_t rd_le(reader* r, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= (uint64_t)rd_u8(r) << (8 * i);
  return v;
}

static bf_seq_value rd_scalar(reader* r, const bf_seq_param* p) {
  if (p->has_range && p->lo <= p->hi) {
    uint64_t span = (uint64_t)p->hi - (uint64_t)p->lo;  // span + 1 values
    uint64_t raw;
    if (span < 256) {
      raw = rd_u8(r) % (span + 1);
    } else if (span < 65536) {
      raw = rd_le(r, 2) % (span + 1);
    } else {
      raw = rd_le(r, 8);
      if (span != UINT64_MAX) raw %= span + 1;
    }
    bf_seq_value v;
    v.u = (uint64_t)p->lo + raw;
    return v;
  }
  return normalize(p->scalar, rd_le(r, scalar_bytes(p->scalar)));
}

// ---------------------------------------------------------------------------
// Handles.

static int in_list(int c, const int* list, int n) {
  for (int i = 0; i < n; ++i)
    if (list[i] == c) return 1;
  return 0;
}

static void add_event(int h, evkind kind, int callee, const char* param, bf_seq_loc loc) {
  handle* x = &H[h];
  event e = {g_in_input ? g_op : -1, kind, callee, param, loc};
  if (x->n_ev < kEvents) {
    x->ev[x->n_ev++] = e;
    return;
  }
  // Keep the first event (where it came from) and the latest ones.
  memmove(&x->ev[1], &x->ev[2], sizeof(event) * (kEvents - 2));
  x->ev[kEvents - 1] = e;
  x->elided++;
}

static void chunk_of(void* p, uintptr_t* lo, uintptr_t* hi) {
  *lo = (uintptr_t)p;
  *hi = (uintptr_t)p + 1;
  if (__sanitizer_get_allocated_begin != NULL && __sanitizer_get_allocated_size != NULL) {
    const void* b = __sanitizer_get_allocated_begin(p);
    if (b != NULL) {
      size_t n = __sanitizer_get_allocated_size(b);
      *lo = (uintptr_t)b;
      *hi = (uintptr_t)b + (n == 0 ? 1 : n);
    }
  }
}

static int new_handle(hkind kind, hstate state, int resource, void* p) {
  int i = nH++;
  handle* h = &H[i];
  memset(h, 0, sizeof *h);
  h->kind = kind;
  h->state = state;
  h->resource = resource;
  h->refs = state == HS_OWNED ? 1 : 0;
  g_refs_taken += h->refs;
  h->parent = -1;
  h->fn = -1;
  h->created_op = g_op;
  h->ptr = p;
  chunk_of(p, &h->lo, &h->hi);
  g_live++;
  return i;
}

static int is_live(const handle* h) { return h->state == HS_OWNED || h->state == HS_BORROWED; }

static void set_dead(int h, hstate st) {
  if (is_live(&H[h])) g_live--;
  H[h].state = st;
}

static bf_seq_loc ret_loc(const bf_seq_fn* f) {
  return f->ret_loc.line != 0 ? f->ret_loc : f->loc;
}

// Closes `root` when it is a borrow, and every borrow that depends on it
// (each handle has one parent, so each is visited once).
static void close_tree(int root, int callee, bf_seq_loc loc) {
  int work[kCapHandles];
  int n = 0;
  work[n++] = root;
  while (n > 0) {
    int x = work[--n];
    if (H[x].state == HS_BORROWED) {
      add_event(x, EV_CLOSED, callee, NULL, loc);
      set_dead(x, HS_CLOSED);
    }
    for (int i = 0; i < nH && n < kCapHandles; ++i)
      if (H[i].parent == x && H[i].state == HS_BORROWED) work[n++] = i;
  }
}

// A call of `callee` with these pointer arguments closes the windows that
// list it, when passed the borrow's parent object (global borrows: always).
static void close_windows(int callee, const carg* args, int n_args, bf_seq_loc loc) {
  for (int i = 0; i < nH; ++i) {
    handle* h = &H[i];
    if (h->state != HS_BORROWED || h->fn < 0) continue;
    const bf_seq_fn* f = &S->fns[h->fn];
    if (!in_list(callee, f->closed_by, f->n_closed_by)) continue;
    int hit = h->parent < 0;
    for (int k = 0; !hit && k < n_args; ++k)
      hit = args[k].ptr != NULL && args[k].ptr == H[h->parent].ptr;
    if (hit) close_tree(i, callee, loc);
  }
}

// A call of `callee` ends C's holds that list it in `until` when it is passed
// the same objects as the retaining call, wherever it takes them: an argument
// of the held resource must be the held object, an argument of the resource
// of another object of the retaining call (its other arguments, what it
// returned) must be one of those, and at least one argument must match. So
// reg_del(r, it) ends reg_add(r, it)'s hold but not reg_add(r2, it)'s, and
// reg_free(r) (or sqlite3_finalize(stmt) for the statement that
// sqlite3_prepare(db) returned) ends every hold of that call.
static int related_match(const hold* r, int resource, void* ptr, int* has_resource) {
  *has_resource = 0;
  for (int c = 0; c <= r->n_co; ++c) {
    int h = c < r->n_co ? r->co[c] : r->ret;
    if (h < 0 || H[h].kind != HK_RES || H[h].resource != resource) continue;
    *has_resource = 1;
    if (H[h].ptr == ptr) return 1;
  }
  return 0;
}

static void end_holds(int callee, const carg* args, int n_args, bf_seq_loc loc) {
  for (int i = 0; i < nR; ++i) {
    hold* r = &R[i];
    if (!r->active) continue;
    const bf_seq_param* p = &S->fns[r->fn].params[r->param];
    if (!in_list(callee, p->until, p->n_until)) continue;
    int res = H[r->h].resource;
    int matched = 0, ok = 1;
    for (int k = 0; k < n_args && ok; ++k) {
      if (args[k].resource == res) {
        ok = args[k].ptr == H[r->h].ptr;
        matched |= ok;
        continue;
      }
      int has_resource = 0;
      int hit = related_match(r, args[k].resource, args[k].ptr, &has_resource);
      if (has_resource) {
        ok = hit;
        matched |= hit;
      }
    }
    if (!ok || !matched) continue;
    r->active = 0;
    H[r->h].retained--;
    add_event(r->h, EV_HOLD_ENDED, callee, NULL, loc);
  }
}

// ---------------------------------------------------------------------------
// Rust-provided buffers and their quarantine.

static void poison(void* p, size_t n, int on) {
  if (n == 0) return;
  if (on && __asan_poison_memory_region != NULL) __asan_poison_memory_region(p, n);
  if (!on && __asan_unpoison_memory_region != NULL) __asan_unpoison_memory_region(p, n);
}

static void rbuf_free(int i) {
  poison(B[i].p, B[i].size, 0);
  bf_free(B[i].p);
  B[i].state = RB_FREED;
}

// Rust drops the buffer: poisoned and kept a while, so a pointer C kept to
// it is caught at its next use (use-after-poison at a known buffer).
static void rbuf_drop(int i) {
  if (q_len == kQuarantine) {
    rbuf_free(Q[q_head]);
    q_head = (q_head + 1) % kQuarantine;
    q_len--;
  }
  poison(B[i].p, B[i].size, 1);
  B[i].state = RB_QUARANTINED;
  Q[(q_head + q_len) % kQuarantine] = i;
  q_len++;
}

static void quarantine_flush(void) {
  while (q_len > 0) {
    rbuf_free(Q[q_head]);
    q_head = (q_head + 1) % kQuarantine;
    q_len--;
  }
  q_head = 0;
}

// ---------------------------------------------------------------------------
// Borrowed bytes (str / buf returns): read as Rust reads them.

static uint64_t fnv(const unsigned char* p, uint64_t n) {
  uint64_t h = 1469598103934665603ull;
  for (uint64_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

// Rust may read any borrow whose window is open: after every operation all
// of them are read (a freed one is a use-after-free at the read) and then
// compared with what they held (bytes behind a live shared borrow must not
// change).
static void verify_borrows(void) {
  static uint64_t now[kCapHandles];
  for (int i = 0; i < nH; ++i) {
    handle* h = &H[i];
    if (h->kind == HK_RES || h->state != HS_BORROWED) continue;
    C.reading = i;
    C.what = "Rust reads its open borrows after this call";
    now[i] = fnv((const unsigned char*)h->ptr, h->len);
  }
  C.reading = -1;
  for (int i = 0; i < nH; ++i) {
    handle* h = &H[i];
    if (h->kind == HK_RES || h->state != HS_BORROWED || now[i] == h->hash) continue;
    C.reading = i;
    engine_report(BF_LIFETIME_BORROW_CHANGED,
                  "bytes behind a borrow whose window is still open (per the spec) changed");
  }
}

// ---------------------------------------------------------------------------
// Operations.

static void set_context(const char* what, int callee, bf_seq_loc loc, const carg* args,
                        int n_args) {
  C.active = 1;
  C.op = g_in_input ? g_op : -1;
  C.what = what;
  C.callee = callee;
  C.loc = loc;
  C.n_args = 0;
  C.reading = -1;
  for (int i = 0; i < n_args && C.n_args < BF_SEQ_MAX_PARAMS + 1; ++i)
    if (args[i].h >= 0) C.args[C.n_args++] = args[i].h;
}

static void trace_call(const char* what, int callee, const carg* args, int n_args) {
  if (!g_trace) return;
  fprintf(stderr, BF_TAG_SEQ "op %d %s %s(", g_in_input ? g_op : -1, what,
          callee_name(callee));
  for (int i = 0; i < n_args; ++i) fprintf(stderr, "%sh%d", i ? ", " : "", args[i].h);
  fprintf(stderr, ")\n");
}

// A handle the call interrupted at a preemption point is using: the other
// sequence may borrow it, not drop or move it (safe Rust forbids both while
// a borrow is live on another thread).
static int pinned(int h) {
  for (int i = 0; i < P.n_pinned && P.depth > 0; ++i)
    if (P.pinned[i] == h) return 1;
  return 0;
}

static int droppable(int h) {
  const handle* x = &H[h];
  if (pinned(h)) return 0;
  if (x->kind != HK_RES || x->state != HS_OWNED || x->retained > 0 || x->refs <= 0) return 0;
  const bf_seq_resource* r = &S->resources[x->resource];
  return r->release != NULL || r->put != NULL || r->foreign;
}

// Rust drops one reference: release (the object) or put (one reference).
static void drop_ref(int h, const char* what) {
  handle* x = &H[h];
  const bf_seq_resource* r = &S->resources[x->resource];
  int callee = r->release != NULL ? r->release_callee : r->put != NULL ? r->put_callee : -1;
  carg a = {h, x->resource, x->ptr};
  set_context(what, callee, r->loc, &a, 1);
  close_windows(callee, &a, 1, r->loc);
  trace_call(what, callee, &a, 1);
  if (r->foreign && r->release == NULL && r->put == NULL) {
    // Rust's own object comes back and is dropped by Rust (KBox::drop).
    add_event(h, EV_RUST_FREED, -1, NULL, r->loc);
    g_refs_given += x->refs;
    x->refs = 0;
    bf_free(x->ptr);
  } else if (r->release != NULL) {
    add_event(h, EV_RELEASED, callee, NULL, r->loc);
    g_refs_given += x->refs;
    x->refs = 0;
    r->release(x->ptr);
  } else {
    add_event(h, EV_PUT, callee, NULL, r->loc);
    g_refs_given++;
    x->refs--;
    r->put(x->ptr);
  }
  if (x->refs == 0) {
    set_dead(h, HS_RELEASED);
    close_tree(h, callee, r->loc);
  }
  end_holds(callee, &a, 1, r->loc);
}

static int pick(reader* r, int (*ok)(int h, int arg), int arg) {
  static int cands[kCapHandles];
  int n = 0;
  for (int i = 0; i < nH; ++i)
    if (ok(i, arg)) cands[n++] = i;
  if (n == 0) return -1;
  return cands[rd_u8(r) % n];
}

static int ok_drop(int h, int unused) {
  (void)unused;
  return droppable(h);
}

static int ok_get(int h, int unused) {
  (void)unused;
  const handle* x = &H[h];
  return x->kind == HK_RES && is_live(x) && S->resources[x->resource].get != NULL;
}

static int ok_borrow(int h, int res) {
  const handle* x = &H[h];
  return x->kind == HK_RES && x->resource == res && is_live(x);
}

static int ok_own(int h, int res) {
  const handle* x = &H[h];
  return x->kind == HK_RES && x->resource == res && x->state == HS_OWNED && x->refs > 0;
}

static int ok_consume(int h, int res) {
  return ok_own(h, res) && H[h].retained == 0 && !pinned(h);
}

static void op_drop(reader* r) {
  int h = pick(r, ok_drop, 0);
  if (h >= 0) drop_ref(h, P.depth > 0 ? "drop at a preemption point" : "drop");
}

// Rust takes one more reference (ARef clone, or ARef::from(&T) on a borrow).
static void op_get(reader* r) {
  int h = pick(r, ok_get, 0);
  if (h < 0) return;
  handle* x = &H[h];
  if (x->state == HS_BORROWED && (g_live >= g_max_handles || nH >= kCapHandles)) return;
  const bf_seq_resource* res = &S->resources[x->resource];
  carg a = {h, x->resource, x->ptr};
  set_context("get", res->get_callee, res->loc, &a, 1);
  trace_call("get", res->get_callee, &a, 1);
  add_event(h, EV_GET, res->get_callee, NULL, res->loc);
  res->get(x->ptr);
  if (x->state == HS_OWNED) {
    x->refs++;
    g_refs_taken++;
  } else {
    int n = new_handle(HK_RES, HS_OWNED, x->resource, x->ptr);
    add_event(n, EV_CLONED, res->get_callee, NULL, res->loc);
  }
}

// Rust allocates one of its objects to lend to C (ForeignOwnable).
static void op_new(reader* r) {
  int foreign[64], n = 0;
  for (int i = 0; i < S->n_resources && n < 64; ++i)
    if (S->resources[i].foreign) foreign[n++] = i;
  if (n == 0 || g_live >= g_max_handles || nH >= kCapHandles) return;
  const bf_seq_resource* res = &S->resources[foreign[rd_u8(r) % n]];
  size_t size = res->foreign_size ? res->foreign_size : 16;
  unsigned char* p = (unsigned char*)bf_alloc_exact_aligned(size, res->align ? res->align : 1);
  for (size_t i = 0; i < size; ++i) p[i] = (unsigned char)(i * 37 + 11);
  set_context("new", -1, res->loc, NULL, 0);
  int h = new_handle(HK_RES, HS_OWNED, (int)(res - S->resources), p);
  add_event(h, EV_RUST_NEW, -1, NULL, res->loc);
}

static int fills_handle(bf_seq_rkind k) {
  return k == BF_SEQ_R_OWNED || k == BF_SEQ_R_BORROWED || k == BF_SEQ_R_STR || k == BF_SEQ_R_BUF;
}

static const char* null_name(bf_seq_null n) {
  switch (n) {
    case BF_SEQ_NONNULL: return "nonnull";
    case BF_SEQ_NULLABLE: return "nullable";
    case BF_SEQ_ERRPTR: return "errptr";
    default: return "errptr_or_null";
  }
}

// The returned pointer, checked against the spec's nullability; a new
// handle for it when it is one.
static int take_return(const bf_seq_fn* f, int fi, const bf_seq_value* a, const int* ah,
                       bf_seq_result* res) {
  void* p = res->ret.p;
  intptr_t v = (intptr_t)p;
  static sbuf d;
  if (v >= -4095 && v <= -1) {
    if (f->nullability == BF_SEQ_NONNULL || f->nullability == BF_SEQ_NULLABLE) {
      C.loc = ret_loc(f);
      d.n = 0;
      sb_put(&d, "returned ERR_PTR(");
      sb_i(&d, (long long)v);
      sb_put(&d, ") where the spec says ");
      sb_put(&d, null_name(f->nullability));
      d.b[d.n] = 0;
      engine_report(BF_LIFETIME_UNEXPECTED_ERRPTR, d.b);
    }
    return -1;
  }
  if (p == NULL) {
    if (f->nullability == BF_SEQ_NONNULL || f->nullability == BF_SEQ_ERRPTR) {
      C.loc = ret_loc(f);
      d.n = 0;
      sb_put(&d, "returned NULL where the spec says ");
      sb_put(&d, null_name(f->nullability));
      sb_put(&d, f->nullability == BF_SEQ_ERRPTR ? " (from_err_ptr lets NULL through as Ok)" : "");
      d.b[d.n] = 0;
      engine_report(BF_LIFETIME_UNEXPECTED_NULL, d.b);
    }
    return -1;
  }
  if (f->ret_kind == BF_SEQ_R_OWNED || f->ret_kind == BF_SEQ_R_BORROWED) {
    uint64_t align = S->resources[f->ret_resource].align;
    if (align > 1 && ((uintptr_t)p & (align - 1)) != 0) {
      C.loc = S->resources[f->ret_resource].loc;
      d.n = 0;
      sb_put(&d, "returned a pointer not aligned to ");
      sb_u(&d, align);
      sb_put(&d, " bytes as the resource's align says");
      d.b[d.n] = 0;
      engine_report(BF_LIFETIME_MISALIGNED, d.b);
    }
  }
  if ((f->ret_kind == BF_SEQ_R_OWNED || f->ret_kind == BF_SEQ_R_BORROWED) &&
      S->resources[f->ret_resource].foreign) {
    // Rust gets its own object back (from_foreign / borrow) and uses it.
    const bf_seq_resource* fr = &S->resources[f->ret_resource];
    (void)fnv((const unsigned char*)p, fr->foreign_size ? fr->foreign_size : 16);
  }
  int h;
  switch (f->ret_kind) {
    case BF_SEQ_R_OWNED:
      h = new_handle(HK_RES, HS_OWNED, f->ret_resource, p);
      H[h].fn = fi;
      add_event(h, EV_ACQUIRED, f->callee, NULL, ret_loc(f));
      return h;
    case BF_SEQ_R_BORROWED:
      h = new_handle(HK_RES, HS_BORROWED, f->ret_resource, p);
      break;
    default: {
      uint64_t len = 0;
      int nul = 0;
      if (f->len_call != NULL) {
        f->len_call(a, res);
        if (res->len < 0 || (uint64_t)res->len > kMaxReturnLen / (f->len_elem_size ? f->len_elem_size : 1)) {
          C.loc = ret_loc(f);
          d.n = 0;
          sb_put(&d, "the length function returned ");
          sb_i(&d, (long long)res->len);
          d.b[d.n] = 0;
          engine_report(BF_LIFETIME_LENGTH_OUT_OF_RANGE, d.b);
        }
        len = (uint64_t)res->len * (f->len_elem_size ? f->len_elem_size : 1);
        nul = f->ret_kind == BF_SEQ_R_STR && f->nul;
      } else {
        len = strlen((const char*)p);  // CStr::from_ptr
        nul = 1;
      }
      if (nul && f->len_call != NULL) {
        C.reading = -1;
        if (((const volatile char*)p)[len] != 0) {
          C.loc = ret_loc(f);
          d.n = 0;
          sb_put(&d, "no NUL after the ");
          sb_u(&d, len);
          sb_put(&d, " bytes the length function gave, where the spec says nul");
          d.b[d.n] = 0;
          engine_report(BF_LIFETIME_MISSING_NUL, d.b);
        }
      }
      h = new_handle(f->ret_kind == BF_SEQ_R_STR ? HK_STR : HK_BUF, HS_BORROWED, -1, p);
      H[h].len = len + (uint64_t)nul;
      H[h].hash = fnv((const unsigned char*)p, H[h].len);
      break;
    }
  }
  H[h].fn = fi;
  if (f->window_parent >= 0) H[h].parent = ah[f->window_parent];
  add_event(h, EV_BORROWED_FROM, f->callee, NULL, ret_loc(f));
  return h;
}

// Makes call `fi` with decoded arguments; `ah` holds the handle of each
// pointer parameter (-1 otherwise), `ab` the Rust buffer (-1 otherwise).
static void do_call(int fi, bf_seq_value* a, const int* ah, const int* ab, const char* what) {
  const bf_seq_fn* f = &S->fns[fi];
  carg args[BF_SEQ_MAX_PARAMS];
  int n_args = 0;
  for (int p = 0; p < f->n_params; ++p) {
    if (ah[p] < 0) continue;
    args[n_args].h = ah[p];
    args[n_args].resource = f->params[p].resource;
    args[n_args].ptr = H[ah[p]].ptr;
    n_args++;
  }
  set_context(what, f->callee, f->loc, args, n_args);
  for (int p = 0; p < f->n_params; ++p) {
    if (ah[p] < 0) continue;
    evkind k = f->params[p].mode == BF_SEQ_P_CONSUMED   ? EV_PASSED_CONSUMED
               : f->params[p].mode == BF_SEQ_P_RETAINED ? EV_PASSED_RETAINED
                                                        : EV_PASSED_BORROWED;
    add_event(ah[p], k, f->callee, f->params[p].name, param_loc(f, p));
  }
  close_windows(f->callee, args, n_args, f->loc);
  trace_call(what, f->callee, args, n_args);

  bf_seq_result res;
  memset(&res, 0, sizeof res);
  // An operation of the input's own may run at a preemption point inside
  // this call (bf_preempt_point), with this call's handles pinned.
  const int outer = g_in_input && P.depth == 0 && P.r != NULL;
  if (outer) {
    P.open = 1;
    P.n_pinned = 0;
    for (int i = 0; i < n_args; ++i) P.pinned[P.n_pinned++] = args[i].h;
  }
  f->call(a, &res);
  if (outer) P.open = 0;

  end_holds(f->callee, args, n_args, f->loc);
  for (int p = 0; p < f->n_params; ++p) {
    if (ah[p] < 0 || f->params[p].mode != BF_SEQ_P_CONSUMED) continue;
    handle* x = &H[ah[p]];
    x->refs--;
    g_refs_given++;
    if (x->refs <= 0) {
      set_dead(ah[p], HS_CONSUMED);
      close_tree(ah[p], f->callee, param_loc(f, p));
    }
  }
  int rh = -1;
  int failed = 0;
  if (fills_handle(f->ret_kind)) {
    rh = take_return(f, fi, a, ah, &res);
    failed = rh < 0;
  }
  if (g_trace) {
    if (rh >= 0) {
      fprintf(stderr, BF_TAG_SEQ "  -> h%d\n", rh);
    } else if (fills_handle(f->ret_kind)) {
      fprintf(stderr, BF_TAG_SEQ "  -> %s\n", res.ret.p == NULL ? "NULL" : "ERR_PTR");
    } else if (f->ret_kind == BF_SEQ_R_SCALAR) {
      fprintf(stderr, BF_TAG_SEQ "  -> %lld\n", (long long)res.ret.i);
    }
  }
  // C holds retained arguments, unless a pointer-returning call failed.
  for (int p = 0; p < f->n_params && !failed; ++p) {
    if (ah[p] < 0 || f->params[p].mode != BF_SEQ_P_RETAINED || nR >= kCapHolds) continue;
    hold* r = &R[nR++];
    memset(r, 0, sizeof *r);
    r->h = ah[p];
    r->fn = fi;
    r->param = p;
    r->op = g_op;
    r->ret = rh;
    r->active = 1;
    for (int q = 0; q < f->n_params; ++q)
      if (q != p && ah[q] >= 0) r->co[r->n_co++] = ah[q];
    H[ah[p]].retained++;
  }
  // `n = f(.., buf, cap)` where n counts what C wrote: Rust takes n units
  // (`set_len(n)`), so n must fit the buffer it gave.
  if (f->written > 0 && f->written <= f->n_params && ab[f->written - 1] >= 0 && res.ret.i >= 0) {
    const int wp = f->written - 1;
    const int lp = f->params[wp].len_param;
    uint64_t elem = lp >= 0 && f->params[lp].elem_size ? f->params[lp].elem_size : 1;
    if (f->params[wp].fixed_units && f->params[wp].elem_size) elem = f->params[wp].elem_size;
    uint64_t units = B[ab[wp]].size / elem;
    if ((uint64_t)res.ret.i > units) {
      static sbuf w;
      C.loc = ret_loc(f);
      w.n = 0;
      sb_put(&w, "returned ");
      sb_i(&w, (long long)res.ret.i);
      sb_put(&w, " as the units written into ");
      sb_put(&w, f->params[wp].name);
      sb_put(&w, ", which holds ");
      sb_u(&w, units);
      w.b[w.n] = 0;
      engine_report(BF_LIFETIME_LENGTH_OUT_OF_RANGE, w.b);
    }
  }
  bf_seq_len_after_call(fi, a, ah, ab, &res);
  // What C stored through out-parameters: new handles.
  for (int p = 0; p < f->n_params; ++p) {
    const bf_seq_param* q = &f->params[p];
    if (ab[p] < 0 || (q->mode != BF_SEQ_P_OUT_OWNED && q->mode != BF_SEQ_P_OUT_BORROWED)) continue;
    void* got = *(void* volatile*)B[ab[p]].p;
    if (got == NULL) continue;
    int h = new_handle(HK_RES, q->mode == BF_SEQ_P_OUT_OWNED ? HS_OWNED : HS_BORROWED, q->resource, got);
    H[h].fn = fi;
    if (q->mode == BF_SEQ_P_OUT_OWNED) {
      add_event(h, EV_ACQUIRED, f->callee, q->name, param_loc(f, p));
    } else {
      if (q->parent >= 0) H[h].parent = ah[q->parent];
      add_event(h, EV_BORROWED_FROM, f->callee, q->name, param_loc(f, p));
    }
    if (g_trace) fprintf(stderr, BF_TAG_SEQ "  %s -> h%d\n", q->name, h);
  }
  // Rust reads what C wrote, then drops its buffers.
  for (int p = 0; p < f->n_params; ++p) {
    if (ab[p] < 0) continue;
    if (f->params[p].mode == BF_SEQ_P_BUF_OUT) (void)fnv(B[ab[p]].p, B[ab[p]].size);
    rbuf_drop(ab[p]);
  }
}

// What bf_seq_len.c asks of the engine (bf_seq_internal.h).

const bf_seq_spec* bf_seq_engine_spec(void) { return S; }

int bf_seq_engine_tracing(void) { return g_trace; }

unsigned char* bf_seq_engine_buf_new(int fi, int p, size_t size, int* index) {
  if (nB >= kCapBufs) return NULL;
  unsigned char* buf = (unsigned char*)bf_alloc_exact(size);
  B[nB].p = buf;
  B[nB].size = size;
  B[nB].fn = fi;
  B[nB].param = p;
  B[nB].op = g_op;
  B[nB].state = RB_LIVE;
  *index = nB++;
  return buf;
}

unsigned char* bf_seq_engine_buf(int index) { return B[index].p; }

size_t bf_seq_engine_buf_size(int index) { return B[index].size; }

int bf_seq_engine_bufs_left(void) { return kCapBufs - nB; }

void bf_seq_engine_context(const char* what, int callee, bf_seq_loc loc) {
  set_context(what, callee, loc, NULL, 0);
}

void bf_seq_engine_call(int fi, bf_seq_value* a, const int* ah, const int* ab, const char* what) {
  do_call(fi, a, ah, ab, what);
}

void bf_seq_engine_report_at(bf_seq_loc loc, const char* cls, const char* detail) {
  C.loc = loc;
  engine_report(cls, detail);
}

// Decodes the arguments of function `fi` and calls it; skips the operation
// when a parameter cannot be satisfied.
static void op_call(reader* r, int fi) {
  const bf_seq_fn* f = &S->fns[fi];
  if (fills_handle(f->ret_kind) && (g_live >= g_max_handles || nH >= kCapHandles)) return;
  for (int p = 0; p < f->n_params; ++p) {
    bf_seq_pmode m = f->params[p].mode;
    if ((m == BF_SEQ_P_OUT_OWNED || m == BF_SEQ_P_OUT_BORROWED) &&
        (g_live + f->n_params >= g_max_handles || nH + f->n_params >= kCapHandles))
      return;
  }
  if (nB + f->n_params > kCapBufs || nR + f->n_params > kCapHolds) return;
  bf_seq_value a[BF_SEQ_MAX_PARAMS];
  int ah[BF_SEQ_MAX_PARAMS], ab[BF_SEQ_MAX_PARAMS];
  uint64_t units[BF_SEQ_MAX_PARAMS];
  int saved_nB = nB;
  for (int p = 0; p < f->n_params; ++p) {
    ah[p] = -1;
    ab[p] = -1;
    units[p] = 0;
    a[p].u = 0;
  }
  int ok = 1;
  for (int p = 0; p < f->n_params && ok; ++p) {
    const bf_seq_param* q = &f->params[p];
    if (q->nullable && q->mode != BF_SEQ_P_SCALAR && q->mode != BF_SEQ_P_LEN && (rd_u8(r) & 1)) {
      a[p].p = NULL;  // Rust passes None as NULL
      if (g_trace) fprintf(stderr, BF_TAG_SEQ "  %s = NULL (None)\n", q->name);
      continue;
    }
    switch (q->mode) {
      case BF_SEQ_P_SCALAR:
        a[p] = rd_scalar(r, q);
        break;
      case BF_SEQ_P_BORROWED:
        ah[p] = pick(r, ok_borrow, q->resource);
        break;
      case BF_SEQ_P_RETAINED:
        ah[p] = pick(r, ok_own, q->resource);
        break;
      case BF_SEQ_P_CONSUMED:
        ah[p] = pick(r, ok_consume, q->resource);
        break;
      case BF_SEQ_P_BUF_IN:
      case BF_SEQ_P_BUF_OUT:
      case BF_SEQ_P_STR: {
        unsigned elem = 1;
        if (q->len_param >= 0) elem = f->params[q->len_param].elem_size ? f->params[q->len_param].elem_size : 1;
        size_t size;
        if (q->mode == BF_SEQ_P_STR) {
          units[p] = rd_u8(r) % (kMaxStr + 1);
          size = (size_t)units[p] + 1;
        } else if (q->fixed_units) {  // `[u8; N]`: always N units
          elem = q->elem_size ? q->elem_size : 1;
          units[p] = q->fixed_units;
          size = (size_t)(units[p] * elem);
        } else {
          uint64_t max_units = kMaxBufBytes / elem;
          if (max_units > 255) max_units = 255;
          units[p] = rd_u8(r) % (max_units + 1);
          size = (size_t)(units[p] * elem);
        }
        unsigned char* buf = (unsigned char*)bf_alloc_exact(size);
        if (q->mode == BF_SEQ_P_BUF_OUT) {
          memset(buf, 0, size);
        } else {
          size_t content = q->mode == BF_SEQ_P_STR ? size - 1 : size;
          for (size_t i = 0; i < content; ++i) {
            unsigned char ch = r->pos < r->n ? r->d[r->pos++] : (unsigned char)(i * 37 + 11);
            if (q->mode == BF_SEQ_P_STR && ch == 0) ch = 'a';  // CString: no interior NUL
            buf[i] = ch;
          }
          if (q->mode == BF_SEQ_P_STR) buf[size - 1] = 0;
        }
        B[nB].p = buf;
        B[nB].size = size;
        B[nB].fn = fi;
        B[nB].param = p;
        B[nB].op = g_op;
        B[nB].state = RB_LIVE;
        ab[p] = nB++;
        a[p].p = buf;
        break;
      }
      case BF_SEQ_P_LEN:
        if (q->inout) bf_seq_len_inout_slot(fi, p, a, ab);
        break;
      case BF_SEQ_P_CALLBACK:
        break;
      case BF_SEQ_P_OUT_OWNED:
      case BF_SEQ_P_OUT_BORROWED: {
        // A slot C writes a pointer into (Rust's `let mut p = null_mut()`).
        void** slot = (void**)bf_alloc_exact(sizeof(void*));
        *slot = NULL;
        B[nB].p = slot;
        B[nB].size = sizeof(void*);
        B[nB].fn = fi;
        B[nB].param = p;
        B[nB].op = g_op;
        B[nB].state = RB_LIVE;
        ab[p] = nB++;
        a[p].p = slot;
        break;
      }
    }
    if (ah[p] >= 0) a[p].p = H[ah[p]].ptr;
    if ((q->mode == BF_SEQ_P_BORROWED || q->mode == BF_SEQ_P_RETAINED ||
         q->mode == BF_SEQ_P_CONSUMED) && ah[p] < 0)
      ok = 0;
    if (q->mode == BF_SEQ_P_OUT_BORROWED && (q->parent < 0 || q->parent >= f->n_params)) ok = 0;
  }
  // A value Rust moves into C cannot also be passed as another argument.
  for (int p = 0; p < f->n_params && ok; ++p) {
    if (f->params[p].mode != BF_SEQ_P_CONSUMED) continue;
    for (int q = 0; q < f->n_params; ++q)
      if (q != p && ah[q] == ah[p]) ok = 0;
  }
  if (ok) ok = bf_seq_len_draw_ranges(fi, a);
  if (!ok) {
    for (int i = saved_nB; i < nB; ++i) bf_free(B[i].p);
    nB = saved_nB;
    return;
  }
  for (int p = 0; p < f->n_params; ++p) {
    const bf_seq_param* q = &f->params[p];
    if (q->mode != BF_SEQ_P_LEN || q->len_of < 0) continue;
    if (q->inout) {
      bf_seq_len_inout_fill(q, ab, p, units[q->len_of]);
      continue;
    }
    a[p] = normalize(q->scalar, units[q->len_of]);
  }
  do_call(fi, a, ah, ab, P.depth > 0 ? "call at a preemption point" : "call");
}

// End of input: C's hold on `r` is still active; call one of its `until`
// functions that is a spec function, with the held object (or the retaining
// call's other objects) as arguments. Returns 1 when a call was made.
static int end_hold_by_call(hold* r) {
  const bf_seq_param* hp = &S->fns[r->fn].params[r->param];
  for (int u = 0; u < hp->n_until; ++u) {
    int fi = hp->until[u];
    if (fi < 0 || fi >= S->n_fns) continue;
    const bf_seq_fn* f = &S->fns[fi];
    if (fills_handle(f->ret_kind) && nH >= kCapHandles) continue;
    if (nB + f->n_params > kCapBufs) continue;
    if (!bf_seq_len_callable_at_end(f)) continue;
    bf_seq_value a[BF_SEQ_MAX_PARAMS];
    int ah[BF_SEQ_MAX_PARAMS], ab[BF_SEQ_MAX_PARAMS];
    int ok = 1;
    for (int p = 0; p < f->n_params && ok; ++p) {
      const bf_seq_param* q = &f->params[p];
      ah[p] = -1;
      ab[p] = -1;
      a[p].u = 0;
      if (q->mode == BF_SEQ_P_SCALAR) {
        a[p] = normalize(q->scalar, q->has_range ? (uint64_t)q->lo : 0);
      } else if (q->mode == BF_SEQ_P_BORROWED || q->mode == BF_SEQ_P_RETAINED ||
                 q->mode == BF_SEQ_P_CONSUMED) {
        int (*okf)(int, int) = q->mode == BF_SEQ_P_BORROWED ? ok_borrow : ok_own;
        int want[BF_SEQ_MAX_PARAMS + 2], nw = 0;
        want[nw++] = r->h;
        for (int c = 0; c < r->n_co; ++c) want[nw++] = r->co[c];
        if (r->ret >= 0) want[nw++] = r->ret;
        for (int k = 0; k < nw && ah[p] < 0; ++k)
          if (okf(want[k], q->resource)) ah[p] = want[k];
        for (int k = 0; k < nH && ah[p] < 0; ++k)
          if (okf(k, q->resource)) ah[p] = k;
        if (ah[p] < 0) ok = 0;
        else a[p].p = H[ah[p]].ptr;
      } else if (q->mode == BF_SEQ_P_BUF_IN || q->mode == BF_SEQ_P_BUF_OUT ||
                 q->mode == BF_SEQ_P_STR) {
        size_t size = q->mode == BF_SEQ_P_STR ? 1 : 0;
        unsigned char* buf = (unsigned char*)bf_alloc_exact(size);
        if (size) buf[0] = 0;
        B[nB].p = buf;
        B[nB].size = size;
        B[nB].fn = fi;
        B[nB].param = p;
        B[nB].op = -1;
        B[nB].state = RB_LIVE;
        ab[p] = nB++;
        a[p].p = buf;
      }
    }
    if (!ok) {
      for (int p = 0; p < f->n_params; ++p)
        if (ab[p] >= 0) bf_free(B[ab[p]].p), B[ab[p]].state = RB_FREED;
      continue;
    }
    do_call(fi, a, ah, ab, "end-of-input call that ends C's hold");
    return 1;
  }
  return 0;
}

// End of input: Rust's borrows end, then Rust drops everything it owns in
// reverse order of creation (what C still holds waits until the hold ends).
static void end_of_input(void) {
  g_in_input = 0;
  C.op = -1;
  bf_seq_loc none = {S->file, 0};
  for (int i = nH - 1; i >= 0; --i)
    if (H[i].state == HS_BORROWED) close_tree(i, -1, none);
  for (int round = 0; round < kCapHandles + kCapHolds; ++round) {
    int progress = 0;
    for (int i = nH - 1; i >= 0; --i) {
      while (droppable(i)) {
        drop_ref(i, "end-of-input drop");
        progress = 1;
      }
    }
    if (progress) continue;
    for (int i = 0; i < nR && !progress; ++i) {
      if (!R[i].active || R[i].tried) continue;
      R[i].tried = 1;
      progress = end_hold_by_call(&R[i]);
      for (int k = nH - 1; k >= 0; --k)
        if (H[k].state == HS_BORROWED) close_tree(k, -1, none);
    }
    if (!progress) break;
  }
  for (int i = 0; i < nH; ++i) {
    if (H[i].state != HS_OWNED) continue;
    if (H[i].kind == HK_RES && S->resources[H[i].resource].rust_refcount && H[i].retained == 0) {
      // Rust's own count: dropping the last reference calls no C function.
      add_event(i, EV_RUST_FREED, -1, NULL, S->resources[H[i].resource].loc);
      g_refs_given += H[i].refs;
      H[i].refs = 0;
      set_dead(i, HS_RELEASED);
      continue;
    }
    bf_seq_loc loc = {S->file, 0};
    add_event(i, EV_LEFT, -1, NULL, loc);
    g_refs_given += H[i].refs;
    set_dead(i, HS_LEFT);
  }
}

// One operation: its selector byte, then its arguments.
static void run_op(reader* r) {
  const int n_ops = BF_SEQ_SYNTHETIC_OPS + S->n_fns;
  int sel = rd_u8(r) % n_ops;
  if (sel == 0) {
    op_drop(r);
  } else if (sel == 1) {
    op_get(r);
  } else if (sel == 2) {
    op_new(r);
  } else {
    op_call(r, sel - BF_SEQ_SYNTHETIC_OPS);
  }
}

// A preemption point: a lock was released (kernel shims) or user code says
// another thread could run here. The input decides: the next byte is the
// schedule (below 0x80: this thread goes on; else another thread runs one
// operation, decoded from the bytes that follow, before this call goes on).
// The schedule is part of the input, so a crash replays. Only inside a call
// of the input's own operations, one level deep.
void bf_preempt_point(void) {
  if (!P.open || P.depth > 0 || P.disabled || g_reported || S == NULL) return;
  reader* r = P.r;
  if (r == NULL || r->pos >= r->n) return;
  if (rd_u8(r) < 0x80) return;
  P.depth++;
  P.taken++;
  const __typeof__(C) saved = C;
  if (g_trace) fprintf(stderr, BF_TAG_SEQ "op %d preempted: another thread runs one operation\n", g_op);
  run_op(r);
  C = saved;
  P.depth--;
}

static void init_once(void) {
  if (g_initialized) return;
  g_initialized = 1;
  const char* t = getenv("BINDFUZZ_TRACE");
  g_trace = t != NULL && t[0] != 0 && t[0] != '0';
  const char* np = getenv("BINDFUZZ_PREEMPT");
  P.disabled = np != NULL && np[0] == '0';
  g_libfuzzer = LLVMFuzzerRunDriver != NULL;
  if (!g_libfuzzer) {
    if (__sanitizer_set_death_callback != NULL) __sanitizer_set_death_callback(on_death);
    if (__sanitizer_install_malloc_and_free_hooks != NULL)
      __sanitizer_install_malloc_and_free_hooks(malloc_hook, free_hook);
  }
}

int bf_seq_run(const bf_seq_spec* spec, const uint8_t* data, size_t size) {
  S = spec;
  init_once();
  bf_seq_state_begin(spec, data, size);  // resets, carried-state watch
  g_max_ops = spec->max_ops < 1 ? 1 : spec->max_ops > BF_SEQ_MAX_OPS ? BF_SEQ_MAX_OPS : spec->max_ops;
  g_max_handles = spec->max_handles < 1 ? 1
                  : spec->max_handles > BF_SEQ_MAX_HANDLES ? BF_SEQ_MAX_HANDLES
                                                           : spec->max_handles;
  nH = 0;
  g_live = 0;
  nR = 0;
  nB = 0;
  q_head = q_len = 0;
  memset(&C, 0, sizeof C);
  C.reading = -1;
  g_in_input = 1;
  g_mallocs = g_frees = 0;
  g_refs_taken = g_refs_given = 0;
  g_counting = 1;

  reader r = {data, size, 0};
  P.r = &r;
  P.open = 0;
  P.depth = 0;
  P.n_pinned = 0;
  if (bf_seq_cb_input_begin != NULL) bf_seq_cb_input_begin();
  for (g_op = 0; g_op < g_max_ops && r.pos < r.n; ++g_op) {
    run_op(&r);
    verify_borrows();
    if (bf_seq_cb_after_op != NULL) bf_seq_cb_after_op();
  }
  P.r = NULL;
  end_of_input();
  if (g_refs_taken != g_refs_given || g_live != 0) {
    fprintf(stderr,
            BF_TAG_ERROR "sequence engine accounting: %ld references taken, %ld given back, "
            "%d handles live after the input\n",
            g_refs_taken, g_refs_given, g_live);
    abort();
  }
  quarantine_flush();
  // Which objects Rust did not release are still allocated (leak
  // attribution), then forget every address: the handle table must not
  // keep a leaked object reachable for LSan.
  for (int i = 0; i < nH; ++i) {
    handle* h = &H[i];
    h->still_allocated = h->kind == HK_RES && h->lo != 0 && __sanitizer_get_allocated_begin != NULL &&
                         (uintptr_t)__sanitizer_get_allocated_begin((void*)h->lo) == h->lo &&
                         h->hi - h->lo > 1;
    h->ptr = NULL;
    h->lo = h->hi = 0;
  }
  for (int i = 0; i < nB; ++i) B[i].p = NULL;
  C.active = 0;
  g_counting = 0;
  // Our own count: more allocations than frees during the input. LSan
  // decides whether any is unreachable (libFuzzer does the same check itself
  // after the input, so only the replay driver needs it here).
  if (!g_libfuzzer && g_mallocs != g_frees && __lsan_do_recoverable_leak_check != NULL) {
    if (__lsan_do_recoverable_leak_check()) {
      if (!g_reported) {
        g_reported = 1;
        emit_line(BF_LIFETIME_LEAK, 0, 1, NULL);
      }
      abort();
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------
// What bf_seq_callback.c asks of the engine (bf_seq_callback.h): the objects
// C passes to a Rust closure become handles, so reports name the callback's
// spec line. Each entry keeps the context of the C call that runs the
// closure.

int bf_seq_cb_adopt(int resource, void* p, int how, int callee, const char* param, bf_seq_loc loc) {
  if (S == NULL || !g_in_input || nH >= kCapHandles || g_live >= g_max_handles) return -1;
  if (resource < 0 || resource >= S->n_resources) return -1;
  int h = new_handle(HK_RES, how == BF_SEQ_CB_GIVEN ? HS_OWNED : HS_BORROWED, resource, p);
  add_event(h, how == BF_SEQ_CB_GIVEN ? EV_CB_GIVEN : how == BF_SEQ_CB_KEPT ? EV_CB_KEPT : EV_CB_LENT,
            callee, param, loc);
  if (g_trace) fprintf(stderr, BF_TAG_SEQ "  callback %s -> h%d\n", param, h);
  return h;
}

void bf_seq_cb_close(int h, bf_seq_loc loc) {
  if (h < 0 || h >= nH || H[h].state != HS_BORROWED) return;
  close_tree(h, -1, loc);
}

int bf_seq_cb_drop(int h) {
  if (h < 0 || h >= nH || !droppable(h)) return 0;
  const __typeof__(C) saved = C;
  while (droppable(h)) drop_ref(h, "drop at the end of the callback");
  C = saved;
  return 1;
}

int bf_seq_cb_read(int h, const char* what) {
  if (h < 0 || h >= nH || H[h].state != HS_BORROWED || H[h].ptr == NULL) return 0;
  const __typeof__(C) saved = C;
  C.reading = h;
  C.what = what;
  (void)*(const volatile unsigned char*)H[h].ptr;
  C = saved;
  return 1;
}

void bf_seq_cb_release_raw(int resource, void* p) {
  if (S == NULL || resource < 0 || resource >= S->n_resources) return;
  const bf_seq_resource* r = &S->resources[resource];
  if (r->release != NULL) r->release(p);
  else if (r->put != NULL) r->put(p);
}

int bf_seq_cb_op(void) { return g_in_input ? g_op : -1; }

__attribute__((noreturn)) void bf_seq_cb_report(const char* cls, bf_seq_loc loc, const char* what,
                                                const char* detail) {
  C.loc = loc;
  C.what = what;
  C.active = 1;
  engine_report(cls, detail);
}
