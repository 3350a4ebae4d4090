// The target model: what the Rust side of a binding assumes on each target,
// as rustc itself says it.
//
// One row per supported target in `target_table.inc`, a checked-in table
// generated from the installed rustc by `scripts/gen-target-table.sh` and
// checked against rustc by the `oracle`-labelled tests (see docs/targets.md
// for where each fact comes from). Clang-free, std + Abseil only.
//
// A target is named by its Rust triple (`armv7-unknown-linux-gnueabihf`) or
// by a clang triple that maps to it (`arm-linux-gnueabihf`,
// `armv7-linux-gnueabihf`, ...), so the `--target` of the C side can be
// carried over to the Rust side:
//
//   std::optional<std::string> c_target = ClangTargetFromFlags(c_flags);
//   absl::StatusOr<const TargetInfo*> t = LookupTarget(c_target.value_or("x86_64-linux-gnu"));
//   if (!t.ok()) { std::cerr << t.status().message() << "\n"; return 2; }  // lists the supported targets
//   (*t)->pointer_bits;                       // 32
//   CoreFfiAlias(**t, "c_char");              // "u8": core::ffi::c_char is unsigned on Arm Linux
//   RustPrimLayout(**t, "u64")->align;        // 8
//   CanonicalAbi(**t, "system");              // "C"
//   CanonicalAbi(**t, "stdcall");             // nullopt: rustc rejects it on this target
//
// Both sides on one target:
//
//   absl::StatusOr<const TargetInfo*> t =
//       ResolveTarget(ClangTargetFromFlags(c_flags).value_or(""), rust_target_flag, "x86_64-linux-gnu");
#ifndef BINDFUZZ_HARNESS_TARGET_TARGET_H_
#define BINDFUZZ_HARNESS_TARGET_TARGET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace bindfuzz::target {

enum class Endian : uint8_t { kLittle, kBig };

// One target. Strings are rustc's spellings (`target_arch`, `target_os`,
// ... cfg values; "" where rustc has none). Alignments are ABI alignments in
// bytes, as rustc lays the type out; sizes are fixed by Rust (iN/uN are N/8
// bytes, f32 4, f64 8, bool 1, char 4, usize/isize/pointers pointer_bits/8).
struct TargetInfo {
  std::string_view rust_triple;
  std::string_view clang_triple;   // what to give clang's --target for this target
  std::string_view clang_aliases;  // other clang spellings, space-separated (see NormalizeClangTriple)
  std::string_view arch, os, env, vendor, abi, family;  // rustc cfg values
  std::string_view llvm_target;
  std::string_view data_layout;    // the LLVM data layout rustc uses
  uint32_t pointer_bits = 64;
  Endian endian = Endian::kLittle;
  uint32_t align_i8 = 1, align_i16 = 2, align_i32 = 4, align_i64 = 8, align_i128 = 16;
  uint32_t align_f32 = 4, align_f64 = 8, align_ptr = 8;
  // The Rust primitive behind the core::ffi aliases that vary by target
  // ("i8"/"u8", "i32"/"i16", "i64"/"i32"); see CoreFfiAlias for all names.
  std::string_view c_char, c_int, c_long;
  uint32_t c_enum_min_bits = 32;   // smallest #[repr(C)] enum (8 where C enums are short)
};

// A calling convention rustc accepts on a target. `same_as` names the
// convention it is: the first of "C", "cdecl", "stdcall", "fastcall",
// "vectorcall", "thiscall", "sysv64", "win64", "aapcs", "efiapi", "system"
// for which rustc emits the same machine code; `deprecated` when rustc
// accepts it only with the `unsupported_calling_conventions` warning.
struct AbiInfo {
  std::string_view rust_triple;
  std::string_view abi;
  std::string_view same_as;
  bool deprecated = false;
};

// Every target of the table, in table order.
absl::Span<const TargetInfo> AllTargets();

// The Rust triples of AllTargets(), for error messages and --help.
std::vector<std::string> SupportedTargets();
// "supported targets: x86_64-unknown-linux-gnu (clang x86_64-linux-gnu), ..."
std::string SupportedTargetsMessage();

// Exact Rust triple, or nullptr.
const TargetInfo* FindByRustTriple(std::string_view rust_triple);
// A clang triple (primary or alias, after NormalizeClangTriple), or nullptr.
const TargetInfo* FindByClangTriple(std::string_view clang_triple);
// Either spelling (Rust triple first). NotFound names the triple and lists
// the supported targets: a caller exits 2 with that message.
absl::StatusOr<const TargetInfo*> LookupTarget(std::string_view triple);

// The one target both sides use. `c_triple` is the C side's target (e.g.
// from ClangTargetFromFlags), `rust_triple` the Rust side's; either may be
// empty. Both given: they must name the same target, else InvalidArgument
// naming both. One given: that one (a C --target carries over to Rust).
// None: `default_triple`. Unknown triples: NotFound as LookupTarget.
absl::StatusOr<const TargetInfo*> ResolveTarget(std::string_view c_triple, std::string_view rust_triple,
                                                std::string_view default_triple);

// Lower-cases `triple`, drops a vendor that does not change the target
// (`pc`, `unknown`, `ibm`: `x86_64-pc-linux-gnu` -> `x86_64-linux-gnu`) and
// an OS version (`arm64-apple-macosx14.0.0` -> `arm64-apple-macosx`).
std::string NormalizeClangTriple(std::string_view triple);

// The target a clang command line selects (`--target=T`, `--target T`,
// `-target T`; the last one wins), or nullopt if it selects none.
std::optional<std::string> ClangTargetFromFlags(const std::vector<std::string>& flags);

// The Rust primitive a core::ffi (= std::os::raw, libc) C type name stands
// for on `t`: "c_char" -> "i8"/"u8", "c_long" -> "i64"/"i32", "c_size_t" ->
// "usize", "c_void" -> "c_void"; nullopt for other names.
std::optional<std::string_view> CoreFfiAlias(const TargetInfo& t, std::string_view name);
// The names CoreFfiAlias knows, in core's order.
absl::Span<const std::string_view> CoreFfiNames();
// The names std::os::raw re-exports from core::ffi (the C types of
// CoreFfiNames without c_size_t, c_ssize_t and c_ptrdiff_t).
absl::Span<const std::string_view> StdOsRawNames();

struct PrimLayout {
  uint32_t size = 0;   // bytes
  uint32_t align = 0;  // bytes
  enum class Kind : uint8_t { kSignedInt, kUnsignedInt, kFloat, kBool, kChar } kind = Kind::kSignedInt;
};
// Layout of a Rust primitive ("u8".."u128", "i8".."i128", "usize", "isize",
// "f32", "f64", "bool", "char") on `t`, or nullopt.
std::optional<PrimLayout> RustPrimLayout(const TargetInfo& t, std::string_view prim);
// The primitive names RustPrimLayout knows.
absl::Span<const std::string_view> RustPrimNames();

// The calling conventions rustc accepts on `t` (table order).
std::vector<AbiInfo> AbisOf(const TargetInfo& t);
// What `extern "<abi>"` is on `t` (an "-unwind" suffix is ignored):
// "system" -> "C" except on 32-bit x86 Windows ("stdcall"); nullopt when
// rustc rejects the ABI on this target or does not know it.
std::optional<std::string_view> CanonicalAbi(const TargetInfo& t, std::string_view abi);

// Banner of the generated table: the rustc it was generated with.
std::string_view TableRustcVersion();

}  // namespace bindfuzz::target

#endif  // BINDFUZZ_HARNESS_TARGET_TARGET_H_
