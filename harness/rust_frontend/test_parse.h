// Test fixture of the Rust front end's unit tests (test-only: includes
// gtest): lexes and parses an in-memory snippet, so a test can hand real
// tokens and items to the pure helpers.
//
//   ParsedSource p = ParseForTest("#[repr(C)] pub struct S { a: u8 }");
//   Repr r = ComputeRepr(p.item(0).attrs, *p.file, target);
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_TEST_PARSE_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_TEST_PARSE_H_

#include <memory>
#include <string>
#include <string_view>

#include "gtest/gtest.h"
#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"

namespace bindfuzz::rust_frontend {

struct ParsedSource {
  std::unique_ptr<LexedFile> file;
  SourceFileAst ast;
  // Throws (and so fails the test) when there is no such item.
  const Item& item(size_t i) const { return ast.items.at(i); }
};

// A snippet that does not lex or parse fails the test and gives an empty
// file.
inline ParsedSource ParseForTest(std::string_view src) {
  ParsedSource p;
  auto lex = Lex("t.rs", std::string(src), {});
  if (!lex.ok()) {
    ADD_FAILURE() << lex.status();
    p.file = std::make_unique<LexedFile>();
    return p;
  }
  p.file = *std::move(lex);
  auto ast = ParseFile(*p.file, {});
  if (!ast.ok()) {
    ADD_FAILURE() << ast.status();
    return p;
  }
  p.ast = *std::move(ast);
  return p;
}

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_TEST_PARSE_H_
