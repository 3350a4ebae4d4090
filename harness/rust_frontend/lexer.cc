#include "harness/rust_frontend/lexer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"

namespace bindfuzz::rust_frontend {
namespace {

bool IsAsciiIdentStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsAsciiIdentContinue(unsigned char c) {
  return IsAsciiIdentStart(c) || (c >= '0' && c <= '9');
}
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

bool IsPunctChar(unsigned char c) {
  switch (c) {
    case ';': case ',': case '.': case '(': case ')': case '{': case '}':
    case '[': case ']': case '@': case '#': case '~': case '?': case ':':
    case '$': case '=': case '!': case '<': case '>': case '-': case '&':
    case '|': case '+': case '*': case '/': case '^': case '%':
      return true;
    default:
      return false;
  }
}

class Lexer {
 public:
  Lexer(LexedFile* f, const LexOptions& o) : f_(f), s_(f->source), opts_(o) {}

  absl::Status Run() {
    f_->tokens.reserve(s_.size() / 3 + 8);
    size_t pos = 0;
    // Byte order mark.
    if (s_.size() >= 3 && static_cast<unsigned char>(s_[0]) == 0xEF &&
        static_cast<unsigned char>(s_[1]) == 0xBB && static_cast<unsigned char>(s_[2]) == 0xBF) {
      pos = 3;
    }
    // Shebang: `#!` not followed (after whitespace/comments) by `[`.
    if (s_.compare(pos, 2, "#!") == 0) {
      size_t p = pos + 2;
      while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t' || s_[p] == '\n' || s_[p] == '\r')) ++p;
      if (p >= s_.size() || s_[p] != '[') {
        while (pos < s_.size() && s_[pos] != '\n') ++pos;
      }
    }
    pos_ = pos;
    while (true) {
      absl::Status st = SkipTrivia();
      if (!st.ok()) return st;
      if (pos_ >= s_.size()) break;
      st = LexToken();
      if (!st.ok()) return st;
    }
    if (!stack_.empty()) {
      const Token& open = f_->tokens[stack_.back()];
      return Error(open.begin, absl::StrCat("unclosed delimiter '", std::string(1, open.punct),
                                            "' (input truncated?)"));
    }
    Token eof;
    eof.kind = TokKind::kEof;
    eof.begin = eof.end = eof.text_begin = static_cast<uint32_t>(s_.size());
    f_->tokens.push_back(eof);
    // Joint flags: a punct is joint when the next token is a punct that
    // starts exactly where it ends.
    auto& toks = f_->tokens;
    for (size_t i = 0; i + 1 < toks.size(); ++i) {
      if (toks[i].kind == TokKind::kPunct && toks[i + 1].kind == TokKind::kPunct &&
          toks[i + 1].begin == toks[i].end) {
        toks[i].joint = true;
      }
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Error(size_t offset, std::string_view msg) {
    return absl::InvalidArgumentError(
        absl::StrCat(f_->Where(static_cast<uint32_t>(offset)), ": ",
                     absl::string_view(msg.data(), msg.size())));
  }

  unsigned char At(size_t p) const {
    return p < s_.size() ? static_cast<unsigned char>(s_[p]) : 0;
  }

  // Length of a Unicode whitespace sequence (Pattern_White_Space beyond
  // ASCII) at p, or 0.
  size_t UnicodeSpaceLen(size_t p) const {
    unsigned char c = At(p);
    if (c == 0xC2 && At(p + 1) == 0x85) return 2;  // U+0085
    if (c == 0xE2 && At(p + 1) == 0x80) {
      unsigned char d = At(p + 2);
      if (d == 0x8E || d == 0x8F || d == 0xA8 || d == 0xA9) return 3;  // U+200E/F, U+2028/9
    }
    return 0;
  }

  // Length of a UTF-8 sequence starting at p (input is valid UTF-8).
  size_t Utf8Len(size_t p) const {
    unsigned char c = At(p);
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    return 4;
  }

  bool IsIdentStartAt(size_t p) const {
    unsigned char c = At(p);
    if (c < 0x80) return IsAsciiIdentStart(c);
    return UnicodeSpaceLen(p) == 0;
  }
  bool IsIdentContinueAt(size_t p) const {
    unsigned char c = At(p);
    if (c < 0x80) return IsAsciiIdentContinue(c);
    return UnicodeSpaceLen(p) == 0;
  }
  size_t SkipIdentChars(size_t p) const {
    while (p < s_.size() && IsIdentContinueAt(p)) p += Utf8Len(p);
    return p;
  }

  absl::Status SkipTrivia() {
    while (pos_ < s_.size()) {
      unsigned char c = At(pos_);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
        ++pos_;
        continue;
      }
      if (size_t n = UnicodeSpaceLen(pos_)) {
        pos_ += n;
        continue;
      }
      if (c == '/' && At(pos_ + 1) == '/') {
        size_t start = pos_;
        size_t e = s_.find('\n', pos_);
        if (e == std::string::npos) e = s_.size();
        bool outer_doc = At(start + 2) == '/' && At(start + 3) != '/';
        bool inner_doc = At(start + 2) == '!';
        pos_ = e;
        if (outer_doc || inner_doc) PushDoc(start, e, inner_doc);
        continue;
      }
      if (c == '/' && At(pos_ + 1) == '*') {
        size_t start = pos_;
        bool outer_doc = At(start + 2) == '*' && At(start + 3) != '*' && At(start + 3) != '/';
        bool inner_doc = At(start + 2) == '!';
        size_t p = pos_ + 2;
        uint64_t depth = 1;
        while (p < s_.size() && depth > 0) {
          if (s_[p] == '/' && At(p + 1) == '*') {
            ++depth;
            p += 2;
          } else if (s_[p] == '*' && At(p + 1) == '/') {
            --depth;
            p += 2;
          } else {
            ++p;
          }
        }
        if (depth > 0) return Error(start, "unterminated block comment");
        pos_ = p;
        if (outer_doc || inner_doc) PushDoc(start, p, inner_doc);
        continue;
      }
      break;
    }
    return absl::OkStatus();
  }

  void PushDoc(size_t b, size_t e, bool inner) {
    Token t;
    t.kind = TokKind::kDoc;
    t.inner = inner;
    t.begin = t.text_begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.text_len = static_cast<uint32_t>(e - b);
    f_->tokens.push_back(t);
  }

  void Push(TokKind k, LitKind lit, size_t b, size_t e, size_t tb, size_t te, bool raw = false) {
    Token t;
    t.kind = k;
    t.lit = lit;
    t.raw = raw;
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.text_begin = static_cast<uint32_t>(tb);
    t.text_len = static_cast<uint32_t>(te - tb);
    f_->tokens.push_back(t);
  }

  // Quoted string body starting at the opening quote `q`; returns the index
  // just past the closing quote (suffix not included).
  absl::Status ScanQuoted(size_t start, size_t q, size_t* out) {
    size_t p = q + 1;
    while (p < s_.size()) {
      char c = s_[p];
      if (c == '\\') {
        p += 2;
        continue;
      }
      if (c == '"') {
        *out = p + 1;
        return absl::OkStatus();
      }
      ++p;
    }
    return Error(start, "unterminated string literal");
  }

  // Raw string: at `p` there are N '#' then '"'.
  absl::Status ScanRaw(size_t start, size_t p, size_t* out) {
    size_t hashes = 0;
    while (At(p) == '#') {
      ++hashes;
      ++p;
    }
    if (hashes > 255) return Error(start, "too many '#' in raw string literal");
    if (At(p) != '"') return Error(start, "invalid raw string literal: expected '\"'");
    ++p;
    while (true) {
      size_t q = s_.find('"', p);
      if (q == std::string::npos) return Error(start, "unterminated raw string literal");
      size_t k = 0;
      while (k < hashes && At(q + 1 + k) == '#') ++k;
      if (k == hashes) {
        *out = q + 1 + hashes;
        return absl::OkStatus();
      }
      p = q + 1;
    }
  }

  absl::Status LexString(size_t start, size_t quote_or_hash, bool raw, LitKind kind) {
    size_t e = 0;
    absl::Status st = raw ? ScanRaw(start, quote_or_hash, &e) : ScanQuoted(start, quote_or_hash, &e);
    if (!st.ok()) return st;
    e = SkipIdentChars(e);  // suffix
    Push(TokKind::kLiteral, kind, start, e, start, e, raw);
    pos_ = e;
    return absl::OkStatus();
  }

  // Char or byte literal at the quote `q`.
  absl::Status LexCharLit(size_t start, size_t q, LitKind kind) {
    size_t p = q + 1;
    if (At(p) == '\\') {
      p += 1;
      if (p >= s_.size()) return Error(start, "unterminated character literal");
      if (At(p) == 'u' && At(p + 1) == '{') {
        size_t close = p + 2;
        while (close < s_.size() && close < p + 16 && s_[close] != '}' && s_[close] != '\'') ++close;
        p = At(close) == '}' ? close + 1 : close;
      } else if (At(p) == 'x') {
        p += 1;
        for (int i = 0; i < 2 && p < s_.size() && s_[p] != '\''; ++i) ++p;
      } else {
        p += Utf8Len(p);
      }
    } else {
      if (p >= s_.size() || At(p) == '\n') return Error(start, "unterminated character literal");
      p += Utf8Len(p);
    }
    if (At(p) != '\'') return Error(start, "unterminated character literal");
    ++p;
    p = SkipIdentChars(p);
    Push(TokKind::kLiteral, kind, start, p, start, p);
    pos_ = p;
    return absl::OkStatus();
  }

  absl::Status LexNumber(size_t start) {
    size_t p = start;
    bool is_float = false;
    if (At(p) == '0' && (At(p + 1) == 'x' || At(p + 1) == 'o' || At(p + 1) == 'b')) {
      bool hex = At(p + 1) == 'x';
      p += 2;
      while (p < s_.size()) {
        unsigned char c = At(p);
        if (IsDigit(c) || c == '_' || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))) {
          ++p;
        } else {
          break;
        }
      }
    } else {
      while (IsDigit(At(p)) || At(p) == '_') ++p;
      // Fraction: `1.5`, `1.` (not `1..2`, not `1.foo`).
      if (At(p) == '.' && At(p + 1) != '.' && !IsIdentStartAt(p + 1)) {
        is_float = true;
        ++p;
        if (IsDigit(At(p))) {
          while (IsDigit(At(p)) || At(p) == '_') ++p;
        }
      }
      // Exponent.
      if (At(p) == 'e' || At(p) == 'E') {
        size_t q = p + 1;
        if (At(q) == '+' || At(q) == '-') ++q;
        while (At(q) == '_') ++q;
        if (IsDigit(At(q))) {
          is_float = true;
          p = q;
          while (IsDigit(At(p)) || At(p) == '_') ++p;
        }
      }
    }
    p = SkipIdentChars(p);  // suffix
    std::string_view suffix_probe = std::string_view(s_).substr(start, p - start);
    if (!is_float) {
      // `1f32` / `1e5f64` style suffixes make it a float.
      if (suffix_probe.size() >= 3 &&
          (suffix_probe.substr(suffix_probe.size() - 3) == "f32" ||
           suffix_probe.substr(suffix_probe.size() - 3) == "f64") &&
          !(suffix_probe.size() > 1 && suffix_probe[0] == '0' && suffix_probe[1] == 'x')) {
        is_float = true;
      }
    }
    Push(TokKind::kLiteral, is_float ? LitKind::kFloat : LitKind::kInt, start, p, start, p);
    pos_ = p;
    return absl::OkStatus();
  }

  absl::Status LexToken() {
    size_t start = pos_;
    unsigned char c = At(pos_);
    // Prefixed literals and raw identifiers.
    if (c == 'r' && (At(pos_ + 1) == '"' || (At(pos_ + 1) == '#' && (At(pos_ + 2) == '"' || At(pos_ + 2) == '#')))) {
      return LexString(start, pos_ + 1, /*raw=*/true, LitKind::kStr);
    }
    if (c == 'r' && At(pos_ + 1) == '#' && IsIdentStartAt(pos_ + 2)) {
      size_t e = SkipIdentChars(pos_ + 2);
      Push(TokKind::kIdent, LitKind::kNone, start, e, pos_ + 2, e, /*raw=*/true);
      pos_ = e;
      return absl::OkStatus();
    }
    if (c == 'b' || c == 'c') {
      LitKind str_kind = c == 'b' ? LitKind::kByteStr : LitKind::kCStr;
      if (At(pos_ + 1) == '"') return LexString(start, pos_ + 1, false, str_kind);
      if (At(pos_ + 1) == 'r' && (At(pos_ + 2) == '"' || At(pos_ + 2) == '#')) {
        return LexString(start, pos_ + 2, true, str_kind);
      }
      if (c == 'b' && At(pos_ + 1) == '\'') return LexCharLit(start, pos_ + 1, LitKind::kByte);
    }
    if (IsIdentStartAt(pos_)) {
      size_t e = SkipIdentChars(pos_);
      Push(TokKind::kIdent, LitKind::kNone, start, e, start, e);
      pos_ = e;
      return absl::OkStatus();
    }
    if (IsDigit(c)) return LexNumber(start);
    if (c == '"') return LexString(start, pos_, false, LitKind::kStr);
    if (c == '\'') {
      // Char literal or lifetime/label.
      if (At(pos_ + 1) == '\\') return LexCharLit(start, pos_, LitKind::kChar);
      if (pos_ + 1 >= s_.size()) return Error(start, "unterminated character literal");
      size_t after = pos_ + 1 + Utf8Len(pos_ + 1);
      if (At(after) == '\'' && At(pos_ + 1) != '\n') return LexCharLit(start, pos_, LitKind::kChar);
      size_t id_start = pos_ + 1;
      if (At(id_start) == 'r' && At(id_start + 1) == '#' && IsIdentStartAt(id_start + 2)) id_start += 2;
      if (IsIdentStartAt(id_start)) {
        size_t e = SkipIdentChars(id_start);
        if (At(e) == '\'') return Error(start, "character literal may only contain one codepoint");
        Push(TokKind::kLifetime, LitKind::kNone, start, e, id_start, e);
        pos_ = e;
        return absl::OkStatus();
      }
      return Error(start, "unterminated character literal");
    }
    if (IsPunctChar(c)) {
      Token t;
      t.kind = TokKind::kPunct;
      t.punct = static_cast<char>(c);
      t.begin = t.text_begin = static_cast<uint32_t>(pos_);
      t.end = static_cast<uint32_t>(pos_ + 1);
      t.text_len = 1;
      uint32_t idx = static_cast<uint32_t>(f_->tokens.size());
      if (c == '(' || c == '[' || c == '{') {
        if (stack_.size() >= static_cast<size_t>(opts_.max_depth)) {
          return Error(pos_, absl::StrCat("delimiters nested deeper than ", opts_.max_depth));
        }
        stack_.push_back(idx);
      } else if (c == ')' || c == ']' || c == '}') {
        char want = c == ')' ? '(' : c == ']' ? '[' : '{';
        if (stack_.empty()) {
          return Error(pos_, absl::StrCat("unexpected closing delimiter '", std::string(1, static_cast<char>(c)), "'"));
        }
        Token& open = f_->tokens[stack_.back()];
        if (open.punct != want) {
          LineCol lc = f_->Pos(open.begin);
          return Error(pos_, absl::StrCat("mismatched closing delimiter '", std::string(1, static_cast<char>(c)),
                                          "' for '", std::string(1, open.punct), "' opened at line ",
                                          lc.line, ":", lc.column));
        }
        open.match = idx;
        t.match = stack_.back();
        stack_.pop_back();
      }
      f_->tokens.push_back(t);
      ++pos_;
      return absl::OkStatus();
    }
    if (c < 0x80) {
      return Error(pos_, absl::StrCat("unexpected character 0x", absl::Hex(c)));
    }
    return Error(pos_, "unexpected character");
  }

  LexedFile* f_;
  const std::string& s_;
  const LexOptions& opts_;
  size_t pos_ = 0;
  std::vector<uint32_t> stack_;
};

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes one escape at s[*i] == '\\'. `byte_mode`: \xNN is a raw byte.
bool DecodeEscape(std::string_view s, size_t* i, bool byte_mode, std::string* out, uint32_t* cp_out) {
  size_t p = *i + 1;
  if (p >= s.size()) return false;
  char c = s[p];
  uint32_t cp = 0;
  switch (c) {
    case 'n': cp = '\n'; break;
    case 'r': cp = '\r'; break;
    case 't': cp = '\t'; break;
    case '\\': cp = '\\'; break;
    case '0': cp = 0; break;
    case '\'': cp = '\''; break;
    case '"': cp = '"'; break;
    case 'x': {
      int h1 = p + 1 < s.size() ? HexVal(s[p + 1]) : -1;
      int h2 = p + 2 < s.size() ? HexVal(s[p + 2]) : -1;
      if (h1 < 0 || h2 < 0) return false;
      cp = static_cast<uint32_t>(h1 * 16 + h2);
      if (!byte_mode && cp > 0x7F) return false;
      *i = p + 3;
      if (out) out->push_back(static_cast<char>(cp));
      if (cp_out) *cp_out = cp;
      return true;
    }
    case 'u': {
      if (p + 1 >= s.size() || s[p + 1] != '{') return false;
      size_t q = p + 2;
      uint32_t v = 0;
      int digits = 0;
      while (q < s.size() && s[q] != '}') {
        if (s[q] == '_') {
          ++q;
          continue;
        }
        int h = HexVal(s[q]);
        if (h < 0 || ++digits > 6) return false;
        v = v * 16 + static_cast<uint32_t>(h);
        ++q;
      }
      if (q >= s.size() || digits == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
      *i = q + 1;
      if (out) AppendUtf8(v, out);
      if (cp_out) *cp_out = v;
      return true;
    }
    case '\n': {
      // Line continuation: skip the newline and following whitespace.
      size_t q = p + 1;
      while (q < s.size() && (s[q] == ' ' || s[q] == '\t' || s[q] == '\n' || s[q] == '\r')) ++q;
      *i = q;
      return true;
    }
    case '\r':
      if (p + 1 < s.size() && s[p + 1] == '\n') {
        size_t q = p + 2;
        while (q < s.size() && (s[q] == ' ' || s[q] == '\t' || s[q] == '\n' || s[q] == '\r')) ++q;
        *i = q;
        return true;
      }
      return false;
    default:
      return false;
  }
  *i = p + 1;
  if (out) out->push_back(static_cast<char>(cp));
  if (cp_out) *cp_out = cp;
  return true;
}

}  // namespace

LineCol LexedFile::Pos(uint32_t offset) const {
  LineCol lc;
  if (line_starts.empty()) return lc;
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  size_t line_idx = static_cast<size_t>(it - line_starts.begin()) - 1;
  lc.line = static_cast<uint32_t>(line_idx + 1);
  // Byte column, 1-based (O(log n) per lookup even on a huge single line).
  lc.column = offset - line_starts[line_idx] + 1;
  return lc;
}

std::string LexedFile::Where(uint32_t offset) const {
  LineCol lc = Pos(offset);
  return absl::StrCat(name, ":", lc.line, ":", lc.column);
}

absl::StatusOr<std::unique_ptr<LexedFile>> Lex(std::string name, std::string source,
                                               const LexOptions& options) {
  auto f = std::make_unique<LexedFile>();
  f->name = std::move(name);
  f->source = std::move(source);
  if (f->source.size() >= 0xFFFFFFF0u) {
    return absl::InvalidArgumentError(absl::StrCat(f->name, ": file too large for the Rust lexer"));
  }
  f->line_starts.push_back(0);
  for (size_t i = 0; i < f->source.size(); ++i) {
    if (f->source[i] == '\n') f->line_starts.push_back(static_cast<uint32_t>(i + 1));
  }
  size_t bad = FindInvalidUtf8(f->source);
  if (bad != std::string::npos) {
    // Name the line; the column would count a broken sequence.
    auto it = std::upper_bound(f->line_starts.begin(), f->line_starts.end(), static_cast<uint32_t>(bad));
    size_t line = static_cast<size_t>(it - f->line_starts.begin());
    return absl::InvalidArgumentError(absl::StrCat(f->name, ":", line, ": input is not valid UTF-8 (byte offset ", bad, ")"));
  }
  Lexer lx(f.get(), options);
  absl::Status st = lx.Run();
  if (!st.ok()) return st;
  return f;
}

bool DecodeIntLiteral(std::string_view text, unsigned __int128* value, std::string* suffix) {
  int base = 10;
  size_t p = 0;
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o' || text[1] == 'b')) {
    base = text[1] == 'x' ? 16 : text[1] == 'o' ? 8 : 2;
    p = 2;
  }
  unsigned __int128 v = 0;
  const unsigned __int128 max = ~static_cast<unsigned __int128>(0);
  int digits = 0;
  for (; p < text.size(); ++p) {
    char c = text[p];
    if (c == '_') continue;
    int d = HexVal(c);
    if (d < 0 || (base != 16 && d >= 10) || d >= base) {
      // Start of the suffix: only valid if it is not a digit of a larger base.
      if (d >= 0 && base != 16 && d < 10) return false;  // e.g. 0b12
      break;
    }
    if (v > (max - static_cast<unsigned>(d)) / static_cast<unsigned>(base)) return false;
    v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    ++digits;
  }
  if (digits == 0) return false;
  *value = v;
  if (suffix) *suffix = std::string(text.substr(p));
  return true;
}

bool DecodeFloatLiteral(std::string_view text, double* value, std::string* suffix) {
  std::string clean;
  size_t p = 0;
  for (; p < text.size(); ++p) {
    char c = text[p];
    if (c == '_') continue;
    if (IsDigit(static_cast<unsigned char>(c)) || c == '.') {
      clean.push_back(c);
      continue;
    }
    if ((c == 'e' || c == 'E') && p + 1 < text.size()) {
      char n = text[p + 1];
      if (IsDigit(static_cast<unsigned char>(n)) || n == '+' || n == '-' || n == '_') {
        clean.push_back(c);
        if (n == '+' || n == '-') {
          clean.push_back(n);
          ++p;
        }
        continue;
      }
    }
    break;
  }
  if (clean.empty()) return false;
  char* end = nullptr;
  double v = std::strtod(clean.c_str(), &end);
  if (end != clean.c_str() + clean.size()) return false;
  *value = v;
  if (suffix) *suffix = std::string(text.substr(p));
  return true;
}

bool DecodeStringLiteral(std::string_view text, std::string* bytes) {
  size_t p = 0;
  bool byte_mode = false;
  if (p < text.size() && (text[p] == 'b' || text[p] == 'c')) {
    byte_mode = text[p] == 'b';
    ++p;
  }
  bool raw = false;
  if (p < text.size() && text[p] == 'r') {
    raw = true;
    ++p;
  }
  size_t hashes = 0;
  while (p < text.size() && text[p] == '#') {
    ++hashes;
    ++p;
  }
  if (p >= text.size() || text[p] != '"') return false;
  ++p;
  // Closing quote: last '"' followed by `hashes` hashes (suffix may follow).
  size_t close = std::string_view::npos;
  for (size_t q = text.size(); q-- > p;) {
    if (text[q] == '"' && q + 1 + hashes <= text.size()) {
      bool ok = true;
      for (size_t k = 0; k < hashes; ++k) ok = ok && text[q + 1 + k] == '#';
      if (ok) {
        close = q;
        break;
      }
    }
  }
  if (close == std::string_view::npos) return false;
  std::string_view body = text.substr(p, close - p);
  bytes->clear();
  if (raw) {
    bytes->assign(body.data(), body.size());
    return true;
  }
  for (size_t i = 0; i < body.size();) {
    if (body[i] == '\\') {
      if (!DecodeEscape(body, &i, byte_mode || text[0] == 'c', bytes, nullptr)) return false;
    } else {
      bytes->push_back(body[i]);
      ++i;
    }
  }
  return true;
}

bool DecodeCharLiteral(std::string_view text, uint32_t* code_point) {
  size_t p = 0;
  bool byte_mode = false;
  if (!text.empty() && text[0] == 'b') {
    byte_mode = true;
    ++p;
  }
  if (p >= text.size() || text[p] != '\'') return false;
  ++p;
  if (p >= text.size()) return false;
  if (text[p] == '\\') {
    size_t i = p;
    uint32_t cp = 0;
    if (!DecodeEscape(text, &i, byte_mode, nullptr, &cp)) return false;
    if (i >= text.size() || text[i] != '\'') return false;
    *code_point = cp;
    return true;
  }
  unsigned char c = static_cast<unsigned char>(text[p]);
  uint32_t cp = 0;
  size_t n = 1;
  if (c < 0x80) {
    cp = c;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else {
    n = 4;
    cp = c & 0x07;
  }
  if (p + n >= text.size() + 1) return false;
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[p + k]) & 0x3F);
  if (p + n >= text.size() || text[p + n] != '\'') return false;
  *code_point = cp;
  return true;
}

}  // namespace bindfuzz::rust_frontend
