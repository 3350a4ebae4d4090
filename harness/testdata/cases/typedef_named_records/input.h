// bindfuzz-flags: --target=x86_64-linux-gnu
// Rust names these records after the C typedefs, not the tags (zlib's
// z_stream, SQLite's sqlite3_io_methods pattern).
typedef struct s_tag { int a; long b; } s_t;
typedef s_t *s_p;
int use_s(s_p p);
struct holder { s_t inner; s_t *next; };
// Rust binds io_t short: clang says 16 bytes, align 8; rustc 4, align 4.
typedef struct io_tag { int v; void *x; } io_t;
int use_io(io_t *p);
