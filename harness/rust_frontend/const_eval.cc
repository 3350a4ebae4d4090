// Constant evaluation: the values of `const` items, enum discriminants,
// array lengths and const generic arguments, as rustc computes them in a
// const context — typed integers (unsuffixed literals typed by their
// context), bool, char, floats and string literals; size_of / align_of
// through the layout engine; `<int>::MAX`/`MIN`/`BITS`; other constants by
// name (memoised in Entity, cycles are errors). Overflow, division by zero
// and anything not modelled are errors with the reason, never a guess. The
// integer arithmetic itself is in const_value.h.
#include "absl/strings/str_cat.h"
#include "harness/rust_frontend/extractor.h"
#include "harness/rust_frontend/str_util.h"

namespace bindfuzz::rust_frontend {

// The integer type a type node denotes, if any.
bool Extractor::IntTyOf(const TypeNode& t, size_t sc, const Env* env, IntTy* out, int depth) {
  if (depth > kMaxSemDepth) return false;
  if (t.kind == TypeNode::kParen && !t.elems.empty()) return IntTyOf(t.elems[0], sc, env, out, depth + 1);
  if (t.kind != TypeNode::kPath) return false;
  Res r = Resolve(t.path, env, sc);
  if (r.k == Res::kPrim) {
    if (r.prim.cat == Prim::kInt) {
      *out = IntTy{r.prim.bits, r.prim.is_signed};
      return true;
    }
    if (r.prim.cat == Prim::kBool) {
      *out = IntTy{8, false, true};
      return true;
    }
    if (r.prim.cat == Prim::kChar) {
      *out = IntTy{32, false, false, true};
      return true;
    }
    return false;
  }
  if (r.k == Res::kParam && r.bind && r.bind->type)
    return IntTyOf(*r.bind->type, r.bind->sc, r.bind->env, out, depth + 1);
  if (r.k == Res::kBuiltin && r.bi.b == Builtin::kNonZero) {
    *out = IntTy{r.bi.bits, r.bi.is_signed};
    return true;
  }
  if (r.k == Res::kEntity) {
    const Entity& e = ents_[r.ent];
    if (e.kind == EntKind::kAlias && e.item && !e.item->type.empty() && e.item->generics.Empty() &&
        e.lstate != 1) {
      Entity& me = ents_[r.ent];
      int saved = me.lstate;
      me.lstate = 1;  // cycle guard
      bool ok = IntTyOf(e.item->type[0], e.sc, nullptr, out, depth + 1);
      me.lstate = saved;
      return ok;
    }
    if (e.kind == EntKind::kModConsts) {
      const Item* ty = ModConstsType(e);
      return ty && IntTyOf(ty->type[0], e.sc, nullptr, out, depth + 1);
    }
    if ((e.role == Role::kNewtypeEnum || e.role == Role::kBitfieldEnum) && !e.item->fields.empty())
      return IntTyOf(e.item->fields[0].type, e.sc, nullptr, out, depth + 1);
  }
  return false;
}

bool Extractor::EvalConstEntity(int id, int depth, CVal* out, std::string* err) {
  Entity& e = ents_[id];
  if (e.cstate == 2) {
    if (!e.cok) *err = e.cerr;
    *out = e.cval;
    return e.cok;
  }
  if (e.cstate == 1) {
    *err = absl::StrCat("constant `", e.rust_name, "` depends on itself");
    return false;
  }
  if (depth > kMaxSemDepth) {
    *err = "constant expression nesting too deep";
    return false;
  }
  e.cstate = 1;
  CVal v;
  std::string er;
  bool ok = false;
  bool deep = false;
  if (e.item->expr.empty()) {
    er = "constant without a value";
  } else if (e.item->type.empty()) {
    er = "constant without a type";
  } else {
    ok = EvalConstValue(*e.item, e.sc, depth + 1, &v, &er);
    deep = !ok && er.find("too deep") != std::string::npos;
  }
  if (deep && depth > 0) {
    e.cstate = 0;
    *err = er;
    return false;
  }
  e.cstate = 2;
  e.cok = ok;
  e.cval = v;
  e.cerr = er;
  *out = v;
  if (!ok) *err = er;
  return ok;
}

bool Extractor::EvalConstValue(const Item& it, size_t sc, int depth, CVal* out, std::string* err) {
  const TypeNode& ty = it.type[0];
  const Expr& ex = it.expr[0];
  IntTy ity;
  if (IntTyOf(ty, sc, nullptr, &ity, depth + 1)) {
    CVal v;
    if (!EvalInt(ex, sc, ity, nullptr, depth + 1, &v, err)) return false;
    if (ity.is_bool && !v.ty.is_bool) {
      *err = "bool constant from a non-bool expression";
      return false;
    }
    if (!FitsInt(v.i, ity)) {
      *err = absl::StrCat("value ", I128ToString(v.i), " does not fit the declared type");
      return false;
    }
    v.ty = ity;
    *out = v;
    return true;
  }
  // Newtype enum constant `Foo(3)`.
  if (ty.kind == TypeNode::kPath) {
    Res r = Resolve(ty.path, nullptr, sc);
    if (r.k == Res::kEntity && ents_[r.ent].kind == EntKind::kStruct &&
        ents_[r.ent].item->shape == Item::kTupleShape && ents_[r.ent].item->fields.size() == 1) {
      const Expr* inner = &ex;
      if (inner->kind == Expr::kCall && inner->kids.size() == 2 && inner->kids[0].kind == Expr::kPath &&
          inner->kids[0].path.Last() == ents_[r.ent].rust_name) {
        IntTy fty;
        if (IntTyOf(ents_[r.ent].item->fields[0].type, ents_[r.ent].sc, nullptr, &fty, depth + 1)) {
          CVal v;
          if (!EvalInt(inner->kids[1], sc, fty, nullptr, depth + 1, &v, err)) return false;
          if (!FitsInt(v.i, fty)) {
            *err = "value does not fit";
            return false;
          }
          v.ty = fty;
          *out = v;
          return true;
        }
      }
      *err = "newtype constant not evaluated";
      return false;
    }
    // A constant of a rustified enum's type naming one of its variants
    // (bindgen's `pub const X: _bindgen_ty_2 = _bindgen_ty_2::X;`): the
    // variant's discriminant.
    if (r.k == Res::kEntity && ents_[r.ent].kind == EntKind::kEnum && !ents_[r.ent].item->variants.empty()) {
      const Expr* e = &ex;
      while (e->kind == Expr::kParen && !e->kids.empty()) e = &e->kids[0];
      Entity& en = ents_[r.ent];
      if (e->kind == Expr::kPath && e->path.segments.size() >= 2 &&
          (e->path.segments[e->path.segments.size() - 2].name == en.rust_name ||
           e->path.segments[e->path.segments.size() - 2].name == ty.path.Last())) {
        const Repr& rp = ParseRepr(en.item->attrs, en.sc);
        IntTy ity = EnumIntTy(rp);
        std::vector<i128> vals;
        if (!EnumValues(en, &vals, rp.int_type.empty() ? IntTy{} : ity, err, depth + 1)) return false;
        for (size_t i = 0; i < en.item->variants.size() && i < vals.size(); ++i) {
          if (en.item->variants[i].name != e->path.Last()) continue;
          CVal v;
          v.k = CVal::kInt;
          v.i = vals[i];
          v.ty = ity;
          *out = v;
          return true;
        }
      }
    }
    if (r.k == Res::kPrim && r.prim.cat == Prim::kFloat) {
      double d;
      if (!EvalFloat(ex, sc, depth + 1, &d, err)) return false;
      out->k = CVal::kFloat;
      out->f = d;
      return true;
    }
  }
  // Strings: &[u8; N] = b"..", &str = "..", &CStr = c"..".
  if (ty.kind == TypeNode::kRef) {
    const Expr* e = &ex;
    while (e->kind == Expr::kParen && !e->kids.empty()) e = &e->kids[0];
    if (e->kind == Expr::kLit) {
      const Token& t = Tk(sc, e->tok);
      if (t.lit == LitKind::kStr || t.lit == LitKind::kByteStr || t.lit == LitKind::kCStr) {
        std::string s;
        if (!DecodeStringLiteral(LF(sc).Text(t), &s)) {
          *err = "invalid string literal";
          return false;
        }
        out->k = CVal::kStr;
        out->s = std::move(s);
        return true;
      }
    }
  }
  *err = absl::StrCat("constant of type `", SpellType(ty, sc), "` not evaluated");
  return false;
}

bool Extractor::EvalFloat(const Expr& e, size_t sc, int depth, double* out, std::string* err) {
  if (depth > kMaxSemDepth) {
    *err = "expression nesting too deep";
    return false;
  }
  if (e.kind == Expr::kParen && !e.kids.empty()) return EvalFloat(e.kids[0], sc, depth + 1, out, err);
  if (e.kind == Expr::kUnary && e.op == "-" && !e.kids.empty()) {
    if (!EvalFloat(e.kids[0], sc, depth + 1, out, err)) return false;
    *out = -*out;
    return true;
  }
  if (e.kind == Expr::kLit) {
    const Token& t = Tk(sc, e.tok);
    std::string suf;
    if (t.lit == LitKind::kFloat && DecodeFloatLiteral(LF(sc).Text(t), out, &suf)) return true;
  }
  *err = "float expression not evaluated";
  return false;
}

// Integer constant expression. `ctx` is the type expected by the context
// (bits 0 = none: unsuffixed literals stay untyped, i32 on overflow checks).
bool Extractor::EvalInt(const Expr& e, size_t sc, IntTy ctx, const Env* env, int depth, CVal* out, std::string* err) {
  if (depth > kMaxSemDepth) {
    *err = "expression nesting too deep";
    return false;
  }
  if (OverBudget()) {
    *err = "evaluation budget exhausted (input too complex)";
    return false;
  }
  out->k = CVal::kInt;
  switch (e.kind) {
    case Expr::kLit: {
      const Token& t = Tk(sc, e.tok);
      std::string_view txt = LF(sc).Text(t);
      if (t.lit == LitKind::kInt) {
        unsigned __int128 v;
        std::string suf;
        if (!DecodeIntLiteral(txt, &v, &suf)) {
          *err = absl::StrCat("integer literal `", AV(txt), "` out of range");
          return false;
        }
        if (v > static_cast<unsigned __int128>(~static_cast<unsigned __int128>(0) >> 1)) {
          *err = "integer literal beyond 127 bits";
          return false;
        }
        out->i = static_cast<i128>(v);
        out->ty = ctx;
        if (!suf.empty()) {
          Prim p;
          if (!LookupRustPrim(suf, tg_, &p) || p.cat != Prim::kInt) {
            *err = absl::StrCat("literal suffix `", suf, "` not an integer type");
            return false;
          }
          out->ty = IntTy{p.bits, p.is_signed};
        }
        if (out->ty.bits && !FitsInt(out->i, IntTy{out->ty.bits, false}) && !FitsInt(out->i, out->ty)) {
          *err = absl::StrCat("literal `", AV(txt), "` out of range for its type");
          return false;
        }
        return true;
      }
      if (t.lit == LitKind::kChar || t.lit == LitKind::kByte) {
        uint32_t cp;
        if (!DecodeCharLiteral(txt, &cp)) {
          *err = "invalid char literal";
          return false;
        }
        out->i = cp;
        out->ty = t.lit == LitKind::kByte ? IntTy{8, false} : IntTy{32, false, false, true};
        return true;
      }
      *err = absl::StrCat("literal `", AV(txt), "` is not an integer");
      return false;
    }
    case Expr::kParen:
    case Expr::kBlock:
      if (e.kids.size() != 1) {
        *err = "block not evaluated";
        return false;
      }
      return EvalInt(e.kids[0], sc, ctx, env, depth + 1, out, err);
    case Expr::kUnary: {
      if (e.kids.empty()) return false;
      if (!EvalInt(e.kids[0], sc, ctx, env, depth + 1, out, err)) return false;
      return ApplyUnaryIntOp(e.op, out, err);
    }
    case Expr::kBinary: {
      if (e.kids.size() != 2) return false;
      // Operand typing: a shift's amount is typed on its own, a comparison's
      // operands by each other, `&&`/`||` as bool, the rest by the context.
      BinaryOpKind kind = ClassifyBinaryOp(e.op);
      CVal a, b;
      IntTy lctx = kind.cmp ? IntTy{} : (kind.logic ? IntTy{8, false, true} : ctx);
      if (!EvalInt(e.kids[0], sc, lctx, env, depth + 1, &a, err)) return false;
      IntTy rctx = kind.shift ? IntTy{} : (kind.cmp ? a.ty : lctx);
      if (!EvalInt(e.kids[1], sc, rctx, env, depth + 1, &b, err)) return false;
      return ApplyBinaryIntOp(e.op, a, b, out, err);
    }
    case Expr::kCast: {
      if (e.kids.empty() || e.type.empty()) return false;
      IntTy target;
      if (!IntTyOf(e.type[0], sc, env, &target, depth + 1)) {
        *err = absl::StrCat("cast to `", SpellType(e.type[0], sc), "` not evaluated");
        return false;
      }
      CVal v;
      if (!EvalInt(e.kids[0], sc, IntTy{}, env, depth + 1, &v, err)) return false;
      if (!v.ty.bits && !FitsInt(v.i, IntTy{32, true})) {
        *err = "untyped literal out of i32 range in cast";
        return false;
      }
      if (target.is_bool) {
        *err = "cast to bool";
        return false;
      }
      out->i = WrapInt(v.i, target);
      out->ty = target;
      return true;
    }
    case Expr::kPath:
      return EvalPath(e.path, sc, ctx, env, depth, out, err);
    case Expr::kCall: {
      // size_of::<T>() / align_of::<T>()
      if (e.kids.size() == 1 && e.kids[0].kind == Expr::kPath) {
        const Path& p = e.kids[0].path;
        const std::string& fn = p.Last();
        if ((fn == "size_of" || fn == "align_of") && !p.segments.back().args.empty() &&
            p.segments.back().args[0].kind == GenericArg::kType) {
          LayoutR l = LayoutOfType(p.segments.back().args[0].type[0], sc, env, depth + 1);
          if (!l.ok) {
            *err = l.err;
            return false;
          }
          out->i = fn == "size_of" ? l.size : l.align;
          out->ty = IntTy{tg_.ptr * 8, false};
          return true;
        }
      }
      *err = "function call not evaluated";
      return false;
    }
    default:
      *err = e.kind == Expr::kUnsupported ? absl::StrCat("`", e.op, "` expression not evaluated")
                                          : "expression not evaluated";
      return false;
  }
}

bool Extractor::EvalPath(const Path& p, size_t sc, IntTy ctx, const Env* env, int depth, CVal* out, std::string* err) {
  if (!p.qself.empty() || p.segments.empty()) {
    *err = "qualified path not evaluated";
    return false;
  }
  const std::string& last = p.Last();
  if (p.IsSingle()) {
    if (env) {
      if (const Binding* b = env->Find(last)) {
        if (b->is_const && b->value_ok) {
          out->i = b->value;
          out->ty = ctx;
          return true;
        }
        *err = "generic parameter not evaluated";
        return false;
      }
    }
    if (last == "true" || last == "false") {
      out->i = last == "true";
      out->ty = IntTy{8, false, true};
      return true;
    }
  }
  // <int>::MAX / MIN / BITS
  if (p.segments.size() >= 2 && (last == "MAX" || last == "MIN" || last == "BITS")) {
    Prim pr;
    const std::string& tn = p.segments[p.segments.size() - 2].name;
    if (LookupRustPrim(tn, tg_, &pr) && pr.cat == Prim::kInt && IntTypeConst(IntTy{pr.bits, pr.is_signed}, last, out))
      return true;
  }
  int id = ResolveValue(p, sc);
  if (id < 0) {
    *err = absl::StrCat("`", last, "` is not a known constant");
    return false;
  }
  if (!EvalConstEntity(id, depth + 1, out, err)) return false;
  if (out->k != CVal::kInt) {
    *err = absl::StrCat("`", last, "` is not an integer constant");
    return false;
  }
  return true;
}

}  // namespace bindfuzz::rust_frontend
