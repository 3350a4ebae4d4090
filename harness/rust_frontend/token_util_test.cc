#include "harness/rust_frontend/token_util.h"

#include <string>

#include "gtest/gtest.h"
#include "harness/rust_frontend/test_parse.h"

namespace bindfuzz::rust_frontend {
namespace {

// The spelling of the type of `pub type T = <type>;`.
std::string SpellAliasTarget(const std::string& type) {
  ParsedSource p = ParseForTest("pub type T = " + type + ";");
  const TypeNode& t = p.item(0).type.at(0);
  return SpellTokens(*p.file, t.begin_tok, t.end_tok);
}

TEST(SpellTokens, CanonicalSpacing) {
  EXPECT_EQ(SpellAliasTarget("*mut ::core::ffi::c_void"), "*mut ::core::ffi::c_void");
  EXPECT_EQ(SpellAliasTarget("*const   u8"), "*const u8");
  EXPECT_EQ(SpellAliasTarget("[ u8 ;4 ]"), "[u8; 4]");
  EXPECT_EQ(SpellAliasTarget("unsafe extern \"C\" fn(x:i32)->u8"), "unsafe extern \"C\" fn(x: i32) -> u8");
  EXPECT_EQ(SpellAliasTarget("Option<&'static dyn Fn()>"), "Option<&'static dyn Fn()>");
  EXPECT_EQ(SpellAliasTarget("(u8,u16)"), "(u8, u16)");
}

TEST(SpellTokens, DocCommentsAreDroppedAndLongSpellingsCut) {
  ParsedSource p = ParseForTest("pub struct S {\n  /// doc\n  pub a: u8,\n}");
  // The dropped doc comment still counts as a word for the spacing of the
  // token after it.
  EXPECT_EQ(SpellTokens(*p.file, p.item(0).begin_tok, p.item(0).end_tok), "pub struct S{ pub a: u8, }");
  std::string many;
  for (int i = 0; i < 100; ++i) many += "A" + std::to_string(i) + ", ";
  std::string s = SpellAliasTarget("(" + many + ")");
  EXPECT_EQ(s.size(), 240u);
  EXPECT_EQ(s.substr(0, 9), "(A0, A1, ");
  EXPECT_EQ(s.substr(237), "...");
}

TEST(TokenMatchers, PunctIdentAndIntegerLiterals) {
  ParsedSource p = ParseForTest("m!(size_of, 8usize, 0x10, 18446744073709551616, r#type, 1.5);");
  const LexedFile& f = *p.file;
  const Item& m = p.item(0);
  uint32_t b = m.tt_begin + 1;
  EXPECT_TRUE(IsIdentTok(f, b, "size_of"));
  EXPECT_FALSE(IsIdentTok(f, b, "size"));
  EXPECT_TRUE(IsPunctTok(f, b + 1, ','));
  EXPECT_FALSE(IsPunctTok(f, b, ','));
  EXPECT_EQ(IntTok(f, b + 2), 8u);
  EXPECT_EQ(IntTok(f, b + 4), 16u);
  EXPECT_EQ(IntTok(f, b + 6), std::nullopt);  // beyond 64 bits
  EXPECT_EQ(IntTok(f, b), std::nullopt);      // not a literal
  EXPECT_TRUE(IsIdentTok(f, b + 8, "type"));  // raw identifiers match their text
  EXPECT_EQ(IntTok(f, b + 10), std::nullopt);  // a float
}

TEST(NextComma, SkipsNestedDelimiters) {
  ParsedSource p = ParseForTest("m!(a, (b, c), [d, e], {f, g}, h);");
  const LexedFile& f = *p.file;
  const Item& m = p.item(0);
  std::vector<std::string> args;
  uint32_t b = m.tt_begin + 1;
  while (b < m.tt_end) {
    uint32_t c = NextComma(f, b, m.tt_end);
    args.push_back(SpellTokens(f, b, c));
    b = c + 1;
  }
  EXPECT_EQ(args, (std::vector<std::string>{"a", "(b, c)", "[d, e]", "{f, g}", "h"}));
  EXPECT_EQ(NextComma(f, m.tt_begin + 1, m.tt_begin + 1), m.tt_begin + 1);  // empty range
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
