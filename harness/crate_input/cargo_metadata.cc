#include "harness/crate_input/cargo_metadata.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::crate_input {
namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const json* Arr(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? &*it : nullptr;
}

bool HasString(const json* arr, std::string_view s) {
  if (arr == nullptr) return false;
  for (const json& e : *arr) {
    if (e.is_string() && e.get<std::string>() == s) return true;
  }
  return false;
}

}  // namespace

const MetaPackage* CargoMetadata::Find(const std::string& id) const {
  auto it = packages.find(id);
  return it == packages.end() ? nullptr : &it->second;
}

const MetaPackage* CargoMetadata::FindByManifest(const std::string& manifest_path) const {
  for (const auto& [id, p] : packages) {
    if (p.manifest_path == manifest_path) return &p;
  }
  return nullptr;
}

absl::StatusOr<CargoMetadata> ParseCargoMetadata(std::string_view text, std::string_view source_name) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || Arr(j, "packages") == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(source_name), ": not the JSON of cargo metadata"));
  }
  CargoMetadata m;
  for (const json& p : *Arr(j, "packages")) {
    MetaPackage mp;
    mp.id = Str(p, "id");
    mp.name = Str(p, "name");
    mp.version = Str(p, "version");
    mp.manifest_path = Str(p, "manifest_path");
    if (mp.id.empty() || mp.name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(std::string(source_name), ": a package without id or name"));
    }
    if (const json* targets = Arr(p, "targets")) {
      for (const json& t : *targets) {
        const json* kinds = Arr(t, "kind");
        // A library target: "lib", or one of the explicit library kinds.
        bool lib = HasString(kinds, "lib") || HasString(kinds, "rlib") || HasString(kinds, "dylib") ||
                   HasString(kinds, "cdylib") || HasString(kinds, "staticlib") || HasString(kinds, "proc-macro");
        if (!lib) continue;
        mp.has_lib = true;
        mp.lib_name = Str(t, "name");
        mp.lib_src = Str(t, "src_path");
        mp.edition = Str(t, "edition");
        break;
      }
    }
    if (mp.edition.empty()) mp.edition = Str(p, "edition");
    m.packages[mp.id] = std::move(mp);
  }
  auto resolve = j.find("resolve");
  if (resolve != j.end() && resolve->is_object()) {
    m.root_id = Str(*resolve, "root");
    if (const json* nodes = Arr(*resolve, "nodes")) {
      for (const json& n : *nodes) {
        auto it = m.packages.find(Str(n, "id"));
        if (it == m.packages.end()) continue;
        if (const json* f = Arr(n, "features")) {
          for (const json& x : *f) {
            if (x.is_string()) it->second.features.push_back(x.get<std::string>());
          }
        }
        if (const json* deps = Arr(n, "deps")) {
          for (const json& d : *deps) {
            bool normal = false;
            if (const json* kinds = Arr(d, "dep_kinds")) {
              for (const json& k : *kinds) {
                auto kind = k.is_object() ? k.find("kind") : k.end();
                normal = normal || (k.is_object() && (kind == k.end() || kind->is_null()));
              }
            }
            if (normal) it->second.deps.emplace_back(Str(d, "name"), Str(d, "pkg"));
          }
        }
      }
    }
  }
  return m;
}

}  // namespace bindfuzz::crate_input
