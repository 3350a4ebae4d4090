// The plans for the other findings: enumerator values and missing values,
// constant values, functions (presence, symbol, signature and each part's
// shape), typedefs and variables.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "harness/confirm/planner.h"

namespace bindfuzz::confirm::internal {

Plan Planner::EnumPlan(const Finding& f) {
  const std::string tkey = TruthKey(f);
  auto te = T_.enums.find(tkey);
  auto ae = R_.enums.find(f.item);
  if (te == T_.enums.end() || ae == R_.enums.end()) return Unconfirmable("the enum is not in both contracts");
  // The C enumerator is the one at the finding's C location.
  const contract::Enumerator* ten = nullptr;
  for (const auto& e : te->second.enumerators)
    if (e.loc == f.truth_loc && (ten == nullptr)) ten = &e;
  if (!ten) return Unconfirmable("the C enumerator cannot be found");
  if (!IsProbeSafeCIdentifier(ten->name)) return Unconfirmable("the C enumerator has no usable name");
  size_t cid = AddC(CFact::Ints({ten->name, "(" + ten->name + ") < 0"}));
  Plan p;
  p.claim_c = f.truth_value;
  p.claim_r = f.assumed_value;
  p.c = [cid](const CProbeRun& run) {
    Obs o = CInts(run, cid, 2);
    return o.ok ? Value(SignedText(run.results[cid].ints[0], run.results[cid].ints[1] != 0)) : o;
  };
  std::string why;
  if (f.kind == MismatchKind::kEnumMissingValue) {
    // rustc: is C's value a valid value of the Rust enum?
    auto rt = RFind(ae->second.loc, RustItemRef::Kind::kType, &why);
    if (!rt) return Unconfirmable(why);
    const Type& u = ResolveTypedefs(R_, ae->second.underlying);
    if (u.kind != TypeKind::kInt || !(u.bits == 8 || u.bits == 16 || u.bits == 32 || u.bits == 64))
      return Unconfirmable("the Rust enum's representation is not a plain integer");
    const std::string U = absl::StrCat(u.is_signed ? "i" : "u", u.bits);
    std::string lit = ten->value.ToString();
    RustFact rfact = RustFact::Ints(rt->root, {absl::StrCat("bindfuzz_valid!(", rt->Path(), ", ", U, ", (", lit, "i128 as ", U, "))")});
    rfact.absent_if = {"invalid tag", "invalid enum tag", "valid enum tag", "encountered"};
    size_t rid = AddR(std::move(rfact));
    p.r = [rid](const RustProbeRun& run) {
      const RustFactResult& r = run.results[rid];
      if (r.state == RustFactResult::State::kAbsent) return Value("<no variant>");
      if (r.state == RustFactResult::State::kValue) return Value("a valid variant");
      return NoValue(Short(r.error));
    };
    return p;
  }
  const contract::Enumerator* aen = nullptr;
  for (const auto& e : ae->second.enumerators)
    if (e.name == f.member) aen = &e;
  if (!aen) return Unconfirmable("the Rust enumerator cannot be found");
  std::optional<RustItemRef> r = crate_.Find(aen->loc);
  if (!r) return Unconfirmable("the Rust enumerator cannot be named from the probe crate");
  std::string expr;
  if (r->kind == RustItemRef::Kind::kVariant) {
    expr = r->Path() + "::" + r->member;
  } else if (r->kind == RustItemRef::Kind::kValue) {
    const std::string& style = ae->second.rust_style;
    expr = r->Path() + (style == "newtype" || style == "bitfield" ? ".0" : "");
  } else {
    return Unconfirmable("the Rust enumerator is a " + r->item_kind);
  }
  size_t rid = AddR(RustFact::Ints(r->root, {"(" + expr + " as i128) as u64", RNegative(expr)}));
  p.r = [rid](const RustProbeRun& run) {
    Obs o = RInts(run, rid, 2);
    return o.ok ? Value(SignedText(run.results[rid].ints[0], run.results[rid].ints[1] != 0)) : o;
  };
  return p;
}

Plan Planner::ConstantPlan(const Finding& f) {
  auto ac = R_.constants.find(f.item);
  if (ac == R_.constants.end()) return Unconfirmable("no Rust constant " + f.item);
  std::string cname = f.item;
  contract::ConstantKind ckind = contract::ConstantKind::kInt;
  std::string c_claim = f.truth_value;
  if (!f.matched.empty()) {
    size_t at = f.matched.rfind("::");
    cname = at == std::string::npos ? f.matched : f.matched.substr(at + 2);
  } else {
    auto tc = T_.constants.find(f.item);
    if (tc == T_.constants.end()) return Unconfirmable("no C constant " + f.item);
    ckind = tc->second.kind;
    if (ckind == contract::ConstantKind::kString) {
      std::string s = tc->second.string_value;
      c_claim = Quote(s);
    }
  }
  if (!IsProbeSafeCIdentifier(cname)) return Unconfirmable("the C constant has no usable name");
  std::string why;
  auto r = RFind(ac->second.loc, RustItemRef::Kind::kValue, &why);
  if (!r) return Unconfirmable(why);
  const std::string X = r->Path();
  Plan p;
  p.claim_c = c_claim;
  p.claim_r = f.assumed_value;
  switch (ckind) {
    case contract::ConstantKind::kInt: {
      size_t cid = AddC(CFact::Ints({cname, "(" + cname + ") < 0"}));
      p.c = [cid](const CProbeRun& run) {
        Obs o = CInts(run, cid, 2);
        return o.ok ? Value(SignedText(run.results[cid].ints[0], run.results[cid].ints[1] != 0)) : o;
      };
      break;
    }
    case contract::ConstantKind::kString: {
      size_t cid = AddC({CFact::Kind::kString, {cname}, {}});
      p.c = [cid](const CProbeRun& run) {
        const CFactResult& r = run.results[cid];
        if (r.state != CFactResult::State::kValue) return NoValue(Short(r.error));
        std::string b = r.bytes;
        if (!b.empty() && b.back() == '\0') b.pop_back();  // the literal's terminator
        return Value(Quote(b));
      };
      break;
    }
    case contract::ConstantKind::kFloat: {
      size_t cid = AddC({CFact::Kind::kDouble, {cname}, {}});
      p.c = [cid](const CProbeRun& run) {
        const CFactResult& r = run.results[cid];
        return r.state == CFactResult::State::kValue ? Value(FloatText(r.number)) : NoValue(Short(r.error));
      };
      break;
    }
  }
  switch (ac->second.kind) {
    case contract::ConstantKind::kInt: {
      size_t rid = AddR(RustFact::Ints(r->root, {"(" + X + " as i128) as u64", RNegative(X)}));
      p.r = [rid](const RustProbeRun& run) {
        Obs o = RInts(run, rid, 2);
        return o.ok ? Value(SignedText(run.results[rid].ints[0], run.results[rid].ints[1] != 0)) : o;
      };
      break;
    }
    case contract::ConstantKind::kString: {
      RustFact rfact;
      rfact.kind = RustFact::Kind::kBytes;
      rfact.root = r->root;
      rfact.parts = {{X, 0}};
      size_t rid = AddR(std::move(rfact));
      p.r = [rid](const RustProbeRun& run) {
        const RustFactResult& r = run.results[rid];
        if (r.state != RustFactResult::State::kValue) return NoValue(Short(r.error));
        std::string b = r.bytes;
        if (!b.empty() && b.back() == '\0') b.pop_back();  // bindgen's C-string terminator, as the front end reads it
        return Value(Quote(b));
      };
      break;
    }
    case contract::ConstantKind::kFloat: {
      size_t rid = AddR(RustFact::Ints(r->root, {"(" + X + " as f64).to_bits()"}));
      p.r = [rid](const RustProbeRun& run) {
        Obs o = RInts(run, rid, 1);
        if (!o.ok) return o;
        double d;
        uint64_t bits = run.results[rid].ints[0];
        std::memcpy(&d, &bits, 8);
        return Value(FloatText(d));
      };
      break;
    }
  }
  return p;
}

Plan Planner::FunctionPlan(const Finding& f) {
  auto af = R_.functions.find(f.item);
  if (af == R_.functions.end()) return Unconfirmable("no Rust function " + f.item);
  // The C declaration's name: a C function whose asm label is the symbol
  // Rust links is the finding's `matched` item.
  const std::string cname = f.matched.empty() ? f.item : f.matched;
  if (!IsProbeSafeCIdentifier(cname)) return Unconfirmable("the function has no name gcc can refer to");
  std::string why;
  auto r = RFind(af->second.loc, RustItemRef::Kind::kValue, &why);
  if (!r) return Unconfirmable(why);
  const std::string F = r->Path();
  Plan p;
  if (f.kind == MismatchKind::kFunctionNoSymbol) {
    // gcc: does the function have internal linkage? Redeclaring it static
    // is an error after a non-static declaration (and, unlike taking its
    // address, does not make gcc compile a static inline body).
    size_t cid = AddC({CFact::Kind::kStatic, {cname}, {"follows non-static declaration"}});
    size_t rid = AddR(RustFact::Ints(r->root, {"bindfuzz_exists!(" + F + ")"}));
    p.claim_c = f.truth_value;
    p.claim_r = "extern";
    p.c = [cid](const CProbeRun& run) {
      const CFactResult& res = run.results[cid];
      if (res.state == CFactResult::State::kAbsent) return Value("extern");
      if (res.state != CFactResult::State::kValue) return NoValue(Short(res.error));
      return Value("static inline (no symbol)");
    };
    p.r = [rid](const RustProbeRun& run) {
      Obs o = RInts(run, rid, 1);
      return o.ok ? Value("extern") : o;
    };
    return p;
  }
  if (f.kind == MismatchKind::kFunctionMissing) {
    // gcc: the symbol `&name` refers to. A function-like macro is not
    // expanded without arguments (undeclared), a macro for a constant is
    // not an lvalue, a macro renaming the function refers to another symbol,
    // a static definition is none: none of them is a symbol to link to.
    CFact cf{CFact::Kind::kSymbol, {f.item}, {"undeclared", "implicit declaration", "lvalue required as unary"}};
    size_t cid = AddC(std::move(cf));
    size_t rid = AddR(RustFact::Ints(r->root, {"bindfuzz_exists!(" + F + ")"}));
    const std::string name = f.item;
    p.claim_c = f.truth_value;
    p.claim_r = "extern";
    p.c = [cid, name](const CProbeRun& run) {
      const CFactResult& res = run.results[cid];
      if (res.state == CFactResult::State::kAbsent) return Value("<absent>");
      if (res.state != CFactResult::State::kValue) return NoValue(Short(res.error));
      if (res.symbol == "local") return Value("<absent>");
      for (const std::string& s : res.refs)
        if (s == name || s == "_" + name) return Value("declared");
      return Value(res.symbol == "global" ? "declared" : "<absent>");
    };
    p.r = [rid](const RustProbeRun& run) {
      Obs o = RInts(run, rid, 1);
      return o.ok ? Value("extern") : o;
    };
    return p;
  }
  auto tf = T_.functions.find(cname);
  if (tf == T_.functions.end()) return Unconfirmable("no C function " + f.item);
  if (f.kind == MismatchKind::kFunctionCallingConvention || f.kind == MismatchKind::kFunctionNoReturn)
    return Unconfirmable("calling conventions and noreturn are not probed");
  const contract::Function& cfn = tf->second;
  const contract::Function& rfn = af->second;
  if (rfn.params.size() > kMaxArity) return Unconfirmable("more parameters than the probe handles");
  // gcc: the declaration has the C front end's signature; then each part.
  std::optional<std::string> spelled = SpellC(FunctionType(cfn));
  if (!spelled) return Unconfirmable("the C signature cannot be spelled for gcc");
  size_t compat = AddC(CFact::Ints({absl::StrCat("__builtin_types_compatible_p(__typeof__(", cname, "), ", *spelled, ")")}));
  const std::string rsuffix = absl::StrCat(rfn.params.size(), rfn.variadic ? "_v" : "");
  auto gate = [compat](const CProbeRun& run) {
    Obs o = CInts(run, compat, 1);
    if (!o.ok) return o;
    if (!run.results[compat].ints[0]) return NoValue("gcc: the declaration's type is not the C front end's signature");
    return Value("");
  };
  if (f.kind == MismatchKind::kFunctionParamCount || f.kind == MismatchKind::kFunctionVariadic) {
    const bool count = f.kind == MismatchKind::kFunctionParamCount;
    size_t nparams = cfn.params.size();
    bool variadic = cfn.variadic;
    RustFact rfact;
    rfact.root = r->root;
    rfact.parts = {{"crate::bindfuzz_rt::fn_sig_" + rsuffix + "(" + F + ")", kSigLen}};
    size_t rid = AddR(std::move(rfact));
    p.claim_c = f.truth_value;
    p.claim_r = f.assumed_value;
    p.c = [gate, count, nparams, variadic](const CProbeRun& run) {
      Obs o = gate(run);
      if (!o.ok) return o;
      return Value(count ? std::to_string(nparams) : variadic ? "variadic" : "fixed");
    };
    p.r = [rid, count](const RustProbeRun& run) {
      Obs o = RInts(run, rid, kSigLen);
      if (!o.ok) return o;
      uint64_t v = run.results[rid].ints[3];  // arity | variadic << 32
      return Value(count ? std::to_string(v & 0xffffffffu) : (v >> 32) ? "variadic" : "fixed");
    };
    return p;
  }
  // A parameter or the return value.
  size_t part = 0;
  if (f.member != "return") {
    bool found = false;
    for (size_t i = 0; i < cfn.params.size() && i < rfn.params.size(); ++i) {
      std::string name = !cfn.params[i].name.empty() ? cfn.params[i].name
                         : !rfn.params[i].name.empty() ? rfn.params[i].name
                                                       : absl::StrCat("#", i + 1);
      if (name == f.member) {
        part = i + 1;
        found = true;
        break;
      }
    }
    if (!found) return Unconfirmable("the parameter cannot be found");
  }
  const Type& ct = part == 0 ? cfn.return_type : cfn.params[part - 1].type;
  const Type& rt = part == 0 ? rfn.return_type : rfn.params[part - 1].type;
  std::optional<std::string> cts = SpellC(ct);
  if (!cts) return Unconfirmable("the C type cannot be spelled for gcc");
  CRead cr;
  std::string cwhy, c_claim = tshape_.Full(ct);
  if (ResolveTypedefs(T_, ct).kind == TypeKind::kVoid) {
    cr = [](const CProbeRun&) { return Value("void"); };
  } else {
    cr = part == 0 ? CFull(ct, *cts, &cwhy) : CPassedAs(ct, *cts, true, &c_claim, &cwhy);
    if (!cr) return Unconfirmable(cwhy);
  }
  RustFact rfact;
  rfact.root = r->root;
  rfact.parts = {{absl::StrCat("crate::bindfuzz_rt::fn_part_", rsuffix, "(", F, ", ", part, ")"), kShapeLen + kSigLen}};
  size_t rid = AddR(std::move(rfact));
  p.claim_c = c_claim;
  p.claim_r = rshape_.Full(rt);
  p.c = [gate, cr](const CProbeRun& run) {
    Obs o = gate(run);
    return o.ok ? cr(run) : o;
  };
  p.r = [rid](const RustProbeRun& run) {
    Obs o = RInts(run, rid, kShapeLen + kSigLen);
    return o.ok ? Value(RustShapeText(run.results[rid].ints, 0)) : o;
  };
  return p;
}

Plan Planner::TypedefPlan(const Finding& f) {
  auto tt = T_.typedefs.find(f.item);
  auto at = R_.typedefs.find(f.item);
  if (tt == T_.typedefs.end() || at == R_.typedefs.end()) return Unconfirmable("the typedef is not in both contracts");
  if (!IsProbeSafeCIdentifier(f.item)) return Unconfirmable("the typedef has no usable name");
  std::string why;
  auto r = RFind(at->second.loc, RustItemRef::Kind::kType, &why);
  if (!r) return Unconfirmable(why);
  Type named = Type::Named(TypeKind::kTypedef, f.item);
  // A typedef of a function type (OpenSSL's `typedef int BIO_info_cb(BIO *,
  // int, int)`) is probed through a pointer to it: the same signature.
  CRead cr = ResolveTypedefs(T_, named).kind == TypeKind::kFunction
                 ? CFull(Type::PointerTo(named), f.item + " *", &why)
                 : CFull(named, f.item, &why);
  if (!cr) return Unconfirmable(why);
  Plan p;
  p.c = cr;
  p.r = RShapeOf(r->root, "crate::bindfuzz_rt::ty::<" + r->Path() + ">()", "crate::bindfuzz_rt::sig::<" + r->Path() + ">()");
  p.claim_c = tshape_.Full(named);
  p.claim_r = rshape_.Full(Type::Named(TypeKind::kTypedef, f.item));
  return p;
}

Plan Planner::VariablePlan(const Finding& f) {
  auto av = R_.variables.find(f.item);
  if (av == R_.variables.end()) return Unconfirmable("no Rust variable " + f.item);
  if (!IsProbeSafeCIdentifier(f.item)) return Unconfirmable("the variable has no name gcc can refer to");
  std::string why;
  auto r = RFind(av->second.loc, RustItemRef::Kind::kValue, &why);
  if (!r) return Unconfirmable(why);
  const std::string V = r->Path();
  Plan p;
  if (f.kind == MismatchKind::kVariableMissing) {
    size_t cid = AddC({CFact::Kind::kSymbol, {f.item}, {"undeclared", "lvalue required as unary"}});
    RustFact rfact;
    rfact.root = r->root;
    rfact.parts = {{"bindfuzz_static_ty!(" + V + ")", kShapeLen}};
    size_t rid = AddR(std::move(rfact));
    const std::string name = f.item;
    p.claim_c = "<absent>";
    p.claim_r = "declared";
    // What Rust links against is a symbol: a `static` definition in a
    // header (one private copy per translation unit) is none.
    p.c = [cid, name](const CProbeRun& run) {
      const CFactResult& res = run.results[cid];
      if (res.state == CFactResult::State::kAbsent) return Value("<absent>");
      if (res.state != CFactResult::State::kValue) return NoValue(Short(res.error));
      if (res.symbol == "local") return Value("<absent>");
      for (const std::string& s : res.refs)
        if (s == name || s == "_" + name) return Value("declared");
      return Value(res.symbol == "undefined" ? "<absent>" : "declared");
    };
    p.r = [rid](const RustProbeRun& run) {
      Obs o = RInts(run, rid, kShapeLen);
      return o.ok ? Value("declared") : o;
    };
    return p;
  }
  auto tv = T_.variables.find(f.item);
  if (tv == T_.variables.end()) return Unconfirmable("no C variable " + f.item);
  CRead cr = CFull(tv->second.type, "__typeof__(" + f.item + ")", &why);
  if (!cr) return Unconfirmable(why);
  p.c = cr;
  p.r = RShapeOf(r->root, "bindfuzz_static_ty!(" + V + ")", "bindfuzz_static_sig!(" + V + ")");
  p.claim_c = tshape_.Full(tv->second.type);
  p.claim_r = rshape_.Full(av->second.type);
  return p;
}

}  // namespace bindfuzz::confirm::internal
