#include "harness/rust_frontend/cfg.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "harness/rust_frontend/token_util.h"

namespace bindfuzz::rust_frontend {

namespace {

// Options rustc sets itself. Those the set does not model cannot be
// decided; the others are simply false when not set.
bool IsRustcOwnName(std::string_view n) {
  return n.substr(0, 7) == "target_" || n == "unix" || n == "windows" || n == "test" || n == "doc" ||
         n == "doctest" || n == "miri" || n == "feature" || n == "debug_assertions" || n == "panic" ||
         n == "proc_macro" || n == "overflow_checks" || n == "relocation_model" || n == "sanitize" ||
         n == "ub_checks" || n == "fmt_debug" || n == "contract_checks" || n == "emscripten_wasm_eh" ||
         n == "rustfmt" || n == "clippy";
}

// rustc sets these from flags or target features the set does not know.
bool IsUndecidable(std::string_view n, bool has_value) {
  if (n == "target_feature" || n == "target_has_atomic" || n == "target_has_atomic_load_store" ||
      n == "target_has_atomic_equal_alignment" || n == "target_has_reliable_f16" ||
      n == "target_has_reliable_f128")
    return true;
  if (n == "debug_assertions" || n == "overflow_checks" || n == "ub_checks" || n == "panic" ||
      n == "relocation_model" || n == "sanitize" || n == "fmt_debug")
    return true;
  (void)has_value;
  return false;
}

bool IsName(std::string_view s) {
  if (s.empty()) return false;
  auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!start(s[0])) return false;
  for (char c : s)
    if (!start(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

}  // namespace

CfgSet CfgSet::ForTarget(const target::TargetInfo& t) {
  CfgSet s;
  s.Set("target_arch", std::string(t.arch));
  s.Set("target_os", std::string(t.os));
  s.Set("target_env", std::string(t.env));
  s.Set("target_vendor", std::string(t.vendor));
  s.Set("target_abi", std::string(t.abi));
  s.Set("target_endian", t.endian == target::Endian::kBig ? "big" : "little");
  s.Set("target_pointer_width", std::to_string(t.pointer_bits));
  if (!t.family.empty()) {
    s.Set("target_family", std::string(t.family));
    if (t.family == "unix" || t.family == "windows") s.Set(std::string(t.family));
  }
  if (t.os != "none") s.Set("target_thread_local");
  return s;
}

void CfgSet::Set(std::string name, std::string value) {
  names.insert(name);
  options.insert({std::move(name), std::move(value)});
}

absl::Status CfgSet::Add(std::string_view cfg) {
  absl::string_view c(cfg.data(), cfg.size());
  c = absl::StripAsciiWhitespace(c);
  size_t eq = c.find('=');
  std::string name(absl::StripAsciiWhitespace(c.substr(0, eq)));
  std::string value;
  if (eq != absl::string_view::npos) {
    absl::string_view v = absl::StripAsciiWhitespace(c.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (v.find('"') != absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("--cfg ", std::string(c), ": expected NAME or NAME=\"VALUE\""));
    }
    value = std::string(v);
  }
  if (!IsName(name)) {
    return absl::InvalidArgumentError(absl::StrCat("--cfg ", std::string(c), ": expected NAME or NAME=\"VALUE\""));
  }
  Set(std::move(name), std::move(value));
  return absl::OkStatus();
}

void CfgSet::AddFeatures(std::string_view list) {
  for (absl::string_view f : absl::StrSplit(absl::string_view(list.data(), list.size()), absl::ByAnyChar(", "),
                                            absl::SkipEmpty())) {
    Set("feature", std::string(f));
  }
}

int EvalCfgPredicate(const LexedFile& f, uint32_t* i, uint32_t end, const CfgSet& cfgs,
                     std::set<std::string>* unset, int depth) {
  auto tk = [&](uint32_t k) -> const Token& { return f.tokens[k]; };
  if (*i >= end || depth > 64) return -1;
  const Token& t = tk(*i);
  if (t.kind != TokKind::kIdent) return -1;
  std::string name(f.Text(t));
  ++*i;
  if (*i < end && tk(*i).kind == TokKind::kPunct && tk(*i).punct == '(') {
    uint32_t close = tk(*i).match;
    uint32_t j = *i + 1;
    std::vector<int> vals;
    while (j < close) {
      vals.push_back(EvalCfgPredicate(f, &j, close, cfgs, unset, depth + 1));
      // skip to next comma
      while (j < close && !(tk(j).kind == TokKind::kPunct && tk(j).punct == ',')) {
        const Token& u = tk(j);
        j = (u.kind == TokKind::kPunct && (u.punct == '(' || u.punct == '[' || u.punct == '{')) ? u.match + 1 : j + 1;
      }
      if (j < close) ++j;
    }
    *i = close + 1;
    if (name == "not") return vals.size() == 1 ? (vals[0] < 0 ? -1 : !vals[0]) : -1;
    if (name == "all") {
      bool unknown = false;
      for (int v : vals) {
        if (v == 0) return 0;
        if (v < 0) unknown = true;
      }
      return unknown ? -1 : 1;
    }
    if (name == "any") {
      bool unknown = false;
      for (int v : vals) {
        if (v == 1) return 1;
        if (v < 0) unknown = true;
      }
      return unknown ? -1 : 0;
    }
    return -1;
  }
  std::string value;
  bool has_value = false;
  if (*i < end && tk(*i).kind == TokKind::kPunct && tk(*i).punct == '=') {
    ++*i;
    if (*i >= end || tk(*i).kind != TokKind::kLiteral || tk(*i).lit != LitKind::kStr) return -1;
    bool ok = DecodeStringLiteral(f.Text(tk(*i)), &value);
    ++*i;
    if (!ok) return -1;
    has_value = true;
  }
  if (cfgs.Has(name, value)) return 1;
  if (cfgs.names.count(name)) return 0;  // set, with other values
  if (IsUndecidable(name, has_value)) return -1;
  if (!IsRustcOwnName(name) && unset) unset->insert(name);
  return 0;
}

int EvalCfgAttr(const Attr& a, const LexedFile& f, const CfgSet& cfgs, std::set<std::string>* unset) {
  uint32_t i = a.args_begin;
  int v = EvalCfgPredicate(f, &i, a.args_end, cfgs, unset, 0);
  if (i != a.args_end) return -1;
  return v;
}

int ExpandCfgAttr(const Attr& a, const LexedFile& f, const CfgSet& cfgs, std::set<std::string>* unset,
                  std::vector<Attr>* out) {
  if (a.has_eq) return -1;
  uint32_t i = a.args_begin;
  int v = EvalCfgPredicate(f, &i, a.args_end, cfgs, unset, 0);
  if (v < 0 || i >= a.args_end || !IsPunctTok(f, i, ',')) return -1;
  ++i;
  std::vector<Attr> attrs;
  while (i < a.args_end) {
    uint32_t next = NextComma(f, i, a.args_end);
    // path [ (tt) | [tt] | {tt} | = tokens ]
    Attr x;
    x.tok = i;
    uint32_t k = i;
    if (k >= next || f.tokens[k].kind != TokKind::kIdent) return -1;
    x.name = std::string(f.Text(f.tokens[k]));
    ++k;
    while (k + 2 < next && IsPunctTok(f, k, ':') && IsPunctTok(f, k + 1, ':') && f.tokens[k + 2].kind == TokKind::kIdent) {
      x.name += "::" + std::string(f.Text(f.tokens[k + 2]));
      k += 3;
    }
    if (k < next && f.tokens[k].kind == TokKind::kPunct &&
        (f.tokens[k].punct == '(' || f.tokens[k].punct == '[' || f.tokens[k].punct == '{')) {
      uint32_t close = f.tokens[k].match;
      if (close + 1 != next) return -1;
      x.args_begin = k + 1;
      x.args_end = close;
    } else if (k < next && IsPunctTok(f, k, '=')) {
      x.has_eq = true;
      x.args_begin = k + 1;
      x.args_end = next;
      if (x.args_begin >= x.args_end) return -1;
    } else if (k != next) {
      return -1;
    } else {
      x.args_begin = x.args_end = k;
    }
    attrs.push_back(std::move(x));
    i = next < a.args_end ? next + 1 : next;
  }
  if (v == 1) out->insert(out->end(), attrs.begin(), attrs.end());
  return v;
}

}  // namespace bindfuzz::rust_frontend
