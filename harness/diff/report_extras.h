// Internal to the report renderers (report.cc, report_html.cc): what the
// text, JSON and SARIF reports add for triage (baseline states, waivers),
// root-cause attribution and SARIF tool metadata. Kept apart from
// report.cc so that the renderers' own code stays as it was.
//
//   AddFindingExtrasJ(report, finding, j);  // "key", "baseline", "waived"
//   out += FindingTriageTag(report, finding);  // " [new]"
#ifndef BINDFUZZ_HARNESS_DIFF_REPORT_EXTRAS_H_
#define BINDFUZZ_HARNESS_DIFF_REPORT_EXTRAS_H_

#include <cstddef>
#include <string>

#include "harness/diff/attribution_view.h"
#include "harness/diff/diff.h"
#include "harness/diff/mismatch_kinds.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::diff::report_extras {

using ojson = nlohmann::ordered_json;

// ---- JSON
// The JSON report as an object (ReportToJson dumps it; defined in report.cc).
ojson ReportJsonObject(const DiffReport& report);
// Appends "key" and, when triaged, "baseline" and "waived" to a finding.
void AddFindingExtrasJ(const DiffReport& report, const Finding& finding, ojson& j);
// Appends the top-level "baseline" and "waivers" objects when triaged.
void AddTriageSectionsJ(const DiffReport& report, ojson& j);

// ---- text
// " [new]", " [unchanged]", " [waived until 2027-06-30]", or "".
std::string FindingTriageTag(const DiffReport& report, const Finding& finding);
// Summary lines ("baseline: ...", "waivers: ..."), each ending in "\n".
std::string TriageSummaryText(const DiffReport& report);
// Closing sections: fixed findings, every waiver with its state.
std::string TriageSectionsText(const DiffReport& report);

// ---- SARIF
// The SARIF log with root causes from `attribution` (ReportToSarif reads
// them from the report's own JSON; defined in report.cc).
std::string SarifWithAttribution(const DiffReport& report, const AttributionView& attribution, int indent = 1);
// tool.driver: version, semanticVersion, informationUri.
void AddSarifDriverInfo(ojson& driver);
// One reportingDescriptor per kind: id, name (distinct from the id),
// short/full descriptions and help from mismatch_kinds.def.
ojson SarifRule(const MismatchKindInfo& info);
// "UnevaluatedComparison" for "unevaluated": PascalCase of the kind, made
// distinct from the id where they would only differ in case.
std::string SarifRuleName(const MismatchKindInfo& info);
// partialFingerprints, baselineState, suppressions (waivers) and, for a
// finding that follows from a changed member type, its root causes as
// related locations (ids from `next_related_id`).
void AddSarifResultExtras(const DiffReport& report, const Finding& finding, size_t index,
                          const AttributionView& attribution, int next_related_id, ojson& result);
// run.properties: baseline and waiver summaries.
void AddSarifRunExtras(const DiffReport& report, ojson& run_properties);
// The fingerprint key partialFingerprints uses.
inline constexpr char kSarifFingerprintName[] = "bindfuzzFinding/v2";

}  // namespace bindfuzz::diff::report_extras

#endif  // BINDFUZZ_HARNESS_DIFF_REPORT_EXTRAS_H_
