// Kernel build tree discovery: finds what `rust/Makefile` used to generate
// the Rust bindings of a kernel built with CONFIG_RUST, from the commands
// Kbuild records in `.<target>.cmd` files.
//
//   BF_ASSIGN_OR_RETURN(KernelTree t, DiscoverKernelTree("/path/to/linux-build"));
//   // t.bindings_header = .../rust/bindings/bindings_helper.h
//   // t.clang_flags     = the args bindgen passed to libclang (after "--")
//   // t.rust_files      = lib.rs + bindings_generated.rs + bindings_helpers_generated.rs
#ifndef BINDFUZZ_HARNESS_DRIVER_KBUILD_H_
#define BINDFUZZ_HARNESS_DRIVER_KBUILD_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace bindfuzz::driver {

struct BindgenCommand {
  std::string header;                    // the input header bindgen parsed
  std::vector<std::string> bindgen_args; // bindgen's own options
  std::vector<std::string> clang_args;   // everything after "--"
};

// Parses a bindgen command line (as recorded by Kbuild and read with
// cflags::FlagsFromKbuildCmdFile) into its parts.
absl::StatusOr<BindgenCommand> ParseBindgenCommand(const std::vector<std::string>& argv,
                                                   std::string_view source);

// Reads a Kbuild .cmd file that records a bindgen run (e.g.
// rust/bindings/.bindings_generated.rs.cmd). `objtree` (may be null) receives
// the build root that relative paths in the command are relative to, or "".
absl::StatusOr<BindgenCommand> ReadBindgenCmdFile(const std::string& cmd_file,
                                                  std::string* objtree);

struct KernelTree {
  std::string objtree;                   // the build tree (where .cmd files live)
  std::string srctree;                   // the source tree (== objtree unless O=)
  std::string bindings_header;           // absolute path of bindings_helper.h
  std::string helpers_source;            // rust/helpers/helpers.c, if present (C side of rust_helper_*)
  std::vector<std::string> clang_flags;  // as bindgen passed them to libclang
  std::string flags_workdir;             // relative paths in the flags are relative to this
  std::vector<std::string> rust_files;   // lib.rs, bindings_generated.rs, helpers
};

absl::StatusOr<KernelTree> DiscoverKernelTree(const std::string& dir);

}  // namespace bindfuzz::driver

#endif  // BINDFUZZ_HARNESS_DRIVER_KBUILD_H_
