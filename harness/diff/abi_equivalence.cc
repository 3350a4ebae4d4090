#include "harness/diff/abi_equivalence.h"

#include <string>
#include <vector>

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Record;
using contract::ResolveTypedefs;
using contract::Type;
using contract::TypeKind;

bool IsFnPointer(const Contract& c, const Type& t) {
  return t.kind == TypeKind::kPointer && !t.inner.empty() &&
         ResolveTypedefs(c, t.inner[0]).kind == TypeKind::kFunction;
}

bool IsVoidPointer(const Contract& c, const Type& t) {
  return t.kind == TypeKind::kPointer && !t.inner.empty() && IsVoidLike(ResolveTypedefs(c, t.inner[0]));
}

// "function pointer", "void pointer" or "pointer-sized integer" (`t`
// resolved).
std::string What(const Contract& c, const Type& t) {
  if (IsFnPointer(c, t)) return "function pointer";
  if (IsVoidPointer(c, t)) return "data pointer";
  return "pointer-sized integer";
}

}  // namespace

std::optional<TypeCmp> FnDataPointer(const Contract& truth, const Type& t, const Contract& assumed, const Type& a) {
  const bool tf = IsFnPointer(truth, t), af = IsFnPointer(assumed, a);
  if (tf == af) return std::nullopt;
  const Contract& oc = tf ? assumed : truth;
  const Type& other = tf ? a : t;
  const uint32_t ptr_bits = truth.target.pointer_bits;
  const bool data = IsVoidPointer(oc, other);
  const bool word = other.kind == TypeKind::kInt && ptr_bits != 0 && other.bits == ptr_bits &&
                    assumed.target.pointer_bits == ptr_bits;
  if (!data && !word) return std::nullopt;
  TypeCmp r;
  r.diff = TypeDiff::kFnData;
  r.detail = S(What(truth, t), " vs ", What(assumed, a));
  return r;
}

std::string FnDataConsequence(const Labels& l, const TypeCmp& r, TypeUse use, const std::string& what) {
  const bool truth_fn = r.detail.starts_with("function pointer");
  const std::string& fn_side = truth_fn ? l.truth : l.assumed;
  const std::string& data_side = truth_fn ? l.assumed : l.truth;
  const std::string other = r.detail.substr(r.detail.find(" vs ") + 4);
  const std::string data_word = truth_fn ? other : r.detail.substr(0, r.detail.find(" vs "));
  std::string how;
  switch (use) {
    case TypeUse::kParam:
      how = S(fn_side, " treats ", what, " as code it may call, ", data_side, " as a ", data_word);
      break;
    case TypeUse::kReturn:
      how = S(fn_side, " treats the return value as code it may call, ", data_side, " as a ", data_word);
      break;
    default:
      how = S(fn_side, " treats ", what, " as code it may call, ", data_side, " as a ", data_word);
      break;
  }
  return S(how, ": every supported target stores and passes the two alike, but a data address called as "
                "a function, or code read, written or freed as data, is undefined behaviour; check which the ",
           l.truth, " side means");
}

const Record* DataPointerUnion(const Contract& uc, const Type& u) {
  if (u.kind != TypeKind::kRecord) return nullptr;
  auto it = uc.records.find(u.name);
  if (it == uc.records.end()) return nullptr;
  const Record& r = it->second;
  const uint32_t ptr_bits = uc.target.pointer_bits;
  if (r.kind != contract::RecordKind::kUnion || !r.complete || r.opaque || r.fields.empty() || ptr_bits == 0 ||
      r.size_bytes * 8 != ptr_bits) {
    return nullptr;
  }
  for (const contract::Field& f : r.fields) {
    const Type& ft = ResolveTypedefs(uc, f.type);
    if (ft.kind != TypeKind::kPointer || IsFnPointer(uc, ft) || f.is_bitfield) return nullptr;
  }
  return &r;
}

bool DataPointerUnionAsVoidPointer(const Contract& uc, const Type& u, const Contract& pc, const Type& p) {
  return IsVoidPointer(pc, p) && pc.target.pointer_bits == uc.target.pointer_bits && DataPointerUnion(uc, u);
}

const Record* TransparentUnion(const Contract& truth, const Type& param_type) {
  const Type& t = ResolveTypedefs(truth, param_type);
  if (t.kind != TypeKind::kRecord) return nullptr;
  auto it = truth.records.find(t.name);
  const Record* r = it == truth.records.end() ? nullptr : &it->second;
  if (!r || !r->transparent_union || !r->complete || r->fields.empty()) return nullptr;
  return r;
}

TypeCmp CompareTransparentUnionParam(const TypeComparer& types, const Contract& truth, const Contract& assumed,
                                     const Record& u, const Type& a, const Type& truth_param) {
  TypeCmp whole = types.Compare(Decay(truth, truth_param), Decay(assumed, a));
  if (whole.same()) return whole;
  const Type ad = Decay(assumed, a);
  std::optional<TypeCmp> sign;
  std::vector<std::string> accepted;
  for (const contract::Field& f : u.fields) {
    TypeCmp r = types.Compare(Decay(truth, f.type), ad);
    if (r.same()) return r;
    if (r.diff == TypeDiff::kSignedness && !sign) sign = r;
    accepted.push_back(TypeStr(truth, f.type));
  }
  if (sign) return *sign;
  TypeCmp first = types.Compare(Decay(truth, u.fields.front().type), ad);
  if (first.diff == TypeDiff::kUnknown || first.diff == TypeDiff::kFnData) return first;
  std::string list;
  for (size_t i = 0; i < accepted.size(); ++i) list += S(i ? ", " : "", accepted[i]);
  first.diff = first.diff == TypeDiff::kFnSig || first.diff == TypeDiff::kWidth ? first.diff : TypeDiff::kKind;
  first.detail = S("transparent union ", Q(u.name), " is passed as its first member and accepts ", list, "; ",
                   first.detail);
  return first;
}

std::map<std::string, std::string> TruthFunctionsByAsmLabel(const Contract& truth) {
  std::map<std::string, std::string> out;
  for (const auto& [key, f] : truth.functions) {
    if (!f.asm_label.empty() && f.asm_label != key) out.emplace(f.asm_label, key);
  }
  return out;
}

}  // namespace bindfuzz::diff
