#include "harness/cflags/flag_filters.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::cflags {
namespace {

using ::testing::ElementsAre;

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
  auto out = SanitizeFlags(
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

TEST(LayoutRelevantCFlags, DropsKernelCodegenKeepsLayoutFlags) {
  std::vector<std::string> dropped;
  auto kept = LayoutRelevantCFlags(
      {"-Wp,-MMD,/k/.x.d", "-Wp,-DKEEP=1", "-nostdinc", "-I/k/include", "-include", "/k/kconfig.h",
       "-D__KERNEL__", "-std=gnu11", "-funsigned-char", "-fshort-wchar", "-fno-PIE",
       "-mcmodel=kernel", "-mno-red-zone", "-pg", "-mfentry", "-fpatchable-function-entry=16,16",
       "-mindirect-branch=thunk-extern", "-mfunction-return=thunk-extern", "-O2", "-g",
       "-mstack-protector-guard-reg=gs", "-fstack-protector-strong", "-Wall", "-MF", "dep.d",
       "-m64", "--target=x86_64-linux-gnu", "-fno-builtin"},
      &dropped);
  EXPECT_EQ(kept, (std::vector<std::string>{"-Wp,-DKEEP=1", "-nostdinc", "-I/k/include", "-include",
                                            "/k/kconfig.h", "-D__KERNEL__", "-std=gnu11",
                                            "-funsigned-char", "-fshort-wchar", "-m64",
                                            "--target=x86_64-linux-gnu", "-fno-builtin"}));
  EXPECT_EQ(dropped.size(), 16u);
  EXPECT_EQ(dropped.front(), "-Wp,-MMD,/k/.x.d");
}

}  // namespace
}  // namespace bindfuzz::cflags
