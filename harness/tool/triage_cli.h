// The CLI side of triage: reads --baseline, --waivers and --strict-waivers
// before the (expensive) comparison, applies them to its report after.
//
//   BF_ASSIGN_OR_RETURN(TriageInputs t, ReadTriageInputs(args));
//   ... DiffReport r = ...;
//   BF_RETURN_IF_ERROR(ApplyTriage(t, r, std::cerr));   // prints stale waivers
//   return TriageExitCode(t, r);
#ifndef BINDFUZZ_HARNESS_TOOL_TRIAGE_CLI_H_
#define BINDFUZZ_HARNESS_TOOL_TRIAGE_CLI_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/diff/diff.h"
#include "harness/diff/triage.h"
#include "harness/tool/cli.h"

namespace bindfuzz::cli {

struct TriageInputs {
  std::optional<diff::Baseline> baseline;
  std::optional<std::vector<diff::Waiver>> waivers;
  std::string waiver_file;
  bool strict_waivers = false;
};

// Bad files are InvalidArgument errors naming file and line (exit 2).
absl::StatusOr<TriageInputs> ReadTriageInputs(const ParsedArgs& args);

// Applies the baseline and the waivers (today's date, UTC) to `report` and
// writes one line per stale waiver to `diagnostics`.
absl::Status ApplyTriage(const TriageInputs& inputs, diff::DiffReport& report, std::ostream& diagnostics);

// The process exit code for the report: 0 or 1 (diff::TriagedExitCode).
int TriageExitCode(const TriageInputs& inputs, const diff::DiffReport& report);

}  // namespace bindfuzz::cli

#endif  // BINDFUZZ_HARNESS_TOOL_TRIAGE_CLI_H_
