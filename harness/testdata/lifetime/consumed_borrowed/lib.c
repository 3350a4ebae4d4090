#include "lib.h"

#include <stdlib.h>

enum { kCap = 4 };

struct msg {
  int value;
};

struct queue {
  struct msg* m[kCap];
  int n;
};

struct queue* queue_new(void) { return calloc(1, sizeof(struct queue)); }

struct msg* msg_new(int value) {
  struct msg* m = malloc(sizeof *m);
  m->value = value;
  return m;
}

void msg_free(struct msg* m) { free(m); }
int msg_value(struct msg* m) { return m->value; }

int queue_push(struct queue* q, struct msg* m) {
  if (q->n == kCap) {
    free(m);
    return -1;
  }
  q->m[q->n++] = m;
  return 0;
}

int queue_pop_sum(struct queue* q) {
  unsigned s = 0;
  while (q->n > 0) {
    struct msg* m = q->m[--q->n];
    s += (unsigned)m->value;
    free(m);
  }
  return (int)s;
}

void queue_free(struct queue* q) {
  queue_pop_sum(q);
  free(q);
}
