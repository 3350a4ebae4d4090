// Fuzzes `bindfuzz infer` (harness/spec/infer*.cc) on one Rust file: any byte
// string must give a proposed spec or an error naming the file, never a
// crash, a hang, unbounded recursion or UB; a proposal must print to spec
// text that re-parses (infer checks this itself and reports Internal if not).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "harness/spec/infer.h"
#include "harness/spec/spec_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto r = bindfuzz::spec::InferOwnershipSpec({{"fuzz.rs", std::move(text)}}, {});
  if (!r.ok()) {
    if (r.status().code() != absl::StatusCode::kInvalidArgument ||
        r.status().message().substr(0, 7) != "fuzz.rs") {
      std::fprintf(stderr, "unexpected error: %s\n", r.status().ToString().c_str());
      std::abort();
    }
    return 0;
  }
  auto again = bindfuzz::spec::ParseOwnershipSpec(bindfuzz::spec::OwnershipSpecToText(r->spec), "again");
  if (!again.ok()) {
    std::fprintf(stderr, "proposal does not re-parse: %s\n", again.status().ToString().c_str());
    std::abort();
  }
  return 0;
}
