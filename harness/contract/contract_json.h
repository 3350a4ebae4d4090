// Lossless JSON (de)serialisation of a Contract: the format at every stage
// boundary (`bindfuzz extract-* -o x.json`, `bindfuzz diff a.json b.json`).
//
//   std::string text = bindfuzz::contract::ToJson(contract);
//   absl::StatusOr<Contract> back = bindfuzz::contract::FromJson(text, "x.json");
//
// Output is deterministic: maps are written in key order, default-valued
// members are omitted. The reader is strict (unknown keys, wrong types, out
// of range numbers, nesting deeper than kMaxJsonDepth are errors) and every
// error names `<source>:<line>:<col>` and the JSON pointer of the bad value.
#ifndef BINDFUZZ_HARNESS_CONTRACT_CONTRACT_JSON_H_
#define BINDFUZZ_HARNESS_CONTRACT_CONTRACT_JSON_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "harness/contract/contract.h"

namespace bindfuzz::contract {

inline constexpr int kMaxJsonDepth = 256;

// `indent` < 0 writes one line; otherwise pretty-prints with that indent.
std::string ToJson(const Contract& contract, int indent = 1);

// `source_name` is used in error messages (usually the file path).
absl::StatusOr<Contract> FromJson(std::string_view text, std::string_view source_name);

}  // namespace bindfuzz::contract

#endif  // BINDFUZZ_HARNESS_CONTRACT_CONTRACT_JSON_H_
