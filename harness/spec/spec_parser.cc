#include "harness/spec/spec_parser.h"

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"

namespace bindfuzz::spec {
namespace {

using contract::LenUnit;
using contract::Note;
using contract::Nullability;
using contract::OwnershipSpec;
using contract::ParamMode;
using contract::ParamSpec;
using contract::ResourceSpec;
using contract::ReturnKind;
using contract::ReturnSpec;
using contract::SourceLoc;
using contract::Type;

// ---------------------------------------------------------------- lexing --

enum class Tok { kName, kInt, kString, kPunct, kEof };

struct Token {
  Tok kind = Tok::kEof;
  std::string text;         // kName: the name; kString: decoded bytes; kPunct: the punct
  uint64_t magnitude = 0;   // kInt
  bool negative = false;    // kInt
  uint32_t line = 1;
  uint32_t column = 1;
};

bool IsNameStart(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(unsigned char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }
int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Describe(const Token& t) {
  switch (t.kind) {
    case Tok::kName: return absl::StrCat("'", t.text.size() > 40 ? t.text.substr(0, 40) + "..." : t.text, "'");
    case Tok::kInt: return "an integer";
    case Tok::kString: return "a string";
    case Tok::kPunct: return absl::StrCat("'", t.text, "'");
    case Tok::kEof: return "end of file";
  }
  return "?";
}

// A streaming tokenizer: one token at a time, so memory stays bounded by the
// longest token, not the file.
class Lexer {
 public:
  Lexer(absl::string_view text, const std::string& file) : s_(text), file_(file) {}

  absl::Status ErrorAt(uint32_t line, uint32_t column, absl::string_view msg) const {
    return absl::InvalidArgumentError(absl::StrCat(file_, ":", line, ":", column, ": ", msg));
  }

  absl::Status Next(Token& t) {
    SkipTrivia();
    t = Token{};
    t.line = line_;
    t.column = Column();
    if (pos_ >= s_.size()) return absl::OkStatus();
    const unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (IsNameStart(c)) {
      size_t start = pos_;
      while (pos_ < s_.size() && IsNameChar(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      t.kind = Tok::kName;
      t.text = std::string(s_.substr(start, pos_ - start));
      return absl::OkStatus();
    }
    if ((c >= '0' && c <= '9') || (c == '-' && pos_ + 1 < s_.size() && s_[pos_ + 1] >= '0' && s_[pos_ + 1] <= '9')) {
      return LexInt(t);
    }
    if (c == '"') return LexString(t);
    static constexpr const char* kPuncts[] = {"->", "..=", "{", "}", "(", ")", ";", ",", ":", "<=", "<"};
    for (const char* p : kPuncts) {
      absl::string_view pv(p);
      if (s_.substr(pos_, pv.size()) == pv) {
        t.kind = Tok::kPunct;
        t.text = std::string(pv);
        pos_ += pv.size();
        return absl::OkStatus();
      }
    }
    if (c == 0) return ErrorAt(t.line, t.column, "NUL byte in spec text");
    if (c < 0x20 || c == 0x7f) {
      return ErrorAt(t.line, t.column, absl::StrCat("unexpected control character 0x", absl::Hex(c)));
    }
    if (c >= 0x80) return ErrorAt(t.line, t.column, "unexpected non-ASCII character outside a string");
    return ErrorAt(t.line, t.column, absl::StrCat("unexpected character '", std::string(1, static_cast<char>(c)), "'"));
  }

 private:
  uint32_t Column() const { return static_cast<uint32_t>(std::min<size_t>(pos_ - line_start_ + 1, UINT32_MAX)); }

  void NewLine() {
    if (line_ < UINT32_MAX) ++line_;
    line_start_ = pos_;
  }

  void SkipTrivia() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\n') {
        ++pos_;
        NewLine();
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') {
          if (s_[pos_] == '\0') return;  // reported as a NUL byte by Next()
          ++pos_;
        }
      } else {
        return;
      }
    }
  }

  absl::Status LexInt(Token& t) {
    if (s_[pos_] == '-') {
      t.negative = true;
      ++pos_;
    }
    uint64_t base = 10;
    if (s_[pos_] == '0' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == 'x' || s_[pos_ + 1] == 'X')) {
      base = 16;
      pos_ += 2;
    }
    size_t digits = 0;
    uint64_t v = 0;
    bool overflow = false;
    while (pos_ < s_.size()) {
      int d = base == 16 ? HexValue(static_cast<unsigned char>(s_[pos_]))
                         : (s_[pos_] >= '0' && s_[pos_] <= '9' ? s_[pos_] - '0' : -1);
      if (d < 0) break;
      if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / base) overflow = true;
      v = v * base + static_cast<uint64_t>(d);
      ++digits;
      ++pos_;
    }
    if (digits == 0) return ErrorAt(t.line, t.column, "'0x' without hex digits");
    if (pos_ < s_.size() && IsNameChar(static_cast<unsigned char>(s_[pos_]))) {
      return ErrorAt(t.line, t.column, "invalid integer (letters after the digits)");
    }
    if (overflow) return ErrorAt(t.line, t.column, "integer does not fit in 64 bits");
    t.kind = Tok::kInt;
    t.magnitude = v;
    if (v == 0) t.negative = false;
    return absl::OkStatus();
  }

  absl::Status LexString(Token& t) {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) return ErrorAt(t.line, t.column, "unterminated string");
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        break;
      }
      if (c == '\n') return ErrorAt(t.line, t.column, "unterminated string (newline before the closing '\"')");
      if (c == 0) return ErrorAt(line_, Column(), "NUL byte in spec text");
      if (c < 0x20 || c == 0x7f) {
        return ErrorAt(line_, Column(), "control character in a string (write it as \\xHH)");
      }
      if (c != '\\') {
        out.push_back(static_cast<char>(c));
        ++pos_;
        continue;
      }
      uint32_t esc_col = Column();
      char e = pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0';
      switch (e) {
        case '"': out.push_back('"'); pos_ += 2; break;
        case '\\': out.push_back('\\'); pos_ += 2; break;
        case 'n': out.push_back('\n'); pos_ += 2; break;
        case 't': out.push_back('\t'); pos_ += 2; break;
        case 'x': {
          int hi = pos_ + 2 < s_.size() ? HexValue(static_cast<unsigned char>(s_[pos_ + 2])) : -1;
          int lo = pos_ + 3 < s_.size() ? HexValue(static_cast<unsigned char>(s_[pos_ + 3])) : -1;
          if (hi < 0 || lo < 0) return ErrorAt(line_, esc_col, "\\x needs two hex digits");
          int v = hi * 16 + lo;
          if (v == 0 || v >= 0x80) {
            return ErrorAt(line_, esc_col, "\\x escapes must be 01..7f (strings are UTF-8 without NUL)");
          }
          out.push_back(static_cast<char>(v));
          pos_ += 4;
          break;
        }
        default:
          return ErrorAt(line_, esc_col, "unknown escape (use \\\" \\\\ \\n \\t or \\xHH)");
      }
    }
    t.kind = Tok::kString;
    t.text = std::move(out);
    return absl::OkStatus();
  }

  absl::string_view s_;
  const std::string& file_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  uint32_t line_ = 1;
};

// --------------------------------------------------------------- parsing --

struct ScalarRange {
  int64_t lo, hi;
};
// The values a scalar type holds, clipped to int64 (what ParamSpec stores).
ScalarRange RangeOf(const Type& t) {
  if (t.kind == contract::TypeKind::kBool) return {0, 1};
  uint32_t bits = t.bits == 0 || t.bits > 64 ? 64 : t.bits;
  if (t.is_signed) {
    if (bits == 64) return {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
    int64_t m = int64_t{1} << (bits - 1);
    return {-m, m - 1};
  }
  if (bits >= 63) return {0, std::numeric_limits<int64_t>::max()};
  return {0, (int64_t{1} << bits) - 1};
}

class Parser {
 public:
  Parser(absl::string_view text, const std::string& file) : lex_(text, file), file_(file) {}

  absl::StatusOr<OwnershipSpec> Parse() {
    spec_.file = file_;
    BF_RETURN_IF_ERROR(Advance());
    while (cur_.kind != Tok::kEof) {
      if (IsName("resource")) {
        BF_RETURN_IF_ERROR(ParseResource());
      } else if (IsName("fn")) {
        BF_RETURN_IF_ERROR(ParseFn());
      } else if (IsName("callback")) {
        BF_RETURN_IF_ERROR(ParseCallback());
      } else if (IsName("note")) {
        BF_RETURN_IF_ERROR(ParseNote());
      } else if (IsName("reset")) {
        BF_RETURN_IF_ERROR(ParseReset());
      } else {
        return Error(absl::StrCat("expected 'resource', 'fn', 'callback' or 'note', found ", Describe(cur_)));
      }
    }
    // Resources may be declared after their first use: checked at the end.
    for (const auto& [name, loc] : resource_refs_) {
      if (spec_.resources.count(name) == 0) {
        return ErrorAt(loc, absl::StrCat("unknown resource '", name, "' (declare it with 'resource ",
                                         name, " { ... }')"));
      }
    }
    for (const auto& [name, loc] : fn_refs_) {
      if (functions_.count(name) == 0) {
        return ErrorAt(loc, absl::StrCat("unknown function '", name, "' bounds a range (declare it with 'fn ",
                                         name, "(...) -> SCALAR;')"));
      }
    }
    BF_RETURN_IF_ERROR(CheckCallbacks());
    return std::move(spec_);
  }

 private:
  // -- token helpers --
  absl::Status Advance() {
    if (ahead_.empty()) return lex_.Next(cur_);
    cur_ = std::move(ahead_.front());
    ahead_.erase(ahead_.begin());
    return absl::OkStatus();
  }
  // The k-th token after the current one (k >= 1, at most 2 are ever needed).
  absl::StatusOr<const Token*> Peek(size_t k) {
    while (ahead_.size() < k) {
      Token t;
      BF_RETURN_IF_ERROR(lex_.Next(t));
      ahead_.push_back(std::move(t));
    }
    return &ahead_[k - 1];
  }

  SourceLoc Loc(const Token& t) const { return {.file = file_, .line = t.line, .column = t.column}; }
  absl::Status ErrorAt(const SourceLoc& loc, absl::string_view msg) const {
    return lex_.ErrorAt(loc.line, loc.column, msg);
  }
  absl::Status Error(absl::string_view msg) const { return lex_.ErrorAt(cur_.line, cur_.column, msg); }

  bool IsName(const char* kw) const { return cur_.kind == Tok::kName && cur_.text == kw; }
  bool IsPunct(const char* p) const { return cur_.kind == Tok::kPunct && cur_.text == p; }

  absl::Status ExpectPunct(const char* p, absl::string_view context) {
    if (!IsPunct(p)) return Error(absl::StrCat("expected '", p, "' ", context, ", found ", Describe(cur_)));
    return Advance();
  }
  absl::Status ExpectKeyword(const char* kw, absl::string_view context) {
    if (!IsName(kw)) return Error(absl::StrCat("expected '", kw, "' ", context, ", found ", Describe(cur_)));
    return Advance();
  }
  absl::Status ExpectName(std::string* out, absl::string_view what, SourceLoc* loc = nullptr) {
    if (cur_.kind != Tok::kName) return Error(absl::StrCat("expected ", what, ", found ", Describe(cur_)));
    if (loc != nullptr) *loc = Loc(cur_);
    *out = cur_.text;
    return Advance();
  }
  absl::Status ExpectString(std::string* out, absl::string_view what) {
    if (cur_.kind != Tok::kString) return Error(absl::StrCat("expected ", what, " (a \"string\"), found ", Describe(cur_)));
    *out = cur_.text;
    return Advance();
  }
  absl::Status ExpectUnsigned(uint64_t* out, absl::string_view what) {
    if (cur_.kind != Tok::kInt) return Error(absl::StrCat("expected ", what, ", found ", Describe(cur_)));
    if (cur_.negative) return Error(absl::StrCat(what, " must not be negative"));
    *out = cur_.magnitude;
    return Advance();
  }
  absl::Status ExpectSigned(int64_t* out, absl::string_view what) {
    if (cur_.kind != Tok::kInt) return Error(absl::StrCat("expected ", what, ", found ", Describe(cur_)));
    if (cur_.negative) {
      if (cur_.magnitude > (uint64_t{1} << 63)) return Error(absl::StrCat(what, " is below the 64-bit range"));
      *out = static_cast<int64_t>(uint64_t{0} - cur_.magnitude);
    } else {
      if (cur_.magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Error(absl::StrCat(what, " is above the signed 64-bit range a spec can state"));
      }
      *out = static_cast<int64_t>(cur_.magnitude);
    }
    return Advance();
  }
  // NAME (',' NAME)*. Inside a parameter list (`in_params`), `, NAME :`
  // starts the next parameter and ends the list.
  absl::Status NameList(std::vector<std::string>* out, absl::string_view what, bool in_params = false) {
    std::string n;
    BF_RETURN_IF_ERROR(ExpectName(&n, what));
    out->push_back(std::move(n));
    while (IsPunct(",")) {
      if (in_params) {
        BF_ASSIGN_OR_RETURN(const Token* a, Peek(1));
        if (a->kind == Tok::kName) {
          BF_ASSIGN_OR_RETURN(const Token* b, Peek(2));
          if (b->kind == Tok::kPunct && b->text == ":") break;
        }
      }
      BF_RETURN_IF_ERROR(Advance());
      BF_RETURN_IF_ERROR(ExpectName(&n, what));
      out->push_back(std::move(n));
    }
    return absl::OkStatus();
  }
  // A resource name that must be declared somewhere in the spec.
  absl::Status ResourceRef(std::string* out) {
    SourceLoc loc;
    BF_RETURN_IF_ERROR(ExpectName(out, "a resource name", &loc));
    resource_refs_.emplace_back(*out, loc);
    return absl::OkStatus();
  }
  bool IsScalar(Type* t) const { return cur_.kind == Tok::kName && contract::ScalarType(cur_.text, t); }

  // -- items --

  absl::Status ParseResource() {
    ResourceSpec r;
    r.loc = Loc(cur_);
    BF_RETURN_IF_ERROR(Advance());
    SourceLoc name_loc;
    BF_RETURN_IF_ERROR(ExpectName(&r.name, "the resource name", &name_loc));
    if (spec_.resources.count(r.name)) {
      return ErrorAt(name_loc, absl::StrCat("duplicate resource '", r.name, "' (first at ",
                                            spec_.resources[r.name].loc.ToString(), ")"));
    }
    BF_RETURN_IF_ERROR(ExpectPunct("{", "after the resource name"));
    std::set<std::string> seen;
    while (!IsPunct("}")) {
      if (cur_.kind != Tok::kName) {
        return Error(absl::StrCat("expected a resource attribute (release, get, put, acquire, ctype, "
                                  "align, rust_refcount, foreign, origin) or '}', found ", Describe(cur_)));
      }
      const std::string attr = cur_.text;
      const SourceLoc attr_loc = Loc(cur_);
      if (!seen.insert(attr).second) return Error(absl::StrCat("'", attr, "' given twice in resource '", r.name, "'"));
      BF_RETURN_IF_ERROR(Advance());
      if (attr == "release") {
        BF_RETURN_IF_ERROR(ExpectName(&r.release, "the release function"));
      } else if (attr == "get") {
        BF_RETURN_IF_ERROR(ExpectName(&r.get, "the get function"));
      } else if (attr == "put") {
        BF_RETURN_IF_ERROR(ExpectName(&r.put, "the put function"));
      } else if (attr == "acquire") {
        BF_RETURN_IF_ERROR(NameList(&r.acquire, "an acquire function"));
      } else if (attr == "ctype") {
        BF_RETURN_IF_ERROR(ExpectString(&r.c_type, "the C type"));
      } else if (attr == "align") {
        SourceLoc at = Loc(cur_);
        BF_RETURN_IF_ERROR(ExpectUnsigned(&r.align, "the alignment"));
        if (r.align == 0 || (r.align & (r.align - 1)) != 0) {
          return ErrorAt(at, absl::StrCat("align ", r.align, " is not a power of two"));
        }
      } else if (attr == "rust_refcount") {
        r.rust_refcount = true;
      } else if (attr == "foreign") {
        r.foreign = true;
      } else if (attr == "origin") {
        BF_RETURN_IF_ERROR(ExpectString(&r.rust_origin, "the origin"));
      } else {
        return ErrorAt(attr_loc, absl::StrCat("unknown resource attribute '", attr, "'"));
      }
      BF_RETURN_IF_ERROR(ExpectPunct(";", absl::StrCat("after '", attr, "'")));
    }
    BF_RETURN_IF_ERROR(Advance());  // '}'
    if (!r.release.empty() && !r.put.empty()) {
      return ErrorAt(name_loc, absl::StrCat("resource '", r.name, "' has both 'release' (", r.release,
                                            ") and 'put' (", r.put,
                                            "): an owned reference ends one way"));
    }
    if (!r.get.empty() && r.put.empty()) {
      return ErrorAt(name_loc, absl::StrCat("resource '", r.name, "' has 'get' (", r.get,
                                            ") but no 'put': a reference taken could never be dropped"));
    }
    if (r.rust_refcount && (!r.get.empty() || !r.put.empty())) {
      return ErrorAt(name_loc, absl::StrCat("resource '", r.name,
                                            "' has 'rust_refcount' and a C get/put: one counter only"));
    }
    std::string name = r.name;
    spec_.resources.emplace(std::move(name), std::move(r));
    return absl::OkStatus();
  }

  absl::Status ParseFn() {
    contract::FunctionSpec f;
    f.loc = Loc(cur_);
    BF_RETURN_IF_ERROR(Advance());
    SourceLoc name_loc;
    BF_RETURN_IF_ERROR(ExpectName(&f.name, "the function name", &name_loc));
    if (auto [it, fresh] = functions_.emplace(f.name, f.loc); !fresh) {
      return ErrorAt(name_loc, absl::StrCat("duplicate function '", f.name, "' (first at ",
                                            it->second.ToString(), ")"));
    }
    BF_RETURN_IF_ERROR(ExpectPunct("(", "after the function name"));
    // Where each `len(x)` names its buffer, checked once all params are known.
    std::vector<std::pair<size_t, SourceLoc>> len_refs;
    // Where each `out borrowed R of P` names its parent.
    std::vector<std::pair<size_t, SourceLoc>> out_refs;
    std::map<std::string, size_t> by_name;
    if (!IsPunct(")")) {
      while (true) {
        ParamSpec p;
        SourceLoc len_loc;
        BF_RETURN_IF_ERROR(ParseParam(p, &len_loc));
        if (!by_name.emplace(p.name, f.params.size()).second) {
          return ErrorAt(p.loc, absl::StrCat("duplicate parameter '", p.name, "' in '", f.name, "'"));
        }
        if (p.mode == ParamMode::kLen) len_refs.emplace_back(f.params.size(), len_loc);
        if (p.mode == ParamMode::kOutBorrowed) out_refs.emplace_back(f.params.size(), len_loc);
        f.params.push_back(std::move(p));
        if (!IsPunct(",")) break;
        BF_RETURN_IF_ERROR(Advance());
      }
    }
    BF_RETURN_IF_ERROR(ExpectPunct(")", "to close the parameter list"));
    std::set<std::string> measured;
    for (const auto& [index, loc] : len_refs) {
      const std::string& of = f.params[index].len_of;
      auto it = by_name.find(of);
      const ParamSpec* buf = it == by_name.end() ? nullptr : &f.params[it->second];
      if (buf == nullptr) return ErrorAt(loc, absl::StrCat("len(", of, "): '", f.name, "' has no parameter '", of, "'"));
      if (buf->mode != ParamMode::kBufIn && buf->mode != ParamMode::kBufOut && buf->mode != ParamMode::kStrIn) {
        return ErrorAt(loc, absl::StrCat("len(", of, "): '", of, "' is a ", contract::ParamModeName(buf->mode),
                                         " parameter, not a buffer (buf_in, buf_out or str)"));
      }
      if (!measured.insert(of).second) return ErrorAt(loc, absl::StrCat("len(", of, ") given twice"));
      if (buf->fixed_len != 0) {
        return ErrorAt(loc, absl::StrCat("len(", of, "): '", of, "' has a fixed length (len ", buf->fixed_len,
                                         "): Rust passes no other"));
      }
    }
    BF_RETURN_IF_ERROR(CheckRangeArgs(f, by_name));
    for (const auto& [index, loc] : out_refs) {
      const ParamSpec& o = f.params[index];
      auto it = by_name.find(o.parent);
      const ParamSpec* par = it == by_name.end() ? nullptr : &f.params[it->second];
      if (par == nullptr) {
        return ErrorAt(loc, absl::StrCat("out borrowed ", o.resource, " of ", o.parent, ": '", f.name,
                                         "' has no parameter '", o.parent, "'"));
      }
      if (par->mode != ParamMode::kBorrowed && par->mode != ParamMode::kConsumed &&
          par->mode != ParamMode::kRetained) {
        return ErrorAt(loc, absl::StrCat("out borrowed ", o.resource, " of ", o.parent, ": '", o.parent, "' is a ",
                                         contract::ParamModeName(par->mode),
                                         " parameter, not a resource (borrowed, consumed or retained)"));
      }
    }
    BF_RETURN_IF_ERROR(ExpectPunct("->", "after the parameters (every function states its return)"));
    BF_RETURN_IF_ERROR(ParseReturn(f, by_name, f.ret));
    BF_RETURN_IF_ERROR(CheckRetry(f));
    if (IsName("origin")) {
      BF_RETURN_IF_ERROR(Advance());
      BF_RETURN_IF_ERROR(ExpectString(&f.rust_origin, "the origin"));
    }
    BF_RETURN_IF_ERROR(ExpectPunct(";", absl::StrCat("at the end of fn '", f.name, "'")));
    spec_.functions.push_back(std::move(f));
    return absl::OkStatus();
  }

  absl::Status ParseParam(ParamSpec& p, SourceLoc* len_loc) {
    BF_RETURN_IF_ERROR(ExpectName(&p.name, "a parameter name", &p.loc));
    BF_RETURN_IF_ERROR(ExpectPunct(":", absl::StrCat("after parameter '", p.name, "'")));
    Type scalar;
    if (IsScalar(&scalar)) {
      p.mode = ParamMode::kScalar;
      p.type = scalar;
      BF_RETURN_IF_ERROR(Advance());
      if (IsName("in")) {
        const SourceLoc in_loc = Loc(cur_);
        if (scalar.kind == contract::TypeKind::kBool) return Error("a bool parameter takes no range");
        BF_RETURN_IF_ERROR(Advance());
        BF_RETURN_IF_ERROR(ExpectSigned(&p.range_lo, "the range's lower bound"));
        BF_RETURN_IF_ERROR(ExpectPunct("..=", "between the range bounds"));
        BF_RETURN_IF_ERROR(ExpectSigned(&p.range_hi, "the range's upper bound"));
        if (p.range_lo > p.range_hi) {
          return ErrorAt(in_loc, absl::StrCat("empty range ", p.range_lo, "..=", p.range_hi, " (lo > hi)"));
        }
        ScalarRange r = RangeOf(scalar);
        if (p.range_lo < r.lo || p.range_hi > r.hi) {
          return ErrorAt(in_loc, absl::StrCat("range ", p.range_lo, "..=", p.range_hi, " does not fit ",
                                              scalar.spelling, " (", r.lo, "..=", r.hi, ")"));
        }
        p.has_range = true;
      } else if (IsPunct("<") || IsPunct("<=")) {
        BF_RETURN_IF_ERROR(DependentRange(p, scalar));
      }
      return absl::OkStatus();
    }
    if (cur_.kind != Tok::kName) {
      return Error(absl::StrCat("expected the type of parameter '", p.name, "', found ", Describe(cur_)));
    }
    std::string kw = cur_.text;
    SourceLoc kw_loc = Loc(cur_);
    BF_RETURN_IF_ERROR(Advance());
    if (kw == "nullable") {
      // `nullable` before a pointer type: Rust may pass NULL (None).
      p.nullable = true;
      if (cur_.kind != Tok::kName) {
        return Error(absl::StrCat("expected a pointer parameter type after 'nullable', found ", Describe(cur_)));
      }
      kw = cur_.text;
      kw_loc = Loc(cur_);
      BF_RETURN_IF_ERROR(Advance());
      if (kw == "len") return ErrorAt(kw_loc, "a length is not a pointer: 'nullable len' is not a parameter type");
      if (kw == "inout") return ErrorAt(kw_loc, "Rust always passes its length: 'nullable inout' is not a parameter type");
    }
    if (kw == "out") {
      // out owned R | out borrowed R of P: C stores an R* through the pointer.
      std::string how;
      const SourceLoc how_loc = Loc(cur_);
      BF_RETURN_IF_ERROR(ExpectName(&how, "'owned' or 'borrowed' after 'out'"));
      if (how != "owned" && how != "borrowed") {
        return ErrorAt(how_loc, absl::StrCat("expected 'owned' or 'borrowed' after 'out', found '", how, "'"));
      }
      p.mode = how == "owned" ? ParamMode::kOutOwned : ParamMode::kOutBorrowed;
      BF_RETURN_IF_ERROR(ResourceRef(&p.resource));
      if (p.mode == ParamMode::kOutBorrowed) {
        BF_RETURN_IF_ERROR(ExpectKeyword("of", "after 'out borrowed R' (the parameter the borrow comes from)"));
        BF_RETURN_IF_ERROR(ExpectName(&p.parent, "the parent parameter", len_loc));
      }
    } else if (kw == "borrowed" || kw == "consumed" || kw == "retained") {
      p.mode = kw == "borrowed" ? ParamMode::kBorrowed
               : kw == "consumed" ? ParamMode::kConsumed : ParamMode::kRetained;
      BF_RETURN_IF_ERROR(ResourceRef(&p.resource));
      if (p.mode == ParamMode::kRetained) {
        BF_RETURN_IF_ERROR(ExpectKeyword("until", "after 'retained R' (the calls that end C's hold)"));
        BF_RETURN_IF_ERROR(NameList(&p.until, "a function name", /*in_params=*/true));
      }
    } else if (kw == "buf_in" || kw == "buf_out") {
      p.mode = kw == "buf_in" ? ParamMode::kBufIn : ParamMode::kBufOut;
      BF_RETURN_IF_ERROR(FixedLen(p));
    } else if (kw == "callback" || kw == "user_data") {
      // callback NAME | user_data NAME: the closure of callback item NAME,
      // and the pointer C passes back to it (checked once all items are read).
      p.mode = kw == "callback" ? ParamMode::kCallback : ParamMode::kUserData;
      SourceLoc at = Loc(cur_);
      BF_RETURN_IF_ERROR(ExpectName(&p.callback, "the callback name"));
      callback_refs_.push_back({p.callback, at, p.mode});
    } else if (kw == "str") {
      p.mode = ParamMode::kStrIn;
    } else if (kw == "_") {
      p.mode = ParamMode::kUnknown;
    } else if (kw == "len" || kw == "inout") {
      p.mode = ParamMode::kLen;
      if (kw == "inout") {
        p.inout = true;
        BF_RETURN_IF_ERROR(ExpectKeyword("len", "after 'inout' (inout len(buf): C updates the length)"));
      }
      BF_RETURN_IF_ERROR(ExpectPunct("(", "after 'len'"));
      BF_RETURN_IF_ERROR(ExpectName(&p.len_of, "the buffer parameter", len_loc));
      BF_RETURN_IF_ERROR(ExpectPunct(")", "after the buffer parameter"));
      BF_RETURN_IF_ERROR(LenUnitAfter(true, &p.unit, &p.elem_size));
      contract::ScalarType("usize", &p.type);
      if (IsScalar(&p.type)) {
        if (p.type.kind == contract::TypeKind::kBool) return Error("a length cannot be a bool");
        BF_RETURN_IF_ERROR(Advance());
      }
      if (IsName("retry")) {
        if (!p.inout) return Error("'retry' needs an 'inout len' (C reports the units needed through it)");
        BF_RETURN_IF_ERROR(Advance());
        BF_RETURN_IF_ERROR(ExpectKeyword("on", "after 'retry' (the return value that means \"too small\")"));
        BF_RETURN_IF_ERROR(ExpectSigned(&p.retry_on, "the return value that means \"too small\""));
        p.has_retry = true;
      }
    } else {
      return ErrorAt(kw_loc, absl::StrCat("unknown parameter type '", kw,
                                "' (a scalar, borrowed, consumed, retained, out, callback, user_data, buf_in, "
                                "buf_out, str, len, inout or _)"));
    }
    return absl::OkStatus();
  }

  // ['len' INT ['bytes' | 'elems' INT]] after buf_in / buf_out: a fixed-size
  // array Rust passes (`[u8; N]`).
  absl::Status FixedLen(ParamSpec& p) {
    if (!IsName("len")) return absl::OkStatus();
    BF_RETURN_IF_ERROR(Advance());
    const SourceLoc at = Loc(cur_);
    BF_RETURN_IF_ERROR(ExpectUnsigned(&p.fixed_len, "the fixed length (units of the array)"));
    if (p.fixed_len == 0) return ErrorAt(at, "fixed length 0 (Rust passes at least one unit)");
    return LenUnitAfter(false, &p.unit, &p.elem_size);
  }

  // ('<' | '<=') NAME '(' [NAME (',' NAME)*] ')' after a scalar: the value
  // lies below (or up to) what a spec function returns for parameters of
  // this function. The function is checked at the end (it may come later).
  absl::Status DependentRange(ParamSpec& p, const Type& scalar) {
    if (scalar.kind == contract::TypeKind::kBool) return Error("a bool parameter takes no range");
    p.range_inclusive = IsPunct("<=");
    BF_RETURN_IF_ERROR(Advance());
    SourceLoc fn_loc;
    BF_RETURN_IF_ERROR(ExpectName(&p.range_fn, "the function that bounds the value", &fn_loc));
    fn_refs_.emplace_back(p.range_fn, fn_loc);
    BF_RETURN_IF_ERROR(ExpectPunct("(", "after the bounding function (its arguments: parameter names)"));
    if (!IsPunct(")")) BF_RETURN_IF_ERROR(NameList(&p.range_args, "a parameter name"));
    BF_RETURN_IF_ERROR(ExpectPunct(")", "after the bounding function's arguments"));
    return absl::OkStatus();
  }

  // ('bytes' | 'elems' INT); optional when `required` is false.
  absl::Status LenUnitAfter(bool required, LenUnit* unit, uint64_t* elem_size) {
    if (IsName("bytes")) {
      *unit = LenUnit::kBytes;
      *elem_size = 1;
      return Advance();
    }
    if (IsName("elems")) {
      *unit = LenUnit::kElements;
      BF_RETURN_IF_ERROR(Advance());
      SourceLoc at = Loc(cur_);
      BF_RETURN_IF_ERROR(ExpectUnsigned(elem_size, "the element size in bytes"));
      if (*elem_size == 0) return ErrorAt(at, "element size 0");
      return absl::OkStatus();
    }
    if (required) return Error(absl::StrCat("expected 'bytes' or 'elems N', found ", Describe(cur_)));
    return absl::OkStatus();
  }

  using ParamIndex = std::map<std::string, size_t>;

  absl::Status Window(const contract::FunctionSpec& f, const ParamIndex& params, ReturnSpec& r) {
    if (IsName("of")) {
      BF_RETURN_IF_ERROR(Advance());
      SourceLoc at;
      BF_RETURN_IF_ERROR(ExpectName(&r.window.parent, "the parameter the borrow comes from", &at));
      auto it = params.find(r.window.parent);
      const ParamSpec* p = it == params.end() ? nullptr : &f.params[it->second];
      if (p == nullptr) {
        return ErrorAt(at, absl::StrCat("window 'of ", r.window.parent, "': '", f.name, "' has no parameter '",
                                        r.window.parent, "'"));
      }
      if (p->mode != ParamMode::kBorrowed && p->mode != ParamMode::kConsumed && p->mode != ParamMode::kRetained) {
        return ErrorAt(at, absl::StrCat("window 'of ", r.window.parent, "': '", r.window.parent, "' is a ",
                                        contract::ParamModeName(p->mode),
                                        " parameter, not a resource (borrowed, consumed or retained)"));
      }
    }
    if (IsName("until")) {
      BF_RETURN_IF_ERROR(Advance());
      BF_RETURN_IF_ERROR(NameList(&r.window.closed_by, "a function name"));
    }
    return absl::OkStatus();
  }

  absl::Status ParseReturn(const contract::FunctionSpec& f, const ParamIndex& params, ReturnSpec& r) {
    r.loc = Loc(cur_);
    Type scalar;
    if (IsScalar(&scalar)) {
      r.kind = ReturnKind::kScalar;
      r.type = scalar;
      BF_RETURN_IF_ERROR(Advance());
      if (IsName("written")) {
        // SCALAR written(buf): the count of units C wrote into `buf`.
        BF_RETURN_IF_ERROR(Advance());
        if (scalar.kind == contract::TypeKind::kBool) return Error("a bool cannot count what C wrote");
        BF_RETURN_IF_ERROR(ExpectPunct("(", "after 'written'"));
        SourceLoc at;
        BF_RETURN_IF_ERROR(ExpectName(&r.written_of, "the buf_out parameter", &at));
        BF_RETURN_IF_ERROR(ExpectPunct(")", "after the buffer parameter"));
        auto it = params.find(r.written_of);
        if (it == params.end()) {
          return ErrorAt(at, absl::StrCat("written(", r.written_of, "): '", f.name, "' has no parameter '",
                                          r.written_of, "'"));
        }
        if (f.params[it->second].mode != ParamMode::kBufOut) {
          return ErrorAt(at, absl::StrCat("written(", r.written_of, "): '", r.written_of, "' is a ",
                                          contract::ParamModeName(f.params[it->second].mode),
                                          " parameter, not buf_out"));
        }
      }
      return absl::OkStatus();
    }
    if (cur_.kind != Tok::kName) return Error(absl::StrCat("expected the return type, found ", Describe(cur_)));
    const std::string kw = cur_.text;
    BF_RETURN_IF_ERROR(Advance());
    if (kw == "void") {
      r.kind = ReturnKind::kVoid;
    } else if (kw == "owned") {
      r.kind = ReturnKind::kOwned;
      BF_RETURN_IF_ERROR(ResourceRef(&r.resource));
      BF_RETURN_IF_ERROR(NullabilityChecked(r));
    } else if (kw == "borrowed") {
      r.kind = ReturnKind::kBorrowed;
      BF_RETURN_IF_ERROR(ResourceRef(&r.resource));
      BF_RETURN_IF_ERROR(NullabilityChecked(r));
      BF_RETURN_IF_ERROR(Window(f, params, r));
    } else if (kw == "ptr") {
      r.kind = ReturnKind::kPtr;
      BF_RETURN_IF_ERROR(NullabilityChecked(r));
      BF_RETURN_IF_ERROR(Window(f, params, r));
    } else if (kw == "str") {
      r.kind = ReturnKind::kStr;
      BF_RETURN_IF_ERROR(NullabilityChecked(r));
      BF_RETURN_IF_ERROR(Window(f, params, r));
      if (IsName("len")) {
        BF_RETURN_IF_ERROR(Advance());
        BF_RETURN_IF_ERROR(ExpectName(&r.len_fn, "the length function"));
      }
      if (IsName("nul")) {
        r.nul_terminated = true;
        BF_RETURN_IF_ERROR(Advance());
      }
    } else if (kw == "buf") {
      r.kind = ReturnKind::kBuf;
      BF_RETURN_IF_ERROR(NullabilityChecked(r));
      BF_RETURN_IF_ERROR(Window(f, params, r));
      BF_RETURN_IF_ERROR(ExpectKeyword("len", "after 'buf' (the function that gives its length)"));
      BF_RETURN_IF_ERROR(ExpectName(&r.len_fn, "the length function"));
      BF_RETURN_IF_ERROR(LenUnitAfter(false, &r.len_unit, &r.len_elem_size));
    } else {
      return ErrorAt(r.loc, absl::StrCat("unknown return type '", kw,
                                         "' (void, a scalar, owned, borrowed, str, buf or ptr)"));
    }
    return absl::OkStatus();
  }

  // The parameters a dependent range (`i: u32 < count(h)`) passes to its
  // bounding function: other parameters of the function, objects or scalars.
  absl::Status CheckRangeArgs(const contract::FunctionSpec& f, const ParamIndex& params) const {
    for (const ParamSpec& p : f.params) {
      for (const std::string& a : p.range_args) {
        auto it = params.find(a);
        const ParamSpec* arg = it == params.end() ? nullptr : &f.params[it->second];
        const std::string what = absl::StrCat("range of '", p.name, "' (", p.range_fn, "(", a, "))");
        if (arg == nullptr) return ErrorAt(p.loc, absl::StrCat(what, ": '", f.name, "' has no parameter '", a, "'"));
        if (arg == &p) return ErrorAt(p.loc, absl::StrCat(what, ": a value cannot bound itself"));
        if (arg->nullable) return ErrorAt(p.loc, absl::StrCat(what, ": '", a, "' is nullable (Rust has no object to ask)"));
        if (arg->mode != ParamMode::kBorrowed && arg->mode != ParamMode::kConsumed &&
            arg->mode != ParamMode::kRetained && arg->mode != ParamMode::kScalar) {
          return ErrorAt(p.loc, absl::StrCat(what, ": '", a, "' is a ", contract::ParamModeName(arg->mode),
                                             " parameter, not a resource or a scalar"));
        }
      }
    }
    return absl::OkStatus();
  }

  // `inout len(b) .. retry on V`: V is a value of the function's integer
  // return.
  absl::Status CheckRetry(const contract::FunctionSpec& f) const {
    for (const ParamSpec& p : f.params) {
      if (!p.has_retry) continue;
      if (f.ret.kind != ReturnKind::kScalar || f.ret.type.kind == contract::TypeKind::kBool) {
        return ErrorAt(p.loc, absl::StrCat("'", p.name, "': 'retry on ", p.retry_on, "' needs an integer return (",
                                           "the value that says \"too small\"), '", f.name, "' returns ",
                                           contract::ReturnKindName(f.ret.kind)));
      }
      ScalarRange r = RangeOf(f.ret.type);
      if (p.retry_on < r.lo || p.retry_on > r.hi) {
        return ErrorAt(p.loc, absl::StrCat("'", p.name, "': 'retry on ", p.retry_on, "' is not a value of ",
                                           f.ret.type.spelling, " (", r.lo, "..=", r.hi, ")"));
      }
    }
    return absl::OkStatus();
  }

  // [null]: a nullability keyword, if present.
  absl::Status NullabilityChecked(ReturnSpec& r) {
    static constexpr contract::Nullability kAll[] = {Nullability::kNonNull, Nullability::kNullable,
                                                     Nullability::kErrPtr, Nullability::kErrPtrOrNull};
    for (contract::Nullability n : kAll) {
      if (IsName(contract::NullabilityName(n))) {
        r.nullability = n;
        return Advance();
      }
    }
    return absl::OkStatus();
  }

  absl::Status ParseCallback() {
    contract::CallbackSpec c;
    c.loc = Loc(cur_);
    BF_RETURN_IF_ERROR(Advance());
    SourceLoc name_loc;
    BF_RETURN_IF_ERROR(ExpectName(&c.name, "the callback name", &name_loc));
    if (auto [it, fresh] = callbacks_.emplace(c.name, c.loc); !fresh) {
      return ErrorAt(name_loc, absl::StrCat("duplicate callback '", c.name, "' (first at ",
                                            it->second.ToString(), ")"));
    }
    if (IsPunct("(")) BF_RETURN_IF_ERROR(CallbackSignature(c));
    BF_RETURN_IF_ERROR(ExpectKeyword("registered_by", "after the callback name"));
    BF_RETURN_IF_ERROR(ExpectName(&c.registered_by, "the registering function"));
    if (IsName("runs_during")) {
      BF_RETURN_IF_ERROR(Advance());
      BF_RETURN_IF_ERROR(NameList(&c.runs_during, "a function name"));
    }
    if (IsName("unregistered_by")) {
      BF_RETURN_IF_ERROR(Advance());
      BF_RETURN_IF_ERROR(ExpectName(&c.unregistered_by, "the unregistering function"));
    }
    BF_RETURN_IF_ERROR(ExpectPunct(";", absl::StrCat("at the end of callback '", c.name, "'")));
    spec_.callbacks.push_back(std::move(c));
    return absl::OkStatus();
  }

  // 'reset' NAME ';' (at most once)
  absl::Status ParseReset() {
    const SourceLoc at = Loc(cur_);
    if (!spec_.reset.empty()) {
      return Error(absl::StrCat("duplicate 'reset' (first at ", spec_.reset_loc.ToString(), ")"));
    }
    BF_RETURN_IF_ERROR(Advance());
    BF_RETURN_IF_ERROR(ExpectName(&spec_.reset, "the reset function"));
    spec_.reset_loc = at;
    return ExpectPunct(";", "at the end of 'reset'");
  }

  // '(' [cbparam (',' cbparam)*] ')' '->' ('void' | SCALAR): the closure's
  // parameters as C passes them, and what it returns.
  absl::Status CallbackSignature(contract::CallbackSpec& c) {
    using contract::CallbackArgMode;
    c.has_signature = true;
    BF_RETURN_IF_ERROR(Advance());  // '('
    std::set<std::string> names;
    const contract::CallbackArgSpec* user_data = nullptr;
    while (!IsPunct(")")) {
      if (!c.params.empty()) BF_RETURN_IF_ERROR(ExpectPunct(",", "between callback parameters"));
      contract::CallbackArgSpec a;
      BF_RETURN_IF_ERROR(ExpectName(&a.name, "a callback parameter name", &a.loc));
      if (!names.insert(a.name).second) {
        return ErrorAt(a.loc, absl::StrCat("duplicate parameter '", a.name, "' in callback '", c.name, "'"));
      }
      BF_RETURN_IF_ERROR(ExpectPunct(":", absl::StrCat("after callback parameter '", a.name, "'")));
      Type scalar;
      const SourceLoc kw_loc = Loc(cur_);
      if (IsScalar(&scalar)) {
        a.mode = CallbackArgMode::kScalar;
        a.type = scalar;
        BF_RETURN_IF_ERROR(Advance());
      } else if (IsName("borrowed") || IsName("owned")) {
        a.mode = IsName("owned") ? CallbackArgMode::kOwned : CallbackArgMode::kBorrowed;
        BF_RETURN_IF_ERROR(Advance());
        BF_RETURN_IF_ERROR(ResourceRef(&a.resource));
        if (a.mode == CallbackArgMode::kBorrowed && IsName("kept")) {
          a.mode = CallbackArgMode::kKept;
          BF_RETURN_IF_ERROR(Advance());
        }
      } else if (IsName("user_data")) {
        if (user_data != nullptr) {
          return ErrorAt(kw_loc, absl::StrCat("callback '", c.name, "' has two user_data parameters (first: '",
                                              user_data->name, "')"));
        }
        a.mode = CallbackArgMode::kUserData;
        BF_RETURN_IF_ERROR(Advance());
      } else {
        return Error(absl::StrCat("expected the type of callback parameter '", a.name,
                                  "' (a scalar, borrowed R [kept], owned R or user_data), found ", Describe(cur_)));
      }
      c.params.push_back(std::move(a));
      if (c.params.back().mode == CallbackArgMode::kUserData) user_data = &c.params.back();
      if (c.params.size() > 16) return ErrorAt(c.params.back().loc, "a callback has at most 16 parameters");
    }
    BF_RETURN_IF_ERROR(Advance());  // ')'
    BF_RETURN_IF_ERROR(ExpectPunct("->", "after the callback parameters (a callback states its return)"));
    Type scalar;
    if (IsScalar(&scalar)) {
      c.ret = scalar;
    } else if (!IsName("void")) {
      return Error(absl::StrCat("expected the callback's return type (void or a scalar), found ", Describe(cur_)));
    }
    return Advance();
  }

  // `callback X` / `user_data X` parameters name a callback with a
  // signature that the function registers; a callback with a signature is
  // passed by exactly one `callback` parameter of its registering function,
  // which also passes its user_data when the closure takes one.
  absl::Status CheckCallbacks() {
    std::map<std::string, const contract::CallbackSpec*> by_name;
    for (const contract::CallbackSpec& c : spec_.callbacks) by_name[c.name] = &c;
    for (const CallbackRef& ref : callback_refs_) {
      auto it = by_name.find(ref.name);
      if (it == by_name.end()) {
        return ErrorAt(ref.loc, absl::StrCat("unknown callback '", ref.name, "' (declare it with 'callback ",
                                             ref.name, "(...) -> ... registered_by ...;')"));
      }
      if (!it->second->has_signature) {
        return ErrorAt(ref.loc, absl::StrCat("callback '", ref.name,
                                             "' states no signature ('callback ", ref.name,
                                             "(params) -> ret ...'): the fuzzer cannot provide it"));
      }
    }
    for (const contract::CallbackSpec& c : spec_.callbacks) {
      if (!c.has_signature) continue;
      const contract::FunctionSpec* reg = nullptr;
      for (const contract::FunctionSpec& f : spec_.functions)
        if (f.name == c.registered_by) reg = &f;
      if (reg == nullptr) {
        return ErrorAt(c.loc, absl::StrCat("callback '", c.name, "': registered_by '", c.registered_by,
                                           "' is not a fn of the spec (it must pass the callback in a 'callback ",
                                           c.name, "' parameter)"));
      }
      int n_cb = 0, n_ud = 0;
      for (const ParamSpec& p : reg->params) {
        if (p.callback != c.name) continue;
        n_cb += p.mode == ParamMode::kCallback;
        n_ud += p.mode == ParamMode::kUserData;
      }
      bool wants_ud = false;
      for (const contract::CallbackArgSpec& a : c.params) wants_ud |= a.mode == contract::CallbackArgMode::kUserData;
      if (n_cb != 1 || n_ud > 1 || (wants_ud && n_ud == 0)) {
        return ErrorAt(c.loc, absl::StrCat("callback '", c.name, "': fn '", c.registered_by, "' must have one 'callback ",
                                           c.name, "' parameter", wants_ud ? " and one 'user_data " + c.name + "'" : "",
                                           " (it has ", n_cb, " and ", n_ud, " user_data)"));
      }
    }
    for (const contract::FunctionSpec& f : spec_.functions) {
      for (const ParamSpec& p : f.params) {
        if (p.mode != ParamMode::kCallback && p.mode != ParamMode::kUserData) continue;
        const contract::CallbackSpec& c = *by_name[p.callback];
        if (c.registered_by != f.name) {
          return ErrorAt(p.loc, absl::StrCat("fn '", f.name, "' passes callback '", c.name, "', which is registered_by '",
                                             c.registered_by, "'"));
        }
      }
    }
    return absl::OkStatus();
  }

  // 'note' ['info' | 'warning'] [STRING] STRING ['at' STRING] ';'
  absl::Status ParseNote() {
    Note n;
    n.loc = Loc(cur_);
    BF_RETURN_IF_ERROR(Advance());
    if (IsName("warning")) {
      n.level = Note::Level::kWarning;
      BF_RETURN_IF_ERROR(Advance());
    } else if (IsName("info")) {
      BF_RETURN_IF_ERROR(Advance());
    }
    BF_RETURN_IF_ERROR(ExpectString(&n.message, "the note's message"));
    if (cur_.kind == Tok::kString) {
      n.item = std::move(n.message);
      n.message = cur_.text;
      BF_RETURN_IF_ERROR(Advance());
    }
    if (IsName("at")) {
      BF_RETURN_IF_ERROR(Advance());
      const SourceLoc at = Loc(cur_);
      std::string where;
      BF_RETURN_IF_ERROR(ExpectString(&where, "the location"));
      if (!ParseLocString(where, &n.loc)) return ErrorAt(at, "empty location (\"file[:line[:col]]\")");
    }
    BF_RETURN_IF_ERROR(ExpectPunct(";", "at the end of the note"));
    spec_.notes.push_back(std::move(n));
    return absl::OkStatus();
  }

  // "file:line:col", "file:line" or "file"; line and col are 1-based
  // uint32 numbers, anything else stays part of the file name.
  static bool ParseLocString(const std::string& s, SourceLoc* loc) {
    auto number = [](absl::string_view d, uint32_t* out) {
      if (d.empty() || d.size() > 10) return false;
      uint64_t v = 0;
      for (char c : d) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<uint64_t>(c - '0');
      }
      if (v == 0 || v > UINT32_MAX) return false;
      *out = static_cast<uint32_t>(v);
      return true;
    };
    absl::string_view v(s);
    size_t c2 = v.rfind(':');
    if (c2 != absl::string_view::npos && c2 > 0) {
      size_t c1 = v.rfind(':', c2 - 1);
      uint32_t line = 0, col = 0;
      if (c1 != absl::string_view::npos && c1 > 0 && number(v.substr(c1 + 1, c2 - c1 - 1), &line) &&
          number(v.substr(c2 + 1), &col)) {
        *loc = {.file = std::string(v.substr(0, c1)), .line = line, .column = col};
        return true;
      }
      if (number(v.substr(c2 + 1), &line)) {
        *loc = {.file = std::string(v.substr(0, c2)), .line = line};
        return true;
      }
    }
    if (s.empty()) return false;
    *loc = {.file = s};
    return true;
  }

  Lexer lex_;
  const std::string& file_;
  Token cur_;
  std::vector<Token> ahead_;
  OwnershipSpec spec_;
  std::map<std::string, SourceLoc> functions_;
  std::map<std::string, SourceLoc> callbacks_;
  std::vector<std::pair<std::string, SourceLoc>> resource_refs_;
  std::vector<std::pair<std::string, SourceLoc>> fn_refs_;  // bounding functions of ranges
  struct CallbackRef {
    std::string name;
    SourceLoc loc;
    ParamMode mode;
  };
  std::vector<CallbackRef> callback_refs_;
};

// -------------------------------------------------------------- printing --

std::string Quote(absl::string_view s) {
  std::string out = "\"";
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c == '\n') {
      out += "\\n";
      ++i;
    } else if (c == '\t') {
      out += "\\t";
      ++i;
    } else if (c == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD: spec strings hold no NUL
      ++i;
    } else if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      // Copy one valid UTF-8 sequence, or U+FFFD for an invalid byte.
      size_t bad = FindInvalidUtf8(std::string_view(s.data() + i, std::min<size_t>(4, s.size() - i)));
      size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      if (len != 0 && i + len <= s.size() && (bad == std::string::npos || bad >= len)) {
        out.append(s.data() + i, len);
        i += len;
      } else {
        out += "\xEF\xBF\xBD";
        ++i;
      }
    }
  }
  return out + "\"";
}

std::string Loc(const SourceLoc& loc) {
  std::string out = loc.file;
  if (loc.line) {
    absl::StrAppend(&out, ":", loc.line);
    if (loc.column) absl::StrAppend(&out, ":", loc.column);
  }
  return out;
}

std::string Null(Nullability n) {
  return n == Nullability::kNonNull ? "" : absl::StrCat(" ", contract::NullabilityName(n));
}

std::string Window(const contract::BorrowWindow& w) {
  std::string out;
  if (!w.parent.empty()) absl::StrAppend(&out, " of ", w.parent);
  if (!w.closed_by.empty()) absl::StrAppend(&out, " until ", absl::StrJoin(w.closed_by, ", "));
  return out;
}

std::string Unit(LenUnit u, uint64_t elem_size) {
  return u == LenUnit::kElements ? absl::StrCat("elems ", elem_size) : "bytes";
}

std::string ParamText(const ParamSpec& p) {
  std::string t;
  switch (p.mode) {
    case ParamMode::kScalar:
      t = contract::ScalarSpelling(p.type);
      if (p.has_range) absl::StrAppend(&t, " in ", p.range_lo, "..=", p.range_hi);
      if (!p.range_fn.empty()) {
        absl::StrAppend(&t, p.range_inclusive ? " <= " : " < ", p.range_fn, "(", absl::StrJoin(p.range_args, ", "),
                        ")");
      }
      break;
    case ParamMode::kBorrowed: t = "borrowed " + p.resource; break;
    case ParamMode::kConsumed: t = "consumed " + p.resource; break;
    case ParamMode::kRetained:
      t = absl::StrCat("retained ", p.resource, " until ", absl::StrJoin(p.until, ", "));
      break;
    case ParamMode::kBufIn:
    case ParamMode::kBufOut:
      t = p.mode == ParamMode::kBufIn ? "buf_in" : "buf_out";
      if (p.fixed_len != 0) {
        absl::StrAppend(&t, " len ", p.fixed_len);
        if (p.unit == LenUnit::kElements) absl::StrAppend(&t, " ", Unit(p.unit, p.elem_size));
      }
      break;
    case ParamMode::kStrIn: t = "str"; break;
    case ParamMode::kUnknown: t = "_"; break;
    case ParamMode::kOutOwned: t = "out owned " + p.resource; break;
    case ParamMode::kOutBorrowed: t = absl::StrCat("out borrowed ", p.resource, " of ", p.parent); break;
    case ParamMode::kCallback: t = "callback " + p.callback; break;
    case ParamMode::kUserData: t = "user_data " + p.callback; break;
    case ParamMode::kLen: {
      t = absl::StrCat(p.inout ? "inout " : "", "len(", p.len_of, ") ", Unit(p.unit, p.elem_size));
      std::string ty = contract::ScalarSpelling(p.type);
      if (!ty.empty() && ty != "usize") absl::StrAppend(&t, " ", ty);
      if (p.has_retry) absl::StrAppend(&t, " retry on ", p.retry_on);
      break;
    }
  }
  return absl::StrCat(p.name, ": ", p.nullable ? "nullable " : "", t);
}

std::string ReturnText(const ReturnSpec& r) {
  switch (r.kind) {
    case ReturnKind::kVoid: return "void";
    case ReturnKind::kScalar:
      return contract::ScalarSpelling(r.type) + (r.written_of.empty() ? "" : " written(" + r.written_of + ")");
    case ReturnKind::kOwned: return absl::StrCat("owned ", r.resource, Null(r.nullability));
    case ReturnKind::kBorrowed:
      return absl::StrCat("borrowed ", r.resource, Null(r.nullability), Window(r.window));
    case ReturnKind::kPtr: return absl::StrCat("ptr", Null(r.nullability), Window(r.window));
    case ReturnKind::kStr:
      return absl::StrCat("str", Null(r.nullability), Window(r.window),
                          r.len_fn.empty() ? "" : " len " + r.len_fn, r.nul_terminated ? " nul" : "");
    case ReturnKind::kBuf: {
      std::string out = absl::StrCat("buf", Null(r.nullability), Window(r.window), " len ", r.len_fn);
      if (r.len_unit == LenUnit::kElements) absl::StrAppend(&out, " ", Unit(r.len_unit, r.len_elem_size));
      return out;
    }
  }
  return "void";
}

}  // namespace

bool IsSpecName(absl::string_view name) {
  if (name.empty() || !IsNameStart(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!IsNameChar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::StatusOr<OwnershipSpec> ParseOwnershipSpec(absl::string_view text, const std::string& file) {
  if (text.size() > kMaxSpecBytes) {
    return absl::InvalidArgumentError(absl::StrCat(file, ": spec is ", text.size(), " bytes, over the ",
                                                   kMaxSpecBytes >> 20, " MiB limit"));
  }
  if (size_t bad = FindInvalidUtf8(std::string_view(text.data(), text.size())); bad != std::string::npos) {
    LineCol lc = OffsetToLineCol(std::string_view(text.data(), text.size()), bad);
    return absl::InvalidArgumentError(absl::StrCat(file, ":", lc.line, ":", lc.column, ": invalid UTF-8"));
  }
  return Parser(text, file).Parse();
}

std::string OwnershipSpecToText(const OwnershipSpec& spec) {
  std::string out;
  if (!spec.reset.empty()) absl::StrAppend(&out, "reset ", spec.reset, ";\n\n");
  for (const auto& [name, r] : spec.resources) {
    std::vector<std::string> attrs;
    if (!r.c_type.empty()) attrs.push_back("ctype " + Quote(r.c_type));
    if (!r.release.empty()) attrs.push_back("release " + r.release);
    if (!r.get.empty()) attrs.push_back("get " + r.get);
    if (!r.put.empty()) attrs.push_back("put " + r.put);
    if (!r.acquire.empty()) attrs.push_back("acquire " + absl::StrJoin(r.acquire, ", "));
    if (r.align) attrs.push_back(absl::StrCat("align ", r.align));
    if (r.rust_refcount) attrs.push_back("rust_refcount");
    if (r.foreign) attrs.push_back("foreign");
    if (!r.rust_origin.empty()) attrs.push_back("origin " + Quote(r.rust_origin));
    if (attrs.empty()) {
      absl::StrAppend(&out, "resource ", r.name, " {}\n");
    } else {
      absl::StrAppend(&out, "resource ", r.name, " {\n");
      for (const std::string& a : attrs) absl::StrAppend(&out, "  ", a, ";\n");
      out += "}\n";
    }
  }
  if (!spec.resources.empty() && !spec.functions.empty()) out += "\n";
  for (const contract::FunctionSpec& f : spec.functions) {
    std::vector<std::string> params;
    for (const ParamSpec& p : f.params) params.push_back(ParamText(p));
    absl::StrAppend(&out, "fn ", f.name, "(", absl::StrJoin(params, ", "), ") -> ", ReturnText(f.ret),
                    f.rust_origin.empty() ? "" : " origin " + Quote(f.rust_origin), ";\n");
  }
  if ((!spec.resources.empty() || !spec.functions.empty()) && !spec.callbacks.empty()) out += "\n";
  for (const contract::CallbackSpec& c : spec.callbacks) {
    absl::StrAppend(&out, "callback ", c.name);
    if (c.has_signature) {
      std::vector<std::string> ps;
      for (const contract::CallbackArgSpec& a : c.params) {
        switch (a.mode) {
          case contract::CallbackArgMode::kScalar: ps.push_back(a.name + ": " + contract::ScalarSpelling(a.type)); break;
          case contract::CallbackArgMode::kBorrowed: ps.push_back(a.name + ": borrowed " + a.resource); break;
          case contract::CallbackArgMode::kKept: ps.push_back(a.name + ": borrowed " + a.resource + " kept"); break;
          case contract::CallbackArgMode::kOwned: ps.push_back(a.name + ": owned " + a.resource); break;
          case contract::CallbackArgMode::kUserData: ps.push_back(a.name + ": user_data"); break;
        }
      }
      const std::string ret = contract::ScalarSpelling(c.ret);
      absl::StrAppend(&out, "(", absl::StrJoin(ps, ", "), ") -> ", ret.empty() ? "void" : ret);
    }
    absl::StrAppend(&out, " registered_by ", c.registered_by);
    if (!c.runs_during.empty()) absl::StrAppend(&out, " runs_during ", absl::StrJoin(c.runs_during, ", "));
    if (!c.unregistered_by.empty()) absl::StrAppend(&out, " unregistered_by ", c.unregistered_by);
    out += ";\n";
  }
  if ((!spec.resources.empty() || !spec.functions.empty() || !spec.callbacks.empty()) && !spec.notes.empty()) {
    out += "\n";
  }
  for (const Note& n : spec.notes) {
    absl::StrAppend(&out, "note", n.level == Note::Level::kWarning ? " warning" : "",
                    n.item.empty() ? "" : " " + Quote(n.item), " ", Quote(n.message));
    if (!n.loc.file.empty()) absl::StrAppend(&out, " at ", Quote(Loc(n.loc)));
    out += ";\n";
  }
  return out;
}

}  // namespace bindfuzz::spec
