// EXPECT-MISMATCH: function-param-width dev_read(count)
// EXPECT-MISMATCH: function-return-width dev_ioctl() return
// EXPECT-MISMATCH: function-variadic dev_printk
// EXPECT-MISMATCH: function-no-symbol dev_id
// EXPECT-MISMATCH: function-pointer-type dev_register(probe)
// EXPECT-MISMATCH: function-missing dev_unregister
#[repr(C)]
pub struct dev {
    _unused: [u8; 0],
}
extern "C" {
    pub fn dev_read(d: *mut dev, buf: *mut ffi::c_void, count: u32) -> ffi::c_int;
    pub fn dev_ioctl(d: *mut dev, cmd: ffi::c_uint, arg: ffi::c_ulong) -> ffi::c_int;
    pub fn dev_printk(fmt: *const ffi::c_char) -> ffi::c_int;
    pub fn dev_id(d: *mut dev) -> ffi::c_int;
    pub fn dev_register(
        probe: ::core::option::Option<unsafe extern "C" fn(arg1: *mut dev) -> ffi::c_int>,
        ctx: *mut ffi::c_void,
    );
    pub fn dev_unregister(d: *mut dev);
}
