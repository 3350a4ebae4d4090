// The prototype check of `gen --spec`: each spec function against the C
// declaration the headers give (arity, and per parameter and return the
// class -- void, integer, float, pointer -- and the integer width).
//
//   BF_ASSIGN_OR_RETURN(contract::Contract c, driver::ExtractCContract(in));
//   PrototypeReport r = CheckSpecPrototypes(spec, c);
//   if (!r.mismatches.empty()) return absl::InvalidArgumentError(...);
//
// A spec function that disagrees with C would make the fuzzer call C with
// the wrong arguments and report the ABI mismatch as a lifetime bug. Every
// mismatch names the spec's file:line:col and the C declaration's
// file:line.
#ifndef BINDFUZZ_HARNESS_SPEC_PROTOTYPE_CHECK_H_
#define BINDFUZZ_HARNESS_SPEC_PROTOTYPE_CHECK_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "harness/contract/contract.h"
#include "harness/contract/ownership.h"

namespace bindfuzz::spec {

struct PrototypeReport {
  // "<spec file:line:col>: <what differs> (C: <header:line>: <declaration>)"
  std::vector<std::string> mismatches;
  // Spec functions the headers do not declare (not checked).
  std::vector<std::string> undeclared;
  size_t checked = 0;
};

PrototypeReport CheckSpecPrototypes(const contract::OwnershipSpec& spec, const contract::Contract& c);

// InvalidArgument listing every mismatch (OK when there is none).
absl::Status PrototypeStatus(const PrototypeReport& r);

}  // namespace bindfuzz::spec

#endif  // BINDFUZZ_HARNESS_SPEC_PROTOTYPE_CHECK_H_
