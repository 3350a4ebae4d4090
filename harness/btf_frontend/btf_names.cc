// Keys of the BTF front end: one key per named type, with different
// definitions of the same name told apart by a structural signature
// (`name`, `name#2`, ... in BTF id order) and identical ones collapsed.
#include <algorithm>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "harness/btf_frontend/btf_internal.h"

namespace bindfuzz::btf_internal {

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

}  // namespace bindfuzz::btf_internal
