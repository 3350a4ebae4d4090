#include "harness/common/file_util.h"
#include "harness/testing/status_matchers.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz {
namespace {

TEST(FileUtil, ReadMissingFileNamesPath) {
  auto r = ReadFile("/nonexistent/bindfuzz/x.rs");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r, testutil::StatusIs(absl::StatusCode::kNotFound));
  EXPECT_NE(r.status().message().find("/nonexistent/bindfuzz/x.rs"), std::string::npos);
}

TEST(FileUtil, ReadDirectoryIsAnError) {
  auto r = ReadFile("/tmp");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("directory"), std::string::npos);
}

TEST(FileUtil, SizeLimitIsEnforced) {
  std::string path = ::testing::TempDir() + "/big.txt";
  ASSERT_TRUE(WriteFile(path, std::string(1000, 'x')).ok());
  EXPECT_TRUE(ReadFile(path, 1000).ok());
  auto r = ReadFile(path, 999);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("larger than the limit"), std::string::npos);
}

TEST(FileUtil, MakeDirsCreatesParentsAndRefusesAFile) {
  const std::string root = ::testing::TempDir() + "/make_dirs_test";
  ASSERT_TRUE(MakeDirs(root + "/a/b").ok());
  EXPECT_TRUE(WriteFile(root + "/a/b/c.json", "{}").ok());
  EXPECT_TRUE(MakeDirs(root + "/a/b").ok());  // already there
  auto st = MakeDirs(root + "/a/b/c.json");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find(root + "/a/b/c.json"), std::string::npos) << st;
}

TEST(FileUtil, OffsetToLineCol) {
  std::string_view t = "ab\ncd\n\nx";
  EXPECT_EQ(OffsetToLineCol(t, 0).line, 1u);
  EXPECT_EQ(OffsetToLineCol(t, 4).line, 2u);
  EXPECT_EQ(OffsetToLineCol(t, 4).column, 2u);
  EXPECT_EQ(OffsetToLineCol(t, 7).line, 4u);
  EXPECT_EQ(OffsetToLineCol(t, 100).line, 4u);
}

TEST(FileUtil, Utf8Validation) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("caf\xc3\xa9"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ab\xff"), 2u);
  EXPECT_EQ(FindInvalidUtf8("a\xc0\xaf"), 1u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("a\xed\xa0\x80"), 1u);      // surrogate
  EXPECT_EQ(FindInvalidUtf8("a\xe2\x82"), 1u);          // truncated
}

}  // namespace
}  // namespace bindfuzz
