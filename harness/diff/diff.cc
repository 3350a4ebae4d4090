// Compare(): for each item of the assumed side, find its truth counterpart
// (name_match), compare the two (record_compare, item_compare, on
// type_compare and consequence), and write its coverage row (coverage).
// When nothing matches, say why: not a finding when the truth is partial
// (BTF), a note when the truth's front end said why it did not model the
// item, a `*-missing` finding otherwise.
#include "harness/diff/diff.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "harness/diff/abi_equivalence.h"
#include "harness/diff/anon_tree.h"
#include "harness/diff/attribution.h"
#include "harness/diff/compare_context.h"
#include "harness/diff/config_group.h"
#include "harness/diff/consequence.h"
#include "harness/diff/coverage.h"
#include "harness/diff/drift.h"
#include "harness/diff/item_compare.h"
#include "harness/diff/name_match.h"
#include "harness/diff/pair_through_functions.h"
#include "harness/diff/record_compare.h"
#include "harness/diff/sentence.h"
#include "harness/diff/type_compare.h"

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Enum;
using contract::Enumerator;
using contract::Function;
using contract::Record;
using contract::Side;

const char* DefaultLabel(Side side) {
  switch (side) {
    case Side::kC: return "C";
    case Side::kBtf: return "BTF";
    case Side::kRust: return "Rust";
  }
  return "?";
}

// DiffOptions labels, else derived from the sides ("C (truth)" and
// "C (assumed)" when both are of one kind).
Labels LabelsFor(const Contract& truth, const Contract& assumed, const DiffOptions& options) {
  Labels l{options.truth_label, options.assumed_label};
  if (l.truth.empty() || l.assumed.empty()) {
    std::string t = DefaultLabel(truth.side), a = DefaultLabel(assumed.side);
    if (t == a) {
      t += " (truth)";
      a += " (assumed)";
    }
    if (l.truth.empty()) l.truth = t;
    if (l.assumed.empty()) l.assumed = a;
  }
  return l;
}

// Name matching over the two contracts, with the records functions pair
// across different names (pair_through_functions.h).
NameMatcher MatcherFor(const Contract& truth, const Contract& assumed, const std::string& truth_label) {
  NameMatcher m(truth, assumed);
  m.SetFunctionPairs(PairThroughFunctions(truth, assumed, m, truth_label));
  return m;
}

class Differ {
 public:
  Differ(const Contract& truth, const Contract& assumed, const DiffOptions& options, const Contract* assumed_c)
      : T_(truth),
        A_(assumed),
        assumed_c_(assumed_c),
        opt_(options),
        labels_(LabelsFor(truth, assumed, options)),
        tl_(labels_.truth),
        al_(labels_.assumed),
        names_(MatcherFor(truth, assumed, labels_.truth)),
        types_(truth, assumed, names_, labels_),
        say_(labels_),
        truth_notes_(NotesByItem(truth)),
        assumed_notes_(NotesByItem(assumed)),
        truth_by_label_(TruthFunctionsByAsmLabel(truth)),
        ctx_{T_, A_, labels_, names_, types_, say_, truth_notes_, assumed_notes_, sink_},
        records_(ctx_),
        items_(ctx_) {}

  DiffReport Run();

 private:
  // Runs `check(key, assumed_item, item)` for every item of one kind on the
  // assumed side, with the sink set up for the item, and adds the item and
  // what `check` emitted to the report.
  template <typename Items, typename Check>
  void ForEachAssumed(ItemKind kind, const Items& items, Check check) {
    for (const auto& [key, assumed] : items) {
      ItemResult item{.kind = kind, .key = key, .loc = assumed.loc};
      sink_.StartItem(kind, key);
      std::vector<Finding> found = sink_.Collect([&] { check(key, assumed, item); });
      AddItem(opt_, item, std::move(found), report_);
    }
  }
  void Emit(FindingDraft d) { sink_.Emit(std::move(d)); }

  // What to say about an assumed item with no truth counterpart, by why it
  // has none.
  struct Absence {
    // The truth is partial (BTF): no finding. Empty: PartialTruthReason().
    std::string partial_reason;
    // The truth's front end left a note on the item: `note_reason` (empty:
    // "<truth> did not model it: ") and the message of `not_modelled` (an
    // `unevaluated` finding) end with it.
    std::string note_reason;
    FindingDraft not_modelled;
    // Non-empty: no finding, for this reason (a type nothing references).
    std::string unreachable_reason;
    // Otherwise: the `*-missing` finding.
    std::string missing_reason;
    FindingDraft missing;
  };
  void Unmatched(const std::string& key, ItemResult& item, Absence a);
  // The `unevaluated` finding of Absence::not_modelled for `what` (a quoted
  // key, "enum `key`") with the assumed value `assumed`.
  FindingDraft NotModelled(const std::string& what, std::string assumed, const contract::SourceLoc& loc,
                           std::string consequence) const {
    return {.kind = MismatchKind::kUnevaluated,
            .truth = "<not modelled>",
            .assumed = std::move(assumed),
            .assumed_loc = loc,
            .message = S(tl_, " did not model ", what, ": "),
            .consequence = std::move(consequence)};
  }

  void DoRecords();
  void DoEnums();
  void DoTypedefs();
  void DoFunctions();
  void DoVariables();
  void DoConstants();

  // BTF holds only what the built vmlinux contains (no macros, no modules,
  // no unused types): an item missing from it is not a mismatch.
  bool TruthIsPartial() const { return T_.side == Side::kBtf; }
  std::string PartialTruthReason() const {
    return S("no ", tl_, " definition (", tl_, " holds only what the built image contains)");
  }
  std::string NoteFor(const std::string& item) const {
    auto it = truth_notes_.find(item);
    return it == truth_notes_.end() ? "" : it->second;
  }
  std::string ClosestOf(size_t candidates) const {
    return S(candidates, " ", tl_, " definitions; closest used");
  }

  // Drift mode: the truth's items nothing binds, merged into the report in
  // its order (item kind, then key), through the filters.
  void AddUnbound();
  // Drift mode with the bindings' own C: marks the findings the bindings
  // already had against that C (Finding::preexisting).
  void MarkPreexisting();

  const Contract& T_;
  const Contract& A_;
  const Contract* assumed_c_;
  const DiffOptions& opt_;
  const Labels labels_;
  const std::string& tl_;
  const std::string& al_;
  const NameMatcher names_;
  const TypeComparer types_;
  const Consequences say_;
  const std::map<std::string, std::string> truth_notes_;
  const std::map<std::string, std::string> assumed_notes_;
  // TruthFunctionsByAsmLabel: C functions by the symbol an asm label gives them.
  const std::map<std::string, std::string> truth_by_label_;
  FindingSink sink_;
  const CompareContext ctx_;
  RecordComparer records_;
  ItemComparer items_;
  DiffReport report_;
};

void Differ::DoRecords() {
  // Unnamed-member types of records whose unnamed members nest differently
  // on the two sides: ordinals name different members there.
  const std::map<std::string, std::string> in_parent = AnonSubtreesComparedInParent(T_, A_, names_);
  ForEachAssumed(ItemKind::kRecord, A_.records, [&](const std::string& key, const Record& ar, ItemResult& item) {
    if (auto p = in_parent.find(key); p != in_parent.end()) {
      item.reason = S("an unnamed member type of ", Q(p->second), ", whose unnamed members nest differently in ", tl_,
                      ": its members are compared in ", Q(p->second), " by the names ", tl_, " code spells");
      return;
    }
    std::vector<std::string> cands = names_.TruthRecords(key);
    std::string nested_reason;
    if (cands.empty()) {
      std::string child = names_.NestedNameOf(key);
      if (!child.empty()) {
        cands = names_.TruthRecords(child);
        nested_reason = S("bindgen's name for ", tl_, "'s ", Q(child), ", declared inside another record");
      }
    }
    const FunctionPair* pair = nullptr;
    if (cands.empty()) {
      if (auto p = names_.function_pairs().paired.find(key); p != names_.function_pairs().paired.end()) {
        pair = &p->second;
        cands = {pair->truth};
      }
    }
    if (cands.empty() && IsBindgenHelper(key)) {
      item.unmatched = true;
      item.reason = "bindgen helper type, not part of the C interface";
      return;
    }
    if (cands.empty()) {
      // bindgen emits the anonymous member types of an --opaque-type record
      // (alt_instr, spinlock) although nothing references them: no Rust
      // code reaches their layout through the bindings.
      const std::string parent = names_.OpaqueParentOfAnonMember(key);
      std::string unreachable;
      if (!parent.empty()) {
        unreachable = S("bindgen's unreferenced anonymous member type of opaque ", Q(parent),
                        "; not reachable from the bindings");
      } else if (!ar.complete || IsOpaqueStandIn(ar)) {
        // `struct Mem { _unused: [u8; 0] }` for C's `typedef struct Mem
        // sqlite3_value`: it claims no layout, so there is nothing to check.
        unreachable = S(al_, "'s opaque stand-in (incomplete or zero-sized): it claims no layout");
      }
      // Functions pass it, but not as one C record: say why it was not
      // paired.
      std::string unpaired;
      if (auto u = names_.function_pairs().ambiguous.find(key); u != names_.function_pairs().ambiguous.end()) {
        unpaired = S("; not paired through functions: ", u->second);
      }
      Unmatched(key, item,
                {.not_modelled = NotModelled(Q(key), Bytes(ar.size_bytes), ar.loc, say_.RecordNotModelled(key)),
                 .unreachable_reason = unreachable,
                 .missing_reason = S("no ", tl_, " definition found", unpaired),
                 .missing = {.kind = MismatchKind::kRecordMissing,
                             .truth = "<absent>",
                             .assumed = !ar.complete          ? std::string("incomplete")
                                        : ar.align_bytes == 0 ? S(RecordKindWord(ar.kind), ", size unknown")
                                                              : S(RecordKindWord(ar.kind), ", ", Bytes(ar.size_bytes)),
                             .assumed_loc = ar.loc,
                             .message = S(al_, " binds ", RecordKindWord(ar.kind), " ", Q(key), "; ", tl_,
                                          " has no such record", unpaired),
                             .consequence = say_.RecordMissing(key, ar)}});
      return;
    }
    // Several (BTF) definitions: the one with the fewest findings is used.
    std::vector<Finding> best;
    const Record* best_rec = nullptr;
    for (const std::string& ck : cands) {
      sink_.SetMatched(ck == key ? "" : ck);
      std::vector<Finding> cur = sink_.Collect([&] { records_.Compare(T_.records.at(ck), ar); });
      if (!best_rec || cur.size() < best.size()) {
        best = std::move(cur);
        best_rec = &T_.records.at(ck);
        item.matched = sink_.matched();
      }
    }
    if (!best_rec->complete && IsPlaceholder(ar)) {
      item.reason = S("opaque on both sides (", tl_, " incomplete, ", al_, " a placeholder)");
    } else if (!best_rec->complete && ar.complete) {
      item.unmatched = true;
      item.reason = S(tl_, " declares it only as incomplete");
    } else if (best_rec->complete && !ar.complete) {
      item.reason = S(al_, " declares it only as incomplete");
    } else if (!best_rec->complete) {
      item.reason = "incomplete on both sides";
    } else if (ar.opaque || best_rec->opaque) {
      item.reason = S(ar.opaque ? al_ : tl_, " binds it as an opaque blob: only size and alignment compared");
    }
    for (const std::string& extra : {cands.size() > 1 ? ClosestOf(cands.size()) : std::string(), nested_reason}) {
      if (!extra.empty()) item.reason = item.reason.empty() ? extra : S(item.reason, "; ", extra);
    }
    if (pair) {
      // The names differ: say so once (a note), and let every layout
      // finding name both records.
      const std::string both = S(al_, " ", Q(key), " = ", tl_, " ", RecordKindWord(best_rec->kind), " ",
                                 Q(best_rec->name.empty() ? pair->truth : best_rec->name), ", paired through ",
                                 pair->via);
      const std::string extra = S("paired with ", tl_, " ", Q(pair->truth), " through ", pair->via);
      item.reason = item.reason.empty() ? extra : S(item.reason, "; ", extra);
      for (Finding& f : best) f.message = S(both, ": ", f.message);
      best.insert(best.begin(), sink_.Collect([&] {
        Emit({.kind = MismatchKind::kRecordPaired,
              .truth = S(RecordKindWord(best_rec->kind), " ", pair->truth),
              .assumed = S(RecordKindWord(ar.kind), " ", key),
              .truth_loc = best_rec->loc,
              .assumed_loc = ar.loc,
              .message = S(both, best.empty() ? "; the layouts agree, only the names differ"
                                              : "; the layouts differ (the findings below)"),
              .consequence = S(al_, " uses ", Q(key), " where ", tl_, " has ", Q(pair->truth),
                               " (", pair->via, "): its layout is checked against that record")});
      }).front());
    }
    item.truth_record = best_rec;
    item.assumed_record = &ar;
    sink_.Append(std::move(best));
  });
}

void Differ::DoEnums() {
  ForEachAssumed(ItemKind::kEnum, A_.enums, [&](const std::string& key, const Enum& ae, ItemResult& item) {
    std::string how;
    std::vector<std::string> cands = names_.TruthEnumsForAssumed(ae, &how);
    if (cands.empty()) {
      Unmatched(key, item,
                {.not_modelled = NotModelled(S("enum ", Q(key)), "", ae.loc, say_.EnumNotModelled(key)),
                 .missing_reason = S("no ", tl_, " enum found"),
                 .missing = {.kind = MismatchKind::kEnumMissing,
                             .truth = "<absent>",
                             .assumed = S(ae.enumerators.size(), " enumerators"),
                             .assumed_loc = ae.loc,
                             .message = S(al_, " binds enum ", Q(key), "; ", tl_, " has no such enum"),
                             .consequence = say_.EnumMissing(key)}});
      return;
    }
    // Several (BTF) definitions: the one with the fewest findings is used.
    std::string best = cands.front();
    if (cands.size() > 1) {
      size_t fewest = SIZE_MAX;
      for (const std::string& ck : cands) {
        std::vector<Finding> trial = sink_.Collect([&] { items_.CompareEnum(T_.enums.at(ck), ae); });
        if (trial.size() < fewest) {
          fewest = trial.size();
          best = ck;
        }
      }
      how = ClosestOf(cands.size());
    }
    if (best != key) item.matched = best;
    sink_.SetMatched(item.matched);
    item.reason = how;
    items_.CompareEnum(T_.enums.at(best), ae);
  });
}

void Differ::DoTypedefs() {
  ForEachAssumed(ItemKind::kTypedef, A_.typedefs,
                 [&](const std::string& key, const contract::Typedef& at, ItemResult& item) {
    const contract::Typedef* tt = names_.TruthTypedef(key);
    if (tt) {
      items_.CompareTypedef(key, *tt, at);
    } else if (std::vector<std::string> e = names_.TruthEnums(key); !e.empty()) {
      // `pub type color = u32` for C's `enum color`: what the alias means is
      // compared with the enum.
      item.reason = S("checked as ", tl_, " enum ", Q(key));
      contract::Typedef as_typedef{.name = key, .target = contract::Type::Named(contract::TypeKind::kEnum, e.front())};
      as_typedef.loc = T_.enums.at(e.front()).loc;
      items_.CompareTypedef(key, as_typedef, at);
    } else if (std::vector<std::string> r = names_.TruthRecords(key); !r.empty()) {
      // `pub type z_stream = z_stream_s` for C's `struct z_stream`.
      item.reason = S("checked as ", tl_, " record ", Q(key));
      contract::Typedef as_typedef{.name = key, .target = contract::Type::Named(contract::TypeKind::kRecord, r.front())};
      as_typedef.loc = T_.records.at(r.front()).loc;
      items_.CompareTypedef(key, as_typedef, at);
    } else {
      item.unmatched = true;
      item.reason = S("no ", tl_, " typedef of that name; its uses are compared structurally");
    }
  });
}

void Differ::DoFunctions() {
  ForEachAssumed(ItemKind::kFunction, A_.functions, [&](const std::string& key, const Function& af, ItemResult& item) {
    // Functions pair by the symbol they link: the assumed key is Rust's
    // symbol (`#[link_name]`, else the name), a C asm label renames C's.
    const Function* tf = names_.TruthFunction(key);
    const Function* renamed = tf && tf->Symbol() != key ? tf : nullptr;
    if (!tf || renamed) {
      if (auto it = truth_by_label_.find(key); it != truth_by_label_.end()) {
        tf = &T_.functions.at(it->second);
        renamed = nullptr;
        item.matched = it->second;
        sink_.SetMatched(item.matched);
      }
    }
    if (renamed) {
      Emit({.kind = MismatchKind::kFunctionLinkName,
            .truth = renamed->asm_label,
            .assumed = key,
            .truth_loc = renamed->loc,
            .assumed_loc = af.loc,
            .message = S(al_, " links ", Q(key), "; ", tl_, " declares ", Q(key), " with asm label \"",
                         renamed->asm_label, "\": its symbol is ", Q(renamed->asm_label)),
            .consequence = S(al_, " calls the symbol ", Q(key), ", not ", Q(renamed->asm_label), " that ", tl_,
                             " code calling ", Q(key), " reaches: the link fails, or ", al_,
                             " calls another implementation (an older symbol version, other semantics)")});
    }
    if (!tf) {
      Unmatched(key, item,
                {.not_modelled = NotModelled(Q(key), "", af.loc, say_.FunctionNotModelled(key)),
                 .missing_reason = S("no ", tl_, " declaration found"),
                 .missing = {.kind = MismatchKind::kFunctionMissing,
                             .truth = "<absent>",
                             .assumed = "extern",
                             .assumed_loc = af.loc,
                             .message = S(al_, " declares ", Q(key), "; ", tl_, " declares no such function"),
                             .consequence = say_.FunctionMissing(key)}});
      return;
    }
    if (!tf->has_symbol) {
      item.unmatched = true;
      item.reason = S(tl_, " has it as static inline");
    }
    items_.CompareFunction(*tf, af);
  });
}

void Differ::DoVariables() {
  ForEachAssumed(ItemKind::kVariable, A_.variables,
                 [&](const std::string& key, const contract::Variable& av, ItemResult& item) {
    const contract::Variable* tv = names_.TruthVariable(key);
    if (tv) {
      items_.CompareVariable(key, *tv, av);
      return;
    }
    // Like every other item: a note when the truth's front end said why it
    // did not model it, nothing when the truth is partial.
    Unmatched(key, item,
              {.not_modelled = NotModelled(Q(key), TypeStr(A_, av.type), av.loc, say_.VariableNotModelled(key)),
               .missing_reason = S("no ", tl_, " declaration found"),
               .missing = {.kind = MismatchKind::kVariableMissing,
                           .truth = "<absent>",
                           .assumed = TypeStr(A_, av.type),
                           .assumed_loc = av.loc,
                           .message = S(al_, " declares global ", Q(key), "; ", tl_, " declares no such variable"),
                           .consequence = say_.VariableMissing(key)}});
  });
}

void Differ::DoConstants() {
  ForEachAssumed(ItemKind::kConstant, A_.constants,
                 [&](const std::string& key, const contract::Constant& ac, ItemResult& item) {
    if (const ItemComparer::Checked* ce = items_.CheckedEnumerator(key)) {
      item.reason = S("checked as an enumerator of enum ", Q(ce->enum_name));
      item.findings_elsewhere = ce->had_finding;
      return;
    }
    if (const contract::Constant* tc = names_.TruthConstant(key)) {
      items_.CompareConstant(*tc, ac);
      return;
    }
    const Enum* te = nullptr;
    const Enumerator* en = nullptr;
    if (names_.FindEnumeratorConstant(ac, &te, &en)) {
      item.matched = S(te->name, "::", en->name);
      sink_.SetMatched(item.matched);
      items_.CompareEnumeratorConstant(key, *en, ac);
      return;
    }
    const std::string value = ConstText(ac);
    Unmatched(key, item,
              {.partial_reason = S(tl_, " carries no macro constants"),
               .note_reason = S(tl_, " could not evaluate it: "),
               .not_modelled = {.kind = MismatchKind::kUnevaluated,
                                .truth = "<not evaluated>",
                                .assumed = value,
                                .assumed_loc = ac.loc,
                                .message = S(tl_, " could not evaluate ", Q(key), ": "),
                                .consequence = say_.ConstantNotEvaluated(key, value)},
               .missing_reason = S("no ", tl_, " constant or enumerator found"),
               .missing = {.kind = MismatchKind::kConstantMissing,
                           .truth = "<absent>",
                           .assumed = value,
                           .assumed_loc = ac.loc,
                           .message = S(al_, " defines ", Q(key), " = ", value, "; ", tl_,
                                        " has no such constant or enumerator"),
                           .consequence = say_.ConstantMissing(key, value)}});
  });
}

void Differ::Unmatched(const std::string& key, ItemResult& item, Absence a) {
  item.unmatched = true;
  const std::string note = NoteFor(key);
  if (TruthIsPartial()) {
    item.reason = a.partial_reason.empty() ? PartialTruthReason() : std::move(a.partial_reason);
  } else if (!note.empty()) {
    item.reason = (a.note_reason.empty() ? S(tl_, " did not model it: ") : a.note_reason) + note;
    a.not_modelled.message += note;
    Emit(std::move(a.not_modelled));
  } else if (!a.unreachable_reason.empty()) {
    item.reason = std::move(a.unreachable_reason);
  } else {
    item.reason = std::move(a.missing_reason);
    Emit(std::move(a.missing));
  }
}

void Differ::AddUnbound() {
  std::vector<Finding> unbound;
  for (Finding& f : UnboundFindings(T_, A_, assumed_c_, names_, tl_, al_)) {
    if (!opt_.kinds.test(static_cast<size_t>(f.kind)) || f.severity < opt_.min_severity) {
      ++report_.suppressed;
      continue;
    }
    ++report_.counts[static_cast<size_t>(f.kind)];
    unbound.push_back(std::move(f));
  }
  if (unbound.empty()) return;
  std::vector<Finding> merged;
  merged.reserve(report_.findings.size() + unbound.size());
  auto before = [](const Finding& a, const Finding& b) {
    return a.item_kind != b.item_kind ? a.item_kind < b.item_kind : a.item < b.item;
  };
  size_t i = 0, j = 0;
  while (i < report_.findings.size() || j < unbound.size()) {
    if (j == unbound.size() || (i < report_.findings.size() && !before(unbound[j], report_.findings[i]))) {
      merged.push_back(std::move(report_.findings[i++]));
    } else {
      merged.push_back(std::move(unbound[j++]));
    }
  }
  report_.findings = std::move(merged);
}

void Differ::MarkPreexisting() {
  DiffOptions o;
  o.truth_label = tl_;
  o.assumed_label = al_;
  const DiffReport old = Differ(*assumed_c_, A_, o, nullptr).Run();
  std::set<std::tuple<MismatchKind, std::string, std::string>> had;
  for (const Finding& f : old.findings) had.insert({f.kind, f.item, f.member});
  for (Finding& f : report_.findings) f.preexisting = had.count({f.kind, f.item, f.member}) > 0;
}

DiffReport Differ::Run() {
  report_.truth_label = tl_;
  report_.assumed_label = al_;
  report_.truth_side = T_.side;
  report_.assumed_side = A_.side;
  report_.truth_provenance = T_.provenance;
  report_.assumed_provenance = A_.provenance;
  report_.options = opt_;
  report_.options.truth_label = tl_;
  report_.options.assumed_label = al_;
  report_.truth_notes = T_.notes.size();
  report_.assumed_notes = A_.notes.size();
  DoRecords();
  DoEnums();
  DoTypedefs();
  DoFunctions();
  DoVariables();
  DoConstants();
  if (opt_.drift) AddUnbound();
  if (opt_.drift && assumed_c_ != nullptr) MarkPreexisting();
  Attribute(T_, A_, names_, types_, report_);
  if (opt_.config_groups) AssignConfigGroups(T_, A_, assumed_c_, names_, report_);
  return std::move(report_);
}

}  // namespace

const char* ItemKindName(ItemKind kind) {
  switch (kind) {
    case ItemKind::kRecord: return "record";
    case ItemKind::kEnum: return "enum";
    case ItemKind::kTypedef: return "typedef";
    case ItemKind::kFunction: return "function";
    case ItemKind::kVariable: return "variable";
    case ItemKind::kConstant: return "constant";
  }
  return "?";
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kClean: return "matched-clean";
    case Outcome::kFindings: return "matched-with-findings";
    case Outcome::kUnmatched: return "unmatched";
  }
  return "?";
}

std::string Finding::Subject() const {
  if (member.empty()) return item;
  switch (item_kind) {
    case ItemKind::kRecord: return item + "." + member;
    case ItemKind::kEnum: return item + "::" + member;
    case ItemKind::kFunction: return member == "return" ? item + "() return" : item + "(" + member + ")";
    default: return item + "." + member;
  }
}

size_t DiffReport::CountSeverity(Severity severity) const {
  size_t n = 0;
  for (const Finding& f : findings) n += f.severity == severity;
  return n;
}

size_t DiffReport::CountOutcome(Outcome outcome) const {
  size_t n = 0;
  for (const CoverageEntry& e : coverage) n += e.outcome == outcome;
  return n;
}

DiffReport Compare(const contract::Contract& truth, const contract::Contract& assumed,
                   const DiffOptions& options) {
  return Differ(truth, assumed, options, nullptr).Run();
}

DiffReport Compare(const contract::Contract& truth, const contract::Contract& assumed, const DiffOptions& options,
                   const contract::Contract* assumed_c) {
  return Differ(truth, assumed, options, assumed_c).Run();
}

int ExitCode(const DiffReport& report, Severity fail_at) {
  for (const Finding& f : report.findings) {
    if (f.severity >= fail_at) return 1;
  }
  return 0;
}

}  // namespace bindfuzz::diff
