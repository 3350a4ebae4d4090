// A message queue that takes ownership of what is pushed (it frees the
// message when it is popped, when the queue is freed, or at once when full).
#ifndef BF_TESTDATA_LIFETIME_CONSUMED_BORROWED_H_
#define BF_TESTDATA_LIFETIME_CONSUMED_BORROWED_H_

struct queue;
struct msg;

struct queue* queue_new(void);
void queue_free(struct queue* q);  // frees the queued messages
struct msg* msg_new(int value);
void msg_free(struct msg* m);
int msg_value(struct msg* m);
int queue_push(struct queue* q, struct msg* m);  // takes ownership of m
int queue_pop_sum(struct queue* q);               // frees what it pops

#endif
