// Triage of a report for CI: which findings are new against a baseline
// report, which baseline findings are fixed, which findings a waiver file
// accepts, and which waivers are stale.
//
//   BF_ASSIGN_OR_RETURN(Baseline b, ReadBaseline(old_json_text, "old-report.json"));
//   ApplyBaseline(b, report);            // Finding::baseline, Triage::fixed
//   BF_ASSIGN_OR_RETURN(auto w, ParseWaiverFile(text, "waivers.txt"));
//   ApplyWaivers(std::move(w), "waivers.txt", TodayUtc(), report);
//   for (const std::string& m : StaleWaiverMessages(report)) std::cerr << m << "\n";
//   return TriagedExitCode(report, {.strict_waivers = true});
//
// Findings match across runs by FindingKey (kind, item kind, item, member,
// sides), as a multiset: the n-th finding with a key is unchanged when the
// baseline has at least n findings with that key. A baseline is any JSON
// report of format "bindfuzz-diff" version 1 (the key is recomputed from its
// fields, so reports written before keys existed work too).
#ifndef BINDFUZZ_HARNESS_DIFF_TRIAGE_H_
#define BINDFUZZ_HARNESS_DIFF_TRIAGE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/diff/diff.h"

namespace bindfuzz::diff {

struct Baseline {
  std::string file;
  std::string truth_side;    // "c", "btf" or "rust", as the report's truth.side
  std::string assumed_side;
  std::vector<BaselineFinding> findings;
};

// Errors: InvalidArgument "<file>:<line>:<col>: ..." with the JSON pointer of
// the bad value (not JSON, not a bindfuzz report, a finding without kind,
// item kind or item, an unknown severity).
absl::StatusOr<Baseline> ReadBaseline(std::string_view text, std::string_view file);

// Sets Finding::baseline on every finding and fills report.triage's
// baseline_file, fixed and baseline_filtered. InvalidArgument when the
// baseline compares other sides (c vs rust against btf vs rust): its
// findings could never match.
absl::Status ApplyBaseline(const Baseline& baseline, DiffReport& report);

// Matches the waivers against the findings: sets Finding::waiver for each
// finding an unexpired waiver names (the first such entry) and each
// waiver's `matched` / `expired`; stores them in report.triage. `today` is
// YYYY-MM-DD.
void ApplyWaivers(std::vector<Waiver> waivers, std::string_view file, std::string_view today,
                  DiffReport& report);

// One line per stale waiver: "<file>:<line>: warning: waiver ... (reason)",
// "error:" instead of "warning:" when `strict`.
std::vector<std::string> StaleWaiverMessages(const DiffReport& report, bool strict);

// "key bf1-..." or "field-offset file f_op": how the waiver file names it.
std::string WaiverSelector(const Waiver& waiver);

struct TriageExitOptions {
  bool strict_waivers = false;  // a stale waiver fails the run
};

// 1 when a finding counts, else 0. A waived finding never counts. With a
// baseline, only new errors count; without one, every finding does (as
// ExitCode). With strict_waivers, a stale waiver also gives 1.
int TriagedExitCode(const DiffReport& report, const TriageExitOptions& options = {});

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_TRIAGE_H_
