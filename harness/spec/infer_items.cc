// The item scan of `infer`: struct definitions (which C type a Rust type
// wraps), impl blocks (trait, self type, methods and their signatures) and
// the indexes over them.
#include "harness/spec/infer_internal.h"

namespace bindfuzz::spec::internal {

void Inferer::CollectItems(uint32_t fi) {
  const SrcFile& f = files_[fi];
  for (uint32_t i = 0; i < f.size(); ++i) {
    if (f.in_test[i] || f.in_macro[i]) continue;
    if (f.Kw(i, "struct") && f.Ident(i + 1)) {
      ParseStruct(fi, i);
    } else if (f.Kw(i, "impl") && IsItemImpl(f, i)) {
      ParseImpl(fi, i);
    }
  }
}

// `impl` that starts an item, not `-> impl Trait` / `x: impl Fn()`.
bool Inferer::IsItemImpl(const SrcFile& f, uint32_t i) {
  uint32_t k = i;
  if (k > 0 && f.Kw(k - 1, "unsafe")) --k;
  if (k > 0 && f.Kw(k - 1, "default")) --k;
  if (k == 0) return true;
  return f.P(k - 1, ';') || f.P(k - 1, '}') || f.P(k - 1, '{') || f.P(k - 1, ']');
}

void Inferer::ParseStruct(uint32_t fi, uint32_t i) {
  const SrcFile& f = files_[fi];
  StructInfo s{.name = std::string(f.Text(i + 1)), .file = fi, .tok = i};
  uint32_t j = i + 2;
  if (f.P(j, '<')) j = f.SkipAngles(j);
  if (f.Kw(j, "where")) {
    j = f.ScanUntil(j, f.size(), [&](uint32_t k) { return f.P(k, '{') || f.P(k, ';'); });
  }
  if (!f.P(j, '(') && !f.P(j, '{')) return;  // unit struct
  const bool tuple = f.P(j, '(');
  size_t index = 0;
  for (auto [b, e] : f.SplitCommas(j + 1, f.Match(j))) {
    uint32_t k = b;
    while (f.P(k, '#') && f.P(k + 1, '[')) k = f.Match(k + 1) + 1;
    if (f.Kw(k, "pub")) {
      ++k;
      if (f.P(k, '(')) k = f.Match(k) + 1;
    }
    FieldInfo fld;
    if (tuple) {
      fld.name = std::to_string(index++);
    } else {
      if (!f.Ident(k) || !f.P(k + 1, ':')) continue;
      fld.name = std::string(f.Text(k));
      k += 2;
    }
    for (uint32_t m = k; m + 3 < e; ++m) {
      if (f.Ident(m) && ffi_.count(std::string(f.Text(m))) && f.PathSep(m + 1) && f.Ident(m + 3) &&
          !f.PathSep(m + 4) && SpecName(f.Text(m + 3))) {
        fld.ctype = std::string(f.Text(m + 3));
        fld.opaque = m >= 2 && f.P(m - 1, '<') && f.Is(m - 2, "Opaque");
        break;
      }
    }
    // A type the crate's own extern signatures point to (`raw: *mut db_t`).
    for (uint32_t m = k; fld.ctype.empty() && m < e; ++m) {
      if (f.Ident(m) && ctypes_.count(std::string(f.Text(m))) && !f.PathSep(m + 1) && f.Text(m) != s.name) {
        fld.ctype = std::string(f.Text(m));
      }
    }
    s.fields.push_back(std::move(fld));
  }
  structs_.push_back(std::move(s));
}

void Inferer::ResolveStructType(StructInfo& s) {
  std::set<std::string> types;
  for (const FieldInfo& fld : s.fields) {
    if (fld.opaque) {
      s.ctype = fld.ctype;
      return;
    }
    if (!fld.ctype.empty()) types.insert(fld.ctype);
  }
  if (types.size() == 1) s.ctype = *types.begin();
}

void Inferer::ParseImpl(uint32_t fi, uint32_t i) {
  const SrcFile& f = files_[fi];
  ImplInfo im{.file = fi, .tok = i};
  uint32_t j = i + 1;
  std::vector<std::string> generics;
  if (f.P(j, '<')) j = f.SkipAngles(j, &generics);
  if (f.P(j, '!')) return;  // negative impl
  const uint32_t body =
      f.ScanUntil(j, f.size(), [&](uint32_t k) { return f.P(k, '{') || f.P(k, ';') || f.P(k, '}'); });
  if (!f.P(body, '{')) return;
  uint32_t header_end = body, for_tok = kNone;
  int angle = 0;
  for (uint32_t k = j; k < body; ++k) {
    if (f.Open(k)) {
      k = f.Match(k);
    } else if (f.P(k, '<')) {
      ++angle;
    } else if (f.P(k, '>') && !f.ArrowHead(k)) {
      if (angle > 0) --angle;
    } else if (angle == 0 && f.Kw(k, "for") && !f.P(k + 1, '<') && for_tok == kNone) {
      for_tok = k;
    } else if (angle == 0 && f.Kw(k, "where")) {
      header_end = k;
      break;
    }
  }
  uint32_t self_begin = j;
  if (for_tok != kNone) {
    im.trait = LastSegment(f, j, for_tok);
    self_begin = for_tok + 1;
  }
  im.self_name = LastSegment(f, self_begin, header_end);
  im.self_text = f.Span(self_begin, header_end);
  std::set<std::string> gen(generics.begin(), generics.end());
  for (uint32_t k = self_begin; k < header_end; ++k) {
    if (f.Ident(k) && !gen.count(std::string(f.Text(k))) && !f.Kw(k, "dyn") && !f.Kw(k, "mut") &&
        !f.Kw(k, "const")) {
      im.self_idents.emplace_back(f.Text(k));
    }
  }
  // Items of the body, one level deep.
  const uint32_t close = f.Match(body);
  for (uint32_t m = body + 1; m < close; ++m) {
    if (f.P(m, '#') && f.P(m + 1, '[')) {
      m = f.Match(m + 1);
    } else if (f.Kw(m, "fn") && f.Ident(m + 1)) {
      FnInfo fn = ParseFnSig(f, m);
      if (fn.params_open == 0) continue;
      m = fn.body_close != kNone ? fn.body_close : std::max(m, fn.ret_end);
      im.fns.push_back(std::move(fn));
    } else if (f.Kw(m, "const") && f.Ident(m + 1) && f.P(m + 2, ':')) {
      ConstInfo c{.name = std::string(f.Text(m + 1))};
      uint32_t k = m + 3;
      k = f.ScanUntil(k, close, [&](uint32_t q) { return f.P(q, '=') || f.P(q, ';'); });
      if (f.P(k, '=')) {
        c.expr_begin = k + 1;
        const uint32_t e = f.ScanUntil(k + 1, close, [&](uint32_t q) { return f.P(q, ';'); });
        c.expr_end = e;
        im.consts.push_back(c);
        m = e;
      }
    } else if (f.Open(m)) {
      m = f.Match(m);
    }
  }
  impls_.push_back(std::move(im));
}

// The last identifier at angle depth 0 in [b, e): the path's final segment.
std::string Inferer::LastSegment(const SrcFile& f, uint32_t b, uint32_t e) {
  std::string last;
  int angle = 0;
  for (uint32_t k = b; k < e; ++k) {
    if (f.Open(k)) {
      k = f.Match(k);
    } else if (f.P(k, '<')) {
      ++angle;
    } else if (f.P(k, '>') && !f.ArrowHead(k)) {
      if (angle > 0) --angle;
    } else if (angle == 0 && f.Ident(k) && !f.Kw(k, "dyn") && !f.Kw(k, "mut")) {
      last = std::string(f.Text(k));
    }
  }
  return last;
}

FnInfo Inferer::ParseFnSig(const SrcFile& f, uint32_t m) {
  FnInfo fn{.name = std::string(f.Text(m + 1)), .tok = m + 1};
  uint32_t g = m + 2;
  if (f.P(g, '<')) g = f.SkipAngles(g);
  if (!f.P(g, '(')) return FnInfo{};
  fn.params_open = g;
  fn.params_close = f.Match(g);
  // Receiver.
  auto params = f.SplitCommas(g + 1, fn.params_close);
  if (!params.empty()) {
    auto [b, e] = params[0];
    uint32_t k = b;
    if (f.P(k, '&')) {
      ++k;
      if (k < e && f.t[k].kind == rf::TokKind::kLifetime) fn.self_lifetime = std::string(f.Text(k++));
      if (f.Kw(k, "mut")) ++k;
      if (f.Kw(k, "self")) fn.recv = Recv::kRef;
    } else {
      if (f.Kw(k, "mut")) ++k;
      if (f.Kw(k, "self")) {
        fn.recv = Recv::kValue;
        if (f.P(k + 1, ':')) {
          for (uint32_t q = k + 2; q < e; ++q) {
            if (f.P(q, '&')) {
              fn.recv = Recv::kRef;
              if (q + 1 < e && f.t[q + 1].kind == rf::TokKind::kLifetime) fn.self_lifetime = std::string(f.Text(q + 1));
              break;
            }
          }
        }
      }
    }
  }
  uint32_t r = fn.params_close + 1;
  uint32_t stop = r;
  if (f.P(r, '-') && f.t[r].joint && f.P(r + 1, '>')) {
    fn.ret_begin = r + 2;
    stop = r + 2;
  }
  stop = f.ScanUntil(stop, f.size(), [&](uint32_t k) {
    return f.P(k, '{') || f.P(k, ';') || f.Kw(k, "where") || f.P(k, '}');
  });
  if (fn.ret_begin != kNone) fn.ret_end = stop;
  stop = f.ScanUntil(stop, f.size(), [&](uint32_t k) { return f.P(k, '{') || f.P(k, ';') || f.P(k, '}'); });
  if (f.P(stop, '{')) {
    fn.body_open = stop;
    fn.body_close = f.Match(stop);
  } else if (fn.ret_end == kNone) {
    fn.ret_end = stop;
  }
  return fn;
}

void Inferer::BuildIndexes() {
  for (size_t i = 0; i < structs_.size(); ++i) structs_by_name_[structs_[i].name].push_back(i);
  for (size_t ii = 0; ii < impls_.size(); ++ii) {
    const ImplInfo& im = impls_[ii];
    if (!im.trait.empty()) continue;
    for (size_t fn = 0; fn < im.fns.size(); ++fn) {
      if (im.fns[fn].body_open != kNone) methods_[{im.self_name, im.fns[fn].name}].emplace_back(ii, fn);
    }
  }
}

const StructInfo* Inferer::FindStruct(const std::string& name, uint32_t prefer_file) const {
  auto it = structs_by_name_.find(name);
  if (it == structs_by_name_.end()) return nullptr;
  for (size_t i : it->second) {
    if (structs_[i].file == prefer_file) return &structs_[i];
  }
  return it->second.size() == 1 ? &structs_[it->second[0]] : nullptr;
}

// Methods of inherent impls of `type_name`, same file first.
const FnInfo* Inferer::FindMethod(const std::string& type_name, const std::string& method, uint32_t prefer_file,
                                  uint32_t* file) const {
  const FnInfo* other = nullptr;
  uint32_t other_file = 0;
  auto it = methods_.find({type_name, method});
  if (it == methods_.end()) return nullptr;
  for (auto [ii, fi] : it->second) {
    const ImplInfo& im = impls_[ii];
    const FnInfo* fn = &im.fns[fi];
    if (im.file == prefer_file) {
      *file = im.file;
      return fn;
    }
    if (other == nullptr) {
      other = fn;
      other_file = im.file;
    }
  }
  *file = other_file;
  return other;
}

}  // namespace bindfuzz::spec::internal
