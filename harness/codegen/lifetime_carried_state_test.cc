// End-to-end, state carried between inputs
// (harness/testdata/lifetime/carried_state): a library whose third
// session_open since load writes past its two-slot table.
//   - without_reset.bfspec: one open per input; the third input of a process
//     crashes, alone it does not. The crash names the library's globals that
//     differed at the input's start (g_opens, g_slots), records the inputs
//     that led to it, and scripts/reproduce.sh says "does not reproduce
//     alone", names the globals and replays the recorded sequence.
//   - with_reset.bfspec (`reset lib_cleanup;`): the same inputs run clean in
//     one process, and an input with three opens crashes alone, the same way
//     every time.
#include <filesystem>
#include <string>

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
constexpr char kOverflow[] = "BINDFUZZ-LIFETIME: global-buffer-overflow session_open ";

using Built = test_util::LifetimeTarget;

Built Build(const std::string& stem) {
  const fs::path lib = fs::path(BF_CARRIED_TESTDATA);
  LifetimeGenOptions opt;
  opt.name = "carried";
  opt.headers = {(lib / "lib.h").string()};
  opt.c_sources = {(lib / "lib.c").string()};
  // One directory per test: ctest runs the tests of this file in parallel,
  // and two of them build the same spec.
  Built b = test_util::BuildLifetimeTarget(
      lib / (stem + ".bfspec"), opt,
      fs::path(BF_SCRATCH_DIR) /
          (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "." + stem));
  fs::create_directories(b.dir / "in");
  return b;
}

// An input: operation 3 is session_open (0..2 are the engine's drop, get
// and new); the engine closes what is left at the end of the input.
std::string Input(const Built& b, const std::string& name, int opens) {
  const std::string path = (b.dir / "in" / name).string();
  EXPECT_TRUE(WriteFile(path, std::string(static_cast<size_t>(opens), '\x03')).ok());
  return path;
}

std::string TagLine(const std::string& out) {
  size_t at = out.find(kTag);
  if (at == std::string::npos) return "";
  return out.substr(at, out.find('\n', at) - at);
}

TEST(CarriedState, WithoutResetTheCrashNeedsEarlierInputsAndReproduceSaysSo) {
  Built b = Build("without_reset");
  ASSERT_FALSE(b.fuzzer.empty());
  const std::string in1 = Input(b, "open-1", 1), in2 = Input(b, "open-2", 1),
                    in3 = Input(b, "open-3", 1);
  // Each input alone runs clean.
  for (const std::string& in : {in1, in2, in3}) {
    RunResult alone = RunCommand(Sh(b.fuzzer) + " " + Sh(in), b.dir / "alone.log");
    EXPECT_EQ(alone.exit_code, 0) << alone.output.substr(0, 4000);
  }
  // In one process, the third crashes; the state record lands in state/.
  const fs::path state = b.dir / "state";
  fs::create_directories(state);
  RunResult seq = RunCommand("BINDFUZZ_STATE_DIR=" + Sh(state.string()) + " " + Sh(b.fuzzer) +
                                 " " + Sh(in1) + " " + Sh(in2) + " " + Sh(in3),
                             b.dir / "sequence.log");
  EXPECT_NE(seq.exit_code, 0);
  const std::string tag = TagLine(seq.output);
  EXPECT_THAT(tag, StartsWith(kOverflow)) << seq.output.substr(0, 4000);
  EXPECT_THAT(seq.output, HasSubstr("BINDFUZZ-STATE: input 3 of this process; library globals "
                                    "that differed from their initial value at its start: "));
  EXPECT_THAT(seq.output, HasSubstr("g_opens (lib.c, 4 bytes)"));
  EXPECT_THAT(seq.output, HasSubstr("g_slots (lib.c, 8 bytes)"));
  EXPECT_THAT(seq.output, HasSubstr("inputs kept since the globals last matched: 3\n"));
  std::printf("[ carried ] %s\n", tag.c_str());

  // The replay driver runs files in one process too: the same crash.
  RunResult replay = RunCommand(Sh(b.replay) + " " + Sh(in1) + " " + Sh(in2) + " " + Sh(in3),
                                b.dir / "replay.log");
  EXPECT_NE(replay.exit_code, 0);
  EXPECT_EQ(TagLine(replay.output), tag) << replay.output.substr(0, 4000);

  // reproduce.sh: not alone, the globals, and the recorded sequence.
  const std::string repro = std::string(BF_SCRIPTS_DIR) + "/reproduce.sh";
  RunResult r = RunCommand("BINDFUZZ_STATE_DIR=" + Sh(state.string()) + " bash " + Sh(repro) +
                               " " + Sh(b.fuzzer) + " " + Sh(in3),
                           b.dir / "reproduce.log");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr(in3 + ": does not reproduce alone: the crash depends on state "
                                        "carried from earlier inputs"));
  EXPECT_THAT(r.output, HasSubstr("likely carried state: "));
  EXPECT_THAT(r.output, HasSubstr("g_opens (lib.c, 4 bytes)"));
  EXPECT_THAT(r.output, HasSubstr("the recorded sequence of 3 inputs reproduces it"));
  std::printf("[ carried ] reproduce.sh:\n%s", r.output.c_str());

  // Without a record: still the verdict, and how to get one.
  RunResult bare = RunCommand("env -u BINDFUZZ_STATE_DIR bash " + Sh(repro) + " " +
                                  Sh(b.fuzzer) + " " + Sh(in2),
                              b.dir / "reproduce-bare.log");
  EXPECT_EQ(bare.exit_code, 1) << bare.output;
  EXPECT_THAT(bare.output, HasSubstr("does not reproduce alone"));
  EXPECT_THAT(bare.output, HasSubstr("no state record for this input"));
}

// More inputs than the record keeps (64) since the state was clean: the
// first open is lost, and reproduce.sh says the kept sequence does not crash.
TEST(CarriedState, AnIncompleteRecordIsSaidToBeOne) {
  Built b = Build("without_reset");
  ASSERT_FALSE(b.fuzzer.empty());
  std::string files = " " + Sh(Input(b, "a-open", 1));
  for (int i = 0; i < 70; ++i) {  // selector 0: drop a handle, none to drop
    const std::string path = (b.dir / "in" / ("b-none-" + std::to_string(100 + i))).string();
    ASSERT_TRUE(WriteFile(path, std::string(1, '\0')).ok());
    files += " " + Sh(path);
  }
  files += " " + Sh(Input(b, "c-open", 1));
  const std::string last = Input(b, "d-open", 1);
  files += " " + Sh(last);
  const fs::path state = b.dir / "state";
  fs::create_directories(state);
  RunResult seq = RunCommand("BINDFUZZ_STATE_DIR=" + Sh(state.string()) + " " + Sh(b.fuzzer) + files,
                             b.dir / "sequence.log");
  EXPECT_NE(seq.exit_code, 0);
  EXPECT_THAT(TagLine(seq.output), StartsWith(kOverflow)) << seq.output.substr(0, 4000);
  EXPECT_THAT(seq.output, HasSubstr("BINDFUZZ-STATE: input 73 of this process; "));
  EXPECT_THAT(seq.output, HasSubstr("inputs kept since the globals last matched: 64 (earlier ones not kept)"));
  const std::string repro = std::string(BF_SCRIPTS_DIR) + "/reproduce.sh";
  RunResult r = RunCommand("BINDFUZZ_STATE_DIR=" + Sh(state.string()) + " bash " + Sh(repro) +
                               " " + Sh(b.fuzzer) + " " + Sh(last),
                           b.dir / "reproduce.log");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("does not reproduce alone"));
  EXPECT_THAT(r.output, HasSubstr("g_opens (lib.c, 4 bytes)"));
  EXPECT_THAT(r.output, HasSubstr("the recorded sequence of 64 inputs does not reproduce it either"));
}

TEST(CarriedState, WithResetEveryInputStartsFromAFreshLibrary) {
  Built b = Build("with_reset");
  ASSERT_FALSE(b.fuzzer.empty());
  // nm found the library's globals.
  auto table = ReadFile((b.dir / "carried_globals.c").string());
  ASSERT_TRUE(table.ok());
  EXPECT_THAT(*table, HasSubstr("{\"lib.c\", \"g_opens\", 1}"));
  EXPECT_THAT(*table, HasSubstr("{\"lib.c\", \"g_slots\", 1}"));

  std::string many;
  for (int i = 0; i < 6; ++i) many += " " + Sh(Input(b, "open-" + std::to_string(i), 1));
  RunResult clean = RunCommand(Sh(b.fuzzer) + many, b.dir / "clean.log");
  EXPECT_EQ(clean.exit_code, 0) << clean.output.substr(0, 4000);
  EXPECT_THAT(clean.output, Not(HasSubstr(kTag)));
  RunResult clean_replay = RunCommand(Sh(b.replay) + many, b.dir / "clean-replay.log");
  EXPECT_EQ(clean_replay.exit_code, 0) << clean_replay.output.substr(0, 4000);

  // Three opens in one input: the bug, alone, the same line every time.
  const std::string three = Input(b, "open-three", 3);
  RunResult first = RunCommand(Sh(b.fuzzer) + " " + Sh(three), b.dir / "three.log");
  EXPECT_NE(first.exit_code, 0);
  const std::string tag = TagLine(first.output);
  EXPECT_THAT(tag, StartsWith(kOverflow)) << first.output.substr(0, 4000);
  EXPECT_THAT(first.output, Not(HasSubstr("BINDFUZZ-STATE:")));
  RunResult again = RunCommand(Sh(b.fuzzer) + " " + Sh(three), b.dir / "three-again.log");
  EXPECT_EQ(TagLine(again.output), tag);
  RunResult replay = RunCommand(Sh(b.replay) + " " + Sh(three), b.dir / "three-replay.log");
  EXPECT_NE(replay.exit_code, 0);
  EXPECT_EQ(TagLine(replay.output), tag) << replay.output.substr(0, 4000);
  // After other inputs: the same line, and the globals were reset.
  RunResult after = RunCommand(Sh(b.fuzzer) + many + " " + Sh(three), b.dir / "after.log");
  EXPECT_NE(after.exit_code, 0);
  EXPECT_EQ(TagLine(after.output), tag);
  EXPECT_THAT(after.output, HasSubstr("BINDFUZZ-STATE: input 7 of this process, after lib_cleanup(); "
                                      "every known global of the library (2) had its initial "
                                      "value at its start"));
}

}  // namespace
}  // namespace bindfuzz::codegen
