// EXPECT-MISMATCH: typedef-mismatch create_cb
// EXPECT-MISMATCH: function-pointer-type opts.cb
use core::ffi::{c_int, c_ulong, c_void};
pub enum obj {}
pub type create_cb = Option<unsafe extern "C" fn(count: c_ulong, parents: *const obj, payload: *mut c_void) -> c_int>;
#[repr(C)]
pub struct opts {
    pub version: c_int,
    pub cb: create_cb,
}
extern "C" {
    pub fn run(o: *mut opts) -> c_int;
}
