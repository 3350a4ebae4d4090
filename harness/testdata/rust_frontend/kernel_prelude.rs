// The items rust/bindings/lib.rs (Linux 6.12) supplies to
// bindings_generated.rs: bindgen_parameters blocklists these C typedefs and
// lib.rs maps them by hand inside `mod bindings_raw`. Made `pub` here so the
// rustc oracle's probe modules can glob-import them.
pub type __kernel_size_t = usize;
pub type __kernel_ssize_t = isize;
pub type __kernel_ptrdiff_t = isize;
