// The minicore probe on every target of the table: a crate covering every
// primitive, every core::ffi and std::os::raw type, pointers, arrays,
// repr(C)/packed(N)/align(N)/transparent structs, unions, repr(u8..i64) and
// repr(C) enums, bindgen bitfield units and Option<extern fn>, compiled by
// rustc for the target; every value is checked against what the target
// table implies (primitive layouts; composites laid out from them by the C
// rules below). A second session takes core::ffi from rustc's own core
// source, so the table's aliases are checked against rustc itself. Prints a
// per-target count table. Skips where rustc is absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "harness/target/minicore_probe.h"
#include "harness/target/subprocess.h"
#include "harness/testing/status_matchers.h"

namespace bindfuzz::target {
namespace {

struct L {
  uint64_t size = 0, align = 1;
};

uint64_t RoundUp(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

L Prim(const TargetInfo& t, std::string_view p) {
  if (p == "c_void") return {1, 1};
  std::optional<PrimLayout> l = RustPrimLayout(t, p);
  EXPECT_TRUE(l.has_value()) << p;
  return l ? L{l->size, l->align} : L{};
}
L Ffi(const TargetInfo& t, std::string_view c_name) {
  std::optional<std::string_view> p = CoreFfiAlias(t, c_name);
  EXPECT_TRUE(p.has_value()) << c_name;
  return Prim(t, p.value_or("u8"));
}
L Ptr(const TargetInfo& t) { return {t.pointer_bits / 8u, t.align_ptr}; }
L Array(L e, uint64_t n) { return {e.size * n, e.align}; }

struct Rec {
  L l;
  std::vector<uint64_t> offsets;
};
// #[repr(C)] with optional packed(N) / align(N).
Rec Struct(const std::vector<L>& fields, uint64_t pack = 0, uint64_t min_align = 1) {
  Rec r;
  uint64_t off = 0, align = 1;
  for (const L& f : fields) {
    uint64_t fa = pack != 0 ? std::min(f.align, pack) : f.align;
    off = RoundUp(off, fa);
    r.offsets.push_back(off);
    off += f.size;
    align = std::max(align, fa);
  }
  align = std::max(align, min_align);
  r.l = {RoundUp(off, align), align};
  return r;
}
Rec Union(const std::vector<L>& fields, uint64_t pack = 0) {
  Rec r;
  uint64_t size = 0, align = 1;
  for (const L& f : fields) {
    uint64_t fa = pack != 0 ? std::min(f.align, pack) : f.align;
    size = std::max(size, f.size);
    align = std::max(align, fa);
    r.offsets.push_back(0);
  }
  r.l = {RoundUp(size, align), align};
  return r;
}

// The probe crate. Field names are matched with the expectations below.
constexpr std::string_view kItems = R"rs(
#[repr(C)] pub struct S1 { pub a: u8, pub b: u64 }
#[repr(C)] pub struct S2 { pub a: u8, pub b: u16, pub c: u32, pub d: f64, pub e: u8, pub f: f32, pub g: i128, pub h: u8 }
#[repr(C)] pub struct SF {
    pub a: core::ffi::c_char, pub b: core::ffi::c_long, pub c: core::ffi::c_int, pub d: core::ffi::c_longlong,
    pub e: core::ffi::c_double, pub f: *const core::ffi::c_void, pub g: core::ffi::c_short,
    pub h: std::os::raw::c_ulong, pub i: ::core::ffi::c_size_t, pub j: ::std::os::raw::c_uchar,
}
#[repr(C)] pub struct Tup(pub u8, pub u32, pub u16);
#[repr(C)] pub struct Empty {}
#[repr(C, packed)] pub struct P1 { pub a: u8, pub b: u32, pub c: u64 }
#[repr(C, packed(2))] pub struct P2 { pub a: u8, pub b: u32, pub c: u64 }
#[repr(C, packed(4))] pub struct P4 { pub a: u8, pub b: u64, pub c: u16, pub d: i128 }
#[repr(C, align(16))] pub struct A16 { pub a: u8 }
#[repr(C, align(8))] pub struct A8 { pub a: u16, pub b: u8 }
#[repr(C)] pub struct HasA16 { pub a: u8, pub b: A16, pub c: u8 }
#[repr(transparent)] pub struct T1(pub u64);
#[repr(transparent)] pub struct T2 { pub a: f64, pub b: core::marker::PhantomData<u8> }
#[repr(C)] pub union U1 { pub a: u8, pub b: u64, pub c: [u16; 5] }
#[repr(C)] #[derive(Copy)] pub struct Pair { pub a: u32, pub b: u16 }
#[repr(C)] pub union U2 { pub a: Pair, pub b: f64, pub c: core::mem::ManuallyDrop<i128> }
#[repr(C, packed)] pub union UP { pub a: u8, pub b: u32 }
#[repr(u8)] pub enum Eu8 { A = 1, B = 2 }
#[repr(i8)] pub enum Ei8 { A = -1 }
#[repr(u16)] pub enum Eu16 { A }
#[repr(i16)] pub enum Ei16 { A = -1, B }
#[repr(u32)] pub enum Eu32 { A }
#[repr(i32)] pub enum Ei32 { A }
#[repr(u64)] pub enum Eu64 { A }
#[repr(i64)] pub enum Ei64 { A = -5 }
#[repr(C)] pub enum EC { A, B }
#[repr(C)] pub struct HasEnums { pub a: u8, pub b: Eu64, pub c: EC, pub d: Eu8 }
#[repr(C)] pub struct Arr { pub a: [u8; 3], pub b: [u64; 2], pub c: [[u16; 3]; 2], pub d: [core::ffi::c_long; 0] }
#[repr(C)] pub struct Ptrs {
    pub a: *const u8, pub b: *mut Ptrs, pub c: Option<extern "C" fn()>,
    pub d: Option<unsafe extern "C" fn(i32) -> i32>, pub e: extern "C" fn(), pub f: core::ptr::NonNull<u8>,
    pub g: Option<core::ptr::NonNull<u8>>, pub h: &'static u8, pub i: Option<&'static u64>, pub j: u8,
}
#[repr(C)] pub struct Wrap {
    pub a: core::mem::MaybeUninit<u64>, pub b: core::mem::ManuallyDrop<u16>, pub c: core::cell::UnsafeCell<u32>,
}
#[repr(C)] #[derive(Copy)] pub struct __BindgenBitfieldUnit<Storage> { storage: Storage }
#[repr(C)] pub struct BF1 { pub _bitfield_align_1: [u32; 0], pub _bitfield_1: __BindgenBitfieldUnit<[u8; 3]>, pub x: u8 }
#[repr(C)] pub struct BF2 {
    pub a: u8, pub _bitfield_align_1: [u64; 0], pub _bitfield_1: __BindgenBitfieldUnit<[u8; 2]>, pub b: u16,
}
)rs";

struct Case {
  std::string type;
  L expect;
  std::vector<std::string> fields;  // with offsets: names in order
  std::vector<uint64_t> offsets;
  std::optional<bool> is_signed;
};

std::vector<Case> Cases(const TargetInfo& t) {
  std::vector<Case> c;
  auto add = [&](std::string type, L l, std::optional<bool> sign = std::nullopt) {
    c.push_back({std::move(type), l, {}, {}, sign});
  };
  auto rec = [&](std::string type, const Rec& r, std::vector<std::string> fields) {
    c.push_back({std::move(type), r.l, std::move(fields), r.offsets, std::nullopt});
  };
  // Every primitive.
  for (std::string_view p : RustPrimNames()) {
    std::optional<bool> sign;
    if (p[0] == 'i' || p[0] == 'u') sign = p[0] == 'i';
    add(std::string(p), Prim(t, p), sign);
  }
  // Every core::ffi and std::os::raw type.
  for (std::string_view n : CoreFfiNames()) {
    std::string_view alias = *CoreFfiAlias(t, n);
    std::optional<bool> sign;
    if (alias[0] == 'i' || alias[0] == 'u') sign = alias[0] == 'i';
    add(absl::StrCat("core::ffi::", std::string(n)), Ffi(t, n), sign);
  }
  for (std::string_view n : StdOsRawNames()) add(absl::StrCat("std::os::raw::", std::string(n)), Ffi(t, n));
  // Pointers and arrays.
  for (const char* p : {"*const u8", "*mut u64", "*const core::ffi::c_void", "&'static u8", "extern \"C\" fn()",
                        "Option<extern \"C\" fn()>", "Option<unsafe extern \"C\" fn(i32) -> i32>",
                        "Option<&'static u8>", "core::ptr::NonNull<u64>", "Option<core::ptr::NonNull<u64>>"})
    add(p, Ptr(t));
  add("[u64; 3]", Array(Prim(t, "u64"), 3));
  add("[u16; 0]", Array(Prim(t, "u16"), 0));
  add("[core::ffi::c_long; 4]", Array(Ffi(t, "c_long"), 4));
  add("[[u8; 3]; 5]", Array(Array(Prim(t, "u8"), 3), 5));
  add("[i128; 2]", Array(Prim(t, "i128"), 2));

  L u8 = Prim(t, "u8"), u16 = Prim(t, "u16"), u32 = Prim(t, "u32"), u64 = Prim(t, "u64"), i128 = Prim(t, "i128");
  L f32 = Prim(t, "f32"), f64 = Prim(t, "f64"), ptr = Ptr(t);
  rec("S1", Struct({u8, u64}), {"a", "b"});
  rec("S2", Struct({u8, u16, u32, f64, u8, f32, i128, u8}), {"a", "b", "c", "d", "e", "f", "g", "h"});
  rec("SF",
      Struct({Ffi(t, "c_char"), Ffi(t, "c_long"), Ffi(t, "c_int"), Ffi(t, "c_longlong"), Ffi(t, "c_double"), ptr,
              Ffi(t, "c_short"), Ffi(t, "c_ulong"), Ffi(t, "c_size_t"), Ffi(t, "c_uchar")}),
      {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"});
  rec("Tup", Struct({u8, u32, u16}), {"0", "1", "2"});
  rec("Empty", Struct({}), {});
  rec("P1", Struct({u8, u32, u64}, 1), {"a", "b", "c"});
  rec("P2", Struct({u8, u32, u64}, 2), {"a", "b", "c"});
  rec("P4", Struct({u8, u64, u16, i128}, 4), {"a", "b", "c", "d"});
  Rec a16 = Struct({u8}, 0, 16);
  rec("A16", a16, {"a"});
  rec("A8", Struct({u16, u8}, 0, 8), {"a", "b"});
  rec("HasA16", Struct({u8, a16.l, u8}), {"a", "b", "c"});
  rec("T1", Struct({u64}), {"0"});
  rec("T2", Struct({f64}), {"a"});  // where the PhantomData goes is not repr(C)'s to say
  rec("U1", Union({u8, u64, Array(u16, 5)}), {"a", "b", "c"});
  Rec pair = Struct({u32, u16});
  rec("Pair", pair, {"a", "b"});
  rec("U2", Union({pair.l, f64, i128}), {"a", "b", "c"});
  rec("UP", Union({u8, u32}, 1), {"a", "b"});
  add("Eu8", u8);
  add("Ei8", Prim(t, "i8"));
  add("Eu16", u16);
  add("Ei16", Prim(t, "i16"));
  add("Eu32", u32);
  add("Ei32", Prim(t, "i32"));
  add("Eu64", u64);
  add("Ei64", Prim(t, "i64"));
  // repr(C): the smallest integer of at least c_enum_min_bits that holds
  // the discriminants (0 and 1 here).
  L ec = t.c_enum_min_bits == 8 ? Prim(t, "i8") : t.c_enum_min_bits == 16 ? Prim(t, "i16") : Prim(t, "i32");
  add("EC", ec);
  rec("HasEnums", Struct({u8, u64, ec, u8}), {"a", "b", "c", "d"});
  rec("Arr", Struct({Array(u8, 3), Array(u64, 2), Array(Array(u16, 3), 2), Array(Ffi(t, "c_long"), 0)}),
      {"a", "b", "c", "d"});
  rec("Ptrs", Struct({ptr, ptr, ptr, ptr, ptr, ptr, ptr, ptr, ptr, u8}),
      {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"});
  rec("Wrap", Struct({u64, u16, u32}), {"a", "b", "c"});
  L unit3 = Array(u8, 3), unit2 = Array(u8, 2);
  add("__BindgenBitfieldUnit<[u8; 3]>", unit3);
  rec("BF1", Struct({Array(u32, 0), unit3, u8}), {"_bitfield_align_1", "_bitfield_1", "x"});
  rec("BF2", Struct({u8, Array(u64, 0), unit2, u16}), {"a", "_bitfield_align_1", "_bitfield_1", "b"});
  return c;
}

struct Expected {
  std::vector<ProbeQuery> queries;
  std::vector<uint64_t> values;
};
Expected ToQueries(const std::vector<Case>& cases) {
  Expected e;
  for (const Case& c : cases) {
    e.queries.push_back({QueryKind::kSize, c.type, ""});
    e.values.push_back(c.expect.size);
    e.queries.push_back({QueryKind::kAlign, c.type, ""});
    e.values.push_back(c.expect.align);
    for (size_t i = 0; i < c.fields.size(); ++i) {
      e.queries.push_back({QueryKind::kOffset, c.type, c.fields[i]});
      e.values.push_back(c.offsets[i]);
    }
    if (c.is_signed.has_value()) {
      e.queries.push_back({QueryKind::kIsSigned, c.type, ""});
      e.values.push_back(*c.is_signed ? 1 : 0);
    }
  }
  return e;
}

std::string Describe(const ProbeQuery& q) {
  switch (q.kind) {
    case QueryKind::kSize: return "size_of::<" + q.type + ">";
    case QueryKind::kAlign: return "align_of::<" + q.type + ">";
    case QueryKind::kOffset: return "offset_of!(" + q.type + ", " + q.field + ")";
    case QueryKind::kIsSigned: return "is_signed(" + q.type + ")";
  }
  return "?";
}

// Checks one probe run; returns the number of disagreements.
size_t Check(const TargetInfo& t, const Expected& e, const ProbeResult& r) {
  size_t bad = 0;
  EXPECT_EQ(r.values.size(), e.values.size());
  for (size_t i = 0; i < e.values.size() && i < r.values.size(); ++i) {
    if (r.values[i] == e.values[i]) continue;
    ++bad;
    ADD_FAILURE() << t.rust_triple << ": " << Describe(e.queries[i]) << ": rustc " << r.values[i] << ", table "
                  << e.values[i];
  }
  if (r.endian != t.endian) {
    ++bad;
    ADD_FAILURE() << t.rust_triple << ": probe byte order differs from the table";
  }
  return bad;
}

TEST(MinicoreProbeOracle, EveryTargetAgreesWithTheTable) {
  absl::StatusOr<std::string> rustc = FindProgram("rustc");
  if (!rustc.ok()) GTEST_SKIP() << "no rustc on PATH";
  absl::StatusOr<std::string> sysroot = RustcSysroot(*rustc);
  bool have_core_source = sysroot.ok() && LoadRustcFfiSource(*sysroot).ok();

  std::printf("%-34s %8s %8s %10s %14s\n", "target", "types", "offsets", "core::ffi", "disagreements");
  size_t total_facts = 0, total_bad = 0;
  for (const TargetInfo& t : AllTargets()) {
    std::vector<Case> cases = Cases(t);
    Expected e = ToQueries(cases);
    size_t types = cases.size(), offsets = 0;
    for (const Case& c : cases) offsets += c.fields.size();

    absl::StatusOr<ProbeResult> r = RunMinicoreProbe(t.rust_triple, kItems, e.queries, {.rustc = *rustc});
    ASSERT_TRUE(r.ok()) << t.rust_triple << ": " << r.status();
    size_t bad = Check(t, e, *r);

    // core::ffi and std::os::raw as rustc's own core source defines them.
    size_t ffi_facts = 0;
    if (have_core_source) {
      std::vector<Case> ffi;
      for (const Case& c : cases)
        if (c.type.rfind("core::ffi::", 0) == 0 || c.type.rfind("std::os::raw::", 0) == 0) ffi.push_back(c);
      Expected fe = ToQueries(ffi);
      absl::StatusOr<ProbeResult> fr = RunMinicoreProbe(
          t.rust_triple, "", fe.queries, {.rustc = *rustc, .ffi = FfiSource::kRustcCoreSource});
      ASSERT_TRUE(fr.ok()) << t.rust_triple << ": " << fr.status();
      bad += Check(t, fe, *fr);
      ffi_facts = fe.values.size();
    }
    total_facts += e.values.size() + ffi_facts;
    total_bad += bad;
    std::printf("%-34s %8zu %8zu %10s %14zu\n", std::string(t.rust_triple).c_str(), types, offsets,
                have_core_source ? std::to_string(ffi_facts).c_str() : "skipped", bad);
  }
  std::printf("%zu targets, %zu facts checked, %zu disagreements\n", AllTargets().size(), total_facts, total_bad);
  EXPECT_EQ(total_bad, 0u);
}

// A probe that does not compile names the query at fault.
TEST(MinicoreProbeOracle, BadQueryIsNamed) {
  absl::StatusOr<std::string> rustc = FindProgram("rustc");
  if (!rustc.ok()) GTEST_SKIP() << "no rustc on PATH";
  absl::StatusOr<ProbeResult> r =
      RunMinicoreProbe("aarch64-unknown-linux-gnu", "#[repr(C)] pub struct S { pub a: u8 }\n",
                       {{QueryKind::kSize, "S", ""}, {QueryKind::kOffset, "S", "nope"}}, {.rustc = *rustc});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr("query #1 (offset_of!(S, nope))"));
  EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr("aarch64-unknown-linux-gnu"));

  absl::StatusOr<ProbeResult> item = RunMinicoreProbe("aarch64-unknown-linux-gnu", "pub struct S { a: Missing }\n",
                                                      {{QueryKind::kSize, "u8", ""}}, {.rustc = *rustc});
  ASSERT_FALSE(item.ok());
  EXPECT_THAT(std::string(item.status().message()), ::testing::HasSubstr("probe item line 1"));

  absl::StatusOr<ProbeResult> unknown =
      RunMinicoreProbe("sparc128-unknown-nowhere", "", {}, {.rustc = *rustc, .ffi = FfiSource::kRustcCoreSource});
  EXPECT_FALSE(unknown.ok());
  absl::StatusOr<ProbeResult> not_in_table = RunMinicoreProbe("riscv32imc-unknown-none-elf", "", {}, {.rustc = *rustc});
  ASSERT_FALSE(not_in_table.ok());
  EXPECT_THAT(not_in_table, testutil::StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace bindfuzz::target
