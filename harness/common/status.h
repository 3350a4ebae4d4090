// Status helpers missing from Abseil 20220623 (Debian 12).
//
//   absl::StatusOr<int> Parse(...);
//   absl::Status Run() {
//     BF_ASSIGN_OR_RETURN(int v, Parse(...));
//     BF_RETURN_IF_ERROR(Check(v));
//     return absl::OkStatus();
//   }
#ifndef BINDFUZZ_HARNESS_COMMON_STATUS_H_
#define BINDFUZZ_HARNESS_COMMON_STATUS_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

#define BF_RETURN_IF_ERROR(expr)                     \
  do {                                               \
    ::absl::Status bf_status_ = (expr);              \
    if (!bf_status_.ok()) return bf_status_;         \
  } while (0)

#define BF_CONCAT_INNER_(a, b) a##b
#define BF_CONCAT_(a, b) BF_CONCAT_INNER_(a, b)
#define BF_ASSIGN_OR_RETURN(lhs, expr) \
  BF_ASSIGN_OR_RETURN_IMPL_(BF_CONCAT_(bf_statusor_, __LINE__), lhs, expr)
#define BF_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).status();  \
  lhs = std::move(tmp).value()

namespace bindfuzz {

// Returns `status` with `context` prepended to its message ("context: msg").
absl::Status Annotate(const absl::Status& status, std::string_view context);

}  // namespace bindfuzz

#endif  // BINDFUZZ_HARNESS_COMMON_STATUS_H_
