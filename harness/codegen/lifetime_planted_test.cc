// End-to-end, one small C library per lifetime class
// (harness/testdata/lifetime/<class>/): a sequence fuzzer generated from each
// WRONG spec, built with clang-19 under ASan+UBSan+libFuzzer, must crash
// within 60 s with a BINDFUZZ-LIFETIME line naming the planted spec line
// (`# PLANTED: <class>[|<class>]` in the spec), and the saved input must give
// the same line again, with libFuzzer and with the standalone replay driver.
// The RIGHT spec must fuzz a bounded run clean, and its corpus must replay
// clean.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/codegen/lifetime_codegen.h"
#include "harness/codegen/test_build_util.h"
#include "harness/codegen/test_lifetime_build.h"
#include "harness/common/file_util.h"

namespace bindfuzz::codegen {
namespace {

namespace fs = std::filesystem;
using ::testing::AnyOfArray;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using test_util::RunCommand;
using test_util::RunResult;
using test_util::Sh;

constexpr char kTag[] = "BINDFUZZ-LIFETIME: ";

struct Case {
  std::string cls;   // directory under BF_LIFETIME_TESTDATA
  std::string spec;  // file stem: wrong, wrong_leak, right
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.cls << "/" << c.spec << ".bfspec"; }

std::vector<Case> Cases(bool wrong) {
  std::vector<Case> out;
  std::error_code ec;
  for (const auto& d : fs::directory_iterator(BF_LIFETIME_TESTDATA, ec)) {
    if (!d.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(d.path())) {
      const std::string stem = f.path().stem().string();
      if (f.path().extension() != ".bfspec") continue;
      if (wrong ? stem.rfind("wrong", 0) == 0 : stem == "right")
        out.push_back({d.path().filename().string(), stem});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Case& a, const Case& b) { return a.cls + a.spec < b.cls + b.spec; });
  return out;
}

std::string CaseName(const ::testing::TestParamInfo<Case>& i) {
  return i.param.cls + "_" + i.param.spec;
}

fs::path SpecPath(const Case& c) {
  return fs::path(BF_LIFETIME_TESTDATA) / c.cls / (c.spec + ".bfspec");
}

// The planted line and the report classes it may give.
struct Planted {
  int line = 0;
  std::vector<std::string> classes;
};

Planted FindPlanted(const std::string& text) {
  Planted p;
  int n = 0;
  for (absl::string_view l : absl::StrSplit(text, '\n')) {
    ++n;
    size_t at = l.find("# PLANTED: ");
    if (at == absl::string_view::npos) continue;
    p.line = n;
    for (absl::string_view c :
         absl::StrSplit(l.substr(at + 11), '|', absl::SkipWhitespace()))
      p.classes.emplace_back(absl::StripAsciiWhitespace(c));
  }
  return p;
}

using Built = test_util::LifetimeTarget;

// Generates from the spec, builds with the generated build.sh.
Built Build(const Case& c) {
  LifetimeGenOptions opt;
  opt.name = c.cls;
  const fs::path lib = fs::path(BF_LIFETIME_TESTDATA) / c.cls;
  opt.headers = {(lib / "lib.h").string()};
  opt.c_sources = {(lib / "lib.c").string()};
  Built b = test_util::BuildLifetimeTarget(SpecPath(c), opt,
                                           fs::path(BF_SCRATCH_DIR) / (c.cls + "_" + c.spec),
                                           /*expect_no_notes=*/true);
  fs::create_directories(b.dir / "corpus");
  return b;
}

// The first BINDFUZZ-LIFETIME line, without its newline.
std::string TagLine(const std::string& out) {
  size_t at = out.find(kTag);
  if (at == std::string::npos) return "";
  return out.substr(at, out.find('\n', at) - at);
}

// The part of a tag line that must name the planted assumption: the handles
// (or Rust buffers) the report marks as the ones at fault when there are
// any, else the header (the call and its spec line). Naming the line
// anywhere is not enough: the header always names the call being made.
std::string Primary(const std::string& tag) {
  std::vector<std::string> parts = absl::StrSplit(tag, "; ");
  std::string marked;
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (p.find("[at the faulting address]") != std::string::npos ||
        p.find("[being read by Rust]") != std::string::npos ||
        p.find("[still allocated") != std::string::npos)
      marked += p + "; ";
  }
  return marked.empty() ? parts[0] + " " : marked;
}

TEST(LifetimePlanted, PrimaryPartOfATagLine) {
  EXPECT_EQ(Primary("BINDFUZZ-LIFETIME: x f spec a:1 op 2 (call); h0 r: acquired g a:3 op 0"),
            "BINDFUZZ-LIFETIME: x f spec a:1 op 2 (call) ");
  EXPECT_EQ(Primary("BINDFUZZ-LIFETIME: x f spec a:1 op 2 (call); h0 r: acquired g a:3 op 0; "
                    "h1 s [at the faulting address]: borrowed-from k a:4 op 1"),
            "h1 s [at the faulting address]: borrowed-from k a:4 op 1; ");
}

class WrongSpec : public ::testing::TestWithParam<Case> {};

TEST_P(WrongSpec, CaughtNamingThePlantedLineAndReproduced) {
  const Case& c = GetParam();
  auto text = ReadFile(SpecPath(c).string());
  ASSERT_TRUE(text.ok());
  const Planted planted = FindPlanted(*text);
  ASSERT_GT(planted.line, 0) << SpecPath(c) << " has no `# PLANTED: <class>` line";
  ASSERT_FALSE(planted.classes.empty());

  Built b = Build(c);
  ASSERT_FALSE(b.fuzzer.empty());
  const auto t0 = std::chrono::steady_clock::now();
  RunResult r = RunCommand(Sh(b.fuzzer) + " -seed=1 -max_total_time=60 -artifact_prefix=" +
                               Sh(b.dir.string() + "/") + " " + Sh((b.dir / "corpus").string()),
                           b.dir / "fuzz.log");
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_NE(r.exit_code, 0) << "no crash within 60 s:\n" << r.output.substr(0, 4000);
  const std::string tag = TagLine(r.output);
  ASSERT_FALSE(tag.empty()) << r.output.substr(0, 4000);
  std::vector<std::string> prefixes;
  for (const std::string& cls : planted.classes) prefixes.push_back(absl::StrCat(kTag, cls, " "));
  std::vector<::testing::Matcher<std::string>> starts;
  for (const std::string& p : prefixes) starts.push_back(StartsWith(p));
  EXPECT_THAT(tag, AnyOfArray(starts));
  // Every location is printed as `<file>:<line> ` (never at the end).
  const std::string planted_loc = absl::StrCat("/", c.spec, ".bfspec:", planted.line, " ");
  EXPECT_THAT(Primary(tag), HasSubstr(planted_loc)) << tag;
  std::printf("[ lifetime ] %s/%s: %.2f s to the report\n[ lifetime ] %s\n", c.cls.c_str(),
              c.spec.c_str(), secs, tag.c_str());
  RecordProperty("seconds_to_report", absl::StrCat(secs));
  RecordProperty("tag", tag);

  // The saved input reproduces the same line, twice with libFuzzer and once
  // with the replay driver (which checks leaks itself).
  std::string artifact;
  for (const auto& e : fs::directory_iterator(b.dir)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("crash-", 0) == 0 || n.rfind("leak-", 0) == 0) artifact = e.path().string();
  }
  ASSERT_FALSE(artifact.empty()) << "no crash or leak artifact in " << b.dir;
  for (int i = 0; i < 2; ++i) {
    RunResult again = RunCommand(Sh(b.fuzzer) + " " + Sh(artifact), b.dir / "repro.log");
    EXPECT_NE(again.exit_code, 0);
    EXPECT_EQ(TagLine(again.output), tag) << again.output.substr(0, 4000);
  }
  RunResult replay = RunCommand(
      "ASAN_OPTIONS=detect_leaks=1 " + Sh(b.replay) + " " + Sh(artifact), b.dir / "replay.log");
  EXPECT_NE(replay.exit_code, 0);
  EXPECT_EQ(TagLine(replay.output), tag) << replay.output.substr(0, 4000);
}

INSTANTIATE_TEST_SUITE_P(Planted, WrongSpec, ::testing::ValuesIn(Cases(true)), CaseName);

class RightSpec : public ::testing::TestWithParam<Case> {};

TEST_P(RightSpec, FuzzesCleanAndItsCorpusReplaysClean) {
  const Case& c = GetParam();
  auto text = ReadFile(SpecPath(c).string());
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(FindPlanted(*text).line, 0) << "a right spec with a planted line";
  Built b = Build(c);
  ASSERT_FALSE(b.fuzzer.empty());
  // Long inputs from the start (len_control=0): up to max_ops operations.
  RunResult r = RunCommand(Sh(b.fuzzer) + " -seed=1 -runs=20000 -max_len=1024 -len_control=0 " +
                               "-artifact_prefix=" + Sh(b.dir.string() + "/") + " " +
                               Sh((b.dir / "corpus").string()),
                           b.dir / "fuzz.log");
  EXPECT_EQ(r.exit_code, 0) << r.output.substr(r.output.size() > 6000 ? r.output.size() - 6000 : 0);
  EXPECT_THAT(r.output, Not(HasSubstr(kTag)));
  EXPECT_THAT(r.output, HasSubstr("Done 20000 runs"));
  size_t corpus = 0;
  for (const auto& e : fs::directory_iterator(b.dir / "corpus")) corpus += e.is_regular_file();
  EXPECT_GT(corpus, 10u) << "the run explored almost nothing";
  RunResult replay =
      RunCommand("ASAN_OPTIONS=detect_leaks=1 " + Sh(b.replay) + " " + Sh((b.dir / "corpus").string()),
                 b.dir / "replay.log");
  EXPECT_EQ(replay.exit_code, 0) << replay.output.substr(0, 4000);
  EXPECT_THAT(replay.output, HasSubstr("ran clean"));
}

INSTANTIATE_TEST_SUITE_P(Planted, RightSpec, ::testing::ValuesIn(Cases(false)), CaseName);

// The right specs' idioms are exercised, not only survived: a handmade
// input makes get_name report "too small" for an empty buffer, and the
// trace shows the second call with the grown buffer; vec_get's index is
// drawn at the boundary (the last valid one) below vec_len.
TEST(LifetimePlanted, RetryAndBoundaryAreExercised) {
  const fs::path scratch = fs::path(BF_SCRATCH_DIR);
  {
    Built b = Build({"inout_retry", "right"});
    ASSERT_FALSE(b.replay.empty());
    // obj_new(id 5); get_name(h0, 0-byte buffer); another obj_new.
    ASSERT_TRUE(WriteFile((b.dir / "retry.in").string(), std::string("\x03\x05\x04\x00\x00\x03\x05", 7)).ok());
    RunResult r = RunCommand("BINDFUZZ_TRACE=1 " + Sh(b.replay) + " " + Sh((b.dir / "retry.in").string()),
                             b.dir / "retry.log");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("op 1 call get_name(h0)\nBINDFUZZ-SEQ:   -> 1\n"));
    EXPECT_THAT(r.output, HasSubstr("op 1 retry with the buffer grown to the length C asked for get_name(h0)\n"
                                    "BINDFUZZ-SEQ:   -> 0\n"));
    EXPECT_THAT(r.output, HasSubstr("ran clean"));
  }
  {
    Built b = Build({"dependent_range", "right"});
    ASSERT_FALSE(b.replay.empty());
    // vec_new(n 10); vec_get(h0, raw index 3: the boundary).
    ASSERT_TRUE(WriteFile((b.dir / "bound.in").string(), std::string("\x03\x0a\x05\x00\x03", 5)).ok());
    RunResult r = RunCommand("BINDFUZZ_TRACE=1 " + Sh(b.replay) + " " + Sh((b.dir / "bound.in").string()),
                             b.dir / "bound.log");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("i = 9 (bound 10)"));
    EXPECT_THAT(r.output, HasSubstr("ran clean"));
  }
}

// Names a spec may carry to break out of a literal, a comment or a line
// (resource, parameter and spec file names reach the fuzzer only as
// literals): the generated target still compiles.
TEST(LifetimePlanted, HostileNamesCompile) {
  const std::string evil = "a\"b\\c\n?\?/\xc3\xa9*/ /* \"); system(\"x" + std::string(2000, 'y');
  contract::OwnershipSpec s;
  s.file = "dir/" + evil + ".bfspec";
  auto& r = s.resources[evil];
  r.name = evil;
  r.release = "free";
  r.loc = {.file = s.file, .line = 1};
  contract::FunctionSpec f;
  f.name = "malloc";
  f.loc = {.file = s.file, .line = 2};
  contract::ParamSpec p;
  p.name = evil;
  p.mode = contract::ParamMode::kScalar;
  p.type = contract::Type::Int(64, false, "u64");
  p.has_range = true;
  p.range_lo = 1;
  p.range_hi = 64;
  f.params.push_back(p);
  f.ret.kind = contract::ReturnKind::kOwned;
  f.ret.resource = evil;
  s.functions.push_back(f);
  LifetimeGenOptions opt;
  opt.name = "hostile";
  auto gen = GenerateLifetimeFuzzer(s, opt);
  ASSERT_TRUE(gen.ok()) << gen.status();
  const fs::path dir = fs::path(BF_SCRATCH_DIR) / "hostile";
  fs::remove_all(dir);
  ASSERT_TRUE(WriteGeneratedFiles(dir.string(), *gen).ok());
  RunResult r2 = RunCommand(Sh(BF_CLANGXX) + " -std=c++20 -fsyntax-only -Werror -I" +
                                Sh(std::string(BF_RUNTIME_DIR) + "/../lifetime") + " " +
                                Sh((dir / "hostile_fuzzer.cc").string()),
                            dir / "compile.log");
  EXPECT_EQ(r2.exit_code, 0) << r2.output;
}

TEST(LifetimePlanted, EveryClassHasARightAndAWrongSpec) {
  std::vector<std::string> right, wrong;
  for (const Case& c : Cases(false)) right.push_back(c.cls);
  for (const Case& c : Cases(true)) wrong.push_back(c.cls);
  const std::vector<std::string> classes = {
      "borrow_window",  "bytes_written", "callback_frees",    "callback_keeps", "consumed_borrowed",
      "dependent_range", "fixed_len",    "inout_retry",       "length_nul",     "null_errptr",
      "null_param",     "out_param",     "owned_borrowed",    "retained"};
  EXPECT_EQ(right, classes);
  for (const std::string& cls : classes)
    EXPECT_NE(std::find(wrong.begin(), wrong.end(), cls), wrong.end()) << cls;
}

}  // namespace
}  // namespace bindfuzz::codegen
