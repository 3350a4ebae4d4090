#include "harness/diff/report.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "harness/diff/attribution_view.h"
#include "harness/diff/layout_model.h"
#include "harness/diff/report_extras.h"
#include "harness/diff/report_html.h"
#include "harness/diff/diff_sections.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::diff {
namespace {

using contract::Field;
using contract::Record;
using contract::SourceLoc;
using ojson = nlohmann::ordered_json;

std::string Dump(const ojson& j, int indent) {
  return j.dump(indent, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string Pad(std::string s, size_t width, bool right = false) {
  if (s.size() >= width) return s;
  std::string fill(width - s.size(), ' ');
  return right ? fill + s : s + fill;
}

std::string Count(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string LocText(const SourceLoc& loc) { return loc.known() ? loc.ToString() : "location unknown"; }

// ------------------------------------------------------- confirmation --

size_t CountConfirmed(const DiffReport& r, ConfirmStatus status) {
  if (status == ConfirmStatus::kRefuted) return r.refuted.size();
  size_t n = 0;
  for (const Finding& f : r.findings) n += f.confirmation && f.confirmation->status == status;
  return n;
}

// "gcc 12.2.0 + rustc 1.95.0": the compilers the confirmation used.
std::string ConfirmCompilers(const DiffReport& r) {
  std::string c, rust;
  auto take = [&](const Finding& f) {
    if (!f.confirmation) return;
    if (c.empty()) c = f.confirmation->c_compiler;
    if (rust.empty()) rust = f.confirmation->rust_compiler;
  };
  for (const Finding& f : r.findings) take(f);
  for (const Finding& f : r.refuted) take(f);
  if (c.empty() && rust.empty()) return "";
  return (c.empty() ? std::string("?") : c) + " + " + (rust.empty() ? std::string("?") : rust);
}

// One line for a refuted finding: "refuted by gcc+rustc: C says X, Rust says Y".
std::string RefutedNote(const DiffReport& r, const Finding& f) {
  const Confirmation& c = *f.confirmation;
  auto word = [](const std::string& compiler) { return compiler.substr(0, compiler.find(' ')); };
  std::string out = "refuted by " + word(c.c_compiler) + "+" + word(c.rust_compiler) + ": " + r.truth_label +
                    " says " + (c.c_value.empty() ? "?" : c.c_value) + ", " + r.assumed_label + " says " +
                    (c.rust_value.empty() ? "?" : c.rust_value);
  if (!c.reason.empty()) out += " (" + c.reason + ")";
  return out;
}

// ------------------------------------------------------------- layouts --

// The entries are shared with the HTML report (layout_model.h).
using Entry = LayoutEntry;
bool IsNamed(const Entry* e) { return IsNamedEntry(e); }

std::string OffText(const Entry& e) {
  bool bits = (e.field && e.field->is_bitfield) || e.off % 8 != 0 || e.size % 8 != 0;
  if (!bits) return std::to_string(e.off / 8);
  return std::to_string(e.off / 8) + ":" + std::to_string(e.off % 8);
}

std::string SizeText(const Entry& e) {
  bool bits = (e.field && e.field->is_bitfield) || e.off % 8 != 0 || e.size % 8 != 0;
  return bits ? std::to_string(e.size) + "b" : std::to_string(e.size / 8);
}

std::string Label(const Entry& e) {
  switch (e.kind) {
    case Entry::kHole: return "(hole)";
    case Entry::kPadding: return "(padding)";
    case Entry::kField: break;
  }
  const Field& f = *e.field;
  std::string name = f.rust_name.empty() ? f.name : f.rust_name;
  std::string s = name + "  " + f.type.ToString();
  if (f.artificial) s += "  (generated)";
  return s;
}

constexpr size_t kMaxLabel = 44;

std::string Cell(const Entry* e, size_t label_width) {
  if (!e) return Pad("", 7 + 1 + 5 + 2 + label_width);
  std::string label = Label(*e);
  if (label.size() > label_width) label = label.substr(0, label_width - 3) + "...";
  return Pad(OffText(*e), 7, true) + " " + Pad(SizeText(*e), 5, true) + "  " + Pad(label, label_width);
}

void LayoutTable(const LayoutPair& lp, const std::string& tl, const std::string& al, std::string& out) {
  const Record& t = lp.truth;
  const Record& a = lp.assumed;
  std::vector<Entry> te = LayoutEntries(t), ae = LayoutEntries(a);
  std::map<std::string, size_t> a_named, t_named;
  for (size_t i = 0; i < ae.size(); ++i) {
    if (IsNamed(&ae[i])) a_named.emplace(ae[i].field->name, i);
  }
  for (size_t i = 0; i < te.size(); ++i) {
    if (IsNamed(&te[i])) t_named.emplace(te[i].field->name, i);
  }
  struct Row {
    const Entry* t;
    const Entry* a;
  };
  std::vector<Row> rows;
  std::vector<bool> used(ae.size(), false);
  size_t ai = 0;
  auto flush_until = [&](size_t limit) {
    for (; ai < limit; ++ai) {
      if (used[ai]) continue;
      // Entries that pair with a truth field are emitted with it.
      if (IsNamed(&ae[ai]) && t_named.count(ae[ai].field->name)) continue;
      rows.push_back({nullptr, &ae[ai]});
      used[ai] = true;
    }
  };
  for (const Entry& e : te) {
    if (IsNamed(&e)) {
      auto it = a_named.find(e.field->name);
      if (it != a_named.end() && !used[it->second]) {
        flush_until(it->second);
        rows.push_back({&e, &ae[it->second]});
        used[it->second] = true;
        continue;
      }
    }
    if (!IsNamed(&e)) {
      // A hole or padding that starts where the other side's next unnamed
      // entry starts shares its row.
      size_t j = ai;
      while (j < ae.size() && used[j]) ++j;
      if (j < ae.size() && !IsNamed(&ae[j]) && ae[j].kind == e.kind && ae[j].off == e.off) {
        flush_until(j);
        rows.push_back({&e, &ae[j]});
        used[j] = true;
        continue;
      }
    }
    rows.push_back({&e, nullptr});
  }
  for (size_t i = 0; i < ae.size(); ++i) {
    if (!used[i]) rows.push_back({nullptr, &ae[i]});
  }

  size_t lw = 5;
  for (const Row& r : rows) {
    if (r.t) lw = std::max(lw, std::min(kMaxLabel, Label(*r.t).size()));
    if (r.a) lw = std::max(lw, std::min(kMaxLabel, Label(*r.a).size()));
  }
  const char* kw = t.kind == contract::RecordKind::kUnion ? "union" : "struct";
  auto align = [](const Record& r) {
    return "align " + std::to_string(r.align_bytes) + (r.align_inferred ? " (inferred)" : "");
  };
  out += "layout of " + std::string(kw) + " " + a.name + " (" + tl + ": " + std::to_string(t.size_bytes) +
         " bytes, " + align(t) + " | " + al + ": " + std::to_string(a.size_bytes) + " bytes, " + align(a) + ")\n";
  const size_t cw = 7 + 1 + 5 + 2 + lw;
  out += "    " + Pad(tl, cw) + " | " + al + "\n";
  std::string head = Pad("offset", 7, true) + " " + Pad("size", 5, true) + "  " + Pad("field", lw);
  std::string head_line = "    " + head + " | " + head;
  while (!head_line.empty() && head_line.back() == ' ') head_line.pop_back();
  out += head_line + "\n";
  for (const Row& r : rows) {
    bool mark = false;
    if (IsNamed(r.t) && IsNamed(r.a)) {
      mark = r.t->off != r.a->off || r.t->size != r.a->size;
    } else if (r.t && r.a) {
      mark = false;  // paired holes, padding or generated fields
    } else {
      mark = IsNamed(r.t) || IsNamed(r.a);
    }
    std::string line = std::string(mark ? "  ! " : "    ") + Cell(r.t, lw) + " | " + Cell(r.a, lw);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
}

// ---------------------------------------------------------------- json --
ojson ConfirmCountsJ(const DiffReport& r) {
  ojson j = ojson::object();
  j["confirmed"] = CountConfirmed(r, ConfirmStatus::kConfirmed);
  j["refuted"] = CountConfirmed(r, ConfirmStatus::kRefuted);
  j["unconfirmable"] = CountConfirmed(r, ConfirmStatus::kUnconfirmable);
  return j;
}


ojson LocJ(const SourceLoc& loc) {
  ojson j = ojson::object();
  j["file"] = loc.file;
  if (loc.line) j["line"] = loc.line;
  if (loc.column) j["col"] = loc.column;
  return j;
}

ojson SideJ(const std::string& label, contract::Side side, const contract::Provenance& p, size_t notes) {
  ojson j = ojson::object();
  j["label"] = label;
  j["side"] = contract::SideName(side);
  j["tool"] = p.tool;
  j["inputs"] = p.inputs;
  j["notes"] = notes;
  return j;
}

ojson FiltersJ(const DiffOptions& o) {
  ojson j = ojson::object();
  j["min_severity"] = std::string(SeverityName(o.min_severity));
  if (o.kinds.all()) {
    j["kinds"] = "all";
  } else {
    ojson arr = ojson::array();
    for (const MismatchKindInfo& info : AllMismatchKinds()) {
      if (o.kinds.test(static_cast<size_t>(info.kind))) arr.push_back(std::string(info.name));
    }
    j["kinds"] = std::move(arr);
  }
  return j;
}

ojson SummaryJ(const DiffReport& r) {
  ojson j = ojson::object();
  j["findings"] = r.findings.size();
  j["error"] = r.CountSeverity(Severity::kError);
  j["warning"] = r.CountSeverity(Severity::kWarning);
  j["note"] = r.CountSeverity(Severity::kNote);
  j["suppressed"] = r.suppressed;
  ojson by = ojson::object();
  for (const MismatchKindInfo& info : AllMismatchKinds()) {
    size_t n = r.counts[static_cast<size_t>(info.kind)];
    if (n) by[std::string(info.name)] = n;
  }
  j["by_kind"] = std::move(by);
  ojson cov = ojson::object();
  for (Outcome o : {Outcome::kClean, Outcome::kFindings, Outcome::kUnmatched}) {
    cov[OutcomeName(o)] = r.CountOutcome(o);
  }
  j["coverage"] = std::move(cov);
  if (r.confirmed_run) j["confirmation"] = ConfirmCountsJ(r);
  return j;
}

ojson FindingJ(const DiffReport& r, const Finding& f) {
  ojson j = ojson::object();
  j["kind"] = std::string(KindName(f.kind));
  j["severity"] = std::string(SeverityName(f.severity));
  j["item_kind"] = ItemKindName(f.item_kind);
  j["item"] = f.item;
  if (!f.matched.empty()) j["matched"] = f.matched;
  if (!f.member.empty()) j["member"] = f.member;
  j["message"] = f.message;
  j["consequence"] = f.consequence;
  ojson t = ojson::object();
  t["value"] = f.truth_value;
  if (f.truth_loc.known()) t["loc"] = LocJ(f.truth_loc);
  j["truth"] = std::move(t);
  ojson a = ojson::object();
  a["value"] = f.assumed_value;
  if (f.assumed_loc.known()) a["loc"] = LocJ(f.assumed_loc);
  j["assumed"] = std::move(a);
  report_extras::AddFindingExtrasJ(r, f, j);
  if (f.confirmation) {
    const Confirmation& c = *f.confirmation;
    ojson cj = ojson::object();
    cj["status"] = ConfirmStatusName(c.status);
    cj["c_value"] = c.c_value;
    cj["rust_value"] = c.rust_value;
    cj["c_compiler"] = c.c_compiler;
    cj["rust_compiler"] = c.rust_compiler;
    if (!c.reason.empty()) cj["reason"] = c.reason;
    j["confirmation"] = std::move(cj);
  }
  return j;
}


ojson CoverageJ(const CoverageEntry& e) {
  ojson j = ojson::object();
  j["item_kind"] = ItemKindName(e.item_kind);
  j["item"] = e.item;
  j["outcome"] = OutcomeName(e.outcome);
  j["findings"] = e.findings;
  if (!e.matched.empty()) j["matched"] = e.matched;
  if (!e.reason.empty()) j["reason"] = e.reason;
  if (e.assumed_loc.known()) j["loc"] = LocJ(e.assumed_loc);
  return j;
}

// --------------------------------------------------------------- sarif --

const char* SarifLevel(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "warning";
}

ojson PhysicalJ(const SourceLoc& loc) {
  ojson p = ojson::object();
  ojson art = ojson::object();
  art["uri"] = PathToUri(loc.file);
  p["artifactLocation"] = std::move(art);
  if (loc.line) {
    ojson region = ojson::object();
    region["startLine"] = loc.line;
    if (loc.column) region["startColumn"] = loc.column;
    p["region"] = std::move(region);
  }
  return p;
}

const char* LogicalKind(const Finding& f) {
  switch (f.item_kind) {
    case ItemKind::kRecord: return f.member.empty() ? "type" : "member";
    case ItemKind::kEnum: return f.member.empty() ? "type" : "member";
    case ItemKind::kTypedef: return "type";
    case ItemKind::kFunction: return f.member.empty() ? "function" : "parameter";
    case ItemKind::kVariable: return "variable";
    case ItemKind::kConstant: return "variable";
  }
  return "member";
}

}  // namespace

const char* ConfirmStatusName(ConfirmStatus status) {
  switch (status) {
    case ConfirmStatus::kConfirmed: return "confirmed";
    case ConfirmStatus::kRefuted: return "refuted";
    case ConfirmStatus::kUnconfirmable: return "unconfirmable";
  }
  return "unconfirmable";
}

std::string PathToUri(std::string_view path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  if (!path.empty() && path.front() == '/') out = "file://";
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string ReportToText(const DiffReport& r, const TextOptions& options) {
  const std::string& tl = r.truth_label;
  const std::string& al = r.assumed_label;
  std::string out;
  auto tool = [](const contract::Provenance& p) { return p.tool.empty() ? std::string() : " (" + p.tool + ")"; };
  out += "bindfuzz diff: " + tl + tool(r.truth_provenance) + " vs " + al + tool(r.assumed_provenance) + "\n";
  out += "findings: " + std::to_string(r.findings.size()) + " (" +
         Count(r.CountSeverity(Severity::kError), "error", "errors") + ", " +
         Count(r.CountSeverity(Severity::kWarning), "warning", "warnings") + ", " +
         Count(r.CountSeverity(Severity::kNote), "note", "notes") + ")";
  if (r.suppressed) out += "; " + std::to_string(r.suppressed) + " suppressed by filters";
  out += "\n";
  if (r.confirmed_run) {
    std::string cc = ConfirmCompilers(r);
    out += "confirmation" + (cc.empty() ? std::string() : " (" + cc + ")") + ": confirmed " +
           std::to_string(CountConfirmed(r, ConfirmStatus::kConfirmed)) + ", refuted " +
           std::to_string(CountConfirmed(r, ConfirmStatus::kRefuted)) + ", unconfirmable " +
           std::to_string(CountConfirmed(r, ConfirmStatus::kUnconfirmable)) + "\n";
  }
  out += "coverage: " + std::to_string(r.coverage.size()) + " " + al + " items: " +
         std::to_string(r.CountOutcome(Outcome::kClean)) + " matched-clean, " +
         std::to_string(r.CountOutcome(Outcome::kFindings)) + " matched-with-findings, " +
         std::to_string(r.CountOutcome(Outcome::kUnmatched)) + " unmatched\n";
  out += report_extras::TriageSummaryText(r);
  if (r.truth_notes || r.assumed_notes) {
    out += "front-end notes: " + tl + " " + std::to_string(r.truth_notes) + ", " + al + " " +
           std::to_string(r.assumed_notes) + "\n";
  }
  if (!r.findings.empty()) {
    out += "\nby kind:\n";
    for (const MismatchKindInfo& info : AllMismatchKinds()) {
      size_t n = r.counts[static_cast<size_t>(info.kind)];
      if (!n) continue;
      out += "  " + Pad(std::string(SeverityName(info.severity)), 8) + Pad(std::string(info.name), 30) +
             std::to_string(n) + "\n";
    }
  }
  if (options.group) return GroupedText(r, out);
  out += SectionsText(r);
  const size_t lw = std::max(tl.size(), al.size()) + 2;
  // Without options.unchanged, a baseline's unchanged findings are counted,
  // not listed; their items' layout tables go with them.
  auto listed = [&](const Finding& f) { return options.unchanged || f.baseline != BaselineState::kUnchanged; };
  std::set<std::string> listed_items;
  size_t not_listed = 0;
  for (const Finding& f : r.findings) {
    if (listed(f)) {
      listed_items.insert(f.item);
    } else {
      ++not_listed;
    }
  }
  if (not_listed) {
    out += "\n" + std::to_string(not_listed) + " unchanged finding" + (not_listed == 1 ? "" : "s") +
           " not listed (the baseline has them; --show-unchanged lists them, --format json lists every finding)\n";
  }
  for (const Finding& f : r.findings) {
    if (!listed(f)) continue;
    out += "\n" + std::string(SeverityName(f.severity)) + "[" + std::string(KindName(f.kind)) + "] " +
           ItemKindName(f.item_kind) + " " + f.Subject() + FindingTag(r, f);
    if (!f.matched.empty()) out += " (" + tl + ": " + f.matched + ")";
    out += report_extras::FindingTriageTag(r, f);
    out += "\n";
    out += "    " + Pad(al + ":", lw) + Pad(f.assumed_value, 26) + "  " + LocText(f.assumed_loc) + "\n";
    out += "    " + Pad(tl + ":", lw) + Pad(f.truth_value, 26) + "  " + LocText(f.truth_loc) + "\n";
    out += "  " + f.message + "\n";
    out += "  => " + f.consequence + "\n";
    if (f.confirmation) {
      const Confirmation& c = *f.confirmation;
      out += "  " + std::string(ConfirmStatusName(c.status)) + ": ";
      if (c.status == ConfirmStatus::kConfirmed) {
        out += c.c_compiler + " says " + c.c_value + ", " + c.rust_compiler + " says " + c.rust_value + "\n";
      } else {
        out += c.reason + "\n";
      }
    }
  }
  if (!r.refuted.empty()) {
    out += "\nrefuted findings (dropped from the report):\n";
    for (const Finding& f : r.refuted) {
      out += "  note: " + std::string(KindName(f.kind)) + " " + ItemKindName(f.item_kind) + " " + f.Subject() +
             ": " + RefutedNote(r, f) + "\n";
    }
  }
  if (options.layouts && !r.layouts.empty()) {
    for (const auto& [key, lp] : r.layouts) {
      if (not_listed && !listed_items.count(key)) continue;
      out += "\n";
      LayoutTable(lp, tl, al, out);
    }
  }
  if (options.max_unmatched) {
    size_t shown = 0, total = r.CountOutcome(Outcome::kUnmatched);
    if (total) out += "\nunmatched " + al + " items:\n";
    for (const CoverageEntry& e : r.coverage) {
      if (e.outcome != Outcome::kUnmatched) continue;
      if (shown == options.max_unmatched) {
        out += "  ... and " + std::to_string(total - shown) + " more (see the JSON report)\n";
        break;
      }
      ++shown;
      out += "  " + std::string(ItemKindName(e.item_kind)) + " " + e.item + ": " + e.reason + "\n";
    }
  }
  out += report_extras::TriageSectionsText(r);
  return out;
}

std::string ReportToJson(const DiffReport& r, int indent) {
  return Dump(report_extras::ReportJsonObject(r), indent);
}

nlohmann::ordered_json report_extras::ReportJsonObject(const DiffReport& r) {
  ojson j = ojson::object();
  j["format"] = "bindfuzz-diff";
  j["version"] = kDiffReportFormatVersion;
  j["truth"] = SideJ(r.truth_label, r.truth_side, r.truth_provenance, r.truth_notes);
  j["assumed"] = SideJ(r.assumed_label, r.assumed_side, r.assumed_provenance, r.assumed_notes);
  j["filters"] = FiltersJ(r.options);
  j["summary"] = SummaryJ(r);
  ojson fs = ojson::array();
  for (const Finding& f : r.findings) fs.push_back(FindingJ(r, f));
  j["findings"] = std::move(fs);
  if (r.confirmed_run) {
    ojson refuted = ojson::array();
    for (const Finding& f : r.refuted) refuted.push_back(FindingJ(r, f));
    j["refuted"] = std::move(refuted);
  }
  ojson cov = ojson::array();
  for (const CoverageEntry& e : r.coverage) cov.push_back(CoverageJ(e));
  j["coverage"] = std::move(cov);
  AddSectionsJson(r, j);
  report_extras::AddTriageSectionsJ(r, j);
  return j;
}

std::string ReportToSarif(const DiffReport& r, int indent) {
  return report_extras::SarifWithAttribution(r, ReadAttribution(report_extras::ReportJsonObject(r)), indent);
}

std::string report_extras::SarifWithAttribution(const DiffReport& r, const AttributionView& attribution,
                                                 int indent) {
  ojson rules = ojson::array();
  for (const MismatchKindInfo& info : AllMismatchKinds()) rules.push_back(report_extras::SarifRule(info));
  ojson driver = ojson::object();
  driver["name"] = "bindfuzz";
  report_extras::AddSarifDriverInfo(driver);
  driver["rules"] = std::move(rules);
  ojson tool = ojson::object();
  tool["driver"] = std::move(driver);

  ojson results = ojson::array();
  for (size_t index = 0; index < r.findings.size(); ++index) {
    const Finding& f = r.findings[index];
    ojson res = ojson::object();
    res["ruleId"] = std::string(KindName(f.kind));
    res["ruleIndex"] = static_cast<int>(f.kind);
    res["level"] = SarifLevel(f.severity);
    ojson msg = ojson::object();
    msg["text"] = f.message + ". " + f.consequence + ".";
    res["message"] = std::move(msg);

    ojson logical = ojson::object();
    logical["fullyQualifiedName"] = f.Subject();
    logical["kind"] = LogicalKind(f);
    ojson loc = ojson::object();
    // Primary location: the assumed (Rust) side; the truth side if only it is known.
    const bool assumed_known = f.assumed_loc.known();
    const SourceLoc& primary = assumed_known ? f.assumed_loc : f.truth_loc;
    if (primary.known()) loc["physicalLocation"] = PhysicalJ(primary);
    loc["logicalLocations"] = ojson::array({logical});
    res["locations"] = ojson::array({loc});
    if (assumed_known && f.truth_loc.known()) {
      ojson rel = ojson::object();
      rel["id"] = 1;
      ojson rm = ojson::object();
      rm["text"] = r.truth_label + ": " + f.truth_value;
      rel["message"] = std::move(rm);
      rel["physicalLocation"] = PhysicalJ(f.truth_loc);
      res["relatedLocations"] = ojson::array({rel});
    }
    report_extras::AddSarifResultExtras(r, f, index, attribution, 2, res);
    ojson props = ojson::object();
    props["truth"] = f.truth_value;
    props["assumed"] = f.assumed_value;
    if (!f.matched.empty()) props["matched"] = f.matched;
    if (f.confirmation) props["confirmation"] = FindingJ(r, f)["confirmation"];
    res["properties"] = std::move(props);
    results.push_back(std::move(res));
  }

  ojson run = ojson::object();
  run["tool"] = std::move(tool);
  run["results"] = std::move(results);
  ojson props = ojson::object();
  props["truth"] = r.truth_label;
  props["assumed"] = r.assumed_label;
  ojson cov = ojson::object();
  for (Outcome o : {Outcome::kClean, Outcome::kFindings, Outcome::kUnmatched}) cov[OutcomeName(o)] = r.CountOutcome(o);
  props["coverage"] = std::move(cov);
  props["suppressed"] = r.suppressed;
  report_extras::AddSarifRunExtras(r, props);
  if (r.confirmed_run) {
    ojson conf = ConfirmCountsJ(r);
    ojson refuted = ojson::array();
    for (const Finding& f : r.refuted) {
      ojson e = ojson::object();
      e["ruleId"] = std::string(KindName(f.kind));
      e["subject"] = f.Subject();
      e["note"] = RefutedNote(r, f);
      refuted.push_back(std::move(e));
    }
    conf["refuted_findings"] = std::move(refuted);
    props["confirmation"] = std::move(conf);
  }
  run["properties"] = std::move(props);

  ojson log = ojson::object();
  log["$schema"] = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = ojson::array({run});
  return Dump(log, indent);
}

absl::StatusOr<ReportFormat> ParseReportFormat(std::string_view name) {
  if (name == "text") return ReportFormat::kText;
  if (name == "json") return ReportFormat::kJson;
  if (name == "sarif") return ReportFormat::kSarif;
  if (name == "html") return ReportFormat::kHtml;
  return absl::InvalidArgumentError("unknown report format '" + std::string(name) +
                                    "' (expected text, json, sarif or html)");
}

std::string RenderReport(const DiffReport& report, ReportFormat format,
                         const TextOptions& text_options) {
  switch (format) {
    case ReportFormat::kText: return ReportToText(report, text_options);
    case ReportFormat::kJson: return ReportToJson(report);
    case ReportFormat::kSarif: return ReportToSarif(report);
    case ReportFormat::kHtml: return ReportToHtml(report);
  }
  return ReportToText(report, text_options);
}

}  // namespace bindfuzz::diff
