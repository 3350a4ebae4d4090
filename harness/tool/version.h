// `bindfuzz version`: the version, the Clang/LLVM of the C front end and
// where the runtime and shim sources were found.
//
//   std::cout << tool::VersionText(tool::LocateOwnRuntime());
#ifndef BINDFUZZ_HARNESS_TOOL_VERSION_H_
#define BINDFUZZ_HARNESS_TOOL_VERSION_H_

#include <string>

#include "absl/status/statusor.h"
#include "harness/tool/runtime_paths.h"

namespace bindfuzz::tool {

// First line as before (`bindfuzz X.Y.Z (contract format N, C front end:
// Clang V)`), then the runtime and shim sources and the replay driver, or
// why they were not found.
std::string VersionText(const absl::StatusOr<RuntimePaths>& runtime);

}  // namespace bindfuzz::tool

#endif  // BINDFUZZ_HARNESS_TOOL_VERSION_H_
