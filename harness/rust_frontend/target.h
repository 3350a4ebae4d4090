// Target facts of the Rust front end (internal): the machine a layout is
// computed for, Rust's primitive types, the C types of core::ffi /
// std::os::raw / libc, and the library types whose layout the front end
// knows without their source (PhantomData, MaybeUninit, NonNull, Option,
// atomics, bindgen's helper types).
//
//   BF_ASSIGN_OR_RETURN(Target tg, MakeTarget(options));
//   Prim p;
//   if (LookupCType("c_long", tg, &p)) ...   // {kInt, 64 bits, signed} on x86_64
//
// Everything here is a pure function of a name and the Target. The facts
// come from the target model generated from rustc (harness/target/target.h):
// every target of its table is supported. The layout engine reads sizes and
// alignments from Target, never from the triple.
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_TARGET_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_TARGET_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "harness/rust_frontend/rust_frontend.h"
#include "harness/target/target.h"

namespace bindfuzz::rust_frontend {

struct Target {
  std::string triple;
  uint32_t ptr = 8;  // bytes
  uint32_t long_bytes = 8;
  bool char_signed = true;
  uint32_t i64_align = 8;
  uint32_t f64_align = 8;
  uint32_t i128_align = 16;
  uint32_t c_int_bits = 32;
  uint32_t c_enum_min_bits = 32;  // smallest #[repr(C)] enum
  const target::TargetInfo* info = nullptr;  // the table's row
};

// The target of `o.target_triple` (a Rust triple or a clang spelling of a
// target of the table), with `o.c_char_signed` applied. InvalidArgument for
// any other triple, listing the supported ones.
absl::StatusOr<Target> MakeTarget(const RustFrontendOptions& o);

// A primitive type as the layout engine and the contract see it.
struct Prim {
  enum Cat { kInt, kFloat, kBool, kChar, kVoid, kStr } cat = kInt;
  uint32_t bits = 0;  // kInt/kFloat
  bool is_signed = false;
};

// Rust primitive type names (`u8` .. `i128`, `usize`, `f64`, `bool`, `char`,
// `str`).
bool LookupRustPrim(std::string_view n, const Target& tg, Prim* p);

// C type names of core::ffi / std::os::raw / libc / the ctypes prefix
// (`c_int`, `c_long`, `c_char`, `c_void`, `c_size_t`, ...).
bool LookupCType(std::string_view n, const Target& tg, Prim* p);

// The contract's calling convention (the C front end's spelling: "" for
// the target's C convention, else clang's name: "stdcall", "ms_abi",
// "sysv_abi", ...) of `extern "<abi>"` on `tg`, as rustc treats it there:
// "system" is "C" except on 32-bit x86 Windows, "win64" is "C" on x86_64
// Windows. An ABI rustc rejects on the target keeps its own name.
std::string ContractCallingConv(std::string_view abi, const Target& tg);

// Library types with a known layout, by the last segment of their path.
enum class Builtin {
  kNone, kPhantomData, kPhantomPinned, kTransparentWrapper /* MaybeUninit & co */, kOpaque,
  kNonNull, kOption, kBox, kAtomicInt, kAtomicBool, kAtomicPtr, kNonZero, kNonZeroGeneric,
  kBitfieldUnit, kIncompleteArray, kUnionField, kOpaqueArray,
};

struct BuiltinInfo {
  Builtin b = Builtin::kNone;
  uint32_t bits = 0;  // kAtomicInt, kNonZero: the integer
  bool is_signed = false;
  uint32_t extra_align = 0;  // __BindgenOpaqueArrayN
};

BuiltinInfo LookupBuiltin(std::string_view n, const Target& tg);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_TARGET_H_
