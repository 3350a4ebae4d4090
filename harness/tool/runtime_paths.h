// Where bindfuzz finds the sources it compiles into generated fuzz targets
// (the runtime, the lifetime sequence engine, the kernel shims and the replay
// driver). Decided at run time from the binary's own location, so an
// installed tree can be moved and no path of the source tree is compiled in:
//
//   installed   <prefix>/bin/bindfuzz with <prefix>/share/bindfuzz/ (the
//               GNU install dirs), recognised by its marker file
//               `bindfuzz-data`: runtime/, lifetime/, kernel/, replay/
//   build tree  <build>/harness/tool/bindfuzz beside the marker file
//               `bindfuzz-source-tree` that CMake writes, holding the
//               absolute path of the source tree: shims/, fuzzers/common/
//
//   BF_ASSIGN_OR_RETURN(tool::RuntimePaths rt, tool::LocateOwnRuntime());
//   layout_options.runtime_dir = rt.runtime_dir;
//   layout_options.replay_main = rt.replay_main;
#ifndef BINDFUZZ_HARNESS_TOOL_RUNTIME_PATHS_H_
#define BINDFUZZ_HARNESS_TOOL_RUNTIME_PATHS_H_

#include <string>

#include "absl/status/statusor.h"

namespace bindfuzz::tool {

// Marker of an installed data directory (<prefix>/share/bindfuzz).
inline constexpr char kInstalledMarker[] = "bindfuzz-data";
// Marker beside a binary in the build tree: the source tree's absolute path.
inline constexpr char kBuildTreeMarker[] = "bindfuzz-source-tree";

struct RuntimePaths {
  std::string shims_dir;    // runtime/, lifetime/ and kernel/ below it
  std::string runtime_dir;  // shims_dir/runtime: what layout targets compile
  std::string replay_main;  // the engine-less replay driver (replay_main.cc)
  std::string origin;       // "installed" or "build tree"
  std::string marker;       // the marker file that decided
};

// The runtime of the binary at `exe`: first an installed data directory at
// `<dir of exe>/<data_from_bindir>` (e.g. "../share/bindfuzz"), then the
// build-tree marker beside `exe`. NotFound names both places; a build-tree
// marker that does not name a source tree with shims/runtime/ is
// InvalidArgument naming the marker.
absl::StatusOr<RuntimePaths> LocateRuntime(const std::string& exe,
                                           const std::string& data_from_bindir);

// The running binary's own path (/proc/self/exe).
absl::StatusOr<std::string> SelfExecutable();

// LocateRuntime(SelfExecutable(), the data directory relative to the binary
// directory of this build's install layout).
absl::StatusOr<RuntimePaths> LocateOwnRuntime();

}  // namespace bindfuzz::tool

#endif  // BINDFUZZ_HARNESS_TOOL_RUNTIME_PATHS_H_
