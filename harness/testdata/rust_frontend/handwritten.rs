//! Hand-written FFI module of the kind drivers carry next to bindgen output:
//! #[repr(C)] types mixed with safe wrappers, traits, generics, macros,
//! tests, doc comments and nested modules. Used by rust_frontend_test.cc and
//! (compiled by rustc) by rustc_oracle_probe_test.cc.
#![allow(dead_code, non_camel_case_types, clippy::all)]

use core::ffi::{c_char, c_int, c_uint, c_void};
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::ptr::NonNull;

/* A block comment /* with a nested one */ still inside the outer comment */

/// Flags passed to `dev_open`.
pub const DEV_FLAG_READ: u32 = 1 << 0;
pub const DEV_FLAG_WRITE: u32 = 1 << 1;
pub const DEV_FLAG_ALL: u32 = DEV_FLAG_READ | DEV_FLAG_WRITE;
pub const DEV_MAGIC: u64 = 0xDEAD_BEEF_u64;
pub const DEV_NEG: i32 = -(4 * 8) + 2;
pub const DEV_MASK: u16 = !0;
pub const DEV_CAST: u8 = 0x1ff_u32 as u8;
pub const DEV_NAME: &[u8; 4] = b"dev\0";
pub const DEV_GREETING: &str = r#"hello "world""#;
pub const DEV_RATIO: f64 = -1.5e3;
pub const DEV_ENABLED: bool = true;
pub const DEV_LETTER: char = 'x';
pub const DEV_TABLE_LEN: usize = core::mem::size_of::<dev_header>() * 2;
static mut DEV_COUNTER: u32 = 0;

/// The on-wire header.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct dev_header {
    pub magic: u32,
    pub version: u16,
    pub flags: u8,
    pub r#type: u8,
    pub length: u64,
    pub name: [c_char; 16],
}

#[repr(C, packed)]
pub struct dev_packed {
    pub tag: u8,
    pub value: u32,
    pub big: u64,
}

#[repr(C, packed(2))]
pub struct dev_packed2 {
    pub tag: u8,
    pub value: u32,
}

#[repr(C, align(64))]
pub struct dev_cacheline {
    pub counter: u64,
}

#[repr(C)]
pub union dev_value {
    pub as_u64: u64,
    pub as_bytes: [u8; 8],
    pub as_ptr: *mut c_void,
}

/// Callback table, the way C sees it.
#[repr(C)]
pub struct dev_ops {
    pub open: Option<unsafe extern "C" fn(dev: *mut dev, flags: c_uint) -> c_int>,
    pub close: Option<unsafe extern "C" fn(dev: *mut dev)>,
    pub log: Option<unsafe extern "C" fn(fmt: *const c_char, ...) -> c_int>,
    pub owner: *const c_void,
}

#[repr(C)]
pub struct dev {
    pub header: dev_header,
    pub ops: *const dev_ops,
    pub private: Option<NonNull<c_void>>,
    pub parent: Option<&'static dev>,
    pub value: dev_value,
    pub state: MaybeUninit<u64>,
    pub keep: ManuallyDrop<[u16; 3]>,
    pub wide: u128,
    _marker: PhantomData<*mut u8>,
}

/// A tagged kind, as a real Rust enum with a C representation.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum dev_kind {
    Char = 1,
    Block,
    Net = 0x10,
}

#[repr(C)]
pub enum dev_state {
    Idle,
    Busy = 5,
    Dead,
}

/// Not FFI-safe: the Rust representation.
pub struct DevHandle {
    raw: NonNull<dev>,
    refs: u32,
}

#[repr(transparent)]
pub struct DevId(pub u32);

/// A generic repr(C) pair, instantiated below.
#[repr(C)]
pub struct Pair<A, B> {
    pub first: A,
    pub second: B,
}

#[repr(C)]
pub struct uses_generic {
    pub p: Pair<u8, u64>,
    pub q: Pair<dev_header, [u16; 3]>,
    pub tail: u8,
}

pub type dev_id_t = u32;
pub type dev_callback_t = Option<unsafe extern "C" fn(*mut dev) -> dev_id_t>;
pub type dev_raw_t = *mut dev;

pub mod raw {
    //! Nested module with its own declarations.
    pub type size_t = usize;

    #[repr(C)]
    pub struct iovec {
        pub base: *mut u8,
        pub len: size_t,
    }

    pub mod inner {
        #[repr(C)]
        pub struct deep {
            pub a: i16,
            pub b: super::iovec,
        }
    }
}

extern "C" {
    pub fn dev_open(d: *mut dev, flags: c_uint) -> c_int;
    pub fn dev_printf(d: *mut dev, fmt: *const c_char, ...) -> c_int;
    #[link_name = "dev_close_v2"]
    pub fn dev_close(d: *mut dev);
    pub fn dev_panic(msg: *const c_char) -> !;
    pub static dev_default_ops: dev_ops;
    pub static mut dev_count: c_int;
}

extern "system" {
    pub fn dev_system_call(x: i32) -> i32;
}

#[no_mangle]
pub extern "C" fn dev_rust_callback(d: *mut dev, id: dev_id_t) -> c_int {
    let _ = (d, id);
    0
}

pub trait Device {
    const KIND: dev_kind;
    type Id: Copy;
    fn id(&self) -> Self::Id;
    fn name<'a>(&'a self) -> &'a str where Self: Sized { "device" }
}

impl DevHandle {
    /// Wraps a raw pointer.
    ///
    /// # Safety
    /// `raw` must be valid.
    pub unsafe fn from_raw(raw: *mut dev) -> Option<Self> {
        NonNull::new(raw).map(|raw| DevHandle { raw, refs: 1 })
    }

    pub fn flags(&self) -> u8 {
        // SAFETY: `raw` is valid by construction.
        unsafe { (*self.raw.as_ptr()).header.flags }
    }
}

impl Device for DevHandle {
    const KIND: dev_kind = dev_kind::Char;
    type Id = u32;
    fn id(&self) -> u32 {
        let s = "}{ not a delimiter }";
        let c = '}';
        let lifetime_like: &'static str = "'a";
        let _ = (s, c, lifetime_like, b'{', br##"raw "# bytes"##);
        self.refs
    }
}

impl<T: Copy + Default, const N: usize> Default for Pair<[T; N], Vec<Vec<T>>> {
    fn default() -> Self {
        Pair { first: [T::default(); N], second: Vec::new() }
    }
}

macro_rules! dev_const {
    ($name:ident = $val:expr) => {
        pub const $name: u32 = $val;
    };
    ($($rest:tt)*) => { compile_error!("bad {"); };
}

dev_const!(DEV_FROM_MACRO = 7);

macro_rules! nothing { () => {} }
nothing! {}

fn generic_fn<'a, T>(x: &'a [T]) -> Option<&'a T>
where
    T: PartialOrd<T> + 'a,
{
    x.iter().fold(None, |m: Option<&T>, v| match m {
        Some(m) if m >= v => Some(m),
        _ => Some(v),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[repr(C)]
    struct only_in_tests {
        x: u8,
    }

    #[test]
    fn header_size() {
        assert_eq!(core::mem::size_of::<dev_header>(), 32);
    }
}
