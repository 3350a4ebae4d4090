// Lossless JSON (de)serialisation of an OwnershipSpec (ownership.h): what
// `bindfuzz spec x.bfspec --format json` prints and what generators and
// goldens (harness/testdata/spec/*.json) read.
//
//   std::string text = bindfuzz::contract::OwnershipToJson(spec);
//   absl::StatusOr<OwnershipSpec> back =
//       bindfuzz::contract::OwnershipFromJson(text, "x.json");
//
// Same rules as contract_json.h: deterministic output (resources in name
// order, functions/callbacks/notes in spec order, default-valued members
// omitted); a strict reader (unknown or duplicate keys, wrong types, out of
// range numbers, unknown enum names and nesting deeper than kMaxJsonDepth are
// errors naming `<source>:<line>:<col>` and the JSON pointer). The reader
// checks shape only; the cross-reference checks of the text parser
// (harness/spec) are about hand-written specs.
#ifndef BINDFUZZ_HARNESS_CONTRACT_OWNERSHIP_JSON_H_
#define BINDFUZZ_HARNESS_CONTRACT_OWNERSHIP_JSON_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "harness/contract/ownership.h"

namespace bindfuzz::contract {

// `indent` < 0 writes one line; otherwise pretty-prints with that indent.
std::string OwnershipToJson(const OwnershipSpec& spec, int indent = 1);

// `source_name` is used in error messages (usually the file path).
absl::StatusOr<OwnershipSpec> OwnershipFromJson(std::string_view text,
                                                std::string_view source_name);

}  // namespace bindfuzz::contract

#endif  // BINDFUZZ_HARNESS_CONTRACT_OWNERSHIP_JSON_H_
