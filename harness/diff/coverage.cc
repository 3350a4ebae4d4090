#include "harness/diff/coverage.h"

#include <cstddef>
#include <utility>

namespace bindfuzz::diff {

void AddItem(const DiffOptions& options, const ItemResult& item, std::vector<Finding> findings,
             DiffReport& report) {
  size_t kept = 0;
  bool layout = false;
  for (Finding& f : findings) {
    if (!options.kinds.test(static_cast<size_t>(f.kind)) || f.severity < options.min_severity) {
      ++report.suppressed;
      continue;
    }
    ++kept;
    ++report.counts[static_cast<size_t>(f.kind)];
    if (IsLayoutFinding(f.kind)) layout = true;
    report.findings.push_back(std::move(f));
  }
  CoverageEntry e;
  e.item_kind = item.kind;
  e.item = item.key;
  e.matched = item.matched;
  e.reason = item.reason;
  e.findings = kept;
  e.assumed_loc = item.loc;
  e.outcome = item.unmatched                    ? Outcome::kUnmatched
              : kept || item.findings_elsewhere ? Outcome::kFindings
                                                : Outcome::kClean;
  report.coverage.push_back(std::move(e));
  const contract::Record* tr = item.truth_record;
  const contract::Record* ar = item.assumed_record;
  if (layout && tr && ar && tr->align_bytes && ar->align_bytes) {
    report.layouts[item.key] = LayoutPair{*tr, *ar};
  }
}

}  // namespace bindfuzz::diff
