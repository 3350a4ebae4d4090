#include "harness/diff/attribution.h"

#include <algorithm>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/diff/drift.h"
#include "harness/diff/sentence.h"

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Field;
using contract::Function;
using contract::Record;
using contract::ResolveTypedefs;
using contract::Type;
using contract::TypeKind;

// A field (or parameter) that holds a changed record or typedef.
struct Edge {
  std::string member;  // C name
  std::string type;    // as the truth declares it
  std::string target;  // assumed key of the record or typedef reached
  std::string alias;   // the typedef name the member is declared with, if any
};

struct ItemKey {
  ItemKind kind;
  std::string key;
  friend auto operator<=>(const ItemKey&, const ItemKey&) = default;
};

bool IsFunctionSignatureKind(MismatchKind k) {
  switch (k) {
    case MismatchKind::kFunctionParamType:
    case MismatchKind::kFunctionParamWidth:
    case MismatchKind::kFunctionSignedness:
    case MismatchKind::kFunctionReturnType:
    case MismatchKind::kFunctionReturnWidth:
      return true;
    default:
      return false;
  }
}

std::vector<const Field*> NamedFields(const Record& r) {
  std::vector<const Field*> out;
  for (const Field& f : r.fields) {
    if (!f.artificial) out.push_back(&f);
  }
  return out;
}

// "4 -> 32 bytes, align 4 -> 8" for a record; else the kinds of its own findings.
std::string ChangeText(const std::vector<const Finding*>& own) {
  std::string size, align;
  std::map<std::string, size_t> kinds;
  for (const Finding* f : own) {
    if (f->kind == MismatchKind::kRecordSize) size = S(f->assumed_value, " -> ", f->truth_value, " bytes");
    if (f->kind == MismatchKind::kRecordAlign) align = S("align ", f->assumed_value, " -> ", f->truth_value);
    ++kinds[std::string(KindName(f->kind))];
  }
  if (!size.empty() || !align.empty()) return size.empty() ? align : align.empty() ? size : S(size, ", ", align);
  if (own.size() == 1) {
    const Finding& f = *own.front();
    return S(KindName(f.kind), ": ", f.assumed_value, " -> ", f.truth_value);
  }
  std::string out;
  for (const auto& [k, n] : kinds) out += S(out.empty() ? "" : ", ", k, " ", n);
  return out;
}

// Roots that explain most first, then by kind and key.
void SortRootCauses(std::vector<RootCause>& roots) {
  std::sort(roots.begin(), roots.end(), [](const RootCause& a, const RootCause& b) {
    if (a.records.size() != b.records.size()) return a.records.size() > b.records.size();
    if (a.findings_explained != b.findings_explained) return a.findings_explained > b.findings_explained;
    if (a.functions.size() != b.functions.size()) return a.functions.size() > b.functions.size();
    if (a.item_kind != b.item_kind) return a.item_kind < b.item_kind;
    return a.item < b.item;
  });
}

class Attributor {
 public:
  Attributor(const Contract& truth, const Contract& assumed, const NameMatcher& names, const TypeComparer& types,
             DiffReport& report)
      : T_(truth), A_(assumed), names_(names), types_(types), r_(report) {}

  void Run() {
    Index();
    for (const auto& [key, idx] : record_findings_) {
      if (!layout_changed_.count(key)) continue;
      std::vector<Edge> edges;
      if (SameDeclaration(key, &edges) && !edges.empty()) inherited_[key] = std::move(edges);
    }
    for (const auto& [key, edges] : inherited_) chains_[key] = ChainsFrom(key);
    // An inherited record whose members lead nowhere (hostile cycles) is its own root.
    for (auto it = inherited_.begin(); it != inherited_.end();) {
      if (chains_[it->first].empty()) {
        chains_.erase(it->first);
        it = inherited_.erase(it);
      } else {
        ++it;
      }
    }
    ExplainFindings();
    ImpactedFunctions();
    BuildRootCauses();
  }

 private:
  void Index() {
    for (size_t i = 0; i < r_.findings.size(); ++i) {
      const Finding& f = r_.findings[i];
      if (IsUnboundKind(f.kind)) continue;
      if (f.item_kind == ItemKind::kRecord) {
        record_findings_[f.item].push_back(i);
        if (IsLayoutFinding(f.kind)) layout_changed_.insert(f.item);
        if (f.kind == MismatchKind::kRecordSize || f.kind == MismatchKind::kRecordAlign) size_changed_.insert(f.item);
        if (!f.matched.empty()) matched_.emplace(f.item, f.matched);
      } else if (f.item_kind == ItemKind::kTypedef) {
        typedef_roots_.insert(f.item);
      }
    }
  }

  const Record* TruthRecordOf(const std::string& key) const {
    auto m = matched_.find(key);
    if (m != matched_.end()) {
      auto it = T_.records.find(m->second);
      if (it != T_.records.end()) return &it->second;
    }
    if (const Record* r = names_.TruthRecord(key)) return r;
    std::string nested = names_.NestedNameOf(key);
    return nested.empty() ? nullptr : names_.TruthRecord(nested);
  }

  // Do the two declarations of a member type hold the same thing for layout
  // purposes: one typedef name, any pointers, arrays of the same shape, or
  // types the type comparer calls the same (records by name, scalars)?
  bool SameDeclaredType(const Type& t, const Type& a, int depth = 0) const {
    if (depth > kMaxTypeDepth) return false;
    if (t.kind == TypeKind::kTypedef && a.kind == TypeKind::kTypedef && t.name == a.name) return true;
    const Type& rt = ResolveTypedefs(T_, t);
    const Type& ra = ResolveTypedefs(A_, a);
    if (rt.kind == TypeKind::kPointer && ra.kind == TypeKind::kPointer) return true;
    if (rt.kind == TypeKind::kArray && ra.kind == TypeKind::kArray && !rt.inner.empty() && !ra.inner.empty() &&
        rt.flexible == ra.flexible && rt.count == ra.count && SameDeclaredType(rt.inner[0], ra.inner[0], depth + 1)) {
      return true;
    }
    return types_.Compare(t, a).same();
  }

  // What a member of type `t` (assumed side) holds by value and has
  // changed: a record with a size or alignment finding, or a typedef with a
  // finding. Through typedefs and array elements, never pointers.
  std::optional<std::string> ChangedByValue(const Type& t, std::string* alias) const {
    const Type* cur = &t;
    for (int depth = 0; depth < kMaxTypeDepth; ++depth) {
      switch (cur->kind) {
        case TypeKind::kTypedef: {
          if (typedef_roots_.count(cur->name)) return cur->name;
          if (alias && alias->empty()) *alias = cur->name;
          auto it = A_.typedefs.find(cur->name);
          if (it == A_.typedefs.end()) return std::nullopt;
          cur = &it->second.target;
          continue;
        }
        case TypeKind::kArray:
          if (cur->inner.empty()) return std::nullopt;
          cur = &cur->inner[0];
          continue;
        case TypeKind::kRecord:
          if (size_changed_.count(cur->name)) return cur->name;
          return std::nullopt;
        default:
          return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // Is the record `key` declared the same way on both sides? Fills `edges`
  // with its fields that hold a changed record or typedef.
  bool SameDeclaration(const std::string& key, std::vector<Edge>* edges) const {
    const Record* tr = TruthRecordOf(key);
    auto ait = A_.records.find(key);
    if (!tr || ait == A_.records.end()) return false;
    const Record& ar = ait->second;
    if (!tr->complete || !ar.complete || tr->opaque || ar.opaque || tr->kind != ar.kind) return false;
    if (!tr->align_inferred && !ar.align_inferred && (tr->packed != ar.packed || tr->pack_bytes != ar.pack_bytes)) {
      return false;
    }
    std::vector<const Field*> tf = NamedFields(*tr), af = NamedFields(ar);
    if (tf.size() != af.size() || tf.empty()) return false;
    for (size_t i = 0; i < tf.size(); ++i) {
      const Field& t = *tf[i];
      const Field& a = *af[i];
      if (t.name != a.name || t.is_bitfield != a.is_bitfield) return false;
      if (t.is_bitfield && t.size_bits != a.size_bits) return false;
      if (!SameDeclaredType(t.type, a.type)) return false;
      std::string alias;
      if (std::optional<std::string> target = ChangedByValue(a.type, &alias)) {
        edges->push_back({.member = t.name, .type = t.type.ToString(), .target = *target, .alias = alias});
      }
    }
    return true;
  }

  // One shortest chain from the inherited record `start` to each root cause
  // it reaches, breadth first through inherited records.
  std::vector<CauseChain> ChainsFrom(const std::string& start) const {
    std::vector<CauseChain> out;
    std::set<std::string> roots_seen;
    std::set<std::string> visited = {start};
    std::deque<std::pair<std::string, std::vector<ChainLink>>> queue;
    queue.push_back({start, {}});
    while (!queue.empty()) {
      auto [node, path] = std::move(queue.front());
      queue.pop_front();
      auto it = inherited_.find(node);
      if (it == inherited_.end()) continue;
      for (const Edge& e : it->second) {
        std::vector<ChainLink> next = path;
        next.push_back({.item = node, .member = e.member, .type = e.type, .target = e.target});
        const bool is_typedef_root = typedef_roots_.count(e.target) && !size_changed_.count(e.target);
        if (is_typedef_root || !inherited_.count(e.target)) {
          if (roots_seen.insert(e.target).second) out.push_back({.root = e.target, .links = std::move(next)});
          continue;
        }
        if (visited.insert(e.target).second) queue.push_back({e.target, std::move(next)});
      }
    }
    return out;
  }

  // The assumed parameter a function finding's `member` names, or its return type.
  const Type* ParamType(const Finding& f) const {
    auto it = A_.functions.find(f.item);
    if (it == A_.functions.end()) return nullptr;
    const Function& af = it->second;
    if (f.member == "return") return &af.return_type;
    if (f.member.size() > 1 && f.member[0] == '#') {
      size_t n = 0;
      for (size_t i = 1; i < f.member.size(); ++i) {
        if (f.member[i] < '0' || f.member[i] > '9') return nullptr;
        n = n * 10 + static_cast<size_t>(f.member[i] - '0');
        if (n > af.params.size()) return nullptr;
      }
      return n >= 1 ? &af.params[n - 1].type : nullptr;
    }
    for (const contract::Param& p : af.params) {
      if (p.name == f.member) return &p.type;
    }
    if (const Function* tf = names_.TruthFunction(f.item)) {
      for (size_t i = 0; i < tf->params.size() && i < af.params.size(); ++i) {
        if (tf->params[i].name == f.member) return &af.params[i].type;
      }
    }
    return nullptr;
  }

  // The truth's declared type of a function finding's member, as text.
  std::string TruthParamText(const Finding& f, const Type& fallback) const {
    if (const Function* tf = names_.TruthFunction(f.item)) {
      if (f.member == "return") return tf->return_type.ToString();
      for (const contract::Param& p : tf->params) {
        if (p.name == f.member) return p.type.ToString();
      }
    }
    return fallback.ToString();
  }

  void ExplainFindings() {
    for (Finding& f : r_.findings) {
      if (f.item_kind == ItemKind::kRecord && IsLayoutFinding(f.kind)) {
        auto it = chains_.find(f.item);
        if (it != chains_.end()) f.explained_by = it->second;
      } else if (f.item_kind == ItemKind::kFunction && IsFunctionSignatureKind(f.kind)) {
        // A parameter declared with a typedef that changed: the typedef explains it.
        const Type* pt = ParamType(f);
        if (!pt) continue;
        const Type* cur = pt;
        for (int depth = 0; depth < kMaxTypeDepth && cur->kind == TypeKind::kTypedef; ++depth) {
          if (typedef_roots_.count(cur->name)) {
            f.explained_by.push_back(
                {.root = cur->name,
                 .links = {{.item = f.item, .member = f.member, .type = TruthParamText(f, *pt), .target = cur->name}}});
            break;
          }
          auto td = A_.typedefs.find(cur->name);
          if (td == A_.typedefs.end()) break;
          cur = &td->second.target;
        }
      }
    }
  }

  // The record a parameter or return type reaches through typedefs,
  // pointers and arrays, if it has layout findings.
  std::optional<std::string> ChangedThroughPointers(const Type& t) const {
    const Type* cur = &t;
    for (int depth = 0; depth < kMaxTypeDepth; ++depth) {
      switch (cur->kind) {
        case TypeKind::kTypedef: {
          auto it = A_.typedefs.find(cur->name);
          if (it == A_.typedefs.end()) return std::nullopt;
          cur = &it->second.target;
          continue;
        }
        case TypeKind::kPointer:
        case TypeKind::kArray:
          if (cur->inner.empty()) return std::nullopt;
          cur = &cur->inner[0];
          continue;
        case TypeKind::kRecord:
          if (layout_changed_.count(cur->name)) return cur->name;
          return std::nullopt;
        default:
          return std::nullopt;
      }
    }
    return std::nullopt;
  }

  void ImpactedFunctions() {
    for (const auto& [name, af] : A_.functions) {
      const Function* tf = names_.TruthFunction(name);
      if (!tf) continue;
      std::vector<CauseChain> chains;
      std::set<std::string> roots;
      auto add = [&](const std::string& member, const Type& truth_type, const Type& assumed_type) {
        std::optional<std::string> rec = ChangedThroughPointers(assumed_type);
        if (!rec) return;
        ChainLink first{.item = name, .member = member, .type = truth_type.ToString(), .target = *rec};
        auto it = chains_.find(*rec);
        if (it == chains_.end()) {
          if (roots.insert(*rec).second) chains.push_back({.root = *rec, .links = {first}});
          return;
        }
        for (const CauseChain& c : it->second) {
          if (!roots.insert(c.root).second) continue;
          CauseChain out{.root = c.root, .links = {first}};
          out.links.insert(out.links.end(), c.links.begin(), c.links.end());
          chains.push_back(std::move(out));
        }
      };
      add("return", tf->return_type, af.return_type);
      for (size_t i = 0; i < af.params.size() && i < tf->params.size(); ++i) {
        add(ParamName(tf->params[i], &af.params[i], i), tf->params[i].type, af.params[i].type);
      }
      if (!chains.empty()) r_.impacted_functions[name] = std::move(chains);
    }
  }

  void BuildRootCauses() {
    std::map<ItemKey, std::vector<const Finding*>> own;
    for (const Finding& f : r_.findings) {
      // What the bindings lack (drift mode) is not a change of a bound item,
      // nor is a record bound under another name (record-paired).
      if (f.explained_by.empty() && !IsUnboundKind(f.kind) && f.kind != MismatchKind::kRecordPaired) {
        own[{f.item_kind, f.item}].push_back(&f);
      }
    }
    // What each root explains.
    std::map<std::string, std::set<std::string>> records_of, functions_of, aliases_of;
    std::map<std::string, size_t> findings_of;
    for (const Finding& f : r_.findings) {
      for (const CauseChain& c : f.explained_by) ++findings_of[c.root];
    }
    for (const auto& [rec, chains] : chains_) {
      for (const CauseChain& c : chains) {
        records_of[c.root].insert(rec);
        const ChainLink& last = c.links.back();
        const Record* tr = TruthRecordOf(last.item);
        if (!tr) continue;
        for (const Field& fl : tr->fields) {
          if (fl.name == last.member && fl.type.kind == TypeKind::kTypedef && fl.type.name != c.root) {
            aliases_of[c.root].insert(fl.type.name);
          }
        }
      }
    }
    for (const auto& [fn, chains] : r_.impacted_functions) {
      for (const CauseChain& c : chains) functions_of[c.root].insert(fn);
    }
    for (const auto& [key, findings] : own) {
      RootCause rc;
      rc.item_kind = key.kind;
      rc.item = key.key;
      rc.change = ChangeText(findings);
      rc.own_findings = findings.size();
      const bool explains = key.kind == ItemKind::kRecord || key.kind == ItemKind::kTypedef;
      if (explains) {
        auto take = [&](std::map<std::string, std::set<std::string>>& m, std::vector<std::string>& out) {
          auto it = m.find(key.key);
          if (it != m.end()) out.assign(it->second.begin(), it->second.end());
        };
        take(records_of, rc.records);
        take(functions_of, rc.functions);
        take(aliases_of, rc.aliases);
        auto fi = findings_of.find(key.key);
        if (fi != findings_of.end()) rc.findings_explained = fi->second;
      }
      r_.root_causes.push_back(std::move(rc));
    }
    // A typedef or record reached by chains without a finding of its own
    // (filtered out by DiffOptions) is still where the chains end.
    std::set<std::string> listed;
    for (const RootCause& rc : r_.root_causes) {
      if (rc.item_kind == ItemKind::kRecord || rc.item_kind == ItemKind::kTypedef) listed.insert(rc.item);
    }
    for (const auto& [root, recs] : records_of) {
      if (listed.count(root)) continue;
      RootCause rc;
      rc.item_kind = typedef_roots_.count(root) && !size_changed_.count(root) ? ItemKind::kTypedef : ItemKind::kRecord;
      rc.item = root;
      rc.change = "changed (its findings are filtered out)";
      rc.records.assign(recs.begin(), recs.end());
      rc.findings_explained = findings_of[root];
      auto fi = functions_of.find(root);
      if (fi != functions_of.end()) rc.functions.assign(fi->second.begin(), fi->second.end());
      auto al = aliases_of.find(root);
      if (al != aliases_of.end()) rc.aliases.assign(al->second.begin(), al->second.end());
      r_.root_causes.push_back(std::move(rc));
    }
    SortRootCauses(r_.root_causes);
  }

  const Contract& T_;
  const Contract& A_;
  const NameMatcher& names_;
  const TypeComparer& types_;
  DiffReport& r_;

  std::map<std::string, std::vector<size_t>> record_findings_;
  std::set<std::string> layout_changed_;  // records with layout findings
  std::set<std::string> size_changed_;    // records with a size or alignment finding
  std::set<std::string> typedef_roots_;   // typedefs with findings
  std::map<std::string, std::string> matched_;
  // Inherited records and their fields that hold changed types.
  std::map<std::string, std::vector<Edge>> inherited_;
  std::map<std::string, std::vector<CauseChain>> chains_;
};

}  // namespace

void Attribute(const Contract& truth, const Contract& assumed, const NameMatcher& names, const TypeComparer& types,
               DiffReport& report) {
  Attributor(truth, assumed, names, types, report).Run();
}

void PruneAttribution(DiffReport& report) {
  // Roots the chains may still end at: items with a finding of their own,
  // and roots whose findings a filter had left out from the start.
  std::set<std::string> alive;
  for (const RootCause& rc : report.root_causes) {
    if (rc.own_findings == 0) alive.insert(rc.item);
  }
  for (const Finding& f : report.findings) {
    if (f.explained_by.empty() && !IsUnboundKind(f.kind)) alive.insert(f.item);
  }
  for (Finding& f : report.findings) {
    std::erase_if(f.explained_by, [&](const CauseChain& c) { return !alive.count(c.root); });
  }
  for (auto it = report.impacted_functions.begin(); it != report.impacted_functions.end();) {
    std::erase_if(it->second, [&](const CauseChain& c) { return !alive.count(c.root); });
    it = it->second.empty() ? report.impacted_functions.erase(it) : std::next(it);
  }
  // Recount every root from what remains.
  std::map<ItemKey, std::vector<const Finding*>> own;
  std::map<std::string, std::set<std::string>> records_of, functions_of;
  std::map<std::string, size_t> findings_of;
  for (const Finding& f : report.findings) {
    if (f.explained_by.empty()) {
      if (!IsUnboundKind(f.kind)) own[{f.item_kind, f.item}].push_back(&f);
      continue;
    }
    for (const CauseChain& c : f.explained_by) {
      ++findings_of[c.root];
      if (f.item_kind == ItemKind::kRecord) records_of[c.root].insert(f.item);
    }
  }
  for (const auto& [fn, chains] : report.impacted_functions) {
    for (const CauseChain& c : chains) functions_of[c.root].insert(fn);
  }
  std::map<ItemKey, RootCause> before;
  for (RootCause& rc : report.root_causes) before.emplace(ItemKey{rc.item_kind, rc.item}, std::move(rc));
  std::vector<RootCause> out;
  auto fill = [&](RootCause& rc) {
    const bool explains = rc.item_kind == ItemKind::kRecord || rc.item_kind == ItemKind::kTypedef;
    rc.records.clear();
    rc.functions.clear();
    rc.findings_explained = 0;
    if (!explains) return;
    if (auto it = records_of.find(rc.item); it != records_of.end()) rc.records.assign(it->second.begin(), it->second.end());
    if (auto it = functions_of.find(rc.item); it != functions_of.end()) {
      rc.functions.assign(it->second.begin(), it->second.end());
    }
    if (auto it = findings_of.find(rc.item); it != findings_of.end()) rc.findings_explained = it->second;
  };
  for (const auto& [key, findings] : own) {
    RootCause rc;
    auto it = before.find(key);
    if (it != before.end()) {
      rc = std::move(it->second);
      before.erase(it);
    } else {
      rc.item_kind = key.kind;
      rc.item = key.key;
    }
    rc.own_findings = findings.size();
    rc.change = ChangeText(findings);
    fill(rc);
    out.push_back(std::move(rc));
  }
  // Roots without findings of their own (filtered out) stay while they explain something.
  for (auto& [key, rc] : before) {
    if (rc.own_findings != 0) continue;
    fill(rc);
    if (!rc.records.empty() || !rc.functions.empty()) out.push_back(std::move(rc));
  }
  SortRootCauses(out);
  report.root_causes = std::move(out);
}

std::string ChainText(const CauseChain& chain) {
  if (chain.links.empty()) return chain.root;
  std::string out = chain.links.front().item;
  for (const ChainLink& l : chain.links) {
    out += S(" -> ", l.member, " (", l.type, ")");
  }
  if (chain.links.back().type != chain.root) out += S(" -> ", chain.root);
  return out;
}

}  // namespace bindfuzz::diff
