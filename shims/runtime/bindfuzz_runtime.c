// bindfuzz runtime: see bindfuzz_runtime.h.
#include "bindfuzz_runtime.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bf_tag_format.h"

enum { kBfMaxLine = 4096 };

static void bf_put_sanitized(char* out, size_t cap, const char* in) {
  static const char kHex[] = "0123456789abcdef";
  size_t o = 0;
  for (const unsigned char* p = (const unsigned char*)in; *p != 0; ++p) {
    if (*p >= 0x20 && *p < 0x7f) {
      if (o + 1 >= cap) break;
      out[o++] = (char)*p;
    } else {
      if (o + 4 >= cap) break;
      out[o++] = '\\';
      out[o++] = 'x';
      out[o++] = kHex[*p >> 4];
      out[o++] = kHex[*p & 15];
    }
  }
  out[o] = 0;
}

void bf_violation(const char* kind, const char* fmt, ...) {
  char raw[kBfMaxLine];
  char kind_buf[256];
  char details[kBfMaxLine];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(raw, sizeof raw, fmt, ap);
  va_end(ap);
  bf_put_sanitized(kind_buf, sizeof kind_buf, kind ? kind : "unknown");
  bf_put_sanitized(details, sizeof details, raw);
  // One write so concurrent output cannot split the line.
  char line[sizeof kind_buf + sizeof details + 32];
  int n = snprintf(line, sizeof line, BF_MISMATCH_FORMAT, kind_buf, details);
  if (n > 0) {
    size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    fwrite(line, 1, len, stderr);
    fflush(stderr);
  }
  abort();
}

void* bf_alloc_exact(size_t size) {
  void* p = malloc(size);
  // malloc(0) may legally return NULL; ASan's never does.
  if (p == NULL && size == 0) p = malloc(1);
  if (p == NULL) {
    fputs(BF_TAG_ERROR "out of memory in bf_alloc_exact\n", stderr);
    abort();
  }
  return p;
}

void* bf_alloc_exact_aligned(size_t size, size_t align) {
  if (align < sizeof(void*)) align = sizeof(void*);
  if ((align & (align - 1)) != 0) {
    fputs(BF_TAG_ERROR "alignment is not a power of two in bf_alloc_exact_aligned\n", stderr);
    abort();
  }
  void* p = NULL;
  if (posix_memalign(&p, align, size == 0 ? 1 : size) != 0 || p == NULL) {
    fputs(BF_TAG_ERROR "out of memory in bf_alloc_exact_aligned\n", stderr);
    abort();
  }
  return p;
}

void bf_free(void* p) { free(p); }
