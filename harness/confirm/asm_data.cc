#include "harness/confirm/asm_data.h"

#include <cctype>
#include <cstdint>
#include <vector>

namespace bindfuzz::confirm {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool IsLabelChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$';
}

// A plain integer operand (decimal, 0x hex, leading-0 octal, optional sign).
bool ParseInt(std::string_view s, uint64_t* out) {
  s = Trim(s);
  bool neg = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    neg = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  } else if (s.size() > 1 && s[0] == '0') {
    base = 8;
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    if (d >= base) return false;
    v = v * base + static_cast<uint64_t>(d);  // wraps like the assembler for 64-bit operands
  }
  *out = neg ? ~v + 1 : v;
  return true;
}

std::vector<std::string_view> SplitOperands(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  bool in_str = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_str) {
      if (c == '\\') ++i;
      else if (c == '"') in_str = false;
    } else if (c == '"') {
      in_str = true;
    } else if (c == ',') {
      out.push_back(Trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(Trim(s.substr(start)));
  return out;
}

// Drops a trailing comment (`# ...` on x86, `@ ...` on Arm, `// ...` on
// AArch64) that starts after whitespace and outside a string literal.
std::string_view StripComment(std::string_view s) {
  bool in_str = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_str) {
      if (c == '\\') ++i;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') {
      in_str = true;
      continue;
    }
    bool after_space = i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t');
    if (after_space && (c == '#' || c == '@' || (c == '/' && i + 1 < s.size() && s[i + 1] == '/')))
      return Trim(s.substr(0, i));
  }
  return s;
}

}  // namespace

bool DecodeAsmString(std::string_view q, std::string* out) {
  q = Trim(q);
  if (q.size() < 2 || q.front() != '"' || q.back() != '"') return false;
  q = q.substr(1, q.size() - 2);
  for (size_t i = 0; i < q.size(); ++i) {
    char c = q[i];
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (++i >= q.size()) return false;
    char e = q[i];
    switch (e) {
      case 'n': out->push_back('\n'); break;
      case 't': out->push_back('\t'); break;
      case 'r': out->push_back('\r'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'v': out->push_back('\v'); break;
      case 'a': out->push_back('\a'); break;
      case '\\': out->push_back('\\'); break;
      case '"': out->push_back('"'); break;
      case '\'': out->push_back('\''); break;
      case 'x': {
        int v = 0, n = 0;
        while (i + 1 < q.size() && std::isxdigit(static_cast<unsigned char>(q[i + 1])) && n < 2) {
          char h = q[++i];
          v = v * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
          ++n;
        }
        if (n == 0) return false;
        out->push_back(static_cast<char>(v));
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int v = e - '0', n = 1;
          while (n < 3 && i + 1 < q.size() && q[i + 1] >= '0' && q[i + 1] <= '7') {
            v = v * 8 + (q[++i] - '0');
            ++n;
          }
          out->push_back(static_cast<char>(v & 0xff));
        } else {
          return false;
        }
    }
  }
  return true;
}

AsmListing ParseAsm(std::string_view text, const AsmOptions& options) {
  AsmListing out;
  std::optional<std::string>* cur = nullptr;
  std::string cur_name;
  auto put = [&](uint64_t v, int width) {
    if (!cur || !cur->has_value()) return;
    for (int b = 0; b < width; ++b) {
      int shift = options.big_endian ? 8 * (width - 1 - b) : 8 * b;
      (*cur)->push_back(static_cast<char>((v >> shift) & 0xff));
    }
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    std::string_view line = Trim(text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos));
    pos = eol == std::string_view::npos ? text.size() + 1 : eol + 1;
    line = StripComment(line);
    if (line.empty() || line[0] == '#' || line.substr(0, 2) == "//" || line[0] == '@' || line[0] == ';') continue;
    // A label: `name:` (possibly followed by a directive on the same line).
    size_t n = 0;
    while (n < line.size() && IsLabelChar(line[n])) ++n;
    if (n > 0 && n < line.size() && line[n] == ':') {
      std::string name(line.substr(0, n));
      out.labels.insert(name);
      cur = &out.data[name];
      *cur = std::string();
      cur_name = name;
      line = Trim(line.substr(n + 1));
      if (line.empty()) continue;
    }
    if (line[0] != '.') {  // an instruction: not data
      cur = nullptr;
      continue;
    }
    size_t sp = line.find_first_of(" \t");
    std::string_view dir = line.substr(0, sp);
    std::string_view args = sp == std::string_view::npos ? std::string_view() : Trim(line.substr(sp));
    if (dir == ".globl" || dir == ".global") {
      for (std::string_view a : SplitOperands(args)) out.globals.insert(std::string(a));
      cur = nullptr;
      continue;
    }
    if (dir == ".align" || dir == ".p2align" || dir == ".balign") continue;
    int width = 0;
    if (dir == ".byte") width = 1;
    else if (dir == ".short" || dir == ".value" || dir == ".hword" || dir == ".half" || dir == ".2byte") width = 2;
    else if (dir == ".long" || dir == ".int" || dir == ".4byte") width = 4;
    else if (dir == ".word") width = options.word_bytes;
    else if (dir == ".quad" || dir == ".xword" || dir == ".dword" || dir == ".8byte") width = 8;
    if (width > 0) {
      for (std::string_view a : SplitOperands(args)) {
        uint64_t v = 0;
        if (!ParseInt(a, &v)) {
          // A relocation (`sym`, `sym+8`) or an expression: bytes unknown.
          if (cur) {
            cur->reset();
            size_t n = 0;
            while (n < a.size() && IsLabelChar(a[n])) ++n;
            if (n > 0 && !std::isdigit(static_cast<unsigned char>(a[0]))) out.refs[cur_name].insert(std::string(a.substr(0, n)));
          }
          break;
        }
        put(v, width);
      }
      continue;
    }
    if (dir == ".zero" || dir == ".skip" || dir == ".space") {
      std::vector<std::string_view> ops = SplitOperands(args);
      uint64_t count = 0, fill = 0;
      if (ops.empty() || !ParseInt(ops[0], &count) || count > (uint64_t{1} << 28) ||
          (ops.size() > 1 && !ParseInt(ops[1], &fill))) {
        if (cur) cur->reset();
        continue;
      }
      for (uint64_t i = 0; i < count; ++i) put(fill & 0xff, 1);
      continue;
    }
    if (dir == ".ascii" || dir == ".string" || dir == ".asciz") {
      for (std::string_view a : SplitOperands(args)) {
        std::string s;
        if (!DecodeAsmString(a, &s)) {
          if (cur) cur->reset();
          break;
        }
        if (dir != ".ascii") s.push_back('\0');
        if (cur && cur->has_value()) (*cur)->append(s);
      }
      continue;
    }
    cur = nullptr;  // any other directive ends the object
  }
  return out;
}

std::optional<std::string> AsmListing::DataOf(const std::string& name) const {
  for (const std::string& n : {name, "_" + name}) {
    auto it = data.find(n);
    if (it != data.end()) return it->second;
  }
  return std::nullopt;
}

bool AsmListing::Defines(const std::string& name) const {
  return labels.count(name) || labels.count("_" + name);
}

std::set<std::string> AsmListing::RefsOf(const std::string& name) const {
  for (const std::string& n : {name, "_" + name}) {
    auto it = refs.find(n);
    if (it != refs.end()) return it->second;
  }
  return {};
}

bool AsmListing::IsGlobal(const std::string& name) const {
  return globals.count(name) || globals.count("_" + name);
}

}  // namespace bindfuzz::confirm
