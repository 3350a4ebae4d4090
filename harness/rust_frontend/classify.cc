// bindgen's conventions applied to the collected entities.
//
// Classify: what a type stands for. An integer alias with constants of its
// type (`pub type foo = u32; pub const foo_A: foo = 0;`) is a consts-style
// enum; a repr(C)/transparent one-integer tuple struct with constants of its
// type is a newtype enum (a bitfield enum when it implements BitOr); a Rust
// `enum` is a rustified enum. Inherent impls contribute bitfield getters and
// associated constants.
//
// AssignKeys: the contract name of each entity (contract.h's scheme):
// keyword escapes undone, and bindgen's `P__bindgen_ty_N` records keyed by
// the field of P that holds them (`P::field`, `P::(anon#N)`).
#include <unordered_map>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "harness/rust_frontend/extractor.h"
#include "harness/rust_frontend/str_util.h"

namespace bindfuzz::rust_frontend {

using contract::Note;

void Extractor::Classify() {
  // Inherent impls: bitfield getters, associated consts; trait impls: BitOr.
  for (const auto& [it, sc] : impls_) {
    if (it->type.empty() || it->type[0].kind != TypeNode::kPath || it->negative_impl) continue;
    Res self = Resolve(it->type[0].path, nullptr, sc);
    if (self.k != Res::kEntity) continue;
    Entity& e = ents_[self.ent];
    if (!it->trait_type.empty()) {
      if (it->trait_type[0].kind == TypeNode::kPath && it->trait_type[0].path.Last() == "BitOr")
        e.has_bitor_impl = true;
      continue;
    }
    for (const Item& m : it->items) {
      if (m.kind == Item::kConst) e.assoc_consts.push_back({&m, sc});
      if (m.kind == Item::kFn && m.has_body && m.sig.self_kind == FnSig::kRef && !m.sig.ret.empty() &&
          m.sig.params.empty())
        AddGetter(m, sc, &e);
    }
  }
  // Consts grouped by the type their (single-segment) declared type names,
  // within a crate.
  std::unordered_map<int, std::vector<int>> consts_by_type;
  for (size_t i = 0; i < ents_.size(); ++i) {
    const Entity& e = ents_[i];
    if (e.kind != EntKind::kConst || e.item->type.empty()) continue;
    const TypeNode& t = e.item->type[0];
    if (t.kind != TypeNode::kPath || !t.path.IsSingle()) continue;
    Res r = Resolve(t.path, nullptr, e.sc);
    if (r.k == Res::kEntity && CrateOf(ents_[r.ent].sc) == CrateOf(e.sc))
      consts_by_type[r.ent].push_back(static_cast<int>(i));
  }
  for (size_t i = 0; i < ents_.size(); ++i) {
    Entity& e = ents_[i];
    if (e.kind == EntKind::kAlias && e.item->generics.Empty() && !e.item->type.empty()) {
      auto it = consts_by_type.find(static_cast<int>(i));
      if (it == consts_by_type.end()) continue;
      IntTy ity;
      if (!IntTyOf(e.item->type[0], e.sc, nullptr, &ity, 0) || ity.is_bool || ity.is_char) continue;
      std::string_view parent;
      bool anon = IsBindgenAnonTypeName(e.rust_name, &parent);
      std::string prefix = e.rust_name + "_";
      bool prefixed = false;
      for (int cid : it->second)
        if (StartsWith(ents_[cid].rust_name, prefix)) prefixed = true;
      if (!prefixed && !anon) continue;
      e.role = Role::kConstsEnum;
      e.members = it->second;
      if (prefixed) {
        e.enum_prefix = prefix;
      } else if (!parent.empty()) {
        e.enum_prefix = std::string(parent) + "_";
      }
      if (anon) e.anonymous = true;
    } else if (e.kind == EntKind::kStruct && e.item->shape == Item::kTupleShape && e.item->fields.size() == 1 &&
               e.item->generics.Empty()) {
      IntTy ity;
      if (!IntTyOf(e.item->fields[0].type, e.sc, nullptr, &ity, 0) || ity.is_bool || ity.is_char) continue;
      const Repr& rp = ParseRepr(e.item->attrs, e.sc);
      if (!rp.transparent && !rp.c) continue;
      bool self_typed_consts = false;
      for (const AssocConst& ac : e.assoc_consts) {
        if (!ac.item->type.empty() && ac.item->type[0].kind == TypeNode::kPath &&
            (ac.item->type[0].path.Last() == e.rust_name || ac.item->type[0].path.Last() == "Self"))
          self_typed_consts = true;
      }
      auto it = consts_by_type.find(static_cast<int>(i));
      if (it != consts_by_type.end()) {
        e.members = it->second;
        self_typed_consts = true;
        e.enum_prefix = e.rust_name + "_";
      }
      if (!self_typed_consts) continue;
      e.role = e.has_bitor_impl ? Role::kBitfieldEnum : Role::kNewtypeEnum;
    } else if (e.kind == EntKind::kEnum) {
      e.role = Role::kRustifiedEnum;
    }
  }
}

void Extractor::AddGetter(const Item& m, size_t sc, Entity* e) {
  std::optional<BitfieldAccess> acc = ScanBitfieldGetter(LF(sc), m);
  if (!acc) return;
  Getter g;
  g.name = m.raw_name ? "r#" + m.name : m.name;
  g.unit = std::move(acc->unit);
  g.bit_off = acc->bit_off;
  g.width = acc->width;
  g.ret = &m.sig.ret[0];
  g.sc = sc;
  g.tok = m.tok;
  e->getters.push_back(std::move(g));
}

// Entity referenced by a field type (through arrays/parens only).
int Extractor::FieldTypeEntity(const TypeNode& t, size_t sc, int depth) const {
  if (depth > 64) return -1;
  if ((t.kind == TypeNode::kArray || t.kind == TypeNode::kParen) && !t.elems.empty())
    return FieldTypeEntity(t.elems[0], sc, depth + 1);
  if (t.kind != TypeNode::kPath) return -1;
  Res r = ResolveSem(t.path, nullptr, sc);
  if (r.k == Res::kEntity) return r.ent;
  if (r.k == Res::kBuiltin && (r.bi.b == Builtin::kIncompleteArray || r.bi.b == Builtin::kUnionField ||
                               r.bi.b == Builtin::kTransparentWrapper)) {
    const TypeNode* a = FirstTypeArg(t.path);
    return a ? FieldTypeEntity(*a, sc, depth + 1) : -1;
  }
  return -1;
}

std::string Extractor::FieldCName(const FieldDef& f) const { return CFieldName(f.name, f.raw); }

void Extractor::AssignKeys() {
  for (Entity& e : ents_) {
    if (e.kind == EntKind::kConst) {
      e.key = e.rust_name;
      continue;
    }
    e.key = CNameOf(e.rust_name, e.raw_name);
    std::string_view parent;
    if ((e.kind == EntKind::kStruct || e.kind == EntKind::kUnion) && IsBindgenAnonTypeName(e.rust_name, &parent))
      e.anonymous = true;
  }
  // Anonymous nested records: `P__bindgen_ty_N` referenced by a field of
  // P is keyed `<P's key>::<field C name>`. Worklist, parents first.
  std::vector<int> work;
  for (size_t i = 0; i < ents_.size(); ++i) {
    const Entity& e = ents_[i];
    if ((e.kind == EntKind::kStruct || e.kind == EntKind::kUnion) && !IsBindgenAnonTypeName(e.rust_name, nullptr))
      work.push_back(static_cast<int>(i));
  }
  std::unordered_set<int> mapped;
  while (!work.empty()) {
    int pid = work.back();
    work.pop_back();
    const Entity& p = ents_[pid];
    std::string child_prefix = p.rust_name + "__bindgen_ty_";
    for (const FieldDef& f : p.item->fields) {
      int cid = FieldTypeEntity(f.type, p.sc);
      if (cid < 0 || cid == pid || mapped.count(cid)) continue;
      Entity& c = ents_[cid];
      if (!StartsWith(c.rust_name, child_prefix)) continue;
      mapped.insert(cid);
      c.key = absl::StrCat(ents_[pid].key, "::", FieldCName(f));
      c.anonymous = true;
      if (c.kind == EntKind::kStruct || c.kind == EntKind::kUnion) work.push_back(cid);
    }
  }
  for (size_t i = 0; i < ents_.size(); ++i) {
    Entity& e = ents_[i];
    if (e.anonymous && !mapped.count(static_cast<int>(i)) && (e.kind == EntKind::kStruct || e.kind == EntKind::kUnion)) {
      std::string_view parent;
      IsBindgenAnonTypeName(e.rust_name, &parent);
      if (!parent.empty()) {
        AddNote(Note::Level::kInfo, e.rust_name,
                "anonymous record not referenced by a field of its parent; keyed by its Rust name", e.sc, e.item->tok);
      }
    }
  }
  // The crate under check keeps its keys; a dependency's type of the same
  // name is keyed `<crate>::<name>`.
  std::unordered_set<std::string> own;
  for (const Entity& e : ents_) {
    if (e.kind != EntKind::kConst && CrateOf(e.sc) == 0) own.insert(e.key);
  }
  for (Entity& e : ents_) {
    int c = CrateOf(e.sc);
    if (c != 0 && e.kind != EntKind::kConst && own.count(e.key)) e.key = absl::StrCat(crates_[c], "::", e.key);
  }
}

}  // namespace bindfuzz::rust_frontend
