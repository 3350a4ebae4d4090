// rust/kernel/rbtree.rs (Linux 6.12) as C calls: see rbtree_glue.h. Built
// with the kernel shims (shims/kernel) over tools/lib/rbtree.c.
#include "rbtree_glue.h"

#include <linux/bug.h>
#include <linux/rbtree_augmented.h>
#include <linux/slab.h>

// Node<K, V> of rust/kernel/rbtree.rs: `links` first, then key and value.
struct bf_rbtree_node {
  struct rb_node links;
  uint64_t key;
  uint64_t value;
};

// KBox<MaybeUninit<Node<K, V>>>: the same size and alignment.
struct bf_rbtree_reservation {
  struct bf_rbtree_node uninit;
};

struct bf_rbtree {
  struct rb_root root;
  struct rb_node* cursor;  // the live Cursor's current node; NULL: no cursor
  uint64_t count;          // nodes linked, for bf_rbtree_iter's check
};

// Rust's Kmalloc allocator (rust/kernel/alloc/allocator.rs): KBox::new is
// krealloc(NULL, size, flags), drop is krealloc(ptr, 0, 0).
static void* bf_kbox_alloc(size_t size) { return krealloc(NULL, size, GFP_KERNEL); }
static void bf_kbox_free(void* p) { (void)krealloc(p, 0, 0); }

static uint64_t bf_value_of(uint64_t key) { return (key * 0x9E3779B97F4A7C15ull) ^ 0xb1dfu; }

static struct bf_rbtree_node* bf_node_of(struct rb_node* n) {
  return rb_entry(n, struct bf_rbtree_node, links);
}

// ------------------------------------------------------------------ tree

struct bf_rbtree* bf_rbtree_new(void) {
  struct bf_rbtree* t = bf_kbox_alloc(sizeof *t);
  if (t == NULL) return NULL;
  t->root = RB_ROOT;
  t->cursor = NULL;
  t->count = 0;
  return t;
}

void bf_rbtree_free(struct bf_rbtree* tree) {
  struct rb_node* next = rb_first_postorder(&tree->root);
  while (next != NULL) {
    struct bf_rbtree_node* this = bf_node_of(next);
    next = rb_next_postorder(next);  // before the node goes away
    bf_kbox_free(this);
  }
  bf_kbox_free(tree);
}

// ----------------------------------------------------------------- nodes

struct bf_rbtree_node* bf_rbtree_node_alloc(uint64_t key) {
  return bf_rbtree_reservation_into_node(bf_rbtree_reserve(), key);
}

void bf_rbtree_node_free(struct bf_rbtree_node* node) { bf_kbox_free(node); }

uint64_t bf_rbtree_node_key(const struct bf_rbtree_node* node) {
  uint64_t key = node->key;
  WARN(node->value != bf_value_of(key), "rbtree node %p: value %#llx does not belong to key %llu",
       (const void*)node, (unsigned long long)node->value, (unsigned long long)key);
  return key;
}

struct bf_rbtree_reservation* bf_rbtree_reserve(void) {
  return bf_kbox_alloc(sizeof(struct bf_rbtree_reservation));
}

void bf_rbtree_reservation_free(struct bf_rbtree_reservation* res) { bf_kbox_free(res); }

struct bf_rbtree_node* bf_rbtree_reservation_into_node(struct bf_rbtree_reservation* res, uint64_t key) {
  if (res == NULL) return NULL;
  struct bf_rbtree_node* n = &res->uninit;  // KBox::write
  n->links = (struct rb_node){0};           // bindings::rb_node::default()
  n->key = key;
  n->value = bf_value_of(key);
  return n;
}

struct bf_rbtree_reservation* bf_rbtree_node_into_reservation(struct bf_rbtree_node* node) {
  return (struct bf_rbtree_reservation*)node;  // KBox::drop_contents: u64s need no drop
}

// ------------------------------------------------------------ tree calls

// RBTree::raw_entry: the node with `key`, or where a new one links.
struct bf_entry {
  struct rb_node* found;
  struct rb_node* parent;
  struct rb_node** link;
};

static struct bf_entry bf_raw_entry(struct bf_rbtree* tree, uint64_t key) {
  struct bf_entry e = {NULL, NULL, &tree->root.rb_node};
  while (*e.link != NULL) {
    struct rb_node* curr = *e.link;
    uint64_t k = bf_node_of(curr)->key;
    if (key < k) {
      e.link = &curr->rb_left;
    } else if (key > k) {
      e.link = &curr->rb_right;
    } else {
      e.found = curr;
      return e;
    }
    e.parent = curr;
  }
  return e;
}

// RawVacantEntry::insert.
static void bf_link(struct bf_rbtree* tree, const struct bf_entry* e, struct bf_rbtree_node* node) {
  rb_link_node(&node->links, e->parent, e->link);
  rb_insert_color(&node->links, &tree->root);
  tree->count++;
}

struct bf_rbtree_node* bf_rbtree_insert(struct bf_rbtree* tree, struct bf_rbtree_node* node) {
  tree->cursor = NULL;
  struct bf_entry e = bf_raw_entry(tree, node->key);
  if (e.found != NULL) {  // OccupiedEntry::replace
    rb_replace_node(e.found, &node->links, &tree->root);
    return bf_node_of(e.found);
  }
  bf_link(tree, &e, node);
  return NULL;
}

struct bf_rbtree_reservation* bf_rbtree_entry_insert(struct bf_rbtree* tree, uint64_t key,
                                                     struct bf_rbtree_reservation* res) {
  tree->cursor = NULL;
  struct bf_entry e = bf_raw_entry(tree, key);
  if (e.found != NULL) return res;  // Entry::Occupied: the reservation stays Rust's
  bf_link(tree, &e, bf_rbtree_reservation_into_node(res, key));
  return NULL;
}

struct bf_rbtree_node* bf_rbtree_find(struct bf_rbtree* tree, uint64_t key) {
  tree->cursor = NULL;
  struct bf_entry e = bf_raw_entry(tree, key);
  return e.found != NULL ? bf_node_of(e.found) : NULL;
}

static struct bf_rbtree_node* bf_erase(struct bf_rbtree* tree, struct rb_node* n) {
  rb_erase(n, &tree->root);
  tree->count--;
  return bf_node_of(n);  // KBox::from_raw(container_of!(...))
}

struct bf_rbtree_node* bf_rbtree_remove(struct bf_rbtree* tree, uint64_t key) {
  tree->cursor = NULL;
  struct bf_entry e = bf_raw_entry(tree, key);
  return e.found != NULL ? bf_erase(tree, e.found) : NULL;
}

// Black height of the subtree at `n`, or -1 after a WARN.
static int bf_check_subtree(const struct rb_node* n, const struct rb_node* parent, int depth) {
  if (n == NULL) return 1;
  if (WARN(depth > 128, "rbtree deeper than 128: a cycle or a broken balance")) return -1;
  if (WARN(rb_parent(n) != parent, "rbtree node %p: parent pointer %p, expected %p", (const void*)n,
           (const void*)rb_parent(n), (const void*)parent))
    return -1;
  if (rb_is_red(n)) {
    if (WARN((n->rb_left && rb_is_red(n->rb_left)) || (n->rb_right && rb_is_red(n->rb_right)),
             "rbtree node %p: red node with a red child", (const void*)n))
      return -1;
  }
  int l = bf_check_subtree(n->rb_left, n, depth + 1);
  int r = bf_check_subtree(n->rb_right, n, depth + 1);
  if (l < 0 || r < 0) return -1;
  if (WARN(l != r, "rbtree node %p: black heights %d and %d differ", (const void*)n, l, r)) return -1;
  return l + (rb_is_black(n) ? 1 : 0);
}

uint64_t bf_rbtree_iter(struct bf_rbtree* tree) {
  tree->cursor = NULL;
  uint64_t n = 0;
  uint64_t prev = 0;
  for (struct rb_node* it = rb_first(&tree->root); it != NULL; it = rb_next(it)) {
    uint64_t key = bf_rbtree_node_key(bf_node_of(it));
    if (WARN(n > 0 && key <= prev, "rbtree keys out of order: %llu after %llu", (unsigned long long)key,
             (unsigned long long)prev))
      break;
    if (WARN(n == tree->count, "rbtree iteration visits more than the %llu linked nodes",
             (unsigned long long)tree->count))
      break;
    prev = key;
    n++;
  }
  WARN(n != tree->count, "rbtree iteration visited %llu of %llu linked nodes", (unsigned long long)n,
       (unsigned long long)tree->count);
  WARN(tree->root.rb_node != NULL && rb_is_red(tree->root.rb_node), "rbtree root is red");
  bf_check_subtree(tree->root.rb_node, NULL, 0);
  return n;
}

// --------------------------------------------------------------- cursors

static int bf_set_cursor(struct bf_rbtree* tree, struct rb_node* n) {
  tree->cursor = n;
  return n != NULL;
}

int bf_rbtree_cursor_front(struct bf_rbtree* tree) { return bf_set_cursor(tree, rb_first(&tree->root)); }

int bf_rbtree_cursor_back(struct bf_rbtree* tree) { return bf_set_cursor(tree, rb_last(&tree->root)); }

int bf_rbtree_cursor_lower_bound(struct bf_rbtree* tree, uint64_t key) {
  struct rb_node* node = tree->root.rb_node;
  struct rb_node* best = NULL;
  while (node != NULL) {
    uint64_t k = bf_node_of(node)->key;
    if (key == k) {
      best = node;
      break;
    }
    if (key > k) {
      node = node->rb_right;
    } else {
      if (best == NULL || bf_node_of(best)->key > k) best = node;
      node = node->rb_left;
    }
  }
  return bf_set_cursor(tree, best);
}

struct bf_rbtree_node* bf_rbtree_cursor_current(struct bf_rbtree* tree) {
  return tree->cursor != NULL ? bf_node_of(tree->cursor) : NULL;
}

struct bf_rbtree_node* bf_rbtree_cursor_peek_next(struct bf_rbtree* tree) {
  if (tree->cursor == NULL) return NULL;
  struct rb_node* n = rb_next(tree->cursor);
  return n != NULL ? bf_node_of(n) : NULL;
}

struct bf_rbtree_node* bf_rbtree_cursor_peek_prev(struct bf_rbtree* tree) {
  if (tree->cursor == NULL) return NULL;
  struct rb_node* n = rb_prev(tree->cursor);
  return n != NULL ? bf_node_of(n) : NULL;
}

int bf_rbtree_cursor_move_next(struct bf_rbtree* tree) {
  if (tree->cursor == NULL) return 0;
  return bf_set_cursor(tree, rb_next(tree->cursor));
}

int bf_rbtree_cursor_move_prev(struct bf_rbtree* tree) {
  if (tree->cursor == NULL) return 0;
  return bf_set_cursor(tree, rb_prev(tree->cursor));
}

struct bf_rbtree_node* bf_rbtree_cursor_remove_current(struct bf_rbtree* tree) {
  struct rb_node* cur = tree->cursor;
  if (cur == NULL) return NULL;
  struct rb_node* prev = rb_prev(cur);
  struct rb_node* next = rb_next(cur);
  struct bf_rbtree_node* node = bf_erase(tree, cur);
  tree->cursor = next != NULL ? next : prev;
  return node;
}

static struct bf_rbtree_node* bf_remove_neighbour(struct bf_rbtree* tree, int next) {
  if (tree->cursor == NULL) return NULL;
  struct rb_node* n = next ? rb_next(tree->cursor) : rb_prev(tree->cursor);
  return n != NULL ? bf_erase(tree, n) : NULL;
}

struct bf_rbtree_node* bf_rbtree_cursor_remove_next(struct bf_rbtree* tree) {
  return bf_remove_neighbour(tree, 1);
}

struct bf_rbtree_node* bf_rbtree_cursor_remove_prev(struct bf_rbtree* tree) {
  return bf_remove_neighbour(tree, 0);
}
