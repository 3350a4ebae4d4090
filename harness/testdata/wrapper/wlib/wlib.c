#include "wlib.h"

#include <stdlib.h>
#include <string.h>

struct w_conn {
  int id;
  int refs;
  const char* name;
};

struct w_conn* w_open(int id) {
  if (id < 0) return NULL;
  struct w_conn* c = malloc(sizeof *c);
  if (c == NULL) return NULL;
  c->id = id;
  c->refs = 1;
  c->name = NULL;
  return c;
}

void w_ref(struct w_conn* c) { c->refs++; }

int w_close(struct w_conn* c) {
  const int id = c->id;
  if (--c->refs == 0) free(c);
  return id;
}

int w_id(const struct w_conn* c) { return c->id; }

void w_set_name(struct w_conn* c, const char* name) { c->name = name; }

int w_name_len(const struct w_conn* c) { return c->name != NULL ? (int)strlen(c->name) : 0; }
