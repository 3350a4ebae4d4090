// `bindfuzz explain`: reads crash logs, or replays crash inputs of a
// generated target (--fuzzer), and says what each witnesses
// (harness/explain/explain.h). Options are cli_options.def's.
//
//   if (a.command == "explain") return RunExplain(a);
#ifndef BINDFUZZ_HARNESS_TOOL_EXPLAIN_COMMAND_H_
#define BINDFUZZ_HARNESS_TOOL_EXPLAIN_COMMAND_H_

#include "absl/status/statusor.h"
#include "harness/tool/cli.h"

namespace bindfuzz {

// Exit status: 0 every input witnesses a finding (or, with no report, was
// reproduced), 1 some input does not; errors (a missing file, a bad tag
// line or report, a fuzzer that cannot run) are statuses (exit 2).
absl::StatusOr<int> RunExplain(const cli::ParsedArgs& args);

}  // namespace bindfuzz

#endif  // BINDFUZZ_HARNESS_TOOL_EXPLAIN_COMMAND_H_
