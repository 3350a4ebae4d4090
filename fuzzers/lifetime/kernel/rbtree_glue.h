// What rust/kernel/rbtree.rs (Linux 6.12) does, as C calls, for the sequence
// fuzzer: RBTree<u64, u64> over the kernel's tools/lib/rbtree.c.
//
// Each function is one safe Rust API call and does what the Rust code does
// with the C tree: nodes are KBox<Node<K, V>> (Kmalloc: krealloc(NULL, size)
// to allocate, krealloc(p, 0) to free) owned by the tree once linked with
// rb_link_node + rb_insert_color; removal is rb_erase then KBox::from_raw;
// dropping the tree frees every node in postorder. rbtree.bfspec states the
// ownership and borrow assumptions Rust makes about these calls.
//
//   struct bf_rbtree* t = bf_rbtree_new();
//   struct bf_rbtree_node* old = bf_rbtree_insert(t, bf_rbtree_node_alloc(7));  // NULL: new key
//   struct bf_rbtree_node* n = bf_rbtree_find(t, 7);   // borrowed: until the next &mut use of t
//   uint64_t k = bf_rbtree_node_key(n);                 // 7
//   bf_rbtree_node_free(bf_rbtree_remove(t, 7));        // owned again: Rust drops it
//   bf_rbtree_free(t);
//
// The one Cursor a tree can have (it holds `&mut RBTree`) lives in the tree:
// bf_rbtree_cursor_front/back/lower_bound create it, the other cursor calls
// use it and do nothing (return 0/NULL) without one, and every non-cursor call
// ends it, as the borrow checker ends a Rust cursor before the tree is used
// again. Keys are u64; a node's value is derived from its key and checked on
// every read, so a node overwritten behind Rust's back is a WARN.
#ifndef BINDFUZZ_FUZZERS_LIFETIME_KERNEL_RBTREE_GLUE_H_
#define BINDFUZZ_FUZZERS_LIFETIME_KERNEL_RBTREE_GLUE_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bf_rbtree;              // RBTree<u64, u64> (boxed, so it has a handle)
struct bf_rbtree_node;         // RBTreeNode<u64, u64>: KBox<Node<u64, u64>>
struct bf_rbtree_reservation;  // RBTreeNodeReservation: KBox<MaybeUninit<Node>>

// RBTree::new (in a KBox); NULL when the allocation fails.
struct bf_rbtree* bf_rbtree_new(void);
// drop(RBTree): rb_first_postorder/rb_next_postorder, KBox::from_raw each node.
void bf_rbtree_free(struct bf_rbtree* tree);

// RBTreeNode::new(key, value, GFP_KERNEL); NULL when the allocation fails.
struct bf_rbtree_node* bf_rbtree_node_alloc(uint64_t key);
// drop(RBTreeNode).
void bf_rbtree_node_free(struct bf_rbtree_node* node);
// Reads the node's key and value (&K, &V); returns the key.
uint64_t bf_rbtree_node_key(const struct bf_rbtree_node* node);

// RBTreeNodeReservation::new(GFP_KERNEL); NULL when the allocation fails.
struct bf_rbtree_reservation* bf_rbtree_reserve(void);
void bf_rbtree_reservation_free(struct bf_rbtree_reservation* res);
// RBTreeNodeReservation::into_node(key, value): the same allocation.
struct bf_rbtree_node* bf_rbtree_reservation_into_node(struct bf_rbtree_reservation* res, uint64_t key);
// RBTreeNode::into_reservation: the same allocation.
struct bf_rbtree_reservation* bf_rbtree_node_into_reservation(struct bf_rbtree_node* node);

// RBTree::insert: links `node` (the tree owns it) and returns the node it
// replaced for the same key (rb_replace_node; Rust owns it again), or NULL.
struct bf_rbtree_node* bf_rbtree_insert(struct bf_rbtree* tree, struct bf_rbtree_node* node);
// RBTree::entry(key): Vacant -> VacantEntry::insert(value, res) links a node
// made from `res` and returns NULL; Occupied -> returns `res` unused.
struct bf_rbtree_reservation* bf_rbtree_entry_insert(struct bf_rbtree* tree, uint64_t key,
                                                     struct bf_rbtree_reservation* res);
// RBTree::get: the node holding `key`, or NULL (a borrow of the tree).
struct bf_rbtree_node* bf_rbtree_find(struct bf_rbtree* tree, uint64_t key);
// RBTree::remove_node: rb_erase, then the node is Rust's again; NULL if absent.
struct bf_rbtree_node* bf_rbtree_remove(struct bf_rbtree* tree, uint64_t key);
// RBTree::iter: walks rb_first/rb_next reading every node; returns the count.
// WARNs when keys are not strictly increasing or a red-black invariant of the
// C tree is broken (a red node with a red child, unequal black heights, a
// child whose parent pointer is wrong).
uint64_t bf_rbtree_iter(struct bf_rbtree* tree);

// Cursors (return 1 when the cursor exists afterwards, 0 otherwise).
int bf_rbtree_cursor_front(struct bf_rbtree* tree);                      // RBTree::cursor_front
int bf_rbtree_cursor_back(struct bf_rbtree* tree);                       // RBTree::cursor_back
int bf_rbtree_cursor_lower_bound(struct bf_rbtree* tree, uint64_t key);  // RBTree::cursor_lower_bound
// Cursor::current / peek_next / peek_prev: borrowed nodes, NULL without one.
struct bf_rbtree_node* bf_rbtree_cursor_current(struct bf_rbtree* tree);
struct bf_rbtree_node* bf_rbtree_cursor_peek_next(struct bf_rbtree* tree);
struct bf_rbtree_node* bf_rbtree_cursor_peek_prev(struct bf_rbtree* tree);
// Cursor::move_next / move_prev (None consumes the cursor: it ends).
int bf_rbtree_cursor_move_next(struct bf_rbtree* tree);
int bf_rbtree_cursor_move_prev(struct bf_rbtree* tree);
// Cursor::remove_current: rb_erase the current node and return it (Rust's
// again); the cursor moves to the next node, else the previous, else ends.
struct bf_rbtree_node* bf_rbtree_cursor_remove_current(struct bf_rbtree* tree);
// Cursor::remove_next / remove_prev: the neighbour, erased and returned.
struct bf_rbtree_node* bf_rbtree_cursor_remove_next(struct bf_rbtree* tree);
struct bf_rbtree_node* bf_rbtree_cursor_remove_prev(struct bf_rbtree* tree);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // BINDFUZZ_FUZZERS_LIFETIME_KERNEL_RBTREE_GLUE_H_
