#include "harness/diff/item_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>

#include "harness/diff/abi_equivalence.h"

namespace bindfuzz::diff {
namespace {

using contract::Constant;
using contract::ConstantKind;
using contract::Enum;
using contract::Enumerator;
using contract::Function;
using contract::IntValue;
using contract::ResolveTypedefs;
using contract::SourceLoc;
using contract::Type;
using contract::TypeKind;

const char* VariadicWord(bool variadic) { return variadic ? "variadic" : "not variadic"; }

std::string CallingConventionName(const std::string& c) { return c.empty() ? std::string("C") : c; }

// Two types that print alike but differ (records of one name from
// different scopes, typedef chains): the message says what differs.
std::string SameTextDetail(const std::string& t, const std::string& a, const TypeCmp& r) {
  return t == a && r.diff != TypeDiff::kUnknown && !r.detail.empty() ? S(" (", r.detail, ")") : std::string();
}

}  // namespace

ItemComparer::ItemComparer(const CompareContext& ctx)
    : T_(ctx.truth),
      A_(ctx.assumed),
      tl_(ctx.labels.truth),
      al_(ctx.labels.assumed),
      types_(ctx.types),
      say_(ctx.say),
      sink_(ctx.sink) {}

// --------------------------------------------------------------- enums --

void ItemComparer::CompareEnum(const Enum& te, const Enum& ae) {
  const std::string en = Q(ae.name);
  if (te.size_bytes && ae.size_bytes && te.size_bytes != ae.size_bytes) {
    Emit({.kind = MismatchKind::kEnumSize,
          .truth = Bytes(te.size_bytes),
          .assumed = Bytes(ae.size_bytes),
          .truth_loc = te.loc,
          .assumed_loc = ae.loc,
          .message = S("size of enum ", en, ": ", tl_, " ", te.size_bytes, ", ", al_, " ", ae.size_bytes),
          .consequence = say_.EnumSize(te, ae)});
  }
  const Type& tu = ResolveTypedefs(T_, te.underlying);
  const Type& au = ResolveTypedefs(A_, ae.underlying);
  if (tu.kind == TypeKind::kInt && au.kind == TypeKind::kInt && tu.bits == au.bits &&
      tu.is_signed != au.is_signed) {
    Emit({.kind = MismatchKind::kEnumSignedness,
          .truth = tu.ToString(),
          .assumed = au.ToString(),
          .truth_loc = te.loc,
          .assumed_loc = ae.loc,
          .message = S("underlying type of enum ", en, ": ", tl_, " ", tu.ToString(), ", ", al_, " ", au.ToString()),
          .consequence = say_.EnumSignedness(ae, tu, au)});
  }
  // Values are compared at the enum's width (bits of its storage).
  uint32_t width = te.size_bytes ? static_cast<uint32_t>(te.size_bytes * 8)
                                 : (tu.kind == TypeKind::kInt ? tu.bits : 64);
  std::set<uint64_t> assumed_values;
  for (const Enumerator& a : ae.enumerators) assumed_values.insert(a.value.Bits(width));
  for (const Enumerator& a : ae.enumerators) {
    const Enumerator* t = NameMatcher::FindTruthEnumerator(te, a.name, ae.name);
    bool found = false;
    if (!t) {
      found = true;
      Emit({.kind = MismatchKind::kEnumExtraValue,
            .member = a.name,
            .truth = "<absent>",
            .assumed = a.value.ToString(),
            .truth_loc = te.loc,
            .assumed_loc = a.loc,
            .message = S(al_, " enumerator ", Q(a.name), " = ", a.value.ToString(), " has no counterpart in ", tl_,
                         "'s enum ", Q(te.name)),
            .consequence = say_.EnumExtraValue(te, a, width)});
    } else if (t->value.Bits(width) != a.value.Bits(width)) {
      found = true;
      Emit({.kind = MismatchKind::kEnumValue,
            .member = a.name,
            .truth = t->value.ToString(),
            .assumed = a.value.ToString(),
            .truth_loc = t->loc,
            .assumed_loc = a.loc,
            .message = S("value of ", Q(ae.name + "::" + a.name), ": ", tl_, " ", t->value.ToString(), ", ", al_,
                         " ", a.value.ToString()),
            .consequence = say_.EnumValue(te, ae, *t, a, width)});
    }
    checked_enumerators_[a.name] = {ae.name, found};
    // bindgen's consts style also keeps each value as a constant `E_X`.
    if (ae.rust_style == "consts") checked_enumerators_[S(ae.name, "_", a.name)] = {ae.name, found};
  }
  if (ae.rust_style != "rustified") return;
  for (const Enumerator& t : te.enumerators) {
    if (assumed_values.count(t.value.Bits(width))) continue;
    Emit({.kind = MismatchKind::kEnumMissingValue,
          .member = t.name,
          .truth = t.value.ToString(),
          .assumed = "<no variant>",
          .truth_loc = t.loc,
          .assumed_loc = ae.loc,
          .message = S(tl_, " enumerator ", Q(t.name), " = ", t.value.ToString(), " has no variant in ", al_,
                       "'s rustified enum ", en),
          .consequence = say_.EnumMissingValue(ae, t)});
  }
}

const ItemComparer::Checked* ItemComparer::CheckedEnumerator(const std::string& constant) const {
  auto it = checked_enumerators_.find(constant);
  return it == checked_enumerators_.end() ? nullptr : &it->second;
}

// ----------------------------------------------------------- functions --

void ItemComparer::CompareParam(const Function& tf, const Function& af, size_t i) {
  const contract::Param& tp = tf.params[i];
  const contract::Param& ap = af.params[i];
  const std::string pname = ParamName(tp, &ap, i);
  // A Rust array parameter is passed as the array, not decayed: against a C
  // record passed by value it is compared as it is (an opaque blob of it).
  const Type& tr = ResolveTypedefs(T_, tp.type);
  const Type& ar = ResolveTypedefs(A_, ap.type);
  const bool blob = types_.IsOpaqueBlobOf(tr, ar);
  const contract::Record* tu = blob ? nullptr : TransparentUnion(T_, tp.type);
  TypeCmp r = blob ? TypeCmp{}
              : tu ? CompareTransparentUnionParam(types_, T_, A_, *tu, ap.type, tp.type)
                   : types_.Compare(Decay(T_, tp.type), Decay(A_, ap.type));
  if (r.same()) return;
  const std::string tt = TypeStr(T_, tp.type), at = TypeStr(A_, ap.type);
  const std::string msg = S("parameter ", i + 1, " (", Q(pname), ") of ", Q(af.name), ": ", tl_, " ", tt, ", ",
                            al_, " ", at, SameTextDetail(tt, at, r));
  Emit({.kind = KindOf(TypeUse::kParam, r),
        .member = pname,
        .truth = tt,
        .assumed = at,
        .truth_loc = tf.loc,
        .assumed_loc = af.loc,
        .message = r.diff == TypeDiff::kUnknown ? S(msg, ": not compared") : msg,
        .consequence = say_.Param(r, pname, tt, at)});
}

void ItemComparer::CompareReturn(const Function& tf, const Function& af) {
  TypeCmp r = types_.Compare(tf.return_type, af.return_type);
  if (r.same()) return;
  const std::string tt = TypeStr(T_, tf.return_type), at = TypeStr(A_, af.return_type);
  const std::string msg =
      S("return type of ", Q(af.name), ": ", tl_, " ", tt, ", ", al_, " ", at, SameTextDetail(tt, at, r));
  Emit({.kind = KindOf(TypeUse::kReturn, r),
        .member = "return",
        .truth = tt,
        .assumed = at,
        .truth_loc = tf.loc,
        .assumed_loc = af.loc,
        .message = r.diff == TypeDiff::kUnknown ? S(msg, ": not compared") : msg,
        .consequence = say_.Return(r, tt, at, IsVoidLike(ResolveTypedefs(T_, tf.return_type)),
                                   IsVoidLike(ResolveTypedefs(A_, af.return_type)))});
}

void ItemComparer::CompareFunction(const Function& tf, const Function& af) {
  const std::string fn = Q(af.name);
  if (!tf.has_symbol) {
    Emit({.kind = MismatchKind::kFunctionNoSymbol,
          .truth = "static inline (no symbol)",
          .assumed = "extern",
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S(tl_, " defines ", fn, " without external linkage (static inline)"),
          .consequence = say_.NoSymbol(af)});
  }
  if (tf.params.size() != af.params.size()) {
    Emit({.kind = MismatchKind::kFunctionParamCount,
          .truth = S(tf.params.size()),
          .assumed = S(af.params.size()),
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S("parameter count of ", fn, ": ", tl_, " ", tf.params.size(), ", ", al_, " ", af.params.size()),
          .consequence = say_.ParamCount(tf, af)});
  }
  const size_t common = std::min(tf.params.size(), af.params.size());
  for (size_t i = 0; i < common; ++i) CompareParam(tf, af, i);
  if (!(af.no_return && IsVoidLike(ResolveTypedefs(A_, af.return_type)) &&
        IsVoidLike(ResolveTypedefs(T_, tf.return_type)))) {
    CompareReturn(tf, af);
  }
  if (tf.variadic != af.variadic) {
    Emit({.kind = MismatchKind::kFunctionVariadic,
          .truth = tf.variadic ? "variadic" : "fixed",
          .assumed = af.variadic ? "variadic" : "fixed",
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message =
              S(fn, " is ", VariadicWord(tf.variadic), " in ", tl_, ", ", VariadicWord(af.variadic), " in ", al_),
          .consequence = say_.Variadic(tf, af)});
  }
  if (tf.calling_conv != af.calling_conv) {
    const std::string tcc = CallingConventionName(tf.calling_conv), acc = CallingConventionName(af.calling_conv);
    Emit({.kind = MismatchKind::kFunctionCallingConvention,
          .truth = tcc,
          .assumed = acc,
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S("calling convention of ", fn, ": ", tl_, " ", tcc, ", ", al_, " ", acc),
          .consequence = say_.CallingConvention(af)});
  }
  if (af.no_return && !tf.no_return) {
    Emit({.kind = MismatchKind::kFunctionNoReturn,
          .truth = "may return",
          .assumed = "never returns (-> !)",
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S(al_, " declares ", fn, " never returns; ", tl_, " does not"),
          .consequence = say_.NoReturn(af)});
  }
}

// ------------------------------------------------ typedefs and variables --

void ItemComparer::CompareTypedef(const std::string& key, const contract::Typedef& tt, const contract::Typedef& at) {
  CompareDeclaredType(TypeUse::kTypedef, key, tt.target, at.target, tt.loc, at.loc);
}

void ItemComparer::CompareVariable(const std::string& key, const contract::Variable& tv,
                                   const contract::Variable& av) {
  CompareDeclaredType(TypeUse::kVariable, key, tv.type, av.type, tv.loc, av.loc);
}

void ItemComparer::CompareDeclaredType(TypeUse use, const std::string& key, const Type& t, const Type& a,
                                       const SourceLoc& tloc, const SourceLoc& aloc) {
  TypeCmp r = types_.Compare(t, a);
  if (r.same()) return;
  const std::string ts = TypeStr(T_, t), as = TypeStr(A_, a);
  const bool is_typedef = use == TypeUse::kTypedef;
  Emit({.kind = KindOf(use, r),
        .truth = ts,
        .assumed = as,
        .truth_loc = tloc,
        .assumed_loc = aloc,
        .message = r.diff == TypeDiff::kUnknown
                       ? S(is_typedef ? "typedef " : "type of ", Q(key), " not compared: ", r.detail)
                       : S(is_typedef ? "typedef " : "type of global ", Q(key), ": ", tl_, " ", ts, ", ", al_, " ", as,
                           SameTextDetail(ts, as, r)),
        .consequence = say_.DeclaredType(use, key, r, ts, as)});
}

// ----------------------------------------------------------- constants --

void ItemComparer::CompareIntConstant(const std::string& name, const IntValue& tv, const SourceLoc& tloc,
                                      const Constant& ac) {
  const IntValue& av = ac.int_value;
  if (tv == av) return;
  Scalar as = types_.AssumedScalar(ResolveTypedefs(A_, ac.type));
  if (as.ok && !as.is_bool && !as.is_float && FitsInBits(tv, as.bits) && tv.Bits(as.bits) == av.Bits(as.bits)) {
    return;  // same bits at the Rust type's width (e.g. -1 as u32 = 4294967295)
  }
  if (tv.Bits(64) == av.Bits(64) && !(as.ok && as.bits > 64)) {
    // bindgen's `~0UL` -> `i32 = -1`: every cast Rust code can apply
    // (`as u64`, `as c_ulong`, `as u32`) sign-extends or truncates to C's
    // value, so this is a type-choice quirk, not a value mismatch.
    return;
  }
  Emit({.kind = MismatchKind::kConstantValue,
        .truth = tv.ToString(),
        .assumed = av.ToString(),
        .truth_loc = tloc,
        .assumed_loc = ac.loc,
        .message = S("value of ", Q(name), ": ", tl_, " ", tv.ToString(), ", ", al_, " ", av.ToString()),
        .consequence = say_.IntConstantValue(name, tv, av, as)});
}

void ItemComparer::CompareConstant(const Constant& tc, const Constant& ac) {
  if (tc.kind == ConstantKind::kInt && ac.kind == ConstantKind::kInt) {
    CompareIntConstant(ac.name, tc.int_value, tc.loc, ac);
    return;
  }
  bool same = false;
  if (tc.kind == ac.kind) {
    if (tc.kind == ConstantKind::kFloat) {
      same = tc.float_value == ac.float_value || (std::isnan(tc.float_value) && std::isnan(ac.float_value));
    } else {
      auto strip = [](std::string s) {
        if (!s.empty() && s.back() == '\0') s.pop_back();
        return s;
      };
      same = strip(tc.string_value) == strip(ac.string_value);
    }
  }
  if (same) return;
  const std::string ts = ConstText(tc), as = ConstText(ac);
  Emit({.kind = MismatchKind::kConstantValue,
        .truth = ts,
        .assumed = as,
        .truth_loc = tc.loc,
        .assumed_loc = ac.loc,
        .message = S("value of ", Q(ac.name), ": ", tl_, " ", ts, ", ", al_, " ", as),
        .consequence = say_.ConstantValue(ac.name, ts, as)});
}

void ItemComparer::CompareEnumeratorConstant(const std::string& key, const Enumerator& en, const Constant& ac) {
  if (ac.kind == ConstantKind::kInt) {
    CompareIntConstant(key, en.value, en.loc, ac);
    return;
  }
  const std::string ts = en.value.ToString(), as = ConstText(ac);
  Emit({.kind = MismatchKind::kConstantValue,
        .truth = ts,
        .assumed = as,
        .truth_loc = en.loc,
        .assumed_loc = ac.loc,
        .message = S(Q(key), " is a ", tl_, " enumerator (", ts, "), ", al_, " defines ", as),
        .consequence = say_.ConstantValue(key, ts, as)});
}

}  // namespace bindfuzz::diff
