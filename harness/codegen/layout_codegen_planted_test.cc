// End-to-end: generate a layout fuzzer for a planted mismatch, compile it with
// clang-19 under ASan+UBSan+libFuzzer, fuzz briefly, expect the witness.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/c_frontend/c_frontend.h"
#include "harness/codegen/layout_codegen.h"
#include "harness/codegen/test_build_util.h"
#include "harness/common/file_util.h"
#include "harness/contract/contract_json.h"
#include "harness/rust_frontend/rust_frontend.h"

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

// A clean target's seed corpus (corpora/gen/<target>/seed; with
// BINDFUZZ_UPDATE_CORPORA=1 refreshed from this run's corpus) replays without
// a report through the replay build.
void ExpectSeedsReplayClean(const std::string& bin) {
  ASSERT_FALSE(bin.empty());
  const fs::path dir = fs::path(bin).parent_path();
  const std::string name = fs::path(bin).filename().string();
  const fs::path seed = fs::absolute(fs::path("corpora/gen") / name / "seed");
  if (std::getenv("BINDFUZZ_UPDATE_CORPORA") != nullptr) {
    fs::remove_all(seed);
    fs::create_directories(seed);
    for (const auto& e : fs::directory_iterator(dir / "corpus"))
      fs::copy_file(e.path(), seed / e.path().filename());
  }
  ASSERT_TRUE(fs::exists(seed)) << "run once with BINDFUZZ_UPDATE_CORPORA=1";
  std::string replay = bin.substr(0, bin.size() - std::string("_fuzzer").size()) + "_replay";
  RunResult r = RunCommand(Sh(replay) + " " + Sh(seed.string()), dir / "seed-replay.log");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(fs::is_empty(seed));
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
  hostile.name = "a\"b\\c\n?\?/*/ /* \xc3\xa9" + std::string(2000, 'y');
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
  ExpectSeedsReplayClean(bin);
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

// ---------------------------------------------------------------------------
// The planted suite: one small C header and Rust binding per mismatch class
// (harness/testdata/planted/<class>/), read by the real front ends, turned
// into a fuzzer, fuzzed; the expected report must appear, and the saved
// crash input must reproduce it (twice: deterministic).

struct Planted {
  Contract c, rust;
  std::string header;
};

// `cls`: a directory under harness/testdata/planted, or a path under
// harness/testdata for a case the golden tests share ("cases/bitfields").
Planted ReadPlanted(const std::string& cls) {
  const fs::path dir = fs::absolute(cls.find('/') == std::string::npos
                                        ? fs::path("harness/testdata/planted") / cls
                                        : fs::path("harness/testdata") / cls);
  Planted p;
  p.header = (dir / "input.h").string();
  cfront::CFrontendOptions copt;
  copt.headers = {p.header};
  copt.flags = {"--target=x86_64-linux-gnu"};
  auto c = cfront::ExtractC(copt);
  EXPECT_TRUE(c.ok()) << c.status();
  if (c.ok()) p.c = *c;
  auto rust = rust_frontend::ExtractRust({(dir / "bindings.rs").string()}, {});
  EXPECT_TRUE(rust.ok()) << rust.status();
  if (rust.ok()) p.rust = *rust;
  return p;
}

// The first line of the report a crash printed: the UBSan `runtime error`,
// the ASan `ERROR:` line's kind, or the tag line.
std::string FirstReport(const std::string& out) {
  for (const char* marker : {"runtime error: ", "BINDFUZZ-MISMATCH: ", "ERROR: AddressSanitizer: "}) {
    size_t at = out.find(marker);
    if (at == std::string::npos) continue;
    std::string line = out.substr(at, out.find('\n', at) - at);
    // Addresses differ between runs; keep the words.
    size_t addr = line.find(" 0x");
    return addr == std::string::npos ? line : line.substr(0, addr);
  }
  return "";
}

// Fuzzes `bin` (20 s budget), expects `want` in the output, then replays the
// saved crash twice and expects the same first report line.
void ExpectWitnessed(const std::string& bin, const std::string& want) {
  ASSERT_FALSE(bin.empty());
  RunResult r = Fuzz(bin, 20);
  ASSERT_NE(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr(want)) << r.output;
  fs::path dir = fs::path(bin).parent_path();
  std::string crash;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("crash-", 0) == 0) crash = e.path().string();
  }
  ASSERT_FALSE(crash.empty()) << "no crash artifact in " << dir;
  const std::string first = FirstReport(r.output);
  ASSERT_FALSE(first.empty()) << r.output;
  for (int i = 0; i < 2; ++i) {
    RunResult again = RunCommand(Sh(bin) + " " + Sh(crash), dir / "repro.log");
    EXPECT_NE(again.exit_code, 0);
    EXPECT_EQ(FirstReport(again.output), first) << again.output;
  }
  // Without a fuzzing engine: the replay build reproduces it too.
  std::string replay = bin.substr(0, bin.size() - std::string("_fuzzer").size()) + "_replay";
  RunResult rep = RunCommand(Sh(replay) + " " + Sh(crash), dir / "replay.log");
  EXPECT_NE(rep.exit_code, 0);
  EXPECT_EQ(FirstReport(rep.output), first) << rep.output;

  // Regression corpus: the witnesses found earlier stay witnesses
  // (corpora/gen/<target>/regression; BINDFUZZ_UPDATE_CORPORA=1 adds this
  // run's crash).
  const std::string name = fs::path(bin).filename().string();
  const fs::path reg = fs::absolute(fs::path("corpora/gen") / name / "regression");
  if (std::getenv("BINDFUZZ_UPDATE_CORPORA") != nullptr) {
    fs::create_directories(reg);
    fs::copy_file(crash, reg / fs::path(crash).filename().string().substr(6),
                  fs::copy_options::overwrite_existing);
  }
  int replayed = 0;
  if (fs::exists(reg)) {
    for (const auto& e : fs::directory_iterator(reg)) {
      RunResult old = RunCommand(Sh(replay) + " " + Sh(e.path().string()), dir / "regression.log");
      EXPECT_NE(old.exit_code, 0) << e.path();
      EXPECT_THAT(old.output, HasSubstr(want.substr(0, want.find(" 0x")))) << e.path();
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0) << "no regression input under " << reg
                         << " (run once with BINDFUZZ_UPDATE_CORPORA=1)";
}

TEST(PlantedSuite, FieldReorderGivesFieldOffsetTag) {
  Planted p = ReadPlanted("reorder");
  ExpectWitnessed(Build("pl_reorder", p.c, p.rust, p.header, {"--target=x86_64-linux-gnu"}),
                  "BINDFUZZ-MISMATCH: field-offset struct pkt.");
}

TEST(PlantedSuite, RustLessAlignedThanCIsMisalignedInC) {
  // (c) Rust places `struct over` at 8, C requires 16: C's access is misaligned.
  Planted p = ReadPlanted("alignment");
  ExpectWitnessed(Build("pl_align_over", p.c, p.rust, p.header, {"--target=x86_64-linux-gnu"},
                        {"over"}),
                  "runtime error: member access within misaligned address");
  EXPECT_THAT(ReadFile((fs::path(BF_SCRATCH_DIR) / "pl_align_over" / "fuzz.log").string()).value_or(""),
              HasSubstr("for type 'const struct over', which requires 16 byte alignment"));
}

TEST(PlantedSuite, CLessAlignedThanRustIsMisalignedInRust) {
  // (c) C places `struct cmsg` at 4 (compat_u64), Rust's view needs 8.
  Planted p = ReadPlanted("alignment");
  ExpectWitnessed(Build("pl_align_cmsg", p.c, p.rust, p.header, {"--target=x86_64-linux-gnu"},
                        {"cmsg"}),
                  "runtime error: member access within misaligned address");
  EXPECT_THAT(ReadFile((fs::path(BF_SCRATCH_DIR) / "pl_align_cmsg" / "fuzz.log").string()).value_or(""),
              HasSubstr("which requires 8 byte alignment"));
}

TEST(PlantedSuite, ParamWidthIsAFunctionTypeReport) {
  // (d) Rust calls dev_set_level through a pointer typed with `mask: u32`.
  Planted p = ReadPlanted("functions");
  ExpectWitnessed(Build("pl_fn", p.c, p.rust, p.header, {"--target=x86_64-linux-gnu"}, {},
                        {"dev_set_level"}),
                  "runtime error: call to function bf_c_fn0 through pointer to incorrect function type "
                  "'long long (*)(void *, int, unsigned long long)'");
}

TEST(PlantedSuite, ParamWidthIsATagLineWithoutFunctionSanitizer) {
  // (d) Without -fsanitize=function (e.g. an OSS-Fuzz UBSan build), the
  // bit-exact argument check names the parameter and what arrived.
  Planted p = ReadPlanted("functions");
  ExpectWitnessed(Build("pl_fn_nofsan", p.c, p.rust, p.header, {"--target=x86_64-linux-gnu"},
                        {}, {"dev_set_level"},
                        "CFLAGS=-fno-sanitize=function CXXFLAGS=-fno-sanitize=function"),
                  "BINDFUZZ-MISMATCH: function-param-width dev_set_level param 2 rust=u64 c=u32");
}

TEST(PlantedSuite, AgreeingFunctionIsClean) {
  Planted p = ReadPlanted("functions");
  std::string bin = Build("pl_fn_clean", p.c, p.rust, p.header, {"--target=x86_64-linux-gnu"},
                          {}, {"dev_flags"});
  ASSERT_FALSE(bin.empty());
  RunResult r = Fuzz(bin, 3);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  ExpectSeedsReplayClean(bin);
}

TEST(PlantedSuite, EnumValueCDefinesRustLacks) {
  // (e) C stores MODE_C (3) in cfg.m; Rust's enum has no such variant.
  Planted p = ReadPlanted("values");
  ExpectWitnessed(Build("pl_enum", p.c, p.rust, p.header, {"--target=x86_64-linux-gnu"}, {"cfg"}),
                  "BINDFUZZ-MISMATCH: enum-missing-value struct cfg.m rust=mode value=3");
}

TEST(PlantedSuite, BoolReadOfAByte) {
  // (e) C stores any unsigned char in flag.on; Rust reads a bool.
  Planted p = ReadPlanted("values");
  ExpectWitnessed(Build("pl_bool", p.c, p.rust, p.header, {"--target=x86_64-linux-gnu"}, {"flag"}),
                  "BINDFUZZ-MISMATCH: field-type struct flag.on rust=bool value=");
}

TEST(PlantedSuite, EnumReturnValueRustLacks) {
  // (e) on a return value: current_mode() may return MODE_C.
  Planted p = ReadPlanted("values");
  ExpectWitnessed(Build("pl_enum_ret", p.c, p.rust, p.header, {"--target=x86_64-linux-gnu"},
                        {"cfg"}, {"current_mode"}),
                  "BINDFUZZ-MISMATCH: enum-missing-value");
}

TEST(PlantedSuite, BitfieldPositionAndWidth) {
  // (f) Rust believes flags.b is 4 bits at bit 4; C has 5 bits at bit 3.
  Planted p = ReadPlanted("cases/bitfields");
  ExpectWitnessed(Build("pl_bitfield", p.c, p.rust, p.header, {"--target=x86_64-linux-gnu"}),
                  "BINDFUZZ-MISMATCH: bitfield-width struct flags.b rust=bit 4 width 4 c=bit 3 width 5");
}

}  // namespace
}  // namespace bindfuzz::codegen
