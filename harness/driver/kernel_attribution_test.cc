// Root-cause attribution and Kconfig groups on the real Linux 6.12 inputs
// (scripts/kernel-inputs.sh). Labelled `kernel`; skipped when the inputs are
// absent. Invariants only, no figures of one Debian upload:
//
//  1. amd64 bindings vs rt-amd64 headers: every error finding is a root
//     cause's own finding or explained by chains; every chain is real (each
//     link is a member of the truth's record whose declared type holds the
//     next link's record by value; the last reaches the root) and ends at a
//     root whose own finding exists; what a root says it explains is what the
//     findings say; attribution adds no finding and drops none.
//  2. amd64 bindings vs cloud-amd64 headers with Kconfig groups: the grouped
//     text fits on one screen, group counts sum to the findings, every symbol
//     of a group is set differently in the two configurations, and the JSON
//     still lists every finding.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/cflags/flag_readers.h"
#include "harness/contract/contract.h"
#include "harness/diff/attribution.h"
#include "harness/diff/config_group.h"
#include "harness/diff/diff.h"
#include "harness/diff/mismatch_kinds.h"
#include "harness/diff/report.h"
#include "harness/driver/pipeline.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::driver {
namespace {

using contract::Contract;
using contract::Type;
using contract::TypeKind;
using diff::CauseChain;
using diff::ChainLink;
using diff::DiffReport;
using diff::Finding;
using diff::ItemKind;

std::string WorkDir() {
  const char* w = std::getenv("BINDFUZZ_WORK");
  return w != nullptr ? w : "work";
}
bool Exists(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}
std::string Out(const std::string& flavour) { return WorkDir() + "/kernel/out/" + flavour; }
std::string Src() { return WorkDir() + "/kernel/src/linux-source-6.12"; }

class KernelAttribution : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const char* f : {"amd64", "rt-amd64", "cloud-amd64"}) {
      if (!Exists(Out(f) + "/c_flags_helpers.txt")) return;
    }
    if (!Exists(Out("amd64") + "/bindings_generated.rs")) return;
    available_ = true;
    auto extract_c = [](const std::string& flavour) {
      auto flags = cflags::ReadFlagsFile(Out(flavour) + "/c_flags_helpers.txt");
      EXPECT_TRUE(flags.ok()) << flags.status();
      CInputs in;
      in.headers = {Src() + "/rust/bindings/bindings_helper.h", Src() + "/rust/helpers/helpers.c"};
      in.flags = *flags;
      auto c = RunExtractC(in);
      EXPECT_TRUE(c.ok()) << c.status();
      return c.ok() ? *c : Contract{};
    };
    c_amd64_ = new Contract(extract_c("amd64"));
    c_rt_ = new Contract(extract_c("rt-amd64"));
    c_cloud_ = new Contract(extract_c("cloud-amd64"));
    RustInputs rin;
    rin.files = {Src() + "/rust/bindings/lib.rs", Out("amd64") + "/bindings_generated.rs",
                 Out("amd64") + "/bindings_helpers_generated.rs"};
    rin.c_char_signed = false;
    auto r = RunExtractRust(rin);
    EXPECT_TRUE(r.ok()) << r.status();
    rust_amd64_ = new Contract(r.ok() ? *r : Contract{});
  }
  void SetUp() override {
    if (!available_) GTEST_SKIP() << "kernel inputs absent: run scripts/kernel-inputs.sh";
  }

  static inline bool available_ = false;
  static inline Contract* c_amd64_ = nullptr;
  static inline Contract* c_rt_ = nullptr;
  static inline Contract* c_cloud_ = nullptr;
  static inline Contract* rust_amd64_ = nullptr;
};

// The truth's record an assumed record key names: the same key, or the
// truth key a finding on it was matched to.
const contract::Record* TruthRecord(const Contract& truth, const DiffReport& rep, const std::string& key) {
  auto it = truth.records.find(key);
  if (it != truth.records.end()) return &it->second;
  for (const Finding& f : rep.findings) {
    if (f.item_kind == ItemKind::kRecord && f.item == key && !f.matched.empty()) {
      auto m = truth.records.find(f.matched);
      if (m != truth.records.end()) return &m->second;
    }
  }
  return nullptr;
}

// Does a value of type `t` hold `target` (a record key or typedef name)
// by value: directly, through typedefs, or as an array element?
bool HoldsByValue(const Contract& c, const Type& t, const std::string& target, bool through_pointers = false) {
  const Type* cur = &t;
  for (int depth = 0; depth < 64; ++depth) {
    if ((cur->kind == TypeKind::kTypedef || cur->kind == TypeKind::kRecord) && cur->name == target) return true;
    if (cur->kind == TypeKind::kTypedef) {
      auto it = c.typedefs.find(cur->name);
      if (it == c.typedefs.end()) return false;
      cur = &it->second.target;
    } else if (cur->kind == TypeKind::kArray || (through_pointers && cur->kind == TypeKind::kPointer)) {
      if (cur->inner.empty()) return false;
      cur = &cur->inner[0];
    } else {
      return false;
    }
  }
  return false;
}

// A link of a record chain is real when the record has the member and its
// declared type holds the target by value, on the truth's side or (for
// records whose keys only the bindings spell this way) the assumed side.
std::string CheckRecordLink(const Contract& truth, const Contract& assumed, const DiffReport& rep,
                            const ChainLink& l) {
  const contract::Record* tr = TruthRecord(truth, rep, l.item);
  auto ar = assumed.records.find(l.item);
  const contract::Field* tf = tr ? tr->FindField(l.member) : nullptr;
  const contract::Field* af = nullptr;
  if (ar != assumed.records.end()) {
    for (const contract::Field& f : ar->second.fields) {
      if (f.name == l.member) af = &f;
    }
  }
  if (!tf && !af) return "no member " + l.member + " in " + l.item;
  if ((tf && HoldsByValue(truth, tf->type, l.target)) || (af && HoldsByValue(assumed, af->type, l.target))) return "";
  return l.item + "." + l.member + " (" + l.type + ") does not hold " + l.target + " by value";
}

std::string ChainProblem(const Contract& truth, const Contract& assumed, const DiffReport& rep, const CauseChain& c,
                         bool function_chain) {
  if (c.links.empty()) return "empty chain";
  if (c.links.back().target != c.root) return "last link reaches " + c.links.back().target + ", not " + c.root;
  for (size_t i = 0; i + 1 < c.links.size(); ++i) {
    if (c.links[i].target != c.links[i + 1].item) return "link " + std::to_string(i) + " does not lead to the next";
  }
  for (size_t i = 0; i < c.links.size(); ++i) {
    const ChainLink& l = c.links[i];
    if (function_chain && i == 0) {
      auto fn = assumed.functions.find(l.item);
      if (fn == assumed.functions.end()) return "no function " + l.item;
      bool found = false;
      if (l.member == "return") found = HoldsByValue(assumed, fn->second.return_type, l.target, true);
      for (size_t p = 0; p < fn->second.params.size() && !found; ++p) {
        found = HoldsByValue(assumed, fn->second.params[p].type, l.target, true);
      }
      if (!found) return l.item + " has no parameter or return type reaching " + l.target;
      continue;
    }
    std::string why = CheckRecordLink(truth, assumed, rep, l);
    if (!why.empty()) return why;
  }
  return "";
}

TEST_F(KernelAttribution, RtEveryErrorIsARootCauseOrAttributedAndEveryChainIsReal) {
  DiffReport rep = diff::Compare(*c_rt_, *rust_amd64_);
  ASSERT_FALSE(rep.findings.empty());
  std::set<std::pair<ItemKind, std::string>> roots, own_items;
  std::map<std::string, const diff::RootCause*> root_by_item;
  for (const diff::RootCause& rc : rep.root_causes) {
    roots.insert({rc.item_kind, rc.item});
    root_by_item.emplace(rc.item, &rc);
  }
  std::map<std::string, size_t> explained_per_root;
  std::map<std::string, std::set<std::string>> records_per_root;
  size_t inherited = 0, unattributed = 0, bad_chains = 0, longest = 0;
  const CauseChain* longest_chain = nullptr;
  for (const Finding& f : rep.findings) {
    if (f.explained_by.empty()) {
      own_items.insert({f.item_kind, f.item});
      if (f.severity == diff::Severity::kError && !roots.count({f.item_kind, f.item})) {
        if (++unattributed <= 10) ADD_FAILURE() << "not a root cause, not attributed: " << f.Subject();
      }
      continue;
    }
    ++inherited;
    std::set<std::string> seen;
    for (const CauseChain& c : f.explained_by) {
      EXPECT_TRUE(seen.insert(c.root).second) << f.Subject() << ": two chains to " << c.root;
      ++explained_per_root[c.root];
      if (f.item_kind == ItemKind::kRecord) {
        records_per_root[c.root].insert(f.item);
        EXPECT_EQ(c.links.front().item, f.item) << f.Subject();
      }
      std::string why = ChainProblem(*c_rt_, *rust_amd64_, rep, c, f.item_kind == ItemKind::kFunction);
      if (!why.empty() && ++bad_chains <= 10) ADD_FAILURE() << f.Subject() << ": " << diff::ChainText(c) << ": " << why;
      if (c.links.size() > longest) longest = c.links.size(), longest_chain = &c;
    }
  }
  EXPECT_EQ(unattributed, 0u);
  EXPECT_EQ(bad_chains, 0u);
  // Every chain ends at a root cause whose own finding is in the report,
  // and each root's counts are those of the findings.
  for (const auto& [root, n] : explained_per_root) {
    auto it = root_by_item.find(root);
    ASSERT_NE(it, root_by_item.end()) << "chains end at " << root << ", which is no root cause";
    const diff::RootCause& rc = *it->second;
    EXPECT_TRUE(own_items.count({rc.item_kind, rc.item})) << root << " has no finding of its own";
    EXPECT_GT(rc.own_findings, 0u) << root;
    EXPECT_EQ(rc.findings_explained, n) << root;
    EXPECT_EQ(std::set<std::string>(rc.records.begin(), rc.records.end()), records_per_root[root]) << root;
  }
  // An inherited record has no finding of its own: all its findings are inherited.
  std::set<std::string> inherited_records, own_records;
  for (const Finding& f : rep.findings) {
    if (f.item_kind != ItemKind::kRecord) continue;
    (f.explained_by.empty() ? own_records : inherited_records).insert(f.item);
  }
  for (const std::string& r : inherited_records) EXPECT_FALSE(own_records.count(r)) << r << " is both";
  // Impacted functions: chains as real, through a parameter or the return type.
  size_t bad_fn = 0;
  for (const auto& [fn, chains] : rep.impacted_functions) {
    for (const CauseChain& c : chains) {
      EXPECT_EQ(c.links.front().item, fn);
      std::string why = ChainProblem(*c_rt_, *rust_amd64_, rep, c, true);
      if (!why.empty() && ++bad_fn <= 10) ADD_FAILURE() << fn << ": " << diff::ChainText(c) << ": " << why;
      auto it = root_by_item.find(c.root);
      ASSERT_NE(it, root_by_item.end()) << fn << " reaches " << c.root << ", which is no root cause";
      const auto& fns = it->second->functions;
      EXPECT_TRUE(std::find(fns.begin(), fns.end(), fn) != fns.end()) << c.root << " does not list " << fn;
    }
  }
  EXPECT_EQ(bad_fn, 0u);
  // Attribution regroups, it adds and drops nothing: the findings are those
  // the per-kind counts announce, and the text report still lists each.
  size_t counted = 0;
  for (size_t n : rep.counts) counted += n;
  EXPECT_EQ(counted, rep.findings.size());
  size_t explaining = 0;
  for (const diff::RootCause& rc : rep.root_causes) explaining += !rc.records.empty();
  std::cout << "rt-amd64: " << rep.findings.size() << " findings -> " << rep.root_causes.size() << " root causes ("
            << explaining << " explain other records); " << inherited << " findings inherited; "
            << rep.impacted_functions.size() << " functions impacted\n";
  for (size_t i = 0; i < rep.root_causes.size() && i < 5; ++i) {
    const diff::RootCause& rc = rep.root_causes[i];
    std::cout << "  " << rc.item << ": " << rc.change << "; explains " << rc.records.size() << " records ("
              << rc.findings_explained << " findings), reached by " << rc.functions.size() << " functions\n";
  }
  if (longest_chain) std::cout << "longest chain: " << diff::ChainText(*longest_chain) << "\n";
}

TEST_F(KernelAttribution, CloudGroupedByKconfigFitsOnOneScreenAndLosesNothing) {
  diff::DiffOptions o;
  o.config_groups = true;
  DiffReport rep = diff::Compare(*c_cloud_, *rust_amd64_, o, c_amd64_);
  ASSERT_FALSE(rep.findings.empty());
  diff::TextOptions to;
  to.group = true;
  const std::string text = diff::ReportToText(rep, to);
  const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  std::cout << text;
  EXPECT_LE(lines, 60u);
  // Every finding in exactly one group; counts add up.
  std::map<std::string, const diff::ConfigGroup*> groups;
  size_t total = 0;
  for (const diff::ConfigGroup& g : rep.config_groups) {
    EXPECT_TRUE(groups.emplace(g.key, &g).second) << "group twice: " << g.key;
    total += g.findings;
    size_t by_kind = 0;
    for (const auto& [k, n] : g.by_kind) by_kind += n;
    EXPECT_EQ(by_kind, g.findings) << g.key;
    ASSERT_EQ(g.symbols.size(), g.truth_values.size());
    for (size_t i = 0; i < g.symbols.size(); ++i) {
      // A group's symbols are set differently on the two sides.
      EXPECT_NE(g.truth_values[i], g.assumed_values[i]) << g.symbols[i];
      EXPECT_EQ(g.truth_values[i], diff::KconfigValue(*c_cloud_, g.symbols[i]));
      EXPECT_EQ(g.assumed_values[i], diff::KconfigValue(*c_amd64_, g.symbols[i]));
    }
  }
  EXPECT_EQ(total, rep.findings.size());
  std::map<std::string, size_t> per_group;
  for (const Finding& f : rep.findings) {
    ASSERT_TRUE(groups.count(f.config_group)) << f.Subject() << " in unknown group " << f.config_group;
    ++per_group[f.config_group];
    if (f.config_group.empty() || f.config_group == diff::kKconfigSymbolsGroup) continue;
    // A function's symbols come from the conditions around its declarations.
    if (f.item_kind == ItemKind::kFunction && f.explained_by.empty()) {
      std::set<std::string> around;
      for (const Contract* c : {c_cloud_, c_amd64_}) {
        auto fn = c->functions.find(f.item);
        if (fn == c->functions.end()) continue;
        for (const contract::PpCondition& pc : fn->second.conditions) {
          for (const std::string& m : pc.macros) around.insert(diff::KconfigSymbol(m));
        }
      }
      for (const std::string& s : groups.at(f.config_group)->symbols) {
        EXPECT_TRUE(around.count(s)) << f.Subject() << ": " << s << " is not around its declaration";
      }
    }
  }
  for (const auto& [key, n] : per_group) EXPECT_EQ(groups.at(key)->findings, n) << key;
  // Nothing is lost: the JSON report lists every finding with its group.
  nlohmann::json j = nlohmann::json::parse(diff::ReportToJson(rep));
  ASSERT_EQ(j["findings"].size(), rep.findings.size());
  for (const auto& f : j["findings"]) EXPECT_TRUE(f.contains("config_group"));
}

}  // namespace
}  // namespace bindfuzz::driver
