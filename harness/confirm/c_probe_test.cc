// C probe: generator safety (unit) and real gcc / clang-19 runs.
#include "harness/confirm/c_probe.h"

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "absl/strings/str_split.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::confirm {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CProbeGenerator, IdentifiersFromInputsAreValidated) {
  EXPECT_TRUE(IsProbeSafeCIdentifier("compat_ethtool_rxnfc"));
  EXPECT_TRUE(IsProbeSafeCIdentifier("_x1"));
  EXPECT_FALSE(IsProbeSafeCIdentifier(""));
  EXPECT_FALSE(IsProbeSafeCIdentifier("1x"));
  EXPECT_FALSE(IsProbeSafeCIdentifier("a b"));
  EXPECT_FALSE(IsProbeSafeCIdentifier("x;int"));
  EXPECT_FALSE(IsProbeSafeCIdentifier("struct"));
  EXPECT_FALSE(IsProbeSafeCIdentifier("bindfuzz_fact_1"));  // the probe's own names
  EXPECT_FALSE(IsProbeSafeCIdentifier("(anon#1)"));
}

TEST(CProbeGenerator, HostileFactsCannotBreakOut) {
  std::vector<CFact> facts = {
      CFact::Ints({"sizeof(struct ok)"}),
      CFact::Ints({"1 }; int evil(void) { return system(\"rm -rf /\"); } const int z[] = { 0"}),
      CFact::Ints({"1 /* comment */"}),
      CFact::Ints({"1 // comment"}),
      CFact::Ints({"x\n#include </etc/passwd>"}),
      CFact::Ints({"1; int y"}),
      CFact::Ints({"(1)); int y = (1"}),
      {CFact::Kind::kSymbol, {"f(x)"}, {}},
      {CFact::Kind::kObject, {"struct s"}, {}},  // no initializer: malformed
  };
  std::vector<bool> active(facts.size(), true);
  std::vector<uint32_t> lines;
  std::vector<std::string> refused;
  std::string tu = GenerateCProbe({"/inc/a.h"}, facts, active, &lines, &refused);
  EXPECT_EQ(refused[0], "");
  // `;` inside parentheses (members of a union in sizeof) is fine.
  std::vector<CFact> ok = {CFact::Ints({"(sizeof(union { char m0[1 + (3)]; char m1[1 + (5)]; }) - 1) / 2"})};
  std::vector<uint32_t> l2;
  std::vector<std::string> r2;
  GenerateCProbe({}, ok, {true}, &l2, &r2);
  EXPECT_EQ(r2[0], "");
  for (size_t i = 1; i < facts.size(); ++i) EXPECT_NE(refused[i], "") << i;
  EXPECT_THAT(tu, HasSubstr("bindfuzz_fact_0[1] = { (unsigned long long)(sizeof(struct ok)) };"));
  EXPECT_THAT(tu, ::testing::Not(HasSubstr("evil")));
  EXPECT_THAT(tu, ::testing::Not(HasSubstr("passwd")));
  EXPECT_THAT(tu, ::testing::Not(HasSubstr("comment")));
  EXPECT_THAT(tu, ::testing::Not(HasSubstr("int y")));
  // One fact per line, at the line reported.
  std::vector<std::string> tu_lines = absl::StrSplit(tu, '\n');
  ASSERT_GT(lines[0], 0u);
  EXPECT_THAT(tu_lines[lines[0] - 1], HasSubstr("bindfuzz_fact_0"));
}

TEST(CProbeFlags, KeepsLayoutFlagsOnly) {
  std::vector<std::string> dropped;
  auto kept = LayoutFlagsForGcc({"-Wp,-MMD,/k/.x.d", "-nostdinc", "-I/k/include", "-I", "rel", "-include", "/k/kconfig.h",
                                 "-D__KERNEL__", "-DKBUILD_MODNAME=\"x\"", "-std=gnu11", "-funsigned-char", "-mcmodel=kernel",
                                 "-fno-PIE", "-Werror=implicit-int", "--target=x86_64-linux-gnu", "-m64", "-pg",
                                 "-fmacro-prefix-map=/a/=", "-enable-trivial-auto-var-init-zero-knowing-it-will-be-removed-from-clang",
                                 "-isystem", "/usr/inc", "-fshort-wchar", "-O2", "-U", "FOO", "-include-pch", "x.pch"},
                                &dropped);
  EXPECT_THAT(kept, ElementsAre("-nostdinc", "-I/k/include", "-I", "rel", "-include", "/k/kconfig.h", "-D__KERNEL__",
                                "-DKBUILD_MODNAME=\"x\"", "-std=gnu11", "-funsigned-char", "-m64", "-isystem", "/usr/inc",
                                "-fshort-wchar", "-U", "FOO"));
  EXPECT_THAT(dropped, ::testing::Contains("--target=x86_64-linux-gnu"));
  EXPECT_THAT(dropped, ::testing::Contains("-include-pch"));
  EXPECT_THAT(dropped, ::testing::Contains("-mcmodel=kernel"));
}

TEST(CProbeDiagnostics, ErrorsAreAttributedToProbeLinesAlsoThroughMacros) {
  const char* err =
      "In file included from /t/bindfuzz_probe.c:3:\n"
      "/t/h.h:9:15: error: 'nothere' undeclared here (not in a function)\n"
      "/t/bindfuzz_probe.c:6:38: note: in expansion of macro 'BADM'\n"
      "/t/bindfuzz_probe.c:13:39: error: 'struct p' has no member named 'nothere'\n"
      "/t/other.h:1:1: error: unrelated\n"
      "cc1: error: bad flag\n";
  auto d = ParseCDiagnostics(err, "bindfuzz_probe.c");
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].function, "");
  EXPECT_EQ(d[0].probe_line, 6u);
  EXPECT_EQ(d[1].probe_line, 13u);
  EXPECT_EQ(d[2].probe_line, 0u);
  EXPECT_EQ(d[3].probe_line, 0u);
  // An error in the body of a function (gcc prints the context first).
  auto e = ParseCDiagnostics(
      "In file included from /t/bindfuzz_probe.c:3:\n/k/pgtable.h: In function \xe2\x80\x98pmdp_collapse_flush\xe2\x80\x99:\n"
      "/k/compiler_types.h:543:45: error: call to \xe2\x80\x98__compiletime_assert_468\xe2\x80\x99 declared with attribute error\n",
      "bindfuzz_probe.c");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].function, "pmdp_collapse_flush");
  EXPECT_EQ(e[0].probe_line, 0u);
}

class CProbeRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!target::FindProgram("gcc").ok()) GTEST_SKIP() << "gcc not installed";
    auto d = target::MakeTempDir("bindfuzz-cprobe-test-");
    ASSERT_TRUE(d.ok());
    dir_ = *d;
    header_ = dir_ + "/h.h";
    ASSERT_TRUE(WriteFile(header_,
                          "struct flags { unsigned int a : 3; unsigned int b : 5; unsigned int c : 1; unsigned short tail; };\n"
                          "typedef unsigned long size_t;\nstruct dev;\n"
                          "int dev_read(struct dev *d, void *buf, size_t count);\n"
                          "static inline int dev_id(struct dev *d) { return 0; }\n"
                          "#define PAGE_SIZE (1UL << 12)\n#define NEG (-5)\n#define NAME \"hello\"\n#define HALF 0.5\n"
                          "#define BADM (nothere + 1)\n"
                          "struct p { int x; union { int u1; long u2; }; };\n")
                    .ok());
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string dir_, header_;
};

TEST_F(CProbeRunTest, GccAnswersEveryKindAndIsolatesBadFacts) {
  std::vector<CFact> facts = {
      CFact::Ints({"sizeof(struct flags)", "_Alignof(struct flags)"}),
      {CFact::Kind::kObject, {"struct flags", "{ .b = -1 }"}, {}},
      {CFact::Kind::kString, {"NAME"}, {}},
      CFact::Ints({"PAGE_SIZE", "(PAGE_SIZE) < 0", "NEG", "(NEG) < 0"}),
      CFact::Ints({"BADM"}),  // fails inside a macro expansion
      {CFact::Kind::kInts, {"__builtin_offsetof(struct p, nothere)"}, {"has no member named"}},
      CFact::Ints({"__builtin_offsetof(struct p, u2)"}),
      {CFact::Kind::kSymbol, {"dev_id"}, {}},
      {CFact::Kind::kSymbol, {"dev_read"}, {}},
      {CFact::Kind::kDouble, {"HALF"}, {}},
      CFact::Ints({"__builtin_types_compatible_p(__typeof__(dev_read), __typeof__(int (struct dev *, void *, size_t)))"}),
      {CFact::Kind::kStatic, {"dev_id"}, {"follows non-static declaration"}},
      {CFact::Kind::kStatic, {"dev_read"}, {"follows non-static declaration"}},
  };
  auto run = RunCProbe({.headers = {header_}}, facts, {});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_TRUE(run->is_gcc);
  EXPECT_THAT(run->compiler, HasSubstr("gcc "));
  using S = CFactResult::State;
  const auto& r = run->results;
  ASSERT_EQ(r[0].state, S::kValue) << r[0].error;
  EXPECT_THAT(r[0].ints, ElementsAre(4, 4));
  ASSERT_EQ(r[1].state, S::kValue) << r[1].error;
  EXPECT_EQ(r[1].bytes, std::string("\xf8\0\0\0", 4));  // b: bits 3..7
  EXPECT_EQ(r[2].bytes, std::string("hello\0", 6));
  EXPECT_THAT(r[3].ints, ElementsAre(4096, 0, static_cast<uint64_t>(-5), 1));
  EXPECT_EQ(r[4].state, S::kFailed);
  EXPECT_THAT(r[4].error, HasSubstr("nothere"));
  EXPECT_EQ(r[5].state, S::kAbsent);
  EXPECT_THAT(r[5].error, HasSubstr("has no member named"));
  EXPECT_THAT(r[6].ints, ElementsAre(8));
  EXPECT_EQ(r[7].symbol, "local");
  EXPECT_EQ(r[8].symbol, "undefined");
  EXPECT_EQ(r[9].number, 0.5);
  EXPECT_THAT(r[10].ints, ElementsAre(1));
  EXPECT_THAT(r[8].refs, ElementsAre("dev_read"));
  EXPECT_EQ(r[11].state, S::kValue) << r[11].error;  // static inline: internal linkage
  EXPECT_EQ(r[12].state, S::kAbsent) << r[12].error;
}

TEST_F(CProbeRunTest, HeadersThatDoNotCompileFailEveryFactWithTheReason) {
  ASSERT_TRUE(WriteFile(header_, "struct broken {\n").ok());
  auto run = RunCProbe({.headers = {header_}}, {CFact::Ints({"1"})}, {});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->results[0].state, CFactResult::State::kFailed);
  EXPECT_THAT(run->results[0].error, HasSubstr("cannot compile the headers"));
}

TEST_F(CProbeRunTest, ClangFallbackIsNamed) {
  if (!target::FindProgram("clang-19").ok()) GTEST_SKIP() << "clang-19 not installed";
  CProbeOptions o;
  o.force_clang = true;
  auto run = RunCProbe({.headers = {header_}, .clang_triple = "i686-linux-gnu"},
                       {CFact::Ints({"sizeof(long)", "_Alignof(unsigned long long)"})}, o);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_FALSE(run->is_gcc);
  EXPECT_THAT(run->compiler, HasSubstr("clang 19"));
  EXPECT_THAT(run->results[0].ints, ElementsAre(4, 4));
}

TEST_F(CProbeRunTest, BadHeaderPathIsAnError) {
  auto run = RunCProbe({.headers = {dir_ + "/no\"such.h"}}, {CFact::Ints({"1"})}, {});
  EXPECT_FALSE(run.ok());
  EXPECT_THAT(run.status().message(), HasSubstr("no\"such.h"));
}

}  // namespace
}  // namespace bindfuzz::confirm
