// Fuzzes the ownership spec parser and printer (harness/spec/spec_parser.cc)
// and the spec JSON (harness/contract/ownership_json.cc): any byte string
// must give a spec or an error naming the file, never a crash, a hang,
// unbounded recursion or UB. An accepted spec must survive the trips
// text -> spec -> canonical text -> spec (equal apart from source locations;
// the canonical text is a fixed point) and spec -> JSON -> spec (equal).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "harness/contract/ownership.h"
#include "harness/contract/ownership_json.h"
#include "harness/spec/spec_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  auto spec = bindfuzz::spec::ParseOwnershipSpec(text, "fuzz.bfspec");
  if (!spec.ok()) {
    if (spec.status().message().substr(0, 12) != "fuzz.bfspec:") std::abort();
    return 0;
  }
  const std::string printed = bindfuzz::spec::OwnershipSpecToText(*spec);
  auto again = bindfuzz::spec::ParseOwnershipSpec(printed, "printed.bfspec");
  if (!again.ok()) std::abort();
  if (bindfuzz::spec::OwnershipSpecToText(*again) != printed) std::abort();
  bindfuzz::contract::OwnershipSpec a = *spec, b = *again;
  bindfuzz::contract::ClearSpecLocs(a);
  bindfuzz::contract::ClearSpecLocs(b);
  if (!(a == b)) std::abort();
  const std::string json = bindfuzz::contract::OwnershipToJson(*spec);
  auto from_json = bindfuzz::contract::OwnershipFromJson(json, "fuzz.json");
  if (!from_json.ok() || !(*from_json == *spec)) std::abort();
  return 0;
}
