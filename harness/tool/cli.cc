#include "harness/tool/cli.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace bindfuzz::cli {

const std::vector<OptionSpec>& AllOptions() {
  static const auto* kOptions = new std::vector<OptionSpec>{
#define BF_OPTION(id, name, takes_value, repeatable, cmds, metavar, help) \
  {Opt::id, name, takes_value, repeatable, cmds, metavar, help},
#include "harness/tool/cli_options.def"
#undef BF_OPTION
  };
  return *kOptions;
}

const std::vector<CommandSpec>& AllCommands() {
  static const auto* kCommands = new std::vector<CommandSpec>{
      {"check", "bindfuzz check [C inputs] (--rust FILE... | --crate CRATE) [options]",
       "Reads the C truth (headers with their real flags, or BTF) and the Rust assumption\n"
       "(bindgen output or #[repr(C)] Rust), compares them and reports every mismatch with\n"
       "what a Rust access would do. Exit 0: clean; 1: findings (with --baseline: new errors;\n"
       "waived findings never count); 2: tool error.",
       "  # Rust bindings of a kernel built with CONFIG_RUST=y, flags found in its .cmd files:\n"
       "  bindfuzz check --kernel-tree ~/linux-build\n"
       "  # Explicit header, flags and bindings:\n"
       "  bindfuzz check --c-header rust/bindings/bindings_helper.h --c-flags-file c_flags.txt \\\n"
       "      --rust rust/bindings/lib.rs --rust bindings_generated.rs --c-char unsigned\n"
       "  # Against the BTF of the running kernel, SARIF for code scanning:\n"
       "  bindfuzz check --btf /sys/kernel/btf/vmlinux --rust bindings.rs --format sarif -o out.sarif\n"
       "  # In CI: fail only on new errors, accept listed findings until a date, keep an HTML report:\n"
       "  bindfuzz check --kernel-tree . --baseline baseline.json --waivers waivers.txt --report-dir out\n"
       "  # A -sys crate against its library's header and compile_commands.json:\n"
       "  bindfuzz check --c-header /usr/include/zlib.h --rust src/lib.rs\n"
       "  # The same crate as rustc reads it (mod files, #[cfg], macros; Debian's librust-libz-sys-dev):\n"
       "  bindfuzz check --c-header /usr/include/zlib.h --crate libz-sys@1.1.8 --features libc"},
      {"extract-c", "bindfuzz extract-c --c-header FILE [flags] [-o contract.json]",
       "Runs the Clang 19 front end and writes the C contract as JSON.",
       "  bindfuzz extract-c --c-header foo.h --c-flag=-DFOO=1 -o c.json"},
      {"extract-rust", "bindfuzz extract-rust (--rust FILE... | --crate CRATE) [-o contract.json]",
       "Parses Rust files (bindgen output, #[repr(C)] Rust), or a crate as rustc expands it,\n"
       "and writes what the Rust side believes as a contract JSON, with layouts computed by\n"
       "Rust's rules.",
       "  bindfuzz extract-rust --rust src/bindings.rs -o rust.json\n"
       "  bindfuzz extract-rust --crate path/to/crate --cfg newlib --save-expanded out/ -o rust.json"},
      {"extract-btf", "bindfuzz extract-btf --btf FILE [-o contract.json]",
       "Reads BTF (a vmlinux ELF or raw BTF such as /sys/kernel/btf/vmlinux) with libbpf.",
       "  bindfuzz extract-btf --btf /sys/kernel/btf/vmlinux -o btf.json"},
      {"diff", "bindfuzz diff TRUTH.json ASSUMED.json [--format text|json|sarif]",
       "Compares two contracts (e.g. from extract-c and extract-rust). Exit 0/1/2 as check.",
       "  bindfuzz diff c.json rust.json --format sarif -o report.sarif\n"
       "  bindfuzz diff c-amd64.json c-rt.json      # C vs C: what changes between configs"},
      {"oracle", "bindfuzz oracle --rust FILE... [-o disagreements.txt]",
       "Checks bindfuzz's Rust layout engine against rustc: compiles a probe crate that prints\n"
       "size_of/align_of/offset_of! of every type and compares. For a --target other than the\n"
       "host, rustc lays the types out through a #![no_core] probe (no standard library needed).\n"
       "Exit 1 on any disagreement.",
       "  bindfuzz oracle --rust rust/bindings/lib.rs --rust bindings_generated.rs --c-char unsigned"},
      {"gen", "bindfuzz gen [C inputs] --rust FILE... --out-dir DIR [--records R1,R2]\n"
              "       bindfuzz gen --spec FILE.bfspec [--c-header H]... [--c-source F]... --out-dir DIR",
       "Generates a libFuzzer target that turns layout findings into sanitizer reports: a C\n"
       "translation unit compiled from the real headers (static asserts pin the C layout; field\n"
       "accessors go through the real C types) and a C++ target that accesses each object as\n"
       "Rust lays it out (ASan heap-buffer-overflow when Rust believes it larger; the tag line\n"
       "BINDFUZZ-MISMATCH: field-offset when a field lies elsewhere). DIR/build.sh builds it.\n"
       "With --spec: a lifetime fuzzer instead, which runs the call sequences an ownership spec\n"
       "allows against the real C (--c-source) and names the spec line whose assumption fails.",
       "  bindfuzz gen --c-header rust/bindings/bindings_helper.h --c-flags-file rt/c_flags.txt \\\n"
       "      --rust rust/bindings/lib.rs --rust bindings_generated.rs --c-char unsigned \\\n"
       "      --records file,inode --out-dir out/gen && out/gen/build.sh && out/gen/layout_fuzzer\n"
       "  # A lifetime fuzzer from an ownership spec, against the real C implementation:\n"
       "  bindfuzz gen --spec sqlite.bfspec --c-header /usr/include/sqlite3.h --c-source glue.c \\\n"
       "      --name sqlite --out-dir out/sqlite && out/sqlite/build.sh && out/sqlite/sqlite_fuzzer"},
      {"infer", "bindfuzz infer DIR-or-FILE... [--ffi-module MOD]... [-o out.bfspec]",
       "Proposes an ownership spec (docs/spec-format.md) from Rust abstraction source: the get/put\n"
       "of AlwaysRefCounted impls, the release function of Drop impls, ForeignOwnable types,\n"
       "from_err_ptr (ERR_PTR), NonNull::new / is_null (NULL) and ARef::from_raw (owned) on C\n"
       "calls, and borrows tied to &self. What it cannot model is a note; unknown arguments are\n"
       "'_' and unstated ownership 'ptr', to complete by hand. The output always parses.",
       "  # The Linux kernel's Rust abstractions:\n"
       "  bindfuzz infer linux-6.12/rust/kernel -o kernel.bfspec\n"
       "  # A user-space -sys binding crate whose C calls are ffi::f(..):\n"
       "  bindfuzz infer /usr/share/cargo/registry/rusqlite-0.28.0/src -o rusqlite.bfspec\n"
       "  # Bindings imported under another name:\n"
       "  bindfuzz infer src/lib.rs --ffi-module sys"},
      {"spec", "bindfuzz spec FILE.bfspec [--format text|json] [-o out]",
       "Checks an ownership spec and prints it: canonical text (default) or the lossless JSON\n"
       "the generators read. A bad spec exits 2 with file:line:col and what is wrong.",
       "  bindfuzz spec sqlite.bfspec                  # check and print canonically\n"
       "  bindfuzz spec sqlite.bfspec --format json -o sqlite.json"},
      {"explain", "bindfuzz explain [--fuzzer BIN] CRASH-OR-LOG... [REPORT.json | --report FILE] [--format text|json]",
       "Says what a crash of a generated target witnesses: the sanitizer report and tag line, what\n"
       "the input touched, what Rust believes and what C has, and, given the report.json of the\n"
       "check run, the finding(s) it demonstrates with file:line on both sides, or that it\n"
       "demonstrates none. Inputs are logs, or with --fuzzer crash inputs it replays once with\n"
       "BINDFUZZ_TRACE=1; a directory stands for the libFuzzer artifacts in it (crash-*, leak-*,\n"
       "timeout-*, oom-*); an argument ending in .json is the\n"
       "report. Several inputs (or a directory) print a table per record and\n"
       "'crashes: N; witnesses of a check finding: W; other: O'. Exit 0: every input\n"
       "witnesses a finding (without a report: reproduced); 1: one does not; 2: tool error.",
       "  bindfuzz explain --fuzzer out/gen/layout_fuzzer crash-<sha1> work/reports/<pair>/report.json\n"
       "  bindfuzz explain fuzz.log report.json          # a log that holds the crash's report\n"
       "  bindfuzz explain --fuzzer out/gen/layout_fuzzer crashes/ report.json   # a table for a campaign"},
      {"targets", "bindfuzz targets", "Lists the supported targets (Rust triple, clang triple) and the C headers each is parsed with here (Debian's cross sysroots where installed, else freestanding).", ""},
      {"kinds", "bindfuzz kinds", "Lists every finding kind with its severity and meaning.", ""},
      {"version", "bindfuzz version", "Prints the version, the Clang it was built with and where it finds the runtime and shim sources generated targets compile.", ""},
  };
  return *kCommands;
}

const std::vector<std::string>& ParsedArgs::Values(Opt o) const {
  static const std::vector<std::string> kEmpty;
  auto it = values.find(o);
  return it == values.end() ? kEmpty : it->second;
}

std::string ParsedArgs::Value(Opt o, const std::string& fallback) const {
  auto it = values.find(o);
  return it == values.end() || it->second.empty() ? fallback : it->second.back();
}

namespace {

bool AllowedIn(const OptionSpec& spec, const std::string& command) {
  if (std::string(spec.commands) == "*") return true;
  for (absl::string_view c : absl::StrSplit(spec.commands, ' ', absl::SkipEmpty())) {
    if (c == command) return true;
  }
  return false;
}

const CommandSpec* FindCommand(const std::string& name) {
  for (const CommandSpec& c : AllCommands()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args) {
  ParsedArgs out;
  if (args.empty()) return absl::InvalidArgumentError("no command given (try 'bindfuzz --help')");
  out.command = args[0];
  if (out.command == "--help" || out.command == "-h" || out.command == "help") {
    out.command = "help";
    if (args.size() > 1) out.positional.push_back(args[1]);
    return out;
  }
  if (out.command == "--version") out.command = "version";
  if (FindCommand(out.command) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown command '", out.command, "' (try 'bindfuzz --help')"));
  }
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      out.positional.insert(out.positional.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (a.size() < 2 || a[0] != '-') {
      out.positional.push_back(a);
      continue;
    }
    std::string name = a, value;
    bool has_inline = false;
    if (size_t eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      has_inline = true;
    }
    if (name == "-h") name = "--help";
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& s : AllOptions()) {
      if (name == s.name) spec = &s;
    }
    if (spec == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown option '", name, "' for '", out.command, "' (try 'bindfuzz ",
                       out.command, " --help')"));
    }
    if (!AllowedIn(*spec, out.command)) {
      return absl::InvalidArgumentError(
          absl::StrCat("option '", name, "' does not apply to '", out.command, "'"));
    }
    if (spec->takes_value && !has_inline) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("option '", name, "' needs a value (", spec->metavar, ")"));
      }
      value = args[++i];
    } else if (!spec->takes_value && has_inline) {
      return absl::InvalidArgumentError(absl::StrCat("option '", name, "' takes no value"));
    }
    auto& vals = out.values[spec->id];
    if (!vals.empty() && !spec->repeatable) {
      return absl::InvalidArgumentError(absl::StrCat("option '", name, "' given more than once"));
    }
    vals.push_back(value);
  }
  return out;
}

std::string GeneralHelp() {
  std::string out =
      "bindfuzz: proves whether Rust bindings agree with the C they bind.\n\n"
      "usage: bindfuzz <command> [options]\n\ncommands:\n";
  for (const CommandSpec& c : AllCommands()) {
    std::string first_line(c.description);
    first_line = first_line.substr(0, first_line.find('\n'));
    absl::StrAppend(&out, "  ", c.name, std::string(14 - std::string(c.name).size(), ' '),
                    first_line, "\n");
  }
  absl::StrAppend(&out,
                  "\n'bindfuzz <command> --help' shows a command's options and examples.\n"
                  "Exit status: 0 clean, 1 findings, 2 tool error (bad input, missing file, wrong flags).\n");
  return out;
}

std::string CommandHelp(const std::string& command) {
  const CommandSpec* c = FindCommand(command);
  if (c == nullptr) return GeneralHelp();
  std::string out = absl::StrCat("usage: ", c->synopsis, "\n\n", c->description, "\n\noptions:\n");
  for (const OptionSpec& s : AllOptions()) {
    if (!AllowedIn(s, command)) continue;
    std::string left = s.name;
    if (s.takes_value) absl::StrAppend(&left, " ", s.metavar);
    if (left.size() < 28) left.resize(28, ' ');
    absl::StrAppend(&out, "  ", left, " ", s.help, s.repeatable ? "" : "", "\n");
  }
  if (*c->examples) absl::StrAppend(&out, "\nexamples:\n", c->examples, "\n");
  return out;
}

}  // namespace bindfuzz::cli
