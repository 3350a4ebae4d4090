// Lifetime fuzzer generator: see lifetime_codegen.h.
#include "harness/codegen/lifetime_codegen.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/codegen/codegen_text.h"
#include "shims/lifetime/bf_seq.h"

namespace bindfuzz::codegen {
namespace {

using contract::BorrowWindow;
using contract::FunctionSpec;
using contract::LenUnit;
using contract::Note;
using contract::Nullability;
using contract::OwnershipSpec;
using contract::ParamMode;
using contract::ParamSpec;
using contract::ResourceSpec;
using contract::ReturnKind;
using contract::SourceLoc;
using contract::Type;
using contract::TypeKind;

// The engine's limits (shims/lifetime/bf_seq.h), enforced here.
constexpr int kMaxOps = BF_SEQ_MAX_OPS;
constexpr int kMaxHandles = BF_SEQ_MAX_HANDLES;
constexpr size_t kMaxParams = BF_SEQ_MAX_PARAMS;
constexpr size_t kSyntheticOps = BF_SEQ_SYNTHETIC_OPS;  // drop, get, new foreign
constexpr size_t kMaxFunctions = 256 - kSyntheticOps;   // one selector byte
constexpr uint64_t kMaxElemSize = 4096;
constexpr uint64_t kMaxAlign = 4096;

// `<file>:<line>: gen: ` for an item of the spec.
std::string Where(const OwnershipSpec& spec, const SourceLoc& loc) {
  const std::string& file = loc.file.empty() ? spec.file : loc.file;
  return absl::StrCat(file.empty() ? "<spec>" : file, ":", loc.line, ": gen: ");
}

absl::Status Invalid(const OwnershipSpec& spec, const SourceLoc& loc, absl::string_view msg) {
  return absl::InvalidArgumentError(absl::StrCat(Where(spec, loc), msg));
}

Code IntLiteral(int64_t v) { return Code::Int64(v, "INT64_C(", ")"); }

// A scalar as the spec types it.
struct Scalar {
  Code cpp;           // int32_t, bool
  Code tag;           // BF_SEQ_I32
  uint32_t bits = 0;
  bool is_signed = false;
  bool is_bool = false;
};

bool ScalarOf(const Type& t, Scalar* out) {
  if (t.kind == TypeKind::kBool) {
    *out = {.cpp = "bool", .tag = "BF_SEQ_BOOL", .bits = 8, .is_bool = true};
    return true;
  }
  if (t.kind != TypeKind::kInt) return false;
  if (t.bits != 8 && t.bits != 16 && t.bits != 32 && t.bits != 64) return false;
  out->bits = t.bits;
  out->is_signed = t.is_signed;
  out->is_bool = false;
  out->cpp = Cat(t.is_signed ? Code("int") : Code("uint"), t.bits, "_t");
  out->tag = Cat("BF_SEQ_", t.is_signed ? Code("I") : Code("U"), t.bits);
  return true;
}

bool InRange(const Scalar& s, int64_t v) {
  if (s.is_bool) return v == 0 || v == 1;
  if (s.is_signed) {
    if (s.bits == 64) return true;
    const int64_t lim = int64_t{1} << (s.bits - 1);
    return v >= -lim && v < lim;
  }
  if (v < 0) return false;
  if (s.bits == 64) return true;
  return static_cast<uint64_t>(v) < (uint64_t{1} << s.bits);
}

bool IsPointerParam(ParamMode m) {
  return m == ParamMode::kBorrowed || m == ParamMode::kConsumed || m == ParamMode::kRetained;
}

bool IsBufferParam(ParamMode m) {
  return m == ParamMode::kBufIn || m == ParamMode::kBufOut || m == ParamMode::kStrIn;
}

Code ModeTag(ParamMode m) {
  switch (m) {
    case ParamMode::kScalar: return "BF_SEQ_P_SCALAR";
    case ParamMode::kBorrowed: return "BF_SEQ_P_BORROWED";
    case ParamMode::kConsumed: return "BF_SEQ_P_CONSUMED";
    case ParamMode::kRetained: return "BF_SEQ_P_RETAINED";
    case ParamMode::kBufIn: return "BF_SEQ_P_BUF_IN";
    case ParamMode::kBufOut: return "BF_SEQ_P_BUF_OUT";
    case ParamMode::kStrIn: return "BF_SEQ_P_STR";
    case ParamMode::kLen: return "BF_SEQ_P_LEN";
    case ParamMode::kOutOwned: return "BF_SEQ_P_OUT_OWNED";
    case ParamMode::kOutBorrowed: return "BF_SEQ_P_OUT_BORROWED";
    case ParamMode::kCallback:
    case ParamMode::kUserData: return "BF_SEQ_P_CALLBACK";
    case ParamMode::kUnknown: break;
  }
  return "BF_SEQ_P_SCALAR";
}

Code ReturnTag(ReturnKind k) {
  switch (k) {
    case ReturnKind::kVoid: return "BF_SEQ_R_VOID";
    case ReturnKind::kScalar: return "BF_SEQ_R_SCALAR";
    case ReturnKind::kOwned: return "BF_SEQ_R_OWNED";
    case ReturnKind::kBorrowed: return "BF_SEQ_R_BORROWED";
    case ReturnKind::kStr: return "BF_SEQ_R_STR";
    case ReturnKind::kBuf: return "BF_SEQ_R_BUF";
    case ReturnKind::kPtr: break;
  }
  return "BF_SEQ_R_VOID";
}

Code NullTag(Nullability n) {
  switch (n) {
    case Nullability::kNonNull: return "BF_SEQ_NONNULL";
    case Nullability::kNullable: return "BF_SEQ_NULLABLE";
    case Nullability::kErrPtr: return "BF_SEQ_ERRPTR";
    case Nullability::kErrPtrOrNull: return "BF_SEQ_ERRPTR_OR_NULL";
  }
  return "BF_SEQ_NONNULL";
}

// What the generator decided about one parameter.
struct ParamPlan {
  const ParamSpec* spec = nullptr;
  Scalar scalar;               // kScalar / kLen
  int resource = -1;           // pointer modes
  std::vector<int> until;      // kRetained: callee ids
  int len_param = -1;          // buffers
  int parent = -1;             // kOutBorrowed: the parameter it borrows from
  int callback = -1;           // kCallback / kUserData: index in Plan::callbacks
  int len_of = -1;             // kLen
  uint64_t elem_size = 1;      // kLen; a fixed-length buffer's unit
  int range_fn = -1;           // kScalar `< f(..)`: function id of the bound
  std::vector<int> range_args; // its arguments: parameter indices
  SourceLoc loc;
};

struct FnPlan {
  int id = 0;
  const FunctionSpec* spec = nullptr;
  std::vector<ParamPlan> params;
  Scalar ret_scalar;           // kScalar
  int ret_resource = -1;
  int window_parent = -1;
  std::vector<int> closed_by;
  int len_fn = -1;             // kStr / kBuf: function id of the length function
  int written = -1;            // kScalar written(buf): the buf_out parameter index
  uint64_t len_elem_size = 1;
  SourceLoc ret_loc;
};

struct ResourcePlan {
  int id = 0;
  const ResourceSpec* spec = nullptr;
  std::string key;
  int release = -1, get = -1, put = -1;  // callee ids
};

// A callback the fuzzer provides (one with a stated signature).
struct CallbackPlan {
  int id = 0;
  const contract::CallbackSpec* spec = nullptr;
  int registered_by = -1;          // callee id (a spec function)
  std::vector<int> runs_during;    // callee ids
  int unregistered_by = -1;        // callee id, -1 none
  std::vector<Scalar> scalars;     // per parameter (scalar ones)
  std::vector<int> resources;      // per parameter, -1 for scalars / user data
  Scalar ret;                      // when not void
  bool ret_void = true;
};

struct Plan {
  std::vector<FnPlan> fns;
  std::vector<CallbackPlan> callbacks;
  std::map<std::string, int> callback_ids;
  std::vector<ResourcePlan> resources;
  std::map<std::string, int> resource_ids;
  std::vector<std::string> callees;  // id -> C name
  std::vector<CIdent> callee_idents;  // the same names, checked
  std::map<std::string, int> callee_ids;
  std::vector<std::string> files;    // spec files named by locations, in order
};

int FileId(Plan& plan, const OwnershipSpec& spec, const SourceLoc& loc) {
  const std::string& f = loc.file.empty() ? spec.file : loc.file;
  for (size_t i = 0; i < plan.files.size(); ++i)
    if (plan.files[i] == f) return static_cast<int>(i);
  plan.files.push_back(f);
  return static_cast<int>(plan.files.size() - 1);
}

// Resolves `until` / `closed_by` names to callee ids; names the fuzzer
// never calls are dropped with a note.
std::vector<int> ResolveCallees(const Plan& plan, const std::vector<std::string>& names,
                                const std::string& item, const SourceLoc& loc,
                                std::vector<Note>* notes) {
  std::vector<int> out;
  for (const std::string& n : names) {
    auto it = plan.callee_ids.find(n);
    if (it == plan.callee_ids.end()) {
      notes->push_back({.level = Note::Level::kWarning,
                        .item = item,
                        .message = absl::StrCat(Quoted(n),
                                                " is neither a spec function nor a resource's "
                                                "release/get/put: the fuzzer never calls it"),
                        .loc = loc});
      continue;
    }
    if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
  }
  return out;
}

// The spec idioms of one function's parameters: in/out lengths and their
// retry, fixed-length buffers, ranges bounded by another function.
absl::Status PlanIdioms(const OwnershipSpec& spec, const Plan& plan, const FunctionSpec& f,
                        const std::map<std::string, int>& by_name, FnPlan& fp) {
  for (ParamPlan& pp : fp.params) {
    const ParamSpec& ps = *pp.spec;
    const std::string what = absl::StrCat(f.name, "(", ps.name, ")");
    // What the parser cannot produce, from specs built in code.
    const char* misplaced =
        (ps.inout || ps.has_retry) && ps.mode != ParamMode::kLen ? "inout/retry on a non-length"
        : ps.has_retry && !ps.inout                               ? "retry without inout"
        : ps.fixed_len != 0 && ps.mode != ParamMode::kBufIn && ps.mode != ParamMode::kBufOut
            ? "a fixed length on a non-buffer"
        : !ps.range_fn.empty() && (ps.mode != ParamMode::kScalar || ps.has_range)
            ? "a bound on a non-scalar or ranged parameter"
        : ps.inout && pp.len_of >= 0 && f.params[pp.len_of].mode == ParamMode::kStrIn
            ? "an inout length of a str"
            : nullptr;
    if (misplaced != nullptr)
      return Invalid(spec, pp.loc, absl::StrCat(Quoted(what), ": ", misplaced));
    if (ps.fixed_len != 0) {
      const uint64_t elem = ps.unit == LenUnit::kBytes ? 1 : ps.elem_size;
      if (elem == 0 || elem > kMaxElemSize || ps.fixed_len > BF_SEQ_MAX_FIXED_BYTES / elem)
        return Invalid(spec, pp.loc,
                       absl::StrCat(Quoted(what), ": fixed length ", ps.fixed_len, " of ", elem,
                                    "-byte units is not in 1..", BF_SEQ_MAX_FIXED_BYTES, " bytes"));
      if (pp.len_param >= 0)
        return Invalid(spec, pp.loc,
                       absl::StrCat(Quoted(what), ": a fixed-length buffer has no len parameter"));
      pp.elem_size = elem;
    }
    if (ps.has_retry) {
      if (f.ret.kind != ReturnKind::kScalar || f.ret.type.kind == TypeKind::kBool)
        return Invalid(spec, pp.loc,
                       absl::StrCat(Quoted(what), ": retry needs an integer return"));
      for (const ParamSpec& other : f.params)
        if (other.mode == ParamMode::kConsumed || other.mode == ParamMode::kRetained)
          return Invalid(spec, pp.loc,
                         absl::StrCat(Quoted(what), ": a call Rust retries cannot consume or "
                                                    "retain ", Quoted(other.name)));
    }
    if (ps.range_fn.empty()) continue;
    auto it = plan.callee_ids.find(ps.range_fn);
    if (it == plan.callee_ids.end() || it->second >= static_cast<int>(spec.functions.size()))
      return Invalid(spec, pp.loc,
                     absl::StrCat(Quoted(what), ": bound ", Quoted(ps.range_fn),
                                  " is not a function of the spec"));
    const FunctionSpec& bf = spec.functions[it->second];
    Scalar bs;
    if (bf.ret.kind != ReturnKind::kScalar || !ScalarOf(bf.ret.type, &bs) || bs.is_bool)
      return Invalid(spec, pp.loc,
                     absl::StrCat(Quoted(what), ": bound ", Quoted(ps.range_fn),
                                  " does not return an integer"));
    if (bf.params.size() != ps.range_args.size())
      return Invalid(spec, pp.loc,
                     absl::StrCat(Quoted(what), ": bound ", Quoted(ps.range_fn), " takes ",
                                  bf.params.size(), " arguments, the range passes ",
                                  ps.range_args.size()));
    for (size_t k = 0; k < ps.range_args.size(); ++k) {
      auto a = by_name.find(ps.range_args[k]);
      const ParamSpec* arg = a == by_name.end() ? nullptr : &f.params[a->second];
      const ParamSpec& want = bf.params[k];
      const bool same =
          arg != nullptr && arg != &ps && !arg->nullable &&
          ((IsPointerParam(arg->mode) && IsPointerParam(want.mode) && arg->resource == want.resource) ||
           (arg->mode == ParamMode::kScalar && want.mode == ParamMode::kScalar && arg->type == want.type));
      if (!same)
        return Invalid(spec, pp.loc,
                       absl::StrCat(Quoted(what), ": argument ", k + 1, " (",
                                    Quoted(ps.range_args[k]), ") does not match parameter ",
                                    Quoted(want.name), " of ", Quoted(ps.range_fn)));
      pp.range_args.push_back(a->second);
    }
    pp.range_fn = it->second;
  }
  return absl::OkStatus();
}

// Callbacks with a signature become functions the fuzzer provides; the
// others are only documented (a note names each).
absl::Status PlanCallbacks(const OwnershipSpec& spec, Plan& plan, std::vector<Note>* notes) {
  using contract::CallbackArgMode;
  for (const contract::CallbackSpec& c : spec.callbacks) {
    if (!c.has_signature) {
      notes->push_back({.level = Note::Level::kWarning,
                        .item = c.name,
                        .message = "callback without a signature (`callback NAME(params) -> ret`): "
                                   "not exercised by the sequence fuzzer",
                        .loc = c.loc});
      continue;
    }
    CallbackPlan cp;
    cp.id = static_cast<int>(plan.callbacks.size());
    cp.spec = &c;
    auto reg = plan.callee_ids.find(c.registered_by);
    if (reg == plan.callee_ids.end() || reg->second >= static_cast<int>(spec.functions.size()))
      return Invalid(spec, c.loc,
                     absl::StrCat("callback ", Quoted(c.name), ": registered_by ",
                                  Quoted(c.registered_by), " is not a function of the spec"));
    cp.registered_by = reg->second;
    cp.runs_during = ResolveCallees(plan, c.runs_during, c.name, c.loc, notes);
    if (!c.unregistered_by.empty()) {
      std::vector<int> u = ResolveCallees(plan, {c.unregistered_by}, c.name, c.loc, notes);
      cp.unregistered_by = u.empty() ? -1 : u[0];
    }
    if (c.params.size() > kMaxParams)
      return Invalid(spec, c.loc,
                     absl::StrCat("callback ", Quoted(c.name), " has more than ", kMaxParams,
                                  " parameters"));
    for (const contract::CallbackArgSpec& a : c.params) {
      const SourceLoc loc = a.loc.line != 0 ? a.loc : c.loc;
      const std::string what = absl::StrCat(c.name, "(", a.name, ")");
      Scalar sc;
      int res = -1;
      if (a.mode == CallbackArgMode::kScalar) {
        if (!ScalarOf(a.type, &sc))
          return Invalid(spec, loc,
                         absl::StrCat(Quoted(what), ": type ", Quoted(a.type.ToString()),
                                      " is not an integer of 8, 16, 32 or 64 bits or bool"));
      } else if (a.mode != CallbackArgMode::kUserData) {
        auto it = plan.resource_ids.find(a.resource);
        if (it == plan.resource_ids.end())
          return Invalid(spec, loc, absl::StrCat(Quoted(what), ": unknown resource ", Quoted(a.resource)));
        res = it->second;
        const ResourceSpec& rs = *plan.resources[res].spec;
        if (a.mode == CallbackArgMode::kOwned && rs.release.empty() && rs.put.empty())
          return Invalid(spec, loc,
                         absl::StrCat(Quoted(what), ": the closure owns a ", Quoted(a.resource),
                                      " but the resource has neither release nor put"));
      }
      cp.scalars.push_back(sc);
      cp.resources.push_back(res);
    }
    if (c.ret.kind != TypeKind::kVoid) {
      if (!ScalarOf(c.ret, &cp.ret))
        return Invalid(spec, c.loc,
                       absl::StrCat("callback ", Quoted(c.name), ": return type ",
                                    Quoted(c.ret.ToString()), " is not void, an integer or bool"));
      cp.ret_void = false;
    }
    plan.callback_ids[c.name] = cp.id;
    plan.callbacks.push_back(std::move(cp));
  }
  return absl::OkStatus();
}

absl::Status BuildPlan(const OwnershipSpec& spec, Plan& plan, std::vector<Note>* notes) {
  if (spec.functions.empty())
    return Invalid(spec, {}, "the spec declares no functions: nothing to call");
  if (spec.functions.size() > kMaxFunctions)
    return Invalid(spec, spec.functions[kMaxFunctions].loc,
                   absl::StrCat("more than ", kMaxFunctions, " functions"));
  // Callees: spec functions in order, then resource functions.
  for (size_t i = 0; i < spec.functions.size(); ++i) {
    const FunctionSpec& f = spec.functions[i];
    absl::StatusOr<CIdent> ident = CIdent::Make(f.name);
    if (!ident.ok())
      return Invalid(spec, f.loc,
                     absl::StrCat("function name ", Quoted(f.name), " is not a C identifier"));
    if (!plan.callee_ids.emplace(f.name, static_cast<int>(i)).second)
      return Invalid(spec, f.loc, absl::StrCat("function ", Quoted(f.name), " is declared twice"));
    plan.callees.push_back(f.name);
    plan.callee_idents.push_back(*std::move(ident));
  }
  for (const auto& [key, r] : spec.resources) {
    ResourcePlan rp;
    rp.id = static_cast<int>(plan.resources.size());
    rp.spec = &r;
    rp.key = key;
    if (!r.release.empty() && !r.put.empty())
      return Invalid(spec, r.loc,
                     absl::StrCat("resource ", Quoted(key), " has both release and put"));
    if (!r.get.empty() && r.put.empty())
      return Invalid(spec, r.loc,
                     absl::StrCat("resource ", Quoted(key), " has get but no put"));
    if (r.align != 0 && ((r.align & (r.align - 1)) != 0 || r.align > kMaxAlign))
      return Invalid(spec, r.loc,
                     absl::StrCat("resource ", Quoted(key), ": align ", r.align,
                                  " is not a power of two up to ", kMaxAlign));
    for (auto [name, slot] : {std::pair<const std::string*, int*>{&r.release, &rp.release},
                              {&r.get, &rp.get},
                              {&r.put, &rp.put}}) {
      if (name->empty()) continue;
      absl::StatusOr<CIdent> ident = CIdent::Make(*name);
      if (!ident.ok())
        return Invalid(spec, r.loc,
                       absl::StrCat("resource ", Quoted(key), ": function name ", Quoted(*name),
                                    " is not a C identifier"));
      auto [it, fresh] = plan.callee_ids.emplace(*name, static_cast<int>(plan.callees.size()));
      if (fresh) {
        plan.callees.push_back(*name);
        plan.callee_idents.push_back(*std::move(ident));
      }
      *slot = it->second;
    }
    plan.resource_ids[key] = rp.id;
    plan.resources.push_back(rp);
  }

  auto resource = [&](const std::string& name, const SourceLoc& loc,
                      const std::string& what) -> absl::StatusOr<int> {
    auto it = plan.resource_ids.find(name);
    if (it == plan.resource_ids.end())
      return Invalid(spec, loc, absl::StrCat(what, ": unknown resource ", Quoted(name)));
    return it->second;
  };
  if (absl::Status st = PlanCallbacks(spec, plan, notes); !st.ok()) return st;

  for (size_t i = 0; i < spec.functions.size(); ++i) {
    const FunctionSpec& f = spec.functions[i];
    FnPlan fp;
    fp.id = static_cast<int>(i);
    fp.spec = &f;
    if (f.params.size() > kMaxParams)
      return Invalid(spec, f.loc,
                     absl::StrCat("function ", Quoted(f.name), " has more than ", kMaxParams,
                                  " parameters"));
    std::map<std::string, int> by_name;
    for (size_t p = 0; p < f.params.size(); ++p) by_name.emplace(f.params[p].name, p);
    for (size_t p = 0; p < f.params.size(); ++p) {
      const ParamSpec& ps = f.params[p];
      ParamPlan pp;
      pp.spec = &ps;
      pp.loc = ps.loc.line != 0 ? ps.loc : f.loc;
      const std::string what = absl::StrCat(f.name, "(", ps.name, ")");
      switch (ps.mode) {
        case ParamMode::kScalar:
        case ParamMode::kLen:
          if (!ScalarOf(ps.type, &pp.scalar))
            return Invalid(spec, pp.loc,
                           absl::StrCat(Quoted(what), ": type ", Quoted(ps.type.ToString()),
                                        " is not an integer of 8, 16, 32 or 64 bits or bool"));
          if (ps.mode == ParamMode::kScalar && ps.has_range &&
              (ps.range_lo > ps.range_hi || !InRange(pp.scalar, ps.range_lo) ||
               !InRange(pp.scalar, ps.range_hi)))
            return Invalid(spec, pp.loc,
                           absl::StrCat(Quoted(what), ": range ", ps.range_lo, "..=", ps.range_hi,
                                        " is empty or outside ", pp.scalar.cpp.str()));
          if (ps.mode == ParamMode::kLen) {
            auto it = by_name.find(ps.len_of);
            if (it == by_name.end() || !IsBufferParam(f.params[it->second].mode))
              return Invalid(spec, pp.loc,
                             absl::StrCat(Quoted(what), ": len(", Quoted(ps.len_of),
                                          ") does not name a buf_in, buf_out or str parameter"));
            pp.len_of = it->second;
            pp.elem_size = ps.unit == LenUnit::kBytes ? 1 : ps.elem_size;
            if (pp.elem_size == 0 || pp.elem_size > kMaxElemSize)
              return Invalid(spec, pp.loc,
                             absl::StrCat(Quoted(what), ": element size ", ps.elem_size,
                                          " is not in 1..", kMaxElemSize));
            if (f.params[it->second].mode == ParamMode::kStrIn && pp.elem_size != 1)
              return Invalid(spec, pp.loc,
                             absl::StrCat(Quoted(what), ": the length of a str is in bytes"));
          }
          break;
        case ParamMode::kBorrowed:
        case ParamMode::kConsumed:
        case ParamMode::kRetained: {
          auto id = resource(ps.resource, pp.loc, Quoted(what));
          if (!id.ok()) return id.status();
          pp.resource = *id;
          if (ps.mode == ParamMode::kRetained) {
            pp.until = ResolveCallees(plan, ps.until, what, pp.loc, notes);
            if (pp.until.empty())
              notes->push_back({.level = Note::Level::kWarning,
                                .item = what,
                                .message = "retained until no call the fuzzer makes: Rust never "
                                           "releases it (C keeps it to the end)",
                                .loc = pp.loc});
          }
          if (ps.mode == ParamMode::kConsumed) {
            const ResourceSpec& rs = *plan.resources[pp.resource].spec;
            if (rs.release.empty() && rs.put.empty() && !rs.foreign && !rs.rust_refcount)
              notes->push_back({.level = Note::Level::kInfo,
                                .item = what,
                                .message = "consumes a borrow-only resource: only owned handles "
                                           "of it can be passed, and there are none",
                                .loc = pp.loc});
          }
          break;
        }
        case ParamMode::kBufIn:
        case ParamMode::kBufOut:
        case ParamMode::kStrIn:
          break;
        case ParamMode::kOutOwned:
        case ParamMode::kOutBorrowed: {
          auto id = resource(ps.resource, pp.loc, Quoted(what));
          if (!id.ok()) return id.status();
          pp.resource = *id;
          if (ps.mode == ParamMode::kOutBorrowed) {
            auto it = by_name.find(ps.parent);
            if (it == by_name.end() || !IsPointerParam(f.params[it->second].mode))
              return Invalid(spec, pp.loc,
                             absl::StrCat(Quoted(what), ": out borrowed ... of ", Quoted(ps.parent),
                                          " does not name a resource parameter"));
            pp.parent = it->second;
          }
          break;
        }
        case ParamMode::kCallback:
        case ParamMode::kUserData: {
          auto it = plan.callback_ids.find(ps.callback);
          if (it == plan.callback_ids.end() ||
              plan.callbacks[it->second].spec->registered_by != f.name)
            return Invalid(spec, pp.loc,
                           absl::StrCat(Quoted(what), ": ", Quoted(ps.callback),
                                        " is not a callback with a signature registered by ",
                                        Quoted(f.name)));
          if (ps.nullable)
            return Invalid(spec, pp.loc,
                           absl::StrCat(Quoted(what), ": a callback or its user data is never NULL"));
          pp.callback = it->second;
          break;
        }
        case ParamMode::kUnknown:
          return Invalid(spec, pp.loc,
                         absl::StrCat(Quoted(what),
                                      ": `_` (what C does with it is not stated): complete the "
                                      "spec by hand"));
      }
      fp.params.push_back(std::move(pp));
    }
    // Each buffer: at most one length, and buf_in / buf_out need one.
    for (size_t p = 0; p < fp.params.size(); ++p) {
      if (fp.params[p].len_of < 0) continue;
      ParamPlan& buf = fp.params[fp.params[p].len_of];
      if (buf.len_param >= 0)
        return Invalid(spec, fp.params[p].loc,
                       absl::StrCat(Quoted(f.name), ": buffer ", Quoted(buf.spec->name),
                                    " has two length parameters"));
      buf.len_param = static_cast<int>(p);
    }
    for (const ParamPlan& pp : fp.params) {
      if ((pp.spec->mode == ParamMode::kBufIn || pp.spec->mode == ParamMode::kBufOut) &&
          pp.len_param < 0 && pp.spec->fixed_len == 0)
        return Invalid(spec, pp.loc,
                       absl::StrCat(Quoted(absl::StrCat(f.name, "(", pp.spec->name, ")")),
                                    ": a buffer needs a len(", pp.spec->name,
                                    ") parameter (Rust passes its length)"));
    }

    if (absl::Status idioms = PlanIdioms(spec, plan, f, by_name, fp); !idioms.ok()) return idioms;

    const contract::ReturnSpec& r = f.ret;
    fp.ret_loc = r.loc.line != 0 ? r.loc : f.loc;
    switch (r.kind) {
      case ReturnKind::kVoid:
        break;
      case ReturnKind::kScalar:
        if (!ScalarOf(r.type, &fp.ret_scalar))
          return Invalid(spec, fp.ret_loc,
                         absl::StrCat(Quoted(f.name), ": return type ", Quoted(r.type.ToString()),
                                      " is not an integer of 8, 16, 32 or 64 bits or bool"));
        if (!r.written_of.empty()) {
          auto it = by_name.find(r.written_of);
          if (it == by_name.end() || f.params[it->second].mode != ParamMode::kBufOut)
            return Invalid(spec, fp.ret_loc,
                           absl::StrCat(Quoted(f.name), ": written(", Quoted(r.written_of),
                                        ") does not name a buf_out parameter"));
          fp.written = it->second;
        }
        break;
      case ReturnKind::kOwned:
      case ReturnKind::kBorrowed: {
        auto id = resource(r.resource, fp.ret_loc, absl::StrCat(Quoted(f.name), " returns"));
        if (!id.ok()) return id.status();
        fp.ret_resource = *id;
        const ResourceSpec& rs = *plan.resources[*id].spec;
        if (r.kind == ReturnKind::kOwned && rs.release.empty() && rs.put.empty() && !rs.foreign &&
            !rs.rust_refcount)
          return Invalid(spec, fp.ret_loc,
                         absl::StrCat(Quoted(f.name), " returns an owned ", Quoted(r.resource),
                                      " but the resource has neither release nor put"));
        break;
      }
      case ReturnKind::kPtr:
        return Invalid(spec, fp.ret_loc,
                       absl::StrCat(Quoted(f.name),
                                    " returns `ptr` (ownership not stated): complete the spec by "
                                    "hand (owned, borrowed, str or buf)"));
      case ReturnKind::kStr:
      case ReturnKind::kBuf:
        if (r.kind == ReturnKind::kBuf && r.len_fn.empty())
          return Invalid(spec, fp.ret_loc,
                         absl::StrCat(Quoted(f.name),
                                      " returns a buf: it needs `len <function>` (Rust cannot "
                                      "know the length otherwise)"));
        if (!r.len_fn.empty()) {
          auto it = plan.callee_ids.find(r.len_fn);
          if (it == plan.callee_ids.end() || it->second >= static_cast<int>(spec.functions.size()))
            return Invalid(spec, fp.ret_loc,
                           absl::StrCat(Quoted(f.name), ": length function ", Quoted(r.len_fn),
                                        " is not a function of the spec"));
          const FunctionSpec& lf = spec.functions[it->second];
          Scalar ls;
          if (lf.ret.kind != ReturnKind::kScalar || !ScalarOf(lf.ret.type, &ls) || ls.is_bool)
            return Invalid(spec, fp.ret_loc,
                           absl::StrCat(Quoted(f.name), ": length function ", Quoted(r.len_fn),
                                        " does not return an integer"));
          bool same = lf.params.size() == f.params.size();
          for (size_t p = 0; same && p < f.params.size(); ++p) {
            const ParamSpec& a = f.params[p];
            const ParamSpec& b = lf.params[p];
            same = a.mode == b.mode && a.resource == b.resource &&
                   (a.mode != ParamMode::kScalar || a.type == b.type);
          }
          if (!same)
            return Invalid(spec, fp.ret_loc,
                           absl::StrCat(Quoted(f.name), ": length function ", Quoted(r.len_fn),
                                        " does not take the same parameters"));
          fp.len_fn = it->second;
          fp.len_elem_size = r.len_unit == LenUnit::kBytes ? 1 : r.len_elem_size;
          if (fp.len_elem_size == 0 || fp.len_elem_size > kMaxElemSize)
            return Invalid(spec, fp.ret_loc,
                           absl::StrCat(Quoted(f.name), ": element size ", r.len_elem_size,
                                        " is not in 1..", kMaxElemSize));
        }
        break;
    }
    if (r.kind == ReturnKind::kBorrowed || r.kind == ReturnKind::kStr ||
        r.kind == ReturnKind::kBuf) {
      const BorrowWindow& w = r.window;
      if (!w.parent.empty()) {
        auto it = by_name.find(w.parent);
        if (it == by_name.end() || !IsPointerParam(f.params[it->second].mode))
          return Invalid(spec, fp.ret_loc,
                         absl::StrCat(Quoted(f.name), ": borrow window `of ", w.parent,
                                      "` does not name a resource parameter"));
        fp.window_parent = it->second;
      }
      fp.closed_by = ResolveCallees(plan, w.closed_by, f.name, fp.ret_loc, notes);
    }
    plan.fns.push_back(std::move(fp));
  }
  for (const CallbackPlan& cb : plan.callbacks) {
    int n = 0;
    for (const FnPlan& f : plan.fns)
      for (const ParamPlan& p : f.params)
        n += p.callback == cb.id && p.spec->mode == ParamMode::kCallback;
    if (n != 1)
      return Invalid(spec, cb.spec->loc,
                     absl::StrCat("callback ", Quoted(cb.spec->name), ": ",
                                  Quoted(cb.spec->registered_by),
                                  " must have one `callback` parameter passing it"));
  }
  return absl::OkStatus();
}

constexpr char kBanner[] =
    "// Generated by bindfuzz gen (lifetime fuzzer). Do not edit: regenerate.\n"
    "// Names from the spec appear only in escaped string literals (C symbols in\n"
    "// asm labels); functions are f<N>, resources r<N>, called functions c<N>.\n";

Code ParamCppType(const ParamPlan& p) {
  if (p.spec->inout) return "void*";  // `size_t *n`
  switch (p.spec->mode) {
    case ParamMode::kScalar:
    case ParamMode::kLen:
      return p.scalar.cpp;
    case ParamMode::kBufIn:
      return "const void*";
    case ParamMode::kStrIn:
      return "const char*";
    default:
      return "void*";
  }
}

Code RetCppType(const FnPlan& f) {
  switch (f.spec->ret.kind) {
    case ReturnKind::kVoid: return "void";
    case ReturnKind::kScalar: return f.ret_scalar.cpp;
    default: return "void*";
  }
}

Code ArgExpr(const ParamPlan& p, size_t i) {
  const Code a = Cat("a[", i, "]");
  if (p.spec->inout) return Cat(a, ".p");
  switch (p.spec->mode) {
    case ParamMode::kScalar:
    case ParamMode::kLen:
      if (p.scalar.is_bool) return Cat(a, ".u != 0");
      return Cat("static_cast<", p.scalar.cpp, ">(", a,
                 p.scalar.is_signed ? Code(".i") : Code(".u"), ")");
    case ParamMode::kBufIn:
      return Cat("static_cast<const void*>(", a, ".p)");
    case ParamMode::kStrIn:
      return Cat("static_cast<const char*>(", a, ".p)");
    case ParamMode::kCallback:
      return Cat("reinterpret_cast<void*>(&bf_cb", p.callback, ")");
    case ParamMode::kUserData:
      return Cat("ud", p.callback);
    default:
      return Cat(a, ".p");
  }
}

// With callbacks, every C call is announced to bf_seq_callback.c (which
// calls are running, with their resource pointers) and a registering call
// gets its callbacks' user data first.
Code CallbackPrologue(const Plan& plan, const FnPlan& f) {
  if (plan.callbacks.empty()) return "";
  std::vector<Code> ptrs;
  for (size_t i = 0; i < f.params.size(); ++i)
    if (IsPointerParam(f.params[i].spec->mode)) ptrs.push_back(Cat("a[", i, "].p"));
  Code out;
  if (ptrs.empty()) {
    Append(&out, "  bf_seq_cb_enter(", f.id, ", nullptr, 0);\n");
  } else {
    Append(&out, "  void* const ptrs[] = {", Join(ptrs, ", "), "};\n  bf_seq_cb_enter(", f.id,
           ", ptrs, ", ptrs.size(), ");\n");
  }
  for (const ParamPlan& p : f.params)
    if (p.spec->mode == ParamMode::kCallback)
      Append(&out, "  void* const ud", p.callback, " = bf_seq_cb_register(&kCallbacks[", p.callback,
             "]);\n");
  return out;
}

Code CallbackEpilogue(const Plan& plan, int callee) {
  if (plan.callbacks.empty()) return "";
  return Cat("  bf_seq_cb_leave(", callee, ");\n");
}

Code CallExpr(const FnPlan& f) {
  std::vector<Code> args;
  for (size_t i = 0; i < f.params.size(); ++i) args.push_back(ArgExpr(f.params[i], i));
  return Cat("bf_f", f.id, "(", Join(args, ", "), ")");
}

// In/out length, retry value, fixed units, range bound: the tail of a
// bf_seq_param (after nullable and parent).
bool UsesIdioms(const ParamSpec& ps) {
  return ps.inout || ps.fixed_len != 0 || !ps.range_fn.empty();
}
Code IdiomFields(const FnPlan& f, const ParamPlan& pp, size_t p) {
  const ParamSpec& ps = *pp.spec;
  return Cat(", ", ps.inout ? 1 : 0, ", ", ps.has_retry ? 1 : 0, ", ",
             IntLiteral(ps.has_retry ? ps.retry_on : 0), ", ", ps.fixed_len, "u, ",
             pp.range_fn >= 0 ? Cat("bf_range", f.id, "_", p) : Code("nullptr"), ", ",
             ps.range_inclusive ? 1 : 0);
}

Code LocInit(Plan& plan, const OwnershipSpec& spec, const SourceLoc& loc) {
  return Cat("{kFile", FileId(plan, spec, loc), ", ", loc.line, "u}");
}

Code IdList(const std::vector<int>& ids) {
  std::vector<Code> s;
  for (int i : ids) s.push_back(i);
  return Join(s, ", ");
}

// The callbacks' tables and the functions C calls: typed as the spec states
// the closure's parameters (resource pointers void*, scalars at their
// width), which gen's prototype check compares with the C function pointer
// type class by class. The function sanitizer would compare exact C types
// (`struct item*` is not `void*`), so it is off for these functions only.
Code EmitCallbacks(const OwnershipSpec& spec, Plan& plan) {
  Code out;
  if (plan.callbacks.empty()) return out;
  for (const CallbackPlan& cb : plan.callbacks) {
    const contract::CallbackSpec& c = *cb.spec;
    Append(&out, "// callback ", cb.id, " = ", CStringLit(c.name), "\n");
    if (!c.params.empty()) {
      Append(&out, "const bf_seq_cb_arg kCbArgs", cb.id, "[] = {\n");
      for (size_t i = 0; i < c.params.size(); ++i) {
        const contract::CallbackArgSpec& a = c.params[i];
        Code mode = "BF_SEQ_CB_SCALAR";
        switch (a.mode) {
          case contract::CallbackArgMode::kScalar: break;
          case contract::CallbackArgMode::kBorrowed: mode = "BF_SEQ_CB_BORROWED"; break;
          case contract::CallbackArgMode::kKept: mode = "BF_SEQ_CB_KEPT"; break;
          case contract::CallbackArgMode::kOwned: mode = "BF_SEQ_CB_GIVEN"; break;
          case contract::CallbackArgMode::kUserData: mode = "BF_SEQ_CB_USER_DATA"; break;
        }
        Append(&out, "    {", CStringLit(a.name), ", ", mode, ", ", cb.resources[i], ", ",
               LocInit(plan, spec, a.loc.line != 0 ? a.loc : c.loc), "},\n");
      }
      Append(&out, "};\n");
    }
    if (!cb.runs_during.empty())
      Append(&out, "const int kRunsDuring", cb.id, "[] = {", IdList(cb.runs_during), "};\n");
  }
  Append(&out, "const bf_seq_callback kCallbacks[] = {\n",
         "    // name, loc, parameters, count, registered by, runs during, count,\n"
         "    // unregistered by\n");
  for (const CallbackPlan& cb : plan.callbacks) {
    const contract::CallbackSpec& c = *cb.spec;
    Append(&out, "    {", CStringLit(c.name), ", ", LocInit(plan, spec, c.loc), ", ",
           c.params.empty() ? Code("nullptr") : Cat("kCbArgs", cb.id), ", ", c.params.size(), ", ",
           cb.registered_by, ", ",
           cb.runs_during.empty() ? Code("nullptr") : Cat("kRunsDuring", cb.id), ", ",
           cb.runs_during.size(), ", ", cb.unregistered_by, "},\n");
  }
  Append(&out, "};\n\nextern \"C\" {\n");
  for (const CallbackPlan& cb : plan.callbacks) {
    const contract::CallbackSpec& c = *cb.spec;
    std::vector<Code> params;
    Code stores;
    for (size_t i = 0; i < c.params.size(); ++i) {
      const bool scalar = c.params[i].mode == contract::CallbackArgMode::kScalar;
      const Scalar& sc = cb.scalars[i];
      params.push_back(Cat(scalar ? sc.cpp : Code("void*"), " a", i));
      Append(&stores, "  v[", i, "].",
             !scalar ? Code("p") : sc.is_bool || !sc.is_signed ? Code("u") : Code("i"), " = a", i,
             ";\n");
    }
    Append(&out, "// callback ", cb.id, ": what C calls\n__attribute__((no_sanitize(\"function\"))) ",
           cb.ret_void ? Code("void") : cb.ret.cpp, " bf_cb", cb.id, "(",
           params.empty() ? Code("void") : Join(params, ", "), ") {\n  bf_seq_value v[",
           std::max<size_t>(1, c.params.size()), "] = {};\n", stores,
           "  bf_seq_cb_called(&kCallbacks[", cb.id, "], v);\n",
           cb.ret_void ? Code("") : cb.ret.is_bool ? Code("  return false;\n") : Code("  return 0;\n"),
           "}\n");
  }
  Append(&out, "}  // extern \"C\"\n\n");
  return out;
}

// Bytes one operation of `f` reads at most (for max_len).
size_t MaxOpBytes(const FnPlan& f) {
  size_t n = 1;
  for (const ParamPlan& p : f.params) {
    switch (p.spec->mode) {
      case ParamMode::kScalar:
        n += p.spec->has_range ? 8 : p.scalar.bits / 8;
        break;
      case ParamMode::kStrIn:
        n += 1 + 255;
        break;
      case ParamMode::kBufIn: {
        if (p.spec->fixed_len != 0) {
          n += static_cast<size_t>(p.spec->fixed_len * p.elem_size);
          break;
        }
        uint64_t elem = f.params[p.len_param].elem_size;
        n += 1 + static_cast<size_t>(std::min<uint64_t>(4096, 255 * elem));
        break;
      }
      case ParamMode::kLen:
        break;
      default:
        n += 1;
    }
    if (p.spec->nullable) n += 1;
  }
  return n;
}

// The resource functions Rust calls through thunks, in table order.
struct ResourceFn {
  int callee;
  Code what;  // release / get / put
};
std::vector<ResourceFn> ResourceFns(const ResourcePlan& r) {
  std::vector<ResourceFn> out;
  if (r.release >= 0) out.push_back({r.release, "release"});
  if (r.get >= 0) out.push_back({r.get, "get"});
  if (r.put >= 0) out.push_back({r.put, "put"});
  return out;
}

std::string EmitFuzzer(const OwnershipSpec& spec, Plan& plan, const LifetimeGenOptions& opt,
                       const TargetName& name) {
  Code body;  // tables (collect file ids first, then the header)
  const Code callbacks = EmitCallbacks(spec, plan);
  // Thunks.
  Code thunks;
  for (const FnPlan& f : plan.fns) {
    Append(&thunks, "// f", f.id, " = ", CStringLit(f.spec->name), "\n");
    Append(&thunks, "void bf_call", f.id, "(const bf_seq_value* a, bf_seq_result* r) {\n");
    if (f.params.empty()) Append(&thunks, "  (void)a;\n");
    Append(&thunks, CallbackPrologue(plan, f));
    const Code call = CallExpr(f);
    switch (f.spec->ret.kind) {
      case ReturnKind::kVoid:
        Append(&thunks, "  (void)r;\n  ", call, ";\n");
        break;
      case ReturnKind::kScalar:
        if (f.ret_scalar.is_bool) {
          Append(&thunks, "  r->ret.u = ", call, " ? 1u : 0u;\n");
        } else if (f.ret_scalar.is_signed) {
          Append(&thunks, "  r->ret.i = static_cast<int64_t>(", call, ");\n");
        } else {
          Append(&thunks, "  r->ret.u = static_cast<uint64_t>(", call, ");\n");
        }
        break;
      default:
        Append(&thunks, "  r->ret.p = ", call, ";\n");
    }
    Append(&thunks, CallbackEpilogue(plan, f.id), "}\n");
    if (f.len_fn >= 0) {
      const FnPlan& lf = plan.fns[f.len_fn];
      Append(&thunks, "// length of f", f.id, ": f", lf.id, "\n");
      Append(&thunks, "void bf_len", f.id, "(const bf_seq_value* a, bf_seq_result* r) {\n");
      if (lf.params.empty()) Append(&thunks, "  (void)a;\n");
      Append(&thunks, CallbackPrologue(plan, lf));
      Append(&thunks, "  r->len = static_cast<int64_t>(", CallExpr(lf), ");\n",
             CallbackEpilogue(plan, lf.id), "}\n");
    }
    for (size_t p = 0; p < f.params.size(); ++p) {
      const ParamPlan& pp = f.params[p];
      if (pp.range_fn < 0) continue;
      const FnPlan& bf = plan.fns[pp.range_fn];
      std::vector<Code> args;
      for (size_t k = 0; k < bf.params.size(); ++k) args.push_back(ArgExpr(bf.params[k], pp.range_args[k]));
      Append(&thunks, "// bound of f", f.id, " parameter ", p, ": f", bf.id, "\n");
      Append(&thunks, "void bf_range", f.id, "_", p, "(const bf_seq_value* a, bf_seq_result* r) {\n");
      if (args.empty()) Append(&thunks, "  (void)a;\n");
      Append(&thunks, "  r->len = static_cast<int64_t>(bf_f", bf.id, "(", Join(args, ", "), "));\n}\n");
    }
  }
  for (const ResourcePlan& r : plan.resources) {
    for (const ResourceFn& fn : ResourceFns(r)) {
      if (!plan.callbacks.empty()) {
        Append(&thunks, "void bf_r", r.id, "_", fn.what, "(void* p) {\n  void* const ptrs[] = {p};\n",
               "  bf_seq_cb_enter(", fn.callee, ", ptrs, 1);\n  bf_r", r.id, "_", fn.what,
               "_c(p);\n", CallbackEpilogue(plan, fn.callee), "}\n");
        continue;
      }
      Append(&thunks, "void bf_r", r.id, "_", fn.what, "(void* p) { bf_r", r.id, "_", fn.what,
             "_c(p); }\n");
    }
  }

  // Tables.
  for (const FnPlan& f : plan.fns) {
    for (size_t p = 0; p < f.params.size(); ++p) {
      if (!f.params[p].until.empty())
        Append(&body, "const int kUntil_f", f.id, "_p", p, "[] = {", IdList(f.params[p].until),
               "};\n");
    }
    if (!f.params.empty()) {
      Append(&body, "const bf_seq_param kParams_f", f.id, "[] = {\n");
      for (size_t p = 0; p < f.params.size(); ++p) {
        const ParamPlan& pp = f.params[p];
        const ParamSpec& ps = *pp.spec;
        const bool scalarish = ps.mode == ParamMode::kScalar || ps.mode == ParamMode::kLen;
        const bool ranged = ps.mode == ParamMode::kScalar && ps.has_range;
        Append(&body, "    {", CStringLit(ps.name), ", ", ModeTag(ps.mode), ", ",
               scalarish ? pp.scalar.tag : Code("BF_SEQ_U64"), ", ", pp.resource, ", ",
               pp.until.empty() ? Code("nullptr") : Cat("kUntil_f", f.id, "_p", p), ", ",
               pp.until.size(), ", ", pp.len_param, ", ", pp.len_of, ", ", pp.elem_size, "u, ",
               ranged ? 1 : 0, ", ", IntLiteral(ranged ? ps.range_lo : 0), ", ",
               IntLiteral(ranged ? ps.range_hi : 0), ", ", LocInit(plan, spec, pp.loc),
               // Only when used, so tables of specs without them stay as they were.
               ps.nullable || pp.parent >= 0 || UsesIdioms(ps)
                   ? Cat(", ", ps.nullable ? 1 : 0, ", ", pp.parent)
                   : Code(""),
               UsesIdioms(ps) ? IdiomFields(f, pp, p) : Code(""), "},\n");
      }
      Append(&body, "};\n");
    }
    if (!f.closed_by.empty())
      Append(&body, "const int kClosedBy_f", f.id, "[] = {", IdList(f.closed_by), "};\n");
  }
  Append(&body, "const bf_seq_fn kFns[] = {\n",
         "    // name, callee, loc, params, count, return kind, scalar, resource,\n"
         "    // nullability, window parent, closed by, count, length unit, nul,\n"
         "    // return loc, call, length call\n");
  for (const FnPlan& f : plan.fns) {
    const contract::ReturnSpec& r = f.spec->ret;
    Append(&body, "    {", CStringLit(f.spec->name), ", ", f.id, ", ",
           LocInit(plan, spec, f.spec->loc), ", ",
           f.params.empty() ? Code("nullptr") : Cat("kParams_f", f.id), ", ", f.params.size(),
           ", ", ReturnTag(r.kind), ", ",
           r.kind == ReturnKind::kScalar ? f.ret_scalar.tag : Code("BF_SEQ_U64"), ", ",
           f.ret_resource, ", ", NullTag(r.nullability), ", ", f.window_parent, ", ",
           f.closed_by.empty() ? Code("nullptr") : Cat("kClosedBy_f", f.id), ", ",
           f.closed_by.size(), ", ", f.len_elem_size, "u, ",
           r.kind == ReturnKind::kStr && r.nul_terminated && f.len_fn >= 0 ? 1 : 0, ", ",
           LocInit(plan, spec, f.ret_loc), ", bf_call", f.id, ", ",
           f.len_fn >= 0 ? Cat("bf_len", f.id) : Code("nullptr"),
           // Only when used, so tables of specs without it stay as they were.
           f.written >= 0 ? Cat(", ", f.written + 1) : Code(""), "},\n");
  }
  Append(&body, "};\n");
  if (!plan.resources.empty()) {
    Append(&body, "const bf_seq_resource kResources[] = {\n",
           "    // name, loc, release, get, put, their callee ids, align, foreign,\n"
           "    // foreign object size, rust_refcount\n");
    for (const ResourcePlan& r : plan.resources) {
      auto fn = [&](int id, const Code& what) {
        return id < 0 ? Code("nullptr") : Cat("bf_r", r.id, "_", what);
      };
      Append(&body, "    {", CStringLit(r.key), ", ", LocInit(plan, spec, r.spec->loc), ", ",
             fn(r.release, "release"), ", ", fn(r.get, "get"), ", ", fn(r.put, "put"), ", ",
             r.release, ", ", r.get, ", ", r.put, ", ", r.spec->align, "u, ",
             r.spec->foreign ? 1 : 0, ", ", std::max<uint64_t>(16, r.spec->align), "u, ",
             r.spec->rust_refcount ? 1 : 0, "},\n");
    }
    Append(&body, "};\n");
  }
  Append(&body, "const char* const kCallees[] = {\n");
  for (size_t i = 0; i < plan.callees.size(); ++i)
    Append(&body, "    ", CStringLit(plan.callees[i]), ",  // c", i, "\n");
  Append(&body, "};\n");
  Append(&body, "const bf_seq_spec kSpec = {kFile0, kFns, ", plan.fns.size(), ", ",
         plan.resources.empty() ? Code("nullptr") : Code("kResources"), ", ",
         plan.resources.size(), ", kCallees, ", plan.callees.size(), ", ", opt.max_ops, ", ",
         opt.max_handles,
         spec.reset.empty() ? Code() : Cat(", bf_reset, ", CStringLit(spec.reset)), "};\n");

  // Assemble.
  Code out = kBanner;
  Append(&out, "//\n// Lifetime fuzzer ", CStringLit(name.name()), " from spec ",
         CStringLit(spec.file), ": ", plan.fns.size(), " functions, ", plan.resources.size(),
         " resources. Link with the C implementation,\n"
         "// shims/lifetime/bf_seq.c, shims/lifetime/bf_seq_len.c",
         plan.callbacks.empty() ? Code("") : Code(", shims/lifetime/bf_seq_callback.c"),
         " and shims/runtime/bindfuzz_runtime.c.\n\n"
         "#include <cstddef>\n#include <cstdint>\n\n#include \"bf_seq.h\"\n",
         plan.callbacks.empty() ? Code("") : Code("#include \"bf_seq_callback.h\"\n"), "\n");
  Append(&out,
         "// The C functions as the spec (Rust) sees them: resource pointers are\n"
         "// void*, scalars have the spec's width and signedness. Each is bound to\n"
         "// its C symbol by an asm label.\n"
         "extern \"C\" {\n");
  for (const FnPlan& f : plan.fns) {
    std::vector<Code> types;
    for (const ParamPlan& p : f.params) types.push_back(ParamCppType(p));
    Append(&out, RetCppType(f), " bf_f", f.id, "(",
           types.empty() ? Code("void") : Join(types, ", "), ") __asm__(",
           CStringLit(f.spec->name), ");\n");
  }
  for (const ResourcePlan& r : plan.resources) {
    for (const ResourceFn& fn : ResourceFns(r)) {
      Append(&out, "void bf_r", r.id, "_", fn.what, "_c(void*) __asm__(",
             CStringLit(plan.callees[fn.callee]), ");  // ", fn.what, " of r", r.id, "\n");
    }
  }
  if (!spec.reset.empty())  // the spec's `reset`, called before each input
    Append(&out, "void bf_reset(void) __asm__(", CStringLit(spec.reset), ");\n");
  Append(&out, "}  // extern \"C\"\n\nnamespace {\n\n");
  for (size_t i = 0; i < plan.files.size(); ++i)
    Append(&out, "const char kFile", i, "[] = ", CStringLit(plan.files[i]), ";\n");
  Append(&out, "\n", callbacks, thunks, "\n", body, "\n}  // namespace\n\n");
  Append(&out,
         "extern \"C\" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {\n"
         "  return bf_seq_run(&kSpec, data, size);\n}\n");
  return std::move(out).str();
}

std::string EmitCSide(const Plan& plan, const std::vector<IncludePath>& headers) {
  Code out = kBanner;
  Append(&out,
         "//\n// C side: every C function the spec names must be declared by the\n"
         "// headers (a missing or misspelt one fails here, at compile time).\n\n");
  for (const IncludePath& h : headers) Append(&out, "#include ", h, "\n");
  Append(&out, "\n");
  for (size_t i = 0; i < plan.callees.size(); ++i) {
    Append(&out, "// c", i, " = ", CStringLit(plan.callees[i]), "\n");
    Append(&out, "static void (*const bf_c_decl", i,
           ")(void) __attribute__((unused)) = (void (*)(void))", plan.callee_idents[i], ";\n");
  }
  return std::move(out).str();
}

std::string EmitDict(const Plan& plan, const TargetName& name) {
  Code out = Cat("# Generated by bindfuzz gen (lifetime fuzzer ", name,
                 "). One entry per operation:\n# its selector byte followed by zero arguments.\n");
  Append(&out, "# op 0: Rust drops an owned handle (release / put)\nop0=\"", Code::HexByte(0),
         "\\x00\"\n");
  Append(&out, "# op 1: Rust takes a reference (get)\nop1=\"", Code::HexByte(1), "\\x00\"\n");
  Append(&out, "# op 2: Rust allocates a foreign object\nop2=\"", Code::HexByte(2), "\\x00\"\n");
  for (const FnPlan& f : plan.fns) {
    const size_t op = f.id + kSyntheticOps;
    Append(&out, "# op ", op, ": ", CStringLit(f.spec->name).Body(), "\nop", op, "=\"",
           Code::HexByte(static_cast<unsigned>(op)));
    for (const ParamPlan& p : f.params) {
      if (p.spec->mode == ParamMode::kLen || p.callback >= 0) continue;
      Append(&out, "\\x00");
    }
    Append(&out, "\"\n");
  }
  return std::move(out).str();
}

std::string EmitOptions(const Plan& plan, const LifetimeGenOptions& opt, const TargetName& name) {
  size_t per_op = 1;
  for (const FnPlan& f : plan.fns) per_op = std::max(per_op, MaxOpBytes(f));
  size_t max_len = std::clamp<size_t>(per_op * static_cast<size_t>(opt.max_ops), 256, 65536);
  return Cat("[libfuzzer]\nmax_len = ", max_len, "\ndict = ", name,
             "_fuzzer.dict\ndetect_leaks = 1\n\n[asan]\ndetect_leaks = 1\n")
      .str();
}

// The carried-state watch (shims/lifetime/bf_seq_state.h): the module, and
// the table of the library's writable globals that nm finds in its objects.
void AddStateSteps(const LifetimeGenOptions& opt, const TargetName& n, BuildRecipe* r) {
  r->shared.push_back({.source = "\"$RT/../lifetime/bf_seq_state.c\"",
                       .object = "bf_seq_state.o",
                       .include_dir = "\"$RT/../lifetime\""});
  Code args;
  for (size_t i = 0; i < opt.c_sources.size(); ++i)
    Append(&args, " ", ShWord(opt.c_sources[i]), " ", n, "_src", i, ".o");
  r->shared.push_back(
      {.source = Cat(n, "_globals.c"),
       .object = Cat(n, "_globals.o"),
       .include_dir = "\"$RT/../lifetime\"",
       .comment = "# The library's writable globals, for the carried-state report.\n",
       .before = Cat("NM=${NM:-nm} sh \"$RT/../lifetime/bf_seq_globals.sh\" ", n, "_globals.c",
                     args, "\n")});
}

// build.sh: the real C with coverage, the C side and the runtime without,
// the sequence engine without comparison tracing, the target with coverage.
BuildRecipe LifetimeRecipe(const LifetimeGenOptions& opt, const TargetName& n, bool callbacks) {
  BuildRecipe r;
  r.comment = "# CFLAGS=-fno-sanitize=function for C that casts function pointers.\n";
  for (size_t i = 0; i < opt.c_sources.size(); ++i) {
    r.shared.push_back({.source = ShWord(opt.c_sources[i]),
                        .object = Cat(n, "_src", i, ".o"),
                        .coverage = Coverage::kFull,
                        .target_flags = true});
  }
  if (!opt.headers.empty()) {
    r.shared.push_back(
        {.source = Cat(n, "_c_side.c"), .object = Cat(n, "_c_side.o"), .target_flags = true});
  }
  r.shared.push_back(
      {.source = "\"$RT/../lifetime/bf_seq.c\"",
       .object = "bf_seq.o",
       .coverage = Coverage::kNoCmp,
       .include_dir = "\"$RT\"",
       .comment = "# The engine's own comparisons teach the fuzzer nothing: no trace-cmp\n"
                  "# (it halved exec/s; see fuzzers/lifetime/CMakeLists.txt).\n"});
  r.shared.push_back({.source = "\"$RT/../lifetime/bf_seq_len.c\"",
                      .object = "bf_seq_len.o",
                      .coverage = Coverage::kNoCmp,
                      .include_dir = "\"$RT\""});
  if (callbacks)
    r.shared.push_back({.source = "\"$RT/../lifetime/bf_seq_callback.c\"",
                        .object = "bf_seq_callback.o",
                        .coverage = Coverage::kNoCmp,
                        .include_dir = "\"$RT\""});
  r.shared.push_back({.source = "\"$RT/bindfuzz_runtime.c\"", .object = "bindfuzz_runtime.o"});
  AddStateSteps(opt, n, &r);
  r.per_binary.push_back({.cxx = true,
                          .source = Cat(n, "_fuzzer.cc"),
                          .object = Cat(n, "_fuzzer.o"),
                          .coverage = Coverage::kFull,
                          .include_dir = "\"$RT/../lifetime\""});
  return r;
}

}  // namespace

absl::StatusOr<GeneratedFiles> GenerateLifetimeFuzzer(const OwnershipSpec& spec,
                                                      const LifetimeGenOptions& opt) {
  absl::StatusOr<CheckedTarget> target = CheckTargetOptions(opt);
  if (!target.ok()) return target.status();
  const TargetName& name = target->name;
  if (opt.max_ops < 1 || opt.max_ops > kMaxOps)
    return absl::InvalidArgumentError(
        absl::StrCat("gen: max_ops ", opt.max_ops, " is not in 1..", kMaxOps));
  if (opt.max_handles < 1 || opt.max_handles > kMaxHandles)
    return absl::InvalidArgumentError(
        absl::StrCat("gen: max_handles ", opt.max_handles, " is not in 1..", kMaxHandles));

  GeneratedFiles result;
  Plan plan;
  absl::Status st = BuildPlan(spec, plan, &result.notes);
  if (!st.ok()) return st;
  FileId(plan, spec, {});  // kFile0 = the spec file
  result.files[absl::StrCat(opt.name, "_fuzzer.cc")] = EmitFuzzer(spec, plan, opt, name);
  result.files[absl::StrCat(opt.name, "_fuzzer.options")] = EmitOptions(plan, opt, name);
  result.files[absl::StrCat(opt.name, "_fuzzer.dict")] = EmitDict(plan, name);
  if (!spec.reset.empty() && !CIdent::Make(spec.reset).ok())
    return Invalid(spec, spec.reset_loc,
                   absl::StrCat("reset function ", Quoted(spec.reset), " is not a C identifier"));
  if (!target->headers.empty()) {
    result.files[absl::StrCat(opt.name, "_c_side.c")] = EmitCSide(plan, target->headers);
    if (!spec.reset.empty())  // callable with no arguments, as the engine calls it
      result.files[absl::StrCat(opt.name, "_c_side.c")] += absl::StrCat(
          "// reset = \"", spec.reset, "\"\nstatic void bf_reset_decl(void) __attribute__((unused));\n",
          "static void bf_reset_decl(void) { (void)", spec.reset, "(); }\n");
  }
  if (!opt.runtime_dir.empty())
    result.files["build.sh"] = EmitBuildScript(opt, *target, LifetimeRecipe(opt, name, !plan.callbacks.empty()));
  return result;
}

}  // namespace bindfuzz::codegen
