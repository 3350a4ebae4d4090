#include "harness/crate_input/crate_input.h"

#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/crate_input/cargo_metadata.h"
#include "harness/crate_input/cargo_output.h"
#include "harness/crate_input/origins.h"
#include "harness/crate_input/scratch_project.h"
#include "harness/target/subprocess.h"
#include "harness/target/target.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::crate_input {
namespace {

// Source files read for origin mapping: each, and all together, bounded.
constexpr uint64_t kMaxSourceBytes = uint64_t{64} << 20;
constexpr uint64_t kMaxAllSourceBytes = uint64_t{512} << 20;
constexpr char kUnprettyFlag[] = "-Zunpretty=expanded";

absl::Status MakeDir(const std::string& d) {
  if (mkdir(d.c_str(), 0755) != 0 && errno != EEXIST) {
    return absl::InternalError(absl::StrCat(d, ": cannot create directory: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// MakeDir with its missing parents.
absl::Status MakeDirs(const std::string& d) {
  for (size_t at = d.find('/', 1); at != std::string::npos; at = d.find('/', at + 1)) {
    std::string parent = d.substr(0, at);
    struct stat st;
    if (stat(parent.c_str(), &st) != 0) BF_RETURN_IF_ERROR(MakeDir(parent));
  }
  return MakeDir(d);
}

int RemoveEntry(const char* path, const struct stat*, int, struct FTW*) { return ::remove(path); }

// A scratch directory this process created, removed when done.
class Scratch {
 public:
  Scratch() = default;
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    if (owned_ && !dir_.empty()) nftw(dir_.c_str(), RemoveEntry, 16, FTW_DEPTH | FTW_PHYS);
  }
  absl::Status Init(const std::string& requested, bool keep) {
    if (requested.empty()) {
      BF_ASSIGN_OR_RETURN(dir_, target::MakeTempDir("bindfuzz-crate-"));
      owned_ = !keep;
    } else {
      dir_ = requested;
      BF_RETURN_IF_ERROR(MakeDir(dir_));
    }
    BF_RETURN_IF_ERROR(MakeDir(dir_ + "/.cargo"));
    BF_RETURN_IF_ERROR(MakeDir(dir_ + "/cargo-home"));
    return MakeDir(dir_ + "/.run");
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  bool owned_ = false;
};

struct Cargo {
  std::string exe;
  std::string dir;  // the scratch project
  std::vector<std::string> env;
  int timeout_seconds = 600;

  absl::StatusOr<target::ProcessResult> Run(std::vector<std::string> args, const std::string& what_crate,
                                            const std::string& what) const {
    args.insert(args.begin(), exe);
    target::ProcessOptions po;
    po.env = env;
    po.scratch_dir = dir + "/.run";
    po.cwd = dir;
    po.timeout_seconds = timeout_seconds;
    po.own_process_group = true;
    BF_ASSIGN_OR_RETURN(target::ProcessResult r, target::RunProcess(args, po));
    if (r.timed_out) {
      return absl::DeadlineExceededError(absl::StrCat("crate ", what_crate, ": ", what, " did not finish within ",
                                                      timeout_seconds, " s (stopped)"));
    }
    return r;
  }
};

absl::Status CargoFailure(const std::string& crate, const std::string& what, const target::ProcessResult& r) {
  return absl::FailedPreconditionError(absl::StrCat("crate ", crate, ": ", what, " failed (exit ", r.exit_code,
                                                    "):\n", FirstErrorLines(r.err)));
}

// "/a/./b.rs" -> "/a/b.rs" (rustc writes `#[path]` modules so); `..` is
// left alone, it may cross a symlink.
std::string WithoutDotSegments(std::string p) {
  for (size_t at = p.find("/./"); at != std::string::npos; at = p.find("/./", at)) p.erase(at, 2);
  return p;
}

std::vector<std::string> RustFiles(const std::vector<std::string>& deps) {
  std::vector<std::string> out;
  for (const std::string& d : deps) {
    if (absl::EndsWith(d, ".rs")) out.push_back(WithoutDotSegments(d));
  }
  return out;
}

// cargo -vv echoes build scripts' output on stdout, before rustc's
// (scripts run before the crate is compiled), each line as `[pkg ver] ...`.
// Expanded Rust never starts a line with `[`.
std::string WithoutBuildScriptEcho(std::string out) {
  size_t at = 0;
  while (at < out.size() && out[at] == '[') {
    size_t eol = out.find('\n', at);
    size_t close = out.find("] ", at);
    if (close == std::string::npos || (eol != std::string::npos && close > eol)) break;
    at = eol == std::string::npos ? out.size() : eol + 1;
  }
  out.erase(0, at);
  return out;
}

// One crate: `cargo rustc -p pkg@ver --lib -- -Zunpretty=expanded`, its
// rustc flags, the files it read and where its items were written.
absl::StatusOr<ExpandedCrate> ExpandOne(const Cargo& cargo, const std::string& rust_triple, const MetaPackage& pkg,
                                        const std::vector<std::string>& extra_cfgs, bool map_origins) {
  const std::string spec = absl::StrCat(pkg.name, "@", pkg.version);
  std::vector<std::string> args = {"rustc", "-vv", "-p", spec, "--lib", "--target", rust_triple, "--", kUnprettyFlag};
  for (const std::string& c : extra_cfgs) {
    args.push_back("--cfg");
    args.push_back(c);
  }
  BF_ASSIGN_OR_RETURN(target::ProcessResult r, cargo.Run(args, spec, "cargo rustc -Zunpretty=expanded"));
  if (r.exit_code != 0) return CargoFailure(spec, "building it and expanding its macros (cargo rustc)", r);
  absl::StatusOr<RustcInvocation> inv = FindRustcInvocation(r.err, pkg.lib_name, kUnprettyFlag);
  if (!inv.ok()) {
    return absl::FailedPreconditionError(absl::StrCat("crate ", spec, ": ", inv.status().message()));
  }
  if (r.out.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("crate ", spec, ": rustc printed no expanded text"));
  }
  ExpandedCrate c;
  c.package = pkg.name;
  c.version = pkg.version;
  c.crate_name = inv->crate_name;
  c.edition = inv->edition;
  c.manifest_path = pkg.manifest_path;
  c.src_root = inv->source;
  c.features = pkg.features;
  c.cfgs = inv->cfgs;
  c.expanded_name = absl::StrCat(pkg.name, "-", pkg.version, ".expanded.rs");
  c.expanded = WithoutBuildScriptEcho(std::move(r.out));
  if (!inv->out_dir.empty()) {
    absl::StatusOr<std::string> d =
        ReadFile(absl::StrCat(inv->out_dir, "/", inv->crate_name, inv->extra_filename, ".d"), kMaxSourceBytes);
    if (d.ok()) c.files = RustFiles(ParseDepInfo(*d));
  }
  if (c.files.empty() && !c.src_root.empty()) c.files.push_back(c.src_root);
  c.rustc = *std::move(inv);
  if (map_origins) {
    std::vector<SourceText> texts;
    uint64_t total = 0;
    for (const std::string& f : c.files) {
      absl::StatusOr<std::string> t = ReadFile(f, kMaxSourceBytes);
      if (!t.ok() || total + t->size() > kMaxAllSourceBytes) continue;
      total += t->size();
      texts.push_back({f, *std::move(t)});
    }
    absl::StatusOr<std::vector<ItemOrigin>> o = MapOrigins(c.expanded_name, c.expanded, texts);
    if (o.ok()) {
      c.origins = *std::move(o);
    } else {
      c.origin_problem = std::string(o.status().message());
    }
  }
  return c;
}

}  // namespace

absl::StatusOr<CrateInput> ReadCrate(const CrateRequest& req, const CrateInputOptions& opt) {
  auto start = std::chrono::steady_clock::now();
  BF_ASSIGN_OR_RETURN(std::vector<std::string> features, NormalizeFeatures(req.features));
  std::vector<std::string> cfgs;
  for (const std::string& c : req.cfgs) {
    BF_ASSIGN_OR_RETURN(std::string n, NormalizeCfg(c));
    cfgs.push_back(std::move(n));
  }
  BF_ASSIGN_OR_RETURN(const target::TargetInfo* ti,
                      target::LookupTarget(req.target_triple.empty() ? "x86_64-linux-gnu" : req.target_triple));
  CrateInput in;
  in.rust_triple = std::string(ti->rust_triple);
  BF_ASSIGN_OR_RETURN(CrateLocation loc, LocateCrate(req.crate, opt.registry_dir));
  const std::string what = loc.in_registry ? absl::StrCat(loc.package, "@", loc.version) : loc.manifest;

  absl::StatusOr<std::string> exe = target::FindProgram(opt.cargo);
  if (!exe.ok()) {
    return absl::NotFoundError(absl::StrCat("crate ", what, ": reading a crate needs cargo and rustc, and ",
                                            exe.status().message(),
                                            " (install a Rust toolchain: rustup, or Debian's cargo)"));
  }
  Scratch scratch;
  BF_RETURN_IF_ERROR(scratch.Init(opt.scratch_dir, opt.keep_scratch));
  Cargo cargo;
  cargo.exe = *exe;
  cargo.dir = scratch.dir();
  cargo.timeout_seconds = opt.timeout_seconds;
  cargo.env = {
      absl::StrCat("CARGO_HOME=", scratch.dir(), "/cargo-home"),  // no user config, no credentials
      "CARGO_NET_OFFLINE=true",
      "RUSTC_BOOTSTRAP=1",  // -Zunpretty on a stable toolchain, as the kernel build and cargo-expand do
      "CARGO_TERM_COLOR=never",
      "CARGO_TERM_PROGRESS_WHEN=never",
      "RUST_BACKTRACE=0",  // a failing build script: its message, not a backtrace
  };
  if (!opt.target_dir.empty()) cargo.env.push_back(absl::StrCat("CARGO_TARGET_DIR=", opt.target_dir));

  if (absl::StatusOr<target::ProcessResult> v = cargo.Run({"--version"}, what, "cargo --version");
      v.ok() && v->exit_code == 0) {
    in.cargo_version = std::string(absl::StripAsciiWhitespace(v->out));
  }
  std::string registry;
  {
    struct stat st;
    if (stat(opt.registry_dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) registry = opt.registry_dir;
  }
  BF_RETURN_IF_ERROR(WriteFile(scratch.dir() + "/.cargo/config.toml", ScratchCargoConfig(registry)));

  ScratchDependency dep;
  dep.default_features = !req.no_default_features;
  dep.features = features;
  if (loc.in_registry) {
    dep.package = loc.package;
    dep.version = loc.version;
  } else {
    // A local crate: cargo says what its manifest declares.
    BF_ASSIGN_OR_RETURN(target::ProcessResult r,
                        cargo.Run({"metadata", "--no-deps", "--format-version", "1", "--offline", "--manifest-path",
                                   loc.manifest},
                                  what, "cargo metadata"));
    if (r.exit_code != 0) return CargoFailure(what, "reading its manifest (cargo metadata)", r);
    BF_ASSIGN_OR_RETURN(CargoMetadata m, ParseCargoMetadata(r.out, "cargo metadata"));
    const MetaPackage* p = m.FindByManifest(loc.manifest);
    if (p == nullptr) {
      return absl::NotFoundError(absl::StrCat(loc.manifest, ": cargo metadata lists no package for this manifest ",
                                              "(a virtual workspace manifest? give the member's directory)"));
    }
    dep.package = p->name;
    dep.path = loc.dir;
  }
  BF_RETURN_IF_ERROR(WriteFile(scratch.dir() + "/Cargo.toml", ScratchCargoToml(dep)));
  BF_RETURN_IF_ERROR(WriteFile(scratch.dir() + "/lib.rs", "// empty: the dependency is what is read\n"));

  BF_ASSIGN_OR_RETURN(target::ProcessResult mr,
                      cargo.Run({"metadata", "--format-version", "1", "--offline", "--filter-platform", in.rust_triple},
                                what, "cargo metadata"));
  if (mr.exit_code != 0) {
    return CargoFailure(what, "resolving its dependencies offline from " +
                                  (registry.empty() ? std::string("local paths") : registry) + " (cargo metadata)",
                        mr);
  }
  BF_ASSIGN_OR_RETURN(CargoMetadata meta, ParseCargoMetadata(mr.out, "cargo metadata"));
  const MetaPackage* root = meta.Find(meta.root_id);
  if (root == nullptr || root->deps.empty()) {
    return absl::InternalError(absl::StrCat("crate ", what, ": cargo metadata shows no dependency of the scratch project"));
  }
  const MetaPackage* top = meta.Find(root->deps.front().second);
  if (top == nullptr) return absl::InternalError(absl::StrCat("crate ", what, ": not in cargo metadata's packages"));
  if (!top->has_lib) {
    return absl::FailedPreconditionError(absl::StrCat("crate ", top->name, " ", top->version,
                                                      " has no library target: nothing binds C"));
  }

  struct Work {
    std::string id, extern_name;
    int depth;
  };
  std::deque<Work> work = {{top->id, top->lib_name, 0}};
  std::set<std::string> seen = {top->id};
  while (!work.empty()) {
    Work w = work.front();
    work.pop_front();
    const MetaPackage& pkg = *meta.Find(w.id);
    const bool requested = w.depth == 0;
    BF_ASSIGN_OR_RETURN(ExpandedCrate c,
                        ExpandOne(cargo, in.rust_triple, pkg, requested ? cfgs : std::vector<std::string>{},
                                  opt.map_origins));
    c.requested = requested;
    c.extern_name = w.extern_name;
    if (w.depth < opt.max_dependency_depth && !pkg.deps.empty()) {
      // Dependencies whose paths the expanded text uses, under the names
      // rustc's --extern gives them.
      std::set<std::string> names;
      for (const auto& e : c.rustc.externs) names.insert(e.first);
      absl::StatusOr<std::set<std::string>> used = PathRootsUsed(c.expanded_name, c.expanded, names);
      if (used.ok()) {
        for (const auto& [name, id] : pkg.deps) {
          const MetaPackage* d = meta.Find(id);
          if (!used->count(name) || d == nullptr || !d->has_lib || seen.count(id)) continue;
          seen.insert(id);
          work.push_back({id, name, w.depth + 1});
        }
      }
    }
    in.crates.push_back(std::move(c));
  }
  in.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return in;
}

size_t RemapLocations(const ExpandedCrate& crate, contract::Contract* c) {
  size_t n = 0;
  auto remap = [&](contract::SourceLoc& l) {
    if (l.file != crate.expanded_name || crate.origins.empty()) return;
    auto it = std::upper_bound(crate.origins.begin(), crate.origins.end(), l.line,
                               [](uint32_t line, const ItemOrigin& o) { return line < o.expanded_begin; });
    if (it == crate.origins.begin()) return;
    --it;
    if (l.line > it->expanded_end || it->file.empty()) return;
    uint32_t line = it->line;
    for (const auto& [expanded_line, original_line] : it->fields) {
      if (expanded_line == l.line) line = original_line;
    }
    l.file = it->file;
    l.line = line;
    l.column = 0;
    ++n;
  };
  for (auto& [k, r] : c->records) {
    remap(r.loc);
    for (auto& f : r.fields) remap(f.loc);
  }
  for (auto& [k, e] : c->enums) {
    remap(e.loc);
    for (auto& v : e.enumerators) remap(v.loc);
  }
  for (auto& [k, t] : c->typedefs) remap(t.loc);
  for (auto& [k, f] : c->functions) remap(f.loc);
  for (auto& [k, v] : c->variables) remap(v.loc);
  for (auto& [k, x] : c->constants) remap(x.loc);
  for (auto& note : c->notes) remap(note.loc);
  std::vector<std::string> inputs;
  for (const std::string& i : c->provenance.inputs) {
    if (i != crate.expanded_name) inputs.push_back(i);
  }
  inputs.insert(inputs.end(), crate.files.begin(), crate.files.end());
  c->provenance.inputs = std::move(inputs);
  return n;
}

std::string CrateInputToJson(const CrateInput& in, bool with_text) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["format"] = "bindfuzz-crate-input";
  j["version"] = 1;
  j["target"] = in.rust_triple;
  j["cargo"] = in.cargo_version;
  j["seconds"] = in.seconds;
  ordered_json crates = ordered_json::array();
  for (const ExpandedCrate& c : in.crates) {
    ordered_json x;
    x["package"] = c.package;
    x["version"] = c.version;
    x["crate_name"] = c.crate_name;
    x["requested"] = c.requested;
    x["extern_name"] = c.extern_name;
    x["edition"] = c.edition;
    x["manifest_path"] = c.manifest_path;
    x["src_root"] = c.src_root;
    x["features"] = c.features;
    x["cfgs"] = c.cfgs;
    ordered_json ext = ordered_json::array();
    for (const auto& [name, path] : c.rustc.externs) ext.push_back({{"name", name}, {"path", path}});
    x["externs"] = ext;
    x["rustc_args"] = c.rustc.argv;
    x["files"] = c.files;
    x["expanded_name"] = c.expanded_name;
    x["expanded_bytes"] = c.expanded.size();
    if (with_text) x["expanded"] = c.expanded;
    size_t mapped = 0;
    ordered_json origins = ordered_json::array();
    for (const ItemOrigin& o : c.origins) {
      mapped += !o.file.empty();
      ordered_json oj;
      oj["path"] = absl::StrJoin(o.path, "::");
      oj["kind"] = o.kind;
      oj["expanded_line"] = o.expanded_begin;
      if (!o.file.empty()) {
        oj["file"] = o.file;
        oj["line"] = o.line;
        oj["how"] = o.how;
      }
      origins.push_back(std::move(oj));
    }
    x["items"] = c.origins.size();
    x["items_mapped"] = mapped;
    if (!c.origin_problem.empty()) x["origin_problem"] = c.origin_problem;
    x["origins"] = std::move(origins);
    crates.push_back(std::move(x));
  }
  j["crates"] = std::move(crates);
  return j.dump(2) + "\n";
}

absl::Status SaveExpanded(const std::string& dir, CrateInput* in) {
  BF_RETURN_IF_ERROR(MakeDirs(dir));
  for (ExpandedCrate& c : in->crates) {
    const std::string path = absl::StrCat(dir, "/", c.package, "-", c.version, ".rs");
    BF_RETURN_IF_ERROR(WriteFile(path, c.expanded));
    c.expanded_name = path;
  }
  return WriteFile(dir + "/crates.json", CrateInputToJson(*in));
}

}  // namespace bindfuzz::crate_input
