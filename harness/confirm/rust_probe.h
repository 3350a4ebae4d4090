// The Rust half of `check --confirm`: a probe crate over the same Rust
// sources, compiled by rustc, giving the values findings state.
//
//   BF_ASSIGN_OR_RETURN(RustProbeCrate crate, RustProbeCrate::Build(sources));
//   std::optional<RustItemRef> r = crate.Find(rust_contract.records.at("file").loc);
//   RustFact f = RustFact::Ints(r->root, {"::core::mem::size_of::<" + r->Path() + ">() as u64"});
//   BF_ASSIGN_OR_RETURN(RustProbeRun run, RunRustProbe(crate, {f}, {}));
//   run.results[0].ints;  // {184}
//
// The crate is laid out as the inputs form it: every input is a module
// (`include!` of a copy with inner attributes blanked), and an input that
// another input `include!`s (the kernel's lib.rs includes
// bindings_generated.rs inside `mod bindings_raw`) is included there
// instead, so paths and privacy are rustc's. `ffi` and `libc` name the crate
// root, which holds the target's C types (`extern crate self as ffi`).
// Items are found by the source location the Rust front end recorded, so a
// contract key never has to be turned back into a Rust name.
//
// Facts are `#[no_mangle]` statics of `[u64; N]` (or the bytes of a string
// constant) read back from the LLVM IR rustc emits: nothing runs, except
// bitfield facts, which call bindgen's setters in the probe's `main` on the
// host. Each fact is on its own line of main.rs; rustc's JSON diagnostics
// name the line of a fact it rejects (also through macro expansions), that
// fact is dropped and the crate compiled again; what no line explains is
// isolated by bisection.
//
// Names from the inputs reach the generated code only as validated
// identifiers (keywords as raw identifiers); the generator refuses facts
// with characters outside a small set (no quotes, `#`, `/`, `;`, newlines).
#ifndef BINDFUZZ_HARNESS_CONFIRM_RUST_PROBE_H_
#define BINDFUZZ_HARNESS_CONFIRM_RUST_PROBE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/confirm/crate_probe.h"
#include "harness/contract/contract.h"
#include "harness/rust_frontend/rust_frontend.h"

namespace bindfuzz::confirm {

// Type shapes rustc reports (bindfuzz_rt in the probe crate). SHAPE is
// [class, size, align, inner class, inner size, inner align, count] with
// class 1 signed int, 2 unsigned int, 3 float, 4 pointer (inner: pointee),
// 5 function pointer, 6 bool, 7 void, 8 aggregate, 9 array (inner: element,
// count), 10 never, 11 zero-sized aggregate (an opaque handle). SIG, for
// function pointers, is [ret class, size, align, arity | variadic << 32,
// then class, size, align, inner class per parameter], for up to
// kMaxArity parameters (the inner class tells a pointer to a pointer).
inline constexpr size_t kShapeLen = 7;
inline constexpr size_t kMaxArity = 16;
inline constexpr size_t kSigParamLen = 4;
inline constexpr size_t kSigLen = 4 + kSigParamLen * kMaxArity;

// An item of the inputs as the probe crate names it.
struct RustItemRef {
  enum class Kind { kType, kValue, kField, kMethod, kVariant };
  Kind kind = Kind::kType;
  size_t root = 0;                // the probe module a fact about it goes into
  std::vector<std::string> path;  // from the crate root, validated (raw where needed)
  std::string member;             // kField: field spelling; kMethod: method name; kVariant: variant
  std::string item_kind;          // "struct", "union", "enum", "type", "const", "static", "fn", ...

  // `crate::bindfuzz_in_0::bindings_raw::file`; for a field/method/variant,
  // the owner's path.
  std::string Path() const;
};

// A fact for rustc. Each part is a u64 expression (`len` 0) or an
// expression of type [u64; len]; the fact's value is their concatenation.
struct RustFact {
  enum class Kind {
    kInts,     // `parts`
    kBytes,    // `parts[0].expr`: an expression of type &[u8; N] (a byte-string constant)
    kRuntime,  // `parts[0].expr`: a Vec<u8> computed by the probe's main (host only)
  };
  struct Part {
    std::string expr;
    size_t len = 0;
  };
  Kind kind = Kind::kInts;
  size_t root = 0;
  std::vector<Part> parts;
  // A rustc error on this fact whose message contains one of these is the
  // answer "absent"/"invalid", not a failure.
  std::vector<std::string> absent_if;

  static RustFact Ints(size_t root, std::vector<std::string> exprs);
  size_t Width() const;  // number of u64 values (kInts)
};

struct RustFactResult {
  enum class State { kValue, kAbsent, kFailed };
  State state = State::kFailed;
  std::vector<uint64_t> ints;
  std::string bytes;
  std::string error;
};

// The inputs, prepared once: where each item is, how each file is placed.
class RustProbeCrate {
 public:
  static absl::StatusOr<RustProbeCrate> Build(const std::vector<rust_frontend::RustSource>& sources,
                                              bool in_crate = false);
  // A crate read with --crate: `expanded` is its -Zunpretty=expanded text,
  // whose module paths are the crate's own; items are named from `crate::`
  // and the probe is appended to the crate's real root (crate_probe.h).
  static absl::StatusOr<RustProbeCrate> BuildInCrate(const rust_frontend::RustSource& expanded);
  bool in_crate() const { return in_crate_; }

  // The item (or field, accessor, variant) whose name token is at `loc`.
  std::optional<RustItemRef> Find(const contract::SourceLoc& loc) const;

  size_t size() const { return texts_.size(); }
  // The copy of input `i` the crate includes (inner attributes blanked,
  // resolved `include!`s pointing at the copies).
  const std::string& text(size_t i) const { return texts_[i]; }
  // Inputs that are modules of the crate root (not included by another).
  const std::vector<size_t>& roots() const { return roots_; }
  const std::vector<std::string>& notes() const { return notes_; }
  // Input `i`'s root input and the module path of its include site there.
  size_t root_of(size_t i) const { return root_of_[i]; }
  const std::vector<std::string>& prefix(size_t i) const { return prefix_[i]; }
  // Paths of the inputs' `__BindgenUnionField` structs (bindgen's union
  // emulation: a zero-sized view of a T member): the probe measures T.
  std::vector<std::string> UnionFieldPaths() const;

 private:
  std::vector<std::string> names_;  // RustSource::name
  std::vector<std::string> texts_;
  std::vector<size_t> roots_;
  std::vector<size_t> root_of_;                  // per input
  std::vector<std::vector<std::string>> prefix_;  // per input: module path of its include site
  std::map<std::tuple<size_t, uint32_t, uint32_t>, RustItemRef> by_loc_;
  std::vector<std::string> notes_;
  bool in_crate_ = false;
};

struct RustProbeOptions {
  std::string rustc;               // "" = rustc on PATH
  std::string rust_triple;         // "" = the host; else a target of the target table (minicore)
  bool force_minicore = false;     // the minicore probe even when rust_triple is the host
  std::optional<bool> c_char_signed;  // ffi::c_char; default: the target's
  int timeout_seconds = 600;
  int max_compiles = 24;
  std::string work_dir;
  bool keep_work_dir = false;
  // For a crate built with BuildInCrate: how cargo compiles it. The probe
  // is compiled with that rustc, its arguments and environment.
  std::optional<CargoCrateBuild> cargo_crate;
  // Without cargo_crate: rustc `--cfg` values (`newlib`, `feature="x"`)
  // the inputs' #[cfg] were evaluated with.
  std::vector<std::string> cfgs;
};

struct RustProbeRun {
  std::string compiler;  // "rustc 1.95.0"
  bool host = true;      // false: minicore (no runtime facts)
  std::vector<RustFactResult> results;
  int compiles = 0;
  double seconds = 0;
  std::string work_dir;
};

absl::StatusOr<RustProbeRun> RunRustProbe(const RustProbeCrate& crate, const std::vector<RustFact>& facts,
                                          const RustProbeOptions& options);

// ---- pieces, exposed for tests

// A Rust identifier for generated code: the name, `r#name` for a keyword,
// or "" when it cannot be named safely.
std::string SafeRustIdent(std::string_view name, bool allow_tuple_index);

// Why `fact` cannot be pasted into Rust source, or "" when it can.
std::string UnsafeRustFact(const RustFact& fact);

struct RustProbeSource {
  std::string main_rs;
  std::vector<uint32_t> lines;          // per fact: its line in main_rs (0 = inactive/refused)
  std::vector<uint32_t> runtime_lines;  // per fact: the line of its call in main (runtime facts)
  std::vector<std::string> refused;     // per fact: why the generator refused it
};
RustProbeSource GenerateRustProbe(const RustProbeCrate& crate, const std::vector<RustFact>& facts,
                                  const std::vector<bool>& active, const std::string& ffi_items,
                                  bool runtime);

}  // namespace bindfuzz::confirm

#endif  // BINDFUZZ_HARNESS_CONFIRM_RUST_PROBE_H_
