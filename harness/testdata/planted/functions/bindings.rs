#[repr(C)]
pub struct dev {
    _unused: [u8; 0],
}
extern "C" {
    // mask: C unsigned int (32 bits), Rust u64: the upper bits never arrive.
    pub fn dev_set_level(d: *mut dev, level: ::core::ffi::c_int, mask: u64) -> ::core::ffi::c_long;
    // Agrees with C.
    pub fn dev_flags(d: *mut dev) -> ::core::ffi::c_int;
}
