#include "harness/diff/diff_sections.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/diff/attribution.h"
#include "harness/diff/drift.h"
#include "harness/diff/sentence.h"

namespace bindfuzz::diff {
namespace {

using ojson = nlohmann::ordered_json;

std::string Plural(size_t n, const char* one, const char* many) { return S(n, " ", n == 1 ? one : many); }

// The chain of `item` that ends at `root` (shortest first), or null.
const CauseChain* ChainTo(const std::vector<CauseChain>& chains, const std::string& root) {
  for (const CauseChain& c : chains) {
    if (c.root == root) return &c;
  }
  return nullptr;
}

ojson ChainJ(const CauseChain& c) {
  ojson j = ojson::object();
  j["root"] = c.root;
  ojson links = ojson::array();
  for (const ChainLink& l : c.links) {
    ojson lj = ojson::object();
    lj["item"] = l.item;
    lj["member"] = l.member;
    lj["type"] = l.type;
    lj["target"] = l.target;
    links.push_back(std::move(lj));
  }
  j["chain"] = std::move(links);
  return j;
}

void AddRootCausesJson(const DiffReport& r, ojson& j) {
  if (r.findings.empty()) return;
  ojson roots = ojson::array();
  for (const RootCause& rc : r.root_causes) {
    ojson rj = ojson::object();
    rj["item_kind"] = ItemKindName(rc.item_kind);
    rj["item"] = rc.item;
    rj["change"] = rc.change;
    if (!rc.aliases.empty()) rj["aliases"] = rc.aliases;
    rj["own_findings"] = rc.own_findings;
    rj["records"] = rc.records;
    rj["findings_explained"] = rc.findings_explained;
    rj["functions"] = rc.functions;
    roots.push_back(std::move(rj));
  }
  j["root_causes"] = std::move(roots);
  ojson fns = ojson::object();
  for (const auto& [fn, chains] : r.impacted_functions) {
    ojson arr = ojson::array();
    for (const CauseChain& c : chains) arr.push_back(ChainJ(c));
    fns[fn] = std::move(arr);
  }
  j["impacted_functions"] = std::move(fns);
}

}  // namespace

std::string RootCausesText(const DiffReport& r, const SectionLimits& limits) {
  if (r.findings.empty()) return "";
  // The shortest chain of each inherited record, by root.
  std::map<std::string, std::vector<CauseChain>> record_chains;
  for (const Finding& f : r.findings) {
    if (f.item_kind == ItemKind::kRecord && !f.explained_by.empty() && !record_chains.count(f.item)) {
      record_chains[f.item] = f.explained_by;
    }
  }
  size_t inherited_findings = 0;
  for (const Finding& f : r.findings) inherited_findings += !f.explained_by.empty();
  std::string out = S("\nroot causes: ", Plural(r.root_causes.size(), "item", "items"), " changed on their own");
  if (!record_chains.empty()) {
    out += S("; ", Plural(record_chains.size(), "record", "records"), " changed only through members (",
             inherited_findings, " of ", r.findings.size(), " findings)");
  }
  if (!r.impacted_functions.empty()) {
    out += S("; ", Plural(r.impacted_functions.size(), "function reaches", "functions reach"), " a changed record");
  }
  out += "\n";
  size_t shown = 0;
  for (const RootCause& rc : r.root_causes) {
    if (rc.records.empty() && rc.functions.empty()) continue;
    if (shown++ == limits.roots) break;
    std::string name = rc.item;
    if (!rc.aliases.empty()) {
      name += " (";
      for (size_t i = 0; i < rc.aliases.size(); ++i) name += S(i ? ", " : "", rc.aliases[i]);
      name += ")";
    }
    out += S("  ", ItemKindName(rc.item_kind), " ", name, ": ", rc.change);
    if (!rc.records.empty()) {
      out += S("; explains ", Plural(rc.records.size(), "record", "records"), " (",
               Plural(rc.findings_explained, "finding", "findings"), ")");
    }
    if (!rc.functions.empty()) out += S("; reached by ", Plural(rc.functions.size(), "function", "functions"));
    out += "\n";
    // Records by chain length, then name: the direct embedders first.
    std::vector<std::pair<size_t, std::string>> recs;
    for (const std::string& rec : rc.records) {
      auto it = record_chains.find(rec);
      const CauseChain* c = it == record_chains.end() ? nullptr : ChainTo(it->second, rc.item);
      recs.push_back({c ? c->links.size() : 0, rec});
    }
    std::sort(recs.begin(), recs.end());
    for (size_t i = 0; i < recs.size() && i < limits.records; ++i) {
      const CauseChain* c = ChainTo(record_chains[recs[i].second], rc.item);
      if (c) out += S("      ", ChainText(*c), "\n");
    }
    if (recs.size() > limits.records) out += S("      ... and ", recs.size() - limits.records, " more records\n");
    size_t fshown = 0;
    for (const std::string& fn : rc.functions) {
      if (fshown == limits.functions) break;
      auto it = r.impacted_functions.find(fn);
      const CauseChain* c = it == r.impacted_functions.end() ? nullptr : ChainTo(it->second, rc.item);
      if (!c) continue;
      out += S("      ", ChainText(*c), "\n");
      ++fshown;
    }
    if (rc.functions.size() > fshown) out += S("      ... and ", rc.functions.size() - fshown, " more functions\n");
  }
  // The rest, counted by item kind.
  std::map<ItemKind, size_t> rest;
  size_t nrest = 0;
  shown = 0;
  for (const RootCause& rc : r.root_causes) {
    const bool listed = (!rc.records.empty() || !rc.functions.empty()) && shown++ < limits.roots;
    if (listed) continue;
    ++rest[rc.item_kind];
    ++nrest;
  }
  if (nrest) {
    out += nrest == r.root_causes.size() ? std::string("  ") : S("  and ", nrest, " more: ");
    bool first = true;
    for (const auto& [k, n] : rest) {
      out += S(first ? "" : ", ", n, " ", ItemKindName(k), n == 1 ? "" : "s");
      first = false;
    }
    out += " (their findings are listed below)\n";
  }
  return out;
}

std::string DriftText(const DiffReport& r) {
  if (!r.options.drift) return "";
  std::map<DriftClass, std::map<std::string, size_t>> by;
  std::map<DriftClass, size_t> total, preexisting;
  for (const Finding& f : r.findings) {
    DriftClass c = DriftClassOf(f);
    ++by[c][std::string(KindName(f.kind))];
    ++total[c];
    preexisting[c] += f.preexisting;
  }
  auto count = [&](DriftClass c) {
    std::string s = S(total[c], " ", DriftClassName(c));
    if (preexisting[c]) s += S(" (", preexisting[c], " pre-existing)");
    return s;
  };
  std::string out = S("\ndrift: ", count(DriftClass::kSilent), ", ", count(DriftClass::kCompileBreaking), ", ",
                      count(DriftClass::kNew));
  if (total[DriftClass::kNone]) out += S(" (", total[DriftClass::kNone], " not evaluated)");
  out += "\n";
  for (DriftClass c : {DriftClass::kSilent, DriftClass::kCompileBreaking, DriftClass::kNew}) {
    if (!total[c]) continue;
    std::vector<std::pair<size_t, std::string>> kinds;
    for (const auto& [k, n] : by[c]) kinds.push_back({n, k});
    std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::string line = S("  ", DriftClassName(c));
    line.resize(std::max<size_t>(line.size(), 20), ' ');
    for (size_t i = 0; i < kinds.size(); ++i) line += S(i ? ", " : "", kinds[i].second, " ", kinds[i].first);
    out += line + "\n";
  }
  out += S("  silent: same name, other layout, signature or value: Rust compiles and is wrong; "
           "compile-breaking: a name the bindings use is gone or changed kind; new: C has it, the bindings do not\n");
  size_t pre = 0;
  for (const auto& [c, n] : preexisting) pre += n;
  if (pre) {
    out += S("  pre-existing: the bindings were already wrong against the C they were made from "
             "(a bindings bug, not drift): ", pre, " of the findings above\n");
  }
  return out;
}

std::string SectionsText(const DiffReport& r) { return DriftText(r) + RootCausesText(r); }

std::string FindingTag(const DiffReport& r, const Finding& f) {
  if (!r.options.drift) return "";
  const char* c = DriftClassName(DriftClassOf(f));
  if (!*c) return "";
  return f.preexisting ? S(" [", c, ", pre-existing]") : S(" [", c, "]");
}

std::string GroupedText(const DiffReport& r, const std::string& header) {
  std::string out = header;
  if (!r.options.config_groups) return out + "(no Kconfig groups: compare with --group)\n";
  size_t grouped = 0, ngroups = 0;
  for (const ConfigGroup& g : r.config_groups) {
    if (g.key.empty()) continue;
    grouped += g.findings;
    ++ngroups;
  }
  out += S("\nKconfig groups: ", Plural(grouped, "finding", "findings"), " in ", Plural(ngroups, "group", "groups"),
           "; ", r.findings.size() - grouped, " without a Kconfig condition the C side can name\n");
  out += S("  findings  group (", r.truth_label, " / ", r.assumed_label, ")  by kind  items\n");
  constexpr size_t kMaxLine = 200;
  for (const ConfigGroup& g : r.config_groups) {
    std::string line = S("  ", g.findings);
    line = std::string(std::max<size_t>(10, line.size()) - line.size(), ' ') + line + "  ";
    if (g.key.empty()) {
      line += "(no Kconfig condition)";
    } else if (g.key == kKconfigSymbolsGroup) {
      line += S(kKconfigSymbolsGroup, " (the symbols themselves)");
    } else {
      for (size_t i = 0; i < g.symbols.size(); ++i) {
        line += S(i ? " + " : "", g.symbols[i], " (", g.truth_values[i], " / ", g.assumed_values[i], ")");
      }
    }
    std::vector<std::pair<size_t, std::string>> kinds;
    for (const auto& [k, n] : g.by_kind) kinds.push_back({n, k});
    std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    line += "  ";
    for (size_t i = 0; i < kinds.size() && i < 3; ++i) line += S(i ? ", " : "", kinds[i].second, " ", kinds[i].first);
    if (kinds.size() > 3) line += S(", +", kinds.size() - 3, " kinds");
    line += S("  ", Plural(g.items.size(), "item", "items"), ": ");
    size_t shown = 0;
    for (const std::string& item : g.items) {
      std::string add = S(shown ? ", " : "", item);
      if (line.size() + add.size() > kMaxLine - 12) break;
      line += add;
      ++shown;
    }
    if (shown < g.items.size()) line += S(shown ? ", " : "", "...");
    out += line + "\n";
  }
  out += "(every finding with its group: --format json)\n";
  return out;
}

void AddSectionsJson(const DiffReport& r, ojson& j) {
  auto fs = j.find("findings");
  if (fs != j.end() && fs->is_array() && fs->size() == r.findings.size()) {
    for (size_t i = 0; i < r.findings.size(); ++i) {
      const Finding& f = r.findings[i];
      ojson& fj = (*fs)[i];
      if (!f.explained_by.empty()) {
        ojson arr = ojson::array();
        for (const CauseChain& c : f.explained_by) arr.push_back(ChainJ(c));
        fj["explained_by"] = std::move(arr);
      }
      if (r.options.drift) fj["drift"] = DriftClassName(DriftClassOf(f));
      if (f.preexisting) fj["preexisting"] = true;
      if (r.options.config_groups) fj["config_group"] = f.config_group;
    }
  }
  AddRootCausesJson(r, j);
  if (r.options.drift) {
    ojson d = ojson::object();
    for (DriftClass c : {DriftClass::kSilent, DriftClass::kCompileBreaking, DriftClass::kNew}) {
      ojson by = ojson::object();
      size_t n = 0;
      for (const MismatchKindInfo& info : AllMismatchKinds()) {
        size_t k = 0;
        for (const Finding& f : r.findings) k += f.kind == info.kind && DriftClassOf(f) == c;
        if (k) by[std::string(info.name)] = k;
        n += k;
      }
      size_t pre = 0;
      for (const Finding& f : r.findings) pre += f.preexisting && DriftClassOf(f) == c;
      ojson cj = ojson::object();
      cj["findings"] = n;
      cj["preexisting"] = pre;
      cj["by_kind"] = std::move(by);
      d[DriftClassName(c)] = std::move(cj);
    }
    j["drift"] = std::move(d);
  }
  if (r.options.config_groups) {
    ojson gs = ojson::array();
    for (const ConfigGroup& g : r.config_groups) {
      ojson gj = ojson::object();
      gj["key"] = g.key;
      ojson syms = ojson::array();
      for (size_t i = 0; i < g.symbols.size(); ++i) {
        ojson sj = ojson::object();
        sj["symbol"] = g.symbols[i];
        sj["truth"] = g.truth_values[i];
        sj["assumed"] = g.assumed_values[i];
        syms.push_back(std::move(sj));
      }
      gj["symbols"] = std::move(syms);
      gj["findings"] = g.findings;
      gj["by_kind"] = g.by_kind;
      gj["items"] = g.items;
      gs.push_back(std::move(gj));
    }
    j["config_groups"] = std::move(gs);
  }
}


}  // namespace bindfuzz::diff
