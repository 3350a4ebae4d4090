#include "lib.h"

#include <stdlib.h>

struct obj {
  unsigned state;
  unsigned char key[OBJ_KEY_BYTES];
};

struct obj* obj_new(int seed) {
  struct obj* o = calloc(1, sizeof *o);
  if (o != NULL) o->state = (unsigned)seed * 2654435761u + 1;
  return o;
}

void obj_free(struct obj* o) { free(o); }

void obj_digest(struct obj* o, unsigned char out[OBJ_DIGEST_BYTES]) {
  unsigned s = o->state;
  for (int i = 0; i < OBJ_DIGEST_BYTES; ++i) {
    s = s * 1103515245u + 12345u + o->key[i % OBJ_KEY_BYTES];
    out[i] = (unsigned char)(s >> 16);
  }
}

void obj_set_key(struct obj* o, const unsigned char key[OBJ_KEY_BYTES]) {
  for (int i = 0; i < OBJ_KEY_BYTES; ++i) o->key[i] = key[i];
}
