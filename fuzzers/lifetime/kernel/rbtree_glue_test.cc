// Tests of the rbtree glue (rbtree_glue.h) over the real tools/lib/rbtree.c
// of linux-source-6.12, under ASan+UBSan: one scenario per function of
// rbtree.bfspec, and the use-after-free each borrow window exists to avoid.
#include "fuzzers/lifetime/kernel/rbtree_glue.h"

#include <cstdint>
#include <set>
#include <vector>

#include "gtest/gtest.h"
#include "shims/kernel/bf_kernel.h"

namespace {

class RbtreeGlueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bfk_reset();
    live_ = bfk_live_objects();
  }
  void TearDown() override { EXPECT_EQ(bfk_live_objects(), live_) << "leaked kernel objects"; }

  // A tree holding `keys`, each inserted as a fresh node.
  bf_rbtree* TreeOf(const std::vector<uint64_t>& keys) {
    bf_rbtree* t = bf_rbtree_new();
    for (uint64_t k : keys) {
      bf_rbtree_node* old = bf_rbtree_insert(t, bf_rbtree_node_alloc(k));
      if (old != nullptr) bf_rbtree_node_free(old);
    }
    return t;
  }

  static uint64_t KeyOrMax(bf_rbtree_node* n) { return n != nullptr ? bf_rbtree_node_key(n) : UINT64_MAX; }

  size_t live_ = 0;
};

TEST_F(RbtreeGlueTest, NewTreeIsEmptyAndFreeReleasesEverything) {
  bf_rbtree* t = bf_rbtree_new();
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(bf_rbtree_iter(t), 0u);
  EXPECT_EQ(bf_rbtree_find(t, 1), nullptr);
  EXPECT_EQ(bf_rbtree_remove(t, 1), nullptr);
  EXPECT_EQ(bf_rbtree_cursor_front(t), 0);
  bf_rbtree_free(t);
}

TEST_F(RbtreeGlueTest, NodesInsertedAreOwnedByTheTreeAndFreedWithIt) {
  std::vector<uint64_t> keys;
  for (uint64_t i = 0; i < 200; ++i) keys.push_back((i * 37) % 211);
  bf_rbtree* t = TreeOf(keys);
  EXPECT_EQ(bf_rbtree_iter(t), 200u);  // also checks order and red-black invariants
  EXPECT_EQ(bfk_live_objects(), live_ + 201);
  bf_rbtree_free(t);  // every node, in postorder
}

TEST_F(RbtreeGlueTest, FindLendsTheNodeHoldingTheKey) {
  bf_rbtree* t = TreeOf({5, 1, 9});
  bf_rbtree_node* n = bf_rbtree_find(t, 9);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(bf_rbtree_node_key(n), 9u);
  EXPECT_EQ(bf_rbtree_find(t, 9), n);  // shared borrows coexist
  EXPECT_EQ(bf_rbtree_find(t, 4), nullptr);
  bf_rbtree_free(t);
}

TEST_F(RbtreeGlueTest, InsertOfAnExistingKeyHandsBackTheReplacedNode) {
  bf_rbtree* t = bf_rbtree_new();
  bf_rbtree_node* first = bf_rbtree_node_alloc(7);
  bf_rbtree_node* second = bf_rbtree_node_alloc(7);
  EXPECT_EQ(bf_rbtree_insert(t, first), nullptr);
  EXPECT_EQ(bf_rbtree_insert(t, second), first);  // Rust owns `first` again
  EXPECT_EQ(bf_rbtree_find(t, 7), second);
  EXPECT_EQ(bf_rbtree_node_key(first), 7u);
  bf_rbtree_node_free(first);
  EXPECT_EQ(bf_rbtree_iter(t), 1u);
  bf_rbtree_free(t);
}

// Why `find`'s borrow ends at insert: the node it lent can be replaced,
// handed back to Rust and dropped.
TEST_F(RbtreeGlueTest, BorrowFromFindDanglesOnceReplacedNodeIsDropped) {
  EXPECT_DEATH(
      {
        bf_rbtree* t = TreeOf({7});
        bf_rbtree_node* borrowed = bf_rbtree_find(t, 7);
        bf_rbtree_node_free(bf_rbtree_insert(t, bf_rbtree_node_alloc(7)));
        (void)bf_rbtree_node_key(borrowed);
      },
      "heap-use-after-free");
}

TEST_F(RbtreeGlueTest, RemoveHandsTheNodeBackToRust) {
  bf_rbtree* t = TreeOf({3, 8, 1, 6});
  bf_rbtree_node* n = bf_rbtree_remove(t, 8);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(bf_rbtree_node_key(n), 8u);
  EXPECT_EQ(bf_rbtree_find(t, 8), nullptr);
  EXPECT_EQ(bf_rbtree_remove(t, 8), nullptr);
  EXPECT_EQ(bf_rbtree_iter(t), 3u);
  // The tree no longer refers to it: dropping it does not disturb the tree.
  bf_rbtree_node_free(n);
  EXPECT_EQ(bf_rbtree_iter(t), 3u);
  bf_rbtree_free(t);
}

TEST_F(RbtreeGlueTest, BorrowFromFindDanglesOnceRemovedNodeIsDropped) {
  EXPECT_DEATH(
      {
        bf_rbtree* t = TreeOf({4, 2});
        bf_rbtree_node* borrowed = bf_rbtree_find(t, 4);
        bf_rbtree_node_free(bf_rbtree_remove(t, 4));
        (void)bf_rbtree_node_key(borrowed);
      },
      "heap-use-after-free");
}

// A consumed node belongs to the tree: Rust dropping it too is a double free.
TEST_F(RbtreeGlueTest, DroppingAnInsertedNodeIsUseAfterFreeInTheTree) {
  EXPECT_DEATH(
      {
        bf_rbtree* t = bf_rbtree_new();
        bf_rbtree_node* n = bf_rbtree_node_alloc(1);
        bf_rbtree_insert(t, n);
        bf_rbtree_node_free(n);
        bf_rbtree_free(t);
      },
      "heap-use-after-free");
}

TEST_F(RbtreeGlueTest, ReservationAndNodeShareOneAllocation) {
  bf_rbtree_reservation* r = bf_rbtree_reserve();
  ASSERT_NE(r, nullptr);
  size_t with_reservation = bfk_live_objects();
  bf_rbtree_node* n = bf_rbtree_reservation_into_node(r, 11);
  EXPECT_EQ(static_cast<void*>(n), static_cast<void*>(r));
  EXPECT_EQ(bf_rbtree_node_key(n), 11u);
  EXPECT_EQ(bfk_live_objects(), with_reservation);
  bf_rbtree_reservation* back = bf_rbtree_node_into_reservation(n);
  EXPECT_EQ(static_cast<void*>(back), static_cast<void*>(n));
  bf_rbtree_reservation_free(back);
}

TEST_F(RbtreeGlueTest, EntryInsertConsumesTheReservationOnlyWhenVacant) {
  bf_rbtree* t = TreeOf({2});
  bf_rbtree_reservation* r = bf_rbtree_reserve();
  EXPECT_EQ(bf_rbtree_entry_insert(t, 2, r), r);        // occupied: still Rust's
  EXPECT_EQ(bf_rbtree_entry_insert(t, 3, r), nullptr);  // vacant: linked
  bf_rbtree_node* n = bf_rbtree_find(t, 3);
  EXPECT_EQ(static_cast<void*>(n), static_cast<void*>(r));
  EXPECT_EQ(bf_rbtree_iter(t), 2u);
  bf_rbtree_free(t);
}

TEST_F(RbtreeGlueTest, AllocationFailuresReturnNull) {
  bfk_fail_alloc_after(0);
  EXPECT_EQ(bf_rbtree_new(), nullptr);
  bfk_fail_alloc_after(0);
  EXPECT_EQ(bf_rbtree_node_alloc(1), nullptr);
  bfk_fail_alloc_after(0);
  EXPECT_EQ(bf_rbtree_reserve(), nullptr);
}

TEST_F(RbtreeGlueTest, CursorsWalkInKeyOrder) {
  bf_rbtree* t = TreeOf({50, 10, 40, 20, 30});
  ASSERT_EQ(bf_rbtree_cursor_front(t), 1);
  std::vector<uint64_t> seen;
  do {
    seen.push_back(bf_rbtree_node_key(bf_rbtree_cursor_current(t)));
  } while (bf_rbtree_cursor_move_next(t));
  EXPECT_EQ(seen, (std::vector<uint64_t>{10, 20, 30, 40, 50}));
  EXPECT_EQ(bf_rbtree_cursor_current(t), nullptr);  // move_next gave None: the cursor is gone

  ASSERT_EQ(bf_rbtree_cursor_back(t), 1);
  EXPECT_EQ(KeyOrMax(bf_rbtree_cursor_current(t)), 50u);
  EXPECT_EQ(KeyOrMax(bf_rbtree_cursor_peek_prev(t)), 40u);
  EXPECT_EQ(bf_rbtree_cursor_peek_next(t), nullptr);
  EXPECT_EQ(bf_rbtree_cursor_move_prev(t), 1);
  EXPECT_EQ(KeyOrMax(bf_rbtree_cursor_current(t)), 40u);

  EXPECT_EQ(bf_rbtree_cursor_lower_bound(t, 25), 1);  // first key >= 25
  EXPECT_EQ(KeyOrMax(bf_rbtree_cursor_current(t)), 30u);
  EXPECT_EQ(bf_rbtree_cursor_lower_bound(t, 30), 1);
  EXPECT_EQ(KeyOrMax(bf_rbtree_cursor_current(t)), 30u);
  EXPECT_EQ(bf_rbtree_cursor_lower_bound(t, 51), 0);
  EXPECT_EQ(bf_rbtree_cursor_current(t), nullptr);
  bf_rbtree_free(t);
}

TEST_F(RbtreeGlueTest, CursorRemovalsHandNodesBackAndMoveTheCursor) {
  bf_rbtree* t = TreeOf({1, 2, 3, 4, 5});
  ASSERT_EQ(bf_rbtree_cursor_lower_bound(t, 3), 1);
  bf_rbtree_node* cur = bf_rbtree_cursor_remove_current(t);
  EXPECT_EQ(KeyOrMax(cur), 3u);
  EXPECT_EQ(KeyOrMax(bf_rbtree_cursor_current(t)), 4u);  // moved to the next node
  bf_rbtree_node* next = bf_rbtree_cursor_remove_next(t);
  EXPECT_EQ(KeyOrMax(next), 5u);
  bf_rbtree_node* prev = bf_rbtree_cursor_remove_prev(t);
  EXPECT_EQ(KeyOrMax(prev), 2u);
  EXPECT_EQ(bf_rbtree_cursor_remove_next(t), nullptr);  // 4 is the last
  bf_rbtree_node* last = bf_rbtree_cursor_remove_current(t);
  EXPECT_EQ(KeyOrMax(last), 4u);
  EXPECT_EQ(KeyOrMax(bf_rbtree_cursor_current(t)), 1u);  // no next: the previous
  bf_rbtree_node* only = bf_rbtree_cursor_remove_current(t);
  EXPECT_EQ(KeyOrMax(only), 1u);
  EXPECT_EQ(bf_rbtree_cursor_current(t), nullptr);  // tree empty: the cursor ended
  EXPECT_EQ(bf_rbtree_iter(t), 0u);
  for (bf_rbtree_node* n : {cur, next, prev, last, only}) bf_rbtree_node_free(n);
  bf_rbtree_free(t);
}

TEST_F(RbtreeGlueTest, AnyTreeCallEndsTheCursor) {
  bf_rbtree* t = TreeOf({1, 2});
  ASSERT_EQ(bf_rbtree_cursor_front(t), 1);
  EXPECT_NE(bf_rbtree_find(t, 2), nullptr);
  EXPECT_EQ(bf_rbtree_cursor_current(t), nullptr);
  EXPECT_EQ(bf_rbtree_cursor_move_next(t), 0);
  EXPECT_EQ(bf_rbtree_cursor_remove_current(t), nullptr);
  EXPECT_EQ(bf_rbtree_iter(t), 2u);
  bf_rbtree_free(t);
}

TEST_F(RbtreeGlueTest, CursorBorrowDanglesOnceItsNodeIsRemovedAndDropped) {
  EXPECT_DEATH(
      {
        bf_rbtree* t = TreeOf({1, 2});
        bf_rbtree_cursor_front(t);
        bf_rbtree_node* borrowed = bf_rbtree_cursor_peek_next(t);
        bf_rbtree_node_free(bf_rbtree_cursor_remove_next(t));
        (void)bf_rbtree_node_key(borrowed);
      },
      "heap-use-after-free");
}

TEST_F(RbtreeGlueTest, RandomSequencesKeepTheTreeValid) {
  bf_rbtree* t = bf_rbtree_new();
  std::set<uint64_t> model;
  uint64_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t key = (x >> 33) % 97;
    switch ((x >> 20) % 4) {
      case 0:
      case 1: {
        bf_rbtree_node* old = bf_rbtree_insert(t, bf_rbtree_node_alloc(key));
        EXPECT_EQ(old != nullptr, model.count(key) == 1);
        if (old != nullptr) bf_rbtree_node_free(old);
        model.insert(key);
        break;
      }
      case 2: {
        bf_rbtree_node* n = bf_rbtree_remove(t, key);
        EXPECT_EQ(n != nullptr, model.erase(key) == 1);
        if (n != nullptr) bf_rbtree_node_free(n);
        break;
      }
      default:
        if (bf_rbtree_cursor_lower_bound(t, key)) bf_rbtree_node_free(bf_rbtree_cursor_remove_current(t));
        if (auto it = model.lower_bound(key); it != model.end()) model.erase(it);
        break;
    }
    if (i % 100 == 0) ASSERT_EQ(bf_rbtree_iter(t), model.size());
  }
  EXPECT_EQ(bf_rbtree_iter(t), model.size());
  bf_rbtree_free(t);
}

// bf_rbtree_iter's checks fire on a tree that is not what Rust assumes. The
// corruption writes the key of a linked node through the node layout
// (struct rb_node, then key): only a test may do that.
TEST_F(RbtreeGlueTest, IterWarnsOnKeysOutOfOrder) {
  EXPECT_DEATH(
      {
        bf_rbtree* t = TreeOf({1, 2, 3});
        bf_rbtree_node* n = bf_rbtree_find(t, 1);
        reinterpret_cast<uint64_t*>(n)[3] = 9;  // key field
        bf_rbtree_iter(t);
      },
      "BINDFUZZ-KERNEL: WARN fuzzers/lifetime/kernel/rbtree_glue.c:[0-9]+ rbtree node .*: value .* does not "
      "belong to key 9");
}

}  // namespace
