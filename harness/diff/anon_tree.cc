#include "harness/diff/anon_tree.h"

#include <string>
#include <vector>

#include "harness/diff/name_match.h"

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Field;
using contract::Record;
using contract::ResolveTypedefs;
using contract::Type;
using contract::TypeKind;

constexpr int kMaxAnonDepth = 8;

// The record an unnamed member's type is, on its side; null if none.
const Record* MemberRecord(const Contract& c, const NameMatcher& names, const Field& f, bool truth_side) {
  const Type& t = ResolveTypedefs(c, f.type);
  if (t.kind != TypeKind::kRecord) return nullptr;
  const Record* r = truth_side ? names.TruthRecord(t.name) : names.AssumedRecord(t.name);
  return r && r->complete && !r->opaque ? r : nullptr;
}

std::vector<const Field*> UnnamedMembers(const Record& r) {
  std::vector<const Field*> out;
  for (const Field& f : r.fields) {
    if (!f.artificial && IsUnnamedMember(f.name)) out.push_back(&f);
  }
  return out;
}

bool Agree(const Contract& T, const Contract& A, const NameMatcher& names, const Record& tr, const Record& ar,
           int depth) {
  if (depth > kMaxAnonDepth) return false;
  std::vector<const Field*> tu = UnnamedMembers(tr), au = UnnamedMembers(ar);
  if (tu.size() != au.size()) return false;
  for (size_t i = 0; i < tu.size(); ++i) {
    // Shape only: an unnamed member that moved or grew (a field before it
    // changed size) is still the same member, its layout findings true.
    const Field& tf = *tu[i];
    const Field& af = *au[i];
    const Record* tn = MemberRecord(T, names, tf, true);
    const Record* an = MemberRecord(A, names, af, false);
    if (!tn || !an) {
      if (tn != an) return false;
      continue;
    }
    if (tn->kind != an->kind || !Agree(T, A, names, *tn, *an, depth + 1)) return false;
  }
  return true;
}

void Collect(const Contract& c, const NameMatcher& names, const Record& r, uint64_t base, const std::string& path,
             const std::string& rust_path, bool truth_side, int depth, std::vector<AnonLeaf>* out) {
  if (depth > kMaxAnonDepth) return;
  for (const Field& f : r.fields) {
    if (f.artificial) continue;
    const std::string p = path.empty() ? f.name : path + "." + f.name;
    const std::string spelled = f.rust_name.empty() ? f.name : f.rust_name;
    const std::string rp = rust_path.empty() ? spelled : rust_path + "." + spelled;
    if (!IsUnnamedMember(f.name)) {
      AnonLeaf leaf{.field = f, .path = p, .rust_path = rp, .nested = depth > 0};
      leaf.field.offset_bits += base;
      out->push_back(std::move(leaf));
      continue;
    }
    if (f.is_bitfield) continue;
    if (const Record* nested = MemberRecord(c, names, f, truth_side)) {
      Collect(c, names, *nested, base + f.offset_bits, p, rp, truth_side, depth + 1, out);
    }
  }
}

}  // namespace

bool IsUnnamedMember(const std::string& n) { return n.starts_with("(anon#"); }

bool AnonTreesAgree(const Contract& truth, const Contract& assumed, const NameMatcher& names, const Record& tr,
                    const Record& ar) {
  if (!tr.complete || !ar.complete || tr.opaque || ar.opaque) return true;
  // Rust flat (no unnamed members): its names are C's direct names, paired
  // by RecordComparer's usual rules.
  if (UnnamedMembers(ar).empty()) return true;
  return Agree(truth, assumed, names, tr, ar, 0);
}

std::vector<AnonLeaf> DirectMembers(const Contract& c, const NameMatcher& names, const Record& r, bool truth_side) {
  std::vector<AnonLeaf> out;
  Collect(c, names, r, 0, "", "", truth_side, 0, &out);
  return out;
}

std::map<std::string, std::string> AnonSubtreesComparedInParent(const Contract& truth, const Contract& assumed,
                                                                const NameMatcher& names) {
  std::map<std::string, std::string> out;
  for (const auto& [key, ar] : assumed.records) {
    if (ar.anonymous || UnnamedMembers(ar).empty()) continue;
    const Record* tr = names.TruthRecord(key);
    if (!tr || AnonTreesAgree(truth, assumed, names, *tr, ar)) continue;
    // The unnamed member types below it, keyed by path ("P::(anon#1)",
    // "P::(anon#1)::(anon#2)").
    const std::string prefix = key + "::(anon#";
    for (auto it = assumed.records.lower_bound(prefix); it != assumed.records.end() && it->first.starts_with(prefix);
         ++it) {
      out.emplace(it->first, key);
    }
  }
  return out;
}

}  // namespace bindfuzz::diff
