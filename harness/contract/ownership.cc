#include "harness/contract/ownership.h"

#include <string>

namespace bindfuzz::contract {

const char* NullabilityName(Nullability n) {
  switch (n) {
    case Nullability::kNonNull: return "nonnull";
    case Nullability::kNullable: return "nullable";
    case Nullability::kErrPtr: return "errptr";
    case Nullability::kErrPtrOrNull: return "errptr_or_null";
  }
  return "?";
}

const char* ParamModeName(ParamMode m) {
  switch (m) {
    case ParamMode::kScalar: return "scalar";
    case ParamMode::kBorrowed: return "borrowed";
    case ParamMode::kConsumed: return "consumed";
    case ParamMode::kRetained: return "retained";
    case ParamMode::kBufIn: return "buf_in";
    case ParamMode::kBufOut: return "buf_out";
    case ParamMode::kStrIn: return "str";
    case ParamMode::kLen: return "len";
    case ParamMode::kOutOwned: return "out_owned";
    case ParamMode::kOutBorrowed: return "out_borrowed";
    case ParamMode::kUnknown: return "unknown";
    case ParamMode::kCallback: return "callback";
    case ParamMode::kUserData: return "user_data";
  }
  return "?";
}

const char* ReturnKindName(ReturnKind k) {
  switch (k) {
    case ReturnKind::kVoid: return "void";
    case ReturnKind::kScalar: return "scalar";
    case ReturnKind::kOwned: return "owned";
    case ReturnKind::kBorrowed: return "borrowed";
    case ReturnKind::kStr: return "str";
    case ReturnKind::kBuf: return "buf";
    case ReturnKind::kPtr: return "ptr";
  }
  return "?";
}

const char* LenUnitName(LenUnit u) { return u == LenUnit::kElements ? "elems" : "bytes"; }

const char* CallbackArgModeName(CallbackArgMode m) {
  switch (m) {
    case CallbackArgMode::kScalar: return "scalar";
    case CallbackArgMode::kBorrowed: return "borrowed";
    case CallbackArgMode::kKept: return "kept";
    case CallbackArgMode::kOwned: return "owned";
    case CallbackArgMode::kUserData: return "user_data";
  }
  return "?";
}

namespace {

struct Scalar {
  const char* spelling;
  uint32_t bits;
  bool is_signed;
};
constexpr Scalar kScalars[] = {
    {"i8", 8, true},   {"i16", 16, true},  {"i32", 32, true},  {"i64", 64, true},
    {"u8", 8, false},  {"u16", 16, false}, {"u32", 32, false}, {"u64", 64, false},
    {"isize", 64, true}, {"usize", 64, false},
};

}  // namespace

bool ScalarType(const std::string& spelling, Type* out) {
  if (spelling == "bool") {
    *out = Type::Bool();
    return true;
  }
  for (const Scalar& s : kScalars) {
    if (spelling == s.spelling) {
      *out = Type::Int(s.bits, s.is_signed, s.spelling);
      return true;
    }
  }
  return false;
}

std::string ScalarSpelling(const Type& t) {
  if (t.kind == TypeKind::kBool) return "bool";
  if (t.kind != TypeKind::kInt) return "";
  for (const Scalar& s : kScalars) {
    if (t.spelling == s.spelling && t.bits == s.bits && t.is_signed == s.is_signed) return s.spelling;
  }
  // Nearest fixed-width spelling.
  uint32_t bits = t.bits <= 8 ? 8 : t.bits <= 16 ? 16 : t.bits <= 32 ? 32 : 64;
  return (t.is_signed ? "i" : "u") + std::to_string(bits);
}

void ClearSpecLocs(OwnershipSpec& spec) {
  spec.file.clear();
  for (auto& [name, r] : spec.resources) r.loc = {};
  for (FunctionSpec& f : spec.functions) {
    f.loc = {};
    f.ret.loc = {};
    for (ParamSpec& p : f.params) p.loc = {};
  }
  for (CallbackSpec& c : spec.callbacks) {
    c.loc = {};
    for (CallbackArgSpec& a : c.params) a.loc = {};
  }
  spec.reset_loc = {};
}

}  // namespace bindfuzz::contract
