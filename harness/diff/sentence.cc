#include "harness/diff/sentence.h"

#include <sstream>
#include <string>

#include "harness/common/quote.h"

namespace bindfuzz::diff {

std::string FieldRange(const contract::Field& f) {
  uint64_t b = f.offset_bits, e = f.offset_bits + f.size_bits;
  if (f.is_bitfield || b % 8 != 0 || e % 8 != 0) return S("bits ", b, "..", e);
  return S(b / 8, "..", e / 8);
}

std::string FieldPlace(const contract::Field& f) {
  return S("offset ", f.offset_bits / 8, ", ", f.is_bitfield ? BitsWord(f.size_bits) : Bytes(f.size_bits / 8));
}

std::string ParamName(const contract::Param& tp, const contract::Param* ap, size_t index) {
  if (!tp.name.empty()) return tp.name;
  if (ap && !ap->name.empty()) return ap->name;
  return S("#", index + 1);
}

std::string ConstText(const contract::Constant& c) {
  switch (c.kind) {
    case contract::ConstantKind::kInt: return c.int_value.ToString();
    case contract::ConstantKind::kFloat: {
      std::ostringstream os;
      os.precision(17);
      os << c.float_value;
      return os.str();
    }
    case contract::ConstantKind::kString:
      return QuoteBytes(c.string_value);
  }
  return "?";
}

}  // namespace bindfuzz::diff
