// bindgen's `file_io_methods` is C's `struct io_methods`; the binding is
// from an older header without `xShmMap` (rustc: 16 bytes).
// EXPECT-MISMATCH: record-size file_io_methods
// EXPECT-MISMATCH: field-extra file_io_methods.xShmMap
use core::ffi::c_int;
#[repr(C)]
pub struct file {
    pub pMethods: *const file_io_methods,
}
#[repr(C)]
pub struct file_io_methods {
    pub iVersion: c_int,
    pub xClose: Option<unsafe extern "C" fn(arg1: *mut file) -> c_int>,
}
pub type io_methods = file_io_methods;
extern "C" {
    pub fn file_close(f: *mut file, m: *const io_methods) -> c_int;
}
