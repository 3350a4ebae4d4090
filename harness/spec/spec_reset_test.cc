// The `reset NAME;` item of the spec text: parsed, printed, carried in JSON,
// and its errors (file:line:col).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/contract/ownership.h"
#include "harness/contract/ownership_json.h"
#include "harness/spec/spec_parser.h"

namespace bindfuzz::spec {
namespace {

using contract::OwnershipSpec;
using ::testing::HasSubstr;

constexpr char kSpec[] =
    "# the library's cleanup, before each input\n"
    "resource s { release s_free; }\n"
    "reset lib_cleanup;\n"
    "fn s_new() -> owned s;\n";

TEST(SpecReset, ParsedWithItsLocation) {
  auto s = ParseOwnershipSpec(kSpec, "t.bfspec");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->reset, "lib_cleanup");
  EXPECT_EQ(s->reset_loc.file, "t.bfspec");
  EXPECT_EQ(s->reset_loc.line, 3u);
  EXPECT_EQ(s->reset_loc.column, 1u);
  auto none = ParseOwnershipSpec("fn f() -> void;\n", "t.bfspec");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->reset, "");
}

TEST(SpecReset, PrintedFirstAndRoundTrips) {
  auto s = ParseOwnershipSpec(kSpec, "t.bfspec");
  ASSERT_TRUE(s.ok());
  const std::string text = OwnershipSpecToText(*s);
  EXPECT_EQ(text.rfind("reset lib_cleanup;\n\nresource s {\n", 0), 0u) << text;
  auto again = ParseOwnershipSpec(text, "printed.bfspec");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(OwnershipSpecToText(*again), text);
  OwnershipSpec a = *s, b = *again;
  contract::ClearSpecLocs(a);
  contract::ClearSpecLocs(b);
  EXPECT_EQ(a, b);
}

TEST(SpecReset, JsonKeepsNameAndLocation) {
  auto s = ParseOwnershipSpec(kSpec, "t.bfspec");
  ASSERT_TRUE(s.ok());
  const std::string json = contract::OwnershipToJson(*s);
  EXPECT_THAT(json, HasSubstr("\"reset\""));
  auto back = contract::OwnershipFromJson(json, "t.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, *s);
  auto bad = contract::OwnershipFromJson(
      R"({"format": "bindfuzz-ownership", "version": 1, "reset": "lib_cleanup"})", "b.json");
  EXPECT_FALSE(bad.ok());
}

TEST(SpecReset, Errors) {
  auto twice = ParseOwnershipSpec("reset a;\nfn f() -> void;\n  reset b;\n", "t.bfspec");
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(std::string(twice.status().message()),
              HasSubstr("t.bfspec:3:3: duplicate 'reset' (first at t.bfspec:1:1)"));
  auto no_name = ParseOwnershipSpec("reset ;\n", "t.bfspec");
  ASSERT_FALSE(no_name.ok());
  EXPECT_THAT(std::string(no_name.status().message()),
              HasSubstr("t.bfspec:1:7: expected the reset function"));
  auto no_semi = ParseOwnershipSpec("reset a b;\n", "t.bfspec");
  ASSERT_FALSE(no_semi.ok());
  EXPECT_THAT(std::string(no_semi.status().message()), HasSubstr("t.bfspec:1:9: "));
  EXPECT_THAT(std::string(no_semi.status().message()), HasSubstr("at the end of 'reset'"));
}

}  // namespace
}  // namespace bindfuzz::spec
