// rustc as a cross-target layout oracle, without a standard library.
//
// The installed rustc has the x86_64 standard library only, but it can lay
// out types for any built-in target: a `#![no_core]` crate that declares
// the few lang items layout needs, compiled with `--target T
// --emit=llvm-ir`, has rustc's own size_of/align_of/offset_of values as
// constant bytes in the `.ll` (nothing runs). MinicoreSession builds two
// small crates for the target, our own stand-ins named `core` and `std`
// (lang items, `core::mem::{size_of, align_of}`, `Option`, `PhantomData`,
// `ManuallyDrop`, `MaybeUninit`, `NonNull`, `UnsafeCell`, operator traits,
// `core::ffi`, `std::os::raw`), then compiles probe crates against them, so
// `core::ffi::c_long`, `::core::mem::MaybeUninit` and
// `std::os::raw::c_char` resolve as in real code. Probe items see
// `core::prelude` (`Option`, `Some`, `None`, `Copy`, `derive`):
// `#[derive(Copy)]` works, other derives do not, and union fields must be
// `Copy` or `ManuallyDrop` as in real Rust. `Option<extern "C" fn()>` gets
// its niche from the function pointer like any two-variant enum.
//
//   BF_ASSIGN_OR_RETURN(auto s, MinicoreSession::Create("armv7-unknown-linux-gnueabihf", {}));
//   BF_ASSIGN_OR_RETURN(ProbeResult r, s->Probe(
//       "#[repr(C)] pub struct S { a: u8, b: core::ffi::c_long }\n",
//       {{QueryKind::kSize, "S"}, {QueryKind::kOffset, "S", "b"},
//        {QueryKind::kSize, "Option<extern \"C\" fn()>"}}));
//   r.values;  // {8, 4, 4}
//
// Where core::ffi's aliases come from (MinicoreOptions::ffi):
//  * kTargetTable: our target table (target.h);
//  * kRustcCoreSource: the installed rustc's own `core/src/ffi/primitives.rs`
//    (from its rust-src or rust-docs component), its `cfg_select!` rules
//    evaluated by rustc for the target. This is how the table's aliases are
//    generated and checked.
//
// Probe items and types are Rust source compiled as given: callers that
// probe names from input files validate them first (see rustc_oracle.cc).
#ifndef BINDFUZZ_HARNESS_TARGET_MINICORE_PROBE_H_
#define BINDFUZZ_HARNESS_TARGET_MINICORE_PROBE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/target/target.h"

namespace bindfuzz::target {

enum class FfiSource { kTargetTable, kRustcCoreSource };

struct MinicoreOptions {
  std::string rustc;          // executable; "" = `rustc` on PATH
  std::string work_dir;       // "" = a fresh temporary directory, removed with the session
  bool keep_work_dir = false; // keep the temporary directory (for debugging)
  int timeout_seconds = 300;  // per rustc run
  FfiSource ffi = FfiSource::kTargetTable;
};

enum class QueryKind {
  kSize,     // core::mem::size_of::<type>()
  kAlign,    // core::mem::align_of::<type>()
  kOffset,   // offset_of!(type, field); field may be a path "a.b" or a tuple index "0"
  kIsSigned, // integer types only: 1 if `type` is signed, else 0
};

struct ProbeQuery {
  QueryKind kind = QueryKind::kSize;
  std::string type;   // a Rust type as it would be written in the probe crate
  std::string field;  // kOffset only
};

struct ProbeResult {
  std::vector<uint64_t> values;  // one per query, in order
  Endian endian = Endian::kLittle;  // the target's byte order, read from a marker word
};

// One rustc diagnostic (from --error-format=json). `line` is relative to
// the body passed to Compile/Probe (1-based; 0 when outside it).
struct Diagnostic {
  std::string level;    // "error", "warning", ...
  std::string code;     // "E0570", or "" for lints and plain errors
  std::string message;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string rendered;
};

struct CompileOutput {
  bool ok = false;
  std::string output;  // the .ll or .s text when ok
  std::vector<Diagnostic> diagnostics;
};

enum class Emit { kLlvmIr, kAsm };

class MinicoreSession {
 public:
  // Finds rustc, writes and compiles the `core`/`std` stand-ins for
  // `rust_triple` (any target rustc knows; kTargetTable needs it in the
  // table). Errors name rustc's first error and the file.
  static absl::StatusOr<std::unique_ptr<MinicoreSession>> Create(std::string_view rust_triple,
                                                                 const MinicoreOptions& options);
  ~MinicoreSession();
  MinicoreSession(const MinicoreSession&) = delete;
  MinicoreSession& operator=(const MinicoreSession&) = delete;

  // Compiles `items` plus a table of the queried values and reads the
  // values back. A rustc error names the query or the item line at fault.
  absl::StatusOr<ProbeResult> Probe(std::string_view items, const std::vector<ProbeQuery>& queries);

  // Compiles `body` (items of a no_core crate that sees `core`, `std` and
  // `core::prelude`) with `#![feature(...)]` for `features`. Failing to
  // compile is not an error status: see CompileOutput::ok/diagnostics.
  absl::StatusOr<CompileOutput> Compile(std::string_view body, Emit emit,
                                        const std::vector<std::string>& features = {},
                                        const std::vector<std::string>& rustc_flags = {});

  const std::string& rust_triple() const { return triple_; }
  const std::string& rustc() const { return rustc_; }
  const std::string& rustc_version() const { return rustc_version_; }
  const std::string& work_dir() const { return dir_; }

 private:
  MinicoreSession() = default;
  absl::StatusOr<CompileOutput> RunRustc(const std::string& crate_file, std::vector<std::string> args,
                                         uint32_t body_first_line, const std::string& out_file);

  std::string triple_, rustc_, rustc_version_, dir_;
  bool remove_dir_ = false;
  int timeout_seconds_ = 300;
  int counter_ = 0;
};

// One-shot: a session, one probe.
absl::StatusOr<ProbeResult> RunMinicoreProbe(std::string_view rust_triple, std::string_view items,
                                             const std::vector<ProbeQuery>& queries,
                                             const MinicoreOptions& options);

// ---- pieces, exposed for tests, the table generator and the rustc oracle

// `#[no_mangle] pub static <name>: [u64; N + 1] = [marker, <queries>...];`:
// the table Probe appends to its items, for a caller that places it inside
// a module of its own crate (types are then relative to that module) and
// compiles it with MinicoreSession::Compile.
std::string ProbeValuesItem(std::string_view name, const std::vector<ProbeQuery>& queries);
// The values of that static, read from the `.ll` of the compile.
absl::StatusOr<ProbeResult> ReadProbeValues(std::string_view ll, std::string_view name,
                                            const std::vector<ProbeQuery>& queries);

// Rust source of `core::ffi`'s aliases on `t`, from the target table.
std::string FfiModuleFromTable(const TargetInfo& t);

// `rustc --print sysroot`.
absl::StatusOr<std::string> RustcSysroot(const std::string& rustc);

// The installed rustc's own definition of core::ffi's aliases and of
// std::os::raw's names.
struct RustcFfiSource {
  std::string module_body;                 // compiles inside our `core::ffi`
  std::vector<std::string> std_os_raw;     // names std::os::raw re-exports from core::ffi
  std::string primitives_path, raw_path;   // where they were read from
};
// Reads `<sysroot>/lib/rustlib/src/rust/library/...` (rust-src) or else
// `<sysroot>/share/doc/rust/html/src/...` (rust-docs). NotFound when
// neither component is installed.
absl::StatusOr<RustcFfiSource> LoadRustcFfiSource(const std::string& sysroot);
// `primitives_rs` (core/src/ffi/primitives.rs) -> module body: its
// `mod *_definition { cfg_select! ... }` blocks verbatim, `type_alias!`
// invocations as `pub type` items, and its plain `pub type` items.
absl::StatusOr<std::string> FfiModuleFromCoreSource(std::string_view primitives_rs, std::string_view file);
// `raw_mod_rs` (std/src/os/raw/mod.rs) -> the names of its alias list.
absl::StatusOr<std::vector<std::string>> StdOsRawNamesFromSource(std::string_view raw_mod_rs, std::string_view file);
// The source text of a rustdoc source page (`src/.../x.rs.html`).
absl::StatusOr<std::string> RustdocSourceToText(std::string_view html, std::string_view file);

// The bytes of LLVM global `@name` in `ll` (`c"..."` or zeroinitializer).
absl::StatusOr<std::string> LlvmGlobalBytes(std::string_view ll, std::string_view name);

// rustc --error-format=json stderr -> diagnostics; lines are made relative
// to a body starting at `body_first_line` of the crate file.
std::vector<Diagnostic> ParseRustcDiagnostics(std::string_view stderr_text, uint32_t body_first_line);

}  // namespace bindfuzz::target

#endif  // BINDFUZZ_HARNESS_TARGET_MINICORE_PROBE_H_
