#include "harness/confirm/asm_data.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::confirm {
namespace {

TEST(AsmData, ReadsX86DataDirectives) {
  // As gcc -S prints constant objects on x86_64.
  const char* text =
      "\t.globl\tbf_0\n\t.section\t.rodata\n\t.align 16\n\t.type\tbf_0, @object\n\t.size\tbf_0, 16\n"
      "bf_0:\n\t.quad\t180\n\t.quad\t-1\n"
      "\t.globl\tbf_1\n\t.type\tbf_1, @object\nbf_1:\n\t.byte\t248\n\t.zero\t3\n\t.value\t258\n\t.word\t3\n"
      "\t.globl\tbf_2\nbf_2:\n\t.string\t\"hi\\n\\001\"\n\t.ascii\t\"x\"\n"
      "\t.text\n\t.type\tdev_id, @function\ndev_id:\n\tpushq\t%rbp\n\tret\n"
      "\t.globl\tbf_3\nbf_3:\n\t.quad\tdev_id\n";
  AsmListing a = ParseAsm(text, {.word_bytes = 2, .big_endian = false});
  ASSERT_TRUE(a.DataOf("bf_0").has_value());
  EXPECT_EQ(*a.DataOf("bf_0"), std::string("\xb4\0\0\0\0\0\0\0\xff\xff\xff\xff\xff\xff\xff\xff", 16));
  EXPECT_EQ(*a.DataOf("bf_1"), std::string("\xf8\0\0\0\x02\x01\x03\x00", 8));
  EXPECT_EQ(*a.DataOf("bf_2"), std::string("hi\n\x01\0x", 6));
  // A relocation: the bytes are not known.
  EXPECT_FALSE(a.DataOf("bf_3").has_value());
  EXPECT_THAT(a.RefsOf("bf_3"), ::testing::ElementsAre("dev_id"));
  EXPECT_TRUE(a.Defines("dev_id"));
  EXPECT_FALSE(a.IsGlobal("dev_id"));
  EXPECT_TRUE(a.IsGlobal("bf_0"));
  EXPECT_FALSE(a.Defines("dev_read"));
  // Code after a label is not data.
  EXPECT_EQ(*a.DataOf("dev_id"), "");
}

TEST(AsmData, BigEndianWordsAndMachOUnderscore) {
  const char* text = "_bf_0:\n\t.long\t1\n\t.word\t2\n";
  AsmListing a = ParseAsm(text, {.word_bytes = 4, .big_endian = true});
  ASSERT_TRUE(a.DataOf("bf_0").has_value());
  EXPECT_EQ(*a.DataOf("bf_0"), std::string("\0\0\0\x01\0\0\0\x02", 8));
}

TEST(AsmData, TrailingCommentsAsClangPrintsThem) {
  const char* text = "\t.type\tf,@object # @f\nf:\n\t.quad\t4 # 0x4\n\t.byte\t35 @ 0x23\n\t.ascii\t\"a # b\" // c\n\t.size\tf, 10\n";
  AsmListing a = ParseAsm(text, {});
  ASSERT_TRUE(a.DataOf("f").has_value());
  EXPECT_EQ(*a.DataOf("f"), std::string("\x04\0\0\0\0\0\0\0\x23" "a # b", 14));
}

TEST(AsmData, MalformedOperandsMakeTheObjectUnknown) {
  AsmListing a = ParseAsm("x:\n\t.quad\t1+2\ny:\n\t.ascii\t\"unterminated\n", {});
  EXPECT_FALSE(a.DataOf("x").has_value());
  EXPECT_FALSE(a.DataOf("y").has_value());
  std::string s;
  EXPECT_FALSE(DecodeAsmString("\"\\q\"", &s));
  s.clear();
  EXPECT_TRUE(DecodeAsmString("\"a\\x41\\101\\\"\"", &s));
  EXPECT_EQ(s, "aAA\"");
}

}  // namespace
}  // namespace bindfuzz::confirm
