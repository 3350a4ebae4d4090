#include "harness/spec/infer.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/spec/spec_parser.h"

namespace bindfuzz::spec {
namespace {

namespace rf = rust_frontend;
using contract::FunctionSpec;
using contract::Note;
using contract::Nullability;
using contract::ParamMode;
using contract::ParamSpec;
using contract::ResourceSpec;
using contract::ReturnKind;
using contract::SourceLoc;
using rf::TokKind;
using rf::Token;

constexpr uint32_t kNone = UINT32_MAX;
// Item headers, generic lists and `let` statements are short. Walks over them
// stop after this many steps (a step skips a token or a whole group), so a
// hostile soup of unterminated ones cannot make the passes quadratic.
constexpr int kMaxScan = 4096;
// How many earlier `let`s of the same name a lookup looks through.
constexpr int kMaxShadowed = 256;

bool SpecName(std::string_view v) { return IsSpecName(absl::string_view(v.data(), v.size())); }

// ------------------------------------------------------------- one file --

// A lexed file with doc comments dropped (they are attributes, not code) and
// delimiter partners remapped, plus the masks the passes need.
struct SrcFile {
  std::string name;
  std::unique_ptr<rf::LexedFile> lf;
  std::vector<Token> t;
  std::vector<uint8_t> in_test;   // inside a `#[cfg(test)] mod`: ignored
  std::vector<uint8_t> in_macro;  // inside a `macro_rules!` body: no items
  std::vector<uint32_t> block_close;  // innermost enclosing '}' (kNone at top level)

  uint32_t size() const { return static_cast<uint32_t>(t.size()); }
  std::string_view Text(uint32_t i) const { return lf->Text(t[i]); }
  bool Ident(uint32_t i) const { return i < t.size() && t[i].kind == TokKind::kIdent; }
  bool Is(uint32_t i, std::string_view s) const { return Ident(i) && Text(i) == s; }
  // A keyword: never a raw identifier.
  bool Kw(uint32_t i, std::string_view s) const { return Is(i, s) && !t[i].raw; }
  bool P(uint32_t i, char c) const { return i < t.size() && t[i].kind == TokKind::kPunct && t[i].punct == c; }
  bool PathSep(uint32_t i) const { return P(i, ':') && t[i].joint && P(i + 1, ':'); }
  bool Open(uint32_t i) const { return P(i, '(') || P(i, '[') || P(i, '{'); }
  uint32_t Match(uint32_t i) const { return t[i].match; }
  // `->`: the '>' of an arrow is not a closing angle bracket.
  bool ArrowHead(uint32_t i) const { return P(i, '>') && i > 0 && P(i - 1, '-') && t[i - 1].joint; }

  SourceLoc Loc(uint32_t i) const {
    rf::LineCol lc = lf->Pos(t[std::min<uint32_t>(i, size() - 1)].begin);
    return {.file = name, .line = lc.line, .column = lc.column};
  }
  std::string Origin(uint32_t i) const { return absl::StrCat(name, ":", Loc(i).line); }

  // Steps from `k` over tokens and whole groups until `stop(k)` holds, at
  // most kMaxScan steps; returns where it held, or `end`.
  template <typename Stop>
  uint32_t ScanUntil(uint32_t k, uint32_t end, Stop stop) const {
    for (int steps = 0; k < end && steps < kMaxScan; ++steps) {
      if (stop(k)) return k;
      k = Open(k) ? Match(k) + 1 : k + 1;
    }
    return end;
  }

  // Index after the angle-bracketed list starting at `i` ('<'); size() if
  // it does not close within kMaxScan tokens.
  uint32_t SkipAngles(uint32_t i, std::vector<std::string>* params = nullptr) const {
    int depth = 0;
    bool param_start = false;
    for (uint32_t k = i; k < size(); ++k) {
      if (k - i > static_cast<uint32_t>(kMaxScan)) return size();
      if (Open(k)) {
        k = Match(k);
        param_start = false;
        continue;
      }
      if (P(k, '<')) {
        ++depth;
        param_start = depth == 1;
        continue;
      }
      if (P(k, '>') && !ArrowHead(k)) {
        if (--depth == 0) return k + 1;
        continue;
      }
      if (depth == 1 && P(k, ',')) {
        param_start = true;
        continue;
      }
      if (param_start && params != nullptr) {
        if (Kw(k, "const")) continue;
        if (Ident(k) || t[k].kind == TokKind::kLifetime) params->emplace_back(Text(k));
      }
      param_start = false;
      if (P(k, ';') || P(k, '}')) return k;  // malformed: stop
    }
    return size();
  }

  // Splits [b, e) at commas outside groups and angle brackets.
  std::vector<std::pair<uint32_t, uint32_t>> SplitCommas(uint32_t b, uint32_t e) const {
    std::vector<std::pair<uint32_t, uint32_t>> out;
    int angle = 0;
    uint32_t start = b;
    for (uint32_t k = b; k < e; ++k) {
      if (Open(k)) {
        k = Match(k);
      } else if (P(k, '<')) {
        ++angle;
      } else if (P(k, '>') && !ArrowHead(k)) {
        if (angle > 0) --angle;
      } else if (P(k, ',') && angle == 0) {
        out.emplace_back(start, k);
        start = k + 1;
      }
    }
    if (start < e) out.emplace_back(start, e);
    return out;
  }

  bool Mentions(uint32_t b, uint32_t e, std::string_view ident) const {
    for (uint32_t k = b; k < e; ++k) {
      if (Is(k, ident) && !t[k].raw) return true;
    }
    return false;
  }

  std::string Span(uint32_t b, uint32_t e) const {
    if (b >= e) return "";
    return std::string(lf->Span(t[b].begin, t[e - 1].end));
  }
};

absl::StatusOr<SrcFile> Prepare(const RustInput& in) {
  SrcFile f;
  f.name = in.name;
  BF_ASSIGN_OR_RETURN(f.lf, rf::Lex(in.name, in.text, rf::LexOptions{}));
  const std::vector<Token>& all = f.lf->tokens;
  std::vector<uint32_t> remap(all.size(), kNone);
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].kind == TokKind::kDoc) continue;
    remap[i] = static_cast<uint32_t>(f.t.size());
    f.t.push_back(all[i]);
  }
  for (Token& tok : f.t) {
    if (tok.kind == TokKind::kPunct && (tok.punct == '(' || tok.punct == ')' || tok.punct == '[' ||
                                        tok.punct == ']' || tok.punct == '{' || tok.punct == '}')) {
      tok.match = remap[tok.match];
    }
  }
  const uint32_t n = f.size();
  f.in_test.assign(n, 0);
  f.in_macro.assign(n, 0);
  f.block_close.assign(n, kNone);
  std::vector<uint32_t> stack;
  for (uint32_t i = 0; i < n; ++i) {
    if (!stack.empty()) f.block_close[i] = stack.back();
    if (f.P(i, '{')) stack.push_back(f.Match(i));
    if (f.P(i, '}') && !stack.empty()) stack.pop_back();
  }
  for (uint32_t i = 0; i + 1 < n; ++i) {
    // #[cfg(test)] (more attributes) mod NAME { ... }
    if (f.P(i, '#') && f.P(i + 1, '[')) {
      uint32_t close = f.Match(i + 1);
      if (close == i + 6 && f.Is(i + 2, "cfg") && f.P(i + 3, '(') && f.Is(i + 4, "test") && f.P(i + 5, ')')) {
        uint32_t k = close + 1;
        while (f.P(k, '#') && f.P(k + 1, '[')) k = f.Match(k + 1) + 1;
        if (f.Kw(k, "pub")) ++k;
        if (f.Kw(k, "mod") && f.Ident(k + 1) && f.P(k + 2, '{')) {
          for (uint32_t j = i; j <= f.Match(k + 2); ++j) f.in_test[j] = 1;
        }
      }
    }
    if (f.Is(i, "macro_rules") && f.P(i + 1, '!') && f.Ident(i + 2) && f.Open(i + 3)) {
      for (uint32_t j = i; j <= f.Match(i + 3); ++j) f.in_macro[j] = 1;
    }
  }
  return f;
}

// ------------------------------------------------------------ the model --

struct FieldInfo {
  std::string name;   // field name, or the index of a tuple field
  std::string ctype;  // the first C type named in the field's type
  bool opaque = false;
};

struct StructInfo {
  std::string name;
  uint32_t file = 0;
  uint32_t tok = 0;
  std::vector<FieldInfo> fields;
  // The C object the Rust type wraps: the Opaque<> field's type, else the
  // one C type all C-typed fields agree on; "" when none or ambiguous.
  std::string ctype;
};

enum class Recv { kNone, kValue, kRef };

struct FnInfo {
  std::string name;
  uint32_t tok = 0;
  uint32_t params_open = 0, params_close = 0;
  Recv recv = Recv::kNone;
  std::string self_lifetime;  // "" = elided
  uint32_t ret_begin = kNone, ret_end = kNone;
  uint32_t body_open = kNone, body_close = kNone;
};

struct ConstInfo {
  std::string name;
  uint32_t expr_begin = 0, expr_end = 0;
};

struct ImplInfo {
  uint32_t file = 0;
  uint32_t tok = 0;
  std::string trait;      // last path segment, "" for an inherent impl
  std::string self_name;  // last path segment of the self type at depth 0
  std::string self_text;  // the self type as written
  std::vector<std::string> self_idents;  // every identifier of the self type but the impl's generics
  std::vector<FnInfo> fns;
  std::vector<ConstInfo> consts;

  const FnInfo* Fn(std::string_view n) const {
    for (const FnInfo& f : fns) {
      if (f.name == n) return &f;
    }
    return nullptr;
  }
};

// What the Rust side does with the result of one C call.
struct SiteFacts {
  bool errptr = false;        // from_err_ptr
  bool null_checked = false;  // NonNull::new / is_null
  std::string owned;          // ARef::from_raw: the resource
  bool borrow = false;        // &'a self -> &'a T
  ReturnKind borrow_kind = ReturnKind::kPtr;
  std::string borrow_resource;
  size_t borrow_parent = 0;   // argument index
};

struct Binding {
  uint32_t let_tok;  // the `;` that ends the `let`: visible after it
  uint32_t scope_end;
  uint32_t call;  // the C call the variable holds, kNone if not one
};

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

uint64_t SizeOfPrimitive(std::string_view t) {
  static const std::map<std::string_view, uint64_t> kMap = {
      {"u8", 1}, {"i8", 1}, {"u16", 2}, {"i16", 2}, {"u32", 4}, {"i32", 4},
      {"u64", 8}, {"i64", 8}, {"usize", 8}, {"isize", 8}, {"u128", 16}, {"i128", 16}};
  auto it = kMap.find(t);
  return it == kMap.end() ? 0 : it->second;
}

class Inferer {
 public:
  explicit Inferer(const InferOptions& o) : opts_(o), ffi_(o.ffi_modules.begin(), o.ffi_modules.end()) {}

  absl::StatusOr<InferResult> Run(const std::vector<RustInput>& inputs) {
    uint64_t total = 0;
    std::vector<const RustInput*> sorted;
    for (const RustInput& in : inputs) sorted.push_back(&in);
    std::sort(sorted.begin(), sorted.end(), [](const RustInput* a, const RustInput* b) {
      return a->name != b->name ? a->name < b->name : a < b;  // inputs are one vector: stable
    });
    for (const RustInput* in : sorted) {
      if (in->text.size() > opts_.max_file_bytes) {
        return absl::InvalidArgumentError(absl::StrCat(in->name, ": ", in->text.size(),
                                                       " bytes, over the per-file limit of ",
                                                       opts_.max_file_bytes));
      }
      total += in->text.size();
      if (total > opts_.max_total_bytes) {
        return absl::InvalidArgumentError(absl::StrCat(in->name, ": inputs exceed the total limit of ",
                                                       opts_.max_total_bytes, " bytes"));
      }
      BF_ASSIGN_OR_RETURN(SrcFile f, Prepare(*in));
      files_.push_back(std::move(f));
    }
    stats_.files = files_.size();
    for (uint32_t fi = 0; fi < files_.size(); ++fi) CollectItems(fi);
    for (StructInfo& s : structs_) ResolveStructType(s);
    BuildIndexes();
    for (uint32_t fi = 0; fi < files_.size(); ++fi) {
      CollectBindings(fi);
      MarkMethodBodies(fi);
    }
    for (uint32_t fi = 0; fi < files_.size(); ++fi) ScanCallPatterns(fi);
    for (uint32_t ii = 0; ii < impls_.size(); ++ii) AnalyzeImpl(ii);
    for (uint32_t ii = 0; ii < impls_.size(); ++ii) AnalyzeBorrowMethods(ii);
    BuildFunctions();
    InferResult r;
    r.spec = std::move(spec_);
    r.stats = stats_;
    // The contract of this module: the proposal always re-parses.
    auto check = ParseOwnershipSpec(OwnershipSpecToText(r.spec), "infer");
    if (!check.ok()) {
      return absl::InternalError(absl::StrCat("infer produced a spec that does not parse: ",
                                              check.status().message()));
    }
    return r;
  }

 private:
  // ---------------------------------------------------------------- items --

  void CollectItems(uint32_t fi) {
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
  static bool IsItemImpl(const SrcFile& f, uint32_t i) {
    uint32_t k = i;
    if (k > 0 && f.Kw(k - 1, "unsafe")) --k;
    if (k > 0 && f.Kw(k - 1, "default")) --k;
    if (k == 0) return true;
    return f.P(k - 1, ';') || f.P(k - 1, '}') || f.P(k - 1, '{') || f.P(k - 1, ']');
  }

  void ParseStruct(uint32_t fi, uint32_t i) {
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
      s.fields.push_back(std::move(fld));
    }
    structs_.push_back(std::move(s));
  }

  static void ResolveStructType(StructInfo& s) {
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

  void ParseImpl(uint32_t fi, uint32_t i) {
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
  static std::string LastSegment(const SrcFile& f, uint32_t b, uint32_t e) {
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

  static FnInfo ParseFnSig(const SrcFile& f, uint32_t m) {
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

  void BuildIndexes() {
    for (size_t i = 0; i < structs_.size(); ++i) structs_by_name_[structs_[i].name].push_back(i);
    for (size_t ii = 0; ii < impls_.size(); ++ii) {
      const ImplInfo& im = impls_[ii];
      if (!im.trait.empty()) continue;
      for (size_t fn = 0; fn < im.fns.size(); ++fn) {
        if (im.fns[fn].body_open != kNone) methods_[{im.self_name, im.fns[fn].name}].emplace_back(ii, fn);
      }
    }
  }

  const StructInfo* FindStruct(const std::string& name, uint32_t prefer_file) const {
    auto it = structs_by_name_.find(name);
    if (it == structs_by_name_.end()) return nullptr;
    for (size_t i : it->second) {
      if (structs_[i].file == prefer_file) return &structs_[i];
    }
    return it->second.size() == 1 ? &structs_[it->second[0]] : nullptr;
  }

  // Methods of inherent impls of `type_name`, same file first.
  const FnInfo* FindMethod(const std::string& type_name, const std::string& method, uint32_t prefer_file,
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

  // ------------------------------------------------------------- C calls --

  // `bindings::f(` at `i` (the `f`). C symbols are ASCII identifiers: a
  // Rust (Unicode) identifier after `bindings::` is not one.
  bool IsFfiCall(const SrcFile& f, uint32_t i) const {
    return f.Ident(i) && f.P(i + 1, '(') && i >= 3 && f.P(i - 1, ':') && f.P(i - 2, ':') && f.t[i - 2].joint &&
           f.Ident(i - 3) && ffi_.count(std::string(f.Text(i - 3))) > 0 && SpecName(f.Text(i));
  }

  // First token of the path that ends at the callee `i`.
  static uint32_t PathStart(const SrcFile& f, uint32_t i) {
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

  std::vector<std::pair<uint32_t, uint32_t>> CallArgs(const SrcFile& f, uint32_t callee) const {
    return f.SplitCommas(callee + 2, f.Match(callee + 1));
  }

  // The C call an expression [b, e) is, seen through `unsafe { }`, parentheses,
  // casts and `let` bindings; kNone if it is something else.
  uint32_t ResolveToCall(uint32_t fi, uint32_t b, uint32_t e) const {
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

  void CollectBindings(uint32_t fi) {
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

  uint32_t Lookup(uint32_t fi, const std::string& var, uint32_t at) const {
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
  void MarkMethodBodies(uint32_t fi) {
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
  std::string ResourceOfType(const std::string& type_name, uint32_t file) const {
    const StructInfo* s = FindStruct(type_name, file);
    return s == nullptr ? "" : s->ctype;
  }

  SiteFacts& Facts(uint32_t fi, uint32_t callee) { return facts_[{fi, callee}]; }

  void AddNote(Note::Level level, std::string item, std::string message, SourceLoc loc) {
    spec_.notes.push_back({.level = level, .item = std::move(item), .message = std::move(message),
                           .loc = std::move(loc)});
  }

  std::string MethodName(uint32_t fi, uint32_t at) const {
    auto [ii, fn] = owner_.at(fi)[at];
    if (ii == kNone) return "";
    return absl::StrCat(impls_[ii].self_name, "::", impls_[ii].fns[fn].name);
  }

  void ScanCallPatterns(uint32_t fi) {
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

  void AnalyzeARefFromRaw(uint32_t fi, uint32_t at, uint32_t open) {
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
              absl::StrCat("ARef::from_raw of ", std::string(f.Text(calls[0])), "(..): the resource type is not known"),
              f.Loc(at));
      return;
    }
    Facts(fi, calls[0]).owned = resource;
  }

  // ------------------------------------------------------ trait impls --

  // C calls made directly in [b, e).
  std::vector<uint32_t> CallsIn(const SrcFile& f, uint32_t b, uint32_t e) const {
    std::vector<uint32_t> out;
    for (uint32_t k = b; k < e; ++k) {
      if (IsFfiCall(f, k)) out.push_back(k);
    }
    return out;
  }

  static std::vector<std::string> Names(const SrcFile& f, const std::vector<uint32_t>& calls) {
    std::vector<std::string> out;
    for (uint32_t c : calls) {
      std::string n(f.Text(c));
      if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    }
    return out;
  }

  void AnalyzeImpl(uint32_t ii) {
    const ImplInfo& im = impls_[ii];
    if (im.trait == "AlwaysRefCounted") {
      AnalyzeRefCounted(im);
    } else if (im.trait == "Drop" || im.trait == "PinnedDrop") {
      AnalyzeDrop(im);
    } else if (im.trait == "ForeignOwnable") {
      AnalyzeForeign(im);
    }
  }

  std::string ResourceNameFor(const ImplInfo& im) const {
    std::string r = ResourceOfType(im.self_name, im.file);
    return r.empty() ? im.self_name : r;
  }

  void AnalyzeRefCounted(const ImplInfo& im) {
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

  void AnalyzeDrop(const ImplInfo& im) {
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
            std::string n(g.Text(c));
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
      std::string n(files_[cf].Text(c));
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

  void AnalyzeForeign(const ImplInfo& im) {
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
  static uint64_t EvalAlign(const SrcFile& f, uint32_t b, uint32_t e) {
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

  void AddResource(ResourceSpec r, const std::string& rust_type) {
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

  // --------------------------------------- &'a self -> &'a T borrowing --

  // Is the expression [s, e) a raw pointer Rust turns into a reference:
  // `&*x`, `*x`, or the argument of a pointer-to-reference conversion
  // (`CStr::from_ptr(x)`, `slice::from_raw_parts(x, n)`, `NonNull::new(x)`,
  // `x.as_ref()`, `Self::from_raw(x)`)?
  static bool ConvertedToRef(const SrcFile& f, uint32_t s, uint32_t e) {
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
  static bool TiedToSelf(const SrcFile& f, const FnInfo& fn) {
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

  void AnalyzeBorrowMethods(uint32_t ii) {
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
                  absl::StrCat(method, " returns bytes borrowed from self via ", std::string(f.Text(c)),
                               "; their length function is not modelled"),
                  f.Loc(fn.tok));
        }
      }
      ++stats_.borrows;
    }
  }

  // ------------------------------------------------------ functions --

  static std::string Abbrev(std::string s) {
    for (char& c : s) {
      if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    }
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
  }

  ParamSpec ParamFor(uint32_t fi, uint32_t callee, size_t index, std::pair<uint32_t, uint32_t> arg) {
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

  void EnsureResource(const std::string& name, const ImplInfo& im) {
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

  static std::string Describe(const contract::ReturnSpec& r) {
    return absl::StrCat(contract::ReturnKindName(r.kind), r.resource.empty() ? "" : " " + r.resource, " ",
                        contract::NullabilityName(r.nullability));
  }

  void BuildFunctions() {
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

  const InferOptions& opts_;
  std::set<std::string> ffi_;
  std::vector<SrcFile> files_;
  std::vector<StructInfo> structs_;
  std::vector<ImplInfo> impls_;
  std::map<std::string, std::vector<size_t>> structs_by_name_;
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<size_t, size_t>>> methods_;
  // For each C call bound by a `let`: the variable and where the `let` ends.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<std::pair<std::string, uint32_t>>> bound_to_;
  std::map<uint32_t, std::map<std::string, std::vector<Binding>>> bindings_;
  std::map<uint32_t, std::vector<std::pair<uint32_t, uint32_t>>> owner_;
  std::map<std::pair<uint32_t, uint32_t>, SiteFacts> facts_;
  contract::OwnershipSpec spec_;
  InferStats stats_;
};

}  // namespace

absl::StatusOr<std::vector<RustInput>> ReadRustInputs(const std::vector<std::string>& paths,
                                                      const InferOptions& options) {
  namespace fs = std::filesystem;
  std::vector<RustInput> out;
  uint64_t total = 0;
  auto add = [&](const std::string& file, std::string display) -> absl::Status {
    BF_ASSIGN_OR_RETURN(std::string text, ReadFile(file, options.max_file_bytes));
    total += text.size();
    if (total > options.max_total_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(file, ": inputs exceed the total limit of ",
                                                     options.max_total_bytes, " bytes"));
    }
    out.push_back({std::move(display), std::move(text)});
    return absl::OkStatus();
  };
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      BF_RETURN_IF_ERROR(add(p, p));
      continue;
    }
    fs::path root = fs::path(p).lexically_normal();
    if (root.filename().empty()) root = root.parent_path();
    const std::string prefix = root.filename().string();
    std::vector<std::string> files;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) return absl::InvalidArgumentError(absl::StrCat(p, ": cannot read directory: ", ec.message()));
    for (; it != end; it.increment(ec)) {
      if (ec) return absl::InvalidArgumentError(absl::StrCat(p, ": cannot read directory: ", ec.message()));
      const fs::path& e = it->path();
      if (e.filename().string().rfind('.', 0) == 0) {  // hidden
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (e.extension() == ".rs" && it->is_regular_file(ec)) files.push_back(e.string());
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      std::string rel = fs::path(file).lexically_relative(root).string();
      BF_RETURN_IF_ERROR(add(file, prefix.empty() ? rel : prefix + "/" + rel));
    }
  }
  return out;
}

absl::StatusOr<InferResult> InferOwnershipSpec(const std::vector<RustInput>& inputs, const InferOptions& options) {
  return Inferer(options).Run(inputs);
}

}  // namespace bindfuzz::spec
