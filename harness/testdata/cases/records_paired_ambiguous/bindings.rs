// `Addr` for two C records; `Ts` for a C record Rust binds by name too.
// EXPECT-MISMATCH: record-missing Addr
// EXPECT-MISMATCH: function-param-type bind_b(addr)
// EXPECT-MISMATCH: record-missing Ts
// EXPECT-MISMATCH: function-param-type sleep_for(ts)
use std::os::raw::*;

#[repr(C)]
pub struct Addr {
    pub family: c_ushort,
    pub data: [c_char; 14],
}

#[repr(C)]
pub struct timespec {
    pub tv_sec: c_long,
    pub tv_nsec: c_long,
}

#[repr(C)]
pub struct Ts {
    pub tv_sec: c_long,
    pub tv_nsec: c_int,
}

extern "C" {
    pub fn bind_a(fd: c_int, addr: *const Addr) -> c_int;
    pub fn bind_b(fd: c_int, addr: *const Addr) -> c_int;
    pub fn sleep_for(ts: *const Ts) -> c_int;
    pub fn sleep_again(ts: *const timespec) -> c_int;
}
