// Stage goldens and inline expectations for harness/testdata/cases/<case>/:
//   input.h       C header; `// bindfuzz-flags: ...` gives its compiler flags
//   bindings.rs   Rust side; `// EXPECT-MISMATCH: <kind> <subject>` lines list
//                 exactly the findings the case must produce (no more, no less);
//                 `// bindfuzz-rust-flags: --cfg X --features a,b` sets cfgs
//   crate.txt     instead of bindings.rs: the Rust side is a crate read as
//                 rustc reads it (`--crate`, needs cargo: skipped without it):
//                 `// bindfuzz-crate: <dir from the repository root>`,
//                 `// bindfuzz-crate-flags: --cfg X --features a,b --no-default-features`,
//                 and the EXPECT-MISMATCH lines
//   c.json, rust.json, report.txt   goldens of each stage
// A bindings.rs with a `// bindfuzz-needs-rustc` line has layouts only rustc
// gives (harness/confirm/layout_fill.h): skipped without rustc on PATH; its
// goldens spell rustc's version `rustc <version>`.
// The diff stage is also run from the golden JSON alone (no Clang), so it is
// tested even where the front ends change.
// BINDFUZZ_UPDATE_GOLDENS=1 rewrites the goldens.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/common/file_util.h"
#include "harness/contract/contract_json.h"
#include "harness/diff/diff.h"
#include "harness/diff/report.h"
#include "harness/driver/pipeline.h"
#include "harness/target/subprocess.h"
#include "harness/testing/golden.h"

namespace bindfuzz::driver {
namespace {

const char kCasesDir[] = "harness/testdata/cases";

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  DIR* d = opendir(kCasesDir);
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n[0] != '.') out.push_back(n);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

// Goldens must not depend on where the repository is checked out: the C
// front end reports absolute paths, so strip the working directory.
std::string Normalize(std::string s) {
  char buf[4096];
  if (getcwd(buf, sizeof buf) == nullptr) return s;
  const std::string root = std::string(buf) + "/";
  for (size_t at = s.find(root); at != std::string::npos; at = s.find(root, at)) {
    s.erase(at, root.size());
  }
  // Layouts filled by rustc name its version: not the golden's business.
  const std::string from = "layout from rustc ";
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) {
    size_t b = at + from.size(), e = s.find(' ', b);
    if (e != std::string::npos) s.replace(b, e - b, "<version>");
  }
  return s;
}

void CheckGolden(const std::string& path, const std::string& actual) {
  testutil::ExpectGolden(path, Normalize(actual));
}

std::set<std::pair<std::string, std::string>> Expectations(const std::string& rust_text) {
  std::set<std::pair<std::string, std::string>> out;
  for (absl::string_view line : absl::StrSplit(rust_text, '\n')) {
    line = absl::StripLeadingAsciiWhitespace(line);
    if (!absl::ConsumePrefix(&line, "// EXPECT-MISMATCH:")) continue;
    // "<kind> <subject>"; the subject may contain spaces ("f() return").
    line = absl::StripAsciiWhitespace(line);
    size_t sp = line.find(' ');
    if (sp == absl::string_view::npos) continue;
    out.insert({std::string(line.substr(0, sp)),
                std::string(absl::StripAsciiWhitespace(line.substr(sp + 1)))});
  }
  return out;
}

std::set<std::pair<std::string, std::string>> Actual(const diff::DiffReport& rep) {
  std::set<std::pair<std::string, std::string>> out;
  for (const diff::Finding& f : rep.findings) {
    out.insert({std::string(diff::KindName(f.kind)), f.Subject()});
  }
  return out;
}

// bindings.rs, or crate.txt for a crate case.
absl::StatusOr<std::string> RustSideText(const std::string& dir, bool* is_crate) {
  absl::StatusOr<std::string> t = ReadFile(dir + "/bindings.rs");
  *is_crate = !t.ok();
  return t.ok() ? t : ReadFile(dir + "/crate.txt");
}

// The --crate request of a crate.txt.
absl::StatusOr<crate_input::CrateRequest> CrateRequestOf(const std::string& text) {
  crate_input::CrateRequest r;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripLeadingAsciiWhitespace(line);
    if (absl::ConsumePrefix(&line, "// bindfuzz-crate:")) {
      r.crate = std::string(absl::StripAsciiWhitespace(line));
    } else if (absl::ConsumePrefix(&line, "// bindfuzz-crate-flags:")) {
      std::vector<std::string> w = absl::StrSplit(line, ' ', absl::SkipEmpty());
      for (size_t i = 0; i < w.size(); ++i) {
        if (w[i] == "--no-default-features") {
          r.no_default_features = true;
        } else if ((w[i] == "--cfg" || w[i] == "--features") && i + 1 < w.size()) {
          (w[i] == "--cfg" ? r.cfgs : r.features).push_back(w[i + 1]);
          ++i;
        } else {
          return absl::InvalidArgumentError("crate.txt: unknown flag " + w[i]);
        }
      }
    }
  }
  if (r.crate.empty()) return absl::InvalidArgumentError("crate.txt: no `// bindfuzz-crate:` line");
  return r;
}

// The cfgs and features of a bindings.rs (`// bindfuzz-rust-flags:`).
absl::Status ReadRustFlags(const std::string& text, RustInputs* in) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripLeadingAsciiWhitespace(line);
    if (!absl::ConsumePrefix(&line, "// bindfuzz-rust-flags:")) continue;
    std::vector<std::string> w = absl::StrSplit(line, ' ', absl::SkipEmpty());
    for (size_t i = 0; i < w.size(); ++i) {
      if ((w[i] != "--cfg" && w[i] != "--features") || i + 1 >= w.size()) {
        return absl::InvalidArgumentError("bindings.rs: unknown flag " + w[i]);
      }
      (w[i] == "--cfg" ? in->cfgs : in->features).push_back(w[i + 1]);
      ++i;
    }
  }
  return absl::OkStatus();
}

class CaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CaseTest, FindingsMatchExpectationsAndGoldens) {
  const std::string dir = std::string(kCasesDir) + "/" + GetParam();
  auto header = ReadFile(dir + "/input.h");
  bool is_crate = false;
  auto rust_text = RustSideText(dir, &is_crate);
  ASSERT_TRUE(header.ok() && rust_text.ok()) << dir;
  if (is_crate && !target::FindProgram("cargo").ok()) GTEST_SKIP() << "crate case: no cargo on PATH";
  if (absl::StrContains(*rust_text, "// bindfuzz-needs-rustc") && !target::FindProgram("rustc").ok()) {
    GTEST_SKIP() << "layouts from rustc: no rustc on PATH";
  }

  CInputs c_in;
  c_in.headers = {dir + "/input.h"};
  for (absl::string_view line : absl::StrSplit(*header, '\n')) {
    line = absl::StripLeadingAsciiWhitespace(line);
    if (absl::ConsumePrefix(&line, "// bindfuzz-flags:")) {
      for (absl::string_view f : absl::StrSplit(line, ' ', absl::SkipEmpty())) {
        c_in.flags.emplace_back(f);
      }
    }
  }
  auto c = RunExtractC(c_in);
  ASSERT_TRUE(c.ok()) << c.status();
  RustInputs r_in;
  if (is_crate) {
    auto req = CrateRequestOf(*rust_text);
    ASSERT_TRUE(req.ok()) << req.status();
    r_in.crate = *req;
  } else {
    r_in.files = {dir + "/bindings.rs"};
    ASSERT_TRUE(ReadRustFlags(*rust_text, &r_in).ok()) << dir;
  }
  auto rust = RunExtractRust(r_in);
  ASSERT_TRUE(rust.ok()) << rust.status();

  diff::DiffReport rep = diff::Compare(*c, *rust);
  EXPECT_EQ(Actual(rep), Expectations(*rust_text)) << diff::ReportToText(rep);

  std::string c_json = contract::ToJson(*c);
  std::string rust_json = contract::ToJson(*rust);
  CheckGolden(dir + "/c.json", c_json);
  CheckGolden(dir + "/rust.json", rust_json);
  CheckGolden(dir + "/report.txt", diff::ReportToText(rep));
}

// The downstream stage from the upstream goldens alone: no Clang, no parser.
TEST_P(CaseTest, DiffFromGoldenContracts) {
  if (testutil::UpdatingGoldens()) GTEST_SKIP() << "goldens being rewritten";
  const std::string dir = std::string(kCasesDir) + "/" + GetParam();
  auto c_text = ReadFile(dir + "/c.json");
  auto r_text = ReadFile(dir + "/rust.json");
  auto expected = ReadFile(dir + "/report.txt");
  bool is_crate = false;
  auto rust_src = RustSideText(dir, &is_crate);
  ASSERT_TRUE(c_text.ok() && r_text.ok() && expected.ok() && rust_src.ok()) << dir;
  auto c = contract::FromJson(*c_text, dir + "/c.json");
  auto r = contract::FromJson(*r_text, dir + "/rust.json");
  ASSERT_TRUE(c.ok() && r.ok());
  diff::DiffReport rep = diff::Compare(*c, *r);
  EXPECT_EQ(diff::ReportToText(rep), *expected);
  EXPECT_EQ(Actual(rep), Expectations(*rust_src));
}

INSTANTIATE_TEST_SUITE_P(Cases, CaseTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace bindfuzz::driver
