// Where rustc finds the file of `mod name;` (internal), as pure functions of
// paths (nothing is read here).
//
//   // `mod ffi;` in src/lib.rs (a crate root: its directory is src/):
//   ModFileCandidates("src", "ffi") == {"src/ffi.rs", "src/ffi/mod.rs"}
//   ModuleDir("src/ffi.rs", /*mod_rs_like=*/false) == "src/ffi"   // its own `mod x;`
//   // `#[path = "sys/linux.rs"] mod sys;` in src/lib.rs:
//   JoinPath(DirName("src/lib.rs"), "sys/linux.rs") == "src/sys/linux.rs"
//
// The rules (the Rust reference, "Modules"): a module's directory is its
// file's directory for crate roots, `mod.rs` files and files named by a
// `#[path]` attribute, and `<dir>/<stem>` for any other `<dir>/<stem>.rs`;
// an inline `mod m { }` adds `m`. `mod x;` reads `<dir>/x.rs` or
// `<dir>/x/mod.rs` (both existing is an error). `#[path = "p"]` is relative
// to the including file's directory, or inside an inline module to that
// module's directory.
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_MOD_PATH_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_MOD_PATH_H_

#include <string>
#include <string_view>
#include <vector>

namespace bindfuzz::rust_frontend {

// "a/b/c.rs" -> "a/b"; "c.rs" -> ""; "/c.rs" -> "/".
std::string DirName(std::string_view path);
// "a/b/c.rs" -> "c.rs".
std::string BaseName(std::string_view path);
// `rel` under `dir` ("" = the current directory); an absolute `rel` as is.
// "." segments and repeated slashes are dropped; ".." is kept (it may cross
// a symbolic link).
std::string JoinPath(std::string_view dir, std::string_view rel);
// JoinPath("", path).
std::string NormalizePath(std::string_view path);
// The two files `mod name;` may be in, for a module whose directory is `dir`.
std::vector<std::string> ModFileCandidates(std::string_view dir, std::string_view name);
// The directory of the module read from `file`.
std::string ModuleDir(std::string_view file, bool mod_rs_like);
// Is `file` named mod.rs?
bool IsModRs(std::string_view file);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_MOD_PATH_H_
