// `check --confirm` itself: plans every error finding (planner.h), runs
// gcc and rustc on all facts at once, judges each finding from the two
// answers and rewrites the report (ApplyConfirmations).
#include "harness/confirm/confirm.h"

#include <chrono>
#include <cstdlib>
#include <future>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/common/status.h"
#include "harness/confirm/planner.h"
#include "harness/diff/attribution.h"
#include "harness/target/target.h"

namespace bindfuzz::confirm {
namespace {

using contract::Contract;
using diff::Confirmation;
using diff::ConfirmStatus;
using diff::Finding;
using internal::NoValue;
using internal::Obs;
using internal::Plan;
using internal::Planner;

Confirmation Judge(const Plan& p, const CProbeRun* c, const RustProbeRun* r) {
  Confirmation out;
  out.c_compiler = c ? c->compiler : "";
  out.rust_compiler = r ? r->compiler : "";
  if (!p.reason.empty()) {
    out.reason = p.reason;
    return out;
  }
  Obs co = c ? p.c(*c) : NoValue("the C probe did not run");
  Obs ro = r ? p.r(*r) : NoValue("the Rust probe did not run");
  out.c_value = co.value;
  out.rust_value = ro.value;
  if (!co.ok || !ro.ok) {
    std::vector<std::string> why;
    if (!co.ok) why.push_back(absl::StrCat("C (", out.c_compiler, "): ", co.why));
    if (!ro.ok) why.push_back(absl::StrCat("Rust (", out.rust_compiler, "): ", ro.why));
    out.reason = absl::StrJoin(why, "; ");
    return out;
  }
  if (co.value == ro.value) {
    out.status = ConfirmStatus::kRefuted;
    out.reason = "the compilers agree";
    return out;
  }
  if (!p.claim_c.empty() && co.value != p.claim_c) {
    out.status = ConfirmStatus::kRefuted;
    out.reason = absl::StrCat("the C front end said ", p.claim_c);
    return out;
  }
  if (!p.claim_r.empty() && ro.value != p.claim_r) {
    out.status = ConfirmStatus::kRefuted;
    out.reason = absl::StrCat("the Rust front end said ", p.claim_r);
    return out;
  }
  out.status = ConfirmStatus::kConfirmed;
  return out;
}

}  // namespace

void ApplyConfirmations(diff::DiffReport* report) {
  report->confirmed_run = true;
  std::vector<Finding> kept;
  for (Finding& f : report->findings) {
    if (!f.confirmation || f.confirmation->status != ConfirmStatus::kRefuted) {
      kept.push_back(std::move(f));
      continue;
    }
    size_t k = static_cast<size_t>(f.kind);
    if (report->counts[k] > 0) --report->counts[k];
    for (diff::CoverageEntry& e : report->coverage) {
      if (e.item_kind != f.item_kind || e.item != f.item) continue;
      if (e.findings > 0) --e.findings;
      if (e.findings == 0 && e.outcome == diff::Outcome::kFindings) e.outcome = diff::Outcome::kClean;
    }
    report->refuted.push_back(std::move(f));
  }
  report->findings = std::move(kept);
  // Root causes and chains counted again without the refuted findings.
  diff::PruneAttribution(*report);
  // Layout tables only for records that still have layout findings.
  std::set<std::string> with_layout;
  for (const Finding& f : report->findings)
    if (diff::IsLayoutFinding(f.kind)) with_layout.insert(f.item);
  for (auto it = report->layouts.begin(); it != report->layouts.end();) {
    it = with_layout.count(it->first) ? std::next(it) : report->layouts.erase(it);
  }
}

absl::StatusOr<ConfirmStats> ConfirmReport(const Contract& truth, const Contract& rust, const ConfirmInputs& in,
                                           const ConfirmOptions& options, diff::DiffReport* report) {
  auto t0 = std::chrono::steady_clock::now();
  ConfirmStats st;
  if (truth.side != contract::Side::kC) {
    return absl::InvalidArgumentError("--confirm needs C headers as the truth (it compiles them with gcc)");
  }
  // One target for both sides: --target, else the C flags' --target, else the host.
  std::string c_triple, rust_triple;
  std::string want = in.target;
  if (want.empty()) want = target::ClangTargetFromFlags(in.c_flags).value_or("");
  if (!want.empty()) {
    BF_ASSIGN_OR_RETURN(const target::TargetInfo* t, target::LookupTarget(want));
    c_triple = std::string(t->clang_triple);
    rust_triple = std::string(t->rust_triple);
  }
  bool big = false;
  if (!rust_triple.empty()) big = (*target::LookupTarget(rust_triple))->endian == target::Endian::kBig;

  rust_frontend::RustFrontendOptions ro;
  std::optional<RustProbeCrate> built;
  if (in.crate) {
    BF_ASSIGN_OR_RETURN(built, RustProbeCrate::BuildInCrate(in.crate->expanded));
  } else {
    BF_ASSIGN_OR_RETURN(std::vector<rust_frontend::RustSource> sources, rust_frontend::ReadRustSources(in.rust_files, ro));
    BF_ASSIGN_OR_RETURN(built, RustProbeCrate::Build(sources));
  }
  const RustProbeCrate& crate = *built;

  Planner planner(truth, rust, crate, big);
  std::vector<std::pair<size_t, Plan>> plans;
  for (size_t i = 0; i < report->findings.size(); ++i) {
    if (report->findings[i].severity != diff::Severity::kError) continue;
    plans.emplace_back(i, planner.For(report->findings[i]));
  }
  st.c_facts = planner.cfacts.size();
  st.rust_facts = planner.rfacts.size();

  CProbeInputs cin{in.c_headers, in.c_flags, in.c_workdir, c_triple};
  CProbeOptions cops = options.c;
  RustProbeOptions rops = options.rust;
  // Debugging aid: keep the generated probes (their directories are in the
  // confirmation reasons of failed facts and printed by --timings).
  if (const char* keep = std::getenv("BINDFUZZ_CONFIRM_KEEP"); keep && std::string(keep) == "1") {
    cops.keep_work_dir = true;
    rops.keep_work_dir = true;
  }
  if (rops.rust_triple.empty()) rops.rust_triple = rust_triple;
  if (in.crate) rops.cargo_crate = in.crate->build;
  if (rops.cfgs.empty()) rops.cfgs = in.rust_cfgs;
  if (!rops.c_char_signed) rops.c_char_signed = in.c_char_signed;
  // The two compilers are independent: run them side by side.
  std::optional<absl::StatusOr<CProbeRun>> crun;
  std::optional<absl::StatusOr<RustProbeRun>> rrun;
  {
    std::future<absl::StatusOr<RustProbeRun>> rf;
    if (!planner.rfacts.empty()) {
      rf = std::async(std::launch::async, [&] { return RunRustProbe(crate, planner.rfacts, rops); });
    }
    if (!planner.cfacts.empty()) crun = RunCProbe(cin, planner.cfacts, cops);
    if (rf.valid()) rrun = rf.get();
  }
  if (crun && !crun->ok()) {
    if (crun->status().code() == absl::StatusCode::kInvalidArgument) return crun->status();
  }
  if (rrun && !rrun->ok() && rrun->status().code() == absl::StatusCode::kInvalidArgument) return rrun->status();
  const CProbeRun* cp = crun && crun->ok() ? &**crun : nullptr;
  const RustProbeRun* rp = rrun && rrun->ok() ? &**rrun : nullptr;
  if (cp) {
    st.c_compiler = cp->compiler;
    st.c_compiles = cp->compiles;
    st.c_seconds = cp->seconds;
    st.c_work_dir = cp->work_dir;
  }
  if (rp) {
    st.rust_compiler = rp->compiler;
    st.rust_compiles = rp->compiles;
    st.rust_seconds = rp->seconds;
    st.rust_work_dir = rp->work_dir;
  }
  for (auto& [i, plan] : plans) {
    Confirmation c = Judge(plan, cp, rp);
    if (!cp && crun && !crun->ok()) c.reason += absl::StrCat(" (", crun->status().message(), ")");
    if (!rp && rrun && !rrun->ok()) c.reason += absl::StrCat(" (", rrun->status().message(), ")");
    switch (c.status) {
      case ConfirmStatus::kConfirmed: ++st.confirmed; break;
      case ConfirmStatus::kRefuted: ++st.refuted; break;
      case ConfirmStatus::kUnconfirmable: ++st.unconfirmable; break;
    }
    report->findings[i].confirmation = std::move(c);
  }
  ApplyConfirmations(report);
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

}  // namespace bindfuzz::confirm
