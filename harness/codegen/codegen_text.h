// Text of generated code, and the only ways a name or path from the inputs
// (contracts, specs, options) may enter it.
//
// Generators build their output as `Code`, which can be made only from
//   - string literals of the generator itself (`"void bf_c_"`),
//   - integers,
//   - the types below, whose constructors validate or escape:
//       CIdent       a C identifier, checked (IsSafeCIdentifier)
//       CStringLit   any bytes as an escaped C/C++ string literal
//       IncludePath  a path that can stand inside `#include "..."`, checked
//       ShWord       any bytes as one single-quoted sh word
//       TargetName   a target base name [a-z0-9_]{1,64}, checked
// and never from a std::string, so input text cannot be concatenated in
// unescaped: `Append(&out, record.name)` does not compile.
//
//   absl::StatusOr<CIdent> f = CIdent::Make(field.name);    // or a note
//   Code out;
//   Append(&out, "_Static_assert(sizeof(((", type, "*)0)->", *f, ") == ", 4, "u, ",
//          CStringLit("bindfuzz: wrong size"), ");\n");
//   std::string text = std::move(out).str();
#ifndef BINDFUZZ_HARNESS_CODEGEN_CODEGEN_TEXT_H_
#define BINDFUZZ_HARNESS_CODEGEN_CODEGEN_TEXT_H_

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace bindfuzz::codegen {

// Body of a C/C++ string literal (no surrounding quotes) whose value is the
// bytes of `s`: printable ASCII as is except `"` `\` `?` (no trigraph can
// form), the usual short escapes for \n \t \r, every other byte as a 3-digit
// octal escape. The result is printable ASCII only, and every escape in it
// is complete (it never ends in an unpaired backslash).
std::string EscapeCString(absl::string_view s);

// `"` + EscapeCString(s) + `"`, for error messages and notes. Generated
// code takes a CStringLit instead.
std::string Quoted(absl::string_view s);

// True when `s` can be pasted as a C identifier: [A-Za-z_][A-Za-z0-9_]*, at
// most 255 characters, and not a C, C++-only-literal or GNU keyword.
bool IsSafeCIdentifier(absl::string_view s);

// A target base name: [a-z0-9_]{1,64}.
bool IsSafeBaseName(absl::string_view s);

// Printable ASCII without `"` and `\` (and without spaces unless allowed),
// non-empty: safe inside `#include "..."`, where no escape exists.
bool IsPlainPrintable(absl::string_view s, bool allow_space);

class Code;

// A C identifier from the inputs, checked by IsSafeCIdentifier.
class CIdent {
 public:
  // InvalidArgument (naming `what`) when `s` is not a safe identifier.
  static absl::StatusOr<CIdent> Make(absl::string_view s, absl::string_view what = "name");
  const std::string& name() const { return text_; }

 private:
  explicit CIdent(std::string s) : text_(std::move(s)) {}
  std::string text_;
};

// Any bytes as a C/C++ string literal (EscapeCString). As Code it is the
// quoted literal; Body() is the escaped text alone, to extend a literal of
// the generator's (`"bindfuzz: sizeof(", lit.Body(), ") is not 8"`).
class CStringLit {
 public:
  explicit CStringLit(absl::string_view raw) : body_(EscapeCString(raw)) {}
  Code Body() const;

 private:
  friend class Code;
  std::string body_;
};

// A path for `#include "..."` (IsPlainPrintable with spaces). As Code it is
// the path between double quotes.
class IncludePath {
 public:
  static absl::StatusOr<IncludePath> Make(absl::string_view path);

 private:
  friend class Code;
  explicit IncludePath(std::string s) : path_(std::move(s)) {}
  std::string path_;
};

// Any bytes as one sh word, single-quoted ('\'' for a quote). Control
// characters are the caller's to reject (they would survive quoting).
class ShWord {
 public:
  explicit ShWord(absl::string_view raw);

 private:
  friend class Code;
  std::string quoted_;
};

// A target base name (IsSafeBaseName): part of file names and sh words.
class TargetName {
 public:
  static absl::StatusOr<TargetName> Make(absl::string_view s);
  const std::string& name() const { return text_; }

 private:
  explicit TargetName(std::string s) : text_(std::move(s)) {}
  std::string text_;
};

// Generated text. See the header comment for what it can be made from.
class Code {
 public:
  Code() = default;
  // A string literal of the generator (implicit on purpose: the common case).
  template <size_t N>
  Code(const char (&literal)[N]) : text_(literal, N - 1) {}  // NOLINT(google-explicit-constructor)
  template <typename T>
    requires std::integral<T> && (!std::same_as<T, bool>) && (!std::same_as<T, char>)
  Code(T v) : text_(absl::StrCat(v)) {}  // NOLINT(google-explicit-constructor)
  Code(const CIdent& id) : text_(id.name()) {}  // NOLINT(google-explicit-constructor)
  Code(const CStringLit& lit) : text_(absl::StrCat("\"", lit.body_, "\"")) {}  // NOLINT
  Code(const IncludePath& p) : text_(absl::StrCat("\"", p.path_, "\"")) {}  // NOLINT
  Code(const ShWord& w) : text_(w.quoted_) {}  // NOLINT(google-explicit-constructor)
  Code(const TargetName& n) : text_(n.name()) {}  // NOLINT(google-explicit-constructor)

  // prefix v suffix: Int64(-3, "", "LL") is `-3LL`, Int64(5, "INT64_C(", ")")
  // `INT64_C(5)`. INT64_MIN has no literal of its own in C or C++: it is
  // `(-` prefix 9223372036854775807 suffix ` - 1)`.
  static Code Int64(int64_t v, const char* prefix, const char* suffix);
  // `\xNN` for 0 <= v < 256 (in a dictionary entry).
  static Code HexByte(unsigned v);

  Code& operator+=(const Code& c) {
    text_ += c.text_;
    return *this;
  }
  bool empty() const { return text_.empty(); }
  const std::string& str() const& { return text_; }
  std::string str() && { return std::move(text_); }
  bool operator==(const Code& o) const = default;

 private:
  struct Trusted {};
  Code(Trusted, std::string s) : text_(std::move(s)) {}
  friend class CStringLit;
  std::string text_;
};

template <typename... Args>
void Append(Code* out, const Args&... args) {
  (*out += ... += Code(args));
}

template <typename... Args>
Code Cat(const Args&... args) {
  Code out;
  Append(&out, args...);
  return out;
}

// `parts` separated by `sep`.
Code Join(const std::vector<Code>& parts, const Code& sep);

}  // namespace bindfuzz::codegen

#endif  // BINDFUZZ_HARNESS_CODEGEN_CODEGEN_TEXT_H_
