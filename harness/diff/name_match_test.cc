#include "harness/diff/name_match.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/diff/test_contracts.h"

namespace bindfuzz::diff {
namespace {

using namespace bindfuzz::diff::testing;  // NOLINT: test builders
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(CanonicalName, StripsBtfAlternatesOnly) {
  EXPECT_EQ(CanonicalName("X#2"), "X");
  EXPECT_EQ(CanonicalName("X#2::(anon#1)"), "X::(anon#1)");
  EXPECT_EQ(CanonicalName("X#12::Y#3"), "X::Y");
  EXPECT_EQ(CanonicalName("(anon#1)"), "(anon#1)");
  EXPECT_EQ(CanonicalName("X#"), "X#");
  EXPECT_EQ(CanonicalName("X#2a"), "X#2a");
}

TEST(IsBindgenHelper, NamesBindgenSupportTypes) {
  EXPECT_TRUE(IsBindgenHelper("__BindgenBitfieldUnit"));
  EXPECT_TRUE(IsBindgenHelper("__IncompleteArrayField"));
  EXPECT_FALSE(IsBindgenHelper("file"));
  EXPECT_FALSE(IsBindgenHelper("__bindgen_ty_1"));
}

TEST(NameMatcher, RecordsByKeyThenAlternatesShortestFirst) {
  Contract c = CSide(), rust = RustSide();
  c.records["X#10"] = MakeRecord("X#10", 4, 4, {});
  c.records["X#2"] = MakeRecord("X#2", 4, 4, {});
  c.records["X"] = MakeRecord("X", 8, 4, {});
  NameMatcher names(c, rust);
  EXPECT_THAT(names.TruthRecords("X"), ElementsAre("X", "X#2", "X#10"));
  EXPECT_THAT(names.TruthRecords("X#2"), ElementsAre("X", "X#2", "X#10"));
  EXPECT_THAT(names.TruthRecords("Y"), IsEmpty());
  ASSERT_NE(names.TruthRecord("X"), nullptr);
  EXPECT_EQ(names.TruthRecord("X")->size_bytes, 8u);
  EXPECT_EQ(names.AssumedRecord("X"), nullptr);
  EXPECT_TRUE(names.SameRecord("X#2", "X"));
  EXPECT_FALSE(names.SameRecord("X", "Y"));
}

TEST(NameMatcher, BindgenNamesForNestedRecords) {
  Contract c = CSide(), rust = RustSide();
  c.records["stats"] = MakeRecord("stats", 8, 8, {F("a", Type::ArrayOf(Rec("stat"), 1), 0, 8)});
  c.records["stat"] = MakeRecord("stat", 8, 8, {});
  rust.records["stats"] = MakeRecord("stats", 8, 8, {F("a", Type::ArrayOf(Rec("stats_stat"), 1), 0, 8)});
  rust.records["stats_stat"] = MakeRecord("stats_stat", 8, 8, {});
  EXPECT_EQ(NameMatcher(c, rust).NestedNameOf("stats_stat"), "stat");
  // Not when the assumed side is not Rust (no bindgen names).
  Contract other = rust;
  other.side = Side::kC;
  EXPECT_EQ(NameMatcher(c, other).NestedNameOf("stats_stat"), "");
  // Not when the truth defines the name itself.
  Contract c2 = c;
  c2.records["stats_stat"] = MakeRecord("stats_stat", 8, 8, {});
  EXPECT_EQ(NameMatcher(c2, rust).NestedNameOf("stats_stat"), "");
  // Not when the C record the Rust one is used in has no field of that type.
  c.records["stats"].fields[0].type = U(64);
  EXPECT_EQ(NameMatcher(c, rust).NestedNameOf("stats_stat"), "");
}

TEST(NameMatcher, OpaqueParentOfAnonMember) {
  Contract c = CSide(), rust = RustSide();
  rust.records["spinlock"] = MakeRecord("spinlock", 4, 4, {Artificial("_bindgen_opaque_blob", U(32), 0, 4)});
  rust.records["open"] = MakeRecord("open", 4, 4, {F("a", U(32), 0, 4)});
  NameMatcher names(c, rust);
  EXPECT_EQ(names.OpaqueParentOfAnonMember("spinlock__bindgen_ty_1"), "spinlock");
  EXPECT_EQ(names.OpaqueParentOfAnonMember("open__bindgen_ty_1"), "");
  EXPECT_EQ(names.OpaqueParentOfAnonMember("ghost__bindgen_ty_1"), "");
  EXPECT_EQ(names.OpaqueParentOfAnonMember("__bindgen_ty_1"), "");
}

TEST(NameMatcher, EnumsByKeyOrByEnumerator) {
  Contract c = CSide(), rust = RustSide();
  c.enums["(anon enum at x.h:3)"] = MakeEnum("(anon enum at x.h:3)", U(32), 4, {{"FOO", 1}, {"BAR", 2}});
  c.enums["color"] = MakeEnum("color", U(32), 4, {{"RED", 0}});
  NameMatcher names(c, rust);
  std::string how;
  Enum anon = MakeEnum("_bindgen_ty_1", U(32), 4, {{"_bindgen_ty_1_BAR", 2}}, "consts");
  anon.anonymous = true;
  EXPECT_THAT(names.TruthEnumsForAssumed(anon, &how), ElementsAre("(anon enum at x.h:3)"));
  EXPECT_EQ(how, "matched by its enumerator `_bindgen_ty_1_BAR`");
  how.clear();
  EXPECT_THAT(names.TruthEnumsForAssumed(MakeEnum("color", U(32), 4, {}), &how), ElementsAre("color"));
  EXPECT_EQ(how, "");
  EXPECT_THAT(names.TruthEnumsForAssumed(MakeEnum("ghost", U(32), 4, {{"NONE", 0}}), &how), IsEmpty());
}

TEST(NameMatcher, EnumeratorsWithBindgenPrefixes) {
  Enum te = MakeEnum("fs_purpose", U(32), 4, {{"FS_MOUNT", 0}, {"FS_SUBMOUNT", 1}});
  const Enumerator* e = NameMatcher::FindTruthEnumerator(te, "fs_purpose_FS_SUBMOUNT", "fs_purpose");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->name, "FS_SUBMOUNT");
  EXPECT_EQ(NameMatcher::FindTruthEnumerator(te, "FS_MOUNT", "other")->name, "FS_MOUNT");
  EXPECT_EQ(NameMatcher::FindTruthEnumerator(te, "other_FS_MOUNT", "x"), nullptr);
}

TEST(NameMatcher, ConstantsThatStandForEnumerators) {
  Contract c = CSide(), rust = RustSide();
  c.enums["e"] = MakeEnum("e", U(32), 4, {{"A", 1}, {"false", 0}});
  c.enums["f"] = MakeEnum("f", U(32), 4, {{"A", 7}});
  c.records["rec"] = MakeRecord("rec", 4, 4, {});
  c.enums["(anon)"] = MakeEnum("(anon)", U(32), 4, {{"INNER", 3}});
  NameMatcher names(c, rust);
  const Enum* te = nullptr;
  const Enumerator* en = nullptr;
  auto find = [&](const std::string& name) {
    te = nullptr;
    en = nullptr;
    return names.FindEnumeratorConstant(IntConst(name, 0, U(32)), &te, &en);
  };
  ASSERT_TRUE(find("f_A"));  // `<enum>_<enumerator>` picks that enum's A
  EXPECT_EQ(te->name, "f");
  EXPECT_EQ(en->value, IntValue::Of(7));
  ASSERT_TRUE(find("A"));  // plain: the first enum defining it
  EXPECT_EQ(te->name, "e");
  ASSERT_TRUE(find("rec_INNER"));  // an anonymous enum inside a record
  EXPECT_EQ(en->name, "INNER");
  ASSERT_TRUE(find("false_"));  // keyword-escaped
  EXPECT_EQ(en->name, "false");
  EXPECT_FALSE(find("g_A_"));
  EXPECT_FALSE(find("NOTHING"));
}

TEST(NameMatcher, OtherItemsByKey) {
  Contract c = CSide(), rust = RustSide();
  c.typedefs["pid_t"] = TypedefOf("pid_t", I(32));
  c.functions["kfree"] = MakeFunction("kfree", Type::Void(), {});
  c.variables["jiffies"] = Var("jiffies", U(64));
  c.constants["HZ"] = IntConst("HZ", 250, U(32));
  NameMatcher names(c, rust);
  EXPECT_NE(names.TruthTypedef("pid_t"), nullptr);
  EXPECT_NE(names.TruthFunction("kfree"), nullptr);
  EXPECT_NE(names.TruthVariable("jiffies"), nullptr);
  EXPECT_NE(names.TruthConstant("HZ"), nullptr);
  EXPECT_EQ(names.TruthFunction("kmalloc"), nullptr);
  EXPECT_EQ(names.TruthConstant("pid_t"), nullptr);
}

TEST(MatchFields, ByNameInAssumedOrderArtificialLeftOut) {
  Record tr = MakeRecord("s", 16, 8,
                         {F("a", U(32), 0, 4), F("gone", U(32), 4, 4), F("b", U(64), 8, 8), F("a", U(8), 12, 1)});
  Record ar = MakeRecord("s", 16, 8,
                         {F("b", U(64), 8, 8), Artificial("__bindgen_padding_0", U(32), 4, 4), F("new", U(32), 4, 4),
                          F("a", U(32), 0, 4)});
  FieldPairing p = NameMatcher(CSide(), RustSide()).MatchFields(tr, ar);
  ASSERT_EQ(p.assumed_order.size(), 3u);
  EXPECT_EQ(p.assumed_order[0].assumed->name, "b");
  EXPECT_EQ(p.assumed_order[0].truth, &tr.fields[2]);
  EXPECT_EQ(p.assumed_order[1].assumed->name, "new");
  EXPECT_EQ(p.assumed_order[1].truth, nullptr);
  EXPECT_EQ(p.assumed_order[2].truth, &tr.fields[0]);  // the first `a`
  ASSERT_EQ(p.truth_only.size(), 1u);
  EXPECT_EQ(p.truth_only[0]->name, "gone");
}

}  // namespace
}  // namespace bindfuzz::diff
