// bindfuzz layout engine: see bf_layout_engine.h.
#include "bf_layout_engine.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bf_tag_format.h"
#include "bindfuzz_runtime.h"

namespace {

// Where Rust's access at `off` lands in an object C allocated with `c_size`
// bytes. An access that starts past the end is made from the end instead:
// past ASan's redzone (16 bytes at least) it could land in a neighbour's
// memory and go unreported, while from the end the report always names the
// first byte past the object (every byte from there on is outside it). An
// access that starts inside and runs past the end is reported as it is.
// (Large redzones would do the same at a sixth of the speed.)
unsigned char* RustAt(unsigned char* obj, size_t c_size, size_t off) {
  if (off > c_size) off = c_size;
  return reinterpret_cast<unsigned char*>(reinterpret_cast<uintptr_t>(obj) + off);
}

// Compares what one side wrote with what the other read back.
void Check(const BfRecord& r, const BfField& f, const unsigned char* want,
           const unsigned char* got) {
  const size_t n = f.c_width < f.rust_width ? f.c_width : f.rust_width;
  if (std::memcmp(want, got, n) != 0) {
    bf_violation("field-offset", BF_DETAIL_FIELD_OFFSET, r.display, f.name, f.rust_offset,
                 f.c_offset);
  }
}

unsigned long long Mask(size_t width) {
  return width >= 64 ? ~0ULL : ((1ULL << width) - 1);
}

// bindgen's __BindgenBitfieldUnit::get/set on a little-endian target: bit i
// of the value is bit (off+i)%8 of byte (off+i)/8.
unsigned long long RustBitGet(const unsigned char* obj, size_t off, size_t width) {
  unsigned long long v = 0;
  for (size_t i = 0; i < width; ++i) {
    const size_t b = off + i;
    if ((obj[b / 8] >> (b % 8)) & 1) v |= 1ULL << i;
  }
  return v;
}
void RustBitSet(unsigned char* obj, size_t off, size_t width, unsigned long long v) {
  for (size_t i = 0; i < width; ++i) {
    const size_t b = off + i;
    const unsigned char bit = static_cast<unsigned char>(1u << (b % 8));
    if ((v >> i) & 1) {
      obj[b / 8] |= bit;
    } else {
      obj[b / 8] &= static_cast<unsigned char>(~bit);
    }
  }
}

bool Contains(const unsigned long long* set, size_t n, unsigned long long v) {
  for (size_t i = 0; i < n; ++i) {
    if (set[i] == v) return true;
  }
  return false;
}

// The value an ABI class gives the low bits of `raw` (sign-extended when
// signed): what a parameter or return value means on that side.
__int128 AbiValue(const BfAbi& t, unsigned long long raw) {
  const unsigned long long m = Mask(t.bits);
  raw &= m;
  if (t.kind == 'i' && t.is_signed && t.bits < 64 && ((raw >> (t.bits - 1)) & 1)) raw |= ~m;
  if (t.kind == 'i' && t.is_signed) return static_cast<__int128>(static_cast<long long>(raw));
  return static_cast<__int128>(raw);
}

const char* AbiName(const BfAbi& t, char* buf, size_t n) {
  if (t.kind == 'v') return "void";
  if (t.kind == 'b') return "bool";
  if (t.kind == 'p') return "ptr";
  std::snprintf(buf, n, "%c%u", t.kind == 'f' ? 'f' : (t.is_signed ? 'i' : 'u'), t.bits);
  return buf;
}

const char* AbiKind(const BfAbi& rust, const BfAbi& c, bool ret) {
  if (rust.kind != c.kind) return ret ? "function-return-type" : "function-param-type";
  if (rust.bits != c.bits) return ret ? "function-return-width" : "function-param-width";
  if (rust.is_signed != c.is_signed) return "function-signedness";
  return ret ? "function-return-type" : "function-param-type";
}

bool g_trace = false;

void Trace(const BfRecord& r, const char* field, const char* mode, size_t rust_off, size_t c_off) {
  if (!g_trace) return;
  std::fprintf(stderr, BF_ACCESS_RECORD_FORMAT, r.display, field, mode, r.rust_size, r.c_sizeof(), rust_off, c_off, r.rust_align,
               r.c_alignof());
}

// A value of `t` Rust may pass: any bits of its width, a valid bool.
unsigned long long RustArg(const BfAbi& t, FuzzedDataProvider& fdp) {
  if (t.kind == 'b') return fdp.ConsumeBool() ? 1 : 0;
  return fdp.ConsumeIntegral<unsigned long long>() & Mask(t.bits);
}

}  // namespace

namespace bf_layout {

// (a) + (b): objects at exactly one side's size, accessed through the other.
void LayoutCase(const BfRecord& r, bool rust_allocates, FuzzedDataProvider& fdp) {
  const BfField* f = nullptr;
  if (r.num_fields > 0) f = &r.fields[fdp.ConsumeIntegralInRange<size_t>(0, r.num_fields - 1)];
  const size_t c_size = r.c_sizeof();
  Trace(r, f == nullptr ? BF_ACCESS_NO_FIELD : f->name,
        rust_allocates ? BF_MODE_RUST_ALLOCATES : BF_MODE_C_ALLOCATES,
        f == nullptr ? 0 : f->rust_offset, f == nullptr ? 0 : f->c_offset);
  const size_t width = f == nullptr ? 0 : (f->c_width > f->rust_width ? f->c_width : f->rust_width);
  // Scratch for the value (the objects under test are allocated exactly;
  // these are ours, reused across inputs: one allocation per input is
  // what keeps the target near an empty target's speed).
  static std::vector<unsigned char> scratch;
  if (scratch.size() < 2 * width + 1) scratch.resize(2 * width + 1);  // never empty: data() != nullptr
  unsigned char* src = scratch.data();
  unsigned char* got = scratch.data() + width;
  const size_t given = fdp.ConsumeData(src, width);
  for (size_t i = given; i < width; ++i)  // short input: a pattern with no period
    src[i] = static_cast<unsigned char>(i * 37 + 11);

  if (rust_allocates) {
    // (a) Rust allocates the object at its size and hands it to C: C's
    // accesses overflow when Rust believes the object smaller.
    unsigned char* obj =
        static_cast<unsigned char*>(bf_alloc_exact_aligned(r.rust_size, r.rust_align));
    std::memset(obj, 0, r.rust_size);
    // A C field that starts past Rust's object is left to the copy below:
    // past the redzone the write could land in a neighbour instead of being
    // reported.
    if (f != nullptr && f->c_offset <= r.rust_size) f->c_write(obj, src);
    // C copies it by value: C's size (only an overflow when C's is larger).
    if (c_size > r.rust_size) {
      unsigned char* copy = static_cast<unsigned char*>(bf_alloc_exact(c_size));
      r.c_copy(copy, obj);
      bf_free(copy);
    }
    bf_free(obj);
  } else {
    // (a) C allocates the object at exactly its size.
    unsigned char* obj = static_cast<unsigned char*>(bf_alloc_exact_aligned(c_size, r.c_alignof()));
    std::memset(obj, 0, c_size);
    if (f != nullptr) {
      // (a)+(b) Rust stores the field where it believes it is; C reads it.
      std::memset(got, 0, width);
      std::memcpy(RustAt(obj, c_size, f->rust_offset), src, f->rust_width);
      f->c_read(obj, got);
      Check(r, *f, src, got);

      // (b) C stores the field; Rust reads it where it believes it is.
      std::memset(obj, 0, c_size);
      std::memset(got, 0, width);
      f->c_write(obj, src);
      std::memcpy(got, RustAt(obj, c_size, f->rust_offset), f->rust_width);
      Check(r, *f, src, got);
    }
    // (a) Rust copies the object by value: Rust's size (only an overflow
    // when Rust's is larger).
    if (r.rust_size > c_size) {
      unsigned char* copy = static_cast<unsigned char*>(bf_alloc_exact(r.rust_size));
      std::memcpy(copy, obj, r.rust_size);
      bf_free(copy);
    }
    bf_free(obj);
  }
}

// (c) Each side places the object at its own alignment and the other side
// accesses it through its typed view: UBSan reports the misaligned access
// when the alignments differ (a Rust reference to a misaligned object, or C
// code handed an object Rust placed less aligned than C requires).
void AlignmentCase(const BfRecord& r) {
  const size_t ca = r.c_alignof() < 1 ? 1 : r.c_alignof();
  const size_t ra = r.rust_align < 1 ? 1 : r.rust_align;
  const size_t c_size = r.c_sizeof();
  if (ra < ca && r.c_touch != nullptr) {
    Trace(r, BF_ACCESS_NO_FIELD, BF_MODE_RUST_ALIGNED, 0, 0);
    // Aligned to Rust's alignment and not to C's.
    unsigned char* base = static_cast<unsigned char*>(bf_alloc_exact_aligned(r.rust_size + ra, ca));
    std::memset(base, 0, r.rust_size + ra);
    r.c_touch(base + ra);
    bf_free(base);
  } else if (ca < ra && r.rust_touch != nullptr) {
    Trace(r, BF_ACCESS_NO_FIELD, BF_MODE_C_ALIGNED, 0, 0);
    unsigned char* base = static_cast<unsigned char*>(bf_alloc_exact_aligned(c_size + ca, ra));
    std::memset(base, 0, c_size + ca);
    r.rust_touch(base + ca);
    bf_free(base);
  } else {
    Trace(r, BF_ACCESS_NO_FIELD, BF_MODE_SAME_ALIGNED, 0, 0);
    const size_t a = ca > ra ? ca : ra;
    const size_t n = c_size > r.rust_size ? c_size : r.rust_size;
    unsigned char* obj = static_cast<unsigned char*>(bf_alloc_exact_aligned(n, a));
    std::memset(obj, 0, n);
    if (r.c_touch != nullptr) r.c_touch(obj);
    if (r.rust_touch != nullptr) r.rust_touch(obj);
    bf_free(obj);
  }
}

// (e) C stores a value it can produce through its own type; Rust reads the
// bytes as its type, which admits only some patterns (bool: 0 and 1; a Rust
// enum: its variants). Anything else is undefined behaviour in Rust.
void ValueCase(const BfRecord& r, FuzzedDataProvider& fdp) {
  const BfValue& v = r.values[fdp.ConsumeIntegralInRange<size_t>(0, r.num_values - 1)];
  long long c_value;
  if (v.num_c_values > 0) {
    c_value = v.c_values[fdp.ConsumeIntegralInRange<size_t>(0, v.num_c_values - 1)];
  } else {
    c_value = fdp.ConsumeIntegral<long long>();
  }
  const size_t c_size = r.c_sizeof();
  Trace(r, v.name, BF_MODE_VALUES, v.rust_offset, 0);
  unsigned char* obj = static_cast<unsigned char*>(bf_alloc_exact_aligned(c_size, r.c_alignof()));
  std::memset(obj, 0, c_size);
  v.c_set(obj, c_value);
  unsigned long long raw = 0;
  std::memcpy(&raw, RustAt(obj, c_size, v.rust_offset), v.rust_width > 8 ? 8 : v.rust_width);
  bf_free(obj);
  if (!Contains(v.rust_valid, v.num_rust_valid, raw)) {
    bf_violation(v.kind, BF_DETAIL_VALUE, r.display, v.name,
                 v.rust_type, raw, c_value);
  }
}

// (f) The C compiler's bitfield semantics against bindgen's bitfield unit.
void BitfieldCase(const BfRecord& r, FuzzedDataProvider& fdp) {
  const BfBitfield& b = r.bitfields[fdp.ConsumeIntegralInRange<size_t>(0, r.num_bitfields - 1)];
  const unsigned long long v = fdp.ConsumeIntegral<unsigned long long>();
  const size_t c_size = r.c_sizeof();
  Trace(r, b.name, BF_MODE_BITFIELD, b.rust_bit, b.c_bit);
  const char* kind = b.c_width != b.rust_width ? "bitfield-width" : "bitfield-position";
  unsigned char* obj = static_cast<unsigned char*>(bf_alloc_exact_aligned(c_size, r.c_alignof()));
  // C stores, Rust reads.
  std::memset(obj, 0, c_size);
  const unsigned long long vc = v & Mask(b.c_width);
  b.c_set(obj, vc);
  const unsigned long long rust_got = RustBitGet(obj, b.rust_bit, b.rust_width);
  if (rust_got != vc) {
    bf_violation(kind, BF_DETAIL_BITFIELD,
                 r.display, b.name, b.rust_bit, b.rust_width, b.c_bit, b.c_width, vc, rust_got);
  }
  // Rust stores, C reads.
  std::memset(obj, 0, c_size);
  const unsigned long long vr = v & Mask(b.rust_width);
  RustBitSet(obj, b.rust_bit, b.rust_width, vr);
  const unsigned long long c_got = b.c_get(obj) & Mask(b.c_width);
  if (c_got != vr) {
    bf_violation(kind, BF_DETAIL_BITFIELD,
                 r.display, b.name, b.rust_bit, b.rust_width, b.c_bit, b.c_width, vr, c_got);
  }
  bf_free(obj);
}

// (d) Rust calls C through a function pointer typed as Rust declares it
// (UBSan -fsanitize=function reports a call through an incorrect function
// type); every argument and the return value must arrive bit-exact, and (e)
// the returned value must be valid for Rust's return type.
void FunctionCase(const BfFunction& fn, FuzzedDataProvider& fdp) {
  if (g_trace) std::fprintf(stderr, BF_ACCESS_FUNCTION_FORMAT, fn.name);
  unsigned long long args[32] = {0};
  for (size_t i = 0; i < fn.num_rust_params && i < 32; ++i) args[i] = RustArg(fn.rust_params[i], fdp);
  unsigned long long ret_raw = 0;
  if (fn.num_c_ret_values > 0) {
    ret_raw = static_cast<unsigned long long>(
        fn.c_ret_values[fdp.ConsumeIntegralInRange<size_t>(0, fn.num_c_ret_values - 1)]);
  } else if (fn.c_ret.kind == 'b') {
    ret_raw = fdp.ConsumeBool() ? 1 : 0;
  } else {
    ret_raw = fdp.ConsumeIntegral<unsigned long long>();
  }
  ret_raw &= Mask(fn.c_ret.bits);
  fn.c_setret(ret_raw);
  unsigned long long got_ret = 0;
  fn.call_as_rust(fn.c_addr(), args, &got_ret);
  char b1[16], b2[16];
  const size_t n = fn.num_c_params < fn.num_rust_params ? fn.num_c_params : fn.num_rust_params;
  for (size_t i = 0; i < n; ++i) {
    const BfAbi& rt = fn.rust_params[i];
    const BfAbi& ct = fn.c_params[i];
    if (AbiValue(rt, args[i]) != AbiValue(ct, fn.c_received[i])) {
      bf_violation(AbiKind(rt, ct, false), BF_DETAIL_PARAM,
                   fn.name, i, AbiName(rt, b1, sizeof b1), AbiName(ct, b2, sizeof b2), args[i],
                   fn.c_received[i] & Mask(ct.bits));
    }
  }
  if (fn.num_c_params != fn.num_rust_params) {
    bf_violation("function-param-count", BF_DETAIL_PARAM_COUNT, fn.name, fn.num_rust_params,
                 fn.num_c_params);
  }
  if (fn.rust_ret.kind != 'v' &&
      AbiValue(fn.rust_ret, got_ret) != AbiValue(fn.c_ret, ret_raw)) {
    bf_violation(AbiKind(fn.rust_ret, fn.c_ret, true), BF_DETAIL_RETURN,
                 fn.name, AbiName(fn.rust_ret, b1, sizeof b1), AbiName(fn.c_ret, b2, sizeof b2),
                 ret_raw, got_ret & Mask(fn.rust_ret.bits));
  }
  if (fn.num_rust_ret_valid > 0 && !Contains(fn.rust_ret_valid, fn.num_rust_ret_valid, got_ret)) {
    bf_violation("enum-missing-value", BF_DETAIL_RETURN_VALUE,
                 fn.name, got_ret);
  }
}

void SetTrace(bool on) { g_trace = on; }

}  // namespace bf_layout

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
// Layout targets free nothing they use again, so ASan's quarantine (256 MiB
// by default) only makes every allocation of a large record fault in fresh
// pages; a small one keeps the memory warm. ASAN_OPTIONS still overrides.
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=16"; }
#endif
#endif

extern "C" int bf_layout_run(const BfLayoutTarget* target, const uint8_t* data, size_t size) {
  const size_t num_records = target->num_records;
  const size_t num_functions = target->num_functions;
  if (num_records + num_functions == 0) return 0;
  static const bool trace = std::getenv("BINDFUZZ_TRACE") != nullptr;
  g_trace = trace;  // BINDFUZZ_TRACE=1 (scripts/reproduce.sh) names what an input touches
  FuzzedDataProvider fdp(data, size);
  const size_t pick = fdp.ConsumeIntegralInRange<size_t>(0, num_records + num_functions - 1);
  if (pick >= num_records) {
    bf_layout::FunctionCase(target->functions[pick - num_records], fdp);
    return 0;
  }
  const BfRecord& r = target->records[pick];
  switch (fdp.ConsumeIntegralInRange<int>(0, 4)) {
    case 0: bf_layout::LayoutCase(r, /*rust_allocates=*/false, fdp); break;
    case 1: bf_layout::LayoutCase(r, /*rust_allocates=*/true, fdp); break;
    case 2: bf_layout::AlignmentCase(r); break;
    case 3:
      if (r.num_values > 0) {
        bf_layout::ValueCase(r, fdp);
      } else {
        bf_layout::LayoutCase(r, false, fdp);
      }
      break;
    default:
      if (r.num_bitfields > 0) {
        bf_layout::BitfieldCase(r, fdp);
      } else {
        bf_layout::LayoutCase(r, true, fdp);
      }
      break;
  }
  return 0;
}
