// Internal to harness/confirm (not a public header: include confirm.h).
// What the parts of `check --confirm` share: a Plan (what each side's
// compiler must give for one finding, and how to read it from the probe
// runs), the canonical texts values and type shapes are compared in
// (shapes.cc), and the Planner that makes one plan per finding (planner.cc
// for its helpers and dispatch, plans_records.cc and plans_items.cc for the
// plans per finding kind). confirm.cc judges the plans and rewrites the
// report.
#ifndef BINDFUZZ_HARNESS_CONFIRM_PLANNER_H_
#define BINDFUZZ_HARNESS_CONFIRM_PLANNER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/confirm/c_probe.h"
#include "harness/confirm/rust_probe.h"
#include "harness/contract/contract.h"
#include "harness/diff/diff.h"

namespace bindfuzz::diff {
class NameMatcher;
}

namespace bindfuzz::confirm::internal {

using contract::Contract;
using contract::Field;
using contract::Record;
using contract::ResolveTypedefs;
using contract::Type;
using contract::TypeKind;
using diff::Confirmation;
using diff::ConfirmStatus;
using diff::Finding;
using diff::MismatchKind;

// A C size that gcc found cannot be derived (see CAnonSize).
inline constexpr uint64_t kNotDerived = 0xffffffffffffffffull;
inline constexpr char kNotDerivedWhy[] =
    "the size of an unnamed C member with its own aligned attribute cannot be derived (the next member may be padded)";

// What one compiler said for a finding: a canonical value, or why not.
struct Obs {
  bool ok = false;
  std::string value;
  std::string why;
};
inline Obs Value(std::string v) { return {true, std::move(v), ""}; }
inline Obs NoValue(std::string why) { return {false, "", std::move(why)}; }

using CRead = std::function<Obs(const CProbeRun&)>;
using RRead = std::function<Obs(const RustProbeRun&)>;

struct Plan {
  std::string reason;  // set: unconfirmable without probing
  CRead c;
  RRead r;
  std::string claim_c, claim_r;  // what the finding says each side is ("" = not checked)
};

inline Plan Unconfirmable(std::string why) {
  Plan p;
  p.reason = std::move(why);
  return p;
}

// ------------------------------------------------------- texts (shapes.cc) --
// The canonical texts both sides' values are written in.

std::string Short(const std::string& s, size_t n = 400);
std::string SignedText(uint64_t v, bool negative);
// Like the diff's rendering of string constants.
std::string Quote(const std::string& bytes);
std::string FloatText(double v);
// First set bit and number of set bits of a bitfield written all-ones.
bool BitRange(const std::string& bytes, bool big_endian, uint64_t* first, uint64_t* width);
// 1 when the Rust constant `x` is negative: a range pattern, which needs no
// comparison trait (the minicore `core` of other targets has none).
std::string RNegative(const std::string& x);
std::string TruthKey(const Finding& f);
// "48 bytes (xarray)" -> "48 bytes"; "offset 1656, 32 bytes" -> "offset 1656".
std::string LeadingWords(const std::string& s, size_t words);

// ------------------------------------------------------ shapes (shapes.cc) --
// A type as the machine sees it, in the same words for both sides:
// "i32", "u64", "f64", "bool", "void", "ptr->agg(32,8)", "ptr->opaque",
// "fn(ptr, i32) -> i32", "[u8; 16]", "agg(16,8)", "opaque" (incomplete or
// zero-sized: a handle only used behind pointers).

std::string Level1(uint64_t cls, uint64_t size, uint64_t align);
std::string FnText(const std::string& ret, const std::vector<std::string>& params, bool variadic);
// A data pointer whose pointee is a pointer (data or function): in a
// function-pointer signature, such a parameter reads "ptr->ptr".
bool IsPointerToPointer(const contract::Contract& c, const contract::Type& t);
// rustc's SHAPE ++ SIG words -> shape text.
std::string RustShapeText(const std::vector<uint64_t>& v, size_t at);

// The shape a contract says a type has (the claim a finding makes), or ""
// when the contract does not know enough.
class ContractShapes {
 public:
  explicit ContractShapes(const Contract& k) : k_(k) {}

  std::optional<uint64_t> Size(const Type& t0, int depth = 0) const;
  std::string L1(const Type& t0, int depth = 0) const;
  std::string Full(const Type& t0, int depth = 0) const;
  std::string Fn(const Type& f, int depth) const;
  // A parameter's type as it is passed (a transparent union's first member's).
  const Type& PassedAs(const Type& t) const;

 private:
  const Contract& k_;
};

// ----------------------------------------------------------------- planner --
// One plan per error finding; the facts the plans need are collected in
// `cfacts` (for gcc) and `rfacts` (for rustc), run once for all plans.

class Planner {
 public:
  Planner(const Contract& truth, const Contract& rust, const RustProbeCrate& crate, bool c_big_endian)
      : T_(truth), R_(rust), crate_(crate), big_(c_big_endian), tshape_(truth), rshape_(rust) {}

  std::vector<CFact> cfacts;
  std::vector<RustFact> rfacts;

  Plan For(const Finding& f);  // planner.cc

 private:
  // ---- C side (planner.cc)

  size_t AddC(CFact f);
  size_t AddR(RustFact f);
  static Obs CInts(const CProbeRun& run, size_t id, size_t n);

  // A C record as gcc can name it: a type expression for the nearest named
  // record, and for anonymous members (`p::(anon#1)`) the first field inside
  // them, whose offset in the named record is where they start.
  struct CRec {
    std::string why;   // set: not nameable
    std::string base;  // C type expression
    std::string leaf;  // anonymous: designator of its first leaf; "" = base is the record itself
    const Record* rec = nullptr;
  };
  std::string FirstLeaf(const std::string& key, int depth) const;
  CRec CRecord(const std::string& key) const;
  std::string COffsetExpr(const CRec& r, const std::string& field) const;
  static std::string CMax(const std::vector<std::string>& e);

  // Where an unnamed member (record key `p::...::(anon#N)`) starts, ends and
  // how it is aligned, in gcc's own terms: it starts at its first field; it
  // ends where its last field ends (the largest end, for a union); its
  // alignment is the largest of its members' (`__alignof__` of a member
  // includes aligned attributes); its size is the end rounded up to that.
  // C's layout rules, for records neither packed nor aligned themselves.
  struct CAnon {
    std::string start, end, align;
  };
  std::optional<CAnon> CAnonLayout(const std::string& key, const std::string& base, std::string* why, int depth) const;
  static std::string CRoundUp(const std::string& x, const std::string& a);
  std::optional<std::string> CAnonSize(const std::string& key, const std::string& base, std::string* why) const;
  void LeafAligns(const std::string& key, const std::string& base, std::vector<std::string>* out, int depth) const;

  std::optional<std::string> SpellC(const Type& t, int depth = 0) const;
  Type FunctionType(const contract::Function& fn) const;
  CRead CLevel1(const Type& ct, const std::string& te, std::string* why);
  CRead CFull(const Type& ct, const std::string& te, std::string* why);
  // A parameter of C type `ct` (spelled `te`) as it is passed: CFull (or
  // CLevel1 when !full), for a transparent union its first member's
  // (plans_transparent_union.cc). `claim`: the C contract's shape of the same.
  CRead CPassedAs(const Type& ct, const std::string& te, bool full, std::string* claim, std::string* why);

  // ---- Rust side (planner.cc)

  std::optional<RustItemRef> RFind(const contract::SourceLoc& loc, RustItemRef::Kind kind, std::string* why) const;
  static Obs RInts(const RustProbeRun& run, size_t id, size_t n);
  RRead RShapeOf(size_t root, const std::string& shape_expr, const std::string& sig_expr);

  // ---- which fields a field finding is about (field_route.cc)

  // A finding names a member as C spells it (`s.y`). Where the diff paired
  // a record's fields by those names because the two sides' unnamed members
  // nest differently (harness/diff/anon_tree.h), the member may lie inside
  // unnamed members on either side (bindgen's `__bindgen_anon_1.y`): each
  // side's route lists the field of every level, outermost first. Elsewhere
  // it is the record's own field. Empty: that side has no such member.
  struct FieldRoute {
    std::vector<const Field*> c, rust;
  };
  FieldRoute RouteField(const Finding& f, const Record* c_rec, const Record& r_rec);
  const diff::NameMatcher& Names();

  // ---- plans per kind

  // plans_records.cc
  Plan RecordLayout(const Finding& f);
  Plan FieldPlan(const Finding& f);
  Plan BitfieldPlan(const Finding& f);
  // plans_items.cc
  Plan EnumPlan(const Finding& f);
  Plan ConstantPlan(const Finding& f);
  Plan FunctionPlan(const Finding& f);
  Plan TypedefPlan(const Finding& f);
  Plan VariablePlan(const Finding& f);

  const Contract& T_;
  const Contract& R_;
  const RustProbeCrate& crate_;
  bool big_;
  ContractShapes tshape_, rshape_;
  std::shared_ptr<const diff::NameMatcher> names_;  // built on first use
};

}  // namespace bindfuzz::confirm::internal

#endif  // BINDFUZZ_HARNESS_CONFIRM_PLANNER_H_
