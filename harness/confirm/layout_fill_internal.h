// What layout_fill.cc and layout_fill_crate.cc share: rustc's answers for
// records without layout, written into the contract with notes.
#ifndef BINDFUZZ_HARNESS_CONFIRM_LAYOUT_FILL_INTERNAL_H_
#define BINDFUZZ_HARNESS_CONFIRM_LAYOUT_FILL_INTERNAL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <set>

#include "harness/contract/contract.h"
#include "harness/rust_frontend/rust_frontend.h"

namespace bindfuzz::confirm::internal {

struct RecordAnswer {
  std::optional<uint64_t> size, align;
  std::map<std::string, uint64_t> offsets;  // contract field name -> bytes
  std::string failed;                       // rustc's message for a fact it could not answer
};

// Writes rustc's size, align and offsets into each of `targets` that has a
// complete answer (field sizes from the contract as filled and
// `rustc_sizes`), with a note naming `source` ("rustc 1.95.0 (host
// probe)"); a note why not for the others. Returns the records filled.
std::vector<std::string> ApplyRecordAnswers(const std::vector<std::string>& targets,
                                            std::map<std::string, RecordAnswer>& answers,
                                            const std::map<std::string, uint64_t>& rustc_sizes,
                                            const std::string& source, contract::Contract* c);

// Facts no compiler answers: an unsized or generic type has no size.
bool Unanswerable(const rust_frontend::RustLayoutFact& f);
// The named types the fields of `records` hold (through arrays), by key.
std::set<std::string> HeldTypes(const contract::Contract& c, const std::vector<std::string>& records);
// A "layout not filled from rustc: <why>" note on each of `records`.
void NoteNotFilled(const std::vector<std::string>& records, const std::string& why, contract::Contract* c);
// rustc's size of `item`, a type the contract does not lay out (a wide
// enum): kept in `rustc_sizes` for the fields that hold it, the enum's
// size if it has one, and a note naming `source`.
void AddHeldLayout(const std::string& item, uint64_t size, uint64_t align, const std::string& source,
                   std::map<std::string, uint64_t>* rustc_sizes, contract::Contract* c);

// "rustc 1.95.0" of "rustc 1.95.0 (59807616e 2026-04-14)".
std::string ShortVersion(const std::string& v);
// A compiler's message as one bounded line (the rest names scratch files).
std::string Clip(const std::string& s, size_t n);

}  // namespace bindfuzz::confirm::internal

#endif  // BINDFUZZ_HARNESS_CONFIRM_LAYOUT_FILL_INTERNAL_H_
