#include "harness/confirm/layout_fill.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/diff/diff.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::confirm {
namespace {

using rust_frontend::RustExtraction;
using rust_frontend::RustFrontendOptions;
using rust_frontend::RustSource;
using ::testing::HasSubstr;

// rustc 1.95 on x86_64: Wide is 8 bytes (align 8), holder 16 (w at 0, tag
// at 8); the engine cannot size Wide (discriminants beyond 32 bits).
constexpr char kWide[] = R"rs(use core::ffi::c_int;
#[repr(C)]
#[derive(Copy, Clone)]
pub enum Wide {
    A = 0,
    B = 0x1_0000_0000,
}
#[repr(C)]
#[derive(Copy, Clone)]
pub struct holder {
    pub w: Wide,
    pub tag: c_int,
}
)rs";

RustExtraction Extract(const std::vector<RustSource>& srcs) {
  absl::StatusOr<RustExtraction> ex = rust_frontend::ExtractRustSources(srcs, RustFrontendOptions{});
  EXPECT_TRUE(ex.ok()) << ex.status();
  return ex.ok() ? *std::move(ex) : RustExtraction{};
}

std::string NotesOf(const contract::Contract& c, const std::string& item) {
  std::string out;
  for (const contract::Note& n : c.notes)
    if (n.item == item) out += n.message + "\n";
  return out;
}

// The C truth of the case where the sizes differ: `struct holder { int w; int tag; }`.
contract::Contract CHolder() {
  contract::Contract c;
  c.side = contract::Side::kC;
  contract::Record& r = c.records["holder"];
  r.name = "holder";
  r.size_bytes = 8;
  r.align_bytes = 4;
  r.fields.push_back({.name = "w", .type = contract::Type::Int(32, true, "int"), .offset_bits = 0, .size_bits = 32});
  r.fields.push_back({.name = "tag", .type = contract::Type::Int(32, true, "int"), .offset_bits = 32, .size_bits = 32});
  return c;
}

TEST(LayoutFill, OnlyRecordsWithoutLayoutAreAsked) {
  std::vector<RustSource> wide = {{"wide.rs", kWide}};
  EXPECT_EQ(RecordsWithoutLayout(Extract(wide)), std::vector<std::string>{"holder"});
  // Everything laid out by the engine, or nothing rustc could size
  // (a pointer to the wide enum is a plain pointer): rustc is not run.
  std::vector<RustSource> clean = {{"c.rs", "#[repr(C)] pub struct p { pub a: u64, pub b: *mut u8 }\n"
                                            "#[repr(C)] pub enum Wide { A = 0, B = 0x1_0000_0000 }\n"
                                            "#[repr(C)] pub struct q { pub w: *const Wide }\n"}};
  RustExtraction ex = Extract(clean);
  EXPECT_TRUE(RecordsWithoutLayout(ex).empty());
  LayoutOracleOptions o;
  o.oracle.rustc = "/nonexistent/rustc";
  contract::Contract before = ex.contract;
  LayoutFillSummary s = FillLayoutsFromRustc(clean, RustFrontendOptions{}, o, &ex);
  EXPECT_FALSE(s.ran);
  EXPECT_EQ(s.wanted, 0u);
  EXPECT_EQ(ex.contract, before);  // not even a note
}

TEST(LayoutFill, WithoutRustcTheContractStaysAndSaysWhy) {
  std::vector<RustSource> srcs = {{"wide.rs", kWide}};
  RustExtraction ex = Extract(srcs);
  contract::Contract before = ex.contract;
  LayoutOracleOptions o;
  o.oracle.rustc = "/nonexistent/rustc";
  LayoutFillSummary s = FillLayoutsFromRustc(srcs, RustFrontendOptions{}, o, &ex);
  EXPECT_FALSE(s.ran);
  EXPECT_EQ(s.wanted, 1u);
  EXPECT_EQ(s.filled, 0u);
  EXPECT_FALSE(s.problem.empty());
  // The engine's contract, plus one note on holder saying why rustc did not answer.
  ASSERT_EQ(ex.contract.notes.size(), before.notes.size() + 1);
  const contract::Note& added = ex.contract.notes.back();
  EXPECT_EQ(added.item, "holder");
  EXPECT_THAT(added.message, HasSubstr("layout not filled from rustc: "));
  EXPECT_THAT(added.message, HasSubstr("/nonexistent/rustc"));
  EXPECT_EQ(added.loc.line, 10u);
  contract::Contract without_note = ex.contract;
  without_note.notes.pop_back();
  EXPECT_EQ(without_note, before);
  // The diff, and so the exit code, is today's: an `unevaluated` note only.
  diff::DiffReport rep = diff::Compare(CHolder(), ex.contract);
  ASSERT_EQ(rep.findings.size(), 1u);
  EXPECT_EQ(rep.findings[0].kind, diff::MismatchKind::kUnevaluated);
  diff::DiffReport old_rep = diff::Compare(CHolder(), before);
  EXPECT_EQ(diff::ExitCode(rep), diff::ExitCode(old_rep));
  EXPECT_EQ(diff::ExitCode(rep, diff::Severity::kError), 0);
}

TEST(LayoutFill, RustcLaysOutWhatTheEngineCannot) {
  if (!target::FindProgram("rustc").ok()) GTEST_SKIP() << "no rustc on PATH";
  std::vector<RustSource> srcs = {{"wide.rs", kWide}};
  RustExtraction ex = Extract(srcs);
  LayoutFillSummary s = FillLayoutsFromRustc(srcs, RustFrontendOptions{}, {}, &ex);
  ASSERT_TRUE(s.ran) << s.problem;
  EXPECT_EQ(s.method, "host probe");
  EXPECT_EQ(s.filled, 1u);
  const contract::Record& r = ex.contract.records.at("holder");
  EXPECT_EQ(r.size_bytes, 16u);
  EXPECT_EQ(r.align_bytes, 8u);
  ASSERT_EQ(r.fields.size(), 2u);
  EXPECT_EQ(r.fields[0].offset_bits, 0u);
  EXPECT_EQ(r.fields[0].size_bits, 64u);  // Wide, sized by rustc
  EXPECT_EQ(r.fields[1].offset_bits, 64u);
  EXPECT_EQ(r.fields[1].size_bits, 32u);
  std::string holder_notes = NotesOf(ex.contract, "holder");
  EXPECT_THAT(holder_notes, HasSubstr("layout from rustc 1."));
  EXPECT_THAT(holder_notes, HasSubstr("(host probe): size 16, align 8; the layout engine could not compute it: "
                                      "field `w`: repr(C) enum with discriminants beyond 32 bits"));
  EXPECT_THAT(holder_notes, ::testing::Not(HasSubstr("offset of field")));
  EXPECT_THAT(NotesOf(ex.contract, "Wide"), HasSubstr("(host probe): size 8, align 8"));
  // The record-size difference against C is now a finding.
  diff::DiffReport rep = diff::Compare(CHolder(), ex.contract);
  bool size_finding = false;
  for (const diff::Finding& f : rep.findings) size_finding = size_finding || f.kind == diff::MismatchKind::kRecordSize;
  EXPECT_TRUE(size_finding);
}

TEST(LayoutFill, ForeignTargetsGoThroughTheMinicoreProbe) {
  if (!target::FindProgram("rustc").ok()) GTEST_SKIP() << "no rustc on PATH";
  std::vector<RustSource> srcs = {{"wide.rs", kWide}};
  RustFrontendOptions o;
  o.target_triple = "aarch64-linux-gnu";
  absl::StatusOr<RustExtraction> ex = rust_frontend::ExtractRustSources(srcs, o);
  ASSERT_TRUE(ex.ok()) << ex.status();
  LayoutFillSummary s = FillLayoutsFromRustc(srcs, o, {}, &*ex);
  ASSERT_TRUE(s.ran) << s.problem;
  EXPECT_EQ(s.method, "minicore --target aarch64-unknown-linux-gnu");
  const contract::Record& r = ex->contract.records.at("holder");
  EXPECT_EQ(r.size_bytes, 16u) << NotesOf(ex->contract, "holder");
  EXPECT_EQ(r.align_bytes, 8u);
  EXPECT_EQ(r.fields[1].offset_bits, 64u);
  EXPECT_THAT(NotesOf(ex->contract, "holder"), HasSubstr("(minicore --target aarch64-unknown-linux-gnu): size 16"));
}

TEST(LayoutFill, WhatRustcRejectsStaysUnknownWithRustcsReason) {
  if (!target::FindProgram("rustc").ok()) GTEST_SKIP() << "no rustc on PATH";
  // On i686 a repr(C) enum's discriminants are isize: 0x1_0000_0000
  // wraps to 0 and rustc rejects the enum (E0081).
  std::vector<RustSource> srcs = {{"wide.rs", kWide}};
  RustFrontendOptions o;
  o.target_triple = "i686-linux-gnu";
  absl::StatusOr<RustExtraction> ex = rust_frontend::ExtractRustSources(srcs, o);
  ASSERT_TRUE(ex.ok()) << ex.status();
  LayoutFillSummary s = FillLayoutsFromRustc(srcs, o, {}, &*ex);
  EXPECT_TRUE(s.ran);
  EXPECT_EQ(s.filled, 0u);
  const contract::Record& r = ex->contract.records.at("holder");
  EXPECT_EQ(r.align_bytes, 0u);
  EXPECT_THAT(NotesOf(ex->contract, "holder"), HasSubstr("layout not filled from rustc: rustc 1."));
  EXPECT_THAT(NotesOf(ex->contract, "holder"), HasSubstr("E0081"));
}

}  // namespace
}  // namespace bindfuzz::confirm
