#include "harness/crate_input/cargo_output.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace bindfuzz::crate_input {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::vector<absl::string_view> Lines(std::string_view text) {
  return absl::StrSplit(absl::string_view(text.data(), text.size()), '\n');
}

}  // namespace

absl::StatusOr<std::vector<std::string>> SplitShellWords(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (IsBlank(c)) {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
      ++i;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      size_t close = s.find('\'', i + 1);
      if (close == std::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat("unterminated ' quote at byte ", i, " of: ", std::string(s)));
      }
      cur.append(s.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (c == '"') {
      size_t j = i + 1;
      bool closed = false;
      while (j < s.size()) {
        char d = s[j];
        if (d == '"') {
          closed = true;
          break;
        }
        if (d == '\\' && j + 1 < s.size() &&
            (s[j + 1] == '"' || s[j + 1] == '\\' || s[j + 1] == '$' || s[j + 1] == '`' || s[j + 1] == '\n')) {
          if (s[j + 1] != '\n') cur.push_back(s[j + 1]);
          j += 2;
          continue;
        }
        cur.push_back(d);
        ++j;
      }
      if (!closed) return absl::InvalidArgumentError(absl::StrCat("unterminated \" quote at byte ", i, " of: ", std::string(s)));
      i = j + 1;
    } else if (c == '\\') {
      if (i + 1 < s.size()) {
        if (s[i + 1] != '\n') cur.push_back(s[i + 1]);
        i += 2;
      } else {
        ++i;  // a trailing backslash escapes nothing
      }
    } else {
      cur.push_back(c);
      ++i;
    }
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

std::vector<std::string> RunningCommands(std::string_view cargo_stderr) {
  // `Running `...`` may span lines: with -vv, cargo puts the environment
  // before the program, and a quoted value (a package description) may hold
  // newlines. The command ends at the first backquote outside quotes.
  std::vector<std::string> out;
  constexpr std::string_view kOpen = "Running `";
  size_t at = 0;
  while ((at = cargo_stderr.find(kOpen, at)) != std::string_view::npos) {
    // Only at the start of a line (after cargo's indentation).
    size_t bol = cargo_stderr.rfind('\n', at);
    bol = bol == std::string_view::npos ? 0 : bol + 1;
    std::string_view indent = cargo_stderr.substr(bol, at - bol);
    if (indent.find_first_not_of(" \t") != std::string_view::npos) {
      at += kOpen.size();
      continue;
    }
    size_t i = at + kOpen.size();
    const size_t begin = i;
    char quote = 0;
    bool closed = false;
    for (; i < cargo_stderr.size(); ++i) {
      char c = cargo_stderr[i];
      if (quote == '\'') {
        if (c == '\'') quote = 0;
      } else if (quote == '"') {
        if (c == '\\') ++i;
        else if (c == '"') quote = 0;
      } else if (c == '\\') {
        ++i;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '`') {
        closed = true;
        break;
      }
    }
    if (!closed) break;
    out.emplace_back(cargo_stderr.substr(begin, i - begin));
    at = i + 1;
  }
  return out;
}

absl::StatusOr<RustcInvocation> ParseRustcArgs(const std::vector<std::string>& argv) {
  RustcInvocation inv;
  inv.argv = argv;
  inv.edition = "2015";
  // Options whose value may be the next argument; `--opt=value` and the
  // joined short forms (-Cx, -Lx, -lx, -Zx) are handled too.
  static const char* const kWithValue[] = {
      "--crate-name", "--edition", "--cfg", "--check-cfg", "--extern", "--out-dir", "--target",
      "--crate-type", "--emit", "--error-format", "--json", "--cap-lints", "--print", "--explain",
      "--sysroot", "--remap-path-prefix", "--env-set", "--color", "--diagnostic-width", "-o",
      "-C", "-L", "-l", "-Z", "-W", "-A", "-D", "-F", "--force-warn", "--codegen", "--warn",
      "--allow", "--deny", "--forbid", "--crate-attr", "--extern-location", "--target-dir",
  };
  auto takes_value = [](std::string_view a) {
    for (const char* o : kWithValue) {
      if (a == o) return true;
    }
    return false;
  };
  // cargo -vv writes the environment it sets first: NAME=value words.
  size_t prog = 0;
  auto is_assignment = [](const std::string& w) {
    size_t eq = w.find('=');
    if (eq == std::string::npos || eq == 0) return false;
    for (size_t k = 0; k < eq; ++k) {
      char c = w[k];
      if (!(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    }
    return !absl::ascii_isdigit(static_cast<unsigned char>(w[0]));
  };
  while (prog < argv.size() && is_assignment(argv[prog])) inv.env.push_back(argv[prog++]);
  if (prog == argv.size()) return absl::InvalidArgumentError("rustc command line names no program");
  inv.argv.assign(argv.begin() + prog, argv.end());
  for (size_t i = prog + 1; i < argv.size(); ++i) {
    std::string a = argv[i];
    std::string name = a, value;
    bool has_value = false;
    if (absl::StartsWith(a, "--")) {
      size_t eq = a.find('=');
      if (eq != std::string::npos) {
        name = a.substr(0, eq);
        value = a.substr(eq + 1);
        has_value = true;
      }
    } else if (a.size() > 2 && a[0] == '-' && (a[1] == 'C' || a[1] == 'L' || a[1] == 'l' || a[1] == 'Z' ||
                                               a[1] == 'W' || a[1] == 'A' || a[1] == 'D' || a[1] == 'F')) {
      name = a.substr(0, 2);
      value = a.substr(2);
      has_value = true;
    }
    if (!has_value && takes_value(name)) {
      if (i + 1 >= argv.size()) {
        return absl::InvalidArgumentError(absl::StrCat("rustc option ", name, " lacks its value"));
      }
      value = argv[++i];
      has_value = true;
    }
    if (name == "--crate-name") {
      inv.crate_name = value;
    } else if (name == "--edition") {
      inv.edition = value;
    } else if (name == "--cfg") {
      inv.cfgs.push_back(value);
      absl::string_view v = value;
      if (absl::ConsumePrefix(&v, "feature=\"") && absl::ConsumeSuffix(&v, "\"")) inv.features.emplace_back(v);
    } else if (name == "--extern") {
      // [opts:]name[=path]
      std::string ext = value, path;
      size_t eq = ext.find('=');
      if (eq != std::string::npos) {
        path = ext.substr(eq + 1);
        ext = ext.substr(0, eq);
      }
      size_t colon = ext.rfind(':');
      if (colon != std::string::npos) ext = ext.substr(colon + 1);
      inv.externs.emplace_back(ext, path);
    } else if (name == "--crate-type") {
      for (absl::string_view t : absl::StrSplit(value, ',', absl::SkipEmpty())) inv.crate_types.emplace_back(t);
    } else if (name == "--target") {
      inv.target = value;
    } else if (name == "--out-dir") {
      inv.out_dir = value;
    } else if (name == "-C" || name == "--codegen") {
      absl::string_view v = value;
      if (absl::ConsumePrefix(&v, "extra-filename=")) inv.extra_filename = std::string(v);
    } else if (has_value || (absl::StartsWith(a, "-") && a != "-")) {
      // another option (flags without a value: -g, -O, --test, ...)
    } else if (inv.source.empty()) {
      inv.source = a;
    }
  }
  if (inv.source.empty()) return absl::InvalidArgumentError("rustc command line names no crate root file");
  return inv;
}

absl::StatusOr<RustcInvocation> FindRustcInvocation(std::string_view cargo_stderr, std::string_view crate_name,
                                                    std::string_view marker) {
  std::vector<std::string> cmds = RunningCommands(cargo_stderr);
  for (auto it = cmds.rbegin(); it != cmds.rend(); ++it) {
    absl::StatusOr<std::vector<std::string>> argv = SplitShellWords(*it);
    if (!argv.ok() || argv->empty()) continue;
    bool has_marker = marker.empty();
    for (const std::string& a : *argv) has_marker = has_marker || a == marker;
    if (!has_marker) continue;
    absl::StatusOr<RustcInvocation> inv = ParseRustcArgs(*argv);
    if (inv.ok() && inv->crate_name == crate_name) return inv;
  }
  return absl::NotFoundError(absl::StrCat("cargo -v printed no rustc command for crate ", std::string(crate_name),
                                          marker.empty() ? "" : absl::StrCat(" with ", std::string(marker))));
}

std::vector<std::string> ParseDepInfo(std::string_view text) {
  // "target: dep dep\ with\ space dep \\\n  dep\n\ndep:\n"; only the first rule.
  std::vector<std::string> out;
  size_t i = 0;
  // The target ends at the first ':' not escaped and followed by a blank or
  // the end of line ("C:" drive letters do not occur on the hosts we run on).
  bool in_deps = false;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && in_deps) out.push_back(cur);
    cur.clear();
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      char n = text[i + 1];
      if (n == '\n') {  // line continuation
        flush();
        i += 2;
        continue;
      }
      if (n == ' ' || n == '\\' || n == '#' || n == ':') {
        cur.push_back(n);
        i += 2;
        continue;
      }
      cur.push_back(c);
      ++i;
      continue;
    }
    if (c == '\n') {
      flush();
      if (in_deps) break;  // end of the first rule
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t') {
      flush();
      ++i;
      continue;
    }
    if (c == ':' && !in_deps && (i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
      cur.clear();  // the target
      in_deps = true;
      ++i;
      continue;
    }
    cur.push_back(c);
    ++i;
  }
  flush();
  return out;
}

std::string FirstErrorLines(std::string_view cargo_stderr, size_t max_lines) {
  std::vector<absl::string_view> lines = Lines(cargo_stderr);
  while (!lines.empty() && absl::StripAsciiWhitespace(lines.back()).empty()) lines.pop_back();
  size_t start = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (absl::StartsWith(lines[i], "error")) {
      start = i;
      break;
    }
  }
  if (start == lines.size()) start = lines.size() > max_lines ? lines.size() - max_lines : 0;
  std::vector<absl::string_view> keep;
  for (size_t i = start; i < lines.size() && keep.size() < max_lines; ++i) {
    // cargo -v echoes every rustc command: long, and not the error.
    if (absl::StartsWith(absl::StripLeadingAsciiWhitespace(lines[i]), "Running `")) continue;
    keep.push_back(lines[i]);
  }
  return absl::StrJoin(keep, "\n");
}

}  // namespace bindfuzz::crate_input
