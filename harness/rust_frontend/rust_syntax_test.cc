// The Rust lexer and item parser: tokens, literals, grammar, bounds.
#include "harness/rust_frontend/rust_frontend.h"

#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"
#include "harness/rust_frontend/rust_frontend_test_util.h"

namespace bindfuzz::rust_frontend {
namespace {

using namespace test_util;  // NOLINT: the shared helpers and their using-declarations

// ------------------------------------------------------------------ lexer
TEST(RustLexer, TokenKindsAndTrickyLiterals) {
  auto f = Lex("l.rs",
               "r#\"a \" b\"# r#type 'a 'b' b'\\'' b\"x\\\"\" br##\"q\"#\"## c\"z\" 1.5e3f64 0x1F_u32 1..2 "
               "/* a /* nested */ b */ /// outer\n//! inner\nx.0",
               {});
  ASSERT_TRUE(f.ok()) << f.status();
  std::vector<std::string> kinds;
  for (const Token& t : (*f)->tokens) {
    switch (t.kind) {
      case TokKind::kIdent: kinds.push_back(std::string(t.raw ? "rawid:" : "id:") + std::string((*f)->Text(t))); break;
      case TokKind::kLifetime: kinds.push_back("lt:" + std::string((*f)->Text(t))); break;
      case TokKind::kLiteral: kinds.push_back("lit:" + std::string((*f)->Text(t))); break;
      case TokKind::kPunct: kinds.push_back(std::string("p:") + t.punct); break;
      case TokKind::kDoc: kinds.push_back(t.inner ? "innerdoc" : "doc"); break;
      case TokKind::kEof: kinds.push_back("eof"); break;
    }
  }
  EXPECT_THAT(kinds, ElementsAre("lit:r#\"a \" b\"#", "rawid:type", "lt:a", "lit:'b'", "lit:b'\\''",
                                 "lit:b\"x\\\"\"", "lit:br##\"q\"#\"##", "lit:c\"z\"", "lit:1.5e3f64",
                                 "lit:0x1F_u32", "lit:1", "p:.", "p:.", "lit:2", "doc", "innerdoc", "id:x", "p:.",
                                 "lit:0", "eof"));
}

TEST(RustLexer, DelimiterMatchingAndJointPuncts) {
  auto f = Lex("l.rs", "a::<Vec<u8>>() -> b", {});
  ASSERT_TRUE(f.ok());
  const auto& t = (*f)->tokens;
  // a : : < Vec < u8 > > ( ) - > b
  EXPECT_TRUE(t[1].joint);   // ':' ':'
  EXPECT_TRUE(t[7].joint);   // '>' '>'
  EXPECT_EQ(t[9].match, 10u);
  EXPECT_EQ(t[10].match, 9u);
  EXPECT_TRUE(t[11].joint);  // '-' '>'
}

TEST(RustLexer, LiteralDecoding) {
  unsigned __int128 v;
  std::string suf;
  ASSERT_TRUE(DecodeIntLiteral("0xFF_u8", &v, &suf));
  EXPECT_EQ(static_cast<uint64_t>(v), 255u);
  EXPECT_EQ(suf, "u8");
  ASSERT_TRUE(DecodeIntLiteral("0b1010", &v, &suf));
  EXPECT_EQ(static_cast<uint64_t>(v), 10u);
  EXPECT_FALSE(DecodeIntLiteral("0b102", &v, &suf));
  EXPECT_FALSE(DecodeIntLiteral("999999999999999999999999999999999999999999", &v, &suf));
  std::string s;
  ASSERT_TRUE(DecodeStringLiteral("b\"ab\\x00\\n\"", &s));
  EXPECT_EQ(s, std::string("ab\0\n", 4));
  ASSERT_TRUE(DecodeStringLiteral("r##\"a\"#b\"##", &s));
  EXPECT_EQ(s, "a\"#b");
  ASSERT_TRUE(DecodeStringLiteral("\"\\u{48}\\u{e9}\"", &s));
  EXPECT_EQ(s, "H\xc3\xa9");
  uint32_t cp;
  ASSERT_TRUE(DecodeCharLiteral("'\\u{1F600}'", &cp));
  EXPECT_EQ(cp, 0x1F600u);
  ASSERT_TRUE(DecodeCharLiteral("'\xc3\xa9'", &cp));
  EXPECT_EQ(cp, 0xE9u);
}

TEST(RustLexer, Errors) {
  EXPECT_THAT(ErrOf("const A: u8 = 1;\n/* open /* nested */\n"), HasSubstr("t.rs:2:1: unterminated block comment"));
  EXPECT_THAT(ErrOf("const S: &str = \"abc;\n"), HasSubstr("t.rs:1:17: unterminated string literal"));
  EXPECT_THAT(ErrOf("const S: &str = r#\"abc\";\n"), HasSubstr("t.rs:1:17: unterminated raw string"));
  EXPECT_THAT(ErrOf("const C: char = 'ab';"), HasSubstr("t.rs:1:17: character literal may only contain one codepoint"));
  EXPECT_THAT(ErrOf("struct A {\n  x: u8,\n"), HasSubstr("t.rs:1:10: unclosed delimiter '{'"));
  EXPECT_THAT(ErrOf("struct A { x: (u8, u16] }"), HasSubstr("t.rs:1:23: mismatched closing delimiter ']'"));
  EXPECT_THAT(ErrOf("fn f() {}\n}"), HasSubstr("t.rs:2:1: unexpected closing delimiter"));
  EXPECT_THAT(ErrOf("const A: u8 = 1;\nconst B: u8 = `2`;"), HasSubstr("t.rs:2:15: unexpected character"));
  EXPECT_THAT(ErrOf("const A: u8 = 1;\nconst B: u8 = 2; // \xff\xfe\n"), HasSubstr("t.rs:2: input is not valid UTF-8"));
}

TEST(RustLexer, DepthLimitAndSizeLimit) {
  std::string deep = "const A: u8 = " + std::string(300, '(') + "1" + std::string(300, ')') + ";";
  EXPECT_THAT(ErrOf(deep), HasSubstr("nested deeper than 256"));
  RustFrontendOptions o;
  o.max_input_bytes = 10;
  EXPECT_THAT(ErrOf("const A: u8 = 1;", o), HasSubstr("larger than the limit"));
}

// ----------------------------------------------------------------- parser
TEST(RustParser, SyntaxErrorsNameFileLineCol) {
  EXPECT_THAT(ErrOf("pub struct ;"), HasSubstr("t.rs:1:12: expected identifier, found `;`"));
  EXPECT_THAT(ErrOf("struct A { x u8 }"), HasSubstr("t.rs:1:14: expected `:`, found `u8`"));
  EXPECT_THAT(ErrOf("\n\nfoo bar;"), HasSubstr("t.rs:3:1: expected item"));
  EXPECT_THAT(ErrOf("type T = Vec<u8;"), HasSubstr("t.rs:1:16: expected `>`"));
  EXPECT_THAT(ErrOf("#[repr(C)]"), HasSubstr("t.rs:1:1: expected item after attributes"));
  EXPECT_THAT(ErrOf("extern \"C\" { pub fn f(x: u8) -> ; }"), HasSubstr("t.rs:1:33: expected type, found `;`"));
}

TEST(RustParser, TypeNestingIsBounded) {
  std::string t = "type T = ";
  for (int i = 0; i < 400; ++i) t += "Option<";
  t += "u8";
  for (int i = 0; i < 400; ++i) t += ">";
  t += ";";
  EXPECT_THAT(ErrOf(t), HasSubstr("nesting deeper than"));
  std::string p = "type T = ";
  for (int i = 0; i < 400; ++i) p += "*const ";
  p += "u8;";
  EXPECT_THAT(ErrOf(p), HasSubstr("nesting deeper than"));
}

TEST(RustParser, OperatorAndPostfixChainsAreBounded) {
  // Left-deep chains are built in loops, not recursion; their height is
  // still limited so evaluating or destroying them cannot overflow the stack.
  std::string add = "const A: u32 = 1";
  for (int i = 0; i < 100000; ++i) add += " + 1";
  EXPECT_THAT(ErrOf(add + ";"), HasSubstr("t.rs:1:16: expression nested deeper than 256"));
  std::string calls = "const A: u32 = f";
  for (int i = 0; i < 100000; ++i) calls += ".g()[0].1";
  EXPECT_THAT(ErrOf(calls + ";"), HasSubstr("expression nested deeper than 256"));
  std::string casts = "const A: u32 = 1";
  for (int i = 0; i < 100000; ++i) casts += " as u32";
  EXPECT_THAT(ErrOf(casts + ";"), HasSubstr("expression nested deeper than 256"));
  std::string ok = "const A: u32 = 1";
  for (int i = 0; i < 200; ++i) ok += " + 1";
  Contract c = MustX(ok + ";");
  EXPECT_EQ(c.constants.at("A").int_value.magnitude, 201u);
}

TEST(RustParser, ItemGrammar) {
  const char* src = R"rs(
#![allow(dead_code)]
use std::{collections::{HashMap as Map, *}, fmt};
extern crate core as kore;
pub(crate) mod m { pub(in crate::m) fn f<'a, T: 'a + ?Sized, const N: usize>(x: &'a T) -> [u8; N] where T: core::fmt::Debug { loop {} } }
trait Tr<T = u8>: Sized where Self: Copy { type A: Copy; const C: u32 = 1; fn g(&self, _: u8) -> Self::A; }
impl<T> Tr<T> for u32 where T: Default { type A = u32; fn g(&self, _: u8) -> u32 { *self } }
unsafe impl Send for Wrapper {}
impl !Sync for Wrapper {}
struct Wrapper(*mut u8);
enum E<T> { A(T), B { x: u8 }, C = 3 }
union U { a: u32, b: f32 }
const fn cf() -> usize { 3 }
async unsafe fn af() {}
static S: [u8; 2] = [1, 2];
type Fptr = for<'a> unsafe extern "C" fn(&'a u8, ...) -> !;
type Dyn = Box<dyn Fn(u8) -> u8 + Send + 'static>;
type Q = <u32 as Tr>::A;
type Nested = Vec<Vec<Vec<u8>>>;
macro_rules! m { ($($x:tt)*) => { [$($x)*] } }
m! { struct NotParsed; }
m!(1, 2);
const _: () = { let x = |a: u8| a + 1; assert!(x(1) == 2); };
)rs";
  auto lex = Lex("p.rs", src, {});
  ASSERT_TRUE(lex.ok()) << lex.status();
  auto ast = ParseFile(**lex, {});
  ASSERT_TRUE(ast.ok()) << ast.status();
  std::vector<Item::Kind> kinds;
  for (const Item& it : ast->items) kinds.push_back(it.kind);
  EXPECT_THAT(kinds, ElementsAre(Item::kUse, Item::kExternCrate, Item::kMod, Item::kTrait, Item::kImpl, Item::kImpl,
                                 Item::kImpl, Item::kStruct, Item::kEnum, Item::kUnion, Item::kFn, Item::kFn,
                                 Item::kStatic, Item::kTypeAlias, Item::kTypeAlias, Item::kTypeAlias,
                                 Item::kTypeAlias, Item::kMacroRules, Item::kMacroCall, Item::kMacroCall,
                                 Item::kConst));
  ASSERT_EQ(ast->items[0].uses.size(), 3u);
  EXPECT_THAT(ast->items[0].uses[0].path, ElementsAre("std", "collections", "HashMap"));
  EXPECT_EQ(ast->items[0].uses[0].alias, "Map");
  EXPECT_THAT(ast->items[0].uses[1].path, ElementsAre("std", "collections", "*"));
  const Item& fptr = ast->items[13];
  ASSERT_EQ(fptr.type.size(), 1u);
  EXPECT_EQ(fptr.type[0].kind, TypeNode::kFn);
  EXPECT_TRUE(fptr.type[0].variadic);
  EXPECT_EQ(fptr.type[0].abi, "C");
  EXPECT_EQ(fptr.type[0].ret[0].kind, TypeNode::kNever);
  const Item& e = ast->items[8];
  ASSERT_EQ(e.variants.size(), 3u);
  EXPECT_EQ(e.variants[1].shape, Variant::kStruct);
  EXPECT_EQ(e.variants[2].disc.size(), 1u);
}

// ---------------------------------------------------------------- layouts

}  // namespace
}  // namespace bindfuzz::rust_frontend
