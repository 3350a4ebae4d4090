#include "harness/rust_frontend/cfg.h"

#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "harness/rust_frontend/test_parse.h"

namespace bindfuzz::rust_frontend {
namespace {

CfgSet For(const std::string& triple) {
  auto t = target::LookupTarget(triple);
  EXPECT_TRUE(t.ok()) << triple;
  return CfgSet::ForTarget(**t);
}

const CfgSet kX64 = For("x86_64-linux-gnu");
const CfgSet kI686 = For("i686-unknown-linux-gnu");
const CfgSet kA64 = For("aarch64-linux-gnu");

// `#[cfg(<pred>)]` on an item, evaluated for `cfgs`.
int Cfg(const std::string& pred, const CfgSet& cfgs, std::set<std::string>* unset = nullptr) {
  ParsedSource p = ParseForTest("#[cfg(" + pred + ")] pub struct S;");
  const Attr& a = p.item(0).attrs.at(0);
  return EvalCfgAttr(a, *p.file, cfgs, unset);
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
  EXPECT_EQ(Cfg("target_vendor = \"apple\"", kX64), 0);
  EXPECT_EQ(Cfg("target_vendor = \"unknown\"", kX64), 1);
  EXPECT_EQ(Cfg("target_feature = \"sse2\"", kX64), -1);  // not modelled
}

TEST(Cfg, BareNames) {
  EXPECT_EQ(Cfg("unix", kX64), 1);
  EXPECT_EQ(Cfg("windows", kX64), 0);
  EXPECT_EQ(Cfg("test", kX64), 0);
  EXPECT_EQ(Cfg("doc", kX64), 0);
  EXPECT_EQ(Cfg("miri", kX64), 0);
  EXPECT_EQ(Cfg("target_thread_local", kX64), 1);
}

TEST(Cfg, UnsetOptionsAreFalseAsInRustcAndListed) {
  std::set<std::string> unset;
  EXPECT_EQ(Cfg("some_custom_cfg", kX64, &unset), 0);
  EXPECT_EQ(Cfg("feature = \"std\"", kX64, &unset), 0);
  EXPECT_EQ(Cfg("not(newlib)", kX64, &unset), 1);
  EXPECT_EQ(unset, (std::set<std::string>{"newlib", "some_custom_cfg"}));  // features are rustc's own
}

TEST(Cfg, GivenCfgsAndFeaturesAreSet) {
  CfgSet c = kX64;
  ASSERT_TRUE(c.Add("newlib").ok());
  ASSERT_TRUE(c.Add("abi=\"v2\"").ok());
  c.AddFeatures("std, openssl-3");
  EXPECT_EQ(Cfg("newlib", c), 1);
  EXPECT_EQ(Cfg("not(newlib)", c), 0);
  EXPECT_EQ(Cfg("abi = \"v2\"", c), 1);
  EXPECT_EQ(Cfg("abi = \"v1\"", c), 0);
  EXPECT_EQ(Cfg("feature = \"std\"", c), 1);
  EXPECT_EQ(Cfg("feature = \"openssl-3\"", c), 1);
  EXPECT_EQ(Cfg("feature = \"alloc\"", c), 0);
  EXPECT_FALSE(c.Add("a b").ok());
  EXPECT_FALSE(c.Add("x=\"a\"b\"").ok());
}

TEST(Cfg, CfgAttrExpandsWhenThePredicateHolds) {
  CfgSet c = kX64;
  ASSERT_TRUE(c.Add("newlib").ok());
  ParsedSource p = ParseForTest("#[cfg_attr(newlib, repr(C), derive(Copy))] #[cfg_attr(windows, repr(u8))] pub struct S;");
  std::vector<Attr> out;
  EXPECT_EQ(ExpandCfgAttr(p.item(0).attrs.at(0), *p.file, c, nullptr, &out), 1);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].name, "repr");
  EXPECT_EQ(out[1].name, "derive");
  out.clear();
  EXPECT_EQ(ExpandCfgAttr(p.item(0).attrs.at(1), *p.file, c, nullptr, &out), 0);
  EXPECT_TRUE(out.empty());
}

TEST(Cfg, CombinatorsAreThreeValued) {
  const std::string kUnknown = "target_feature = \"x\"";
  EXPECT_EQ(Cfg("not(windows)", kX64), 1);
  EXPECT_EQ(Cfg("not(" + kUnknown + ")", kX64), -1);
  EXPECT_EQ(Cfg("all(unix, target_pointer_width = \"64\")", kX64), 1);
  EXPECT_EQ(Cfg("all(unix, " + kUnknown + ")", kX64), -1);
  EXPECT_EQ(Cfg("all(windows, " + kUnknown + ")", kX64), 0);  // false whatever the unknown is
  EXPECT_EQ(Cfg("any(windows, unix)", kX64), 1);
  EXPECT_EQ(Cfg("any(" + kUnknown + ", unix)", kX64), 1);  // true whatever the unknown is
  EXPECT_EQ(Cfg("any(windows, " + kUnknown + ")", kX64), -1);
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
  EXPECT_EQ(EvalCfgPredicate(*p.file, &i, m.tt_end, kX64, nullptr, 0), 0);
  EXPECT_TRUE(p.file->tokens[i].kind == TokKind::kPunct && p.file->tokens[i].punct == ',');
  ++i;
  EXPECT_EQ(EvalCfgPredicate(*p.file, &i, m.tt_end, kX64, nullptr, 0), 1);
  EXPECT_EQ(i, m.tt_end);
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
