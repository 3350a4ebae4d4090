// State carried from one input to the next, for the sequence engine
// (bf_seq.c): what is reset before each input, and what is watched.
//
// A fuzzer runs many inputs in one process; a crash that needs state left
// by earlier inputs (a static counter, a cache, a global list) does not
// reproduce from the saved input alone. Before each input the engine:
//   1. resets what it knows: its own tables (bf_seq_run), the kernel shims
//      (bfk_reset, when linked) and the library under test through the
//      spec's `reset NAME;` function (bf_seq_spec.reset), if any;
//   2. compares the writable globals (data/bss) of the library under test
//      with their value at the start of the process's first input, and
//      keeps the inputs run since they last all matched.
// When the input crashes, bf_seq_state_report() prints one line
//   BINDFUZZ-STATE: input <k> of this process; ...
// naming the globals whose bytes differed at the input's start, and, with
// BINDFUZZ_STATE_DIR set, writes <dir>/state-<pid>/ with that line
// (state.txt) and the inputs since the globals were last at their initial
// value (seq-0000, seq-0001, ..., the last one is the crashing input), so
// scripts/reproduce.sh can say that a crash does not reproduce alone, name
// the globals and replay the sequence.
//
// Which globals: a table generated per target by bf_seq_globals.sh from
// `nm` of the library's objects (names, local or global, source file), each
// found in the executable's own symbol table at run time (static ones by
// their source file's STT_FILE symbol). A target without the table (no
// bf_seq_lib_globals) gets the resets and names no globals.
#ifndef BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_STATE_H_
#define BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_STATE_H_

#include <stddef.h>
#include <stdint.h>

#include "bf_seq.h"

#ifdef __cplusplus
extern "C" {
#endif

// One writable global of the library under test, as nm lists it.
typedef struct bf_seq_global {
  const char* file;  // basename of the source that defines it
  const char* name;  // symbol name (a function's static: "fn.var")
  int local;         // static (STB_LOCAL): matched with its source file
} bf_seq_global;

// Generated (bf_seq_globals.sh); weak in the engine.
const bf_seq_global* bf_seq_lib_globals(int* n);

// Start of an input: resets, then compares and records (see above).
void bf_seq_state_begin(const bf_seq_spec* spec, const uint8_t* data, size_t size);

// From a crash report: the BINDFUZZ-STATE line and the state directory.
// Uses no malloc and no stdio (it runs inside sanitizer reports).
void bf_seq_state_report(void);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // BINDFUZZ_SHIMS_LIFETIME_BF_SEQ_STATE_H_
