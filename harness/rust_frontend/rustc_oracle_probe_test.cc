// rustc oracle on small inputs (needs rustc on PATH; skipped otherwise) and
// probe generation (no rustc needed).
#include "harness/rust_frontend/rustc_oracle.h"

#include <functional>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"

namespace bindfuzz::rust_frontend {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kBindgenLike = R"rs(
#[repr(C)]
pub struct __BindgenBitfieldUnit<Storage> {
    storage: Storage,
}
#[repr(C)]
#[derive(Default)]
pub struct __IncompleteArrayField<T>(::core::marker::PhantomData<T>, [T; 0]);
#[repr(C)]
#[repr(align(8))]
pub struct bf {
    pub _bitfield_align_1: [u8; 0],
    pub _bitfield_1: __BindgenBitfieldUnit<[u8; 1usize]>,
    pub c: ffi::c_int,
    pub _bitfield_align_2: [u64; 0],
    pub _bitfield_2: __BindgenBitfieldUnit<[u8; 6usize]>,
    pub tail: __IncompleteArrayField<u64>,
}
#[repr(C, packed(2))]
pub struct pk { pub a: ffi::c_char, pub b: ffi::c_long, pub r#type: u8 }
#[repr(C)]
pub struct anon { pub x: ffi::c_int, pub __bindgen_anon_1: anon__bindgen_ty_1, pub cb: ::core::option::Option<unsafe extern "C" fn(arg1: ffi::c_int, ...)> }
#[repr(C)]
#[derive(Copy, Clone)]
pub union anon__bindgen_ty_1 { pub i: ffi::c_int, pub d: f64, pub raw: [u8; 13usize] }
pub type alias_t = anon;
pub type fnptr_t = ::core::option::Option<unsafe extern "C" fn() -> ffi::c_int>;
pub const color_RED: color = 0;
pub type color = ffi::c_uint;
)rs";

bool HaveRustc() { return FindRustc().ok(); }

TEST(RustcOracle, HandWrittenFileAgrees) {
  if (!HaveRustc()) GTEST_SKIP() << "rustc not on PATH";
  auto text = ReadFile("harness/testdata/rust_frontend/handwritten.rs");
  ASSERT_TRUE(text.ok()) << text.status();
  std::vector<RustSource> srcs = {{"handwritten.rs", *text}};
  RustFrontendOptions opts;
  auto parsed = ExtractRustSources(srcs, opts);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  auto rep = RunRustcOracle(srcs, *parsed, opts, {});
  ASSERT_TRUE(rep.ok()) << rep.status();
  std::string dis;
  for (const Disagreement& d : rep->disagreements) dis += d.ToString() + "\n";
  EXPECT_TRUE(rep->disagreements.empty()) << dis;
  EXPECT_GE(rep->types_checked, 15u);
  EXPECT_GE(rep->fields_checked, 35u);
  EXPECT_THAT(rep->rustc_version, HasSubstr("rustc "));
}

TEST(RustcOracle, BindgenStyleAgreesAndWrongFactsAreCaught) {
  if (!HaveRustc()) GTEST_SKIP() << "rustc not on PATH";
  std::vector<RustSource> srcs = {{"b.rs", kBindgenLike}};
  RustFrontendOptions opts;
  opts.c_char_signed = false;
  auto parsed = ExtractRustSources(srcs, opts);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  auto rep = RunRustcOracle(srcs, *parsed, opts, {});
  ASSERT_TRUE(rep.ok()) << rep.status();
  std::string dis;
  for (const Disagreement& d : rep->disagreements) dis += d.ToString() + "\n";
  EXPECT_TRUE(rep->disagreements.empty()) << dis;
  EXPECT_EQ(rep->skipped, 0u);

  // Corrupt two facts: the oracle must report exactly those.
  RustExtraction bad = *parsed;
  int changed = 0;
  for (RustLayoutFact& f : bad.facts) {
    if (f.item == "pk" && f.field.empty()) {
      f.size = *f.size + 1;
      ++changed;
    }
    if (f.item == "anon" && f.field == "(anon#1)") {
      f.offset = 0;
      ++changed;
    }
  }
  ASSERT_EQ(changed, 2);
  auto rep2 = RunRustcOracle(srcs, bad, opts, {});
  ASSERT_TRUE(rep2.ok()) << rep2.status();
  ASSERT_EQ(rep2->disagreements.size(), 2u);
  EXPECT_EQ(rep2->disagreements[0].ToString() + "|" + rep2->disagreements[1].ToString(),
            "pk size: parser=13 rustc=12|anon.(anon#1) offset: parser=0 rustc=8");
}

// Random repr(C) structs/unions/aliases over primitives, pointers (thin and
// fat), niches, wrappers, arrays, generics, packed/align: the parser's
// layouts must match rustc's exactly.
std::string RandomTypes(uint32_t seed, int n) {
  std::mt19937 rng(seed);
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<uint32_t>(k)); };
  const std::vector<std::string> prims = {
      "u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "u128", "i128", "usize", "isize", "f32", "f64", "bool",
      "char", "core::ffi::c_char", "core::ffi::c_long", "core::ffi::c_int", "core::ffi::c_ulonglong", "*const u8",
      "*mut S0", "&'static u32", "Option<unsafe extern \"C\" fn(i32) -> i32>", "Option<core::ptr::NonNull<u8>>", "()",
      "core::marker::PhantomData<u64>", "core::mem::MaybeUninit<u16>", "core::mem::ManuallyDrop<u64>",
      "core::sync::atomic::AtomicU32", "core::num::NonZeroU16", "Option<core::num::NonZeroU64>", "*const [u8]",
      "&'static str", "fn()"};
  std::vector<std::string> names = {"S0"}, aliases;
  std::string out =
      "#[repr(C)] pub struct Pair<A, B> { pub a: A, pub b: B }\n"
      "#[repr(C)] pub struct Arr<T, const N: usize> { pub v: [T; N] }\n"
      "#[repr(C)] pub struct S0 { pub x: u8 }\n";
  std::function<std::string(int)> ty = [&](int d) -> std::string {
    int r = pick(100);
    auto recent = [&](const std::vector<std::string>& v) { return v[v.size() - 1 - static_cast<size_t>(pick(std::min<int>(20, v.size())))]; };
    if (r < 50 || d > 2) {
      int k = pick(static_cast<int>(prims.size()) + 6);
      if (k < static_cast<int>(prims.size())) return prims[static_cast<size_t>(k)];
      if (!aliases.empty() && k % 2) return recent(aliases);
      return recent(names);
    }
    if (r < 70) return "[" + ty(d + 1) + "; " + std::to_string(pick(6)) + "]";
    if (r < 80) return "Pair<" + ty(d + 1) + ", " + ty(d + 1) + ">";
    if (r < 85) return "Arr<" + ty(d + 1) + ", " + std::to_string(pick(5)) + ">";
    return recent(names);
  };
  for (int i = 1; i < n; ++i) {
    int kind = pick(9);  // 0..5 struct, 6..7 union, 8 alias
    std::string name = (kind == 8 ? "A" : "S") + std::to_string(i);
    if (kind == 8) {
      out += "pub type " + name + " = " + ty(0) + ";\n";
      aliases.push_back(name);
      continue;
    }
    std::string repr = "C";
    bool packed = false;
    if (kind < 6) {
      int r = pick(100);
      if (r < 15) {
        repr += ", packed";
        packed = true;
      } else if (r < 25) {
        repr += ", packed(" + std::to_string(1 << pick(4)) + ")";
        packed = true;
      } else if (r < 40) {
        repr += ", align(" + std::to_string(1 << pick(7)) + ")";
      }
    } else if (pick(10) < 3) {
      repr += ", align(" + std::to_string(2 << pick(5)) + ")";
    }
    int nf = kind < 6 ? pick(9) : 1 + pick(8);
    std::string fields;
    for (int j = 0; j < nf; ++j) {
      // packed types may not contain over-aligned types; unions need Copy.
      std::string t = (packed || kind >= 6) ? prims[static_cast<size_t>(pick(16))] : ty(0);
      fields += (j ? ", " : "") + std::string("pub f") + std::to_string(j) + ": " + t;
    }
    out += "#[repr(" + repr + ")] pub " + (kind < 6 ? "struct " : "union ") + name + " { " + fields + " }\n";
    names.push_back(name);
  }
  return out;
}

TEST(RustcOracle, RandomTypesAgree) {
  if (!HaveRustc()) GTEST_SKIP() << "rustc not on PATH";
  for (uint32_t seed : {1u, 2u}) {
    std::vector<RustSource> srcs = {{"random.rs", RandomTypes(seed, 300)}};
    RustFrontendOptions opts;
    auto parsed = ExtractRustSources(srcs, opts);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    auto rep = RunRustcOracle(srcs, *parsed, opts, {});
    ASSERT_TRUE(rep.ok()) << rep.status() << "\n" << srcs[0].text;
    std::string dis;
    for (size_t i = 0; i < rep->disagreements.size() && i < 20; ++i) dis += rep->disagreements[i].ToString() + "\n";
    EXPECT_TRUE(rep->disagreements.empty()) << "seed " << seed << "\n" << dis;
    EXPECT_EQ(rep->types_checked, 300u);
    EXPECT_GT(rep->fields_checked, 800u);
  }
}

TEST(RustcOracle, ReportsCompileFailures) {
  if (!HaveRustc()) GTEST_SKIP() << "rustc not on PATH";
  std::vector<RustSource> srcs = {{"bad.rs", "#[repr(C)] pub struct s { pub a: NotAType }\n"}};
  auto parsed = ExtractRustSources(srcs, {});
  ASSERT_TRUE(parsed.ok());
  auto rep = RunRustcOracle(srcs, *parsed, {}, {});
  ASSERT_FALSE(rep.ok());
  EXPECT_THAT(rep.status().message(), HasSubstr("could not compile"));
}

TEST(RustcOracle, OnlyTheHostTargetIsChecked) {
  if (!HaveRustc()) GTEST_SKIP() << "rustc not on PATH";
  RustFrontendOptions opts;
  opts.target_triple = "i686-linux-gnu";
  std::vector<RustSource> srcs = {{"s.rs", "#[repr(C)] pub struct s { pub a: u64 }\n"}};
  auto parsed = ExtractRustSources(srcs, opts);
  ASSERT_TRUE(parsed.ok());
  auto rep = RunRustcOracle(srcs, *parsed, opts, {});
  ASSERT_FALSE(rep.ok());
  EXPECT_EQ(rep.status().code(), absl::StatusCode::kUnimplemented);
}

TEST(RustcOracle, ProbeNamesAreValidated) {
  std::vector<RustSource> srcs = {{"n.rs", "#[repr(C)] pub struct ok { pub r#type: u8 }\n"}};
  auto parsed = ExtractRustSources(srcs, {});
  ASSERT_TRUE(parsed.ok());
  RustExtraction ex = *parsed;
  RustLayoutFact evil;
  evil.item = "evil";
  evil.rust_path = {"x\"); std::process::exit(1); //"};
  evil.size = 1;
  evil.align = 1;
  ex.facts.push_back(evil);
  RustLayoutFact evil_field = evil;
  evil_field.rust_path = {"ok"};
  evil_field.field = "f";
  evil_field.rust_field = "a, b)); fn x() {";
  evil_field.offset = 0;
  ex.facts.push_back(evil_field);
  RustLayoutFact self_path = evil;
  self_path.rust_path = {"self"};
  ex.facts.push_back(self_path);
  std::vector<size_t> probed;
  size_t skipped = 0;
  auto main_rs = GenerateProbe(srcs, ex, false, {}, &probed, &skipped);
  ASSERT_TRUE(main_rs.ok()) << main_rs.status();
  EXPECT_EQ(skipped, 3u);
  EXPECT_EQ(probed.size(), 2u);
  EXPECT_THAT(*main_rs, HasSubstr("offset_of!(super::ok, r#type)"));
  EXPECT_THAT(*main_rs, Not(HasSubstr("process::exit")));
  EXPECT_THAT(*main_rs, Not(HasSubstr("fn x()")));
}

TEST(RustcOracle, BlanksInnerAttributesOnly) {
  auto out = BlankInnerAttributes({"x.rs", "//! doc\n#![allow(x)]\nmod m {\n #![allow(y)]\n}\n#[repr(C)] struct s;\n"});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "       \n            \nmod m {\n #![allow(y)]\n}\n#[repr(C)] struct s;\n");
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
