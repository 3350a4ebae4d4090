// The walk keeps the node it stood on across the unlock window and
// follows its `next` after re-taking the lock; list_del on another thread may
// have freed it meanwhile (use-after-free).
#include "common.h"

long list_sum(struct list* l) {
  long sum = 0;
  list_lock(l);
  for (struct node* n = l->head; n != NULL; n = n->next) {  // PLANTED: n may be freed
    sum += n->value;
    list_unlock(l);
    list_lock(l);
  }
  list_unlock(l);
  return sum;
}
