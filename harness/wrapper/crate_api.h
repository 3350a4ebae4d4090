// The safe public API of a Rust wrapper crate, as wrapper mode (`bindfuzz
// gen --rust-crate`) can drive it: its public types (structs and enums with
// at most lifetime parameters), their inherent `pub fn`s, `Drop` and `Clone`,
// and public free functions, read with the Rust front end's lexer and parser
// (src/lib.rs and the `mod` files it declares).
//
//   BF_ASSIGN_OR_RETURN(CrateApi api, ReadCrateApi("path/to/crate"));
//   for (const ApiFn& f : api.fns) ...   // what the export shim exports
//   for (const contract::Note& n : api.notes) ...  // what was left out, why
//
// What safe Rust can pass is modelled: integers and bool, `&str`, `&[u8]`,
// `&mut [u8]`, `&T` / `&mut T` / `T` of an exported type; results that are
// nothing, integers, an exported type (also in `Option` / `Result`), a type
// whose lifetime borrows `&self` (`Statement<'conn>` from `&'conn self`), or
// something Rust reads and drops (strings, byte buffers, `Option`/`Result`
// of those). A function with anything else (generics, `impl Trait`,
// closures, unsafe) is left out with a note naming its file:line.
#ifndef BINDFUZZ_HARNESS_WRAPPER_CRATE_API_H_
#define BINDFUZZ_HARNESS_WRAPPER_CRATE_API_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/contract/contract.h"

namespace bindfuzz::wrapper {

struct ApiType {
  std::string name;               // Rust identifier
  std::vector<std::string> path;  // public path from the crate root (ends with name)
  bool has_lifetime = false;      // `Statement<'conn>`
  bool has_drop = false;          // `impl Drop`
  bool has_clone = false;         // `impl Clone` or `#[derive(Clone)]`
  contract::SourceLoc loc;
  contract::SourceLoc clone_loc;  // its `fn clone` (an `impl Clone`), else unknown
};

enum class ArgKind { kScalar, kStr, kBytes, kBytesMut, kRef, kRefMut, kValue };

struct ApiArg {
  std::string name;    // Rust parameter name ("self" for the receiver)
  ArgKind kind = ArgKind::kScalar;
  std::string scalar;  // kScalar: i8..i64, u8..u64, bool (the spec's width)
  std::string type;    // kRef/kRefMut/kValue: the ApiType's name
};

enum class RetKind {
  kVoid,      // `()` or nothing
  kScalar,    // an integer or bool
  kOwned,     // an exported type
  kOwnedOpt,  // Option<T> of one
  kOwnedRes,  // Result<T, E> of one
  kRead,      // a string, buffer, Option/Result of those: Rust reads it, drops it
};

struct ApiRet {
  RetKind kind = RetKind::kVoid;
  std::string scalar;  // kScalar
  std::string type;    // kOwned*: the ApiType's name
  // The result borrows the receiver (`fn prepare(&self) -> Statement<'_>`):
  // the receiver must outlive it.
  bool borrows_self = false;
};

struct ApiFn {
  std::string owner;               // the ApiType of an inherent method; "" = free fn
  std::string name;                // Rust identifier
  std::vector<std::string> path;   // free fn: public path (ends with name)
  bool has_self = false;           // args[0] is the receiver
  std::vector<ApiArg> args;
  ApiRet ret;
  contract::SourceLoc loc;
};

struct CrateApi {
  std::string root;  // src/lib.rs
  std::vector<ApiType> types;
  std::vector<ApiFn> fns;
  std::vector<contract::Note> notes;
  int files = 0;

  const ApiType* FindType(const std::string& name) const;
};

// Reads DIR/src/lib.rs and its `mod` files. Errors: no src/lib.rs, an
// unreadable or unparsable file (file:line:col from the parser).
absl::StatusOr<CrateApi> ReadCrateApi(const std::string& crate_dir);

// The same from in-memory files (name -> text; "src/lib.rs" is the root),
// for tests.
absl::StatusOr<CrateApi> ReadCrateApiFromFiles(
    const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace bindfuzz::wrapper

#endif  // BINDFUZZ_HARNESS_WRAPPER_CRATE_API_H_
