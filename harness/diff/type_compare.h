// Type comparison: decides whether a type of the truth and a type of the
// assumed side are the same to the machine, and if not, which difference
// it is (internal to harness/diff). Pure: reads the two contracts, keeps no
// report state.
//
//   NameMatcher names(c, rust);
//   TypeComparer types(c, rust, names, {"C", "Rust"});
//   TypeCmp r = types.Compare(c_field.type, rust_field.type);
//   if (r.diff == TypeDiff::kSignedness) ...      // r.detail: "u32 vs i32"
//   MismatchKind k = KindOf(TypeUse::kField, r);  // kFieldSignedness
//
// Types are compared structurally after resolving typedefs on each side:
// integers by bits and signedness (C enums by their underlying integer),
// pointers by pointee (void* matches any pointer; Rust c_void is void),
// function pointers by signature, arrays by element and flattened count,
// records and enums by name (NameMatcher). A typedef two sides both name is
// the same type. What cannot be compared is TypeDiff::kUnknown, with the
// reason in `detail`.
#ifndef BINDFUZZ_HARNESS_DIFF_TYPE_COMPARE_H_
#define BINDFUZZ_HARNESS_DIFF_TYPE_COMPARE_H_

#include <cstdint>
#include <string>

#include "harness/contract/contract.h"
#include "harness/diff/mismatch_kinds.h"
#include "harness/diff/name_match.h"
#include "harness/diff/sentence.h"

namespace bindfuzz::diff {

// Deeper type nesting than this is hostile input: reported as unevaluated.
inline constexpr int kMaxTypeDepth = 48;

enum class TypeDiff {
  kSame,
  kSignedness,  // same width, different signedness (possibly behind a pointer)
  kWidth,       // scalar widths differ
  kKind,        // different kinds of type
  kRecordName,  // different records
  kPointee,     // pointers to different types
  kElement,     // arrays of different element types
  kArrayCount,  // arrays of different lengths
  kFnSig,       // function (pointer) signatures differ
  kFnData,      // function pointer vs data pointer or pointer-sized integer (abi_equivalence.h)
  kUnknown,     // could not be compared
};

// A resolved scalar: integer, bool, float, or C enum by its underlying
// integer. `ok` is false for anything else or an unknown width.
struct Scalar {
  bool ok = false;
  bool is_bool = false;
  bool is_float = false;
  uint32_t bits = 0;
  bool is_signed = false;
  // "u32", "i64", "bool", "f64".
  std::string Name() const;
};

// Does the integer `v` fit in a `bits`-wide integer of either signedness?
bool FitsInBits(const contract::IntValue& v, uint32_t bits);

struct TypeCmp {
  TypeDiff diff = TypeDiff::kSame;
  std::string detail;  // what differs, e.g. "u64 vs u32", "2 vs 1 parameters"
  Scalar t, a;         // the scalars for kWidth / kSignedness at the top level
  bool same() const { return diff == TypeDiff::kSame; }
};

// Where a compared type is used; decides the finding kind of a difference.
enum class TypeUse { kField, kParam, kReturn, kTypedef, kVariable };

// The finding kind for the difference `r` (not kSame) of a type used as
// `use`: kUnevaluated for kUnknown. A field whose array count differs at a
// different storage size is a field-width finding; the caller knows sizes.
MismatchKind KindOf(TypeUse use, const TypeCmp& r);

// `t` as text, with what a typedef resolves to: "size_t = u64".
std::string TypeStr(const contract::Contract& c, const contract::Type& t);

// void, or Rust's c_void however a front end spelled it.
bool IsVoidLike(const contract::Type& t);

// How an array or function parameter is passed: as a pointer.
contract::Type Decay(const contract::Contract& c, const contract::Type& t);

// Multi-dimensional arrays are compared flattened (`[T; 40]` and
// `[[[T; 5]; 2]; 4]` have one layout; pahole writes BTF arrays flattened).
struct FlatArray {
  const contract::Type* element = nullptr;  // innermost non-array element
  uint64_t count = 1;                       // product of the counts
  bool open = false;                        // flexible or zero-length somewhere
  bool flexible = false;
  bool overflow = false;
};
FlatArray Flatten(const contract::Contract& c, const contract::Type& t);

class TypeComparer {
 public:
  // `labels` name the sides in TypeCmp::detail.
  TypeComparer(const contract::Contract& truth, const contract::Contract& assumed, const NameMatcher& names,
               Labels labels);

  // `truth` is a type of the truth contract, `assumed` of the assumed one.
  TypeCmp Compare(const contract::Type& truth, const contract::Type& assumed) const {
    return Cmp(truth, assumed, 0);
  }
  // The scalar a resolved type of each side is.
  Scalar TruthScalar(const contract::Type& resolved) const;
  Scalar AssumedScalar(const contract::Type& resolved) const;

 private:
  TypeCmp Cmp(const contract::Type& t0, const contract::Type& a0, int depth) const;
  TypeCmp CmpPointer(const contract::Type& t, const contract::Type& a, int depth) const;
  TypeCmp CmpArray(const contract::Type& t, const contract::Type& a, int depth) const;
  TypeCmp CmpFunction(const contract::Type& t, const contract::Type& a, int depth) const;
  bool IsRustifiedEnum(const contract::Type& resolved_assumed) const;
  bool SameLayout(const std::string& truth_name, const std::string& assumed_name, int depth) const;
  bool IntegerOnly(const std::string& truth_record, int depth) const;

 public:
  // Whether the resolved assumed array `a` is bindgen's opaque blob for the
  // resolved truth record `t`: unsigned integers as wide as the record's
  // alignment, as many as fill its size (aarch64's `va_list`, the
  // compiler's `struct __va_list`, becomes `[u64; 4]`). Only for records of
  // integers and pointers, whose by-value passing then matches the blob's.
  bool IsOpaqueBlobOf(const contract::Type& t, const contract::Type& a) const;

 private:

  const contract::Contract& T_;
  const contract::Contract& A_;
  const NameMatcher& names_;
  std::string tl_, al_;
};

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_TYPE_COMPARE_H_
