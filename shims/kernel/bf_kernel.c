// bindfuzz kernel shims: see bf_kernel.h.
#include "bf_kernel.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/bf_tag_format.h"
#include "../lifetime/bf_preempt.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BFK_HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define BFK_HAVE_ASAN 1
#endif
#ifdef BFK_HAVE_ASAN
#include <sanitizer/allocator_interface.h>
#endif

// Every sanitizer hands its SUMMARY line to this (weak in the runtimes; the
// sequence engine shims/lifetime/bf_seq.c overrides it to name the call and
// spec line being run). A fatal WARN/BUG is reported through it too.
extern void __sanitizer_report_error_summary(const char* error_summary) __attribute__((weak));

// ============================================================ reporting

enum { kBfkMaxLine = 1024 };

static bool g_warn_fatal = true;
static unsigned long g_warn_count;
static unsigned long g_once_epoch = 1;
static char g_last_report[kBfkMaxLine];

// Writes `in` to `out` with control and non-ASCII bytes as \xNN (the tag
// stays one line) and trailing newlines dropped.
static void bfk_sanitize(char* out, size_t cap, const char* in) {
  static const char kHex[] = "0123456789abcdef";
  size_t n = strlen(in);
  while (n > 0 && (in[n - 1] == '\n' || in[n - 1] == '\r')) --n;
  size_t o = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)in[i];
    if (c >= 0x20 && c < 0x7f) {
      if (o + 1 >= cap) break;
      out[o++] = (char)c;
    } else {
      if (o + 4 >= cap) break;
      out[o++] = '\\';
      out[o++] = 'x';
      out[o++] = kHex[c >> 4];
      out[o++] = kHex[c & 15];
    }
  }
  out[o] = 0;
}

// The SUMMARY of a fatal report, in the sanitizers' form
// ("SUMMARY: <Tool>Sanitizer: <class> <location>").
static void bfk_summary(const char* cls, const char* file, int line) {
  if (__sanitizer_report_error_summary == NULL) return;
  char loc[512];
  char summary[600];
  bfk_sanitize(loc, sizeof loc, file ? file : "?");
  snprintf(summary, sizeof summary, "SUMMARY: KernelSanitizer: %s %s:%d", cls, loc, line);
  __sanitizer_report_error_summary(summary);
}

static void bfk_vreport(const char* what, const char* file, int line, const char* fmt, va_list ap) {
  char raw[kBfkMaxLine];
  char msg[kBfkMaxLine];
  char loc[512];
  raw[0] = 0;
  if (fmt != NULL && fmt[0] != 0) vsnprintf(raw, sizeof raw, fmt, ap);
  bfk_sanitize(msg, sizeof msg, raw);
  bfk_sanitize(loc, sizeof loc, file ? file : "?");
  snprintf(g_last_report, sizeof g_last_report, BF_TAG_KERNEL "%s %s:%d%s%s", what, loc, line,
           msg[0] ? " " : "", msg);
  // One write so the tag line cannot be split.
  char out[kBfkMaxLine + 2];
  int n = snprintf(out, sizeof out, "%s\n", g_last_report);
  if (n > 0) {
    size_t len = (size_t)n < sizeof out ? (size_t)n : sizeof out - 1;
    fwrite(out, 1, len, stderr);
    fflush(stderr);
  }
}

void bfk_bug(const char* file, int line, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  bfk_vreport("BUG", file, line, fmt, ap);
  va_end(ap);
  bfk_summary("kernel-bug", file, line);
  abort();
}

void bfk_warn(const char* file, int line, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  bfk_vreport("WARN", file, line, fmt, ap);
  va_end(ap);
  ++g_warn_count;
  if (g_warn_fatal) {
    bfk_summary("kernel-warn", file, line);
    abort();
  }
}

void bfk_set_warn_fatal(bool fatal) { g_warn_fatal = fatal; }
bool bfk_warn_is_fatal(void) { return g_warn_fatal; }
unsigned long bfk_warn_count(void) { return g_warn_count; }
const char* bfk_last_report(void) { return g_last_report; }
unsigned long bfk_once_epoch(void) { return g_once_epoch; }

// ======================================================= execution state

enum { kBfkMaxHeld = 48 };  // lockdep's MAX_LOCK_DEPTH

struct bfk_held {
  struct bfk_lock* lock;
  int kind;
  const char* file;
  int line;
};

static struct bfk_held g_held[kBfkMaxHeld];
static int g_nheld;
static int g_nspin;
static int g_preempt;
static bool g_irqs_off;
static int g_rcu_depth;
static bool g_in_callbacks;
static bool g_rcu_eager = true;

static bool bfk_quiescent(void) {
  return g_rcu_depth == 0 && g_nspin == 0 && g_preempt == 0 && !g_irqs_off && !g_in_callbacks;
}

bool bfk_in_atomic(void) { return !bfk_quiescent(); }

static void bfk_maybe_end_grace_period(void);

void bfk_might_sleep(const char* file, int line) {
  if (!bfk_in_atomic()) return;
  const struct bfk_held* spin = NULL;
  for (int i = g_nheld - 1; i >= 0; --i) {
    if (g_held[i].kind == BFK_LOCK_SPIN) {
      spin = &g_held[i];
      break;
    }
  }
  if (spin != NULL) {
    bfk_warn(file, line, "sleeping function called from invalid context: spinlock held (taken at %s:%d)",
             spin->file, spin->line);
  } else {
    bfk_warn(file, line,
             "sleeping function called from invalid context: rcu_read_lock depth %d, "
             "preempt_count %d, irqs %s%s",
             g_rcu_depth, g_preempt, g_irqs_off ? "off" : "on", g_in_callbacks ? ", in an RCU callback" : "");
  }
}

// ============================================================ registry
// Every live shim allocation, keyed by address: linear probing with
// backward-shift deletion (no tombstones).

enum bfk_kind { BFK_KIND_KMALLOC = 1, BFK_KIND_CACHE = 2, BFK_KIND_VMALLOC = 3 };

struct bfk_obj {
  uintptr_t key;  // 0 = empty slot
  size_t size;
  struct kmem_cache* cache;
  int kind;
};

static struct bfk_obj* g_tab;
static size_t g_cap;  // power of two
static size_t g_live;

static size_t bfk_hash(uintptr_t k) { return (size_t)((k >> 3) * 0x9E3779B97F4A7C15ull); }

static void bfk_reg_put_raw(struct bfk_obj* tab, size_t cap, const struct bfk_obj* o) {
  size_t i = bfk_hash(o->key) & (cap - 1);
  while (tab[i].key != 0) i = (i + 1) & (cap - 1);
  tab[i] = *o;
}

static void bfk_reg_insert(const struct bfk_obj* o) {
  if ((g_live + 1) * 2 > g_cap) {
    size_t ncap = g_cap ? g_cap * 2 : 1024;
    struct bfk_obj* ntab = (struct bfk_obj*)calloc(ncap, sizeof *ntab);
    if (ntab == NULL) {
      fputs(BF_TAG_ERROR "out of memory in the kernel shim registry\n", stderr);
      abort();
    }
    for (size_t i = 0; i < g_cap; ++i)
      if (g_tab[i].key != 0) bfk_reg_put_raw(ntab, ncap, &g_tab[i]);
    free(g_tab);
    g_tab = ntab;
    g_cap = ncap;
  }
  bfk_reg_put_raw(g_tab, g_cap, o);
  ++g_live;
}

static struct bfk_obj* bfk_reg_find(const void* p) {
  if (g_cap == 0) return NULL;
  uintptr_t k = (uintptr_t)p;
  size_t i = bfk_hash(k) & (g_cap - 1);
  while (g_tab[i].key != 0) {
    if (g_tab[i].key == k) return &g_tab[i];
    i = (i + 1) & (g_cap - 1);
  }
  return NULL;
}

static void bfk_reg_erase(struct bfk_obj* slot) {
  size_t i = (size_t)(slot - g_tab);
  size_t j = i;
  for (;;) {
    j = (j + 1) & (g_cap - 1);
    if (g_tab[j].key == 0) break;
    size_t home = bfk_hash(g_tab[j].key) & (g_cap - 1);
    // Move j back to i unless its home lies cyclically in (i, j].
    bool in_range = (i <= j) ? (home > i && home <= j) : (home > i || home <= j);
    if (!in_range) {
      g_tab[i] = g_tab[j];
      i = j;
    }
  }
  g_tab[i].key = 0;
  --g_live;
}

size_t bfk_live_objects(void) { return g_live; }

// ============================================================ allocation

struct kmem_cache {
  char name[64];
  size_t size;
  size_t align;
  unsigned long flags;
  void (*ctor)(void*);
  size_t live;
};

static long g_fail_after = -1;
static bool g_fail_all;

void bfk_fail_alloc_after(long n) { g_fail_after = n < 0 ? -1 : n; }
void bfk_fail_all_allocs(bool on) { g_fail_all = on; }

static bool bfk_inject_failure(unsigned int gfp) {
  if (gfp & BFK_GFP_NOFAIL) return false;
  if (g_fail_all) return true;
  if (g_fail_after < 0) return false;
  if (g_fail_after == 0) {
    g_fail_after = -1;
    return true;
  }
  --g_fail_after;
  return false;
}

static size_t bfk_kmalloc_align(size_t size) {
  if (size >= 16 && (size & (size - 1)) == 0) return size < 4096 ? size : 4096;
  return 8;
}

// One exact-size heap object, registered.
static void* bfk_new_object(size_t size, size_t align, unsigned int gfp, int kind, struct kmem_cache* cache,
                            const char* file, int line) {
  void* p = NULL;
  if (align <= 8) {
    p = malloc(size);
  } else if (posix_memalign(&p, align, size) != 0) {
    p = NULL;
  }
  if (p == NULL) {
    if (gfp & BFK_GFP_NOFAIL) bfk_bug(file, line, "__GFP_NOFAIL allocation of %zu bytes failed", size);
    return NULL;
  }
  if (gfp & BFK_GFP_ZERO) memset(p, 0, size);
  struct bfk_obj o = {(uintptr_t)p, size, cache, kind};
  bfk_reg_insert(&o);
  if (cache != NULL) ++cache->live;
  return p;
}

static void bfk_check_no_held_lock_in(const void* p, size_t size, const char* file, int line) {
  uintptr_t b = (uintptr_t)p;
  for (int i = 0; i < g_nheld; ++i) {
    uintptr_t l = (uintptr_t)g_held[i].lock;
    if (l >= b && l < b + size) {
      bfk_warn(file, line, "held lock freed: lock %p taken at %s:%d lies in the freed object %p",
               (void*)g_held[i].lock, g_held[i].file, g_held[i].line, p);
      return;
    }
  }
}

// Frees a registered object for real.
static void bfk_release_object(struct bfk_obj* slot, const char* file, int line) {
  void* p = (void*)slot->key;
  size_t size = slot->size;
  struct kmem_cache* cache = slot->cache;
  if (cache != NULL && cache->live > 0) --cache->live;
  bfk_reg_erase(slot);
  if (g_nheld > 0) bfk_check_no_held_lock_in(p, size, file, line);
  free(p);
}

// `p` is not a live shim allocation. A freed object or a pointer into an
// object is left to ASan (free() reports double-free / bad-free with both
// stacks); a live heap block from another allocator is a BUG here.
__attribute__((noreturn)) static void bfk_free_unknown(const char* fn, const void* p, const char* file,
                                                       int line) {
#ifdef BFK_HAVE_ASAN
  if (__sanitizer_get_ownership(p))
    bfk_bug(file, line, "%s(%p): not an object the kernel allocators returned", fn, p);
#endif
  free((void*)p);
  // Without ASan, or if ASan let it through (it did not abort): still a bug.
  bfk_bug(file, line, "%s(%p): not a live object the kernel allocators returned", fn, p);
}

static bool bfk_is_zero_or_null(const void* p) { return p == NULL || p == BFK_ZERO_SIZE_PTR; }

void* bfk_kmalloc(size_t size, unsigned int gfp, const char* file, int line) {
  if (gfp & BFK_GFP_SLEEP) bfk_might_sleep(file, line);
  if (size == 0) return BFK_ZERO_SIZE_PTR;
  if (size > BFK_KMALLOC_MAX_SIZE) {
    if (!(gfp & BFK_GFP_NOWARN)) bfk_warn(file, line, "kmalloc of %zu bytes exceeds KMALLOC_MAX_SIZE", size);
    return NULL;
  }
  if (bfk_inject_failure(gfp)) return NULL;
  return bfk_new_object(size, bfk_kmalloc_align(size), gfp, BFK_KIND_KMALLOC, NULL, file, line);
}

void* bfk_kmalloc_array(size_t n, size_t size, unsigned int gfp, const char* file, int line) {
  size_t bytes;
  if (__builtin_mul_overflow(n, size, &bytes)) return NULL;
  return bfk_kmalloc(bytes, gfp, file, line);
}

void bfk_kfree(const void* p, const char* file, int line) {
  if (bfk_is_zero_or_null(p)) return;
  struct bfk_obj* o = bfk_reg_find(p);
  if (o == NULL) bfk_free_unknown("kfree", p, file, line);
  if (o->kind == BFK_KIND_VMALLOC) bfk_bug(file, line, "kfree(%p) of vmalloc memory", p);
  if (o->cache != NULL && (o->cache->flags & BFK_SLAB_TYPESAFE_BY_RCU)) {
    bfk_kmem_cache_free(o->cache, p, file, line);
    return;
  }
  bfk_release_object(o, file, line);
}

void bfk_kfree_sensitive(const void* p, const char* file, int line) {
  if (bfk_is_zero_or_null(p)) return;
  struct bfk_obj* o = bfk_reg_find(p);
  if (o != NULL) memset((void*)p, 0, o->size);
  bfk_kfree(p, file, line);
}

size_t bfk_ksize(const void* p, const char* file, int line) {
  if (bfk_is_zero_or_null(p)) return 0;
  struct bfk_obj* o = bfk_reg_find(p);
  if (o == NULL) {
    (void)*(const volatile char*)p;  // a freed object: ASan reports the use
    bfk_bug(file, line, "ksize(%p): not a live kmalloc object", p);
  }
  return o->size;
}

void* bfk_krealloc(const void* p, size_t new_size, unsigned int gfp, const char* file, int line) {
  if (bfk_is_zero_or_null(p)) return bfk_kmalloc(new_size, gfp, file, line);
  struct bfk_obj* o = bfk_reg_find(p);
  if (o == NULL) {
    (void)*(const volatile char*)p;  // a freed object: ASan reports the use
    bfk_bug(file, line, "krealloc(%p): not a live kmalloc object", p);
  }
  if (o->kind == BFK_KIND_VMALLOC) bfk_bug(file, line, "krealloc(%p) of vmalloc memory", p);
  if (new_size == 0) {
    bfk_kfree(p, file, line);
    return BFK_ZERO_SIZE_PTR;
  }
  size_t old_size = o->size;
  // Always move: a caller that keeps using the old pointer is caught.
  void* q = bfk_kmalloc(new_size, gfp & ~BFK_GFP_ZERO, file, line);
  if (q == NULL) return NULL;  // the old object stays valid
  memcpy(q, p, old_size < new_size ? old_size : new_size);
  if ((gfp & BFK_GFP_ZERO) && new_size > old_size) memset((char*)q + old_size, 0, new_size - old_size);
  bfk_kfree(p, file, line);
  return q;
}

void* bfk_kmemdup(const void* src, size_t len, unsigned int gfp, const char* file, int line) {
  void* p = bfk_kmalloc(len, gfp & ~BFK_GFP_ZERO, file, line);
  if (p != NULL && len > 0) memcpy(p, src, len);
  return p;
}

char* bfk_kstrdup(const char* s, unsigned int gfp, const char* file, int line) {
  if (s == NULL) return NULL;
  return (char*)bfk_kmemdup(s, strlen(s) + 1, gfp, file, line);
}

enum { kBfkVmallocMax = 64 << 20 };

void* bfk_vmalloc(size_t size, unsigned int gfp, const char* file, int line) {
  if (gfp & BFK_GFP_SLEEP) bfk_might_sleep(file, line);
  if (size == 0) {  // __vmalloc_node_range: WARN_ON_ONCE(!size)
    bfk_warn(file, line, "vmalloc of 0 bytes");
    return NULL;
  }
  if (size > (size_t)kBfkVmallocMax) return NULL;
  if (bfk_inject_failure(gfp)) return NULL;
  return bfk_new_object(size, 4096, gfp, BFK_KIND_VMALLOC, NULL, file, line);
}

void bfk_vfree(const void* p, const char* file, int line) {
  if (p == NULL) return;
  struct bfk_obj* o = bfk_reg_find(p);
  if (o == NULL) bfk_free_unknown("vfree", p, file, line);
  if (o->kind != BFK_KIND_VMALLOC) bfk_bug(file, line, "vfree(%p) of memory vmalloc did not return", p);
  bfk_release_object(o, file, line);
}

void* bfk_kvmalloc(size_t size, unsigned int gfp, const char* file, int line) {
  if (size > (size_t)INT_MAX) {
    if (!(gfp & BFK_GFP_NOWARN)) bfk_warn(file, line, "kvmalloc of %zu bytes exceeds INT_MAX", size);
    return NULL;
  }
  // Up to a page kvmalloc is kmalloc; above, the kernel may return either
  // kind, so the shim returns the one kfree() cannot free.
  if (size <= 4096) return bfk_kmalloc(size, gfp, file, line);
  return bfk_vmalloc(size, gfp, file, line);
}

void bfk_kvfree(const void* p, const char* file, int line) {
  if (bfk_is_zero_or_null(p)) return;
  struct bfk_obj* o = bfk_reg_find(p);
  if (o == NULL) bfk_free_unknown("kvfree", p, file, line);
  if (o->kind == BFK_KIND_VMALLOC) {
    bfk_release_object(o, file, line);
  } else {
    bfk_kfree(p, file, line);
  }
}

// ---------------------------------------------------------------- caches

struct kmem_cache* bfk_kmem_cache_create(const char* name, size_t size, size_t align, unsigned long flags,
                                         void (*ctor)(void*), const char* file, int line) {
  if (size == 0 || size > BFK_KMALLOC_MAX_SIZE || (align & (align - 1)) != 0) {
    bfk_warn(file, line, "kmem_cache_create(%s): bad size %zu or align %zu", name ? name : "?", size, align);
    return NULL;
  }
  struct kmem_cache* c = (struct kmem_cache*)calloc(1, sizeof *c);
  if (c == NULL) return NULL;
  snprintf(c->name, sizeof c->name, "%s", name ? name : "");
  c->size = size;
  c->align = align < 8 ? 8 : align;
  c->flags = flags;
  c->ctor = ctor;
  return c;
}

void* bfk_kmem_cache_alloc(struct kmem_cache* c, unsigned int gfp, const char* file, int line) {
  if (gfp & BFK_GFP_SLEEP) bfk_might_sleep(file, line);
  if (c == NULL) bfk_bug(file, line, "kmem_cache_alloc on a NULL cache");
  if (bfk_inject_failure(gfp)) return NULL;
  // The kernel runs the constructor when a slab is populated and expects
  // freed objects back in constructed state; every shim object is new.
  // __GFP_ZERO applies after the constructor, as without init_on_alloc.
  void* p = bfk_new_object(c->size, c->align, gfp & ~BFK_GFP_ZERO, BFK_KIND_CACHE, c, file, line);
  if (p == NULL) return NULL;
  if (c->ctor != NULL) c->ctor(p);
  if (gfp & BFK_GFP_ZERO) memset(p, 0, c->size);
  return p;
}

// Grace-period deferred work.
enum bfk_cb_kind { BFK_CB_CALLBACK, BFK_CB_KVFREE, BFK_CB_CACHE_FREE };
struct bfk_cb {
  int kind;
  struct rcu_head* head;
  rcu_callback_t func;
  void* ptr;
  const char* file;
  int line;
};
static struct bfk_cb* g_pending;
static size_t g_npending;
static size_t g_pending_cap;

static void bfk_queue(const struct bfk_cb* cb) {
  if (g_npending == g_pending_cap) {
    size_t ncap = g_pending_cap ? g_pending_cap * 2 : 64;
    struct bfk_cb* n = (struct bfk_cb*)realloc(g_pending, ncap * sizeof *n);
    if (n == NULL) {
      fputs(BF_TAG_ERROR "out of memory queueing an RCU callback\n", stderr);
      abort();
    }
    g_pending = n;
    g_pending_cap = ncap;
  }
  g_pending[g_npending++] = *cb;
}

void bfk_kmem_cache_free(struct kmem_cache* c, const void* p, const char* file, int line) {
  if (p == NULL) return;
  struct bfk_obj* o = bfk_reg_find(p);
  if (o == NULL) bfk_free_unknown("kmem_cache_free", p, file, line);
  if (o->cache != c) {
    bfk_warn(file, line, "kmem_cache_free: wrong slab cache: %s but object is from %s", c ? c->name : "NULL",
             o->cache ? o->cache->name : "kmalloc");
    c = o->cache;  // non-fatal mode: free it where it belongs
  }
  if (c != NULL && (c->flags & BFK_SLAB_TYPESAFE_BY_RCU)) {
    // Readers may still look at the object until a grace period ends.
    struct bfk_cb cb = {BFK_CB_CACHE_FREE, NULL, NULL, (void*)p, file, line};
    bfk_queue(&cb);
    return;
  }
  bfk_release_object(o, file, line);
}

void bfk_kmem_cache_destroy(struct kmem_cache* c, const char* file, int line) {
  if (c == NULL) return;
  if (c->flags & BFK_SLAB_TYPESAFE_BY_RCU) bfk_rcu_barrier();
  if (c->live != 0) {
    bfk_warn(file, line, "kmem_cache_destroy %s: Slab cache still has objects (%zu)", c->name, c->live);
    return;  // the kernel leaks the cache too
  }
  free(c);
}

size_t bfk_kmem_cache_live(const struct kmem_cache* c) { return c ? c->live : 0; }

// ============================================================== refcount

static void bfk_refcount_saturate(refcount_t* r, const char* what, const char* file, int line) {
  r->refs = BFK_REFCOUNT_SATURATED;
  bfk_warn(file, line, "refcount_t: %s.", what);
}

int bfk_refcount_add(refcount_t* r, int i, const char* file, int line) {
  int old = r->refs;
  long long sum = (long long)old + i;
  r->refs = (int)(unsigned int)(unsigned long long)sum;  // the kernel's wrapping add, before the check
  if (old == 0)
    bfk_refcount_saturate(r, "addition on 0; use-after-free", file, line);
  else if (old < 0 || sum > INT_MAX)
    bfk_refcount_saturate(r, "saturated; leaking memory", file, line);
  return old;
}

int bfk_refcount_add_not_zero(refcount_t* r, int i, const char* file, int line) {
  int old = r->refs;
  if (old == 0) return 0;
  long long sum = (long long)old + i;
  r->refs = (int)(unsigned int)(unsigned long long)sum;
  if (old < 0 || sum > INT_MAX) bfk_refcount_saturate(r, "saturated; leaking memory", file, line);
  return old;
}

bool bfk_refcount_sub_and_test(refcount_t* r, int i, const char* file, int line) {
  int old = r->refs;
  long long diff = (long long)old - i;
  r->refs = (int)(unsigned int)(unsigned long long)diff;
  if (old == i) return true;
  if (old < 0 || diff < 0) bfk_refcount_saturate(r, "underflow; use-after-free", file, line);
  return false;
}

void bfk_refcount_dec(refcount_t* r, const char* file, int line) {
  int old = r->refs;
  r->refs = (int)(unsigned int)((unsigned int)old - 1u);
  if (old <= 1) bfk_refcount_saturate(r, "decrement hit 0; leaking memory", file, line);
}

bool bfk_refcount_dec_if_one(refcount_t* r) {
  if (r->refs != 1) return false;
  r->refs = 0;
  return true;
}

bool bfk_refcount_dec_not_one(refcount_t* r, const char* file, int line) {
  unsigned int val = (unsigned int)r->refs;
  if (val == (unsigned int)BFK_REFCOUNT_SATURATED) return true;
  if (val == 1) return false;
  unsigned int nv = val - 1u;
  if (nv > val) {
    bfk_warn(file, line, "refcount_t: underflow; use-after-free.");
    return true;
  }
  r->refs = (int)nv;
  return true;
}

// ================================================================= locks

static const char* bfk_lock_name(int kind) { return kind == BFK_LOCK_MUTEX ? "mutex" : "spinlock"; }

static void bfk_lock_check_magic(struct bfk_lock* l, int kind, const char* file, int line) {
  unsigned int want = kind == BFK_LOCK_MUTEX ? BFK_MUTEX_MAGIC : BFK_SPINLOCK_MAGIC;
  if (l == NULL) bfk_bug(file, line, "%s operation on a NULL lock", bfk_lock_name(kind));
  if (l->magic == want) return;
  if (l->magic == 0 && l->locked == 0) {  // zero-initialised: unlocked
    l->magic = want;
    return;
  }
  bfk_bug(file, line, "%s bad magic %#x at %p (uninitialised, corrupted, or not a %s)", bfk_lock_name(kind),
          l->magic, (void*)l, bfk_lock_name(kind));
}

void bfk_lock_init(struct bfk_lock* l, int kind) {
  l->magic = kind == BFK_LOCK_MUTEX ? BFK_MUTEX_MAGIC : BFK_SPINLOCK_MAGIC;
  l->locked = 0;
  l->file = NULL;
  l->line = 0;
}

static void bfk_lock_take(struct bfk_lock* l, int kind, const char* file, int line) {
  if (g_nheld == kBfkMaxHeld) bfk_bug(file, line, "more than %d locks held (MAX_LOCK_DEPTH)", kBfkMaxHeld);
  l->locked = 1;
  l->file = file;
  l->line = line;
  g_held[g_nheld].lock = l;
  g_held[g_nheld].kind = kind;
  g_held[g_nheld].file = file;
  g_held[g_nheld].line = line;
  ++g_nheld;
  if (kind == BFK_LOCK_SPIN) ++g_nspin;
}

void bfk_lock_acquire(struct bfk_lock* l, int kind, const char* file, int line) {
  bfk_lock_check_magic(l, kind, file, line);
  if (kind == BFK_LOCK_MUTEX) bfk_might_sleep(file, line);
  if (l->locked) {
    // Single-threaded: the holder is this thread, so this would deadlock.
    bfk_bug(file, line, "%s recursion: %p already held (taken at %s:%d)", bfk_lock_name(kind), (void*)l,
            l->file ? l->file : "?", l->line);
  }
  bfk_lock_take(l, kind, file, line);
}

bool bfk_lock_try(struct bfk_lock* l, int kind, const char* file, int line) {
  bfk_lock_check_magic(l, kind, file, line);
  if (l->locked) return false;
  bfk_lock_take(l, kind, file, line);
  return true;
}

void bfk_lock_release(struct bfk_lock* l, int kind, const char* file, int line) {
  bfk_lock_check_magic(l, kind, file, line);
  if (!l->locked) {
    if (kind == BFK_LOCK_SPIN) bfk_bug(file, line, "spinlock already unlocked: %p", (void*)l);
    bfk_warn(file, line, "mutex_unlock of an unlocked mutex %p", (void*)l);
    return;
  }
  bool on_stack = false;
  for (int i = g_nheld - 1; i >= 0; --i) {
    if (g_held[i].lock == l) {
      memmove(&g_held[i], &g_held[i + 1], (size_t)(g_nheld - i - 1) * sizeof g_held[0]);
      --g_nheld;
      on_stack = true;
      break;
    }
  }
  l->locked = 0;
  l->file = NULL;
  l->line = 0;
  // A lock taken before bfk_reset() is not on the stack any more.
  if (kind == BFK_LOCK_SPIN && on_stack) {
    --g_nspin;
    bfk_maybe_end_grace_period();
  }  // Another thread could take the lock now: under the sequence engine, a
  // preemption point (only where a second thread could run this code's
  // caller's other work: no lock held, not atomic, outside RCU readers).
  if (bf_preempt_point != NULL && g_nheld == 0 && !bfk_in_atomic() && bfk_rcu_read_depth() == 0)
    bf_preempt_point();
}

bool bfk_lock_is_held(const struct bfk_lock* l) { return l != NULL && l->locked != 0; }
int bfk_locks_held(void) { return g_nheld; }
int bfk_spinlocks_held(void) { return g_nspin; }

// ---------------------------------------------------------- irq / preempt

enum { kBfkIrqFlagsEnabled = 0x200 };  // X86_EFLAGS_IF

unsigned long bfk_irq_save(void) {
  unsigned long flags = g_irqs_off ? 0 : kBfkIrqFlagsEnabled;
  g_irqs_off = true;
  return flags;
}

void bfk_irq_restore(unsigned long flags, const char* file, int line) {
  (void)file;
  (void)line;
  g_irqs_off = (flags & kBfkIrqFlagsEnabled) == 0;
  bfk_maybe_end_grace_period();
}

void bfk_preempt_disable(void) { ++g_preempt; }

void bfk_preempt_enable(const char* file, int line) {
  if (g_preempt == 0) {
    bfk_warn(file, line, "preempt_count underflow");
    return;
  }
  --g_preempt;
  bfk_maybe_end_grace_period();
}

void bfk_irq_disable(void) { g_irqs_off = true; }

void bfk_irq_enable(const char* file, int line) { bfk_irq_restore(kBfkIrqFlagsEnabled, file, line); }

bool bfk_irqs_disabled(void) { return g_irqs_off; }

int bfk_preempt_count(void) { return g_preempt; }

// =================================================================== RCU

void bfk_rcu_read_lock(void) { ++g_rcu_depth; }

void bfk_rcu_read_unlock(const char* file, int line) {
  if (g_rcu_depth == 0) {
    bfk_warn(file, line, "rcu_read_unlock() without rcu_read_lock()");
    return;
  }
  --g_rcu_depth;
  bfk_maybe_end_grace_period();
}

int bfk_rcu_read_depth(void) { return g_rcu_depth; }
bool bfk_rcu_read_lock_held(void) { return g_rcu_depth > 0; }

void bfk_rcu_lockdep_warn(const char* what, const char* file, int line) {
  bfk_warn(file, line, "suspicious %s usage: not in an RCU read-side critical section", what);
}

static void bfk_queue_checked(const struct bfk_cb* cb, const char* file, int line) {
  if (cb->head != NULL && g_npending <= 4096) {
    for (size_t i = 0; i < g_npending; ++i) {
      if (g_pending[i].head == cb->head) {
        bfk_warn(file, line, "rcu_head %p queued twice (first at %s:%d)", (void*)cb->head, g_pending[i].file,
                 g_pending[i].line);
        return;
      }
    }
  }
  bfk_queue(cb);
}

void bfk_call_rcu(struct rcu_head* head, rcu_callback_t func, const char* file, int line) {
  if (head == NULL || func == NULL) bfk_bug(file, line, "call_rcu with a NULL head or callback");
  // As the kernel does: ASan checks the head lies in live memory.
  head->next = NULL;
  head->func = func;
  struct bfk_cb cb = {BFK_CB_CALLBACK, head, func, NULL, file, line};
  bfk_queue_checked(&cb, file, line);
}

void bfk_kvfree_call_rcu(struct rcu_head* head, void* ptr, const char* file, int line) {
  if (ptr == NULL) return;
  if (head == NULL) {  // kfree_rcu_mightsleep(): wait, then free
    bfk_synchronize_rcu(file, line);
    bfk_kvfree(ptr, file, line);
    return;
  }
  head->next = NULL;
  head->func = NULL;
  struct bfk_cb cb = {BFK_CB_KVFREE, head, NULL, ptr, file, line};
  bfk_queue_checked(&cb, file, line);
}

// Runs the callbacks queued before now; ones they queue wait for the next
// grace period.
static size_t bfk_end_grace_period(void) {
  if (g_in_callbacks || g_npending == 0) return 0;
  struct bfk_cb* batch = g_pending;
  size_t n = g_npending;
  g_pending = NULL;
  g_npending = 0;
  g_pending_cap = 0;
  g_in_callbacks = true;  // softirq: atomic
  for (size_t i = 0; i < n; ++i) {
    const struct bfk_cb* cb = &batch[i];
    switch (cb->kind) {
      case BFK_CB_CALLBACK:
        cb->func(cb->head);
        break;
      case BFK_CB_KVFREE:
        bfk_kvfree(cb->ptr, cb->file, cb->line);
        break;
      case BFK_CB_CACHE_FREE: {
        struct bfk_obj* o = bfk_reg_find(cb->ptr);
        if (o == NULL) bfk_free_unknown("kmem_cache_free", cb->ptr, cb->file, cb->line);
        bfk_release_object(o, cb->file, cb->line);
        break;
      }
    }
  }
  g_in_callbacks = false;
  free(batch);
  return n;
}

static void bfk_maybe_end_grace_period(void) {
  if (g_rcu_eager && g_npending != 0 && bfk_quiescent()) bfk_end_grace_period();
}

void bfk_synchronize_rcu(const char* file, int line) {
  if (g_rcu_depth > 0) {
    bfk_warn(file, line, "Illegal synchronize_rcu() in RCU read-side critical section");
    return;  // non-fatal mode: it would deadlock; keep the readers' objects
  }
  bfk_might_sleep(file, line);
  if (bfk_quiescent()) bfk_end_grace_period();
}

void bfk_rcu_barrier(void) {
  if (!bfk_quiescent()) return;
  for (int pass = 0; pass < 64 && g_npending != 0; ++pass) bfk_end_grace_period();
}

size_t bfk_rcu_quiescent(void) { return bfk_quiescent() ? bfk_end_grace_period() : 0; }
size_t bfk_rcu_pending(void) { return g_npending; }
void bfk_rcu_set_eager(bool eager) { g_rcu_eager = eager; }

// ========================================================= fuzz iterations

void bfk_check_balanced(const char* file, int line) {
  if (g_nheld > 0) {
    const struct bfk_held* h = &g_held[g_nheld - 1];
    bfk_warn(file, line, "%s %p still held at the end of the sequence (taken at %s:%d)",
             bfk_lock_name(h->kind), (void*)h->lock, h->file, h->line);
  }
  if (g_rcu_depth > 0)
    bfk_warn(file, line, "rcu_read_lock() still held at the end of the sequence (depth %d)", g_rcu_depth);
  if (g_preempt > 0)
    bfk_warn(file, line, "preemption still disabled at the end of the sequence (count %d)", g_preempt);
  if (g_irqs_off) bfk_warn(file, line, "IRQs still disabled at the end of the sequence");
}

void bfk_iteration_end(const char* file, int line) {
  bfk_check_balanced(file, line);
  bfk_rcu_barrier();
}

void bfk_reset(void) {
  g_nheld = 0;
  g_nspin = 0;
  g_preempt = 0;
  g_irqs_off = false;
  g_rcu_depth = 0;
  g_fail_after = -1;
  g_fail_all = false;
  g_warn_count = 0;
  g_last_report[0] = 0;
  ++g_once_epoch;
}
