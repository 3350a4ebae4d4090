// A `*_sys` crate under another name, and a helper that checks for NULL
// (openssl's cvt_p).
use libfoo_sys as raw;

fn cvt_p<T>(p: *mut T) -> Result<*mut T, ()> {
    if p.is_null() { Err(()) } else { Ok(p) }
}

pub struct Ctx {
    raw: *mut raw::foo_ctx,
}

impl Ctx {
    pub fn new() -> Result<Ctx, ()> {
        let p = cvt_p(unsafe { raw::foo_ctx_new() })?;
        Ok(Ctx { raw: p })
    }
}

impl Drop for Ctx {
    fn drop(&mut self) {
        unsafe { raw::foo_ctx_free(self.raw) }
    }
}

foreign_type_and_impl_send_sync! {
    type CType = raw::foo_cert;
    fn drop = raw::foo_cert_free;
    pub struct Cert;
    pub struct CertRef;
}
