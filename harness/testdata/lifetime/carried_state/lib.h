// Sessions that each take a slot of a process-wide table. The table has
// room for two, and the library counts opens since it was loaded (or since
// lib_cleanup), never closes: the third open writes past the table. Only
// earlier opens, in this input or in an earlier one, can set that up.
#ifndef BF_TESTDATA_LIFETIME_CARRIED_STATE_H_
#define BF_TESTDATA_LIFETIME_CARRIED_STATE_H_

struct session;

struct session* session_open(void);
void session_close(struct session* s);
int session_hits(struct session* s);
void lib_cleanup(void);  // empties the table and forgets every open

#endif
