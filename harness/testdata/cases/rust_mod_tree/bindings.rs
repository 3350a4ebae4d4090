// The `mod` pair read with --rust: bindings.rs (the crate root) holds
// `mod ffi; pub use ffi::*;`, the struct is in ffi.rs next to it, as rustc
// reads it. Reading bindings.rs alone saw no item and exited 0; `a` is an i64
// here, an int in C.
// EXPECT-MISMATCH: record-size s
// EXPECT-MISMATCH: record-align s
// EXPECT-MISMATCH: field-width s.a
mod ffi;
pub use ffi::*;
