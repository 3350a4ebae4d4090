#[repr(C)]
pub struct s {
    pub a: i64,
}
