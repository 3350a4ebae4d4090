// Kernel tests (label `kernel`): the real Linux 6.12 bindings produced by
// scripts/kernel-inputs.sh. Skipped when they (or rustc) are absent.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/rust_frontend/rust_frontend.h"
#include "harness/rust_frontend/rustc_oracle.h"
#include "harness/testing/kernel_inputs.h"

namespace bindfuzz::rust_frontend {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPrelude = "harness/testdata/rust_frontend/kernel_prelude.rs";
const std::string kKernelSrc = kernel_inputs::Src();

std::string Out(const std::string& flavour, const char* file) {
  return kernel_inputs::Out(flavour, file);
}

RustFrontendOptions KernelOptions() {
  RustFrontendOptions o;
  o.target_triple = "x86_64-linux-gnu";
  o.c_char_signed = false;  // -funsigned-char; rust/ffi.rs: c_char = u8
  o.ctypes_prefix = "ffi";
  return o;
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

size_t CountOccurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

// A second, deliberately simpler count of the items in bindgen's output, by
// line shape alone: bindgen prints every top-level item at column 0, and
// every foreign function as `    pub fn` inside an `extern "C" {` block that
// a `}` at column 0 closes. The tests compare the front end's counts with
// these instead of with figures of one Debian upload.
struct LineShapeCounts {
  size_t structs = 0, unions = 0, consts = 0, extern_fns = 0, layout_tests = 0;
};

LineShapeCounts CountLineShapes(const std::string& text) {
  LineShapeCounts c;
  bool in_extern = false;
  size_t b = 0;
  while (b < text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string::npos) e = text.size();
    std::string_view line(text.data() + b, e - b);
    auto starts = [&](std::string_view p) { return line.substr(0, p.size()) == p; };
    if (in_extern) {
      if (line == "}") in_extern = false;
      else if (starts("    pub fn ")) ++c.extern_fns;
    } else if (line == "extern \"C\" {") {
      in_extern = true;
    } else if (starts("pub struct ")) {
      ++c.structs;
    } else if (starts("pub union ")) {
      ++c.unions;
    } else if (starts("pub const ")) {
      ++c.consts;
    } else if (starts("fn bindgen_test_layout_")) {
      ++c.layout_tests;
    }
    b = e + 1;
  }
  return c;
}

// The kernel's 64-bit typedefs that C declares 4-aligned
// (`typedef u64 __attribute__((aligned(4))) compat_u64;` in
// asm-generic/compat.h) and bindgen 0.60 turns into plain 8-aligned aliases.
std::set<std::string> UnderAlignedTypedefs(const std::string& text) {
  std::set<std::string> out;
  for (const char* name : {"compat_u64", "compat_s64"}) {
    if (text.find(std::string("pub type ") + name + " = ") != std::string::npos) out.insert(name);
  }
  return out;
}

TEST(KernelBindings, ParseSeesEveryItem) {
  std::string gen = Out("amd64", "bindings_generated.rs");
  if (!fs::exists(gen)) GTEST_SKIP() << gen << " absent: run scripts/kernel-inputs.sh";
  std::vector<std::string> files = {kPrelude, gen, Out("amd64", "bindings_helpers_generated.rs")};
  std::string lib = std::string(kKernelSrc) + "/rust/bindings/lib.rs";
  if (fs::exists(lib)) files.push_back(lib);
  auto t0 = std::chrono::steady_clock::now();
  auto srcs = ReadRustSources(files, KernelOptions());
  ASSERT_TRUE(srcs.ok()) << srcs.status();
  auto ex = ExtractRustSources(*srcs, KernelOptions());
  double secs = Since(t0);
  ASSERT_TRUE(ex.ok()) << ex.status();
  const ExtractionStats& s = ex->stats;
  std::printf("kernel parse: %zu tokens, %zu structs, %zu unions, %zu extern fns, %zu fn items, %zu consts, "
              "%zu notes, %.3f s\n",
              s.tokens, s.structs.seen, s.unions.seen, s.functions.seen, s.fn_items, s.consts.seen,
              ex->contract.notes.size(), secs);
  LineShapeCounts want;
  for (const RustSource& src : *srcs) {
    LineShapeCounts c = CountLineShapes(src.text);
    want.structs += c.structs;
    want.unions += c.unions;
    want.consts += c.consts;
    want.extern_fns += c.extern_fns;
  }
  ASSERT_GT(want.structs, 0u) << "no `pub struct` line: not bindgen output?";
  ASSERT_GT(want.extern_fns, 0u);
  EXPECT_EQ(s.structs.seen, want.structs);
  EXPECT_EQ(s.unions.seen, want.unions);
  EXPECT_EQ(s.consts.seen, want.consts);
  // `pub fn` as written in the files: extern "C" fns, bitfield accessors and
  // bindgen helper methods.
  const std::string& text = (*srcs)[1].text;
  EXPECT_EQ(s.pub_fn_items, CountOccurrences(text, "pub fn ") + CountOccurrences((*srcs)[2].text, "pub fn "));
  EXPECT_EQ(s.functions.seen, want.extern_fns);
  EXPECT_EQ(ex->contract.functions.size(), want.extern_fns);
  EXPECT_EQ(ex->contract.functions.count("rust_helper_BUG"), 1u);
  EXPECT_EQ(s.bitfields, CountOccurrences(text, "transmute(self._bitfield_"));  // getters
  // Every item is modelled or explained by a note.
  for (const ItemCount* k : {&s.structs, &s.unions, &s.enums, &s.type_aliases, &s.consts, &s.statics, &s.functions})
    EXPECT_EQ(k->seen, k->modelled + k->noted);
  EXPECT_EQ(ex->contract.records.size(), s.structs.modelled + s.unions.modelled);
  // Layouts were computed for every record.
  for (const auto& [name, r] : ex->contract.records) {
    if (!r.complete) continue;
    EXPECT_GT(r.align_bytes, 0u) << name;
  }
}

// What bindgen asserted from C (its layout tests) against the layout our
// engine computes for the same Rust, record by record.
struct AssertedVsRust {
  size_t with_asserts = 0, fields = 0;
  std::set<std::string> mismatched;
};

AssertedVsRust CompareWithAsserted(const contract::Contract& c) {
  AssertedVsRust out;
  for (const auto& [name, r] : c.records) {
    if (r.asserted.empty()) continue;
    ++out.with_asserts;
    if (r.asserted.size_bytes && *r.asserted.size_bytes != r.size_bytes) out.mismatched.insert(name);
    if (r.asserted.align_bytes && *r.asserted.align_bytes != r.align_bytes) out.mismatched.insert(name);
    for (const auto& [f, off] : r.asserted.field_offset_bytes) {
      ++out.fields;
      const contract::Field* cf = r.FindField(f);
      if (!cf || cf->offset_bits != off * 8) out.mismatched.insert(name);
    }
  }
  return out;
}

// Does a field of `r`, or of a record nested in it through its fields, have
// one of `typedefs` as its type (through arrays and typedef chains)?
bool UsesTypedef(const contract::Contract& c, const contract::Record& r, const std::set<std::string>& typedefs,
                 int depth = 0) {
  if (depth > 64) return false;
  for (const contract::Field& f : r.fields) {
    const contract::Type* t = &f.type;
    for (int hops = 0; hops < 64; ++hops) {
      if (t->kind == contract::TypeKind::kArray && !t->inner.empty()) {
        t = &t->inner[0];
      } else if (t->kind == contract::TypeKind::kTypedef && !typedefs.count(t->name) && c.typedefs.count(t->name)) {
        t = &c.typedefs.at(t->name).target;
      } else {
        break;
      }
    }
    if (t->kind == contract::TypeKind::kTypedef && typedefs.count(t->name)) return true;
    if (t->kind == contract::TypeKind::kRecord) {
      auto it = c.records.find(t->name);
      if (it != c.records.end() && UsesTypedef(c, it->second, typedefs, depth + 1)) return true;
    }
  }
  return false;
}

TEST(KernelBindings, LayoutTestsMatchExceptTheKnownCompatU64Bug) {
  std::string gen = Out("amd64", "bindings_generated_with_layout_tests.rs");
  if (!fs::exists(gen)) GTEST_SKIP() << gen << " absent: run scripts/kernel-inputs.sh";
  auto srcs = ReadRustSources({kPrelude, gen}, KernelOptions());
  ASSERT_TRUE(srcs.ok()) << srcs.status();
  auto ex = ExtractRustSources(*srcs, KernelOptions());
  ASSERT_TRUE(ex.ok()) << ex.status();
  AssertedVsRust got = CompareWithAsserted(ex->contract);
  const std::string& text = (*srcs)[1].text;
  std::printf("layout tests: %zu records asserted, %zu field offsets, %zu disagree with Rust's layout\n",
              got.with_asserts, got.fields, got.mismatched.size());
  // One asserted record per layout test function, one asserted offset per
  // `addr_of!((*ptr).f)` probe bindgen wrote.
  EXPECT_EQ(got.with_asserts, CountLineShapes(text).layout_tests);
  EXPECT_EQ(got.fields, CountOccurrences(text, "::core::ptr::addr_of!((*ptr)."));
  // bindgen turns `typedef u64 __attribute__((aligned(4))) compat_u64` into
  // a plain u64 alias: Rust (8-aligned) disagrees with what bindgen asserted
  // from C for records using it (the kernel hides it with
  // --no-layout-tests), and for no other record.
  const std::set<std::string> under_aligned = UnderAlignedTypedefs(text);
  ASSERT_FALSE(under_aligned.empty());
  ASSERT_FALSE(got.mismatched.empty()) << "the compat_u64 records no longer disagree: re-check this test";
  for (const std::string& name : got.mismatched) {
    EXPECT_TRUE(UsesTypedef(ex->contract, ex->contract.records.at(name), under_aligned))
        << name << " disagrees with bindgen's asserted C layout but uses no under-aligned typedef";
  }
  // Conversely every record using one whose asserted C alignment is below
  // the typedef's natural 8 bytes must disagree (Rust aligns it to 8).
  for (const auto& [name, r] : ex->contract.records) {
    if (r.asserted.empty() || !r.asserted.align_bytes || *r.asserted.align_bytes >= 8) continue;
    if (!UsesTypedef(ex->contract, r, under_aligned)) continue;
    EXPECT_TRUE(got.mismatched.count(name)) << name << ": C alignment " << *r.asserted.align_bytes
                                            << " with a compat_u64 member, but Rust agrees";
  }
}

TEST(KernelBindings, RustcAgreesOnEveryType) {
  if (!FindRustc().ok()) GTEST_SKIP() << "rustc not on PATH";
  size_t flavours = 0;
  for (const char* flavour : {"amd64", "rt-amd64", "cloud-amd64"}) {
    std::string gen = Out(flavour, "bindings_generated.rs");
    if (!fs::exists(gen)) continue;
    ++flavours;
    auto t0 = std::chrono::steady_clock::now();
    auto srcs = ReadRustSources({kPrelude, gen, Out(flavour, "bindings_helpers_generated.rs")}, KernelOptions());
    ASSERT_TRUE(srcs.ok()) << srcs.status();
    auto ex = ExtractRustSources(*srcs, KernelOptions());
    ASSERT_TRUE(ex.ok()) << ex.status();
    double parse_secs = Since(t0);
    OracleOptions oo;
    std::string ffi = std::string(kKernelSrc) + "/rust/ffi.rs";
    if (fs::exists(ffi)) oo.ffi_module_file = ffi;
    auto rep = RunRustcOracle(*srcs, *ex, KernelOptions(), oo);
    ASSERT_TRUE(rep.ok()) << rep.status();
    std::printf("%s: %s; parse %.3f s; records+aliases checked %zu, fields checked %zu, skipped %zu, "
                "disagreements %zu; rustc compile %.1f s, oracle total %.1f s\n",
                flavour, rep->rustc_version.c_str(), parse_secs, rep->types_checked, rep->fields_checked,
                rep->skipped, rep->disagreements.size(), rep->compile_seconds, rep->seconds);
    std::string dis;
    for (size_t i = 0; i < rep->disagreements.size() && i < 50; ++i) dis += rep->disagreements[i].ToString() + "\n";
    EXPECT_TRUE(rep->disagreements.empty()) << dis;
    EXPECT_EQ(rep->skipped, 0u);
    // Every layout fact of the front end was probed: one size/align probe per
    // record and alias fact, one offset probe per field fact.
    size_t type_facts = 0, field_facts = 0;
    for (const RustLayoutFact& f : ex->facts) (f.field.empty() ? type_facts : field_facts)++;
    EXPECT_EQ(rep->types_checked, type_facts);
    EXPECT_EQ(rep->fields_checked, field_facts);
    LineShapeCounts lines = CountLineShapes((*srcs)[1].text);
    EXPECT_GE(rep->types_checked, lines.structs + lines.unions);  // every struct and union, plus aliases
    EXPECT_GT(rep->fields_checked, 0u);
  }
  if (flavours == 0) GTEST_SKIP() << "no kernel bindings: run scripts/kernel-inputs.sh";
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
