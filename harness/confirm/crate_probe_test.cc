// The pieces of the probe compiled inside a crate (crate_probe.h), without
// cargo: module publishing, rustc arguments, edition-neutral paths, the copy.
#include "harness/confirm/crate_probe.h"

#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::confirm {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

TEST(PublishForProbe, PrivateDeclarationsOnly) {
  EXPECT_EQ(PublishForProbe("a.rs", "mod a;\npub mod b;\npub(crate) mod c;\n#[cfg(x)]\nmod d {\n}\n"),
            "pub mod a;\npub mod b;\npub(crate) mod c;\n#[cfg(x)]\npub mod d {\n}\n");
  // Inside cfg_if!-style blocks too; not macro_rules fragments or matchers.
  EXPECT_EQ(PublishForProbe("a.rs", "cfg_if! { if #[cfg(unix)] { mod unix; } }\n"),
            "cfg_if! { if #[cfg(unix)] { pub mod unix; } }\n");
  const std::string m = "macro_rules! m { ($v:vis, $n:ident) => { $v mod $n {} }; (mod $x:ident;) => {} }\n";
  EXPECT_EQ(PublishForProbe("a.rs", m), m);
  // Doc comments before the declaration; line structure kept.
  EXPECT_EQ(PublishForProbe("a.rs", "/// docs\nmod e;"), "/// docs\npub mod e;");
  // Private fields, named and tuple, also inside macro calls; generic
  // arguments' commas are not field boundaries.
  EXPECT_EQ(PublishForProbe("a.rs", "s! { pub struct s { a: u8, pub b: Option<fn(u8, u8)>, #[doc = \"x\"] c: [u8; 2] } }"),
            "s! { pub struct s { pub a: u8, pub b: Option<fn(u8, u8)>, #[doc = \"x\"] pub c: [u8; 2] } }");
  EXPECT_EQ(PublishForProbe("a.rs", "pub struct t(u8, pub u16);\nunion u { x: u8, y: ::c_ushort }"),
            "pub struct t(pub u8, pub u16);\nunion u { pub x: u8, pub y: ::c_ushort }");
  const std::string f = "macro_rules! r { ($f:ident: $t:ty) => { struct s { $f: $t } } }";
  EXPECT_EQ(PublishForProbe("a.rs", f), f);
  // Not Rust: unchanged.
  EXPECT_EQ(PublishForProbe("a.rs", "mod \"unterminated"), "mod \"unterminated");
}

TEST(ProbeRustcArgs, CargoOutputOptionsReplaced) {
  CargoCrateBuild b;
  b.argv = {"/bin/rustc", "--crate-name", "x", "--edition=2015", "/c/src/lib.rs", "--error-format=json",
            "--json=diagnostic-rendered-ansi", "--crate-type", "lib", "--emit=dep-info,metadata,link", "-C",
            "embed-bitcode=no", "-C", "incremental=/t/inc", "--cfg", "feature=\"std\"", "--out-dir", "/t/deps",
            "--extern", "libc=/t/liblibc.rlib", "--cap-lints", "allow", "-Zunpretty=expanded"};
  b.root = "/c/src/lib.rs";
  std::vector<std::string> a = ProbeRustcArgs(b, "/p/src/main.rs", "/p/probe.ll");
  EXPECT_EQ(a.front(), "/bin/rustc");
  EXPECT_EQ(a.back(), "/p/src/main.rs");
  for (const char* gone : {"/c/src/lib.rs", "--out-dir", "/t/deps", "incremental=/t/inc", "-Zunpretty=expanded",
                           "--json=diagnostic-rendered-ansi", "--emit=dep-info,metadata,link", "embed-bitcode=no"}) {
    EXPECT_THAT(a, Not(Contains(gone))) << gone;
  }
  for (const char* kept : {"--edition=2015", "feature=\"std\"", "libc=/t/liblibc.rlib", "--emit=llvm-ir",
                           "--cap-lints=allow", "-Zcrate-attr=feature(specialization)", "/p/probe.ll"}) {
    EXPECT_THAT(a, Contains(kept)) << kept;
  }
}

TEST(EditionNeutralPaths, OnlyLeadingCorePaths) {
  EXPECT_EQ(EditionNeutralPaths("<::core::mem::X as T>::f(::core::ptr::null())"),
            "<core::mem::X as T>::f(core::ptr::null())");
  EXPECT_EQ(EditionNeutralPaths("a::core::b, crate::core::c"), "a::core::b, crate::core::c");
}

TEST(CopyCrateForProbe, CopiesPublishesAndFindsTheRoot) {
  auto src = target::ScratchDir::Open("", "bindfuzz-crate-probe-src-", false);
  auto dst = target::ScratchDir::Open("", "bindfuzz-crate-probe-dst-", false);
  ASSERT_TRUE(src.ok() && dst.ok());
  const std::string s = src->path();
  std::filesystem::create_directories(s + "/src/sys");
  std::filesystem::create_directories(s + "/target");
  ASSERT_TRUE(WriteFile(s + "/Cargo.toml", "[package]\n").ok());
  ASSERT_TRUE(WriteFile(s + "/src/lib.rs", "mod sys;\n").ok());
  ASSERT_TRUE(WriteFile(s + "/src/sys/mod.rs", "mod rec;\n").ok());
  ASSERT_TRUE(WriteFile(s + "/target/big.bin", "x").ok());
  CargoCrateBuild b;
  b.crate_dir = s;
  b.root = s + "/src/lib.rs";
  auto root = CopyCrateForProbe(b, dst->path() + "/crate");
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(*root, dst->path() + "/crate/src/lib.rs");
  EXPECT_EQ(*ReadFile(*root), "pub mod sys;\n");
  EXPECT_EQ(*ReadFile(dst->path() + "/crate/src/sys/mod.rs"), "pub mod rec;\n");
  EXPECT_EQ(*ReadFile(dst->path() + "/crate/Cargo.toml"), "[package]\n");
  EXPECT_FALSE(ReadFile(dst->path() + "/crate/target/big.bin").ok());
  // A root outside the crate directory is refused.
  b.root = "/elsewhere/lib.rs";
  EXPECT_FALSE(CopyCrateForProbe(b, dst->path() + "/other").ok());
}

}  // namespace
}  // namespace bindfuzz::confirm
