#include "lib.h"

#include <stdlib.h>
#include <string.h>

struct doc {
  char* title;
};

static char* dup(const char* s) {
  size_t n = strlen(s) + 1;
  char* p = malloc(n);
  memcpy(p, s, n);
  return p;
}

struct doc* doc_new(void) {
  struct doc* d = malloc(sizeof *d);
  d->title = dup("untitled");
  return d;
}

void doc_free(struct doc* d) {
  free(d->title);
  free(d);
}

const char* doc_title(struct doc* d) { return d->title; }

void doc_set_title(struct doc* d, const char* title) {
  free(d->title);
  d->title = dup(title);
}

int doc_words(struct doc* d) {
  int n = 0, in = 0;
  for (const char* p = d->title; *p; ++p) {
    if (*p == ' ') {
      in = 0;
    } else if (!in) {
      in = 1;
      ++n;
    }
  }
  return n;
}
