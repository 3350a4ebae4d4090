// End-to-end wrapper mode on the planted crates of
// harness/testdata/wrapper/crates (over the C library wlib): each crate with
// a `PLANTED` line is compiled unchanged with rustc -Zsanitizer=address,
// driven through its generated export shim, and must crash within 60 s with
// a report that names the planted Rust line (in the sanitizer's stack, or as
// the `origin` of the spec line the BINDFUZZ-LIFETIME line names); the saved
// input must reproduce the same line with libFuzzer and the replay driver.
// The correct crate (`fixed`) fuzzes a bounded run clean and its corpus
// replays clean.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/codegen/target_build.h"
#include "harness/codegen/test_build_util.h"
#include "harness/common/file_util.h"
#include "harness/wrapper/crate_api.h"
#include "harness/wrapper/wrapper_codegen.h"

namespace bindfuzz::wrapper {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using codegen::test_util::RunCommand;
using codegen::test_util::RunResult;
using codegen::test_util::Sh;

constexpr char kTag[] = "BINDFUZZ-LIFETIME: ";
const fs::path kData = BF_WRAPPER_TESTDATA;

std::vector<std::string> Crates(bool planted) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& d : fs::directory_iterator(kData / "crates", ec)) {
    const bool is_fixed = d.path().filename() == "fixed";
    if (d.is_directory() && is_fixed != planted) out.push_back(d.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string TagLine(const std::string& out) {
  size_t at = out.find(kTag);
  if (at == std::string::npos) return "";
  return out.substr(at, out.find('\n', at) - at);
}

// 1-based line of `marker` in `file`, 0 when absent.
int LineOf(const fs::path& file, const std::string& marker) {
  auto text = ReadFile(file.string());
  if (!text.ok()) return 0;
  int n = 0;
  for (absl::string_view l : absl::StrSplit(*text, '\n')) {
    ++n;
    if (l.find(marker) != absl::string_view::npos) return n;
  }
  return 0;
}

bool HaveRust() { return std::system("rustc --version >/dev/null 2>&1 && cargo --version >/dev/null 2>&1") == 0; }

// Generates and builds the target of crate `name`; returns its directory.
fs::path Build(const std::string& name) {
  const fs::path dir = fs::path(BF_SCRATCH_DIR) / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "corpus");
  auto api = ReadCrateApi((kData / "crates" / name).string());
  EXPECT_TRUE(api.ok()) << api.status();
  if (!api.ok()) return {};
  WrapperGenOptions opt;
  opt.name = name;
  opt.crate_dir = (kData / "crates" / name).string();
  opt.out_dir = dir.string();
  opt.c_sources = {(kData / "wlib" / "wlib.c").string()};
  opt.runtime_dir = BF_RUNTIME_DIR;
  opt.replay_main = BF_REPLAY_MAIN;
  auto gen = GenerateWrapperFuzzer(*api, opt);
  EXPECT_TRUE(gen.ok()) << gen.status();
  if (!gen.ok()) return {};
  EXPECT_TRUE(gen->files.notes.empty()) << gen->files.notes[0].message;
  EXPECT_TRUE(codegen::WriteGeneratedFiles(dir.string(), gen->files).ok());
  RunResult r = RunCommand("CC=" + Sh(BF_CLANG) + " CXX=" + Sh(BF_CLANGXX) + " sh " +
                               Sh((dir / "build.sh").string()),
                           dir / "build.log");
  EXPECT_EQ(r.exit_code, 0) << r.output.substr(r.output.size() > 6000 ? r.output.size() - 6000 : 0);
  return r.exit_code == 0 ? dir : fs::path();
}

class PlantedCrate : public ::testing::TestWithParam<std::string> {};

TEST_P(PlantedCrate, CaughtNamingThePlantedRustLineAndReproduced) {
  if (!HaveRust()) GTEST_SKIP() << "no rustc/cargo on PATH";
  const std::string name = GetParam();
  const fs::path lib_rs = kData / "crates" / name / "src" / "lib.rs";
  const int planted = LineOf(lib_rs, "// PLANTED");
  ASSERT_GT(planted, 0) << lib_rs;
  const fs::path dir = Build(name);
  ASSERT_FALSE(dir.empty());
  const std::string fuzzer = (dir / (name + "_fuzzer")).string();
  const auto t0 = std::chrono::steady_clock::now();
  RunResult r = RunCommand(Sh(fuzzer) + " -seed=1 -max_total_time=60 -artifact_prefix=" +
                               Sh(dir.string() + "/") + " " + Sh((dir / "corpus").string()),
                           dir / "fuzz.log");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_NE(r.exit_code, 0) << "no crash within 60 s:\n" << r.output.substr(0, 4000);
  const std::string tag = TagLine(r.output);
  ASSERT_FALSE(tag.empty()) << r.output.substr(0, 4000);
  // The planted line, in the sanitizer's stack (a Rust frame) or as the
  // origin of a spec line the tag line names.
  const std::string rust_loc = absl::StrCat(lib_rs.string(), ":", planted, ":");
  const int spec_line = LineOf(dir / (name + ".bfspec"), absl::StrCat("origin \"src/lib.rs:", planted, "\""));
  const bool in_stack = r.output.find(rust_loc) != std::string::npos;
  const bool in_tag = spec_line > 0 &&
                      tag.find(absl::StrCat(name, ".bfspec:", spec_line, " ")) != std::string::npos;
  EXPECT_TRUE(in_stack || in_tag) << rust_loc << "\n" << tag << "\n" << r.output.substr(0, 6000);
  std::printf("[ wrapper ] %s: %.2f s to the report (planted src/lib.rs:%d %s)\n[ wrapper ] %s\n",
              name.c_str(), secs, planted, in_stack ? "in the stack" : "via the spec origin", tag.c_str());
  std::string artifact;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind("crash-", 0) == 0) artifact = e.path().string();
  ASSERT_FALSE(artifact.empty());
  RunResult again = RunCommand(Sh(fuzzer) + " " + Sh(artifact), dir / "repro.log");
  EXPECT_NE(again.exit_code, 0);
  EXPECT_EQ(TagLine(again.output), tag);
  RunResult rp = RunCommand(Sh((dir / (name + "_replay")).string()) + " " + Sh(artifact), dir / "replay.log");
  EXPECT_NE(rp.exit_code, 0);
  EXPECT_EQ(TagLine(rp.output), tag);
}

INSTANTIATE_TEST_SUITE_P(Wrapper, PlantedCrate, ::testing::ValuesIn(Crates(true)));

TEST(WrapperCrate, FixedCrateFuzzesCleanAndItsCorpusReplaysClean) {
  if (!HaveRust()) GTEST_SKIP() << "no rustc/cargo on PATH";
  ASSERT_EQ(Crates(false), std::vector<std::string>{"fixed"});
  const fs::path dir = Build("fixed");
  ASSERT_FALSE(dir.empty());
  RunResult r = RunCommand(Sh((dir / "fixed_fuzzer").string()) +
                               " -seed=1 -runs=20000 -max_len=1024 -len_control=0 " +
                               Sh((dir / "corpus").string()),
                           dir / "fuzz.log");
  EXPECT_EQ(r.exit_code, 0) << r.output.substr(r.output.size() > 4000 ? r.output.size() - 4000 : 0);
  EXPECT_THAT(r.output, Not(HasSubstr(kTag)));
  EXPECT_THAT(r.output, HasSubstr("Done 20000 runs"));
  RunResult rp = RunCommand(Sh((dir / "fixed_replay").string()) + " " + Sh((dir / "corpus").string()),
                            dir / "replay.log");
  EXPECT_EQ(rp.exit_code, 0) << rp.output.substr(0, 4000);
  EXPECT_THAT(rp.output, HasSubstr("ran clean"));
}

}  // namespace
}  // namespace bindfuzz::wrapper
