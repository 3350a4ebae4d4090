#include "harness/tool/runtime_paths.h"

#include <unistd.h>

#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"

namespace bindfuzz::tool {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class RuntimePathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) /
            ("runtime_paths_" + std::to_string(getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string Write(const std::string& rel, const std::string& text) {
    const fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    EXPECT_TRUE(WriteFile(p.string(), text).ok());
    return p.string();
  }
  std::string Path(const std::string& rel) const { return (root_ / rel).string(); }

  fs::path root_;
};

TEST_F(RuntimePathsTest, InstalledTreeIsFoundRelativeToTheBinary) {
  Write("p/bin/bindfuzz", "");
  Write("p/share/bindfuzz/bindfuzz-data", "bindfuzz data\n");
  auto rt = LocateRuntime(Path("p/bin/bindfuzz"), "../share/bindfuzz");
  ASSERT_TRUE(rt.ok()) << rt.status();
  EXPECT_EQ(rt->origin, "installed");
  EXPECT_EQ(rt->shims_dir, Path("p/share/bindfuzz"));
  EXPECT_EQ(rt->runtime_dir, Path("p/share/bindfuzz/runtime"));
  EXPECT_EQ(rt->replay_main, Path("p/share/bindfuzz/replay/replay_main.cc"));
  EXPECT_EQ(rt->marker, Path("p/share/bindfuzz/bindfuzz-data"));
}

TEST_F(RuntimePathsTest, BuildTreeMarkerNamesTheSourceTree) {
  fs::create_directories(root_ / "src/shims/runtime");
  Write("build/harness/tool/bindfuzz-source-tree", Path("src") + "\n");
  auto rt = LocateRuntime(Path("build/harness/tool/bindfuzz"), "../share/bindfuzz");
  ASSERT_TRUE(rt.ok()) << rt.status();
  EXPECT_EQ(rt->origin, "build tree");
  EXPECT_EQ(rt->shims_dir, Path("src/shims"));
  EXPECT_EQ(rt->runtime_dir, Path("src/shims/runtime"));
  EXPECT_EQ(rt->replay_main, Path("src/fuzzers/common/replay_main.cc"));
}

TEST_F(RuntimePathsTest, InstalledTreeWinsOverABuildTreeMarker) {
  fs::create_directories(root_ / "src/shims/runtime");
  Write("p/bin/bindfuzz-source-tree", Path("src") + "\n");
  Write("p/share/bindfuzz/bindfuzz-data", "");
  auto rt = LocateRuntime(Path("p/bin/bindfuzz"), "../share/bindfuzz");
  ASSERT_TRUE(rt.ok()) << rt.status();
  EXPECT_EQ(rt->origin, "installed");
}

TEST_F(RuntimePathsTest, DataDirectoryWithoutMarkerIsNotAnInstall) {
  fs::create_directories(root_ / "p/share/bindfuzz/runtime");
  auto rt = LocateRuntime(Path("p/bin/bindfuzz"), "../share/bindfuzz");
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(rt.status().message(), HasSubstr(Path("p/share/bindfuzz/bindfuzz-data")));
  EXPECT_THAT(rt.status().message(), HasSubstr(Path("p/bin/bindfuzz-source-tree")));
}

TEST_F(RuntimePathsTest, BadBuildTreeMarkerNamesTheMarker) {
  const std::string marker = Write("b/bindfuzz-source-tree", "relative/src\n");
  auto rel = LocateRuntime(Path("b/bindfuzz"), "../share/bindfuzz");
  ASSERT_FALSE(rel.ok());
  EXPECT_THAT(rel.status().message(), StartsWith(marker + ":1: expected the absolute path"));
  Write("b/bindfuzz-source-tree", Path("moved") + "\n");
  auto moved = LocateRuntime(Path("b/bindfuzz"), "../share/bindfuzz");
  ASSERT_FALSE(moved.ok());
  EXPECT_THAT(moved.status().message(), StartsWith(marker + ":1: " + Path("moved") + " has no shims/runtime/"));
}

TEST(SelfExecutable, IsThisTestBinary) {
  auto exe = SelfExecutable();
  ASSERT_TRUE(exe.ok()) << exe.status();
  EXPECT_EQ(fs::path(*exe).filename(), "runtime_paths_test");
}

}  // namespace
}  // namespace bindfuzz::tool
