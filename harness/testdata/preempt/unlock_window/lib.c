// Correct: after re-taking the lock the walk finds its place again by key
// (the node it stood on may be gone).
#include "common.h"

long list_sum(struct list* l) {
  long sum = 0;
  list_lock(l);
  struct node* n = l->head;
  while (n != NULL) {
    const int key = n->key;
    sum += n->value;
    list_unlock(l);
    list_lock(l);
    n = l->head;
    while (n != NULL && n->key <= key) n = n->next;
  }
  list_unlock(l);
  return sum;
}
