#include "harness/diff/pair_through_functions.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/diff/name_match.h"
#include "harness/diff/test_contracts.h"

namespace bindfuzz::diff {
namespace {

using namespace bindfuzz::diff::testing;  // NOLINT: test builders
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// C: struct stat { long a; int b; }, int fstat_(int, struct stat *).
Contract StatC() {
  Contract c = CSide();
  c.records["stat"] = MakeRecord("stat", 16, 8, {F("a", I(64), 0, 8), F("b", I(32), 8, 4)});
  c.records["other"] = MakeRecord("other", 4, 4, {F("x", I(32), 0, 4)});
  c.functions["fstat_"] = MakeFunction("fstat_", I(32), {{"fd", I(32)}, {"st", Ptr(Rec("stat"))}});
  c.functions["lstat_"] = MakeFunction("lstat_", I(32), {{"st", Ptr(Rec("stat"))}});
  c.functions["oth"] = MakeFunction("oth", I(32), {{"o", Ptr(Rec("other"))}});
  c.functions["raw"] = MakeFunction("raw", I(32), {{"p", Ptr(Type::Void())}});
  return c;
}

Contract LibcStatRust() {
  Contract r = RustSide();
  r.records["LibcStat"] = MakeRecord("LibcStat", 16, 8, {F("a", I(64), 0, 8), F("b", I(64), 8, 8)});
  r.functions["fstat_"] = MakeFunction("fstat_", I(32), {{"fd", I(32)}, {"st", Ptr(Rec("LibcStat"))}});
  return r;
}

TEST(PairThroughFunctions, PairsARecordEveryFunctionPassesAsOneCRecord) {
  Contract c = StatC(), r = LibcStatRust();
  r.functions["lstat_"] = MakeFunction("lstat_", I(32), {{"st", Ptr(Rec("LibcStat"))}});
  // `void *` in C says nothing about what Rust passes.
  r.functions["raw"] = MakeFunction("raw", I(32), {{"p", Ptr(Rec("LibcStat"))}});
  NameMatcher names(c, r);
  FunctionPairs p = PairThroughFunctions(c, r, names, "C");
  ASSERT_EQ(p.paired.count("LibcStat"), 1u);
  EXPECT_EQ(p.paired.at("LibcStat").truth, "stat");
  EXPECT_EQ(p.paired.at("LibcStat").via, "`fstat_` parameter 2");
  EXPECT_THAT(p.ambiguous, IsEmpty());
  names.SetFunctionPairs(p);
  EXPECT_TRUE(names.SameRecord("stat", "LibcStat"));
  EXPECT_FALSE(names.SameRecord("other", "LibcStat"));
}

TEST(PairThroughFunctions, TwoCRecordsLeaveItUnpaired) {
  Contract c = StatC(), r = LibcStatRust();
  r.functions["oth"] = MakeFunction("oth", I(32), {{"o", Ptr(Rec("LibcStat"))}});
  NameMatcher names(c, r);
  FunctionPairs p = PairThroughFunctions(c, r, names, "C");
  EXPECT_THAT(p.paired, IsEmpty());
  EXPECT_THAT(p.ambiguous.at("LibcStat"), HasSubstr("two records: `stat`"));
}

TEST(PairThroughFunctions, PointerDepthMustAgree) {
  Contract c = StatC(), r = LibcStatRust();
  // C passes `struct stat *`, Rust `*mut *mut LibcStat`: C has a record
  // where Rust has a pointer, nothing pairs.
  r.functions["fstat_"] = MakeFunction("fstat_", I(32), {{"fd", I(32)}, {"st", Ptr(Ptr(Rec("LibcStat")))}});
  NameMatcher names(c, r);
  FunctionPairs p = PairThroughFunctions(c, r, names, "C");
  EXPECT_THAT(p.paired, IsEmpty());
}

TEST(PairThroughFunctions, ACRecordBoundByNameIsNotPairedAgain) {
  Contract c = StatC(), r = LibcStatRust();
  r.records["stat"] = c.records.at("stat");
  NameMatcher names(c, r);
  FunctionPairs p = PairThroughFunctions(c, r, names, "C");
  EXPECT_THAT(p.paired, IsEmpty());
  EXPECT_THAT(p.ambiguous.at("LibcStat"), HasSubstr("bound under its own name"));
}

TEST(PairThroughFunctions, TwoRustRecordsForOneCRecordAreNotPaired) {
  Contract c = StatC(), r = LibcStatRust();
  r.records["Stat2"] = r.records.at("LibcStat");
  r.functions["lstat_"] = MakeFunction("lstat_", I(32), {{"st", Ptr(Rec("Stat2"))}});
  NameMatcher names(c, r);
  FunctionPairs p = PairThroughFunctions(c, r, names, "C");
  EXPECT_THAT(p.paired, IsEmpty());
  EXPECT_THAT(p.ambiguous.at("Stat2"), HasSubstr("2 Rust records"));
}

TEST(PairThroughFunctions, FieldsOfPairedRecordsPairTheirMembers) {
  Contract c = StatC(), r = LibcStatRust();
  c.records["holder"] = MakeRecord("holder", 8, 8, {F("s", Ptr(Rec("stat")), 0, 8)});
  r.records["holder"] = MakeRecord("holder", 8, 8, {F("s", Ptr(Rec("LibcStat")), 0, 8)});
  r.functions.clear();
  NameMatcher names(c, r);
  FunctionPairs p = PairThroughFunctions(c, r, names, "C");
  ASSERT_EQ(p.paired.count("LibcStat"), 1u);
  EXPECT_EQ(p.paired.at("LibcStat").via, "field `holder.s`");
}

}  // namespace
}  // namespace bindfuzz::diff
