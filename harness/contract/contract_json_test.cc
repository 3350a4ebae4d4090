#include "harness/contract/contract_json.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/contract/contract.h"

namespace bindfuzz::contract {
namespace {

using ::testing::HasSubstr;

Contract Sample() {
  Contract c;
  c.side = Side::kRust;
  c.target = {.triple = "x86_64-linux-gnu", .pointer_bits = 64, .long_bits = 64, .char_signed = false};
  c.provenance = {.tool = "test", .inputs = {"a.rs"}, .flags = {"-DX=1"}};
  Record r{.name = "file", .size_bytes = 184, .align_bytes = 8};
  r.fields.push_back({.name = "f_op",
                      .type = Type::PointerTo(Type::Named(TypeKind::kRecord, "file_operations")),
                      .offset_bits = 128, .size_bits = 64,
                      .loc = {.file = "b.rs", .line = 10, .column = 5}});
  r.fields.push_back({.name = "type", .rust_name = "type_", .type = Type::Int(3, false, "u32"),
                      .offset_bits = 192, .size_bits = 3, .is_bitfield = true});
  Type fn{.kind = TypeKind::kFunction, .variadic = true};
  fn.inner = {Type::Int(32, true, "c_int"), Type::PointerTo(Type::Void())};
  Type fnp = Type::PointerTo(fn);
  fnp.nullable = true;
  r.fields.push_back({.name = "cb", .type = fnp, .offset_bits = 256, .size_bits = 64});
  Type flex = Type::ArrayOf(Type::Int(8, false), 0);
  flex.flexible = true;
  r.fields.push_back({.name = "data", .type = flex, .offset_bits = 320, .size_bits = 0});
  r.asserted.size_bytes = 184;
  r.align_inferred = true;
  r.typedef_named = true;
  r.asserted.field_offset_bytes["f_op"] = 16;
  c.records["file"] = r;
  Enum e{.name = "color", .underlying = Type::Int(32, false, "c_uint"), .size_bytes = 4,
         .rust_style = "consts"};
  e.enumerators.push_back({.name = "RED", .value = IntValue::Of(-1)});
  e.enumerators.push_back({.name = "BIG", .value = IntValue::OfUnsigned(UINT64_MAX)});
  c.enums["color"] = e;
  c.typedefs["size_t"] = {.name = "size_t", .target = Type::Int(64, false, "usize")};
  c.typedefs["compat_u64"] = {.name = "compat_u64", .target = Type::Int(64, false), .align_bytes = 4};
  Function f{.name = "printk", .return_type = Type::Int(32, true), .variadic = true};
  f.params.push_back({.name = "fmt", .type = Type::PointerTo(Type::Int(8, false))});
  c.functions["printk"] = f;
  c.functions["scanf"] = {.name = "scanf", .asm_label = "__isoc99_scanf", .return_type = Type::Int(32, true)};
  Record tu{.name = "sockaddr_arg", .kind = RecordKind::kUnion, .size_bytes = 8, .align_bytes = 8};
  tu.transparent_union = true;
  tu.fields.push_back({.name = "__sockaddr__", .type = Type::PointerTo(Type::Named(TypeKind::kRecord, "sockaddr")),
                       .size_bits = 64});
  c.records["sockaddr_arg"] = tu;
  c.variables["jiffies"] = {.name = "jiffies", .type = Type::Int(64, false)};
  c.constants["PAGE_SIZE"] = {.name = "PAGE_SIZE", .int_value = IntValue::OfUnsigned(4096),
                              .type = Type::Int(32, false, "u32")};
  c.constants["MIN"] = {.name = "MIN", .int_value = {.magnitude = UINT64_MAX, .negative = true},
                        .type = Type::Int(128, true, "i128")};
  c.constants["NAME"] = {.name = "NAME", .kind = ConstantKind::kString, .string_value = "abc"};
  c.notes.push_back({.level = Note::Level::kWarning, .item = "x", .message = "macro not evaluated"});
  return c;
}

TEST(ContractJson, RoundTripIsLossless) {
  Contract c = Sample();
  std::string text = ToJson(c);
  auto back = FromJson(text, "mem.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, c);
  EXPECT_EQ(ToJson(*back), text);  // byte-stable
}

TEST(ContractJson, OutputIsOrderedByName) {
  Contract c = Sample();
  c.records["aaa"] = {.name = "aaa", .size_bytes = 1, .align_bytes = 1};
  std::string text = ToJson(c, -1);
  EXPECT_LT(text.find("\"aaa\""), text.find("\"file\""));
}

TEST(ContractJson, SyntaxErrorNamesLine) {
  auto r = FromJson("{\n  \"format\": \"bindfuzz-contract\",\n  oops\n}", "x.json");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("x.json:3:"));
}

TEST(ContractJson, SemanticErrorNamesLineAndPointer) {
  std::string text = ToJson(Sample());
  // Corrupt the record size to a string: the error must point at it.
  size_t at = text.find("\"size\": 184");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 11, "\"size\": \"x\"");
  auto r = FromJson(text, "y.json");
  ASSERT_FALSE(r.ok());
  std::string msg(r.status().message());
  EXPECT_THAT(msg, HasSubstr("/records/0/asserted/size"));
  size_t line = 1;
  for (size_t i = 0; i < at; ++i) line += text[i] == '\n';
  EXPECT_THAT(msg, HasSubstr("y.json:" + std::to_string(line) + ":")) << msg;
}

TEST(ContractJson, RejectsUnknownKeysAndDuplicates) {
  std::string base = R"({"format":"bindfuzz-contract","version":1,"side":"c")";
  EXPECT_THAT(std::string(FromJson(base + R"(,"bogus":1})", "z").status().message()),
              HasSubstr("unknown key \"bogus\""));
  EXPECT_THAT(std::string(FromJson(base + R"(,"side":"c"})", "z").status().message()),
              HasSubstr("duplicate key"));
  std::string dup = base + R"(,"typedefs":[{"name":"a","target":{"kind":"void"}},)" +
                    R"({"name":"a","target":{"kind":"void"}}]})";
  EXPECT_THAT(std::string(FromJson(dup, "z").status().message()),
              HasSubstr("duplicate typedefs entry \"a\""));
}

TEST(ContractJson, RejectsMalformedTypes) {
  std::string base = R"({"format":"bindfuzz-contract","version":1,"side":"c","typedefs":[{"name":"a","target":)";
  EXPECT_FALSE(FromJson(base + R"({"kind":"pointer"}}]})", "z").ok());
  EXPECT_FALSE(FromJson(base + R"({"kind":"record"}}]})", "z").ok());
  EXPECT_FALSE(FromJson(base + R"({"kind":"wat"}}]})", "z").ok());
  EXPECT_FALSE(FromJson(base + R"({"kind":"int","bits":-1}}]})", "z").ok());
  EXPECT_TRUE(FromJson(base + R"({"kind":"int","bits":32}}]})", "z").ok());
}

TEST(ContractJson, DeepNestingIsRejectedNotACrash) {
  std::string deep(100000, '[');
  auto r = FromJson(deep, "deep.json");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("nesting deeper"));
}

TEST(ContractJson, WrongFormatAndVersion) {
  EXPECT_THAT(std::string(FromJson(R"({"format":"x","version":1,"side":"c"})", "z").status().message()),
              HasSubstr("not a bindfuzz contract"));
  EXPECT_THAT(std::string(FromJson(R"({"format":"bindfuzz-contract","version":9,"side":"c"})", "z")
                              .status().message()),
              HasSubstr("unsupported contract version 9"));
}

TEST(ContractJson, InvalidUtf8IsReplacedOnWrite) {
  Contract c;
  c.typedefs["bad"] = {.name = "bad", .target = Type::Unknown("\xff\xfe")};
  std::string text = ToJson(c);
  EXPECT_TRUE(FromJson(text, "u").ok());
}

TEST(Contract, ResolveTypedefsStopsOnCycles) {
  Contract c;
  c.typedefs["a"] = {.name = "a", .target = Type::Named(TypeKind::kTypedef, "b")};
  c.typedefs["b"] = {.name = "b", .target = Type::Named(TypeKind::kTypedef, "a")};
  const Type& t = ResolveTypedefs(c, Type::Named(TypeKind::kTypedef, "a"));
  EXPECT_EQ(t.kind, TypeKind::kTypedef);
  c.typedefs["b"].target = Type::Int(16, true);
  EXPECT_EQ(ResolveTypedefs(c, Type::Named(TypeKind::kTypedef, "a")).bits, 16u);
}

TEST(Contract, TypeToString) {
  EXPECT_EQ(Type::PointerTo(Type::Named(TypeKind::kRecord, "file")).ToString(), "*mut file");
  EXPECT_EQ(Type::ArrayOf(Type::Int(8, false), 16).ToString(), "[u8; 16]");
  EXPECT_EQ(IntValue::Of(-5).Bits(8), 0xfbu);
}

}  // namespace
}  // namespace bindfuzz::contract
