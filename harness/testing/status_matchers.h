// gMock matchers for absl::Status and absl::StatusOr<T>, so a test states
// the outcome it expects in one line and a failure prints the status:
//
//   EXPECT_THAT(ParseSpec(text, "x.bfspec"), IsOk());
//   EXPECT_THAT(ParseSpec(bad, "x.bfspec"),
//               StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("x.bfspec:3:")));
//   EXPECT_THAT(ReadFile(p), IsOkAndHolds(HasSubstr("struct")));
//
// Each works on absl::Status and on any absl::StatusOr<T>.
#ifndef BINDFUZZ_HARNESS_TESTING_STATUS_MATCHERS_H_
#define BINDFUZZ_HARNESS_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace bindfuzz::testutil {

namespace internal {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

class IsOkMatcher {
 public:
  using is_gtest_matcher = void;
  template <typename S>
  bool MatchAndExplain(const S& s, std::ostream* os) const {
    const absl::Status& st = GetStatus(s);
    if (!st.ok() && os != nullptr) *os << "which is " << st;
    return st.ok();
  }
  void DescribeTo(std::ostream* os) const { *os << "is OK"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "is not OK"; }
};

class StatusIsMatcher {
 public:
  using is_gtest_matcher = void;
  StatusIsMatcher(absl::StatusCode code, ::testing::Matcher<const std::string&> message)
      : code_(code), message_(std::move(message)) {}
  template <typename S>
  bool MatchAndExplain(const S& s, std::ostream* os) const {
    const absl::Status& st = GetStatus(s);
    const std::string message(st.message());
    const bool match = st.code() == code_ && message_.Matches(message);
    if (!match && os != nullptr) *os << "which is " << st;
    return match;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has code " << absl::StatusCodeToString(code_) << " and a message that ";
    message_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "does not have code " << absl::StatusCodeToString(code_) << " or has a message that ";
    message_.DescribeNegationTo(os);
  }

 private:
  absl::StatusCode code_;
  ::testing::Matcher<const std::string&> message_;
};

// For one StatusOr<T>: the inner matcher cast to `const T&`.
template <typename StatusOrType>
class IsOkAndHoldsImpl : public ::testing::MatcherInterface<StatusOrType> {
 public:
  using Value = typename std::decay_t<StatusOrType>::value_type;
  template <typename InnerMatcher>
  explicit IsOkAndHoldsImpl(InnerMatcher&& inner)
      : inner_(::testing::SafeMatcherCast<const Value&>(std::forward<InnerMatcher>(inner))) {}
  bool MatchAndExplain(StatusOrType s, ::testing::MatchResultListener* l) const override {
    if (!s.ok()) {
      *l << "which is " << s.status();
      return false;
    }
    ::testing::StringMatchResultListener inner;
    const bool match = inner_.MatchAndExplain(*s, &inner);
    *l << "which holds " << ::testing::PrintToString(*s);
    if (!inner.str().empty()) *l << ", " << inner.str();
    return match;
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "is OK and holds a value that ";
    inner_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "is not OK or holds a value that ";
    inner_.DescribeNegationTo(os);
  }

 private:
  ::testing::Matcher<const Value&> inner_;
};

template <typename InnerMatcher>
class IsOkAndHoldsMatcher {
 public:
  explicit IsOkAndHoldsMatcher(InnerMatcher inner) : inner_(std::move(inner)) {}
  template <typename StatusOrType>
  operator ::testing::Matcher<StatusOrType>() const {  // NOLINT: implicit by design
    return ::testing::Matcher<StatusOrType>(new IsOkAndHoldsImpl<const StatusOrType&>(inner_));
  }

 private:
  InnerMatcher inner_;
};

}  // namespace internal

// The status (of a Status or a StatusOr) is OK.
inline internal::IsOkMatcher IsOk() { return {}; }

// The status has `code` and a message matching `message` (any string by
// default; a string literal means equality, or pass HasSubstr(...)).
inline internal::StatusIsMatcher StatusIs(
    absl::StatusCode code, ::testing::Matcher<const std::string&> message = ::testing::_) {
  return internal::StatusIsMatcher(code, std::move(message));
}

// A StatusOr that is OK and whose value matches `inner`.
template <typename InnerMatcher>
internal::IsOkAndHoldsMatcher<std::decay_t<InnerMatcher>> IsOkAndHolds(InnerMatcher&& inner) {
  return internal::IsOkAndHoldsMatcher<std::decay_t<InnerMatcher>>(
      std::forward<InnerMatcher>(inner));
}

}  // namespace bindfuzz::testutil

#endif  // BINDFUZZ_HARNESS_TESTING_STATUS_MATCHERS_H_
