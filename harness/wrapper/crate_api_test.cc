// crate_api: what wrapper mode reads of a crate's safe API, and the spec and
// shim it generates from it.
#include "harness/wrapper/crate_api.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/spec/spec_parser.h"
#include "harness/wrapper/wrapper_codegen.h"

namespace bindfuzz::wrapper {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kLib[] = R"rs(
use std::ffi::CString;
mod ffi;
mod stmt;
pub use crate::stmt::Stmt;

#[derive(Clone)]
pub struct Key(pub i32);
impl Key { pub fn new(v: i32) -> Key { Key(v) } }

pub struct Conn { raw: *mut ffi::RawConn }

impl Conn {
    pub fn open(n: i32) -> Option<Conn> { unimplemented!() }
    pub fn close(self) -> i32 { 0 }
    pub fn name(&self) -> &str { "" }
    pub fn set_name(&self, name: &str) {}
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>, String> { unimplemented!() }
    pub fn reset(&mut self) {}
    pub fn each<F: FnMut(i32)>(&self, f: F) {}
    pub unsafe fn from_raw(raw: *mut ffi::RawConn) -> Conn { Conn { raw } }
    fn private(&self) {}
}

impl Drop for Conn { fn drop(&mut self) {} }

pub fn version() -> u32 { 3 }

#[cfg(test)]
mod tests { pub fn not_api() {} }
)rs";

constexpr char kStmt[] = R"rs(
pub struct Stmt<'c> { conn: &'c super::Conn }
impl<'c> Stmt<'c> {
    pub fn step(&mut self) -> bool { false }
    pub fn finalize(self) -> Result<(), String> { Ok(()) }
    pub fn column(&self, i: usize) -> Option<String> { None }
    pub fn new(conn: &'c super::Conn) -> Stmt<'c> { Stmt { conn } }
}
)rs";

absl::StatusOr<CrateApi> Read() {
  return ReadCrateApiFromFiles(
      {{"src/lib.rs", kLib}, {"src/stmt.rs", kStmt}, {"src/ffi.rs", "pub enum RawConn {}"}});
}

const ApiFn* Find(const CrateApi& api, const std::string& owner, const std::string& name) {
  for (const ApiFn& f : api.fns)
    if (f.owner == owner && f.name == name) return &f;
  return nullptr;
}

TEST(CrateApi, ReadsTypesMethodsDropCloneAndReexports) {
  auto api = Read();
  ASSERT_TRUE(api.ok()) << api.status();
  EXPECT_EQ(api->files, 3);
  const ApiType* conn = api->FindType("Conn");
  ASSERT_NE(conn, nullptr);
  EXPECT_TRUE(conn->has_drop);
  EXPECT_FALSE(conn->has_clone);
  EXPECT_EQ(conn->loc.file, "src/lib.rs");
  const ApiType* key = api->FindType("Key");
  ASSERT_NE(key, nullptr);
  EXPECT_TRUE(key->has_clone);
  const ApiType* stmt = api->FindType("Stmt");
  ASSERT_NE(stmt, nullptr);
  EXPECT_TRUE(stmt->has_lifetime);
  EXPECT_EQ(stmt->path, std::vector<std::string>{"Stmt"});  // through `pub use`
  // The enum of the private ffi module is not API.
  EXPECT_EQ(api->FindType("RawConn"), nullptr);

  const ApiFn* open = Find(*api, "Conn", "open");
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->ret.kind, RetKind::kOwnedOpt);
  const ApiFn* close = Find(*api, "Conn", "close");
  ASSERT_NE(close, nullptr);
  ASSERT_TRUE(close->has_self);
  EXPECT_EQ(close->args[0].kind, ArgKind::kValue);
  const ApiFn* prepare = Find(*api, "Conn", "prepare");
  ASSERT_NE(prepare, nullptr);
  EXPECT_TRUE(prepare->ret.borrows_self);
  EXPECT_EQ(prepare->ret.kind, RetKind::kOwnedRes);
  EXPECT_EQ(prepare->args[1].kind, ArgKind::kStr);
  EXPECT_EQ(Find(*api, "Conn", "name")->ret.kind, RetKind::kRead);
  EXPECT_EQ(Find(*api, "Stmt", "column")->args[1].scalar, "u64");
  EXPECT_NE(Find(*api, "", "version"), nullptr);
  // Left out, each with a note: generic, unsafe; private fns are not API.
  EXPECT_EQ(Find(*api, "Conn", "each"), nullptr);
  EXPECT_EQ(Find(*api, "Conn", "from_raw"), nullptr);
  // A constructor whose result borrows a parameter: not modelled.
  EXPECT_EQ(Find(*api, "Stmt", "new"), nullptr);
  EXPECT_EQ(Find(*api, "Conn", "private"), nullptr);
  EXPECT_EQ(Find(*api, "", "not_api"), nullptr);
  std::string notes;
  for (const contract::Note& n : api->notes) notes += n.item + ": " + n.message + "\n";
  EXPECT_THAT(notes, HasSubstr("Conn::each: generic fn"));
  EXPECT_THAT(notes, HasSubstr("Conn::from_raw: unsafe fn"));
  EXPECT_THAT(notes, HasSubstr("Stmt::new: returns a borrowing type, not from a &self receiver"));
}

TEST(CrateApi, SpecStatesWhatSafeRustAllowsAndParses) {
  auto api = Read();
  ASSERT_TRUE(api.ok()) << api.status();
  const std::string text = WrapperSpecText(*api);
  auto spec = spec::ParseOwnershipSpec(text, "w.bfspec");
  ASSERT_TRUE(spec.ok()) << spec.status() << "\n" << text;
  // Drop releases; self by value is consumed; a result borrowing &self keeps
  // it retained until the result is dropped or consumed.
  EXPECT_THAT(text, HasSubstr("resource Conn { release bfw_Conn__drop;"));
  EXPECT_THAT(text, HasSubstr("fn bfw_Conn_close(self_: consumed Conn) -> i32"));
  EXPECT_THAT(text, HasSubstr("fn bfw_Conn_prepare(self_: retained Conn until bfw_Stmt__drop, "
                              "bfw_Stmt_finalize, sql: str, sql_len: len(sql) bytes) -> owned Stmt nullable"));
  EXPECT_THAT(text, HasSubstr("fn bfw_Key__clone(value: borrowed Key) -> owned Key"));
  EXPECT_THAT(text, HasSubstr("fn bfw_Conn_open(n: i32) -> owned Conn nullable origin \"src/lib.rs:"));
  // &mut of a type a live Stmt may borrow is left out (safe Rust refuses it).
  EXPECT_THAT(text, Not(HasSubstr("bfw_Conn_reset")));
  EXPECT_THAT(text, HasSubstr("fn bfw_Stmt_step(self_: borrowed Stmt) -> bool"));
  const std::string shim = WrapperShimText(*api, "/rt/bf_wrapper_rt.rs");
  EXPECT_THAT(shim, HasSubstr("bfw_rt::take::<bfw_crate::Conn>(a0)"));
  EXPECT_THAT(shim, HasSubstr("bfw_rt::borrow_mut::<bfw_crate::Stmt<'static>>(a0)"));
  EXPECT_THAT(shim, HasSubstr("#[path = \"/rt/bf_wrapper_rt.rs\"]"));
}

TEST(CrateApi, BrokenRustIsAnErrorWithItsLocation) {
  auto api = ReadCrateApiFromFiles({{"src/lib.rs", "pub struct X {\n  a: i32,\n pub fn"}});
  ASSERT_FALSE(api.ok());
  EXPECT_THAT(std::string(api.status().message()), HasSubstr("src/lib.rs:"));
  auto none = ReadCrateApiFromFiles({{"src/lib.rs", "mod missing;\n"}});
  ASSERT_TRUE(none.ok());
  ASSERT_EQ(none->notes.size(), 1u);
  EXPECT_EQ(none->notes[0].loc.line, 1u);
}

}  // namespace
}  // namespace bindfuzz::wrapper
