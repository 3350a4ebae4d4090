// openssl-sys (edition 2015) declares its opaque handles in one module and
// its functions in others that import the crate root with `use *;`: the
// handles must resolve through that glob, or every function taking one is
// left uncompared. `bio_get_flags` takes the handle and returns an int
// Rust binds as i64: the one real difference.
// bindfuzz-flags: --target=x86_64-linux-gnu
typedef struct bio_st BIO;
int BIO_free(BIO *b);
int bio_get_flags(const BIO *b);
struct bio_info { BIO *bio; int kind; };
