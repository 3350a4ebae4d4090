#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct pkt {
    pub a: ::core::ffi::c_int,
    pub c: ::core::ffi::c_int,
    pub b: ::core::ffi::c_int,
}
