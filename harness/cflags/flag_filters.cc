// Compiler-flag filters (see flag_filters.h). No Clang headers here.
#include "harness/cflags/flag_filters.h"

#include <cstring>
#include <string>
#include <vector>

namespace bindfuzz::cflags {
namespace {

bool StartsWith(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
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

}  // namespace internal

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

std::vector<std::string> LayoutRelevantCFlags(const std::vector<std::string>& flags,
                                              std::vector<std::string>* dropped) {
  static const char* const kExact[] = {
      "-pg", "-mfentry", "-mrecord-mcount", "-mnop-mcount", "-fno-PIE", "-fno-pie",
      "-fno-PIC", "-fno-pic", "-mno-red-zone", "-mskip-rax-setup", "-mretpoline",
      "-mretpoline-external-thunk", "-c", "-MD", "-MMD", "-MP", "-E", "-S"};
  static const char* const kPrefix[] = {
      "-mcmodel=", "-fpatchable-function-entry=", "-mindirect-branch", "-mfunction-return=",
      "-mharden-sls=", "-mstack-protector-guard", "-fsanitize", "-fno-sanitize",
      "-fsanitize-coverage", "-fprofile", "-fcoverage", "-flto", "-fsplit-lto-unit",
      "-falign-functions", "-fmacro-prefix-map=", "-ffile-prefix-map=", "-fdebug-prefix-map=",
      "-W", "-O", "-g", "-fstack-protector", "-fcf-protection", "-mfunction-return",
      "-mindirect-branch-register", "-fzero-call-used-regs=", "-ftrivial-auto-var-init"};
  static const char* const kWithArgument[] = {"-MF", "-MT", "-MQ", "-o"};
  std::vector<std::string> out;
  for (size_t i = 0; i < flags.size(); ++i) {
    const std::string& f = flags[i];
    bool drop = false;
    for (const char* k : kExact) drop = drop || f == k;
    for (const char* k : kPrefix) drop = drop || f.rfind(k, 0) == 0;
    // Warnings are not layout; -Wa,/-Wl, are assembler/linker options; a
    // -Wp, preprocessor option is kept unless it writes a dependency file.
    if (f.rfind("-Wp,", 0) == 0) drop = f.find(",-M") != std::string::npos;
    bool with_arg = false;
    for (const char* k : kWithArgument) with_arg = with_arg || f == k;
    if (with_arg) {
      if (dropped) dropped->push_back(f);
      if (i + 1 < flags.size()) {
        if (dropped) dropped->push_back(flags[i + 1]);
        ++i;
      }
      continue;
    }
    if (drop) {
      if (dropped) dropped->push_back(f);
    } else {
      out.push_back(f);
    }
  }
  return out;
}

}  // namespace bindfuzz::cflags
