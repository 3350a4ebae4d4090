#include "harness/diff/mismatch_kinds.h"

#include <cctype>
#include <string>

#include "absl/status/status.h"

namespace bindfuzz::diff {

const std::array<MismatchKindInfo, kNumMismatchKinds>& AllMismatchKinds() {
  static const std::array<MismatchKindInfo, kNumMismatchKinds> kTable = {{
#define BF_MISMATCH_KIND(id, name, severity, category, help) \
  {MismatchKind::id, name, Severity::severity, KindCategory::category, help},
#include "harness/diff/mismatch_kinds.def"
#undef BF_MISMATCH_KIND
  }};
  return kTable;
}

const MismatchKindInfo& KindInfo(MismatchKind kind) {
  return AllMismatchKinds()[static_cast<size_t>(kind)];
}

std::string_view KindName(MismatchKind kind) { return KindInfo(kind).name; }
Severity KindSeverity(MismatchKind kind) { return KindInfo(kind).severity; }
KindCategory KindCategoryOf(MismatchKind kind) { return KindInfo(kind).category; }

std::string_view CategoryName(KindCategory category) {
  switch (category) {
    case KindCategory::kLayout: return "layout";
    case KindCategory::kType: return "type";
    case KindCategory::kValue: return "value";
    case KindCategory::kSignature: return "signature";
    case KindCategory::kSymbol: return "symbol";
    case KindCategory::kCoverage: return "coverage";
    case KindCategory::kNotEvaluated: return "not-evaluated";
  }
  return "type";
}

std::optional<MismatchKind> ParseMismatchKind(std::string_view name) {
  for (const MismatchKindInfo& info : AllMismatchKinds()) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNote: return "note";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "error";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  for (Severity s : {Severity::kNote, Severity::kWarning, Severity::kError}) {
    if (SeverityName(s) == name) return s;
  }
  return std::nullopt;
}

KindSet AllKinds() {
  KindSet s;
  s.set();
  return s;
}

absl::StatusOr<KindSet> ParseKindFilter(std::string_view spec) {
  KindSet set;
  bool first = true;
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t comma = spec.find(',', pos);
    if (comma == std::string_view::npos) comma = spec.size();
    std::string_view tok = spec.substr(pos, comma - pos);
    while (!tok.empty() && std::isspace(static_cast<unsigned char>(tok.front()))) tok.remove_prefix(1);
    while (!tok.empty() && std::isspace(static_cast<unsigned char>(tok.back()))) tok.remove_suffix(1);
    pos = comma + 1;
    if (tok.empty()) continue;
    bool remove = tok.front() == '-';
    if (remove) tok.remove_prefix(1);
    if (first && remove) set = AllKinds();
    first = false;
    KindSet add;
    if (tok == "all") {
      add = AllKinds();
    } else if (std::optional<Severity> sev = ParseSeverity(tok)) {
      for (const MismatchKindInfo& info : AllMismatchKinds()) {
        if (info.severity == *sev) add.set(static_cast<size_t>(info.kind));
      }
    } else if (std::optional<MismatchKind> k = ParseMismatchKind(tok)) {
      add.set(static_cast<size_t>(*k));
    } else {
      return absl::InvalidArgumentError("unknown mismatch kind '" + std::string(tok) +
                                        "' in filter");
    }
    if (remove) {
      set &= ~add;
    } else {
      set |= add;
    }
  }
  return set;
}

std::string KindPascalName(MismatchKind kind) {
  std::string out;
  bool upper = true;
  for (char c : KindName(kind)) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

}  // namespace bindfuzz::diff
