// Emission: every collected entity becomes a contract item or a note
// saying why not — records (fields with offsets from the layout engine,
// bitfields from bindgen's getters, the layout bindgen's tests assert),
// enums in their four bindgen styles (consts, newtype/bitfield, rustified,
// moduleconsts), typedefs and `use` aliases, constants, extern functions
// and statics — plus the RustLayoutFacts the rustc oracle checks. Items
// are keyed as AssignKeys decided; the first definition of a key wins.
// The idioms Rust uses for a C type it only points to (`enum X {}`,
// `struct X([u8; 0]);`, `struct X { _unused: [u8; 0] }`, also with
// PhantomData markers) are incomplete records, as a C `struct X;` is.
// Items of the crate under check are emitted; a dependency's record, enum
// or alias only when an emitted item uses it (NamedEntityType), after them.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/rust_frontend/extractor.h"
#include "harness/rust_frontend/str_util.h"
#include "harness/rust_frontend/token_util.h"

namespace bindfuzz::rust_frontend {

using contract::Note;
using contract::SourceLoc;
using contract::Type;
using contract::TypeKind;

bool Extractor::IsArtificialField(const FieldDef& f, size_t sc) const {
  if (IsBindgenArtificialFieldName(f.name)) return true;
  if (f.type.kind == TypeNode::kPath) {
    Res r = Resolve(f.type.path, nullptr, sc);
    if (r.k == Res::kBuiltin && (r.bi.b == Builtin::kPhantomData || r.bi.b == Builtin::kPhantomPinned)) return true;
  }
  (void)sc;
  return false;
}

bool Extractor::IsBuiltinField(const FieldDef& f, size_t sc, Builtin b) const {
  if (f.type.kind != TypeNode::kPath) return false;
  Res r = ResolveSem(f.type.path, nullptr, sc);
  return r.k == Res::kBuiltin && r.bi.b == b;
}

// Field types with no C counterpart that are still laid out.
void Extractor::NoteFieldType(const FieldDef& f, const Entity& e) {
  const TypeNode& t = f.type;
  bool fat = false;
  if ((t.kind == TypeNode::kPtr || t.kind == TypeNode::kRef) && !t.elems.empty())
    fat = IsUnsizedPointee(t.elems[0], e.sc, nullptr, 0);
  if (t.kind == TypeNode::kPath) {
    Res r = ResolveSem(t.path, nullptr, e.sc);
    if (r.k == Res::kBuiltin && r.bi.b == Builtin::kOpaque) {
      AddNote(Note::Level::kInfo, e.key,
              absl::StrCat("field `", f.name, "`: `", SpellType(t, e.sc),
                           "` has the layout of its argument but its contents are opaque to Rust"),
              e.sc, f.tok);
    }
    if (r.k == Res::kBuiltin && (r.bi.b == Builtin::kNonNull || r.bi.b == Builtin::kBox)) {
      const TypeNode* a = FirstTypeArg(t.path);
      fat = a && IsUnsizedPointee(*a, e.sc, nullptr, 0);
    }
  }
  if (fat) {
    AddNote(Note::Level::kWarning, e.key,
            absl::StrCat("field `", f.name, "`: `", SpellType(t, e.sc), "` is a fat pointer (",
                         2 * tg_.ptr, " bytes): no C equivalent"),
            e.sc, f.tok);
  }
}

contract::Field Extractor::MakeField(const FieldDef& f, size_t sc, uint64_t off, const LayoutR* lay) {
  contract::Field cf;
  cf.name = FieldCName(f);
  std::string rs = RustSpelling(f.name, f.raw);
  if (rs != cf.name) cf.rust_name = rs;
  cf.type = ToType(f.type, sc, nullptr, 0);
  cf.offset_bits = off * 8;
  cf.size_bits = lay && lay->ok ? lay->size * 8 : 0;
  cf.artificial = IsArtificialField(f, sc);
  cf.loc = Loc(sc, f.tok);
  return cf;
}

bool Extractor::IsOpaqueIdiom(const Entity& e) const {
  const Item& it = *e.item;
  if (it.generics.HasTypeOrConst()) return false;
  if (e.kind == EntKind::kEnum) return it.variants.empty();
  if (e.kind != EntKind::kStruct || it.fields.empty()) return false;
  if (it.fields.size() == 1 && it.fields[0].name == "_unused") return true;  // bindgen's forward declaration
  bool zero_array = false;
  for (const FieldDef& f : it.fields) {
    bool private_name = StartsWith(f.name, "_") || (!f.name.empty() && f.name[0] >= '0' && f.name[0] <= '9');
    if (!private_name) return false;
    if (f.type.kind == TypeNode::kArray && !f.type.len.empty() && f.type.len[0].kind == Expr::kLit) {
      std::optional<uint64_t> n = IntTok(LF(e.sc), f.type.len[0].tok);
      if (n && *n == 0) {
        zero_array = true;
        continue;
      }
    }
    if (f.type.kind == TypeNode::kPath) {
      Res r = Resolve(f.type.path, nullptr, e.sc);
      if (r.k == Res::kBuiltin && (r.bi.b == Builtin::kPhantomData || r.bi.b == Builtin::kPhantomPinned)) continue;
    }
    return false;
  }
  return zero_array;
}

void Extractor::EmitRecord(int id) {
  Entity& e = ents_[id];
  const Item& it = *e.item;
  ItemCount& cnt = e.kind == EntKind::kStruct  ? out_.stats.structs
                   : e.kind == EntKind::kUnion ? out_.stats.unions
                                               : out_.stats.enums;
  auto note_only = [&](Note::Level lvl, std::string msg) {
    AddNote(lvl, e.key, std::move(msg), e.sc, it.tok);
    ++cnt.noted;
    e.noted = true;
  };
  if (it.generics.HasTypeOrConst()) {
    note_only(Note::Level::kInfo,
              absl::StrCat("generic ", e.kind == EntKind::kStruct ? "struct" : "union", " `", e.rust_name,
                           "` is not a C item; its layout is computed per instantiation"));
    return;
  }
  if (e.role == Role::kNewtypeEnum || e.role == Role::kBitfieldEnum) {
    EmitNewtypeEnum(id);
    return;
  }
  const Repr& rp = ParseRepr(it.attrs, e.sc);
  for (const std::string& p : rp.problems) AddNote(Note::Level::kWarning, e.key, p, e.sc, it.tok);
  // Forward declaration idioms: a C type Rust only points to (its layout,
  // size 0, is never what C has).
  const bool opaque_idiom = IsOpaqueIdiom(e);
  if (!opaque_idiom && !rp.c && !rp.transparent && !rp.packed) {
    note_only(Note::Level::kInfo,
              absl::StrCat("`", e.rust_name, "` has no #[repr(C)]/#[repr(transparent)]: Rust layout is "
                           "unspecified, not modelled as a C item"));
    return;
  }
  if (rp.packed && rp.align) {
    AddNote(Note::Level::kWarning, e.key, "repr(packed) together with repr(align) is rejected by rustc", e.sc, it.tok);
  }
  if (rp.packed && !rp.c) {
    AddNote(Note::Level::kWarning, e.key, "repr(packed) without repr(C): field order is not guaranteed", e.sc, it.tok);
  }
  if (out_.contract.records.count(e.key)) {
    note_only(Note::Level::kWarning, absl::StrCat("duplicate definition of `", e.key, "`; first one kept"));
    return;
  }
  contract::Record rec;
  rec.name = e.key;
  rec.kind = e.kind == EntKind::kUnion ? contract::RecordKind::kUnion : contract::RecordKind::kStruct;
  rec.anonymous = e.anonymous;
  rec.repr = rp.text;
  rec.packed = rp.packed;
  rec.pack_bytes = rp.packed && rp.pack > 1 ? rp.pack : 0;
  if (rp.packed && rp.pack == 1) rec.pack_bytes = 0;
  rec.explicit_align = rp.align;
  rec.loc = Loc(e.sc, it.tok);
  const LayoutR& l = e.layout;
  if (l.ok) {
    rec.size_bytes = l.size;
    rec.align_bytes = l.align;
  } else if (opaque_idiom) {
    rec.size_bytes = 0;  // an incomplete type: no layout to compare
    rec.align_bytes = 0;
  } else {
    rec.size_bytes = 0;
    rec.align_bytes = 0;
    AddNote(Note::Level::kWarning, e.key, absl::StrCat("layout not computed: ", l.err), e.sc, it.tok);
  }
  bool opaque_blob = false;
  bool union_fields = false;
  for (const FieldDef& f : it.fields) {
    if (f.name == "_bindgen_opaque_blob") opaque_blob = true;
    if (IsBuiltinField(f, e.sc, Builtin::kUnionField)) union_fields = true;
  }
  if (opaque_idiom) {
    rec.complete = false;
  } else {
    rec.opaque = opaque_blob && it.fields.size() == 1;
    if (union_fields) rec.kind = contract::RecordKind::kUnion;
    for (size_t i = 0; i < it.fields.size(); ++i) {
      const FieldDef& f = it.fields[i];
      uint64_t off = i < e.field_off.size() ? e.field_off[i] : 0;
      const LayoutR* fl = i < e.field_lay.size() ? &e.field_lay[i] : nullptr;
      contract::Field cf = MakeField(f, e.sc, off, fl);
      if (union_fields && IsBuiltinField(f, e.sc, Builtin::kUnionField)) {
        // bindgen's non-Copy union emulation: the member is T at offset 0.
        const TypeNode* a = FirstTypeArg(f.type.path);
        if (a) {
          LayoutR al = LayoutOfType(*a, e.sc, nullptr, 0);
          cf.size_bits = al.ok ? al.size * 8 : 0;
        }
        cf.offset_bits = 0;
      }
      if (cf.type.kind == TypeKind::kArray && cf.type.flexible) rec.has_flexible_array = true;
      if (i >= e.field_off.size() && !l.ok) {
        AddNote(Note::Level::kWarning, e.key, absl::StrCat("offset of field `", cf.name, "` unknown"), e.sc, f.tok);
      }
      NoteFieldType(f, e);
      bool is_unit = IsBuiltinField(f, e.sc, Builtin::kBitfieldUnit);
      if (is_unit) cf.artificial = true;
      rec.fields.push_back(std::move(cf));
      if (is_unit) {
        for (const Getter& g : e.getters) {
          if (g.unit != f.name) continue;
          contract::Field bf;
          bf.name = CNameOfSpelling(g.name);
          if (bf.name != g.name) bf.rust_name = g.name;
          bf.type = ToType(*g.ret, g.sc, nullptr, 0);
          bf.offset_bits = off * 8 + g.bit_off;
          bf.size_bits = g.width;
          bf.is_bitfield = true;
          bf.loc = Loc(g.sc, g.tok);
          rec.fields.push_back(std::move(bf));
          ++out_.stats.bitfields;
        }
      }
    }
  }
  // Asserted layout.
  auto ait = asserted_.find(e.rust_name);
  if (ait != asserted_.end()) {
    const Asserted& a = ait->second;
    rec.asserted.size_bytes = a.size;
    rec.asserted.align_bytes = a.align;
    for (const auto& [rf, off] : a.fields) rec.asserted.field_offset_bytes[CFieldNameOfSpelling(rf)] = off;
    used_asserts_.insert(e.rust_name);
  }
  out_.contract.records[e.key] = std::move(rec);
  ++cnt.modelled;
  e.emitted = true;
  if (l.ok || !opaque_idiom) EmitRecordFacts(id);
}

// Inline-module path + item name, or empty when too deep to be worth
// naming (the oracle then skips the fact).
std::vector<std::string> Extractor::RustPath(const Entity& e) const {
  std::vector<std::string> p;
  const Scope& s = scopes_[e.sc];
  if (mods_[s.mod].depth - mods_[s.file_top].depth > 32) return p;
  for (int m = s.mod; m >= 0 && m != s.file_top; m = mods_[m].parent) p.push_back(mods_[m].name);
  std::reverse(p.begin(), p.end());
  p.push_back(RustSpelling(e.rust_name, e.raw_name));
  return p;
}

// Where the oracle finds the entity's Rust item.
RustLayoutFact Extractor::FactBase(const Entity& e) const {
  RustLayoutFact base;
  base.item = e.key;
  base.file_index = scopes_[e.sc].file;
  base.rust_path = RustPath(e);
  base.accessible = e.accessible && !base.rust_path.empty();
  return base;
}

// The entity's size and alignment, or why they are unknown.
RustLayoutFact Extractor::SizeFact(const Entity& e) const {
  RustLayoutFact f = FactBase(e);
  if (e.layout.ok) {
    f.size = e.layout.size;
    f.align = e.layout.align;
  } else {
    f.why_unknown = e.layout.err;
  }
  return f;
}

// Size/align of a record (or enum), then the offset of each field.
void Extractor::EmitRecordFacts(int id) {
  const Entity& e = ents_[id];
  if (CrateOf(e.sc) != 0) return;  // the oracle compiles the crate under check
  RustLayoutFact base = FactBase(e);
  out_.facts.push_back(SizeFact(e));
  if (!e.item || (e.kind != EntKind::kStruct && e.kind != EntKind::kUnion)) return;
  for (size_t i = 0; i < e.item->fields.size(); ++i) {
    const FieldDef& f = e.item->fields[i];
    RustLayoutFact ff = base;
    ff.field = FieldCName(f);
    ff.rust_field = RustSpelling(f.name, f.raw);
    ff.field_public = f.is_pub || scopes_[e.sc].mod == scopes_[e.sc].file_top;
    if (e.layout.ok && i < e.field_off.size()) {
      ff.offset = e.field_off[i];
    } else {
      ff.why_unknown = e.layout.ok ? "offset not computed" : e.layout.err;
    }
    out_.facts.push_back(std::move(ff));
  }
}

namespace {

// An enumerator with value v.i; *ok = false when it does not fit 64 bits
// and a sign.
contract::Enumerator MakeEnumerator(std::string name, const CVal& v, SourceLoc loc, bool* ok) {
  contract::Enumerator en;
  en.name = std::move(name);
  en.loc = std::move(loc);
  i128 x = v.i;
  const i128 kMax = static_cast<i128>(~uint64_t{0});
  if (x < -kMax || x > kMax) {
    *ok = false;
  } else if (x < 0) {
    en.value.negative = true;
    en.value.magnitude = static_cast<uint64_t>(-x);
  } else {
    en.value.magnitude = static_cast<uint64_t>(x);
  }
  return en;
}

}  // namespace

void Extractor::EmitConstsEnum(int id) {
  Entity& e = ents_[id];
  contract::Enum en;
  en.name = e.key;
  en.rust_style = "consts";
  en.anonymous = e.anonymous;
  en.loc = Loc(e.sc, e.item->tok);
  en.underlying = ToType(e.item->type[0], e.sc, nullptr, 0);
  if (e.layout.ok) en.size_bytes = e.layout.size;
  for (int cid : e.members) {
    Entity& c = ents_[cid];
    CVal v;
    std::string err;
    std::string cname = c.rust_name;
    if (!e.enum_prefix.empty() && StartsWith(cname, e.enum_prefix) && cname.size() > e.enum_prefix.size())
      cname = cname.substr(e.enum_prefix.size());
    cname = CNameOf(cname, c.raw_name);
    if (!EvalConstEntity(cid, 0, &v, &err) || v.k != CVal::kInt) {
      AddNote(Note::Level::kWarning, e.key, absl::StrCat("enumerator `", cname, "` not evaluated: ", err), c.sc,
              c.item->tok);
      continue;
    }
    bool ok = true;
    en.enumerators.push_back(MakeEnumerator(cname, v, Loc(c.sc, c.item->tok), &ok));
    if (!ok) {
      en.enumerators.pop_back();
      AddNote(Note::Level::kWarning, e.key, absl::StrCat("enumerator `", cname, "` beyond 64 bits"), c.sc, c.item->tok);
    }
  }
  PutEnum(std::move(en), e);
  ++out_.stats.type_aliases.modelled;
}

void Extractor::PutEnum(contract::Enum en, Entity& e) {
  if (out_.contract.enums.count(en.name)) {
    AddNote(Note::Level::kWarning, en.name, "duplicate enum definition; first one kept", e.sc, e.item->tok);
    e.noted = true;
    return;
  }
  out_.contract.enums[en.name] = std::move(en);
  e.emitted = true;
}

void Extractor::EmitNewtypeEnum(int id) {
  Entity& e = ents_[id];
  contract::Enum en;
  en.name = e.key;
  en.rust_style = e.role == Role::kBitfieldEnum ? "bitfield" : "newtype";
  en.anonymous = e.anonymous;
  en.loc = Loc(e.sc, e.item->tok);
  en.underlying = ToType(e.item->fields[0].type, e.sc, nullptr, 0);
  if (e.layout.ok) en.size_bytes = e.layout.size;
  IntTy fty;
  IntTyOf(e.item->fields[0].type, e.sc, nullptr, &fty, 0);
  auto add = [&](const Item& c, size_t cf, std::string name) {
    if (c.expr.empty()) return;
    const Expr* x = &c.expr[0];
    CVal v;
    std::string err;
    bool ok = false;
    if (x->kind == Expr::kCall && x->kids.size() == 2 && x->kids[0].kind == Expr::kPath) {
      ok = EvalInt(x->kids[1], cf, fty, nullptr, 0, &v, &err);
    } else {
      err = "not of the form Type(value)";
    }
    if (!ok) {
      AddNote(Note::Level::kWarning, e.key, absl::StrCat("enumerator `", name, "` not evaluated: ", err), cf, c.tok);
      return;
    }
    bool fits = true;
    en.enumerators.push_back(MakeEnumerator(CNameOf(name, c.raw_name), v, Loc(cf, c.tok), &fits));
    if (!fits) en.enumerators.pop_back();
  };
  for (const AssocConst& ac : e.assoc_consts) add(*ac.item, ac.sc, ac.item->name);
  for (int cid : e.members) {
    std::string n = ents_[cid].rust_name;
    if (!e.enum_prefix.empty() && StartsWith(n, e.enum_prefix)) n = n.substr(e.enum_prefix.size());
    add(*ents_[cid].item, ents_[cid].sc, n);
  }
  PutEnum(std::move(en), e);
  ++out_.stats.structs.modelled;
  EmitRecordFacts(id);
}

void Extractor::EmitRustEnum(int id) {
  Entity& e = ents_[id];
  const Repr& rp = ParseRepr(e.item->attrs, e.sc);
  if (!e.layout.ok) {
    AddNote(Note::Level::kInfo, e.key, absl::StrCat("enum not modelled: ", e.layout.err), e.sc, e.item->tok);
    ++out_.stats.enums.noted;
    e.noted = true;
    // A fieldless repr(C)/repr(int) enum has a definite layout rustc knows
    // even where the engine does not (discriminants beyond 32 bits): its
    // size fact lets the rustc fill size the records that hold it.
    bool fieldless = !e.item->variants.empty();
    for (const Variant& v : e.item->variants) fieldless = fieldless && v.shape == Variant::kUnit;
    if (fieldless && (rp.c || !rp.int_type.empty()) && CrateOf(e.sc) == 0) out_.facts.push_back(SizeFact(e));
    return;
  }
  contract::Enum en;
  en.name = e.key;
  en.rust_style = "rustified";
  en.loc = Loc(e.sc, e.item->tok);
  IntTy ty = EnumIntTy(rp);
  Prim p{Prim::kInt, ty.bits, ty.is_signed};
  en.underlying = PrimType(p, rp.int_type.empty() ? "c_int" : rp.int_type);
  en.size_bytes = e.layout.size;
  std::vector<i128> vals;
  std::string err;
  if (!EnumValues(e, &vals, rp.int_type.empty() ? IntTy{} : ty, &err, 0)) {
    AddNote(Note::Level::kWarning, e.key, absl::StrCat("discriminants not evaluated: ", err), e.sc, e.item->tok);
  } else {
    for (size_t i = 0; i < vals.size(); ++i) {
      CVal v;
      v.i = vals[i];
      bool fits = true;
      en.enumerators.push_back(MakeEnumerator(CNameOf(e.item->variants[i].name, false), v,
                                              Loc(e.sc, e.item->variants[i].tok), &fits));
      if (!fits) en.enumerators.pop_back();
    }
  }
  PutEnum(std::move(en), e);
  ++out_.stats.enums.modelled;
  EmitRecordFacts(id);
}

void Extractor::EmitModConstsEnum(int id) {
  Entity& e = ents_[id];
  const Item* ty = ModConstsType(e);
  contract::Enum en;
  en.name = e.key;
  en.rust_style = "moduleconsts";
  en.loc = Loc(e.sc, e.item->tok);
  if (ty) en.underlying = ToType(ty->type[0], e.sc, nullptr, 0);
  if (e.layout.ok) en.size_bytes = e.layout.size;
  IntTy ity;
  bool have_ty = ty && IntTyOf(ty->type[0], e.sc, nullptr, &ity, 0);
  for (const Item& c : e.item->items) {
    if (c.kind != Item::kConst || c.expr.empty()) continue;
    CVal v;
    std::string err;
    if (!have_ty || !EvalInt(c.expr[0], e.sc, ity, nullptr, 0, &v, &err)) {
      AddNote(Note::Level::kWarning, e.key, absl::StrCat("enumerator `", c.name, "` not evaluated: ", err), e.sc, c.tok);
      continue;
    }
    bool fits = true;
    en.enumerators.push_back(MakeEnumerator(CNameOf(c.name, c.raw_name), v, Loc(e.sc, c.tok), &fits));
    if (!fits) en.enumerators.pop_back();
    // Also a constant, keyed by its path.
    contract::Constant k;
    k.name = absl::StrCat(e.key, "::", c.name);
    k.kind = contract::ConstantKind::kInt;
    k.int_value = en.enumerators.empty() ? contract::IntValue{} : en.enumerators.back().value;
    k.type = Type::Named(TypeKind::kEnum, e.key);
    k.loc = Loc(e.sc, c.tok);
    out_.contract.constants[k.name] = std::move(k);
  }
  PutEnum(std::move(en), e);
  ++out_.stats.enums.modelled;
}

void Extractor::EmitAlias(int id) {
  Entity& e = ents_[id];
  if (e.kind == EntKind::kAlias) {
    if (e.role == Role::kConstsEnum) {
      EmitConstsEnum(id);
      EmitAliasFact(id);
      return;
    }
    if (e.item->type.empty()) {
      AddNote(Note::Level::kInfo, e.key, "type alias without a target", e.sc, e.item->tok);
      ++out_.stats.type_aliases.noted;
      e.noted = true;
      return;
    }
    if (e.item->generics.HasTypeOrConst()) {
      AddNote(Note::Level::kInfo, e.key, absl::StrCat("generic type alias `", e.rust_name, "` not modelled"), e.sc,
              e.item->tok);
      ++out_.stats.type_aliases.noted;
      e.noted = true;
      return;
    }
  }
  contract::Typedef td;
  td.name = e.key;
  td.loc = Loc(e.sc, e.kind == EntKind::kAlias ? e.item->tok : e.item->begin_tok);
  if (e.kind == EntKind::kAlias) {
    td.target = ToType(e.item->type[0], e.sc, nullptr, 0);
  } else {
    int t = UseTarget(e);
    if (t >= 0) {
      td.target = NamedEntityType(t);
    } else {
      Prim p;
      if (UsePrim(e, &p)) {
        td.target = PrimType(p, e.use->path.back());
      } else {
        AddNote(Note::Level::kInfo, e.key,
                absl::StrCat("`use ", absl::StrJoin(e.use->path, "::"), " as ", e.rust_name,
                             "`: target not in the inputs"),
                e.sc, e.item->begin_tok);
        return;
      }
    }
  }
  if (td.target.kind == TypeKind::kUnknown) {
    AddNote(Note::Level::kInfo, e.key, absl::StrCat("type alias target `", td.target.spelling, "` not modelled"),
            e.sc, e.item->tok);
  }
  if (out_.contract.typedefs.count(td.name)) {
    AddNote(Note::Level::kWarning, td.name, "duplicate type alias; first one kept", e.sc, e.item->tok);
    if (e.kind == EntKind::kAlias) ++out_.stats.type_aliases.noted;
    e.noted = true;
    return;
  }
  if (!e.layout.ok && e.kind == EntKind::kAlias) {
    AddNote(Note::Level::kInfo, td.name, absl::StrCat("layout not computed: ", e.layout.err), e.sc, e.item->tok);
  }
  out_.contract.typedefs[td.name] = std::move(td);
  if (e.kind == EntKind::kAlias) ++out_.stats.type_aliases.modelled;
  e.emitted = true;
  EmitAliasFact(id);
}

void Extractor::EmitAliasFact(int id) {
  const Entity& e = ents_[id];
  if (!e.layout.ok && (e.layout.err.find("unsized") != std::string::npos)) return;
  out_.facts.push_back(SizeFact(e));
}

void Extractor::EmitConst(int id) {
  Entity& e = ents_[id];
  const Item& it = *e.item;
  CVal v;
  std::string err;
  bool ok = EvalConstEntity(id, 0, &v, &err);
  if (!ok) {
    AddNote(Note::Level::kInfo, e.key, absl::StrCat("constant not evaluated: ", err), e.sc, it.tok);
    ++out_.stats.consts.noted;
    return;
  }
  contract::Constant k;
  k.name = e.key;
  k.loc = Loc(e.sc, it.tok);
  k.type = it.type.empty() ? Type::Unknown("") : ToType(it.type[0], e.sc, nullptr, 0);
  if (v.k == CVal::kInt) {
    k.kind = contract::ConstantKind::kInt;
    if (v.i < -static_cast<i128>(~uint64_t{0}) || v.i > static_cast<i128>(~uint64_t{0})) {
      AddNote(Note::Level::kInfo, e.key, "constant beyond 64 bits not represented", e.sc, it.tok);
      ++out_.stats.consts.noted;
      return;
    }
    k.int_value.negative = v.i < 0;
    k.int_value.magnitude = static_cast<uint64_t>(v.i < 0 ? -v.i : v.i);
  } else if (v.k == CVal::kFloat) {
    k.kind = contract::ConstantKind::kFloat;
    k.float_value = v.f;
  } else if (v.k == CVal::kStr) {
    k.kind = contract::ConstantKind::kString;
    k.string_value = v.s;
    if (!k.string_value.empty() && k.string_value.back() == '\0') k.string_value.pop_back();
  } else {
    AddNote(Note::Level::kInfo, e.key, "constant not evaluated", e.sc, it.tok);
    ++out_.stats.consts.noted;
    return;
  }
  if (out_.contract.constants.count(k.name)) {
    AddNote(Note::Level::kWarning, e.key, "duplicate constant; first one kept", e.sc, it.tok);
    ++out_.stats.consts.noted;
    return;
  }
  out_.contract.constants[k.name] = std::move(k);
  ++out_.stats.consts.modelled;
}

void Extractor::EmitFunctions() {
  for (const PendingFn& pf : pending_fns_) {
    const Item& it = *pf.item;
    contract::Function fn;
    fn.name = pf.symbol;
    fn.loc = Loc(pf.sc, it.tok);
    fn.variadic = it.sig.variadic;
    if (!pf.abi.empty()) fn.calling_conv = ContractCallingConv(pf.abi, tg_);
    if (it.sig.ret.empty()) {
      fn.return_type = Type::Void();
    } else if (it.sig.ret[0].kind == TypeNode::kNever) {
      fn.return_type = Type::Void();
      fn.no_return = true;
    } else {
      fn.return_type = ToType(it.sig.ret[0], pf.sc, nullptr, 0);
    }
    bool unknown_types = fn.return_type.kind == TypeKind::kUnknown;
    for (const Param& p : it.sig.params) {
      contract::Param cp;
      cp.name = CNameOf(p.name, false);
      cp.type = ToType(p.type, pf.sc, nullptr, 0);
      unknown_types |= cp.type.kind == TypeKind::kUnknown;
      fn.params.push_back(std::move(cp));
    }
    if (it.sig.self_kind != FnSig::kNoSelf) {
      AddNote(Note::Level::kWarning, fn.name, "function with a self parameter in an extern position", pf.sc, it.tok);
    }
    if (unknown_types) {
      AddNote(Note::Level::kInfo, fn.name, "some parameter or return types are not C types", pf.sc, it.tok);
    }
    if (out_.contract.functions.count(fn.name)) {
      AddNote(Note::Level::kWarning, fn.name, "function declared more than once; first declaration kept", pf.sc,
              it.tok);
      ++out_.stats.functions.noted;
      continue;
    }
    out_.contract.functions[fn.name] = std::move(fn);
    ++out_.stats.functions.modelled;
  }
}

void Extractor::EmitVariables() {
  for (const PendingVar& pv : pending_vars_) {
    const Item& it = *pv.item;
    contract::Variable v;
    v.name = it.name;
    if (auto ln = LinkName(it.attrs, LF(pv.sc))) {
      v.name = *ln;
    } else if (auto en = AttrString(it.attrs, "export_name", LF(pv.sc))) {
      v.name = *en;
    }
    v.is_const = !it.is_mut;
    v.loc = Loc(pv.sc, it.tok);
    v.type = it.type.empty() ? Type::Unknown("") : ToType(it.type[0], pv.sc, nullptr, 0);
    if (out_.contract.variables.count(v.name)) {
      AddNote(Note::Level::kWarning, v.name, "static declared more than once; first kept", pv.sc, it.tok);
      ++out_.stats.statics.noted;
      continue;
    }
    out_.contract.variables[v.name] = std::move(v);
    ++out_.stats.statics.modelled;
  }
}

void Extractor::EmitEntity(int id) {
  item_steps_ = 0;
  Entity& e = ents_[id];
  switch (e.kind) {
    case EntKind::kStruct:
    case EntKind::kUnion:
      EmitRecord(id);
      break;
    case EntKind::kEnum:
      if (IsOpaqueIdiom(e)) {
        EmitRecord(id);  // `pub enum X {}`: an incomplete record, as C's `struct X;`
      } else {
        EmitRustEnum(id);
      }
      break;
    case EntKind::kAlias:
    case EntKind::kUseAlias:
      EmitAlias(id);
      break;
    case EntKind::kConst:
      EmitConst(id);
      break;
    case EntKind::kModConsts:
      EmitModConstsEnum(id);
      break;
  }
}

void Extractor::EmitAll() {
  for (size_t i = 0; i < ents_.size(); ++i) {
    if (CrateOf(ents_[i].sc) != 0) continue;  // dependencies: only what is used (below)
    EmitEntity(static_cast<int>(i));
  }
  EmitFunctions();
  EmitVariables();
  // Dependency types the crate's items use (`libc::timeval` as a field),
  // and what those use in turn. They are entries of the contract, not
  // statistics of the crate under check.
  const ExtractionStats saved = out_.stats;
  dep_notes_ = true;
  for (size_t k = 0; k < reached_.size(); ++k) {
    Entity& e = ents_[reached_[k]];
    if (e.emitted || e.noted) continue;
    EmitEntity(reached_[k]);
  }
  dep_notes_ = false;
  out_.stats = saved;
  for (const auto& [name, a] : asserted_) {
    if (used_asserts_.count(name)) continue;
    AddNote(Note::Level::kInfo, name, "layout assertions for a type that is not a modelled record", a.sc, a.tok);
  }
}

}  // namespace bindfuzz::rust_frontend
