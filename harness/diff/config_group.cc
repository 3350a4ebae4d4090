#include "harness/diff/config_group.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/diff/sentence.h"

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Enum;
using contract::PpCondition;
using contract::Record;

using Conditions = std::vector<PpCondition>;

bool HasConfig(const Contract& c) {
  auto it = c.constants.lower_bound("CONFIG_");
  return it != c.constants.end() && it->first.rfind("CONFIG_", 0) == 0;
}

template <typename Map>
const typename Map::mapped_type* Find(const Map& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

class Grouper {
 public:
  Grouper(const Contract& truth, const Contract& assumed, const Contract* assumed_c, const NameMatcher& names,
          DiffReport& report)
      : T_(truth), origin_(assumed_c), config_(assumed_c ? *assumed_c : assumed), names_(names), r_(report) {}

  void Run() {
    const bool known = HasConfig(T_) && HasConfig(config_);
    for (const Finding& f : r_.findings) {
      if (f.item_kind != ItemKind::kRecord || f.member.empty()) continue;
      if (f.kind == MismatchKind::kFieldMissing) one_sided_[f.item].push_back({f.member, false});
      if (f.kind == MismatchKind::kFieldExtra) one_sided_[f.item].push_back({f.member, true});
    }
    for (const Finding& f : r_.findings) {
      if (f.item_kind != ItemKind::kEnum || f.member.empty()) continue;
      const std::string tkey = f.matched.empty() ? f.item : f.matched;
      if (f.kind == MismatchKind::kEnumExtraValue) one_sided_enumerators_[tkey].push_back({f.member, false});
      if (f.kind == MismatchKind::kEnumMissingValue) one_sided_enumerators_[tkey].push_back({f.member, true});
    }
    for (const Finding& f : r_.findings) {
      if (f.item_kind == ItemKind::kRecord && !f.explained_by.empty() && !roots_of_.count(f.item)) {
        roots_of_[f.item] = f.explained_by;
      }
    }
    std::map<std::string, ConfigGroup> groups;
    std::map<std::string, std::set<std::string>> seen_items;
    for (Finding& f : r_.findings) {
      std::string key;
      std::set<std::string> symbols;
      if (known) {
        if (f.item_kind == ItemKind::kConstant && f.item.rfind("CONFIG_", 0) == 0) {
          key = kKconfigSymbolsGroup;
        } else {
          symbols = SymbolsOf(f);
          for (const std::string& s : symbols) key += S(key.empty() ? "" : " + ", s);
        }
      }
      f.config_group = key;
      ConfigGroup& g = groups[key];
      if (g.findings == 0) {
        g.key = key;
        for (const std::string& s : symbols) {
          g.symbols.push_back(s);
          g.truth_values.push_back(KconfigValue(T_, s));
          g.assumed_values.push_back(KconfigValue(config_, s));
        }
      }
      ++g.findings;
      ++g.by_kind[std::string(KindName(f.kind))];
      if (seen_items[key].insert(f.item).second) g.items.push_back(f.item);
    }
    for (auto& [key, g] : groups) r_.config_groups.push_back(std::move(g));
    std::sort(r_.config_groups.begin(), r_.config_groups.end(), [](const ConfigGroup& a, const ConfigGroup& b) {
      if (a.key.empty() != b.key.empty()) return b.key.empty();
      if (a.findings != b.findings) return a.findings > b.findings;
      return a.key < b.key;
    });
  }

 private:
  bool Differs(const std::string& symbol) {
    auto it = differs_.find(symbol);
    if (it != differs_.end()) return it->second;
    const bool d = KconfigValue(T_, symbol) != KconfigValue(config_, symbol);
    differs_.emplace(symbol, d);
    return d;
  }

  void Add(const Conditions& conds, std::set<std::string>& out) {
    for (const PpCondition& c : conds) {
      for (const std::string& m : c.macros) {
        std::string s = KconfigSymbol(m);
        if (!s.empty() && Differs(s)) out.insert(s);
      }
    }
  }

  // The definitions of a record: the truth's and the bindings' own C's.
  const Record* TruthRecord(const std::string& key) const {
    if (const Record* r = names_.TruthRecord(key)) return r;
    const std::string nested = names_.NestedNameOf(key);
    return nested.empty() ? nullptr : names_.TruthRecord(nested);
  }
  const Record* OriginRecord(const std::string& key) const {
    if (!origin_) return nullptr;
    if (const Record* r = Find(origin_->records, key)) return r;
    const std::string nested = names_.NestedNameOf(key);
    return nested.empty() ? nullptr : Find(origin_->records, nested);
  }

  // A field of a record definition: its conditions and the record's.
  void AddField(const Record* r, const std::string& field, std::set<std::string>& out) {
    if (!r) return;
    if (const contract::Field* f = r->FindField(field)) {
      Add(r->conditions, out);
      Add(f->conditions, out);
    }
  }

  // Why a record's layout differs: its own definitions' conditions, the
  // fields it has on one side only, and its root causes when inherited.
  const std::set<std::string>& RecordSymbols(const std::string& key, int depth = 0) {
    auto it = record_symbols_.find(key);
    if (it != record_symbols_.end()) return it->second;
    std::set<std::string> out;
    record_symbols_.emplace(key, out);  // a cycle finds the (empty) entry
    if (const Record* tr = TruthRecord(key)) Add(tr->conditions, out);
    if (const Record* orr = OriginRecord(key)) Add(orr->conditions, out);
    auto os = one_sided_.find(key);
    if (os != one_sided_.end()) {
      for (const auto& [field, in_truth] : os->second) AddField(in_truth ? TruthRecord(key) : OriginRecord(key), field, out);
    }
    auto roots = roots_of_.find(key);
    if (roots != roots_of_.end() && depth < 64) {
      for (const CauseChain& c : roots->second) {
        if (const contract::Typedef* t = Find(T_.typedefs, c.root)) Add(t->conditions, out);
        if (origin_) {
          if (const contract::Typedef* t = Find(origin_->typedefs, c.root)) Add(t->conditions, out);
        }
        const std::set<std::string>& rs = RecordSymbols(c.root, depth + 1);
        out.insert(rs.begin(), rs.end());
      }
    }
    auto& slot = record_symbols_[key];
    slot = std::move(out);
    return slot;
  }

  // Conditions of an enumerator, by enumerator or consts-style constant
  // name (`<enum>_<enumerator>`), in a contract's enums.
  void AddEnumerator(const Contract& c, const std::string& enum_key, const std::string& name,
                     std::set<std::string>& out) {
    if (const Enum* e = Find(c.enums, enum_key)) {
      if (const contract::Enumerator* en = NameMatcher::FindTruthEnumerator(*e, name, enum_key)) {
        Add(e->conditions, out);
        Add(en->conditions, out);
      }
    }
  }
  void AddConstantAsEnumerator(const Contract& c, const std::string& name, std::set<std::string>& out) {
    for (const auto& [ek, e] : c.enums) {
      for (const contract::Enumerator& en : e.enumerators) {
        if (en.name == name || ek + "_" + en.name == name) {
          Add(e.conditions, out);
          Add(en.conditions, out);
          return;
        }
      }
    }
  }

  // Why an enum's values differ: its definitions' conditions and the
  // enumerators it has on one side only (later values shift with them).
  std::set<std::string> EnumSymbols(const std::string& tkey) {
    std::set<std::string> out;
    AddItem<&Contract::enums>(tkey, out);
    auto os = one_sided_enumerators_.find(tkey);
    if (os != one_sided_enumerators_.end()) {
      for (const auto& [name, in_truth] : os->second) {
        if (in_truth) {
          AddEnumerator(T_, tkey, name, out);
        } else if (origin_) {
          AddEnumerator(*origin_, tkey, name, out);
        }
      }
    }
    return out;
  }

  template <auto Member>
  void AddItem(const std::string& key, std::set<std::string>& out) {
    if (const auto* t = Find(T_.*Member, key)) Add(t->conditions, out);
    if (origin_) {
      if (const auto* o = Find(origin_->*Member, key)) Add(o->conditions, out);
    }
  }

  std::set<std::string> SymbolsOf(const Finding& f) {
    std::set<std::string> out;
    switch (f.item_kind) {
      case ItemKind::kRecord: {
        if (!f.member.empty()) {
          AddField(TruthRecord(f.item), f.member, out);
          AddField(OriginRecord(f.item), f.member, out);
        }
        const std::set<std::string>& rs = RecordSymbols(f.item);
        out.insert(rs.begin(), rs.end());
        break;
      }
      case ItemKind::kEnum: {
        const std::string tkey = f.matched.empty() ? f.item : f.matched;
        out = EnumSymbols(tkey);
        if (!f.member.empty()) {
          AddEnumerator(T_, tkey, f.member, out);
          if (origin_) AddEnumerator(*origin_, tkey, f.member, out);
        }
        break;
      }
      case ItemKind::kTypedef:
        AddItem<&Contract::typedefs>(f.item, out);
        break;
      case ItemKind::kFunction:
        AddItem<&Contract::functions>(f.item, out);
        for (const CauseChain& c : f.explained_by) AddItem<&Contract::typedefs>(c.root, out);
        break;
      case ItemKind::kVariable:
        AddItem<&Contract::variables>(f.item, out);
        break;
      case ItemKind::kConstant: {
        const bool in_truth = T_.constants.count(f.item) > 0;
        const bool in_origin = origin_ && origin_->constants.count(f.item) > 0;
        AddItem<&Contract::constants>(f.item, out);
        if (!in_truth) AddConstantAsEnumerator(T_, f.item, out);
        if (origin_ && !in_origin) AddConstantAsEnumerator(*origin_, f.item, out);
        break;
      }
    }
    return out;
  }

  const Contract& T_;
  const Contract* origin_;
  const Contract& config_;
  const NameMatcher& names_;
  DiffReport& r_;
  std::map<std::string, bool> differs_;
  // Record -> its fields on one side only: (name, true if in the truth).
  std::map<std::string, std::vector<std::pair<std::string, bool>>> one_sided_;
  std::map<std::string, std::vector<CauseChain>> roots_of_;
  // Enum (truth key) -> its enumerators on one side only: (name, true if in the truth).
  std::map<std::string, std::vector<std::pair<std::string, bool>>> one_sided_enumerators_;
  std::map<std::string, std::set<std::string>> record_symbols_;
};

}  // namespace

std::string KconfigSymbol(const std::string& macro) {
  if (macro.rfind("CONFIG_", 0) != 0 || macro.size() <= 7) return "";
  static const std::string kModule = "_MODULE";
  if (macro.size() > 7 + kModule.size() && macro.compare(macro.size() - kModule.size(), kModule.size(), kModule) == 0) {
    return macro.substr(0, macro.size() - kModule.size());
  }
  return macro;
}

std::string KconfigValue(const Contract& c, const std::string& symbol) {
  auto it = c.constants.find(symbol);
  if (it != c.constants.end()) {
    const contract::Constant& k = it->second;
    if (k.kind == contract::ConstantKind::kInt && k.int_value == contract::IntValue::Of(1)) return "y";
    return ConstText(k);
  }
  if (c.constants.count(symbol + "_MODULE")) return "m";
  return "unset";
}

void AssignConfigGroups(const Contract& truth, const Contract& assumed, const Contract* assumed_c,
                        const NameMatcher& names, DiffReport& report) {
  Grouper(truth, assumed, assumed_c, names, report).Run();
}

}  // namespace bindfuzz::diff
