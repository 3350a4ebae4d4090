// The plans for record findings: record size, alignment and kind, field
// offset, presence, width and type, bitfield position and width.
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "harness/confirm/planner.h"

namespace bindfuzz::confirm::internal {

Plan Planner::RecordLayout(const Finding& f) {
  const std::string tkey = TruthKey(f);
  CRec c = CRecord(tkey);
  if (!c.why.empty()) return Unconfirmable(c.why);
  auto rrec = R_.records.find(f.item);
  if (rrec == R_.records.end()) return Unconfirmable("no Rust record " + f.item);
  std::string why;
  auto rr = RFind(rrec->second.loc, RustItemRef::Kind::kType, &why);
  if (!rr) return Unconfirmable(why);
  const std::string P = rr->Path();
  Plan p;
  p.claim_c = f.truth_value;
  p.claim_r = f.assumed_value;
  switch (f.kind) {
    case MismatchKind::kRecordSize:
    case MismatchKind::kRecordAlign: {
      bool size = f.kind == MismatchKind::kRecordSize;
      std::string expr = (size ? "sizeof(" : "_Alignof(") + c.base + ")";
      if (!c.leaf.empty()) {
        // An unnamed member has no type to measure: derived from its members.
        if (size) {
          auto sz = CAnonSize(tkey, c.base, &why);
          if (!sz) return Unconfirmable(why);
          expr = *sz;
        } else {
          auto l = CAnonLayout(tkey, c.base, &why, 0);
          if (!l) return Unconfirmable(why);
          expr = l->align;
        }
      }
      size_t cid = AddC(CFact::Ints({expr}));
      size_t rid = AddR(RustFact::Ints(rr->root, {(size ? "::core::mem::size_of::<" : "::core::mem::align_of::<") + P + ">()"}));
      p.c = [cid](const CProbeRun& run) {
        Obs o = CInts(run, cid, 1);
        if (o.ok && run.results[cid].ints[0] == kNotDerived) return NoValue(kNotDerivedWhy);
        return o.ok ? Value(std::to_string(run.results[cid].ints[0])) : o;
      };
      p.r = [rid](const RustProbeRun& run) {
        Obs o = RInts(run, rid, 1);
        return o.ok ? Value(std::to_string(run.results[rid].ints[0])) : o;
      };
      return p;
    }
    case MismatchKind::kRecordKind: {
      if (!c.leaf.empty()) return Unconfirmable("an unnamed C member has no name or type gcc can classify");
      const Field* first = nullptr;
      for (const Field& fl : rrec->second.fields)
        if (!fl.artificial) {
          first = &fl;
          break;
        }
      if (!first) return Unconfirmable("the Rust record has no field to tell a union from a struct");
      auto rf = RFind(first->loc, RustItemRef::Kind::kField, &why);
      if (!rf) return Unconfirmable(why);
      size_t cid = AddC(CFact::Ints({"__builtin_classify_type(*(" + c.base + " *)0)"}));
      RustFact rfact = RustFact::Ints(rf->root, {"bindfuzz_safe_field!(" + P + ", " + rf->member + ")"});
      rfact.absent_if = {"union field", "E0133"};
      size_t rid = AddR(std::move(rfact));
      p.c = [cid](const CProbeRun& run) {
        Obs o = CInts(run, cid, 1);
        if (!o.ok) return o;
        uint64_t v = run.results[cid].ints[0];
        return v == 12 ? Value("struct") : v == 13 ? Value("union") : Value(absl::StrCat("class", v));
      };
      p.r = [rid](const RustProbeRun& run) {
        const RustFactResult& r = run.results[rid];
        if (r.state == RustFactResult::State::kAbsent) return Value("union");
        if (r.state == RustFactResult::State::kValue) return Value("struct");
        return NoValue(Short(r.error));
      };
      return p;
    }
    default:
      return Unconfirmable("not a record finding");
  }
}

Plan Planner::FieldPlan(const Finding& f) {
  const std::string tkey = TruthKey(f);
  CRec c = CRecord(tkey);
  if (!c.why.empty()) return Unconfirmable(c.why);
  // An unnamed member (`(anon#N)`) starts where its first field does.
  std::string c_member = f.member;
  if (absl::StartsWith(f.member, "(anon#") &&
      (f.kind == MismatchKind::kFieldOffset || f.kind == MismatchKind::kFieldWidth))
    c_member = FirstLeaf(tkey + "::" + f.member, 0);
  if (!IsProbeSafeCIdentifier(c_member))
    return Unconfirmable(absl::StartsWith(f.member, "(anon#") ? "an unnamed C member has no name or type gcc can measure"
                                                              : "the field has no name gcc can refer to");
  auto rrec = R_.records.find(f.item);
  if (rrec == R_.records.end()) return Unconfirmable("no Rust record " + f.item);
  const FieldRoute route = RouteField(f, c.rec, rrec->second);
  if (route.rust.empty()) return Unconfirmable("no Rust field " + f.member);
  const Field* af = route.rust.back();
  std::string why;
  auto rr = RFind(rrec->second.loc, RustItemRef::Kind::kType, &why);
  if (!rr) return Unconfirmable(why);
  // Each level as the probe crate names it: the record's own field, or
  // bindgen's `__bindgen_anon_N` fields down to the member. Its offset is
  // the sum of each level's offset in its own record (a level may be
  // bindgen's zero-sized `__BindgenUnionField`, which the nested
  // `offset_of!(T, a.b)` cannot pass through).
  std::vector<RustItemRef> levels;
  for (const Field* lf : route.rust) {
    auto rf = RFind(lf->loc, RustItemRef::Kind::kField, &why);
    if (!rf) return Unconfirmable(why);
    if (rf->root != rr->root) return Unconfirmable("the Rust field's levels are in different input files");
    levels.push_back(*rf);
  }
  const RustItemRef* rf = &levels.back();
  const std::string P = levels.size() == 1 ? rr->Path() : rf->Path();
  std::string r_offset;
  for (size_t i = 0; i < levels.size(); ++i) {
    absl::StrAppend(&r_offset, i ? " + " : "", "bindfuzz_offset_of!(", i == 0 ? rr->Path() : levels[i].Path(), ", ",
                    levels[i].member, ")");
  }
  const std::string member_lv = absl::StrCat("((", c.base, " *)0)->", f.member);
  Plan p;
  switch (f.kind) {
    case MismatchKind::kFieldOffset:
    case MismatchKind::kFieldMissing: {
      bool missing = f.kind == MismatchKind::kFieldMissing;
      CFact cf = CFact::Ints({COffsetExpr(c, c_member)});
      if (missing) cf.absent_if = {"has no member named", "no member named"};
      size_t cid = AddC(std::move(cf));
      size_t rid = AddR(RustFact::Ints(rf->root, {r_offset}));
      p.claim_c = missing ? "<absent>" : f.truth_value;
      p.claim_r = missing ? LeadingWords(f.assumed_value, 2) : f.assumed_value;
      // gcc names the members of unnamed records through the enclosing
      // named one: absent there is absent here, but found there may be
      // another unnamed member's.
      const bool unnamed_record = absl::StrContains(tkey, "(anon#");
      const std::string member = f.member;
      p.c = [cid, missing, unnamed_record, member](const CProbeRun& run) {
        const CFactResult& r = run.results[cid];
        if (missing && r.state == CFactResult::State::kAbsent) return Value("<absent>");
        if (missing && unnamed_record && r.state == CFactResult::State::kValue) {
          return NoValue(absl::StrCat("gcc finds `", member, "` through the enclosing named record: it cannot tell ",
                                      "which unnamed member holds it"));
        }
        Obs o = CInts(run, cid, 1);
        if (!o.ok) return o;
        return Value(missing ? absl::StrCat("offset ", r.ints[0]) : std::to_string(r.ints[0]));
      };
      p.r = [rid, missing](const RustProbeRun& run) {
        Obs o = RInts(run, rid, 1);
        if (!o.ok) return o;
        uint64_t v = run.results[rid].ints[0];
        return Value(missing ? absl::StrCat("offset ", v) : std::to_string(v));
      };
      return p;
    }
    case MismatchKind::kFieldWidth: {
      std::string expr = "sizeof(" + member_lv + ")";
      if (absl::StartsWith(f.member, "(anon#")) {
        auto sz = CAnonSize(tkey + "::" + f.member, c.base, &why);
        if (!sz) return Unconfirmable(why);
        expr = *sz;
      }
      size_t cid = AddC(CFact::Ints({expr}));
      RustFact rfact;
      rfact.root = rf->root;
      rfact.parts = {{"bindfuzz_field_ty!(" + P + ", " + rf->member + ")", kShapeLen}};
      size_t rid = AddR(std::move(rfact));
      p.claim_c = LeadingWords(f.truth_value, 2);
      p.claim_r = LeadingWords(f.assumed_value, 2);
      auto bytes = [](uint64_t n) { return absl::StrCat(n, n == 1 ? " byte" : " bytes"); };
      p.c = [cid, bytes](const CProbeRun& run) {
        Obs o = CInts(run, cid, 1);
        if (o.ok && run.results[cid].ints[0] == kNotDerived) return NoValue(kNotDerivedWhy);
        return o.ok ? Value(bytes(run.results[cid].ints[0])) : o;
      };
      p.r = [rid, bytes](const RustProbeRun& run) {
        Obs o = RInts(run, rid, kShapeLen);
        return o.ok ? Value(bytes(run.results[rid].ints[1])) : o;
      };
      return p;
    }
    case MismatchKind::kFieldType:
    case MismatchKind::kFunctionPointerType: {
      const Field* tf = route.c.empty() ? nullptr : route.c.back();
      if (!tf) return Unconfirmable("no C field " + f.member);
      std::string cwhy;
      CRead cr = CFull(tf->type, "__typeof__(" + member_lv + ")", &cwhy);
      if (!cr) return Unconfirmable(cwhy);
      p.c = cr;
      p.r = RShapeOf(rf->root, "bindfuzz_field_ty!(" + P + ", " + rf->member + ")",
                     "bindfuzz_field_sig!(" + P + ", " + rf->member + ")");
      p.claim_c = tshape_.Full(tf->type);
      p.claim_r = rshape_.Full(af->type);
      return p;
    }
    default:
      return Unconfirmable("not a field finding");
  }
}

Plan Planner::BitfieldPlan(const Finding& f) {
  const std::string tkey = TruthKey(f);
  CRec c = CRecord(tkey);
  if (!c.why.empty()) return Unconfirmable(c.why);
  if (!IsProbeSafeCIdentifier(f.member)) return Unconfirmable("the bitfield has no name gcc can refer to");
  const Field* tf = c.rec ? c.rec->FindField(f.member) : nullptr;
  auto rrec = R_.records.find(f.item);
  const Field* af = rrec == R_.records.end() ? nullptr : rrec->second.FindField(f.member);
  if (!tf || !af) return Unconfirmable("the bitfield is not in both contracts");
  if (!tf->is_bitfield || !af->is_bitfield) return Unconfirmable("a bitfield on one side only: its storage is not probed");
  if (big_) return Unconfirmable("bitfield positions are probed on little-endian targets only");
  std::string why;
  auto rr = RFind(rrec->second.loc, RustItemRef::Kind::kType, &why);
  if (!rr) return Unconfirmable(why);
  auto rm = RFind(af->loc, RustItemRef::Kind::kMethod, &why);
  if (!rm) return Unconfirmable(why);
  std::string getter = absl::StartsWith(rm->member, "r#") ? rm->member.substr(2) : rm->member;
  std::string setter = SafeRustIdent("set_" + getter, false);
  if (setter.empty()) return Unconfirmable("no bindgen setter name for the bitfield");
  // gcc: an object of the named record with only this bitfield set to all
  // ones; rustc: bindgen's setter on a zeroed value (run on the host).
  size_t obj = AddC({CFact::Kind::kObject, {c.base, "{ ." + f.member + " = -1 }"}, {}});
  std::optional<size_t> anon_off;
  if (!c.leaf.empty()) anon_off = AddC(CFact::Ints({absl::StrCat("__builtin_offsetof(", c.base, ", ", c.leaf, ")")}));
  RustFact rfact;
  rfact.kind = RustFact::Kind::kRuntime;
  rfact.root = rr->root;
  rfact.parts = {{"bindfuzz_set_ones!(" + rr->Path() + ", " + setter + ")", 0}};
  size_t rid = AddR(std::move(rfact));
  const bool position = f.kind == MismatchKind::kBitfieldPosition;
  auto word = [position](uint64_t first, uint64_t width) {
    return position ? absl::StrCat("bit ", first) : absl::StrCat(width, width == 1 ? " bit" : " bits");
  };
  Plan p;
  p.claim_c = f.truth_value;
  p.claim_r = f.assumed_value;
  p.c = [obj, anon_off, word](const CProbeRun& run) {
    const CFactResult& r = run.results[obj];
    if (r.state != CFactResult::State::kValue) return NoValue(Short(r.error));
    uint64_t first = 0, width = 0;
    if (!BitRange(r.bytes, false, &first, &width)) return NoValue("gcc set no bit");
    if (anon_off) {
      Obs o = CInts(run, *anon_off, 1);
      if (!o.ok) return o;
      first -= 8 * run.results[*anon_off].ints[0];
    }
    return Value(word(first, width));
  };
  p.r = [rid, word](const RustProbeRun& run) {
    const RustFactResult& r = run.results[rid];
    if (r.state != RustFactResult::State::kValue) return NoValue(Short(r.error));
    uint64_t first = 0, width = 0;
    if (!BitRange(r.bytes, false, &first, &width)) return NoValue("the setter set no bit");
    return Value(word(first, width));
  };
  return p;
}

}  // namespace bindfuzz::confirm::internal
