#include "harness/diff/finding_key.h"

#include <string>

#include "gtest/gtest.h"
#include "harness/diff/test_contracts.h"

namespace bindfuzz::diff {
namespace {

TEST(FindingKey, StableAndSensitiveToEachPart) {
  FindingKeyParts p{.kind = "field-offset", .item_kind = "record", .item = "file", .member = "f_op",
                    .truth_side = "c", .assumed_side = "rust"};
  const std::string k = FindingKey(p);
  EXPECT_TRUE(IsFindingKey(k)) << k;
  // Pinned: the key must not change between versions (baselines and SARIF
  // fingerprints of earlier runs rely on it).
  EXPECT_EQ(k, FindingKey(p));
  EXPECT_EQ(k, "bf1-" + k.substr(4));
  const std::string pinned = "bf1-758928e8bec74901";  // FNV-1a 64 of "12:field-offset6:record4:file4:f_op1:c4:rust"
  EXPECT_EQ(k, pinned) << "the key function changed: old baselines would no longer match";
  for (int i = 0; i < 6; ++i) {
    FindingKeyParts q = p;
    std::string_view* parts[] = {&q.kind, &q.item_kind, &q.item, &q.member, &q.truth_side, &q.assumed_side};
    *parts[i] = "x";
    EXPECT_NE(FindingKey(q), k) << "part " << i;
  }
  // Length-prefixed: moving a character from one part to the next changes the key.
  FindingKeyParts a = p, b = p;
  a.item = "fil";
  a.member = "ef_op";
  EXPECT_NE(FindingKey(a), FindingKey(b));
  EXPECT_FALSE(IsFindingKey("bf1-0123456789ABCDEF"));
  EXPECT_FALSE(IsFindingKey("bf1-0123456789abcde"));
  EXPECT_FALSE(IsFindingKey("bf2-0123456789abcdef"));
}

TEST(FindingKey, FromAFindingOfAReport) {
  using namespace testing;  // NOLINT: test builders
  Contract c = CSide(), rust = RustSide();
  AddCompatScenario(c, rust);
  DiffReport r = Compare(c, rust);
  ASSERT_FALSE(r.findings.empty());
  const Finding& f = r.findings.front();
  EXPECT_EQ(FindingKey(r, f), FindingKey({.kind = KindName(f.kind),
                                          .item_kind = ItemKindName(f.item_kind),
                                          .item = f.item,
                                          .member = f.member,
                                          .truth_side = "c",
                                          .assumed_side = "rust"}));
  // Line numbers, values and wording are not part of it.
  Finding moved = f;
  moved.assumed_loc.line += 100;
  moved.message = "reworded";
  moved.truth_value = "other";
  EXPECT_EQ(FindingKey(r, moved), FindingKey(r, f));
  // The sides are: the same finding against BTF is another finding.
  DiffReport btf = r;
  btf.truth_side = contract::Side::kBtf;
  EXPECT_NE(FindingKey(btf, f), FindingKey(r, f));
}

}  // namespace
}  // namespace bindfuzz::diff
