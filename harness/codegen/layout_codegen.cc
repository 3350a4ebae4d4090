// Layout fuzzer generator: see layout_codegen.h.
#include "harness/codegen/layout_codegen.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/codegen/codegen_text.h"
#include "harness/contract/not_addressable.h"

namespace bindfuzz::codegen {
namespace {

using contract::Contract;
using contract::Field;
using contract::Note;
using contract::Record;
using contract::RecordKind;
using contract::TypeKind;

// No object or offset the fuzzer touches may exceed this: a hostile contract
// must not make the generated target allocate gigabytes.
constexpr uint64_t kMaxObjectBytes = uint64_t{1} << 24;

struct FieldPlan {
  int id = 0;  // index in the C record's field list
  const Field* c = nullptr;
  const Field* rust = nullptr;
  CIdent name;  // the C field's name, checked
};

// Class (e): a field whose Rust type admits fewer values than C can store
// (Rust `bool`, a rustified Rust enum).
struct ValuePlan {
  int id = 0;
  const Field* c = nullptr;
  const Field* rust = nullptr;
  CIdent name;                       // the C field's name, checked
  std::string rust_type;             // "bool" or the Rust enum's name, for the tag
  std::vector<uint64_t> rust_valid;  // bit patterns valid for the Rust type
  // Values C produces: its enumerators when the C field is an enum (or
  // 0/1 for _Bool); empty: any value of its width.
  std::vector<int64_t> c_values;
};

struct RecordPlan {
  int id = 0;
  std::string key;
  Code c_type;          // `struct file`, `union u`, `atomic_t`
  std::string display;  // same text, for the tag line (escaped at emission)
  const Record* c = nullptr;
  const Record* rust = nullptr;
  std::vector<FieldPlan> fields;
  std::vector<FieldPlan> bitfields;  // class (f)
  std::vector<ValuePlan> values;     // class (e)
};

// Class (d): a parameter or return value as its ABI class. Functions are
// called through pointers of these canonical types, so -fsanitize=function
// reports exactly the ABI-level differences (width, signedness, integer vs
// pointer, arity) and nothing a typedef or a pointee name would change.
struct AbiType {
  enum Kind { kVoid, kInt, kBool, kPtr, kFloat } kind = kVoid;
  uint32_t bits = 0;
  bool is_signed = false;
  // Class (e) on return values.
  std::vector<int64_t> c_enum_values;   // C returns an enum: its enumerators
  std::vector<uint64_t> rust_valid;     // Rust bool / rustified enum
};

struct FunctionPlan {
  int id = 0;
  std::string name;
  CIdent ident;  // the same name, checked
  std::vector<AbiType> c_params, rust_params;
  AbiType c_ret, rust_ret;
};

// Why `key` cannot be covered, or "" when it can.
std::string RecordSkipReason(const std::string& key, const Record& c, const Record* rust) {
  if (rust == nullptr) return "not in the Rust contract";
  if (c.anonymous || rust->anonymous || key.find("::") != std::string::npos)
    return "anonymous nested record (keyed by path): not covered yet";
  if (!c.complete || !rust->complete) return "incomplete (forward declaration) on one side";
  if (!c.loc.known() && key.rfind("__", 0) == 0)
    return "compiler-builtin type (e.g. __va_list_tag): no source declaration to spell in C";
  if (!IsSafeCIdentifier(c.name.empty() ? key : c.name) || (!c.name.empty() && c.name != key))
    return "the C name cannot be spelled safely as an identifier";
  if (c.size_bytes > kMaxObjectBytes || rust->size_bytes > kMaxObjectBytes)
    return absl::StrCat("size over the ", kMaxObjectBytes, "-byte cap");
  return "";
}

std::string FieldSkipReason(const Field& c, const Field* rust) {
  if (c.artificial) return "artificial";
  if (c.is_bitfield) return "bitfield (class (f), not covered yet)";
  if (!IsSafeCIdentifier(c.name)) return "the C name cannot be spelled safely";
  if (c.type.kind == TypeKind::kArray && c.type.flexible) return "flexible array member";
  if (c.size_bits == 0 || c.size_bits % 8 != 0 || c.offset_bits % 8 != 0)
    return "C storage is not whole bytes";
  if (rust == nullptr) return "no Rust field of that name";
  if (rust->artificial || rust->is_bitfield) return "Rust side is a bitfield or artificial";
  if (rust->size_bits == 0 || rust->size_bits % 8 != 0 || rust->offset_bits % 8 != 0)
    return "Rust storage is not whole bytes";
  if (c.offset_bits / 8 + c.size_bits / 8 > kMaxObjectBytes ||
      rust->offset_bits / 8 + rust->size_bits / 8 > kMaxObjectBytes)
    return "offset over the size cap";
  return "";
}

const Field* FindNamedField(const Record& r, const std::string& name) {
  for (const Field& f : r.fields) {
    if (!f.artificial && f.name == name) return &f;
  }
  return nullptr;
}

int64_t EnumeratorValue(const contract::Enumerator& e) {
  return e.value.negative ? -static_cast<int64_t>(e.value.magnitude)
                          : static_cast<int64_t>(e.value.magnitude);
}

// The bit patterns (at `bits` width) a rustified Rust enum admits: its
// variants' values, sorted, without duplicates.
std::vector<uint64_t> RustEnumPatterns(const contract::Enum& e, uint64_t bits) {
  const uint64_t m = bits >= 64 ? ~uint64_t{0} : ((uint64_t{1} << bits) - 1);
  std::vector<uint64_t> out;
  for (const auto& en : e.enumerators) out.push_back(en.value.Bits(64) & m);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The ABI class of `t` in contract `k` (typedefs resolved), or why not.
// `c_side`: record C's enumerator values (what C returns); else Rust's valid
// patterns for bool and rustified enums.
std::string ClassifyAbi(const Contract& k, const contract::Type& type, bool c_side, bool is_return,
                        uint32_t pointer_bits, AbiType* out) {
  const contract::Type& t = contract::ResolveTypedefs(k, type);
  *out = AbiType{};
  switch (t.kind) {
    case TypeKind::kVoid:
      if (!is_return) return "void parameter";
      out->kind = AbiType::kVoid;
      return "";
    case TypeKind::kBool:
      out->kind = AbiType::kBool;
      out->bits = 8;
      if (!c_side) out->rust_valid = {0, 1};
      return "";
    case TypeKind::kInt:
      if (t.bits != 8 && t.bits != 16 && t.bits != 32 && t.bits != 64)
        return absl::StrCat(t.bits, "-bit integer");
      out->kind = AbiType::kInt;
      out->bits = t.bits;
      out->is_signed = t.is_signed;
      return "";
    case TypeKind::kPointer:
    case TypeKind::kArray:  // a parameter array decays to a pointer
      out->kind = AbiType::kPtr;
      out->bits = pointer_bits;
      return "";
    case TypeKind::kFloat:
      if (t.bits != 32 && t.bits != 64) return absl::StrCat(t.bits, "-bit float");
      out->kind = AbiType::kFloat;
      out->bits = t.bits;
      return "";
    case TypeKind::kEnum: {
      auto it = k.enums.find(t.name);
      if (it == k.enums.end()) return "enum not in the contract";
      const contract::Enum& e = it->second;
      const contract::Type& u = contract::ResolveTypedefs(k, e.underlying);
      uint32_t bits = u.kind == TypeKind::kInt ? u.bits : static_cast<uint32_t>(e.size_bytes * 8);
      if (bits != 8 && bits != 16 && bits != 32 && bits != 64) return "enum of unknown width";
      out->kind = AbiType::kInt;
      out->bits = bits;
      out->is_signed = u.kind == TypeKind::kInt && u.is_signed;
      if (c_side && is_return) {
        for (const auto& en : e.enumerators) out->c_enum_values.push_back(EnumeratorValue(en));
      }
      if (!c_side && e.rust_style == "rustified") {
        out->rust_valid = RustEnumPatterns(e, bits);
        if (out->rust_valid.empty()) return "Rust enum without variants";
      }
      return "";
    }
    default:
      return absl::StrCat(contract::TypeKindName(t.kind), " passed by value");
  }
}

// (e) When the Rust field's type admits fewer bit patterns than the C
// field can hold, the plan for checking it; nullopt otherwise.
std::optional<ValuePlan> PlanValue(const Contract& c_truth, const Contract& rust, const FieldPlan& f) {
  const contract::Type& rt = contract::ResolveTypedefs(rust, f.rust->type);
  const contract::Type& ct = contract::ResolveTypedefs(c_truth, f.c->type);
  ValuePlan v{.id = f.id, .c = f.c, .rust = f.rust, .name = f.name};
  if (f.rust->size_bits > 64) return std::nullopt;
  if (rt.kind == TypeKind::kBool) {
    v.rust_type = "bool";
    v.rust_valid = {0, 1};
  } else if (rt.kind == TypeKind::kEnum) {
    auto it = rust.enums.find(rt.name);
    if (it == rust.enums.end() || it->second.rust_style != "rustified") return std::nullopt;
    if (!IsSafeCIdentifier(rt.name)) return std::nullopt;
    v.rust_type = rt.name;
    v.rust_valid = RustEnumPatterns(it->second, f.rust->size_bits);
  } else {
    return std::nullopt;
  }
  if (ct.kind == TypeKind::kBool) {
    v.c_values = {0, 1};
  } else if (ct.kind == TypeKind::kEnum) {
    auto it = c_truth.enums.find(ct.name);
    if (it == c_truth.enums.end() || it->second.enumerators.empty()) return std::nullopt;
    for (const auto& en : it->second.enumerators) v.c_values.push_back(EnumeratorValue(en));
  } else if (ct.kind != TypeKind::kInt) {
    return std::nullopt;  // a pointer or record where Rust has a bool: a type finding already
  }
  return v;
}

// The canonical spelling of an ABI class, the same in C and C++ (and so the
// same Itanium type mangling, which -fsanitize=function compares).
Code AbiSpelling(const AbiType& t, bool cxx) {
  switch (t.kind) {
    case AbiType::kVoid: return "void";
    case AbiType::kBool: return cxx ? Code("bool") : Code("_Bool");
    case AbiType::kPtr: return "void*";
    case AbiType::kFloat: return t.bits == 32 ? Code("float") : Code("double");
    case AbiType::kInt:
      switch (t.bits) {
        case 8: return t.is_signed ? Code("signed char") : Code("unsigned char");
        case 16: return t.is_signed ? Code("short") : Code("unsigned short");
        case 32: return t.is_signed ? Code("int") : Code("unsigned int");
        default: return t.is_signed ? Code("long long") : Code("unsigned long long");
      }
  }
  return "void";
}

// (d) C side of a function: a definition with C's parameter and return
// types in canonical spelling that records the bits it received and returns
// the bits the fuzzer chose; a compile-time check that the real declaration
// in the headers takes that many arguments and returns that width.
void EmitCFunction(const FunctionPlan& fn, Code* out) {
  const Code id = Cat("fn", fn.id);
  const CStringLit shown(fn.name);
  Append(out, "// ", id, " = ", shown, "\n");
  Code zeros;
  for (size_t i = 0; i < fn.c_params.size(); ++i)
    Append(&zeros, i ? Code(", ") : Code(), "(", AbiSpelling(fn.c_params[i], false), ")0");
  if (fn.c_ret.kind == AbiType::kVoid) {
    Append(out, "_Static_assert(__builtin_types_compatible_p(__typeof__(", fn.ident, "(", zeros,
           ")), void), \"bindfuzz: ", shown.Body(),
           " does not return void as in the C contract\");\n");
  } else {
    Append(out, "_Static_assert(sizeof(", fn.ident, "(", zeros, ")) == ", fn.c_ret.bits / 8,
           "u, \"bindfuzz: ", shown.Body(), " does not return ", fn.c_ret.bits / 8,
           " bytes as in the C contract\");\n");
  }
  Append(out, "unsigned long long bf_c_args_", id, "[", std::max<size_t>(fn.c_params.size(), 1),
         "];\n");
  Append(out, "static unsigned long long bf_c_retraw_", id, ";\n");
  Append(out, "void bf_c_setret_", id, "(unsigned long long v) { bf_c_retraw_", id, " = v; }\n");
  Append(out, AbiSpelling(fn.c_ret, false), " bf_c_", id, "(");
  for (size_t i = 0; i < fn.c_params.size(); ++i)
    Append(out, i ? Code(", ") : Code(), AbiSpelling(fn.c_params[i], false), " a", i);
  if (fn.c_params.empty()) Append(out, "void");
  Append(out, ") {\n");
  for (size_t i = 0; i < fn.c_params.size(); ++i) {
    Append(out, "  bf_c_args_", id, "[", i, "] = 0;\n", "  __builtin_memcpy(&bf_c_args_", id, "[",
           i, "], &a", i, ", sizeof a", i, ");\n");
  }
  if (fn.c_ret.kind != AbiType::kVoid) {
    Append(out, "  ", AbiSpelling(fn.c_ret, false), " r;\n  __builtin_memcpy(&r, &bf_c_retraw_", id,
           ", sizeof r);\n", "  return r;\n");
  }
  Append(out, "}\n");
  Append(out, "void* bf_c_fnaddr_", id, "(void) { return (void*)&bf_c_", id, "; }\n\n");
}

constexpr char kBanner[] =
    "// Generated by bindfuzz gen (layout fuzzer). Do not edit: regenerate.\n"
    "// Names from the inputs appear only in escaped string literals; records\n"
    "// and fields are numbered r<N> / f<M>.\n";

std::string EmitCSide(const std::vector<RecordPlan>& plans,
                      const std::vector<FunctionPlan>& functions, const LayoutGenOptions& opt,
                      const std::vector<IncludePath>& headers, const std::vector<Note>& notes) {
  Code out = kBanner;
  Append(&out, "//\n// C side: compiled against the real headers with the layout-relevant "
               "flags:\n//  ");
  if (opt.c_flags.empty()) Append(&out, " (none)");
  for (const std::string& f : opt.c_flags) Append(&out, " ", CStringLit(f));
  Append(&out, "\n// It checks at compile time that it reproduces the C contract's layouts\n"
               "// and exports accessors that go through the real C types.\n\n");
  for (const IncludePath& h : headers) Append(&out, "#include ", h, "\n");
  Append(&out, "\n");
  for (const Note& n : notes) {
    Append(&out, "// skipped ", CStringLit(n.item), ": ", CStringLit(n.message), "\n");
  }
  if (!notes.empty()) Append(&out, "\n");
  for (const RecordPlan& r : plans) {
    const Code rid = Cat("r", r.id);
    const Code& T = r.c_type;
    const CStringLit display(r.display);
    const Code shown = display.Body();
    Append(&out, "// ", rid, " = ", display, ": C ", r.c->size_bytes, " bytes, Rust ",
           r.rust->size_bytes, " bytes\n");
    Append(&out, "_Static_assert(sizeof(", T, ") == ", r.c->size_bytes, "u, \"bindfuzz: sizeof(",
           shown, ") is not ", r.c->size_bytes, " as in the C contract\");\n");
    for (const FieldPlan& f : r.fields) {
      const CIdent& F = f.name;
      const Code fshown = CStringLit(F.name()).Body();
      Append(&out, "_Static_assert(__builtin_offsetof(", T, ", ", F, ") == ", f.c->offset_bits / 8,
             "u, \"bindfuzz: offsetof(", shown, ", ", fshown, ") is not ", f.c->offset_bits / 8,
             " as in the C contract\");\n");
      Append(&out, "_Static_assert(sizeof(((", T, "*)0)->", F, ") == ", f.c->size_bits / 8,
             "u, \"bindfuzz: sizeof(", shown, ".", fshown, ") is not ", f.c->size_bits / 8,
             " as in the C contract\");\n");
    }
    Append(&out, "__SIZE_TYPE__ bf_c_sizeof_", rid, "(void) { return sizeof(", T, "); }\n");
    Append(&out, "__SIZE_TYPE__ bf_c_alignof_", rid, "(void) { return _Alignof(", T, "); }\n");
    Append(&out, "void bf_c_copy_", rid, "(void* dst, const void* src) {\n",
           "  __builtin_memcpy(dst, src, sizeof(", T, "));\n}\n");
    if (!r.fields.empty()) {
      // (c) A typed member access: UBSan checks the object's alignment for
      // its C type (the asm keeps the access without a volatile, which
      // would disable the check).
      Append(&out, "void bf_c_touch_", rid, "(const void* obj) {\n", "  const ", T, "* p = (const ",
             T, "*)obj;\n", "  __asm__ volatile(\"\" : : \"r\"(&p->", r.fields[0].name,
             "));\n}\n");
    }
    for (const FieldPlan& f : r.bitfields) {
      const Code fid = Cat(rid, "_f", f.id);
      const CIdent& F = f.name;
      Append(&out, "unsigned long long bf_c_bfget_", fid, "(const void* obj) {\n",
             "  return (unsigned long long)((const ", T, "*)obj)->", F, ";\n}\n");
      Append(&out, "void bf_c_bfset_", fid, "(void* obj, unsigned long long v) {\n", "  ((", T,
             "*)obj)->", F, " = v;\n}\n");
    }
    for (const ValuePlan& v : r.values) {
      const Code fid = Cat(rid, "_f", v.id);
      const CIdent& F = v.name;
      Append(&out, "void bf_c_setval_", fid, "(void* obj, long long v) {\n", "  ((", T, "*)obj)->",
             F, " = (__typeof__(((", T, "*)obj)->", F, "))v;\n}\n");
    }
    for (const FieldPlan& f : r.fields) {
      const Code fid = Cat(rid, "_f", f.id);
      const CIdent& F = f.name;
      Append(&out, "void bf_c_write_", fid, "(void* obj, const void* src) {\n",
             "  __builtin_memcpy((void*)&((", T, "*)obj)->", F, ", src, sizeof(((", T, "*)obj)->",
             F, "));\n}\n");
      Append(&out, "void bf_c_read_", fid, "(const void* obj, void* dst) {\n",
             "  __builtin_memcpy(dst, (const void*)&((const ", T, "*)obj)->", F,
             ", sizeof(((const ", T, "*)obj)->", F, "));\n}\n");
    }
    Append(&out, "\n");
  }
  for (const FunctionPlan& fn : functions) EmitCFunction(fn, &out);
  return std::move(out).str();
}

Code AbiInit(const AbiType& t) {
  const Code kind = t.kind == AbiType::kVoid   ? Code("'v'")
                    : t.kind == AbiType::kInt  ? Code("'i'")
                    : t.kind == AbiType::kBool ? Code("'b'")
                    : t.kind == AbiType::kPtr  ? Code("'p'")
                                               : Code("'f'");
  return Cat("{", kind, ", ", t.bits, ", ", t.is_signed ? Code("true") : Code("false"), "}");
}

// `const <type> <name>[] = {v0<suffix>, v1<suffix>, ...};`
Code Array(const Code& type, const Code& name, const std::vector<Code>& v, const Code& suffix) {
  Code out = Cat("const ", type, " ", name, "[] = {");
  for (size_t i = 0; i < v.size(); ++i) Append(&out, i ? Code(", ") : Code(), v[i], suffix);
  return Cat(out, "};\n");
}

// Signed 64-bit literal that is valid C++ for every value.
Code LongLongLiteral(int64_t v) { return Code::Int64(v, "", "LL"); }

std::string EmitFuzzer(const std::vector<RecordPlan>& plans,
                       const std::vector<FunctionPlan>& functions, const TargetName& name) {
  Code out = kBanner;
  Append(&out, "//\n// Layout fuzzer ", CStringLit(name.name()),
         ": objects allocated at exactly C's size, accessed through\n"
         "// Rust's offsets, sizes and alignment; functions called through\n"
         "// pointers typed as Rust declares them. Tables for the engine\n"
         "// shims/runtime/bf_layout_engine.cc; link with it, ",
         name, "_c_side.c and bindfuzz_runtime.c.\n\n",
         "#include <cstddef>\n#include <cstdint>\n#include <cstring>\n\n"
         "#include \"bf_layout_engine.h\"\n\nextern \"C\" {\n");
  for (const RecordPlan& r : plans) {
    const Code rid = Cat("r", r.id);
    Append(&out, "size_t bf_c_sizeof_", rid, "(void);\n");
    Append(&out, "size_t bf_c_alignof_", rid, "(void);\n");
    Append(&out, "void bf_c_copy_", rid, "(void*, const void*);\n");
    if (!r.fields.empty()) Append(&out, "void bf_c_touch_", rid, "(const void*);\n");
    for (const FieldPlan& f : r.fields) {
      Append(&out, "void bf_c_write_", rid, "_f", f.id, "(void*, const void*);\n");
      Append(&out, "void bf_c_read_", rid, "_f", f.id, "(const void*, void*);\n");
    }
    for (const FieldPlan& f : r.bitfields) {
      Append(&out, "unsigned long long bf_c_bfget_", rid, "_f", f.id, "(const void*);\n");
      Append(&out, "void bf_c_bfset_", rid, "_f", f.id, "(void*, unsigned long long);\n");
    }
    for (const ValuePlan& v : r.values)
      Append(&out, "void bf_c_setval_", rid, "_f", v.id, "(void*, long long);\n");
  }
  for (const FunctionPlan& fn : functions) {
    const Code id = Cat("fn", fn.id);
    Append(&out, "extern unsigned long long bf_c_args_", id, "[];\n");
    Append(&out, "void bf_c_setret_", id, "(unsigned long long);\n");
    Append(&out, "void* bf_c_fnaddr_", id, "(void);\n");
  }
  Append(&out, "}  // extern \"C\"\n\nnamespace {\n\n");
  for (const RecordPlan& r : plans) {
    const Code rid = Cat("r", r.id);
    Append(&out, "// ", rid, " = ", CStringLit(r.display), "\n");
    // (c) Rust's view of the object: its size and alignment.
    if (r.rust->size_bytes > 0) {
      Append(&out, "struct alignas(", std::max<uint64_t>(r.rust->align_bytes, 1), ") bf_rust_", rid,
             " {\n  unsigned char bytes[", r.rust->size_bytes, "];\n};\n", "void bf_rust_touch_",
             rid, "(const void* obj) {\n", "  const bf_rust_", rid,
             "* p = reinterpret_cast<const bf_rust_", rid, "*>(obj);\n",
             "  __asm__ volatile(\"\" : : \"r\"(&p->bytes[0]));\n}\n");
    }
    if (!r.fields.empty()) {
      Append(&out, "const BfField kFields_", rid, "[] = {\n",
             "    // name, C offset, C width, Rust offset, Rust width, C accessors\n");
      for (const FieldPlan& f : r.fields) {
        Append(&out, "    {", CStringLit(f.name.name()), ", ", f.c->offset_bits / 8, ", ",
               f.c->size_bits / 8, ", ", f.rust->offset_bits / 8, ", ", f.rust->size_bits / 8,
               ", bf_c_write_", rid, "_f", f.id, ", bf_c_read_", rid, "_f", f.id, "},\n");
      }
      Append(&out, "};\n");
    }
    if (!r.bitfields.empty()) {
      Append(&out, "const BfBitfield kBitfields_", rid, "[] = {\n",
             "    // name, C bit, C width, Rust bit, Rust width, C accessors\n");
      for (const FieldPlan& f : r.bitfields) {
        Append(&out, "    {", CStringLit(f.name.name()), ", ", f.c->offset_bits, ", ",
               f.c->size_bits, ", ", f.rust->offset_bits, ", ", f.rust->size_bits, ", bf_c_bfget_",
               rid, "_f", f.id, ", bf_c_bfset_", rid, "_f", f.id, "},\n");
      }
      Append(&out, "};\n");
    }
    for (const ValuePlan& v : r.values) {
      const Code vid = Cat(rid, "_f", v.id);
      std::vector<Code> cv, rv;
      for (int64_t x : v.c_values) cv.push_back(LongLongLiteral(x));
      for (uint64_t x : v.rust_valid) rv.push_back(x);
      if (!cv.empty()) Append(&out, Array("long long", Cat("kCValues_", vid), cv, ""));
      Append(&out, Array("unsigned long long", Cat("kRustValid_", vid), rv, "ULL"));
    }
    if (!r.values.empty()) {
      Append(&out, "const BfValue kValues_", rid, "[] = {\n");
      for (const ValuePlan& v : r.values) {
        const Code vid = Cat(rid, "_f", v.id);
        const bool is_bool = v.rust_type == "bool";
        Append(&out, "    {", CStringLit(v.name.name()), ", ", CStringLit(v.rust_type), ", ",
               is_bool ? Code("\"field-type\"") : Code("\"enum-missing-value\""), ", ",
               v.rust->offset_bits / 8, ", ", v.rust->size_bits / 8, ", bf_c_setval_", vid, ", ",
               v.c_values.empty() ? Code("nullptr") : Cat("kCValues_", vid), ", ",
               v.c_values.size(), ", kRustValid_", vid, ", ", v.rust_valid.size(), "},\n");
      }
      Append(&out, "};\n");
    }
    Append(&out, "\n");
  }
  for (const FunctionPlan& fn : functions) {
    const Code id = Cat("fn", fn.id);
    Append(&out, "// ", id, " = ", CStringLit(fn.name), " as Rust declares it\n");
    Append(&out, "using bf_rust_", id, "_t = ", AbiSpelling(fn.rust_ret, true), " (*)(");
    for (size_t i = 0; i < fn.rust_params.size(); ++i)
      Append(&out, i ? Code(", ") : Code(), AbiSpelling(fn.rust_params[i], true));
    Append(&out, ");\n");
    Append(&out, "void bf_call_", id,
           "(void* fn, const unsigned long long* args, unsigned long long* ret) {\n");
    Code call_args;
    for (size_t i = 0; i < fn.rust_params.size(); ++i) {
      Append(&out, "  ", AbiSpelling(fn.rust_params[i], true), " a", i, ";\n  std::memcpy(&a", i,
             ", &args[", i, "], sizeof a", i, ");\n");
      Append(&call_args, i ? Code(", ") : Code(), "a", i);
    }
    const Code callee = Cat("reinterpret_cast<bf_rust_", id, "_t>(fn)");
    if (fn.rust_ret.kind == AbiType::kVoid) {
      Append(&out, "  ", callee, "(", call_args, ");\n  *ret = 0;\n}\n");
    } else {
      Append(&out, "  ", AbiSpelling(fn.rust_ret, true), " r = ", callee, "(", call_args,
             ");\n  *ret = 0;\n  std::memcpy(ret, &r, sizeof r);\n}\n");
    }
    std::vector<Code> cp, rp, cr, rv;
    for (const AbiType& t : fn.c_params) cp.push_back(AbiInit(t));
    for (const AbiType& t : fn.rust_params) rp.push_back(AbiInit(t));
    for (int64_t x : fn.c_ret.c_enum_values) cr.push_back(LongLongLiteral(x));
    for (uint64_t x : fn.rust_ret.rust_valid) rv.push_back(Cat(x, "ULL"));
    if (!cp.empty()) Append(&out, Array("BfAbi", Cat("kCParams_", id), cp, ""));
    if (!rp.empty()) Append(&out, Array("BfAbi", Cat("kRustParams_", id), rp, ""));
    if (!cr.empty()) Append(&out, Array("long long", Cat("kCRet_", id), cr, ""));
    if (!rv.empty()) Append(&out, Array("unsigned long long", Cat("kRustRet_", id), rv, ""));
    Append(&out, "\n");
  }
  if (plans.empty()) {
    Append(&out, "constexpr const BfRecord* kRecords = nullptr;\n");
  } else {
    Append(&out, "const BfRecord kRecords[] = {\n",
           "    // display, Rust size, Rust align, C sizeof, C alignof, C copy, C touch,\n"
           "    // Rust touch, fields, bitfields, values (each with its count)\n");
    for (const RecordPlan& r : plans) {
      const Code rid = Cat("r", r.id);
      auto table = [&](bool has, const Code& prefix, size_t n) {
        return has ? Cat(prefix, rid, ", ", n) : Code("nullptr, 0");
      };
      Append(&out, "    {", CStringLit(r.display), ", ", r.rust->size_bytes, ", ",
             std::max<uint64_t>(r.rust->align_bytes, 1), ", bf_c_sizeof_", rid, ", bf_c_alignof_",
             rid, ", bf_c_copy_", rid, ", ",
             r.fields.empty() ? Code("nullptr") : Cat("bf_c_touch_", rid), ", ",
             r.rust->size_bytes > 0 ? Cat("bf_rust_touch_", rid) : Code("nullptr"), ", ",
             table(!r.fields.empty(), "kFields_", r.fields.size()), ", ",
             table(!r.bitfields.empty(), "kBitfields_", r.bitfields.size()), ", ",
             table(!r.values.empty(), "kValues_", r.values.size()), "},\n");
    }
    Append(&out, "};\n");
  }
  if (functions.empty()) {
    Append(&out, "constexpr const BfFunction* kFunctions = nullptr;\n");
  } else {
    Append(&out, "const BfFunction kFunctions[] = {\n");
    for (const FunctionPlan& fn : functions) {
      const Code id = Cat("fn", fn.id);
      auto arr = [&](bool has, const Code& name, size_t n) {
        return has ? Cat(name, ", ", n) : Code("nullptr, 0");
      };
      Append(&out, "    {", CStringLit(fn.name), ", ", fn.c_params.size(), ", ",
             fn.c_params.empty() ? Code("nullptr") : Cat("kCParams_", id), ", ",
             fn.rust_params.size(), ", ",
             fn.rust_params.empty() ? Code("nullptr") : Cat("kRustParams_", id), ", ",
             AbiInit(fn.c_ret), ", ", AbiInit(fn.rust_ret), ", bf_c_fnaddr_", id, ", bf_c_setret_",
             id, ", bf_c_args_", id, ", bf_call_", id, ", ",
             arr(!fn.c_ret.c_enum_values.empty(), Cat("kCRet_", id), fn.c_ret.c_enum_values.size()),
             ", ",
             arr(!fn.rust_ret.rust_valid.empty(), Cat("kRustRet_", id),
                 fn.rust_ret.rust_valid.size()),
             "},\n");
    }
    Append(&out, "};\n");
  }
  Append(&out, "constexpr size_t kNumRecords = ", plans.size(), ";\n",
         "constexpr size_t kNumFunctions = ", functions.size(), ";\n",
         "const BfLayoutTarget kTarget = {kRecords, kNumRecords, kFunctions, kNumFunctions};\n\n",
         "}  // namespace\n\n",
         "extern \"C\" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {\n"
         "  return bf_layout_run(&kTarget, data, size);\n}\n");
  return std::move(out).str();
}

}  // namespace

namespace {

// build.sh: the C side (and any C sources) with coverage, the runtime, and
// the target's tables and engine compiled without coverage.
BuildRecipe LayoutRecipe(const LayoutGenOptions& opt, const TargetName& n) {
  BuildRecipe r;
  r.comment =
      "# CXXFLAGS=-fno-sanitize=function shows the bit-exact argument checks\n"
      "# instead of UBSan's function-type report.\n";
  r.shared.push_back({.source = Cat(n, "_c_side.c"),
                      .object = Cat(n, "_c_side.o"),
                      .coverage = Coverage::kFull,
                      .target_flags = true});
  for (size_t i = 0; i < opt.c_sources.size(); ++i) {
    r.shared.push_back({.source = ShWord(opt.c_sources[i]),
                        .object = Cat(n, "_src", i, ".o"),
                        .coverage = Coverage::kFull,
                        .target_flags = true});
  }
  r.shared.push_back({.source = "\"$RT/bindfuzz_runtime.c\"", .object = "bindfuzz_runtime.o"});
  r.per_binary.push_back(
      {.cxx = true,
       .source = Cat(n, "_fuzzer.cc"),
       .object = Cat(n, "_fuzzer.o"),
       .coverage = Coverage::kNone,
       .include_dir = "\"$RT\"",
       .comment = "# The target (the Rust side's stand-in) and its engine are sanitized but not\n"
                  "# coverage-instrumented: the C side's per-record, per-field accessors give\n"
                  "# libFuzzer its features, and the harness's own edges and comparisons would\n"
                  "# only slow it down (about 1.4x).\n"});
  r.per_binary.push_back({.cxx = true,
                          .source = "\"$RT/bf_layout_engine.cc\"",
                          .object = "bf_layout_engine.o",
                          .coverage = Coverage::kNone,
                          .include_dir = "\"$RT\""});
  return r;
}

}  // namespace

absl::StatusOr<GeneratedFiles> GenerateLayoutFuzzer(const Contract& c_truth, const Contract& rust,
                                                    const LayoutGenOptions& opt) {
  absl::StatusOr<CheckedTarget> target = CheckTargetOptions(opt);
  if (!target.ok()) return target.status();
  const TargetName& name = target->name;

  GeneratedFiles result;
  std::vector<RecordPlan> plans;
  auto plan_record = [&](const std::string& key, const Record& c) -> std::string {
    auto rit = rust.records.find(key);
    const Record* rr = rit == rust.records.end() ? nullptr : &rit->second;
    std::string why = RecordSkipReason(key, c, rr);
    if (!why.empty()) return why;
    absl::StatusOr<CIdent> ident = CIdent::Make(key);
    if (!ident.ok()) return "the C name cannot be spelled safely as an identifier";
    RecordPlan p;
    p.id = static_cast<int>(plans.size());
    p.key = key;
    p.c = &c;
    p.rust = rr;
    if (c.typedef_named || opt.typedef_named_records.count(key)) {
      p.c_type = *ident;
      p.display = key;
    } else {
      const bool is_union = c.kind == RecordKind::kUnion;
      p.c_type = Cat(is_union ? Code("union ") : Code("struct "), *ident);
      p.display = absl::StrCat(is_union ? "union " : "struct ", key);
    }
    if (c.opaque || rr->opaque) {
      // Only the size is known on one side: the object copy (a) still runs.
      result.notes.push_back({.level = Note::Level::kInfo,
                              .item = key,
                              .message = "opaque on one side: size checked, fields not",
                              .loc = c.loc});
    }
    for (size_t i = 0; i < c.fields.size() && !c.opaque && !rr->opaque; ++i) {
      const Field& cf = c.fields[i];
      if (cf.artificial) continue;
      if (cf.name.rfind("(anon#", 0) == 0) {
        result.notes.push_back({.level = Note::Level::kInfo,
                                .item = absl::StrCat(key, ".", cf.name),
                                .message = "unnamed member (anonymous record): not covered yet",
                                .loc = cf.loc});
        continue;
      }
      const Field* rf = FindNamedField(*rr, cf.name);
      absl::StatusOr<CIdent> fname = CIdent::Make(cf.name);
      if (cf.is_bitfield && rf != nullptr && rf->is_bitfield) {
        std::string bwhy;
        if (!fname.ok()) bwhy = "the C name cannot be spelled safely";
        if (cf.size_bits == 0 || cf.size_bits > 64 || rf->size_bits == 0 || rf->size_bits > 64)
          bwhy = "bitfield wider than 64 bits or unnamed";
        if ((rf->offset_bits + rf->size_bits + 7) / 8 > rr->size_bytes)
          bwhy = "Rust bitfield outside Rust's record";
        const contract::Type& bt = contract::ResolveTypedefs(c_truth, cf.type);
        if (bt.kind != TypeKind::kInt && bt.kind != TypeKind::kBool && bt.kind != TypeKind::kEnum)
          bwhy = "bitfield of a non-integer type";
        if (bwhy.empty()) {
          p.bitfields.push_back({.id = static_cast<int>(i), .c = &cf, .rust = rf, .name = *fname});
        } else {
          result.notes.push_back({.level = Note::Level::kInfo,
                                  .item = absl::StrCat(key, ".", cf.name),
                                  .message = bwhy,
                                  .loc = cf.loc});
        }
        continue;
      }
      std::string fwhy = FieldSkipReason(cf, rf);
      if (!fwhy.empty()) {
        result.notes.push_back({.level = Note::Level::kInfo,
                                .item = absl::StrCat(key, ".", cf.name),
                                .message = fwhy,
                                .loc = cf.loc});
        continue;
      }
      p.fields.push_back({.id = static_cast<int>(i), .c = &cf, .rust = rf, .name = *fname});
      if (auto v = PlanValue(c_truth, rust, p.fields.back())) p.values.push_back(std::move(*v));
    }
    result.fields += static_cast<int>(p.fields.size());
    plans.push_back(std::move(p));
    return "";
  };

  if (opt.no_records) {
    // Functions only.
  } else if (opt.records.empty()) {
    for (const auto& [key, c] : c_truth.records) {
      std::string why = plan_record(key, c);
      // Records only one side has, or that are forward declarations, are
      // not layout facts to witness: noted only when something was expected.
      if (!why.empty() && rust.records.count(key) && c.complete)
        result.notes.push_back({.item = key, .message = why, .loc = c.loc});
    }
  } else {
    std::set<std::string> seen;
    std::vector<std::string> wanted(opt.records);
    std::sort(wanted.begin(), wanted.end());
    for (const std::string& key : wanted) {
      if (!seen.insert(key).second) continue;
      auto it = c_truth.records.find(key);
      if (it == c_truth.records.end())
        return absl::InvalidArgumentError(
            absl::StrCat("gen: record ", Quoted(key), " is not in the C contract"));
      std::string why = plan_record(key, it->second);
      if (!why.empty())
        return absl::InvalidArgumentError(absl::StrCat(
            it->second.loc.ToString(), ": gen: record ", Quoted(key), " cannot be covered: ", why));
    }
  }
  result.records = static_cast<int>(plans.size());

  // (d) Functions.
  std::vector<FunctionPlan> functions;
  std::vector<std::string> wanted_fns;
  if (opt.all_functions) {
    for (const auto& [name, f] : rust.functions)
      if (c_truth.functions.count(name)) wanted_fns.push_back(name);
  } else {
    wanted_fns = opt.functions;
    std::sort(wanted_fns.begin(), wanted_fns.end());
    wanted_fns.erase(std::unique(wanted_fns.begin(), wanted_fns.end()), wanted_fns.end());
  }
  for (const std::string& fn_name : wanted_fns) {
    auto cit = c_truth.functions.find(fn_name);
    auto rit = rust.functions.find(fn_name);
    absl::StatusOr<CIdent> ident = CIdent::Make(fn_name);
    std::string why;
    if (cit == c_truth.functions.end()) {
      why = "not in the C contract";
    } else if (rit == rust.functions.end()) {
      why = "not in the Rust contract";
    } else if (!ident.ok()) {
      why = "the name cannot be spelled safely as an identifier";
    } else if (std::string na = contract::NotAddressableReason(c_truth, fn_name); !na.empty()) {
      why = absl::StrCat(kNotAddressablePrefix, na, ": it cannot be called or probed through a pointer");
    } else if (cit->second.variadic || rit->second.variadic) {
      why = "variadic";
    } else if (cit->second.params.size() > 32 || rit->second.params.size() > 32) {
      why = "more than 32 parameters";
    }
    std::vector<AbiType> c_params, rust_params;
    AbiType c_ret, rust_ret;
    auto classify = [&](const Contract& k, const contract::Function& f, bool c_side,
                        std::vector<AbiType>* params, AbiType* ret) {
      for (size_t i = 0; i < f.params.size() && why.empty(); ++i) {
        AbiType a;
        std::string w = ClassifyAbi(k, f.params[i].type, c_side, false, k.target.pointer_bits, &a);
        if (!w.empty()) why = absl::StrCat(c_side ? "C" : "Rust", " parameter ", i, ": ", w);
        params->push_back(a);
      }
      if (why.empty()) {
        std::string w = ClassifyAbi(k, f.return_type, c_side, true, k.target.pointer_bits, ret);
        if (!w.empty()) why = absl::StrCat(c_side ? "C" : "Rust", " return: ", w);
      }
    };
    if (why.empty()) classify(c_truth, cit->second, true, &c_params, &c_ret);
    if (why.empty()) classify(rust, rit->second, false, &rust_params, &rust_ret);
    if (!why.empty()) {
      if (!opt.all_functions && !opt.functions_best_effort)
        return absl::InvalidArgumentError(
            absl::StrCat("gen: function ", Quoted(fn_name), " cannot be covered: ", why));
      result.notes.push_back({.item = fn_name, .message = why});
      continue;
    }
    functions.push_back({.id = static_cast<int>(functions.size()),
                         .name = fn_name,
                         .ident = *std::move(ident),
                         .c_params = std::move(c_params),
                         .rust_params = std::move(rust_params),
                         .c_ret = std::move(c_ret),
                         .rust_ret = std::move(rust_ret)});
  }
  result.functions = static_cast<int>(functions.size());

  std::string flags;
  for (const std::string& f : opt.c_flags) absl::StrAppend(&flags, f, "\n");
  result.files[absl::StrCat(opt.name, "_c_flags.txt")] = std::move(flags);
  result.files[absl::StrCat(opt.name, "_c_side.c")] =
      EmitCSide(plans, functions, opt, target->headers, result.notes);
  result.files[absl::StrCat(opt.name, "_fuzzer.cc")] = EmitFuzzer(plans, functions, name);
  if (!opt.runtime_dir.empty())
    result.files["build.sh"] = EmitBuildScript(opt, *target, LayoutRecipe(opt, name));
  return result;
}

}  // namespace bindfuzz::codegen
