// Test helper: a lifetime (sequence) fuzzer generated from a .bfspec and
// built with its generated build.sh under clang-19, as a user builds it
// (BF_CLANG, BF_CLANGXX, BF_RUNTIME_DIR, BF_REPLAY_MAIN are compile
// definitions set in CMake).
#ifndef BINDFUZZ_HARNESS_CODEGEN_TEST_LIFETIME_BUILD_H_
#define BINDFUZZ_HARNESS_CODEGEN_TEST_LIFETIME_BUILD_H_

#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "harness/codegen/lifetime_codegen.h"
#include "harness/codegen/target_build.h"
#include "harness/codegen/test_build_util.h"
#include "harness/common/file_util.h"
#include "harness/spec/spec_parser.h"

namespace bindfuzz::codegen::test_util {

namespace fs = std::filesystem;

struct LifetimeTarget {
  fs::path dir;
  // <name>_fuzzer and <name>_replay in `dir`; empty when the spec did not
  // parse, the generator failed or build.sh did.
  std::string fuzzer, replay;
};

// Parses the spec at `spec_path`, generates its target with `opt` (its
// runtime_dir and replay_main are set here) into `dir`, emptied first, and
// runs the generated build.sh. Every failure on the way is a test failure;
// with `expect_no_notes`, so is a note of the generator.
inline LifetimeTarget BuildLifetimeTarget(const fs::path& spec_path, LifetimeGenOptions opt,
                                          const fs::path& dir, bool expect_no_notes = false) {
  LifetimeTarget t;
  t.dir = dir;
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto text = ReadFile(spec_path.string());
  EXPECT_TRUE(text.ok()) << text.status();
  if (!text.ok()) return t;
  auto spec = spec::ParseOwnershipSpec(*text, spec_path.string());
  EXPECT_TRUE(spec.ok()) << spec.status();
  if (!spec.ok()) return t;
  opt.runtime_dir = BF_RUNTIME_DIR;
  opt.replay_main = BF_REPLAY_MAIN;
  auto gen = GenerateLifetimeFuzzer(*spec, opt);
  EXPECT_TRUE(gen.ok()) << gen.status();
  if (!gen.ok()) return t;
  if (expect_no_notes) EXPECT_TRUE(gen->notes.empty()) << gen->notes[0].message;
  EXPECT_TRUE(WriteGeneratedFiles(dir.string(), *gen).ok());
  const std::string cmd = "CC=" + Sh(BF_CLANG) + " CXX=" + Sh(BF_CLANGXX) + " sh " +
                          Sh((dir / "build.sh").string());
  RunResult r = RunCommand(cmd, dir / "build.log");
  EXPECT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
  if (r.exit_code != 0) return t;
  t.fuzzer = (dir / (opt.name + "_fuzzer")).string();
  t.replay = (dir / (opt.name + "_replay")).string();
  return t;
}

}  // namespace bindfuzz::codegen::test_util

#endif  // BINDFUZZ_HARNESS_CODEGEN_TEST_LIFETIME_BUILD_H_
