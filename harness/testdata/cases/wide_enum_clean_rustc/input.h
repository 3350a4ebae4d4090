// The clean companion of wide_enum_size_rustc: C's enum holds the same
// 64-bit value, so clang makes it 8 bytes and struct holder 16 (tag at 8),
// as rustc 1.95 does for the Rust side. Checked by hand with clang and gcc.
// bindfuzz-flags: --target=x86_64-linux-gnu
enum Wide { A = 0, B = 0x100000000LL };
struct holder {
  enum Wide w;
  int tag;
};
