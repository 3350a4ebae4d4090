// bindfuzz sequence engine, callbacks: see bf_seq_callback.h.
//
// State is per input and static: the C calls in progress (a stack, as C
// calls nest: a release inside a callback inside a call), the registrations
// Rust made (their slot addresses are the user-data pointers), and the
// handles the closures kept.
#include "bf_seq_callback.h"

#include <stdint.h>
#include <string.h>

#include "bf_tag_format.h"

enum {
  kCapFrames = 32,
  kCapRegs = 4096,
  kCapKept = BF_SEQ_MAX_HANDLES,
  kMaxPtrs = BF_SEQ_MAX_PARAMS,
};

typedef struct {
  int callee;
  void* ptrs[kMaxPtrs];
  int n_ptrs;
} frame;

typedef struct {
  const bf_seq_callback* cb;
  void* ptrs[kMaxPtrs];  // the registering call's objects
  int n_ptrs;
  int frame;             // depth of the registering call while it runs, -1 after
  int active;            // registered (C may call it)
} reg;

static frame F[kCapFrames];
static int nF;
static int g_frames_lost;  // deeper than kCapFrames: checks are off for this input
static reg G[kCapRegs];
static int nG;
static int g_regs_lost;    // more registrations than kCapRegs: checks are off
static int K[kCapKept];
static int nK;

void bf_seq_cb_input_begin(void) {
  nF = 0;
  g_frames_lost = 0;
  nG = 0;
  g_regs_lost = 0;
  nK = 0;
}

void bf_seq_cb_enter(int callee, void* const* ptrs, int n_ptrs) {
  if (nF >= kCapFrames) {
    g_frames_lost++;
    return;
  }
  frame* f = &F[nF++];
  f->callee = callee;
  f->n_ptrs = 0;
  for (int i = 0; i < n_ptrs && i < kMaxPtrs; ++i)
    if (ptrs[i] != NULL) f->ptrs[f->n_ptrs++] = ptrs[i];
}

static int shares_object(const reg* g, const frame* f) {
  if (g->n_ptrs == 0 || f->n_ptrs == 0) return 1;
  for (int i = 0; i < g->n_ptrs; ++i)
    for (int k = 0; k < f->n_ptrs; ++k)
      if (g->ptrs[i] == f->ptrs[k]) return 1;
  return 0;
}

void bf_seq_cb_leave(int callee) {
  (void)callee;
  if (g_frames_lost > 0) {
    g_frames_lost--;
    return;
  }
  if (nF == 0) return;
  const frame* f = &F[nF - 1];
  for (int i = 0; i < nG; ++i) {
    reg* g = &G[i];
    if (g->frame == nF - 1) {
      // The registering call returns: a callback without runs_during or
      // unregistered_by lives only during it.
      g->frame = -1;
      if (g->cb->n_runs_during == 0 && g->cb->unregistered_by < 0) g->active = 0;
    } else if (g->active && g->cb->unregistered_by == f->callee && shares_object(g, f)) {
      g->active = 0;  // unregistered: C never calls it again
    }
  }
  nF--;
}

void* bf_seq_cb_register(const bf_seq_callback* cb) {
  if (nG >= kCapRegs || nF == 0 || g_frames_lost > 0) {
    g_regs_lost = 1;
    return NULL;
  }
  reg* g = &G[nG++];
  memset(g, 0, sizeof *g);
  g->cb = cb;
  g->frame = nF - 1;
  g->active = 1;
  g->n_ptrs = F[nF - 1].n_ptrs;
  memcpy(g->ptrs, F[nF - 1].ptrs, sizeof(void*) * (size_t)g->n_ptrs);
  return g;  // the user data: the closure's state, as Box::into_raw would give
}

static int in_ids(int id, const int* ids, int n) {
  for (int i = 0; i < n; ++i)
    if (ids[i] == id) return 1;
  return 0;
}

// C may call `g`'s closure now: inside its registering call, or while it is
// registered -- with runs_during, only during those calls or the
// unregistering one.
static int allowed(const reg* g) {
  if (g->frame >= 0) return 1;
  if (!g->active) return 0;
  const bf_seq_callback* cb = g->cb;
  if (cb->n_runs_during == 0) return 1;
  for (int i = 0; i < nF; ++i)
    if (in_ids(F[i].callee, cb->runs_during, cb->n_runs_during) || F[i].callee == cb->unregistered_by)
      return 1;
  return 0;
}

// Report text, without malloc (this runs inside C calls).
typedef struct {
  char b[512];
  size_t n;
} text;

static void put(text* t, const char* s) {
  while (s != NULL && *s != 0 && t->n + 1 < sizeof t->b) t->b[t->n++] = *s++;
  t->b[t->n] = 0;
}

static int running_callee(void) { return nF > 0 ? F[nF - 1].callee : -1; }

void bf_seq_cb_called(const bf_seq_callback* cb, const bf_seq_value* args) {
  static text t;
  t.n = 0;
  t.b[0] = 0;
  // Which registration C calls back.
  const reg* g = NULL;
  int ud = -1;
  for (int i = 0; i < cb->n_args; ++i)
    if (cb->args[i].mode == BF_SEQ_CB_USER_DATA) ud = i;
  if (!g_regs_lost && g_frames_lost == 0) {
    if (ud >= 0) {
      const void* p = args[ud].p;
      if ((uintptr_t)p >= (uintptr_t)&G[0] && (uintptr_t)p < (uintptr_t)&G[nG] &&
          ((uintptr_t)p - (uintptr_t)&G[0]) % sizeof(reg) == 0 && ((const reg*)p)->cb == cb)
        g = (const reg*)p;
      if (g == NULL) {
        // What it is, never its address (a saved input must give the same line).
        int other = 0;
        for (int i = 0; i < nG && !other; ++i) other = p == (const void*)&G[i];
        put(&t, "C passed ");
        put(&t, p == NULL ? "NULL" : other ? "another callback's user data" : "a pointer Rust never registered");
        put(&t, " in ");
        put(&t, cb->args[ud].name);
        put(&t, ", not the user data registered with this callback");
        bf_seq_cb_report(BF_LIFETIME_CALLBACK_USER_DATA, cb->args[ud].loc,
                         "C calls the callback", t.b);
      }
      if (!allowed(g)) {
        put(&t, g->active ? "C calls the closure outside the calls it runs during"
                : cb->n_runs_during == 0 && cb->unregistered_by < 0
                    ? "C calls the closure after its registering call returned (the spec lends it for that call only)"
                    : "C calls the closure after it was unregistered");
        bf_seq_cb_report(BF_LIFETIME_CALLBACK_NOT_REGISTERED, cb->loc, "C calls the callback", t.b);
      }
    } else {
      for (int i = nG - 1; i >= 0 && g == NULL; --i)
        if (G[i].cb == cb && allowed(&G[i])) g = &G[i];
      if (g == NULL) {
        put(&t, "no registration of this callback is active in this C call");
        bf_seq_cb_report(BF_LIFETIME_CALLBACK_NOT_REGISTERED, cb->loc, "C calls the callback", t.b);
      }
    }
  }
  // The closure's body: it reads what it borrows, keeps what it keeps, and
  // drops what it owns.
  int h[BF_SEQ_MAX_PARAMS];
  const int callee = running_callee();
  for (int i = 0; i < cb->n_args && i < BF_SEQ_MAX_PARAMS; ++i) {
    const bf_seq_cb_arg* a = &cb->args[i];
    h[i] = -1;
    if (a->mode != BF_SEQ_CB_BORROWED && a->mode != BF_SEQ_CB_KEPT && a->mode != BF_SEQ_CB_GIVEN) continue;
    void* p = args[i].p;
    if (p == NULL) {
      put(&t, "C passed NULL in ");
      put(&t, a->name);
      put(&t, ", which the closure takes as a reference (not an Option)");
      bf_seq_cb_report(BF_LIFETIME_UNEXPECTED_NULL, a->loc, "C calls the callback", t.b);
    }
    h[i] = bf_seq_cb_adopt(a->resource, p, a->mode, callee, a->name, a->loc);
    (void)*(const volatile unsigned char*)p;  // the closure uses it
  }
  for (int i = 0; i < cb->n_args && i < BF_SEQ_MAX_PARAMS; ++i) {
    const bf_seq_cb_arg* a = &cb->args[i];
    if (a->mode == BF_SEQ_CB_BORROWED) {
      bf_seq_cb_close(h[i], cb->loc);
    } else if (a->mode == BF_SEQ_CB_KEPT) {
      if (h[i] >= 0 && nK < kCapKept) K[nK++] = h[i];
    } else if (a->mode == BF_SEQ_CB_GIVEN) {
      if (h[i] < 0 || !bf_seq_cb_drop(h[i])) bf_seq_cb_release_raw(a->resource, args[i].p);
    }
  }
}

// Rust uses what its closures kept, after every operation.
void bf_seq_cb_after_op(void) {
  int n = 0;
  for (int i = 0; i < nK; ++i)
    if (bf_seq_cb_read(K[i], "Rust uses what its callback kept")) K[n++] = K[i];
  nK = n;
}
