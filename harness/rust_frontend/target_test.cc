#include "harness/rust_frontend/target.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::rust_frontend {
namespace {

using ::testing::HasSubstr;

Target MustTarget(const std::string& triple, std::optional<bool> char_signed = std::nullopt) {
  RustFrontendOptions o;
  o.target_triple = triple;
  o.c_char_signed = char_signed;
  auto t = MakeTarget(o);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : Target{};
}

TEST(MakeTarget, X86_64IsLp64WithSignedChar) {
  Target t = MustTarget("x86_64-linux-gnu");
  EXPECT_EQ(t.triple, "x86_64-linux-gnu");
  EXPECT_EQ(t.ptr, 8u);
  EXPECT_EQ(t.long_bytes, 8u);
  EXPECT_TRUE(t.char_signed);
  EXPECT_EQ(t.i64_align, 8u);
  EXPECT_EQ(t.f64_align, 8u);
  EXPECT_EQ(t.i128_align, 16u);
}

TEST(MakeTarget, Aarch64HasUnsignedChar) {
  Target t = MustTarget("aarch64-unknown-linux-gnu");
  EXPECT_EQ(t.ptr, 8u);
  EXPECT_FALSE(t.char_signed);
}

TEST(MakeTarget, I686IsIlp32With4ByteAlignedI64AndF64) {
  for (const char* triple : {"i686-linux-gnu", "i586-unknown-linux-gnu", "i386-linux-gnu"}) {
    Target t = MustTarget(triple);
    EXPECT_EQ(t.ptr, 4u) << triple;
    EXPECT_EQ(t.long_bytes, 4u) << triple;
    EXPECT_EQ(t.i64_align, 4u) << triple;
    EXPECT_EQ(t.f64_align, 4u) << triple;
    EXPECT_TRUE(t.char_signed) << triple;
  }
}

TEST(MakeTarget, CharSignednessOptionOverridesTheTarget) {
  EXPECT_FALSE(MustTarget("x86_64-linux-gnu", false).char_signed);
  EXPECT_TRUE(MustTarget("aarch64-linux-gnu", true).char_signed);
}

TEST(MakeTarget, EveryTargetOfTheTargetModelIsSupported) {
  Target win = MustTarget("x86_64-pc-windows-msvc");
  EXPECT_EQ(win.long_bytes, 4u);  // LLP64
  EXPECT_EQ(win.ptr, 8u);
  Target rv = MustTarget("riscv64-linux-gnu");
  EXPECT_FALSE(rv.char_signed);
  Target arm = MustTarget("armv7-unknown-linux-gnueabihf");
  EXPECT_EQ(arm.ptr, 4u);
  EXPECT_EQ(arm.i64_align, 8u);
  for (const target::TargetInfo& t : target::AllTargets()) MustTarget(std::string(t.rust_triple));
}

TEST(MakeTarget, OtherTargetsAreRefused) {
  for (const char* triple : {"sparc-sun-solaris", "x86_64-apple-ios", "", "linux-gnu"}) {
    RustFrontendOptions o;
    o.target_triple = triple;
    auto t = MakeTarget(o);
    ASSERT_FALSE(t.ok()) << triple;
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(t.status().message()), HasSubstr("unsupported target triple"));
  }
}

TEST(LookupRustPrim, FixedWidthAndPointerWidthTypes) {
  Target x64 = MustTarget("x86_64-linux-gnu"), x86 = MustTarget("i686-linux-gnu");
  Prim p;
  ASSERT_TRUE(LookupRustPrim("i16", x64, &p));
  EXPECT_EQ(p.cat, Prim::kInt);
  EXPECT_EQ(p.bits, 16u);
  EXPECT_TRUE(p.is_signed);
  ASSERT_TRUE(LookupRustPrim("u128", x64, &p));
  EXPECT_EQ(p.bits, 128u);
  EXPECT_FALSE(p.is_signed);
  ASSERT_TRUE(LookupRustPrim("usize", x64, &p));
  EXPECT_EQ(p.bits, 64u);
  EXPECT_FALSE(p.is_signed);
  ASSERT_TRUE(LookupRustPrim("isize", x86, &p));
  EXPECT_EQ(p.bits, 32u);
  EXPECT_TRUE(p.is_signed);
  ASSERT_TRUE(LookupRustPrim("f64", x64, &p));
  EXPECT_EQ(p.cat, Prim::kFloat);
  ASSERT_TRUE(LookupRustPrim("char", x64, &p));
  EXPECT_EQ(p.cat, Prim::kChar);
  ASSERT_TRUE(LookupRustPrim("str", x64, &p));
  EXPECT_EQ(p.cat, Prim::kStr);
  EXPECT_FALSE(LookupRustPrim("c_int", x64, &p));
  EXPECT_FALSE(LookupRustPrim("U8", x64, &p));
}

TEST(LookupCType, LongAndSizeFollowTheTarget) {
  Target x64 = MustTarget("x86_64-linux-gnu"), x86 = MustTarget("i686-linux-gnu");
  Prim p;
  ASSERT_TRUE(LookupCType("c_long", x64, &p));
  EXPECT_EQ(p.bits, 64u);
  EXPECT_TRUE(p.is_signed);
  ASSERT_TRUE(LookupCType("c_ulong", x86, &p));
  EXPECT_EQ(p.bits, 32u);
  EXPECT_FALSE(p.is_signed);
  ASSERT_TRUE(LookupCType("c_longlong", x86, &p));
  EXPECT_EQ(p.bits, 64u);
  ASSERT_TRUE(LookupCType("c_size_t", x86, &p));
  EXPECT_EQ(p.bits, 32u);
  EXPECT_FALSE(p.is_signed);
  ASSERT_TRUE(LookupCType("c_ssize_t", x64, &p));
  EXPECT_EQ(p.bits, 64u);
  EXPECT_TRUE(p.is_signed);
  ASSERT_TRUE(LookupCType("c_double", x64, &p));
  EXPECT_EQ(p.cat, Prim::kFloat);
  EXPECT_EQ(p.bits, 64u);
  ASSERT_TRUE(LookupCType("c_void", x64, &p));
  EXPECT_EQ(p.cat, Prim::kVoid);
  EXPECT_FALSE(LookupCType("u8", x64, &p));
  EXPECT_FALSE(LookupCType("c_int128", x64, &p));
}

TEST(LookupCType, CharSignednessIsTheTargets) {
  Prim p;
  ASSERT_TRUE(LookupCType("c_char", MustTarget("x86_64-linux-gnu"), &p));
  EXPECT_EQ(p.bits, 8u);
  EXPECT_TRUE(p.is_signed);
  ASSERT_TRUE(LookupCType("c_char", MustTarget("aarch64-linux-gnu"), &p));
  EXPECT_FALSE(p.is_signed);
  ASSERT_TRUE(LookupCType("c_char", MustTarget("x86_64-linux-gnu", false), &p));
  EXPECT_FALSE(p.is_signed);
  ASSERT_TRUE(LookupCType("c_schar", MustTarget("aarch64-linux-gnu"), &p));
  EXPECT_TRUE(p.is_signed);
}

TEST(LookupBuiltin, WrappersAndBindgenHelpers) {
  Target t = MustTarget("x86_64-linux-gnu");
  EXPECT_EQ(LookupBuiltin("MaybeUninit", t).b, Builtin::kTransparentWrapper);
  EXPECT_EQ(LookupBuiltin("ManuallyDrop", t).b, Builtin::kTransparentWrapper);
  EXPECT_EQ(LookupBuiltin("PhantomData", t).b, Builtin::kPhantomData);
  EXPECT_EQ(LookupBuiltin("NonNull", t).b, Builtin::kNonNull);
  EXPECT_EQ(LookupBuiltin("Option", t).b, Builtin::kOption);
  EXPECT_EQ(LookupBuiltin("NonZero", t).b, Builtin::kNonZeroGeneric);
  EXPECT_EQ(LookupBuiltin("__BindgenBitfieldUnit", t).b, Builtin::kBitfieldUnit);
  EXPECT_EQ(LookupBuiltin("__IncompleteArrayField", t).b, Builtin::kIncompleteArray);
  EXPECT_EQ(LookupBuiltin("__BindgenUnionField", t).b, Builtin::kUnionField);
  EXPECT_EQ(LookupBuiltin("Vec", t).b, Builtin::kNone);
  EXPECT_EQ(LookupBuiltin("", t).b, Builtin::kNone);
}

TEST(LookupBuiltin, IntegerAtomicsAndNonZeroCarryTheirInteger) {
  Target x86 = MustTarget("i686-linux-gnu");
  BuiltinInfo a = LookupBuiltin("AtomicU16", x86);
  EXPECT_EQ(a.b, Builtin::kAtomicInt);
  EXPECT_EQ(a.bits, 16u);
  EXPECT_FALSE(a.is_signed);
  BuiltinInfo as = LookupBuiltin("AtomicIsize", x86);
  EXPECT_EQ(as.b, Builtin::kAtomicInt);
  EXPECT_EQ(as.bits, 32u);
  EXPECT_TRUE(as.is_signed);
  BuiltinInfo nz = LookupBuiltin("NonZeroI64", x86);
  EXPECT_EQ(nz.b, Builtin::kNonZero);
  EXPECT_EQ(nz.bits, 64u);
  EXPECT_TRUE(nz.is_signed);
  EXPECT_EQ(LookupBuiltin("AtomicBool", x86).b, Builtin::kAtomicBool);
  EXPECT_EQ(LookupBuiltin("AtomicPtr", x86).b, Builtin::kAtomicPtr);
  EXPECT_EQ(LookupBuiltin("AtomicF32", x86).b, Builtin::kNone);
  EXPECT_EQ(LookupBuiltin("NonZeroBool", x86).b, Builtin::kNone);
}

TEST(LookupBuiltin, OpaqueArrayAlignmentSuffix) {
  Target t = MustTarget("x86_64-linux-gnu");
  BuiltinInfo a = LookupBuiltin("__BindgenOpaqueArray8", t);
  EXPECT_EQ(a.b, Builtin::kOpaqueArray);
  EXPECT_EQ(a.extra_align, 8u);
  EXPECT_EQ(LookupBuiltin("__BindgenOpaqueArray", t).extra_align, 0u);
  EXPECT_EQ(LookupBuiltin("__BindgenOpaqueArray", t).b, Builtin::kOpaqueArray);
  EXPECT_EQ(LookupBuiltin("__BindgenOpaqueArrayX", t).b, Builtin::kNone);
  // Digits beyond any real alignment are refused instead of overflowing.
  EXPECT_EQ(LookupBuiltin("__BindgenOpaqueArray99999999999999", t).b, Builtin::kNone);
}

// The contract's convention is what rustc makes of the ABI on the target,
// in the C front end's spelling ("" = the C convention).
TEST(ContractCallingConv, AsRustcTreatsTheAbiOnTheTarget) {
  Target x86 = MustTarget("x86_64-linux-gnu");
  Target win64 = MustTarget("x86_64-pc-windows-msvc");
  Target win32 = MustTarget("i686-pc-windows-msvc");
  Target gnu32 = MustTarget("i686-w64-mingw32");
  EXPECT_EQ(ContractCallingConv("C", x86), "");
  EXPECT_EQ(ContractCallingConv("", x86), "");
  EXPECT_EQ(ContractCallingConv("system", x86), "");
  EXPECT_EQ(ContractCallingConv("C-unwind", x86), "");
  EXPECT_EQ(ContractCallingConv("win64", x86), "ms_abi");
  EXPECT_EQ(ContractCallingConv("system", win64), "");
  EXPECT_EQ(ContractCallingConv("win64", win64), "");
  EXPECT_EQ(ContractCallingConv("sysv64", win64), "sysv_abi");
  EXPECT_EQ(ContractCallingConv("system", win32), "stdcall");
  EXPECT_EQ(ContractCallingConv("stdcall", win32), "stdcall");
  EXPECT_EQ(ContractCallingConv("system", gnu32), "stdcall");
  EXPECT_EQ(ContractCallingConv("fastcall", win32), "fastcall");
  // rustc rejects stdcall on x86_64 Linux: the name stays, so a finding does.
  EXPECT_EQ(ContractCallingConv("stdcall", x86), "stdcall");
  EXPECT_EQ(ContractCallingConv("Rust", x86), "Rust");
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
