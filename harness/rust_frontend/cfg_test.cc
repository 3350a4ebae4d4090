#include "harness/rust_frontend/cfg.h"

#include <string>

#include "gtest/gtest.h"
#include "harness/rust_frontend/test_parse.h"

namespace bindfuzz::rust_frontend {
namespace {

Target Make(const std::string& triple, uint32_t ptr) {
  Target t;
  t.triple = triple;
  t.ptr = ptr;
  return t;
}

const Target kX64 = Make("x86_64-linux-gnu", 8);
const Target kI686 = Make("i686-unknown-linux-gnu", 4);
const Target kA64 = Make("aarch64-linux-gnu", 8);

// `#[cfg(<pred>)]` on an item, evaluated for `tg`.
int Cfg(const std::string& pred, const Target& tg) {
  ParsedSource p = ParseForTest("#[cfg(" + pred + ")] pub struct S;");
  const Attr& a = p.item(0).attrs.at(0);
  return EvalCfgAttr(a, *p.file, tg);
}

TEST(Cfg, TargetKeysFollowTheTarget) {
  EXPECT_EQ(Cfg("target_arch = \"x86_64\"", kX64), 1);
  EXPECT_EQ(Cfg("target_arch = \"x86_64\"", kA64), 0);
  EXPECT_EQ(Cfg("target_arch = \"x86\"", kI686), 1);
  EXPECT_EQ(Cfg("target_arch = \"aarch64\"", kA64), 1);
  EXPECT_EQ(Cfg("target_pointer_width = \"32\"", kI686), 1);
  EXPECT_EQ(Cfg("target_pointer_width = \"32\"", kX64), 0);
  EXPECT_EQ(Cfg("target_os = \"linux\"", kX64), 1);
  EXPECT_EQ(Cfg("target_os = \"windows\"", kX64), 0);
  EXPECT_EQ(Cfg("target_family = \"unix\"", kA64), 1);
  EXPECT_EQ(Cfg("target_endian = \"big\"", kX64), 0);
  EXPECT_EQ(Cfg("target_env = \"gnu\"", kI686), 1);
  EXPECT_EQ(Cfg("target_vendor = \"apple\"", kX64), -1);
}

TEST(Cfg, BareNames) {
  EXPECT_EQ(Cfg("unix", kX64), 1);
  EXPECT_EQ(Cfg("windows", kX64), 0);
  EXPECT_EQ(Cfg("test", kX64), 0);
  EXPECT_EQ(Cfg("doc", kX64), 0);
  EXPECT_EQ(Cfg("miri", kX64), 0);
  EXPECT_EQ(Cfg("target_thread_local", kX64), 1);
  EXPECT_EQ(Cfg("some_custom_cfg", kX64), -1);
  EXPECT_EQ(Cfg("feature = \"std\"", kX64), -1);
}

TEST(Cfg, CombinatorsAreThreeValued) {
  EXPECT_EQ(Cfg("not(windows)", kX64), 1);
  EXPECT_EQ(Cfg("not(feature = \"x\")", kX64), -1);
  EXPECT_EQ(Cfg("all(unix, target_pointer_width = \"64\")", kX64), 1);
  EXPECT_EQ(Cfg("all(unix, feature = \"x\")", kX64), -1);
  EXPECT_EQ(Cfg("all(windows, feature = \"x\")", kX64), 0);  // false whatever the unknown is
  EXPECT_EQ(Cfg("any(windows, unix)", kX64), 1);
  EXPECT_EQ(Cfg("any(feature = \"x\", unix)", kX64), 1);  // true whatever the unknown is
  EXPECT_EQ(Cfg("any(windows, feature = \"x\")", kX64), -1);
  EXPECT_EQ(Cfg("any()", kX64), 0);
  EXPECT_EQ(Cfg("all()", kX64), 1);
  EXPECT_EQ(Cfg("not(unix, windows)", kX64), -1);
  EXPECT_EQ(Cfg("all(not(any(windows, target_arch = \"x86\")), unix)", kX64), 1);
  EXPECT_EQ(Cfg("all(not(any(windows, target_arch = \"x86\")), unix)", kI686), 0);
}

TEST(Cfg, MalformedOrTooDeepIsUnknown) {
  EXPECT_EQ(Cfg("unix windows", kX64), -1);  // does not span the whole attribute
  EXPECT_EQ(Cfg("target_os = linux", kX64), -1);
  EXPECT_EQ(Cfg("\"unix\"", kX64), -1);
  std::string deep = "unix";
  for (int i = 0; i < 70; ++i) deep = "not(not(" + deep + "))";
  EXPECT_EQ(Cfg(deep, kX64), -1);
  std::string shallow = "unix";
  for (int i = 0; i < 30; ++i) shallow = "not(not(" + shallow + "))";
  EXPECT_EQ(Cfg(shallow, kX64), 1);
}

TEST(Cfg, PredicateAdvancesPastItself) {
  ParsedSource p = ParseForTest("m!(all(unix, windows), unix);");
  const Item& m = p.item(0);
  uint32_t i = m.tt_begin + 1;
  EXPECT_EQ(EvalCfgPredicate(*p.file, &i, m.tt_end, kX64, 0), 0);
  EXPECT_TRUE(p.file->tokens[i].kind == TokKind::kPunct && p.file->tokens[i].punct == ',');
  ++i;
  EXPECT_EQ(EvalCfgPredicate(*p.file, &i, m.tt_end, kX64, 0), 1);
  EXPECT_EQ(i, m.tt_end);
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
