// bindfuzz-needs-rustc: the record's layout comes from rustc.
// EXPECT-MISMATCH: record-size holder
// EXPECT-MISMATCH: record-align holder
// EXPECT-MISMATCH: field-width holder.w
// EXPECT-MISMATCH: field-offset holder.tag
// EXPECT-MISMATCH: unevaluated holder.w
use core::ffi::c_int;
#[repr(C)]
#[derive(Copy, Clone)]
pub enum Wide {
    A = 0,
    B = 0x1_0000_0000,
}
#[repr(C)]
#[derive(Copy, Clone)]
pub struct holder {
    pub w: Wide,
    pub tag: c_int,
}
