// RecordComparer::ReportUnpaired: a Rust field that no C member matched by
// name or by place, classified by what the machine sees in its bytes.
//
//  * zero-sized (`_align: [u64; 0]`): no bytes, only alignment -> note;
//  * inside the C record, over no C member: padding -> warning;
//  * an integer field over bytes C holds only in members Rust does not
//    name (glibc's `__fpregs_mem` bound as `__private: [u8; 512]`, a
//    union member C lacks): the same bytes, reinterpreted -> warning;
//  * anything else (past C's end, over a member Rust binds elsewhere, a
//    non-integer type, a size not known) -> field-missing, an error.
#include <set>
#include <string>
#include <vector>

#include "harness/diff/record_compare.h"

namespace bindfuzz::diff {

using contract::Contract;
using contract::Field;
using contract::Record;
using contract::RecordKind;
using contract::ResolveTypedefs;
using contract::Type;
using contract::TypeKind;

bool IsIntegerData(const Contract& c, const Type& t) {
  const Type& r = ResolveTypedefs(c, t);
  if (r.kind == TypeKind::kInt) return true;
  if (r.kind != TypeKind::kArray) return false;
  FlatArray fa = Flatten(c, r);
  return !fa.overflow && fa.element && ResolveTypedefs(c, *fa.element).kind == TypeKind::kInt;
}

std::vector<const Field*> RecordComparer::ReportUnpaired(const Record& tr, const Record& ar,
                                                         const FieldPairing& pairing, const Field& af,
                                                         bool* layout_differs) {
  const uint64_t lo = af.offset_bits, hi = af.offset_bits + af.size_bits;
  const bool size_known = layout_known_ && FieldSizeKnown(af, false);
  if (size_known && af.size_bits == 0 && !af.is_bitfield && lo <= tr.size_bytes * 8) {
    Emit({.kind = MismatchKind::kFieldZeroSized,
          .member = af.name,
          .truth = "<absent>",
          .assumed = FieldPlace(af),
          .truth_loc = tr.loc,
          .assumed_loc = af.loc,
          .message = S(Q(ar.name + "." + af.name), " is zero-sized and exists only in ", al_),
          .consequence = S("it holds no bytes; it only raises the alignment of ", Q(ar.name),
                           ", which is compared on its own")});
    return {};
  }
  if (size_known && InTruthPadding(tr, af)) {
    Emit({.kind = MismatchKind::kFieldNamesPadding,
          .member = af.name,
          .truth = "padding",
          .assumed = FieldPlace(af),
          .truth_loc = tr.loc,
          .assumed_loc = af.loc,
          .message = S(Q(ar.name + "." + af.name), " lies in bytes ", tl_, " leaves as padding"),
          .consequence = S("the layouts agree, but no ", tl_, " member is stored there: ", al_,
                           " reads whatever ", tl_, " left in those bytes (uninitialised unless the record was "
                           "zeroed), and what ", al_, " writes there ", tl_, " never reads")});
    return {};
  }
  std::vector<const Field*> over = size_known ? CoveredMembers(tr, pairing, af) : std::vector<const Field*>{};
  if (!over.empty()) {
    std::string names;
    for (size_t i = 0; i < over.size() && i < 3; ++i) {
      if (!names.empty()) names += ", ";
      names += S(Q(DisplayName(*over[i])), " (", FieldRange(*over[i]), ")");
    }
    if (over.size() > 3) names += S(" and ", over.size() - 3, " more");
    Emit({.kind = MismatchKind::kFieldCoversMembers,
          .member = af.name,
          .truth = S(over.size() == 1 ? "member " : "members ", names),
          .assumed = FieldPlace(af),
          .truth_loc = over.front()->loc,
          .assumed_loc = af.loc,
          .message = S(Q(ar.name + "." + af.name), " (", FieldRange(af), ") spans ", tl_, "'s ", names,
                       ", which ", al_, " does not name"),
          .consequence = S("the layouts agree: ", al_, " reads and writes those bytes as ", TypeStr(A_, af.type),
                           " where ", tl_, " stores ", names, "; the values are reinterpreted, never misplaced")});
    // C members of a struct wholly inside the Rust field are accounted for
    // by it; a C union member Rust lacks stays lacking.
    std::vector<const Field*> inside;
    if (tr.kind == RecordKind::kUnion) return inside;
    for (const Field* tf : over) {
      if (tf->offset_bits >= lo && tf->offset_bits + tf->size_bits <= hi) inside.push_back(tf);
    }
    return inside;
  }
  *layout_differs = true;
  Emit({.kind = MismatchKind::kFieldMissing,
        .member = af.name,
        .truth = "<absent>",
        .assumed = layout_known_ ? FieldPlace(af) : TypeStr(A_, af.type),
        .truth_loc = tr.loc,
        .assumed_loc = af.loc,
        .message = S(Q(ar.name + "." + af.name), " exists in ", al_, " but not in ", tl_),
        .consequence = say_.FieldMissing(tr, af, layout_known_)});
  return {};
}

// The truth members `af` overlaps, when `af` is integer data wholly inside
// the truth record and none of those bytes belongs to a truth member (or a
// part of one) that is paired with another assumed field. In a union every
// member is a view of the same bytes, so there only the extent counts.
// Empty when the rule does not apply.
std::vector<const Field*> RecordComparer::CoveredMembers(const Record& tr, const FieldPairing& pairing,
                                                         const Field& af) const {
  const uint64_t lo = af.offset_bits, hi = af.offset_bits + af.size_bits;
  if (af.is_bitfield || hi > tr.size_bytes * 8 || !IsIntegerData(A_, af.type)) return {};
  const bool is_union = tr.kind == RecordKind::kUnion;
  if (!is_union) {
    for (const FieldPairing::Pair& p : pairing.assumed_order) {
      if (!p.truth || p.assumed == &af) continue;
      const Field& tf = *p.truth;
      if (!FieldSizeKnown(tf, true)) return {};
      if (tf.offset_bits < hi && lo < tf.offset_bits + tf.size_bits) return {};
    }
  }
  std::vector<const Field*> over;
  for (const Field& tf : tr.fields) {
    if (tf.artificial) continue;
    if (!FieldSizeKnown(tf, true)) return {};
    const uint64_t tlo = tf.offset_bits, thi = tf.offset_bits + tf.size_bits;
    if (tlo >= hi || lo >= thi) continue;
    // A C scalar cut in pieces (Rust's two u16 over one int) is not one
    // value any more: only an aggregate (glibc's `_sigev_un`, whose `_tid`
    // Rust binds on its own) may lie partly outside the Rust field.
    const TypeKind k = ResolveTypedefs(T_, tf.type).kind;
    const bool aggregate = k == TypeKind::kRecord || k == TypeKind::kArray;
    if (!is_union && !aggregate && (tlo < lo || thi > hi)) return {};
    over.push_back(&tf);
  }
  return over;
}

}  // namespace bindfuzz::diff
