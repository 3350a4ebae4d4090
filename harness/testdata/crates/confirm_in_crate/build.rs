// Writes the constants lib.rs includes from OUT_DIR.
use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let out = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out).join("consts.rs"), "pub const LIMIT: i32 = 8;\n").unwrap();
}
