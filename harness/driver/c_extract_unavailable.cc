// The driver's C extraction in a bindfuzz built without the Clang front end
// (-DBINDFUZZ_BUILD_C_FRONTEND=OFF): every C input is an error that says so.
#include <string>

#include "harness/driver/c_extract.h"

namespace bindfuzz::driver {

bool HaveCFrontend() { return false; }

std::string CFrontendDescription() { return "not built"; }

absl::StatusOr<contract::Contract> ExtractCContract(const CInputs& in) {
  return CFrontendUnavailable(in.headers.empty() ? std::string() : in.headers.front());
}

}  // namespace bindfuzz::driver
