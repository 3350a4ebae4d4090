// Running a tool (rustc, clang) as a child process, with a timeout.
//
//   BF_ASSIGN_OR_RETURN(std::string rustc, FindProgram("rustc"));
//   BF_ASSIGN_OR_RETURN(ProcessResult r,
//       RunProcess({rustc, "--version"}, {.env = {"RUSTC_BOOTSTRAP=1"}, .scratch_dir = dir}));
//   if (r.exit_code != 0) ... r.err ...
//
// Output goes through files in `scratch_dir` (no pipes to deadlock on), so
// run one process at a time per scratch_dir. On timeout the child (and only
// the child, or with own_process_group the group it leads) is killed.
#ifndef BINDFUZZ_HARNESS_TARGET_SUBPROCESS_H_
#define BINDFUZZ_HARNESS_TARGET_SUBPROCESS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace bindfuzz::target {

struct ProcessOptions {
  std::vector<std::string> env;  // "NAME=value" added to (or replacing in) this process's environment
  std::string scratch_dir;       // where stdout/stderr are captured; required
  std::string cwd;               // "" = this process's working directory
  int timeout_seconds = 600;
  // Start the child in a process group of its own and, on timeout, kill
  // that whole group: a build tool's children (cargo's rustc and build
  // scripts) go with it. Only the group this call created is signalled.
  bool own_process_group = false;
};

struct ProcessResult {
  int exit_code = -1;  // 128+signal when killed by a signal; -1 on timeout
  bool timed_out = false;
  std::string out, err;
};

// Runs argv[0] (a path, or a name searched on PATH) and waits for it.
// An error status only when the process cannot be started at all.
absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options);

// Absolute path of an executable `name` on PATH (or `name` itself when it
// contains a '/' and is executable), else NotFound.
absl::StatusOr<std::string> FindProgram(const std::string& name);

// A fresh directory under $TMPDIR (or /tmp) named `prefix`XXXXXX.
absl::StatusOr<std::string> MakeTempDir(const std::string& prefix);

// The working directory of a probe run: `requested` (created when missing,
// and left in place), or, when `requested` is empty, a fresh MakeTempDir
// (`prefix`) removed with this object unless `keep`.
//
//   BF_ASSIGN_OR_RETURN(ScratchDir wd, ScratchDir::Open(o.work_dir, "bindfuzz-x-", o.keep));
//   if (wd.kept()) run.work_dir = wd.path();
class ScratchDir {
 public:
  static absl::StatusOr<ScratchDir> Open(const std::string& requested, const std::string& prefix,
                                         bool keep);
  ScratchDir(ScratchDir&& other) noexcept;
  ScratchDir& operator=(ScratchDir&&) = delete;
  ScratchDir(const ScratchDir&) = delete;
  ~ScratchDir();

  const std::string& path() const { return path_; }
  // The directory outlives this object (it was requested, or `keep`).
  bool kept() const { return !remove_; }

 private:
  ScratchDir(std::string path, bool remove) : path_(std::move(path)), remove_(remove) {}
  std::string path_;
  bool remove_ = false;
};

}  // namespace bindfuzz::target

#endif  // BINDFUZZ_HARNESS_TARGET_SUBPROCESS_H_
