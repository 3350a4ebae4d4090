#include "harness/testing/golden.h"

#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "gtest/gtest.h"
#include "harness/common/file_util.h"

namespace bindfuzz::testutil {

namespace fs = std::filesystem;

namespace {

constexpr char kRewrite[] = " (BINDFUZZ_UPDATE_GOLDENS=1 rewrites it)";

// Line `n` (1-based) of `text`, or "<end of file>".
std::string LineOf(const std::string& text, int n) {
  std::istringstream in(text);
  std::string line;
  for (int i = 0; i < n; ++i) {
    if (!std::getline(in, line)) return "<end of file>";
  }
  return line;
}

}  // namespace

bool UpdatingGoldens() {
  const char* u = std::getenv("BINDFUZZ_UPDATE_GOLDENS");
  return u != nullptr && std::string(u) == "1";
}

int FirstDifferingLine(const std::string& golden, const std::string& actual) {
  if (golden == actual) return 0;
  std::istringstream g(golden), a(actual);
  std::string gl, al;
  for (int line = 1;; ++line) {
    const bool hg = static_cast<bool>(std::getline(g, gl));
    const bool ha = static_cast<bool>(std::getline(a, al));
    if (hg != ha) return line;
    // Equal lines to the end of both: the texts differ only in a final
    // newline, which is on the last line. (A failed getline may leave its
    // string as it was, so the strings are compared only after a read.)
    if (!hg) return line - 1 > 0 ? line - 1 : 1;
    if (gl != al) return line;
  }
}

void ExpectGolden(const std::string& path, const std::string& actual) {
  if (UpdatingGoldens()) {
    fs::create_directories(fs::path(path).parent_path());
    ASSERT_TRUE(WriteFile(path, actual).ok()) << "cannot write " << path;
    return;
  }
  auto golden = ReadFile(path);
  ASSERT_TRUE(golden.ok()) << path << " missing" << kRewrite << ": " << golden.status();
  const int line = FirstDifferingLine(*golden, actual);
  if (line == 0) return;
  ADD_FAILURE() << path << ":" << line << " differs" << kRewrite
                << "\n  golden: " << LineOf(*golden, line)
                << "\n  actual: " << LineOf(actual, line);
}

void ExpectGoldenDir(const std::string& dir, const std::map<std::string, std::string>& files) {
  const fs::path root(dir);
  if (UpdatingGoldens()) {
    fs::remove_all(root);
    fs::create_directories(root);
    for (const auto& [name, text] : files) {
      ASSERT_TRUE(WriteFile((root / name).string(), text).ok()) << "cannot write " << root / name;
    }
    return;
  }
  ASSERT_TRUE(fs::is_directory(root)) << dir << " missing" << kRewrite;
  std::set<std::string> on_disk, generated;
  for (const auto& e : fs::directory_iterator(root)) on_disk.insert(e.path().filename().string());
  for (const auto& [name, text] : files) generated.insert(name);
  EXPECT_EQ(on_disk, generated) << dir << ": the file names differ" << kRewrite;
  for (const auto& [name, text] : files) {
    if (on_disk.count(name) != 0) ExpectGolden((root / name).string(), text);
  }
}

}  // namespace bindfuzz::testutil
