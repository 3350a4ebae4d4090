// Renders a DiffReport as text (for people), JSON (stable schema, for
// tools) or SARIF 2.1.0 (for code-scanning UIs).
//
//   DiffReport r = Compare(c, rust);
//   std::cout << ReportToText(r);
//   WriteFile("out.sarif", ReportToSarif(r));
//   return ExitCode(r);
//
// Text: header, counts per kind, each finding with both locations and its
// consequence, then for each record with layout findings a pahole-style
// side-by-side table (offset/size/field per side, differing rows marked
// with "!", holes and tail padding shown), then unmatched items.
// JSON: {"format":"bindfuzz-diff","version":1, truth, assumed, filters,
// summary, findings[], coverage[]}; keys are written in a fixed order.
// SARIF: one run; tool.driver.rules is the mismatch_kinds.def table (tagged
// with the kind's category); each result has ruleId/ruleIndex/level/message,
// its location on the assumed (Rust) side (the truth side's when only that
// is known), the truth (C) side as relatedLocations, logicalLocations and a
// partialFingerprints entry "bindfuzzFinding/v2" (the FindingKey).
// Triage (baseline states, waivers), root causes and the SARIF tool
// metadata are added by report_extras.h; HTML is report_html.h.
// After `check --confirm` (harness/confirm): a confirmation line per error
// finding and the refuted findings as notes (text), `confirmation` objects,
// `summary.confirmation` and `refuted` (JSON), a `confirmation` result
// property and `runs[0].properties.confirmation` (SARIF).
#ifndef BINDFUZZ_HARNESS_DIFF_REPORT_H_
#define BINDFUZZ_HARNESS_DIFF_REPORT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "harness/diff/diff.h"

namespace bindfuzz::diff {

inline constexpr int kDiffReportFormatVersion = 1;

struct TextOptions {
  bool layouts = true;            // side-by-side tables for layout findings
  size_t max_unmatched = 50;      // unmatched items listed (0: none)
  // With a baseline (DiffReport::triage): also list the findings the
  // baseline already had. false: only the new ones are listed (with their
  // layout tables), the unchanged ones counted in one line.
  bool unchanged = true;
  // Kconfig groups only: the header lines, then one line per group
  // (DiffOptions::config_groups; see config_group.h).
  bool group = false;
};

std::string ReportToText(const DiffReport& report, const TextOptions& options = {});
// `indent` < 0: one line.
std::string ReportToJson(const DiffReport& report, int indent = 1);
std::string ReportToSarif(const DiffReport& report, int indent = 1);

enum class ReportFormat { kText, kJson, kSarif, kHtml };
// "text", "json", "sarif", "html" (report_html.h).
absl::StatusOr<ReportFormat> ParseReportFormat(std::string_view name);
std::string RenderReport(const DiffReport& report, ReportFormat format,
                         const TextOptions& text_options = {});

// A SARIF artifactLocation.uri for a path: relative paths stay relative,
// absolute ones become file:// URIs; bytes outside RFC 3986 unreserved
// characters and '/' are percent-encoded.
std::string PathToUri(std::string_view path);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_REPORT_H_
