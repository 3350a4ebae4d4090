// `#[cfg(...)]` predicates (internal), evaluated as rustc evaluates them:
// against a set of cfg options — the target's (from the target model
// generated from rustc, harness/target) plus the `--cfg`s and features the
// user gives. Three-valued: 1 true, 0 false, -1 cannot decide (a malformed
// predicate, or one of the few options rustc sets that the set does not
// model, e.g. `target_feature`: the caller keeps the item and says so).
//
//   CfgSet cfgs = CfgSet::ForTarget(*target::LookupTarget("x86_64-linux-gnu"));
//   cfgs.Add("newlib");               // --cfg newlib
//   cfgs.Add("feature=\"std\"");      // --features std
//   std::set<std::string> unset;
//   int v = EvalCfgAttr(attr, file, cfgs, &unset);   // #[cfg(not(newlib))] -> 0
//
// As in rustc, an option that is not set is false: `feature = "x"` without
// that feature, `some_custom_cfg` without `--cfg some_custom_cfg`. Names
// that are neither set nor one of rustc's own (target_*, unix, windows,
// test, doc, feature, ...) are collected in `unset` so a note can list them.
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_CFG_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_CFG_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/target/target.h"

namespace bindfuzz::rust_frontend {

struct CfgSet {
  std::set<std::pair<std::string, std::string>> options;  // (name, value); value "" for a bare name
  std::set<std::string> names;                            // names with some option set

  // rustc's cfgs for `t`: target_arch, target_os, target_env,
  // target_vendor, target_abi, target_family, target_endian,
  // target_pointer_width, unix / windows, target_thread_local.
  static CfgSet ForTarget(const target::TargetInfo& t);
  void Set(std::string name, std::string value = "");
  // One option in rustc's `--cfg` syntax: `name` or `name="value"` (also
  // `name=value`). InvalidArgument for anything else.
  absl::Status Add(std::string_view cfg);
  // `feature="<f>"` for each of a comma/space separated list.
  void AddFeatures(std::string_view list);
  bool Has(const std::string& name, const std::string& value) const { return options.count({name, value}) > 0; }
};

// The predicate starting at token *i (before `end`); advances *i past it.
// Nesting beyond 64 levels cannot be decided. Names neither set nor rustc's
// own go to `unset` (may be null).
int EvalCfgPredicate(const LexedFile& f, uint32_t* i, uint32_t end, const CfgSet& cfgs,
                     std::set<std::string>* unset, int depth);

// The predicate of a `cfg` attribute; -1 unless it spans all the
// attribute's arguments.
int EvalCfgAttr(const Attr& a, const LexedFile& f, const CfgSet& cfgs, std::set<std::string>* unset);

// The attributes a `#[cfg_attr(pred, a1, a2, ...)]` stands for: a1, a2, ...
// when the predicate holds (value 1), none when it does not (0); -1 when it
// cannot be decided or is malformed (then `out` is untouched).
int ExpandCfgAttr(const Attr& a, const LexedFile& f, const CfgSet& cfgs, std::set<std::string>* unset,
                  std::vector<Attr>* out);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_CFG_H_
