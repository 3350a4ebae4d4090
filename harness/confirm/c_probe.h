// The C half of `check --confirm`: one translation unit that includes the
// same headers with the same layout-relevant flags as the C front end, and
// asks an independent C compiler (gcc; clang-19 only when no gcc targets
// the platform) for the values findings state.
//
//   std::vector<CFact> facts = {CFact::Ints({"sizeof(struct file)", "_Alignof(struct file)"})};
//   BF_ASSIGN_OR_RETURN(CProbeRun run, RunCProbe(inputs, facts, {}));
//   run.results[0].ints;  // {216, 8}
//
// Nothing is executed: every fact is a constant initializer of a global
// object, the unit is compiled with -S, and the object's bytes are read back
// from the assembly (asm_data.h), so cross targets work like the host.
//
// Facts are C source built by the caller from validated identifiers only;
// the generator refuses any fact with a character outside a small set (no
// quotes, `#`, newlines or comments), so input names cannot break out.
// Each fact sits on its own line: a fact the compiler rejects is found from
// the diagnostics' line numbers (also through "in expansion of macro" notes)
// and dropped, and the unit is compiled again; errors no line explains are
// isolated by bisection. One bad fact never sinks the others.
#ifndef BINDFUZZ_HARNESS_CONFIRM_C_PROBE_H_
#define BINDFUZZ_HARNESS_CONFIRM_C_PROBE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace bindfuzz::confirm {

struct CFact {
  enum class Kind {
    kInts,    // `exprs`: integer constant expressions, each read back as 64 bits
    kObject,  // an object of C type `exprs[0]` with initializer `exprs[1]`: its bytes
    kString,  // `exprs[0]`: an expression of array type (a string macro): its bytes
    kDouble,  // `exprs[0]`: an arithmetic constant expression, read back as a double
    kSymbol,  // `exprs[0]`: a function or object; the symbol `&name` refers to, and
              // whether this unit defines it locally (static)
    kStatic,  // `exprs[0]`: a declared function or object; compiles (value 1) when it
              // has internal linkage: `static __typeof__(x) x;` is an error after a
              // non-static declaration ("follows non-static declaration": absent)
  };
  Kind kind = Kind::kInts;
  std::vector<std::string> exprs;
  // A compile error of this fact whose message contains one of these is the
  // answer "absent" (e.g. "has no member named"), not a failure.
  std::vector<std::string> absent_if;

  static CFact Ints(std::vector<std::string> e) { return {Kind::kInts, std::move(e), {}}; }
};

struct CFactResult {
  enum class State { kValue, kAbsent, kFailed };
  State state = State::kFailed;
  std::vector<uint64_t> ints;  // kInts: one per expression
  std::string bytes;           // kObject, kString, kDouble
  double number = 0;           // kDouble
  // kSymbol: "local" (defined here without external linkage), "global"
  // (defined here, external), "undefined" (only referenced).
  std::string symbol;
  std::vector<std::string> refs;  // kSymbol: the symbols the object's address refers to
  std::string error;           // kAbsent / kFailed: the compiler's message
};

struct CProbeInputs {
  std::vector<std::string> headers;  // included in this order
  std::vector<std::string> flags;    // as the C front end got them (clang or gcc style)
  std::string workdir;               // relative paths in flags and headers; "" = cwd
  std::string clang_triple;          // the target; "" = the host's
};

struct CProbeOptions {
  std::string gcc;                // "" = chosen from the target (gcc, gcc -m32, <triple>-gcc)
  std::string clang = "clang-19"; // used when no gcc targets the platform
  bool force_clang = false;       // for tests of the fallback
  int timeout_seconds = 300;      // per compiler run
  int max_compiles = 40;          // bound on retries and bisection
  std::string work_dir;           // "" = a fresh temporary directory, removed afterwards
  bool keep_work_dir = false;
};

struct CProbeRun {
  std::string compiler;       // "gcc 12.2.0", "clang 19.1.7"
  bool is_gcc = true;
  std::vector<std::string> command;       // the compiler and flags (without the file)
  std::vector<std::string> dropped_flags; // flags the layout filter left out
  std::vector<CFactResult> results;       // one per fact
  int compiles = 0;
  double seconds = 0;
  std::string work_dir;  // when kept
};

// Runs the probe. An error status only when no compiler can be started or
// the inputs are unusable (a header path with a quote); a unit that does
// not compile marks every fact kFailed with the compiler's first errors.
absl::StatusOr<CProbeRun> RunCProbe(const CProbeInputs& inputs, const std::vector<CFact>& facts,
                                    const CProbeOptions& options);

// ---- pieces, exposed for tests

// The translation unit for `facts` (only those with `active[i]`), and for
// each fact the line it is on (0 when inactive or refused). `refused[i]`
// receives why the generator refused a fact ("" = accepted).
std::string GenerateCProbe(const std::vector<std::string>& header_paths, const std::vector<CFact>& facts,
                           const std::vector<bool>& active, std::vector<uint32_t>* lines,
                           std::vector<std::string>* refused);

// Why `fact` cannot be pasted into C source, or "" when it can.
std::string UnsafeCFact(const CFact& fact);

// A C identifier that can name an item from the inputs in a probe:
// [A-Za-z_][A-Za-z0-9_]*, not a C keyword, not in the probe's namespace.
bool IsProbeSafeCIdentifier(std::string_view name);

// The flags that decide layout, types and macro values, for gcc: -I/-D/-U/
// -include/-imacros/-isystem/-idirafter/-iquote/-nostdinc/--sysroot,
// -std=, char signedness, -fshort-wchar/-fshort-enums/-fpack-struct,
// -m32/-m64/-mx32, -malign-double, -fms-extensions. Everything else
// (codegen, warnings, dependency files, clang-only options, --target) is
// appended to `dropped`. A local filter on purpose: gcc must not get flags
// only clang knows, and nothing that writes files.
std::vector<std::string> LayoutFlagsForGcc(const std::vector<std::string>& flags,
                                           std::vector<std::string>* dropped);

// Diagnostics of a gcc/clang run attributed to lines of `file`: for each
// error, the probe line it is on, or that a macro expanded on that line led
// to (0 when none), and the function whose body it is in. An error in the
// body of a function only a kSymbol fact made the compiler emit (a static
// inline with a BUILD_BUG) is that fact's. Exposed for tests.
struct CDiagnostic {
  uint32_t probe_line = 0;
  std::string function;  // gcc's "In function 'f':" context, if any
  std::string message;   // "file:line:col: error: ..."
};
std::vector<CDiagnostic> ParseCDiagnostics(std::string_view stderr_text, std::string_view file);

}  // namespace bindfuzz::confirm

#endif  // BINDFUZZ_HARNESS_CONFIRM_C_PROBE_H_
