// What a crash of a generated target witnesses: from its log (crash_log.h)
// and, optionally, the report.json of the `bindfuzz check` run the target was
// generated from (check_report.h), the finding(s) it demonstrates with
// file:line on both sides, what Rust believes and what C has, or that it
// demonstrates none. The engine of `bindfuzz explain`.
//
//   BF_ASSIGN_OR_RETURN(CrashLog log, ScanCrashLog(text, "crash.log"));
//   Explanation e = Explain(log, &report, "crash-1234");
//   std::cout << RenderExplanation(log, e);
//   return e.verdict == Verdict::kWitness ? 0 : 1;
//
// A crash witnesses a finding when the finding is about what the crashing
// input touched (the record and field of its BINDFUZZ-ACCESS line, else of
// its tag line; the function it called) and its kind is one the report can
// show: a heap-buffer-overflow while one side allocated at its size shows
// record-size (or a field's offset, width or absence), a misaligned access
// while one side placed the object at its alignment shows record-align, a
// tag line shows its own kind (kinds_for() below, in terms of
// mismatch_kinds.def). A lifetime crash (BINDFUZZ-LIFETIME) witnesses the
// spec line it names.
#ifndef BINDFUZZ_HARNESS_EXPLAIN_EXPLAIN_H_
#define BINDFUZZ_HARNESS_EXPLAIN_EXPLAIN_H_

#include <string>
#include <vector>

#include "harness/diff/mismatch_kinds.h"
#include "harness/explain/check_report.h"
#include "harness/explain/crash_log.h"

namespace bindfuzz::explain {

enum class Verdict {
  kWitness,        // witnesses a finding of the report, or a spec line
  kExplained,      // reproduced and explained; no report to name findings
  kNoWitness,      // reproduced, but the report has no finding it shows
  kNotReproduced,  // no sanitizer report and no tag line
};
// "witness", "explained", "no-witness", "not-reproduced".
std::string_view VerdictName(Verdict v);

struct Explanation {
  std::string input;         // the crash input or log, as named by the caller
  Verdict verdict = Verdict::kNotReproduced;
  std::string report_label;  // crash_log.h's label, "" when not reproduced
  std::string item;          // record key or function the input touched
  std::string member;        // field, or ""
  std::string mode;          // access mode, "call", "lifetime", or "?" (no trace)
  std::vector<std::string> sentences;   // contract-level explanation
  std::vector<ReportFinding> witnessed;  // findings of the report it shows
  // The witnessed findings are on another member of the record than the
  // one the input touched (same kinds).
  bool elsewhere_in_record = false;
  std::string spec_line;  // lifetime: "file:line" of the failed assumption
};

// The kinds a report of the log can show, on the member itself (`member`)
// and on the item as a whole (`item`). Empty when the report is not one the
// generated targets produce (a SEGV, a timeout, ...).
struct WitnessKinds {
  diff::KindSet member;
  diff::KindSet item;
};
WitnessKinds KindsFor(const CrashLog& log);

// `report` may be null.
Explanation Explain(const CrashLog& log, const CheckReport* report, std::string input);

// The detailed text for one input: the sanitizer report, what the input
// did, the contract-level explanation and the witnessed findings.
std::string RenderExplanation(const CrashLog& log, const Explanation& e, const CheckReport* report);

// A table for many inputs: one row per (item, mode, report, verdict) with
// counts, then `crashes: N; witnesses of a check finding: W; other: O`
// (with a report) or `crashes: N; reproduced: R; other: O`, then up to ten
// inputs that witness nothing.
std::string RenderSummary(const std::vector<Explanation>& all, bool with_report);

// One JSON array, an object per input (stable keys, for scripts).
std::string RenderJson(const std::vector<Explanation>& all);

// 0 when every input is a witness (or, with no report, reproduced); else 1.
int ExitCode(const std::vector<Explanation>& all);

}  // namespace bindfuzz::explain

#endif  // BINDFUZZ_HARNESS_EXPLAIN_EXPLAIN_H_
