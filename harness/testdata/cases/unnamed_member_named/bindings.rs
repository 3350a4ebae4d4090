// EXPECT-MISMATCH: record-paired __c_anonymous_data
// EXPECT-MISMATCH: record-paired __c_anonymous_data2
// EXPECT-MISMATCH: field-width __c_anonymous_data2.rval
// EXPECT-MISMATCH: unevaluated info3.u
#[repr(C)] #[derive(Copy, Clone)] pub struct __c_anonymous_entry { pub nr: u64 }
#[repr(C)] #[derive(Copy, Clone)] pub struct __c_anonymous_exit { pub rval: i64 }
#[repr(C)] #[derive(Copy, Clone)] pub union __c_anonymous_data { pub entry: __c_anonymous_entry, pub exit: __c_anonymous_exit }
#[repr(C)] pub struct info { pub op: u8, pub arch: u32, pub u: __c_anonymous_data }
#[repr(C)] #[derive(Copy, Clone)] pub union __c_anonymous_data2 { pub rval: i32, pub nr: u64 }
#[repr(C)] pub struct info2 { pub op: i32, pub u: __c_anonymous_data2 }
#[derive(Copy, Clone)] pub union __c_anonymous_data3 { pub a: i64, pub b: u64 }
#[repr(C)] pub struct info3 { pub op: i32, pub u: __c_anonymous_data3 }
