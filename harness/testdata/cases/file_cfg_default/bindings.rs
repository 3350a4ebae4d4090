// --rust bindings.rs with no --cfg: rustc keeps FLAG = 1 and WIDTH = 32, as C has.
// (No EXPECT-MISMATCH line: the case is clean.)
#[cfg(not(newlib))]
pub const FLAG: u32 = 1;
#[cfg(newlib)]
pub const FLAG: u32 = 0;

#[cfg(feature = "wide")]
pub const WIDTH: u32 = 64;
#[cfg(not(feature = "wide"))]
pub const WIDTH: u32 = 32;
