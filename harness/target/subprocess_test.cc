#include "harness/target/subprocess.h"

#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/testing/status_matchers.h"

namespace bindfuzz::target {
namespace {

namespace fs = std::filesystem;

TEST(ScratchDir, TemporaryIsRemovedUnlessKept) {
  std::string path;
  {
    absl::StatusOr<ScratchDir> wd = ScratchDir::Open("", "bf-scratch-test-", false);
    ASSERT_THAT(wd, testutil::IsOk());
    path = wd->path();
    EXPECT_TRUE(fs::is_directory(path));
    EXPECT_FALSE(wd->kept());
    ScratchDir moved = std::move(*wd);  // the moved-from one removes nothing
    EXPECT_EQ(moved.path(), path);
  }
  EXPECT_FALSE(fs::exists(path));
  {
    absl::StatusOr<ScratchDir> wd = ScratchDir::Open("", "bf-scratch-test-", true);
    ASSERT_THAT(wd, testutil::IsOk());
    path = wd->path();
    EXPECT_TRUE(wd->kept());
  }
  EXPECT_TRUE(fs::is_directory(path));
  fs::remove_all(path);
}

TEST(ScratchDir, RequestedIsCreatedAndLeftInPlace) {
  absl::StatusOr<std::string> base = MakeTempDir("bf-scratch-test-");
  ASSERT_THAT(base, testutil::IsOk());
  const std::string requested = *base + "/a/b";
  {
    absl::StatusOr<ScratchDir> wd = ScratchDir::Open(requested, "unused-", false);
    ASSERT_THAT(wd, testutil::IsOk());
    EXPECT_EQ(wd->path(), requested);
    EXPECT_TRUE(wd->kept());
  }
  EXPECT_TRUE(fs::is_directory(requested));
  fs::remove_all(*base);
}

TEST(ScratchDir, UncreatableRequestIsAnError) {
  EXPECT_THAT(ScratchDir::Open("/proc/bf-no/such", "x-", false),
              testutil::StatusIs(absl::StatusCode::kInternal, ::testing::HasSubstr("cannot create")));
}

}  // namespace
}  // namespace bindfuzz::target
