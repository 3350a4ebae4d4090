#include "harness/diff/pair_through_functions.h"

#include <set>
#include <string>
#include <vector>

#include "harness/diff/name_match.h"
#include "harness/diff/sentence.h"
#include "harness/diff/type_compare.h"

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Field;
using contract::Function;
using contract::Record;
using contract::ResolveTypedefs;
using contract::Type;
using contract::TypeKind;

// What one position says about an assumed record: the truth record there
// (empty: a truth type that is not a record, spelled in `other`).
struct Sighting {
  std::string truth;
  std::string other;
  std::string where;
};

class Pairer {
 public:
  Pairer(const Contract& truth, const Contract& assumed, const NameMatcher& names, const std::string& tl)
      : T_(truth), A_(assumed), names_(names), tl_(tl) {}

  FunctionPairs Run() {
    // Candidates: complete Rust records that claim a layout and have no C
    // record of their name (nor of bindgen's nested name).
    for (const auto& [key, r] : A_.records) {
      if (!names_.TruthRecords(key).empty()) {
        for (const std::string& k : names_.TruthRecords(key)) taken_.insert(CanonicalName(k));
        continue;
      }
      const std::string nested = names_.NestedNameOf(key);
      if (!nested.empty()) {
        for (const std::string& k : names_.TruthRecords(nested)) taken_.insert(CanonicalName(k));
        continue;
      }
      if (!r.complete || r.opaque || IsOpaqueStandIn(r) || IsBindgenHelper(key) || r.fields.empty()) continue;
      candidates_.insert(key);
    }
    if (candidates_.empty()) return {};
    for (const auto& [key, af] : A_.functions) {
      const Function* tf = names_.TruthFunction(key);
      if (!tf) continue;
      Walk(tf->return_type, af.return_type, S(Q(key), " return"), 0);
      for (size_t i = 0; i < af.params.size() && i < tf->params.size(); ++i) {
        Walk(tf->params[i].type, af.params[i].type, S(Q(key), " parameter ", i + 1), 0);
      }
    }
    // Fields of records paired by name, then of records paired here, until
    // nothing new pairs.
    for (const auto& [key, ar] : A_.records) {
      std::vector<std::string> t = names_.TruthRecords(key);
      if (!t.empty()) WalkFields(T_.records.at(t.front()), ar, key);
    }
    FunctionPairs out;
    std::set<std::string> walked;
    for (int round = 0; round < 8; ++round) {
      out = Decide();
      bool grew = false;
      for (const auto& [key, p] : out.paired) {
        if (!walked.insert(key).second) continue;
        WalkFields(T_.records.at(p.truth), A_.records.at(key), key);
        grew = true;
      }
      if (!grew) break;
    }
    return out;
  }

 private:
  void WalkFields(const Record& tr, const Record& ar, const std::string& key) {
    FieldPairing fp = names_.MatchFields(tr, ar);
    for (const FieldPairing::Pair& p : fp.assumed_order) {
      if (p.truth && p.assumed) Walk(p.truth->type, p.assumed->type, S("field ", Q(key + "." + p.assumed->name)), 0);
    }
    // C's unnamed members that Rust names (libc's `u:
    // __c_anonymous_ptrace_syscall_info_data` for the unnamed union of
    // `ptrace_syscall_info`), by rank.
    for (const auto& [unnamed, i] : UnnamedByOrder(fp)) {
      const Field& af = *fp.assumed_order[i].assumed;
      Walk(unnamed->type, af.type, S("field ", Q(key + "." + af.name)), 0);
    }
  }

  // Both types through typedefs, pointers and arrays in step; a candidate
  // record on the assumed side is a sighting of what the truth has there.
  void Walk(const Type& t0, const Type& a0, const std::string& where, int depth) {
    if (depth > kMaxTypeDepth) return;
    const Type& t = ResolveTypedefs(T_, t0);
    const Type& a = ResolveTypedefs(A_, a0);
    if (a.kind == TypeKind::kRecord && candidates_.count(a.name)) {
      if (IsVoidLike(t)) return;  // `void *`: any pointee goes
      if (t.kind == TypeKind::kRecord) {
        sightings_[a.name].push_back({CanonicalName(t.name), "", where});
      } else {
        sightings_[a.name].push_back({"", TypeStr(T_, t0), where});
      }
      return;
    }
    const bool step = (t.kind == TypeKind::kPointer && a.kind == TypeKind::kPointer) ||
                      (t.kind == TypeKind::kArray && a.kind == TypeKind::kArray);
    if (step && !t.inner.empty() && !a.inner.empty()) Walk(t.inner[0], a.inner[0], where, depth + 1);
  }

  FunctionPairs Decide() const {
    FunctionPairs out;
    // Truth record -> the assumed records that would pair with it.
    std::map<std::string, std::vector<std::string>> claimants;
    for (const auto& [key, seen] : sightings_) {
      std::string truth, why;
      for (const Sighting& s : seen) {
        if (s.truth.empty()) {
          why = S(s.where, " has ", tl_, " type ", Q(s.other), " where it is used");
          break;
        }
        if (truth.empty()) {
          truth = s.truth;
        } else if (s.truth != truth) {
          why = S("functions pass it where ", tl_, " has two records: ", Q(truth), " (", seen.front().where,
                  ") and ", Q(s.truth), " (", s.where, ")");
          break;
        }
      }
      if (why.empty()) {
        const std::vector<std::string> keys = names_.TruthRecords(truth);
        const Record* tr = keys.empty() ? nullptr : &T_.records.at(keys.front());
        if (!tr || !tr->complete || tr->opaque) {
          why = S(tl_, "'s ", Q(truth), " (", seen.front().where, ") is incomplete: no layout to compare");
        } else if (taken_.count(truth)) {
          why = S(tl_, "'s ", Q(truth), " (", seen.front().where, ") is bound under its own name");
        }
      }
      if (!why.empty()) {
        out.ambiguous[key] = why;
        continue;
      }
      claimants[truth].push_back(key);
      out.paired[key] = {.truth = names_.TruthRecords(truth).front(), .via = seen.front().where};
    }
    for (const auto& [truth, keys] : claimants) {
      if (keys.size() < 2) continue;
      for (const std::string& k : keys) {
        out.paired.erase(k);
        out.ambiguous[k] = S("functions pass ", keys.size(), " Rust records where ", tl_, " has ", Q(truth), " (",
                             Q(keys[0]), ", ", Q(keys[1]), ")");
      }
    }
    return out;
  }

  const Contract& T_;
  const Contract& A_;
  const NameMatcher& names_;
  const std::string& tl_;
  std::set<std::string> candidates_;
  std::set<std::string> taken_;  // truth records matched by name
  std::map<std::string, std::vector<Sighting>> sightings_;
};

}  // namespace

FunctionPairs PairThroughFunctions(const Contract& truth, const Contract& assumed, const NameMatcher& names,
                                   const std::string& truth_label) {
  if (assumed.side != contract::Side::kRust) return {};
  return Pairer(truth, assumed, names, truth_label).Run();
}

}  // namespace bindfuzz::diff
