// The emission of `infer`'s spec functions: one FunctionSpec per C function
// the Rust side calls, from the facts of its call sites (parameters,
// returns, resources), with Notes where call sites disagree.
#include "absl/strings/str_join.h"
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
  const std::string c_name = CName(f, callee);
  const ExternFn* x = Extern(c_name);
  const rf::TypeNode* decl = x != nullptr && index < x->params.size() ? &x->params[index] : nullptr;
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
  // The crate's own declaration states a scalar.
  if (decl != nullptr && decl->kind == rf::TypeNode::kPath && !decl->path.segments.empty() &&
      !decl->path.segments.back().has_args) {
    std::string sc = ScalarOfRust(decl->path.segments.back().name);
    if (!sc.empty() && contract::ScalarType(sc, &p.type)) {
      p.mode = ParamMode::kScalar;
      return p;
    }
  }
  int depth = 0;
  bool decl_nullable = false;
  const std::string pointee = decl == nullptr ? "" : Pointee(*decl, &depth, &decl_nullable);
  // NULL for None: `ptr::null()`, `None`, `x.map_or(ptr::null_mut(), ..)`.
  bool passes_null = decl_nullable;
  for (uint32_t k = b; k < e && !passes_null; ++k) {
    if ((f.Is(k, "null") || f.Is(k, "null_mut")) && f.P(k + 1, '(') && f.P(k + 2, ')')) passes_null = true;
    if (f.Is(k, "None") && !f.PathSep(k + 1)) passes_null = true;
  }
  if (passes_null) {
    p.nullable = true;
    ++stats_.nullable_params;
  }
  // Box::into_raw(..): a Rust object handed to C.
  for (uint32_t k = b; k + 1 < e; ++k) {
    if (!f.Is(k, "into_raw") || !f.P(k + 1, '(')) continue;
    std::string type = "RustBox";
    for (uint32_t q = b; q + 3 < e; ++q) {
      if (f.Is(q, "Box") && f.PathSep(q + 1) && f.Is(q + 3, "new") && f.P(q + 4, '(') && f.Ident(q + 5) &&
          FindStruct(std::string(f.Text(q + 5)), fi) != nullptr) {
        type = std::string(f.Text(q + 5));
        break;
      }
    }
    ResourceSpec r{.name = type, .foreign = true,
                   .rust_origin = absl::StrCat(f.Origin(k), " Box::into_raw passed to ", c_name), .loc = f.Loc(k)};
    AddResource(std::move(r), type);
    p.mode = ParamMode::kConsumed;
    p.resource = type;
    ++stats_.raw_pairs;
    AddNote(Note::Level::kInfo, c_name,
            absl::StrCat(c_name, "(", p.name, ") receives a Rust ", type,
                         " through into_raw: C owns it until it is handed back to from_raw exactly once"),
            f.Loc(k));
    return p;
  }
  const bool is_mut_ref = f.P(b, '&') && f.Kw(b + 1, "mut");
  if (depth >= 2 && (is_mut_ref || f.Mentions(b, e, "as_mut_ptr") || f.Mentions(b, e, "addr_of_mut"))) {
    // An out-parameter: C writes a pointer through it.
    ++stats_.out_params;
    auto rit = spec_.resources.find(pointee);
    const uint32_t var = is_mut_ref && f.Ident(b + 2) && e == b + 3 ? b + 2 : kNone;
    if (rit != spec_.resources.end() && (!rit->second.release.empty() || !rit->second.put.empty()) &&
        var != kNone && WrappedInOwner(fi, callee, std::string(f.Text(var)), pointee)) {
      p.mode = ParamMode::kOutOwned;
      p.resource = pointee;
      p.nullable = false;
    } else {
      AddNote(Note::Level::kInfo, c_name,
              absl::StrCat(c_name, "(", p.name, "): C writes a ", pointee.empty() ? "pointer" : pointee + "*",
                           " into ", Abbrev(f.Span(b, e)),
                           "; it is not seen wrapped in a type whose Drop releases it, so owned or borrowed is "
                           "not stated"),
              f.Loc(b));
    }
    return p;
  }
  // `CString::new(..).unwrap().as_ptr()`: a temporary that dies at the end
  // of the statement; and `let p = <temporary>.as_ptr();` passed later.
  // Only receivers that build an owned value here (a CString, String or
  // Vec): a call that returns a reference (`static_lock_class!()`,
  // `c_str!(..)`, `self.name()`) points at something that outlives the
  // statement.
  auto temporary_as_ptr = [&](uint32_t s, uint32_t t) {
    if (!(t >= s + 5 && f.P(t - 1, ')') && f.P(t - 2, '(') && f.Is(t - 3, "as_ptr") && f.P(t - 4, '.') &&
          f.P(t - 5, ')'))) {
      return false;
    }
    for (uint32_t k = s; k + 1 < t - 4; ++k) {
      if ((f.Is(k, "CString") || f.Is(k, "String") || f.Is(k, "Vec")) && f.PathSep(k + 1)) return true;
      if (f.P(k, '.') && (f.Is(k + 1, "to_owned") || f.Is(k + 1, "to_string") || f.Is(k + 1, "to_vec") ||
                          f.Is(k + 1, "into_bytes_with_nul"))) {
        return true;
      }
      if ((f.Is(k, "format") || f.Is(k, "vec")) && f.P(k + 1, '!')) return true;
    }
    return false;
  };
  if (temporary_as_ptr(b, e)) {
    ++stats_.temporaries;
    AddNote(Note::Level::kInfo, c_name,
            absl::StrCat(c_name, "(", p.name, ") gets ", Abbrev(f.Span(b, e)),
                         ": a temporary dropped at the end of the statement; C must not keep the pointer"),
            f.Loc(b));
  } else if (e == b + 1 && f.Ident(b) && f.block_close[b] != kNone) {
    // The enclosing blocks, innermost first (a call inside `unsafe { }`).
    uint32_t open = f.Match(f.block_close[b]);
    for (int up = 0; up < 6 && open > 0 && f.block_close[open] != kNone; ++up) open = f.Match(f.block_close[open]);
    for (uint32_t k = open + 1; k + 3 < b; ++k) {
      if (!f.Kw(k, "let")) continue;
      uint32_t v = f.Kw(k + 1, "mut") ? k + 2 : k + 1;
      if (!f.Is(v, f.Text(b)) || !f.P(v + 1, '=')) continue;
      const uint32_t end = f.ScanUntil(v + 2, b, [&](uint32_t q) { return f.P(q, ';'); });
      if (end < b && temporary_as_ptr(v + 2, end)) {
        ++stats_.temporaries;
        AddNote(Note::Level::kWarning, c_name,
                absl::StrCat(c_name, "(", p.name, ") gets ", std::string(f.Text(b)), " = ", Abbrev(f.Span(v + 2, end)),
                             " (line ", f.Loc(k).line,
                             "): the temporary it points into is dropped at the end of that let, before the call"),
                f.Loc(b));
      }
    }
  }
  if (depth == 1 && (pointee == "c_char" || pointee == "i8") && f.Mentions(b, e, "as_ptr")) {
    p.mode = ParamMode::kStrIn;
    return p;
  }
  // A pointer to a resource: the release consumes it, others borrow it.
  if (depth == 1 && !pointee.empty() && !IsScalarName(pointee)) {
    auto rit = spec_.resources.find(pointee);
    if (rit != spec_.resources.end()) {
      if (rit->second.release == c_name && !passes_null) {
        p.mode = ParamMode::kConsumed;
      } else {
        p.mode = ParamMode::kBorrowed;
      }
      p.resource = pointee;
      return p;
    }
  }
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

// Is the C call at `callee` (its result, or the variable `var` when given)
// put into `S { .. }` / `S(..)` of a struct S whose C object is `ctype`,
// inside the function that makes the call?
bool Inferer::WrappedInOwner(uint32_t fi, uint32_t callee, const std::string& var, const std::string& ctype) const {
  const SrcFile& f = files_[fi];
  uint32_t body_open = kNone, body_close = kNone;
  for (const auto& [open, close, name] : free_fns_[fi]) {
    if (open > callee) break;
    if (callee <= close) {
      body_open = open;
      body_close = close;
    }
  }
  if (body_open == kNone) return false;
  auto owner_of = [&](uint32_t group_open) {
    if (group_open == 0 || !f.Ident(group_open - 1)) return false;
    std::string n(f.Text(group_open - 1));
    if (n == "Self") {
      auto [ii, fn] = owner_.at(fi)[group_open];
      if (ii == kNone) return false;
      n = impls_[ii].self_name;
    }
    const StructInfo* st = FindStruct(n, fi);
    if (st == nullptr) return false;
    for (const FieldInfo& fld : st->fields) {
      if (fld.ctype == ctype) return true;
    }
    return st->ctype == ctype;
  };
  if (var.empty()) {
    // The call itself inside `S { .. }` / `S(..)` (at most 8 groups out).
    uint32_t k = callee;
    for (int up = 0; up < 8; ++up) {
      uint32_t open = kNone;
      for (uint32_t q = k; q > body_open; --q) {
        if (f.Open(q - 1) && f.Match(q - 1) >= k) {
          open = q - 1;
          break;
        }
        if (f.P(q - 1, ')') || f.P(q - 1, ']') || f.P(q - 1, '}')) q = f.Match(q - 1) + 1;
      }
      if (open == kNone || open <= body_open) return false;
      if ((f.P(open, '{') || f.P(open, '(')) && owner_of(open)) return true;
      k = open;
    }
    return false;
  }
  for (uint32_t k = callee; k < body_close; ++k) {
    if (!f.Is(k, var) || (k > 0 && f.P(k - 1, '.'))) continue;
    // `S { var }`, `S { field: var }`, `S(var)`: the innermost group.
    for (uint32_t q = k; q > body_open; --q) {
      if (f.Open(q - 1) && f.Match(q - 1) > k) {
        if (owner_of(q - 1)) return true;
        break;
      }
      if (f.P(q - 1, ')') || f.P(q - 1, ']') || f.P(q - 1, '}')) q = f.Match(q - 1) + 1;
    }
  }
  return false;
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
  // Every call of a function the crate declares itself is proposed (its
  // prototype is known); other C calls only where a call site says
  // something about the result.
  for (uint32_t fi = 0; fi < files_.size(); ++fi) {
    for (const auto& [callee, name] : c_calls_[fi]) {
      if (externs_.count(name) && !files_[fi].in_test[callee]) Facts(fi, callee);
    }
  }
  // The safe functions that wrap each C function, in first-seen order.
  std::map<std::string, std::vector<std::string>> wrappers;
  std::vector<std::pair<uint32_t, uint32_t>> sites;
  for (const auto& [key, sf] : facts_) sites.push_back(key);
  std::sort(sites.begin(), sites.end());
  for (auto [fi, callee] : sites) {
    std::string w = WrapperName(fi, callee);
    auto& list = wrappers[CName(files_[fi], callee)];
    if (!w.empty() && std::find(list.begin(), list.end(), w) == list.end()) list.push_back(w);
  }
  std::sort(sites.begin(), sites.end());  // file order, then token order
  for (auto key : sites) {
    auto [fi, callee] = key;
    const SrcFile& f = files_[fi];
    const SiteFacts& sf = facts_[key];
    const std::string name = CName(f, callee);
    auto args = CallArgs(f, callee);
    std::string origin = f.Origin(callee);
    if (const auto& w = wrappers[name]; !w.empty()) {
      absl::StrAppend(&origin, " in ", absl::StrJoin(w.begin(), w.begin() + std::min<size_t>(w.size(), 8), ", "),
                      w.size() > 8 ? ", .." : "");
    }
    FunctionSpec fs{.name = name, .rust_origin = origin, .loc = f.Loc(callee)};
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
    // The crate's own declaration states void and scalar returns; a
    // pointer to a resource some Drop releases that Rust wraps in that
    // type is owned.
    if (const ExternFn* x = Extern(name); x != nullptr && ret.kind == ReturnKind::kPtr && !x->ret.empty()) {
      int depth = 0;
      bool nul = false;
      const std::string t = Pointee(x->ret[0], &depth, &nul);
      auto rit = spec_.resources.find(t);
      if (depth == 1 && rit != spec_.resources.end() && (!rit->second.release.empty() || !rit->second.put.empty())) {
        bool wrapped = WrappedInOwner(fi, callee, "", t);
        if (auto bt = bound_to_.find(key); bt != bound_to_.end()) {
          for (const auto& [var, let_end] : bt->second) wrapped = wrapped || WrappedInOwner(fi, callee, var, t);
        }
        if (wrapped) {
          ret.kind = ReturnKind::kOwned;
          ret.resource = t;
        }
      }
    }
    if (const ExternFn* x = Extern(name); x != nullptr && ret.kind == ReturnKind::kPtr) {
      if (x->ret.empty() || (x->ret[0].kind == rf::TypeNode::kTuple && x->ret[0].elems.empty())) {
        ret.kind = ReturnKind::kVoid;
      } else if (x->ret[0].kind == rf::TypeNode::kPath && !x->ret[0].path.segments.empty() &&
                 !x->ret[0].path.segments.back().has_args) {
        std::string sc = ScalarOfRust(x->ret[0].path.segments.back().name);
        if (!sc.empty() && contract::ScalarType(sc, &ret.type)) ret.kind = ReturnKind::kScalar;
      } else {
        int depth = 0;
        bool nul = false;
        Pointee(x->ret[0], &depth, &nul);
        if (nul && ret.nullability == Nullability::kNonNull) ret.nullability = Nullability::kNullable;
      }
      if (ret.kind == ReturnKind::kVoid || ret.kind == ReturnKind::kScalar) ret.nullability = Nullability::kNonNull;
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
  // Box::from_raw(f(..)): f returns what an into_raw handed C: owned by
  // Rust again. The resource: the one foreign resource into_raw gave, or
  // the cast's type.
  for (auto [fi, callee, at] : raw_returns_) {
    const SrcFile& f = files_[fi];
    const std::string name = CName(f, callee);
    auto it = index.find(name);
    if (it == index.end()) continue;
    std::vector<std::string> foreign;
    for (const auto& [rn, r] : spec_.resources) {
      if (r.foreign) foreign.push_back(rn);
    }
    std::string res;
    const uint32_t close = f.Match(at + 4);
    for (uint32_t k = at + 5; k + 2 < close; ++k) {
      if (f.Kw(k, "as") && f.P(k + 1, '*') && f.Ident(k + 3) && spec_.resources.count(std::string(f.Text(k + 3)))) {
        res = std::string(f.Text(k + 3));
      }
    }
    if (res.empty() && foreign.size() == 1) res = foreign[0];
    if (res.empty()) {
      AddNote(Note::Level::kInfo, name,
              absl::StrCat("Box::from_raw(", name, "(..)): which Rust object C hands back is not known"), f.Loc(at));
      continue;
    }
    FunctionSpec& fs = spec_.functions[it->second];
    fs.ret.kind = ReturnKind::kOwned;
    fs.ret.resource = res;
    AddNote(Note::Level::kInfo, name,
            absl::StrCat(name, " hands back the ", res, " C received through into_raw; Rust takes it with Box::from_raw"),
            f.Loc(at));
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
