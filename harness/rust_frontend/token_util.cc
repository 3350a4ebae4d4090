#include "harness/rust_frontend/token_util.h"

namespace bindfuzz::rust_frontend {

std::string SpellTokens(const LexedFile& f, uint32_t b, uint32_t e) {
  std::string s;
  for (uint32_t i = b; i < e && i < f.tokens.size(); ++i) {
    const Token& t = f.tokens[i];
    if (t.kind == TokKind::kEof || t.kind == TokKind::kDoc) continue;
    std::string_view txt = f.Span(t.begin, t.end);
    if (!s.empty() && i > b) {
      const Token& p = f.tokens[i - 1];
      bool pw = p.kind != TokKind::kPunct, cw = t.kind != TokKind::kPunct;
      bool p_single_colon = p.kind == TokKind::kPunct && p.punct == ':' && !p.joint &&
                            !(i >= 2 && f.tokens[i - 2].kind == TokKind::kPunct &&
                              f.tokens[i - 2].punct == ':' && f.tokens[i - 2].joint);
      bool arrow_next = t.kind == TokKind::kPunct && t.punct == '-' && t.joint &&
                        i + 1 < f.tokens.size() && f.tokens[i + 1].punct == '>';
      bool after_arrow = p.kind == TokKind::kPunct && p.punct == '>' && i >= 2 &&
                         f.tokens[i - 2].punct == '-' && f.tokens[i - 2].joint;
      std::string_view ptxt = f.Span(p.begin, p.end);
      bool kw_space = p.kind == TokKind::kIdent && !p.raw &&
                      (ptxt == "const" || ptxt == "mut" || ptxt == "dyn" || ptxt == "impl");
      if ((pw && cw) || kw_space || (p.kind == TokKind::kPunct && (p.punct == ',' || p.punct == ';')) ||
          p_single_colon || arrow_next || after_arrow) {
        s.push_back(' ');
      }
    }
    s.append(txt.data(), txt.size());
    if (s.size() > 240) {
      s.resize(237);
      s += "...";
      break;
    }
  }
  return s;
}

bool IsPunctTok(const LexedFile& f, uint32_t i, char c) {
  const Token& t = f.tokens[i];
  return t.kind == TokKind::kPunct && t.punct == c;
}

bool IsIdentTok(const LexedFile& f, uint32_t i, std::string_view s) {
  const Token& t = f.tokens[i];
  return t.kind == TokKind::kIdent && f.Text(t) == s;
}

std::optional<uint64_t> IntTok(const LexedFile& f, uint32_t i) {
  const Token& t = f.tokens[i];
  if (t.kind != TokKind::kLiteral || t.lit != LitKind::kInt) return std::nullopt;
  unsigned __int128 v;
  std::string suf;
  if (!DecodeIntLiteral(f.Text(t), &v, &suf) || v > ~uint64_t{0}) return std::nullopt;
  return static_cast<uint64_t>(v);
}

uint32_t NextComma(const LexedFile& f, uint32_t b, uint32_t e) {
  while (b < e) {
    const Token& t = f.tokens[b];
    if (t.kind == TokKind::kPunct) {
      if (t.punct == ',') return b;
      if (t.punct == '(' || t.punct == '[' || t.punct == '{') {
        b = t.match + 1;
        continue;
      }
    }
    ++b;
  }
  return e;
}

}  // namespace bindfuzz::rust_frontend
