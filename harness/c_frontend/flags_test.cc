#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/c_frontend/c_frontend.h"
#include "harness/c_frontend/flags_internal.h"

namespace bindfuzz::cfront {
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

TEST(FlagsTest, FilterGccOnlyFlagsDropsKernelSkipListAndBuildNoise) {
  std::vector<std::string> in = {
      "gcc", "-Wp,-MMD,dir/.foo.o.d", "-nostdinc", "-I./include", "-mno-fp-ret-in-387",
      "-mpreferred-stack-boundary=3", "-mindirect-branch=thunk-extern", "-fconserve-stack",
      "-falign-jumps=1", "-fzero-call-used-regs=used-gpr", "--param=allow-store-data-races=0",
      "--param", "asan-globals=1", "-fstrict-flex-arrays=3", "-mrecord-mcount",
      "-enable-trivial-auto-var-init-zero-knowing-it-will-be-removed-from-clang",
      "-DKBUILD_MODNAME=\"foo\"", "-funsigned-char", "-c", "-o", "dir/foo.o", "dir/foo.c",
      "-include", "x.h", "-MD", "-MF", "dep.d"};
  EXPECT_THAT(FilterGccOnlyFlags(in),
              ElementsAre("-nostdinc", "-I./include", "-DKBUILD_MODNAME=\"foo\"",
                          "-funsigned-char", "-include", "x.h"));
}

TEST(FlagsTest, MakePatternMatch) {
  EXPECT_TRUE(internal::MakePatternMatch("-falign-jumps=%", "-falign-jumps=1"));
  EXPECT_TRUE(internal::MakePatternMatch("-mstack-protector-guard%", "-mstack-protector-guard-reg=gs"));
  EXPECT_FALSE(internal::MakePatternMatch("-falign-jumps=%", "-falign-loops=1"));
  EXPECT_TRUE(internal::MakePatternMatch("-mskip-rax-setup", "-mskip-rax-setup"));
  EXPECT_FALSE(internal::MakePatternMatch("-mskip-rax-setup", "-mskip-rax-setup2"));
}

TEST(FlagsTest, SanitizeKeepsParsingFlagsAndDropsDangerousOnes) {
  std::vector<std::string> dropped;
  auto out = internal::SanitizeFlags(
      {"-D", "A=1", "-UB", "-I", "/inc", "-isystem", "/sys", "-include", "/pre.h", "-std=gnu11",
       "--target=x86_64-linux-gnu", "-m64", "-mcmodel=kernel", "-fshort-wchar", "-Wall",
       "-O2", "-g", "-nostdinc", "-w",
       // dropped:
       "-o", "/etc/x", "-fplugin=/x.so", "-Xclang", "-load", "-mllvm", "-x", "-Werror=foo",
       "@/etc/passwd", "-cc1", "--config=/c", "-MD", "-Wp,-MD,/tmp/d", "-fmodules",
       "-fmodules-cache-path=/tmp/m", "-ftime-trace", "src.c", "-working-directory", "/",
       "-include-pch", "/p.pch", "-pedantic-errors", "-Wl,-rpath", "-###", "-v"},
      &dropped);
  EXPECT_THAT(out, ElementsAre("-D", "A=1", "-UB", "-I", "/inc", "-isystem", "/sys", "-include",
                               "/pre.h", "-std=gnu11", "--target=x86_64-linux-gnu", "-m64",
                               "-mcmodel=kernel", "-fshort-wchar", "-Wall", "-O2", "-g",
                               "-nostdinc", "-w"));
  EXPECT_THAT(dropped, ::testing::Contains("/etc/x"));
  EXPECT_THAT(dropped, ::testing::Contains("-load"));
  EXPECT_THAT(dropped, ::testing::Contains("-fplugin=/x.so"));
  EXPECT_EQ(dropped.size(), 25u);
}

TEST(FlagsTest, ShellSplit) {
  auto w = internal::ShellSplit(
      R"(gcc -DA='"x y"' -DB="q\"r" -DC=a\ b  'it'\''s' "" -c f.c ; objtool f.o)", "t");
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_THAT(*w, ElementsAre("gcc", "-DA=\"x y\"", "-DB=q\"r", "-DC=a b", "it's", "", "-c", "f.c"));
  auto env = internal::ShellSplit("CCACHE_DISABLE=1 gcc -c x.c 2>/dev/null", "t");
  ASSERT_TRUE(env.ok());
  EXPECT_THAT(*env, ElementsAre("gcc", "-c", "x.c"));
  EXPECT_FALSE(internal::ShellSplit("gcc $(CFLAGS)", "t").ok());
  EXPECT_FALSE(internal::ShellSplit("gcc \"-D$X\"", "t").ok());
  EXPECT_FALSE(internal::ShellSplit("gcc 'unterminated", "t").ok());
  EXPECT_THAT(internal::ShellSplit("gcc 'unterminated", "src.cmd:1").status().message(),
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

TEST(FlagsTest, KbuildCmdWithRelativeWorkingDirectoryParses) {
  // The flags from a .cmd file, applied with the derived directory, find
  // relative include paths.
  TempDir d;
  d.Write("objtree/include/dep.h", "typedef int dep_t;\n");
  std::string hdr = d.Write("objtree/lib/x.h", "#include <dep.h>\nstruct x { dep_t a; };\n");
  std::string cmd = d.Write("objtree/lib/.x.o.cmd",
                            "savedcmd_lib/x.o := gcc -I./include -c -o lib/x.o lib/x.c\n");
  std::string dir;
  auto f = FlagsFromKbuildCmdFile(cmd, &dir);
  ASSERT_TRUE(f.ok()) << f.status();
  CFrontendOptions o;
  o.headers = {"lib/x.h"};
  o.flags = *f;
  o.flags.push_back("--target=x86_64-linux-gnu");
  o.working_directory = dir;
  auto c = ExtractC(o);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->records.at("x").size_bytes, 4u);
  EXPECT_EQ(c->provenance.inputs[0], hdr);
}

}  // namespace
}  // namespace bindfuzz::cfront
