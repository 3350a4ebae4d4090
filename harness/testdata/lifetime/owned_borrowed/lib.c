#include "lib.h"

#include <stdlib.h>

enum { kSlots = 8 };

struct node {
  int refs;
  int key;
};

struct table {
  struct node* slot[kSlots];
};

struct table* table_new(void) { return calloc(1, sizeof(struct table)); }

void node_get(struct node* n) { n->refs++; }

void node_put(struct node* n) {
  if (--n->refs == 0) free(n);
}

int node_key(struct node* n) { return n->key; }

void table_free(struct table* t) {
  for (int i = 0; i < kSlots; ++i)
    if (t->slot[i] != NULL) node_put(t->slot[i]);
  free(t);
}

int table_insert(struct table* t, int key) {
  int i = key & (kSlots - 1);
  if (t->slot[i] != NULL) return -1;
  struct node* n = malloc(sizeof *n);
  n->refs = 1;
  n->key = key;
  t->slot[i] = n;
  return 0;
}

int table_remove(struct table* t, int key) {
  int i = key & (kSlots - 1);
  if (t->slot[i] == NULL) return -1;
  node_put(t->slot[i]);
  t->slot[i] = NULL;
  return 0;
}

struct node* table_lookup(struct table* t, int key) { return t->slot[key & (kSlots - 1)]; }

struct node* table_find(struct table* t, int key) {
  struct node* n = t->slot[key & (kSlots - 1)];
  if (n != NULL) node_get(n);
  return n;
}

int table_sum(struct table* t) {
  unsigned s = 0;
  for (int i = 0; i < kSlots; ++i)
    if (t->slot[i] != NULL) s += (unsigned)t->slot[i]->key;
  return (int)s;
}
