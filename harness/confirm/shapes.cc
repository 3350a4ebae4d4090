// The canonical texts of `check --confirm`: how values read from gcc and
// rustc, and the values the contracts claim, are written so that the two
// sides compare as strings (numbers, strings, bit ranges, type shapes).
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "harness/common/quote.h"
#include "harness/confirm/planner.h"

namespace bindfuzz::confirm::internal {

std::string Short(const std::string& s, size_t n) {
  std::string one = s;
  for (char& c : one)
    if (c == '\n') c = ' ';
  return one.size() <= n ? one : one.substr(0, n) + "...";
}

std::string SignedText(uint64_t v, bool negative) {
  if (negative) return "-" + std::to_string(~v + 1);
  return std::to_string(v);
}

// As the diff writes string constants.
std::string Quote(const std::string& bytes) { return QuoteBytes(bytes); }

std::string FloatText(double v) {
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}

// First set bit and number of set bits of a bitfield written all-ones.
bool BitRange(const std::string& bytes, bool big_endian, uint64_t* first, uint64_t* width) {
  bool any = false;
  *width = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    unsigned char b = static_cast<unsigned char>(bytes[i]);
    for (int k = 0; k < 8; ++k) {
      if (!(b >> k & 1)) continue;
      uint64_t bit = i * 8 + (big_endian ? 7 - k : k);
      if (!any || bit < *first) *first = bit;
      any = true;
      ++*width;
    }
  }
  return any;
}

// 1 when the Rust constant `x` is negative: a range pattern, which needs no
// comparison trait (the minicore `core` of other targets has none).
std::string RNegative(const std::string& x) { return "match (" + x + " as i128) { ..=-1 => 1u64, _ => 0u64 }"; }

std::string TruthKey(const Finding& f) { return f.matched.empty() ? f.item : f.matched; }

// "48 bytes (xarray)" -> "48 bytes"; "offset 1656, 32 bytes" -> "offset 1656".
std::string LeadingWords(const std::string& s, size_t words) {
  std::vector<std::string> w = absl::StrSplit(s, absl::ByAnyChar(" ,"), absl::SkipEmpty());
  if (w.size() > words) w.resize(words);
  return absl::StrJoin(w, " ");
}

// ---------------------------------------------------------------- shapes --
// A type as the machine sees it, in the same words for both sides:
// "i32", "u64", "f64", "bool", "void", "ptr->agg(32,8)", "ptr->opaque",
// "fn(ptr, i32) -> i32", "[u8; 16]", "agg(16,8)", "opaque" (incomplete or
// zero-sized: a handle only used behind pointers).

std::string Level1(uint64_t cls, uint64_t size, uint64_t align) {
  switch (cls) {
    case 1: return absl::StrCat("i", size * 8);
    case 2: return absl::StrCat("u", size * 8);
    case 3: return absl::StrCat("f", size * 8);
    case 4: return "ptr";
    case 5: return "fnptr";
    case 6: return "bool";
    case 7: return "void";
    case 8: return size == 0 ? "opaque" : absl::StrCat("agg(", size, ",", align, ")");
    case 9: return absl::StrCat("array(", size, ")");
    case 10: return "never";
    case 11: return "opaque";
  }
  return absl::StrCat("class", cls);
}

std::string FnText(const std::string& ret, const std::vector<std::string>& params, bool variadic) {
  std::string p = absl::StrJoin(params, ", ");
  if (variadic) p += params.empty() ? "..." : ", ...";
  return absl::StrCat("fn(", p, ") -> ", ret);
}

bool IsPointerToPointer(const contract::Contract& c, const Type& t0) {
  const Type& t = ResolveTypedefs(c, t0);
  if (t.kind != TypeKind::kPointer || t.inner.empty()) return false;
  const Type& p = ResolveTypedefs(c, t.inner[0]);
  return p.kind == TypeKind::kPointer;
}

// rustc's SHAPE ++ SIG words -> shape text.
std::string RustShapeText(const std::vector<uint64_t>& v, size_t at) {
  if (v.size() < at + kShapeLen + kSigLen) return "?";
  const uint64_t* s = &v[at];
  const uint64_t* g = &v[at + kShapeLen];
  switch (s[0]) {
    case 4: return "ptr->" + Level1(s[3], s[4], s[5]);
    case 9: return absl::StrCat("[", Level1(s[3], s[4], s[5]), "; ", s[6], "]");
    case 5: {
      uint64_t n = g[3] & 0xffffffffu;
      if (n > kMaxArity) return "fn(?)";
      std::vector<std::string> ps;
      for (uint64_t i = 0; i < n; ++i) {
        const uint64_t* q = &g[4 + kSigParamLen * i];
        // A pointer to a pointer (or to a function pointer) is told apart.
        ps.push_back(q[0] == 4 && (q[3] == 4 || q[3] == 5) ? "ptr->ptr" : Level1(q[0], q[1], q[2]));
      }
      return FnText(Level1(g[0], g[1], g[2]), ps, (g[3] >> 32) != 0);
    }
  }
  return Level1(s[0], s[1], s[2]);
}

std::optional<uint64_t> ContractShapes::Size(const Type& t0, int depth) const {
  if (depth > 16) return std::nullopt;
  const Type& t = ResolveTypedefs(k_, t0);
  switch (t.kind) {
    case TypeKind::kBool: return 1;
    case TypeKind::kInt:
    case TypeKind::kFloat: return t.bits / 8;
    case TypeKind::kPointer: return k_.target.pointer_bits / 8;
    case TypeKind::kRecord: {
      auto it = k_.records.find(t.name);
      if (it == k_.records.end() || !it->second.complete || it->second.align_bytes == 0) return std::nullopt;
      return it->second.size_bytes;
    }
    case TypeKind::kEnum: {
      auto it = k_.enums.find(t.name);
      if (it == k_.enums.end() || !it->second.size_bytes) return std::nullopt;
      return it->second.size_bytes;
    }
    case TypeKind::kArray: {
      if (t.inner.empty()) return std::nullopt;
      auto e = Size(t.inner[0], depth + 1);
      if (!e) return std::nullopt;
      return *e * (t.flexible ? 0 : t.count);
    }
    default: return std::nullopt;
  }
}

std::string ContractShapes::L1(const Type& t0, int depth) const {
  if (depth > 16) return "";
  const Type& t = ResolveTypedefs(k_, t0);
  switch (t.kind) {
    case TypeKind::kVoid: return "void";
    case TypeKind::kBool: return "bool";
    case TypeKind::kInt: return absl::StrCat(t.is_signed ? "i" : "u", t.bits);
    case TypeKind::kFloat: return absl::StrCat("f", t.bits);
    case TypeKind::kPointer:
      if (!t.inner.empty() && ResolveTypedefs(k_, t.inner[0]).kind == TypeKind::kFunction) return "fnptr";
      return "ptr";
    case TypeKind::kRecord: {
      auto it = k_.records.find(t.name);
      if (it == k_.records.end()) return "";
      const Record& r = it->second;
      if (!r.complete || (r.size_bytes == 0 && r.align_bytes != 0)) return "opaque";
      if (r.align_bytes == 0) return "";
      return absl::StrCat("agg(", r.size_bytes, ",", r.align_bytes, ")");
    }
    case TypeKind::kEnum: {
      auto it = k_.enums.find(t.name);
      if (it == k_.enums.end() || !it->second.size_bytes) return "";
      const contract::Enum& e = it->second;
      if (k_.side == contract::Side::kRust && e.rust_style == "rustified")
        return absl::StrCat("agg(", e.size_bytes, ",", e.size_bytes, ")");
      const Type& u = ResolveTypedefs(k_, e.underlying);
      bool is_signed = u.kind == TypeKind::kInt && u.is_signed;
      return absl::StrCat(is_signed ? "i" : "u", e.size_bytes * 8);
    }
    case TypeKind::kArray: {
      auto s = Size(t, depth + 1);
      return s ? absl::StrCat("array(", *s, ")") : "";
    }
    default: return "";
  }
}

std::string ContractShapes::Full(const Type& t0, int depth) const {
  if (depth > 16) return "";
  const Type& t = ResolveTypedefs(k_, t0);
  switch (t.kind) {
    case TypeKind::kPointer: {
      if (t.inner.empty()) return "";
      const Type& p = ResolveTypedefs(k_, t.inner[0]);
      if (p.kind == TypeKind::kFunction) return Fn(p, depth + 1);
      std::string in = L1(p, depth + 1);
      return in.empty() ? "" : "ptr->" + in;
    }
    case TypeKind::kArray: {
      if (t.inner.empty()) return "";
      std::string e = L1(t.inner[0], depth + 1);
      return e.empty() ? "" : absl::StrCat("[", e, "; ", t.flexible ? 0 : t.count, "]");
    }
    case TypeKind::kFunction: return Fn(t, depth + 1);
    default: return L1(t, depth + 1);
  }
}

// A C transparent union parameter is passed as its first member.
const Type& ContractShapes::PassedAs(const Type& t0) const {
  const Type& t = ResolveTypedefs(k_, t0);
  if (t.kind != TypeKind::kRecord) return t0;
  auto it = k_.records.find(t.name);
  if (it == k_.records.end() || !it->second.transparent_union) return t0;
  for (const Field& f : it->second.fields) {
    if (!f.artificial) return f.type;
  }
  return t0;
}

std::string ContractShapes::Fn(const Type& f, int depth) const {
  if (f.inner.empty()) return "";
  std::string ret = L1(f.inner[0], depth);
  std::vector<std::string> ps;
  for (size_t i = 1; i < f.inner.size(); ++i) {
    ps.push_back(IsPointerToPointer(k_, f.inner[i]) ? "ptr->ptr" : L1(PassedAs(f.inner[i]), depth));
    if (ps.back().empty()) return "";
  }
  return ret.empty() ? "" : FnText(ret, ps, f.variadic);
}

}  // namespace bindfuzz::confirm::internal
