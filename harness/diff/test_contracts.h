// Test-only helpers: small hand-built contracts for diff and report tests.
#ifndef BINDFUZZ_HARNESS_DIFF_TEST_CONTRACTS_H_
#define BINDFUZZ_HARNESS_DIFF_TEST_CONTRACTS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "harness/contract/contract.h"

namespace bindfuzz::diff::testing {

using contract::Contract;
using contract::Enum;
using contract::Enumerator;
using contract::Field;
using contract::Function;
using contract::IntValue;
using contract::Param;
using contract::Record;
using contract::RecordKind;
using contract::Side;
using contract::SourceLoc;
using contract::Type;
using contract::TypeKind;

inline Type U(uint32_t bits) { return Type::Int(bits, false); }
inline Type I(uint32_t bits) { return Type::Int(bits, true); }
inline Type Rec(const std::string& name) { return Type::Named(TypeKind::kRecord, name); }
inline Type Td(const std::string& name) { return Type::Named(TypeKind::kTypedef, name); }
inline Type En(const std::string& name) { return Type::Named(TypeKind::kEnum, name); }
inline Type Ptr(Type t) { return Type::PointerTo(std::move(t)); }
inline Type Fn(Type ret, std::vector<Type> params) {
  Type t;
  t.kind = TypeKind::kFunction;
  t.inner.push_back(std::move(ret));
  for (Type& p : params) t.inner.push_back(std::move(p));
  return t;
}
inline Type FnPtr(Type ret, std::vector<Type> params, bool nullable = true) {
  Type t = Ptr(Fn(std::move(ret), std::move(params)));
  t.nullable = nullable;
  return t;
}

inline SourceLoc Loc(const std::string& file, uint32_t line, uint32_t col = 0) {
  SourceLoc l;
  l.file = file;
  l.line = line;
  l.column = col;
  return l;
}

// A byte-granular field.
inline Field F(const std::string& name, Type type, uint64_t offset_bytes, uint64_t size_bytes,
               SourceLoc loc = {}) {
  Field f;
  f.name = name;
  f.type = std::move(type);
  f.offset_bits = offset_bytes * 8;
  f.size_bits = size_bytes * 8;
  f.loc = std::move(loc);
  return f;
}
inline Field Bitfield(const std::string& name, Type type, uint64_t offset_bits, uint64_t width_bits) {
  Field f;
  f.name = name;
  f.type = std::move(type);
  f.offset_bits = offset_bits;
  f.size_bits = width_bits;
  f.is_bitfield = true;
  return f;
}
inline Field Artificial(const std::string& name, Type type, uint64_t offset_bytes, uint64_t size_bytes) {
  Field f = F(name, std::move(type), offset_bytes, size_bytes);
  f.artificial = true;
  return f;
}

inline Record MakeRecord(const std::string& name, uint64_t size, uint64_t align, std::vector<Field> fields,
                         SourceLoc loc = {}) {
  Record r;
  r.name = name;
  r.size_bytes = size;
  r.align_bytes = align;
  r.fields = std::move(fields);
  r.loc = std::move(loc);
  return r;
}

inline Enum MakeEnum(const std::string& name, Type underlying, uint64_t size,
                     std::vector<std::pair<std::string, int64_t>> values, std::string style = "") {
  Enum e;
  e.name = name;
  e.underlying = std::move(underlying);
  e.size_bytes = size;
  e.rust_style = std::move(style);
  for (auto& [n, v] : values) {
    Enumerator en;
    en.name = n;
    en.value = IntValue::Of(v);
    e.enumerators.push_back(std::move(en));
  }
  return e;
}

inline Function MakeFunction(const std::string& name, Type ret, std::vector<std::pair<std::string, Type>> params,
                             SourceLoc loc = {}) {
  Function f;
  f.name = name;
  f.return_type = std::move(ret);
  for (auto& [n, t] : params) f.params.push_back(Param{n, t});
  f.loc = std::move(loc);
  return f;
}

inline contract::Constant IntConst(const std::string& name, int64_t v, Type type, SourceLoc loc = {}) {
  contract::Constant c;
  c.name = name;
  c.int_value = IntValue::Of(v);
  c.type = std::move(type);
  c.loc = std::move(loc);
  return c;
}

inline contract::Typedef TypedefOf(const std::string& name, Type target, SourceLoc loc = {}) {
  contract::Typedef t;
  t.name = name;
  t.target = std::move(target);
  t.loc = std::move(loc);
  return t;
}
inline contract::Variable Var(const std::string& name, Type type) {
  contract::Variable v;
  v.name = name;
  v.type = std::move(type);
  return v;
}
inline contract::Note NoteOn(const std::string& item, const std::string& message) {
  contract::Note n;
  n.level = contract::Note::Level::kWarning;
  n.item = item;
  n.message = message;
  return n;
}

inline Contract Side_(Side side) {
  Contract c;
  c.side = side;
  c.target.triple = "x86_64-linux-gnu";
  return c;
}
inline Contract CSide() { return Side_(Side::kC); }
inline Contract RustSide() { return Side_(Side::kRust); }

// The compat_u64 scenario (`typedef u64 __attribute__((aligned(4))) compat_u64;`
// becomes a plain u64 alias in bindgen output): C keeps `cookie` at 36 with
// align 4 and size 160; Rust puts it at 40 with align 8 and size 168.
inline void AddCompatScenario(Contract& c, Contract& rust) {
  contract::Typedef ct;
  ct.name = "compat_u64";
  ct.target = U(64);
  ct.loc = Loc("include/linux/compat.h", 40, 1);
  c.typedefs["compat_u64"] = ct;
  contract::Typedef rt = ct;
  rt.loc = Loc("bindings_generated.rs", 900, 1);
  rust.typedefs["compat_u64"] = rt;
  Type u8x36 = Type::ArrayOf(U(8), 36);
  Type u8x116 = Type::ArrayOf(U(8), 116);
  c.records["compat_spec"] = MakeRecord(
      "compat_spec", 160, 4,
      {F("head", u8x36, 0, 36, Loc("include/linux/compat.h", 51, 5)),
       F("cookie", Td("compat_u64"), 36, 8, Loc("include/linux/compat.h", 52, 13)),
       F("tail", u8x116, 44, 116, Loc("include/linux/compat.h", 53, 5))},
      Loc("include/linux/compat.h", 50, 8));
  rust.records["compat_spec"] = MakeRecord(
      "compat_spec", 168, 8,
      {F("head", u8x36, 0, 36, Loc("bindings_generated.rs", 1001, 5)),
       F("cookie", Td("compat_u64"), 40, 8, Loc("bindings_generated.rs", 1002, 5)),
       F("tail", u8x116, 48, 116, Loc("bindings_generated.rs", 1003, 5))},
      Loc("bindings_generated.rs", 1000, 1));
}

}  // namespace bindfuzz::diff::testing

#endif  // BINDFUZZ_HARNESS_DIFF_TEST_CONTRACTS_H_
