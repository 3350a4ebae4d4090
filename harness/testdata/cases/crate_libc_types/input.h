// The C side, self-contained: glibc 2.36's x86_64 definitions of the types
// the crate names through libc (so the golden does not depend on the host's
// headers).
// bindfuzz-flags: --target=x86_64-linux-gnu
typedef unsigned long size_t;
typedef long off_t;
typedef long time_t;
typedef long suseconds_t;
typedef unsigned short sa_family_t;
struct timeval { time_t tv_sec; suseconds_t tv_usec; };
struct sockaddr { sa_family_t sa_family; char sa_data[14]; };
struct rec {
  size_t n;
  off_t off;
  time_t t;
  struct timeval tv;
  struct sockaddr sa;
};
struct io { int len; };
int rec_fill(struct rec *r, const char *path, struct sockaddr *from, size_t *n);
