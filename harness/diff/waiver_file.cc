#include "harness/diff/waiver_file.h"

#include <ctime>
#include <map>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"
#include "harness/diff/finding_key.h"
#include "harness/diff/triage.h"

namespace bindfuzz::diff {
namespace {

struct Token {
  std::string text;
  size_t column = 0;   // 1-based
  bool quoted = false;
};

class LineParser {
 public:
  LineParser(std::string_view line, std::string_view file, size_t line_no)
      : line_(line), file_(file), line_no_(line_no) {}

  absl::Status Error(size_t column, std::string_view msg) const {
    return absl::InvalidArgumentError(absl::StrCat(std::string(file_), ":", line_no_, ":", column, ": ", std::string(msg)));
  }

  // Splits the line into words and quoted strings.
  absl::StatusOr<std::vector<Token>> Tokens() const {
    std::vector<Token> out;
    size_t i = 0;
    while (i < line_.size()) {
      char c = line_[i];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
        continue;
      }
      Token t;
      t.column = i + 1;
      if (c == '"') {
        t.quoted = true;
        ++i;
        bool closed = false;
        while (i < line_.size()) {
          char d = line_[i++];
          if (d == '"') {
            closed = true;
            break;
          }
          if (d == '\\') {
            if (i == line_.size()) break;
            char e = line_[i++];
            if (e != '"' && e != '\\') return Error(i - 1, "unknown escape (only \\\" and \\\\)");
            t.text += e;
            continue;
          }
          t.text += d;
        }
        if (!closed) return Error(t.column, "unterminated string");
        if (i < line_.size() && line_[i] != ' ' && line_[i] != '\t' && line_[i] != '\r') {
          return Error(i + 1, "expected a blank after the closing quote");
        }
      } else {
        while (i < line_.size() && line_[i] != ' ' && line_[i] != '\t' && line_[i] != '\r') {
          if (line_[i] == '"') return Error(i + 1, "quote inside a word (quote the whole word)");
          t.text += line_[i++];
        }
      }
      out.push_back(std::move(t));
    }
    return out;
  }

 private:
  std::string_view line_;
  std::string_view file_;
  size_t line_no_;
};

bool IsKeyword(const Token& t, std::string_view word) { return !t.quoted && t.text == word; }


}  // namespace

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int v[3] = {0, 0, 0};
  const std::pair<size_t, size_t> parts[3] = {{0, 4}, {5, 2}, {8, 2}};
  for (int k = 0; k < 3; ++k) {
    for (size_t i = parts[k].first; i < parts[k].first + parts[k].second; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v[k] = v[k] * 10 + (s[i] - '0');
    }
  }
  const int year = v[0], month = v[1], day = v[2];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::string TodayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

absl::StatusOr<std::vector<Waiver>> ParseWaiverFile(std::string_view text, std::string_view file) {
  if (size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    LineCol lc = OffsetToLineCol(text, bad);
    return absl::InvalidArgumentError(absl::StrCat(std::string(file), ":", lc.line, ":", lc.column, ": invalid UTF-8"));
  }
  std::vector<Waiver> out;
  std::map<std::string, size_t> seen;  // selector -> line
  size_t line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++line_no;
    start = end + 1;
    if (line.find('\0') != std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(file), ":", line_no, ":", line.find('\0') + 1, ": NUL byte"));
    }
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') {
      if (end == text.size()) break;
      continue;
    }
    LineParser p(line, file, line_no);
    auto tokens_or = p.Tokens();
    if (!tokens_or.ok()) return tokens_or.status();
    const std::vector<Token>& t = *tokens_or;
    if (!IsKeyword(t[0], "waive")) {
      return p.Error(t[0].column, absl::StrCat("expected 'waive', found '", t[0].text, "'"));
    }
    Waiver w;
    w.loc.file = std::string(file);
    w.loc.line = static_cast<uint32_t>(line_no);
    w.loc.column = static_cast<uint32_t>(t[0].column);
    size_t i = 1;
    auto at_end = [&] { return i >= t.size(); };
    const size_t end_column = line.size() + 1;
    if (at_end()) return p.Error(end_column, "expected 'key KEY' or a finding kind after 'waive'");
    if (IsKeyword(t[i], "key")) {
      ++i;
      if (at_end()) return p.Error(end_column, "expected a finding key after 'key'");
      if (!IsFindingKey(t[i].text)) {
        return p.Error(t[i].column, absl::StrCat("'", t[i].text,
                                                 "' is not a finding key (bf1- and 16 hex digits, as "
                                                 "the JSON report's \"key\")"));
      }
      w.key = t[i++].text;
    } else {
      if (!ParseMismatchKind(t[i].text)) {
        return p.Error(t[i].column,
                       absl::StrCat("unknown finding kind '", t[i].text, "' (see 'bindfuzz kinds')"));
      }
      w.kind = t[i++].text;
      if (at_end() || IsKeyword(t[i], "until") || IsKeyword(t[i], "reason")) {
        return p.Error(at_end() ? end_column : t[i].column, "expected the item the finding is on");
      }
      if (t[i].text.empty()) return p.Error(t[i].column, "empty item name");
      w.item = t[i++].text;
      if (!at_end() && !IsKeyword(t[i], "until") && !IsKeyword(t[i], "reason")) {
        if (IsKeyword(t[i], "*")) {
          w.any_member = true;
        } else {
          if (t[i].text.empty()) return p.Error(t[i].column, "empty member name");
          w.member = t[i].text;
        }
        ++i;
      }
    }
    bool have_until = false, have_reason = false;
    while (!at_end()) {
      const Token& kw = t[i++];
      const bool until = IsKeyword(kw, "until"), reason = IsKeyword(kw, "reason");
      if (!until && !reason) {
        return p.Error(kw.column, absl::StrCat("expected 'until' or 'reason', found '", kw.text, "'"));
      }
      if ((until && have_until) || (reason && have_reason)) {
        return p.Error(kw.column, absl::StrCat("'", kw.text, "' given twice"));
      }
      if (at_end()) {
        return p.Error(end_column, until ? "expected a date (YYYY-MM-DD) after 'until'"
                                         : "expected a quoted reason after 'reason'");
      }
      const Token& v = t[i++];
      if (until) {
        if (!IsIsoDate(v.text)) {
          return p.Error(v.column, absl::StrCat("'", v.text, "' is not a date (YYYY-MM-DD)"));
        }
        w.expires = v.text;
        have_until = true;
      } else {
        if (!v.quoted) return p.Error(v.column, "the reason must be a quoted string");
        if (v.text.find_first_not_of(" \t") == std::string::npos) return p.Error(v.column, "empty reason");
        w.reason = v.text;
        have_reason = true;
      }
    }
    if (!have_until) return p.Error(end_column, "missing 'until YYYY-MM-DD' (every waiver expires)");
    if (!have_reason) return p.Error(end_column, "missing 'reason \"...\"'");
    auto [it, inserted] = seen.emplace(WaiverSelector(w), line_no);
    if (!inserted) {
      return p.Error(t[1].column, absl::StrCat("repeats the waiver of line ", it->second, " (", it->first, ")"));
    }
    out.push_back(std::move(w));
    if (end == text.size()) break;
  }
  return out;
}

}  // namespace bindfuzz::diff
