// Type translation of the BTF front end, and the contract items built from
// it: records (fields, bitfields, anonymous members), enums, top-level
// anonymous enums as constants, typedefs, functions and variables.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "harness/btf_frontend/btf_internal.h"

namespace bindfuzz::btf_internal {

namespace {

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

}  // namespace

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

}  // namespace bindfuzz::btf_internal
