// A list that owns its items and lends each one to a callback for the call
// only (a foreach): list_pop and list_free free items afterwards.
#ifndef BF_TESTDATA_LIFETIME_CALLBACK_KEEPS_H_
#define BF_TESTDATA_LIFETIME_CALLBACK_KEEPS_H_

struct list;
struct item;

typedef int (*item_fn)(struct item* it, void* arg);  // nonzero stops the walk

struct list* list_new(void);
void list_free(struct list* l);                      // frees its items
int list_push(struct list* l, int value);            // -1 when full
void list_pop(struct list* l);                       // frees the last item
int list_foreach(struct list* l, item_fn fn, void* arg);  // items visited
int item_value(struct item* it);

#endif
