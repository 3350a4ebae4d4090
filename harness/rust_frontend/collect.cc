// Collection: walks the items of every module (inline modules, `mod x;`
// files and `include!`d inputs included, see modules.cc) and records what
// the later stages work on: the modules and the names declared in them, an
// Entity per type, constant and `use ... as` alias, the `use` imports, the
// extern functions and statics, the impls, and bindgen's layout assertions.
// Items excluded by `#[cfg]` are dropped here; items that are not modelled
// get a note. Statistics of what was seen are counted here too (crate 0
// only: a dependency contributes names, never items of its own).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/common/status.h"
#include "harness/rust_frontend/cfg.h"
#include "harness/rust_frontend/extractor.h"
#include "harness/rust_frontend/mod_path.h"
#include "harness/rust_frontend/str_util.h"

namespace bindfuzz::rust_frontend {

using contract::Note;

// Returns false if the item is excluded by cfg. Notes cfgs it cannot decide.
bool Extractor::CfgAllows(const std::vector<Attr>& attrs, size_t sc, const std::string& item) {
  for (const Attr& a : attrs) {
    if (a.name != "cfg") continue;
    std::set<std::string> unset;
    int v = EvalCfgAttr(a, LF(sc), cfgs_, &unset);
    if (CrateOf(sc) == 0) {
      for (const std::string& n : unset) unknown_cfgs_.try_emplace(n, Loc(sc, a.tok));
    }
    if (v == 0) return false;
    if (v < 0) {
      AddNote(Note::Level::kInfo, item,
              absl::StrCat("#[cfg(", Spell(sc, a.args_begin, a.args_end), ")] not evaluated; item kept"), sc, a.tok);
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

// Declares the entity in its module (first declaration of a name wins, as
// the first of rustc's cfg alternatives would be the only one).
int Extractor::AddEntity(Entity e, bool pub) {
  int id = static_cast<int>(ents_.size());
  Ns ns = e.kind == EntKind::kConst ? kValueNs : kTypeNs;
  if (e.kind != EntKind::kUseAlias) {
    mods_[scopes_[e.sc].mod].names[ns].try_emplace(e.rust_name, Decl{Def{Def::kEnt, id}, pub});
  }
  ents_.push_back(std::move(e));
  return id;
}

void Extractor::AddImport(const Item& it, const UseEntry& u, size_t sc) {
  if (u.path.empty()) return;
  Import imp;
  imp.use = &u;
  imp.sc = sc;
  imp.pub = it.is_pub;
  imp.tok = it.begin_tok;
  Module& m = mods_[scopes_[sc].mod];
  if (u.path.back() == "*") {
    imp.glob = true;
    imports_.push_back(std::move(imp));
    m.globs.push_back(static_cast<int>(imports_.size() - 1));
    return;
  }
  if (u.alias == "_") return;  // `use Trait as _;`: binds no name
  if (!u.alias.empty()) {
    imp.name = u.alias;
  } else if (u.path.back() == "self") {
    if (u.path.size() < 2) return;
    imp.name = u.path[u.path.size() - 2];
  } else {
    imp.name = u.path.back();
  }
  imports_.push_back(std::move(imp));
  int id = static_cast<int>(imports_.size() - 1);
  m.named_imports[imports_.back().name].push_back(id);
  // `use x as y` in the crate under check is also the alias y (a typedef).
  if (!u.alias.empty() && u.path.back() != "self" && CrateOf(sc) == 0) {
    Entity e;
    e.kind = EntKind::kUseAlias;
    e.rust_name = u.alias;
    e.item = &it;
    e.sc = sc;
    e.use = &u;
    e.use_import = id;
    imports_[id].alias_ent = AddEntity(std::move(e), it.is_pub);
  }
}

absl::Status Extractor::Collect(const std::vector<Item>& items, size_t sc, bool accessible) {
  const bool own = CrateOf(sc) == 0;
  const int mod = scopes_[sc].mod;
  const bool file_level = mod == scopes_[sc].file_top;
  for (const Item& it : items) {
    if (!CfgAllows(it.attrs, sc, it.name)) {
      AddNote(Note::Level::kInfo, it.name, "excluded by #[cfg(...)]", sc, it.tok);
      continue;
    }
    bool acc = accessible && (file_level || it.is_pub);
    // An entity for this item as declared here.
    auto entity = [&](EntKind kind) {
      Entity e;
      e.kind = kind;
      e.rust_name = it.name;
      e.raw_name = it.raw_name;
      e.item = &it;
      e.sc = sc;
      e.accessible = acc;
      return e;
    };
    switch (it.kind) {
      case Item::kStruct:
      case Item::kUnion:
      case Item::kEnum:
      case Item::kTypeAlias: {
        if (own) {
          if (it.kind == Item::kStruct) ++out_.stats.structs.seen;
          if (it.kind == Item::kUnion) ++out_.stats.unions.seen;
          if (it.kind == Item::kEnum) ++out_.stats.enums.seen;
          if (it.kind == Item::kTypeAlias) ++out_.stats.type_aliases.seen;
        }
        AddEntity(entity(it.kind == Item::kStruct  ? EntKind::kStruct
                         : it.kind == Item::kUnion ? EntKind::kUnion
                         : it.kind == Item::kEnum  ? EntKind::kEnum
                                                   : EntKind::kAlias),
                  it.is_pub);
        break;
      }
      case Item::kConst: {
        if (it.name == "_") {
          if (own) RecordAssertions(ScanConstAssertions(LF(sc), it), sc, it.tok);
          break;
        }
        if (own) ++out_.stats.consts.seen;
        AddEntity(entity(EntKind::kConst), it.is_pub);
        break;
      }
      case Item::kStatic: {
        if (!own) break;
        ++out_.stats.statics.seen;
        if (HasAttr(it.attrs, "no_mangle") || AttrString(it.attrs, "export_name", LF(sc))) {
          AddVariable(it, sc, /*exported=*/true);
        } else {
          ++out_.stats.statics.noted;
          AddNote(Note::Level::kInfo, it.name, "Rust static without #[no_mangle]: not part of the C interface", sc,
                  it.tok);
        }
        break;
      }
      case Item::kFn:
        if (own) CollectFn(it, sc);
        break;
      case Item::kExternBlock:
        if (own) CollectExternBlock(it, sc);
        break;
      case Item::kImpl:
        impls_.push_back({&it, sc});
        break;
      case Item::kUse:
        for (const UseEntry& u : it.uses) AddImport(it, u, sc);
        break;
      case Item::kExternCrate: {
        // `extern crate foo;` names crate foo here (2015 edition).
        Import imp;
        imp.sc = sc;
        imp.pub = it.is_pub;
        imp.name = it.name;
        imp.tok = it.tok;
        imp.extern_crate = true;
        imports_.push_back(std::move(imp));
        mods_[mod].named_imports[it.name].push_back(static_cast<int>(imports_.size() - 1));
        break;
      }
      case Item::kMod: {
        if (HasAttr(it.attrs, "test")) break;
        if (it.inline_mod && IsModConstsEnum(it, sc)) {
          Entity e = entity(EntKind::kModConsts);
          e.role = Role::kModConstsEnum;
          if (own) ++out_.stats.enums.seen;
          AddEntity(std::move(e), it.is_pub);
          break;
        }
        if (it.inline_mod) {
          std::optional<std::string> p = AttrString(it.attrs, "path", LF(sc));
          std::string dir = p ? JoinPath(file_level ? DirName(LF(sc).name) : mods_[mod].dir, *p)
                              : JoinPath(mods_[mod].dir, it.name);
          int m = NewModule(it.name, mod, mods_[mod].crate, std::move(dir));
          mods_[m].depth = mods_[mod].depth + 1;
          mods_[mod].names[kTypeNs].try_emplace(it.name, Decl{Def{Def::kMod, m}, it.is_pub});
          BF_RETURN_IF_ERROR(Collect(it.items, ScopeOf(scopes_[sc].file, m, scopes_[sc].file_top), acc));
          break;
        }
        std::string dir;
        BF_ASSIGN_OR_RETURN(std::optional<size_t> file, ModFile(it, sc, &dir));
        if (!file) break;
        int m = NewModule(it.name, mod, mods_[mod].crate, std::move(dir));
        mods_[mod].names[kTypeNs].try_emplace(it.name, Decl{Def{Def::kMod, m}, it.is_pub});
        size_t nsc = ScopeOf(*file, m, m);
        files_[*file]->collected = true;
        if (FileExcludedByCfg(*file, nsc)) break;
        BF_RETURN_IF_ERROR(Collect(files_[*file]->ast.items, nsc, true));
        break;
      }
      case Item::kMacroCall: {
        if (own && it.name == "include") {
          if (std::optional<size_t> file = IncludedInput(it, sc)) {
            size_t nsc = ScopeOf(*file, mod, mod);
            files_[*file]->collected = true;
            if (FileExcludedByCfg(*file, nsc)) break;
            BF_RETURN_IF_ERROR(Collect(files_[*file]->ast.items, nsc, acc));
            break;
          }
          AddNote(Note::Level::kInfo, it.name,
                  "`include!` of a file that is not an input: not read (pass the file as an input)", sc, it.tok);
          break;
        }
        AddNote(Note::Level::kInfo, it.name,
                absl::StrCat("macro invocation `", it.name, "!` not expanded; items it may generate are not modelled"),
                sc, it.tok);
        break;
      }
      case Item::kMacroRules:
      case Item::kTrait:
      case Item::kExternType:
      case Item::kOther:
        break;
    }
  }
  return absl::OkStatus();
}

// `pub mod foo { pub type Type = <int>; pub const A: Type = 0; ... }`
bool Extractor::IsModConstsEnum(const Item& m, size_t sc) const {
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
  (void)sc;
  return has_type;
}

void Extractor::CollectFn(const Item& it, size_t sc) {
  bool is_test = HasAttr(it.attrs, "test");
  if (is_test && StartsWith(it.name, kLayoutTestPrefix) && it.has_body) {
    RecordAssertions(ScanLayoutTestFn(LF(sc), it), sc, it.tok);
    return;
  }
  if (is_test || !it.has_body) return;
  auto export_name = AttrString(it.attrs, "export_name", LF(sc));
  if ((HasAttr(it.attrs, "no_mangle") || export_name) && it.sig.has_abi) {
    ++out_.stats.functions.seen;
    AddFunction(it, sc, export_name ? *export_name : it.name);
  }
}

void Extractor::CollectExternBlock(const Item& blk, size_t sc) {
  for (const Item& it : blk.items) {
    if (!CfgAllows(it.attrs, sc, it.name)) {
      AddNote(Note::Level::kInfo, it.name, "excluded by #[cfg(...)]", sc, it.tok);
      continue;
    }
    if (it.kind == Item::kFn) {
      ++out_.stats.functions.seen;
      std::optional<std::string> ln = LinkName(it.attrs, LF(sc));
      AddFunction(it, sc, ln ? *ln : it.name, blk.abi);
    } else if (it.kind == Item::kStatic) {
      ++out_.stats.statics.seen;
      AddVariable(it, sc, false);
    } else if (it.kind == Item::kTypeAlias && it.type.empty()) {
      AddNote(Note::Level::kInfo, it.name, "extern type: opaque, unsized to Rust; not modelled", sc, it.tok);
    } else if (it.kind == Item::kMacroCall) {
      AddNote(Note::Level::kInfo, it.name, "macro invocation in extern block not expanded", sc, it.tok);
    } else {
      AddNote(Note::Level::kInfo, it.name, "unexpected item in extern block", sc, it.tok);
    }
  }
}

void Extractor::AddFunction(const Item& it, size_t sc, std::string symbol, std::string abi) {
  if (abi.empty()) abi = it.sig.abi;
  pending_fns_.push_back({&it, sc, std::move(symbol), std::move(abi)});
}

void Extractor::AddVariable(const Item& it, size_t sc, bool exported) {
  (void)exported;
  pending_vars_.push_back({&it, sc});
}

// Assertions are keyed by the Rust type they describe; the first one seen
// gives the location of its note if the type is never modelled.
void Extractor::RecordAssertions(const std::vector<LayoutAssertion>& found, size_t sc, uint32_t tok) {
  for (const LayoutAssertion& a : found) {
    auto [it, inserted] = asserted_.try_emplace(a.type_name);
    Asserted& as = it->second;
    if (inserted) {
      as.sc = sc;
      as.tok = tok;
    }
    ++out_.stats.layout_tests;
    if (a.what == LayoutAssertion::kSize) as.size = a.value;
    else if (a.what == LayoutAssertion::kAlign) as.align = a.value;
    else as.fields.emplace_back(a.field, a.value);
  }
}

}  // namespace bindfuzz::rust_frontend
