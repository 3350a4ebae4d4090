// The consequence sentences of findings: what an access from the assumed
// (Rust) side does to the truth's (C's) object, with numbers, in the
// report's words for the two sides (internal to harness/diff). One method
// per way a finding arises; nothing here decides whether a finding exists.
//
//   Consequences say({"C", "Rust"});
//   say.RecordSize(c_file, rust_file);
//   // "Rust believes `file` is 232 bytes; C allocates 184: any Rust access
//   //  past byte 184 (e.g. `f_mode` at 200) reads or writes beyond ..."
//   say.DescribeRange(c_file, 32, 64);  // "`f_pos` (4..8)", "padding", ...
#ifndef BINDFUZZ_HARNESS_DIFF_CONSEQUENCE_H_
#define BINDFUZZ_HARNESS_DIFF_CONSEQUENCE_H_

#include <cstdint>
#include <string>
#include <utility>

#include "harness/contract/contract.h"
#include "harness/diff/sentence.h"
#include "harness/diff/type_compare.h"

namespace bindfuzz::diff {

class Consequences {
 public:
  explicit Consequences(Labels labels) : tl_(std::move(labels.truth)), al_(std::move(labels.assumed)) {}

  // What `r` holds in bits [from, to): "`f_pos` (40..48)", "padding", "nothing: ...".
  static std::string DescribeRange(const contract::Record& r, uint64_t from, uint64_t to);

  // ---- records (tr: the truth's definition, ar: the assumed one)
  std::string RecordSize(const contract::Record& tr, const contract::Record& ar) const;
  std::string RecordAlign(const contract::Record& tr, const contract::Record& ar) const;
  std::string RecordKind(const contract::Record& ar) const;
  std::string RecordPacked(const contract::Record& tr, const contract::Record& ar) const;
  // Complete on the assumed side only.
  std::string RecordOnlyAssumedComplete(const contract::Record& ar) const;
  // Complete on the truth side, a bindgen placeholder in Rust.
  std::string RecordPlaceholder(const contract::Record& tr, const contract::Record& ar) const;
  std::string LayoutNotComputed(const contract::Record& ar) const;
  std::string RecordMissing(const std::string& key, const contract::Record& ar) const;
  std::string RecordNotModelled(const std::string& key) const;

  // ---- fields (tf/af: the field on each side)
  std::string FieldMissing(const contract::Record& tr, const contract::Field& af, bool layout_known) const;
  std::string FieldExtra(const contract::Record& ar, const contract::Field& tf, bool layout_known) const;
  // `truth_type` is tf's type with typedefs resolved.
  std::string FieldOffset(const contract::Record& tr, const contract::Field& tf, const contract::Field& af,
                          const contract::Type& truth_type) const;
  // Storage sizes differ; `r` says how the types compared.
  std::string FieldWidth(const contract::Record& tr, const contract::Field& tf, const contract::Field& af,
                         const TypeCmp& r) const;
  // The field's types differ as `r` says (not kSame, kWidth, kUnknown);
  // `ttype`/`atype` are the TypeStr of each side.
  std::string FieldType(const TypeCmp& r, const contract::Field& tf, const contract::Field& af,
                        const std::string& ttype, const std::string& atype) const;
  // Types differ where offsets and sizes are unknown.
  std::string FieldTypeOnly(const contract::Field& af, const std::string& ttype, const std::string& atype) const;
  std::string FieldNotCompared(const contract::Field& af) const;
  std::string FunctionPointerNullability(const contract::Field& af) const;
  std::string BitfieldPosition(const contract::Record& tr, const contract::Field& tf,
                               const contract::Field& af) const;
  std::string BitfieldWidth(const contract::Record& tr, const contract::Field& tf, const contract::Field& af) const;
  // A bitfield on one side, a plain field on the other.
  std::string BitfieldOnOneSide(const contract::Record& tr, const contract::Field& af) const;
  std::string BitfieldSignedness(const contract::Field& af, bool assumed_signed) const;

  // ---- enums (te/ae: the enum on each side; values compared at `width` bits)
  std::string EnumSize(const contract::Enum& te, const contract::Enum& ae) const;
  std::string EnumSignedness(const contract::Enum& ae, const contract::Type& truth_underlying,
                             const contract::Type& assumed_underlying) const;
  std::string EnumExtraValue(const contract::Enum& te, const contract::Enumerator& a, uint32_t width) const;
  std::string EnumValue(const contract::Enum& te, const contract::Enum& ae, const contract::Enumerator& t,
                        const contract::Enumerator& a, uint32_t width) const;
  std::string EnumMissingValue(const contract::Enum& ae, const contract::Enumerator& t) const;
  std::string EnumMissing(const std::string& key) const;
  std::string EnumNotModelled(const std::string& key) const;

  // ---- functions (tf/af: the function on each side)
  // Parameter `name` differs as `r` says; `tt`/`at`: TypeStr of each side.
  std::string Param(const TypeCmp& r, const std::string& name, const std::string& tt, const std::string& at) const;
  // `truth_void`/`assumed_void`: the side returns nothing.
  std::string Return(const TypeCmp& r, const std::string& tt, const std::string& at, bool truth_void,
                     bool assumed_void) const;
  std::string ParamCount(const contract::Function& tf, const contract::Function& af) const;
  std::string NoSymbol(const contract::Function& af) const;
  std::string Variadic(const contract::Function& tf, const contract::Function& af) const;
  std::string CallingConvention(const contract::Function& af) const;
  std::string NoReturn(const contract::Function& af) const;
  std::string FunctionMissing(const std::string& key) const;
  std::string FunctionNotModelled(const std::string& key) const;

  // ---- typedefs and variables
  // The type of typedef or variable `key` (`use`) differs as `r` says (or
  // was not compared: kUnknown); `ts`/`as`: TypeStr of each side.
  std::string DeclaredType(TypeUse use, const std::string& key, const TypeCmp& r, const std::string& ts,
                           const std::string& as) const;
  std::string VariableMissing(const std::string& key) const;
  std::string VariableNotModelled(const std::string& key) const;

  // ---- constants (values as ConstText / IntValue::ToString)
  // `assumed_type` is the assumed constant's type as a scalar.
  std::string IntConstantValue(const std::string& name, const contract::IntValue& tv,
                               const contract::IntValue& av, const Scalar& assumed_type) const;
  std::string ConstantValue(const std::string& name, const std::string& truth_value,
                            const std::string& assumed_value) const;
  std::string ConstantMissing(const std::string& name, const std::string& assumed_value) const;
  std::string ConstantNotEvaluated(const std::string& name, const std::string& assumed_value) const;

 private:
  std::string tl_, al_;
};

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_CONSEQUENCE_H_
