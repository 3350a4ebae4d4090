#include "lib.h"

#include <stdlib.h>

struct vec {
  size_t n;
  int* items;
};

struct vec* vec_new(int n) {
  struct vec* v = malloc(sizeof *v);
  if (v == NULL) return NULL;
  v->n = n < 0 ? 0 : (size_t)n;
  v->items = malloc(v->n * sizeof(int) + (v->n == 0));  // exactly n items
  if (v->items == NULL) {
    free(v);
    return NULL;
  }
  for (size_t i = 0; i < v->n; ++i) v->items[i] = (int)(i * 7);
  return v;
}

void vec_free(struct vec* v) {
  free(v->items);
  free(v);
}

size_t vec_len(struct vec* v) { return v->n; }

int vec_get(struct vec* v, size_t i) { return v->items[i]; }
