// Compiler-flag readers (see flag_readers.h): flags files,
// compile_commands.json and Kbuild .cmd files. No Clang headers here.
#include "harness/cflags/flag_readers.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::cflags {
namespace {

bool StartsWith(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ShellSplit(const std::string& line,
                                                    const std::string& source) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  auto err = [&](size_t pos, const std::string& what) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": col ", pos + 1, ": ", what));
  };
  size_t i = 0, n = line.size();
  for (; i < n; ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(cur), cur.clear(), in_word = false;
      continue;
    }
    if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '>' || c == '<') {
      if (c == '>' || c == '<') {
        // A digit word right before a redirection is its fd number: "2>x".
        if (in_word && !cur.empty() &&
            std::all_of(cur.begin(), cur.end(), [](char d) { return d >= '0' && d <= '9'; }))
          cur.clear(), in_word = false;
      }
      break;
    }
    if (c == '$' || c == '`') return err(i, "shell expansion is not supported");
    if (c == '(' || c == ')') return err(i, "shell subshells are not supported");
    in_word = true;
    if (c == '\\') {
      if (i + 1 < n) {
        if (line[i + 1] != '\n') cur += line[i + 1];
        ++i;
      }
      continue;
    }
    if (c == '\'') {
      size_t end = line.find('\'', i + 1);
      if (end == std::string::npos) return err(i, "unterminated single quote");
      cur.append(line, i + 1, end - i - 1);
      i = end;
      continue;
    }
    if (c == '"') {
      size_t j = i + 1;
      for (; j < n && line[j] != '"'; ++j) {
        char d = line[j];
        if (d == '$' || d == '`') return err(j, "shell expansion is not supported");
        if (d == '\\' && j + 1 < n &&
            (line[j + 1] == '$' || line[j + 1] == '`' || line[j + 1] == '"' ||
             line[j + 1] == '\\' || line[j + 1] == '\n')) {
          if (line[j + 1] != '\n') cur += line[j + 1];
          ++j;
          continue;
        }
        cur += d;
      }
      if (j >= n) return err(i, "unterminated double quote");
      i = j;
      continue;
    }
    cur += c;
  }
  if (in_word) words.push_back(cur);
  // Leading variable assignments (`VAR=x cmd ...`) are not arguments.
  size_t skip = 0;
  while (skip < words.size()) {
    const std::string& w = words[skip];
    size_t eq = w.find('=');
    if (eq == std::string::npos || eq == 0 || w[0] == '-') break;
    bool ident = std::all_of(w.begin(), w.begin() + eq, [](char d) {
      return d == '_' || (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') ||
             (d >= '0' && d <= '9');
    });
    if (!ident) break;
    ++skip;
  }
  words.erase(words.begin(), words.begin() + skip);
  return words;
}

absl::StatusOr<std::vector<std::string>> ReadFlagsFile(const std::string& path) {
  BF_ASSIGN_OR_RETURN(std::string text, ReadFile(path, uint64_t{16} << 20));
  std::vector<std::string> out;
  size_t pos = 0;
  uint32_t line_no = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    ++line_no;
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.find('\0') != std::string::npos)
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line_no, ": NUL byte in flag"));
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    out.push_back(t);
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> FlagsFromCompileCommands(
    const std::string& compile_commands_json, const std::string& file,
    std::string* directory) {
  const std::string& path = compile_commands_json;
  BF_ASSIGN_OR_RETURN(std::string text, ReadFile(path, uint64_t{512} << 20));
  nlohmann::json db;
  try {
    db = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    size_t off = e.byte > 0 ? e.byte - 1 : 0;
    LineCol lc = OffsetToLineCol(text, std::min(off, text.size()));
    std::string what = e.what();
    size_t p = what.find("parse error");
    return absl::InvalidArgumentError(absl::StrCat(
        path, ":", lc.line, ":", lc.column, ": invalid JSON: ",
        p == std::string::npos ? what : what.substr(p)));
  }
  if (!db.is_array())
    return absl::InvalidArgumentError(absl::StrCat(path, ":1:1: expected a JSON array"));
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path want = fs::absolute(fs::path(file), ec).lexically_normal();
  for (size_t idx = 0; idx < db.size(); ++idx) {
    const nlohmann::json& e = db[idx];
    auto bad = [&](const std::string& what) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": entry ", idx, ": ", what));
    };
    if (!e.is_object()) return bad("not an object");
    if (!e.contains("file") || !e["file"].is_string()) return bad("missing string \"file\"");
    std::string dir;
    if (e.contains("directory")) {
      if (!e["directory"].is_string()) return bad("\"directory\" is not a string");
      dir = e["directory"].get<std::string>();
    }
    fs::path f(e["file"].get<std::string>());
    if (f.is_relative()) f = fs::path(dir) / f;
    if (f.lexically_normal() != want) continue;
    std::vector<std::string> args;
    if (e.contains("arguments")) {
      if (!e["arguments"].is_array()) return bad("\"arguments\" is not an array");
      for (const auto& a : e["arguments"]) {
        if (!a.is_string()) return bad("non-string in \"arguments\"");
        args.push_back(a.get<std::string>());
      }
    } else if (e.contains("command")) {
      if (!e["command"].is_string()) return bad("\"command\" is not a string");
      BF_ASSIGN_OR_RETURN(args, ShellSplit(e["command"].get<std::string>(),
                                                     absl::StrCat(path, ": entry ", idx)));
    } else {
      return bad("neither \"arguments\" nor \"command\"");
    }
    if (directory) *directory = dir;
    return args;
  }
  return absl::NotFoundError(absl::StrCat(path, ": no entry for ", file));
}

absl::StatusOr<std::vector<std::string>> FlagsFromKbuildCmdFile(const std::string& dot_cmd_file,
                                                               std::string* directory) {
  BF_ASSIGN_OR_RETURN(std::string text, ReadFile(dot_cmd_file, uint64_t{64} << 20));
  size_t pos = 0;
  uint32_t line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    ++line_no;
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    bool saved = StartsWith(line, "savedcmd_");
    if (!saved && !StartsWith(line, "cmd_")) continue;
    size_t assign = line.find(" := ");
    if (assign == std::string::npos) continue;
    std::string target = line.substr(saved ? 9 : 4, assign - (saved ? 9 : 4));
    std::string cmd = line.substr(assign + 4);
    // Undo Kbuild's make-cmd escaping: `$$` -> `$`, `$(pound)` -> `#`, `\#` -> `#`.
    std::string un;
    for (size_t i = 0; i < cmd.size(); ++i) {
      if (cmd[i] == '$') {
        if (i + 1 < cmd.size() && cmd[i + 1] == '$') {
          un += '$';
          ++i;
          continue;
        }
        if (cmd.compare(i, 8, "$(pound)") == 0) {
          un += '#';
          i += 7;
          continue;
        }
        return absl::InvalidArgumentError(
            absl::StrCat(dot_cmd_file, ":", line_no, ":", assign + 5 + i,
                         ": unsupported make expansion in Kbuild command"));
      }
      if (cmd[i] == '\\' && i + 1 < cmd.size() && cmd[i + 1] == '#') {
        un += '#';
        ++i;
        continue;
      }
      un += cmd[i];
    }
    BF_ASSIGN_OR_RETURN(std::vector<std::string> args,
                        ShellSplit(un, absl::StrCat(dot_cmd_file, ":", line_no)));
    if (args.empty())
      return absl::InvalidArgumentError(
          absl::StrCat(dot_cmd_file, ":", line_no, ": empty command"));
    if (directory) {
      directory->clear();
      namespace fs = std::filesystem;
      fs::path t(target);
      if (t.is_relative()) {
        // <objtree>/<dir of target>/.<name>.cmd  ->  <objtree>
        std::error_code ec;
        fs::path cmd_dir = fs::absolute(fs::path(dot_cmd_file), ec).parent_path().lexically_normal();
        fs::path tdir = t.parent_path().lexically_normal();
        fs::path root = cmd_dir;
        bool ok = true;
        if (!tdir.empty() && tdir != ".") {
          std::vector<fs::path> parts(tdir.begin(), tdir.end());
          for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
            if (root.filename() != *it) {
              ok = false;
              break;
            }
            root = root.parent_path();
          }
        }
        if (ok) *directory = root.string();
      }
    }
    return args;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(dot_cmd_file, ":1: no `savedcmd_<target> := <command>` line"));
}

}  // namespace bindfuzz::cflags
