#![allow(non_camel_case_types)]
use core::ffi::c_int;

#[repr(C)]
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Wide {
    A = 0,
    B = 0x1_0000_0000,
}

#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct holder {
    pub w: Wide,
    pub tag: c_int,
}
