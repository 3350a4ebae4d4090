// Renders a DiffReport as one self-contained HTML page: inline CSS and a
// small inline script, no network access of any kind (a Content-Security-
// Policy says so to the browser), so the file can be attached to a CI run
// or mailed and opened anywhere.
//
//   WriteFile("report.html", ReportToHtml(report));
//
// The page has:
//  * a summary: both sides, counts by severity and kind, coverage, and the
//    baseline / waiver triage when the report has it;
//  * the root causes with the chains that reach each affected item, when
//    the JSON report carries attribution (attribution_view.h);
//  * filters by kind, severity, root cause (and baseline state), in plain
//    JavaScript over data- attributes; they hide findings and layouts;
//  * every finding as a table row;
//  * per record with layout findings, a side-by-side byte ruler of both
//    layouts (truth left, assumption right) drawn as inline SVG: fields as
//    boxes on a shared offset scale (box height grows with the size on a
//    log scale, every boundary is a tick labelled with its byte offset),
//    holes and padding hatched, fields whose offset or size differ (or that
//    one side lacks) marked, moved fields joined by a line.
//
// Every string that comes from an input (names, types, paths, labels,
// messages) goes through HtmlEscape; the script contains no data.
#ifndef BINDFUZZ_HARNESS_DIFF_REPORT_HTML_H_
#define BINDFUZZ_HARNESS_DIFF_REPORT_HTML_H_

#include <string>
#include <string_view>

#include "harness/diff/diff.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::diff {

std::string ReportToHtml(const DiffReport& report);
// The same, with root causes taken from `report_json` (the report's JSON
// object, possibly carrying attribution) instead of the report's own JSON.
std::string ReportToHtml(const DiffReport& report, const nlohmann::ordered_json& report_json);

// Text safe in HTML element content and in double- or single-quoted
// attribute values: & < > " ' become entities; bytes that are not valid
// UTF-8 and control characters other than tab and newline become U+FFFD.
std::string HtmlEscape(std::string_view text);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_REPORT_HTML_H_
