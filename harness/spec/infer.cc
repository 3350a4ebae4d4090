// `infer`: the driver that runs the passes in order over all inputs (Run)
// and the public entry points of infer.h.
#include "harness/spec/infer.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/status/status.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/spec/infer_internal.h"

namespace bindfuzz::spec::internal {

absl::StatusOr<InferResult> Inferer::Run(const std::vector<RustInput>& inputs) {
  uint64_t total = 0;
  std::vector<const RustInput*> sorted;
  for (const RustInput& in : inputs) sorted.push_back(&in);
  std::sort(sorted.begin(), sorted.end(), [](const RustInput* a, const RustInput* b) {
    return a->name != b->name ? a->name < b->name : a < b;  // inputs are one vector: stable
  });
  for (const RustInput* in : sorted) {
    if (in->text.size() > opts_.max_file_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(in->name, ": ", in->text.size(),
                                                     " bytes, over the per-file limit of ",
                                                     opts_.max_file_bytes));
    }
    total += in->text.size();
    if (total > opts_.max_total_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(in->name, ": inputs exceed the total limit of ",
                                                     opts_.max_total_bytes, " bytes"));
    }
    BF_ASSIGN_OR_RETURN(SrcFile f, Prepare(*in));
    files_.push_back(std::move(f));
  }
  stats_.files = files_.size();
  const size_t n = files_.size();
  fn_alias_.resize(n);
  glob_ffi_.assign(n, 0);
  local_fns_.resize(n);
  c_calls_.resize(n);
  free_fns_.resize(n);
  for (uint32_t fi = 0; fi < n; ++fi) CollectExterns(fi);
  // Twice: `use crate::raw::*` may name an alias another file declares.
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t fi = 0; fi < n; ++fi) CollectUses(fi);
  }
  for (uint32_t fi = 0; fi < n; ++fi) {
    MarkCCalls(fi);
    CollectNullHelpers(fi);
  }
  for (uint32_t fi = 0; fi < files_.size(); ++fi) CollectItems(fi);
  for (StructInfo& s : structs_) ResolveStructType(s);
  BuildIndexes();
  for (uint32_t fi = 0; fi < files_.size(); ++fi) {
    CollectBindings(fi);
    MarkMethodBodies(fi);
  }
  for (uint32_t fi = 0; fi < files_.size(); ++fi) {
    ScanCallPatterns(fi);
    ScanForeignTypeMacros(fi);
  }
  for (uint32_t ii = 0; ii < impls_.size(); ++ii) AnalyzeImpl(ii);
  for (uint32_t ii = 0; ii < impls_.size(); ++ii) AnalyzeBorrowMethods(ii);
  BuildFunctions();
  InferResult r;
  r.spec = std::move(spec_);
  r.stats = stats_;
  // The contract of this module: the proposal always re-parses.
  auto check = ParseOwnershipSpec(OwnershipSpecToText(r.spec), "infer");
  if (!check.ok()) {
    return absl::InternalError(absl::StrCat("infer produced a spec that does not parse: ",
                                            check.status().message()));
  }
  return r;
}

}  // namespace bindfuzz::spec::internal

namespace bindfuzz::spec {

absl::StatusOr<std::vector<RustInput>> ReadRustInputs(const std::vector<std::string>& paths,
                                                      const InferOptions& options) {
  namespace fs = std::filesystem;
  std::vector<RustInput> out;
  uint64_t total = 0;
  auto add = [&](const std::string& file, std::string display) -> absl::Status {
    BF_ASSIGN_OR_RETURN(std::string text, ReadFile(file, options.max_file_bytes));
    total += text.size();
    if (total > options.max_total_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(file, ": inputs exceed the total limit of ",
                                                     options.max_total_bytes, " bytes"));
    }
    out.push_back({std::move(display), std::move(text)});
    return absl::OkStatus();
  };
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      BF_RETURN_IF_ERROR(add(p, p));
      continue;
    }
    fs::path root = fs::path(p).lexically_normal();
    if (root.filename().empty()) root = root.parent_path();
    const std::string prefix = root.filename().string();
    std::vector<std::string> files;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) return absl::InvalidArgumentError(absl::StrCat(p, ": cannot read directory: ", ec.message()));
    for (; it != end; it.increment(ec)) {
      if (ec) return absl::InvalidArgumentError(absl::StrCat(p, ": cannot read directory: ", ec.message()));
      const fs::path& e = it->path();
      if (e.filename().string().rfind('.', 0) == 0) {  // hidden
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (e.extension() == ".rs" && it->is_regular_file(ec)) files.push_back(e.string());
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      std::string rel = fs::path(file).lexically_relative(root).string();
      BF_RETURN_IF_ERROR(add(file, prefix.empty() ? rel : prefix + "/" + rel));
    }
  }
  return out;
}

absl::StatusOr<InferResult> InferOwnershipSpec(const std::vector<RustInput>& inputs, const InferOptions& options) {
  return internal::Inferer(options).Run(inputs);
}

}  // namespace bindfuzz::spec
