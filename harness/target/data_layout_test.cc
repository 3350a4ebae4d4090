#include "harness/target/data_layout.h"
#include "harness/testing/status_matchers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bindfuzz::target {
namespace {

using ::testing::HasSubstr;

DataLayout Parse(std::string_view s) {
  absl::StatusOr<DataLayout> dl = ParseDataLayout(s);
  EXPECT_TRUE(dl.ok()) << s << ": " << dl.status();
  return dl.ok() ? *dl : DataLayout{};
}

TEST(DataLayout, DefaultsAreRustcs) {
  DataLayout dl = Parse("");
  EXPECT_EQ(dl.endian, Endian::kBig);
  EXPECT_EQ(dl.align_i64, 4u);
  EXPECT_EQ(dl.align_i128, 4u);
  EXPECT_EQ(dl.align_f64, 8u);
  EXPECT_EQ(dl.pointer_bits, 64u);
  EXPECT_EQ(dl.align_ptr, 8u);
}

TEST(DataLayout, X86_64Linux) {
  DataLayout dl = Parse("e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128");
  EXPECT_EQ(dl.endian, Endian::kLittle);
  EXPECT_EQ(dl.pointer_bits, 64u);  // p270..p272 are other address spaces
  EXPECT_EQ(dl.align_ptr, 8u);
  EXPECT_EQ(dl.align_i64, 8u);
  EXPECT_EQ(dl.align_i128, 16u);
  EXPECT_EQ(dl.align_f64, 8u);
}

TEST(DataLayout, I686Linux) {
  DataLayout dl = Parse("e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128");
  EXPECT_EQ(dl.pointer_bits, 32u);
  EXPECT_EQ(dl.align_ptr, 4u);
  EXPECT_EQ(dl.align_i64, 4u);   // not in the string: rustc's default
  EXPECT_EQ(dl.align_i128, 16u);
  EXPECT_EQ(dl.align_f64, 4u);   // ABI alignment, not the preferred 64
}

TEST(DataLayout, I128FollowsTheWidestIntegerSpec) {
  // Arm: only i64 is given, so i128 takes its alignment.
  EXPECT_EQ(Parse("e-m:e-p:32:32-Fi8-i64:64-v128:64:128-a:0:32-n32-S64").align_i128, 8u);
  // s390x: big-endian, i64 only.
  DataLayout s390x = Parse("E-S64-m:e-i1:8:16-i8:8:16-i64:64-f128:64-v128:64-a:8:16-n32:64");
  EXPECT_EQ(s390x.endian, Endian::kBig);
  EXPECT_EQ(s390x.align_i128, 8u);
  EXPECT_EQ(s390x.align_i8, 1u);  // i8:8:16: the ABI alignment counts
  EXPECT_EQ(s390x.align_f128, 8u);
  // Order does not matter for a wider spec; a narrower one after it does not win.
  EXPECT_EQ(Parse("e-i128:128-i64:64").align_i128, 16u);
  EXPECT_EQ(Parse("e-i64:64-i128:128").align_i128, 16u);
  EXPECT_EQ(Parse("e-i32:32").align_i128, 4u);
}

TEST(DataLayout, BadSpecsAreErrors) {
  for (std::string_view bad : {"e-i64:abc", "e-p:64", "e-i64:24", "e-ix:8", "e-f64", "e-p:64:48", "e-pq:64:64"}) {
    absl::StatusOr<DataLayout> dl = ParseDataLayout(bad);
    ASSERT_FALSE(dl.ok()) << bad;
    EXPECT_THAT(dl, testutil::StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(std::string(dl.status().message()), HasSubstr("data layout spec")) << bad;
  }
}

}  // namespace
}  // namespace bindfuzz::target
