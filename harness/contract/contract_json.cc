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
#include "nlohmann/json.hpp"

namespace bindfuzz::contract {
namespace {

using json = nlohmann::json;

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

json LocJson(const SourceLoc& loc) {
  json j = json::object();
  j["file"] = loc.file;
  if (loc.line) j["line"] = loc.line;
  if (loc.column) j["col"] = loc.column;
  return j;
}

void PutLoc(json& j, const SourceLoc& loc) {
  if (loc.known() || loc.line) j["loc"] = LocJson(loc);
}

json TypeJ(const Type& t) {
  json j = json::object();
  j["kind"] = TypeKindName(t.kind);
  if (!t.name.empty()) j["name"] = t.name;
  if (!t.spelling.empty()) j["spelling"] = t.spelling;
  if (t.bits) j["bits"] = t.bits;
  if (t.is_signed) j["signed"] = true;
  if (t.is_const) j["const"] = true;
  if (t.count) j["count"] = t.count;
  if (t.flexible) j["flexible"] = true;
  if (t.variadic) j["variadic"] = true;
  if (t.nullable) j["nullable"] = true;
  if (!t.calling_conv.empty()) j["cc"] = t.calling_conv;
  if (!t.inner.empty()) {
    json arr = json::array();
    for (const Type& in : t.inner) arr.push_back(TypeJ(in));
    j["inner"] = std::move(arr);
  }
  return j;
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
    arr.push_back(std::move(x));
  }
  j["enumerators"] = std::move(arr);
  PutLoc(j, e.loc);
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
  if (f.no_return) j["no_return"] = true;
  PutLoc(j, f.loc);
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
    consts.push_back(std::move(x));
  }
  j["constants"] = std::move(consts);
  json notes = json::array();
  for (const Note& n : c.notes) {
    json x = json::object();
    x["level"] = n.level == Note::Level::kWarning ? "warning" : "info";
    if (!n.item.empty()) x["item"] = n.item;
    x["message"] = n.message;
    PutLoc(x, n.loc);
    notes.push_back(std::move(x));
  }
  j["notes"] = std::move(notes);
  return j;
}

// ---------------------------------------------------------------- reading --

// An input iterator that records how far the JSON lexer has read, so errors
// can be mapped back to a line even though nlohmann's SAX API has no
// positions.
struct PosIter {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;
  const char* p = nullptr;
  const char* base = nullptr;
  size_t* pos = nullptr;
  reference operator*() const {
    *pos = static_cast<size_t>(p - base);
    return *p;
  }
  PosIter& operator++() {
    ++p;
    return *this;
  }
  PosIter operator++(int) {
    PosIter t = *this;
    ++p;
    return t;
  }
  bool operator==(const PosIter& o) const { return p == o.p; }
  bool operator!=(const PosIter& o) const { return p != o.p; }
};

// Thrown out of the parser callback; never escapes this file.
struct HostileJson {
  std::string message;
};

// Finds the input offset of the value at JSON pointer `target` by replaying
// the parse through SAX. Only used to decorate errors.
class LocateSax : public nlohmann::json_sax<json> {
 public:
  LocateSax(std::vector<std::string> target, const size_t* pos)
      : target_(std::move(target)), pos_(pos) {}
  bool found() const { return found_; }
  size_t offset() const { return offset_; }

  bool null() override { return Value(false); }
  bool boolean(bool) override { return Value(false); }
  bool number_integer(number_integer_t) override { return Value(false); }
  bool number_unsigned(number_unsigned_t) override { return Value(false); }
  bool number_float(number_float_t, const string_t&) override { return Value(false); }
  bool string(string_t&) override { return Value(false); }
  bool binary(binary_t&) override { return Value(false); }
  bool start_object(std::size_t) override {
    if (!Value(true)) return false;
    frames_.push_back({false, 0, ""});
    return true;
  }
  bool key(string_t& k) override {
    frames_.back().key = k;
    return true;
  }
  bool end_object() override { return End(); }
  bool start_array(std::size_t) override {
    if (!Value(true)) return false;
    frames_.push_back({true, 0, ""});
    return true;
  }
  bool end_array() override { return End(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool is_array;
    size_t index;
    std::string key;
  };
  bool Matches() const {
    if (frames_.size() != target_.size()) return false;
    for (size_t i = 0; i < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      std::string tok = f.is_array ? std::to_string(f.index) : f.key;
      if (tok != target_[i]) return false;
    }
    return true;
  }
  // Called at the start of every value.
  bool Value(bool is_container) {
    if (Matches()) {
      found_ = true;
      offset_ = *pos_;
      return false;  // stop parsing
    }
    if (!is_container && !frames_.empty() && frames_.back().is_array) ++frames_.back().index;
    return true;
  }
  bool End() {
    frames_.pop_back();
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
    return true;
  }

  std::vector<std::string> target_;
  const size_t* pos_;
  std::vector<Frame> frames_;
  bool found_ = false;
  size_t offset_ = 0;
};

std::string PointerString(const std::vector<std::string>& path) {
  if (path.empty()) return "/";
  std::string out;
  for (const std::string& p : path) {
    out += "/";
    for (char c : p) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
  }
  return out;
}

class Reader {
 public:
  Reader(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  absl::StatusOr<Contract> Read() {
    size_t pos = 0;
    PosIter first{text_.data(), text_.data(), &pos};
    PosIter last{text_.data() + text_.size(), text_.data(), &pos};
    std::vector<std::set<std::string>> keys;
    json root;
    try {
      root = json::parse(
          first, last,
          [&](int depth, json::parse_event_t ev, json& parsed) {
            if (depth > kMaxJsonDepth) {
              throw HostileJson{absl::StrCat("nesting deeper than ", kMaxJsonDepth, " levels")};
            }
            switch (ev) {
              case json::parse_event_t::object_start: keys.emplace_back(); break;
              case json::parse_event_t::object_end: if (!keys.empty()) keys.pop_back(); break;
              case json::parse_event_t::key:
                if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second) {
                  throw HostileJson{absl::StrCat("duplicate key \"", parsed.get<std::string>(), "\"")};
                }
                break;
              default: break;
            }
            return true;
          });
    } catch (const HostileJson& e) {
      return AtOffset(pos, e.message);
    } catch (const json::parse_error& e) {
      // e.byte is 1-based; point at the offending byte.
      return AtOffset(e.byte > 0 ? e.byte - 1 : 0,
                      absl::StrCat("invalid JSON: ", StripNlohmannPrefix(e.what())));
    } catch (const std::exception& e) {
      return AtOffset(pos, absl::StrCat("invalid JSON: ", e.what()));
    }
    Contract c;
    if (!ReadContract(root, c)) return status_;
    return c;
  }

 private:
  static std::string StripNlohmannPrefix(std::string_view what) {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    size_t colon = what.find(": ");
    if (what.rfind("[json.exception", 0) == 0 && colon != std::string_view::npos) {
      size_t second = what.find(": ", colon + 2);
      if (second != std::string_view::npos) return std::string(what.substr(second + 2));
      return std::string(what.substr(colon + 2));
    }
    return std::string(what);
  }

  absl::Status AtOffset(size_t offset, std::string_view msg) {
    LineCol lc = OffsetToLineCol(text_, offset);
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(source_), ":", lc.line, ":", lc.column, ": ", std::string(msg)));
  }

  // Records the first error (with the line of the current path) and returns false.
  bool Fail(std::string_view msg) {
    if (!status_.ok()) return false;
    size_t pos = 0;
    PosIter first{text_.data(), text_.data(), &pos};
    PosIter last{text_.data() + text_.size(), text_.data(), &pos};
    LocateSax sax(path_, &pos);
    json::sax_parse(first, last, &sax);
    std::string where = std::string(source_);
    if (sax.found()) {
      LineCol lc = OffsetToLineCol(text_, sax.offset());
      where = absl::StrCat(std::string(source_), ":", lc.line, ":", lc.column);
    }
    status_ = absl::InvalidArgumentError(
        absl::StrCat(where, ": ", std::string(msg), " (at ", PointerString(path_), ")"));
    return false;
  }

  struct PathPush {
    PathPush(Reader* r, std::string tok) : r(r) { r->path_.push_back(std::move(tok)); }
    ~PathPush() { r->path_.pop_back(); }
    Reader* r;
  };

  bool CheckKeys(const json& j, std::initializer_list<const char*> allowed) {
    if (!j.is_object()) return Fail("expected an object");
    for (const auto& [k, v] : j.items()) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || k == a;
      if (!ok) {
        PathPush p(this, k);
        return Fail(absl::StrCat("unknown key \"", k, "\""));
      }
    }
    return true;
  }

  bool GetString(const json& j, const char* key, std::string& out, bool required) {
    auto it = j.find(key);
    if (it == j.end()) return required ? Fail(absl::StrCat("missing key \"", key, "\"")) : true;
    PathPush p(this, key);
    if (!it->is_string()) return Fail("expected a string");
    out = it->get<std::string>();
    return true;
  }

  bool GetBool(const json& j, const char* key, bool& out) {
    auto it = j.find(key);
    if (it == j.end()) return true;
    PathPush p(this, key);
    if (!it->is_boolean()) return Fail("expected true or false");
    out = it->get<bool>();
    return true;
  }

  template <typename T>
  bool GetUnsigned(const json& j, const char* key, T& out, bool required,
                   uint64_t max = std::numeric_limits<T>::max()) {
    auto it = j.find(key);
    if (it == j.end()) return required ? Fail(absl::StrCat("missing key \"", key, "\"")) : true;
    PathPush p(this, key);
    return AsUnsigned(*it, out, max);
  }

  template <typename T>
  bool AsUnsigned(const json& v, T& out, uint64_t max = std::numeric_limits<T>::max()) {
    uint64_t x;
    if (v.is_number_unsigned()) {
      x = v.get<uint64_t>();
    } else if (v.is_number_integer() && v.get<int64_t>() >= 0) {
      x = static_cast<uint64_t>(v.get<int64_t>());
    } else {
      return Fail("expected a non-negative integer");
    }
    if (x > max) return Fail(absl::StrCat("value ", x, " is out of range (max ", max, ")"));
    out = static_cast<T>(x);
    return true;
  }

  bool ReadIntValue(const json& v, IntValue& out) {
    if (v.is_number_unsigned()) {
      out = IntValue::OfUnsigned(v.get<uint64_t>());
      return true;
    }
    if (v.is_number_integer()) {
      out = IntValue::Of(v.get<int64_t>());
      return true;
    }
    if (v.is_string()) {  // below INT64_MIN
      std::string s = v.get<std::string>();
      if (s.size() > 1 && s[0] == '-' && s.size() <= 21) {
        uint64_t m = 0;
        for (size_t i = 1; i < s.size(); ++i) {
          if (s[i] < '0' || s[i] > '9') return Fail("expected an integer");
          uint64_t d = static_cast<uint64_t>(s[i] - '0');
          if (m > (UINT64_MAX - d) / 10) return Fail("integer out of range");
          m = m * 10 + d;
        }
        out = {m, true};
        return true;
      }
    }
    return Fail("expected an integer");
  }

  bool ReadLoc(const json& j, SourceLoc& loc) {
    auto it = j.find("loc");
    if (it == j.end()) return true;
    PathPush p(this, "loc");
    return CheckKeys(*it, {"file", "line", "col"}) && GetString(*it, "file", loc.file, true) &&
           GetUnsigned(*it, "line", loc.line, false) && GetUnsigned(*it, "col", loc.column, false);
  }

  bool ReadType(const json& j, Type& t, int depth = 0) {
    if (depth > kMaxJsonDepth) return Fail("type nesting too deep");
    if (!CheckKeys(j, {"kind", "name", "spelling", "bits", "signed", "const", "count", "flexible",
                       "variadic", "nullable", "cc", "inner"})) {
      return false;
    }
    std::string kind;
    if (!GetString(j, "kind", kind, true)) return false;
    static constexpr TypeKind kKinds[] = {
        TypeKind::kUnknown, TypeKind::kVoid,    TypeKind::kBool,   TypeKind::kInt,
        TypeKind::kFloat,   TypeKind::kPointer, TypeKind::kArray,  TypeKind::kRecord,
        TypeKind::kEnum,    TypeKind::kTypedef, TypeKind::kFunction};
    bool found = false;
    for (TypeKind k : kKinds) {
      if (kind == TypeKindName(k)) {
        t.kind = k;
        found = true;
      }
    }
    if (!found) {
      PathPush p(this, "kind");
      return Fail(absl::StrCat("unknown type kind \"", kind, "\""));
    }
    if (!GetString(j, "name", t.name, false) || !GetString(j, "spelling", t.spelling, false) ||
        !GetUnsigned(j, "bits", t.bits, false, 1024) || !GetBool(j, "signed", t.is_signed) ||
        !GetBool(j, "const", t.is_const) || !GetUnsigned(j, "count", t.count, false) ||
        !GetBool(j, "flexible", t.flexible) || !GetBool(j, "variadic", t.variadic) ||
        !GetBool(j, "nullable", t.nullable) || !GetString(j, "cc", t.calling_conv, false)) {
      return false;
    }
    auto it = j.find("inner");
    if (it != j.end()) {
      PathPush p(this, "inner");
      if (!it->is_array()) return Fail("expected an array");
      for (size_t i = 0; i < it->size(); ++i) {
        PathPush q(this, std::to_string(i));
        Type in;
        if (!ReadType((*it)[i], in, depth + 1)) return false;
        t.inner.push_back(std::move(in));
      }
    }
    // Shape checks: a reader that accepts a pointer with no pointee would
    // hand every later stage a malformed tree.
    switch (t.kind) {
      case TypeKind::kPointer:
      case TypeKind::kArray:
        if (t.inner.size() != 1) return Fail("pointer and array types need exactly one inner type");
        break;
      case TypeKind::kFunction:
        if (t.inner.empty()) return Fail("function types need a return type in inner[0]");
        break;
      case TypeKind::kRecord:
      case TypeKind::kEnum:
      case TypeKind::kTypedef:
        if (t.name.empty()) return Fail("named types need a name");
        [[fallthrough]];
      default:
        if (!t.inner.empty()) return Fail("this type kind takes no inner types");
    }
    return true;
  }

  bool ReadTypeKey(const json& j, const char* key, Type& t, bool required = true) {
    auto it = j.find(key);
    if (it == j.end()) return required ? Fail(absl::StrCat("missing key \"", key, "\"")) : true;
    PathPush p(this, key);
    return ReadType(*it, t);
  }

  bool ReadField(const json& j, Field& f) {
    return CheckKeys(j, {"name", "rust_name", "type", "offset_bits", "size_bits", "bitfield",
                         "artificial", "loc"}) &&
           GetString(j, "name", f.name, true) && GetString(j, "rust_name", f.rust_name, false) &&
           ReadTypeKey(j, "type", f.type) && GetUnsigned(j, "offset_bits", f.offset_bits, true) &&
           GetUnsigned(j, "size_bits", f.size_bits, true) && GetBool(j, "bitfield", f.is_bitfield) &&
           GetBool(j, "artificial", f.artificial) && ReadLoc(j, f.loc);
  }

  bool ReadRecord(const json& j, Record& r) {
    if (!CheckKeys(j, {"name", "kind", "complete", "opaque", "anonymous", "typedef_named", "size", "align",
                       "packed", "pack", "explicit_align", "align_inferred", "flexible_array", "repr", "fields",
                       "asserted", "loc"})) {
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
                       "loc"}) ||
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
      if (!CheckKeys(x, {"name", "value", "loc"}) || !GetString(x, "name", en.name, true) ||
          !ReadLoc(x, en.loc)) {
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
    if (!CheckKeys(j, {"name", "return", "params", "variadic", "cc", "has_symbol", "no_return",
                       "loc"}) ||
        !GetString(j, "name", f.name, true) || !ReadTypeKey(j, "return", f.return_type) ||
        !GetBool(j, "variadic", f.variadic) || !GetString(j, "cc", f.calling_conv, false) ||
        !GetBool(j, "has_symbol", f.has_symbol) || !GetBool(j, "no_return", f.no_return) ||
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
                     return CheckKeys(j, {"name", "target", "align", "loc"}) &&
                            GetString(j, "name", t.name, true) &&
                            ReadTypeKey(j, "target", t.target) &&
                            GetUnsigned(j, "align", t.align_bytes, false) && ReadLoc(j, t.loc);
                   }) ||
        !ReadItems(root, "functions", c.functions,
                   [&](const json& j, Function& f) { return ReadFunction(j, f); }) ||
        !ReadItems(root, "variables", c.variables,
                   [&](const json& j, Variable& v) {
                     return CheckKeys(j, {"name", "type", "const", "loc"}) &&
                            GetString(j, "name", v.name, true) && ReadTypeKey(j, "type", v.type) &&
                            GetBool(j, "const", v.is_const) && ReadLoc(j, v.loc);
                   }) ||
        !ReadItems(root, "constants", c.constants,
                   [&](const json& j, Constant& k) { return ReadConstant(j, k); })) {
      return false;
    }
    if (auto n = root.find("notes"); n != root.end()) {
      PathPush p(this, "notes");
      if (!n->is_array()) return Fail("expected an array");
      for (size_t i = 0; i < n->size(); ++i) {
        PathPush q(this, std::to_string(i));
        const json& x = (*n)[i];
        Note note;
        std::string level;
        if (!CheckKeys(x, {"level", "item", "message", "loc"}) ||
            !GetString(x, "level", level, true) || !GetString(x, "item", note.item, false) ||
            !GetString(x, "message", note.message, true) || !ReadLoc(x, note.loc)) {
          return false;
        }
        if (level == "warning") {
          note.level = Note::Level::kWarning;
        } else if (level != "info") {
          PathPush s(this, "level");
          return Fail("level must be \"info\" or \"warning\"");
        }
        c.notes.push_back(std::move(note));
      }
    }
    return true;
  }

  bool ReadConstant(const json& j, Constant& k) {
    std::string kind;
    if (!CheckKeys(j, {"name", "kind", "value", "type", "loc"}) ||
        !GetString(j, "name", k.name, true) || !GetString(j, "kind", kind, true) ||
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

  bool ReadStrings(const json& j, const char* key, std::vector<std::string>& out) {
    auto it = j.find(key);
    if (it == j.end()) return true;
    PathPush p(this, key);
    if (!it->is_array()) return Fail("expected an array of strings");
    for (size_t i = 0; i < it->size(); ++i) {
      PathPush q(this, std::to_string(i));
      if (!(*it)[i].is_string()) return Fail("expected a string");
      out.push_back((*it)[i].get<std::string>());
    }
    return true;
  }

  std::string_view text_;
  std::string_view source_;
  std::vector<std::string> path_;
  absl::Status status_;
};

}  // namespace

std::string ToJson(const Contract& contract, int indent) {
  // Strings in a contract come from inputs and may hold invalid UTF-8;
  // replace rather than throw so serialisation never fails.
  return ContractJ(contract).dump(indent, ' ', false, json::error_handler_t::replace) + "\n";
}

absl::StatusOr<Contract> FromJson(std::string_view text, std::string_view source_name) {
  return Reader(text, source_name).Read();
}

}  // namespace bindfuzz::contract
