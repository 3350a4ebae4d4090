// `infer` on the single-file wrapper idiom: a safe Rust wrapper over a C
// library whose C functions are declared in the crate's own `extern "C"`
// block and called unqualified (also through `use .. as ..`, a module of
// their own, or a `*_sys` crate under another name). One test per idiom;
// the wrappers are under harness/testdata/infer_single_file/.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/spec/infer.h"
#include "harness/spec/spec_parser.h"

namespace bindfuzz::spec {
namespace {

using contract::Nullability;
using contract::OwnershipSpec;
using contract::ParamMode;
using contract::ReturnKind;
using ::testing::HasSubstr;

constexpr char kDir[] = "harness/testdata/infer_single_file";

InferResult InferPaths(const std::vector<std::string>& paths) {
  auto in = ReadRustInputs(paths, {});
  EXPECT_TRUE(in.ok()) << in.status();
  if (!in.ok()) return {};
  auto r = InferOwnershipSpec(*in, {});
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return {};
  // The proposal re-parses, and printing the parse gives the same text.
  const std::string text = OwnershipSpecToText(r->spec);
  auto back = ParseOwnershipSpec(text, "inferred.bfspec");
  EXPECT_TRUE(back.ok()) << back.status() << "\n" << text;
  if (back.ok()) EXPECT_EQ(OwnershipSpecToText(*back), text);
  return *r;
}

InferResult InferText(const std::string& rust) {
  auto r = InferOwnershipSpec({{"w/lib.rs", rust}}, {});
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return {};
  auto back = ParseOwnershipSpec(OwnershipSpecToText(r->spec), "inferred.bfspec");
  EXPECT_TRUE(back.ok()) << back.status();
  return *r;
}

const contract::FunctionSpec* Fn(const OwnershipSpec& s, const std::string& name) {
  for (const auto& f : s.functions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string Notes(const OwnershipSpec& s) {
  std::string out;
  for (const auto& n : s.notes) absl::StrAppend(&out, n.item, ": ", n.message, "\n");
  return out;
}

// The handle struct, its Drop and the crate's own extern block: the
// resource a reviewer writes, with the release the Drop calls.
TEST(InferSingleFile, DropOfAnUnqualifiedExternCallIsARelease) {
  InferResult r = InferPaths({absl::StrCat(kDir, "/db.rs")});
  const std::string text = OwnershipSpecToText(r.spec);
  ASSERT_TRUE(r.spec.resources.count("db_t")) << text;
  EXPECT_EQ(r.spec.resources.at("db_t").release, "db_close");
  ASSERT_TRUE(r.spec.resources.count("row_t")) << text;
  EXPECT_EQ(r.spec.resources.at("row_t").release, "db_row_free");
  EXPECT_EQ(r.stats.drop_releases, 2u);
  EXPECT_EQ(r.stats.extern_fns, 8u);
  // The release takes ownership; its other parameters are typed from the
  // declaration; the wrapping safe function is named.
  const auto* close = Fn(r.spec, "db_close");
  ASSERT_NE(close, nullptr) << text;
  ASSERT_EQ(close->params.size(), 1u);
  EXPECT_EQ(close->params[0].mode, ParamMode::kConsumed);
  EXPECT_EQ(close->params[0].resource, "db_t");
  EXPECT_EQ(close->ret.kind, ReturnKind::kScalar);
  EXPECT_THAT(close->rust_origin, HasSubstr("in Db::drop"));
  const auto* free_row = Fn(r.spec, "db_row_free");
  ASSERT_NE(free_row, nullptr);
  EXPECT_EQ(free_row->ret.kind, ReturnKind::kVoid);
}

// `use self::db_count as count_rows;` then `count_rows(self.raw)`.
TEST(InferSingleFile, CallsThroughARenamingUse) {
  InferResult r = InferPaths({absl::StrCat(kDir, "/db.rs")});
  const auto* count = Fn(r.spec, "db_count");
  ASSERT_NE(count, nullptr) << OwnershipSpecToText(r.spec);
  EXPECT_EQ(count->params[0].mode, ParamMode::kBorrowed);
  EXPECT_EQ(count->params[0].resource, "db_t");
  EXPECT_EQ(count->ret.kind, ReturnKind::kScalar);
  EXPECT_EQ(count->ret.type.spelling, "i32");
  EXPECT_THAT(count->rust_origin, HasSubstr("in Db::count"));
  EXPECT_EQ(Fn(r.spec, "count_rows"), nullptr);
}

// `parent.map_or(ptr::null_mut(), |r| r.raw)` for an Option<&Row>.
TEST(InferSingleFile, OptionMappedToNullIsANullableParameter) {
  InferResult r = InferPaths({absl::StrCat(kDir, "/db.rs")});
  const auto* find = Fn(r.spec, "db_find");
  ASSERT_NE(find, nullptr) << OwnershipSpecToText(r.spec);
  ASSERT_EQ(find->params.size(), 3u);
  EXPECT_FALSE(find->params[0].nullable);
  EXPECT_TRUE(find->params[2].nullable);
  EXPECT_EQ(find->params[2].mode, ParamMode::kBorrowed);
  EXPECT_EQ(find->params[2].resource, "row_t");
  // The result is NULL-checked and wrapped in `Row`, whose Drop frees it.
  EXPECT_EQ(find->ret.kind, ReturnKind::kOwned);
  EXPECT_EQ(find->ret.resource, "row_t");
  EXPECT_EQ(find->ret.nullability, Nullability::kNullable);
  EXPECT_THAT(find->rust_origin, HasSubstr("Db::find, Db::find_dangling"));
  EXPECT_THAT(OwnershipSpecToText(r.spec), HasSubstr("arg2: nullable borrowed row_t"));
  // An extern signature's Option<&T> says the same.
  InferResult o = InferText(R"(
pub enum node {}
extern "C" { fn link(a: *mut node, b: Option<&node>) -> i32; }
pub struct N(*mut node);
impl N { pub fn link(&self) -> i32 { unsafe { link(self.0, None) } } }
)");
  const auto* link = Fn(o.spec, "link");
  ASSERT_NE(link, nullptr) << OwnershipSpecToText(o.spec);
  EXPECT_TRUE(link->params[1].nullable);
  EXPECT_FALSE(link->params[0].nullable);
}

// `let mut raw = ptr::null_mut(); db_open(c.as_ptr(), &mut raw); Db { raw }`.
TEST(InferSingleFile, OutParameterWrappedInADropTypeIsOutOwned) {
  InferResult r = InferPaths({absl::StrCat(kDir, "/db.rs")});
  const auto* open = Fn(r.spec, "db_open");
  ASSERT_NE(open, nullptr) << OwnershipSpecToText(r.spec);
  ASSERT_EQ(open->params.size(), 2u);
  EXPECT_EQ(open->params[0].mode, ParamMode::kStrIn);
  EXPECT_EQ(open->params[1].mode, ParamMode::kOutOwned);
  EXPECT_EQ(open->params[1].resource, "db_t");
  EXPECT_THAT(OwnershipSpecToText(r.spec), HasSubstr("fn db_open(arg0: str, arg1: out owned db_t) -> i32"));
  EXPECT_EQ(r.stats.out_params, 1u);
  // Not wrapped in an owner: a note, not a guess.
  InferResult n = InferText(R"(
pub enum obj {}
extern "C" { fn obj_get(out: *mut *mut obj) -> i32; }
pub fn peek() -> *mut obj { let mut p = std::ptr::null_mut(); unsafe { obj_get(&mut p) }; p }
)");
  const auto* get = Fn(n.spec, "obj_get");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->params[0].mode, ParamMode::kUnknown);
  EXPECT_THAT(Notes(n.spec), HasSubstr("obj_get(arg0): C writes a obj* into &mut p"));
}

// `CString::new(..).unwrap().as_ptr()` passed to C, and the dangling form
// `let k = CString::new(..).unwrap().as_ptr();` used after the let.
TEST(InferSingleFile, AsPtrOfATemporary) {
  InferResult r = InferPaths({absl::StrCat(kDir, "/db.rs")});
  const std::string notes = Notes(r.spec);
  EXPECT_THAT(notes, HasSubstr("db_find(arg1) gets CString::new(key).unwrap().as_ptr(): a temporary dropped "
                               "at the end of the statement; C must not keep the pointer"));
  EXPECT_THAT(notes, HasSubstr("db_find(arg1) gets k = CString::new(key).unwrap().as_ptr() (line 81): the "
                               "temporary it points into is dropped at the end of that let, before the call"));
  EXPECT_EQ(r.stats.temporaries, 2u);
  bool warned = false;
  for (const auto& n : r.spec.notes) {
    if (n.message.find("(line 81)") != std::string::npos) warned = n.level == contract::Note::Level::kWarning;
  }
  EXPECT_TRUE(warned);
  // A named CString that outlives the call is no note.
  InferResult ok = InferText(R"(
extern "C" { fn put(s: *const std::os::raw::c_char); }
pub fn f(x: &str) { let c = std::ffi::CString::new(x).unwrap(); unsafe { put(c.as_ptr()) } }
)");
  EXPECT_EQ(ok.stats.temporaries, 0u) << Notes(ok.spec);
  // Nor a call or macro that returns a reference (Linux's
  // `static_lock_class!().as_ptr()`, a `&'static LockClassKey`).
  InferResult st = InferText(R"(
extern "C" { fn lock_init(k: *mut u8); }
pub fn f() { unsafe { lock_init(static_lock_class!().as_ptr()) }; unsafe { lock_init(key().as_ptr()) } }
)");
  EXPECT_EQ(st.stats.temporaries, 0u) << Notes(st.spec);
  ASSERT_NE(Fn(ok.spec, "put"), nullptr);
  EXPECT_EQ(Fn(ok.spec, "put")->params[0].mode, ParamMode::kStrIn);
}

// Box::into_raw handed to C and Box::from_raw of what C hands back.
TEST(InferSingleFile, IntoRawFromRawPair) {
  InferResult r = InferPaths({absl::StrCat(kDir, "/db.rs")});
  const std::string text = OwnershipSpecToText(r.spec);
  ASSERT_TRUE(r.spec.resources.count("RustBox")) << text;
  EXPECT_TRUE(r.spec.resources.at("RustBox").foreign);
  const auto* set = Fn(r.spec, "db_set_userdata");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->params[1].mode, ParamMode::kConsumed);
  EXPECT_EQ(set->params[1].resource, "RustBox");
  const auto* take = Fn(r.spec, "db_take_userdata");
  ASSERT_NE(take, nullptr);
  EXPECT_EQ(take->ret.kind, ReturnKind::kOwned);
  EXPECT_EQ(take->ret.resource, "RustBox");
  EXPECT_EQ(r.stats.raw_pairs, 2u);
}

// The extern block in `mod sys`, called as `sys::f`, and released through
// `use sys::queue_free as free_queue`; a Rust fn of a C function's name in
// another module is not a C call.
TEST(InferSingleFile, ExternBlockInAModuleAndAliases) {
  InferResult r = InferPaths({absl::StrCat(kDir, "/sys_module")});
  const std::string text = OwnershipSpecToText(r.spec);
  ASSERT_TRUE(r.spec.resources.count("queue")) << text;
  EXPECT_EQ(r.spec.resources.at("queue").release, "queue_free");
  const auto* neu = Fn(r.spec, "queue_new");
  ASSERT_NE(neu, nullptr) << text;
  EXPECT_EQ(neu->ret.nullability, Nullability::kNullable);
  EXPECT_EQ(neu->params[0].mode, ParamMode::kScalar);
  const auto* len = Fn(r.spec, "queue_len");
  ASSERT_NE(len, nullptr);
  EXPECT_EQ(len->params.size(), 1u);  // the Rust queue_len(3) is not it
  EXPECT_EQ(len->params[0].mode, ParamMode::kBorrowed);
  EXPECT_THAT(len->rust_origin, HasSubstr("in Queue::len"));
}

// `use libfoo_sys as raw;`, a NULL-checking helper (cvt_p) and openssl's
// foreign_type! drop.
TEST(InferSingleFile, SysCrateAliasNullHelperAndForeignTypeMacro) {
  InferResult r = InferPaths({absl::StrCat(kDir, "/sys_alias")});
  const std::string text = OwnershipSpecToText(r.spec);
  ASSERT_TRUE(r.spec.resources.count("foo_ctx")) << text;
  EXPECT_EQ(r.spec.resources.at("foo_ctx").release, "foo_ctx_free");
  ASSERT_TRUE(r.spec.resources.count("foo_cert")) << text;
  EXPECT_EQ(r.spec.resources.at("foo_cert").release, "foo_cert_free");
  EXPECT_EQ(r.stats.macro_releases, 1u);
  const auto* neu = Fn(r.spec, "foo_ctx_new");
  ASSERT_NE(neu, nullptr) << text;
  EXPECT_EQ(neu->ret.nullability, Nullability::kNullable);
}

// A file the Rust parser rejects is said, not skipped in silence.
TEST(InferSingleFile, UnparsedFileIsANote) {
  InferResult r = InferText("extern \"C\" { fn f(x y); }\nstruct S;\n");
  EXPECT_EQ(r.stats.unparsed_files, 1u);
  EXPECT_THAT(Notes(r.spec), HasSubstr("the Rust parser does not read this file"));
}

}  // namespace
}  // namespace bindfuzz::spec
