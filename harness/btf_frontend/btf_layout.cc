// Alignment inference of the BTF front end (BTF records no alignment):
// natural alignment of members, packing from misaligned members and sizes,
// larger alignment from holes and tail padding, iterated to a fixpoint.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "harness/btf_frontend/btf_internal.h"

namespace bindfuzz::btf_internal {

namespace {

uint64_t RoundUp(uint64_t v, uint64_t a) { return a <= 1 ? v : (v + a - 1) / a * a; }

// Largest power of two dividing `size`, capped at 16 (x86-64: __int128 and
// long double are 16-aligned), at least 1.
uint32_t ScalarAlign(uint32_t size) {
  if (size == 0) return 1;
  uint32_t a = 1;
  while (a < 16 && size % (a * 2) == 0) a *= 2;
  return a;
}

}  // namespace

uint32_t Converter::AlignOf(uint32_t id, int depth) {
  if (depth > kMaxTypeDepth) return 1;
  const struct btf_type* t = T(id);
  if (!t) return 1;
  switch (btf_kind(t)) {
    case BTF_KIND_INT:
    case BTF_KIND_ENUM:
    case BTF_KIND_ENUM64:
    case BTF_KIND_FLOAT:
      return ScalarAlign(t->size);
    case BTF_KIND_PTR:
      return ptr_size_;
    case BTF_KIND_ARRAY:
      return AlignOf(btf_array(t)->type, depth + 1);
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_CONST:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPE_TAG:
      return AlignOf(t->type, depth + 1);
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION:
      return LayoutOf(id, depth + 1).align;
    default:
      return 1;
  }
}

// Alignment and packing of a struct/union, inferred from offsets and size
// (BTF has no alignment). Rules, checked against clang (bindgen's layout
// tests) and pahole on Debian's 6.12 kernels:
//  * natural: max over members of their alignment (scalars min(size, 16)).
//  * packed (like libbpf's btf_is_struct_packed): a non-bitfield member is
//    misaligned, or the size is not a multiple of the natural alignment.
//    Alignment 1 (as pahole/libbpf assume), unless tail padding says more.
//    `__packed __aligned(4)` without tail padding and typedefs with reduced
//    alignment (compat_u64: u64 aligned(4)) are indistinguishable from it.
//  * a hole before a member larger than its alignment needs, or trailing
//    padding larger than the alignment needs, means aligned(p): p = 64 (the
//    cacheline, the kernel's common case) when 64 explains it, else the
//    smallest power of two that does.
const Converter::Layout& Converter::LayoutOf(uint32_t id, int depth) {
  static const Layout kCycle;
  if (layout_state_[id] == 2) return layouts_[id];
  if (layout_state_[id] == 1 || depth > kMaxTypeDepth) {
    ItemNote(NameOf(id), absl::StrCat("BTF type ", id,
                                      " contains itself by value or nests too deeply; "
                                      "alignment taken as 1"));
    return kCycle;
  }
  layout_state_[id] = 1;
  const struct btf_type* t = T(id);
  Layout l;
  const uint64_t size = t->size;
  // The alignment p that moves `from` to `to` (a hole or the tail).
  auto explain = [&](uint64_t from, uint64_t to, uint32_t min_p) -> uint32_t {
    auto fits = [&](uint64_t p) { return to % p == 0 && size % p == 0 && RoundUp(from, p) == to; };
    if (min_p <= kCachelineBytes && fits(kCachelineBytes)) return kCachelineBytes;
    for (uint32_t p = std::max<uint32_t>(min_p, 2); p <= kMaxInferredAlign; p *= 2)
      if (fits(p)) return p;
    return 0;
  };
  bool is_struct = btf_kind(t) == BTF_KIND_STRUCT;
  const struct btf_member* m = btf_members(t);
  uint16_t vlen = btf_vlen(t);
  uint32_t max_align = 1, aligned_max = 1, member_inferred = 1;
  bool scalar_misaligned = false, prev_bitfield = false, natural_hole = false;
  std::vector<std::pair<uint32_t, uint32_t>> misplaced;  // (record type id, offset's alignment)
  uint64_t end_bits = 0;
  for (uint16_t i = 0; i < vlen; ++i) {
    uint32_t a = AlignOf(m[i].type, depth + 1);
    uint64_t off = btf_member_bit_offset(t, i);
    uint32_t bf = btf_member_bitfield_size(t, i);
    max_align = std::max(max_align, a);
    uint64_t member_end;
    if (bf == 0) {
      uint64_t prev_end = (end_bits + 7) / 8;
      if (off % (8ull * a) != 0) {
        uint32_t rec = RecordBehind(m[i].type);
        uint32_t off_align = off % 8 ? 1 : ScalarAlign(static_cast<uint32_t>((off / 8) | (1u << 30)));
        if (rec) {
          misplaced.emplace_back(rec, off_align);
          aligned_max = std::max(aligned_max, off_align);
        } else {
          scalar_misaligned = true;
        }
      } else {
        aligned_max = std::max(aligned_max, a);
        if (is_struct && !prev_bitfield && off / 8 > prev_end) {
          if (off / 8 == RoundUp(prev_end, a)) {
            natural_hole = true;
          } else if (off / 8 > RoundUp(prev_end, a)) {
            // Unnamed padding bitfields are absent from BTF, so a hole right
            // after a bitfield proves nothing.
            member_inferred = std::max(member_inferred, explain(prev_end, off / 8, a * 2));
          }
        }
      }
      int64_t sz = SizeOf(m[i].type);
      member_end = off + (sz > 0 ? static_cast<uint64_t>(sz) * 8 : 0);
    } else {
      member_end = off + bf;
    }
    prev_bitfield = bf != 0;
    end_bits = std::max(end_bits, member_end);
  }
  uint64_t data_end = (end_bits + 7) / 8;
  // Only record-typed members are misaligned, and a hole or tail padding
  // shows this record is not packed: the member types are (undetectably)
  // packed themselves. Cap their alignment; LayoutsToFixpoint() recomputes.
  bool blame_members = !scalar_misaligned && !misplaced.empty() &&
                       (natural_hole || size > data_end) && size % aligned_max == 0;
  if (blame_members) {
    for (const auto& [rec, cap] : misplaced) {
      if (cap_[rec] == 0 || cap < cap_[rec]) {
        cap_[rec] = cap;
        caps_changed_ = true;
      }
    }
    max_align = aligned_max;
  }
  if (vlen == 0 && size > 0) {
    // Members dropped by the BTF encoder (e.g. transparent unions): only the
    // size is known; the alignment is a guess.
    l.opaque = true;
    l.align = std::min<uint32_t>(ScalarAlign(static_cast<uint32_t>(std::min<uint64_t>(size, 1u << 30))),
                                 ptr_size_);
  } else if (scalar_misaligned || (!misplaced.empty() && !blame_members) ||
             size % max_align != 0) {
    // `__packed __aligned(4)` and typedefs with reduced alignment
    // (compat_u64) also land here; only tail padding tells (below).
    l.packed = true;
    l.align = 1;
  } else {
    l.align = std::max(max_align, member_inferred);
    if (size % l.align != 0) l.align = max_align;  // the hole had another cause
  }
  // Placed at a misaligned offset inside a record that is not packed: this
  // record is packed (align 1, as above; or has a reduced alignment).
  if (cap_[id] != 0 && cap_[id] < l.align) {
    l.align = 1;
    l.packed = true;
  }
  // Trailing padding beyond what the alignment so far explains: the record
  // itself is aligned(p).
  if (!l.opaque && size > RoundUp(data_end, l.align)) {
    if (uint32_t p = explain(data_end, size, l.align * 2)) {
      l.align = p;
    } else {
      l.unexplained_tail = true;
    }
  }
  l.over_aligned = l.align > (l.packed ? 1 : max_align);
  layouts_[id] = l;
  layout_state_[id] = 2;
  return layouts_[id];
}

// The struct/union a member type is (through typedefs, modifiers and
// arrays), or 0.
uint32_t Converter::RecordBehind(uint32_t id) const {
  for (int d = 0; d < kMaxTypeDepth; ++d) {
    const struct btf_type* t = T(id);
    if (!t) return 0;
    if (btf_is_composite(t)) return id;
    if (btf_is_typedef(t) || IsModifier(btf_kind(t))) {
      id = t->type;
    } else if (btf_is_array(t)) {
      id = btf_array(t)->type;
    } else {
      return 0;
    }
  }
  return 0;
}

// Layouts depend on alignment caps that other records' layouts discover:
// recompute until no cap changes (caps only decrease, so this ends).
void Converter::LayoutsToFixpoint() {
  for (int round = 0; round < 8; ++round) {
    caps_changed_ = false;
    std::fill(layout_state_.begin(), layout_state_.end(), 0);
    for (uint32_t id = 1; id < type_cnt_; ++id) {
      const struct btf_type* t = T(id);
      if (t && btf_is_composite(t)) LayoutOf(id, 0);
    }
    if (!caps_changed_) return;
  }
  InfoNote("alignment inference did not settle after 8 rounds");
}

}  // namespace bindfuzz::btf_internal
