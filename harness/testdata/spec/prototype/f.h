/* C prototypes the spec functions of *.bfspec are checked against. */
#include <stddef.h>
typedef int status_t;
struct obj;
int f(int *p);
status_t g(struct obj *o, size_t n);
void h(const char *fmt, ...);
long k(void);
int fill(char *buf, int n);
typedef int (*visit_fn)(struct obj *o, void *arg);
int walk(struct obj *o, visit_fn fn, void *arg);
void on_signal(void (*handler)(long sig), int flags);
int get_name(struct obj *o, char *buf, size_t *n);
