// C: struct rec { int a; int b; }; Rust widens `b`.
#[repr(C)]
pub struct rec {
    pub a: i32,
    pub b: i64,
}

// C: struct same { int x; }: clean.
#[repr(C)]
pub struct same {
    pub x: i32,
}
