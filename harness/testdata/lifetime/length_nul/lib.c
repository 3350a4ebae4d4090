#include "lib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kCap = 16 };

struct vec {
  uint32_t x[kCap];
  size_t n;
  char* name;
  size_t name_len;
};

struct vec* vec_new(int tag) {
  struct vec* v = calloc(1, sizeof *v);
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "vec-%d", tag);
  v->name_len = (size_t)n;
  v->name = malloc(v->name_len);  // exactly the bytes, no NUL
  memcpy(v->name, tmp, v->name_len);
  return v;
}

void vec_free(struct vec* v) {
  free(v->name);
  free(v);
}

int vec_push(struct vec* v, uint32_t x) {
  if (v->n == kCap) return -1;
  v->x[v->n++] = x;
  return 0;
}

size_t vec_copy(struct vec* v, uint32_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = i < v->n ? v->x[i] : 0;
  return n < v->n ? n : v->n;
}

uint64_t vec_sum_of(const uint32_t* in, size_t n) {
  uint64_t s = 0;
  for (size_t i = 0; i < n; ++i) s += in[i];
  return s;
}

const char* vec_name(struct vec* v) { return v->name; }
size_t vec_name_len(struct vec* v) { return v->name_len; }
