// The C side of the `mod` pair: `a` is an int here, an i64 in ffi.rs.
// bindfuzz-flags: --target=x86_64-linux-gnu
struct s { int a; };
struct same { int x; struct s *y; };
