pub const X: u32 = 1;
compile_error!("planted expansion failure");
