// bindfuzz pipelines: extract each side, compare, with per-phase timing.
//
//   CheckOptions o;
//   o.c.headers = {"rust/bindings/bindings_helper.h"};
//   o.c.flags = ...;                       // from a flags file / compile db / Kbuild
//   o.rust.files = {"lib.rs", "bindings_generated.rs"};
//   // or: o.rust.crate = crate_input::CrateRequest{.crate = "libz-sys"};
//   BF_ASSIGN_OR_RETURN(CheckResult r, RunCheck(o));
//   // r.report: findings; r.timings: wall time + peak RSS per phase
#ifndef BINDFUZZ_HARNESS_DRIVER_PIPELINE_H_
#define BINDFUZZ_HARNESS_DRIVER_PIPELINE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/contract/contract.h"
#include "harness/crate_input/crate_input.h"
#include "harness/diff/diff.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::driver {

struct PhaseTiming {
  std::string phase;
  double seconds = 0;
  uint64_t peak_rss_kib = 0;  // process peak at the end of the phase
};

struct CInputs {
  std::vector<std::string> headers;
  std::vector<std::string> flags;
  std::string workdir;
  std::vector<std::string> include_prefixes;
  bool evaluate_macros = true;
};

struct RustInputs {
  std::vector<std::string> files;
  // Instead of files: a crate read as rustc reads it (crate_input). Its
  // expanded text is what the front end reads; locations go back to the
  // crate's own files where the item is found there. An empty target in the
  // request takes target_triple.
  std::optional<crate_input::CrateRequest> crate;
  crate_input::CrateInputOptions crate_options;
  std::string save_expanded_dir;        // with crate: SaveExpanded here
  std::string target_triple;            // empty: the C side's, else x86_64-linux-gnu
  std::optional<bool> c_char_signed;
  // With files: rustc's `--cfg` options (`newlib`, `abi="v2"`) and the
  // features (comma or space separated lists) #[cfg] is evaluated with.
  std::vector<std::string> cfgs;
  std::vector<std::string> features;
  // With crate: keep what a probe compiled inside the crate needs
  // (CheckResult::crate_side), as `check --confirm` does.
  bool keep_crate_side = false;
  // Records whose layout the front end's engine cannot compute get rustc's
  // (confirm/layout_fill.h); rustc runs only when there is such a record.
  bool fill_layouts_from_rustc = true;
  std::string rustc;  // "" = `rustc` on PATH
};

// A crate read with RustInputs::crate, as confirm's probes need it: how
// cargo compiles the requested crate, its expanded text, and the contract
// before its locations were mapped back to the crate's files (locations in
// the expanded text name items exactly).
struct CrateSide {
  crate_input::ExpandedCrate top;
  contract::Contract expanded_contract;
  // cargo's target directory when no one else keeps it (no
  // CrateInputOptions::target_dir, no $CARGO_TARGET_DIR): the build
  // scripts' OUT_DIR the crate includes is there. Removed with the last copy.
  std::shared_ptr<target::ScratchDir> target_dir;
};

// The files' cfgs and features as rustc's `--cfg` values (a feature `x`
// is `feature="x"`), for a probe that compiles the same files.
absl::StatusOr<std::vector<std::string>> RustcCfgArgs(const RustInputs& in);

struct CheckOptions {
  std::optional<CInputs> c;             // headers as the truth
  std::string btf;                      // BTF as the truth (or as a second truth)
  RustInputs rust;
  diff::DiffOptions diff;
  // A contract JSON: the C the Rust side was generated from (diff::Compare's
  // assumed_c); "" = none.
  std::string assumed_c;
};

struct CheckResult {
  contract::Contract truth;             // C (or BTF when no headers were given)
  contract::Contract rust;
  std::optional<contract::Contract> btf;  // when both headers and BTF were given
  diff::DiffReport report;
  std::optional<diff::DiffReport> btf_report;  // BTF vs Rust, when both truths
  std::optional<CrateSide> crate_side;  // RustInputs::keep_crate_side
  std::vector<PhaseTiming> timings;
};

absl::StatusOr<contract::Contract> RunExtractC(const CInputs& in,
                                               std::vector<PhaseTiming>* timings = nullptr);
absl::StatusOr<contract::Contract> RunExtractRust(const RustInputs& in,
                                                  std::vector<PhaseTiming>* timings = nullptr,
                                                  std::optional<CrateSide>* crate_side = nullptr);
absl::StatusOr<contract::Contract> RunExtractBtf(const std::string& path,
                                                 std::vector<PhaseTiming>* timings = nullptr);

// A contract from its JSON file; errors name the file (and line).
absl::StatusOr<contract::Contract> ReadContractFile(const std::string& path);

// Extracts both sides (C and Rust front ends run concurrently) and compares.
absl::StatusOr<CheckResult> RunCheck(const CheckOptions& options);

// Process peak resident set size so far, in KiB.
uint64_t PeakRssKib();

std::string FormatTimings(const std::vector<PhaseTiming>& timings);

}  // namespace bindfuzz::driver

#endif  // BINDFUZZ_HARNESS_DRIVER_PIPELINE_H_
