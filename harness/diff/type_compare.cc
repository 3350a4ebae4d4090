#include "harness/diff/type_compare.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/diff/abi_equivalence.h"

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Enum;
using contract::ResolveTypedefs;
using contract::Type;
using contract::TypeKind;

TypeCmp Make(TypeDiff d, std::string detail) {
  TypeCmp r;
  r.diff = d;
  r.detail = std::move(detail);
  return r;
}

bool IsCVoidName(std::string_view n) { return n == "c_void" || n.ends_with("::c_void"); }

bool IsScalarKind(TypeKind k) {
  return k == TypeKind::kInt || k == TypeKind::kBool || k == TypeKind::kEnum;
}

// The typedef names `t` goes through before it resolves.
std::vector<std::string> ChainNames(const Contract& c, const Type& t) {
  std::vector<std::string> out;
  const Type* cur = &t;
  for (int i = 0; i < 64 && cur->kind == TypeKind::kTypedef; ++i) {
    out.push_back(cur->name);
    auto it = c.typedefs.find(cur->name);
    if (it == c.typedefs.end()) break;
    cur = &it->second.target;
  }
  return out;
}

// `e` is the enum a kEnum type names, or null when unknown.
Scalar ScalarOf(const Contract& c, const Type& t, const Enum* e) {
  Scalar s;
  switch (t.kind) {
    case TypeKind::kInt:
      s.ok = t.bits != 0;
      s.bits = t.bits;
      s.is_signed = t.is_signed;
      return s;
    case TypeKind::kBool:
      s.ok = true;
      s.is_bool = true;
      s.bits = t.bits ? t.bits : 8;
      return s;
    case TypeKind::kFloat:
      s.ok = t.bits != 0;
      s.is_float = true;
      s.bits = t.bits;
      return s;
    case TypeKind::kEnum: {
      if (!e) return s;
      const Type& u = ResolveTypedefs(c, e->underlying);
      if (u.kind == TypeKind::kInt && u.bits) {
        s.ok = true;
        s.bits = u.bits;
        s.is_signed = u.is_signed;
      }
      return s;
    }
    default:
      return s;
  }
}

}  // namespace

std::string Scalar::Name() const {
  if (is_bool) return "bool";
  if (is_float) return S("f", bits);
  return S(is_signed ? "i" : "u", bits);
}

bool FitsInBits(const contract::IntValue& v, uint32_t bits) {
  if (bits >= 64) {
    return !v.negative || v.magnitude <= (uint64_t{1} << 63);
  }
  if (bits == 0) return false;
  if (v.negative) return v.magnitude <= (uint64_t{1} << (bits - 1));
  return v.magnitude < (uint64_t{1} << bits);
}

MismatchKind KindOf(TypeUse use, const TypeCmp& r) {
  if (r.diff == TypeDiff::kUnknown) return MismatchKind::kUnevaluated;
  // Same bits, other meaning, wherever it occurs: a warning.
  if (r.diff == TypeDiff::kFnData) return MismatchKind::kFunctionDataPointer;
  switch (use) {
    case TypeUse::kField:
      switch (r.diff) {
        case TypeDiff::kSignedness: return MismatchKind::kFieldSignedness;
        case TypeDiff::kFnSig: return MismatchKind::kFunctionPointerType;
        case TypeDiff::kWidth: return MismatchKind::kFieldWidth;
        default: return MismatchKind::kFieldType;
      }
    case TypeUse::kParam:
      switch (r.diff) {
        case TypeDiff::kWidth: return MismatchKind::kFunctionParamWidth;
        case TypeDiff::kSignedness: return MismatchKind::kFunctionSignedness;
        case TypeDiff::kFnSig: return MismatchKind::kFunctionPointerType;
        default: return MismatchKind::kFunctionParamType;
      }
    case TypeUse::kReturn:
      switch (r.diff) {
        case TypeDiff::kWidth:
          return r.t.is_float || r.a.is_float ? MismatchKind::kFunctionReturnType
                                              : MismatchKind::kFunctionReturnWidth;
        case TypeDiff::kSignedness: return MismatchKind::kFunctionSignedness;
        case TypeDiff::kFnSig: return MismatchKind::kFunctionPointerType;
        default: return MismatchKind::kFunctionReturnType;
      }
    // One rule for signedness wherever it occurs: a warning (the bits are
    // the same; values above the signed range read differently).
    case TypeUse::kTypedef:
      return r.diff == TypeDiff::kSignedness ? MismatchKind::kTypedefSignedness : MismatchKind::kTypedefMismatch;
    case TypeUse::kVariable:
      return r.diff == TypeDiff::kSignedness ? MismatchKind::kVariableSignedness : MismatchKind::kVariableType;
  }
  return MismatchKind::kUnevaluated;
}

std::string TypeStr(const Contract& c, const Type& t) {
  std::string s = t.ToString();
  if (t.kind == TypeKind::kTypedef) {
    const Type& r = ResolveTypedefs(c, t);
    if (&r != &t && r.kind != TypeKind::kTypedef) s += S(" = ", r.ToString());
  }
  return s;
}

bool IsVoidLike(const Type& t) {
  if (t.kind == TypeKind::kVoid) return true;
  if (t.kind == TypeKind::kRecord || t.kind == TypeKind::kTypedef ||
      t.kind == TypeKind::kUnknown) {
    return IsCVoidName(t.name) || IsCVoidName(t.spelling);
  }
  return false;
}

Type Decay(const Contract& c, const Type& t) {
  const Type& r = ResolveTypedefs(c, t);
  if (r.kind == TypeKind::kArray && !r.inner.empty()) return Type::PointerTo(r.inner[0]);
  if (r.kind == TypeKind::kFunction) return Type::PointerTo(r);
  return t;
}

FlatArray Flatten(const Contract& c, const Type& t) {
  FlatArray f;
  const Type* cur = &t;
  for (int i = 0; i < kMaxTypeDepth && cur->kind == TypeKind::kArray && !cur->inner.empty(); ++i) {
    if (cur->flexible) f.flexible = true;
    if (cur->flexible || cur->count == 0) f.open = true;
    if (!cur->flexible) {
      if (cur->count != 0 && f.count > UINT64_MAX / cur->count) f.overflow = true;
      f.count *= cur->count;
    }
    cur = &ResolveTypedefs(c, cur->inner[0]);
  }
  f.element = cur;
  return f;
}

TypeComparer::TypeComparer(const Contract& truth, const Contract& assumed, const NameMatcher& names,
                           Labels labels)
    : T_(truth), A_(assumed), names_(names), tl_(std::move(labels.truth)), al_(std::move(labels.assumed)) {}

Scalar TypeComparer::TruthScalar(const Type& t) const {
  return ScalarOf(T_, t, t.kind == TypeKind::kEnum ? names_.TruthEnum(t.name) : nullptr);
}

Scalar TypeComparer::AssumedScalar(const Type& t) const {
  return ScalarOf(A_, t, t.kind == TypeKind::kEnum ? names_.AssumedEnum(t.name) : nullptr);
}

bool TypeComparer::IsRustifiedEnum(const Type& a) const {
  if (a.kind != TypeKind::kEnum) return false;
  const Enum* e = names_.AssumedEnum(a.name);
  return e && e->rust_style == "rustified";
}

TypeCmp TypeComparer::Cmp(const Type& t0, const Type& a0, int depth) const {
  if (depth > kMaxTypeDepth) {
    return Make(TypeDiff::kUnknown, S("type nesting deeper than ", kMaxTypeDepth, " levels"));
  }
  const Type& t = ResolveTypedefs(T_, t0);
  const Type& a = ResolveTypedefs(A_, a0);
  bool tv = IsVoidLike(t), av = IsVoidLike(a);
  if (tv && av) return {};
  if (t.kind == TypeKind::kTypedef || a.kind == TypeKind::kTypedef) {
    std::vector<std::string> tn = ChainNames(T_, t0), an = ChainNames(A_, a0);
    for (const std::string& x : tn) {
      if (std::find(an.begin(), an.end(), x) != an.end()) return {};
    }
    const bool truth_open = t.kind == TypeKind::kTypedef;
    const size_t chain = truth_open ? tn.size() : an.size();
    return Make(TypeDiff::kUnknown,
                S(truth_open ? tl_ : al_, " typedef ", Q(truth_open ? t.name : a.name),
                  chain >= 64 ? " is cyclic or nested too deeply" : " has no definition"));
  }
  if (t.kind == TypeKind::kUnknown || a.kind == TypeKind::kUnknown) {
    const Type& u = t.kind == TypeKind::kUnknown ? t : a;
    return Make(TypeDiff::kUnknown, S(t.kind == TypeKind::kUnknown ? tl_ : al_, " type ", Q(u.spelling),
                                      " was not evaluated"));
  }
  if (tv || av) {
    return Make(TypeDiff::kKind, S(TypeStr(T_, t0), " vs ", TypeStr(A_, a0)));
  }
  if (t.kind == TypeKind::kEnum && a.kind == TypeKind::kEnum && names_.SameEnum(t.name, a.name)) {
    return {};  // sizes and values are compared at the enum itself
  }
  // Rust's opaque idiom `enum X {}` stands for C's record X, complete or
  // not: Rust only ever reaches it through pointers.
  if (t.kind == TypeKind::kRecord && a.kind == TypeKind::kEnum && names_.IsAssumedOpaqueEnum(a.name)) {
    if (names_.SameRecord(t.name, a.name) || names_.TruthOpaque(t.name)) return {};
    return Make(TypeDiff::kRecordName, S(Q(t.name), " vs opaque ", Q(a.name)));
  }
  if (IsRustifiedEnum(a)) {
    return Make(TypeDiff::kKind, S(al_, " enum ", Q(a.name), " (valid only for its variants) vs ",
                                   TypeStr(T_, t0)));
  }
  if (IsScalarKind(t.kind) && IsScalarKind(a.kind)) {
    Scalar ts = TruthScalar(t), as = AssumedScalar(a);
    if (!ts.ok || !as.ok) {
      const bool truth_bad = !ts.ok;
      return Make(TypeDiff::kUnknown, S(truth_bad ? tl_ : al_, " enum ",
                                        Q(truth_bad ? t.name : a.name),
                                        " has no known integer type"));
    }
    TypeCmp r;
    r.t = ts;
    r.a = as;
    if (as.is_bool && !ts.is_bool) {
      r.diff = TypeDiff::kKind;
      r.detail = S(TypeStr(T_, t0), " vs bool (", al_, " bool is valid only for 0 and 1)");
    } else if (ts.bits != as.bits) {
      r.diff = TypeDiff::kWidth;
      r.detail = S(ts.Name(), " vs ", as.Name());
    } else if (!ts.is_bool && !as.is_bool && ts.is_signed != as.is_signed) {
      r.diff = TypeDiff::kSignedness;
      r.detail = S(ts.Name(), " vs ", as.Name());
    }
    return r;
  }
  // A function type is only ever used through a pointer (C `typedef void
  // fn_t(void)` vs bindgen's `Option<unsafe extern "C" fn()>`).
  if (t.kind == TypeKind::kFunction && a.kind == TypeKind::kPointer && !a.inner.empty() &&
      ResolveTypedefs(A_, a.inner[0]).kind == TypeKind::kFunction) {
    return CmpFunction(t, ResolveTypedefs(A_, a.inner[0]), depth + 1);
  }
  if (a.kind == TypeKind::kFunction && t.kind == TypeKind::kPointer && !t.inner.empty() &&
      ResolveTypedefs(T_, t.inner[0]).kind == TypeKind::kFunction) {
    return CmpFunction(ResolveTypedefs(T_, t.inner[0]), a, depth + 1);
  }
  if (t.kind == TypeKind::kRecord && a.kind == TypeKind::kArray && IsOpaqueBlobOf(t, a)) return {};
  if (std::optional<TypeCmp> fd = FnDataPointer(T_, t, A_, a)) return *fd;
  if (DataPointerUnionAsVoidPointer(T_, t, A_, a) || DataPointerUnionAsVoidPointer(A_, a, T_, t)) return {};
  // A union of data pointers against a pointer of one member's type: the
  // same value (glibc's `ifa_ifu` of two `struct sockaddr *` as `*mut sockaddr`).
  if (a.kind == TypeKind::kPointer && T_.target.pointer_bits == A_.target.pointer_bits) {
    if (const contract::Record* u = DataPointerUnion(T_, t)) {
      for (const contract::Field& f : u->fields) {
        if (Cmp(f.type, a, depth + 1).same()) return {};
      }
    }
  }
  if (t.kind != a.kind) {
    return Make(TypeDiff::kKind, S(TypeStr(T_, t0), " vs ", TypeStr(A_, a0)));
  }
  switch (t.kind) {
    case TypeKind::kFloat: {
      if (t.bits == a.bits) return {};
      TypeCmp r = Make(TypeDiff::kWidth, S("f", t.bits, " vs f", a.bits));
      r.t = TruthScalar(t);
      r.a = AssumedScalar(a);
      return r;
    }
    case TypeKind::kPointer:
      return CmpPointer(t, a, depth);
    case TypeKind::kArray:
      return CmpArray(t, a, depth);
    case TypeKind::kRecord:
      if (names_.SameRecord(t.name, a.name)) return {};
      // Two opaque types under different names (`typedef struct Mem
      // sqlite3_value` bound as Rust's `Mem { _unused: [u8; 0] }`): nothing
      // of either is ever accessed; only the name differs.
      if (names_.TruthOpaque(t.name) && names_.AssumedOpaque(a.name)) return {};
      if (SameLayout(t.name, a.name, depth)) return {};
      return Make(TypeDiff::kRecordName, S(Q(t.name), " vs ", Q(a.name)));
    case TypeKind::kFunction:
      return CmpFunction(t, a, depth);
    default:
      return {};
  }
}

// Two records of different names with one layout: the same size and
// alignment, fields pairwise at the same place with the same types (libgit2's
// `git_revert_options`, a C struct of its own, bound as
// `pub type git_revert_options = git_cherrypick_options`). Only the name
// differs; the machine sees the same thing.
bool TypeComparer::SameLayout(const std::string& truth_name, const std::string& assumed_name, int depth) const {
  const contract::Record* tr = names_.TruthRecord(truth_name);
  const contract::Record* ar = names_.AssumedRecord(assumed_name);
  if (!tr || !ar || !tr->complete || !ar->complete || tr->opaque || ar->opaque || tr->kind != ar->kind ||
      tr->size_bytes != ar->size_bytes || tr->align_bytes != ar->align_bytes || tr->align_bytes == 0 ||
      tr->fields.size() != ar->fields.size() || tr->fields.empty()) {
    return false;
  }
  for (size_t i = 0; i < tr->fields.size(); ++i) {
    const contract::Field& tf = tr->fields[i];
    const contract::Field& af = ar->fields[i];
    if (tf.offset_bits != af.offset_bits || tf.size_bits != af.size_bits || tf.is_bitfield != af.is_bitfield) {
      return false;
    }
    if (!Cmp(tf.type, af.type, depth + 1).same()) return false;
  }
  return true;
}

bool TypeComparer::IsOpaqueBlobOf(const Type& t, const Type& a) const {
  if (t.kind != TypeKind::kRecord || a.kind != TypeKind::kArray) return false;
  const contract::Record* r = names_.TruthRecord(t.name);
  if (!r || !r->complete || r->opaque || r->align_bytes == 0 || r->size_bytes == 0) return false;
  FlatArray f = Flatten(A_, a);
  if (f.open || f.overflow || f.element == nullptr) return false;
  const Type& e = *f.element;
  if (e.kind != TypeKind::kInt || e.is_signed || e.bits != r->align_bytes * 8) return false;
  if (f.count * r->align_bytes != r->size_bytes) return false;
  return IntegerOnly(t.name, 0);
}

// A complete record whose members are all integers, pointers, or arrays and
// records of those: no floating-point member to change how it is passed.
bool TypeComparer::IntegerOnly(const std::string& truth_record, int depth) const {
  const contract::Record* r = names_.TruthRecord(truth_record);
  if (!r || !r->complete || depth > kMaxTypeDepth) return false;
  for (const contract::Field& f : r->fields) {
    const Type* ft = &ResolveTypedefs(T_, f.type);
    while (ft->kind == TypeKind::kArray && !ft->inner.empty()) ft = &ResolveTypedefs(T_, ft->inner[0]);
    switch (ft->kind) {
      case TypeKind::kInt:
      case TypeKind::kBool:
      case TypeKind::kEnum:
      case TypeKind::kPointer:
        break;
      case TypeKind::kRecord:
        if (!IntegerOnly(ft->name, depth + 1)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

TypeCmp TypeComparer::CmpPointer(const Type& t, const Type& a, int depth) const {
  if (t.inner.empty() || a.inner.empty()) return Make(TypeDiff::kUnknown, "pointer without pointee");
  const Type& tp = ResolveTypedefs(T_, t.inner[0]);
  const Type& ap = ResolveTypedefs(A_, a.inner[0]);
  if (std::optional<TypeCmp> fd = FnDataPointer(T_, t, A_, a)) return *fd;
  if (IsVoidLike(tp) || IsVoidLike(ap)) return {};  // void* converts to and from any data T*
  if (tp.kind == TypeKind::kFunction && ap.kind == TypeKind::kFunction) {
    return CmpFunction(tp, ap, depth + 1);
  }
  TypeCmp r = Cmp(t.inner[0], a.inner[0], depth + 1);
  switch (r.diff) {
    case TypeDiff::kSame:
    case TypeDiff::kUnknown:
      return r;
    case TypeDiff::kSignedness:
    case TypeDiff::kFnData:
      return Make(r.diff, S("pointee ", r.detail));
    default:
      return Make(TypeDiff::kPointee, S("pointer to ", TypeStr(T_, t.inner[0]), " vs pointer to ",
                                        TypeStr(A_, a.inner[0])));
  }
}

TypeCmp TypeComparer::CmpArray(const Type& t, const Type& a, int depth) const {
  if (t.inner.empty() || a.inner.empty()) return Make(TypeDiff::kUnknown, "array without element type");
  FlatArray ft = Flatten(T_, t), fa = Flatten(A_, a);
  if (ft.overflow || fa.overflow) return Make(TypeDiff::kUnknown, "array element count overflows 64 bits");
  const bool nested =
      ft.element != &ResolveTypedefs(T_, t.inner[0]) || fa.element != &ResolveTypedefs(A_, a.inner[0]);
  TypeCmp r = nested ? Cmp(*ft.element, *fa.element, depth + 1) : Cmp(t.inner[0], a.inner[0], depth + 1);
  if (r.diff == TypeDiff::kUnknown) return r;
  if (!r.same() && r.diff != TypeDiff::kSignedness && r.diff != TypeDiff::kFnData) {
    return Make(TypeDiff::kElement, S("element ", nested ? ft.element->ToString() : TypeStr(T_, t.inner[0]),
                                      " vs ", nested ? fa.element->ToString() : TypeStr(A_, a.inner[0])));
  }
  bool count_same = (ft.flexible || fa.flexible || ft.open || fa.open)
                        ? (ft.open && fa.open) || (!ft.flexible && !fa.flexible && ft.count == fa.count)
                        : ft.count == fa.count;
  if (!count_same) {
    auto len = [](const FlatArray& x) { return x.flexible ? std::string("flexible") : std::to_string(x.count); };
    return Make(TypeDiff::kArrayCount, S(len(ft), " vs ", len(fa), " elements"));
  }
  if (r.diff == TypeDiff::kSignedness || r.diff == TypeDiff::kFnData) return Make(r.diff, S("element ", r.detail));
  return {};
}

TypeCmp TypeComparer::CmpFunction(const Type& t, const Type& a, int depth) const {
  if (t.inner.empty() || a.inner.empty()) return Make(TypeDiff::kUnknown, "function type without return type");
  size_t tn = t.inner.size() - 1, an = a.inner.size() - 1;
  if (tn != an) return Make(TypeDiff::kFnSig, S(tn, " vs ", an, " parameters"));
  if (t.variadic != a.variadic) {
    return Make(TypeDiff::kFnSig, S(t.variadic ? "variadic" : "not variadic", " vs ",
                                    a.variadic ? "variadic" : "not variadic"));
  }
  if (t.calling_conv != a.calling_conv) {
    return Make(TypeDiff::kFnSig, S("calling convention ", t.calling_conv.empty() ? "C" : t.calling_conv,
                                    " vs ", a.calling_conv.empty() ? "C" : a.calling_conv));
  }
  std::string unknown, sign, fn_data;
  for (size_t i = 0; i <= tn; ++i) {
    TypeCmp r = i == 0 ? Cmp(t.inner[0], a.inner[0], depth + 1)
                       : Cmp(Decay(T_, t.inner[i]), Decay(A_, a.inner[i]), depth + 1);
    std::string where = i == 0 ? "return " : S("parameter ", i, " ");
    if (r.diff == TypeDiff::kUnknown) {
      if (unknown.empty()) unknown = where + r.detail;
    } else if (r.diff == TypeDiff::kSignedness) {
      if (sign.empty()) sign = where + r.detail;
    } else if (r.diff == TypeDiff::kFnData) {
      if (fn_data.empty()) fn_data = where + r.detail;
    } else if (!r.same()) {
      return Make(TypeDiff::kFnSig, where + r.detail);
    }
  }
  if (!unknown.empty()) return Make(TypeDiff::kUnknown, unknown);
  if (!fn_data.empty()) return Make(TypeDiff::kFnData, fn_data);
  if (!sign.empty()) return Make(TypeDiff::kSignedness, sign);
  return {};
}

}  // namespace bindfuzz::diff
