// `bindfuzz infer`: proposes an ownership spec from Rust abstraction source.
//
//   BF_ASSIGN_OR_RETURN(std::vector<spec::RustInput> in,
//                       spec::ReadRustInputs({"linux/rust/kernel"}, {}));
//   BF_ASSIGN_OR_RETURN(spec::InferResult r, spec::InferOwnershipSpec(in, {}));
//   std::cout << spec::OwnershipSpecToText(r.spec);
//
// Reads tokens through the Rust front end's lexer (never regexes) and walks
// items: struct definitions (which C type a Rust type wraps: the `T` of
// `Opaque<bindings::T>`, `NonNull<bindings::T>`, `*mut ffi::T`), `impl`
// blocks (trait, self type, methods with their receiver, return type and
// body) and every call into C (`bindings::f(..)` / `ffi::f(..)`, a module
// aliased to a `*_sys` crate, and unqualified calls of functions the
// crate's own `extern "C"` blocks declare, also through `use .. as ..`). It
// recognises, per docs/spec-format.md:
//   * `impl AlwaysRefCounted for X`: inc_ref/dec_ref's C calls -> get/put
//     (none at all -> `rust_refcount`);
//   * `impl Drop`/`PinnedDrop for X`: the one C call passed `self`'s object,
//     directly or through `self.method()` -> release;
//   * `impl ForeignOwnable for T` -> a `foreign` resource (`align` when
//     `FOREIGN_ALIGN` states a number);
//   * `from_err_ptr(..)` -> `errptr`; `NonNull::new(..)` / `.is_null()` on a
//     C call's result (directly or through a `let`) -> `nullable`;
//     `ARef::from_raw(..f(..)..)` -> `owned`;
//   * `fn m(&'a self) -> &'a T` whose result comes from a C call passed
//     `self`'s object -> a borrowed return `of` that argument.
// What cannot be modelled is a Note with the Rust location, never a guess;
// arguments the Rust side does not describe are `_`, ownership it does not
// state is `ptr`. The spec always prints to text that re-parses.
#ifndef BINDFUZZ_HARNESS_SPEC_INFER_H_
#define BINDFUZZ_HARNESS_SPEC_INFER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/contract/ownership.h"

namespace bindfuzz::spec {

struct InferOptions {
  // Path segments that name the C bindings module at a call (`bindings::f`).
  std::vector<std::string> ffi_modules = {"bindings", "ffi"};
  // Per file and for all inputs together.
  uint64_t max_file_bytes = uint64_t{64} << 20;
  uint64_t max_total_bytes = uint64_t{512} << 20;
};

// One Rust source file. `name` is how the spec names it in origins and notes
// (ReadRustInputs: relative to the directory given, prefixed with its last
// component, e.g. "kernel/task.rs").
struct RustInput {
  std::string name;
  std::string text;
};

struct InferStats {
  size_t files = 0;
  size_t refcounted = 0;      // AlwaysRefCounted impls seen
  size_t drop_releases = 0;   // Drop impls that gave a release function
  size_t foreign = 0;         // ForeignOwnable impls seen
  size_t from_err_ptr = 0;    // from_err_ptr uses traced to a C call
  size_t null_checks = 0;     // NonNull::new / is_null on a C call's result
  size_t aref_from_raw = 0;   // ARef::from_raw uses seen
  size_t borrows = 0;         // &'a self -> &'a T methods traced to a C call
  size_t extern_fns = 0;      // functions declared in the inputs' own extern blocks
  size_t macro_releases = 0;  // `fn drop = f;` of foreign_type! (openssl's idiom)
  size_t nullable_params = 0; // C parameters Rust passes NULL to (None)
  size_t out_params = 0;      // `&mut p` passed where C writes a T*
  size_t temporaries = 0;     // `.as_ptr()` of a temporary passed to C
  size_t raw_pairs = 0;       // Box::into_raw / from_raw passed to or taken from C
  size_t unparsed_files = 0;  // files the Rust parser rejected (extern blocks not read)
};

struct InferResult {
  contract::OwnershipSpec spec;
  InferStats stats;
};

// Reads files and directories (every `*.rs` below, sorted, symlinked
// directories not followed). Errors name the path.
absl::StatusOr<std::vector<RustInput>> ReadRustInputs(const std::vector<std::string>& paths,
                                                      const InferOptions& options);

// Errors (InvalidArgument, "<file>:<line>:<col>: ...") only for input the
// Rust lexer rejects (non-UTF-8, unbalanced delimiters, ...) or over the size
// limits; everything else is a spec item or a Note.
absl::StatusOr<InferResult> InferOwnershipSpec(const std::vector<RustInput>& inputs,
                                               const InferOptions& options);

}  // namespace bindfuzz::spec

#endif  // BINDFUZZ_HARNESS_SPEC_INFER_H_
