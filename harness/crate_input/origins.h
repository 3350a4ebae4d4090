// From rustc's expanded text back to the files it was written in, and
// which other crates that text names (internal to crate_input; pure).
//
// `-Zunpretty=expanded` keeps no spans (`expanded,identified` only adds node
// ids, `hir` drops `pub` and rewrites attributes, `ast-tree,expanded` has
// spans but points a macro-built item at the macro's definition and is ~160
// times larger). So each item is found again by its keyword and name among
// the files rustc read, where a macro's input still spells it
// (`s! { pub struct stat { .. } }`).
//
//   std::vector<SourceText> files = ...;  // the crate's dep-info files, read
//   BF_ASSIGN_OR_RETURN(std::vector<ItemOrigin> o, MapOrigins("x.expanded.rs", expanded, files));
#ifndef BINDFUZZ_HARNESS_CRATE_INPUT_ORIGINS_H_
#define BINDFUZZ_HARNESS_CRATE_INPUT_ORIGINS_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/crate_input/crate_input.h"

namespace bindfuzz::crate_input {

struct SourceText {
  std::string name;
  std::string text;
};

// The items of `expanded` (inline modules and extern blocks looked into;
// impls, uses and macros left out), each with the declaration found in
// `files`; ordered by line, not overlapping. An error when `expanded` does
// not lex or parse (files that do not lex are skipped).
absl::StatusOr<std::vector<ItemOrigin>> MapOrigins(std::string_view expanded_name, std::string_view expanded,
                                                   const std::vector<SourceText>& files);

// Which of `names` start a path (`name::...`) in Rust source `text`.
absl::StatusOr<std::set<std::string>> PathRootsUsed(std::string_view text_name, std::string_view text,
                                                    const std::set<std::string>& names);

}  // namespace bindfuzz::crate_input

#endif  // BINDFUZZ_HARNESS_CRATE_INPUT_ORIGINS_H_
