// One target for both sides: which side names it, what each side gets.
#include "harness/driver/target_select.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/testing/status_matchers.h"

namespace bindfuzz::driver {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

TEST(SelectTarget, NoTargetIsTheDefaultAndChangesNoFlag) {
  CInputs c;
  c.flags = {"-DX=1"};
  RustInputs r;
  absl::StatusOr<TargetChoice> t = SelectTarget("", &c, &r);
  ASSERT_THAT(t.status(), testutil::IsOk());
  EXPECT_FALSE(t->explicit_target);
  EXPECT_EQ(r.target_triple, "x86_64-unknown-linux-gnu");
  EXPECT_EQ(c.flags, std::vector<std::string>{"-DX=1"});
}

TEST(SelectTarget, RustTargetSetsTheClangTriple) {
  CInputs c;
  RustInputs r;
  absl::StatusOr<TargetChoice> t = SelectTarget("armv7-unknown-linux-gnueabihf", &c, &r);
  ASSERT_THAT(t.status(), testutil::IsOk());
  EXPECT_EQ(r.target_triple, "armv7-unknown-linux-gnueabihf");
  EXPECT_THAT(c.flags, Contains("--target=armv7-linux-gnueabihf"));
  // The target's C headers (installed or not) replace the host's.
  EXPECT_NE(t->c_headers.kind, target::CHeaders::Kind::kNative);
  EXPECT_THAT(c.flags, Contains("-nostdlibinc"));
}

TEST(SelectTarget, ClangTargetCarriesOverToRust) {
  CInputs c;
  c.flags = {"--target", "x86_64-w64-mingw32"};
  RustInputs r;
  ASSERT_THAT(SelectTarget("", &c, &r).status(), testutil::IsOk());
  EXPECT_EQ(r.target_triple, "x86_64-pc-windows-gnu");
  // Not given twice.
  EXPECT_EQ(std::count_if(c.flags.begin(), c.flags.end(),
                          [](const std::string& f) { return f.rfind("--target", 0) == 0; }),
            1);
}

TEST(SelectTarget, BothSidesOnOneTargetInTwoSpellings) {
  CInputs c;
  c.flags = {"--target=arm-linux-gnueabihf"};
  RustInputs r;
  absl::StatusOr<TargetChoice> t = SelectTarget("armv7-unknown-linux-gnueabihf", &c, &r);
  ASSERT_THAT(t.status(), testutil::IsOk());
  EXPECT_EQ(r.target_triple, "armv7-unknown-linux-gnueabihf");
}

TEST(SelectTarget, DifferentTargetsAreRefused) {
  CInputs c;
  c.flags = {"--target=aarch64-linux-gnu"};
  RustInputs r;
  absl::StatusOr<TargetChoice> t = SelectTarget("x86_64-pc-windows-msvc", &c, &r);
  EXPECT_THAT(t.status(), testutil::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different targets")));
  EXPECT_THAT(std::string(t.status().message()), HasSubstr("supported targets"));
}

TEST(SelectTarget, UnknownTargetsAreRefusedWithTheList) {
  RustInputs r;
  EXPECT_THAT(SelectTarget("sparc64-unknown-linux-gnu", nullptr, &r).status(),
              testutil::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("thumbv7em-none-eabihf")));
  CInputs c;
  c.flags = {"-target", "sparc-sun-solaris"};
  EXPECT_THAT(SelectTarget("", &c, &r).status(),
              testutil::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("the C flags' --target=sparc-sun-solaris")));
}

}  // namespace
}  // namespace bindfuzz::driver
