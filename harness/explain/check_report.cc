#include "harness/explain/check_report.h"

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"
#include "harness/explain/sv.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::explain {
namespace {

using json = nlohmann::json;

// A string member, or "" when absent; an error when present with another type.
bool Str(const json& j, const char* key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

bool Loc(const json& side, ReportLoc* out) {
  auto it = side.find("loc");
  if (it == side.end()) return true;
  if (!it->is_object() || !Str(*it, "file", &out->file)) return false;
  auto line = it->find("line");
  if (line != it->end()) {
    if (!line->is_number_unsigned() || line->get<uint64_t>() > UINT32_MAX) return false;
    out->line = line->get<uint32_t>();
  }
  return true;
}

// "what": a JSON value as text ("232", "u64", true).
bool Value(const json& side, std::string* out) {
  auto it = side.find("value");
  if (it == side.end() || it->is_null()) return true;
  *out = it->is_string() ? it->get<std::string>() : it->dump();
  return true;
}

}  // namespace

std::string ReportLoc::ToString() const {
  if (file.empty()) return "?";
  return line ? absl::StrCat(file, ":", line) : file;
}

absl::StatusOr<CheckReport> ParseCheckReport(std::string_view json_text, std::string_view path) {
  CheckReport r;
  r.path = std::string(path);
  json j;
  try {
    j = json::parse(json_text.begin(), json_text.end());
  } catch (const json::parse_error& e) {
    const LineCol lc = OffsetToLineCol(json_text, e.byte > 0 ? e.byte - 1 : 0);
    return absl::InvalidArgumentError(
        absl::StrCat(Av(path), ":", lc.line, ":", lc.column, ": not JSON: ", e.what()));
  }
  auto bad = [&](std::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat(Av(path), ":1: ", Av(what)));
  };
  if (!j.is_object() || j.value("format", json()) != "bindfuzz-diff")
    return bad("not a bindfuzz check report (no \"format\": \"bindfuzz-diff\"; use check --report-dir or --format json)");
  if (j.value("version", json()) != 1) return bad("unsupported bindfuzz-diff report version (this bindfuzz reads 1)");
  for (const char* side : {"truth", "assumed"}) {
    auto it = j.find(side);
    if (it != j.end() && it->is_object())
      Str(*it, "label", side[0] == 't' ? &r.truth_label : &r.assumed_label);
  }
  auto fs = j.find("findings");
  if (fs == j.end() || !fs->is_array()) return bad("report has no \"findings\" array");
  for (size_t i = 0; i < fs->size(); ++i) {
    const json& f = (*fs)[i];
    auto bad_finding = [&](std::string_view what) { return bad(absl::StrCat("findings[", i, "]: ", Av(what))); };
    if (!f.is_object()) return bad_finding("not an object");
    ReportFinding out;
    std::string kind;
    if (!Str(f, "kind", &kind)) return bad_finding("\"kind\" is not a string");
    std::optional<diff::MismatchKind> k = diff::ParseMismatchKind(kind);
    if (!k) return bad_finding(absl::StrCat("unknown kind '", kind, "' (see bindfuzz kinds)"));
    out.kind = *k;
    if (!Str(f, "item_kind", &out.item_kind) || !Str(f, "item", &out.item) ||
        !Str(f, "matched", &out.matched) ||
        !Str(f, "member", &out.member) || !Str(f, "message", &out.message) ||
        !Str(f, "consequence", &out.consequence))
      return bad_finding("a field that should be a string is not");
    if (out.item.empty()) return bad_finding("no \"item\"");
    for (const char* side : {"truth", "assumed"}) {
      auto it = f.find(side);
      if (it == f.end()) continue;
      const bool truth = side[0] == 't';
      if (!it->is_object() || !Value(*it, truth ? &out.truth_value : &out.assumed_value) ||
          !Loc(*it, truth ? &out.truth_loc : &out.assumed_loc))
        return bad_finding(absl::StrCat("\"", side, "\" is not {value, loc}"));
    }
    r.findings.push_back(std::move(out));
  }
  return r;
}

}  // namespace bindfuzz::explain
