#include "harness/crate_input/scratch_project.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace bindfuzz::crate_input {
namespace {

bool IsDir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool IsFile(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}
std::string RealPath(const std::string& p) {
  char buf[PATH_MAX];
  return realpath(p.c_str(), buf) != nullptr ? std::string(buf) : p;
}

// Package names: ASCII letters, digits, '-' and '_' (crates.io's rule).
bool IsPackageName(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}
bool IsVersionText(std::string_view s) {
  if (s.empty() || s.size() > 64 || !absl::ascii_isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+') return false;
  }
  return true;
}
bool IsIdent(std::string_view s) {
  if (s.empty() || !(absl::ascii_isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return s != "_";
}

}  // namespace

int CompareVersions(std::string_view a, std::string_view b) {
  auto split = [](std::string_view v, std::string* pre) {
    std::string_view core = v.substr(0, v.find('+'));  // build metadata does not order
    size_t dash = core.find('-');
    *pre = dash == std::string_view::npos ? "" : std::string(core.substr(dash + 1));
    core = core.substr(0, dash);
    return std::vector<std::string>(absl::StrSplit(absl::string_view(core.data(), core.size()), '.'));
  };
  std::string pa, pb;
  std::vector<std::string> xa = split(a, &pa), xb = split(b, &pb);
  for (size_t i = 0; i < std::max(xa.size(), xb.size()); ++i) {
    std::string sa = i < xa.size() ? xa[i] : "0", sb = i < xb.size() ? xb[i] : "0";
    uint64_t na = 0, nb = 0;
    if (absl::SimpleAtoi(sa, &na) && absl::SimpleAtoi(sb, &nb)) {
      if (na != nb) return na < nb ? -1 : 1;
    } else if (sa != sb) {
      return sa < sb ? -1 : 1;
    }
  }
  if (pa == pb) return 0;
  if (pa.empty()) return 1;  // 1.0.0 > 1.0.0-rc1
  if (pb.empty()) return -1;
  return pa < pb ? -1 : 1;
}

std::vector<std::string> InstalledVersions(const std::string& registry_dir, std::string_view package) {
  std::vector<std::string> out;
  DIR* d = opendir(registry_dir.c_str());
  if (d == nullptr) return out;
  const std::string prefix = absl::StrCat(std::string(package), "-");
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (!absl::StartsWith(n, prefix)) continue;
    std::string ver = n.substr(prefix.size());
    // "libz-sys-1.1.8" is not a version of "libz": what follows must be one.
    if (!IsVersionText(ver)) continue;
    if (!IsFile(registry_dir + "/" + n + "/Cargo.toml")) continue;
    out.push_back(ver);
  }
  closedir(d);
  std::sort(out.begin(), out.end(), [](const std::string& x, const std::string& y) {
    return CompareVersions(x, y) < 0;
  });
  return out;
}

std::string DebianPackageFor(std::string_view package) {
  std::string p = absl::AsciiStrToLower(absl::string_view(package.data(), package.size()));
  std::replace(p.begin(), p.end(), '_', '-');
  return absl::StrCat("librust-", p, "-dev");
}

absl::StatusOr<CrateLocation> LocateCrate(std::string_view spec_in, const std::string& registry_dir) {
  const std::string spec(spec_in);
  if (spec.empty()) return absl::InvalidArgumentError("--crate: empty crate");
  CrateLocation loc;
  if (IsDir(spec)) {
    loc.dir = RealPath(spec);
    loc.manifest = loc.dir + "/Cargo.toml";
    if (!IsFile(loc.manifest)) {
      return absl::NotFoundError(absl::StrCat(spec, ": no Cargo.toml in this directory"));
    }
    return loc;
  }
  if (absl::EndsWith(spec, "Cargo.toml")) {
    if (!IsFile(spec)) return absl::NotFoundError(absl::StrCat(spec, ": no such file"));
    loc.manifest = RealPath(spec);
    loc.dir = loc.manifest.substr(0, loc.manifest.rfind('/'));
    return loc;
  }
  std::string name = spec, version;
  if (size_t at = spec.find('@'); at != std::string::npos) {
    name = spec.substr(0, at);
    version = spec.substr(at + 1);
    if (absl::StartsWith(version, "=")) version = version.substr(1);
  }
  if (!IsPackageName(name) || (!version.empty() && !IsVersionText(version)) || spec.find('/') != std::string::npos) {
    return absl::NotFoundError(
        absl::StrCat(spec, ": not a directory, a Cargo.toml or an installed crate name[@version]"));
  }
  std::vector<std::string> versions = InstalledVersions(registry_dir, name);
  // Debian names the directory after the package as published; a request
  // with '_' for '-' (or the reverse) finds it too.
  if (versions.empty()) {
    std::string alt = name;
    for (char& c : alt) c = c == '_' ? '-' : c == '-' ? '_' : c;
    if (alt != name) {
      versions = InstalledVersions(registry_dir, alt);
      if (!versions.empty()) name = alt;
    }
  }
  if (versions.empty()) {
    if (!IsDir(registry_dir)) {
      return absl::NotFoundError(absl::StrCat("crate ", name, ": the crate registry ", registry_dir,
                                              " does not exist (install the crate: apt-get install ",
                                              DebianPackageFor(name), ")"));
    }
    return absl::NotFoundError(absl::StrCat("crate ", name, " is not installed under ", registry_dir,
                                            " (apt-get install ", DebianPackageFor(name), ")"));
  }
  if (version.empty()) {
    version = versions.back();
  } else if (std::find(versions.begin(), versions.end(), version) == versions.end()) {
    return absl::NotFoundError(absl::StrCat("crate ", name, "@", version, " is not installed under ", registry_dir,
                                            "; installed: ", absl::StrJoin(versions, ", ")));
  }
  loc.in_registry = true;
  loc.package = name;
  loc.version = version;
  loc.dir = absl::StrCat(registry_dir, "/", name, "-", version);
  loc.manifest = loc.dir + "/Cargo.toml";
  return loc;
}

absl::StatusOr<std::vector<std::string>> NormalizeFeatures(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    for (absl::string_view f : absl::StrSplit(v, absl::ByAnyChar(", \t"), absl::SkipEmpty())) {
      // cargo: letters, digits, '_', '-', '+', '.', and one '/' for dep/feature.
      bool ok = f.size() <= 128 && f.front() != '/' && f.back() != '/' && f.find('/') == f.rfind('/');
      for (char c : f) {
        ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '+' ||
                    c == '.' || c == '/' || c == ':');
      }
      if (!ok) return absl::InvalidArgumentError(absl::StrCat("--features: '", f, "' is not a feature name"));
      if (std::find(out.begin(), out.end(), f) == out.end()) out.emplace_back(f);
    }
  }
  return out;
}

absl::StatusOr<std::string> NormalizeCfg(std::string_view cfg) {
  const std::string s(cfg);
  size_t eq = s.find('=');
  std::string name = s.substr(0, eq);
  if (!IsIdent(name)) {
    return absl::InvalidArgumentError(absl::StrCat("--cfg '", s, "': expected NAME or NAME=\"value\""));
  }
  if (eq == std::string::npos) return name;
  std::string value = s.substr(eq + 1);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  for (char c : value) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      return absl::InvalidArgumentError(
          absl::StrCat("--cfg '", s, "': the value may not contain quotes, backslashes or control characters"));
    }
  }
  return absl::StrCat(name, "=\"", value, "\"");
}

std::string TomlString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (u < 0x20 || u == 0x7f) out += absl::StrCat("\\u00", absl::Hex(u, absl::kZeroPad2));
    else out.push_back(c);
  }
  out += "\"";
  return out;
}

std::string ScratchCargoToml(const ScratchDependency& dep) {
  std::string t =
      "# Written by bindfuzz (crate_input): a throw-away package whose only job is\n"
      "# to make cargo build and expand the dependency below.\n"
      "[package]\n"
      "name = \"bindfuzz-crate-input-scratch\"\n"
      "version = \"0.0.0\"\n"
      "edition = \"2021\"\n"
      "publish = false\n"
      "\n"
      "[lib]\n"
      "path = \"lib.rs\"\n"
      "\n"
      "[workspace]\n"
      "\n";
  absl::StrAppend(&t, "[dependencies.", TomlString(dep.package), "]\n");
  if (!dep.path.empty()) {
    absl::StrAppend(&t, "path = ", TomlString(dep.path), "\n");
  } else {
    absl::StrAppend(&t, "version = ", TomlString(absl::StrCat("=", dep.version)), "\n");
  }
  if (!dep.default_features) absl::StrAppend(&t, "default-features = false\n");
  if (!dep.features.empty()) {
    std::vector<std::string> quoted;
    for (const std::string& f : dep.features) quoted.push_back(TomlString(f));
    absl::StrAppend(&t, "features = [", absl::StrJoin(quoted, ", "), "]\n");
  }
  return t;
}

std::string ScratchCargoConfig(const std::string& registry_dir) {
  std::string t =
      "# Written by bindfuzz (crate_input): never use the network.\n"
      "[net]\n"
      "offline = true\n";
  if (!registry_dir.empty()) {
    absl::StrAppend(&t,
                    "\n[source.crates-io]\n"
                    "replace-with = \"bindfuzz-local-registry\"\n"
                    "\n[source.bindfuzz-local-registry]\n"
                    "directory = ",
                    TomlString(registry_dir), "\n");
  }
  return t;
}

}  // namespace bindfuzz::crate_input
