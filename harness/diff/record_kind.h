// When a struct on one side and a union on the other are one thing to the
// machine (internal to harness/diff): libc binds glibc's `union
// pthread_mutex_t { struct __pthread_mutex_s __data; char __size[40]; long
// __align; }` as `struct pthread_mutex_t { size: [u8; 40] }` with the
// union's alignment. A struct whose every field lies at offset 0 overlays
// them as a union does; with one size and alignment, and no floating-point
// member on either side (by value, x86-64 and AArch64 classify a union by
// all its members), the two are passed, stored and read alike.
#ifndef BINDFUZZ_HARNESS_DIFF_RECORD_KIND_H_
#define BINDFUZZ_HARNESS_DIFF_RECORD_KIND_H_

#include "harness/contract/contract.h"

namespace bindfuzz::diff {

class NameMatcher;

// `tr` (truth) and `ar` (assumed) differ in kind but not to the machine.
bool KindsDifferOnlyInName(const contract::Contract& truth, const contract::Contract& assumed,
                           const NameMatcher& names, const contract::Record& tr, const contract::Record& ar);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_RECORD_KIND_H_
