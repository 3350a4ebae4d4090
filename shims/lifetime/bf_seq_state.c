// State carried between inputs: see bf_seq_state.h.
//
// What the engine itself keeps across inputs, and where it is reset (an
// audit of bf_seq.c and bf_seq_len.c; keep it current when adding a static
// there):
//   - per input, reset at the start of bf_seq_run: the spec pointer, the
//     handle table (H, nH, g_live; each record is zeroed by new_handle), C's
//     holds (R, nR), Rust's buffers (B, nB), the quarantine (Q, q_head,
//     q_len; emptied by quarantine_flush at the end of every input), the
//     operation counter, the caps, the report context (C), the preemption
//     state (P.r, open, depth, n_pinned), the allocation and reference
//     counters (g_mallocs, g_frees, g_refs_taken, g_refs_given, g_counting);
//   - per process, on purpose: the environment switches read once
//     (g_trace, P.disabled), whether libFuzzer drives the process
//     (g_libfuzzer, g_initialized), g_reported (set only on the way to
//     abort), P.taken (a statistic, read by nothing);
//   - back to its value when the call returns: bf_seq_len.c's retry depth
//     (g_retry_depth, counted up and down around each retry);
//   - scratch buffers rewritten before each use: verify_borrows' hashes,
//     pick's candidates, the report line buffers.
// The kernel shims (shims/kernel/bf_kernel.c) keep lock stack, RCU depth,
// preemption and IRQ state, fault injection and WARN_ONCE epochs in
// globals: bfk_reset() forgets them, and is called here before each input
// when the shims are linked. Not reset, on purpose: the allocation table
// (it tracks live objects), the pending RCU callbacks (bfk_iteration_end
// runs them after each input), the in-callback flag (set and cleared by the
// one function that runs callbacks), the settings a target makes once
// (bfk_set_warn_fatal, bfk_rcu_set_eager). xarray_support.c keeps no
// mutable globals.
// This module's own state (the snapshot, the input counter, the history)
// exists to span inputs.
#include "bf_seq_state.h"

#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// Under ASan a global's symbol covers its redzone too (nm: 32 bytes for an
// int); the redzone is poisoned, so the variable ends at the first poisoned
// byte. Declared strong when this file is built with ASan: a weak reference
// would not pull the runtime's member that defines it into a static link.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BF_STATE_ASAN 1
#endif
#endif
#ifdef BF_STATE_ASAN
extern void* __asan_region_is_poisoned(void* beg, size_t size);
#endif
extern void bfk_reset(void) __attribute__((weak));
const bf_seq_global* bf_seq_lib_globals(int* n) __attribute__((weak));

enum {
  kMaxGlobals = 512,
  kSnapshotBytes = 1 << 18,  // initial values kept; larger globals are compared in part
  kMaxChanged = 32,          // named in the report
  kHistInputs = 64,          // inputs kept since the globals last matched
  kHistBytes = 1 << 20,
  kStateLine = 4096,
};

typedef struct {
  const char* name;
  const char* file;
  const unsigned char* addr;
  size_t size;      // the variable's size (ASan's, without its redzone)
  size_t kept;      // bytes of it in the snapshot
  size_t snap_off;  // where they are
} gvar;

static gvar G[kMaxGlobals];
static int nG;
static int g_found;  // a non-empty table, resolved in the executable's symbol table
static unsigned char g_snapshot[kSnapshotBytes];
static size_t g_snap_used;
static unsigned long g_input_no;
static int g_changed[kMaxChanged];
static int n_changed, n_changed_more;
static const bf_seq_spec* g_spec;

// A ring of bytes and a ring of entries: keeping one more input and
// dropping the oldest cost no copy of the others (this runs every input).
static unsigned char g_hist[kHistBytes];
static size_t h_off[kHistInputs], h_len[kHistInputs];  // entry k: (h_first + k) % kHistInputs
static int h_first, h_n;
static size_t h_bytes;    // bytes held
static int h_incomplete;  // earlier inputs were not kept

// ---------------------------------------------------------------------------
// Finding the globals: the executable's .symtab.

static const char* base_name(const char* p) {
  const char* b = p;
  for (; *p != 0; ++p)
    if (*p == '/') b = p + 1;
  return b;
}

// The variable's own bytes: up to the redzone ASan poisoned after it.
static size_t real_size(const void* addr, size_t sym_size) {
#ifndef BF_STATE_ASAN
  (void)addr;
  return sym_size;
#else
  const unsigned char* first = (const unsigned char*)__asan_region_is_poisoned((void*)addr, sym_size);
  if (first != NULL && first > (const unsigned char*)addr)
    return (size_t)(first - (const unsigned char*)addr);
  return sym_size;
#endif
}

static void add_global(const bf_seq_global* t, const unsigned char* addr, size_t sym_size) {
  if (nG >= kMaxGlobals) return;
  for (int i = 0; i < nG; ++i)
    if (G[i].addr == addr) return;
  gvar* g = &G[nG++];
  g->name = t->name;
  g->file = t->file;
  g->addr = addr;
  g->size = real_size(addr, sym_size);
  g->kept = 0;
  g->snap_off = 0;
}

static void find_globals(void) {
  if (bf_seq_lib_globals == NULL) return;
  int n = 0;
  const bf_seq_global* t = bf_seq_lib_globals(&n);
  if (t == NULL || n <= 0) return;
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st;
  void* map = MAP_FAILED;
  if (fstat(fd, &st) == 0 && st.st_size > (off_t)sizeof(Elf64_Ehdr))
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) return;
  const unsigned char* base = (const unsigned char*)map;
  const size_t fsize = (size_t)st.st_size;
  const Elf64_Ehdr* eh = (const Elf64_Ehdr*)base;
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
      eh->e_shoff == 0 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
      eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > fsize) {
    munmap(map, fsize);
    return;
  }
  const Elf64_Shdr* sh = (const Elf64_Shdr*)(base + eh->e_shoff);
  const Elf64_Shdr* symtab = NULL;
  for (int i = 0; i < eh->e_shnum; ++i)
    if (sh[i].sh_type == SHT_SYMTAB) symtab = &sh[i];
  if (symtab == NULL || symtab->sh_link >= eh->e_shnum ||
      symtab->sh_offset + symtab->sh_size > fsize) {
    munmap(map, fsize);  // stripped: nothing to name
    return;
  }
  const Elf64_Shdr* strs = &sh[symtab->sh_link];
  if (strs->sh_offset + strs->sh_size > fsize) {
    munmap(map, fsize);
    return;
  }
  const Elf64_Sym* syms = (const Elf64_Sym*)(base + symtab->sh_offset);
  const size_t nsyms = symtab->sh_size / sizeof(Elf64_Sym);
  const char* names = (const char*)(base + strs->sh_offset);
  const size_t names_size = strs->sh_size;
  // The load address: this function's address minus its symbol's value.
  uintptr_t bias = 0;
  int have_bias = 0;
  for (size_t i = 0; i < nsyms && !have_bias; ++i) {
    if (syms[i].st_name >= names_size || ELF64_ST_TYPE(syms[i].st_info) != STT_FUNC) continue;
    if (strcmp(names + syms[i].st_name, "bf_seq_state_begin") == 0) {
      bias = (uintptr_t)&bf_seq_state_begin - (uintptr_t)syms[i].st_value;
      have_bias = 1;
    }
  }
  g_found = have_bias;
  const char* file = "";
  for (size_t i = 0; have_bias && i < nsyms; ++i) {
    const Elf64_Sym* s = &syms[i];
    if (s->st_name >= names_size) continue;
    const char* name = names + s->st_name;
    const int type = ELF64_ST_TYPE(s->st_info);
    if (type == STT_FILE) {
      file = base_name(name);
      continue;
    }
    if (type != STT_OBJECT || s->st_size == 0 || s->st_shndx == SHN_UNDEF ||
        s->st_shndx >= SHN_LORESERVE || s->st_shndx >= eh->e_shnum)
      continue;
    const Elf64_Shdr* sec = &sh[s->st_shndx];
    if ((sec->sh_flags & (SHF_WRITE | SHF_ALLOC)) != (SHF_WRITE | SHF_ALLOC)) continue;
    const int local = ELF64_ST_BIND(s->st_info) == STB_LOCAL;
    for (int k = 0; k < n; ++k) {
      if (t[k].name == NULL || t[k].local != local || strcmp(t[k].name, name) != 0) continue;
      if (local && (t[k].file == NULL || strcmp(base_name(t[k].file), file) != 0)) continue;
      add_global(&t[k], (const unsigned char*)(bias + (uintptr_t)s->st_value), (size_t)s->st_size);
      break;
    }
  }
  munmap(map, fsize);
}

// Reads a global's bytes: plain loads the sanitizer does not check (the
// library may keep part of a global poisoned itself).
__attribute__((no_sanitize("address", "undefined"))) static void read_bytes(
    unsigned char* out, const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = ((const volatile unsigned char*)p)[i];
}

__attribute__((no_sanitize("address", "undefined"))) static int same_bytes(
    const unsigned char* a, const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (a[i] != ((const volatile unsigned char*)p)[i]) return 0;
  return 1;
}

static void snapshot(void) {
  for (int i = 0; i < nG; ++i) {
    gvar* g = &G[i];
    size_t room = kSnapshotBytes - g_snap_used;
    g->kept = g->size < room ? g->size : room;
    g->snap_off = g_snap_used;
    read_bytes(g_snapshot + g_snap_used, g->addr, g->kept);
    g_snap_used += g->kept;
  }
}

// ---------------------------------------------------------------------------
// History: the inputs since the globals last matched their initial value.

static int hist_slot(int k) { return (h_first + k) % kHistInputs; }

static void hist_drop_oldest(void) {
  if (h_n == 0) return;
  h_bytes -= h_len[h_first];
  h_first = (h_first + 1) % kHistInputs;
  --h_n;
  h_incomplete = 1;
}

static void hist_add(const uint8_t* data, size_t size, int clean) {
  if (clean) {
    h_n = 0;
    h_bytes = 0;
    h_incomplete = 0;
  }
  if (size > kHistBytes) {  // cannot keep it: keep nothing
    h_n = 0;
    h_bytes = 0;
    h_incomplete = 1;
    return;
  }
  while (h_n > 0 && (h_n >= kHistInputs || h_bytes + size > kHistBytes)) hist_drop_oldest();
  size_t at = 0;
  if (h_n > 0) {
    const int last = hist_slot(h_n - 1);
    at = (h_off[last] + h_len[last]) % kHistBytes;
  } else {
    h_first = 0;
  }
  const size_t first_part = size < kHistBytes - at ? size : kHistBytes - at;
  if (first_part > 0) memcpy(g_hist + at, data, first_part);
  if (size > first_part) memcpy(g_hist, data + first_part, size - first_part);
  const int k = hist_slot(h_n);
  h_off[k] = at;
  h_len[k] = size;
  h_bytes += size;
  ++h_n;
}

void bf_seq_state_begin(const bf_seq_spec* spec, const uint8_t* data, size_t size) {
  g_spec = spec;
  ++g_input_no;
  if (bfk_reset != NULL) bfk_reset();
  if (spec->reset != NULL) spec->reset();
  if (g_input_no == 1) {
    find_globals();
    snapshot();
  }
  n_changed = n_changed_more = 0;
  for (int i = 0; i < nG; ++i) {
    if (same_bytes(g_snapshot + G[i].snap_off, G[i].addr, G[i].kept)) continue;
    if (n_changed < kMaxChanged) {
      g_changed[n_changed++] = i;
    } else {
      ++n_changed_more;
    }
  }
  // Without a table nothing says the state is clean: keep the last inputs.
  hist_add(data, size, g_found && n_changed == 0);
}

// ---------------------------------------------------------------------------
// Report.

typedef struct {
  char b[kStateLine];
  size_t n;
} line;

static void put(line* l, const char* s) {
  for (; s != NULL && *s != 0 && l->n + 1 < sizeof l->b; ++s)
    l->b[l->n++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
}

static void put_u(line* l, unsigned long v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0 && l->n + 1 < sizeof l->b) l->b[l->n++] = tmp[--n];
}

static void write_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) return;
    p += w;
    n -= (size_t)w;
  }
}

static void state_line(line* l) {
  l->n = 0;
  put(l, "BINDFUZZ-STATE: input ");
  put_u(l, g_input_no);
  put(l, " of this process");
  if (g_spec != NULL && g_spec->reset_name != NULL) {
    put(l, ", after ");
    put(l, g_spec->reset_name);
    put(l, "()");
  }
  if (!g_found) {
    put(l, "; the library's globals are not known (no table of them in this target, or no symbol table)");
  } else if (n_changed == 0) {
    put(l, "; every known global of the library (");
    put_u(l, (unsigned long)nG);
    put(l, ") had its initial value at its start");
  } else {
    put(l, "; library globals that differed from their initial value at its start: ");
    for (int k = 0; k < n_changed; ++k) {
      const gvar* g = &G[g_changed[k]];
      if (k > 0) put(l, ", ");
      put(l, g->name);
      put(l, " (");
      put(l, g->file);
      put(l, ", ");
      put_u(l, (unsigned long)g->size);
      put(l, " bytes)");
    }
    if (n_changed_more > 0) {
      put(l, " and ");
      put_u(l, (unsigned long)n_changed_more);
      put(l, " more");
    }
  }
  put(l, "; inputs kept since the globals last matched: ");
  put_u(l, (unsigned long)h_n);
  if (h_incomplete) put(l, " (earlier ones not kept)");
}

static void name4(char* out, int k) {
  out[0] = (char)('0' + k / 1000 % 10);
  out[1] = (char)('0' + k / 100 % 10);
  out[2] = (char)('0' + k / 10 % 10);
  out[3] = (char)('0' + k % 10);
}

static void write_state_dir(const line* l) {
  const char* dir = getenv("BINDFUZZ_STATE_DIR");
  if (dir == NULL || dir[0] == 0) return;
  static char path[4096];
  static char sub[4096];
  line d;
  d.n = 0;
  put(&d, "state-");
  put_u(&d, (unsigned long)getpid());
  const size_t dl = strlen(dir);
  if (dl + d.n + 32 >= sizeof sub) return;
  memcpy(sub, dir, dl);
  size_t n = dl;
  if (n > 0 && sub[n - 1] != '/') sub[n++] = '/';
  memcpy(sub + n, d.b, d.n);
  n += d.n;
  sub[n] = 0;
  if (mkdir(sub, 0777) != 0) return;  // exists already: one record per process
  memcpy(path, sub, n);
  memcpy(path + n, "/state.txt", 11);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd >= 0) {
    write_all(fd, l->b, l->n);
    write_all(fd, "\n", 1);
    close(fd);
  }
  for (int k = 0; k < h_n; ++k) {
    memcpy(path + n, "/seq-0000", 10);
    name4(path + n + 5, k);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) continue;
    const int e = hist_slot(k);
    const size_t first_part = h_len[e] < kHistBytes - h_off[e] ? h_len[e] : kHistBytes - h_off[e];
    write_all(fd, (const char*)g_hist + h_off[e], first_part);
    write_all(fd, (const char*)g_hist, h_len[e] - first_part);
    close(fd);
  }
}

void bf_seq_state_report(void) {
  static int done;
  if (done || g_input_no == 0) return;
  done = 1;
  static line l;
  state_line(&l);
  // Alone in its process, with nothing carried: no line.
  if (g_input_no > 1 || n_changed > 0) {
    write_all(2, l.b, l.n);
    write_all(2, "\n", 1);
  }
  write_state_dir(&l);
}
