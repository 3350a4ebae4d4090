// crate_input with the real cargo: the small crates of harness/testdata/crates
// and crates installed from Debian (librust-*-dev). A test skips when cargo,
// or the Debian crate it reads, is absent; offline throughout.
#include <sys/stat.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/crate_input/crate_input.h"
#include "harness/crate_input/scratch_project.h"
#include "harness/target/subprocess.h"
#include "harness/testing/status_matchers.h"

namespace bindfuzz::crate_input {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCrates[] = "harness/testdata/crates";

class CrateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One cargo target directory for the whole suite: later tests reuse
    // what earlier ones built (libc, build scripts).
    auto d = target::MakeTempDir("bindfuzz-crate-test-");
    if (d.ok()) shared_target_dir_ = new std::string(*d);
  }
  static void TearDownTestSuite() {
    if (shared_target_dir_ != nullptr) {
      std::system(("rm -rf '" + *shared_target_dir_ + "'").c_str());
      delete shared_target_dir_;
      shared_target_dir_ = nullptr;
    }
  }
  void SetUp() override {
    if (!target::FindProgram("cargo").ok()) GTEST_SKIP() << "no cargo on PATH";
    ASSERT_NE(shared_target_dir_, nullptr);
    options_.target_dir = *shared_target_dir_ + "/target";
    options_.timeout_seconds = 300;
  }
  void NeedInstalled(const std::string& package) {
    if (InstalledVersions(kDebianRegistry, package).empty()) {
      GTEST_SKIP() << package << " is not installed (apt-get install " << DebianPackageFor(package) << ")";
    }
  }
  absl::StatusOr<CrateInput> Read(const std::string& crate, std::vector<std::string> cfgs = {},
                                  std::vector<std::string> features = {}, bool no_default = false) {
    CrateRequest r;
    r.crate = crate;
    r.cfgs = std::move(cfgs);
    r.features = std::move(features);
    r.no_default_features = no_default;
    return ReadCrate(r, options_);
  }
  static const ItemOrigin* OriginOf(const ExpandedCrate& c, const std::string& kind, const std::string& name) {
    for (const ItemOrigin& o : c.origins) {
      if (!o.path.empty() && o.path.back() == name && o.kind == kind) return &o;
    }
    return nullptr;
  }

  static std::string* shared_target_dir_;
  CrateInputOptions options_;
};
std::string* CrateTest::shared_target_dir_ = nullptr;

TEST_F(CrateTest, ModFileIsInlinedAndMappedBack) {
  auto in = Read(std::string(kCrates) + "/mod_file");
  ASSERT_TRUE(in.ok()) << in.status();
  ASSERT_EQ(in->crates.size(), 1u);
  const ExpandedCrate& c = in->crates[0];
  EXPECT_TRUE(c.requested);
  EXPECT_EQ(c.package, "mod-file");
  EXPECT_EQ(c.crate_name, "mod_file");
  EXPECT_EQ(c.edition, "2021");
  EXPECT_THAT(c.expanded, HasSubstr("mod ffi {"));
  EXPECT_THAT(c.expanded, HasSubstr("pub a: i64"));
  EXPECT_EQ(c.files.size(), 2u);  // lib.rs and ffi.rs, from rustc's dep-info
  const ItemOrigin* s = OriginOf(c, "struct", "s");
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(absl::EndsWith(s->file, "mod_file/src/ffi.rs")) << s->file;
  EXPECT_EQ(s->line, 2u);
  EXPECT_EQ(s->how, "declaration");
  EXPECT_EQ(in->rust_triple, "x86_64-unknown-linux-gnu");
}

TEST_F(CrateTest, CfgAndFeaturesChangeTheAnswer) {
  const std::string crate = std::string(kCrates) + "/cfg_flag";
  auto plain = Read(crate);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_THAT(plain->crates[0].expanded, HasSubstr("pub const FLAG: u32 = 1;"));
  EXPECT_THAT(plain->crates[0].expanded, Not(HasSubstr("FLAG: u32 = 0")));
  EXPECT_THAT(plain->crates[0].expanded, HasSubstr("pub const WIDTH: u32 = 32;"));

  auto newlib = Read(crate, {"newlib"});
  ASSERT_TRUE(newlib.ok()) << newlib.status();
  EXPECT_THAT(newlib->crates[0].expanded, HasSubstr("pub const FLAG: u32 = 0;"));
  EXPECT_THAT(newlib->crates[0].expanded, Not(HasSubstr("FLAG: u32 = 1")));
  EXPECT_THAT(newlib->crates[0].cfgs, Contains("newlib"));

  auto wide = Read(crate, {}, {"wide"});
  ASSERT_TRUE(wide.ok()) << wide.status();
  EXPECT_THAT(wide->crates[0].expanded, HasSubstr("pub const WIDTH: u32 = 64;"));
  EXPECT_THAT(wide->crates[0].features, Contains("wide"));
  EXPECT_THAT(wide->crates[0].cfgs, Contains("feature=\"wide\""));
}

TEST_F(CrateTest, BuildScriptFailureQuotesCargo) {
  auto in = Read(std::string(kCrates) + "/build_fails");
  ASSERT_FALSE(in.ok());
  EXPECT_THAT(in, testutil::StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(in.status().message(), HasSubstr("build-fails@0.1.0"));
  EXPECT_THAT(in.status().message(), HasSubstr("failed to run custom build command"));
  EXPECT_THAT(in.status().message(), HasSubstr("planted build script failure"));
}

TEST_F(CrateTest, ExpansionFailureQuotesRustc) {
  auto in = Read(std::string(kCrates) + "/compile_error");
  ASSERT_FALSE(in.ok());
  EXPECT_THAT(in.status().message(), HasSubstr("compile-error@0.1.0"));
  EXPECT_THAT(in.status().message(), HasSubstr("error: planted expansion failure"));
}

TEST_F(CrateTest, TimeoutStopsCargo) {
  options_.timeout_seconds = 0;
  auto in = Read(std::string(kCrates) + "/mod_file");
  EXPECT_THAT(in, testutil::StatusIs(absl::StatusCode::kDeadlineExceeded)) << in.status();
  EXPECT_THAT(in.status().message(), HasSubstr("mod_file"));
}

TEST_F(CrateTest, NotInstalledNamesThePackage) {
  auto in = Read("bindfuzz-no-such-crate-sys");
  EXPECT_THAT(in, testutil::StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(in.status().message(), HasSubstr("librust-bindfuzz-no-such-crate-sys-dev"));
}

// libc: `struct stat` for x86_64 glibc exists only in a module file several
// `mod` levels down, inside an `s! {}` invocation, selected by cfg_if!.
TEST_F(CrateTest, LibcThroughModFilesAndMacros) {
  NeedInstalled("libc");
  auto in = Read("libc");
  ASSERT_TRUE(in.ok()) << in.status();
  const ExpandedCrate& c = in->crates[0];
  EXPECT_EQ(c.package, "libc");
  EXPECT_EQ(c.edition, "2015");
  EXPECT_THAT(c.expanded, HasSubstr("pub struct stat {"));
  EXPECT_THAT(c.expanded, HasSubstr("pub type off_t = i64;"));
  EXPECT_THAT(c.expanded, Not(HasSubstr("s! {")));
  EXPECT_THAT(c.cfgs, Contains("libc_union"));  // from libc's build.rs
  EXPECT_THAT(c.cfgs, Contains("feature=\"std\""));
  EXPECT_GT(c.files.size(), 5u);
  const ItemOrigin* st = OriginOf(c, "struct", "stat");
  ASSERT_NE(st, nullptr);
  EXPECT_THAT(st->file, HasSubstr("/src/unix/linux_like/linux/gnu/b64/x86_64/mod.rs"));
  EXPECT_EQ(st->how, "declaration");
  const ItemOrigin* fn = OriginOf(c, "fn", "stat");  // the function of the same name
  ASSERT_NE(fn, nullptr);
  EXPECT_THAT(fn->file, HasSubstr("/src/unix/mod.rs"));
}

// linux-raw-sys: its `netlink` module exists only with the feature.
TEST_F(CrateTest, LinuxRawSysFeatures) {
  NeedInstalled("linux-raw-sys");
  auto plain = Read("linux-raw-sys");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_THAT(plain->crates[0].expanded, HasSubstr("pub mod general {"));
  EXPECT_THAT(plain->crates[0].expanded, Not(HasSubstr("pub mod netlink {")));
  auto with = Read("linux-raw-sys", {}, {"netlink"});
  ASSERT_TRUE(with.ok()) << with.status();
  EXPECT_THAT(with->crates[0].expanded, HasSubstr("pub mod netlink {"));
  auto without_general = Read("linux-raw-sys", {}, {"std", "ioctl"}, /*no_default=*/true);
  ASSERT_TRUE(without_general.ok()) << without_general.status();
  EXPECT_THAT(without_general->crates[0].expanded, Not(HasSubstr("pub mod general {")));
  EXPECT_THAT(without_general->crates[0].expanded, HasSubstr("pub mod ioctl {"));
}

// libz-sys names `libc::off_t`: libc comes along, under the name paths use.
TEST_F(CrateTest, DependencyWhosePathsAreUsed) {
  NeedInstalled("libz-sys");
  auto in = Read("libz-sys");
  ASSERT_TRUE(in.ok()) << in.status();
  ASSERT_EQ(in->crates.size(), 2u);
  EXPECT_EQ(in->crates[0].package, "libz-sys");
  EXPECT_EQ(in->crates[1].package, "libc");
  EXPECT_EQ(in->crates[1].extern_name, "libc");
  EXPECT_FALSE(in->crates[1].requested);
  EXPECT_THAT(in->crates[1].expanded, HasSubstr("pub type off_t"));
  // pkg-config is a build dependency: never expanded.
  for (const ExpandedCrate& c : in->crates) EXPECT_NE(c.package, "pkg-config");
}

}  // namespace
}  // namespace bindfuzz::crate_input
