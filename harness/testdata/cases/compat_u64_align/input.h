// The compat_u64 case from Linux 6.12: bindgen drops aligned(4) on a typedef.
// bindfuzz-flags: --target=x86_64-linux-gnu
typedef unsigned long long u64;
typedef u64 __attribute__((aligned(4))) compat_u64;
struct compat_rx {
  unsigned int cmd;
  compat_u64 data;
  unsigned int rule_cnt[1];
};
