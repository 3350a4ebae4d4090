// What the output of a crashing run says: the sanitizer's report and the
// bindfuzz tag lines (tag_line.h), read from a log (a fuzzer's stderr, a
// replay, a CI log).
//
//   BF_ASSIGN_OR_RETURN(CrashLog log, ScanCrashLog(text, "crash.log"));
//   if (!log.reproduced()) ...;            // no report at all
//   log.sanitizer->cls;                    // "heap-buffer-overflow"
//   log.access->record;                    // what the crashing input touched
//
// The first report wins (a log of a campaign holds one per crash: pass one
// crash's log). Tag lines that break their format are InvalidArgument
// errors naming `source`:line.
#ifndef BINDFUZZ_HARNESS_EXPLAIN_CRASH_LOG_H_
#define BINDFUZZ_HARNESS_EXPLAIN_CRASH_LOG_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/explain/tag_line.h"

namespace bindfuzz::explain {

struct SanitizerReport {
  enum class Tool { kAsan, kUbsan, kLsan, kLibFuzzer };
  Tool tool = Tool::kAsan;
  // ASan/LSan: the bug type ("heap-buffer-overflow", "leak"); UBSan: a short
  // class of the runtime error ("misaligned-access", "function-type",
  // "invalid-value", "undefined-behavior"); libFuzzer: "deadly-signal",
  // "timeout", "out-of-memory", ...
  std::string cls;
  std::string headline;  // the line that says it, without the ==PID== prefix
  // ASan: where the access landed, "0 bytes after 40-byte region".
  std::string region;
  // The report as a reader wants it: ERROR .. SUMMARY without the frames
  // past #0, at most 40 lines.
  std::vector<std::string> excerpt;
};
std::string_view ToolName(SanitizerReport::Tool tool);

struct CrashLog {
  std::optional<SanitizerReport> sanitizer;  // the first one
  std::optional<MismatchLine> mismatch;      // the first one
  std::optional<LifetimeLine> lifetime;      // the first one
  // The last access line before the first report: what the crashing input
  // touched.
  std::optional<AccessLine> access;
  // The tag lines above as printed.
  std::string mismatch_text, lifetime_text, access_text;
  std::vector<std::string> kernel;  // BINDFUZZ-KERNEL lines (WARN/BUG of the shims)
  std::vector<std::string> errors;  // BINDFUZZ-ERROR lines: the engine itself failed
  // The first report line as found, for tables: "AddressSanitizer:
  // heap-buffer-overflow", "BINDFUZZ-MISMATCH: field-offset", ...
  std::string report_label;
  std::vector<std::string> last_lines;  // the log's last non-empty lines (at most 5)
  bool reproduced() const { return sanitizer || mismatch || lifetime; }
};

absl::StatusOr<CrashLog> ScanCrashLog(std::string_view text, std::string_view source);

}  // namespace bindfuzz::explain

#endif  // BINDFUZZ_HARNESS_EXPLAIN_CRASH_LOG_H_
