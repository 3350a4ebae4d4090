// `cargo metadata --format-version 1` read into what crate_input needs
// (internal; pure, tested from canned JSON).
//
//   BF_ASSIGN_OR_RETURN(CargoMetadata m, ParseCargoMetadata(json_text));
//   const MetaPackage* root = m.Find(m.root_id);
//   for (const auto& [extern_name, id] : root->deps) ...
#ifndef BINDFUZZ_HARNESS_CRATE_INPUT_CARGO_METADATA_H_
#define BINDFUZZ_HARNESS_CRATE_INPUT_CARGO_METADATA_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace bindfuzz::crate_input {

struct MetaPackage {
  std::string id;
  std::string name;
  std::string version;
  std::string manifest_path;
  bool has_lib = false;
  std::string lib_name;      // crate name of the library target ("libz_sys")
  std::string lib_src;       // its root file
  std::string edition;
  // From the resolve graph (empty with --no-deps): enabled features, and the
  // normal (not build/dev) dependencies by the name paths use -> package id.
  std::vector<std::string> features;
  std::vector<std::pair<std::string, std::string>> deps;
};

struct CargoMetadata {
  std::string root_id;  // resolve.root ("" with --no-deps)
  std::map<std::string, MetaPackage> packages;  // by id

  const MetaPackage* Find(const std::string& id) const;
  // The package whose Cargo.toml is `manifest_path`, or nullptr.
  const MetaPackage* FindByManifest(const std::string& manifest_path) const;
};

// InvalidArgument naming `source_name` when the text is not the JSON cargo
// prints (format version 1).
absl::StatusOr<CargoMetadata> ParseCargoMetadata(std::string_view json, std::string_view source_name);

}  // namespace bindfuzz::crate_input

#endif  // BINDFUZZ_HARNESS_CRATE_INPUT_CARGO_METADATA_H_
