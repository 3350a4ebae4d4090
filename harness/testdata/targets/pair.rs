//! Hand-written binding of pair.h: the target-dependent C types are the
//! core::ffi types, so it is right on every target.
#![allow(non_camel_case_types)]
use core::ffi::{c_char, c_double, c_int, c_long, c_longlong, c_schar, c_short, c_uchar, c_ulong, c_ulonglong, c_void};

pub const PAIR_NAME_MAX: u32 = 16;

#[repr(C)]
pub struct pair_rec {
    pub tag: c_char,
    pub count: c_long,
    pub total: c_ulonglong,
    pub data: *mut c_void,
    pub kind: c_short,
    pub ratio: c_double,
    pub flags: c_int,
    pub name: [c_char; 16],
    pub len: usize,
    pub id: u32,
    pub mask: c_ulong,
    pub delta: c_schar,
    pub level: c_uchar,
}

#[repr(C)]
pub union pair_val {
    pub l: c_long,
    pub d: c_double,
    pub p: *mut c_void,
    pub c: [c_char; 3],
}

#[repr(C)]
pub struct pair_node {
    pub next: *mut pair_node,
    pub val: pair_val,
    pub cb: Option<unsafe extern "C" fn(rec: *mut pair_rec, arg: c_long) -> c_int>,
    pub diff: isize,
    pub stamp: c_longlong,
}

extern "C" {
    pub fn pair_sum(rec: *const pair_rec, n: usize) -> c_long;
    pub fn pair_tag(node: *const pair_node) -> c_char;
}

extern "system" {
    pub fn pair_system_call(code: c_int, ctx: *mut c_void) -> c_int;
}
