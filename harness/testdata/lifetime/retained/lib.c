#include "lib.h"

#include <stdlib.h>

enum { kCap = 4 };

struct item {
  int value;
};

struct reg {
  struct item* it[kCap];
};

struct reg* reg_new(void) { return calloc(1, sizeof(struct reg)); }
void reg_free(struct reg* r) { free(r); }

struct item* item_new(int value) {
  struct item* it = malloc(sizeof *it);
  it->value = value;
  return it;
}

void item_free(struct item* it) { free(it); }

int reg_add(struct reg* r, struct item* it) {
  int free_slot = -1;
  for (int i = 0; i < kCap; ++i) {
    if (r->it[i] == it) return -1;
    if (r->it[i] == NULL && free_slot < 0) free_slot = i;
  }
  if (free_slot < 0) return -1;
  r->it[free_slot] = it;
  return 0;
}

int reg_del(struct reg* r, struct item* it) {
  for (int i = 0; i < kCap; ++i) {
    if (r->it[i] == it) {
      r->it[i] = NULL;
      return 0;
    }
  }
  return -1;
}

int reg_sum(struct reg* r) {
  unsigned s = 0;
  for (int i = 0; i < kCap; ++i)
    if (r->it[i] != NULL) s += (unsigned)r->it[i]->value;
  return (int)s;
}
