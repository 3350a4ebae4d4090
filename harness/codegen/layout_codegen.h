// Layout and call fuzzer generator (classes (a) to (f)).
//
// From the C truth and the Rust assumption, writes a C translation unit that
// is compiled against the real headers (it _Static_asserts that it
// reproduces the C contract's layouts and exports per-field accessors that
// go through the real C type) and a libFuzzer target that accesses objects
// allocated at exactly C's size through Rust's offsets and sizes:
//   (a) ASan heap-buffer-overflow when Rust believes an object larger or a
//       field further out than C allocates, and (input-chosen direction) when
//       Rust allocates an object smaller than C then stores into or copies;
//   (b) write through one side, read through the other: one stable tag line
//       `BINDFUZZ-MISMATCH: field-offset struct R.f rust=<off> c=<off>`;
//   (c) each side places the object at its own alignment, the other accesses
//       it through its typed view (UBSan: misaligned member access);
//   (d) each listed function is called through a pointer typed as Rust
//       declares it (UBSan -fsanitize=function), and every argument and the
//       return value must arrive bit-exact (tag: function-param-width, ...);
//   (e) values C can store in a field (or return) must be valid for the Rust
//       type: bool 0/1, a rustified enum's variants (tag: field-type,
//       enum-missing-value);
//   (f) bitfields round-trip between the C compiler's semantics and
//       bindgen's bitfield unit (tag: bitfield-position, bitfield-width).
//   Parameters and returns are compared by ABI class (width, signedness,
//   integer/pointer/float), never by C spelling: a typedef or pointee name
//   cannot cause a report.
//
//   LayoutGenOptions opt;
//   opt.name = "file";
//   opt.headers = {"/abs/path/input.h"};
//   absl::StatusOr<GeneratedFiles> out = GenerateLayoutFuzzer(c, rust, opt);
//   // out->files: "file_c_side.c", "file_fuzzer.cc", "file_c_flags.txt"
//
// The fuzzer is only tables and C accessors: the engine that runs them is
// shims/runtime/bf_layout_engine.{h,cc}. Build: cc <c_flags> -x c
// file_c_side.c; c++ file_fuzzer.cc and bf_layout_engine.cc; link them with
// shims/runtime/bindfuzz_runtime.c and -fsanitize=address,undefined,fuzzer
// (what the generated build.sh does).
//
// Generated code is deterministic (same inputs, same bytes) and never
// contains a name from the inputs outside an escaped string literal or
// comment, except C record, field and function names the C side must spell,
// each checked to be a plain identifier (codegen_text.h: CIdent); generated
// symbols are numbered: records and fields `r<N>` / `f<M>`.
#ifndef BINDFUZZ_HARNESS_CODEGEN_LAYOUT_CODEGEN_H_
#define BINDFUZZ_HARNESS_CODEGEN_LAYOUT_CODEGEN_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "harness/codegen/target_build.h"
#include "harness/contract/contract.h"

namespace bindfuzz::codegen {

// TargetOptions (target_build.h) for a layout target: `name` (default
// "layout"), `headers` the C side includes, `c_flags` the layout-relevant C
// flags it is compiled with (also written one per line to
// `<name>_c_flags.txt` and echoed in the C file's banner), `runtime_dir`
// (shims/runtime: build.sh) and `replay_main`; and what to cover.
struct LayoutGenOptions : TargetOptions {
  LayoutGenOptions() { name = "layout"; }
  // Records to cover (contract keys). Empty: every record present in both
  // contracts, complete and not anonymous on both sides (an opaque record is
  // covered by size only). A listed record that does not qualify is an error.
  std::vector<std::string> records;
  // Cover no records at all (a target of functions only).
  bool no_records = false;
  // Records whose key is a typedef name of an anonymous record
  // (`typedef struct { ... } atomic_t;`): spelled `atomic_t`, not
  // `struct atomic_t`. The contract does not say which keys are tags.
  std::set<std::string> typedef_named_records;
  // Functions to cover (class (d)), by name; each must be in both contracts
  // and have parameters and a return value of scalar or pointer type.
  // `all_functions`: every function in both contracts that qualifies (the
  // rest become notes).
  std::vector<std::string> functions;
  bool all_functions = false;
  // A listed function that cannot be covered becomes a note instead of an
  // error (used when the list comes from check's findings).
  bool functions_best_effort = false;
};

// The note of a function left out because C implements it as a macro or a
// builtin (harness/contract/not_addressable.h): its message starts with
// this, then the reason.
inline constexpr absl::string_view kNotAddressablePrefix = "C implements it as a macro or builtin: ";

// Notes: item = record or `record.field` or function.
absl::StatusOr<GeneratedFiles> GenerateLayoutFuzzer(const contract::Contract& c_truth,
                                                    const contract::Contract& rust,
                                                    const LayoutGenOptions& options);


}  // namespace bindfuzz::codegen

#endif  // BINDFUZZ_HARNESS_CODEGEN_LAYOUT_CODEGEN_H_
