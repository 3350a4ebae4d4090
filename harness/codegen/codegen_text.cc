// Text of generated code: see codegen_text.h.
#include "harness/codegen/codegen_text.h"

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace bindfuzz::codegen {

std::string EscapeCString(absl::string_view s) {
  static const char kOct[] = "01234567";
  std::string out;
  out.reserve(s.size());
  for (unsigned char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '?': out += "\\?"; break;  // no trigraph (`??/`) can form
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (ch >= 0x20 && ch < 0x7f) {
          out += static_cast<char>(ch);
        } else {  // always 3 digits: a following digit cannot extend it
          out += '\\';
          out += kOct[(ch >> 6) & 7];
          out += kOct[(ch >> 3) & 7];
          out += kOct[ch & 7];
        }
    }
  }
  return out;
}

std::string Quoted(absl::string_view s) { return absl::StrCat("\"", EscapeCString(s), "\""); }

bool IsSafeCIdentifier(absl::string_view s) {
  static const char* const kKeywords[] = {
      "alignas", "alignof", "asm", "auto", "bool", "break", "case", "char", "const",
      "constexpr", "continue", "default", "do", "double", "else", "enum", "extern", "false",
      "float", "for", "goto", "if", "inline", "int", "long", "nullptr", "register",
      "restrict", "return", "short", "signed", "sizeof", "static", "static_assert", "struct",
      "switch", "thread_local", "true", "typedef", "typeof", "typeof_unqual", "union",
      "unsigned", "void", "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_BitInt",
      "_Bool", "_Complex", "_Decimal128", "_Decimal32", "_Decimal64", "_Generic",
      "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local", "__asm", "__asm__",
      "__attribute", "__attribute__", "__auto_type", "__builtin_offsetof", "__const",
      "__const__", "__extension__", "__inline", "__inline__", "__restrict", "__restrict__",
      "__signed", "__signed__", "__typeof", "__typeof__", "__volatile", "__volatile__",
      "__label__", "__int128", "__alignof", "__alignof__", "__real", "__real__", "__imag",
      "__imag__", "__SIZE_TYPE__"};
  if (s.empty() || s.size() > 255) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    const bool alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
    const bool digit = ch >= '0' && ch <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  for (const char* k : kKeywords) {
    if (s == k) return false;
  }
  return true;
}

bool IsSafeBaseName(absl::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char ch : s) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  }
  return true;
}

bool IsPlainPrintable(absl::string_view s, bool allow_space) {
  for (unsigned char ch : s) {
    if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') return false;
    if (ch == ' ' && !allow_space) return false;
  }
  return !s.empty();
}

absl::StatusOr<CIdent> CIdent::Make(absl::string_view s, absl::string_view what) {
  if (!IsSafeCIdentifier(s))
    return absl::InvalidArgumentError(
        absl::StrCat(what, " \"", EscapeCString(s), "\" is not a C identifier"));
  return CIdent(std::string(s));
}

Code CStringLit::Body() const { return Code(Code::Trusted{}, body_); }

absl::StatusOr<IncludePath> IncludePath::Make(absl::string_view path) {
  if (!IsPlainPrintable(path, /*allow_space=*/true))
    return absl::InvalidArgumentError(
        absl::StrCat("header path \"", EscapeCString(path),
                     "\" cannot be #included (needs printable ASCII without '\"' or '\\')"));
  return IncludePath(std::string(path));
}

ShWord::ShWord(absl::string_view raw) : quoted_("'") {
  for (char ch : raw) {
    if (ch == '\'') {
      quoted_ += "'\\''";
    } else {
      quoted_ += ch;
    }
  }
  quoted_ += "'";
}

absl::StatusOr<TargetName> TargetName::Make(absl::string_view s) {
  if (!IsSafeBaseName(s))
    return absl::InvalidArgumentError(absl::StrCat(
        "gen: target name \"", EscapeCString(s), "\" must match [a-z0-9_]{1,64}"));
  return TargetName(std::string(s));
}

Code Code::Int64(int64_t v, const char* prefix, const char* suffix) {
  if (v == INT64_MIN)
    return Code(Trusted{}, absl::StrCat("(-", prefix, "9223372036854775807", suffix, " - 1)"));
  return Code(Trusted{}, absl::StrCat(prefix, v, suffix));
}

Code Code::HexByte(unsigned v) {
  static const char kHex[] = "0123456789abcdef";
  std::string s = "\\x";
  s += kHex[(v >> 4) & 15];
  s += kHex[v & 15];
  return Code(Trusted{}, std::move(s));
}

Code Join(const std::vector<Code>& parts, const Code& sep) {
  Code out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

}  // namespace bindfuzz::codegen
