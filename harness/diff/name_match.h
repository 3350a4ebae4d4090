// Name matching: how an item of the assumed side finds its counterpart in
// the truth (internal to harness/diff). Read-only over the two contracts;
// no report state.
//
//   NameMatcher names(c, rust);
//   names.TruthRecords("file");           // {"file", "file#2"}: key, then BTF alternates
//   names.NestedNameOf("stats_stat");     // "stat": bindgen's name for C's nested struct
//   names.SameRecord("X#2", "X");         // true
//   FieldPairing p = names.MatchFields(c_rec, rust_rec);
//
// The rules (diff.h states them for users):
//  * records and enums by key; a truth key "X#k" (BTF may hold several
//    definitions of X) is an alternate of "X", also inside paths;
//  * a Rust record named after a C typedef of a record (`typedef struct
//    s_tag {...} s_t;` vs Rust `struct s_t`): the record the typedef names;
//  * Rust's opaque stand-ins (`enum X {}`, a record of zero-sized fields
//    only) are the C record of that name however complete C has it;
//  * bindgen's `P_N` / `P__bindgen_ty_1_N` for C's `struct N` declared
//    inside P: N, when C's P (or the anonymous member) has a field of type N;
//  * enumerators by name, also with bindgen's "<enum>_"/"<record>_" prefix
//    and keyword `_` suffix; anonymous enums by their enumerators;
//  * a Rust record with no C record of its name that the functions passing
//    it pair with exactly one C record (pair_through_functions.h): that one;
//  * fields by C name; artificial fields are never matched;
//  * typedefs, functions, variables and constants by key.
#ifndef BINDFUZZ_HARNESS_DIFF_NAME_MATCH_H_
#define BINDFUZZ_HARNESS_DIFF_NAME_MATCH_H_

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/contract/contract.h"
#include "harness/diff/pair_through_functions.h"

namespace bindfuzz::diff {

// Strips BTF alternate suffixes: "X#2" -> "X", "X#2::(anon#1)" ->
// "X::(anon#1)". "(anon#N)" member names are kept.
std::string CanonicalName(std::string_view key);

// Generic support types bindgen emits into every bindings file
// (`__BindgenBitfieldUnit`, `__IncompleteArrayField`, ...).
bool IsBindgenHelper(std::string_view name);

// Rust's zero-sized stand-in for an opaque type: `struct X([u8; 0])`,
// `struct X { _unused: [u8; 0] }`, `{ _data: [u8; 0], _marker:
// PhantomData<..> }` (only zero-sized fields, none with a public name).
bool IsOpaqueStandIn(const contract::Record& r);

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

// The fields of two records paired (NameMatcher::MatchFields).
struct FieldPairing {
  struct Pair {
    const contract::Field* truth = nullptr;  // null: the truth record lacks it
    const contract::Field* assumed = nullptr;
  };
  // Each named assumed field once, in the assumed declaration order.
  std::vector<Pair> assumed_order;
  // Named truth fields without an assumed field of that name, in order.
  std::vector<const contract::Field*> truth_only;
};

// The truth record's unnamed members (`(anon#N)`) in `fp.truth_only`, each
// beside the assumed field `fp` left unpaired at the same rank (its index
// in `fp.assumed_order`), when there are as many of each: how libc names
// C's unnamed unions (`u` for `ptrace_syscall_info`'s). Empty otherwise.
std::vector<std::pair<const contract::Field*, size_t>> UnnamedByOrder(const FieldPairing& fp);
class NameMatcher {
 public:
  NameMatcher(const contract::Contract& truth, const contract::Contract& assumed);

  // ---- records
  // Truth keys that define the record `key`: the key itself, then its
  // alternates.
  std::vector<std::string> TruthRecords(const std::string& key) const;
  // The first of TruthRecords(name), or null.
  const contract::Record* TruthRecord(const std::string& name) const;
  const contract::Record* AssumedRecord(const std::string& name) const;
  // The truth name of an assumed (Rust) record that bindgen named after
  // the record it is declared in (`stats_stat` -> `stat`); "" if none.
  std::string NestedNameOf(const std::string& assumed_name) const;
  // The truth record key a truth typedef `name` resolves to (through other
  // typedefs), "" if it names no record.
  std::string TypedefRecordOf(const std::string& name) const;
  // Records of different names paired through the functions that pass them
  // (pair_through_functions.h); computed with this matcher, then set.
  void SetFunctionPairs(FunctionPairs pairs) { pairs_ = std::move(pairs); }
  const FunctionPairs& function_pairs() const { return pairs_; }
  // Do a truth and an assumed record type name the same record?
  bool SameRecord(const std::string& truth_name, const std::string& assumed_name) const;
  // Is the assumed enum type `name` Rust's opaque idiom `enum X {}` (no
  // variants, or not carried by the contract at all)?
  bool IsAssumedOpaqueEnum(const std::string& name) const;
  // Is the record type `name` opaque to the side: declared only, or (Rust)
  // a zero-sized stand-in or `enum X {}`? Pointers to two opaque types are
  // the same to the machine; their names are nominal.
  bool TruthOpaque(const std::string& name) const;
  bool AssumedOpaque(const std::string& name) const;
  // The opaque assumed record P when `key` is bindgen's `P__bindgen_ty_N`,
  // the type of an anonymous member of P that nothing references; "" if not.
  std::string OpaqueParentOfAnonMember(const std::string& key) const;
  // The fields of a truth and an assumed record, paired by C name.
  // Artificial fields are left out; of two fields with one name the first
  // is used.
  FieldPairing MatchFields(const contract::Record& truth, const contract::Record& assumed) const;

  // ---- enums and enumerators
  std::vector<std::string> TruthEnums(const std::string& key) const;
  const contract::Enum* TruthEnum(const std::string& name) const;
  const contract::Enum* AssumedEnum(const std::string& name) const;
  bool SameEnum(const std::string& truth_name, const std::string& assumed_name) const;
  // Truth enums for the assumed enum `ae`: by key (unless anonymous), else
  // the enum of its first enumerator found in the truth (then `*how` says
  // which).
  std::vector<std::string> TruthEnumsForAssumed(const contract::Enum& ae, std::string* how) const;
  // The enumerator of `te` that the assumed enumerator `assumed_name` (of
  // enum `assumed_enum`) stands for, or null.
  static const contract::Enumerator* FindTruthEnumerator(const contract::Enum& te,
                                                         const std::string& assumed_name,
                                                         const std::string& assumed_enum);
  // The truth enumerator an assumed constant stands for (bindgen's consts
  // style `<enum>_<enumerator>`, keyword-escaped names, ...).
  bool FindEnumeratorConstant(const contract::Constant& ac, const contract::Enum** te,
                              const contract::Enumerator** en) const;

  // ---- other items, by key
  const contract::Typedef* TruthTypedef(const std::string& key) const;
  const contract::Function* TruthFunction(const std::string& key) const;
  const contract::Variable* TruthVariable(const std::string& key) const;
  const contract::Constant* TruthConstant(const std::string& key) const;

 private:
  struct EnumeratorRef {
    std::string enum_key;
    size_t index;
  };

  const contract::Contract& truth_;
  const contract::Contract& assumed_;
  AltIndex rec_idx_;
  AltIndex enum_idx_;
  // Truth enumerator name -> where it is defined.
  std::map<std::string, std::vector<EnumeratorRef>> truth_enumerators_;
  // Truth typedef name -> the truth record it resolves to.
  std::map<std::string, std::string> typedef_records_;
  // Assumed record name -> assumed records with a field of that type.
  std::map<std::string, std::vector<std::string>> assumed_users_;
  FunctionPairs pairs_;
};

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_NAME_MATCH_H_
