// A record holding a repr(C) enum whose discriminants do not fit 32 bits:
// the Rust layout engine cannot size the enum, rustc can (8 bytes, align 8
// on x86_64; C here has a plain int, 4 bytes). Checked by hand: clang and
// gcc give struct holder 8 bytes (tag at 4), rustc 1.95 16 bytes (tag at 8).
// bindfuzz-flags: --target=x86_64-linux-gnu
struct holder {
  int w;
  int tag;
};
