// Flattened unnamed members and renamed fields at the same place, width
// and type pair with their C fields; `late.x` and `late.late` are really
// misplaced (clang: offsets 8 and 16; rustc: 4 and 8); `opaque8.size` is
// `__size` renamed, u8 for C's char (signed on x86_64).
// EXPECT-MISMATCH: field-signedness opaque8.size
// EXPECT-MISMATCH: record-size late
// EXPECT-MISMATCH: record-align late
// EXPECT-MISMATCH: record-packed late
// EXPECT-MISMATCH: field-offset late.x
// EXPECT-MISMATCH: field-offset late.late
use core::ffi::{c_char, c_int, c_long, c_void};
#[repr(C)]
pub struct hdr {
    pub a: c_int,
    pub saddr: c_int,
    pub daddr: c_int,
    pub maxrss: c_long,
}
#[repr(C)]
pub struct node {
    pub kind: c_int,
    pub reference: *mut c_void,
}
#[repr(C)]
pub struct opaque8 {
    pub size: [u8; 8],
}
#[repr(C)]
pub struct strings {
    pub strings_time: c_long,
    pub strings_text: *mut c_char,
    pub n: c_int,
}
#[repr(C, packed(4))]
pub struct late {
    pub a: c_int,
    pub x: c_int,
    pub late: c_long,
}
