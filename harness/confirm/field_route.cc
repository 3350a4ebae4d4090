// Planner::RouteField: the fields, level by level, a field finding names on
// each side (see planner.h).
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "harness/confirm/planner.h"
#include "harness/diff/anon_tree.h"
#include "harness/diff/name_match.h"

namespace bindfuzz::confirm::internal {
namespace {

// The record an unnamed member's type is on its side, as the diff resolves
// it (anon_tree.cc); null if none.
const Record* MemberRecord(const Contract& k, const diff::NameMatcher& names, const Field& f, bool truth_side) {
  const Type& t = ResolveTypedefs(k, f.type);
  if (t.kind != TypeKind::kRecord) return nullptr;
  const Record* r = truth_side ? names.TruthRecord(t.name) : names.AssumedRecord(t.name);
  return r && r->complete && !r->opaque ? r : nullptr;
}

// The fields along a leaf's path ("(anon#1).(anon#2).y") from `r`; empty
// when a level cannot be followed.
std::vector<const Field*> Walk(const Contract& k, const diff::NameMatcher& names, const Record& r,
                               const std::string& path, bool truth_side) {
  std::vector<const Field*> out;
  const Record* cur = &r;
  const std::vector<std::string> levels = absl::StrSplit(path, '.');
  for (size_t i = 0; i < levels.size(); ++i) {
    const Field* f = cur ? cur->FindField(levels[i]) : nullptr;
    if (!f) return {};
    out.push_back(f);
    if (i + 1 < levels.size()) cur = MemberRecord(k, names, *f, truth_side);
  }
  return out;
}

// The first member C spells `name` on the record (the one the diff pairs:
// anon_tree_pairing.cc takes each name's first leaf), level by level.
std::vector<const Field*> Route(const Contract& k, const diff::NameMatcher& names, const Record& r,
                                const std::string& name, bool truth_side) {
  for (const diff::AnonLeaf& l : diff::DirectMembers(k, names, r, truth_side)) {
    if (l.field.name == name) return Walk(k, names, r, l.path, truth_side);
  }
  return {};
}

}  // namespace

const diff::NameMatcher& Planner::Names() {
  if (!names_) names_ = std::make_shared<const diff::NameMatcher>(T_, R_);
  return *names_;
}

Planner::FieldRoute Planner::RouteField(const Finding& f, const Record* c_rec, const Record& r_rec) {
  FieldRoute out;
  const bool by_c_names = c_rec && !diff::IsUnnamedMember(f.member) &&
                          !diff::AnonTreesAgree(T_, R_, Names(), *c_rec, r_rec);
  if (by_c_names) {
    out.c = Route(T_, Names(), *c_rec, f.member, true);
    out.rust = Route(R_, Names(), r_rec, f.member, false);
    return out;
  }
  if (c_rec) {
    if (const Field* cf = c_rec->FindField(f.member)) out.c = {cf};
  }
  if (const Field* rf = r_rec.FindField(f.member)) out.rust = {rf};
  return out;
}

}  // namespace bindfuzz::confirm::internal
