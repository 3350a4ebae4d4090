#include "harness/spec/prototype_check.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace bindfuzz::spec {
namespace {

using contract::ParamMode;
using contract::ReturnKind;
using contract::Type;
using contract::TypeKind;

enum class Cls { kVoid, kInt, kFloat, kPointer, kOther };

struct Shape {
  Cls cls = Cls::kOther;
  uint32_t bits = 0;  // kInt
};

const char* ClsName(Cls c) {
  switch (c) {
    case Cls::kVoid: return "void";
    case Cls::kInt: return "an integer";
    case Cls::kFloat: return "a float";
    case Cls::kPointer: return "a pointer";
    case Cls::kOther: return "a record or other";
  }
  return "?";
}

std::string Describe(const Shape& s) {
  if (s.cls == Cls::kInt) return absl::StrCat("an integer of ", s.bits, " bits");
  return ClsName(s.cls);
}

// C's type as the call sees it: typedefs and enums resolved, arrays and
// functions decayed to pointers.
Shape OfC(const Type& t0, const contract::Contract& c, bool param) {
  const Type* t = &t0;
  for (int guard = 0; guard < 64 && t->kind == TypeKind::kTypedef; ++guard) {
    auto it = c.typedefs.find(t->name);
    if (it == c.typedefs.end()) return {};
    t = &it->second.target;
  }
  switch (t->kind) {
    case TypeKind::kVoid: return {Cls::kVoid};
    case TypeKind::kBool: return {Cls::kInt, 8};
    case TypeKind::kInt: return {Cls::kInt, t->bits};
    case TypeKind::kFloat: return {Cls::kFloat, t->bits};
    case TypeKind::kPointer: return {Cls::kPointer};
    case TypeKind::kArray:
    case TypeKind::kFunction: return param ? Shape{Cls::kPointer} : Shape{};
    case TypeKind::kEnum: {
      auto it = c.enums.find(t->name);
      if (it == c.enums.end() || it->second.underlying.bits == 0) return {Cls::kInt, 32};
      return {Cls::kInt, it->second.underlying.bits};
    }
    default: return {};
  }
}

// What the spec makes the fuzzer pass; nullopt-like kOther for `_`.
Shape OfParam(const contract::ParamSpec& p) {
  switch (p.mode) {
    case ParamMode::kScalar:
    case ParamMode::kLen:
      if (p.inout) return {Cls::kPointer};  // `size_t *n`
      return p.type.kind == TypeKind::kBool ? Shape{Cls::kInt, 8} : Shape{Cls::kInt, p.type.bits};
    case ParamMode::kUnknown: return {};
    default: return {Cls::kPointer};
  }
}

Shape OfReturn(const contract::ReturnSpec& r) {
  switch (r.kind) {
    case ReturnKind::kVoid: return {Cls::kVoid};
    case ReturnKind::kScalar:
      return r.type.kind == TypeKind::kBool ? Shape{Cls::kInt, 8} : Shape{Cls::kInt, r.type.bits};
    default: return {Cls::kPointer};
  }
}

bool Same(const Shape& a, const Shape& b) { return a.cls == b.cls && (a.cls != Cls::kInt || a.bits == b.bits); }

// C's spelling of a type for messages (the front end keeps the spelling of
// named and scalar types; pointers and arrays are spelled here).
std::string CSpelling(const Type& t, int depth = 0) {
  if (depth > 16) return "...";
  switch (t.kind) {
    case TypeKind::kPointer:
      return absl::StrCat(t.inner.empty() ? "void" : CSpelling(t.inner[0], depth + 1), " *",
                          t.is_const ? "const" : "");
    case TypeKind::kArray:
      return absl::StrCat(t.inner.empty() ? "?" : CSpelling(t.inner[0], depth + 1), "[",
                          t.flexible ? "" : absl::StrCat(t.count), "]");
    case TypeKind::kRecord: return t.spelling.empty() ? "struct " + t.name : t.spelling;
    case TypeKind::kEnum: return t.spelling.empty() ? "enum " + t.name : t.spelling;
    case TypeKind::kTypedef: return t.name;
    default: break;
  }
  const std::string base = t.spelling.empty() ? t.ToString() : t.spelling;
  return t.is_const && base.rfind("const ", 0) != 0 ? "const " + base : base;
}

std::string CPrototype(const contract::Function& f) {
  std::vector<std::string> ps;
  for (const auto& p : f.params) ps.push_back(absl::StrCat(CSpelling(p.type), p.name.empty() ? "" : " " + p.name));
  if (f.variadic) ps.push_back("...");
  return absl::StrCat(CSpelling(f.return_type), " ", f.name, "(", absl::StrJoin(ps, ", "), ")");
}

// Typedefs resolved (a function pointer is usually spelled through one).
const Type* Resolve(const Type& t0, const contract::Contract& c) {
  const Type* t = &t0;
  for (int guard = 0; guard < 64 && t->kind == TypeKind::kTypedef; ++guard) {
    auto it = c.typedefs.find(t->name);
    if (it == c.typedefs.end()) return nullptr;
    t = &it->second.target;
  }
  return t;
}

Shape OfCallbackArg(const contract::CallbackArgSpec& a) {
  if (a.mode != contract::CallbackArgMode::kScalar) return {Cls::kPointer};
  return a.type.kind == TypeKind::kBool ? Shape{Cls::kInt, 8} : Shape{Cls::kInt, a.type.bits};
}

// A callback's signature against the function pointer type of the
// registering function's `callback` parameter.
void CheckCallback(const contract::CallbackSpec& cb, const contract::OwnershipSpec& spec,
                   const contract::Contract& c, PrototypeReport& r) {
  const contract::FunctionSpec* reg = nullptr;
  for (const contract::FunctionSpec& f : spec.functions)
    if (f.name == cb.registered_by) reg = &f;
  if (reg == nullptr) return;
  auto it = c.functions.find(reg->name);
  if (it == c.functions.end() || it->second.params.size() != reg->params.size()) return;
  const contract::Function& cf = it->second;
  const std::string c_where = absl::StrCat("C: ", cf.loc.ToString(), ": ", CPrototype(cf));
  const std::string where = absl::StrCat(cb.loc.ToString(), ": callback ", cb.name);
  for (size_t i = 0; i < reg->params.size(); ++i) {
    if (reg->params[i].mode != ParamMode::kCallback || reg->params[i].callback != cb.name) continue;
    const Type* ptr = Resolve(cf.params[i].type, c);
    const Type* fn = ptr == nullptr ? nullptr
                     : ptr->kind == TypeKind::kFunction ? ptr
                     : ptr->kind == TypeKind::kPointer && !ptr->inner.empty() ? Resolve(ptr->inner[0], c)
                                                                               : nullptr;
    if (fn == nullptr || fn->kind != TypeKind::kFunction || fn->inner.empty()) {
      r.mismatches.push_back(absl::StrCat(where, ": parameter ", i + 1, " (", reg->params[i].name, ") of fn ",
                                          reg->name, " passes the callback, but C's `",
                                          CSpelling(cf.params[i].type), "` is not a function pointer (", c_where,
                                          ")"));
      continue;
    }
    const std::string c_type = CSpelling(cf.params[i].type);
    const size_t c_params = fn->inner.size() - 1;
    if (cb.params.size() != c_params || fn->variadic) {
      r.mismatches.push_back(absl::StrCat(where, " has ", cb.params.size(), " parameter(s), C's `", c_type,
                                          "` takes ", c_params, fn->variadic ? " and more" : "", " (", c_where,
                                          ")"));
      continue;
    }
    for (size_t k = 0; k < cb.params.size(); ++k) {
      const Shape s = OfCallbackArg(cb.params[k]);
      const Shape ck = OfC(fn->inner[k + 1], c, true);
      if (ck.cls == Cls::kOther || Same(s, ck)) continue;
      r.mismatches.push_back(absl::StrCat(cb.params[k].loc.known() ? cb.params[k].loc.ToString() : cb.loc.ToString(),
                                          ": callback ", cb.name, " parameter ", k + 1, " (", cb.params[k].name,
                                          ") is ", Describe(s), " in the spec, but `", CSpelling(fn->inner[k + 1]),
                                          "` in C's `", c_type, "` is ", Describe(ck), " (", c_where, ")"));
    }
    const Shape s = cb.ret.kind == TypeKind::kVoid ? Shape{Cls::kVoid}
                    : cb.ret.kind == TypeKind::kBool ? Shape{Cls::kInt, 8}
                                                     : Shape{Cls::kInt, cb.ret.bits};
    const Shape ck = OfC(fn->inner[0], c, false);
    if (ck.cls != Cls::kOther && !Same(s, ck)) {
      r.mismatches.push_back(absl::StrCat(where, " returns ", Describe(s), " in the spec, but C's `", c_type,
                                          "` returns ", Describe(ck), " (", c_where, ")"));
    }
  }
}

}  // namespace

PrototypeReport CheckSpecPrototypes(const contract::OwnershipSpec& spec, const contract::Contract& c) {
  PrototypeReport r;
  for (const contract::FunctionSpec& f : spec.functions) {
    auto it = c.functions.find(f.name);
    if (it == c.functions.end()) {
      r.undeclared.push_back(f.name);
      continue;
    }
    ++r.checked;
    const contract::Function& cf = it->second;
    const std::string c_where = absl::StrCat("C: ", cf.loc.ToString(), ": ", CPrototype(cf));
    const std::string spec_where = f.loc.ToString();
    // Arity: a variadic function is called through its fixed prototype.
    if (f.params.size() != cf.params.size()) {
      r.mismatches.push_back(absl::StrCat(spec_where, ": fn ", f.name, " has ", f.params.size(), " parameter(s), C ",
                                          cf.variadic ? "declares the fixed parameters " : "declares ",
                                          cf.params.size(), " (", c_where, ")"));
      continue;
    }
    for (size_t i = 0; i < f.params.size(); ++i) {
      const Shape s = OfParam(f.params[i]);
      if (s.cls == Cls::kOther) continue;  // `_`: gen refuses it anyway
      const Shape k = OfC(cf.params[i].type, c, true);
      if (k.cls == Cls::kOther || Same(s, k)) continue;
      r.mismatches.push_back(absl::StrCat(
          f.params[i].loc.known() ? f.params[i].loc.ToString() : spec_where, ": fn ", f.name, " parameter ", i + 1,
          " (", f.params[i].name, ") is ", Describe(s), " in the spec, but C's `", CSpelling(cf.params[i].type), "` is ",
          Describe(k), " (", c_where, ")"));
    }
    const Shape s = OfReturn(f.ret);
    const Shape k = OfC(cf.return_type, c, false);
    if (k.cls != Cls::kOther && !Same(s, k)) {
      r.mismatches.push_back(absl::StrCat(f.ret.loc.known() ? f.ret.loc.ToString() : spec_where, ": fn ", f.name,
                                          " returns ", Describe(s), " in the spec, but C returns `",
                                          CSpelling(cf.return_type), "`, ", Describe(k), " (", c_where, ")"));
    }
  }
  for (const contract::CallbackSpec& cb : spec.callbacks)
    if (cb.has_signature) CheckCallback(cb, spec, c, r);
  return r;
}

absl::Status PrototypeStatus(const PrototypeReport& r) {
  if (r.mismatches.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      r.mismatches.size(), " spec function(s) disagree with their C prototype:\n  ",
      absl::StrJoin(r.mismatches, "\n  ")));
}

}  // namespace bindfuzz::spec
