// RecordComparer::PairAnonTrees: fields of two records whose unnamed
// members nest differently (anon_tree.h), paired by what C code spells.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "harness/diff/anon_tree.h"
#include "harness/diff/record_compare.h"

namespace bindfuzz::diff {

using contract::Field;
using contract::Record;

void RecordComparer::PairAnonTrees(const Record& tr, const Record& ar, FieldPairing* pairing,
                                   std::vector<std::unique_ptr<Field>>* owned) const {
  const std::vector<AnonLeaf> t_leaves = DirectMembers(T_, names_, tr, true);
  const std::vector<AnonLeaf> a_leaves = DirectMembers(A_, names_, ar, false);
  // A leaf as a Field of the record: the record's own field, or a copy at
  // its absolute offset (the assumed copy keeps the Rust path).
  auto as_field = [&](const Record& r, const AnonLeaf& l, bool assumed) -> const Field* {
    if (!l.nested) {
      if (const Field* f = r.FindField(l.field.name)) return f;
    }
    owned->push_back(std::make_unique<Field>(l.field));
    if (assumed) owned->back()->rust_name = l.rust_path;
    return owned->back().get();
  };
  std::map<std::string, const AnonLeaf*> truth_by_name;
  for (const AnonLeaf& l : t_leaves) truth_by_name.emplace(l.field.name, &l);

  FieldPairing out;
  std::set<std::string> seen, truth_used;
  std::vector<const AnonLeaf*> unpaired;
  // 1. By name: C spells `s.x` whether `x` is the record's own or lies in
  //    unnamed members.
  for (const AnonLeaf& a : a_leaves) {
    if (!seen.insert(a.field.name).second) continue;
    auto it = truth_by_name.find(a.field.name);
    if (it == truth_by_name.end()) {
      unpaired.push_back(&a);
      continue;
    }
    truth_used.insert(a.field.name);
    out.assumed_order.push_back({as_field(tr, *it->second, false), as_field(ar, a, true)});
  }
  // 2. A Rust name C lacks, at the place, width and type of a C member
  //    (bindgen's `imsf_fmode_aux`, one branch of a union aliasing
  //    another): the access reads that member's bytes as its type.
  for (const AnonLeaf* a : unpaired) {
    const AnonLeaf* hit = nullptr;
    if (!a->field.is_bitfield && a->field.size_bits != 0) {
      for (const AnonLeaf& t : t_leaves) {
        if (t.field.is_bitfield || t.field.offset_bits != a->field.offset_bits ||
            t.field.size_bits != a->field.size_bits) {
          continue;
        }
        const TypeDiff d = types_.Compare(t.field.type, a->field.type).diff;
        if (d == TypeDiff::kSame || d == TypeDiff::kSignedness) {
          hit = &t;
          break;
        }
      }
    }
    if (hit) truth_used.insert(hit->field.name);
    out.assumed_order.push_back({hit ? as_field(tr, *hit, false) : nullptr, as_field(ar, *a, true)});
  }
  // C names no Rust name stands for: the record's own fields, and the
  // unnamed members none of whose names Rust reaches (a union's other
  // members are other views of bytes Rust does reach). Zero-sized ones (the
  // empty struct of the kernel's __DECLARE_FLEX_ARRAY) hold no bytes.
  auto top_of = [](const AnonLeaf& l) { return l.path.substr(0, l.path.find('.')); };
  std::set<std::string> reached_tops;
  for (const AnonLeaf& t : t_leaves) {
    if (truth_used.count(t.field.name)) reached_tops.insert(top_of(t));
  }
  for (const AnonLeaf& t : t_leaves) {
    if (truth_used.count(t.field.name) || (t.field.size_bits == 0 && t.nested)) continue;
    if (t.nested && reached_tops.count(top_of(t))) continue;
    truth_used.insert(t.field.name);
    out.truth_only.push_back(as_field(tr, t, false));
  }
  *pairing = std::move(out);
}

}  // namespace bindfuzz::diff
