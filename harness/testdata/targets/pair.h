// One C header and its hand-written binding (pair.rs) that agree on every
// target bindfuzz supports: the C types whose size, alignment or signedness
// change between targets (char, long, pointers, size_t), written in Rust as
// the core::ffi types that change with them. harness/tool/targets_pair_test.sh
// checks the pair on every target with that target's Debian C headers.
#include <stddef.h>
#include <stdint.h>

// The Windows API convention: __stdcall on 32-bit x86 Windows, the C
// convention everywhere else (what Rust's extern "system" is).
#if defined(_WIN32) && defined(__i386__)
#define PAIR_SYSTEM __stdcall
#else
#define PAIR_SYSTEM
#endif

#define PAIR_NAME_MAX 16

struct pair_rec {
  char tag;
  long count;
  unsigned long long total;
  void *data;
  short kind;
  double ratio;
  int flags;
  char name[PAIR_NAME_MAX];
  size_t len;
  uint32_t id;
  unsigned long mask;
  signed char delta;
  unsigned char level;
};

union pair_val {
  long l;
  double d;
  void *p;
  char c[3];
};

struct pair_node {
  struct pair_node *next;
  union pair_val val;
  int (*cb)(struct pair_rec *rec, long arg);
  ptrdiff_t diff;
  int64_t stamp;
};

long pair_sum(const struct pair_rec *rec, size_t n);
char pair_tag(const struct pair_node *node);
int PAIR_SYSTEM pair_system_call(int code, void *ctx);
