#include "harness/rust_frontend/rustc_oracle.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"

extern char** environ;

namespace bindfuzz::rust_frontend {
namespace {

namespace fs = std::filesystem;

bool IsAsciiIdent(std::string_view s) {
  if (s.empty()) return false;
  auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!start(s[0])) return false;
  for (char c : s)
    if (!start(c) && !(c >= '0' && c <= '9')) return false;
  return s != "_";
}

// A path component or field as Rust source, or "" if it cannot be named.
std::string SafeIdent(std::string_view name, bool allow_index) {
  bool raw = name.substr(0, 2) == "r#";
  std::string_view bare = raw ? name.substr(2) : name;
  if (allow_index && !bare.empty() && !raw) {
    bool digits = true;
    for (char c : bare) digits = digits && c >= '0' && c <= '9';
    if (digits && bare.size() < 10 && (bare == "0" || bare[0] != '0')) return std::string(bare);
  }
  if (!IsAsciiIdent(bare)) return "";
  if (bare == "self" || bare == "super" || bare == "crate" || bare == "Self") return "";
  if (bare.substr(0, 5) == "__bf_") return "";  // reserved for the probe
  if (raw || IsRustKeyword(bare)) return absl::StrCat("r#", absl::string_view(bare.data(), bare.size()));
  return std::string(bare);
}

struct ProcResult {
  int exit_code = -1;
  bool timed_out = false;
  std::string out, err;
};

absl::StatusOr<ProcResult> RunProcess(const std::vector<std::string>& argv, const std::string& dir,
                                      int timeout_seconds) {
  std::string out_path = dir + "/.proc_stdout", err_path = dir + "/.proc_stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return absl::InternalError(absl::StrCat("cannot run ", argv[0], ": ", std::strerror(rc)));
  ProcResult res;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  int status = 0;
  while (true) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) return absl::InternalError("waitpid failed");
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);  // the child we started
      waitpid(pid, &status, 0);
      res.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!res.timed_out) res.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto o = ReadFile(out_path, uint64_t{1} << 30);
  auto e = ReadFile(err_path, uint64_t{1} << 30);
  if (o.ok()) res.out = std::move(*o);
  if (e.ok()) res.err = std::move(*e);
  return res;
}

std::string Tail(const std::string& s, size_t n) {
  return s.size() <= n ? s : "..." + s.substr(s.size() - n);
}
std::string Head(const std::string& s, size_t n) { return s.size() <= n ? s : s.substr(0, n) + "..."; }

std::string GeneratedFfi(const RustFrontendOptions& o) {
  bool char_signed = o.c_char_signed.value_or(o.target_triple.rfind("aarch64", 0) != 0);
  return absl::StrCat(
      "pub type c_char = ", char_signed ? "i8" : "u8", ";\n",
      "pub type c_schar = i8;\npub type c_uchar = u8;\npub type c_short = i16;\n"
      "pub type c_ushort = u16;\npub type c_int = i32;\npub type c_uint = u32;\n"
      "pub type c_long = isize;\npub type c_ulong = usize;\npub type c_longlong = i64;\n"
      "pub type c_ulonglong = u64;\npub type c_float = f32;\npub type c_double = f64;\n"
      "pub use core::ffi::c_void;\n");
}

// Top-level names a file defines or imports (to avoid clashing imports).
std::set<std::string> TopLevelNames(const SourceFileAst& ast) {
  std::set<std::string> n;
  for (const Item& it : ast.items) {
    if (!it.name.empty()) n.insert(it.name);
    for (const UseEntry& u : it.uses) {
      if (!u.alias.empty()) n.insert(u.alias);
      else if (!u.path.empty()) n.insert(u.path.back());
    }
  }
  return n;
}

}  // namespace

std::string Disagreement::ToString() const {
  auto v = [](const std::optional<uint64_t>& x) { return x ? std::to_string(*x) : std::string("?"); };
  return absl::StrCat(item, field.empty() ? "" : ".", field, " ", what, ": parser=", v(parser),
                      " rustc=", v(rustc), detail.empty() ? "" : " (", detail, detail.empty() ? "" : ")");
}

absl::StatusOr<std::string> FindRustc() {
  const char* path = std::getenv("PATH");
  if (!path) return absl::NotFoundError("PATH is not set; cannot find rustc");
  for (absl::string_view dir : absl::StrSplit(path, ':')) {
    if (dir.empty()) continue;
    std::string cand = absl::StrCat(dir, "/rustc");
    if (access(cand.c_str(), X_OK) == 0) return cand;
  }
  return absl::NotFoundError("rustc not found on PATH");
}

absl::StatusOr<std::string> BlankInnerAttributes(const RustSource& source) {
  BF_ASSIGN_OR_RETURN(std::unique_ptr<LexedFile> lex, Lex(source.name, source.text, LexOptions{}));
  std::string out = source.text;
  auto blank = [&](uint32_t b, uint32_t e) {
    for (uint32_t i = b; i < e && i < out.size(); ++i)
      if (out[i] != '\n') out[i] = ' ';
  };
  const auto& t = lex->tokens;
  int depth = 0;
  // Shebang / BOM before the first token.
  uint32_t first = t.empty() ? 0 : t[0].begin;
  if (first > 0 && source.text.compare(0, 2, "#!") == 0) blank(0, first);
  for (size_t i = 0; i < t.size(); ++i) {
    const Token& k = t[i];
    if (k.kind == TokKind::kDoc && k.inner && depth == 0) {
      blank(k.begin, k.end);
      continue;
    }
    if (k.kind != TokKind::kPunct) continue;
    if (depth == 0 && k.punct == '#' && i + 2 < t.size() && t[i + 1].kind == TokKind::kPunct &&
        t[i + 1].punct == '!' && t[i + 2].kind == TokKind::kPunct && t[i + 2].punct == '[') {
      const Token& close = t[t[i + 2].match];
      blank(k.begin, close.end);
      i = t[i + 2].match;
      continue;
    }
    if (k.punct == '(' || k.punct == '[' || k.punct == '{') ++depth;
    if (k.punct == ')' || k.punct == ']' || k.punct == '}') --depth;
  }
  return out;
}

absl::StatusOr<std::string> GenerateProbe(const std::vector<RustSource>& sources,
                                          const RustExtraction& parsed, bool have_ffi_file,
                                          const RustFrontendOptions& options,
                                          std::vector<size_t>* probed, size_t* skipped) {
  probed->clear();
  *skipped = 0;
  std::vector<std::set<std::string>> names(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    BF_ASSIGN_OR_RETURN(std::unique_ptr<LexedFile> lex, Lex(sources[i].name, sources[i].text, LexOptions{}));
    BF_ASSIGN_OR_RETURN(SourceFileAst ast, ParseFile(*lex, ParseOptions{}));
    names[i] = TopLevelNames(ast);
  }
  std::vector<std::string> sa(sources.size()), of(sources.size());
  for (size_t fi = 0; fi < parsed.facts.size(); ++fi) {
    const RustLayoutFact& f = parsed.facts[fi];
    bool unsized = f.why_unknown.find("unsized") != std::string::npos ||
                   f.why_unknown.find("generic") != std::string::npos;
    if (f.file_index >= sources.size() || !f.accessible || f.rust_path.empty() || unsized ||
        (!f.field.empty() && !f.field_public)) {
      ++*skipped;
      continue;
    }
    std::vector<std::string> comps;
    bool ok = true;
    for (const std::string& c : f.rust_path) {
      std::string s = SafeIdent(c, false);
      if (s.empty()) ok = false;
      comps.push_back(s);
    }
    std::string field;
    if (!f.field.empty()) {
      field = SafeIdent(f.rust_field, true);
      if (field.empty()) ok = false;
    }
    if (!ok) {
      ++*skipped;
      continue;
    }
    std::string ty = absl::StrCat("super::", absl::StrJoin(comps, "::"));
    size_t id = probed->size();
    probed->push_back(fi);
    if (f.field.empty()) {
      absl::StrAppend(&sa[f.file_index], "        (", id, ", ::core::mem::size_of::<", ty,
                      ">(), ::core::mem::align_of::<", ty, ">()),\n");
    } else {
      absl::StrAppend(&of[f.file_index], "        (", id, ", ::core::mem::offset_of!(", ty, ", ", field, ")),\n");
    }
  }
  std::string m;
  absl::StrAppend(&m,
                  "// Generated by bindfuzz's rustc oracle: layouts of the inputs as rustc sees them.\n"
                  "#![allow(warnings)]\n\n"
                  "#[allow(warnings)]\nmod ffi {\n",
                  have_ffi_file ? "    include!(\"ffi.rs\");\n" : GeneratedFfi(options),
                  "}\n#[allow(warnings)]\nmod libc {\n    pub use super::ffi::*;\n}\n\n");
  for (size_t i = 0; i < sources.size(); ++i) {
    absl::StrAppend(&m, "// input ", i, "\n#[allow(warnings)]\nmod __bf_in_", i, " {\n");
    if (!names[i].count("ffi")) absl::StrAppend(&m, "    use super::ffi;\n");
    if (!names[i].count("libc")) absl::StrAppend(&m, "    use super::libc;\n");
    for (size_t j = 0; j < sources.size(); ++j)
      if (j != i) absl::StrAppend(&m, "    use super::__bf_in_", j, "::*;\n");
    absl::StrAppend(&m, "    include!(\"in_", i, ".rs\");\n", "    pub(crate) mod __bf_probe {\n",
                    "        pub(crate) static SA: &[(u32, usize, usize)] = &[\n", sa[i], "        ];\n",
                    "        pub(crate) static OF: &[(u32, usize)] = &[\n", of[i], "        ];\n", "    }\n}\n\n");
  }
  absl::StrAppend(&m, "fn main() {\n    use std::fmt::Write as _;\n    use std::io::Write as _;\n",
                  "    let mut out = String::new();\n");
  for (size_t i = 0; i < sources.size(); ++i) {
    absl::StrAppend(&m, "    for &(i, s, a) in __bf_in_", i,
                    "::__bf_probe::SA { let _ = writeln!(out, \"S {} {} {}\", i, s, a); }\n", "    for &(i, o) in __bf_in_",
                    i, "::__bf_probe::OF { let _ = writeln!(out, \"O {} {}\", i, o); }\n");
  }
  absl::StrAppend(&m, "    std::io::stdout().write_all(out.as_bytes()).unwrap();\n}\n");
  return m;
}

absl::StatusOr<OracleReport> RunRustcOracle(const std::vector<RustSource>& sources, const RustExtraction& parsed,
                                            const RustFrontendOptions& options, const OracleOptions& oracle) {
  auto t0 = std::chrono::steady_clock::now();
  OracleReport rep;
  std::string rustc = oracle.rustc;
  if (rustc.empty()) {
    BF_ASSIGN_OR_RETURN(rustc, FindRustc());
  }
  // Work directory.
  std::string dir = oracle.work_dir;
  bool made_dir = false;
  if (dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = absl::StrCat(tmp && *tmp ? tmp : "/tmp", "/bindfuzz-rustc-oracle-XXXXXX");
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) return absl::InternalError(absl::StrCat("mkdtemp failed: ", std::strerror(errno)));
    dir = buf.data();
    made_dir = true;
  } else {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return absl::InternalError(absl::StrCat("cannot create ", dir, ": ", ec.message()));
  }
  struct Cleanup {
    std::string dir;
    bool on;
    ~Cleanup() {
      if (on) {
        std::error_code ec;
        fs::remove_all(dir, ec);
      }
    }
  } cleanup{dir, made_dir && !oracle.keep_work_dir};
  if (oracle.keep_work_dir || !made_dir) rep.work_dir = dir;

  // Host check.
  BF_ASSIGN_OR_RETURN(ProcResult ver, RunProcess({rustc, "-vV"}, dir, 60));
  if (ver.exit_code != 0) return absl::FailedPreconditionError(absl::StrCat(rustc, " -vV failed: ", Tail(ver.err, 2000)));
  std::string host;
  for (absl::string_view line : absl::StrSplit(ver.out, '\n')) {
    if (absl::StartsWith(line, "host: ")) host = std::string(line.substr(6));
    if (absl::StartsWith(line, "rustc ")) rep.rustc_version = std::string(line);
  }
  std::string want_arch = options.target_triple.substr(0, options.target_triple.find('-'));
  std::string host_arch = host.substr(0, host.find('-'));
  if (want_arch != host_arch || host.find("linux") == std::string::npos) {
    return absl::UnimplementedError(absl::StrCat("the rustc oracle runs probes on the host (", host,
                                                 "); target ", options.target_triple, " cannot be checked"));
  }

  // Inputs.
  for (size_t i = 0; i < sources.size(); ++i) {
    BF_ASSIGN_OR_RETURN(std::string blanked, BlankInnerAttributes(sources[i]));
    BF_RETURN_IF_ERROR(WriteFile(absl::StrCat(dir, "/in_", i, ".rs"), blanked));
  }
  bool have_ffi = !oracle.ffi_module_file.empty();
  if (have_ffi) {
    BF_ASSIGN_OR_RETURN(std::string ffi_text, ReadFile(oracle.ffi_module_file, options.max_input_bytes));
    BF_ASSIGN_OR_RETURN(std::string blanked, BlankInnerAttributes({oracle.ffi_module_file, ffi_text}));
    BF_RETURN_IF_ERROR(WriteFile(dir + "/ffi.rs", blanked));
  }
  std::vector<size_t> probed;
  size_t skipped = 0;
  BF_ASSIGN_OR_RETURN(std::string main_rs, GenerateProbe(sources, parsed, have_ffi, options, &probed, &skipped));
  rep.skipped = skipped;
  BF_RETURN_IF_ERROR(WriteFile(dir + "/main.rs", main_rs));

  auto tc = std::chrono::steady_clock::now();
  std::vector<std::string> compile = {rustc, "--edition", "2021", "--crate-type", "bin", "--crate-name",
                                      "bindfuzz_probe", "--cap-lints", "allow", "-C", "opt-level=0", "-C",
                                      "debuginfo=0", "-o", dir + "/probe", dir + "/main.rs"};
  for (const std::string& c : oracle.cfgs) compile.insert(compile.end() - 1, {"--cfg", c});
  BF_ASSIGN_OR_RETURN(ProcResult comp, RunProcess(compile, dir, oracle.timeout_seconds));
  rep.compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - tc).count();
  if (comp.timed_out) return absl::DeadlineExceededError("rustc timed out compiling the probe");
  if (comp.exit_code != 0) {
    // The probe's path only when the directory outlives this call.
    return absl::FailedPreconditionError(absl::StrCat("rustc could not compile the probe",
                                                      rep.work_dir.empty() ? "" : absl::StrCat(" (", dir, "/main.rs)"),
                                                      ": ", Head(comp.err, 4000)));
  }
  BF_ASSIGN_OR_RETURN(ProcResult run, RunProcess({dir + "/probe"}, dir, oracle.timeout_seconds));
  if (run.timed_out || run.exit_code != 0) {
    return absl::InternalError(absl::StrCat("the probe failed (exit ", run.exit_code, "): ", Tail(run.err, 2000)));
  }
  std::vector<bool> seen(probed.size(), false);
  for (absl::string_view line : absl::StrSplit(run.out, '\n', absl::SkipEmpty())) {
    std::vector<std::string> w = absl::StrSplit(line, ' ', absl::SkipEmpty());
    uint64_t id = 0, a = 0, b = 0;
    bool ok = w.size() >= 3 && (w[0] == "S" || w[0] == "O");
    ok = ok && absl::SimpleAtoi(w[1], &id) && id < probed.size() && absl::SimpleAtoi(w[2], &a);
    if (ok && w[0] == "S") ok = w.size() == 4 && absl::SimpleAtoi(w[3], &b);
    if (!ok) return absl::InternalError(absl::StrCat("unexpected probe output line: ", std::string(line)));
    seen[id] = true;
    const RustLayoutFact& f = parsed.facts[probed[id]];
    if (w[0] == "S") {
      ++rep.types_checked;
      if (f.size != a) rep.disagreements.push_back({f.item, "", f.size ? "size" : "parser-unknown", f.size, a, f.why_unknown});
      if (f.align != b) rep.disagreements.push_back({f.item, "", f.align ? "align" : "parser-unknown", f.align, b, f.why_unknown});
    } else {
      ++rep.fields_checked;
      if (f.offset != a)
        rep.disagreements.push_back({f.item, f.field, f.offset ? "offset" : "parser-unknown", f.offset, a, f.why_unknown});
    }
  }
  for (size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i]) return absl::InternalError(absl::StrCat("probe output lacks entry ", i));
  }
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace bindfuzz::rust_frontend
