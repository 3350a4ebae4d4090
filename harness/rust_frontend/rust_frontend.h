// Rust front end: what the Rust side BELIEVES about each C item.
//
// Reads Rust source as users have it — bindgen output (0.60-style layout
// tests or current `const _: () = { ... }` assertions), hand-written
// #[repr(C)] Rust with impls/traits/generics/macros/tests mixed in — with a
// real tokenizer and recursive-descent parser, and produces a
// contract::Contract with side = kRust. Layouts are computed here from Rust's
// rules for the chosen target (repr(C)/packed/align/transparent, primitive and
// pointer sizes, bindgen's helper types).
//
//   RustFrontendOptions opts;               // x86_64-linux-gnu
//   opts.c_char_signed = false;             // the kernel builds -funsigned-char
//   absl::StatusOr<contract::Contract> c = ExtractRust({"bindings.rs"}, opts);
//
// Naming follows contract.h: bindgen's `P__bindgen_ty_N` records are keyed
// `P::<field>` / `P::(anon#N)`, keyword-escaped names (`type_`, `r#type`,
// `u64_`) keep the C name with the Rust spelling in Field::rust_name,
// consts-style enums become Enum entries. What cannot be evaluated becomes a
// contract Note with file:line:col, never a guessed value.
//
// Errors (InvalidArgument, "<file>:<line>[:<col>]: ..."): unreadable or too
// large files, non-UTF-8, lexically or syntactically broken Rust, nesting
// deeper than `max_nesting_depth`, unknown target. Any input returns (no
// crash, hang or unbounded recursion); work is linear in the input size.
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_RUST_FRONTEND_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_RUST_FRONTEND_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/contract/contract.h"

namespace bindfuzz::rust_frontend {

struct RustFrontendOptions {
  // A Rust triple, or a clang spelling of one, of the target model
  // (harness/target: x86_64-linux-gnu, aarch64-linux-gnu, i686-linux-gnu,
  // armv7-..., x86_64-pc-windows-msvc, ...).
  std::string target_triple = "x86_64-linux-gnu";
  // Signedness of `c_char` (core::ffi, std::os::raw, libc, the ctypes prefix);
  // default: the target's (x86: signed, aarch64: unsigned). The kernel's
  // rust/ffi.rs maps c_char = u8: pass false.
  std::optional<bool> c_char_signed;
  // bindgen's --ctypes-prefix, if any (e.g. "ffi" or "crate::ffi"); the
  // families core::ffi, std::os::raw, libc and ffi are always recognised.
  std::string ctypes_prefix;
  uint64_t max_input_bytes = uint64_t{256} << 20;
  int max_nesting_depth = 256;
  // `#[cfg]` / `cfg_attr` are evaluated for the target's cfgs plus these,
  // as rustc's `--cfg` (`newlib`, `abi="v2"`) and `--features` (comma or
  // space separated lists) give them. A cfg option not set is false.
  std::vector<std::string> cfgs;
  std::vector<std::string> features;
  // `mod x;` whose file is not an input is read from disk (x.rs, x/mod.rs,
  // `#[path]`, relative to the declaring file as rustc does). ExtractRust
  // (files on disk) turns this on; in-memory sources only use each other.
  bool read_mod_files = false;
};

// One input file held in memory.
struct RustSource {
  std::string name;  // used in SourceLocs and messages
  std::string text;
  // The crate this text is, as the checked crate's paths name it. Empty: a
  // file of the crate under check, whose items become the contract. "libc":
  // a dependency (typically its whole expanded text, from crate_input),
  // visible as the module `libc`, so `libc::size_t` (also `::libc::size_t`)
  // resolves, with the dependency's own names resolved inside it; its items
  // are never notes or statistics of their own, and become contract entries
  // only as the crate under check uses them (`libc::timeval` as a field).
  std::string crate_name{};
};

// A layout fact the parser computed, in Rust terms, so an oracle (rustc) can
// check it: size/align of a type (field empty) or offset of a field.
struct RustLayoutFact {
  std::string item;        // contract key ("P::(anon#1)")
  std::string field;       // contract field name; "" for size/align
  size_t file_index = 0;   // which input defines the Rust item
  std::vector<std::string> rust_path;  // inline modules + Rust item name
  std::string rust_field;  // Rust field spelling ("type_", "0", "r#type")
  bool accessible = true;  // nameable from a child module of the file root
  bool field_public = true;  // field visible outside its own module
  std::optional<uint64_t> size, align, offset;  // parser values; nullopt = not computed
  std::string why_unknown;
};

struct ItemCount {
  size_t seen = 0;      // items of this kind in the input (after cfg)
  size_t modelled = 0;  // became a contract entry
  size_t noted = 0;     // not modelled, but a Note explains why
};

struct ExtractionStats {
  ItemCount structs, unions, enums, type_aliases, consts, statics, functions;
  size_t tokens = 0;
  size_t fn_items = 0;      // every `fn` item parsed (extern, impl, trait, ...)
  size_t pub_fn_items = 0;  // of which written `pub fn` (no qualifiers)
  size_t layout_tests = 0;  // bindgen layout assertions read
  size_t bitfields = 0;     // bitfields recovered from accessor impls
};

struct RustExtraction {
  contract::Contract contract;
  ExtractionStats stats;
  std::vector<RustLayoutFact> facts;
};

absl::StatusOr<contract::Contract> ExtractRust(const std::vector<std::string>& files,
                                               const RustFrontendOptions& options);

// For tests and fuzzers: one in-memory file.
absl::StatusOr<contract::Contract> ExtractRustFromSource(std::string_view source,
                                                         std::string_view file_name,
                                                         const RustFrontendOptions& options);

// Several in-memory files forming one contract, with statistics and the
// layout facts the rustc oracle checks.
absl::StatusOr<RustExtraction> ExtractRustSources(const std::vector<RustSource>& sources,
                                                  const RustFrontendOptions& options);

// Reads `files` (bounded by options.max_input_bytes) into RustSources.
absl::StatusOr<std::vector<RustSource>> ReadRustSources(const std::vector<std::string>& files,
                                                        const RustFrontendOptions& options);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_RUST_FRONTEND_H_
