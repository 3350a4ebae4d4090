// EXPECT-MISMATCH: function-data-pointer takes_void(p)
// EXPECT-MISMATCH: function-data-pointer takes_fn(cb)
// EXPECT-MISMATCH: function-data-pointer get_fn() return
// EXPECT-MISMATCH: function-data-pointer sigact.sa_restorer
// EXPECT-MISMATCH: function-data-pointer sighandler_t
// EXPECT-MISMATCH: function-data-pointer sigact.sa_handler
// EXPECT-MISMATCH: function-data-pointer signal(handler)
// EXPECT-MISMATCH: function-data-pointer signal() return
// EXPECT-MISMATCH: function-data-pointer globish.__unused1
use core::ffi::{c_int, c_ulong, c_void};
// libc's idiom: a handler is an address (SIG_DFL, SIG_IGN or a function).
pub type sighandler_t = usize;
#[repr(C)]
pub struct sigact {
    pub sa_handler: sighandler_t,
    pub sa_restorer: Option<unsafe extern "C" fn()>,
    pub sa_flags: c_ulong,
}
// A renamed field at the callback's place pairs with it.
#[repr(C)]
pub struct globish {
    pub gl_pathc: c_ulong,
    pub __unused1: *mut c_void,
}
extern "C" {
    pub fn takes_void(p: Option<unsafe extern "C" fn(c_int)>);
    pub fn takes_fn(cb: *mut c_void);
    pub fn get_fn() -> Option<unsafe extern "C" fn()>;
    pub fn signal(sig: c_int, handler: sighandler_t) -> sighandler_t;
    pub fn use_glob(g: *mut globish);
    pub fn same(cb: Option<unsafe extern "C" fn(c_int)>, data: *mut c_void);
}
