// Bindings generated against the older layout (6.1): f_op at 40, 232 bytes.
// EXPECT-MISMATCH: record-size file
// EXPECT-MISMATCH: field-offset file.f_op
// EXPECT-MISMATCH: field-offset file.private_data
// EXPECT-MISMATCH: field-offset file.f_pos
// EXPECT-MISMATCH: field-missing file.f_path
// EXPECT-MISMATCH: field-missing file._pad
pub type fmode_t = ffi::c_uint;
#[repr(C)]
pub struct file_operations {
    _unused: [u8; 0],
}
#[repr(C)]
pub struct file {
    pub f_count: ffi::c_long,
    pub f_flags: ffi::c_uint,
    pub f_mode: fmode_t,
    pub f_path: [u64; 3usize],
    pub f_op: *const file_operations,
    pub private_data: *mut ffi::c_void,
    pub f_pos: ffi::c_ulong,
    pub _pad: [u8; 168usize],
}
