// Building blocks of the diff's one-line messages, consequence sentences
// and finding values (internal to harness/diff).
//
//   Labels sides{"C", "Rust"};
//   S(sides.assumed, " reads ", Bytes(4), " of ", Q("f_mode"));  // "Rust reads 4 bytes of `f_mode`"
//   FieldRange(field);  // "16..24", or "bits 3..5" for a bitfield
//   ConstText(c);       // 4096, 0.5, "a\x01" (strings quoted and escaped)
#ifndef BINDFUZZ_HARNESS_DIFF_SENTENCE_H_
#define BINDFUZZ_HARNESS_DIFF_SENTENCE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "harness/contract/contract.h"

namespace bindfuzz::diff {

// How reports and sentences name the two sides ("C", "BTF", "Rust",
// "amd64", ...).
struct Labels {
  std::string truth;
  std::string assumed;
};

namespace sentence_internal {
inline void AppendOne(std::string& out, const std::string& s) { out += s; }
inline void AppendOne(std::string& out, std::string_view s) { out.append(s.data(), s.size()); }
inline void AppendOne(std::string& out, const char* s) { out += s; }
template <typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, char> && !std::is_same_v<T, bool>)
void AppendOne(std::string& out, T v) {
  out += std::to_string(v);
}
}  // namespace sentence_internal

// Concatenates strings and integers (in decimal).
template <typename... Ts>
std::string S(const Ts&... xs) {
  std::string out;
  (sentence_internal::AppendOne(out, xs), ...);
  return out;
}

// A name as sentences quote it: `name`.
inline std::string Q(std::string_view s) { return S("`", s, "`"); }
inline std::string Bytes(uint64_t n) { return S(n, n == 1 ? " byte" : " bytes"); }
inline std::string BitsWord(uint64_t n) { return S(n, n == 1 ? " bit" : " bits"); }

// The name Rust code uses for a field (`type_` for C's `type`).
inline const std::string& DisplayName(const contract::Field& f) {
  return f.rust_name.empty() ? f.name : f.rust_name;
}

// Where a field lies: "16..24" (bytes) or "bits 3..5".
std::string FieldRange(const contract::Field& f);

// A field's place as a finding value: "offset 8, 4 bytes", "offset 0, 3 bits".
std::string FieldPlace(const contract::Field& f);

// "struct" or "union".
inline const char* RecordKindWord(contract::RecordKind k) {
  return k == contract::RecordKind::kUnion ? "union" : "struct";
}

// A parameter's name in reports: the truth's, else the assumed side's
// (`ap` may be null), else "#N" (1-based).
std::string ParamName(const contract::Param& tp, const contract::Param* ap, size_t index);

// A constant's value as reports show it: integers in decimal, floats with
// 17 significant digits, strings quoted with \" \\ and \xNN escapes.
std::string ConstText(const contract::Constant& c);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_SENTENCE_H_
