// Where C and Rust spell one machine value in two ways (internal to
// harness/diff):
//
//  * A function pointer on one side and, on the other, a data pointer
//    (`void *`, `*mut c_void`) or an integer as wide as a pointer (libc's
//    `sighandler_t = usize`). Every supported target passes and stores the
//    two alike (same width, same register class), so nothing is garbled on
//    the way; but the meaning differs: one side may call data as code, or
//    read or free code as data. Like a signedness difference (same bits,
//    other meaning) it is a warning: TypeDiff::kFnData, the kind
//    `function-data-pointer`.
//  * A C parameter of a `__transparent_union__` type is passed as the
//    union's first member, and a C caller may pass a value of any member's
//    type (glibc's `__SOCKADDR_ARG` for accept/bind/connect): a Rust
//    parameter of one of those types is the same parameter.
//
//   if (auto r = FnDataPointer(truth, t, assumed, a)) return *r;   // resolved t, a
//   if (const Record* u = TransparentUnion(truth, tp.type)) {
//     TypeCmp r = CompareTransparentUnionParam(types, truth, assumed, *u, ap.type, tp.type);
//   }
#ifndef BINDFUZZ_HARNESS_DIFF_ABI_EQUIVALENCE_H_
#define BINDFUZZ_HARNESS_DIFF_ABI_EQUIVALENCE_H_

#include <map>
#include <optional>
#include <string>

#include "harness/contract/contract.h"
#include "harness/diff/sentence.h"
#include "harness/diff/type_compare.h"

namespace bindfuzz::diff {

// `t` and `a` are resolved types (no typedef at the top) of the truth and
// the assumed contract. A kFnData TypeCmp when one is a function pointer
// and the other a pointer to void or an integer of the truth target's
// pointer width; nullopt otherwise.
std::optional<TypeCmp> FnDataPointer(const contract::Contract& truth, const contract::Type& t,
                                     const contract::Contract& assumed, const contract::Type& a);

// What a kFnData difference means where `what` (a quoted field, parameter
// or return value) is used as `use`.
std::string FnDataConsequence(const Labels& labels, const TypeCmp& r, TypeUse use, const std::string& what);

// True when `u` (resolved, in contract `uc`) is a complete union whose
// members are all data pointers, as wide as a pointer, and `p` (resolved,
// in `pc`) is a pointer to void: openssl's `GENERAL_NAME.d` (a union of
// `char *`, `ASN1_STRING *`, ...) bound as `*mut c_void`. The bits are the
// same and either side reads one pointer whose pointee type another field
// tells: no difference to the machine.
bool DataPointerUnionAsVoidPointer(const contract::Contract& uc, const contract::Type& u,
                                   const contract::Contract& pc, const contract::Type& p);

// The union `u` (resolved, in `uc`) when it is complete, as wide as a
// pointer, and all its members are data pointers (glibc's `ifa_ifu`: two
// `struct sockaddr *`); null otherwise. A pointer of one member's type is
// then the same value as the union.
const contract::Record* DataPointerUnion(const contract::Contract& uc, const contract::Type& u);

// The complete transparent union a truth parameter type names (through
// typedefs), or null.
const contract::Record* TransparentUnion(const contract::Contract& truth, const contract::Type& param_type);

// A truth parameter of the transparent union `u` against the assumed
// parameter type `a`: the same when `a` is the union itself or compares the
// same as one of its members (a signedness difference to the closest
// member stays that); otherwise the difference against the first member,
// whose type the callee reads, with the accepted types in the detail.
TypeCmp CompareTransparentUnionParam(const TypeComparer& types, const contract::Contract& truth,
                                     const contract::Contract& assumed, const contract::Record& u,
                                     const contract::Type& a, const contract::Type& truth_param);

// Functions pair by the symbol they link: the truth functions whose asm
// label differs from their name, by label.
std::map<std::string, std::string> TruthFunctionsByAsmLabel(const contract::Contract& truth);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_ABI_EQUIVALENCE_H_
