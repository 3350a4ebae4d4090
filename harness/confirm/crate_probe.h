// The Rust probe of a crate read with `--crate`: the crate's own sources,
// compiled as cargo compiles them (its rustc arguments, --cfg, --extern
// dependencies and build-script environment), with the probe appended as a
// module of the crate root. The expanded text `-Zunpretty=expanded` prints
// does not always compile back (derive internals, 2015-edition paths), so
// the probe never compiles it: it only names items the way the expanded
// text shows them (module paths are the crate's own).
//
//   CargoCrateBuild b{inv.argv, inv.env, "/usr/share/cargo/registry/libc-0.2.139", inv.source};
//   BF_ASSIGN_OR_RETURN(std::string root, CopyCrateForProbe(b, dir + "/crate"));
//   WriteFile(root_with_probe, ReadFile(root) + probe_module);
//   RunProcess(ProbeRustcArgs(b, root_with_probe, dir + "/probe.ll"), {.env = b.env});
//
// The copy differs from the crate in one way: modules and fields declared
// without a visibility become `pub`, so the appended module can name items
// of private modules (libc's `unix::linux_like::...`) and measure private
// fields (libc's `__pad1`). Visibility changes no layout, size or value.
#ifndef BINDFUZZ_HARNESS_CONFIRM_CRATE_PROBE_H_
#define BINDFUZZ_HARNESS_CONFIRM_CRATE_PROBE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace bindfuzz::confirm {

// How cargo compiles the crate (from `cargo rustc -vv`).
struct CargoCrateBuild {
  std::vector<std::string> argv;  // rustc and its arguments, as cargo ran it
  std::vector<std::string> env;   // NAME=value cargo set (OUT_DIR, CARGO_MANIFEST_DIR, ...)
  std::string crate_dir;          // the package directory (where its Cargo.toml is)
  std::string root;               // the crate root file, inside crate_dir
};

// Copies crate_dir to `dest` (without target/ and .git/ at its top), with
// PublishForProbe applied to every .rs file. Returns the path of the root
// file's copy. InvalidArgument when the root is not inside crate_dir.
absl::StatusOr<std::string> CopyCrateForProbe(const CargoCrateBuild& build, const std::string& dest);

// `text` (a Rust file named `name`) with private declarations made `pub`:
// every `mod NAME;` and `mod NAME {` that follows an item boundary (start
// of file, `;`, `{`, `}`, or an attribute's `]`), and every field of a
// `struct`/`union` declaration (named or tuple) without a visibility, also
// inside macro calls (libc's `s! {}`). Declarations with a visibility and
// macro_rules fragments (`$vis mod $name`, `$field: $ty`) are left alone.
// The line structure is kept. Unlexable text is returned unchanged.
std::string PublishForProbe(const std::string& name, const std::string& text);

// The rustc command that compiles `root` (the copy, probe appended) as
// cargo compiled the crate, to LLVM IR in `ll`: cargo's output options
// (--emit, --out-dir, -o, incremental, --json, --error-format,
// --cap-lints, -Zunpretty) replaced by the probe's, with the probe's
// language features as crate attributes.
std::vector<std::string> ProbeRustcArgs(const CargoCrateBuild& build, const std::string& root,
                                        const std::string& ll);

// Generated probe code made valid inside a crate of any edition: `::core::`
// becomes `core::` (in 2015, `::x` starts at the crate root; `core::` in an
// expression or type finds the extern prelude in every edition).
std::string EditionNeutralPaths(const std::string& text);

}  // namespace bindfuzz::confirm

#endif  // BINDFUZZ_HARNESS_CONFIRM_CRATE_PROBE_H_
