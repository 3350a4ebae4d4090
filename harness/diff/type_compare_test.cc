#include "harness/diff/type_compare.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/diff/name_match.h"
#include "harness/diff/test_contracts.h"

namespace bindfuzz::diff {
namespace {

using namespace bindfuzz::diff::testing;  // NOLINT: test builders
using ::testing::HasSubstr;

// Two contracts and a comparison over them, rebuilt for each Cmp() so a
// test can change the contracts between calls.
class TypeCompareTest : public ::testing::Test {
 protected:
  TypeCmp Cmp(const Type& truth, const Type& assumed) {
    NameMatcher names(c, rust);
    TypeComparer types(c, rust, names, {"C", "Rust"});
    return types.Compare(truth, assumed);
  }
  TypeDiff Diff(const Type& truth, const Type& assumed) { return Cmp(truth, assumed).diff; }

  Contract c = CSide();
  Contract rust = RustSide();
};

TEST_F(TypeCompareTest, Scalars) {
  EXPECT_EQ(Diff(U(32), U(32)), TypeDiff::kSame);
  TypeCmp w = Cmp(U(64), U(32));
  EXPECT_EQ(w.diff, TypeDiff::kWidth);
  EXPECT_EQ(w.detail, "u64 vs u32");
  EXPECT_EQ(w.t.bits, 64u);
  EXPECT_EQ(w.a.bits, 32u);
  TypeCmp s = Cmp(U(32), I(32));
  EXPECT_EQ(s.diff, TypeDiff::kSignedness);
  EXPECT_EQ(s.detail, "u32 vs i32");
  EXPECT_TRUE(s.a.is_signed);
  EXPECT_EQ(Diff(Type::Float(64), Type::Float(32)), TypeDiff::kWidth);
  EXPECT_EQ(Diff(Type::Float(64), Type::Float(64)), TypeDiff::kSame);
  // Rust bool is valid only for 0 and 1: not the same as a C integer.
  TypeCmp b = Cmp(U(8), Type::Bool());
  EXPECT_EQ(b.diff, TypeDiff::kKind);
  EXPECT_THAT(b.detail, HasSubstr("Rust bool is valid only for 0 and 1"));
  EXPECT_EQ(Diff(Type::Bool(), Type::Bool()), TypeDiff::kSame);
  EXPECT_EQ(Diff(U(32), Ptr(U(8))), TypeDiff::kKind);
}

TEST_F(TypeCompareTest, TypedefsResolveAndSharedNamesAreTheSame) {
  c.typedefs["size_t"] = TypedefOf("size_t", U(64));
  rust.typedefs["size_t"] = TypedefOf("size_t", U(64));
  rust.typedefs["usize_alias"] = TypedefOf("usize_alias", U(32));
  EXPECT_EQ(Diff(Td("size_t"), U(64)), TypeDiff::kSame);
  EXPECT_EQ(Diff(Td("size_t"), Td("usize_alias")), TypeDiff::kWidth);
  // A typedef both sides name is the same type even if one cannot resolve it.
  rust.typedefs.erase("size_t");
  EXPECT_EQ(Diff(Td("size_t"), Td("size_t")), TypeDiff::kSame);
  TypeCmp open = Cmp(U(64), Td("size_t"));
  EXPECT_EQ(open.diff, TypeDiff::kUnknown);
  EXPECT_EQ(open.detail, "Rust typedef `size_t` has no definition");
  c.typedefs["a"] = TypedefOf("a", Td("b"));
  c.typedefs["b"] = TypedefOf("b", Td("a"));
  EXPECT_THAT(Cmp(Td("a"), U(8)).detail, HasSubstr("cyclic"));
}

TEST_F(TypeCompareTest, EnumsByUnderlyingInteger) {
  c.enums["mode"] = MakeEnum("mode", U(32), 4, {{"A", 0}});
  c.enums["mode#2"] = MakeEnum("mode#2", I(8), 1, {{"A", 0}});
  rust.enums["mode"] = MakeEnum("mode", U(32), 4, {{"A", 0}}, "consts");
  // The same enum: sizes and values are compared at the enum itself.
  EXPECT_EQ(Diff(En("mode#2"), En("mode")), TypeDiff::kSame);
  // A C enum against a Rust integer: by the first definition's underlying type.
  EXPECT_EQ(Diff(En("mode"), U(32)), TypeDiff::kSame);
  EXPECT_EQ(Diff(En("mode"), I(32)), TypeDiff::kSignedness);
  TypeCmp unknown = Cmp(En("ghost"), U(32));
  EXPECT_EQ(unknown.diff, TypeDiff::kUnknown);
  EXPECT_EQ(unknown.detail, "C enum `ghost` has no known integer type");
  // A rustified Rust enum is valid only for its variants.
  rust.enums["mode"].rust_style = "rustified";
  rust.enums["other"] = rust.enums["mode"];
  TypeCmp r = Cmp(U(32), En("other"));
  EXPECT_EQ(r.diff, TypeDiff::kKind);
  EXPECT_THAT(r.detail, HasSubstr("Rust enum `other` (valid only for its variants) vs u32"));
}

TEST_F(TypeCompareTest, Pointers) {
  EXPECT_EQ(Diff(Ptr(Type::Void()), Ptr(Rec("page"))), TypeDiff::kSame);
  EXPECT_EQ(Diff(Ptr(Rec("page")), Ptr(Rec("c_void"))), TypeDiff::kSame);
  EXPECT_EQ(Diff(Ptr(Rec("page")), Ptr(Td("core::ffi::c_void"))), TypeDiff::kSame);
  TypeCmp p = Cmp(Ptr(Rec("inode")), Ptr(Rec("dentry")));
  EXPECT_EQ(p.diff, TypeDiff::kPointee);
  EXPECT_EQ(p.detail, "pointer to inode vs pointer to dentry");
  TypeCmp s = Cmp(Ptr(U(8)), Ptr(I(8)));
  EXPECT_EQ(s.diff, TypeDiff::kSignedness);
  EXPECT_EQ(s.detail, "pointee u8 vs i8");
  // Bare void only matches void.
  EXPECT_EQ(Diff(Type::Void(), U(8)), TypeDiff::kKind);
}

TEST_F(TypeCompareTest, FunctionPointerAgainstDataPointerOrPointerSizedInteger) {
  const Type cb = FnPtr(Type::Void(), {I(32)});
  TypeCmp a = Cmp(Ptr(Type::Void()), cb);
  EXPECT_EQ(a.diff, TypeDiff::kFnData);
  EXPECT_EQ(a.detail, "data pointer vs function pointer");
  EXPECT_EQ(Diff(cb, Ptr(Rec("c_void"))), TypeDiff::kFnData);
  // libc's `sighandler_t = usize`: as wide as a pointer.
  TypeCmp w = Cmp(cb, U(64));
  EXPECT_EQ(w.diff, TypeDiff::kFnData);
  EXPECT_EQ(w.detail, "function pointer vs pointer-sized integer");
  EXPECT_EQ(KindOf(TypeUse::kField, w), MismatchKind::kFunctionDataPointer);
  EXPECT_EQ(KindOf(TypeUse::kParam, w), MismatchKind::kFunctionDataPointer);
  // Narrower than a pointer, or a pointer to a record: a real difference.
  EXPECT_EQ(Diff(cb, U(32)), TypeDiff::kKind);
  EXPECT_EQ(Diff(cb, Ptr(Rec("page"))), TypeDiff::kPointee);
  // A data pointer against an integer stays what it was.
  EXPECT_EQ(Diff(Ptr(Type::Void()), U(64)), TypeDiff::kKind);
  // Inside a callback's signature and behind a pointer it is still that.
  EXPECT_EQ(Diff(FnPtr(Type::Void(), {Ptr(Type::Void())}), FnPtr(Type::Void(), {cb})), TypeDiff::kFnData);
  EXPECT_EQ(Diff(Ptr(Ptr(Type::Void())), Ptr(cb)), TypeDiff::kFnData);
  EXPECT_EQ(Diff(cb, cb), TypeDiff::kSame);
}

TEST_F(TypeCompareTest, RecordsByNameWithAlternatesAndBindgenNestedNames) {
  c.records["X#2"] = MakeRecord("X#2", 4, 4, {});
  EXPECT_EQ(Diff(Rec("X#2"), Rec("X")), TypeDiff::kSame);
  TypeCmp r = Cmp(Rec("inode"), Rec("dentry"));
  EXPECT_EQ(r.diff, TypeDiff::kRecordName);
  EXPECT_EQ(r.detail, "`inode` vs `dentry`");
  // bindgen's `stats_stat` for C's `struct stat` declared inside `stats`.
  c.records["stats"] = MakeRecord("stats", 8, 8, {F("a", Rec("stat"), 0, 8)});
  c.records["stat"] = MakeRecord("stat", 8, 8, {});
  rust.records["stats"] = MakeRecord("stats", 8, 8, {F("a", Rec("stats_stat"), 0, 8)});
  rust.records["stats_stat"] = MakeRecord("stats_stat", 8, 8, {});
  EXPECT_EQ(Diff(Rec("stat"), Rec("stats_stat")), TypeDiff::kSame);
  // Only when C's `stats` really has a field of type `stat`.
  c.records["stats"].fields.clear();
  EXPECT_EQ(Diff(Rec("stat"), Rec("stats_stat")), TypeDiff::kRecordName);
}

TEST_F(TypeCompareTest, ArraysFlattenedAndCounted) {
  Type nested = Type::ArrayOf(Type::ArrayOf(U(32), 5), 4);
  EXPECT_EQ(Diff(Type::ArrayOf(U(32), 20), nested), TypeDiff::kSame);
  TypeCmp n = Cmp(Type::ArrayOf(U(32), 21), nested);
  EXPECT_EQ(n.diff, TypeDiff::kArrayCount);
  EXPECT_EQ(n.detail, "21 vs 20 elements");
  EXPECT_EQ(Diff(Type::ArrayOf(U(32), 4), Type::ArrayOf(U(64), 4)), TypeDiff::kElement);
  TypeCmp s = Cmp(Type::ArrayOf(U(8), 4), Type::ArrayOf(I(8), 4));
  EXPECT_EQ(s.diff, TypeDiff::kSignedness);
  EXPECT_EQ(s.detail, "element u8 vs i8");
  // Flexible and zero-length arrays are both open.
  Type flex = Type::ArrayOf(U(8), 0);
  flex.flexible = true;
  EXPECT_EQ(Diff(flex, Type::ArrayOf(U(8), 0)), TypeDiff::kSame);
  EXPECT_EQ(Cmp(flex, Type::ArrayOf(U(8), 3)).detail, "flexible vs 3 elements");
  FlatArray f = Flatten(rust, nested);
  EXPECT_EQ(f.count, 20u);
  EXPECT_FALSE(f.open);
  EXPECT_EQ(f.element->kind, TypeKind::kInt);
  Type huge = Type::ArrayOf(Type::ArrayOf(U(8), uint64_t{1} << 40), uint64_t{1} << 40);
  EXPECT_TRUE(Flatten(rust, huge).overflow);
  EXPECT_EQ(Diff(huge, huge), TypeDiff::kUnknown);
}

// aarch64's va_list is the compiler's `struct __va_list` (three pointers,
// two ints: 32 bytes, align 8); bindgen 0.60 binds it as `[u64; 4]`.
TEST_F(TypeCompareTest, BindgenOpaqueBlobOfAnIntegerRecordIsTheSame) {
  c.records["__va_list"] = MakeRecord("__va_list", 32, 8,
                                      {F("__stack", Ptr(Type::Void()), 0, 8), F("__gr_top", Ptr(Type::Void()), 8, 8),
                                       F("__vr_top", Ptr(Type::Void()), 16, 8), F("__gr_offs", I(32), 24, 4),
                                       F("__vr_offs", I(32), 28, 4)});
  c.typedefs["va_list"] = TypedefOf("va_list", Rec("__va_list"));
  rust.typedefs["va_list"] = TypedefOf("va_list", Type::ArrayOf(U(64), 4));
  EXPECT_EQ(Diff(Td("va_list"), Td("va_list")), TypeDiff::kSame);
  EXPECT_EQ(Diff(Ptr(Td("va_list")), Ptr(Td("va_list"))), TypeDiff::kSame);
  // Not a blob of it: another size, signed or narrower elements.
  EXPECT_EQ(Diff(Rec("__va_list"), Type::ArrayOf(U(64), 3)), TypeDiff::kKind);
  EXPECT_EQ(Diff(Rec("__va_list"), Type::ArrayOf(I(64), 4)), TypeDiff::kKind);
  EXPECT_EQ(Diff(Rec("__va_list"), Type::ArrayOf(U(32), 8)), TypeDiff::kKind);
  // A floating-point member is passed in other registers than integers.
  c.records["pt"] = MakeRecord("pt", 16, 8, {F("x", Type::Float(64), 0, 8), F("y", I(64), 8, 8)});
  EXPECT_EQ(Diff(Rec("pt"), Type::ArrayOf(U(64), 2)), TypeDiff::kKind);
}

TEST_F(TypeCompareTest, FunctionSignatures) {
  EXPECT_EQ(Diff(FnPtr(I(32), {U(32)}), FnPtr(I(32), {U(32)})), TypeDiff::kSame);
  TypeCmp n = Cmp(FnPtr(I(32), {U(32), U(32)}), FnPtr(I(32), {U(32)}));
  EXPECT_EQ(n.diff, TypeDiff::kFnSig);
  EXPECT_EQ(n.detail, "2 vs 1 parameters");
  EXPECT_EQ(Cmp(FnPtr(I(32), {U(64)}), FnPtr(I(32), {U(32)})).detail, "parameter 1 u64 vs u32");
  EXPECT_EQ(Cmp(FnPtr(I(64), {}), FnPtr(I(32), {})).detail, "return i64 vs i32");
  // Signedness inside a signature is a signedness difference, not kFnSig.
  EXPECT_EQ(Diff(FnPtr(I(32), {U(32)}), FnPtr(I(32), {I(32)})), TypeDiff::kSignedness);
  Type variadic = FnPtr(I(32), {});
  variadic.inner[0].variadic = true;
  EXPECT_EQ(Cmp(variadic, FnPtr(I(32), {})).detail, "variadic vs not variadic");
  // A C function typedef against bindgen's Option<fn> alias.
  c.typedefs["cb_t"] = TypedefOf("cb_t", Fn(Type::Void(), {I(32)}));
  EXPECT_EQ(Diff(Td("cb_t"), FnPtr(Type::Void(), {I(32)})), TypeDiff::kSame);
  // Array parameters decay to pointers.
  EXPECT_EQ(Diff(Fn(Type::Void(), {Type::ArrayOf(U(8), 4)}), Fn(Type::Void(), {Ptr(U(8))})), TypeDiff::kSame);
}

TEST_F(TypeCompareTest, UnknownAndHostile) {
  TypeCmp u = Cmp(Type::Unknown("__int256"), U(64));
  EXPECT_EQ(u.diff, TypeDiff::kUnknown);
  EXPECT_EQ(u.detail, "C type `__int256` was not evaluated");
  Type deep = U(8), deep2 = U(8);
  for (int i = 0; i < 200; ++i) {
    deep = Ptr(deep);
    deep2 = Ptr(deep2);
  }
  TypeCmp d = Cmp(deep, deep2);
  EXPECT_EQ(d.diff, TypeDiff::kUnknown);
  EXPECT_THAT(d.detail, HasSubstr("deeper than 48 levels"));
}

TEST(KindOf, OneKindPerUseAndDifference) {
  TypeCmp r;
  r.diff = TypeDiff::kSignedness;
  EXPECT_EQ(KindOf(TypeUse::kField, r), MismatchKind::kFieldSignedness);
  EXPECT_EQ(KindOf(TypeUse::kParam, r), MismatchKind::kFunctionSignedness);
  EXPECT_EQ(KindOf(TypeUse::kReturn, r), MismatchKind::kFunctionSignedness);
  EXPECT_EQ(KindOf(TypeUse::kTypedef, r), MismatchKind::kTypedefSignedness);
  EXPECT_EQ(KindOf(TypeUse::kVariable, r), MismatchKind::kVariableSignedness);
  // One severity for signedness wherever it occurs.
  for (TypeUse use : {TypeUse::kField, TypeUse::kParam, TypeUse::kReturn, TypeUse::kTypedef, TypeUse::kVariable}) {
    EXPECT_EQ(KindSeverity(KindOf(use, r)), Severity::kWarning);
  }
  r.diff = TypeDiff::kWidth;
  EXPECT_EQ(KindOf(TypeUse::kField, r), MismatchKind::kFieldWidth);
  EXPECT_EQ(KindOf(TypeUse::kParam, r), MismatchKind::kFunctionParamWidth);
  EXPECT_EQ(KindOf(TypeUse::kReturn, r), MismatchKind::kFunctionReturnWidth);
  r.t.is_float = true;
  EXPECT_EQ(KindOf(TypeUse::kReturn, r), MismatchKind::kFunctionReturnType);
  r.diff = TypeDiff::kFnSig;
  EXPECT_EQ(KindOf(TypeUse::kField, r), MismatchKind::kFunctionPointerType);
  EXPECT_EQ(KindOf(TypeUse::kParam, r), MismatchKind::kFunctionPointerType);
  r.diff = TypeDiff::kPointee;
  EXPECT_EQ(KindOf(TypeUse::kField, r), MismatchKind::kFieldType);
  EXPECT_EQ(KindOf(TypeUse::kParam, r), MismatchKind::kFunctionParamType);
  EXPECT_EQ(KindOf(TypeUse::kReturn, r), MismatchKind::kFunctionReturnType);
  EXPECT_EQ(KindOf(TypeUse::kTypedef, r), MismatchKind::kTypedefMismatch);
  EXPECT_EQ(KindOf(TypeUse::kVariable, r), MismatchKind::kVariableType);
  r.diff = TypeDiff::kUnknown;
  for (TypeUse use : {TypeUse::kField, TypeUse::kParam, TypeUse::kReturn, TypeUse::kTypedef, TypeUse::kVariable}) {
    EXPECT_EQ(KindOf(use, r), MismatchKind::kUnevaluated);
  }
}

TEST(TypeText, TypeStrShowsWhatATypedefMeans) {
  Contract c = CSide();
  c.typedefs["size_t"] = TypedefOf("size_t", U(64));
  EXPECT_EQ(TypeStr(c, Td("size_t")), "size_t = u64");
  EXPECT_EQ(TypeStr(c, Td("missing_t")), "missing_t");
  EXPECT_EQ(TypeStr(c, Ptr(Rec("file"))), "*mut file");
}

TEST(FitsInBits, SignedAndUnsignedRanges) {
  EXPECT_TRUE(FitsInBits(IntValue::Of(255), 8));
  EXPECT_FALSE(FitsInBits(IntValue::Of(256), 8));
  EXPECT_TRUE(FitsInBits(IntValue::Of(-128), 8));
  EXPECT_FALSE(FitsInBits(IntValue::Of(-129), 8));
  EXPECT_TRUE(FitsInBits(IntValue::OfUnsigned(UINT64_MAX), 64));
  EXPECT_FALSE(FitsInBits(IntValue::Of(0), 0));
}

}  // namespace
}  // namespace bindfuzz::diff
