mod ffi;
pub use ffi::*;
