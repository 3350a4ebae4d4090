// rustc's reading of an LLVM data layout string: the alignments Rust gives
// its primitives on a target.
//
//   BF_ASSIGN_OR_RETURN(DataLayout dl, ParseDataLayout("e-m:e-p:32:32-i64:64-..."));
//   dl.align_i64;   // bytes
//
// Follows rustc (`TargetDataLayout::parse_from_llvm_datalayout_string`),
// which is not LLVM: only the ABI alignment of each `i`/`f`/`p` spec counts,
// unspecified types keep rustc's defaults (big-endian, i64 and i128 aligned
// to 4, f64 to 8, 64-bit pointers), and i128 takes the alignment of the
// widest `i` spec between 64 and 128 bits. The minicore probe test checks
// the result against rustc's own size_of/align_of on every target.
#ifndef BINDFUZZ_HARNESS_TARGET_DATA_LAYOUT_H_
#define BINDFUZZ_HARNESS_TARGET_DATA_LAYOUT_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "harness/target/target.h"

namespace bindfuzz::target {

struct DataLayout {
  Endian endian = Endian::kBig;
  // ABI alignments in bytes.
  uint32_t align_i1 = 1, align_i8 = 1, align_i16 = 2, align_i32 = 4, align_i64 = 4, align_i128 = 4;
  uint32_t align_f16 = 2, align_f32 = 4, align_f64 = 8, align_f128 = 16;
  uint32_t pointer_bits = 64, align_ptr = 8;  // address space 0
};

// InvalidArgument (naming the spec at fault) on malformed numbers or
// alignments that are not a power of two number of bytes.
absl::StatusOr<DataLayout> ParseDataLayout(std::string_view layout);

}  // namespace bindfuzz::target

#endif  // BINDFUZZ_HARNESS_TARGET_DATA_LAYOUT_H_
