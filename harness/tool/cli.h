// Command-line parsing for bindfuzz, driven by cli_options.def.
//
//   BF_ASSIGN_OR_RETURN(ParsedArgs a, ParseArgs(argc, argv));
//   if (a.Has(Opt::kRust)) files = a.Values(Opt::kRust);
#ifndef BINDFUZZ_HARNESS_TOOL_CLI_H_
#define BINDFUZZ_HARNESS_TOOL_CLI_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace bindfuzz::cli {

enum class Opt {
#define BF_OPTION(id, name, takes_value, repeatable, cmds, metavar, help) id,
#include "harness/tool/cli_options.def"
#undef BF_OPTION
};

struct OptionSpec {
  Opt id;
  const char* name;
  bool takes_value;
  bool repeatable;
  const char* commands;  // space-separated, or "*"
  const char* metavar;
  const char* help;
};

const std::vector<OptionSpec>& AllOptions();

struct CommandSpec {
  const char* name;
  const char* synopsis;
  const char* description;
  const char* examples;
};
const std::vector<CommandSpec>& AllCommands();

struct ParsedArgs {
  std::string command;
  std::map<Opt, std::vector<std::string>> values;
  std::vector<std::string> positional;

  bool Has(Opt o) const { return values.count(o) > 0; }
  const std::vector<std::string>& Values(Opt o) const;
  std::string Value(Opt o, const std::string& fallback = "") const;
};

// Errors are usage errors (exit 2) with a message that says what to fix.
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args);

std::string GeneralHelp();
std::string CommandHelp(const std::string& command);

}  // namespace bindfuzz::cli

#endif  // BINDFUZZ_HARNESS_TOOL_CLI_H_
