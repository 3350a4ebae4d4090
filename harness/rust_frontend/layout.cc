// The Rust layout engine: size, alignment and field offsets of Rust types
// for the target (target.h), by Rust's rules for what a C binding uses —
// primitives and pointers (thin and fat), arrays, repr(C) / packed(N) /
// align(N) / transparent structs and unions, fieldless repr(C) / repr(int)
// enums, the null-pointer niche of Option, library wrappers (MaybeUninit,
// NonNull, atomics, ...) and bindgen's helper types, generic instantiations
// with their arguments bound (Env).
//
// This is the code the rustc oracle (rustc_oracle.h) validates: the sizes,
// alignments and field offsets computed here become RustLayoutFacts
// (emit.cc), and the oracle compiles and runs a probe crate over the same
// inputs that prints rustc's size_of / align_of / offset_of! for each, and
// reports every disagreement (host target only). A change here must keep
// `rustc_oracle_test` (label kernel) at zero disagreements.
//
// What Rust leaves unspecified (repr(Rust) structs, tuples, enums with data,
// Option of a type without a niche) is an error result with the reason,
// never a guess. Results are memoised per entity (Entity::layout); a cycle
// through by-value fields or aliases is an extraction error, as in rustc.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/rust_frontend/extractor.h"

namespace bindfuzz::rust_frontend {

using contract::SourceLoc;

LayoutR Extractor::PrimLayout(const Prim& p) const {
  switch (p.cat) {
    case Prim::kInt: {
      uint64_t s = p.bits / 8;
      uint64_t a = s;
      if (p.bits == 64) a = tg_.i64_align;
      if (p.bits == 128) a = tg_.i128_align;
      return LayoutR::Ok(s, a);
    }
    case Prim::kFloat:
      return p.bits == 32 ? LayoutR::Ok(4, 4) : LayoutR::Ok(8, tg_.f64_align);
    case Prim::kBool:
      return LayoutR::Ok(1, 1);
    case Prim::kChar:
      return LayoutR::Ok(4, 4);
    case Prim::kVoid:
      return LayoutR::Ok(1, 1);  // core::ffi::c_void is a 1-byte enum
    case Prim::kStr:
      return LayoutR::Err("`str` is unsized");
  }
  return LayoutR::Err("unknown primitive");
}

// Is a pointer to this type fat?
bool Extractor::IsUnsizedPointee(const TypeNode& t, size_t sc, const Env* env, int depth) const {
  if (depth > kMaxSemDepth) return false;
  switch (t.kind) {
    case TypeNode::kSlice:
    case TypeNode::kTraitObject:
      return true;
    case TypeNode::kParen:
      return !t.elems.empty() && IsUnsizedPointee(t.elems[0], sc, env, depth + 1);
    case TypeNode::kPath: {
      Res r = Resolve(t.path, env, sc);
      if (r.k == Res::kPrim && r.prim.cat == Prim::kStr) return true;
      if (r.k == Res::kParam && r.bind && r.bind->type) {
        return IsUnsizedPointee(*r.bind->type, r.bind->sc, r.bind->env, depth + 1);
      }
      if (r.k == Res::kEntity && ents_[r.ent].kind == EntKind::kAlias && ents_[r.ent].item &&
          !ents_[r.ent].item->type.empty() && !ents_[r.ent].item->generics.HasTypeOrConst()) {
        // `type S = [u8];`: a pointer to S is as fat as a pointer to [u8]
        // (a cyclic alias stops at the depth bound; it is an error anyway).
        const Entity& a = ents_[r.ent];
        return IsUnsizedPointee(a.item->type[0], a.sc, nullptr, depth + 1);
      }
      if (r.k == Res::kNone && t.path.IsSingle() && (t.path.Last() == "CStr" || t.path.Last() == "OsStr"))
        return true;
      if (r.k == Res::kNone && (t.path.Last() == "CStr" || t.path.Last() == "Path")) return true;
      return false;
    }
    default:
      return false;
  }
}

std::optional<uint64_t> Extractor::ArrayLen(const TypeNode& t, size_t sc, const Env* env, int depth,
                                            std::string* err) {
  if (t.len.empty()) {
    *err = "array without length";
    return std::nullopt;
  }
  CVal v;
  IntTy usize{tg_.ptr * 8, false};
  if (!EvalInt(t.len[0], sc, usize, env, depth + 1, &v, err)) return std::nullopt;
  if (v.i < 0 || v.i > static_cast<i128>(~uint64_t{0})) {
    *err = "array length out of range";
    return std::nullopt;
  }
  return static_cast<uint64_t>(v.i);
}

LayoutR Extractor::LayoutOfType(const TypeNode& t, size_t sc, const Env* env, int depth) {
  if (depth > kMaxSemDepth) return LayoutR::Err("type nesting too deep", true);
  if (OverBudget()) return LayoutR::Err("evaluation budget exhausted (input too complex)");
  switch (t.kind) {
    case TypeNode::kParen:
      return t.elems.empty() ? LayoutR::Err("empty") : LayoutOfType(t.elems[0], sc, env, depth + 1);
    case TypeNode::kTuple:
      if (t.elems.empty()) return LayoutR::Ok(0, 1);
      return LayoutR::Err(absl::StrCat("tuple `", SpellType(t, sc), "` has unspecified (repr(Rust)) layout"));
    case TypeNode::kNever:
      return LayoutR::Ok(0, 1);
    case TypeNode::kPtr:
    case TypeNode::kRef: {
      LayoutR r = LayoutR::Ok(tg_.ptr, tg_.ptr);
      if (!t.elems.empty() && IsUnsizedPointee(t.elems[0], sc, env, depth + 1)) {
        r.size = 2 * tg_.ptr;
        r.fat = true;
      }
      return r;
    }
    case TypeNode::kFn:
      return LayoutR::Ok(tg_.ptr, tg_.ptr);
    case TypeNode::kArray: {
      if (t.elems.empty()) return LayoutR::Err("array without element type");
      LayoutR el = LayoutOfType(t.elems[0], sc, env, depth + 1);
      if (!el.ok) return el;
      std::string err;
      std::optional<uint64_t> n = ArrayLen(t, sc, env, depth, &err);
      if (!n) return LayoutR::Err(absl::StrCat("array length of `", SpellType(t, sc), "` not evaluated: ", err));
      uint64_t size = 0;
      if (__builtin_mul_overflow(el.size, *n, &size) || size > (uint64_t{1} << 62))
        return LayoutR::Err(absl::StrCat("array `", SpellType(t, sc), "` too large"));
      return LayoutR::Ok(size, el.align);
    }
    case TypeNode::kSlice:
      return LayoutR::Err(absl::StrCat("slice `", SpellType(t, sc), "` is unsized"));
    case TypeNode::kTraitObject:
      return LayoutR::Err(absl::StrCat("trait object `", SpellType(t, sc), "` is unsized"));
    case TypeNode::kImplTrait:
    case TypeNode::kInfer:
    case TypeNode::kMacro:
      return LayoutR::Err(absl::StrCat("type `", SpellType(t, sc), "` not evaluated"));
    case TypeNode::kPath:
      break;
  }
  Res r = Resolve(t.path, env, sc);
  switch (r.k) {
    case Res::kPrim:
      return PrimLayout(r.prim);
    case Res::kParam:
      if (r.bind->is_const || !r.bind->type) return LayoutR::Err("const parameter used as a type");
      return LayoutOfType(*r.bind->type, r.bind->sc, r.bind->env, depth + 1);
    case Res::kEntity:
      return LayoutOfEntityRef(r.ent, t.path, sc, env, depth + 1);
    case Res::kBuiltin:
      return BuiltinLayout(r.bi, t, sc, env, depth + 1);
    case Res::kNone:
      break;
  }
  return LayoutR::Err(absl::StrCat("unknown type `", SpellType(t, sc), "`"));
}

LayoutR Extractor::BuiltinLayout(const BuiltinInfo& bi, const TypeNode& t, size_t sc, const Env* env, int depth) {
  const TypeNode* arg = FirstTypeArg(t.path);
  auto need_arg = [&]() { return LayoutR::Err(absl::StrCat("`", SpellType(t, sc), "`: missing type argument")); };
  switch (bi.b) {
    case Builtin::kPhantomData:
    case Builtin::kPhantomPinned:
    case Builtin::kUnionField:
      return LayoutR::Ok(0, 1);
    case Builtin::kTransparentWrapper:
    case Builtin::kOpaque:
    case Builtin::kBitfieldUnit:
      if (!arg) return need_arg();
      return LayoutOfType(*arg, sc, env, depth + 1);
    case Builtin::kIncompleteArray: {
      if (!arg) return need_arg();
      LayoutR el = LayoutOfType(*arg, sc, env, depth + 1);
      if (!el.ok) return el;
      return LayoutR::Ok(0, el.align);
    }
    case Builtin::kOpaqueArray: {
      std::vector<const GenericArg*> args = TypeArgs(t.path);
      LayoutR l;
      if (args.size() == 2 && args[0]->kind == GenericArg::kType && args[1]->kind == GenericArg::kConst) {
        LayoutR el = LayoutOfType(args[0]->type[0], sc, env, depth + 1);
        if (!el.ok) return el;
        CVal v;
        std::string err;
        if (!EvalInt(args[1]->expr[0], sc, IntTy{tg_.ptr * 8, false}, env, depth + 1, &v, &err) || v.i < 0 ||
            v.i > (i128{1} << 40))
          return LayoutR::Err("opaque array length not evaluated: " + err);
        uint64_t total = 0;
        if (__builtin_mul_overflow(el.size, static_cast<uint64_t>(v.i), &total) || total > (uint64_t{1} << 62))
          return LayoutR::Err("opaque array too large");
        l = LayoutR::Ok(total, el.align);
      } else if (arg) {
        l = LayoutOfType(*arg, sc, env, depth + 1);
        if (!l.ok) return l;
      } else {
        return need_arg();
      }
      if (bi.extra_align > l.align) {
        l.align = bi.extra_align;
        l.size = (l.size + l.align - 1) / l.align * l.align;
      }
      return l;
    }
    case Builtin::kNonNull:
    case Builtin::kBox: {
      LayoutR r = LayoutR::Ok(tg_.ptr, tg_.ptr);
      if (arg && IsUnsizedPointee(*arg, sc, env, depth + 1)) {
        r.size = 2 * tg_.ptr;
        r.fat = true;
      }
      return r;
    }
    case Builtin::kOption: {
      if (!arg) return need_arg();
      if (IsNullableNiche(*arg, sc, env, depth + 1)) return LayoutOfType(*arg, sc, env, depth + 1);
      return LayoutR::Err(absl::StrCat("`", SpellType(t, sc),
                                       "`: Option of a type without a null niche has unspecified layout"));
    }
    case Builtin::kAtomicInt: {
      uint64_t s = bi.bits / 8;
      return LayoutR::Ok(s, s);  // atomics are aligned to their size
    }
    case Builtin::kAtomicBool:
      return LayoutR::Ok(1, 1);
    case Builtin::kAtomicPtr:
      return LayoutR::Ok(tg_.ptr, tg_.ptr);
    case Builtin::kNonZero: {
      Prim p{Prim::kInt, bi.bits, bi.is_signed};
      return PrimLayout(p);
    }
    case Builtin::kNonZeroGeneric:
      if (!arg) return need_arg();
      return LayoutOfType(*arg, sc, env, depth + 1);
    case Builtin::kNone:
      break;
  }
  return LayoutR::Err("unknown builtin");
}

// Option<T> is pointer-sized with None = null for these T.
bool Extractor::IsNullableNiche(const TypeNode& t, size_t sc, const Env* env, int depth) const {
  if (depth > kMaxSemDepth) return false;
  switch (t.kind) {
    case TypeNode::kRef:
    case TypeNode::kFn:
      return true;
    case TypeNode::kParen:
      return !t.elems.empty() && IsNullableNiche(t.elems[0], sc, env, depth + 1);
    case TypeNode::kPath: {
      Res r = Resolve(t.path, env, sc);
      if (r.k == Res::kBuiltin) {
        return r.bi.b == Builtin::kNonNull || r.bi.b == Builtin::kBox || r.bi.b == Builtin::kNonZero ||
               r.bi.b == Builtin::kNonZeroGeneric;
      }
      if (r.k == Res::kParam && r.bind && r.bind->type)
        return IsNullableNiche(*r.bind->type, r.bind->sc, r.bind->env, depth + 1);
      if (r.k == Res::kEntity) {
        const Entity& e = ents_[r.ent];
        if (e.kind == EntKind::kAlias && e.item && !e.item->type.empty() && e.item->generics.Empty())
          return IsNullableNiche(e.item->type[0], e.sc, nullptr, depth + 1);
      }
      return false;
    }
    default:
      return false;
  }
}

// Layout of a named entity referenced through `path` (generic args apply).
LayoutR Extractor::LayoutOfEntityRef(int id, const Path& path, size_t sc, const Env* env, int depth) {
  Entity& e = ents_[id];
  if ((e.kind == EntKind::kStruct || e.kind == EntKind::kUnion || e.kind == EntKind::kAlias) && e.item &&
      e.item->generics.HasTypeOrConst()) {
    Env inst;
    if (!BindGenerics(e, path, sc, env, depth, &inst)) {
      return LayoutR::Err(absl::StrCat("generic arguments of `", e.rust_name, "` not evaluated"));
    }
    if (e.kind == EntKind::kAlias) {
      if (e.item->type.empty()) return LayoutR::Err("alias without target");
      return LayoutOfType(e.item->type[0], e.sc, &inst, depth + 1);
    }
    return RecordLayout(*e.item, e.sc, &inst, depth + 1, nullptr, nullptr);
  }
  return LayoutOfEntity(id, depth);
}

// Binds the generic parameters of entity `e` to the arguments of `path`
// (written in scope sc); a parameter without an argument takes its default,
// which is written in e's scope.
bool Extractor::BindGenerics(const Entity& e, const Path& path, size_t sc, const Env* env, int depth, Env* out) {
  const Generics& g = e.item->generics;
  out->g = &g;
  std::vector<const GenericArg*> args = TypeArgs(path);
  size_t ai = 0;
  for (const GenericParam& gp : g.params) {
    if (gp.kind == GenericParam::kLifetime) continue;
    Binding b;
    const GenericArg* a = ai < args.size() ? args[ai++] : nullptr;
    if (gp.kind == GenericParam::kType) {
      if (a && a->kind == GenericArg::kType && !a->type.empty()) {
        b.type = &a->type[0];
        b.sc = sc;
        b.env = env;
      } else if (!a && !gp.default_type.empty()) {
        b.type = &gp.default_type[0];
        b.sc = e.sc;
        b.env = nullptr;
      } else {
        return false;
      }
    } else {
      b.is_const = true;
      CVal v;
      std::string err;
      if (a && a->kind == GenericArg::kConst && !a->expr.empty() &&
          EvalInt(a->expr[0], sc, IntTy{}, env, depth + 1, &v, &err)) {
        b.value_ok = true;
        b.value = v.i;
      } else if (a && a->kind == GenericArg::kType && !a->type.empty() && a->type[0].kind == TypeNode::kPath) {
        // `Foo<N>` where N is a const: parsed as a type path.
        if (!EvalPath(a->type[0].path, sc, IntTy{}, env, depth + 1, &v, &err)) return false;
        b.value_ok = true;
        b.value = v.i;
      } else {
        return false;
      }
    }
    out->names.push_back(gp.name);
    out->b.push_back(b);
  }
  return true;
}

LayoutR Extractor::LayoutOfEntity(int id, int depth) {
  Entity& e = ents_[id];
  if (e.lstate == 2) return e.layout;
  if (e.lstate == 1) {
    std::string msg = e.kind == EntKind::kAlias || e.kind == EntKind::kUseAlias
                          ? absl::StrCat("cyclic type alias `", e.rust_name, "`")
                          : absl::StrCat("recursive type `", e.rust_name, "` contains itself by value");
    // rustc rejects both (E0391 / E0072): the input is not valid Rust, so
    // the whole extraction fails (exit 2) instead of guessing a layout.
    if (cycle_error_.ok() && e.item != nullptr) {
      SourceLoc l = Loc(e.sc, e.item->tok);
      cycle_error_ = absl::InvalidArgumentError(
          absl::StrCat(l.ToString(), ": ", msg, " (rustc rejects this: the bindings are malformed)"));
    }
    return LayoutR::Err(msg);
  }
  if (depth > kMaxSemDepth) return LayoutR::Err("type nesting too deep", true);
  e.lstate = 1;
  LayoutR r;
  std::vector<uint64_t> offs;
  std::vector<LayoutR> lays;
  switch (e.kind) {
    case EntKind::kStruct:
    case EntKind::kUnion:
      if (e.item->generics.HasTypeOrConst()) {
        r = LayoutR::Err(absl::StrCat("generic type `", e.rust_name, "` has no layout by itself"));
      } else {
        r = RecordLayout(*e.item, e.sc, nullptr, depth + 1, &offs, &lays);
      }
      break;
    case EntKind::kEnum:
      r = EnumLayout(e, depth + 1);
      break;
    case EntKind::kAlias:
      if (e.item->type.empty()) {
        r = LayoutR::Err("type alias without a target");
      } else if (e.item->generics.HasTypeOrConst()) {
        r = LayoutR::Err(absl::StrCat("generic type alias `", e.rust_name, "` has no layout by itself"));
      } else {
        r = LayoutOfType(e.item->type[0], e.sc, nullptr, depth + 1);
      }
      break;
    case EntKind::kUseAlias: {
      int tid = UseTarget(e);
      if (tid < 0) {
        Prim p;
        if (UsePrim(e, &p)) {
          r = PrimLayout(p);
        } else {
          r = LayoutR::Err(absl::StrCat("`use ", absl::StrJoin(e.use->path, "::"), "`: target not found"));
        }
      } else {
        r = LayoutOfEntity(tid, depth + 1);
      }
      break;
    }
    case EntKind::kModConsts: {
      const Item* ty = ModConstsType(e);
      r = ty ? LayoutOfType(ty->type[0], e.sc, nullptr, depth + 1) : LayoutR::Err("no Type alias");
      break;
    }
    case EntKind::kConst:
      r = LayoutR::Err("not a type");
      break;
  }
  if (r.too_deep && depth > 0) {  // retried later from a shallower start
    e.lstate = 0;
    return r;
  }
  e.layout = r;
  e.field_off = std::move(offs);
  e.field_lay = std::move(lays);
  e.lstate = 2;
  return r;
}

LayoutR Extractor::RecordLayout(const Item& it, size_t sc, const Env* env, int depth, std::vector<uint64_t>* offs,
                                std::vector<LayoutR>* lays) {
  if (depth > kMaxSemDepth) return LayoutR::Err("type nesting too deep", true);
  const Repr& rp = ParseRepr(it.attrs, sc);
  if (!rp.c && !rp.transparent && !rp.packed && rp.int_type.empty()) {
    return LayoutR::Err(absl::StrCat("`", it.name, "` has no #[repr(C)]: Rust layout is unspecified"));
  }
  bool is_union = it.kind == Item::kUnion;
  std::vector<LayoutR> fl;
  fl.reserve(it.fields.size());
  for (const FieldDef& f : it.fields) {
    LayoutR l = LayoutOfType(f.type, sc, env, depth + 1);
    if (!l.ok) {
      LayoutR r = LayoutR::Err(absl::StrCat("field `", f.name, "`: ", l.err), l.too_deep);
      if (lays) lays->push_back(l);
      return r;
    }
    fl.push_back(l);
  }
  if (rp.transparent) {
    // One field F with a size or alignment at offset 0, the others 1-byte-
    // aligned zero-sized ones. rustc orders fields of a transparent struct
    // as a repr(Rust) one (checked against its offset_of!): a ZST after F
    // lands at F's size; a ZST before F too when F sorts first, i.e. when
    // F is aligned above 1 or has a niche (bool); else it stays at 0.
    LayoutR res = LayoutR::Ok(0, 1);
    size_t main = fl.size();
    for (size_t i = 0; i < fl.size(); ++i) {
      if (fl[i].size > 0 || fl[i].align > 1) {
        res = fl[i];
        main = i;
      }
    }
    bool main_first = false;
    if (main < fl.size()) {
      const TypeNode& mt = it.fields[main].type;
      bool is_bool = mt.kind == TypeNode::kPath && mt.path.IsSingle() && mt.path.segments[0].name == "bool";
      main_first = fl[main].align > 1 || is_bool;
    }
    for (size_t i = 0; i < fl.size() && offs; ++i) {
      bool after = main < fl.size() && i != main && (i > main || main_first);
      offs->push_back(after ? fl[main].size : 0);
    }
    if (lays) *lays = fl;
    res.fat = false;
    return res;
  }
  uint64_t off = 0, max_align = 1, max_size = 0;
  for (size_t i = 0; i < fl.size(); ++i) {
    uint64_t a = fl[i].align;
    if (rp.packed) a = std::min(a, rp.pack);
    if (a == 0) a = 1;
    max_align = std::max(max_align, a);
    if (is_union) {
      if (offs) offs->push_back(0);
      max_size = std::max(max_size, fl[i].size);
    } else {
      off = (off + a - 1) / a * a;
      if (offs) offs->push_back(off);
      off += fl[i].size;
      if (off > (uint64_t{1} << 62)) return LayoutR::Err("record too large");
    }
  }
  if (rp.align) max_align = std::max(max_align, rp.align);
  uint64_t end = is_union ? max_size : off;
  uint64_t size = (end + max_align - 1) / max_align * max_align;
  if (lays) *lays = fl;
  return LayoutR::Ok(size, max_align);
}

// Discriminant values of a Rust enum (fieldless).
bool Extractor::EnumValues(const Entity& e, std::vector<i128>* vals, IntTy ty, std::string* err, int depth) {
  i128 next = 0;
  for (const Variant& v : e.item->variants) {
    if (!v.disc.empty()) {
      CVal c;
      if (!EvalInt(v.disc[0], e.sc, ty, nullptr, depth + 1, &c, err)) {
        *err = absl::StrCat("discriminant of `", v.name, "`: ", *err);
        return false;
      }
      next = c.i;
    }
    vals->push_back(next);
    if (__builtin_add_overflow(next, 1, &next)) {
      *err = "discriminant overflow";
      return false;
    }
  }
  return true;
}

IntTy Extractor::EnumIntTy(const Repr& rp) const {
  if (!rp.int_type.empty()) {
    Prim p;
    LookupRustPrim(rp.int_type, tg_, &p);
    return IntTy{p.bits, p.is_signed};
  }
  return IntTy{32, true};  // repr(C): C int
}

LayoutR Extractor::EnumLayout(Entity& e, int depth) {
  const Repr& rp = ParseRepr(e.item->attrs, e.sc);
  for (const Variant& v : e.item->variants) {
    if (v.shape != Variant::kUnit) {
      return LayoutR::Err(absl::StrCat("enum `", e.rust_name, "` has data-carrying variants: not modelled"));
    }
  }
  if (rp.int_type.empty() && !rp.c) {
    return LayoutR::Err(absl::StrCat("enum `", e.rust_name, "` has no #[repr(C)]/#[repr(int)]: layout unspecified"));
  }
  if (e.item->variants.empty()) return LayoutR::Err("enum without variants");
  IntTy ty = EnumIntTy(rp);
  if (rp.int_type.empty()) {
    std::vector<i128> vals;
    std::string err;
    if (!EnumValues(e, &vals, IntTy{}, &err, depth)) return LayoutR::Err(err);
    bool fits_int = true, fits_uint = true;
    for (i128 v : vals) {
      fits_int = fits_int && v >= INT32_MIN && v <= INT32_MAX;
      fits_uint = fits_uint && v >= 0 && v <= UINT32_MAX;
    }
    if (!fits_int && !fits_uint) {
      return LayoutR::Err("repr(C) enum with discriminants beyond 32 bits: size is compiler-chosen");
    }
    // rustc: the smallest integer of at least the target's C enum size
    // (c-enum-min-bits: 32, or 8 where C enums are short) that holds every
    // discriminant, unsigned when none is negative.
    i128 lo = 0, hi = 0;
    for (size_t i = 0; i < vals.size(); ++i) {
      lo = i == 0 ? vals[i] : std::min(lo, vals[i]);
      hi = i == 0 ? vals[i] : std::max(hi, vals[i]);
    }
    uint32_t bits = std::max<uint32_t>(tg_.c_enum_min_bits, 8);
    while (bits < 32) {
      i128 smax = (i128{1} << (bits - 1)) - 1, smin = -(i128{1} << (bits - 1)), umax = (i128{1} << bits) - 1;
      if (lo >= 0 ? hi <= umax : (lo >= smin && hi <= smax)) break;
      bits *= 2;
    }
    return LayoutR::Ok(bits / 8, std::min<uint64_t>(bits / 8, bits == 64 ? tg_.i64_align : bits / 8));
  }
  Prim p{Prim::kInt, ty.bits, ty.is_signed};
  return PrimLayout(p);
}

}  // namespace bindfuzz::rust_frontend
