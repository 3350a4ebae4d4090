#include "harness/tool/version.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "harness/common/version.h"
#include "harness/contract/contract.h"
#include "harness/driver/c_extract.h"

namespace bindfuzz::tool {

std::string VersionText(const absl::StatusOr<RuntimePaths>& runtime) {
  std::string out = absl::StrCat("bindfuzz ", kBindfuzzVersion, " (contract format ",
                                 contract::kContractFormatVersion,
                                 ", C front end: ", driver::CFrontendDescription(), ")\n");
  if (runtime.ok()) {
    absl::StrAppend(&out, "runtime and shim sources: ", runtime->shims_dir, " (", runtime->origin,
                    ", ", runtime->marker, ")\n", "replay driver: ", runtime->replay_main, "\n");
  } else {
    absl::StrAppend(&out, "runtime and shim sources: not found: ", runtime.status().message(),
                    "\n");
  }
  return out;
}

}  // namespace bindfuzz::tool
