// Connections opened through an out-parameter. conn_open stores a new
// connection the caller closes; conn_peer stores the connection's own peer
// record, which stays the connection's: conn_close frees it.
#ifndef BF_TESTDATA_LIFETIME_OUT_PARAM_H_
#define BF_TESTDATA_LIFETIME_OUT_PARAM_H_

struct conn;
struct peer;

int conn_open(int port, struct conn** out);               // 0 and *out = new connection
void conn_close(struct conn* c);                          // frees its peer too
int conn_peer(struct conn* c, struct peer** out);         // 0 and *out = c's peer (borrowed)
int peer_port(struct peer* p);
void peer_free(struct peer* p);                           // for peers the caller made itself

#endif
