// `bindfuzz oracle` for a target other than the host: rustc's own layouts
// of the inputs' records, from the minicore probe (no standard library for
// the target is needed, nothing runs).
//
//   BF_ASSIGN_OR_RETURN(auto srcs, rust_frontend::ReadRustSources(files, opts));
//   BF_ASSIGN_OR_RETURN(auto parsed, rust_frontend::ExtractRustSources(srcs, opts));
//   BF_ASSIGN_OR_RETURN(rust_frontend::OracleReport rep,
//                       RunMinicoreOracle(srcs, parsed, opts, {}));   // opts.target_triple: aarch64-...
//
// The probe crate is the inputs reduced to what layout depends on: items
// that only have code (functions, extern blocks, impls, traits, macro
// definitions) are blanked, line and column structure kept, because the
// minicore `core` has no library to compile them against. Every record
// fact of the Rust front end (size and alignment of each record, offset of
// each field) is then one `#[no_mangle]` static of the confirm probe
// (rust_probe.h), read back from the LLVM IR rustc emits for the target.
#ifndef BINDFUZZ_HARNESS_CONFIRM_MINICORE_ORACLE_H_
#define BINDFUZZ_HARNESS_CONFIRM_MINICORE_ORACLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/rust_frontend/rust_frontend.h"
#include "harness/rust_frontend/rustc_oracle.h"

namespace bindfuzz::confirm {

// `source` with every function, extern block, impl, trait and macro_rules
// item (and its outer attributes) replaced by spaces, newlines kept.
absl::StatusOr<rust_frontend::RustSource> LayoutOnlySource(const rust_frontend::RustSource& source);

absl::StatusOr<rust_frontend::OracleReport> RunMinicoreOracle(
    const std::vector<rust_frontend::RustSource>& sources, const rust_frontend::RustExtraction& parsed,
    const rust_frontend::RustFrontendOptions& options, const rust_frontend::OracleOptions& oracle);

}  // namespace bindfuzz::confirm

#endif  // BINDFUZZ_HARNESS_CONFIRM_MINICORE_ORACLE_H_
