// A small C library wrapped by the planted Rust crates of wrapper mode: a
// reference-counted connection with a name C keeps by pointer.
#ifndef BF_TESTDATA_WRAPPER_WLIB_H_
#define BF_TESTDATA_WRAPPER_WLIB_H_

struct w_conn;

struct w_conn* w_open(int id);        // one reference; NULL when id < 0
void w_ref(struct w_conn* c);         // one more reference
int w_close(struct w_conn* c);        // drops one reference; the last frees; returns the id
int w_id(const struct w_conn* c);
// Keeps `name` (no copy): it must stay valid until the next w_set_name or
// the last w_close.
void w_set_name(struct w_conn* c, const char* name);
int w_name_len(const struct w_conn* c);  // strlen of the kept name, 0 without one

#endif
