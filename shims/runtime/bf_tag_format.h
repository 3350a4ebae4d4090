// The tag lines generated fuzz targets print, defined once: the runtime
// formats them with these macros and the harness (`bindfuzz explain`,
// harness/explain/tag_line.h) parses them with the same ones. Plain C
// preprocessor text: no declarations, no includes, so the harness includes
// it without linking the runtime.
//
//   fprintf(stderr, BF_ACCESS_RECORD_FORMAT, "struct pair", "b", BF_MODE_C_ALLOCATES,
//           (size_t)8, (size_t)8, (size_t)0, (size_t)4, (size_t)4, (size_t)4);
//   -> BINDFUZZ-ACCESS: struct pair field=b c-allocates rust_size=8 c_size=8 rust_offset=0 ...
//
// Every line is one line: names from inputs are written with control and
// non-ASCII bytes as \xNN. Tests, CI and users' scripts match these bytes:
// changing one is a format change (bump BF_TAG_FORMAT_VERSION and say so).
#ifndef BINDFUZZ_SHIMS_RUNTIME_BF_TAG_FORMAT_H_
#define BINDFUZZ_SHIMS_RUNTIME_BF_TAG_FORMAT_H_

#define BF_TAG_FORMAT_VERSION 1

// Line prefixes.
#define BF_TAG_MISMATCH "BINDFUZZ-MISMATCH: "  // a layout/call assumption failed (aborts)
#define BF_TAG_ACCESS "BINDFUZZ-ACCESS: "      // what an input touches (BINDFUZZ_TRACE=1)
#define BF_TAG_LIFETIME "BINDFUZZ-LIFETIME: "  // a lifetime assumption failed (aborts)
#define BF_TAG_SEQ "BINDFUZZ-SEQ: "            // one operation of a lifetime input (BINDFUZZ_TRACE=1)
#define BF_TAG_KERNEL "BINDFUZZ-KERNEL: "      // a WARN/BUG of the kernel shims
#define BF_TAG_ERROR "BINDFUZZ-ERROR: "        // the engine itself failed (never a finding)

// ---- BINDFUZZ-MISMATCH: <kind> <details>
// <kind> is a name of harness/diff/mismatch_kinds.def. Details by shape
// (<subject> is `<record display>.<field>`, e.g. `struct pair.b`, or a
// function name):
#define BF_MISMATCH_FORMAT BF_TAG_MISMATCH "%s %s\n"
// (b) field-offset: what one side wrote and the other read back differ.
#define BF_DETAIL_FIELD_OFFSET "%s.%s rust=%zu c=%zu"
// (e) field-type / enum-missing-value: C stored a value Rust's type lacks.
#define BF_DETAIL_VALUE "%s.%s rust=%s value=%llu (C stored %lld)"
// (f) bitfield-position / bitfield-width.
#define BF_DETAIL_BITFIELD "%s.%s rust=bit %zu width %zu c=bit %zu width %zu wrote=%llu read=%llu"
// (d) function-param-* / function-signedness: an argument arrived changed.
#define BF_DETAIL_PARAM "%s param %zu rust=%s c=%s sent=0x%llx received=0x%llx"
// (d) function-param-count.
#define BF_DETAIL_PARAM_COUNT "%s rust=%zu c=%zu"
// (d) function-return-*: the return value arrived changed.
#define BF_DETAIL_RETURN "%s return rust=%s c=%s sent=0x%llx received=0x%llx"
// (e) enum-missing-value of a return value.
#define BF_DETAIL_RETURN_VALUE "%s return value=%llu is not valid for Rust's return type"

// ---- BINDFUZZ-ACCESS: what a layout input touches.
// A record: its display name (`struct file`, `union u`, or a typedef name),
// the field (`-`: none) and the mode, then both sides' numbers.
#define BF_ACCESS_KEY_FIELD "field="
#define BF_ACCESS_KEY_RUST_SIZE "rust_size="
#define BF_ACCESS_KEY_C_SIZE "c_size="
#define BF_ACCESS_KEY_RUST_OFFSET "rust_offset="
#define BF_ACCESS_KEY_C_OFFSET "c_offset="
#define BF_ACCESS_KEY_RUST_ALIGN "rust_align="
#define BF_ACCESS_KEY_C_ALIGN "c_align="
#define BF_ACCESS_NO_FIELD "-"
#define BF_ACCESS_RECORD_FORMAT                                                              \
  BF_TAG_ACCESS "%s " BF_ACCESS_KEY_FIELD "%s %s " BF_ACCESS_KEY_RUST_SIZE                  \
                "%zu " BF_ACCESS_KEY_C_SIZE "%zu " BF_ACCESS_KEY_RUST_OFFSET                \
                "%zu " BF_ACCESS_KEY_C_OFFSET "%zu " BF_ACCESS_KEY_RUST_ALIGN "%zu " \
                BF_ACCESS_KEY_C_ALIGN "%zu\n"
// A function called through a pointer typed as Rust declares it.
#define BF_ACCESS_FUNCTION_WORD "function"
#define BF_ACCESS_FUNCTION_FORMAT BF_TAG_ACCESS BF_ACCESS_FUNCTION_WORD " %s\n"
// Modes: (a)+(b) who allocated the object at its size; (c) who placed it at
// its alignment (same-aligned: both agree); (e) and (f).
#define BF_MODE_RUST_ALLOCATES "rust-allocates"
#define BF_MODE_C_ALLOCATES "c-allocates"
#define BF_MODE_RUST_ALIGNED "rust-aligned"
#define BF_MODE_C_ALIGNED "c-aligned"
#define BF_MODE_SAME_ALIGNED "same-aligned"
#define BF_MODE_VALUES "values"
#define BF_MODE_BITFIELD "bitfield"

// ---- BINDFUZZ-LIFETIME: <class> <function|-> spec <file>:<line> <context>[ <detail>]
//      [; h<N> <type>[ [why]]: <event>, <event>...]...[; Rust buffer ...]
// <context>: `op <k> (<what>)`, `op end (<what>)`, `(no call in progress)`
// (line 0) or `(after the input)` (leaks). <class> is a sanitizer's class
// (heap-use-after-free, leak, ...) or one of the engine's own checks:
#define BF_LIFETIME_BORROW_CHANGED "borrow-changed"
#define BF_LIFETIME_UNEXPECTED_ERRPTR "unexpected-errptr"
#define BF_LIFETIME_UNEXPECTED_NULL "unexpected-null"
#define BF_LIFETIME_MISALIGNED "misaligned"
#define BF_LIFETIME_LENGTH_OUT_OF_RANGE "length-out-of-range"
#define BF_LIFETIME_MISSING_NUL "missing-nul"
// Callbacks (shims/lifetime/bf_seq_callback.c): C calls a closure while it
// is not registered, or passes back other user data than Rust registered.
#define BF_LIFETIME_CALLBACK_NOT_REGISTERED "callback-outside-registration"
#define BF_LIFETIME_CALLBACK_USER_DATA "callback-user-data-changed"
#define BF_LIFETIME_LEAK "leak"
#define BF_LIFETIME_SPEC " spec "
#define BF_LIFETIME_OP " op "
#define BF_LIFETIME_OP_END "end"
#define BF_LIFETIME_NO_CALL "(no call in progress)"
#define BF_LIFETIME_AFTER_INPUT "(after the input)"
#define BF_LIFETIME_NO_FUNCTION "-"
#define BF_LIFETIME_HANDLE "; h"
#define BF_LIFETIME_RUST_BUFFER "; Rust buffer "

#endif  // BINDFUZZ_SHIMS_RUNTIME_BF_TAG_FORMAT_H_
