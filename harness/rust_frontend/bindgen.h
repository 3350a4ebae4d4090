// bindgen's conventions, as pure functions (internal): how bindgen spells C
// names in Rust and what its generated helpers say about the C layout.
//
// Names (contract.h's naming scheme is the target):
//   CNameOf("type_", false) == "type"         keyword escaped with '_'
//   CFieldName("__bindgen_anon_2", false) == "(anon#2)"
//   IsBindgenAnonTypeName("foo__bindgen_ty_1", &parent) && parent == "foo"
// Token scanners (no evaluation, bounded by the item's tokens):
//   layout tests `fn bindgen_test_layout_X() { assert_eq!(size_of::<X>(), 8usize, ..) }`
//   and `const _: () = { ["Size of X"][size_of::<X>() - 8usize]; ... }` -> LayoutAssertion
//   bitfield getters `self._bitfield_1.get(3usize, 2u8)` -> BitfieldAccess
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_BINDGEN_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_BINDGEN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/lexer.h"

namespace bindfuzz::rust_frontend {

// ---- names

// Names bindgen escapes with a trailing '_' (union of the keyword lists of
// bindgen 0.60 .. 0.71).
bool IsBindgenEscaped(std::string_view n);

// C name of a Rust identifier: `type_` -> `type`, raw `r#type` -> `type`.
// `rust` is the identifier without `r#`; `raw` says it was written raw.
std::string CNameOf(std::string_view rust, bool raw);

// The identifier as written: `r#type` when raw.
std::string RustSpelling(std::string_view name, bool raw);

// CNameOf of an identifier as written (`r#type`, `type_`, `x`).
std::string CNameOfSpelling(std::string_view spelling);

// `__bindgen_anon_N` -> N (0 if not that form).
uint64_t BindgenAnonIndex(std::string_view n);

// C name of a record field: `__bindgen_anon_N` -> `(anon#N)`, otherwise
// CNameOf.
std::string CFieldName(std::string_view rust, bool raw);
// The same for a field as written (`r#type`, `__bindgen_anon_1`).
std::string CFieldNameOfSpelling(std::string_view spelling);

// `..._bindgen_ty_N` at the end? `*parent` gets P of `P__bindgen_ty_N`
// ("" for a top-level `_bindgen_ty_N`).
bool IsBindgenAnonTypeName(std::string_view n, std::string_view* parent);

// Fields bindgen generates that have no C counterpart (bitfield units,
// padding, opaque blobs, vtables, `_unused` of a forward declaration).
bool IsBindgenArtificialFieldName(std::string_view n);

// ---- generated helpers

inline constexpr std::string_view kLayoutTestPrefix = "bindgen_test_layout_";

// One layout fact a bindgen test asserts.
struct LayoutAssertion {
  enum What { kSize, kAlign, kOffset } what = kSize;
  std::string type_name;  // kSize/kAlign: the Rust type; kOffset: the record
  std::string field;      // kOffset: the Rust field as written
  uint64_t value = 0;
};

// The assertions of `fn bindgen_test_layout_<record>()` (bindgen 0.60
// style: assert_eq! on size_of, align_of and field projections), in order.
std::vector<LayoutAssertion> ScanLayoutTestFn(const LexedFile& f, const Item& fn);

// The assertions of `const _: () = { ... };` (current bindgen style:
// `[size_of::<X>() - N]`, `[align_of::<X>() - N]`, `[offset_of!(X, f) - N]`),
// in order.
std::vector<LayoutAssertion> ScanConstAssertions(const LexedFile& f, const Item& it);

// The bitfield a getter reads: `self._bitfield_N.get(bit_off, width)`.
struct BitfieldAccess {
  std::string unit;  // `_bitfield_N`
  uint64_t bit_off = 0, width = 0;
};
std::optional<BitfieldAccess> ScanBitfieldGetter(const LexedFile& f, const Item& method);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_BINDGEN_H_
