// Collection: walks the items of every file (inline modules included) and
// records what the later stages work on: an Entity per type, constant and
// `use` alias (by name, in the type or value namespace), the extern
// functions and statics, the impls, and bindgen's layout assertions. Items
// excluded by `#[cfg]` are dropped here; items that are not modelled get a
// note. Statistics of what was seen are counted here too.
#include "absl/strings/str_cat.h"
#include "harness/rust_frontend/cfg.h"
#include "harness/rust_frontend/extractor.h"
#include "harness/rust_frontend/str_util.h"

namespace bindfuzz::rust_frontend {

using contract::Note;

// Returns false if the item is excluded by cfg. Notes unknown cfgs.
bool Extractor::CfgAllows(const std::vector<Attr>& attrs, size_t fi, const std::string& item) {
  for (const Attr& a : attrs) {
    if (a.name != "cfg") continue;
    int v = EvalCfgAttr(a, LF(fi), tg_);
    if (v == 0) return false;
    if (v < 0) {
      AddNote(Note::Level::kInfo, item,
              absl::StrCat("#[cfg(", Spell(fi, a.args_begin, a.args_end), ")] not evaluated; item kept"), fi, a.tok);
    }
  }
  return true;
}

void Extractor::CountFns(const std::vector<Item>& items, int depth) {
  if (depth > opts_.max_nesting_depth) return;
  for (const Item& it : items) {
    if (it.kind == Item::kFn) {
      ++out_.stats.fn_items;
      const FnSig& s = it.sig;
      if (it.is_pub && !s.is_const && !s.is_unsafe && !s.is_async && !s.has_abi && !s.is_safe)
        ++out_.stats.pub_fn_items;
    }
    CountFns(it.items, depth + 1);
  }
}

int Extractor::AddEntity(Entity e) {
  int id = static_cast<int>(ents_.size());
  bool value_ns = e.kind == EntKind::kConst;
  auto& ns = value_ns ? values_ : types_;
  ns[e.rust_name].push_back(id);
  ents_.push_back(std::move(e));
  return id;
}

void Extractor::Collect(const std::vector<Item>& items, size_t fi, int mod_id, bool accessible) {
  for (const Item& it : items) {
    if (!CfgAllows(it.attrs, fi, it.name)) {
      AddNote(Note::Level::kInfo, it.name, "excluded by #[cfg(...)]", fi, it.tok);
      continue;
    }
    bool acc = accessible && (mod_id < 0 || it.is_pub);
    // An entity for this item as declared here.
    auto entity = [&](EntKind kind) {
      Entity e;
      e.kind = kind;
      e.rust_name = it.name;
      e.raw_name = it.raw_name;
      e.item = &it;
      e.file = fi;
      e.mod_id = mod_id;
      e.accessible = acc;
      return e;
    };
    switch (it.kind) {
      case Item::kStruct:
      case Item::kUnion:
      case Item::kEnum:
      case Item::kTypeAlias: {
        if (it.kind == Item::kStruct) ++out_.stats.structs.seen;
        if (it.kind == Item::kUnion) ++out_.stats.unions.seen;
        if (it.kind == Item::kEnum) ++out_.stats.enums.seen;
        if (it.kind == Item::kTypeAlias) ++out_.stats.type_aliases.seen;
        AddEntity(entity(it.kind == Item::kStruct  ? EntKind::kStruct
                         : it.kind == Item::kUnion ? EntKind::kUnion
                         : it.kind == Item::kEnum  ? EntKind::kEnum
                                                   : EntKind::kAlias));
        break;
      }
      case Item::kConst: {
        if (it.name == "_") {
          RecordAssertions(ScanConstAssertions(LF(fi), it), fi, it.tok);
          break;
        }
        ++out_.stats.consts.seen;
        AddEntity(entity(EntKind::kConst));
        break;
      }
      case Item::kStatic: {
        ++out_.stats.statics.seen;
        if (HasAttr(it.attrs, "no_mangle") || AttrString(it.attrs, "export_name", LF(fi))) {
          AddVariable(it, fi, /*exported=*/true);
        } else {
          ++out_.stats.statics.noted;
          AddNote(Note::Level::kInfo, it.name, "Rust static without #[no_mangle]: not part of the C interface", fi,
                  it.tok);
        }
        break;
      }
      case Item::kFn:
        CollectFn(it, fi);
        break;
      case Item::kExternBlock:
        CollectExternBlock(it, fi);
        break;
      case Item::kImpl:
        impls_.push_back({&it, fi});
        break;
      case Item::kUse:
        for (const UseEntry& u : it.uses) {
          if (u.alias.empty() || u.alias == "_" || u.path.empty() || u.path.back() == "*") continue;
          if (u.path.back() == "self") continue;
          Entity e = entity(EntKind::kUseAlias);
          e.rust_name = u.alias;
          e.raw_name = false;
          e.use = &u;
          AddEntity(std::move(e));
        }
        break;
      case Item::kMod: {
        if (!it.inline_mod) {
          AddNote(Note::Level::kInfo, it.name,
                  absl::StrCat("`mod ", it.name, ";` refers to another file, which is not read (pass it as an input)"),
                  fi, it.tok);
          break;
        }
        if (HasAttr(it.attrs, "test")) break;
        if (IsModConstsEnum(it, fi)) {
          Entity e = entity(EntKind::kModConsts);
          e.role = Role::kModConstsEnum;
          ++out_.stats.enums.seen;
          AddEntity(std::move(e));
          break;
        }
        mods_.push_back({it.name, mod_id, mod_id < 0 ? 1 : mods_[mod_id].depth + 1});
        Collect(it.items, fi, static_cast<int>(mods_.size() - 1), acc);
        break;
      }
      case Item::kMacroCall:
        AddNote(Note::Level::kInfo, it.name,
                absl::StrCat("macro invocation `", it.name, "!` not expanded; items it may generate are not modelled"),
                fi, it.tok);
        break;
      case Item::kMacroRules:
      case Item::kTrait:
      case Item::kExternCrate:
      case Item::kExternType:
      case Item::kOther:
        break;
    }
  }
}

// `pub mod foo { pub type Type = <int>; pub const A: Type = 0; ... }`
bool Extractor::IsModConstsEnum(const Item& m, size_t fi) const {
  bool has_type = false;
  for (const Item& x : m.items) {
    if (x.kind == Item::kTypeAlias && x.name == "Type" && x.generics.Empty() && !x.type.empty()) {
      has_type = true;
    } else if (x.kind == Item::kConst && !x.type.empty() && x.type[0].kind == TypeNode::kPath &&
               x.type[0].path.IsSingle() && x.type[0].path.Last() == "Type") {
      continue;
    } else if (x.kind == Item::kUse) {
      continue;
    } else {
      return false;
    }
  }
  (void)fi;
  return has_type;
}

void Extractor::CollectFn(const Item& it, size_t fi) {
  bool is_test = HasAttr(it.attrs, "test");
  if (is_test && StartsWith(it.name, kLayoutTestPrefix) && it.has_body) {
    RecordAssertions(ScanLayoutTestFn(LF(fi), it), fi, it.tok);
    return;
  }
  if (is_test || !it.has_body) return;
  auto export_name = AttrString(it.attrs, "export_name", LF(fi));
  if ((HasAttr(it.attrs, "no_mangle") || export_name) && it.sig.has_abi) {
    ++out_.stats.functions.seen;
    AddFunction(it, fi, export_name ? *export_name : it.name);
  }
}

void Extractor::CollectExternBlock(const Item& blk, size_t fi) {
  for (const Item& it : blk.items) {
    if (!CfgAllows(it.attrs, fi, it.name)) continue;
    if (it.kind == Item::kFn) {
      ++out_.stats.functions.seen;
      std::optional<std::string> ln = LinkName(it.attrs, LF(fi));
      AddFunction(it, fi, ln ? *ln : it.name, blk.abi);
    } else if (it.kind == Item::kStatic) {
      ++out_.stats.statics.seen;
      AddVariable(it, fi, false);
    } else if (it.kind == Item::kTypeAlias && it.type.empty()) {
      AddNote(Note::Level::kInfo, it.name, "extern type: opaque, unsized to Rust; not modelled", fi, it.tok);
    } else if (it.kind == Item::kMacroCall) {
      AddNote(Note::Level::kInfo, it.name, "macro invocation in extern block not expanded", fi, it.tok);
    } else {
      AddNote(Note::Level::kInfo, it.name, "unexpected item in extern block", fi, it.tok);
    }
  }
}

void Extractor::AddFunction(const Item& it, size_t fi, std::string symbol, std::string abi) {
  if (abi.empty()) abi = it.sig.abi;
  pending_fns_.push_back({&it, fi, std::move(symbol), std::move(abi)});
}

void Extractor::AddVariable(const Item& it, size_t fi, bool exported) {
  (void)exported;
  pending_vars_.push_back({&it, fi});
}

// Assertions are keyed by the Rust type they describe; the first one seen
// gives the location of its note if the type is never modelled.
void Extractor::RecordAssertions(const std::vector<LayoutAssertion>& found, size_t fi, uint32_t tok) {
  for (const LayoutAssertion& a : found) {
    auto [it, inserted] = asserted_.try_emplace(a.type_name);
    Asserted& as = it->second;
    if (inserted) {
      as.file = fi;
      as.tok = tok;
    }
    ++out_.stats.layout_tests;
    if (a.what == LayoutAssertion::kSize) as.size = a.value;
    else if (a.what == LayoutAssertion::kAlign) as.align = a.value;
    else as.fields.emplace_back(a.field, a.value);
  }
}

}  // namespace bindfuzz::rust_frontend
