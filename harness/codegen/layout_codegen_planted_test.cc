// End-to-end: generate a layout fuzzer for a planted mismatch, compile it with
// clang-19 under ASan+UBSan+libFuzzer, fuzz briefly, expect the witness.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/codegen/layout_codegen.h"
#include "harness/codegen/test_build_util.h"
#include "harness/common/file_util.h"
#include "harness/contract/contract_json.h"

namespace bindfuzz::codegen {
namespace {

namespace fs = std::filesystem;
using contract::Contract;
using contract::Record;
using contract::Type;
using ::testing::AnyOf;
using namespace test_util;  // NOLINT: test helpers
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCase[] = "harness/testdata/cases/file_f_op_moved";
const std::vector<std::string> kCaseFlags = {"--target=x86_64-linux-gnu", "-std=gnu11"};

// In-memory pair: `struct trio { int a; int b; int c; }` as C lays it out,
// with the Rust side's offsets of b and c given.
Contract Trio(uint64_t size, uint64_t b_off, uint64_t c_off) {
  Contract k;
  Record r;
  r.name = "trio";
  r.size_bytes = size;
  r.align_bytes = 4;
  for (auto [n, off] : {std::pair<const char*, uint64_t>{"a", 0}, {"b", b_off}, {"c", c_off}})
  {
    contract::Field f;
    f.name = n;
    f.type = Type::Int(32, true, "int");
    f.offset_bits = off * 8;
    f.size_bits = 32;
    r.fields.push_back(f);
  }
  k.records["trio"] = r;
  return k;
}

std::string TrioHeader() {
  fs::path dir = fs::path(BF_SCRATCH_DIR);
  fs::create_directories(dir);
  fs::path h = dir / "trio.h";
  EXPECT_TRUE(WriteFile(h.string(), "struct trio { int a; int b; int c; };\n").ok());
  return h.string();
}

TEST(PlantedLayout, FileFOpMovedIsWitnessed) {
  Contract c = Load(std::string(kCase) + "/c.json");
  Contract rust = Load(std::string(kCase) + "/rust.json");
  std::string bin = Build("file_f_op_moved", c, rust,
                          fs::absolute(std::string(kCase) + "/input.h").string(), kCaseFlags);
  ASSERT_FALSE(bin.empty());
  RunResult r = Fuzz(bin, 20);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, AnyOf(HasSubstr("BINDFUZZ-MISMATCH: field-offset struct file."),
                              HasSubstr("AddressSanitizer: heap-buffer-overflow")))
      << r.output;
}

TEST(PlantedLayout, FieldOffsetOnlyGivesTagLine) {
  // Same size, b and c swapped in Rust: nothing overflows, the values differ.
  std::string bin = Build("trio_offset", Trio(12, 4, 8), Trio(12, 8, 4), TrioHeader(), {});
  ASSERT_FALSE(bin.empty());
  RunResult r = Fuzz(bin, 20);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, AnyOf(HasSubstr("BINDFUZZ-MISMATCH: field-offset struct trio.b rust=8 c=4\n"),
                              HasSubstr("BINDFUZZ-MISMATCH: field-offset struct trio.c rust=4 c=8\n")))
      << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("ERROR: AddressSanitizer")));

  // The saved input reproduces the same tag line.
  fs::path dir = fs::path(bin).parent_path();
  std::string crash;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("crash-", 0) == 0) crash = e.path().string();
  }
  ASSERT_FALSE(crash.empty()) << "no crash artifact in " << dir;
  std::string tag = r.output.substr(r.output.find("BINDFUZZ-MISMATCH: "));
  tag = tag.substr(0, tag.find('\n') + 1);
  for (int i = 0; i < 2; ++i) {
    RunResult again = RunCommand(Sh(bin) + " " + Sh(crash), dir / "repro.log");
    EXPECT_NE(again.exit_code, 0);
    EXPECT_THAT(again.output, HasSubstr(tag));
  }
}

TEST(PlantedLayout, SizeOnlyGivesHeapBufferOverflow) {
  // Rust believes trio is 16 bytes; every field agrees.
  std::string bin = Build("trio_size", Trio(12, 4, 8), Trio(16, 4, 8), TrioHeader(), {});
  ASSERT_FALSE(bin.empty());
  RunResult r = Fuzz(bin, 20);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("AddressSanitizer: heap-buffer-overflow")) << r.output;
  EXPECT_THAT(r.output, HasSubstr("0 bytes after 12-byte region")) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("BINDFUZZ-MISMATCH")));
}

TEST(PlantedLayout, RustSmallerGivesHeapBufferOverflowInC) {
  // Rust believes trio is 8 bytes (no `c`): C overflows the object Rust
  // allocated when it copies or stores into it.
  Contract rust = Trio(8, 4, 8);
  rust.records["trio"].fields.pop_back();
  std::string bin = Build("trio_small", Trio(12, 4, 8), rust, TrioHeader(), {});
  ASSERT_FALSE(bin.empty());
  RunResult r = Fuzz(bin, 20);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("AddressSanitizer: heap-buffer-overflow")) << r.output;
  EXPECT_THAT(r.output, HasSubstr("0 bytes after 8-byte region")) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("BINDFUZZ-MISMATCH")));
}

TEST(PlantedLayout, FieldFarPastTheEndIsReportedAtTheObject) {
  // Rust puts c 8000 bytes out (past any redzone; the Rust size is left
  // equal so only the field access overflows): the report must still be an
  // overflow of this 12-byte object, not a neighbour's memory.
  std::string bin = Build("trio_far", Trio(12, 4, 8), Trio(12, 4, 8000), TrioHeader(), {});
  ASSERT_FALSE(bin.empty());
  RunResult r = Fuzz(bin, 20);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("AddressSanitizer: heap-buffer-overflow")) << r.output;
  EXPECT_THAT(r.output, HasSubstr("WRITE of size 4")) << r.output;
  EXPECT_THAT(r.output, HasSubstr("0 bytes after 12-byte region")) << r.output;
}

TEST(PlantedLayout, CleanPairFuzzesWithoutCrash) {
  Contract c = Load(std::string(kCase) + "/c.json");
  // A hostile-named record in both contracts: skipped, but its escaped name
  // lands in a comment the C compiler must still accept.
  Record hostile;
  hostile.name = "a\"b\\c\n?\?/\xc3\xa9";
  hostile.size_bytes = 4;
  c.records[hostile.name] = hostile;
  std::string bin = Build("clean", c, c,
                          fs::absolute(std::string(kCase) + "/input.h").string(), kCaseFlags);
  ASSERT_FALSE(bin.empty());
  RunResult r = Fuzz(bin, 5);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("BINDFUZZ-MISMATCH")));
  EXPECT_THAT(r.output, Not(HasSubstr("ERROR: AddressSanitizer")));
  EXPECT_THAT(r.output, HasSubstr("Done"));
}

TEST(PlantedLayout, WrongCContractFailsToCompile) {
  // The C side asserts the contract it was generated from: a C contract that
  // does not describe the header is a compile error, never a wrong finding.
  fs::path dir = fs::path(BF_SCRATCH_DIR) / "wrong_c";
  fs::create_directories(dir);
  LayoutGenOptions opt;
  opt.name = "wrong_c";
  opt.headers = {TrioHeader()};
  auto gen = GenerateLayoutFuzzer(Trio(16, 4, 8), Trio(16, 4, 8), opt);
  ASSERT_TRUE(gen.ok()) << gen.status();
  fs::path c_side = dir / "wrong_c_c_side.c";
  ASSERT_TRUE(WriteFile(c_side.string(), gen->files.at("wrong_c_c_side.c")).ok());
  RunResult r = RunCommand(std::string(BF_CLANG) + " -fsyntax-only -x c " + Sh(c_side.string()),
                     dir / "build.log");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("bindfuzz: sizeof(struct trio) is not 16 as in the C contract"));
}

}  // namespace
}  // namespace bindfuzz::codegen
