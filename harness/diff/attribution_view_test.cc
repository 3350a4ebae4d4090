#include "harness/diff/attribution_view.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::diff {
namespace {

using ojson = nlohmann::ordered_json;
using ::testing::ElementsAre;

TEST(AttributionView, AbsentWithoutRootCauses) {
  EXPECT_FALSE(ReadAttribution(ojson::parse(R"({"findings": [{"explained_by": [{"root": "x"}]}]})")).present());
  EXPECT_FALSE(ReadAttribution(ojson::parse(R"({"root_causes": "nonsense"})")).present());
  EXPECT_FALSE(ReadAttribution(ojson::parse(R"([1, 2])")).present());
  EXPECT_FALSE(ReadAttribution(ojson::parse(R"({"root_causes": [{"change": "no item"}, 3]})")).present());
}

// The shape attribution.h writes (root causes, explained_by chains,
// impacted functions).
TEST(AttributionView, RootsOwnFindingsChainsAndFunctions) {
  const ojson j = ojson::parse(R"({
    "findings": [
      {"kind": "record-size", "item_kind": "record", "item": "spinlock",
       "truth": {"value": "32", "loc": {"file": "include/linux/spinlock_types.h", "line": 20, "col": 8}}},
      {"kind": "record-size", "item_kind": "record", "item": "file", "explained_by": [
        {"root": "spinlock", "chain": [{"item": "file", "member": "f_lock", "type": "spinlock_t", "target": "spinlock"}]}]},
      {"kind": "field-offset", "item_kind": "record", "item": "inode", "member": "i_pages", "explained_by": [
        {"root": "spinlock", "chain": [
          {"item": "inode", "member": "i_data", "type": "address_space", "target": "address_space"},
          {"item": "address_space", "member": "i_pages", "type": "xarray", "target": "xarray"},
          {"item": "xarray", "member": "xa_lock", "type": "spinlock_t", "target": "spinlock"}]},
        {"root": "wait_queue_head", "chain": [{"item": "inode", "member": "i_wq", "type": "wait_queue_head_t"}]},
        {"root": "no_such_root", "chain": []}]},
      {"kind": "constant-value", "item_kind": "constant", "item": "HZ"},
      {"kind": "field-offset", "item_kind": "record", "item": "unattributed"}
    ],
    "root_causes": [
      {"item_kind": "record", "item": "spinlock", "change": "4 -> 32 bytes", "aliases": ["spinlock_t"],
       "own_findings": 1, "records": ["file", "inode"], "findings_explained": 2, "functions": ["fput"]},
      {"item_kind": "record", "item": "wait_queue_head", "change": "24 -> 48 bytes", "records": ["inode"]},
      {"item_kind": "constant", "item": "HZ", "change": "100 -> 250"},
      {"item_kind": "function", "item": "spinlock", "change": "a function of the same name"},
      {"item_kind": "record", "item": "spinlock", "change": "a duplicate"}
    ],
    "impacted_functions": {"fput": [{"root": "spinlock", "chain": [
      {"item": "fput", "member": "file", "type": "*mut file", "target": "file"},
      {"item": "file", "member": "f_lock", "type": "spinlock_t", "target": "spinlock"}]}]}
  })");
  AttributionView v = ReadAttribution(j);
  ASSERT_TRUE(v.present());
  ASSERT_EQ(v.roots.size(), 4u);
  const RootCauseView& spin = v.roots[0];
  EXPECT_EQ(spin.id, "record:spinlock");
  EXPECT_EQ(spin.Title(), "spinlock (spinlock_t): 4 -> 32 bytes");
  EXPECT_THAT(spin.records, ElementsAre("file", "inode"));
  EXPECT_EQ(spin.findings_explained, 2u);
  EXPECT_EQ(spin.own, 1u);
  EXPECT_EQ(spin.inherited, 2u);
  EXPECT_EQ(spin.loc.ToString(), "include/linux/spinlock_types.h:20:8");  // from its own finding
  ASSERT_EQ(spin.function_chains.size(), 1u);
  EXPECT_EQ(spin.function_chains[0].first, "fput");
  EXPECT_EQ(spin.function_chains[0].second.Text(), "fput -> file (*mut file) -> f_lock (spinlock_t)");
  EXPECT_TRUE(spin.ExplainsOthers());
  EXPECT_FALSE(v.roots[2].ExplainsOthers());

  const FindingAttributionView* own = v.ForFinding(0);
  ASSERT_NE(own, nullptr);
  EXPECT_TRUE(own->own);
  EXPECT_THAT(own->roots, ElementsAre(0u));
  const FindingAttributionView* file = v.ForFinding(1);
  ASSERT_NE(file, nullptr);
  EXPECT_FALSE(file->own);
  EXPECT_EQ(file->chains[0].Text(), "file -> f_lock (spinlock_t)");
  // Two roots (the unknown one is dropped); chain text as the text report writes it.
  const FindingAttributionView* inode = v.ForFinding(2);
  ASSERT_NE(inode, nullptr);
  EXPECT_THAT(inode->roots, ElementsAre(0u, 1u));
  EXPECT_EQ(inode->chains[0].Text(),
            "inode -> i_data (address_space) -> i_pages (xarray) -> xa_lock (spinlock_t)");
  EXPECT_EQ(inode->chains[1].Text(), "inode -> i_wq (wait_queue_head_t)");
  EXPECT_TRUE(v.ForFinding(3)->own);     // the constant HZ
  EXPECT_EQ(v.ForFinding(4), nullptr);  // neither a root nor explained
  // A chain's root names the record, not the function of the same name.
  EXPECT_EQ(v.roots[3].item_kind, "function");
  EXPECT_EQ(v.roots[3].inherited, 0u);
}

}  // namespace
}  // namespace bindfuzz::diff
