// Records named after C typedefs of differently tagged structs pair with
// the tagged record; the real difference of `io_t` is reported.
// EXPECT-MISMATCH: record-size io_t
// EXPECT-MISMATCH: record-align io_t
// EXPECT-MISMATCH: field-extra io_t.x
use core::ffi::{c_int, c_long};
#[repr(C)]
pub struct s_t {
    pub a: c_int,
    pub b: c_long,
}
pub type s_p = *mut s_t;
#[repr(C)]
pub struct holder {
    pub inner: s_t,
    pub next: *mut s_t,
}
#[repr(C)]
pub struct io_t {
    pub v: c_int,
}
extern "C" {
    pub fn use_s(p: s_p) -> c_int;
    pub fn use_io(p: *mut io_t) -> c_int;
}
