#include "harness/driver/kbuild.h"

#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "harness/cflags/flag_readers.h"
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

absl::StatusOr<BindgenCommand> ParseBindgenCommand(const std::vector<std::string>& argv,
                                                   std::string_view source) {
  BindgenCommand out;
  size_t i = 0;  // the reader already dropped leading VAR=value assignments
  if (argv.empty() || !absl::EndsWith(argv[0], "bindgen")) {
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

absl::StatusOr<BindgenCommand> ReadBindgenCmdFile(const std::string& cmd_file,
                                                  std::string* objtree) {
  BF_ASSIGN_OR_RETURN(std::vector<std::string> argv,
                      cflags::FlagsFromKbuildCmdFile(cmd_file, objtree));
  return ParseBindgenCommand(argv, cmd_file);
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
  BF_ASSIGN_OR_RETURN(BindgenCommand bc, ReadBindgenCmdFile(cmd_file, nullptr));
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
  // As recorded: the C front end's flag allow-list drops what must not run
  // (dependency files such as -Wp,-MMD,...), whatever the flag source.
  t.clang_flags = std::move(bc.clang_args);
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
