#include "harness/target/target.h"
#include "harness/testing/status_matchers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace bindfuzz::target {
namespace {

using ::testing::HasSubstr;

const TargetInfo& T(std::string_view rust_triple) {
  const TargetInfo* t = FindByRustTriple(rust_triple);
  EXPECT_NE(t, nullptr) << rust_triple;
  static const TargetInfo kNone{};
  return t != nullptr ? *t : kNone;
}

std::string Rust(std::string_view triple) {
  absl::StatusOr<const TargetInfo*> t = LookupTarget(triple);
  return t.ok() ? std::string((*t)->rust_triple) : std::string(t.status().message());
}

TEST(TargetTable, HasEveryTargetOfTheList) {
  std::set<std::string> want = {
      "x86_64-unknown-linux-gnu",      "i686-unknown-linux-gnu",         "aarch64-unknown-linux-gnu",
      "armv7-unknown-linux-gnueabihf", "arm-unknown-linux-gnueabi",      "riscv64gc-unknown-linux-gnu",
      "powerpc64le-unknown-linux-gnu", "s390x-unknown-linux-gnu",        "mips64el-unknown-linux-gnuabi64",
      "x86_64-unknown-linux-musl",     "aarch64-unknown-linux-musl",     "i686-unknown-linux-musl",
      "x86_64-unknown-linux-gnux32",   "x86_64-pc-windows-msvc",         "i686-pc-windows-msvc",
      "x86_64-pc-windows-gnu",         "i686-pc-windows-gnu",            "x86_64-apple-darwin",
      "aarch64-apple-darwin",          "thumbv7em-none-eabihf",
  };
  std::vector<std::string> got = SupportedTargets();
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), want);
  EXPECT_EQ(got.size(), want.size()) << "a target appears twice";
  EXPECT_THAT(std::string(TableRustcVersion()), ::testing::StartsWith("rustc "));
}

TEST(TargetTable, ClangSpellingsAreUnambiguous) {
  std::map<std::string, std::string> seen;
  for (const TargetInfo& t : AllTargets()) {
    std::vector<std::string> spellings = {std::string(t.clang_triple)};
    for (absl::string_view a : absl::StrSplit(absl::string_view(t.clang_aliases.data(), t.clang_aliases.size()), ' ',
                                              absl::SkipEmpty()))
      spellings.emplace_back(a);
    for (const std::string& s : spellings) {
      auto [it, inserted] = seen.emplace(NormalizeClangTriple(s), std::string(t.rust_triple));
      EXPECT_TRUE(inserted || it->second == t.rust_triple)
          << s << " maps to both " << it->second << " and " << t.rust_triple;
      EXPECT_EQ(FindByClangTriple(s), &t) << s;
    }
  }
}

TEST(TargetLookup, RustAndClangSpellings) {
  EXPECT_EQ(Rust("x86_64-unknown-linux-gnu"), "x86_64-unknown-linux-gnu");
  EXPECT_EQ(Rust("x86_64-linux-gnu"), "x86_64-unknown-linux-gnu");
  EXPECT_EQ(Rust("x86_64-pc-linux-gnu"), "x86_64-unknown-linux-gnu");
  EXPECT_EQ(Rust("X86_64-Unknown-Linux-GNU"), "x86_64-unknown-linux-gnu");
  EXPECT_EQ(Rust("arm-linux-gnueabihf"), "armv7-unknown-linux-gnueabihf");  // Debian armhf
  EXPECT_EQ(Rust("arm-linux-gnueabi"), "arm-unknown-linux-gnueabi");        // Debian armel
  EXPECT_EQ(Rust("i386-linux-gnu"), "i686-unknown-linux-gnu");
  EXPECT_EQ(Rust("riscv64-linux-gnu"), "riscv64gc-unknown-linux-gnu");
  EXPECT_EQ(Rust("s390x-ibm-linux-gnu"), "s390x-unknown-linux-gnu");
  EXPECT_EQ(Rust("mips64el-linux-gnuabi64"), "mips64el-unknown-linux-gnuabi64");
  EXPECT_EQ(Rust("x86_64-w64-mingw32"), "x86_64-pc-windows-gnu");
  EXPECT_EQ(Rust("i686-w64-mingw32"), "i686-pc-windows-gnu");
  EXPECT_EQ(Rust("x86_64-pc-windows-msvc19.38.33130"), "x86_64-pc-windows-msvc");
  EXPECT_EQ(Rust("arm64-apple-macosx14.0.0"), "aarch64-apple-darwin");
  EXPECT_EQ(Rust("x86_64-apple-darwin23.1.0"), "x86_64-apple-darwin");
  EXPECT_EQ(Rust("thumbv7em-unknown-none-eabihf"), "thumbv7em-none-eabihf");
}

TEST(TargetLookup, UnknownTargetListsTheSupportedOnes) {
  for (std::string_view bad : {"sparc64-linux-gnu", "", "x86_64", "x86_64-linux-gnu-extra", "riscv64gc-linux-gnu"}) {
    absl::StatusOr<const TargetInfo*> t = LookupTarget(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_THAT(t, testutil::StatusIs(absl::StatusCode::kNotFound));
    EXPECT_THAT(std::string(t.status().message()), HasSubstr("unknown target '" + std::string(bad) + "'"));
    EXPECT_THAT(std::string(t.status().message()), HasSubstr("x86_64-unknown-linux-gnu"));
    EXPECT_THAT(std::string(t.status().message()), HasSubstr("thumbv7em-none-eabihf"));
  }
}

TEST(TargetLookup, ResolveTargetCarriesTheCTargetOver) {
  auto rust = [](std::string_view c, std::string_view r) {
    absl::StatusOr<const TargetInfo*> t = ResolveTarget(c, r, "x86_64-linux-gnu");
    return t.ok() ? std::string((*t)->rust_triple) : std::string(t.status().message());
  };
  EXPECT_EQ(rust("", ""), "x86_64-unknown-linux-gnu");
  EXPECT_EQ(rust("arm-linux-gnueabihf", ""), "armv7-unknown-linux-gnueabihf");
  EXPECT_EQ(rust("", "i686-pc-windows-msvc"), "i686-pc-windows-msvc");
  EXPECT_EQ(rust("x86_64-w64-mingw32", "x86_64-pc-windows-gnu"), "x86_64-pc-windows-gnu");
  absl::StatusOr<const TargetInfo*> mixed = ResolveTarget("aarch64-linux-gnu", "x86_64-unknown-linux-gnu", "");
  ASSERT_FALSE(mixed.ok());
  EXPECT_THAT(mixed, testutil::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(mixed.status().message()),
              HasSubstr("the C side targets 'aarch64-linux-gnu' (aarch64-unknown-linux-gnu) but the Rust side "
                        "'x86_64-unknown-linux-gnu'"));
  EXPECT_EQ(ResolveTarget("sparc-linux-gnu", "x86_64-unknown-linux-gnu", "").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ResolveTarget("x86_64-linux-gnu", "x86_64-pc-windows-msvc-2", "").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(TargetLookup, NormalizeClangTriple) {
  EXPECT_EQ(NormalizeClangTriple("x86_64-unknown-linux-gnu"), "x86_64-linux-gnu");
  EXPECT_EQ(NormalizeClangTriple("x86_64-pc-windows-msvc"), "x86_64-windows-msvc");
  EXPECT_EQ(NormalizeClangTriple("arm64-apple-macosx11.0.0"), "arm64-apple-macosx");
  // Digits that are part of the name stay.
  EXPECT_EQ(NormalizeClangTriple("x86_64-w64-mingw32"), "x86_64-w64-mingw32");
  EXPECT_EQ(NormalizeClangTriple("mips64el-unknown-linux-gnuabi64"), "mips64el-linux-gnuabi64");
  EXPECT_EQ(NormalizeClangTriple("x86_64-linux-gnux32"), "x86_64-linux-gnux32");
  // Too short to have a vendor.
  EXPECT_EQ(NormalizeClangTriple("x86_64-unknown"), "x86_64-unknown");
}

TEST(TargetLookup, ClangTargetFromFlags) {
  EXPECT_EQ(ClangTargetFromFlags({"-O2", "--target=aarch64-linux-gnu", "-I", "x"}), "aarch64-linux-gnu");
  EXPECT_EQ(ClangTargetFromFlags({"-target", "i686-linux-gnu"}), "i686-linux-gnu");
  EXPECT_EQ(ClangTargetFromFlags({"--target", "s390x-linux-gnu"}), "s390x-linux-gnu");
  EXPECT_EQ(ClangTargetFromFlags({"--target=a-b-c", "-target", "x86_64-linux-gnu"}), "x86_64-linux-gnu");
  EXPECT_EQ(ClangTargetFromFlags({"-DTARGET=1", "-I/usr/include"}), std::nullopt);
  EXPECT_EQ(ClangTargetFromFlags({"-target"}), std::nullopt);
  EXPECT_EQ(ClangTargetFromFlags({}), std::nullopt);
}

// Facts stated in the issue and in shared/toolchain.md, seen with rustc;
// the table must keep them.
TEST(TargetFacts, CCharSignedness) {
  for (std::string_view t : {"aarch64-unknown-linux-gnu", "aarch64-unknown-linux-musl", "armv7-unknown-linux-gnueabihf",
                             "arm-unknown-linux-gnueabi", "riscv64gc-unknown-linux-gnu", "powerpc64le-unknown-linux-gnu",
                             "s390x-unknown-linux-gnu", "thumbv7em-none-eabihf"})
    EXPECT_EQ(CoreFfiAlias(T(t), "c_char"), "u8") << t;
  for (std::string_view t : {"x86_64-unknown-linux-gnu", "i686-unknown-linux-gnu", "aarch64-apple-darwin",
                             "x86_64-pc-windows-msvc", "i686-pc-windows-gnu", "mips64el-unknown-linux-gnuabi64"})
    EXPECT_EQ(CoreFfiAlias(T(t), "c_char"), "i8") << t;
}

TEST(TargetFacts, CLongAndPointers) {
  for (const TargetInfo& t : AllTargets()) {
    bool llp64 = t.os == "windows";
    bool wide = t.pointer_bits == 64 && !llp64;
    EXPECT_EQ(CoreFfiAlias(t, "c_long"), wide ? "i64" : "i32") << t.rust_triple;
    EXPECT_EQ(CoreFfiAlias(t, "c_ulong"), wide ? "u64" : "u32") << t.rust_triple;
    EXPECT_EQ(CoreFfiAlias(t, "c_int"), "i32") << t.rust_triple;
    EXPECT_EQ(CoreFfiAlias(t, "c_uint"), "u32") << t.rust_triple;
    EXPECT_EQ(RustPrimLayout(t, "usize")->size * 8, t.pointer_bits) << t.rust_triple;
  }
  EXPECT_EQ(T("x86_64-unknown-linux-gnux32").pointer_bits, 32u);
  EXPECT_EQ(T("i686-pc-windows-msvc").pointer_bits, 32u);
  EXPECT_EQ(T("x86_64-pc-windows-msvc").pointer_bits, 64u);
  EXPECT_EQ(CoreFfiAlias(T("x86_64-unknown-linux-gnu"), "c_size_t"), "usize");
  EXPECT_EQ(CoreFfiAlias(T("x86_64-unknown-linux-gnu"), "c_void"), "c_void");
  EXPECT_EQ(CoreFfiAlias(T("x86_64-unknown-linux-gnu"), "c_bool"), std::nullopt);
  EXPECT_EQ(CoreFfiAlias(T("x86_64-unknown-linux-gnu"), "u8"), std::nullopt);
}

TEST(TargetFacts, Alignments) {
  EXPECT_EQ(RustPrimLayout(T("armv7-unknown-linux-gnueabihf"), "u64")->align, 8u);
  EXPECT_EQ(RustPrimLayout(T("armv7-unknown-linux-gnueabihf"), "u128")->align, 8u);
  EXPECT_EQ(RustPrimLayout(T("i686-unknown-linux-gnu"), "u64")->align, 4u);
  EXPECT_EQ(RustPrimLayout(T("i686-unknown-linux-gnu"), "f64")->align, 4u);
  EXPECT_EQ(RustPrimLayout(T("i686-pc-windows-msvc"), "u64")->align, 8u);
  EXPECT_EQ(RustPrimLayout(T("x86_64-unknown-linux-gnu"), "i128")->align, 16u);
  EXPECT_EQ(RustPrimLayout(T("s390x-unknown-linux-gnu"), "i128")->align, 8u);
  EXPECT_EQ(T("s390x-unknown-linux-gnu").endian, Endian::kBig);
  EXPECT_EQ(T("powerpc64le-unknown-linux-gnu").endian, Endian::kLittle);
  EXPECT_EQ(T("thumbv7em-none-eabihf").c_enum_min_bits, 8u);
  EXPECT_EQ(T("x86_64-unknown-linux-gnu").c_enum_min_bits, 32u);
  EXPECT_EQ(RustPrimLayout(T("x86_64-unknown-linux-gnu"), "char")->size, 4u);
  EXPECT_EQ(RustPrimLayout(T("x86_64-unknown-linux-gnu"), "bool")->kind, PrimLayout::Kind::kBool);
  EXPECT_EQ(RustPrimLayout(T("x86_64-unknown-linux-gnu"), "isize")->kind, PrimLayout::Kind::kSignedInt);
  EXPECT_EQ(RustPrimLayout(T("x86_64-unknown-linux-gnu"), "u7"), std::nullopt);
  EXPECT_EQ(RustPrimLayout(T("x86_64-unknown-linux-gnu"), "str"), std::nullopt);
  for (const TargetInfo& t : AllTargets())
    for (std::string_view p : RustPrimNames()) {
      std::optional<PrimLayout> l = RustPrimLayout(t, p);
      ASSERT_TRUE(l.has_value()) << p;
      EXPECT_TRUE(l->align >= 1 && l->align <= l->size && (l->align & (l->align - 1)) == 0)
          << t.rust_triple << " " << p << " align " << l->align;
    }
}

TEST(TargetAbis, SystemIsCExceptOn32BitWindows) {
  for (const TargetInfo& t : AllTargets()) {
    bool x86_windows = t.arch == "x86" && t.os == "windows";
    EXPECT_EQ(CanonicalAbi(t, "system"), x86_windows ? "stdcall" : "C") << t.rust_triple;
    EXPECT_EQ(CanonicalAbi(t, "C"), "C") << t.rust_triple;
    EXPECT_EQ(CanonicalAbi(t, "C-unwind"), "C") << t.rust_triple;
    EXPECT_EQ(CanonicalAbi(t, "rust-intrinsic"), std::nullopt) << t.rust_triple;
  }
}

TEST(TargetAbis, DistinctConventions) {
  const TargetInfo& linux64 = T("x86_64-unknown-linux-gnu");
  EXPECT_EQ(CanonicalAbi(linux64, "sysv64"), "C");
  EXPECT_EQ(CanonicalAbi(linux64, "win64"), "win64");
  EXPECT_EQ(CanonicalAbi(linux64, "efiapi"), "win64");
  EXPECT_EQ(CanonicalAbi(linux64, "stdcall"), std::nullopt);
  EXPECT_EQ(CanonicalAbi(linux64, "aapcs"), std::nullopt);
  const TargetInfo& win64 = T("x86_64-pc-windows-msvc");
  EXPECT_EQ(CanonicalAbi(win64, "win64"), "C");
  EXPECT_EQ(CanonicalAbi(win64, "sysv64"), "sysv64");
  EXPECT_EQ(CanonicalAbi(win64, "vectorcall"), "vectorcall");
  const TargetInfo& win32 = T("i686-pc-windows-msvc");
  EXPECT_EQ(CanonicalAbi(win32, "stdcall"), "stdcall");
  EXPECT_EQ(CanonicalAbi(win32, "fastcall"), "fastcall");
  EXPECT_EQ(CanonicalAbi(win32, "thiscall"), "thiscall");
  EXPECT_EQ(CanonicalAbi(win32, "vectorcall"), "vectorcall");
  EXPECT_EQ(CanonicalAbi(win32, "cdecl"), "C");
  EXPECT_EQ(CanonicalAbi(win32, "win64"), std::nullopt);
  // AAPCS is the C convention with soft-float argument passing: distinct
  // from "C" where floats travel in VFP registers.
  EXPECT_EQ(CanonicalAbi(T("armv7-unknown-linux-gnueabihf"), "aapcs"), "aapcs");
  EXPECT_EQ(CanonicalAbi(T("thumbv7em-none-eabihf"), "aapcs"), "aapcs");
  EXPECT_EQ(CanonicalAbi(T("arm-unknown-linux-gnueabi"), "aapcs"), "C");
  EXPECT_EQ(CanonicalAbi(T("aarch64-unknown-linux-gnu"), "aapcs"), std::nullopt);
  EXPECT_EQ(CanonicalAbi(T("aarch64-unknown-linux-gnu"), "efiapi"), "C");
}

TEST(TargetAbis, RowsAreConsistent) {
  for (const TargetInfo& t : AllTargets()) {
    std::vector<AbiInfo> abis = AbisOf(t);
    ASSERT_FALSE(abis.empty()) << t.rust_triple;
    EXPECT_EQ(abis[0].abi, "C");
    for (const AbiInfo& a : abis) {
      // same_as names an accepted convention that is its own class.
      std::optional<std::string_view> target = CanonicalAbi(t, a.same_as);
      EXPECT_EQ(target, a.same_as) << t.rust_triple << " " << a.abi;
      EXPECT_NE(a.same_as, "system") << t.rust_triple;
    }
  }
}

}  // namespace
}  // namespace bindfuzz::target
