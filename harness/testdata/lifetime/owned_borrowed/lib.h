// A table of reference-counted nodes. The table holds one reference to each
// node it contains; table_lookup lends a node (no reference for the caller),
// table_find returns a new reference the caller must node_put.
#ifndef BF_TESTDATA_LIFETIME_OWNED_BORROWED_H_
#define BF_TESTDATA_LIFETIME_OWNED_BORROWED_H_

struct table;
struct node;

struct table* table_new(void);
void table_free(struct table* t);  // drops the table's references
int table_insert(struct table* t, int key);
int table_remove(struct table* t, int key);
struct node* table_lookup(struct table* t, int key);  // borrowed, or NULL
struct node* table_find(struct table* t, int key);    // new reference, or NULL
int table_sum(struct table* t);
void node_get(struct node* n);
void node_put(struct node* n);
int node_key(struct node* n);

#endif
