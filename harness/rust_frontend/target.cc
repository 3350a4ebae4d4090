#include "harness/rust_frontend/target.h"

#include <cctype>
#include <optional>

#include "absl/strings/str_cat.h"

namespace bindfuzz::rust_frontend {

absl::StatusOr<Target> MakeTarget(const RustFrontendOptions& o) {
  absl::StatusOr<const target::TargetInfo*> info = target::LookupTarget(o.target_triple);
  if (!info.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported target triple '", o.target_triple, "' (",
                                                   target::SupportedTargetsMessage(), ")"));
  }
  const target::TargetInfo& ti = **info;
  auto bits = [](std::string_view prim) -> uint32_t {
    return prim == "i8" || prim == "u8" ? 8 : prim == "i16" || prim == "u16" ? 16 : prim == "i32" || prim == "u32" ? 32 : 64;
  };
  Target t;
  t.triple = o.target_triple;
  t.info = &ti;
  t.ptr = ti.pointer_bits / 8;
  t.long_bytes = bits(ti.c_long) / 8;
  t.c_int_bits = bits(ti.c_int);
  t.char_signed = ti.c_char == "i8";
  t.i64_align = ti.align_i64;
  t.f64_align = ti.align_f64;
  t.i128_align = ti.align_i128;
  t.c_enum_min_bits = ti.c_enum_min_bits;
  if (o.c_char_signed.has_value()) t.char_signed = *o.c_char_signed;
  return t;
}

bool LookupRustPrim(std::string_view n, const Target& tg, Prim* p) {
  struct E { const char* n; Prim::Cat c; uint32_t bits; bool s; };
  static const E kPrims[] = {
      {"u8", Prim::kInt, 8, false},    {"i8", Prim::kInt, 8, true},
      {"u16", Prim::kInt, 16, false},  {"i16", Prim::kInt, 16, true},
      {"u32", Prim::kInt, 32, false},  {"i32", Prim::kInt, 32, true},
      {"u64", Prim::kInt, 64, false},  {"i64", Prim::kInt, 64, true},
      {"u128", Prim::kInt, 128, false}, {"i128", Prim::kInt, 128, true},
      {"f32", Prim::kFloat, 32, false}, {"f64", Prim::kFloat, 64, false},
      {"bool", Prim::kBool, 8, false}, {"char", Prim::kChar, 32, false},
      {"str", Prim::kStr, 0, false},
  };
  for (const E& e : kPrims) {
    if (n == e.n) {
      *p = Prim{e.c, e.bits, e.s};
      return true;
    }
  }
  if (n == "usize" || n == "isize") {
    *p = Prim{Prim::kInt, tg.ptr * 8, n == "isize"};
    return true;
  }
  return false;
}

bool LookupCType(std::string_view n, const Target& tg, Prim* p) {
  uint32_t lb = tg.long_bytes * 8;
  struct E { const char* n; Prim::Cat c; uint32_t bits; bool s; };
  const E kC[] = {
      {"c_schar", Prim::kInt, 8, true},   {"c_uchar", Prim::kInt, 8, false},
      {"c_short", Prim::kInt, 16, true},  {"c_ushort", Prim::kInt, 16, false},
      {"c_int", Prim::kInt, tg.c_int_bits, true}, {"c_uint", Prim::kInt, tg.c_int_bits, false},
      {"c_long", Prim::kInt, lb, true},   {"c_ulong", Prim::kInt, lb, false},
      {"c_longlong", Prim::kInt, 64, true}, {"c_ulonglong", Prim::kInt, 64, false},
      {"c_float", Prim::kFloat, 32, false}, {"c_double", Prim::kFloat, 64, false},
      {"c_size_t", Prim::kInt, tg.ptr * 8, false}, {"c_ssize_t", Prim::kInt, tg.ptr * 8, true},
      {"c_ptrdiff_t", Prim::kInt, tg.ptr * 8, true},
  };
  for (const E& e : kC) {
    if (n == e.n) {
      *p = Prim{e.c, e.bits, e.s};
      return true;
    }
  }
  if (n == "c_char") {
    *p = Prim{Prim::kInt, 8, tg.char_signed};
    return true;
  }
  if (n == "c_void") {
    *p = Prim{Prim::kVoid, 0, false};
    return true;
  }
  return false;
}

std::string ContractCallingConv(std::string_view abi, const Target& tg) {
  if (abi.empty()) abi = "C";
  std::optional<std::string_view> same =
      tg.info != nullptr ? target::CanonicalAbi(*tg.info, abi) : std::optional<std::string_view>();
  if (!same) return abi == "C" ? std::string() : std::string(abi);
  if (*same == "C" || *same == "cdecl") return std::string();
  // Rust's names of the conventions clang spells differently.
  if (*same == "win64") return "ms_abi";
  if (*same == "sysv64") return "sysv_abi";
  return std::string(*same);
}

namespace {

// `AtomicU32` / `NonZeroI64` style names: the integer after `prefix`.
bool IntSuffix(std::string_view n, std::string_view prefix, const Target& tg, BuiltinInfo* out) {
  if (n.substr(0, prefix.size()) != prefix) return false;
  std::string low(n.substr(prefix.size()));
  for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Prim p;
  if (!LookupRustPrim(low, tg, &p) || p.cat != Prim::kInt) return false;
  out->bits = p.bits;
  out->is_signed = p.is_signed;
  return true;
}

}  // namespace

BuiltinInfo LookupBuiltin(std::string_view n, const Target& tg) {
  BuiltinInfo bi;
  if (n == "PhantomData") bi.b = Builtin::kPhantomData;
  else if (n == "PhantomPinned") bi.b = Builtin::kPhantomPinned;
  else if (n == "MaybeUninit" || n == "ManuallyDrop" || n == "UnsafeCell" || n == "Cell" ||
           n == "SyncUnsafeCell" || n == "Pin" || n == "Wrapping" || n == "Saturating")
    bi.b = Builtin::kTransparentWrapper;
  else if (n == "Opaque") bi.b = Builtin::kOpaque;
  else if (n == "NonNull") bi.b = Builtin::kNonNull;
  else if (n == "Option") bi.b = Builtin::kOption;
  else if (n == "Box") bi.b = Builtin::kBox;
  else if (n == "AtomicBool") bi.b = Builtin::kAtomicBool;
  else if (n == "AtomicPtr") bi.b = Builtin::kAtomicPtr;
  else if (n == "NonZero") bi.b = Builtin::kNonZeroGeneric;
  else if (n == "__BindgenBitfieldUnit") bi.b = Builtin::kBitfieldUnit;
  else if (n == "__IncompleteArrayField") bi.b = Builtin::kIncompleteArray;
  else if (n == "__BindgenUnionField") bi.b = Builtin::kUnionField;
  else if (n.substr(0, 20) == "__BindgenOpaqueArray") {
    bi.b = Builtin::kOpaqueArray;
    std::string_view rest = n.substr(20);
    uint32_t a = 0;
    for (char c : rest) {
      if (c < '0' || c > '9' || a > 1u << 20) return BuiltinInfo{};
      a = a * 10 + static_cast<uint32_t>(c - '0');
    }
    bi.extra_align = a;
  } else if (n.substr(0, 6) == "Atomic") {
    if (IntSuffix(n, "Atomic", tg, &bi)) bi.b = Builtin::kAtomicInt;
  } else if (n.substr(0, 7) == "NonZero") {
    if (IntSuffix(n, "NonZero", tg, &bi)) bi.b = Builtin::kNonZero;
  }
  return bi;
}

}  // namespace bindfuzz::rust_frontend
