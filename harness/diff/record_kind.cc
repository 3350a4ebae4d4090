#include "harness/diff/record_kind.h"

#include "harness/diff/name_match.h"

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Field;
using contract::Record;
using contract::ResolveTypedefs;
using contract::Type;
using contract::TypeKind;

constexpr int kMaxDepth = 16;

// No floating-point member anywhere in `r` (through arrays and records);
// false when something cannot be looked at.
bool NoFloat(const Contract& c, const NameMatcher& names, const Record& r, bool truth_side, int depth) {
  if (depth > kMaxDepth || !r.complete || r.opaque) return false;
  for (const Field& f : r.fields) {
    const Type* t = &ResolveTypedefs(c, f.type);
    for (int i = 0; i < kMaxDepth && t->kind == TypeKind::kArray && !t->inner.empty(); ++i) {
      t = &ResolveTypedefs(c, t->inner[0]);
    }
    switch (t->kind) {
      case TypeKind::kInt:
      case TypeKind::kBool:
      case TypeKind::kEnum:
      case TypeKind::kPointer:
        continue;
      case TypeKind::kRecord: {
        const Record* n = truth_side ? names.TruthRecord(t->name) : names.AssumedRecord(t->name);
        if (!n || !NoFloat(c, names, *n, truth_side, depth + 1)) return false;
        continue;
      }
      default:
        return false;
    }
  }
  return true;
}

bool AllAtZero(const Record& r) {
  for (const Field& f : r.fields) {
    if (f.offset_bits != 0 || f.is_bitfield) return false;
  }
  return true;
}

}  // namespace

bool KindsDifferOnlyInName(const Contract& truth, const Contract& assumed, const NameMatcher& names,
                           const Record& tr, const Record& ar) {
  if (tr.kind == ar.kind || !tr.complete || !ar.complete || tr.opaque || ar.opaque) return false;
  if (tr.size_bytes != ar.size_bytes || tr.align_bytes != ar.align_bytes || tr.align_bytes == 0) return false;
  const Record& as_struct = tr.kind == contract::RecordKind::kStruct ? tr : ar;
  if (as_struct.fields.empty() || !AllAtZero(as_struct)) return false;
  return NoFloat(truth, names, tr, true, 0) && NoFloat(assumed, names, ar, false, 0);
}

}  // namespace bindfuzz::diff
