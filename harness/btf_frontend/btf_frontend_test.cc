// Unit tests: BTF blobs built in memory with libbpf's writer API, written as
// raw BTF (or wrapped in a minimal ELF) and extracted.
#include "harness/btf_frontend/btf_frontend.h"

#include <bpf/btf.h>
#include <elf.h>
#include <linux/btf.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/contract/contract_json.h"
#include "harness/testing/status_matchers.h"

namespace bindfuzz {
namespace {

using contract::Contract;
using contract::Field;
using contract::IntValue;
using contract::Record;
using contract::Type;
using contract::TypeKind;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::string TempPath(const std::string& name) { return testing::TempDir() + "btf_fe_" + name; }

void WriteBytes(const std::string& path, const void* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
}

std::string RawBytes(const struct btf* b) {
  uint32_t size = 0;
  const void* data = btf__raw_data(b, &size);
  return std::string(static_cast<const char*>(data), size);
}

// Owns a writable BTF; ids are checked as they are added.
class Builder {
 public:
  explicit Builder(struct btf* base = nullptr)
      : btf_(base ? btf__new_empty_split(base) : btf__new_empty()) {}
  ~Builder() { btf__free(btf_); }
  struct btf* get() { return btf_; }

  int Check(int id) {
    EXPECT_GT(id, 0) << "libbpf writer failed";
    return id;
  }
  int Int(const char* name, int size, int enc) { return Check(btf__add_int(btf_, name, size, enc)); }
  int Struct(const char* name, int size) { return Check(btf__add_struct(btf_, name, size)); }
  int Union(const char* name, int size) { return Check(btf__add_union(btf_, name, size)); }
  void Field(const char* name, int type, int bit_off, int bit_size = 0) {
    ASSERT_EQ(btf__add_field(btf_, name, type, bit_off, bit_size), 0) << (name ? name : "<anon>");
  }
  int Ptr(int type) { return Check(btf__add_ptr(btf_, type)); }
  int Array(int elem, int n) { return Check(btf__add_array(btf_, IntIndex(), elem, n)); }
  int Typedef(const char* name, int type) { return Check(btf__add_typedef(btf_, name, type)); }
  int Const(int type) { return Check(btf__add_const(btf_, type)); }

  std::string Write(const std::string& name) {
    std::string path = TempPath(name);
    std::string raw = RawBytes(btf_);
    WriteBytes(path, raw.data(), raw.size());
    return path;
  }

 private:
  int IntIndex() {
    if (index_type_ == 0) index_type_ = Int("__ARRAY_SIZE_TYPE__", 4, 0);
    return index_type_;
  }
  struct btf* btf_;
  int index_type_ = 0;
};

Contract ExtractOk(const std::string& path, const BtfFrontendOptions& opts = {}) {
  absl::StatusOr<Contract> c = ExtractBtf(path, opts);
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? *std::move(c) : Contract{};
}

const Field& F(const Record& r, const std::string& name) {
  const Field* f = r.FindField(name);
  static const Field kMissing;
  EXPECT_NE(f, nullptr) << r.name << " has no field " << name;
  return f ? *f : kMissing;
}

bool HasNote(const Contract& c, const std::string& needle) {
  for (const auto& n : c.notes)
    if (n.message.find(needle) != std::string::npos) return true;
  return false;
}

TEST(BtfFrontend, StructUnionBitfieldsAndScalars) {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  int u32 = b.Int("unsigned int", 4, 0);
  int ch = b.Int("char", 1, BTF_INT_CHAR);
  int sch = b.Int("signed char", 1, BTF_INT_SIGNED | BTF_INT_CHAR);
  int i64 = b.Int("long int", 8, BTF_INT_SIGNED);
  int bl = b.Int("_Bool", 1, BTF_INT_BOOL);
  int f64 = b.Check(btf__add_float(b.get(), "double", 8));
  int un = b.Union("u", 8);
  b.Field("x", i32, 0);
  b.Field("y", i64, 0);
  int cptr = b.Ptr(b.Const(ch));
  // struct s { int a; unsigned b:3, c:5; char d; signed char e; _Bool f;
  //            long g; union u h; double k; const char *p; };
  b.Struct("s", 48);
  b.Field("a", i32, 0);
  b.Field("b", u32, 32, 3);
  b.Field("c", u32, 35, 5);
  b.Field("d", ch, 40);
  b.Field("e", sch, 48);
  b.Field("f", bl, 56);
  b.Field("g", i64, 64);
  b.Field("h", un, 128);
  b.Field("k", f64, 192);
  b.Field("p", cptr, 256);
  // pad the struct to 48 with a trailing long
  b.Field("q", i64, 320);
  Contract c = ExtractOk(b.Write("scalars.btf"));

  EXPECT_EQ(c.side, contract::Side::kBtf);
  EXPECT_FALSE(c.target.char_signed);
  EXPECT_EQ(c.target.long_bits, 64u);
  ASSERT_TRUE(c.records.count("s"));
  const Record& s = c.records.at("s");
  EXPECT_EQ(s.kind, contract::RecordKind::kStruct);
  EXPECT_EQ(s.size_bytes, 48u);
  EXPECT_EQ(s.align_bytes, 8u);
  EXPECT_FALSE(s.packed);
  ASSERT_EQ(s.fields.size(), 11u);
  EXPECT_EQ(F(s, "a").type, Type::Int(32, true, "int"));
  EXPECT_EQ(F(s, "a").size_bits, 32u);
  EXPECT_TRUE(F(s, "b").is_bitfield);
  EXPECT_EQ(F(s, "b").offset_bits, 32u);
  EXPECT_EQ(F(s, "b").size_bits, 3u);
  EXPECT_EQ(F(s, "c").offset_bits, 35u);
  EXPECT_EQ(F(s, "c").size_bits, 5u);
  EXPECT_FALSE(F(s, "c").type.is_signed);
  EXPECT_FALSE(F(s, "d").is_bitfield);
  EXPECT_EQ(F(s, "d").offset_bits, 40u);
  EXPECT_EQ(F(s, "d").type.kind, TypeKind::kInt);
  EXPECT_FALSE(F(s, "d").type.is_signed);  // BTF_INT_CHAR without SIGNED
  EXPECT_TRUE(F(s, "e").type.is_signed);
  EXPECT_EQ(F(s, "f").type.kind, TypeKind::kBool);
  EXPECT_EQ(F(s, "h").type, Type::Named(TypeKind::kRecord, "u"));
  EXPECT_EQ(F(s, "h").offset_bits, 128u);
  EXPECT_EQ(F(s, "h").size_bits, 64u);
  EXPECT_EQ(F(s, "k").type.kind, TypeKind::kFloat);
  EXPECT_EQ(F(s, "k").type.bits, 64u);
  const Type& p = F(s, "p").type;
  ASSERT_EQ(p.kind, TypeKind::kPointer);
  EXPECT_TRUE(p.inner[0].is_const);
  EXPECT_EQ(p.inner[0].bits, 8u);
  EXPECT_EQ(F(s, "p").size_bits, 64u);

  ASSERT_TRUE(c.records.count("u"));
  const Record& u = c.records.at("u");
  EXPECT_EQ(u.kind, contract::RecordKind::kUnion);
  EXPECT_EQ(u.size_bytes, 8u);
  EXPECT_EQ(u.align_bytes, 8u);
  EXPECT_EQ(F(u, "y").offset_bits, 0u);

  // One note says alignment is inferred.
  EXPECT_TRUE(HasNote(c, "alignment is inferred"));
  // Every item carries the BTF file as its location.
  EXPECT_EQ(s.loc.file, TempPath("scalars.btf"));
  // The contract survives a JSON round trip.
  absl::StatusOr<Contract> back = contract::FromJson(contract::ToJson(c), "x.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, c);
}

TEST(BtfFrontend, AnonymousNestedRecordsKeyedByPath) {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  int i64 = b.Int("long int", 8, BTF_INT_SIGNED);
  // union { int b; long c; }
  int u1 = b.Union(nullptr, 8);
  b.Field("b", i32, 0);
  b.Field("c", i64, 0);
  // struct { int d; } named;
  int s1 = b.Struct(nullptr, 4);
  b.Field("d", i32, 0);
  // union { struct { int e; int e2; }; int f; }
  int s2 = b.Struct(nullptr, 8);
  b.Field("e", i32, 0);
  b.Field("e2", i32, 32);
  int u2 = b.Union(nullptr, 8);
  b.Field(nullptr, s2, 0);
  b.Field("f", i32, 0);
  // struct { int z; } *ptrs[2];
  int s3 = b.Struct(nullptr, 4);
  b.Field("z", i32, 0);
  int arr = b.Array(b.Ptr(s3), 2);
  b.Struct("outer", 48);
  b.Field("a", i32, 0);
  b.Field(nullptr, u1, 64);
  b.Field("named", s1, 128);
  b.Field(nullptr, u2, 192);
  b.Field("ptrs", arr, 256);
  Contract c = ExtractOk(b.Write("anon.btf"));

  ASSERT_TRUE(c.records.count("outer"));
  const Record& o = c.records.at("outer");
  ASSERT_EQ(o.fields.size(), 5u);
  EXPECT_EQ(o.fields[1].name, "(anon#1)");
  EXPECT_EQ(o.fields[1].type, Type::Named(TypeKind::kRecord, "outer::(anon#1)"));
  EXPECT_EQ(o.fields[1].offset_bits, 64u);
  EXPECT_EQ(o.fields[2].type, Type::Named(TypeKind::kRecord, "outer::named"));
  EXPECT_EQ(o.fields[3].name, "(anon#2)");
  EXPECT_EQ(o.fields[3].type, Type::Named(TypeKind::kRecord, "outer::(anon#2)"));
  EXPECT_EQ(o.fields[4].type.kind, TypeKind::kArray);
  EXPECT_EQ(o.fields[4].type.inner[0].inner[0], Type::Named(TypeKind::kRecord, "outer::ptrs"));

  for (const char* key : {"outer::(anon#1)", "outer::named", "outer::(anon#2)",
                          "outer::(anon#2)::(anon#1)", "outer::ptrs"}) {
    ASSERT_TRUE(c.records.count(key)) << key;
    EXPECT_TRUE(c.records.at(key).anonymous) << key;
    EXPECT_EQ(c.records.at(key).name, key);
  }
  EXPECT_EQ(c.records.at("outer::(anon#1)").kind, contract::RecordKind::kUnion);
  EXPECT_EQ(F(c.records.at("outer::(anon#2)::(anon#1)"), "e2").offset_bits, 32u);
  EXPECT_FALSE(c.records.at("outer").anonymous);
  EXPECT_EQ(c.records.size(), 6u);  // no top-level keys for the anonymous ones
}

TEST(BtfFrontend, EnumsAndEnum64) {
  Builder b;
  int e1 = b.Check(btf__add_enum(b.get(), "e32", 4));
  ASSERT_EQ(btf__add_enum_value(b.get(), "NEG", -1), 0);
  ASSERT_EQ(btf__add_enum_value(b.get(), "FIVE", 5), 0);
  b.Check(btf__add_enum(b.get(), "u32e", 4));
  ASSERT_EQ(btf__add_enum_value(b.get(), "BIG", 0xfffffffeLL), 0);
  b.Check(btf__add_enum64(b.get(), "e64u", 8, false));
  ASSERT_EQ(btf__add_enum64_value(b.get(), "MAXU", ~0ull), 0);
  ASSERT_EQ(btf__add_enum64_value(b.get(), "HI", 1ull << 40), 0);
  b.Check(btf__add_enum64(b.get(), "e64s", 8, true));
  ASSERT_EQ(btf__add_enum64_value(b.get(), "MIN", static_cast<uint64_t>(INT64_MIN)), 0);
  // Anonymous top-level enum: constants.
  b.Check(btf__add_enum(b.get(), nullptr, 4));
  ASSERT_EQ(btf__add_enum_value(b.get(), "K_ONE", 1), 0);
  ASSERT_EQ(btf__add_enum_value(b.get(), "K_TWO", 2), 0);
  // Anonymous enum as a member type: keyed by path.
  int anon = b.Check(btf__add_enum(b.get(), nullptr, 1));
  ASSERT_EQ(btf__add_enum_value(b.get(), "M_A", 3), 0);
  b.Struct("holder", 8);
  b.Field("kind", e1, 0);
  b.Field("mode", anon, 32);
  std::string path = b.Write("enums.btf");
  Contract c = ExtractOk(path, {.anonymous_enum_constants = true});
  EXPECT_TRUE(ExtractOk(path).constants.empty());
  EXPECT_TRUE(HasNote(ExtractOk(path), "2 enumerators of anonymous top-level enums"));

  ASSERT_TRUE(c.enums.count("e32"));
  const auto& e32 = c.enums.at("e32");
  EXPECT_EQ(e32.size_bytes, 4u);
  EXPECT_EQ(e32.underlying, Type::Int(32, true));
  ASSERT_EQ(e32.enumerators.size(), 2u);
  EXPECT_EQ(e32.enumerators[0].name, "NEG");
  EXPECT_EQ(e32.enumerators[0].value, IntValue::Of(-1));
  EXPECT_EQ(e32.enumerators[1].value, IntValue::Of(5));
  EXPECT_EQ(c.enums.at("u32e").underlying, Type::Int(32, false));
  EXPECT_EQ(c.enums.at("u32e").enumerators[0].value, IntValue::OfUnsigned(0xfffffffeu));
  const auto& e64u = c.enums.at("e64u");
  EXPECT_EQ(e64u.size_bytes, 8u);
  EXPECT_EQ(e64u.underlying, Type::Int(64, false));
  EXPECT_EQ(e64u.enumerators[0].value, IntValue::OfUnsigned(~0ull));
  EXPECT_EQ(e64u.enumerators[1].value, IntValue::OfUnsigned(1ull << 40));
  const auto& e64s = c.enums.at("e64s");
  EXPECT_EQ(e64s.underlying, Type::Int(64, true));
  EXPECT_EQ(e64s.enumerators[0].value, IntValue::Of(INT64_MIN));

  ASSERT_TRUE(c.constants.count("K_TWO"));
  EXPECT_EQ(c.constants.at("K_TWO").int_value, IntValue::Of(2));
  EXPECT_EQ(c.constants.at("K_TWO").type, Type::Int(32, false));
  EXPECT_FALSE(c.constants.count("M_A"));  // belongs to holder::mode

  const Record& h = c.records.at("holder");
  EXPECT_EQ(F(h, "kind").type, Type::Named(TypeKind::kEnum, "e32"));
  EXPECT_EQ(F(h, "mode").type, Type::Named(TypeKind::kEnum, "holder::mode"));
  ASSERT_TRUE(c.enums.count("holder::mode"));
  EXPECT_TRUE(c.enums.at("holder::mode").anonymous);
  EXPECT_EQ(c.enums.at("holder::mode").size_bytes, 1u);
  EXPECT_EQ(h.align_bytes, 4u);
}

TEST(BtfFrontend, FunctionsVariadicLinkageAndVariables) {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  int ch = b.Int("char", 1, BTF_INT_CHAR);
  int cstr = b.Ptr(b.Const(ch));
  // int _printk(const char *fmt, ...);
  int proto = b.Check(btf__add_func_proto(b.get(), i32));
  ASSERT_EQ(btf__add_func_param(b.get(), "fmt", cstr), 0);
  ASSERT_EQ(btf__add_func_param(b.get(), nullptr, 0), 0);
  b.Check(btf__add_func(b.get(), "_printk", BTF_FUNC_GLOBAL, proto));
  // static void helper(int a, int b);
  int proto2 = b.Check(btf__add_func_proto(b.get(), 0));
  ASSERT_EQ(btf__add_func_param(b.get(), "a", i32), 0);
  ASSERT_EQ(btf__add_func_param(b.get(), "b", i32), 0);
  b.Check(btf__add_func(b.get(), "helper", BTF_FUNC_STATIC, proto2));
  // struct ops { void (*cb)(int a, int b); };
  int cbp = b.Ptr(proto2);
  b.Struct("ops", 8);
  b.Field("cb", cbp, 0);
  // const int answer; (global)
  int ci32 = b.Const(i32);
  b.Check(btf__add_var(b.get(), "answer", BTF_VAR_GLOBAL_ALLOCATED, ci32));
  Contract c = ExtractOk(b.Write("funcs.btf"));

  ASSERT_TRUE(c.functions.count("_printk"));
  const auto& pk = c.functions.at("_printk");
  EXPECT_TRUE(pk.variadic);
  EXPECT_TRUE(pk.has_symbol);
  EXPECT_EQ(pk.return_type, Type::Int(32, true, "int"));
  ASSERT_EQ(pk.params.size(), 1u);
  EXPECT_EQ(pk.params[0].name, "fmt");
  EXPECT_EQ(pk.params[0].type.kind, TypeKind::kPointer);
  const auto& h = c.functions.at("helper");
  EXPECT_FALSE(h.has_symbol);
  EXPECT_FALSE(h.variadic);
  EXPECT_EQ(h.return_type.kind, TypeKind::kVoid);
  ASSERT_EQ(h.params.size(), 2u);
  EXPECT_EQ(h.params[1].name, "b");

  const Type& cb = F(c.records.at("ops"), "cb").type;
  ASSERT_EQ(cb.kind, TypeKind::kPointer);
  EXPECT_TRUE(cb.nullable);
  ASSERT_EQ(cb.inner[0].kind, TypeKind::kFunction);
  EXPECT_EQ(cb.inner[0].inner.size(), 3u);  // return + 2 params
  EXPECT_FALSE(cb.inner[0].variadic);

  ASSERT_TRUE(c.variables.count("answer"));
  EXPECT_TRUE(c.variables.at("answer").is_const);
}

TEST(BtfFrontend, TypedefChainsAndTypedefNamedAnonymousRecords) {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  int a_t = b.Typedef("a_t", i32);
  int b_t = b.Typedef("b_t", a_t);
  int anon = b.Struct(nullptr, 8);
  b.Field("x", i32, 0);
  b.Field("y", b_t, 32);
  int foo_t = b.Typedef("foo_t", anon);
  b.Struct("user", 12);
  b.Field("v", b_t, 0);
  b.Field("f", foo_t, 32);
  // Unreachable anonymous top-level struct: skipped.
  b.Struct(nullptr, 4);
  b.Field("lost", i32, 0);
  Contract c = ExtractOk(b.Write("typedefs.btf"));

  const Record& u = c.records.at("user");
  EXPECT_EQ(F(u, "v").type, Type::Named(TypeKind::kTypedef, "b_t"));
  EXPECT_EQ(F(u, "f").type, Type::Named(TypeKind::kTypedef, "foo_t"));
  EXPECT_EQ(c.typedefs.at("b_t").target, Type::Named(TypeKind::kTypedef, "a_t"));
  EXPECT_EQ(contract::ResolveTypedefs(c, F(u, "v").type), Type::Int(32, true, "int"));
  ASSERT_TRUE(c.records.count("foo_t"));
  EXPECT_FALSE(c.records.at("foo_t").anonymous);
  EXPECT_EQ(c.typedefs.at("foo_t").target, Type::Named(TypeKind::kRecord, "foo_t"));
  EXPECT_EQ(F(c.records.at("foo_t"), "y").type, Type::Named(TypeKind::kTypedef, "b_t"));
  EXPECT_EQ(c.records.size(), 2u);
  EXPECT_TRUE(HasNote(c, "1 anonymous top-level structs/unions"));
}

TEST(BtfFrontend, DuplicateNamesGetNumberedKeysIdenticalOnesCollapse) {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  int i64 = b.Int("long int", 8, BTF_INT_SIGNED);
  int d1 = b.Struct("dup", 4);
  b.Field("a", i32, 0);
  int d2 = b.Struct("dup", 8);
  b.Field("a", i64, 0);
  b.Struct("dup", 4);  // identical to the first
  b.Field("a", i32, 0);
  b.Struct("dup", 16);
  b.Field("a", i64, 0);
  b.Field("b", i64, 64);
  int pd1 = b.Ptr(d1), pd2 = b.Ptr(d2);
  b.Struct("refs", 16);
  b.Field("p", pd1, 0);
  b.Field("q", pd2, 64);
  // Two functions named f: the static one comes first, the global one keys `f`.
  int proto = b.Check(btf__add_func_proto(b.get(), i32));
  b.Check(btf__add_func(b.get(), "f", BTF_FUNC_STATIC, proto));
  int proto2 = b.Check(btf__add_func_proto(b.get(), i64));
  b.Check(btf__add_func(b.get(), "f", BTF_FUNC_GLOBAL, proto2));
  Contract c = ExtractOk(b.Write("dups.btf"));

  ASSERT_TRUE(c.records.count("dup"));
  ASSERT_TRUE(c.records.count("dup#2"));
  ASSERT_TRUE(c.records.count("dup#3"));
  EXPECT_FALSE(c.records.count("dup#4"));
  EXPECT_EQ(c.records.at("dup").size_bytes, 4u);
  EXPECT_EQ(c.records.at("dup#2").size_bytes, 8u);
  EXPECT_EQ(c.records.at("dup#3").size_bytes, 16u);
  EXPECT_EQ(c.records.at("dup#2").name, "dup#2");
  const Record& r = c.records.at("refs");
  EXPECT_EQ(F(r, "p").type.inner[0], Type::Named(TypeKind::kRecord, "dup"));
  EXPECT_EQ(F(r, "q").type.inner[0], Type::Named(TypeKind::kRecord, "dup#2"));
  ASSERT_TRUE(c.functions.count("f"));
  EXPECT_TRUE(c.functions.at("f").has_symbol);
  EXPECT_EQ(c.functions.at("f").return_type.bits, 64u);
  ASSERT_TRUE(c.functions.count("f#2"));
  EXPECT_FALSE(c.functions.at("f#2").has_symbol);
  EXPECT_TRUE(HasNote(c, "identical duplicates collapsed"));
}

TEST(BtfFrontend, PackedAndOverAlignedRecordsAreInferred) {
  Builder b;
  int ch = b.Int("char", 1, BTF_INT_CHAR);
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  int i64 = b.Int("long int", 8, BTF_INT_SIGNED);
  int i128 = b.Int("__int128", 16, BTF_INT_SIGNED);
  // struct natural { char a; long b; }: 16, align 8.
  b.Struct("natural", 16);
  b.Field("a", ch, 0);
  b.Field("b", i64, 64);
  // struct __packed pk { char a; int b; }: 5, align 1.
  int pk = b.Struct("pk", 5);
  b.Field("a", ch, 0);
  b.Field("b", i32, 8);
  // struct __packed __aligned(4) pka { char a; int b; }: 8.
  b.Struct("pka", 8);
  b.Field("a", ch, 0);
  b.Field("b", i32, 8);
  // struct __packed pks { int a; int b; char c; }: 9 (size, not offsets, says packed).
  b.Struct("pks", 9);
  b.Field("a", i32, 0);
  b.Field("b", i32, 32);
  b.Field("c", ch, 64);
  // struct cl { int a; int b __aligned(64); }: 128, align 64.
  b.Struct("cl", 128);
  b.Field("a", i32, 0);
  b.Field("b", i32, 64 * 8);
  // struct tail { int a; } ____cacheline_aligned: 64.
  int tail = b.Struct("tail", 64);
  b.Field("a", i32, 0);
  // struct embeds { char c; struct tail t; }: 128, align 64 via the member type.
  b.Struct("embeds", 128);
  b.Field("c", ch, 0);
  b.Field("t", tail, 64 * 8);
  // struct wide { char c; __int128 v; }: 32, align 16.
  b.Struct("wide", 32);
  b.Field("c", ch, 0);
  b.Field("v", i128, 128);
  // struct holds_packed { char c; struct pk p; }: 6, align 1 (not packed itself).
  b.Struct("holds_packed", 6);
  b.Field("c", ch, 0);
  b.Field("p", pk, 8);
  // struct __packed desc { char a, b; short c; }: 4, looks natural (align 2)
  // on its own; `host` places it at offset 1 yet has a natural hole before
  // `y`, so host is not packed and desc must be.
  int i16 = b.Int("short", 2, BTF_INT_SIGNED);
  int desc = b.Struct("desc", 4);
  b.Field("a", ch, 0);
  b.Field("b", ch, 8);
  b.Field("c", i16, 16);
  b.Struct("host", 16);
  b.Field("x", ch, 0);
  b.Field("d", desc, 8);
  b.Field("y", i64, 64);
  Contract c = ExtractOk(b.Write("packed.btf"));

  auto expect = [&](const char* name, uint64_t align, bool packed) {
    ASSERT_TRUE(c.records.count(name)) << name;
    EXPECT_EQ(c.records.at(name).align_bytes, align) << name;
    EXPECT_EQ(c.records.at(name).packed, packed) << name;
    EXPECT_EQ(c.records.at(name).explicit_align, 0u) << name;
  };
  expect("natural", 8, false);
  expect("pk", 1, true);
  expect("pka", 4, true);
  expect("pks", 1, true);
  expect("cl", 64, false);
  expect("tail", 64, false);
  expect("embeds", 64, false);
  expect("wide", 16, false);
  expect("holds_packed", 1, false);
  expect("desc", 1, true);
  expect("host", 8, false);
  EXPECT_TRUE(HasNote(c, "alignment is inferred"));
}

TEST(BtfFrontend, FlexibleArraysAndForwardDeclarations) {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  int zero = b.Array(i32, 0);
  b.Struct("flex", 4);
  b.Field("n", i32, 0);
  b.Field("data", zero, 32);
  b.Struct("zla_mid", 8);
  b.Field("marker", zero, 0);
  b.Field("n", i32, 0);
  b.Field("m", i32, 32);
  int opaque = b.Check(btf__add_fwd(b.get(), "opaque", BTF_FWD_STRUCT));
  b.Check(btf__add_fwd(b.get(), "later", BTF_FWD_UNION));
  int later = b.Union("later", 4);
  b.Field("x", i32, 0);
  int po = b.Ptr(opaque), pl = b.Ptr(later);
  b.Struct("uses", 16);
  b.Field("o", po, 0);
  b.Field("l", pl, 64);
  Contract c = ExtractOk(b.Write("flex.btf"));

  const Record& fl = c.records.at("flex");
  EXPECT_TRUE(fl.has_flexible_array);
  EXPECT_TRUE(F(fl, "data").type.flexible);
  EXPECT_EQ(F(fl, "data").size_bits, 0u);
  const Record& mid = c.records.at("zla_mid");
  EXPECT_FALSE(mid.has_flexible_array);
  EXPECT_FALSE(F(mid, "marker").type.flexible);
  EXPECT_EQ(F(mid, "marker").type.count, 0u);
  ASSERT_TRUE(c.records.count("opaque"));
  EXPECT_FALSE(c.records.at("opaque").complete);
  ASSERT_TRUE(c.records.count("later"));
  EXPECT_TRUE(c.records.at("later").complete);
  EXPECT_EQ(c.records.at("later").kind, contract::RecordKind::kUnion);
  EXPECT_EQ(F(c.records.at("uses"), "o").type.inner[0], Type::Named(TypeKind::kRecord, "opaque"));
}

TEST(BtfFrontend, SplitBtfUsesBaseKeys) {
  Builder base;
  int i32 = base.Int("int", 4, BTF_INT_SIGNED);
  int bs = base.Struct("base_s", 4);
  base.Field("a", i32, 0);
  std::string base_path = base.Write("base.btf");
  Builder mod(base.get());
  int pbs = mod.Ptr(bs);
  mod.Struct("mod_s", 16);
  mod.Field("p", pbs, 0);
  mod.Field("n", i32, 64);
  std::string mod_path = mod.Write("mod.btf");

  Contract c = ExtractOk(mod_path, {.base_btf = base_path});
  ASSERT_TRUE(c.records.count("mod_s"));
  EXPECT_FALSE(c.records.count("base_s"));
  EXPECT_EQ(F(c.records.at("mod_s"), "p").type.inner[0],
            Type::Named(TypeKind::kRecord, "base_s"));
  EXPECT_EQ(F(c.records.at("mod_s"), "n").type, Type::Int(32, true, "int"));
  EXPECT_EQ(c.records.at("mod_s").align_bytes, 8u);
  EXPECT_THAT(c.provenance.inputs, ::testing::ElementsAre(mod_path, base_path));

  // Without its base the split file is not valid BTF on its own.
  absl::StatusOr<Contract> alone = ExtractBtf(mod_path, {});
  ASSERT_FALSE(alone.ok());
  EXPECT_THAT(alone.status().message(), HasSubstr(mod_path));
  std::printf("  split without base -> %s\n", alone.status().ToString().c_str());
  // A missing base is an error naming the base.
  absl::StatusOr<Contract> nobase = ExtractBtf(mod_path, {.base_btf = TempPath("nope.btf")});
  EXPECT_THAT(nobase, testutil::StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(nobase.status().message(), HasSubstr("nope.btf"));
}

// A minimal little-endian ELF64 relocatable with .BTF (when `btf` is not
// empty) and .shstrtab.
std::string MakeElf(const std::string& btf, uint64_t claimed_extra = 0) {
  std::string shstr = std::string("\0.BTF\0.shstrtab\0", 16);
  Elf64_Ehdr eh;
  std::memset(&eh, 0, sizeof(eh));
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_REL;
  eh.e_machine = EM_X86_64;
  eh.e_version = EV_CURRENT;
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_shentsize = sizeof(Elf64_Shdr);
  std::string body = btf + shstr;
  while (body.size() % 8) body.push_back('\0');
  eh.e_shoff = sizeof(Elf64_Ehdr) + body.size();
  std::vector<Elf64_Shdr> sh(1);
  std::memset(sh.data(), 0, sizeof(Elf64_Shdr));
  if (!btf.empty()) {
    Elf64_Shdr s{};
    s.sh_name = 1;
    s.sh_type = SHT_PROGBITS;
    s.sh_offset = sizeof(Elf64_Ehdr);
    s.sh_size = btf.size() + claimed_extra;
    s.sh_addralign = 4;
    sh.push_back(s);
  }
  Elf64_Shdr st{};
  st.sh_name = 6;
  st.sh_type = SHT_STRTAB;
  st.sh_offset = sizeof(Elf64_Ehdr) + btf.size();
  st.sh_size = shstr.size();
  st.sh_addralign = 1;
  sh.push_back(st);
  eh.e_shnum = static_cast<Elf64_Half>(sh.size());
  eh.e_shstrndx = static_cast<Elf64_Half>(sh.size() - 1);
  std::string out(reinterpret_cast<const char*>(&eh), sizeof(eh));
  out += body;
  out.append(reinterpret_cast<const char*>(sh.data()), sh.size() * sizeof(Elf64_Shdr));
  return out;
}

std::string SmallBtf() {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  b.Struct("pair", 8);
  b.Field("a", i32, 0);
  b.Field("b", i32, 32);
  return RawBytes(b.get());
}

TEST(BtfFrontend, ReadsElfWithBtfSection) {
  std::string elf = MakeElf(SmallBtf());
  std::string path = TempPath("small.o");
  WriteBytes(path, elf.data(), elf.size());
  Contract c = ExtractOk(path);
  EXPECT_EQ(c.target.triple, "x86_64-linux-gnu");
  EXPECT_EQ(c.target.pointer_bits, 64u);
  ASSERT_TRUE(c.records.count("pair"));
  EXPECT_EQ(F(c.records.at("pair"), "b").offset_bits, 32u);
}

TEST(BtfFrontend, AllStaticFunctionsMeansPaholeEncodingSoSymbolsAreAssumed) {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  int proto = b.Check(btf__add_func_proto(b.get(), i32));
  for (int i = 0; i < 120; ++i)
    b.Check(btf__add_func(b.get(), ("fn" + std::to_string(i)).c_str(), BTF_FUNC_STATIC, proto));
  Contract c = ExtractOk(b.Write("pahole_funcs.btf"));
  ASSERT_EQ(c.functions.size(), 120u);
  EXPECT_TRUE(c.functions.at("fn7").has_symbol);
  EXPECT_TRUE(HasNote(c, "are marked static"));
}

// Byte-level mutations of a valid blob: every result is either a clean
// error or a contract; never a crash or hang (run under ASan in CI).
TEST(BtfFrontend, MutatedBlobsNeverCrash) {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  int u8 = b.Int("unsigned char", 1, 0);
  int anon = b.Union(nullptr, 4);
  b.Field("x", i32, 0);
  b.Field("y", u8, 0);
  int td = b.Typedef("td", anon);
  int arr = b.Array(td, 3);
  b.Check(btf__add_enum(b.get(), "e", 4));
  ASSERT_EQ(btf__add_enum_value(b.get(), "E1", -3), 0);
  int s = b.Struct("s", 24);
  b.Field("a", arr, 0);
  b.Field("bits", u8, 96, 3);
  b.Field(nullptr, anon, 128);
  int ps = b.Ptr(s);
  int proto = b.Check(btf__add_func_proto(b.get(), ps));
  ASSERT_EQ(btf__add_func_param(b.get(), "p", ps), 0);
  ASSERT_EQ(btf__add_func_param(b.get(), nullptr, 0), 0);
  b.Check(btf__add_func(b.get(), "f", BTF_FUNC_GLOBAL, proto));
  std::string raw = RawBytes(b.get());
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int ok = 0, errors = 0;
  std::string path = TempPath("mutant.btf");
  for (int iter = 0; iter < 600; ++iter) {
    std::string m = raw;
    int flips = 1 + static_cast<int>(next() % 4);
    for (int k = 0; k < flips; ++k) {
      size_t pos = 4 + next() % (m.size() - 4);  // keep the magic
      m[pos] = static_cast<char>(next() & 0xff);
    }
    WriteBytes(path, m.data(), m.size());
    absl::StatusOr<Contract> c = ExtractBtf(path, {});
    if (c.ok()) {
      ++ok;
      absl::StatusOr<Contract> back = contract::FromJson(contract::ToJson(*c), "m.json");
      EXPECT_TRUE(back.ok()) << back.status();
    } else {
      ++errors;
      EXPECT_THAT(c, testutil::StatusIs(absl::StatusCode::kInvalidArgument)) << c.status();
    }
  }
  std::printf("  mutants: %d extracted, %d rejected\n", ok, errors);
  EXPECT_GT(ok, 0);
  EXPECT_GT(errors, 0);
}

void ExpectInvalid(const std::string& path, const std::string& what) {
  absl::StatusOr<Contract> c = ExtractBtf(path, {});
  ASSERT_FALSE(c.ok()) << what;
  EXPECT_THAT(c, testutil::StatusIs(absl::StatusCode::kInvalidArgument)) << what << ": " << c.status();
  EXPECT_THAT(c.status().message(), ::testing::StartsWith(path + ": ")) << what;
  std::printf("  %s -> %s\n", what.c_str(), c.status().ToString().c_str());
}

TEST(BtfFrontend, HostileFilesGiveCleanErrors) {
  // Garbage.
  std::string garbage(4096, '\0');
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919 + 13) % 251);
  std::string p = TempPath("garbage.bin");
  WriteBytes(p, garbage.data(), garbage.size());
  ExpectInvalid(p, "garbage");
  // Empty.
  p = TempPath("empty.bin");
  WriteBytes(p, "", 0);
  ExpectInvalid(p, "empty");
  // Raw BTF, truncated at several points (header, types, strings).
  std::string raw = SmallBtf();
  for (size_t cut : {size_t{3}, size_t{12}, size_t{30}, raw.size() / 2, raw.size() - 1}) {
    p = TempPath("trunc.btf");
    WriteBytes(p, raw.data(), cut);
    ExpectInvalid(p, "raw truncated at " + std::to_string(cut));
  }
  // Raw BTF magic followed by garbage.
  std::string bad = raw.substr(0, 4) + garbage.substr(0, 200);
  p = TempPath("badhdr.btf");
  WriteBytes(p, bad.data(), bad.size());
  ExpectInvalid(p, "bad header");
  // ELF without .BTF, ELF truncated inside .BTF / section headers.
  std::string nobtf = MakeElf("");
  p = TempPath("nobtf.o");
  WriteBytes(p, nobtf.data(), nobtf.size());
  ExpectInvalid(p, "ELF without BTF");
  std::string elf = MakeElf(raw);
  for (size_t cut : {size_t{10}, size_t{64 + 8}, elf.size() - 10}) {
    p = TempPath("trunc.o");
    WriteBytes(p, elf.data(), cut);
    ExpectInvalid(p, "ELF truncated at " + std::to_string(cut));
  }
  // .BTF section claiming more bytes than the file has.
  std::string lying = MakeElf(raw, 1u << 20);
  p = TempPath("lying.o");
  WriteBytes(p, lying.data(), lying.size());
  ExpectInvalid(p, "ELF section past EOF");
  // A directory, a missing file.
  ExpectInvalid(testing::TempDir(), "directory");
  absl::StatusOr<Contract> missing = ExtractBtf(TempPath("does-not-exist"), {});
  EXPECT_THAT(missing, testutil::StatusIs(absl::StatusCode::kNotFound));
}

TEST(BtfFrontend, CyclesAndBadReferencesAreBounded) {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);  // 1
  // typedef cycle: 2 -> 3 -> 2
  int ta = b.Typedef("ta", 3);                   // 2
  int tb = b.Typedef("tb", ta);                  // 3
  ASSERT_EQ(tb, 3);
  // pointer cycle: 4 -> 5 -> 4
  int p1 = b.Ptr(5);                             // 4
  int p2 = b.Ptr(p1);                            // 5
  ASSERT_EQ(p2, 5);
  // struct containing itself by value.
  int self = b.Struct("selfish", 8);             // 6
  b.Field("me", self, 0);
  b.Field("x", i32, 32);
  // Reference to a type id that does not exist.
  int badref = b.Typedef("dangling", 9999);
  b.Struct("user", 32);
  b.Field("a", ta, 0);
  b.Field("b", p1, 64);
  b.Field("c", badref, 128);
  b.Field("d", 9998, 192);
  Contract c = ExtractOk(b.Write("cycles.btf"));

  ASSERT_TRUE(c.records.count("user"));
  const Record& u = c.records.at("user");
  EXPECT_EQ(F(u, "a").type, Type::Named(TypeKind::kTypedef, "ta"));
  EXPECT_EQ(F(u, "d").type.kind, TypeKind::kUnknown);
  // ResolveTypedefs stops on the cycle.
  EXPECT_EQ(contract::ResolveTypedefs(c, F(u, "a").type).kind, TypeKind::kTypedef);
  EXPECT_EQ(c.typedefs.at("dangling").target.kind, TypeKind::kUnknown);
  EXPECT_TRUE(HasNote(c, "invalid BTF type id"));
  EXPECT_TRUE(HasNote(c, "deeper than"));
  EXPECT_TRUE(HasNote(c, "contains itself"));
  // Still serialisable.
  EXPECT_TRUE(contract::FromJson(contract::ToJson(c), "c.json").ok());
}

TEST(BtfFrontend, DeeplyNestedAnonymousRecordsAreCapped) {
  Builder b;
  int i32 = b.Int("int", 4, BTF_INT_SIGNED);
  int inner = b.Struct(nullptr, 4);
  b.Field("leaf", i32, 0);
  for (int i = 0; i < 100; ++i) {
    int next = b.Struct(nullptr, 4);
    b.Field(nullptr, inner, 0);
    inner = next;
  }
  b.Struct("deep", 4);
  b.Field(nullptr, inner, 0);
  // Fan-out: each level holds the previous one twice (2^40 paths).
  int fan = b.Struct(nullptr, 4);
  b.Field("z", i32, 0);
  for (int i = 0; i < 40; ++i) {
    int next = b.Union(nullptr, 4);
    b.Field("l", fan, 0);
    b.Field("r", fan, 0);
    fan = next;
  }
  b.Struct("wide", 4);
  b.Field("w", fan, 0);
  Contract c = ExtractOk(b.Write("deep.btf"));
  ASSERT_TRUE(c.records.count("deep"));
  ASSERT_TRUE(c.records.count("wide"));
  EXPECT_TRUE(HasNote(c, "nest deeper than"));
  EXPECT_TRUE(HasNote(c, "budget exhausted"));
  EXPECT_LE(c.records.size(), 20000u + 10);
}

}  // namespace
}  // namespace bindfuzz
