// A small C library and a hand-written -sys crate that mixes declarations
// with safe wrappers, impls, macros, tests and comments. Everything agrees.
// bindfuzz-flags: --target=x86_64-linux-gnu
#include <stdint.h>
#define RING_MAX 64
struct ring {
  uint32_t head;
  uint32_t tail;
  union { uint64_t raw; struct { uint32_t lo, hi; } parts; } stamp;
  unsigned char flags;
  void *slots[];
};
enum ring_state { RING_EMPTY, RING_FULL, RING_BROKEN = -1 };
int ring_push(struct ring *r, void *item);
struct ring *ring_new(uint32_t n);
