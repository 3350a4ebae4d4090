#include "lib.h"

#include <stdlib.h>

struct peer {
  int port;
};

struct conn {
  int port;
  struct peer* peer;
};

int conn_open(int port, struct conn** out) {
  if (port == 0) return -1;  // refused: *out untouched
  struct conn* c = calloc(1, sizeof *c);
  if (c == NULL) return -1;
  c->port = port;
  *out = c;
  return 0;
}

void conn_close(struct conn* c) {
  free(c->peer);
  free(c);
}

int conn_peer(struct conn* c, struct peer** out) {
  if (c->peer == NULL) {
    c->peer = malloc(sizeof *c->peer);
    if (c->peer == NULL) return -1;
    c->peer->port = c->port + 1;
  }
  *out = c->peer;
  return 0;
}

int peer_port(struct peer* p) { return p->port; }

void peer_free(struct peer* p) { free(p); }
