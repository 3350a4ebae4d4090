// bindfuzz-flags: --target=x86_64-linux-gnu
// Members of unnamed structs and unions, which C names directly (UAPI
// iphdr, glibc rusage), and fields Rust renames or flattens.
struct hdr {
  int a;
  union {
    struct { int saddr; int daddr; };
    struct { int addrs[2]; } pair;
  };
  union { long maxrss; long maxrss_word; };
};
struct node { int type; void *ref; };
// glibc's pthread_mutex_t style: Rust names `char __size[8]` `size: [u8; 8]`.
struct opaque8 { char __size[8]; };
struct strings { struct { long time; char *text; } strings; int n; };
// A real difference among flattened members: clang puts `x` at 8 and
// `late` at 16 (24 bytes, align 8); the packed(4) binding at 4 and 8 (16
// bytes, align 4).
struct late { int a; union { struct { int x; long late; }; }; };
