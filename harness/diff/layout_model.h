// A record's layout as the renderers draw it: its fields in order, with the
// holes between them and the tail padding made explicit. Shared by the text
// report's side-by-side table and the HTML report's byte rulers.
//
//   for (const LayoutEntry& e : LayoutEntries(record))
//     if (e.kind == LayoutEntry::kHole) ...;   // e.off, e.size in bits
#ifndef BINDFUZZ_HARNESS_DIFF_LAYOUT_MODEL_H_
#define BINDFUZZ_HARNESS_DIFF_LAYOUT_MODEL_H_

#include <cstdint>
#include <vector>

#include "harness/contract/contract.h"

namespace bindfuzz::diff {

struct LayoutEntry {
  enum Kind { kField, kHole, kPadding } kind = kField;
  const contract::Field* field = nullptr;  // kField only; points into the record
  uint64_t off = 0;   // bits
  uint64_t size = 0;  // bits
};

// Fields in declaration order; in structs, a kHole before a field that
// starts after the end of the previous ones; a kPadding up to size_bytes.
std::vector<LayoutEntry> LayoutEntries(const contract::Record& record);

// A field of the record that is not a generator artefact (bindgen padding,
// bitfield units): what pairs by name across the two sides.
inline bool IsNamedEntry(const LayoutEntry* e) { return e && e->kind == LayoutEntry::kField && !e->field->artificial; }

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_LAYOUT_MODEL_H_
