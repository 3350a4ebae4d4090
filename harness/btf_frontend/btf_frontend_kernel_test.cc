// Kernel tests (label `kernel`): the BTF of Debian's gcc-built 6.12 kernels,
// cross-checked against pahole (dwarves) as an independent reader.
//
// Inputs: work/kernel/out/<flavour>/vmlinux (scripts/kernel-inputs.sh); while
// that is still running, the extracted header package
// work/kernel/headers/usr/src/linux-headers-<abi>-<flavour>/vmlinux is used.
// Skips when neither exists.
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/btf_frontend/btf_frontend.h"
#include "harness/contract/contract_json.h"

namespace bindfuzz {
namespace {

using contract::Contract;
using contract::Record;
using contract::TypeKind;

bool Exists(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string VmlinuxFor(const std::string& flavour) {
  std::string out = "work/kernel/out/" + flavour + "/vmlinux";
  if (Exists(out)) return out;
  std::ifstream abi_in("work/kernel/out/ABI");
  std::string abi;
  if (abi_in >> abi) {
    std::string hdr = "work/kernel/headers/usr/src/linux-headers-" + abi + "-" + flavour + "/vmlinux";
    if (Exists(hdr)) return hdr;
  }
  return "";
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Extracts once per flavour for the whole binary.
const Contract* Extracted(const std::string& flavour) {
  static std::map<std::string, std::unique_ptr<Contract>> cache;
  auto it = cache.find(flavour);
  if (it != cache.end()) return it->second.get();
  std::string path = VmlinuxFor(flavour);
  std::unique_ptr<Contract> c;
  if (!path.empty()) {
    auto t0 = std::chrono::steady_clock::now();
    absl::StatusOr<Contract> r = ExtractBtf(path, {});
    double s = Seconds(t0);
    EXPECT_TRUE(r.ok()) << r.status();
    if (r.ok()) {
      c = std::make_unique<Contract>(*std::move(r));
      std::printf("[%s] %s: %.2f s; %zu records, %zu enums, %zu typedefs, %zu functions, "
                  "%zu variables, %zu constants, %zu notes\n",
                  flavour.c_str(), path.c_str(), s, c->records.size(), c->enums.size(),
                  c->typedefs.size(), c->functions.size(), c->variables.size(),
                  c->constants.size(), c->notes.size());
      for (const auto& n : c->notes) std::printf("    note: %s\n", n.message.c_str());
    }
  }
  return (cache[flavour] = std::move(c)).get();
}

#define REQUIRE_FLAVOUR(var, flavour)                                                    \
  const Contract* var = Extracted(flavour);                                             \
  if (var == nullptr)                                                                   \
    GTEST_SKIP() << "no vmlinux for " flavour " (run scripts/kernel-inputs.sh; looked in " \
                    "work/kernel/out/" flavour "/ and work/kernel/headers/)";

const Record& Rec(const Contract& c, const std::string& name) {
  static const Record kNone;
  auto it = c.records.find(name);
  EXPECT_NE(it, c.records.end()) << name;
  return it == c.records.end() ? kNone : it->second;
}

TEST(BtfKernel, Amd64KnownLayouts) {
  REQUIRE_FLAVOUR(c, "amd64");
  EXPECT_EQ(c->target.triple, "x86_64-linux-gnu");
  EXPECT_FALSE(c->target.char_signed);  // -funsigned-char
  const Record& file = Rec(*c, "file");
  EXPECT_EQ(file.size_bytes, 184u);
  ASSERT_NE(file.FindField("f_op"), nullptr);
  EXPECT_EQ(file.FindField("f_op")->offset_bits, 16u * 8);
  EXPECT_TRUE(file.FindField("f_op")->type.inner.at(0).is_const);
  EXPECT_EQ(Rec(*c, "task_struct").size_bytes, 9792u);
  EXPECT_EQ(Rec(*c, "task_struct").align_bytes, 64u);
  EXPECT_EQ(Rec(*c, "spinlock").size_bytes, 4u);
  EXPECT_EQ(Rec(*c, "list_head").align_bytes, 8u);
  // `file` holds two anonymous unions.
  EXPECT_EQ(Rec(*c, "file::(anon#1)").kind, contract::RecordKind::kUnion);
  EXPECT_EQ(Rec(*c, "file::(anon#2)").size_bytes, 32u);
  ASSERT_TRUE(c->functions.count("_printk"));
  EXPECT_TRUE(c->functions.at("_printk").variadic);
  EXPECT_TRUE(c->functions.at("_printk").has_symbol);
  std::string dups;
  static const std::regex dup_key(R"(#\d+$)");
  for (const auto& [key, r] : c->records)
    if (std::regex_search(key, dup_key)) dups += " " + key;
  std::printf("records keyed name#k:%s\n", dups.c_str());
  ASSERT_TRUE(c->records.count("console#2"));  // a file-local struct console
  EXPECT_NE(c->records.at("console").size_bytes, c->records.at("console#2").size_bytes);
  EXPECT_GT(c->records.size(), 8000u);
  EXPECT_GT(c->functions.size(), 30000u);
}

TEST(BtfKernel, RtAmd64KnownLayouts) {
  REQUIRE_FLAVOUR(c, "rt-amd64");
  EXPECT_EQ(Rec(*c, "file").size_bytes, 216u);
  EXPECT_EQ(Rec(*c, "spinlock").size_bytes, 32u);
  EXPECT_EQ(Rec(*c, "task_struct").size_bytes, 9792u);
  ASSERT_NE(Rec(*c, "task_struct").FindField("pid"), nullptr);
  EXPECT_EQ(Rec(*c, "task_struct").FindField("pid")->offset_bits, 2472u * 8);
}

TEST(BtfKernel, Amd64VsRtSizeDrift) {
  REQUIRE_FLAVOUR(a, "amd64");
  REQUIRE_FLAVOUR(r, "rt-amd64");
  int both = 0, differ = 0, differ_named = 0;
  for (const auto& [key, ra] : a->records) {
    auto it = r->records.find(key);
    if (it == r->records.end() || !ra.complete || !it->second.complete) continue;
    ++both;
    if (ra.size_bytes != it->second.size_bytes) {
      ++differ;
      if (!ra.anonymous && key.find('#') == std::string::npos) ++differ_named;
    }
  }
  std::printf("amd64 vs rt-amd64: %d records in both, %d sizes differ (%d named, without "
              "anonymous nested and name#k keys); kernel-inputs.md measured 577\n",
              both, differ, differ_named);
  EXPECT_NEAR(differ_named, 577, 30);
}

// ---------------------------------------------------------------------------
// pahole as an oracle.

std::string Run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

struct PMember {
  std::string name;
  uint64_t bit_offset = 0;
  bool bitfield = false;
};
struct PRecord {
  bool is_union = false;
  uint64_t size = 0;
  bool packed = false;
  uint64_t aligned = 0;  // __aligned__(N) on the closing line
  std::vector<PMember> members;
  int count = 0;  // definitions seen under this name
};

std::string StripAttributes(std::string s) {
  for (size_t p; (p = s.find("__attribute__((")) != std::string::npos;) {
    int depth = 0;
    size_t e = p + 13;
    for (; e < s.size(); ++e) {
      if (s[e] == '(') ++depth;
      if (s[e] == ')' && --depth == 0) break;
    }
    s.erase(p, e + 1 - p);
  }
  return s;
}

// "type name[3]:2" -> "name"; "void (*cb)(int)" -> "cb"; "" when unnamed.
std::string DeclName(std::string decl) {
  static const std::regex fnptr(R"(\(\s*\*\s*(?:const\s+)?(\w+)\s*\))");
  static const std::regex tail(R"((\w+)\s*((\[[^\]]*\]\s*)*)(:\s*\d+)?\s*$)");
  std::smatch m;
  if (std::regex_search(decl, m, fnptr)) return m[1];
  if (std::regex_search(decl, m, tail)) return m[1];
  return "";
}

std::map<std::string, PRecord> ParsePahole(const std::string& text) {
  static const std::regex head(R"(^(struct|union) (\S+) \{$)");
  static const std::regex off(R"(/\*\s*(\d+)(?::\s*(\d+))?\s+(\d+)\s*\*/\s*$)");
  static const std::regex size(R"(/\* size: (\d+),)");
  static const std::regex aligned(R"(__aligned__\((\d+)\))");
  std::map<std::string, PRecord> out;
  std::istringstream in(text);
  std::string line, name;
  PRecord cur;
  std::vector<std::vector<PMember>> frames;
  bool inside = false;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!inside) {
      if (std::regex_match(line, m, head)) {
        inside = true;
        name = m[2];
        cur = PRecord{};
        cur.is_union = m[1] == "union";
        frames.assign(1, {});
      }
      continue;
    }
    if (line.rfind("}", 0) == 0) {  // end of the top-level record
      cur.packed = line.find("__packed__") != std::string::npos;
      if (std::regex_search(line, m, aligned)) cur.aligned = std::stoull(m[1]);
      cur.members = std::move(frames[0]);
      PRecord& slot = out[name];
      int count = slot.count + 1;
      if (count == 1) slot = std::move(cur);
      slot.count = count;
      inside = false;
      continue;
    }
    if (std::regex_search(line, m, size)) cur.size = std::stoull(m[1]);
    std::string body = line;
    size_t first = body.find_first_not_of('\t');
    if (first == std::string::npos) continue;
    body = body.substr(first);
    if (body.rfind("/*", 0) == 0) continue;  // comment-only line
    if (!body.empty() && body.back() == '{') {
      frames.emplace_back();
      continue;
    }
    std::smatch om;
    if (!std::regex_search(body, om, off)) continue;
    uint64_t byte = std::stoull(om[1]);
    bool bitfield = om[2].matched;
    uint64_t bit = byte * 8 + (bitfield ? std::stoull(om[2]) : 0);
    std::string decl = StripAttributes(body.substr(0, om.position(0)));
    while (!decl.empty() && (decl.back() == ' ' || decl.back() == '\t')) decl.pop_back();
    if (!decl.empty() && decl.back() == ';') decl.pop_back();
    if (body[0] == '}') {  // end of a nested block
      std::vector<PMember> inner = std::move(frames.back());
      frames.pop_back();
      if (frames.empty()) break;
      std::string n = DeclName(decl.substr(1));
      if (n.empty()) {
        for (auto& mm : inner) frames.back().push_back(std::move(mm));
      } else {
        frames.back().push_back({n, bit, false});
      }
      continue;
    }
    frames.back().push_back({DeclName(decl), bit, bitfield});
  }
  return out;
}

void Flatten(const Contract& c, const Record& r, uint64_t base, int depth,
             std::vector<PMember>* out) {
  for (const auto& f : r.fields) {
    if (f.name.rfind("(anon#", 0) == 0 && f.type.kind == TypeKind::kRecord && depth < 40) {
      auto it = c.records.find(f.type.name);
      if (it != c.records.end()) {
        Flatten(c, it->second, base + f.offset_bits, depth + 1, out);
        continue;
      }
    }
    out->push_back({f.name, base + f.offset_bits, f.is_bitfield});
  }
}

void CompareWithPahole(const char* flavour) {
  const Contract* c = Extracted(flavour);
  if (c == nullptr) GTEST_SKIP() << "no vmlinux for " << flavour;
  if (Run("command -v pahole").empty()) GTEST_SKIP() << "pahole not installed";
  std::string path = VmlinuxFor(flavour);
  auto t0 = std::chrono::steady_clock::now();
  std::string full = Run("pahole '" + path + "' 2>/dev/null");
  std::string sizes = Run("pahole --sizes '" + path + "' 2>/dev/null");
  double pahole_s = Seconds(t0);
  std::map<std::string, PRecord> ph = ParsePahole(full);
  ASSERT_GT(ph.size(), 1000u) << "pahole printed nothing useful";

  // 1. `pahole --sizes`: name size holes, every named struct and union.
  int size_checked = 0, size_bad = 0;
  std::istringstream sin(sizes);
  std::string line;
  std::map<std::string, uint64_t> psize;
  while (std::getline(sin, line)) {
    std::istringstream ls(line);
    std::string name;
    uint64_t size;
    if (!(ls >> name >> size)) continue;
    psize[name] = size;
    auto it = c->records.find(name);
    if (it == c->records.end() || c->records.count(name + "#2") || ph[name].count > 1) continue;
    ++size_checked;
    if (it->second.size_bytes != size) {
      if (++size_bad <= 10) std::printf("  size %s: ours %lu pahole %lu\n", name.c_str(),
                                        (unsigned long)it->second.size_bytes, (unsigned long)size);
    }
  }

  // 2. Full printout: every member (anonymous members expanded) and offset.
  int recs = 0, rec_bad = 0, members = 0, bitfields = 0, packed_agree = 0, packed_ours_only = 0,
      packed_pahole_only = 0, aligned_seen = 0, aligned_agree = 0;
  for (const auto& [name, pr] : ph) {
    auto it = c->records.find(name);
    if (pr.count != 1 || it == c->records.end() || c->records.count(name + "#2") ||
        !it->second.complete)
      continue;
    const Record& r = it->second;
    ++recs;
    uint64_t pr_size = pr.size ? pr.size : psize[name];  // unions print no size comment
    std::vector<PMember> ours;
    Flatten(*c, r, 0, 0, &ours);
    bool bad = r.size_bytes != pr_size || ours.size() != pr.members.size();
    for (size_t i = 0; !bad && i < ours.size(); ++i) {
      bad = ours[i].name != pr.members[i].name || ours[i].bit_offset != pr.members[i].bit_offset;
      ++members;
      bitfields += ours[i].bitfield;
    }
    if (bad && ++rec_bad <= 10) {
      std::printf("  members %s: ours %zu pahole %zu (size %lu/%lu)\n", name.c_str(),
                  ours.size(), pr.members.size(), (unsigned long)r.size_bytes,
                  (unsigned long)pr_size);
      for (size_t i = 0; i < std::max(ours.size(), pr.members.size()) && i < 80; ++i) {
        std::string a = i < ours.size() ? ours[i].name + "@" + std::to_string(ours[i].bit_offset) : "-";
        std::string b = i < pr.members.size()
                            ? pr.members[i].name + "@" + std::to_string(pr.members[i].bit_offset)
                            : "-";
        if (a != b) std::printf("      #%zu ours %s pahole %s\n", i, a.c_str(), b.c_str());
      }
    }
    if (r.packed == pr.packed) ++packed_agree;
    else if (r.packed) packed_ours_only++;
    else packed_pahole_only++;
    if (pr.aligned) {
      ++aligned_seen;
      if (r.align_bytes == pr.aligned) ++aligned_agree;
    }
    if (getenv("BTF_ALIGN_DEBUG") && (r.packed != pr.packed || (pr.aligned && r.align_bytes != pr.aligned)))
      std::printf("  ALIGN %s ours packed=%d align=%lu pahole packed=%d aligned=%lu\n", name.c_str(),
                  r.packed, (unsigned long)r.align_bytes, pr.packed, (unsigned long)pr.aligned);
  }
  std::printf("[%s] pahole oracle (%.2f s for pahole): sizes %d checked, %d differ; %d records "
              "with %d members (%d bitfields) compared, %d differ; packed flag agrees on %d "
              "(ours only %d, pahole only %d); pahole's record __aligned__(N): %d, our "
              "align_bytes equal on %d\n",
              flavour, pahole_s, size_checked, size_bad, recs, members, bitfields, rec_bad,
              packed_agree, packed_ours_only, packed_pahole_only, aligned_seen, aligned_agree);
  EXPECT_GT(size_checked, 5000);
  EXPECT_EQ(size_bad, 0);
  EXPECT_GT(recs, 5000);
  EXPECT_EQ(rec_bad, 0);
  EXPECT_GT(packed_agree, recs * 99 / 100);
}

TEST(BtfKernel, Amd64MatchesPahole) { CompareWithPahole("amd64"); }
TEST(BtfKernel, RtAmd64MatchesPahole) { CompareWithPahole("rt-amd64"); }

// bindgen's layout tests (libclang on the real headers) assert size and
// alignment: an independent oracle for the alignment BTF does not record.
void CompareWithBindgenLayoutTests(const char* flavour) {
  const Contract* c = Extracted(flavour);
  if (c == nullptr) GTEST_SKIP() << "no vmlinux for " << flavour;
  std::string rs_path =
      std::string("work/kernel/out/") + flavour + "/bindings_generated_with_layout_tests.rs";
  std::ifstream in(rs_path);
  if (!in) GTEST_SKIP() << rs_path << " not present";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string rs = ss.str();
  static const std::regex size_re(R"(size_of::<(\w+)>\(\),\s*(\d+)usize)");
  static const std::regex align_re(R"(align_of::<(\w+)>\(\),\s*(\d+)usize)");
  std::map<std::string, uint64_t> sizes, aligns;
  for (auto it = std::sregex_iterator(rs.begin(), rs.end(), size_re); it != std::sregex_iterator(); ++it)
    sizes[(*it)[1]] = std::stoull((*it)[2]);
  for (auto it = std::sregex_iterator(rs.begin(), rs.end(), align_re); it != std::sregex_iterator(); ++it)
    aligns[(*it)[1]] = std::stoull((*it)[2]);
  int checked = 0, size_bad = 0, align_bad = 0, align_low = 0;
  for (const auto& [name, align] : aligns) {
    if (name.find("__bindgen") != std::string::npos) continue;
    auto it = c->records.find(name);
    if (it == c->records.end() || !it->second.complete || c->records.count(name + "#2")) continue;
    ++checked;
    const Record& r = it->second;
    if (sizes.count(name) && sizes[name] != r.size_bytes) ++size_bad;
    if (r.align_bytes != align) {
      ++align_bad;
      align_low += r.align_bytes < align;
      if (getenv("BTF_ALIGN_DEBUG"))
        std::printf("  BINDGEN %s size %lu: ours align %lu packed %d, clang %lu\n", name.c_str(),
                    (unsigned long)r.size_bytes, (unsigned long)r.align_bytes, r.packed,
                    (unsigned long)align);
    }
  }
  std::printf("[%s] bindgen layout tests: %d records checked, %d sizes differ, %d alignments "
              "differ (%d of them ours lower)\n", flavour, checked, size_bad, align_bad, align_low);
  EXPECT_GT(checked, 1000);
  EXPECT_EQ(size_bad, 0);
  EXPECT_LE(align_bad * 100, checked * 4);  // measured: 30 of 1196 (2.5%)
}

TEST(BtfKernel, Amd64AlignmentMatchesBindgenLayoutTests) { CompareWithBindgenLayoutTests("amd64"); }
TEST(BtfKernel, RtAmd64AlignmentMatchesBindgenLayoutTests) {
  CompareWithBindgenLayoutTests("rt-amd64");
}

TEST(BtfKernel, Amd64JsonRoundTrip) {
  REQUIRE_FLAVOUR(c, "amd64");
  auto t0 = std::chrono::steady_clock::now();
  std::string json = contract::ToJson(*c, -1);
  double to_s = Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  absl::StatusOr<Contract> back = contract::FromJson(json, "vmlinux.json");
  double from_s = Seconds(t0);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == *c);
  std::printf("JSON: %zu bytes, write %.2f s, read %.2f s\n", json.size(), to_s, from_s);
}

// The running kernel's raw BTF, when readable (not a Debian 6.12 input).
TEST(BtfKernel, RunningKernelRawBtf) {
  const std::string path = "/sys/kernel/btf/vmlinux";
  if (!Exists(path)) GTEST_SKIP() << path << " not present";
  auto t0 = std::chrono::steady_clock::now();
  absl::StatusOr<Contract> c = ExtractBtf(path, {});
  ASSERT_TRUE(c.ok()) << c.status();
  std::printf("%s: %.2f s, %zu records, %zu functions\n", path.c_str(), Seconds(t0),
              c->records.size(), c->functions.size());
  EXPECT_TRUE(c->records.count("task_struct"));
  EXPECT_EQ(c->target.pointer_bits, 64u);
}

}  // namespace
}  // namespace bindfuzz
