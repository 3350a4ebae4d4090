// The BTF front end's run: target facts, keys and layouts first, then every
// type of the file converted, the Notes that summarise what BTF cannot say;
// and ExtractBtf, the public entry point (btf_frontend.h).
#include "harness/btf_frontend/btf_frontend.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "harness/btf_frontend/btf_internal.h"
#include "harness/common/status.h"

namespace bindfuzz::btf_internal {

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

}  // namespace bindfuzz::btf_internal

namespace bindfuzz {

using btf_internal::BtfPtr;
using btf_internal::Converter;
using btf_internal::FileInfo;
using btf_internal::ParseBtf;

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
