// Fuzzes the Rust front end (tokenizer, parser, layout engine): any byte
// string must give a Contract or an error naming the file, never a crash, a
// hang, unbounded recursion or UB. An accepted input's contract must survive
// the JSON round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "harness/contract/contract_json.h"
#include "harness/rust_frontend/rust_frontend.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bindfuzz::rust_frontend::RustFrontendOptions options;
  options.max_input_bytes = 1 << 20;
  auto c = bindfuzz::rust_frontend::ExtractRustFromSource(text, "fuzz.rs", options);
  if (!c.ok()) {
    if (c.status().message().substr(0, 7) != "fuzz.rs") std::abort();
    return 0;
  }
  std::string json = bindfuzz::contract::ToJson(*c);
  if (!bindfuzz::contract::FromJson(json, "c.json").ok()) std::abort();
  return 0;
}
