// The stable identity of a finding across runs: what SARIF
// partialFingerprints, baseline matching and waivers key on.
//
//   std::string k = FindingKey(report, finding);   // "bf1-3f0c5e0a9b7d2c41"
//
// The key hashes the finding kind, the item kind, the item, the member and
// the two sides compared (e.g. "c" vs "rust"): never line numbers, values or
// message wording, so it survives edits around the declaration and changes
// of a sentence. Two findings of one report can share a key (several notes
// on one item); matching treats keys as a multiset.
#ifndef BINDFUZZ_HARNESS_DIFF_FINDING_KEY_H_
#define BINDFUZZ_HARNESS_DIFF_FINDING_KEY_H_

#include <string>
#include <string_view>

#include "harness/diff/diff.h"

namespace bindfuzz::diff {

// The fields a key is made of, as the JSON report spells them.
struct FindingKeyParts {
  std::string_view kind;         // "field-offset"
  std::string_view item_kind;    // "record"
  std::string_view item;         // "file"
  std::string_view member;       // "f_op", or empty
  std::string_view truth_side;   // "c", "btf" or "rust"
  std::string_view assumed_side;
};

// "bf1-" and 16 lowercase hex digits: FNV-1a 64 over the length-prefixed parts.
std::string FindingKey(const FindingKeyParts& parts);
std::string FindingKey(const DiffReport& report, const Finding& finding);

// True for strings of the FindingKey shape.
bool IsFindingKey(std::string_view s);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_FINDING_KEY_H_
