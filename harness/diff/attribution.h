// Root-cause attribution (internal to harness/diff): which findings follow
// from a change of a member type, and which item changed on its own.
//
//   Attribute(c, rust, names, types, report);   // last step of Compare()
//   report.root_causes[0];                      // {record "spinlock", "4 -> 32 bytes", records: file, inode, ...}
//   report.findings[i].explained_by;            // [{root "spinlock", links: file.f_lock (spinlock_t) -> spinlock}]
//
// A record's layout findings are *inherited* when its declaration is the
// same on both sides (same kind and packing, the same named fields in the
// same order, each with the same declared type: one typedef name, or the
// same record, or the same scalar, or any pointer; bitfields of the same
// widths) and at least one field holds by value (directly, through
// typedefs, or as an array element) a record whose size or alignment
// changed, or a typedef that resolves differently. C lays a record out from
// exactly that declaration and its members' sizes and alignments, so such a
// record's change is fully explained by those members. Chains follow the
// members down through inherited records until records that changed on
// their own (a root cause; also an opaque one, whose fields are not known)
// or typedefs with a finding of their own. Every other finding is its
// item's own change: that item is a root cause. Functions are attributed
// like abidiff's "impacted interfaces", with the chains added: a function
// whose parameter or return type reaches (by value or behind pointers) a
// record with layout findings is listed under that record's root causes.
// Findings of a function parameter typed by a typedef root are explained by
// that typedef.
#ifndef BINDFUZZ_HARNESS_DIFF_ATTRIBUTION_H_
#define BINDFUZZ_HARNESS_DIFF_ATTRIBUTION_H_

#include <string>
#include <vector>

#include "harness/contract/contract.h"
#include "harness/diff/diff.h"
#include "harness/diff/name_match.h"
#include "harness/diff/type_compare.h"

namespace bindfuzz::diff {

// Fills report.root_causes, report.impacted_functions and each finding's
// explained_by from the report's findings and the two contracts.
void Attribute(const contract::Contract& truth, const contract::Contract& assumed, const NameMatcher& names,
               const TypeComparer& types, DiffReport& report);

// After findings left a report (check --confirm drops refuted ones): chains
// to roots without a finding of their own any more are dropped (findings
// left without chains become their items' own, and those items root
// causes), and every root cause is counted again from the findings that
// remain. Findings themselves are not touched.
void PruneAttribution(DiffReport& report);

// A chain as text: "file -> f_lock (spinlock_t)",
// "inode -> i_data (address_space) -> i_pages (xarray) -> xa_lock (spinlock_t)".
std::string ChainText(const CauseChain& chain);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_ATTRIBUTION_H_
