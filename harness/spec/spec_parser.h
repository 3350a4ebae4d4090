// The `.bfspec` ownership spec text (docs/spec-format.md) <-> OwnershipSpec.
//
//   BF_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
//   BF_ASSIGN_OR_RETURN(contract::OwnershipSpec spec, spec::ParseOwnershipSpec(text, path));
//   std::string canonical = spec::OwnershipSpecToText(spec);
//
// A hand-written tokenizer and a recursive-descent parser (the grammar has no
// nesting, so nothing recurses on the input). Every item records its
// SourceLoc. Errors are InvalidArgument "<file>:<line>:<col>: ..." for syntax
// errors, unknown resource names, duplicate resources/functions/callbacks/
// params, `len(x)` of a parameter that is not a buffer, a resource with both
// `release` and `put` (or `get` without `put`), a window `of P` where P is not
// a resource parameter, ranges with lo > hi or outside the scalar type,
// integer overflow, NUL bytes, invalid UTF-8 and input over kMaxSpecBytes.
// Linear time and memory in the input.
//
// The printer is canonical: resources in name order, then functions,
// callbacks and notes in spec order; defaults omitted. For a spec `s` parsed
// from text, `ParseOwnershipSpec(OwnershipSpecToText(s))` equals `s` apart from
// source locations (ClearSpecLocs), and printing it again gives the same text.
// A spec built by hand prints to text that re-parses as long as its names are
// NAMEs and its types scalars.
#ifndef BINDFUZZ_HARNESS_SPEC_SPEC_PARSER_H_
#define BINDFUZZ_HARNESS_SPEC_SPEC_PARSER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "harness/contract/ownership.h"

namespace bindfuzz::spec {

// Specs are small hand-written files; anything larger is refused up front.
inline constexpr uint64_t kMaxSpecBytes = uint64_t{16} << 20;

// `file` names the input in errors and in every SourceLoc.
absl::StatusOr<contract::OwnershipSpec> ParseOwnershipSpec(absl::string_view text,
                                                           const std::string& file);

// The canonical spec text.
std::string OwnershipSpecToText(const contract::OwnershipSpec& spec);

// True if `name` is a spec NAME ([A-Za-z_][A-Za-z0-9_]*).
bool IsSpecName(absl::string_view name);

}  // namespace bindfuzz::spec

#endif  // BINDFUZZ_HARNESS_SPEC_SPEC_PARSER_H_
