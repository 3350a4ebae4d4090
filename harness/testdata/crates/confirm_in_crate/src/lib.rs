//! Items the probe can reach only from inside the crate.
#![allow(non_camel_case_types)]
mod sys;
pub use sys::*;
include!(concat!(env!("OUT_DIR"), "/consts.rs"));
