#include "harness/codegen/layout_codegen.h"
#include "harness/testing/status_matchers.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "absl/strings/match.h"
#include "harness/contract/not_addressable.h"

namespace bindfuzz::codegen {
namespace {

using contract::Contract;
using contract::Field;
using contract::Record;
using contract::Type;
using ::testing::HasSubstr;
using ::testing::Not;

Record Rec(const std::string& name, uint64_t size, std::vector<std::pair<std::string, uint64_t>> f) {
  Record r;
  r.name = name;
  r.size_bytes = size;
  r.align_bytes = 4;
  for (auto& [n, off] : f) {
    Field fd;
    fd.name = n;
    fd.type = Type::Int(32, true, "int");
    fd.offset_bits = off * 8;
    fd.size_bits = 32;
    r.fields.push_back(fd);
  }
  return r;
}

Contract Pair(bool rust) {
  Contract c;
  c.side = rust ? contract::Side::kRust : contract::Side::kC;
  c.records["pair"] = Rec("pair", 8, {{"a", 0}, {"b", rust ? 0 : 4}});
  return c;
}

constexpr char kHostile[] = "a\"b\\c\n";

TEST(GenerateLayoutFuzzer, EmitsAssertsAccessorsAndTable) {
  LayoutGenOptions opt;
  opt.name = "pair";
  opt.headers = {"/tmp/pair.h"};
  opt.c_flags = {"-std=gnu11"};
  auto out = GenerateLayoutFuzzer(Pair(false), Pair(true), opt);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->records, 1);
  EXPECT_EQ(out->fields, 2);
  const std::string& c = out->files.at("pair_c_side.c");
  EXPECT_THAT(c, HasSubstr("#include \"/tmp/pair.h\""));
  EXPECT_THAT(c, HasSubstr("_Static_assert(sizeof(struct pair) == 8u"));
  EXPECT_THAT(c, HasSubstr("_Static_assert(__builtin_offsetof(struct pair, b) == 4u"));
  EXPECT_THAT(c, HasSubstr("__SIZE_TYPE__ bf_c_sizeof_r0(void)"));
  EXPECT_THAT(c, HasSubstr("void bf_c_write_r0_f1(void* obj, const void* src)"));
  EXPECT_THAT(c, HasSubstr("void bf_c_read_r0_f1(const void* obj, void* dst)"));
  const std::string& fz = out->files.at("pair_fuzzer.cc");
  // name, C offset, C width, Rust offset, Rust width.
  EXPECT_THAT(fz, HasSubstr("{\"b\", 4, 4, 0, 4, bf_c_write_r0_f1, bf_c_read_r0_f1}"));
  EXPECT_THAT(fz, HasSubstr("{\"struct pair\", 8, 4, bf_c_sizeof_r0, bf_c_alignof_r0, bf_c_copy_r0, bf_c_touch_r0, bf_rust_touch_r0, kFields_r0, 2, nullptr, 0, nullptr, 0}"));
  EXPECT_THAT(fz, HasSubstr("LLVMFuzzerTestOneInput"));
  EXPECT_EQ(out->files.at("pair_c_flags.txt"), "-std=gnu11\n");
}

TEST(GenerateLayoutFuzzer, UnionAndTypedefNamedSpelling) {
  Contract c = Pair(false), r = Pair(true);
  c.records["pair"].kind = contract::RecordKind::kUnion;
  c.records["pair_t"] = Rec("pair_t", 4, {{"x", 0}});
  r.records["pair_t"] = Rec("pair_t", 4, {{"x", 0}});
  LayoutGenOptions opt;
  opt.typedef_named_records = {"pair_t"};
  auto out = GenerateLayoutFuzzer(c, r, opt);
  ASSERT_TRUE(out.ok()) << out.status();
  const std::string& cs = out->files.at("layout_c_side.c");
  EXPECT_THAT(cs, HasSubstr("sizeof(union pair)"));
  EXPECT_THAT(cs, HasSubstr("sizeof(pair_t)"));
  EXPECT_THAT(cs, Not(HasSubstr("struct pair_t")));
}

TEST(GenerateLayoutFuzzer, HostileNamesNeverReachCodeUnescaped) {
  Contract c = Pair(false), r = Pair(true);
  c.records[kHostile] = Rec(kHostile, 4, {{"x", 0}});
  r.records[kHostile] = Rec(kHostile, 4, {{"x", 0}});
  c.records["pair"].fields.push_back(c.records["pair"].fields[0]);
  c.records["pair"].fields.back().name = kHostile;
  r.records["pair"].fields.push_back(c.records["pair"].fields.back());
  c.records["p\xc3\xa9?\?/"] = Rec("p\xc3\xa9?\?/", 4, {});
  r.records["p\xc3\xa9?\?/"] = Rec("p\xc3\xa9?\?/", 4, {});
  auto out = GenerateLayoutFuzzer(c, r, {});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->records, 1);  // only `pair`
  EXPECT_EQ(out->fields, 2);   // a, b
  ASSERT_EQ(out->notes.size(), 3u);
  for (const auto& [name, text] : out->files) {
    EXPECT_THAT(text, Not(HasSubstr("a\"b"))) << name;
    EXPECT_THAT(text, Not(HasSubstr("\xc3"))) << name;
    EXPECT_THAT(text, Not(HasSubstr("?\?/"))) << name;
    for (unsigned char ch : text) ASSERT_TRUE(ch == '\n' || (ch >= 0x20 && ch < 0x7f)) << name;
  }
  // The skipped names are still reported, escaped.
  EXPECT_THAT(out->files.at("layout_c_side.c"), HasSubstr("\"a\\\"b\\\\c\\n\""));
  EXPECT_THAT(out->files.at("layout_c_side.c"), HasSubstr("\"pair.a\\\"b\\\\c\\n\""));
}

TEST(GenerateLayoutFuzzer, SkipsWhatItCannotCover) {
  Contract c = Pair(false), r = Pair(true);
  c.records["fwd"] = Rec("fwd", 0, {});
  c.records["fwd"].complete = false;
  r.records["fwd"] = c.records["fwd"];
  c.records["pair::(anon#1)"] = Rec("pair::(anon#1)", 4, {{"x", 0}});
  c.records["pair::(anon#1)"].anonymous = true;
  r.records["pair::(anon#1)"] = c.records["pair::(anon#1)"];
  c.records["only_c"] = Rec("only_c", 4, {{"x", 0}});
  c.records["pair"].fields[1].is_bitfield = true;
  c.records["huge"] = Rec("huge", uint64_t{1} << 40, {});
  r.records["huge"] = c.records["huge"];
  auto out = GenerateLayoutFuzzer(c, r, {});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->records, 1);
  EXPECT_EQ(out->fields, 1);
  const std::string& cs = out->files.at("layout_c_side.c");
  EXPECT_THAT(cs, Not(HasSubstr("struct fwd")));
  EXPECT_THAT(cs, Not(HasSubstr("struct huge")));
  EXPECT_THAT(cs, HasSubstr("bitfield"));
}

// A function C implements as a macro (the kernel's fortified memcpy) is
// left out with the reason, never probed: `memcpy(...)` in the C side would
// expand the macro. Asked for by name, it is an error naming the reason.
TEST(GenerateLayoutFuzzer, LeavesOutFunctionsCImplementsAsMacros) {
  Contract c = Pair(false), r = Pair(true);
  contract::Function f;
  f.name = "memcpy";
  f.return_type = Type::Int(32, true, "int");
  c.functions["memcpy"] = f;
  r.functions["memcpy"] = f;
  f.name = "plain";
  c.functions["plain"] = f;
  r.functions["plain"] = f;
  c.notes.push_back({.item = "memcpy", .message = contract::NotAddressableMessage(contract::kFunctionLikeMacro)});
  LayoutGenOptions o;
  o.all_functions = true;
  auto out = GenerateLayoutFuzzer(c, r, o);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->functions, 1);
  bool noted = false;
  for (const contract::Note& n : out->notes)
    if (n.item == "memcpy") noted = absl::StartsWith(n.message, kNotAddressablePrefix);
  EXPECT_TRUE(noted);
  EXPECT_THAT(out->files.at("layout_c_side.c"), Not(HasSubstr("sizeof(memcpy(")));
  EXPECT_THAT(out->files.at("layout_c_side.c"), HasSubstr("sizeof(plain("));
  o.all_functions = false;
  o.functions = {"memcpy"};
  auto named = GenerateLayoutFuzzer(c, r, o);
  ASSERT_FALSE(named.ok());
  EXPECT_THAT(named.status().message(), HasSubstr("function-like macro of the same name"));
}

TEST(GenerateLayoutFuzzer, Deterministic) {
  Contract c = Pair(false), r = Pair(true);
  for (const char* n : {"zeta", "alpha", "mid"}) {
    c.records[n] = Rec(n, 8, {{"x", 0}, {"y", 4}});
    r.records[n] = Rec(n, 8, {{"x", 0}, {"y", 4}});
  }
  LayoutGenOptions a, b;
  a.records = {"zeta", "pair", "alpha"};
  b.records = {"alpha", "zeta", "pair", "alpha"};
  auto x = GenerateLayoutFuzzer(c, r, a);
  auto y = GenerateLayoutFuzzer(c, r, b);
  auto z = GenerateLayoutFuzzer(c, r, a);
  ASSERT_TRUE(x.ok() && y.ok() && z.ok());
  EXPECT_EQ(x->files, y->files);
  EXPECT_EQ(x->files, z->files);
  EXPECT_EQ(x->records, 3);
}

TEST(GenerateLayoutFuzzer, BuildScriptQuotesEveryFlag) {
  Contract c = Pair(false), r = Pair(true);
  LayoutGenOptions o;
  o.name = "q";
  o.c_flags = {"-DMSG=a b", "-DQ='x'", "-I/with space/inc"};
  auto without = GenerateLayoutFuzzer(c, r, o);
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without->files.count("build.sh"), 0u);  // only with a runtime dir
  o.runtime_dir = "/rt dir";
  auto g = GenerateLayoutFuzzer(c, r, o);
  ASSERT_TRUE(g.ok());
  const std::string& sh = g->files.at("build.sh");
  EXPECT_THAT(sh, HasSubstr(R"( '-DMSG=a b' '-DQ='\''x'\''' '-I/with space/inc' $CFLAGS -c -x c q_c_side.c)"));
  EXPECT_THAT(sh, HasSubstr("RT='/rt dir'\n"));
  EXPECT_THAT(sh, HasSubstr(R"(-std=c++20 -I"$RT" $CXXFLAGS -c q_fuzzer.cc -o q_fuzzer.o)"));
  EXPECT_THAT(sh, HasSubstr(R"(-c "$RT/bf_layout_engine.cc" -o bf_layout_engine.o)"));
  EXPECT_THAT(sh, HasSubstr(R"(OBJS="q_c_side.o bindfuzz_runtime.o")"));
  EXPECT_THAT(sh, HasSubstr(R"(-fsanitize=fuzzer $CXXFLAGS q_fuzzer.o bf_layout_engine.o $OBJS $LDLIBS -o q_fuzzer)"));
}

TEST(GenerateLayoutFuzzer, BadOptionsAreInvalidArgument) {
  Contract c = Pair(false), r = Pair(true);
  LayoutGenOptions opt;
  opt.name = "Bad-Name";
  EXPECT_THAT(GenerateLayoutFuzzer(c, r, opt), testutil::StatusIs(absl::StatusCode::kInvalidArgument));
  opt = {};
  opt.headers = {"x\".h"};
  EXPECT_THAT(GenerateLayoutFuzzer(c, r, opt), testutil::StatusIs(absl::StatusCode::kInvalidArgument));
  opt = {};
  opt.c_flags = {"-DX=1\n#include <evil>"};
  EXPECT_THAT(GenerateLayoutFuzzer(c, r, opt), testutil::StatusIs(absl::StatusCode::kInvalidArgument));
  opt = {};
  opt.records = {"missing"};
  EXPECT_THAT(GenerateLayoutFuzzer(c, r, opt), testutil::StatusIs(absl::StatusCode::kInvalidArgument));
  c.records["only_c"] = Rec("only_c", 4, {});
  opt.records = {"only_c"};
  EXPECT_THAT(GenerateLayoutFuzzer(c, r, opt), testutil::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(GenerateLayoutFuzzer, EmptySelectionStillCompilesShape) {
  auto out = GenerateLayoutFuzzer(Contract{}, Contract{}, {});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->records, 0);
  EXPECT_THAT(out->files.at("layout_fuzzer.cc"), HasSubstr("kNumRecords = 0;"));
}

}  // namespace
}  // namespace bindfuzz::codegen
