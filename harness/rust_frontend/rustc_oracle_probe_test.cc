// rustc oracle on small inputs (needs rustc on PATH; skipped otherwise) and
// probe generation (no rustc needed).
#include "harness/rust_frontend/rustc_oracle.h"

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
