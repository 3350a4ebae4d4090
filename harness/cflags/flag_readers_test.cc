#include "harness/cflags/flag_readers.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/cflags/flag_filters.h"

namespace bindfuzz::cflags {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::path(::testing::TempDir() + "/cfront_flags_" +
                                  std::to_string(getpid()) + "_" + std::to_string(counter_++))
                .lexically_normal()
                .string();
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& rel, const std::string& text) {
    std::string p = path_ + "/" + rel;
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

TEST(FlagsTest, ShellSplit) {
  auto w = ShellSplit(
      R"(gcc -DA='"x y"' -DB="q\"r" -DC=a\ b  'it'\''s' "" -c f.c ; objtool f.o)", "t");
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_THAT(*w, ElementsAre("gcc", "-DA=\"x y\"", "-DB=q\"r", "-DC=a b", "it's", "", "-c", "f.c"));
  auto env = ShellSplit("CCACHE_DISABLE=1 gcc -c x.c 2>/dev/null", "t");
  ASSERT_TRUE(env.ok());
  EXPECT_THAT(*env, ElementsAre("gcc", "-c", "x.c"));
  EXPECT_FALSE(ShellSplit("gcc $(CFLAGS)", "t").ok());
  EXPECT_FALSE(ShellSplit("gcc \"-D$X\"", "t").ok());
  EXPECT_FALSE(ShellSplit("gcc 'unterminated", "t").ok());
  EXPECT_THAT(ShellSplit("gcc 'unterminated", "src.cmd:1").status().message(),
              StartsWith("src.cmd:1: col 5: "));
}

TEST(FlagsTest, ReadFlagsFile) {
  TempDir d;
  std::string p = d.Write("flags.txt", "# comment\n-DA=1\n\n  -I/x  \r\n   # indented comment\n-DB=\"#x\"\n");
  auto f = ReadFlagsFile(p);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_THAT(*f, ElementsAre("-DA=1", "-I/x", "-DB=\"#x\""));
  std::string nul = d.Write("nul.txt", std::string("-DA\0B\n", 6));
  auto bad = ReadFlagsFile(nul);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), StartsWith(nul + ":1: "));
  EXPECT_FALSE(ReadFlagsFile(d.path() + "/missing.txt").ok());
}

TEST(FlagsTest, FlagsFromCompileCommands) {
  TempDir d;
  std::string db = d.Write("compile_commands.json", R"([
  {"directory": "/build", "file": "a.c", "arguments": ["clang", "-DA", "-c", "a.c"]},
  {"directory": "/build", "file": "/src/b.c", "command": "gcc -DB='\"s\"' -I inc -c /src/b.c"}
])");
  std::string dir;
  auto a = FlagsFromCompileCommands(db, "/build/a.c", &dir);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_THAT(*a, ElementsAre("clang", "-DA", "-c", "a.c"));
  EXPECT_EQ(dir, "/build");
  auto b = FlagsFromCompileCommands(db, "/src/./b.c", nullptr);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_THAT(*b, ElementsAre("gcc", "-DB=\"s\"", "-I", "inc", "-c", "/src/b.c"));
  EXPECT_THAT(FilterGccOnlyFlags(*b), ElementsAre("-DB=\"s\"", "-I", "inc"));
  auto missing = FlagsFromCompileCommands(db, "/nope.c", nullptr);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  std::string bad = d.Write("bad.json", "[\n  {\"file\": \"x.c\",\n   \"arguments\": [1, }\n]");
  auto e = FlagsFromCompileCommands(bad, "x.c", nullptr);
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.status().message(), StartsWith(bad + ":3:"));
}

TEST(FlagsTest, FlagsFromKbuildCmdFile) {
  TempDir d;
  std::string cmd = d.Write(
      "objtree/drivers/net/.foo.o.cmd",
      "savedcmd_drivers/net/foo.o := gcc -Wp,-MMD,drivers/net/.foo.o.d -nostdinc "
      "-I./include -DKBUILD_MODNAME='\"foo\"' -DHASH='\"$(pound)\"' -DDOLLAR=$$$$ -c -o "
      "drivers/net/foo.o drivers/net/foo.c   ; ./tools/objtool/objtool --hacks=jump_label "
      "drivers/net/foo.o\n\nsource_drivers/net/foo.o := drivers/net/foo.c\n");
  std::string dir;
  auto f = FlagsFromKbuildCmdFile(cmd, &dir);
  ASSERT_FALSE(f.ok());  // `$$` unescapes to `$`, an unquoted shell expansion
  std::string cmd2 = d.Write(
      "objtree/drivers/net/.bar.o.cmd",
      "savedcmd_drivers/net/bar.o := gcc -Wp,-MMD,drivers/net/.bar.o.d -nostdinc "
      "-I./include -DKBUILD_MODNAME='\"bar\"' -DHASH='\"$(pound)\"' -DD='$$x' -c -o "
      "drivers/net/bar.o drivers/net/bar.c   ; ./tools/objtool/objtool drivers/net/bar.o\n");
  auto g = FlagsFromKbuildCmdFile(cmd2, &dir);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_THAT(*g, ElementsAre("gcc", "-Wp,-MMD,drivers/net/.bar.o.d", "-nostdinc", "-I./include",
                              "-DKBUILD_MODNAME=\"bar\"", "-DHASH=\"#\"", "-DD=$x", "-c", "-o",
                              "drivers/net/bar.o", "drivers/net/bar.c"));
  EXPECT_EQ(dir, d.path() + "/objtree");
  EXPECT_THAT(FilterGccOnlyFlags(*g), ElementsAre("-nostdinc", "-I./include",
                                                  "-DKBUILD_MODNAME=\"bar\"", "-DHASH=\"#\"",
                                                  "-DD=$x"));
  // An external-module build names its target by absolute path: no root.
  std::string cmd3 = d.Write("m/.x.o.cmd", "savedcmd_/abs/m/x.o := gcc -c -o /abs/m/x.o /abs/m/x.c\n");
  auto h = FlagsFromKbuildCmdFile(cmd3, &dir);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(dir, "");
  std::string none = d.Write(".y.cmd", "deps_y := \\\n  y.h\n");
  auto n = FlagsFromKbuildCmdFile(none, &dir);
  ASSERT_FALSE(n.ok());
  EXPECT_THAT(n.status().message(), HasSubstr("savedcmd_"));
}

}  // namespace
}  // namespace bindfuzz::cflags
