/* A function pointer on one side, a data pointer or a pointer-sized
 * integer on the other: the same bits on every supported target, other
 * meanings (libc binds sighandler_t as usize). */
// bindfuzz-flags: --target=x86_64-linux-gnu
typedef void (*sighandler_t)(int);
struct sigact {
  sighandler_t sa_handler;
  void *sa_restorer;
  unsigned long sa_flags;
};
void takes_void(void *p);
void takes_fn(void (*cb)(int));
void *get_fn(void);
sighandler_t signal(int sig, sighandler_t handler);
void same(void (*cb)(int), void *data);
/* glibc's glob_t: callbacks libc binds as `__unused1: *mut c_void`. */
struct globish {
  unsigned long gl_pathc;
  void (*gl_closedir)(void *);
};
void use_glob(struct globish *g);
