// Finding kinds of the diff engine, generated from mismatch_kinds.def.
//
//   using namespace bindfuzz::diff;
//   std::optional<MismatchKind> k = ParseMismatchKind("field-offset");
//   KindName(*k);      // "field-offset"
//   KindSeverity(*k);  // Severity::kError
//   absl::StatusOr<KindSet> only = ParseKindFilter("all,-field-extra");
#ifndef BINDFUZZ_HARNESS_DIFF_MISMATCH_KINDS_H_
#define BINDFUZZ_HARNESS_DIFF_MISMATCH_KINDS_H_

#include <array>
#include <bitset>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace bindfuzz::diff {

// Ordered: a larger value is more severe.
enum class Severity { kNote = 0, kWarning = 1, kError = 2 };

enum class KindCategory { kLayout, kType, kValue, kSignature, kSymbol, kCoverage, kNotEvaluated };

enum class MismatchKind {
#define BF_MISMATCH_KIND(id, name, severity, category, help) id,
#include "harness/diff/mismatch_kinds.def"
#undef BF_MISMATCH_KIND
};

inline constexpr size_t kNumMismatchKinds = 0
#define BF_MISMATCH_KIND(id, name, severity, category, help) +1
#include "harness/diff/mismatch_kinds.def"
#undef BF_MISMATCH_KIND
    ;

struct MismatchKindInfo {
  MismatchKind kind;
  std::string_view name;  // stable kebab-case id
  Severity severity;
  KindCategory category;
  std::string_view help;
};

// All kinds in .def order.
const std::array<MismatchKindInfo, kNumMismatchKinds>& AllMismatchKinds();
const MismatchKindInfo& KindInfo(MismatchKind kind);
std::string_view KindName(MismatchKind kind);
Severity KindSeverity(MismatchKind kind);
KindCategory KindCategoryOf(MismatchKind kind);
// "layout", "type", "value", "signature", "symbol", "coverage", "not-evaluated".
std::string_view CategoryName(KindCategory category);
// Sizes, alignments, offsets, widths, field sets: what a layout table shows.
inline bool IsLayoutFinding(MismatchKind kind) { return KindCategoryOf(kind) == KindCategory::kLayout; }
std::optional<MismatchKind> ParseMismatchKind(std::string_view name);

// "error", "warning", "note".
std::string_view SeverityName(Severity severity);
std::optional<Severity> ParseSeverity(std::string_view name);

// A set of kinds, indexed by static_cast<size_t>(MismatchKind).
using KindSet = std::bitset<kNumMismatchKinds>;
KindSet AllKinds();

// Parses a comma-separated filter: kind names add, "-name" removes, "all"
// adds every kind, "error"/"warning"/"note" add every kind of that severity.
// A spec that starts with a removal starts from "all" ("-field-extra" = all
// but field-extra). Unknown names are an InvalidArgument error.
absl::StatusOr<KindSet> ParseKindFilter(std::string_view spec);

// "RecordSize" for "record-size" (SARIF reportingDescriptor.name).
std::string KindPascalName(MismatchKind kind);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_MISMATCH_KINDS_H_
