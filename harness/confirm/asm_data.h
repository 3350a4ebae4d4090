// Reads the bytes of data objects back from a compiler's assembly output
// (`gcc -S`, `clang -S`), so a C probe can be evaluated for any target
// without running anything: every value the probe asks for is a constant
// initializer, and the assembler directives that follow the object's label
// spell its bytes.
//
//   AsmListing a = ParseAsm(gcc_s_text, {.word_bytes = 2, .big_endian = false});
//   std::optional<std::string> bytes = a.DataOf("bindfuzz_fact_3");
//   a.Defines("dev_id");  // a label `dev_id:` exists in this unit
//   a.IsGlobal("dev_id"); // and `.globl dev_id` makes it external
//
// Understood: `.byte`, `.short`/`.value`/`.hword`/`.half`/`.2byte`,
// `.long`/`.int`/`.4byte`, `.word` (2 bytes on x86, 4 elsewhere),
// `.quad`/`.xword`/`.dword`/`.8byte`, `.zero`/`.skip`/`.space`,
// `.ascii`/`.string`/`.asciz` (C escapes). A data word that is a symbol
// (a relocation) makes the object's bytes unknown. Labels may carry the
// Mach-O/COFF leading underscore (`_name:`).
#ifndef BINDFUZZ_HARNESS_CONFIRM_ASM_DATA_H_
#define BINDFUZZ_HARNESS_CONFIRM_ASM_DATA_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace bindfuzz::confirm {

struct AsmOptions {
  int word_bytes = 4;      // size of `.word`: 2 on x86, 4 on the other targets
  bool big_endian = false;
};

struct AsmListing {
  // Bytes of each data label; nullopt when a directive could not be read.
  std::map<std::string, std::optional<std::string>> data;
  std::set<std::string> labels;   // every `name:` label
  std::set<std::string> globals;  // names made global (`.globl`, `.global`)
  // Symbols each data label's words refer to (relocations: `.quad dev_read`).
  std::map<std::string, std::set<std::string>> refs;

  // Data of `name` (or `_name`), nullopt if absent or unreadable.
  std::optional<std::string> DataOf(const std::string& name) const;
  bool Defines(const std::string& name) const;
  bool IsGlobal(const std::string& name) const;
  // Symbols the data of `name` (or `_name`) refers to, leading `_` kept.
  std::set<std::string> RefsOf(const std::string& name) const;
};

AsmListing ParseAsm(std::string_view text, const AsmOptions& options);

// Decodes a `.ascii`/`.string` operand (with its quotes) into bytes; false on
// a malformed literal.
bool DecodeAsmString(std::string_view quoted, std::string* out);

}  // namespace bindfuzz::confirm

#endif  // BINDFUZZ_HARNESS_CONFIRM_ASM_DATA_H_
