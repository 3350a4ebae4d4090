#include "harness/tool/runtime_paths.h"

#include <filesystem>
#include <string>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"

namespace bindfuzz::tool {
namespace {

namespace fs = std::filesystem;

bool IsFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

bool IsDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// The marker's first line, without trailing spaces or CR.
absl::StatusOr<std::string> FirstLine(const fs::path& marker) {
  BF_ASSIGN_OR_RETURN(std::string text, ReadFile(marker.string(), 64 * 1024));
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) {
    line.pop_back();
  }
  return line;
}

}  // namespace

absl::StatusOr<RuntimePaths> LocateRuntime(const std::string& exe,
                                           const std::string& data_from_bindir) {
  const fs::path bindir = fs::path(exe).parent_path();
  const fs::path data = (bindir / data_from_bindir).lexically_normal();
  if (IsFile(data / kInstalledMarker)) {
    return RuntimePaths{.shims_dir = data.string(),
                        .runtime_dir = (data / "runtime").string(),
                        .replay_main = (data / "replay" / "replay_main.cc").string(),
                        .origin = "installed",
                        .marker = (data / kInstalledMarker).string()};
  }
  const fs::path marker = bindir / kBuildTreeMarker;
  if (IsFile(marker)) {
    BF_ASSIGN_OR_RETURN(std::string source, FirstLine(marker));
    const fs::path src(source);
    if (source.empty() || !src.is_absolute()) {
      return absl::InvalidArgumentError(
          absl::StrCat(marker.string(), ":1: expected the absolute path of the source tree"));
    }
    if (!IsDir(src / "shims" / "runtime")) {
      return absl::InvalidArgumentError(absl::StrCat(
          marker.string(), ":1: ", source, " has no shims/runtime/ (the source tree moved?)"));
    }
    return RuntimePaths{.shims_dir = (src / "shims").string(),
                        .runtime_dir = (src / "shims" / "runtime").string(),
                        .replay_main = (src / "fuzzers" / "common" / "replay_main.cc").string(),
                        .origin = "build tree",
                        .marker = marker.string()};
  }
  return absl::NotFoundError(absl::StrCat(
      "cannot find the runtime and shim sources that generated targets compile: neither ",
      (data / kInstalledMarker).string(), " (an installed bindfuzz) nor ", marker.string(),
      " (a build tree) exists"));
}

absl::StatusOr<std::string> SelfExecutable() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("/proc/self/exe: cannot find the bindfuzz binary: ", ec.message()));
  }
  return exe.string();
}

absl::StatusOr<RuntimePaths> LocateOwnRuntime() {
  BF_ASSIGN_OR_RETURN(std::string exe, SelfExecutable());
  return LocateRuntime(exe, BINDFUZZ_DATADIR_FROM_BINDIR);
}

}  // namespace bindfuzz::tool
