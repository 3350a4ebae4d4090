// EXPECT-MISMATCH: field-covers-members sig._pad
// EXPECT-MISMATCH: field-zero-sized sig._align
// EXPECT-MISMATCH: field-covers-members re.__bitfield
// EXPECT-MISMATCH: field-integer-view attr_t.__size
// EXPECT-MISMATCH: field-extra attr_t.__align
// EXPECT-MISMATCH: field-width ipc.mode
// EXPECT-MISMATCH: field-missing ipc.__pad1
// EXPECT-MISMATCH: field-missing fp.__private
// EXPECT-MISMATCH: field-extra fp.reserved
use core::ffi::{c_char, c_int, c_long, c_short, c_ushort, c_void};
#[repr(C)]
pub struct sig { pub signo: c_int, pub code: c_int, pub _pad: [c_int; 4], pub _align: [u64; 0] }
#[repr(C)]
pub struct re { pub buf: *mut c_void, pub __bitfield: u8, pub tail: c_int }
#[repr(C)]
pub struct attr_t { pub __size: [u64; 7] }
#[repr(C)]
pub union ifru { pub ifru_ifindex: c_int, pub ifru_metric: c_int, pub ifru_flags: c_short, pub ifru_name: [c_char; 16] }
#[repr(C)]
pub struct ipc { pub key: c_int, pub mode: c_ushort, pub __pad1: c_ushort }
#[repr(C)]
pub struct fp { pub cwd: c_int, pub __private: [f32; 4] }
#[allow(dead_code)]
fn unused(_: c_long) {}
