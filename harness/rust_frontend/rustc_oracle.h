// rustc as an oracle for the Rust front end's layouts.
//
// Generates a probe crate — every input file as a module (`include!` of a
// copy with inner attributes blanked), an `ffi` module, and a table of
// `size_of`/`align_of`/`offset_of!` for every layout fact the parser
// computed — compiles it with the installed rustc, runs it, and returns
// where the parser and rustc disagree.
//
//   BF_ASSIGN_OR_RETURN(auto srcs, ReadRustSources(files, opts));
//   BF_ASSIGN_OR_RETURN(auto parsed, ExtractRustSources(srcs, opts));
//   BF_ASSIGN_OR_RETURN(OracleReport rep, RunRustcOracle(srcs, parsed, opts, {}));
//   for (const Disagreement& d : rep.disagreements) ...
//
// Names from the inputs never reach the generated code unchecked: every path
// component and field is validated as a Rust identifier (emitted as a raw
// identifier when it is a keyword) and results are matched back by number.
// Only the host target can be checked here (the probe must run); other
// targets go through the minicore probe (harness/confirm/layout_oracle.h).
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_RUSTC_ORACLE_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_RUSTC_ORACLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/rust_frontend/rust_frontend.h"

namespace bindfuzz::rust_frontend {

struct OracleOptions {
  std::string rustc;            // executable; "" = search PATH for `rustc`
  // A file whose items form the probe's `ffi` module (e.g. the kernel's
  // rust/ffi.rs); "" = generate one from the target and c_char options.
  std::string ffi_module_file;
  std::string work_dir;         // "" = a fresh directory under $TMPDIR or /tmp
  bool keep_work_dir = false;
  int timeout_seconds = 1200;   // per rustc / probe run
  // rustc `--cfg` values (`newlib`, `feature="x"`) the inputs' #[cfg] were
  // evaluated with, so the probe compiles the same alternatives.
  std::vector<std::string> cfgs;
};

struct Disagreement {
  std::string item;   // contract key
  std::string field;  // contract field name; "" for size/align
  std::string what;   // "size", "align", "offset", or "parser-unknown"
  std::optional<uint64_t> parser;
  std::optional<uint64_t> rustc;
  std::string detail;
  std::string ToString() const;
};

struct OracleReport {
  std::string rustc_version;
  std::string method = "host probe";  // or "minicore --target T" (confirm/layout_oracle.h)
  size_t types_checked = 0;    // size/align facts probed
  size_t fields_checked = 0;   // offset facts probed
  size_t skipped = 0;          // facts not nameable from the probe (private/nested/invalid names)
  std::vector<Disagreement> disagreements;
  double compile_seconds = 0;
  double seconds = 0;          // total
  std::string work_dir;        // kept only with keep_work_dir
};

// Absolute path of `rustc` on PATH, or NotFound.
absl::StatusOr<std::string> FindRustc();

// The probe crate's main.rs for `sources` / `parsed` (exposed for tests).
// `probed` receives, for each probe number, the index of the fact in
// parsed.facts.
absl::StatusOr<std::string> GenerateProbe(const std::vector<RustSource>& sources,
                                          const RustExtraction& parsed, bool have_ffi_file,
                                          const RustFrontendOptions& options,
                                          std::vector<size_t>* probed, size_t* skipped);

// A copy of `source` with inner attributes (`#![...]`, `//!`, `/*! */`)
// blanked out (line structure kept), so it can be `include!`d.
absl::StatusOr<std::string> BlankInnerAttributes(const RustSource& source);

absl::StatusOr<OracleReport> RunRustcOracle(const std::vector<RustSource>& sources,
                                            const RustExtraction& parsed,
                                            const RustFrontendOptions& options,
                                            const OracleOptions& oracle);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_RUSTC_ORACLE_H_
