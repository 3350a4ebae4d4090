#![allow(non_camel_case_types)]
use libc::{c_char, c_int, off_t, size_t};

#[repr(C)]
pub struct rec {
    pub n: size_t,
    pub off: off_t,
    pub t: libc::time_t,
    pub tv: libc::timeval,
    pub sa: libc::sockaddr,
}

// C has an int here: a true difference (8 bytes vs 4).
#[repr(C)]
pub struct io {
    pub len: libc::ssize_t,
}

extern "C" {
    pub fn rec_fill(r: *mut rec, path: *const c_char, from: *mut libc::sockaddr, n: *mut size_t) -> c_int;
}
