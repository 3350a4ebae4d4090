// Coverage bookkeeping (internal to harness/diff): when the comparison of
// one assumed item ends, its findings pass the DiffOptions filters into the
// report (counted per kind, or as suppressed), its coverage row is written,
// and a record with layout findings keeps both definitions for the layout
// table.
//
//   ItemResult item{.kind = ItemKind::kRecord, .key = "file", .loc = rust_file.loc};
//   item.truth_record = &c_file;
//   item.assumed_record = &rust_file;
//   AddItem(options, item, std::move(findings), report);
#ifndef BINDFUZZ_HARNESS_DIFF_COVERAGE_H_
#define BINDFUZZ_HARNESS_DIFF_COVERAGE_H_

#include <string>
#include <vector>

#include "harness/contract/contract.h"
#include "harness/diff/diff.h"

namespace bindfuzz::diff {

// One assumed item as its comparison left it.
struct ItemResult {
  ItemKind kind = ItemKind::kRecord;
  std::string key;
  std::string matched;  // truth key when it differs from `key`
  std::string reason;   // why unmatched, or what limited the comparison
  bool unmatched = false;
  contract::SourceLoc loc;
  // Judged through another item (a consts-style enum) that had findings.
  bool findings_elsewhere = false;
  // Both definitions of a matched record (for the layout table).
  const contract::Record* truth_record = nullptr;
  const contract::Record* assumed_record = nullptr;
};

// Adds `item` and its `findings` (in order) to `report`.
void AddItem(const DiffOptions& options, const ItemResult& item, std::vector<Finding> findings,
             DiffReport& report);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_COVERAGE_H_
