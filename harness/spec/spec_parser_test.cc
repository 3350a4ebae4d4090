#include "harness/spec/spec_parser.h"

#include <dirent.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/contract/ownership.h"
#include "harness/contract/ownership_json.h"
#include "harness/testing/golden.h"
#include "harness/testing/status_matchers.h"

namespace bindfuzz::spec {
namespace {

using contract::LenUnit;
using contract::Nullability;
using contract::OwnershipSpec;
using contract::ParamMode;
using contract::ReturnKind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kDir[] = "harness/testdata/spec";

OwnershipSpec MustParse(absl::string_view text, const std::string& file = "t.bfspec") {
  auto s = ParseOwnershipSpec(text, file);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : OwnershipSpec{};
}

std::string ErrorOf(absl::string_view text, const std::string& file = "t.bfspec") {
  auto s = ParseOwnershipSpec(text, file);
  EXPECT_FALSE(s.ok()) << "accepted:\n" << text;
  return s.ok() ? "" : std::string(s.status().message());
}

// parse(print(x)) == x up to source locations, and print is a fixed point.
void ExpectRoundTrip(const OwnershipSpec& s) {
  std::string text = OwnershipSpecToText(s);
  auto again = ParseOwnershipSpec(text, "printed.bfspec");
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << text;
  EXPECT_EQ(OwnershipSpecToText(*again), text);
  OwnershipSpec a = s, b = *again;
  contract::ClearSpecLocs(a);
  contract::ClearSpecLocs(b);
  EXPECT_EQ(a, b) << text;
}

TEST(SpecParser, EveryConstructBecomesData) {
  OwnershipSpec s = MustParse(R"(
resource sqlite3_stmt { ctype "sqlite3_stmt"; release sqlite3_finalize; acquire p2, p3; align 8; origin "o.rs:1"; }
resource task_struct { get get_task_struct; put put_task_struct; }
resource request { rust_refcount; }
resource Box { foreign; }
fn col(stmt: borrowed sqlite3_stmt, i: i32 in -1..=0x10, b: buf_in, n: len(b) elems 4 u32,
       c: consumed sqlite3_stmt, r: retained task_struct until a, b, o: buf_out, s: str, u: _, k: len(o) bytes)
    -> str errptr_or_null of stmt until sqlite3_step, sqlite3_reset len sqlite3_column_bytes nul origin "x.rs:9";
fn g() -> buf nullable len f elems 2;
fn h() -> owned task_struct errptr;
fn i() -> ptr until z;
fn j() -> usize;
callback cb registered_by reg runs_during a, b unregistered_by unreg;
note warning "It" "msg" at "k.rs:3:4";
)");
  ASSERT_EQ(s.resources.size(), 4u);
  const auto& st = s.resources.at("sqlite3_stmt");
  EXPECT_EQ(st.c_type, "sqlite3_stmt");
  EXPECT_EQ(st.release, "sqlite3_finalize");
  EXPECT_THAT(st.acquire, ElementsAre("p2", "p3"));
  EXPECT_EQ(st.align, 8u);
  EXPECT_EQ(st.rust_origin, "o.rs:1");
  EXPECT_EQ(st.loc.ToString(), "t.bfspec:2:1");
  EXPECT_EQ(s.resources.at("task_struct").put, "put_task_struct");
  EXPECT_TRUE(s.resources.at("request").rust_refcount);
  EXPECT_TRUE(s.resources.at("Box").foreign);

  ASSERT_EQ(s.functions.size(), 5u);
  const auto& f = s.functions[0];
  EXPECT_EQ(f.loc.ToString(), "t.bfspec:6:1");
  ASSERT_EQ(f.params.size(), 10u);
  EXPECT_EQ(f.params[0].mode, ParamMode::kBorrowed);
  EXPECT_EQ(f.params[0].resource, "sqlite3_stmt");
  EXPECT_EQ(f.params[0].loc.ToString(), "t.bfspec:6:8");
  EXPECT_EQ(f.params[1].mode, ParamMode::kScalar);
  EXPECT_TRUE(f.params[1].has_range);
  EXPECT_EQ(f.params[1].range_lo, -1);
  EXPECT_EQ(f.params[1].range_hi, 16);
  EXPECT_EQ(f.params[1].type.bits, 32u);
  EXPECT_EQ(f.params[3].mode, ParamMode::kLen);
  EXPECT_EQ(f.params[3].len_of, "b");
  EXPECT_EQ(f.params[3].unit, LenUnit::kElements);
  EXPECT_EQ(f.params[3].elem_size, 4u);
  EXPECT_EQ(f.params[3].type.spelling, "u32");
  EXPECT_EQ(f.params[4].mode, ParamMode::kConsumed);
  EXPECT_EQ(f.params[5].mode, ParamMode::kRetained);
  EXPECT_THAT(f.params[5].until, ElementsAre("a", "b"));
  EXPECT_EQ(f.params[6].mode, ParamMode::kBufOut);
  EXPECT_EQ(f.params[7].mode, ParamMode::kStrIn);
  EXPECT_EQ(f.params[8].mode, ParamMode::kUnknown);
  EXPECT_EQ(f.params[9].type.spelling, "usize");  // the default length type
  EXPECT_EQ(f.ret.kind, ReturnKind::kStr);
  EXPECT_EQ(f.ret.nullability, Nullability::kErrPtrOrNull);
  EXPECT_EQ(f.ret.window.parent, "stmt");
  EXPECT_THAT(f.ret.window.closed_by, ElementsAre("sqlite3_step", "sqlite3_reset"));
  EXPECT_EQ(f.ret.len_fn, "sqlite3_column_bytes");
  EXPECT_TRUE(f.ret.nul_terminated);
  EXPECT_EQ(f.ret.loc.ToString(), "t.bfspec:8:8");
  EXPECT_EQ(f.rust_origin, "x.rs:9");
  EXPECT_EQ(s.functions[1].ret.kind, ReturnKind::kBuf);
  EXPECT_EQ(s.functions[1].ret.len_unit, LenUnit::kElements);
  EXPECT_EQ(s.functions[1].ret.len_elem_size, 2u);
  EXPECT_EQ(s.functions[2].ret.kind, ReturnKind::kOwned);
  EXPECT_EQ(s.functions[2].ret.nullability, Nullability::kErrPtr);
  EXPECT_EQ(s.functions[3].ret.kind, ReturnKind::kPtr);
  EXPECT_THAT(s.functions[3].ret.window.closed_by, ElementsAre("z"));
  EXPECT_EQ(s.functions[4].ret.kind, ReturnKind::kScalar);

  ASSERT_EQ(s.callbacks.size(), 1u);
  EXPECT_EQ(s.callbacks[0].registered_by, "reg");
  EXPECT_THAT(s.callbacks[0].runs_during, ElementsAre("a", "b"));
  EXPECT_EQ(s.callbacks[0].unregistered_by, "unreg");
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_EQ(s.notes[0].level, contract::Note::Level::kWarning);
  EXPECT_EQ(s.notes[0].item, "It");
  EXPECT_EQ(s.notes[0].loc.ToString(), "k.rs:3:4");
  ExpectRoundTrip(s);
}

TEST(SpecParser, ResourcesMayBeUsedBeforeTheyAreDeclared) {
  OwnershipSpec s = MustParse("fn f(x: borrowed r) -> owned r;\nresource r { release free_r; }\n");
  EXPECT_EQ(s.functions[0].params[0].resource, "r");
}

TEST(SpecParser, CanonicalPrinterFormat) {
  OwnershipSpec s = MustParse(
      "fn b(x: borrowed r, n: i32 in 0..=3) -> str nullable of x until s len l nul; # c\n"
      "resource r {release   free_r ;}\nresource e{}\n"
      "callback c registered_by f;\nnote \"m\" at \"a.rs:1\";\n");
  EXPECT_EQ(OwnershipSpecToText(s),
            "resource e {}\n"
            "resource r {\n  release free_r;\n}\n"
            "\n"
            "fn b(x: borrowed r, n: i32 in 0..=3) -> str nullable of x until s len l nul;\n"
            "\n"
            "callback c registered_by f;\n"
            "\n"
            "note \"m\" at \"a.rs:1\";\n");
}

TEST(SpecParser, StringsEscapeAndRoundTrip) {
  OwnershipSpec s = MustParse("resource r { origin \"a\\\"b\\\\c\\nd\\te\\x01 caf\xC3\xA9\"; }");
  EXPECT_EQ(s.resources.at("r").rust_origin, "a\"b\\c\nd\te\x01 caf\xC3\xA9");
  EXPECT_THAT(OwnershipSpecToText(s), HasSubstr(R"(origin "a\"b\\c\nd\te\x01 caf)"));
  ExpectRoundTrip(s);
  // A spec built in memory with bytes the text cannot hold still prints to
  // text that parses (NUL and invalid UTF-8 become U+FFFD).
  OwnershipSpec odd;
  odd.resources["r"] = {.name = "r", .rust_origin = std::string("a\0b\xff", 4)};
  auto back = ParseOwnershipSpec(OwnershipSpecToText(odd), "o");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->resources.at("r").rust_origin, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
}

TEST(SpecParser, NoteLocationsRoundTrip) {
  for (const char* at : {"a.rs", "a.rs:3", "a.rs:3:4", "C:\\x:5", "x:0:3", "a:b:c", "<unknown>", "x:99999999999"}) {
    OwnershipSpec s = MustParse(absl::StrCat("note \"m\" at ", "\"", absl::StrReplaceAll(at, {{"\\", "\\\\"}}), "\";"));
    ASSERT_EQ(s.notes.size(), 1u);
    EXPECT_EQ(s.notes[0].loc.file.empty(), false) << at;
    ExpectRoundTrip(s);
  }
  OwnershipSpec s = MustParse("note \"m\" at \"dir/a.rs:3:4\";");
  EXPECT_EQ(s.notes[0].loc.file, "dir/a.rs");
  EXPECT_EQ(s.notes[0].loc.line, 3u);
  EXPECT_EQ(s.notes[0].loc.column, 4u);
  OwnershipSpec t = MustParse("note \"m\";");
  EXPECT_EQ(t.notes[0].loc.ToString(), "t.bfspec:1:1");  // without `at`: the spec line
}

// Each file under errors/ holds one bad spec whose first line says where the
// error must be reported and what it says: `# EXPECT-ERROR: L:C: text`.
TEST(SpecParser, ErrorCorpusNamesLineAndColumn) {
  const std::string dir = std::string(kDir) + "/errors";
  DIR* d = opendir(dir.c_str());
  ASSERT_NE(d, nullptr) << dir;
  std::vector<std::string> files;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (absl::EndsWith(n, ".bfspec")) files.push_back(n);
  }
  closedir(d);
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 30u);
  for (const std::string& n : files) {
    auto text = ReadFile(dir + "/" + n);
    ASSERT_TRUE(text.ok()) << n;
    constexpr absl::string_view kTag = "# EXPECT-ERROR: ";
    ASSERT_TRUE(absl::StartsWith(*text, kTag)) << n << " has no EXPECT-ERROR line";
    std::string want = text->substr(kTag.size(), text->find('\n') - kTag.size());
    auto r = ParseOwnershipSpec(*text, "x.bfspec");
    ASSERT_FALSE(r.ok()) << n << " was accepted";
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("x.bfspec:" + want)) << n;
    EXPECT_THAT(r, testutil::StatusIs(absl::StatusCode::kInvalidArgument)) << n;
  }
}

TEST(SpecParser, HostileInput) {
  // NUL bytes, in code and in comments.
  EXPECT_THAT(ErrorOf(std::string("fn f() -> void;\n\0", 17)), StartsWith("t.bfspec:2:1: NUL byte"));
  EXPECT_THAT(ErrorOf(std::string("# a\0b\nfn", 9)), StartsWith("t.bfspec:1:4: NUL byte"));
  EXPECT_THAT(ErrorOf(std::string("resource r { origin \"a\0\"; }", 27)), StartsWith("t.bfspec:1:23: NUL byte"));
  // Invalid UTF-8 anywhere, even in a comment.
  EXPECT_THAT(ErrorOf("resource r {}\n# caf\xe9\n"), StartsWith("t.bfspec:2:6: invalid UTF-8"));
  // Non-ASCII outside strings.
  EXPECT_THAT(ErrorOf("fn f\xC3\xA9() -> void;"), StartsWith("t.bfspec:1:5: unexpected non-ASCII"));
  // Over the size limit: refused before any scanning.
  std::string huge(kMaxSpecBytes + 1, ' ');
  EXPECT_THAT(ErrorOf(huge, "huge.bfspec"), StartsWith("huge.bfspec: spec is"));
  // Deep or long input: nothing nests, so a million '(' or a million
  // parameters is a plain error or a plain (linear) parse.
  EXPECT_THAT(ErrorOf(std::string(1000000, '(')), StartsWith("t.bfspec:1:1: expected 'resource'"));
  std::string many = "fn f(";
  for (int i = 0; i < 200000; ++i) absl::StrAppend(&many, i ? ", " : "", "p", i, ": i32");
  many += ") -> void;";
  auto start = std::chrono::steady_clock::now();
  OwnershipSpec s = MustParse(many);
  EXPECT_EQ(s.functions[0].params.size(), 200000u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  std::string dup_late = many;
  dup_late.insert(dup_late.size() - 10, ", p7: u8");
  EXPECT_THAT(ErrorOf(dup_late), HasSubstr("duplicate parameter 'p7'"));
  // A very long name and a very long line.
  std::string longname(1 << 20, 'a');
  OwnershipSpec l = MustParse("resource " + longname + " {}");
  EXPECT_EQ(l.resources.begin()->first.size(), size_t{1} << 20);
  // Empty and comment-only specs are valid and empty.
  EXPECT_EQ(MustParse(""), OwnershipSpec{.file = "t.bfspec"});
  EXPECT_EQ(MustParse("# only a comment"), OwnershipSpec{.file = "t.bfspec"});
}

TEST(SpecParser, IntegersAtTheEdges) {
  OwnershipSpec s = MustParse(
      "fn f(a: i64 in -9223372036854775808..=9223372036854775807, b: u8 in 0..=255, c: i8 in -128..=127,"
      " d: u64 in 0..=0x7fffffffffffffff, e: i32 in -0..=0) -> void;");
  EXPECT_EQ(s.functions[0].params[0].range_lo, INT64_MIN);
  EXPECT_EQ(s.functions[0].params[0].range_hi, INT64_MAX);
  EXPECT_EQ(s.functions[0].params[3].range_hi, INT64_MAX);
  ExpectRoundTrip(s);
  EXPECT_THAT(ErrorOf("fn f(a: i8 in -129..=0) -> void;"), HasSubstr("does not fit i8 (-128..=127)"));
  EXPECT_THAT(ErrorOf("resource r { align 0x; }"), HasSubstr("'0x' without hex digits"));
  EXPECT_THAT(ErrorOf("resource r { align -8; }"), HasSubstr("must not be negative"));
  EXPECT_THAT(ErrorOf("resource r { align 0; }"), HasSubstr("align 0 is not a power of two"));
}

// The goldens: each `<name>.bfspec` parses; its JSON and canonical text are
// committed beside it. BINDFUZZ_UPDATE_GOLDENS=1 rewrites them.
TEST(SpecParser, Goldens) {
  for (const char* name : {"sqlite", "kernel"}) {
    const std::string base = absl::StrCat(kDir, "/", name);
    auto text = ReadFile(base + ".bfspec");
    ASSERT_TRUE(text.ok()) << text.status();
    auto s = ParseOwnershipSpec(*text, base + ".bfspec");
    ASSERT_TRUE(s.ok()) << s.status();
    ExpectRoundTrip(*s);
    testutil::ExpectGolden(base + ".json", contract::OwnershipToJson(*s));
    testutil::ExpectGolden(base + ".canonical.bfspec", OwnershipSpecToText(*s));
    if (testutil::UpdatingGoldens()) continue;
    auto want_json = ReadFile(base + ".json");
    ASSERT_TRUE(want_json.ok()) << want_json.status();
    // The JSON golden reads back to the same spec (downstream stages start from it).
    auto from_json = contract::OwnershipFromJson(*want_json, base + ".json");
    ASSERT_TRUE(from_json.ok()) << from_json.status();
    EXPECT_EQ(*from_json, *s);
  }
}

TEST(SpecParser, DocExamplesParse) {
  // Every ```bfspec block of docs/spec-format.md is a valid spec.
  auto doc = ReadFile("docs/spec-format.md");
  ASSERT_TRUE(doc.ok()) << doc.status();
  size_t blocks = 0;
  for (size_t at = doc->find("```bfspec\n"); at != std::string::npos; at = doc->find("```bfspec\n", at)) {
    at += 10;
    size_t end = doc->find("```", at);
    ASSERT_NE(end, std::string::npos);
    std::string block = doc->substr(at, end - at);
    auto s = ParseOwnershipSpec(block, absl::StrCat("doc-block-", blocks));
    EXPECT_TRUE(s.ok()) << s.status() << "\n" << block;
    ++blocks;
  }
  EXPECT_GE(blocks, 8u);
}

TEST(SpecParser, NullableAndOutParameters) {
  OwnershipSpec s = MustParse(
      "resource db {}\nresource row {}\n"
      "fn open(p: str, out: out owned db) -> i32;\n"
      "fn find(d: borrowed db, parent: nullable borrowed row, o: out borrowed row of d) -> i32;\n");
  const auto& open = s.functions[0];
  EXPECT_EQ(open.params[1].mode, ParamMode::kOutOwned);
  EXPECT_EQ(open.params[1].resource, "db");
  const auto& find = s.functions[1];
  EXPECT_TRUE(find.params[1].nullable);
  EXPECT_EQ(find.params[1].mode, ParamMode::kBorrowed);
  EXPECT_FALSE(find.params[0].nullable);
  EXPECT_EQ(find.params[2].mode, ParamMode::kOutBorrowed);
  EXPECT_EQ(find.params[2].parent, "d");
  // The canonical text says the same and parses to the same spec.
  const std::string text = OwnershipSpecToText(s);
  EXPECT_THAT(text, HasSubstr("fn open(p: str, out: out owned db) -> i32;"));
  EXPECT_THAT(text, HasSubstr("parent: nullable borrowed row, o: out borrowed row of d"));
  OwnershipSpec back = MustParse(text);
  contract::ClearSpecLocs(s);
  contract::ClearSpecLocs(back);
  EXPECT_EQ(back, s);
}

TEST(SpecParser, NullableAndOutErrors) {
  EXPECT_THAT(ErrorOf("resource r {}\nfn f(o: out borrowed r of nope) -> void;"),
              StartsWith("t.bfspec:2:27: out borrowed r of nope: 'f' has no parameter 'nope'"));
  EXPECT_THAT(ErrorOf("resource r {}\nfn f(n: i32, o: out borrowed r of n) -> void;"),
              HasSubstr("'n' is a scalar parameter, not a resource"));
  EXPECT_THAT(ErrorOf("resource r {}\nfn f(o: out maybe r) -> void;"),
              StartsWith("t.bfspec:2:13: expected 'owned' or 'borrowed' after 'out', found 'maybe'"));
  EXPECT_THAT(ErrorOf("fn f(o: out owned nope) -> void;"), HasSubstr("unknown resource"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_in, n: nullable len(b) bytes) -> void;"),
              HasSubstr("'nullable len' is not a parameter type"));
  EXPECT_THAT(ErrorOf("fn f(x: nullable) -> void;"), HasSubstr("expected a pointer parameter type after 'nullable'"));
}

TEST(SpecParser, WrittenReturn) {
  OwnershipSpec s = MustParse("fn f(b: buf_out, n: len(b) elems 4) -> i32 written(b);\n");
  EXPECT_EQ(s.functions[0].ret.written_of, "b");
  EXPECT_THAT(OwnershipSpecToText(s), HasSubstr("-> i32 written(b);"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_in, n: len(b) bytes) -> i32 written(b);"),
              StartsWith("t.bfspec:1:49: written(b): 'b' is a buf_in parameter, not buf_out"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_out, n: len(b) bytes) -> i32 written(c);"), HasSubstr("has no parameter 'c'"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_out, n: len(b) bytes) -> bool written(b);"), HasSubstr("a bool cannot count"));
}

TEST(SpecParser, InOutLengthsFixedLengthsAndDependentRanges) {
  OwnershipSpec s = MustParse(
      "resource h { release h_free; }\n"
      "fn get(o: borrowed h, b: buf_out, n: inout len(b) elems 2 u32 retry on -34) -> i32;\n"
      "fn fix(a: buf_in len 16, b: buf_out len 8 elems 4, c: nullable buf_out len 3 bytes) -> void;\n"
      "fn at(o: borrowed h, k: u8, i: usize < count(o, k), j: i64 <= count(o, k)) -> i32;\n"
      "fn count(o: borrowed h, k: u8) -> usize;\n");
  const auto& n = s.functions[0].params[2];
  EXPECT_EQ(n.mode, ParamMode::kLen);
  EXPECT_TRUE(n.inout);
  EXPECT_TRUE(n.has_retry);
  EXPECT_EQ(n.retry_on, -34);
  EXPECT_EQ(n.elem_size, 2u);
  const auto& fix = s.functions[1].params;
  EXPECT_EQ(fix[0].fixed_len, 16u);
  EXPECT_EQ(fix[1].fixed_len, 8u);
  EXPECT_EQ(fix[1].unit, LenUnit::kElements);
  EXPECT_EQ(fix[1].elem_size, 4u);
  EXPECT_TRUE(fix[2].nullable);
  const auto& at = s.functions[2].params;
  EXPECT_EQ(at[2].range_fn, "count");
  EXPECT_THAT(at[2].range_args, ElementsAre("o", "k"));
  EXPECT_FALSE(at[2].range_inclusive);
  EXPECT_TRUE(at[3].range_inclusive);
  EXPECT_FALSE(at[2].has_range);
  const std::string text = OwnershipSpecToText(s);
  EXPECT_THAT(text, HasSubstr("n: inout len(b) elems 2 u32 retry on -34) -> i32;"));
  EXPECT_THAT(text, HasSubstr("fn fix(a: buf_in len 16, b: buf_out len 8 elems 4, c: nullable buf_out len 3)"));
  EXPECT_THAT(text, HasSubstr("i: usize < count(o, k), j: i64 <= count(o, k)) -> i32;"));
  ExpectRoundTrip(s);
  // The JSON form keeps every field.
  auto back = contract::OwnershipFromJson(contract::OwnershipToJson(s), "j.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, s);
  // No arguments, and an inout length without retry.
  ExpectRoundTrip(MustParse("fn g() -> u32;\nfn f(i: u32 < g(), b: buf_out, n: inout len(b) bytes) -> void;"));
}

TEST(SpecParser, InOutFixedAndDependentRangeErrors) {
  EXPECT_THAT(ErrorOf("fn f(b: buf_out, n: len(b) bytes retry on 1) -> i32;"),
              StartsWith("t.bfspec:1:34: 'retry' needs an 'inout len'"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_out, n: inout len(b) bytes retry 1) -> i32;"),
              StartsWith("t.bfspec:1:46: expected 'on' after 'retry'"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_out, n: inout len(b) bytes retry on 1) -> void;"),
              StartsWith("t.bfspec:1:18: 'n': 'retry on 1' needs an integer return"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_out, n: inout len(b) bytes retry on 300) -> u8;"),
              StartsWith("t.bfspec:1:18: 'n': 'retry on 300' is not a value of u8 (0..=255)"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_out, n: inout(b) bytes) -> i32;"),
              StartsWith("t.bfspec:1:26: expected 'len' after 'inout'"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_out, n: nullable inout len(b) bytes) -> i32;"),
              StartsWith("t.bfspec:1:30: Rust always passes its length: 'nullable inout'"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_out len 0) -> void;"),
              StartsWith("t.bfspec:1:21: fixed length 0"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_out len x) -> void;"),
              StartsWith("t.bfspec:1:21: expected the fixed length (units of the array), found 'x'"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_out len 4 elems 0) -> void;"), StartsWith("t.bfspec:1:29: element size 0"));
  EXPECT_THAT(ErrorOf("fn f(b: buf_in len 4, n: len(b) bytes) -> void;"),
              StartsWith("t.bfspec:1:30: len(b): 'b' has a fixed length (len 4): Rust passes no other"));
  EXPECT_THAT(ErrorOf("fn f(i: u32 < nope(), b: bool) -> void;"),
              StartsWith("t.bfspec:1:15: unknown function 'nope' bounds a range"));
  EXPECT_THAT(ErrorOf("fn c() -> u32;\nfn f(i: u32 < c(x)) -> void;"),
              StartsWith("t.bfspec:2:6: range of 'i' (c(x)): 'f' has no parameter 'x'"));
  EXPECT_THAT(ErrorOf("fn c() -> u32;\nfn f(i: u32 < c(i)) -> void;"),
              HasSubstr("range of 'i' (c(i)): a value cannot bound itself"));
  EXPECT_THAT(ErrorOf("fn c() -> u32;\nfn f(b: buf_in len 2, i: u32 < c(b)) -> void;"),
              HasSubstr("'b' is a buf_in parameter, not a resource or a scalar"));
  EXPECT_THAT(ErrorOf("resource r {}\nfn c() -> u32;\nfn f(o: nullable borrowed r, i: u32 < c(o)) -> void;"),
              HasSubstr("'o' is nullable"));
  EXPECT_THAT(ErrorOf("fn c() -> u32;\nfn f(i: bool < c()) -> void;"),
              StartsWith("t.bfspec:2:14: a bool parameter takes no range"));
  EXPECT_THAT(ErrorOf("fn c() -> u32;\nfn f(i: u32 < c) -> void;"),
              StartsWith("t.bfspec:2:16: expected '(' after the bounding function"));
  EXPECT_THAT(ErrorOf("fn c() -> u32;\nfn f(i: u32 < c(,)) -> void;"),
              StartsWith("t.bfspec:2:17: expected a parameter name, found ','"));
  EXPECT_THAT(ErrorOf("fn f(x: u32) -> void; <"), StartsWith("t.bfspec:1:23: expected 'resource', 'fn'"));
}

TEST(SpecParser, IsSpecName) {
  EXPECT_TRUE(IsSpecName("get_task_struct"));
  EXPECT_TRUE(IsSpecName("_x9"));
  EXPECT_FALSE(IsSpecName("9x"));
  EXPECT_FALSE(IsSpecName(""));
  EXPECT_FALSE(IsSpecName("a-b"));
}

TEST(SpecParser, CallbackSignatures) {
  OwnershipSpec s = MustParse(
      "resource list { release list_free; }\nresource item {}\nresource ev { release ev_free; }\n"
      "fn list_foreach(l: borrowed list, cb: callback on_item, arg: user_data on_item) -> i32;\n"
      "callback on_item(it: borrowed item kept, n: u32, arg: user_data) -> i32 registered_by list_foreach\n"
      "    runs_during list_foreach unregistered_by list_free;\n"
      "fn bus_sub(cb: callback on_ev) -> void;\n"
      "callback on_ev(e: owned ev, x: borrowed item) -> void registered_by bus_sub;\n"
      "callback xDestroy registered_by sqlite3_create_function_v2;\n");
  const auto& f = s.functions[0];
  EXPECT_EQ(f.params[1].mode, ParamMode::kCallback);
  EXPECT_EQ(f.params[1].callback, "on_item");
  EXPECT_EQ(f.params[2].mode, ParamMode::kUserData);
  ASSERT_EQ(s.callbacks.size(), 3u);
  const auto& c = s.callbacks[0];
  EXPECT_TRUE(c.has_signature);
  ASSERT_EQ(c.params.size(), 3u);
  EXPECT_EQ(c.params[0].mode, contract::CallbackArgMode::kKept);
  EXPECT_EQ(c.params[0].resource, "item");
  EXPECT_EQ(c.params[0].loc.ToString(), "t.bfspec:5:18");
  EXPECT_EQ(c.params[1].mode, contract::CallbackArgMode::kScalar);
  EXPECT_EQ(c.params[2].mode, contract::CallbackArgMode::kUserData);
  EXPECT_EQ(contract::ScalarSpelling(c.ret), "i32");
  EXPECT_EQ(s.callbacks[1].params[0].mode, contract::CallbackArgMode::kOwned);
  EXPECT_EQ(s.callbacks[1].ret.kind, contract::TypeKind::kVoid);
  EXPECT_FALSE(s.callbacks[2].has_signature);
  const std::string text = OwnershipSpecToText(s);
  EXPECT_THAT(text, HasSubstr("fn list_foreach(l: borrowed list, cb: callback on_item, arg: user_data on_item) -> i32;"));
  EXPECT_THAT(text, HasSubstr("callback on_item(it: borrowed item kept, n: u32, arg: user_data) -> i32 registered_by "
                              "list_foreach runs_during list_foreach unregistered_by list_free;"));
  EXPECT_THAT(text, HasSubstr("callback on_ev(e: owned ev, x: borrowed item) -> void registered_by bus_sub;"));
  ExpectRoundTrip(s);
  // The JSON keeps the signature.
  auto back = contract::OwnershipFromJson(contract::OwnershipToJson(s), "j.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, s);
}

TEST(SpecParser, CallbackErrors) {
  EXPECT_THAT(ErrorOf("resource r {}\ncallback c(a: borrowed r, b: user_data, d: user_data) -> void registered_by f;"),
              StartsWith("t.bfspec:2:44: callback 'c' has two user_data parameters"));
  EXPECT_THAT(ErrorOf("callback c(a: i32, a: i32) -> void registered_by f;"),
              StartsWith("t.bfspec:1:20: duplicate parameter 'a' in callback 'c'"));
  EXPECT_THAT(ErrorOf("callback c(a: i32) registered_by f;"), StartsWith("t.bfspec:1:20: expected '->'"));
  EXPECT_THAT(ErrorOf("callback c(a: borrowed nope) -> void registered_by f;"),
              StartsWith("t.bfspec:1:24: unknown resource 'nope'"));
  EXPECT_THAT(ErrorOf("callback c() -> void registered_by f;"),
              StartsWith("t.bfspec:1:1: callback 'c': registered_by 'f' is not a fn of the spec"));
  EXPECT_THAT(ErrorOf("fn f(x: callback c) -> void;\nfn g(y: callback c) -> void;\n"
                      "callback c() -> void registered_by f;"),
              StartsWith("t.bfspec:2:6: fn 'g' passes callback 'c', which is registered_by 'f'"));
  EXPECT_THAT(ErrorOf("fn f(x: callback c, y: callback c) -> void;\ncallback c() -> str registered_by f;"),
              StartsWith("t.bfspec:2:17: expected the callback's return type"));
}

}  // namespace
}  // namespace bindfuzz::spec
