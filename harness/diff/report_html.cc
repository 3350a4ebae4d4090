#include "harness/diff/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/common/version.h"
#include "harness/diff/attribution_view.h"
#include "harness/diff/layout_model.h"
#include "harness/diff/report_extras.h"
#include "harness/diff/triage.h"

namespace bindfuzz::diff {
namespace {

using contract::Field;
using contract::Record;
using contract::SourceLoc;

std::string E(std::string_view s) { return HtmlEscape(s); }
std::string N(uint64_t n) { return std::to_string(n); }

std::string Fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string LocText(const SourceLoc& loc) { return loc.known() ? loc.ToString() : ""; }

// ------------------------------------------------------------- styling --

constexpr const char* kStyle = R"CSS(
:root { --err:#b3261e; --warn:#8a5a00; --note:#4a5a6a; --line:#d0d5dc; --bg:#f7f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d232b; background: #fff; }
header, section { padding: 12px 24px; }
header { background: #1d2b3a; color: #fff; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #c9d3de; }
h2 { font-size: 17px; margin: 8px 0; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
code, .mono, td.val { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 6px 0 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; background: var(--bg); min-width: 110px; }
.card b { display: block; font-size: 20px; }
.card.err b { color: var(--err); } .card.warn b { color: var(--warn); } .card.note b { color: var(--note); }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); position: sticky; top: 0; }
td.num { text-align: right; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 11px; letter-spacing: .03em; }
.sev.error { color: var(--err); } .sev.warning { color: var(--warn); } .sev.note { color: var(--note); }
.loc { color: #5b6673; font-size: 12px; display: block; }
.tag { display: inline-block; border-radius: 3px; padding: 0 5px; font-size: 11px; border: 1px solid var(--line); margin-right: 3px; }
.tag.new { background: #fde7e5; border-color: #f0b4ae; } .tag.unchanged { background: #eef1f4; }
.tag.waived { background: #e7f3e8; border-color: #a8d5ac; } .tag.stale { background: #fff0c9; border-color: #e9c86b; }
.tag.d-silent { background: #fde7e5; border-color: #f0b4ae; } .tag.d-compile-breaking { background: #fff0c9; border-color: #e9c86b; }
.tag.confirmed { background: #e7f3e8; border-color: #a8d5ac; } .tag.unconfirmable { background: #eef1f4; }
#filters { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
#filters label { font-size: 13px; }
#f-count { color: #5b6673; font-size: 13px; }
ol.roots { padding-left: 22px; }
li.root-cause { margin: 4px 0; }
li.root-cause.selected > button { background: #1d2b3a; color: #fff; }
button.root-filter { font: inherit; border: 1px solid var(--line); background: var(--bg); border-radius: 4px; cursor: pointer; padding: 1px 8px; }
.meta { color: #5b6673; font-size: 12.5px; margin-left: 6px; }
ul.chains { margin: 2px 0 6px; font-size: 12.5px; }
.chain-text { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
article.layout { border: 1px solid var(--line); border-radius: 6px; margin: 10px 0; padding: 4px 12px; }
article.layout summary { cursor: pointer; font-weight: 600; }
article.layout summary .meta { font-weight: 400; }
.legend { font-size: 12.5px; color: #3b4550; display: flex; gap: 14px; flex-wrap: wrap; align-items: center; }
.legend svg { vertical-align: middle; }
svg.ruler text { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 10.5px; }
svg.ruler .col-head { font: 600 12px system-ui, sans-serif; }
svg.ruler .tick { stroke: #c2c9d1; stroke-width: 1; }
svg.ruler .tick-label { fill: #5b6673; text-anchor: end; }
svg.ruler rect.fld { fill: #dbe8f7; stroke: #5b7fa6; }
svg.ruler rect.gen { fill: #eceff3; stroke: #9aa5b1; stroke-dasharray: 3 2; }
svg.ruler rect.hole, svg.ruler rect.pad { fill: url(#bf-hatch); stroke: #b0b8c1; }
svg.ruler rect.diff { fill: #fbd3cf; stroke: var(--err); stroke-width: 2; }
svg.ruler rect.other { stroke: var(--warn); stroke-width: 2; }
svg.ruler line.moved { stroke: var(--err); stroke-width: 1.2; stroke-dasharray: 4 2; }
svg.ruler text.mark { fill: var(--err); font-weight: 700; }
svg.ruler text.lbl { fill: #1d232b; }
svg.ruler text.lbl.muted { fill: #5b6673; }
.empty { color: #5b6673; font-style: italic; }
[hidden] { display: none !important; }
)CSS";

// The page's only script: filters over data- attributes. It holds no data.
constexpr const char* kScript = R"JS(
(function () {
  'use strict';
  function $(id) { return document.getElementById(id); }
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  var rows = all('tr.finding'), cards = all('article.layout'), roots = all('li.root-cause');
  var controls = ['f-kind', 'f-sev', 'f-drift', 'f-root', 'f-base', 'f-text'].map($).filter(Boolean);
  function val(id) { var e = $(id); return e ? e.value : ''; }
  function apply() {
    var kind = val('f-kind'), sev = val('f-sev'), root = val('f-root'), base = val('f-base'), drift = val('f-drift');
    var text = val('f-text').toLowerCase();
    var items = new Set(), shown = 0, cardsShown = 0;
    rows.forEach(function (r) {
      var d = r.dataset;
      var ok = (!kind || d.kind === kind) && (!sev || d.severity === sev) &&
               (!root || (' ' + d.root + ' ').indexOf(' ' + root + ' ') >= 0) &&
               (!base || d.baseline === base) && (!drift || d.drift === drift) &&
               (!text || d.item.toLowerCase().indexOf(text) >= 0);
      r.hidden = !ok;
      if (ok) { shown++; items.add(d.item); }
    });
    cards.forEach(function (c) { var ok = items.has(c.dataset.record); c.hidden = !ok; if (ok) cardsShown++; });
    roots.forEach(function (li) { li.classList.toggle('selected', root !== '' && li.dataset.root === root); });
    $('f-count').textContent = shown + ' of ' + rows.length + ' findings, ' + cardsShown + ' of ' +
                               cards.length + ' layouts shown';
  }
  controls.forEach(function (c) { c.addEventListener(c.tagName === 'INPUT' ? 'input' : 'change', apply); });
  all('button.root-filter').forEach(function (b) {
    b.addEventListener('click', function () {
      var s = $('f-root');
      s.value = s.value === b.dataset.root ? '' : b.dataset.root;
      apply();
    });
  });
  $('f-reset').addEventListener('click', function () { controls.forEach(function (c) { c.value = ''; }); apply(); });
  function openTarget() {
    var t = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var d = t && (t.tagName === 'DETAILS' ? t : t.querySelector('details'));
    if (d) d.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  apply();
})();
)JS";

// ---------------------------------------------------------- byte ruler --

constexpr size_t kMaxRulerEntries = 1500;  // per side; more are left out with a note
constexpr int kMaxLanes = 12;              // overlapping members side by side (unions)
constexpr double kAxisWidth = 70, kColumnWidth = 310, kGap = 52, kTop = 30, kBottom = 8;

uint64_t EndOf(const LayoutEntry& e) { return e.off + e.size < e.off ? UINT64_MAX : e.off + e.size; }

// Height of a stretch of `bits`: grows with the size on a log scale, so a
// 4 KiB array does not dwarf the pointers around it, and every box is tall
// enough for its label.
double SegmentHeight(uint64_t bits) {
  if (bits == 0) return 0;
  const double bytes = static_cast<double>(bits) / 8.0;
  return std::clamp(12.0 + 4.5 * std::log2(1.0 + bytes), 12.0, 60.0);
}

std::string OffsetLabel(uint64_t bits) {
  if (bits % 8 == 0) return N(bits / 8);
  return N(bits / 8) + ":" + N(bits % 8);
}

std::string SizeText(const LayoutEntry& e) {
  if (e.size % 8 != 0 || (e.field && e.field->is_bitfield)) return N(e.size) + (e.size == 1 ? " bit" : " bits");
  return N(e.size / 8) + (e.size == 8 ? " byte" : " bytes");
}

std::string EntryName(const LayoutEntry& e) {
  switch (e.kind) {
    case LayoutEntry::kHole: return "(hole)";
    case LayoutEntry::kPadding: return "(padding)";
    case LayoutEntry::kField: break;
  }
  return e.field->rust_name.empty() ? e.field->name : e.field->rust_name;
}

// Cuts `s` to at most `chars` code points, with an ellipsis.
std::string Truncate(const std::string& s, size_t chars) {
  size_t count = 0, i = 0;
  while (i < s.size()) {
    if (count == chars) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    ++count;
  }
  if (i >= s.size()) return s;
  if (chars == 0) return "";
  // Room for the ellipsis: drop the last code point kept.
  size_t j = i;
  do --j; while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xc0) == 0x80);
  return s.substr(0, j) + "\xe2\x80\xa6";
}

struct SideLayout {
  const Record* record = nullptr;
  std::vector<LayoutEntry> entries;
  std::vector<int> lane;  // per entry
  int lanes = 1;
  bool truncated = false;
};

SideLayout MakeSide(const Record& r) {
  SideLayout s;
  s.record = &r;
  s.entries = LayoutEntries(r);
  if (s.entries.size() > kMaxRulerEntries) {
    s.entries.resize(kMaxRulerEntries);
    s.truncated = true;
  }
  // Greedy lanes: an entry goes into the first lane that ends at or before
  // its start. Structs need one lane (bindgen's bitfield units need two).
  std::vector<uint64_t> lane_end;
  for (const LayoutEntry& e : s.entries) {
    int lane = -1;
    for (size_t l = 0; l < lane_end.size(); ++l) {
      if (lane_end[l] <= e.off) {
        lane = static_cast<int>(l);
        break;
      }
    }
    if (lane < 0) {
      if (static_cast<int>(lane_end.size()) < kMaxLanes) {
        lane_end.push_back(0);
        lane = static_cast<int>(lane_end.size()) - 1;
      } else {
        lane = kMaxLanes - 1;  // overlaps are drawn on top of each other
      }
    }
    lane_end[lane] = std::max(lane_end[lane], EndOf(e));
    s.lane.push_back(lane);
  }
  s.lanes = std::max<int>(1, static_cast<int>(lane_end.size()));
  return s;
}

// The shared vertical scale: every boundary of either side, and its y.
struct Scale {
  std::vector<uint64_t> bounds;
  std::vector<double> ys;
  double Y(uint64_t bits) const {
    auto it = std::lower_bound(bounds.begin(), bounds.end(), bits);
    if (it == bounds.end()) return ys.empty() ? kTop : ys.back();
    return ys[it - bounds.begin()];
  }
  double bottom() const { return ys.empty() ? kTop : ys.back(); }
};

Scale MakeScale(const SideLayout& t, const SideLayout& a) {
  std::set<uint64_t> b = {0};
  for (const SideLayout* s : {&t, &a}) {
    for (const LayoutEntry& e : s->entries) {
      b.insert(e.off);
      b.insert(EndOf(e));
    }
    const uint64_t size = s->record->size_bytes;
    b.insert(size > UINT64_MAX / 8 ? UINT64_MAX : size * 8);
  }
  Scale sc;
  sc.bounds.assign(b.begin(), b.end());
  double y = kTop;
  for (size_t i = 0; i < sc.bounds.size(); ++i) {
    if (i > 0) y += SegmentHeight(sc.bounds[i] - sc.bounds[i - 1]);
    sc.ys.push_back(y);
  }
  return sc;
}

struct FieldMark {
  bool differs = false;       // offset or size differs, or only one side has it
  std::string other;          // kinds of other findings on the member
};

void RulerColumn(const SideLayout& s, const Scale& sc, double x0, const std::map<std::string, FieldMark>& marks,
                 const char* side, std::string& out) {
  out += "<g class=\"side\" data-side=\"" + std::string(side) + "\">";
  const double lane_w = kColumnWidth / s.lanes;
  for (size_t i = 0; i < s.entries.size(); ++i) {
    const LayoutEntry& e = s.entries[i];
    const double y0 = sc.Y(e.off), y1 = std::max(sc.Y(EndOf(e)), y0 + 2);
    const double x = x0 + s.lane[i] * lane_w, w = std::max(4.0, lane_w - 2);
    std::string cls;
    const FieldMark* mark = nullptr;
    if (e.kind == LayoutEntry::kHole) {
      cls = "hole";
    } else if (e.kind == LayoutEntry::kPadding) {
      cls = "pad";
    } else if (e.field->artificial) {
      cls = "gen";
    } else {
      cls = "fld";
      auto it = marks.find(e.field->name);
      if (it != marks.end()) mark = &it->second;
      if (mark && mark->differs) cls += " diff";
      if (mark && !mark->differs && !mark->other.empty()) cls += " other";
    }
    const std::string name = EntryName(e);
    std::string type = e.field ? e.field->type.ToString() : "";
    std::string tip = name + (type.empty() ? "" : "  " + type) + "\noffset " + OffsetLabel(e.off) + ", " + SizeText(e);
    if (e.field && e.field->artificial) tip += "\n(generated by bindgen)";
    if (mark && mark->differs) tip += "\ndiffers from the other side";
    if (mark && !mark->other.empty()) tip += "\nfindings: " + mark->other;
    out += "<g class=\"entry\" data-name=\"" + E(e.field ? e.field->name : name) + "\"><title>" + E(tip) +
           "</title><rect class=\"" + cls + "\" x=\"" + Fixed1(x) + "\" y=\"" + Fixed1(y0) + "\" width=\"" +
           Fixed1(w) + "\" height=\"" + Fixed1(y1 - y0) + "\"/>";
    if (y1 - y0 >= 11) {
      std::string label = name;
      if (!type.empty()) label += ": " + type;
      label += " \xc2\xb7 " + SizeText(e);
      if (mark && mark->differs) label = "! " + label;
      const size_t chars = static_cast<size_t>(std::max(0.0, (w - 8) / 6.3));
      const double ty = y0 + std::min((y1 - y0) / 2 + 4, 13.0);
      out += "<text class=\"lbl" + std::string(e.kind == LayoutEntry::kField && !e.field->artificial ? "" : " muted") +
             "\" x=\"" + Fixed1(x + 4) + "\" y=\"" + Fixed1(ty) + "\">" + E(Truncate(label, chars)) + "</text>";
    }
    out += "</g>";
  }
  out += "</g>";
}

std::string RecordHead(const Record& r) {
  std::string s = N(r.size_bytes) + " bytes, align " + N(r.align_bytes);
  if (r.align_inferred) s += " (inferred)";
  if (r.packed) s += ", packed";
  return s;
}

void LayoutSvg(const DiffReport& rep, const std::string& key, const LayoutPair& lp, std::string& out) {
  SideLayout t = MakeSide(lp.truth), a = MakeSide(lp.assumed);
  Scale sc = MakeScale(t, a);

  // Named fields by C name on each side; which differ; other findings.
  std::map<std::string, const LayoutEntry*> tn, an;
  for (const LayoutEntry& e : t.entries) {
    if (IsNamedEntry(&e)) tn.emplace(e.field->name, &e);
  }
  for (const LayoutEntry& e : a.entries) {
    if (IsNamedEntry(&e)) an.emplace(e.field->name, &e);
  }
  std::map<std::string, FieldMark> marks;
  for (const auto& [name, e] : tn) {
    auto it = an.find(name);
    marks[name].differs = it == an.end() || it->second->off != e->off || it->second->size != e->size;
  }
  for (const auto& [name, e] : an) {
    if (!tn.count(name)) marks[name].differs = true;
  }
  for (const Finding& f : rep.findings) {
    if (f.item != key || f.member.empty()) continue;
    std::string& o = marks[f.member].other;
    const std::string k(KindName(f.kind));
    if (o.find(k) == std::string::npos) o += (o.empty() ? "" : ", ") + k;
  }

  const double xt = kAxisWidth, xa = kAxisWidth + kColumnWidth + kGap;
  const double width = xa + kColumnWidth + 4, height = sc.bottom() + kBottom;
  out += "<svg class=\"ruler\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Fixed1(width) + "\" height=\"" +
         Fixed1(height) + "\" viewBox=\"0 0 " + Fixed1(width) + " " + Fixed1(height) + "\" role=\"img\">";
  out += "<text class=\"col-head\" x=\"" + Fixed1(xt) + "\" y=\"16\">" + E(rep.truth_label) + " \xc2\xb7 " +
         E(RecordHead(lp.truth)) + "</text>";
  out += "<text class=\"col-head\" x=\"" + Fixed1(xa) + "\" y=\"16\">" + E(rep.assumed_label) + " \xc2\xb7 " +
         E(RecordHead(lp.assumed)) + "</text>";
  // Ticks: a line across both columns at every boundary; labels where
  // there is room.
  double last_label = -100;
  out += "<g class=\"axis\">";
  for (size_t i = 0; i < sc.bounds.size(); ++i) {
    const double y = sc.ys[i];
    out += "<line class=\"tick\" x1=\"" + Fixed1(kAxisWidth - 6) + "\" x2=\"" + Fixed1(width - 4) + "\" y1=\"" +
           Fixed1(y) + "\" y2=\"" + Fixed1(y) + "\"/>";
    if (y - last_label >= 10 || i + 1 == sc.bounds.size()) {
      out += "<text class=\"tick-label\" x=\"" + Fixed1(kAxisWidth - 9) + "\" y=\"" + Fixed1(y + 3.5) + "\">" +
             E(OffsetLabel(sc.bounds[i])) + "</text>";
      last_label = y;
    }
  }
  out += "</g>";
  RulerColumn(t, sc, xt, marks, "truth", out);
  RulerColumn(a, sc, xa, marks, "assumed", out);
  // Moved fields: joined from their truth box to their assumed box.
  for (const auto& [name, te] : tn) {
    auto it = an.find(name);
    if (it == an.end() || it->second->off == te->off) continue;
    const LayoutEntry* ae = it->second;
    const double y_t = (sc.Y(te->off) + sc.Y(EndOf(*te))) / 2, y_a = (sc.Y(ae->off) + sc.Y(EndOf(*ae))) / 2;
    out += "<line class=\"moved\" data-name=\"" + E(name) + "\" x1=\"" + Fixed1(xt + kColumnWidth) + "\" y1=\"" +
           Fixed1(y_t) + "\" x2=\"" + Fixed1(xa) + "\" y2=\"" + Fixed1(y_a) + "\"/>";
  }
  out += "</svg>";
  if (t.truncated || a.truncated) {
    out += "<p class=\"empty\">Only the first " + N(kMaxRulerEntries) + " members of each side are drawn.</p>";
  }
}

// ------------------------------------------------------------- sections --

std::string Subject(const Finding& f) { return f.Subject(); }

struct Page {
  const DiffReport& r;
  AttributionView attribution;
  std::map<std::string, size_t> layout_index;  // record key -> n in #layout-n
  bool baseline = false, waivers = false;
  // Drift mode: each finding's drift class from the JSON report ("silent",
  // "compile-breaking", "new"), by finding index; empty when absent.
  std::vector<std::string> drift;
  std::vector<std::pair<std::string, size_t>> drift_counts;  // silent, compile-breaking, new first
  std::string out;

  Page(const DiffReport& report, const nlohmann::ordered_json& report_json) : r(report) {
    attribution = ReadAttribution(report_json);
    size_t n = 0;
    for (const auto& [key, lp] : r.layouts) layout_index.emplace(key, n++);
    baseline = !r.triage.baseline_file.empty();
    waivers = !r.triage.waiver_file.empty();
    ReadDrift(report_json);
  }

  void ReadDrift(const nlohmann::ordered_json& j) {
    if (!j.is_object()) return;
    auto fs = j.find("findings");
    if (fs == j.end() || !fs->is_array() || fs->size() != r.findings.size()) return;
    std::map<std::string, size_t> counts;
    drift.resize(r.findings.size());
    for (size_t i = 0; i < fs->size(); ++i) {
      const auto& f = (*fs)[i];
      if (!f.is_object()) continue;
      auto d = f.find("drift");
      if (d == f.end() || !d->is_string() || d->get<std::string>().empty()) continue;
      drift[i] = d->get<std::string>();
      ++counts[drift[i]];
    }
    for (const char* c : {"silent", "compile-breaking", "new"}) {
      auto it = counts.find(c);
      if (it != counts.end()) drift_counts.emplace_back(it->first, it->second), counts.erase(it);
    }
    for (const auto& [c, n] : counts) drift_counts.emplace_back(c, n);
    if (drift_counts.empty()) drift.clear();
  }

  static std::string DriftTagClass(const std::string& c) {
    return c == "silent" || c == "compile-breaking" || c == "new" ? "tag d-" + c : "tag";
  }

  // The filter token of a root cause: no blanks, so a finding's roots can
  // be one blank-separated attribute.
  static std::string RootToken(const RootCauseView& rc) {
    static const char* kHex = "0123456789ABCDEF";
    std::string t = "r:";
    for (unsigned char c : rc.id) {
      const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' ||
                        c == '_' || c == '.' || c == '-';
      if (keep) {
        t += static_cast<char>(c);
      } else {
        t += '%';
        t += kHex[c >> 4];
        t += kHex[c & 15];
      }
    }
    return t;
  }

  // The roots of a finding as filter tokens; "-" when it has none.
  std::string RootAttr(size_t finding) const {
    if (!attribution.present()) return "";
    const FindingAttributionView* fa = attribution.ForFinding(finding);
    if (!fa || fa->roots.empty()) return "-";
    std::string s;
    for (size_t root : fa->roots) s += (s.empty() ? "" : " ") + RootToken(attribution.roots[root]);
    return s;
  }

  void Head() {
    const size_t total = r.findings.size();
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    // Nothing may be loaded from anywhere: the page is one file.
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"bindfuzz " + std::string(kBindfuzzVersion) + "\">\n";
    out += "<title>bindfuzz: " + E(r.assumed_label) + " vs " + E(r.truth_label) + " \xe2\x80\x94 " + N(total) +
           " findings</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
    // Shared SVG definitions (the hatching of holes and padding).
    out += "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>"
           "<pattern id=\"bf-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
           "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4f5f7\"/>"
           "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b0b8c1\" stroke-width=\"2\"/></pattern></defs></svg>\n";
    auto side = [](const std::string& label, const contract::Provenance& p) {
      std::string s = "<b>" + E(label) + "</b>";
      if (!p.tool.empty()) s += " (" + E(p.tool) + ")";
      if (!p.inputs.empty()) {
        s += ": <span class=\"mono\">";
        for (size_t i = 0; i < p.inputs.size() && i < 4; ++i) s += (i ? ", " : "") + E(p.inputs[i]);
        if (p.inputs.size() > 4) s += ", \xe2\x80\xa6";
        s += "</span>";
      }
      return s;
    };
    out += "<header><h1>bindfuzz report</h1><p>" + side(r.assumed_label, r.assumed_provenance) +
           " checked against " + side(r.truth_label, r.truth_provenance) + "</p></header>\n";
  }

  void Summary() {
    out += "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">";
    auto card = [&](const char* cls, size_t n, const std::string& what) {
      out += "<div class=\"card " + std::string(cls) + "\"><b>" + N(n) + "</b>" + E(what) + "</div>";
    };
    card("", r.findings.size(), "findings");
    card("err", r.CountSeverity(Severity::kError), "errors");
    card("warn", r.CountSeverity(Severity::kWarning), "warnings");
    card("note", r.CountSeverity(Severity::kNote), "notes");
    card("", r.coverage.size(), r.assumed_label + " items");
    card("", r.CountOutcome(Outcome::kUnmatched), "unmatched");
    if (attribution.present()) card("", attribution.roots.size(), "root causes");
    for (const auto& [c, n] : drift_counts) card(c == "silent" ? "err" : "", n, c + " (drift)");
    if (r.confirmed_run) {
      size_t confirmed = 0;
      for (const Finding& f : r.findings) confirmed += f.confirmation && f.confirmation->status == ConfirmStatus::kConfirmed;
      card("", confirmed, "confirmed by compilers");
      card("", r.refuted.size(), "refuted (dropped)");
    }
    if (baseline) {
      size_t fresh = 0, fresh_errors = 0;
      for (const Finding& f : r.findings) {
        fresh += f.baseline == BaselineState::kNew;
        fresh_errors += f.baseline == BaselineState::kNew && f.severity == Severity::kError;
      }
      card(fresh_errors ? "err" : "", fresh, "new (" + N(fresh_errors) + " errors)");
      card("", r.triage.fixed.size(), "fixed");
    }
    if (waivers) {
      size_t waived = 0, stale = 0;
      for (const Finding& f : r.findings) waived += f.waiver >= 0;
      for (const Waiver& w : r.triage.waivers) stale += w.Stale();
      card("", waived, "waived");
      card(stale ? "warn" : "", stale, "stale waivers");
    }
    out += "</div>";
    out += "<p>Coverage: " + N(r.CountOutcome(Outcome::kClean)) + " matched-clean, " +
           N(r.CountOutcome(Outcome::kFindings)) + " matched-with-findings, " +
           N(r.CountOutcome(Outcome::kUnmatched)) + " unmatched";
    if (r.suppressed) out += "; " + N(r.suppressed) + " findings suppressed by filters";
    out += ".</p>";
    if (baseline) out += "<p>Baseline: <span class=\"mono\">" + E(r.triage.baseline_file) + "</span></p>";
    if (waivers) out += "<p>Waivers: <span class=\"mono\">" + E(r.triage.waiver_file) + "</span></p>";
    if (!r.findings.empty()) {
      out += "<table class=\"by-kind\"><thead><tr><th>kind</th><th>severity</th><th>category</th>"
             "<th>findings</th><th>what differs</th></tr></thead><tbody>";
      for (const MismatchKindInfo& info : AllMismatchKinds()) {
        const size_t n = r.counts[static_cast<size_t>(info.kind)];
        if (!n) continue;
        const std::string sev(SeverityName(info.severity));
        out += "<tr><td class=\"mono\">" + E(info.name) + "</td><td class=\"sev " + sev + "\">" + sev +
               "</td><td>" + E(CategoryName(info.category)) + "</td><td class=\"num\">" + N(n) + "</td><td>" +
               E(info.help) + "</td></tr>";
      }
      out += "</tbody></table>";
    }
    out += "</section>\n";
  }

  void RootCause(size_t i, const std::vector<std::vector<std::pair<std::string, std::string>>>& chains) {
    const RootCauseView& rc = attribution.roots[i];
    const std::string token = RootToken(rc);
    out += "<li class=\"root-cause\" data-root=\"" + E(token) + "\"><button type=\"button\" class=\"root-filter\" "
           "data-root=\"" + E(token) + "\">" + E(rc.Title()) + "</button><span class=\"meta\">";
    std::string meta = rc.item_kind;
    auto add = [&meta](const std::string& part) { meta += (meta.empty() ? "" : " \xc2\xb7 ") + part; };
    if (!rc.records.empty()) add("explains " + N(rc.records.size()) + (rc.records.size() == 1 ? " record" : " records"));
    if (!rc.functions.empty()) {
      add("reached by " + N(rc.functions.size()) + (rc.functions.size() == 1 ? " function" : " functions"));
    }
    add(N(rc.own + rc.inherited) + " findings here (" + N(rc.own) + " its own)");
    if (rc.loc.known()) add(LocText(rc.loc));
    out += E(meta) + "</span>";
    // The chain to each record it explains, then to each function that
    // reaches it (a root like spinlock_t is reached by most functions).
    const auto& cs = chains[i];
    constexpr size_t kMaxRecordChains = 300, kMaxFunctionChains = 50;
    if (!cs.empty()) {
      out += "<details class=\"record-chains\"><summary>" + N(cs.size()) +
             (cs.size() == 1 ? " record" : " records") + "</summary><ul class=\"chains\">";
      for (size_t k = 0; k < cs.size() && k < kMaxRecordChains; ++k) {
        const auto& [item, text] = cs[k];
        out += "<li class=\"chain\" data-item=\"" + E(item) + "\">";
        auto li = layout_index.find(item);
        if (li != layout_index.end()) {
          out += "<a href=\"#layout-" + N(li->second) + "\">" + E(item) + "</a>";
        } else {
          out += E(item);
        }
        out += ": <span class=\"chain-text\">" + E(text) + "</span></li>";
      }
      if (cs.size() > kMaxRecordChains) {
        out += "<li>\xe2\x80\xa6 and " + N(cs.size() - kMaxRecordChains) + " more records</li>";
      }
      out += "</ul></details>";
    }
    const auto& fs = rc.function_chains;
    if (!fs.empty()) {
      out += "<details class=\"function-chains\"><summary>" + N(fs.size()) +
             (fs.size() == 1 ? " function" : " functions") + "</summary><ul class=\"chains\">";
      for (size_t k = 0; k < fs.size() && k < kMaxFunctionChains; ++k) {
        out += "<li class=\"chain function\" data-item=\"" + E(fs[k].first) + "\">" + E(fs[k].first) +
               "(): <span class=\"chain-text\">" + E(fs[k].second.Text()) + "</span></li>";
      }
      if (fs.size() > kMaxFunctionChains) {
        out += "<li>\xe2\x80\xa6 and " + N(fs.size() - kMaxFunctionChains) + " more functions (JSON report: "
               "impacted_functions)</li>";
      }
      out += "</ul></details>";
    }
    out += "</li>";
  }

  void RootCauses() {
    if (!attribution.present()) return;
    // The chain reaching each item a root cause explains (its shortest one,
    // the first the report gives), in report order.
    std::vector<std::vector<std::pair<std::string, std::string>>> chains(attribution.roots.size());
    std::vector<std::set<std::string>> seen(attribution.roots.size());
    for (const auto& [index, fa] : attribution.by_finding) {
      if (index >= r.findings.size()) continue;
      for (const ChainView& c : fa.chains) {
        if (seen[c.root].insert(r.findings[index].item).second) {
          chains[c.root].emplace_back(r.findings[index].item, c.Text());
        }
      }
    }
    std::vector<size_t> leading, rest;
    for (size_t i = 0; i < attribution.roots.size(); ++i) {
      (attribution.roots[i].ExplainsOthers() ? leading : rest).push_back(i);
    }
    size_t inherited = 0;
    for (const auto& [index, fa] : attribution.by_finding) inherited += !fa.own && !fa.chains.empty();
    out += "<section id=\"root-causes\"><h2>Root causes (" + N(attribution.roots.size()) + ")</h2><p>" +
           N(attribution.roots.size()) + " items changed on their own; " + N(inherited) + " of " +
           N(r.findings.size()) + " findings follow from a changed member type. Each root change below says "
           "what it explains, with the chain of members that reaches each affected item. Click one to show only "
           "its findings.</p>";
    if (!leading.empty()) {
      out += "<ol class=\"roots\">";
      for (size_t i : leading) RootCause(i, chains);
      out += "</ol>";
    }
    if (!rest.empty()) {
      out += "<details class=\"other-roots\"" + std::string(leading.empty() ? " open" : "") + "><summary>" +
             N(rest.size()) + (leading.empty() ? "" : " other") +
             " items that changed on their own and explain nothing else</summary><ol class=\"roots\">";
      for (size_t i : rest) RootCause(i, chains);
      out += "</ol></details>";
    }
    out += "</section>\n";
  }

  void Filters() {
    out += "<section id=\"filters\"><label>kind <select id=\"f-kind\"><option value=\"\">all</option>";
    for (const MismatchKindInfo& info : AllMismatchKinds()) {
      const size_t n = r.counts[static_cast<size_t>(info.kind)];
      if (n) out += "<option value=\"" + E(info.name) + "\">" + E(info.name) + " (" + N(n) + ")</option>";
    }
    out += "</select></label><label>severity <select id=\"f-sev\"><option value=\"\">all</option>";
    for (Severity s : {Severity::kError, Severity::kWarning, Severity::kNote}) {
      const size_t n = r.CountSeverity(s);
      if (n) {
        const std::string name(SeverityName(s));
        out += "<option value=\"" + name + "\">" + name + " (" + N(n) + ")</option>";
      }
    }
    out += "</select></label>";
    if (!drift_counts.empty()) {
      out += "<label>drift <select id=\"f-drift\"><option value=\"\">all</option>";
      for (const auto& [c, n] : drift_counts) {
        out += "<option value=\"" + E(c) + "\">" + E(c) + " (" + N(n) + ")</option>";
      }
      out += "</select></label>";
    }
    if (attribution.present()) {
      size_t none = 0;
      for (size_t i = 0; i < r.findings.size(); ++i) none += RootAttr(i) == "-";
      out += "<label>root cause <select id=\"f-root\"><option value=\"\">all</option>";
      for (const RootCauseView& rc : attribution.roots) {
        out += "<option value=\"" + E(RootToken(rc)) + "\">" + E(rc.Title()) + " (" + N(rc.own + rc.inherited) +
               ")</option>";
      }
      out += "<option value=\"-\">not attributed (" + N(none) + ")</option></select></label>";
    }
    if (baseline) {
      // Opens on what is new since the baseline ("reset" shows everything).
      out += "<label>baseline <select id=\"f-base\"><option value=\"\">all</option><option value=\"new\" "
             "selected>new</option><option value=\"unchanged\">unchanged</option></select></label>";
    }
    out += "<label>item <input id=\"f-text\" type=\"search\" placeholder=\"name contains\" size=\"18\"></label>"
           "<button type=\"button\" id=\"f-reset\">reset</button><span id=\"f-count\"></span></section>\n";
  }

  void Findings() {
    out += "<section id=\"findings\"><h2>Findings</h2>";
    if (r.findings.empty()) {
      out += "<p class=\"empty\">No findings.</p></section>\n";
      return;
    }
    out += "<table id=\"findings-table\"><thead><tr><th>severity</th><th>kind</th><th>item</th><th>" +
           E(r.assumed_label) + "</th><th>" + E(r.truth_label) + "</th><th>what it means</th>";
    if (attribution.present()) out += "<th>root cause</th>";
    if (baseline || waivers) out += "<th>triage</th>";
    out += "</tr></thead><tbody>\n";
    for (size_t i = 0; i < r.findings.size(); ++i) {
      const Finding& f = r.findings[i];
      const std::string sev(SeverityName(f.severity)), kind(KindName(f.kind));
      out += "<tr class=\"finding\" data-kind=\"" + E(kind) + "\" data-severity=\"" + sev + "\" data-item=\"" +
             E(f.item) + "\" data-root=\"" + E(RootAttr(i)) + "\" data-baseline=\"" +
             BaselineStateName(f.baseline) + "\" data-drift=\"" + (drift.empty() ? "" : E(drift[i])) + "\">";
      out += "<td class=\"sev " + sev + "\">" + sev + "</td><td class=\"mono\">" + E(kind);
      if (!drift.empty() && !drift[i].empty()) {
        out += "<br><span class=\"" + DriftTagClass(drift[i]) + "\">" + E(drift[i]) + "</span>";
      }
      out += "</td><td>" + E(ItemKindName(f.item_kind)) + " ";
      auto li = layout_index.find(f.item);
      if (li != layout_index.end()) {
        out += "<a class=\"mono\" href=\"#layout-" + N(li->second) + "\">" + E(Subject(f)) + "</a>";
      } else {
        out += "<span class=\"mono\">" + E(Subject(f)) + "</span>";
      }
      if (!f.matched.empty()) out += " <span class=\"loc\">" + E(r.truth_label) + ": " + E(f.matched) + "</span>";
      out += "</td><td class=\"val\">" + E(f.assumed_value) + "<span class=\"loc\">" + E(LocText(f.assumed_loc)) +
             "</span></td><td class=\"val\">" + E(f.truth_value) + "<span class=\"loc\">" +
             E(LocText(f.truth_loc)) + "</span></td><td>" + E(f.message) + "<br>\xe2\x87\x92 " + E(f.consequence);
      if (f.confirmation) out += "<br>" + ConfirmationText(*f.confirmation);
      out += "</td>";
      if (attribution.present()) {
        out += "<td>";
        if (const FindingAttributionView* fa = attribution.ForFinding(i)) {
          if (fa->own) {
            out += "<span class=\"tag\">root cause</span>";
          } else {
            for (size_t k = 0; k < fa->chains.size() && k < 3; ++k) {
              const ChainView& c = fa->chains[k];
              out += (k ? "<br>" : "") + E(attribution.roots[c.root].Title()) + "<span class=\"loc chain-text\">" +
                     E(c.Text()) + "</span>";
            }
            if (fa->chains.size() > 3) out += "<span class=\"loc\">and " + N(fa->chains.size() - 3) + " more</span>";
          }
        }
        out += "</td>";
      }
      if (baseline || waivers) {
        out += "<td>";
        if (f.baseline != BaselineState::kNotCompared) {
          const std::string b = BaselineStateName(f.baseline);
          out += "<span class=\"tag " + b + "\">" + b + "</span>";
        }
        if (f.waiver >= 0 && static_cast<size_t>(f.waiver) < r.triage.waivers.size()) {
          const Waiver& w = r.triage.waivers[f.waiver];
          out += "<span class=\"tag waived\" title=\"" + E(w.reason) + "\">waived until " + E(w.expires) + "</span>";
        }
        out += "</td>";
      }
      out += "</tr>\n";
    }
    out += "</tbody></table></section>\n";
  }

  void Layouts() {
    out += "<section id=\"layouts\"><h2>Layouts (" + N(r.layouts.size()) + " records with layout findings)</h2>";
    if (r.layouts.empty()) {
      out += "<p class=\"empty\">No layout findings.</p></section>\n";
      return;
    }
    out += "<div class=\"legend\"><span>" + E(r.truth_label) + " on the left, " + E(r.assumed_label) +
           " on the right; ticks give byte offsets (byte:bit inside a byte); box height grows with size "
           "(log scale).</span>"
           "<span><svg width=\"14\" height=\"12\"><rect x=\"1\" y=\"1\" width=\"12\" height=\"10\" "
           "fill=\"#dbe8f7\" stroke=\"#5b7fa6\"/></svg> field</span>"
           "<span><svg width=\"14\" height=\"12\"><rect x=\"1\" y=\"1\" width=\"12\" height=\"10\" "
           "fill=\"#fbd3cf\" stroke=\"#b3261e\" stroke-width=\"2\"/></svg> offset or size differs, or one side "
           "lacks it</span>"
           "<span><svg width=\"14\" height=\"12\"><rect x=\"1\" y=\"1\" width=\"12\" height=\"10\" "
           "fill=\"url(#bf-hatch)\" stroke=\"#b0b8c1\"/></svg> hole / padding</span>"
           "<span><svg width=\"14\" height=\"12\"><rect x=\"1\" y=\"1\" width=\"12\" height=\"10\" "
           "fill=\"#eceff3\" stroke=\"#9aa5b1\" stroke-dasharray=\"3 2\"/></svg> generated by bindgen</span>"
           "<span><svg width=\"22\" height=\"12\"><line x1=\"1\" y1=\"6\" x2=\"21\" y2=\"6\" stroke=\"#b3261e\" "
           "stroke-dasharray=\"4 2\"/></svg> moved</span></div>";
    const bool open = r.layouts.size() <= 12;
    for (const auto& [key, lp] : r.layouts) {
      size_t errors = 0, n = 0;
      for (const Finding& f : r.findings) {
        if (f.item != key) continue;
        ++n;
        errors += f.severity == Severity::kError;
      }
      const char* kw = lp.truth.kind == contract::RecordKind::kUnion ? "union" : "struct";
      out += "<article class=\"layout\" id=\"layout-" + N(layout_index.at(key)) + "\" data-record=\"" + E(key) +
             "\"><details" + std::string(open ? " open" : "") + "><summary>" + kw + " <span class=\"mono\">" +
             E(key) + "</span><span class=\"meta\">" + E(r.truth_label) + " " + N(lp.truth.size_bytes) + " bytes, " +
             E(r.assumed_label) + " " + N(lp.assumed.size_bytes) + " bytes \xc2\xb7 " + N(n) + " findings (" +
             N(errors) + " errors)</span></summary>";
      LayoutSvg(r, key, lp, out);
      out += "</details></article>\n";
    }
    out += "</section>\n";
  }

  // "confirmed: gcc 12.2.0 says 216, rustc 1.95.0 says 184", or the reason.
  static std::string ConfirmationText(const Confirmation& c) {
    const std::string status = ConfirmStatusName(c.status);
    std::string out = "<span class=\"tag " + status + "\">" + status + "</span> <span class=\"loc\">";
    if (c.status == ConfirmStatus::kConfirmed) {
      out += E(c.c_compiler) + " says " + E(c.c_value) + ", " + E(c.rust_compiler) + " says " + E(c.rust_value);
    } else {
      out += E(c.reason);
    }
    return out + "</span>";
  }

  void Refuted() {
    if (!r.confirmed_run) return;
    out += "<section id=\"refuted\"><h2>Refuted by compilers (" + N(r.refuted.size()) + ", dropped)</h2>";
    if (r.refuted.empty()) {
      out += "<p class=\"empty\">None: every finding the compilers could check holds.</p></section>\n";
      return;
    }
    out += "<ul>";
    for (const Finding& f : r.refuted) {
      out += "<li class=\"refuted\"><span class=\"mono\">" + E(KindName(f.kind)) + "</span> " +
             E(ItemKindName(f.item_kind)) + " <span class=\"mono\">" + E(Subject(f)) + "</span>";
      if (f.confirmation) {
        const Confirmation& c = *f.confirmation;
        out += " <span class=\"loc\">" + E(c.c_compiler) + " says " + E(c.c_value.empty() ? "?" : c.c_value) + ", " +
               E(c.rust_compiler) + " says " + E(c.rust_value.empty() ? "?" : c.rust_value);
        if (!c.reason.empty()) out += " (" + E(c.reason) + ")";
        out += "</span>";
      }
      out += "</li>";
    }
    out += "</ul></section>\n";
  }

  void Triage() {
    if (baseline) {
      out += "<section id=\"fixed\"><h2>Fixed since the baseline (" + N(r.triage.fixed.size()) + ")</h2>";
      if (r.triage.fixed.empty()) {
        out += "<p class=\"empty\">None.</p>";
      } else {
        out += "<ul>";
        for (const BaselineFinding& b : r.triage.fixed) {
          std::string subject = b.item;
          if (!b.member.empty()) subject += (b.item_kind == "function" ? "(" + b.member + ")" : "." + b.member);
          out += "<li class=\"fixed\"><span class=\"sev " + E(b.severity) + "\">" + E(b.severity) +
                 "</span> <span class=\"mono\">" + E(b.kind) + "</span> " + E(b.item_kind) +
                 " <span class=\"mono\">" + E(subject) + "</span></li>";
        }
        out += "</ul>";
      }
      if (r.triage.baseline_filtered) {
        out += "<p>" + N(r.triage.baseline_filtered) + " baseline findings are of kinds or severities this run "
               "does not report.</p>";
      }
      out += "</section>\n";
    }
    if (waivers) {
      out += "<section id=\"waivers\"><h2>Waivers (" + N(r.triage.waivers.size()) + ")</h2>";
      out += "<table><thead><tr><th>where</th><th>names</th><th>until</th><th>state</th><th>findings</th>"
             "<th>reason</th></tr></thead><tbody>";
      for (const Waiver& w : r.triage.waivers) {
        const std::string state = w.expired ? "expired" : w.matched ? "active" : "unmatched";
        out += "<tr class=\"waiver\" data-state=\"" + state + "\"><td class=\"mono\">" +
               E(w.loc.file + ":" + N(w.loc.line)) + "</td><td class=\"mono\">" + E(WaiverSelector(w)) +
               "</td><td>" + E(w.expires) + "</td><td>" +
               (w.Stale() ? "<span class=\"tag stale\">stale: " + state + "</span>" : state) + "</td><td class=\"num\">" +
               N(w.matched) + "</td><td>" + E(w.reason) + "</td></tr>";
      }
      out += "</tbody></table></section>\n";
    }
  }

  std::string Render() {
    Head();
    Summary();
    RootCauses();
    Filters();
    Findings();
    Layouts();
    Refuted();
    Triage();
    out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
    return std::move(out);
  }
};

}  // namespace

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  static const char kReplacement[] = "\xef\xbf\xbd";
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\t':
        case '\n': out += static_cast<char>(c); break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out += kReplacement;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence: copied when well-formed (no overlongs, surrogates or
    // code points past U+10FFFF), else one replacement character per byte.
    size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    if (ok && len >= 3) {
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if (c == 0xe0 && c1 < 0xa0) ok = false;   // overlong
      if (c == 0xed && c1 >= 0xa0) ok = false;  // surrogate
      if (c == 0xf0 && c1 < 0x90) ok = false;   // overlong
      if (c == 0xf4 && c1 >= 0x90) ok = false;  // past U+10FFFF
    }
    if (!ok) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string ReportToHtml(const DiffReport& report) {
  return Page(report, report_extras::ReportJsonObject(report)).Render();
}

std::string ReportToHtml(const DiffReport& report, const nlohmann::ordered_json& report_json) {
  return Page(report, report_json).Render();
}

}  // namespace bindfuzz::diff
