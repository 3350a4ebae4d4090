#include "harness/testing/status_matchers.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

absl::StatusOr<int> Parse(bool ok) {
  if (ok) return 42;
  return absl::InvalidArgumentError("x.bfspec:3:7: expected `fn`");
}

TEST(StatusMatchers, IsOkOnStatusAndStatusOr) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(Parse(true), IsOk());
  EXPECT_THAT(absl::NotFoundError("gone"), Not(IsOk()));
  EXPECT_THAT(Parse(false), Not(IsOk()));
}

TEST(StatusMatchers, StatusIsComparesCodeAndMessage) {
  EXPECT_THAT(Parse(false), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Parse(false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("x.bfspec:3:7")));
  EXPECT_THAT(Parse(false), Not(StatusIs(absl::StatusCode::kNotFound)));
  EXPECT_THAT(Parse(false), Not(StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 9"))));
  EXPECT_THAT(absl::OkStatus(), StatusIs(absl::StatusCode::kOk));
}

TEST(StatusMatchers, IsOkAndHoldsChecksTheValue) {
  EXPECT_THAT(Parse(true), IsOkAndHolds(42));
  EXPECT_THAT(Parse(true), Not(IsOkAndHolds(41)));
  EXPECT_THAT(Parse(false), Not(IsOkAndHolds(42)));
  absl::StatusOr<std::vector<int>> v = std::vector<int>{1, 2};
  EXPECT_THAT(v, IsOkAndHolds(ElementsAre(1, 2)));
  absl::StatusOr<std::string> s = std::string("struct file");
  EXPECT_THAT(s, IsOkAndHolds(HasSubstr("file")));
}

TEST(StatusMatchers, FailureMessagesNameTheStatus) {
  const ::testing::Matcher<absl::StatusOr<int>> m = IsOkAndHolds(42);
  ::testing::StringMatchResultListener l;
  EXPECT_FALSE(m.MatchAndExplain(Parse(false), &l));
  EXPECT_THAT(l.str(), HasSubstr("x.bfspec:3:7"));
  EXPECT_THAT(::testing::DescribeMatcher<absl::StatusOr<int>>(m), HasSubstr("is OK and holds"));
  const ::testing::Matcher<absl::Status> st = StatusIs(absl::StatusCode::kNotFound);
  ::testing::StringMatchResultListener l2;
  EXPECT_FALSE(st.MatchAndExplain(absl::InvalidArgumentError("bad"), &l2));
  EXPECT_THAT(l2.str(), HasSubstr("INVALID_ARGUMENT: bad"));
}

}  // namespace
}  // namespace bindfuzz::testutil
