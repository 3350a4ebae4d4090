// `#[cfg(...)]` predicates (internal), evaluated for the target the layouts
// are computed for. Three-valued: 1 true, 0 false, -1 unknown (a cfg the
// front end cannot decide, e.g. a feature: the caller keeps the item and
// says so in a note).
//
//   int v = EvalCfgAttr(attr, file, target);   // #[cfg(target_pointer_width = "64")]
//
// Known today: target_arch, target_pointer_width, target_os, target_family,
// target_endian, target_env; `unix`, `windows`, `target_thread_local`;
// `test`, `doc`, `doctest`, `miri` (false); all/any/not.
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_CFG_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_CFG_H_

#include <cstdint>

#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/target.h"

namespace bindfuzz::rust_frontend {

// The predicate starting at token *i (before `end`); advances *i past it.
// Nesting beyond 64 levels is unknown.
int EvalCfgPredicate(const LexedFile& f, uint32_t* i, uint32_t end, const Target& tg, int depth);

// The predicate of a `cfg` attribute; unknown unless it spans all the
// attribute's arguments.
int EvalCfgAttr(const Attr& a, const LexedFile& f, const Target& tg);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_CFG_H_
