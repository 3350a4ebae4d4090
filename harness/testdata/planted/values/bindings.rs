// A rustified enum (bindgen --rustified-enum) that lacks MODE_C.
#[repr(u32)]
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub enum mode {
    MODE_A = 1,
    MODE_B = 2,
}
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct cfg {
    pub m: mode,
    pub level: ::core::ffi::c_int,
}
// C stores any unsigned char; Rust reads a bool.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct flag {
    pub on: bool,
}
extern "C" {
    pub fn current_mode() -> mode;
}
