// End-to-end preemption points (bf_preempt_point): a list summed across an
// unlock window (harness/testdata/preempt/unlock_window). With the planted
// walk (lib_unlock_window.c), the sequence fuzzer must run list_del at the
// preemption point inside list_sum within 60 s, report the use-after-free on
// the line marked `PLANTED`, and the saved input must reproduce it (with
// libFuzzer and the replay driver) and replay clean with preemption turned
// off (the schedule in the input is what makes the crash). The correct walk
// (lib.c) fuzzes a bounded run clean.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/codegen/lifetime_codegen.h"
#include "harness/codegen/test_build_util.h"
#include "harness/codegen/test_lifetime_build.h"
#include "harness/common/file_util.h"

namespace bindfuzz::codegen {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using test_util::RunCommand;
using test_util::RunResult;
using test_util::Sh;

constexpr char kTag[] = "BINDFUZZ-LIFETIME: ";

const fs::path kCase = fs::path(BF_PREEMPT_TESTDATA) / "unlock_window";

std::string TagLine(const std::string& out) {
  size_t at = out.find(kTag);
  if (at == std::string::npos) return "";
  return out.substr(at, out.find('\n', at) - at);
}

// 1-based line of the `PLANTED` comment in `file`.
int PlantedLine(const fs::path& file) {
  auto text = ReadFile(file.string());
  if (!text.ok()) return 0;
  int n = 0;
  for (absl::string_view l : absl::StrSplit(*text, '\n')) {
    ++n;
    if (l.find("// PLANTED") != absl::string_view::npos) return n;
  }
  return 0;
}

// Generates the target for `lib_c` and builds it.
test_util::LifetimeTarget Build(const std::string& name, const std::string& lib_c) {
  LifetimeGenOptions opt;
  opt.name = name;
  opt.headers = {(kCase / "lib.h").string()};
  opt.c_sources = {(kCase / lib_c).string()};
  opt.c_flags = {absl::StrCat("-I", BF_RUNTIME_DIR, "/../lifetime")};
  test_util::LifetimeTarget t = test_util::BuildLifetimeTarget(kCase / "list.bfspec", opt,
                                                               fs::path(BF_SCRATCH_DIR) / name);
  fs::create_directories(t.dir / "corpus");
  return t;
}

TEST(LifetimePreempt, UnlockWindowCaughtAtThePreemptionPointAndReproduced) {
  const int planted = PlantedLine(kCase / "lib_unlock_window.c");
  ASSERT_GT(planted, 0);
  const test_util::LifetimeTarget t = Build("unlock_window", "lib_unlock_window.c");
  ASSERT_FALSE(t.fuzzer.empty());
  const fs::path& dir = t.dir;
  const std::string& fuzzer = t.fuzzer;
  const auto t0 = std::chrono::steady_clock::now();
  RunResult r = RunCommand(Sh(fuzzer) + " -seed=1 -max_total_time=60 -artifact_prefix=" +
                               Sh(dir.string() + "/") + " " + Sh((dir / "corpus").string()),
                           dir / "fuzz.log");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_NE(r.exit_code, 0) << "no crash within 60 s:\n" << r.output.substr(0, 4000);
  const std::string tag = TagLine(r.output);
  EXPECT_THAT(tag, StartsWith(absl::StrCat(kTag, "heap-use-after-free list_sum ")));
  // The freeing call ran inside list_sum, at its preemption point.
  EXPECT_THAT(tag, HasSubstr("passed-borrowed list_del(l)"));
  EXPECT_THAT(r.output, HasSubstr(absl::StrCat("in list_sum ", kCase.string(), "/lib_unlock_window.c:",
                                               planted)));
  std::printf("[ preempt ] unlock_window: %.2f s to the report\n[ preempt ] %s\n", secs, tag.c_str());
  std::string artifact;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind("crash-", 0) == 0) artifact = e.path().string();
  ASSERT_FALSE(artifact.empty());
  RunResult again = RunCommand(Sh(fuzzer) + " " + Sh(artifact), dir / "repro.log");
  EXPECT_NE(again.exit_code, 0);
  EXPECT_EQ(TagLine(again.output), tag);
  const std::string& replay = t.replay;
  RunResult rp = RunCommand(Sh(replay) + " " + Sh(artifact), dir / "replay.log");
  EXPECT_NE(rp.exit_code, 0);
  EXPECT_EQ(TagLine(rp.output), tag);
  // Without the schedule the same operations run one after the other: clean.
  RunResult off = RunCommand("BINDFUZZ_PREEMPT=0 " + Sh(replay) + " " + Sh(artifact), dir / "off.log");
  EXPECT_EQ(off.exit_code, 0) << off.output.substr(0, 4000);
  EXPECT_THAT(off.output, HasSubstr("ran clean"));
}

TEST(LifetimePreempt, CorrectWalkFuzzesClean) {
  const test_util::LifetimeTarget t = Build("unlock_window_ok", "lib.c");
  ASSERT_FALSE(t.fuzzer.empty());
  const fs::path& dir = t.dir;
  RunResult r = RunCommand(Sh(t.fuzzer) +
                               " -seed=1 -runs=20000 -max_len=1024 -len_control=0 " +
                               Sh((dir / "corpus").string()),
                           dir / "fuzz.log");
  EXPECT_EQ(r.exit_code, 0) << r.output.substr(r.output.size() > 4000 ? r.output.size() - 4000 : 0);
  EXPECT_THAT(r.output, Not(HasSubstr(kTag)));
  EXPECT_THAT(r.output, HasSubstr("Done 20000 runs"));
}

}  // namespace
}  // namespace bindfuzz::codegen
