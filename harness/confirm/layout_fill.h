// rustc answers the layouts the Rust front end's engine cannot compute.
//
// The engine leaves a record without layout (size and align 0, a "layout
// not computed" note) when one of its fields has a type it cannot lay out,
// e.g. a `#[repr(C)]` enum with discriminants beyond 32 bits, whose size
// rustc chooses. Such a record would only be compared by field names and
// types. This stage asks rustc (RunLayoutOracle: the host probe on the
// host, the minicore probe on other targets) for the size, alignment and
// field offsets of exactly those records, and for the sizes of the
// not-laid-out types their fields hold, and writes rustc's answers into the
// contract with a note saying where they came from:
//
//   "layout from rustc 1.95.0 (host probe): size 16, align 8; ..."
//
// Nothing runs when no record lacks a layout (the kernel bindings: none
// does). When rustc is missing, cannot compile the probe or cannot name an
// item, the contract keeps what the engine gave, plus a note saying why
// rustc did not answer. A record with bitfields is left as it is (its
// bitfield offsets hang on its unit's offset, which the engine did not
// place). A crate read with --crate is probed inside the crate as cargo
// compiles it (FillLayoutsInCrate, layout_fill_crate.cc): its expanded text
// rarely compiles back on its own.
//
//   BF_ASSIGN_OR_RETURN(RustExtraction ex, ExtractRustSources(srcs, opts));
//   LayoutFillSummary s = FillLayoutsFromRustc(srcs, opts, {}, &ex);
#ifndef BINDFUZZ_HARNESS_CONFIRM_LAYOUT_FILL_H_
#define BINDFUZZ_HARNESS_CONFIRM_LAYOUT_FILL_H_

#include <cstddef>
#include <string>
#include <vector>

#include "harness/confirm/crate_probe.h"
#include "harness/confirm/layout_oracle.h"
#include "harness/rust_frontend/rust_frontend.h"

namespace bindfuzz::confirm {

struct LayoutFillSummary {
  size_t wanted = 0;   // records without layout that rustc was asked about
  size_t filled = 0;   // of which now carry rustc's layout
  bool ran = false;    // rustc was run (false: nothing to ask, or no rustc)
  std::string method;  // "host probe", "minicore --target T"
  std::string problem; // why rustc gave no answer at all ("" when it did)
  double seconds = 0;
};

// The records of `ex->contract` without layout whose facts rustc can be
// asked about (exposed for tests; empty: FillLayoutsFromRustc runs nothing).
std::vector<std::string> RecordsWithoutLayout(const rust_frontend::RustExtraction& ex);

// A crate read with --crate: `expanded` is its -Zunpretty=expanded text
// (the contract's locations point into it), `build` how cargo compiles it.
// Offsets, sizes and alignments of the records without layout; field sizes
// from the contract (a field of a type nothing laid out keeps size 0).
LayoutFillSummary FillLayoutsInCrate(const rust_frontend::RustSource& expanded, const CargoCrateBuild& build,
                                     const std::string& rust_triple, rust_frontend::RustExtraction* ex);

LayoutFillSummary FillLayoutsFromRustc(const std::vector<rust_frontend::RustSource>& sources,
                                       const rust_frontend::RustFrontendOptions& options,
                                       const LayoutOracleOptions& oracle, rust_frontend::RustExtraction* ex);

}  // namespace bindfuzz::confirm

#endif  // BINDFUZZ_HARNESS_CONFIRM_LAYOUT_FILL_H_
