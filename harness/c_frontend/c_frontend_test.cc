#include "harness/c_frontend/c_frontend.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/cflags/flag_readers.h"
#include "harness/contract/contract.h"
#include "harness/contract/contract_json.h"
#include "harness/contract/not_addressable.h"

namespace bindfuzz::cfront {
namespace {

using contract::Contract;
using contract::ConstantKind;
using contract::Record;
using contract::RecordKind;
using contract::TypeKind;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kInput = "/bindfuzz-virtual/input.h";

absl::StatusOr<Contract> Parse(const std::string& code, const std::string& target,
                               std::vector<std::string> extra = {}) {
  CFrontendOptions o;
  o.flags = {"--target=" + target, "-std=gnu11"};
  o.flags.insert(o.flags.end(), extra.begin(), extra.end());
  return ExtractCFromCode(code, o);
}

Contract MustParse(const std::string& code, const std::string& target,
                   std::vector<std::string> extra = {}) {
  auto c = Parse(code, target, std::move(extra));
  EXPECT_TRUE(c.ok()) << c.status();
  if (!c.ok()) return Contract{};
  // Every extraction must survive the JSON round trip unchanged.
  auto back = contract::FromJson(contract::ToJson(*c), "roundtrip");
  EXPECT_TRUE(back.ok()) << back.status();
  if (back.ok()) EXPECT_TRUE(*back == *c) << "JSON round trip changed the contract";
  return *std::move(c);
}

const Record& Rec(const Contract& c, const std::string& name) {
  static const Record kEmpty;
  auto it = c.records.find(name);
  EXPECT_TRUE(it != c.records.end()) << "no record " << name;
  return it == c.records.end() ? kEmpty : it->second;
}

const contract::Field& Fld(const Record& r, const std::string& name) {
  static const contract::Field kEmpty;
  const contract::Field* f = r.FindField(name);
  EXPECT_TRUE(f != nullptr) << "no field " << r.name << "." << name;
  return f ? *f : kEmpty;
}

bool HasNote(const Contract& c, const std::string& item, const std::string& text) {
  for (const auto& n : c.notes)
    if (n.item == item && n.message.find(text) != std::string::npos) return true;
  return false;
}

// ---------------------------------------------------------------- layouts per target

struct TargetCase {
  std::string triple;
  uint64_t pair_size, pair_l_off;  // struct pair { char c; long l; }
  uint64_t ll_size, ll_off;        // struct ll { char c; long long x; }
  uint32_t pointer_bits, long_bits;
  bool char_signed;
  uint32_t long_double_bits;
};

class TargetTest : public ::testing::TestWithParam<TargetCase> {};

TEST_P(TargetTest, PlainStructAndTargetInfo) {
  const TargetCase& tc = GetParam();
  Contract c = MustParse(R"(
struct pair { char c; long l; };
struct ll { char c; long long x; };
struct ld { char c; long double d; };
)", tc.triple);
  const Record& pair = Rec(c, "pair");
  EXPECT_EQ(pair.kind, RecordKind::kStruct);
  EXPECT_TRUE(pair.complete);
  EXPECT_EQ(pair.size_bytes, tc.pair_size);
  EXPECT_EQ(Fld(pair, "c").offset_bits, 0u);
  EXPECT_EQ(Fld(pair, "l").offset_bits, tc.pair_l_off * 8);
  EXPECT_EQ(Fld(pair, "l").type.kind, TypeKind::kInt);
  EXPECT_EQ(Fld(pair, "l").type.bits, tc.long_bits);
  EXPECT_TRUE(Fld(pair, "l").type.is_signed);
  EXPECT_EQ(Fld(pair, "c").type.is_signed, tc.char_signed);
  EXPECT_EQ(Fld(pair, "l").loc.line, 2u);
  EXPECT_EQ(Fld(pair, "l").loc.file, kInput);
  EXPECT_EQ(Rec(c, "ll").size_bytes, tc.ll_size);
  EXPECT_EQ(Fld(Rec(c, "ll"), "x").offset_bits, tc.ll_off * 8);
  EXPECT_EQ(Fld(Rec(c, "ld"), "d").type.kind, TypeKind::kFloat);
  EXPECT_EQ(Fld(Rec(c, "ld"), "d").type.bits, tc.long_double_bits);
  EXPECT_EQ(c.target.pointer_bits, tc.pointer_bits);
  EXPECT_EQ(c.target.long_bits, tc.long_bits);
  EXPECT_EQ(c.target.char_signed, tc.char_signed);
  EXPECT_THAT(c.target.triple, StartsWith(tc.triple.substr(0, tc.triple.find('-'))));
  EXPECT_THAT(c.provenance.tool, StartsWith("clang 19"));
  EXPECT_THAT(c.provenance.flags, ::testing::Contains("--target=" + tc.triple));
  ASSERT_EQ(c.provenance.inputs.size(), 1u);
  EXPECT_EQ(c.provenance.inputs[0], kInput);
}

TEST_P(TargetTest, AlignedU64TypedefInsideStruct) {
  const TargetCase& tc = GetParam();
  Contract c = MustParse(R"(
typedef unsigned long long u64;
typedef u64 __attribute__((aligned(4))) compat_u64;
struct plain { int a; u64 b; int c; };
struct compat { int a; compat_u64 b; int c; };
)", tc.triple);
  const Record& compat = Rec(c, "compat");
  EXPECT_EQ(Fld(compat, "b").offset_bits, 4u * 8);
  EXPECT_EQ(Fld(compat, "c").offset_bits, 12u * 8);
  EXPECT_EQ(compat.size_bytes, 16u);
  EXPECT_EQ(compat.align_bytes, 4u);
  EXPECT_EQ(Fld(compat, "b").type.kind, TypeKind::kTypedef);
  EXPECT_EQ(Fld(compat, "b").type.name, "compat_u64");
  ASSERT_TRUE(c.typedefs.count("compat_u64"));
  EXPECT_THAT(c.typedefs.at("compat_u64").target.spelling, HasSubstr("aligned(4)"));
  EXPECT_EQ(c.typedefs.at("compat_u64").align_bytes, c.target.pointer_bits == 64 ? 4u : 0u);  // i686: u64 is 4-aligned already
  EXPECT_EQ(c.typedefs.at("compat_u64").target.name, "u64");
  EXPECT_TRUE(HasNote(c, "compat_u64", "align_bytes=4 "));
  uint64_t u64_align = tc.ll_off;  // alignment of long long inside a struct
  EXPECT_EQ(Fld(Rec(c, "plain"), "b").offset_bits, u64_align * 8);
  EXPECT_EQ(Rec(c, "plain").size_bytes, u64_align == 8 ? 24u : 16u);
}

TEST_P(TargetTest, EnumsWithNegativeAndU64Values) {
  const TargetCase& tc = GetParam();
  Contract c = MustParse(R"(
enum neg { N1 = -1, N2 = -2147483647 - 1, N3 = 7 };
enum big { BIG = 0xffffffffffffffffULL, HALF = 0x8000000000000000ULL };
enum small { S0, S1 };
)", tc.triple);
  const auto& neg = c.enums.at("neg");
  EXPECT_TRUE(neg.underlying.is_signed);
  EXPECT_EQ(neg.size_bytes, 4u);
  ASSERT_EQ(neg.enumerators.size(), 3u);
  EXPECT_EQ(neg.enumerators[0].value, contract::IntValue::Of(-1));
  EXPECT_EQ(neg.enumerators[1].value, contract::IntValue::Of(-2147483648LL));
  EXPECT_EQ(neg.enumerators[2].value, contract::IntValue::Of(7));
  const auto& big = c.enums.at("big");
  EXPECT_EQ(big.size_bytes, 8u);
  EXPECT_FALSE(big.underlying.is_signed);
  EXPECT_EQ(big.underlying.bits, 64u);
  EXPECT_EQ(big.enumerators[0].value, contract::IntValue::OfUnsigned(~uint64_t{0}));
  EXPECT_EQ(big.enumerators[1].value, contract::IntValue::OfUnsigned(uint64_t{1} << 63));
  EXPECT_EQ(c.enums.at("small").size_bytes, 4u);
  EXPECT_EQ(c.enums.at("small").enumerators[1].loc.line, 4u);
}

INSTANTIATE_TEST_SUITE_P(
    Targets, TargetTest,
    ::testing::Values(
        TargetCase{"x86_64-linux-gnu", 16, 8, 16, 8, 64, 64, true, 80},
        TargetCase{"i686-linux-gnu", 8, 4, 12, 4, 32, 32, true, 80},
        TargetCase{"aarch64-linux-gnu", 16, 8, 16, 8, 64, 64, false, 128}),
    [](const auto& info) {
      std::string n = info.param.triple.substr(0, info.param.triple.find('-'));
      return n;
    });

// ---------------------------------------------------------------- records

TEST(CFrontendTest, Union) {
  Contract c = MustParse("union u { char c; int i; double d; };", "x86_64-linux-gnu");
  const Record& u = Rec(c, "u");
  EXPECT_EQ(u.kind, RecordKind::kUnion);
  EXPECT_EQ(u.size_bytes, 8u);
  EXPECT_EQ(u.align_bytes, 8u);
  for (const auto& f : u.fields) EXPECT_EQ(f.offset_bits, 0u) << f.name;
  EXPECT_EQ(u.fields.size(), 3u);
}

TEST(CFrontendTest, NestedAnonymousRecordsArePathNamed) {
  Contract c = MustParse(R"(
struct outer {
  int a;
  union { int b; float c; };
  struct { int d; } named;
  struct { int e; union { int f; long g; }; };
  struct { char h; } arr[2];
};
typedef struct { struct { int z; } in; } td_t;
)", "x86_64-linux-gnu");
  const Record& o = Rec(c, "outer");
  ASSERT_EQ(o.fields.size(), 5u);
  EXPECT_EQ(o.fields[1].name, "(anon#1)");
  EXPECT_EQ(o.fields[1].type.kind, TypeKind::kRecord);
  EXPECT_EQ(o.fields[1].type.name, "outer::(anon#1)");
  EXPECT_EQ(o.fields[2].name, "named");
  EXPECT_EQ(o.fields[2].type.name, "outer::named");
  EXPECT_EQ(o.fields[3].name, "(anon#2)");
  EXPECT_EQ(o.fields[3].offset_bits, 128u);  // a, union, named, then 8-aligned
  EXPECT_EQ(o.fields[4].type.kind, TypeKind::kArray);
  EXPECT_EQ(o.fields[4].type.inner[0].name, "outer::arr");
  EXPECT_EQ(Rec(c, "outer::(anon#1)").kind, RecordKind::kUnion);
  EXPECT_TRUE(Rec(c, "outer::(anon#1)").anonymous);
  EXPECT_EQ(Rec(c, "outer::named").size_bytes, 4u);
  const Record& inner = Rec(c, "outer::(anon#2)::(anon#1)");
  EXPECT_EQ(inner.kind, RecordKind::kUnion);
  EXPECT_EQ(inner.size_bytes, 8u);
  EXPECT_EQ(Fld(Rec(c, "outer::(anon#2)"), "(anon#1)").offset_bits, 64u);
  EXPECT_EQ(Rec(c, "outer::arr").size_bytes, 1u);
  // typedef'd anonymous record: keyed by the typedef name, not anonymous.
  EXPECT_FALSE(Rec(c, "td_t").anonymous);
  EXPECT_EQ(Fld(Rec(c, "td_t"), "in").type.name, "td_t::in");
  EXPECT_FALSE(c.typedefs.count("td_t"));
}

TEST(CFrontendTest, TopLevelAnonymousRecordKeyedByLocationWithNote) {
  Contract c = MustParse("\nstruct { int z; } gvar;\n", "x86_64-linux-gnu");
  std::string key = std::string("(anon at ") + kInput + ":2)";
  EXPECT_TRUE(Rec(c, key).anonymous);
  ASSERT_TRUE(c.variables.count("gvar"));
  EXPECT_EQ(c.variables.at("gvar").type.name, key);
  EXPECT_TRUE(HasNote(c, key, "anonymous record"));
}

TEST(CFrontendTest, NameCollisionsAndPointerTypedefsOfAnonymousRecords) {
  Contract c = MustParse(R"(
typedef struct { int a; } foo;
struct foo { long b; };
struct user { foo x; struct foo y; };
typedef struct { int h; } *handle_t;
handle_t make(void);
)", "x86_64-linux-gnu");
  const Record& u = Rec(c, "user");
  EXPECT_NE(Fld(u, "x").type.name, Fld(u, "y").type.name);
  EXPECT_EQ(Rec(c, Fld(u, "x").type.name).size_bytes, 4u);
  EXPECT_EQ(Rec(c, Fld(u, "y").type.name).size_bytes, 8u);
  // `typedef struct {...} foo;` is spelled `foo` in C; `struct foo` is a tag.
  EXPECT_TRUE(Rec(c, Fld(u, "x").type.name).typedef_named);
  EXPECT_FALSE(Rec(c, Fld(u, "y").type.name).typedef_named);
  int warned = 0;
  for (const auto& n : c.notes)
    if (n.level == contract::Note::Level::kWarning && n.message.find("'foo'") != std::string::npos)
      ++warned;
  EXPECT_EQ(warned, 1);
  // A typedef of a pointer does not name the record: keyed by location.
  std::string key = std::string("(anon at ") + kInput + ":5)";
  EXPECT_EQ(Rec(c, key).size_bytes, 4u);
  EXPECT_EQ(c.typedefs.at("handle_t").target.inner[0].name, key);
}

TEST(CFrontendTest, Bitfields) {
  Contract c = MustParse(R"(
struct bf {
  unsigned a : 3;
  unsigned b : 5;
  unsigned : 0;
  unsigned c : 7;
  int : 4;
  signed d : 4;
  unsigned long long e : 40;
};
)", "x86_64-linux-gnu");
  const Record& r = Rec(c, "bf");
  ASSERT_EQ(r.fields.size(), 5u);  // unnamed bitfields are padding, not fields
  EXPECT_TRUE(Fld(r, "a").is_bitfield);
  EXPECT_EQ(Fld(r, "a").size_bits, 3u);
  EXPECT_EQ(Fld(r, "b").offset_bits, 3u);
  EXPECT_EQ(Fld(r, "c").offset_bits, 32u);
  EXPECT_EQ(Fld(r, "d").offset_bits, 43u);
  EXPECT_TRUE(Fld(r, "d").type.is_signed);
  EXPECT_EQ(Fld(r, "e").offset_bits, 64u);
  EXPECT_EQ(Fld(r, "e").size_bits, 40u);
  EXPECT_EQ(r.size_bytes, 16u);
}

TEST(CFrontendTest, PackedAlignedAndPragmaPack) {
  Contract c = MustParse(R"(
struct __attribute__((packed)) p { char c; int i; };
struct __attribute__((aligned(16))) a16 { int x; };
struct fa { char c; int __attribute__((aligned(8))) i; };
#pragma pack(push, 2)
struct pp { char c; int i; };
#pragma pack(pop)
struct __attribute__((packed, aligned(4))) pa { char c; int i; };
)", "x86_64-linux-gnu");
  const Record& p = Rec(c, "p");
  EXPECT_TRUE(p.packed);
  EXPECT_EQ(p.size_bytes, 5u);
  EXPECT_EQ(p.align_bytes, 1u);
  EXPECT_EQ(Fld(p, "i").offset_bits, 8u);
  const Record& a = Rec(c, "a16");
  EXPECT_EQ(a.explicit_align, 16u);
  EXPECT_EQ(a.align_bytes, 16u);
  EXPECT_EQ(a.size_bytes, 16u);
  EXPECT_FALSE(a.packed);
  EXPECT_EQ(Fld(Rec(c, "fa"), "i").offset_bits, 64u);
  EXPECT_EQ(Rec(c, "fa").size_bytes, 16u);
  const Record& pp = Rec(c, "pp");
  EXPECT_EQ(pp.pack_bytes, 2u);
  EXPECT_EQ(Fld(pp, "i").offset_bits, 16u);
  EXPECT_EQ(pp.size_bytes, 6u);
  const Record& pa = Rec(c, "pa");
  EXPECT_TRUE(pa.packed);
  EXPECT_EQ(pa.explicit_align, 4u);
  EXPECT_EQ(pa.size_bytes, 8u);
  EXPECT_EQ(Fld(pa, "i").offset_bits, 8u);
}

TEST(CFrontendTest, FlexibleArrayAndIncompleteRecords) {
  Contract c = MustParse(R"(
struct opaque;
struct flex { int n; short tail[]; };
struct zero { int n; char z[0]; };
struct user { struct opaque *o; struct flex *f; };
)", "x86_64-linux-gnu");
  const Record& f = Rec(c, "flex");
  EXPECT_TRUE(f.has_flexible_array);
  EXPECT_EQ(f.size_bytes, 4u);
  const auto& tail = Fld(f, "tail");
  EXPECT_EQ(tail.type.kind, TypeKind::kArray);
  EXPECT_TRUE(tail.type.flexible);
  EXPECT_EQ(tail.size_bits, 0u);
  EXPECT_EQ(tail.offset_bits, 32u);
  EXPECT_EQ(tail.type.inner[0].bits, 16u);
  EXPECT_FALSE(Rec(c, "zero").has_flexible_array);
  EXPECT_EQ(Fld(Rec(c, "zero"), "z").type.count, 0u);
  EXPECT_FALSE(Fld(Rec(c, "zero"), "z").type.flexible);
  EXPECT_FALSE(Rec(c, "opaque").complete);
  EXPECT_EQ(Rec(c, "opaque").size_bytes, 0u);
}

TEST(CFrontendTest, TypedefChainsAndBuiltins) {
  Contract c = MustParse(R"(
typedef unsigned int u32;
typedef u32 myu32;
typedef const myu32 cu32;
typedef _Bool flag_t;
struct t { myu32 x; cu32 y; flag_t f; __int128 w; unsigned __int128 uw; long double ld;
           const char *s; char buf[2][3]; };
)", "x86_64-linux-gnu");
  const Record& t = Rec(c, "t");
  EXPECT_EQ(Fld(t, "x").type.kind, TypeKind::kTypedef);
  EXPECT_EQ(Fld(t, "x").type.name, "myu32");
  EXPECT_EQ(c.typedefs.at("myu32").target.name, "u32");
  const auto& resolved = contract::ResolveTypedefs(c, Fld(t, "x").type);
  EXPECT_EQ(resolved.kind, TypeKind::kInt);
  EXPECT_EQ(resolved.bits, 32u);
  EXPECT_FALSE(resolved.is_signed);
  EXPECT_TRUE(c.typedefs.at("cu32").target.is_const);
  EXPECT_EQ(contract::ResolveTypedefs(c, Fld(t, "f").type).kind, TypeKind::kBool);
  EXPECT_EQ(Fld(t, "w").type.bits, 128u);
  EXPECT_TRUE(Fld(t, "w").type.is_signed);
  EXPECT_FALSE(Fld(t, "uw").type.is_signed);
  EXPECT_EQ(Fld(t, "w").offset_bits, 128u);
  EXPECT_EQ(Fld(t, "ld").type.kind, TypeKind::kFloat);
  EXPECT_EQ(Fld(t, "ld").type.bits, 80u);
  EXPECT_EQ(Fld(t, "s").type.kind, TypeKind::kPointer);
  EXPECT_TRUE(Fld(t, "s").type.inner[0].is_const);
  EXPECT_FALSE(Fld(t, "s").type.is_const);
  const auto& buf = Fld(t, "buf").type;
  EXPECT_EQ(buf.count, 2u);
  EXPECT_EQ(buf.inner[0].count, 3u);
}

// ---------------------------------------------------------------- functions, variables

TEST(CFrontendTest, FunctionsWithFnPointersVariadicStaticInline) {
  Contract c = MustParse(R"(
struct dev;
typedef int (*cmp_fn)(const void *, const void *);
int reg(void (*cb)(int code, struct dev *d), cmp_fn cmp, int arr[4]);
int logf_(const char *fmt, ...);
static inline int helper(int x) { return x + 1; }
static int priv(void);
_Noreturn void die(void);
void halt(void) __attribute__((noreturn));
int unproto();
extern inline __attribute__((gnu_inline)) int gnu_extern_inline(void) { return 1; }
inline __attribute__((gnu_inline)) int gnu_plain_inline(void) { return 1; }
inline int c99_inline(void) { return 1; }
inline int c99_with_extern(void) { return 1; }
extern int c99_with_extern(void);
int renamed(void) __asm__("real_symbol");
)", "x86_64-linux-gnu");
  EXPECT_FALSE(c.functions.at("gnu_extern_inline").has_symbol);
  EXPECT_TRUE(c.functions.at("gnu_plain_inline").has_symbol);
  EXPECT_FALSE(c.functions.at("c99_inline").has_symbol);
  EXPECT_TRUE(c.functions.at("c99_with_extern").has_symbol);
  EXPECT_EQ(c.functions.at("renamed").asm_label, "real_symbol");
  EXPECT_EQ(c.functions.at("renamed").Symbol(), "real_symbol");
  EXPECT_EQ(c.functions.at("halt").asm_label, "");
  const auto& reg = c.functions.at("reg");
  EXPECT_TRUE(reg.has_symbol);
  EXPECT_FALSE(reg.variadic);
  ASSERT_EQ(reg.params.size(), 3u);
  EXPECT_EQ(reg.params[0].name, "cb");
  const auto& cb = reg.params[0].type;
  ASSERT_EQ(cb.kind, TypeKind::kPointer);
  EXPECT_TRUE(cb.nullable);
  const auto& fn = cb.inner[0];
  ASSERT_EQ(fn.kind, TypeKind::kFunction);
  ASSERT_EQ(fn.inner.size(), 3u);
  EXPECT_EQ(fn.inner[0].kind, TypeKind::kVoid);
  EXPECT_EQ(fn.inner[2].kind, TypeKind::kPointer);
  EXPECT_EQ(fn.inner[2].inner[0].name, "dev");
  EXPECT_EQ(reg.params[1].type.kind, TypeKind::kTypedef);
  const auto& cmp = c.typedefs.at("cmp_fn").target;
  ASSERT_EQ(cmp.kind, TypeKind::kPointer);
  EXPECT_EQ(cmp.inner[0].inner.size(), 3u);
  EXPECT_TRUE(cmp.inner[0].inner[1].inner[0].is_const);
  EXPECT_EQ(reg.params[2].type.kind, TypeKind::kPointer);  // array parameter decays
  EXPECT_FALSE(Rec(c, "dev").complete);
  EXPECT_TRUE(c.functions.at("logf_").variadic);
  EXPECT_FALSE(c.functions.at("helper").has_symbol);
  EXPECT_FALSE(c.functions.at("priv").has_symbol);
  EXPECT_TRUE(c.functions.at("die").no_return);
  EXPECT_TRUE(c.functions.at("halt").no_return);
  EXPECT_FALSE(c.functions.at("reg").no_return);
  EXPECT_EQ(c.functions.at("helper").loc.line, 6u);
  EXPECT_TRUE(c.functions.at("unproto").params.empty());
}

// A function whose name the headers also #define (the kernel's fortified
// memcpy) or a builtin with no library function cannot be named as a
// function after the headers: a note says so; a plain function has none.
TEST(CFrontendTest, FunctionsShadowedByMacrosOrBuiltinsAreNoted) {
  Contract c = MustParse(R"(
    void *my_copy(void *d, const void *s, unsigned long n);
    #define my_copy(d, s, n) __builtin_memcpy(d, s, n)
    int my_flag(void);
    #define my_flag 1
    int plain(int);
    int __builtin_popcount(unsigned int);
  )", "x86_64-linux-gnu");
  EXPECT_EQ(contract::NotAddressableReason(c, "my_copy"), contract::kFunctionLikeMacro);
  EXPECT_EQ(contract::NotAddressableReason(c, "my_flag"), contract::kObjectLikeMacro);
  EXPECT_EQ(contract::NotAddressableReason(c, "plain"), "");
  if (c.functions.count("__builtin_popcount"))
    EXPECT_EQ(contract::NotAddressableReason(c, "__builtin_popcount"), contract::kBuiltin);
}

TEST(CFrontendTest, CallingConventionsOnI686) {
  Contract c = MustParse(R"(
void __attribute__((stdcall)) s(int);
void __attribute__((fastcall)) f(int);
void __attribute__((regparm(3))) r(int);
void plain(int);
)", "i686-linux-gnu");
  EXPECT_EQ(c.functions.at("s").calling_conv, "stdcall");
  EXPECT_EQ(c.functions.at("f").calling_conv, "fastcall");
  EXPECT_EQ(c.functions.at("r").calling_conv, "regparm(3)");
  EXPECT_EQ(c.functions.at("plain").calling_conv, "");
}

TEST(CFrontendTest, GlobalVariablesAndConstVars) {
  Contract c = MustParse(R"(
typedef unsigned int gfp_t;
extern int counter;
extern const char *const names[];
const gfp_t HELPER_GFP = 0x400u | 0x800u;
static int hidden;
)", "x86_64-linux-gnu");
  EXPECT_EQ(c.variables.at("counter").type.bits, 32u);
  EXPECT_TRUE(c.variables.at("names").is_const);
  EXPECT_TRUE(c.variables.at("names").type.flexible);
  ASSERT_TRUE(c.constants.count("HELPER_GFP"));
  EXPECT_EQ(c.constants.at("HELPER_GFP").int_value, contract::IntValue::Of(0xc00));
  EXPECT_EQ(c.constants.at("HELPER_GFP").type.name, "gfp_t");
  EXPECT_TRUE(c.variables.count("HELPER_GFP"));
  EXPECT_FALSE(c.variables.count("hidden"));
}

// ---------------------------------------------------------------- macros

TEST(CFrontendTest, Macros) {
  Contract c = MustParse(R"(
typedef unsigned char u8;
enum color { RED = 3 };
struct s { int a[10]; };
#define INT_C 42
#define NEG_C (-5)
#define SHIFTED (1UL << 40)
#define CHAINED (SHIFTED | INT_C)
#define TYPED ((u8)0x1ff)
#define FROM_ENUM RED
#define SIZEOF_S sizeof(struct s)
#define STR_C "hello" " world"
#define FLT_C 1.5
#define U64MAX 0xffffffffffffffffULL
#define S64MIN (-9223372036854775807LL - 1)
#define CALL foo(1)
#define TYPE_MACRO unsigned int
#define UNBALANCED (1
#define LBRACE {
#define SEMI ;
#define COMMA 1, 2
#define EMPTY
#define FUNC_LIKE(x) (x)
#define AFTER 7
int foo(int);
)", "x86_64-linux-gnu");
  auto iv = [&](const std::string& n) {
    EXPECT_TRUE(c.constants.count(n)) << n;
    return c.constants.count(n) ? c.constants.at(n).int_value : contract::IntValue{};
  };
  EXPECT_EQ(iv("INT_C"), contract::IntValue::Of(42));
  EXPECT_EQ(iv("NEG_C"), contract::IntValue::Of(-5));
  EXPECT_EQ(iv("SHIFTED"), contract::IntValue::OfUnsigned(uint64_t{1} << 40));
  EXPECT_EQ(c.constants.at("SHIFTED").type.bits, 64u);
  EXPECT_FALSE(c.constants.at("SHIFTED").type.is_signed);
  EXPECT_EQ(iv("CHAINED"), contract::IntValue::OfUnsigned((uint64_t{1} << 40) | 42));
  EXPECT_EQ(iv("TYPED"), contract::IntValue::Of(0xff));
  EXPECT_EQ(c.constants.at("TYPED").type.name, "u8");
  EXPECT_EQ(iv("FROM_ENUM"), contract::IntValue::Of(3));
  EXPECT_EQ(iv("SIZEOF_S"), contract::IntValue::Of(40));
  EXPECT_EQ(iv("U64MAX"), contract::IntValue::OfUnsigned(~uint64_t{0}));
  EXPECT_EQ(iv("S64MIN"), (contract::IntValue{uint64_t{1} << 63, true}));
  EXPECT_EQ(iv("AFTER"), contract::IntValue::Of(7));
  ASSERT_TRUE(c.constants.count("STR_C"));
  EXPECT_EQ(c.constants.at("STR_C").kind, ConstantKind::kString);
  EXPECT_EQ(c.constants.at("STR_C").string_value, "hello world");
  ASSERT_TRUE(c.constants.count("FLT_C"));
  EXPECT_EQ(c.constants.at("FLT_C").kind, ConstantKind::kFloat);
  EXPECT_EQ(c.constants.at("FLT_C").float_value, 1.5);
  EXPECT_EQ(c.constants.at("INT_C").loc.line, 5u);
  EXPECT_EQ(c.constants.at("INT_C").loc.file, kInput);
  for (const char* skipped : {"CALL", "TYPE_MACRO", "UNBALANCED", "LBRACE", "SEMI", "COMMA",
                              "EMPTY", "FUNC_LIKE"})
    EXPECT_FALSE(c.constants.count(skipped)) << skipped;
  // 18 object-like macros with a body (EMPTY has none); 12 evaluate.
  EXPECT_TRUE(HasNote(c, "", "18 object-like macros considered, 12 evaluated"));
}

TEST(CFrontendTest, MacrosCanBeTurnedOff) {
  CFrontendOptions o;
  o.flags = {"--target=x86_64-linux-gnu"};
  o.evaluate_macros = false;
  auto c = ExtractCFromCode("#define A 1\nstruct s { int x; };\n", o);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->constants.empty());
  EXPECT_TRUE(c->records.count("s"));
}

TEST(CFrontendTest, HostileMacroNamesDoNotBreakEvaluation) {
  // Redefining the keywords the evaluation buffer uses must not change values.
  Contract c = MustParse(R"(
#define __auto_type int
#define static
#define __bindfuzz_macro_eval_0 hijacked
#define __bindfuzz_macro_eval_1 __bindfuzz_macro_eval_2
#define A_FIRST 1
#define B_SECOND 2
#define C_THIRD 3
#define X 0x100000000ULL
#define STRINGIFY(...) #__VA_ARGS__
#define ASM_BYTES(x) STRINGIFY(.byte x ;)
#define ASM_LIKE ASM_BYTES(0x90)
)", "x86_64-linux-gnu");
  EXPECT_EQ(c.constants.at("A_FIRST").int_value, contract::IntValue::Of(1));
  EXPECT_EQ(c.constants.at("B_SECOND").int_value, contract::IntValue::Of(2));
  EXPECT_EQ(c.constants.at("C_THIRD").int_value, contract::IntValue::Of(3));
  ASSERT_TRUE(c.constants.count("ASM_LIKE"));
  EXPECT_EQ(c.constants.at("ASM_LIKE").string_value, ".byte 0x90 ;");
  ASSERT_TRUE(c.constants.count("X"));
  EXPECT_EQ(c.constants.at("X").int_value, contract::IntValue::OfUnsigned(0x100000000ULL));
  EXPECT_EQ(c.constants.at("X").type.bits, 64u);
}

// ---------------------------------------------------------------- flags

TEST(CFrontendTest, UnsignedCharFlag) {
  Contract def = MustParse("struct s { char c; };", "x86_64-linux-gnu");
  EXPECT_TRUE(Fld(Rec(def, "s"), "c").type.is_signed);
  EXPECT_TRUE(def.target.char_signed);
  Contract u = MustParse("struct s { char c; };", "x86_64-linux-gnu", {"-funsigned-char"});
  EXPECT_FALSE(Fld(Rec(u, "s"), "c").type.is_signed);
  EXPECT_FALSE(u.target.char_signed);
}

TEST(CFrontendTest, ShortEnumsFlag) {
  Contract c = MustParse("enum e { A, B };", "x86_64-linux-gnu", {"-fshort-enums"});
  EXPECT_EQ(c.enums.at("e").size_bytes, 1u);
}

TEST(CFrontendTest, DefinesAndIncludePathsFromFlags) {
  CFrontendOptions o;
  o.flags = {"--target=x86_64-linux-gnu", "-DWIDTH=3", "-I/vinc", "-include", "/vinc/pre.h"};
  auto c = ExtractCFromCode("#include <dep.h>\nstruct s { dep_t d[WIDTH]; pre_t p; };\n", o,
                            kInput,
                            {{"/vinc/dep.h", "typedef long dep_t;\n"},
                             {"/vinc/pre.h", "typedef short pre_t;\n"}});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->records.at("s").size_bytes, 32u);
  EXPECT_EQ(c->typedefs.at("dep_t").loc.file, "/vinc/dep.h");
}

TEST(CFrontendTest, IncludePrefixesKeepDependencies) {
  CFrontendOptions o;
  o.flags = {"--target=x86_64-linux-gnu", "-I/v"};
  o.include_prefixes = {"/v/a"};
  o.headers = {"/v/a/top.h"};
  auto c = ExtractC(o, {{"/v/a/top.h", "#include <b/lib.h>\nstruct top { struct used u; };\n"
                                       "#define TOP_C 1\n"},
                        {"/v/b/lib.h", "struct used { int x; };\nstruct unused { int y; };\n"
                                       "void lib_fn(void);\n#define LIB_C 2\n"}});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->records.count("top"));
  EXPECT_TRUE(c->records.count("used"));  // dependency
  EXPECT_FALSE(c->records.count("unused"));
  EXPECT_FALSE(c->functions.count("lib_fn"));
  EXPECT_TRUE(c->constants.count("TOP_C"));
  EXPECT_FALSE(c->constants.count("LIB_C"));
  // A prefix is a path prefix by components: /v/a does not cover /v/ab.
  o.include_prefixes = {"/v/b/lib"};
  auto d = ExtractC(o, {{"/v/a/top.h", "#include <b/lib.h>\n"},
                        {"/v/b/lib.h", "struct used { int x; };\n"}});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_FALSE(d->records.count("used"));
}

TEST(CFrontendTest, HostileFlagsAreDroppedNotExecuted) {
  std::string dir = ::testing::TempDir() + "/cfront_hostile_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::vector<std::string> hostile = {
      "-o", dir + "/out.o", "-MD", "-MF", dir + "/dep.d", "-Wp,-MMD," + dir + "/wp.d",
      "-fplugin=" + dir + "/evil.so", "-Xclang", "-load", "-Xclang", dir + "/evil2.so",
      "-mllvm", "-debug", "@" + dir + "/resp", "-ftime-trace=" + dir + "/trace.json",
      "--serialize-diagnostics", dir + "/diag.dia", "-save-temps", "-cc1", "-###",
      "-Werror", "-working-directory", "/", "--config=" + dir + "/cfg", "-E"};
  CFrontendOptions o;
  o.flags = {"--target=x86_64-linux-gnu"};
  o.flags.insert(o.flags.end(), hostile.begin(), hostile.end());
  auto c = ExtractCFromCode("struct s { int x; };", o);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->records.count("s"));
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "a flag wrote into " << dir;
  bool noted = false;
  for (const auto& n : c->notes)
    if (n.message.find("-fplugin=") != std::string::npos &&
        n.message.find("-Xclang") != std::string::npos)
      noted = true;
  EXPECT_TRUE(noted);
  for (const auto& f : c->provenance.flags) {
    EXPECT_THAT(f, ::testing::Not(HasSubstr("evil")));
    EXPECT_NE(f, "-cc1");
  }
  std::filesystem::remove_all(dir);
}

TEST(CFrontendTest, KbuildCmdWithRelativeWorkingDirectoryParses) {
  // The flags from a .cmd file, applied with the derived directory, find
  // relative include paths.
  namespace fs = std::filesystem;
  const std::string d =
      fs::path(::testing::TempDir() + "/cfront_kbuild_" + std::to_string(getpid()))
          .lexically_normal()
          .string();
  auto write = [&](const std::string& rel, const std::string& text) {
    const std::string p = d + "/" + rel;
    fs::create_directories(fs::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  };
  write("objtree/include/dep.h", "typedef int dep_t;\n");
  std::string hdr = write("objtree/lib/x.h", "#include <dep.h>\nstruct x { dep_t a; };\n");
  std::string cmd = write("objtree/lib/.x.o.cmd",
                          "savedcmd_lib/x.o := gcc -I./include -c -o lib/x.o lib/x.c\n");
  std::string dir;
  auto f = cflags::FlagsFromKbuildCmdFile(cmd, &dir);
  ASSERT_TRUE(f.ok()) << f.status();
  CFrontendOptions o;
  o.headers = {"lib/x.h"};
  o.flags = *f;
  o.flags.push_back("--target=x86_64-linux-gnu");
  o.working_directory = dir;
  auto c = ExtractC(o);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->records.at("x").size_bytes, 4u);
  EXPECT_EQ(c->provenance.inputs[0], hdr);
  fs::remove_all(d);
}

// ---------------------------------------------------------------- errors

TEST(CFrontendTest, MissingIncludeNamesFileAndLine) {
  auto c = Parse("struct a { int x; };\n\n#include \"nope.h\"\n", "x86_64-linux-gnu");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), StartsWith(std::string(kInput) + ":3:10: error: "));
  EXPECT_THAT(c.status().message(), HasSubstr("'nope.h' file not found"));
}

TEST(CFrontendTest, SyntaxErrorNamesFileAndLine) {
  auto c = Parse("struct a { int x; };\nstruct b { undeclared_t y; };\nint z = ;\n",
                 "x86_64-linux-gnu");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), StartsWith(std::string(kInput) + ":2:"));
  EXPECT_THAT(c.status().message(), HasSubstr(std::string(kInput) + ":3:"));
}

TEST(CFrontendTest, MissingTopLevelHeader) {
  CFrontendOptions o;
  o.headers = {"/definitely/not/here.h"};
  auto c = ExtractC(o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("/definitely/not/here.h"));
}

TEST(CFrontendTest, BadFlagsAreAnError) {
  auto c = Parse("struct s { int x; };", "x86_64-linux-gnu", {"-std=c99999"});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("error: "));
  EXPECT_THAT(c.status().message(), HasSubstr("c99999"));
  auto t = Parse("struct s { int x; };", "foo-linux-gnu");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("<command line>: error: unknown target triple"));
  auto u = Parse("struct s { int x; };", "x86_64-linux-gnu", {"-mno-such-option"});
  ASSERT_FALSE(u.ok());
  EXPECT_THAT(u.status().message(), HasSubstr("unknown argument: '-mno-such-option'"));
}

TEST(CFrontendTest, HeaderPathWithQuoteIsRejected) {
  CFrontendOptions o;
  o.headers = {"/tmp/a\"b.h"};
  auto c = ExtractC(o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CFrontendTest, DeeplyNestedTypesAreBounded) {
  std::string stars(200, '*');
  Contract c = MustParse("struct s { int " + stars + "p; };", "x86_64-linux-gnu");
  const auto& f = Fld(Rec(c, "s"), "p");
  EXPECT_EQ(f.size_bits, 64u);
  const contract::Type* t = &f.type;
  int depth = 0;
  while (!t->inner.empty()) t = &t->inner[0], ++depth;
  EXPECT_EQ(t->kind, TypeKind::kUnknown);
  EXPECT_LE(depth, 60);
  EXPECT_TRUE(HasNote(c, "", "nests deeper"));
}

TEST(CFrontendTest, GarbageInputIsAnErrorNotACrash) {
  std::string junk;
  for (int i = 0; i < 2000; ++i) junk += static_cast<char>((i * 7919) % 251 + 1);
  auto c = Parse(junk, "x86_64-linux-gnu");
  EXPECT_FALSE(c.ok());
  auto deep = Parse(std::string(5000, '(') + "1" + std::string(5000, ')'), "x86_64-linux-gnu");
  EXPECT_FALSE(deep.ok());
}

// ---------------------------------------------------------------- preprocessor conditions

std::vector<std::string> Macros(const std::vector<contract::PpCondition>& conds) {
  std::vector<std::string> out;
  for (const auto& c : conds) out.insert(out.end(), c.macros.begin(), c.macros.end());
  return out;
}

TEST(CFrontendTest, ConditionsOfDefinitionsAreTheTakenBranchesAroundThem) {
  Contract c = MustParse(R"(
#define CONFIG_A 1
#define CONFIG_C 1
#ifdef CONFIG_A
struct in_a { int x; };
typedef int a_int;
#define A_CONST 3
#endif
#ifdef CONFIG_B
struct in_b { int x; };
#elif defined(CONFIG_C) /* a comment */ && \
      !defined(MODULE)
struct in_elif { int x; };
#else
struct in_else { int x; };
#endif
#if IS_ENABLED_LIKE
#else
enum e_else { E0, E1 };
#endif
struct plain { int y; };
int f_in_a(void);
)", "x86_64-linux-gnu");
  EXPECT_TRUE(c.records.count("in_a"));
  EXPECT_FALSE(c.records.count("in_b"));
  const Record& a = Rec(c, "in_a");
  ASSERT_EQ(a.conditions.size(), 1u);
  EXPECT_EQ(a.conditions[0].directive, "ifdef");
  EXPECT_EQ(a.conditions[0].condition, "CONFIG_A");
  EXPECT_EQ(a.conditions[0].macros, std::vector<std::string>{"CONFIG_A"});
  EXPECT_EQ(a.conditions[0].loc.line, 4u);
  ASSERT_TRUE(c.typedefs.count("a_int"));
  EXPECT_EQ(Macros(c.typedefs.at("a_int").conditions), std::vector<std::string>{"CONFIG_A"});
  ASSERT_TRUE(c.constants.count("A_CONST"));
  EXPECT_EQ(Macros(c.constants.at("A_CONST").conditions), std::vector<std::string>{"CONFIG_A"});
  // An #elif is taken because the branches before it were not: their macros count too.
  const Record& el = Rec(c, "in_elif");
  ASSERT_EQ(el.conditions.size(), 1u);
  EXPECT_EQ(el.conditions[0].directive, "elif");
  EXPECT_EQ(el.conditions[0].condition, "defined(CONFIG_C) && !defined(MODULE)");
  EXPECT_EQ(el.conditions[0].macros, (std::vector<std::string>{"CONFIG_B", "CONFIG_C", "MODULE"}));
  ASSERT_TRUE(c.enums.count("e_else"));
  ASSERT_EQ(c.enums.at("e_else").conditions.size(), 1u);
  EXPECT_EQ(c.enums.at("e_else").conditions[0].directive, "else");
  EXPECT_EQ(c.enums.at("e_else").conditions[0].macros, std::vector<std::string>{"IS_ENABLED_LIKE"});
  EXPECT_TRUE(Rec(c, "plain").conditions.empty());
  ASSERT_TRUE(c.functions.count("f_in_a"));
  EXPECT_TRUE(c.functions.at("f_in_a").conditions.empty());
}

TEST(CFrontendTest, MemberConditionsAreRelativeToTheirDefinition) {
  Contract c = MustParse(R"(
#define CONFIG_OUTER 1
#define CONFIG_FIELD 1
#define CONFIG_NR 3
#define IS_ENABLED(option) (option + 0)
#if defined(CONFIG_OUTER)
struct s {
  int always;
#if IS_ENABLED(CONFIG_FIELD) && CONFIG_NR > 2
  int sometimes;
#endif
};
enum e {
  E_ALWAYS,
#ifdef CONFIG_FIELD
  E_SOMETIMES,
#endif
};
#endif
)", "x86_64-linux-gnu");
  const Record& s = Rec(c, "s");
  EXPECT_EQ(Macros(s.conditions), std::vector<std::string>{"CONFIG_OUTER"});
  EXPECT_TRUE(Fld(s, "always").conditions.empty());
  // IS_ENABLED(...) is a call, not a macro the branch tests; CONFIG_FIELD inside it is.
  EXPECT_EQ(Macros(Fld(s, "sometimes").conditions), (std::vector<std::string>{"CONFIG_FIELD", "CONFIG_NR"}));
  ASSERT_TRUE(c.enums.count("e"));
  const contract::Enum& e = c.enums.at("e");
  ASSERT_EQ(e.enumerators.size(), 2u);
  EXPECT_TRUE(e.enumerators[0].conditions.empty());
  EXPECT_EQ(Macros(e.enumerators[1].conditions), std::vector<std::string>{"CONFIG_FIELD"});
}

TEST(CFrontendTest, IncludeGuardsAreNoConditions) {
  Contract c = MustParse(R"(
#ifndef INPUT_GUARD_H
#define INPUT_GUARD_H
struct guarded { int x; };
#endif
)", "x86_64-linux-gnu");
  // The main file's guard may or may not be detected as one; a header's is
  // (kernel headers): whatever is kept must be the guard's own branch.
  for (const auto& cond : Rec(c, "guarded").conditions) EXPECT_EQ(cond.condition, "INPUT_GUARD_H");
}

}  // namespace
}  // namespace bindfuzz::cfront

namespace bindfuzz::cfront {
namespace {

TEST(CFrontend, AsmLabelsAreTheSymbolAsTheObjectFileSpellsIt) {
  Contract c = MustParse(R"(
extern int scanf(const char *__restrict __format, ...) __asm__("" "__isoc99_scanf");
int same(void) __asm__("same");
)", "x86_64-linux-gnu");
  EXPECT_EQ(c.functions.at("scanf").asm_label, "__isoc99_scanf");
  // A label equal to the name changes nothing on ELF.
  EXPECT_EQ(c.functions.at("same").asm_label, "");
  // Darwin prefixes plain names with `_`, never a label: the label stays.
  Contract d = MustParse("int same(void) __asm__(\"same\");\n", "x86_64-apple-macosx14.0");
  EXPECT_EQ(d.functions.at("same").asm_label, "same");
}

TEST(CFrontend, TransparentUnionsAreMarked) {
  Contract c = MustParse(R"(
struct sockaddr { unsigned short sa_family; };
typedef union { struct sockaddr *__sockaddr__; void *__raw__; } __SOCKADDR_ARG __attribute__((__transparent_union__));
union tagged { int *ip; long *lp; } __attribute__((transparent_union));
union plain { int *ip; long *lp; };
int acc(int fd, __SOCKADDR_ARG addr);
int f(union tagged t, union plain p);
)", "x86_64-linux-gnu");
  EXPECT_TRUE(Rec(c, "__SOCKADDR_ARG").transparent_union);
  EXPECT_TRUE(Rec(c, "tagged").transparent_union);
  EXPECT_FALSE(Rec(c, "plain").transparent_union);
}

}  // namespace
}  // namespace bindfuzz::cfront
