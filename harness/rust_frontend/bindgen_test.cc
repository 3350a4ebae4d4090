#include "harness/rust_frontend/bindgen.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/rust_frontend/test_parse.h"

namespace bindfuzz::rust_frontend {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(BindgenNames, KeywordEscapesAreUndone) {
  EXPECT_TRUE(IsBindgenEscaped("type"));
  EXPECT_TRUE(IsBindgenEscaped("u64"));
  EXPECT_TRUE(IsBindgenEscaped("Self"));
  EXPECT_FALSE(IsBindgenEscaped("type_"));
  EXPECT_FALSE(IsBindgenEscaped("union"));  // a weak keyword: bindgen leaves it as is
  EXPECT_EQ(CNameOf("type_", false), "type");
  EXPECT_EQ(CNameOf("u64_", false), "u64");
  EXPECT_EQ(CNameOf("count_", false), "count_");  // not an escape: C has the underscore
  EXPECT_EQ(CNameOf("type_", true), "type_");     // r#type_ is spelled as in C
  EXPECT_EQ(CNameOf("_", false), "_");
  EXPECT_EQ(RustSpelling("type", true), "r#type");
  EXPECT_EQ(RustSpelling("type_", false), "type_");
  EXPECT_EQ(CNameOfSpelling("r#type"), "type");
  EXPECT_EQ(CNameOfSpelling("ref_"), "ref");
  EXPECT_EQ(CNameOfSpelling("x"), "x");
}

TEST(BindgenNames, AnonymousMembersAndTypes) {
  EXPECT_EQ(BindgenAnonIndex("__bindgen_anon_1"), 1u);
  EXPECT_EQ(BindgenAnonIndex("__bindgen_anon_123456789"), 123456789u);
  EXPECT_EQ(BindgenAnonIndex("__bindgen_anon_1234567890"), 0u);  // too long to be bindgen's
  EXPECT_EQ(BindgenAnonIndex("__bindgen_anon_"), 0u);
  EXPECT_EQ(BindgenAnonIndex("__bindgen_anon_1a"), 0u);
  EXPECT_EQ(BindgenAnonIndex("x__bindgen_anon_1"), 0u);
  EXPECT_EQ(CFieldName("__bindgen_anon_2", false), "(anon#2)");
  EXPECT_EQ(CFieldName("type_", false), "type");
  EXPECT_EQ(CFieldNameOfSpelling("__bindgen_anon_3"), "(anon#3)");
  EXPECT_EQ(CFieldNameOfSpelling("r#type"), "type");

  std::string_view parent = "unset";
  EXPECT_TRUE(IsBindgenAnonTypeName("foo__bindgen_ty_12", &parent));
  EXPECT_EQ(parent, "foo");
  EXPECT_TRUE(IsBindgenAnonTypeName("_bindgen_ty_3", &parent));
  EXPECT_EQ(parent, "");
  EXPECT_TRUE(IsBindgenAnonTypeName("a__bindgen_ty_1__bindgen_ty_2", &parent));
  EXPECT_EQ(parent, "a__bindgen_ty_1");
  EXPECT_FALSE(IsBindgenAnonTypeName("foo__bindgen_ty_", nullptr));
  EXPECT_FALSE(IsBindgenAnonTypeName("foo__bindgen_ty_1x", nullptr));
  EXPECT_FALSE(IsBindgenAnonTypeName("foo", nullptr));
}

TEST(BindgenNames, ArtificialFields) {
  for (const char* n : {"_bitfield_1", "_bitfield_align_1", "__bindgen_padding_0", "_address", "bindgen_union_field",
                        "_bindgen_opaque_blob", "__bindgen_align", "_unused", "_vtable", "__bindgen_anon_vtable"})
    EXPECT_TRUE(IsBindgenArtificialFieldName(n)) << n;
  for (const char* n : {"bitfield", "__bindgen_anon_1", "address", "x"}) EXPECT_FALSE(IsBindgenArtificialFieldName(n)) << n;
}

MATCHER_P4(Asserts, what, type_name, field, value, "") {
  return arg.what == what && arg.type_name == type_name && arg.field == field && arg.value == value;
}

TEST(ScanLayoutTestFn, SizeAlignAndFieldProjections) {
  ParsedSource p = ParseForTest(R"rs(
#[test]
fn bindgen_test_layout_anon() {
    assert_eq!(::core::mem::size_of::<anon>(), 32usize, concat!("Size of: ", stringify!(anon)));
    assert_eq!(::core::mem::align_of::<anon__bindgen_ty_1>(), 8usize, concat!("Alignment of"));
    fn test_field_x() {
        assert_eq!(
            unsafe {
                let uninit = ::core::mem::MaybeUninit::<anon>::uninit();
                let ptr = uninit.as_ptr();
                ::core::ptr::addr_of!((*ptr).r#type) as usize - ptr as usize
            },
            4usize,
            concat!("Offset of field: ", stringify!(anon), "::", stringify!(type))
        );
    }
    assert_eq!(unsafe { &(*(::core::ptr::null::<anon>())).y as *const _ as usize }, 20usize, "");
    assert_eq!(unsafe { (*(::core::ptr::null::<anon>())).f() }, 1usize, "a call, not a field");
    assert_eq!(::core::mem::size_of::<anon>(), N, "not a literal");
    assert_eq!(something_else(), 3usize, "");
}
)rs");
  EXPECT_THAT(ScanLayoutTestFn(*p.file, p.item(0)),
              ElementsAre(Asserts(LayoutAssertion::kSize, "anon", "", 32u),
                          Asserts(LayoutAssertion::kAlign, "anon__bindgen_ty_1", "", 8u),
                          Asserts(LayoutAssertion::kOffset, "anon", "r#type", 4u),
                          Asserts(LayoutAssertion::kOffset, "anon", "y", 20u)));
}

TEST(ScanConstAssertions, CurrentBindgenStyle) {
  ParsedSource p = ParseForTest(R"rs(
const _: () = {
    ["Size of A"][::std::mem::size_of::<A>() - 4usize];
    ["Alignment of A"][::std::mem::align_of::<A>() - 2usize];
    ["Offset of field: A::x"][::std::mem::offset_of!(A, x) - 0usize];
    ["Offset of field: A::type_"][::std::mem::offset_of!(crate::A, type_) - 2usize];
    ["Offset of field: A::0"][::std::mem::offset_of!(A, 0) - 3usize];
    ["nested path"][::std::mem::offset_of!(A, x.y) - 0usize];
    ["not a subtraction"][::std::mem::size_of::<A>() + 4usize];
};
)rs");
  EXPECT_THAT(ScanConstAssertions(*p.file, p.item(0)),
              ElementsAre(Asserts(LayoutAssertion::kSize, "A", "", 4u), Asserts(LayoutAssertion::kAlign, "A", "", 2u),
                          Asserts(LayoutAssertion::kOffset, "A", "x", 0u),
                          Asserts(LayoutAssertion::kOffset, "A", "type_", 2u),
                          Asserts(LayoutAssertion::kOffset, "A", "0", 3u)));
  ParsedSource other = ParseForTest("const _: () = { let x = |a: u8| a + 1; assert!(x(1) == 2); };");
  EXPECT_THAT(ScanConstAssertions(*other.file, other.item(0)), IsEmpty());
}

TEST(ScanBitfieldGetter, OffsetAndWidthOfTheUnitRead) {
  ParsedSource p = ParseForTest(R"rs(
impl S {
    #[inline]
    pub fn b(&self) -> u32 {
        unsafe { ::core::mem::transmute(self._bitfield_1.get(3usize, 5u8) as u32) }
    }
    pub fn not_literal(&self) -> u32 {
        unsafe { ::core::mem::transmute(self._bitfield_2.get(OFF, 5u8) as u32) }
    }
    pub fn not_a_unit(&self) -> u32 { self.other.get(1usize, 2u8) as u32 }
}
)rs");
  const std::vector<Item>& methods = p.item(0).items;
  ASSERT_EQ(methods.size(), 3u);
  std::optional<BitfieldAccess> b = ScanBitfieldGetter(*p.file, methods[0]);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->unit, "_bitfield_1");
  EXPECT_EQ(b->bit_off, 3u);
  EXPECT_EQ(b->width, 5u);
  EXPECT_FALSE(ScanBitfieldGetter(*p.file, methods[1]).has_value());
  EXPECT_FALSE(ScanBitfieldGetter(*p.file, methods[2]).has_value());
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
