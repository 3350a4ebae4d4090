#include "harness/confirm/confirm.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "harness/common/status.h"
#include "harness/diff/attribution.h"
#include "harness/target/target.h"

namespace bindfuzz::confirm {
namespace {

using contract::Contract;
using contract::Field;
using contract::Record;
using contract::ResolveTypedefs;
using contract::Type;
using contract::TypeKind;
using diff::Confirmation;
using diff::ConfirmStatus;
using diff::Finding;
using diff::MismatchKind;

// A C size that gcc found cannot be derived (see CAnonSize).
constexpr uint64_t kNotDerived = 0xffffffffffffffffull;
constexpr char kNotDerivedWhy[] =
    "the size of an unnamed C member with its own aligned attribute cannot be derived (the next member may be padded)";

// What one compiler said for a finding: a canonical value, or why not.
struct Obs {
  bool ok = false;
  std::string value;
  std::string why;
};
Obs Value(std::string v) { return {true, std::move(v), ""}; }
Obs NoValue(std::string why) { return {false, "", std::move(why)}; }

using CRead = std::function<Obs(const CProbeRun&)>;
using RRead = std::function<Obs(const RustProbeRun&)>;

struct Plan {
  std::string reason;  // set: unconfirmable without probing
  CRead c;
  RRead r;
  std::string claim_c, claim_r;  // what the finding says each side is ("" = not checked)
};

Plan Unconfirmable(std::string why) {
  Plan p;
  p.reason = std::move(why);
  return p;
}

std::string Short(const std::string& s, size_t n = 400) {
  std::string one = s;
  for (char& c : one)
    if (c == '\n') c = ' ';
  return one.size() <= n ? one : one.substr(0, n) + "...";
}

std::string SignedText(uint64_t v, bool negative) {
  if (negative) return "-" + std::to_string(~v + 1);
  return std::to_string(v);
}

// Like the diff's rendering of string constants.
std::string Quote(const std::string& bytes) {
  std::string out = "\"";
  for (unsigned char ch : bytes) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 0x20 || ch >= 0x7f) {
      static const char* kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out + "\"";
}

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
      for (uint64_t i = 0; i < n; ++i) ps.push_back(Level1(g[4 + 3 * i], g[5 + 3 * i], g[6 + 3 * i]));
      return FnText(Level1(g[0], g[1], g[2]), ps, (g[3] >> 32) != 0);
    }
  }
  return Level1(s[0], s[1], s[2]);
}

// The shape a contract says a type has (the claim a finding makes), or ""
// when the contract does not know enough.
class ContractShapes {
 public:
  explicit ContractShapes(const Contract& k) : k_(k) {}

  std::optional<uint64_t> Size(const Type& t0, int depth = 0) const {
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

  std::string L1(const Type& t0, int depth = 0) const {
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

  std::string Full(const Type& t0, int depth = 0) const {
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

  std::string Fn(const Type& f, int depth) const {
    if (f.inner.empty()) return "";
    std::string ret = L1(f.inner[0], depth);
    std::vector<std::string> ps;
    for (size_t i = 1; i < f.inner.size(); ++i) {
      ps.push_back(L1(f.inner[i], depth));
      if (ps.back().empty()) return "";
    }
    return ret.empty() ? "" : FnText(ret, ps, f.variadic);
  }

 private:
  const Contract& k_;
};

// ------------------------------------------------------------------ plans --

class Planner {
 public:
  Planner(const Contract& truth, const Contract& rust, const RustProbeCrate& crate, bool c_big_endian)
      : T_(truth), R_(rust), crate_(crate), big_(c_big_endian), tshape_(truth), rshape_(rust) {}

  std::vector<CFact> cfacts;
  std::vector<RustFact> rfacts;

  Plan For(const Finding& f);

 private:
  // ---- C side

  size_t AddC(CFact f) {
    cfacts.push_back(std::move(f));
    return cfacts.size() - 1;
  }
  size_t AddR(RustFact f) {
    rfacts.push_back(std::move(f));
    return rfacts.size() - 1;
  }

  static Obs CInts(const CProbeRun& run, size_t id, size_t n) {
    const CFactResult& r = run.results[id];
    if (r.state != CFactResult::State::kValue) return NoValue(Short(r.error));
    if (r.ints.size() != n) return NoValue("unexpected number of values");
    return Value("");
  }

  // A C record as gcc can name it: a type expression for the nearest named
  // record, and for anonymous members (`p::(anon#1)`) the first field inside
  // them, whose offset in the named record is where they start.
  struct CRec {
    std::string why;   // set: not nameable
    std::string base;  // C type expression
    std::string leaf;  // anonymous: designator of its first leaf; "" = base is the record itself
    const Record* rec = nullptr;
  };

  std::string FirstLeaf(const std::string& key, int depth) const {
    auto it = T_.records.find(key);
    if (it == T_.records.end() || depth > 16) return "";
    const Record& r = it->second;
    for (const Field& fl : r.fields) {
      if (fl.artificial) continue;
      if (absl::StartsWith(fl.name, "(anon#")) {
        std::string l = FirstLeaf(key + "::" + fl.name, depth + 1);
        if (!l.empty() || r.kind == contract::RecordKind::kStruct) return l;
        continue;
      }
      if (fl.is_bitfield) {
        if (r.kind == contract::RecordKind::kStruct) return "";
        continue;
      }
      return IsProbeSafeCIdentifier(fl.name) ? fl.name : "";
    }
    return "";
  }

  CRec CRecord(const std::string& key) const {
    CRec out;
    if (absl::StartsWith(key, "(anon at ") || absl::StrContains(key, " (at ") || absl::StrContains(key, " #")) {
      out.why = "the C record has no name gcc can refer to";
      return out;
    }
    std::vector<std::string> comps = absl::StrSplit(key, "::");
    auto top = T_.records.find(comps[0]);
    if (top == T_.records.end() || !IsProbeSafeCIdentifier(comps[0])) {
      out.why = "the C record has no name gcc can refer to";
      return out;
    }
    out.base = top->second.typedef_named
                   ? comps[0]
                   : absl::StrCat(top->second.kind == contract::RecordKind::kUnion ? "union " : "struct ", comps[0]);
    std::string cur = comps[0];
    bool anon = false;
    for (size_t i = 1; i < comps.size(); ++i) {
      const std::string& c = comps[i];
      std::string next = cur + "::" + c;
      if (absl::StartsWith(c, "(anon#")) {
        anon = true;
        cur = next;
        continue;
      }
      auto rec = T_.records.find(cur);
      const Field* fl = rec == T_.records.end() ? nullptr : rec->second.FindField(c);
      if (!fl || !IsProbeSafeCIdentifier(c)) {
        out.why = absl::StrCat("no C member '", c, "' leads to ", key);
        return out;
      }
      std::string lv = absl::StrCat("(*(", out.base, " *)0).", c);
      Type t = ResolveTypedefs(T_, fl->type);
      for (int d = 0; d < 8; ++d) {
        if (t.kind == TypeKind::kArray && !t.inner.empty()) {
          lv += "[0]";
          t = ResolveTypedefs(T_, t.inner[0]);
        } else if (t.kind == TypeKind::kPointer && !t.inner.empty()) {
          lv = "(*" + lv + ")";
          t = ResolveTypedefs(T_, t.inner[0]);
        } else {
          break;
        }
      }
      out.base = "__typeof__(" + lv + ")";
      anon = false;
      cur = next;
    }
    auto rec = T_.records.find(key);
    out.rec = rec == T_.records.end() ? nullptr : &rec->second;
    if (anon) {
      out.leaf = FirstLeaf(key, 0);
      if (out.leaf.empty()) out.why = "the anonymous C member starts with a bitfield or has no named field";
    }
    return out;
  }

  std::string COffsetExpr(const CRec& r, const std::string& field) const {
    std::string e = absl::StrCat("__builtin_offsetof(", r.base, ", ", field, ")");
    if (!r.leaf.empty()) absl::StrAppend(&e, " - __builtin_offsetof(", r.base, ", ", r.leaf, ")");
    return e;
  }

  // The largest of constant expressions, without repeating any: the size of
  // a union of char arrays one longer than each.
  static std::string CMax(const std::vector<std::string>& e) {
    if (e.size() == 1) return e[0];
    std::string u = "(sizeof(union { ";
    for (size_t i = 0; i < e.size(); ++i) absl::StrAppend(&u, "char m", i, "[1 + (", e[i], ")]; ");
    return u + "}) - 1)";
  }

  // Where an unnamed member (record key `p::...::(anon#N)`) starts, ends and
  // how it is aligned, in gcc's own terms: it starts at its first field; it
  // ends where its last field ends (the largest end, for a union); its
  // alignment is the largest of its members' (`__alignof__` of a member
  // includes aligned attributes); its size is the end rounded up to that.
  // C's layout rules, for records neither packed nor aligned themselves.
  struct CAnon {
    std::string start, end, align;
  };
  std::optional<CAnon> CAnonLayout(const std::string& key, const std::string& base, std::string* why, int depth) const {
    auto it = T_.records.find(key);
    if (it == T_.records.end() || depth > 16) {
      *why = "an unnamed C member is not in the C contract";
      return std::nullopt;
    }
    const Record& r = it->second;
    if (r.packed || r.pack_bytes || r.explicit_align) {
      *why = "an unnamed C member with its own packed/aligned attribute: C cannot read its alignment back";
      return std::nullopt;
    }
    std::string leaf = FirstLeaf(key, 0);
    if (leaf.empty()) {
      *why = "an unnamed C member starts with a bitfield or has no named field";
      return std::nullopt;
    }
    std::vector<std::string> ends, aligns;
    for (const Field& f : r.fields) {
      if (f.artificial) continue;
      if (absl::StartsWith(f.name, "(anon#")) {
        auto child = CAnonLayout(key + "::" + f.name, base, why, depth + 1);
        if (!child) return std::nullopt;
        ends.push_back(absl::StrCat("(", child->start, ") + ", CRoundUp(child->end + " - (" + child->start + ")", child->align)));
        aligns.push_back(child->align);
        continue;
      }
      if (f.is_bitfield || !IsProbeSafeCIdentifier(f.name)) {
        *why = "an unnamed C member has a bitfield or unnamed field: its size is not derived";
        return std::nullopt;
      }
      const std::string lv = absl::StrCat("((", base, " *)0)->", f.name);
      const std::string off = absl::StrCat("__builtin_offsetof(", base, ", ", f.name, ")");
      const Type& t = ResolveTypedefs(T_, f.type);
      bool flexible = t.kind == TypeKind::kArray && (t.flexible || t.count == 0);
      ends.push_back(flexible ? off : absl::StrCat(off, " + sizeof(", lv, ")"));
      aligns.push_back("__alignof__(" + lv + ")");
    }
    if (ends.empty()) {
      *why = "an unnamed C member without fields";
      return std::nullopt;
    }
    // In a struct the last member ends last; in a union, the largest does.
    std::string end = r.kind == contract::RecordKind::kStruct ? ends.back() : CMax(ends);
    return CAnon{absl::StrCat("__builtin_offsetof(", base, ", ", leaf, ")"), end, CMax(aligns)};
  }
  static std::string CRoundUp(const std::string& x, const std::string& a) {
    return absl::StrCat("(((", x, ") + (", a, ") - 1) / (", a, ") * (", a, "))");
  }
  std::optional<std::string> CAnonSize(const std::string& key, const std::string& base, std::string* why) const {
    auto l = CAnonLayout(key, base, why, 0);
    if (l) return CRoundUp(l->end + " - (" + l->start + ")", l->align);
    // Otherwise, from the member after it: it starts right where the
    // unnamed member ends when it needs no more alignment than some field
    // inside (the unnamed member is aligned at least that much, and its
    // size is a multiple of its alignment). gcc checks that condition; when
    // it does not hold the value is kNotDerived.
    size_t cut = key.rfind("::");
    auto parent = T_.records.find(key.substr(0, cut));
    if (cut == std::string::npos || parent == T_.records.end()) return std::nullopt;
    const std::string self = key.substr(cut + 2);
    const auto& fields = parent->second.fields;
    const Field* next = nullptr;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name != self) continue;
      for (size_t j = i + 1; j < fields.size() && !next; ++j) {
        if (fields[j].artificial) continue;
        if (fields[j].is_bitfield || !IsProbeSafeCIdentifier(fields[j].name)) break;
        next = &fields[j];
      }
      break;
    }
    std::vector<std::string> aligns;
    LeafAligns(key, base, &aligns, 0);
    std::string leaf = FirstLeaf(key, 0);
    if (!next || aligns.empty() || leaf.empty()) return std::nullopt;
    const Type& nt = ResolveTypedefs(T_, next->type);
    bool flexible = nt.kind == TypeKind::kArray && (nt.flexible || nt.count == 0);
    const std::string nlv = absl::StrCat("((", base, " *)0)->", next->name, flexible ? "[0]" : "");
    return absl::StrCat("((__alignof__(", nlv, ") <= ", CMax(aligns), ") ? (__builtin_offsetof(", base, ", ", next->name,
                        ") - __builtin_offsetof(", base, ", ", leaf, ")) : ", kNotDerived, "ull)");
  }
  // __alignof__ of every field inside an unnamed member (its alignment is at least each).
  void LeafAligns(const std::string& key, const std::string& base, std::vector<std::string>* out, int depth) const {
    auto it = T_.records.find(key);
    if (it == T_.records.end() || depth > 16) return;
    for (const Field& f : it->second.fields) {
      if (f.artificial || f.is_bitfield) continue;
      if (absl::StartsWith(f.name, "(anon#")) {
        LeafAligns(key + "::" + f.name, base, out, depth + 1);
      } else if (IsProbeSafeCIdentifier(f.name)) {
        const Type& t = ResolveTypedefs(T_, f.type);
        bool flexible = t.kind == TypeKind::kArray && (t.flexible || t.count == 0);
        out->push_back(absl::StrCat("__alignof__(((", base, " *)0)->", f.name, flexible ? "[0]" : "", ")"));
      }
    }
  }

  // C spelling of a contract type, built with __typeof__ so that no
  // declarator syntax is needed; nullopt when a name cannot be used.
  std::optional<std::string> SpellC(const Type& t, int depth = 0) const {
    if (depth > 16) return std::nullopt;
    std::string base;
    switch (t.kind) {
      case TypeKind::kVoid: base = "void"; break;
      case TypeKind::kBool: base = "_Bool"; break;
      case TypeKind::kInt:
      case TypeKind::kFloat: {
        static const std::set<std::string> kWords = {"signed", "unsigned", "char", "short", "int", "long", "__int128",
                                                     "float", "double", "_Float128", "__float128", "_Bool"};
        std::vector<std::string> w = absl::StrSplit(t.spelling, ' ', absl::SkipEmpty());
        if (w.empty()) return std::nullopt;
        for (const std::string& x : w)
          if (!kWords.count(x)) return std::nullopt;
        base = absl::StrJoin(w, " ");
        break;
      }
      case TypeKind::kTypedef:
        if (!IsProbeSafeCIdentifier(t.name) || !T_.typedefs.count(t.name)) return std::nullopt;
        base = t.name;
        break;
      case TypeKind::kRecord: {
        CRec r = CRecord(t.name);
        if (!r.why.empty() || !r.leaf.empty()) return std::nullopt;
        base = r.base;
        break;
      }
      case TypeKind::kEnum:
        if (!IsProbeSafeCIdentifier(t.name) || !T_.enums.count(t.name) || T_.enums.at(t.name).anonymous)
          return std::nullopt;
        base = "enum " + t.name;
        break;
      case TypeKind::kPointer: {
        if (t.inner.empty()) return std::nullopt;
        auto in = SpellC(t.inner[0], depth + 1);
        if (!in) return std::nullopt;
        base = absl::StrCat("__typeof__(", *in, " *)");
        break;
      }
      case TypeKind::kArray: {
        if (t.inner.empty()) return std::nullopt;
        auto in = SpellC(t.inner[0], depth + 1);
        if (!in) return std::nullopt;
        base = absl::StrCat("__typeof__(", *in, "[", t.flexible ? std::string() : std::to_string(t.count), "])");
        break;
      }
      case TypeKind::kFunction: {
        if (t.inner.empty() || !t.calling_conv.empty()) return std::nullopt;
        std::vector<std::string> ps;
        for (size_t i = 1; i < t.inner.size(); ++i) {
          auto p = SpellC(t.inner[i], depth + 1);
          if (!p) return std::nullopt;
          ps.push_back(*p);
        }
        if (t.variadic) ps.push_back("...");
        if (ps.empty()) ps.push_back("void");
        auto r = SpellC(t.inner[0], depth + 1);
        if (!r) return std::nullopt;
        base = absl::StrCat("__typeof__(", *r, " (", absl::StrJoin(ps, ", "), "))");
        break;
      }
      default:
        return std::nullopt;
    }
    return t.is_const ? "const " + base : base;
  }

  Type FunctionType(const contract::Function& fn) const {
    Type t{.kind = TypeKind::kFunction, .variadic = fn.variadic, .calling_conv = fn.calling_conv};
    t.inner.push_back(fn.return_type);
    for (const contract::Param& p : fn.params) t.inner.push_back(p.type);
    return t;
  }

  // One level of a type for gcc: "i32", "ptr", "agg(16,8)", "opaque", ...
  // Returns a reader, or an empty function with `why` set.
  CRead CLevel1(const Type& ct, const std::string& te, std::string* why) {
    const Type& t = ResolveTypedefs(T_, ct);
    auto ints = [&](std::vector<std::string> e, std::vector<std::string> absent = {}) {
      CFact f = CFact::Ints(std::move(e));
      f.absent_if = std::move(absent);
      return AddC(std::move(f));
    };
    const std::string obj = "(*(" + te + " *)0)";
    switch (t.kind) {
      case TypeKind::kVoid: {
        size_t id = ints({absl::StrCat("__builtin_types_compatible_p(", te, ", void)")});
        return [id](const CProbeRun& run) {
          Obs o = CInts(run, id, 1);
          if (!o.ok) return o;
          return run.results[id].ints[0] ? Value("void") : NoValue("not void");
        };
      }
      case TypeKind::kBool:
      case TypeKind::kInt:
      case TypeKind::kEnum: {
        size_t id = ints({"__builtin_classify_type(" + obj + ")", "sizeof(" + te + ")", "_Alignof(" + te + ")",
                          "(" + te + ")-1 < (" + te + ")0"});
        return [id](const CProbeRun& run) {
          Obs o = CInts(run, id, 4);
          if (!o.ok) return o;
          const auto& v = run.results[id].ints;
          if (v[0] == 4) return Value("bool");
          if (v[0] >= 1 && v[0] <= 3) return Value(Level1(v[3] ? 1 : 2, v[1], v[2]));
          return Value(absl::StrCat("class", v[0]));
        };
      }
      case TypeKind::kFloat: {
        size_t id = ints({"__builtin_classify_type(" + obj + ")", "sizeof(" + te + ")", "_Alignof(" + te + ")"});
        return [id](const CProbeRun& run) {
          Obs o = CInts(run, id, 3);
          if (!o.ok) return o;
          const auto& v = run.results[id].ints;
          return v[0] == 8 ? Value(Level1(3, v[1], v[2])) : Value(absl::StrCat("class", v[0]));
        };
      }
      case TypeKind::kPointer: {
        bool fn = !t.inner.empty() && ResolveTypedefs(T_, t.inner[0]).kind == TypeKind::kFunction;
        size_t id = ints({"__builtin_classify_type(" + obj + ")"});
        return [id, fn](const CProbeRun& run) {
          Obs o = CInts(run, id, 1);
          if (!o.ok) return o;
          return run.results[id].ints[0] == 5 ? Value(fn ? "fnptr" : "ptr") : Value(absl::StrCat("class", run.results[id].ints[0]));
        };
      }
      case TypeKind::kRecord:
      case TypeKind::kArray: {
        bool array = t.kind == TypeKind::kArray;
        size_t id = ints({"sizeof(" + te + ")", "_Alignof(" + te + ")"},
                         {"incomplete type", "invalid application of 'sizeof'", "invalid application of ‘sizeof’"});
        return [id, array](const CProbeRun& run) {
          const CFactResult& r = run.results[id];
          if (r.state == CFactResult::State::kAbsent) return Value("opaque");
          Obs o = CInts(run, id, 2);
          if (!o.ok) return o;
          return Value(Level1(array ? 9 : 8, r.ints[0], r.ints[1]));
        };
      }
      default:
        *why = absl::StrCat("no C probe for a ", contract::TypeKindName(t.kind), " type");
        return nullptr;
    }
  }

  // A whole type for gcc (see the shape words above).
  CRead CFull(const Type& ct, const std::string& te, std::string* why) {
    const Type& t = ResolveTypedefs(T_, ct);
    if (t.kind == TypeKind::kArray) {
      if (t.inner.empty()) return nullptr;
      size_t id = AddC(CFact::Ints({"sizeof(" + te + ")", "sizeof((*(" + te + " *)0)[0])"}));
      CRead elem = CLevel1(t.inner[0], "__typeof__((*(" + te + " *)0)[0])", why);
      if (!elem) return nullptr;
      return [id, elem](const CProbeRun& run) {
        Obs o = CInts(run, id, 2);
        if (!o.ok) return o;
        Obs e = elem(run);
        if (!e.ok) return e;
        const auto& v = run.results[id].ints;
        return Value(absl::StrCat("[", e.value, "; ", v[1] ? v[0] / v[1] : 0, "]"));
      };
    }
    if (t.kind != TypeKind::kPointer || t.inner.empty()) return CLevel1(ct, te, why);
    const Type& p = ResolveTypedefs(T_, t.inner[0]);
    if (p.kind == TypeKind::kFunction) {
      // A function pointer: gcc checks the C front end's signature against
      // the real type, then gives each part's size and class.
      std::optional<std::string> spelled = SpellC(ct);
      if (!spelled) {
        *why = "the C function-pointer type cannot be spelled for gcc";
        return nullptr;
      }
      size_t compat = AddC(CFact::Ints({absl::StrCat("__builtin_types_compatible_p(", te, ", ", *spelled, ")")}));
      std::vector<CRead> parts;
      for (size_t i = 0; i < p.inner.size(); ++i) {
        std::optional<std::string> ps = SpellC(p.inner[i]);
        if (!ps) {
          *why = "a part of the C function-pointer type cannot be spelled for gcc";
          return nullptr;
        }
        if (ResolveTypedefs(T_, p.inner[i]).kind == TypeKind::kVoid) {
          parts.push_back([](const CProbeRun&) { return Value("void"); });
          continue;
        }
        CRead r = CLevel1(p.inner[i], *ps, why);
        if (!r) return nullptr;
        parts.push_back(r);
      }
      bool variadic = p.variadic;
      return [compat, parts, variadic](const CProbeRun& run) {
        Obs o = CInts(run, compat, 1);
        if (!o.ok) return o;
        if (!run.results[compat].ints[0]) return NoValue("gcc: the C front end's function-pointer type does not match the declaration");
        std::vector<std::string> vals;
        for (const CRead& r : parts) {
          Obs x = r(run);
          if (!x.ok) return x;
          vals.push_back(x.value);
        }
        std::string ret = vals.front();
        vals.erase(vals.begin());
        return Value(FnText(ret, vals, variadic));
      };
    }
    size_t id = AddC(CFact::Ints({"__builtin_classify_type((*(" + te + " *)0))"}));
    CRead in = CLevel1(t.inner[0], "__typeof__(**(" + te + " *)0)", why);
    if (!in) return nullptr;
    return [id, in](const CProbeRun& run) {
      Obs o = CInts(run, id, 1);
      if (!o.ok) return o;
      if (run.results[id].ints[0] != 5) return Value(absl::StrCat("class", run.results[id].ints[0]));
      Obs x = in(run);
      if (!x.ok) return x;
      return Value("ptr->" + x.value);
    };
  }

  // ---- Rust side

  std::optional<RustItemRef> RFind(const contract::SourceLoc& loc, RustItemRef::Kind kind, std::string* why) const {
    std::optional<RustItemRef> r = crate_.Find(loc);
    if (!r) {
      *why = absl::StrCat("the Rust item at ", loc.ToString(), " cannot be named from the probe crate");
      return std::nullopt;
    }
    if (r->kind != kind) {
      *why = absl::StrCat("the Rust item at ", loc.ToString(), " is a ", r->item_kind);
      return std::nullopt;
    }
    return r;
  }

  static Obs RInts(const RustProbeRun& run, size_t id, size_t n) {
    const RustFactResult& r = run.results[id];
    if (r.state != RustFactResult::State::kValue) return NoValue(Short(r.error));
    if (r.ints.size() != n) return NoValue("unexpected number of values");
    return Value("");
  }

  // A Rust type's shape from rustc.
  RRead RShapeOf(size_t root, const std::string& shape_expr, const std::string& sig_expr) {
    RustFact f;
    f.root = root;
    f.parts = {{shape_expr, kShapeLen}, {sig_expr, kSigLen}};
    size_t id = AddR(std::move(f));
    return [id](const RustProbeRun& run) {
      Obs o = RInts(run, id, kShapeLen + kSigLen);
      if (!o.ok) return o;
      return Value(RustShapeText(run.results[id].ints, 0));
    };
  }

  // ---- plans per kind

  Plan RecordLayout(const Finding& f);
  Plan FieldPlan(const Finding& f);
  Plan BitfieldPlan(const Finding& f);
  Plan EnumPlan(const Finding& f);
  Plan ConstantPlan(const Finding& f);
  Plan FunctionPlan(const Finding& f);
  Plan TypedefPlan(const Finding& f);
  Plan VariablePlan(const Finding& f);

  const Contract& T_;
  const Contract& R_;
  const RustProbeCrate& crate_;
  bool big_;
  ContractShapes tshape_, rshape_;
};

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

Plan Planner::RecordLayout(const Finding& f) {
  const std::string tkey = TruthKey(f);
  CRec c = CRecord(tkey);
  if (!c.why.empty()) return Unconfirmable(c.why);
  auto rrec = R_.records.find(f.item);
  if (rrec == R_.records.end()) return Unconfirmable("no Rust record " + f.item);
  std::string why;
  auto rr = RFind(rrec->second.loc, RustItemRef::Kind::kType, &why);
  if (!rr) return Unconfirmable(why);
  const std::string P = rr->Path();
  Plan p;
  p.claim_c = f.truth_value;
  p.claim_r = f.assumed_value;
  switch (f.kind) {
    case MismatchKind::kRecordSize:
    case MismatchKind::kRecordAlign: {
      bool size = f.kind == MismatchKind::kRecordSize;
      std::string expr = (size ? "sizeof(" : "_Alignof(") + c.base + ")";
      if (!c.leaf.empty()) {
        // An unnamed member has no type to measure: derived from its members.
        if (size) {
          auto sz = CAnonSize(tkey, c.base, &why);
          if (!sz) return Unconfirmable(why);
          expr = *sz;
        } else {
          auto l = CAnonLayout(tkey, c.base, &why, 0);
          if (!l) return Unconfirmable(why);
          expr = l->align;
        }
      }
      size_t cid = AddC(CFact::Ints({expr}));
      size_t rid = AddR(RustFact::Ints(rr->root, {(size ? "::core::mem::size_of::<" : "::core::mem::align_of::<") + P + ">()"}));
      p.c = [cid](const CProbeRun& run) {
        Obs o = CInts(run, cid, 1);
        if (o.ok && run.results[cid].ints[0] == kNotDerived) return NoValue(kNotDerivedWhy);
        return o.ok ? Value(std::to_string(run.results[cid].ints[0])) : o;
      };
      p.r = [rid](const RustProbeRun& run) {
        Obs o = RInts(run, rid, 1);
        return o.ok ? Value(std::to_string(run.results[rid].ints[0])) : o;
      };
      return p;
    }
    case MismatchKind::kRecordKind: {
      if (!c.leaf.empty()) return Unconfirmable("an unnamed C member has no name or type gcc can classify");
      const Field* first = nullptr;
      for (const Field& fl : rrec->second.fields)
        if (!fl.artificial) {
          first = &fl;
          break;
        }
      if (!first) return Unconfirmable("the Rust record has no field to tell a union from a struct");
      auto rf = RFind(first->loc, RustItemRef::Kind::kField, &why);
      if (!rf) return Unconfirmable(why);
      size_t cid = AddC(CFact::Ints({"__builtin_classify_type(*(" + c.base + " *)0)"}));
      RustFact rfact = RustFact::Ints(rf->root, {"bindfuzz_safe_field!(" + P + ", " + rf->member + ")"});
      rfact.absent_if = {"union field", "E0133"};
      size_t rid = AddR(std::move(rfact));
      p.c = [cid](const CProbeRun& run) {
        Obs o = CInts(run, cid, 1);
        if (!o.ok) return o;
        uint64_t v = run.results[cid].ints[0];
        return v == 12 ? Value("struct") : v == 13 ? Value("union") : Value(absl::StrCat("class", v));
      };
      p.r = [rid](const RustProbeRun& run) {
        const RustFactResult& r = run.results[rid];
        if (r.state == RustFactResult::State::kAbsent) return Value("union");
        if (r.state == RustFactResult::State::kValue) return Value("struct");
        return NoValue(Short(r.error));
      };
      return p;
    }
    default:
      return Unconfirmable("not a record finding");
  }
}

Plan Planner::FieldPlan(const Finding& f) {
  const std::string tkey = TruthKey(f);
  CRec c = CRecord(tkey);
  if (!c.why.empty()) return Unconfirmable(c.why);
  // An unnamed member (`(anon#N)`) starts where its first field does.
  std::string c_member = f.member;
  if (absl::StartsWith(f.member, "(anon#") &&
      (f.kind == MismatchKind::kFieldOffset || f.kind == MismatchKind::kFieldWidth))
    c_member = FirstLeaf(tkey + "::" + f.member, 0);
  if (!IsProbeSafeCIdentifier(c_member))
    return Unconfirmable(absl::StartsWith(f.member, "(anon#") ? "an unnamed C member has no name or type gcc can measure"
                                                              : "the field has no name gcc can refer to");
  auto rrec = R_.records.find(f.item);
  if (rrec == R_.records.end()) return Unconfirmable("no Rust record " + f.item);
  const Field* af = rrec->second.FindField(f.member);
  if (!af) return Unconfirmable("no Rust field " + f.member);
  std::string why;
  auto rr = RFind(rrec->second.loc, RustItemRef::Kind::kType, &why);
  if (!rr) return Unconfirmable(why);
  auto rf = RFind(af->loc, RustItemRef::Kind::kField, &why);
  if (!rf) return Unconfirmable(why);
  const std::string P = rr->Path();
  const std::string member_lv = absl::StrCat("((", c.base, " *)0)->", f.member);
  Plan p;
  switch (f.kind) {
    case MismatchKind::kFieldOffset:
    case MismatchKind::kFieldMissing: {
      bool missing = f.kind == MismatchKind::kFieldMissing;
      CFact cf = CFact::Ints({COffsetExpr(c, c_member)});
      if (missing) cf.absent_if = {"has no member named", "no member named"};
      size_t cid = AddC(std::move(cf));
      size_t rid = AddR(RustFact::Ints(rf->root, {"bindfuzz_offset_of!(" + P + ", " + rf->member + ")"}));
      p.claim_c = missing ? "<absent>" : f.truth_value;
      p.claim_r = missing ? LeadingWords(f.assumed_value, 2) : f.assumed_value;
      p.c = [cid, missing](const CProbeRun& run) {
        const CFactResult& r = run.results[cid];
        if (missing && r.state == CFactResult::State::kAbsent) return Value("<absent>");
        Obs o = CInts(run, cid, 1);
        if (!o.ok) return o;
        return Value(missing ? absl::StrCat("offset ", r.ints[0]) : std::to_string(r.ints[0]));
      };
      p.r = [rid, missing](const RustProbeRun& run) {
        Obs o = RInts(run, rid, 1);
        if (!o.ok) return o;
        uint64_t v = run.results[rid].ints[0];
        return Value(missing ? absl::StrCat("offset ", v) : std::to_string(v));
      };
      return p;
    }
    case MismatchKind::kFieldWidth: {
      std::string expr = "sizeof(" + member_lv + ")";
      if (absl::StartsWith(f.member, "(anon#")) {
        auto sz = CAnonSize(tkey + "::" + f.member, c.base, &why);
        if (!sz) return Unconfirmable(why);
        expr = *sz;
      }
      size_t cid = AddC(CFact::Ints({expr}));
      RustFact rfact;
      rfact.root = rf->root;
      rfact.parts = {{"bindfuzz_field_ty!(" + P + ", " + rf->member + ")", kShapeLen}};
      size_t rid = AddR(std::move(rfact));
      p.claim_c = LeadingWords(f.truth_value, 2);
      p.claim_r = LeadingWords(f.assumed_value, 2);
      auto bytes = [](uint64_t n) { return absl::StrCat(n, n == 1 ? " byte" : " bytes"); };
      p.c = [cid, bytes](const CProbeRun& run) {
        Obs o = CInts(run, cid, 1);
        if (o.ok && run.results[cid].ints[0] == kNotDerived) return NoValue(kNotDerivedWhy);
        return o.ok ? Value(bytes(run.results[cid].ints[0])) : o;
      };
      p.r = [rid, bytes](const RustProbeRun& run) {
        Obs o = RInts(run, rid, kShapeLen);
        return o.ok ? Value(bytes(run.results[rid].ints[1])) : o;
      };
      return p;
    }
    case MismatchKind::kFieldType:
    case MismatchKind::kFunctionPointerType: {
      const Field* tf = c.rec ? c.rec->FindField(f.member) : nullptr;
      if (!tf) return Unconfirmable("no C field " + f.member);
      std::string cwhy;
      CRead cr = CFull(tf->type, "__typeof__(" + member_lv + ")", &cwhy);
      if (!cr) return Unconfirmable(cwhy);
      p.c = cr;
      p.r = RShapeOf(rf->root, "bindfuzz_field_ty!(" + P + ", " + rf->member + ")",
                     "bindfuzz_field_sig!(" + P + ", " + rf->member + ")");
      p.claim_c = tshape_.Full(tf->type);
      p.claim_r = rshape_.Full(af->type);
      return p;
    }
    default:
      return Unconfirmable("not a field finding");
  }
}

Plan Planner::BitfieldPlan(const Finding& f) {
  const std::string tkey = TruthKey(f);
  CRec c = CRecord(tkey);
  if (!c.why.empty()) return Unconfirmable(c.why);
  if (!IsProbeSafeCIdentifier(f.member)) return Unconfirmable("the bitfield has no name gcc can refer to");
  const Field* tf = c.rec ? c.rec->FindField(f.member) : nullptr;
  auto rrec = R_.records.find(f.item);
  const Field* af = rrec == R_.records.end() ? nullptr : rrec->second.FindField(f.member);
  if (!tf || !af) return Unconfirmable("the bitfield is not in both contracts");
  if (!tf->is_bitfield || !af->is_bitfield) return Unconfirmable("a bitfield on one side only: its storage is not probed");
  if (big_) return Unconfirmable("bitfield positions are probed on little-endian targets only");
  std::string why;
  auto rr = RFind(rrec->second.loc, RustItemRef::Kind::kType, &why);
  if (!rr) return Unconfirmable(why);
  auto rm = RFind(af->loc, RustItemRef::Kind::kMethod, &why);
  if (!rm) return Unconfirmable(why);
  std::string getter = absl::StartsWith(rm->member, "r#") ? rm->member.substr(2) : rm->member;
  std::string setter = SafeRustIdent("set_" + getter, false);
  if (setter.empty()) return Unconfirmable("no bindgen setter name for the bitfield");
  // gcc: an object of the named record with only this bitfield set to all
  // ones; rustc: bindgen's setter on a zeroed value (run on the host).
  size_t obj = AddC({CFact::Kind::kObject, {c.base, "{ ." + f.member + " = -1 }"}, {}});
  std::optional<size_t> anon_off;
  if (!c.leaf.empty()) anon_off = AddC(CFact::Ints({absl::StrCat("__builtin_offsetof(", c.base, ", ", c.leaf, ")")}));
  RustFact rfact;
  rfact.kind = RustFact::Kind::kRuntime;
  rfact.root = rr->root;
  rfact.parts = {{"bindfuzz_set_ones!(" + rr->Path() + ", " + setter + ")", 0}};
  size_t rid = AddR(std::move(rfact));
  const bool position = f.kind == MismatchKind::kBitfieldPosition;
  auto word = [position](uint64_t first, uint64_t width) {
    return position ? absl::StrCat("bit ", first) : absl::StrCat(width, width == 1 ? " bit" : " bits");
  };
  Plan p;
  p.claim_c = f.truth_value;
  p.claim_r = f.assumed_value;
  p.c = [obj, anon_off, word](const CProbeRun& run) {
    const CFactResult& r = run.results[obj];
    if (r.state != CFactResult::State::kValue) return NoValue(Short(r.error));
    uint64_t first = 0, width = 0;
    if (!BitRange(r.bytes, false, &first, &width)) return NoValue("gcc set no bit");
    if (anon_off) {
      Obs o = CInts(run, *anon_off, 1);
      if (!o.ok) return o;
      first -= 8 * run.results[*anon_off].ints[0];
    }
    return Value(word(first, width));
  };
  p.r = [rid, word](const RustProbeRun& run) {
    const RustFactResult& r = run.results[rid];
    if (r.state != RustFactResult::State::kValue) return NoValue(Short(r.error));
    uint64_t first = 0, width = 0;
    if (!BitRange(r.bytes, false, &first, &width)) return NoValue("the setter set no bit");
    return Value(word(first, width));
  };
  return p;
}

Plan Planner::EnumPlan(const Finding& f) {
  const std::string tkey = TruthKey(f);
  auto te = T_.enums.find(tkey);
  auto ae = R_.enums.find(f.item);
  if (te == T_.enums.end() || ae == R_.enums.end()) return Unconfirmable("the enum is not in both contracts");
  // The C enumerator is the one at the finding's C location.
  const contract::Enumerator* ten = nullptr;
  for (const auto& e : te->second.enumerators)
    if (e.loc == f.truth_loc && (ten == nullptr)) ten = &e;
  if (!ten) return Unconfirmable("the C enumerator cannot be found");
  if (!IsProbeSafeCIdentifier(ten->name)) return Unconfirmable("the C enumerator has no usable name");
  size_t cid = AddC(CFact::Ints({ten->name, "(" + ten->name + ") < 0"}));
  Plan p;
  p.claim_c = f.truth_value;
  p.claim_r = f.assumed_value;
  p.c = [cid](const CProbeRun& run) {
    Obs o = CInts(run, cid, 2);
    return o.ok ? Value(SignedText(run.results[cid].ints[0], run.results[cid].ints[1] != 0)) : o;
  };
  std::string why;
  if (f.kind == MismatchKind::kEnumMissingValue) {
    // rustc: is C's value a valid value of the Rust enum?
    auto rt = RFind(ae->second.loc, RustItemRef::Kind::kType, &why);
    if (!rt) return Unconfirmable(why);
    const Type& u = ResolveTypedefs(R_, ae->second.underlying);
    if (u.kind != TypeKind::kInt || !(u.bits == 8 || u.bits == 16 || u.bits == 32 || u.bits == 64))
      return Unconfirmable("the Rust enum's representation is not a plain integer");
    const std::string U = absl::StrCat(u.is_signed ? "i" : "u", u.bits);
    std::string lit = ten->value.ToString();
    RustFact rfact = RustFact::Ints(rt->root, {absl::StrCat("bindfuzz_valid!(", rt->Path(), ", ", U, ", (", lit, "i128 as ", U, "))")});
    rfact.absent_if = {"invalid tag", "invalid enum tag", "valid enum tag", "encountered"};
    size_t rid = AddR(std::move(rfact));
    p.r = [rid](const RustProbeRun& run) {
      const RustFactResult& r = run.results[rid];
      if (r.state == RustFactResult::State::kAbsent) return Value("<no variant>");
      if (r.state == RustFactResult::State::kValue) return Value("a valid variant");
      return NoValue(Short(r.error));
    };
    return p;
  }
  const contract::Enumerator* aen = nullptr;
  for (const auto& e : ae->second.enumerators)
    if (e.name == f.member) aen = &e;
  if (!aen) return Unconfirmable("the Rust enumerator cannot be found");
  std::optional<RustItemRef> r = crate_.Find(aen->loc);
  if (!r) return Unconfirmable("the Rust enumerator cannot be named from the probe crate");
  std::string expr;
  if (r->kind == RustItemRef::Kind::kVariant) {
    expr = r->Path() + "::" + r->member;
  } else if (r->kind == RustItemRef::Kind::kValue) {
    const std::string& style = ae->second.rust_style;
    expr = r->Path() + (style == "newtype" || style == "bitfield" ? ".0" : "");
  } else {
    return Unconfirmable("the Rust enumerator is a " + r->item_kind);
  }
  size_t rid = AddR(RustFact::Ints(r->root, {"(" + expr + " as i128) as u64", RNegative(expr)}));
  p.r = [rid](const RustProbeRun& run) {
    Obs o = RInts(run, rid, 2);
    return o.ok ? Value(SignedText(run.results[rid].ints[0], run.results[rid].ints[1] != 0)) : o;
  };
  return p;
}

Plan Planner::ConstantPlan(const Finding& f) {
  auto ac = R_.constants.find(f.item);
  if (ac == R_.constants.end()) return Unconfirmable("no Rust constant " + f.item);
  std::string cname = f.item;
  contract::ConstantKind ckind = contract::ConstantKind::kInt;
  std::string c_claim = f.truth_value;
  if (!f.matched.empty()) {
    size_t at = f.matched.rfind("::");
    cname = at == std::string::npos ? f.matched : f.matched.substr(at + 2);
  } else {
    auto tc = T_.constants.find(f.item);
    if (tc == T_.constants.end()) return Unconfirmable("no C constant " + f.item);
    ckind = tc->second.kind;
    if (ckind == contract::ConstantKind::kString) {
      std::string s = tc->second.string_value;
      c_claim = Quote(s);
    }
  }
  if (!IsProbeSafeCIdentifier(cname)) return Unconfirmable("the C constant has no usable name");
  std::string why;
  auto r = RFind(ac->second.loc, RustItemRef::Kind::kValue, &why);
  if (!r) return Unconfirmable(why);
  const std::string X = r->Path();
  Plan p;
  p.claim_c = c_claim;
  p.claim_r = f.assumed_value;
  switch (ckind) {
    case contract::ConstantKind::kInt: {
      size_t cid = AddC(CFact::Ints({cname, "(" + cname + ") < 0"}));
      p.c = [cid](const CProbeRun& run) {
        Obs o = CInts(run, cid, 2);
        return o.ok ? Value(SignedText(run.results[cid].ints[0], run.results[cid].ints[1] != 0)) : o;
      };
      break;
    }
    case contract::ConstantKind::kString: {
      size_t cid = AddC({CFact::Kind::kString, {cname}, {}});
      p.c = [cid](const CProbeRun& run) {
        const CFactResult& r = run.results[cid];
        if (r.state != CFactResult::State::kValue) return NoValue(Short(r.error));
        std::string b = r.bytes;
        if (!b.empty() && b.back() == '\0') b.pop_back();  // the literal's terminator
        return Value(Quote(b));
      };
      break;
    }
    case contract::ConstantKind::kFloat: {
      size_t cid = AddC({CFact::Kind::kDouble, {cname}, {}});
      p.c = [cid](const CProbeRun& run) {
        const CFactResult& r = run.results[cid];
        return r.state == CFactResult::State::kValue ? Value(FloatText(r.number)) : NoValue(Short(r.error));
      };
      break;
    }
  }
  switch (ac->second.kind) {
    case contract::ConstantKind::kInt: {
      size_t rid = AddR(RustFact::Ints(r->root, {"(" + X + " as i128) as u64", RNegative(X)}));
      p.r = [rid](const RustProbeRun& run) {
        Obs o = RInts(run, rid, 2);
        return o.ok ? Value(SignedText(run.results[rid].ints[0], run.results[rid].ints[1] != 0)) : o;
      };
      break;
    }
    case contract::ConstantKind::kString: {
      RustFact rfact;
      rfact.kind = RustFact::Kind::kBytes;
      rfact.root = r->root;
      rfact.parts = {{X, 0}};
      size_t rid = AddR(std::move(rfact));
      p.r = [rid](const RustProbeRun& run) {
        const RustFactResult& r = run.results[rid];
        if (r.state != RustFactResult::State::kValue) return NoValue(Short(r.error));
        std::string b = r.bytes;
        if (!b.empty() && b.back() == '\0') b.pop_back();  // bindgen's C-string terminator, as the front end reads it
        return Value(Quote(b));
      };
      break;
    }
    case contract::ConstantKind::kFloat: {
      size_t rid = AddR(RustFact::Ints(r->root, {"(" + X + " as f64).to_bits()"}));
      p.r = [rid](const RustProbeRun& run) {
        Obs o = RInts(run, rid, 1);
        if (!o.ok) return o;
        double d;
        uint64_t bits = run.results[rid].ints[0];
        std::memcpy(&d, &bits, 8);
        return Value(FloatText(d));
      };
      break;
    }
  }
  return p;
}

Plan Planner::FunctionPlan(const Finding& f) {
  auto af = R_.functions.find(f.item);
  if (af == R_.functions.end()) return Unconfirmable("no Rust function " + f.item);
  if (!IsProbeSafeCIdentifier(f.item)) return Unconfirmable("the function has no name gcc can refer to");
  std::string why;
  auto r = RFind(af->second.loc, RustItemRef::Kind::kValue, &why);
  if (!r) return Unconfirmable(why);
  const std::string F = r->Path();
  Plan p;
  if (f.kind == MismatchKind::kFunctionNoSymbol) {
    // gcc: does the function have internal linkage? Redeclaring it static
    // is an error after a non-static declaration (and, unlike taking its
    // address, does not make gcc compile a static inline body).
    size_t cid = AddC({CFact::Kind::kStatic, {f.item}, {"follows non-static declaration"}});
    size_t rid = AddR(RustFact::Ints(r->root, {"bindfuzz_exists!(" + F + ")"}));
    p.claim_c = f.truth_value;
    p.claim_r = "extern";
    p.c = [cid](const CProbeRun& run) {
      const CFactResult& res = run.results[cid];
      if (res.state == CFactResult::State::kAbsent) return Value("extern");
      if (res.state != CFactResult::State::kValue) return NoValue(Short(res.error));
      return Value("static inline (no symbol)");
    };
    p.r = [rid](const RustProbeRun& run) {
      Obs o = RInts(run, rid, 1);
      return o.ok ? Value("extern") : o;
    };
    return p;
  }
  if (f.kind == MismatchKind::kFunctionMissing) {
    // gcc: the symbol `&name` refers to. A function-like macro is not
    // expanded without arguments (undeclared), a macro for a constant is
    // not an lvalue, a macro renaming the function refers to another symbol,
    // a static definition is none: none of them is a symbol to link to.
    CFact cf{CFact::Kind::kSymbol, {f.item}, {"undeclared", "implicit declaration", "lvalue required as unary"}};
    size_t cid = AddC(std::move(cf));
    size_t rid = AddR(RustFact::Ints(r->root, {"bindfuzz_exists!(" + F + ")"}));
    const std::string name = f.item;
    p.claim_c = f.truth_value;
    p.claim_r = "extern";
    p.c = [cid, name](const CProbeRun& run) {
      const CFactResult& res = run.results[cid];
      if (res.state == CFactResult::State::kAbsent) return Value("<absent>");
      if (res.state != CFactResult::State::kValue) return NoValue(Short(res.error));
      if (res.symbol == "local") return Value("<absent>");
      for (const std::string& s : res.refs)
        if (s == name || s == "_" + name) return Value("declared");
      return Value(res.symbol == "global" ? "declared" : "<absent>");
    };
    p.r = [rid](const RustProbeRun& run) {
      Obs o = RInts(run, rid, 1);
      return o.ok ? Value("extern") : o;
    };
    return p;
  }
  auto tf = T_.functions.find(f.item);
  if (tf == T_.functions.end()) return Unconfirmable("no C function " + f.item);
  if (f.kind == MismatchKind::kFunctionCallingConvention || f.kind == MismatchKind::kFunctionNoReturn)
    return Unconfirmable("calling conventions and noreturn are not probed");
  const contract::Function& cfn = tf->second;
  const contract::Function& rfn = af->second;
  if (rfn.params.size() > kMaxArity) return Unconfirmable("more parameters than the probe handles");
  // gcc: the declaration has the C front end's signature; then each part.
  std::optional<std::string> spelled = SpellC(FunctionType(cfn));
  if (!spelled) return Unconfirmable("the C signature cannot be spelled for gcc");
  size_t compat = AddC(CFact::Ints({absl::StrCat("__builtin_types_compatible_p(__typeof__(", f.item, "), ", *spelled, ")")}));
  const std::string rsuffix = absl::StrCat(rfn.params.size(), rfn.variadic ? "_v" : "");
  auto gate = [compat](const CProbeRun& run) {
    Obs o = CInts(run, compat, 1);
    if (!o.ok) return o;
    if (!run.results[compat].ints[0]) return NoValue("gcc: the declaration's type is not the C front end's signature");
    return Value("");
  };
  if (f.kind == MismatchKind::kFunctionParamCount || f.kind == MismatchKind::kFunctionVariadic) {
    const bool count = f.kind == MismatchKind::kFunctionParamCount;
    size_t nparams = cfn.params.size();
    bool variadic = cfn.variadic;
    RustFact rfact;
    rfact.root = r->root;
    rfact.parts = {{"crate::bindfuzz_rt::fn_sig_" + rsuffix + "(" + F + ")", kSigLen}};
    size_t rid = AddR(std::move(rfact));
    p.claim_c = f.truth_value;
    p.claim_r = f.assumed_value;
    p.c = [gate, count, nparams, variadic](const CProbeRun& run) {
      Obs o = gate(run);
      if (!o.ok) return o;
      return Value(count ? std::to_string(nparams) : variadic ? "variadic" : "fixed");
    };
    p.r = [rid, count](const RustProbeRun& run) {
      Obs o = RInts(run, rid, kSigLen);
      if (!o.ok) return o;
      uint64_t v = run.results[rid].ints[3];  // arity | variadic << 32
      return Value(count ? std::to_string(v & 0xffffffffu) : (v >> 32) ? "variadic" : "fixed");
    };
    return p;
  }
  // A parameter or the return value.
  size_t part = 0;
  if (f.member != "return") {
    bool found = false;
    for (size_t i = 0; i < cfn.params.size() && i < rfn.params.size(); ++i) {
      std::string name = !cfn.params[i].name.empty() ? cfn.params[i].name
                         : !rfn.params[i].name.empty() ? rfn.params[i].name
                                                       : absl::StrCat("#", i + 1);
      if (name == f.member) {
        part = i + 1;
        found = true;
        break;
      }
    }
    if (!found) return Unconfirmable("the parameter cannot be found");
  }
  const Type& ct = part == 0 ? cfn.return_type : cfn.params[part - 1].type;
  const Type& rt = part == 0 ? rfn.return_type : rfn.params[part - 1].type;
  std::optional<std::string> cts = SpellC(ct);
  if (!cts) return Unconfirmable("the C type cannot be spelled for gcc");
  CRead cr;
  std::string cwhy;
  if (ResolveTypedefs(T_, ct).kind == TypeKind::kVoid) {
    cr = [](const CProbeRun&) { return Value("void"); };
  } else {
    cr = CFull(ct, *cts, &cwhy);
    if (!cr) return Unconfirmable(cwhy);
  }
  RustFact rfact;
  rfact.root = r->root;
  rfact.parts = {{absl::StrCat("crate::bindfuzz_rt::fn_part_", rsuffix, "(", F, ", ", part, ")"), kShapeLen + kSigLen}};
  size_t rid = AddR(std::move(rfact));
  p.claim_c = tshape_.Full(ct);
  p.claim_r = rshape_.Full(rt);
  p.c = [gate, cr](const CProbeRun& run) {
    Obs o = gate(run);
    return o.ok ? cr(run) : o;
  };
  p.r = [rid](const RustProbeRun& run) {
    Obs o = RInts(run, rid, kShapeLen + kSigLen);
    return o.ok ? Value(RustShapeText(run.results[rid].ints, 0)) : o;
  };
  return p;
}

Plan Planner::TypedefPlan(const Finding& f) {
  auto tt = T_.typedefs.find(f.item);
  auto at = R_.typedefs.find(f.item);
  if (tt == T_.typedefs.end() || at == R_.typedefs.end()) return Unconfirmable("the typedef is not in both contracts");
  if (!IsProbeSafeCIdentifier(f.item)) return Unconfirmable("the typedef has no usable name");
  std::string why;
  auto r = RFind(at->second.loc, RustItemRef::Kind::kType, &why);
  if (!r) return Unconfirmable(why);
  Type named = Type::Named(TypeKind::kTypedef, f.item);
  CRead cr = CFull(named, f.item, &why);
  if (!cr) return Unconfirmable(why);
  Plan p;
  p.c = cr;
  p.r = RShapeOf(r->root, "crate::bindfuzz_rt::ty::<" + r->Path() + ">()", "crate::bindfuzz_rt::sig::<" + r->Path() + ">()");
  p.claim_c = tshape_.Full(named);
  p.claim_r = rshape_.Full(Type::Named(TypeKind::kTypedef, f.item));
  return p;
}

Plan Planner::VariablePlan(const Finding& f) {
  auto av = R_.variables.find(f.item);
  if (av == R_.variables.end()) return Unconfirmable("no Rust variable " + f.item);
  if (!IsProbeSafeCIdentifier(f.item)) return Unconfirmable("the variable has no name gcc can refer to");
  std::string why;
  auto r = RFind(av->second.loc, RustItemRef::Kind::kValue, &why);
  if (!r) return Unconfirmable(why);
  const std::string V = r->Path();
  Plan p;
  if (f.kind == MismatchKind::kVariableMissing) {
    size_t cid = AddC({CFact::Kind::kSymbol, {f.item}, {"undeclared", "lvalue required as unary"}});
    RustFact rfact;
    rfact.root = r->root;
    rfact.parts = {{"bindfuzz_static_ty!(" + V + ")", kShapeLen}};
    size_t rid = AddR(std::move(rfact));
    const std::string name = f.item;
    p.claim_c = "<absent>";
    p.claim_r = "declared";
    // What Rust links against is a symbol: a `static` definition in a
    // header (one private copy per translation unit) is none.
    p.c = [cid, name](const CProbeRun& run) {
      const CFactResult& res = run.results[cid];
      if (res.state == CFactResult::State::kAbsent) return Value("<absent>");
      if (res.state != CFactResult::State::kValue) return NoValue(Short(res.error));
      if (res.symbol == "local") return Value("<absent>");
      for (const std::string& s : res.refs)
        if (s == name || s == "_" + name) return Value("declared");
      return Value(res.symbol == "undefined" ? "<absent>" : "declared");
    };
    p.r = [rid](const RustProbeRun& run) {
      Obs o = RInts(run, rid, kShapeLen);
      return o.ok ? Value("declared") : o;
    };
    return p;
  }
  auto tv = T_.variables.find(f.item);
  if (tv == T_.variables.end()) return Unconfirmable("no C variable " + f.item);
  CRead cr = CFull(tv->second.type, "__typeof__(" + f.item + ")", &why);
  if (!cr) return Unconfirmable(why);
  p.c = cr;
  p.r = RShapeOf(r->root, "bindfuzz_static_ty!(" + V + ")", "bindfuzz_static_sig!(" + V + ")");
  p.claim_c = tshape_.Full(tv->second.type);
  p.claim_r = rshape_.Full(av->second.type);
  return p;
}

Plan Planner::For(const Finding& f) {
  switch (f.kind) {
    case MismatchKind::kRecordSize:
    case MismatchKind::kRecordAlign:
    case MismatchKind::kRecordKind:
      return RecordLayout(f);
    case MismatchKind::kFieldOffset:
    case MismatchKind::kFieldMissing:
    case MismatchKind::kFieldWidth:
    case MismatchKind::kFieldType:
      return FieldPlan(f);
    case MismatchKind::kFunctionPointerType:
      return f.item_kind == diff::ItemKind::kRecord ? FieldPlan(f) : FunctionPlan(f);
    case MismatchKind::kBitfieldPosition:
    case MismatchKind::kBitfieldWidth:
      return BitfieldPlan(f);
    case MismatchKind::kEnumValue:
    case MismatchKind::kEnumMissingValue:
      return EnumPlan(f);
    case MismatchKind::kEnumSize: {
      auto te = T_.enums.find(TruthKey(f));
      auto ae = R_.enums.find(f.item);
      if (te == T_.enums.end() || ae == R_.enums.end()) return Unconfirmable("the enum is not in both contracts");
      std::string why;
      auto r = RFind(ae->second.loc, RustItemRef::Kind::kType, &why);
      if (!r) return Unconfirmable(why);
      std::optional<std::string> cs = SpellC(Type::Named(TypeKind::kEnum, te->first));
      if (!cs) return Unconfirmable("the C enum has no name gcc can refer to");
      size_t cid = AddC(CFact::Ints({"sizeof(" + *cs + ")"}));
      size_t rid = AddR(RustFact::Ints(r->root, {"::core::mem::size_of::<" + r->Path() + ">()"}));
      auto bytes = [](uint64_t n) { return absl::StrCat(n, n == 1 ? " byte" : " bytes"); };
      Plan p;
      p.claim_c = f.truth_value;
      p.claim_r = f.assumed_value;
      p.c = [cid, bytes](const CProbeRun& run) {
        Obs o = CInts(run, cid, 1);
        return o.ok ? Value(bytes(run.results[cid].ints[0])) : o;
      };
      p.r = [rid, bytes](const RustProbeRun& run) {
        Obs o = RInts(run, rid, 1);
        return o.ok ? Value(bytes(run.results[rid].ints[0])) : o;
      };
      return p;
    }
    case MismatchKind::kConstantValue:
      return ConstantPlan(f);
    case MismatchKind::kFunctionMissing:
    case MismatchKind::kFunctionNoSymbol:
    case MismatchKind::kFunctionParamCount:
    case MismatchKind::kFunctionParamType:
    case MismatchKind::kFunctionParamWidth:
    case MismatchKind::kFunctionReturnType:
    case MismatchKind::kFunctionReturnWidth:
    case MismatchKind::kFunctionVariadic:
    case MismatchKind::kFunctionCallingConvention:
    case MismatchKind::kFunctionNoReturn:
      return FunctionPlan(f);
    case MismatchKind::kTypedefMismatch:
      return TypedefPlan(f);
    case MismatchKind::kVariableType:
    case MismatchKind::kVariableMissing:
      return VariablePlan(f);
    default:
      return Unconfirmable(absl::StrCat("no probe for ", std::string(diff::KindName(f.kind)), " findings"));
  }
}

Confirmation Judge(const Plan& p, const CProbeRun* c, const RustProbeRun* r) {
  Confirmation out;
  out.c_compiler = c ? c->compiler : "";
  out.rust_compiler = r ? r->compiler : "";
  if (!p.reason.empty()) {
    out.reason = p.reason;
    return out;
  }
  Obs co = c ? p.c(*c) : NoValue("the C probe did not run");
  Obs ro = r ? p.r(*r) : NoValue("the Rust probe did not run");
  out.c_value = co.value;
  out.rust_value = ro.value;
  if (!co.ok || !ro.ok) {
    std::vector<std::string> why;
    if (!co.ok) why.push_back(absl::StrCat("C (", out.c_compiler, "): ", co.why));
    if (!ro.ok) why.push_back(absl::StrCat("Rust (", out.rust_compiler, "): ", ro.why));
    out.reason = absl::StrJoin(why, "; ");
    return out;
  }
  if (co.value == ro.value) {
    out.status = ConfirmStatus::kRefuted;
    out.reason = "the compilers agree";
    return out;
  }
  if (!p.claim_c.empty() && co.value != p.claim_c) {
    out.status = ConfirmStatus::kRefuted;
    out.reason = absl::StrCat("the C front end said ", p.claim_c);
    return out;
  }
  if (!p.claim_r.empty() && ro.value != p.claim_r) {
    out.status = ConfirmStatus::kRefuted;
    out.reason = absl::StrCat("the Rust front end said ", p.claim_r);
    return out;
  }
  out.status = ConfirmStatus::kConfirmed;
  return out;
}

}  // namespace

void ApplyConfirmations(diff::DiffReport* report) {
  report->confirmed_run = true;
  std::vector<Finding> kept;
  for (Finding& f : report->findings) {
    if (!f.confirmation || f.confirmation->status != ConfirmStatus::kRefuted) {
      kept.push_back(std::move(f));
      continue;
    }
    size_t k = static_cast<size_t>(f.kind);
    if (report->counts[k] > 0) --report->counts[k];
    for (diff::CoverageEntry& e : report->coverage) {
      if (e.item_kind != f.item_kind || e.item != f.item) continue;
      if (e.findings > 0) --e.findings;
      if (e.findings == 0 && e.outcome == diff::Outcome::kFindings) e.outcome = diff::Outcome::kClean;
    }
    report->refuted.push_back(std::move(f));
  }
  report->findings = std::move(kept);
  // Root causes and chains counted again without the refuted findings.
  diff::PruneAttribution(*report);
  // Layout tables only for records that still have layout findings.
  std::set<std::string> with_layout;
  for (const Finding& f : report->findings)
    if (diff::IsLayoutFinding(f.kind)) with_layout.insert(f.item);
  for (auto it = report->layouts.begin(); it != report->layouts.end();) {
    it = with_layout.count(it->first) ? std::next(it) : report->layouts.erase(it);
  }
}

absl::StatusOr<ConfirmStats> ConfirmReport(const Contract& truth, const Contract& rust, const ConfirmInputs& in,
                                           const ConfirmOptions& options, diff::DiffReport* report) {
  auto t0 = std::chrono::steady_clock::now();
  ConfirmStats st;
  if (truth.side != contract::Side::kC) {
    return absl::InvalidArgumentError("--confirm needs C headers as the truth (it compiles them with gcc)");
  }
  // One target for both sides: --target, else the C flags' --target, else the host.
  std::string c_triple, rust_triple;
  std::string want = in.target;
  if (want.empty()) want = target::ClangTargetFromFlags(in.c_flags).value_or("");
  if (!want.empty()) {
    BF_ASSIGN_OR_RETURN(const target::TargetInfo* t, target::LookupTarget(want));
    c_triple = std::string(t->clang_triple);
    rust_triple = std::string(t->rust_triple);
  }
  bool big = false;
  if (!rust_triple.empty()) big = (*target::LookupTarget(rust_triple))->endian == target::Endian::kBig;

  rust_frontend::RustFrontendOptions ro;
  BF_ASSIGN_OR_RETURN(std::vector<rust_frontend::RustSource> sources, rust_frontend::ReadRustSources(in.rust_files, ro));
  BF_ASSIGN_OR_RETURN(RustProbeCrate crate, RustProbeCrate::Build(sources));

  Planner planner(truth, rust, crate, big);
  std::vector<std::pair<size_t, Plan>> plans;
  for (size_t i = 0; i < report->findings.size(); ++i) {
    if (report->findings[i].severity != diff::Severity::kError) continue;
    plans.emplace_back(i, planner.For(report->findings[i]));
  }
  st.c_facts = planner.cfacts.size();
  st.rust_facts = planner.rfacts.size();

  CProbeInputs cin{in.c_headers, in.c_flags, in.c_workdir, c_triple};
  CProbeOptions cops = options.c;
  RustProbeOptions rops = options.rust;
  // Debugging aid: keep the generated probes (their directories are in the
  // confirmation reasons of failed facts and printed by --timings).
  if (const char* keep = std::getenv("BINDFUZZ_CONFIRM_KEEP"); keep && std::string(keep) == "1") {
    cops.keep_work_dir = true;
    rops.keep_work_dir = true;
  }
  if (rops.rust_triple.empty()) rops.rust_triple = rust_triple;
  if (!rops.c_char_signed) rops.c_char_signed = in.c_char_signed;
  // The two compilers are independent: run them side by side.
  std::optional<absl::StatusOr<CProbeRun>> crun;
  std::optional<absl::StatusOr<RustProbeRun>> rrun;
  {
    std::future<absl::StatusOr<RustProbeRun>> rf;
    if (!planner.rfacts.empty()) {
      rf = std::async(std::launch::async, [&] { return RunRustProbe(crate, planner.rfacts, rops); });
    }
    if (!planner.cfacts.empty()) crun = RunCProbe(cin, planner.cfacts, cops);
    if (rf.valid()) rrun = rf.get();
  }
  if (crun && !crun->ok()) {
    if (crun->status().code() == absl::StatusCode::kInvalidArgument) return crun->status();
  }
  if (rrun && !rrun->ok() && rrun->status().code() == absl::StatusCode::kInvalidArgument) return rrun->status();
  const CProbeRun* cp = crun && crun->ok() ? &**crun : nullptr;
  const RustProbeRun* rp = rrun && rrun->ok() ? &**rrun : nullptr;
  if (cp) {
    st.c_compiler = cp->compiler;
    st.c_compiles = cp->compiles;
    st.c_seconds = cp->seconds;
    st.c_work_dir = cp->work_dir;
  }
  if (rp) {
    st.rust_compiler = rp->compiler;
    st.rust_compiles = rp->compiles;
    st.rust_seconds = rp->seconds;
    st.rust_work_dir = rp->work_dir;
  }
  for (auto& [i, plan] : plans) {
    Confirmation c = Judge(plan, cp, rp);
    if (!cp && crun && !crun->ok()) c.reason += absl::StrCat(" (", crun->status().message(), ")");
    if (!rp && rrun && !rrun->ok()) c.reason += absl::StrCat(" (", rrun->status().message(), ")");
    switch (c.status) {
      case ConfirmStatus::kConfirmed: ++st.confirmed; break;
      case ConfirmStatus::kRefuted: ++st.refuted; break;
      case ConfirmStatus::kUnconfirmable: ++st.unconfirmable; break;
    }
    report->findings[i].confirmation = std::move(c);
  }
  ApplyConfirmations(report);
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

}  // namespace bindfuzz::confirm
