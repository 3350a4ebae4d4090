#include "harness/diff/record_compare.h"

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/diff/anon_tree.h"
#include "harness/diff/record_kind.h"

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Field;
using contract::Record;
using contract::ResolveTypedefs;
using contract::Side;
using contract::Type;
using contract::TypeKind;

bool HasNamedFields(const Record& r) {
  for (const Field& f : r.fields) {
    if (!f.artificial) return true;
  }
  return false;
}

std::string PackedText(const Record& r) {
  if (r.pack_bytes) return S("packed(", r.pack_bytes, ")");
  return r.packed ? "packed" : "not packed";
}

// A field's storage as a finding value: "3 bits bitfield", "1 byte field".
std::string FieldStorage(const Field& f) {
  return f.is_bitfield ? S(BitsWord(f.size_bits), " bitfield") : S(Bytes(f.size_bits / 8), " field");
}

const char* SignWord(bool is_signed) { return is_signed ? "signed" : "unsigned"; }

bool IsAnonMemberName(const std::string& n) { return n.starts_with("(anon#"); }

}  // namespace

bool IsPlaceholder(const Record& r) {
  if (!r.complete || r.opaque || r.fields.empty()) return false;
  return (r.size_bytes <= 1 && !HasNamedFields(r)) || IsOpaqueStandIn(r);
}

RecordComparer::RecordComparer(const CompareContext& ctx)
    : T_(ctx.truth),
      A_(ctx.assumed),
      tl_(ctx.labels.truth),
      al_(ctx.labels.assumed),
      names_(ctx.names),
      types_(ctx.types),
      say_(ctx.say),
      truth_notes_(ctx.truth_notes),
      assumed_notes_(ctx.assumed_notes),
      sink_(ctx.sink) {}

void RecordComparer::Compare(const Record& tr, const Record& ar) {
  const std::string rn = Q(ar.name);
  if (!tr.complete && IsPlaceholder(ar)) return;  // opaque on both sides (bindgen `_address: u8`)
  // A struct of members all at offset 0 is a union to the machine
  // (record_kind.h): only the name of the kind differs.
  if (tr.kind != ar.kind && !KindsDifferOnlyInName(T_, A_, names_, tr, ar)) {
    Emit({.kind = MismatchKind::kRecordKind,
          .truth = RecordKindWord(tr.kind),
          .assumed = RecordKindWord(ar.kind),
          .truth_loc = tr.loc,
          .assumed_loc = ar.loc,
          .message = S(rn, " is a ", RecordKindWord(tr.kind), " in ", tl_, ", a ", RecordKindWord(ar.kind), " in ",
                       al_),
          .consequence = say_.RecordKind(ar)});
  }
  if (tr.complete != ar.complete) {
    if (!tr.complete) {
      Emit({.kind = MismatchKind::kRecordOpaque,
            .truth = "incomplete",
            .assumed = S("complete, ", Bytes(ar.size_bytes)),
            .truth_loc = tr.loc,
            .assumed_loc = ar.loc,
            .message = S(tl_, " declares ", rn, " only as incomplete; ", al_, " defines its layout"),
            .consequence = say_.RecordOnlyAssumedComplete(ar)});
    }
    // Complete in C, incomplete in Rust (`pub enum X {}`, an extern type):
    // the -sys idiom for a handle Rust only ever holds behind pointers. Rust
    // cannot create, copy or size such a value, so no access can disagree
    // with C's layout: nothing to report.
    return;
  }
  if (!tr.complete) return;  // incomplete on both sides: nothing to compare
  layout_known_ = true;

  if (IsPlaceholder(ar) && HasNamedFields(tr)) {
    Emit({.kind = MismatchKind::kRecordOpaque,
          .truth = S("complete, ", Bytes(tr.size_bytes)),
          .assumed = S("placeholder, ", Bytes(ar.size_bytes)),
          .truth_loc = tr.loc,
          .assumed_loc = ar.loc,
          .message = S(rn, " is complete in ", tl_, " (", Bytes(tr.size_bytes), "); ", al_,
                       " binds only a placeholder without fields"),
          .consequence = say_.RecordPlaceholder(tr, ar)});
    return;
  }

  // A side that could not compute the layout says so with align 0.
  layout_known_ = tr.align_bytes != 0 && ar.align_bytes != 0;
  if (!layout_known_) {
    const bool truth_unknown = tr.align_bytes == 0;
    const auto& notes = truth_unknown ? truth_notes_ : assumed_notes_;
    auto it = notes.find(truth_unknown ? tr.name : ar.name);
    Emit({.kind = MismatchKind::kUnevaluated,
          .truth = truth_unknown ? "<layout not computed>" : Bytes(tr.size_bytes),
          .assumed = truth_unknown ? Bytes(ar.size_bytes) : "<layout not computed>",
          .truth_loc = tr.loc,
          .assumed_loc = ar.loc,
          .message = S("layout of ", rn, " not computed by the ", truth_unknown ? tl_ : al_, " side",
                       it == notes.end() ? std::string() : S(": ", it->second)),
          .consequence = say_.LayoutNotComputed(ar)});
  }

  bool layout_differs = false;
  if (layout_known_ && tr.size_bytes != ar.size_bytes) {
    Emit({.kind = MismatchKind::kRecordSize,
          .truth = S(tr.size_bytes),
          .assumed = S(ar.size_bytes),
          .truth_loc = tr.loc,
          .assumed_loc = ar.loc,
          .message = S("size of ", rn, ": ", tl_, " ", tr.size_bytes, " bytes, ", al_, " ", ar.size_bytes, " bytes"),
          .consequence = say_.RecordSize(tr, ar)});
    layout_differs = true;
  }
  // Inferred alignment (BTF) is a best guess, never a basis for a finding.
  const bool align_facts = !tr.align_inferred && !ar.align_inferred;
  if (layout_known_ && align_facts && tr.align_bytes != ar.align_bytes) {
    layout_differs = true;
    Emit({.kind = MismatchKind::kRecordAlign,
          .truth = S(tr.align_bytes),
          .assumed = S(ar.align_bytes),
          .truth_loc = tr.loc,
          .assumed_loc = ar.loc,
          .message = S("alignment of ", rn, ": ", tl_, " ", tr.align_bytes, ", ", al_, " ", ar.align_bytes),
          .consequence = say_.RecordAlign(tr, ar)});
  }

  // Field findings follow the record-level ones, record-packed included.
  std::vector<Finding> field_findings = sink_.Collect([&] {
    if (!tr.opaque && !ar.opaque) CompareFields(tr, ar, &layout_differs);
  });
  if (layout_differs && align_facts && (tr.packed != ar.packed || tr.pack_bytes != ar.pack_bytes)) {
    Emit({.kind = MismatchKind::kRecordPacked,
          .truth = PackedText(tr),
          .assumed = PackedText(ar),
          .truth_loc = tr.loc,
          .assumed_loc = ar.loc,
          .message = S(rn, " is ", PackedText(tr), " in ", tl_, ", ", PackedText(ar), " in ", al_),
          .consequence = say_.RecordPacked(tr, ar)});
  }
  sink_.Append(std::move(field_findings));
}

namespace {

// A named field of a record nested in a truth field, at its offset in the
// outer record.
struct Leaf {
  Field field;              // offset_bits made absolute
  const Field* top;         // the outer record's field it lies in
  bool anon_path;           // reached only through unnamed members: C names it directly
};

void CollectLeaves(const Contract& c, const NameMatcher& names, const Field& f, uint64_t base, const Field* top,
                   bool anon_path, int depth, std::vector<Leaf>* out) {
  if (depth > 8 || f.is_bitfield) return;
  const Type& t = ResolveTypedefs(c, f.type);
  if (t.kind != TypeKind::kRecord) return;
  const Record* r = names.TruthRecord(t.name);
  if (!r || !r->complete || r->opaque) return;
  for (const Field& g : r->fields) {
    if (g.artificial) continue;
    const bool anon = anon_path && IsAnonMemberName(g.name);
    Field copy = g;
    copy.offset_bits += base + f.offset_bits;
    if (!IsAnonMemberName(g.name)) out->push_back({copy, top, anon_path});
    CollectLeaves(c, names, g, base + f.offset_bits, top, anon, depth + 1, out);
  }
}

}  // namespace

void RecordComparer::PairStructurally(const Record& tr, FieldPairing* pairing,
                                      std::vector<std::unique_ptr<Field>>* owned) const {
  std::set<const Field*> paired_tops;
  bool any_unpaired = false;
  for (const FieldPairing::Pair& p : pairing->assumed_order) {
    if (p.truth) {
      paired_tops.insert(p.truth);
    } else {
      any_unpaired = true;
    }
  }
  if (!any_unpaired) return;
  // Candidates: the truth fields nothing paired by name, and what lies in
  // them (members of unnamed structs and unions, fields of nested structs).
  std::vector<Leaf> leaves;
  for (const Field& tf : tr.fields) {
    if (tf.artificial || paired_tops.count(&tf)) continue;
    if (!IsAnonMemberName(tf.name)) leaves.push_back({tf, &tf, false});
    CollectLeaves(T_, names_, tf, 0, &tf, IsAnonMemberName(tf.name), 0, &leaves);
  }
  std::set<const Field*> covered;
  std::set<size_t> used;
  auto take = [&](FieldPairing::Pair& p, size_t i) {
    used.insert(i);
    covered.insert(leaves[i].top);
    if (leaves[i].top->offset_bits == leaves[i].field.offset_bits && leaves[i].top->name == leaves[i].field.name) {
      p.truth = leaves[i].top;
    } else {
      owned->push_back(std::make_unique<Field>(leaves[i].field));
      p.truth = owned->back().get();
    }
  };
  // 1. C names the members of unnamed structs and unions directly
  //    (`rusage.ru_maxrss`); Rust binds them flat.
  for (FieldPairing::Pair& p : pairing->assumed_order) {
    if (p.truth) continue;
    for (size_t i = 0; i < leaves.size(); ++i) {
      if (!used.count(i) && leaves[i].anon_path && leaves[i].field.name == p.assumed->name) {
        take(p, i);
        break;
      }
    }
  }
  // 1b. A member of a named union or struct, bound flat under its own name
  //    at its own place and width: C spells it so through a macro
  //    (glibc's `#define sa_sigaction __sigaction_handler.sa_sigaction`).
  for (FieldPairing::Pair& p : pairing->assumed_order) {
    if (p.truth || p.assumed->is_bitfield || p.assumed->size_bits == 0) continue;
    for (size_t i = 0; i < leaves.size(); ++i) {
      const Field& c = leaves[i].field;
      if (!used.count(i) && !c.is_bitfield && c.name == p.assumed->name && leaves[i].top->name != c.name &&
          c.offset_bits == p.assumed->offset_bits && c.size_bits == p.assumed->size_bits) {
        take(p, i);
        break;
      }
    }
  }
  // 2. A field renamed in Rust (`type` -> `kind`, `strings.time` ->
  //    `strings_time`): the same place, the same width and the same type
  //    (signedness aside). A member of a union may be viewed under several
  //    names (libc's `ifru_ifindex` and `ifru_metric` for glibc's one
  //    `ifru_ivalue`): there a taken member may be taken again.
  const bool is_union = tr.kind == contract::RecordKind::kUnion;
  for (FieldPairing::Pair& p : pairing->assumed_order) {
    if (p.truth || p.assumed->is_bitfield || p.assumed->size_bits == 0) continue;
    for (size_t i = 0; i < leaves.size(); ++i) {
      const Field& c = leaves[i].field;
      const bool reusable = is_union && leaves[i].top->name == c.name && leaves[i].top->offset_bits == c.offset_bits;
      if ((used.count(i) && !reusable) || c.is_bitfield || c.offset_bits != p.assumed->offset_bits ||
          c.size_bits != p.assumed->size_bits) {
        continue;
      }
      // Same type, or the same but for signedness (`size: [u8; 40]` for
      // glibc's `char __size[40]`) or a function pointer bound as a data
      // pointer (libc's `__unused1: *mut c_void` for glob_t's
      // `gl_closedir`): then reported as such.
      const TypeDiff d = types_.Compare(c.type, p.assumed->type).diff;
      if (d != TypeDiff::kSame && d != TypeDiff::kSignedness && d != TypeDiff::kFnData) continue;
      take(p, i);
      break;
    }
  }
  std::erase_if(pairing->truth_only, [&](const Field* f) { return covered.count(f) > 0; });
}

// A record type the assumed side names but did not model (a Rust union
// without #[repr(C)]): nothing is known of it but its name.
bool RecordComparer::NotModelledRecord(const Type& assumed_type) const {
  const Type& at = ResolveTypedefs(A_, assumed_type);
  return at.kind == TypeKind::kRecord && !names_.AssumedRecord(at.name);
}

// A Rust field of the record type that stands for an unnamed C member
// (libc's `u: __c_anonymous_ptrace_syscall_info_data`, paired with the
// unnamed union through the fields that hold them): the same member under
// a name C code cannot spell. Needs no layout: the types decide.
void RecordComparer::PairUnnamedByType(FieldPairing* pairing) const {
  for (FieldPairing::Pair& p : pairing->assumed_order) {
    if (p.truth) continue;
    for (auto it = pairing->truth_only.begin(); it != pairing->truth_only.end(); ++it) {
      const Field& tf = **it;
      if (!IsAnonMemberName(tf.name) || ResolveTypedefs(T_, tf.type).kind != TypeKind::kRecord) continue;
      if (!types_.Compare(tf.type, p.assumed->type).same()) continue;
      p.truth = &tf;
      pairing->truth_only.erase(it);
      break;
    }
  }
  // The Rust type has no layout of its own (libc 0.2.139 declares that
  // union without #[repr(C)]): the order decides, when the unpaired Rust
  // fields and the unnamed C members are as many, no type contradicts and,
  // where the record's layout is known (from rustc), each pair has one place
  // and width.
  const std::vector<std::pair<const Field*, size_t>> by_rank = UnnamedByOrder(*pairing);
  if (by_rank.empty()) return;
  for (const auto& [tfp, i] : by_rank) {
    const Field& tf = *tfp;
    const Field& af = *pairing->assumed_order[i].assumed;
    const TypeDiff d = types_.Compare(tf.type, af.type).diff;
    const bool not_modelled = NotModelledRecord(af.type);
    const bool same_width = tf.size_bits == af.size_bits || !FieldSizeKnown(af, false);
    if (layout_known_ && (!not_modelled || tf.offset_bits != af.offset_bits || !same_width)) return;
    if (d != TypeDiff::kSame && d != TypeDiff::kUnknown && !not_modelled) return;
  }
  for (const auto& [tf, i] : by_rank) pairing->assumed_order[i].truth = tf;
  std::erase_if(pairing->truth_only, [](const Field* f) { return IsAnonMemberName(f->name); });
}

void RecordComparer::CompareFields(const Record& tr, const Record& ar, bool* layout_differs) {
  FieldPairing pairing = names_.MatchFields(tr, ar);
  std::vector<std::unique_ptr<Field>> owned;
  if (layout_known_ && !AnonTreesAgree(T_, A_, names_, tr, ar)) PairAnonTrees(tr, ar, &pairing, &owned);
  PairUnnamedByType(&pairing);
  if (layout_known_) PairStructurally(tr, &pairing, &owned);
  std::set<const Field*> accounted;  // truth members an unpaired assumed field spans
  for (const FieldPairing::Pair& p : pairing.assumed_order) {
    const Field& af = *p.assumed;
    if (p.truth) {
      CompareField(tr, *p.truth, ar, af, layout_differs);
      continue;
    }
    for (const Field* tf : ReportUnpaired(tr, ar, pairing, af, layout_differs)) accounted.insert(tf);
  }
  std::erase_if(pairing.truth_only, [&](const Field* f) { return accounted.count(f) > 0; });
  for (const Field* tf : pairing.truth_only) {
    *layout_differs = true;
    Emit({.kind = MismatchKind::kFieldExtra,
          .member = tf->name,
          .truth = layout_known_ ? FieldPlace(*tf) : TypeStr(T_, tf->type),
          .assumed = "<absent>",
          .truth_loc = tf->loc,
          .assumed_loc = ar.loc,
          .message = S(Q(ar.name + "." + tf->name), " exists in ", tl_, " but not in ", al_),
          .consequence = say_.FieldExtra(ar, *tf, layout_known_)});
  }
}

// True when the assumed field `af` lies wholly inside the truth record and
// overlaps no truth member (unnamed members and bitfields included): it
// names padding, as libc's `__unused1: c_int` does for glibc's `int :32`.
// Never for a field whose size, or a truth member's size, is not known.
bool RecordComparer::InTruthPadding(const Record& tr, const Field& af) const {
  if (af.size_bits == 0 || !FieldSizeKnown(af, false)) return false;
  const uint64_t lo = af.offset_bits, hi = af.offset_bits + af.size_bits;
  if (hi > tr.size_bytes * 8) return false;
  for (const Field& tf : tr.fields) {
    if (tf.size_bits == 0 && !FieldSizeKnown(tf, true)) return false;
    if (tf.offset_bits < hi && lo < tf.offset_bits + tf.size_bits) return false;
  }
  return true;
}

// A field of size 0 is either really zero-sized (flexible or zero-length
// array, empty struct) or a front end's "size not computed".
bool RecordComparer::FieldSizeKnown(const Field& f, bool truth_side) const {
  if (f.size_bits != 0 || f.is_bitfield) return true;
  const Contract& c = truth_side ? T_ : A_;
  const Type& t = ResolveTypedefs(c, f.type);
  if (t.kind == TypeKind::kArray) {
    FlatArray fa = Flatten(c, t);
    return fa.open || fa.count == 0;
  }
  if (t.kind == TypeKind::kRecord) {
    const Record* r = truth_side ? names_.TruthRecord(t.name) : names_.AssumedRecord(t.name);
    return r && r->complete && r->align_bytes != 0 && r->size_bytes == 0;
  }
  return false;
}

void RecordComparer::CompareFieldTypes(const Record& ar, const Field& tf, const Field& af) {
  TypeCmp r = types_.Compare(tf.type, af.type);
  if (r.same() || r.diff == TypeDiff::kUnknown) return;
  // The Rust record the field holds was not modelled (a union without
  // #[repr(C)]): its name says nothing about its contents.
  if (r.diff == TypeDiff::kRecordName && NotModelledRecord(af.type)) {
    Emit({.kind = MismatchKind::kUnevaluated,
          .member = af.name,
          .truth = TypeStr(T_, tf.type),
          .assumed = TypeStr(A_, af.type),
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S("type of ", Q(ar.name + "." + af.name), " not compared: ", al_, " type ",
                       Q(ResolveTypedefs(A_, af.type).name), " was not modelled"),
          .consequence = S("what ", Q(af.name), " holds was not compared", layout_known_ ? "; its offset was" : "")});
    return;
  }
  const std::string ttype = TypeStr(T_, tf.type), atype = TypeStr(A_, af.type);
  Emit({.kind = KindOf(TypeUse::kField, r),
        .member = af.name,
        .truth = ttype,
        .assumed = atype,
        .truth_loc = tf.loc,
        .assumed_loc = af.loc,
        .message = S("type of ", Q(ar.name + "." + af.name), ": ", tl_, " ", ttype, ", ", al_, " ", atype, " (",
                     r.detail, ")"),
        .consequence = say_.FieldTypeOnly(af, ttype, atype)});
}

void RecordComparer::FieldWidthFinding(const Record& tr, const Field& tf, const Record& ar, const Field& af,
                                       const TypeCmp& r) {
  const uint64_t tw = tf.size_bits, aw = af.size_bits;
  Emit({.kind = MismatchKind::kFieldWidth,
        .member = af.name,
        .truth = S(Bytes(tw / 8), " (", TypeStr(T_, tf.type), ")"),
        .assumed = S(Bytes(aw / 8), " (", TypeStr(A_, af.type), ")"),
        .truth_loc = tf.loc,
        .assumed_loc = af.loc,
        .message = S("storage size of ", Q(ar.name + "." + af.name), ": ", tl_, " ", Bytes(tw / 8), ", ", al_, " ",
                     Bytes(aw / 8)),
        .consequence = say_.FieldWidth(tr, tf, af, r)});
}

void RecordComparer::CompareField(const Record& tr, const Field& tf, const Record& ar, const Field& af,
                                  bool* layout_differs) {
  if (!layout_known_ || !FieldSizeKnown(tf, true) || !FieldSizeKnown(af, false)) {
    // Types only: offsets and sizes are not known on one side.
    CompareFieldTypes(ar, tf, af);
    return;
  }
  if (tf.is_bitfield || af.is_bitfield) {
    std::vector<Finding> found = sink_.Collect([&] { CompareBitfield(tr, tf, ar, af); });
    for (const Finding& f : found) {
      if (IsLayoutFinding(f.kind)) *layout_differs = true;
    }
    sink_.Append(std::move(found));
    return;
  }
  const std::string where = Q(ar.name + "." + af.name);
  const uint64_t to = tf.offset_bits, ao = af.offset_bits;
  const uint64_t tw = tf.size_bits, aw = af.size_bits;

  if (to != ao) {
    *layout_differs = true;
    Emit({.kind = MismatchKind::kFieldOffset,
          .member = af.name,
          .truth = S(to / 8),
          .assumed = S(ao / 8),
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S("offset of ", where, ": ", tl_, " ", to / 8, ", ", al_, " ", ao / 8),
          .consequence = say_.FieldOffset(tr, tf, af, ResolveTypedefs(T_, tf.type))});
  }

  TypeCmp r = types_.Compare(tf.type, af.type);
  if (r.diff == TypeDiff::kRecordName && NotModelledRecord(af.type)) {
    r = TypeCmp{.diff = TypeDiff::kUnknown, .detail = S(al_, " type ", Q(ResolveTypedefs(A_, af.type).name),
                                                         " was not modelled")};
  }
  const std::string ttype = TypeStr(T_, tf.type), atype = TypeStr(A_, af.type);
  bool width_done = false;
  auto width_finding = [&] {
    width_done = true;
    *layout_differs = true;
    FieldWidthFinding(tr, tf, ar, af, r);
  };
  if (r.diff == TypeDiff::kWidth || (r.diff == TypeDiff::kArrayCount && tw != aw)) {
    width_finding();
  } else if (!r.same() && r.diff != TypeDiff::kSignedness && r.diff != TypeDiff::kUnknown && tw == aw &&
             IsIntegerData(T_, tf.type) && IsIntegerData(A_, af.type)) {
    // Integers on both sides over the same bytes (`[u64; 7]` for `char
    // __size[56]`): every bit pattern is valid to both, nothing is misplaced.
    Emit({.kind = MismatchKind::kFieldIntegerView,
          .member = af.name,
          .truth = ttype,
          .assumed = atype,
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S("type of ", where, ": ", tl_, " ", ttype, ", ", al_, " ", atype, " over the same ",
                       Bytes(tw / 8)),
          .consequence = S("the layouts agree: ", al_, " reads and writes the bytes of ", Q(af.name), " as ", atype,
                           " where ", tl_, " stores ", ttype, "; the values are reinterpreted, never misplaced")});
  } else if (r.diff == TypeDiff::kUnknown) {
    Emit({.kind = MismatchKind::kUnevaluated,
          .member = af.name,
          .truth = ttype,
          .assumed = atype,
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S("type of ", where, " not compared: ", r.detail),
          .consequence = say_.FieldNotCompared(af)});
    if (tw != aw && tw && aw) width_finding();
  } else if (!r.same()) {
    std::string message =
        r.diff == TypeDiff::kSignedness ? S("signedness of ", where, ": ", tl_, " ", ttype, ", ", al_, " ", atype)
        : r.diff == TypeDiff::kFnSig
            ? S("function-pointer type of ", where, " differs: ", r.detail)
            : S("type of ", where, ": ", tl_, " ", ttype, ", ", al_, " ", atype,
                r.diff == TypeDiff::kArrayCount ? S(" (", r.detail, ")") : std::string());
    Emit({.kind = KindOf(TypeUse::kField, r),
          .member = af.name,
          .truth = ttype,
          .assumed = atype,
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = std::move(message),
          .consequence = say_.FieldType(r, tf, af, ttype, atype)});
  }
  if (!width_done && tw != aw && (r.diff == TypeDiff::kSame || r.diff == TypeDiff::kSignedness)) width_finding();

  // A non-Option Rust fn pointer cannot hold the NULL a C pointer may hold.
  if (A_.side == Side::kRust && T_.side != Side::kRust) {
    const Type& at = ResolveTypedefs(A_, af.type);
    const Type& tt = ResolveTypedefs(T_, tf.type);
    if (at.kind == TypeKind::kPointer && !at.nullable && !at.inner.empty() &&
        ResolveTypedefs(A_, at.inner[0]).kind == TypeKind::kFunction && tt.kind == TypeKind::kPointer) {
      Emit({.kind = MismatchKind::kFunctionPointerNullability,
            .member = af.name,
            .truth = "nullable function pointer",
            .assumed = "non-nullable fn",
            .truth_loc = tf.loc,
            .assumed_loc = af.loc,
            .message = S(where, " is a non-Option fn pointer in ", al_),
            .consequence = say_.FunctionPointerNullability(af)});
    }
  }
}

void RecordComparer::CompareBitfield(const Record& tr, const Field& tf, const Record& ar, const Field& af) {
  const std::string fname = Q(af.name);
  const std::string where = Q(ar.name + "." + af.name);
  if (!tf.is_bitfield || !af.is_bitfield) {
    const Field& bf = tf.is_bitfield ? tf : af;
    const Field& pf = tf.is_bitfield ? af : tf;
    const std::string& bl = tf.is_bitfield ? tl_ : al_;
    const std::string& pl = tf.is_bitfield ? al_ : tl_;
    Emit({.kind = MismatchKind::kBitfieldWidth,
          .member = af.name,
          .truth = FieldStorage(tf),
          .assumed = FieldStorage(af),
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S(bl, "'s ", fname, " is a ", bf.size_bits, "-bit bitfield (bits ", bf.offset_bits, "..",
                       bf.offset_bits + bf.size_bits, "); ", pl, " declares a plain ", Bytes(pf.size_bits / 8),
                       " field (", FieldRange(pf), ")"),
          .consequence = say_.BitfieldOnOneSide(tr, af)});
    return;
  }
  if (tf.offset_bits != af.offset_bits) {
    Emit({.kind = MismatchKind::kBitfieldPosition,
          .member = af.name,
          .truth = S("bit ", tf.offset_bits),
          .assumed = S("bit ", af.offset_bits),
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S("bit offset of bitfield ", where, ": ", tl_, " ", tf.offset_bits, ", ", al_, " ",
                       af.offset_bits),
          .consequence = say_.BitfieldPosition(tr, tf, af)});
  }
  if (tf.size_bits != af.size_bits) {
    Emit({.kind = MismatchKind::kBitfieldWidth,
          .member = af.name,
          .truth = BitsWord(tf.size_bits),
          .assumed = BitsWord(af.size_bits),
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S("width of bitfield ", where, ": ", tl_, " ", tf.size_bits, ", ", al_, " ", af.size_bits),
          .consequence = say_.BitfieldWidth(tr, tf, af)});
  }
  Scalar ts = types_.TruthScalar(ResolveTypedefs(T_, tf.type));
  Scalar as = types_.AssumedScalar(ResolveTypedefs(A_, af.type));
  if (ts.ok && as.ok && !ts.is_bool && !as.is_bool && ts.is_signed != as.is_signed) {
    Emit({.kind = MismatchKind::kFieldSignedness,
          .member = af.name,
          .truth = SignWord(ts.is_signed),
          .assumed = SignWord(as.is_signed),
          .truth_loc = tf.loc,
          .assumed_loc = af.loc,
          .message = S("signedness of bitfield ", where, ": ", tl_, " ", SignWord(ts.is_signed), ", ", al_, " ",
                       SignWord(as.is_signed)),
          .consequence = say_.BitfieldSignedness(af, as.is_signed)});
  }
}

}  // namespace bindfuzz::diff
