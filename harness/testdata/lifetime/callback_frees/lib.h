// An event bus. bus_post makes a new event and shows it first to the
// watcher, which may only look at it during the call (the bus reads it again
// afterwards), then hands it to the subscriber, which owns it and must free
// it with event_free (without a subscriber the bus frees it).
#ifndef BF_TESTDATA_LIFETIME_CALLBACK_FREES_H_
#define BF_TESTDATA_LIFETIME_CALLBACK_FREES_H_

struct bus;
struct event;

typedef void (*event_fn)(struct event* ev, void* arg);

struct bus* bus_new(void);
void bus_free(struct bus* b);
void bus_subscribe(struct bus* b, event_fn fn, void* arg);  // fn owns each event
void bus_unsubscribe(struct bus* b);
void bus_watch(struct bus* b, event_fn fn, void* arg);      // fn borrows each event
int bus_post(struct bus* b, int id);                        // events posted so far
void event_free(struct event* ev);

#endif
