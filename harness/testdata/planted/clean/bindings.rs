#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct pkt {
    pub a: ::core::ffi::c_int,
    pub b: ::core::ffi::c_longlong,
    pub c: [::core::ffi::c_char; 6usize],
}
#[repr(C)]
pub struct __BindgenBitfieldUnit<Storage> {
    storage: Storage,
}
#[repr(C)]
#[repr(align(4))]
pub struct flags {
    pub _bitfield_align_1: [u32; 0],
    pub _bitfield_1: __BindgenBitfieldUnit<[u8; 2usize]>,
    pub tail: ::core::ffi::c_ushort,
}
impl flags {
    #[inline]
    pub fn a(&self) -> ::core::ffi::c_uint {
        unsafe { ::core::mem::transmute(self._bitfield_1.get(0usize, 3u8) as u32) }
    }
    #[inline]
    pub fn b(&self) -> ::core::ffi::c_uint {
        unsafe { ::core::mem::transmute(self._bitfield_1.get(3usize, 5u8) as u32) }
    }
    #[inline]
    pub fn c(&self) -> ::core::ffi::c_uint {
        unsafe { ::core::mem::transmute(self._bitfield_1.get(8usize, 1u8) as u32) }
    }
}
#[repr(u32)]
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub enum mode {
    MODE_A = 1,
    MODE_B = 2,
    MODE_C = 3,
}
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct cfg {
    pub m: mode,
    pub on: bool,
}
#[repr(C)]
pub struct dev {
    _unused: [u8; 0],
}
extern "C" {
    pub fn dev_set_level(d: *mut dev, level: ::core::ffi::c_int, mask: ::core::ffi::c_uint) -> ::core::ffi::c_long;
    pub fn dev_mode(d: *const dev) -> mode;
}
