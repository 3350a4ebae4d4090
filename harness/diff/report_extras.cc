#include "harness/diff/report_extras.h"

#include <string_view>

#include "harness/common/version.h"
#include "harness/diff/finding_key.h"
#include "harness/diff/report.h"
#include "harness/diff/triage.h"

namespace bindfuzz::diff::report_extras {
namespace {

bool HasBaseline(const DiffReport& r) { return !r.triage.baseline_file.empty(); }
bool HasWaivers(const DiffReport& r) { return !r.triage.waiver_file.empty(); }

const Waiver* WaiverOf(const DiffReport& r, const Finding& f) {
  if (f.waiver < 0 || static_cast<size_t>(f.waiver) >= r.triage.waivers.size()) return nullptr;
  return &r.triage.waivers[f.waiver];
}

std::string WaiverState(const Waiver& w) {
  if (w.expired) return "expired";
  return w.matched ? "active" : "unmatched";
}

std::string Subject(const BaselineFinding& b) {
  if (b.member.empty()) return b.item;
  if (b.item_kind == "function") return b.item + "(" + b.member + ")";
  return b.item + "." + b.member;
}

std::string LocText(const contract::SourceLoc& loc) {
  return loc.file + ":" + std::to_string(loc.line);
}

size_t CountBaseline(const DiffReport& r, BaselineState s, bool errors_only = false) {
  size_t n = 0;
  for (const Finding& f : r.findings) n += f.baseline == s && (!errors_only || f.severity == Severity::kError);
  return n;
}

size_t CountWaived(const DiffReport& r) {
  size_t n = 0;
  for (const Finding& f : r.findings) n += f.waiver >= 0;
  return n;
}

size_t CountStale(const DiffReport& r) {
  size_t n = 0;
  for (const Waiver& w : r.triage.waivers) n += w.Stale();
  return n;
}

std::string_view FirstClause(std::string_view help) {
  size_t colon = help.find(": ");
  return colon == std::string_view::npos ? help : help.substr(0, colon);
}

// What to do about a finding of a category.
const char* CategoryAdvice(KindCategory c) {
  switch (c) {
    case KindCategory::kLayout:
      return "Regenerate the bindings from the headers and configuration the Rust code is built against; "
             "`bindfuzz gen` builds a fuzzer that witnesses the difference.";
    case KindCategory::kType:
    case KindCategory::kValue:
    case KindCategory::kSignature:
      return "Regenerate the bindings, or correct the hand-written declaration, so that Rust states what C "
             "defines.";
    case KindCategory::kSymbol:
      return "The symbol does not exist on the C side: call it through a helper with a symbol, or drop the "
             "declaration.";
    case KindCategory::kCoverage:
      return "One side lacks the item: check that the bindings were generated from the headers they are "
             "checked against.";
    case KindCategory::kNotEvaluated:
      return "bindfuzz could not compare the item; the message says why (`-v` lists front-end notes).";
  }
  return "";
}

ojson Text(std::string text) {
  ojson j = ojson::object();
  j["text"] = std::move(text);
  return j;
}

}  // namespace

void AddFindingExtrasJ(const DiffReport& r, const Finding& f, ojson& j) {
  j["key"] = FindingKey(r, f);
  if (HasBaseline(r)) j["baseline"] = BaselineStateName(f.baseline);
  if (const Waiver* w = WaiverOf(r, f)) {
    ojson x = ojson::object();
    x["reason"] = w->reason;
    x["until"] = w->expires;
    x["at"] = LocText(w->loc);
    j["waived"] = std::move(x);
  }
}

void AddTriageSectionsJ(const DiffReport& r, ojson& j) {
  if (HasBaseline(r)) {
    ojson b = ojson::object();
    b["file"] = r.triage.baseline_file;
    b["new"] = CountBaseline(r, BaselineState::kNew);
    b["new_errors"] = CountBaseline(r, BaselineState::kNew, true);
    b["unchanged"] = CountBaseline(r, BaselineState::kUnchanged);
    b["filtered"] = r.triage.baseline_filtered;
    ojson fixed = ojson::array();
    for (const BaselineFinding& bf : r.triage.fixed) {
      ojson x = ojson::object();
      x["key"] = bf.key;
      x["kind"] = bf.kind;
      x["severity"] = bf.severity;
      x["item_kind"] = bf.item_kind;
      x["item"] = bf.item;
      if (!bf.member.empty()) x["member"] = bf.member;
      if (!bf.message.empty()) x["message"] = bf.message;
      fixed.push_back(std::move(x));
    }
    b["fixed"] = std::move(fixed);
    j["baseline"] = std::move(b);
  }
  if (HasWaivers(r)) {
    ojson w = ojson::object();
    w["file"] = r.triage.waiver_file;
    w["waived"] = CountWaived(r);
    w["stale"] = CountStale(r);
    ojson entries = ojson::array();
    for (const Waiver& e : r.triage.waivers) {
      ojson x = ojson::object();
      if (!e.key.empty()) {
        x["key"] = e.key;
      } else {
        x["kind"] = e.kind;
        x["item"] = e.item;
        if (e.any_member) {
          x["member"] = "*";
        } else if (!e.member.empty()) {
          x["member"] = e.member;
        }
      }
      x["reason"] = e.reason;
      x["until"] = e.expires;
      x["at"] = LocText(e.loc);
      x["matched"] = e.matched;
      x["state"] = WaiverState(e);
      entries.push_back(std::move(x));
    }
    w["entries"] = std::move(entries);
    j["waivers"] = std::move(w);
  }
}

std::string FindingTriageTag(const DiffReport& r, const Finding& f) {
  std::string tag;
  if (f.baseline != BaselineState::kNotCompared) tag = BaselineStateName(f.baseline);
  if (const Waiver* w = WaiverOf(r, f)) tag += (tag.empty() ? "" : ", ") + std::string("waived until ") + w->expires;
  return tag.empty() ? "" : " [" + tag + "]";
}

std::string TriageSummaryText(const DiffReport& r) {
  std::string out;
  if (HasBaseline(r)) {
    out += "baseline: " + std::to_string(CountBaseline(r, BaselineState::kNew)) + " new (" +
           std::to_string(CountBaseline(r, BaselineState::kNew, true)) + " errors), " +
           std::to_string(CountBaseline(r, BaselineState::kUnchanged)) + " unchanged, " +
           std::to_string(r.triage.fixed.size()) + " fixed";
    if (r.triage.baseline_filtered) out += ", " + std::to_string(r.triage.baseline_filtered) + " not checked (filters)";
    out += " against " + r.triage.baseline_file + "\n";
  }
  if (HasWaivers(r)) {
    out += "waivers: " + std::to_string(r.triage.waivers.size()) + " in " + r.triage.waiver_file + ", " +
           std::to_string(CountWaived(r)) + " findings waived, " + std::to_string(CountStale(r)) + " stale\n";
  }
  return out;
}

std::string TriageSectionsText(const DiffReport& r) {
  std::string out;
  if (HasBaseline(r) && !r.triage.fixed.empty()) {
    out += "\nfixed since the baseline (" + r.triage.baseline_file + "):\n";
    for (const BaselineFinding& b : r.triage.fixed) {
      out += "  " + b.severity + "[" + b.kind + "] " + b.item_kind + " " + Subject(b) + "\n";
    }
  }
  if (HasWaivers(r) && !r.triage.waivers.empty()) {
    out += "\nwaivers (" + r.triage.waiver_file + "):\n";
    for (const Waiver& w : r.triage.waivers) {
      std::string state = WaiverState(w);
      if (w.Stale()) state = "STALE (" + state + ")";
      out += "  " + LocText(w.loc) + "  " + WaiverSelector(w) + ": " + state + ", " + std::to_string(w.matched) +
             " finding(s), until " + w.expires + ": " + w.reason + "\n";
    }
  }
  return out;
}

void AddSarifDriverInfo(ojson& driver) {
  driver["version"] = kBindfuzzVersion;
  driver["semanticVersion"] = kBindfuzzVersion;
  driver["informationUri"] = kBindfuzzInformationUri;
}

std::string SarifRuleName(const MismatchKindInfo& info) {
  std::string name = KindPascalName(info.kind);
  if (name.size() != info.name.size()) return name;
  // A one-word kind: its PascalCase differs from the id only in case, which
  // SARIF consumers compare case-insensitively.
  return name + "Comparison";
}

ojson SarifRule(const MismatchKindInfo& info) {
  ojson rule = ojson::object();
  rule["id"] = std::string(info.name);
  rule["name"] = SarifRuleName(info);
  const std::string full = std::string(info.help) + ".";
  rule["shortDescription"] = Text(std::string(FirstClause(info.help)) + ".");
  rule["fullDescription"] = Text(full);
  const std::string advice = CategoryAdvice(info.category);
  ojson help = Text(full + " " + advice);
  help["markdown"] = "**" + std::string(info.name) + "** (" + std::string(SeverityName(info.severity)) + ", " +
                     std::string(CategoryName(info.category)) + "): " + full + "\n\n" + advice +
                     "\n\nTo accept a finding for a while, name it in a waiver file (`--waivers`): "
                     "`waive " + std::string(info.name) + " ITEM [MEMBER] until YYYY-MM-DD reason \"...\"`.";
  rule["help"] = std::move(help);
  ojson conf = ojson::object();
  switch (info.severity) {
    case Severity::kError: conf["level"] = "error"; break;
    case Severity::kWarning: conf["level"] = "warning"; break;
    case Severity::kNote: conf["level"] = "note"; break;
  }
  rule["defaultConfiguration"] = std::move(conf);
  ojson props = ojson::object();
  props["tags"] = ojson::array({std::string(CategoryName(info.category))});
  rule["properties"] = std::move(props);
  return rule;
}

void AddSarifResultExtras(const DiffReport& r, const Finding& f, size_t index, const AttributionView& attribution,
                          int next_related_id, ojson& res) {
  // The root causes of an inherited finding (at most three), each as a
  // related location with the chain that reaches it.
  const FindingAttributionView* fa = attribution.ForFinding(index);
  for (size_t k = 0; fa && !fa->own && k < fa->chains.size() && k < 3; ++k) {
    const ChainView& chain = fa->chains[k];
    const RootCauseView& rc = attribution.roots[chain.root];
    ojson rel = ojson::object();
    rel["id"] = next_related_id + static_cast<int>(k);
    std::string text = "Root cause: " + (rc.item_kind.empty() ? "" : rc.item_kind + " ") + rc.Title();
    if (!chain.links.empty()) text += "; reached through " + chain.Text();
    rel["message"] = Text(text + ".");
    if (rc.loc.known()) {
      ojson p = ojson::object();
      ojson art = ojson::object();
      art["uri"] = PathToUri(rc.loc.file);
      p["artifactLocation"] = std::move(art);
      if (rc.loc.line) {
        ojson region = ojson::object();
        region["startLine"] = rc.loc.line;
        if (rc.loc.column) region["startColumn"] = rc.loc.column;
        p["region"] = std::move(region);
      }
      rel["physicalLocation"] = std::move(p);
    }
    ojson logical = ojson::object();
    logical["fullyQualifiedName"] = rc.item;
    logical["kind"] = rc.item_kind == "function" ? "function" : rc.item_kind == "constant" ? "variable" : "type";
    rel["logicalLocations"] = ojson::array({logical});
    if (!res.contains("relatedLocations")) res["relatedLocations"] = ojson::array();
    res["relatedLocations"].push_back(std::move(rel));
  }
  ojson fp = ojson::object();
  fp[kSarifFingerprintName] = FindingKey(r, f);
  res["partialFingerprints"] = std::move(fp);
  if (f.baseline != BaselineState::kNotCompared) res["baselineState"] = BaselineStateName(f.baseline);
  if (const Waiver* w = WaiverOf(r, f)) {
    ojson s = ojson::object();
    s["kind"] = "external";
    s["status"] = "accepted";
    s["justification"] = w->reason;
    ojson loc = ojson::object();
    ojson p = ojson::object();
    ojson art = ojson::object();
    art["uri"] = PathToUri(w->loc.file);
    p["artifactLocation"] = std::move(art);
    ojson region = ojson::object();
    region["startLine"] = w->loc.line;
    p["region"] = std::move(region);
    loc["physicalLocation"] = std::move(p);
    s["location"] = std::move(loc);
    ojson props = ojson::object();
    props["until"] = w->expires;
    props["waiver"] = WaiverSelector(*w);
    s["properties"] = std::move(props);
    res["suppressions"] = ojson::array({s});
  }
}

void AddSarifRunExtras(const DiffReport& r, ojson& props) {
  if (HasBaseline(r)) {
    ojson b = ojson::object();
    b["file"] = r.triage.baseline_file;
    b["new"] = CountBaseline(r, BaselineState::kNew);
    b["unchanged"] = CountBaseline(r, BaselineState::kUnchanged);
    ojson fixed = ojson::array();
    for (const BaselineFinding& bf : r.triage.fixed) fixed.push_back(bf.key);
    b["fixed"] = std::move(fixed);
    props["baseline"] = std::move(b);
  }
  if (HasWaivers(r)) {
    ojson w = ojson::object();
    w["file"] = r.triage.waiver_file;
    w["waived"] = CountWaived(r);
    ojson stale = ojson::array();
    for (const Waiver& e : r.triage.waivers) {
      if (e.Stale()) stale.push_back(LocText(e.loc) + ": " + WaiverSelector(e) + " (" + WaiverState(e) + ")");
    }
    w["stale"] = std::move(stale);
    props["waivers"] = std::move(w);
  }
}

}  // namespace bindfuzz::diff::report_extras
