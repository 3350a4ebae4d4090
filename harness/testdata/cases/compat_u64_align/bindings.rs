// EXPECT-MISMATCH: record-size compat_rx
// EXPECT-MISMATCH: record-align compat_rx
// EXPECT-MISMATCH: field-offset compat_rx.data
// EXPECT-MISMATCH: field-offset compat_rx.rule_cnt
pub type u64_ = ffi::c_ulonglong;
pub type compat_u64 = u64_;
#[repr(C)]
pub struct compat_rx {
    pub cmd: ffi::c_uint,
    pub data: compat_u64,
    pub rule_cnt: [ffi::c_uint; 1usize],
}
