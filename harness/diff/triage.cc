#include "harness/diff/triage.h"

#include <map>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/contract/json_internal.h"
#include "harness/diff/finding_key.h"
#include "harness/diff/report.h"

namespace bindfuzz::diff {
namespace {

using json = nlohmann::json;

class BaselineReader : public contract::json_internal::JsonReader {
 public:
  BaselineReader(std::string_view text, std::string_view file) : JsonReader(text, file), file_(file) {}

  absl::StatusOr<Baseline> Read() {
    json root;
    if (absl::Status s = Parse(root); !s.ok()) return s;
    Baseline b;
    b.file = std::string(file_);
    if (!ReadRoot(root, b)) return status();
    return b;
  }

 private:
  bool ReadRoot(const json& root, Baseline& b) {
    if (!root.is_object()) return Fail("expected a bindfuzz JSON report (an object)");
    std::string format;
    if (!GetString(root, "format", format, true)) return false;
    if (format != "bindfuzz-diff") {
      PathPush p(this, "format");
      return Fail(absl::StrCat("format is \"", format, "\", not a bindfuzz report (\"bindfuzz-diff\")"));
    }
    uint64_t version = 0;
    if (!GetUnsigned(root, "version", version, true)) return false;
    if (version < 1 || version > static_cast<uint64_t>(kDiffReportFormatVersion)) {
      PathPush p(this, "version");
      return Fail(absl::StrCat("report version ", version, " is not supported (this bindfuzz reads 1..",
                               kDiffReportFormatVersion, ")"));
    }
    for (const char* side : {"truth", "assumed"}) {
      auto it = root.find(side);
      if (it == root.end()) return Fail(absl::StrCat("missing key \"", side, "\""));
      PathPush p(this, side);
      if (!it->is_object()) return Fail("expected an object");
      if (!GetString(*it, "side", std::string(side) == "truth" ? b.truth_side : b.assumed_side, true)) {
        return false;
      }
    }
    auto it = root.find("findings");
    if (it == root.end()) return Fail("missing key \"findings\"");
    PathPush p(this, "findings");
    if (!it->is_array()) return Fail("expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      PathPush q(this, std::to_string(i));
      const json& f = (*it)[i];
      if (!f.is_object()) return Fail("expected an object");
      BaselineFinding bf;
      if (!GetString(f, "kind", bf.kind, true) || !GetString(f, "item_kind", bf.item_kind, true) ||
          !GetString(f, "item", bf.item, true) || !GetString(f, "member", bf.member, false) ||
          !GetString(f, "severity", bf.severity, true) || !GetString(f, "message", bf.message, false)) {
        return false;
      }
      if (!ParseSeverity(bf.severity)) {
        PathPush s(this, "severity");
        return Fail(absl::StrCat("unknown severity \"", bf.severity, "\""));
      }
      bf.key = FindingKey({.kind = bf.kind,
                           .item_kind = bf.item_kind,
                           .item = bf.item,
                           .member = bf.member,
                           .truth_side = b.truth_side,
                           .assumed_side = b.assumed_side});
      b.findings.push_back(std::move(bf));
    }
    return true;
  }

  std::string_view file_;
};

// Would this run report the baseline finding at all (DiffOptions filters)?
bool Reportable(const BaselineFinding& bf, const DiffOptions& o) {
  std::optional<MismatchKind> kind = ParseMismatchKind(bf.kind);
  std::optional<Severity> severity = ParseSeverity(bf.severity);
  if (kind && !o.kinds.test(static_cast<size_t>(*kind))) return false;
  if (severity && *severity < o.min_severity) return false;
  return true;
}

bool Names(const Waiver& w, const std::string& key, const Finding& f) {
  if (!w.key.empty()) return w.key == key;
  return w.kind == KindName(f.kind) && w.item == f.item && (w.any_member || w.member == f.member);
}

}  // namespace

const char* BaselineStateName(BaselineState state) {
  switch (state) {
    case BaselineState::kNotCompared: return "";
    case BaselineState::kNew: return "new";
    case BaselineState::kUnchanged: return "unchanged";
  }
  return "";
}

absl::StatusOr<Baseline> ReadBaseline(std::string_view text, std::string_view file) {
  return BaselineReader(text, file).Read();
}

absl::Status ApplyBaseline(const Baseline& b, DiffReport& r) {
  const std::string truth = contract::SideName(r.truth_side), assumed = contract::SideName(r.assumed_side);
  if (b.truth_side != truth || b.assumed_side != assumed) {
    return absl::InvalidArgumentError(absl::StrCat(b.file, ": the baseline compares ", b.truth_side, " vs ",
                                                   b.assumed_side, ", this run ", truth, " vs ", assumed,
                                                   ": no finding could match"));
  }
  // Unmatched baseline findings per key, in baseline order.
  std::map<std::string, std::vector<size_t>> remaining;
  for (size_t i = 0; i < b.findings.size(); ++i) remaining[b.findings[i].key].push_back(i);
  std::map<std::string, size_t> taken;
  std::vector<bool> matched(b.findings.size(), false);
  for (Finding& f : r.findings) {
    const std::string key = FindingKey(r, f);
    auto it = remaining.find(key);
    size_t& n = taken[key];
    if (it != remaining.end() && n < it->second.size()) {
      matched[it->second[n++]] = true;
      f.baseline = BaselineState::kUnchanged;
    } else {
      f.baseline = BaselineState::kNew;
    }
  }
  r.triage.baseline_file = b.file;
  r.triage.fixed.clear();
  r.triage.baseline_filtered = 0;
  for (size_t i = 0; i < b.findings.size(); ++i) {
    if (matched[i]) continue;
    if (!Reportable(b.findings[i], r.options)) {
      ++r.triage.baseline_filtered;
    } else {
      r.triage.fixed.push_back(b.findings[i]);
    }
  }
  return absl::OkStatus();
}

void ApplyWaivers(std::vector<Waiver> waivers, std::string_view file, std::string_view today, DiffReport& r) {
  for (Waiver& w : waivers) {
    w.matched = 0;
    w.expired = std::string_view(w.expires) < today;
  }
  for (Finding& f : r.findings) {
    f.waiver = -1;
    const std::string key = FindingKey(r, f);
    for (size_t i = 0; i < waivers.size(); ++i) {
      if (!Names(waivers[i], key, f)) continue;
      ++waivers[i].matched;
      if (f.waiver < 0 && !waivers[i].expired) f.waiver = static_cast<int>(i);
    }
  }
  r.triage.waiver_file = std::string(file);
  r.triage.waivers = std::move(waivers);
}

std::string WaiverSelector(const Waiver& w) {
  if (!w.key.empty()) return "key " + w.key;
  std::string s = w.kind + " " + w.item;
  if (w.any_member) return s + " *";
  if (!w.member.empty()) s += " " + w.member;
  return s;
}

std::vector<std::string> StaleWaiverMessages(const DiffReport& r, bool strict) {
  std::vector<std::string> out;
  for (const Waiver& w : r.triage.waivers) {
    if (!w.Stale()) continue;
    std::string what = w.expired ? absl::StrCat("expired on ", w.expires,
                                                w.matched ? absl::StrCat(" (still names ", w.matched,
                                                                         " finding(s), now counted)")
                                                          : std::string(" and matches no finding"))
                                 : std::string("matches no finding (stale: remove it)");
    out.push_back(absl::StrCat(w.loc.file, ":", w.loc.line, ": ", strict ? "error" : "warning", ": waiver '",
                               WaiverSelector(w), "' ", what));
  }
  return out;
}

int TriagedExitCode(const DiffReport& r, const TriageExitOptions& options) {
  const bool baseline = !r.triage.baseline_file.empty();
  for (const Finding& f : r.findings) {
    if (f.waiver >= 0) continue;
    if (baseline && (f.baseline != BaselineState::kNew || f.severity != Severity::kError)) continue;
    return 1;
  }
  if (options.strict_waivers) {
    for (const Waiver& w : r.triage.waivers) {
      if (w.Stale()) return 1;
    }
  }
  return 0;
}

}  // namespace bindfuzz::diff
