#include "harness/spec/infer.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/spec/spec_parser.h"

namespace bindfuzz::spec {
namespace {

using contract::Nullability;
using contract::OwnershipSpec;
using contract::ParamMode;
using contract::ReturnKind;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

InferResult Infer(std::vector<RustInput> in, InferOptions o = {}) {
  auto r = InferOwnershipSpec(in, o);
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return {};
  // Whatever infer proposes must re-parse.
  std::string text = OwnershipSpecToText(r->spec);
  auto back = ParseOwnershipSpec(text, "inferred.bfspec");
  EXPECT_TRUE(back.ok()) << back.status() << "\n" << text;
  return *r;
}

InferResult Infer(const std::string& rust) { return Infer({{"m/x.rs", rust}}); }

const contract::FunctionSpec* Fn(const OwnershipSpec& s, const std::string& name) {
  for (const auto& f : s.functions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string AllNotes(const OwnershipSpec& s) {
  std::string out;
  for (const auto& n : s.notes) absl::StrAppend(&out, n.item, ": ", n.message, " @ ", n.loc.ToString(), "\n");
  return out;
}

TEST(Infer, AlwaysRefCountedGivesGetPut) {
  InferResult r = Infer(R"(
#[repr(transparent)]
pub struct Task(pub(crate) Opaque<bindings::task_struct>);

// SAFETY: ...
unsafe impl crate::types::AlwaysRefCounted for Task {
    fn inc_ref(&self) {
        unsafe { bindings::get_task_struct(self.0.get()) };
    }
    unsafe fn dec_ref(obj: ptr::NonNull<Self>) {
        unsafe { bindings::put_task_struct(obj.cast().as_ptr()) }
    }
}
)");
  ASSERT_EQ(r.spec.resources.count("task_struct"), 1u) << OwnershipSpecToText(r.spec);
  const auto& t = r.spec.resources.at("task_struct");
  EXPECT_EQ(t.get, "get_task_struct");
  EXPECT_EQ(t.put, "put_task_struct");
  EXPECT_EQ(t.rust_origin, "m/x.rs:6 impl AlwaysRefCounted for Task");
  EXPECT_EQ(t.loc.ToString(), "m/x.rs:6:8");
  EXPECT_EQ(r.stats.refcounted, 1u);
  EXPECT_THAT(OwnershipSpecToText(r.spec), HasSubstr("resource task_struct {\n  get get_task_struct;\n"
                                                     "  put put_task_struct;\n"));
}

TEST(Infer, RefCountedWithoutOpaqueUsesTheRustName) {
  InferResult r = Infer(R"(
pub struct Thing { inner: *mut u8 }
unsafe impl AlwaysRefCounted for Thing {
    fn inc_ref(&self) { unsafe { bindings::thing_get(self.inner) }; }
    unsafe fn dec_ref(obj: NonNull<Self>) { unsafe { bindings::thing_put(obj.as_ptr().cast()) } }
}
)");
  ASSERT_EQ(r.spec.resources.count("Thing"), 1u) << OwnershipSpecToText(r.spec);
  EXPECT_EQ(r.spec.resources.at("Thing").put, "thing_put");
}

TEST(Infer, RustSideRefcountIsStatedNotGuessed) {
  // 6.12's blk-mq Request: an AtomicU64 in the PDU; no C get/put.
  InferResult r = Infer(R"(
pub struct Request<T: Operations>(Opaque<bindings::request>, PhantomData<T>);
impl<T: Operations> Request<T> {
    pub(crate) unsafe fn wrapper_ptr(this: *mut Self) -> NonNull<RequestDataWrapper> {
        let request_ptr = this.cast::<bindings::request>();
        let wrapper_ptr = unsafe { bindings::blk_mq_rq_to_pdu(request_ptr).cast::<RequestDataWrapper>() };
        unsafe { NonNull::new_unchecked(wrapper_ptr) }
    }
}
unsafe impl<T: Operations> AlwaysRefCounted for Request<T> {
    fn inc_ref(&self) {
        let refcount = &self.wrapper_ref().refcount();
        let updated = atomic_relaxed_op_unless(refcount, |x| x + 1, 0);
    }
    unsafe fn dec_ref(obj: core::ptr::NonNull<Self>) {
        let wrapper_ptr = unsafe { Self::wrapper_ptr(obj.as_ptr()).as_ptr() };
        let refcount = unsafe { &*RequestDataWrapper::refcount_ptr(wrapper_ptr) };
        let new_refcount = atomic_relaxed_op_return(refcount, |x| x - 1);
    }
}
)");
  ASSERT_EQ(r.spec.resources.count("request"), 1u) << OwnershipSpecToText(r.spec);
  const auto& q = r.spec.resources.at("request");
  EXPECT_TRUE(q.rust_refcount);
  EXPECT_EQ(q.get, "");  // blk_mq_rq_to_pdu is reached through wrapper_ptr, never taken as the get
  EXPECT_EQ(q.put, "");
  EXPECT_THAT(AllNotes(r.spec), HasSubstr("inc_ref and dec_ref call no C function"));
}

TEST(Infer, RefCountedWithTwoCallsIsANote) {
  InferResult r = Infer(R"(
pub struct D(Opaque<bindings::dev>);
unsafe impl AlwaysRefCounted for D {
    fn inc_ref(&self) { unsafe { bindings::a(self.0.get()); bindings::b(self.0.get()) }; }
    unsafe fn dec_ref(obj: NonNull<Self>) { unsafe { bindings::dev_put(obj.as_ptr().cast()) } }
}
)");
  const auto& d = r.spec.resources.at("dev");
  EXPECT_EQ(d.get, "");  // ambiguous: not guessed
  EXPECT_EQ(d.put, "dev_put");
  EXPECT_THAT(AllNotes(r.spec), HasSubstr("inc_ref calls a, b; not modelled"));
}

TEST(Infer, DropGivesRelease) {
  InferResult r = Infer(R"(
pub struct Firmware(NonNull<bindings::firmware>);
impl Firmware {
    fn as_raw(&self) -> *mut bindings::firmware { self.0.as_ptr() }
}
impl Drop for Firmware {
    fn drop(&mut self) {
        // SAFETY: `self.as_raw()` is valid by the type invariant.
        unsafe { bindings::release_firmware(self.as_raw()) };
    }
}
)");
  ASSERT_EQ(r.spec.resources.count("firmware"), 1u) << OwnershipSpecToText(r.spec);
  EXPECT_EQ(r.spec.resources.at("firmware").release, "release_firmware");
  EXPECT_EQ(r.stats.drop_releases, 1u);
}

TEST(Infer, DropThroughSelfMethodsAndFields) {
  // rusqlite: Drop -> self.finalize_() -> ffi::sqlite3_finalize(self.ptr);
  // the resource is the C type of the field passed.
  InferResult r = Infer(R"(
pub struct RawStatement {
    ptr: *mut ffi::sqlite3_stmt,
    tail: usize,
    db: *mut ffi::sqlite3,
}
impl RawStatement {
    fn finalize_(&mut self) -> c_int {
        let r = unsafe { ffi::sqlite3_finalize(self.ptr) };
        self.ptr = ptr::null_mut();
        r
    }
}
impl Drop for RawStatement {
    fn drop(&mut self) {
        self.finalize_();
    }
}
)");
  ASSERT_EQ(r.spec.resources.count("sqlite3_stmt"), 1u) << OwnershipSpecToText(r.spec);
  EXPECT_EQ(r.spec.resources.at("sqlite3_stmt").release, "sqlite3_finalize");
  EXPECT_EQ(r.spec.resources.count("sqlite3"), 0u);
}

TEST(Infer, DropWithTwoCandidatesIsANote) {
  InferResult r = Infer(R"(
pub struct GenDisk<T: Operations> { _tagset: Arc<TagSet<T>>, gendisk: *mut bindings::gendisk }
impl<T: Operations> Drop for GenDisk<T> {
    fn drop(&mut self) {
        unsafe { bindings::del_gendisk(self.gendisk) };
        unsafe { bindings::put_disk(self.gendisk) };
    }
}
)");
  EXPECT_EQ(r.spec.resources.count("gendisk"), 0u) << OwnershipSpecToText(r.spec);
  EXPECT_THAT(AllNotes(r.spec), HasSubstr("GenDisk: impl Drop for GenDisk: drop calls del_gendisk, put_disk"));
}

TEST(Infer, DropOfAnIteratorIsNotARelease) {
  // rbtree.rs: rb_first_postorder(&self.root) returns a pointer Rust checks.
  InferResult r = Infer(R"(
pub struct RBTree<K, V> { root: bindings::rb_root, _p: PhantomData<Node<K, V>> }
impl<K, V> Drop for RBTree<K, V> {
    fn drop(&mut self) {
        let mut next = unsafe { bindings::rb_first_postorder(&self.root) };
        while !next.is_null() {
            let this = unsafe { container_of!(next, Node<K, V>, links) };
            next = unsafe { bindings::rb_next_postorder(next) };
            unsafe { drop(KBox::from_raw(this.cast_mut())) };
        }
    }
}
)");
  EXPECT_EQ(r.spec.resources.count("rb_root"), 0u) << OwnershipSpecToText(r.spec);
  EXPECT_THAT(AllNotes(r.spec), HasSubstr("none releases self's object"));
  const auto* f = Fn(r.spec, "rb_first_postorder");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->ret.nullability, Nullability::kNullable);
}

TEST(Infer, FromErrPtrDirectAndThroughLet) {
  InferResult r = Infer(R"(
fn build(tagset: &TagSet) -> Result<()> {
    let gendisk = from_err_ptr(unsafe {
        bindings::__blk_mq_alloc_disk(tagset.raw_tag_set(), &mut lim, core::ptr::null_mut(), 7 as c_int)
    })?;
    let p = unsafe { kernel::bindings::devm_thing(dev, idx as u32) };
    let q = error::from_err_ptr(p)?;
    let z = from_err_ptr(some_rust_value)?;
    Ok(())
}
)");
  const auto* f = Fn(r.spec, "__blk_mq_alloc_disk");
  ASSERT_NE(f, nullptr) << OwnershipSpecToText(r.spec);
  EXPECT_EQ(f->ret.kind, ReturnKind::kPtr);
  EXPECT_EQ(f->ret.nullability, Nullability::kErrPtr);
  ASSERT_EQ(f->params.size(), 4u);
  EXPECT_EQ(f->params[0].mode, ParamMode::kUnknown);
  EXPECT_EQ(f->params[3].mode, ParamMode::kScalar);  // `7 as c_int`
  EXPECT_EQ(f->params[3].type.spelling, "i32");
  EXPECT_EQ(f->rust_origin, "m/x.rs:4 in build");  // the call site and the function wrapping it
  EXPECT_TRUE(f->params[2].nullable);                 // core::ptr::null_mut()
  const auto* g = Fn(r.spec, "devm_thing");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->ret.nullability, Nullability::kErrPtr);
  EXPECT_EQ(g->params[1].type.spelling, "u32");
  EXPECT_EQ(r.stats.from_err_ptr, 2u);
  EXPECT_THAT(AllNotes(r.spec), HasSubstr("from_err_ptr(some_rust_value) is not a C call"));
  EXPECT_THAT(OwnershipSpecToText(r.spec),
              HasSubstr("fn __blk_mq_alloc_disk(arg0: _, arg1: _, arg2: nullable _, arg3: i32) -> ptr errptr "
                        "origin \"m/x.rs:4 in build\";"));
}

TEST(Infer, NullChecks) {
  InferResult r = Infer(R"(
fn a() -> Result<Page> {
    let page = unsafe { bindings::alloc_pages(flags.as_raw(), 0) };
    let page = NonNull::new(page).ok_or(AllocError)?;
    let n = NonNull::new(unsafe { bindings::direct_new() });
    if unsafe { bindings::chained(x) }.is_null() {}
    if unsafe { bindings::chained2(x).is_null() } {}
    let s = unsafe { bindings::errname(-e) };
    if s.is_null() { return None; }
    let both = unsafe { bindings::maybe(1) };
    if both.is_null() {}
    let e = from_err_ptr(both)?;
}
fn b(page: *mut u8) {
    // A different `page`: not alloc_pages' result.
    if page.is_null() {}
    let unrelated = unsafe { bindings::never_checked() };
}
)");
  for (const char* name : {"alloc_pages", "direct_new", "chained2", "errname"}) {
    const auto* f = Fn(r.spec, name);
    ASSERT_NE(f, nullptr) << name << "\n" << OwnershipSpecToText(r.spec);
    EXPECT_EQ(f->ret.nullability, Nullability::kNullable) << name;
  }
  EXPECT_EQ(Fn(r.spec, "maybe")->ret.nullability, Nullability::kErrPtrOrNull);
  EXPECT_EQ(Fn(r.spec, "never_checked"), nullptr);  // nothing inferred, nothing listed
}

TEST(Infer, SitesThatDisagreeAreANote) {
  InferResult r = Infer(R"(
fn a() { let p = from_err_ptr(unsafe { bindings::get_thing(1 as c_int) }); }
fn b() { let q = NonNull::new(unsafe { bindings::get_thing(2 as c_int) }); }
)");
  const auto* f = Fn(r.spec, "get_thing");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->ret.nullability, Nullability::kErrPtr);  // the first site
  EXPECT_THAT(AllNotes(r.spec), HasSubstr("Rust treats the result of get_thing as ptr nullable here but as "
                                          "ptr errptr at m/x.rs:2"));
}

TEST(Infer, ARefFromRaw) {
  InferResult r = Infer(R"(
pub struct Task(Opaque<bindings::task_struct>);
unsafe impl AlwaysRefCounted for Task {
    fn inc_ref(&self) { unsafe { bindings::get_task_struct(self.0.get()) }; }
    unsafe fn dec_ref(obj: NonNull<Self>) { unsafe { bindings::put_task_struct(obj.cast().as_ptr()) } }
}
impl Task {
    pub fn find(pid: i32) -> Option<ARef<Task>> {
        let p = NonNull::new(unsafe { bindings::find_get_task_by_vpid(pid as c_int) })?;
        Some(unsafe { ARef::from_raw(NonNull::new(bindings::find_get_task(pid as c_int))?.cast()) })
    }
    pub(crate) unsafe fn aref_from_raw(ptr: *mut bindings::task_struct) -> ARef<Self> {
        unsafe { ARef::<Self>::from_raw(NonNull::new_unchecked(ptr.cast())) }
    }
}
)");
  const auto* f = Fn(r.spec, "find_get_task");
  ASSERT_NE(f, nullptr) << OwnershipSpecToText(r.spec);
  EXPECT_EQ(f->ret.kind, ReturnKind::kOwned);
  EXPECT_EQ(f->ret.resource, "task_struct");
  EXPECT_EQ(f->ret.nullability, Nullability::kNullable);
  EXPECT_EQ(f->params[0].type.spelling, "i32");
  EXPECT_EQ(r.stats.aref_from_raw, 2u);
  EXPECT_THAT(AllNotes(r.spec), HasSubstr("Task::aref_from_raw: ARef::from_raw(NonNull::new_unchecked(ptr.cast())) "
                                          "takes over a reference that comes from the caller"));
}

TEST(Infer, ForeignOwnable) {
  InferResult r = Infer(R"(
impl<T: 'static, A> ForeignOwnable for Box<T, A>
where
    A: Allocator,
{
    type Borrowed<'a> = &'a T;
    fn into_foreign(self) -> *const crate::ffi::c_void { Box::into_raw(self) as _ }
    unsafe fn from_foreign(ptr: *const crate::ffi::c_void) -> Self { unsafe { Box::from_raw(ptr as _) } }
    unsafe fn borrow<'a>(ptr: *const crate::ffi::c_void) -> &'a T { unsafe { &*ptr.cast() } }
}
impl<T: 'static, A> ForeignOwnable for Pin<Box<T, A>> where A: Allocator {
    const FOREIGN_ALIGN: usize = core::mem::align_of::<T>();
    fn into_foreign(self) -> *mut crate::ffi::c_void { todo!() }
}
impl<T: 'static> ForeignOwnable for Arc<T> {
    const FOREIGN_ALIGN: usize = core::mem::align_of::<u64>();
}
impl ForeignOwnable for () {
    const FOREIGN_ALIGN: usize = 4;
}
)");
  EXPECT_EQ(r.stats.foreign, 4u);
  ASSERT_EQ(r.spec.resources.count("Box"), 1u) << OwnershipSpecToText(r.spec);
  EXPECT_TRUE(r.spec.resources.at("Box").foreign);
  EXPECT_EQ(r.spec.resources.at("Box").align, 0u);
  EXPECT_EQ(r.spec.resources.at("Pin_Box").align, 0u);  // align_of::<T>(): not a number
  EXPECT_EQ(r.spec.resources.at("Arc").align, 8u);
  EXPECT_EQ(r.spec.resources.at("unit").align, 4u);
  const std::string notes = AllNotes(r.spec);
  EXPECT_THAT(notes, HasSubstr("Box<T, A>: impl ForeignOwnable for Box<T, A>: C receives an owned pointer"));
  EXPECT_THAT(notes, HasSubstr("into_foreign (line 7), from_foreign (line 8), borrow (line 9); no FOREIGN_ALIGN"));
  EXPECT_THAT(notes, HasSubstr("FOREIGN_ALIGN = core::mem::align_of::<T>() depends on the type parameter"));
}

TEST(Infer, BorrowTiedToSelf) {
  InferResult r = Infer(R"(
pub struct RawStatement { ptr: *mut ffi::sqlite3_stmt }
impl Drop for RawStatement { fn drop(&mut self) { unsafe { ffi::sqlite3_finalize(self.ptr) }; } }
impl RawStatement {
    pub fn column_name(&self, idx: usize) -> Option<&CStr> {
        let idx = idx as c_int;
        if idx < 0 || idx >= self.column_count() as c_int { return None; }
        unsafe {
            let ptr = ffi::sqlite3_column_name(self.ptr, idx);
            assert!(!ptr.is_null(), "Null pointer from sqlite3_column_name: Out of memory?");
            Some(CStr::from_ptr(ptr))
        }
    }
    pub fn sql<'a>(&'a self) -> Option<&'a CStr> {
        if self.ptr.is_null() { None } else { Some(unsafe { CStr::from_ptr(ffi::sqlite3_sql(self.ptr)) }) }
    }
    pub fn db(&self) -> &Connection { unsafe { &*ffi::sqlite3_db_handle(self.ptr).cast::<Connection>() } }
    pub fn pk(&self) -> Result<&[u8]> {
        let mut n = 0;
        unsafe {
            let mut pks: *mut c_uchar = ptr::null_mut();
            check(ffi::sqlite3changeset_pk(self.ptr, &mut pks, &mut n))?;  // a status, not the borrow
            Ok(from_raw_parts(pks, n as usize))
        }
    }
    pub fn value(&self) -> ValueRef<'_> { unsafe { ValueRef::from_raw(ffi::sqlite3_value(self.ptr)) } }
    pub fn not_tied<'a, 'b>(&'a self, other: &'b Other) -> &'b CStr {
        unsafe { CStr::from_ptr(ffi::sqlite3_other(self.ptr)) }
    }
    pub fn static_name(&self) -> &'static CStr { unsafe { CStr::from_ptr(ffi::sqlite3_static(self.ptr)) } }
    pub fn count(&self) -> usize { unsafe { ffi::sqlite3_column_count(self.ptr) as usize } }
}
)");
  const auto* name = Fn(r.spec, "sqlite3_column_name");
  ASSERT_NE(name, nullptr) << OwnershipSpecToText(r.spec);
  EXPECT_EQ(name->ret.kind, ReturnKind::kStr);
  EXPECT_EQ(name->ret.nullability, Nullability::kNullable);  // the assert! checks it
  EXPECT_EQ(name->ret.window.parent, "arg0");
  ASSERT_EQ(name->params.size(), 2u);
  EXPECT_EQ(name->params[0].mode, ParamMode::kBorrowed);
  EXPECT_EQ(name->params[0].resource, "sqlite3_stmt");
  const auto* sql = Fn(r.spec, "sqlite3_sql");
  ASSERT_NE(sql, nullptr);
  EXPECT_EQ(sql->ret.kind, ReturnKind::kStr);
  EXPECT_EQ(sql->ret.nullability, Nullability::kNonNull);  // Rust checks self.ptr, not the result
  EXPECT_EQ(sql->ret.window.parent, "arg0");
  const auto* db = Fn(r.spec, "sqlite3_db_handle");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->ret.kind, ReturnKind::kPtr);  // `&Connection`: no C type known for it
  EXPECT_EQ(Fn(r.spec, "sqlite3_other"), nullptr);
  EXPECT_EQ(Fn(r.spec, "sqlite3_static"), nullptr);
  EXPECT_EQ(Fn(r.spec, "sqlite3_column_count"), nullptr);
  EXPECT_EQ(Fn(r.spec, "sqlite3changeset_pk"), nullptr);
  const auto* value = Fn(r.spec, "sqlite3_value");  // ValueRef<'_>: tied by the elided lifetime
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->ret.window.parent, "arg0");
  EXPECT_EQ(r.stats.borrows, 4u);
  EXPECT_THAT(OwnershipSpecToText(r.spec),
              HasSubstr("fn sqlite3_column_name(arg0: borrowed sqlite3_stmt, arg1: _) -> str nullable of arg0 "
                        "origin \"m/x.rs:9 in RawStatement::column_name\";"));
}

TEST(Infer, ItemsInTestsMacrosAndDocsAreIgnored) {
  InferResult r = Infer(R"(
/// unsafe impl AlwaysRefCounted for Empty {
///     fn inc_ref(&self) { bindings::doc_get() }
/// }
macro_rules! m {
    ($name:ident) => {
        impl Drop for $name { fn drop(&mut self) { unsafe { bindings::macro_free(self.0) } } }
    };
}
#[cfg(test)]
mod tests {
    pub struct T(*mut ffi::t);
    impl Drop for T { fn drop(&mut self) { unsafe { ffi::test_free(self.0) } } }
    fn t() { let p = from_err_ptr(unsafe { ffi::test_only() }); }
}
fn g() -> impl Drop { x }
)");
  EXPECT_THAT(r.spec.resources, IsEmpty()) << OwnershipSpecToText(r.spec);
  EXPECT_THAT(r.spec.functions, IsEmpty()) << OwnershipSpecToText(r.spec);
}

TEST(Infer, ConflictingResourcesAreANote) {
  InferResult r = Infer(R"(
pub struct A(Opaque<bindings::obj>);
unsafe impl AlwaysRefCounted for A {
    fn inc_ref(&self) { unsafe { bindings::obj_get(self.0.get()) }; }
    unsafe fn dec_ref(obj: NonNull<Self>) { unsafe { bindings::obj_put(obj.as_ptr().cast()) } }
}
pub struct B(NonNull<bindings::obj>);
impl Drop for B { fn drop(&mut self) { unsafe { bindings::obj_free(self.0.as_ptr()) }; } }
)");
  const auto& o = r.spec.resources.at("obj");
  EXPECT_EQ(o.put, "obj_put");
  EXPECT_EQ(o.release, "");  // release + put would not be a spec: the first wins, the clash is a note
  EXPECT_THAT(AllNotes(r.spec), HasSubstr("resource obj is also given a conflicting way to end a reference by m/x.rs:8 impl Drop for B; kept m/x.rs:3 impl AlwaysRefCounted for A"));
}

TEST(Infer, FfiModulesAreConfigurable) {
  InferOptions o;
  o.ffi_modules = {"sys"};
  InferResult r = Infer({{"a.rs", "fn f() { let p = NonNull::new(unsafe { sys::zz_open() }); "
                                  "let q = NonNull::new(unsafe { bindings::not_ffi_here() }); }"}},
                        o);
  EXPECT_NE(Fn(r.spec, "zz_open"), nullptr);
  EXPECT_EQ(Fn(r.spec, "not_ffi_here"), nullptr);
}

TEST(Infer, UnicodeIdentifiersAreNotCSymbols) {
  // Rust identifiers may be Unicode; C symbols and spec names may not.
  InferResult r = Infer(R"(
pub struct Café(Opaque<bindings::café_t>);
fn f() { let p = NonNull::new(unsafe { bindings::naïve() }); let q = NonNull::new(unsafe { bindings::plain() }); }
)");
  EXPECT_EQ(Fn(r.spec, "plain")->ret.nullability, Nullability::kNullable);
  EXPECT_EQ(r.spec.functions.size(), 1u) << OwnershipSpecToText(r.spec);
}

TEST(Infer, BadInputIsAnErrorNamingTheFile) {
  auto r = InferOwnershipSpec({{"bad.rs", "fn f() { let x = \"unterminated; }"}}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), StartsWith("bad.rs:1:"));
  auto u = InferOwnershipSpec({{"u.rs", "fn f() {}\n// caf\xe9\n"}}, {});
  ASSERT_FALSE(u.ok());
  EXPECT_THAT(std::string(u.status().message()), StartsWith("u.rs:2:"));
  InferOptions small;
  small.max_file_bytes = 10;
  auto big = InferOwnershipSpec({{"big.rs", std::string(11, ' ')}}, small);
  ASSERT_FALSE(big.ok());
  EXPECT_THAT(std::string(big.status().message()), HasSubstr("big.rs: 11 bytes, over the per-file limit"));
  // Deeply nested and truncated Rust: errors, not crashes.
  EXPECT_FALSE(InferOwnershipSpec({{"d.rs", std::string(100000, '(')}}, {}).ok());
  // Odd but valid token soup never crashes and still gives a parseable spec.
  InferResult soup = Infer({{"s.rs", "impl impl for for { fn } struct struct ( ) ; impl < > { } "
                                     "from_err_ptr() NonNull::new() x.is_null() ARef::from_raw() "
                                     "bindings::f( ) . is_null ( ) ; unsafe impl AlwaysRefCounted for {}"}});
  (void)soup;
}

TEST(Infer, LetBeforeTheTailStillFlows) {
  InferResult r = Infer(R"(
pub struct S { p: *mut ffi::obj }
impl S {
    pub fn name(&self) -> &CStr {
        let raw = unsafe { ffi::obj_name(self.p) };
        let unrelated = 5;
        unsafe { CStr::from_ptr(raw) }
    }
}
)");
  const auto* f = Fn(r.spec, "obj_name");
  ASSERT_NE(f, nullptr) << OwnershipSpecToText(r.spec);
  EXPECT_EQ(f->ret.kind, ReturnKind::kStr);
  EXPECT_EQ(f->ret.window.parent, "arg0");
  EXPECT_EQ(r.spec.resources.count("obj"), 1u);  // declared so the spec parses, with a note
  EXPECT_THAT(AllNotes(r.spec), HasSubstr("resource obj: no release, put or Rust refcount seen for S"));
}

// Hostile but lexable input: unterminated item headers, generic lists and
// `let`s by the hundred thousand must not make the walk quadratic.
TEST(Infer, TokenSoupStaysFast) {
  std::string soup;
  for (int i = 0; i < 40000; ++i) soup += "impl < fn let x = struct S < ";
  soup += "\n";
  for (int i = 0; i < 20000; ++i) soup += "fn f(&self) -> &T { let p = ffi::g(self.a); p.is_null(); }\n";
  auto start = std::chrono::steady_clock::now();
  InferResult r = Infer({{"soup.rs", soup}});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_EQ(r.stats.files, 1u);
}

TEST(Infer, ReadRustInputsWalksDirectories) {
  auto missing = ReadRustInputs({"/nonexistent/dir/x.rs"}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("/nonexistent/dir/x.rs"));
  auto here = ReadRustInputs({"harness/testdata/rust_frontend"}, {});
  ASSERT_TRUE(here.ok()) << here.status();
  ASSERT_FALSE(here->empty());
  for (const RustInput& in : *here) {
    EXPECT_THAT(in.name, StartsWith("rust_frontend/"));
    EXPECT_TRUE(absl::EndsWith(in.name, ".rs")) << in.name;
  }
  EXPECT_TRUE(std::is_sorted(here->begin(), here->end(),
                             [](const RustInput& a, const RustInput& b) { return a.name < b.name; }));
}

// rusqlite 0.28 from Debian's librust-rusqlite-dev (scripts/setup.sh), when
// installed: the user-space binding crate infer is run on.
TEST(Infer, RusqliteCrate) {
  const std::string dir = "/usr/share/cargo/registry/rusqlite-0.28.0";
  struct stat st;
  if (stat((dir + "/src/raw_statement.rs").c_str(), &st) != 0) GTEST_SKIP() << dir << " absent";
  auto in = ReadRustInputs({dir}, {});
  ASSERT_TRUE(in.ok()) << in.status();
  InferResult r = Infer(*in);
  if (std::getenv("BINDFUZZ_PRINT_SPEC")) std::cout << OwnershipSpecToText(r.spec);
  const auto& res = r.spec.resources;
  ASSERT_TRUE(res.count("sqlite3_stmt")) << OwnershipSpecToText(r.spec);
  EXPECT_EQ(res.at("sqlite3_stmt").release, "sqlite3_finalize");
  ASSERT_TRUE(res.count("sqlite3"));
  EXPECT_EQ(res.at("sqlite3").release, "sqlite3_close");
  ASSERT_TRUE(res.count("sqlite3_backup"));
  EXPECT_EQ(res.at("sqlite3_backup").release, "sqlite3_backup_finish");
  const auto* name = Fn(r.spec, "sqlite3_column_name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->ret.kind, ReturnKind::kStr);
  EXPECT_EQ(name->ret.window.parent, "arg0");
  std::cerr << "infer rusqlite: " << r.stats.files << " files, " << res.size() << " resources ("
            << r.stats.drop_releases << " Drop releases), " << r.spec.functions.size() << " functions ("
            << r.stats.null_checks << " NULL checks, " << r.stats.borrows << " borrows of self), "
            << r.spec.notes.size() << " notes\n";
}

}  // namespace
}  // namespace bindfuzz::spec
