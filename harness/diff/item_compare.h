// Comparison of the items other than records: enums (size, signedness,
// enumerator values), functions (symbol, parameters, return, variadic,
// calling convention, noreturn), typedefs, global variables and constants
// (internal to harness/diff). Each compares two matched definitions and
// emits into the context's sink.
//
//   ItemComparer items(ctx);
//   ctx.sink.StartItem(ItemKind::kFunction, "kmalloc");
//   items.CompareFunction(c.functions.at("kmalloc"), rust.functions.at("kmalloc"));
#ifndef BINDFUZZ_HARNESS_DIFF_ITEM_COMPARE_H_
#define BINDFUZZ_HARNESS_DIFF_ITEM_COMPARE_H_

#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "harness/contract/contract.h"
#include "harness/diff/compare_context.h"

namespace bindfuzz::diff {

class ItemComparer {
 public:
  explicit ItemComparer(const CompareContext& ctx);

  // Also remembers each assumed enumerator as checked (see CheckedEnumerator).
  void CompareEnum(const contract::Enum& te, const contract::Enum& ae);
  void CompareFunction(const contract::Function& tf, const contract::Function& af);
  void CompareTypedef(const std::string& key, const contract::Typedef& tt, const contract::Typedef& at);
  void CompareVariable(const std::string& key, const contract::Variable& tv, const contract::Variable& av);
  void CompareConstant(const contract::Constant& tc, const contract::Constant& ac);
  // The assumed constant `key` against the truth enumerator `en`.
  void CompareEnumeratorConstant(const std::string& key, const contract::Enumerator& en,
                                 const contract::Constant& ac);

  // An assumed constant already checked as an enumerator of an assumed enum
  // (by its name, or bindgen's consts-style `E_X`).
  struct Checked {
    std::string enum_name;
    bool had_finding = false;
  };
  const Checked* CheckedEnumerator(const std::string& constant) const;

 private:
  void Emit(FindingDraft d) { sink_.Emit(std::move(d)); }
  void CompareParam(const contract::Function& tf, const contract::Function& af, size_t i);
  void CompareReturn(const contract::Function& tf, const contract::Function& af);
  // The type of the typedef or variable `key`.
  void CompareDeclaredType(TypeUse use, const std::string& key, const contract::Type& t, const contract::Type& a,
                           const contract::SourceLoc& tloc, const contract::SourceLoc& aloc);
  // An integer constant `name` whose truth value is `tv` (defined at `tloc`).
  void CompareIntConstant(const std::string& name, const contract::IntValue& tv, const contract::SourceLoc& tloc,
                          const contract::Constant& ac);

  const contract::Contract& T_;
  const contract::Contract& A_;
  const std::string& tl_;
  const std::string& al_;
  const TypeComparer& types_;
  const Consequences& say_;
  FindingSink& sink_;
  std::map<std::string, Checked> checked_enumerators_;
};

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_ITEM_COMPARE_H_
