// A transparent union parameter bound as one of its members' pointer types
// (libc's `*mut sockaddr`), as another member's, or as `*mut c_void` is the
// same parameter. An integer, or a pointer to an unrelated record, is not.
// EXPECT-MISMATCH: function-param-type connect(addr)
// EXPECT-MISMATCH: function-param-type getsockname(addr)
use core::ffi::{c_int, c_long, c_uint, c_ushort, c_char, c_void};
pub type socklen_t = c_uint;
#[repr(C)]
pub struct sockaddr { pub sa_family: c_ushort, pub sa_data: [c_char; 14] }
#[repr(C)]
pub struct sockaddr_in { pub sin_family: c_ushort, pub sin_port: c_ushort, pub sin_addr: c_uint, pub sin_zero: [c_char; 8] }
#[repr(C)]
pub struct other { pub x: c_long }
extern "C" {
    pub fn accept(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
    pub fn bind(fd: c_int, addr: *const sockaddr_in, len: socklen_t) -> c_int;
    pub fn getpeername(fd: c_int, addr: *mut c_void, len: *mut socklen_t) -> c_int;
    pub fn connect(fd: c_int, addr: i64, len: socklen_t) -> c_int;
    pub fn getsockname(fd: c_int, addr: *mut other, len: *mut socklen_t) -> c_int;
}
