// The scratch project crate_input runs cargo in, and the checks of what the
// user asked for (internal to crate_input; no process is run here).
//
//   BF_ASSIGN_OR_RETURN(CrateLocation loc, LocateCrate("libz-sys", kDebianRegistry));
//   ScratchDependency dep{.package = loc.package, .version = loc.version};
//   WriteFile(dir + "/Cargo.toml", ScratchCargoToml(dep));
//   WriteFile(dir + "/.cargo/config.toml", ScratchCargoConfig(kDebianRegistry));
#ifndef BINDFUZZ_HARNESS_CRATE_INPUT_SCRATCH_PROJECT_H_
#define BINDFUZZ_HARNESS_CRATE_INPUT_SCRATCH_PROJECT_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace bindfuzz::crate_input {

// Where the crate to read is.
struct CrateLocation {
  bool in_registry = false;   // an installed Debian crate; else a local path
  std::string package;        // known for registry crates; "" for a path until cargo says
  std::string version;        // likewise
  std::string dir;            // the crate's directory (absolute)
  std::string manifest;       // dir + "/Cargo.toml"
};

// `spec` is a directory with a Cargo.toml, a path to a Cargo.toml, or
// `name[@version]` of a crate under `registry_dir` (directories named
// `<name>-<version>`; without a version, the highest installed one).
// NotFound names the spec and, for a registry name, the versions installed
// or the Debian package that provides it.
absl::StatusOr<CrateLocation> LocateCrate(std::string_view spec, const std::string& registry_dir);

// Versions of `package` installed under `registry_dir`, lowest first.
std::vector<std::string> InstalledVersions(const std::string& registry_dir, std::string_view package);

// <0, 0, >0 like strcmp, by SemVer precedence (numeric major.minor.patch,
// a pre-release below its release); unparsable parts compare as text.
int CompareVersions(std::string_view a, std::string_view b);

// Debian's package for a crate: "librust-libz-sys-dev".
std::string DebianPackageFor(std::string_view package);

// `--features` values (comma or blank separated lists; "dep/feat" allowed)
// as one list, without duplicates. InvalidArgument on a character cargo
// does not accept in a feature name.
absl::StatusOr<std::vector<std::string>> NormalizeFeatures(const std::vector<std::string>& values);

// `--cfg` as rustc takes it: NAME or NAME="value"; NAME=value is quoted.
// InvalidArgument when NAME is not an identifier or the value is malformed.
absl::StatusOr<std::string> NormalizeCfg(std::string_view cfg);

// A TOML basic string ("..." with escapes).
std::string TomlString(std::string_view s);

struct ScratchDependency {
  std::string package;
  std::string version;   // registry: an exact "=version" requirement
  std::string path;      // local crate directory (instead of a version)
  bool default_features = true;
  std::vector<std::string> features;
};

// The Cargo.toml of the throw-away package that depends on the crate
// (its own workspace, an empty library at lib.rs).
std::string ScratchCargoToml(const ScratchDependency& dep);

// Its .cargo/config.toml: offline; crates.io replaced by `registry_dir`
// (omitted when "": path crates without dependencies need no registry).
std::string ScratchCargoConfig(const std::string& registry_dir);

}  // namespace bindfuzz::crate_input

#endif  // BINDFUZZ_HARNESS_CRATE_INPUT_SCRATCH_PROJECT_H_
