// Pairing records of different names through the functions that pass them
// (internal to harness/diff): a Rust record with no C record of its name
// (`LibcStat`) that functions use exactly where C uses one record
// (`int fstat_(int, struct stat *)` bound as `fn fstat_(c_int, *mut
// LibcStat)`) stands for that C record, and its layout is compared with it.
//
//   FunctionPairs p = PairThroughFunctions(c, rust, names);
//   p.paired.at("LibcStat");    // {.truth = "stat", .via = "`fstat_` parameter 2"}
//   p.ambiguous.at("Event");    // why it was not paired
//
// The rule: every position where the Rust record appears — function
// parameters and returns of functions both sides declare, fields of records
// paired by name (and of records paired here) — at equal pointer and array
// depth, maps it to the same complete C record; that C record is not
// matched by name to a Rust record and no other Rust record pairs with it.
// A position where C has void (`void *`) says nothing; any other C type
// there, or two different C records, leaves the record unpaired, with the
// reason in `ambiguous`.
#ifndef BINDFUZZ_HARNESS_DIFF_PAIR_THROUGH_FUNCTIONS_H_
#define BINDFUZZ_HARNESS_DIFF_PAIR_THROUGH_FUNCTIONS_H_

#include <map>
#include <string>

#include "harness/contract/contract.h"

namespace bindfuzz::diff {

class NameMatcher;

struct FunctionPair {
  std::string truth;  // the truth record's key
  std::string via;    // the first position that pairs them: "`fstat_` parameter 2"
};

struct FunctionPairs {
  // Assumed record key -> the truth record it stands for.
  std::map<std::string, FunctionPair> paired;
  // Assumed record key -> why it was not paired although functions pass it.
  std::map<std::string, std::string> ambiguous;
};

// `names` answers name matching only (it must not consult the pairs being
// computed). `truth_label` names the truth side in the reasons ("C").
FunctionPairs PairThroughFunctions(const contract::Contract& truth, const contract::Contract& assumed,
                                   const NameMatcher& names, const std::string& truth_label);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_PAIR_THROUGH_FUNCTIONS_H_
