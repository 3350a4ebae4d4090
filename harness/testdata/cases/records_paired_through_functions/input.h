// bindfuzz-flags: --target=x86_64-linux-gnu
/* Rust binds these records under names of its own (libc-style wrappers:
 * `LibcStat` for `struct stat`, `Event` for `struct epoll_event`). The
 * functions that pass them pair each with exactly one C record, so their
 * layouts are compared. `stat` is bound with `b` too wide; `epoll_event`
 * agrees (packed on both sides). */
struct stat { long a; int b; };
int fstat_(int fd, struct stat *st);
int stat_at(const char *path, struct stat *st);

typedef union epoll_data { void *ptr; int fd; unsigned long long u64; } epoll_data_t;
struct epoll_event { unsigned int events; epoll_data_t data; } __attribute__((packed));
int epoll_wait_(int epfd, struct epoll_event *events, int maxevents, int timeout);
int epoll_ctl_(int epfd, int op, int fd, struct epoll_event *event);
