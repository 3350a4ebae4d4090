#include "lib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct obj {
  char name[160];
};

// Names from 9 to about 140 bytes, depending on the id.
struct obj* obj_new(int id) {
  struct obj* o = malloc(sizeof *o);
  if (o == NULL) return NULL;
  int n = snprintf(o->name, sizeof o->name, "object-%d", id);
  for (int i = 0; i < id % 13 && n + 10 < (int)sizeof o->name; ++i) n += snprintf(o->name + n, sizeof o->name - n, "-segment%d", i);
  return o;
}

void obj_free(struct obj* o) { free(o); }

int get_name(struct obj* o, char* buf, size_t* n) {
  size_t len = strlen(o->name);  // counted: no NUL is copied
  if (len > *n) {
    *n = len;
    return OBJ_TOO_SMALL;
  }
  memcpy(buf, o->name, len);
  *n = len;
  return 0;
}
