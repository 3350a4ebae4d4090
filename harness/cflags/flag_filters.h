// Compiler-flag filters: which of a build's C flags each consumer may use.
// Clang-free (plain string rules); the C front end, the kernel-tree
// discovery and the fuzz-target generators share them.
//
//   std::vector<std::string> flags = ...;  // e.g. cflags::ReadFlagsFile(...)
//   // For parsing with libclang (what the C front end does):
//   std::vector<std::string> dropped;
//   flags = cflags::SanitizeFlags(cflags::FilterGccOnlyFlags(flags), &dropped);
//   // For compiling a generated C side into a user-space fuzzer:
//   std::vector<std::string> cc = cflags::LayoutRelevantCFlags(truth.provenance.flags);
#ifndef BINDFUZZ_HARNESS_CFLAGS_FLAG_FILTERS_H_
#define BINDFUZZ_HARNESS_CFLAGS_FLAG_FILTERS_H_

#include <string>
#include <vector>

namespace bindfuzz::cflags {

// Drops what Clang can't take: the kernel rust/Makefile's
// bindgen_skip_c_flags list (Linux 6.12), -enable-trivial-auto-var-init-...
// (removed in Clang 16), the compiler path, -c, -o X, -M* / -Wp,-M*
// dependency flags and source file operands.
std::vector<std::string> FilterGccOnlyFlags(const std::vector<std::string>& flags);

// Keeps only flags that are safe and meaningful for parsing: an allow-list of
// preprocessor, language, target, -f/-m/-W families, minus anything that
// writes files, loads code, reads response/config files or redirects the
// driver (-o, -MD, -Wp,..., -fplugin, -Xclang, -mllvm, @file, --config,
// -working-directory, -cc1, -Werror*, ...). Operands are dropped.
// Dropped args are appended to `dropped` (if not null).
std::vector<std::string> SanitizeFlags(const std::vector<std::string>& flags,
                                       std::vector<std::string>* dropped);

// The C flags the C side of a generated fuzz target is compiled with: the C
// truth's flags minus those that only change code generation and would stop
// the C side from linking or running inside a user-space fuzzer
// (-mcmodel=kernel, -pg, -mfentry, -fno-PIE, thunk-extern retpolines, %gs
// stack-protector guards, patchable entries, kernel sanitizers),
// dependency-file and output flags, and warnings. Everything else (-D, -I,
// -include, -std, target, -funsigned-char, -fshort-wchar, ...) is kept so the
// headers see the same macros; the C side's _Static_asserts catch any layout
// a dropped flag would have changed. `dropped` (optional) receives what was
// removed, in order.
std::vector<std::string> LayoutRelevantCFlags(const std::vector<std::string>& flags,
                                              std::vector<std::string>* dropped = nullptr);

namespace internal {

// Make's pattern match with at most one '%' (as in $(filter-out ...)).
bool MakePatternMatch(const std::string& pattern, const std::string& word);

}  // namespace internal
}  // namespace bindfuzz::cflags

#endif  // BINDFUZZ_HARNESS_CFLAGS_FLAG_FILTERS_H_
