#include "harness/diff/sentence.h"

#include <sstream>
#include <string>

namespace bindfuzz::diff {

std::string FieldRange(const contract::Field& f) {
  uint64_t b = f.offset_bits, e = f.offset_bits + f.size_bits;
  if (f.is_bitfield || b % 8 != 0 || e % 8 != 0) return S("bits ", b, "..", e);
  return S(b / 8, "..", e / 8);
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
    case contract::ConstantKind::kString: {
      std::string out = "\"";
      for (unsigned char ch : c.string_value) {
        if (ch == '"' || ch == '\\') {
          out += '\\';
          out += static_cast<char>(ch);
        } else if (ch < 0x20 || ch >= 0x7f) {
          static const char* kHex = "0123456789abcdef";
          out += "\\x";
          out += kHex[ch >> 4];
          out += kHex[ch & 15];
        } else {
          out += static_cast<char>(ch);
        }
      }
      return out + "\"";
    }
  }
  return "?";
}

}  // namespace bindfuzz::diff
