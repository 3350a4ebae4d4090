// Test-only: reports for the HTML renderer's tests (report_html_test.cc and
// the report_html_fixture program the headless-browser test runs).
//
//  * HostileReport(): every name an input can carry is markup or script.
//  * AttributedReport(): the golden representative pair with one root
//    cause injected into its JSON, in the shape attribution_view.h reads.
#ifndef BINDFUZZ_HARNESS_DIFF_HTML_TEST_FIXTURES_H_
#define BINDFUZZ_HARNESS_DIFF_HTML_TEST_FIXTURES_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "harness/common/file_util.h"
#include "harness/contract/contract_json.h"
#include "harness/diff/diff.h"
#include "harness/diff/report_extras.h"
#include "harness/diff/test_contracts.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::diff::testing {

// Names that would run script or add markup if pasted unescaped.
inline constexpr const char* kHostileRecord = "<script>alert(1)</script>";
inline constexpr const char* kHostileField = "\" onmouseover=\"alert(2)";
inline constexpr const char* kHostileOther = "'><img src=x onerror=alert(3)>";
inline constexpr const char* kHostileFile = "</style><script>alert(4)</script>.h";

inline DiffReport HostileReport() {
  Contract c = CSide(), rust = RustSide();
  c.provenance.tool = "<b>clang</b>";
  c.provenance.inputs = {"</title><script>alert(5)</script>"};
  const std::string rec = kHostileRecord;
  c.records[rec] = MakeRecord(rec, 16, 8,
                              {F(kHostileField, U(64), 0, 8, Loc(kHostileFile, 3, 1)),
                               F(kHostileOther, Ptr(Rec("</svg><script>alert(6)</script>")), 8, 8)},
                              Loc(kHostileFile, 1, 1));
  rust.records[rec] = MakeRecord(rec, 24, 8,
                                 {F(kHostileOther, Ptr(Rec("</svg><script>alert(6)</script>")), 0, 8),
                                  F(kHostileField, U(64), 8, 8, Loc("a\"b'<c>.rs", 7, 5)),
                                  F("bad\xff\xfe utf8 & \x01 control", U(32), 16, 4)},
                                 Loc("a\"b'<c>.rs", 6, 1));
  rust.constants["</textarea><script>alert(7)</script>"] =
      IntConst("</textarea><script>alert(7)</script>", 1, U(32), Loc("x.rs", 1));
  DiffOptions o;
  o.truth_label = "<i>C</i>";
  o.assumed_label = "Rust\" data-x=\"1";
  return Compare(c, rust, o);
}

// The golden representative pair (harness/testdata/diff/, relative to the
// repository root) and its JSON with attribution in the shape attribution.h
// writes: the typedef compat_u64 explains compat_spec (through its member
// cookie) and reaches kmalloc; `file` changed on its own.
inline absl::StatusOr<std::pair<DiffReport, nlohmann::ordered_json>> AttributedReport(
    const std::string& testdata = "harness/testdata/diff/") {
  using ojson = nlohmann::ordered_json;
  auto c_text = ReadFile(testdata + "representative.c.json");
  if (!c_text.ok()) return c_text.status();
  auto rust_text = ReadFile(testdata + "representative.rust.json");
  if (!rust_text.ok()) return rust_text.status();
  auto c = contract::FromJson(*c_text, "representative.c.json");
  if (!c.ok()) return c.status();
  auto rust = contract::FromJson(*rust_text, "representative.rust.json");
  if (!rust.ok()) return rust.status();
  DiffReport r = Compare(*c, *rust);
  ojson j = report_extras::ReportJsonObject(r);
  const ojson cookie = {{"item", "compat_spec"}, {"member", "cookie"}, {"type", "compat_u64"}, {"target", "compat_u64"}};
  j["root_causes"] = ojson::array(
      {{{"item_kind", "typedef"},
        {"item", "compat_u64"},
        {"change", "align 4 -> 8"},
        {"own_findings", 0},
        {"records", {"compat_spec"}},
        {"findings_explained", 4},
        {"functions", {"kmalloc"}},
        {"loc", {{"file", "include/linux/compat.h"}, {"line", 40}}}},
       {{"item_kind", "record"},
        {"item", "file"},
        {"change", "232 -> 184 bytes"},
        {"own_findings", 5},
        {"records", ojson::array()},
        {"findings_explained", 0},
        {"functions", ojson::array()}}});
  for (auto& f : j["findings"]) {
    if (f["item"] != "compat_spec") continue;
    f["explained_by"] = ojson::array({{{"root", "compat_u64"}, {"chain", ojson::array({cookie})}}});
  }
  j["impacted_functions"] = {
      {"kmalloc",
       ojson::array({{{"root", "compat_u64"},
                      {"chain", ojson::array({{{"item", "kmalloc"}, {"member", "size"}, {"type", "*mut compat_spec"},
                                               {"target", "compat_spec"}},
                                              cookie})}}})}};
  return std::make_pair(std::move(r), std::move(j));
}

}  // namespace bindfuzz::diff::testing

#endif  // BINDFUZZ_HARNESS_DIFF_HTML_TEST_FIXTURES_H_
