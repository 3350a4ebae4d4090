// One target for both sides of a check.
//
// The C side's target is the `--target` of its flags (flags file, compile
// database, --c-flag); the Rust side's is bindfuzz's own `--target`. Either
// may be a Rust triple or a clang spelling of a target of the table
// (harness/target/target.h). SelectTarget resolves them to one row, makes
// the C flags say it (appending `--target=<clang triple>` when only the Rust
// side named one) and the Rust side use it, and adds the target's C library
// headers (harness/target/sysroot.h). An unknown target, or two sides on two
// targets, is InvalidArgument listing the supported targets.
//
//   BF_ASSIGN_OR_RETURN(TargetChoice t, SelectTarget(a.Value(Opt::kTarget), &c_inputs, &rust_inputs));
//   if (!t.c_headers.description.empty()) std::cerr << "bindfuzz: " << t.c_headers.description << "\n";
#ifndef BINDFUZZ_HARNESS_DRIVER_TARGET_SELECT_H_
#define BINDFUZZ_HARNESS_DRIVER_TARGET_SELECT_H_

#include <string>

#include "absl/status/statusor.h"
#include "harness/driver/pipeline.h"
#include "harness/target/sysroot.h"
#include "harness/target/target.h"

namespace bindfuzz::driver {

struct TargetChoice {
  const target::TargetInfo* target = nullptr;
  bool explicit_target = false;  // a side named one (else the default, x86_64-linux-gnu)
  target::CHeaders c_headers;    // kNative and no description unless a target was named
};

// `rust_target` is bindfuzz's --target ("" = none). `c` and `rust` may be
// null (a command with one side); they are updated in place.
absl::StatusOr<TargetChoice> SelectTarget(const std::string& rust_target, CInputs* c, RustInputs* rust);

}  // namespace bindfuzz::driver

#endif  // BINDFUZZ_HARNESS_DRIVER_TARGET_SELECT_H_
