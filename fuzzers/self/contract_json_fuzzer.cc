// Fuzzes the contract JSON reader (harness/contract/contract_json.cc): any
// byte string must yield a Contract or an error, never a crash, a hang or
// UB. Accepted inputs must round-trip exactly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "harness/contract/contract_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto c = bindfuzz::contract::FromJson(text, "fuzz.json");
  if (!c.ok()) {
    // Every error must name the source.
    if (c.status().message().substr(0, 9) != "fuzz.json") std::abort();
    return 0;
  }
  std::string again = bindfuzz::contract::ToJson(*c);
  auto back = bindfuzz::contract::FromJson(again, "again.json");
  // Strings with invalid UTF-8 are replaced on write, so only compare when
  // the first parse was of valid text.
  if (!back.ok()) std::abort();
  if (bindfuzz::contract::ToJson(*back) != again) std::abort();
  return 0;
}
