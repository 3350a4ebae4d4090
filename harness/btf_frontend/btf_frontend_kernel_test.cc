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
#include "harness/testing/kernel_inputs.h"

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
  std::string out = kernel_inputs::Out(flavour, "vmlinux");
  if (Exists(out)) return out;
  std::ifstream abi_in(kernel_inputs::Work() + "/out/ABI");
  std::string abi;
  if (abi_in >> abi) {
    std::string hdr = kernel_inputs::Work() + "/headers/usr/src/linux-headers-" + abi + "-" + flavour + "/vmlinux";
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

// pahole's view of one record (`pahole -C name`), or an empty record with
// count 0 when pahole does not print it.
PRecord PaholeRecord(const std::string& vmlinux, const std::string& name) {
  std::map<std::string, PRecord> m = ParsePahole(Run("pahole -C '" + name + "' '" + vmlinux + "' 2>/dev/null"));
  auto it = m.find(name);
  return it == m.end() ? PRecord{} : it->second;
}

uint64_t PaholeOffsetBits(const PRecord& pr, const std::string& member) {
  for (const PMember& m : pr.members)
    if (m.name == member) return m.bit_offset;
  ADD_FAILURE() << "pahole shows no member " << member;
  return ~uint64_t{0};
}

// Our size of `name` (and the offsets of `members`) equal pahole's reading
// of the same vmlinux.
void ExpectAsPahole(const Contract& c, const std::string& vmlinux, const std::string& name,
                    const std::vector<std::string>& members = {}) {
  PRecord pr = PaholeRecord(vmlinux, name);
  ASSERT_EQ(pr.count, 1) << "pahole -C " << name;
  const Record& r = Rec(c, name);
  if (pr.size) EXPECT_EQ(r.size_bytes, pr.size) << name;
  if (pr.aligned) EXPECT_EQ(r.align_bytes, pr.aligned) << name;
  for (const std::string& m : members) {
    ASSERT_NE(r.FindField(m), nullptr) << name << "." << m;
    EXPECT_EQ(r.FindField(m)->offset_bits, PaholeOffsetBits(pr, m)) << name << "." << m;
  }
}

bool HavePahole() { return !Run("command -v pahole").empty(); }

// Named STRUCT/UNION and FUNC names as bpftool lists them: a second reader
// of the same BTF.
struct BpftoolNames {
  std::set<std::string> records, functions;
};
BpftoolNames BpftoolDump(const std::string& vmlinux) {
  BpftoolNames out;
  std::istringstream in(Run("bpftool btf dump file '" + vmlinux + "' 2>/dev/null"));
  std::string line;
  while (std::getline(in, line)) {
    // [12] STRUCT 'file' size=184 vlen=20
    size_t k = line.find("] ");
    if (line.empty() || line[0] != '[' || k == std::string::npos) continue;
    size_t q1 = line.find('\'', k), q2 = q1 == std::string::npos ? q1 : line.find('\'', q1 + 1);
    if (q2 == std::string::npos) continue;
    std::string kind = line.substr(k + 2, line.find(' ', k + 2) - (k + 2));
    std::string name = line.substr(q1 + 1, q2 - q1 - 1);
    if (name == "(anon)") continue;
    if (kind == "STRUCT" || kind == "UNION") out.records.insert(name);
    if (kind == "FUNC") out.functions.insert(name);
  }
  return out;
}

// What bindgen's layout tests assert (clang on the real headers):
// `size_of::<T>(), Nusize` or `align_of::<T>(), Nusize` -> T -> N.
std::map<std::string, uint64_t> BindgenAsserted(const std::string& flavour, const std::string& what) {
  std::ifstream in(kernel_inputs::Out(flavour, "bindings_generated_with_layout_tests.rs"));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string rs = ss.str();
  const std::regex re(what + R"(::<(\w+)>\(\),\s*(\d+)usize)");
  std::map<std::string, uint64_t> out;
  for (auto it = std::sregex_iterator(rs.begin(), rs.end(), re); it != std::sregex_iterator(); ++it)
    out[(*it)[1]] = std::stoull((*it)[2]);
  return out;
}

TEST(BtfKernel, Amd64KnownLayouts) {
  REQUIRE_FLAVOUR(c, "amd64");
  if (!HavePahole()) GTEST_SKIP() << "pahole not installed";
  const std::string vmlinux = VmlinuxFor("amd64");
  EXPECT_EQ(c->target.triple, "x86_64-linux-gnu");
  EXPECT_FALSE(c->target.char_signed);  // -funsigned-char
  const Record& file = Rec(*c, "file");
  ExpectAsPahole(*c, vmlinux, "file", {"f_op"});
  ASSERT_NE(file.FindField("f_op"), nullptr);
  EXPECT_TRUE(file.FindField("f_op")->type.inner.at(0).is_const);
  ExpectAsPahole(*c, vmlinux, "task_struct", {"pid"});
  // BTF records no alignment; ours is inferred. task_struct is declared
  // ____cacheline_aligned: the alignment clang computed for bindgen's
  // layout tests is the oracle.
  std::map<std::string, uint64_t> bindgen_align = BindgenAsserted("amd64", "align_of");
  if (bindgen_align.count("task_struct")) EXPECT_EQ(Rec(*c, "task_struct").align_bytes, bindgen_align["task_struct"]);
  ExpectAsPahole(*c, vmlinux, "spinlock");
  EXPECT_EQ(Rec(*c, "list_head").align_bytes, c->target.pointer_bits / 8);  // two pointers
  // `file` holds two anonymous unions; each is as large as its largest
  // member, rounded to its alignment.
  for (const char* key : {"file::(anon#1)", "file::(anon#2)"}) {
    const Record& u = Rec(*c, key);
    EXPECT_EQ(u.kind, contract::RecordKind::kUnion) << key;
    ASSERT_GT(u.align_bytes, 0u) << key;
    EXPECT_EQ(u.size_bytes % u.align_bytes, 0u) << key;
    uint64_t largest = 0;
    for (const auto& f : u.fields) largest = std::max(largest, (f.offset_bits + f.size_bits + 7) / 8);
    EXPECT_GE(u.size_bytes, largest) << key;
    EXPECT_LT(u.size_bytes, largest + u.align_bytes) << key;
  }
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
  // Every named struct, union and function bpftool lists is in the contract.
  BpftoolNames bt = BpftoolDump(vmlinux);
  if (bt.records.empty()) GTEST_SKIP() << "bpftool printed nothing";
  for (const std::string& n : bt.records) EXPECT_TRUE(c->records.count(n)) << "record " << n;
  for (const std::string& n : bt.functions) EXPECT_TRUE(c->functions.count(n)) << "function " << n;
  std::printf("bpftool: %zu named records, %zu functions; all in the contract\n", bt.records.size(),
              bt.functions.size());
}

TEST(BtfKernel, RtAmd64KnownLayouts) {
  REQUIRE_FLAVOUR(c, "rt-amd64");
  if (!HavePahole()) GTEST_SKIP() << "pahole not installed";
  const std::string vmlinux = VmlinuxFor("rt-amd64");
  ExpectAsPahole(*c, vmlinux, "file");
  ExpectAsPahole(*c, vmlinux, "spinlock");
  ExpectAsPahole(*c, vmlinux, "task_struct", {"pid"});
}

// `pahole --sizes`: name -> size, for names that occur once.
std::map<std::string, uint64_t> PaholeSizes(const std::string& vmlinux) {
  std::map<std::string, uint64_t> out;
  std::set<std::string> dup;
  std::istringstream in(Run("pahole --sizes '" + vmlinux + "' 2>/dev/null"));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string name;
    uint64_t size;
    if (!(ls >> name >> size)) continue;
    if (!out.emplace(name, size).second) dup.insert(name);
  }
  for (const std::string& d : dup) out.erase(d);
  return out;
}

TEST(BtfKernel, Amd64VsRtSizeDrift) {
  REQUIRE_FLAVOUR(a, "amd64");
  REQUIRE_FLAVOUR(r, "rt-amd64");
  if (!HavePahole()) GTEST_SKIP() << "pahole not installed";
  // Named records whose size differs, by us and by pahole over the same two
  // vmlinux files; names defined more than once in either are left out.
  std::map<std::string, uint64_t> pa = PaholeSizes(VmlinuxFor("amd64")), pr = PaholeSizes(VmlinuxFor("rt-amd64"));
  std::set<std::string> ours, theirs;
  int both = 0;
  for (const auto& [name, sa] : pa) {
    auto sr = pr.find(name);
    if (sr == pr.end()) continue;
    auto ia = a->records.find(name), ir = r->records.find(name);
    if (ia == a->records.end() || ir == r->records.end() || a->records.count(name + "#2") ||
        r->records.count(name + "#2") || !ia->second.complete || !ir->second.complete)
      continue;
    ++both;
    if (sa != sr->second) theirs.insert(name);
    if (ia->second.size_bytes != ir->second.size_bytes) ours.insert(name);
  }
  std::printf("amd64 vs rt-amd64: %d named records in both, sizes differ: %zu (ours), %zu (pahole)\n", both,
              ours.size(), theirs.size());
  ASSERT_FALSE(theirs.empty()) << "pahole sees no size drift between amd64 and rt-amd64";
  EXPECT_EQ(ours, theirs);
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
  ASSERT_FALSE(ph.empty()) << "pahole printed nothing useful";

  // 1. `pahole --sizes`: name size holes, every named struct and union.
  int size_checked = 0, size_bad = 0, size_missing = 0;
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
    if (it == c->records.end()) {
      if (++size_missing <= 10) std::printf("  %s: pahole has it, we do not\n", name.c_str());
      continue;
    }
    if (c->records.count(name + "#2") || ph[name].count > 1) continue;
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
  // Every record pahole prints, we have.
  EXPECT_EQ(size_missing, 0);
  EXPECT_GT(size_checked, 0);
  EXPECT_EQ(size_bad, 0);
  EXPECT_GT(recs, 0);
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
  std::string rs_path = kernel_inputs::Out(flavour, "bindings_generated_with_layout_tests.rs");
  if (!Exists(rs_path)) GTEST_SKIP() << rs_path << " not present";
  std::map<std::string, uint64_t> sizes = BindgenAsserted(flavour, "size_of"),
                                  aligns = BindgenAsserted(flavour, "align_of");
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
  EXPECT_GT(checked, 0);
  EXPECT_EQ(size_bad, 0);
  // BTF records no alignment: the front end infers it, and may infer less
  // than clang for a few records (measured on 6.12.117: 30 of 1196).
  EXPECT_LE(align_bad * 100, checked * 4);
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
