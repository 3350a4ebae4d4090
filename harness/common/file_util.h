// File helpers with errors that name the file.
//
//   BF_ASSIGN_OR_RETURN(std::string text, bindfuzz::ReadFile(path));
#ifndef BINDFUZZ_HARNESS_COMMON_FILE_UTIL_H_
#define BINDFUZZ_HARNESS_COMMON_FILE_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace bindfuzz {

// Default cap on input files: large enough for any real bindings file
// (the full 6.12 bindings are ~3 MB) or contract JSON, small enough that a
// hostile multi-GiB input fails fast instead of exhausting memory.
inline constexpr uint64_t kDefaultMaxInputBytes = uint64_t{1} << 30;

// Reads a whole file. NotFound / InvalidArgument (not a regular file, too
// large) errors name the path.
absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     uint64_t max_bytes = kDefaultMaxInputBytes);

// Writes (replaces) a file; "-" writes to stdout.
absl::Status WriteFile(const std::string& path, std::string_view contents);

// Creates directory `path` and its parents when missing (an output
// directory such as --report-dir); the error names the path.
absl::Status MakeDirs(const std::string& path);

// 1-based line and column of byte `offset` in `text`.
struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
};
LineCol OffsetToLineCol(std::string_view text, size_t offset);

// Returns the offset of the first byte that is not valid UTF-8, or npos.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace bindfuzz

#endif  // BINDFUZZ_HARNESS_COMMON_FILE_UTIL_H_
