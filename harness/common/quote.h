// How reports write a byte string: in double quotes, `"` and `\` escaped,
// every byte outside printable ASCII as \xHH. The diff's constant values and
// `check --confirm`'s compiler answers use it, so the two compare as text.
//
//   QuoteBytes("a\"b\n") == "\"a\\\"b\\x0a\""
#ifndef BINDFUZZ_HARNESS_COMMON_QUOTE_H_
#define BINDFUZZ_HARNESS_COMMON_QUOTE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace bindfuzz {

std::string QuoteBytes(absl::string_view bytes);

}  // namespace bindfuzz

#endif  // BINDFUZZ_HARNESS_COMMON_QUOTE_H_
