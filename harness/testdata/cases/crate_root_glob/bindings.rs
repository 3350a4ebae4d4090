// EXPECT-MISMATCH: function-return-width bio_get_flags() return
mod handwritten {
    pub use self::types::*;
    pub use self::bio::*;
    mod types {
        pub enum BIO {}
    }
    mod bio {
        use *;
        #[repr(C)]
        pub struct bio_info { pub bio: *mut BIO, pub kind: i32 }
        extern "C" {
            pub fn BIO_free(b: *mut BIO) -> i32;
            pub fn bio_get_flags(b: *const ::BIO) -> i64;
        }
    }
}
pub use handwritten::*;
