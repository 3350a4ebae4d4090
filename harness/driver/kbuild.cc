#include "harness/driver/kbuild.h"

#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"

namespace bindfuzz::driver {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

std::string Join(const std::string& dir, const std::string& rel) {
  if (rel.empty() || rel[0] == '/') return rel;
  if (dir.empty()) return rel;
  return dir.back() == '/' ? dir + rel : dir + "/" + rel;
}

std::string AbsPath(const std::string& p) {
  char buf[4096];
  if (realpath(p.c_str(), buf) != nullptr) return buf;
  return p;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ShellSplit(std::string_view s, std::string_view source) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    char c = s[i];
    if (c == '\'') {
      size_t end = s.find('\'', i + 1);
      if (end == std::string_view::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat(std::string(source), ": unterminated single quote at column ", i + 1));
      }
      cur.append(s.substr(i + 1, end - i - 1));
      in_word = true;
      i = end + 1;
    } else if (c == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        if (s[i] == '\\' && i + 1 < n &&
            (s[i + 1] == '"' || s[i + 1] == '\\' || s[i + 1] == '$' || s[i + 1] == '`')) {
          cur.push_back(s[i + 1]);
          i += 2;
        } else if (s[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          cur.push_back(s[i++]);
        }
      }
      if (!closed) {
        return absl::InvalidArgumentError(
            absl::StrCat(std::string(source), ": unterminated double quote"));
      }
      in_word = true;
    } else if (c == '\\') {
      if (i + 1 < n) {
        if (s[i + 1] != '\n') cur.push_back(s[i + 1]);
        in_word = in_word || s[i + 1] != '\n';
        i += 2;
      } else {
        ++i;
      }
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
      ++i;
    } else if (c == ';' || c == '|' || (c == '&' && i + 1 < n && s[i + 1] == '&')) {
      break;  // only the first command matters
    } else {
      cur.push_back(c);
      in_word = true;
      ++i;
    }
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

absl::StatusOr<std::string> ReadKbuildSavedCommand(const std::string& cmd_file) {
  BF_ASSIGN_OR_RETURN(std::string text, ReadFile(cmd_file, 64 << 20));
  size_t pos = 0;
  uint32_t line_no = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line(text.data() + pos, eol - pos);
    ++line_no;
    pos = eol + 1;
    if (!absl::StartsWith(absl::string_view(line.data(), line.size()), "savedcmd_") &&
        !absl::StartsWith(absl::string_view(line.data(), line.size()), "cmd_")) {
      continue;
    }
    size_t assign = line.find(":=");
    if (assign == std::string_view::npos) continue;
    std::string_view cmd = line.substr(assign + 2);
    // Undo make's escaping as Kbuild writes it (`$$` -> `$`, `\#` -> `#`).
    std::string out;
    for (size_t i = 0; i < cmd.size(); ++i) {
      if (cmd[i] == '$' && i + 1 < cmd.size() && cmd[i + 1] == '$') {
        out.push_back('$');
        ++i;
      } else if (cmd[i] == '\\' && i + 1 < cmd.size() && cmd[i + 1] == '#') {
        out.push_back('#');
        ++i;
      } else {
        out.push_back(cmd[i]);
      }
    }
    return out;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(cmd_file, ":", line_no, ": no 'savedcmd_<target> := <command>' line found; "
                   "is this a Kbuild .cmd file?"));
}

absl::StatusOr<BindgenCommand> ParseBindgenCommand(const std::vector<std::string>& argv,
                                                   std::string_view source) {
  BindgenCommand out;
  size_t i = 0;
  // Skip env assignments and find the bindgen executable.
  while (i < argv.size() && argv[i].find('=') != std::string::npos && argv[i][0] != '-') ++i;
  if (i >= argv.size() || !absl::EndsWith(argv[i], "bindgen")) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(source), ": the recorded command is not a bindgen invocation"));
  }
  ++i;
  // bindgen options that take a value (the ones rust/Makefile and
  // bindgen_parameters use, and the common rest).
  static const char* kWithValue[] = {
      "-o", "--output", "--rust-target", "--ctypes-prefix", "--blocklist-type",
      "--blocklist-function", "--blocklist-item", "--blocklist-var", "--blocklist-file",
      "--allowlist-type", "--allowlist-function", "--allowlist-var", "--allowlist-file",
      "--opaque-type", "--no-debug", "--no-copy", "--no-default", "--no-partialeq",
      "--no-hash", "--raw-line", "--module-raw-line", "--default-enum-style",
      "--bitfield-enum", "--newtype-enum", "--rustified-enum", "--constified-enum",
      "--constified-enum-module", "--default-macro-constant-type", "--default-alias-style",
      "--new-type-alias", "--new-type-alias-deref", "--type-alias", "--use-array-pointers-in-arguments",
      "--with-derive-custom", "--dynamic-loading", "--wasm-import-module-name",
      "--emit-ir-graphviz", "--module-prefix", "--formatter", "--rustfmt-configuration-file",
      "--override-abi", "--wrap-static-fns-path", "--wrap-static-fns-suffix", "--depfile",
      "--merge-extern-blocks"};
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      out.clang_args.assign(argv.begin() + static_cast<long>(i) + 1, argv.end());
      break;
    }
    if (!a.empty() && a[0] == '-') {
      out.bindgen_args.push_back(a);
      bool takes = false;
      for (const char* w : kWithValue) takes = takes || a == w;
      if (takes && i + 1 < argv.size()) out.bindgen_args.push_back(argv[++i]);
      continue;
    }
    if (out.header.empty()) {
      out.header = a;
    } else {
      out.bindgen_args.push_back(a);
    }
  }
  if (out.header.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(source), ": bindgen command has no input header"));
  }
  return out;
}

absl::StatusOr<KernelTree> DiscoverKernelTree(const std::string& dir_in) {
  KernelTree t;
  if (!Exists(dir_in)) {
    return absl::NotFoundError(absl::StrCat(dir_in, ": no such kernel build tree"));
  }
  t.objtree = AbsPath(dir_in);
  std::string cmd_file = Join(t.objtree, "rust/bindings/.bindings_generated.rs.cmd");
  if (!Exists(cmd_file)) {
    return absl::NotFoundError(absl::StrCat(
        cmd_file, ": not found. Is ", t.objtree,
        " a kernel build tree built with CONFIG_RUST=y (run 'make rust/bindings/bindings_generated.rs' first)?"));
  }
  BF_ASSIGN_OR_RETURN(std::string cmd, ReadKbuildSavedCommand(cmd_file));
  BF_ASSIGN_OR_RETURN(std::vector<std::string> argv, ShellSplit(cmd, cmd_file));
  BF_ASSIGN_OR_RETURN(BindgenCommand bc, ParseBindgenCommand(argv, cmd_file));
  // Kbuild runs commands from the objtree; paths are relative to it.
  t.flags_workdir = t.objtree;
  t.bindings_header = AbsPath(Join(t.objtree, bc.header));
  if (!Exists(t.bindings_header)) {
    return absl::NotFoundError(
        absl::StrCat(cmd_file, ": bindgen input ", bc.header, " not found under ", t.objtree));
  }
  // srctree: the header lives at <srctree>/rust/bindings/bindings_helper.h.
  const std::string suffix = "/rust/bindings/bindings_helper.h";
  t.srctree = absl::EndsWith(t.bindings_header, suffix)
                  ? t.bindings_header.substr(0, t.bindings_header.size() - suffix.size())
                  : t.objtree;
  for (std::string& a : bc.clang_args) {
    // Drop dependency-file side effects; keep everything layout-relevant.
    if (absl::StartsWith(a, "-Wp,-MMD") || absl::StartsWith(a, "-Wp,-MD")) continue;
    t.clang_flags.push_back(a);
  }
  if (Exists(t.srctree + "/rust/helpers/helpers.c")) t.helpers_source = t.srctree + "/rust/helpers/helpers.c";
  for (const std::string& rel :
       {t.srctree + "/rust/bindings/lib.rs", t.objtree + "/rust/bindings/bindings_generated.rs",
        t.objtree + "/rust/bindings/bindings_helpers_generated.rs"}) {
    if (Exists(rel)) t.rust_files.push_back(rel);
  }
  if (t.rust_files.empty()) {
    return absl::NotFoundError(absl::StrCat(t.objtree, ": no generated Rust bindings found"));
  }
  return t;
}

}  // namespace bindfuzz::driver
