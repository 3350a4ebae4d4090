// bindfuzz contract IR: one side of an FFI boundary, as plain data.
//
// A `Contract` is what one side believes about the types, functions and
// constants of a C interface: the C truth (from Clang or BTF) and the Rust
// assumption (from bindgen output or hand-written #[repr(C)] Rust) are two
// values of this same type, and `diff` compares them.
//
// The IR is Clang-free and library-free (std only) so every stage can be
// tested from golden JSON (see contract_json.h). Items are keyed by name in
// ordered maps so serialisation is stable.
//
// Naming conventions shared by every front end (the diff relies on them):
//  * Records, enums and typedefs are keyed by their C name (struct/union tag,
//    or the typedef name for `typedef struct { ... } foo_t;`).
//  * Anonymous nested records are keyed by their path from the enclosing
//    named record: `<parent>::<field>`, where <field> is the member's name, or
//    `(anon#N)` for the N-th (1-based) unnamed member of the parent. The
//    unnamed member itself is a Field named `(anon#N)`. bindgen's
//    `parent__bindgen_ty_K` / `__bindgen_anon_N` are mapped onto this scheme
//    by the Rust front end.
//  * A field's `name` is the C name; a Rust front end that sees a renamed
//    field (`type_` for `type`) keeps the Rust spelling in `rust_name`.
//
// Example:
//   bindfuzz::contract::Contract c;
//   c.side = bindfuzz::contract::Side::kC;
//   auto& r = c.records["pair"];
//   r.name = "pair"; r.size_bytes = 8; r.align_bytes = 4;
//   r.fields.push_back({.name = "a", .type = Type::Int(32, true, "int"),
//                       .offset_bits = 0, .size_bits = 32});
#ifndef BINDFUZZ_HARNESS_CONTRACT_CONTRACT_H_
#define BINDFUZZ_HARNESS_CONTRACT_CONTRACT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bindfuzz::contract {

// Where an item was declared. `line` and `column` are 1-based; 0 = unknown.
struct SourceLoc {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;

  bool known() const { return !file.empty(); }
  // "file:line" (or "file:line:col"), "<unknown>" when not known.
  std::string ToString() const;
  friend bool operator==(const SourceLoc&, const SourceLoc&) = default;
};

// A preprocessor conditional branch a definition lies in (C front end):
// `#ifdef CONFIG_PREEMPT_RT` ... or the `#else` of it.
struct PpCondition {
  // The directive that opened the branch: "if", "ifdef", "ifndef", "elif",
  // "elifdef", "elifndef" or "else".
  std::string directive;
  // Its condition as written, comments dropped and spaces collapsed:
  // "CONFIG_SMP", "IS_ENABLED(CONFIG_NET) && !defined(MODULE)"; "" for "else".
  std::string condition;
  // The object-like macro names the branch depends on: those in its
  // condition and in the conditions of the earlier branches of its #if chain
  // (an #else is taken because all of those were false), first use first.
  std::vector<std::string> macros;
  SourceLoc loc;  // the directive
  friend bool operator==(const PpCondition&, const PpCondition&) = default;
};

enum class Side { kC, kRust, kBtf };

enum class TypeKind {
  kUnknown,   // could not be evaluated; `spelling` says what it was
  kVoid,
  kBool,
  kInt,       // bits + is_signed (char, short, int, long, c_int, u32, ...)
  kFloat,     // bits (32, 64, 80 for x87 long double, 128)
  kPointer,   // inner[0] = pointee
  kArray,     // inner[0] = element; count, or flexible for `T x[]`
  kRecord,    // name = record key (struct or union)
  kEnum,      // name = enum key
  kTypedef,   // name = typedef key (resolved through Contract::typedefs)
  kFunction,  // inner[0] = return type, inner[1..] = parameter types
};

// A type expression. Named types (record/enum/typedef) are references by key
// into the owning Contract; everything else is structural.
struct Type {
  TypeKind kind = TypeKind::kUnknown;
  std::string name;       // kRecord/kEnum/kTypedef: the key
  std::string spelling;   // how the source spelled it, for reports only
  uint32_t bits = 0;      // kInt/kFloat: width in bits
  bool is_signed = false; // kInt
  bool is_const = false;  // qualifier on this type (C const / Rust *const T)
  uint64_t count = 0;     // kArray: number of elements
  bool flexible = false;  // kArray: C `T x[]` / bindgen __IncompleteArrayField
  bool variadic = false;  // kFunction
  bool nullable = false;  // kPointer to function: Rust Option<fn>; C: always
  std::string calling_conv;  // kFunction: "" = default C ABI
  std::vector<Type> inner;

  static Type Void() { return {.kind = TypeKind::kVoid, .spelling = "void"}; }
  static Type Bool() { return {.kind = TypeKind::kBool, .spelling = "bool", .bits = 8}; }
  static Type Int(uint32_t bits, bool is_signed, std::string spelling = "") {
    return {.kind = TypeKind::kInt, .spelling = std::move(spelling),
            .bits = bits, .is_signed = is_signed};
  }
  static Type Float(uint32_t bits, std::string spelling = "") {
    return {.kind = TypeKind::kFloat, .spelling = std::move(spelling), .bits = bits};
  }
  static Type Named(TypeKind kind, std::string name) {
    Type t{.kind = kind, .name = name};
    t.spelling = std::move(name);
    return t;
  }
  static Type PointerTo(Type pointee) {
    Type t{.kind = TypeKind::kPointer};
    t.inner.push_back(std::move(pointee));
    return t;
  }
  static Type ArrayOf(Type element, uint64_t count) {
    Type t{.kind = TypeKind::kArray, .count = count};
    t.inner.push_back(std::move(element));
    return t;
  }
  static Type Unknown(std::string spelling) {
    return {.kind = TypeKind::kUnknown, .spelling = std::move(spelling)};
  }

  // A compact, C-like rendering for reports: "u32", "*mut file", "[u8; 16]".
  std::string ToString() const;
  friend bool operator==(const Type&, const Type&) = default;
};

// Layout facts a generator asserted about itself (bindgen's layout tests or
// `const _: () = { ... }` blocks): "what bindgen believed".
struct Asserted {
  std::optional<uint64_t> size_bytes;
  std::optional<uint64_t> align_bytes;
  std::map<std::string, uint64_t> field_offset_bytes;  // by field name
  friend bool operator==(const Asserted&, const Asserted&) = default;
  bool empty() const {
    return !size_bytes && !align_bytes && field_offset_bytes.empty();
  }
};

struct Field {
  std::string name;        // C name; "(anon#N)" for an unnamed member
  std::string rust_name;   // Rust spelling when it differs from `name`
  Type type;
  uint64_t offset_bits = 0;
  uint64_t size_bits = 0;  // storage size; for a bitfield, its width
  bool is_bitfield = false;
  // Generator artefacts with no C counterpart (bindgen padding,
  // `_bitfield_align_N`, `_bitfield_N` units, PhantomData): part of the
  // layout, never matched by name.
  bool artificial = false;
  SourceLoc loc;
  // C: the conditional branches between the record's braces that the field
  // lies in, outermost first (the record's own are in Record::conditions).
  std::vector<PpCondition> conditions;
  friend bool operator==(const Field&, const Field&) = default;
};

enum class RecordKind { kStruct, kUnion };

struct Record {
  std::string name;
  RecordKind kind = RecordKind::kStruct;
  bool complete = true;   // false: forward declaration / opaque to this side
  bool opaque = false;    // complete, but only size/align are known (blob)
  bool anonymous = false; // nested anonymous record keyed by path
  // The key is the typedef name of an anonymous record
  // (`typedef struct { ... } foo_t;`): C spells it `foo_t`, not `struct foo_t`.
  bool typedef_named = false;
  uint64_t size_bytes = 0;
  uint64_t align_bytes = 0;
  bool packed = false;            // C packed / Rust repr(packed)
  uint64_t pack_bytes = 0;        // Rust packed(N) / #pragma pack(N); 0 = none
  uint64_t explicit_align = 0;    // C aligned(N) / Rust repr(align(N)); 0 = none
  // The front end could not know the alignment and inferred it (BTF records
  // no alignment): `align_bytes` and `packed` are a best guess, never a basis
  // for a finding.
  bool align_inferred = false;
  bool has_flexible_array = false;
  // C: a union declared `__attribute__((transparent_union))` (glibc's
  // `__SOCKADDR_ARG`): a parameter of its type is passed as its first
  // member, and callers may pass a value of any member's type.
  bool transparent_union = false;
  std::string repr;               // Rust: the repr attribute text; C: ""
  std::vector<Field> fields;      // declaration order
  Asserted asserted;
  SourceLoc loc;
  // C: the conditional branches the definition lies in, outermost first,
  // including those around the #include lines that brought its file in;
  // include guards are left out. Empty for other front ends.
  std::vector<PpCondition> conditions;

  const Field* FindField(const std::string& field_name) const;
  friend bool operator==(const Record&, const Record&) = default;
};

// An integer value that may need the full unsigned 64-bit range. `negative`
// means the value is -(magnitude); otherwise +magnitude.
struct IntValue {
  uint64_t magnitude = 0;
  bool negative = false;

  static IntValue Of(int64_t v);
  static IntValue OfUnsigned(uint64_t v) { return {v, false}; }
  // Two's complement reinterpretation at `bits` width.
  uint64_t Bits(uint32_t bits) const;
  std::string ToString() const;
  friend bool operator==(const IntValue&, const IntValue&) = default;
  friend auto operator<=>(const IntValue&, const IntValue&) = default;
};

struct Enumerator {
  std::string name;
  IntValue value;
  SourceLoc loc;
  // C: the conditional branches between the enum's braces it lies in.
  std::vector<PpCondition> conditions;
  friend bool operator==(const Enumerator&, const Enumerator&) = default;
};

struct Enum {
  std::string name;
  Type underlying;          // kInt (C: the enum's integer type)
  uint64_t size_bytes = 0;
  std::vector<Enumerator> enumerators;
  // Rust: how the enum is represented. "consts" (type alias + constants),
  // "rustified" (a Rust enum: only listed values are valid),
  // "newtype" (struct wrapper), "bitfield", "moduleconsts"; C: "".
  std::string rust_style;
  bool anonymous = false;
  SourceLoc loc;
  std::vector<PpCondition> conditions;  // as Record::conditions
  friend bool operator==(const Enum&, const Enum&) = default;
};

struct Typedef {
  std::string name;
  Type target;
  // Alignment the typedef itself imposes when it differs from its target's
  // (C `typedef u64 __attribute__((aligned(4))) compat_u64;` -> 4); 0 = the
  // target's own alignment.
  uint64_t align_bytes = 0;
  SourceLoc loc;
  std::vector<PpCondition> conditions;  // as Record::conditions
  friend bool operator==(const Typedef&, const Typedef&) = default;
};

struct Param {
  std::string name;
  Type type;
  friend bool operator==(const Param&, const Param&) = default;
};

struct Function {
  // C: the name the declaration gives it. Rust: the symbol it links against
  // (`#[link_name]`, else its name).
  std::string name;
  // C: the symbol an asm label makes the function link as, exactly as the
  // object file spells it (`int foo(int) __asm__("foo_v2")`, glibc's
  // `scanf` -> `__isoc99_scanf`); empty = `name` (plus the target's user
  // label prefix). Rust: always empty.
  std::string asm_label;
  Type return_type;
  std::vector<Param> params;
  bool variadic = false;
  std::string calling_conv;  // "" = default C ABI
  // C: false for `static inline` / no external linkage (no symbol exists).
  bool has_symbol = true;
  bool no_return = false;
  SourceLoc loc;
  std::vector<PpCondition> conditions;  // as Record::conditions
  // The symbol the function links as, without the target's user label
  // prefix for a plain name: `asm_label`, else `name`.
  const std::string& Symbol() const { return asm_label.empty() ? name : asm_label; }
  friend bool operator==(const Function&, const Function&) = default;
};

struct Variable {
  std::string name;
  Type type;
  bool is_const = false;
  SourceLoc loc;
  std::vector<PpCondition> conditions;  // as Record::conditions
  friend bool operator==(const Variable&, const Variable&) = default;
};

enum class ConstantKind { kInt, kFloat, kString };

struct Constant {
  std::string name;
  ConstantKind kind = ConstantKind::kInt;
  IntValue int_value;       // kInt
  double float_value = 0;   // kFloat
  std::string string_value; // kString (raw bytes, no trailing NUL)
  Type type;                // Rust: declared type; C: type of the expression
  SourceLoc loc;
  std::vector<PpCondition> conditions;  // of the #define, as Record::conditions
  friend bool operator==(const Constant&, const Constant&) = default;
};

// Something a front end saw but could not model, kept so reports can say
// what was not evaluated instead of silently dropping it.
struct Note {
  enum class Level { kInfo, kWarning };
  Level level = Level::kInfo;
  std::string item;     // the item it concerns, if any
  std::string message;
  SourceLoc loc;
  friend bool operator==(const Note&, const Note&) = default;
};

struct TargetInfo {
  std::string triple;        // e.g. "x86_64-linux-gnu"
  uint32_t pointer_bits = 64;
  uint32_t long_bits = 64;
  bool char_signed = true;   // the kernel builds with -funsigned-char
  friend bool operator==(const TargetInfo&, const TargetInfo&) = default;
};

struct Provenance {
  std::string tool;                 // "clang 19.1.7", "bindgen-rs parser", "libbpf 1.1"
  std::vector<std::string> inputs;  // files read
  std::vector<std::string> flags;   // compiler flags the C truth was computed under
  friend bool operator==(const Provenance&, const Provenance&) = default;
};

inline constexpr int kContractFormatVersion = 1;

struct Contract {
  Side side = Side::kC;
  TargetInfo target;
  Provenance provenance;
  std::map<std::string, Record> records;
  std::map<std::string, Enum> enums;
  std::map<std::string, Typedef> typedefs;
  std::map<std::string, Function> functions;
  std::map<std::string, Variable> variables;
  std::map<std::string, Constant> constants;
  std::vector<Note> notes;
  friend bool operator==(const Contract&, const Contract&) = default;
};

const char* SideName(Side side);
const char* TypeKindName(TypeKind kind);

// Follows typedef chains (at most `max_depth` steps, so a cyclic alias set in
// hostile input cannot loop) and returns the first non-typedef type. Returns
// the last type reached if the chain is broken or too deep.
const Type& ResolveTypedefs(const Contract& c, const Type& t, int max_depth = 64);

}  // namespace bindfuzz::contract

#endif  // BINDFUZZ_HARNESS_CONTRACT_CONTRACT_H_
