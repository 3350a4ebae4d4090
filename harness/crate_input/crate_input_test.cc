// Unit tests of crate_input without cargo or the network: reading cargo's
// and rustc's output, the scratch project, crate lookup in a registry
// directory made here, origin mapping, location remapping, JSON.
#include "harness/crate_input/crate_input.h"

#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/crate_input/cargo_metadata.h"
#include "harness/crate_input/cargo_output.h"
#include "harness/crate_input/origins.h"
#include "harness/crate_input/scratch_project.h"
#include "harness/target/subprocess.h"
#include "harness/testing/status_matchers.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::crate_input {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

// What cargo 1.95 printed for libz-sys 1.1.8 (`cargo rustc -v ... -- -Zunpretty=expanded`).
constexpr char kCargoStderr[] =
    "       Fresh pkg-config v0.3.25\n"
    "   Compiling libc v0.2.139\n"
    "     Running `/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/bin/rustc --crate-name libc "
    "--edition=2015 /usr/share/cargo/registry/libc-0.2.139/src/lib.rs --error-format=json --crate-type lib "
    "--cfg 'feature=\"default\"' --cfg 'feature=\"std\"' -C metadata=1c60 -C extra-filename=-96f3 "
    "--out-dir /s/target/x86_64-unknown-linux-gnu/debug/deps --target x86_64-unknown-linux-gnu --cap-lints allow "
    "--cfg freebsd11 --cfg libc_union`\n"
    "   Compiling libz-sys v1.1.8\n"
    "     Running `/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/bin/rustc --crate-name libz_sys "
    "--edition=2018 /usr/share/cargo/registry/libz-sys-1.1.8/src/lib.rs --error-format=json "
    "--json=diagnostic-rendered-ansi,artifacts,future-incompat --crate-type lib --emit=dep-info,metadata,link "
    "-C embed-bitcode=no -C debuginfo=2 --cfg 'feature=\"default\"' --cfg 'feature=\"libc\"' "
    "--cfg 'feature=\"stock-zlib\"' --check-cfg 'cfg(docsrs,test)' "
    "--check-cfg 'cfg(feature, values(\"asm\", \"default\", \"libc\", \"stock-zlib\"))' -C metadata=b738 "
    "-C extra-filename=-2110967a8c304ffd --out-dir /s/target/x86_64-unknown-linux-gnu/debug/deps "
    "--target x86_64-unknown-linux-gnu -L dependency=/s/target/x86_64-unknown-linux-gnu/debug/deps "
    "--extern libc=/s/target/x86_64-unknown-linux-gnu/debug/deps/liblibc-96f3.rmeta --cap-lints allow "
    "-Zunpretty=expanded --cfg newlib -l z`\n"
    "    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.80s\n";

TEST(ShellWords, CargoQuoting) {
  auto w = SplitShellWords("rustc --cfg 'feature=\"std\"' a\\ b \"x\\\"y\" 'it'\\''s' '' end");
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_THAT(*w, ElementsAre("rustc", "--cfg", "feature=\"std\"", "a b", "x\"y", "it's", "", "end"));
}

TEST(ShellWords, UnterminatedQuoteIsAnError) {
  EXPECT_FALSE(SplitShellWords("rustc --cfg 'feature").ok());
  EXPECT_FALSE(SplitShellWords("rustc \"abc").ok());
}

TEST(RunningCommands, OnlyRunningLines) {
  std::vector<std::string> cmds = RunningCommands(kCargoStderr);
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_THAT(cmds[0], HasSubstr("--crate-name libc"));
  EXPECT_THAT(cmds[1], HasSubstr("-l z"));
}

// cargo -vv: the environment first, a quoted value over two lines, and a
// backquote inside quotes that does not end the command.
constexpr char kCargoStderrVV[] =
    "[libz-sys 1.1.8] cargo:rustc-link-lib=z\n"
    "     Running `CARGO_CRATE_NAME=libz_sys CARGO_PKG_DESCRIPTION='Low-level bindings\n"
    "to `zlib`.' OUT_DIR=/s/target/debug/build/libz-sys-01a5/out /bin/rustc --crate-name libz_sys "
    "--edition=2018 src/lib.rs -Zunpretty=expanded`\n"
    "note: Running `this` is not a command line\n";

TEST(RunningCommands, EnvironmentAndMultiLineValues) {
  std::vector<std::string> cmds = RunningCommands(kCargoStderrVV);
  ASSERT_EQ(cmds.size(), 1u);
  auto inv = FindRustcInvocation(kCargoStderrVV, "libz_sys", "-Zunpretty=expanded");
  ASSERT_TRUE(inv.ok()) << inv.status();
  EXPECT_THAT(inv->env, ElementsAre("CARGO_CRATE_NAME=libz_sys", "CARGO_PKG_DESCRIPTION=Low-level bindings\nto `zlib`.",
                                    "OUT_DIR=/s/target/debug/build/libz-sys-01a5/out"));
  EXPECT_EQ(inv->argv.front(), "/bin/rustc");
  EXPECT_EQ(inv->source, "src/lib.rs");
  EXPECT_FALSE(ParseRustcArgs({"A=1", "B=2"}).ok());
}

TEST(RustcArgs, EverythingCargoGives) {
  auto inv = FindRustcInvocation(kCargoStderr, "libz_sys", "-Zunpretty=expanded");
  ASSERT_TRUE(inv.ok()) << inv.status();
  EXPECT_EQ(inv->crate_name, "libz_sys");
  EXPECT_EQ(inv->edition, "2018");
  EXPECT_EQ(inv->source, "/usr/share/cargo/registry/libz-sys-1.1.8/src/lib.rs");
  EXPECT_THAT(inv->cfgs, ElementsAre("feature=\"default\"", "feature=\"libc\"", "feature=\"stock-zlib\"", "newlib"));
  EXPECT_THAT(inv->features, ElementsAre("default", "libc", "stock-zlib"));
  EXPECT_THAT(inv->externs, ElementsAre(Pair("libc", "/s/target/x86_64-unknown-linux-gnu/debug/deps/liblibc-96f3.rmeta")));
  EXPECT_THAT(inv->crate_types, ElementsAre("lib"));
  EXPECT_EQ(inv->target, "x86_64-unknown-linux-gnu");
  EXPECT_EQ(inv->out_dir, "/s/target/x86_64-unknown-linux-gnu/debug/deps");
  EXPECT_EQ(inv->extra_filename, "-2110967a8c304ffd");
  EXPECT_EQ(inv->argv.front(), "/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/bin/rustc");
}

TEST(RustcArgs, CfgsFromBuildScriptsAndDefaultEdition) {
  auto inv = FindRustcInvocation(kCargoStderr, "libc", "");
  ASSERT_TRUE(inv.ok()) << inv.status();
  EXPECT_EQ(inv->edition, "2015");
  EXPECT_THAT(inv->cfgs, ElementsAre("feature=\"default\"", "feature=\"std\"", "freebsd11", "libc_union"));
  EXPECT_TRUE(inv->externs.empty());
}

TEST(RustcArgs, MarkerAndCrateMustBothMatch) {
  // libc's command has no -Zunpretty: not the expansion.
  EXPECT_EQ(FindRustcInvocation(kCargoStderr, "libc", "-Zunpretty=expanded").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(FindRustcInvocation(kCargoStderr, "openssl_sys", ""), testutil::StatusIs(absl::StatusCode::kNotFound));
}

TEST(RustcArgs, JoinedAndSeparateForms) {
  auto inv = ParseRustcArgs({"rustc", "--edition", "2021", "-Cextra-filename=-abc", "--crate-name=x",
                             "--extern", "noprelude:core=/p/libcore.rlib", "--extern", "alloc", "--crate-type",
                             "rlib,staticlib", "-g", "src/lib.rs", "-lz"});
  ASSERT_TRUE(inv.ok()) << inv.status();
  EXPECT_EQ(inv->edition, "2021");
  EXPECT_EQ(inv->crate_name, "x");
  EXPECT_EQ(inv->extra_filename, "-abc");
  EXPECT_THAT(inv->externs, ElementsAre(Pair("core", "/p/libcore.rlib"), Pair("alloc", "")));
  EXPECT_THAT(inv->crate_types, ElementsAre("rlib", "staticlib"));
  EXPECT_EQ(inv->source, "src/lib.rs");
}

TEST(RustcArgs, MissingValueOrSourceIsAnError) {
  EXPECT_FALSE(ParseRustcArgs({"rustc", "src/lib.rs", "--cfg"}).ok());
  EXPECT_FALSE(ParseRustcArgs({"rustc", "--crate-name", "x"}).ok());
}

TEST(DepInfo, FirstRuleOnly) {
  std::string d =
      "/t/deps/libc-d6.d: /r/libc/src/lib.rs /r/libc/src/unix/mod.rs \\\n"
      "  /r/with\\ space.rs /out/bindings.rs\n"
      "\n"
      "/t/deps/liblibc-d6.rlib: /r/libc/src/lib.rs\n"
      "\n"
      "/r/libc/src/lib.rs:\n";
  EXPECT_THAT(ParseDepInfo(d), ElementsAre("/r/libc/src/lib.rs", "/r/libc/src/unix/mod.rs", "/r/with space.rs",
                                           "/out/bindings.rs"));
  EXPECT_THAT(ParseDepInfo(""), IsEmpty());
}

TEST(FirstErrorLines, FromTheFirstErrorWithoutCommands) {
  std::string err =
      "   Compiling x v0.1.0\n"
      "warning: unused import\n"
      "     Running `rustc --crate-name x ...`\n"
      "error: failed to run custom build command for `x v0.1.0`\n"
      "     Running `/t/build/x/build-script-build`\n"
      "Caused by:\n"
      "  process didn't exit successfully\n"
      "  --- stderr\n"
      "  thread 'main' panicked at build.rs:1:14:\n"
      "  libfoo not found\n";
  std::string first = FirstErrorLines(err, 5);
  EXPECT_THAT(first, HasSubstr("error: failed to run custom build command for `x v0.1.0`"));
  EXPECT_THAT(first, HasSubstr("panicked"));
  EXPECT_THAT(first, ::testing::Not(HasSubstr("Running")));
  EXPECT_THAT(first, ::testing::Not(HasSubstr("warning")));
  EXPECT_THAT(first, ::testing::Not(HasSubstr("libfoo not found")));  // beyond 5 lines
  // No error line: the tail.
  EXPECT_EQ(FirstErrorLines("a\nb\nc\n", 2), "b\nc");
}

TEST(Versions, SemverOrder) {
  EXPECT_LT(CompareVersions("0.2.9", "0.2.10"), 0);
  EXPECT_GT(CompareVersions("1.0.0", "1.0.0-rc1"), 0);
  EXPECT_EQ(CompareVersions("1.1.8", "1.1.8+zlib-1.2.13"), 0);
  EXPECT_LT(CompareVersions("0.9.80", "1.0.0"), 0);
}

class FakeRegistry : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = target::MakeTempDir("bindfuzz-registry-test-");
    ASSERT_TRUE(d.ok());
    dir_ = *d;
    for (const char* c : {"libz-sys-1.1.8", "libz-sys-1.1.10", "libz-sys-1.1.9", "libc-0.2.139", "libz-0.1.0",
                          "broken-1.0.0"}) {
      ASSERT_EQ(mkdir((dir_ + "/" + c).c_str(), 0755), 0);
      if (std::string(c) != "broken-1.0.0") {
        ASSERT_TRUE(WriteFile(dir_ + "/" + c + "/Cargo.toml", "[package]\n").ok());
      }
    }
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string dir_;
};

TEST_F(FakeRegistry, InstalledVersionsAreSortedAndExact) {
  EXPECT_THAT(InstalledVersions(dir_, "libz-sys"), ElementsAre("1.1.8", "1.1.9", "1.1.10"));
  EXPECT_THAT(InstalledVersions(dir_, "libz"), ElementsAre("0.1.0"));   // not libz-sys
  EXPECT_THAT(InstalledVersions(dir_, "broken"), IsEmpty());           // no Cargo.toml
}

TEST_F(FakeRegistry, LocateByNameAndVersion) {
  auto l = LocateCrate("libz-sys", dir_);
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_TRUE(l->in_registry);
  EXPECT_EQ(l->version, "1.1.10");
  EXPECT_EQ(l->dir, dir_ + "/libz-sys-1.1.10");
  l = LocateCrate("libz_sys@1.1.8", dir_);  // '_' finds the '-' spelling
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->package, "libz-sys");
  EXPECT_EQ(l->version, "1.1.8");
}

TEST_F(FakeRegistry, MissingCratesNameTheFix) {
  auto l = LocateCrate("openssl-sys", dir_);
  EXPECT_THAT(l, testutil::StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(l.status().message(), HasSubstr("apt-get install librust-openssl-sys-dev"));
  l = LocateCrate("libz-sys@2.0.0", dir_);
  EXPECT_THAT(l, testutil::StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(l.status().message(), HasSubstr("installed: 1.1.8, 1.1.9, 1.1.10"));
  l = LocateCrate("libz-sys", dir_ + "/nonexistent");
  EXPECT_THAT(l.status().message(), HasSubstr("does not exist"));
  l = LocateCrate("no such thing", dir_);
  EXPECT_THAT(l.status().message(), HasSubstr("not a directory, a Cargo.toml or an installed crate"));
  EXPECT_THAT(LocateCrate("", dir_), testutil::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(FakeRegistry, LocateByDirectoryOrManifest) {
  auto l = LocateCrate(dir_ + "/libc-0.2.139", "/nonexistent");
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_FALSE(l->in_registry);
  EXPECT_EQ(l->manifest, l->dir + "/Cargo.toml");
  l = LocateCrate(dir_ + "/libc-0.2.139/Cargo.toml", "/nonexistent");
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->manifest, l->dir + "/Cargo.toml");
  EXPECT_THAT(LocateCrate(dir_ + "/broken-1.0.0", "/x").status().message(), HasSubstr("no Cargo.toml"));
  EXPECT_THAT(LocateCrate(dir_ + "/none/Cargo.toml", "/x").status().message(), HasSubstr("no such file"));
}

TEST(Options, Features) {
  auto f = NormalizeFeatures({"general,netlink", "ioctl  netlink", "serde/std"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_THAT(*f, ElementsAre("general", "netlink", "ioctl", "serde/std"));
  EXPECT_FALSE(NormalizeFeatures({"a\"b"}).ok());
  EXPECT_FALSE(NormalizeFeatures({"a]"}).ok());
}

TEST(Options, Cfgs) {
  EXPECT_EQ(*NormalizeCfg("newlib"), "newlib");
  EXPECT_EQ(*NormalizeCfg("target_env=musl"), "target_env=\"musl\"");
  EXPECT_EQ(*NormalizeCfg("feature=\"x\""), "feature=\"x\"");
  EXPECT_FALSE(NormalizeCfg("1abc").ok());
  EXPECT_FALSE(NormalizeCfg("a b").ok());
  EXPECT_FALSE(NormalizeCfg("x=\"a\"b\"").ok());
  EXPECT_FALSE(NormalizeCfg("").ok());
}

TEST(Scratch, CargoTomlForARegistryCrate) {
  ScratchDependency d;
  d.package = "linux-raw-sys";
  d.version = "0.0.46";
  d.default_features = false;
  d.features = {"general", "netlink"};
  std::string t = ScratchCargoToml(d);
  EXPECT_THAT(t, HasSubstr("[workspace]\n"));
  EXPECT_THAT(t, HasSubstr("[dependencies.\"linux-raw-sys\"]\nversion = \"=0.0.46\"\ndefault-features = false\n"
                           "features = [\"general\", \"netlink\"]\n"));
  EXPECT_THAT(t, HasSubstr("[lib]\npath = \"lib.rs\"\n"));
}

TEST(Scratch, CargoTomlForAPathCrateEscapes) {
  ScratchDependency d;
  d.package = "x";
  d.path = "/a \"b\"\\c";
  std::string t = ScratchCargoToml(d);
  EXPECT_THAT(t, HasSubstr("path = \"/a \\\"b\\\"\\\\c\"\n"));
  EXPECT_THAT(t, ::testing::Not(HasSubstr("version = \"=")));
  EXPECT_THAT(t, ::testing::Not(HasSubstr("default-features")));
  EXPECT_EQ(TomlString("a\nb\x01"), "\"a\\nb\\u0001\"");
}

TEST(Scratch, ConfigIsOfflineAndReplacesCratesIo) {
  std::string c = ScratchCargoConfig("/usr/share/cargo/registry");
  EXPECT_THAT(c, HasSubstr("[net]\noffline = true\n"));
  EXPECT_THAT(c, HasSubstr("[source.crates-io]\nreplace-with = \"bindfuzz-local-registry\"\n"));
  EXPECT_THAT(c, HasSubstr("directory = \"/usr/share/cargo/registry\"\n"));
  EXPECT_THAT(ScratchCargoConfig(""), ::testing::Not(HasSubstr("source")));
  EXPECT_EQ(DebianPackageFor("libz_sys"), "librust-libz-sys-dev");
}

constexpr char kMetadata[] = R"({
  "packages": [
    {"name": "bindfuzz-crate-input-scratch", "version": "0.0.0", "id": "path+file:///s#scratch@0.0.0",
     "manifest_path": "/s/Cargo.toml",
     "targets": [{"kind": ["lib"], "name": "bindfuzz_crate_input_scratch", "src_path": "/s/lib.rs", "edition": "2021"}]},
    {"name": "libz-sys", "version": "1.1.8", "id": "registry+x#libz-sys@1.1.8",
     "manifest_path": "/r/libz-sys-1.1.8/Cargo.toml",
     "targets": [{"kind": ["custom-build"], "name": "build-script-build", "src_path": "/r/libz-sys-1.1.8/build.rs",
                  "edition": "2018"},
                 {"kind": ["lib"], "name": "libz_sys", "src_path": "/r/libz-sys-1.1.8/src/lib.rs", "edition": "2018"}]},
    {"name": "libc", "version": "0.2.139", "id": "registry+x#libc@0.2.139", "manifest_path": "/r/libc/Cargo.toml",
     "targets": [{"kind": ["lib"], "name": "libc", "src_path": "/r/libc/src/lib.rs", "edition": "2015"}]},
    {"name": "pkg-config", "version": "0.3.25", "id": "registry+x#pkg-config@0.3.25", "manifest_path": "/r/p/Cargo.toml",
     "targets": [{"kind": ["lib"], "name": "pkg_config", "src_path": "/r/p/src/lib.rs", "edition": "2015"}]}
  ],
  "resolve": {
    "root": "path+file:///s#scratch@0.0.0",
    "nodes": [
      {"id": "path+file:///s#scratch@0.0.0", "deps": [{"name": "libz_sys", "pkg": "registry+x#libz-sys@1.1.8",
        "dep_kinds": [{"kind": null, "target": null}]}], "features": []},
      {"id": "registry+x#libz-sys@1.1.8", "features": ["default", "libc", "stock-zlib"],
       "deps": [{"name": "libc", "pkg": "registry+x#libc@0.2.139", "dep_kinds": [{"kind": null, "target": null}]},
                {"name": "pkg_config", "pkg": "registry+x#pkg-config@0.3.25",
                 "dep_kinds": [{"kind": "build", "target": null}]}]}
    ]
  }
})";

TEST(Metadata, ResolveGraph) {
  auto m = ParseCargoMetadata(kMetadata, "test");
  ASSERT_TRUE(m.ok()) << m.status();
  const MetaPackage* root = m->Find(m->root_id);
  ASSERT_NE(root, nullptr);
  EXPECT_THAT(root->deps, ElementsAre(Pair("libz_sys", "registry+x#libz-sys@1.1.8")));
  const MetaPackage* z = m->Find("registry+x#libz-sys@1.1.8");
  ASSERT_NE(z, nullptr);
  EXPECT_TRUE(z->has_lib);
  EXPECT_EQ(z->lib_name, "libz_sys");  // not the build script
  EXPECT_EQ(z->edition, "2018");
  EXPECT_THAT(z->features, ElementsAre("default", "libc", "stock-zlib"));
  // pkg-config is a build dependency: not a crate whose paths the code uses.
  EXPECT_THAT(z->deps, ElementsAre(Pair("libc", "registry+x#libc@0.2.139")));
  EXPECT_EQ(m->FindByManifest("/r/libc/Cargo.toml")->name, "libc");
  EXPECT_EQ(m->FindByManifest("/nope"), nullptr);
}

TEST(Metadata, NotMetadataIsAnError) {
  EXPECT_THAT(ParseCargoMetadata("{\"a\":1}", "m.json"), testutil::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseCargoMetadata("garbage", "m.json").status().message(), HasSubstr("m.json"));
  EXPECT_FALSE(ParseCargoMetadata(R"({"packages":[{"version":"1"}]})", "m.json").ok());
}

// Expanded text as rustc prints it for a crate with `mod ffi;` and an `s!{}`
// macro, and the files it was read from.
constexpr char kExpanded[] =
    "#![feature(prelude_import)]\n"     // 1
    "extern crate std;\n"               // 2
    "#[prelude_import]\n"               // 3
    "use std::prelude::rust_2021::*;\n" // 4
    "mod ffi {\n"                       // 5
    "    #[repr(C)]\n"                  // 6
    "    pub struct s {\n"              // 7
    "        pub a: i64,\n"             // 8
    "    }\n"                           // 9
    "}\n"                               // 10
    "pub use ffi::*;\n"                 // 11
    "#[repr(C)]\n"                      // 12
    "pub struct from_macro {\n"         // 13
    "    pub a: i32,\n"                 // 14
    "}\n"                               // 15
    "pub const FLAG: u32 = 1;\n"        // 16
    "pub const ONE: kind = 1;\n"        // 17
    "pub type kind = u32;\n"            // 18
    "pub const DERIVED_ONLY: u32 = 2;\n"// 19
    "extern \"C\" {\n"                  // 20
    "    pub fn f(x: libc::size_t) -> i32;\n"  // 21
    "}\n";                              // 22

std::vector<SourceText> Sources() {
  return {
      {"/c/src/lib.rs",
       "mod ffi;\npub use ffi::*;\nmacro_rules! s { ($($t:tt)*) => { $($t)* } }\n"
       "s! {\n    pub struct from_macro { pub a: i32 }\n}\n"
       "#[cfg(not(newlib))] pub const FLAG: u32 = 1;\n#[cfg(newlib)] pub const FLAG: u32 = 0;\n"
       "e! { pub enum kind { ONE = 1 } }\n"
       "extern \"C\" { pub fn f(x: libc::size_t) -> i32; }\n"},
      {"/c/src/ffi.rs", "#[repr(C)]\npub struct s {\n    pub a: i64,\n}\n"},
      {"/c/src/bad.rs", "\"unterminated"},
  };
}

TEST(Origins, ItemsFoundWhereTheyWereWritten) {
  auto o = MapOrigins("c.expanded.rs", kExpanded, Sources());
  ASSERT_TRUE(o.ok()) << o.status();
  std::vector<std::string> got;
  for (const ItemOrigin& x : *o) {
    got.push_back(absl::StrCat(absl::StrJoin(x.path, "::"), " ", x.kind, " ", x.expanded_begin, "-", x.expanded_end,
                               " -> ", x.file, ":", x.line, " (", x.how, ")"));
  }
  EXPECT_THAT(got, ElementsAre("ffi::s struct 7-9 -> /c/src/ffi.rs:2 (declaration)",
                               "from_macro struct 13-15 -> /c/src/lib.rs:5 (declaration)",
                               "FLAG const 16-16 -> /c/src/lib.rs:7 (declaration, 2 candidates, chosen by its text)",
                               "ONE const 17-17 -> /c/src/lib.rs:9 (mention)",
                               "kind type 18-18 -> /c/src/lib.rs:9 (declared as enum)",
                               "DERIVED_ONLY const 19-19 -> :0 ()",
                               "f fn 21-21 -> /c/src/lib.rs:10 (declaration)"));
}

TEST(Origins, FieldsOfRecords) {
  auto o = MapOrigins("c.expanded.rs", kExpanded, Sources());
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_THAT((*o)[0].fields, ElementsAre(Pair(8u, 3u)));  // s.a: expanded line 8, ffi.rs line 3
  // A parameter of a function-pointer field is not the field of that name.
  std::vector<SourceText> src = {{"/c/cb.rs",
                                  "#[repr(C)]\npub struct cb {\n    pub f: Option<fn(a: i32)>,\n"
                                  "    pub a: u8,\n}\n"}};
  o = MapOrigins("c.expanded.rs", "#[repr(C)]\npub struct cb { pub f: Option<fn(a: i32)>, pub a: u8 }\n", src);
  ASSERT_TRUE(o.ok()) << o.status();
  ASSERT_EQ(o->size(), 1u);
  EXPECT_THAT((*o)[0].fields, ElementsAre(Pair(2u, 3u), Pair(2u, 4u)));
}

TEST(Origins, TheCfgAlternativeRustcKept) {
  auto o = MapOrigins("c.expanded.rs", "pub const FLAG: u32 = 0;\n", Sources());
  ASSERT_TRUE(o.ok()) << o.status();
  ASSERT_EQ(o->size(), 1u);
  EXPECT_EQ((*o)[0].line, 8u);
  EXPECT_EQ((*o)[0].how, "declaration, 2 candidates, chosen by its text");
  // Nothing tells them apart: the first, and the mapping says so.
  o = MapOrigins("c.expanded.rs", "pub const FLAG: u64 = 7;\n", Sources());
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ((*o)[0].line, 7u);
  EXPECT_EQ((*o)[0].how, "declaration, 2 candidates");
}

TEST(Origins, UnparsableExpansionIsAnError) {
  EXPECT_FALSE(MapOrigins("x.rs", "pub struct {", {}).ok());
}

TEST(Origins, PathRoots) {
  auto used = PathRootsUsed("x.rs", kExpanded, {"libc", "openssl_sys", "std"});
  ASSERT_TRUE(used.ok()) << used.status();
  EXPECT_THAT(*used, ElementsAre("libc", "std"));  // `std::prelude`, `libc::size_t`
  used = PathRootsUsed("x.rs", "use a::libc; fn g() -> libc_t {}", {"libc"});
  ASSERT_TRUE(used.ok());
  EXPECT_THAT(*used, IsEmpty());
}

TEST(Remap, LocationsInItemsGoToTheirOrigin) {
  ExpandedCrate c;
  c.expanded_name = "c.expanded.rs";
  c.files = {"/c/src/lib.rs", "/c/src/ffi.rs"};
  auto o = MapOrigins(c.expanded_name, kExpanded, Sources());
  ASSERT_TRUE(o.ok());
  c.origins = *o;
  contract::Contract k;
  k.provenance.inputs = {"c.expanded.rs"};
  contract::Record r;
  r.name = "s";
  r.loc = {"c.expanded.rs", 7, 16};
  contract::Field f;
  f.name = "a";
  f.loc = {"c.expanded.rs", 8, 13};
  r.fields.push_back(f);
  k.records["s"] = r;
  contract::Constant d;
  d.loc = {"c.expanded.rs", 19, 11};  // no origin: stays
  k.constants["DERIVED_ONLY"] = d;
  contract::Note n;
  n.loc = {"c.expanded.rs", 4, 1};  // between items: stays
  k.notes.push_back(n);
  contract::Function fn;
  fn.loc = {"other.rs", 21, 1};  // another file: stays
  k.functions["f"] = fn;
  EXPECT_EQ(RemapLocations(c, &k), 2u);
  EXPECT_EQ(k.records["s"].loc, (contract::SourceLoc{"/c/src/ffi.rs", 2, 0}));
  EXPECT_EQ(k.records["s"].fields[0].loc, (contract::SourceLoc{"/c/src/ffi.rs", 3, 0}));
  EXPECT_EQ(k.constants["DERIVED_ONLY"].loc, (contract::SourceLoc{"c.expanded.rs", 19, 11}));
  EXPECT_EQ(k.notes[0].loc.line, 4u);
  EXPECT_EQ(k.functions["f"].loc.file, "other.rs");
  EXPECT_THAT(k.provenance.inputs, ElementsAre("/c/src/lib.rs", "/c/src/ffi.rs"));
}

TEST(Json, DescribesEveryCrate) {
  CrateInput in;
  in.rust_triple = "x86_64-unknown-linux-gnu";
  ExpandedCrate c;
  c.package = "libz-sys";
  c.version = "1.1.8";
  c.requested = true;
  c.cfgs = {"feature=\"default\""};
  c.rustc.externs = {{"libc", "/p/liblibc.rmeta"}};
  c.expanded = "pub type uInt = u32;\n";
  c.origins.push_back({{"uInt"}, "type", 1, 1, "/r/lib.rs", 3, "declaration", {}});
  in.crates.push_back(c);
  nlohmann::json j = nlohmann::json::parse(CrateInputToJson(in));
  EXPECT_EQ(j["target"], "x86_64-unknown-linux-gnu");
  EXPECT_EQ(j["crates"][0]["package"], "libz-sys");
  EXPECT_EQ(j["crates"][0]["externs"][0]["name"], "libc");
  EXPECT_EQ(j["crates"][0]["items_mapped"], 1);
  EXPECT_EQ(j["crates"][0]["origins"][0]["file"], "/r/lib.rs");
  EXPECT_FALSE(j["crates"][0].contains("expanded"));
  EXPECT_EQ(nlohmann::json::parse(CrateInputToJson(in, true))["crates"][0]["expanded"], c.expanded);
}

TEST(Json, SaveExpandedWritesTextAndPointsLocationsAtIt) {
  auto d = target::MakeTempDir("bindfuzz-save-test-");
  ASSERT_TRUE(d.ok());
  CrateInput in;
  ExpandedCrate c;
  c.package = "x-sys";
  c.version = "0.1.0";
  c.expanded_name = "x-sys-0.1.0.expanded.rs";
  c.expanded = "pub const A: u32 = 1;\n";
  in.crates.push_back(c);
  ASSERT_TRUE(SaveExpanded(*d + "/out/new", &in).ok());  // parents made as needed
  ASSERT_TRUE(SaveExpanded(*d + "/out", &in).ok());
  EXPECT_EQ(in.crates[0].expanded_name, *d + "/out/x-sys-0.1.0.rs");
  auto text = ReadFile(*d + "/out/x-sys-0.1.0.rs");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, c.expanded);
  auto json = ReadFile(*d + "/out/crates.json");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(nlohmann::json::parse(*json)["crates"][0]["expanded_name"], *d + "/out/x-sys-0.1.0.rs");
  EXPECT_FALSE(SaveExpanded(*d + "/out/x-sys-0.1.0.rs/sub", &in).ok());  // a file is in the way
  std::system(("rm -rf '" + *d + "'").c_str());
}

TEST(Errors, BadOptionsBeforeAnyProcess) {
  CrateRequest r;
  r.crate = "libz-sys";
  r.cfgs = {"not valid"};
  EXPECT_THAT(ReadCrate(r, {}), testutil::StatusIs(absl::StatusCode::kInvalidArgument));
  r.cfgs.clear();
  r.target_triple = "nonsense-arch-none";
  EXPECT_THAT(ReadCrate(r, {}).status().message(), HasSubstr("nonsense-arch-none"));
}

TEST(Errors, NoCargo) {
  CrateRequest r;
  r.crate = "harness/testdata/crates/mod_file";
  CrateInputOptions o;
  o.cargo = "/nonexistent/cargo";
  absl::StatusOr<CrateInput> in = ReadCrate(r, o);
  EXPECT_THAT(in, testutil::StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(in.status().message(), HasSubstr("needs cargo"));
  EXPECT_THAT(in.status().message(), HasSubstr("harness/testdata/crates/mod_file"));
}

}  // namespace
}  // namespace bindfuzz::crate_input
