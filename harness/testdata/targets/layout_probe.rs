//! A probe crate for the Rust layout engine on every target: every
//! primitive, every core::ffi / std::os::raw type, pointers, arrays,
//! repr(C) / packed(N) / align(N) / transparent structs, unions,
//! repr(u8..i64) and repr(C) enums, bindgen bitfield units and
//! Option<extern fn>, in the shapes bindgen and hand-written -sys crates
//! use. harness/confirm/layout_oracle_targets_test.cc checks the layout
//! engine against rustc (minicore probe) on every target of the table.
#![allow(non_camel_case_types, dead_code)]
use core::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void};
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::ptr::NonNull;

// Every primitive.
pub type T_i8 = i8;
pub type T_u8 = u8;
pub type T_i16 = i16;
pub type T_u16 = u16;
pub type T_i32 = i32;
pub type T_u32 = u32;
pub type T_i64 = i64;
pub type T_u64 = u64;
pub type T_i128 = i128;
pub type T_u128 = u128;
pub type T_isize = isize;
pub type T_usize = usize;
pub type T_f32 = f32;
pub type T_f64 = f64;
pub type T_bool = bool;
pub type T_char = char;

// Every core::ffi and std::os::raw type.
pub type F_c_char = core::ffi::c_char;
pub type F_c_schar = core::ffi::c_schar;
pub type F_c_uchar = core::ffi::c_uchar;
pub type F_c_short = core::ffi::c_short;
pub type F_c_ushort = core::ffi::c_ushort;
pub type F_c_int = core::ffi::c_int;
pub type F_c_uint = core::ffi::c_uint;
pub type F_c_long = core::ffi::c_long;
pub type F_c_ulong = core::ffi::c_ulong;
pub type F_c_longlong = core::ffi::c_longlong;
pub type F_c_ulonglong = core::ffi::c_ulonglong;
pub type F_c_float = core::ffi::c_float;
pub type F_c_double = core::ffi::c_double;
pub type R_c_char = std::os::raw::c_char;
pub type R_c_long = std::os::raw::c_long;
pub type R_c_ulong = std::os::raw::c_ulong;
pub type R_c_int = ::std::os::raw::c_int;

// Pointers and arrays.
pub type P_const = *const u8;
pub type P_mut = *mut c_void;
pub type P_ptr_ptr = *mut *const c_char;
pub type P_ref = &'static u64;
pub type P_fn = unsafe extern "C" fn(c_int) -> c_long;
pub type P_opt_fn = Option<unsafe extern "C" fn(*mut c_void, c_ulong) -> c_int>;
pub type P_nonnull = NonNull<u32>;
pub type P_opt_nonnull = Option<NonNull<u32>>;
pub type A_u8_3 = [u8; 3];
pub type A_u64_2 = [u64; 2];
pub type A_2d = [[u16; 3]; 2];
pub type A_long_4 = [c_long; 4];
pub type A_ptr_3 = [*const c_void; 3];

#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct s_mixed {
    pub a: u8,
    pub b: u16,
    pub c: u32,
    pub d: f64,
    pub e: u8,
    pub f: f32,
    pub g: i128,
    pub h: u8,
}

#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct s_ffi {
    pub a: c_char,
    pub b: c_long,
    pub c: c_int,
    pub d: core::ffi::c_longlong,
    pub e: core::ffi::c_double,
    pub f: *const c_void,
    pub g: core::ffi::c_short,
    pub h: std::os::raw::c_ulong,
    pub i: usize,
    pub j: ::std::os::raw::c_uchar,
    pub k: u64,
    pub l: c_uint,
}

#[repr(C)]
pub struct s_tuple(pub u8, pub u64, pub u16);

#[repr(C, packed)]
pub struct s_packed1 {
    pub a: u8,
    pub b: u32,
    pub c: u64,
}

#[repr(C, packed(2))]
pub struct s_packed2 {
    pub a: u8,
    pub b: u32,
    pub c: u64,
}

#[repr(C, packed(4))]
pub struct s_packed4 {
    pub a: u8,
    pub b: u64,
    pub c: u16,
    pub d: i128,
}

#[repr(C, align(16))]
pub struct s_align16 {
    pub a: u8,
}

#[repr(C, align(8))]
pub struct s_align8 {
    pub a: u16,
    pub b: u8,
}

#[repr(C)]
pub struct s_has_align {
    pub a: u8,
    pub b: s_align16,
    pub c: u8,
    pub d: s_align8,
}

#[repr(transparent)]
pub struct s_transparent(pub u64);

#[repr(transparent)]
pub struct s_transparent2 {
    pub a: f64,
    pub b: PhantomData<u8>,
}

#[repr(C)]
#[derive(Copy, Clone)]
pub union u_basic {
    pub a: u8,
    pub b: u64,
    pub c: [u16; 5],
}

#[repr(C)]
#[derive(Copy, Clone)]
pub struct s_pair {
    pub a: u32,
    pub b: u16,
}

#[repr(C)]
pub union u_nested {
    pub a: s_pair,
    pub b: f64,
    pub c: ManuallyDrop<i128>,
    pub d: c_long,
}

#[repr(C, packed)]
#[derive(Copy, Clone)]
pub union u_packed {
    pub a: u8,
    pub b: u32,
}

#[repr(u8)]
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub enum e_u8 {
    A = 1,
    B = 2,
}
#[repr(i8)]
pub enum e_i8 {
    A = -1,
}
#[repr(u16)]
pub enum e_u16 {
    A = 0,
}
#[repr(i16)]
pub enum e_i16 {
    A = -1,
    B = 0,
}
#[repr(u32)]
pub enum e_u32 {
    A = 0,
}
#[repr(i32)]
pub enum e_i32 {
    A = 0,
}
#[repr(u64)]
pub enum e_u64 {
    A = 0,
}
#[repr(i64)]
pub enum e_i64 {
    A = -5,
}
#[repr(C)]
pub enum e_c {
    A = 0,
    B = 1,
}

#[repr(C)]
pub struct s_enums {
    pub a: u8,
    pub b: e_u64,
    pub c: e_c,
    pub d: e_u8,
    pub e: e_i16,
}

#[repr(C)]
pub struct s_arrays {
    pub a: [u8; 3],
    pub b: [u64; 2],
    pub c: [[u16; 3]; 2],
    pub d: [c_long; 0],
    pub e: [c_char; 5],
}

#[repr(C)]
pub struct s_pointers {
    pub a: *const u8,
    pub b: *mut s_pointers,
    pub c: Option<unsafe extern "C" fn()>,
    pub d: Option<unsafe extern "C" fn(i32) -> i32>,
    pub e: extern "C" fn(),
    pub f: NonNull<u8>,
    pub g: Option<NonNull<u8>>,
    pub h: &'static u8,
    pub i: Option<&'static u64>,
    pub j: u8,
    pub k: Option<unsafe extern "system" fn(*mut c_void) -> c_int>,
}

#[repr(C)]
pub struct s_wrappers {
    pub a: MaybeUninit<u64>,
    pub b: ManuallyDrop<u16>,
    pub c: core::cell::UnsafeCell<u32>,
    pub d: PhantomData<u128>,
    pub e: u8,
}

// bindgen's bitfield storage, with its accessor impl (blanked for the
// minicore probe: it does not change a layout).
#[repr(C)]
#[derive(Copy, Clone, Debug, Default, Eq, Hash, Ord, PartialEq, PartialOrd)]
pub struct __BindgenBitfieldUnit<Storage> {
    storage: Storage,
}
impl<Storage> __BindgenBitfieldUnit<Storage> {
    #[inline]
    pub const fn new(storage: Storage) -> Self {
        Self { storage }
    }
}
#[repr(C)]
#[derive(Default)]
pub struct __IncompleteArrayField<T>(::core::marker::PhantomData<T>, [T; 0]);

#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct s_bits1 {
    pub _bitfield_align_1: [u32; 0],
    pub _bitfield_1: __BindgenBitfieldUnit<[u8; 3usize]>,
    pub x: u8,
}

#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct s_bits2 {
    pub a: u8,
    pub _bitfield_align_1: [u64; 0],
    pub _bitfield_1: __BindgenBitfieldUnit<[u8; 2usize]>,
    pub b: u16,
}

#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct s_bits_long {
    pub _bitfield_align_1: [c_ulong; 0],
    pub _bitfield_1: __BindgenBitfieldUnit<[u8; 8usize]>,
    pub tail: c_char,
}

#[repr(C)]
pub struct s_flex {
    pub len: u32,
    pub data: __IncompleteArrayField<u64>,
}

pub mod nested {
    #[repr(C)]
    pub struct inner {
        pub a: super::c_long,
        pub b: [super::s_pair; 2],
        pub c: super::u_nested,
    }
}

#[repr(C)]
pub struct s_outer {
    pub a: nested::inner,
    pub b: u8,
    pub c: s_bits2,
    pub d: s_enums,
}

extern "C" {
    pub fn probe_use(p: *mut s_outer) -> c_int;
}

impl s_pair {
    pub fn sum(&self) -> u32 {
        self.a + self.b as u32
    }
}

// repr(transparent) with zero-sized fields before and after the field
// that has a size: rustc orders them as a repr(Rust) struct.
#[repr(transparent)]
pub struct t_zst_first(pub PhantomData<u8>, pub u8);
#[repr(transparent)]
pub struct t_zst_first_bool(pub PhantomData<u8>, pub bool);
#[repr(transparent)]
pub struct t_zst_first_wide(pub PhantomData<u8>, pub c_long);
#[repr(transparent)]
pub struct t_zst_last(pub u8, pub PhantomData<u8>);
#[repr(transparent)]
pub struct t_zst_both(pub (), pub u16, pub ());

// repr(C) enums whose values need more than 8 bits, or are negative: the
// size rustc picks where C enums are short (thumbv7em-none-eabihf).
#[repr(C)]
pub enum e_c_wide {
    A = 0,
    B = 300,
}
#[repr(C)]
pub enum e_c_neg {
    A = -1,
    B = 5,
}
#[repr(C)]
pub enum e_c_big {
    A = 70000,
}
#[repr(C)]
pub struct s_c_enums {
    pub a: u8,
    pub b: e_c_wide,
    pub c: u8,
    pub d: e_c_neg,
    pub e: e_c_big,
    pub f: e_c,
}
