#include "harness/explain/crash_log.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::explain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Tool = SanitizerReport::Tool;

// Shapes of what a generated layout target prints under libFuzzer.
constexpr char kAsanLog[] =
    "INFO: Running with entropic power schedule (0xFF, 100).\n"
    "BINDFUZZ-ACCESS: struct file field=f_op c-allocates rust_size=232 c_size=40 rust_offset=40 c_offset=16 "
    "rust_align=8 c_align=8\n"
    "=================================================================\n"
    "==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x604000000038 at pc 0x1 bp 0x2 sp 0x3\n"
    "WRITE of size 8 at 0x604000000038 thread T0\n"
    "    #0 0x55 in __asan_memcpy\n"
    "    #1 0x56 in bf_layout::LayoutCase(BfRecord const&, bool, FuzzedDataProvider&)\n"
    "    #2 0x57 in bf_layout_run\n"
    "0x604000000038 is located 0 bytes after 40-byte region [0x604000000010,0x604000000038)\n"
    "SUMMARY: AddressSanitizer: heap-buffer-overflow bf_layout_engine.cc:150 in LayoutCase\n"
    "Shadow bytes around the buggy address:\n"
    "==4242==ABORTING\n"
    "MS: 0 ; base unit: 0000000000000000000000000000000000000000\n";

TEST(CrashLog, AsanOverflowWithTrace) {
  absl::StatusOr<CrashLog> log = ScanCrashLog(kAsanLog, "a.log");
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_TRUE(log->sanitizer.has_value());
  EXPECT_EQ(log->sanitizer->tool, Tool::kAsan);
  EXPECT_EQ(log->sanitizer->cls, "heap-buffer-overflow");
  EXPECT_EQ(log->sanitizer->region, "0 bytes after 40-byte region");
  EXPECT_THAT(log->sanitizer->headline, HasSubstr("ERROR: AddressSanitizer: heap-buffer-overflow on address"));
  // Frames past #0 are left out; the excerpt ends at SUMMARY.
  EXPECT_THAT(log->sanitizer->excerpt,
              ElementsAre(HasSubstr("==4242==ERROR"), HasSubstr("WRITE of size 8"), HasSubstr("#0 0x55"),
                          HasSubstr("is located 0 bytes after"), HasSubstr("SUMMARY: AddressSanitizer")));
  ASSERT_TRUE(log->access.has_value());
  EXPECT_EQ(log->access->record, "file");
  EXPECT_THAT(log->access_text, HasSubstr("BINDFUZZ-ACCESS: struct file field=f_op"));
  EXPECT_EQ(log->report_label, "AddressSanitizer: heap-buffer-overflow");
  EXPECT_TRUE(log->reproduced());
  EXPECT_FALSE(log->mismatch.has_value());
}

TEST(CrashLog, TagLineBeatsLibFuzzersDeadlySignal) {
  absl::StatusOr<CrashLog> log = ScanCrashLog(
      "BINDFUZZ-ACCESS: struct trio field=b c-allocates rust_size=12 c_size=12 rust_offset=8 c_offset=4 "
      "rust_align=4 c_align=4\n"
      "BINDFUZZ-MISMATCH: field-offset struct trio.b rust=8 c=4\n"
      "==77== ERROR: libFuzzer: deadly signal\n"
      "    #0 0x1 in __sanitizer_print_stack_trace\n"
      "SUMMARY: libFuzzer: deadly signal\n",
      "t.log");
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_TRUE(log->mismatch.has_value());
  EXPECT_EQ(log->mismatch->member, "b");
  EXPECT_EQ(log->report_label, "BINDFUZZ-MISMATCH: field-offset");
  ASSERT_TRUE(log->sanitizer.has_value());  // libFuzzer's, kept when nothing else
  EXPECT_EQ(log->sanitizer->tool, Tool::kLibFuzzer);
  EXPECT_EQ(log->sanitizer->cls, "deadly-signal");
}

TEST(CrashLog, UbsanMisalignedAndFunctionType) {
  absl::StatusOr<CrashLog> log = ScanCrashLog(
      "BINDFUZZ-ACCESS: struct pkt field=- rust-aligned rust_size=16 c_size=16 rust_offset=0 c_offset=0 "
      "rust_align=4 c_align=8\n"
      "layout_c_side.c:31:10: runtime error: member access within misaligned address 0x602000000014 for type "
      "'struct pkt', which requires 8 byte alignment\n"
      "0x602000000014: note: pointer points here\n"
      "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior layout_c_side.c:31:10\n",
      "u.log");
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_TRUE(log->sanitizer.has_value());
  EXPECT_EQ(log->sanitizer->tool, Tool::kUbsan);
  EXPECT_EQ(log->sanitizer->cls, "misaligned-access");
  EXPECT_EQ(log->report_label, "UndefinedBehaviorSanitizer: misaligned-access");
  EXPECT_EQ(log->sanitizer->excerpt.size(), 3u);

  log = ScanCrashLog(
      "BINDFUZZ-ACCESS: function dev_set_level\n"
      "x_fuzzer.cc:40:3: runtime error: call to function bf_c_fn0 through pointer to incorrect function type "
      "'void (*)(unsigned long long)'\n",
      "f.log");
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(log->sanitizer->cls, "function-type");
  EXPECT_EQ(log->access->function, "dev_set_level");
}

TEST(CrashLog, AccessAfterTheReportIsNotTheCrashs) {
  absl::StatusOr<CrashLog> log = ScanCrashLog(
      "BINDFUZZ-ACCESS: function a\n"
      "BINDFUZZ-MISMATCH: function-param-count a rust=2 c=1\n"
      "BINDFUZZ-ACCESS: function b\n",
      "x.log");
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(log->access->function, "a");
}

TEST(CrashLog, LifetimeAndLeak) {
  absl::StatusOr<CrashLog> log = ScanCrashLog(
      "==9==ERROR: LeakSanitizer: detected memory leaks\n"
      "Direct leak of 24 byte(s) in 1 object(s) allocated from:\n"
      "    #0 0x1 in malloc\n"
      "SUMMARY: AddressSanitizer: 24 byte(s) leaked in 1 allocation(s).\n"
      "BINDFUZZ-LIFETIME: leak msg_value spec w.bfspec:6 (after the input) Rust did not release\n"
      "BINDFUZZ-KERNEL: WARN lib/x.c:3\n",
      "l.log");
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(log->sanitizer->tool, Tool::kLsan);
  EXPECT_EQ(log->sanitizer->cls, "leak");
  ASSERT_TRUE(log->lifetime.has_value());
  EXPECT_EQ(log->lifetime->spec_line, 6u);
  EXPECT_THAT(log->kernel, ElementsAre("WARN lib/x.c:3"));
  EXPECT_EQ(log->report_label, "LeakSanitizer: leak");
}

TEST(CrashLog, NothingReported) {
  absl::StatusOr<CrashLog> log = ScanCrashLog("INFO: Seed: 1\nDone 1 runs in 0 second(s)\n\n", "n.log");
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_FALSE(log->reproduced());
  EXPECT_EQ(log->report_label, "");
  EXPECT_THAT(log->last_lines, ElementsAre("INFO: Seed: 1", "Done 1 runs in 0 second(s)"));
}

TEST(CrashLog, BrokenTagLineNamesFileAndLine) {
  absl::StatusOr<CrashLog> log = ScanCrashLog("hello\nBINDFUZZ-MISMATCH: field-offset\n", "bad.log");
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(std::string(log.status().message()), HasSubstr("bad.log:2: mismatch tag line without details"));
}

TEST(CrashLog, TimeoutIsLibFuzzers) {
  absl::StatusOr<CrashLog> log = ScanCrashLog("==1== ERROR: libFuzzer: timeout after 25 seconds\n", "t.log");
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->sanitizer->cls, "timeout");
  EXPECT_EQ(log->report_label, "libFuzzer: timeout");
}

}  // namespace
}  // namespace bindfuzz::explain
