#include "harness/explain/check_report.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::explain {
namespace {

using ::testing::HasSubstr;

// The shape harness/diff/report.cc writes.
constexpr char kReport[] = R"({
 "format": "bindfuzz-diff",
 "version": 1,
 "truth": {"label": "c", "side": "c"},
 "assumed": {"label": "rust", "side": "rust"},
 "findings": [
  {"kind": "record-size", "severity": "error", "item_kind": "record", "item": "file",
   "message": "size differs", "consequence": "Rust reads past the end",
   "truth": {"value": "40", "loc": {"file": "input.h", "line": 3, "col": 8}},
   "assumed": {"value": "232", "loc": {"file": "bindings.rs", "line": 7}}},
  {"kind": "field-offset", "severity": "error", "item_kind": "record", "item": "file", "matched": "file",
   "member": "f_op", "message": "m", "consequence": "c",
   "truth": {"value": 16}, "assumed": {"value": "40"}}
 ],
 "coverage": []
})";

TEST(CheckReport, ReadsFindings) {
  absl::StatusOr<CheckReport> r = ParseCheckReport(kReport, "report.json");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->findings.size(), 2u);
  const ReportFinding& a = r->findings[0];
  EXPECT_EQ(a.kind, diff::MismatchKind::kRecordSize);
  EXPECT_EQ(a.item, "file");
  EXPECT_EQ(a.member, "");
  EXPECT_EQ(a.truth_value, "40");
  EXPECT_EQ(a.assumed_value, "232");
  EXPECT_EQ(a.truth_loc.ToString(), "input.h:3");
  EXPECT_EQ(a.assumed_loc.ToString(), "bindings.rs:7");
  EXPECT_EQ(a.consequence, "Rust reads past the end");
  const ReportFinding& b = r->findings[1];
  EXPECT_EQ(b.member, "f_op");
  EXPECT_EQ(b.matched, "file");
  EXPECT_EQ(b.truth_value, "16");  // a number is shown as written
  EXPECT_EQ(b.truth_loc.ToString(), "?");
  EXPECT_EQ(r->truth_label, "c");
}

TEST(CheckReport, ErrorsNameTheFileAndLine) {
  const struct {
    const char* text;
    const char* says;
  } kCases[] = {
      {"{\n \"format\": \"bindfuzz-diff\",\n x", "r.json:3:2: not JSON"},
      {"[]", "r.json:1: not a bindfuzz check report"},
      {R"({"format": "sarif"})", "not a bindfuzz check report"},
      {R"({"format": "bindfuzz-diff", "version": 2, "findings": []})", "unsupported bindfuzz-diff report version"},
      {R"({"format": "bindfuzz-diff", "version": 1})", "no \"findings\" array"},
      {R"({"format": "bindfuzz-diff", "version": 1, "findings": [{"kind": "nope", "item": "x"}]})",
       "findings[0]: unknown kind 'nope'"},
      {R"({"format": "bindfuzz-diff", "version": 1, "findings": [{"kind": "record-size"}]})",
       "findings[0]: no \"item\""},
      {R"({"format": "bindfuzz-diff", "version": 1, "findings": [{"kind": "record-size", "item": 3}]})",
       "findings[0]: a field that should be a string is not"},
      {R"({"format": "bindfuzz-diff", "version": 1, "findings": [{"kind": "record-size", "item": "x", "truth": 1}]})",
       "findings[0]: \"truth\" is not {value, loc}"},
  };
  for (const auto& c : kCases) {
    absl::StatusOr<CheckReport> r = ParseCheckReport(c.text, "r.json");
    EXPECT_FALSE(r.ok()) << c.text;
    if (!r.ok()) EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.says)) << c.text;
  }
}

}  // namespace
}  // namespace bindfuzz::explain
