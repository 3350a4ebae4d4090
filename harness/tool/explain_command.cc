// bindfuzz explain: see explain_command.h.
#include "harness/tool/explain_command.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/explain/check_report.h"
#include "harness/explain/crash_log.h"
#include "harness/explain/explain.h"
#include "harness/target/subprocess.h"

namespace bindfuzz {
namespace {

namespace fs = std::filesystem;
using cli::Opt;

// A replay that runs longer than this is not the crash it was: the
// generated targets run one input in milliseconds.
constexpr int kReplaySeconds = 300;

struct Inputs {
  std::vector<std::string> files;  // logs or crash inputs, in order
  std::string report;              // "" when none
  bool table = false;              // several inputs, or a directory
};

// A file libFuzzer saved for a failing input: crash-<sha1>, leak-, timeout-,
// oom- (not a minimized copy, `<name>.min`, nor a log beside them).
bool IsArtifact(const std::string& name) {
  if (name.find('.') != std::string::npos) return false;
  for (const char* p : {"crash-", "leak-", "timeout-", "oom-"})
    if (absl::StartsWith(name, p)) return true;
  return false;
}

absl::StatusOr<Inputs> CollectInputs(const std::vector<std::string>& positional) {
  Inputs in;
  for (const std::string& p : positional) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) return absl::NotFoundError(absl::StrCat(p, ": no such file or directory"));
    if (fs::is_directory(st)) {
      std::vector<std::string> names;
      for (const fs::directory_entry& e : fs::directory_iterator(p, ec)) {
        const std::string name = e.path().filename().string();
        if (IsArtifact(name) && e.is_regular_file()) names.push_back(e.path().string());
      }
      if (ec) return absl::InvalidArgumentError(absl::StrCat(p, ": cannot list: ", ec.message()));
      std::sort(names.begin(), names.end());
      in.files.insert(in.files.end(), names.begin(), names.end());
      in.table = true;
    } else if (absl::EndsWith(p, ".json")) {
      if (!in.report.empty())
        return absl::InvalidArgumentError(absl::StrCat("two reports given: ", in.report, " and ", p));
      in.report = p;
    } else {
      in.files.push_back(p);
    }
  }
  if (in.files.size() > 1) in.table = true;
  if (in.files.empty() && !in.table)
    return absl::InvalidArgumentError("explain needs a crash log, or --fuzzer BIN and a crash input");
  return in;
}

// The target's output for one input, replayed once with the trace on, in a
// scratch directory (libFuzzer writes the crashing input there again).
absl::StatusOr<std::string> Replay(const std::string& fuzzer, const std::string& input,
                                   const std::string& scratch) {
  std::error_code ec;
  const std::string abs = fs::absolute(input, ec).string();
  BF_ASSIGN_OR_RETURN(target::ProcessResult r,
                      target::RunProcess({fuzzer, "-runs=1", abs},
                                         {.env = {"BINDFUZZ_TRACE=1"},
                                          .scratch_dir = scratch,
                                          .cwd = scratch,
                                          .timeout_seconds = kReplaySeconds}));
  if (r.timed_out)
    return absl::DeadlineExceededError(
        absl::StrCat(input, ": ", fuzzer, " did not finish replaying it in ", kReplaySeconds, " s"));
  // libFuzzer and the sanitizers write to stderr.
  return r.err + r.out;
}

}  // namespace

absl::StatusOr<int> RunExplain(const cli::ParsedArgs& a) {
  const std::string format = a.Value(Opt::kFormat, "text");
  if (format != "text" && format != "json")
    return absl::InvalidArgumentError(absl::StrCat("--format: explain writes text or json, not '", format, "'"));
  BF_ASSIGN_OR_RETURN(Inputs in, CollectInputs(a.positional));
  if (a.Has(Opt::kReport)) {
    if (!in.report.empty())
      return absl::InvalidArgumentError(absl::StrCat("two reports given: ", in.report, " and ", a.Value(Opt::kReport)));
    in.report = a.Value(Opt::kReport);
  }
  std::optional<explain::CheckReport> report;
  if (!in.report.empty()) {
    BF_ASSIGN_OR_RETURN(std::string text, ReadFile(in.report));
    BF_ASSIGN_OR_RETURN(report, explain::ParseCheckReport(text, in.report));
  }
  std::string fuzzer, scratch;
  if (a.Has(Opt::kFuzzer)) {
    fuzzer = a.Value(Opt::kFuzzer);
    if (fuzzer.find('/') == std::string::npos) fuzzer = "./" + fuzzer;  // a path, never a PATH lookup
    std::error_code ec;
    if (!fs::is_regular_file(fuzzer, ec) || access(fuzzer.c_str(), X_OK) != 0)
      return absl::InvalidArgumentError(absl::StrCat("--fuzzer ", a.Value(Opt::kFuzzer), ": not an executable"));
    fuzzer = fs::absolute(fuzzer, ec).string();
    BF_ASSIGN_OR_RETURN(scratch, target::MakeTempDir("bindfuzz-explain-"));
  }
  std::vector<explain::Explanation> all;
  std::string details;
  absl::Status failed;
  for (const std::string& input : in.files) {
    std::string text, source = input;
    if (fuzzer.empty()) {
      absl::StatusOr<std::string> t = ReadFile(input);
      if (!t.ok()) {
        failed = t.status();
        break;
      }
      text = *std::move(t);
    } else {
      absl::StatusOr<std::string> t = Replay(fuzzer, input, scratch);
      if (!t.ok()) {
        failed = t.status();
        break;
      }
      text = *std::move(t);
      source = absl::StrCat(input, " (replayed)");
    }
    absl::StatusOr<explain::CrashLog> log = explain::ScanCrashLog(text, source);
    if (!log.ok()) {
      failed = log.status();
      break;
    }
    all.push_back(explain::Explain(*log, report ? &*report : nullptr, input));
    if (!in.table) details = explain::RenderExplanation(*log, all.back(), report ? &*report : nullptr);
  }
  if (!scratch.empty()) {
    std::error_code ec;
    fs::remove_all(scratch, ec);
  }
  BF_RETURN_IF_ERROR(failed);
  std::string out;
  if (format == "json") {
    out = explain::RenderJson(all);
  } else if (in.table) {
    out = explain::RenderSummary(all, report.has_value());
  } else {
    out = details;
  }
  BF_RETURN_IF_ERROR(WriteFile(a.Value(Opt::kOutput, "-"), out));
  return explain::ExitCode(all);
}

}  // namespace bindfuzz
