//! Hand-written bindings plus a safe wrapper.
#![allow(non_camel_case_types)]
use core::ffi::{c_int, c_void};

pub const RING_MAX: u32 = 64;

/// Mirror of `struct ring`.
#[repr(C)]
pub struct ring {
    pub head: u32,
    pub tail: u32,
    pub stamp: ring__bindgen_ty_1,
    pub flags: u8,
    pub slots: __IncompleteArrayField<*mut c_void>,
}
#[repr(C)]
pub union ring__bindgen_ty_1 {
    pub raw: u64,
    pub parts: ring__bindgen_ty_1__bindgen_ty_1,
}
#[repr(C)]
#[derive(Copy, Clone)]
pub struct ring__bindgen_ty_1__bindgen_ty_1 {
    pub lo: u32,
    pub hi: u32,
}
#[repr(C)]
#[derive(Default)]
pub struct __IncompleteArrayField<T>(::core::marker::PhantomData<T>, [T; 0]);

#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ring_state {
    RING_EMPTY = 0,
    RING_FULL = 1,
    RING_BROKEN = -1,
}

extern "C" {
    pub fn ring_push(r: *mut ring, item: *mut c_void) -> c_int;
    pub fn ring_new(n: u32) -> *mut ring;
}

macro_rules! check {
    ($e:expr) => { if $e != 0 { return Err(Error($e)); } };
}

#[derive(Debug)]
pub struct Error(pub c_int);

/// Safe owner of a C ring.
pub struct Ring { raw: core::ptr::NonNull<ring> }

impl Ring {
    pub fn new(n: u32) -> Option<Self> {
        // SAFETY: ring_new returns NULL or an owned ring.
        core::ptr::NonNull::new(unsafe { ring_new(n) }).map(|raw| Ring { raw })
    }
    pub fn push(&mut self, item: *mut c_void) -> Result<(), Error> {
        check!(unsafe { ring_push(self.raw.as_ptr(), item) });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn sizes() { assert_eq!(core::mem::size_of::<ring>(), 32); }
}
