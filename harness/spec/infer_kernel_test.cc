// `bindfuzz infer` on the real Linux 6.12 rust/kernel (label: kernel).
// Skipped when work/kernel/src/linux-source-6.12/rust/kernel is absent
// (scripts/kernel-inputs.sh fetches it).
#include <sys/stat.h>

#include <cstdlib>
#include <iostream>
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

TEST(InferKernel, RustKernel612) {
  struct stat st;
  const std::string dir = KernelDir();
  if (stat((dir + "/task.rs").c_str(), &st) != 0) GTEST_SKIP() << dir << " absent: run scripts/kernel-inputs.sh";
  auto inputs = ReadRustInputs({dir}, {});
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  EXPECT_GT(inputs->size(), 50u);
  auto r = InferOwnershipSpec(*inputs, {});
  ASSERT_TRUE(r.ok()) << r.status();
  const contract::OwnershipSpec& s = r->spec;
  const std::string text = OwnershipSpecToText(s);
  if (std::getenv("BINDFUZZ_PRINT_SPEC")) std::cout << text;

  // The AlwaysRefCounted types and their get/put pairs.
  EXPECT_EQ(r->stats.refcounted, 3u);
  ASSERT_TRUE(s.resources.count("task_struct")) << text;
  EXPECT_EQ(s.resources.at("task_struct").get, "get_task_struct");
  EXPECT_EQ(s.resources.at("task_struct").put, "put_task_struct");
  EXPECT_THAT(s.resources.at("task_struct").rust_origin,
              HasSubstr("kernel/task.rs:163 impl AlwaysRefCounted for Task"));
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
      EXPECT_EQ(f.params.size(), 4u);
      EXPECT_THAT(f.rust_origin, HasSubstr("kernel/block/mq/gen_disk.rs:"));
    }
  }
  EXPECT_TRUE(alloc_disk) << text;

  // The ForeignOwnable impls: (), Box<T, A>, Pin<Box<T, A>>, Arc<T>.
  EXPECT_EQ(r->stats.foreign, 4u);
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
