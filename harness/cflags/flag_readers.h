// Compiler-flag readers: the C flags a build used, from a flags file, a
// compile_commands.json or a Kbuild `.cmd` file. Clang-free; errors name the
// input file (and line where there is one).
//
//   BF_ASSIGN_OR_RETURN(std::vector<std::string> flags,
//                       bindfuzz::cflags::ReadFlagsFile("c_flags.txt"));
//   std::string dir;
//   BF_ASSIGN_OR_RETURN(flags, bindfuzz::cflags::FlagsFromCompileCommands(
//                                  "build/compile_commands.json", "src/foo.h", &dir));
#ifndef BINDFUZZ_HARNESS_CFLAGS_FLAG_READERS_H_
#define BINDFUZZ_HARNESS_CFLAGS_FLAG_READERS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace bindfuzz::cflags {

// One arg per line; lines starting with '#' (after spaces) are comments;
// blank lines ignored; leading/trailing spaces and CR trimmed.
absl::StatusOr<std::vector<std::string>> ReadFlagsFile(const std::string& path);

// The command line for `file` in a compile_commands.json (path to the JSON).
// Returns the whole command (compiler first); `directory` (may be null)
// receives the entry's directory.
absl::StatusOr<std::vector<std::string>> FlagsFromCompileCommands(
    const std::string& compile_commands_json, const std::string& file,
    std::string* directory);

// The command of a Kbuild `.<target>.cmd` file (`savedcmd_<target> := ...`),
// Make-unescaped and shell-split (first simple command only). `directory`
// (may be null) receives the kernel build root when it can be derived from a
// relative target path, else "".
absl::StatusOr<std::vector<std::string>> FlagsFromKbuildCmdFile(
    const std::string& dot_cmd_file, std::string* directory);

// POSIX-shell word splitting of one command line: quotes, backslashes; stops
// at the first unquoted control operator (; & | && || newline) or
// redirection. Unquoted or double-quoted `$`/backquote expansions are an
// error. `source` names the input in errors ("<source>: col N: ...").
absl::StatusOr<std::vector<std::string>> ShellSplit(const std::string& line,
                                                    const std::string& source);

}  // namespace bindfuzz::cflags

#endif  // BINDFUZZ_HARNESS_CFLAGS_FLAG_READERS_H_
