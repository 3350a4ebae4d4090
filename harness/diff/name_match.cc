#include "harness/diff/name_match.h"

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "harness/diff/sentence.h"
#include "harness/diff/type_compare.h"

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Enum;
using contract::Enumerator;
using contract::Field;
using contract::Record;
using contract::ResolveTypedefs;
using contract::Side;
using contract::Type;
using contract::TypeKind;

// The element type of `t` through any arrays and pointers (typedefs
// resolved): bindgen names a struct declared inside P after P whether P
// holds it by value or through a pointer (`sqlite3_file_sqlite3_io_methods`
// for `const struct sqlite3_io_methods { ... } *pMethods`).
const Type& InnermostElement(const Contract& c, const Type& t) {
  const Type* cur = &ResolveTypedefs(c, t);
  for (int i = 0; i < kMaxTypeDepth && (cur->kind == TypeKind::kArray || cur->kind == TypeKind::kPointer) &&
                  !cur->inner.empty();
       ++i) {
    cur = &ResolveTypedefs(c, cur->inner[0]);
  }
  return *cur;
}

// Does `r` have a field whose type (through arrays) is the record `name`?
bool HasFieldOfRecord(const Contract& c, const Record& r, const std::string& name) {
  for (const Field& f : r.fields) {
    const Type& t = InnermostElement(c, f.type);
    if (t.kind == TypeKind::kRecord && CanonicalName(t.name) == name) return true;
  }
  return false;
}

template <typename Map>
const typename Map::mapped_type* FindIn(const Map& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

}  // namespace

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

bool IsOpaqueStandIn(const Record& r) {
  if (!r.complete || r.opaque || r.fields.empty() || r.size_bytes != 0 || r.align_bytes == 0) return false;
  for (const Field& f : r.fields) {
    const bool private_name = f.name.empty() || f.name[0] == '_' || (f.name[0] >= '0' && f.name[0] <= '9');
    if (f.is_bitfield || f.size_bits != 0 || !private_name) return false;
  }
  return true;
}

bool IsBindgenHelper(std::string_view name) {
  return name.starts_with("__Bindgen") || name == "__IncompleteArrayField";
}

std::vector<std::pair<const Field*, size_t>> UnnamedByOrder(const FieldPairing& fp) {
  std::vector<const Field*> unnamed;
  for (const Field* f : fp.truth_only) {
    if (f->name.starts_with("(anon#")) unnamed.push_back(f);
  }
  std::vector<size_t> unpaired;
  for (size_t i = 0; i < fp.assumed_order.size(); ++i) {
    if (!fp.assumed_order[i].truth) unpaired.push_back(i);
  }
  std::vector<std::pair<const Field*, size_t>> out;
  if (unnamed.empty() || unnamed.size() != unpaired.size()) return out;
  for (size_t i = 0; i < unnamed.size(); ++i) out.push_back({unnamed[i], unpaired[i]});
  return out;
}

FieldPairing NameMatcher::MatchFields(const Record& truth, const Record& assumed) const {
  FieldPairing out;
  std::map<std::string, const Field*> tmap, amap;
  for (const Field& f : truth.fields) {
    if (!f.artificial) tmap.emplace(f.name, &f);
  }
  for (const Field& f : assumed.fields) {
    if (!f.artificial) amap.emplace(f.name, &f);
  }
  std::set<std::string> seen;
  for (const Field& af : assumed.fields) {
    if (af.artificial || !seen.insert(af.name).second) continue;
    auto it = tmap.find(af.name);
    out.assumed_order.push_back({it == tmap.end() ? nullptr : it->second, &af});
  }
  seen.clear();
  for (const Field& tf : truth.fields) {
    if (tf.artificial || amap.count(tf.name) || !seen.insert(tf.name).second) continue;
    out.truth_only.push_back(&tf);
  }
  return out;
}

NameMatcher::NameMatcher(const Contract& truth, const Contract& assumed)
    : truth_(truth), assumed_(assumed), rec_idx_(truth.records), enum_idx_(truth.enums) {
  for (const auto& [key, e] : truth_.enums) {
    for (size_t i = 0; i < e.enumerators.size(); ++i) {
      truth_enumerators_[e.enumerators[i].name].push_back({key, i});
    }
  }
  for (const auto& [key, td] : truth_.typedefs) {
    const Type& t = ResolveTypedefs(truth_, td.target);
    if (t.kind == TypeKind::kRecord && CanonicalName(t.name) != key) typedef_records_[key] = t.name;
  }
  for (const auto& [key, r] : assumed_.records) {
    for (const Field& f : r.fields) {
      const Type& t = InnermostElement(assumed_, f.type);
      if (t.kind != TypeKind::kRecord) continue;
      std::vector<std::string>& users = assumed_users_[t.name];
      if (users.empty() || users.back() != key) users.push_back(key);
    }
  }
}

// ------------------------------------------------------------- records --

std::vector<std::string> NameMatcher::TruthRecords(const std::string& key) const {
  std::vector<std::string> out = rec_idx_.Find(truth_.records, key);
  if (out.empty()) {
    std::string via = TypedefRecordOf(CanonicalName(key));
    if (!via.empty()) out = rec_idx_.Find(truth_.records, via);
  }
  if (out.empty()) {
    // libc's `__c_anonymous_<member>`: the unnamed type of the one C member
    // of that name (`ifreq::ifr_ifru`); none when several records have one.
    const std::string k = CanonicalName(key);
    constexpr std::string_view kLibcAnon = "__c_anonymous_";
    if (k.starts_with(kLibcAnon) && k.size() > kLibcAnon.size()) {
      const std::string tail = "::" + k.substr(kLibcAnon.size());
      std::vector<std::string> hits;
      for (const auto& [name, r] : truth_.records) {
        if (name.ends_with(tail)) hits.push_back(name);
      }
      if (hits.size() == 1) out = hits;
    }
  }
  return out;
}

std::string NameMatcher::TypedefRecordOf(const std::string& name) const {
  auto it = typedef_records_.find(name);
  return it == typedef_records_.end() ? "" : it->second;
}

bool NameMatcher::TruthOpaque(const std::string& name) const {
  const Record* r = TruthRecord(name);
  return r && !r->complete;
}

bool NameMatcher::AssumedOpaque(const std::string& name) const {
  const Record* r = AssumedRecord(name);
  return r ? !r->complete || IsOpaqueStandIn(*r) : IsAssumedOpaqueEnum(name) && AssumedEnum(name);
}

bool NameMatcher::IsAssumedOpaqueEnum(const std::string& name) const {
  const Enum* e = AssumedEnum(name);
  return !e || e->enumerators.empty();
}

const Record* NameMatcher::TruthRecord(const std::string& name) const {
  std::vector<std::string> k = TruthRecords(name);
  return k.empty() ? nullptr : &truth_.records.at(k.front());
}

const Record* NameMatcher::AssumedRecord(const std::string& name) const {
  return FindIn(assumed_.records, name);
}

std::string NameMatcher::NestedNameOf(const std::string& name) const {
  if (assumed_.side != Side::kRust || truth_.records.count(name)) return "";
  auto users = assumed_users_.find(name);
  if (users == assumed_users_.end()) return "";
  for (size_t p = name.find('_', 1); p != std::string::npos && p + 1 < name.size(); p = name.find('_', p + 1)) {
    std::string child = name.substr(p + 1);
    if (child.empty() || child.front() == '_' || TruthRecords(child).empty()) continue;
    // The record that uses `name` as a field type uses `child` in C.
    for (const std::string& user : users->second) {
      for (const std::string& k : TruthRecords(user)) {
        if (HasFieldOfRecord(truth_, truth_.records.at(k), child)) return child;
      }
    }
  }
  return "";
}

bool NameMatcher::SameRecord(const std::string& truth_name, const std::string& assumed_name) const {
  const std::string t = CanonicalName(truth_name), a = CanonicalName(assumed_name);
  if (t == a) return true;
  // A Rust record named after the C typedef of the record (`s_t` for
  // `typedef struct s_tag {...} s_t`).
  const std::string via = TypedefRecordOf(a);
  if (!via.empty() && CanonicalName(via) == t) return true;
  // libc's name for the unnamed type of a named C member:
  // `__c_anonymous_ifr_ifru` for `union { ... } ifr_ifru;` in `struct
  // ifreq` (the C front end's `ifreq::ifr_ifru`).
  constexpr std::string_view kLibcAnon = "__c_anonymous_";
  if (a.starts_with(kLibcAnon) && a.size() > kLibcAnon.size() &&
      t.ends_with("::" + a.substr(kLibcAnon.size()))) {
    return true;
  }
  if (auto it = pairs_.paired.find(a); it != pairs_.paired.end() && CanonicalName(it->second.truth) == t) return true;
  return NestedNameOf(assumed_name) == t;
}

std::string NameMatcher::OpaqueParentOfAnonMember(const std::string& key) const {
  size_t at = key.find("__bindgen_ty_");
  if (at == std::string::npos || at == 0) return "";
  std::string parent = key.substr(0, at);
  const Record* r = AssumedRecord(parent);
  if (!r) return "";
  if (r->opaque || !r->complete) return parent;
  // bindgen's opaque blob: only artificial fields (`_bindgen_opaque_blob`);
  // a record without fields is not one.
  if (r->fields.empty()) return "";
  for (const Field& f : r->fields) {
    if (!f.artificial) return "";
  }
  return parent;
}

// --------------------------------------------------------------- enums --

std::vector<std::string> NameMatcher::TruthEnums(const std::string& key) const {
  return enum_idx_.Find(truth_.enums, key);
}

const Enum* NameMatcher::TruthEnum(const std::string& name) const {
  std::vector<std::string> k = TruthEnums(name);
  return k.empty() ? nullptr : &truth_.enums.at(k.front());
}

const Enum* NameMatcher::AssumedEnum(const std::string& name) const { return FindIn(assumed_.enums, name); }

bool NameMatcher::SameEnum(const std::string& truth_name, const std::string& assumed_name) const {
  return CanonicalName(truth_name) == CanonicalName(assumed_name);
}

std::vector<std::string> NameMatcher::TruthEnumsForAssumed(const Enum& ae, std::string* how) const {
  if (!ae.anonymous) {
    std::vector<std::string> cands = TruthEnums(ae.name);
    if (!cands.empty()) return cands;
  }
  for (const Enumerator& en : ae.enumerators) {
    std::vector<std::string> names = {en.name};
    if (!ae.name.empty() && en.name.starts_with(ae.name + "_")) {
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

const Enumerator* NameMatcher::FindTruthEnumerator(const Enum& te, const std::string& name,
                                                   const std::string& assumed_enum) {
  for (const Enumerator& e : te.enumerators) {
    if (e.name == name) return &e;
  }
  for (const std::string& prefix : {assumed_enum, te.name, CanonicalName(te.name)}) {
    if (prefix.empty() || !name.starts_with(prefix + "_")) continue;
    std::string stripped = name.substr(prefix.size() + 1);
    for (const Enumerator& e : te.enumerators) {
      if (e.name == stripped) return &e;
    }
  }
  // The other way round: a front end that gathered `pub const MSG_DONE: MSG`
  // into enum MSG strips the prefix C keeps (`MSG_DONE`).
  for (const std::string& prefix : {assumed_enum, te.name, CanonicalName(te.name)}) {
    if (prefix.empty()) continue;
    const std::string prefixed = prefix + "_" + name;
    for (const Enumerator& e : te.enumerators) {
      if (e.name == prefixed) return &e;
    }
  }
  return nullptr;
}

bool NameMatcher::FindEnumeratorConstant(const contract::Constant& ac, const Enum** te,
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
    *te = &truth_.enums.at(pick->enum_key);
    *en = &(*te)->enumerators[pick->index];
    return true;
  };
  if (lookup(ac.name, "")) return true;
  // bindgen prefixes enumerators with the enum's name (`<enum>_<enumerator>`)
  // and those of an anonymous enum inside a record with the record's name.
  for (size_t p = ac.name.find('_'); p != std::string::npos && p + 1 < ac.name.size();
       p = ac.name.find('_', p + 1)) {
    std::string prefix = ac.name.substr(0, p);
    if (!TruthEnums(prefix).empty() && lookup(ac.name.substr(p + 1), prefix)) return true;
    if (!TruthRecords(prefix).empty() && lookup(ac.name.substr(p + 1), "")) return true;
  }
  // bindgen appends `_` to names that are Rust keywords (`false` -> `false_`).
  if (ac.name.size() > 1 && ac.name.back() == '_' && lookup(ac.name.substr(0, ac.name.size() - 1), "")) {
    return true;
  }
  return false;
}

// --------------------------------------------------------- other items --

const contract::Typedef* NameMatcher::TruthTypedef(const std::string& key) const {
  return FindIn(truth_.typedefs, key);
}
const contract::Function* NameMatcher::TruthFunction(const std::string& key) const {
  return FindIn(truth_.functions, key);
}
const contract::Variable* NameMatcher::TruthVariable(const std::string& key) const {
  return FindIn(truth_.variables, key);
}
const contract::Constant* NameMatcher::TruthConstant(const std::string& key) const {
  return FindIn(truth_.constants, key);
}

}  // namespace bindfuzz::diff
