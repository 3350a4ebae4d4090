#include "harness/diff/drift.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/diff/sentence.h"
#include "harness/diff/type_compare.h"

namespace bindfuzz::diff {
namespace {

using contract::Contract;
using contract::Record;

// A C item, as an unbound finding names it.
Finding Unbound(MismatchKind kind, ItemKind item_kind, const std::string& key, std::string truth_value,
                const contract::SourceLoc& loc, std::string message, std::string consequence) {
  Finding f;
  f.kind = kind;
  f.severity = KindSeverity(kind);
  f.item_kind = item_kind;
  f.item = key;
  f.truth_value = std::move(truth_value);
  f.assumed_value = "<absent>";
  f.truth_loc = loc;
  f.message = std::move(message);
  f.consequence = std::move(consequence);
  return f;
}

std::string NotBound(const std::string& al) {
  return S(al, " cannot use it until the bindings are regenerated; nothing that exists breaks");
}

}  // namespace

const char* DriftClassName(DriftClass c) {
  switch (c) {
    case DriftClass::kSilent: return "silent";
    case DriftClass::kCompileBreaking: return "compile-breaking";
    case DriftClass::kNew: return "new";
    case DriftClass::kNone: return "";
  }
  return "";
}

bool IsUnboundKind(MismatchKind k) {
  switch (k) {
    case MismatchKind::kRecordUnbound:
    case MismatchKind::kEnumUnbound:
    case MismatchKind::kTypedefUnbound:
    case MismatchKind::kFunctionUnbound:
    case MismatchKind::kVariableUnbound:
    case MismatchKind::kConstantUnbound:
      return true;
    default:
      return false;
  }
}

DriftClass DriftClassOf(const Finding& f) {
  if (IsUnboundKind(f.kind)) return DriftClass::kNew;
  switch (f.kind) {
    case MismatchKind::kUnevaluated:
    case MismatchKind::kRecordPaired:
      return DriftClass::kNone;
    case MismatchKind::kRecordMissing:
    case MismatchKind::kFieldMissing:
    // A Rust field name C does not have, over bytes that agree: bindings
    // regenerated from this C lose the name Rust code uses.
    case MismatchKind::kFieldNamesPadding:
    case MismatchKind::kFieldCoversMembers:
    case MismatchKind::kFieldZeroSized:
    case MismatchKind::kEnumMissing:
    case MismatchKind::kEnumExtraValue:
    case MismatchKind::kConstantMissing:
    case MismatchKind::kFunctionMissing:
    case MismatchKind::kFunctionNoSymbol:
    case MismatchKind::kVariableMissing:
      return DriftClass::kCompileBreaking;
    case MismatchKind::kFieldExtra:
      return DriftClass::kNew;
    case MismatchKind::kRecordOpaque:
      // C made it incomplete: regenerated bindings make it opaque and field
      // accesses stop compiling. C made it complete: new layout to bind.
      return f.truth_value == "incomplete" ? DriftClass::kCompileBreaking : DriftClass::kNew;
    default:
      return DriftClass::kSilent;
  }
}

std::vector<Finding> UnboundFindings(const Contract& truth, const Contract& assumed, const Contract* assumed_c,
                                     const NameMatcher& names, const std::string& tl, const std::string& al) {
  std::vector<Finding> out;
  // Records: canonical truth names some assumed record matches.
  std::set<std::string> bound_records;
  for (const auto& [key, ar] : assumed.records) {
    for (const std::string& k : names.TruthRecords(key)) bound_records.insert(CanonicalName(k));
    if (auto p = names.function_pairs().paired.find(key); p != names.function_pairs().paired.end()) {
      bound_records.insert(CanonicalName(p->second.truth));
    }
    const std::string nested = names.NestedNameOf(key);
    if (!nested.empty()) bound_records.insert(nested);
  }
  auto in_origin = [&](auto member, const std::string& key) {
    return assumed_c != nullptr && (assumed_c->*member).count(key) > 0;
  };
  for (const auto& [key, r] : truth.records) {
    if (!r.complete || r.anonymous || key.rfind("(anon", 0) == 0) continue;
    const std::string canon = CanonicalName(key);
    if (canon != key) continue;  // a BTF alternate of another definition
    if (bound_records.count(canon) || in_origin(&Contract::records, key)) continue;
    out.push_back(Unbound(MismatchKind::kRecordUnbound, ItemKind::kRecord, key,
                          S(RecordKindWord(r.kind), ", ", Bytes(r.size_bytes)), r.loc,
                          S(tl, " defines ", RecordKindWord(r.kind), " ", Q(key), "; ", al, " does not bind it"),
                          NotBound(al)));
  }
  // Enums: by the assumed enums' matches, and assumed typedefs of that name
  // (bindgen's consts style).
  std::set<std::string> bound_enums;
  for (const auto& [key, ae] : assumed.enums) {
    std::string how;
    for (const std::string& k : names.TruthEnumsForAssumed(ae, &how)) bound_enums.insert(k);
  }
  for (const auto& [key, e] : truth.enums) {
    if (e.anonymous || key.rfind("(anon", 0) == 0) continue;
    if (bound_enums.count(key) || assumed.typedefs.count(key) || assumed.enums.count(key) ||
        in_origin(&Contract::enums, key)) {
      continue;
    }
    out.push_back(Unbound(MismatchKind::kEnumUnbound, ItemKind::kEnum, key, S(e.enumerators.size(), " enumerators"),
                          e.loc, S(tl, " defines enum ", Q(key), "; ", al, " does not bind it"), NotBound(al)));
  }
  for (const auto& [key, t] : truth.typedefs) {
    if (assumed.typedefs.count(key) || assumed.records.count(key) || assumed.enums.count(key) ||
        in_origin(&Contract::typedefs, key)) {
      continue;
    }
    out.push_back(Unbound(MismatchKind::kTypedefUnbound, ItemKind::kTypedef, key, TypeStr(truth, t.target), t.loc,
                          S(tl, " defines typedef ", Q(key), "; ", al, " does not bind it"), NotBound(al)));
  }
  for (const auto& [key, f] : truth.functions) {
    // Without a symbol (static inline) there is nothing to bind.
    // The assumed side keys functions by the symbol they link (an asm label).
    if (!f.has_symbol || assumed.functions.count(key) || assumed.functions.count(f.Symbol()) ||
        in_origin(&Contract::functions, key)) {
      continue;
    }
    out.push_back(Unbound(MismatchKind::kFunctionUnbound, ItemKind::kFunction, key, "extern", f.loc,
                          S(tl, " declares ", Q(key), "; ", al, " does not bind it"), NotBound(al)));
  }
  for (const auto& [key, v] : truth.variables) {
    if (assumed.variables.count(key) || assumed.constants.count(key) || in_origin(&Contract::variables, key)) {
      continue;
    }
    out.push_back(Unbound(MismatchKind::kVariableUnbound, ItemKind::kVariable, key, TypeStr(truth, v.type), v.loc,
                          S(tl, " declares global ", Q(key), "; ", al, " does not bind it"), NotBound(al)));
  }
  for (const auto& [key, c] : truth.constants) {
    if (assumed.constants.count(key) || in_origin(&Contract::constants, key)) continue;
    out.push_back(Unbound(MismatchKind::kConstantUnbound, ItemKind::kConstant, key, ConstText(c), c.loc,
                          S(tl, " defines ", Q(key), " = ", ConstText(c), "; ", al, " does not bind it"),
                          NotBound(al)));
  }
  return out;
}

}  // namespace bindfuzz::diff
