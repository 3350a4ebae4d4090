// Test helpers: generate a layout fuzzer, build it with clang-19 under
// ASan+UBSan+libFuzzer (BF_CLANG, BF_CLANGXX, BF_RUNTIME_DIR, BF_SCRATCH_DIR
// are compile definitions set in CMake), run it, load contracts.
#ifndef BINDFUZZ_HARNESS_CODEGEN_TEST_BUILD_UTIL_H_
#define BINDFUZZ_HARNESS_CODEGEN_TEST_BUILD_UTIL_H_

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "harness/codegen/layout_codegen.h"
#include "harness/common/file_util.h"
#include "harness/contract/contract_json.h"

namespace bindfuzz::codegen::test_util {

namespace fs = std::filesystem;
using contract::Contract;

inline std::string Sh(const std::string& s) {  // single-quoted shell word
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

struct RunResult {
  int exit_code = -1;
  std::string output;
};

inline RunResult RunCommand(const std::string& cmd, const fs::path& log) {
  int rc = std::system((cmd + " >" + Sh(log) + " 2>&1").c_str());
  RunResult r;
  r.exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
  auto text = ReadFile(log.string());
  r.output = text.ok() ? *text : "<no output>";
  return r;
}

// Generates, builds and returns the fuzzer binary's path ("" on failure,
// with a test failure recorded).
inline std::string Build(const std::string& name, const Contract& c, const Contract& rust,
                         const std::string& header, std::vector<std::string> flags,
                         std::vector<std::string> records = {},
                         std::vector<std::string> functions = {},
                         const std::string& build_env = "") {
  fs::path dir = fs::path(BF_SCRATCH_DIR) / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "corpus");
  LayoutGenOptions opt;
  opt.name = name;
  opt.headers = {header};
  opt.c_flags = flags;
  opt.records = records;
  opt.functions = functions;
  opt.runtime_dir = BF_RUNTIME_DIR;
  opt.replay_main = BF_REPLAY_MAIN;
  auto gen = GenerateLayoutFuzzer(c, rust, opt);
  EXPECT_TRUE(gen.ok()) << gen.status();
  if (!gen.ok()) return "";
  EXPECT_GT(gen->records + gen->functions, 0);
  EXPECT_TRUE(WriteGeneratedFiles(dir.string(), *gen).ok());
  // Built exactly as a user builds it: with the generated build.sh.
  std::string cmd = build_env + " CC=" + Sh(BF_CLANG) + " CXX=" + Sh(BF_CLANGXX) + " sh " +
                    Sh((dir / "build.sh").string());
  RunResult r = RunCommand(cmd, dir / "build.log");
  EXPECT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
  return r.exit_code == 0 ? (dir / (name + "_fuzzer")).string() : "";
}

inline RunResult Fuzz(const std::string& bin, int seconds) {
  fs::path dir = fs::path(bin).parent_path();
  return RunCommand(Sh(bin) + " -seed=1 -max_total_time=" + std::to_string(seconds) +
                        " -artifact_prefix=" + Sh(dir.string() + "/") + " " +
                        Sh((dir / "corpus").string()),
                    dir / "fuzz.log");
}

inline Contract Load(const std::string& path) {
  auto text = ReadFile(path);
  EXPECT_TRUE(text.ok()) << text.status();
  auto c = contract::FromJson(text.ok() ? *text : "", path);
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? *c : Contract{};
}

}  // namespace bindfuzz::codegen::test_util

#endif  // BINDFUZZ_HARNESS_CODEGEN_TEST_BUILD_UTIL_H_
