// Name resolution, as rustc resolves the paths of a binding crate.
//
// A name in a module (LookupIn) is, in order: an item or child module
// declared there, a named import (`use a::b;`, `use a::b as c;`, `extern
// crate c;`), or a name a glob import brings (`use a::*`: the names of `a`
// visible from here, re-exports included); top input files see each
// other's items (modules.cc). Globs of modules outside the inputs (`use
// libc::*` without libc's source, the std prelude) come last.
//
// A path (ResolvePathDef) starts at `crate`, `self`, `super` or `::`, or
// at a name of the current module; a first segment not found there is a
// dependency crate (`libc::size_t`, RustSource::crate_name) or, when no
// input is that crate, a path outside the inputs (core, std, libc, the
// kernel's `ffi`). Paths outside the inputs name C types of the ctypes
// modules (core::ffi, std::os::raw, libc, the --ctypes-prefix, or a module
// alias of one: `use std::os::raw as ctypes`), primitives spelled through
// core/std, and library types of known layout (Builtin, target.h).
//
// Resolve then turns a path into what the layout engine uses: a bound
// generic parameter, a Rust primitive, an entity of the inputs, a C type or
// a builtin. A path that names nothing is unresolved; WhyUnresolved says
// why, for the notes.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/rust_frontend/extractor.h"
#include "harness/rust_frontend/str_util.h"

namespace bindfuzz::rust_frontend {

namespace {

bool IsStdRoot(std::string_view s) { return s == "core" || s == "std" || s == "alloc" || s == "libc"; }

// Lookups are memoised; this bounds what cyclic glob imports can cost.
constexpr uint64_t kMaxLookupSteps = 50'000'000;

const Def kNoDef{};
const Def kInProgress{Def::kNone, -2};

}  // namespace

std::vector<const GenericArg*> TypeArgs(const Path& p) {
  std::vector<const GenericArg*> v;
  if (p.segments.empty()) return v;
  for (const GenericArg& a : p.segments.back().args)
    if (a.kind == GenericArg::kType || a.kind == GenericArg::kConst) v.push_back(&a);
  return v;
}

const TypeNode* FirstTypeArg(const Path& p) {
  for (const GenericArg* a : TypeArgs(p))
    if (a->kind == GenericArg::kType && !a->type.empty()) return &a->type[0];
  return nullptr;
}

// ------------------------------------------------------------ modules
bool Extractor::IsAncestorOrSelf(int anc, int m) const {
  for (int x = m; x >= 0; x = mods_[x].parent)
    if (x == anc) return true;
  return false;
}

int Extractor::TopOf(int m) const {
  while (mods_[m].parent >= 0) m = mods_[m].parent;
  return m;
}

int Extractor::CrateByName(std::string_view name) const {
  for (size_t k = 1; k < crates_.size(); ++k)
    if (crates_[k] == name && !crate_tops_[k].empty()) return static_cast<int>(k);
  return -1;
}

Def Extractor::Ext(std::vector<std::string> path) const {
  std::string key = absl::StrJoin(path, "::");
  auto it = ext_ids_.find(key);
  if (it != ext_ids_.end()) return Def{Def::kExt, it->second};
  ext_.push_back(std::move(path));
  int id = static_cast<int>(ext_.size() - 1);
  ext_ids_.emplace(std::move(key), id);
  return Def{Def::kExt, id};
}

Def Extractor::LookupIn(int m, const std::string& name, Ns ns, bool priv, bool implicit) const {
  auto& memo = mods_[m].memo[ns][priv][implicit];
  auto it = memo.find(name);
  if (it != memo.end()) {
    if (it->second == kInProgress) {
      ++lookup_cycle_hits_;
      return kNoDef;
    }
    return it->second;
  }
  if (++lookup_steps_ > kMaxLookupSteps) return kNoDef;
  memo.emplace(name, kInProgress);
  int hits = lookup_cycle_hits_;
  Def r = LookupInUncached(m, name, ns, priv, implicit);
  // A result cut short by a cycle is not final: it is computed again.
  if (lookup_cycle_hits_ == hits) {
    memo[name] = r;
  } else {
    memo.erase(name);
  }
  return r;
}

Def Extractor::LookupInUncached(int m, const std::string& name, Ns ns, bool priv, bool implicit) const {
  const Module& mod = mods_[m];
  auto d = mod.names[ns].find(name);
  if (d != mod.names[ns].end() && (priv || d->second.pub)) return d->second.def;
  auto ni = mod.named_imports.find(name);
  if (ni != mod.named_imports.end()) {
    for (int imp : ni->second) {
      if (!priv && !imports_[imp].pub) continue;
      Def t = ImportTarget(imp, ns);
      if (t.k == Def::kNone) continue;
      // `use x as y` of a type is the typedef y (bindgen's spelling of
      // `typedef enum x y;`), as the C side names it.
      if (ns == kTypeNs && imports_[imp].alias_ent >= 0 &&
          (t.k == Def::kEnt || (t.k == Def::kExt && ResOfExt(ext_[t.id]).k == Res::kPrim)))
        return Def{Def::kEnt, imports_[imp].alias_ent};
      return t;
    }
  }
  Def outside;  // the first glob of a module outside the inputs
  for (int g : mod.globs) {
    const Import& imp = imports_[g];
    if (imp.to_mod >= 0) {
      if (!implicit) continue;
      Def t = LookupIn(imp.to_mod, name, ns, true, false);
      if (t.k != Def::kNone) return t;
      continue;
    }
    if (!priv && !imp.pub) continue;
    Def target = ImportTarget(g, kTypeNs);
    if (target.k == Def::kMod) {
      Def t = LookupIn(target.id, name, ns, IsAncestorOrSelf(target.id, m), true);
      if (t.k != Def::kNone) return t;
    } else if (target.k == Def::kExt && outside.k == Def::kNone) {
      std::vector<std::string> p = ext_[target.id];
      p.push_back(name);
      outside = Ext(std::move(p));
    }
  }
  return outside;
}

Def Extractor::ImportTarget(int id, Ns ns) const {
  Import& imp = imports_[id];
  if (imp.state[ns] == 2) return imp.target[ns];
  if (imp.state[ns] == 1) {
    ++lookup_cycle_hits_;
    return kNoDef;
  }
  imp.state[ns] = 1;
  Def r;
  if (imp.extern_crate) {
    if (ns == kTypeNs) {
      int k = CrateByName(imp.name);
      r = k >= 1 ? Def{Def::kMod, crate_tops_[k][0]} : Ext({imp.name});
    }
  } else if (imp.use) {
    std::vector<std::string> path = imp.use->path;
    bool type_only = false;
    if (imp.glob || path.back() == "self") {
      path.pop_back();
      type_only = true;
    }
    if (!path.empty() && (!type_only || ns == kTypeNs)) {
      r = ResolvePathDef(path, imp.use->global, imp.sc, type_only ? kTypeNs : ns, /*use_path=*/true);
    } else if (imp.glob && path.empty() && ns == kTypeNs) {
      // `use *;` / `use ::*;` (2015 edition, every module of openssl-sys):
      // the crate root's names.
      r = Def{Def::kMod, TopOf(scopes_[imp.sc].mod)};
    }
  }
  imp.state[ns] = 2;
  imp.target[ns] = r;
  return r;
}

Def Extractor::ResolvePathDef(const std::vector<std::string>& segs, bool global, size_t sc, Ns ns,
                              bool use_path) const {
  if (segs.empty()) return kNoDef;
  const int here = scopes_[sc].mod;
  const size_t n = segs.size();
  Def cur;
  size_t i = 0;
  bool at_root = false;  // `::name` not naming a dependency: the crate root's name (2015)
  if (global) {
    int k = CrateByName(segs[0]);
    if (k >= 1) {
      cur = Def{Def::kMod, crate_tops_[k][0]};
      i = 1;
    } else {
      at_root = true;
    }
  } else if (segs[0] == "crate") {
    cur = Def{Def::kMod, TopOf(here)};
    i = 1;
  } else if (segs[0] == "self") {
    cur = Def{Def::kMod, here};
    i = 1;
  } else if (segs[0] == "Self") {
    return kNoDef;
  }
  for (; i < n; ++i) {
    const std::string& seg = segs[i];
    const bool last = i + 1 == n;
    const Ns nsi = last ? ns : kTypeNs;
    if (seg == "super") {
      int base = cur.k == Def::kMod ? cur.id : (cur.k == Def::kNone && i == 0 ? here : -1);
      if (base < 0 || mods_[base].parent < 0) return kNoDef;
      cur = Def{Def::kMod, mods_[base].parent};
      continue;
    }
    if (seg == "self" && cur.k == Def::kMod) continue;
    if (cur.k == Def::kNone) {  // the first segment
      if (at_root) {
        Def d = LookupIn(TopOf(here), seg, nsi, true);
        if (d.k == Def::kNone) return Ext(std::vector<std::string>(segs.begin() + i, segs.end()));
        cur = d;
        continue;
      }
      Def d = LookupIn(here, seg, nsi, true);
      // A glob of a module outside the inputs (the std prelude) "finds"
      // every name; a dependency crate given as an input comes first.
      if (d.k == Def::kExt && CrateByName(seg) >= 1) d = kNoDef;
      if (d.k == Def::kNone) {
        int k = CrateByName(seg);
        if (k >= 1) {
          d = Def{Def::kMod, crate_tops_[k][0]};
        } else if (use_path) {  // 2015 edition: `use` paths start at the crate root
          d = LookupIn(TopOf(here), seg, nsi, true);
        }
      }
      if (d.k == Def::kNone) return Ext(std::vector<std::string>(segs.begin() + i, segs.end()));
      cur = d;
      continue;
    }
    switch (cur.k) {
      case Def::kMod: {
        Def d = LookupIn(cur.id, seg, nsi, IsAncestorOrSelf(cur.id, here));
        if (d.k == Def::kNone) return kNoDef;
        cur = d;
        break;
      }
      case Def::kExt: {
        std::vector<std::string> p = ext_[cur.id];
        p.push_back(seg);
        cur = Ext(std::move(p));
        break;
      }
      case Def::kEnt: {
        // `E::Type` of a moduleconsts enum is the enum.
        const Entity& e = ents_[cur.id];
        if (e.kind == EntKind::kModConsts && seg == "Type" && last && ns == kTypeNs) return cur;
        return kNoDef;
      }
      case Def::kNone:
        return kNoDef;
    }
  }
  return cur;
}

Def Extractor::ResolveDef(const Path& p, size_t sc, Ns ns) const {
  if (!p.qself.empty() || p.segments.empty()) return kNoDef;
  auto& memo = path_memo_[ns];
  auto it = memo.find(&p);
  if (it != memo.end() && it->second.first == sc) return it->second.second;
  std::vector<std::string> segs;
  segs.reserve(p.segments.size());
  for (const PathSegment& s : p.segments) segs.push_back(s.name);
  Def d = ResolvePathDef(segs, p.global, sc, ns, false);
  memo[&p] = {sc, d};
  return d;
}

// ------------------------------------------------------------ paths -> Res
bool Extractor::IsCTypesModule(const std::vector<std::string>& prefix) const {
  // The path without its last segment names a C-types module.
  size_t b = 0;
  while (b < prefix.size() && (prefix[b] == "crate" || prefix[b] == "self" || prefix[b] == "super")) ++b;
  std::string joined = absl::StrJoin(prefix.begin() + b, prefix.end(), "::");
  if (joined.empty()) return false;
  if (joined == "ffi" || joined == "libc" || joined == "core::ffi" || joined == "std::ffi" ||
      joined == "std::os::raw" || joined == "core::os::raw" || joined == "os::raw" || joined == "raw" ||
      joined == "kernel::ffi" || joined == "bindings" || joined == "kernel::bindings")
    return true;
  if (!opts_.ctypes_prefix.empty()) {
    std::string pre = opts_.ctypes_prefix;
    while (StartsWith(pre, "::")) pre = pre.substr(2);
    while (StartsWith(pre, "crate::")) pre = pre.substr(7);
    if (joined == pre) return true;
  }
  return false;
}

Extractor::Res Extractor::ResOfExt(const std::vector<std::string>& path) const {
  Res r;
  if (path.empty()) return r;
  const std::string& last = path.back();
  std::vector<std::string> prefix(path.begin(), path.end() - 1);
  bool std_path = !prefix.empty() && IsStdRoot(prefix[0]);
  if ((IsCTypesModule(prefix) || std_path) && LookupCType(last, tg_, &r.prim)) {
    r.k = Res::kPrim;
    return r;
  }
  if (std_path && LookupRustPrim(last, tg_, &r.prim)) {
    r.k = Res::kPrim;  // core::primitive::u8
    return r;
  }
  r.bi = LookupBuiltin(last, tg_);
  if (r.bi.b != Builtin::kNone) r.k = Res::kBuiltin;
  return r;
}

Extractor::Res Extractor::Resolve(const Path& p, const Env* env, size_t sc) const {
  Res r;
  if (!p.qself.empty() || p.segments.empty()) return r;
  const std::string& last = p.Last();
  if (p.IsSingle()) {
    if (env) {
      if (const Binding* b = env->Find(last)) {
        r.k = Res::kParam;
        r.bind = b;
        return r;
      }
    }
    if (LookupRustPrim(last, tg_, &r.prim)) {
      r.k = Res::kPrim;
      return r;
    }
  }
  Def d = ResolveDef(p, sc, kTypeNs);
  switch (d.k) {
    case Def::kEnt:
      r.k = Res::kEntity;
      r.ent = d.id;
      return r;
    case Def::kExt:
      return ResOfExt(ext_[d.id]);
    case Def::kMod:
      return r;  // a module is not a type
    case Def::kNone:
      break;
  }
  // Not found where rustc looks. The C type names and the library types
  // keep the meaning they have everywhere else (macro-made imports, a
  // prelude we do not read).
  std::vector<std::string> prefix;
  for (size_t i = 0; i + 1 < p.segments.size(); ++i) prefix.push_back(p.segments[i].name);
  if ((p.IsSingle() || IsCTypesModule(prefix)) && LookupCType(last, tg_, &r.prim)) {
    r.k = Res::kPrim;
    return r;
  }
  r.bi = LookupBuiltin(last, tg_);
  if (r.bi.b != Builtin::kNone) r.k = Res::kBuiltin;
  return r;
}

Extractor::Res Extractor::ResolveSem(const Path& p, const Env* env, size_t sc) const {
  Res r = Resolve(p, env, sc);
  if (r.k == Res::kEntity && ents_[r.ent].item && ents_[r.ent].item->generics.HasTypeOrConst()) {
    BuiltinInfo bi = LookupBuiltin(p.Last(), tg_);
    if (bi.b == Builtin::kBitfieldUnit || bi.b == Builtin::kIncompleteArray || bi.b == Builtin::kUnionField ||
        bi.b == Builtin::kOpaqueArray) {
      r.k = Res::kBuiltin;
      r.bi = bi;
      r.ent = -1;
    }
  }
  return r;
}

std::string Extractor::WhyUnresolved(const Path& p, size_t sc) const {
  if (!p.qself.empty() || p.segments.empty()) return "a qualified path is not resolved";
  Def d = ResolveDef(p, sc, kTypeNs);
  if (d.k == Def::kEnt) return "";
  if (d.k == Def::kMod) return "it names a module, not a type";
  if (d.k == Def::kExt) {
    const std::vector<std::string>& e = ext_[d.id];
    return absl::StrCat("`", e.front(), "` is not an input", e.size() > 1 ? " (a crate whose source is not given)" : "");
  }
  std::string where = absl::StrJoin(RustPathOfModule(scopes_[sc].mod), "::");
  if (p.IsSingle())
    return absl::StrCat("not declared or imported in module `", where.empty() ? "(top)" : where, "`");
  return absl::StrCat("`", absl::StrJoin(p.segments, "::", [](std::string* out, const PathSegment& s) {
                        absl::StrAppend(out, s.name);
                      }),
                      "` names nothing in the inputs");
}

int Extractor::ResolveValue(const Path& p, size_t sc) const {
  Def d = ResolveDef(p, sc, kValueNs);
  if (d.k == Def::kEnt && ents_[d.id].kind == EntKind::kConst) return d.id;
  return -1;
}

// The entity a `use path as alias` names, or -1 (then *ext, if given, is
// the path outside the inputs it names, or null).
int Extractor::UseTarget(const Entity& e, const std::vector<std::string>** ext) const {
  if (ext) *ext = nullptr;
  if (e.use_import < 0) return -1;
  Def d = ImportTarget(e.use_import, kTypeNs);
  if (d.k == Def::kEnt && &ents_[d.id] != &e) return d.id;
  if (d.k == Def::kExt && ext) *ext = &ext_[d.id];
  return -1;
}

bool Extractor::UsePrim(const Entity& e, Prim* p) const {
  const std::vector<std::string>* ext = nullptr;
  if (UseTarget(e, &ext) >= 0) return false;
  if (ext) {
    Res r = ResOfExt(*ext);
    if (r.k == Res::kPrim) {
      *p = r.prim;
      return true;
    }
    return false;
  }
  return e.use && !e.use->path.empty() &&
         (LookupRustPrim(e.use->path.back(), tg_, p) || LookupCType(e.use->path.back(), tg_, p));
}

std::vector<std::string> Extractor::RustPathOfModule(int m) const {
  std::vector<std::string> p;
  for (; m >= 0 && mods_[m].parent >= 0; m = mods_[m].parent) p.push_back(mods_[m].name);
  return std::vector<std::string>(p.rbegin(), p.rend());
}

// The `Type` alias of a moduleconsts enum.
const Item* Extractor::ModConstsType(const Entity& e) const {
  for (const Item& x : e.item->items)
    if (x.kind == Item::kTypeAlias && x.name == "Type" && !x.type.empty()) return &x;
  return nullptr;
}

}  // namespace bindfuzz::rust_frontend
