#include "harness/driver/pipeline.h"

#include <filesystem>
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <future>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "harness/btf_frontend/btf_frontend.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/confirm/layout_fill.h"
#include "harness/contract/contract_json.h"
#include "harness/driver/c_extract.h"
#include "harness/rust_frontend/rust_frontend.h"

namespace bindfuzz::driver {

uint64_t PeakRssKib() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss);
}

namespace {

class Timer {
 public:
  Timer(std::string phase, std::vector<PhaseTiming>* out)
      : phase_(std::move(phase)), out_(out), start_(std::chrono::steady_clock::now()) {}
  ~Timer() {
    if (out_ == nullptr) return;
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    out_->push_back({phase_, s, PeakRssKib()});
  }

 private:
  std::string phase_;
  std::vector<PhaseTiming>* out_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

absl::Status CFrontendUnavailable(const std::string& file) {
  return absl::UnimplementedError(
      absl::StrCat(file, file.empty() ? "" : ": ",
                   "this bindfuzz was built without the C front end "
                   "(-DBINDFUZZ_BUILD_C_FRONTEND=OFF)"));
}

absl::StatusOr<contract::Contract> RunExtractC(const CInputs& in,
                                               std::vector<PhaseTiming>* timings) {
  Timer t("extract-c", timings);
  if (in.headers.empty()) return absl::InvalidArgumentError("no C header given (--c-header)");
  return ExtractCContract(in);
}

namespace {

// rustc's layouts for the records the engine left without one; a phase of
// its own only when rustc was asked.
void FillFromRustc(const RustInputs& in, const std::vector<rust_frontend::RustSource>& sources,
                   const rust_frontend::RustFrontendOptions& o, std::vector<PhaseTiming>* timings,
                   rust_frontend::RustExtraction* ex) {
  if (!in.fill_layouts_from_rustc || confirm::RecordsWithoutLayout(*ex).empty()) return;
  Timer t("rustc-fill", timings);
  confirm::LayoutOracleOptions lo;
  lo.oracle.rustc = in.rustc;
  // The files' #[cfg] alternatives, as the front end chose them.
  absl::StatusOr<std::vector<std::string>> cfgs = RustcCfgArgs(in);
  if (!cfgs.ok()) {
    for (const std::string& k : confirm::RecordsWithoutLayout(*ex)) {
      ex->contract.notes.push_back({contract::Note::Level::kInfo, k,
                                    absl::StrCat("layout not filled from rustc: ", cfgs.status().message()),
                                    ex->contract.records.at(k).loc});
    }
    return;
  }
  lo.oracle.cfgs = *std::move(cfgs);
  confirm::FillLayoutsFromRustc(sources, o, lo, ex);
}

// The front end's view of a crate read by crate_input: the requested
// crate's expanded text, then each dependency's under the name its paths use.
std::vector<rust_frontend::RustSource> RustSourcesOf(const crate_input::CrateInput& ci) {
  std::vector<rust_frontend::RustSource> out;
  for (const crate_input::ExpandedCrate& c : ci.crates) {
    rust_frontend::RustSource s;
    s.name = c.expanded_name;
    s.text = c.expanded;
    if (!c.requested) s.crate_name = c.extern_name;
    out.push_back(std::move(s));
  }
  return out;
}

absl::StatusOr<contract::Contract> ExtractRustCrate(const RustInputs& in, const rust_frontend::RustFrontendOptions& o,
                                                    std::vector<PhaseTiming>* timings,
                                                    std::optional<CrateSide>* crate_side) {
  crate_input::CrateRequest req = *in.crate;
  if (req.target_triple.empty()) req.target_triple = in.target_triple;
  crate_input::CrateInputOptions copt = in.crate_options;
  std::shared_ptr<target::ScratchDir> kept_target;
  const char* env_target = std::getenv("CARGO_TARGET_DIR");
  // Kept past ReadCrate for --confirm, and for rustc's layouts: the crate's
  // build-script output (OUT_DIR) is there.
  if ((in.keep_crate_side || in.fill_layouts_from_rustc) && copt.target_dir.empty() &&
      (env_target == nullptr || *env_target == '\0')) {
    BF_ASSIGN_OR_RETURN(target::ScratchDir d, target::ScratchDir::Open("", "bindfuzz-crate-target-", false));
    kept_target = std::make_shared<target::ScratchDir>(std::move(d));
    copt.target_dir = kept_target->path();
  }
  std::optional<crate_input::CrateInput> ci;
  {
    Timer t("read-crate", timings);
    BF_ASSIGN_OR_RETURN(ci, crate_input::ReadCrate(req, copt));
    if (!in.save_expanded_dir.empty()) BF_RETURN_IF_ERROR(crate_input::SaveExpanded(in.save_expanded_dir, &*ci));
  }
  // The requested crate, and each dependency under the name its paths use
  // (`libc::size_t`): a dependency's types become entries only as the
  // crate's items use them.
  std::vector<rust_frontend::RustSource> sources = RustSourcesOf(*ci);
  std::optional<rust_frontend::RustExtraction> ex;
  {
    Timer t("extract-rust", timings);
    BF_ASSIGN_OR_RETURN(ex, rust_frontend::ExtractRustSources(sources, o));
  }
  const crate_input::ExpandedCrate& top = ci->crates.front();
  if (in.fill_layouts_from_rustc && !confirm::RecordsWithoutLayout(*ex).empty()) {
    // Asked inside the crate as cargo compiles it: its expanded text rarely
    // compiles back on its own. Locations are still in the expanded text.
    Timer t("rustc-fill", timings);
    confirm::CargoCrateBuild b{top.rustc.argv, top.rustc.env,
                               std::filesystem::path(top.manifest_path).parent_path().string(), top.src_root};
    confirm::FillLayoutsInCrate({top.expanded_name, top.expanded}, b, ci->rust_triple, &*ex);
  }
  contract::Contract c = std::move(ex->contract);
  if (crate_side != nullptr && in.keep_crate_side) crate_side->emplace(CrateSide{top, c, kept_target});
  crate_input::RemapLocations(top, &c);
  c.provenance.flags.push_back(absl::StrCat("crate=", top.package, "@", top.version));
  c.provenance.flags.push_back(absl::StrCat("--edition=", top.edition));
  for (const std::string& cfg : top.cfgs) c.provenance.flags.push_back(absl::StrCat("--cfg=", cfg));
  if (!top.origin_problem.empty()) {
    c.notes.push_back({contract::Note::Level::kInfo, "",
                       absl::StrCat("locations stay in the expanded text: ", top.origin_problem),
                       contract::SourceLoc{top.expanded_name, 0, 0}});
  }
  for (size_t i = 1; i < ci->crates.size(); ++i) {
    const crate_input::ExpandedCrate& d = ci->crates[i];
    c.provenance.flags.push_back(absl::StrCat("dependency=", d.extern_name, ":", d.package, "@", d.version));
  }
  return c;
}

}  // namespace

absl::StatusOr<contract::Contract> RunExtractRust(const RustInputs& in,
                                                  std::vector<PhaseTiming>* timings,
                                                  std::optional<CrateSide>* crate_side) {
  rust_frontend::RustFrontendOptions o;
  if (!in.target_triple.empty()) o.target_triple = in.target_triple;
  o.c_char_signed = in.c_char_signed;
  if (in.crate) {
    if (!in.files.empty()) return absl::InvalidArgumentError("give the Rust side one way: --rust FILE... or --crate");
    return ExtractRustCrate(in, o, timings, crate_side);
  }
  if (in.files.empty()) return absl::InvalidArgumentError("no Rust file given (--rust FILE or --crate CRATE)");
  o.cfgs = in.cfgs;
  o.features = in.features;
  o.read_mod_files = true;  // files on disk: `mod x;` reads x.rs as rustc does
  std::vector<rust_frontend::RustSource> sources;
  std::optional<rust_frontend::RustExtraction> ex;
  {
    Timer t("extract-rust", timings);
    BF_ASSIGN_OR_RETURN(sources, rust_frontend::ReadRustSources(in.files, o));
    BF_ASSIGN_OR_RETURN(ex, rust_frontend::ExtractRustSources(sources, o));
  }
  FillFromRustc(in, sources, o, timings, &*ex);
  return std::move(ex->contract);
}

absl::StatusOr<std::vector<std::string>> RustcCfgArgs(const RustInputs& in) {
  std::vector<std::string> out = in.cfgs;
  for (const std::string& list : in.features) {
    for (absl::string_view f : absl::StrSplit(list, absl::ByAnyChar(", "), absl::SkipEmpty())) {
      // The front end's cfg parser has accepted the names; a quote would
      // end the value early.
      if (absl::StrContains(f, '"') || absl::StrContains(f, '\\')) {
        return absl::InvalidArgumentError(absl::StrCat("--features: not a feature name: ", f));
      }
      out.push_back(absl::StrCat("feature=\"", f, "\""));
    }
  }
  return out;
}

absl::StatusOr<contract::Contract> RunExtractBtf(const std::string& path,
                                                 std::vector<PhaseTiming>* timings) {
  Timer t("extract-btf", timings);
  return ExtractBtf(path, BtfFrontendOptions{});
}

absl::StatusOr<CheckResult> RunCheck(const CheckOptions& options) {
  CheckResult r;
  if (!options.c && options.btf.empty()) {
    return absl::InvalidArgumentError(
        "no C truth given: pass --c-header (with flags), --kernel-tree or --btf");
  }
  // Fail before the Rust side's work when the C side cannot be parsed.
  if (options.c && !HaveCFrontend()) {
    return CFrontendUnavailable(options.c->headers.empty() ? std::string()
                                                           : options.c->headers.front());
  }
  // The C and Rust front ends are independent: run them concurrently.
  std::vector<PhaseTiming> c_timings, rust_timings;
  RustInputs rust_in = options.rust;
  std::future<absl::StatusOr<contract::Contract>> rust_future =
      std::async(std::launch::async, [&rust_in, &rust_timings, &r] {
        return RunExtractRust(rust_in, &rust_timings, &r.crate_side);
      });
  absl::StatusOr<contract::Contract> truth;
  std::optional<absl::StatusOr<contract::Contract>> btf;
  if (options.c) {
    truth = RunExtractC(*options.c, &c_timings);
    if (!options.btf.empty()) btf = RunExtractBtf(options.btf, &c_timings);
  } else {
    truth = RunExtractBtf(options.btf, &c_timings);
  }
  absl::StatusOr<contract::Contract> rust = rust_future.get();
  r.timings = std::move(c_timings);
  r.timings.insert(r.timings.end(), rust_timings.begin(), rust_timings.end());
  if (!truth.ok()) return truth.status();
  if (!rust.ok()) return rust.status();
  if (btf && !btf->ok()) return btf->status();
  r.truth = *std::move(truth);
  r.rust = *std::move(rust);
  std::optional<contract::Contract> assumed_c;
  if (!options.assumed_c.empty()) {
    BF_ASSIGN_OR_RETURN(assumed_c, ReadContractFile(options.assumed_c));
  }
  {
    Timer t("diff", &r.timings);
    r.report = diff::Compare(r.truth, r.rust, options.diff, assumed_c ? &*assumed_c : nullptr);
    if (btf) {
      r.btf = **std::move(btf);
      r.btf_report = diff::Compare(*r.btf, r.rust, options.diff);
    }
  }
  return r;
}

absl::StatusOr<contract::Contract> ReadContractFile(const std::string& path) {
  BF_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return contract::FromJson(text, path);
}

std::string FormatTimings(const std::vector<PhaseTiming>& timings) {
  std::string out = absl::StrFormat("%-14s %10s %14s\n", "phase", "seconds", "peak RSS MiB");
  for (const PhaseTiming& t : timings) {
    absl::StrAppend(&out, absl::StrFormat("%-14s %10.3f %14.1f\n", t.phase, t.seconds,
                                          static_cast<double>(t.peak_rss_kib) / 1024.0));
  }
  return out;
}

}  // namespace bindfuzz::driver
