// The module file `mod ffi;` in bindings.rs reaches.
#[repr(C)]
pub struct s {
    pub a: i64,
}
#[repr(C)]
pub struct same {
    pub x: i32,
    pub y: *mut s,
}
