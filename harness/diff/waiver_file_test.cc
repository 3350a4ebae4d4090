#include "harness/diff/waiver_file.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::diff {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ErrorOf(const std::string& text) {
  auto w = ParseWaiverFile(text, "w.txt");
  EXPECT_FALSE(w.ok()) << "parsed: " << text;
  return w.ok() ? "" : std::string(w.status().message());
}

TEST(WaiverFile, ParsesEveryForm) {
  const std::string text =
      "# waivers for the rt flavour\n"
      "\n"
      "   # indented comment\n"
      "waive field-offset file f_op until 2027-06-30 reason \"moves on rt\"\n"
      "waive record-size spinlock reason \"rt_mutex\" until 2027-01-01\n"
      "\twaive field-offset file * until 2027-06-30 reason \"every field \\\"moves\\\" \\\\ on rt\"\r\n"
      "waive key bf1-0123456789abcdef until 2024-02-29 reason \"by key\"\n"
      "waive function-param-type kmalloc \"#2\" until 2027-06-30 reason \"unnamed parameter\"\n"
      "waive field-type \"odd item\" \"until\" until 2027-06-30 reason \"quoted names\"";  // no final newline
  auto w = ParseWaiverFile(text, "w.txt");
  ASSERT_TRUE(w.ok()) << w.status();
  ASSERT_EQ(w->size(), 6u);
  const Waiver& a = (*w)[0];
  EXPECT_EQ(a.kind, "field-offset");
  EXPECT_EQ(a.item, "file");
  EXPECT_EQ(a.member, "f_op");
  EXPECT_FALSE(a.any_member);
  EXPECT_EQ(a.expires, "2027-06-30");
  EXPECT_EQ(a.reason, "moves on rt");
  EXPECT_EQ(a.loc.file, "w.txt");
  EXPECT_EQ(a.loc.line, 4u);
  EXPECT_EQ((*w)[1].member, "");  // the item itself
  EXPECT_EQ((*w)[1].expires, "2027-01-01");
  EXPECT_TRUE((*w)[2].any_member);
  EXPECT_EQ((*w)[2].reason, "every field \"moves\" \\ on rt");
  EXPECT_EQ((*w)[2].loc.line, 6u);
  EXPECT_EQ((*w)[3].key, "bf1-0123456789abcdef");
  EXPECT_EQ((*w)[3].kind, "");
  EXPECT_EQ((*w)[4].member, "#2");
  EXPECT_EQ((*w)[5].item, "odd item");
  EXPECT_EQ((*w)[5].member, "until");  // quoted: a name, not the keyword
}

TEST(WaiverFile, EmptyAndCommentOnlyFiles) {
  for (const char* text : {"", "\n", "# nothing\n\n", "   \n\t\n"}) {
    auto w = ParseWaiverFile(text, "w.txt");
    ASSERT_TRUE(w.ok()) << w.status();
    EXPECT_TRUE(w->empty());
  }
}

TEST(WaiverFile, ErrorsNameFileLineAndColumn) {
  const std::string ok_tail = " until 2027-06-30 reason \"r\"";
  EXPECT_EQ(ErrorOf("# c\nwaive feild-offset file f_op" + ok_tail),
            "w.txt:2:7: unknown finding kind 'feild-offset' (see 'bindfuzz kinds')");
  EXPECT_EQ(ErrorOf("waiver field-offset file" + ok_tail), "w.txt:1:1: expected 'waive', found 'waiver'");
  EXPECT_EQ(ErrorOf("waive field-offset file f_op until 2027-02-30 reason \"r\""),
            "w.txt:1:36: '2027-02-30' is not a date (YYYY-MM-DD)");
  EXPECT_THAT(ErrorOf("waive field-offset file f_op until 27-06-30 reason \"r\""), HasSubstr("is not a date"));
  EXPECT_EQ(ErrorOf("waive field-offset file f_op reason \"r\""),
            "w.txt:1:40: missing 'until YYYY-MM-DD' (every waiver expires)");
  EXPECT_EQ(ErrorOf("waive field-offset file f_op until 2027-06-30"), "w.txt:1:46: missing 'reason \"...\"'");
  EXPECT_EQ(ErrorOf("waive field-offset file f_op until 2027-06-30 reason unquoted"),
            "w.txt:1:54: the reason must be a quoted string");
  EXPECT_EQ(ErrorOf("waive field-offset file f_op until 2027-06-30 reason \"  \""), "w.txt:1:54: empty reason");
  EXPECT_EQ(ErrorOf("waive field-offset file f_op until 2027-06-30 reason \"open"),
            "w.txt:1:54: unterminated string");
  EXPECT_EQ(ErrorOf("waive field-offset file f_op until 2027-06-30 until 2027-07-01 reason \"r\""),
            "w.txt:1:47: 'until' given twice");
  EXPECT_EQ(ErrorOf("waive field-offset file f_op extra" + ok_tail),
            "w.txt:1:30: expected 'until' or 'reason', found 'extra'");
  EXPECT_EQ(ErrorOf("waive key nothex" + ok_tail),
            "w.txt:1:11: 'nothex' is not a finding key (bf1- and 16 hex digits, as the JSON report's \"key\")");
  EXPECT_EQ(ErrorOf("waive field-offset" + ok_tail), "w.txt:1:20: expected the item the finding is on");
  EXPECT_EQ(ErrorOf("waive"), "w.txt:1:6: expected 'key KEY' or a finding kind after 'waive'");
  EXPECT_EQ(ErrorOf("waive field-offset file f_op until"), "w.txt:1:35: expected a date (YYYY-MM-DD) after 'until'");
  EXPECT_EQ(ErrorOf("waive field-offset fi\"le" + ok_tail), "w.txt:1:22: quote inside a word (quote the whole word)");
  EXPECT_EQ(ErrorOf("waive field-offset \"file\"x" + ok_tail), "w.txt:1:26: expected a blank after the closing quote");
  EXPECT_EQ(ErrorOf("waive field-offset file f_op until 2027-06-30 reason \"a\\nb\""),
            "w.txt:1:56: unknown escape (only \\\" and \\\\)");
  EXPECT_EQ(ErrorOf("waive field-offset \"\" until 2027-06-30 reason \"r\""), "w.txt:1:20: empty item name");
  // The same finding named twice: the second line says which line it repeats.
  EXPECT_EQ(ErrorOf("waive field-offset file f_op" + ok_tail + "\n\nwaive field-offset file f_op until 2028-01-01 "
                                                                  "reason \"again\""),
            "w.txt:3:7: repeats the waiver of line 1 (field-offset file f_op)");
}

TEST(WaiverFile, HostileBytes) {
  EXPECT_EQ(ErrorOf("waive field-offset file f_op until 2027-06-30 reason \"\xff\""), "w.txt:1:55: invalid UTF-8");
  EXPECT_EQ(ErrorOf(std::string("# ok\nwaive field-offset fi\0le", 29)), "w.txt:2:22: NUL byte");
  // A long line of junk is one clear error, not a crash.
  EXPECT_THAT(ErrorOf(std::string(100000, '"')), StartsWith("w.txt:1:"));
  EXPECT_THAT(ErrorOf("waive " + std::string(100000, 'x')), StartsWith("w.txt:1:7: unknown finding kind"));
}

TEST(WaiverFile, Dates) {
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_TRUE(IsIsoDate("2000-02-29"));
  EXPECT_FALSE(IsIsoDate("1900-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2027-13-01"));
  EXPECT_FALSE(IsIsoDate("2027-00-10"));
  EXPECT_FALSE(IsIsoDate("2027-04-31"));
  EXPECT_FALSE(IsIsoDate("2027-4-30"));
  EXPECT_FALSE(IsIsoDate("2027-04-3O"));
  EXPECT_TRUE(IsIsoDate(TodayUtc())) << TodayUtc();
}

}  // namespace
}  // namespace bindfuzz::diff
