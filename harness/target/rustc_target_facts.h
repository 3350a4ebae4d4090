// Deriving a row of the target table from the installed rustc.
//
//   BF_ASSIGN_OR_RETURN(TargetFacts f,
//       DeriveTargetFacts({.rust_triple = "s390x-unknown-linux-gnu",
//                          .clang_triple = "s390x-linux-gnu", .clang_aliases = "s390x-ibm-linux-gnu"}, {}));
//   std::cout << FormatTableRows(f);   // BF_TARGET(...) and BF_TARGET_ABI(...) lines
//
// Where each fact comes from (docs/targets.md):
//  * arch/os/env/vendor/abi/family, endianness, pointer width, LLVM target,
//    c-enum-min-bits: `rustc -Z unstable-options --print target-spec-json`;
//  * primitive alignments: the spec's LLVM data layout, read as rustc reads
//    it (data_layout.h);
//  * core::ffi's c_char/c_int/c_long: rustc's own core source
//    (core/src/ffi/primitives.rs from rust-src or rust-docs), its cfg rules
//    evaluated by rustc for the target in a minicore probe;
//  * calling conventions: a minicore crate with one function per ABI;
//    rustc's E0570 error = rejected, its `unsupported_calling_conventions`
//    warning = deprecated; accepted ABIs whose optimised machine code is
//    identical for a 20-argument signature are the same convention.
// The generator (gen_target_table.cc) writes these rows; the `oracle` tests
// derive them again and compare with the checked-in table.
#ifndef BINDFUZZ_HARNESS_TARGET_RUSTC_TARGET_FACTS_H_
#define BINDFUZZ_HARNESS_TARGET_RUSTC_TARGET_FACTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/target/target.h"

namespace bindfuzz::target {

// What the target spec JSON says (only the fields we use).
struct RustcTargetSpec {
  std::string arch, os, env, vendor, abi, family, llvm_target, llvm_floatabi, data_layout;
  Endian endian = Endian::kLittle;
  uint32_t pointer_bits = 0;
  uint32_t c_int_bits = 32;
  std::optional<uint32_t> c_enum_min_bits;
};
// rustc's defaults for absent fields: os "none", vendor "unknown", little
// endian, 32-bit c_int. `what` names the input in errors.
absl::StatusOr<RustcTargetSpec> ParseTargetSpecJson(std::string_view json, std::string_view what);

struct DerivedAbi {
  std::string abi, same_as;
  bool deprecated = false;
  friend bool operator==(const DerivedAbi&, const DerivedAbi&) = default;
};

// An owning TargetInfo plus its ABIs: one table row set.
struct TargetFacts {
  std::string rust_triple, clang_triple, clang_aliases;
  std::string arch, os, env, vendor, abi, family, llvm_target, data_layout;
  uint32_t pointer_bits = 0;
  Endian endian = Endian::kLittle;
  uint32_t align_i8 = 0, align_i16 = 0, align_i32 = 0, align_i64 = 0, align_i128 = 0;
  uint32_t align_f32 = 0, align_f64 = 0, align_ptr = 0;
  std::string c_char, c_int, c_long;
  uint32_t c_enum_min_bits = 0;
  std::vector<DerivedAbi> abis;
  std::string rustc_version;  // set by DeriveTargetFacts; not part of the rows
};

// The table's view of a target, as facts (for comparing with a derivation).
TargetFacts FactsOf(const TargetInfo& t);

// BF_TARGET(...) then BF_TARGET_ABI(...) lines, as in target_table.inc.
std::string FormatTableRows(const TargetFacts& f);

// The ABIs probed, in the order that picks `same_as`.
const std::vector<std::string>& ProbedAbis();

struct DeriveRequest {
  std::string rust_triple, clang_triple, clang_aliases;
};
struct DeriveOptions {
  std::string rustc;     // "" = `rustc` on PATH
  std::string work_dir;  // "" = temporary
  int timeout_seconds = 300;
};
absl::StatusOr<TargetFacts> DeriveTargetFacts(const DeriveRequest& request, const DeriveOptions& options);

// Pieces of the ABI derivation, exposed for tests.
// The crate body with one `bf_abi_<i>` function per entry of `abis`.
std::string AbiProbeBody(const std::vector<std::string>& abis);
// Optimised assembly -> for each `bf_abi_<i>` function, its instructions
// with comments, directives and labels removed, and local label numbers and
// the function's own name replaced by placeholders.
// `arch` (rustc's target_arch) selects the comment syntax.
std::map<int, std::string> AsmFunctionBodies(std::string_view asm_text, std::string_view arch);

}  // namespace bindfuzz::target

#endif  // BINDFUZZ_HARNESS_TARGET_RUSTC_TARGET_FACTS_H_
