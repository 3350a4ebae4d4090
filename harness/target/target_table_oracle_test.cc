// The checked-in target table against the installed rustc: every row is
// derived again (target spec, data layout, core::ffi from rustc's own core
// source, calling conventions) and compared. Skips where rustc or its
// library source (rust-src or rust-docs) is absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "harness/target/minicore_probe.h"
#include "harness/target/rustc_target_facts.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::target {
namespace {

// rustc and its sysroot, or a reason to skip.
struct Rustc {
  std::string path, sysroot, skip;
};
Rustc FindRustc() {
  Rustc r;
  absl::StatusOr<std::string> p = FindProgram("rustc");
  if (!p.ok()) return {.skip = "no rustc on PATH"};
  r.path = *p;
  absl::StatusOr<std::string> s = RustcSysroot(r.path);
  if (!s.ok()) return {.skip = std::string(s.status().message())};
  r.sysroot = *s;
  absl::StatusOr<RustcFfiSource> src = LoadRustcFfiSource(r.sysroot);
  if (!src.ok()) r.skip = std::string(src.status().message());
  return r;
}

TEST(TargetTableOracle, EveryRowIsWhatRustcSays) {
  Rustc rustc = FindRustc();
  if (!rustc.skip.empty()) GTEST_SKIP() << rustc.skip;
  std::printf("%-34s %-8s %s\n", "target", "result", "conventions (rustc)");
  for (const TargetInfo& t : AllTargets()) {
    absl::StatusOr<TargetFacts> f = DeriveTargetFacts(
        {std::string(t.rust_triple), std::string(t.clang_triple), std::string(t.clang_aliases)}, {.rustc = rustc.path});
    ASSERT_TRUE(f.ok()) << f.status();
    std::string want = FormatTableRows(FactsOf(t));
    std::string got = FormatTableRows(*f);
    EXPECT_EQ(got, want) << t.rust_triple << ": the table (generated with " << TableRustcVersion()
                         << ") differs from " << f->rustc_version << "; regenerate with scripts/gen-target-table.sh";
    std::string conventions;
    for (const DerivedAbi& a : f->abis)
      if (a.same_as == a.abi) absl::StrAppend(&conventions, a.abi, " ");
    std::printf("%-34s %-8s %s\n", std::string(t.rust_triple).c_str(), got == want ? "same" : "DIFFERS",
                conventions.c_str());
  }
}

TEST(TargetTableOracle, StdOsRawIsCoreFfi) {
  Rustc rustc = FindRustc();
  if (!rustc.skip.empty()) GTEST_SKIP() << rustc.skip;
  absl::StatusOr<RustcFfiSource> src = LoadRustcFfiSource(rustc.sysroot);
  ASSERT_TRUE(src.ok()) << src.status();
  std::vector<std::string> want(StdOsRawNames().begin(), StdOsRawNames().end());
  EXPECT_EQ(src->std_os_raw, want) << src->raw_path;
}

// A target rustc does not know is an error that names it.
TEST(TargetTableOracle, UnknownRustTargetIsAnError) {
  Rustc rustc = FindRustc();
  if (!rustc.skip.empty()) GTEST_SKIP() << rustc.skip;
  absl::StatusOr<TargetFacts> f = DeriveTargetFacts({"sparc128-unknown-nowhere", "x", ""}, {.rustc = rustc.path});
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(std::string(f.status().message()), ::testing::HasSubstr("sparc128-unknown-nowhere"));
}

}  // namespace
}  // namespace bindfuzz::target
