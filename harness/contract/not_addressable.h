// A C function whose name cannot be used as a function through a pointer:
// the headers also #define a macro of that name (the kernel's fortified
// memcpy/memset: after the headers, `memcpy(...)` expands to the macro), or
// it is a Clang builtin with no library function (`__builtin_*`). Such a
// name cannot be called, probed or have its address taken as declared. The
// C front end says so with a note on the function (item = its name) whose
// message starts with kNotAddressableNote; generators read it back.
//
//   std::string why = NotAddressableReason(c_truth, "memcpy");
//   // "function-like macro of the same name", or "" when callable
#ifndef BINDFUZZ_HARNESS_CONTRACT_NOT_ADDRESSABLE_H_
#define BINDFUZZ_HARNESS_CONTRACT_NOT_ADDRESSABLE_H_

#include <string>
#include <string_view>

#include "harness/contract/contract.h"

namespace bindfuzz::contract {

inline constexpr std::string_view kNotAddressableNote = "not addressable: ";
inline constexpr std::string_view kFunctionLikeMacro = "function-like macro of the same name";
inline constexpr std::string_view kObjectLikeMacro = "object-like macro of the same name";
inline constexpr std::string_view kBuiltin = "a Clang builtin with no library function";

// The note's text for `reason` (one of the three above).
inline std::string NotAddressableMessage(std::string_view reason) {
  return std::string(kNotAddressableNote) + std::string(reason);
}

// The reason `function` is not addressable in `c`, or "" when it is.
inline std::string NotAddressableReason(const Contract& c, std::string_view function) {
  for (const Note& n : c.notes) {
    if (n.item == function && n.message.compare(0, kNotAddressableNote.size(), kNotAddressableNote) == 0)
      return n.message.substr(kNotAddressableNote.size());
  }
  return "";
}

}  // namespace bindfuzz::contract

#endif  // BINDFUZZ_HARNESS_CONTRACT_NOT_ADDRESSABLE_H_
