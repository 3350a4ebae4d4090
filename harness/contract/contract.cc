#include "harness/contract/contract.h"

#include <string>

namespace bindfuzz::contract {

std::string SourceLoc::ToString() const {
  if (file.empty()) return "<unknown>";
  std::string out = file;
  if (line != 0) {
    out += ":" + std::to_string(line);
    if (column != 0) out += ":" + std::to_string(column);
  }
  return out;
}

std::string Type::ToString() const {
  std::string qual = is_const ? "const " : "";
  switch (kind) {
    case TypeKind::kUnknown:
      return "<unknown " + spelling + ">";
    case TypeKind::kVoid:
      return qual + "void";
    case TypeKind::kBool:
      return qual + "bool";
    case TypeKind::kInt:
      return qual + (is_signed ? "i" : "u") + std::to_string(bits) +
             (spelling.empty() ? "" : " (" + spelling + ")");
    case TypeKind::kFloat:
      return qual + "f" + std::to_string(bits);
    case TypeKind::kPointer: {
      if (inner.empty()) return "*<?>";
      const Type& p = inner[0];
      if (p.kind == TypeKind::kFunction) {
        return (nullable ? "Option<" : "") + p.ToString() + (nullable ? ">" : "");
      }
      return std::string(p.is_const ? "*const " : "*mut ") + [&] {
        Type unq = p;
        unq.is_const = false;
        return unq.ToString();
      }();
    }
    case TypeKind::kArray:
      if (inner.empty()) return "[<?>]";
      if (flexible) return "[" + inner[0].ToString() + "; flexible]";
      return "[" + inner[0].ToString() + "; " + std::to_string(count) + "]";
    case TypeKind::kRecord:
      return qual + name;
    case TypeKind::kEnum:
      return qual + "enum " + name;
    case TypeKind::kTypedef:
      return qual + name;
    case TypeKind::kFunction: {
      std::string out = "fn(";
      for (size_t i = 1; i < inner.size(); ++i) {
        if (i > 1) out += ", ";
        out += inner[i].ToString();
      }
      if (variadic) out += inner.size() > 1 ? ", ..." : "...";
      out += ")";
      if (!inner.empty() && inner[0].kind != TypeKind::kVoid) out += " -> " + inner[0].ToString();
      return out;
    }
  }
  return "<?>";
}

const Field* Record::FindField(const std::string& field_name) const {
  for (const Field& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

IntValue IntValue::Of(int64_t v) {
  if (v < 0) return {static_cast<uint64_t>(0) - static_cast<uint64_t>(v), true};
  return {static_cast<uint64_t>(v), false};
}

uint64_t IntValue::Bits(uint32_t bits) const {
  uint64_t v = negative ? (uint64_t{0} - magnitude) : magnitude;
  if (bits >= 64 || bits == 0) return v;
  return v & ((uint64_t{1} << bits) - 1);
}

std::string IntValue::ToString() const {
  return (negative && magnitude != 0 ? "-" : "") + std::to_string(magnitude);
}

const char* SideName(Side side) {
  switch (side) {
    case Side::kC: return "c";
    case Side::kRust: return "rust";
    case Side::kBtf: return "btf";
  }
  return "?";
}

const char* TypeKindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kUnknown: return "unknown";
    case TypeKind::kVoid: return "void";
    case TypeKind::kBool: return "bool";
    case TypeKind::kInt: return "int";
    case TypeKind::kFloat: return "float";
    case TypeKind::kPointer: return "pointer";
    case TypeKind::kArray: return "array";
    case TypeKind::kRecord: return "record";
    case TypeKind::kEnum: return "enum";
    case TypeKind::kTypedef: return "typedef";
    case TypeKind::kFunction: return "function";
  }
  return "?";
}

const Type& ResolveTypedefs(const Contract& c, const Type& t, int max_depth) {
  const Type* cur = &t;
  for (int i = 0; i < max_depth && cur->kind == TypeKind::kTypedef; ++i) {
    auto it = c.typedefs.find(cur->name);
    if (it == c.typedefs.end()) return *cur;
    cur = &it->second.target;
  }
  return *cur;
}

}  // namespace bindfuzz::contract
