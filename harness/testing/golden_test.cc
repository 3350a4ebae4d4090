#include "harness/testing/golden.h"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"

namespace bindfuzz::testutil {
namespace {

namespace fs = std::filesystem;

// A scratch directory removed at the end of the test; updating switched off
// so the environment of the run cannot turn comparisons into writes.
class GoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("BINDFUZZ_UPDATE_GOLDENS");
    char tmpl[] = "/tmp/bf_golden_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    fs::remove_all(dir_);
    unsetenv("BINDFUZZ_UPDATE_GOLDENS");
  }
  std::string dir_;
};

TEST(FirstDifferingLine, NamesTheFirstDifference) {
  EXPECT_EQ(FirstDifferingLine("a\nb\n", "a\nb\n"), 0);
  EXPECT_EQ(FirstDifferingLine("a\nb\nc\n", "a\nX\nc\n"), 2);
  EXPECT_EQ(FirstDifferingLine("a\n", "a\nb\n"), 2);
  EXPECT_EQ(FirstDifferingLine("a\nb", "a\nb\n"), 2);  // only the final newline
  EXPECT_EQ(FirstDifferingLine("", "x"), 1);
}

TEST_F(GoldenTest, EqualPassesDifferentFailsWithTheLine) {
  const std::string path = dir_ + "/g.txt";
  ASSERT_TRUE(WriteFile(path, "one\ntwo\nthree\n").ok());
  ExpectGolden(path, "one\ntwo\nthree\n");
  EXPECT_NONFATAL_FAILURE(ExpectGolden(path, "one\nTWO\nthree\n"), "g.txt:2 differs");
}

TEST_F(GoldenTest, MissingGoldenFails) {
  EXPECT_FATAL_FAILURE(ExpectGolden("/nonexistent/bf/g.txt", "x"), "missing");
}

TEST_F(GoldenTest, UpdatingWritesInsteadOfComparing) {
  const std::string path = dir_ + "/sub/g.txt";
  setenv("BINDFUZZ_UPDATE_GOLDENS", "1", 1);
  ExpectGolden(path, "new\n");
  unsetenv("BINDFUZZ_UPDATE_GOLDENS");
  auto text = ReadFile(path);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "new\n");
}

TEST_F(GoldenTest, DirectoryComparesNamesAndBytes) {
  const std::map<std::string, std::string> files = {{"a.c", "int a;\n"}, {"b.sh", "#!/bin/sh\n"}};
  setenv("BINDFUZZ_UPDATE_GOLDENS", "1", 1);
  ExpectGoldenDir(dir_ + "/gen", files);
  unsetenv("BINDFUZZ_UPDATE_GOLDENS");
  ExpectGoldenDir(dir_ + "/gen", files);
  std::map<std::string, std::string> extra = files;
  extra["c.h"] = "";
  EXPECT_NONFATAL_FAILURE(ExpectGoldenDir(dir_ + "/gen", extra), "the file names differ");
  std::map<std::string, std::string> changed = files;
  changed["a.c"] = "long a;\n";
  EXPECT_NONFATAL_FAILURE(ExpectGoldenDir(dir_ + "/gen", changed), "a.c:1 differs");
}

}  // namespace
}  // namespace bindfuzz::testutil
