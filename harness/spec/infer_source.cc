// One Rust input file made ready for the passes: lexed, doc comments
// dropped, delimiter partners remapped, test modules and macro bodies
// masked; and SrcFile's helpers for walking its tokens.
#include "harness/common/status.h"
#include "harness/rust_frontend/parser.h"
#include "harness/spec/infer_internal.h"

namespace bindfuzz::spec::internal {

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
  // The item tree, for extern blocks, `use`s and free functions. A file the
  // parser rejects still goes through the token passes.
  if (auto ast = rf::ParseFile(*f.lf, rf::ParseOptions{}); ast.ok()) {
    f.ast = std::make_unique<rf::SourceFileAst>(std::move(*ast));
  }
  for (Token& tok : f.t) {
    if (tok.kind == TokKind::kPunct && (tok.punct == '(' || tok.punct == ')' || tok.punct == '[' ||
                                        tok.punct == ']' || tok.punct == '{' || tok.punct == '}')) {
      tok.match = remap[tok.match];
    }
  }
  f.remap = std::move(remap);
  const uint32_t n = f.size();
  f.in_extern.assign(n, 0);
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

// Index after the angle-bracketed list starting at `i` ('<'); size() if
// it does not close within kMaxScan tokens.
uint32_t SrcFile::SkipAngles(uint32_t i, std::vector<std::string>* params) const {
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
std::vector<std::pair<uint32_t, uint32_t>> SrcFile::SplitCommas(uint32_t b, uint32_t e) const {
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

bool SrcFile::Mentions(uint32_t b, uint32_t e, std::string_view ident) const {
  for (uint32_t k = b; k < e; ++k) {
    if (Is(k, ident) && !t[k].raw) return true;
  }
  return false;
}

std::string SrcFile::Span(uint32_t b, uint32_t e) const {
  if (b >= e) return "";
  return std::string(lf->Span(t[b].begin, t[e - 1].end));
}


}  // namespace bindfuzz::spec::internal
