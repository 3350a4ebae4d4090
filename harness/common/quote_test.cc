#include "harness/common/quote.h"

#include <string>

#include "gtest/gtest.h"

namespace bindfuzz {
namespace {

TEST(QuoteBytes, EscapesQuotesBackslashesAndNonPrintable) {
  EXPECT_EQ(QuoteBytes(""), "\"\"");
  EXPECT_EQ(QuoteBytes("GPL"), "\"GPL\"");
  EXPECT_EQ(QuoteBytes("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(QuoteBytes("x\n\x7f\xff"), "\"x\\x0a\\x7f\\xff\"");
  EXPECT_EQ(QuoteBytes(std::string("a\0b", 3)), "\"a\\x00b\"");
}

}  // namespace
}  // namespace bindfuzz
