// Name resolution: what a path in a type or expression names. In order: a
// bound generic parameter, a Rust primitive, a moduleconsts enum (`m::Type`),
// an entity of the inputs (by the last segment: the inputs are one flat
// namespace, modules and `use` do not scope names), a C type of a ctypes
// module (core::ffi, std::os::raw, libc, the --ctypes-prefix), a primitive
// spelled through core/std, and finally a library type of known layout
// (Builtin, target.h).
#include "absl/strings/str_join.h"
#include "harness/rust_frontend/extractor.h"
#include "harness/rust_frontend/str_util.h"

namespace bindfuzz::rust_frontend {

namespace {

bool IsStdRoot(std::string_view s) { return s == "core" || s == "std" || s == "alloc" || s == "libc"; }

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

bool Extractor::IsCTypesModule(const Path& p) const {
  // The path without its last segment names a C-types module.
  std::vector<std::string> segs;
  for (size_t i = 0; i + 1 < p.segments.size(); ++i) segs.push_back(p.segments[i].name);
  while (!segs.empty() && (segs.front() == "crate" || segs.front() == "self" || segs.front() == "super"))
    segs.erase(segs.begin());
  std::string joined = absl::StrJoin(segs, "::");
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

int Extractor::LookupType(const std::string& n) const {
  auto it = types_.find(n);
  if (it == types_.end() || it->second.empty()) return -1;
  return it->second.front();
}

int Extractor::LookupValue(const std::string& n) const {
  auto it = values_.find(n);
  if (it == values_.end() || it->second.empty()) return -1;
  return it->second.front();
}

Extractor::Res Extractor::Resolve(const Path& p, const Env* env) const {
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
  // moduleconsts enum `m::Type`.
  if (p.segments.size() >= 2 && last == "Type") {
    int id = LookupType(p.segments[p.segments.size() - 2].name);
    if (id >= 0 && ents_[id].kind == EntKind::kModConsts) {
      r.k = Res::kEntity;
      r.ent = id;
      return r;
    }
  }
  bool std_path = p.segments.size() >= 2 && IsStdRoot(p.segments[0].name);
  if (!std_path) {
    int id = LookupType(last);
    if (id >= 0) {
      r.k = Res::kEntity;
      r.ent = id;
      return r;
    }
  }
  if ((p.IsSingle() || IsCTypesModule(p) || std_path) && LookupCType(last, tg_, &r.prim)) {
    r.k = Res::kPrim;
    return r;
  }
  if (p.segments.size() >= 2 && std_path && LookupRustPrim(last, tg_, &r.prim)) {
    r.k = Res::kPrim;  // core::primitive::u8
    return r;
  }
  r.bi = LookupBuiltin(last, tg_);
  if (r.bi.b != Builtin::kNone) {
    r.k = Res::kBuiltin;
    return r;
  }
  return r;
}

Extractor::Res Extractor::ResolveSem(const Path& p, const Env* env) const {
  Res r = Resolve(p, env);
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

// The entity a `use path as alias` names (by its last segment), or -1.
int Extractor::UseTarget(const Entity& e) const {
  if (!e.use || e.use->path.empty()) return -1;
  int id = LookupType(e.use->path.back());
  if (id >= 0 && &ents_[id] == &e) return -1;
  return id;
}

// The `Type` alias of a moduleconsts enum.
const Item* Extractor::ModConstsType(const Entity& e) const {
  for (const Item& x : e.item->items)
    if (x.kind == Item::kTypeAlias && x.name == "Type" && !x.type.empty()) return &x;
  return nullptr;
}

}  // namespace bindfuzz::rust_frontend
