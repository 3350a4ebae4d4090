// The inference rules of `infer` for trait impls (AlwaysRefCounted, Drop /
// PinnedDrop, ForeignOwnable) and for `&'a self -> &'a T` borrowing methods:
// they give resources and the roles of C functions.
#include "absl/strings/str_join.h"
#include "harness/spec/infer_internal.h"

namespace bindfuzz::spec::internal {

namespace {

uint64_t SizeOfPrimitive(std::string_view t) {
  static const std::map<std::string_view, uint64_t> kMap = {
      {"u8", 1}, {"i8", 1}, {"u16", 2}, {"i16", 2}, {"u32", 4}, {"i32", 4},
      {"u64", 8}, {"i64", 8}, {"usize", 8}, {"isize", 8}, {"u128", 16}, {"i128", 16}};
  auto it = kMap.find(t);
  return it == kMap.end() ? 0 : it->second;
}

}  // namespace

// C calls made directly in [b, e).
std::vector<uint32_t> Inferer::CallsIn(const SrcFile& f, uint32_t b, uint32_t e) const {
  std::vector<uint32_t> out;
  for (uint32_t k = b; k < e; ++k) {
    if (IsFfiCall(f, k)) out.push_back(k);
  }
  return out;
}

std::vector<std::string> Inferer::Names(const SrcFile& f, const std::vector<uint32_t>& calls) const {
  std::vector<std::string> out;
  for (uint32_t c : calls) {
    std::string n = CName(f, c);
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  }
  return out;
}

void Inferer::AnalyzeImpl(uint32_t ii) {
  const ImplInfo& im = impls_[ii];
  if (im.trait == "AlwaysRefCounted") {
    AnalyzeRefCounted(im);
  } else if (im.trait == "Drop" || im.trait == "PinnedDrop") {
    AnalyzeDrop(im);
  } else if (im.trait == "ForeignOwnable") {
    AnalyzeForeign(im);
  }
}

std::string Inferer::ResourceNameFor(const ImplInfo& im) const {
  std::string r = ResourceOfType(im.self_name, im.file);
  return r.empty() ? im.self_name : r;
}

void Inferer::AnalyzeRefCounted(const ImplInfo& im) {
  ++stats_.refcounted;
  const SrcFile& f = files_[im.file];
  const std::string name = ResourceNameFor(im);
  const std::string what = absl::StrCat("impl AlwaysRefCounted for ", im.self_name);
  if (!IsSpecName(name)) {
    AddNote(Note::Level::kWarning, im.self_name, absl::StrCat(what, ": no spec name for the resource"), f.Loc(im.tok));
    return;
  }
  ResourceSpec r{.name = name, .rust_origin = absl::StrCat(f.Origin(im.tok), " ", what), .loc = f.Loc(im.tok)};
  std::vector<std::string> got[2];
  const char* methods[2] = {"inc_ref", "dec_ref"};
  for (int m = 0; m < 2; ++m) {
    const FnInfo* fn = im.Fn(methods[m]);
    if (fn != nullptr && fn->body_open != kNone) got[m] = Names(f, CallsIn(f, fn->body_open, fn->body_close));
  }
  if (got[0].empty() && got[1].empty()) {
    r.rust_refcount = true;
    AddNote(Note::Level::kInfo, im.self_name,
            absl::StrCat(what, ": inc_ref and dec_ref call no C function; the count is Rust's own"),
            f.Loc(im.tok));
  } else {
    for (int m = 0; m < 2; ++m) {
      if (got[m].size() == 1) {
        (m == 0 ? r.get : r.put) = got[m][0];
      } else {
        AddNote(Note::Level::kWarning, im.self_name,
                absl::StrCat(what, ": ", methods[m], " calls ",
                             got[m].empty() ? "no C function" : absl::StrJoin(got[m], ", "),
                             "; not modelled"),
                f.Loc(im.tok));
      }
    }
    if (!r.get.empty() && r.put.empty()) r.get.clear();  // a get without a put is not a spec
  }
  AddResource(std::move(r), im.self_name);
}

void Inferer::AnalyzeDrop(const ImplInfo& im) {
  const SrcFile& f = files_[im.file];
  const FnInfo* drop = im.Fn("drop");
  if (drop == nullptr || drop->body_open == kNone) return;
  const std::string what = absl::StrCat("impl ", im.trait, " for ", im.self_name);
  // Breadth-first through `self.method()` calls: the shallowest level
  // with C calls passed `self`'s object decides.
  struct Range {
    uint32_t file, b, e;
  };
  std::vector<Range> level = {{im.file, drop->body_open, drop->body_close}};
  std::set<std::pair<uint32_t, uint32_t>> visited;
  std::vector<std::pair<uint32_t, uint32_t>> cands;  // (file, callee)
  std::vector<std::string> other_calls;
  for (int depth = 0; depth < 4 && !level.empty() && cands.empty(); ++depth) {
    std::vector<Range> next;
    for (const Range& r : level) {
      const SrcFile& g = files_[r.file];
      for (uint32_t c : CallsIn(g, r.b, r.e)) {
        bool self_arg = false;
        for (auto [ab, ae] : CallArgs(g, c)) self_arg = self_arg || g.Mentions(ab, ae, "self");
        // A call whose result Rust checks for NULL / ERR_PTR returns a
        // pointer: a getter or iterator, not the release.
        auto fit = facts_.find({r.file, c});
        const bool returns_pointer = fit != facts_.end() && (fit->second.null_checked || fit->second.errptr);
        if (self_arg && !returns_pointer) {
          cands.emplace_back(r.file, c);
        } else {
          std::string n = CName(g, c);
          if (std::find(other_calls.begin(), other_calls.end(), n) == other_calls.end()) other_calls.push_back(n);
        }
      }
      for (uint32_t k = r.b; k + 3 < r.e; ++k) {
        if (g.Kw(k, "self") && g.P(k + 1, '.') && g.Ident(k + 2) && g.P(k + 3, '(')) {
          uint32_t mf = 0;
          const FnInfo* m = FindMethod(im.self_name, std::string(g.Text(k + 2)), im.file, &mf);
          if (m != nullptr && visited.insert({mf, m->tok}).second) next.push_back({mf, m->body_open, m->body_close});
        }
      }
    }
    level = std::move(next);
  }
  std::vector<std::string> names;
  for (auto [cf, c] : cands) {
    std::string n = CName(files_[cf], c);
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  if (names.empty()) {
    if (!other_calls.empty()) {
      AddNote(Note::Level::kInfo, im.self_name,
              absl::StrCat(what, ": drop calls ", absl::StrJoin(other_calls, ", "),
                           " but none releases self's object (not passed self's object, or returns a "
                           "pointer Rust checks); not modelled"),
              f.Loc(im.tok));
    }
    return;
  }
  if (names.size() > 1) {
    AddNote(Note::Level::kWarning, im.self_name,
            absl::StrCat(what, ": drop calls ", absl::StrJoin(names, ", "),
                         " with self's object; which one releases it is not modelled"),
            f.Loc(im.tok));
    return;
  }
  // The resource: the C type of the `self.FIELD` the call is passed, else
  // the type's C object, else the Rust type.
  std::string name;
  const StructInfo* s = FindStruct(im.self_name, im.file);
  auto [cf, c] = cands[0];
  const SrcFile& g = files_[cf];
  if (s != nullptr) {
    for (auto [ab, ae] : CallArgs(g, c)) {
      for (uint32_t k = ab; k + 2 < ae; ++k) {
        if (!g.Kw(k, "self") || !g.P(k + 1, '.')) continue;
        std::string field(g.Text(k + 2));
        for (const FieldInfo& fld : s->fields) {
          if (fld.name == field && !fld.ctype.empty() && name.empty()) name = fld.ctype;
        }
      }
    }
    if (name.empty()) name = s->ctype;
  }
  if (name.empty()) name = im.self_name;
  if (!IsSpecName(name)) {
    AddNote(Note::Level::kWarning, im.self_name, absl::StrCat(what, ": no spec name for the resource"), f.Loc(im.tok));
    return;
  }
  ++stats_.drop_releases;
  ResourceSpec r{.name = name, .release = names[0], .rust_origin = absl::StrCat(f.Origin(im.tok), " ", what),
                 .loc = f.Loc(im.tok)};
  AddResource(std::move(r), im.self_name);
}

void Inferer::AnalyzeForeign(const ImplInfo& im) {
  ++stats_.foreign;
  const SrcFile& f = files_[im.file];
  std::string name = absl::StrJoin(im.self_idents, "_");
  if (name.empty() && im.self_text == "()") name = "unit";
  const std::string what = absl::StrCat("impl ForeignOwnable for ", im.self_text);
  if (!IsSpecName(name)) {
    AddNote(Note::Level::kWarning, im.self_text, absl::StrCat(what, ": no spec name for it"), f.Loc(im.tok));
    return;
  }
  ResourceSpec r{.name = name, .foreign = true, .rust_origin = absl::StrCat(f.Origin(im.tok), " ", what),
                 .loc = f.Loc(im.tok)};
  std::vector<std::string> seen;
  for (const char* m : {"into_foreign", "from_foreign", "borrow", "borrow_mut", "try_from_foreign"}) {
    if (const FnInfo* fn = im.Fn(m)) seen.push_back(absl::StrCat(m, " (line ", f.Loc(fn->tok).line, ")"));
  }
  std::string align_note = "no FOREIGN_ALIGN stated";
  for (const ConstInfo& c : im.consts) {
    if (c.name != "FOREIGN_ALIGN") continue;
    align_note = absl::StrCat("FOREIGN_ALIGN = ", Abbrev(f.Span(c.expr_begin, c.expr_end)));
    r.align = EvalAlign(f, c.expr_begin, c.expr_end);
    if (r.align != 0) align_note.clear();
    else absl::StrAppend(&align_note, " depends on the type parameter; not a number");
  }
  AddNote(Note::Level::kInfo, im.self_text,
          absl::StrCat(what, ": C receives an owned pointer from into_foreign and must hand it back "
                             "exactly once to from_foreign; borrow lends it meanwhile. Methods: ",
                       seen.empty() ? "none" : absl::StrJoin(seen, ", "),
                       align_note.empty() ? "" : "; " + align_note),
          f.Loc(im.tok));
  AddResource(std::move(r), im.self_text);
}

// An integer literal, or align_of::<P>() of a primitive; 0 otherwise.
uint64_t Inferer::EvalAlign(const SrcFile& f, uint32_t b, uint32_t e) {
  if (e == b + 1 && f.t[b].kind == rf::TokKind::kLiteral && f.t[b].lit == rf::LitKind::kInt) {
    unsigned __int128 v = 0;
    std::string suffix;
    if (rf::DecodeIntLiteral(f.Text(b), &v, &suffix) && v > 0 && v <= (uint64_t{1} << 32) && (v & (v - 1)) == 0) {
      return static_cast<uint64_t>(v);
    }
    return 0;
  }
  for (uint32_t k = b; k + 4 < e; ++k) {
    if (f.Is(k, "align_of") && f.PathSep(k + 1) && f.P(k + 3, '<') && f.Ident(k + 4) && f.P(k + 5, '>')) {
      return SizeOfPrimitive(f.Text(k + 4));
    }
  }
  return 0;
}

void Inferer::AddResource(ResourceSpec r, const std::string& rust_type) {
  auto it = spec_.resources.find(r.name);
  if (it == spec_.resources.end()) {
    std::string name = r.name;
    spec_.resources.emplace(std::move(name), std::move(r));
    return;
  }
  ResourceSpec& have = it->second;
  // Merge what does not conflict; a conflict is a note, the first wins.
  std::vector<std::string> clash;
  auto merge = [&](std::string& into, const std::string& from, const char* attr) {
    if (from.empty() || into == from) return;
    if (into.empty()) {
      into = from;
    } else {
      clash.push_back(absl::StrCat(attr, " ", from, " (have ", into, ")"));
    }
  };
  ResourceSpec merged = have;
  merge(merged.release, r.release, "release");
  merge(merged.get, r.get, "get");
  merge(merged.put, r.put, "put");
  merged.rust_refcount = merged.rust_refcount || r.rust_refcount;
  merged.foreign = merged.foreign || r.foreign;
  if (r.align != 0 && merged.align == 0) merged.align = r.align;
  const bool invalid = (!merged.release.empty() && !merged.put.empty()) ||
                       (merged.rust_refcount && (!merged.get.empty() || !merged.put.empty()));
  if (!clash.empty() || invalid) {
    AddNote(Note::Level::kWarning, rust_type,
            absl::StrCat("resource ", r.name, " is also given ",
                         clash.empty() ? "a conflicting way to end a reference" : absl::StrJoin(clash, ", "),
                         " by ", r.rust_origin, "; kept ", have.rust_origin),
            r.loc);
    return;
  }
  if (!r.rust_origin.empty() && merged.rust_origin.find(r.rust_origin) == std::string::npos) {
    absl::StrAppend(&merged.rust_origin, "; ", r.rust_origin);
  }
  have = std::move(merged);
}

// Is the expression [s, e) a raw pointer Rust turns into a reference:
// `&*x`, `*x`, or the argument of a pointer-to-reference conversion
// (`CStr::from_ptr(x)`, `slice::from_raw_parts(x, n)`, `NonNull::new(x)`,
// `x.as_ref()`, `Self::from_raw(x)`)?
bool Inferer::ConvertedToRef(const SrcFile& f, uint32_t s, uint32_t e) {
  static const std::set<std::string_view> kConverters = {
      "from_ptr", "from_char_ptr", "from_raw_parts", "from_raw_parts_mut", "as_ref", "as_mut",
      "from_raw", "new", "new_unchecked", "from_bytes_with_nul_unchecked"};
  for (int guard = 0; guard < 64 && s > 0; ++guard) {
    // Look through `unsafe { x }`, `(x)` and casts after x.
    if (s >= 2 && f.P(s - 1, '{') && f.Kw(s - 2, "unsafe") && f.Match(s - 1) == e) {
      s -= 2;
      e += 1;
      continue;
    }
    if (f.P(s - 1, '(') && f.Match(s - 1) == e && !(s >= 2 && f.Ident(s - 2))) {
      s -= 1;
      e += 1;
      continue;
    }
    break;
  }
  if (s >= 1 && f.P(s - 1, '*')) return true;  // *x, &*x
  if (f.P(e, '.') && f.Ident(e + 1) && kConverters.count(f.Text(e + 1)) && f.P(e + 2, '(')) return true;
  if (s >= 2 && f.P(s - 1, '(') && f.Ident(s - 2) && kConverters.count(f.Text(s - 2))) {
    // Only as the call's first argument.
    return true;
  }
  return false;
}

// Does the return type [b, e) hold a reference tied to the receiver?
bool Inferer::TiedToSelf(const SrcFile& f, const FnInfo& fn) {
  if (fn.recv != Recv::kRef || fn.ret_begin == kNone) return false;
  for (uint32_t k = fn.ret_begin; k < fn.ret_end; ++k) {
    if (f.t[k].kind == rf::TokKind::kLifetime && (k == 0 || !f.P(k - 1, '&'))) {
      std::string_view lt = f.Text(k);  // Foo<'a>, Foo<'_>
      if (lt == "_" || (!fn.self_lifetime.empty() && lt == fn.self_lifetime)) return true;
      continue;
    }
    if (!f.P(k, '&')) continue;
    if (k + 1 < fn.ret_end && f.t[k + 1].kind == rf::TokKind::kLifetime) {
      std::string_view lt = f.Text(k + 1);
      if (lt == "static") continue;
      if (lt == "_" || lt == fn.self_lifetime) return true;
      continue;
    }
    return true;  // elided: tied to self by the elision rules
  }
  return false;
}

void Inferer::AnalyzeBorrowMethods(uint32_t ii) {
  const ImplInfo& im = impls_[ii];
  const SrcFile& f = files_[im.file];
  for (const FnInfo& fn : im.fns) {
    if (fn.body_open == kNone || !TiedToSelf(f, fn)) continue;
    // The tail expression: after the body's last top-level ';'.
    uint32_t tail = fn.body_open + 1;
    for (uint32_t k = fn.body_open + 1; k < fn.body_close; ++k) {
      if (f.Open(k)) {
        k = f.Match(k);
      } else if (f.P(k, ';')) {
        tail = k + 1;
      }
    }
    std::vector<uint32_t> cands;
    for (uint32_t c : CallsIn(f, fn.body_open, fn.body_close)) {
      bool self_arg = false;
      for (auto [ab, ae] : CallArgs(f, c)) self_arg = self_arg || f.Mentions(ab, ae, "self");
      if (!self_arg) continue;
      // The result must become the returned reference: in the tail, and
      // turned from a pointer into a reference (or NULL-checked), directly
      // or through a `let`. A status code passed to `check(..)` is not.
      auto fit = facts_.find({im.file, c});
      const bool checked = fit != facts_.end() && fit->second.null_checked;
      const uint32_t s = PathStart(f, c), e = f.Match(c + 1) + 1;
      bool flows = s >= tail && (checked || ConvertedToRef(f, s, e));
      if (auto bt = bound_to_.find({im.file, c}); bt != bound_to_.end()) {
        for (const auto& [var, let_end] : bt->second) {
          // The variable used in the tail (after the `let`).
          for (uint32_t k = std::max(let_end, tail); k < fn.body_close && !flows; ++k) {
            if (f.Is(k, var) && !f.P(k - 1, '.') && (checked || ConvertedToRef(f, k, k + 1))) flows = true;
          }
        }
      }
      if (flows) cands.push_back(c);
    }
    const std::string method = absl::StrCat(im.self_name, "::", fn.name);
    if (cands.empty()) continue;
    if (Names(f, cands).size() > 1) {
      AddNote(Note::Level::kInfo, method,
              absl::StrCat(method, " returns a borrow of self derived from ", absl::StrJoin(Names(f, cands), ", "),
                           ": which one is not modelled"),
              f.Loc(fn.tok));
      continue;
    }
    const uint32_t c = cands[0];
    SiteFacts& sf = Facts(im.file, c);
    sf.borrow = true;
    auto args = CallArgs(f, c);
    for (size_t a = 0; a < args.size(); ++a) {
      if (f.Mentions(args[a].first, args[a].second, "self")) {
        sf.borrow_parent = a;
        break;
      }
    }
    // What the reference is to.
    bool text = false, bytes = false;
    std::string pointee;
    for (uint32_t k = fn.ret_begin; k < fn.ret_end; ++k) {
      if (f.Is(k, "CStr") || f.Is(k, "str") || f.Is(k, "BStr")) text = true;
      if (f.P(k, '[') && f.Is(k + 1, "u8")) bytes = true;
      if (f.P(k, '&') && pointee.empty()) {
        uint32_t q = k + 1;
        if (q < fn.ret_end && f.t[q].kind == rf::TokKind::kLifetime) ++q;
        if (f.Kw(q, "mut")) ++q;
        while (q + 2 < fn.ret_end && f.Ident(q) && f.PathSep(q + 1)) q += 3;
        if (f.Ident(q)) pointee = std::string(f.Text(q));
      }
    }
    std::string resource = pointee.empty() ? "" : (pointee == "Self" ? ResourceOfType(im.self_name, im.file)
                                                                     : ResourceOfType(pointee, im.file));
    if (text) {
      sf.borrow_kind = ReturnKind::kStr;
    } else if (!resource.empty()) {
      sf.borrow_kind = ReturnKind::kBorrowed;
      sf.borrow_resource = resource;
    } else {
      sf.borrow_kind = ReturnKind::kPtr;
      if (bytes) {
        AddNote(Note::Level::kInfo, method,
                absl::StrCat(method, " returns bytes borrowed from self via ", CName(f, c),
                             "; their length function is not modelled"),
                f.Loc(fn.tok));
      }
    }
    ++stats_.borrows;
  }
}

}  // namespace bindfuzz::spec::internal
