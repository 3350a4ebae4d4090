#include "harness/btf_frontend/btf_frontend.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/btf.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"

namespace bindfuzz {
namespace {

using contract::Type;
using contract::TypeKind;

// Bounds that keep hostile BTF from recursing or expanding without limit.
constexpr int kMaxTypeDepth = 64;       // modifier/pointer/array chains
constexpr int kMaxAnonDepth = 32;       // `a::b::c...` nesting of anonymous records
constexpr int kMaxSigSteps = 20000;     // work per duplicate-name signature
constexpr size_t kMaxItemNotes = 200;   // per-item warnings before summarising
constexpr uint32_t kMaxInferredAlign = 4096;
constexpr uint32_t kCachelineBytes = 64;  // x86-64 L1_CACHE_BYTES
// A BTF with at least this many functions, all static, comes from pahole.
constexpr uint64_t kMinFuncsForPaholeLinkage = 100;

// ---------------------------------------------------------------------------
// libbpf's message hook: captured into a buffer instead of stderr.

std::mutex g_libbpf_mu;          // libbpf_set_print is process-global
std::string* g_libbpf_sink = nullptr;

int CapturePrint(enum libbpf_print_level level, const char* fmt, va_list args) {
  // Debug-level lines included: libbpf reports raw BTF header/section
  // errors only at that level. Used only in error messages.
  if (g_libbpf_sink == nullptr) return 0;
  char buf[512];
  int n = vsnprintf(buf, sizeof(buf), fmt, args);
  if (n < 0) return 0;
  std::string line(buf);
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  if (line.empty() || g_libbpf_sink->size() > 2048) return 0;
  if (!g_libbpf_sink->empty()) *g_libbpf_sink += "; ";
  *g_libbpf_sink += line;
  return 0;
}

struct BtfDeleter {
  void operator()(struct btf* b) const { btf__free(b); }
};
using BtfPtr = std::unique_ptr<struct btf, BtfDeleter>;

enum class FileFormat { kElf, kRaw };

struct FileInfo {
  FileFormat format = FileFormat::kRaw;
  std::string triple;  // from ELF e_machine; "" for raw BTF
};

absl::StatusOr<FileInfo> Probe(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    int err = errno;
    if (err == ENOENT) return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    return absl::InvalidArgumentError(absl::StrCat(path, ": cannot stat: ", strerror(err)));
  }
  // /sys/kernel/btf/* are regular files whose st_size is exact.
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a regular file"));
  }
  if (static_cast<uint64_t>(st.st_size) > kDefaultMaxInputBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": file too large (", st.st_size, " bytes)"));
  }
  unsigned char hdr[20] = {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot open"));
  in.read(reinterpret_cast<char*>(hdr), sizeof(hdr));
  size_t got = static_cast<size_t>(in.gcount());
  FileInfo info;
  if (got >= 4 && hdr[0] == 0x7f && hdr[1] == 'E' && hdr[2] == 'L' && hdr[3] == 'F') {
    info.format = FileFormat::kElf;
    if (got >= 20) {
      bool le = hdr[5] == 1;
      uint16_t machine = le ? static_cast<uint16_t>(hdr[18] | (hdr[19] << 8))
                            : static_cast<uint16_t>((hdr[18] << 8) | hdr[19]);
      switch (machine) {
        case 62: info.triple = "x86_64-linux-gnu"; break;
        case 183: info.triple = "aarch64-linux-gnu"; break;
        case 243: info.triple = "riscv64-linux-gnu"; break;
        case 3: info.triple = "i686-linux-gnu"; break;
        case 40: info.triple = "arm-linux-gnueabi"; break;
        case 22: info.triple = "s390x-linux-gnu"; break;
        case 21: info.triple = "powerpc64le-linux-gnu"; break;
        default: break;
      }
    }
    return info;
  }
  // BTF_MAGIC 0xeB9F in either byte order.
  if (got >= 2 && ((hdr[0] == 0x9f && hdr[1] == 0xeb) || (hdr[0] == 0xeb && hdr[1] == 0x9f))) {
    info.format = FileFormat::kRaw;
    return info;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": neither an ELF file nor raw BTF (", got < 4 ? "file too short" : "bad magic", ")"));
}

// Parses `path` (split on `base` when non-null). Errors name the file and
// carry libbpf's own messages.
absl::StatusOr<BtfPtr> ParseBtf(const std::string& path, struct btf* base, FileInfo* info_out) {
  BF_ASSIGN_OR_RETURN(FileInfo info, Probe(path));
  if (info_out) *info_out = info;
  std::string messages;
  struct btf* b = nullptr;
  long err = 0;
  {
    std::lock_guard<std::mutex> lock(g_libbpf_mu);
    g_libbpf_sink = &messages;
    libbpf_print_fn_t old = libbpf_set_print(CapturePrint);
    errno = 0;
    b = info.format == FileFormat::kElf ? btf__parse_elf_split(path.c_str(), base)
                                        : btf__parse_raw_split(path.c_str(), base);
    err = libbpf_get_error(b);
    if (b == nullptr && err == 0) err = -EINVAL;
    libbpf_set_print(old);
    g_libbpf_sink = nullptr;
  }
  if (b == nullptr || err != 0) {
    if (b != nullptr && err == 0) btf__free(b);
    std::string what = info.format == FileFormat::kElf ? "cannot read BTF from ELF file"
                                                       : "cannot parse raw BTF";
    if (err == -ENOENT && info.format == FileFormat::kElf) what = "ELF file has no .BTF section";
    char errbuf[128] = {};
    if (libbpf_strerror(static_cast<int>(err), errbuf, sizeof(errbuf)) != 0)
      snprintf(errbuf, sizeof(errbuf), "error %ld", -err);
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", what, " (", errbuf, ")",
                                                   messages.empty() ? "" : ": ", messages));
  }
  return BtfPtr(b);
}

uint64_t RoundUp(uint64_t v, uint64_t a) { return a <= 1 ? v : (v + a - 1) / a * a; }

// Largest power of two dividing `size`, capped at 16 (x86-64: __int128 and
// long double are 16-aligned), at least 1.
uint32_t ScalarAlign(uint32_t size) {
  if (size == 0) return 1;
  uint32_t a = 1;
  while (a < 16 && size % (a * 2) == 0) a *= 2;
  return a;
}

// Sizes a C scalar (int, enum, float, _Bool) can have; BTF from a hostile
// file may claim any 32-bit value.
bool ValidScalarSize(uint32_t size) {
  return size == 1 || size == 2 || size == 4 || size == 8 || size == 10 || size == 12 ||
         size == 16;
}

Type IntOrUnknown(uint32_t size, bool is_signed, std::string spelling = "") {
  if (!ValidScalarSize(size) || size == 10 || size == 12)
    return Type::Unknown(absl::StrCat("integer of ", size, " bytes"));
  return Type::Int(size * 8, is_signed, std::move(spelling));
}

bool IsModifier(uint16_t kind) {
  return kind == BTF_KIND_CONST || kind == BTF_KIND_VOLATILE || kind == BTF_KIND_RESTRICT ||
         kind == BTF_KIND_TYPE_TAG;
}

// ---------------------------------------------------------------------------

class Converter {
 public:
  Converter(const struct btf* btf, std::string path, const BtfFrontendOptions& options,
            contract::Contract* out)
      : btf_(btf), path_(std::move(path)), options_(options), out_(out) {}

  absl::Status Run(const FileInfo& info, bool split);

 private:
  struct Layout {
    uint32_t align = 1;
    bool packed = false;
    bool over_aligned = false;  // inferred alignment above natural
    bool unexplained_tail = false;
    bool opaque = false;  // complete, but BTF lists no members
  };
  struct Pending {
    std::string key;
    uint32_t id;
    bool anonymous;
  };

  const struct btf_type* T(uint32_t id) const {
    if (id == 0 || id >= type_cnt_) return nullptr;
    return btf__type_by_id(btf_, id);
  }
  std::string Str(uint32_t off) const {
    const char* s = btf__name_by_offset(btf_, off);
    return s ? std::string(s) : std::string();
  }
  std::string NameOf(uint32_t id) const {
    const struct btf_type* t = T(id);
    return t ? Str(t->name_off) : std::string();
  }
  contract::SourceLoc Loc() const { return {.file = path_}; }

  void ItemNote(const std::string& item, std::string message) {
    ++item_warnings_;
    if (out_->notes.size() >= kMaxItemNotes + 16) return;
    out_->notes.push_back({.level = contract::Note::Level::kWarning, .item = item,
                           .message = std::move(message), .loc = Loc()});
  }
  void InfoNote(std::string message) {
    out_->notes.push_back(
        {.level = contract::Note::Level::kInfo, .item = "", .message = std::move(message), .loc = Loc()});
  }

  // Naming.
  void AssignKeys();
  std::string Sig(uint32_t id);
  void SigRec(uint32_t id, int depth, bool top, int* steps, std::string* out);
  std::string KeyOf(uint32_t id) const;

  // Layout.
  uint32_t AlignOf(uint32_t id, int depth);
  const Layout& LayoutOf(uint32_t id, int depth);
  void LayoutsToFixpoint();
  uint32_t RecordBehind(uint32_t id) const;
  int64_t SizeOf(uint32_t id) const {
    int64_t s = btf__resolve_size(btf_, id);
    return s < 0 ? -1 : s;
  }

  // Conversion.
  Type ConvertType(uint32_t id, const std::string& anon_key, const std::string& item, int depth);
  Type AnonRef(uint32_t id, TypeKind kind, const std::string& anon_key, const std::string& item);
  void EmitRecord(uint32_t id, const std::string& key, bool anonymous);
  void EmitEnum(uint32_t id, const std::string& key, bool anonymous);
  void EmitTypedef(uint32_t id, const std::string& key);
  void EmitFunction(uint32_t id, const std::string& key);
  void EmitVariable(uint32_t id, const std::string& key);
  void EmitAnonEnumConstants(uint32_t id);
  void Drain();
  static int AnonDepth(const std::string& key);

  const struct btf* btf_;
  std::string path_;
  const BtfFrontendOptions& options_;
  contract::Contract* out_;
  uint32_t type_cnt_ = 0;
  uint32_t start_id_ = 1;  // first id to emit (split BTF: first split id)
  uint32_t ptr_size_ = 8;

  std::vector<std::string> key_;          // by id: key for named types
  std::vector<bool> primary_;             // by id: emits its key
  std::vector<uint8_t> anon_seen_;        // by id: anonymous composite was keyed somewhere
  std::vector<int32_t> layout_state_;     // 0 = not computed, 1 = in progress, 2 = done
  std::vector<Layout> layouts_;
  std::vector<uint32_t> cap_;  // by id: alignment cap from misaligned placements (0 = none)
  bool caps_changed_ = false;
  std::deque<Pending> pending_;
  std::unordered_map<std::string, int> constant_dups_;

  uint64_t anon_budget_ = 0;
  uint64_t item_warnings_ = 0;
  uint64_t skipped_unnamed_members_ = 0;
  uint64_t dup_names_ = 0;
  uint64_t dup_keys_ = 0;
  uint64_t collapsed_ = 0;
  uint64_t packed_count_ = 0;
  uint64_t over_aligned_count_ = 0;
  uint64_t unexplained_tail_count_ = 0;
  uint64_t opaque_count_ = 0;
  uint64_t unkeyed_anon_refs_ = 0;
  uint64_t fwd_enums_ = 0;
  bool anon_budget_hit_ = false;
  // pahole encodes every vmlinux/module FUNC as static; it emits only
  // functions that have an ELF symbol. Then linkage says nothing.
  bool funcs_linkage_unrecorded_ = false;
};

std::string Converter::KeyOf(uint32_t id) const {
  if (id < key_.size() && !key_[id].empty()) return key_[id];
  return NameOf(id);
}

int Converter::AnonDepth(const std::string& key) {
  int d = 0;
  for (size_t p = key.find("::"); p != std::string::npos; p = key.find("::", p + 2)) ++d;
  return d;
}

// A structural signature used only to tell same-named definitions apart.
// Named references are by name; anonymous records are expanded (bounded).
void Converter::SigRec(uint32_t id, int depth, bool top, int* steps, std::string* out) {
  if (++*steps > kMaxSigSteps || depth > 12) {
    absl::StrAppend(out, "!", id);  // too big to compare: never collapses
    return;
  }
  if (id == 0) {
    *out += "v";
    return;
  }
  const struct btf_type* t = T(id);
  if (!t) {
    absl::StrAppend(out, "?", id);
    return;
  }
  uint16_t kind = btf_kind(t);
  std::string name = Str(t->name_off);
  if (!top && !name.empty() &&
      (kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION || kind == BTF_KIND_ENUM ||
       kind == BTF_KIND_ENUM64 || kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_FWD)) {
    absl::StrAppend(out, "n", kind, ":", name);
    return;
  }
  absl::StrAppend(out, "k", kind, "s", t->size, "f", btf_kflag(t) ? 1 : 0, "(");
  switch (kind) {
    case BTF_KIND_INT:
      absl::StrAppend(out, name, ":", t->info, ":", *reinterpret_cast<const uint32_t*>(t + 1));
      break;
    case BTF_KIND_FLOAT:
    case BTF_KIND_FWD:
      *out += name;
      break;
    case BTF_KIND_PTR:
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_CONST:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPE_TAG:
      SigRec(t->type, depth + 1, false, steps, out);
      break;
    case BTF_KIND_ARRAY: {
      const struct btf_array* a = btf_array(t);
      absl::StrAppend(out, a->nelems, "x");
      SigRec(a->type, depth + 1, false, steps, out);
      break;
    }
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION: {
      const struct btf_member* m = btf_members(t);
      for (uint16_t i = 0; i < btf_vlen(t); ++i) {
        absl::StrAppend(out, Str(m[i].name_off), "@", m[i].offset, ":");
        SigRec(m[i].type, depth + 1, false, steps, out);
        *out += ",";
      }
      break;
    }
    case BTF_KIND_ENUM: {
      const struct btf_enum* e = btf_enum(t);
      for (uint16_t i = 0; i < btf_vlen(t); ++i)
        absl::StrAppend(out, Str(e[i].name_off), "=", e[i].val, ",");
      break;
    }
    case BTF_KIND_ENUM64: {
      const struct btf_enum64* e = btf_enum64(t);
      for (uint16_t i = 0; i < btf_vlen(t); ++i)
        absl::StrAppend(out, Str(e[i].name_off), "=", btf_enum64_value(e + i), ",");
      break;
    }
    case BTF_KIND_FUNC:
      absl::StrAppend(out, "L", btf_vlen(t));
      SigRec(t->type, depth + 1, false, steps, out);
      break;
    case BTF_KIND_FUNC_PROTO: {
      SigRec(t->type, depth + 1, false, steps, out);
      const struct btf_param* p = btf_params(t);
      for (uint16_t i = 0; i < btf_vlen(t); ++i) {
        *out += ",";
        SigRec(p[i].type, depth + 1, false, steps, out);
      }
      break;
    }
    case BTF_KIND_VAR:
      absl::StrAppend(out, "L", btf_var(t)->linkage);
      SigRec(t->type, depth + 1, false, steps, out);
      break;
    default:
      absl::StrAppend(out, "#", id);
      break;
  }
  *out += ")";
}

std::string Converter::Sig(uint32_t id) {
  int steps = 0;
  std::string s;
  SigRec(id, 0, true, &steps, &s);
  return s;
}

// Keys every named record/enum/typedef/function/variable: the first
// definition of a name (lowest id; functions and variables: external
// linkage first) gets `name`, each further distinct definition `name#k`.
void Converter::AssignKeys() {
  key_.assign(type_cnt_, std::string());
  primary_.assign(type_cnt_, false);
  // Namespace -> name -> ids.
  enum Ns { kRecordNs, kEnumNs, kTypedefNs, kFuncNs, kVarNs, kNsCount };
  std::vector<std::unordered_map<std::string, std::vector<uint32_t>>> groups(kNsCount);
  std::unordered_map<std::string, std::vector<uint32_t>> record_fwds, enum_fwds;
  std::vector<std::vector<std::string>> order(kNsCount);  // names in first-seen order
  auto add = [&](int ns, const std::string& name, uint32_t id) {
    auto& v = groups[ns][name];
    if (v.empty()) order[ns].push_back(name);
    v.push_back(id);
  };
  for (uint32_t id = 1; id < type_cnt_; ++id) {
    const struct btf_type* t = T(id);
    if (!t) continue;
    std::string name = Str(t->name_off);
    if (name.empty()) continue;
    switch (btf_kind(t)) {
      case BTF_KIND_STRUCT:
      case BTF_KIND_UNION: add(kRecordNs, name, id); break;
      case BTF_KIND_FWD: record_fwds[name].push_back(id); break;
      case BTF_KIND_ENUM:
      case BTF_KIND_ENUM64:
        if (btf_vlen(t) == 0) enum_fwds[name].push_back(id);
        else add(kEnumNs, name, id);
        break;
      case BTF_KIND_TYPEDEF: add(kTypedefNs, name, id); break;
      case BTF_KIND_FUNC: add(kFuncNs, name, id); break;
      case BTF_KIND_VAR: add(kVarNs, name, id); break;
      default: break;
    }
  }
  for (int ns = 0; ns < kNsCount; ++ns) {
    for (const std::string& name : order[ns]) {
      std::vector<uint32_t>& ids = groups[ns][name];
      if (ns == kFuncNs || ns == kVarNs) {
        // Split before base-only order is kept by id; within it, linked
        // (non-static) definitions first.
        std::stable_sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
          bool sa = a >= start_id_, sb = b >= start_id_;
          if (sa != sb) return !sa;
          auto linkage = [&](uint32_t id) {
            const struct btf_type* t = T(id);
            return btf_kind(t) == BTF_KIND_FUNC ? static_cast<uint32_t>(btf_vlen(t))
                                                : btf_var(t)->linkage;
          };
          return (linkage(a) != 0) > (linkage(b) != 0);
        });
      }
      if (ids.size() == 1) {
        key_[ids[0]] = name;
        primary_[ids[0]] = true;
        continue;
      }
      std::vector<std::pair<std::string, std::string>> sig_keys;  // sig -> key
      for (uint32_t id : ids) {
        std::string sig = Sig(id);
        std::string key;
        for (const auto& [s, k] : sig_keys) {
          if (s == sig) key = k;
        }
        if (key.empty()) {
          key = sig_keys.empty() ? name : absl::StrCat(name, "#", sig_keys.size() + 1);
          sig_keys.emplace_back(sig, key);
          primary_[id] = true;
        } else {
          ++collapsed_;
        }
        key_[id] = key;
      }
      if (sig_keys.size() > 1) {
        ++dup_names_;
        dup_keys_ += sig_keys.size() - 1;
      }
    }
  }
  // Forward declarations refer to the definition's key when there is one.
  for (auto& [name, ids] : record_fwds) {
    auto it = groups[kRecordNs].find(name);
    for (size_t i = 0; i < ids.size(); ++i) {
      key_[ids[i]] = name;
      primary_[ids[i]] = it == groups[kRecordNs].end() && i == 0;
    }
  }
  for (auto& [name, ids] : enum_fwds) {
    auto it = groups[kEnumNs].find(name);
    for (size_t i = 0; i < ids.size(); ++i) {
      key_[ids[i]] = name;
      primary_[ids[i]] = it == groups[kEnumNs].end() && i == 0;
    }
  }
}

uint32_t Converter::AlignOf(uint32_t id, int depth) {
  if (depth > kMaxTypeDepth) return 1;
  const struct btf_type* t = T(id);
  if (!t) return 1;
  switch (btf_kind(t)) {
    case BTF_KIND_INT:
    case BTF_KIND_ENUM:
    case BTF_KIND_ENUM64:
    case BTF_KIND_FLOAT:
      return ScalarAlign(t->size);
    case BTF_KIND_PTR:
      return ptr_size_;
    case BTF_KIND_ARRAY:
      return AlignOf(btf_array(t)->type, depth + 1);
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_CONST:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPE_TAG:
      return AlignOf(t->type, depth + 1);
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION:
      return LayoutOf(id, depth + 1).align;
    default:
      return 1;
  }
}

// Alignment and packing of a struct/union, inferred from offsets and size
// (BTF has no alignment). Rules, checked against clang (bindgen's layout
// tests) and pahole on Debian's 6.12 kernels:
//  * natural: max over members of their alignment (scalars min(size, 16)).
//  * packed (like libbpf's btf_is_struct_packed): a non-bitfield member is
//    misaligned, or the size is not a multiple of the natural alignment.
//    Alignment 1 (as pahole/libbpf assume), unless tail padding says more.
//    `__packed __aligned(4)` without tail padding and typedefs with reduced
//    alignment (compat_u64: u64 aligned(4)) are indistinguishable from it.
//  * a hole before a member larger than its alignment needs, or trailing
//    padding larger than the alignment needs, means aligned(p): p = 64 (the
//    cacheline, the kernel's common case) when 64 explains it, else the
//    smallest power of two that does.
const Converter::Layout& Converter::LayoutOf(uint32_t id, int depth) {
  static const Layout kCycle;
  if (layout_state_[id] == 2) return layouts_[id];
  if (layout_state_[id] == 1 || depth > kMaxTypeDepth) {
    ItemNote(NameOf(id), absl::StrCat("BTF type ", id,
                                      " contains itself by value or nests too deeply; "
                                      "alignment taken as 1"));
    return kCycle;
  }
  layout_state_[id] = 1;
  const struct btf_type* t = T(id);
  Layout l;
  const uint64_t size = t->size;
  // The alignment p that moves `from` to `to` (a hole or the tail).
  auto explain = [&](uint64_t from, uint64_t to, uint32_t min_p) -> uint32_t {
    auto fits = [&](uint64_t p) { return to % p == 0 && size % p == 0 && RoundUp(from, p) == to; };
    if (min_p <= kCachelineBytes && fits(kCachelineBytes)) return kCachelineBytes;
    for (uint32_t p = std::max<uint32_t>(min_p, 2); p <= kMaxInferredAlign; p *= 2)
      if (fits(p)) return p;
    return 0;
  };
  bool is_struct = btf_kind(t) == BTF_KIND_STRUCT;
  const struct btf_member* m = btf_members(t);
  uint16_t vlen = btf_vlen(t);
  uint32_t max_align = 1, aligned_max = 1, member_inferred = 1;
  bool scalar_misaligned = false, prev_bitfield = false, natural_hole = false;
  std::vector<std::pair<uint32_t, uint32_t>> misplaced;  // (record type id, offset's alignment)
  uint64_t end_bits = 0;
  for (uint16_t i = 0; i < vlen; ++i) {
    uint32_t a = AlignOf(m[i].type, depth + 1);
    uint64_t off = btf_member_bit_offset(t, i);
    uint32_t bf = btf_member_bitfield_size(t, i);
    max_align = std::max(max_align, a);
    uint64_t member_end;
    if (bf == 0) {
      uint64_t prev_end = (end_bits + 7) / 8;
      if (off % (8ull * a) != 0) {
        uint32_t rec = RecordBehind(m[i].type);
        uint32_t off_align = off % 8 ? 1 : ScalarAlign(static_cast<uint32_t>((off / 8) | (1u << 30)));
        if (rec) {
          misplaced.emplace_back(rec, off_align);
          aligned_max = std::max(aligned_max, off_align);
        } else {
          scalar_misaligned = true;
        }
      } else {
        aligned_max = std::max(aligned_max, a);
        if (is_struct && !prev_bitfield && off / 8 > prev_end) {
          if (off / 8 == RoundUp(prev_end, a)) {
            natural_hole = true;
          } else if (off / 8 > RoundUp(prev_end, a)) {
            // Unnamed padding bitfields are absent from BTF, so a hole right
            // after a bitfield proves nothing.
            member_inferred = std::max(member_inferred, explain(prev_end, off / 8, a * 2));
          }
        }
      }
      int64_t sz = SizeOf(m[i].type);
      member_end = off + (sz > 0 ? static_cast<uint64_t>(sz) * 8 : 0);
    } else {
      member_end = off + bf;
    }
    prev_bitfield = bf != 0;
    end_bits = std::max(end_bits, member_end);
  }
  uint64_t data_end = (end_bits + 7) / 8;
  // Only record-typed members are misaligned, and a hole or tail padding
  // shows this record is not packed: the member types are (undetectably)
  // packed themselves. Cap their alignment; LayoutsToFixpoint() recomputes.
  bool blame_members = !scalar_misaligned && !misplaced.empty() &&
                       (natural_hole || size > data_end) && size % aligned_max == 0;
  if (blame_members) {
    for (const auto& [rec, cap] : misplaced) {
      if (cap_[rec] == 0 || cap < cap_[rec]) {
        cap_[rec] = cap;
        caps_changed_ = true;
      }
    }
    max_align = aligned_max;
  }
  if (vlen == 0 && size > 0) {
    // Members dropped by the BTF encoder (e.g. transparent unions): only the
    // size is known; the alignment is a guess.
    l.opaque = true;
    l.align = std::min<uint32_t>(ScalarAlign(static_cast<uint32_t>(std::min<uint64_t>(size, 1u << 30))),
                                 ptr_size_);
  } else if (scalar_misaligned || (!misplaced.empty() && !blame_members) ||
             size % max_align != 0) {
    // `__packed __aligned(4)` and typedefs with reduced alignment
    // (compat_u64) also land here; only tail padding tells (below).
    l.packed = true;
    l.align = 1;
  } else {
    l.align = std::max(max_align, member_inferred);
    if (size % l.align != 0) l.align = max_align;  // the hole had another cause
  }
  // Placed at a misaligned offset inside a record that is not packed: this
  // record is packed (align 1, as above; or has a reduced alignment).
  if (cap_[id] != 0 && cap_[id] < l.align) {
    l.align = 1;
    l.packed = true;
  }
  // Trailing padding beyond what the alignment so far explains: the record
  // itself is aligned(p).
  if (!l.opaque && size > RoundUp(data_end, l.align)) {
    if (uint32_t p = explain(data_end, size, l.align * 2)) {
      l.align = p;
    } else {
      l.unexplained_tail = true;
    }
  }
  l.over_aligned = l.align > (l.packed ? 1 : max_align);
  layouts_[id] = l;
  layout_state_[id] = 2;
  return layouts_[id];
}

// The struct/union a member type is (through typedefs, modifiers and
// arrays), or 0.
uint32_t Converter::RecordBehind(uint32_t id) const {
  for (int d = 0; d < kMaxTypeDepth; ++d) {
    const struct btf_type* t = T(id);
    if (!t) return 0;
    if (btf_is_composite(t)) return id;
    if (btf_is_typedef(t) || IsModifier(btf_kind(t))) {
      id = t->type;
    } else if (btf_is_array(t)) {
      id = btf_array(t)->type;
    } else {
      return 0;
    }
  }
  return 0;
}

// Layouts depend on alignment caps that other records' layouts discover:
// recompute until no cap changes (caps only decrease, so this ends).
void Converter::LayoutsToFixpoint() {
  for (int round = 0; round < 8; ++round) {
    caps_changed_ = false;
    std::fill(layout_state_.begin(), layout_state_.end(), 0);
    for (uint32_t id = 1; id < type_cnt_; ++id) {
      const struct btf_type* t = T(id);
      if (t && btf_is_composite(t)) LayoutOf(id, 0);
    }
    if (!caps_changed_) return;
  }
  InfoNote("alignment inference did not settle after 8 rounds");
}

Type Converter::AnonRef(uint32_t id, TypeKind kind, const std::string& anon_key,
                        const std::string& item) {
  if (anon_key.empty()) {
    ++unkeyed_anon_refs_;
    return Type::Unknown(absl::StrCat("anonymous ", kind == TypeKind::kEnum ? "enum" : "record",
                                      " (BTF id ", id, ")"));
  }
  if (AnonDepth(anon_key) > kMaxAnonDepth) {
    ItemNote(item, absl::StrCat("anonymous records nest deeper than ", kMaxAnonDepth,
                                " (cycle?) at BTF id ", id));
    return Type::Unknown("anonymous record nested too deeply");
  }
  if (anon_budget_ == 0) {
    anon_budget_hit_ = true;
    return Type::Unknown("anonymous record (expansion budget exhausted)");
  }
  --anon_budget_;
  anon_seen_[id] = 1;
  // A typedef key (no "::") names a non-anonymous record.
  pending_.push_back({anon_key, id, anon_key.find("::") != std::string::npos});
  return Type::Named(kind, anon_key);
}

Type Converter::ConvertType(uint32_t id, const std::string& anon_key, const std::string& item,
                            int depth) {
  if (id == 0) return Type::Void();
  if (depth > kMaxTypeDepth) {
    ItemNote(item, absl::StrCat("type chain deeper than ", kMaxTypeDepth,
                                " at BTF id ", id, " (cycle?)"));
    return Type::Unknown("type chain too deep");
  }
  const struct btf_type* t = T(id);
  if (!t) {
    ItemNote(item, absl::StrCat("reference to invalid BTF type id ", id));
    return Type::Unknown(absl::StrCat("invalid BTF type id ", id));
  }
  std::string name = Str(t->name_off);
  switch (btf_kind(t)) {
    case BTF_KIND_INT: {
      uint8_t enc = btf_int_encoding(t);
      if (!ValidScalarSize(t->size)) {
        ItemNote(item, absl::StrCat("BTF int type ", id, " has size ", t->size));
        return Type::Unknown(absl::StrCat("int of ", t->size, " bytes"));
      }
      if (enc & BTF_INT_BOOL) {
        Type b = Type::Bool();
        b.bits = t->size * 8;
        return b;
      }
      return IntOrUnknown(t->size, (enc & BTF_INT_SIGNED) != 0, name);
    }
    case BTF_KIND_FLOAT:
      if (!ValidScalarSize(t->size) || t->size == 1) {
        ItemNote(item, absl::StrCat("BTF float type ", id, " has size ", t->size));
        return Type::Unknown(absl::StrCat("float of ", t->size, " bytes"));
      }
      return Type::Float(t->size * 8, name);
    case BTF_KIND_PTR: {
      Type p = Type::PointerTo(ConvertType(t->type, anon_key, item, depth + 1));
      if (p.inner[0].kind == TypeKind::kFunction) p.nullable = true;
      return p;
    }
    case BTF_KIND_ARRAY: {
      const struct btf_array* a = btf_array(t);
      return Type::ArrayOf(ConvertType(a->type, anon_key, item, depth + 1), a->nelems);
    }
    case BTF_KIND_CONST: {
      Type c = ConvertType(t->type, anon_key, item, depth + 1);
      c.is_const = true;
      return c;
    }
    case BTF_KIND_VOLATILE:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPE_TAG:
      return ConvertType(t->type, anon_key, item, depth + 1);
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_FWD:
      if (name.empty()) {
        ItemNote(item, absl::StrCat("BTF type ", id, " (kind ", btf_kind(t), ") has no name"));
        return Type::Unknown("unnamed typedef or forward declaration");
      }
      return Type::Named(btf_is_typedef(t) ? TypeKind::kTypedef : TypeKind::kRecord, KeyOf(id));
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION:
      if (name.empty()) return AnonRef(id, TypeKind::kRecord, anon_key, item);
      return Type::Named(TypeKind::kRecord, KeyOf(id));
    case BTF_KIND_ENUM:
    case BTF_KIND_ENUM64:
      if (name.empty()) return AnonRef(id, TypeKind::kEnum, anon_key, item);
      return Type::Named(TypeKind::kEnum, KeyOf(id));
    case BTF_KIND_FUNC_PROTO: {
      Type f;
      f.kind = TypeKind::kFunction;
      f.inner.push_back(ConvertType(t->type, "", item, depth + 1));
      const struct btf_param* p = btf_params(t);
      uint16_t vlen = btf_vlen(t);
      for (uint16_t i = 0; i < vlen; ++i) {
        if (i + 1 == vlen && p[i].type == 0) {
          f.variadic = true;
          break;
        }
        f.inner.push_back(ConvertType(p[i].type, "", item, depth + 1));
      }
      return f;
    }
    default:
      ItemNote(item, absl::StrCat("BTF type id ", id, " of kind ", btf_kind(t),
                                  " used as a type"));
      return Type::Unknown(absl::StrCat("BTF kind ", btf_kind(t)));
  }
}

void Converter::EmitRecord(uint32_t id, const std::string& key, bool anonymous) {
  const struct btf_type* t = T(id);
  if (out_->records.count(key)) {
    ItemNote(key, absl::StrCat("two BTF records map to key '", key, "'; kept the first"));
    return;
  }
  contract::Record r;
  r.name = key;
  r.anonymous = anonymous;
  r.loc = Loc();
  if (btf_kind(t) == BTF_KIND_FWD) {
    r.kind = btf_kflag(t) ? contract::RecordKind::kUnion : contract::RecordKind::kStruct;
    r.complete = false;
    out_->records.emplace(key, std::move(r));
    return;
  }
  r.kind = btf_kind(t) == BTF_KIND_UNION ? contract::RecordKind::kUnion
                                         : contract::RecordKind::kStruct;
  r.size_bytes = t->size;
  const Layout& l = LayoutOf(id, 0);
  r.align_bytes = l.align;
  r.align_inferred = true;  // BTF has no alignment: never a basis for a finding
  r.packed = l.packed;
  r.opaque = l.opaque;
  if (l.opaque) ++opaque_count_;
  if (l.packed) ++packed_count_;
  if (l.over_aligned) ++over_aligned_count_;
  if (l.unexplained_tail) ++unexplained_tail_count_;
  uint16_t vlen = btf_vlen(t);
  int unnamed = 0;
  for (uint16_t i = 0; i < vlen; ++i) {
    const struct btf_member* m = btf_members(t) + i;
    std::string fname = Str(m->name_off);
    if (fname.empty()) {
      // Unnamed member: an anonymous struct/union (C11), or unnamed
      // padding bitfield (no C name, skipped).
      uint32_t tid = m->type;
      const struct btf_type* mt = T(tid);
      for (int d = 0; mt && IsModifier(btf_kind(mt)) && d < kMaxTypeDepth; ++d) mt = T(mt->type);
      if (!mt || !(btf_is_composite(mt) || btf_is_fwd(mt))) {
        ++skipped_unnamed_members_;
        continue;
      }
      fname = absl::StrCat("(anon#", ++unnamed, ")");
    }
    contract::Field f;
    f.name = fname;
    f.loc = Loc();
    std::string path = absl::StrCat(key, "::", fname);
    f.type = ConvertType(m->type, path, path, 0);
    f.offset_bits = btf_member_bit_offset(t, i);
    uint32_t bf = btf_member_bitfield_size(t, i);
    if (bf == 0) {
      // Legacy (kind_flag=0) bitfields live in the int encoding.
      const struct btf_type* mt = T(m->type);
      for (int d = 0; mt && (IsModifier(btf_kind(mt)) || btf_is_typedef(mt)) && d < kMaxTypeDepth;
           ++d)
        mt = T(mt->type);
      if (mt && btf_is_int(mt) &&
          (btf_int_offset(mt) != 0 || btf_int_bits(mt) != mt->size * 8u)) {
        bf = btf_int_bits(mt);
        f.offset_bits += btf_int_offset(mt);
      }
    }
    if (bf != 0) {
      f.is_bitfield = true;
      f.size_bits = bf;
    } else {
      int64_t sz = SizeOf(m->type);
      if (sz < 0) {
        if (f.type.kind != TypeKind::kUnknown)
          ItemNote(path, "size of member type cannot be resolved");
        sz = 0;
      }
      f.size_bits = static_cast<uint64_t>(sz) * 8;
    }
    if (i + 1 == vlen && f.type.kind == TypeKind::kArray && f.type.count == 0) {
      f.type.flexible = true;
      r.has_flexible_array = true;
    }
    r.fields.push_back(std::move(f));
  }
  out_->records.emplace(key, std::move(r));
}

void Converter::EmitEnum(uint32_t id, const std::string& key, bool anonymous) {
  const struct btf_type* t = T(id);
  if (out_->enums.count(key)) {
    ItemNote(key, absl::StrCat("two BTF enums map to key '", key, "'; kept the first"));
    return;
  }
  contract::Enum e;
  e.name = key;
  e.anonymous = anonymous;
  e.loc = Loc();
  e.size_bytes = t->size;
  bool is_signed = btf_kflag(t);
  e.underlying = IntOrUnknown(t->size, is_signed);
  if (e.underlying.kind == TypeKind::kUnknown)
    ItemNote(key, absl::StrCat("enum of ", t->size, " bytes"));
  uint16_t vlen = btf_vlen(t);
  if (vlen == 0) ++fwd_enums_;
  for (uint16_t i = 0; i < vlen; ++i) {
    contract::Enumerator en;
    en.loc = Loc();
    if (btf_is_enum64(t)) {
      const struct btf_enum64* v = btf_enum64(t) + i;
      en.name = Str(v->name_off);
      uint64_t raw = btf_enum64_value(v);
      en.value = is_signed ? contract::IntValue::Of(static_cast<int64_t>(raw))
                           : contract::IntValue::OfUnsigned(raw);
    } else {
      const struct btf_enum* v = btf_enum(t) + i;
      en.name = Str(v->name_off);
      en.value = is_signed ? contract::IntValue::Of(v->val)
                           : contract::IntValue::OfUnsigned(static_cast<uint32_t>(v->val));
    }
    e.enumerators.push_back(std::move(en));
  }
  out_->enums.emplace(key, std::move(e));
}

void Converter::EmitAnonEnumConstants(uint32_t id) {
  const struct btf_type* t = T(id);
  bool is_signed = btf_kflag(t);
  for (uint16_t i = 0; i < btf_vlen(t); ++i) {
    contract::Constant c;
    c.kind = contract::ConstantKind::kInt;
    c.type = IntOrUnknown(t->size, is_signed);
    c.loc = Loc();
    if (btf_is_enum64(t)) {
      const struct btf_enum64* v = btf_enum64(t) + i;
      c.name = Str(v->name_off);
      uint64_t raw = btf_enum64_value(v);
      c.int_value = is_signed ? contract::IntValue::Of(static_cast<int64_t>(raw))
                              : contract::IntValue::OfUnsigned(raw);
    } else {
      const struct btf_enum* v = btf_enum(t) + i;
      c.name = Str(v->name_off);
      c.int_value = is_signed ? contract::IntValue::Of(v->val)
                              : contract::IntValue::OfUnsigned(static_cast<uint32_t>(v->val));
    }
    if (c.name.empty()) continue;
    auto it = out_->constants.find(c.name);
    if (it != out_->constants.end()) {
      if (it->second.int_value == c.int_value) continue;  // same value: collapse
      int& n = constant_dups_[c.name];
      bool same = false;
      for (int k = 2; k <= n + 1 && !same; ++k) {
        auto kt = out_->constants.find(absl::StrCat(c.name, "#", k));
        same = kt != out_->constants.end() && kt->second.int_value == c.int_value;
      }
      if (same) continue;
      c.name = absl::StrCat(c.name, "#", ++n + 1);
    }
    std::string name = c.name;
    out_->constants.emplace(name, std::move(c));
  }
}

void Converter::EmitTypedef(uint32_t id, const std::string& key) {
  const struct btf_type* t = T(id);
  contract::Typedef td;
  td.name = key;
  td.loc = Loc();
  // `typedef struct { ... } key;`: the anonymous record is keyed by the
  // typedef name (also through `typedef struct {..} *key`).
  td.target = ConvertType(t->type, key, key, 0);
  out_->typedefs.emplace(key, std::move(td));
}

void Converter::EmitFunction(uint32_t id, const std::string& key) {
  const struct btf_type* t = T(id);
  contract::Function fn;
  fn.name = key;
  fn.loc = Loc();
  fn.has_symbol = funcs_linkage_unrecorded_ || btf_vlen(t) != BTF_FUNC_STATIC;
  const struct btf_type* proto = T(t->type);
  if (!proto || !btf_is_func_proto(proto)) {
    ItemNote(key, absl::StrCat("BTF FUNC ", id, " does not point to a FUNC_PROTO"));
    fn.return_type = Type::Unknown("missing prototype");
    out_->functions.emplace(key, std::move(fn));
    return;
  }
  fn.return_type = ConvertType(proto->type, "", key, 0);
  const struct btf_param* p = btf_params(proto);
  uint16_t vlen = btf_vlen(proto);
  for (uint16_t i = 0; i < vlen; ++i) {
    if (i + 1 == vlen && p[i].type == 0) {
      fn.variadic = true;
      break;
    }
    fn.params.push_back({.name = Str(p[i].name_off), .type = ConvertType(p[i].type, "", key, 0)});
  }
  out_->functions.emplace(key, std::move(fn));
}

void Converter::EmitVariable(uint32_t id, const std::string& key) {
  const struct btf_type* t = T(id);
  contract::Variable v;
  v.name = key;
  v.loc = Loc();
  v.type = ConvertType(t->type, "", key, 0);
  v.is_const = v.type.is_const;
  out_->variables.emplace(key, std::move(v));
}

void Converter::Drain() {
  while (!pending_.empty()) {
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    const struct btf_type* t = T(p.id);
    if (btf_is_any_enum(t)) {
      EmitEnum(p.id, p.key, p.anonymous);
    } else {
      EmitRecord(p.id, p.key, p.anonymous);
    }
  }
}

absl::Status Converter::Run(const FileInfo& info, bool split) {
  type_cnt_ = btf__type_cnt(btf_);
  const struct btf* base = btf__base_btf(btf_);
  start_id_ = (split && base) ? btf__type_cnt(base) : 1;
  size_t ps = btf__pointer_size(btf_);
  ptr_size_ = ps == 4 || ps == 8 ? static_cast<uint32_t>(ps) : 8;
  anon_seen_.assign(type_cnt_, 0);
  layout_state_.assign(type_cnt_, 0);
  layouts_.assign(type_cnt_, Layout{});
  cap_.assign(type_cnt_, 0);
  anon_budget_ = std::max<uint64_t>(20000, 2ull * type_cnt_);

  out_->side = contract::Side::kBtf;
  out_->target.triple = info.triple;
  out_->target.pointer_bits = ptr_size_ * 8;
  out_->target.long_bits = ptr_size_ * 8;
  for (uint32_t id = 1; id < type_cnt_; ++id) {
    const struct btf_type* t = T(id);
    if (!t || !btf_is_int(t)) continue;
    std::string n = Str(t->name_off);
    if (n == "long int" || n == "long unsigned int") out_->target.long_bits = t->size * 8;
    if (n == "char") out_->target.char_signed = (btf_int_encoding(t) & BTF_INT_SIGNED) != 0;
  }

  AssignKeys();
  LayoutsToFixpoint();

  uint64_t funcs = 0, static_funcs = 0;
  for (uint32_t id = 1; id < type_cnt_; ++id) {
    const struct btf_type* t = T(id);
    if (!t || !btf_is_func(t)) continue;
    ++funcs;
    static_funcs += btf_vlen(t) == BTF_FUNC_STATIC;
  }
  funcs_linkage_unrecorded_ = funcs >= kMinFuncsForPaholeLinkage && static_funcs == funcs;
  if (funcs_linkage_unrecorded_)
    InfoNote(absl::StrCat("all ", funcs, " BTF functions are marked static (pahole's encoding: "
                          "it records no linkage and emits only functions with an ELF symbol); "
                          "has_symbol = true for all, including file-local ones"));

  for (uint32_t id = start_id_; id < type_cnt_; ++id) {
    const struct btf_type* t = T(id);
    if (!t) continue;
    bool named = t->name_off != 0 && !Str(t->name_off).empty();
    switch (btf_kind(t)) {
      case BTF_KIND_STRUCT:
      case BTF_KIND_UNION:
      case BTF_KIND_FWD:
        if (named && primary_[id]) EmitRecord(id, key_[id], false);
        break;
      case BTF_KIND_ENUM:
      case BTF_KIND_ENUM64:
        if (named && primary_[id]) EmitEnum(id, key_[id], false);
        break;
      case BTF_KIND_TYPEDEF:
        if (named && primary_[id]) EmitTypedef(id, key_[id]);
        break;
      case BTF_KIND_FUNC:
        if (named && primary_[id]) EmitFunction(id, key_[id]);
        break;
      case BTF_KIND_VAR:
        if (named && primary_[id]) EmitVariable(id, key_[id]);
        break;
      default:
        break;
    }
    Drain();
  }
  // Top-level anonymous enums hold constants; anonymous records no typedef
  // or member reaches are skipped.
  uint64_t skipped_anon = 0, unemitted_constants = 0;
  for (uint32_t id = start_id_; id < type_cnt_; ++id) {
    const struct btf_type* t = T(id);
    if (!t || t->name_off != 0 || anon_seen_[id]) continue;
    if (btf_is_any_enum(t)) {
      if (options_.anonymous_enum_constants) {
        EmitAnonEnumConstants(id);
      } else {
        unemitted_constants += btf_vlen(t);
      }
    } else if (btf_is_composite(t)) {
      ++skipped_anon;
    }
  }

  std::string prov = absl::StrCat("libbpf ", libbpf_major_version(), ".", libbpf_minor_version());
  out_->provenance.tool = prov;

  InfoNote(absl::StrCat(
      "alignment is inferred: BTF records none. align_bytes = x86-64 natural alignment of the "
      "members (scalars min(size,16), pointers ", ptr_size_,
      "); packed when a member is misaligned or the size is not a multiple of it (",
      packed_count_, " records; align 1 unless tail padding says more); larger alignment inferred from holes before members and from trailing padding "
      "(64 when that explains it, else the smallest power of two; ", over_aligned_count_,
      " records). Invisible in BTF: __packed without a misaligned member, aligned(N) that leaves "
      "no hole or tail padding, typedefs with reduced alignment (they look packed). "
      "explicit_align is never set."));
  if (unexplained_tail_count_)
    InfoNote(absl::StrCat(unexplained_tail_count_,
                          " records have trailing padding no power-of-two alignment explains"));
  if (unemitted_constants)
    InfoNote(absl::StrCat(unemitted_constants, " enumerators of anonymous top-level enums not "
                          "emitted as constants (BtfFrontendOptions::anonymous_enum_constants)"));
  if (opaque_count_)
    InfoNote(absl::StrCat(opaque_count_, " records have a size but no members in BTF (the "
                          "encoder dropped them): opaque, alignment guessed from the size"));
  if (skipped_anon)
    InfoNote(absl::StrCat(skipped_anon, " anonymous top-level structs/unions not reachable "
                                        "through a typedef or a member were skipped"));
  if (unkeyed_anon_refs_)
    InfoNote(absl::StrCat(unkeyed_anon_refs_, " references to anonymous records/enums outside "
                                              "a member or typedef became kUnknown"));
  if (dup_names_)
    InfoNote(absl::StrCat(dup_names_, " names have several different definitions (", dup_keys_,
                          " extra, keyed name#k in BTF id order); ", collapsed_,
                          " identical duplicates collapsed"));
  if (skipped_unnamed_members_)
    InfoNote(absl::StrCat(skipped_unnamed_members_,
                          " unnamed non-record members (padding bitfields) skipped"));
  if (fwd_enums_)
    InfoNote(absl::StrCat(fwd_enums_, " enums are forward declarations (no enumerators)"));
  if (anon_budget_hit_)
    out_->notes.push_back({.level = contract::Note::Level::kWarning,
                           .item = "",
                           .message = "anonymous record expansion budget exhausted; some "
                                      "nested records became kUnknown",
                           .loc = Loc()});
  if (item_warnings_ > kMaxItemNotes)
    out_->notes.push_back({.level = contract::Note::Level::kWarning,
                           .item = "",
                           .message = absl::StrCat(item_warnings_,
                                                   " per-item BTF warnings in total; the "
                                                   "first ones are listed"),
                           .loc = Loc()});
  if (split)
    InfoNote(absl::StrCat("split BTF: only types ", start_id_, "..", type_cnt_ - 1,
                          " are emitted; base types are referenced by key"));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<contract::Contract> ExtractBtf(const std::string& path,
                                              const BtfFrontendOptions& options) {
  BtfPtr base;
  if (!options.base_btf.empty()) {
    BF_ASSIGN_OR_RETURN(base, ParseBtf(options.base_btf, nullptr, nullptr));
  }
  FileInfo info;
  BF_ASSIGN_OR_RETURN(BtfPtr btf, ParseBtf(path, base.get(), &info));
  contract::Contract out;
  out.provenance.inputs.push_back(path);
  if (base) out.provenance.inputs.push_back(options.base_btf);
  Converter conv(btf.get(), path, options, &out);
  BF_RETURN_IF_ERROR(conv.Run(info, base != nullptr));
  return out;
}

}  // namespace bindfuzz
