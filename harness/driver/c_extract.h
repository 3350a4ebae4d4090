// The C front end behind the driver, present or not. A bindfuzz configured
// with -DBINDFUZZ_BUILD_C_FRONTEND=OFF links c_extract_unavailable.cc instead
// of c_extract.cc: every command that parses C then fails with
// CFrontendUnavailable() (exit 2) and the others work as usual.
//
//   if (!driver::HaveCFrontend()) return driver::CFrontendUnavailable(header);
//   BF_ASSIGN_OR_RETURN(contract::Contract c, driver::ExtractCContract(inputs));
#ifndef BINDFUZZ_HARNESS_DRIVER_C_EXTRACT_H_
#define BINDFUZZ_HARNESS_DRIVER_C_EXTRACT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "harness/contract/contract.h"
#include "harness/driver/pipeline.h"

namespace bindfuzz::driver {

// True when this binary links the Clang libTooling front end.
bool HaveCFrontend();

// "Clang <LLVM version>" of the C front end, or "not built".
std::string CFrontendDescription();

// The C contract of `in.headers` with `in.flags` (cfront::ExtractC), or
// CFrontendUnavailable() for the first header.
absl::StatusOr<contract::Contract> ExtractCContract(const CInputs& in);

// "<file>: this bindfuzz was built without the C front end
// (-DBINDFUZZ_BUILD_C_FRONTEND=OFF)"; `file` may be empty.
absl::Status CFrontendUnavailable(const std::string& file);

}  // namespace bindfuzz::driver

#endif  // BINDFUZZ_HARNESS_DRIVER_C_EXTRACT_H_
