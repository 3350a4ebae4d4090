// Records named after the wrapper, not the C tag; every function that
// passes one passes it where C has one record.
// EXPECT-MISMATCH: record-paired LibcStat
// EXPECT-MISMATCH: field-width LibcStat.b
// EXPECT-MISMATCH: record-paired Event
use std::os::raw::*;

#[repr(C)]
pub struct LibcStat {
    pub a: c_long,
    pub b: c_long,
}

#[repr(C)]
pub union epoll_data {
    pub ptr: *mut c_void,
    pub fd: c_int,
    pub u64: u64,
}
pub type epoll_data_t = epoll_data;

#[repr(C, packed)]
pub struct Event {
    pub events: c_uint,
    pub data: epoll_data_t,
}

extern "C" {
    pub fn fstat_(fd: c_int, st: *mut LibcStat) -> c_int;
    pub fn stat_at(path: *const c_char, st: *mut LibcStat) -> c_int;
    pub fn epoll_wait_(epfd: c_int, events: *mut Event, maxevents: c_int, timeout: c_int) -> c_int;
    pub fn epoll_ctl_(epfd: c_int, op: c_int, fd: c_int, event: *mut Event) -> c_int;
}
