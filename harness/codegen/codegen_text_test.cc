#include "harness/codegen/codegen_text.h"

#include <string>
#include <type_traits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::codegen {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Decodes what EscapeCString produces (the C rules for the escapes it uses).
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    char e = s[++i];
    if (e >= '0' && e <= '7') {
      out += static_cast<char>(((e - '0') << 6) | ((s[i + 1] - '0') << 3) | (s[i + 2] - '0'));
      i += 2;
    } else {
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
    }
  }
  return out;
}

// Names an input may carry to break out of a literal, a comment, a line or
// an identifier.
const std::vector<std::string>& Hostile() {
  static const std::vector<std::string> k = {
      "a\"b",          "back\\slash\\",   "new\nline",        "cr\rtab\t",
      "end */ x /*",   "// comment",      "?\?/ trigraph",    "?\?=define",
      "caf\xc3\xa9",   "\xff\xfe",        std::string("nul\0in", 7),
      "'single'",      "$(rm -rf /)",     "`cmd`",            "a b",
      "#include <x>",  std::string(5000, 'x') + "\"",         ""};
  return k;
}

TEST(EscapeCString, QuotesBackslashesNewlines) {
  EXPECT_EQ(EscapeCString("a\"b\\c\n"), "a\\\"b\\\\c\\n");
  EXPECT_EQ(EscapeCString("tab\there\r"), "tab\\there\\r");
}

TEST(EscapeCString, TrigraphsCannotForm) { EXPECT_EQ(EscapeCString("?\?/"), "\\?\\?/"); }

TEST(EscapeCString, NonAsciiAndControlAreThreeDigitOctal) {
  EXPECT_EQ(EscapeCString("\xc3\xa9"), "\\303\\251");  // "é" in UTF-8
  // A following digit must not extend the escape.
  EXPECT_EQ(EscapeCString(std::string("\x01") + "7"), "\\0017");
  EXPECT_EQ(EscapeCString(std::string("a\0b", 3)), "a\\000b");
}

TEST(EscapeCString, EveryByteRoundTripsAndOutputIsPrintable) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  std::string esc = EscapeCString(all + "\\");
  for (unsigned char ch : esc) EXPECT_TRUE(ch >= 0x20 && ch < 0x7f) << int(ch);
  EXPECT_EQ(Unescape(esc), all + "\\");
}

TEST(IsSafeCIdentifier, AcceptsIdentifiersOnly) {
  EXPECT_TRUE(IsSafeCIdentifier("file"));
  EXPECT_TRUE(IsSafeCIdentifier("_x9"));
  EXPECT_TRUE(IsSafeCIdentifier(std::string(255, 'a')));
  EXPECT_FALSE(IsSafeCIdentifier(""));
  EXPECT_FALSE(IsSafeCIdentifier("9x"));
  EXPECT_FALSE(IsSafeCIdentifier("a\"b\\c\n"));
  EXPECT_FALSE(IsSafeCIdentifier("a b"));
  EXPECT_FALSE(IsSafeCIdentifier("p::q"));
  EXPECT_FALSE(IsSafeCIdentifier("(anon#1)"));
  EXPECT_FALSE(IsSafeCIdentifier("caf\xc3\xa9"));
  EXPECT_FALSE(IsSafeCIdentifier("int"));
  EXPECT_FALSE(IsSafeCIdentifier("__attribute__"));
  EXPECT_FALSE(IsSafeCIdentifier(std::string(256, 'a')));
}

TEST(CIdent, OnlyIdentifiersAreMade) {
  auto ok = CIdent::Make("dev_flags");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(Code(*ok).str(), "dev_flags");
  for (const std::string& h : Hostile()) {
    auto id = CIdent::Make(h, "field");
    EXPECT_FALSE(id.ok()) << h;
    // The message names the input escaped, on one line.
    EXPECT_THAT(std::string(id.status().message()), Not(HasSubstr("\n"))) << h;
    EXPECT_THAT(std::string(id.status().message()), HasSubstr("field \"")) << h;
  }
  EXPECT_FALSE(CIdent::Make("struct").ok());
}

TEST(CStringLit, EveryHostileNameIsOneEscapedLiteral) {
  for (const std::string& h : Hostile()) {
    const std::string lit = Code(CStringLit(h)).str();
    ASSERT_GE(lit.size(), 2u);
    EXPECT_EQ(lit.front(), '"');
    EXPECT_EQ(lit.back(), '"');
    const std::string body = lit.substr(1, lit.size() - 2);
    EXPECT_EQ(CStringLit(h).Body().str(), body);
    EXPECT_EQ(Unescape(body), h);
    for (size_t i = 0; i < body.size(); ++i) {
      const unsigned char ch = static_cast<unsigned char>(body[i]);
      ASSERT_TRUE(ch >= 0x20 && ch < 0x7f) << h;
      // An unescaped quote would end the literal; `??` could start a
      // trigraph; `*/` and `//` are harmless inside a literal but the
      // escaping must not produce a bare quote before them.
      if (ch == '"') ASSERT_TRUE(i > 0 && body[i - 1] == '\\') << h;
      if (ch == '?') ASSERT_TRUE(i > 0 && body[i - 1] == '\\') << h;
    }
    // Every escape is complete: no backslash left to escape the closing quote.
    size_t trailing = 0;
    while (trailing < body.size() && body[body.size() - 1 - trailing] == '\\') ++trailing;
    EXPECT_EQ(trailing % 2, 0u) << h;
  }
}

TEST(IncludePath, PlainPrintableOnly) {
  auto ok = IncludePath::Make("/abs/dir with space/x.h");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(Code(*ok).str(), "\"/abs/dir with space/x.h\"");
  for (const std::string& h : {std::string("x\".h"), std::string("a\\b.h"), std::string("x\n.h"),
                               std::string("caf\xc3\xa9.h"), std::string()})
    EXPECT_FALSE(IncludePath::Make(h).ok()) << h;
}

TEST(ShWord, OneSingleQuotedWord) {
  EXPECT_EQ(Code(ShWord("-DMSG=a b")).str(), "'-DMSG=a b'");
  EXPECT_EQ(Code(ShWord("-DQ='x'")).str(), "'-DQ='\\''x'\\'''");
  EXPECT_EQ(Code(ShWord("$(id) `id` \\")).str(), "'$(id) `id` \\'");
  EXPECT_EQ(Code(ShWord("")).str(), "''");
}

TEST(TargetName, BaseNamesOnly) {
  EXPECT_TRUE(TargetName::Make("pl_fn_9").ok());
  EXPECT_TRUE(TargetName::Make(std::string(64, 'a')).ok());
  EXPECT_FALSE(TargetName::Make(std::string(65, 'a')).ok());
  for (const std::string& h : Hostile()) EXPECT_FALSE(TargetName::Make(h).ok()) << h;
  EXPECT_FALSE(TargetName::Make("Upper").ok());
  EXPECT_FALSE(TargetName::Make("a-b").ok());
}

TEST(Code, LiteralsNumbersAndJoin) {
  Code c = "x";
  Append(&c, "_", 3, "_", uint64_t{18446744073709551615u}, " ", -7);
  EXPECT_EQ(c.str(), "x_3_18446744073709551615 -7");
  EXPECT_EQ(Join({"a", "b", 3}, ", ").str(), "a, b, 3");
  EXPECT_EQ(Join({}, ", ").str(), "");
  EXPECT_EQ(Code::Int64(-3, "", "LL").str(), "-3LL");
  EXPECT_EQ(Code::Int64(INT64_MIN, "", "LL").str(), "(-9223372036854775807LL - 1)");
  EXPECT_EQ(Code::Int64(INT64_MIN, "INT64_C(", ")").str(), "(-INT64_C(9223372036854775807) - 1)");
  EXPECT_EQ(Code::HexByte(0).str(), "\\x00");
  EXPECT_EQ(Code::HexByte(0xab).str(), "\\xab");
}

// What Code cannot be made from: text of the inputs.
static_assert(!std::is_constructible_v<Code, std::string>);
static_assert(!std::is_constructible_v<Code, const char*>);
static_assert(!std::is_constructible_v<Code, absl::string_view>);
static_assert(!std::is_constructible_v<Code, char>);
static_assert(!std::is_constructible_v<Code, bool>);
static_assert(std::is_constructible_v<Code, const char (&)[4]>);
static_assert(std::is_constructible_v<Code, CIdent>);
static_assert(std::is_constructible_v<Code, CStringLit>);
static_assert(!std::is_constructible_v<CStringLit, Code>);

}  // namespace
}  // namespace bindfuzz::codegen
