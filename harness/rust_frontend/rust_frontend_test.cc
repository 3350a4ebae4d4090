// The extractor on bindgen output, -sys idioms and hand-written crates.
#include "harness/rust_frontend/rust_frontend.h"

#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"
#include "harness/rust_frontend/rust_frontend_test_util.h"

namespace bindfuzz::rust_frontend {
namespace {

using namespace test_util;  // NOLINT: the shared helpers and their using-declarations

constexpr const char* kBindgenHelpers = R"rs(
#[repr(C)]
#[derive(Copy, Clone, Debug, Default, Eq, Hash, Ord, PartialEq, PartialOrd)]
pub struct __BindgenBitfieldUnit<Storage> {
    storage: Storage,
}
impl<Storage> __BindgenBitfieldUnit<Storage>
where
    Storage: AsRef<[u8]> + AsMut<[u8]>,
{
    #[inline]
    pub fn get(&self, bit_offset: usize, bit_width: u8) -> u64 {
        let mut val = 0;
        for i in 0..(bit_width as usize) {
            if self.get_bit(i + bit_offset) {
                let index = if cfg!(target_endian = "big") { bit_width as usize - 1 - i } else { i };
                val |= 1 << index;
            }
        }
        val
    }
}
#[repr(C)]
#[derive(Default)]
pub struct __IncompleteArrayField<T>(::core::marker::PhantomData<T>, [T; 0]);
#[repr(C)]
pub struct __BindgenUnionField<T>(::core::marker::PhantomData<T>);
)rs";

TEST(Bindgen, BitfieldsFromAccessors) {
  std::string src = std::string(kBindgenHelpers) + R"rs(
#[repr(C)]
#[repr(align(8))]
#[derive(Debug, Copy, Clone)]
pub struct bf {
    pub _bitfield_align_1: [u8; 0],
    pub _bitfield_1: __BindgenBitfieldUnit<[u8; 1usize]>,
    pub c: ffi::c_int,
    pub _bitfield_align_2: [u64; 0],
    pub _bitfield_2: __BindgenBitfieldUnit<[u8; 6usize]>,
    pub __bindgen_padding_0: u16,
}
impl bf {
    #[inline]
    pub fn a(&self) -> ffi::c_uint {
        unsafe { ::core::mem::transmute(self._bitfield_1.get(0usize, 3u8) as u32) }
    }
    #[inline]
    pub fn set_a(&mut self, val: ffi::c_uint) {
        unsafe {
            let val: u32 = ::core::mem::transmute(val);
            self._bitfield_1.set(0usize, 3u8, val as u64)
        }
    }
    #[inline]
    pub fn type_(&self) -> ffi::c_uint {
        unsafe { ::core::mem::transmute(self._bitfield_1.get(3usize, 5u8) as u32) }
    }
    #[inline]
    pub unsafe fn type__raw(this: *const Self) -> ffi::c_uint {
        unsafe { ::core::mem::transmute(<__BindgenBitfieldUnit<[u8; 1usize]>>::raw_get(::core::ptr::addr_of!((*this)._bitfield_1), 3usize, 5u8) as u32) }
    }
    #[inline]
    pub fn d(&self) -> ffi::c_ulonglong {
        unsafe { ::core::mem::transmute(self._bitfield_2.get(0usize, 40u8) as u64) }
    }
    #[inline]
    pub fn e(&self) -> ffi::c_char {
        unsafe { ::core::mem::transmute(self._bitfield_2.get(40usize, 2u8) as u8) }
    }
    #[inline]
    pub fn new_bitfield_1(a: ffi::c_uint) -> __BindgenBitfieldUnit<[u8; 1usize]> {
        let mut __bindgen_bitfield_unit: __BindgenBitfieldUnit<[u8; 1usize]> = Default::default();
        __bindgen_bitfield_unit.set(0usize, 3u8, { let a: u32 = unsafe { ::core::mem::transmute(a) }; a as u64 });
        __bindgen_bitfield_unit
    }
}
)rs";
  Contract c = MustX(src);
  const Record& r = Rec(c, "bf");
  EXPECT_EQ(r.size_bytes, 16u);
  EXPECT_EQ(r.align_bytes, 8u);
  std::vector<std::string> names;
  for (const Field& f : r.fields) names.push_back(f.name);
  EXPECT_THAT(names, ElementsAre("_bitfield_align_1", "_bitfield_1", "a", "type", "c", "_bitfield_align_2",
                                 "_bitfield_2", "d", "e", "__bindgen_padding_0"));
  EXPECT_TRUE(Fld(r, "_bitfield_1").artificial);
  EXPECT_EQ(Fld(r, "_bitfield_1").size_bits, 8u);
  EXPECT_TRUE(Fld(r, "_bitfield_align_2").artificial);
  EXPECT_TRUE(Fld(r, "__bindgen_padding_0").artificial);
  const Field& a = Fld(r, "a");
  EXPECT_TRUE(a.is_bitfield);
  EXPECT_FALSE(a.artificial);
  EXPECT_EQ(a.offset_bits, 0u);
  EXPECT_EQ(a.size_bits, 3u);
  EXPECT_EQ(a.type.bits, 32u);
  const Field& t = Fld(r, "type");
  EXPECT_EQ(t.rust_name, "type_");
  EXPECT_EQ(t.offset_bits, 3u);
  EXPECT_EQ(t.size_bits, 5u);
  EXPECT_EQ(Fld(r, "d").offset_bits, 64u);  // unit 2 at byte 8
  EXPECT_EQ(Fld(r, "d").size_bits, 40u);
  EXPECT_EQ(Fld(r, "e").offset_bits, 104u);
  EXPECT_EQ(Fld(r, "e").size_bits, 2u);
  EXPECT_TRUE(HasNote(c, "__BindgenBitfieldUnit", "generic struct"));
}

TEST(Bindgen, AnonymousMembersFollowTheNamingScheme) {
  // As bindgen 0.60.1 emits `struct anon { int x; union { int i; float f; };
  // struct { char p; long q; } named; union { short s; char cc; };
  // struct { union { int deep; }; } ; int y[]; }`.
  std::string src = std::string(kBindgenHelpers) + R"rs(
#[repr(C)]
pub struct anon {
    pub x: ffi::c_int,
    pub __bindgen_anon_1: anon__bindgen_ty_1,
    pub named: anon__bindgen_ty_2,
    pub __bindgen_anon_2: anon__bindgen_ty_3,
    pub __bindgen_anon_3: anon__bindgen_ty_4,
    pub y: __IncompleteArrayField<ffi::c_int>,
}
#[repr(C)]
#[derive(Copy, Clone)]
pub union anon__bindgen_ty_1 {
    pub i: ffi::c_int,
    pub f: f32,
}
#[repr(C)]
pub struct anon__bindgen_ty_2 {
    pub p: ffi::c_char,
    pub q: ffi::c_long,
}
#[repr(C)]
pub union anon__bindgen_ty_3 {
    pub s: ffi::c_short,
    pub cc: ffi::c_char,
}
#[repr(C)]
pub struct anon__bindgen_ty_4 {
    pub __bindgen_anon_1: anon__bindgen_ty_4__bindgen_ty_1,
}
#[repr(C)]
pub union anon__bindgen_ty_4__bindgen_ty_1 {
    pub deep: ffi::c_int,
}
pub const anon_KA: anon__bindgen_ty_5 = 0;
pub type anon__bindgen_ty_5 = ffi::c_uint;
#[repr(C)]
pub struct holder { pub kind: anon__bindgen_ty_5 }
)rs";
  Contract c = MustX(src);
  const Record& r = Rec(c, "anon");
  EXPECT_EQ(r.size_bytes, 32u);
  EXPECT_TRUE(r.has_flexible_array);
  const Field& a1 = Fld(r, "(anon#1)");
  EXPECT_EQ(a1.rust_name, "__bindgen_anon_1");
  EXPECT_EQ(a1.type.kind, TypeKind::kRecord);
  EXPECT_EQ(a1.type.name, "anon::(anon#1)");
  EXPECT_EQ(Fld(r, "named").type.name, "anon::named");
  EXPECT_EQ(Fld(r, "(anon#2)").type.name, "anon::(anon#2)");
  EXPECT_EQ(Fld(r, "(anon#3)").type.name, "anon::(anon#3)");
  EXPECT_EQ(OffB(r, "named"), 8u);
  EXPECT_EQ(OffB(r, "(anon#2)"), 24u);
  EXPECT_EQ(OffB(r, "y"), 32u);
  EXPECT_TRUE(Fld(r, "y").type.flexible);
  EXPECT_TRUE(Rec(c, "anon::(anon#1)").anonymous);
  EXPECT_EQ(Rec(c, "anon::(anon#1)").kind, contract::RecordKind::kUnion);
  EXPECT_TRUE(Rec(c, "anon::named").anonymous);
  EXPECT_EQ(Rec(c, "anon::(anon#2)").size_bytes, 2u);
  EXPECT_EQ(Rec(c, "anon::(anon#3)::(anon#1)").size_bytes, 4u);
  EXPECT_EQ(c.records.count("anon__bindgen_ty_1"), 0u);
  // The enum is not referenced by a field of `anon`: keyed by its name.
  EXPECT_EQ(c.enums.count("anon__bindgen_ty_5"), 1u);
  EXPECT_EQ(c.enums.at("anon__bindgen_ty_5").enumerators[0].name, "KA");
}

TEST(Bindgen, NestedAnonymousEnumKeyedByField) {
  Contract c = MustX(R"rs(
#[repr(C)]
pub struct s { pub kind: s__bindgen_ty_1, pub arr: [s__bindgen_ty_2; 2usize] }
pub const s_KA: s__bindgen_ty_1 = 0;
pub const s_KB: s__bindgen_ty_1 = 1;
pub type s__bindgen_ty_1 = ffi::c_uint;
#[repr(C)] #[derive(Copy, Clone)] pub struct s__bindgen_ty_2 { pub z: u8 }
)rs");
  ASSERT_EQ(c.enums.count("s::kind"), 1u) << AllNotes(c);
  const auto& e = c.enums.at("s::kind");
  EXPECT_TRUE(e.anonymous);
  EXPECT_EQ(e.rust_style, "consts");
  ASSERT_EQ(e.enumerators.size(), 2u);
  EXPECT_EQ(e.enumerators[1].name, "KB");
  EXPECT_EQ(Fld(Rec(c, "s"), "kind").type.kind, TypeKind::kEnum);
  EXPECT_EQ(Fld(Rec(c, "s"), "kind").type.name, "s::kind");
  EXPECT_EQ(Rec(c, "s::arr").size_bytes, 1u);
  EXPECT_EQ(Fld(Rec(c, "s"), "arr").type.inner[0].name, "s::arr");
  EXPECT_EQ(c.constants.count("s_KA"), 1u);
}

TEST(Bindgen, EnumStyles) {
  Contract c = MustX(R"rs(
pub const color_RED: color = 0;
pub const color_GREEN: color = 5;
pub const color_BLUE: color = -1;
pub type color = ffi::c_int;
pub const ANON_A: _bindgen_ty_1 = 1;
pub const ANON_B: _bindgen_ty_1 = 2;
pub type _bindgen_ty_1 = ffi::c_uint;
pub const kw_true_: kw = 1;
pub type kw = ffi::c_uint;
#[repr(u32)]
#[derive(Debug, Copy, Clone, Hash, PartialEq, Eq)]
pub enum rust_e {
    RA = 0,
    RB = 7,
    RC,
}
pub use self::rust_e as rust_e_t;
impl nt_e {
    pub const NA: nt_e = nt_e(1);
}
impl nt_e {
    pub const NB: nt_e = nt_e(2);
}
#[repr(transparent)]
#[derive(Debug, Copy, Clone, Hash, PartialEq, Eq)]
pub struct nt_e(pub ffi::c_uint);
impl bf_e {
    pub const BA: bf_e = bf_e(1);
}
impl ::core::ops::BitOr<bf_e> for bf_e {
    type Output = Self;
    #[inline]
    fn bitor(self, other: Self) -> Self {
        bf_e(self.0 | other.0)
    }
}
#[repr(transparent)]
pub struct bf_e(pub ffi::c_uint);
pub mod mc_e {
    pub type Type = ffi::c_uint;
    pub const MA: Type = 0;
    pub const MB: Type = 1;
}
#[repr(C)]
pub struct user { pub a: color, pub b: rust_e_t, pub c: nt_e, pub d: mc_e::Type, pub e: bf_e }
pub type gfp_t = ffi::c_uint;
pub const GFP_X: u32 = 4;
)rs");
  ASSERT_EQ(c.enums.count("color"), 1u);
  const auto& color = c.enums.at("color");
  EXPECT_EQ(color.rust_style, "consts");
  EXPECT_EQ(color.size_bytes, 4u);
  EXPECT_TRUE(color.underlying.is_signed);
  ASSERT_EQ(color.enumerators.size(), 3u);
  EXPECT_EQ(color.enumerators[0].name, "RED");
  EXPECT_EQ(color.enumerators[2].name, "BLUE");
  EXPECT_TRUE(color.enumerators[2].value.negative);
  EXPECT_EQ(color.enumerators[2].value.magnitude, 1u);
  EXPECT_EQ(c.constants.count("color_RED"), 1u);
  EXPECT_EQ(c.typedefs.count("color"), 0u);
  EXPECT_TRUE(c.enums.at("_bindgen_ty_1").anonymous);
  EXPECT_EQ(c.enums.at("_bindgen_ty_1").enumerators[1].name, "ANON_B");
  EXPECT_EQ(c.enums.at("kw").enumerators[0].name, "true");
  const auto& r = c.enums.at("rust_e");
  EXPECT_EQ(r.rust_style, "rustified");
  EXPECT_EQ(r.enumerators[2].value.magnitude, 8u);
  EXPECT_EQ(c.typedefs.at("rust_e_t").target.kind, TypeKind::kEnum);
  EXPECT_EQ(c.enums.at("nt_e").rust_style, "newtype");
  EXPECT_THAT(c.enums.at("nt_e").enumerators.size(), 2u);
  EXPECT_EQ(c.enums.at("nt_e").enumerators[1].name, "NB");
  EXPECT_EQ(c.enums.at("bf_e").rust_style, "bitfield");
  EXPECT_EQ(c.records.count("nt_e"), 0u);
  EXPECT_EQ(c.enums.at("mc_e").rust_style, "moduleconsts");
  EXPECT_EQ(c.enums.at("mc_e").enumerators[1].name, "MB");
  const Record& u = Rec(c, "user");
  EXPECT_EQ(Fld(u, "a").type.kind, TypeKind::kEnum);
  EXPECT_EQ(Fld(u, "b").type.kind, TypeKind::kTypedef);
  EXPECT_EQ(Fld(u, "c").type.kind, TypeKind::kEnum);
  EXPECT_EQ(Fld(u, "d").type.name, "mc_e");
  EXPECT_EQ(Fld(u, "e").type.name, "bf_e");
  EXPECT_EQ(u.size_bytes, 20u);
  EXPECT_EQ(c.enums.count("gfp_t"), 0u);
  EXPECT_EQ(c.typedefs.count("gfp_t"), 1u);
}

TEST(Bindgen, KeywordEscapedNamesAndTypedefs) {
  Contract c = MustX(R"rs(
pub type __u64 = ffi::c_ulonglong;
pub type u64_ = __u64;
pub type bool_ = bool;
#[repr(C)]
pub struct tstruct {
    pub type_: ffi::c_int,
    pub ref_: u64_,
    pub r#in: bool_,
    pub cb: ::core::option::Option<unsafe extern "C" fn(arg1: ffi::c_int, ...)>,
}
)rs");
  const Record& r = Rec(c, "tstruct");
  EXPECT_EQ(Fld(r, "type").rust_name, "type_");
  EXPECT_EQ(Fld(r, "ref").type.kind, TypeKind::kTypedef);
  EXPECT_EQ(Fld(r, "ref").type.name, "u64");
  EXPECT_EQ(Fld(r, "in").rust_name, "r#in");
  EXPECT_EQ(OffB(r, "ref"), 8u);
  EXPECT_EQ(OffB(r, "cb"), 24u);
  EXPECT_TRUE(Fld(r, "cb").type.nullable);
  EXPECT_TRUE(Fld(r, "cb").type.inner[0].variadic);
  EXPECT_EQ(c.typedefs.count("u64"), 1u);
  EXPECT_EQ(c.typedefs.count("bool"), 1u);
  EXPECT_EQ(c.typedefs.at("u64").target.name, "__u64");
}

TEST(Bindgen, OpaqueForwardAndUnionEmulation) {
  std::string src = std::string(kBindgenHelpers) + R"rs(
#[repr(C)] #[derive(Debug, Copy, Clone)] pub struct opaque { _unused: [u8; 0] }
#[repr(C)] #[repr(align(8))] pub struct blob { pub _bindgen_opaque_blob: [u64; 5usize] }
#[repr(C)] #[repr(align(64))]
pub struct fpregs {
    pub a: __BindgenUnionField<[u8; 12usize]>,
    pub b: __BindgenUnionField<u64>,
    pub bindgen_union_field: [u8; 128usize],
}
#[repr(C)] pub struct cpp_empty { pub _address: u8 }
)rs";
  Contract c = MustX(src);
  EXPECT_FALSE(Rec(c, "opaque").complete);
  EXPECT_TRUE(Rec(c, "opaque").fields.empty());
  EXPECT_TRUE(Rec(c, "blob").opaque);
  EXPECT_EQ(Rec(c, "blob").size_bytes, 40u);
  const Record& f = Rec(c, "fpregs");
  EXPECT_EQ(f.kind, contract::RecordKind::kUnion);
  EXPECT_EQ(f.size_bytes, 128u);
  EXPECT_EQ(f.align_bytes, 64u);
  EXPECT_EQ(Fld(f, "a").size_bits, 96u);
  EXPECT_EQ(Fld(f, "b").offset_bits, 0u);
  EXPECT_EQ(Fld(f, "b").type.bits, 64u);
  EXPECT_TRUE(Fld(f, "bindgen_union_field").artificial);
  EXPECT_TRUE(Fld(Rec(c, "cpp_empty"), "_address").artificial);
}

// The -sys idioms for a C type Rust only points to: `pub enum X {}`, the
// old bindgen tuple `struct X([u8; 0]);`, `{ _private: [u8; 0] }`. Each is
// an incomplete record (C's `struct X;`), and a pointer to it a pointer to a
// record, never to an enum.
TEST(SysIdioms, OpaqueTypesAreIncompleteRecords) {
  Contract c = MustX(R"rs(
pub enum fwd {}
#[repr(C)] pub struct db([u8; 0]);
#[repr(C)] pub struct priv_t { _private: [u8; 0] }
#[repr(u8)] pub enum one { A = 1 }
extern "C" { pub fn use_fwd(p: *mut fwd, q: *const db, r: *mut priv_t) -> i32; }
)rs");
  for (const char* n : {"fwd", "db", "priv_t"}) {
    ASSERT_EQ(c.records.count(n), 1u) << n;
    EXPECT_FALSE(Rec(c, n).complete) << n;
    EXPECT_TRUE(Rec(c, n).fields.empty()) << n;
    EXPECT_FALSE(HasNote(c, n, "layout not computed")) << n;
  }
  EXPECT_EQ(c.enums.count("fwd"), 0u);
  EXPECT_EQ(c.enums.count("one"), 1u);
  const contract::Function& f = c.functions.at("use_fwd");
  ASSERT_EQ(f.params.size(), 3u);
  EXPECT_EQ(f.params[0].type.kind, TypeKind::kPointer);
  EXPECT_EQ(f.params[0].type.inner.at(0).kind, TypeKind::kRecord);
  EXPECT_EQ(f.params[0].type.inner.at(0).name, "fwd");
}

// bindgen's constants of a rustified anonymous enum (linux-raw-sys):
// `pub const X: _bindgen_ty_2 = _bindgen_ty_2::X;` is the variant's value.
TEST(SysIdioms, ConstantsOfARustifiedEnumAreItsDiscriminants) {
  Contract c = MustX(R"rs(
#[repr(u32)]
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub enum _bindgen_ty_2 { IPV4_DEVCONF_FORWARDING = 1, IPV4_DEVCONF_MC_FORWARDING = 2, LATER = 7, NEXT }
pub const IPV4_DEVCONF_FORWARDING: _bindgen_ty_2 = _bindgen_ty_2::IPV4_DEVCONF_FORWARDING;
pub const NEXT: _bindgen_ty_2 = _bindgen_ty_2::NEXT;
)rs");
  ASSERT_EQ(c.constants.count("IPV4_DEVCONF_FORWARDING"), 1u) << AllNotes(c);
  EXPECT_EQ(c.constants.at("IPV4_DEVCONF_FORWARDING").int_value.magnitude, 1u);
  EXPECT_EQ(c.constants.at("NEXT").int_value.magnitude, 8u);
}

// A dependency crate (RustSource::crate_name, as --crate passes libc):
// `libc::size_t`, `libc::timeval` resolve into its source; only what the
// crate under check uses becomes an entry, and none of it is a statistic.
TEST(SysIdioms, DependencyTypesResolveThroughTheirSource) {
  std::vector<RustSource> srcs = {
      {"lib.rs", "#[prelude_import] use std::prelude::rust_2021::*;\nuse libc::{c_int, size_t};\n"
                 "#[repr(C)] pub struct s { pub n: size_t, pub t: libc::timeval, pub o: ::libc::off_t, pub i: c_int }\n"},
      {"libc.rs", "pub type c_int = i32; pub type c_long = i64; pub type size_t = usize; pub type off_t = i64;\n"
                  "pub type suseconds_t = i64;\n"
                  "mod unix { pub type time_t = i64; }\npub use unix::*;\n"
                  "#[repr(C)] pub struct timeval { pub tv_sec: ::time_t, pub tv_usec: suseconds_t }\n"
                  "#[repr(C)] pub struct unused { pub a: c_long }\n"
                  "extern \"C\" { pub fn dep_fn() -> c_int; }\n",
       "libc"},
  };
  auto ex = ExtractRustSources(srcs, {});
  ASSERT_TRUE(ex.ok()) << ex.status();
  const Contract& c = ex->contract;
  const Record& r = Rec(c, "s");
  EXPECT_EQ(r.size_bytes, 40u);
  EXPECT_EQ(Fld(r, "t").offset_bits, 64u);
  EXPECT_EQ(Fld(r, "t").type.kind, TypeKind::kRecord);
  EXPECT_EQ(Fld(r, "o").offset_bits, 192u);
  EXPECT_EQ(Fld(r, "i").type.bits, 32u);
  EXPECT_EQ(c.records.count("timeval"), 1u);
  EXPECT_EQ(Rec(c, "timeval").size_bytes, 16u);
  EXPECT_EQ(c.typedefs.count("size_t"), 1u);
  EXPECT_EQ(c.records.count("unused"), 0u);
  EXPECT_EQ(c.functions.count("dep_fn"), 0u);
  EXPECT_THAT(c.provenance.inputs, ElementsAre("lib.rs"));
  EXPECT_EQ(ex->stats.structs.seen, 1u);
  EXPECT_EQ(ex->stats.structs.modelled, 1u);
}

TEST(Bindgen, OldStyleLayoutTestsAreAsserted) {
  Contract c = MustX(R"rs(
#[repr(C)]
pub struct anon { pub x: ffi::c_int, pub __bindgen_anon_1: anon__bindgen_ty_1, pub type_: u8 }
#[repr(C)] #[derive(Copy, Clone)] pub union anon__bindgen_ty_1 { pub i: u64 }
#[test]
fn bindgen_test_layout_anon() {
    assert_eq!(::core::mem::size_of::<anon>(), 32usize, concat!("Size of: ", stringify!(anon)));
    assert_eq!(::core::mem::align_of::<anon>(), 8usize, concat!("Alignment of ", stringify!(anon)));
    fn test_field_x() {
        assert_eq!(
            unsafe {
                let uninit = ::core::mem::MaybeUninit::<anon>::uninit();
                let ptr = uninit.as_ptr();
                ::core::ptr::addr_of!((*ptr).x) as usize - ptr as usize
            },
            0usize,
            concat!("Offset of field: ", stringify!(anon), "::", stringify!(x))
        );
    }
    test_field_x();
    assert_eq!(
        unsafe { &(*(::core::ptr::null::<anon>())).type_ as *const _ as usize },
        20usize,
        concat!("Offset of field: ", stringify!(anon), "::", stringify!(type_))
    );
}
#[test]
fn bindgen_test_layout_anon__bindgen_ty_1() {
    assert_eq!(::core::mem::size_of::<anon__bindgen_ty_1>(), 8usize, concat!("Size of: ", stringify!(anon__bindgen_ty_1)));
}
)rs");
  const Record& r = Rec(c, "anon");
  EXPECT_EQ(r.asserted.size_bytes, 32u);
  EXPECT_EQ(r.asserted.align_bytes, 8u);
  EXPECT_THAT(r.asserted.field_offset_bytes, ElementsAre(Pair("type", 20u), Pair("x", 0u)));
  EXPECT_EQ(r.size_bytes, 24u);  // what Rust computes: assertions are kept apart
  EXPECT_EQ(Rec(c, "anon::(anon#1)").asserted.size_bytes, 8u);
}

TEST(Bindgen, ConstBlockAssertionsAreAsserted) {
  Contract c = MustX(R"rs(
#[repr(C)]
#[repr(align(4))]
#[derive(Debug, Default, Copy, Clone)]
pub struct A {
    pub x: ::std::os::raw::c_uchar,
    pub __bindgen_anon_1: u16,
    pub y: ::std::os::raw::c_uchar,
}
#[allow(clippy::unnecessary_operation, clippy::identity_op)]
const _: () = {
    ["Size of A"][::std::mem::size_of::<A>() - 4usize];
    ["Alignment of A"][::std::mem::align_of::<A>() - 4usize];
    ["Offset of field: A::x"][::std::mem::offset_of!(A, x) - 0usize];
    ["Offset of field: A::__bindgen_anon_1"][::std::mem::offset_of!(A, __bindgen_anon_1) - 2usize];
    ["Offset of field: A::y"][::std::mem::offset_of!(A, y) - 3usize];
};
)rs");
  const Record& r = Rec(c, "A");
  EXPECT_EQ(r.asserted.size_bytes, 4u);
  EXPECT_EQ(r.asserted.align_bytes, 4u);
  EXPECT_THAT(r.asserted.field_offset_bytes, ElementsAre(Pair("(anon#1)", 2u), Pair("x", 0u), Pair("y", 3u)));
  EXPECT_EQ(r.size_bytes, 8u);
  EXPECT_EQ(OffB(r, "y"), 4u);
}

TEST(Bindgen, FunctionsAndStatics) {
  Contract c = MustX(R"rs(
extern "C" {
    pub fn foo(fmt: *const ffi::c_char, ...) -> ffi::c_int;
}
extern "C" {
    #[link_name = "\u{1}yield"]
    pub fn yield_();
}
extern "C" {
    pub fn die(arg1: ffi::c_int) -> !;
    pub fn takes_cb(cb: ::core::option::Option<unsafe extern "C" fn(arg1: *mut ffi::c_void) -> ffi::c_int>, type_: u8);
}
unsafe extern "C" {
    pub safe fn safe_one() -> u32;
}
extern "stdcall" { pub fn win(x: i32); }
extern "C" {
    pub static mut gvar: ffi::c_int;
    pub static ro: [ffi::c_ulong; 4usize];
    #[link_name = "\u{1}rsp"]
    pub static mut current_stack_pointer: ffi::c_ulong;
}
)rs");
  const auto& foo = c.functions.at("foo");
  EXPECT_TRUE(foo.variadic);
  ASSERT_EQ(foo.params.size(), 1u);
  EXPECT_EQ(foo.params[0].name, "fmt");
  EXPECT_TRUE(foo.params[0].type.inner[0].is_const);
  EXPECT_TRUE(foo.return_type.is_signed);
  EXPECT_EQ(foo.loc.ToString(), "t.rs:3:12");
  EXPECT_EQ(c.functions.count("yield"), 1u);
  EXPECT_EQ(c.functions.count("yield_"), 0u);
  EXPECT_TRUE(c.functions.at("die").no_return);
  EXPECT_EQ(c.functions.at("die").return_type.kind, TypeKind::kVoid);
  const auto& cb = c.functions.at("takes_cb");
  EXPECT_TRUE(cb.params[0].type.nullable);
  EXPECT_EQ(cb.params[1].name, "type");
  EXPECT_EQ(c.functions.count("safe_one"), 1u);
  EXPECT_EQ(c.functions.at("win").calling_conv, "stdcall");
  EXPECT_EQ(c.functions.at("foo").calling_conv, "");
  EXPECT_FALSE(c.variables.at("gvar").is_const);
  EXPECT_TRUE(c.variables.at("ro").is_const);
  EXPECT_EQ(c.variables.at("ro").type.count, 4u);
  EXPECT_EQ(c.variables.count("rsp"), 1u);
}

TEST(Bindgen, Constants) {
  Contract c = MustX(R"rs(
pub const FOO: u32 = 16;
pub const NEG: i32 = -5;
pub const HEX: u64 = 0xFFFF_FFFF_FFFF_FFFFu64;
pub const MIN64: i64 = -9223372036854775808;
pub const UINT_FAST16_MAX: i32 = -1;
pub const STR: &[u8; 4usize] = b"abc\0";
pub const EMPTY: &[u8; 1usize] = b"\0";
pub const SHIFT: u32 = 1 << 31;
pub const MASK: u8 = !0x0F;
pub const ARITH: i64 = (FOO as i64 - 20) * 3 / 2 % 5;
pub const CASTW: u8 = -1i32 as u8;
pub const CASTS: i8 = 200u8 as i8;
pub const BITS: u32 = u16::MAX as u32 + i8::MIN as u8 as u32;
pub const WRAP: u32 = u16::MAX as u32 + i8::MIN as u32;
pub const F: f32 = 1.5;
pub const B: bool = FOO > 3 && true;
pub const C: u32 = 'A' as u32;
pub const BLOCK: usize = { 4usize * 2 };
pub const OVER: u8 = 255 + 1;
pub const CALL: u32 = foo();
pub const UNIT: () = ();
)rs");
  EXPECT_EQ(c.constants.at("FOO").int_value.magnitude, 16u);
  EXPECT_TRUE(c.constants.at("NEG").int_value.negative);
  EXPECT_EQ(c.constants.at("NEG").int_value.magnitude, 5u);
  EXPECT_EQ(c.constants.at("HEX").int_value.magnitude, ~uint64_t{0});
  EXPECT_EQ(c.constants.at("MIN64").int_value.magnitude, uint64_t{1} << 63);
  EXPECT_TRUE(c.constants.at("MIN64").int_value.negative);
  EXPECT_TRUE(c.constants.at("UINT_FAST16_MAX").int_value.negative);
  EXPECT_EQ(c.constants.at("STR").kind, contract::ConstantKind::kString);
  EXPECT_EQ(c.constants.at("STR").string_value, "abc");
  EXPECT_EQ(c.constants.at("EMPTY").string_value, "");
  EXPECT_EQ(c.constants.at("SHIFT").int_value.magnitude, 1u << 31);
  EXPECT_EQ(c.constants.at("MASK").int_value.magnitude, 0xF0u);
  EXPECT_EQ(c.constants.at("ARITH").int_value.magnitude, 1u);
  EXPECT_TRUE(c.constants.at("ARITH").int_value.negative);  // (16-20)*3/2%5 = -6%5 = -1
  EXPECT_EQ(c.constants.at("CASTW").int_value.magnitude, 255u);
  EXPECT_TRUE(c.constants.at("CASTS").int_value.negative);
  EXPECT_EQ(c.constants.at("CASTS").int_value.magnitude, 56u);
  EXPECT_EQ(c.constants.at("BITS").int_value.magnitude, 65535u + 128u);
  EXPECT_TRUE(HasNote(c, "WRAP", "overflow"));  // rustc rejects it too
  EXPECT_EQ(c.constants.at("F").kind, contract::ConstantKind::kFloat);
  EXPECT_DOUBLE_EQ(c.constants.at("F").float_value, 1.5);
  EXPECT_EQ(c.constants.at("B").int_value.magnitude, 1u);
  EXPECT_EQ(c.constants.at("C").int_value.magnitude, 65u);
  EXPECT_EQ(c.constants.at("BLOCK").int_value.magnitude, 8u);
  EXPECT_EQ(c.constants.count("OVER"), 0u);
  EXPECT_TRUE(HasNote(c, "OVER", "overflow")) << AllNotes(c);
  EXPECT_EQ(c.constants.count("CALL"), 0u);
  EXPECT_TRUE(HasNote(c, "CALL", "not evaluated"));
  EXPECT_EQ(c.constants.count("UNIT"), 0u);
  bool line = false;
  for (const Note& n : c.notes)
    if (n.item == "CALL" && n.loc.line == 21) line = true;
  EXPECT_TRUE(line) << AllNotes(c);
}

// ------------------------------------------------------- hand-written Rust
TEST(HandWritten, MixedFile) {
  auto text = ReadFile("harness/testdata/rust_frontend/handwritten.rs");
  ASSERT_TRUE(text.ok()) << text.status();
  auto ex = ExtractRustSources({{"handwritten.rs", *text}}, {});
  ASSERT_TRUE(ex.ok()) << ex.status();
  const Contract& c = ex->contract;
  EXPECT_THAT(AllNotes(c), HasSubstr("dev_const!"));
  const Record& h = Rec(c, "dev_header");
  EXPECT_EQ(h.size_bytes, 32u);
  EXPECT_EQ(Fld(h, "type").rust_name, "r#type");
  EXPECT_EQ(OffB(h, "name"), 16u);
  EXPECT_EQ(Rec(c, "dev").size_bytes, 96u);
  EXPECT_EQ(Rec(c, "dev").align_bytes, 16u);
  EXPECT_EQ(Rec(c, "dev_packed").size_bytes, 13u);
  EXPECT_EQ(Rec(c, "dev_cacheline").size_bytes, 64u);
  EXPECT_EQ(Rec(c, "uses_generic").size_bytes, 64u);
  EXPECT_EQ(Rec(c, "deep").size_bytes, 24u);
  EXPECT_EQ(Fld(Rec(c, "iovec"), "len").type.name, "size_t");
  EXPECT_EQ(c.records.count("DevHandle"), 0u);
  EXPECT_EQ(c.records.count("only_in_tests"), 0u);
  EXPECT_TRUE(HasNote(c, "tests", "excluded by #[cfg"));
  EXPECT_EQ(c.enums.at("dev_kind").enumerators[2].value.magnitude, 16u);
  EXPECT_EQ(c.enums.at("dev_state").size_bytes, 4u);
  EXPECT_EQ(c.functions.count("dev_close_v2"), 1u);
  EXPECT_TRUE(c.functions.at("dev_panic").no_return);
  // extern "system" is the C convention on x86_64 Linux (rustc's table).
  EXPECT_EQ(c.functions.at("dev_system_call").calling_conv, "");
  EXPECT_EQ(c.functions.count("dev_rust_callback"), 1u);
  EXPECT_EQ(c.functions.count("generic_fn"), 0u);
  EXPECT_EQ(c.constants.at("DEV_FLAG_ALL").int_value.magnitude, 3u);
  EXPECT_EQ(c.constants.at("DEV_MASK").int_value.magnitude, 0xFFFFu);
  EXPECT_EQ(c.constants.at("DEV_CAST").int_value.magnitude, 0xFFu);
  EXPECT_EQ(c.constants.at("DEV_NEG").int_value.magnitude, 30u);
  EXPECT_EQ(c.constants.at("DEV_NAME").string_value, "dev");
  EXPECT_EQ(c.constants.at("DEV_GREETING").string_value, "hello \"world\"");
  EXPECT_EQ(c.constants.at("DEV_TABLE_LEN").int_value.magnitude, 64u);
  EXPECT_EQ(c.variables.count("dev_default_ops"), 1u);
  EXPECT_EQ(c.variables.count("DEV_COUNTER"), 0u);
  // Every struct/union/enum/alias/const/fn is modelled or has a note.
  const ExtractionStats& s = ex->stats;
  for (const ItemCount* k : {&s.structs, &s.unions, &s.enums, &s.type_aliases, &s.consts, &s.statics, &s.functions}) {
    EXPECT_EQ(k->seen, k->modelled + k->noted);
  }
  EXPECT_EQ(s.structs.seen, 12u);
  EXPECT_EQ(s.functions.seen, 6u);
  // Every item carries its location.
  for (const auto& [n, r] : c.records) {
    EXPECT_EQ(r.loc.file, "handwritten.rs") << n;
    EXPECT_GT(r.loc.line, 0u) << n;
    for (const Field& f : r.fields) EXPECT_GT(f.loc.line, 0u) << n << "." << f.name;
  }
  for (const auto& [n, f] : c.functions) EXPECT_GT(f.loc.line, 0u) << n;
  for (const auto& [n, k] : c.constants) EXPECT_GT(k.loc.line, 0u) << n;
}

TEST(HandWritten, MultipleFilesFormOneContract) {
  // The kernel's rust/bindings/lib.rs: an `include!` of another input (by
  // its file name) places that input inside the including module, as rustc
  // does; top input files see each other's items.
  std::vector<RustSource> srcs = {
      {"lib.rs", "mod bindings_raw {\n    type __kernel_size_t = usize;\n"
                 "    include!(concat!(env!(\"OBJTREE\"), \"/rust/bindings/bindings_generated.rs\"));\n}\n"
                 "include!(\"missing.rs\");\n"},
      {"bindings_generated.rs",
       "pub type size_t = __kernel_size_t;\n#[repr(C)] pub struct iov { pub p: *mut u8, pub n: size_t }\n"},
      {"other.rs", "#[repr(C)] pub struct uses_iov { pub v: *mut u8 }\n"},
  };
  auto ex = ExtractRustSources(srcs, {});
  ASSERT_TRUE(ex.ok()) << ex.status();
  EXPECT_EQ(Rec(ex->contract, "iov").size_bytes, 16u);
  EXPECT_EQ(Rec(ex->contract, "uses_iov").size_bytes, 8u);
  EXPECT_EQ(ex->contract.typedefs.at("__kernel_size_t").loc.ToString(), "lib.rs:2:10");
  EXPECT_TRUE(HasNote(ex->contract, "include", "not an input: not read"));
  EXPECT_THAT(ex->contract.provenance.inputs, ElementsAre("lib.rs", "bindings_generated.rs", "other.rs"));
  EXPECT_EQ(ex->contract.side, contract::Side::kRust);
}

// `mod x;` read from disk as rustc reads it: a crate root's modules next to
// it, a non-root file's in `<stem>/`, `#[path]` relative to the declaring
// file, mod.rs; `pub use` globs make the items visible at the root.
TEST(HandWritten, ModFileTreeIsFollowed) {
  char tmpl[] = "/tmp/bf_modtree_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string d = tmpl;
  auto put = [&](const std::string& rel, const std::string& text) {
    std::string p = d + "/" + rel;
    std::string dir = p.substr(0, p.rfind('/'));
    ASSERT_EQ(system(("mkdir -p '" + dir + "'").c_str()), 0);
    FILE* f = fopen(p.c_str(), "w");
    ASSERT_NE(f, nullptr);
    fputs(text.c_str(), f);
    fclose(f);
  };
  put("lib.rs", "mod ffi;\npub use ffi::*;\n#[path = \"platform/linux.rs\"] mod sys;\n");
  put("ffi.rs", "mod inner;\npub use self::inner::s;\n");
  put("ffi/inner.rs", "#[repr(C)] pub struct s { pub a: i64, pub b: super::super::sys::word }\n");
  put("platform/linux.rs", "pub type word = u16;\n");
  RustFrontendOptions o;
  auto c = ExtractRust({d + "/lib.rs"}, o);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(Rec(*c, "s").size_bytes, 16u);
  EXPECT_EQ(Fld(Rec(*c, "s"), "b").offset_bits, 64u);
  EXPECT_EQ(Rec(*c, "s").loc.file, d + "/ffi/inner.rs");
  put("bad.rs", "mod nothere;\n");
  auto bad = ExtractRust({d + "/bad.rs"}, o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message()).find("nothere.rs nor"), std::string::npos) << bad.status();
  ASSERT_EQ(system(("rm -rf '" + d + "'").c_str()), 0);
}

TEST(HandWritten, CfgEvaluation) {
  const std::string src = R"rs(
#[cfg(target_arch = "x86_64")] #[repr(C)] pub struct on_x86 { pub a: u8 }
#[cfg(target_arch = "aarch64")] #[repr(C)] pub struct on_arm { pub a: u8 }
#[cfg(not(any(windows, target_pointer_width = "32")))] pub const K: u8 = 1;
#[cfg(all(unix, feature = "x"))] pub const MAYBE: u8 = 2;
#[cfg(test)] pub const T: u8 = 3;
#[cfg(not(newlib))] pub const FLAG: u32 = 1;
#[cfg(newlib)] pub const FLAG: u32 = 0;
#[cfg_attr(newlib, repr(C, packed))] #[cfg_attr(not(newlib), repr(C))] pub struct p { pub a: u8, pub b: u32 }
)rs";
  Contract c = MustX(src);
  EXPECT_EQ(c.records.count("on_x86"), 1u);
  EXPECT_EQ(c.records.count("on_arm"), 0u);
  EXPECT_EQ(c.constants.count("K"), 1u);
  EXPECT_EQ(c.constants.count("MAYBE"), 0u);  // feature x not enabled: false, as in rustc
  EXPECT_EQ(c.constants.count("T"), 0u);
  EXPECT_EQ(c.constants.at("FLAG").int_value.magnitude, 1u);
  EXPECT_EQ(Rec(c, "p").size_bytes, 8u);
  // The cfg names rustc would not know of are listed (false unless given).
  bool listed = false;
  for (const Note& n : c.notes) listed |= n.message.find("not set, false as in rustc: newlib") != std::string::npos;
  EXPECT_TRUE(listed);
  RustFrontendOptions o;
  o.cfgs = {"newlib"};
  o.features = {"x,y"};
  Contract d = MustX(src, o);
  EXPECT_EQ(d.constants.count("MAYBE"), 1u);
  EXPECT_EQ(d.constants.at("FLAG").int_value.magnitude, 0u);
  EXPECT_EQ(Rec(d, "p").size_bytes, 5u);
  RustFrontendOptions bad;
  bad.cfgs = {"not a cfg"};
  EXPECT_FALSE(X(src, bad).ok());
}

TEST(Robustness, HostileInputsReturn) {
  // None of these may crash or hang; each returns a status.
  std::vector<std::string> inputs = {
      "", "\xEF\xBB\xBF", "#!/usr/bin/env rustc\nfn main() {}", "'", "b'", "r#", "r##\"", "0x", "1e", "/*", "///",
      "struct", "struct A<", "struct A<T", "impl<", "type A = [u8;];", "const A: [u8; 1 +] = 1;",
      "enum E { A = , }", "extern {", "fn f(...);", "fn f(a: u8, ...) -> ! {}", "union U;", "use ::{};",
      "#[repr(C)] pub struct s { pub a: [u8; 18446744073709551615], pub b: [u64; 18446744073709551615] }",
      "pub const A: u128 = 340282366920938463463374607431768211455;",
      "pub const A: i8 = -128; pub const B: i8 = -A;",
      "pub const S: u32 = 1 << 40;", "pub const D: u32 = 1 / 0;",
      "pub const M: i128 = -170141183460469231731687303715884105727 - 1; pub const N: i128 = -M;",
      "pub const M: i128 = -170141183460469231731687303715884105727 - 1; pub const N: i128 = M / -1;",
      "pub const M: i128 = -170141183460469231731687303715884105727 - 1;\n#[repr(i128)] pub enum E { A = M }",
      "#[repr(C)] pub struct z<const N: usize> { a: [u8; N] } #[repr(C)] pub struct y { b: z<{ 3 + 4 }> }",
      "macro_rules! m { ($($t:tt)*) => {} } m!{ { ( [ ] ) } }",
  };
  for (const std::string& in : inputs) {
    auto c = X(in);
    (void)c;
  }
  auto ok = X("#[repr(C)] pub struct s { pub a: [u8; 18446744073709551615], pub b: [u64; 18446744073709551615] }");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(Rec(*ok, "s").align_bytes, 0u);
  EXPECT_TRUE(HasNote(*ok, "s", "too large"));
}


}  // namespace
}  // namespace bindfuzz::rust_frontend
