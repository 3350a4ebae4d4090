// Real kernel pair: amd64 bindings vs rt-amd64 headers. The generated layout
// fuzzers must witness record-size findings with an ASan report, each within
// a few seconds of fuzzing: the record behind `spinlock_t` (PREEMPT_RT's
// root change) and records picked evenly from all records whose sizes
// differ between the two contracts, so the test follows the input rather
// than a list of names from one Debian upload.
//
// Extracts the two contracts from the real inputs of scripts/kernel-inputs.sh
// (work/kernel/...); skips when they are absent.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/codegen/layout_codegen.h"
#include "harness/codegen/test_build_util.h"
#include "harness/cflags/flag_filters.h"
#include "harness/cflags/flag_readers.h"
#include "harness/driver/pipeline.h"
#include "harness/testing/kernel_inputs.h"

namespace bindfuzz::codegen {
namespace {

using namespace test_util;  // NOLINT: test helpers
using ::testing::HasSubstr;

const std::string kOut = kernel_inputs::Work() + "/out";
const std::string kSrc = kernel_inputs::Src();

// C truth: rt-amd64 headers with their Kbuild flags; Rust: amd64 bindings.
bool LoadPair(Contract* c, Contract* rust) {
  const std::string flags_file = std::string(kOut) + "/rt-amd64/c_flags.txt";
  const std::string bindings = std::string(kOut) + "/amd64/bindings_generated.rs";
  if (!fs::exists(flags_file) || !fs::exists(bindings)) return false;
  auto flags = cflags::ReadFlagsFile(flags_file);
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

constexpr size_t kPicks = 5;

// spinlock_t's record first, then records whose size differs, evenly
// spaced in name order.
std::vector<std::string> PickRecords(const Contract& c, const Contract& rust) {
  std::vector<std::string> differ, out;
  for (const auto& [name, r] : c.records) {
    auto it = rust.records.find(name);
    if (!r.complete || name.find("::") != std::string::npos || it == rust.records.end() || !it->second.complete)
      continue;
    if (r.size_bytes != it->second.size_bytes) differ.push_back(name);
  }
  const contract::Type& sl =
      contract::ResolveTypedefs(c, contract::Type::Named(contract::TypeKind::kTypedef, "spinlock_t"));
  if (sl.kind == contract::TypeKind::kRecord &&
      std::find(differ.begin(), differ.end(), sl.name) != differ.end())
    out.push_back(sl.name);
  for (size_t i = 0; i < differ.size() && out.size() < kPicks; i += std::max<size_t>(1, differ.size() / kPicks)) {
    if (std::find(out.begin(), out.end(), differ[i]) == out.end()) out.push_back(differ[i]);
  }
  return out;
}

class KernelLayout : public ::testing::TestWithParam<size_t> {};

TEST_P(KernelLayout, SizeFindingIsWitnessedByASan) {
  // Extracted once for all records.
  static Contract c, rust;
  static const bool loaded = LoadPair(&c, &rust);
  if (!loaded) GTEST_SKIP() << "kernel inputs absent: run scripts/kernel-inputs.sh";
  static const std::vector<std::string> picks = PickRecords(c, rust);
  ASSERT_FALSE(picks.empty()) << "no record differs in size between amd64 bindings and rt-amd64 headers";
  if (GetParam() >= picks.size()) GTEST_SKIP() << "only " << picks.size() << " record(s) differ";
  std::string header;
  for (const std::string& in : c.provenance.inputs) {
    if (in.size() > 2 && in.substr(in.size() - 2) == ".h") header = in;
  }
  if (header.empty() || !fs::exists(header)) GTEST_SKIP() << "kernel headers absent";
  const std::string rec = picks[GetParam()];
  std::printf("record %s: C %lu bytes, Rust %lu bytes\n", rec.c_str(),
              (unsigned long)c.records.at(rec).size_bytes, (unsigned long)rust.records.at(rec).size_bytes);
  ASSERT_TRUE(c.records.count(rec) && rust.records.count(rec)) << rec;
  ASSERT_NE(c.records.at(rec).size_bytes, rust.records.at(rec).size_bytes) << rec;

  std::string bin = Build(std::string("k_") + rec, c, rust, header,
                          cflags::LayoutRelevantCFlags(c.provenance.flags), {rec});
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

INSTANTIATE_TEST_SUITE_P(RtDrift, KernelLayout, ::testing::Range<size_t>(0, kPicks));

}  // namespace
}  // namespace bindfuzz::codegen
