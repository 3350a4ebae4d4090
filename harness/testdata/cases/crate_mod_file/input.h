// The C side of the issue's `mod` pair: `a` is an int here, an i64 in the
// crate's ffi.rs, which only `mod ffi;` in lib.rs reaches.
// bindfuzz-flags: --target=x86_64-linux-gnu
struct s { int a; };
