// The list both versions share (lib.c and lib_unlock_window.c differ only in
// list_sum).
#include <pthread.h>
#include <stdlib.h>

#include "bf_preempt.h"
#include "lib.h"

struct node {
  int key, value;
  struct node* next;
};

struct list {
  pthread_mutex_t lock;
  struct node* head;
};

struct list* list_new(void) {
  struct list* l = calloc(1, sizeof *l);
  if (l != NULL) pthread_mutex_init(&l->lock, NULL);
  return l;
}

void list_free(struct list* l) {
  struct node* n = l->head;
  while (n != NULL) {
    struct node* next = n->next;
    free(n);
    n = next;
  }
  pthread_mutex_destroy(&l->lock);
  free(l);
}

static void list_lock(struct list* l) { pthread_mutex_lock(&l->lock); }

// Another thread may run as soon as the lock is free.
static void list_unlock(struct list* l) {
  pthread_mutex_unlock(&l->lock);
  BF_PREEMPT_POINT();
}

int list_add(struct list* l, int key, int value) {
  list_lock(l);
  struct node** at = &l->head;
  while (*at != NULL && (*at)->key < key) at = &(*at)->next;
  int rc = -1;
  if (*at == NULL || (*at)->key != key) {
    struct node* n = malloc(sizeof *n);
    if (n != NULL) {
      n->key = key;
      n->value = value;
      n->next = *at;
      *at = n;
      rc = 0;
    }
  }
  list_unlock(l);
  return rc;
}

int list_del(struct list* l, int key) {
  list_lock(l);
  struct node** at = &l->head;
  while (*at != NULL && (*at)->key < key) at = &(*at)->next;
  int rc = -1;
  if (*at != NULL && (*at)->key == key) {
    struct node* n = *at;
    *at = n->next;
    free(n);
    rc = 0;
  }
  list_unlock(l);
  return rc;
}
