// Unit tests of the lifetime fuzzer generator (no compiler needed; the
// planted test builds and runs what it generates).
#include "harness/codegen/lifetime_codegen.h"

#include <ostream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/codegen/codegen_text.h"
#include "harness/spec/spec_parser.h"
#include "harness/testing/status_matchers.h"

namespace bindfuzz::codegen {
namespace {

using contract::FunctionSpec;
using contract::OwnershipSpec;
using contract::ParamMode;
using contract::ParamSpec;
using contract::ReturnKind;
using contract::Type;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

OwnershipSpec Parse(const std::string& text, const std::string& file = "t.bfspec") {
  auto s = spec::ParseOwnershipSpec(text, file);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : OwnershipSpec{};
}

constexpr char kSqliteLike[] = R"(resource db { release db_close; }
resource stmt { release stmt_finalize; }
fn db_open(which: i32 in 0..=3) -> owned db nullable;
fn stmt_prepare(d: retained db until stmt_finalize, which: i32 in 0..=7) -> owned stmt nullable;
fn stmt_step(s: borrowed stmt) -> i32;
fn stmt_text(s: borrowed stmt, col: i32 in 0..=3) -> str nullable of s until stmt_step, stmt_finalize len stmt_bytes nul;
fn stmt_bytes(s: borrowed stmt, col: i32 in 0..=3) -> i32;
fn stmt_bind(s: borrowed stmt, text: buf_in, n: len(text) bytes i32) -> i32;
fn fill(out: buf_out, n: len(out) elems 4 u64) -> bool;
)";

absl::StatusOr<GeneratedFiles> Gen(const OwnershipSpec& s, LifetimeGenOptions opt = {}) {
  return GenerateLifetimeFuzzer(s, opt);
}

TEST(LifetimeCodegen, GeneratesTheFilesAndIsDeterministic) {
  OwnershipSpec s = Parse(kSqliteLike);
  LifetimeGenOptions opt;
  opt.name = "sq";
  opt.headers = {"/abs/sq.h"};
  opt.c_sources = {"/abs/sq.c"};
  opt.c_flags = {"-DX=1", "-I/abs dir"};
  opt.runtime_dir = "/abs/shims/runtime";
  auto a = GenerateLifetimeFuzzer(s, opt);
  ASSERT_TRUE(a.ok()) << a.status();
  auto b = GenerateLifetimeFuzzer(s, opt);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->files, b->files);
  std::vector<std::string> names;
  for (const auto& [n, text] : a->files) names.push_back(n);
  EXPECT_THAT(names, ::testing::ElementsAre("build.sh", "sq_c_side.c", "sq_fuzzer.cc",
                                            "sq_fuzzer.dict", "sq_fuzzer.options"));
  const std::string& cc = a->files.at("sq_fuzzer.cc");
  // Functions numbered in spec order, bound to their symbols by asm labels,
  // with the prototype Rust sees (pointers void*, the spec's scalar types).
  EXPECT_THAT(cc, HasSubstr("void* bf_f0(int32_t) __asm__(\"db_open\");"));
  EXPECT_THAT(cc, HasSubstr("int32_t bf_f2(void*) __asm__(\"stmt_step\");"));
  EXPECT_THAT(cc, HasSubstr("int32_t bf_f5(void*, const void*, int32_t) __asm__(\"stmt_bind\");"));
  EXPECT_THAT(cc, HasSubstr("bool bf_f6(void*, uint64_t) __asm__(\"fill\");"));
  EXPECT_THAT(cc, HasSubstr("void bf_r0_release_c(void*) __asm__(\"db_close\");"));
  // The length function of f3 is f4, called with the same arguments.
  EXPECT_THAT(cc, HasSubstr("void bf_len3(const bf_seq_value* a, bf_seq_result* r) {\n"
                            "  r->len = static_cast<int64_t>(bf_f4(a[0].p, "
                            "static_cast<int32_t>(a[1].i)));"));
  // The window of f3 closes at stmt_step (f2) and stmt_finalize (callee 8:
  // after the 7 functions and db_close).
  EXPECT_THAT(cc, HasSubstr("const int kClosedBy_f3[] = {2, 8};"));
  EXPECT_THAT(cc, HasSubstr("const int kUntil_f1_p0[] = {8};"));
  EXPECT_THAT(cc, HasSubstr("{\"stmt_text\", 3, {kFile0, 6u}, kParams_f3, 2, BF_SEQ_R_STR"));
  EXPECT_THAT(cc, HasSubstr("BF_SEQ_NULLABLE, 0, kClosedBy_f3, 2, 1u, 1,"));
  EXPECT_THAT(cc, HasSubstr("{\"n\", BF_SEQ_P_LEN, BF_SEQ_U64, -1, nullptr, 0, -1, 0, 4u,"));
  EXPECT_THAT(cc, HasSubstr("{\"col\", BF_SEQ_P_SCALAR, BF_SEQ_I32, -1, nullptr, 0, -1, -1, 1u, 1, "
                            "INT64_C(0), INT64_C(3),"));
  EXPECT_THAT(cc, HasSubstr("const bf_seq_spec kSpec = {kFile0, kFns, 7, kResources, 2, kCallees, "
                            "9, 64, 16};"));
  EXPECT_THAT(cc, HasSubstr("const char kFile0[] = \"t.bfspec\";"));
  // Dictionary: one entry per operation, selector = index + 3.
  EXPECT_THAT(a->files.at("sq_fuzzer.dict"), HasSubstr("# op 9: fill\nop9=\"\\x09\\x00\""));
  EXPECT_THAT(a->files.at("sq_fuzzer.options"),
              AllOf(HasSubstr("[libfuzzer]\nmax_len = "), HasSubstr("dict = sq_fuzzer.dict")));
  // The C side checks every name against the headers.
  EXPECT_THAT(a->files.at("sq_c_side.c"),
              AllOf(HasSubstr("#include \"/abs/sq.h\""),
                    HasSubstr("= (void (*)(void))stmt_finalize;")));
  // build.sh: every path and flag shell-quoted.
  const std::string& sh = a->files.at("build.sh");
  EXPECT_THAT(sh, HasSubstr("RT='/abs/shims/runtime'"));
  EXPECT_THAT(sh, HasSubstr("'-DX=1' '-I/abs dir' $CFLAGS -c -x c '/abs/sq.c' -o sq_src0.o"));
  EXPECT_THAT(sh, Not(HasSubstr("sq_replay")));
  opt.replay_main = "/abs/replay main.cc";
  auto r = GenerateLifetimeFuzzer(s, opt);
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->files.at("build.sh"),
              HasSubstr("sq_fuzzer.cc '/abs/replay main.cc' $OBJS $LDLIBS -o sq_replay\n"));
  EXPECT_THAT(sh, HasSubstr("\"$RT/../lifetime/bf_seq.c\""));
  EXPECT_THAT(sh, HasSubstr("\"$RT/../lifetime/bf_seq_len.c\""));
  EXPECT_THAT(sh, HasSubstr("OBJS=\"sq_src0.o sq_c_side.o bf_seq.o bf_seq_len.o bindfuzz_runtime.o "
                            "bf_seq_state.o sq_globals.o\"\n"));
  // The library's globals for the carried-state report: nm of its objects.
  EXPECT_THAT(sh, HasSubstr("sh \"$RT/../lifetime/bf_seq_globals.sh\" sq_globals.c '/abs/sq.c' sq_src0.o\n"));
  EXPECT_THAT(sh, HasSubstr("-o sq_fuzzer\n"));
}

TEST(LifetimeCodegen, NoCSideWithoutHeadersNoBuildShWithoutRuntime) {
  auto g = Gen(Parse(kSqliteLike));
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->files.count("lifetime_c_side.c"), 0u);
  EXPECT_EQ(g->files.count("build.sh"), 0u);
  EXPECT_EQ(g->files.count("lifetime_fuzzer.cc"), 1u);
}

TEST(LifetimeCodegen, HostileNamesOnlyEscaped) {
  // Built in C++: the text format would not accept these names.
  const std::string evil = "a\"b\\c\n?\?/\xc3\xa9*/ \"); system(\"x";
  OwnershipSpec s;
  s.file = "dir/" + evil + ".bfspec";
  auto& r = s.resources[evil];
  r.name = evil;
  r.release = "obj_free";
  r.loc = {.file = s.file, .line = 1};
  FunctionSpec f;
  f.name = "obj_new";
  f.loc = {.file = s.file, .line = 2};
  ParamSpec p;
  p.name = evil;
  p.mode = ParamMode::kScalar;
  p.type = Type::Int(32, true, "i32");
  f.params.push_back(p);
  f.ret.kind = ReturnKind::kOwned;
  f.ret.resource = evil;
  s.functions.push_back(f);
  FunctionSpec g = f;
  g.name = "obj_use";
  g.params[0].mode = ParamMode::kBorrowed;
  g.params[0].resource = evil;
  g.ret = {};
  g.ret.kind = ReturnKind::kStr;
  g.ret.window.parent = evil;
  g.ret.window.closed_by = {evil, "obj_free"};
  s.functions.push_back(g);
  LifetimeGenOptions opt;
  opt.runtime_dir = "/x/" + std::string("it's");
  opt.c_flags = {"-DQ='\"q\"'"};
  auto out = GenerateLifetimeFuzzer(s, opt);
  ASSERT_TRUE(out.ok()) << out.status();
  for (const auto& [file, text] : out->files) {
    EXPECT_THAT(text, Not(HasSubstr(evil))) << file;
    EXPECT_THAT(text, Not(HasSubstr("\n?\?/"))) << file;
    for (unsigned char ch : text) {
      ASSERT_TRUE(ch == '\n' || (ch >= 0x20 && ch < 0x7f)) << file << ": byte " << int(ch);
    }
  }
  const std::string& cc = out->files.at("lifetime_fuzzer.cc");
  EXPECT_THAT(cc, HasSubstr(EscapeCString(evil)));
  // The unknown closer is a note, not code.
  ASSERT_FALSE(out->notes.empty());
  EXPECT_THAT(out->notes[0].message, HasSubstr("never calls it"));
  EXPECT_THAT(out->files.at("build.sh"), HasSubstr("RT='/x/it'\\''s'"));
}

struct BadCase {
  const char* name;
  const char* spec;
  const char* error;  // substring; every error starts with "t.bfspec:<line>: gen: "
  int line;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class LifetimeCodegenErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(LifetimeCodegenErrors, Rejected) {
  const BadCase& c = GetParam();
  auto g = Gen(Parse(c.spec));
  ASSERT_FALSE(g.ok()) << c.name;
  EXPECT_THAT(g, testutil::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(g.status().message()),
              AllOf(StartsWith(absl::StrCat("t.bfspec:", c.line, ": gen: ")), HasSubstr(c.error)));
}

INSTANTIATE_TEST_SUITE_P(
    Specs, LifetimeCodegenErrors,
    ::testing::Values(
        BadCase{"no_functions", "resource r { release f; }\n", "no functions", 0},
        BadCase{"owned_without_release", "resource r {}\nfn f() -> owned r;\n",
                "neither release nor put", 2},
        BadCase{"buf_without_len", "fn f(b: buf_in) -> void;\n", "needs a len(b)", 1},
        BadCase{"str_len_elems", "fn f(s: str, n: len(s) elems 4) -> void;\n",
                "length of a str is in bytes", 1},
        BadCase{"unknown_param", "fn f(x: _) -> void;\n", "complete the spec by hand", 1},
        BadCase{"ptr_return", "fn f() -> ptr errptr;\n", "returns `ptr`", 1},
        BadCase{"buf_without_len_fn", "resource r { release rf; }\nfn f(x: borrowed r) -> buf of x len g;\n",
                "is not a function of the spec", 2},
        BadCase{"len_fn_other_params",
                "resource r { release rf; }\nfn f(x: borrowed r) -> str of x len g;\nfn g() -> i32;\n",
                "does not take the same parameters", 2},
        BadCase{"len_fn_not_int",
                "resource r { release rf; }\nfn f(x: borrowed r) -> str of x len g;\nfn g(x: borrowed r) -> void;\n",
                "does not return an integer", 2},
        BadCase{"function_name_keyword", "fn int() -> void;\n", "is not a C identifier", 1},
        BadCase{"release_name_keyword", "resource r { release while; }\nfn f() -> owned r;\n",
                "is not a C identifier", 1},
        BadCase{"inout_str", "fn f(s: str, n: inout len(s) bytes) -> void;\n", "an inout length of a str", 1},
        BadCase{"fixed_len_too_big", "fn f(b: buf_out len 1025 elems 4) -> void;\n",
                "fixed length 1025 of 4-byte units is not in 1..4096 bytes", 1},
        BadCase{"retry_consumes",
                "resource r { release rf; }\nfn f(x: consumed r, b: buf_out, n: inout len(b) bytes retry on 1) -> i32;\n",
                "a call Rust retries cannot consume or retain \"x\"", 2},
        BadCase{"range_bound_not_int", "fn c() -> void;\nfn f(i: u32 < c()) -> void;\n",
                "bound \"c\" does not return an integer", 2},
        BadCase{"range_bound_arity", "resource r { release rf; }\nfn c() -> u32;\nfn f(x: borrowed r, i: u32 < c(x)) -> void;\n",
                "bound \"c\" takes 0 arguments, the range passes 1", 3},
        BadCase{"range_bound_other_resource",
                "resource r { release rf; }\nresource s { release sf; }\nfn c(y: borrowed s) -> u32;\n"
                "fn f(x: borrowed r, i: u32 < c(x)) -> void;\n",
                "argument 1 (\"x\") does not match parameter \"y\" of \"c\"", 4}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

TEST(LifetimeCodegen, ErrorsFromSpecsBuiltInCode) {
  // What the parser already refuses must still be refused here (a spec
  // can come from JSON or from infer).
  OwnershipSpec s = Parse("resource r { release rf; }\nfn f(x: borrowed r) -> i32;\n");
  OwnershipSpec dup = s;
  dup.functions.push_back(dup.functions[0]);
  auto g = Gen(dup);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("declared twice"));

  OwnershipSpec unknown = s;
  unknown.functions[0].params[0].resource = "nope";
  g = Gen(unknown);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()),
              AllOf(StartsWith("t.bfspec:2: gen: "), HasSubstr("unknown resource \"nope\"")));

  OwnershipSpec range = Parse("fn f(x: u8 in 0..=3) -> void;\n");
  range.functions[0].params[0].range_hi = 300;
  g = Gen(range);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("outside uint8_t"));

  OwnershipSpec wide = Parse("fn f(x: i32) -> void;\n");
  wide.functions[0].params.resize(17, wide.functions[0].params[0]);
  g = Gen(wide);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("more than 16 parameters"));

  OwnershipSpec window = Parse("resource r { release rf; }\nfn f(x: borrowed r, y: i32) -> borrowed r of x;\n");
  window.functions[0].ret.window.parent = "y";
  g = Gen(window);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("does not name a resource parameter"));

  OwnershipSpec both = Parse("resource r { release rf; }\nfn f() -> owned r;\n");
  both.resources["r"].put = "rput";
  g = Gen(both);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("both release and put"));

  OwnershipSpec many;
  many.file = "t.bfspec";
  for (int i = 0; i < 254; ++i) {
    FunctionSpec f;
    f.name = absl::StrCat("f", i);
    many.functions.push_back(f);
  }
  g = Gen(many);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("more than 253 functions"));
  many.functions.pop_back();
  EXPECT_TRUE(Gen(many).ok());
}

TEST(LifetimeCodegen, SpecIdiomsInTheTables) {
  auto g = Gen(Parse(
      "resource r { release rf; }\n"
      "fn c(x: borrowed r, k: u8) -> usize;\n"
      "fn f(x: borrowed r, k: u8, i: u16 <= c(x, k), b: buf_out, n: inout len(b) elems 2 u32 retry on -34) -> i32;\n"
      "fn g(a: buf_in len 16, b: buf_out len 8 elems 4) -> void;\n"));
  ASSERT_TRUE(g.ok()) << g.status();
  const std::string& cc = g->files.at("lifetime_fuzzer.cc");
  // `*n` is a pointer; the bound is called with the same objects and scalars.
  EXPECT_THAT(cc, HasSubstr("int32_t bf_f1(void*, uint8_t, uint16_t, void*, void*) __asm__"));
  EXPECT_THAT(cc, HasSubstr("void bf_range1_2(const bf_seq_value* a, bf_seq_result* r) {\n"
                            "  r->len = static_cast<int64_t>(bf_f0(a[0].p, static_cast<uint8_t>(a[1].u)));\n}"));
  EXPECT_THAT(cc, HasSubstr(", 0, -1, 0, 0, INT64_C(0), 0u, bf_range1_2, 1},"));
  EXPECT_THAT(cc, HasSubstr(", 0, -1, 1, 1, INT64_C(-34), 0u, nullptr, 0},"));
  EXPECT_THAT(cc, HasSubstr(", 0, -1, 0, 0, INT64_C(0), 16u, nullptr, 0},"));
  EXPECT_THAT(cc, HasSubstr(", 4u, 0, INT64_C(0), INT64_C(0), {kFile0, 4u}, 0, -1, 0, 0, INT64_C(0), 8u, nullptr, 0},"));
  // Idioms the parser never puts on these modes, from specs built in code.
  OwnershipSpec bad = Parse("fn f(x: u32, b: buf_out len 4) -> i32;\n");
  bad.functions[0].params[0].inout = true;
  auto e = Gen(bad);
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(std::string(e.status().message()), HasSubstr("\"f(x)\": inout/retry on a non-length"));
  bad = Parse("fn f(x: u32, b: buf_out len 4) -> i32;\n");
  bad.functions[0].params[0].fixed_len = 3;
  e = Gen(bad);
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(std::string(e.status().message()), HasSubstr("a fixed length on a non-buffer"));
}

TEST(LifetimeCodegen, BadOptions) {
  OwnershipSpec s = Parse(kSqliteLike);
  for (const char* bad : {"", "Upper", "a-b", "a/b", "x\"y"}) {
    LifetimeGenOptions opt;
    opt.name = bad;
    EXPECT_FALSE(GenerateLifetimeFuzzer(s, opt).ok()) << bad;
  }
  LifetimeGenOptions opt;
  opt.max_ops = 0;
  EXPECT_FALSE(GenerateLifetimeFuzzer(s, opt).ok());
  opt.max_ops = 1025;
  EXPECT_FALSE(GenerateLifetimeFuzzer(s, opt).ok());
  opt.max_ops = 1024;
  opt.max_handles = 257;
  EXPECT_FALSE(GenerateLifetimeFuzzer(s, opt).ok());
  opt.max_handles = 256;
  EXPECT_TRUE(GenerateLifetimeFuzzer(s, opt).ok());
  opt.headers = {"a\"b.h"};
  EXPECT_FALSE(GenerateLifetimeFuzzer(s, opt).ok());
  opt.headers = {};
  opt.c_sources = {"a\nb.c"};
  EXPECT_FALSE(GenerateLifetimeFuzzer(s, opt).ok());
}

TEST(LifetimeCodegen, CallbacksAndRefcountsAndForeign) {
  OwnershipSpec s = Parse(R"(resource node { get node_get; put node_put; }
resource req { rust_refcount; }
resource box { foreign; align 8; }
fn find(key: i32) -> owned node errptr_or_null;
fn req_start() -> owned req;
fn store(b: consumed box) -> i32;
fn take() -> owned box nullable;
callback cb registered_by find;
)");
  auto g = Gen(s);
  ASSERT_TRUE(g.ok()) << g.status();
  const std::string& cc = g->files.at("lifetime_fuzzer.cc");
  // Resources in name order: box (r0), node (r1), req (r2).
  EXPECT_THAT(cc, HasSubstr("{\"box\", {kFile0, 3u}, nullptr, nullptr, nullptr, -1, -1, -1, 8u, 1, 16u, 0},"));
  EXPECT_THAT(cc, HasSubstr("{\"node\", {kFile0, 1u}, nullptr, bf_r1_get, bf_r1_put, -1, 4, 5, 0u, 0, 16u, 0},"));
  EXPECT_THAT(cc, HasSubstr("{\"req\", {kFile0, 2u}, nullptr, nullptr, nullptr, -1, -1, -1, 0u, 0, 16u, 1},"));
  EXPECT_THAT(cc, HasSubstr("BF_SEQ_ERRPTR_OR_NULL"));
  ASSERT_EQ(g->notes.size(), 1u);
  EXPECT_THAT(g->notes[0].message, HasSubstr("callback without a signature"));
  EXPECT_THAT(g->notes[0].message, HasSubstr("not exercised by the sequence fuzzer"));
  EXPECT_EQ(g->notes[0].loc.line, 8u);
}

// `reset NAME;`: bound by an asm label, passed in the spec table, and
// checked by the C side as callable with no arguments.
TEST(LifetimeCodegen, ResetFunctionIsCalledThroughTheSpecTable) {
  OwnershipSpec s = Parse(std::string("reset lib_cleanup;\n") + kSqliteLike);
  LifetimeGenOptions opt;
  opt.name = "sq";
  opt.headers = {"/abs/sq.h"};
  auto g = Gen(s, opt);
  ASSERT_TRUE(g.ok()) << g.status();
  const std::string& cc = g->files.at("sq_fuzzer.cc");
  EXPECT_THAT(cc, HasSubstr("void bf_reset(void) __asm__(\"lib_cleanup\");\n"));
  EXPECT_THAT(cc, HasSubstr(", bf_reset, \"lib_cleanup\"};\n"));
  EXPECT_THAT(g->files.at("sq_c_side.c"), HasSubstr("{ (void)lib_cleanup(); }"));
  // Without it the table ends at max_handles.
  auto none = Gen(Parse(kSqliteLike), opt);
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(none->files.at("sq_fuzzer.cc"), Not(HasSubstr("bf_reset")));
  // A name that is not a C identifier (only JSON can carry one): gen error.
  s.reset = "lib cleanup";
  auto bad = Gen(s, opt);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("t.bfspec:1: gen: reset function"));
}

// A callback with a signature: the fuzzer provides a C function typed as the
// spec states, passes it and a user-data pointer to the registering call,
// and every C call is announced to bf_seq_callback.c.
TEST(LifetimeCodegen, CallbackWithASignature) {
  OwnershipSpec s = Parse(R"(resource list { release list_free; }
resource item {}
fn list_foreach(l: borrowed list, fn: callback on_item, arg: user_data on_item) -> i32;
fn list_pop(l: borrowed list) -> void;
callback on_item(it: borrowed item kept, n: u16, arg: user_data) -> bool registered_by list_foreach
    runs_during list_pop unregistered_by list_free;
)");
  LifetimeGenOptions opt;
  opt.runtime_dir = "shims/runtime";
  auto g = GenerateLifetimeFuzzer(s, opt);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_TRUE(g->notes.empty()) << g->notes[0].message;
  const std::string& cc = g->files.at("lifetime_fuzzer.cc");
  EXPECT_THAT(cc, HasSubstr("#include \"bf_seq_callback.h\""));
  EXPECT_THAT(cc, HasSubstr("{\"it\", BF_SEQ_CB_KEPT, 0, {kFile0, 5u}},"));
  EXPECT_THAT(cc, HasSubstr("{\"on_item\", {kFile0, 5u}, kCbArgs0, 3, 0, kRunsDuring0, 1, 2},"));
  EXPECT_THAT(cc, HasSubstr("__attribute__((no_sanitize(\"function\"))) bool bf_cb0(void* a0, uint16_t a1, "
                            "void* a2) {"));
  EXPECT_THAT(cc, HasSubstr("  void* const ud0 = bf_seq_cb_register(&kCallbacks[0]);\n"
                            "  r->ret.i = static_cast<int64_t>(bf_f0(a[0].p, "
                            "reinterpret_cast<void*>(&bf_cb0), ud0));\n  bf_seq_cb_leave(0);\n"));
  EXPECT_THAT(cc, HasSubstr("bf_seq_cb_enter(2, ptrs, 1);\n  bf_r1_release_c(p);"));
  EXPECT_THAT(cc, HasSubstr("BF_SEQ_P_CALLBACK"));
  EXPECT_THAT(g->files.at("build.sh"), HasSubstr("bf_seq_callback.c"));
  // The dictionary reads no byte for the callback and its user data.
  EXPECT_THAT(g->files.at("lifetime_fuzzer.dict"), HasSubstr("op3=\"\\x03\\x00\"\n"));

  // A callback the registering function does not pass, and one it passes
  // twice, are errors.
  OwnershipSpec bad = s;
  bad.functions[0].params[1].callback = "nope";
  EXPECT_THAT(GenerateLifetimeFuzzer(bad, opt).status().message(),
              HasSubstr("\"nope\" is not a callback with a signature registered by"));
  OwnershipSpec twice = s;
  twice.functions[0].params[2].mode = contract::ParamMode::kCallback;
  EXPECT_THAT(GenerateLifetimeFuzzer(twice, opt).status().message(),
              HasSubstr("must have one `callback` parameter"));
}

}  // namespace
}  // namespace bindfuzz::codegen
