// rustc as the oracle of the Rust front end's layouts, on any target.
//
// On the host, rust_frontend::RunRustcOracle compiles the inputs with the
// real standard library and runs the probe. Any other target of the table
// (and the host too, with `force_minicore`) goes through the minicore probe
// of `check --confirm` (rust_probe.h): the inputs compiled for the target
// against our `core`/`std` stand-ins, rustc's size_of/align_of/offset_of
// read back from the LLVM IR, nothing run. Those stand-ins have no `fmt`,
// traits or methods: impl blocks, traits, free functions, statics, extern
// blocks and macro_rules definitions are blanked out of the copy compiled (they do not change a layout) and
// derives keep only Copy. A fact rustc cannot answer is a disagreement of
// kind "rustc-failed" with rustc's message, never skipped in silence.
//
//   BF_ASSIGN_OR_RETURN(OracleReport rep, RunLayoutOracle(sources, parsed, opts, {}));
//   rep.method;  // "minicore --target aarch64-unknown-linux-gnu"
#ifndef BINDFUZZ_HARNESS_CONFIRM_LAYOUT_ORACLE_H_
#define BINDFUZZ_HARNESS_CONFIRM_LAYOUT_ORACLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/rust_frontend/rust_frontend.h"
#include "harness/rust_frontend/rustc_oracle.h"

namespace bindfuzz::confirm {

struct LayoutOracleOptions {
  rust_frontend::OracleOptions oracle;
  bool force_minicore = false;  // the minicore probe on the host too
};

absl::StatusOr<rust_frontend::OracleReport> RunLayoutOracle(const std::vector<rust_frontend::RustSource>& sources,
                                                            const rust_frontend::RustExtraction& parsed,
                                                            const rust_frontend::RustFrontendOptions& options,
                                                            const LayoutOracleOptions& o);

// `source` with impl blocks, traits, free functions, statics, extern blocks
// and macro_rules definitions blanked
// (line and column structure kept), inline modules included: what the
// minicore stand-ins can compile of it.
absl::StatusOr<std::string> LayoutItemsOnly(const rust_frontend::RustSource& source);

}  // namespace bindfuzz::confirm

#endif  // BINDFUZZ_HARNESS_CONFIRM_LAYOUT_ORACLE_H_
