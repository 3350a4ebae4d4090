// Runtime of generated wrapper-mode export shims (`bindfuzz gen
// --rust-crate`): the fixed part of every `<name>_export.rs`, included there
// as `#[path = ".../shims/wrapper/bf_wrapper_rt.rs"] mod bfw_rt;`.
//
// The sequence engine (shims/lifetime/bf_seq.c) sees every Rust value of the
// wrapper crate as an opaque pointer: a `Box<T>` made raw. These helpers turn
// engine arguments into what safe Rust passes (a value moved out of its box,
// a shared or exclusive borrow, a `&str` or `&[u8]` of the engine's bytes),
// and results into what the engine records (a new box, or a number after
// Rust has read every byte of a returned string or buffer, as a caller
// would).
#![allow(dead_code)]

use std::ffi::{c_void, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A value of the crate, boxed for the engine (an owned handle).
pub fn own<T>(v: T) -> *mut c_void {
    Box::into_raw(Box::new(v)) as *mut c_void
}

/// `Some(v)` boxed, `None` as NULL (the engine's `nullable`).
pub fn own_opt<T>(v: Option<T>) -> *mut c_void {
    match v {
        Some(v) => own(v),
        None => std::ptr::null_mut(),
    }
}

/// `Ok(v)` boxed, `Err(_)` dropped and NULL.
pub fn own_res<T, E>(v: Result<T, E>) -> *mut c_void {
    match v {
        Ok(v) => own(v),
        Err(_) => std::ptr::null_mut(),
    }
}

/// Moves the value out of its box (the engine forgets the handle: consumed).
///
/// # Safety
/// `p` came from `own::<T>` and is not used again.
pub unsafe fn take<T>(p: *mut c_void) -> T {
    *Box::from_raw(p as *mut T)
}

/// A shared borrow of a boxed value.
///
/// # Safety
/// `p` came from `own::<T>` and is live.
pub unsafe fn borrow<'a, T>(p: *mut c_void) -> &'a T {
    &*(p as *const T)
}

/// An exclusive borrow of a boxed value (the engine runs one call at a time).
///
/// # Safety
/// `p` came from `own::<T>` and is live.
pub unsafe fn borrow_mut<'a, T>(p: *mut c_void) -> &'a mut T {
    &mut *(p as *mut T)
}

/// Rust drops the value (`drop(v)`: its `Drop` impl and its fields').
///
/// # Safety
/// `p` came from `own::<T>` and is not used again.
pub unsafe fn drop_box<T>(p: *mut c_void) {
    drop(Box::from_raw(p as *mut T));
}

/// A `&str` argument: the engine's bytes (no interior NUL), made UTF-8.
///
/// # Safety
/// `p` points to `n` readable bytes (or `n` is 0).
pub unsafe fn str_arg(p: *const u8, n: usize) -> String {
    String::from_utf8_lossy(bytes_arg(p, n)).into_owned()
}

/// A `&[u8]` argument.
///
/// # Safety
/// `p` points to `n` readable bytes (or `n` is 0).
pub unsafe fn bytes_arg<'a>(p: *const u8, n: usize) -> &'a [u8] {
    if n == 0 || p.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(p, n)
    }
}

/// A `&mut [u8]` argument.
///
/// # Safety
/// `p` points to `n` writable bytes (or `n` is 0).
pub unsafe fn bytes_mut_arg<'a>(p: *mut u8, n: usize) -> &'a mut [u8] {
    if n == 0 || p.is_null() {
        &mut []
    } else {
        std::slice::from_raw_parts_mut(p, n)
    }
}

/// Runs one call of the crate's safe API. A panic is safe Rust behaviour
/// (no memory error): it becomes `on_panic`, quietly unless
/// BINDFUZZ_TRACE is set (then Rust's own hook prints it).
pub fn guard<R>(on_panic: R, f: impl FnOnce() -> R) -> R {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let trace = std::env::var_os("BINDFUZZ_TRACE").map_or(false, |v| !v.is_empty() && v != "0");
        if !trace {
            std::panic::set_hook(Box::new(|_| {}));
        }
    });
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(on_panic)
}

fn read_all(b: &[u8]) -> i64 {
    // Every byte is read, as a caller of the safe API may read it.
    let mut h: u64 = 0;
    for &x in b {
        h = h.wrapping_mul(31).wrapping_add(x as u64);
    }
    std::hint::black_box(h);
    b.len() as i64
}

/// A result the engine records as a number: scalars as they are, strings
/// and buffers as their length after every byte was read, `None`/`Err` as -1.
pub trait BfwOut {
    fn bfw_out(self) -> i64;
}

impl BfwOut for () {
    fn bfw_out(self) -> i64 {
        0
    }
}
impl BfwOut for bool {
    fn bfw_out(self) -> i64 {
        self as i64
    }
}
macro_rules! bfw_out_int {
    ($($t:ty)*) => {$(
        impl BfwOut for $t {
            fn bfw_out(self) -> i64 { self as i64 }
        }
    )*};
}
bfw_out_int!(i8 i16 i32 i64 isize u8 u16 u32 u64 usize);
impl BfwOut for &str {
    fn bfw_out(self) -> i64 {
        read_all(self.as_bytes())
    }
}
impl BfwOut for String {
    fn bfw_out(self) -> i64 {
        read_all(self.as_bytes())
    }
}
impl BfwOut for &[u8] {
    fn bfw_out(self) -> i64 {
        read_all(self)
    }
}
impl BfwOut for Vec<u8> {
    fn bfw_out(self) -> i64 {
        read_all(&self)
    }
}
impl BfwOut for &CStr {
    fn bfw_out(self) -> i64 {
        read_all(self.to_bytes())
    }
}
impl BfwOut for CString {
    fn bfw_out(self) -> i64 {
        read_all(self.as_bytes())
    }
}
impl<T: BfwOut> BfwOut for Option<T> {
    fn bfw_out(self) -> i64 {
        match self {
            Some(v) => v.bfw_out(),
            None => -1,
        }
    }
}
impl<T: BfwOut, E> BfwOut for Result<T, E> {
    fn bfw_out(self) -> i64 {
        match self {
            Ok(v) => v.bfw_out(),
            Err(_) => -1,
        }
    }
}
