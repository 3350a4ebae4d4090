// EXPECT-MISMATCH: constant-value PAGE_SIZE
// EXPECT-MISMATCH: enum-value state::STATE_DEAD
// EXPECT-MISMATCH: enum-missing-value mode::MODE_C
pub const PAGE_SHIFT: u32 = 12;
pub const PAGE_SIZE: u32 = 8192;
pub const EINVAL: u32 = 22;
pub const state_STATE_IDLE: state = 0;
pub const state_STATE_RUN: state = 1;
pub const state_STATE_DEAD: state = 2;
pub type state = ffi::c_uint;
#[repr(u32)]
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub enum mode {
    MODE_A = 1,
    MODE_B = 2,
}
