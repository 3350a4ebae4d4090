#include "harness/target/data_layout.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace bindfuzz::target {
namespace {

absl::Status Bad(std::string_view spec, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("data layout spec '", absl::string_view(spec.data(), spec.size()), "': ",
                   absl::string_view(why.data(), why.size())));
}

absl::StatusOr<uint64_t> Bits(std::string_view spec, absl::string_view s) {
  uint64_t v = 0;
  if (s.empty() || !absl::SimpleAtoi(s, &v) || v > (uint64_t{1} << 32)) return Bad(spec, "not a bit count");
  return v;
}

// The ABI alignment (first element of `<abi>[:<pref>]`), in bytes. rustc
// reads 0 bits as 1 byte.
absl::StatusOr<uint32_t> AbiAlign(std::string_view spec, const std::vector<absl::string_view>& parts,
                                  size_t first) {
  if (parts.size() <= first) return Bad(spec, "missing alignment");
  absl::StatusOr<uint64_t> bits = Bits(spec, parts[first]);
  if (!bits.ok()) return bits.status();
  uint64_t bytes = *bits / 8;
  if (*bits % 8 != 0 || (bytes & (bytes - 1)) != 0 || bytes > (1u << 29))
    return Bad(spec, "alignment is not a power of two number of bytes");
  return bytes == 0 ? 1u : static_cast<uint32_t>(bytes);
}

}  // namespace

absl::StatusOr<DataLayout> ParseDataLayout(std::string_view layout) {
  DataLayout dl;
  uint64_t i128_source_bits = 64;
  for (absl::string_view spec_av : absl::StrSplit(absl::string_view(layout.data(), layout.size()), '-')) {
    std::string_view spec(spec_av.data(), spec_av.size());
    std::vector<absl::string_view> parts = absl::StrSplit(spec_av, ':');
    std::string_view head(parts[0].data(), parts[0].size());
    if (spec == "e") {
      dl.endian = Endian::kLittle;
    } else if (spec == "E") {
      dl.endian = Endian::kBig;
    } else if (head == "f16" || head == "f32" || head == "f64" || head == "f128") {
      absl::StatusOr<uint32_t> a = AbiAlign(spec, parts, 1);
      if (!a.ok()) return a.status();
      if (head == "f16") dl.align_f16 = *a;
      if (head == "f32") dl.align_f32 = *a;
      if (head == "f64") dl.align_f64 = *a;
      if (head == "f128") dl.align_f128 = *a;
    } else if (!head.empty() && head[0] == 'p' && parts.size() >= 2) {
      // p[f][<address space>]:<size>:<abi>[:<pref>[:<index>]]
      std::string_view as = head.substr(1);
      if (!as.empty() && as[0] == 'f') as.remove_prefix(1);
      if (!as.empty() && !(as[0] >= '0' && as[0] <= '9')) return Bad(spec, "unknown pointer specification");
      uint64_t space = 0;
      if (!as.empty() && !absl::SimpleAtoi(absl::string_view(as.data(), as.size()), &space))
        return Bad(spec, "bad address space");
      absl::StatusOr<uint64_t> size = Bits(spec, parts[1]);
      if (!size.ok()) return size.status();
      absl::StatusOr<uint32_t> a = AbiAlign(spec, parts, 2);
      if (!a.ok()) return a.status();
      if (space == 0) {
        dl.pointer_bits = static_cast<uint32_t>(*size);
        dl.align_ptr = *a;
      }
    } else if (!head.empty() && head[0] == 'i') {
      uint64_t bits = 0;
      if (!absl::SimpleAtoi(absl::string_view(head.data() + 1, head.size() - 1), &bits))
        return Bad(spec, "bad integer width");
      absl::StatusOr<uint32_t> a = AbiAlign(spec, parts, 1);
      if (!a.ok()) return a.status();
      if (bits == 1) dl.align_i1 = *a;
      if (bits == 8) dl.align_i8 = *a;
      if (bits == 16) dl.align_i16 = *a;
      if (bits == 32) dl.align_i32 = *a;
      if (bits == 64) dl.align_i64 = *a;
      // i128 follows the widest integer spec of 64..128 bits.
      if (bits >= i128_source_bits && bits <= 128) {
        i128_source_bits = bits;
        dl.align_i128 = *a;
      }
    }
    // Everything else (mangling, native widths, stack and aggregate
    // alignment, vectors, f80, function pointers) does not change Rust's
    // primitive layouts.
  }
  return dl;
}

}  // namespace bindfuzz::target
