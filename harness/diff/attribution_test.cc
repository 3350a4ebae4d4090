#include "harness/diff/attribution.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/diff/diff.h"
#include "harness/diff/report.h"
#include "harness/diff/test_contracts.h"

namespace bindfuzz::diff {
namespace {

using namespace testing;  // NOLINT
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// PREEMPT_RT in miniature: C's spinlock grows from 4 to 32 bytes; Rust
// binds the old one (opaque, as the kernel's bindgen_parameters ask).
// wait_queue_head and file embed it through the typedef spinlock_t;
// address_space embeds wait_queue_head, inode embeds address_space. task
// embeds it too but also gained a field of its own; mutex changed its
// fields at the same size; `shuffled` swapped two fields; bar embeds the
// typedef foo_t, which changed from 4 to 8 bytes.
struct Scenario {
  Contract c = CSide();
  Contract rust = RustSide();

  Scenario() {
    for (Contract* s : {&c, &rust}) {
      s->typedefs["spinlock_t"] = TypedefOf("spinlock_t", Rec("spinlock"));
      s->records["list_head"] = MakeRecord("list_head", 16, 8, {F("next", Ptr(Rec("list_head")), 0, 8),
                                                                  F("prev", Ptr(Rec("list_head")), 8, 8)});
    }
    c.records["spinlock"] = MakeRecord("spinlock", 32, 8, {F("lock", Type::ArrayOf(U(64), 4), 0, 32)});
    Record blob = MakeRecord("spinlock", 4, 4, {Artificial("_bindgen_opaque_blob", U(32), 0, 4)});
    blob.opaque = true;
    rust.records["spinlock"] = blob;

    c.records["wait_queue_head"] = MakeRecord(
        "wait_queue_head", 48, 8, {F("lock", Td("spinlock_t"), 0, 32), F("head", Rec("list_head"), 32, 16)});
    rust.records["wait_queue_head"] = MakeRecord(
        "wait_queue_head", 24, 8, {F("lock", Td("spinlock_t"), 0, 4), F("head", Rec("list_head"), 8, 16)});
    c.records["address_space"] = MakeRecord(
        "address_space", 56, 8, {F("host", Ptr(Rec("inode")), 0, 8), F("wq", Rec("wait_queue_head"), 8, 48)});
    rust.records["address_space"] = MakeRecord(
        "address_space", 32, 8, {F("host", Ptr(Rec("inode")), 0, 8), F("wq", Rec("wait_queue_head"), 8, 24)});
    c.records["inode"] = MakeRecord("inode", 64, 8, {F("i_mode", U(16), 0, 2), F("i_data", Rec("address_space"), 8, 56)});
    rust.records["inode"] = MakeRecord("inode", 40, 8, {F("i_mode", U(16), 0, 2), F("i_data", Rec("address_space"), 8, 32)});
    c.records["file"] = MakeRecord("file", 96, 8,
                                   {F("f_lock", Td("spinlock_t"), 0, 32), F("f_wait", Rec("wait_queue_head"), 32, 48),
                                    F("f_inode", Ptr(Rec("inode")), 80, 8), F("f_mode", U(32), 88, 4)});
    rust.records["file"] = MakeRecord("file", 48, 8,
                                      {F("f_lock", Td("spinlock_t"), 0, 4), F("f_wait", Rec("wait_queue_head"), 8, 24),
                                       F("f_inode", Ptr(Rec("inode")), 32, 8), F("f_mode", U(32), 40, 4)});
    // task: embeds the lock, and gained `rt_prio` of its own.
    c.records["task"] = MakeRecord("task", 48, 8,
                                   {F("pi_lock", Td("spinlock_t"), 0, 32), F("rt_prio", U(32), 32, 4),
                                    F("pid", I(32), 36, 4)});
    rust.records["task"] = MakeRecord("task", 8, 4, {F("pi_lock", Td("spinlock_t"), 0, 4), F("pid", I(32), 4, 4)});
    // mutex: other fields, same size.
    c.records["mutex"] = MakeRecord("mutex", 32, 8, {F("rtmutex", Type::ArrayOf(U(8), 32), 0, 32)});
    rust.records["mutex"] = MakeRecord("mutex", 32, 8, {F("owner", U(64), 0, 8), F("wait_list", Rec("list_head"), 8, 16)});
    c.records["holder"] = MakeRecord("holder", 40, 8, {F("m", Rec("mutex"), 0, 32), F("x", U(32), 32, 4)});
    rust.records["holder"] = MakeRecord("holder", 40, 8, {F("m", Rec("mutex"), 0, 32), F("x", U(32), 32, 4)});
    // shuffled: same fields, other order.
    c.records["shuffled"] = MakeRecord("shuffled", 8, 4, {F("b", U(32), 0, 4), F("a", U(32), 4, 4)});
    rust.records["shuffled"] = MakeRecord("shuffled", 8, 4, {F("a", U(32), 0, 4), F("b", U(32), 4, 4)});
    // foo_t: a typedef that widened.
    c.typedefs["foo_t"] = TypedefOf("foo_t", U(64));
    rust.typedefs["foo_t"] = TypedefOf("foo_t", U(32));
    c.records["bar"] = MakeRecord("bar", 16, 8, {F("x", Td("foo_t"), 0, 8), F("y", U(32), 8, 4)});
    rust.records["bar"] = MakeRecord("bar", 8, 4, {F("x", Td("foo_t"), 0, 4), F("y", U(32), 4, 4)});
    for (Contract* s : {&c, &rust}) {
      s->functions["vfs_read"] = MakeFunction("vfs_read", I(64), {{"f", Ptr(Rec("file"))}, {"count", U(64)}});
      s->functions["set_foo"] = MakeFunction("set_foo", Type::Void(), {{"v", Td("foo_t")}});
      s->functions["getpid"] = MakeFunction("getpid", I(32), {});
    }
  }
};

const Finding* FindingOf(const DiffReport& r, MismatchKind kind, const std::string& item,
                         const std::string& member = "") {
  for (const Finding& f : r.findings) {
    if (f.kind == kind && f.item == item && f.member == member) return &f;
  }
  return nullptr;
}

const RootCause* RootOf(const DiffReport& r, const std::string& item) {
  for (const RootCause& rc : r.root_causes) {
    if (rc.item == item) return &rc;
  }
  return nullptr;
}

TEST(AttributionTest, RecordThatOnlyEmbedsAChangedTypeIsInheritedWithItsChain) {
  Scenario s;
  DiffReport r = Compare(s.c, s.rust);
  const Finding* size = FindingOf(r, MismatchKind::kRecordSize, "file");
  ASSERT_NE(size, nullptr);
  ASSERT_EQ(size->explained_by.size(), 1u);
  const CauseChain& c = size->explained_by[0];
  EXPECT_EQ(c.root, "spinlock");
  // The shortest chain: f_lock directly, not through f_wait.
  ASSERT_EQ(c.links.size(), 1u);
  EXPECT_EQ(c.links[0].item, "file");
  EXPECT_EQ(c.links[0].member, "f_lock");
  EXPECT_EQ(c.links[0].type, "spinlock_t");
  EXPECT_EQ(c.links[0].target, "spinlock");
  EXPECT_EQ(ChainText(c), "file -> f_lock (spinlock_t) -> spinlock");
  // Every layout finding of file is explained the same way.
  for (const Finding& f : r.findings) {
    if (f.item == "file") EXPECT_THAT(f.explained_by, Not(IsEmpty())) << f.Subject();
  }
}

TEST(AttributionTest, ChainsGoThroughInheritedRecords) {
  Scenario s;
  DiffReport r = Compare(s.c, s.rust);
  const Finding* f = FindingOf(r, MismatchKind::kRecordSize, "inode");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(f->explained_by.size(), 1u);
  EXPECT_EQ(ChainText(f->explained_by[0]),
            "inode -> i_data (address_space) -> wq (wait_queue_head) -> lock (spinlock_t) -> spinlock");
}

TEST(AttributionTest, RootCausesLeadWithWhatTheyExplain) {
  Scenario s;
  DiffReport r = Compare(s.c, s.rust);
  ASSERT_FALSE(r.root_causes.empty());
  const RootCause& top = r.root_causes.front();
  EXPECT_EQ(top.item, "spinlock");
  EXPECT_EQ(top.item_kind, ItemKind::kRecord);
  EXPECT_EQ(top.change, "4 -> 32 bytes, align 4 -> 8");
  EXPECT_THAT(top.aliases, ElementsAre("spinlock_t"));
  EXPECT_THAT(top.records, ElementsAre("address_space", "file", "inode", "wait_queue_head"));
  size_t explained = 0;
  for (const Finding& f : r.findings) {
    for (const CauseChain& c : f.explained_by) explained += c.root == "spinlock";
  }
  EXPECT_EQ(top.findings_explained, explained);
  EXPECT_THAT(top.functions, ElementsAre("vfs_read"));
}

TEST(AttributionTest, OwnChangesAreRootCausesEvenWhenTheyAlsoEmbedAChangedType) {
  Scenario s;
  DiffReport r = Compare(s.c, s.rust);
  // task gained a field: its change is not explained by the lock alone.
  for (const Finding& f : r.findings) {
    if (f.item == "task" || f.item == "mutex" || f.item == "shuffled") {
      EXPECT_THAT(f.explained_by, IsEmpty()) << f.Subject();
    }
  }
  for (const char* own : {"task", "mutex", "shuffled", "spinlock", "foo_t"}) {
    EXPECT_NE(RootOf(r, own), nullptr) << own;
  }
  // holder embeds the changed mutex, but mutex kept its size: no finding.
  EXPECT_EQ(RootOf(r, "holder"), nullptr);
  for (const char* inherited : {"file", "inode", "wait_queue_head", "address_space", "bar"}) {
    EXPECT_EQ(RootOf(r, inherited), nullptr) << inherited;
  }
}

TEST(AttributionTest, TypedefRootExplainsRecordsAndParameters) {
  Scenario s;
  DiffReport r = Compare(s.c, s.rust);
  const Finding* bar = FindingOf(r, MismatchKind::kRecordSize, "bar");
  ASSERT_NE(bar, nullptr);
  ASSERT_EQ(bar->explained_by.size(), 1u);
  EXPECT_EQ(ChainText(bar->explained_by[0]), "bar -> x (foo_t)");
  bool param_explained = false;
  for (const Finding& f : r.findings) {
    if (f.item != "set_foo") continue;
    ASSERT_EQ(f.explained_by.size(), 1u) << f.Subject();
    EXPECT_EQ(f.explained_by[0].root, "foo_t");
    param_explained = true;
  }
  EXPECT_TRUE(param_explained);
  const RootCause* foo = RootOf(r, "foo_t");
  ASSERT_NE(foo, nullptr);
  EXPECT_EQ(foo->item_kind, ItemKind::kTypedef);
  EXPECT_THAT(foo->records, ElementsAre("bar"));
}

TEST(AttributionTest, FunctionsReachingAChangedRecordAreListedWithChains) {
  Scenario s;
  DiffReport r = Compare(s.c, s.rust);
  ASSERT_TRUE(r.impacted_functions.count("vfs_read"));
  const std::vector<CauseChain>& chains = r.impacted_functions.at("vfs_read");
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(ChainText(chains[0]), "vfs_read -> f (*mut file) -> f_lock (spinlock_t) -> spinlock");
  EXPECT_FALSE(r.impacted_functions.count("getpid"));
  // set_foo takes foo_t by value: its own findings are explained, but no
  // record is reached.
  EXPECT_FALSE(r.impacted_functions.count("set_foo"));
}

TEST(AttributionTest, EveryFindingIsARootCauseOrExplainedByOne) {
  Scenario s;
  DiffReport r = Compare(s.c, s.rust);
  std::set<std::string> roots;
  for (const RootCause& rc : r.root_causes) roots.insert(rc.item);
  for (const Finding& f : r.findings) {
    if (f.explained_by.empty()) {
      EXPECT_TRUE(roots.count(f.item)) << f.Subject();
    }
    for (const CauseChain& c : f.explained_by) {
      EXPECT_TRUE(roots.count(c.root)) << f.Subject() << " -> " << c.root;
      ASSERT_FALSE(c.links.empty());
      EXPECT_EQ(c.links.front().item, f.item);
      EXPECT_EQ(c.links.back().target, c.root);
      for (size_t i = 1; i < c.links.size(); ++i) EXPECT_EQ(c.links[i].item, c.links[i - 1].target);
    }
  }
}

TEST(AttributionTest, CyclesOfEmbeddedRecordsTerminate) {
  // Hostile input: two records that hold each other by value.
  Contract c = CSide(), rust = RustSide();
  c.records["a"] = MakeRecord("a", 16, 8, {F("b", Rec("b"), 0, 16)});
  c.records["b"] = MakeRecord("b", 16, 8, {F("a", Rec("a"), 0, 16)});
  rust.records["a"] = MakeRecord("a", 8, 8, {F("b", Rec("b"), 0, 8)});
  rust.records["b"] = MakeRecord("b", 8, 8, {F("a", Rec("a"), 0, 8)});
  DiffReport r = Compare(c, rust);
  // Nothing explains either: both are their own root causes.
  EXPECT_NE(RootOf(r, "a"), nullptr);
  EXPECT_NE(RootOf(r, "b"), nullptr);
  for (const Finding& f : r.findings) EXPECT_THAT(f.explained_by, IsEmpty());
}

TEST(AttributionTest, TextReportLeadsWithRootCauses) {
  Scenario s;
  DiffReport r = Compare(s.c, s.rust);
  std::string text = ReportToText(r);
  size_t roots = text.find("\nroot causes: ");
  size_t first_finding = text.find("\nerror[");
  ASSERT_NE(roots, std::string::npos);
  EXPECT_LT(roots, first_finding);
  EXPECT_THAT(text, HasSubstr("record spinlock (spinlock_t): 4 -> 32 bytes, align 4 -> 8; explains 4 records"));
  EXPECT_THAT(text, HasSubstr("      file -> f_lock (spinlock_t) -> spinlock\n"));
  EXPECT_THAT(text, HasSubstr("      vfs_read -> f (*mut file) -> f_lock (spinlock_t) -> spinlock\n"));
  std::string json = ReportToJson(r);
  EXPECT_THAT(json, HasSubstr("\"root_causes\""));
  EXPECT_THAT(json, HasSubstr("\"explained_by\""));
}

TEST(AttributionTest, NoFindingsNoSection) {
  Contract c = CSide(), rust = RustSide();
  c.records["p"] = MakeRecord("p", 4, 4, {F("x", U(32), 0, 4)});
  rust.records["p"] = c.records["p"];
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(r.root_causes, IsEmpty());
  EXPECT_THAT(ReportToText(r), Not(HasSubstr("root causes")));
  EXPECT_THAT(ReportToJson(r), Not(HasSubstr("root_causes")));
}

// What check --confirm does with refuted findings: they leave the report,
// and the attribution is counted again from what remains.
TEST(AttributionTest, PruningAfterFindingsLeaveKeepsEveryChainAtALiveRoot) {
  Scenario s;
  DiffReport r = Compare(s.c, s.rust);
  const size_t before = r.findings.size();
  // As if spinlock's own findings were refuted.
  size_t removed = 0;
  std::erase_if(r.findings, [&](const Finding& f) {
    const bool drop = f.item == "spinlock" && f.explained_by.empty();
    removed += drop;
    return drop;
  });
  ASSERT_GT(removed, 0u);
  PruneAttribution(r);
  EXPECT_EQ(r.findings.size(), before - removed);  // pruning removes no finding
  std::map<std::string, size_t> own, explained;
  std::map<std::string, std::set<std::string>> records;
  for (const Finding& f : r.findings) {
    if (f.explained_by.empty()) ++own[f.item];
    for (const CauseChain& c : f.explained_by) {
      EXPECT_NE(c.root, "spinlock") << f.Subject();
      ++explained[c.root];
      if (f.item_kind == ItemKind::kRecord) records[c.root].insert(f.item);
    }
  }
  // file and wait_queue_head embedded only the lock: their findings are their own now.
  EXPECT_GT(own["file"], 0u);
  std::set<std::string> roots;
  for (const RootCause& rc : r.root_causes) {
    roots.insert(rc.item);
    EXPECT_NE(rc.item, "spinlock");
    EXPECT_EQ(rc.own_findings, own[rc.item]) << rc.item;
    EXPECT_EQ(rc.findings_explained, explained[rc.item]) << rc.item;
    EXPECT_EQ(std::set<std::string>(rc.records.begin(), rc.records.end()), records[rc.item]) << rc.item;
  }
  for (const auto& [item, n] : own) EXPECT_TRUE(roots.count(item)) << item;
  for (const auto& [fn, chains] : r.impacted_functions) {
    for (const CauseChain& c : chains) EXPECT_TRUE(roots.count(c.root)) << fn << " -> " << c.root;
  }
  // Nothing left: nothing changes.
  DiffReport again = r;
  PruneAttribution(again);
  EXPECT_EQ(again.root_causes.size(), r.root_causes.size());
}

}  // namespace
}  // namespace bindfuzz::diff
