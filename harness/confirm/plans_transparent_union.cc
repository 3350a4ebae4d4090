// Planner::CPassedAs: what a C parameter is passed as. A parameter whose
// type is a `__attribute__((transparent_union))` union (glibc's
// `__SOCKADDR_ARG`) is passed as the union's first member: its class is
// that member's (a pointer), not an aggregate's; so is a parameter of a
// function-pointer type.
#include <string>

#include "absl/strings/str_cat.h"
#include "harness/confirm/planner.h"

namespace bindfuzz::confirm::internal {

CRead Planner::CPassedAs(const Type& ct, const std::string& te, bool full, std::string* claim, std::string* why) {
  *claim = full ? tshape_.Full(ct) : tshape_.L1(ct);
  auto read = [&](const Type& t, const std::string& e) { return full ? CFull(t, e, why) : CLevel1(t, e, why); };
  const Type& t = ResolveTypedefs(T_, ct);
  auto rec = t.kind == TypeKind::kRecord ? T_.records.find(t.name) : T_.records.end();
  if (rec == T_.records.end() || !rec->second.transparent_union) return read(ct, te);
  const Record& u = rec->second;
  const Field* first = nullptr;
  for (const Field& f : u.fields) {
    if (!f.artificial) {
      first = &f;
      break;
    }
  }
  if (!first || !IsProbeSafeCIdentifier(first->name)) {
    *why = "the transparent union's first member has no name gcc can refer to";
    return nullptr;
  }
  const std::string member_te = absl::StrCat("__typeof__(((", te, " *)0)->", first->name, ")");
  // gcc checks that the union is transparent: a call through a prototype
  // taking it accepts a value of the first member's type only then (sizeof
  // does not evaluate the call).
  CFact tf = CFact::Ints({absl::StrCat("sizeof(((int (*)(", te, "))0)(*(", member_te, " *)0))")});
  tf.absent_if = {"incompatible type for argument"};
  const size_t transparent = AddC(std::move(tf));
  CRead member = read(first->type, member_te);
  if (!member) return nullptr;
  *claim = full ? tshape_.Full(first->type) : tshape_.L1(first->type);
  return [transparent, member](const CProbeRun& run) {
    const CFactResult& r = run.results[transparent];
    if (r.state == CFactResult::State::kAbsent) return NoValue("gcc: the union is not transparent");
    Obs o = CInts(run, transparent, 1);
    return o.ok ? member(run) : o;
  };
}

}  // namespace bindfuzz::confirm::internal
