// libc's way: the macro-aliased member bound flat under its own name, and
// the unnamed union type named __c_anonymous_<member>. Clean.
#[repr(C)]
pub struct act {
    pub sa_sigaction: Option<unsafe extern "C" fn(i32, *mut ::core::ffi::c_void, *mut ::core::ffi::c_void)>,
    pub sa_flags: u64,
}
#[repr(C)]
#[derive(Copy, Clone)]
pub union __c_anonymous_ifru {
    pub ivalue: i32,
    pub lvalue: i64,
}
#[repr(C)]
pub struct req {
    pub name: [i8; 16],
    pub ifru: __c_anonymous_ifru,
}
extern "C" {
    pub fn use_req(r: *mut req) -> i32;
}
