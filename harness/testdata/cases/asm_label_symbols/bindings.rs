// bindgen's spelling (the "\u{1}" no-mangling marker), a hand-written
// link_name, and a declaration named after the symbol are the functions C
// declares. `baz` without link_name links `baz`, not C's `baz_v2`.
// EXPECT-MISMATCH: function-link-name baz
use core::ffi::{c_char, c_int};
extern "C" {
    #[link_name = "\u{1}__isoc99_scanf"]
    pub fn scanf(__format: *const c_char, ...) -> c_int;
    #[link_name = "foo_v2"]
    pub fn foo(x: c_int) -> c_int;
    pub fn bar_v2(x: c_int) -> c_int;
    pub fn baz(x: c_int) -> c_int;
    pub fn plain(x: c_int) -> c_int;
}
