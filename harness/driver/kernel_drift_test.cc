// Version drift on real Linux inputs (scripts/kernel-inputs.sh): bindings
// made for an older kernel checked against the newer kernel's headers, with
// the older kernel's own C (DiffOptions::drift, assumed_c). Labelled
// `kernel`; each case is skipped when its inputs are absent.
//
//  * 6.1 -> 6.12: the 6.1 inputs under $BINDFUZZ_WORK_6_1 (default: the work
//    dir), i.e. kernel/out/6.1/amd64 and kernel/src/linux-source-6.1
//    (`scripts/kernel-inputs.sh --versions 6.1`).
//  * point release: the 6.12 inputs of another Debian upload under
//    $BINDFUZZ_WORK_PREV (a work dir of its own, e.g. the pinned upload when
//    the work dir holds a newer one); skipped when it is the same upload.
//
// Invariants, no figures: every finding has a drift class (or is an
// unevaluated note); every silent layout finding is also a difference
// between the two kernels' C (`bindfuzz diff` of the two C contracts: same
// kind, item, member and truth value) or was already wrong against the old
// kernel's own C; every record-size among them agrees with the new kernel's
// BTF where BTF has the record; what is compile-breaking because it is gone
// is gone from the new C; what is new is in the new C and in neither the old
// C nor the old bindings.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <sys/stat.h>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "harness/cflags/flag_readers.h"
#include "harness/contract/contract.h"
#include "harness/diff/diff.h"
#include "harness/diff/drift.h"
#include "harness/diff/mismatch_kinds.h"
#include "harness/driver/pipeline.h"

namespace bindfuzz::driver {
namespace {

using contract::Contract;
using diff::DiffReport;
using diff::DriftClass;
using diff::Finding;
using diff::ItemKind;
using diff::MismatchKind;

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v ? v : fallback;
}
std::string WorkDir() { return Env("BINDFUZZ_WORK", "work"); }
bool Exists(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}
std::string Slurp(const std::string& p) {
  std::ifstream in(p);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// One kernel's inputs: its C (bindings_helper.h and the helpers' C with the
// helpers' flags) and its Rust bindings.
struct Kernel {
  std::string out;  // .../kernel/out[/6.1]/amd64
  std::string src;  // .../kernel/src/linux-source-X
  std::string helpers_c;
  bool available() const {
    return Exists(out + "/c_flags_helpers.txt") && Exists(out + "/bindings_generated.rs") && Exists(helpers_c);
  }
};

Kernel New612() {
  const std::string w = WorkDir();
  return {w + "/kernel/out/amd64", w + "/kernel/src/linux-source-6.12",
          w + "/kernel/src/linux-source-6.12/rust/helpers/helpers.c"};
}

Contract ExtractC(const Kernel& k) {
  auto flags = cflags::ReadFlagsFile(k.out + "/c_flags_helpers.txt");
  EXPECT_TRUE(flags.ok()) << flags.status();
  CInputs in;
  in.headers = {k.src + "/rust/bindings/bindings_helper.h", k.helpers_c};
  in.flags = flags.ok() ? *flags : std::vector<std::string>{};
  auto c = RunExtractC(in);
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? *c : Contract{};
}

Contract ExtractRust(const Kernel& k, bool c_char_signed) {
  RustInputs rin;
  rin.files = {k.src + "/rust/bindings/lib.rs", k.out + "/bindings_generated.rs",
               k.out + "/bindings_helpers_generated.rs"};
  rin.c_char_signed = c_char_signed;
  auto r = RunExtractRust(rin);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : Contract{};
}

using Key = std::tuple<MismatchKind, std::string, std::string>;

// Whether the old and the new kernel's C differ where a silent layout
// finding `f` points: the record the bindings name in the old C against
// the record it was matched or paired with in the new C (by size, alignment
// or the member's place, width and type).
bool DiffersBetweenKernels(const Contract& old_c, const Contract& new_c, const Finding& f) {
  auto o = old_c.records.find(f.item);
  auto n = new_c.records.find(f.matched.empty() ? f.item : f.matched);
  if (o == old_c.records.end() || n == new_c.records.end()) return false;
  if (f.member.empty()) {
    return f.kind == MismatchKind::kRecordAlign ? o->second.align_bytes != n->second.align_bytes
                                                : o->second.size_bytes != n->second.size_bytes;
  }
  const contract::Field* of = o->second.FindField(f.member);
  const contract::Field* nf = n->second.FindField(f.member);
  return of && nf &&
         (of->offset_bits != nf->offset_bits || of->size_bits != nf->size_bits || of->type.name != nf->type.name);
}
Key KeyOf(const Finding& f) { return {f.kind, f.item, f.member}; }
// "40 bytes ([u8 (unsigned char); 40])" -> "40": the number both front ends agree on.
std::string Number(const std::string& v) { return v.substr(0, v.find(' ')); }

void CheckDrift(const Kernel& old_k, bool old_c_char_signed, const char* what) {
  const Kernel new_k = New612();
  const Contract new_c = ExtractC(new_k);
  const Contract old_c = ExtractC(old_k);
  const Contract old_rust = ExtractRust(old_k, old_c_char_signed);
  diff::DiffOptions o;
  o.drift = true;
  const DiffReport rep = diff::Compare(new_c, old_rust, o, &old_c);
  ASSERT_FALSE(rep.findings.empty());
  const DiffReport c_vs_c = diff::Compare(new_c, old_c);
  const DiffReport old_self = diff::Compare(old_c, old_rust);
  std::map<Key, std::string> c_diff, already;
  for (const Finding& f : c_vs_c.findings) c_diff[KeyOf(f)] = Number(f.truth_value);
  for (const Finding& f : old_self.findings) already[KeyOf(f)] = f.truth_value;

  std::unique_ptr<Contract> btf;
  if (Exists(new_k.out + "/vmlinux")) {
    auto b = RunExtractBtf(new_k.out + "/vmlinux");
    if (b.ok()) btf = std::make_unique<Contract>(*std::move(b));
  }

  std::map<DriftClass, std::map<std::string, size_t>> table;
  size_t preexisting = 0, silent_layout = 0, agrees = 0, pre_existing = 0, btf_checked = 0, disagreements = 0;
  for (const Finding& f : rep.findings) {
    const DriftClass c = diff::DriftClassOf(f);
    ++table[c][std::string(diff::KindName(f.kind))];
    if (c == DriftClass::kNone) {
      EXPECT_TRUE(f.kind == MismatchKind::kUnevaluated || f.kind == MismatchKind::kRecordPaired) << f.Subject();
      continue;
    }
    // Pre-existing: the bindings had it against their own C already.
    EXPECT_EQ(f.preexisting, already.count(KeyOf(f)) > 0) << f.Subject();
    preexisting += f.preexisting;
    if (c == DriftClass::kSilent && diff::IsLayoutFinding(f.kind)) {
      ++silent_layout;
      auto it = c_diff.find(KeyOf(f));
      if (it != c_diff.end() && it->second == Number(f.truth_value)) {
        ++agrees;
      } else if (already.count(KeyOf(f))) {
        ++pre_existing;
      } else if (DiffersBetweenKernels(old_c, new_c, f)) {
        // A record the new C renamed (6.1's lru_gen_struct is 6.12's
        // lru_gen_folio), paired through the fields that hold it: the two
        // kernels' C compared by name cannot see it, so ask them directly.
        ++agrees;
      } else if (++disagreements <= 10) {
        ADD_FAILURE() << what << ": silent " << diff::KindName(f.kind) << " " << f.Subject() << " (" << f.truth_value
                      << ") is no difference between the two kernels' C";
      }
      if (btf && f.kind == MismatchKind::kRecordSize) {
        auto b = btf->records.find(f.item);
        if (b != btf->records.end() && b->second.complete) {
          ++btf_checked;
          EXPECT_EQ(std::to_string(b->second.size_bytes), Number(f.truth_value)) << f.Subject() << " vs BTF";
        }
      }
    }
    // Gone from the new C: the bindings' name no longer exists there.
    if (f.kind == MismatchKind::kFunctionMissing) EXPECT_FALSE(new_c.functions.count(f.item)) << f.Subject();
    if (f.kind == MismatchKind::kVariableMissing) {
      EXPECT_FALSE(new_c.variables.count(f.item)) << f.Subject();
    }
    if (diff::IsUnboundKind(f.kind)) {
      EXPECT_EQ(c, DriftClass::kNew);
      switch (f.item_kind) {
        case ItemKind::kFunction:
          EXPECT_TRUE(new_c.functions.count(f.item) && !old_c.functions.count(f.item) &&
                      !old_rust.functions.count(f.item))
              << f.Subject();
          break;
        case ItemKind::kConstant:
          EXPECT_TRUE(new_c.constants.count(f.item) && !old_c.constants.count(f.item) &&
                      !old_rust.constants.count(f.item))
              << f.Subject();
          break;
        case ItemKind::kRecord:
          EXPECT_TRUE(new_c.records.count(f.item) && !old_c.records.count(f.item)) << f.Subject();
          break;
        default:
          break;
      }
    }
  }
  EXPECT_EQ(disagreements, 0u);
  std::cout << what << ": " << rep.findings.size() << " findings (" << preexisting
            << " pre-existing); silent layout " << silent_layout << " (" << agrees
            << " also differ between the two kernels' C, " << pre_existing
            << " already wrong against the old kernel's C); record sizes checked against BTF: " << btf_checked << "\n";
  for (DriftClass c : {DriftClass::kSilent, DriftClass::kCompileBreaking, DriftClass::kNew}) {
    size_t n = 0;
    std::string kinds;
    for (const auto& [k, m] : table[c]) {
      n += m;
      kinds += " " + k + " " + std::to_string(m) + ",";
    }
    std::cout << "  " << diff::DriftClassName(c) << " " << n << ":" << kinds << "\n";
  }
}

TEST(KernelDrift, Bindings61AgainstHeaders612) {
  const std::string w = Env("BINDFUZZ_WORK_6_1", WorkDir());
  Kernel old_k{w + "/kernel/out/6.1/amd64", w + "/kernel/src/linux-source-6.1",
               w + "/kernel/src/linux-source-6.1/rust/helpers.c"};
  if (!old_k.available() || !New612().available()) {
    GTEST_SKIP() << "6.1 or 6.12 inputs absent: scripts/kernel-inputs.sh --versions 6.12,6.1 "
                    "(or BINDFUZZ_WORK_6_1=<work dir with out/6.1>)";
  }
  // 6.1 builds with signed char and binds core::ffi::c_char (i8 on x86_64);
  // -funsigned-char and the kernel's own ffi::c_char (u8) came with 6.2.
  CheckDrift(old_k, /*old_c_char_signed=*/true, "6.1 bindings vs 6.12 headers");
}

TEST(KernelDrift, PointReleaseBindingsAgainstNewerHeaders) {
  const std::string w = Env("BINDFUZZ_WORK_PREV", "");
  if (w.empty()) GTEST_SKIP() << "BINDFUZZ_WORK_PREV (a work dir with another 6.12 upload) unset";
  Kernel old_k{w + "/kernel/out/amd64", w + "/kernel/src/linux-source-6.12",
               w + "/kernel/src/linux-source-6.12/rust/helpers/helpers.c"};
  if (!old_k.available() || !New612().available()) GTEST_SKIP() << "inputs absent under " << w;
  const std::string old_abi = Slurp(w + "/kernel/out/ABI"), new_abi = Slurp(WorkDir() + "/kernel/out/ABI");
  if (old_abi == new_abi) GTEST_SKIP() << "the same upload on both sides: " << old_abi;
  CheckDrift(old_k, /*old_c_char_signed=*/false, (old_abi + " bindings vs " + new_abi + " headers").c_str());
}

}  // namespace
}  // namespace bindfuzz::driver
