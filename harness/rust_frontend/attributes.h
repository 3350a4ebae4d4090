// Outer attributes the Rust front end reads (internal): `#[repr(...)]`,
// `#[name = "value"]` (link_name, export_name) and the presence of a bare
// attribute (`#[no_mangle]`, `#[test]`). `#[cfg]` is in cfg.h.
//
//   Repr r = ComputeRepr(item.attrs, file, target);   // #[repr(C, packed(2))]
//   if (r.c && r.packed) ... r.pack == 2, r.text == "C, packed(2)"
//
// Pure functions of the attribute tokens (and the target, for which integer
// type names `repr(u8 .. isize)` accepts).
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_ATTRIBUTES_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_ATTRIBUTES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/target.h"

namespace bindfuzz::rust_frontend {

bool HasAttr(const std::vector<Attr>& attrs, std::string_view name);

// Value of the first `#[name = "str"]` (escapes decoded).
std::optional<std::string> AttrString(const std::vector<Attr>& attrs, std::string_view name, const LexedFile& f);

// `#[link_name = "..."]` without the leading "\x01" (LLVM's "do not mangle"
// marker bindgen writes for asm labels).
std::optional<std::string> LinkName(const std::vector<Attr>& attrs, const LexedFile& f);

// Every `#[repr(...)]` of an item, merged.
struct Repr {
  bool c = false, transparent = false, packed = false, rust = false;
  uint64_t pack = 0;   // packed(N); packed = 1; the smallest N when repeated
  uint64_t align = 0;  // align(N); the largest N when repeated
  std::string int_type;  // u8 .. isize
  std::string text;      // the arguments as written, joined with ", "
  bool any = false;      // some #[repr] present
  std::vector<std::string> problems;  // unknown or unevaluated arguments
};

Repr ComputeRepr(const std::vector<Attr>& attrs, const LexedFile& f, const Target& tg);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_ATTRIBUTES_H_
