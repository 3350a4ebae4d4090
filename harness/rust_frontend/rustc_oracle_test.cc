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

namespace bindfuzz::rust_frontend {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPrelude = "harness/testdata/rust_frontend/kernel_prelude.rs";
constexpr const char* kKernelSrc = "work/kernel/src/linux-source-6.12";

std::string Out(const std::string& flavour, const char* file) {
  return "work/kernel/out/" + flavour + "/" + file;
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
  EXPECT_EQ(s.structs.seen, 1879u);
  EXPECT_EQ(s.unions.seen, 234u);
  EXPECT_EQ(s.consts.seen, 19949u);
  // `pub fn` as written in the file: 5,866 extern "C" fns, bitfield
  // accessors and bindgen helper methods.
  const std::string& text = (*srcs)[1].text;
  EXPECT_EQ(s.pub_fn_items, CountOccurrences(text, "pub fn ") + CountOccurrences((*srcs)[2].text, "pub fn "));
  EXPECT_GE(s.pub_fn_items, 6555u);
  size_t helper_fns = CountOccurrences((*srcs)[2].text, "pub fn ");
  EXPECT_EQ(s.functions.seen, 5866u + helper_fns);
  EXPECT_EQ(ex->contract.functions.size(), 5866u + helper_fns);
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
  EXPECT_EQ(ex->contract.records.at("task_struct").size_bytes, 9792u);
  EXPECT_EQ(ex->contract.records.at("page").size_bytes, 64u);
  EXPECT_EQ(ex->contract.records.at("file").size_bytes, 184u);
  EXPECT_LT(secs, 30.0);
}

TEST(KernelBindings, LayoutTestsMatchExceptTheKnownCompatU64Bug) {
  std::string gen = Out("amd64", "bindings_generated_with_layout_tests.rs");
  if (!fs::exists(gen)) GTEST_SKIP() << gen << " absent: run scripts/kernel-inputs.sh";
  auto srcs = ReadRustSources({kPrelude, gen}, KernelOptions());
  ASSERT_TRUE(srcs.ok()) << srcs.status();
  auto ex = ExtractRustSources(*srcs, KernelOptions());
  ASSERT_TRUE(ex.ok()) << ex.status();
  size_t with_asserts = 0, fields = 0;
  std::set<std::string> mismatched;
  for (const auto& [name, r] : ex->contract.records) {
    if (r.asserted.empty()) continue;
    ++with_asserts;
    if (r.asserted.size_bytes && *r.asserted.size_bytes != r.size_bytes) mismatched.insert(name);
    if (r.asserted.align_bytes && *r.asserted.align_bytes != r.align_bytes) mismatched.insert(name);
    for (const auto& [f, off] : r.asserted.field_offset_bytes) {
      ++fields;
      const contract::Field* cf = r.FindField(f);
      if (!cf || cf->offset_bits != off * 8) mismatched.insert(name);
    }
  }
  std::printf("layout tests: %zu records asserted, %zu field offsets, %zu disagree with Rust's layout\n",
              with_asserts, fields, mismatched.size());
  EXPECT_EQ(with_asserts, 1844u);
  EXPECT_GT(fields, 9000u);
  // bindgen turns `typedef u64 __attribute__((aligned(4))) compat_u64` into
  // a plain u64 alias: Rust (8-aligned) disagrees with what bindgen asserted
  // from C for exactly these (the kernel hides it with --no-layout-tests).
  EXPECT_THAT(mismatched, ::testing::ElementsAre("compat_ethtool_rx_flow_spec", "compat_ethtool_rxnfc", "compat_siginfo",
                                                 "compat_siginfo::_sifields",
                                                 "compat_siginfo::_sifields::_sigchld_x32"));
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
    EXPECT_GE(rep->types_checked, 2110u);  // every struct and union, plus aliases
    EXPECT_GT(rep->fields_checked, 9000u);
  }
  if (flavours == 0) GTEST_SKIP() << "no kernel bindings: run scripts/kernel-inputs.sh";
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
