// bindfuzz-flags: --target=x86_64-linux-gnu
// Forward-declared C structs that Rust binds with its opaque idioms.
struct fwd;
typedef struct fwd fwd_t;
int use_fwd(fwd_t *p, struct fwd *q);
typedef struct db db;
int use_db(db *p);
struct handle;
int use_handle(struct handle *h);
// Complete in C, opaque in Rust: reached only through pointers.
struct ctx { int state; };
struct ctx *ctx_new(void);
// SQLite's header: `typedef struct sqlite3_value sqlite3_value;`; the crate
// names its stand-in after the library's internal struct (`Mem`).
typedef struct value value;
int value_int(value *v);
