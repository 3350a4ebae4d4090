// The Rust layout engine: repr(C) offsets, targets, packed/align, wrappers, bounds.
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

}  // namespace
}  // namespace bindfuzz::rust_frontend
