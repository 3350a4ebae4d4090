// Rust tokenizer for the Rust front end (internal).
//
// Produces proc-macro-style tokens: identifiers (raw `r#x` marked), lifetimes,
// literals (kind + full text incl. suffix), single-character punctuation with
// a `joint` flag (so `::`, `->`, `>>` are recognised by the parser while
// generics can still split `>>`), and doc comments as tokens (they are
// attributes in Rust). Delimiters are matched here: every `(`/`[`/`{` knows
// the index of its partner, so the parser can skip token trees in O(1).
//
//   BF_ASSIGN_OR_RETURN(auto file, Lex("x.rs", std::move(text), {}));
//   for (const Token& t : file->tokens) ...
//
// Errors (InvalidArgument, "<file>:<line>:<col>: ..."): non-UTF-8 input,
// unterminated strings/comments/char literals, unknown characters,
// unbalanced or mismatched delimiters, nesting deeper than `max_depth`.
// Linear time; no recursion.
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_LEXER_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_LEXER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace bindfuzz::rust_frontend {

enum class TokKind : uint8_t { kIdent, kLifetime, kLiteral, kPunct, kDoc, kEof };
enum class LitKind : uint8_t {
  kNone, kInt, kFloat, kChar, kByte, kStr, kByteStr, kCStr,
};

struct Token {
  TokKind kind = TokKind::kEof;
  LitKind lit = LitKind::kNone;
  bool raw = false;    // `r#ident`, or a raw string literal
  bool joint = false;  // kPunct: the next token is a punct starting at `end`
  bool inner = false;  // kDoc: `//!` / `/*!`
  char punct = 0;      // kPunct
  uint32_t begin = 0;  // byte span of the whole token in the source
  uint32_t end = 0;
  uint32_t text_begin = 0;  // identifier text (without `r#`), lifetime
  uint32_t text_len = 0;    // (without `'`), literal/doc: whole token
  uint32_t match = 0;       // open/close delimiter: index of the partner
};

struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
};

struct LexedFile {
  std::string name;
  std::string source;
  std::vector<Token> tokens;  // always ends with one kEof token
  std::vector<uint32_t> line_starts;

  std::string_view Text(const Token& t) const {
    return std::string_view(source).substr(t.text_begin, t.text_len);
  }
  std::string_view Span(uint32_t begin, uint32_t end) const {
    return std::string_view(source).substr(begin, end - begin);
  }
  LineCol Pos(uint32_t offset) const;  // 1-based line, 1-based byte column
  // "<file>:<line>:<col>"
  std::string Where(uint32_t offset) const;
};

struct LexOptions {
  int max_depth = 256;
};

absl::StatusOr<std::unique_ptr<LexedFile>> Lex(std::string name, std::string source,
                                               const LexOptions& options);

// ---- literal decoding (the token text must come from the lexer) ----

// Integer literal value (decimal/hex/octal/binary, `_` separators) and its
// suffix ("" when none). False if the value does not fit 128 bits or the
// digits are invalid for the base.
bool DecodeIntLiteral(std::string_view text, unsigned __int128* value, std::string* suffix);
// Float literal value and suffix.
bool DecodeFloatLiteral(std::string_view text, double* value, std::string* suffix);
// Contents of a string/byte-string/C-string literal (escapes processed, raw
// strings verbatim). False on an invalid escape.
bool DecodeStringLiteral(std::string_view text, std::string* bytes);
// Code point of a char / byte literal.
bool DecodeCharLiteral(std::string_view text, uint32_t* code_point);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_LEXER_H_
