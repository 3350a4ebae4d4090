// Root-cause attribution as the renderers that draw it (HTML, SARIF) read it
// from the JSON report: which root changes explain the findings, and for
// each finding the chain of members that leads from its item to the root.
//
//   ojson j = ojson::parse(ReportToJson(report));
//   AttributionView a = ReadAttribution(j);
//   if (a.present()) for (const RootCauseView& rc : a.roots) ...;
//   const FindingAttributionView* fa = a.ForFinding(3);  // findings[3]
//
// The shape read (all keys but "item" optional; absent: no attribution):
//
//   "root_causes": [ {"id": "record:spinlock", "item_kind": "record",
//                     "item": "spinlock", "kind": "record-size",
//                     "change": "4 -> 32 bytes", "explains": 83,
//                     "loc": {"file": "...", "line": 20}} ],
//   "findings": [ {..., "attribution": {"root": "record:spinlock",
//                   "role": "inherited",
//                   "chain": [ {"record": "file", "member": "f_lock",
//                               "type": "spinlock_t"}, ... ]}} ]
//
// "root_causes" may also sit under a top-level "attribution" object; a
// finding's "root" names a root cause by id or by item; a chain link may be
// a plain string. Anything else is ignored, never an error: attribution is
// decoration of the findings, which are drawn either way.
#ifndef BINDFUZZ_HARNESS_DIFF_ATTRIBUTION_VIEW_H_
#define BINDFUZZ_HARNESS_DIFF_ATTRIBUTION_VIEW_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "harness/contract/contract.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::diff {

struct RootCauseView {
  std::string id;         // stable within the report; "" never
  std::string item_kind;  // "record", "typedef", ... (may be empty)
  std::string item;
  std::string kind;       // finding kind of the root change (may be empty)
  std::string change;     // "4 -> 32 bytes" (may be empty)
  size_t explains = 0;    // items it explains, as the report states (0: unknown)
  contract::SourceLoc loc;
  size_t findings = 0;    // findings of this report attributed to it

  std::string Title() const;  // "spinlock (record): 4 -> 32 bytes"
};

struct ChainLink {
  std::string record;  // the record holding the member
  std::string member;
  std::string type;    // the member's type as the report spells it
  std::string Text() const;  // "file.f_lock (spinlock_t)"
};

struct FindingAttributionView {
  size_t root = 0;    // index into AttributionView::roots
  std::string role;   // "root", "inherited" or ""
  std::vector<ChainLink> chain;
  std::string ChainText() const;  // "file.f_lock (spinlock_t) -> spinlock_t.rlock (...)"
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
