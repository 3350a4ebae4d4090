// Kernel test (label `kernel`): rustc, through the minicore probe, lays out
// every type of the Linux 6.12 arm64 bindings (scripts/kernel-inputs.sh
// --flavours arm64) as the Rust front end does for aarch64. Skipped when
// those bindings (or rustc) are absent.
#include <cstdio>
#include <filesystem>

#include "gtest/gtest.h"
#include "harness/cflags/flag_readers.h"
#include "harness/confirm/layout_oracle.h"
#include "harness/target/subprocess.h"
#include "harness/target/target.h"
#include "harness/testing/kernel_inputs.h"

namespace bindfuzz::confirm {
namespace {

namespace fs = std::filesystem;

TEST(KernelArm64Bindings, RustcMinicoreAgreesOnEveryType) {
  const std::string gen = kernel_inputs::Out("arm64", "bindings_generated.rs");
  if (!fs::exists(gen)) GTEST_SKIP() << gen << " absent: run scripts/kernel-inputs.sh --flavours arm64";
  if (!target::FindProgram("rustc").ok()) GTEST_SKIP() << "rustc not installed";
  // The target the kernel's own flags name for bindgen.
  auto flags = cflags::ReadFlagsFile(kernel_inputs::Out("arm64", "c_flags.txt"));
  ASSERT_TRUE(flags.ok()) << flags.status();
  std::optional<std::string> triple = target::ClangTargetFromFlags(*flags);
  ASSERT_TRUE(triple.has_value()) << "no --target in the arm64 flags";
  EXPECT_EQ(triple->substr(0, triple->find('-')), "aarch64");

  rust_frontend::RustFrontendOptions o;
  o.target_triple = *triple;
  o.c_char_signed = false;  // -funsigned-char; rust/ffi.rs: c_char = u8
  o.ctypes_prefix = "ffi";
  auto srcs = rust_frontend::ReadRustSources({"harness/testdata/rust_frontend/kernel_prelude.rs", gen,
                                              kernel_inputs::Out("arm64", "bindings_helpers_generated.rs")},
                                             o);
  ASSERT_TRUE(srcs.ok()) << srcs.status();
  auto parsed = rust_frontend::ExtractRustSources(*srcs, o);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  auto rep = RunLayoutOracle(*srcs, *parsed, o, {});
  ASSERT_TRUE(rep.ok()) << rep.status();
  std::printf("arm64: %s: types checked %zu, field offsets checked %zu, skipped %zu, disagreements %zu in %.1f s\n",
              rep->rustc_version.c_str(), rep->types_checked, rep->fields_checked, rep->skipped,
              rep->disagreements.size(), rep->seconds);
  std::string dis;
  for (size_t i = 0; i < rep->disagreements.size() && i < 50; ++i) dis += rep->disagreements[i].ToString() + "\n";
  EXPECT_TRUE(rep->disagreements.empty()) << dis;
  // Every layout fact of the front end is answered or counted as skipped.
  size_t type_facts = 0, field_facts = 0, structs = 0;
  for (const rust_frontend::RustLayoutFact& f : parsed->facts) (f.field.empty() ? type_facts : field_facts)++;
  EXPECT_EQ(rep->types_checked + rep->fields_checked + rep->skipped, type_facts + field_facts);
  // Skipped are only names the probe module cannot reach (a `pub use ... as`
  // alias): a handful, never a kind of item.
  EXPECT_LE(rep->skipped * 100, type_facts);
  for (const auto& [name, r] : parsed->contract.records) structs += name.find("::") == std::string::npos;
  EXPECT_GE(rep->types_checked, structs);
  EXPECT_GT(rep->fields_checked, 0u);
}

}  // namespace
}  // namespace bindfuzz::confirm
