// bindfuzz sequence engine, callbacks: a Rust closure that C calls back.
//
// For each `callback NAME(params) -> ret registered_by F ...` of a spec the
// generator writes a C-callable function with the prototype the spec states
// (resource pointers as void*, scalars at their width), passes it and a
// user-data pointer where F takes `callback NAME` / `user_data NAME`, and
// brackets every C call it makes with bf_seq_cb_enter / bf_seq_cb_leave:
//
//   bf_seq_cb_enter(callee, ptrs, n);        // every thunk
//   void* ud = bf_seq_cb_register(&kCallbacks[0]);   // F's thunk only
//   ... the C call, passing bf_cb0 and ud ...
//   bf_seq_cb_leave(callee);
//
//   extern "C" int32_t bf_cb0(void* item, void* arg) {   // what C calls
//     bf_seq_value v[2]; v[0].p = item; v[1].p = arg;
//     bf_seq_cb_called(&kCallbacks[0], v);
//     return 0;
//   }
//
// When C calls it, bf_seq_cb_called behaves as the closure would and checks
// C's side: the call comes while the closure is registered (from the start
// of F; until F returns, or until an `unregistered_by` call passed one of
// F's objects returns, or -- with `runs_during` -- to the end of the input;
// with `runs_during`, outside F only during those calls), the user data is
// the pointer registered with it, and every borrowed / owned pointer is
// non-NULL. The closure reads one byte of each borrowed object (a dangling
// one is an ASan report), keeps `kept` ones (the engine reads them again
// after every later operation: an object C freed meanwhile is a
// use-after-free naming the spec line that says the closure keeps it) and
// releases `owned` ones through the resource's release / put before it
// returns. It returns 0. Violations print a BINDFUZZ-LIFETIME line
// (classes in bf_tag_format.h) naming the callback's spec line and abort.
#ifndef BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_CALLBACK_H_
#define BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_CALLBACK_H_

#include "bf_seq.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bf_seq_cb_mode {
  BF_SEQ_CB_SCALAR,     // by value; the closure ignores it
  BF_SEQ_CB_BORROWED,   // valid during the call: read, then the borrow ends
  BF_SEQ_CB_KEPT,       // the closure keeps it and reads it after later operations
  BF_SEQ_CB_GIVEN,      // ownership passes to Rust: released before returning
  BF_SEQ_CB_USER_DATA   // the registered pointer, passed back
} bf_seq_cb_mode;

typedef struct bf_seq_cb_arg {
  const char* name;
  bf_seq_cb_mode mode;
  int resource;         // BORROWED / KEPT / GIVEN: index in bf_seq_spec.resources
  bf_seq_loc loc;
} bf_seq_cb_arg;

typedef struct bf_seq_callback {
  const char* name;
  bf_seq_loc loc;
  const bf_seq_cb_arg* args;
  int n_args;
  int registered_by;       // callee id
  const int* runs_during;  // callee ids; none = only inside registered_by
  int n_runs_during;       // (unless unregistered_by is given)
  int unregistered_by;     // callee id, -1 = none
} bf_seq_callback;

// Called by the generated code (see above). `ptrs` are the call's resource
// pointers (which objects a registration belongs to).
void bf_seq_cb_enter(int callee, void* const* ptrs, int n_ptrs);
void bf_seq_cb_leave(int callee);
void* bf_seq_cb_register(const bf_seq_callback* cb);
void bf_seq_cb_called(const bf_seq_callback* cb, const bf_seq_value* args);

// Called by bf_seq.c (weak there): per input, and after every operation.
void bf_seq_cb_input_begin(void);
void bf_seq_cb_after_op(void);

// Provided by bf_seq.c for this module. adopt: a handle for an object C
// passes to the closure (`how` = BORROWED, KEPT or GIVEN), -1 when the
// handle table is full; close: a borrow ends; drop: Rust releases what it
// was given (0 when it cannot); read: Rust reads one byte of a kept borrow
// (0 when it is no longer open); release_raw: release without a handle.
int bf_seq_cb_adopt(int resource, void* p, int how, int callee, const char* param, bf_seq_loc loc);
void bf_seq_cb_close(int h, bf_seq_loc loc);
int bf_seq_cb_drop(int h);
int bf_seq_cb_read(int h, const char* what);
void bf_seq_cb_release_raw(int resource, void* p);
int bf_seq_cb_op(void);
__attribute__((noreturn)) void bf_seq_cb_report(const char* cls, bf_seq_loc loc, const char* what,
                                                const char* detail);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_CALLBACK_H_
