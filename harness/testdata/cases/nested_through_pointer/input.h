// bindfuzz-flags: --target=x86_64-linux-gnu
// A struct declared inside another behind a pointer member (SQLite's
// sqlite3_file.pMethods): bindgen names it `file_io_methods`.
// clang: sizeof(struct io_methods) 24; the Rust binding's is 16.
typedef struct file file;
struct file {
  const struct io_methods {
    int iVersion;
    int (*xClose)(file *);
    int (*xShmMap)(file *, int);
  } *pMethods;
};
typedef struct io_methods io_methods;
int file_close(file *f, const io_methods *m);
