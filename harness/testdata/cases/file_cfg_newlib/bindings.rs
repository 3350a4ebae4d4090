// --rust bindings.rs --cfg newlib: rustc keeps FLAG = 0, which C does not have.
// bindfuzz-rust-flags: --cfg newlib
// EXPECT-MISMATCH: constant-value FLAG
#[cfg(not(newlib))]
pub const FLAG: u32 = 1;
#[cfg(newlib)]
pub const FLAG: u32 = 0;

#[cfg(feature = "wide")]
pub const WIDTH: u32 = 64;
#[cfg(not(feature = "wide"))]
pub const WIDTH: u32 = 32;
