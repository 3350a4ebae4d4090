#include "harness/driver/target_select.h"

#include <optional>

#include "absl/strings/str_cat.h"

namespace bindfuzz::driver {

absl::StatusOr<TargetChoice> SelectTarget(const std::string& rust_target, CInputs* c, RustInputs* rust) {
  TargetChoice out;
  std::optional<std::string> c_target;
  if (c != nullptr) c_target = target::ClangTargetFromFlags(c->flags);
  const target::TargetInfo* from_c = nullptr;
  const target::TargetInfo* from_rust = nullptr;
  if (c_target) {
    from_c = target::FindByClangTriple(*c_target);
    if (from_c == nullptr) from_c = target::FindByRustTriple(*c_target);
    if (from_c == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("the C flags' --target=", *c_target,
                                                     " is not a target bindfuzz knows; ",
                                                     target::SupportedTargetsMessage()));
    }
  }
  if (!rust_target.empty()) {
    absl::StatusOr<const target::TargetInfo*> t = target::LookupTarget(rust_target);
    if (!t.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--target ", rust_target, " is not a target bindfuzz knows; ",
                                                     target::SupportedTargetsMessage()));
    }
    from_rust = *t;
  }
  if (from_c != nullptr && from_rust != nullptr && from_c != from_rust) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the C side and the Rust side are on different targets: the C flags say --target=", *c_target, " (",
        std::string(from_c->rust_triple), "), --target says ", rust_target, " (", std::string(from_rust->rust_triple),
        "); give one --target (it sets both sides) or make them agree; ", target::SupportedTargetsMessage()));
  }
  out.explicit_target = from_c != nullptr || from_rust != nullptr;
  out.target = from_rust != nullptr ? from_rust : from_c;
  if (out.target == nullptr) out.target = *target::LookupTarget("x86_64-unknown-linux-gnu");
  if (rust != nullptr) rust->target_triple = std::string(out.target->rust_triple);
  if (c != nullptr && out.explicit_target) {
    if (!c_target) c->flags.push_back(absl::StrCat("--target=", std::string(out.target->clang_triple)));
    out.c_headers = target::ChooseCHeaders(*out.target, c->flags);
    c->flags.insert(c->flags.end(), out.c_headers.flags.begin(), out.c_headers.flags.end());
  }
  return out;
}

}  // namespace bindfuzz::driver
