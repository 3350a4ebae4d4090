#include "harness/confirm/c_probe.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/confirm/asm_data.h"
#include "harness/target/subprocess.h"
#include "harness/target/target.h"

namespace bindfuzz::confirm {
namespace {

namespace fs = std::filesystem;

constexpr char kProbeFile[] = "bindfuzz_probe.c";
constexpr char kFactPrefix[] = "bindfuzz_fact_";
constexpr char kMarker[] = "bindfuzz_marker";
constexpr size_t kMaxExprBytes = 64 * 1024;

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string FirstLines(const std::string& s, size_t n) {
  std::vector<std::string> out;
  for (absl::string_view l : absl::StrSplit(s, '\n', absl::SkipEmpty())) {
    if (out.size() == n) {
      out.push_back("...");
      break;
    }
    out.emplace_back(l);
  }
  return absl::StrJoin(out, "\n");
}

// Options that keep their value (joined or as the next argument).
constexpr const char* kWithValue[] = {"-I", "-D", "-U", "-include", "-imacros", "-isystem",
                                      "-idirafter", "-iquote", "--sysroot", "-isysroot"};
// Exact flags that change layout, types or macro values.
constexpr const char* kExact[] = {
    "-nostdinc", "-funsigned-char", "-fsigned-char", "-fno-signed-char", "-fno-unsigned-char",
    "-fshort-wchar", "-fno-short-wchar", "-fshort-enums", "-fno-short-enums", "-fpack-struct",
    "-m32", "-m64", "-mx32", "-malign-double", "-mno-align-double", "-fms-extensions",
    "-fplan9-extensions", "-ansi", "-funsigned-bitfields", "-fsigned-bitfields"};

std::string ComputeHostTriple() {
  auto dir = target::MakeTempDir("bindfuzz-dumpmachine-");
  if (!dir.ok()) return "";
  auto r = target::RunProcess({"gcc", "-dumpmachine"}, {.scratch_dir = *dir, .timeout_seconds = 30});
  fs::remove_all(*dir);
  if (!r.ok() || r->exit_code != 0) return "";
  return std::string(absl::StripAsciiWhitespace(r->out));
}

// gcc's own target, asked once per process.
const std::string& HostTriple() {
  static const std::string* host = new std::string(ComputeHostTriple());
  return *host;
}

std::string Arch(std::string_view triple) { return std::string(triple.substr(0, triple.find('-'))); }

bool IsX86(std::string_view arch) {
  return arch == "x86_64" || arch == "i386" || arch == "i486" || arch == "i586" || arch == "i686" ||
         arch == "amd64";
}

struct Compiler {
  std::vector<std::string> argv;  // program + target selection flags
  std::string name;               // "gcc 12.2.0"
  bool is_gcc = true;
};

std::string VersionOf(const std::string& program, bool gcc, const std::string& scratch) {
  std::vector<std::string> argv = {program, gcc ? "-dumpfullversion" : "--version"};
  auto r = target::RunProcess(argv, {.scratch_dir = scratch, .timeout_seconds = 30});
  if (!r.ok() || r->exit_code != 0) return "";
  std::string out(absl::StripAsciiWhitespace(r->out));
  if (gcc) return out;
  size_t v = out.find("version ");
  if (v == std::string::npos) return "";
  size_t e = out.find_first_of(" \n", v + 8);
  return out.substr(v + 8, e == std::string::npos ? std::string::npos : e - v - 8);
}

// Does `argv` compile an empty unit to assembly?
bool Works(const std::vector<std::string>& argv, const std::string& scratch) {
  std::string src = scratch + "/bindfuzz_empty.c";
  if (!WriteFile(src, "int bindfuzz_empty;\n").ok()) return false;
  std::vector<std::string> cmd = argv;
  cmd.insert(cmd.end(), {"-S", "-o", scratch + "/bindfuzz_empty.s", src});
  auto r = target::RunProcess(cmd, {.scratch_dir = scratch, .timeout_seconds = 60});
  return r.ok() && r->exit_code == 0;
}

// gcc for the target if one is installed, else clang with --target.
absl::StatusOr<Compiler> ChooseCompiler(const CProbeInputs& in, const CProbeOptions& o, const std::string& scratch) {
  std::string host = HostTriple();
  std::string want = in.clang_triple.empty() ? host : in.clang_triple;
  std::string arch = Arch(want);
  std::vector<std::vector<std::string>> gcc_candidates;
  if (!o.gcc.empty()) {
    gcc_candidates.push_back({o.gcc});
  } else if (!o.force_clang) {
    auto same = [](const std::string& x, const std::string& y) {
      return target::NormalizeClangTriple(x) == target::NormalizeClangTriple(y);
    };
    if (host.empty() || same(want, host)) {
      gcc_candidates.push_back({"gcc"});
    } else if (IsX86(Arch(host)) && (arch == "i386" || arch == "i486" || arch == "i586" || arch == "i686") &&
               absl::StrContains(want, "linux")) {
      gcc_candidates.push_back({"gcc", "-m32"});
    } else if (IsX86(Arch(host)) && absl::EndsWith(want, "gnux32")) {
      gcc_candidates.push_back({"gcc", "-mx32"});
    }
    // Debian's cross compilers: <multiarch triple>-gcc.
    std::string cross = want;
    if (StartsWith(cross, "armv7-")) cross = "arm-" + cross.substr(6);
    if (absl::EndsWith(cross, "-windows-gnu")) cross = cross.substr(0, cross.size() - 12) + "-mingw32";
    if (absl::EndsWith(cross, "-linux-musl") && IsX86(arch)) {
      gcc_candidates.push_back({"musl-gcc"});
    }
    gcc_candidates.push_back({cross + "-gcc"});
  }
  for (const auto& cand : gcc_candidates) {
    auto path = target::FindProgram(cand[0]);
    if (!path.ok()) continue;
    std::vector<std::string> argv = cand;
    argv[0] = *path;
    if (!Works(argv, scratch)) continue;
    return Compiler{argv, absl::StrCat("gcc ", VersionOf(*path, true, scratch)), true};
  }
  auto clang = target::FindProgram(o.clang.empty() ? "clang-19" : o.clang);
  if (!clang.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no C compiler for target ", want, ": no gcc for it and ", o.clang, " is not installed"));
  }
  std::vector<std::string> argv = {*clang, "--target=" + want};
  if (!Works(argv, scratch)) {
    return absl::FailedPreconditionError(absl::StrCat(*clang, " cannot compile for target ", want));
  }
  return Compiler{argv, absl::StrCat("clang ", VersionOf(*clang, false, scratch)), false};
}

std::string ObjectName(size_t i) { return absl::StrCat(kFactPrefix, i); }

std::string Absolute(const std::string& p, const std::string& workdir) {
  if (p.empty() || p[0] == '/') return p;
  std::error_code ec;
  fs::path base = workdir.empty() ? fs::current_path(ec) : fs::path(workdir);
  if (base.is_relative()) base = fs::current_path(ec) / base;
  return (base / p).lexically_normal().string();
}

}  // namespace

bool IsProbeSafeCIdentifier(std::string_view name) {
  static const std::set<std::string_view> kKeywords = {
      "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
      "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
      "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
      "volatile", "while", "_Bool", "_Complex", "_Imaginary", "_Alignas", "_Alignof", "_Atomic",
      "_Generic", "_Noreturn", "_Static_assert", "_Thread_local", "typeof", "asm", "__typeof__",
      "__asm__", "__attribute__", "__extension__", "__builtin_offsetof"};
  if (name.empty() || name.size() > 512) return false;
  auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!start(name[0])) return false;
  for (char c : name) {
    if (!start(c) && !(c >= '0' && c <= '9')) return false;
  }
  if (StartsWith(name, "bindfuzz_")) return false;
  return !kKeywords.count(name);
}

std::string UnsafeCFact(const CFact& fact) {
  size_t want = fact.kind == CFact::Kind::kObject ? 2 : fact.kind == CFact::Kind::kInts ? 0 : 1;
  if (fact.kind == CFact::Kind::kInts ? fact.exprs.empty() : fact.exprs.size() != want)
    return "malformed fact";
  if ((fact.kind == CFact::Kind::kSymbol || fact.kind == CFact::Kind::kStatic) && !IsProbeSafeCIdentifier(fact.exprs[0]))
    return "not a plain identifier";
  for (const std::string& e : fact.exprs) {
    if (e.empty() || e.size() > kMaxExprBytes) return "empty or oversized expression";
    // Brackets balance, and `;` only inside parentheses (the members of a
    // `sizeof(union { ... })`): a fact cannot end its declaration.
    std::string open;
    for (char c : e) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("_ ()*&,.[]<>+-~!?:=|^{}/").find(c) != std::string_view::npos ||
                (c == ';' && open.find('(') != std::string::npos);
      if (!ok) return absl::StrCat("character '", std::string(1, c), "' is not allowed in a probe expression");
      if (c == '(' || c == '[' || c == '{') open.push_back(c);
      if (c == ')' || c == ']' || c == '}') {
        char want = c == ')' ? '(' : c == ']' ? '[' : '{';
        if (open.empty() || open.back() != want) return "unbalanced brackets in a probe expression";
        open.pop_back();
      }
    }
    if (!open.empty()) return "unbalanced brackets in a probe expression";
    // Division, but no comment.
    if (e.find("//") != std::string::npos || e.find("/*") != std::string::npos || e.find("*/") != std::string::npos)
      return "a comment is not allowed in a probe expression";
  }
  return "";
}

std::vector<std::string> LayoutFlagsForGcc(const std::vector<std::string>& flags, std::vector<std::string>* dropped) {
  std::vector<std::string> out;
  auto drop = [&](const std::string& f) {
    if (dropped) dropped->push_back(f);
  };
  for (size_t i = 0; i < flags.size(); ++i) {
    const std::string& f = flags[i];
    bool kept = false;
    for (const char* w : kWithValue) {
      if (f == w) {
        if (i + 1 < flags.size()) {
          out.push_back(f);
          out.push_back(flags[++i]);
        } else {
          drop(f);
        }
        kept = true;
        break;
      }
      // Joined form: -Ifoo, -DX=1, --sysroot=/x; not -include/-imacros/-isystem... prefixes of other flags.
      size_t n = std::strlen(w);
      bool joinable = n == 2 || std::string_view(w) == "--sysroot";
      if (joinable && f.size() > n && f.compare(0, n, w) == 0 &&
          (n == 2 || f[n] == '=')) {
        out.push_back(f);
        kept = true;
        break;
      }
    }
    if (kept) continue;
    if (StartsWith(f, "-std=") || StartsWith(f, "-fpack-struct=") ||
        std::find(std::begin(kExact), std::end(kExact), f) != std::end(kExact)) {
      out.push_back(f);
      continue;
    }
    drop(f);
  }
  return out;
}

std::vector<CDiagnostic> ParseCDiagnostics(std::string_view text, std::string_view file) {
  std::vector<CDiagnostic> out;
  bool in_error = false;
  std::string function;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    // "<file>: In function 'f':" (gcc; quotes are ‘’ in UTF-8 locales).
    size_t in_fn = line.find(": In function ");
    if (in_fn != absl::string_view::npos) {
      absl::string_view rest = line.substr(in_fn + 14);
      for (absl::string_view q : {"\xe2\x80\x98", "'"}) absl::ConsumePrefix(&rest, q);
      size_t end = rest.find_first_of("\xe2'");
      function = std::string(rest.substr(0, end));
      continue;
    }
    if (absl::StrContains(line, ": At top level:")) function.clear();
    // "<file>:<line>:<col>: <kind>: <message>" (clang and gcc), or "cc1: error: ...".
    size_t kind_at = std::string_view::npos;
    std::string_view kind;
    for (std::string_view k : {": fatal error: ", ": error: ", ": note: ", ": warning: "}) {
      size_t p = std::string_view(line.data(), line.size()).find(k);
      if (p != std::string_view::npos && (kind_at == std::string_view::npos || p < kind_at)) {
        kind_at = p;
        kind = k;
      }
    }
    if (kind_at == std::string_view::npos) continue;
    // The location: <path>:<line>:<col>, where <path> names the probe file.
    std::string_view loc(line.data(), kind_at);
    uint32_t probe_line = 0;
    size_t c2 = loc.rfind(':');
    size_t c1 = c2 == std::string_view::npos || c2 == 0 ? std::string_view::npos : loc.rfind(':', c2 - 1);
    if (c1 != std::string_view::npos) {
      std::string_view path = loc.substr(0, c1);
      uint32_t l = 0;
      bool is_probe = path == file || (path.size() > file.size() && path.substr(path.size() - file.size()) == file &&
                                       path[path.size() - file.size() - 1] == '/');
      if (is_probe && absl::SimpleAtoi(absl::string_view(loc.data() + c1 + 1, c2 - c1 - 1), &l)) probe_line = l;
    }
    if (kind == ": error: " || kind == ": fatal error: ") {
      out.push_back({probe_line, function, std::string(line)});
      in_error = true;
    } else if (kind == ": note: " && in_error && out.back().probe_line == 0) {
      out.back().probe_line = probe_line;
    } else if (kind == ": warning: ") {
      in_error = false;
    }
  }
  return out;
}

std::string GenerateCProbe(const std::vector<std::string>& header_paths, const std::vector<CFact>& facts,
                           const std::vector<bool>& active, std::vector<uint32_t>* lines,
                           std::vector<std::string>* refused) {
  lines->assign(facts.size(), 0);
  refused->assign(facts.size(), "");
  std::string out =
      "/* Generated by bindfuzz check --confirm: the values an independent C compiler gives for the\n"
      "   findings, one global object per fact, read back from the assembly. */\n";
  uint32_t line = 2;  // lines written so far
  for (const std::string& h : header_paths) {
    absl::StrAppend(&out, "#include \"", h, "\"\n");
    ++line;
  }
  absl::StrAppend(&out, "const unsigned long long ", kMarker, " = 0x0102030405060708ull;\n");
  ++line;
  for (size_t i = 0; i < facts.size(); ++i) {
    if (!active[i]) continue;
    const CFact& f = facts[i];
    std::string why = UnsafeCFact(f);
    if (!why.empty()) {
      (*refused)[i] = why;
      continue;
    }
    const std::string name = ObjectName(i);
    switch (f.kind) {
      case CFact::Kind::kInts: {
        std::vector<std::string> e;
        for (const std::string& x : f.exprs) e.push_back(absl::StrCat("(unsigned long long)(", x, ")"));
        absl::StrAppend(&out, "const unsigned long long ", name, "[", f.exprs.size(), "] = { ",
                        absl::StrJoin(e, ", "), " };\n");
        break;
      }
      case CFact::Kind::kObject:
        absl::StrAppend(&out, "const ", f.exprs[0], " ", name, " = ", f.exprs[1], ";\n");
        break;
      case CFact::Kind::kString:
        absl::StrAppend(&out, "const char ", name, "[] = ", f.exprs[0], ";\n");
        break;
      case CFact::Kind::kDouble:
        absl::StrAppend(&out, "const double ", name, " = (double)(", f.exprs[0], ");\n");
        break;
      case CFact::Kind::kSymbol:
        absl::StrAppend(&out, "const void *const ", name, " = (const void *)&", f.exprs[0], ";\n");
        break;
      case CFact::Kind::kStatic:
        absl::StrAppend(&out, "static __typeof__(", f.exprs[0], ") ", f.exprs[0], "; const unsigned long long ", name,
                        "[1] = { 1 };\n");
        break;
    }
    (*lines)[i] = ++line;
  }
  return out;
}

absl::StatusOr<CProbeRun> RunCProbe(const CProbeInputs& in, const std::vector<CFact>& facts,
                                    const CProbeOptions& o) {
  auto t0 = std::chrono::steady_clock::now();
  CProbeRun run;
  run.results.resize(facts.size());

  std::string dir = o.work_dir;
  bool made = false;
  if (dir.empty()) {
    BF_ASSIGN_OR_RETURN(dir, target::MakeTempDir("bindfuzz-confirm-c-"));
    made = true;
  } else {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return absl::InternalError(absl::StrCat(dir, ": cannot create: ", ec.message()));
  }
  struct Cleanup {
    std::string dir;
    bool on;
    ~Cleanup() {
      std::error_code ec;
      if (on) fs::remove_all(dir, ec);
    }
  } cleanup{dir, made && !o.keep_work_dir};
  if (!made || o.keep_work_dir) run.work_dir = dir;

  std::vector<std::string> headers;
  for (const std::string& h : in.headers) {
    std::string p = Absolute(h, in.workdir);
    if (p.find_first_of(std::string("\"\n\r\\\0", 5)) != std::string::npos)
      return absl::InvalidArgumentError(absl::StrCat(h, ": header path contains a quote, backslash or newline"));
    if (!fs::is_regular_file(p)) return absl::InvalidArgumentError(absl::StrCat(h, ": no such file"));
    headers.push_back(p);
  }
  std::vector<std::string> flags = LayoutFlagsForGcc(in.flags, &run.dropped_flags);

  BF_ASSIGN_OR_RETURN(Compiler cc, ChooseCompiler(in, o, dir));
  const std::string want = in.clang_triple.empty() ? HostTriple() : in.clang_triple;
  const std::string src = dir + "/" + kProbeFile;
  const std::string asm_file = dir + "/bindfuzz_probe.s";

  auto command = [&](const Compiler& c) {
    std::vector<std::string> cmd = c.argv;
    cmd.insert(cmd.end(), flags.begin(), flags.end());
    // -O2 as real builds: kernel headers have asm constraints that only inlining satisfies.
    cmd.insert(cmd.end(), {"-x", "c", "-S", "-O2", "-w", "-fno-common"});
    if (c.is_gcc) {
      cmd.insert(cmd.end(), {"-fmax-errors=0", "-fno-diagnostics-show-caret", "-fdiagnostics-color=never"});
    } else {
      cmd.insert(cmd.end(), {"-ferror-limit=0", "-fno-caret-diagnostics", "-fno-color-diagnostics"});
    }
    return cmd;
  };

  struct Outcome {
    bool ok = false;
    std::string asm_text;
    std::vector<CDiagnostic> diags;
    std::string err;
  };
  std::vector<bool> done(facts.size(), false);
  bool base_checked = false;
  std::string headers_error;
  auto compile = [&](const Compiler& c, const std::vector<size_t>& set, std::vector<uint32_t>* lines,
                     std::vector<std::string>* refused) -> absl::StatusOr<Outcome> {
    std::vector<bool> active(facts.size(), false);
    for (size_t i : set) active[i] = true;
    std::string text = GenerateCProbe(headers, facts, active, lines, refused);
    BF_RETURN_IF_ERROR(WriteFile(src, text));
    std::vector<std::string> cmd = command(c);
    cmd.insert(cmd.end(), {"-o", asm_file, src});
    ++run.compiles;
    BF_ASSIGN_OR_RETURN(target::ProcessResult r,
                        target::RunProcess(cmd, {.scratch_dir = dir, .cwd = in.workdir, .timeout_seconds = o.timeout_seconds}));
    Outcome out;
    if (r.timed_out) {
      out.err = absl::StrCat(c.name, " timed out after ", o.timeout_seconds, " s");
      return out;
    }
    out.ok = r.exit_code == 0;
    out.diags = ParseCDiagnostics(r.err, kProbeFile);
    out.err = r.err;
    if (out.ok) {
      BF_ASSIGN_OR_RETURN(out.asm_text, ReadFile(asm_file));
    }
    return out;
  };

  auto fail = [&](size_t i, CFactResult::State s, std::string msg) {
    run.results[i].state = s;
    run.results[i].error = std::move(msg);
    done[i] = true;
  };

  auto read_values = [&](const std::vector<size_t>& set, const std::string& asm_text) {
    AsmOptions ao;
    ao.word_bytes = IsX86(Arch(want)) ? 2 : 4;
    AsmListing a = ParseAsm(asm_text, ao);
    std::optional<std::string> marker = a.DataOf(kMarker);
    std::string le("\x08\x07\x06\x05\x04\x03\x02\x01", 8), be("\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    if (marker && *marker == be) {
      ao.big_endian = true;
      a = ParseAsm(asm_text, ao);
    } else if (!marker || *marker != le) {
      for (size_t i : set) fail(i, CFactResult::State::kFailed, "cannot read the compiler's assembly output");
      return;
    }
    auto word = [&](const std::string& b, size_t k) {
      uint64_t v = 0;
      for (size_t j = 0; j < 8; ++j) {
        uint64_t byte = static_cast<unsigned char>(b[8 * k + j]);
        v |= ao.big_endian ? byte << (8 * (7 - j)) : byte << (8 * j);
      }
      return v;
    };
    for (size_t i : set) {
      const CFact& f = facts[i];
      CFactResult& res = run.results[i];
      if (f.kind == CFact::Kind::kSymbol) {
        const std::string& sym = f.exprs[0];
        res.symbol = !a.Defines(sym) ? "undefined" : a.IsGlobal(sym) ? "global" : "local";
        for (const std::string& r : a.RefsOf(ObjectName(i))) res.refs.push_back(r);
        res.state = CFactResult::State::kValue;
        done[i] = true;
        continue;
      }
      std::optional<std::string> b = a.DataOf(ObjectName(i));
      if (!b) {
        fail(i, CFactResult::State::kFailed, "the value is not in the compiler's assembly output");
        continue;
      }
      if (f.kind == CFact::Kind::kInts || f.kind == CFact::Kind::kStatic) {
        size_t n = f.kind == CFact::Kind::kStatic ? 1 : f.exprs.size();
        if (b->size() != 8 * n) {
          fail(i, CFactResult::State::kFailed, "unexpected size of the value in the assembly output");
          continue;
        }
        for (size_t k = 0; k < n; ++k) res.ints.push_back(word(*b, k));
      } else if (f.kind == CFact::Kind::kDouble) {
        if (b->size() != 8) {
          fail(i, CFactResult::State::kFailed, "unexpected size of the value in the assembly output");
          continue;
        }
        uint64_t bits = word(*b, 0);
        std::memcpy(&res.number, &bits, 8);
        res.bytes = *b;
      } else {
        res.bytes = *b;
      }
      res.state = CFactResult::State::kValue;
      done[i] = true;
    }
  };

  // Compiles `set`; drops facts the diagnostics name and compiles again; an
  // error no fact line explains is isolated by bisection.
  std::function<absl::Status(const Compiler&, std::vector<size_t>)> solve;
  solve = [&](const Compiler& c, std::vector<size_t> set) -> absl::Status {
    while (!set.empty()) {
      if (run.compiles >= o.max_compiles) {
        for (size_t i : set) fail(i, CFactResult::State::kFailed, "probe compile budget exhausted");
        return absl::OkStatus();
      }
      std::vector<uint32_t> lines;
      std::vector<std::string> refused;
      BF_ASSIGN_OR_RETURN(Outcome out, compile(c, set, &lines, &refused));
      std::vector<size_t> next;
      for (size_t i : set) {
        if (!refused[i].empty()) fail(i, CFactResult::State::kFailed, "refused by the probe generator: " + refused[i]);
        else next.push_back(i);
      }
      set = std::move(next);
      if (out.ok) {
        read_values(set, out.asm_text);
        return absl::OkStatus();
      }
      std::map<uint32_t, size_t> by_line;
      std::map<std::string, size_t> by_symbol;
      for (size_t i : set) {
        by_line[lines[i]] = i;
        if (facts[i].kind == CFact::Kind::kSymbol) by_symbol[facts[i].exprs[0]] = i;
      }
      std::map<size_t, std::vector<std::string>> blamed;
      std::vector<std::string> unexplained;
      for (const CDiagnostic& d : out.diags) {
        auto it = d.probe_line ? by_line.find(d.probe_line) : by_line.end();
        if (it == by_line.end() && !d.function.empty()) {
          auto s = by_symbol.find(d.function);
          if (s != by_symbol.end()) it = by_line.find(lines[s->second]);
        }
        if (it != by_line.end()) blamed[it->second].push_back(d.message);
        else unexplained.push_back(d.message);
      }
      if (out.diags.empty()) unexplained.push_back(FirstLines(out.err, 5));
      if (!blamed.empty()) {
        for (auto& [i, msgs] : blamed) {
          bool absent = false;
          for (const std::string& m : msgs) {
            for (const std::string& pat : facts[i].absent_if) absent = absent || absl::StrContains(m, pat);
          }
          fail(i, absent ? CFactResult::State::kAbsent : CFactResult::State::kFailed, absl::StrJoin(msgs, "\n"));
        }
        std::vector<size_t> rest;
        for (size_t i : set)
          if (!done[i]) rest.push_back(i);
        set = std::move(rest);
        continue;
      }
      // Errors no fact explains: first make sure the headers alone compile.
      if (!base_checked) {
        base_checked = true;
        std::vector<uint32_t> bl;
        std::vector<std::string> br;
        BF_ASSIGN_OR_RETURN(Outcome base, compile(c, {}, &bl, &br));
        if (!base.ok) {
          headers_error = absl::StrCat(c.name, " cannot compile the headers: ", FirstLines(base.err, 6));
          for (size_t i = 0; i < facts.size(); ++i)
            if (!done[i]) fail(i, CFactResult::State::kFailed, headers_error);
          return absl::OkStatus();
        }
      }
      if (set.size() == 1) {
        bool absent = false;
        for (const std::string& m : unexplained)
          for (const std::string& pat : facts[set[0]].absent_if) absent = absent || absl::StrContains(m, pat);
        fail(set[0], absent ? CFactResult::State::kAbsent : CFactResult::State::kFailed, absl::StrJoin(unexplained, "\n"));
        return absl::OkStatus();
      }
      std::vector<size_t> a(set.begin(), set.begin() + set.size() / 2), b(set.begin() + set.size() / 2, set.end());
      BF_RETURN_IF_ERROR(solve(c, a));
      return solve(c, b);
    }
    return absl::OkStatus();
  };

  std::vector<size_t> all;
  for (size_t i = 0; i < facts.size(); ++i) all.push_back(i);
  BF_RETURN_IF_ERROR(solve(cc, all));
  if (!headers_error.empty() && cc.is_gcc && !in.clang_triple.empty() &&
      target::NormalizeClangTriple(in.clang_triple) != target::NormalizeClangTriple(HostTriple())) {
    // The cross gcc cannot take these headers (missing sysroot pieces): clang instead.
    CProbeOptions co = o;
    co.force_clang = true;
    co.gcc.clear();
    auto alt = ChooseCompiler(in, co, dir);
    if (alt.ok()) {
      std::vector<uint32_t> bl;
      std::vector<std::string> br;
      BF_ASSIGN_OR_RETURN(Outcome again, compile(*alt, {}, &bl, &br));
      if (again.ok) {
        cc = *alt;
        std::fill(done.begin(), done.end(), false);
        run.results.assign(facts.size(), CFactResult());
        headers_error.clear();
        BF_RETURN_IF_ERROR(solve(cc, all));
      }
    }
  }
  run.compiler = cc.name;
  run.is_gcc = cc.is_gcc;
  run.command = command(cc);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return run;
}

}  // namespace bindfuzz::confirm
