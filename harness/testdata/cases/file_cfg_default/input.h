// The C side of the file-mode cfg cases: FLAG is 1 (not newlib), WIDTH 32.
// bindfuzz-flags: --target=x86_64-linux-gnu
#define FLAG 1
#define WIDTH 32
