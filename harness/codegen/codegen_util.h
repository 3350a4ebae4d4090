// Helpers shared by the generators (layout_codegen, lifetime_codegen): how a
// name or path from the inputs may appear in generated C, C++ and sh.
//
//   absl::StrAppend(&out, "// ", Quoted(record_name), "\n");   // escaped literal
//   absl::StrAppend(&sh, "RT=", ShQuote(runtime_dir), "\n");    // one sh word
#ifndef BINDFUZZ_HARNESS_CODEGEN_CODEGEN_UTIL_H_
#define BINDFUZZ_HARNESS_CODEGEN_CODEGEN_UTIL_H_

#include <string>

#include "absl/strings/string_view.h"

namespace bindfuzz::codegen {

// `"` + EscapeCString(s) + `"`: a C/C++ string literal whose value is `s`.
std::string Quoted(absl::string_view s);

// One word for sh, single-quoted (flags and paths come from inputs).
std::string ShQuote(absl::string_view s);

// A target base name: [a-z0-9_]{1,64}.
bool IsSafeBaseName(absl::string_view s);

// Printable ASCII without `"` and `\` (and without spaces unless allowed),
// non-empty: safe inside `#include "..."` or a one-per-line flags file, where
// no escape exists.
bool IsPlainPrintable(absl::string_view s, bool allow_space);

}  // namespace bindfuzz::codegen

#endif  // BINDFUZZ_HARNESS_CODEGEN_CODEGEN_UTIL_H_
