// The driver's rustc fill (confirm/layout_fill.h) on the wide_enum_size_rustc
// case, against that case's golden C contract (no Clang needed): rustc runs
// only when a record lacks a layout, and without rustc the diff is what it
// was before the fill existed, plus a note.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/diff/diff.h"
#include "harness/driver/pipeline.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::driver {
namespace {

using ::testing::HasSubstr;

const char kCase[] = "harness/testdata/cases/wide_enum_size_rustc";

bool HasPhase(const std::vector<PhaseTiming>& t, const std::string& phase) {
  for (const PhaseTiming& p : t)
    if (p.phase == phase) return true;
  return false;
}

std::string NotesOf(const contract::Contract& c, const std::string& item) {
  std::string out;
  for (const contract::Note& n : c.notes)
    if (n.item == item) out += n.message + "\n";
  return out;
}

RustInputs CaseInputs() {
  RustInputs in;
  in.files = {std::string(kCase) + "/bindings.rs"};
  return in;
}

TEST(RustcFill, WithoutRustcTheReportIsTodaysPlusANote) {
  absl::StatusOr<contract::Contract> truth = ReadContractFile(std::string(kCase) + "/c.json");
  ASSERT_TRUE(truth.ok()) << truth.status();
  RustInputs off = CaseInputs();
  off.fill_layouts_from_rustc = false;
  absl::StatusOr<contract::Contract> engine_only = RunExtractRust(off);
  ASSERT_TRUE(engine_only.ok()) << engine_only.status();

  RustInputs missing = CaseInputs();
  missing.rustc = "/nonexistent/rustc";
  std::vector<PhaseTiming> timings;
  absl::StatusOr<contract::Contract> rust = RunExtractRust(missing, &timings);
  ASSERT_TRUE(rust.ok()) << rust.status();  // no rustc is not an error
  EXPECT_TRUE(HasPhase(timings, "rustc-fill"));
  EXPECT_EQ(rust->records.at("holder").align_bytes, 0u);
  EXPECT_THAT(NotesOf(*rust, "holder"), HasSubstr("layout not filled from rustc: "));
  EXPECT_THAT(NotesOf(*rust, "holder"), HasSubstr("/nonexistent/rustc"));
  contract::Contract without_note = *rust;
  ASSERT_FALSE(without_note.notes.empty());
  without_note.notes.pop_back();
  EXPECT_EQ(without_note, *engine_only);

  diff::DiffReport now = diff::Compare(*truth, *rust);
  diff::DiffReport before = diff::Compare(*truth, *engine_only);
  ASSERT_EQ(now.findings.size(), 1u);
  EXPECT_EQ(now.findings[0].kind, diff::MismatchKind::kUnevaluated);
  EXPECT_EQ(before.findings.size(), 1u);
  EXPECT_EQ(diff::ExitCode(now), diff::ExitCode(before));
  EXPECT_EQ(diff::ExitCode(now, diff::Severity::kError), diff::ExitCode(before, diff::Severity::kError));
}

TEST(RustcFill, NothingToFillRunsNoRustc) {
  // Records the engine lays out by itself need no rustc: no phase, no note.
  RustInputs in;
  in.files = {"harness/testdata/cases/compat_u64_align/bindings.rs"};
  in.rustc = "/nonexistent/rustc";
  std::vector<PhaseTiming> timings;
  absl::StatusOr<contract::Contract> rust = RunExtractRust(in, &timings);
  ASSERT_TRUE(rust.ok()) << rust.status();
  EXPECT_FALSE(HasPhase(timings, "rustc-fill"));
  for (const contract::Note& n : rust->notes) EXPECT_THAT(n.message, ::testing::Not(HasSubstr("rustc")));
}

TEST(RustcFill, WithRustcTheRecordSizeDifferenceIsReported) {
  if (!target::FindProgram("rustc").ok()) GTEST_SKIP() << "no rustc on PATH";
  absl::StatusOr<contract::Contract> truth = ReadContractFile(std::string(kCase) + "/c.json");
  ASSERT_TRUE(truth.ok()) << truth.status();
  std::vector<PhaseTiming> timings;
  absl::StatusOr<contract::Contract> rust = RunExtractRust(CaseInputs(), &timings);
  ASSERT_TRUE(rust.ok()) << rust.status();
  EXPECT_TRUE(HasPhase(timings, "rustc-fill"));
  EXPECT_EQ(rust->records.at("holder").size_bytes, 16u);
  diff::DiffReport rep = diff::Compare(*truth, *rust);
  bool size = false;
  for (const diff::Finding& f : rep.findings) size = size || f.kind == diff::MismatchKind::kRecordSize;
  EXPECT_TRUE(size) << diff::ExitCode(rep);
  EXPECT_EQ(diff::ExitCode(rep, diff::Severity::kError), 1);
}

TEST(RustcFill, RustcCompilesTheCfgAlternativesTheFrontEndChose) {
  if (!target::FindProgram("rustc").ok()) GTEST_SKIP() << "no rustc on PATH";
  const std::string file = ::testing::TempDir() + "/rustc_fill_cfg.rs";
  ASSERT_TRUE(WriteFile(file, R"rs(use core::ffi::c_int;
#[repr(C)]
#[derive(Copy, Clone)]
pub enum Wide { A = 0, B = 0x1_0000_0000 }
#[cfg(newlib)]
#[repr(C)]
pub struct holder { pub w: Wide, pub tag: c_int }
#[cfg(not(newlib))]
#[repr(C)]
pub struct holder { pub w: Wide, pub tag: c_int, pub more: [u64; 2] }
)rs").ok());
  for (bool newlib : {true, false}) {
    RustInputs in;
    in.files = {file};
    if (newlib) in.cfgs = {"newlib"};
    absl::StatusOr<contract::Contract> rust = RunExtractRust(in);
    ASSERT_TRUE(rust.ok()) << rust.status();
    EXPECT_EQ(rust->records.at("holder").size_bytes, newlib ? 16u : 32u) << NotesOf(*rust, "holder");
  }
}

}  // namespace
}  // namespace bindfuzz::driver
