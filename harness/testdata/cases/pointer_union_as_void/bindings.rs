// A union of data pointers bound as `*mut c_void` compares clean; one with
// an integer member is a different type.
// EXPECT-MISMATCH: field-type mixed.d
use std::os::raw::*;
#[repr(C)]
pub struct ASN1_STRING { pub length: c_int, pub data: *mut u8 }
#[repr(C)]
pub struct GENERAL_NAME { pub type_: c_int, pub d: *mut c_void }
#[repr(C)]
pub struct mixed { pub type_: c_int, pub d: *mut c_void }
#[repr(C)]
pub struct sockaddr { pub sa_family: c_ushort, pub sa_data: [c_char; 14] }
#[repr(C)]
pub struct ifaddrs_like { pub ifa_ifu: *mut sockaddr }
