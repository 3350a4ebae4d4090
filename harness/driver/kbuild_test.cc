#include "harness/driver/kbuild.h"

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"

namespace bindfuzz::driver {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(BindgenCommand, SplitsAtDoubleDash) {
  auto bc = ParseBindgenCommand({"bindgen", "rust/bindings/bindings_helper.h", "--blocklist-type",
                                 "__kernel_s?size_t", "--use-core", "-o", "out.rs", "--", "-nostdinc",
                                 "-I./include", "-DMODULE"},
                                "t");
  ASSERT_TRUE(bc.ok()) << bc.status();
  EXPECT_EQ(bc->header, "rust/bindings/bindings_helper.h");
  EXPECT_THAT(bc->clang_args, ElementsAre("-nostdinc", "-I./include", "-DMODULE"));
  EXPECT_FALSE(ParseBindgenCommand({"gcc", "-c", "x.c"}, "t").ok());
  EXPECT_FALSE(ParseBindgenCommand({"bindgen", "--use-core", "--", "-x"}, "t").ok());
}

void Write(const std::string& path, const std::string& text) {
  ASSERT_TRUE(WriteFile(path, text).ok()) << path;
}

TEST(KernelTree, DiscoversHeaderFlagsAndRustFiles) {
  std::string root = ::testing::TempDir() + "/kt";
  for (const char* d : {"", "/rust", "/rust/bindings"}) mkdir((root + d).c_str(), 0755);
  Write(root + "/rust/bindings/bindings_helper.h", "#include <linux/types.h>\n");
  Write(root + "/rust/bindings/lib.rs", "type __kernel_size_t = usize;\n");
  Write(root + "/rust/bindings/bindings_generated.rs", "pub struct x { pub a: u8 }\n");
  // As Kbuild writes it: make-escaped '$$' and '\#'.
  Write(root + "/rust/bindings/.bindings_generated.rs.cmd",
        "savedcmd_rust/bindings/bindings_generated.rs := bindgen rust/bindings/bindings_helper.h "
        "--blocklist-type __kernel_s?size_t --use-core --ctypes-prefix ffi --no-debug '.*' "
        "-o rust/bindings/bindings_generated.rs -- -Wp,-MMD,rust/bindings/.b.d -nostdinc "
        "-I./include -DKBUILD_MODNAME='\"bindings\"' -DX='\\#' -DY='$$a' -DMODULE; "
        "sed -Ei 's/pub const RUST_CONST_HELPER_([a-zA-Z0-9_]*)/pub const \\1/g' "
        "rust/bindings/bindings_generated.rs\n\n"
        "source_rust/bindings/bindings_generated.rs := rust/bindings/bindings_helper.h\n");
  auto t = DiscoverKernelTree(root);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_THAT(t->bindings_header, HasSubstr("/rust/bindings/bindings_helper.h"));
  // As bindgen got them (make's `$$` and `\#` undone, shell quotes removed);
  // the C front end's allow-list drops -Wp,-MMD before Clang runs.
  EXPECT_THAT(t->clang_flags, ElementsAre("-Wp,-MMD,rust/bindings/.b.d", "-nostdinc", "-I./include",
                                          "-DKBUILD_MODNAME=\"bindings\"", "-DX=#", "-DY=$a",
                                          "-DMODULE"));
  EXPECT_EQ(t->rust_files.size(), 2u);
}

// The record if_changed_dep and fixdep write for the helpers in a tree where
// Kbuild ran rust/Makefile's cmd_bindgen (shortened flag list, same shape):
// the command with `$(pound)` for `#` in the sed after `;`, an empty quoted
// argument, then source_/deps_ lines with make's `$(wildcard ...)`.
TEST(KernelTree, ReadsTheRecordIfChangedDepWrites) {
  std::string root = ::testing::TempDir() + "/kt-real";
  for (const char* d : {"", "/rust", "/rust/bindings"}) mkdir((root + d).c_str(), 0755);
  std::string f = root + "/rust/bindings/.bindings_helpers_generated.rs.cmd";
  Write(f,
        "savedcmd_rust/bindings/bindings_helpers_generated.rs := bindgen rust/helpers/helpers.c "
        "--blocklist-type '.*' --allowlist-var '' --allowlist-function 'rust_helper_.*' "
        "--rust-target 1.68 --use-core --with-derive-default --ctypes-prefix ffi --no-layout-tests "
        "--no-debug '.*' --enable-function-attribute-detection -o rust/bindings/bindings_helpers_generated.rs "
        "-- -Wp,-MMD,rust/bindings/.bindings_helpers_generated.rs.d -nostdinc "
        "-I/k/linux-headers-6.12.117+deb12-common/arch/x86/include -I./arch/x86/include/generated "
        "-I./include -DKBUILD_MODFILE='\"rust/bindings_helpers_generated\"' "
        "-DKBUILD_MODNAME='\"bindings_helpers_generated\"' "
        "-D__KBUILD_MODNAME=kmod_bindings_helpers_generated -w --target=x86_64-linux-gnu "
        "-enable-trivial-auto-var-init-zero-knowing-it-will-be-removed-from-clang -fno-builtin "
        "-D__BINDGEN__ -DMODULE -I./rust -Wno-missing-prototypes -Wno-missing-declarations ; "
        "sed -Ei 's/pub fn rust_helper_([a-zA-Z0-9_]*)/$(pound)[link_name=\"rust_helper_\\1\"]\\n    "
        "pub fn \\1/g' rust/bindings/bindings_helpers_generated.rs\n"
        "\n"
        "source_rust/bindings/bindings_helpers_generated.rs := rust/helpers/helpers.c\n"
        "\n"
        "deps_rust/bindings/bindings_helpers_generated.rs := \\\n"
        "  /k/linux-headers-6.12.117+deb12-common/include/linux/compiler-version.h \\\n"
        "    $(wildcard include/config/CC_VERSION_TEXT) \\\n"
        "\n"
        "rust/bindings/bindings_helpers_generated.rs: $(deps_rust/bindings/bindings_helpers_generated.rs)\n"
        "\n"
        "$(deps_rust/bindings/bindings_helpers_generated.rs):\n");
  std::string objtree;
  auto bc = ReadBindgenCmdFile(f, &objtree);
  ASSERT_TRUE(bc.ok()) << bc.status();
  EXPECT_EQ(bc->header, "rust/helpers/helpers.c");
  // Relative paths are relative to the tree root.
  EXPECT_EQ(objtree, std::filesystem::path(root).lexically_normal().string());
  EXPECT_THAT(bc->bindgen_args, ::testing::Contains(""));  // --allowlist-var ''
  ASSERT_GE(bc->clang_args.size(), 4u);
  EXPECT_EQ(bc->clang_args.front(), "-Wp,-MMD,rust/bindings/.bindings_helpers_generated.rs.d");
  // The command ends at `;`: nothing of the sed reaches the flags.
  EXPECT_EQ(bc->clang_args.back(), "-Wno-missing-declarations");
  EXPECT_THAT(bc->clang_args, ::testing::Contains("-DKBUILD_MODNAME=\"bindings_helpers_generated\""));
  EXPECT_THAT(bc->clang_args, ::testing::Contains("-I./include"));
}

// `make O=build` from the source tree: Kbuild runs in build/, srctree is
// `..`, so the recorded header is ../rust/bindings/bindings_helper.h; the
// generated bindings are under build/, lib.rs and helpers.c under the source.
TEST(KernelTree, OutOfTreeBuildFindsSourcesThroughTheHeader) {
  std::string src = ::testing::TempDir() + "/kt-o";
  std::string obj = src + "/build";
  for (const char* d : {"", "/rust", "/rust/bindings", "/rust/helpers", "/build", "/build/rust",
                        "/build/rust/bindings"})
    mkdir((src + d).c_str(), 0755);
  Write(src + "/rust/bindings/bindings_helper.h", "#include <linux/types.h>\n");
  Write(src + "/rust/bindings/lib.rs", "type __kernel_size_t = usize;\n");
  Write(src + "/rust/helpers/helpers.c", "int rust_helper_x(void) { return 0; }\n");
  Write(obj + "/rust/bindings/bindings_generated.rs", "pub struct x { pub a: u8 }\n");
  Write(obj + "/rust/bindings/.bindings_generated.rs.cmd",
        "savedcmd_rust/bindings/bindings_generated.rs := bindgen ../rust/bindings/bindings_helper.h "
        "--use-core -o rust/bindings/bindings_generated.rs -- "
        "-Wp,-MMD,rust/bindings/.bindings_generated.rs.d -nostdinc -I../include -I./include "
        "-DMODULE\n");
  auto t = DiscoverKernelTree(obj);
  ASSERT_TRUE(t.ok()) << t.status();
  std::string real_src = std::filesystem::canonical(src).string();
  std::string real_obj = std::filesystem::canonical(obj).string();
  EXPECT_EQ(t->objtree, real_obj);
  EXPECT_EQ(t->flags_workdir, real_obj);  // -I../include and -I./include are relative to build/
  EXPECT_EQ(t->srctree, real_src);
  EXPECT_EQ(t->bindings_header, real_src + "/rust/bindings/bindings_helper.h");
  EXPECT_EQ(t->helpers_source, real_src + "/rust/helpers/helpers.c");
  EXPECT_THAT(t->rust_files, ElementsAre(real_src + "/rust/bindings/lib.rs",
                                         real_obj + "/rust/bindings/bindings_generated.rs"));
}

TEST(KernelTree, MissingCmdFileExplains) {
  std::string root = ::testing::TempDir() + "/kt-empty";
  mkdir(root.c_str(), 0755);
  auto t = DiscoverKernelTree(root);
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(std::string(t.status().message()), HasSubstr("CONFIG_RUST"));
  EXPECT_FALSE(DiscoverKernelTree("/nonexistent/tree").ok());
}

TEST(KernelTree, CmdFileThatIsNotABindgenRun) {
  std::string root = ::testing::TempDir() + "/kt-gcc";
  for (const char* d : {"", "/rust", "/rust/bindings"}) mkdir((root + d).c_str(), 0755);
  std::string f = root + "/rust/bindings/.bindings_generated.rs.cmd";
  Write(f, "savedcmd_rust/bindings/bindings_generated.rs := gcc -c -o x.o x.c\n");
  auto r = ReadBindgenCmdFile(f, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("not a bindgen invocation"));
  Write(f, "deps_x := \\\n  a.h\n");
  EXPECT_THAT(std::string(ReadBindgenCmdFile(f, nullptr).status().message()),
              HasSubstr("bindings_generated.rs.cmd:"));
}

}  // namespace
}  // namespace bindfuzz::driver
