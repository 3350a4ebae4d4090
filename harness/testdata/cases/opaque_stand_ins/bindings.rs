// `pub enum X {}`, `struct X([u8; 0])` and `struct X { _unused: [u8; 0] }`
// are Rust's opaque stand-ins for C's `struct X;`, under its name or
// another: clean. So is a record aliased to another of the same layout.
use core::ffi::c_int;
pub enum fwd {}
pub type fwd_t = fwd;
#[repr(C)]
pub struct db([u8; 0]);
#[repr(C)]
pub struct handle {
    _unused: [u8; 0],
}
pub enum ctx {}
#[repr(C)]
pub struct Mem {
    _unused: [u8; 0],
}
pub type value = Mem;
#[repr(C)]
pub struct pick_opts {
    pub version: core::ffi::c_uint,
    pub payload: *mut core::ffi::c_void,
}
pub type revert_opts = pick_opts;
extern "C" {
    pub fn use_fwd(p: *mut fwd_t, q: *mut fwd) -> c_int;
    pub fn use_db(p: *mut db) -> c_int;
    pub fn use_handle(h: *mut handle) -> c_int;
    pub fn ctx_new() -> *mut ctx;
    pub fn value_int(v: *mut value) -> c_int;
    pub fn do_revert(o: *const revert_opts) -> c_int;
}
