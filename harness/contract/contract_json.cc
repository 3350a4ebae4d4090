#include "harness/contract/contract_json.h"

#include <cstdint>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/contract/json_internal.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::contract {
namespace {

using json_internal::json;
using json_internal::LocJson;
using json_internal::NoteJ;
using json_internal::PutLoc;
using json_internal::TypeJ;

// ---------------------------------------------------------------- writing --

const char* RecordKindName(RecordKind k) { return k == RecordKind::kUnion ? "union" : "struct"; }
const char* ConstantKindName(ConstantKind k) {
  switch (k) {
    case ConstantKind::kInt: return "int";
    case ConstantKind::kFloat: return "float";
    case ConstantKind::kString: return "string";
  }
  return "int";
}

// "conditions": [{"directive", "condition", "macros", "loc"}], only when there are any.
void PutConditions(json& j, const std::vector<PpCondition>& conds) {
  if (conds.empty()) return;
  json arr = json::array();
  for (const PpCondition& c : conds) {
    json x = json::object();
    x["directive"] = c.directive;
    if (!c.condition.empty()) x["condition"] = c.condition;
    x["macros"] = c.macros;
    PutLoc(x, c.loc);
    arr.push_back(std::move(x));
  }
  j["conditions"] = std::move(arr);
}

json IntValueJ(const IntValue& v) {
  if (v.negative && v.magnitude != 0) {
    if (v.magnitude <= uint64_t{1} << 63) {
      return json(static_cast<int64_t>(uint64_t{0} - v.magnitude));
    }
    return json(v.ToString());  // below INT64_MIN: keep exact as a string
  }
  return json(v.magnitude);
}

json FieldJ(const Field& f) {
  json j = json::object();
  j["name"] = f.name;
  if (!f.rust_name.empty()) j["rust_name"] = f.rust_name;
  j["type"] = TypeJ(f.type);
  j["offset_bits"] = f.offset_bits;
  j["size_bits"] = f.size_bits;
  if (f.is_bitfield) j["bitfield"] = true;
  if (f.artificial) j["artificial"] = true;
  PutLoc(j, f.loc);
  PutConditions(j, f.conditions);
  return j;
}

json RecordJ(const Record& r) {
  json j = json::object();
  j["name"] = r.name;
  j["kind"] = RecordKindName(r.kind);
  if (!r.complete) j["complete"] = false;
  if (r.opaque) j["opaque"] = true;
  if (r.anonymous) j["anonymous"] = true;
  if (r.typedef_named) j["typedef_named"] = true;
  j["size"] = r.size_bytes;
  j["align"] = r.align_bytes;
  if (r.packed) j["packed"] = true;
  if (r.pack_bytes) j["pack"] = r.pack_bytes;
  if (r.explicit_align) j["explicit_align"] = r.explicit_align;
  if (r.align_inferred) j["align_inferred"] = true;
  if (r.has_flexible_array) j["flexible_array"] = true;
  if (r.transparent_union) j["transparent_union"] = true;
  if (!r.repr.empty()) j["repr"] = r.repr;
  json fields = json::array();
  for (const Field& f : r.fields) fields.push_back(FieldJ(f));
  j["fields"] = std::move(fields);
  if (!r.asserted.empty()) {
    json a = json::object();
    if (r.asserted.size_bytes) a["size"] = *r.asserted.size_bytes;
    if (r.asserted.align_bytes) a["align"] = *r.asserted.align_bytes;
    if (!r.asserted.field_offset_bytes.empty()) {
      json offs = json::object();
      for (const auto& [name, off] : r.asserted.field_offset_bytes) offs[name] = off;
      a["field_offsets"] = std::move(offs);
    }
    j["asserted"] = std::move(a);
  }
  PutLoc(j, r.loc);
  PutConditions(j, r.conditions);
  return j;
}

json EnumJ(const Enum& e) {
  json j = json::object();
  j["name"] = e.name;
  j["underlying"] = TypeJ(e.underlying);
  j["size"] = e.size_bytes;
  if (!e.rust_style.empty()) j["rust_style"] = e.rust_style;
  if (e.anonymous) j["anonymous"] = true;
  json arr = json::array();
  for (const Enumerator& en : e.enumerators) {
    json x = json::object();
    x["name"] = en.name;
    x["value"] = IntValueJ(en.value);
    PutLoc(x, en.loc);
    PutConditions(x, en.conditions);
    arr.push_back(std::move(x));
  }
  j["enumerators"] = std::move(arr);
  PutLoc(j, e.loc);
  PutConditions(j, e.conditions);
  return j;
}

json FunctionJ(const Function& f) {
  json j = json::object();
  j["name"] = f.name;
  j["return"] = TypeJ(f.return_type);
  json ps = json::array();
  for (const Param& p : f.params) {
    json x = json::object();
    x["name"] = p.name;
    x["type"] = TypeJ(p.type);
    ps.push_back(std::move(x));
  }
  j["params"] = std::move(ps);
  if (f.variadic) j["variadic"] = true;
  if (!f.calling_conv.empty()) j["cc"] = f.calling_conv;
  if (!f.has_symbol) j["has_symbol"] = false;
  if (!f.asm_label.empty()) j["asm_label"] = f.asm_label;
  if (f.no_return) j["no_return"] = true;
  PutLoc(j, f.loc);
  PutConditions(j, f.conditions);
  return j;
}

json ContractJ(const Contract& c) {
  json j = json::object();
  j["format"] = "bindfuzz-contract";
  j["version"] = kContractFormatVersion;
  j["side"] = SideName(c.side);
  json t = json::object();
  t["triple"] = c.target.triple;
  t["pointer_bits"] = c.target.pointer_bits;
  t["long_bits"] = c.target.long_bits;
  t["char_signed"] = c.target.char_signed;
  j["target"] = std::move(t);
  json p = json::object();
  p["tool"] = c.provenance.tool;
  p["inputs"] = c.provenance.inputs;
  p["flags"] = c.provenance.flags;
  j["provenance"] = std::move(p);

  json recs = json::array();
  for (const auto& [k, r] : c.records) recs.push_back(RecordJ(r));
  j["records"] = std::move(recs);
  json enums = json::array();
  for (const auto& [k, e] : c.enums) enums.push_back(EnumJ(e));
  j["enums"] = std::move(enums);
  json tds = json::array();
  for (const auto& [k, td] : c.typedefs) {
    json x = json::object();
    x["name"] = td.name;
    x["target"] = TypeJ(td.target);
    if (td.align_bytes) x["align"] = td.align_bytes;
    PutLoc(x, td.loc);
    PutConditions(x, td.conditions);
    tds.push_back(std::move(x));
  }
  j["typedefs"] = std::move(tds);
  json fns = json::array();
  for (const auto& [k, f] : c.functions) fns.push_back(FunctionJ(f));
  j["functions"] = std::move(fns);
  json vars = json::array();
  for (const auto& [k, v] : c.variables) {
    json x = json::object();
    x["name"] = v.name;
    x["type"] = TypeJ(v.type);
    if (v.is_const) x["const"] = true;
    PutLoc(x, v.loc);
    PutConditions(x, v.conditions);
    vars.push_back(std::move(x));
  }
  j["variables"] = std::move(vars);
  json consts = json::array();
  for (const auto& [k, cst] : c.constants) {
    json x = json::object();
    x["name"] = cst.name;
    x["kind"] = ConstantKindName(cst.kind);
    switch (cst.kind) {
      case ConstantKind::kInt: x["value"] = IntValueJ(cst.int_value); break;
      case ConstantKind::kFloat: x["value"] = cst.float_value; break;
      case ConstantKind::kString: x["value"] = cst.string_value; break;
    }
    x["type"] = TypeJ(cst.type);
    PutLoc(x, cst.loc);
    PutConditions(x, cst.conditions);
    consts.push_back(std::move(x));
  }
  j["constants"] = std::move(consts);
  json notes = json::array();
  for (const Note& n : c.notes) notes.push_back(NoteJ(n));
  j["notes"] = std::move(notes);
  return j;
}

// ---------------------------------------------------------------- reading --

class Reader : public json_internal::JsonReader {
 public:
  using JsonReader::JsonReader;

  absl::StatusOr<Contract> Read() {
    json root;
    BF_RETURN_IF_ERROR(Parse(root));
    Contract c;
    if (!ReadContract(root, c)) return status_;
    return c;
  }

 private:
  // "conditions" (absent = none).
  bool ReadConditions(const json& j, std::vector<PpCondition>& out) {
    return ReadArray(j, "conditions", [&](const json& x) {
      PpCondition c;
      if (!CheckKeys(x, {"directive", "condition", "macros", "loc"}) ||
          !GetString(x, "directive", c.directive, true) || !GetString(x, "condition", c.condition, false) ||
          !ReadStrings(x, "macros", c.macros) || !ReadLoc(x, c.loc)) {
        return false;
      }
      static const std::set<std::string> kDirectives = {"if", "ifdef", "ifndef", "elif", "elifdef", "elifndef", "else"};
      if (!kDirectives.count(c.directive)) {
        PathPush p(this, "directive");
        return Fail("directive must be one of if, ifdef, ifndef, elif, elifdef, elifndef, else");
      }
      out.push_back(std::move(c));
      return true;
    });
  }

  bool ReadField(const json& j, Field& f) {
    return CheckKeys(j, {"name", "rust_name", "type", "offset_bits", "size_bits", "bitfield",
                         "artificial", "loc", "conditions"}) && ReadConditions(j, f.conditions) &&
           GetString(j, "name", f.name, true) && GetString(j, "rust_name", f.rust_name, false) &&
           ReadTypeKey(j, "type", f.type) && GetUnsigned(j, "offset_bits", f.offset_bits, true) &&
           GetUnsigned(j, "size_bits", f.size_bits, true) && GetBool(j, "bitfield", f.is_bitfield) &&
           GetBool(j, "artificial", f.artificial) && ReadLoc(j, f.loc);
  }

  bool ReadRecord(const json& j, Record& r) {
    if (!CheckKeys(j, {"name", "kind", "complete", "opaque", "anonymous", "typedef_named", "size", "align",
                       "packed", "pack", "explicit_align", "align_inferred", "flexible_array", "transparent_union", "repr", "fields",
                       "asserted", "loc", "conditions"}) ||
        !ReadConditions(j, r.conditions)) {
      return false;
    }
    std::string kind;
    if (!GetString(j, "name", r.name, true) || !GetString(j, "kind", kind, true)) return false;
    if (kind == "struct") {
      r.kind = RecordKind::kStruct;
    } else if (kind == "union") {
      r.kind = RecordKind::kUnion;
    } else {
      PathPush p(this, "kind");
      return Fail("record kind must be \"struct\" or \"union\"");
    }
    if (!GetBool(j, "complete", r.complete) || !GetBool(j, "opaque", r.opaque) ||
        !GetBool(j, "anonymous", r.anonymous) || !GetBool(j, "typedef_named", r.typedef_named) ||
        !GetUnsigned(j, "size", r.size_bytes, true) ||
        !GetUnsigned(j, "align", r.align_bytes, true) || !GetBool(j, "packed", r.packed) ||
        !GetUnsigned(j, "pack", r.pack_bytes, false) ||
        !GetUnsigned(j, "explicit_align", r.explicit_align, false) ||
        !GetBool(j, "align_inferred", r.align_inferred) ||
        !GetBool(j, "flexible_array", r.has_flexible_array) ||
        !GetBool(j, "transparent_union", r.transparent_union) ||
        !GetString(j, "repr", r.repr, false) || !ReadLoc(j, r.loc)) {
      return false;
    }
    auto it = j.find("fields");
    if (it == j.end()) return Fail("missing key \"fields\"");
    {
      PathPush p(this, "fields");
      if (!it->is_array()) return Fail("expected an array");
      for (size_t i = 0; i < it->size(); ++i) {
        PathPush q(this, std::to_string(i));
        Field f;
        if (!ReadField((*it)[i], f)) return false;
        r.fields.push_back(std::move(f));
      }
    }
    auto a = j.find("asserted");
    if (a != j.end()) {
      PathPush p(this, "asserted");
      if (!CheckKeys(*a, {"size", "align", "field_offsets"})) return false;
      uint64_t v;
      if (a->contains("size")) {
        if (!GetUnsigned(*a, "size", v, true)) return false;
        r.asserted.size_bytes = v;
      }
      if (a->contains("align")) {
        if (!GetUnsigned(*a, "align", v, true)) return false;
        r.asserted.align_bytes = v;
      }
      auto fo = a->find("field_offsets");
      if (fo != a->end()) {
        PathPush q(this, "field_offsets");
        if (!fo->is_object()) return Fail("expected an object");
        for (const auto& [k, val] : fo->items()) {
          PathPush s(this, k);
          if (!AsUnsigned(val, v)) return false;
          r.asserted.field_offset_bytes[k] = v;
        }
      }
    }
    return true;
  }

  bool ReadEnum(const json& j, Enum& e) {
    if (!CheckKeys(j, {"name", "underlying", "size", "rust_style", "anonymous", "enumerators",
                       "loc", "conditions"}) ||
        !ReadConditions(j, e.conditions) ||
        !GetString(j, "name", e.name, true) || !ReadTypeKey(j, "underlying", e.underlying) ||
        !GetUnsigned(j, "size", e.size_bytes, true) ||
        !GetString(j, "rust_style", e.rust_style, false) || !GetBool(j, "anonymous", e.anonymous) ||
        !ReadLoc(j, e.loc)) {
      return false;
    }
    auto it = j.find("enumerators");
    if (it == j.end()) return Fail("missing key \"enumerators\"");
    PathPush p(this, "enumerators");
    if (!it->is_array()) return Fail("expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      PathPush q(this, std::to_string(i));
      const json& x = (*it)[i];
      Enumerator en;
      if (!CheckKeys(x, {"name", "value", "loc", "conditions"}) || !GetString(x, "name", en.name, true) ||
          !ReadLoc(x, en.loc) || !ReadConditions(x, en.conditions)) {
        return false;
      }
      auto v = x.find("value");
      if (v == x.end()) return Fail("missing key \"value\"");
      {
        PathPush s(this, "value");
        if (!ReadIntValue(*v, en.value)) return false;
      }
      e.enumerators.push_back(std::move(en));
    }
    return true;
  }

  bool ReadFunction(const json& j, Function& f) {
    if (!CheckKeys(j, {"name", "return", "params", "variadic", "cc", "has_symbol", "asm_label", "no_return",
                       "loc", "conditions"}) ||
        !ReadConditions(j, f.conditions) ||
        !GetString(j, "name", f.name, true) || !ReadTypeKey(j, "return", f.return_type) ||
        !GetBool(j, "variadic", f.variadic) || !GetString(j, "cc", f.calling_conv, false) ||
        !GetBool(j, "has_symbol", f.has_symbol) || !GetString(j, "asm_label", f.asm_label, false) ||
        !GetBool(j, "no_return", f.no_return) ||
        !ReadLoc(j, f.loc)) {
      return false;
    }
    auto it = j.find("params");
    if (it == j.end()) return Fail("missing key \"params\"");
    PathPush p(this, "params");
    if (!it->is_array()) return Fail("expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      PathPush q(this, std::to_string(i));
      Param prm;
      if (!CheckKeys((*it)[i], {"name", "type"}) || !GetString((*it)[i], "name", prm.name, true) ||
          !ReadTypeKey((*it)[i], "type", prm.type)) {
        return false;
      }
      f.params.push_back(std::move(prm));
    }
    return true;
  }

  // Reads an array of named items into `out`, rejecting duplicate names.
  template <typename T, typename Fn>
  bool ReadItems(const json& root, const char* key, std::map<std::string, T>& out, Fn read_one) {
    auto it = root.find(key);
    if (it == root.end()) return true;
    PathPush p(this, key);
    if (!it->is_array()) return Fail("expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      PathPush q(this, std::to_string(i));
      T item;
      if (!read_one((*it)[i], item)) return false;
      std::string name = item.name;
      if (!out.emplace(name, std::move(item)).second) {
        return Fail(absl::StrCat("duplicate ", key, " entry \"", name, "\""));
      }
    }
    return true;
  }

  bool ReadContract(const json& root, Contract& c) {
    if (!CheckKeys(root, {"format", "version", "side", "target", "provenance", "records", "enums",
                          "typedefs", "functions", "variables", "constants", "notes"})) {
      return false;
    }
    std::string format;
    if (!GetString(root, "format", format, true)) return false;
    if (format != "bindfuzz-contract") {
      PathPush p(this, "format");
      return Fail("not a bindfuzz contract (format must be \"bindfuzz-contract\")");
    }
    int version = 0;
    if (!GetUnsigned(root, "version", version, true)) return false;
    if (version != kContractFormatVersion) {
      PathPush p(this, "version");
      return Fail(absl::StrCat("unsupported contract version ", version, " (this tool reads ",
                               kContractFormatVersion, ")"));
    }
    std::string side;
    if (!GetString(root, "side", side, true)) return false;
    if (side == "c") {
      c.side = Side::kC;
    } else if (side == "rust") {
      c.side = Side::kRust;
    } else if (side == "btf") {
      c.side = Side::kBtf;
    } else {
      PathPush p(this, "side");
      return Fail("side must be \"c\", \"rust\" or \"btf\"");
    }
    if (auto t = root.find("target"); t != root.end()) {
      PathPush p(this, "target");
      if (!CheckKeys(*t, {"triple", "pointer_bits", "long_bits", "char_signed"}) ||
          !GetString(*t, "triple", c.target.triple, false) ||
          !GetUnsigned(*t, "pointer_bits", c.target.pointer_bits, false, 128) ||
          !GetUnsigned(*t, "long_bits", c.target.long_bits, false, 128) ||
          !GetBool(*t, "char_signed", c.target.char_signed)) {
        return false;
      }
    }
    if (auto pv = root.find("provenance"); pv != root.end()) {
      PathPush p(this, "provenance");
      if (!CheckKeys(*pv, {"tool", "inputs", "flags"}) ||
          !GetString(*pv, "tool", c.provenance.tool, false) ||
          !ReadStrings(*pv, "inputs", c.provenance.inputs) ||
          !ReadStrings(*pv, "flags", c.provenance.flags)) {
        return false;
      }
    }
    if (!ReadItems(root, "records", c.records, [&](const json& j, Record& r) { return ReadRecord(j, r); }) ||
        !ReadItems(root, "enums", c.enums, [&](const json& j, Enum& e) { return ReadEnum(j, e); }) ||
        !ReadItems(root, "typedefs", c.typedefs,
                   [&](const json& j, Typedef& t) {
                     return CheckKeys(j, {"name", "target", "align", "loc", "conditions"}) &&
                            ReadConditions(j, t.conditions) && GetString(j, "name", t.name, true) &&
                            ReadTypeKey(j, "target", t.target) &&
                            GetUnsigned(j, "align", t.align_bytes, false) && ReadLoc(j, t.loc);
                   }) ||
        !ReadItems(root, "functions", c.functions,
                   [&](const json& j, Function& f) { return ReadFunction(j, f); }) ||
        !ReadItems(root, "variables", c.variables,
                   [&](const json& j, Variable& v) {
                     return CheckKeys(j, {"name", "type", "const", "loc", "conditions"}) &&
                            ReadConditions(j, v.conditions) && GetString(j, "name", v.name, true) &&
                            ReadTypeKey(j, "type", v.type) &&
                            GetBool(j, "const", v.is_const) && ReadLoc(j, v.loc);
                   }) ||
        !ReadItems(root, "constants", c.constants,
                   [&](const json& j, Constant& k) { return ReadConstant(j, k); })) {
      return false;
    }
    return ReadArray(root, "notes", [&](const json& x) {
      Note note;
      if (!ReadNote(x, note)) return false;
      c.notes.push_back(std::move(note));
      return true;
    });
  }

  bool ReadConstant(const json& j, Constant& k) {
    std::string kind;
    if (!CheckKeys(j, {"name", "kind", "value", "type", "loc", "conditions"}) ||
        !ReadConditions(j, k.conditions) || !GetString(j, "name", k.name, true) ||
        !GetString(j, "kind", kind, true) ||
        !ReadTypeKey(j, "type", k.type) || !ReadLoc(j, k.loc)) {
      return false;
    }
    auto v = j.find("value");
    if (v == j.end()) return Fail("missing key \"value\"");
    PathPush p(this, "value");
    if (kind == "int") {
      k.kind = ConstantKind::kInt;
      return ReadIntValue(*v, k.int_value);
    }
    if (kind == "float") {
      k.kind = ConstantKind::kFloat;
      if (!v->is_number()) return Fail("expected a number");
      k.float_value = v->get<double>();
      return true;
    }
    if (kind == "string") {
      k.kind = ConstantKind::kString;
      if (!v->is_string()) return Fail("expected a string");
      k.string_value = v->get<std::string>();
      return true;
    }
    return Fail("constant kind must be \"int\", \"float\" or \"string\"");
  }

};

}  // namespace

std::string ToJson(const Contract& contract, int indent) {
  // Strings in a contract come from inputs and may hold invalid UTF-8;
  // replace rather than throw so serialisation never fails.
  return json_internal::Dump(ContractJ(contract), indent);
}

absl::StatusOr<Contract> FromJson(std::string_view text, std::string_view source_name) {
  return Reader(text, source_name).Read();
}

}  // namespace bindfuzz::contract
