#include "harness/driver/c_extract.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/driver/pipeline.h"

namespace bindfuzz::driver {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kUnavailable[] =
    "this bindfuzz was built without the C front end (-DBINDFUZZ_BUILD_C_FRONTEND=OFF)";

std::string WriteHeader() {
  const std::string h = ::testing::TempDir() + "/c_extract_test_pair.h";
  EXPECT_TRUE(WriteFile(h, "struct pair { int a; int b; };\n").ok());
  return h;
}

CInputs Inputs() {
  CInputs in;
  in.headers = {WriteHeader()};
  in.flags = {"--target=x86_64-linux-gnu"};
  return in;
}

TEST(CExtract, BinaryMatchesTheConfiguration) {
  EXPECT_EQ(HaveCFrontend(), BF_EXPECT_C_FRONTEND == 1);
  if (HaveCFrontend()) {
    EXPECT_THAT(CFrontendDescription(), StartsWith("Clang "));
  } else {
    EXPECT_EQ(CFrontendDescription(), "not built");
  }
}

TEST(CExtract, UnavailableNamesTheFile) {
  EXPECT_EQ(CFrontendUnavailable("x.h").message(), std::string("x.h: ") + kUnavailable);
  EXPECT_EQ(CFrontendUnavailable("").message(), kUnavailable);
  EXPECT_EQ(CFrontendUnavailable("x.h").code(), absl::StatusCode::kUnimplemented);
}

TEST(CExtract, ExtractCParsesOrSaysWhyNot) {
  const CInputs in = Inputs();
  absl::StatusOr<contract::Contract> c = RunExtractC(in);
  if (HaveCFrontend()) {
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->records.at("pair").size_bytes, 8u);
  } else {
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().message(), in.headers.front() + ": " + kUnavailable);
  }
}

TEST(CExtract, CheckWithAHeaderFailsBeforeRustWithoutTheFrontEnd) {
  if (HaveCFrontend()) GTEST_SKIP() << "the C front end is built";
  CheckOptions o;
  o.c = Inputs();
  o.rust.files = {::testing::TempDir() + "/c_extract_test_missing.rs"};
  absl::StatusOr<CheckResult> r = RunCheck(o);
  ASSERT_FALSE(r.ok());
  // The C side's reason, not the missing Rust file's.
  EXPECT_THAT(r.status().message(), HasSubstr(kUnavailable));
}

}  // namespace
}  // namespace bindfuzz::driver
