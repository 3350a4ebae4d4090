// Drift classes (drift.h) and Kconfig groups (config_group.h) on small
// contracts: old bindings (rust) and the C they were made from (old_c)
// against new C (c).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/diff/config_group.h"
#include "harness/diff/diff.h"
#include "harness/diff/drift.h"
#include "harness/diff/report.h"
#include "harness/diff/test_contracts.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::diff {
namespace {

using namespace testing;  // NOLINT (bindfuzz::diff::testing: the contract builders)
using ::testing::HasSubstr;
using ::testing::Not;

const Finding* FindingOf(const DiffReport& r, MismatchKind kind, const std::string& item,
                         const std::string& member = "") {
  for (const Finding& f : r.findings) {
    if (f.kind == kind && f.item == item && f.member == member) return &f;
  }
  return nullptr;
}

contract::PpCondition IfdefOf(const std::string& macro) {
  contract::PpCondition c;
  c.directive = "ifdef";
  c.condition = macro;
  c.macros = {macro};
  return c;
}

// Old kernel: `file` {f_mode u32, f_count u32}, kmalloc(size), old_fn(),
// OLD_C = 1, and a record `compat` the bindings already got wrong. New
// kernel: `file` gained f_flags before f_count, kmalloc gained a parameter,
// old_fn is gone, OLD_C = 2, and new_fn / NEW_C / `fresh` appeared.
// `skipped` was in the old C already and bindgen did not bind it.
struct Versions {
  Contract c = CSide();
  Contract old_c = CSide();
  Contract rust = RustSide();

  Versions() {
    old_c.records["file"] = MakeRecord("file", 8, 4, {F("f_mode", U(32), 0, 4), F("f_count", U(32), 4, 4)});
    rust.records["file"] = old_c.records["file"];
    c.records["file"] =
        MakeRecord("file", 12, 4, {F("f_mode", U(32), 0, 4), F("f_flags", U(32), 4, 4), F("f_count", U(32), 8, 4)});
    for (Contract* s : {&c, &old_c}) s->records["compat"] = MakeRecord("compat", 12, 4, {F("x", U(64), 4, 8)});
    rust.records["compat"] = MakeRecord("compat", 16, 8, {F("x", U(64), 8, 8)});
    old_c.functions["kmalloc"] = MakeFunction("kmalloc", Ptr(Type::Void()), {{"size", U(64)}});
    rust.functions["kmalloc"] = old_c.functions["kmalloc"];
    c.functions["kmalloc"] = MakeFunction("kmalloc", Ptr(Type::Void()), {{"size", U(64)}, {"flags", U(32)}});
    old_c.functions["old_fn"] = MakeFunction("old_fn", Type::Void(), {});
    rust.functions["old_fn"] = old_c.functions["old_fn"];
    c.functions["new_fn"] = MakeFunction("new_fn", Type::Void(), {});
    for (Contract* s : {&c, &old_c}) s->functions["skipped"] = MakeFunction("skipped", Type::Void(), {});
    old_c.constants["OLD_C"] = IntConst("OLD_C", 1, U(32));
    rust.constants["OLD_C"] = old_c.constants["OLD_C"];
    c.constants["OLD_C"] = IntConst("OLD_C", 2, U(32));
    c.constants["NEW_C"] = IntConst("NEW_C", 7, U(32));
    c.records["fresh"] = MakeRecord("fresh", 4, 4, {F("v", U(32), 0, 4)});
    // 6.1's kernel_cap_struct { __u32 cap[2]; } became { u64 val; }: the
    // same bytes, but the name Rust code uses is gone.
    old_c.records["caps"] = MakeRecord("caps", 8, 4, {F("cap", Type::ArrayOf(U(32), 2), 0, 8)});
    rust.records["caps"] = old_c.records["caps"];
    c.records["caps"] = MakeRecord("caps", 8, 8, {F("val", U(64), 0, 8)});
  }
  DiffReport Drift(bool with_old_c = true) const {
    DiffOptions o;
    o.drift = true;
    return Compare(c, rust, o, with_old_c ? &old_c : nullptr);
  }
};

TEST(DriftTest, FindingsAreSortedIntoSilentCompileBreakingAndNew) {
  DiffReport r = Versions().Drift();
  const Finding* size = FindingOf(r, MismatchKind::kRecordSize, "file");
  ASSERT_NE(size, nullptr);
  EXPECT_EQ(DriftClassOf(*size), DriftClass::kSilent);
  const Finding* offset = FindingOf(r, MismatchKind::kFieldOffset, "file", "f_count");
  ASSERT_NE(offset, nullptr);
  EXPECT_EQ(DriftClassOf(*offset), DriftClass::kSilent);
  const Finding* added = FindingOf(r, MismatchKind::kFieldExtra, "file", "f_flags");
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(DriftClassOf(*added), DriftClass::kNew);
  const Finding* params = FindingOf(r, MismatchKind::kFunctionParamCount, "kmalloc");
  ASSERT_NE(params, nullptr);
  EXPECT_EQ(DriftClassOf(*params), DriftClass::kSilent);
  const Finding* gone = FindingOf(r, MismatchKind::kFunctionMissing, "old_fn");
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(DriftClassOf(*gone), DriftClass::kCompileBreaking);
  const Finding* renamed = FindingOf(r, MismatchKind::kFieldCoversMembers, "caps", "cap");
  ASSERT_NE(renamed, nullptr);
  EXPECT_EQ(DriftClassOf(*renamed), DriftClass::kCompileBreaking);
  const Finding* value = FindingOf(r, MismatchKind::kConstantValue, "OLD_C");
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(DriftClassOf(*value), DriftClass::kSilent);
  // What the new C has and nothing binds: new, as *-unbound notes.
  for (auto [kind, item] : std::vector<std::pair<MismatchKind, std::string>>{
           {MismatchKind::kFunctionUnbound, "new_fn"},
           {MismatchKind::kConstantUnbound, "NEW_C"},
           {MismatchKind::kRecordUnbound, "fresh"}}) {
    const Finding* f = FindingOf(r, kind, item);
    ASSERT_NE(f, nullptr) << item;
    EXPECT_EQ(DriftClassOf(*f), DriftClass::kNew) << item;
    EXPECT_EQ(f->severity, Severity::kNote) << item;
  }
  // The old C had `skipped` already: bindgen's choice, not new.
  EXPECT_EQ(FindingOf(r, MismatchKind::kFunctionUnbound, "skipped"), nullptr);
  EXPECT_NE(FindingOf(Versions().Drift(false), MismatchKind::kFunctionUnbound, "skipped"), nullptr);
  // Every finding has a class; the counts add up to the findings.
  std::map<DriftClass, size_t> n;
  for (const Finding& f : r.findings) ++n[DriftClassOf(f)];
  EXPECT_EQ(n[DriftClass::kNone], 0u);
  size_t counted = 0;
  for (size_t k : r.counts) counted += k;
  EXPECT_EQ(counted, r.findings.size());
}

TEST(DriftTest, OutsideDriftModeNothingUnboundIsReported) {
  Versions v;
  DiffReport r = Compare(v.c, v.rust, DiffOptions{}, &v.old_c);
  for (const Finding& f : r.findings) {
    EXPECT_FALSE(IsUnboundKind(f.kind)) << f.Subject();
    EXPECT_FALSE(f.preexisting) << f.Subject();
  }
}

TEST(DriftTest, FindingsTheBindingsHadAgainstTheirOwnCAreMarkedPreexisting) {
  DiffReport r = Versions().Drift();
  const Finding* compat = FindingOf(r, MismatchKind::kRecordSize, "compat");
  ASSERT_NE(compat, nullptr);
  EXPECT_TRUE(compat->preexisting);
  EXPECT_EQ(DriftClassOf(*compat), DriftClass::kSilent);  // keeps its class
  const Finding* file = FindingOf(r, MismatchKind::kRecordSize, "file");
  ASSERT_NE(file, nullptr);
  EXPECT_FALSE(file->preexisting);
  // Without the old C nothing can be called pre-existing.
  for (const Finding& f : Versions().Drift(false).findings) EXPECT_FALSE(f.preexisting) << f.Subject();
  // The attribution regroups and the marks decorate: same findings either way.
  EXPECT_EQ(r.findings.size(), Versions().Drift(false).findings.size() - 1);  // minus `skipped`
}

TEST(DriftTest, ReportsShowClassesAndPreexistingCounts) {
  DiffReport r = Versions().Drift();
  const std::string text = ReportToText(r);
  EXPECT_THAT(text, HasSubstr("\ndrift: "));
  EXPECT_THAT(text, HasSubstr("pre-existing)"));
  EXPECT_THAT(text, HasSubstr("record file [silent]"));
  EXPECT_THAT(text, HasSubstr("record compat [silent, pre-existing]"));
  nlohmann::json j = nlohmann::json::parse(ReportToJson(r));
  ASSERT_EQ(j["findings"].size(), r.findings.size());
  size_t classed = 0, pre = 0;
  for (const auto& f : j["findings"]) {
    ASSERT_TRUE(f.contains("drift"));
    pre += f.value("preexisting", false);
  }
  for (const char* c : {"silent", "compile-breaking", "new"}) {
    classed += j["drift"][c]["findings"].get<size_t>();
    pre -= j["drift"][c]["preexisting"].get<size_t>();
  }
  EXPECT_EQ(classed, r.findings.size());
  EXPECT_EQ(pre, 0u);
  // Not in drift mode: no drift section, no tags.
  Versions v;
  const std::string plain = ReportToText(Compare(v.c, v.rust));
  EXPECT_THAT(plain, Not(HasSubstr("\ndrift: ")));
  EXPECT_THAT(plain, Not(HasSubstr("[silent")));
}

// Two configurations: the truth has CONFIG_A off and CONFIG_B = m; the
// bindings' C had both on. `stats` has a field under #ifdef CONFIG_A;
// `helper` is declared under #ifdef CONFIG_B; `plain` changed without any
// condition; CONFIG_A itself is a constant the bindings have.
struct Flavours {
  Contract c = CSide();
  Contract assumed_c = CSide();
  Contract rust = RustSide();

  Flavours() {
    c.constants["CONFIG_B_MODULE"] = IntConst("CONFIG_B_MODULE", 1, I(32));
    c.constants["CONFIG_SAME"] = IntConst("CONFIG_SAME", 1, I(32));
    for (Contract* s : {&assumed_c, &rust}) {
      s->constants["CONFIG_A"] = IntConst("CONFIG_A", 1, I(32));
      s->constants["CONFIG_B"] = IntConst("CONFIG_B", 1, I(32));
      s->constants["CONFIG_SAME"] = IntConst("CONFIG_SAME", 1, I(32));
    }
    c.records["stats"] = MakeRecord("stats", 4, 4, {F("n", U(32), 0, 4)});
    Record with_a = MakeRecord("stats", 8, 4, {F("n", U(32), 0, 4), F("a_only", U(32), 4, 4)});
    with_a.fields[1].conditions = {IfdefOf("CONFIG_A")};
    assumed_c.records["stats"] = with_a;
    rust.records["stats"] = MakeRecord("stats", 8, 4, {F("n", U(32), 0, 4), F("a_only", U(32), 4, 4)});
    // Embeds stats: inherits its group through attribution.
    for (Contract* s : {&c, &assumed_c, &rust}) {
      const uint64_t n = s == &c ? 4 : 8;
      s->records["holder"] = MakeRecord("holder", n + 4, 4, {F("s", Rec("stats"), 0, n), F("k", U(32), n, 4)});
    }
    contract::Function helper = MakeFunction("helper", Type::Void(), {});
    helper.conditions = {IfdefOf("CONFIG_B")};
    helper.has_symbol = false;  // a static inline stub in the truth's configuration
    c.functions["helper"] = helper;
    helper.has_symbol = true;
    assumed_c.functions["helper"] = helper;
    rust.functions["helper"] = helper;
    // Under a symbol set the same on both sides: no group.
    contract::Function same = MakeFunction("same", Type::Void(), {});
    same.conditions = {IfdefOf("CONFIG_SAME")};
    rust.functions["same"] = same;
    assumed_c.functions["same"] = same;
    c.records["plain"] = MakeRecord("plain", 4, 4, {F("v", U(32), 0, 4)});
    rust.records["plain"] = MakeRecord("plain", 8, 4, {F("v", U(64), 0, 8)});
  }
  DiffReport Grouped() const {
    DiffOptions o;
    o.config_groups = true;
    return Compare(c, rust, o, &assumed_c);
  }
};

TEST(ConfigGroupTest, SymbolsAndValues) {
  EXPECT_EQ(KconfigSymbol("CONFIG_NET"), "CONFIG_NET");
  EXPECT_EQ(KconfigSymbol("CONFIG_NET_MODULE"), "CONFIG_NET");
  EXPECT_EQ(KconfigSymbol("MODULE"), "");
  EXPECT_EQ(KconfigSymbol("CONFIG_"), "");
  Flavours f;
  EXPECT_EQ(KconfigValue(f.c, "CONFIG_A"), "unset");
  EXPECT_EQ(KconfigValue(f.c, "CONFIG_B"), "m");
  EXPECT_EQ(KconfigValue(f.assumed_c, "CONFIG_B"), "y");
}

TEST(ConfigGroupTest, FindingsAreGroupedByTheSymbolsAroundTheirDefinitions) {
  DiffReport r = Flavours().Grouped();
  std::map<std::string, const ConfigGroup*> groups;
  size_t total = 0;
  for (const ConfigGroup& g : r.config_groups) {
    groups[g.key] = &g;
    total += g.findings;
  }
  EXPECT_EQ(total, r.findings.size());
  for (const Finding& f : r.findings) EXPECT_TRUE(groups.count(f.config_group)) << f.Subject();
  const Finding* missing = FindingOf(r, MismatchKind::kFieldMissing, "stats", "a_only");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->config_group, "CONFIG_A");
  const Finding* size = FindingOf(r, MismatchKind::kRecordSize, "stats");
  ASSERT_NE(size, nullptr);
  EXPECT_EQ(size->config_group, "CONFIG_A");  // the one-sided field is why
  const Finding* holder = FindingOf(r, MismatchKind::kRecordSize, "holder");
  ASSERT_NE(holder, nullptr);
  EXPECT_EQ(holder->config_group, "CONFIG_A");  // through its root cause
  const Finding* helper = FindingOf(r, MismatchKind::kFunctionNoSymbol, "helper");
  ASSERT_NE(helper, nullptr);
  EXPECT_EQ(helper->config_group, "CONFIG_B");
  ASSERT_TRUE(groups.count("CONFIG_B"));
  EXPECT_EQ(groups["CONFIG_B"]->truth_values, std::vector<std::string>{"m"});
  EXPECT_EQ(groups["CONFIG_B"]->assumed_values, std::vector<std::string>{"y"});
  const Finding* plain = FindingOf(r, MismatchKind::kRecordSize, "plain");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->config_group, "");
  const Finding* sym = FindingOf(r, MismatchKind::kConstantMissing, "CONFIG_A");
  ASSERT_NE(sym, nullptr);
  EXPECT_EQ(sym->config_group, kKconfigSymbolsGroup);
  // The ungrouped come last.
  EXPECT_EQ(r.config_groups.back().key, "");
}

TEST(ConfigGroupTest, GroupedTextHasOneLinePerGroupAndJsonKeepsEveryFinding) {
  DiffReport r = Flavours().Grouped();
  TextOptions to;
  to.group = true;
  const std::string text = ReportToText(r, to);
  EXPECT_THAT(text, HasSubstr("Kconfig groups: "));
  EXPECT_THAT(text, HasSubstr("CONFIG_A (unset / y)"));
  EXPECT_THAT(text, HasSubstr("CONFIG_B (m / y)"));
  EXPECT_THAT(text, HasSubstr("(no Kconfig condition)"));
  // One line per group, no per-finding blocks.
  for (const ConfigGroup& g : r.config_groups) {
    EXPECT_THAT(text, HasSubstr(std::to_string(g.findings) + "  ")) << g.key;
  }
  EXPECT_THAT(text, Not(HasSubstr("=> ")));
  nlohmann::json j = nlohmann::json::parse(ReportToJson(r));
  ASSERT_EQ(j["findings"].size(), r.findings.size());
  size_t in_groups = 0;
  for (const auto& g : j["config_groups"]) in_groups += g["findings"].get<size_t>();
  EXPECT_EQ(in_groups, r.findings.size());
}

TEST(ConfigGroupTest, WithoutEitherConfigurationEverythingIsUngrouped) {
  Flavours f;
  for (Contract* s : {&f.c, &f.assumed_c, &f.rust}) {
    for (auto it = s->constants.begin(); it != s->constants.end();) {
      it = it->first.rfind("CONFIG_", 0) == 0 ? s->constants.erase(it) : std::next(it);
    }
  }
  DiffReport r = f.Grouped();
  ASSERT_EQ(r.config_groups.size(), 1u);
  EXPECT_EQ(r.config_groups[0].key, "");
  EXPECT_EQ(r.config_groups[0].findings, r.findings.size());
}

}  // namespace
}  // namespace bindfuzz::diff
