// End-to-end checks on the real Linux 6.12 inputs from Debian's archive
// (scripts/kernel-inputs.sh). Labelled `kernel`; skipped when the inputs are
// absent.
//
//  1. amd64 bindings vs amd64 headers: every struct, union and function of the
//     bindings is matched or unmatched with a reason, and the layout findings
//     are exactly the five compat_* records whose compat_u64/compat_s64 lost
//     aligned(4) in bindgen.
//  2. amd64 bindings vs rt-amd64 headers: every record whose size differs
//     between the flavours in BTF and that the bindings contain is reported.
//  3. C front end vs BTF of the same flavour: zero layout disagreements on the
//     records present in both.
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <sys/stat.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/btf_frontend/btf_frontend.h"
#include "harness/cflags/flag_readers.h"
#include "harness/contract/contract.h"
#include "harness/diff/diff.h"
#include "harness/diff/mismatch_kinds.h"
#include "harness/diff/report.h"
#include "harness/driver/pipeline.h"

namespace bindfuzz::driver {
namespace {

using contract::Contract;
using diff::MismatchKind;

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

std::string TopLevel(const std::string& key) { return key.substr(0, key.find("::")); }

class KernelE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const char* f : {"amd64", "rt-amd64"}) {
      if (!Exists(Out(f) + "/c_flags_helpers.txt") || !Exists(Out(f) + "/vmlinux")) return;
    }
    if (!Exists(Out("amd64") + "/bindings_generated.rs")) return;
    available_ = true;
    auto extract_c = [](const std::string& flavour) {
      // bindings_helper.h plus rust/helpers/helpers.c (the C side of the
      // rust_helper_* functions), with the flags Kbuild gives the helpers run.
      auto flags = cflags::ReadFlagsFile(Out(flavour) + "/c_flags_helpers.txt");
      EXPECT_TRUE(flags.ok()) << flags.status();
      CInputs in;
      in.headers = {Src() + "/rust/bindings/bindings_helper.h", Src() + "/rust/helpers/helpers.c"};
      in.flags = *flags;
      auto c = RunExtractC(in);
      EXPECT_TRUE(c.ok()) << c.status();
      return c.ok() ? *c : Contract{};
    };
    c_amd64_ = new Contract(extract_c("amd64"));
    c_rt_ = new Contract(extract_c("rt-amd64"));
    RustInputs rin;
    rin.files = {Src() + "/rust/bindings/lib.rs", Out("amd64") + "/bindings_generated.rs",
                 Out("amd64") + "/bindings_helpers_generated.rs"};
    rin.c_char_signed = false;
    auto r = RunExtractRust(rin);
    EXPECT_TRUE(r.ok()) << r.status();
    rust_amd64_ = new Contract(r.ok() ? *r : Contract{});
    for (const char* f : {"amd64", "rt-amd64"}) {
      auto b = RunExtractBtf(Out(f) + "/vmlinux");
      EXPECT_TRUE(b.ok()) << b.status();
      (std::string(f) == "amd64" ? btf_amd64_ : btf_rt_) = new Contract(b.ok() ? *b : Contract{});
    }
  }
  void SetUp() override {
    if (!available_) GTEST_SKIP() << "kernel inputs absent: run scripts/kernel-inputs.sh";
  }

  static inline bool available_ = false;
  static inline Contract* c_amd64_ = nullptr;
  static inline Contract* c_rt_ = nullptr;
  static inline Contract* rust_amd64_ = nullptr;
  static inline Contract* btf_amd64_ = nullptr;
  static inline Contract* btf_rt_ = nullptr;
};

// Typedefs C declares with less alignment than their target has
// (`typedef u64 __attribute__((aligned(4))) compat_u64;`), with that
// natural alignment: bindgen 0.60 drops the attribute.
std::map<std::string, uint64_t> UnderAlignedTypedefs(const Contract& c) {
  std::map<std::string, uint64_t> out;
  for (const auto& [name, td] : c.typedefs) {
    if (td.align_bytes == 0) continue;
    const contract::Type& t = contract::ResolveTypedefs(c, td.target);
    if (t.kind != contract::TypeKind::kInt && t.kind != contract::TypeKind::kFloat) continue;
    uint64_t natural = t.bits / 8;  // integers and floats of this target are naturally aligned
    if (td.align_bytes < natural) out[name] = natural;
  }
  return out;
}

// Whether bindgen's drop of the attribute can change `r`'s layout: a member
// (directly, in an array, or in a nested record) has an under-aligned typedef
// as its type and either sits at an offset that is not a multiple of the
// typedef's natural alignment, or the record is less aligned than that.
bool LayoutDependsOnUnderAligned(const Contract& c, const contract::Record& r,
                                 const std::map<std::string, uint64_t>& under, uint64_t base_bits = 0,
                                 int depth = 0) {
  if (depth > 64) return false;
  for (const contract::Field& f : r.fields) {
    const contract::Type* t = &f.type;
    while (t->kind == contract::TypeKind::kArray && !t->inner.empty()) t = &t->inner[0];
    if (t->kind == contract::TypeKind::kTypedef) {
      auto u = under.find(t->name);
      if (u != under.end()) {
        if (((base_bits + f.offset_bits) / 8) % u->second != 0 || r.align_bytes < u->second) return true;
        continue;
      }
    }
    const contract::Type& res = contract::ResolveTypedefs(c, *t);
    if (res.kind == contract::TypeKind::kRecord) {
      auto it = c.records.find(res.name);
      if (it != c.records.end() &&
          LayoutDependsOnUnderAligned(c, it->second, under, base_bits + f.offset_bits, depth + 1))
        return true;
    }
  }
  return false;
}

TEST_F(KernelE2E, AmdBindingsVsAmdHeadersFindExactlyTheCompatRecords) {
  diff::DiffReport rep = diff::Compare(*c_amd64_, *rust_amd64_);
  std::set<std::string> layout_records;
  for (const diff::Finding& f : rep.findings) {
    if (diff::IsLayoutFinding(f.kind)) layout_records.insert(f.item);
  }
  std::cout << "layout findings on " << layout_records.size() << " record(s):";
  for (const std::string& r : layout_records) std::cout << " " << r;
  std::cout << "\n";
  // The expected set, asked of the C side: records of the bindings whose C
  // layout depends on a typedef C declares under-aligned.
  const std::map<std::string, uint64_t> under = UnderAlignedTypedefs(*c_amd64_);
  std::set<std::string> expected;
  for (const auto& [name, r] : c_amd64_->records) {
    if (!r.complete || !rust_amd64_->records.count(name)) continue;
    if (LayoutDependsOnUnderAligned(*c_amd64_, r, under)) expected.insert(name);
  }
  std::cout << "under-aligned typedefs:";
  for (const auto& [t, a] : under) std::cout << " " << t;
  std::cout << "\n";
  ASSERT_FALSE(expected.empty()) << "no record depends on an under-aligned typedef: re-check this test";
  EXPECT_EQ(layout_records, expected);
  // The report explains them: the size findings say what Rust does, with
  // the two sides' sizes.
  size_t explained = 0;
  for (const diff::Finding& f : rep.findings) {
    if (f.kind != MismatchKind::kRecordSize) continue;
    EXPECT_EQ(f.truth_value, std::to_string(c_amd64_->records.at(f.item).size_bytes)) << f.item;
    EXPECT_EQ(f.assumed_value, std::to_string(rust_amd64_->records.at(f.item).size_bytes)) << f.item;
    EXPECT_FALSE(f.consequence.empty()) << f.item;
    ++explained;
  }
  EXPECT_GT(explained, 0u);

  // Coverage: every struct, union and function of the bindings has an outcome.
  size_t records = 0, functions = 0, unmatched = 0;
  std::map<std::string, size_t> reasons;
  for (const diff::CoverageEntry& e : rep.coverage) {
    if (e.item_kind == diff::ItemKind::kRecord) ++records;
    if (e.item_kind == diff::ItemKind::kFunction) ++functions;
    if (e.outcome == diff::Outcome::kUnmatched) {
      ++unmatched;
      EXPECT_FALSE(e.reason.empty()) << e.item;
      ++reasons[e.reason.substr(0, 60)];
    }
  }
  size_t rust_records = rust_amd64_->records.size();
  size_t rust_functions = rust_amd64_->functions.size();
  EXPECT_EQ(records, rust_records);
  EXPECT_EQ(functions, rust_functions);
  std::cout << "coverage: " << records << " records, " << functions << " functions, " << unmatched
            << " unmatched\n";
  for (const auto& [r, n] : reasons) std::cout << "  " << n << " x " << r << "\n";
}

TEST_F(KernelE2E, AmdBindingsVsRtHeadersReportEveryBtfSizeDrift) {
  // Ground truth from BTF: named records whose size differs between flavours.
  std::set<std::string> drift;
  for (const auto& [name, r] : btf_amd64_->records) {
    if (name.find('#') != std::string::npos || name.find("::") != std::string::npos) continue;
    auto it = btf_rt_->records.find(name);
    if (it == btf_rt_->records.end()) continue;
    if (it->second.size_bytes != r.size_bytes) drift.insert(name);
  }
  // Expected: the drifting records the bindings contain and the headers the
  // bindings are generated from define. A record those headers only
  // forward-declare is bindgen's `{ _address: u8 }` placeholder: Rust never
  // touches its layout, so its size drift is no finding (both sides treat it as opaque).
  std::set<std::string> expected, forward_only;
  for (const std::string& n : drift) {
    if (!rust_amd64_->records.count(n)) continue;
    auto c = c_rt_->records.find(n);
    if (c != c_rt_->records.end() && c->second.complete) {
      expected.insert(n);
    } else {
      forward_only.insert(n);
    }
  }
  diff::DiffReport rep = diff::Compare(*c_rt_, *rust_amd64_);
  std::set<std::string> size_findings;
  for (const diff::Finding& f : rep.findings) {
    if (f.kind == MismatchKind::kRecordSize) size_findings.insert(f.item);
  }
  std::vector<std::string> missed;
  for (const std::string& n : expected) {
    if (!size_findings.count(n)) missed.push_back(n);
  }
  std::cout << "BTF: " << drift.size() << " named records differ in size amd64 vs rt; "
            << expected.size() + forward_only.size() << " are in the bindings ("
            << forward_only.size() << " only forward-declared there); bindfuzz reports "
            << size_findings.size() << " record-size findings; missed " << missed.size() << "\n";
  EXPECT_THAT(missed, ::testing::IsEmpty());
  ASSERT_FALSE(expected.empty()) << "BTF shows no size drift between amd64 and rt-amd64: re-check the inputs";
  for (const diff::CoverageEntry& e : rep.coverage) {
    if (e.item_kind == diff::ItemKind::kRecord && forward_only.count(e.item)) {
      // Both sides agree the type is opaque: no finding either way.
      EXPECT_NE(e.outcome, diff::Outcome::kFindings) << e.item;
    }
  }
  // Every size finding is true: BTF shows the drift, or it is one of the
  // compat_* records already wrong on amd64, or BTF does not have the record
  // (then the C front end alone is the truth).
  size_t not_in_btf = 0;
  for (const std::string& n : size_findings) {
    std::string top = TopLevel(n);
    if (drift.count(n) || top.rfind("compat_", 0) == 0) continue;
    if (n.find("::") != std::string::npos || !btf_rt_->records.count(n)) {
      ++not_in_btf;
      continue;
    }
    ADD_FAILURE() << "record-size finding on " << n << " but BTF shows no drift";
  }
  std::cout << "size findings on anonymous or non-BTF records: " << not_in_btf << "\n";
}

void ExpectCAgreesWithBtf(const Contract& btf, const Contract& c, const char* flavour) {
  diff::DiffReport rep = diff::Compare(btf, c);
  size_t compared = 0, disagreements = 0;
  for (const diff::CoverageEntry& e : rep.coverage) {
    if (e.item_kind == diff::ItemKind::kRecord && e.outcome != diff::Outcome::kUnmatched) ++compared;
  }
  // Independently: the C records that BTF also has under the same key.
  size_t in_both = 0;
  for (const auto& [name, r] : c.records) in_both += btf.records.count(name);
  for (const diff::Finding& f : rep.findings) {
    if (!diff::IsLayoutFinding(f.kind)) continue;
    ++disagreements;
    if (disagreements <= 20) ADD_FAILURE() << flavour << ": " << f.Subject() << ": " << f.message;
  }
  std::cout << flavour << ": C front end vs BTF: " << compared << " records in both, "
            << disagreements << " layout disagreements\n";
  EXPECT_EQ(disagreements, 0u);
  ASSERT_GT(in_both, 0u);
  EXPECT_EQ(compared, in_both);
}

TEST_F(KernelE2E, CFrontendAgreesWithBtfAmd64) { ExpectCAgreesWithBtf(*btf_amd64_, *c_amd64_, "amd64"); }
TEST_F(KernelE2E, CFrontendAgreesWithBtfRt) { ExpectCAgreesWithBtf(*btf_rt_, *c_rt_, "rt-amd64"); }

}  // namespace
}  // namespace bindfuzz::driver
