// The Planner's helpers and its dispatch: how gcc is asked about a C
// record, member, layout or type (names, offsetof/sizeof expressions, type
// spellings, shape readers), how rustc is asked about a Rust item, and which
// plan (plans_records.cc, plans_items.cc) each finding kind gets.
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "harness/confirm/planner.h"

namespace bindfuzz::confirm::internal {


size_t Planner::AddC(CFact f) {
  cfacts.push_back(std::move(f));
  return cfacts.size() - 1;
}
size_t Planner::AddR(RustFact f) {
  rfacts.push_back(std::move(f));
  return rfacts.size() - 1;
}

Obs Planner::CInts(const CProbeRun& run, size_t id, size_t n) {
  const CFactResult& r = run.results[id];
  if (r.state != CFactResult::State::kValue) return NoValue(Short(r.error));
  if (r.ints.size() != n) return NoValue("unexpected number of values");
  return Value("");
}


std::string Planner::FirstLeaf(const std::string& key, int depth) const {
  auto it = T_.records.find(key);
  if (it == T_.records.end() || depth > 16) return "";
  const Record& r = it->second;
  for (const Field& fl : r.fields) {
    if (fl.artificial) continue;
    if (absl::StartsWith(fl.name, "(anon#")) {
      std::string l = FirstLeaf(key + "::" + fl.name, depth + 1);
      if (!l.empty() || r.kind == contract::RecordKind::kStruct) return l;
      continue;
    }
    if (fl.is_bitfield) {
      if (r.kind == contract::RecordKind::kStruct) return "";
      continue;
    }
    return IsProbeSafeCIdentifier(fl.name) ? fl.name : "";
  }
  return "";
}

Planner::CRec Planner::CRecord(const std::string& key) const {
  CRec out;
  if (absl::StartsWith(key, "(anon at ") || absl::StrContains(key, " (at ") || absl::StrContains(key, " #")) {
    out.why = "the C record has no name gcc can refer to";
    return out;
  }
  std::vector<std::string> comps = absl::StrSplit(key, "::");
  auto top = T_.records.find(comps[0]);
  if (top == T_.records.end() || !IsProbeSafeCIdentifier(comps[0])) {
    out.why = "the C record has no name gcc can refer to";
    return out;
  }
  out.base = top->second.typedef_named
                 ? comps[0]
                 : absl::StrCat(top->second.kind == contract::RecordKind::kUnion ? "union " : "struct ", comps[0]);
  std::string cur = comps[0];
  bool anon = false;
  for (size_t i = 1; i < comps.size(); ++i) {
    const std::string& c = comps[i];
    std::string next = cur + "::" + c;
    if (absl::StartsWith(c, "(anon#")) {
      anon = true;
      cur = next;
      continue;
    }
    auto rec = T_.records.find(cur);
    const Field* fl = rec == T_.records.end() ? nullptr : rec->second.FindField(c);
    if (!fl || !IsProbeSafeCIdentifier(c)) {
      out.why = absl::StrCat("no C member '", c, "' leads to ", key);
      return out;
    }
    std::string lv = absl::StrCat("(*(", out.base, " *)0).", c);
    Type t = ResolveTypedefs(T_, fl->type);
    for (int d = 0; d < 8; ++d) {
      if (t.kind == TypeKind::kArray && !t.inner.empty()) {
        lv += "[0]";
        t = ResolveTypedefs(T_, t.inner[0]);
      } else if (t.kind == TypeKind::kPointer && !t.inner.empty()) {
        lv = "(*" + lv + ")";
        t = ResolveTypedefs(T_, t.inner[0]);
      } else {
        break;
      }
    }
    out.base = "__typeof__(" + lv + ")";
    anon = false;
    cur = next;
  }
  auto rec = T_.records.find(key);
  out.rec = rec == T_.records.end() ? nullptr : &rec->second;
  if (anon) {
    out.leaf = FirstLeaf(key, 0);
    if (out.leaf.empty()) out.why = "the anonymous C member starts with a bitfield or has no named field";
  }
  return out;
}

std::string Planner::COffsetExpr(const CRec& r, const std::string& field) const {
  std::string e = absl::StrCat("__builtin_offsetof(", r.base, ", ", field, ")");
  if (!r.leaf.empty()) absl::StrAppend(&e, " - __builtin_offsetof(", r.base, ", ", r.leaf, ")");
  return e;
}

// The largest of constant expressions, without repeating any: the size of
// a union of char arrays one longer than each.
std::string Planner::CMax(const std::vector<std::string>& e) {
  if (e.size() == 1) return e[0];
  std::string u = "(sizeof(union { ";
  for (size_t i = 0; i < e.size(); ++i) absl::StrAppend(&u, "char m", i, "[1 + (", e[i], ")]; ");
  return u + "}) - 1)";
}

// Where an unnamed member (see CAnon) starts, ends and how it is aligned.
std::optional<Planner::CAnon> Planner::CAnonLayout(const std::string& key, const std::string& base, std::string* why, int depth) const {
  auto it = T_.records.find(key);
  if (it == T_.records.end() || depth > 16) {
    *why = "an unnamed C member is not in the C contract";
    return std::nullopt;
  }
  const Record& r = it->second;
  if (r.packed || r.pack_bytes || r.explicit_align) {
    *why = "an unnamed C member with its own packed/aligned attribute: C cannot read its alignment back";
    return std::nullopt;
  }
  std::string leaf = FirstLeaf(key, 0);
  if (leaf.empty()) {
    *why = "an unnamed C member starts with a bitfield or has no named field";
    return std::nullopt;
  }
  std::vector<std::string> ends, aligns;
  for (const Field& f : r.fields) {
    if (f.artificial) continue;
    if (absl::StartsWith(f.name, "(anon#")) {
      auto child = CAnonLayout(key + "::" + f.name, base, why, depth + 1);
      if (!child) return std::nullopt;
      ends.push_back(absl::StrCat("(", child->start, ") + ", CRoundUp(child->end + " - (" + child->start + ")", child->align)));
      aligns.push_back(child->align);
      continue;
    }
    if (f.is_bitfield || !IsProbeSafeCIdentifier(f.name)) {
      *why = "an unnamed C member has a bitfield or unnamed field: its size is not derived";
      return std::nullopt;
    }
    const std::string lv = absl::StrCat("((", base, " *)0)->", f.name);
    const std::string off = absl::StrCat("__builtin_offsetof(", base, ", ", f.name, ")");
    const Type& t = ResolveTypedefs(T_, f.type);
    bool flexible = t.kind == TypeKind::kArray && (t.flexible || t.count == 0);
    ends.push_back(flexible ? off : absl::StrCat(off, " + sizeof(", lv, ")"));
    aligns.push_back("__alignof__(" + lv + ")");
  }
  if (ends.empty()) {
    *why = "an unnamed C member without fields";
    return std::nullopt;
  }
  // In a struct the last member ends last; in a union, the largest does.
  std::string end = r.kind == contract::RecordKind::kStruct ? ends.back() : CMax(ends);
  return CAnon{absl::StrCat("__builtin_offsetof(", base, ", ", leaf, ")"), end, CMax(aligns)};
}
std::string Planner::CRoundUp(const std::string& x, const std::string& a) {
  return absl::StrCat("(((", x, ") + (", a, ") - 1) / (", a, ") * (", a, "))");
}
std::optional<std::string> Planner::CAnonSize(const std::string& key, const std::string& base, std::string* why) const {
  auto l = CAnonLayout(key, base, why, 0);
  if (l) return CRoundUp(l->end + " - (" + l->start + ")", l->align);
  // Otherwise, from the member after it: it starts right where the
  // unnamed member ends when it needs no more alignment than some field
  // inside (the unnamed member is aligned at least that much, and its
  // size is a multiple of its alignment). gcc checks that condition; when
  // it does not hold the value is kNotDerived.
  size_t cut = key.rfind("::");
  auto parent = T_.records.find(key.substr(0, cut));
  if (cut == std::string::npos || parent == T_.records.end()) return std::nullopt;
  const std::string self = key.substr(cut + 2);
  const auto& fields = parent->second.fields;
  const Field* next = nullptr;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name != self) continue;
    for (size_t j = i + 1; j < fields.size() && !next; ++j) {
      if (fields[j].artificial) continue;
      if (fields[j].is_bitfield || !IsProbeSafeCIdentifier(fields[j].name)) break;
      next = &fields[j];
    }
    break;
  }
  std::vector<std::string> aligns;
  LeafAligns(key, base, &aligns, 0);
  std::string leaf = FirstLeaf(key, 0);
  if (!next || aligns.empty() || leaf.empty()) return std::nullopt;
  const Type& nt = ResolveTypedefs(T_, next->type);
  bool flexible = nt.kind == TypeKind::kArray && (nt.flexible || nt.count == 0);
  const std::string nlv = absl::StrCat("((", base, " *)0)->", next->name, flexible ? "[0]" : "");
  return absl::StrCat("((__alignof__(", nlv, ") <= ", CMax(aligns), ") ? (__builtin_offsetof(", base, ", ", next->name,
                      ") - __builtin_offsetof(", base, ", ", leaf, ")) : ", kNotDerived, "ull)");
}
// __alignof__ of every field inside an unnamed member (its alignment is at least each).
void Planner::LeafAligns(const std::string& key, const std::string& base, std::vector<std::string>* out, int depth) const {
  auto it = T_.records.find(key);
  if (it == T_.records.end() || depth > 16) return;
  for (const Field& f : it->second.fields) {
    if (f.artificial || f.is_bitfield) continue;
    if (absl::StartsWith(f.name, "(anon#")) {
      LeafAligns(key + "::" + f.name, base, out, depth + 1);
    } else if (IsProbeSafeCIdentifier(f.name)) {
      const Type& t = ResolveTypedefs(T_, f.type);
      bool flexible = t.kind == TypeKind::kArray && (t.flexible || t.count == 0);
      out->push_back(absl::StrCat("__alignof__(((", base, " *)0)->", f.name, flexible ? "[0]" : "", ")"));
    }
  }
}

// C spelling of a contract type, built with __typeof__ so that no
// declarator syntax is needed; nullopt when a name cannot be used.
std::optional<std::string> Planner::SpellC(const Type& t, int depth) const {
  if (depth > 16) return std::nullopt;
  std::string base;
  switch (t.kind) {
    case TypeKind::kVoid: base = "void"; break;
    case TypeKind::kBool: base = "_Bool"; break;
    case TypeKind::kInt:
    case TypeKind::kFloat: {
      static const std::set<std::string> kWords = {"signed", "unsigned", "char", "short", "int", "long", "__int128",
                                                   "float", "double", "_Float128", "__float128", "_Bool"};
      std::vector<std::string> w = absl::StrSplit(t.spelling, ' ', absl::SkipEmpty());
      if (w.empty()) return std::nullopt;
      for (const std::string& x : w)
        if (!kWords.count(x)) return std::nullopt;
      base = absl::StrJoin(w, " ");
      break;
    }
    case TypeKind::kTypedef:
      if (!IsProbeSafeCIdentifier(t.name) || !T_.typedefs.count(t.name)) return std::nullopt;
      base = t.name;
      break;
    case TypeKind::kRecord: {
      CRec r = CRecord(t.name);
      if (!r.why.empty() || !r.leaf.empty()) return std::nullopt;
      base = r.base;
      break;
    }
    case TypeKind::kEnum:
      if (!IsProbeSafeCIdentifier(t.name) || !T_.enums.count(t.name) || T_.enums.at(t.name).anonymous)
        return std::nullopt;
      base = "enum " + t.name;
      break;
    case TypeKind::kPointer: {
      if (t.inner.empty()) return std::nullopt;
      auto in = SpellC(t.inner[0], depth + 1);
      if (!in) return std::nullopt;
      base = absl::StrCat("__typeof__(", *in, " *)");
      break;
    }
    case TypeKind::kArray: {
      if (t.inner.empty()) return std::nullopt;
      auto in = SpellC(t.inner[0], depth + 1);
      if (!in) return std::nullopt;
      base = absl::StrCat("__typeof__(", *in, "[", t.flexible ? std::string() : std::to_string(t.count), "])");
      break;
    }
    case TypeKind::kFunction: {
      if (t.inner.empty() || !t.calling_conv.empty()) return std::nullopt;
      std::vector<std::string> ps;
      for (size_t i = 1; i < t.inner.size(); ++i) {
        auto p = SpellC(t.inner[i], depth + 1);
        if (!p) return std::nullopt;
        ps.push_back(*p);
      }
      if (t.variadic) ps.push_back("...");
      if (ps.empty()) ps.push_back("void");
      auto r = SpellC(t.inner[0], depth + 1);
      if (!r) return std::nullopt;
      base = absl::StrCat("__typeof__(", *r, " (", absl::StrJoin(ps, ", "), "))");
      break;
    }
    default:
      return std::nullopt;
  }
  return t.is_const ? "const " + base : base;
}

Type Planner::FunctionType(const contract::Function& fn) const {
  Type t{.kind = TypeKind::kFunction, .variadic = fn.variadic, .calling_conv = fn.calling_conv};
  t.inner.push_back(fn.return_type);
  for (const contract::Param& p : fn.params) t.inner.push_back(p.type);
  return t;
}

// One level of a type for gcc: "i32", "ptr", "agg(16,8)", "opaque", ...
// Returns a reader, or an empty function with `why` set.
CRead Planner::CLevel1(const Type& ct, const std::string& te, std::string* why) {
  const Type& t = ResolveTypedefs(T_, ct);
  auto ints = [&](std::vector<std::string> e, std::vector<std::string> absent = {}) {
    CFact f = CFact::Ints(std::move(e));
    f.absent_if = std::move(absent);
    return AddC(std::move(f));
  };
  const std::string obj = "(*(" + te + " *)0)";
  switch (t.kind) {
    case TypeKind::kVoid: {
      size_t id = ints({absl::StrCat("__builtin_types_compatible_p(", te, ", void)")});
      return [id](const CProbeRun& run) {
        Obs o = CInts(run, id, 1);
        if (!o.ok) return o;
        return run.results[id].ints[0] ? Value("void") : NoValue("not void");
      };
    }
    case TypeKind::kBool:
    case TypeKind::kInt:
    case TypeKind::kEnum: {
      size_t id = ints({"__builtin_classify_type(" + obj + ")", "sizeof(" + te + ")", "_Alignof(" + te + ")",
                        "(" + te + ")-1 < (" + te + ")0"});
      return [id](const CProbeRun& run) {
        Obs o = CInts(run, id, 4);
        if (!o.ok) return o;
        const auto& v = run.results[id].ints;
        if (v[0] == 4) return Value("bool");
        if (v[0] >= 1 && v[0] <= 3) return Value(Level1(v[3] ? 1 : 2, v[1], v[2]));
        return Value(absl::StrCat("class", v[0]));
      };
    }
    case TypeKind::kFloat: {
      size_t id = ints({"__builtin_classify_type(" + obj + ")", "sizeof(" + te + ")", "_Alignof(" + te + ")"});
      return [id](const CProbeRun& run) {
        Obs o = CInts(run, id, 3);
        if (!o.ok) return o;
        const auto& v = run.results[id].ints;
        return v[0] == 8 ? Value(Level1(3, v[1], v[2])) : Value(absl::StrCat("class", v[0]));
      };
    }
    case TypeKind::kPointer: {
      bool fn = !t.inner.empty() && ResolveTypedefs(T_, t.inner[0]).kind == TypeKind::kFunction;
      size_t id = ints({"__builtin_classify_type(" + obj + ")"});
      return [id, fn](const CProbeRun& run) {
        Obs o = CInts(run, id, 1);
        if (!o.ok) return o;
        return run.results[id].ints[0] == 5 ? Value(fn ? "fnptr" : "ptr") : Value(absl::StrCat("class", run.results[id].ints[0]));
      };
    }
    case TypeKind::kRecord:
    case TypeKind::kArray: {
      bool array = t.kind == TypeKind::kArray;
      size_t id = ints({"sizeof(" + te + ")", "_Alignof(" + te + ")"},
                       {"incomplete type", "invalid application of 'sizeof'", "invalid application of ‘sizeof’"});
      return [id, array](const CProbeRun& run) {
        const CFactResult& r = run.results[id];
        if (r.state == CFactResult::State::kAbsent) return Value("opaque");
        Obs o = CInts(run, id, 2);
        if (!o.ok) return o;
        return Value(Level1(array ? 9 : 8, r.ints[0], r.ints[1]));
      };
    }
    default:
      *why = absl::StrCat("no C probe for a ", contract::TypeKindName(t.kind), " type");
      return nullptr;
  }
}

// A whole type for gcc (see the shape words above).
CRead Planner::CFull(const Type& ct, const std::string& te, std::string* why) {
  const Type& t = ResolveTypedefs(T_, ct);
  if (t.kind == TypeKind::kArray) {
    if (t.inner.empty()) return nullptr;
    size_t id = AddC(CFact::Ints({"sizeof(" + te + ")", "sizeof((*(" + te + " *)0)[0])"}));
    CRead elem = CLevel1(t.inner[0], "__typeof__((*(" + te + " *)0)[0])", why);
    if (!elem) return nullptr;
    return [id, elem](const CProbeRun& run) {
      Obs o = CInts(run, id, 2);
      if (!o.ok) return o;
      Obs e = elem(run);
      if (!e.ok) return e;
      const auto& v = run.results[id].ints;
      return Value(absl::StrCat("[", e.value, "; ", v[1] ? v[0] / v[1] : 0, "]"));
    };
  }
  if (t.kind != TypeKind::kPointer || t.inner.empty()) return CLevel1(ct, te, why);
  const Type& p = ResolveTypedefs(T_, t.inner[0]);
  if (p.kind == TypeKind::kFunction) {
    // A function pointer: gcc checks the C front end's signature against
    // the real type, then gives each part's size and class.
    std::optional<std::string> spelled = SpellC(ct);
    if (!spelled) {
      *why = "the C function-pointer type cannot be spelled for gcc";
      return nullptr;
    }
    size_t compat = AddC(CFact::Ints({absl::StrCat("__builtin_types_compatible_p(", te, ", ", *spelled, ")")}));
    std::vector<CRead> parts;
    for (size_t i = 0; i < p.inner.size(); ++i) {
      std::optional<std::string> ps = SpellC(p.inner[i]);
      if (!ps) {
        *why = "a part of the C function-pointer type cannot be spelled for gcc";
        return nullptr;
      }
      if (ResolveTypedefs(T_, p.inner[i]).kind == TypeKind::kVoid) {
        parts.push_back([](const CProbeRun&) { return Value("void"); });
        continue;
      }
      if (i > 0 && IsPointerToPointer(T_, p.inner[i])) {
        // Its pointee, too: a parameter that is a pointer to a pointer.
        size_t id = AddC(CFact::Ints({"__builtin_classify_type((*(" + *ps + " *)0))",
                                      "__builtin_classify_type(**(" + *ps + " *)0)"}));
        parts.push_back([id](const CProbeRun& run) {
          Obs o = CInts(run, id, 2);
          if (!o.ok) return o;
          const auto& v = run.results[id].ints;
          if (v[0] != 5) return Value(absl::StrCat("class", v[0]));
          return Value(v[1] == 5 ? "ptr->ptr" : "ptr");
        });
        continue;
      }
      std::string unused_claim;
      CRead r = i == 0 ? CLevel1(p.inner[i], *ps, why) : CPassedAs(p.inner[i], *ps, false, &unused_claim, why);
      if (!r) return nullptr;
      parts.push_back(r);
    }
    bool variadic = p.variadic;
    return [compat, parts, variadic](const CProbeRun& run) {
      Obs o = CInts(run, compat, 1);
      if (!o.ok) return o;
      if (!run.results[compat].ints[0]) return NoValue("gcc: the C front end's function-pointer type does not match the declaration");
      std::vector<std::string> vals;
      for (const CRead& r : parts) {
        Obs x = r(run);
        if (!x.ok) return x;
        vals.push_back(x.value);
      }
      std::string ret = vals.front();
      vals.erase(vals.begin());
      return Value(FnText(ret, vals, variadic));
    };
  }
  size_t id = AddC(CFact::Ints({"__builtin_classify_type((*(" + te + " *)0))"}));
  CRead in = CLevel1(t.inner[0], "__typeof__(**(" + te + " *)0)", why);
  if (!in) return nullptr;
  return [id, in](const CProbeRun& run) {
    Obs o = CInts(run, id, 1);
    if (!o.ok) return o;
    if (run.results[id].ints[0] != 5) return Value(absl::StrCat("class", run.results[id].ints[0]));
    Obs x = in(run);
    if (!x.ok) return x;
    return Value("ptr->" + x.value);
  };
}

// ---- Rust side

std::optional<RustItemRef> Planner::RFind(const contract::SourceLoc& loc, RustItemRef::Kind kind, std::string* why) const {
  std::optional<RustItemRef> r = crate_.Find(loc);
  if (!r) {
    *why = absl::StrCat("the Rust item at ", loc.ToString(), " cannot be named from the probe crate");
    return std::nullopt;
  }
  if (r->kind != kind) {
    *why = absl::StrCat("the Rust item at ", loc.ToString(), " is a ", r->item_kind);
    return std::nullopt;
  }
  return r;
}

Obs Planner::RInts(const RustProbeRun& run, size_t id, size_t n) {
  const RustFactResult& r = run.results[id];
  if (r.state != RustFactResult::State::kValue) return NoValue(Short(r.error));
  if (r.ints.size() != n) return NoValue("unexpected number of values");
  return Value("");
}

// A Rust type's shape from rustc.
RRead Planner::RShapeOf(size_t root, const std::string& shape_expr, const std::string& sig_expr) {
  RustFact f;
  f.root = root;
  f.parts = {{shape_expr, kShapeLen}, {sig_expr, kSigLen}};
  size_t id = AddR(std::move(f));
  return [id](const RustProbeRun& run) {
    Obs o = RInts(run, id, kShapeLen + kSigLen);
    if (!o.ok) return o;
    return Value(RustShapeText(run.results[id].ints, 0));
  };
}

Plan Planner::For(const Finding& f) {
  switch (f.kind) {
    case MismatchKind::kRecordSize:
    case MismatchKind::kRecordAlign:
    case MismatchKind::kRecordKind:
      return RecordLayout(f);
    case MismatchKind::kFieldOffset:
    case MismatchKind::kFieldMissing:
    case MismatchKind::kFieldWidth:
    case MismatchKind::kFieldType:
      return FieldPlan(f);
    case MismatchKind::kFunctionPointerType:
      return f.item_kind == diff::ItemKind::kRecord ? FieldPlan(f) : FunctionPlan(f);
    case MismatchKind::kBitfieldPosition:
    case MismatchKind::kBitfieldWidth:
      return BitfieldPlan(f);
    case MismatchKind::kEnumValue:
    case MismatchKind::kEnumMissingValue:
      return EnumPlan(f);
    case MismatchKind::kEnumSize: {
      auto te = T_.enums.find(TruthKey(f));
      auto ae = R_.enums.find(f.item);
      if (te == T_.enums.end() || ae == R_.enums.end()) return Unconfirmable("the enum is not in both contracts");
      std::string why;
      auto r = RFind(ae->second.loc, RustItemRef::Kind::kType, &why);
      if (!r) return Unconfirmable(why);
      std::optional<std::string> cs = SpellC(Type::Named(TypeKind::kEnum, te->first));
      if (!cs) return Unconfirmable("the C enum has no name gcc can refer to");
      size_t cid = AddC(CFact::Ints({"sizeof(" + *cs + ")"}));
      size_t rid = AddR(RustFact::Ints(r->root, {"::core::mem::size_of::<" + r->Path() + ">()"}));
      auto bytes = [](uint64_t n) { return absl::StrCat(n, n == 1 ? " byte" : " bytes"); };
      Plan p;
      p.claim_c = f.truth_value;
      p.claim_r = f.assumed_value;
      p.c = [cid, bytes](const CProbeRun& run) {
        Obs o = CInts(run, cid, 1);
        return o.ok ? Value(bytes(run.results[cid].ints[0])) : o;
      };
      p.r = [rid, bytes](const RustProbeRun& run) {
        Obs o = RInts(run, rid, 1);
        return o.ok ? Value(bytes(run.results[rid].ints[0])) : o;
      };
      return p;
    }
    case MismatchKind::kConstantValue:
      return ConstantPlan(f);
    case MismatchKind::kFunctionMissing:
    case MismatchKind::kFunctionNoSymbol:
    case MismatchKind::kFunctionParamCount:
    case MismatchKind::kFunctionParamType:
    case MismatchKind::kFunctionParamWidth:
    case MismatchKind::kFunctionReturnType:
    case MismatchKind::kFunctionReturnWidth:
    case MismatchKind::kFunctionVariadic:
    case MismatchKind::kFunctionCallingConvention:
    case MismatchKind::kFunctionNoReturn:
      return FunctionPlan(f);
    case MismatchKind::kTypedefMismatch:
      return TypedefPlan(f);
    case MismatchKind::kVariableType:
    case MismatchKind::kVariableMissing:
      return VariablePlan(f);
    default:
      return Unconfirmable(absl::StrCat("no probe for ", std::string(diff::KindName(f.kind)), " findings"));
  }
}

}  // namespace bindfuzz::confirm::internal
