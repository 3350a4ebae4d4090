#include "harness/rust_frontend/attributes.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/rust_frontend/test_parse.h"

namespace bindfuzz::rust_frontend {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Target X86_64() {
  Target t;
  t.triple = "x86_64-linux-gnu";
  return t;
}

// The Repr of the first item of `src`.
Repr ReprOf(const std::string& src) {
  ParsedSource p = ParseForTest(src);
  return ComputeRepr(p.item(0).attrs, *p.file, X86_64());
}

TEST(ComputeRepr, CPackedAndAlignAcrossAttributes) {
  Repr r = ReprOf("#[repr(C, packed(2))]\n#[derive(Copy, Clone)]\n#[repr(align(8))]\npub struct S { a: u8 }");
  EXPECT_TRUE(r.any);
  EXPECT_TRUE(r.c);
  EXPECT_TRUE(r.packed);
  EXPECT_EQ(r.pack, 2u);
  EXPECT_EQ(r.align, 8u);
  EXPECT_FALSE(r.transparent);
  EXPECT_EQ(r.text, "C, packed(2), align(8)");
  EXPECT_THAT(r.problems, IsEmpty());
}

TEST(ComputeRepr, RepeatedPackedKeepsTheSmallestAndAlignTheLargest) {
  Repr r = ReprOf("#[repr(packed(4))] #[repr(packed)] #[repr(align(2), align(16))] pub struct S;");
  EXPECT_EQ(r.pack, 1u);
  EXPECT_EQ(r.align, 16u);
}

TEST(ComputeRepr, IntegerTransparentAndRust) {
  EXPECT_EQ(ReprOf("#[repr(u8)] pub enum E { A }").int_type, "u8");
  EXPECT_EQ(ReprOf("#[repr(isize)] pub enum E { A }").int_type, "isize");
  EXPECT_TRUE(ReprOf("#[repr(transparent)] pub struct W(u32);").transparent);
  EXPECT_TRUE(ReprOf("#[repr(Rust)] pub struct S;").rust);
  Repr none = ReprOf("#[derive(Debug)] pub struct S;");
  EXPECT_FALSE(none.any);
  EXPECT_EQ(none.text, "");
}

TEST(ComputeRepr, WhatIsNotUnderstoodIsAProblem) {
  EXPECT_THAT(ReprOf("#[repr(simd)] pub struct S;").problems, ElementsAre("unknown repr `simd`"));
  EXPECT_THAT(ReprOf("#[repr(f32)] pub enum E { A }").problems, ElementsAre("unknown repr `f32`"));
  Repr r = ReprOf("#[repr(C, align(N))] pub struct S;");
  EXPECT_TRUE(r.c);
  EXPECT_EQ(r.align, 0u);
  EXPECT_THAT(r.problems, ElementsAre("repr(align(...)) argument not evaluated"));
  EXPECT_THAT(ReprOf("#[repr(\"C\")] pub struct S;").problems, ElementsAre("unrecognised repr argument"));
  // packed(N) that is not evaluated is still packed(1).
  Repr p = ReprOf("#[repr(C, packed(N))] pub struct S;");
  EXPECT_TRUE(p.packed);
  EXPECT_EQ(p.pack, 1u);
}

TEST(AttrString, ValueOfNameEqualsString) {
  ParsedSource p = ParseForTest(
      "#[export_name = \"my_\\x41\"] #[no_mangle] #[doc = 3] #[cold] pub extern \"C\" fn f() {}");
  const std::vector<Attr>& attrs = p.item(0).attrs;
  EXPECT_EQ(AttrString(attrs, "export_name", *p.file), "my_A");
  EXPECT_EQ(AttrString(attrs, "doc", *p.file), std::nullopt);  // not a string
  EXPECT_EQ(AttrString(attrs, "link_name", *p.file), std::nullopt);
  EXPECT_TRUE(HasAttr(attrs, "no_mangle"));
  EXPECT_TRUE(HasAttr(attrs, "cold"));
  EXPECT_FALSE(HasAttr(attrs, "test"));
}

TEST(LinkName, DropsTheNoManglingMarker) {
  ParsedSource p = ParseForTest(
      "extern \"C\" {\n"
      "  #[link_name = \"\\u{1}__isoc99_scanf\"] pub fn scanf(f: *const u8, ...) -> i32;\n"
      "  #[link_name = \"foo_v2\"] pub fn foo();\n"
      "  pub fn bar();\n"
      "}");
  const std::vector<Item>& fns = p.item(0).items;
  ASSERT_EQ(fns.size(), 3u);
  EXPECT_EQ(LinkName(fns[0].attrs, *p.file), "__isoc99_scanf");
  EXPECT_EQ(AttrString(fns[0].attrs, "link_name", *p.file), "\x01__isoc99_scanf");
  EXPECT_EQ(LinkName(fns[1].attrs, *p.file), "foo_v2");
  EXPECT_EQ(LinkName(fns[2].attrs, *p.file), std::nullopt);
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
