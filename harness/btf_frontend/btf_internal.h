// Internal to harness/btf_frontend (not a public header: include
// btf_frontend.h). What the parts of the BTF front end share: the bounds
// against hostile BTF, the parsed file (btf_file.cc) and the Converter that
// turns its types into a Contract, one concern a file:
//   btf_names.cc     keys: duplicate names told apart by structure;
//   btf_layout.cc    alignment inference (BTF records none);
//   btf_convert.cc   type translation and the records, enums, typedefs,
//                    functions and variables built from it;
//   btf_frontend.cc  the run over all types, its Notes, and ExtractBtf.
#ifndef BINDFUZZ_HARNESS_BTF_FRONTEND_BTF_INTERNAL_H_
#define BINDFUZZ_HARNESS_BTF_FRONTEND_BTF_INTERNAL_H_

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/btf.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "harness/btf_frontend/btf_frontend.h"
#include "harness/contract/contract.h"

namespace bindfuzz::btf_internal {

using contract::Type;
using contract::TypeKind;

// Bounds that keep hostile BTF from recursing or expanding without limit.
inline constexpr int kMaxTypeDepth = 64;       // modifier/pointer/array chains
inline constexpr int kMaxAnonDepth = 32;       // `a::b::c...` nesting of anonymous records
inline constexpr int kMaxSigSteps = 20000;     // work per duplicate-name signature
inline constexpr size_t kMaxItemNotes = 200;   // per-item warnings before summarising
inline constexpr uint32_t kMaxInferredAlign = 4096;
inline constexpr uint32_t kCachelineBytes = 64;  // x86-64 L1_CACHE_BYTES
// A BTF with at least this many functions, all static, comes from pahole.
inline constexpr uint64_t kMinFuncsForPaholeLinkage = 100;

struct BtfDeleter {
  void operator()(struct btf* b) const { btf__free(b); }
};
using BtfPtr = std::unique_ptr<struct btf, BtfDeleter>;

enum class FileFormat { kElf, kRaw };

struct FileInfo {
  FileFormat format = FileFormat::kRaw;
  std::string triple;  // from ELF e_machine; "" for raw BTF
};

// Parses `path` (split on `base` when non-null). Errors name the file and
// carry libbpf's own messages. (btf_file.cc)
absl::StatusOr<BtfPtr> ParseBtf(const std::string& path, struct btf* base, FileInfo* info_out);

inline bool IsModifier(uint16_t kind) {
  return kind == BTF_KIND_CONST || kind == BTF_KIND_VOLATILE || kind == BTF_KIND_RESTRICT ||
         kind == BTF_KIND_TYPE_TAG;
}

// ---------------------------------------------------------------------------

class Converter {
 public:
  Converter(const struct btf* btf, std::string path, const BtfFrontendOptions& options,
            contract::Contract* out)
      : btf_(btf), path_(std::move(path)), options_(options), out_(out) {}

  absl::Status Run(const FileInfo& info, bool split);  // btf_frontend.cc

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

  // Naming (btf_names.cc).
  void AssignKeys();
  std::string Sig(uint32_t id);
  void SigRec(uint32_t id, int depth, bool top, int* steps, std::string* out);
  std::string KeyOf(uint32_t id) const;

  // Layout (btf_layout.cc).
  uint32_t AlignOf(uint32_t id, int depth);
  const Layout& LayoutOf(uint32_t id, int depth);
  void LayoutsToFixpoint();
  uint32_t RecordBehind(uint32_t id) const;
  int64_t SizeOf(uint32_t id) const {
    int64_t s = btf__resolve_size(btf_, id);
    return s < 0 ? -1 : s;
  }

  // Conversion (btf_convert.cc).
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

}  // namespace bindfuzz::btf_internal
#endif  // BINDFUZZ_HARNESS_BTF_FRONTEND_BTF_INTERNAL_H_
