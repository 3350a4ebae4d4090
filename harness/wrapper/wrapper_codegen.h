// Wrapper mode (`bindfuzz gen --rust-crate DIR`): drives a Rust wrapper
// crate's own safe API, compiled unchanged, with the sequence engine.
//
// From the crate's API (crate_api.h) it writes
//   <name>_export.rs  an export shim: one `extern "C"` entry point per safe
//                     function (construct, call a method, clone, drop; a
//                     value passed by value is moved out of its box), over
//                     the fixed helpers of shims/wrapper/bf_wrapper_rt.rs;
//   <name>.bfspec     the ownership spec of those entry points, as safe Rust
//                     allows them: each type a resource released by its
//                     drop entry; `&self` borrowed, `self` consumed, a result
//                     that borrows `&self` keeps it retained until the result
//                     is dropped or consumed, Option/Result nullable;
//   the lifetime target of that spec (lifetime_codegen.h), with its build
//   script renamed <name>_seq_build.sh, and a build.sh that first compiles
//   the crate and the shim with rustc -Zsanitizer=address into
//   lib<name>_wrapper.a (shims/wrapper/bf_wrapper_build.sh: rustc, or cargo
//   offline when the crate has dependencies) and then links the target with
//   it and the C library (`c_sources`, ASan+UBSan).
//
// A bug in the wrapper (a double free in Drop after an explicit close, a
// temporary CString whose pointer C keeps, two owners of one raw handle)
// becomes a sanitizer report whose stack names the crate's Rust file:line.
//
//   BF_ASSIGN_OR_RETURN(CrateApi api, ReadCrateApi(dir));
//   WrapperGenOptions opt;  opt.name = "mylib"; opt.crate_dir = dir; ...
//   BF_ASSIGN_OR_RETURN(WrapperFiles out, GenerateWrapperFuzzer(api, opt));
#ifndef BINDFUZZ_HARNESS_WRAPPER_WRAPPER_CODEGEN_H_
#define BINDFUZZ_HARNESS_WRAPPER_WRAPPER_CODEGEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "harness/codegen/lifetime_codegen.h"
#include "harness/wrapper/crate_api.h"

namespace bindfuzz::wrapper {

struct WrapperGenOptions : codegen::LifetimeGenOptions {
  WrapperGenOptions() { name = "wrapper"; }
  std::string crate_dir;  // absolute
  std::string out_dir;    // absolute: the spec's path names it
  // `gen --reset NAME`: a C function of the library the engine calls before
  // each input (the generated spec's `reset NAME;`); "" = none.
  std::string reset;
};

struct WrapperFiles {
  codegen::GeneratedFiles files;
  int types = 0;      // resources
  int functions = 0;  // entry points (with drop and clone)
};

// The spec text alone (for tests and `bindfuzz spec`), and the shim text.
std::string WrapperSpecText(const CrateApi& api);
std::string WrapperShimText(const CrateApi& api, const std::string& rt_file);

// Errors: no exported function at all, a name that is not an ASCII
// identifier, and what GenerateLifetimeFuzzer rejects.
absl::StatusOr<WrapperFiles> GenerateWrapperFuzzer(const CrateApi& api,
                                                   const WrapperGenOptions& opt);

}  // namespace bindfuzz::wrapper

#endif  // BINDFUZZ_HARNESS_WRAPPER_WRAPPER_CODEGEN_H_
