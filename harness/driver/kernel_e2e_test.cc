// End-to-end checks on the real Linux 6.12 inputs from Debian's archive
// (scripts/kernel-inputs.sh). Labelled `kernel`; skipped when the inputs are
// absent. Per architecture (amd64; arm64 when prepared with
// `--flavours arm64`), each flavour's bindings against its own headers:
//
//  1. the layout findings are exactly the records whose C layout depends on
//     a typedef C declares under-aligned (amd64: the compat_* records whose
//     compat_u64/compat_s64 lost aligned(4) in bindgen; arm64: none), and
//     every struct, union and function of the bindings has an outcome;
//  2. every record-size finding on a record BTF has is true by BTF: BTF
//     gives C's size, not Rust's;
//  3. C front end vs BTF of the same flavour: zero layout disagreements on
//     the records present in both.
//
// And across flavours: amd64 bindings vs rt-amd64 headers report every
// record whose size differs between the flavours in BTF.
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
#include "harness/diff/name_match.h"
#include "harness/diff/report.h"
#include "harness/driver/pipeline.h"
#include "harness/target/target.h"

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

// One flavour's inputs, extracted once per test program: the C contract of
// its headers, its BTF, and the Rust contract of its own bindings.
struct Flavour {
  bool available = false;
  Contract c, btf, rust;
};

const Flavour& Load(const std::string& flavour) {
  static std::map<std::string, Flavour>* cache = new std::map<std::string, Flavour>;
  auto it = cache->find(flavour);
  if (it != cache->end()) return it->second;
  Flavour& f = (*cache)[flavour];
  const std::string o = Out(flavour);
  if (!Exists(o + "/c_flags_helpers.txt") || !Exists(o + "/vmlinux") || !Exists(o + "/bindings_generated.rs")) {
    return f;
  }
  f.available = true;
  // bindings_helper.h plus rust/helpers/helpers.c (the C side of the
  // rust_helper_* functions), with the flags Kbuild gives the helpers run.
  auto flags = cflags::ReadFlagsFile(o + "/c_flags_helpers.txt");
  EXPECT_TRUE(flags.ok()) << flags.status();
  CInputs in;
  in.headers = {Src() + "/rust/bindings/bindings_helper.h", Src() + "/rust/helpers/helpers.c"};
  in.flags = flags.ok() ? *flags : std::vector<std::string>{};
  auto c = RunExtractC(in);
  EXPECT_TRUE(c.ok()) << c.status();
  if (c.ok()) f.c = *c;
  // The Rust side on the target the kernel's flags name (--target=aarch64-linux-gnu).
  RustInputs rin;
  rin.files = {Src() + "/rust/bindings/lib.rs", o + "/bindings_generated.rs", o + "/bindings_helpers_generated.rs"};
  rin.c_char_signed = false;
  rin.target_triple = target::ClangTargetFromFlags(in.flags).value_or("x86_64-linux-gnu");
  auto r = RunExtractRust(rin);
  EXPECT_TRUE(r.ok()) << r.status();
  if (r.ok()) f.rust = *r;
  auto b = RunExtractBtf(o + "/vmlinux");
  EXPECT_TRUE(b.ok()) << b.status();
  if (b.ok()) f.btf = *b;
  return f;
}

class KernelE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!Load("amd64").available || !Load("rt-amd64").available) return;
    available_ = true;
    c_rt_ = &Load("rt-amd64").c;
    rust_amd64_ = &Load("amd64").rust;
    btf_amd64_ = &Load("amd64").btf;
    btf_rt_ = &Load("rt-amd64").btf;
  }
  void SetUp() override {
    if (!available_) GTEST_SKIP() << "kernel inputs absent: run scripts/kernel-inputs.sh";
  }

  static inline bool available_ = false;
  static inline const Contract* c_rt_ = nullptr;
  static inline const Contract* rust_amd64_ = nullptr;
  static inline const Contract* btf_amd64_ = nullptr;
  static inline const Contract* btf_rt_ = nullptr;
};

// A flavour's bindings against its own headers and BTF, per architecture.
class KernelArch : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (!Load(GetParam()).available) {
      GTEST_SKIP() << GetParam() << " inputs absent: run scripts/kernel-inputs.sh --flavours " << GetParam();
    }
  }
  const Flavour& F() const { return Load(GetParam()); }
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

TEST_P(KernelArch, LayoutFindingsAreExactlyTheUnderAlignedRecords) {
  const Contract& c = F().c;
  const Contract& rust = F().rust;
  diff::DiffReport rep = diff::Compare(c, rust);
  std::set<std::string> layout_records;
  for (const diff::Finding& f : rep.findings) {
    if (diff::IsLayoutFinding(f.kind)) layout_records.insert(f.item);
  }
  std::cout << GetParam() << ": layout findings on " << layout_records.size() << " record(s):";
  for (const std::string& r : layout_records) std::cout << " " << r;
  std::cout << "\n";
  // The expected set, asked of the C side: records of the bindings whose C
  // layout depends on a typedef C declares under-aligned.
  const std::map<std::string, uint64_t> under = UnderAlignedTypedefs(c);
  std::set<std::string> expected;
  for (const auto& [name, r] : c.records) {
    if (!r.complete || !rust.records.count(name)) continue;
    if (LayoutDependsOnUnderAligned(c, r, under)) expected.insert(name);
  }
  std::cout << "under-aligned typedefs:";
  for (const auto& [t, a] : under) std::cout << " " << t;
  std::cout << "\n";
  // amd64 declares them (compat_u64); where a flavour does, some record of
  // the bindings uses one.
  if (std::string(GetParam()) == "amd64" || !under.empty()) {
    ASSERT_FALSE(expected.empty()) << "no record depends on an under-aligned typedef: re-check this test";
  }
  EXPECT_EQ(layout_records, expected);
  // The report explains them: the size findings say what Rust does, with
  // the two sides' sizes.
  size_t explained = 0;
  for (const diff::Finding& f : rep.findings) {
    if (f.kind != MismatchKind::kRecordSize) continue;
    EXPECT_EQ(f.truth_value, std::to_string(c.records.at(f.item).size_bytes)) << f.item;
    EXPECT_EQ(f.assumed_value, std::to_string(rust.records.at(f.item).size_bytes)) << f.item;
    EXPECT_FALSE(f.consequence.empty()) << f.item;
    ++explained;
  }
  EXPECT_EQ(explained > 0, !expected.empty());

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
  size_t rust_records = rust.records.size();
  size_t rust_functions = rust.functions.size();
  EXPECT_EQ(records, rust_records);
  EXPECT_EQ(functions, rust_functions);
  std::cout << GetParam() << ": coverage: " << records << " records, " << functions << " functions, " << unmatched
            << " unmatched\n";
  for (const auto& [r, n] : reasons) std::cout << "  " << n << " x " << r << "\n";
}

// Every record-size finding on a record BTF has is true by BTF (the
// gcc-built kernel's own record): C's size is BTF's, Rust's differs. (BTF
// records sizes exactly; alignment it does not record.)
TEST_P(KernelArch, LayoutFindingsAgreeWithBtf) {
  const Contract& btf = F().btf;
  diff::DiffReport rep = diff::Compare(F().c, F().rust);
  size_t checked = 0, not_in_btf = 0;
  std::set<std::string> reported;
  for (const diff::Finding& f : rep.findings) {
    if (f.kind != MismatchKind::kRecordSize) continue;
    auto b = btf.records.find(f.item);
    if (b == btf.records.end()) {
      ++not_in_btf;
      continue;
    }
    ++checked;
    reported.insert(f.item);
    EXPECT_EQ(f.truth_value, std::to_string(b->second.size_bytes)) << f.item;
    EXPECT_NE(F().rust.records.at(f.item).size_bytes, b->second.size_bytes) << f.item;
  }
  // Conversely, BTF alone: the records the headers define completely whose
  // Rust size is not BTF's are exactly the reported ones. (A record bindgen
  // saw only declared is its opaque `_unused: [u8; 0]` stand-in: Rust claims
  // no layout for it.)
  std::set<std::string> differs;
  size_t compared = 0;
  for (const auto& [name, r] : F().rust.records) {
    auto b = btf.records.find(name);
    auto c = F().c.records.find(name);
    if (b == btf.records.end() || c == F().c.records.end() || !c->second.complete) continue;
    if (!r.complete || r.opaque || diff::IsOpaqueStandIn(r)) continue;
    ++compared;
    if (r.size_bytes != b->second.size_bytes) differs.insert(name);
  }
  EXPECT_EQ(reported, differs);
  EXPECT_GT(compared, 0u);
  std::cout << GetParam() << ": record-size findings checked against BTF: " << checked
            << ", not in BTF: " << not_in_btf << "; Rust records compared with BTF: " << compared << ", size not BTF's: " << differs.size()
            << "\n";
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

TEST_P(KernelArch, CFrontendAgreesWithBtf) { ExpectCAgreesWithBtf(F().btf, F().c, GetParam()); }
TEST_F(KernelE2E, CFrontendAgreesWithBtfRt) { ExpectCAgreesWithBtf(*btf_rt_, *c_rt_, "rt-amd64"); }

INSTANTIATE_TEST_SUITE_P(Arch, KernelArch, ::testing::Values("amd64", "arm64"),
                         [](const ::testing::TestParamInfo<const char*>& i) { return std::string(i.param); });

}  // namespace
}  // namespace bindfuzz::driver
