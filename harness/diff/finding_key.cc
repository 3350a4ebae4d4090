#include "harness/diff/finding_key.h"

#include <cstdint>

namespace bindfuzz::diff {
namespace {

constexpr std::string_view kPrefix = "bf1-";

void Mix(uint64_t& h, std::string_view s) {
  // Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.
  std::string framed = std::to_string(s.size()) + ":";
  for (unsigned char c : framed) h = (h ^ c) * 0x100000001b3ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
}

}  // namespace

std::string FindingKey(const FindingKeyParts& p) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  for (std::string_view part : {p.kind, p.item_kind, p.item, p.member, p.truth_side, p.assumed_side}) Mix(h, part);
  static const char* kHex = "0123456789abcdef";
  std::string out(kPrefix);
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(h >> shift) & 15];
  return out;
}

std::string FindingKey(const DiffReport& r, const Finding& f) {
  return FindingKey({.kind = KindName(f.kind),
                     .item_kind = ItemKindName(f.item_kind),
                     .item = f.item,
                     .member = f.member,
                     .truth_side = contract::SideName(r.truth_side),
                     .assumed_side = contract::SideName(r.assumed_side)});
}

bool IsFindingKey(std::string_view s) {
  if (s.size() != kPrefix.size() + 16 || s.substr(0, kPrefix.size()) != kPrefix) return false;
  for (char c : s.substr(kPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace bindfuzz::diff
