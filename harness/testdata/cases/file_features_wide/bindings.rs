// --rust bindings.rs --features wide: rustc keeps WIDTH = 64; C has 32.
// bindfuzz-rust-flags: --features wide
// EXPECT-MISMATCH: constant-value WIDTH
#[cfg(not(newlib))]
pub const FLAG: u32 = 1;
#[cfg(newlib)]
pub const FLAG: u32 = 0;

#[cfg(feature = "wide")]
pub const WIDTH: u32 = 64;
#[cfg(not(feature = "wide"))]
pub const WIDTH: u32 = 32;
