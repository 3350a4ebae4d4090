// libc binds glibc's reserved and private parts as integer words: one
// opaque field over members Rust does not name (siginfo_t._pad over
// _sifields, regex_t.__bitfield over seven bitfields), a zero-sized field
// for alignment (`_align: [u64; 0]`), other integer element types over the
// same bytes (pthread_attr_t.__size), and one union member under two Rust
// names (ifreq's ifru_ivalue as ifru_ifindex and ifru_metric). The layouts
// agree: warnings and notes. What stays an error: a field over a C member
// Rust binds with another width (ipc_perm.__pad1), and a non-integer view.
// bindfuzz-flags: --target=x86_64-linux-gnu
struct sig { int signo; int code; union { int pid; struct { void *addr; long band; } poll; } fields; };
struct re { void *buf; unsigned can_be_null : 1, regs_allocated : 2, newline_anchor : 5; int tail; };
typedef union { char __size[56]; long __align; } attr_t;
union ifru { int ifru_ivalue; short ifru_flags; char ifru_name[16]; };
struct ipc { int key; unsigned int mode; };
struct fp { int cwd; unsigned int reserved[4]; };
