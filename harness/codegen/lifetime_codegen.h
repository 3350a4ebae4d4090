// Lifetime (sequence) fuzzer generator.
//
// From an ownership spec (what the Rust side assumes about who owns a C
// object, how long a borrow lasts, what C keeps), writes a libFuzzer target
// that drives the sequence engine shims/lifetime/bf_seq.{h,c}: an operation
// table with one typed call thunk per spec function, the resources' release /
// get / put thunks and LLVMFuzzerTestOneInput. Compiled with the real C
// implementation under ASan+UBSan(+LSan), a wrong assumption becomes a
// use-after-free, double free, leak or a BINDFUZZ-LIFETIME tag line that
// names the spec line.
//
//   LifetimeGenOptions opt;
//   opt.name = "sqlite";
//   opt.headers = {"/usr/include/sqlite3.h"};
//   opt.c_sources = {"/abs/glue.c"};
//   opt.runtime_dir = "/abs/shims/runtime";  // and shims/lifetime beside it
//   absl::StatusOr<GeneratedFiles> out = GenerateLifetimeFuzzer(spec, opt);
//   // out->files: "sqlite_fuzzer.cc", "sqlite_fuzzer.options",
//   //             "sqlite_fuzzer.dict", "sqlite_c_side.c" (headers given),
//   //             "build.sh" (runtime_dir given: builds sqlite_fuzzer, and
//   //             sqlite_replay when replay_main is given too)
//
// The C functions are declared as the spec (Rust) sees them: resource
// pointers are `void*`, scalars have the spec's width and signedness, and
// each prototype is bound to its C symbol by an asm label (`bf_f3(...)
// __asm__("sqlite3_step")`), so calls are direct (no function-type UBSan
// report for `void*` versus `struct x*`) and no spec name is an identifier
// in the C++ file: functions, resources and callees are numbered, names
// appear only in escaped string literals. The optional C side includes the
// headers and takes the address of every function the spec names, so a
// name the headers do not declare fails at compile time (there, C function
// names are pasted, after checking they are plain C identifiers, as they
// must be to link at all).
//
// Deterministic: the same spec and options give the same bytes. Functions
// are numbered in spec order (saved inputs stay meaningful when functions
// are appended).
#ifndef BINDFUZZ_HARNESS_CODEGEN_LIFETIME_CODEGEN_H_
#define BINDFUZZ_HARNESS_CODEGEN_LIFETIME_CODEGEN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/codegen/target_build.h"
#include "harness/contract/ownership.h"

namespace bindfuzz::codegen {

// TargetOptions (target_build.h) for a lifetime target: `name` (default
// "lifetime"), `headers` declaring every C function the spec names (then a C
// side checks that at compile time), `c_sources` the real implementation and
// `c_flags` for both, `runtime_dir` (shims/runtime: build.sh) and
// `replay_main` (the replay driver then owns the death callback and checks
// leaks after every input itself); and the engine's limits.
struct LifetimeGenOptions : TargetOptions {
  LifetimeGenOptions() { name = "lifetime"; }
  int max_ops = 64;      // operations per input, 1..BF_SEQ_MAX_OPS
  int max_handles = 16;  // live handles, 1..BF_SEQ_MAX_HANDLES
};

// Errors (InvalidArgument, message `<spec>:<line>: gen: ...`): a function
// or release/get/put name that is not a C identifier, a duplicate function,
// an unknown resource, an owned return of a resource with neither release
// nor put, a buffer without a length parameter, a length of a non-buffer, a
// str/buf return whose length function is missing or has other parameters, a
// borrow window whose parent is not a pointer parameter, a scalar type that
// is not an integer or bool, a range outside its type, too many functions
// (254) or parameters (16), a callback whose registering function does not
// pass it exactly once, a callback owning a resource without release or put,
// and bad options. Callbacks without a signature and `until` names the
// fuzzer never calls become notes. A callback with a signature becomes a
// function the fuzzer provides (shims/lifetime/bf_seq_callback.h; build.sh
// then compiles bf_seq_callback.c too).
absl::StatusOr<GeneratedFiles> GenerateLifetimeFuzzer(const contract::OwnershipSpec& spec,
                                                      const LifetimeGenOptions& opt);

}  // namespace bindfuzz::codegen

#endif  // BINDFUZZ_HARNESS_CODEGEN_LIFETIME_CODEGEN_H_
