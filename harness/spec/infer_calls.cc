// C calls in `infer`: what a call into C is, its arguments, the `let`s that
// hold a call's result, which method a body belongs to, and the call-site
// patterns (from_err_ptr, NonNull::new / is_null, ARef::from_raw).
#include "harness/spec/infer_internal.h"

namespace bindfuzz::spec::internal {

// First token of the path that ends at the callee `i`.
uint32_t Inferer::PathStart(const SrcFile& f, uint32_t i) {
  uint32_t s = i;
  while (s >= 2 && f.P(s - 1, ':') && f.P(s - 2, ':') && f.t[s - 2].joint) {
    if (s >= 3 && f.Ident(s - 3)) {
      s -= 3;
    } else {
      s -= 2;  // leading `::`
      break;
    }
  }
  if (s >= 1 && f.P(s - 1, '$')) --s;  // $crate
  return s;
}

std::vector<std::pair<uint32_t, uint32_t>> Inferer::CallArgs(const SrcFile& f, uint32_t callee) const {
  return f.SplitCommas(callee + 2, f.Match(callee + 1));
}

// The C call an expression [b, e) is, seen through `unsafe { }`, parentheses,
// casts and `let` bindings; kNone if it is something else.
uint32_t Inferer::ResolveToCall(uint32_t fi, uint32_t b, uint32_t e) const {
  const SrcFile& f = files_[fi];
  while (b < e) {
    if (f.Kw(b, "unsafe") && f.P(b + 1, '{') && f.Match(b + 1) == e - 1) {
      b += 2;
      --e;
    } else if ((f.P(b, '(') || f.P(b, '{')) && f.Match(b) == e - 1) {
      ++b;
      --e;
    } else {
      break;
    }
  }
  if (b >= e) return kNone;
  if (e - b == 1 && f.Ident(b)) return Lookup(fi, std::string(f.Text(b)), b);
  uint32_t k = b;
  while (k < e && (f.Ident(k) || f.P(k, ':') || f.P(k, '$'))) ++k;
  if (k == b || k >= e || !f.P(k, '(') || !IsFfiCall(f, k - 1) || PathStart(f, k - 1) != b) return kNone;
  const uint32_t callee = k - 1;
  uint32_t after = f.Match(k) + 1;
  while (after < e) {
    if (f.Kw(after, "as")) return callee;  // a cast: the rest is a type
    if (f.P(after, '.') && f.Ident(after + 1) && f.Text(after + 1).substr(0, 4) == "cast") {
      after += 2;
      if (f.PathSep(after)) after = f.SkipAngles(after + 2);
      if (after >= e || !f.P(after, '(') || f.Match(after) != after + 1) return kNone;
      after += 2;
      continue;
    }
    return kNone;
  }
  return callee;
}

void Inferer::CollectBindings(uint32_t fi) {
  const SrcFile& f = files_[fi];
  auto& out = bindings_[fi];
  for (uint32_t i = 0; i < f.size(); ++i) {
    if (!f.Kw(i, "let") || f.in_test[i]) continue;
    uint32_t j = i + 1;
    if (f.Kw(j, "mut")) ++j;
    if (!f.Ident(j)) continue;
    uint32_t k = j + 1;
    if (f.P(k, ':')) {
      k = f.ScanUntil(k, f.size(), [&](uint32_t q) { return f.P(q, '=') || f.P(q, ';'); });
    }
    if (!f.P(k, '=')) continue;
    const uint32_t e = f.ScanUntil(k + 1, f.size(), [&](uint32_t q) { return f.P(q, ';') || f.P(q, '}'); });
    Binding bnd{.let_tok = e, .scope_end = f.block_close[i], .call = ResolveToCall(fi, k + 1, e)};
    if (bnd.call != kNone) bound_to_[{fi, bnd.call}].emplace_back(std::string(f.Text(j)), bnd.let_tok);
    out[std::string(f.Text(j))].push_back(bnd);
  }
}

uint32_t Inferer::Lookup(uint32_t fi, const std::string& var, uint32_t at) const {
  auto fit = bindings_.find(fi);
  if (fit == bindings_.end()) return kNone;
  auto it = fit->second.find(var);
  if (it == fit->second.end()) return kNone;
  // Bindings are in token order: start at the last one before `at`.
  const auto& list = it->second;
  auto b = std::lower_bound(list.begin(), list.end(), at,
                            [](const Binding& x, uint32_t pos) { return x.let_tok < pos; });
  for (int n = 0; b != list.begin() && n < kMaxShadowed; ++n) {
    --b;
    if (b->scope_end == kNone || at <= b->scope_end) return b->call;
  }
  return kNone;
}

// For every token inside an impl method's body: which impl and method.
void Inferer::MarkMethodBodies(uint32_t fi) {
  auto& owner = owner_[fi];
  owner.assign(files_[fi].size(), {kNone, kNone});
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t>> ranges;  // open, close, impl, fn
  for (uint32_t ii = 0; ii < impls_.size(); ++ii) {
    if (impls_[ii].file != fi) continue;
    for (uint32_t fn = 0; fn < impls_[ii].fns.size(); ++fn) {
      const FnInfo& x = impls_[ii].fns[fn];
      if (x.body_open != kNone) ranges.emplace_back(x.body_open, x.body_close, ii, fn);
    }
  }
  std::sort(ranges.begin(), ranges.end());
  for (auto [open, close, ii, fn] : ranges) {
    for (uint32_t k = open; k <= close && k < owner.size(); ++k) owner[k] = {ii, fn};
  }
}

// The resource a Rust type names (its struct's C type), "" if none.
std::string Inferer::ResourceOfType(const std::string& type_name, uint32_t file) const {
  const StructInfo* s = FindStruct(type_name, file);
  return s == nullptr ? "" : s->ctype;
}

void Inferer::AddNote(Note::Level level, std::string item, std::string message, SourceLoc loc) {
  spec_.notes.push_back({.level = level, .item = std::move(item), .message = std::move(message),
                         .loc = std::move(loc)});
}

std::string Inferer::MethodName(uint32_t fi, uint32_t at) const {
  auto [ii, fn] = owner_.at(fi)[at];
  if (ii == kNone) return "";
  return absl::StrCat(impls_[ii].self_name, "::", impls_[ii].fns[fn].name);
}

void Inferer::ScanCallPatterns(uint32_t fi) {
  const SrcFile& f = files_[fi];
  for (uint32_t i = 0; i < f.size(); ++i) {
    if (f.in_test[i]) continue;
    // from_err_ptr(..)
    if (f.Is(i, "from_err_ptr") && f.P(i + 1, '(') && !(i > 0 && f.Kw(i - 1, "fn"))) {
      uint32_t call = ResolveToCall(fi, i + 2, f.Match(i + 1));
      if (call != kNone) {
        Facts(fi, call).errptr = true;
        ++stats_.from_err_ptr;
      } else {
        AddNote(Note::Level::kInfo, MethodName(fi, i),
                absl::StrCat("from_err_ptr(", Abbrev(f.Span(i + 2, f.Match(i + 1))),
                             ") is not a C call bindfuzz can trace"),
                f.Loc(i));
      }
      continue;
    }
    // check(c_call(..)) of a helper that tests its pointer for NULL.
    if (f.Ident(i) && f.P(i + 1, '(') && null_helpers_.count(std::string(f.Text(i))) &&
        !(i > 0 && (f.P(i - 1, '.') || f.Kw(i - 1, "fn")))) {
      uint32_t call = ResolveToCall(fi, i + 2, f.Match(i + 1));
      if (call != kNone) {
        Facts(fi, call).null_checked = true;
        ++stats_.null_checks;
      }
      continue;
    }
    // Box::from_raw(c_call(..) as *mut T): C hands back what into_raw gave.
    if (f.Is(i, "Box") && f.PathSep(i + 1) && f.Is(i + 3, "from_raw") && f.P(i + 4, '(')) {
      uint32_t call = ResolveToCall(fi, i + 5, f.Match(i + 4));
      if (call != kNone) {
        ++stats_.raw_pairs;
        raw_returns_.emplace_back(fi, call, i);
      }
      continue;
    }
    // NonNull::new(..)
    if (f.Is(i, "NonNull") && f.PathSep(i + 1) && f.Is(i + 3, "new") && f.P(i + 4, '(')) {
      uint32_t call = ResolveToCall(fi, i + 5, f.Match(i + 4));
      if (call != kNone) {
        Facts(fi, call).null_checked = true;
        ++stats_.null_checks;
      }
      continue;
    }
    // x.is_null() / f(..).is_null()
    if (f.Is(i, "is_null") && i >= 2 && f.P(i - 1, '.') && f.P(i + 1, '(')) {
      uint32_t call = kNone;
      if (f.Ident(i - 2) && !(i >= 3 && f.P(i - 3, '.'))) {
        call = Lookup(fi, std::string(f.Text(i - 2)), i - 2);
      } else if (f.P(i - 2, ')')) {
        uint32_t open = f.Match(i - 2);
        if (open >= 1 && IsFfiCall(f, open - 1)) call = open - 1;
      }
      if (call != kNone) {
        Facts(fi, call).null_checked = true;
        ++stats_.null_checks;
      }
      continue;
    }
    // ARef::from_raw(..) / ARef::<T>::from_raw(..)
    if (f.Is(i, "ARef") && f.PathSep(i + 1)) {
      uint32_t k = i + 3;
      if (f.P(k, '<')) {
        k = f.SkipAngles(k);
        if (!f.PathSep(k)) continue;
        k += 2;
      }
      if (!f.Is(k, "from_raw") || !f.P(k + 1, '(')) continue;
      ++stats_.aref_from_raw;
      AnalyzeARefFromRaw(fi, i, k + 1);
    }
  }
}

void Inferer::AnalyzeARefFromRaw(uint32_t fi, uint32_t at, uint32_t open) {
  const SrcFile& f = files_[fi];
  std::vector<uint32_t> calls;
  for (uint32_t k = open + 1; k < f.Match(open); ++k) {
    if (IsFfiCall(f, k)) calls.push_back(k);
  }
  const std::string where = MethodName(fi, at);
  if (calls.size() != 1) {
    AddNote(Note::Level::kInfo, where,
            calls.empty()
                ? absl::StrCat("ARef::from_raw(", Abbrev(f.Span(open + 1, f.Match(open))),
                               ") takes over a reference that comes from the caller, not from a C call here")
                : "ARef::from_raw of an expression with several C calls: not modelled",
            f.Loc(at));
    return;
  }
  auto [ii, fn] = owner_[fi][at];
  std::string resource = ii == kNone ? "" : ResourceOfType(impls_[ii].self_name, impls_[ii].file);
  if (resource.empty()) {
    AddNote(Note::Level::kInfo, where,
            absl::StrCat("ARef::from_raw of ", CName(f, calls[0]), "(..): the resource type is not known"),
            f.Loc(at));
    return;
  }
  Facts(fi, calls[0]).owned = resource;
}

}  // namespace bindfuzz::spec::internal
