// bindfuzz ownership contract: what the Rust side assumes about the lifetime
// of C objects, as plain data.
//
// Layouts say nothing about who owns a returned pointer, whether it may be
// NULL or ERR_PTR, how long a borrow stays valid, or whether C keeps a
// pointer after a call returns. An `OwnershipSpec` states those assumptions.
// It is written by hand (a `.bfspec` text file kept beside the bindings,
// parsed by harness/spec) or proposed by `bindfuzz infer` from Rust
// abstraction source, and drives the sequence fuzzers `bindfuzz gen
// --spec` generates. Every item carries the spec line it came from, so a
// report can name the assumption that failed.
//
// Like contract.h: std only, ordered containers, stable JSON
// (ownership_json.h).
//
// Example (the spec text of docs/spec-format.md, as data):
//   resource task_struct { get get_task_struct; put put_task_struct; }
//   fn find_get_task(pid: i32) -> owned task_struct errptr_or_null;
//   bindfuzz::contract::OwnershipSpec spec;
//   auto& r = spec.resources["task_struct"];
//   r.name = "task_struct"; r.get = "get_task_struct"; r.put = "put_task_struct";
#ifndef BINDFUZZ_HARNESS_CONTRACT_OWNERSHIP_H_
#define BINDFUZZ_HARNESS_CONTRACT_OWNERSHIP_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/contract/contract.h"

namespace bindfuzz::contract {

// What a pointer the Rust side receives may be, and what Rust checks.
enum class Nullability {
  kNonNull,       // never NULL, never ERR_PTR (Rust: &T / NonNull / ARef)
  kNullable,      // NULL means "none" (Rust: Option<..>, is_null() check)
  kErrPtr,        // IS_ERR() means error; NULL is let through as Ok
                  // (kernel::error::from_err_ptr)
  kErrPtrOrNull,  // both checked (IS_ERR_OR_NULL)
};

// A kind of C object whose lifetime Rust tracks: an owned pointer, a
// reference-counted object, or a borrow-only view (no release at all).
struct ResourceSpec {
  std::string name;          // spec name, usually the C type ("task_struct")
  std::string c_type;        // C spelling of the pointee, "" = opaque (void)
  // How an owned reference ends. At most one of `release` / `put` is set;
  // neither: a borrow-only resource Rust never frees.
  std::string release;       // frees the object: kfree, sqlite3_finalize
  std::string get;           // takes one more reference (AlwaysRefCounted::inc_ref)
  std::string put;           // drops one reference (dec_ref); the last frees
  // Functions that create a new owned reference (also stated on the
  // function's return; listed here for readers and for `infer`).
  std::vector<std::string> acquire;
  // Minimum alignment Rust relies on for the pointer (XArray entries,
  // ForeignOwnable pointers with tag bits); 0 = none assumed.
  uint64_t align = 0;
  // The reference count is kept by Rust itself (inc_ref/dec_ref change a
  // Rust-side counter and call no C function; Linux 6.12's blk-mq `Request`
  // keeps an AtomicU64 in the request's private data). Excludes get/put.
  bool rust_refcount = false;
  // A Rust object lent to C as an untyped pointer (kernel ForeignOwnable:
  // into_foreign hands C ownership, from_foreign takes it back, borrow lends
  // it); C must return it exactly once. `name` is the Rust type.
  bool foreign = false;
  // Where Rust made the assumption (infer), for reports only.
  std::string rust_origin;
  SourceLoc loc;
  friend bool operator==(const ResourceSpec&, const ResourceSpec&) = default;
};

// What happens to a pointer argument when the call returns.
enum class ParamMode {
  kScalar,    // integer / bool passed by value (`type`)
  kBorrowed,  // pointer to a live resource; Rust still owns it after the call
  kConsumed,  // ownership passes to C; Rust forgets it (no release later)
  kRetained,  // Rust still owns it, but C keeps the pointer until one of
              // `until` is called: Rust must not release it before
  kBufIn,     // pointer to bytes Rust provides (length from a kLen param)
  kBufOut,    // pointer to bytes C fills (length from a kLen param)
  kStrIn,     // NUL-terminated string Rust provides
  kLen,       // the length of the buffer param `len_of`
  kOutOwned,     // `R **out`: C stores a new owned reference to `resource`
  kOutBorrowed,  // `R **out`: C stores a borrow of `resource`, valid while
                 // the resource parameter `parent` is (same rules as a
                 // borrowed return `of parent`)
  kUnknown,   // infer saw the argument but not what C does with it (`_`);
              // a proposal to complete by hand, never fuzzed as is
  kCallback,  // a function pointer: the Rust closure of callback item `callback`
  kUserData,  // the untyped pointer C passes back to callback `callback`
};

enum class LenUnit { kBytes, kElements };

struct ParamSpec {
  std::string name;
  ParamMode mode = ParamMode::kScalar;
  Type type;                 // kScalar / kLen: an integer (or bool) type
  std::string resource;      // kBorrowed / kConsumed / kRetained
  std::vector<std::string> until;  // kRetained: calls that end C's hold
  // A pointer parameter Rust may pass as NULL (`Option<&T>`, `ptr::null()`
  // for None): C must accept NULL there.
  bool nullable = false;
  std::string parent;        // kOutBorrowed: the parameter the borrow comes from
  std::string callback;      // kCallback / kUserData: the callback item
  // kLen: which buffer it measures, in what unit; elem_size for kElements.
  std::string len_of;
  LenUnit unit = LenUnit::kBytes;
  uint64_t elem_size = 1;
  // kScalar: inclusive range the fuzzer draws from (Rust-side invariant,
  // e.g. a column index < column count); unset = the whole type.
  bool has_range = false;
  int64_t range_lo = 0;
  int64_t range_hi = 0;
  // kLen `inout`: C gets a pointer to the length (`size_t *n`): the capacity
  // on input, the units C wrote on output, which Rust takes (`set_len(*n)`).
  // With `retry on V`, a return of V means "too small: *n holds the units
  // needed" (Rust grows the buffer to *n and calls again).
  bool inout = false;
  bool has_retry = false;
  int64_t retry_on = 0;
  // kBufIn / kBufOut `len N`: a fixed-size array (`[u8; N]`) of N units of
  // `elem_size` bytes (`unit`); 0 = the length comes from a kLen parameter.
  uint64_t fixed_len = 0;
  // kScalar `< f(a, b)` / `<= f(a, b)`: the value lies in 0..f(a, b) (up to
  // f(a, b) itself when `range_inclusive`), where `range_fn` is a spec
  // function and `range_args` name parameters of this one (Rust checks
  // `i < self.len()` before the call). "" = no dependent range.
  std::string range_fn;
  std::vector<std::string> range_args;
  bool range_inclusive = false;
  SourceLoc loc;
  friend bool operator==(const ParamSpec&, const ParamSpec&) = default;
};

enum class ReturnKind {
  kVoid,
  kScalar,    // `type`
  kOwned,     // a new reference to `resource` Rust must release/put
  kBorrowed,  // a pointer Rust may use only inside the validity window
  kStr,       // a borrowed NUL-terminated string (window as for kBorrowed)
  kBuf,       // a borrowed byte buffer whose length comes from `len_fn`
  kPtr,       // a pointer whose ownership the Rust side does not state
              // (infer: only its NULL / ERR_PTR checks are known)
};

// How long a borrowed return stays valid, in Rust's view. The window closes
// at the first call of any function in `closed_by` that is passed the same
// `parent` (a parameter name of the returning function), and always when
// the parent's owner releases it.
struct BorrowWindow {
  std::string parent;                  // "" = no parent (global borrow)
  std::vector<std::string> closed_by;  // e.g. sqlite3_step, sqlite3_reset
  friend bool operator==(const BorrowWindow&, const BorrowWindow&) = default;
};

struct ReturnSpec {
  ReturnKind kind = ReturnKind::kVoid;
  Type type;                 // kScalar
  std::string resource;      // kOwned / kBorrowed
  Nullability nullability = Nullability::kNonNull;
  BorrowWindow window;       // kBorrowed / kStr / kBuf
  // kBuf / kStr: a function (same arguments) that returns the length, and
  // whether Rust assumes a NUL after it.
  std::string len_fn;
  LenUnit len_unit = LenUnit::kBytes;
  uint64_t len_elem_size = 1;  // kElements: bytes per element
  bool nul_terminated = false;
  // kScalar: the result is how many units C wrote into this buf_out
  // parameter (units of its `len`); Rust takes that many (`set_len(n)`)
  // when it is not negative. "" = a plain scalar.
  std::string written_of;
  SourceLoc loc;
  friend bool operator==(const ReturnSpec&, const ReturnSpec&) = default;
};

// What the Rust closure receives in one parameter of a callback, and what it
// does with it.
enum class CallbackArgMode {
  kScalar,    // an integer / bool by value (`type`)
  kBorrowed,  // a `resource` pointer valid only during the call; the closure uses it
  kKept,      // the same, but the closure keeps it past the call and uses it later
  kOwned,     // the closure receives ownership and releases it before returning
  kUserData,  // the pointer registered with it (the closure's state), passed back
};

struct CallbackArgSpec {
  std::string name;
  CallbackArgMode mode = CallbackArgMode::kScalar;
  Type type;                 // kScalar
  std::string resource;      // kBorrowed / kKept / kOwned
  SourceLoc loc;
  friend bool operator==(const CallbackArgSpec&, const CallbackArgSpec&) = default;
};

// A function pointer C calls back into Rust, and when.
struct CallbackSpec {
  std::string name;          // the parameter or field that carries it
  std::string registered_by; // function that hands it to C
  // Calls during which C may run it after `registered_by` returned; empty =
  // any call while registered (with `unregistered_by`), else only inside
  // `registered_by`.
  std::vector<std::string> runs_during;
  // Call after which C never runs it again (unregister); "" = the end of the
  // input with `runs_during`, else the end of the registering call.
  std::string unregistered_by;
  // The closure's signature, when the spec states it (`callback NAME(..) ->
  // ret`): then the registering function passes it in its `callback NAME`
  // parameter and the sequence fuzzer provides it. Without it, the callback
  // is only documented.
  bool has_signature = false;
  std::vector<CallbackArgSpec> params;
  Type ret = Type::Void();   // void, or a scalar the closure returns (0)
  SourceLoc loc;
  friend bool operator==(const CallbackSpec&, const CallbackSpec&) = default;
};

struct FunctionSpec {
  std::string name;          // the C symbol Rust calls
  std::vector<ParamSpec> params;
  ReturnSpec ret;
  std::string rust_origin;   // where Rust made the assumption (infer)
  SourceLoc loc;
  friend bool operator==(const FunctionSpec&, const FunctionSpec&) = default;
};

inline constexpr int kOwnershipFormatVersion = 1;

struct OwnershipSpec {
  std::string file;          // the .bfspec it was parsed from
  std::map<std::string, ResourceSpec> resources;
  // In spec order: the order functions are listed is the order a sequence
  // fuzzer numbers its operations, so saved inputs stay meaningful.
  std::vector<FunctionSpec> functions;
  std::vector<CallbackSpec> callbacks;
  std::vector<Note> notes;   // what infer saw but could not model
  // `reset NAME;`: a C function of the library (no arguments, result
  // ignored) the sequence engine calls before each input, so that no state
  // carries from one input to the next; "" = none.
  std::string reset;
  SourceLoc reset_loc;
  friend bool operator==(const OwnershipSpec&, const OwnershipSpec&) = default;
};

// Names as the spec text and JSON spell them ("errptr_or_null", "buf_in",
// "owned", "elems").
const char* NullabilityName(Nullability n);
const char* ParamModeName(ParamMode m);
const char* ReturnKindName(ReturnKind k);
const char* LenUnitName(LenUnit u);
const char* CallbackArgModeName(CallbackArgMode m);  // "borrowed", "kept", "user_data"

// The scalar types of the spec text (i8 .. u64, isize, usize, bool) as
// contract types: `Type::Int(32, true, "i32")`, `Type::Bool()`. False for
// any other spelling.
bool ScalarType(const std::string& spelling, Type* out);
// The spelling of a scalar type made by ScalarType (or any integer/bool
// type: its nearest spelling, "i64" for a 64-bit signed int), "" otherwise.
std::string ScalarSpelling(const Type& t);

// Clears every SourceLoc and `file` (not `rust_origin`, nor notes' locations,
// which name the Rust source): what stays equal when a spec is printed and
// parsed again (the printed text has other line numbers).
void ClearSpecLocs(OwnershipSpec& spec);

}  // namespace bindfuzz::contract

#endif  // BINDFUZZ_HARNESS_CONTRACT_OWNERSHIP_H_
