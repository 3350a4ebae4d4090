// `pub enum X {}`, `struct X([u8; 0])` and `struct X { _unused: [u8; 0] }`
// are Rust's opaque stand-ins for C's `struct X;`, under its name or
// another: clean.
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
extern "C" {
    pub fn use_fwd(p: *mut fwd_t, q: *mut fwd) -> c_int;
    pub fn use_db(p: *mut db) -> c_int;
    pub fn use_handle(h: *mut handle) -> c_int;
    pub fn ctx_new() -> *mut ctx;
    pub fn value_int(v: *mut value) -> c_int;
}
