// The tag lines generated fuzz targets print (shims/runtime/bf_tag_format.h),
// parsed back: what a crash says about the contract.
//
//   absl::StatusOr<std::optional<TagLine>> t = ParseTagLine(
//       "BINDFUZZ-MISMATCH: field-offset struct pair.b rust=0 c=4");
//   const MismatchLine& m = std::get<MismatchLine>(**t);
//   // m.kind == diff::MismatchKind::kFieldOffset, m.record == "pair",
//   // m.member == "b", m.rust == "0", m.c == "4"
//
// A line that does not start with a tag is not ours (nullopt); one that does
// but breaks its format is InvalidArgument saying what is wrong (the caller
// adds file:line). Mismatch kinds are mismatch_kinds.def's, and each kind
// takes only the detail shapes the runtime prints for it.
#ifndef BINDFUZZ_HARNESS_EXPLAIN_TAG_LINE_H_
#define BINDFUZZ_HARNESS_EXPLAIN_TAG_LINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/diff/mismatch_kinds.h"

namespace bindfuzz::explain {

// BINDFUZZ-MISMATCH: <kind> <details>
struct MismatchLine {
  enum class Shape {
    kFieldOffset,  // R.f rust=<off> c=<off>
    kValue,        // R.f rust=<type> value=<raw> (C stored <v>)
    kBitfield,     // R.f rust=bit B width W c=bit B width W wrote=V read=V
    kParam,        // F param <i> rust=<abi> c=<abi> sent=0x.. received=0x..
    kParamCount,   // F rust=<n> c=<n>
    kReturn,       // F return rust=<abi> c=<abi> sent=0x.. received=0x..
    kReturnValue,  // F return value=<v> is not valid for Rust's return type
  };
  diff::MismatchKind kind = diff::MismatchKind::kFieldOffset;
  Shape shape = Shape::kFieldOffset;
  std::string details;  // everything after the kind, as printed
  // The subject: a record's field, or a function.
  std::string record_display;  // "struct pair" (records only)
  std::string record;          // "pair": the contract key
  std::string member;          // "b"
  std::string function;        // functions only
  int param = -1;              // kParam
  // What each side believes: offsets, types, "bit 4 width 4", ABI classes
  // ("u64", "ptr"), parameter counts.
  std::string rust, c;
  // What was observed: "value=3 (C stored 3)", "wrote=5 read=2",
  // "sent=0x1 received=0x0".
  std::string observed;
  bool is_record() const { return !record.empty(); }
};

// BINDFUZZ-ACCESS: what a layout input touched.
struct AccessLine {
  enum class Mode { kRustAllocates, kCAllocates, kRustAligned, kCAligned, kSameAligned, kValues, kBitfield };
  // Empty for a record; a function called through a Rust-typed pointer.
  std::string function;
  std::string record_display;  // "struct file"
  std::string record;          // "file"
  std::string field;           // "" when no field
  Mode mode = Mode::kCAllocates;
  uint64_t rust_size = 0, c_size = 0;
  uint64_t rust_offset = 0, c_offset = 0;  // bits for kBitfield
  uint64_t rust_align = 0, c_align = 0;
  bool is_function() const { return !function.empty(); }
};
// "rust-allocates", ...: as printed.
std::string_view ModeName(AccessLine::Mode mode);

// BINDFUZZ-LIFETIME: a lifetime assumption failed.
struct LifetimeLine {
  std::string cls;       // heap-use-after-free, leak, unexpected-errptr, ...
  std::string function;  // "" when no call was in progress ("-")
  std::string spec_file;
  uint32_t spec_line = 0;  // 0: no spec line (no call in progress, C leaked alone)
  // "op 7 (call)", "op end (...)", "(no call in progress)", "(after the input)".
  std::string context;
  std::optional<uint32_t> op;
  std::string detail;                // engine checks: what it saw
  std::vector<std::string> handles;  // "h0 item [at the faulting address]: acquired ..."
  std::string rust_buffer;           // "Rust buffer f(p) 8 bytes ..." when one was hit
  bool engine_check() const;         // one of the engine's own classes
};

// BINDFUZZ-SEQ / -KERNEL / -ERROR: kept as text.
struct OtherTagLine {
  enum class Tag { kSeq, kKernel, kError };
  Tag tag = Tag::kSeq;
  std::string text;  // after the prefix
};

using TagLine = std::variant<MismatchLine, AccessLine, LifetimeLine, OtherTagLine>;

// Parses one line (without its newline).
absl::StatusOr<std::optional<TagLine>> ParseTagLine(std::string_view line);

}  // namespace bindfuzz::explain

#endif  // BINDFUZZ_HARNESS_EXPLAIN_TAG_LINE_H_
