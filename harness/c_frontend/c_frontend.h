// C front end: C headers + compiler flags -> contract::Contract (the C truth),
// computed by Clang 19 (libTooling) exactly as the compiler lays things out.
//
//   bindfuzz::cfront::CFrontendOptions opts;
//   opts.headers = {"/src/rust/bindings/bindings_helper.h"};
//   BF_ASSIGN_OR_RETURN(opts.flags, bindfuzz::cflags::ReadFlagsFile("c_flags.txt"));
//   BF_ASSIGN_OR_RETURN(bindfuzz::contract::Contract c, bindfuzz::cfront::ExtractC(opts));
//
// Layouts come only from ASTContext::getASTRecordLayout on complete
// definitions. Naming follows harness/contract/contract.h; C-front-end
// specific conventions:
//  * `typedef struct { ... } foo_t;` is the record "foo_t" and a use of
//    `foo_t` is a kRecord reference (no Typedef entry), as bindgen does; the
//    same for anonymous enums named by a typedef.
//  * A top-level anonymous record with no typedef name is keyed
//    "(anon at <file>:<line>)" (":<col>" appended on collision) with a Note;
//    top-level anonymous enums likewise (anonymous = true, no Note).
//  * Unnamed bitfields (`int : 3;`) are padding and are not listed as fields;
//    `(anon#N)` counts anonymous struct/union members only.
//  * A typedef with an aligned attribute (e.g. compat_u64, aligned(4)) gets a
//    Note "align_bytes=<typedef's alignment> (... target type align_bytes=M)"
//    and its target's `spelling` ends in `__attribute__((aligned(N)))`
//    (the IR has no typedef alignment field yet).
//  * Macros: object-like macros whose expansion is an integer / floating /
//    string constant expression become Constants (evaluated by Clang's Sema
//    in the same translation unit). Const-qualified global variables with a
//    constant integer initializer become both a Variable and a Constant.
//
// Flags come from harness/cflags (readers and filters, Clang-free).
// This header is Clang-free; only the .cc files include clang/ or llvm/.
#ifndef BINDFUZZ_HARNESS_C_FRONTEND_C_FRONTEND_H_
#define BINDFUZZ_HARNESS_C_FRONTEND_C_FRONTEND_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/contract/contract.h"

namespace bindfuzz::cfront {

struct CFrontendOptions {
  // Files to parse: one translation unit that includes them all, in order.
  std::vector<std::string> headers;
  // Compiler args exactly as the build used them (gcc- or clang-style).
  // Unsafe args (output files, plugins, -Xclang, response files, ...) are
  // always dropped, with a Note.
  std::vector<std::string> flags;
  // For relative paths in flags and headers; empty = the process cwd.
  std::string working_directory;
  // Clang builtin headers; empty = the one the tool was built against.
  std::string resource_dir;
  // Drop flags Clang can't take (rust/Makefile's bindgen_skip_c_flags, plus
  // the compiler path, -c, -o, -MD, ...: cflags::FilterGccOnlyFlags).
  bool filter_gcc_flags = true;
  // Object-like macros -> integer / float / string constants.
  bool evaluate_macros = true;
  // Only items declared in files under these prefixes (directories or files)
  // are emitted (empty = everything except the resource dir builtins). Items
  // reached as dependencies of emitted items are always emitted.
  std::vector<std::string> include_prefixes;
  // Skip function bodies while parsing (faster; bodies are not part of the
  // interface).
  bool skip_function_bodies = true;
};

// A file that exists only in memory (tests, generated headers). Shadows the
// real file system at `path` (relative paths are under working_directory).
struct VirtualFile {
  std::string path;
  std::string contents;
};

// Parses `options.headers` with `options.flags` and returns the C contract.
// Errors (missing header, C errors, bad flags) are InvalidArgument with the
// first few "<file>:<line>:<col>: error: <message>" lines.
absl::StatusOr<contract::Contract> ExtractC(const CFrontendOptions& options);
absl::StatusOr<contract::Contract> ExtractC(const CFrontendOptions& options,
                                            const std::vector<VirtualFile>& virtual_files);

// In-memory convenience: parses `code` as the single header `file_name`
// (default "/bindfuzz-virtual/input.h"); options.headers is ignored.
absl::StatusOr<contract::Contract> ExtractCFromCode(
    const std::string& code, const CFrontendOptions& options,
    const std::string& file_name = "/bindfuzz-virtual/input.h",
    const std::vector<VirtualFile>& extra_files = {});

}  // namespace bindfuzz::cfront

#endif  // BINDFUZZ_HARNESS_C_FRONTEND_C_FRONTEND_H_
