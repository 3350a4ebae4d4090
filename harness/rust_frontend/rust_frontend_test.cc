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

namespace bindfuzz::rust_frontend {
namespace {

using contract::Contract;
using contract::Field;
using contract::Note;
using contract::Record;
using contract::TypeKind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

absl::StatusOr<Contract> X(std::string_view src, RustFrontendOptions o = {}) {
  return ExtractRustFromSource(src, "t.rs", o);
}

Contract MustX(std::string_view src, RustFrontendOptions o = {}) {
  auto c = X(src, o);
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? *std::move(c) : Contract{};
}

const Record& Rec(const Contract& c, const std::string& n) {
  static const Record kNone;
  auto it = c.records.find(n);
  EXPECT_NE(it, c.records.end()) << "no record " << n;
  return it == c.records.end() ? kNone : it->second;
}

const Field& Fld(const Record& r, const std::string& n) {
  static const Field kNone;
  const Field* f = r.FindField(n);
  EXPECT_NE(f, nullptr) << "no field " << n << " in " << r.name;
  return f ? *f : kNone;
}

uint64_t OffB(const Record& r, const std::string& n) { return Fld(r, n).offset_bits / 8; }

bool HasNote(const Contract& c, std::string_view item, std::string_view substr) {
  for (const Note& n : c.notes)
    if (n.item == item && n.message.find(substr) != std::string::npos) return true;
  return false;
}

std::string AllNotes(const Contract& c) {
  std::string s;
  for (const Note& n : c.notes) s += n.loc.ToString() + " " + n.item + ": " + n.message + "\n";
  return s;
}

std::string ErrOf(std::string_view src, RustFrontendOptions o = {}) {
  auto c = X(src, o);
  EXPECT_FALSE(c.ok()) << "expected an error for: " << src;
  if (c.ok()) return "";
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument) << c.status();
  return std::string(c.status().message());
}

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
TEST(RustLayout, ReprCStructOffsets) {
  Contract c = MustX(R"rs(
#[repr(C)]
pub struct s {
    pub a: u8,
    pub b: u32,
    pub c: u16,
    pub d: u64,
    pub e: bool,
    pub f: char,
    pub g: [u16; 3],
    pub h: *const u8,
    pub i: f64,
    pub j: u128,
}
)rs");
  const Record& r = Rec(c, "s");
  EXPECT_EQ(OffB(r, "a"), 0u);
  EXPECT_EQ(OffB(r, "b"), 4u);
  EXPECT_EQ(OffB(r, "c"), 8u);
  EXPECT_EQ(OffB(r, "d"), 16u);
  EXPECT_EQ(OffB(r, "e"), 24u);
  EXPECT_EQ(OffB(r, "f"), 28u);
  EXPECT_EQ(OffB(r, "g"), 32u);
  EXPECT_EQ(OffB(r, "h"), 40u);
  EXPECT_EQ(OffB(r, "i"), 48u);
  EXPECT_EQ(OffB(r, "j"), 64u);
  EXPECT_EQ(r.size_bytes, 80u);
  EXPECT_EQ(r.align_bytes, 16u);
  EXPECT_EQ(Fld(r, "g").type.kind, TypeKind::kArray);
  EXPECT_EQ(Fld(r, "g").type.count, 3u);
  EXPECT_EQ(Fld(r, "g").size_bits, 48u);
  EXPECT_EQ(Fld(r, "h").type.kind, TypeKind::kPointer);
  EXPECT_TRUE(Fld(r, "h").type.inner[0].is_const);
  EXPECT_EQ(r.loc.ToString(), "t.rs:3:12");
  EXPECT_EQ(Fld(r, "b").loc.ToString(), "t.rs:5:9");
}

TEST(RustLayout, TargetsChangePrimitiveLayouts) {
  const char* src = R"rs(
#[repr(C)] pub struct s { pub a: u8, pub b: u64, pub c: f64, pub p: *mut u8, pub l: core::ffi::c_long, pub w: u128 }
)rs";
  Contract x = MustX(src);
  EXPECT_EQ(OffB(Rec(x, "s"), "b"), 8u);
  EXPECT_EQ(OffB(Rec(x, "s"), "w"), 48u);
  EXPECT_EQ(Rec(x, "s").size_bytes, 64u);
  RustFrontendOptions i686;
  i686.target_triple = "i686-linux-gnu";
  Contract y = MustX(src, i686);
  const Record& r = Rec(y, "s");
  EXPECT_EQ(OffB(r, "b"), 4u);  // u64 is 4-aligned on i686
  EXPECT_EQ(OffB(r, "c"), 12u);
  EXPECT_EQ(OffB(r, "p"), 20u);
  EXPECT_EQ(OffB(r, "l"), 24u);
  EXPECT_EQ(OffB(r, "w"), 32u);  // u128 stays 16-aligned
  EXPECT_EQ(r.size_bytes, 48u);
  EXPECT_EQ(y.target.pointer_bits, 32u);
  EXPECT_EQ(y.target.long_bits, 32u);
  RustFrontendOptions arm;
  arm.target_triple = "aarch64-unknown-linux-gnu";
  Contract z = MustX("pub type ch = core::ffi::c_char;", arm);
  EXPECT_FALSE(z.typedefs.at("ch").target.is_signed);
  EXPECT_FALSE(z.target.char_signed);
  RustFrontendOptions bad;
  bad.target_triple = "sparc64-unknown-netbsd";  // not in the target model
  EXPECT_FALSE(X("", bad).ok());
}

TEST(RustLayout, CCharSignednessOption) {
  const char* src = "pub type a = core::ffi::c_char; pub type b = std::os::raw::c_char; pub type c = libc::c_char; "
                    "pub type d = ffi::c_char; pub type e = ffi::c_long; pub type f = mylib::ctypes::c_uint;";
  Contract def = MustX(src);
  EXPECT_TRUE(def.typedefs.at("a").target.is_signed);
  RustFrontendOptions o;
  o.c_char_signed = false;
  o.ctypes_prefix = "mylib::ctypes";
  Contract k = MustX(src, o);
  for (const char* n : {"a", "b", "c", "d"}) {
    EXPECT_EQ(k.typedefs.at(n).target.kind, TypeKind::kInt) << n;
    EXPECT_EQ(k.typedefs.at(n).target.bits, 8u) << n;
    EXPECT_FALSE(k.typedefs.at(n).target.is_signed) << n;
  }
  EXPECT_EQ(k.typedefs.at("e").target.bits, 64u);
  EXPECT_EQ(k.typedefs.at("f").target.bits, 32u);
  EXPECT_EQ(k.typedefs.at("d").target.spelling, "ffi::c_char");
}

TEST(RustLayout, PackedAlignUnionTransparent) {
  Contract c = MustX(R"rs(
#[repr(C, packed)] pub struct p1 { pub a: u8, pub b: u32, pub c: u64 }
#[repr(C, packed(2))] pub struct p2 { pub a: u8, pub b: u32 }
#[repr(C)] #[repr(align(16))] pub struct al { pub a: u8 }
#[repr(C)] pub struct holds_al { pub x: u8, pub y: al }
#[repr(C)] pub union u { pub a: u8, pub b: [u16; 3], pub c: u32 }
#[repr(transparent)] pub struct tr { x: core::marker::PhantomData<u64>, pub v: u16 }
#[repr(C)] pub struct empty {}
)rs");
  EXPECT_EQ(Rec(c, "p1").size_bytes, 13u);
  EXPECT_EQ(Rec(c, "p1").align_bytes, 1u);
  EXPECT_EQ(OffB(Rec(c, "p1"), "c"), 5u);
  EXPECT_TRUE(Rec(c, "p1").packed);
  EXPECT_EQ(Rec(c, "p1").pack_bytes, 0u);
  EXPECT_EQ(Rec(c, "p2").size_bytes, 6u);
  EXPECT_EQ(Rec(c, "p2").pack_bytes, 2u);
  EXPECT_EQ(OffB(Rec(c, "p2"), "b"), 2u);
  EXPECT_EQ(Rec(c, "al").size_bytes, 16u);
  EXPECT_EQ(Rec(c, "al").explicit_align, 16u);
  EXPECT_EQ(Rec(c, "al").repr, "C, align(16)");
  EXPECT_EQ(OffB(Rec(c, "holds_al"), "y"), 16u);
  EXPECT_EQ(Rec(c, "holds_al").size_bytes, 32u);
  EXPECT_EQ(Rec(c, "u").kind, contract::RecordKind::kUnion);
  EXPECT_EQ(Rec(c, "u").size_bytes, 8u);
  EXPECT_EQ(Rec(c, "u").align_bytes, 4u);
  EXPECT_EQ(OffB(Rec(c, "u"), "c"), 0u);
  EXPECT_EQ(Rec(c, "tr").size_bytes, 2u);
  EXPECT_EQ(Rec(c, "tr").align_bytes, 2u);
  EXPECT_TRUE(Fld(Rec(c, "tr"), "x").artificial);
  EXPECT_EQ(Rec(c, "empty").size_bytes, 0u);
  EXPECT_EQ(Rec(c, "empty").align_bytes, 1u);
}

TEST(RustLayout, WrappersPointersAndNiches) {
  Contract c = MustX(R"rs(
use core::ptr::NonNull;
#[repr(C)]
pub struct w {
    pub a: Option<NonNull<u8>>,
    pub b: Option<&'static u32>,
    pub c: Option<unsafe extern "C" fn(x: i32) -> i32>,
    pub d: core::mem::MaybeUninit<u16>,
    pub e: core::mem::ManuallyDrop<[u8; 3]>,
    pub f: core::cell::UnsafeCell<u32>,
    pub g: *const [u8],
    pub h: &'static str,
    pub i: core::sync::atomic::AtomicU64,
    pub j: core::num::NonZeroU32,
    pub k: Option<core::num::NonZeroU32>,
    pub l: (),
    pub m: fn(u8),
    pub n: Opaque<u64>,
}
)rs");
  const Record& r = Rec(c, "w");
  EXPECT_EQ(OffB(r, "b"), 8u);
  EXPECT_EQ(OffB(r, "c"), 16u);
  EXPECT_TRUE(Fld(r, "c").type.nullable);
  EXPECT_EQ(Fld(r, "c").type.inner[0].kind, TypeKind::kFunction);
  EXPECT_EQ(OffB(r, "d"), 24u);
  EXPECT_EQ(OffB(r, "e"), 26u);
  EXPECT_EQ(OffB(r, "f"), 32u);
  EXPECT_EQ(OffB(r, "g"), 40u);
  EXPECT_EQ(Fld(r, "g").size_bits, 128u);  // fat pointer
  EXPECT_EQ(Fld(r, "g").type.kind, TypeKind::kUnknown);
  EXPECT_EQ(OffB(r, "h"), 56u);
  EXPECT_EQ(Fld(r, "h").size_bits, 128u);
  EXPECT_EQ(OffB(r, "i"), 72u);
  EXPECT_EQ(OffB(r, "j"), 80u);
  EXPECT_EQ(OffB(r, "k"), 84u);
  EXPECT_EQ(OffB(r, "l"), 88u);
  EXPECT_EQ(Fld(r, "l").size_bits, 0u);
  EXPECT_EQ(OffB(r, "m"), 88u);
  EXPECT_FALSE(Fld(r, "m").type.nullable);
  EXPECT_EQ(OffB(r, "n"), 96u);
  EXPECT_EQ(r.size_bytes, 104u);
  EXPECT_TRUE(HasNote(c, "w", "field `g`: `*const [u8]` is a fat pointer (16 bytes)")) << AllNotes(c);
  EXPECT_TRUE(HasNote(c, "w", "field `h`: `&'static str` is a fat pointer"));
  EXPECT_TRUE(HasNote(c, "w", "field `n`: `Opaque<u64>` has the layout of its argument"));
}

TEST(RustLayout, UnknownLayoutsAreNotesNotGuesses) {
  Contract c = MustX(R"rs(
#[repr(C)] pub struct a { pub x: u8, pub t: (u8, u32), pub y: u8 }
#[repr(C)] pub struct b { pub x: Missing }
#[repr(C)] pub struct c { pub x: Option<u32> }
pub struct rusty { x: u8 }
pub enum plain { A, B }
#[repr(C)] pub enum data { A(u8), B }
)rs");
  EXPECT_EQ(Rec(c, "a").align_bytes, 0u);
  EXPECT_TRUE(HasNote(c, "a", "tuple `(u8, u32)` has unspecified")) << AllNotes(c);
  EXPECT_TRUE(HasNote(c, "b", "unknown type `Missing`")) << AllNotes(c);
  EXPECT_TRUE(HasNote(c, "c", "Option of a type without a null niche")) << AllNotes(c);
  EXPECT_EQ(c.records.count("rusty"), 0u);
  EXPECT_TRUE(HasNote(c, "rusty", "no #[repr(C)]"));
  EXPECT_EQ(c.enums.count("plain"), 0u);
  EXPECT_TRUE(HasNote(c, "plain", "layout unspecified"));
  EXPECT_TRUE(HasNote(c, "data", "data-carrying variants"));
  Contract e = MustX("#[repr(C)] pub enum u32ok { X = 0xFFFF_FFFF }\n#[repr(C)] pub enum wide { X = -1, Y = 0xFFFF_FFFF }\n");
  EXPECT_EQ(e.enums.at("u32ok").size_bytes, 4u);
  EXPECT_EQ(e.enums.count("wide"), 0u);
  EXPECT_TRUE(HasNote(e, "wide", "beyond 32 bits"));
}

TEST(RustLayout, CyclesAreErrorsNotHangs) {
  // rustc rejects cyclic aliases (E0391) and by-value recursion (E0072): the
  // bindings are malformed, so extraction fails naming file:line.
  RustFrontendOptions o;
  auto alias = ExtractRustFromSource(R"rs(
pub type A = B;
pub type B = C;
pub type C = A;
#[repr(C)] pub struct uses_a { pub x: A }
)rs", "t.rs", o);
  ASSERT_FALSE(alias.ok());
  EXPECT_THAT(std::string(alias.status().message()),
              ::testing::MatchesRegex("t\\.rs:[234]:10: cyclic type alias `[ABC]`.*"));
  auto rec = ExtractRustFromSource(R"rs(
#[repr(C)] pub struct rec { pub next: rec2 }
#[repr(C)] pub struct rec2 { pub back: rec }
)rs", "r.rs", o);
  ASSERT_FALSE(rec.ok());
  EXPECT_THAT(std::string(rec.status().message()), ::testing::HasSubstr("contains itself by value"));
  EXPECT_THAT(std::string(rec.status().message()), ::testing::StartsWith("r.rs:"));
  // A cyclic constant only loses its value (a Note), the rest is modelled.
  Contract c = MustX(R"rs(
pub const K1: u32 = K2 + 1;
pub const K2: u32 = K1;
#[repr(C)] pub struct fine { pub x: u32 }
)rs");
  EXPECT_TRUE(HasNote(c, "K1", "depends on itself")) << AllNotes(c);
  EXPECT_EQ(Rec(c, "fine").size_bytes, 4u);
}

TEST(RustLayout, LongDependencyChainsDoNotRecurseDeeply) {
  // 3000 structs each containing the next by value, declared in reverse
  // dependency order: computed iteratively, no stack overflow, all known.
  std::string src;
  const int n = 3000;
  for (int i = 0; i < n; ++i) {
    src += "#[repr(C)] pub struct s" + std::to_string(i) + " { pub a: u8, pub next: " +
           (i + 1 < n ? "s" + std::to_string(i + 1) : std::string("u64")) + " }\n";
  }
  Contract c = MustX(src);
  EXPECT_EQ(Rec(c, "s0").size_bytes, 8u * (n + 1));
  EXPECT_EQ(Rec(c, "s0").align_bytes, 8u);
}

TEST(RustLayout, GenericInstantiationAndSizeOf) {
  Contract c = MustX(R"rs(
#[repr(C)] pub struct Pair<A, B> { pub a: A, pub b: B }
#[repr(C)] pub struct Arr<T, const N: usize> { pub v: [T; N] }
pub const LEN: usize = core::mem::size_of::<Pair<u8, u32>>() * 2;
#[repr(C)] pub struct user { pub p: Pair<u8, u64>, pub q: Arr<u16, 5>, pub r: [u8; LEN] }
)rs");
  const Record& r = Rec(c, "user");
  EXPECT_EQ(OffB(r, "q"), 16u);
  EXPECT_EQ(OffB(r, "r"), 26u);
  EXPECT_EQ(r.size_bytes, 48u);
  EXPECT_EQ(c.constants.at("LEN").int_value.magnitude, 16u);
  EXPECT_EQ(c.records.count("Pair"), 0u);
  EXPECT_TRUE(HasNote(c, "Pair", "generic struct"));
}

TEST(RustLayout, GenericFanOutIsBounded) {
  // P<P<...<u8>...>> with six uses of T per level would take 6^30 steps
  // without a work bound; it must finish quickly with a note instead.
  std::string ty = "u8";
  for (int i = 0; i < 30; ++i) ty = "P<" + ty + ">";
  std::string src = "#[repr(C)] pub struct P<T> { pub a: T, pub b: T, pub c: T, pub d: T, pub e: T, pub f: T }\n"
                    "#[repr(C)] pub struct big { pub x: " + ty +
                    " }\n#[repr(C)] pub struct small { pub x: P<P<u16>> }\n";
  auto t0 = std::chrono::steady_clock::now();
  Contract c = MustX(src);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 20.0);
  EXPECT_EQ(Rec(c, "big").align_bytes, 0u);
  EXPECT_TRUE(HasNote(c, "big", "budget exhausted")) << AllNotes(c);
  EXPECT_EQ(Rec(c, "small").size_bytes, 72u);
  // Too deep for the evaluator: a note with the reason, not an empty one.
  std::string deep = "u8";
  for (int i = 0; i < 120; ++i) deep = "P<" + deep + ">";
  Contract d = MustX("#[repr(C)] pub struct P<T> { pub a: T }\n#[repr(C)] pub struct big { pub x: " + deep + " }\n");
  EXPECT_TRUE(HasNote(d, "big", "too deep")) << AllNotes(d);
}

TEST(RustLayout, DeeplyNestedModulesStayCheap) {
  std::string src;
  for (int i = 0; i < 200; ++i) src += "pub mod m" + std::to_string(i) + " { ";
  for (int i = 0; i < 2000; ++i) src += "#[repr(C)] pub struct s" + std::to_string(i) + " { pub a: u32 } ";
  for (int i = 0; i < 200; ++i) src += "} ";
  auto ex = ExtractRustSources({{"m.rs", src}}, {});
  ASSERT_TRUE(ex.ok()) << ex.status();
  EXPECT_EQ(ex->contract.records.size(), 2000u);
  EXPECT_EQ(ex->contract.records.at("s7").size_bytes, 4u);
  for (const RustLayoutFact& f : ex->facts) EXPECT_TRUE(f.rust_path.empty());  // too deep to name
}

// --------------------------------------------------------- bindgen styles
constexpr const char* kBindgenHelpers = R"rs(
#[repr(C)]
#[derive(Copy, Clone, Debug, Default, Eq, Hash, Ord, PartialEq, PartialOrd)]
pub struct __BindgenBitfieldUnit<Storage> {
    storage: Storage,
}
impl<Storage> __BindgenBitfieldUnit<Storage>
where
    Storage: AsRef<[u8]> + AsMut<[u8]>,
{
    #[inline]
    pub fn get(&self, bit_offset: usize, bit_width: u8) -> u64 {
        let mut val = 0;
        for i in 0..(bit_width as usize) {
            if self.get_bit(i + bit_offset) {
                let index = if cfg!(target_endian = "big") { bit_width as usize - 1 - i } else { i };
                val |= 1 << index;
            }
        }
        val
    }
}
#[repr(C)]
#[derive(Default)]
pub struct __IncompleteArrayField<T>(::core::marker::PhantomData<T>, [T; 0]);
#[repr(C)]
pub struct __BindgenUnionField<T>(::core::marker::PhantomData<T>);
)rs";

TEST(Bindgen, BitfieldsFromAccessors) {
  std::string src = std::string(kBindgenHelpers) + R"rs(
#[repr(C)]
#[repr(align(8))]
#[derive(Debug, Copy, Clone)]
pub struct bf {
    pub _bitfield_align_1: [u8; 0],
    pub _bitfield_1: __BindgenBitfieldUnit<[u8; 1usize]>,
    pub c: ffi::c_int,
    pub _bitfield_align_2: [u64; 0],
    pub _bitfield_2: __BindgenBitfieldUnit<[u8; 6usize]>,
    pub __bindgen_padding_0: u16,
}
impl bf {
    #[inline]
    pub fn a(&self) -> ffi::c_uint {
        unsafe { ::core::mem::transmute(self._bitfield_1.get(0usize, 3u8) as u32) }
    }
    #[inline]
    pub fn set_a(&mut self, val: ffi::c_uint) {
        unsafe {
            let val: u32 = ::core::mem::transmute(val);
            self._bitfield_1.set(0usize, 3u8, val as u64)
        }
    }
    #[inline]
    pub fn type_(&self) -> ffi::c_uint {
        unsafe { ::core::mem::transmute(self._bitfield_1.get(3usize, 5u8) as u32) }
    }
    #[inline]
    pub unsafe fn type__raw(this: *const Self) -> ffi::c_uint {
        unsafe { ::core::mem::transmute(<__BindgenBitfieldUnit<[u8; 1usize]>>::raw_get(::core::ptr::addr_of!((*this)._bitfield_1), 3usize, 5u8) as u32) }
    }
    #[inline]
    pub fn d(&self) -> ffi::c_ulonglong {
        unsafe { ::core::mem::transmute(self._bitfield_2.get(0usize, 40u8) as u64) }
    }
    #[inline]
    pub fn e(&self) -> ffi::c_char {
        unsafe { ::core::mem::transmute(self._bitfield_2.get(40usize, 2u8) as u8) }
    }
    #[inline]
    pub fn new_bitfield_1(a: ffi::c_uint) -> __BindgenBitfieldUnit<[u8; 1usize]> {
        let mut __bindgen_bitfield_unit: __BindgenBitfieldUnit<[u8; 1usize]> = Default::default();
        __bindgen_bitfield_unit.set(0usize, 3u8, { let a: u32 = unsafe { ::core::mem::transmute(a) }; a as u64 });
        __bindgen_bitfield_unit
    }
}
)rs";
  Contract c = MustX(src);
  const Record& r = Rec(c, "bf");
  EXPECT_EQ(r.size_bytes, 16u);
  EXPECT_EQ(r.align_bytes, 8u);
  std::vector<std::string> names;
  for (const Field& f : r.fields) names.push_back(f.name);
  EXPECT_THAT(names, ElementsAre("_bitfield_align_1", "_bitfield_1", "a", "type", "c", "_bitfield_align_2",
                                 "_bitfield_2", "d", "e", "__bindgen_padding_0"));
  EXPECT_TRUE(Fld(r, "_bitfield_1").artificial);
  EXPECT_EQ(Fld(r, "_bitfield_1").size_bits, 8u);
  EXPECT_TRUE(Fld(r, "_bitfield_align_2").artificial);
  EXPECT_TRUE(Fld(r, "__bindgen_padding_0").artificial);
  const Field& a = Fld(r, "a");
  EXPECT_TRUE(a.is_bitfield);
  EXPECT_FALSE(a.artificial);
  EXPECT_EQ(a.offset_bits, 0u);
  EXPECT_EQ(a.size_bits, 3u);
  EXPECT_EQ(a.type.bits, 32u);
  const Field& t = Fld(r, "type");
  EXPECT_EQ(t.rust_name, "type_");
  EXPECT_EQ(t.offset_bits, 3u);
  EXPECT_EQ(t.size_bits, 5u);
  EXPECT_EQ(Fld(r, "d").offset_bits, 64u);  // unit 2 at byte 8
  EXPECT_EQ(Fld(r, "d").size_bits, 40u);
  EXPECT_EQ(Fld(r, "e").offset_bits, 104u);
  EXPECT_EQ(Fld(r, "e").size_bits, 2u);
  EXPECT_TRUE(HasNote(c, "__BindgenBitfieldUnit", "generic struct"));
}

TEST(Bindgen, AnonymousMembersFollowTheNamingScheme) {
  // As bindgen 0.60.1 emits `struct anon { int x; union { int i; float f; };
  // struct { char p; long q; } named; union { short s; char cc; };
  // struct { union { int deep; }; } ; int y[]; }`.
  std::string src = std::string(kBindgenHelpers) + R"rs(
#[repr(C)]
pub struct anon {
    pub x: ffi::c_int,
    pub __bindgen_anon_1: anon__bindgen_ty_1,
    pub named: anon__bindgen_ty_2,
    pub __bindgen_anon_2: anon__bindgen_ty_3,
    pub __bindgen_anon_3: anon__bindgen_ty_4,
    pub y: __IncompleteArrayField<ffi::c_int>,
}
#[repr(C)]
#[derive(Copy, Clone)]
pub union anon__bindgen_ty_1 {
    pub i: ffi::c_int,
    pub f: f32,
}
#[repr(C)]
pub struct anon__bindgen_ty_2 {
    pub p: ffi::c_char,
    pub q: ffi::c_long,
}
#[repr(C)]
pub union anon__bindgen_ty_3 {
    pub s: ffi::c_short,
    pub cc: ffi::c_char,
}
#[repr(C)]
pub struct anon__bindgen_ty_4 {
    pub __bindgen_anon_1: anon__bindgen_ty_4__bindgen_ty_1,
}
#[repr(C)]
pub union anon__bindgen_ty_4__bindgen_ty_1 {
    pub deep: ffi::c_int,
}
pub const anon_KA: anon__bindgen_ty_5 = 0;
pub type anon__bindgen_ty_5 = ffi::c_uint;
#[repr(C)]
pub struct holder { pub kind: anon__bindgen_ty_5 }
)rs";
  Contract c = MustX(src);
  const Record& r = Rec(c, "anon");
  EXPECT_EQ(r.size_bytes, 32u);
  EXPECT_TRUE(r.has_flexible_array);
  const Field& a1 = Fld(r, "(anon#1)");
  EXPECT_EQ(a1.rust_name, "__bindgen_anon_1");
  EXPECT_EQ(a1.type.kind, TypeKind::kRecord);
  EXPECT_EQ(a1.type.name, "anon::(anon#1)");
  EXPECT_EQ(Fld(r, "named").type.name, "anon::named");
  EXPECT_EQ(Fld(r, "(anon#2)").type.name, "anon::(anon#2)");
  EXPECT_EQ(Fld(r, "(anon#3)").type.name, "anon::(anon#3)");
  EXPECT_EQ(OffB(r, "named"), 8u);
  EXPECT_EQ(OffB(r, "(anon#2)"), 24u);
  EXPECT_EQ(OffB(r, "y"), 32u);
  EXPECT_TRUE(Fld(r, "y").type.flexible);
  EXPECT_TRUE(Rec(c, "anon::(anon#1)").anonymous);
  EXPECT_EQ(Rec(c, "anon::(anon#1)").kind, contract::RecordKind::kUnion);
  EXPECT_TRUE(Rec(c, "anon::named").anonymous);
  EXPECT_EQ(Rec(c, "anon::(anon#2)").size_bytes, 2u);
  EXPECT_EQ(Rec(c, "anon::(anon#3)::(anon#1)").size_bytes, 4u);
  EXPECT_EQ(c.records.count("anon__bindgen_ty_1"), 0u);
  // The enum is not referenced by a field of `anon`: keyed by its name.
  EXPECT_EQ(c.enums.count("anon__bindgen_ty_5"), 1u);
  EXPECT_EQ(c.enums.at("anon__bindgen_ty_5").enumerators[0].name, "KA");
}

TEST(Bindgen, NestedAnonymousEnumKeyedByField) {
  Contract c = MustX(R"rs(
#[repr(C)]
pub struct s { pub kind: s__bindgen_ty_1, pub arr: [s__bindgen_ty_2; 2usize] }
pub const s_KA: s__bindgen_ty_1 = 0;
pub const s_KB: s__bindgen_ty_1 = 1;
pub type s__bindgen_ty_1 = ffi::c_uint;
#[repr(C)] #[derive(Copy, Clone)] pub struct s__bindgen_ty_2 { pub z: u8 }
)rs");
  ASSERT_EQ(c.enums.count("s::kind"), 1u) << AllNotes(c);
  const auto& e = c.enums.at("s::kind");
  EXPECT_TRUE(e.anonymous);
  EXPECT_EQ(e.rust_style, "consts");
  ASSERT_EQ(e.enumerators.size(), 2u);
  EXPECT_EQ(e.enumerators[1].name, "KB");
  EXPECT_EQ(Fld(Rec(c, "s"), "kind").type.kind, TypeKind::kEnum);
  EXPECT_EQ(Fld(Rec(c, "s"), "kind").type.name, "s::kind");
  EXPECT_EQ(Rec(c, "s::arr").size_bytes, 1u);
  EXPECT_EQ(Fld(Rec(c, "s"), "arr").type.inner[0].name, "s::arr");
  EXPECT_EQ(c.constants.count("s_KA"), 1u);
}

TEST(Bindgen, EnumStyles) {
  Contract c = MustX(R"rs(
pub const color_RED: color = 0;
pub const color_GREEN: color = 5;
pub const color_BLUE: color = -1;
pub type color = ffi::c_int;
pub const ANON_A: _bindgen_ty_1 = 1;
pub const ANON_B: _bindgen_ty_1 = 2;
pub type _bindgen_ty_1 = ffi::c_uint;
pub const kw_true_: kw = 1;
pub type kw = ffi::c_uint;
#[repr(u32)]
#[derive(Debug, Copy, Clone, Hash, PartialEq, Eq)]
pub enum rust_e {
    RA = 0,
    RB = 7,
    RC,
}
pub use self::rust_e as rust_e_t;
impl nt_e {
    pub const NA: nt_e = nt_e(1);
}
impl nt_e {
    pub const NB: nt_e = nt_e(2);
}
#[repr(transparent)]
#[derive(Debug, Copy, Clone, Hash, PartialEq, Eq)]
pub struct nt_e(pub ffi::c_uint);
impl bf_e {
    pub const BA: bf_e = bf_e(1);
}
impl ::core::ops::BitOr<bf_e> for bf_e {
    type Output = Self;
    #[inline]
    fn bitor(self, other: Self) -> Self {
        bf_e(self.0 | other.0)
    }
}
#[repr(transparent)]
pub struct bf_e(pub ffi::c_uint);
pub mod mc_e {
    pub type Type = ffi::c_uint;
    pub const MA: Type = 0;
    pub const MB: Type = 1;
}
#[repr(C)]
pub struct user { pub a: color, pub b: rust_e_t, pub c: nt_e, pub d: mc_e::Type, pub e: bf_e }
pub type gfp_t = ffi::c_uint;
pub const GFP_X: u32 = 4;
)rs");
  ASSERT_EQ(c.enums.count("color"), 1u);
  const auto& color = c.enums.at("color");
  EXPECT_EQ(color.rust_style, "consts");
  EXPECT_EQ(color.size_bytes, 4u);
  EXPECT_TRUE(color.underlying.is_signed);
  ASSERT_EQ(color.enumerators.size(), 3u);
  EXPECT_EQ(color.enumerators[0].name, "RED");
  EXPECT_EQ(color.enumerators[2].name, "BLUE");
  EXPECT_TRUE(color.enumerators[2].value.negative);
  EXPECT_EQ(color.enumerators[2].value.magnitude, 1u);
  EXPECT_EQ(c.constants.count("color_RED"), 1u);
  EXPECT_EQ(c.typedefs.count("color"), 0u);
  EXPECT_TRUE(c.enums.at("_bindgen_ty_1").anonymous);
  EXPECT_EQ(c.enums.at("_bindgen_ty_1").enumerators[1].name, "ANON_B");
  EXPECT_EQ(c.enums.at("kw").enumerators[0].name, "true");
  const auto& r = c.enums.at("rust_e");
  EXPECT_EQ(r.rust_style, "rustified");
  EXPECT_EQ(r.enumerators[2].value.magnitude, 8u);
  EXPECT_EQ(c.typedefs.at("rust_e_t").target.kind, TypeKind::kEnum);
  EXPECT_EQ(c.enums.at("nt_e").rust_style, "newtype");
  EXPECT_THAT(c.enums.at("nt_e").enumerators.size(), 2u);
  EXPECT_EQ(c.enums.at("nt_e").enumerators[1].name, "NB");
  EXPECT_EQ(c.enums.at("bf_e").rust_style, "bitfield");
  EXPECT_EQ(c.records.count("nt_e"), 0u);
  EXPECT_EQ(c.enums.at("mc_e").rust_style, "moduleconsts");
  EXPECT_EQ(c.enums.at("mc_e").enumerators[1].name, "MB");
  const Record& u = Rec(c, "user");
  EXPECT_EQ(Fld(u, "a").type.kind, TypeKind::kEnum);
  EXPECT_EQ(Fld(u, "b").type.kind, TypeKind::kTypedef);
  EXPECT_EQ(Fld(u, "c").type.kind, TypeKind::kEnum);
  EXPECT_EQ(Fld(u, "d").type.name, "mc_e");
  EXPECT_EQ(Fld(u, "e").type.name, "bf_e");
  EXPECT_EQ(u.size_bytes, 20u);
  EXPECT_EQ(c.enums.count("gfp_t"), 0u);
  EXPECT_EQ(c.typedefs.count("gfp_t"), 1u);
}

TEST(Bindgen, KeywordEscapedNamesAndTypedefs) {
  Contract c = MustX(R"rs(
pub type __u64 = ffi::c_ulonglong;
pub type u64_ = __u64;
pub type bool_ = bool;
#[repr(C)]
pub struct tstruct {
    pub type_: ffi::c_int,
    pub ref_: u64_,
    pub r#in: bool_,
    pub cb: ::core::option::Option<unsafe extern "C" fn(arg1: ffi::c_int, ...)>,
}
)rs");
  const Record& r = Rec(c, "tstruct");
  EXPECT_EQ(Fld(r, "type").rust_name, "type_");
  EXPECT_EQ(Fld(r, "ref").type.kind, TypeKind::kTypedef);
  EXPECT_EQ(Fld(r, "ref").type.name, "u64");
  EXPECT_EQ(Fld(r, "in").rust_name, "r#in");
  EXPECT_EQ(OffB(r, "ref"), 8u);
  EXPECT_EQ(OffB(r, "cb"), 24u);
  EXPECT_TRUE(Fld(r, "cb").type.nullable);
  EXPECT_TRUE(Fld(r, "cb").type.inner[0].variadic);
  EXPECT_EQ(c.typedefs.count("u64"), 1u);
  EXPECT_EQ(c.typedefs.count("bool"), 1u);
  EXPECT_EQ(c.typedefs.at("u64").target.name, "__u64");
}

TEST(Bindgen, OpaqueForwardAndUnionEmulation) {
  std::string src = std::string(kBindgenHelpers) + R"rs(
#[repr(C)] #[derive(Debug, Copy, Clone)] pub struct opaque { _unused: [u8; 0] }
#[repr(C)] #[repr(align(8))] pub struct blob { pub _bindgen_opaque_blob: [u64; 5usize] }
#[repr(C)] #[repr(align(64))]
pub struct fpregs {
    pub a: __BindgenUnionField<[u8; 12usize]>,
    pub b: __BindgenUnionField<u64>,
    pub bindgen_union_field: [u8; 128usize],
}
#[repr(C)] pub struct cpp_empty { pub _address: u8 }
)rs";
  Contract c = MustX(src);
  EXPECT_FALSE(Rec(c, "opaque").complete);
  EXPECT_TRUE(Rec(c, "opaque").fields.empty());
  EXPECT_TRUE(Rec(c, "blob").opaque);
  EXPECT_EQ(Rec(c, "blob").size_bytes, 40u);
  const Record& f = Rec(c, "fpregs");
  EXPECT_EQ(f.kind, contract::RecordKind::kUnion);
  EXPECT_EQ(f.size_bytes, 128u);
  EXPECT_EQ(f.align_bytes, 64u);
  EXPECT_EQ(Fld(f, "a").size_bits, 96u);
  EXPECT_EQ(Fld(f, "b").offset_bits, 0u);
  EXPECT_EQ(Fld(f, "b").type.bits, 64u);
  EXPECT_TRUE(Fld(f, "bindgen_union_field").artificial);
  EXPECT_TRUE(Fld(Rec(c, "cpp_empty"), "_address").artificial);
}

// The -sys idioms for a C type Rust only points to: `pub enum X {}`, the
// old bindgen tuple `struct X([u8; 0]);`, `{ _private: [u8; 0] }`. Each is
// an incomplete record (C's `struct X;`), and a pointer to it a pointer to a
// record, never to an enum.
TEST(SysIdioms, OpaqueTypesAreIncompleteRecords) {
  Contract c = MustX(R"rs(
pub enum fwd {}
#[repr(C)] pub struct db([u8; 0]);
#[repr(C)] pub struct priv_t { _private: [u8; 0] }
#[repr(u8)] pub enum one { A = 1 }
extern "C" { pub fn use_fwd(p: *mut fwd, q: *const db, r: *mut priv_t) -> i32; }
)rs");
  for (const char* n : {"fwd", "db", "priv_t"}) {
    ASSERT_EQ(c.records.count(n), 1u) << n;
    EXPECT_FALSE(Rec(c, n).complete) << n;
    EXPECT_TRUE(Rec(c, n).fields.empty()) << n;
    EXPECT_FALSE(HasNote(c, n, "layout not computed")) << n;
  }
  EXPECT_EQ(c.enums.count("fwd"), 0u);
  EXPECT_EQ(c.enums.count("one"), 1u);
  const contract::Function& f = c.functions.at("use_fwd");
  ASSERT_EQ(f.params.size(), 3u);
  EXPECT_EQ(f.params[0].type.kind, TypeKind::kPointer);
  EXPECT_EQ(f.params[0].type.inner.at(0).kind, TypeKind::kRecord);
  EXPECT_EQ(f.params[0].type.inner.at(0).name, "fwd");
}

// bindgen's constants of a rustified anonymous enum (linux-raw-sys):
// `pub const X: _bindgen_ty_2 = _bindgen_ty_2::X;` is the variant's value.
TEST(SysIdioms, ConstantsOfARustifiedEnumAreItsDiscriminants) {
  Contract c = MustX(R"rs(
#[repr(u32)]
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub enum _bindgen_ty_2 { IPV4_DEVCONF_FORWARDING = 1, IPV4_DEVCONF_MC_FORWARDING = 2, LATER = 7, NEXT }
pub const IPV4_DEVCONF_FORWARDING: _bindgen_ty_2 = _bindgen_ty_2::IPV4_DEVCONF_FORWARDING;
pub const NEXT: _bindgen_ty_2 = _bindgen_ty_2::NEXT;
)rs");
  ASSERT_EQ(c.constants.count("IPV4_DEVCONF_FORWARDING"), 1u) << AllNotes(c);
  EXPECT_EQ(c.constants.at("IPV4_DEVCONF_FORWARDING").int_value.magnitude, 1u);
  EXPECT_EQ(c.constants.at("NEXT").int_value.magnitude, 8u);
}

// A dependency crate (RustSource::crate_name, as --crate passes libc):
// `libc::size_t`, `libc::timeval` resolve into its source; only what the
// crate under check uses becomes an entry, and none of it is a statistic.
TEST(SysIdioms, DependencyTypesResolveThroughTheirSource) {
  std::vector<RustSource> srcs = {
      {"lib.rs", "#[prelude_import] use std::prelude::rust_2021::*;\nuse libc::{c_int, size_t};\n"
                 "#[repr(C)] pub struct s { pub n: size_t, pub t: libc::timeval, pub o: ::libc::off_t, pub i: c_int }\n"},
      {"libc.rs", "pub type c_int = i32; pub type c_long = i64; pub type size_t = usize; pub type off_t = i64;\n"
                  "pub type suseconds_t = i64;\n"
                  "mod unix { pub type time_t = i64; }\npub use unix::*;\n"
                  "#[repr(C)] pub struct timeval { pub tv_sec: ::time_t, pub tv_usec: suseconds_t }\n"
                  "#[repr(C)] pub struct unused { pub a: c_long }\n"
                  "extern \"C\" { pub fn dep_fn() -> c_int; }\n",
       "libc"},
  };
  auto ex = ExtractRustSources(srcs, {});
  ASSERT_TRUE(ex.ok()) << ex.status();
  const Contract& c = ex->contract;
  const Record& r = Rec(c, "s");
  EXPECT_EQ(r.size_bytes, 40u);
  EXPECT_EQ(Fld(r, "t").offset_bits, 64u);
  EXPECT_EQ(Fld(r, "t").type.kind, TypeKind::kRecord);
  EXPECT_EQ(Fld(r, "o").offset_bits, 192u);
  EXPECT_EQ(Fld(r, "i").type.bits, 32u);
  EXPECT_EQ(c.records.count("timeval"), 1u);
  EXPECT_EQ(Rec(c, "timeval").size_bytes, 16u);
  EXPECT_EQ(c.typedefs.count("size_t"), 1u);
  EXPECT_EQ(c.records.count("unused"), 0u);
  EXPECT_EQ(c.functions.count("dep_fn"), 0u);
  EXPECT_THAT(c.provenance.inputs, ElementsAre("lib.rs"));
  EXPECT_EQ(ex->stats.structs.seen, 1u);
  EXPECT_EQ(ex->stats.structs.modelled, 1u);
}

TEST(Bindgen, OldStyleLayoutTestsAreAsserted) {
  Contract c = MustX(R"rs(
#[repr(C)]
pub struct anon { pub x: ffi::c_int, pub __bindgen_anon_1: anon__bindgen_ty_1, pub type_: u8 }
#[repr(C)] #[derive(Copy, Clone)] pub union anon__bindgen_ty_1 { pub i: u64 }
#[test]
fn bindgen_test_layout_anon() {
    assert_eq!(::core::mem::size_of::<anon>(), 32usize, concat!("Size of: ", stringify!(anon)));
    assert_eq!(::core::mem::align_of::<anon>(), 8usize, concat!("Alignment of ", stringify!(anon)));
    fn test_field_x() {
        assert_eq!(
            unsafe {
                let uninit = ::core::mem::MaybeUninit::<anon>::uninit();
                let ptr = uninit.as_ptr();
                ::core::ptr::addr_of!((*ptr).x) as usize - ptr as usize
            },
            0usize,
            concat!("Offset of field: ", stringify!(anon), "::", stringify!(x))
        );
    }
    test_field_x();
    assert_eq!(
        unsafe { &(*(::core::ptr::null::<anon>())).type_ as *const _ as usize },
        20usize,
        concat!("Offset of field: ", stringify!(anon), "::", stringify!(type_))
    );
}
#[test]
fn bindgen_test_layout_anon__bindgen_ty_1() {
    assert_eq!(::core::mem::size_of::<anon__bindgen_ty_1>(), 8usize, concat!("Size of: ", stringify!(anon__bindgen_ty_1)));
}
)rs");
  const Record& r = Rec(c, "anon");
  EXPECT_EQ(r.asserted.size_bytes, 32u);
  EXPECT_EQ(r.asserted.align_bytes, 8u);
  EXPECT_THAT(r.asserted.field_offset_bytes, ElementsAre(Pair("type", 20u), Pair("x", 0u)));
  EXPECT_EQ(r.size_bytes, 24u);  // what Rust computes: assertions are kept apart
  EXPECT_EQ(Rec(c, "anon::(anon#1)").asserted.size_bytes, 8u);
}

TEST(Bindgen, ConstBlockAssertionsAreAsserted) {
  Contract c = MustX(R"rs(
#[repr(C)]
#[repr(align(4))]
#[derive(Debug, Default, Copy, Clone)]
pub struct A {
    pub x: ::std::os::raw::c_uchar,
    pub __bindgen_anon_1: u16,
    pub y: ::std::os::raw::c_uchar,
}
#[allow(clippy::unnecessary_operation, clippy::identity_op)]
const _: () = {
    ["Size of A"][::std::mem::size_of::<A>() - 4usize];
    ["Alignment of A"][::std::mem::align_of::<A>() - 4usize];
    ["Offset of field: A::x"][::std::mem::offset_of!(A, x) - 0usize];
    ["Offset of field: A::__bindgen_anon_1"][::std::mem::offset_of!(A, __bindgen_anon_1) - 2usize];
    ["Offset of field: A::y"][::std::mem::offset_of!(A, y) - 3usize];
};
)rs");
  const Record& r = Rec(c, "A");
  EXPECT_EQ(r.asserted.size_bytes, 4u);
  EXPECT_EQ(r.asserted.align_bytes, 4u);
  EXPECT_THAT(r.asserted.field_offset_bytes, ElementsAre(Pair("(anon#1)", 2u), Pair("x", 0u), Pair("y", 3u)));
  EXPECT_EQ(r.size_bytes, 8u);
  EXPECT_EQ(OffB(r, "y"), 4u);
}

TEST(Bindgen, FunctionsAndStatics) {
  Contract c = MustX(R"rs(
extern "C" {
    pub fn foo(fmt: *const ffi::c_char, ...) -> ffi::c_int;
}
extern "C" {
    #[link_name = "\u{1}yield"]
    pub fn yield_();
}
extern "C" {
    pub fn die(arg1: ffi::c_int) -> !;
    pub fn takes_cb(cb: ::core::option::Option<unsafe extern "C" fn(arg1: *mut ffi::c_void) -> ffi::c_int>, type_: u8);
}
unsafe extern "C" {
    pub safe fn safe_one() -> u32;
}
extern "stdcall" { pub fn win(x: i32); }
extern "C" {
    pub static mut gvar: ffi::c_int;
    pub static ro: [ffi::c_ulong; 4usize];
    #[link_name = "\u{1}rsp"]
    pub static mut current_stack_pointer: ffi::c_ulong;
}
)rs");
  const auto& foo = c.functions.at("foo");
  EXPECT_TRUE(foo.variadic);
  ASSERT_EQ(foo.params.size(), 1u);
  EXPECT_EQ(foo.params[0].name, "fmt");
  EXPECT_TRUE(foo.params[0].type.inner[0].is_const);
  EXPECT_TRUE(foo.return_type.is_signed);
  EXPECT_EQ(foo.loc.ToString(), "t.rs:3:12");
  EXPECT_EQ(c.functions.count("yield"), 1u);
  EXPECT_EQ(c.functions.count("yield_"), 0u);
  EXPECT_TRUE(c.functions.at("die").no_return);
  EXPECT_EQ(c.functions.at("die").return_type.kind, TypeKind::kVoid);
  const auto& cb = c.functions.at("takes_cb");
  EXPECT_TRUE(cb.params[0].type.nullable);
  EXPECT_EQ(cb.params[1].name, "type");
  EXPECT_EQ(c.functions.count("safe_one"), 1u);
  EXPECT_EQ(c.functions.at("win").calling_conv, "stdcall");
  EXPECT_EQ(c.functions.at("foo").calling_conv, "");
  EXPECT_FALSE(c.variables.at("gvar").is_const);
  EXPECT_TRUE(c.variables.at("ro").is_const);
  EXPECT_EQ(c.variables.at("ro").type.count, 4u);
  EXPECT_EQ(c.variables.count("rsp"), 1u);
}

TEST(Bindgen, Constants) {
  Contract c = MustX(R"rs(
pub const FOO: u32 = 16;
pub const NEG: i32 = -5;
pub const HEX: u64 = 0xFFFF_FFFF_FFFF_FFFFu64;
pub const MIN64: i64 = -9223372036854775808;
pub const UINT_FAST16_MAX: i32 = -1;
pub const STR: &[u8; 4usize] = b"abc\0";
pub const EMPTY: &[u8; 1usize] = b"\0";
pub const SHIFT: u32 = 1 << 31;
pub const MASK: u8 = !0x0F;
pub const ARITH: i64 = (FOO as i64 - 20) * 3 / 2 % 5;
pub const CASTW: u8 = -1i32 as u8;
pub const CASTS: i8 = 200u8 as i8;
pub const BITS: u32 = u16::MAX as u32 + i8::MIN as u8 as u32;
pub const WRAP: u32 = u16::MAX as u32 + i8::MIN as u32;
pub const F: f32 = 1.5;
pub const B: bool = FOO > 3 && true;
pub const C: u32 = 'A' as u32;
pub const BLOCK: usize = { 4usize * 2 };
pub const OVER: u8 = 255 + 1;
pub const CALL: u32 = foo();
pub const UNIT: () = ();
)rs");
  EXPECT_EQ(c.constants.at("FOO").int_value.magnitude, 16u);
  EXPECT_TRUE(c.constants.at("NEG").int_value.negative);
  EXPECT_EQ(c.constants.at("NEG").int_value.magnitude, 5u);
  EXPECT_EQ(c.constants.at("HEX").int_value.magnitude, ~uint64_t{0});
  EXPECT_EQ(c.constants.at("MIN64").int_value.magnitude, uint64_t{1} << 63);
  EXPECT_TRUE(c.constants.at("MIN64").int_value.negative);
  EXPECT_TRUE(c.constants.at("UINT_FAST16_MAX").int_value.negative);
  EXPECT_EQ(c.constants.at("STR").kind, contract::ConstantKind::kString);
  EXPECT_EQ(c.constants.at("STR").string_value, "abc");
  EXPECT_EQ(c.constants.at("EMPTY").string_value, "");
  EXPECT_EQ(c.constants.at("SHIFT").int_value.magnitude, 1u << 31);
  EXPECT_EQ(c.constants.at("MASK").int_value.magnitude, 0xF0u);
  EXPECT_EQ(c.constants.at("ARITH").int_value.magnitude, 1u);
  EXPECT_TRUE(c.constants.at("ARITH").int_value.negative);  // (16-20)*3/2%5 = -6%5 = -1
  EXPECT_EQ(c.constants.at("CASTW").int_value.magnitude, 255u);
  EXPECT_TRUE(c.constants.at("CASTS").int_value.negative);
  EXPECT_EQ(c.constants.at("CASTS").int_value.magnitude, 56u);
  EXPECT_EQ(c.constants.at("BITS").int_value.magnitude, 65535u + 128u);
  EXPECT_TRUE(HasNote(c, "WRAP", "overflow"));  // rustc rejects it too
  EXPECT_EQ(c.constants.at("F").kind, contract::ConstantKind::kFloat);
  EXPECT_DOUBLE_EQ(c.constants.at("F").float_value, 1.5);
  EXPECT_EQ(c.constants.at("B").int_value.magnitude, 1u);
  EXPECT_EQ(c.constants.at("C").int_value.magnitude, 65u);
  EXPECT_EQ(c.constants.at("BLOCK").int_value.magnitude, 8u);
  EXPECT_EQ(c.constants.count("OVER"), 0u);
  EXPECT_TRUE(HasNote(c, "OVER", "overflow")) << AllNotes(c);
  EXPECT_EQ(c.constants.count("CALL"), 0u);
  EXPECT_TRUE(HasNote(c, "CALL", "not evaluated"));
  EXPECT_EQ(c.constants.count("UNIT"), 0u);
  bool line = false;
  for (const Note& n : c.notes)
    if (n.item == "CALL" && n.loc.line == 21) line = true;
  EXPECT_TRUE(line) << AllNotes(c);
}

// ------------------------------------------------------- hand-written Rust
TEST(HandWritten, MixedFile) {
  auto text = ReadFile("harness/testdata/rust_frontend/handwritten.rs");
  ASSERT_TRUE(text.ok()) << text.status();
  auto ex = ExtractRustSources({{"handwritten.rs", *text}}, {});
  ASSERT_TRUE(ex.ok()) << ex.status();
  const Contract& c = ex->contract;
  EXPECT_THAT(AllNotes(c), HasSubstr("dev_const!"));
  const Record& h = Rec(c, "dev_header");
  EXPECT_EQ(h.size_bytes, 32u);
  EXPECT_EQ(Fld(h, "type").rust_name, "r#type");
  EXPECT_EQ(OffB(h, "name"), 16u);
  EXPECT_EQ(Rec(c, "dev").size_bytes, 96u);
  EXPECT_EQ(Rec(c, "dev").align_bytes, 16u);
  EXPECT_EQ(Rec(c, "dev_packed").size_bytes, 13u);
  EXPECT_EQ(Rec(c, "dev_cacheline").size_bytes, 64u);
  EXPECT_EQ(Rec(c, "uses_generic").size_bytes, 64u);
  EXPECT_EQ(Rec(c, "deep").size_bytes, 24u);
  EXPECT_EQ(Fld(Rec(c, "iovec"), "len").type.name, "size_t");
  EXPECT_EQ(c.records.count("DevHandle"), 0u);
  EXPECT_EQ(c.records.count("only_in_tests"), 0u);
  EXPECT_TRUE(HasNote(c, "tests", "excluded by #[cfg"));
  EXPECT_EQ(c.enums.at("dev_kind").enumerators[2].value.magnitude, 16u);
  EXPECT_EQ(c.enums.at("dev_state").size_bytes, 4u);
  EXPECT_EQ(c.functions.count("dev_close_v2"), 1u);
  EXPECT_TRUE(c.functions.at("dev_panic").no_return);
  EXPECT_EQ(c.functions.at("dev_system_call").calling_conv, "system");
  EXPECT_EQ(c.functions.count("dev_rust_callback"), 1u);
  EXPECT_EQ(c.functions.count("generic_fn"), 0u);
  EXPECT_EQ(c.constants.at("DEV_FLAG_ALL").int_value.magnitude, 3u);
  EXPECT_EQ(c.constants.at("DEV_MASK").int_value.magnitude, 0xFFFFu);
  EXPECT_EQ(c.constants.at("DEV_CAST").int_value.magnitude, 0xFFu);
  EXPECT_EQ(c.constants.at("DEV_NEG").int_value.magnitude, 30u);
  EXPECT_EQ(c.constants.at("DEV_NAME").string_value, "dev");
  EXPECT_EQ(c.constants.at("DEV_GREETING").string_value, "hello \"world\"");
  EXPECT_EQ(c.constants.at("DEV_TABLE_LEN").int_value.magnitude, 64u);
  EXPECT_EQ(c.variables.count("dev_default_ops"), 1u);
  EXPECT_EQ(c.variables.count("DEV_COUNTER"), 0u);
  // Every struct/union/enum/alias/const/fn is modelled or has a note.
  const ExtractionStats& s = ex->stats;
  for (const ItemCount* k : {&s.structs, &s.unions, &s.enums, &s.type_aliases, &s.consts, &s.statics, &s.functions}) {
    EXPECT_EQ(k->seen, k->modelled + k->noted);
  }
  EXPECT_EQ(s.structs.seen, 12u);
  EXPECT_EQ(s.functions.seen, 6u);
  // Every item carries its location.
  for (const auto& [n, r] : c.records) {
    EXPECT_EQ(r.loc.file, "handwritten.rs") << n;
    EXPECT_GT(r.loc.line, 0u) << n;
    for (const Field& f : r.fields) EXPECT_GT(f.loc.line, 0u) << n << "." << f.name;
  }
  for (const auto& [n, f] : c.functions) EXPECT_GT(f.loc.line, 0u) << n;
  for (const auto& [n, k] : c.constants) EXPECT_GT(k.loc.line, 0u) << n;
}

TEST(HandWritten, MultipleFilesFormOneContract) {
  // The kernel's rust/bindings/lib.rs: an `include!` of another input (by
  // its file name) places that input inside the including module, as rustc
  // does; top input files see each other's items.
  std::vector<RustSource> srcs = {
      {"lib.rs", "mod bindings_raw {\n    type __kernel_size_t = usize;\n"
                 "    include!(concat!(env!(\"OBJTREE\"), \"/rust/bindings/bindings_generated.rs\"));\n}\n"
                 "include!(\"missing.rs\");\n"},
      {"bindings_generated.rs",
       "pub type size_t = __kernel_size_t;\n#[repr(C)] pub struct iov { pub p: *mut u8, pub n: size_t }\n"},
      {"other.rs", "#[repr(C)] pub struct uses_iov { pub v: *mut u8 }\n"},
  };
  auto ex = ExtractRustSources(srcs, {});
  ASSERT_TRUE(ex.ok()) << ex.status();
  EXPECT_EQ(Rec(ex->contract, "iov").size_bytes, 16u);
  EXPECT_EQ(Rec(ex->contract, "uses_iov").size_bytes, 8u);
  EXPECT_EQ(ex->contract.typedefs.at("__kernel_size_t").loc.ToString(), "lib.rs:2:10");
  EXPECT_TRUE(HasNote(ex->contract, "include", "not an input: not read"));
  EXPECT_THAT(ex->contract.provenance.inputs, ElementsAre("lib.rs", "bindings_generated.rs", "other.rs"));
  EXPECT_EQ(ex->contract.side, contract::Side::kRust);
}

// `mod x;` read from disk as rustc reads it: a crate root's modules next to
// it, a non-root file's in `<stem>/`, `#[path]` relative to the declaring
// file, mod.rs; `pub use` globs make the items visible at the root.
TEST(HandWritten, ModFileTreeIsFollowed) {
  char tmpl[] = "/tmp/bf_modtree_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string d = tmpl;
  auto put = [&](const std::string& rel, const std::string& text) {
    std::string p = d + "/" + rel;
    std::string dir = p.substr(0, p.rfind('/'));
    ASSERT_EQ(system(("mkdir -p '" + dir + "'").c_str()), 0);
    FILE* f = fopen(p.c_str(), "w");
    ASSERT_NE(f, nullptr);
    fputs(text.c_str(), f);
    fclose(f);
  };
  put("lib.rs", "mod ffi;\npub use ffi::*;\n#[path = \"platform/linux.rs\"] mod sys;\n");
  put("ffi.rs", "mod inner;\npub use self::inner::s;\n");
  put("ffi/inner.rs", "#[repr(C)] pub struct s { pub a: i64, pub b: super::super::sys::word }\n");
  put("platform/linux.rs", "pub type word = u16;\n");
  RustFrontendOptions o;
  auto c = ExtractRust({d + "/lib.rs"}, o);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(Rec(*c, "s").size_bytes, 16u);
  EXPECT_EQ(Fld(Rec(*c, "s"), "b").offset_bits, 64u);
  EXPECT_EQ(Rec(*c, "s").loc.file, d + "/ffi/inner.rs");
  put("bad.rs", "mod nothere;\n");
  auto bad = ExtractRust({d + "/bad.rs"}, o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message()).find("nothere.rs nor"), std::string::npos) << bad.status();
  ASSERT_EQ(system(("rm -rf '" + d + "'").c_str()), 0);
}

TEST(HandWritten, CfgEvaluation) {
  const std::string src = R"rs(
#[cfg(target_arch = "x86_64")] #[repr(C)] pub struct on_x86 { pub a: u8 }
#[cfg(target_arch = "aarch64")] #[repr(C)] pub struct on_arm { pub a: u8 }
#[cfg(not(any(windows, target_pointer_width = "32")))] pub const K: u8 = 1;
#[cfg(all(unix, feature = "x"))] pub const MAYBE: u8 = 2;
#[cfg(test)] pub const T: u8 = 3;
#[cfg(not(newlib))] pub const FLAG: u32 = 1;
#[cfg(newlib)] pub const FLAG: u32 = 0;
#[cfg_attr(newlib, repr(C, packed))] #[cfg_attr(not(newlib), repr(C))] pub struct p { pub a: u8, pub b: u32 }
)rs";
  Contract c = MustX(src);
  EXPECT_EQ(c.records.count("on_x86"), 1u);
  EXPECT_EQ(c.records.count("on_arm"), 0u);
  EXPECT_EQ(c.constants.count("K"), 1u);
  EXPECT_EQ(c.constants.count("MAYBE"), 0u);  // feature x not enabled: false, as in rustc
  EXPECT_EQ(c.constants.count("T"), 0u);
  EXPECT_EQ(c.constants.at("FLAG").int_value.magnitude, 1u);
  EXPECT_EQ(Rec(c, "p").size_bytes, 8u);
  // The cfg names rustc would not know of are listed (false unless given).
  bool listed = false;
  for (const Note& n : c.notes) listed |= n.message.find("not set, false as in rustc: newlib") != std::string::npos;
  EXPECT_TRUE(listed);
  RustFrontendOptions o;
  o.cfgs = {"newlib"};
  o.features = {"x,y"};
  Contract d = MustX(src, o);
  EXPECT_EQ(d.constants.count("MAYBE"), 1u);
  EXPECT_EQ(d.constants.at("FLAG").int_value.magnitude, 0u);
  EXPECT_EQ(Rec(d, "p").size_bytes, 5u);
  RustFrontendOptions bad;
  bad.cfgs = {"not a cfg"};
  EXPECT_FALSE(X(src, bad).ok());
}

TEST(Robustness, HostileInputsReturn) {
  // None of these may crash or hang; each returns a status.
  std::vector<std::string> inputs = {
      "", "\xEF\xBB\xBF", "#!/usr/bin/env rustc\nfn main() {}", "'", "b'", "r#", "r##\"", "0x", "1e", "/*", "///",
      "struct", "struct A<", "struct A<T", "impl<", "type A = [u8;];", "const A: [u8; 1 +] = 1;",
      "enum E { A = , }", "extern {", "fn f(...);", "fn f(a: u8, ...) -> ! {}", "union U;", "use ::{};",
      "#[repr(C)] pub struct s { pub a: [u8; 18446744073709551615], pub b: [u64; 18446744073709551615] }",
      "pub const A: u128 = 340282366920938463463374607431768211455;",
      "pub const A: i8 = -128; pub const B: i8 = -A;",
      "pub const S: u32 = 1 << 40;", "pub const D: u32 = 1 / 0;",
      "pub const M: i128 = -170141183460469231731687303715884105727 - 1; pub const N: i128 = -M;",
      "pub const M: i128 = -170141183460469231731687303715884105727 - 1; pub const N: i128 = M / -1;",
      "pub const M: i128 = -170141183460469231731687303715884105727 - 1;\n#[repr(i128)] pub enum E { A = M }",
      "#[repr(C)] pub struct z<const N: usize> { a: [u8; N] } #[repr(C)] pub struct y { b: z<{ 3 + 4 }> }",
      "macro_rules! m { ($($t:tt)*) => {} } m!{ { ( [ ] ) } }",
  };
  for (const std::string& in : inputs) {
    auto c = X(in);
    (void)c;
  }
  auto ok = X("#[repr(C)] pub struct s { pub a: [u8; 18446744073709551615], pub b: [u64; 18446744073709551615] }");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(Rec(*ok, "s").align_bytes, 0u);
  EXPECT_TRUE(HasNote(*ok, "s", "too large"));
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
