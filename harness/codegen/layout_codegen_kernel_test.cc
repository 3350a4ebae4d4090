// Real kernel pair: amd64 bindings vs rt-amd64 headers. The generated layout
// fuzzers must witness the size findings of the issue's records with an ASan
// report, each within a few seconds of fuzzing.
//
// Extracts the two contracts from the real inputs of scripts/kernel-inputs.sh
// (work/kernel/...); skips when they are absent.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/codegen/layout_codegen.h"
#include "harness/codegen/test_build_util.h"
#include "harness/c_frontend/c_frontend.h"
#include "harness/driver/pipeline.h"

namespace bindfuzz::codegen {
namespace {

using namespace test_util;  // NOLINT: test helpers
using ::testing::HasSubstr;

constexpr char kOut[] = "work/kernel/out";
constexpr char kSrc[] = "work/kernel/src/linux-source-6.12";

// C truth: rt-amd64 headers with their Kbuild flags; Rust: amd64 bindings.
bool LoadPair(Contract* c, Contract* rust) {
  const std::string flags_file = std::string(kOut) + "/rt-amd64/c_flags.txt";
  const std::string bindings = std::string(kOut) + "/amd64/bindings_generated.rs";
  if (!fs::exists(flags_file) || !fs::exists(bindings)) return false;
  auto flags = cfront::ReadFlagsFile(flags_file);
  if (!flags.ok()) return false;
  driver::CInputs in;
  in.headers = {std::string(kSrc) + "/rust/bindings/bindings_helper.h"};
  in.flags = *flags;
  auto cc = driver::RunExtractC(in);
  driver::RustInputs rin;
  rin.files = {std::string(kSrc) + "/rust/bindings/lib.rs", bindings};
  rin.c_char_signed = false;
  auto rr = driver::RunExtractRust(rin);
  EXPECT_TRUE(cc.ok()) << cc.status();
  EXPECT_TRUE(rr.ok()) << rr.status();
  if (!cc.ok() || !rr.ok()) return false;
  *c = *std::move(cc);
  *rust = *std::move(rr);
  return true;
}

class KernelLayout : public ::testing::TestWithParam<const char*> {};

TEST_P(KernelLayout, SizeFindingIsWitnessedByASan) {
  // Extracted once for all records.
  static Contract c, rust;
  static const bool loaded = LoadPair(&c, &rust);
  if (!loaded) GTEST_SKIP() << "kernel inputs absent: run scripts/kernel-inputs.sh";
  std::string header;
  for (const std::string& in : c.provenance.inputs) {
    if (in.size() > 2 && in.substr(in.size() - 2) == ".h") header = in;
  }
  if (header.empty() || !fs::exists(header)) GTEST_SKIP() << "kernel headers absent";
  const std::string rec = GetParam();
  ASSERT_TRUE(c.records.count(rec) && rust.records.count(rec)) << rec;
  ASSERT_NE(c.records.at(rec).size_bytes, rust.records.at(rec).size_bytes) << rec;

  std::string bin = Build(std::string("k_") + rec, c, rust, header,
                          LayoutRelevantCFlags(c.provenance.flags), {rec});
  ASSERT_FALSE(bin.empty());
  RunResult r = Fuzz(bin, 10);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("ERROR: AddressSanitizer: heap-buffer-overflow")) << r.output;
  const uint64_t smaller =
      std::min(c.records.at(rec).size_bytes, rust.records.at(rec).size_bytes);
  EXPECT_THAT(r.output, HasSubstr("0 bytes after " + std::to_string(smaller) + "-byte region"))
      << r.output;

  // The saved crash reproduces the same report through the reproduce script,
  // which ties it back to the record.
  std::string crash;
  for (const auto& e : fs::directory_iterator(fs::path(bin).parent_path())) {
    if (e.path().filename().string().rfind("crash-", 0) == 0) crash = e.path().string();
  }
  ASSERT_FALSE(crash.empty());
  RunResult rep = RunCommand("scripts/reproduce.sh " + Sh(bin) + " " + Sh(crash),
                             fs::path(bin).parent_path() / "reproduce.log");
  EXPECT_EQ(rep.exit_code, 0) << rep.output;
  EXPECT_THAT(rep.output, HasSubstr("ERROR: AddressSanitizer: heap-buffer-overflow")) << rep.output;
  EXPECT_THAT(rep.output, HasSubstr("0 bytes after " + std::to_string(smaller) + "-byte region"))
      << rep.output;
  EXPECT_THAT(rep.output, HasSubstr("BINDFUZZ-ACCESS: struct " + rec + " ")) << rep.output;
  EXPECT_THAT(rep.output, HasSubstr("record `" + rec + "`: Rust believes")) << rep.output;
}

INSTANTIATE_TEST_SUITE_P(IssueRecords, KernelLayout,
                         ::testing::Values("file", "inode", "wait_queue_head", "xarray",
                                           "spinlock"));

}  // namespace
}  // namespace bindfuzz::codegen
