// Tests of the XArray glue (xarray_glue.h) over the real lib/xarray.c and
// lib/radix-tree.c of linux-source-6.12 on the kernel shims, under
// ASan+UBSan: one scenario per function of xarray.bfspec, and the
// use-after-free each assumption exists to avoid.
#include "fuzzers/lifetime/kernel/xarray_glue.h"

#include <cstdint>
#include <map>

#include "gtest/gtest.h"
#include "shims/kernel/bf_kernel.h"

namespace {

class XarrayGlueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bfk_reset();
    bfk_rcu_set_eager(true);
    // The first array boots the radix-tree node cache (once per process).
    bf_xa_free(bf_xa_new(0));
    live_ = bfk_live_objects();
  }
  void TearDown() override {
    EXPECT_EQ(bfk_rcu_pending(), 0u) << "grace-period work left behind";
    EXPECT_EQ(bfk_live_objects(), live_) << "leaked kernel objects";
  }
  size_t live_ = 0;
};

TEST_F(XarrayGlueTest, NewArrayIsEmptyAndFreeReleasesIt) {
  for (uint8_t kind : {0, 1}) {
    bf_xarray* xa = bf_xa_new(kind);
    ASSERT_NE(xa, nullptr);
    EXPECT_EQ(bf_xa_iter(xa), 0u);
    EXPECT_EQ(bf_xa_load(xa, 0), nullptr);
    EXPECT_EQ(bf_xa_erase(xa, 0), nullptr);
    bf_xa_free(xa);
  }
}

TEST_F(XarrayGlueTest, StoreLoadEraseRoundTripsOwnership) {
  bf_xarray* xa = bf_xa_new(0);
  bf_xa_entry* e = bf_xa_entry_new(42);
  EXPECT_EQ(bf_xa_store(xa, 5, e, 0), nullptr);  // nothing was there
  bf_xa_entry* lent = bf_xa_load(xa, 5);
  EXPECT_EQ(lent, e);
  EXPECT_EQ(bf_xa_entry_value(lent), 42u);
  EXPECT_EQ(bf_xa_erase(xa, 5), e);  // Rust's again
  EXPECT_EQ(bf_xa_load(xa, 5), nullptr);
  EXPECT_EQ(bf_xa_erase(xa, 5), nullptr);
  bf_xa_entry_free(e);
  bf_xa_free(xa);
}

TEST_F(XarrayGlueTest, StoreReturnsTheEntryItReplaces) {
  bf_xarray* xa = bf_xa_new(1);
  bf_xa_entry* a = bf_xa_entry_new(1);
  bf_xa_entry* b = bf_xa_entry_new(2);
  EXPECT_EQ(bf_xa_store(xa, 300, a, 0), nullptr);
  EXPECT_EQ(bf_xa_store(xa, 300, b, 1), a);  // GFP_NOWAIT: no allocation needed
  EXPECT_EQ(bf_xa_entry_value(bf_xa_load(xa, 300)), 2u);
  bf_xa_entry_free(a);
  bf_xa_free(xa);  // frees b with the array
}

TEST_F(XarrayGlueTest, FailedStoreHandsTheEntryBack) {
  bf_xarray* xa = bf_xa_new(0);
  bf_xa_entry* e = bf_xa_entry_new(9);
  // Index 0 of an empty array lives in the head: no allocation to fail.
  EXPECT_EQ(bf_xa_store(xa, 0, e, 2), nullptr);
  bf_xa_entry* f = bf_xa_entry_new(10);
  // Index 1000 needs nodes: the allocation fails, the array does not take it.
  EXPECT_EQ(bf_xa_store(xa, 1000, f, 2), f);
  EXPECT_EQ(bf_xa_load(xa, 1000), nullptr);
  EXPECT_EQ(bf_xa_iter(xa), 1u);
  EXPECT_EQ(bf_xa_store(xa, 1000, f, 0), nullptr);  // and it can be stored again
  EXPECT_EQ(bf_xa_iter(xa), 2u);
  bf_xa_free(xa);
}

TEST_F(XarrayGlueTest, StoredEntriesBelongToTheArray) {
  bf_xarray* xa = bf_xa_new(0);
  for (uint64_t i = 0; i < 4096; i += 3) bf_xa_store(xa, i, bf_xa_entry_new(i), 0);
  EXPECT_EQ(bf_xa_iter(xa), 1366u);
  EXPECT_GT(bfk_live_objects(), live_ + 1366 + 1);  // entries, the array and its nodes
  bf_xa_free(xa);                                   // drops every entry, then xa_destroy frees the nodes
}

TEST_F(XarrayGlueTest, EntriesComeBackAlignedAsRustStoredThem) {
  bf_xarray* xa = bf_xa_new(0);
  for (uint64_t i = 0; i < 64; ++i) {
    bf_xa_entry* e = bf_xa_entry_new(i);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(e) & 3, 0u);
    bf_xa_store(xa, i * 65, e, 0);
  }
  for (uint64_t i = 0; i < 64; ++i) {
    bf_xa_entry* e = bf_xa_load(xa, i * 65);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(e) & 3, 0u);
    EXPECT_EQ(bf_xa_entry_value(e), i);
  }
  bf_xa_free(xa);
}

TEST_F(XarrayGlueTest, ErasingEverythingShrinksTheTreeThroughRcu) {
  bf_xarray* xa = bf_xa_new(0);
  size_t empty = bfk_live_objects();
  for (uint64_t i = 1; i < 2048; i += 7) bf_xa_store(xa, i, bf_xa_entry_new(i), 0);
  EXPECT_GT(bfk_live_objects(), empty + 293);  // nodes
  for (uint64_t i = 1; i < 2048; i += 7) bf_xa_entry_free(bf_xa_erase(xa, i));
  // Freed nodes went through call_rcu and the grace period that ended at
  // xa_unlock: none is left, pending or live.
  EXPECT_EQ(bfk_rcu_pending(), 0u);
  EXPECT_EQ(bfk_live_objects(), empty);
  bf_xa_free(xa);
}

// The nodes lib/xarray.c frees go through call_rcu (xa_node_free ->
// radix_tree_node_rcu_free): with grace periods ended only on request, they
// stay allocated, readable by a reader, until one ends.
TEST_F(XarrayGlueTest, NodeFreesWaitForAGracePeriod) {
  bfk_rcu_set_eager(false);
  bf_xarray* xa = bf_xa_new(0);
  size_t empty = bfk_live_objects();
  for (uint64_t i = 0; i < 512; i += 9) bf_xa_store(xa, i, bf_xa_entry_new(i), 0);
  for (uint64_t i = 0; i < 512; i += 9) bf_xa_entry_free(bf_xa_erase(xa, i));
  size_t pending = bfk_rcu_pending();
  EXPECT_GT(pending, 0u);
  EXPECT_EQ(bfk_live_objects(), empty + pending);  // only the queued nodes
  EXPECT_EQ(bfk_rcu_quiescent(), pending);
  EXPECT_EQ(bfk_rcu_pending(), 0u);
  EXPECT_EQ(bfk_live_objects(), empty);
  bfk_rcu_set_eager(true);
  bf_xa_free(xa);
}

// Why `load`'s borrow ends at erase/store: the entry is Rust's again after
// either and Rust may drop it.
TEST_F(XarrayGlueTest, BorrowFromLoadDanglesOnceErasedEntryIsDropped) {
  EXPECT_DEATH(
      {
        bf_xarray* xa = bf_xa_new(0);
        bf_xa_store(xa, 3, bf_xa_entry_new(3), 0);
        bf_xa_entry* lent = bf_xa_load(xa, 3);
        bf_xa_entry_free(bf_xa_erase(xa, 3));
        (void)bf_xa_entry_value(lent);
      },
      "heap-use-after-free");
  EXPECT_DEATH(
      {
        bf_xarray* xa = bf_xa_new(0);
        bf_xa_store(xa, 3, bf_xa_entry_new(3), 0);
        bf_xa_entry* lent = bf_xa_load(xa, 3);
        bf_xa_entry_free(bf_xa_store(xa, 3, bf_xa_entry_new(4), 0));
        (void)bf_xa_entry_value(lent);
      },
      "heap-use-after-free");
}

// A stored entry belongs to the array: Rust dropping it too is a double free
// when the array drops its entries.
TEST_F(XarrayGlueTest, DroppingAStoredEntryIsCaughtWhenTheArrayDropsIt) {
  EXPECT_DEATH(
      {
        bf_xarray* xa = bf_xa_new(0);
        bf_xa_entry* e = bf_xa_entry_new(1);
        bf_xa_store(xa, 8, e, 0);
        bf_xa_entry_free(e);
        bf_xa_free(xa);
      },
      "heap-use-after-free");
}

// Why Rust requires 4-byte aligned entries: a pointer with bit 1 set is an
// XArray internal entry. Stored at index 0 it is returned as is; but when the
// tree shrinks (index 1 erased), xas_shrink takes it for a node, moves it to
// the head and writes its `parent`, past the end of the 8-byte entry.
TEST_F(XarrayGlueTest, MisalignedEntryIsMistakenForANode) {
  EXPECT_DEATH(
      {
        bf_xarray* xa = bf_xa_new(0);
        bf_xa_entry* e = bf_xa_entry_new(1);
        auto* tagged = reinterpret_cast<bf_xa_entry*>(reinterpret_cast<char*>(e) + 2);
        bf_xa_store(xa, 0, tagged, 0);
        bf_xa_store(xa, 1, bf_xa_entry_new(2), 0);
        bf_xa_entry_free(bf_xa_erase(xa, 1));
      },
      "heap-buffer-overflow");
}

TEST_F(XarrayGlueTest, RandomSequencesAgreeWithAMap) {
  bf_xarray* xa = bf_xa_new(1);
  std::map<uint64_t, bf_xa_entry*> model;
  uint64_t x = 99;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t index = (x >> 33) % 4096;
    switch ((x >> 20) % 3) {
      case 0: {
        bf_xa_entry* e = bf_xa_entry_new(index);
        uint8_t gfp = static_cast<uint8_t>((x >> 10) % 3);
        bf_xa_entry* got = bf_xa_store(xa, index, e, gfp);
        if (got == e) {  // failed store: still Rust's
          EXPECT_EQ(gfp, 2);
          bf_xa_entry_free(e);
          break;
        }
        auto it = model.find(index);
        EXPECT_EQ(got, it == model.end() ? nullptr : it->second);
        if (got != nullptr) bf_xa_entry_free(got);
        model[index] = e;
        break;
      }
      case 1: {
        bf_xa_entry* got = bf_xa_erase(xa, index);
        auto it = model.find(index);
        EXPECT_EQ(got, it == model.end() ? nullptr : it->second);
        if (got != nullptr) {
          bf_xa_entry_free(got);
          model.erase(it);
        }
        break;
      }
      default: {
        bf_xa_entry* got = bf_xa_load(xa, index);
        auto it = model.find(index);
        EXPECT_EQ(got, it == model.end() ? nullptr : it->second);
        if (got != nullptr) EXPECT_EQ(bf_xa_entry_value(got), index);
      }
    }
    if (i % 1000 == 0) ASSERT_EQ(bf_xa_iter(xa), model.size());
  }
  EXPECT_EQ(bf_xa_iter(xa), model.size());
  bf_xa_free(xa);
}

}  // namespace
