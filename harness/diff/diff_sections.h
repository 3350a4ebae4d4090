// Report sections for what attribution (root causes and chains), drift
// classes and Kconfig groups add to a DiffReport, as text and JSON
// (internal to harness/diff; report.cc calls these so that its own
// rendering stays as it is).
//
//   std::string out = ...;                      // header and counts
//   out += SectionsText(report);                // drift classes, root causes
//   ... per finding: header + FindingTag(report, f) ...
//   AddSectionsJson(report, j);                 // per-finding fields, top-level sections
//   GroupedText(report);                        // the --group text mode
#ifndef BINDFUZZ_HARNESS_DIFF_DIFF_SECTIONS_H_
#define BINDFUZZ_HARNESS_DIFF_DIFF_SECTIONS_H_

#include <cstddef>
#include <string>

#include "harness/diff/diff.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::diff {

struct SectionLimits {
  size_t roots = 10;      // root causes listed with their chains
  size_t records = 5;     // chains shown per root cause
  size_t functions = 2;   // impacted functions shown per root cause
};

// "\nroot causes: ..." with the root causes that explain other records or
// reach functions (most records first), a shortest chain for each of their
// first records and functions, and a count of the other roots by item kind.
// Empty when the report has no findings.
std::string RootCausesText(const DiffReport& report, const SectionLimits& limits = {});

// Drift mode: "\ndrift: N silent (P pre-existing), M compile-breaking, K new"
// and a line per class with its counts by kind. Empty otherwise.
std::string DriftText(const DiffReport& report);

// The sections that follow the counts of a text report: DriftText, then
// RootCausesText.
std::string SectionsText(const DiffReport& report);

// " [silent]" (" [silent, pre-existing]") after a finding's header line in
// drift mode; "" otherwise.
std::string FindingTag(const DiffReport& report, const Finding& f);

// The --group text mode: the report's header lines, then one line per
// Kconfig group (findings, symbols with both sides' values, counts by
// kind, first items), the findings without a Kconfig condition last.
std::string GroupedText(const DiffReport& report, const std::string& header);

// Adds to a JSON report `j` (whose "findings" array parallels
// report.findings): per finding "explained_by" (inherited findings: [{"root",
// "chain": [{item, member, type, target}]}]), "drift" (drift mode), "preexisting" (true only) and
// "config_group" (with Kconfig groups); top-level "root_causes" (every root,
// with the records and functions it explains) and "impacted_functions"
// (function -> chains) when there are findings, "drift" (counts by class and
// kind) and "config_groups".
void AddSectionsJson(const DiffReport& report, nlohmann::ordered_json& j);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_DIFF_SECTIONS_H_
