// BTF front end: the layout a real, gcc-built kernel has, read from its BTF.
//
// Reads an ELF file with a .BTF section (e.g. the BTF-only `vmlinux` shipped
// in Debian's linux-headers-*-amd64) or raw BTF (/sys/kernel/btf/vmlinux, a
// module's /sys/kernel/btf/<mod> with `base_btf` set) through libbpf and
// returns a Contract with side == kBtf.
//
//   bindfuzz::BtfFrontendOptions opts;
//   absl::StatusOr<bindfuzz::contract::Contract> c =
//       bindfuzz::ExtractBtf("work/kernel/out/amd64/vmlinux", opts);
//   if (!c.ok()) return c.status();  // "<path>: <what libbpf said>"
//   uint64_t size = c->records.at("file").size_bytes;  // 184
//
// What is modelled (names follow contract.h):
//  * structs/unions: bit offsets, bitfield widths (kind_flag or legacy int
//    encoding), anonymous nested records keyed `<parent>::<field>` /
//    `<parent>::(anon#N)` (N counts the parent's unnamed record members,
//    1-based; unnamed non-record members are padding bitfields and skipped),
//    FWD -> complete=false, a zero-length last array -> flexible.
//  * typedefs (references stay kTypedef in field types); `typedef struct {..}
//    foo_t` keys the record `foo_t` as well.
//  * ints (signedness from BTF_INT_SIGNED, also for `char`), _Bool -> kBool,
//    floats, pointers (to functions: nullable), arrays, const (is_const);
//    volatile/restrict/type_tag are stripped, decl_tag and datasec skipped.
//  * enums and enum64 (signed when kind_flag is set); top-level anonymous
//    enums -> `constants` when options.anonymous_enum_constants.
//  * functions (FUNC + FUNC_PROTO; variadic when the last param is type 0;
//    has_symbol = linkage != static, except that pahole marks every vmlinux
//    function static and emits only functions with an ELF symbol: when all
//    of >= 100 functions are static, has_symbol = true and a Note says so),
//    variables (VAR).
//  * target: triple from the ELF e_machine ("" for raw BTF), pointer and
//    long width, char signedness from the `char` int encoding.
//
// Alignment: BTF records none. align_bytes is inferred (x86-64 natural
// alignment of members, min(size, 16) for scalars; packed, with align 1, when
// a scalar member is misaligned or the size is not a multiple of the natural
// alignment, like libbpf's btf_is_struct_packed; a record placed misaligned
// inside a record that a hole or tail padding shows is not packed is itself
// packed; larger alignment from holes before members and from tail padding,
// preferring the 64-byte cacheline, like pahole). explicit_align is never set;
// records with a size but no members are `opaque`. One contract Note says so.
// Measured on Debian's 6.12 amd64 BTF against bindgen's layout tests
// (libclang on the real headers): 1166 of 1196 alignments agree.
//
// Duplicate names: different definitions with the same name are keyed
// `name`, `name#2`, ... in BTF id order (functions: global linkage first);
// structurally identical duplicates collapse onto one key.
//
// Hostile input: non-BTF, truncated or garbage files are InvalidArgument
// errors naming the file (libbpf's own messages are captured, never printed);
// invalid type ids, reference cycles and deep nesting are bounded and become
// Notes and kUnknown types.
#ifndef BINDFUZZ_HARNESS_BTF_FRONTEND_BTF_FRONTEND_H_
#define BINDFUZZ_HARNESS_BTF_FRONTEND_BTF_FRONTEND_H_

#include <string>

#include "absl/status/statusor.h"
#include "harness/contract/contract.h"

namespace bindfuzz {

struct BtfFrontendOptions {
  // Base BTF for split BTF (kernel modules): ELF or raw. Only the split part's
  // types are emitted; names of base types are keyed exactly as an
  // extraction of the base alone keys them.
  std::string base_btf;
  // Enumerators of top-level anonymous enums (`enum { FOO = 1 };`) as
  // `constants`. Off by default: BTF has no macro constants, and the diff
  // treats a BTF contract with constants as a complete constant set.
  bool anonymous_enum_constants = false;
};

absl::StatusOr<contract::Contract> ExtractBtf(const std::string& path,
                                              const BtfFrontendOptions& options);

}  // namespace bindfuzz

#endif  // BINDFUZZ_HARNESS_BTF_FRONTEND_BTF_FRONTEND_H_
