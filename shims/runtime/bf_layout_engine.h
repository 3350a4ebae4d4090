// bindfuzz layout engine: drives the layout and call fuzz targets that
// `bindfuzz gen` generates (mismatch classes (a) to (f), see
// harness/codegen/layout_codegen.h). The generator emits only tables (one
// BfRecord per record, one BfFunction per function, each pointing at the
// C accessors of the generated C side) and this call:
//
//   #include "bf_layout_engine.h"
//   namespace {
//   const BfField kFields_r0[] = {{"b", 4, 4, 0, 4, bf_c_write_r0_f1, bf_c_read_r0_f1}};
//   const BfRecord kRecords[] = {{"struct pair", 8, 4, bf_c_sizeof_r0, ...}};
//   const BfLayoutTarget kTarget = {kRecords, 1, nullptr, 0};
//   }  // namespace
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
//     return bf_layout_run(&kTarget, data, size);
//   }
//
// C++ (it reads inputs with libFuzzer's FuzzedDataProvider), compiled with
// the target's sanitizers but without coverage: the C side's per-record,
// per-field accessors give libFuzzer its features. Links
// bindfuzz_runtime.c (exact allocation, tag lines); never the harness.
//
// Reports: ASan and UBSan reports for classes (a) and (c) (and (d) with
// -fsanitize=function), else one line from bf_violation:
//   BINDFUZZ-MISMATCH: field-offset struct pair.b rust=0 c=4
// with the kinds field-offset, field-type, enum-missing-value,
// bitfield-position, bitfield-width, function-param-type,
// function-param-width, function-return-type, function-return-width,
// function-signedness, function-param-count. BINDFUZZ_TRACE=1 prints a
// `BINDFUZZ-ACCESS: ...` line naming what each input touches.
#ifndef BINDFUZZ_SHIMS_RUNTIME_BF_LAYOUT_ENGINE_H_
#define BINDFUZZ_SHIMS_RUNTIME_BF_LAYOUT_ENGINE_H_

#include <cstddef>
#include <cstdint>

// A field as each side lays it out (bytes). c_write/c_read go through the
// real C type (generated C side).
struct BfField {
  const char* name;
  size_t c_offset;
  size_t c_width;
  size_t rust_offset;
  size_t rust_width;
  void (*c_write)(void* obj, const void* src);
  void (*c_read)(const void* obj, void* dst);
};

// (f) A bitfield: C's bit position and width (C compiler's semantics via
// c_get/c_set) and Rust's (bindgen's __BindgenBitfieldUnit semantics).
struct BfBitfield {
  const char* name;
  size_t c_bit;
  size_t c_width;
  size_t rust_bit;
  size_t rust_width;
  unsigned long long (*c_get)(const void* obj);
  void (*c_set)(void* obj, unsigned long long v);
};

// (e) A field whose Rust type admits only some bit patterns.
struct BfValue {
  const char* name;
  const char* rust_type;  // "bool" or the Rust enum
  const char* kind;       // tag kind: field-type / enum-missing-value
  size_t rust_offset;
  size_t rust_width;
  void (*c_set)(void* obj, long long v);  // stores through the C type
  const long long* c_values;  // what C produces; nullptr = any value
  size_t num_c_values;
  const unsigned long long* rust_valid;
  size_t num_rust_valid;
};

struct BfRecord {
  const char* display;  // `struct file`: for the tag line
  size_t rust_size;
  size_t rust_align;
  size_t (*c_sizeof)(void);
  size_t (*c_alignof)(void);
  void (*c_copy)(void* dst, const void* src);  // C copies the object by value
  void (*c_touch)(const void* obj);     // (c) typed access as C (nullptr: none)
  void (*rust_touch)(const void* obj);  // (c) typed access as Rust's mirror
  const BfField* fields;
  size_t num_fields;
  const BfBitfield* bitfields;
  size_t num_bitfields;
  const BfValue* values;
  size_t num_values;
};

// (d) A parameter or return value: ABI class as each side declares it.
struct BfAbi {
  char kind;  // 'v' void, 'i' integer, 'b' bool, 'p' pointer, 'f' float
  unsigned char bits;
  bool is_signed;
};

struct BfFunction {
  const char* name;
  size_t num_c_params;
  const BfAbi* c_params;
  size_t num_rust_params;
  const BfAbi* rust_params;
  BfAbi c_ret;
  BfAbi rust_ret;
  void* (*c_addr)(void);                   // C's definition
  void (*c_setret)(unsigned long long);    // the bits C returns
  const unsigned long long* c_received;    // the bits C received
  // Calls c_addr() through a pointer typed as Rust declares the function.
  void (*call_as_rust)(void* fn, const unsigned long long* args, unsigned long long* ret);
  const long long* c_ret_values;  // C returns an enum: its enumerators
  size_t num_c_ret_values;
  const unsigned long long* rust_ret_valid;  // Rust bool / enum: valid patterns
  size_t num_rust_ret_valid;
};

// What one generated target covers.
struct BfLayoutTarget {
  const BfRecord* records;
  size_t num_records;
  const BfFunction* functions;
  size_t num_functions;
};

// Runs one input: which record or function, which class, which field
// (FuzzedDataProvider integers from the end), then the values (from the
// front). Every input is valid; nothing depends on time or state. Returns 0
// (reports abort).
extern "C" int bf_layout_run(const BfLayoutTarget* target, const uint8_t* data, size_t size);

class FuzzedDataProvider;

// One class of checks on one record or function: what bf_layout_run picks
// between. Public for the engine's own tests.
namespace bf_layout {
// (a) + (b): objects at exactly one side's size, accessed through the other.
void LayoutCase(const BfRecord& r, bool rust_allocates, FuzzedDataProvider& fdp);
// (c) Each side places the object at its own alignment, the other accesses it.
void AlignmentCase(const BfRecord& r);
// (e) C stores a value it can produce; Rust reads it as its type.
void ValueCase(const BfRecord& r, FuzzedDataProvider& fdp);
// (f) The C compiler's bitfield semantics against bindgen's bitfield unit.
void BitfieldCase(const BfRecord& r, FuzzedDataProvider& fdp);
// (d) Rust calls C through a pointer typed as Rust declares the function.
void FunctionCase(const BfFunction& fn, FuzzedDataProvider& fdp);
// BINDFUZZ-ACCESS lines on stderr (bf_layout_run sets it from BINDFUZZ_TRACE).
void SetTrace(bool on);
}  // namespace bf_layout

#endif  // BINDFUZZ_SHIMS_RUNTIME_BF_LAYOUT_ENGINE_H_
