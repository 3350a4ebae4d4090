// Internal flag helpers of the C front end (exposed for tests).
#ifndef BINDFUZZ_HARNESS_C_FRONTEND_FLAGS_INTERNAL_H_
#define BINDFUZZ_HARNESS_C_FRONTEND_FLAGS_INTERNAL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace bindfuzz::cfront::internal {

// Keeps only flags that are safe and meaningful for parsing: an allow-list of
// preprocessor, language, target, -f/-m/-W families, minus anything that
// writes files, loads code, reads response/config files or redirects the
// driver (-o, -MD, -Wp,..., -fplugin, -Xclang, -mllvm, @file, --config,
// -working-directory, -cc1, -Werror*, ...). Operands are dropped.
// Dropped args are appended to `dropped` (if not null).
std::vector<std::string> SanitizeFlags(const std::vector<std::string>& flags,
                                       std::vector<std::string>* dropped);

// Make's pattern match with at most one '%' (as in $(filter-out ...)).
bool MakePatternMatch(const std::string& pattern, const std::string& word);

// POSIX-shell word splitting of one command line: quotes, backslashes; stops
// at the first unquoted control operator (; & | && || newline) or
// redirection. Unquoted or double-quoted `$`/backquote expansions are an
// error. `source` names the input in errors ("<source>: col N: ...").
absl::StatusOr<std::vector<std::string>> ShellSplit(const std::string& line,
                                                    const std::string& source);

}  // namespace bindfuzz::cfront::internal

#endif  // BINDFUZZ_HARNESS_C_FRONTEND_FLAGS_INTERNAL_H_
