#include "harness/diff/layout_model.h"

#include <algorithm>

namespace bindfuzz::diff {

std::vector<LayoutEntry> LayoutEntries(const contract::Record& r) {
  std::vector<LayoutEntry> out;
  uint64_t cursor = 0;
  for (const contract::Field& f : r.fields) {
    if (r.kind == contract::RecordKind::kStruct && f.offset_bits > cursor) {
      out.push_back({LayoutEntry::kHole, nullptr, cursor, f.offset_bits - cursor});
    }
    out.push_back({LayoutEntry::kField, &f, f.offset_bits, f.size_bits});
    cursor = std::max(cursor, f.offset_bits + f.size_bits);
  }
  if (cursor < r.size_bytes * 8) out.push_back({LayoutEntry::kPadding, nullptr, cursor, r.size_bytes * 8 - cursor});
  return out;
}

}  // namespace bindfuzz::diff
