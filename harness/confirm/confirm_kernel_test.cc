// check --confirm on the real Linux 6.12 inputs (label `kernel`; skipped
// when scripts/kernel-inputs.sh has not been run, or gcc/rustc are absent):
//  1. amd64 bindings vs amd64 headers: every error finding (the compat_*
//     layouts, the constants bindgen evaluated wrongly, the variable with no
//     symbol) is confirmed by gcc and rustc;
//  2. amd64 bindings vs rt-amd64 headers (PREEMPT_RT): every error finding
//     is confirmed too, including the sizes of unnamed anonymous members;
//     whatever is refuted or unconfirmable is printed with its reason.
#include <sys/stat.h>

#include <cstdlib>
#include <iostream>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/cflags/flag_readers.h"
#include "harness/confirm/confirm.h"
#include "harness/diff/diff.h"
#include "harness/driver/pipeline.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::confirm {
namespace {

using diff::ConfirmStatus;

std::string WorkDir() {
  const char* w = std::getenv("BINDFUZZ_WORK");
  return w != nullptr ? w : "work";
}
bool Exists(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}
std::string Out(const std::string& flavour) { return WorkDir() + "/kernel/out/" + flavour; }
std::string Src() { return WorkDir() + "/kernel/src/linux-source-6.12"; }

class KernelConfirm : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const char* f : {"amd64", "rt-amd64"})
      if (!Exists(Out(f) + "/c_flags_helpers.txt")) return;
    if (!Exists(Out("amd64") + "/bindings_generated.rs") || !Exists(Src() + "/rust/bindings/lib.rs")) return;
    if (!target::FindProgram("gcc").ok() || !target::FindProgram("rustc").ok()) return;
    available_ = true;
    rust_in_.files = {Src() + "/rust/bindings/lib.rs", Out("amd64") + "/bindings_generated.rs",
                      Out("amd64") + "/bindings_helpers_generated.rs"};
    rust_in_.c_char_signed = false;
    auto r = driver::RunExtractRust(rust_in_);
    EXPECT_TRUE(r.ok()) << r.status();
    rust_ = new contract::Contract(r.ok() ? *r : contract::Contract{});
  }
  void SetUp() override {
    if (!available_) GTEST_SKIP() << "kernel inputs, gcc or rustc absent: run scripts/kernel-inputs.sh";
  }

  // The check of the amd64 bindings against `flavour`'s headers, confirmed.
  static void Run(const std::string& flavour, diff::DiffReport* report, ConfirmStats* stats) {
    auto flags = cflags::ReadFlagsFile(Out(flavour) + "/c_flags_helpers.txt");
    ASSERT_TRUE(flags.ok()) << flags.status();
    driver::CInputs in;
    in.headers = {Src() + "/rust/bindings/bindings_helper.h", Src() + "/rust/helpers/helpers.c"};
    in.flags = *flags;
    auto c = driver::RunExtractC(in);
    ASSERT_TRUE(c.ok()) << c.status();
    *report = diff::Compare(*c, *rust_);
    ConfirmInputs ci{in.headers, in.flags, "", rust_in_.files, rust_in_.c_char_signed, ""};
    auto s = ConfirmReport(*c, *rust_, ci, {}, report);
    ASSERT_TRUE(s.ok()) << s.status();
    *stats = *s;
    std::cout << flavour << ": confirmed " << s->confirmed << ", refuted " << s->refuted << ", unconfirmable "
              << s->unconfirmable << " (" << s->c_facts << " C facts, " << s->c_compiler << ", " << s->c_compiles
              << " compiles, " << s->c_seconds << " s; " << s->rust_facts << " Rust facts, " << s->rust_compiler << ", "
              << s->rust_compiles << " compiles, " << s->rust_seconds << " s; total " << s->seconds << " s)\n";
    for (const diff::Finding& f : report->refuted) {
      std::cout << "  refuted: " << diff::KindName(f.kind) << " " << f.Subject() << ": C says "
                << f.confirmation->c_value << ", Rust says " << f.confirmation->rust_value << " ("
                << f.confirmation->reason << ")\n";
    }
    for (const diff::Finding& f : report->findings) {
      if (f.confirmation && f.confirmation->status == ConfirmStatus::kUnconfirmable)
        std::cout << "  unconfirmable: " << diff::KindName(f.kind) << " " << f.Subject() << ": "
                  << f.confirmation->reason << "\n";
    }
  }

  static inline bool available_ = false;
  static inline driver::RustInputs rust_in_;
  static inline contract::Contract* rust_ = nullptr;
};

TEST_F(KernelConfirm, AmdBindingsVsAmdHeadersAllConfirmed) {
  diff::DiffReport rep;
  ConfirmStats st;
  ASSERT_NO_FATAL_FAILURE(Run("amd64", &rep, &st));
  EXPECT_EQ(st.refuted, 0u);
  EXPECT_EQ(st.unconfirmable, 0u);
  EXPECT_EQ(st.confirmed, rep.CountSeverity(diff::Severity::kError));
  EXPECT_THAT(st.c_compiler, ::testing::HasSubstr("gcc "));
  size_t layout = 0;
  for (const diff::Finding& f : rep.findings) {
    if (!diff::IsLayoutFinding(f.kind) || f.severity != diff::Severity::kError) continue;
    ++layout;
    EXPECT_EQ(f.item.rfind("compat_", 0), 0u) << f.item;
    ASSERT_TRUE(f.confirmation.has_value());
    EXPECT_EQ(f.confirmation->status, ConfirmStatus::kConfirmed) << f.Subject() << ": " << f.confirmation->reason;
    if (f.item == "compat_ethtool_rxnfc" && f.kind == diff::MismatchKind::kRecordSize) {
      EXPECT_EQ(f.confirmation->c_value, "180");
      EXPECT_EQ(f.confirmation->rust_value, "192");
    }
  }
  EXPECT_GE(layout, 15u);
}

TEST_F(KernelConfirm, AmdBindingsVsRtHeadersAllConfirmed) {
  diff::DiffReport rep;
  ConfirmStats st;
  ASSERT_NO_FATAL_FAILURE(Run("rt-amd64", &rep, &st));
  EXPECT_EQ(st.refuted, 0u);
  EXPECT_EQ(st.unconfirmable, 0u);
  EXPECT_EQ(st.confirmed, rep.CountSeverity(diff::Severity::kError));
  EXPECT_GT(st.confirmed, 1000u);
  std::map<std::string, std::pair<std::string, std::string>> sizes;
  for (const diff::Finding& f : rep.findings) {
    if (f.confirmation && f.kind == diff::MismatchKind::kRecordSize)
      sizes[f.item] = {f.confirmation->c_value, f.confirmation->rust_value};
  }
  // The PREEMPT_RT sizes gcc computes (also in the kernel's BTF).
  EXPECT_EQ(sizes["file"], std::make_pair(std::string("216"), std::string("184")));
  EXPECT_EQ(sizes["spinlock"], std::make_pair(std::string("32"), std::string("4")));
  EXPECT_EQ(sizes["wait_queue_head"], std::make_pair(std::string("48"), std::string("24")));
  EXPECT_EQ(sizes["xarray"], std::make_pair(std::string("48"), std::string("16")));
}

}  // namespace
}  // namespace bindfuzz::confirm
