#include "harness/diff/attribution_view.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::diff {
namespace {

using ojson = nlohmann::ordered_json;

TEST(AttributionView, AbsentWithoutRootCauses) {
  EXPECT_FALSE(ReadAttribution(ojson::parse(R"({"findings": [{"attribution": {"root": "x"}}]})")).present());
  EXPECT_FALSE(ReadAttribution(ojson::parse(R"({"root_causes": "nonsense"})")).present());
  EXPECT_FALSE(ReadAttribution(ojson::parse(R"([1, 2])")).present());
  EXPECT_FALSE(ReadAttribution(ojson::parse(R"({"root_causes": [{"change": "no item"}, 3]})")).present());
}

TEST(AttributionView, ReadsRootsAndChains) {
  const ojson j = ojson::parse(R"({
    "findings": [
      {"item": "spinlock", "attribution": {"root": "record:spinlock", "role": "root"}},
      {"item": "file", "attribution": {"root": "record:spinlock", "role": "inherited",
        "chain": [{"record": "file", "member": "f_lock", "type": "spinlock_t"},
                  {"record": "spinlock", "member": "rlock", "type": "raw_spinlock"}]}},
      {"item": "inode", "attribution": {"root": "spinlock", "chain": ["inode", {"field": "i_lock"}]}},
      {"item": "other"},
      {"item": "x", "attribution": {"root": "no-such-root"}}
    ],
    "root_causes": [
      {"id": "record:spinlock", "item_kind": "record", "item": "spinlock", "kind": "record-size",
       "change": "4 -> 32 bytes", "explains": 83, "loc": {"file": "include/linux/spinlock_types.h", "line": 20}},
      {"item": "wait_queue_head", "item_kind": "record", "summary": "24 -> 48 bytes", "explains": [1, 2]},
      {"id": "record:spinlock", "item": "duplicate"}
    ]})");
  AttributionView v = ReadAttribution(j);
  ASSERT_TRUE(v.present());
  ASSERT_EQ(v.roots.size(), 2u);
  EXPECT_EQ(v.roots[0].Title(), "spinlock (record): 4 -> 32 bytes");
  EXPECT_EQ(v.roots[0].explains, 83u);
  EXPECT_EQ(v.roots[0].loc.ToString(), "include/linux/spinlock_types.h:20");
  EXPECT_EQ(v.roots[0].findings, 3u);
  EXPECT_EQ(v.roots[1].id, "record:wait_queue_head");  // derived when absent
  EXPECT_EQ(v.roots[1].change, "24 -> 48 bytes");
  EXPECT_EQ(v.roots[1].explains, 2u);
  ASSERT_NE(v.ForFinding(1), nullptr);
  EXPECT_EQ(v.ForFinding(1)->role, "inherited");
  EXPECT_EQ(v.ForFinding(1)->ChainText(), "file.f_lock (spinlock_t) -> spinlock.rlock (raw_spinlock)");
  EXPECT_EQ(v.ForFinding(2)->root, 0u);  // named by item
  EXPECT_EQ(v.ForFinding(2)->ChainText(), "inode -> i_lock");
  EXPECT_EQ(v.ForFinding(3), nullptr);
  EXPECT_EQ(v.ForFinding(4), nullptr);  // unknown root: not attributed
}

TEST(AttributionView, UnderATopLevelAttributionObject) {
  const ojson j = ojson::parse(R"({"attribution": {"root_causes": [{"item": "s"}]}, "findings": []})");
  AttributionView v = ReadAttribution(j);
  ASSERT_TRUE(v.present());
  EXPECT_EQ(v.roots[0].id, "s");
  EXPECT_EQ(v.roots[0].Title(), "s");
}

}  // namespace
}  // namespace bindfuzz::diff
