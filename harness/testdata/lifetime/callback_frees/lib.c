#include "lib.h"

#include <stdlib.h>

struct event {
  int id;
  int seq;
};

struct bus {
  event_fn sub, watch;
  void *sub_arg, *watch_arg;
  int posted, last_seen;
};

struct bus* bus_new(void) { return calloc(1, sizeof(struct bus)); }
void bus_free(struct bus* b) { free(b); }

void bus_subscribe(struct bus* b, event_fn fn, void* arg) {
  b->sub = fn;
  b->sub_arg = arg;
}

void bus_unsubscribe(struct bus* b) {
  b->sub = NULL;
  b->sub_arg = NULL;
}

void bus_watch(struct bus* b, event_fn fn, void* arg) {
  b->watch = fn;
  b->watch_arg = arg;
}

int bus_post(struct bus* b, int id) {
  struct event* ev = malloc(sizeof *ev);
  if (ev == NULL) return b->posted;
  ev->id = id;
  ev->seq = ++b->posted;
  if (b->watch != NULL) {
    b->watch(ev, b->watch_arg);
    b->last_seen = ev->id;  // the event is still the bus's
  }
  if (b->sub != NULL) {
    b->sub(ev, b->sub_arg);  // ownership passes to the subscriber
  } else {
    free(ev);
  }
  return b->posted;
}

void event_free(struct event* ev) { free(ev); }
