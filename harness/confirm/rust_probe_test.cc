// Rust probe: names from the inputs, crate layout (include! resolution),
// generator safety, and real rustc runs.
#include "harness/confirm/rust_probe.h"

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::confirm {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using rust_frontend::RustSource;

// Where `needle` first occurs in `text` (after `after`), as the front end records locations.
contract::SourceLoc LocOf(const std::string& file, const std::string& text, const std::string& needle,
                          const std::string& after = "") {
  size_t at = text.find(needle, after.empty() ? 0 : text.find(after));
  uint32_t line = 1, col = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {file, line, col};
}

TEST(RustProbeNames, IdentifiersAreValidated) {
  EXPECT_EQ(SafeRustIdent("file", false), "file");
  EXPECT_EQ(SafeRustIdent("type", false), "r#type");  // keyword: raw identifier
  EXPECT_EQ(SafeRustIdent("r#match", false), "r#match");
  EXPECT_EQ(SafeRustIdent("0", true), "0");
  EXPECT_EQ(SafeRustIdent("0", false), "");
  EXPECT_EQ(SafeRustIdent("01", true), "");
  EXPECT_EQ(SafeRustIdent("a;b", false), "");
  EXPECT_EQ(SafeRustIdent("self", false), "");
  EXPECT_EQ(SafeRustIdent("crate", false), "");
  EXPECT_EQ(SafeRustIdent("_", false), "");
  EXPECT_EQ(SafeRustIdent("bindfuzz_rt", false), "");  // the probe's own names
  EXPECT_EQ(SafeRustIdent("Bindfuzz_In_0", false), "");
  EXPECT_EQ(SafeRustIdent("é", false), "");
}

TEST(RustProbeGenerator, HostileFactsCannotBreakOut) {
  auto crate = RustProbeCrate::Build({{"a.rs", "pub struct s { pub a: u8 }\n"}});
  ASSERT_TRUE(crate.ok()) << crate.status();
  std::vector<RustFact> facts = {
      RustFact::Ints(0, {"::core::mem::size_of::<crate::bindfuzz_in_0::s>()"}),
      RustFact::Ints(0, {"1 }; fn evil() { std::process::exit(3) } static X: u64 = { 0"}),
      RustFact::Ints(0, {"1 // comment"}),
      RustFact::Ints(0, {"\"str\".len()"}),
      RustFact::Ints(0, {"1 #[cfg(x)]"}),
      RustFact::Ints(0, {"x\n"}),
      RustFact::Ints(0, {"crate::bindfuzz_in_0::r#type"}),  // a raw identifier is fine
  };
  std::vector<bool> active(facts.size(), true);
  RustProbeSource src = GenerateRustProbe(*crate, facts, active, "pub type c_int = i32;\n", true);
  EXPECT_EQ(src.refused[0], "");
  for (size_t i = 1; i + 1 < facts.size(); ++i) EXPECT_NE(src.refused[i], "") << i;
  EXPECT_EQ(src.refused[6], "");
  EXPECT_THAT(src.main_rs, Not(HasSubstr("evil")));
  EXPECT_THAT(src.main_rs, Not(HasSubstr("comment")));
  EXPECT_THAT(src.main_rs, Not(HasSubstr("\"str\"")));
  EXPECT_THAT(src.main_rs, Not(HasSubstr("cfg(x)")));
  std::vector<std::string> lines = absl::StrSplit(src.main_rs, '\n');
  ASSERT_GT(src.lines[0], 0u);
  EXPECT_THAT(lines[src.lines[0] - 1], HasSubstr("BINDFUZZ_FACT_0"));
  EXPECT_THAT(lines[src.lines[0] - 1], HasSubstr("size_of::<crate::bindfuzz_in_0::s>()"));
}

TEST(RustProbeCrate, FindsItemsByTheirNameTokenAndResolvesIncludes) {
  std::vector<RustSource> srcs = {
      {"lib.rs",
       "#![no_std]\n//! Bindings.\nmod bindings_raw {\n    type __kernel_size_t = usize;\n"
       "    include!(concat!(\n        env!(\"OBJTREE\"),\n        \"/rust/bindings/gen.rs\"\n    ));\n}\n"
       "include!(\"not_an_input.rs\");\npub use bindings_raw::*;\n"},
      {"/out/gen.rs",
       "#![allow(x)]\n#[repr(C)] pub struct file { pub r#type: u32, pub f_op: *const u8 }\n"
       "pub const HZ: u32 = 100;\n#[repr(u32)] pub enum mode { A = 1 }\n"
       "extern \"C\" { pub fn dev_read(n: u32) -> i32; pub static jiffies: u64; }\n"
       "impl file { pub fn b(&self) -> u32 { 0 } pub const K: file = file { r#type: 0, f_op: 0 as _ }; }\n"
       "pub mod inner { pub struct bindfuzz_evil(u8); pub struct t(pub u8); }\n"},
  };
  auto crate = RustProbeCrate::Build(srcs);
  ASSERT_TRUE(crate.ok()) << crate.status();
  EXPECT_THAT(crate->roots(), ElementsAre(0));
  EXPECT_THAT(crate->text(0), HasSubstr("include!(\"in_1.rs\")"));
  EXPECT_THAT(crate->text(0), Not(HasSubstr("OBJTREE")));
  EXPECT_THAT(crate->text(0), Not(HasSubstr("not_an_input")));
  EXPECT_THAT(crate->text(0), Not(HasSubstr("#![no_std]")));
  EXPECT_THAT(crate->text(1), Not(HasSubstr("#![allow(x)]")));
  // Line structure is kept, so rustc's line numbers stay those of the input.
  EXPECT_EQ(std::count(crate->text(0).begin(), crate->text(0).end(), '\n'),
            std::count(srcs[0].text.begin(), srcs[0].text.end(), '\n'));
  ASSERT_EQ(crate->notes().size(), 1u);

  const std::string& g = srcs[1].text;
  auto at = [&](const std::string& needle, const std::string& after = "") { return LocOf("/out/gen.rs", g, needle, after); };
  auto file = crate->Find(at("file {"));
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(file->Path(), "crate::bindfuzz_in_0::bindings_raw::file");
  EXPECT_EQ(file->root, 0u);
  auto type = crate->Find(at("r#type"));
  ASSERT_TRUE(type.has_value());
  EXPECT_EQ(type->kind, RustItemRef::Kind::kField);
  EXPECT_EQ(type->member, "r#type");
  EXPECT_EQ(crate->Find(at("HZ"))->Path(), "crate::bindfuzz_in_0::bindings_raw::HZ");
  auto variant = crate->Find(at("A = 1"));
  ASSERT_TRUE(variant.has_value());
  EXPECT_EQ(variant->kind, RustItemRef::Kind::kVariant);
  EXPECT_EQ(variant->member, "A");
  EXPECT_EQ(crate->Find(at("dev_read"))->Path(), "crate::bindfuzz_in_0::bindings_raw::dev_read");
  EXPECT_EQ(crate->Find(at("jiffies"))->item_kind, "extern static");
  auto method = crate->Find(at("b(&self)"));
  ASSERT_TRUE(method.has_value());
  EXPECT_EQ(method->kind, RustItemRef::Kind::kMethod);
  EXPECT_EQ(method->member, "b");
  EXPECT_EQ(crate->Find(at("K:"))->Path(), "crate::bindfuzz_in_0::bindings_raw::file::K");
  // A name in the probe's namespace is never handed out.
  EXPECT_FALSE(crate->Find(at("bindfuzz_evil")).has_value());
  EXPECT_EQ(crate->Find(at("t(pub"))->Path(), "crate::bindfuzz_in_0::bindings_raw::inner::t");
  contract::SourceLoc elsewhere = at("file {");
  elsewhere.file = "other.rs";
  EXPECT_FALSE(crate->Find(elsewhere).has_value());
}

class RustProbeRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!target::FindProgram("rustc").ok()) GTEST_SKIP() << "rustc not installed";
  }
};

TEST_F(RustProbeRunTest, RustcAnswersAndIsolatesBadFacts) {
  std::vector<RustSource> srcs = {
      {"a.rs",
       "#[repr(C)] pub struct s { pub a: u8, pub b: u64, pub c: [ffi::c_int; 3] }\n"
       "pub const NAME: &[u8; 4] = b\"abc\\0\";\npub const NEG: i32 = -5;\n"
       "#[repr(u32)] #[derive(Clone, Copy)] pub enum mode { A = 1, B = 2 }\n"
       "extern \"C\" { pub fn f(a: i32, b: *mut s) -> u64; pub fn g(fmt: *const u8, ...) -> i32; }\n"},
  };
  auto crate = RustProbeCrate::Build(srcs);
  ASSERT_TRUE(crate.ok()) << crate.status();
  const std::string S = "crate::bindfuzz_in_0::s";
  RustFact bad_enum = RustFact::Ints(0, {"bindfuzz_valid!(crate::bindfuzz_in_0::mode, u32, (3i128 as u32))"});
  bad_enum.absent_if = {"invalid tag"};
  RustFact name;
  name.kind = RustFact::Kind::kBytes;
  name.parts = {{"crate::bindfuzz_in_0::NAME", 0}};
  RustFact field_ty;
  field_ty.parts = {{"bindfuzz_field_ty!(" + S + ", c)", kShapeLen}};
  RustFact sig;
  sig.parts = {{"crate::bindfuzz_rt::fn_sig_1_v(crate::bindfuzz_in_0::g)", kSigLen}};
  std::vector<RustFact> facts = {
      RustFact::Ints(0, {"::core::mem::size_of::<" + S + ">()", "bindfuzz_offset_of!(" + S + ", b)"}),
      RustFact::Ints(0, {"::core::mem::size_of::<crate::bindfuzz_in_0::nope>()"}),  // does not compile
      name,
      RustFact::Ints(0, {"(crate::bindfuzz_in_0::NEG as i128) as u64", "((crate::bindfuzz_in_0::NEG as i128) < 0) as u64"}),
      bad_enum,
      RustFact::Ints(0, {"bindfuzz_valid!(crate::bindfuzz_in_0::mode, u32, (2i128 as u32))"}),
      field_ty,
      sig,
  };
  auto run = RunRustProbe(*crate, facts, {});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_THAT(run->compiler, HasSubstr("rustc "));
  using S_ = RustFactResult::State;
  const auto& r = run->results;
  ASSERT_EQ(r[0].state, S_::kValue) << r[0].error;
  EXPECT_THAT(r[0].ints, ElementsAre(32, 8));
  EXPECT_EQ(r[1].state, S_::kFailed);
  EXPECT_THAT(r[1].error, HasSubstr("nope"));
  EXPECT_EQ(r[2].bytes, std::string("abc\0", 4));
  EXPECT_THAT(r[3].ints, ElementsAre(static_cast<uint64_t>(-5), 1));
  EXPECT_EQ(r[4].state, S_::kAbsent) << r[4].error;
  EXPECT_EQ(r[5].state, S_::kValue) << r[5].error;
  ASSERT_EQ(r[6].state, S_::kValue) << r[6].error;
  EXPECT_THAT(r[6].ints, ElementsAre(9, 12, 4, 1, 4, 4, 3));  // [i32; 3]
  ASSERT_EQ(r[7].state, S_::kValue) << r[7].error;
  EXPECT_EQ(r[7].ints[3], 1u | (uint64_t{1} << 32));  // one parameter, variadic
  EXPECT_EQ(r[7].ints[0], 1u);                        // returns a signed int
  EXPECT_EQ(r[7].ints[4], 4u);                        // the parameter is a pointer
}

TEST_F(RustProbeRunTest, InputsThatDoNotCompileFailEveryFactWithTheReason) {
  auto crate = RustProbeCrate::Build({{"a.rs", "pub struct s { pub a: Undefined }\n"}});
  ASSERT_TRUE(crate.ok());
  auto run = RunRustProbe(*crate, {RustFact::Ints(0, {"1"})}, {});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->results[0].state, RustFactResult::State::kFailed);
  EXPECT_THAT(run->results[0].error, HasSubstr("cannot compile the Rust inputs"));
  EXPECT_THAT(run->results[0].error, HasSubstr("Undefined"));
}

}  // namespace
}  // namespace bindfuzz::confirm
