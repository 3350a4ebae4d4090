// The waiver file: findings a project accepts for now, each with a reason
// and an expiry date (docs/usage.md, "Waivers").
//
//   # comment (a line whose first non-blank character is '#')
//   waive field-offset file f_op until 2027-06-30 reason "PREEMPT_RT only; tracked in #123"
//   waive record-size spinlock until 2027-06-30 reason "rt builds use their own bindings"
//   waive field-offset file * until 2027-06-30 reason "every field of file moves on rt"
//   waive key bf1-3f0c5e0a9b7d2c41 until 2027-01-31 reason "compat_u64: bindgen bug"
//
//   BF_ASSIGN_OR_RETURN(std::vector<Waiver> w, ParseWaiverFile(text, "waivers.txt"));
//
// One entry per line: `waive`, then what it names (`key KEY`, or a finding
// kind, the item and optionally the member; `*` as the member names every
// finding of that kind on the item), then the clauses `until YYYY-MM-DD`
// and `reason "text"` in either order, each exactly once. Words are runs of
// non-blank characters; a double-quoted string ("\"" and "\\" escapes) is a
// word too, so names with blanks or a member literally called `until` can be
// written. A waiver applies up to and including its `until` day.
//
// Errors are InvalidArgument "<file>:<line>:<col>: ..." naming the token at
// fault: unknown kind, malformed key or date, missing or repeated clause,
// unterminated string, an entry that repeats an earlier one, invalid UTF-8.
#ifndef BINDFUZZ_HARNESS_DIFF_WAIVER_FILE_H_
#define BINDFUZZ_HARNESS_DIFF_WAIVER_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/diff/diff.h"

namespace bindfuzz::diff {

absl::StatusOr<std::vector<Waiver>> ParseWaiverFile(std::string_view text, std::string_view file);

// True for a valid calendar date written YYYY-MM-DD.
bool IsIsoDate(std::string_view s);

// Today's date (UTC) as YYYY-MM-DD.
std::string TodayUtc();

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_WAIVER_FILE_H_
