#include "harness/explain/explain.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::explain {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

CrashLog Scan(const std::string& text) {
  absl::StatusOr<CrashLog> log = ScanCrashLog(text, "test.log");
  EXPECT_TRUE(log.ok()) << log.status();
  return log.ok() ? *log : CrashLog{};
}

ReportFinding Finding(diff::MismatchKind k, std::string item, std::string member = "") {
  ReportFinding f;
  f.kind = k;
  f.item = std::move(item);
  f.member = std::move(member);
  f.truth_value = "C-value";
  f.assumed_value = "Rust-value";
  f.truth_loc = {.file = "input.h", .line = 3};
  f.assumed_loc = {.file = "bindings.rs", .line = 7};
  f.consequence = "what Rust does";
  return f;
}

CheckReport Report(std::vector<ReportFinding> fs) {
  CheckReport r;
  r.path = "report.json";
  r.findings = std::move(fs);
  return r;
}

constexpr char kOverflow[] =
    "BINDFUZZ-ACCESS: struct file field=f_op c-allocates rust_size=232 c_size=40 rust_offset=40 c_offset=16 "
    "rust_align=8 c_align=8\n"
    "==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1\n"
    "0x1 is located 0 bytes after 40-byte region [0x0,0x1)\n"
    "SUMMARY: AddressSanitizer: heap-buffer-overflow x\n";

TEST(Explain, OverflowWitnessesRecordSize) {
  CrashLog log = Scan(kOverflow);
  CheckReport r = Report({Finding(diff::MismatchKind::kRecordSize, "file"),
                          Finding(diff::MismatchKind::kRecordSize, "inode"),
                          Finding(diff::MismatchKind::kFieldExtra, "file", "f_op")});
  Explanation e = Explain(log, &r, "crash-1");
  EXPECT_EQ(e.verdict, Verdict::kWitness);
  ASSERT_EQ(e.witnessed.size(), 1u);
  EXPECT_EQ(e.witnessed[0].item, "file");
  EXPECT_EQ(e.item, "file");
  EXPECT_EQ(e.member, "f_op");
  EXPECT_EQ(e.mode, "c-allocates");
  const std::string text = RenderExplanation(log, e, &r);
  EXPECT_THAT(text, HasSubstr("record `file`: Rust believes 232 bytes, C has 40; C allocated it at its size. "
                              "The Rust side's access ran past its end (ASan: 0 bytes after 40-byte region)."));
  EXPECT_THAT(text, HasSubstr("field `file.f_op`: Rust at offset 40, C at 16."));
  EXPECT_THAT(text, HasSubstr("witnesses record-size file: C C-value at input.h:3; Rust Rust-value at bindings.rs:7\n"
                              "  => what Rust does\n"));
  EXPECT_THAT(text, HasSubstr("BINDFUZZ-ACCESS: struct file field=f_op"));
  EXPECT_EQ(ExitCode({e}), 0);
}

TEST(Explain, WitnessesNothingWhenTheReportHasNoSuchFinding) {
  CrashLog log = Scan(kOverflow);
  // An alignment finding cannot explain an overflow.
  CheckReport r = Report({Finding(diff::MismatchKind::kRecordAlign, "file")});
  Explanation e = Explain(log, &r, "crash-1");
  EXPECT_EQ(e.verdict, Verdict::kNoWitness);
  EXPECT_THAT(RenderExplanation(log, e, &r), HasSubstr("witnesses no finding of report.json"));
  EXPECT_EQ(ExitCode({e}), 1);
}

TEST(Explain, WithoutAReportItExplains) {
  CrashLog log = Scan(kOverflow);
  Explanation e = Explain(log, nullptr, "crash-1");
  EXPECT_EQ(e.verdict, Verdict::kExplained);
  EXPECT_THAT(RenderExplanation(log, e, nullptr), HasSubstr("(pass the check report.json"));
  EXPECT_EQ(ExitCode({e}), 0);
}

TEST(Explain, FieldOffsetTagWitnessesTheFieldsFinding) {
  CrashLog log = Scan(
      "BINDFUZZ-ACCESS: struct trio field=b c-allocates rust_size=12 c_size=12 rust_offset=8 c_offset=4 "
      "rust_align=4 c_align=4\n"
      "BINDFUZZ-MISMATCH: field-offset struct trio.b rust=8 c=4\n");
  CheckReport r = Report({Finding(diff::MismatchKind::kFieldOffset, "trio", "c"),
                          Finding(diff::MismatchKind::kFieldOffset, "trio", "b")});
  Explanation e = Explain(log, &r, "crash-2");
  EXPECT_EQ(e.verdict, Verdict::kWitness);
  ASSERT_EQ(e.witnessed.size(), 1u);
  EXPECT_EQ(e.witnessed[0].member, "b");
  EXPECT_FALSE(e.elsewhere_in_record);
  EXPECT_THAT(RenderExplanation(log, e, &r),
              HasSubstr("field `trio.b`: Rust at offset 8, C at 4: a value stored by one side is read back "
                        "different by the other (tag line)."));

  // Only another member has the finding: a witness of the same kind, said so.
  CheckReport other = Report({Finding(diff::MismatchKind::kFieldOffset, "trio", "c")});
  e = Explain(log, &other, "crash-2");
  EXPECT_EQ(e.verdict, Verdict::kWitness);
  EXPECT_TRUE(e.elsewhere_in_record);
  EXPECT_THAT(RenderExplanation(log, e, &other), HasSubstr("on other members of `trio`"));
}

TEST(Explain, TagWithoutTraceUsesTheTagsSubject) {
  CrashLog log = Scan("BINDFUZZ-MISMATCH: field-offset struct trio.b rust=8 c=4\n");
  CheckReport r = Report({Finding(diff::MismatchKind::kFieldOffset, "trio", "b")});
  Explanation e = Explain(log, &r, "x.log");
  EXPECT_EQ(e.item, "trio");
  EXPECT_EQ(e.mode, "?");
  EXPECT_EQ(e.verdict, Verdict::kWitness);
  EXPECT_THAT(RenderExplanation(log, e, &r), HasSubstr("<no trace line"));
}

TEST(Explain, MisalignedAccessWitnessesRecordAlign) {
  CrashLog log = Scan(
      "BINDFUZZ-ACCESS: struct pkt field=- rust-aligned rust_size=16 c_size=16 rust_offset=0 c_offset=0 "
      "rust_align=4 c_align=8\n"
      "c.c:1:1: runtime error: member access within misaligned address 0x4 for type 'struct pkt', which "
      "requires 8 byte alignment\n");
  CheckReport r = Report({Finding(diff::MismatchKind::kRecordSize, "pkt"),
                          Finding(diff::MismatchKind::kRecordAlign, "pkt")});
  Explanation e = Explain(log, &r, "crash-3");
  ASSERT_EQ(e.witnessed.size(), 1u);
  EXPECT_EQ(e.witnessed[0].kind, diff::MismatchKind::kRecordAlign);
  EXPECT_THAT(RenderExplanation(log, e, &r),
              HasSubstr("record `pkt`: alignment Rust 4, C 8; Rust placed the object at its alignment and C's "
                        "typed access to it is misaligned (UBSan)."));
}

TEST(Explain, CallsWitnessSignatureFindings) {
  CrashLog log = Scan(
      "BINDFUZZ-ACCESS: function dev_set_level\n"
      "BINDFUZZ-MISMATCH: function-param-width dev_set_level param 2 rust=u64 c=u32 sent=0x100000001 "
      "received=0x1\n");
  CheckReport r = Report({Finding(diff::MismatchKind::kFunctionParamWidth, "dev_set_level", "level"),
                          Finding(diff::MismatchKind::kFunctionMissing, "dev_mode")});
  Explanation e = Explain(log, &r, "crash-4");
  EXPECT_EQ(e.verdict, Verdict::kWitness);
  EXPECT_EQ(e.mode, "call");
  ASSERT_EQ(e.witnessed.size(), 1u);
  EXPECT_THAT(RenderExplanation(log, e, &r),
              HasSubstr("function `dev_set_level`: Rust called it through a pointer typed as Rust declares it; "
                        "dev_set_level param 2 rust=u64 c=u32"));
}

TEST(Explain, LifetimeWitnessesItsSpecLine) {
  CrashLog log = Scan(
      "==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x1\n"
      "SUMMARY: AddressSanitizer: heap-use-after-free lib.c:50:52 in reg_sum\n"
      "BINDFUZZ-LIFETIME: heap-use-after-free reg_sum spec w.bfspec:9 op 7 (call); h0 item [at the faulting "
      "address]: acquired item_new w.bfspec:6 op 1\n");
  Explanation e = Explain(log, nullptr, "crash-5");
  EXPECT_EQ(e.verdict, Verdict::kWitness);
  EXPECT_EQ(e.spec_line, "w.bfspec:9");
  EXPECT_EQ(e.item, "reg_sum");
  const std::string text = RenderExplanation(log, e, nullptr);
  EXPECT_THAT(text, HasSubstr("the assumption of spec line w.bfspec:9 failed: heap-use-after-free in reg_sum "
                              "(op 7 (call))."));
  EXPECT_THAT(text, HasSubstr("  h0 item [at the faulting address]: acquired item_new w.bfspec:6 op 1"));
  EXPECT_THAT(text, Not(HasSubstr("pass the check report.json")));
}

TEST(Explain, NotReproduced) {
  CrashLog log = Scan("INFO: Seed: 1\nDone 1 runs in 0 second(s)\n");
  Explanation e = Explain(log, nullptr, "crash-6");
  EXPECT_EQ(e.verdict, Verdict::kNotReproduced);
  EXPECT_THAT(RenderExplanation(log, e, nullptr),
              HasSubstr("crash-6: did not reproduce: no sanitizer report and no BINDFUZZ tag line\n  INFO: Seed: 1\n"));
  EXPECT_EQ(ExitCode({e}), 1);
}

TEST(Explain, SummaryTableAndCounts) {
  CrashLog overflow = Scan(kOverflow);
  CrashLog nothing = Scan("Done\n");
  CheckReport r = Report({Finding(diff::MismatchKind::kRecordSize, "file")});
  std::vector<Explanation> all = {Explain(overflow, &r, "c1"), Explain(overflow, &r, "c2"),
                                  Explain(nothing, &r, "c3")};
  const std::string table = RenderSummary(all, /*with_report=*/true);
  EXPECT_THAT(table, HasSubstr("file"));
  EXPECT_THAT(table, HasSubstr("AddressSanitizer: heap-buffer-overflow"));
  EXPECT_THAT(table, HasSubstr("      2  record-size\n"));
  EXPECT_THAT(table, HasSubstr("crashes: 3; witnesses of a check finding: 2; other: 1\n"));
  EXPECT_THAT(table, HasSubstr("  not a witness: c3 ? ? <did not reproduce>\n"));
  EXPECT_EQ(ExitCode(all), 1);
  all.pop_back();
  EXPECT_THAT(RenderSummary(all, true), HasSubstr("crashes: 2; witnesses of a check finding: 2; other: 0\n"));
  EXPECT_EQ(ExitCode(all), 0);
}

TEST(Explain, JsonNamesEachInput) {
  CrashLog log = Scan(kOverflow);
  CheckReport r = Report({Finding(diff::MismatchKind::kRecordSize, "file")});
  const std::string j = RenderJson({Explain(log, &r, "c1")});
  EXPECT_THAT(j, HasSubstr("\"input\": \"c1\""));
  EXPECT_THAT(j, HasSubstr("\"verdict\": \"witness\""));
  EXPECT_THAT(j, HasSubstr("\"kind\": \"record-size\""));
  EXPECT_THAT(j, HasSubstr("\"loc\": \"input.h:3\""));
}

}  // namespace
}  // namespace bindfuzz::explain
