// The table's clang side: for every clang spelling of every target, clang
// (run as a program, `-ffreestanding`, no headers) lays out the C types,
// and they must be what the table says core::ffi's aliases are on the Rust
// side. This checks the clang-triple mapping (targets.txt) and that C and
// Rust agree on the target. Skips where clang is absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "harness/common/file_util.h"
#include "harness/target/subprocess.h"
#include "harness/target/target.h"

namespace bindfuzz::target {
namespace {

// One value per line of kNames.
constexpr std::string_view kSource = R"c(
enum bf_e { BF_A };
unsigned long long bf_v[] = {
  sizeof(char), (char)-1 < 0, sizeof(short), _Alignof(short), sizeof(int), _Alignof(int),
  sizeof(long), _Alignof(long), sizeof(long long), _Alignof(long long), sizeof(float), _Alignof(float),
  sizeof(double), _Alignof(double), sizeof(void *), _Alignof(void *), sizeof(__SIZE_TYPE__),
  sizeof(__PTRDIFF_TYPE__), sizeof(enum bf_e), __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__,
#ifdef __SIZEOF_INT128__
  _Alignof(__int128),
#else
  0,
#endif
};
)c";

constexpr const char* kNames[] = {
    "sizeof(char)",   "char is signed",    "sizeof(short)",  "_Alignof(short)",     "sizeof(int)",
    "_Alignof(int)",  "sizeof(long)",      "_Alignof(long)", "sizeof(long long)",   "_Alignof(long long)",
    "sizeof(float)",  "_Alignof(float)",   "sizeof(double)", "_Alignof(double)",    "sizeof(void *)",
    "_Alignof(void *)", "sizeof(size_t)",  "sizeof(ptrdiff_t)", "sizeof(enum)",     "big endian",
    "_Alignof(__int128)",
};

// What the Rust side of `t` says each value is (0 for __int128 means "no
// check": C has no __int128 on 32-bit targets).
std::vector<uint64_t> RustSide(const TargetInfo& t) {
  auto p = [&](std::string_view c_name) { return *RustPrimLayout(t, *CoreFfiAlias(t, c_name)); };
  return {p("c_char").size, t.c_char == "i8",    p("c_short").size,    p("c_short").align,
          p("c_int").size,  p("c_int").align,    p("c_long").size,     p("c_long").align,
          p("c_longlong").size, p("c_longlong").align, p("c_float").size, p("c_float").align,
          p("c_double").size,   p("c_double").align,   t.pointer_bits / 8u, t.align_ptr,
          p("c_size_t").size,   p("c_ptrdiff_t").size, t.c_enum_min_bits / 8u, t.endian == Endian::kBig,
          t.align_i128};
}

struct Clang {
  std::string path, dir;
};

// The values of bf_v for `triple`, or an error naming it.
absl::StatusOr<std::vector<uint64_t>> CLayout(const Clang& clang, const std::string& triple, bool short_enums) {
  std::vector<std::string> argv = {clang.path, "--target=" + triple, "-ffreestanding", "-S", "-emit-llvm",
                                   "-o", "-", clang.dir + "/layout.c"};
  if (short_enums) argv.push_back("-fshort-enums");
  absl::StatusOr<ProcessResult> r = RunProcess(argv, {.scratch_dir = clang.dir, .timeout_seconds = 120});
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) return absl::InvalidArgumentError(absl::StrCat("clang --target=", triple, ": ", r->err));
  size_t at = r->out.find("@bf_v = ");
  size_t open = at == std::string::npos ? at : r->out.find("] [", at);
  size_t close = open == std::string::npos ? open : r->out.find(']', open + 3);
  if (close == std::string::npos)
    return absl::InvalidArgumentError(absl::StrCat("clang --target=", triple, ": no @bf_v array in the IR"));
  std::vector<uint64_t> v;
  for (absl::string_view item : absl::StrSplit(r->out.substr(open + 3, close - open - 3), ", ")) {
    uint64_t x = 0;
    if (!absl::SimpleAtoi(absl::StripPrefix(item, "i64 "), &x))
      return absl::InvalidArgumentError(absl::StrCat("clang --target=", triple, ": bad value '", item, "'"));
    v.push_back(x);
  }
  return v;
}

TEST(TargetClangOracle, CTypesMatchCoreFfiOnEverySpelling) {
  Clang clang;
  for (const char* name : {"clang-19", "clang"}) {
    absl::StatusOr<std::string> p = FindProgram(name);
    if (p.ok()) {
      clang.path = *p;
      break;
    }
  }
  if (clang.path.empty()) GTEST_SKIP() << "no clang-19 or clang on PATH";
  absl::StatusOr<std::string> dir = MakeTempDir("bindfuzz-clang-");
  ASSERT_TRUE(dir.ok()) << dir.status();
  clang.dir = *dir;
  ASSERT_TRUE(WriteFile(clang.dir + "/layout.c", kSource).ok());

  size_t spellings = 0, disagreements = 0;
  for (const TargetInfo& t : AllTargets()) {
    std::vector<std::string> triples = {std::string(t.clang_triple)};
    for (absl::string_view a : absl::StrSplit(absl::string_view(t.clang_aliases.data(), t.clang_aliases.size()), ' ',
                                              absl::SkipEmpty()))
      triples.emplace_back(a);
    std::vector<uint64_t> want = RustSide(t);
    for (const std::string& triple : triples) {
      ++spellings;
      // Rust lays repr(C) enums out in c_enum_min_bits: where that is 8,
      // the C side must be compiled with short enums (GCC's default on bare
      // Arm EABI, not clang's).
      absl::StatusOr<std::vector<uint64_t>> got = CLayout(clang, triple, t.c_enum_min_bits == 8);
      ASSERT_TRUE(got.ok()) << got.status();
      ASSERT_EQ(got->size(), want.size()) << triple;
      for (size_t i = 0; i < want.size(); ++i) {
        if (i == want.size() - 1 && (*got)[i] == 0) continue;  // no __int128 in C here
        if ((*got)[i] == want[i]) continue;
        ++disagreements;
        ADD_FAILURE() << triple << " (" << t.rust_triple << "): " << kNames[i] << ": clang " << (*got)[i]
                      << ", Rust side " << want[i];
      }
      if (t.c_enum_min_bits == 8) {
        absl::StatusOr<std::vector<uint64_t>> plain = CLayout(clang, triple, false);
        ASSERT_TRUE(plain.ok()) << plain.status();
        if ((*plain)[18] != want[18])
          std::printf("note: %s: clang's default enum is %llu bytes, Rust's repr(C) enum %llu: "
                      "the C side needs -fshort-enums\n",
                      triple.c_str(), static_cast<unsigned long long>((*plain)[18]),
                      static_cast<unsigned long long>(want[18]));
      }
    }
  }
  std::printf("%zu targets, %zu clang spellings, %zu disagreements\n", AllTargets().size(), spellings, disagreements);
  std::error_code ec;
  std::filesystem::remove_all(clang.dir, ec);
}

}  // namespace
}  // namespace bindfuzz::target
