#include "lib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct named {
  char name[48];
};

struct named* named_new(int id) {
  struct named* n = malloc(sizeof *n);
  if (n != NULL) snprintf(n->name, sizeof n->name, "object-%d-with-a-rather-long-name", id);
  return n;
}

void named_free(struct named* n) { free(n); }

int name_copy(struct named* n, char* buf, size_t cap) {
  size_t len = strlen(n->name);
  if (len > cap) len = cap;
  memcpy(buf, n->name, len);
  return (int)len;
}

int name_format(struct named* n, char* buf, size_t cap) {
  size_t len = strlen(n->name);
  memcpy(buf, n->name, len < cap ? len : cap);
  return (int)len;
}
