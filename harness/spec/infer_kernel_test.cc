// `bindfuzz infer` on the real Linux 6.12 rust/kernel (label: kernel).
// Skipped when work/kernel/src/linux-source-6.12/rust/kernel is absent
// (scripts/kernel-inputs.sh fetches it).
#include <sys/stat.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/spec/infer.h"
#include "harness/spec/spec_parser.h"

namespace bindfuzz::spec {
namespace {

using contract::Nullability;
using contract::ReturnKind;
using ::testing::HasSubstr;

std::string KernelDir() {
  const char* w = std::getenv("BINDFUZZ_WORK");
  return std::string(w ? w : "work") + "/kernel/src/linux-source-6.12/rust/kernel";
}

// A second, simpler reading of the tree, by line shape: item lines at
// column 0 that start with `impl` or `unsafe impl` and contain `needle`.
// Returns their count; `where` receives "file.rs:line" of the first match
// in `file_suffix` (if given).
size_t CountImplLines(const std::string& dir, const std::string& needle, const std::string& file_suffix = "",
                      std::string* where = nullptr) {
  size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() != ".rs") continue;
    std::ifstream in(e.path());
    std::string line;
    for (size_t no = 1; std::getline(in, line); ++no) {
      if (line.rfind("impl", 0) != 0 && line.rfind("unsafe impl", 0) != 0) continue;
      if (line.find(needle) == std::string::npos) continue;
      ++n;
      const std::string p = e.path().string();
      if (where && where->empty() && !file_suffix.empty() && p.size() >= file_suffix.size() &&
          p.compare(p.size() - file_suffix.size(), file_suffix.size(), file_suffix) == 0) {
        *where = file_suffix + ":" + std::to_string(no);
      }
    }
  }
  return n;
}

size_t CountRsFiles(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    n += e.is_regular_file() && e.path().extension() == ".rs";
  return n;
}

// Number of parameters of `name` in bindgen's bindings (`pub fn name(`
// up to the closing parenthesis), or -1.
int BindgenParamCount(const std::string& bindings, const std::string& name) {
  std::ifstream in(bindings);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  size_t p = text.find("pub fn " + name + "(");
  if (p == std::string::npos) return -1;
  p += 8 + name.size();
  int params = 0, depth = 0;
  bool any = false;
  for (; p < text.size(); ++p) {
    char ch = text[p];
    if (ch == '(' || ch == '<' || ch == '[') ++depth;
    if (ch == '>' && text[p - 1] == '-') continue;  // `->` in a fn-pointer type
    if (ch == '>' || ch == ']') --depth;
    if (ch == ')' && depth-- == 0) break;
    if (ch == ',' && depth == 0) ++params, any = false;
    else if (!std::isspace(static_cast<unsigned char>(ch))) any = true;
  }
  return params + (any ? 1 : 0);
}

TEST(InferKernel, RustKernel612) {
  struct stat st;
  const std::string dir = KernelDir();
  if (stat((dir + "/task.rs").c_str(), &st) != 0) GTEST_SKIP() << dir << " absent: run scripts/kernel-inputs.sh";
  auto inputs = ReadRustInputs({dir}, {});
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  EXPECT_EQ(inputs->size(), CountRsFiles(dir));
  auto r = InferOwnershipSpec(*inputs, {});
  ASSERT_TRUE(r.ok()) << r.status();
  const contract::OwnershipSpec& s = r->spec;
  const std::string text = OwnershipSpecToText(s);
  if (std::getenv("BINDFUZZ_PRINT_SPEC")) std::cout << text;

  // The AlwaysRefCounted types and their get/put pairs.
  std::string task_impl;
  const size_t refcounted_impls = CountImplLines(dir, "AlwaysRefCounted for ", "/task.rs", &task_impl);
  ASSERT_GT(refcounted_impls, 0u);
  EXPECT_EQ(r->stats.refcounted, refcounted_impls);
  ASSERT_TRUE(s.resources.count("task_struct")) << text;
  EXPECT_EQ(s.resources.at("task_struct").get, "get_task_struct");
  EXPECT_EQ(s.resources.at("task_struct").put, "put_task_struct");
  EXPECT_THAT(s.resources.at("task_struct").rust_origin,
              HasSubstr("kernel" + task_impl + " impl AlwaysRefCounted for Task"));
  ASSERT_TRUE(s.resources.count("device")) << text;
  EXPECT_EQ(s.resources.at("device").get, "get_device");
  EXPECT_EQ(s.resources.at("device").put, "put_device");
  EXPECT_THAT(s.resources.at("device").rust_origin, HasSubstr("impl AlwaysRefCounted for Device"));
  // 6.12's blk-mq Request counts in Rust (an AtomicU64 in the request's
  // private data): inc_ref/dec_ref call no C function.
  ASSERT_TRUE(s.resources.count("request")) << text;
  EXPECT_TRUE(s.resources.at("request").rust_refcount);
  EXPECT_EQ(s.resources.at("request").get, "");
  EXPECT_THAT(s.resources.at("request").rust_origin, HasSubstr("impl AlwaysRefCounted for Request"));

  // from_err_ptr: __blk_mq_alloc_disk in block/mq/gen_disk.rs.
  EXPECT_GT(r->stats.from_err_ptr, 0u);
  bool alloc_disk = false;
  for (const auto& f : s.functions) {
    if (f.name == "__blk_mq_alloc_disk") {
      alloc_disk = true;
      EXPECT_EQ(f.ret.nullability, Nullability::kErrPtr);
      const char* w = std::getenv("BINDFUZZ_WORK");
      int want = BindgenParamCount(std::string(w ? w : "work") + "/kernel/out/amd64/bindings_generated.rs", f.name);
      if (want >= 0) EXPECT_EQ(static_cast<int>(f.params.size()), want);
      EXPECT_THAT(f.rust_origin, HasSubstr("kernel/block/mq/gen_disk.rs:"));
    }
  }
  EXPECT_TRUE(alloc_disk) << text;

  // The ForeignOwnable impls: (), Box<T, A>, Pin<Box<T, A>>, Arc<T>.
  EXPECT_EQ(r->stats.foreign, CountImplLines(dir, "ForeignOwnable for "));
  for (const char* name : {"unit", "Box", "Pin_Box", "Arc"}) {
    ASSERT_TRUE(s.resources.count(name)) << name << "\n" << text;
    EXPECT_TRUE(s.resources.at(name).foreign) << name;
  }

  // Drop impls that release a C object.
  ASSERT_TRUE(s.resources.count("firmware")) << text;
  EXPECT_EQ(s.resources.at("firmware").release, "release_firmware");
  ASSERT_TRUE(s.resources.count("page")) << text;
  EXPECT_EQ(s.resources.at("page").release, "__free_pages");
  // GenDisk's drop calls del_gendisk and put_disk: a note, not a guess.
  bool gendisk_note = false;
  for (const auto& n : s.notes) {
    if (n.item == "GenDisk" && absl::StrContains(n.message, "del_gendisk")) gendisk_note = true;
  }
  EXPECT_TRUE(gendisk_note) << text;
  EXPECT_FALSE(s.resources.count("gendisk") && !s.resources.at("gendisk").release.empty());

  // alloc_pages' result is checked with NonNull::new through a `let`.
  bool alloc_pages = false;
  for (const auto& f : s.functions) {
    if (f.name == "alloc_pages") alloc_pages = f.ret.nullability == Nullability::kNullable;
  }
  EXPECT_TRUE(alloc_pages) << text;

  // The output re-parses, to the same spec apart from source locations.
  auto back = ParseOwnershipSpec(text, "kernel.bfspec");
  ASSERT_TRUE(back.ok()) << back.status();
  contract::OwnershipSpec a = s, b = *back;
  contract::ClearSpecLocs(a);
  contract::ClearSpecLocs(b);
  EXPECT_EQ(a, b);
  std::cerr << "infer rust/kernel: " << r->stats.files << " files, " << s.resources.size() << " resources ("
            << r->stats.refcounted << " AlwaysRefCounted, " << r->stats.drop_releases << " Drop releases, "
            << r->stats.foreign << " ForeignOwnable), " << r->stats.from_err_ptr << " from_err_ptr, "
            << r->stats.null_checks << " NULL checks, " << s.functions.size() << " functions, " << s.notes.size()
            << " notes\n";
}

}  // namespace
}  // namespace bindfuzz::spec
