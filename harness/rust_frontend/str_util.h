// String helpers shared by the Rust front end's sources (internal).
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_STR_UTIL_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_STR_UTIL_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace bindfuzz::rust_frontend {

// Debian's Abseil has its own string_view: absl::StrCat needs this.
inline absl::string_view AV(std::string_view v) { return absl::string_view(v.data(), v.size()); }

inline bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_STR_UTIL_H_
