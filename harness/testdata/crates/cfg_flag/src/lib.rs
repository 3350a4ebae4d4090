#[cfg(not(newlib))]
pub const FLAG: u32 = 1;
#[cfg(newlib)]
pub const FLAG: u32 = 0;

#[cfg(feature = "wide")]
pub const WIDTH: u32 = 64;
#[cfg(not(feature = "wide"))]
pub const WIDTH: u32 = 32;
