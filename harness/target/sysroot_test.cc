// Which C headers each target is parsed with, on a fake filesystem root.
#include "harness/target/sysroot.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace bindfuzz::target {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const TargetInfo& T(const char* triple) { return **LookupTarget(triple); }

class FakeRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("bindfuzz-sysroot-test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void Touch(const std::string& rel) {
    fs::path p = root_ / rel.substr(1);
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "";
  }
  std::string root() const { return root_.string(); }
  fs::path root_;
};

TEST_F(FakeRoot, InstalledCrossSysrootIsUsedAfterTheCompilersOwnHeaders) {
  Touch("/usr/aarch64-linux-gnu/include/stdio.h");
  CHeaders h = ChooseCHeaders(T("aarch64-linux-gnu"), {"--target=aarch64-linux-gnu"}, root());
  EXPECT_EQ(h.kind, CHeaders::Kind::kSysroot);
  EXPECT_THAT(h.flags, ElementsAre("-nostdlibinc", "-idirafter", root() + "/usr/aarch64-linux-gnu/include"));
  EXPECT_THAT(h.description, HasSubstr("libc6-dev-arm64-cross"));
}

TEST_F(FakeRoot, MissingSysrootIsFreestandingAndNamesThePackage) {
  CHeaders h = ChooseCHeaders(T("armv7-unknown-linux-gnueabihf"), {}, root());
  EXPECT_EQ(h.kind, CHeaders::Kind::kMissing);
  EXPECT_THAT(h.flags, ElementsAre("-ffreestanding", "-nostdlibinc"));
  EXPECT_THAT(h.description, HasSubstr("install Debian's libc6-dev-armhf-cross"));
  EXPECT_THAT(h.description, HasSubstr("scripts/cross-sysroots.sh"));
}

TEST_F(FakeRoot, TargetsWithoutDebianHeadersAreFreestanding) {
  for (const char* t : {"x86_64-pc-windows-msvc", "aarch64-apple-darwin", "thumbv7em-none-eabihf",
                        "aarch64-unknown-linux-musl"}) {
    CHeaders h = ChooseCHeaders(T(t), {}, root());
    EXPECT_EQ(h.kind, CHeaders::Kind::kFreestanding) << t;
    EXPECT_THAT(h.flags, ElementsAre("-ffreestanding", "-nostdlibinc")) << t;
  }
}

TEST_F(FakeRoot, MuslMingwAndX32) {
  Touch("/usr/include/x86_64-linux-musl/stdio.h");
  Touch("/usr/i686-w64-mingw32/include/stdio.h");
  Touch("/usr/include/x86_64-linux-gnu/gnu/stubs-x32.h");
  EXPECT_THAT(ChooseCHeaders(T("x86_64-linux-musl"), {}, root()).flags,
              ElementsAre("-nostdlibinc", "-idirafter", root() + "/usr/include/x86_64-linux-musl"));
  EXPECT_THAT(ChooseCHeaders(T("i686-w64-mingw32"), {}, root()).flags,
              ElementsAre("-nostdlibinc", "-idirafter", root() + "/usr/i686-w64-mingw32/include"));
  EXPECT_THAT(ChooseCHeaders(T("x86_64-linux-gnux32"), {}, root()).flags,
              ElementsAre("-nostdlibinc", "-idirafter", root() + "/usr/include/x86_64-linux-gnu", "-idirafter",
                          root() + "/usr/include"));
}

TEST_F(FakeRoot, CommandLineThatChoosesItsHeadersIsLeftAlone) {
  Touch("/usr/aarch64-linux-gnu/include/stdio.h");
  for (std::vector<std::string> flags : std::vector<std::vector<std::string>>{
           {"-nostdinc"}, {"--sysroot=/opt/sdk"}, {"--sysroot", "/opt/sdk"}, {"-ffreestanding"}, {"-isysroot/x"}}) {
    CHeaders h = ChooseCHeaders(T("aarch64-linux-gnu"), flags, root());
    EXPECT_EQ(h.kind, CHeaders::Kind::kUserChoice) << flags[0];
    EXPECT_TRUE(h.flags.empty()) << flags[0];
  }
}

TEST(DebianCHeaders, EveryLinuxGnuTargetHasAPackage) {
  for (const TargetInfo& t : AllTargets()) {
    if (t.os != "linux" || t.env != "gnu") continue;
    EXPECT_FALSE(DebianCHeaders(t).package.empty()) << t.rust_triple;
  }
}

}  // namespace
}  // namespace bindfuzz::target
