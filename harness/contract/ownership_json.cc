#include "harness/contract/ownership_json.h"

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/common/status.h"
#include "harness/contract/json_internal.h"

namespace bindfuzz::contract {
namespace {

using json_internal::json;
using json_internal::NoteJ;
using json_internal::PutLoc;
using json_internal::TypeJ;

constexpr const char* kFormat = "bindfuzz-ownership";

// ---------------------------------------------------------------- writing --

void PutString(json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}

void PutStrings(json& j, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) j[key] = v;
}

void PutType(json& j, const char* key, const Type& t) {
  if (!(t == Type{})) j[key] = TypeJ(t);
}

json ResourceJ(const ResourceSpec& r) {
  json j = json::object();
  j["name"] = r.name;
  PutString(j, "ctype", r.c_type);
  PutString(j, "release", r.release);
  PutString(j, "get", r.get);
  PutString(j, "put", r.put);
  PutStrings(j, "acquire", r.acquire);
  if (r.align) j["align"] = r.align;
  if (r.rust_refcount) j["rust_refcount"] = true;
  if (r.foreign) j["foreign"] = true;
  PutString(j, "origin", r.rust_origin);
  PutLoc(j, r.loc);
  return j;
}

json ParamJ(const ParamSpec& p) {
  json j = json::object();
  j["name"] = p.name;
  j["mode"] = ParamModeName(p.mode);
  PutType(j, "type", p.type);
  PutString(j, "resource", p.resource);
  PutStrings(j, "until", p.until);
  if (p.nullable) j["nullable"] = true;
  PutString(j, "parent", p.parent);
  PutString(j, "callback", p.callback);
  PutString(j, "len_of", p.len_of);
  if (p.unit != LenUnit::kBytes) j["unit"] = LenUnitName(p.unit);
  if (p.elem_size != 1) j["elem_size"] = p.elem_size;
  if (p.has_range) j["has_range"] = true;
  if (p.range_lo) j["range_lo"] = p.range_lo;
  if (p.range_hi) j["range_hi"] = p.range_hi;
  if (p.inout) j["inout"] = true;
  if (p.has_retry) j["retry_on"] = p.retry_on;
  if (p.fixed_len) j["fixed_len"] = p.fixed_len;
  PutString(j, "range_fn", p.range_fn);
  PutStrings(j, "range_args", p.range_args);
  if (p.range_inclusive) j["range_inclusive"] = true;
  PutLoc(j, p.loc);
  return j;
}

json ReturnJ(const ReturnSpec& r) {
  json j = json::object();
  j["kind"] = ReturnKindName(r.kind);
  PutType(j, "type", r.type);
  PutString(j, "resource", r.resource);
  if (r.nullability != Nullability::kNonNull) j["null"] = NullabilityName(r.nullability);
  if (!r.window.parent.empty() || !r.window.closed_by.empty()) {
    json w = json::object();
    PutString(w, "parent", r.window.parent);
    PutStrings(w, "closed_by", r.window.closed_by);
    j["window"] = std::move(w);
  }
  PutString(j, "len_fn", r.len_fn);
  PutString(j, "written_of", r.written_of);
  if (r.len_unit != LenUnit::kBytes) j["len_unit"] = LenUnitName(r.len_unit);
  if (r.len_elem_size != 1) j["len_elem_size"] = r.len_elem_size;
  if (r.nul_terminated) j["nul"] = true;
  PutLoc(j, r.loc);
  return j;
}

json FunctionJ(const FunctionSpec& f) {
  json j = json::object();
  j["name"] = f.name;
  json ps = json::array();
  for (const ParamSpec& p : f.params) ps.push_back(ParamJ(p));
  j["params"] = std::move(ps);
  j["return"] = ReturnJ(f.ret);
  PutString(j, "origin", f.rust_origin);
  PutLoc(j, f.loc);
  return j;
}

json CallbackJ(const CallbackSpec& c) {
  json j = json::object();
  j["name"] = c.name;
  PutString(j, "registered_by", c.registered_by);
  PutStrings(j, "runs_during", c.runs_during);
  PutString(j, "unregistered_by", c.unregistered_by);
  if (c.has_signature) {
    json ps = json::array();
    for (const CallbackArgSpec& a : c.params) {
      json x = json::object();
      x["name"] = a.name;
      x["mode"] = CallbackArgModeName(a.mode);
      PutType(x, "type", a.type);
      PutString(x, "resource", a.resource);
      PutLoc(x, a.loc);
      ps.push_back(std::move(x));
    }
    j["params"] = std::move(ps);
    PutType(j, "return", c.ret);
  }
  PutLoc(j, c.loc);
  return j;
}

json SpecJ(const OwnershipSpec& s) {
  json j = json::object();
  j["format"] = kFormat;
  j["version"] = kOwnershipFormatVersion;
  PutString(j, "file", s.file);
  if (!s.reset.empty()) {
    json r = json::object();
    r["name"] = s.reset;
    PutLoc(r, s.reset_loc);
    j["reset"] = std::move(r);
  }
  json rs = json::array();
  for (const auto& [name, r] : s.resources) rs.push_back(ResourceJ(r));
  j["resources"] = std::move(rs);
  json fs = json::array();
  for (const FunctionSpec& f : s.functions) fs.push_back(FunctionJ(f));
  j["functions"] = std::move(fs);
  json cs = json::array();
  for (const CallbackSpec& c : s.callbacks) cs.push_back(CallbackJ(c));
  j["callbacks"] = std::move(cs);
  json ns = json::array();
  for (const Note& n : s.notes) ns.push_back(NoteJ(n));
  j["notes"] = std::move(ns);
  return j;
}

// ---------------------------------------------------------------- reading --

// Looks `name` up in a table of enum values by their printed names.
template <typename E, size_t N>
bool EnumByName(const std::string& name, const E (&values)[N], const char* (*to_name)(E), E* out) {
  for (E v : values) {
    if (name == to_name(v)) {
      *out = v;
      return true;
    }
  }
  return false;
}

constexpr ParamMode kParamModes[] = {
    ParamMode::kScalar, ParamMode::kBorrowed, ParamMode::kConsumed, ParamMode::kRetained,
    ParamMode::kBufIn,  ParamMode::kBufOut,   ParamMode::kStrIn,    ParamMode::kLen,
    ParamMode::kUnknown, ParamMode::kOutOwned, ParamMode::kOutBorrowed, ParamMode::kCallback,
    ParamMode::kUserData};
constexpr CallbackArgMode kCallbackArgModes[] = {CallbackArgMode::kScalar, CallbackArgMode::kBorrowed,
                                                 CallbackArgMode::kKept, CallbackArgMode::kOwned,
                                                 CallbackArgMode::kUserData};
constexpr ReturnKind kReturnKinds[] = {ReturnKind::kVoid, ReturnKind::kScalar, ReturnKind::kOwned,
                                       ReturnKind::kBorrowed, ReturnKind::kStr, ReturnKind::kBuf,
                                       ReturnKind::kPtr};
constexpr Nullability kNullabilities[] = {Nullability::kNonNull, Nullability::kNullable,
                                          Nullability::kErrPtr, Nullability::kErrPtrOrNull};
constexpr LenUnit kLenUnits[] = {LenUnit::kBytes, LenUnit::kElements};

class Reader : public json_internal::JsonReader {
 public:
  using JsonReader::JsonReader;

  absl::StatusOr<OwnershipSpec> Read() {
    json root;
    BF_RETURN_IF_ERROR(Parse(root));
    OwnershipSpec s;
    if (!ReadSpec(root, s)) return status_;
    return s;
  }

 private:
  template <typename E, size_t N>
  bool GetEnum(const json& j, const char* key, E& out, const E (&values)[N], const char* (*to_name)(E),
               bool required) {
    std::string name;
    if (!GetString(j, key, name, required)) return false;
    if (name.empty() && !required && !j.contains(key)) return true;
    if (!EnumByName(name, values, to_name, &out)) {
      PathPush p(this, key);
      std::string allowed;
      for (E v : values) absl::StrAppend(&allowed, allowed.empty() ? "" : ", ", to_name(v));
      return Fail(absl::StrCat("unknown ", key, " \"", name, "\" (one of: ", allowed, ")"));
    }
    return true;
  }

  bool GetInt64(const json& j, const char* key, int64_t& out) {
    auto it = j.find(key);
    if (it == j.end()) return true;
    PathPush p(this, key);
    if (it->is_number_integer() && !it->is_number_unsigned()) {
      out = it->get<int64_t>();
      return true;
    }
    if (it->is_number_unsigned() &&
        it->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      out = static_cast<int64_t>(it->get<uint64_t>());
      return true;
    }
    return Fail("expected an integer in the signed 64-bit range");
  }

  bool ReadStringList(const json& j, const char* key, std::vector<std::string>& out) {
    return ReadStrings(j, key, out);
  }

  bool ReadResource(const json& j, ResourceSpec& r) {
    return CheckKeys(j, {"name", "ctype", "release", "get", "put", "acquire", "align",
                         "rust_refcount", "foreign", "origin", "loc"}) &&
           GetString(j, "name", r.name, true) && GetString(j, "ctype", r.c_type, false) &&
           GetString(j, "release", r.release, false) && GetString(j, "get", r.get, false) &&
           GetString(j, "put", r.put, false) && ReadStringList(j, "acquire", r.acquire) &&
           GetUnsigned(j, "align", r.align, false) && GetBool(j, "rust_refcount", r.rust_refcount) &&
           GetBool(j, "foreign", r.foreign) && GetString(j, "origin", r.rust_origin, false) &&
           ReadLoc(j, r.loc);
  }

  bool ReadParam(const json& j, ParamSpec& p) {
    return CheckKeys(j, {"name", "mode", "type", "resource", "until", "nullable", "parent", "callback", "len_of",
                         "unit", "elem_size", "has_range", "range_lo", "range_hi", "inout", "retry_on", "fixed_len",
                         "range_fn", "range_args", "range_inclusive", "loc"}) &&
           GetString(j, "name", p.name, true) &&
           GetEnum(j, "mode", p.mode, kParamModes, &ParamModeName, true) &&
           ReadTypeKey(j, "type", p.type, false) && GetString(j, "resource", p.resource, false) &&
           ReadStringList(j, "until", p.until) && GetBool(j, "nullable", p.nullable) &&
           GetString(j, "parent", p.parent, false) && GetString(j, "callback", p.callback, false) &&
           GetString(j, "len_of", p.len_of, false) &&
           GetEnum(j, "unit", p.unit, kLenUnits, &LenUnitName, false) &&
           GetUnsigned(j, "elem_size", p.elem_size, false) && GetBool(j, "has_range", p.has_range) &&
           GetInt64(j, "range_lo", p.range_lo) && GetInt64(j, "range_hi", p.range_hi) &&
           GetBool(j, "inout", p.inout) && ReadRetry(j, p) && GetUnsigned(j, "fixed_len", p.fixed_len, false) &&
           GetString(j, "range_fn", p.range_fn, false) && ReadStringList(j, "range_args", p.range_args) &&
           GetBool(j, "range_inclusive", p.range_inclusive) && ReadLoc(j, p.loc);
  }

  // `retry_on` is present exactly when the parameter has a retry value.
  bool ReadRetry(const json& j, ParamSpec& p) {
    p.has_retry = j.contains("retry_on");
    return GetInt64(j, "retry_on", p.retry_on);
  }

  bool ReadReturn(const json& j, ReturnSpec& r) {
    if (!CheckKeys(j, {"kind", "type", "resource", "null", "window", "len_fn", "written_of", "len_unit",
                       "len_elem_size", "nul", "loc"}) ||
        !GetEnum(j, "kind", r.kind, kReturnKinds, &ReturnKindName, true) ||
        !ReadTypeKey(j, "type", r.type, false) || !GetString(j, "resource", r.resource, false) ||
        !GetEnum(j, "null", r.nullability, kNullabilities, &NullabilityName, false) ||
        !GetString(j, "len_fn", r.len_fn, false) || !GetString(j, "written_of", r.written_of, false) ||
        !GetEnum(j, "len_unit", r.len_unit, kLenUnits, &LenUnitName, false) ||
        !GetUnsigned(j, "len_elem_size", r.len_elem_size, false) || !GetBool(j, "nul", r.nul_terminated) ||
        !ReadLoc(j, r.loc)) {
      return false;
    }
    if (auto w = j.find("window"); w != j.end()) {
      PathPush p(this, "window");
      if (!CheckKeys(*w, {"parent", "closed_by"}) || !GetString(*w, "parent", r.window.parent, false) ||
          !ReadStringList(*w, "closed_by", r.window.closed_by)) {
        return false;
      }
    }
    return true;
  }

  bool ReadFunction(const json& j, FunctionSpec& f) {
    if (!CheckKeys(j, {"name", "params", "return", "origin", "loc"}) ||
        !GetString(j, "name", f.name, true) || !GetString(j, "origin", f.rust_origin, false) ||
        !ReadLoc(j, f.loc)) {
      return false;
    }
    if (!j.contains("params")) return Fail("missing key \"params\"");
    if (!ReadArray(j, "params", [&](const json& x) {
          ParamSpec p;
          if (!ReadParam(x, p)) return false;
          f.params.push_back(std::move(p));
          return true;
        })) {
      return false;
    }
    auto r = j.find("return");
    if (r == j.end()) return Fail("missing key \"return\"");
    PathPush p(this, "return");
    return ReadReturn(*r, f.ret);
  }

  bool ReadCallback(const json& j, CallbackSpec& c) {
    if (!CheckKeys(j, {"name", "registered_by", "runs_during", "unregistered_by", "params", "return", "loc"}) ||
        !GetString(j, "name", c.name, true) || !GetString(j, "registered_by", c.registered_by, false) ||
        !ReadStringList(j, "runs_during", c.runs_during) ||
        !GetString(j, "unregistered_by", c.unregistered_by, false) || !ReadLoc(j, c.loc)) {
      return false;
    }
    // A stated signature: "params" (and "return", void when absent).
    if (!j.contains("params")) return true;
    c.has_signature = true;
    if (j.contains("return") && !ReadTypeKey(j, "return", c.ret, true)) return false;
    return ReadArray(j, "params", [&](const json& x) {
      CallbackArgSpec a;
      if (!CheckKeys(x, {"name", "mode", "type", "resource", "loc"}) || !GetString(x, "name", a.name, true) ||
          !GetEnum(x, "mode", a.mode, kCallbackArgModes, &CallbackArgModeName, true) ||
          !ReadTypeKey(x, "type", a.type, false) || !GetString(x, "resource", a.resource, false) ||
          !ReadLoc(x, a.loc)) {
        return false;
      }
      c.params.push_back(std::move(a));
      return true;
    });
  }

  // "reset": {"name": NAME, "loc": ...}, optional.
  bool ReadReset(const json& root, OwnershipSpec& s) {
    auto it = root.find("reset");
    if (it == root.end()) return true;
    PathPush p(this, "reset");
    if (!it->is_object()) return Fail("expected an object");
    return CheckKeys(*it, {"name", "loc"}) && GetString(*it, "name", s.reset, true) &&
           ReadLoc(*it, s.reset_loc);
  }

  bool ReadSpec(const json& root, OwnershipSpec& s) {
    if (!CheckKeys(root, {"format", "version", "file", "reset", "resources", "functions", "callbacks", "notes"})) {
      return false;
    }
    std::string format;
    if (!GetString(root, "format", format, true)) return false;
    if (format != kFormat) {
      PathPush p(this, "format");
      return Fail(absl::StrCat("not a bindfuzz ownership spec (format must be \"", kFormat, "\")"));
    }
    int version = 0;
    if (!GetUnsigned(root, "version", version, true)) return false;
    if (version != kOwnershipFormatVersion) {
      PathPush p(this, "version");
      return Fail(absl::StrCat("unsupported ownership spec version ", version, " (this tool reads ",
                               kOwnershipFormatVersion, ")"));
    }
    std::set<std::string> fn_names;
    return GetString(root, "file", s.file, false) && ReadReset(root, s) &&
           ReadArray(root, "resources",
                     [&](const json& x) {
                       ResourceSpec r;
                       if (!ReadResource(x, r)) return false;
                       std::string name = r.name;
                       if (!s.resources.emplace(name, std::move(r)).second) {
                         return Fail(absl::StrCat("duplicate resources entry \"", name, "\""));
                       }
                       return true;
                     }) &&
           ReadArray(root, "functions",
                     [&](const json& x) {
                       FunctionSpec f;
                       if (!ReadFunction(x, f)) return false;
                       if (!fn_names.insert(f.name).second) {
                         return Fail(absl::StrCat("duplicate functions entry \"", f.name, "\""));
                       }
                       s.functions.push_back(std::move(f));
                       return true;
                     }) &&
           ReadArray(root, "callbacks",
                     [&](const json& x) {
                       CallbackSpec c;
                       if (!ReadCallback(x, c)) return false;
                       s.callbacks.push_back(std::move(c));
                       return true;
                     }) &&
           ReadArray(root, "notes", [&](const json& x) {
             Note n;
             if (!ReadNote(x, n)) return false;
             s.notes.push_back(std::move(n));
             return true;
           });
  }
};

}  // namespace

std::string OwnershipToJson(const OwnershipSpec& spec, int indent) {
  return json_internal::Dump(SpecJ(spec), indent);
}

absl::StatusOr<OwnershipSpec> OwnershipFromJson(std::string_view text, std::string_view source_name) {
  return Reader(text, source_name).Read();
}

}  // namespace bindfuzz::contract
