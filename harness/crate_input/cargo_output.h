// Reading what cargo and rustc print (internal to crate_input; pure
// functions, tested without cargo).
//
//   std::vector<std::string> cmds = RunningCommands(cargo_stderr);   // cargo -v
//   BF_ASSIGN_OR_RETURN(std::vector<std::string> argv, SplitShellWords(cmds.back()));
//   BF_ASSIGN_OR_RETURN(RustcInvocation inv, ParseRustcArgs(argv));
//   inv.cfgs;      // --cfg values in order: feature="default", libc_union, ...
#ifndef BINDFUZZ_HARNESS_CRATE_INPUT_CARGO_OUTPUT_H_
#define BINDFUZZ_HARNESS_CRATE_INPUT_CARGO_OUTPUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/crate_input/crate_input.h"

namespace bindfuzz::crate_input {

// Splits a command line quoted for a POSIX shell, as cargo -v prints one:
// blanks separate words, '...' is literal, "..." honours \" \\ \$ \`, a
// backslash outside quotes escapes the next character (cargo writes `'` in
// a quoted word as '\''). InvalidArgument on an unterminated quote.
absl::StatusOr<std::vector<std::string>> SplitShellWords(std::string_view command);

// The commands of cargo -v's (or -vv's) "Running `...`" lines, in order; a
// command may span lines (quoted values with newlines in -vv's environment).
std::vector<std::string> RunningCommands(std::string_view cargo_stderr);

// Reads a rustc command line (argv[0] is rustc, after the NAME=value words
// cargo -vv puts first, which become `env`). InvalidArgument when an
// option lacks its value or no crate root is given.
absl::StatusOr<RustcInvocation> ParseRustcArgs(const std::vector<std::string>& argv);

// The last rustc invocation in cargo -v output that compiles crate
// `crate_name` and has the argument `marker` (e.g. "-Zunpretty=expanded").
// NotFound if there is none.
absl::StatusOr<RustcInvocation> FindRustcInvocation(std::string_view cargo_stderr, std::string_view crate_name,
                                                    std::string_view marker);

// The prerequisites of the first rule of a Makefile-style dep-info file
// (rustc --emit=dep-info): the files rustc read, in order, `\ ` unescaped.
std::vector<std::string> ParseDepInfo(std::string_view text);

// The first error of cargo's stderr for a message: from the first line
// starting with "error" up to `max_lines` lines (warnings before it are
// dropped); the last `max_lines` lines when there is no such line.
std::string FirstErrorLines(std::string_view cargo_stderr, size_t max_lines = 12);

}  // namespace bindfuzz::crate_input

#endif  // BINDFUZZ_HARNESS_CRATE_INPUT_CARGO_OUTPUT_H_
