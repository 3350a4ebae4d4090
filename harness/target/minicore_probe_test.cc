// Unit tests of the minicore probe's pieces; no rustc needed (the oracle
// tests run rustc).
#include "harness/target/minicore_probe.h"
#include "harness/testing/status_matchers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bindfuzz::target {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(LlvmGlobalBytes, EscapesAndPrintableBytes) {
  std::string ll =
      "@other = constant [2 x i8] c\"\\01\\02\", align 1\n"
      "@__BF_PROBE_VALUES = constant [8 x i8] c\"\\08\\07A\\5C\\00\\22\\FF \", align 8\n";
  absl::StatusOr<std::string> b = LlvmGlobalBytes(ll, "__BF_PROBE_VALUES");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(*b, std::string("\x08\x07" "A\\\0\"\xff ", 8));
}

TEST(LlvmGlobalBytes, BackslashByte) {
  // rustc 1.95's LLVM prints the byte 0x5c as `\\`, not `\5C`.
  absl::StatusOr<std::string> b =
      LlvmGlobalBytes("@X = constant [16 x i8] c\"\\\\\\00\\00\\00\\00\\00\\00\\00\\22\\00\\00\\00\\00\\00\\00\\00\", align 8\n", "X");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(*b, std::string("\x5c\0\0\0\0\0\0\0\x22\0\0\0\0\0\0\0", 16));
}

TEST(LlvmGlobalBytes, ZeroInitializerAndPackedStruct) {
  absl::StatusOr<std::string> z = LlvmGlobalBytes("@x = constant [3 x i8] zeroinitializer, align 1\n", "x");
  ASSERT_TRUE(z.ok()) << z.status();
  EXPECT_EQ(*z, std::string(3, '\0'));
  absl::StatusOr<std::string> p =
      LlvmGlobalBytes("@x = constant <{ [2 x i8] }> <{ [2 x i8] c\"\\10\\00\" }>, align 2\n", "x");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(*p, std::string("\x10\0", 2));
}

TEST(LlvmGlobalBytes, Errors) {
  // Only a definition at the start of a line counts.
  EXPECT_EQ(LlvmGlobalBytes("  store ptr @x = constant [1 x i8] c\"\\01\"\n", "x").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(LlvmGlobalBytes("@xy = constant [1 x i8] c\"\\01\"\n", "x"), testutil::StatusIs(absl::StatusCode::kNotFound));
  EXPECT_FALSE(LlvmGlobalBytes("@x = constant [3 x i8] c\"\\01\"\n", "x").ok());       // size mismatch
  EXPECT_FALSE(LlvmGlobalBytes("@x = constant [1 x i8] c\"\\0G\"\n", "x").ok());       // bad escape
  EXPECT_FALSE(LlvmGlobalBytes("@x = constant i64 5\n", "x").ok());                    // not bytes
  EXPECT_FALSE(LlvmGlobalBytes("@x = constant [99999999999 x i8] c\"\"\n", "x").ok());  // absurd size
}

TEST(RustcDiagnostics, ParsesJsonLinesRelativeToTheBody) {
  std::string err =
      R"({"$message_type":"diagnostic","message":"\"stdcall\" is not a supported ABI for the current target","code":{"code":"E0570","explanation":"..."},"level":"error","spans":[{"file_name":"p.rs","line_start":12,"column_start":25,"is_primary":true}],"children":[],"rendered":"error[E0570]: ..."})"
      "\n"
      R"({"$message_type":"diagnostic","message":"\"cdecl\" is not a supported ABI for the current target","code":null,"level":"warning","spans":[{"file_name":"p.rs","line_start":9,"column_start":1,"is_primary":false},{"file_name":"p.rs","line_start":11,"column_start":14,"is_primary":true}],"children":[],"rendered":"warning: ..."})"
      "\n"
      "not json at all\n"
      R"({"$message_type":"diagnostic","message":"aborting due to 1 previous error","code":null,"level":"error","spans":[],"children":[],"rendered":"error: aborting"})"
      "\n";
  std::vector<Diagnostic> d = ParseRustcDiagnostics(err, 10);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].level, "error");
  EXPECT_EQ(d[0].code, "E0570");
  EXPECT_EQ(d[0].line, 3u);
  EXPECT_EQ(d[0].column, 25u);
  EXPECT_EQ(d[1].level, "warning");
  EXPECT_EQ(d[1].code, "");
  EXPECT_EQ(d[1].line, 2u);  // the primary span
  EXPECT_EQ(d[2].line, 0u);
  EXPECT_THAT(d[2].message, HasSubstr("aborting"));
  // A span before the body (the crate header) has no body line.
  EXPECT_EQ(ParseRustcDiagnostics(err, 13)[0].line, 0u);
}

TEST(RustdocSource, StripsLineNumbersTagsAndEntities) {
  std::string html =
      "<html><pre class=\"rust\"><code><a href=#1 id=1 data-nosnippet>1</a><span class=\"kw\">pub type </span>"
      "a = <span>&amp;</span>&#39;static u8;\n"
      "<a href=#2 id=2 data-nosnippet>2</a>x &lt; y &gt; &quot;z&quot; &unknown;\n</code></pre></html>";
  absl::StatusOr<std::string> t = RustdocSourceToText(html, "p.html");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(*t, "pub type a = &'static u8;\nx < y > \"z\" &unknown;\n");
  EXPECT_THAT(RustdocSourceToText("<html>no code</html>", "p.html").status().message(), HasSubstr("p.html"));
}

// A source in the shape of core/src/ffi/primitives.rs (written for this
// test): a documentation macro, per-alias invocations, cfg rule modules.
constexpr std::string_view kPrimitivesLike = R"rs(
macro_rules! type_alias {
    { $Docfile:tt, $Alias:ident = $Real:ty; $( $Cfg:tt )* } => { pub type $Alias = $Real; }
}
type_alias! { "c_char.md", c_char = c_char_definition::c_char; #[doc(cfg(all()))] }
type_alias! { "c_int.md", c_int = c_int_definition::c_int; }
type_alias! { "c_long.md", c_long = c_long_definition::c_long; }
type_alias! { "c_short.md", c_short = i16; }
mod c_char_definition {
    crate::cfg_select! {
        // a comment with a brace }
        target_arch = "aarch64" => { pub(super) type c_char = u8; }
        _ => { pub(super) type c_char = i8; }
    }
}
mod c_int_definition { pub(super) type c_int = i32; }
mod c_long_definition { pub(super) type c_long = "}"; }
/// Docs.
#[unstable(feature = "c_size_t", issue = "88345")]
pub type c_size_t = usize;
)rs";

TEST(CoreFfiSource, TakesRuleModulesAndAliases) {
  absl::StatusOr<std::string> m = FfiModuleFromCoreSource(kPrimitivesLike, "primitives.rs");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_THAT(*m, HasSubstr("pub type c_char = c_char_definition::c_char;"));
  EXPECT_THAT(*m, HasSubstr("pub type c_short = i16;"));
  EXPECT_THAT(*m, HasSubstr("pub type c_size_t = usize;"));
  EXPECT_THAT(*m, HasSubstr("mod c_char_definition {"));
  EXPECT_THAT(*m, HasSubstr("_ => { pub(super) type c_char = i8; }"));
  EXPECT_THAT(*m, HasSubstr("mod c_long_definition { pub(super) type c_long = \"}\"; }"));
  EXPECT_THAT(*m, Not(HasSubstr("$Alias")));
  EXPECT_THAT(*m, Not(HasSubstr("unstable")));
}

TEST(CoreFfiSource, MissingAliasOrBrokenSourceIsAnError) {
  std::string no_long(kPrimitivesLike);
  no_long.replace(no_long.find("c_long = c_long_definition"), 6, "c_lung");
  absl::StatusOr<std::string> m = FfiModuleFromCoreSource(no_long, "primitives.rs");
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(std::string(m.status().message()), HasSubstr("primitives.rs: no definition of c_long"));
  EXPECT_FALSE(FfiModuleFromCoreSource("mod c_char_definition { crate::cfg_select! {", "p.rs").ok());
  EXPECT_FALSE(FfiModuleFromCoreSource("type_alias! { c_char }", "p.rs").ok());
}

TEST(CoreFfiSource, StdOsRawNames) {
  constexpr std::string_view kRawLike = R"rs(
macro_rules! alias_core_ffi { ($($t:ident)*) => {$( pub type $t = core::ffi::$t; )*} }
alias_core_ffi! {
    c_char c_schar
    c_void
}
)rs";
  absl::StatusOr<std::vector<std::string>> n = StdOsRawNamesFromSource(kRawLike, "raw.rs");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_THAT(*n, ElementsAre("c_char", "c_schar", "c_void"));
  EXPECT_FALSE(StdOsRawNamesFromSource("alias_core_ffi! { c_char, c_int }", "raw.rs").ok());
  EXPECT_FALSE(StdOsRawNamesFromSource("nothing here", "raw.rs").ok());
}

TEST(CoreFfiSource, FromTable) {
  const TargetInfo* armhf = FindByRustTriple("armv7-unknown-linux-gnueabihf");
  ASSERT_NE(armhf, nullptr);
  std::string m = FfiModuleFromTable(*armhf);
  EXPECT_THAT(m, HasSubstr("pub type c_char = u8;"));
  EXPECT_THAT(m, HasSubstr("pub type c_long = i32;"));
  EXPECT_THAT(m, HasSubstr("pub type c_ulong = u32;"));
  EXPECT_THAT(m, HasSubstr("pub type c_size_t = usize;"));
  EXPECT_THAT(m, Not(HasSubstr("c_void")));  // defined once by the prelude
}

TEST(MinicoreSession, RejectsBadTriplesAndMissingRustc) {
  MinicoreOptions o;
  EXPECT_EQ(MinicoreSession::Create("x86_64-unknown-linux-gnu; rm -rf /", o).status().code(),
            absl::StatusCode::kInvalidArgument);
  o.rustc = "/nonexistent/rustc";
  EXPECT_THAT(MinicoreSession::Create("x86_64-unknown-linux-gnu", o), testutil::StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace bindfuzz::target
