// Flag sources (flags files, compile_commands.json, Kbuild .cmd files) and
// flag filtering for the C front end. No Clang headers here.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "harness/c_frontend/c_frontend.h"
#include "harness/c_frontend/flags_internal.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::cfront {
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

// linux-6.12 rust/Makefile `bindgen_skip_c_flags` (verbatim, Make patterns).
// `--param asan-%` is two words there; we drop `--param <value>` pairs.
constexpr const char* kBindgenSkipCFlags[] = {
    "-mno-fp-ret-in-387", "-mpreferred-stack-boundary=%",
    "-mskip-rax-setup", "-mgeneral-regs-only", "-msign-return-address=%",
    "-mindirect-branch=thunk-extern", "-mindirect-branch-register",
    "-mfunction-return=thunk-extern", "-mrecord-mcount", "-mabi=lp64",
    "-mindirect-branch-cs-prefix", "-mstack-protector-guard%", "-mtraceback=no",
    "-mno-pointers-to-nested-functions", "-mno-string",
    "-mno-strict-align", "-mstrict-align", "-mdirect-extern-access",
    "-mexplicit-relocs", "-mno-check-zero-division",
    "-fconserve-stack", "-falign-jumps=%", "-falign-loops=%",
    "-femit-struct-debug-baseonly", "-fno-ipa-cp-clone", "-fno-ipa-sra",
    "-fno-partial-inlining", "-fplugin-arg-arm_ssp_per_task_plugin-%",
    "-fno-reorder-blocks", "-fno-allow-store-data-races", "-fasan-shadow-offset=%",
    "-fzero-call-used-regs=%", "-fno-stack-clash-protection",
    "-fno-inline-functions-called-once", "-fsanitize=bounds-strict",
    "-fstrict-flex-arrays=%", "-fmin-function-alignment=%",
    "-fzero-init-padding-bits=%", "-mno-fdpic",
    "--param=%", "-fno-isolate-erroneous-paths-dereference",
    // Not in the kernel list: rust/Makefile adds it for libclang < 16 only;
    // Clang >= 16 rejects it.
    "-enable-trivial-auto-var-init-zero-knowing-it-will-be-removed-from-clang",
};

bool LooksLikeSourceFile(const std::string& a) {
  static const char* kExts[] = {".c", ".h", ".S", ".s", ".i", ".cc", ".cpp", ".o"};
  for (const char* ext : kExts) {
    size_t n = std::strlen(ext);
    if (a.size() > n && a.compare(a.size() - n, n, ext) == 0) return true;
  }
  return false;
}

// ---- Sanitizer tables ----

// Options we keep whose value may be a separate argument.
constexpr const char* kKeepWithValue[] = {
    "-D", "-U", "-I", "-isystem", "-idirafter", "-iquote", "-iprefix", "-iwithprefix",
    "-iwithprefixbefore", "-isysroot", "--sysroot", "-include", "-imacros", "-target",
    "-iframework", "-cxx-isystem",
};
// Options we drop that take a separate value (the value is dropped too).
constexpr const char* kDropWithValue[] = {
    "-o", "-MF", "-MT", "-MQ", "-MJ", "-Xclang", "-Xpreprocessor", "-Xassembler",
    "-Xlinker", "-Xopenmp-target", "-mllvm", "-ivfsoverlay", "-include-pch",
    "--serialize-diagnostics", "-serialize-diagnostics", "-dependency-file",
    "-dependency-dot", "-x", "-load", "-plugin", "-add-plugin", "-plugin-arg",
    "-working-directory", "--config", "-arch", "-u", "-T", "-z", "-L", "-l",
    "-Xcuda-ptxas", "-Xcuda-fatbinary", "-Xanalyzer", "-Xflang", "--param",
    "-fplugin-arg", "-specs", "--ld-path", "-B", "-F", "-e",
};
// -f prefixes that load code, write or read side files, or use module caches.
constexpr const char* kDeniedFPrefixes[] = {
    "-fplugin", "-fpass-plugin", "-fmodule", "-fmodules", "-fimplicit-module",
    "-fprebuilt", "-fbuiltin-module-map", "-ftime-trace", "-fcrash-diagnostics",
    "-fprofile", "-fcs-profile", "-fsanitize-ignorelist", "-fsanitize-blacklist",
    "-fsanitize-system-ignorelist", "-fsanitize-coverage-allowlist",
    "-fsanitize-coverage-ignorelist", "-fxray", "-fdepfile", "-fsave-optimization-record",
    "-foptimization-record", "-fthinlto", "-fbasic-block-sections", "-fembed",
    "-fcuda", "-fopenmp-host-ir", "-fproc-stat-report", "-fsyntax-only",
    "-fcrash", "-fdebug-compilation-dir", "-fcoverage-compilation-dir",
    "-fdiagnostics-", "-fspell-checking", "-fno-spell-checking", "-fmodule-file",
    "-fapinotes", "-fprofile-list", "-fsplit-dwarf", "-fcs-", "-fprofile-sample",
    "-fauto-profile", "-fcolor-diagnostics", "-fansi-escape-codes", "-fdriver-only",
    "-fintegrated-cc1", "-fno-integrated-cc1", "-fexperimental-", "-frandomize-layout-seed-file",
};

bool InList(const std::string& a, const char* const* list, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (a == list[i]) return true;
  return false;
}

template <size_t N>
bool InList(const std::string& a, const char* const (&list)[N]) {
  return InList(a, list, N);
}

template <size_t N>
bool HasPrefixIn(const std::string& a, const char* const (&list)[N]) {
  for (const char* p : list)
    if (StartsWith(a, p)) return true;
  return false;
}

// Joined form of a kept value option: "-DX", "-I/x", "--sysroot=/x", "-includefoo".
bool IsKeptJoined(const std::string& a) {
  if (a.size() > 2 && (StartsWith(a, "-D") || StartsWith(a, "-U") || StartsWith(a, "-I")))
    return true;
  static const char* kJoined[] = {"-isystem", "-idirafter", "-iquote", "-isysroot",
                                  "--sysroot=", "-iprefix", "-iwithprefixbefore",
                                  "-iwithprefix", "--target=", "-std=", "--std="};
  for (const char* p : kJoined)
    if (StartsWith(a, p) && a.size() > std::strlen(p)) return true;
  return false;
}

bool IsKeptSimple(const std::string& a) {
  static const char* kExact[] = {
      "-nostdinc", "-nostdlibinc", "-nobuiltininc", "-nostdinc++", "-undef", "-ffreestanding",
      "-ansi", "-w", "-pipe", "-pedantic", "-Wpedantic", "-pthread", "-pg", "-p",
      "-nostdlib", "-nodefaultlibs", "-static", "-shared", "-trigraphs", "-traditional",
      "-C", "-CC", "-P",
  };
  if (InList(a, kExact)) return true;
  if (StartsWith(a, "-O") || StartsWith(a, "-g")) return true;
  if (StartsWith(a, "-m")) return !StartsWith(a, "-mllvm");
  if (StartsWith(a, "-f")) return !HasPrefixIn(a, kDeniedFPrefixes);
  if (StartsWith(a, "-W")) {
    if (StartsWith(a, "-Wp,") || StartsWith(a, "-Wa,") || StartsWith(a, "-Wl,")) return false;
    if (StartsWith(a, "-Werror") || a == "-Wfatal-errors") return false;
    return true;
  }
  return false;
}

}  // namespace

namespace internal {

bool MakePatternMatch(const std::string& pattern, const std::string& word) {
  size_t pct = pattern.find('%');
  if (pct == std::string::npos) return pattern == word;
  std::string pre = pattern.substr(0, pct), post = pattern.substr(pct + 1);
  return word.size() >= pre.size() + post.size() && word.compare(0, pre.size(), pre) == 0 &&
         word.compare(word.size() - post.size(), post.size(), post) == 0;
}

std::vector<std::string> SanitizeFlags(const std::vector<std::string>& flags,
                                       std::vector<std::string>* dropped) {
  std::vector<std::string> out;
  auto drop = [&](const std::string& a) {
    if (dropped) dropped->push_back(a);
  };
  for (size_t i = 0; i < flags.size(); ++i) {
    const std::string& a = flags[i];
    bool has_next = i + 1 < flags.size();
    if (a.find('\0') != std::string::npos || a.empty()) {
      drop(a);
      continue;
    }
    if (InList(a, kKeepWithValue)) {
      if (has_next) {
        out.push_back(a);
        out.push_back(flags[++i]);
      } else {
        drop(a);
      }
      continue;
    }
    if (InList(a, kDropWithValue)) {
      drop(a);
      if (has_next) drop(flags[++i]);
      continue;
    }
    if (a[0] != '-') {  // operand (source file, compiler path) or @file
      drop(a);
      continue;
    }
    if (IsKeptJoined(a) || IsKeptSimple(a)) {
      out.push_back(a);
      continue;
    }
    drop(a);
  }
  return out;
}

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

}  // namespace internal

std::vector<std::string> FilterGccOnlyFlags(const std::vector<std::string>& flags) {
  std::vector<std::string> out;
  for (size_t i = 0; i < flags.size(); ++i) {
    const std::string& a = flags[i];
    bool has_next = i + 1 < flags.size();
    if (i == 0 && !a.empty() && a[0] != '-') continue;  // the compiler
    if (a == "-c" || a == "-S" || a == "-E" || a == "-MD" || a == "-MMD" || a == "-MP" ||
        a == "-M" || a == "-MM" || a == "-MG")
      continue;
    if (a == "-o" || a == "-MF" || a == "-MT" || a == "-MQ" || a == "--param") {
      if (has_next) ++i;
      continue;
    }
    if ((StartsWith(a, "-o") && a.size() > 2) || StartsWith(a, "-MF") || StartsWith(a, "-MT") ||
        StartsWith(a, "-MQ"))
      continue;
    if (StartsWith(a, "-Wp,-M")) continue;
    if (!a.empty() && a[0] != '-' && LooksLikeSourceFile(a)) {
      // An operand, unless it is the value of the previous option.
      const std::string& prev = i > 0 ? flags[i - 1] : std::string();
      bool is_value = InList(prev, kKeepWithValue) || InList(prev, kDropWithValue);
      if (!is_value) continue;
    }
    bool skip = false;
    for (const char* p : kBindgenSkipCFlags)
      if (internal::MakePatternMatch(p, a)) {
        skip = true;
        break;
      }
    if (!skip) out.push_back(a);
  }
  return out;
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
      BF_ASSIGN_OR_RETURN(args, internal::ShellSplit(e["command"].get<std::string>(),
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
                        internal::ShellSplit(un, absl::StrCat(dot_cmd_file, ":", line_no)));
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

}  // namespace bindfuzz::cfront
