// The driver's C extraction with the Clang front end linked in.
#include "harness/driver/c_extract.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "harness/c_frontend/c_frontend.h"

namespace bindfuzz::driver {

bool HaveCFrontend() { return true; }

std::string CFrontendDescription() { return absl::StrCat("Clang ", BINDFUZZ_LLVM_VERSION); }

absl::StatusOr<contract::Contract> ExtractCContract(const CInputs& in) {
  cfront::CFrontendOptions o;
  o.headers = in.headers;
  o.flags = in.flags;
  o.working_directory = in.workdir;
  o.include_prefixes = in.include_prefixes;
  o.evaluate_macros = in.evaluate_macros;
  return cfront::ExtractC(o);
}

}  // namespace bindfuzz::driver
