// std::string_view into Abseil's string functions: Debian's Abseil is built
// with its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW 0), which
// StrCat/StrAppend/StrJoin take and std::string_view does not convert to.
//
//   absl::StrCat("kind ", Av(diff::KindName(k)));
#ifndef BINDFUZZ_HARNESS_EXPLAIN_SV_H_
#define BINDFUZZ_HARNESS_EXPLAIN_SV_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace bindfuzz::explain {

inline absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace bindfuzz::explain

#endif  // BINDFUZZ_HARNESS_EXPLAIN_SV_H_
