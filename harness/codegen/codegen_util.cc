#include "harness/codegen/codegen_util.h"

#include "absl/strings/str_cat.h"
#include "harness/codegen/layout_codegen.h"

namespace bindfuzz::codegen {

std::string Quoted(absl::string_view s) { return absl::StrCat("\"", EscapeCString(s), "\""); }

std::string ShQuote(absl::string_view s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') {
      out += "'\\''";
    } else {
      out += ch;
    }
  }
  return out + "'";
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

}  // namespace bindfuzz::codegen
