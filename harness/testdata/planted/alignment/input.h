/* Alignment only: sizes and offsets agree, alignments do not. */
typedef unsigned long long u64;
/* As compat_u64 in Linux: bindgen drops aligned(4) on a typedef. */
typedef u64 __attribute__((aligned(4))) compat_u64;
struct cmsg {
  compat_u64 a;
  compat_u64 b;
};
/* C requires 16-byte alignment; the binding lost the attribute. */
struct over {
  long long v;
  long long w;
} __attribute__((aligned(16)));
