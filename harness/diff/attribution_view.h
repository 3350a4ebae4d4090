// Root-cause attribution as the renderers that draw it (HTML, SARIF) read it
// from the JSON report: the items that changed on their own, and for each
// finding that follows from a changed member type the chains of members
// that lead from its item to those roots.
//
//   ojson j = ReportJsonObject(report);       // report_extras.h
//   AttributionView a = ReadAttribution(j);
//   for (const RootCauseView& rc : a.roots) ...;
//   const FindingAttributionView* fa = a.ForFinding(3);   // findings[3]
//
// The shape read is what attribution (attribution.h) writes:
//
//   "findings": [ {..., "explained_by": [ {"root": "spinlock", "chain": [
//        {"item": "file", "member": "f_lock", "type": "spinlock_t", "target": "spinlock"}]} ]} ],
//   "root_causes": [ {"item_kind": "record", "item": "spinlock",
//        "change": "4 -> 32 bytes", "aliases": ["spinlock_t"], "own_findings": 1,
//        "records": ["file", ...], "findings_explained": 310, "functions": [...]} ],
//   "impacted_functions": { "fname": [ {"root": ..., "chain": [...]} ] }
//
// A finding without "explained_by" on an item that is a root cause is that
// root's own finding. Keys that are absent or of another type are ignored,
// never an error: attribution decorates the findings, which are drawn
// either way. No "root_causes": no attribution (present() is false).
#ifndef BINDFUZZ_HARNESS_DIFF_ATTRIBUTION_VIEW_H_
#define BINDFUZZ_HARNESS_DIFF_ATTRIBUTION_VIEW_H_

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/contract/contract.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::diff {

struct ChainLinkView {
  std::string item;    // record (or function) holding the member
  std::string member;
  std::string type;    // the member's declared type
  std::string target;  // what it reaches
};

struct ChainView {
  size_t root = 0;  // index into AttributionView::roots
  std::vector<ChainLinkView> links;
  // "inode -> i_data (address_space) -> i_pages (xarray) -> xa_lock (spinlock_t)"
  std::string Text() const;
};

struct RootCauseView {
  std::string id;         // "record:spinlock": unique within the report
  std::string item_kind;  // "record", "typedef", ... (may be empty)
  std::string item;
  std::string change;     // "4 -> 32 bytes"
  std::vector<std::string> aliases;    // typedef names chains reach it through
  std::vector<std::string> records;    // records whose change it explains
  std::vector<std::string> functions;  // functions whose types reach it
  size_t findings_explained = 0;       // as the report states
  contract::SourceLoc loc;  // the truth location of one of its own findings
  size_t own = 0;           // its own findings in this report
  size_t inherited = 0;     // findings of this report explained by it
  // Functions reaching it, with their chains (from "impacted_functions").
  std::vector<std::pair<std::string, ChainView>> function_chains;

  bool ExplainsOthers() const { return !records.empty() || !functions.empty() || inherited > 0; }
  std::string Title() const;  // "spinlock (spinlock_t): 4 -> 32 bytes"
};

struct FindingAttributionView {
  bool own = false;            // the finding of a root cause itself
  std::vector<size_t> roots;   // its root causes (own: the one it belongs to)
  std::vector<ChainView> chains;  // inherited: one per root, shortest first
};

struct AttributionView {
  std::vector<RootCauseView> roots;
  std::map<size_t, FindingAttributionView> by_finding;  // index into findings

  bool present() const { return !roots.empty(); }
  const FindingAttributionView* ForFinding(size_t index) const;
};

AttributionView ReadAttribution(const nlohmann::ordered_json& report);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_ATTRIBUTION_VIEW_H_
