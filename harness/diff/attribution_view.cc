#include "harness/diff/attribution_view.h"

#include <algorithm>
#include <cstdint>

namespace bindfuzz::diff {
namespace {

using ojson = nlohmann::ordered_json;

std::string Str(const ojson& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// First present string among `keys`.
std::string StrOf(const ojson& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    std::string s = Str(j, k);
    if (!s.empty()) return s;
  }
  return "";
}

// A non-negative integer (JSON built in memory holds signed ones), or 0.
uint64_t Unsigned(const ojson& j) {
  if (j.is_number_unsigned()) return j.get<uint64_t>();
  if (j.is_number_integer() && j.get<int64_t>() >= 0) return static_cast<uint64_t>(j.get<int64_t>());
  return 0;
}

size_t Count(const ojson& j, const char* key) {
  if (!j.is_object()) return 0;
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_array()) return it->size();
  return Unsigned(*it);
}

contract::SourceLoc Loc(const ojson& j) {
  contract::SourceLoc loc;
  if (!j.is_object()) return loc;
  auto it = j.find("loc");
  if (it == j.end() || !it->is_object()) return loc;
  loc.file = Str(*it, "file");
  if (auto l = it->find("line"); l != it->end()) loc.line = static_cast<uint32_t>(std::min<uint64_t>(Unsigned(*l), UINT32_MAX));
  if (auto c = it->find("col"); c != it->end()) loc.column = static_cast<uint32_t>(std::min<uint64_t>(Unsigned(*c), UINT32_MAX));
  return loc;
}

const ojson* RootCauses(const ojson& report) {
  if (!report.is_object()) return nullptr;
  if (auto it = report.find("root_causes"); it != report.end() && it->is_array()) return &*it;
  if (auto a = report.find("attribution"); a != report.end() && a->is_object()) {
    if (auto it = a->find("root_causes"); it != a->end() && it->is_array()) return &*it;
  }
  return nullptr;
}

}  // namespace

std::string RootCauseView::Title() const {
  std::string s = item;
  if (!item_kind.empty()) s += " (" + item_kind + ")";
  if (!change.empty()) s += ": " + change;
  return s;
}

std::string ChainLink::Text() const {
  std::string s = record;
  if (!member.empty()) s += (s.empty() ? "" : ".") + member;
  if (!type.empty()) s += " (" + type + ")";
  return s;
}

std::string FindingAttributionView::ChainText() const {
  std::string s;
  for (const ChainLink& l : chain) s += (s.empty() ? "" : " -> ") + l.Text();
  return s;
}

const FindingAttributionView* AttributionView::ForFinding(size_t index) const {
  auto it = by_finding.find(index);
  return it == by_finding.end() ? nullptr : &it->second;
}

AttributionView ReadAttribution(const ojson& report) {
  AttributionView v;
  const ojson* roots = RootCauses(report);
  if (!roots) return v;
  std::map<std::string, size_t> by_name;  // id and item -> index
  for (const ojson& r : *roots) {
    RootCauseView rc;
    rc.item = StrOf(r, {"item", "name"});
    if (rc.item.empty()) continue;
    rc.item_kind = Str(r, "item_kind");
    rc.kind = Str(r, "kind");
    rc.change = StrOf(r, {"change", "summary", "message"});
    rc.explains = Count(r, "explains");
    rc.loc = Loc(r);
    rc.id = Str(r, "id");
    if (rc.id.empty()) rc.id = (rc.item_kind.empty() ? "" : rc.item_kind + ":") + rc.item;
    if (by_name.count(rc.id)) continue;  // duplicate ids: the first wins
    const size_t index = v.roots.size();
    by_name.emplace(rc.id, index);
    by_name.emplace(rc.item, index);
    v.roots.push_back(std::move(rc));
  }
  if (v.roots.empty()) return v;
  auto findings = report.find("findings");
  if (findings == report.end() || !findings->is_array()) return v;
  for (size_t i = 0; i < findings->size(); ++i) {
    const ojson& f = (*findings)[i];
    if (!f.is_object()) continue;
    auto a = f.find("attribution");
    if (a == f.end() || !a->is_object()) continue;
    auto root = by_name.find(StrOf(*a, {"root", "root_cause"}));
    if (root == by_name.end()) continue;
    FindingAttributionView fa;
    fa.root = root->second;
    fa.role = Str(*a, "role");
    if (auto c = a->find("chain"); c != a->end() && c->is_array()) {
      for (const ojson& link : *c) {
        ChainLink l;
        if (link.is_string()) {
          l.record = link.get<std::string>();
        } else if (link.is_object()) {
          l.record = StrOf(link, {"record", "item", "from"});
          l.member = StrOf(link, {"member", "field"});
          l.type = Str(link, "type");
        }
        if (!l.record.empty() || !l.member.empty()) fa.chain.push_back(std::move(l));
      }
    }
    ++v.roots[fa.root].findings;
    v.by_finding.emplace(i, std::move(fa));
  }
  return v;
}

}  // namespace bindfuzz::diff
