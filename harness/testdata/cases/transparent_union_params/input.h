/* glibc's <sys/socket.h>: accept, bind, connect take the socket address as
 * a transparent union, passed as its first member; callers may pass any
 * member's type. */
// bindfuzz-flags: --target=x86_64-linux-gnu
struct sockaddr { unsigned short sa_family; char sa_data[14]; };
struct sockaddr_in { unsigned short sin_family; unsigned short sin_port; unsigned int sin_addr; char sin_zero[8]; };
struct other { long x; };
typedef union { struct sockaddr *__restrict __sockaddr__; struct sockaddr_in *__restrict __sockaddr_in__; }
  __SOCKADDR_ARG __attribute__ ((__transparent_union__));
typedef union { const struct sockaddr *__restrict __sockaddr__; const struct sockaddr_in *__restrict __sockaddr_in__; }
  __CONST_SOCKADDR_ARG __attribute__ ((__transparent_union__));
typedef unsigned int socklen_t;
int accept(int fd, __SOCKADDR_ARG addr, socklen_t *len);
int bind(int fd, __CONST_SOCKADDR_ARG addr, socklen_t len);
int getpeername(int fd, __SOCKADDR_ARG addr, socklen_t *len);
int connect(int fd, __CONST_SOCKADDR_ARG addr, socklen_t len);
int getsockname(int fd, __SOCKADDR_ARG addr, socklen_t *len);
