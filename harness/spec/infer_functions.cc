// The emission of `infer`'s spec functions: one FunctionSpec per C function
// the Rust side calls, from the facts of its call sites (parameters,
// returns, resources), with Notes where call sites disagree.
#include "harness/spec/infer_internal.h"

namespace bindfuzz::spec::internal {

namespace {

// Rust spellings of scalar types a cast states, as spec scalars (x86_64).
std::string ScalarOfRust(std::string_view t) {
  static const std::map<std::string_view, std::string_view> kMap = {
      {"i8", "i8"},       {"i16", "i16"},       {"i32", "i32"},     {"i64", "i64"},
      {"u8", "u8"},       {"u16", "u16"},       {"u32", "u32"},     {"u64", "u64"},
      {"isize", "isize"}, {"usize", "usize"},   {"bool", "bool"},   {"c_int", "i32"},
      {"c_uint", "u32"},  {"c_short", "i16"},   {"c_ushort", "u16"}, {"c_long", "i64"},
      {"c_ulong", "u64"}, {"c_longlong", "i64"}, {"c_ulonglong", "u64"}, {"c_schar", "i8"},
      {"c_uchar", "u8"},
  };
  auto it = kMap.find(t);
  return it == kMap.end() ? "" : std::string(it->second);
}

}  // namespace

std::string Inferer::Abbrev(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

ParamSpec Inferer::ParamFor(uint32_t fi, uint32_t callee, size_t index, std::pair<uint32_t, uint32_t> arg) {
  const SrcFile& f = files_[fi];
  ParamSpec p{.name = absl::StrCat("arg", index), .mode = ParamMode::kUnknown};
  auto [b, e] = arg;
  // `x as c_int`: a scalar the Rust side states.
  for (uint32_t k = b; k < e; ++k) {
    if (f.Open(k)) {
      k = f.Match(k);
      continue;
    }
    if (f.Kw(k, "as")) {
      uint32_t q = k + 1;
      while (q + 2 < e && f.Ident(q) && f.PathSep(q + 1)) q += 3;
      if (q + 1 == e && f.Ident(q)) {
        std::string sc = ScalarOfRust(f.Text(q));
        if (!sc.empty() && contract::ScalarType(sc, &p.type)) p.mode = ParamMode::kScalar;
      }
      break;
    }
  }
  if (p.mode == ParamMode::kScalar) return p;
  // `self`'s C object inside a `&self` method: borrowed.
  auto [ii, fn] = owner_[fi][callee];
  if (ii != kNone && impls_[ii].fns[fn].recv == Recv::kRef && f.Is(b, "self") && f.P(b + 1, '.')) {
    std::string r = ResourceOfType(impls_[ii].self_name, impls_[ii].file);
    if (!r.empty()) {
      EnsureResource(r, impls_[ii]);
      p.mode = ParamMode::kBorrowed;
      p.resource = r;
    }
  }
  return p;
}

void Inferer::EnsureResource(const std::string& name, const ImplInfo& im) {
  if (spec_.resources.count(name)) return;
  const SrcFile& f = files_[im.file];
  const StructInfo* s = FindStruct(im.self_name, im.file);
  const SrcFile& sf = s ? files_[s->file] : f;
  const uint32_t at = s ? s->tok : im.tok;
  spec_.resources[name] = {.name = name,
                           .rust_origin = absl::StrCat(sf.Origin(at), " struct ", im.self_name),
                           .loc = sf.Loc(at)};
  AddNote(Note::Level::kInfo, im.self_name,
          absl::StrCat("resource ", name, ": no release, put or Rust refcount seen for ", im.self_name),
          sf.Loc(at));
}

std::string Inferer::Describe(const contract::ReturnSpec& r) {
  return absl::StrCat(contract::ReturnKindName(r.kind), r.resource.empty() ? "" : " " + r.resource, " ",
                      contract::NullabilityName(r.nullability));
}

void Inferer::BuildFunctions() {
  std::map<std::string, size_t> index;
  std::vector<std::pair<uint32_t, uint32_t>> sites;
  for (const auto& [key, sf] : facts_) sites.push_back(key);
  std::sort(sites.begin(), sites.end());  // file order, then token order
  for (auto key : sites) {
    auto [fi, callee] = key;
    const SrcFile& f = files_[fi];
    const SiteFacts& sf = facts_[key];
    const std::string name(f.Text(callee));
    auto args = CallArgs(f, callee);
    FunctionSpec fs{.name = name, .rust_origin = f.Origin(callee), .loc = f.Loc(callee)};
    for (size_t a = 0; a < args.size(); ++a) fs.params.push_back(ParamFor(fi, callee, a, args[a]));
    auto& ret = fs.ret;
    ret.loc = fs.loc;
    ret.nullability = sf.errptr ? (sf.null_checked ? Nullability::kErrPtrOrNull : Nullability::kErrPtr)
                                : (sf.null_checked ? Nullability::kNullable : Nullability::kNonNull);
    if (!sf.owned.empty()) {
      ret.kind = ReturnKind::kOwned;
      ret.resource = sf.owned;
    } else if (sf.borrow) {
      ret.kind = sf.borrow_kind;
      ret.resource = sf.borrow_resource;
      if (sf.borrow_parent < fs.params.size() && fs.params[sf.borrow_parent].mode == ParamMode::kBorrowed) {
        ret.window.parent = fs.params[sf.borrow_parent].name;
      }
    } else {
      ret.kind = ReturnKind::kPtr;
    }
    if (ret.kind == ReturnKind::kOwned) {
      // The resource must be declared (it is the type of an impl).
      if (!spec_.resources.count(ret.resource)) {
        auto [ii, fn] = owner_[fi][callee];
        if (ii != kNone) EnsureResource(ret.resource, impls_[ii]);
      }
    }
    auto it = index.find(name);
    if (it == index.end()) {
      index[name] = spec_.functions.size();
      spec_.functions.push_back(std::move(fs));
      continue;
    }
    FunctionSpec& have = spec_.functions[it->second];
    if (have.params.size() != fs.params.size()) {
      AddNote(Note::Level::kWarning, name,
              absl::StrCat(name, " is called with ", fs.params.size(), " arguments here but ",
                           have.params.size(), " at ", have.rust_origin),
              fs.loc);
    }
    if (!(have.ret == fs.ret) && Describe(have.ret) != Describe(fs.ret)) {
      AddNote(Note::Level::kWarning, name,
              absl::StrCat("Rust treats the result of ", name, " as ", Describe(fs.ret), " here but as ",
                           Describe(have.ret), " at ", have.rust_origin, "; the spec keeps the first"),
              fs.loc);
    }
  }
  // Resources a return or parameter names must exist even when no impl
  // gave them (checked above); ensure owned ones too.
  for (FunctionSpec& fs : spec_.functions) {
    if ((fs.ret.kind == ReturnKind::kOwned || fs.ret.kind == ReturnKind::kBorrowed) &&
        !spec_.resources.count(fs.ret.resource)) {
      spec_.resources[fs.ret.resource] = {.name = fs.ret.resource, .rust_origin = fs.rust_origin, .loc = fs.loc};
    }
  }
}

}  // namespace bindfuzz::spec::internal
