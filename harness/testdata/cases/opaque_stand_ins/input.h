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
// Two C structs of one layout; the binding aliases one to the other
// (libgit2's git_revert_options = git_cherrypick_options). clang and rustc
// agree: 16 bytes, align 8, fields at 0 and 8.
typedef struct { unsigned int version; void *payload; } pick_opts;
typedef struct { unsigned int version; void *payload; } revert_opts;
int do_revert(const revert_opts *o);
