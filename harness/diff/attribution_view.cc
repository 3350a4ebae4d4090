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

// A non-negative integer (JSON built in memory holds signed ones), or 0.
uint64_t Unsigned(const ojson& j) {
  if (j.is_number_unsigned()) return j.get<uint64_t>();
  if (j.is_number_integer() && j.get<int64_t>() >= 0) return static_cast<uint64_t>(j.get<int64_t>());
  return 0;
}

std::vector<std::string> Strings(const ojson& j, const char* key) {
  std::vector<std::string> out;
  if (!j.is_object()) return out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const ojson& s : *it) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
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

class Reader {
 public:
  explicit Reader(AttributionView& v) : v_(v) {}

  void Roots(const ojson& roots) {
    for (const ojson& r : roots) {
      RootCauseView rc;
      rc.item = Str(r, "item");
      if (rc.item.empty()) continue;
      rc.item_kind = Str(r, "item_kind");
      rc.change = Str(r, "change");
      rc.aliases = Strings(r, "aliases");
      rc.records = Strings(r, "records");
      rc.functions = Strings(r, "functions");
      if (auto it = r.find("findings_explained"); it != r.end()) rc.findings_explained = Unsigned(*it);
      rc.loc = Loc(r);
      rc.id = (rc.item_kind.empty() ? "" : rc.item_kind + ":") + rc.item;
      if (by_id_.count(rc.id)) continue;  // a duplicate: the first wins
      const size_t index = v_.roots.size();
      by_id_.emplace(rc.id, index);
      // A chain's root names an item, which records and typedefs own before
      // functions or constants of the same name.
      auto [it, inserted] = by_item_.emplace(rc.item, index);
      if (!inserted && rc.item_kind != "" && (rc.item_kind == "record" || rc.item_kind == "typedef") &&
          v_.roots[it->second].item_kind != "record" && v_.roots[it->second].item_kind != "typedef") {
        it->second = index;
      }
      v_.roots.push_back(std::move(rc));
    }
  }

  bool Chain(const ojson& c, ChainView& out) {
    if (!c.is_object()) return false;
    auto root = by_item_.find(Str(c, "root"));
    if (root == by_item_.end()) return false;
    out.root = root->second;
    if (auto it = c.find("chain"); it != c.end() && it->is_array()) {
      for (const ojson& l : *it) {
        ChainLinkView link{Str(l, "item"), Str(l, "member"), Str(l, "type"), Str(l, "target")};
        if (!link.item.empty() || !link.member.empty()) out.links.push_back(std::move(link));
      }
    }
    return true;
  }

  void Findings(const ojson& findings) {
    for (size_t i = 0; i < findings.size(); ++i) {
      const ojson& f = findings[i];
      if (!f.is_object()) continue;
      FindingAttributionView fa;
      if (auto e = f.find("explained_by"); e != f.end() && e->is_array()) {
        for (const ojson& c : *e) {
          ChainView chain;
          if (!Chain(c, chain)) continue;
          if (std::find(fa.roots.begin(), fa.roots.end(), chain.root) == fa.roots.end()) {
            fa.roots.push_back(chain.root);
            ++v_.roots[chain.root].inherited;
          }
          fa.chains.push_back(std::move(chain));
        }
      }
      if (fa.chains.empty()) {
        const std::string kind = Str(f, "item_kind"), item = Str(f, "item");
        auto own = by_id_.find((kind.empty() ? "" : kind + ":") + item);
        if (own == by_id_.end()) continue;
        fa.own = true;
        fa.roots.push_back(own->second);
        RootCauseView& rc = v_.roots[own->second];
        ++rc.own;
        if (!rc.loc.known()) {
          if (auto t = f.find("truth"); t != f.end()) rc.loc = Loc(*t);
        }
      }
      v_.by_finding.emplace(i, std::move(fa));
    }
  }

  void Functions(const ojson& fns) {
    for (const auto& [name, chains] : fns.items()) {
      if (!chains.is_array()) continue;
      for (const ojson& c : chains) {
        ChainView chain;
        if (Chain(c, chain)) v_.roots[chain.root].function_chains.emplace_back(name, std::move(chain));
      }
    }
  }

 private:
  AttributionView& v_;
  std::map<std::string, size_t> by_id_, by_item_;
};

}  // namespace

std::string ChainView::Text() const {
  std::string s;
  for (const ChainLinkView& l : links) {
    if (s.empty()) s = l.item;
    s += " -> " + l.member;
    if (!l.type.empty()) s += " (" + l.type + ")";
  }
  return s;
}

std::string RootCauseView::Title() const {
  std::string s = item;
  if (!aliases.empty()) {
    s += " (";
    for (size_t i = 0; i < aliases.size(); ++i) s += (i ? ", " : "") + aliases[i];
    s += ")";
  }
  if (!change.empty()) s += ": " + change;
  return s;
}

const FindingAttributionView* AttributionView::ForFinding(size_t index) const {
  auto it = by_finding.find(index);
  return it == by_finding.end() ? nullptr : &it->second;
}

AttributionView ReadAttribution(const ojson& report) {
  AttributionView v;
  if (!report.is_object()) return v;
  auto roots = report.find("root_causes");
  if (roots == report.end() || !roots->is_array()) return v;
  Reader reader(v);
  reader.Roots(*roots);
  if (v.roots.empty()) return v;
  if (auto f = report.find("findings"); f != report.end() && f->is_array()) reader.Findings(*f);
  if (auto fns = report.find("impacted_functions"); fns != report.end() && fns->is_object()) reader.Functions(*fns);
  return v;
}

}  // namespace bindfuzz::diff
