// A sorted list of (key, value) behind a mutex, summed with the lock dropped
// while each value is "visited" (as code that calls out, sleeps or copies to
// user space does), so other threads can change the list meanwhile.
#ifndef BF_TESTDATA_PREEMPT_UNLOCK_WINDOW_H_
#define BF_TESTDATA_PREEMPT_UNLOCK_WINDOW_H_

struct list;

struct list* list_new(void);
void list_free(struct list* l);                // frees its nodes too
int list_add(struct list* l, int key, int value);  // -1 when the key is present
int list_del(struct list* l, int key);         // unlinks and frees; -1 when absent
long list_sum(struct list* l);                 // walks with the lock dropped per node

#endif
