// Version drift: what a finding means when bindings made for one kernel are
// checked against the headers of another (DiffOptions::drift).
//
//   DiffOptions o;
//   o.drift = true;
//   DiffReport r = Compare(c_612, rust_61, o, &c_61);   // c_61: the bindings' own C
//   DriftClassOf(r.findings[0]);                         // DriftClass::kSilent
//
// Classes, by what rustc does with Rust code written against the old
// bindings:
//  * silent: the same name on both sides with a different layout, signature
//    or value (sizes, offsets, field and parameter types, enumerator and
//    constant values, a struct that became a union): the code still
//    compiles and is wrong;
//  * compile-breaking: a name the bindings use is gone or changed kind (a
//    record, field, enum, enumerator, function, variable or constant C no
//    longer has; a function C made static inline; a record C made opaque):
//    regenerated bindings lack it, so rustc rejects every use;
//  * new: C has it and the bindings do not (a field C added, a record that
//    became complete, and in drift mode every record, enum, typedef,
//    function with a symbol, variable and constant of the truth that nothing
//    of the assumed side binds: the `*-unbound` kinds). With the C contract
//    the bindings were generated from (`assumed_c`), items that C already
//    had are left out: bindgen skipped them for reasons of its own, they are
//    not new.
// `unevaluated` notes have no class. With `assumed_c`, a finding the
// bindings already had against that C (same kind, item and member) is
// marked pre-existing (Finding::preexisting): a bindings bug older than the
// version change, e.g. bindgen's dropped aligned(4) on compat_u64; it keeps
// its class.
#ifndef BINDFUZZ_HARNESS_DIFF_DRIFT_H_
#define BINDFUZZ_HARNESS_DIFF_DRIFT_H_

#include <vector>

#include "harness/contract/contract.h"
#include "harness/diff/diff.h"
#include "harness/diff/mismatch_kinds.h"
#include "harness/diff/name_match.h"

namespace bindfuzz::diff {

enum class DriftClass { kNone, kSilent, kCompileBreaking, kNew };
// "silent", "compile-breaking", "new"; "" for kNone.
const char* DriftClassName(DriftClass c);
DriftClass DriftClassOf(const Finding& f);

// The `*-unbound` kinds.
bool IsUnboundKind(MismatchKind k);

// The `*-unbound` findings of the truth's items that nothing of `assumed`
// binds (and that `assumed_c`, if given, did not have), sorted by item kind
// and key (internal: Compare() merges them into the report).
std::vector<Finding> UnboundFindings(const contract::Contract& truth, const contract::Contract& assumed,
                                     const contract::Contract* assumed_c, const NameMatcher& names,
                                     const std::string& truth_label, const std::string& assumed_label);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_DRIFT_H_
