// Trees of unnamed members (internal to harness/diff). C names the members
// of an unnamed struct or union directly (`s.imsf_fmode`), so two
// definitions of a record whose unnamed members nest differently still
// agree when every name C code can spell lies at one place with one type.
// bindgen names the levels (`s.__bindgen_anon_1.__bindgen_anon_2.imsf_fmode`),
// and the front ends key both sides' unnamed members by ordinal
// ("(anon#1)"): paired by ordinal, two different unnamed unions would be
// compared with each other.
//
//   if (!AnonTreesAgree(c, rust, names, c_rec, rust_rec)) {
//     std::vector<AnonLeaf> c_names = DirectMembers(c, names, c_rec, true);
//     std::vector<AnonLeaf> r_names = DirectMembers(rust, names, rust_rec, false);
//     ...pair by name, then by place and type...
//   }
#ifndef BINDFUZZ_HARNESS_DIFF_ANON_TREE_H_
#define BINDFUZZ_HARNESS_DIFF_ANON_TREE_H_

#include <map>
#include <string>
#include <vector>

#include "harness/contract/contract.h"

namespace bindfuzz::diff {

class NameMatcher;

bool IsUnnamedMember(const std::string& field_name);

// Do the unnamed members of `tr` (truth) and `ar` (assumed) pair by
// ordinal: as many on each side, each pair of one record kind, their own
// unnamed members agreeing in turn? Where they sit is not compared (a
// member that moved is the same member: its offset finding is true). True
// when the assumed record has none (bound flat, its names are C's direct
// names).
bool AnonTreesAgree(const contract::Contract& truth, const contract::Contract& assumed, const NameMatcher& names,
                    const contract::Record& tr, const contract::Record& ar);

// A named member C code spells directly on the record: a field of its own,
// or one reached through unnamed members only.
struct AnonLeaf {
  contract::Field field;  // offset_bits absolute in the record
  // Through the unnamed levels: "(anon#1).(anon#2).imsf_fmode"; the field's
  // name when it is the record's own.
  std::string path;
  // The Rust spelling of `path` ("__bindgen_anon_1.__bindgen_anon_2.imsf_fmode").
  std::string rust_path;
  bool nested = false;  // reached through an unnamed member
};
// `truth_side`: which contract `c` is (records are looked up on that side).
std::vector<AnonLeaf> DirectMembers(const contract::Contract& c, const NameMatcher& names,
                                    const contract::Record& r, bool truth_side);

// Assumed records that are unnamed-member types inside a record whose tree
// does not agree with the truth's (their members are compared in that
// record, by name): key -> that record's key.
std::map<std::string, std::string> AnonSubtreesComparedInParent(const contract::Contract& truth,
                                                                const contract::Contract& assumed,
                                                                const NameMatcher& names);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_ANON_TREE_H_
