// Real-kernel test: Linux 6.12 rust/bindings/bindings_helper.h with the
// flags Kbuild computed for Debian's flavours (scripts/kernel-inputs.sh).
// Skips when work/kernel/out/<flavour>/ is absent.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "harness/c_frontend/c_frontend.h"
#include "harness/contract/contract.h"
#include "harness/contract/contract_json.h"

namespace bindfuzz::cfront {
namespace {

using contract::Contract;

constexpr const char* kHeader = "work/kernel/src/linux-source-6.12/rust/bindings/bindings_helper.h";

struct Run {
  Contract c;
  double seconds = 0;
};

std::optional<Run> ExtractFlavour(const std::string& flavour) {
  std::string flags = "work/kernel/out/" + flavour + "/c_flags.txt";
  if (!std::filesystem::exists(flags) || !std::filesystem::exists(kHeader)) return std::nullopt;
  auto f = ReadFlagsFile(flags);
  EXPECT_TRUE(f.ok()) << f.status();
  if (!f.ok()) return std::nullopt;
  CFrontendOptions o;
  o.headers = {kHeader};
  o.flags = *f;
  auto t0 = std::chrono::steady_clock::now();
  auto c = ExtractC(o);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(c.ok()) << c.status();
  if (!c.ok()) return std::nullopt;
  return Run{*std::move(c), secs};
}

uint64_t FieldOffsetBytes(const Contract& c, const std::string& rec, const std::string& field) {
  const contract::Field* f = c.records.at(rec).FindField(field);
  EXPECT_TRUE(f) << rec << "." << field;
  return f ? f->offset_bits / 8 : ~uint64_t{0};
}

uint64_t TypedefSize(const Contract& c, const std::string& td) {
  const contract::Type& t = contract::ResolveTypedefs(c, contract::Type::Named(contract::TypeKind::kTypedef, td));
  EXPECT_EQ(t.kind, contract::TypeKind::kRecord) << td;
  return c.records.count(t.name) ? c.records.at(t.name).size_bytes : 0;
}

long PeakRssMb() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

TEST(CFrontendKernelTest, Amd64BindingsHelper) {
  auto run = ExtractFlavour("amd64");
  if (!run) GTEST_SKIP() << "work/kernel/out/amd64/c_flags.txt or " << kHeader
                         << " absent: run scripts/kernel-inputs.sh";
  const Contract& c = run->c;
  auto t0 = std::chrono::steady_clock::now();
  std::string json = contract::ToJson(c);
  double json_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("[kernel amd64] extract %.2f s, ToJson %.2f s, JSON %zu bytes, peak RSS %ld MB; "
              "%zu records, %zu enums, %zu typedefs, %zu functions, %zu variables, %zu constants\n",
              run->seconds, json_secs, json.size(), PeakRssMb(), c.records.size(), c.enums.size(),
              c.typedefs.size(), c.functions.size(), c.variables.size(), c.constants.size());

  EXPECT_GT(c.records.size(), 1500u);
  EXPECT_EQ(c.records.at("file").size_bytes, 184u);
  EXPECT_EQ(FieldOffsetBytes(c, "file", "f_op"), 16u);
  EXPECT_EQ(c.records.at("task_struct").size_bytes, 9792u);
  EXPECT_EQ(FieldOffsetBytes(c, "task_struct", "pid"), 2432u);
  EXPECT_EQ(TypedefSize(c, "spinlock_t"), 4u);
  EXPECT_EQ(c.records.at("alt_instr").size_bytes, 14u);  // trailing packed attribute
  // compat_u64 is aligned(4): the layouts bindgen gets wrong.
  EXPECT_EQ(c.records.at("compat_ethtool_rx_flow_spec").size_bytes, 160u);
  EXPECT_EQ(c.records.at("compat_siginfo").size_bytes, 128u);
  EXPECT_EQ(c.records.at("compat_ethtool_rxnfc").size_bytes, 180u);
  EXPECT_FALSE(c.target.char_signed);
  EXPECT_EQ(c.target.pointer_bits, 64u);
  EXPECT_GT(c.functions.size(), 6000u);
  EXPECT_TRUE(c.functions.at("kmalloc_noprof").has_symbol == false ||
              c.functions.at("__kmalloc_noprof").has_symbol);
  ASSERT_TRUE(c.constants.count("PAGE_SIZE"));
  EXPECT_EQ(c.constants.at("PAGE_SIZE").int_value, contract::IntValue::Of(4096));
  ASSERT_TRUE(c.constants.count("RUST_CONST_HELPER_PAGE_SIZE"));
  EXPECT_EQ(c.constants.at("RUST_CONST_HELPER_PAGE_SIZE").int_value, contract::IntValue::Of(4096));
  EXPECT_EQ(c.constants.at("EINVAL").int_value, contract::IntValue::Of(22));
  EXPECT_GT(c.constants.size(), 10000u);

  auto back = contract::FromJson(json, "kernel.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == c) << "JSON round trip changed the kernel contract";
}

TEST(CFrontendKernelTest, RtAmd64BindingsHelper) {
  auto run = ExtractFlavour("rt-amd64");
  if (!run) GTEST_SKIP() << "work/kernel/out/rt-amd64 absent: run scripts/kernel-inputs.sh";
  const Contract& c = run->c;
  std::printf("[kernel rt-amd64] extract %.2f s, peak RSS %ld MB, %zu records\n", run->seconds,
              PeakRssMb(), c.records.size());
  EXPECT_EQ(TypedefSize(c, "spinlock_t"), 32u);
  EXPECT_EQ(c.records.at("file").size_bytes, 216u);
  EXPECT_EQ(c.records.at("task_struct").size_bytes, 9792u);
  EXPECT_EQ(FieldOffsetBytes(c, "task_struct", "pid"), 2472u);
  EXPECT_EQ(c.records.at("wait_queue_head").size_bytes, 48u);
  EXPECT_GT(c.records.size(), 1500u);
}

TEST(CFrontendKernelTest, CloudAmd64BindingsHelper) {
  auto run = ExtractFlavour("cloud-amd64");
  if (!run) GTEST_SKIP() << "work/kernel/out/cloud-amd64 absent: run scripts/kernel-inputs.sh";
  std::printf("[kernel cloud-amd64] extract %.2f s, peak RSS %ld MB, %zu records\n", run->seconds,
              PeakRssMb(), run->c.records.size());
  EXPECT_EQ(run->c.records.at("device").size_bytes, 760u);
  // bindings_helper.h only forward-declares net_device.
  EXPECT_FALSE(run->c.records.at("net_device").complete);
  EXPECT_EQ(run->c.records.at("task_struct").size_bytes, 9792u);
}

TEST(CFrontendKernelTest, CompileCommandsGiveTheSameContract) {
  std::string db = "work/kernel/out/amd64/compile_commands.json";
  if (!std::filesystem::exists(db) || !std::filesystem::exists(kHeader))
    GTEST_SKIP() << db << " absent: run scripts/kernel-inputs.sh";
  std::string dir;
  auto flags = FlagsFromCompileCommands(db, std::filesystem::absolute(kHeader).string(), &dir);
  ASSERT_TRUE(flags.ok()) << flags.status();
  CFrontendOptions o;
  o.headers = {kHeader};
  o.flags = *flags;  // compiler, -c and the file itself are filtered out
  o.working_directory = dir;
  o.headers = {std::filesystem::absolute(kHeader).string()};
  auto c = ExtractC(o);
  ASSERT_TRUE(c.ok()) << c.status();
  auto ref = ExtractFlavour("amd64");
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(c->records, ref->c.records);
  EXPECT_EQ(c->functions.size(), ref->c.functions.size());
  EXPECT_EQ(c->constants, ref->c.constants);
}

}  // namespace
}  // namespace bindfuzz::cfront
