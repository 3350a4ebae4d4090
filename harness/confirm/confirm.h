// `bindfuzz check --confirm`: every error finding is checked by compilers
// independent of the front ends before it is reported.
//
//   ConfirmInputs in;
//   in.c_headers = {"rust/bindings/bindings_helper.h"};
//   in.c_flags = ...;                          // the C front end's flags
//   in.rust_files = {"lib.rs", "bindings_generated.rs"};
//   BF_ASSIGN_OR_RETURN(ConfirmStats s, ConfirmReport(c_contract, rust_contract, in, {}, &report));
//   // report.findings: each error finding carries a Confirmation; refuted
//   // ones were moved to report.refuted.
//
// For each error finding, a plan says which value each side's compiler must
// give (the two values the finding states): sizes, alignments, offsets,
// field storage sizes, bitfield positions and widths, enumerator and
// constant values, whether a field, function or variable exists, whether a
// function has a symbol, and the machine-level shape of types (integer
// width and signedness, float, pointer and its pointee, function pointer
// signature, aggregate size and alignment). The C side is asked of gcc
// (c_probe.h), the Rust side of rustc (rust_probe.h), all facts of a run in
// one translation unit and one crate. Then:
//  * confirmed: both compilers give the values the finding states;
//  * refuted: the compilers agree with each other, or one contradicts the
//    value its side's front end computed: the finding is dropped and kept
//    as a note "refuted by gcc+rustc: C says X, Rust says Y";
//  * unconfirmable: a side could not be probed (the reason is kept, and so
//    is the finding).
// Warnings and notes are left as they are.
#ifndef BINDFUZZ_HARNESS_CONFIRM_CONFIRM_H_
#define BINDFUZZ_HARNESS_CONFIRM_CONFIRM_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/confirm/c_probe.h"
#include "harness/confirm/rust_probe.h"
#include "harness/contract/contract.h"
#include "harness/diff/diff.h"

namespace bindfuzz::confirm {

struct ConfirmInputs {
  // What the C front end parsed.
  std::vector<std::string> c_headers;
  std::vector<std::string> c_flags;
  std::string c_workdir;
  // What the Rust front end read.
  std::vector<std::string> rust_files;
  std::optional<bool> c_char_signed;
  std::string target;  // the target both sides were read for (clang or Rust spelling); "" = host
  // Instead of rust_files: a crate read with --crate. Its expanded text
  // names the items (the Rust contract's locations must be in it); the
  // probe is compiled inside the crate as cargo compiles it.
  struct Crate {
    rust_frontend::RustSource expanded;
    CargoCrateBuild build;
  };
  std::optional<Crate> crate;
  // With rust_files: the rustc `--cfg` values the files were read with.
  std::vector<std::string> rust_cfgs;
};

struct ConfirmOptions {
  CProbeOptions c;
  RustProbeOptions rust;
};

struct ConfirmStats {
  size_t confirmed = 0, refuted = 0, unconfirmable = 0;
  size_t c_facts = 0, rust_facts = 0;
  int c_compiles = 0, rust_compiles = 0;
  double c_seconds = 0, rust_seconds = 0, seconds = 0;
  std::string c_compiler, rust_compiler;
  std::string c_work_dir, rust_work_dir;  // kept probes (BINDFUZZ_CONFIRM_KEEP=1)
};

// Confirms the error findings of `report` (the result of
// diff::Compare(truth, rust)) and rewrites it: confirmations attached,
// refuted findings moved to report->refuted. Errors: unreadable inputs, no
// compiler at all.
absl::StatusOr<ConfirmStats> ConfirmReport(const contract::Contract& truth, const contract::Contract& rust,
                                           const ConfirmInputs& inputs, const ConfirmOptions& options,
                                           diff::DiffReport* report);

// Moves the findings whose confirmation is kRefuted from report->findings
// into report->refuted and updates counts, coverage and layout tables.
void ApplyConfirmations(diff::DiffReport* report);

}  // namespace bindfuzz::confirm

#endif  // BINDFUZZ_HARNESS_CONFIRM_CONFIRM_H_
