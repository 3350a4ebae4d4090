#include "harness/contract/ownership_json.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/contract/ownership.h"

namespace bindfuzz::contract {
namespace {

using ::testing::HasSubstr;

// Every member of every struct set to a non-default value somewhere, so a
// writer or reader that drops one fails RoundTripIsLossless.
OwnershipSpec Sample() {
  OwnershipSpec s;
  s.file = "x.bfspec";
  s.resources["sqlite3_stmt"] = {.name = "sqlite3_stmt", .c_type = "sqlite3_stmt",
                                 .release = "sqlite3_finalize",
                                 .acquire = {"sqlite3_prepare_v2", "sqlite3_prepare_v3"},
                                 .align = 8, .rust_origin = "raw_statement.rs:237",
                                 .loc = {.file = "x.bfspec", .line = 1, .column = 1}};
  s.resources["task_struct"] = {.name = "task_struct", .get = "get_task_struct",
                                .put = "put_task_struct"};
  s.resources["request"] = {.name = "request", .rust_refcount = true};
  s.resources["Box"] = {.name = "Box", .foreign = true};
  FunctionSpec f{.name = "sqlite3_column_text", .rust_origin = "row.rs:5",
                 .loc = {.file = "x.bfspec", .line = 3, .column = 1}};
  f.params.push_back({.name = "stmt", .mode = ParamMode::kBorrowed, .resource = "sqlite3_stmt",
                      .loc = {.file = "x.bfspec", .line = 3, .column = 25}});
  ParamSpec col{.name = "col", .mode = ParamMode::kScalar, .type = Type::Int(32, true, "i32"),
                .has_range = true, .range_lo = -3, .range_hi = 7};
  f.params.push_back(col);
  f.params.push_back({.name = "n", .mode = ParamMode::kLen, .type = Type::Int(64, false, "usize"),
                      .len_of = "b", .unit = LenUnit::kElements, .elem_size = 4});
  f.params.push_back({.name = "r", .mode = ParamMode::kRetained, .resource = "sqlite3_stmt",
                      .until = {"a", "b"}});
  f.params.push_back({.name = "u", .mode = ParamMode::kUnknown});
  f.ret = {.kind = ReturnKind::kBuf, .nullability = Nullability::kErrPtrOrNull,
           .window = {.parent = "stmt", .closed_by = {"sqlite3_step", "sqlite3_reset"}},
           .len_fn = "sqlite3_column_bytes", .len_unit = LenUnit::kElements, .len_elem_size = 2,
           .nul_terminated = true, .loc = {.file = "x.bfspec", .line = 4, .column = 4}};
  s.functions.push_back(f);
  FunctionSpec g{.name = "count"};
  g.ret = {.kind = ReturnKind::kScalar, .type = Type::Bool()};
  s.functions.push_back(g);
  FunctionSpec h{.name = "mk"};
  h.ret = {.kind = ReturnKind::kOwned, .resource = "task_struct", .nullability = Nullability::kErrPtr};
  s.functions.push_back(h);
  s.callbacks.push_back({.name = "xFunc", .registered_by = "sqlite3_create_function",
                         .runs_during = {"sqlite3_step"}, .unregistered_by = "sqlite3_close",
                         .loc = {.file = "x.bfspec", .line = 9}});
  s.notes.push_back({.level = Note::Level::kWarning, .item = "GenDisk", .message = "two calls",
                     .loc = {.file = "gen_disk.rs", .line = 197, .column = 1}});
  s.notes.push_back({.message = "plain"});
  return s;
}

TEST(OwnershipJson, RoundTripIsLossless) {
  OwnershipSpec s = Sample();
  std::string text = OwnershipToJson(s);
  auto back = OwnershipFromJson(text, "mem.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, s);
  EXPECT_EQ(OwnershipToJson(*back), text);  // byte-stable
  EXPECT_EQ(OwnershipToJson(*back, -1).find('\n'), OwnershipToJson(*back, -1).size() - 1);
}

TEST(OwnershipJson, DefaultsAreOmittedAndResourcesSorted) {
  std::string text = OwnershipToJson(Sample(), -1);
  // (Object keys are written in key order: "resources" comes last but one.)
  size_t res = text.find("\"resources\":");
  ASSERT_NE(res, std::string::npos);
  EXPECT_LT(text.find("\"name\":\"Box\"", res), text.find("\"name\":\"request\"", res));
  EXPECT_LT(text.find("\"name\":\"request\"", res), text.find("\"name\":\"sqlite3_stmt\"", res));
  EXPECT_LT(text.find("\"name\":\"sqlite3_stmt\"", res), text.find("\"name\":\"task_struct\"", res));
  // task_struct has no release: the key must not appear in its object.
  size_t at = text.find("\"task_struct\",");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(text.substr(at, text.find('}', at) - at).find("release"), std::string::npos);
  EXPECT_THAT(text, HasSubstr("\"null\":\"errptr_or_null\""));
  EXPECT_THAT(text, HasSubstr("\"mode\":\"unknown\""));
}

TEST(OwnershipJson, ErrorsNameLineColumnAndPointer) {
  std::string text = OwnershipToJson(Sample());
  size_t at = text.find("\"mode\": \"borrowed\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 18, "\"mode\": \"lent\"    ");
  auto r = OwnershipFromJson(text, "y.json");
  ASSERT_FALSE(r.ok());
  std::string msg(r.status().message());
  size_t line = 1;
  for (size_t i = 0; i < at; ++i) line += text[i] == '\n';
  EXPECT_THAT(msg, HasSubstr("y.json:" + std::to_string(line) + ":")) << msg;
  EXPECT_THAT(msg, HasSubstr("/functions/0/params/0/mode"));
  EXPECT_THAT(msg, HasSubstr("unknown mode \"lent\""));
}

TEST(OwnershipJson, StrictReader) {
  const std::string base = R"({"format":"bindfuzz-ownership","version":1)";
  auto msg = [](const absl::StatusOr<OwnershipSpec>& r) { return std::string(r.status().message()); };
  EXPECT_TRUE(OwnershipFromJson(base + "}", "z").ok());
  EXPECT_THAT(msg(OwnershipFromJson(base + R"(,"bogus":1})", "z")), HasSubstr("unknown key \"bogus\""));
  EXPECT_THAT(msg(OwnershipFromJson(base + R"(,"version":1})", "z")), HasSubstr("duplicate key"));
  EXPECT_THAT(msg(OwnershipFromJson(
                  base + R"(,"resources":[{"name":"a"},{"name":"a"}]})", "z")),
              HasSubstr("duplicate resources entry \"a\""));
  EXPECT_THAT(msg(OwnershipFromJson(
                  base + R"(,"functions":[{"name":"f","params":[],"return":{"kind":"void"}},)"
                         R"({"name":"f","params":[],"return":{"kind":"void"}}]})", "z")),
              HasSubstr("duplicate functions entry \"f\""));
  EXPECT_THAT(msg(OwnershipFromJson(base + R"(,"functions":[{"name":"f","params":[]}]})", "z")),
              HasSubstr("missing key \"return\""));
  EXPECT_THAT(msg(OwnershipFromJson(
                  base + R"(,"functions":[{"name":"f","params":[],"return":{"kind":"void","null":"maybe"}}]})",
                  "z")),
              HasSubstr("unknown null \"maybe\""));
  EXPECT_THAT(msg(OwnershipFromJson(
                  base + R"(,"functions":[{"name":"f","params":[{"name":"x","mode":"scalar",)"
                         R"("range_lo":9223372036854775808}],"return":{"kind":"void"}}]})",
                  "z")),
              HasSubstr("signed 64-bit"));
  EXPECT_THAT(msg(OwnershipFromJson(R"({"format":"bindfuzz-contract","version":1})", "z")),
              HasSubstr("not a bindfuzz ownership spec"));
  EXPECT_THAT(msg(OwnershipFromJson(R"({"format":"bindfuzz-ownership","version":2})", "z")),
              HasSubstr("unsupported ownership spec version 2"));
  EXPECT_THAT(msg(OwnershipFromJson(base + R"(,"resources":[{"name":"a","align":-1}]})", "z")),
              HasSubstr("non-negative"));
}

TEST(OwnershipJson, HostileInputIsAnErrorNotACrash) {
  auto deep = OwnershipFromJson(std::string(100000, '['), "deep.json");
  ASSERT_FALSE(deep.ok());
  EXPECT_THAT(std::string(deep.status().message()), HasSubstr("deep.json:1:"));
  auto trunc = OwnershipFromJson(OwnershipToJson(Sample()).substr(0, 200), "t.json");
  ASSERT_FALSE(trunc.ok());
  EXPECT_THAT(std::string(trunc.status().message()), HasSubstr("t.json:"));
  auto nul = OwnershipFromJson(std::string("{\"format\"\0", 10), "n.json");
  EXPECT_FALSE(nul.ok());
}

TEST(Ownership, ScalarTypesAndNames) {
  Type t;
  ASSERT_TRUE(ScalarType("usize", &t));
  EXPECT_EQ(t.bits, 64u);
  EXPECT_FALSE(t.is_signed);
  EXPECT_EQ(ScalarSpelling(t), "usize");
  ASSERT_TRUE(ScalarType("bool", &t));
  EXPECT_EQ(ScalarSpelling(t), "bool");
  EXPECT_FALSE(ScalarType("c_int", &t));
  EXPECT_EQ(ScalarSpelling(Type::Int(32, true, "c_int")), "i32");
  EXPECT_EQ(ScalarSpelling(Type::Void()), "");
  EXPECT_STREQ(NullabilityName(Nullability::kErrPtrOrNull), "errptr_or_null");
  EXPECT_STREQ(ParamModeName(ParamMode::kStrIn), "str");
  EXPECT_STREQ(ReturnKindName(ReturnKind::kPtr), "ptr");
  OwnershipSpec s = Sample();
  ClearSpecLocs(s);
  EXPECT_EQ(s.file, "");
  EXPECT_FALSE(s.functions[0].params[0].loc.known());
  EXPECT_TRUE(s.notes[0].loc.known());  // notes name the Rust source: kept
}

}  // namespace
}  // namespace bindfuzz::contract
