// Unit tests of the table derivation's pieces; no rustc needed.
#include "harness/target/rustc_target_facts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
#include "harness/common/file_util.h"

namespace bindfuzz::target {
namespace {

using ::testing::HasSubstr;

TEST(TargetSpecJson, FieldsAndDefaults) {
  absl::StatusOr<RustcTargetSpec> s = ParseTargetSpecJson(
      R"({"arch":"arm","data-layout":"e-p:32:32","target-pointer-width":32,"abi":"eabihf",
          "c-enum-min-bits":8,"llvm-target":"thumbv7em-none-eabihf","llvm-floatabi":"hard"})",
      "spec");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->arch, "arm");
  EXPECT_EQ(s->os, "none");         // absent
  EXPECT_EQ(s->vendor, "unknown");  // absent
  EXPECT_EQ(s->env, "");
  EXPECT_EQ(s->family, "");
  EXPECT_EQ(s->endian, Endian::kLittle);
  EXPECT_EQ(s->pointer_bits, 32u);
  EXPECT_EQ(s->c_int_bits, 32u);
  EXPECT_EQ(s->c_enum_min_bits, 8u);

  // Older rustc wrote the pointer width as a string.
  absl::StatusOr<RustcTargetSpec> old = ParseTargetSpecJson(
      R"({"arch":"s390x","os":"linux","data-layout":"E","target-pointer-width":"64","target-endian":"big",
          "target-family":["unix"]})",
      "spec");
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(old->pointer_bits, 64u);
  EXPECT_EQ(old->endian, Endian::kBig);
  EXPECT_EQ(old->family, "unix");
  EXPECT_EQ(old->c_enum_min_bits, std::nullopt);
}

TEST(TargetSpecJson, BadInputNamesIt) {
  for (std::string_view bad : {"", "[]", "{not json", R"({"arch":"x86"})",
                               R"({"arch":"x86","data-layout":"e","target-pointer-width":7})",
                               R"({"arch":"x86","data-layout":"e","target-pointer-width":32,"target-endian":"middle"})"}) {
    absl::StatusOr<RustcTargetSpec> s = ParseTargetSpecJson(bad, "rustc --target t");
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_THAT(std::string(s.status().message()), HasSubstr("rustc --target t")) << bad;
  }
}

// The checked-in table is exactly what FormatTableRows prints for it, so a
// derivation from rustc can be compared with it row by row.
TEST(TableRows, CheckedInTableIsFormatted) {
  absl::StatusOr<std::string> inc = ReadFile("harness/target/target_table.inc");
  ASSERT_TRUE(inc.ok()) << inc.status();
  for (const TargetInfo& t : AllTargets())
    EXPECT_THAT(*inc, HasSubstr(FormatTableRows(FactsOf(t)))) << t.rust_triple;
}

TEST(TableRows, EscapesStrings) {
  TargetFacts f;
  f.rust_triple = "a\"b\\c\n";
  EXPECT_THAT(FormatTableRows(f), HasSubstr(R"(.rust_triple = "a\"b\\c\x0a")"));
}

TEST(AbiProbe, OneFunctionPerLine) {
  std::string body = AbiProbeBody({"C", "stdcall"});
  std::vector<std::string> lines = absl::StrSplit(body, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0], HasSubstr("fn bf_sink("));
  EXPECT_THAT(lines[1], HasSubstr("extern \"C\" fn bf_abi_0("));
  EXPECT_THAT(lines[2], HasSubstr("extern \"stdcall\" fn bf_abi_1("));
}

TEST(AbiProbe, AsmBodiesCompareModuloLabelsAndComments) {
  // x86: `#` comments; two functions with the same code but different local
  // label numbers, one with a different stack cleanup.
  std::string x86 =
      "\t.globl\tbf_abi_0\n"
      "bf_abi_0:\n"
      "# %bb.0:\n"
      "\tpushl\t%esi          # spill\n"
      "\tjmp\t.LBB0_2\n"
      ".LBB0_2:\n"
      "\tretl\n"
      ".Lfunc_end0:\n"
      "\t.globl\t_bf_abi_1@80\n"
      "_bf_abi_1@80:\n"
      "\tpushl\t%esi\n"
      "\tjmp\t.LBB1_2\n"
      "\tretl\n"
      "_bf_abi_2@80:\n"
      "\tpushl\t%esi\n"
      "\tjmp\t.LBB2_2\n"
      "\tretl\t$80\n";
  std::map<int, std::string> b = AsmFunctionBodies(x86, "x86");
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0], "pushl\t%esi\njmp\tL#\nretl\n");
  EXPECT_EQ(b[0], b[1]);
  EXPECT_NE(b[0], b[2]);
  // Arm: `@` comments and `#` immediates; a function naming itself (MIPS PIC
  // style) compares equal to another naming itself.
  std::string arm =
      "bf_abi_0:\n\tmov\tr0, #1   @ imm\n\tldr\tr1, =bf_abi_0\n"
      "bf_abi_1:\n\tmov\tr0, #1\n\tldr\tr1, =bf_abi_1\n"
      "bf_abi_2:\n\tmov\tr0, #2\n\tldr\tr1, =bf_abi_2\n";
  std::map<int, std::string> a = AsmFunctionBodies(arm, "arm");
  EXPECT_EQ(a[0], "mov\tr0, #1\nldr\tr1, =bf_abi_#\n");
  EXPECT_EQ(a[0], a[1]);
  EXPECT_NE(a[0], a[2]);
  // AArch64: `//` comments.
  std::map<int, std::string> a64 = AsmFunctionBodies("bf_abi_0:\n\tret // done\n", "aarch64");
  EXPECT_EQ(a64[0], "ret\n");
}

}  // namespace
}  // namespace bindfuzz::target
