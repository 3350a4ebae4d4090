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

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/btf_frontend/btf_frontend.h"
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
    c_ = *c;
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

  // A confirmed size finding carries the sizes both front ends computed:
  // gcc agrees with Clang's contract, rustc with the Rust contract. A C name
  // that is a typedef of a differently named record (PREEMPT_RT's
  // `typedef spinlock_t local_lock_t;`) is matched through the typedef by the
  // diff and has no record of its own here.
  static void ExpectSizesAreTheContracts(const diff::Finding& f, const contract::Contract& c,
                                         const contract::Contract& rust) {
    auto ci = c.records.find(f.item);
    auto ri = rust.records.find(f.item);
    ASSERT_NE(ri, rust.records.end()) << f.item;
    EXPECT_EQ(f.confirmation->rust_value, std::to_string(ri->second.size_bytes)) << f.item;
    if (ci == c.records.end()) {
      EXPECT_TRUE(c.typedefs.count(f.item)) << f.item;
      return;
    }
    EXPECT_EQ(f.confirmation->c_value, std::to_string(ci->second.size_bytes)) << f.item;
  }

  static inline bool available_ = false;
  static inline contract::Contract c_;
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
    if (f.kind == diff::MismatchKind::kRecordSize) ExpectSizesAreTheContracts(f, c_, *rust_);
  }
  EXPECT_GT(layout, 0u);
}

TEST_F(KernelConfirm, AmdBindingsVsRtHeadersAllConfirmed) {
  diff::DiffReport rep;
  ConfirmStats st;
  ASSERT_NO_FATAL_FAILURE(Run("rt-amd64", &rep, &st));
  EXPECT_EQ(st.refuted, 0u);
  EXPECT_EQ(st.unconfirmable, 0u);
  EXPECT_EQ(st.confirmed, rep.CountSeverity(diff::Severity::kError));
  EXPECT_GT(st.confirmed, 0u);
  // The PREEMPT_RT sizes gcc computes are the ones in the rt kernel's own BTF
  // (built by gcc, independent of Clang and of gcc's probe here), and the
  // Rust sizes are the bindings' own.
  auto btf = ExtractBtf(Out("rt-amd64") + "/vmlinux", {});
  ASSERT_TRUE(btf.ok()) << btf.status();
  size_t in_btf = 0;
  for (const diff::Finding& f : rep.findings) {
    if (!f.confirmation || f.kind != diff::MismatchKind::kRecordSize) continue;
    ExpectSizesAreTheContracts(f, c_, *rust_);
    auto b = btf->records.find(f.item);
    if (b == btf->records.end()) continue;
    ++in_btf;
    EXPECT_EQ(f.confirmation->c_value, std::to_string(b->second.size_bytes)) << f.item;
  }
  // spinlock_t is a different type under PREEMPT_RT: its size must differ.
  EXPECT_GT(in_btf, 0u);
  auto sp = btf->records.find("spinlock");
  ASSERT_NE(sp, btf->records.end());
  EXPECT_NE(sp->second.size_bytes, rust_->records.at("spinlock").size_bytes);
}

}  // namespace
}  // namespace bindfuzz::confirm
