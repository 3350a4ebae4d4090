// The rustc oracle for another target than the host (minicore probe): the
// inputs reduced to their layout items, real rustc runs for i686 and
// aarch64, and a disagreement when the front end's layouts are another
// target's.
#include "harness/confirm/minicore_oracle.h"

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::confirm {
namespace {

using rust_frontend::RustSource;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kBindings[] =
    "#[repr(C)]\n"
    "#[derive(Debug, Default, Copy, Clone)]\n"
    "pub struct s {\n    pub a: u8,\n    pub b: u64,\n    pub c: [ffi::c_long; 2],\n}\n"
    "impl s {\n    pub fn get(&self) -> u8 { self.a }\n}\n"
    "pub type alias = s;\n"
    "extern \"C\" {\n    pub fn take(p: *mut s) -> ffi::c_int;\n}\n"
    "#[repr(C)]\n#[derive(Copy, Clone)]\npub union u { pub x: u32, pub y: s }\n"
    "pub mod inner {\n    pub fn helper() {}\n    #[repr(C)] pub struct t { pub z: u16 }\n}\n";

TEST(LayoutOnlySource, BlanksCodeItemsAndKeepsLinesAndColumns) {
  auto out = LayoutOnlySource({"b.rs", kBindings});
  ASSERT_TRUE(out.ok()) << out.status();
  const std::string& t = out->text;
  EXPECT_EQ(t.size(), std::string(kBindings).size());
  EXPECT_EQ(std::count(t.begin(), t.end(), '\n'), std::count(kBindings, kBindings + sizeof kBindings, '\n'));
  EXPECT_THAT(t, Not(HasSubstr("impl s")));
  EXPECT_THAT(t, Not(HasSubstr("fn get")));
  EXPECT_THAT(t, Not(HasSubstr("extern")));
  EXPECT_THAT(t, Not(HasSubstr("helper")));
  // Types stay where they were.
  EXPECT_EQ(t.find("pub struct s {"), std::string(kBindings).find("pub struct s {"));
  EXPECT_EQ(t.find("pub struct t"), std::string(kBindings).find("pub struct t"));
  EXPECT_THAT(t, HasSubstr("pub type alias = s;"));
  EXPECT_THAT(t, HasSubstr("pub union u"));
}

class MinicoreOracleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!target::FindProgram("rustc").ok()) GTEST_SKIP() << "rustc not installed";
  }
  static absl::StatusOr<rust_frontend::OracleReport> Run(const std::string& parse_target,
                                                         const std::string& probe_target) {
    std::vector<RustSource> srcs = {{"b.rs", kBindings}};
    rust_frontend::RustFrontendOptions po;
    po.target_triple = parse_target;
    po.ctypes_prefix = "ffi";
    auto parsed = rust_frontend::ExtractRustSources(srcs, po);
    if (!parsed.ok()) return parsed.status();
    rust_frontend::RustFrontendOptions ro = po;
    ro.target_triple = probe_target;
    return RunMinicoreOracle(srcs, *parsed, ro, {});
  }
};

TEST_F(MinicoreOracleTest, AgreesOnTheTargetsOwnLayouts) {
  for (const char* target : {"i686-unknown-linux-gnu", "aarch64-unknown-linux-gnu"}) {
    auto rep = Run(target, target);
    ASSERT_TRUE(rep.ok()) << target << ": " << rep.status();
    std::string dis;
    for (const auto& d : rep->disagreements) dis += d.ToString() + "\n";
    EXPECT_TRUE(rep->disagreements.empty()) << target << ":\n" << dis;
    // s, alias, u, inner::t; s's three fields, u's two, t's one.
    EXPECT_EQ(rep->types_checked, 4u) << target;
    EXPECT_EQ(rep->fields_checked, 6u) << target;
    EXPECT_EQ(rep->skipped, 0u) << target;
    EXPECT_THAT(rep->rustc_version, HasSubstr(target));
  }
}

TEST_F(MinicoreOracleTest, ReportsLayoutsOfAnotherTarget) {
  // Parsed for x86_64 (u64 aligned to 8, c_long 8 bytes), probed on i686
  // (u64 aligned to 4, c_long 4 bytes): rustc disagrees.
  auto rep = Run("x86_64-unknown-linux-gnu", "i686-unknown-linux-gnu");
  ASSERT_TRUE(rep.ok()) << rep.status();
  std::vector<std::string> got;
  for (const auto& d : rep->disagreements) got.push_back(d.ToString());
  EXPECT_THAT(got, ::testing::Contains("s.b offset: parser=8 rustc=4"));
  EXPECT_THAT(got, ::testing::Contains("s size: parser=32 rustc=20"));
}

}  // namespace
}  // namespace bindfuzz::confirm
