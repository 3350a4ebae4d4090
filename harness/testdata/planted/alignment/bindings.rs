pub type u64_ = ::core::ffi::c_ulonglong;
pub type compat_u64 = u64_;
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct cmsg {
    pub a: compat_u64,
    pub b: compat_u64,
}
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct over {
    pub v: ::core::ffi::c_longlong,
    pub w: ::core::ffi::c_longlong,
}
