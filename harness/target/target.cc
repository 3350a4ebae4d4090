#include "harness/target/target.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace bindfuzz::target {
namespace {

// The generated table. Rows are designated initializers in TargetInfo /
// AbiInfo member order.
constexpr TargetInfo kTargets[] = {
#define BF_TABLE_RUSTC(version)
#define BF_TARGET(...) TargetInfo{__VA_ARGS__},
#define BF_TARGET_ABI(...)
#include "harness/target/target_table.inc"
#undef BF_TABLE_RUSTC
#undef BF_TARGET
#undef BF_TARGET_ABI
};

constexpr AbiInfo kAbis[] = {
#define BF_TABLE_RUSTC(version)
#define BF_TARGET(...)
#define BF_TARGET_ABI(...) AbiInfo{__VA_ARGS__},
#include "harness/target/target_table.inc"
#undef BF_TABLE_RUSTC
#undef BF_TARGET
#undef BF_TARGET_ABI
};

constexpr std::string_view kRustcVersion =
#define BF_TABLE_RUSTC(version) version
#define BF_TARGET(...)
#define BF_TARGET_ABI(...)
#include "harness/target/target_table.inc"
#undef BF_TABLE_RUSTC
#undef BF_TARGET
#undef BF_TARGET_ABI
    ;

constexpr std::string_view kCoreFfiNames[] = {
    "c_char",  "c_schar",     "c_uchar",  "c_short",    "c_ushort", "c_int",
    "c_uint",  "c_long",      "c_ulong",  "c_longlong", "c_ulonglong", "c_float",
    "c_double", "c_size_t",   "c_ssize_t", "c_ptrdiff_t", "c_void",
};

constexpr std::string_view kStdOsRawNames[] = {
    "c_char", "c_schar", "c_uchar", "c_short", "c_ushort", "c_int", "c_uint",
    "c_long", "c_ulong", "c_longlong", "c_ulonglong", "c_float", "c_double", "c_void",
};

constexpr std::string_view kRustPrimNames[] = {
    "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "i128", "u128",
    "isize", "usize", "f32", "f64", "bool", "char",
};

absl::string_view AV(std::string_view v) { return absl::string_view(v.data(), v.size()); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "i64" -> "u64" (the unsigned twin of a signed primitive name).
std::string_view Unsigned(std::string_view signed_prim) {
  for (std::string_view p : kRustPrimNames)
    if (p.size() == signed_prim.size() && p[0] == 'u' && p.substr(1) == signed_prim.substr(1)) return p;
  return {};
}

}  // namespace

absl::Span<const TargetInfo> AllTargets() { return kTargets; }

std::string_view TableRustcVersion() { return kRustcVersion; }

std::vector<std::string> SupportedTargets() {
  std::vector<std::string> out;
  for (const TargetInfo& t : kTargets) out.emplace_back(t.rust_triple);
  return out;
}

std::string SupportedTargetsMessage() {
  std::string out = "supported targets (Rust triple, clang triple):";
  for (const TargetInfo& t : kTargets) absl::StrAppend(&out, "\n  ", AV(t.rust_triple), "  ", AV(t.clang_triple));
  return out;
}

const TargetInfo* FindByRustTriple(std::string_view rust_triple) {
  for (const TargetInfo& t : kTargets)
    if (t.rust_triple == rust_triple) return &t;
  return nullptr;
}

std::string NormalizeClangTriple(std::string_view triple) {
  std::vector<std::string> parts = absl::StrSplit(Lower(triple), '-');
  if (parts.size() >= 3 && (parts[1] == "pc" || parts[1] == "unknown" || parts[1] == "ibm"))
    parts.erase(parts.begin() + 1);
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string& p = parts[i];
    size_t alpha = 0;
    while (alpha < p.size() && std::isalpha(static_cast<unsigned char>(p[alpha]))) ++alpha;
    std::string_view name = std::string_view(p).substr(0, alpha);
    bool versioned_os = name == "darwin" || name == "macosx" || name == "macos" || name == "ios" || name == "msvc";
    bool rest_is_version = alpha < p.size() && std::all_of(p.begin() + alpha, p.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == '.';
    });
    if (versioned_os && rest_is_version) p.resize(alpha);
  }
  return absl::StrJoin(parts, "-");
}

const TargetInfo* FindByClangTriple(std::string_view clang_triple) {
  if (clang_triple.empty()) return nullptr;
  std::string want = NormalizeClangTriple(clang_triple);
  for (const TargetInfo& t : kTargets) {
    if (NormalizeClangTriple(t.clang_triple) == want) return &t;
    for (absl::string_view a : absl::StrSplit(AV(t.clang_aliases), ' ', absl::SkipEmpty()))
      if (NormalizeClangTriple(std::string_view(a.data(), a.size())) == want) return &t;
  }
  return nullptr;
}

absl::StatusOr<const TargetInfo*> LookupTarget(std::string_view triple) {
  if (const TargetInfo* t = FindByRustTriple(triple)) return t;
  if (const TargetInfo* t = FindByClangTriple(triple)) return t;
  return absl::NotFoundError(absl::StrCat("unknown target '", AV(triple), "'; ", SupportedTargetsMessage()));
}

absl::StatusOr<const TargetInfo*> ResolveTarget(std::string_view c_triple, std::string_view rust_triple,
                                                std::string_view default_triple) {
  if (c_triple.empty() && rust_triple.empty()) return LookupTarget(default_triple);
  if (rust_triple.empty()) return LookupTarget(c_triple);
  absl::StatusOr<const TargetInfo*> rust = LookupTarget(rust_triple);
  if (c_triple.empty() || !rust.ok()) return rust;
  absl::StatusOr<const TargetInfo*> c = LookupTarget(c_triple);
  if (!c.ok()) return c;
  if (*c != *rust) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the C side targets '", AV(c_triple), "' (", AV((*c)->rust_triple), ") but the Rust side '", AV(rust_triple),
        "' (", AV((*rust)->rust_triple), "): both sides must be on one target; ", SupportedTargetsMessage()));
  }
  return rust;
}

std::optional<std::string> ClangTargetFromFlags(const std::vector<std::string>& flags) {
  std::optional<std::string> found;
  for (size_t i = 0; i < flags.size(); ++i) {
    std::string_view f = flags[i];
    if (f.substr(0, 9) == "--target=") {
      found = std::string(f.substr(9));
    } else if ((f == "-target" || f == "--target") && i + 1 < flags.size()) {
      found = flags[++i];
    }
  }
  return found;
}

absl::Span<const std::string_view> CoreFfiNames() { return kCoreFfiNames; }
absl::Span<const std::string_view> StdOsRawNames() { return kStdOsRawNames; }

std::optional<std::string_view> CoreFfiAlias(const TargetInfo& t, std::string_view name) {
  // core::ffi: c_char/c_int/c_uint/c_long/c_ulong depend on the target (the
  // table's columns); the rest are the same type on every target.
  if (name == "c_char") return t.c_char;
  if (name == "c_int") return t.c_int;
  if (name == "c_uint") return Unsigned(t.c_int);
  if (name == "c_long") return t.c_long;
  if (name == "c_ulong") return Unsigned(t.c_long);
  static constexpr std::pair<std::string_view, std::string_view> kFixed[] = {
      {"c_schar", "i8"},       {"c_uchar", "u8"},      {"c_short", "i16"},    {"c_ushort", "u16"},
      {"c_longlong", "i64"},   {"c_ulonglong", "u64"}, {"c_float", "f32"},    {"c_double", "f64"},
      {"c_size_t", "usize"},   {"c_ssize_t", "isize"}, {"c_ptrdiff_t", "isize"}, {"c_void", "c_void"},
  };
  for (const auto& [n, p] : kFixed)
    if (n == name) return p;
  return std::nullopt;
}

absl::Span<const std::string_view> RustPrimNames() { return kRustPrimNames; }

std::optional<PrimLayout> RustPrimLayout(const TargetInfo& t, std::string_view prim) {
  using K = PrimLayout::Kind;
  if (prim == "bool") return PrimLayout{1, t.align_i8, K::kBool};
  if (prim == "char") return PrimLayout{4, t.align_i32, K::kChar};
  if (prim == "f32") return PrimLayout{4, t.align_f32, K::kFloat};
  if (prim == "f64") return PrimLayout{8, t.align_f64, K::kFloat};
  if (prim.size() < 2 || (prim[0] != 'i' && prim[0] != 'u')) return std::nullopt;
  K kind = prim[0] == 'i' ? K::kSignedInt : K::kUnsignedInt;
  std::string_view bits = prim.substr(1);
  if (bits == "size") return PrimLayout{t.pointer_bits / 8, t.align_ptr, kind};
  if (bits == "8") return PrimLayout{1, t.align_i8, kind};
  if (bits == "16") return PrimLayout{2, t.align_i16, kind};
  if (bits == "32") return PrimLayout{4, t.align_i32, kind};
  if (bits == "64") return PrimLayout{8, t.align_i64, kind};
  if (bits == "128") return PrimLayout{16, t.align_i128, kind};
  return std::nullopt;
}

std::vector<AbiInfo> AbisOf(const TargetInfo& t) {
  std::vector<AbiInfo> out;
  for (const AbiInfo& a : kAbis)
    if (a.rust_triple == t.rust_triple) out.push_back(a);
  return out;
}

std::optional<std::string_view> CanonicalAbi(const TargetInfo& t, std::string_view abi) {
  constexpr std::string_view kUnwind = "-unwind";
  if (abi.size() > kUnwind.size() && abi.substr(abi.size() - kUnwind.size()) == kUnwind)
    abi.remove_suffix(kUnwind.size());
  for (const AbiInfo& a : kAbis)
    if (a.rust_triple == t.rust_triple && a.abi == abi) return a.same_as;
  return std::nullopt;
}

}  // namespace bindfuzz::target
