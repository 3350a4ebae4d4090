#include "lib.h"

#include <stdlib.h>

struct session {
  int* slot;
};

static int g_slots[2];  // one per session opened since load or lib_cleanup
static int g_opens;     // sessions opened since load or lib_cleanup

struct session* session_open(void) {
  struct session* s = malloc(sizeof *s);
  if (s == NULL) return NULL;
  // The planted bug: no check that the table has room (the third open).
  s->slot = &g_slots[g_opens++];
  *s->slot += 1;
  return s;
}

void session_close(struct session* s) { free(s); }

int session_hits(struct session* s) { return *s->slot; }

void lib_cleanup(void) {
  g_slots[0] = g_slots[1] = 0;
  g_opens = 0;
}
