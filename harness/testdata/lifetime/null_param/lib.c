#include "lib.h"

#include <stdlib.h>

struct doc {
  int pages;
};

struct style {
  int size;
};

struct doc* doc_new(void) {
  struct doc* d = calloc(1, sizeof *d);
  if (d != NULL) d->pages = 3;
  return d;
}

void doc_free(struct doc* d) { free(d); }

struct style* style_new(int size) {
  struct style* s = malloc(sizeof *s);
  if (s != NULL) s->size = size;
  return s;
}

void style_free(struct style* s) { free(s); }

int doc_render(struct doc* d, const struct style* s) {
  int size = s != NULL ? s->size : 12;
  return d->pages * size;
}

int doc_measure(struct doc* d, const struct style* s) { return d->pages * s->size; }
