// Record comparison: size, alignment, packing and kind of two definitions
// of a record, then their fields (offsets, storage sizes, types, bitfield
// positions and widths) (internal to harness/diff).
//
//   RecordComparer records(ctx);
//   ctx.sink.StartItem(ItemKind::kRecord, "file");
//   records.Compare(c.records.at("file"), rust.records.at("file"));
//
// What is not a fact is not a finding: a record with align_bytes 0 has no
// computed layout (only field names and types are compared, plus one
// `unevaluated` note); a size-0 field of a type without computed layout is
// compared by type only; BTF's inferred alignment (Record::align_inferred)
// and packing are never compared; bindgen's `{ _address: u8 }` placeholder
// is clean against an incomplete C record.
#ifndef BINDFUZZ_HARNESS_DIFF_RECORD_COMPARE_H_
#define BINDFUZZ_HARNESS_DIFF_RECORD_COMPARE_H_

#include <map>
#include <string>
#include <memory>
#include <utility>
#include <vector>

#include "harness/contract/contract.h"
#include "harness/diff/compare_context.h"

namespace bindfuzz::diff {

// bindgen's stand-in for a type it could not lay out (`_address: u8`), or
// Rust's zero-sized stand-in for an opaque type (`struct X([u8; 0])`,
// `struct X { _unused: [u8; 0] }`).
bool IsPlaceholder(const contract::Record& r);

// Integers, or arrays of integers: every bit pattern is a valid value (no
// bool, enum, pointer or record), so viewing other bytes this way is never UB.
bool IsIntegerData(const contract::Contract& c, const contract::Type& t);

class RecordComparer {
 public:
  explicit RecordComparer(const CompareContext& ctx);

  // Emits into ctx.sink every difference between `tr` (truth) and `ar`
  // (assumed), two definitions of one record.
  void Compare(const contract::Record& tr, const contract::Record& ar);

 private:
  void Emit(FindingDraft d) { sink_.Emit(std::move(d)); }
  // Fields paired by name: offsets, sizes, types; missing and extra ones.
  // Sets *layout_differs when a layout finding was emitted.
  void CompareFields(const contract::Record& tr, const contract::Record& ar, bool* layout_differs);
  // Pairs an assumed field with an unnamed truth member whose record type
  // it stands for (pair_through_functions.h).
  void PairUnnamedByType(FieldPairing* pairing) const;
  bool NotModelledRecord(const contract::Type& assumed_type) const;
  // Pairs the assumed fields that have no truth field of their name: with
  // a member of a C unnamed struct or union of that name (C names it
  // directly), else with the truth field at the same offset and width of
  // the same type, signedness aside, also inside a nested struct (a renamed or flattened
  // field). Synthesised truth fields (absolute offsets) go to `owned`.
  void PairStructurally(const contract::Record& tr, FieldPairing* pairing,
                        std::vector<std::unique_ptr<contract::Field>>* owned) const;
  // The unnamed members of the two records nest differently
  // (anon_tree.h): pairs the names C code spells directly on the record
  // instead of the unnamed members by ordinal (anon_tree_pairing.cc).
  void PairAnonTrees(const contract::Record& tr, const contract::Record& ar, FieldPairing* pairing,
                     std::vector<std::unique_ptr<contract::Field>>* owned) const;
  void CompareField(const contract::Record& tr, const contract::Field& tf, const contract::Record& ar,
                    const contract::Field& af, bool* layout_differs);
  // Fields whose storage size one side did not compute: types only.
  void CompareFieldTypes(const contract::Record& ar, const contract::Field& tf, const contract::Field& af);
  void CompareBitfield(const contract::Record& tr, const contract::Field& tf, const contract::Record& ar,
                       const contract::Field& af);
  void FieldWidthFinding(const contract::Record& tr, const contract::Field& tf, const contract::Record& ar,
                         const contract::Field& af, const TypeCmp& r);
  // An assumed field no truth field is paired with (record_unpaired.cc):
  // emits one finding and returns the truth members it accounts for.
  std::vector<const contract::Field*> ReportUnpaired(const contract::Record& tr, const contract::Record& ar,
                                                     const FieldPairing& pairing, const contract::Field& af,
                                                     bool* layout_differs);
  std::vector<const contract::Field*> CoveredMembers(const contract::Record& tr, const FieldPairing& pairing,
                                                     const contract::Field& af) const;
  bool InTruthPadding(const contract::Record& tr, const contract::Field& af) const;
  bool FieldSizeKnown(const contract::Field& f, bool truth_side) const;

  const contract::Contract& T_;
  const contract::Contract& A_;
  const std::string& tl_;
  const std::string& al_;
  const NameMatcher& names_;
  const TypeComparer& types_;
  const Consequences& say_;
  const std::map<std::string, std::string>& truth_notes_;
  const std::map<std::string, std::string>& assumed_notes_;
  FindingSink& sink_;
  // False while comparing a record whose layout one side did not compute
  // (align 0): only names and types are compared then.
  bool layout_known_ = true;
};

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_RECORD_COMPARE_H_
