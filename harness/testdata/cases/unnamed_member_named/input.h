// libc names C's unnamed unions (`u: __c_anonymous_ptrace_syscall_info_data`
// for the unnamed union of Linux's `ptrace_syscall_info`): the Rust field
// stands for the unnamed member, and its record for the unnamed union,
// paired through the field. `info` agrees; in `info2` the union's `exit`
// member really differs (Rust's rval is 4 bytes for C's 8). `info3` holds a
// union libc declares without #[repr(C)]: rustc lays out `info3`, its `u`
// pairs with the unnamed union at one place, and what the union holds is
// not compared (a note), but no field is missing.
// bindfuzz-flags: --target=x86_64-linux-gnu
struct info { unsigned char op; unsigned int arch; union { struct { unsigned long nr; } entry; struct { long rval; } exit; }; };
struct info2 { int op; union { long rval; unsigned long nr; }; };
struct info3 { int op; union { long a; unsigned long b; }; };
