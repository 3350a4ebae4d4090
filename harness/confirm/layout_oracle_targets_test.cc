// The Rust layout engine against rustc on every target of the table:
// harness/testdata/targets/layout_probe.rs (every primitive, core::ffi and
// std::os::raw type, pointers, arrays, repr(C)/packed(N)/align(N)/
// transparent, unions, repr(u8..i64) enums, bitfield units,
// Option<extern fn>) is laid out by the front end for the target and
// checked with rustc's minicore probe for that target (one probe compile
// per target): 0 disagreements. Prints a per-target count table. Skips
// where rustc is absent.
#include <cstdio>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/status.h"
#include "harness/confirm/layout_oracle.h"
#include "harness/target/subprocess.h"
#include "harness/target/target.h"
#include "harness/testing/status_matchers.h"

namespace bindfuzz::confirm {
namespace {

constexpr char kProbe[] = "harness/testdata/targets/layout_probe.rs";

struct Parsed {
  std::vector<rust_frontend::RustSource> sources;
  rust_frontend::RustExtraction parsed;
  rust_frontend::RustFrontendOptions options;
};

absl::StatusOr<Parsed> Parse(std::string_view rust_triple) {
  Parsed p;
  p.options.target_triple = std::string(rust_triple);
  BF_ASSIGN_OR_RETURN(p.sources, rust_frontend::ReadRustSources({kProbe}, p.options));
  BF_ASSIGN_OR_RETURN(p.parsed, rust_frontend::ExtractRustSources(p.sources, p.options));
  return p;
}

TEST(LayoutOracleTargets, EngineAgreesWithRustcOnEveryTarget) {
  if (!target::FindProgram("rustc").ok()) GTEST_SKIP() << "no rustc on PATH";
  LayoutOracleOptions o;
  o.force_minicore = true;
  std::string table = "target                           types  offsets  disagreements\n";
  for (const target::TargetInfo& t : target::AllTargets()) {
    SCOPED_TRACE(t.rust_triple);
    absl::StatusOr<Parsed> p = Parse(t.rust_triple);
    ASSERT_THAT(p.status(), testutil::IsOk());
    absl::StatusOr<rust_frontend::OracleReport> rep = RunLayoutOracle(p->sources, p->parsed, p->options, o);
    ASSERT_THAT(rep.status(), testutil::IsOk());
    EXPECT_EQ(rep->method, "minicore --target " + std::string(t.rust_triple));
    EXPECT_EQ(rep->skipped, 0u);
    // Every fact the front end computed was asked of rustc.
    EXPECT_EQ(rep->types_checked + rep->fields_checked, p->parsed.facts.size());
    EXPECT_GE(rep->types_checked, 80u);
    for (const auto& d : rep->disagreements) ADD_FAILURE() << d.ToString();
    char line[160];
    std::snprintf(line, sizeof line, "%-32s %5zu  %7zu  %13zu\n", std::string(t.rust_triple).c_str(),
                  rep->types_checked, rep->fields_checked, rep->disagreements.size());
    table += line;
  }
  std::printf("%s", table.c_str());
}

// The check can fail: a wrong size or offset of the engine is a
// disagreement naming the item.
TEST(LayoutOracleTargets, WrongEngineValueIsADisagreement) {
  if (!target::FindProgram("rustc").ok()) GTEST_SKIP() << "no rustc on PATH";
  absl::StatusOr<Parsed> p = Parse("armv7-unknown-linux-gnueabihf");
  ASSERT_THAT(p.status(), testutil::IsOk());
  size_t changed = 0;
  for (rust_frontend::RustLayoutFact& f : p->parsed.facts) {
    if (f.item == "s_mixed" && f.field.empty()) {
      *f.size += 8;
      ++changed;
    }
    if (f.item == "s_ffi" && f.field == "k") {
      *f.offset += 4;
      ++changed;
    }
  }
  ASSERT_EQ(changed, 2u);
  LayoutOracleOptions o;
  absl::StatusOr<rust_frontend::OracleReport> rep = RunLayoutOracle(p->sources, p->parsed, p->options, o);
  ASSERT_THAT(rep.status(), testutil::IsOk());
  ASSERT_EQ(rep->disagreements.size(), 2u);
  EXPECT_EQ(rep->disagreements[0].item, "s_mixed");
  EXPECT_EQ(rep->disagreements[0].what, "size");
  EXPECT_EQ(rep->disagreements[1].item, "s_ffi");
  EXPECT_EQ(rep->disagreements[1].what, "offset");
}

TEST(LayoutItemsOnly, BlanksCodeOnlyItems) {
  rust_frontend::RustSource s{"x.rs",
                              "#[repr(C)]\npub struct S { pub a: u8 }\n#[inline]\nimpl S { fn f(&self) {} }\n"
                              "trait T {}\npub fn g() -> u8 { 1 }\npub static V: u8 = 1;\n"
                              "mod m { pub fn h() {} pub type A = u8; }\nextern \"C\" { fn e(); }\n"};
  absl::StatusOr<std::string> out = LayoutItemsOnly(s);
  ASSERT_THAT(out.status(), testutil::IsOk());
  // Same length and lines; the blanked items are gone, the layout items stay.
  ASSERT_EQ(out->size(), s.text.size());
  for (size_t i = 0; i < s.text.size(); ++i)
    if (s.text[i] == '\n') EXPECT_EQ((*out)[i], '\n') << i;
  EXPECT_THAT(*out, ::testing::HasSubstr("#[repr(C)]\npub struct S { pub a: u8 }\n"));
  EXPECT_THAT(*out, ::testing::HasSubstr("pub type A = u8;"));
  for (const char* gone : {"inline", "impl", "trait", "fn g", "static", "fn h", "fn f", "extern", "fn e"})
    EXPECT_THAT(*out, ::testing::Not(::testing::HasSubstr(gone))) << gone;
}

}  // namespace
}  // namespace bindfuzz::confirm
