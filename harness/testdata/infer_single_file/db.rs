// A safe wrapper in one file over a small C library (the single-file
// idiom): the crate's own extern block, a handle struct, Drop, Option
// mapped to NULL, an out-parameter, a temporary CString, into_raw/from_raw.
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_void};
use std::ptr;

#[repr(C)]
pub struct db_t {
    _private: [u8; 0],
}
#[repr(C)]
pub struct row_t {
    _private: [u8; 0],
}

extern "C" {
    fn db_open(path: *const c_char, out: *mut *mut db_t) -> c_int;
    fn db_close(db: *mut db_t) -> c_int;
    fn db_find(db: *mut db_t, key: *const c_char, parent: *mut row_t) -> *mut row_t;
    fn db_row_free(row: *mut row_t);
    fn db_name(db: *mut db_t) -> *const c_char;
    fn db_set_userdata(db: *mut db_t, data: *mut c_void);
    fn db_take_userdata(db: *mut db_t) -> *mut c_void;
    fn db_count(db: *mut db_t) -> c_int;
}

use self::db_count as count_rows;

pub struct Db {
    raw: *mut db_t,
}

pub struct Row {
    raw: *mut row_t,
}

pub struct State {
    hits: u32,
}

impl Db {
    pub fn open(path: &str) -> Result<Db, c_int> {
        let c = CString::new(path).unwrap();
        let mut raw = ptr::null_mut();
        let rc = unsafe { db_open(c.as_ptr(), &mut raw) };
        if rc != 0 {
            return Err(rc);
        }
        Ok(Db { raw })
    }

    pub fn find(&self, key: &str, parent: Option<&Row>) -> Option<Row> {
        let p = unsafe {
            db_find(self.raw, CString::new(key).unwrap().as_ptr(), parent.map_or(ptr::null_mut(), |r| r.raw))
        };
        if p.is_null() {
            None
        } else {
            Some(Row { raw: p })
        }
    }

    pub fn name(&self) -> &CStr {
        unsafe { CStr::from_ptr(db_name(self.raw)) }
    }

    pub fn count(&self) -> i32 {
        unsafe { count_rows(self.raw) }
    }

    pub fn set_state(&self, s: State) {
        unsafe { db_set_userdata(self.raw, Box::into_raw(Box::new(s)) as *mut c_void) }
    }

    pub fn take_state(&self) -> Box<State> {
        unsafe { Box::from_raw(db_take_userdata(self.raw) as *mut State) }
    }

    pub fn find_dangling(&self, key: &str) -> Option<Row> {
        let k = CString::new(key).unwrap().as_ptr();
        let p = unsafe { db_find(self.raw, k, ptr::null_mut()) };
        if p.is_null() { None } else { Some(Row { raw: p }) }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        unsafe { db_close(self.raw) };
    }
}

impl Drop for Row {
    fn drop(&mut self) {
        unsafe { db_row_free(self.raw) }
    }
}
