// Golden generated sources: what both generators emit for the planted cases,
// committed under harness/testdata/codegen/ so that a codegen change shows up
// as a readable diff in review.
//
//   layout/<target>/     one directory per target of layout_codegen_planted_test
//                        (harness/testdata/planted/<class>, cases/bitfields,
//                        cases/file_f_op_moved and the in-memory `trio` pairs)
//   lifetime/<class>.<spec>/   one per spec of harness/testdata/lifetime/<class>/
//
// Each directory holds every file the generator returned, byte for byte.
// Paths in the options are relative to the repository root (the tests run
// there), so the goldens do not depend on where the checkout lives.
// BINDFUZZ_UPDATE_GOLDENS=1 rewrites them (and removes stale ones).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/c_frontend/c_frontend.h"
#include "harness/codegen/layout_codegen.h"
#include "harness/codegen/lifetime_codegen.h"
#include "harness/common/file_util.h"
#include "harness/contract/contract_json.h"
#include "harness/rust_frontend/rust_frontend.h"
#include "harness/spec/spec_parser.h"
#include "harness/testing/golden.h"

namespace bindfuzz::codegen {
namespace {

namespace fs = std::filesystem;
using contract::Contract;
using contract::Record;

constexpr char kGoldenDir[] = "harness/testdata/codegen";
constexpr char kRuntimeDir[] = "shims/runtime";
constexpr char kReplayMain[] = "fuzzers/common/replay_main.cc";

// Compares `files` with the directory `dir` (relative to kGoldenDir): the
// same file names, the same bytes.
void ExpectGoldenDir(const std::string& dir, const std::map<std::string, std::string>& files) {
  testutil::ExpectGoldenDir((fs::path(kGoldenDir) / dir).string(), files);
}
Contract Load(const std::string& path) {
  auto text = ReadFile(path);
  EXPECT_TRUE(text.ok()) << text.status();
  auto c = contract::FromJson(text.ok() ? *text : "", path);
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? *c : Contract{};
}

// ---------------------------------------------------------------------------
// Layout targets, as layout_codegen_planted_test builds them.

struct Pair {
  Contract c, rust;
  std::string header;  // relative to the repository root
};

// A planted class read by the real front ends: a directory under
// harness/testdata/planted, or a path under harness/testdata ("cases/x").
Pair ReadPlanted(const std::string& cls) {
  const std::string dir = cls.find('/') == std::string::npos
                              ? "harness/testdata/planted/" + cls
                              : "harness/testdata/" + cls;
  Pair p;
  p.header = dir + "/input.h";
  cfront::CFrontendOptions copt;
  copt.headers = {p.header};
  copt.flags = {"--target=x86_64-linux-gnu"};
  auto c = cfront::ExtractC(copt);
  EXPECT_TRUE(c.ok()) << c.status();
  if (c.ok()) p.c = *c;
  auto rust = rust_frontend::ExtractRust({dir + "/bindings.rs"}, {});
  EXPECT_TRUE(rust.ok()) << rust.status();
  if (rust.ok()) p.rust = *rust;
  return p;
}

// `struct trio { int a; int b; int c; }` with the given size and offsets of
// b and c (layout_codegen_planted_test's in-memory pairs).
Contract Trio(uint64_t size, uint64_t b_off, uint64_t c_off) {
  Contract k;
  Record r;
  r.name = "trio";
  r.size_bytes = size;
  r.align_bytes = 4;
  for (auto [n, off] : {std::pair<const char*, uint64_t>{"a", 0}, {"b", b_off}, {"c", c_off}}) {
    contract::Field f;
    f.name = n;
    f.type = contract::Type::Int(32, true, "int");
    f.offset_bits = off * 8;
    f.size_bits = 32;
    r.fields.push_back(f);
  }
  k.records["trio"] = r;
  return k;
}

void ExpectLayoutGolden(const std::string& name, const Contract& c, const Contract& rust,
                        const std::string& header, std::vector<std::string> flags,
                        std::vector<std::string> records = {},
                        std::vector<std::string> functions = {}) {
  LayoutGenOptions opt;
  opt.name = name;
  opt.headers = {header};
  opt.c_flags = std::move(flags);
  opt.records = std::move(records);
  opt.functions = std::move(functions);
  opt.runtime_dir = kRuntimeDir;
  opt.replay_main = kReplayMain;
  auto gen = GenerateLayoutFuzzer(c, rust, opt);
  ASSERT_TRUE(gen.ok()) << gen.status();
  ExpectGoldenDir("layout/" + name, gen->files);
}

const std::vector<std::string> kTarget = {"--target=x86_64-linux-gnu"};

TEST(LayoutGolden, PlantedClasses) {
  Pair reorder = ReadPlanted("reorder");
  ExpectLayoutGolden("pl_reorder", reorder.c, reorder.rust, reorder.header, kTarget);
  Pair align = ReadPlanted("alignment");
  ExpectLayoutGolden("pl_align_over", align.c, align.rust, align.header, kTarget, {"over"});
  ExpectLayoutGolden("pl_align_cmsg", align.c, align.rust, align.header, kTarget, {"cmsg"});
  Pair fns = ReadPlanted("functions");
  ExpectLayoutGolden("pl_fn", fns.c, fns.rust, fns.header, kTarget, {}, {"dev_set_level"});
  ExpectLayoutGolden("pl_fn_clean", fns.c, fns.rust, fns.header, kTarget, {}, {"dev_flags"});
  Pair values = ReadPlanted("values");
  ExpectLayoutGolden("pl_enum", values.c, values.rust, values.header, kTarget, {"cfg"});
  ExpectLayoutGolden("pl_bool", values.c, values.rust, values.header, kTarget, {"flag"});
  ExpectLayoutGolden("pl_enum_ret", values.c, values.rust, values.header, kTarget, {"cfg"},
                     {"current_mode"});
  Pair bitfields = ReadPlanted("cases/bitfields");
  ExpectLayoutGolden("pl_bitfield", bitfields.c, bitfields.rust, bitfields.header, kTarget);
  Pair clean = ReadPlanted("clean");
  ExpectLayoutGolden("clean_pkt", clean.c, clean.rust, clean.header, kTarget, {"pkt"});
  ExpectLayoutGolden("clean_calls", clean.c, clean.rust, clean.header, kTarget, {"pkt"},
                     {"dev_set_level", "dev_mode"});
}

TEST(LayoutGolden, FileFOpMovedAndTrios) {
  const std::string kCase = "harness/testdata/cases/file_f_op_moved";
  const std::vector<std::string> flags = {"--target=x86_64-linux-gnu", "-std=gnu11"};
  Contract c = Load(kCase + "/c.json");
  ExpectLayoutGolden("file_f_op_moved", c, Load(kCase + "/rust.json"), kCase + "/input.h", flags);
  // A hostile-named record in both contracts: skipped, its escaped name in
  // a comment.
  Record hostile;
  hostile.name = "a\"b\\c\n?\?/*/\xc3\xa9";
  hostile.size_bytes = 4;
  c.records[hostile.name] = hostile;
  ExpectLayoutGolden("clean", c, c, kCase + "/input.h", flags);
  ExpectLayoutGolden("trio_offset", Trio(12, 4, 8), Trio(12, 8, 4), "trio.h", {});
  ExpectLayoutGolden("trio_size", Trio(12, 4, 8), Trio(16, 4, 8), "trio.h", {});
  Contract small = Trio(8, 4, 8);
  small.records["trio"].fields.pop_back();
  ExpectLayoutGolden("trio_small", Trio(12, 4, 8), small, "trio.h", {});
  ExpectLayoutGolden("trio_far", Trio(12, 4, 8), Trio(12, 4, 8000), "trio.h", {});
}

// ---------------------------------------------------------------------------
// Lifetime targets, as lifetime_planted_test builds them.

TEST(LifetimeGolden, PlantedClasses) {
  const fs::path testdata = "harness/testdata/lifetime";
  std::vector<fs::path> specs;
  for (const auto& d : fs::directory_iterator(testdata)) {
    if (!d.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(d.path()))
      if (f.path().extension() == ".bfspec") specs.push_back(f.path());
  }
  std::sort(specs.begin(), specs.end());
  ASSERT_GE(specs.size(), 12u);
  std::set<std::string> dirs;
  for (const fs::path& spec_path : specs) {
    SCOPED_TRACE(spec_path.string());
    const std::string cls = spec_path.parent_path().filename().string();
    auto text = ReadFile(spec_path.string());
    ASSERT_TRUE(text.ok()) << text.status();
    auto spec = spec::ParseOwnershipSpec(*text, spec_path.string());
    ASSERT_TRUE(spec.ok()) << spec.status();
    LifetimeGenOptions opt;
    opt.name = cls;
    const fs::path lib = testdata / cls;
    opt.headers = {(lib / "lib.h").string()};
    opt.c_sources = {(lib / "lib.c").string()};
    opt.runtime_dir = kRuntimeDir;
    opt.replay_main = kReplayMain;
    auto gen = GenerateLifetimeFuzzer(*spec, opt);
    ASSERT_TRUE(gen.ok()) << gen.status();
    const std::string dir = "lifetime/" + cls + "." + spec_path.stem().string();
    dirs.insert(fs::path(dir).filename().string());
    ExpectGoldenDir(dir, gen->files);
  }
  // No golden left over from a spec that is gone.
  if (!testutil::UpdatingGoldens()) {
    std::set<std::string> on_disk;
    for (const auto& e : fs::directory_iterator(fs::path(kGoldenDir) / "lifetime"))
      on_disk.insert(e.path().filename().string());
    EXPECT_EQ(on_disk, dirs);
  }
}

}  // namespace
}  // namespace bindfuzz::codegen
