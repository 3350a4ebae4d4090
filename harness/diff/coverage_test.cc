#include "harness/diff/coverage.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/diff/test_contracts.h"

namespace bindfuzz::diff {
namespace {

using namespace bindfuzz::diff::testing;  // NOLINT: test builders

Finding Of(MismatchKind kind) {
  Finding f;
  f.kind = kind;
  f.severity = KindSeverity(kind);
  return f;
}

TEST(AddItem, FiltersCountAndWriteTheCoverageRow) {
  DiffOptions options;
  options.kinds = *ParseKindFilter("-field-extra");
  DiffReport report;
  Record tr = MakeRecord("s", 8, 8, {});
  Record ar = MakeRecord("s", 16, 8, {});
  ItemResult item{.kind = ItemKind::kRecord, .key = "s", .matched = "s#2", .reason = "2 C definitions; closest used"};
  item.truth_record = &tr;
  item.assumed_record = &ar;
  AddItem(options, item, {Of(MismatchKind::kRecordSize), Of(MismatchKind::kFieldExtra), Of(MismatchKind::kFieldType)},
          report);
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_EQ(report.findings[0].kind, MismatchKind::kRecordSize);
  EXPECT_EQ(report.findings[1].kind, MismatchKind::kFieldType);
  EXPECT_EQ(report.suppressed, 1u);
  EXPECT_EQ(report.counts[static_cast<size_t>(MismatchKind::kRecordSize)], 1u);
  EXPECT_EQ(report.counts[static_cast<size_t>(MismatchKind::kFieldExtra)], 0u);
  ASSERT_EQ(report.coverage.size(), 1u);
  const CoverageEntry& e = report.coverage[0];
  EXPECT_EQ(e.item, "s");
  EXPECT_EQ(e.matched, "s#2");
  EXPECT_EQ(e.reason, "2 C definitions; closest used");
  EXPECT_EQ(e.findings, 2u);
  EXPECT_EQ(e.outcome, Outcome::kFindings);
  // A kept layout finding keeps both definitions for the layout table.
  ASSERT_EQ(report.layouts.count("s"), 1u);
  EXPECT_EQ(report.layouts.at("s").assumed.size_bytes, 16u);
}

TEST(AddItem, LayoutTableOnlyForKeptLayoutFindingsOfComputedLayouts) {
  DiffOptions options;
  options.min_severity = Severity::kError;
  DiffReport report;
  Record tr = MakeRecord("s", 8, 8, {});
  Record ar = MakeRecord("s", 8, 8, {});
  ItemResult item{.kind = ItemKind::kRecord, .key = "s"};
  item.truth_record = &tr;
  item.assumed_record = &ar;
  // field-extra is a warning: filtered out, so no layout table.
  AddItem(options, item, {Of(MismatchKind::kFieldExtra)}, report);
  EXPECT_TRUE(report.layouts.empty());
  EXPECT_EQ(report.coverage.back().outcome, Outcome::kClean);
  // field-type is not a layout finding.
  AddItem(options, item, {Of(MismatchKind::kFieldType)}, report);
  EXPECT_TRUE(report.layouts.empty());
  // A side without computed layout (align 0) has no table.
  ar.align_bytes = 0;
  AddItem(options, item, {Of(MismatchKind::kFieldOffset)}, report);
  EXPECT_TRUE(report.layouts.empty());
  ar.align_bytes = 8;
  AddItem(options, item, {Of(MismatchKind::kFieldOffset)}, report);
  EXPECT_EQ(report.layouts.size(), 1u);
}

TEST(AddItem, Outcomes) {
  DiffReport report;
  AddItem({}, {.kind = ItemKind::kFunction, .key = "ghost", .unmatched = true}, {Of(MismatchKind::kFunctionMissing)},
          report);
  AddItem({}, {.kind = ItemKind::kConstant, .key = "E_A", .findings_elsewhere = true}, {}, report);
  AddItem({}, {.kind = ItemKind::kConstant, .key = "E_B"}, {}, report);
  ASSERT_EQ(report.coverage.size(), 3u);
  EXPECT_EQ(report.coverage[0].outcome, Outcome::kUnmatched);
  EXPECT_EQ(report.coverage[0].findings, 1u);
  EXPECT_EQ(report.coverage[1].outcome, Outcome::kFindings);
  EXPECT_EQ(report.coverage[1].findings, 0u);
  EXPECT_EQ(report.coverage[2].outcome, Outcome::kClean);
}

}  // namespace
}  // namespace bindfuzz::diff
