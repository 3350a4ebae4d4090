// Internal to harness/contract: the JSON machinery the contract and
// ownership-spec (de)serialisers share (contract_json.cc, ownership_json.cc);
// also the reader of baseline reports (harness/diff/triage.cc).
// Header-only so every library that compiles one of them (including the
// instrumented copies under fuzzers/) gets it without a new source file.
//
//   class MyReader : public json_internal::JsonReader {
//     using JsonReader::JsonReader;
//     absl::StatusOr<Thing> Read() {
//       json root;
//       if (absl::Status s = Parse(root); !s.ok()) return s;
//       Thing t;
//       if (!CheckKeys(root, {"a"}) || !GetString(root, "a", t.a, true)) return status();
//       return t;
//     }
//   };
//
// Errors name `<source>:<line>:<col>` and the JSON pointer of the bad value.
#ifndef BINDFUZZ_HARNESS_CONTRACT_JSON_INTERNAL_H_
#define BINDFUZZ_HARNESS_CONTRACT_JSON_INTERNAL_H_

#include <cstdint>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"
#include "harness/contract/contract.h"
#include "harness/contract/contract_json.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::contract::json_internal {

using json = nlohmann::json;

// ---------------------------------------------------------------- writing --

inline json LocJson(const SourceLoc& loc) {
  json j = json::object();
  j["file"] = loc.file;
  if (loc.line) j["line"] = loc.line;
  if (loc.column) j["col"] = loc.column;
  return j;
}

inline void PutLoc(json& j, const SourceLoc& loc) {
  if (loc.known() || loc.line) j["loc"] = LocJson(loc);
}

inline json TypeJ(const Type& t) {
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

inline json NoteJ(const Note& n) {
  json x = json::object();
  x["level"] = n.level == Note::Level::kWarning ? "warning" : "info";
  if (!n.item.empty()) x["item"] = n.item;
  x["message"] = n.message;
  PutLoc(x, n.loc);
  return x;
}

// Strings from inputs may hold invalid UTF-8: replaced rather than thrown
// on, so serialisation never fails.
inline std::string Dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace) + "\n";
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

inline std::string PointerString(const std::vector<std::string>& path) {
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

// Base of the strict readers: parses with a depth cap and duplicate-key
// rejection, then offers typed getters that record the first error with its
// position. Every getter returns false after an error; `status()` has it.
class JsonReader {
 public:
  JsonReader(std::string_view text, std::string_view source) : text_(text), source_(source) {}

 protected:
  // Parses the whole text into `root`.
  absl::Status Parse(json& root) {
    size_t pos = 0;
    PosIter first{text_.data(), text_.data(), &pos};
    PosIter last{text_.data() + text_.size(), text_.data(), &pos};
    std::vector<std::set<std::string>> keys;
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
    return absl::OkStatus();
  }

  const absl::Status& status() const { return status_; }

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
    PathPush(JsonReader* r, std::string tok) : r(r) { r->path_.push_back(std::move(tok)); }
    ~PathPush() { r->path_.pop_back(); }
    JsonReader* r;
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

  bool ReadNote(const json& x, Note& note) {
    std::string level;
    if (!CheckKeys(x, {"level", "item", "message", "loc"}) || !GetString(x, "level", level, true) ||
        !GetString(x, "item", note.item, false) || !GetString(x, "message", note.message, true) ||
        !ReadLoc(x, note.loc)) {
      return false;
    }
    if (level == "warning") {
      note.level = Note::Level::kWarning;
    } else if (level != "info") {
      PathPush s(this, "level");
      return Fail("level must be \"info\" or \"warning\"");
    }
    return true;
  }

  // Reads the array at `key` (absent = empty) calling `read_one(element, index)`.
  template <typename Fn>
  bool ReadArray(const json& j, const char* key, Fn read_one) {
    auto it = j.find(key);
    if (it == j.end()) return true;
    PathPush p(this, key);
    if (!it->is_array()) return Fail("expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      PathPush q(this, std::to_string(i));
      if (!read_one((*it)[i])) return false;
    }
    return true;
  }

  std::string_view text_;
  std::string_view source_;
  std::vector<std::string> path_;
  absl::Status status_;
};

}  // namespace bindfuzz::contract::json_internal

#endif  // BINDFUZZ_HARNESS_CONTRACT_JSON_INTERNAL_H_
