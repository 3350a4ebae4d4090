#include "harness/diff/diff.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Enum;
using contract::Enumerator;
using contract::Field;
using contract::Function;
using contract::IntValue;
using contract::Record;
using contract::RecordKind;
using contract::ResolveTypedefs;
using contract::Side;
using contract::SourceLoc;
using contract::Type;
using contract::TypeKind;

// Deeper type nesting than this is hostile input: reported as unevaluated.
constexpr int kMaxTypeDepth = 48;

// ------------------------------------------------------------- strings --

void AppendOne(std::string& out, const std::string& s) { out += s; }
void AppendOne(std::string& out, std::string_view s) { out.append(s.data(), s.size()); }
void AppendOne(std::string& out, const char* s) { out += s; }
template <typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, char> && !std::is_same_v<T, bool>)
void AppendOne(std::string& out, T v) {
  out += std::to_string(v);
}

template <typename... Ts>
std::string S(const Ts&... xs) {
  std::string out;
  (AppendOne(out, xs), ...);
  return out;
}

std::string Q(std::string_view s) { return S("`", s, "`"); }
std::string Bytes(uint64_t n) { return S(n, n == 1 ? " byte" : " bytes"); }
std::string BitsWord(uint64_t n) { return S(n, n == 1 ? " bit" : " bits"); }

// 2^(bits-1) as decimal text, "2^N" when it does not fit in 64 bits.
std::string HalfRange(uint32_t bits) {
  if (bits == 0 || bits > 64) return S("2^", bits == 0 ? 0 : bits - 1);
  return std::to_string(uint64_t{1} << (bits - 1));
}

// Largest power of two dividing `offset`, capped at `cap` (offset 0 -> cap).
uint64_t OffsetAlignment(uint64_t offset, uint64_t cap) {
  if (offset == 0) return cap;
  uint64_t a = offset & (~offset + 1);
  return std::min(a, cap);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Strips BTF alternate suffixes: "X#2" -> "X", "X#2::(anon#1)" ->
// "X::(anon#1)". "(anon#N)" member names are kept.
std::string CanonicalName(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  size_t i = 0;
  while (i < key.size()) {
    if (key[i] == '#') {
      size_t j = i + 1;
      while (j < key.size() && std::isdigit(static_cast<unsigned char>(key[j]))) ++j;
      bool segment_end = j == key.size() || key.substr(j, 2) == "::";
      if (j > i + 1 && segment_end) {
        i = j;
        continue;
      }
    }
    out += key[i++];
  }
  return out;
}

// Index from canonical name to the keys of a map (exact key first, then
// alternates by number).
class AltIndex {
 public:
  template <typename Map>
  explicit AltIndex(const Map& m) {
    for (const auto& [key, value] : m) {
      std::string canon = CanonicalName(key);
      if (canon != key) by_canon_[canon].push_back(key);
    }
    for (auto& [canon, keys] : by_canon_) {
      std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
      });
    }
  }
  // Keys of `m` that define `key` (which is canonicalised first).
  template <typename Map>
  std::vector<std::string> Find(const Map& m, const std::string& key) const {
    std::string canon = CanonicalName(key);
    std::vector<std::string> out;
    if (m.count(canon)) out.push_back(canon);
    auto it = by_canon_.find(canon);
    if (it != by_canon_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    return out;
  }

 private:
  std::map<std::string, std::vector<std::string>> by_canon_;
};

const char* DefaultLabel(Side side) {
  switch (side) {
    case Side::kC: return "C";
    case Side::kBtf: return "BTF";
    case Side::kRust: return "Rust";
  }
  return "?";
}

bool IsCVoidName(std::string_view n) { return n == "c_void" || EndsWith(n, "::c_void"); }

// void, or Rust's c_void however a front end spelled it.
bool IsVoidLike(const Type& t) {
  if (t.kind == TypeKind::kVoid) return true;
  if (t.kind == TypeKind::kRecord || t.kind == TypeKind::kTypedef ||
      t.kind == TypeKind::kUnknown) {
    return IsCVoidName(t.name) || IsCVoidName(t.spelling);
  }
  return false;
}

std::vector<std::string> ChainNames(const Contract& c, const Type& t) {
  std::vector<std::string> out;
  const Type* cur = &t;
  for (int i = 0; i < 64 && cur->kind == TypeKind::kTypedef; ++i) {
    out.push_back(cur->name);
    auto it = c.typedefs.find(cur->name);
    if (it == c.typedefs.end()) break;
    cur = &it->second.target;
  }
  return out;
}

std::string TypeStr(const Contract& c, const Type& t) {
  std::string s = t.ToString();
  if (t.kind == TypeKind::kTypedef) {
    const Type& r = ResolveTypedefs(c, t);
    if (&r != &t && r.kind != TypeKind::kTypedef) s += S(" = ", r.ToString());
  }
  return s;
}

// Short name of a resolved scalar: "u32", "i64", "bool", "f64".
struct Scalar {
  bool ok = false;
  bool is_bool = false;
  bool is_float = false;
  uint32_t bits = 0;
  bool is_signed = false;
  std::string Name() const {
    if (is_bool) return "bool";
    if (is_float) return S("f", bits);
    return S(is_signed ? "i" : "u", bits);
  }
};

bool IsScalarKind(TypeKind k) {
  return k == TypeKind::kInt || k == TypeKind::kBool || k == TypeKind::kEnum;
}

const std::string& DisplayName(const Field& f) {
  return f.rust_name.empty() ? f.name : f.rust_name;
}

std::string FieldRange(const Field& f) {
  uint64_t b = f.offset_bits, e = f.offset_bits + f.size_bits;
  if (f.is_bitfield || b % 8 != 0 || e % 8 != 0) return S("bits ", b, "..", e);
  return S(b / 8, "..", e / 8);
}

std::string RangeText(uint64_t from_bits, uint64_t to_bits, bool bits) {
  if (bits || from_bits % 8 != 0 || to_bits % 8 != 0) return S("bits ", from_bits, "..", to_bits);
  return S("bytes ", from_bits / 8, "..", to_bits / 8);
}

std::string JoinAnd(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += (i + 1 == parts.size()) ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

// What `r` holds in bits [from, to): "`f_pos` (40..48)", "padding", ...
std::string DescribeRange(const Record& r, uint64_t from, uint64_t to) {
  std::vector<std::string> parts;
  size_t more = 0;
  for (const Field& f : r.fields) {
    if (f.size_bits == 0) continue;
    uint64_t fs = f.offset_bits, fe = f.offset_bits + f.size_bits;
    if (fe <= from || fs >= to) continue;
    if (parts.size() == 3) {
      ++more;
      continue;
    }
    parts.push_back(S(f.artificial ? "generated " : "", Q(DisplayName(f)), " (", FieldRange(f), ")"));
  }
  if (more) parts.push_back(S(more, more == 1 ? " more field" : " more fields"));
  uint64_t end = r.size_bytes * 8;
  if (parts.empty()) {
    if (from >= end) return S("nothing: that is past the end of its ", r.size_bytes, "-byte object");
    if (to > end) return S("padding, then bytes past its ", r.size_bytes, "-byte end");
    return "padding";
  }
  std::string s = JoinAnd(parts);
  if (to > end) s += S(", then bytes past its ", r.size_bytes, "-byte end");
  return s;
}

// Generic support types bindgen emits into every bindings file.
bool IsBindgenHelper(std::string_view name) {
  return StartsWith(name, "__Bindgen") || name == "__IncompleteArrayField";
}

bool HasNamedFields(const Record& r) {
  for (const Field& f : r.fields) {
    if (!f.artificial) return true;
  }
  return false;
}

// bindgen's stand-in for a type it could not lay out (`_address: u8`).
bool IsPlaceholder(const Record& r) {
  return r.complete && !r.opaque && r.size_bytes <= 1 && !r.fields.empty() && !HasNamedFields(r);
}

const char* RecordKindWord(RecordKind k) { return k == RecordKind::kUnion ? "union" : "struct"; }

std::string PackedText(const Record& r) {
  if (r.pack_bytes) return S("packed(", r.pack_bytes, ")");
  return r.packed ? "packed" : "not packed";
}


// Does the integer `v` fit in a `bits`-wide integer of either signedness?
bool FitsInBits(const IntValue& v, uint32_t bits) {
  if (bits >= 64) {
    return !v.negative || v.magnitude <= (uint64_t{1} << 63);
  }
  if (bits == 0) return false;
  if (v.negative) return v.magnitude <= (uint64_t{1} << (bits - 1));
  return v.magnitude < (uint64_t{1} << bits);
}

std::string ParamName(const contract::Param& tp, const contract::Param* ap, size_t index) {
  if (!tp.name.empty()) return tp.name;
  if (ap && !ap->name.empty()) return ap->name;
  return S("#", index + 1);
}

// ----------------------------------------------------------- type diff --

enum class TD {
  kSame,
  kSignedness,  // same width, different signedness (possibly behind a pointer)
  kWidth,       // scalar widths differ
  kKind,        // different kinds of type
  kRecordName,  // different records
  kPointee,     // pointers to different types
  kElement,     // arrays of different element types
  kArrayCount,  // arrays of different lengths
  kFnSig,       // function (pointer) signatures differ
  kUnknown,     // could not be compared
};

struct TypeCmp {
  TD diff = TD::kSame;
  std::string detail;
  Scalar t, a;  // the scalars for kWidth / kSignedness at the top level
  bool same() const { return diff == TD::kSame; }
};

TypeCmp Make(TD d, std::string detail) {
  TypeCmp r;
  r.diff = d;
  r.detail = std::move(detail);
  return r;
}

// Multi-dimensional arrays are compared flattened (`[T; 40]` and
// `[[[T; 5]; 2]; 4]` have one layout; pahole writes BTF arrays flattened).
struct FlatArray {
  const Type* element = nullptr;  // innermost non-array element
  uint64_t count = 1;             // product of the counts
  bool open = false;              // flexible or zero-length somewhere
  bool flexible = false;
  bool overflow = false;
};

FlatArray Flatten(const Contract& c, const Type& t) {
  FlatArray f;
  const Type* cur = &t;
  for (int i = 0; i < kMaxTypeDepth && cur->kind == TypeKind::kArray && !cur->inner.empty(); ++i) {
    if (cur->flexible) f.flexible = true;
    if (cur->flexible || cur->count == 0) f.open = true;
    if (!cur->flexible) {
      if (cur->count != 0 && f.count > UINT64_MAX / cur->count) f.overflow = true;
      f.count *= cur->count;
    }
    cur = &ResolveTypedefs(c, cur->inner[0]);
  }
  f.element = cur;
  return f;
}

class Differ {
 public:
  Differ(const Contract& truth, const Contract& assumed, const DiffOptions& options)
      : T_(truth),
        A_(assumed),
        opt_(options),
        rec_idx_(truth.records),
        enum_idx_(truth.enums) {
    tl_ = opt_.truth_label;
    al_ = opt_.assumed_label;
    if (tl_.empty() || al_.empty()) {
      std::string t = DefaultLabel(truth.side), a = DefaultLabel(assumed.side);
      if (t == a) {
        t += " (truth)";
        a += " (assumed)";
      }
      if (tl_.empty()) tl_ = t;
      if (al_.empty()) al_ = a;
    }
    for (const auto& [key, e] : T_.enums) {
      for (size_t i = 0; i < e.enumerators.size(); ++i) {
        truth_enumerators_[e.enumerators[i].name].push_back({key, i});
      }
    }
    for (const contract::Note& n : T_.notes) {
      if (!n.item.empty() && !truth_notes_.count(n.item)) truth_notes_[n.item] = n.message;
    }
    for (const contract::Note& n : A_.notes) {
      if (!n.item.empty() && !assumed_notes_.count(n.item)) assumed_notes_[n.item] = n.message;
    }
    for (const auto& [key, r] : A_.records) {
      for (const Field& f : r.fields) {
        const Type* t = &ResolveTypedefs(A_, f.type);
        for (int i = 0; i < kMaxTypeDepth && t->kind == TypeKind::kArray && !t->inner.empty(); ++i) {
          t = &ResolveTypedefs(A_, t->inner[0]);
        }
        if (t->kind != TypeKind::kRecord) continue;
        std::vector<std::string>& users = assumed_users_[t->name];
        if (users.empty() || users.back() != key) users.push_back(key);
      }
    }
  }

  DiffReport Run();

 private:
  struct EnumeratorRef {
    std::string enum_key;
    size_t index;
  };
  struct Item {
    ItemKind kind;
    std::string key;
    std::string matched;
    std::string reason;
    bool unmatched = false;
    SourceLoc loc;
    // Judged through another item (a consts-style enum) that had findings.
    bool findings_elsewhere = false;
  };

  // Runs `check(key, assumed_item, item, found)` for every item of one kind
  // on the assumed side, with the per-item state (current item, findings
  // sink) set up, and records its coverage row when `check` returns.
  template <typename Items, typename Check>
  void ForEachAssumed(ItemKind kind, const Items& items, Check check) {
    cur_kind_ = kind;
    for (const auto& [key, assumed] : items) {
      Item item{kind, key, "", "", false, assumed.loc};
      cur_item_ = key;
      cur_matched_.clear();
      std::vector<Finding> found;
      out_ = &found;
      check(key, assumed, item, found);
      Finish(item, std::move(found));
    }
  }

  // ---- emitting
  void Emit(MismatchKind kind, std::string member, std::string truth_value,
            std::string assumed_value, const SourceLoc& truth_loc, const SourceLoc& assumed_loc,
            std::string message, std::string consequence) {
    Finding f;
    f.kind = kind;
    f.severity = KindSeverity(kind);
    f.item_kind = cur_kind_;
    f.item = cur_item_;
    f.matched = cur_matched_;
    f.member = std::move(member);
    f.truth_value = std::move(truth_value);
    f.assumed_value = std::move(assumed_value);
    f.truth_loc = truth_loc;
    f.assumed_loc = assumed_loc;
    f.message = std::move(message);
    f.consequence = std::move(consequence);
    out_->push_back(std::move(f));
  }
  void Finish(const Item& item, std::vector<Finding> findings, const Record* truth_rec = nullptr,
              const Record* assumed_rec = nullptr);

  // ---- types
  Scalar AsScalar(const Contract& c, const Type& resolved, bool truth_side) const;
  bool IsRustifiedEnum(const Type& resolved_assumed) const;
  TypeCmp Cmp(const Type& t0, const Type& a0, int depth) const;
  TypeCmp CmpPointer(const Type& t, const Type& a, int depth) const;
  TypeCmp CmpArray(const Type& t, const Type& a, int depth) const;
  TypeCmp CmpFunction(const Type& t, const Type& a, int depth) const;
  Type Decay(const Contract& c, const Type& t) const;
  std::string NestedNameOf(const std::string& assumed_name) const;
  bool FieldSizeKnown(const Contract& c, const Field& f, bool truth_side) const;

  // ---- items
  void CompareRecord(const Record& tr, const Record& ar);
  void CompareField(const Record& tr, const Field& tf, const Record& ar, const Field& af,
                    bool* layout_differs);
  void CompareBitfield(const Record& tr, const Field& tf, const Record& ar, const Field& af);
  void RecordSizeFinding(const Record& tr, const Record& ar);
  void CompareEnum(const Enum& te, const Enum& ae);
  void CompareFunction(const Function& tf, const Function& af);
  void CompareParam(const Function& tf, const Function& af, size_t i);
  void CompareReturn(const Function& tf, const Function& af);
  void CompareIntConstant(const std::string& name, const IntValue& tv, const Type& ttype,
                          const SourceLoc& tloc, const contract::Constant& ac);
  void CompareConstant(const contract::Constant& tc, const contract::Constant& ac);
  bool OpaqueOrMissingParent(const std::string& parent) const;

  void DoRecords();
  void DoEnums();
  void DoTypedefs();
  void DoFunctions();
  void DoVariables();
  void DoConstants();

  std::vector<std::string> FindTruthEnumsForAssumed(const Enum& ae, std::string* how) const;
  const Enumerator* FindTruthEnumerator(const Enum& te, const std::string& assumed_name,
                                        const std::string& assumed_enum) const;
  bool FindEnumeratorConstant(const contract::Constant& ac, const Enum** te,
                              const Enumerator** en) const;
  // BTF holds only what the built vmlinux contains (no macros, no modules,
  // no unused types): an item missing from it is not a mismatch.
  bool TruthIsPartial() const { return T_.side == Side::kBtf; }
  std::string PartialTruthReason() const {
    return S("no ", tl_, " definition (", tl_, " holds only what the built image contains)");
  }
  std::string NoteFor(const std::string& item) const {
    auto it = truth_notes_.find(item);
    return it == truth_notes_.end() ? "" : it->second;
  }

  const Contract& T_;
  const Contract& A_;
  const DiffOptions& opt_;
  AltIndex rec_idx_;
  AltIndex enum_idx_;
  std::string tl_, al_;
  std::map<std::string, std::vector<EnumeratorRef>> truth_enumerators_;
  std::map<std::string, std::string> truth_notes_;
  std::map<std::string, std::string> assumed_notes_;
  // Assumed record name -> assumed records with a field of that type.
  std::map<std::string, std::vector<std::string>> assumed_users_;
  // False while comparing a record whose layout one side did not compute
  // (align 0): only names and types are compared then.
  bool layout_known_ = true;
  // Assumed enumerators checked as part of a matched enum: name -> (enum, had finding).
  std::map<std::string, std::pair<std::string, bool>> checked_enumerators_;

  DiffReport report_;
  std::vector<Finding>* out_ = nullptr;
  ItemKind cur_kind_ = ItemKind::kRecord;
  std::string cur_item_;
  std::string cur_matched_;
};

// --------------------------------------------------------------- types --

Scalar Differ::AsScalar(const Contract& c, const Type& t, bool truth_side) const {
  Scalar s;
  switch (t.kind) {
    case TypeKind::kInt:
      s.ok = t.bits != 0;
      s.bits = t.bits;
      s.is_signed = t.is_signed;
      return s;
    case TypeKind::kBool:
      s.ok = true;
      s.is_bool = true;
      s.bits = t.bits ? t.bits : 8;
      return s;
    case TypeKind::kFloat:
      s.ok = t.bits != 0;
      s.is_float = true;
      s.bits = t.bits;
      return s;
    case TypeKind::kEnum: {
      const Enum* e = nullptr;
      if (truth_side) {
        for (const std::string& k : enum_idx_.Find(c.enums, t.name)) {
          e = &c.enums.at(k);
          break;
        }
      } else {
        auto it = c.enums.find(t.name);
        if (it != c.enums.end()) e = &it->second;
      }
      if (!e) return s;
      const Type& u = ResolveTypedefs(c, e->underlying);
      if (u.kind == TypeKind::kInt && u.bits) {
        s.ok = true;
        s.bits = u.bits;
        s.is_signed = u.is_signed;
      }
      return s;
    }
    default:
      return s;
  }
}

// A field of size 0 is either really zero-sized (flexible or zero-length
// array, empty struct) or a front end's "size not computed".
bool Differ::FieldSizeKnown(const Contract& c, const Field& f, bool truth_side) const {
  if (f.size_bits != 0 || f.is_bitfield) return true;
  const Type& t = ResolveTypedefs(c, f.type);
  if (t.kind == TypeKind::kArray) {
    FlatArray fa = Flatten(c, t);
    return fa.open || fa.count == 0;
  }
  if (t.kind == TypeKind::kRecord) {
    const Record* r = nullptr;
    if (truth_side) {
      std::vector<std::string> k = rec_idx_.Find(c.records, t.name);
      if (!k.empty()) r = &c.records.at(k.front());
    } else {
      auto it = c.records.find(t.name);
      if (it != c.records.end()) r = &it->second;
    }
    return r && r->complete && r->align_bytes != 0 && r->size_bytes == 0;
  }
  return false;
}

// Does `r` have a field whose type (through arrays) is the record `name`?
bool HasFieldOfRecord(const Contract& c, const Record& r, const std::string& name) {
  for (const Field& f : r.fields) {
    const Type* t = &ResolveTypedefs(c, f.type);
    for (int i = 0; i < kMaxTypeDepth && t->kind == TypeKind::kArray && !t->inner.empty(); ++i) {
      t = &ResolveTypedefs(c, t->inner[0]);
    }
    if (t->kind == TypeKind::kRecord && CanonicalName(t->name) == name) return true;
  }
  return false;
}

std::string Differ::NestedNameOf(const std::string& name) const {
  if (A_.side != Side::kRust || T_.records.count(name)) return "";
  auto users = assumed_users_.find(name);
  if (users == assumed_users_.end()) return "";
  for (size_t p = name.find('_', 1); p != std::string::npos && p + 1 < name.size(); p = name.find('_', p + 1)) {
    std::string child = name.substr(p + 1);
    if (child.empty() || child.front() == '_' || rec_idx_.Find(T_.records, child).empty()) continue;
    // The record that uses `name` as a field type uses `child` in C.
    for (const std::string& user : users->second) {
      for (const std::string& k : rec_idx_.Find(T_.records, user)) {
        if (HasFieldOfRecord(T_, T_.records.at(k), child)) return child;
      }
    }
  }
  return "";
}

bool Differ::IsRustifiedEnum(const Type& a) const {
  if (a.kind != TypeKind::kEnum) return false;
  auto it = A_.enums.find(a.name);
  return it != A_.enums.end() && it->second.rust_style == "rustified";
}

Type Differ::Decay(const Contract& c, const Type& t) const {
  const Type& r = ResolveTypedefs(c, t);
  if (r.kind == TypeKind::kArray && !r.inner.empty()) return Type::PointerTo(r.inner[0]);
  if (r.kind == TypeKind::kFunction) return Type::PointerTo(r);
  return t;
}

TypeCmp Differ::Cmp(const Type& t0, const Type& a0, int depth) const {
  if (depth > kMaxTypeDepth) {
    return Make(TD::kUnknown, S("type nesting deeper than ", kMaxTypeDepth, " levels"));
  }
  const Type& t = ResolveTypedefs(T_, t0);
  const Type& a = ResolveTypedefs(A_, a0);
  bool tv = IsVoidLike(t), av = IsVoidLike(a);
  if (tv && av) return {};
  if (t.kind == TypeKind::kTypedef || a.kind == TypeKind::kTypedef) {
    std::vector<std::string> tn = ChainNames(T_, t0), an = ChainNames(A_, a0);
    for (const std::string& x : tn) {
      if (std::find(an.begin(), an.end(), x) != an.end()) return {};
    }
    const bool truth_open = t.kind == TypeKind::kTypedef;
    const size_t chain = truth_open ? tn.size() : an.size();
    return Make(TD::kUnknown, S(truth_open ? tl_ : al_, " typedef ", Q(truth_open ? t.name : a.name),
                                chain >= 64 ? " is cyclic or nested too deeply" : " has no definition"));
  }
  if (t.kind == TypeKind::kUnknown || a.kind == TypeKind::kUnknown) {
    const Type& u = t.kind == TypeKind::kUnknown ? t : a;
    return Make(TD::kUnknown, S(t.kind == TypeKind::kUnknown ? tl_ : al_, " type ", Q(u.spelling),
                                " was not evaluated"));
  }
  if (tv || av) {
    return Make(TD::kKind, S(TypeStr(T_, t0), " vs ", TypeStr(A_, a0)));
  }
  if (t.kind == TypeKind::kEnum && a.kind == TypeKind::kEnum &&
      CanonicalName(t.name) == CanonicalName(a.name)) {
    return {};  // sizes and values are compared at the enum itself
  }
  if (IsRustifiedEnum(a)) {
    return Make(TD::kKind, S(al_, " enum ", Q(a.name), " (valid only for its variants) vs ",
                             TypeStr(T_, t0)));
  }
  if (IsScalarKind(t.kind) && IsScalarKind(a.kind)) {
    Scalar ts = AsScalar(T_, t, true), as = AsScalar(A_, a, false);
    if (!ts.ok || !as.ok) {
      const bool truth_bad = !ts.ok;
      return Make(TD::kUnknown, S(truth_bad ? tl_ : al_, " enum ",
                                  Q(truth_bad ? t.name : a.name),
                                  " has no known integer type"));
    }
    TypeCmp r;
    r.t = ts;
    r.a = as;
    if (as.is_bool && !ts.is_bool) {
      r.diff = TD::kKind;
      r.detail = S(TypeStr(T_, t0), " vs bool (", al_, " bool is valid only for 0 and 1)");
    } else if (ts.bits != as.bits) {
      r.diff = TD::kWidth;
      r.detail = S(ts.Name(), " vs ", as.Name());
    } else if (!ts.is_bool && !as.is_bool && ts.is_signed != as.is_signed) {
      r.diff = TD::kSignedness;
      r.detail = S(ts.Name(), " vs ", as.Name());
    }
    return r;
  }
  // A function type is only ever used through a pointer (C `typedef void
  // fn_t(void)` vs bindgen's `Option<unsafe extern "C" fn()>`).
  if (t.kind == TypeKind::kFunction && a.kind == TypeKind::kPointer && !a.inner.empty() &&
      ResolveTypedefs(A_, a.inner[0]).kind == TypeKind::kFunction) {
    return CmpFunction(t, ResolveTypedefs(A_, a.inner[0]), depth + 1);
  }
  if (a.kind == TypeKind::kFunction && t.kind == TypeKind::kPointer && !t.inner.empty() &&
      ResolveTypedefs(T_, t.inner[0]).kind == TypeKind::kFunction) {
    return CmpFunction(ResolveTypedefs(T_, t.inner[0]), a, depth + 1);
  }
  if (t.kind != a.kind) {
    return Make(TD::kKind, S(TypeStr(T_, t0), " vs ", TypeStr(A_, a0)));
  }
  switch (t.kind) {
    case TypeKind::kFloat: {
      if (t.bits == a.bits) return {};
      TypeCmp r = Make(TD::kWidth, S("f", t.bits, " vs f", a.bits));
      r.t = AsScalar(T_, t, true);
      r.a = AsScalar(A_, a, false);
      return r;
    }
    case TypeKind::kPointer:
      return CmpPointer(t, a, depth);
    case TypeKind::kArray:
      return CmpArray(t, a, depth);
    case TypeKind::kRecord:
      if (CanonicalName(t.name) == CanonicalName(a.name) || NestedNameOf(a.name) == CanonicalName(t.name)) {
        return {};
      }
      return Make(TD::kRecordName, S(Q(t.name), " vs ", Q(a.name)));
    case TypeKind::kFunction:
      return CmpFunction(t, a, depth);
    default:
      return {};
  }
}

TypeCmp Differ::CmpPointer(const Type& t, const Type& a, int depth) const {
  if (t.inner.empty() || a.inner.empty()) return Make(TD::kUnknown, "pointer without pointee");
  const Type& tp = ResolveTypedefs(T_, t.inner[0]);
  const Type& ap = ResolveTypedefs(A_, a.inner[0]);
  if (IsVoidLike(tp) || IsVoidLike(ap)) return {};  // void* converts to and from any T*
  if (tp.kind == TypeKind::kFunction && ap.kind == TypeKind::kFunction) {
    return CmpFunction(tp, ap, depth + 1);
  }
  TypeCmp r = Cmp(t.inner[0], a.inner[0], depth + 1);
  switch (r.diff) {
    case TD::kSame:
    case TD::kUnknown:
      return r;
    case TD::kSignedness:
      return Make(TD::kSignedness, S("pointee ", r.detail));
    default:
      return Make(TD::kPointee,
                  S("pointer to ", TypeStr(T_, t.inner[0]), " vs pointer to ", TypeStr(A_, a.inner[0])));
  }
}

TypeCmp Differ::CmpArray(const Type& t, const Type& a, int depth) const {
  if (t.inner.empty() || a.inner.empty()) return Make(TD::kUnknown, "array without element type");
  FlatArray ft = Flatten(T_, t), fa = Flatten(A_, a);
  if (ft.overflow || fa.overflow) return Make(TD::kUnknown, "array element count overflows 64 bits");
  const bool nested = ft.element != &ResolveTypedefs(T_, t.inner[0]) || fa.element != &ResolveTypedefs(A_, a.inner[0]);
  TypeCmp r = nested ? Cmp(*ft.element, *fa.element, depth + 1) : Cmp(t.inner[0], a.inner[0], depth + 1);
  if (r.diff == TD::kUnknown) return r;
  if (!r.same() && r.diff != TD::kSignedness) {
    return Make(TD::kElement, S("element ", nested ? ft.element->ToString() : TypeStr(T_, t.inner[0]), " vs ",
                                nested ? fa.element->ToString() : TypeStr(A_, a.inner[0])));
  }
  bool count_same = (ft.flexible || fa.flexible || ft.open || fa.open)
                        ? (ft.open && fa.open) || (!ft.flexible && !fa.flexible && ft.count == fa.count)
                        : ft.count == fa.count;
  if (!count_same) {
    auto len = [](const FlatArray& x) { return x.flexible ? std::string("flexible") : std::to_string(x.count); };
    return Make(TD::kArrayCount, S(len(ft), " vs ", len(fa), " elements"));
  }
  if (r.diff == TD::kSignedness) return Make(TD::kSignedness, S("element ", r.detail));
  return {};
}

TypeCmp Differ::CmpFunction(const Type& t, const Type& a, int depth) const {
  if (t.inner.empty() || a.inner.empty()) return Make(TD::kUnknown, "function type without return type");
  size_t tn = t.inner.size() - 1, an = a.inner.size() - 1;
  if (tn != an) return Make(TD::kFnSig, S(tn, " vs ", an, " parameters"));
  if (t.variadic != a.variadic) {
    return Make(TD::kFnSig, S(t.variadic ? "variadic" : "not variadic", " vs ",
                              a.variadic ? "variadic" : "not variadic"));
  }
  if (t.calling_conv != a.calling_conv) {
    return Make(TD::kFnSig, S("calling convention ", t.calling_conv.empty() ? "C" : t.calling_conv,
                              " vs ", a.calling_conv.empty() ? "C" : a.calling_conv));
  }
  std::string unknown, sign;
  for (size_t i = 0; i <= tn; ++i) {
    TypeCmp r = i == 0 ? Cmp(t.inner[0], a.inner[0], depth + 1)
                       : Cmp(Decay(T_, t.inner[i]), Decay(A_, a.inner[i]), depth + 1);
    std::string where = i == 0 ? "return " : S("parameter ", i, " ");
    if (r.diff == TD::kUnknown) {
      if (unknown.empty()) unknown = where + r.detail;
    } else if (r.diff == TD::kSignedness) {
      if (sign.empty()) sign = where + r.detail;
    } else if (!r.same()) {
      return Make(TD::kFnSig, where + r.detail);
    }
  }
  if (!unknown.empty()) return Make(TD::kUnknown, unknown);
  if (!sign.empty()) return Make(TD::kSignedness, sign);
  return {};
}

// ------------------------------------------------------------- records --

void Differ::RecordSizeFinding(const Record& tr, const Record& ar) {
  const uint64_t ts = tr.size_bytes, as = ar.size_bytes;
  std::string rn = Q(ar.name);
  std::string cons;
  // A field of `r` that lies (or, failing that, reaches) past byte `limit`.
  auto example = [](const Record& r, uint64_t limit) -> std::string {
    const Field* reaches = nullptr;
    for (const Field& f : r.fields) {
      if (f.artificial || !f.size_bits || f.offset_bits + f.size_bits <= limit * 8) continue;
      if (f.offset_bits >= limit * 8) return S(" (e.g. ", Q(DisplayName(f)), " at ", f.offset_bits / 8, ")");
      if (!reaches) reaches = &f;
    }
    if (!reaches) return "";
    return S(" (e.g. ", Q(DisplayName(*reaches)), " at ", reaches->offset_bits / 8, "..",
             (reaches->offset_bits + reaches->size_bits + 7) / 8, ")");
  };
  if (as > ts) {
    cons = S(al_, " believes ", rn, " is ", as, " bytes; ", tl_, " allocates ", ts, ": any ", al_,
             " access past byte ", ts, example(ar, ts));
    cons += S(" reads or writes beyond the object, and copying a ", tl_, " ", rn, " by value in ",
              al_, " reads ", as - ts, " bytes past its end");
  } else {
    cons = S(al_, " believes ", rn, " is ", as, " bytes; ", tl_, "'s is ", ts, ": a ", rn,
             " allocated by ", al_, " (stack, heap, array element) is ", ts - as, " bytes short, and ",
             tl_, " accesses it up to byte ", ts, example(tr, as));
  }
  cons += S("; arrays of ", rn, " have a ", as, "-byte stride in ", al_, ", ", ts, " in ", tl_);
  Emit(MismatchKind::kRecordSize, "", S(ts), S(as), tr.loc, ar.loc,
       S("size of ", rn, ": ", tl_, " ", ts, " bytes, ", al_, " ", as, " bytes"), std::move(cons));
}

void Differ::CompareRecord(const Record& tr, const Record& ar) {
  const std::string rn = Q(ar.name);
  if (!tr.complete && IsPlaceholder(ar)) return;  // opaque on both sides (bindgen `_address: u8`)
  if (tr.kind != ar.kind) {
    std::string cons =
        ar.kind == RecordKind::kUnion
            ? S(al_, " overlays every field of ", rn, " at offset 0; ", tl_,
                " lays them out one after another")
            : S(al_, " lays out the fields of ", rn, " one after another; ", tl_,
                " overlays them all at offset 0");
    Emit(MismatchKind::kRecordKind, "", RecordKindWord(tr.kind), RecordKindWord(ar.kind), tr.loc,
         ar.loc, S(rn, " is a ", RecordKindWord(tr.kind), " in ", tl_, ", a ",
                   RecordKindWord(ar.kind), " in ", al_),
         std::move(cons));
  }
  if (tr.complete != ar.complete) {
    if (!tr.complete) {
      Emit(MismatchKind::kRecordOpaque, "", "incomplete", S("complete, ", Bytes(ar.size_bytes)),
           tr.loc, ar.loc, S(tl_, " declares ", rn, " only as incomplete; ", al_, " defines its layout"),
           S(al_, "'s ", ar.size_bytes, "-byte layout of ", rn, " cannot be checked: ", tl_,
             " never defines it"));
    } else {
      Emit(MismatchKind::kRecordOpaque, "", S("complete, ", Bytes(tr.size_bytes)), "incomplete",
           tr.loc, ar.loc, S(rn, " is complete in ", tl_, " (", Bytes(tr.size_bytes), ") but opaque in ", al_),
           S(al_, " can only handle ", rn, " behind pointers: a value of it created in ", al_,
             " is not a ", tr.size_bytes, "-byte ", tl_, " object"));
    }
    return;
  }
  if (!tr.complete) return;  // incomplete on both sides: nothing to compare
  layout_known_ = true;

  if (IsPlaceholder(ar) && HasNamedFields(tr)) {
    Emit(MismatchKind::kRecordOpaque, "", S("complete, ", Bytes(tr.size_bytes)),
         S("placeholder, ", Bytes(ar.size_bytes)), tr.loc, ar.loc,
         S(rn, " is complete in ", tl_, " (", Bytes(tr.size_bytes), "); ", al_,
           " binds only a placeholder without fields"),
         S(al_, " can only handle ", rn, " behind pointers: a value of it created in ", al_, " is ",
           Bytes(ar.size_bytes), ", not a ", tr.size_bytes, "-byte ", tl_, " object"));
    return;
  }

  // A side that could not compute the layout says so with align 0.
  layout_known_ = tr.align_bytes != 0 && ar.align_bytes != 0;
  if (!layout_known_) {
    const bool truth_unknown = tr.align_bytes == 0;
    auto& notes = truth_unknown ? truth_notes_ : assumed_notes_;
    auto it = notes.find(truth_unknown ? tr.name : ar.name);
    Emit(MismatchKind::kUnevaluated, "", truth_unknown ? "<layout not computed>" : S(Bytes(tr.size_bytes)),
         truth_unknown ? S(Bytes(ar.size_bytes)) : "<layout not computed>", tr.loc, ar.loc,
         S("layout of ", rn, " not computed by the ", truth_unknown ? tl_ : al_, " side",
           it == notes.end() ? std::string() : S(": ", it->second)),
         S("sizes, alignments and offsets of ", rn, " were not compared; only field names and types were"));
  }

  bool layout_differs = false;
  if (layout_known_ && tr.size_bytes != ar.size_bytes) {
    RecordSizeFinding(tr, ar);
    layout_differs = true;
  }
  // Inferred alignment (BTF) is a best guess, never a basis for a finding.
  const bool align_facts = !tr.align_inferred && !ar.align_inferred;
  if (layout_known_ && align_facts && tr.align_bytes != ar.align_bytes) {
    layout_differs = true;
    std::string cons =
        ar.align_bytes > tr.align_bytes
            ? S(al_, " requires ", ar.align_bytes, "-byte alignment for ", rn, ", ", tl_, " only ",
                tr.align_bytes, ": a ", tl_, "-allocated ", rn, " at an address that is ",
                tr.align_bytes, "- but not ", ar.align_bytes, "-byte aligned is a misaligned ",
                "reference in ", al_, " (undefined behaviour)")
            : S(al_, " aligns ", rn, " to ", ar.align_bytes, " bytes, ", tl_, " requires ",
                tr.align_bytes, ": a ", rn, " placed by ", al_,
                " (stack, struct member, array element) may be misaligned for ", tl_);
    Emit(MismatchKind::kRecordAlign, "", S(tr.align_bytes), S(ar.align_bytes), tr.loc, ar.loc,
         S("alignment of ", rn, ": ", tl_, " ", tr.align_bytes, ", ", al_, " ", ar.align_bytes),
         std::move(cons));
  }

  std::vector<Finding> field_findings;
  if (!tr.opaque && !ar.opaque) {
    std::vector<Finding>* saved = out_;
    out_ = &field_findings;
    std::map<std::string, const Field*> tmap, amap;
    for (const Field& f : tr.fields) {
      if (!f.artificial) tmap.emplace(f.name, &f);
    }
    for (const Field& f : ar.fields) {
      if (!f.artificial) amap.emplace(f.name, &f);
    }
    std::set<std::string> seen;
    for (const Field& af : ar.fields) {
      if (af.artificial || !seen.insert(af.name).second) continue;
      auto it = tmap.find(af.name);
      if (it != tmap.end()) {
        CompareField(tr, *it->second, ar, af, &layout_differs);
        continue;
      }
      layout_differs = true;
      Emit(MismatchKind::kFieldMissing, af.name, "<absent>",
           layout_known_ ? S("offset ", af.offset_bits / 8, ", ",
                             af.is_bitfield ? BitsWord(af.size_bits) : Bytes(af.size_bits / 8))
                         : TypeStr(A_, af.type),
           tr.loc, af.loc, S(Q(ar.name + "." + af.name), " exists in ", al_, " but not in ", tl_),
           layout_known_
               ? S(al_, "'s ", Q(DisplayName(af)), " (", FieldRange(af), ") does not exist in ", tl_, ": in ",
                   tl_, ", ", RangeText(af.offset_bits, af.offset_bits + af.size_bits, af.is_bitfield), " hold ",
                   DescribeRange(tr, af.offset_bits, af.offset_bits + af.size_bits))
               : S(al_, "'s ", Q(DisplayName(af)), " does not exist in ", tl_, ": ", al_,
                   " accesses to it read or write bytes ", tl_, " uses otherwise"));
    }
    seen.clear();
    for (const Field& tf : tr.fields) {
      if (tf.artificial || amap.count(tf.name) || !seen.insert(tf.name).second) continue;
      layout_differs = true;
      Emit(MismatchKind::kFieldExtra, tf.name,
           layout_known_ ? S("offset ", tf.offset_bits / 8, ", ",
                             tf.is_bitfield ? BitsWord(tf.size_bits) : Bytes(tf.size_bits / 8))
                         : TypeStr(T_, tf.type),
           "<absent>", tf.loc, ar.loc, S(Q(ar.name + "." + tf.name), " exists in ", tl_, " but not in ", al_),
           layout_known_
               ? S(tl_, "'s ", Q(tf.name), " (", FieldRange(tf), ") has no ", al_, " counterpart: in ", al_, ", ",
                   RangeText(tf.offset_bits, tf.offset_bits + tf.size_bits, tf.is_bitfield), " hold ",
                   DescribeRange(ar, tf.offset_bits, tf.offset_bits + tf.size_bits))
               : S(tl_, "'s ", Q(tf.name), " has no ", al_, " counterpart: ", al_, " cannot access it"));
    }
    out_ = saved;
  }
  if (layout_differs && align_facts && (tr.packed != ar.packed || tr.pack_bytes != ar.pack_bytes)) {
    Emit(MismatchKind::kRecordPacked, "", PackedText(tr), PackedText(ar), tr.loc, ar.loc,
         S(rn, " is ", PackedText(tr), " in ", tl_, ", ", PackedText(ar), " in ", al_),
         S("the packing difference moves fields: ", tl_, " ",
           tr.packed || tr.pack_bytes ? "leaves out" : "inserts", " the alignment padding that ", al_,
           " ", ar.packed || ar.pack_bytes ? "leaves out" : "inserts"));
  }
  for (Finding& f : field_findings) out_->push_back(std::move(f));
}

void Differ::CompareBitfield(const Record& tr, const Field& tf, const Record& ar, const Field& af) {
  const std::string fname = Q(af.name);
  if (tf.is_bitfield && af.is_bitfield) {
    if (tf.offset_bits != af.offset_bits) {
      Emit(MismatchKind::kBitfieldPosition, af.name, S("bit ", tf.offset_bits), S("bit ", af.offset_bits),
           tf.loc, af.loc,
           S("bit offset of bitfield ", Q(ar.name + "." + af.name), ": ", tl_, " ", tf.offset_bits, ", ", al_,
             " ", af.offset_bits),
           S(al_, " reads bitfield ", fname, " from bits ", af.offset_bits, "..",
             af.offset_bits + af.size_bits, ", ", tl_, " keeps it at bits ", tf.offset_bits, "..",
             tf.offset_bits + tf.size_bits, ": in ", tl_, ", bits ", af.offset_bits, "..",
             af.offset_bits + af.size_bits, " hold ",
             DescribeRange(tr, af.offset_bits, af.offset_bits + af.size_bits)));
    }
    if (tf.size_bits != af.size_bits) {
      std::string cons = S(al_, " reads ", BitsWord(af.size_bits), " of ", fname, ", ", tl_,
                           "'s bitfield is ", tf.size_bits, " bits wide");
      if (af.size_bits < tf.size_bits) {
        cons += S(": ", tl_, " values that need more than ", BitsWord(af.size_bits),
                  " are read wrongly, and ", al_, " writes leave the upper ",
                  BitsWord(tf.size_bits - af.size_bits), " unchanged");
      } else {
        uint64_t from = af.offset_bits + tf.size_bits, to = af.offset_bits + af.size_bits;
        cons += S(": in ", tl_, ", the extra bits ", from, "..", to, " hold ", DescribeRange(tr, from, to));
      }
      Emit(MismatchKind::kBitfieldWidth, af.name, BitsWord(tf.size_bits), BitsWord(af.size_bits), tf.loc,
           af.loc,
           S("width of bitfield ", Q(ar.name + "." + af.name), ": ", tl_, " ", tf.size_bits, ", ", al_, " ",
             af.size_bits),
           std::move(cons));
    }
  } else {
    const Field& bf = tf.is_bitfield ? tf : af;
    const Field& pf = tf.is_bitfield ? af : tf;
    const std::string& bl = tf.is_bitfield ? tl_ : al_;
    const std::string& pl = tf.is_bitfield ? al_ : tl_;
    std::string desc = S(bl, "'s ", fname, " is a ", bf.size_bits, "-bit bitfield (bits ", bf.offset_bits,
                         "..", bf.offset_bits + bf.size_bits, "); ", pl, " declares a plain ",
                         Bytes(pf.size_bits / 8), " field (", FieldRange(pf), ")");
    Emit(MismatchKind::kBitfieldWidth, af.name,
         tf.is_bitfield ? S(BitsWord(tf.size_bits), " bitfield") : S(Bytes(tf.size_bits / 8), " field"),
         af.is_bitfield ? S(BitsWord(af.size_bits), " bitfield") : S(Bytes(af.size_bits / 8), " field"),
         tf.loc, af.loc, desc,
         S(al_, " accesses ", RangeText(af.offset_bits, af.offset_bits + af.size_bits, af.is_bitfield),
           " for ", fname, "; in ", tl_, " those hold ",
           DescribeRange(tr, af.offset_bits, af.offset_bits + af.size_bits)));
    return;
  }
  const Type& tt = ResolveTypedefs(T_, tf.type);
  const Type& at = ResolveTypedefs(A_, af.type);
  Scalar ts = AsScalar(T_, tt, true), as = AsScalar(A_, at, false);
  if (ts.ok && as.ok && !ts.is_bool && !as.is_bool && ts.is_signed != as.is_signed) {
    Emit(MismatchKind::kFieldSignedness, af.name, ts.is_signed ? "signed" : "unsigned",
         as.is_signed ? "signed" : "unsigned", tf.loc, af.loc,
         S("signedness of bitfield ", Q(ar.name + "." + af.name), ": ", tl_, " ",
           ts.is_signed ? "signed" : "unsigned", ", ", al_, " ", as.is_signed ? "signed" : "unsigned"),
         as.is_signed ? S(al_, " sign-extends ", fname, ": ", tl_, " values with the top bit of its ",
                          BitsWord(af.size_bits), " set appear negative in ", al_)
                      : S(al_, " zero-extends ", fname, ": negative ", tl_, " values appear as large positive values in ", al_));
  }
}

void Differ::CompareField(const Record& tr, const Field& tf, const Record& ar, const Field& af,
                          bool* layout_differs) {
  if (!layout_known_ || !FieldSizeKnown(T_, tf, true) || !FieldSizeKnown(A_, af, false)) {
    // Types only: offsets and sizes are not known on one side.
    TypeCmp r = Cmp(tf.type, af.type, 0);
    const std::string where = Q(ar.name + "." + af.name);
    const std::string ttype = TypeStr(T_, tf.type), atype = TypeStr(A_, af.type);
    MismatchKind k = r.diff == TD::kSignedness ? MismatchKind::kFieldSignedness
                     : r.diff == TD::kFnSig    ? MismatchKind::kFunctionPointerType
                     : r.diff == TD::kWidth    ? MismatchKind::kFieldWidth
                                               : MismatchKind::kFieldType;
    if (!r.same() && r.diff != TD::kUnknown) {
      Emit(k, af.name, ttype, atype, tf.loc, af.loc,
           S("type of ", where, ": ", tl_, " ", ttype, ", ", al_, " ", atype, " (", r.detail, ")"),
           S(al_, " accesses ", Q(af.name), " as ", atype, ", ", tl_, " stores ", ttype));
    }
    return;
  }
  if (tf.is_bitfield || af.is_bitfield) {
    size_t before = out_->size();
    CompareBitfield(tr, tf, ar, af);
    for (size_t i = before; i < out_->size(); ++i) {
      if (IsLayoutFinding((*out_)[i].kind)) *layout_differs = true;
    }
    return;
  }
  const std::string fname = Q(af.name);
  const std::string where = Q(ar.name + "." + af.name);
  const uint64_t to = tf.offset_bits, ao = af.offset_bits;
  const uint64_t tw = tf.size_bits, aw = af.size_bits;

  if (to != ao) {
    *layout_differs = true;
    std::string cons = S(al_, " reads ", fname, " from offset ", ao / 8, ", ", tl_, " keeps it at ", to / 8);
    const Type& tt = ResolveTypedefs(T_, tf.type);
    const uint64_t s = tw / 8;
    bool scalar = tt.kind == TypeKind::kInt || tt.kind == TypeKind::kFloat ||
                  tt.kind == TypeKind::kPointer || tt.kind == TypeKind::kEnum;
    if (scalar && (s == 2 || s == 4 || s == 8 || s == 16) && (to / 8) % s != 0 && (ao / 8) % s == 0 &&
        to % 8 == 0 && !tr.packed && !tr.pack_bytes) {
      std::string tname = tf.type.kind == TypeKind::kTypedef ? S(" ", Q(tf.type.name)) : S(" ", tt.ToString());
      cons += S(" (", tl_, " places this ", s, "-byte", tname, " at ", OffsetAlignment(to / 8, s),
                "-byte-aligned offset ", to / 8, ", ", al_, " at ", OffsetAlignment(ao / 8, s),
                "-byte-aligned offset ", ao / 8, ")");
    }
    if (aw == 0) {
      // A flexible or zero-length trailing array: every element is shifted.
      cons += S(": every element ", al_, " indexes is ", ao > to ? (ao - to) / 8 : (to - ao) / 8,
                ao > to ? " bytes past" : " bytes before", " the one ", tl_, " means");
    } else {
      cons += S(": in ", tl_, ", ", RangeText(ao, ao + aw, false), " hold ", DescribeRange(tr, ao, ao + aw));
    }
    Emit(MismatchKind::kFieldOffset, af.name, S(to / 8), S(ao / 8), tf.loc, af.loc,
         S("offset of ", where, ": ", tl_, " ", to / 8, ", ", al_, " ", ao / 8), std::move(cons));
  }

  TypeCmp r = Cmp(tf.type, af.type, 0);
  const std::string ttype = TypeStr(T_, tf.type), atype = TypeStr(A_, af.type);
  bool width_done = false;
  auto width_finding = [&]() {
    width_done = true;
    *layout_differs = true;
    std::string cons;
    if (aw > tw) {
      cons = S(al_, " accesses ", Bytes(aw / 8), " for ", fname, " (", ao / 8, "..", (ao + aw) / 8, "), ",
               tl_, "'s ", fname, " is ", Bytes(tw / 8), ": in ", tl_, ", ",
               RangeText(ao + tw, ao + aw, false), " hold ", DescribeRange(tr, ao + tw, ao + aw));
    } else {
      cons = S(al_, " accesses only ", aw / 8, " of the ", tw / 8, " bytes of ", fname);
      if (r.diff == TD::kWidth && !r.t.is_float && !r.a.is_float) {
        cons += S(": ", tl_, " values that need more than ", r.a.bits, " bits are read wrongly, and ", al_,
                  " writes leave ", Bytes((tw - aw) / 8), " unchanged");
      } else {
        cons += S(": the other ", Bytes((tw - aw) / 8), " are never read or written by ", al_);
      }
    }
    Emit(MismatchKind::kFieldWidth, af.name, S(Bytes(tw / 8), " (", ttype, ")"),
         S(Bytes(aw / 8), " (", atype, ")"), tf.loc, af.loc,
         S("storage size of ", where, ": ", tl_, " ", Bytes(tw / 8), ", ", al_, " ", Bytes(aw / 8)),
         std::move(cons));
  };

  switch (r.diff) {
    case TD::kSame:
      break;
    case TD::kWidth:
      width_finding();
      break;
    case TD::kArrayCount:
      if (tw != aw) {
        width_finding();
      } else {
        Emit(MismatchKind::kFieldType, af.name, ttype, atype, tf.loc, af.loc,
             S("type of ", where, ": ", tl_, " ", ttype, ", ", al_, " ", atype, " (", r.detail, ")"),
             S(al_, " indexes ", fname, " as ", atype, ", ", tl_, " as ", ttype));
      }
      break;
    case TD::kSignedness: {
      std::string cons;
      if (r.t.ok && r.a.ok) {
        cons = r.a.is_signed
                   ? S(al_, " reads ", fname, " as ", r.a.Name(), ", ", tl_, " stores ", r.t.Name(), ": ", tl_,
                       " values from ", HalfRange(r.t.bits), " up appear negative in ", al_)
                   : S(al_, " reads ", fname, " as ", r.a.Name(), ", ", tl_, " stores ", r.t.Name(),
                       ": negative ", tl_, " values appear in ", al_, " as values from ",
                       HalfRange(r.a.bits), " up");
      } else {
        cons = S(al_, " interprets ", fname, " as ", atype, ", ", tl_, " as ", ttype, " (", r.detail,
                 "): the same bits mean different numbers on each side");
      }
      Emit(MismatchKind::kFieldSignedness, af.name, ttype, atype, tf.loc, af.loc,
           S("signedness of ", where, ": ", tl_, " ", ttype, ", ", al_, " ", atype), std::move(cons));
      break;
    }
    case TD::kFnSig:
      Emit(MismatchKind::kFunctionPointerType, af.name, ttype, atype, tf.loc, af.loc,
           S("function-pointer type of ", where, " differs: ", r.detail),
           S(al_, " calls through ", fname, " as ", atype, "; the ", tl_, " function it points to has type ",
             ttype, " (", r.detail, "): arguments and return value are passed in ways the callee does not expect"));
      break;
    case TD::kUnknown:
      Emit(MismatchKind::kUnevaluated, af.name, ttype, atype, tf.loc, af.loc,
           S("type of ", where, " not compared: ", r.detail),
           S("the types of ", fname, " could not be compared; only its offset and size were checked"));
      if (tw != aw && tw && aw) width_finding();
      break;
    case TD::kRecordName:
      Emit(MismatchKind::kFieldType, af.name, ttype, atype, tf.loc, af.loc,
           S("type of ", where, ": ", tl_, " ", ttype, ", ", al_, " ", atype),
           S(al_, " treats the bytes of ", fname, " as ", atype, ", ", tl_, " stores a ", ttype,
             ": every access applies one record's layout to the other's bytes"));
      break;
    case TD::kPointee:
      Emit(MismatchKind::kFieldType, af.name, ttype, atype, tf.loc, af.loc,
           S("type of ", where, ": ", tl_, " ", ttype, ", ", al_, " ", atype),
           S(al_, " dereferences ", fname, " as ", atype, ", but ", tl_, " stores a ", ttype, " (", r.detail,
             "): the pointee is read with the wrong type"));
      break;
    case TD::kElement:
    case TD::kKind:
      Emit(MismatchKind::kFieldType, af.name, ttype, atype, tf.loc, af.loc,
           S("type of ", where, ": ", tl_, " ", ttype, ", ", al_, " ", atype),
           S(al_, " interprets ", RangeText(ao, ao + aw, false), " (", fname, ") as ", atype, "; ", tl_,
             " stores ", ttype, " there", tw != aw ? S(" (", Bytes(tw / 8), ")") : std::string()));
      break;
  }
  if (!width_done && tw != aw && (r.diff == TD::kSame || r.diff == TD::kSignedness)) width_finding();

  // A non-Option Rust fn pointer cannot hold the NULL a C pointer may hold.
  if (A_.side == Side::kRust && T_.side != Side::kRust) {
    const Type& at = ResolveTypedefs(A_, af.type);
    const Type& tt = ResolveTypedefs(T_, tf.type);
    if (at.kind == TypeKind::kPointer && !at.nullable && !at.inner.empty() &&
        ResolveTypedefs(A_, at.inner[0]).kind == TypeKind::kFunction && tt.kind == TypeKind::kPointer) {
      Emit(MismatchKind::kFunctionPointerNullability, af.name, "nullable function pointer",
           "non-nullable fn", tf.loc, af.loc,
           S(where, " is a non-Option fn pointer in ", al_),
           S("a ", tl_, " NULL in ", fname, " is an invalid value for ", al_,
             "'s non-nullable fn type: reading it is undefined behaviour"));
    }
  }
}

// --------------------------------------------------------------- enums --

const Enumerator* Differ::FindTruthEnumerator(const Enum& te, const std::string& name,
                                              const std::string& assumed_enum) const {
  for (const Enumerator& e : te.enumerators) {
    if (e.name == name) return &e;
  }
  for (const std::string& prefix : {assumed_enum, te.name, CanonicalName(te.name)}) {
    if (prefix.empty() || !StartsWith(name, prefix + "_")) continue;
    std::string stripped = name.substr(prefix.size() + 1);
    for (const Enumerator& e : te.enumerators) {
      if (e.name == stripped) return &e;
    }
  }
  return nullptr;
}

std::vector<std::string> Differ::FindTruthEnumsForAssumed(const Enum& ae, std::string* how) const {
  if (!ae.anonymous) {
    std::vector<std::string> cands = enum_idx_.Find(T_.enums, ae.name);
    if (!cands.empty()) return cands;
  }
  for (const Enumerator& en : ae.enumerators) {
    std::vector<std::string> names = {en.name};
    if (!ae.name.empty() && StartsWith(en.name, ae.name + "_")) {
      names.push_back(en.name.substr(ae.name.size() + 1));
    }
    for (const std::string& n : names) {
      auto it = truth_enumerators_.find(n);
      if (it == truth_enumerators_.end()) continue;
      *how = S("matched by its enumerator ", Q(en.name));
      return {it->second.front().enum_key};
    }
  }
  return {};
}

void Differ::CompareEnum(const Enum& te, const Enum& ae) {
  const std::string en = Q(ae.name);
  if (te.size_bytes && ae.size_bytes && te.size_bytes != ae.size_bytes) {
    std::string cons =
        ae.size_bytes < te.size_bytes
            ? S(al_, " stores ", en, " in ", Bytes(ae.size_bytes), ", ", tl_, " in ", te.size_bytes,
                ": a ", tl_, " value loses its upper ", Bytes(te.size_bytes - ae.size_bytes), " in ", al_,
                ", and a ", al_, "-written value leaves them unset for ", tl_)
            : S(al_, " stores ", en, " in ", Bytes(ae.size_bytes), ", ", tl_, " in ", te.size_bytes,
                ": ", al_, " reads ", Bytes(ae.size_bytes - te.size_bytes), " past each ", tl_,
                " value, and its writes clobber them");
    Emit(MismatchKind::kEnumSize, "", Bytes(te.size_bytes), Bytes(ae.size_bytes), te.loc, ae.loc,
         S("size of enum ", en, ": ", tl_, " ", te.size_bytes, ", ", al_, " ", ae.size_bytes), std::move(cons));
  }
  const Type& tu = ResolveTypedefs(T_, te.underlying);
  const Type& au = ResolveTypedefs(A_, ae.underlying);
  if (tu.kind == TypeKind::kInt && au.kind == TypeKind::kInt && tu.bits == au.bits &&
      tu.is_signed != au.is_signed) {
    Emit(MismatchKind::kEnumSignedness, "", tu.ToString(), au.ToString(), te.loc, ae.loc,
         S("underlying type of enum ", en, ": ", tl_, " ", tu.ToString(), ", ", al_, " ", au.ToString()),
         au.is_signed ? S(tl_, " values of ", en, " from ", HalfRange(tu.bits), " up appear negative in ", al_)
                      : S("negative ", tl_, " values of ", en, " appear in ", al_, " as values from ",
                          HalfRange(au.bits), " up"));
  }
  // Values are compared at the enum's width (bits of its storage).
  uint32_t width = te.size_bytes ? static_cast<uint32_t>(te.size_bytes * 8)
                                 : (tu.kind == TypeKind::kInt ? tu.bits : 64);
  auto name_of_value = [&](uint64_t bits) -> std::string {
    for (const Enumerator& e : te.enumerators) {
      if (e.value.Bits(width) == bits) return Q(e.name);
    }
    return "";
  };
  std::set<uint64_t> assumed_values;
  for (const Enumerator& ae_en : ae.enumerators) assumed_values.insert(ae_en.value.Bits(width));
  const bool rustified = ae.rust_style == "rustified";
  for (const Enumerator& a : ae.enumerators) {
    const Enumerator* t = FindTruthEnumerator(te, a.name, ae.name);
    size_t before = out_->size();
    if (!t) {
      Emit(MismatchKind::kEnumExtraValue, a.name, "<absent>", a.value.ToString(), te.loc, a.loc,
           S(al_, " enumerator ", Q(a.name), " = ", a.value.ToString(), " has no counterpart in ", tl_,
             "'s enum ", Q(te.name)),
           [&] {
             std::string other = name_of_value(a.value.Bits(width));
             return other.empty()
                        ? S(tl_, " does not define the value ", a.value.ToString(), " for ", Q(te.name),
                            ": passing it from ", al_, " gives ", tl_, " a value it does not expect")
                        : S("in ", tl_, ", the value ", a.value.ToString(), " means ", other);
           }());
    } else if (t->value.Bits(width) != a.value.Bits(width)) {
      std::string as_c = name_of_value(a.value.Bits(width));
      Emit(MismatchKind::kEnumValue, a.name, t->value.ToString(), a.value.ToString(), t->loc, a.loc,
           S("value of ", Q(ae.name + "::" + a.name), ": ", tl_, " ", t->value.ToString(), ", ", al_, " ",
             a.value.ToString()),
           S(al_, " sends ", a.value.ToString(), " for ", Q(a.name), ", which ", tl_,
             as_c.empty() ? S(" does not define for ", Q(te.name)) : S(" reads as ", as_c), "; ", tl_,
             "'s ", Q(t->name), " (", t->value.ToString(), ") reaches ", al_, " as ",
             [&] {
               for (const Enumerator& x : ae.enumerators) {
                 if (x.value.Bits(width) == t->value.Bits(width)) return Q(x.name);
               }
               return S("a value ", al_, " does not define");
             }()));
    }
    checked_enumerators_[a.name] = {ae.name, out_->size() != before};
    // bindgen's consts style also keeps each value as a constant `E_X`.
    if (ae.rust_style == "consts") {
      checked_enumerators_[S(ae.name, "_", a.name)] = {ae.name, out_->size() != before};
    }
  }
  if (rustified) {
    for (const Enumerator& t : te.enumerators) {
      if (assumed_values.count(t.value.Bits(width))) continue;
      Emit(MismatchKind::kEnumMissingValue, t.name, t.value.ToString(), "<no variant>", t.loc, ae.loc,
           S(tl_, " enumerator ", Q(t.name), " = ", t.value.ToString(), " has no variant in ", al_,
             "'s rustified enum ", en),
           S(tl_, " can produce ", Q(t.name), " (", t.value.ToString(), "), but ", al_, "'s ", en,
             " has no variant with that value: a ", t.value.ToString(), " from ", tl_, " in a ", al_, " ", en,
             " is undefined behaviour"));
    }
  }
}

// ----------------------------------------------------------- functions --

void Differ::CompareParam(const Function& tf, const Function& af, size_t i) {
  const contract::Param& tp = tf.params[i];
  const contract::Param& ap = af.params[i];
  const std::string pname = ParamName(tp, &ap, i);
  const std::string qn = Q(pname);
  const std::string fn = Q(af.name);
  TypeCmp r = Cmp(Decay(T_, tp.type), Decay(A_, ap.type), 0);
  const std::string tt = TypeStr(T_, tp.type), at = TypeStr(A_, ap.type);
  const std::string msg_head = S("parameter ", i + 1, " (", qn, ") of ", fn, ": ", tl_, " ", tt, ", ", al_, " ", at);
  switch (r.diff) {
    case TD::kSame:
      return;
    case TD::kWidth: {
      std::string cons;
      if (r.t.is_float || r.a.is_float) {
        cons = S(al_, " passes ", qn, " as ", r.a.Name(), "; ", tl_, " reads a ", r.t.Name(), ": the value is reinterpreted");
      } else if (r.a.bits < r.t.bits) {
        cons = S(al_, " passes ", qn, " as ", r.a.Name(), "; ", tl_, " reads ", r.t.bits, " bits: the upper ",
                 r.t.bits == 2 * r.a.bits ? std::string("half is") : S(r.t.bits - r.a.bits, " bits are"),
                 " garbage");
      } else {
        cons = S(al_, " passes ", qn, " as ", r.a.Name(), "; ", tl_, " reads only the low ", r.t.bits,
                 " bits: values that need more are truncated");
      }
      Emit(MismatchKind::kFunctionParamWidth, pname, tt, at, tf.loc, af.loc, msg_head, std::move(cons));
      return;
    }
    case TD::kSignedness:
      Emit(MismatchKind::kFunctionSignedness, pname, tt, at, tf.loc, af.loc, msg_head,
           r.t.ok && r.a.ok
               ? (r.a.is_signed
                      ? S(al_, " passes ", qn, " as ", r.a.Name(), ", ", tl_, " reads ", r.t.Name(), ": negative ",
                          al_, " values arrive as values from ", HalfRange(r.t.bits), " up")
                      : S(al_, " passes ", qn, " as ", r.a.Name(), ", ", tl_, " reads ", r.t.Name(), ": ", al_,
                          " values from ", HalfRange(r.a.bits), " up arrive negative"))
               : S("the same bits mean different numbers on each side (", r.detail, ")"));
      return;
    case TD::kFnSig:
      Emit(MismatchKind::kFunctionPointerType, pname, tt, at, tf.loc, af.loc, msg_head,
           S(al_, " passes a function of type ", at, " where ", tl_, " calls it as ", tt, " (", r.detail,
             "): the callee receives arguments it does not expect"));
      return;
    case TD::kUnknown:
      Emit(MismatchKind::kUnevaluated, pname, tt, at, tf.loc, af.loc, S(msg_head, ": not compared"),
           S("parameter ", qn, " could not be compared: ", r.detail));
      return;
    default:
      Emit(MismatchKind::kFunctionParamType, pname, tt, at, tf.loc, af.loc, msg_head,
           S(al_, " passes ", qn, " as ", at, ", ", tl_, " reads it as ", tt, " (", r.detail, ")"));
      return;
  }
}

void Differ::CompareReturn(const Function& tf, const Function& af) {
  TypeCmp r = Cmp(tf.return_type, af.return_type, 0);
  const std::string fn = Q(af.name);
  const std::string tt = TypeStr(T_, tf.return_type), at = TypeStr(A_, af.return_type);
  const std::string msg = S("return type of ", fn, ": ", tl_, " ", tt, ", ", al_, " ", at);
  switch (r.diff) {
    case TD::kSame:
      return;
    case TD::kWidth:
      if (r.t.is_float || r.a.is_float) {
        Emit(MismatchKind::kFunctionReturnType, "return", tt, at, tf.loc, af.loc, msg,
             S(tl_, " returns a ", r.t.Name(), ", ", al_, " reads a ", r.a.Name()));
      } else {
        Emit(MismatchKind::kFunctionReturnWidth, "return", tt, at, tf.loc, af.loc, msg,
             r.a.bits > r.t.bits
                 ? S(tl_, " returns ", r.t.bits, " bits (", r.t.Name(), "), ", al_, " reads ", r.a.Name(),
                     ": the upper ", r.a.bits - r.t.bits, " bits are garbage")
                 : S(tl_, " returns ", r.t.bits, " bits (", r.t.Name(), "), ", al_, " reads it as ",
                     r.a.Name(), ": the upper ", r.t.bits - r.a.bits, " bits are lost"));
      }
      return;
    case TD::kSignedness:
      Emit(MismatchKind::kFunctionSignedness, "return", tt, at, tf.loc, af.loc, msg,
           r.t.ok && r.a.ok
               ? (r.a.is_signed ? S(tl_, " returns ", r.t.Name(), ", ", al_, " reads it as ", r.a.Name(),
                                    ": values from ", HalfRange(r.t.bits), " up appear negative in ", al_)
                                : S(tl_, " returns ", r.t.Name(), ", ", al_, " reads it as ", r.a.Name(),
                                    ": negative results (e.g. -errno) appear as values from ",
                                    HalfRange(r.a.bits), " up"))
               : S("the same bits mean different numbers on each side (", r.detail, ")"));
      return;
    case TD::kFnSig:
      Emit(MismatchKind::kFunctionPointerType, "return", tt, at, tf.loc, af.loc, msg,
           S(al_, " calls the returned function as ", at, "; it has type ", tt, " (", r.detail, ")"));
      return;
    case TD::kUnknown:
      Emit(MismatchKind::kUnevaluated, "return", tt, at, tf.loc, af.loc, S(msg, ": not compared"),
           S("the return type could not be compared: ", r.detail));
      return;
    default: {
      const bool tvoid = IsVoidLike(ResolveTypedefs(T_, tf.return_type));
      const bool avoid = IsVoidLike(ResolveTypedefs(A_, af.return_type));
      std::string cons =
          tvoid ? S(tl_, " returns nothing; ", al_, " reads a ", at, " that is whatever the return register holds")
          : avoid ? S(tl_, " returns ", tt, "; ", al_, " ignores it")
                  : S(tl_, " returns ", tt, ", ", al_, " reads it as ", at, " (", r.detail, ")");
      Emit(MismatchKind::kFunctionReturnType, "return", tt, at, tf.loc, af.loc, msg, std::move(cons));
      return;
    }
  }
}

void Differ::CompareFunction(const Function& tf, const Function& af) {
  const std::string fn = Q(af.name);
  if (!tf.has_symbol) {
    Emit(MismatchKind::kFunctionNoSymbol, "", "static inline (no symbol)", "extern", tf.loc, af.loc,
         S(tl_, " defines ", fn, " without external linkage (static inline)"),
         S("there is no ", fn, " symbol to link against: ", al_,
           "'s extern declaration fails to link or binds an unrelated symbol; call it through an exported C wrapper"));
  }
  if (tf.params.size() != af.params.size()) {
    std::string cons;
    if (af.params.size() < tf.params.size()) {
      const size_t k = af.params.size();
      cons = S(al_, " passes ", af.params.size(), " argument", af.params.size() == 1 ? "" : "s", " to ", fn,
               ", ", tl_, " takes ", tf.params.size(), ": ", tl_, " reads parameter ", k + 1, " (",
               Q(ParamName(tf.params[k], nullptr, k)), ") from a register or stack slot ", al_, " never set");
    } else {
      cons = S(al_, " passes ", af.params.size(), " arguments to ", fn, ", ", tl_, " takes ", tf.params.size(),
               ": ", tl_, " never reads the extra ", af.params.size() - tf.params.size(),
               ", so whatever ", al_, " means by them has no effect");
    }
    Emit(MismatchKind::kFunctionParamCount, "", S(tf.params.size()), S(af.params.size()), tf.loc, af.loc,
         S("parameter count of ", fn, ": ", tl_, " ", tf.params.size(), ", ", al_, " ", af.params.size()),
         std::move(cons));
  }
  const size_t common = std::min(tf.params.size(), af.params.size());
  for (size_t i = 0; i < common; ++i) CompareParam(tf, af, i);
  if (!(af.no_return && IsVoidLike(ResolveTypedefs(A_, af.return_type)) &&
        IsVoidLike(ResolveTypedefs(T_, tf.return_type)))) {
    CompareReturn(tf, af);
  }
  if (tf.variadic != af.variadic) {
    Emit(MismatchKind::kFunctionVariadic, "", tf.variadic ? "variadic" : "fixed",
         af.variadic ? "variadic" : "fixed", tf.loc, af.loc,
         S(fn, " is ", tf.variadic ? "variadic" : "not variadic", " in ", tl_, ", ",
           af.variadic ? "variadic" : "not variadic", " in ", al_),
         tf.variadic ? S(al_, " calls the variadic ", fn, " through a fixed prototype: undefined behaviour "
                                "(variadic calls may pass arguments differently)")
                     : S(al_, " calls ", fn, " as variadic; ", tl_, " defines a fixed prototype: undefined "
                                "behaviour (variadic calls may pass arguments differently)"));
  }
  if (tf.calling_conv != af.calling_conv) {
    auto cc = [](const std::string& c) { return c.empty() ? std::string("C") : c; };
    Emit(MismatchKind::kFunctionCallingConvention, "", cc(tf.calling_conv), cc(af.calling_conv), tf.loc, af.loc,
         S("calling convention of ", fn, ": ", tl_, " ", cc(tf.calling_conv), ", ", al_, " ", cc(af.calling_conv)),
         S("arguments and return value of ", fn, " travel in different registers or stack slots on each side"));
  }
  if (af.no_return && !tf.no_return) {
    Emit(MismatchKind::kFunctionNoReturn, "", "may return", "never returns (-> !)", tf.loc, af.loc,
         S(al_, " declares ", fn, " never returns; ", tl_, " does not"),
         S("when ", tl_, "'s ", fn, " returns, ", al_, " continues into code it assumed unreachable: undefined behaviour"));
  }
}

// ----------------------------------------------------------- constants --

bool Differ::OpaqueOrMissingParent(const std::string& parent) const {
  auto it = A_.records.find(parent);
  if (it == A_.records.end()) return false;
  const Record& r = it->second;
  if (r.opaque || !r.complete) return true;
  // bindgen's opaque blob: only artificial fields (`_bindgen_opaque_blob`).
  for (const contract::Field& f : r.fields) {
    if (!f.artificial) return false;
  }
  return true;
}

void Differ::CompareIntConstant(const std::string& name, const IntValue& tv, const Type& ttype,
                                const SourceLoc& tloc, const contract::Constant& ac) {
  const IntValue& av = ac.int_value;
  if (tv == av) return;
  const Type& at = ResolveTypedefs(A_, ac.type);
  Scalar as = AsScalar(A_, at, false);
  if (as.ok && !as.is_bool && !as.is_float && FitsInBits(tv, as.bits) && tv.Bits(as.bits) == av.Bits(as.bits)) {
    return;  // same bits at the Rust type's width (e.g. -1 as u32 = 4294967295)
  }
  if (tv.Bits(64) == av.Bits(64) && !(as.ok && as.bits > 64)) {
    // bindgen's `~0UL` -> `i32 = -1`: every cast Rust code can apply
    // (`as u64`, `as c_ulong`, `as u32`) sign-extends or truncates to C's
    // value, so this is a type-choice quirk, not a value mismatch.
    return;
  }
  Emit(MismatchKind::kConstantValue, "", tv.ToString(), av.ToString(), tloc, ac.loc,
       S("value of ", Q(name), ": ", tl_, " ", tv.ToString(), ", ", al_, " ", av.ToString()),
       S(al_, " code that passes or compares ", Q(name), " uses ", av.ToString(), " where ", tl_, " means ",
         tv.ToString(),
         as.ok && !FitsInBits(tv, as.bits) ? S(" (", tv.ToString(), " does not fit ", al_, "'s ", as.Name(), ")")
                                           : std::string(),
         av.negative && !tv.negative && tv.Bits(64) == av.Bits(64)
             ? S("; only sign-extending ", av.ToString(), " to 64 bits gives ", tl_, "'s bit pattern")
             : std::string()));
}

std::string ConstText(const contract::Constant& c) {
  switch (c.kind) {
    case contract::ConstantKind::kInt: return c.int_value.ToString();
    case contract::ConstantKind::kFloat: {
      std::ostringstream os;
      os.precision(17);
      os << c.float_value;
      return os.str();
    }
    case contract::ConstantKind::kString: {
      std::string out = "\"";
      for (unsigned char ch : c.string_value) {
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
  }
  return "?";
}

void Differ::CompareConstant(const contract::Constant& tc, const contract::Constant& ac) {
  using contract::ConstantKind;
  if (tc.kind == ConstantKind::kInt && ac.kind == ConstantKind::kInt) {
    CompareIntConstant(ac.name, tc.int_value, tc.type, tc.loc, ac);
    return;
  }
  bool same = false;
  if (tc.kind == ac.kind) {
    if (tc.kind == ConstantKind::kFloat) {
      same = tc.float_value == ac.float_value ||
             (std::isnan(tc.float_value) && std::isnan(ac.float_value));
    } else {
      auto strip = [](std::string s) {
        if (!s.empty() && s.back() == '\0') s.pop_back();
        return s;
      };
      same = strip(tc.string_value) == strip(ac.string_value);
    }
  }
  if (same) return;
  Emit(MismatchKind::kConstantValue, "", ConstText(tc), ConstText(ac), tc.loc, ac.loc,
       S("value of ", Q(ac.name), ": ", tl_, " ", ConstText(tc), ", ", al_, " ", ConstText(ac)),
       S(al_, " code that uses ", Q(ac.name), " gets ", ConstText(ac), " where ", tl_, " means ", ConstText(tc)));
}

bool Differ::FindEnumeratorConstant(const contract::Constant& ac, const Enum** te,
                                    const Enumerator** en) const {
  auto lookup = [&](const std::string& name, const std::string& enum_hint) -> bool {
    auto it = truth_enumerators_.find(name);
    if (it == truth_enumerators_.end()) return false;
    const EnumeratorRef* pick = &it->second.front();
    for (const EnumeratorRef& r : it->second) {
      if (!enum_hint.empty() && CanonicalName(r.enum_key) == enum_hint) {
        pick = &r;
        break;
      }
    }
    *te = &T_.enums.at(pick->enum_key);
    *en = &(*te)->enumerators[pick->index];
    return true;
  };
  if (lookup(ac.name, "")) return true;
  // bindgen prefixes enumerators with the enum's name (`<enum>_<enumerator>`)
  // and those of an anonymous enum inside a record with the record's name.
  for (size_t p = ac.name.find('_'); p != std::string::npos && p + 1 < ac.name.size();
       p = ac.name.find('_', p + 1)) {
    std::string prefix = ac.name.substr(0, p);
    if (!enum_idx_.Find(T_.enums, prefix).empty() && lookup(ac.name.substr(p + 1), prefix)) return true;
    if (!rec_idx_.Find(T_.records, prefix).empty() && lookup(ac.name.substr(p + 1), "")) return true;
  }
  // bindgen appends `_` to names that are Rust keywords (`false` -> `false_`).
  if (ac.name.size() > 1 && ac.name.back() == '_' && lookup(ac.name.substr(0, ac.name.size() - 1), "")) {
    return true;
  }
  return false;
}

// --------------------------------------------------------------- items --

void Differ::Finish(const Item& item, std::vector<Finding> findings, const Record* truth_rec,
                    const Record* assumed_rec) {
  size_t kept = 0;
  bool layout = false;
  for (Finding& f : findings) {
    if (!opt_.kinds.test(static_cast<size_t>(f.kind)) || f.severity < opt_.min_severity) {
      ++report_.suppressed;
      continue;
    }
    ++kept;
    ++report_.counts[static_cast<size_t>(f.kind)];
    if (IsLayoutFinding(f.kind)) layout = true;
    report_.findings.push_back(std::move(f));
  }
  CoverageEntry e;
  e.item_kind = item.kind;
  e.item = item.key;
  e.matched = item.matched;
  e.reason = item.reason;
  e.findings = kept;
  e.assumed_loc = item.loc;
  e.outcome = item.unmatched                       ? Outcome::kUnmatched
              : kept || item.findings_elsewhere ? Outcome::kFindings
                                                : Outcome::kClean;
  report_.coverage.push_back(std::move(e));
  if (layout && truth_rec && assumed_rec && truth_rec->align_bytes && assumed_rec->align_bytes) {
    report_.layouts[item.key] = LayoutPair{*truth_rec, *assumed_rec};
  }
}

void Differ::DoRecords() {
  cur_kind_ = ItemKind::kRecord;
  for (const auto& [key, ar] : A_.records) {
    Item item{ItemKind::kRecord, key, "", "", false, ar.loc};
    cur_item_ = key;
    cur_matched_.clear();
    std::vector<std::string> cands = rec_idx_.Find(T_.records, key);
    std::string nested_reason;
    if (cands.empty()) {
      std::string child = NestedNameOf(key);
      if (!child.empty()) {
        cands = rec_idx_.Find(T_.records, child);
        nested_reason = S("bindgen's name for ", tl_, "'s ", Q(child), ", declared inside another record");
      }
    }
    std::vector<Finding> best;
    const Record* best_rec = nullptr;
    if (cands.empty()) {
      out_ = &best;
      std::string note = NoteFor(key);
      item.unmatched = true;
      if (IsBindgenHelper(key)) {
        item.reason = "bindgen helper type, not part of the C interface";
      } else if (TruthIsPartial()) {
        item.reason = PartialTruthReason();
      } else if (!note.empty()) {
        item.reason = S(tl_, " did not model it: ", note);
        Emit(MismatchKind::kUnevaluated, "", "<not modelled>", S(Bytes(ar.size_bytes)), {}, ar.loc,
             S(tl_, " did not model ", Q(key), ": ", note),
             S("the layout of ", Q(key), " could not be checked"));
      } else if (size_t at = key.find("__bindgen_ty_"); at != std::string::npos && at > 0 &&
                 OpaqueOrMissingParent(key.substr(0, at))) {
        // bindgen emits the anonymous member types of an --opaque-type record
        // (alt_instr, spinlock) although nothing references them: no Rust
        // code reaches their layout through the bindings.
        item.reason = S("bindgen's unreferenced anonymous member type of opaque ",
                        Q(key.substr(0, at)), "; not reachable from the bindings");
      } else {
        item.reason = S("no ", tl_, " definition found");
        Emit(MismatchKind::kRecordMissing, "", "<absent>",
             ar.complete ? S(RecordKindWord(ar.kind), ", ", Bytes(ar.size_bytes)) : "incomplete", {}, ar.loc,
             S(al_, " binds ", RecordKindWord(ar.kind), " ", Q(key), "; ", tl_, " has no such record"),
             S(al_, "'s ", ar.complete ? S(ar.size_bytes, "-byte layout") : std::string("declaration"), " of ",
               Q(key), " cannot be checked against ", tl_));
      }
      Finish(item, std::move(best));
      continue;
    }
    bool first = true;
    for (const std::string& ck : cands) {
      std::vector<Finding> cur;
      out_ = &cur;
      cur_matched_ = ck == key ? "" : ck;
      CompareRecord(T_.records.at(ck), ar);
      if (first || cur.size() < best.size()) {
        best = std::move(cur);
        best_rec = &T_.records.at(ck);
        item.matched = cur_matched_;
        first = false;
      }
    }
    if (!best_rec->complete && IsPlaceholder(ar)) {
      item.reason = S("opaque on both sides (", tl_, " incomplete, ", al_, " a placeholder)");
    } else if (!best_rec->complete && ar.complete) {
      item.unmatched = true;
      item.reason = S(tl_, " declares it only as incomplete");
    } else if (best_rec->complete && !ar.complete) {
      item.reason = S(al_, " declares it only as incomplete");
    } else if (!best_rec->complete) {
      item.reason = "incomplete on both sides";
    } else if (ar.opaque || best_rec->opaque) {
      item.reason = S(ar.opaque ? al_ : tl_, " binds it as an opaque blob: only size and alignment compared");
    }
    for (const std::string& extra : {cands.size() > 1 ? S(cands.size(), " ", tl_, " definitions; closest used")
                                                      : std::string(),
                                     nested_reason}) {
      if (!extra.empty()) item.reason = item.reason.empty() ? extra : S(item.reason, "; ", extra);
    }
    Finish(item, std::move(best), best_rec, &ar);
  }
}

void Differ::DoEnums() {
  ForEachAssumed(ItemKind::kEnum, A_.enums,
                 [&](const std::string& key, const auto& ae, Item& item,
                     std::vector<Finding>& found) {
    std::string how;
    std::vector<std::string> cands = FindTruthEnumsForAssumed(ae, &how);
    if (cands.empty()) {
      item.unmatched = true;
      std::string note = NoteFor(key);
      if (TruthIsPartial()) {
        item.reason = PartialTruthReason();
      } else if (!note.empty()) {
        item.reason = S(tl_, " did not model it: ", note);
        Emit(MismatchKind::kUnevaluated, "", "<not modelled>", "", {}, ae.loc,
             S(tl_, " did not model enum ", Q(key), ": ", note), S("enum ", Q(key), " could not be checked"));
      } else {
        item.reason = S("no ", tl_, " enum found");
        Emit(MismatchKind::kEnumMissing, "", "<absent>", S(ae.enumerators.size(), " enumerators"), {}, ae.loc,
             S(al_, " binds enum ", Q(key), "; ", tl_, " has no such enum"),
             S("the values ", al_, " uses for ", Q(key), " cannot be checked against ", tl_));
      }
      return;
    }
    // Several (BTF) definitions: the one with the fewest findings is used.
    std::string best = cands.front();
    if (cands.size() > 1) {
      size_t fewest = SIZE_MAX;
      for (const std::string& ck : cands) {
        std::vector<Finding> trial;
        out_ = &trial;
        CompareEnum(T_.enums.at(ck), ae);
        if (trial.size() < fewest) {
          fewest = trial.size();
          best = ck;
        }
      }
      how = S(cands.size(), " ", tl_, " definitions; closest used");
      out_ = &found;
    }
    if (best != key) item.matched = best;
    cur_matched_ = item.matched;
    item.reason = how;
    CompareEnum(T_.enums.at(best), ae);
  });
}

void Differ::DoTypedefs() {
  ForEachAssumed(ItemKind::kTypedef, A_.typedefs,
                 [&](const std::string& key, const auto& at, Item& item,
                     std::vector<Finding>& found) {
    auto it = T_.typedefs.find(key);
    if (it == T_.typedefs.end()) {
      if (!enum_idx_.Find(T_.enums, key).empty()) {
        item.reason = S("checked as ", tl_, " enum ", Q(key));
      } else if (!rec_idx_.Find(T_.records, key).empty()) {
        item.reason = S("checked as ", tl_, " record ", Q(key));
      } else {
        item.unmatched = true;
        item.reason = S("no ", tl_, " typedef of that name; its uses are compared structurally");
      }
      return;
    }
    const contract::Typedef& tt = it->second;
    TypeCmp r = Cmp(tt.target, at.target, 0);
    const std::string ts = TypeStr(T_, tt.target), as = TypeStr(A_, at.target);
    if (r.diff == TD::kUnknown) {
      Emit(MismatchKind::kUnevaluated, "", ts, as, tt.loc, at.loc,
           S("typedef ", Q(key), " not compared: ", r.detail), S("uses of ", Q(key), " were not checked through it"));
    } else if (!r.same()) {
      Emit(MismatchKind::kTypedefMismatch, "", ts, as, tt.loc, at.loc,
           S("typedef ", Q(key), ": ", tl_, " ", ts, ", ", al_, " ", as),
           S("every ", al_, " use of ", Q(key), " means ", as, " where ", tl_, " means ", ts, " (", r.detail, ")"));
    }
  });
}

void Differ::DoFunctions() {
  ForEachAssumed(ItemKind::kFunction, A_.functions,
                 [&](const std::string& key, const auto& af, Item& item,
                     std::vector<Finding>& found) {
    auto it = T_.functions.find(key);
    if (it == T_.functions.end()) {
      item.unmatched = true;
      std::string note = NoteFor(key);
      if (TruthIsPartial()) {
        item.reason = PartialTruthReason();
      } else if (!note.empty()) {
        item.reason = S(tl_, " did not model it: ", note);
        Emit(MismatchKind::kUnevaluated, "", "<not modelled>", "", {}, af.loc,
             S(tl_, " did not model ", Q(key), ": ", note), S("calls to ", Q(key), " could not be checked"));
      } else {
        item.reason = S("no ", tl_, " declaration found");
        Emit(MismatchKind::kFunctionMissing, "", "<absent>", "extern", {}, af.loc,
             S(al_, " declares ", Q(key), "; ", tl_, " declares no such function"),
             S("calls to ", Q(key), " cannot be checked, and the symbol ", al_,
               " links against is not declared by ", tl_, " (a macro, a renamed function, or gone)"));
      }
      return;
    }
    if (!it->second.has_symbol) {
      item.unmatched = true;
      item.reason = S(tl_, " has it as static inline");
    }
    CompareFunction(it->second, af);
  });
}

void Differ::DoVariables() {
  ForEachAssumed(ItemKind::kVariable, A_.variables,
                 [&](const std::string& key, const auto& av, Item& item,
                     std::vector<Finding>& found) {
    auto it = T_.variables.find(key);
    if (it == T_.variables.end()) {
      item.unmatched = true;
      if (TruthIsPartial()) {
        item.reason = PartialTruthReason();
        return;
      }
      item.reason = S("no ", tl_, " declaration found");
      Emit(MismatchKind::kVariableMissing, "", "<absent>", TypeStr(A_, av.type), {}, av.loc,
           S(al_, " declares global ", Q(key), "; ", tl_, " declares no such variable"),
           S("accesses to ", Q(key), " cannot be checked, and the symbol may not exist"));
      return;
    }
    const contract::Variable& tv = it->second;
    TypeCmp r = Cmp(tv.type, av.type, 0);
    const std::string ts = TypeStr(T_, tv.type), as = TypeStr(A_, av.type);
    if (r.diff == TD::kUnknown) {
      Emit(MismatchKind::kUnevaluated, "", ts, as, tv.loc, av.loc, S("type of ", Q(key), " not compared: ", r.detail),
           S("accesses to ", Q(key), " were not checked"));
    } else if (!r.same()) {
      Emit(MismatchKind::kVariableType, "", ts, as, tv.loc, av.loc,
           S("type of global ", Q(key), ": ", tl_, " ", ts, ", ", al_, " ", as),
           S(al_, " accesses ", Q(key), " as ", as, ", ", tl_, " defines it as ", ts, " (", r.detail, ")"));
    }
  });
}

void Differ::DoConstants() {
  ForEachAssumed(ItemKind::kConstant, A_.constants,
                 [&](const std::string& key, const auto& ac, Item& item,
                     std::vector<Finding>& found) {
    auto ce = checked_enumerators_.find(key);
    if (ce != checked_enumerators_.end()) {
      item.reason = S("checked as an enumerator of enum ", Q(ce->second.first));
      item.findings_elsewhere = ce->second.second;
      return;
    }
    auto it = T_.constants.find(key);
    if (it != T_.constants.end()) {
      CompareConstant(it->second, ac);
      return;
    }
    const Enum* te = nullptr;
    const Enumerator* en = nullptr;
    if (FindEnumeratorConstant(ac, &te, &en)) {
      item.matched = S(te->name, "::", en->name);
      cur_matched_ = item.matched;
      if (ac.kind == contract::ConstantKind::kInt) {
        CompareIntConstant(key, en->value, te->underlying, en->loc, ac);
      } else {
        Emit(MismatchKind::kConstantValue, "", en->value.ToString(), ConstText(ac), en->loc, ac.loc,
             S(Q(key), " is a ", tl_, " enumerator (", en->value.ToString(), "), ", al_, " defines ", ConstText(ac)),
             S(al_, " code that uses ", Q(key), " gets ", ConstText(ac), " where ", tl_, " means ",
               en->value.ToString()));
      }
      return;
    }
    item.unmatched = true;
    std::string note = NoteFor(key);
    if (TruthIsPartial()) {
      item.reason = S(tl_, " carries no macro constants");  // not a mismatch
    } else if (!note.empty()) {
      item.reason = S(tl_, " could not evaluate it: ", note);
      Emit(MismatchKind::kUnevaluated, "", "<not evaluated>", ConstText(ac), {}, ac.loc,
           S(tl_, " could not evaluate ", Q(key), ": ", note),
           S(al_, "'s value ", ConstText(ac), " for ", Q(key), " could not be checked"));
    } else {
      item.reason = S("no ", tl_, " constant or enumerator found");
      Emit(MismatchKind::kConstantMissing, "", "<absent>", ConstText(ac), {}, ac.loc,
           S(al_, " defines ", Q(key), " = ", ConstText(ac), "; ", tl_, " has no such constant or enumerator"),
           S(al_, "'s value ", ConstText(ac), " for ", Q(key), " cannot be checked against ", tl_));
    }
  });
}

DiffReport Differ::Run() {
  report_.truth_label = tl_;
  report_.assumed_label = al_;
  report_.truth_side = T_.side;
  report_.assumed_side = A_.side;
  report_.truth_provenance = T_.provenance;
  report_.assumed_provenance = A_.provenance;
  report_.options = opt_;
  report_.options.truth_label = tl_;
  report_.options.assumed_label = al_;
  report_.truth_notes = T_.notes.size();
  report_.assumed_notes = A_.notes.size();
  DoRecords();
  DoEnums();
  DoTypedefs();
  DoFunctions();
  DoVariables();
  DoConstants();
  return std::move(report_);
}

}  // namespace

const char* ItemKindName(ItemKind kind) {
  switch (kind) {
    case ItemKind::kRecord: return "record";
    case ItemKind::kEnum: return "enum";
    case ItemKind::kTypedef: return "typedef";
    case ItemKind::kFunction: return "function";
    case ItemKind::kVariable: return "variable";
    case ItemKind::kConstant: return "constant";
  }
  return "?";
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kClean: return "matched-clean";
    case Outcome::kFindings: return "matched-with-findings";
    case Outcome::kUnmatched: return "unmatched";
  }
  return "?";
}

std::string Finding::Subject() const {
  if (member.empty()) return item;
  switch (item_kind) {
    case ItemKind::kRecord: return item + "." + member;
    case ItemKind::kEnum: return item + "::" + member;
    case ItemKind::kFunction: return member == "return" ? item + "() return" : item + "(" + member + ")";
    default: return item + "." + member;
  }
}

size_t DiffReport::CountSeverity(Severity severity) const {
  size_t n = 0;
  for (const Finding& f : findings) n += f.severity == severity;
  return n;
}

size_t DiffReport::CountOutcome(Outcome outcome) const {
  size_t n = 0;
  for (const CoverageEntry& e : coverage) n += e.outcome == outcome;
  return n;
}

DiffReport Compare(const contract::Contract& truth, const contract::Contract& assumed,
                   const DiffOptions& options) {
  return Differ(truth, assumed, options).Run();
}

int ExitCode(const DiffReport& report, Severity fail_at) {
  for (const Finding& f : report.findings) {
    if (f.severity >= fail_at) return 1;
  }
  return 0;
}

}  // namespace bindfuzz::diff
