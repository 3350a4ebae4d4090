#include "harness/spec/prototype_check.h"

#include <string>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/driver/c_extract.h"
#include "harness/spec/spec_parser.h"

namespace bindfuzz::spec {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kDir[] = "harness/testdata/spec/prototype";

// The spec under kDir against harness/testdata/spec/prototype/f.h, read by
// the real C front end.
PrototypeReport Check(const std::string& spec_name) {
  const std::string path = std::string(kDir) + "/" + spec_name;
  auto text = ReadFile(path, kMaxSpecBytes);
  EXPECT_TRUE(text.ok()) << text.status();
  auto s = ParseOwnershipSpec(text.ok() ? *text : "", path);
  EXPECT_TRUE(s.ok()) << s.status();
  driver::CInputs in{.headers = {std::string(kDir) + "/f.h"}};
  auto c = driver::ExtractCContract(in);
  EXPECT_TRUE(c.ok()) << c.status();
  if (!s.ok() || !c.ok()) return {};
  return CheckSpecPrototypes(*s, *c);
}

TEST(PrototypeCheck, IntegerWhereCTakesAPointer) {
  if (!driver::HaveCFrontend()) GTEST_SKIP() << "built without the C front end";
  PrototypeReport r = Check("wrong_class.bfspec");
  ASSERT_EQ(r.mismatches.size(), 1u);
  // Both sides' file:line.
  EXPECT_THAT(r.mismatches[0], HasSubstr("harness/testdata/spec/prototype/wrong_class.bfspec:2:"));
  EXPECT_THAT(r.mismatches[0], HasSubstr("fn f parameter 1 (x) is an integer of 32 bits in the spec, but C's "
                                         "`int *` is a pointer"));
  EXPECT_THAT(r.mismatches[0], HasSubstr("f.h:5"));
  absl::Status st = PrototypeStatus(r);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("1 spec function(s) disagree with their C prototype"));
}

TEST(PrototypeCheck, MissingArgument) {
  if (!driver::HaveCFrontend()) GTEST_SKIP() << "built without the C front end";
  PrototypeReport r = Check("missing_arg.bfspec");
  ASSERT_EQ(r.mismatches.size(), 1u);
  EXPECT_THAT(r.mismatches[0], HasSubstr("missing_arg.bfspec:3:1: fn g has 1 parameter(s), C declares 2"));
  EXPECT_THAT(r.mismatches[0], HasSubstr("f.h:6"));
}

TEST(PrototypeCheck, IntegerWidth) {
  if (!driver::HaveCFrontend()) GTEST_SKIP() << "built without the C front end";
  PrototypeReport r = Check("width.bfspec");
  ASSERT_EQ(r.mismatches.size(), 1u);
  EXPECT_THAT(r.mismatches[0], HasSubstr("fn k returns an integer of 32 bits in the spec, but C returns `long`, "
                                         "an integer of 64 bits"));
}

// Typedefs resolved, a nullable buffer is a pointer, a variadic function
// is checked through its fixed prototype; what the headers do not declare
// is listed, not an error.
TEST(PrototypeCheck, AgreeingSpecPasses) {
  if (!driver::HaveCFrontend()) GTEST_SKIP() << "built without the C front end";
  PrototypeReport r = Check("agree.bfspec");
  EXPECT_THAT(r.mismatches, IsEmpty());
  EXPECT_EQ(r.checked, 4u);
  EXPECT_EQ(r.undeclared, std::vector<std::string>{"not_in_the_header"});
  EXPECT_TRUE(PrototypeStatus(r).ok());
}

// `inout len` passes a pointer to the length (`size_t *n`): it agrees with
// get_name's, and not with fill's `int n`.
TEST(PrototypeCheck, InOutLengthIsAPointer) {
  if (!driver::HaveCFrontend()) GTEST_SKIP() << "built without the C front end";
  PrototypeReport r = Check("inout.bfspec");
  EXPECT_EQ(r.checked, 2u);
  ASSERT_EQ(r.mismatches.size(), 1u);
  EXPECT_THAT(r.mismatches[0], HasSubstr("inout.bfspec:3:"));
  EXPECT_THAT(r.mismatches[0], HasSubstr("fn fill parameter 2 (n) is a pointer in the spec, but C's `int` is an "
                                         "integer of 32 bits"));
}

// A callback's signature against the function pointer type the registering
// function takes (through a typedef or spelled out).
TEST(PrototypeCheck, CallbackSignatures) {
  if (!driver::HaveCFrontend()) GTEST_SKIP() << "built without the C front end";
  PrototypeReport ok = Check("callback_agree.bfspec");
  EXPECT_THAT(ok.mismatches, IsEmpty());
  PrototypeReport r = Check("callback_wrong.bfspec");
  ASSERT_EQ(r.mismatches.size(), 4u) << absl::StrJoin(r.mismatches, "\n");
  EXPECT_THAT(r.mismatches[0], HasSubstr("callback_wrong.bfspec:3:33: callback visit parameter 2 (n) is an integer "
                                         "of 32 bits in the spec, but `void *` in C's `visit_fn` is a pointer"));
  EXPECT_THAT(r.mismatches[1], HasSubstr("callback_wrong.bfspec:3:1: callback visit returns void in the spec, but "
                                         "C's `visit_fn` returns an integer of 32 bits"));
  EXPECT_THAT(r.mismatches[2], HasSubstr("callback_wrong.bfspec:5:14: callback sig parameter 1 (n) is an integer of "
                                         "32 bits in the spec, but `long` in C's"));
  EXPECT_THAT(r.mismatches[3], HasSubstr("callback_wrong.bfspec:7:1: callback cb: parameter 1 (p) of fn f passes the "
                                         "callback, but C's `int *` is not a function pointer"));
  EXPECT_THAT(r.mismatches[3], HasSubstr("f.h:5"));
}

}  // namespace
}  // namespace bindfuzz::spec
