#include "harness/target/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "harness/common/file_util.h"

extern char** environ;

namespace bindfuzz::target {
namespace {

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

}  // namespace

absl::StatusOr<std::string> FindProgram(const std::string& name) {
  if (name.empty()) return absl::InvalidArgumentError("empty program name");
  if (name.find('/') != std::string::npos) {
    if (IsExecutableFile(name)) return name;
    return absl::NotFoundError(absl::StrCat(name, ": not an executable file"));
  }
  const char* path = std::getenv("PATH");
  if (path != nullptr) {
    for (absl::string_view dir : absl::StrSplit(path, ':', absl::SkipEmpty())) {
      std::string candidate = absl::StrCat(dir, "/", name);
      if (IsExecutableFile(candidate)) return candidate;
    }
  }
  return absl::NotFoundError(absl::StrCat("'", name, "' not found on PATH"));
}

absl::StatusOr<std::string> MakeTempDir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = absl::StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/", prefix, "XXXXXX");
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr)
    return absl::InternalError(absl::StrCat(templ, ": cannot create a temporary directory: ", std::strerror(errno)));
  return std::string(buf.data());
}

absl::StatusOr<ScratchDir> ScratchDir::Open(const std::string& requested, const std::string& prefix,
                                            bool keep) {
  if (requested.empty()) {
    absl::StatusOr<std::string> dir = MakeTempDir(prefix);
    if (!dir.ok()) return dir.status();
    return ScratchDir(*dir, !keep);
  }
  std::error_code ec;
  std::filesystem::create_directories(requested, ec);
  if (ec) return absl::InternalError(absl::StrCat(requested, ": cannot create: ", ec.message()));
  return ScratchDir(requested, false);
}

ScratchDir::ScratchDir(ScratchDir&& other) noexcept
    : path_(std::move(other.path_)), remove_(other.remove_) {
  other.remove_ = false;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  if (remove_) std::filesystem::remove_all(path_, ec);
}

absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (argv.empty()) return absl::InvalidArgumentError("RunProcess: empty argv");
  if (options.scratch_dir.empty()) return absl::InvalidArgumentError("RunProcess: no scratch_dir");
  std::string exe = argv[0];
  if (exe.find('/') == std::string::npos) {
    absl::StatusOr<std::string> found = FindProgram(exe);
    if (!found.ok()) return found.status();
    exe = *found;
  }

  // Environment: ours, with options.env added or replacing same-named entries.
  std::vector<std::string> env_store;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string_view name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const std::string& o : options.env)
      replaced = replaced || std::string_view(o).substr(0, o.find('=')) == name;
    if (!replaced) env_store.emplace_back(entry);
  }
  for (const std::string& o : options.env) env_store.push_back(o);
  std::vector<char*> envp;
  for (std::string& s : env_store) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::string out_path = options.scratch_dir + "/.stdout", err_path = options.scratch_dir + "/.stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, options.cwd.c_str());
  std::vector<std::string> args_store = argv;
  args_store[0] = exe;
  std::vector<char*> args;
  for (std::string& a : args_store) args.push_back(a.data());
  args.push_back(nullptr);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  if (options.own_process_group) {
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  }
  pid_t pid = 0;
  int rc = posix_spawn(&pid, exe.c_str(), &fa, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return absl::InternalError(absl::StrCat("cannot run ", exe, ": ", std::strerror(rc)));

  ProcessResult res;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_seconds);
  int status = 0;
  while (true) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) return absl::InternalError(absl::StrCat("waitpid on ", exe, " failed"));
    if (std::chrono::steady_clock::now() > deadline) {
      // The child started above (or the group it leads), nothing else.
      kill(options.own_process_group ? -pid : pid, SIGKILL);
      waitpid(pid, &status, 0);
      res.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!res.timed_out) res.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  constexpr uint64_t kMaxOutput = uint64_t{256} << 20;
  if (auto o = ReadFile(out_path, kMaxOutput); o.ok()) res.out = std::move(*o);
  if (auto e = ReadFile(err_path, kMaxOutput); e.ok()) res.err = std::move(*e);
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  return res;
}

}  // namespace bindfuzz::target
