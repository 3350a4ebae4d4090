// The C declarations in a module of their own, called through the module,
// a renaming `use` and a glob `use`.
mod sys {
    use std::os::raw::c_int;
    #[repr(C)]
    pub struct queue {
        _p: [u8; 0],
    }
    extern "C" {
        pub fn queue_new(cap: c_int) -> *mut queue;
        pub fn queue_free(q: *mut queue);
        pub fn queue_len(q: *const queue) -> usize;
    }
}

use sys::queue_free as free_queue;

pub struct Queue(*mut sys::queue);

impl Queue {
    pub fn new(cap: i32) -> Option<Queue> {
        let q = unsafe { sys::queue_new(cap) };
        if q.is_null() { None } else { Some(Queue(q)) }
    }
    pub fn len(&self) -> usize {
        unsafe { sys::queue_len(self.0) }
    }
}

impl Drop for Queue {
    fn drop(&mut self) {
        unsafe { free_queue(self.0) }
    }
}

mod other {
    // A Rust function of the same name as a C one is not a C call.
    fn queue_len(_x: u32) -> usize { 0 }
    pub fn f() -> usize { queue_len(3) }
}
