// Crate input: a Rust crate as rustc reads it.
//
// Given a crate (a directory, its Cargo.toml, or an installed Debian crate
// `name[@version]` under /usr/share/cargo/registry), a target, features and
// extra cfgs, this runs cargo OFFLINE in a private scratch project (a
// throw-away package depending on the crate, with crates.io replaced by the
// Debian registry directory) so the crate's real build.rs runs, and asks
// rustc for the crate's macro-expanded, cfg-evaluated, mod-inlined text
// (`RUSTC_BOOTSTRAP=1 cargo rustc -p <crate>@<ver> --lib -- -Zunpretty=expanded`).
// The same is done for the dependencies whose paths the expanded text uses
// (`libc::off_t` -> libc), transitively up to `max_dependency_depth`.
//
//   CrateRequest req;
//   req.crate = "libz-sys";                 // or "libz-sys@1.1.8", "path/to/crate", ".../Cargo.toml"
//   req.target_triple = "x86_64-linux-gnu";
//   req.cfgs = {"newlib"};                  // like rustc --cfg
//   BF_ASSIGN_OR_RETURN(CrateInput in, ReadCrate(req, CrateInputOptions{}));
//   in.crates[0].expanded;                  // what rustc compiles, as Rust source
//   in.crates[0].cfgs;                      // feature="default", libc_union, ... (build.rs cfgs too)
//   RemapLocations(in.crates[0], &contract);  // expanded line -> original file:line
//
// rustc's expanded text has no spans. Every item of it is mapped back to a
// declaration in the files rustc read (its dep-info) by keyword and name
// (`struct stat` written inside libc's `s! {}` maps to that line); each
// mapping says how sure it is (ItemOrigin::how).
//
// Errors are absl::Status naming the crate, quoting cargo's first error
// lines: no cargo (NotFound), crate not installed (NotFound, with the apt
// package to install), bad option (InvalidArgument), dependency resolution,
// build.rs or expansion failure (FailedPrecondition), timeout
// (DeadlineExceeded). The network is never used.
#ifndef BINDFUZZ_HARNESS_CRATE_INPUT_CRATE_INPUT_H_
#define BINDFUZZ_HARNESS_CRATE_INPUT_CRATE_INPUT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "harness/contract/contract.h"

namespace bindfuzz::crate_input {

inline constexpr char kDebianRegistry[] = "/usr/share/cargo/registry";

struct CrateRequest {
  std::string crate;          // DIR | path/to/Cargo.toml | name[@version]
  std::string target_triple;  // bindfuzz or Rust spelling; "" = x86_64-linux-gnu
  std::vector<std::string> features;  // each may be a comma/space separated list
  bool no_default_features = false;
  std::vector<std::string> cfgs;      // NAME or NAME="value" (NAME=value is quoted for you)
};

struct CrateInputOptions {
  std::string registry_dir = kDebianRegistry;
  std::string cargo = "cargo";  // program name (PATH) or path
  // Where the scratch project lives; "" = a fresh temporary directory,
  // removed afterwards (unless keep_scratch).
  std::string scratch_dir;
  bool keep_scratch = false;
  // cargo's target directory; "" = $CARGO_TARGET_DIR if set (so runs can
  // share build results), else inside the scratch directory.
  std::string target_dir;
  int timeout_seconds = 600;       // per cargo invocation
  int max_dependency_depth = 2;    // crates reached through `dep::` paths
  bool map_origins = true;
};

// Where an item of the expanded text was written.
struct ItemOrigin {
  std::vector<std::string> path;   // inline modules + item name ("unix", "stat")
  std::string kind;                // "struct", "fn", "const", ...
  uint32_t expanded_begin = 0;     // lines of the item in the expanded text
  uint32_t expanded_end = 0;
  std::string file;                // original file; "" when not found
  uint32_t line = 0;
  // "declaration": the one `kind name` in the files rustc read;
  // "declaration, N candidates": several (cfg alternatives, other kinds),
  // the first in rustc's reading order is given;
  // "mention": the name occurs there, not after an item keyword (an item a
  // macro built from its input, e.g. a constant of `git_enum!`);
  // "": not found (the item comes from a macro definition, a derive, ...).
  std::string how;
  // Fields of a struct or union found in the declaration found:
  // (line in the expanded text, line in `file`).
  std::vector<std::pair<uint32_t, uint32_t>> fields;
};

// How rustc compiles one crate, from cargo's `-v` output.
struct RustcInvocation {
  std::vector<std::string> argv;   // rustc and its arguments, exactly
  std::vector<std::string> env;    // NAME=value cargo sets for it (OUT_DIR, CARGO_PKG_*, ...)
  std::string crate_name;
  std::string edition;             // "2015" when not given
  std::string source;              // the crate root file
  std::vector<std::string> cfgs;   // every --cfg, in order (features as feature="x")
  std::vector<std::string> features;
  std::vector<std::pair<std::string, std::string>> externs;  // name -> rlib/rmeta ("" if none)
  std::vector<std::string> crate_types;
  std::string target;              // --target
  std::string out_dir;
  std::string extra_filename;      // -C extra-filename
};

struct ExpandedCrate {
  std::string package;             // "libz-sys"
  std::string version;             // "1.1.8"
  std::string crate_name;          // "libz_sys": how rustc names it
  std::string edition;
  // The crate asked for (true), or a dependency whose paths it uses.
  bool requested = false;
  // How paths of the crates that use it name it (`--extern` name): "libc".
  std::string extern_name;
  std::string manifest_path;       // its Cargo.toml
  std::string src_root;            // the crate root before expansion (src/lib.rs)
  RustcInvocation rustc;
  std::vector<std::string> features;  // enabled features (resolved by cargo)
  std::vector<std::string> cfgs;      // every --cfg rustc got, plus the requested extra ones
  std::vector<std::string> files;     // the source files rustc read (dep-info), in its order
  std::string expanded_name;       // name of the expanded text in SourceLocs
  std::string expanded;            // -Zunpretty=expanded output
  std::vector<ItemOrigin> origins; // by expanded_begin
  std::string origin_problem;      // why no origins were mapped, if so
};

struct CrateInput {
  std::string rust_triple;         // x86_64-unknown-linux-gnu
  std::string cargo_version;       // `cargo --version`
  std::vector<ExpandedCrate> crates;  // the requested crate first, then dependencies
  double seconds = 0;
};

// Runs cargo as described above.
absl::StatusOr<CrateInput> ReadCrate(const CrateRequest& request, const CrateInputOptions& options);

// Every SourceLoc of `c` in `crate.expanded_name` whose line lies in an item
// with a known origin becomes that origin (file:line of the field where it
// was found, else of the item; columns dropped). Provenance inputs become the files rustc read. Returns how many
// locations were remapped.
size_t RemapLocations(const ExpandedCrate& crate, contract::Contract* c);

// JSON description (no expanded text unless `with_text`): target, cargo,
// crates with package, version, edition, cfgs, features, externs, rustc
// arguments, files, origins.
std::string CrateInputToJson(const CrateInput& in, bool with_text = false);

// Writes DIR/<package>-<version>.rs for each crate and DIR/crates.json
// (creating DIR and its parents); sets each crate's expanded_name to the written path so
// locations that stay in the expanded text point at a real file.
absl::Status SaveExpanded(const std::string& dir, CrateInput* in);

}  // namespace bindfuzz::crate_input

#endif  // BINDFUZZ_HARNESS_CRATE_INPUT_CRATE_INPUT_H_
