// One recipe for generated targets, shared by both generators
// (layout_codegen, lifetime_codegen): the options every target takes, their
// checks, the build.sh that compiles and links a target, and the writer of
// the generated files.
//
//   absl::StatusOr<CheckedTarget> t = CheckTargetOptions(opt);  // name, headers
//   BuildRecipe recipe;
//   recipe.shared.push_back({.source = Cat(t->name, "_c_side.c"), .object = ...,
//                            .coverage = Coverage::kFull, .target_flags = true});
//   recipe.per_binary.push_back({.cxx = true, .source = Cat(t->name, "_fuzzer.cc"), ...});
//   files["build.sh"] = EmitBuildScript(opt, *t, recipe);
//   ...
//   absl::Status st = WriteGeneratedFiles(out_dir, generated);
//
// Compiler flags come from shims/runtime/bf_build_flags.def, the one
// definition CMake and the scripts read too.
#ifndef BINDFUZZ_HARNESS_CODEGEN_TARGET_BUILD_H_
#define BINDFUZZ_HARNESS_CODEGEN_TARGET_BUILD_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "harness/codegen/codegen_text.h"
#include "harness/contract/contract.h"

namespace bindfuzz::codegen {

// What every generated target takes.
struct TargetOptions {
  // Base name of the generated files and binaries: [a-z0-9_]{1,64}.
  std::string name;
  // Headers the generated C side #includes (in order), spelled
  // `#include "<path>"`: printable ASCII without `"` or `\`.
  std::vector<std::string> headers;
  // C flags of the C side and of `c_sources` (in build.sh, one sh word each).
  std::vector<std::string> c_flags;
  // Real C compiled into the target by build.sh, instrumented like the C side.
  std::vector<std::string> c_sources;
  // Directory of shims/runtime (bindfuzz_runtime.c, bf_layout_engine.cc; the
  // sequence engine is in its sibling ../lifetime). When set, build.sh is
  // generated too: it builds <name>_fuzzer with ASan+UBSan and libFuzzer
  // ($CC/$CXX, default clang-19/clang++-19).
  std::string runtime_dir;
  // fuzzers/common/replay_main.cc. With runtime_dir, build.sh also builds
  // <name>_replay: the same target with the standalone replay driver instead
  // of libFuzzer, to replay a corpus or a saved crash.
  std::string replay_main;
};

// What a generator returns: file name -> contents, plus what it left out.
struct GeneratedFiles {
  std::map<std::string, std::string> files;
  // What was left out and why.
  std::vector<contract::Note> notes;
  int records = 0;    // layout: records covered
  int fields = 0;     // layout: fields covered
  int functions = 0;  // layout: functions covered
};

// The parts of TargetOptions that reach generated code, checked.
struct CheckedTarget {
  TargetName name;
  std::vector<IncludePath> headers;
};

// InvalidArgument ("gen: ...") for a name that is not a base name, a header
// that cannot be #included, an empty C flag or source or one with a control
// character, a runtime dir or replay driver path with a control character.
absl::StatusOr<CheckedTarget> CheckTargetOptions(const TargetOptions& opt);

// How a compile is instrumented for libFuzzer.
enum class Coverage {
  kOff,    // no coverage flags (sanitizers only)
  kFull,   // edge counters, PC table, comparison tracing
  kNoCmp,  // kFull without comparison tracing
  kNone,   // coverage enabled and then every feature of it off
};

// One compile of build.sh.
struct CompileStep {
  bool cxx = false;
  Code source;            // sh text: a generated file name, "\"$RT/x.c\"" or a ShWord
  Code object;            // the .o (per_binary steps: the fuzzer's)
  Coverage coverage = Coverage::kOff;
  bool target_flags = false;  // with TargetOptions::c_flags (C side, C sources)
  Code include_dir;       // sh text after -I (e.g. "\"$RT\""); empty: none
  Code comment;           // `# ...` lines printed before the compile, or empty
  Code before;            // sh commands run after the comment (e.g. writing the source)
};

struct BuildRecipe {
  // Compiled once and linked into both binaries, in order.
  std::vector<CompileStep> shared;
  // The target's C++ translation units: compiled for <name>_fuzzer with
  // their coverage, and again without any coverage flags into
  // <name>_replay.
  std::vector<CompileStep> per_binary;
  // `# ...` lines of the script's header after the first one.
  Code comment;
};

// The build.sh of a target: sh, `set -e`, run from its own directory;
// $CC/$CXX (default clang-19/clang++-19), $CFLAGS/$CXXFLAGS appended to
// every C/C++ compile and link, $LDLIBS to the links; RT is
// TargetOptions::runtime_dir.
std::string EmitBuildScript(const TargetOptions& opt, const CheckedTarget& target,
                            const BuildRecipe& recipe);

// Writes `files` into `dir` (created with its parents when missing). A file
// whose contents did not change is left alone, so its timestamp does not
// trigger rebuilds; build.sh is made executable.
absl::Status WriteGeneratedFiles(const std::string& dir, const GeneratedFiles& files);

}  // namespace bindfuzz::codegen

#endif  // BINDFUZZ_HARNESS_CODEGEN_TARGET_BUILD_H_
