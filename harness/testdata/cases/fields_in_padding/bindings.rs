// EXPECT-MISMATCH: field-names-padding timex.__unused1
// EXPECT-MISMATCH: field-names-padding timex.__unused2
// EXPECT-MISMATCH: field-names-padding pad2.__pad
// EXPECT-MISMATCH: field-missing over.x
// EXPECT-MISMATCH: field-missing over.y
// EXPECT-MISMATCH: field-extra over.b
#[repr(C)]
pub struct timex { pub modes: i32, pub offset: i64, pub __unused1: i32, pub __unused2: i32, pub tai: i32 }
#[repr(C)]
pub struct pad2 { pub a: i32, pub __pad: i32, pub b: i64 }
#[repr(C)]
pub struct over { pub a: i32, pub x: u16, pub y: u16 }
