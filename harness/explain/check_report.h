// The findings of a `bindfuzz check` report.json (harness/diff/report.h's
// JSON), read back: what a crash may witness.
//
//   BF_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
//   BF_ASSIGN_OR_RETURN(CheckReport r, ParseCheckReport(text, path));
//   for (const ReportFinding& f : r.findings) ... f.kind, f.item, f.member ...
//
// Errors (not JSON, not a bindfuzz-diff report, an unknown kind) are
// InvalidArgument and start with `path:line: `.
#ifndef BINDFUZZ_HARNESS_EXPLAIN_CHECK_REPORT_H_
#define BINDFUZZ_HARNESS_EXPLAIN_CHECK_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/diff/mismatch_kinds.h"

namespace bindfuzz::explain {

struct ReportLoc {
  std::string file;
  uint32_t line = 0;
  // "file:line", or "?" when the report has no location.
  std::string ToString() const;
};

struct ReportFinding {
  diff::MismatchKind kind = diff::MismatchKind::kRecordSize;
  std::string item_kind;  // "record", "function", ...
  std::string item;       // contract key (the Rust side's name)
  std::string matched;    // the C side's name when it differs
  std::string member;     // field, parameter, enumerator, or ""
  std::string message;
  std::string consequence;
  std::string truth_value, assumed_value;  // what C has, what Rust believes
  ReportLoc truth_loc, assumed_loc;
};

struct CheckReport {
  std::string path;
  std::string truth_label, assumed_label;
  std::vector<ReportFinding> findings;
};

absl::StatusOr<CheckReport> ParseCheckReport(std::string_view json_text, std::string_view path);

}  // namespace bindfuzz::explain

#endif  // BINDFUZZ_HARNESS_EXPLAIN_CHECK_REPORT_H_
