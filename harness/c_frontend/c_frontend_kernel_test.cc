// Real-kernel test: Linux 6.12 rust/bindings/bindings_helper.h with the
// flags Kbuild computed for Debian's flavours (scripts/kernel-inputs.sh).
// Skips when work/kernel/out/<flavour>/ is absent.
//
// Expected values come from independent sources, never from figures of one
// Debian upload: the BTF of the same flavour's gcc-built vmlinux, the
// flavour's .config, the host's <errno.h>, and bindgen's output for the same
// header.
#include <sys/resource.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "harness/btf_frontend/btf_frontend.h"
#include "harness/c_frontend/c_frontend.h"
#include "harness/cflags/flag_readers.h"
#include "harness/contract/contract.h"
#include "harness/contract/contract_json.h"
#include "harness/testing/kernel_inputs.h"

namespace bindfuzz::cfront {
namespace {

using contract::Contract;

const std::string kHeader = kernel_inputs::Src() + "/rust/bindings/bindings_helper.h";

struct Run {
  Contract c;
  double seconds = 0;
};

std::optional<Run> ExtractFlavour(const std::string& flavour) {
  std::string flags = kernel_inputs::Out(flavour, "c_flags.txt");
  if (!std::filesystem::exists(flags) || !std::filesystem::exists(kHeader)) return std::nullopt;
  auto f = cflags::ReadFlagsFile(flags);
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

long PeakRssMb() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<Contract> FlavourBtf(const std::string& flavour) {
  std::string vmlinux = kernel_inputs::Out(flavour, "vmlinux");
  if (!std::filesystem::exists(vmlinux)) return std::nullopt;
  auto b = ExtractBtf(vmlinux, BtfFrontendOptions{});
  EXPECT_TRUE(b.ok()) << b.status();
  if (!b.ok()) return std::nullopt;
  return *std::move(b);
}

// The C front end's layout of `rec` (size, alignment and the offsets of
// `fields`) equals the BTF of the gcc-built kernel of the same flavour.
void ExpectLayoutAsInBtf(const Contract& c, const Contract& btf, const std::string& rec,
                         const std::vector<std::string>& fields = {}) {
  ASSERT_TRUE(c.records.count(rec)) << rec << " missing in the C contract";
  ASSERT_TRUE(btf.records.count(rec)) << rec << " missing in BTF";
  const contract::Record& cr = c.records.at(rec);
  const contract::Record& br = btf.records.at(rec);
  EXPECT_EQ(cr.size_bytes, br.size_bytes) << rec;
  for (const std::string& f : fields) {
    const contract::Field* bf = br.FindField(f);
    ASSERT_TRUE(bf) << rec << "." << f << " missing in BTF";
    EXPECT_EQ(FieldOffsetBytes(c, rec, f), bf->offset_bits / 8) << rec << "." << f;
  }
}

// `spinlock_t`'s record, by its typedef.
std::string TypedefRecord(const Contract& c, const std::string& td) {
  const contract::Type& t = contract::ResolveTypedefs(c, contract::Type::Named(contract::TypeKind::kTypedef, td));
  EXPECT_EQ(t.kind, contract::TypeKind::kRecord) << td;
  return t.name;
}

// CONFIG_<name> of the flavour's .config, or -1.
long ConfigValue(const std::string& flavour, const std::string& name) {
  std::istringstream in(ReadText(kernel_inputs::Out(flavour, "config")));
  std::string line, key = "CONFIG_" + name + "=";
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::stol(line.substr(key.size()));
  }
  return -1;
}

// Names bindgen bound from the same header: `    pub fn NAME(` inside its
// `extern "C" {` blocks, and `pub struct NAME {` / `pub union NAME {` at
// column 0 (bindgen's own `__bindgen` helper types excluded).
struct BindgenNames {
  std::set<std::string> functions, records;
};
BindgenNames ReadBindgenNames(const std::string& path) {
  BindgenNames out;
  std::istringstream in(ReadText(path));
  std::string line;
  bool in_extern = false;
  auto name_after = [](const std::string& l, size_t p) {
    size_t e = p;
    while (e < l.size() && (std::isalnum(static_cast<unsigned char>(l[e])) || l[e] == '_')) ++e;
    return l.substr(p, e - p);
  };
  while (std::getline(in, line)) {
    if (in_extern) {
      if (line == "}") in_extern = false;
      else if (line.rfind("    pub fn ", 0) == 0) out.functions.insert(name_after(line, 11));
    } else if (line == "extern \"C\" {") {
      in_extern = true;
    } else {
      for (const char* kw : {"pub struct ", "pub union "}) {
        size_t n = std::string(kw).size();
        if (line.rfind(kw, 0) != 0) continue;
        std::string name = name_after(line, n);
        // bindgen's own generic helpers are not C records.
        if (name.find("__bindgen") == std::string::npos && name.rfind("__Bindgen", 0) != 0 &&
            name != "__IncompleteArrayField")
          out.records.insert(name);
      }
    }
  }
  return out;
}

TEST(CFrontendKernelTest, Amd64BindingsHelper) {
  auto run = ExtractFlavour("amd64");
  auto btf = FlavourBtf("amd64");
  if (!run || !btf) GTEST_SKIP() << "work/kernel/out/amd64/{c_flags.txt,vmlinux} or " << kHeader
                                 << " absent: run scripts/kernel-inputs.sh";
  const Contract& c = run->c;
  auto t0 = std::chrono::steady_clock::now();
  std::string json = contract::ToJson(c);
  double json_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("[kernel amd64] extract %.2f s, ToJson %.2f s, JSON %zu bytes, peak RSS %ld MB; "
              "%zu records, %zu enums, %zu typedefs, %zu functions, %zu variables, %zu constants\n",
              run->seconds, json_secs, json.size(), PeakRssMb(), c.records.size(), c.enums.size(),
              c.typedefs.size(), c.functions.size(), c.variables.size(), c.constants.size());

  // Every function and named record bindgen bound from this header (with
  // the same flags) is in the contract.
  BindgenNames bg = ReadBindgenNames(kernel_inputs::Out("amd64", "bindings_generated.rs"));
  ASSERT_FALSE(bg.functions.empty());
  ASSERT_FALSE(bg.records.empty());
  for (const std::string& f : bg.functions) {
    // bindgen appends `_` to Rust keywords (`yield` -> `yield_`, with a link_name).
    bool known = c.functions.count(f) || (f.back() == '_' && c.functions.count(f.substr(0, f.size() - 1)));
    EXPECT_TRUE(known) << "function " << f;
  }
  for (const std::string& r : bg.records) {
    // A struct C declares inside another (`struct p { struct q {..} m; }`)
    // is file-scope `q` in C and `p_q` in bindgen.
    bool known = c.records.count(r) > 0;
    for (size_t u = r.find('_'); !known && u != std::string::npos; u = r.find('_', u + 1)) {
      known = c.records.count(r.substr(0, u)) && c.records.count(r.substr(u + 1));
    }
    EXPECT_TRUE(known) << "record " << r;
  }

  ExpectLayoutAsInBtf(c, *btf, "file", {"f_op"});
  ExpectLayoutAsInBtf(c, *btf, "task_struct", {"pid"});
  ExpectLayoutAsInBtf(c, *btf, TypedefRecord(c, "spinlock_t"));
  ExpectLayoutAsInBtf(c, *btf, "alt_instr");  // trailing packed attribute
  // compat_u64 is aligned(4): the layouts bindgen gets wrong.
  for (const char* r : {"compat_ethtool_rx_flow_spec", "compat_siginfo", "compat_ethtool_rxnfc"}) {
    ExpectLayoutAsInBtf(c, *btf, r);
  }
  EXPECT_FALSE(c.target.char_signed);  // Kbuild passes -funsigned-char
  EXPECT_EQ(c.target.pointer_bits, 64u);
  EXPECT_TRUE(c.functions.at("kmalloc_noprof").has_symbol == false ||
              c.functions.at("__kmalloc_noprof").has_symbol);
  const long page_shift = ConfigValue("amd64", "PAGE_SHIFT");
  ASSERT_GT(page_shift, 0) << "CONFIG_PAGE_SHIFT not in the flavour's .config";
  ASSERT_TRUE(c.constants.count("PAGE_SIZE"));
  EXPECT_EQ(c.constants.at("PAGE_SIZE").int_value, contract::IntValue::Of(int64_t{1} << page_shift));
  ASSERT_TRUE(c.constants.count("RUST_CONST_HELPER_PAGE_SIZE"));
  EXPECT_EQ(c.constants.at("RUST_CONST_HELPER_PAGE_SIZE").int_value, contract::IntValue::Of(int64_t{1} << page_shift));
  EXPECT_EQ(c.constants.at("EINVAL").int_value, contract::IntValue::Of(EINVAL));  // the UAPI value, as the host's

  auto back = contract::FromJson(json, "kernel.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == c) << "JSON round trip changed the kernel contract";
}

TEST(CFrontendKernelTest, RtAmd64BindingsHelper) {
  auto run = ExtractFlavour("rt-amd64");
  auto btf = FlavourBtf("rt-amd64");
  if (!run || !btf) GTEST_SKIP() << "work/kernel/out/rt-amd64 absent: run scripts/kernel-inputs.sh";
  const Contract& c = run->c;
  std::printf("[kernel rt-amd64] extract %.2f s, peak RSS %ld MB, %zu records\n", run->seconds,
              PeakRssMb(), c.records.size());
  ExpectLayoutAsInBtf(c, *btf, TypedefRecord(c, "spinlock_t"));
  ExpectLayoutAsInBtf(c, *btf, "file");
  ExpectLayoutAsInBtf(c, *btf, "task_struct", {"pid"});
  ExpectLayoutAsInBtf(c, *btf, "wait_queue_head");
  // PREEMPT_RT makes spinlock_t an rt_mutex: larger than on amd64.
  auto amd = ExtractFlavour("amd64");
  if (amd) {
    EXPECT_GT(c.records.at(TypedefRecord(c, "spinlock_t")).size_bytes,
              amd->c.records.at(TypedefRecord(amd->c, "spinlock_t")).size_bytes);
  }
}

TEST(CFrontendKernelTest, CloudAmd64BindingsHelper) {
  auto run = ExtractFlavour("cloud-amd64");
  auto btf = FlavourBtf("cloud-amd64");
  if (!run || !btf) GTEST_SKIP() << "work/kernel/out/cloud-amd64 absent: run scripts/kernel-inputs.sh";
  std::printf("[kernel cloud-amd64] extract %.2f s, peak RSS %ld MB, %zu records\n", run->seconds,
              PeakRssMb(), run->c.records.size());
  ExpectLayoutAsInBtf(run->c, *btf, "device");
  ExpectLayoutAsInBtf(run->c, *btf, "task_struct", {"pid"});
  // bindings_helper.h only forward-declares net_device.
  EXPECT_FALSE(run->c.records.at("net_device").complete);
}

TEST(CFrontendKernelTest, CompileCommandsGiveTheSameContract) {
  std::string db = kernel_inputs::Out("amd64", "compile_commands.json");
  if (!std::filesystem::exists(db) || !std::filesystem::exists(kHeader))
    GTEST_SKIP() << db << " absent: run scripts/kernel-inputs.sh";
  std::string dir;
  auto flags = cflags::FlagsFromCompileCommands(db, std::filesystem::absolute(kHeader).string(), &dir);
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
