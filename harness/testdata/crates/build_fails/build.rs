fn main() {
    panic!("planted build script failure: libplanted not found");
}
