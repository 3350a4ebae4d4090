#include "lib.h"

#include <stdlib.h>

enum { kCap = 4 };

struct item {
  int value;
};

struct list {
  struct item* it[kCap];
  int n;
};

struct list* list_new(void) { return calloc(1, sizeof(struct list)); }

void list_free(struct list* l) {
  for (int i = 0; i < l->n; ++i) free(l->it[i]);
  free(l);
}

int list_push(struct list* l, int value) {
  if (l->n == kCap) return -1;
  struct item* it = malloc(sizeof *it);
  if (it == NULL) return -1;
  it->value = value;
  l->it[l->n++] = it;
  return 0;
}

void list_pop(struct list* l) {
  if (l->n > 0) free(l->it[--l->n]);
}

int list_foreach(struct list* l, item_fn fn, void* arg) {
  int i = 0;
  while (i < l->n) {
    int stop = fn(l->it[i], arg);
    ++i;
    if (stop) break;
  }
  return i;
}

int item_value(struct item* it) { return it->value; }
