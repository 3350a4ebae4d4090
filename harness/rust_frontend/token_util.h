// Token-level helpers over a LexedFile (internal): spelling a token range
// back as source text for messages, and the small matchers the scanners of
// attributes, cfg predicates and bindgen's layout tests are built from.
//
//   SpellTokens(file, type.begin_tok, type.end_tok)   // "*mut c_void"
//   if (IsIdentTok(file, i, "size_of") && IsPunctTok(file, i + 1, ':')) ...
//
// Indices must be token indices of `file` (below file.tokens.size()), as the
// parser produced them.
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_TOKEN_UTIL_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_TOKEN_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/rust_frontend/lexer.h"

namespace bindfuzz::rust_frontend {

// Tokens [b, e) as Rust source with canonical spacing (`*mut T`,
// `[u8; 4]`, `fn(x: i32) -> u8`), doc comments dropped, cut to 240
// characters ("..." at the end).
std::string SpellTokens(const LexedFile& f, uint32_t b, uint32_t e);

bool IsPunctTok(const LexedFile& f, uint32_t i, char c);
bool IsIdentTok(const LexedFile& f, uint32_t i, std::string_view s);

// Value of an integer literal token that fits 64 bits (any suffix).
std::optional<uint64_t> IntTok(const LexedFile& f, uint32_t i);

// Index of the next ',' in [b, e) outside nested delimiters, or e.
uint32_t NextComma(const LexedFile& f, uint32_t b, uint32_t e);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_TOKEN_UTIL_H_
