// Test-only: writes the reports the headless-browser and SARIF-validator
// tests load besides the real kernel reports.
//
//   report_html_fixture OUT_DIR [TESTDATA_DIR]
//
//  hostile.html, hostile.sarif      every input name is markup or script
//  attributed.html                  the golden pair with a root cause
//  drift.html                       the same with drift classes
//  triaged.sarif, triaged.html      the same, with a baseline (one finding
//                                   new, one fixed), waivers (one stale) and
//                                   the root cause as a related location
//
//   report_html_fixture --render TRUTH.json ASSUMED.json REPORT.json OUT
//
// renders OUT.html and OUT.sarif of the two contracts with the attribution
// of REPORT.json (a JSON report of the same contracts, e.g. written by
// another build), to look at root causes on real reports.
#include <iostream>
#include <string>

#include "harness/common/file_util.h"
#include "harness/diff/finding_key.h"
#include "harness/diff/html_test_fixtures.h"
#include "harness/diff/report.h"
#include "harness/diff/report_html.h"
#include "harness/diff/triage.h"
#include "harness/diff/waiver_file.h"

namespace {

int Render(const std::string& truth, const std::string& assumed, const std::string& report, const std::string& out) {
  using namespace bindfuzz;
  using namespace bindfuzz::diff;
  contract::Contract sides[2];
  const std::string paths[2] = {truth, assumed};
  for (int i = 0; i < 2; ++i) {
    auto text = ReadFile(paths[i]);
    if (!text.ok()) return std::cerr << text.status() << "\n", 2;
    auto c = contract::FromJson(*text, paths[i]);
    if (!c.ok()) return std::cerr << c.status() << "\n", 2;
    sides[i] = std::move(*c);
  }
  auto text = ReadFile(report);
  if (!text.ok()) return std::cerr << text.status() << "\n", 2;
  auto j = nlohmann::ordered_json::parse(*text, nullptr, false);
  if (j.is_discarded()) return std::cerr << report << ": not JSON\n", 2;
  DiffReport r = Compare(sides[0], sides[1]);
  if (j.value("findings", nlohmann::ordered_json::array()).size() != r.findings.size()) {
    std::cerr << report << ": " << j["findings"].size() << " findings, the contracts give " << r.findings.size() << "\n";
    return 2;
  }
  if (auto s = WriteFile(out + ".html", ReportToHtml(r, j)); !s.ok()) return std::cerr << s << "\n", 2;
  if (auto s = WriteFile(out + ".sarif", report_extras::SarifWithAttribution(r, ReadAttribution(j))); !s.ok()) {
    return std::cerr << s << "\n", 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace bindfuzz;
  using namespace bindfuzz::diff;
  if (argc == 6 && std::string(argv[1]) == "--render") return Render(argv[2], argv[3], argv[4], argv[5]);
  if (argc < 2) {
    std::cerr << "usage: report_html_fixture OUT_DIR [TESTDATA_DIR]\n"
                 "       report_html_fixture --render TRUTH.json ASSUMED.json REPORT.json OUT\n";
    return 2;
  }
  const std::string out = argv[1];
  const std::string testdata = argc > 2 ? std::string(argv[2]) + "/" : "harness/testdata/diff/";
  auto fail = [](const absl::Status& s) {
    std::cerr << "report_html_fixture: " << s << "\n";
    return 2;
  };
  DiffReport hostile = testing::HostileReport();
  if (auto s = WriteFile(out + "/hostile.html", ReportToHtml(hostile)); !s.ok()) return fail(s);
  if (auto s = WriteFile(out + "/hostile.sarif", ReportToSarif(hostile)); !s.ok()) return fail(s);
  auto attributed = testing::AttributedReport(testdata);
  if (!attributed.ok()) return fail(attributed.status());
  auto& [report, json] = *attributed;
  if (auto s = WriteFile(out + "/attributed.html", ReportToHtml(report, json)); !s.ok()) return fail(s);
  {
    // Drift classes as drift mode writes them: the record findings silent,
    // the rest compile-breaking.
    nlohmann::ordered_json drift = json;
    for (size_t i = 0; i < report.findings.size() && i < drift["findings"].size(); ++i) {
      drift["findings"][i]["drift"] = report.findings[i].item_kind == ItemKind::kRecord ? "silent" : "compile-breaking";
    }
    if (auto s = WriteFile(out + "/drift.html", ReportToHtml(report, drift)); !s.ok()) return fail(s);
  }

  Baseline b;
  b.file = "old-report.json";
  b.truth_side = "c";
  b.assumed_side = "rust";
  for (size_t i = 1; i < report.findings.size(); ++i) {  // the first finding is new
    const Finding& f = report.findings[i];
    b.findings.push_back({.kind = std::string(KindName(f.kind)), .severity = std::string(SeverityName(f.severity)),
                          .item_kind = ItemKindName(f.item_kind), .item = f.item, .member = f.member});
  }
  b.findings.push_back({.kind = "record-size", .severity = "error", .item_kind = "record", .item = "gone"});
  for (BaselineFinding& bf : b.findings) {
    bf.key = FindingKey({bf.kind, bf.item_kind, bf.item, bf.member, "c", "rust"});
  }
  if (auto s = ApplyBaseline(b, report); !s.ok()) return fail(s);
  auto waivers = ParseWaiverFile(
      "waive field-offset compat_spec * until 2099-12-31 reason \"bindgen drops aligned(4)\"\n"
      "waive record-size nothing until 2099-12-31 reason \"stale\"\n",
      "waivers.txt");
  if (!waivers.ok()) return fail(waivers.status());
  ApplyWaivers(*waivers, "waivers.txt", TodayUtc(), report);
  const std::string sarif = report_extras::SarifWithAttribution(report, ReadAttribution(json));
  if (auto s = WriteFile(out + "/triaged.sarif", sarif); !s.ok()) return fail(s);
  if (auto s = WriteFile(out + "/triaged.html", ReportToHtml(report, json)); !s.ok()) return fail(s);
  std::cout << "report_html_fixture: wrote hostile.html, hostile.sarif, attributed.html, drift.html, triaged.sarif, "
               "triaged.html to "
            << out << "\n";
  return 0;
}
