// check --confirm end to end, with the real compilers:
//  * every error finding of the golden cases (harness/testdata/cases, each a
//    planted true difference) comes out confirmed, with the values gcc and
//    rustc print;
//  * planted false positives come out refuted and dropped: a Rust contract
//    whose typedef points to a record Rust never defines, and a C contract
//    whose record size is tampered with (front end bugs);
//  * what is measured is the member the finding is about: a field bindgen
//    reaches through `__bindgen_anon_N` fields, a transparent-union
//    parameter as its first member;
//  * the report: counts, refuted notes, JSON and SARIF fields.
#include "harness/confirm/confirm.h"

#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/diff/report.h"
#include "harness/driver/pipeline.h"
#include "harness/target/subprocess.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::confirm {
namespace {

namespace fs = std::filesystem;
using diff::ConfirmStatus;
using ::testing::HasSubstr;

bool HaveCompilers() { return target::FindProgram("gcc").ok() && target::FindProgram("rustc").ok(); }

struct Checked {
  contract::Contract c, rust;
  diff::DiffReport report;
  ConfirmInputs in;
};

// The check pipeline on a header (with `// bindfuzz-flags:` lines) and Rust files.
Checked Check(const std::string& header, const std::vector<std::string>& rust_files, const std::string& target = "",
              const std::vector<std::string>& cfgs = {}, const std::vector<std::string>& features = {}) {
  Checked out;
  auto text = ReadFile(header);
  EXPECT_TRUE(text.ok()) << header;
  driver::CInputs cin;
  cin.headers = {header};
  for (absl::string_view line : absl::StrSplit(text.ok() ? *text : "", '\n')) {
    line = absl::StripLeadingAsciiWhitespace(line);
    if (absl::ConsumePrefix(&line, "// bindfuzz-flags:")) {
      for (absl::string_view f : absl::StrSplit(line, ' ', absl::SkipEmpty())) cin.flags.emplace_back(f);
    }
  }
  auto c = driver::RunExtractC(cin);
  EXPECT_TRUE(c.ok()) << c.status();
  driver::RustInputs rin;
  rin.files = rust_files;
  rin.target_triple = target;
  rin.cfgs = cfgs;
  rin.features = features;
  auto r = driver::RunExtractRust(rin);
  EXPECT_TRUE(r.ok()) << r.status();
  if (!c.ok() || !r.ok()) return out;
  out.c = *c;
  out.rust = *r;
  out.report = diff::Compare(out.c, out.rust);
  out.in.c_headers = cin.headers;
  out.in.c_flags = cin.flags;
  out.in.rust_files = rust_files;
  out.in.target = target;
  auto rc = driver::RustcCfgArgs(rin);
  EXPECT_TRUE(rc.ok()) << rc.status();
  if (rc.ok()) out.in.rust_cfgs = *rc;
  return out;
}

class GoldenCase : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenCase, EveryErrorFindingIsConfirmed) {
  if (!HaveCompilers()) GTEST_SKIP() << "gcc or rustc not installed";
  const std::string dir = "harness/testdata/cases/" + GetParam();
  Checked k = Check(dir + "/input.h", {dir + "/bindings.rs"});
  size_t errors = k.report.CountSeverity(diff::Severity::kError);
  auto stats = ConfirmReport(k.c, k.rust, k.in, {}, &k.report);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->confirmed, errors);
  EXPECT_EQ(stats->refuted, 0u);
  EXPECT_EQ(stats->unconfirmable, 0u);
  EXPECT_TRUE(k.report.refuted.empty());
  for (const diff::Finding& f : k.report.findings) {
    if (f.severity != diff::Severity::kError) {
      EXPECT_FALSE(f.confirmation.has_value()) << f.Subject();
      continue;
    }
    ASSERT_TRUE(f.confirmation.has_value()) << f.Subject();
    const diff::Confirmation& c = *f.confirmation;
    EXPECT_EQ(c.status, ConfirmStatus::kConfirmed) << diff::KindName(f.kind) << " " << f.Subject() << ": " << c.reason;
    EXPECT_THAT(c.c_compiler, HasSubstr("gcc "));
    EXPECT_THAT(c.rust_compiler, HasSubstr("rustc "));
    EXPECT_NE(c.c_value, c.rust_value) << f.Subject();
  }
  std::string text = diff::ReportToText(k.report);
  EXPECT_THAT(text, HasSubstr("confirmation (gcc "));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("confirmed ", errors, ", refuted 0, unconfirmable 0")));
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenCase,
                         ::testing::Values("bitfields", "compat_u64_align", "enum_and_consts", "file_f_op_moved",
                                           "function_signatures", "callback_pointer_depth"));

// Files read with --cfg/--features: the Rust probe is compiled with the
// same cfgs, so it sees the constants the front end kept. Without them
// rustc keeps the other alternatives and the findings would be refuted.
TEST(FileCfgs, ReachTheRustProbe) {
  if (!HaveCompilers()) GTEST_SKIP() << "gcc or rustc not installed";
  const std::string dir = "harness/testdata/cases/file_cfg_newlib";
  Checked k = Check(dir + "/input.h", {dir + "/bindings.rs"}, "", {"newlib"}, {"wide"});
  ASSERT_EQ(k.in.rust_cfgs, (std::vector<std::string>{"newlib", "feature=\"wide\""}));
  ASSERT_EQ(k.report.CountSeverity(diff::Severity::kError), 2u) << diff::ReportToText(k.report);
  diff::DiffReport without = k.report;
  auto stats = ConfirmReport(k.c, k.rust, k.in, {}, &k.report);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->confirmed, 2u);
  EXPECT_EQ(stats->refuted, 0u);

  ConfirmInputs no_cfgs = k.in;
  no_cfgs.rust_cfgs.clear();
  auto wrong = ConfirmReport(k.c, k.rust, no_cfgs, {}, &without);
  ASSERT_TRUE(wrong.ok()) << wrong.status();
  EXPECT_EQ(wrong->refuted, 2u) << diff::ReportToText(without);
}

// The values themselves, for a few findings of the golden cases.
TEST(GoldenValues, WhatTheCompilersSay) {
  if (!HaveCompilers()) GTEST_SKIP() << "gcc or rustc not installed";
  std::map<std::string, std::pair<std::string, std::string>> want = {
      {"record-size compat_rx", {"16", "24"}},
      {"field-offset compat_rx.data", {"4", "8"}},
      {"bitfield-position flags.b", {"bit 3", "bit 4"}},
      {"bitfield-width flags.b", {"5 bits", "4 bits"}},
      {"enum-missing-value mode::MODE_C", {"3", "<no variant>"}},
      {"constant-value PAGE_SIZE", {"4096", "8192"}},
      {"field-missing file.f_path", {"<absent>", "offset 16"}},
      {"function-param-width dev_read(count)", {"u64", "u32"}},
      {"function-pointer-type dev_register(probe)", {"fn(ptr, i32) -> i32", "fn(ptr) -> i32"}},
      {"function-no-symbol dev_id", {"static inline (no symbol)", "extern"}},
      {"function-variadic dev_printk", {"variadic", "fixed"}},
  };
  std::map<std::string, std::pair<std::string, std::string>> got;
  for (const char* c : {"compat_u64_align", "bitfields", "enum_and_consts", "file_f_op_moved", "function_signatures"}) {
    const std::string dir = std::string("harness/testdata/cases/") + c;
    Checked k = Check(dir + "/input.h", {dir + "/bindings.rs"});
    ASSERT_TRUE(ConfirmReport(k.c, k.rust, k.in, {}, &k.report).ok());
    for (const diff::Finding& f : k.report.findings) {
      if (f.confirmation)
        got[std::string(diff::KindName(f.kind)) + " " + f.Subject()] = {f.confirmation->c_value, f.confirmation->rust_value};
    }
  }
  for (const auto& [k, v] : want) {
    ASSERT_TRUE(got.count(k)) << k;
    EXPECT_EQ(got[k], v) << k;
  }
}

class Planted : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveCompilers()) GTEST_SKIP() << "gcc or rustc not installed";
    auto d = target::MakeTempDir("bindfuzz-confirm-test-");
    ASSERT_TRUE(d.ok());
    dir_ = *d;
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string p = dir_ + "/" + name;
    EXPECT_TRUE(WriteFile(p, text).ok());
    return p;
  }
  std::string dir_;
};

// An opaque Rust `enum X {}` for a C `struct X;` was a false-positive class
// of the diff (every pointer to it a typedef/parameter "mismatch"); the
// diff now pairs them. A front-end bug is planted instead: the Rust
// contract's `fwd_p` points to a record Rust never defines. Both compilers
// see a pointer to an opaque handle: refuted, dropped.
TEST_F(Planted, OpaqueEnumForForwardDeclaredStructIsRefuted) {
  std::string h = Write("fwd.h", "// bindfuzz-flags: --target=x86_64-linux-gnu\nstruct fwd;\ntypedef struct fwd *fwd_p;\n"
                                 "int use_fwd(fwd_p p);\n");
  std::string rs = Write("fwd.rs", "pub enum fwd {}\npub type fwd_p = *mut fwd;\n"
                                   "extern \"C\" { pub fn use_fwd(p: fwd_p) -> ::core::ffi::c_int; }\n");
  Checked k = Check(h, {rs});
  EXPECT_TRUE(k.report.findings.empty()) << diff::ReportToText(k.report);
  ASSERT_TRUE(k.rust.typedefs.count("fwd_p"));
  ASSERT_FALSE(k.rust.typedefs["fwd_p"].target.inner.empty());
  k.rust.typedefs["fwd_p"].target.inner[0] = contract::Type::Named(contract::TypeKind::kRecord, "not_fwd");
  k.report = diff::Compare(k.c, k.rust);
  std::set<std::string> before;
  for (const diff::Finding& f : k.report.findings) before.insert(std::string(diff::KindName(f.kind)) + " " + f.Subject());
  ASSERT_TRUE(before.count("typedef-mismatch fwd_p")) << diff::ReportToText(k.report);
  auto stats = ConfirmReport(k.c, k.rust, k.in, {}, &k.report);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->confirmed, 0u);
  EXPECT_EQ(stats->refuted, before.size());
  EXPECT_TRUE(k.report.findings.empty());
  EXPECT_EQ(diff::ExitCode(k.report), 0);
  ASSERT_FALSE(k.report.refuted.empty());
  for (const diff::Finding& f : k.report.refuted) {
    ASSERT_TRUE(f.confirmation.has_value());
    EXPECT_EQ(f.confirmation->status, ConfirmStatus::kRefuted);
    EXPECT_EQ(f.confirmation->c_value, "ptr->opaque");
    EXPECT_EQ(f.confirmation->rust_value, "ptr->opaque");
  }
  for (size_t n : k.report.counts) EXPECT_EQ(n, 0u);
  for (const diff::CoverageEntry& e : k.report.coverage) EXPECT_NE(e.outcome, diff::Outcome::kFindings) << e.item;
  std::string text = diff::ReportToText(k.report);
  EXPECT_THAT(text, HasSubstr(absl::StrCat("confirmed 0, refuted ", before.size(), ", unconfirmable 0")));
  EXPECT_THAT(text, HasSubstr("note: typedef-mismatch typedef fwd_p: refuted by gcc+rustc: C says ptr->opaque, "
                              "Rust says ptr->opaque (the compilers agree)"));
  nlohmann::json j = nlohmann::json::parse(diff::ReportToJson(k.report));
  EXPECT_EQ(j["summary"]["confirmation"]["refuted"], before.size());
  EXPECT_EQ(j["findings"].size(), 0u);
  ASSERT_EQ(j["refuted"].size(), before.size());
  EXPECT_EQ(j["refuted"][0]["confirmation"]["status"], "refuted");
  EXPECT_EQ(j["refuted"][0]["confirmation"]["c_value"], "ptr->opaque");
  nlohmann::json s = nlohmann::json::parse(diff::ReportToSarif(k.report));
  EXPECT_EQ(s["runs"][0]["results"].size(), 0u);
  EXPECT_EQ(s["runs"][0]["properties"]["confirmation"]["refuted"], before.size());
  EXPECT_THAT(s["runs"][0]["properties"]["confirmation"]["refuted_findings"][0]["note"].get<std::string>(),
              HasSubstr("refuted by gcc+rustc"));
}

// A C front end that got a size wrong: the contract says 12, gcc says 16,
// as does rustc. The finding is false; gcc and rustc refute it.
TEST_F(Planted, AFrontEndErrorIsRefuted) {
  std::string h = Write("s.h", "// bindfuzz-flags: --target=x86_64-linux-gnu\nstruct s { int a; long b; };\n");
  std::string rs = Write("s.rs", "#[repr(C)] pub struct s { pub a: i32, pub b: i64 }\n");
  Checked k = Check(h, {rs});
  ASSERT_TRUE(k.report.findings.empty());
  k.c.records.at("s").size_bytes = 12;  // the planted front-end bug
  k.report = diff::Compare(k.c, k.rust);
  ASSERT_EQ(k.report.findings.size(), 1u);
  ASSERT_EQ(k.report.findings[0].kind, diff::MismatchKind::kRecordSize);
  ASSERT_EQ(k.report.layouts.size(), 1u);
  auto stats = ConfirmReport(k.c, k.rust, k.in, {}, &k.report);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->refuted, 1u);
  EXPECT_TRUE(k.report.findings.empty());
  EXPECT_TRUE(k.report.layouts.empty());  // no layout finding left to draw
  ASSERT_EQ(k.report.refuted.size(), 1u);
  const diff::Confirmation& c = *k.report.refuted[0].confirmation;
  EXPECT_EQ(c.c_value, "16");
  EXPECT_EQ(c.rust_value, "16");
  EXPECT_EQ(diff::ExitCode(k.report), 0);
}

// When a side cannot be asked (rustc rejects the Rust input), the finding
// is kept, unconfirmable, with the compiler's reason.
TEST_F(Planted, UnprobeableFindingsAreKeptWithTheReason) {
  std::string h = Write("u.h", "// bindfuzz-flags: --target=x86_64-linux-gnu\nstruct u { int a; long b; };\n");
  std::string rs = Write("u.rs", "#[repr(C)] pub struct u { pub a: i32, pub b: i32 }\nfn broken() -> NoSuchType { 0 }\n");
  Checked k = Check(h, {rs});
  ASSERT_FALSE(k.report.findings.empty());
  auto stats = ConfirmReport(k.c, k.rust, k.in, {}, &k.report);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->confirmed, 0u);
  EXPECT_GT(stats->unconfirmable, 0u);
  for (const diff::Finding& f : k.report.findings) {
    if (f.severity != diff::Severity::kError) continue;
    ASSERT_TRUE(f.confirmation.has_value());
    EXPECT_EQ(f.confirmation->status, ConfirmStatus::kUnconfirmable);
    EXPECT_THAT(f.confirmation->reason, HasSubstr("NoSuchType"));
  }
  EXPECT_EQ(diff::ExitCode(k.report), 1);
}

// Unnamed struct/union members have no name or type in C: their sizes are
// derived by gcc from their fields, or from where the next member starts
// when they carry their own aligned attribute.
TEST_F(Planted, UnnamedMembersAreMeasured) {
  std::string h = Write("anon.h",
                        "// bindfuzz-flags: --target=x86_64-linux-gnu\n"
                        "struct lk { int x; union { long long lock_count; struct { int lock; int count; }; }; };\n"
                        "struct mm { struct { struct { int c; } __attribute__((aligned(64))); long a; }; unsigned long bm[]; };\n");
  std::string rs = Write("anon.rs",
                         "#[repr(C)] pub struct lk { pub x: i32, pub __bindgen_anon_1: lk__bindgen_ty_1 }\n"
                         "#[repr(C)] pub union lk__bindgen_ty_1 { pub lock_count: i32, pub __bindgen_anon_1: lk__bindgen_ty_1__bindgen_ty_1 }\n"
                         "#[repr(C)] #[derive(Copy, Clone)] pub struct lk__bindgen_ty_1__bindgen_ty_1 { pub lock: i16, pub count: i16 }\n"
                         "#[repr(C)] pub struct mm { pub __bindgen_anon_1: mm__bindgen_ty_1, pub bm: __IncompleteArrayField<u64> }\n"
                         "#[repr(C)] pub struct mm__bindgen_ty_1 { pub __bindgen_anon_1: mm__bindgen_ty_1__bindgen_ty_1, pub a: i64 }\n"
                         "#[repr(C)] pub struct mm__bindgen_ty_1__bindgen_ty_1 { pub c: i32 }\n"
                         "#[repr(C)] #[derive(Default)] pub struct __IncompleteArrayField<T>(::core::marker::PhantomData<T>, [T; 0]);\n");
  Checked k = Check(h, {rs});
  std::map<std::string, std::string> c_sizes;
  auto stats = ConfirmReport(k.c, k.rust, k.in, {}, &k.report);
  ASSERT_TRUE(stats.ok()) << stats.status();
  // What C cannot tell: the alignment of an unnamed member that has an
  // aligned attribute itself (and of what contains it), and its size when
  // the next member may start after padding.
  const std::set<std::string> limits = {"record-align mm::(anon#1)", "field-width mm::(anon#1).(anon#1)",
                                         "record-size mm::(anon#1)::(anon#1)", "record-align mm::(anon#1)::(anon#1)"};
  for (const diff::Finding& f : k.report.findings) {
    if (!f.confirmation) continue;
    const std::string subject = std::string(diff::KindName(f.kind)) + " " + f.Subject();
    EXPECT_EQ(f.confirmation->status, limits.count(subject) ? ConfirmStatus::kUnconfirmable : ConfirmStatus::kConfirmed)
        << subject << ": " << f.confirmation->reason;
    if (f.kind == diff::MismatchKind::kRecordSize) c_sizes[f.item] = f.confirmation->c_value;
  }
  EXPECT_EQ(stats->refuted, 0u);
  EXPECT_EQ(c_sizes["lk::(anon#1)"], "8");
  EXPECT_EQ(c_sizes["lk::(anon#1)::(anon#1)"], "8");
  EXPECT_EQ(c_sizes["mm::(anon#1)"], "128");  // from where `bm` starts
}

// A member C spells directly (`s.y`) that bindgen reaches through its
// `__bindgen_anon_N` fields, where the two sides' unnamed members nest
// differently (the diff then pairs by C's names): rustc measures that path,
// through a Rust union and through bindgen's `__BindgenUnionField` (the
// linux-raw-sys `ip_msfilter` shape), and gcc the member C names.
const char kAnonPathH[] =
    "// bindfuzz-flags: --target=x86_64-linux-gnu\n"
    "struct T { int a; union { int x; struct { char c; short y; int *p; }; }; };\n"
    "typedef unsigned int __u32;\n"
    "struct ip_msfilter { __u32 imsf_multiaddr; __u32 imsf_interface; unsigned short imsf_fmode;\n"
    "  unsigned short pad; __u32 imsf_numsrc; union { __u32 imsf_slist[1];\n"
    "  struct { struct { } __empty_imsf_slist_flex; __u32 imsf_slist_flex[]; }; }; };\n";
std::string AnonPathRs(const std::string& y_type) {
  return "#[repr(C)] #[derive(Copy, Clone)] pub struct T { pub a: i32, pub __bindgen_anon_1: T__bindgen_ty_1 }\n"
         "#[repr(C)] #[derive(Copy, Clone)] pub union T__bindgen_ty_1 { pub x: i32, "
         "pub __bindgen_anon_1: T__bindgen_ty_1__bindgen_ty_1, pub __bindgen_anon_2: T__bindgen_ty_1__bindgen_ty_2 }\n"
         "#[repr(C)] #[derive(Copy, Clone)] pub struct T__bindgen_ty_1__bindgen_ty_1 { pub c: i8, pub y: " +
         y_type + ", pub p: *mut " + (y_type == "i16" ? "i32" : "f64") +
         " }\n"
         "#[repr(C)] #[derive(Copy, Clone)] pub struct T__bindgen_ty_1__bindgen_ty_2 { pub x_aux: i32 }\n"
         "pub type __u32 = u32;\n"
         "#[repr(C)] #[derive(Default)] pub struct __IncompleteArrayField<T>(::core::marker::PhantomData<T>, [T; 0]);\n"
         "#[repr(C)] pub struct __BindgenUnionField<T>(::core::marker::PhantomData<T>);\n"
         "#[repr(C)] pub struct ip_msfilter { pub __bindgen_anon_1: ip_msfilter__bindgen_ty_1 }\n"
         "#[repr(C)] pub struct ip_msfilter__bindgen_ty_1 {\n"
         "  pub __bindgen_anon_1: __BindgenUnionField<ip_msfilter__bindgen_ty_1__bindgen_ty_1>,\n"
         "  pub __bindgen_anon_2: __BindgenUnionField<ip_msfilter__bindgen_ty_1__bindgen_ty_2>,\n"
         "  pub bindgen_union_field: [u32; 5usize] }\n"
         "#[repr(C)] pub struct ip_msfilter__bindgen_ty_1__bindgen_ty_1 { pub imsf_multiaddr_aux: __u32,\n"
         "  pub imsf_interface_aux: __u32, pub imsf_fmode_aux: __u32, pub imsf_numsrc_aux: __u32,\n"
         "  pub imsf_slist: [__u32; 1usize] }\n"
         "#[repr(C)] pub struct ip_msfilter__bindgen_ty_1__bindgen_ty_2 { pub imsf_multiaddr: __u32,\n"
         "  pub imsf_interface: __u32, pub imsf_fmode: " + std::string(y_type == "i16" ? "u16, pub pad: u16" : "__u32") +
         ",\n  pub imsf_numsrc: __u32, pub imsf_slist_flex: __IncompleteArrayField<__u32> }\n";
}

TEST_F(Planted, MembersInsideBindgenAnonFieldsAreMeasuredThere) {
  Checked k = Check(Write("anon_path.h", kAnonPathH), {Write("anon_path.rs", AnonPathRs("i32"))});
  auto stats = ConfirmReport(k.c, k.rust, k.in, {}, &k.report);
  ASSERT_TRUE(stats.ok()) << stats.status();
  std::map<std::string, std::pair<std::string, std::string>> got;
  for (const diff::Finding& f : k.report.findings) {
    if (!f.confirmation) continue;
    const std::string subject = std::string(diff::KindName(f.kind)) + " " + f.Subject();
    EXPECT_EQ(f.confirmation->status, ConfirmStatus::kConfirmed) << subject << ": " << f.confirmation->reason;
    got[subject] = {f.confirmation->c_value, f.confirmation->rust_value};
  }
  EXPECT_EQ(stats->refuted, 0u);
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(got["field-offset T.y"], P("10", "12")) << diff::ReportToText(k.report);
  EXPECT_EQ(got["field-width T.y"], P("2 bytes", "4 bytes"));
  EXPECT_EQ(got["field-type T.p"], P("ptr->i32", "ptr->f64"));
  EXPECT_EQ(got["field-width ip_msfilter.imsf_fmode"], P("2 bytes", "4 bytes"));
}

// The same member, bound right, with a planted front-end error: the Rust
// contract puts `y` 2 bytes later. gcc and rustc both measure the member
// the finding is about at 10: refuted.
TEST_F(Planted, AWrongClaimAboutAMemberInsideBindgenAnonFieldsIsRefuted) {
  Checked k = Check(Write("anon_path.h", kAnonPathH), {Write("anon_path.rs", AnonPathRs("i16"))});
  auto errors_of_t = [&] {
    std::set<std::string> out;
    for (const diff::Finding& f : k.report.findings) {
      if (f.severity == diff::Severity::kError && f.item == "T")
        out.insert(std::string(diff::KindName(f.kind)) + " " + f.Subject());
    }
    return out;
  };
  ASSERT_TRUE(errors_of_t().empty()) << diff::ReportToText(k.report);
  bool planted = false;
  for (auto& [key, r] : k.rust.records) {
    if (!key.starts_with("T::")) continue;
    for (contract::Field& f : r.fields) {
      if (f.name == "y") {
        f.offset_bits += 16;
        planted = true;
      }
    }
  }
  ASSERT_TRUE(planted);
  k.report = diff::Compare(k.c, k.rust);
  ASSERT_EQ(errors_of_t(), std::set<std::string>{"field-offset T.y"}) << diff::ReportToText(k.report);
  auto stats = ConfirmReport(k.c, k.rust, k.in, {}, &k.report);
  ASSERT_TRUE(stats.ok()) << stats.status();
  const diff::Finding* y = nullptr;
  for (const diff::Finding& f : k.report.refuted) {
    if (f.Subject() == "T.y") y = &f;
  }
  ASSERT_NE(y, nullptr) << diff::ReportToText(k.report);
  EXPECT_EQ(y->confirmation->c_value, "10");
  EXPECT_EQ(y->confirmation->rust_value, "10");
  EXPECT_TRUE(errors_of_t().empty());
}

// A parameter of a `__attribute__((transparent_union))` type (glibc's
// `__SOCKADDR_ARG`) is passed as the union's first member: gcc gives that
// member's class (a pointer), also inside a function-pointer type. A true
// difference is confirmed with it; a planted Rust front-end error (the
// pointer read as u32) is refuted by both compilers seeing the pointer.
TEST_F(Planted, TransparentUnionParametersArePassedAsTheirFirstMember) {
  std::string h = Write("tu.h",
                        "// bindfuzz-flags: --target=x86_64-linux-gnu\n"
                        "struct sockaddr { unsigned short sa_family; char sa_data[14]; };\n"
                        "struct sockaddr_in { unsigned short sin_family; unsigned short sin_port; unsigned int a; };\n"
                        "typedef union { struct sockaddr *sa; struct sockaddr_in *in; } "
                        "__attribute__((transparent_union)) SA;\n"
                        "int f(SA a);\nint g(SA a);\nint k(int (*cb)(SA a, int b));\n");
  std::string rs = Write("tu.rs",
                         "#[repr(C)] pub struct sockaddr { pub sa_family: u16, pub sa_data: [i8; 14usize] }\n"
                         "#[repr(C)] pub struct sockaddr_in { pub sin_family: u16, pub sin_port: u16, pub a: u32 }\n"
                         "extern \"C\" {\n  pub fn f(a: *mut sockaddr) -> i32;\n  pub fn g(a: u32) -> i32;\n"
                         "  pub fn k(cb: Option<unsafe extern \"C\" fn(a: u64, b: i32) -> i32>) -> i32;\n}\n");
  Checked k = Check(h, {rs});
  ASSERT_TRUE(k.rust.functions.count("f"));
  ASSERT_EQ(k.rust.functions["f"].params.size(), 1u);
  k.rust.functions["f"].params[0].type = contract::Type::Int(32, false);  // the planted front-end error
  k.report = diff::Compare(k.c, k.rust);
  std::set<std::string> errors;
  for (const diff::Finding& f : k.report.findings) {
    if (f.severity == diff::Severity::kError) errors.insert(std::string(diff::KindName(f.kind)) + " " + f.Subject());
  }
  ASSERT_EQ(errors, (std::set<std::string>{"function-param-type f(a)", "function-param-type g(a)",
                                           "function-pointer-type k(cb)"}))
      << diff::ReportToText(k.report);
  auto stats = ConfirmReport(k.c, k.rust, k.in, {}, &k.report);
  ASSERT_TRUE(stats.ok()) << stats.status();
  std::map<std::string, std::pair<std::string, std::string>> got;
  for (const diff::Finding& f : k.report.findings) {
    if (!f.confirmation) continue;
    EXPECT_EQ(f.confirmation->status, ConfirmStatus::kConfirmed) << f.Subject() << ": " << f.confirmation->reason;
    got[f.Subject()] = {f.confirmation->c_value, f.confirmation->rust_value};
  }
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(got["g(a)"], P("ptr->agg(16,2)", "u32"));
  EXPECT_EQ(got["k(cb)"], P("fn(ptr, i32) -> i32", "fn(u64, i32) -> i32"));
  ASSERT_EQ(k.report.refuted.size(), 1u);
  EXPECT_EQ(k.report.refuted[0].Subject(), "f(a)");
  EXPECT_EQ(k.report.refuted[0].confirmation->c_value, "ptr->agg(16,2)");
  EXPECT_EQ(k.report.refuted[0].confirmation->rust_value, "ptr->agg(16,2)");
}

// Another target: nothing runs. The C side is gcc for it when one is
// installed, else clang-19 (and the report says so); the Rust side is the
// minicore `core` for that target.
TEST_F(Planted, OtherTargetsWithoutRunningAnything) {
  if (!target::FindProgram("clang-19").ok()) GTEST_SKIP() << "clang-19 not installed";
  std::string h = Write("t.h",
                        "// bindfuzz-flags: --target=aarch64-linux-gnu\n"
                        "typedef unsigned long long u64;\ntypedef u64 __attribute__((aligned(4))) compat_u64;\n"
                        "struct compat_rx { unsigned int cmd; compat_u64 data; };\n"
                        "enum mode { MODE_A = 1, MODE_B = 2, MODE_C = 3 };\n#define PAGE_SIZE (1UL << 12)\n");
  std::string rs = Write("t.rs",
                         "#[repr(C)] pub struct compat_rx { pub cmd: u32, pub data: u64 }\n"
                         "#[repr(u32)] #[derive(Debug, Copy, Clone, PartialEq, Eq)] pub enum mode { MODE_A = 1, MODE_B = 2 }\n"
                         "pub const PAGE_SIZE: u64 = 8192;\n");
  Checked k = Check(h, {rs}, "aarch64-linux-gnu");
  ASSERT_GE(k.report.CountSeverity(diff::Severity::kError), 5u) << diff::ReportToText(k.report);
  auto stats = ConfirmReport(k.c, k.rust, k.in, {}, &k.report);
  ASSERT_TRUE(stats.ok()) << stats.status();
  const bool cross_gcc = target::FindProgram("aarch64-linux-gnu-gcc").ok();
  EXPECT_THAT(stats->c_compiler, HasSubstr(cross_gcc ? "gcc " : "clang 19"));
  EXPECT_EQ(stats->confirmed, k.report.CountSeverity(diff::Severity::kError));
  for (const diff::Finding& f : k.report.findings) {
    if (!f.confirmation) continue;
    EXPECT_EQ(f.confirmation->status, ConfirmStatus::kConfirmed) << f.Subject() << ": " << f.confirmation->reason;
    if (f.kind == diff::MismatchKind::kRecordSize) {
      EXPECT_EQ(f.confirmation->c_value, "12");
      EXPECT_EQ(f.confirmation->rust_value, "16");
    }
  }
}

// Names from the contracts reach the probes only as validated identifiers:
// hostile keys make a finding unconfirmable, and nothing is compiled.
TEST_F(Planted, HostileNamesNeverReachTheProbes) {
  std::string h = Write("h.h", "struct ok { int a; };\n");
  std::string rs = Write("h.rs", "#[repr(C)] pub struct ok { pub a: i32 }\n");
  contract::Contract c, r;
  c.side = contract::Side::kC;
  r.side = contract::Side::kRust;
  for (const char* key : {"x\"; int evil", "y) { system(\"rm\"); } (", "bindfuzz_fact_0"}) {
    contract::Record tr{.name = key, .size_bytes = 8, .align_bytes = 8};
    contract::Record ar{.name = key, .size_bytes = 16, .align_bytes = 8};
    ar.loc = {rs, 1, 23};
    c.records[key] = tr;
    r.records[key] = ar;
  }
  contract::Constant tc{.name = "K;evil", .int_value = contract::IntValue::Of(1)};
  contract::Constant ac{.name = "K;evil", .int_value = contract::IntValue::Of(2)};
  c.constants[tc.name] = tc;
  r.constants[ac.name] = ac;
  diff::DiffReport rep = diff::Compare(c, r);
  ASSERT_GE(rep.CountSeverity(diff::Severity::kError), 4u);
  ConfirmInputs in;
  in.c_headers = {h};
  in.rust_files = {rs};
  auto stats = ConfirmReport(c, r, in, {}, &rep);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->c_facts, 0u);
  EXPECT_EQ(stats->rust_facts, 0u);
  EXPECT_EQ(stats->unconfirmable, rep.CountSeverity(diff::Severity::kError));
  for (const diff::Finding& f : rep.findings) {
    if (f.confirmation) EXPECT_EQ(f.confirmation->status, ConfirmStatus::kUnconfirmable) << f.Subject();
  }
}

// Report bookkeeping when findings are refuted (no compiler needed).
TEST(ApplyConfirmations, MovesRefutedFindingsAndUpdatesCountsCoverageAndLayouts) {
  diff::DiffReport r;
  auto finding = [](diff::MismatchKind k, const std::string& item, ConfirmStatus st) {
    diff::Finding f;
    f.kind = k;
    f.severity = diff::KindSeverity(k);
    f.item = item;
    diff::Confirmation c;
    c.status = st;
    c.c_value = "8";
    c.rust_value = "8";
    c.c_compiler = "gcc 12.2.0";
    c.rust_compiler = "rustc 1.95.0";
    f.confirmation = c;
    return f;
  };
  r.findings = {finding(diff::MismatchKind::kRecordSize, "a", ConfirmStatus::kRefuted),
                finding(diff::MismatchKind::kFieldOffset, "b", ConfirmStatus::kConfirmed),
                finding(diff::MismatchKind::kRecordSize, "b", ConfirmStatus::kUnconfirmable)};
  r.counts[static_cast<size_t>(diff::MismatchKind::kRecordSize)] = 2;
  r.counts[static_cast<size_t>(diff::MismatchKind::kFieldOffset)] = 1;
  r.coverage = {{.item_kind = diff::ItemKind::kRecord, .item = "a", .outcome = diff::Outcome::kFindings, .findings = 1},
                {.item_kind = diff::ItemKind::kRecord, .item = "b", .outcome = diff::Outcome::kFindings, .findings = 2}};
  r.layouts["a"] = {};
  r.layouts["b"] = {};
  r.truth_label = "C";
  r.assumed_label = "Rust";
  ApplyConfirmations(&r);
  EXPECT_TRUE(r.confirmed_run);
  ASSERT_EQ(r.findings.size(), 2u);
  ASSERT_EQ(r.refuted.size(), 1u);
  EXPECT_EQ(r.refuted[0].item, "a");
  EXPECT_EQ(r.counts[static_cast<size_t>(diff::MismatchKind::kRecordSize)], 1u);
  EXPECT_EQ(r.coverage[0].outcome, diff::Outcome::kClean);
  EXPECT_EQ(r.coverage[0].findings, 0u);
  EXPECT_EQ(r.coverage[1].outcome, diff::Outcome::kFindings);
  EXPECT_EQ(r.layouts.count("a"), 0u);
  EXPECT_EQ(r.layouts.count("b"), 1u);
  std::string text = diff::ReportToText(r);
  EXPECT_THAT(text, HasSubstr("confirmation (gcc 12.2.0 + rustc 1.95.0): confirmed 1, refuted 1, unconfirmable 1"));
  EXPECT_THAT(text, HasSubstr("note: record-size record a: refuted by gcc+rustc: C says 8, Rust says 8"));
}

TEST(ConfirmReport, NeedsACTruth) {
  contract::Contract btf, rust;
  btf.side = contract::Side::kBtf;
  rust.side = contract::Side::kRust;
  diff::DiffReport r;
  auto s = ConfirmReport(btf, rust, {}, {}, &r);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("C headers"));
}

}  // namespace
}  // namespace bindfuzz::confirm
