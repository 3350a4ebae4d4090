// glibc reserves words with unnamed bitfields (`int :32;` in struct timex);
// libc binds them as named fields `__unused1`. They lie in C's padding: a
// warning, not a missing field. A Rust field over a C member stays an error.
// bindfuzz-flags: --target=x86_64-linux-gnu
struct timex { int modes; long offset; int :32; int :32; int tai; };
struct pad2 { int a; long b; };
struct over { int a; int b; };
