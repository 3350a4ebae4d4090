/* A member C reaches through a macro (glibc's sigaction), and a named member
 * of an unnamed union type that libc calls __c_anonymous_<member> (glibc's
 * ifreq). Both sides agree on every layout. */
typedef void (*handler_t)(int);
struct act {
  union {
    handler_t sa_handler;
    void (*sa_sigaction)(int, void *, void *);
  } __handler;
  unsigned long sa_flags;
};
#define sa_handler __handler.sa_handler
#define sa_sigaction __handler.sa_sigaction

struct req {
  char name[16];
  union {
    int ivalue;
    long lvalue;
  } ifru;
};
int use_req(struct req *r);
