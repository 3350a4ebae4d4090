// bindfuzz-flags: --target=x86_64-linux-gnu
/* Rust's `Addr` is passed where C has two different records, and `Ts`
 * where C has a record that Rust also binds under its own name: neither
 * is paired (names alone would be a guess), each says why. */
struct sockaddr_a { unsigned short family; char data[14]; };
struct sockaddr_b { unsigned short family; unsigned short port; unsigned int addr; char zero[8]; };
int bind_a(int fd, const struct sockaddr_a *addr);
int bind_b(int fd, const struct sockaddr_b *addr);

struct timespec { long tv_sec; long tv_nsec; };
int sleep_for(const struct timespec *ts);
int sleep_again(const struct timespec *ts);
