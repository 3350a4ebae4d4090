// The -sys idiom `pub enum X {}` for a C type Rust only
// points to is C's `struct X;` (an incomplete record), not an enum. Also the
// bindgen forward declaration `{ _unused: [u8; 0] }`. The one true
// difference: fwd_len returns u64 in Rust, unsigned int in C.
// EXPECT-MISMATCH: function-return-width fwd_len() return
pub enum fwd {}
#[repr(C)]
pub struct handle {
    _unused: [u8; 0],
}
#[repr(C)]
pub struct hdr {
    pub len: u32,
    pub f: *mut fwd,
    pub h: *mut handle,
}
extern "C" {
    pub fn fwd_open(p: *mut *mut fwd) -> i32;
    pub fn fwd_len(p: *const fwd) -> u64;
    pub fn handle_close(h: *mut handle, f: *mut fwd) -> i32;
}
