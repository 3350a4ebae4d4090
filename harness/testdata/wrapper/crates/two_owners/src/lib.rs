//! The wrapper of ../fixed with one planted bug: Clone copies the raw
//! handle without taking a reference: two owners, two closes (double free).
use std::cell::RefCell;
use std::ffi::CString;
use std::mem::ManuallyDrop;
use std::os::raw::{c_char, c_int};
use std::rc::Rc;

#[repr(C)]
pub struct RawConn {
    _private: [u8; 0],
}

extern "C" {
    fn w_open(id: c_int) -> *mut RawConn;
    fn w_ref(c: *mut RawConn);
    fn w_close(c: *mut RawConn) -> c_int;
    fn w_id(c: *const RawConn) -> c_int;
    fn w_set_name(c: *mut RawConn, name: *const c_char);
    fn w_name_len(c: *const RawConn) -> c_int;
}

pub struct Conn {
    raw: *mut RawConn,
    // C keeps a pointer to the name: the CString lives as long as any
    // handle to the connection (clones share it).
    name: Rc<RefCell<Option<CString>>>,
}

impl Conn {
    pub fn open(id: i32) -> Option<Conn> {
        let raw = unsafe { w_open(id) };
        if raw.is_null() {
            None
        } else {
            Some(Conn { raw, name: Rc::default() })
        }
    }

    pub fn id(&self) -> i32 {
        unsafe { w_id(self.raw) }
    }

    pub fn set_name(&self, name: &str) {
        let Ok(c) = CString::new(name) else { return };
        unsafe { w_set_name(self.raw, c.as_ptr()) };
        *self.name.borrow_mut() = Some(c);
    }

    pub fn name_len(&self) -> i32 {
        unsafe { w_name_len(self.raw) }
    }

    /// Closes explicitly; the handle is gone, so Drop must not close again.
    pub fn close(self) -> i32 {
        let this = ManuallyDrop::new(self);
        let id = unsafe { w_close(this.raw) };
        // Our share of the name goes after C let go of it.
        drop(unsafe { std::ptr::read(&this.name) });
        id
    }
}

impl Clone for Conn {
    fn clone(&self) -> Conn { // PLANTED: a second owner without a reference
        Conn { raw: self.raw, name: Rc::clone(&self.name) }
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        unsafe { w_close(self.raw) };
    }
}
