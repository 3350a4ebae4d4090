#include "harness/rust_frontend/mod_path.h"

namespace bindfuzz::rust_frontend {

std::string DirName(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return "";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string JoinPath(std::string_view dir, std::string_view rel) {
  std::string joined;
  if (!rel.empty() && rel[0] == '/') {
    joined = std::string(rel);
  } else if (dir.empty()) {
    joined = std::string(rel);
  } else {
    joined = std::string(dir) + "/" + std::string(rel);
  }
  bool absolute = !joined.empty() && joined[0] == '/';
  std::string out = absolute ? "/" : "";
  size_t b = 0;
  while (b <= joined.size()) {
    size_t e = joined.find('/', b);
    if (e == std::string::npos) e = joined.size();
    std::string_view seg(joined.data() + b, e - b);
    if (!seg.empty() && seg != ".") {
      if (!out.empty() && out.back() != '/') out += '/';
      out.append(seg.data(), seg.size());
    }
    b = e + 1;
  }
  return out.empty() ? "." : out;
}

std::string NormalizePath(std::string_view path) { return JoinPath("", path); }

std::vector<std::string> ModFileCandidates(std::string_view dir, std::string_view name) {
  std::string n(name);
  return {JoinPath(dir, n + ".rs"), JoinPath(dir, n + "/mod.rs")};
}

bool IsModRs(std::string_view file) { return BaseName(file) == "mod.rs"; }

std::string ModuleDir(std::string_view file, bool mod_rs_like) {
  if (mod_rs_like || IsModRs(file)) return DirName(file);
  std::string base = BaseName(file);
  if (base.size() > 3 && base.compare(base.size() - 3, 3, ".rs") == 0) base.resize(base.size() - 3);
  return JoinPath(DirName(file), base);
}

}  // namespace bindfuzz::rust_frontend
