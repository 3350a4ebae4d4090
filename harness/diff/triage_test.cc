#include "harness/diff/triage.h"

#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/contract/contract_json.h"
#include "harness/diff/finding_key.h"
#include "harness/diff/report.h"
#include "harness/diff/waiver_file.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::diff {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using json = nlohmann::json;

// The golden pair of report_test.cc: its JSON report is the baseline.
struct Golden {
  contract::Contract c, rust;
  std::string report_json;
};

Golden LoadGolden() {
  Golden g;
  const std::string dir = "harness/testdata/diff/";
  auto c = ReadFile(dir + "representative.c.json");
  auto rust = ReadFile(dir + "representative.rust.json");
  auto rep = ReadFile(dir + "representative.json");
  EXPECT_TRUE(c.ok() && rust.ok() && rep.ok());
  g.c = *contract::FromJson(*c, "c.json");
  g.rust = *contract::FromJson(*rust, "rust.json");
  g.report_json = *rep;
  return g;
}

Baseline MustRead(const std::string& text) {
  auto b = ReadBaseline(text, "old.json");
  EXPECT_TRUE(b.ok()) << b.status();
  return b.ok() ? *b : Baseline{};
}

std::vector<std::string> States(const DiffReport& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings) out.push_back(BaselineStateName(f.baseline));
  return out;
}

TEST(Baseline, SameRunIsAllUnchanged) {
  Golden g = LoadGolden();
  DiffReport r = Compare(g.c, g.rust);
  Baseline b = MustRead(g.report_json);
  EXPECT_EQ(b.findings.size(), r.findings.size());
  EXPECT_EQ(b.truth_side, "c");
  ASSERT_TRUE(ApplyBaseline(b, r).ok());
  for (const Finding& f : r.findings) EXPECT_EQ(f.baseline, BaselineState::kUnchanged) << f.Subject();
  EXPECT_THAT(r.triage.fixed, IsEmpty());
  EXPECT_EQ(r.triage.baseline_file, "old.json");
  EXPECT_EQ(ExitCode(r), 1);           // findings, as before
  EXPECT_EQ(TriagedExitCode(r), 0);    // but none is new
}

TEST(Baseline, NewUnchangedAndFixed) {
  Golden g = LoadGolden();
  // Fixed: the Rust compat_spec now agrees with C. New: a constant that
  // did agree no longer does (an error) and a record C lacks (a warning).
  g.rust.records["compat_spec"] = g.c.records.at("compat_spec");
  g.rust.constants["GFP_KERNEL"].int_value = contract::IntValue::Of(1);
  DiffReport r = Compare(g.c, g.rust);
  ASSERT_TRUE(ApplyBaseline(MustRead(g.report_json), r).ok());
  std::vector<std::string> fresh;
  for (const Finding& f : r.findings) {
    if (f.baseline == BaselineState::kNew) fresh.push_back(std::string(KindName(f.kind)) + " " + f.Subject());
  }
  EXPECT_THAT(fresh, ElementsAre("constant-value GFP_KERNEL"));
  std::vector<std::string> fixed;
  for (const BaselineFinding& b : r.triage.fixed) fixed.push_back(b.kind + " " + b.item + "." + b.member);
  EXPECT_THAT(fixed, ::testing::UnorderedElementsAre("record-size compat_spec.", "record-align compat_spec.",
                                                      "field-offset compat_spec.cookie",
                                                      "field-offset compat_spec.tail"));
  EXPECT_EQ(TriagedExitCode(r), 1);  // a new error

  // Only a new warning: CI passes.
  Golden w = LoadGolden();
  w.rust.records["brand_new"] = w.rust.records.at("old_thing");
  w.rust.records["brand_new"].name = "brand_new";
  DiffReport rw = Compare(w.c, w.rust);
  ASSERT_TRUE(ApplyBaseline(MustRead(w.report_json), rw).ok());
  size_t new_warnings = 0;
  for (const Finding& f : rw.findings) {
    if (f.baseline == BaselineState::kNew) {
      EXPECT_EQ(f.severity, Severity::kWarning) << f.Subject();
      ++new_warnings;
    }
  }
  EXPECT_EQ(new_warnings, 1u);
  EXPECT_EQ(TriagedExitCode(rw), 0);
}

TEST(Baseline, KeysAreAMultiset) {
  Golden g = LoadGolden();
  DiffReport r = Compare(g.c, g.rust);
  ASSERT_GE(r.findings.size(), 2u);
  // The baseline holds the first finding once; the report has it twice.
  r.findings.insert(r.findings.begin() + 1, r.findings.front());
  json j = json::parse(g.report_json);
  ASSERT_TRUE(ApplyBaseline(MustRead(j.dump()), r).ok());
  EXPECT_EQ(r.findings[0].baseline, BaselineState::kUnchanged);
  EXPECT_EQ(r.findings[1].baseline, BaselineState::kNew);
}

TEST(Baseline, FilteredKindsAreNotFixed) {
  Golden g = LoadGolden();
  DiffOptions o;
  o.kinds = *ParseKindFilter("field-offset");
  DiffReport r = Compare(g.c, g.rust, o);
  Baseline b = MustRead(g.report_json);
  ASSERT_TRUE(ApplyBaseline(b, r).ok());
  EXPECT_THAT(r.triage.fixed, IsEmpty());
  EXPECT_EQ(r.triage.baseline_filtered, b.findings.size() - r.findings.size());
  o = {};
  o.min_severity = Severity::kError;
  DiffReport e = Compare(g.c, g.rust, o);
  ASSERT_TRUE(ApplyBaseline(b, e).ok());
  EXPECT_THAT(e.triage.fixed, IsEmpty());
  EXPECT_GT(e.triage.baseline_filtered, 0u);
}

TEST(Baseline, ReportsWithoutKeysAndWithUnknownFieldsAreRead) {
  Golden g = LoadGolden();
  json j = json::parse(g.report_json);
  for (json& f : j["findings"]) {
    f.erase("key");
    f["confirmation"] = {{"status", "confirmed"}};  // fields of later versions are ignored
  }
  DiffReport r = Compare(g.c, g.rust);
  ASSERT_TRUE(ApplyBaseline(MustRead(j.dump(1)), r).ok());
  EXPECT_THAT(r.triage.fixed, IsEmpty());
  for (const Finding& f : r.findings) EXPECT_EQ(f.baseline, BaselineState::kUnchanged);
}

TEST(Baseline, OtherSidesAreRejected) {
  Golden g = LoadGolden();
  DiffReport r = Compare(g.c, g.rust);
  r.truth_side = contract::Side::kBtf;
  absl::Status s = ApplyBaseline(MustRead(g.report_json), r);
  EXPECT_EQ(s.message(), "old.json: the baseline compares c vs rust, this run btf vs rust: no finding could match");
}

std::string ReadError(const std::string& text) {
  auto b = ReadBaseline(text, "old.json");
  EXPECT_FALSE(b.ok());
  return b.ok() ? "" : std::string(b.status().message());
}

TEST(Baseline, MalformedInputNamesFileAndLine) {
  EXPECT_THAT(ReadError("{\n  \"format\": \"bindfuzz-diff\",\n  oops\n}"), HasSubstr("old.json:3:3: invalid JSON"));
  EXPECT_EQ(ReadError("[]"), "old.json:1:1: expected a bindfuzz JSON report (an object) (at /)");
  EXPECT_EQ(ReadError("{\"format\": \"sarif\", \"version\": 1}"),
            "old.json:1:18: format is \"sarif\", not a bindfuzz report (\"bindfuzz-diff\") (at /format)");
  EXPECT_EQ(ReadError("{\"format\": \"bindfuzz-diff\",\n \"version\": 7}"),
            "old.json:2:14: report version 7 is not supported (this bindfuzz reads 1..1) (at /version)");
  const std::string head =
      "{\"format\": \"bindfuzz-diff\", \"version\": 1,\n"
      " \"truth\": {\"side\": \"c\"}, \"assumed\": {\"side\": \"rust\"},\n"
      " \"findings\": [\n";
  EXPECT_EQ(ReadError(head + "  {\"kind\": \"field-offset\", \"item_kind\": \"record\", \"item\": \"a\", "
                             "\"severity\": \"error\"},\n  {\"item_kind\": \"record\", \"item\": \"b\"}\n]}"),
            "old.json:5:3: missing key \"kind\" (at /findings/1)");
  EXPECT_EQ(ReadError(head + "  {\"kind\": \"field-offset\", \"item_kind\": \"record\", \"item\": \"a\",\n"
                             "   \"severity\": \"fatal\"}\n]}"),
            "old.json:5:22: unknown severity \"fatal\" (at /findings/0/severity)");
  EXPECT_EQ(ReadError(head + "  {\"kind\": 3, \"item_kind\": \"record\", \"item\": \"a\", \"severity\": \"error\"}\n]}"),
            "old.json:4:13: expected a string (at /findings/0/kind)");
  EXPECT_EQ(ReadError("{\"format\": \"bindfuzz-diff\", \"version\": 1, \"truth\": {\"side\": \"c\"}}"),
            "old.json:1:1: missing key \"assumed\" (at /)");
  EXPECT_THAT(ReadError(""), HasSubstr("old.json:1:1: invalid JSON"));
  EXPECT_THAT(ReadError(std::string(300, '[')), HasSubstr("nesting deeper than"));
}

// ---------------------------------------------------------------- waivers

std::vector<Waiver> Waivers(const std::string& text) {
  auto w = ParseWaiverFile(text, "w.txt");
  EXPECT_TRUE(w.ok()) << w.status();
  return w.ok() ? *w : std::vector<Waiver>{};
}

TEST(Waivers, MatchWaiveAndGoStale) {
  Golden g = LoadGolden();
  DiffReport r = Compare(g.c, g.rust);
  const Finding* kmalloc = nullptr;
  for (const Finding& f : r.findings) {
    if (f.item == "kmalloc") kmalloc = &f;
  }
  ASSERT_NE(kmalloc, nullptr);
  const std::string kmalloc_key = FindingKey(r, *kmalloc);
  const std::string text =
      "waive field-offset compat_spec * until 2099-12-31 reason \"every moved field\"\n"   // 1: 2 findings
      "waive record-size compat_spec until 2099-12-31 reason \"the record itself\"\n"      // 2: 1 finding
      "waive key " + kmalloc_key + " until 2099-12-31 reason \"by key\"\n"                 // 3: kmalloc
      "waive constant-value PAGE_SHIFT until 2001-01-01 reason \"expired\"\n"             // 4: expired, matches
      "waive field-offset nosuch f until 2099-12-31 reason \"gone\"\n"                    // 5: stale
      "waive field-offset compat_spec cookie until 2099-12-31 reason \"also named\"\n";   // 6: overlaps 1
  ApplyWaivers(Waivers(text), "w.txt", "2026-12-05", r);
  const auto& w = r.triage.waivers;
  ASSERT_EQ(w.size(), 6u);
  EXPECT_EQ(w[0].matched, 2u);
  EXPECT_EQ(w[1].matched, 1u);
  EXPECT_EQ(w[2].matched, 1u);
  EXPECT_EQ(w[3].matched, 1u);
  EXPECT_TRUE(w[3].expired);
  EXPECT_EQ(w[4].matched, 0u);
  EXPECT_EQ(w[5].matched, 1u);  // counted, though entry 1 waives it
  std::vector<bool> stale;
  for (const Waiver& x : w) stale.push_back(x.Stale());
  EXPECT_THAT(stale, ElementsAre(false, false, false, true, true, false));
  for (const Finding& f : r.findings) {
    if (f.item == "compat_spec" && (f.kind == MismatchKind::kFieldOffset || f.kind == MismatchKind::kRecordSize)) {
      EXPECT_EQ(f.waiver, f.kind == MismatchKind::kFieldOffset ? 0 : 1) << f.Subject();
    } else if (f.item == "kmalloc") {
      EXPECT_EQ(f.waiver, 2);
    } else {
      EXPECT_EQ(f.waiver, -1) << f.Subject();  // PAGE_SHIFT: its waiver expired
    }
  }
  EXPECT_THAT(StaleWaiverMessages(r, false),
              ElementsAre("w.txt:4: warning: waiver 'constant-value PAGE_SHIFT' expired on 2001-01-01 (still names "
                          "1 finding(s), now counted)",
                          "w.txt:5: warning: waiver 'field-offset nosuch f' matches no finding (stale: remove it)"));
  EXPECT_THAT(StaleWaiverMessages(r, true)[0], HasSubstr("w.txt:4: error: waiver"));
  EXPECT_EQ(TriagedExitCode(r), 1);  // unwaived findings remain
}

TEST(Waivers, WaivedFindingsDoNotCountStaleOnesDoWhenStrict) {
  Golden g = LoadGolden();
  DiffReport r = Compare(g.c, g.rust);
  // Waive every finding by key.
  std::string text;
  std::set<std::string> keys;
  for (const Finding& f : r.findings) keys.insert(FindingKey(r, f));
  for (const std::string& k : keys) text += "waive key " + k + " until 2099-12-31 reason \"accepted\"\n";
  ApplyWaivers(Waivers(text), "w.txt", "2026-12-05", r);
  EXPECT_EQ(TriagedExitCode(r), 0);
  EXPECT_EQ(TriagedExitCode(r, {.strict_waivers = true}), 0);
  EXPECT_THAT(StaleWaiverMessages(r, true), IsEmpty());
  // One more entry that names nothing: a warning, an error with strict.
  text += "waive record-size nothing until 2099-12-31 reason \"stale\"\n";
  ApplyWaivers(Waivers(text), "w.txt", "2026-12-05", r);
  EXPECT_EQ(TriagedExitCode(r), 0);
  EXPECT_EQ(TriagedExitCode(r, {.strict_waivers = true}), 1);
  // The expiry day itself still counts; the day after, the waivers lapse.
  ApplyWaivers(Waivers("waive key " + *keys.begin() + " until 2026-12-05 reason \"today\"\n"), "w.txt", "2026-12-05",
               r);
  EXPECT_FALSE(r.triage.waivers[0].expired);
  ApplyWaivers(Waivers("waive key " + *keys.begin() + " until 2026-12-04 reason \"yesterday\"\n"), "w.txt",
               "2026-12-05", r);
  EXPECT_TRUE(r.triage.waivers[0].expired);
  for (const Finding& f : r.findings) EXPECT_EQ(f.waiver, -1);
}

TEST(Waivers, WithABaselineOnlyNewUnwaivedErrorsCount) {
  Golden g = LoadGolden();
  g.rust.constants["GFP_KERNEL"].int_value = contract::IntValue::Of(1);  // a new error
  DiffReport r = Compare(g.c, g.rust);
  ASSERT_TRUE(ApplyBaseline(MustRead(g.report_json), r).ok());
  EXPECT_EQ(TriagedExitCode(r), 1);
  ApplyWaivers(Waivers("waive constant-value GFP_KERNEL until 2099-12-31 reason \"known\"\n"), "w.txt",
               "2026-12-05", r);
  EXPECT_EQ(TriagedExitCode(r), 0);
}

}  // namespace
}  // namespace bindfuzz::diff
