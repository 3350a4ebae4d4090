// Real kernel pair: amd64 bindings vs rt-amd64 headers. The generated layout
// fuzzers must witness the size findings of the issue's records with an ASan
// report, each within a few seconds of fuzzing.
//
// Reads the contracts of a `bindfuzz check` run of that pair from
// work/reports/amd64-bindings-vs-rt-amd64/{c,rust}.json and the headers they
// name; skips when they are absent.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/codegen/layout_codegen.h"
#include "harness/codegen/test_build_util.h"

namespace bindfuzz::codegen {
namespace {

using namespace test_util;  // NOLINT: test helpers
using ::testing::HasSubstr;

constexpr char kPair[] = "work/reports/amd64-bindings-vs-rt-amd64";

class KernelLayout : public ::testing::TestWithParam<const char*> {};

TEST_P(KernelLayout, SizeFindingIsWitnessedByASan) {
  const std::string c_path = std::string(kPair) + "/c.json";
  const std::string rust_path = std::string(kPair) + "/rust.json";
  if (!fs::exists(c_path) || !fs::exists(rust_path))
    GTEST_SKIP() << "kernel contracts absent: run `bindfuzz check` on amd64 bindings vs "
                    "rt-amd64 headers into " << kPair;
  // 20 MB of JSON each: loaded once for all records.
  static const Contract c = Load(c_path);
  static const Contract rust = Load(rust_path);
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
}

INSTANTIATE_TEST_SUITE_P(IssueRecords, KernelLayout,
                         ::testing::Values("file", "inode", "wait_queue_head", "xarray",
                                           "spinlock"));

}  // namespace
}  // namespace bindfuzz::codegen
