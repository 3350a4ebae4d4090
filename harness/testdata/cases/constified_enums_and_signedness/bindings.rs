// MSG is clean (its constants keep C's `MSG_` prefix); COLOR_BLUE is 5,
// not 4. The same signedness difference (u8 vs char, u32 vs int) is a
// warning wherever it occurs: field, typedef, callback, variable. An alias
// named after a C enum or record is compared with it: `shade` is u32 for
// C's int enum (clang: SHADE_DARK < 0), `big_s` an i32 for an 8-byte struct.
// EXPECT-MISMATCH: constant-value COLOR_BLUE
// EXPECT-MISMATCH: field-signedness tag.t
// EXPECT-MISMATCH: typedef-signedness name_t
// EXPECT-MISMATCH: typedef-signedness cb_t
// EXPECT-MISMATCH: variable-signedness counter
// EXPECT-MISMATCH: typedef-signedness shade
// EXPECT-MISMATCH: typedef-mismatch big_s
pub type MSG = u32;
pub const MSG_NONE: MSG = 0;
pub const MSG_DONE: MSG = 1;
pub type color_t = u32;
pub const COLOR_RED: color_t = 0;
pub const COLOR_BLUE: color_t = 5;
pub type name_t = *mut u8;
pub type shade = u32;
pub type big_s = i32;
pub type cb_t = Option<unsafe extern "C" fn(x: u32) -> i32>;
#[repr(C)]
pub struct tag {
    pub t: [u8; 4],
}
extern "C" {
    pub fn send_msg(m: MSG) -> i32;
    pub static mut counter: i32;
}
