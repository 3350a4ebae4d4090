#include "harness/rust_frontend/mod_path.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace bindfuzz::rust_frontend {
namespace {

TEST(ModPath, Names) {
  EXPECT_EQ(DirName("a/b/c.rs"), "a/b");
  EXPECT_EQ(DirName("c.rs"), "");
  EXPECT_EQ(DirName("/c.rs"), "/");
  EXPECT_EQ(BaseName("a/b/c.rs"), "c.rs");
  EXPECT_EQ(JoinPath("src", "./sys//linux.rs"), "src/sys/linux.rs");
  EXPECT_EQ(JoinPath("src", "/abs/x.rs"), "/abs/x.rs");
  EXPECT_EQ(JoinPath("src", "../x.rs"), "src/../x.rs");  // `..` kept: it may cross a link
  EXPECT_EQ(JoinPath("", "x.rs"), "x.rs");
}

// The Rust reference, "Modules": `mod x;` in a crate root or mod.rs looks
// next to it; in any other file `<dir>/<stem>.rs`, in `<dir>/<stem>/`.
TEST(ModPath, WhereModXIsLookedFor) {
  EXPECT_EQ(ModFileCandidates("src", "ffi"), (std::vector<std::string>{"src/ffi.rs", "src/ffi/mod.rs"}));
  EXPECT_EQ(ModuleDir("src/lib.rs", /*mod_rs_like=*/true), "src");
  EXPECT_EQ(ModuleDir("src/ffi.rs", false), "src/ffi");
  EXPECT_EQ(ModuleDir("src/ffi/mod.rs", false), "src/ffi");
  EXPECT_TRUE(IsModRs("a/mod.rs"));
  EXPECT_FALSE(IsModRs("a/xmod.rs"));
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
