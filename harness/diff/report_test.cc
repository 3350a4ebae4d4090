#include "harness/diff/report.h"

#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/contract/contract_json.h"
#include "harness/diff/diff.h"
#include "harness/diff/finding_key.h"
#include "harness/diff/html_test_fixtures.h"
#include "harness/diff/report_extras.h"
#include "harness/diff/report_html.h"
#include "harness/diff/test_contracts.h"
#include "harness/testing/golden.h"
#include "harness/diff/triage.h"
#include "harness/diff/waiver_file.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::diff {
namespace {

using namespace bindfuzz::diff::testing;  // NOLINT: test builders
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using json = nlohmann::json;

constexpr const char* kDir = "harness/testdata/diff/";

// A representative pair: a 6.1-era Rust `file` against 6.12 C, the
// compat_u64 record, an alternate (BTF-style `page#2`), a rustified enum
// missing a value, function and constant findings, unmatched items and a
// C note.
void RepresentativePair(Contract& c, Contract& rust) {
  c = CSide();
  rust = RustSide();
  c.provenance.tool = "clang 19.1.7";
  c.provenance.inputs = {"rust/bindings/bindings_helper.h"};
  rust.provenance.tool = "bindfuzz rust_frontend";
  rust.provenance.inputs = {"bindings_generated.rs"};
  const std::string h = "include/linux/fs.h", rs = "bindings_generated.rs";
  AddCompatScenario(c, rust);

  c.typedefs["fmode_t"] = TypedefOf("fmode_t", U(32), Loc("include/linux/types.h", 160, 1));
  rust.typedefs["fmode_t"] = TypedefOf("fmode_t", U(32), Loc(rs, 20, 1));
  c.typedefs["size_t"] = TypedefOf("size_t", U(64), Loc("include/linux/types.h", 60, 1));
  rust.typedefs["size_t"] = TypedefOf("size_t", U(64), Loc(rs, 21, 1));

  c.records["file"] = MakeRecord("file", 184, 8,
                                 {F("f_mode", Td("fmode_t"), 12, 4, Loc(h, 1000, 2)),
                                  F("f_op", Ptr(Rec("file_operations")), 16, 8, Loc(h, 1003, 2)),
                                  F("f_inode", Ptr(Rec("inode")), 40, 8, Loc(h, 1006, 2)),
                                  F("f_pos", I(64), 176, 8, Loc(h, 1020, 2))},
                                 Loc(h, 998, 8));
  rust.records["file"] = MakeRecord("file", 232, 8,
                                    {F("f_inode", Ptr(Rec("inode")), 32, 8, Loc(rs, 3000, 5)),
                                     F("f_op", Ptr(Rec("file_operations")), 40, 8, Loc(rs, 3001, 5)),
                                     F("f_mode", Td("fmode_t"), 60, 4, Loc(rs, 3002, 5)),
                                     F("f_pos", I(64), 200, 8, Loc(rs, 3003, 5))},
                                    Loc(rs, 2999, 1));
  c.records["list_head"] = MakeRecord("list_head", 16, 8,
                                      {F("next", Ptr(Rec("list_head")), 0, 8, Loc("include/linux/types.h", 190, 21)),
                                       F("prev", Ptr(Rec("list_head")), 8, 8, Loc("include/linux/types.h", 190, 28))},
                                      Loc("include/linux/types.h", 189, 8));
  rust.records["list_head"] = MakeRecord("list_head", 16, 8,
                                         {F("next", Ptr(Rec("list_head")), 0, 8, Loc(rs, 100, 5)),
                                          F("prev", Ptr(Rec("list_head")), 8, 8, Loc(rs, 101, 5))},
                                         Loc(rs, 99, 1));
  // Two BTF-style definitions of `page`: the second one matches.
  c.records["page"] = MakeRecord("page", 64, 8, {F("flags", U(64), 0, 8)}, Loc("include/linux/mm_types.h", 70, 8));
  c.records["page#2"] = MakeRecord("page#2", 64, 8,
                                   {F("flags", U(64), 0, 8), Bitfield("order", U(32), 64, 4),
                                    Bitfield("lru", U(32), 68, 1)},
                                   Loc("include/linux/mm_types.h", 70, 8));
  rust.records["page"] = MakeRecord("page", 64, 8,
                                    {F("flags", U(64), 0, 8, Loc(rs, 4001, 5)),
                                     Artificial("_bitfield_align_1", Type::ArrayOf(U(32), 0), 8, 0),
                                     Artificial("_bitfield_1", Type::ArrayOf(U(8), 1), 8, 1),
                                     Bitfield("order", U(32), 64, 4), Bitfield("lru", U(32), 68, 1),
                                     Artificial("__bindgen_padding_0", Type::ArrayOf(U(8), 55), 9, 55)},
                                    Loc(rs, 4000, 1));
  // Rust binds a record the C side lacks.
  rust.records["old_thing"] = MakeRecord("old_thing", 8, 8, {F("x", U(64), 0, 8, Loc(rs, 5001, 5))}, Loc(rs, 5000, 1));

  c.enums["pid_type"] = MakeEnum("pid_type", U(32), 4, {{"PIDTYPE_PID", 0}, {"PIDTYPE_TGID", 1}, {"PIDTYPE_MAX", 2}});
  c.enums["pid_type"].loc = Loc("include/linux/pid_types.h", 5, 6);
  c.enums["pid_type"].enumerators[2].loc = Loc("include/linux/pid_types.h", 10, 2);
  rust.enums["pid_type"] = MakeEnum("pid_type", U(32), 4, {{"PIDTYPE_PID", 0}, {"PIDTYPE_TGID", 1}}, "rustified");
  rust.enums["pid_type"].loc = Loc(rs, 6000, 1);

  c.functions["kmalloc"] = MakeFunction("kmalloc", Ptr(Type::Void()), {{"size", Td("size_t")}, {"flags", U(32)}},
                                        Loc("include/linux/slab.h", 870, 21));
  rust.functions["kmalloc"] = MakeFunction("kmalloc", Ptr(Rec("c_void")), {{"size", U(32)}, {"flags", U(32)}},
                                           Loc(rs, 7000, 5));
  c.functions["get_page"] = MakeFunction("get_page", Type::Void(), {{"page", Ptr(Rec("page"))}},
                                         Loc("include/linux/mm.h", 1500, 20));
  c.functions["get_page"].has_symbol = false;
  rust.functions["get_page"] = MakeFunction("get_page", Type::Void(), {{"page", Ptr(Rec("page"))}}, Loc(rs, 7001, 5));
  rust.functions["krealloc"] = MakeFunction("krealloc", Ptr(Rec("c_void")),
                                            {{"p", Ptr(Rec("c_void"))}, {"new_size", U(64)}, {"flags", U(32)}},
                                            Loc(rs, 7002, 5));
  rust.functions["kfree"] = MakeFunction("kfree", Type::Void(), {{"objp", Ptr(Rec("c_void"))}}, Loc(rs, 7003, 5));
  c.functions["kfree"] = MakeFunction("kfree", Type::Void(), {{"objp", Ptr(Type::Void())}},
                                      Loc("include/linux/slab.h", 400, 6));

  c.constants["PAGE_SHIFT"] = IntConst("PAGE_SHIFT", 12, I(32), Loc("arch/x86/include/asm/page_types.h", 10, 9));
  rust.constants["PAGE_SHIFT"] = IntConst("PAGE_SHIFT", 14, U(32), Loc(rs, 10, 1));
  c.constants["GFP_KERNEL"] = IntConst("GFP_KERNEL", 3264, U(32), Loc("include/linux/gfp_types.h", 370, 9));
  rust.constants["GFP_KERNEL"] = IntConst("GFP_KERNEL", 3264, U(32), Loc(rs, 11, 1));
  rust.constants["HZ"] = IntConst("HZ", 250, U(32), Loc(rs, 12, 1));
  c.notes.push_back(NoteOn("HZ", "macro depends on CONFIG_HZ, not evaluated"));
}

void CheckGolden(const std::string& name, const std::string& actual) {
  testutil::ExpectGolden(std::string(kDir) + name, actual);
}
TEST(Report, GoldensFromContractJson) {
  Contract c, rust;
  RepresentativePair(c, rust);
  // The inputs are checked in as contract JSON (the stage boundary): the
  // diff runs from them, and they must match the builder above.
  const std::string c_path = std::string(kDir) + "representative.c.json";
  const std::string rust_path = std::string(kDir) + "representative.rust.json";
  if (testutil::UpdatingGoldens()) {
    ASSERT_TRUE(WriteFile(c_path, contract::ToJson(c)).ok());
    ASSERT_TRUE(WriteFile(rust_path, contract::ToJson(rust)).ok());
  }
  auto c_text = ReadFile(c_path);
  auto rust_text = ReadFile(rust_path);
  ASSERT_TRUE(c_text.ok()) << c_text.status();
  ASSERT_TRUE(rust_text.ok()) << rust_text.status();
  auto c_json = contract::FromJson(*c_text, c_path);
  auto rust_json = contract::FromJson(*rust_text, rust_path);
  ASSERT_TRUE(c_json.ok()) << c_json.status();
  ASSERT_TRUE(rust_json.ok()) << rust_json.status();
  EXPECT_TRUE(*c_json == c) << "stale " << c_path;
  EXPECT_TRUE(*rust_json == rust) << "stale " << rust_path;

  DiffReport r = Compare(*c_json, *rust_json);
  CheckGolden("representative.txt", ReportToText(r));
  CheckGolden("representative.json", ReportToJson(r));
  CheckGolden("representative.sarif", ReportToSarif(r));
  EXPECT_EQ(ExitCode(r), 1);
}

TEST(Report, TextHasCountsFindingsAndLayoutTable) {
  Contract c, rust;
  RepresentativePair(c, rust);
  std::string text = ReportToText(Compare(c, rust));
  EXPECT_THAT(text, HasSubstr("bindfuzz diff: C (clang 19.1.7) vs Rust (bindfuzz rust_frontend)"));
  EXPECT_THAT(text, HasSubstr("error[field-offset] record compat_spec.cookie"));
  EXPECT_THAT(text, HasSubstr("bindings_generated.rs:1002:5"));
  EXPECT_THAT(text, HasSubstr("include/linux/compat.h:52:13"));
  EXPECT_THAT(text, HasSubstr("layout of struct compat_spec (C: 160 bytes, align 4 | Rust: 168 bytes, align 8)"));
  // The moved field is marked; Rust's alignment hole before it is shown.
  EXPECT_THAT(text, HasSubstr("\n  !      36     8  cookie  compat_u64 |      40     8  cookie  compat_u64\n"));
  EXPECT_THAT(text, HasSubstr("\n                                      |      36     4  (hole)\n"));
  EXPECT_THAT(text, HasSubstr("\n                                      |     164     4  (padding)\n"));
  // Holes at the same offset share a row; rows of unmoved fields are not marked.
  EXPECT_THAT(text, HasSubstr("\n          0    12  (hole)                     |       0    32  (hole)\n"));
  EXPECT_THAT(text, HasSubstr("\n          0    36  head  [u8; 36]     |       0    36  head  [u8; 36]\n"));
  // Layouts are only drawn for records with layout findings.
  EXPECT_THAT(text, Not(HasSubstr("layout of struct list_head")));
  EXPECT_THAT(text, HasSubstr("unmatched Rust items:"));
  EXPECT_THAT(text, HasSubstr("record old_thing: no C definition found"));
  TextOptions quiet;
  quiet.layouts = false;
  quiet.max_unmatched = 0;
  std::string short_text = ReportToText(Compare(c, rust), quiet);
  EXPECT_THAT(short_text, Not(HasSubstr("layout of struct")));
  EXPECT_THAT(short_text, Not(HasSubstr("unmatched Rust items")));
}

TEST(Report, JsonIsConsistent) {
  Contract c, rust;
  RepresentativePair(c, rust);
  DiffReport r = Compare(c, rust);
  json j = json::parse(ReportToJson(r));
  EXPECT_EQ(j["format"], "bindfuzz-diff");
  EXPECT_EQ(j["version"], kDiffReportFormatVersion);
  EXPECT_EQ(j["truth"]["label"], "C");
  EXPECT_EQ(j["assumed"]["side"], "rust");
  EXPECT_EQ(j["filters"]["kinds"], "all");
  ASSERT_TRUE(j["findings"].is_array());
  EXPECT_EQ(j["summary"]["findings"], j["findings"].size());
  size_t by_kind = 0;
  for (auto& [k, v] : j["summary"]["by_kind"].items()) {
    EXPECT_TRUE(ParseMismatchKind(k).has_value()) << k;
    by_kind += v.get<size_t>();
  }
  EXPECT_EQ(by_kind, j["findings"].size());
  EXPECT_EQ(j["summary"]["error"].get<size_t>() + j["summary"]["warning"].get<size_t>() +
                j["summary"]["note"].get<size_t>(),
            j["findings"].size());
  for (const json& f : j["findings"]) {
    for (const char* key : {"kind", "severity", "item_kind", "item", "message", "consequence", "truth", "assumed"}) {
      EXPECT_TRUE(f.contains(key)) << key << " in " << f.dump();
    }
  }
  EXPECT_EQ(j["coverage"].size(), r.coverage.size());
  size_t unmatched = 0;
  for (const json& e : j["coverage"]) unmatched += e["outcome"] == "unmatched";
  EXPECT_EQ(j["summary"]["coverage"]["unmatched"], unmatched);
  // Filters are recorded.
  DiffOptions o;
  o.kinds = *ParseKindFilter("record-size");
  o.min_severity = Severity::kWarning;
  json jf = json::parse(ReportToJson(Compare(c, rust, o)));
  EXPECT_EQ(jf["filters"]["kinds"], json::array({"record-size"}));
  EXPECT_EQ(jf["filters"]["min_severity"], "warning");
  EXPECT_GT(jf["summary"]["suppressed"].get<size_t>(), 0u);
}

// ------------------------------------------------------------ SARIF --
// Checks a SARIF log against the 2.1.0 schema (sarif-schema-2.1.0.json) for
// the objects bindfuzz writes: required properties, enums, minimums, and
// "additionalProperties": false (only the schema's property names).

struct SarifChecker {
  std::vector<std::string> problems;

  // j[key] without asserting on absent keys (const operator[] requires them).
  static const json& Get(const json& j, const char* key) {
    static const json kNull;
    if (!j.is_object()) return kNull;
    auto it = j.find(key);
    return it == j.end() ? kNull : *it;
  }

  void Fail(const std::string& where, const std::string& what) { problems.push_back(where + ": " + what); }

  void Keys(const json& j, const std::string& where, std::set<std::string> allowed) {
    if (!j.is_object()) return Fail(where, "not an object");
    for (auto& [k, v] : j.items()) {
      if (!allowed.count(k)) Fail(where, "property '" + k + "' is not in the schema");
    }
  }
  void Required(const json& j, const std::string& where, std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
      if (!j.is_object() || !j.contains(k)) Fail(where, std::string("missing required '") + k + "'");
    }
  }
  void MultiformatMessage(const json& j, const std::string& where) {
    Keys(j, where, {"text", "markdown", "properties"});
    Required(j, where, {"text"});
    if (j.contains("text") && !j["text"].is_string()) Fail(where, "text is not a string");
  }
  void Message(const json& j, const std::string& where) {
    Keys(j, where, {"text", "markdown", "id", "arguments", "properties"});
    if (!j.contains("text") && !j.contains("id")) Fail(where, "message needs text or id");
    if (j.contains("text") && (!j["text"].is_string() || j["text"].get<std::string>().empty())) {
      Fail(where, "empty text");
    }
  }
  void Level(const json& j, const std::string& where) {
    static const std::set<std::string> kLevels = {"none", "note", "warning", "error"};
    if (!j.is_string() || !kLevels.count(j.get<std::string>())) Fail(where, "bad level " + j.dump());
  }
  void Location(const json& j, const std::string& where) {
    Keys(j, where, {"id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships",
                    "properties"});
    if (j.contains("id") && (!j["id"].is_number_integer() || j["id"].get<int64_t>() < -1)) Fail(where, "bad id");
    if (j.contains("message")) Message(j["message"], where + ".message");
    if (j.contains("physicalLocation")) {
      const json& p = j["physicalLocation"];
      std::string pw = where + ".physicalLocation";
      Keys(p, pw, {"address", "artifactLocation", "region", "contextRegion", "properties"});
      if (!p.contains("artifactLocation") && !p.contains("address")) Fail(pw, "needs artifactLocation or address");
      if (p.contains("artifactLocation")) {
        const json& a = p["artifactLocation"];
        Keys(a, pw + ".artifactLocation", {"uri", "uriBaseId", "index", "description", "properties"});
        if (!a.contains("uri") || !a["uri"].is_string() || a["uri"].get<std::string>().empty()) {
          Fail(pw, "artifactLocation without uri");
        } else if (a["uri"].get<std::string>().find_first_of(" \t\n\"<>\\^`{|}") != std::string::npos) {
          Fail(pw, "uri is not a uri-reference: " + a["uri"].get<std::string>());
        }
      }
      if (p.contains("region")) {
        const json& r = p["region"];
        Keys(r, pw + ".region", {"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength",
                                 "byteOffset", "byteLength", "snippet", "message", "sourceLanguage", "properties"});
        for (const char* k : {"startLine", "startColumn", "endLine", "endColumn"}) {
          if (r.contains(k) && (!r[k].is_number_integer() || r[k].get<int64_t>() < 1)) Fail(pw, std::string(k) + " < 1");
        }
      }
    }
    if (j.contains("logicalLocations")) {
      for (const json& l : j["logicalLocations"]) {
        Keys(l, where + ".logicalLocations[]",
             {"name", "index", "fullyQualifiedName", "decoratedName", "parentIndex", "kind", "properties"});
      }
    }
  }

  void Check(const json& log) {
    Keys(log, "sarifLog", {"$schema", "version", "runs", "inlineExternalProperties", "properties"});
    Required(log, "sarifLog", {"version", "runs"});
    if (log.value("version", "") != "2.1.0") Fail("sarifLog", "version is not 2.1.0");
    if (!Get(log, "runs").is_array() || Get(log, "runs").empty()) return Fail("sarifLog", "no runs");
    for (const json& run : Get(log, "runs")) {
      Keys(run, "run", {"tool", "invocations", "conversion", "language", "versionControlProvenance",
                        "originalUriBaseIds", "artifacts", "logicalLocations", "graphs", "results",
                        "automationDetails", "runAggregates", "baselineGuid", "redactionTokens", "defaultEncoding",
                        "defaultSourceLanguage", "newlineSequences", "columnKind",
                        "externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses",
                        "translations", "policies", "webRequests", "webResponses", "specialLocations",
                        "properties"});
      Required(run, "run", {"tool"});
      Keys(Get(run, "tool"), "tool", {"driver", "extensions", "properties"});
      Required(Get(run, "tool"), "tool", {"driver"});
      const json& driver = Get(Get(run, "tool"), "driver");
      Keys(driver, "driver",
           {"guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription",
            "fullName", "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc", "downloadUri",
            "informationUri", "globalMessageStrings", "notifications", "rules", "taxa", "locations", "language",
            "contents", "isComprehensive", "localizedDataSemanticVersion",
            "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent", "translationMetadata",
            "supportedTaxonomies", "properties"});
      Required(driver, "driver", {"name"});
      std::vector<std::string> rule_ids;
      std::set<std::string> unique;
      for (const json& rule : driver.value("rules", json::array())) {
        std::string rw = "rule " + rule.value("id", std::string("?"));
        Keys(rule, rw, {"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames",
                        "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration", "helpUri",
                        "help", "relationships", "properties"});
        Required(rule, rw, {"id"});
        for (const char* k : {"shortDescription", "fullDescription", "help"}) {
          if (rule.contains(k)) MultiformatMessage(Get(rule, k), rw + "." + k);
        }
        if (rule.contains("defaultConfiguration")) {
          Keys(Get(rule, "defaultConfiguration"), rw + ".defaultConfiguration",
               {"enabled", "level", "rank", "parameters", "properties"});
          Level(Get(Get(rule, "defaultConfiguration"), "level"), rw + ".defaultConfiguration.level");
        }
        rule_ids.push_back(rule.value("id", ""));
        if (!unique.insert(rule_ids.back()).second) Fail(rw, "duplicate rule id");
      }
      size_t i = 0;
      for (const json& res : run.value("results", json::array())) {
        std::string w = "result[" + std::to_string(i++) + "]";
        Keys(res, w, {"ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations",
                      "guid", "correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints",
                      "stacks", "codeFlows", "graphs", "graphTraversals", "relatedLocations", "suppressions",
                      "baselineState", "rank", "attachments", "hostedViewerUri", "workItemUris", "provenance",
                      "fixes", "taxa", "webRequest", "webResponse", "properties"});
        Required(res, w, {"message"});
        Message(Get(res, "message"), w + ".message");
        if (res.contains("level")) Level(res["level"], w + ".level");
        if (res.contains("ruleIndex")) {
          int64_t ri = res["ruleIndex"].get<int64_t>();
          if (ri < -1 || ri >= static_cast<int64_t>(rule_ids.size())) {
            Fail(w, "ruleIndex out of range");
          } else if (ri >= 0 && rule_ids[ri] != res.value("ruleId", "")) {
            Fail(w, "ruleIndex does not name ruleId");
          }
        }
        for (const json& loc : res.value("locations", json::array())) Location(loc, w + ".locations[]");
        std::set<int64_t> ids;
        for (const json& loc : res.value("relatedLocations", json::array())) {
          Location(loc, w + ".relatedLocations[]");
          if (!loc.contains("message")) Fail(w, "related location without message (GitHub rejects it)");
          if (loc.contains("id") && !ids.insert(loc["id"].get<int64_t>()).second) Fail(w, "duplicate location id");
        }
        if (res.contains("partialFingerprints")) {
          for (auto& [k, v] : res["partialFingerprints"].items()) {
            if (!v.is_string()) Fail(w, "fingerprint " + k + " is not a string");
          }
        }
      }
    }
  }
};

TEST(Report, SarifMatchesTheSchemaShape) {
  Contract c, rust;
  RepresentativePair(c, rust);
  DiffReport r = Compare(c, rust);
  json log = json::parse(ReportToSarif(r));
  SarifChecker checker;
  checker.Check(log);
  EXPECT_THAT(checker.problems, IsEmpty());
  const json& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), kNumMismatchKinds);
  ASSERT_EQ(run["results"].size(), r.findings.size());
  // The compat_u64 field-offset result: Rust location first, C related.
  bool seen = false;
  for (const json& res : run["results"]) {
    if (res["ruleId"] != "field-offset" || res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] !=
                                               "compat_spec.cookie") {
      continue;
    }
    seen = true;
    EXPECT_EQ(res["level"], "error");
    const json& pl = res["locations"][0]["physicalLocation"];
    EXPECT_EQ(pl["artifactLocation"]["uri"], "bindings_generated.rs");
    EXPECT_EQ(pl["region"]["startLine"], 1002);
    const json& rel = res["relatedLocations"][0];
    EXPECT_EQ(rel["physicalLocation"]["artifactLocation"]["uri"], "include/linux/compat.h");
    EXPECT_EQ(rel["physicalLocation"]["region"]["startLine"], 52);
    EXPECT_THAT(res["message"]["text"].get<std::string>(), HasSubstr("4-byte-aligned offset 36"));
  }
  EXPECT_TRUE(seen);

  // The checker itself rejects broken logs.
  json broken = log;
  broken["runs"][0]["results"][0].erase("message");
  broken["runs"][0]["results"][0]["ruleIndex"] = 9999;
  broken["runs"][0]["results"][0]["colour"] = "red";
  broken["runs"][0]["tool"]["driver"].erase("name");
  SarifChecker bad;
  bad.Check(broken);
  EXPECT_THAT(bad.problems, ::testing::IsSupersetOf({"driver: missing required 'name'",
                                                     "result[0]: property 'colour' is not in the schema",
                                                     "result[0]: missing required 'message'",
                                                     "result[0]: ruleIndex out of range"}));
}

TEST(Report, SarifWithUnknownLocationsAndOddPaths) {
  Contract c = CSide(), rust = RustSide();
  rust.functions["ghost"] = MakeFunction("ghost", Type::Void(), {});  // no location at all
  rust.records["s p"] = MakeRecord("s p", 8, 8, {F("x", U(64), 0, 8)}, Loc("/abs dir/b#1.rs", 3, 0));
  c.records["s p"] = MakeRecord("s p", 4, 4, {F("x", U(32), 0, 4)}, Loc("/usr/include/x.h", 0, 0));
  json log = json::parse(ReportToSarif(Compare(c, rust)));
  SarifChecker checker;
  checker.Check(log);
  EXPECT_THAT(checker.problems, IsEmpty());
  const json& results = log["runs"][0]["results"];
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "file:///abs%20dir/b%231.rs");
  EXPECT_FALSE(results[0]["relatedLocations"][0]["physicalLocation"].contains("region"));
  EXPECT_FALSE(results.back()["locations"][0].contains("physicalLocation"));
}

// Random, often nonsensical contracts (huge sizes, overlapping fields,
// dangling names, deep types): Compare and every renderer must cope.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 7;
    s_ ^= s_ << 17;
    return s_;
  }
  uint64_t Below(uint64_t n) { return n ? Next() % n : 0; }
  uint64_t Size() {
    switch (Below(6)) {
      case 0: return 0;
      case 1: return UINT64_MAX - Below(3);
      case 2: return uint64_t{1} << 61;
      default: return Below(300);
    }
  }

 private:
  uint64_t s_;
};

Type RandomType(Rng& g, int depth) {
  static const char* kNames[] = {"a", "b", "a#2", "a::(anon#1)", "c_void", "x", ""};
  switch (depth > 6 ? g.Below(4) : g.Below(10)) {
    case 0: return Type::Int(static_cast<uint32_t>(g.Below(3) == 0 ? g.Next() : 8u << g.Below(5)), g.Below(2));
    case 1: return Type::Bool();
    case 2: return Type::Named(TypeKind::kRecord, kNames[g.Below(7)]);
    case 3: return Type::Named(TypeKind::kTypedef, kNames[g.Below(7)]);
    case 4: return Type::Named(TypeKind::kEnum, kNames[g.Below(7)]);
    case 5: {
      Type t = Type::ArrayOf(RandomType(g, depth + 1), g.Size());
      t.flexible = g.Below(4) == 0;
      return t;
    }
    case 6: {
      Type t = Ptr(RandomType(g, depth + 1));
      t.nullable = g.Below(2);
      return t;
    }
    case 7: {
      std::vector<Type> ps;
      for (uint64_t i = g.Below(4); i > 0; --i) ps.push_back(RandomType(g, depth + 1));
      Type t = Fn(RandomType(g, depth + 1), ps);
      t.variadic = g.Below(3) == 0;
      return t;
    }
    case 8: return Type::Unknown("?");
    default: {
      Type t;
      t.kind = static_cast<TypeKind>(g.Below(11));  // possibly without `inner`
      t.name = "a";
      return t;
    }
  }
}

Contract RandomContract(Rng& g, Side side) {
  Contract c = side == Side::kRust ? RustSide() : CSide();
  c.side = side;
  for (const char* n : {"a", "b", "a#2", "a::(anon#1)", "b_a"}) {
    if (g.Below(3) == 0) continue;
    Record r = MakeRecord(n, g.Size(), g.Below(5) == 0 ? 0 : uint64_t{1} << g.Below(8), {});
    r.kind = g.Below(3) == 0 ? RecordKind::kUnion : RecordKind::kStruct;
    r.complete = g.Below(6) != 0;
    r.opaque = g.Below(8) == 0;
    r.packed = g.Below(5) == 0;
    r.align_inferred = g.Below(4) == 0;
    for (uint64_t i = g.Below(6); i > 0; --i) {
      Field f;
      f.name = g.Below(4) == 0 ? "(anon#1)" : std::string(1, static_cast<char>('p' + g.Below(4)));
      f.type = RandomType(g, 0);
      f.offset_bits = g.Below(3) == 0 ? g.Size() : g.Below(512);
      f.size_bits = g.Below(3) == 0 ? g.Size() : g.Below(128);
      f.is_bitfield = g.Below(4) == 0;
      f.artificial = g.Below(6) == 0;
      r.fields.push_back(f);
    }
    c.records[n] = r;
  }
  for (const char* n : {"a", "x", "c"}) {
    if (g.Below(2)) c.typedefs[n] = TypedefOf(n, RandomType(g, 0));
  }
  for (const char* n : {"e", "x"}) {
    if (g.Below(2) == 0) continue;
    Enum e = MakeEnum(n, RandomType(g, 5), g.Size(), {{"A", static_cast<int64_t>(g.Next())}, {"x_B", -1}},
                      g.Below(2) ? "rustified" : "consts");
    e.anonymous = g.Below(3) == 0;
    c.enums[n] = e;
  }
  for (const char* n : {"f", "g"}) {
    if (g.Below(3) == 0) continue;
    std::vector<std::pair<std::string, Type>> ps;
    for (uint64_t i = g.Below(4); i > 0; --i) ps.emplace_back(g.Below(2) ? "p" : "", RandomType(g, 0));
    Function f = MakeFunction(n, RandomType(g, 0), ps, Loc(g.Below(2) ? "/abs/p q.h" : "", g.Below(3)));
    f.has_symbol = g.Below(4) != 0;
    f.no_return = g.Below(5) == 0;
    f.variadic = g.Below(5) == 0;
    c.functions[n] = f;
  }
  for (const char* n : {"K", "x_B", "e_A"}) {
    if (g.Below(2) == 0) continue;
    contract::Constant k = IntConst(n, static_cast<int64_t>(g.Next()), RandomType(g, 5));
    k.kind = static_cast<contract::ConstantKind>(g.Below(3));
    k.string_value = std::string("\0\xff\"", 3);
    k.float_value = g.Below(2) ? 0.0 / 0.0 : 1.5;
    c.constants[n] = k;
  }
  if (g.Below(2)) c.variables["v"] = Var("v", RandomType(g, 0));
  if (g.Below(2)) c.notes.push_back(NoteOn("K", "not evaluated"));
  return c;
}

TEST(Report, RandomContractsNeverCrash) {
  Rng g(0x5eed);
  size_t findings = 0;
  for (int i = 0; i < 150; ++i) {
    Side ts = g.Below(3) == 0 ? Side::kBtf : Side::kC;
    Contract t = RandomContract(g, ts), a = RandomContract(g, g.Below(4) == 0 ? Side::kC : Side::kRust);
    for (const DiffReport& r : {Compare(t, a), Compare(a, t)}) {
      findings += r.findings.size();
      EXPECT_FALSE(ReportToText(r).empty());
      json j = json::parse(ReportToJson(r));
      EXPECT_EQ(j["findings"].size(), r.findings.size());
      SarifChecker checker;
      checker.Check(json::parse(ReportToSarif(r)));
      EXPECT_THAT(checker.problems, IsEmpty());
      const std::string html = ReportToHtml(r);
      EXPECT_NE(html.find("</html>"), std::string::npos);
    }
  }
  EXPECT_GT(findings, 150u);  // the generator does produce mismatches
}

TEST(Report, SarifToolRulesAndFingerprints) {
  Contract c, rust;
  RepresentativePair(c, rust);
  DiffReport r = Compare(c, rust);
  json log = json::parse(ReportToSarif(r));
  const json& driver = log["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_EQ(driver["informationUri"], "https://github.com/bindfuzz/bindfuzz");
  std::set<std::string> names;
  for (const json& rule : driver["rules"]) {
    std::string id = rule["id"], name = rule["name"];
    std::string lower;
    for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    // The validator's SARIF1001 compares name and id ignoring case.
    EXPECT_NE(lower, id) << "rule name only differs from the id in case: " << name;
    EXPECT_TRUE(names.insert(name).second) << name;
    const std::string full = rule["fullDescription"]["text"];
    const std::string short_text = rule["shortDescription"]["text"];
    EXPECT_EQ(full.back(), '.');
    EXPECT_EQ(full.rfind(short_text.substr(0, short_text.size() - 1), 0), 0u) << id;
    EXPECT_EQ(rule["help"]["text"].get<std::string>().rfind(full, 0), 0u) << id;
  }
  EXPECT_EQ(driver["rules"][static_cast<int>(MismatchKind::kUnevaluated)]["name"], "UnevaluatedComparison");
  EXPECT_EQ(driver["rules"][0]["name"], "RecordSize");
  EXPECT_EQ(driver["rules"][0]["shortDescription"]["text"], "Record size differs.");
  // Fingerprints are the findings' stable keys.
  const json& results = log["runs"][0]["results"];
  for (size_t i = 0; i < r.findings.size(); ++i) {
    EXPECT_EQ(results[i]["partialFingerprints"]["bindfuzzFinding/v2"], FindingKey(r, r.findings[i]));
    EXPECT_FALSE(results[i].contains("baselineState"));
    EXPECT_FALSE(results[i].contains("suppressions"));
  }
}

TEST(Report, TriageAndRootCausesInTextJsonAndSarif) {
  auto ar = AttributedReport();
  ASSERT_TRUE(ar.ok()) << ar.status();
  auto& [r, with_attribution] = *ar;
  Baseline b;
  b.file = "old.json";
  b.truth_side = "c";
  b.assumed_side = "rust";
  for (size_t i = 1; i < r.findings.size(); ++i) {  // findings[0] is new
    const Finding& f = r.findings[i];
    b.findings.push_back({.key = FindingKey(r, f), .kind = std::string(KindName(f.kind)),
                          .severity = std::string(SeverityName(f.severity)), .item_kind = ItemKindName(f.item_kind),
                          .item = f.item, .member = f.member});
  }
  b.findings.push_back({.key = "bf1-0000000000000001", .kind = "record-size", .severity = "error",
                        .item_kind = "record", .item = "gone"});
  ASSERT_TRUE(ApplyBaseline(b, r).ok());
  auto w = ParseWaiverFile("waive field-offset compat_spec cookie until 2099-01-01 reason \"bindgen\"\n"
                           "waive record-size nothing until 2099-01-01 reason \"stale\"\n", "w.txt");
  ASSERT_TRUE(w.ok());
  ApplyWaivers(*w, "w.txt", "2026-12-05", r);

  const std::string text = ReportToText(r);
  EXPECT_THAT(text, HasSubstr("baseline: 1 new (1 errors), " + std::to_string(r.findings.size() - 1) +
                              " unchanged, 1 fixed against old.json\n"));
  EXPECT_THAT(text, HasSubstr("waivers: 2 in w.txt, 1 findings waived, 1 stale\n"));
  EXPECT_THAT(text, HasSubstr("error[record-size] record compat_spec [new]\n"));
  EXPECT_THAT(text, HasSubstr("error[field-offset] record compat_spec.cookie [unchanged, waived until 2099-01-01]\n"));
  EXPECT_THAT(text, HasSubstr("\nfixed since the baseline (old.json):\n  error[record-size] record gone\n"));
  EXPECT_THAT(text, HasSubstr("  w.txt:2  record-size nothing: STALE (unmatched), 0 finding(s), until 2099-01-01: stale\n"));

  // What CI prints: only the new finding, with its item's layout table; the
  // unchanged ones are counted (and gone with their items' tables).
  TextOptions only_new;
  only_new.unchanged = false;
  const std::string fresh = ReportToText(r, only_new);
  EXPECT_THAT(fresh, HasSubstr("\n" + std::to_string(r.findings.size() - 1) +
                               " unchanged findings not listed (the baseline has them; --show-unchanged lists them,"
                               " --format json lists every finding)\n"));
  EXPECT_THAT(fresh, HasSubstr("error[record-size] record compat_spec [new]\n"));
  EXPECT_THAT(fresh, Not(HasSubstr("[unchanged")));
  EXPECT_THAT(fresh, Not(HasSubstr("record file")));
  EXPECT_THAT(fresh, HasSubstr("\nfixed since the baseline (old.json):\n"));
  size_t tables = 0;
  for (size_t at = fresh.find("\nlayout of "); at != std::string::npos; at = fresh.find("\nlayout of ", at + 1)) {
    ++tables;
  }
  size_t all_tables = 0;
  for (size_t at = text.find("\nlayout of "); at != std::string::npos; at = text.find("\nlayout of ", at + 1)) {
    ++all_tables;
  }
  EXPECT_GT(all_tables, tables);
  // Nothing new: only the counts.
  Finding first = r.findings[0];
  r.findings[0].baseline = BaselineState::kUnchanged;
  const std::string none = ReportToText(r, only_new);
  EXPECT_THAT(none, HasSubstr("\n" + std::to_string(r.findings.size()) + " unchanged findings not listed"));
  EXPECT_THAT(none, Not(HasSubstr("\nerror[")));
  EXPECT_THAT(none, Not(HasSubstr("\nlayout of ")));
  r.findings[0] = first;

  json j = json::parse(ReportToJson(r));
  EXPECT_EQ(j["findings"][0]["baseline"], "new");
  EXPECT_EQ(j["findings"][1]["baseline"], "unchanged");
  EXPECT_EQ(j["baseline"]["fixed"][0]["item"], "gone");
  EXPECT_EQ(j["waivers"]["entries"][1]["state"], "unmatched");
  size_t waived = 0;
  for (const json& f : j["findings"]) {
    if (f.contains("waived")) {
      ++waived;
      EXPECT_EQ(f["waived"]["at"], "w.txt:1");
    }
  }
  EXPECT_EQ(waived, 1u);

  json log = json::parse(report_extras::SarifWithAttribution(r, ReadAttribution(with_attribution)));
  SarifChecker checker;
  checker.Check(log);
  EXPECT_THAT(checker.problems, IsEmpty());
  const json& results = log["runs"][0]["results"];
  EXPECT_EQ(results[0]["baselineState"], "new");
  EXPECT_EQ(results[1]["baselineState"], "unchanged");
  size_t roots = 0, suppressed = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const json& res = results[i];
    if (res.contains("suppressions")) {
      ++suppressed;
      EXPECT_EQ(res["suppressions"][0]["justification"], "bindgen");
      EXPECT_EQ(res["suppressions"][0]["kind"], "external");
    }
    for (const json& rel : res.value("relatedLocations", json::array())) {
      const std::string m = rel["message"]["text"];
      if (m.rfind("Root cause:", 0) != 0) continue;
      ++roots;
      EXPECT_EQ(r.findings[i].item, "compat_spec");
      EXPECT_EQ(m, "Root cause: typedef compat_u64: align 4 -> 8; reached through compat_spec -> cookie (compat_u64).");
      EXPECT_EQ(rel["id"], 2);
      EXPECT_EQ(rel["physicalLocation"]["artifactLocation"]["uri"], "include/linux/compat.h");
      EXPECT_EQ(rel["physicalLocation"]["region"]["startLine"], 40);
      EXPECT_EQ(rel["logicalLocations"][0]["fullyQualifiedName"], "compat_u64");
    }
  }
  EXPECT_EQ(roots, 4u);
  EXPECT_EQ(suppressed, 1u);
  EXPECT_EQ(log["runs"][0]["properties"]["waivers"]["stale"][0], "w.txt:2: record-size nothing (unmatched)");
  // Without attribution in the JSON, no root-cause locations.
  json plain = json::parse(ReportToSarif(r));
  for (const json& res : plain["runs"][0]["results"]) {
    for (const json& rel : res.value("relatedLocations", json::array())) {
      EXPECT_NE(rel["message"]["text"].get<std::string>().rfind("Root cause:", 0), 0u);
    }
  }
}

TEST(Report, PathToUri) {
  EXPECT_EQ(PathToUri("include/linux/fs.h"), "include/linux/fs.h");
  EXPECT_EQ(PathToUri("/usr/src/linux/a b.h"), "file:///usr/src/linux/a%20b.h");
  EXPECT_EQ(PathToUri("x%y?.h"), "x%25y%3F.h");
  EXPECT_EQ(PathToUri("\xc3\xa9.h"), "%C3%A9.h");
}

TEST(Report, FormatsAndEmptyReport) {
  EXPECT_EQ(*ParseReportFormat("sarif"), ReportFormat::kSarif);
  EXPECT_EQ(*ParseReportFormat("html"), ReportFormat::kHtml);
  EXPECT_THAT(RenderReport(Compare(CSide(), RustSide()), ReportFormat::kHtml), HasSubstr("<!DOCTYPE html>"));
  EXPECT_FALSE(ParseReportFormat("xml").ok());
  DiffReport r = Compare(CSide(), RustSide());
  EXPECT_THAT(RenderReport(r, ReportFormat::kText), HasSubstr("findings: 0 (0 errors, 0 warnings, 0 notes)"));
  json j = json::parse(RenderReport(r, ReportFormat::kJson));
  EXPECT_TRUE(j["findings"].empty());
  SarifChecker checker;
  checker.Check(json::parse(RenderReport(r, ReportFormat::kSarif)));
  EXPECT_THAT(checker.problems, IsEmpty());
  EXPECT_EQ(ExitCode(r), 0);
}

}  // namespace
}  // namespace bindfuzz::diff
