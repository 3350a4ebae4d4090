// Recursive-descent parser for the Rust item grammar (internal).
//
//   BF_ASSIGN_OR_RETURN(auto lexed, Lex(name, text, {}));
//   BF_ASSIGN_OR_RETURN(SourceFileAst ast, ParseFile(*lexed, {}));
//
// Items, attributes, visibility, generics, where clauses, types, patterns in
// parameters, and constant expressions are parsed; function bodies and macro
// token trees are kept as token ranges (skipped in O(1) thanks to the lexer's
// delimiter matching). Every recursion is bounded by `max_depth` so hostile
// input cannot overflow the stack; errors are InvalidArgument with
// "<file>:<line>:<col>: ".
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_PARSER_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_PARSER_H_

#include "absl/status/statusor.h"
#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/lexer.h"

namespace bindfuzz::rust_frontend {

struct ParseOptions {
  int max_depth = 256;
};

absl::StatusOr<SourceFileAst> ParseFile(const LexedFile& file, const ParseOptions& options);

// Is `name` a Rust keyword that cannot be a plain identifier (strict and
// reserved keywords of the 2021 edition)?
bool IsRustKeyword(std::string_view name);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_PARSER_H_
