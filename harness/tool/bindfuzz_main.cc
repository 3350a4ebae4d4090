// bindfuzz: the command-line tool. Thin: parses options (cli_options.def),
// calls the driver, writes results. Exit 0 clean, 1 findings, 2 tool error.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <set>
#include <cstdint>
#include <filesystem>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "harness/cflags/flag_filters.h"
#include "harness/cflags/flag_readers.h"
#include "harness/codegen/layout_codegen.h"
#include "harness/codegen/lifetime_codegen.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/common/version.h"
#include "harness/confirm/confirm.h"
#include "harness/confirm/layout_oracle.h"
#include "harness/contract/contract_json.h"
#include "harness/contract/ownership_json.h"
#include "harness/diff/diff.h"
#include "harness/diff/mismatch_kinds.h"
#include "harness/diff/report.h"
#include "harness/diff/report_html.h"
#include "harness/driver/c_extract.h"
#include "harness/driver/kbuild.h"
#include "harness/driver/pipeline.h"
#include "harness/driver/target_select.h"
#include "harness/rust_frontend/rustc_oracle.h"
#include "harness/spec/infer.h"
#include "harness/spec/prototype_check.h"
#include "harness/spec/spec_parser.h"
#include "harness/wrapper/crate_api.h"
#include "harness/wrapper/wrapper_codegen.h"
#include "harness/tool/cli.h"
#include "harness/tool/explain_command.h"
#include "harness/tool/runtime_paths.h"
#include "harness/tool/version.h"
#include "harness/tool/triage_cli.h"

namespace bindfuzz {
constexpr int kExitError = 2;

namespace {

using cli::Opt;
using cli::ParsedArgs;

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;

// The kernel build tree of --kernel-tree, discovered once per command.
using Tree = std::optional<driver::KernelTree>;

absl::StatusOr<driver::CInputs> CInputsFrom(const ParsedArgs& a, const Tree& tree) {
  driver::CInputs in;
  // Paths on the command line are relative to the current directory, even
  // where the flags' relative paths are relative to another one (--workdir,
  // a compile_commands.json entry's directory, a Kbuild objtree).
  for (const std::string& h : a.Values(Opt::kCHeader)) {
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(h, ec);
    in.headers.push_back(ec ? h : abs.lexically_normal().string());
  }
  in.workdir = a.Value(Opt::kWorkdir);
  in.include_prefixes = a.Values(Opt::kIncludePrefix);
  in.evaluate_macros = !a.Has(Opt::kNoMacros);
  int sources = a.Has(Opt::kCFlagsFile) + a.Has(Opt::kCompileCommands) + a.Has(Opt::kKbuildCmd) +
                a.Has(Opt::kKernelTree);
  if (sources > 1) {
    return absl::InvalidArgumentError(
        "give the C flags one way: --c-flags-file, --compile-commands, --kbuild-cmd or --kernel-tree");
  }
  if (a.Has(Opt::kCFlagsFile)) {
    BF_ASSIGN_OR_RETURN(in.flags, cflags::ReadFlagsFile(a.Value(Opt::kCFlagsFile)));
  } else if (a.Has(Opt::kCompileCommands)) {
    if (in.headers.empty()) {
      return absl::InvalidArgumentError("--compile-commands needs --c-header to pick the entry");
    }
    std::string dir;
    BF_ASSIGN_OR_RETURN(in.flags, cflags::FlagsFromCompileCommands(a.Value(Opt::kCompileCommands),
                                                                   in.headers.front(), &dir));
    if (in.workdir.empty()) in.workdir = dir;
  } else if (a.Has(Opt::kKbuildCmd)) {
    std::string objtree;
    BF_ASSIGN_OR_RETURN(driver::BindgenCommand bc,
                        driver::ReadBindgenCmdFile(a.Value(Opt::kKbuildCmd), &objtree));
    in.flags = bc.clang_args;
    // Kbuild runs from the objtree: relative -I paths and the header are relative to it.
    if (in.workdir.empty()) in.workdir = objtree;
    if (in.headers.empty()) in.headers.push_back(bc.header);
  } else if (a.Has(Opt::kKernelTree)) {
    const driver::KernelTree& t = *tree;
    in.flags = t.clang_flags;
    if (in.workdir.empty()) in.workdir = t.flags_workdir;
    if (in.headers.empty()) {
      in.headers.push_back(t.bindings_header);
      if (!t.helpers_source.empty()) in.headers.push_back(t.helpers_source);
    }
  }
  for (const std::string& f : a.Values(Opt::kCFlag)) in.flags.push_back(f);
  return in;
}

absl::StatusOr<driver::RustInputs> RustInputsFrom(const ParsedArgs& a, const Tree& tree) {
  driver::RustInputs in;
  in.files = a.Values(Opt::kRust);
  if (in.files.empty() && tree) {
    in.files = tree->rust_files;
    if (!a.Has(Opt::kCChar)) in.c_char_signed = false;  // the kernel builds with -funsigned-char
  }
  in.target_triple = a.Value(Opt::kTarget);
  if (a.Has(Opt::kCrate)) {
    if (a.Has(Opt::kRust)) return absl::InvalidArgumentError("give the Rust side one way: --rust FILE... or --crate");
    crate_input::CrateRequest req;
    req.crate = a.Value(Opt::kCrate);
    req.features = a.Values(Opt::kFeatures);
    req.no_default_features = a.Has(Opt::kNoDefaultFeatures);
    req.cfgs = a.Values(Opt::kCfg);
    in.crate = std::move(req);
    in.files.clear();
    in.save_expanded_dir = a.Value(Opt::kSaveExpanded);
  } else if (a.Has(Opt::kNoDefaultFeatures) || a.Has(Opt::kSaveExpanded)) {
    return absl::InvalidArgumentError("--no-default-features and --save-expanded need --crate");
  } else {
    // Files: the front end evaluates #[cfg] with the target's cfgs and these.
    in.cfgs = a.Values(Opt::kCfg);
    in.features = a.Values(Opt::kFeatures);
  }
  if (a.Has(Opt::kCChar)) {
    std::string v = a.Value(Opt::kCChar);
    if (v != "signed" && v != "unsigned") {
      return absl::InvalidArgumentError("--c-char must be 'signed' or 'unsigned'");
    }
    in.c_char_signed = v == "signed";
  }
  return in;
}

absl::StatusOr<diff::DiffOptions> DiffOptionsFrom(const ParsedArgs& a) {
  diff::DiffOptions o;
  if (a.Has(Opt::kKinds)) {
    BF_ASSIGN_OR_RETURN(o.kinds, diff::ParseKindFilter(a.Value(Opt::kKinds)));
  }
  if (a.Has(Opt::kMinSeverity)) {
    std::optional<diff::Severity> s = diff::ParseSeverity(a.Value(Opt::kMinSeverity));
    if (!s) return absl::InvalidArgumentError("--min-severity must be note, warning or error");
    o.min_severity = *s;
  }
  o.drift = a.Has(Opt::kDrift);
  o.config_groups = a.Has(Opt::kGroup);
  return o;
}

// One line per front-end note (`  file:line:col: [warning] item: message`),
// at most `max` of them.
void PrintNotes(std::ostream& out, const std::vector<contract::Note>& notes, const char* side, size_t max) {
  size_t shown = 0;
  for (const contract::Note& n : notes) {
    if (shown++ == max) {
      out << "  ... " << (notes.size() - max) << " more " << side << " front-end note(s)\n";
      break;
    }
    out << "  " << (n.loc.known() ? n.loc.ToString() + ": " : "")
        << (n.level == contract::Note::Level::kWarning ? "[warning] " : "") << (n.item.empty() ? "" : n.item + ": ")
        << n.message << "\n";
  }
}

absl::StatusOr<diff::ReportFormat> FormatFrom(const ParsedArgs& a) {
  auto f = diff::ParseReportFormat(a.Value(Opt::kFormat, "text"));
  if (!f.ok()) return Annotate(f.status(), "--format");
  return *f;
}

diff::TextOptions TextOptionsFrom(const ParsedArgs& a) {
  diff::TextOptions to;
  if (a.Has(Opt::kVerbose)) to.max_unmatched = SIZE_MAX;
  // With a baseline, CI wants what is new: the unchanged findings on request.
  to.unchanged = a.Has(Opt::kShowUnchanged);
  to.group = a.Has(Opt::kGroup);
  return to;
}

std::string KindsHelp() {
  std::string out;
  for (const auto& k : diff::AllMismatchKinds()) {
    std::string name(k.name);
    std::string sev(diff::SeverityName(k.severity));
    name.resize(std::max<size_t>(name.size(), 26), ' ');
    sev.resize(8, ' ');
    absl::StrAppend(&out, name, " ", sev, " ", std::string(k.help), "\n");
  }
  return out;
}

absl::Status WriteContract(const ParsedArgs& a, const contract::Contract& c) {
  return WriteFile(a.Value(Opt::kOutput, "-"), contract::ToJson(c));
}

// One target for both sides (driver/target_select.h); says which C headers
// a named target is parsed with.
absl::Status SelectTarget(const ParsedArgs& a, driver::CInputs* c, driver::RustInputs* rust) {
  BF_ASSIGN_OR_RETURN(driver::TargetChoice t, driver::SelectTarget(a.Value(Opt::kTarget), c, rust));
  using K = target::CHeaders::Kind;
  if (t.c_headers.kind == K::kSysroot || t.c_headers.kind == K::kFreestanding || t.c_headers.kind == K::kMissing)
    std::cerr << "bindfuzz: target " << t.target->rust_triple << " (clang " << t.target->clang_triple << "); "
              << t.c_headers.description << "\n";
  return absl::OkStatus();
}

void PrintTimings(const ParsedArgs& a, const std::vector<driver::PhaseTiming>& t) {
  if (a.Has(Opt::kTimings)) std::cerr << driver::FormatTimings(t);
}

absl::StatusOr<int> RunCheck(const ParsedArgs& a, const Tree& tree) {
  driver::CheckOptions o;
  if (a.Has(Opt::kCHeader) || a.Has(Opt::kKernelTree) || a.Has(Opt::kKbuildCmd)) {
    BF_ASSIGN_OR_RETURN(driver::CInputs c, CInputsFrom(a, tree));
    o.c = std::move(c);
  }
  o.btf = a.Value(Opt::kBtf);
  BF_ASSIGN_OR_RETURN(o.rust, RustInputsFrom(a, tree));
  BF_RETURN_IF_ERROR(SelectTarget(a, o.c ? &*o.c : nullptr, &o.rust));
  BF_ASSIGN_OR_RETURN(o.diff, DiffOptionsFrom(a));
  o.assumed_c = a.Value(Opt::kAssumedC);
  // Validate the format, baseline and waivers before the expensive work.
  BF_ASSIGN_OR_RETURN(diff::ReportFormat format, FormatFrom(a));
  BF_ASSIGN_OR_RETURN(cli::TriageInputs triage, cli::ReadTriageInputs(a));
  if (a.Has(Opt::kConfirm) && !o.c) {
    return absl::InvalidArgumentError("--confirm needs C headers (--c-header, --kbuild-cmd or --kernel-tree): gcc compiles them");
  }
  o.rust.keep_crate_side = a.Has(Opt::kConfirm);
  BF_ASSIGN_OR_RETURN(driver::CheckResult r, driver::RunCheck(o));
  if (a.Has(Opt::kConfirm)) {
    confirm::ConfirmInputs ci{o.c->headers, o.c->flags, o.c->workdir, o.rust.files, o.rust.c_char_signed,
                              o.rust.target_triple};
    BF_ASSIGN_OR_RETURN(ci.rust_cfgs, driver::RustcCfgArgs(o.rust));
    const contract::Contract* rust = &r.rust;
    if (r.crate_side) {
      // A crate: probes compiled inside it, items named by the expanded text.
      const crate_input::ExpandedCrate& top = r.crate_side->top;
      ci.crate = confirm::ConfirmInputs::Crate{
          {top.expanded_name, top.expanded},
          {top.rustc.argv, top.rustc.env, std::filesystem::path(top.manifest_path).parent_path().string(), top.src_root}};
      rust = &r.crate_side->expanded_contract;
    }
    BF_ASSIGN_OR_RETURN(confirm::ConfirmStats cs, confirm::ConfirmReport(r.truth, *rust, ci, {}, &r.report));
    r.timings.push_back({"confirm", cs.seconds, driver::PeakRssKib()});
    if (a.Has(Opt::kTimings)) {
      std::cerr << "confirm: " << cs.c_facts << " C facts (" << cs.c_compiler << ", " << cs.c_compiles << " compiles, "
                << cs.c_seconds << " s), " << cs.rust_facts << " Rust facts (" << cs.rust_compiler << ", "
                << cs.rust_compiles << " compiles, " << cs.rust_seconds << " s)\n";
      if (!cs.c_work_dir.empty()) std::cerr << "confirm: probes kept in " << cs.c_work_dir << " and " << cs.rust_work_dir << "\n";
    }
  }
  // After --confirm: refuted findings are gone, so they are neither new nor waived.
  BF_RETURN_IF_ERROR(cli::ApplyTriage(triage, r.report, std::cerr));
  if (a.Has(Opt::kSaveContracts)) {
    const std::string dir = a.Value(Opt::kSaveContracts);
    BF_RETURN_IF_ERROR(MakeDirs(dir));
    const char* truth_name = r.truth.side == contract::Side::kBtf ? "/btf.json" : "/c.json";
    BF_RETURN_IF_ERROR(WriteFile(dir + truth_name, contract::ToJson(r.truth)));
    BF_RETURN_IF_ERROR(WriteFile(dir + "/rust.json", contract::ToJson(r.rust)));
    if (r.btf) BF_RETURN_IF_ERROR(WriteFile(dir + "/btf.json", contract::ToJson(*r.btf)));
  }
  if (a.Has(Opt::kReportDir)) {
    const std::string dir = a.Value(Opt::kReportDir);
    BF_RETURN_IF_ERROR(MakeDirs(dir));
    diff::TextOptions all;
    all.max_unmatched = SIZE_MAX;
    BF_RETURN_IF_ERROR(WriteFile(dir + "/report.txt", diff::ReportToText(r.report, all)));
    BF_RETURN_IF_ERROR(WriteFile(dir + "/report.json", diff::ReportToJson(r.report)));
    BF_RETURN_IF_ERROR(WriteFile(dir + "/report.sarif", diff::ReportToSarif(r.report)));
    BF_RETURN_IF_ERROR(WriteFile(dir + "/report.html", diff::ReportToHtml(r.report)));
  }
  BF_RETURN_IF_ERROR(WriteFile(a.Value(Opt::kOutput, "-"),
                               diff::RenderReport(r.report, format, TextOptionsFrom(a))));
  if (r.btf_report) {
    std::cerr << "BTF as a second truth: " << r.btf_report->findings.size() << " finding(s)\n";
  }
  PrintTimings(a, r.timings);
  if (r.report.coverage.empty()) {
    // Never a silent "0 findings": nothing was read on the Rust side, so
    // nothing was compared. Say why, from the front end's notes.
    std::cerr << "bindfuzz check: nothing to compare: no Rust item was read from "
              << (r.rust.provenance.inputs.empty() ? std::string("the inputs")
                                                   : absl::StrJoin(r.rust.provenance.inputs, ", "))
              << "\n";
    PrintNotes(std::cerr, r.rust.notes, "Rust", 20);
    return 2;
  }
  if (a.Has(Opt::kVerbose)) {
    // What each front end did not model, and why, with file:line: the
    // counts of the summary's "front-end notes" line, listed.
    std::cerr << "front-end notes, " << (r.truth.side == contract::Side::kBtf ? "BTF" : "C") << ":\n";
    PrintNotes(std::cerr, r.truth.notes, "C", SIZE_MAX);
    std::cerr << "front-end notes, Rust:\n";
    PrintNotes(std::cerr, r.rust.notes, "Rust", SIZE_MAX);
  }
  return std::max(cli::TriageExitCode(triage, r.report), r.btf_report ? diff::ExitCode(*r.btf_report) : 0);
}

absl::StatusOr<int> RunDiff(const ParsedArgs& a) {
  if (a.positional.size() != 2) {
    return absl::InvalidArgumentError("diff takes two contract files: TRUTH.json ASSUMED.json");
  }
  BF_ASSIGN_OR_RETURN(diff::DiffOptions opts, DiffOptionsFrom(a));
  BF_ASSIGN_OR_RETURN(diff::ReportFormat format, FormatFrom(a));
  BF_ASSIGN_OR_RETURN(cli::TriageInputs triage, cli::ReadTriageInputs(a));
  contract::Contract sides[2];
  for (int i = 0; i < 2; ++i) {
    BF_ASSIGN_OR_RETURN(std::string text, ReadFile(a.positional[i]));
    BF_ASSIGN_OR_RETURN(sides[i], contract::FromJson(text, a.positional[i]));
  }
  std::optional<contract::Contract> assumed_c;
  if (a.Has(Opt::kAssumedC)) {
    BF_ASSIGN_OR_RETURN(assumed_c, driver::ReadContractFile(a.Value(Opt::kAssumedC)));
  }
  diff::DiffReport report = diff::Compare(sides[0], sides[1], opts, assumed_c ? &*assumed_c : nullptr);
  BF_RETURN_IF_ERROR(cli::ApplyTriage(triage, report, std::cerr));
  BF_RETURN_IF_ERROR(WriteFile(a.Value(Opt::kOutput, "-"),
                               diff::RenderReport(report, format, TextOptionsFrom(a))));
  return cli::TriageExitCode(triage, report);
}

absl::StatusOr<int> RunOracle(const ParsedArgs& a, const Tree& tree) {
  BF_ASSIGN_OR_RETURN(driver::RustInputs in, RustInputsFrom(a, tree));
  if (in.files.empty()) return absl::InvalidArgumentError("oracle needs --rust FILE...");
  BF_RETURN_IF_ERROR(SelectTarget(a, nullptr, &in));
  rust_frontend::RustFrontendOptions ro;
  if (!in.target_triple.empty()) ro.target_triple = in.target_triple;
  ro.c_char_signed = in.c_char_signed;
  BF_ASSIGN_OR_RETURN(std::vector<rust_frontend::RustSource> sources,
                      rust_frontend::ReadRustSources(in.files, ro));
  BF_ASSIGN_OR_RETURN(rust_frontend::RustExtraction parsed,
                      rust_frontend::ExtractRustSources(sources, ro));
  // The host target: the probe runs with the real std; any other target of
  // the table: rustc's layouts from the minicore probe's LLVM IR.
  BF_ASSIGN_OR_RETURN(rust_frontend::OracleReport rep, confirm::RunLayoutOracle(sources, parsed, ro, {}));
  std::string out = absl::StrCat("rustc oracle (", rep.rustc_version, ", ", rep.method, "): ", rep.types_checked,
                                 " types and ", rep.fields_checked, " field offsets checked, ",
                                 rep.skipped, " skipped, ", rep.disagreements.size(),
                                 " disagreement(s) in ", rep.seconds, " s\n");
  for (const auto& d : rep.disagreements) absl::StrAppend(&out, "  ", d.ToString(), "\n");
  BF_RETURN_IF_ERROR(WriteFile(a.Value(Opt::kOutput, "-"), out));
  return rep.disagreements.empty() ? kExitClean : kExitFindings;
}

std::string AbsolutePath(const std::string& p) {
  char buf[PATH_MAX];
  return realpath(p.c_str(), buf) != nullptr ? std::string(buf) : p;
}

// What every sequence-engine target shares: the runtime found from this
// binary, and the engine limits given on the command line.
absl::Status SetEngineOptions(const ParsedArgs& a, codegen::LifetimeGenOptions* g) {
  BF_ASSIGN_OR_RETURN(tool::RuntimePaths rt, tool::LocateOwnRuntime());
  g->runtime_dir = rt.runtime_dir;
  g->replay_main = rt.replay_main;
  if (a.Has(Opt::kMaxOps) && !absl::SimpleAtoi(a.Value(Opt::kMaxOps), &g->max_ops))
    return absl::InvalidArgumentError("--max-ops takes a number");
  if (a.Has(Opt::kMaxHandles) && !absl::SimpleAtoi(a.Value(Opt::kMaxHandles), &g->max_handles))
    return absl::InvalidArgumentError("--max-handles takes a number");
  return absl::OkStatus();
}

// gen --spec: a lifetime (call-sequence) fuzzer from an ownership spec.
absl::StatusOr<int> RunLifetimeGen(const ParsedArgs& a, const Tree& tree) {
  for (Opt o : {Opt::kRust, Opt::kRecords, Opt::kFunctions, Opt::kReset}) {
    if (a.Has(o)) {
      for (const cli::OptionSpec& os : cli::AllOptions()) {
        if (os.id == o) return absl::InvalidArgumentError(absl::StrCat(os.name, " does not apply with --spec"));
      }
    }
  }
  const std::string path = a.Value(Opt::kSpec);
  BF_ASSIGN_OR_RETURN(std::string text, ReadFile(path, spec::kMaxSpecBytes));
  BF_ASSIGN_OR_RETURN(contract::OwnershipSpec s, spec::ParseOwnershipSpec(text, path));
  BF_ASSIGN_OR_RETURN(driver::CInputs c, CInputsFrom(a, tree));
  // With headers: each spec function against its C prototype first, so an
  // ABI mismatch is not fuzzed and reported as a lifetime bug.
  std::vector<std::string> proto_notes;
  if (!c.headers.empty() && driver::HaveCFrontend()) {
    BF_ASSIGN_OR_RETURN(contract::Contract cc, driver::ExtractCContract(c));
    spec::PrototypeReport pr = spec::CheckSpecPrototypes(s, cc);
    BF_RETURN_IF_ERROR(spec::PrototypeStatus(pr));
    if (!pr.undeclared.empty()) {
      proto_notes.push_back(absl::StrCat("not declared in the C headers (prototype not checked): ",
                                         absl::StrJoin(pr.undeclared, ", ")));
    }
  }
  codegen::LifetimeGenOptions g;
  g.name = a.Value(Opt::kName, "lifetime");
  BF_RETURN_IF_ERROR(SetEngineOptions(a, &g));
  // The generated files live elsewhere: headers and sources by absolute path.
  for (const std::string& h : c.headers) g.headers.push_back(AbsolutePath(h));
  for (const std::string& src : a.Values(Opt::kCSource)) g.c_sources.push_back(AbsolutePath(src));
  g.c_flags = cflags::LayoutRelevantCFlags(c.flags);
  BF_ASSIGN_OR_RETURN(codegen::GeneratedFiles files, codegen::GenerateLifetimeFuzzer(s, g));
  const std::string dir = a.Value(Opt::kOutDir);
  BF_RETURN_IF_ERROR(codegen::WriteGeneratedFiles(dir, files));
  std::cout << "bindfuzz gen: " << s.functions.size() << " function(s), " << s.resources.size()
            << " resource(s) of " << path << " -> " << dir << "/ ("
            << files.files.size() << " files; build with build.sh); " << files.notes.size() + proto_notes.size()
            << " note(s)\n";
  // The notes themselves, always: a count alone says nothing.
  for (const std::string& n : proto_notes) std::cout << "  " << n << "\n";
  for (const contract::Note& n : files.notes) {
    std::cout << "  " << (n.loc.known() ? n.loc.ToString() + ": " : "") << n.item << ": " << n.message << "\n";
  }
  return kExitClean;
}

// gen --rust-crate: wrapper mode, the crate's own safe API driven by the
// sequence engine (harness/wrapper).
absl::StatusOr<int> RunWrapperGen(const ParsedArgs& a, const Tree& tree) {
  for (Opt o : {Opt::kRust, Opt::kRecords, Opt::kFunctions, Opt::kSpec}) {
    if (a.Has(o)) {
      for (const cli::OptionSpec& os : cli::AllOptions()) {
        if (os.id == o) return absl::InvalidArgumentError(absl::StrCat(os.name, " does not apply with --rust-crate"));
      }
    }
  }
  const std::string crate = AbsolutePath(a.Value(Opt::kRustCrate));
  BF_ASSIGN_OR_RETURN(wrapper::CrateApi api, wrapper::ReadCrateApi(crate));
  BF_ASSIGN_OR_RETURN(driver::CInputs c, CInputsFrom(a, tree));
  wrapper::WrapperGenOptions g;
  g.name = a.Value(Opt::kName, "wrapper");
  BF_RETURN_IF_ERROR(SetEngineOptions(a, &g));
  for (const std::string& src : a.Values(Opt::kCSource)) g.c_sources.push_back(AbsolutePath(src));
  g.c_flags = cflags::LayoutRelevantCFlags(c.flags);
  g.crate_dir = crate;
  g.reset = a.Value(Opt::kReset, "");
  const std::string dir = a.Value(Opt::kOutDir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  g.out_dir = AbsolutePath(dir);
  BF_ASSIGN_OR_RETURN(wrapper::WrapperFiles files, wrapper::GenerateWrapperFuzzer(api, g));
  BF_RETURN_IF_ERROR(codegen::WriteGeneratedFiles(dir, files.files));
  std::cout << "bindfuzz gen: " << files.functions << " entry point(s) over " << files.types
            << " type(s) of " << crate << " (" << api.files << " Rust file(s)) -> " << dir
            << "/ (build with build.sh); " << files.files.notes.size() << " left out\n";
  for (const contract::Note& n : files.files.notes) {
    std::cout << "  " << (n.loc.known() ? n.loc.ToString() + ": " : std::string()) << n.item
              << (n.item.empty() ? "" : ": ") << n.message << "\n";
  }
  return kExitClean;
}

absl::StatusOr<int> RunGen(const ParsedArgs& a, const Tree& tree) {
  if (!a.Has(Opt::kOutDir)) return absl::InvalidArgumentError("gen needs --out-dir DIR");
  if (a.Has(Opt::kRustCrate)) return RunWrapperGen(a, tree);
  if (a.Has(Opt::kSpec)) return RunLifetimeGen(a, tree);
  if (a.Has(Opt::kMaxOps) || a.Has(Opt::kMaxHandles))
    return absl::InvalidArgumentError("--max-ops and --max-handles apply with --spec or --rust-crate only");
  if (a.Has(Opt::kReset)) return absl::InvalidArgumentError("--reset applies with --rust-crate only");
  driver::CheckOptions o;
  BF_ASSIGN_OR_RETURN(driver::CInputs c, CInputsFrom(a, tree));
  if (c.headers.empty()) return absl::InvalidArgumentError("gen needs --c-header (or --kernel-tree)");
  BF_ASSIGN_OR_RETURN(o.rust, RustInputsFrom(a, tree));
  BF_RETURN_IF_ERROR(SelectTarget(a, &c, &o.rust));
  o.c = c;
  BF_ASSIGN_OR_RETURN(driver::CheckResult r, driver::RunCheck(o));
  codegen::LayoutGenOptions g;
  g.name = a.Value(Opt::kName, "layout");
  BF_ASSIGN_OR_RETURN(tool::RuntimePaths rt, tool::LocateOwnRuntime());
  g.runtime_dir = rt.runtime_dir;
  g.replay_main = rt.replay_main;
  // The generated C side lives elsewhere: include the headers by absolute path.
  for (const std::string& h : c.headers) {
    char buf[PATH_MAX];
    g.headers.push_back(realpath(h.c_str(), buf) != nullptr ? std::string(buf) : h);
  }
  g.c_flags = cflags::LayoutRelevantCFlags(r.truth.provenance.flags);
  if (a.Value(Opt::kFunctions) == "all") {
    g.all_functions = true;
  } else if (a.Has(Opt::kFunctions)) {
    for (absl::string_view fn : absl::StrSplit(a.Value(Opt::kFunctions), ',', absl::SkipEmpty())) {
      g.functions.emplace_back(fn);
    }
  }
  if (a.Value(Opt::kRecords) == "all") {
    // Every record complete in both contracts (the generator's default).
  } else if (a.Value(Opt::kRecords) == "none") {
    g.no_records = true;
  } else if (a.Has(Opt::kRecords)) {
    for (absl::string_view rec : absl::StrSplit(a.Value(Opt::kRecords), ',', absl::SkipEmpty())) {
      g.records.emplace_back(rec);
    }
  } else {
    // Default: what `check` found. Records with layout findings, and (unless
    // --functions says otherwise) functions with signature findings, where
    // the generator can cover them.
    if (!a.Has(Opt::kFunctions)) {
      std::set<std::string> fns;
      for (const diff::Finding& f : r.report.findings) {
        const std::string k(diff::KindName(f.kind));
        if (k.rfind("function-param", 0) == 0 || k.rfind("function-return", 0) == 0 ||
            k == "function-signedness") {
          fns.insert(f.item);
        }
      }
      g.functions.assign(fns.begin(), fns.end());
      g.functions_best_effort = true;
    }
    std::set<std::string> with_layout_findings;
    for (const diff::Finding& f : r.report.findings) {
      const contract::Record* cr =
          r.truth.records.count(f.item) ? &r.truth.records.at(f.item) : nullptr;
      const contract::Record* rr = r.rust.records.count(f.item) ? &r.rust.records.at(f.item) : nullptr;
      if (diff::IsLayoutFinding(f.kind) && cr && rr && cr->complete && rr->complete &&
          !cr->anonymous && !rr->anonymous) {
        with_layout_findings.insert(f.item);
      }
    }
    g.records.assign(with_layout_findings.begin(), with_layout_findings.end());
    if (g.records.empty() && g.functions.empty() && !g.all_functions) {
      std::cout << "bindfuzz gen: no layout findings to witness; nothing generated "
                   "(pass --records to cover records anyway)\n";
      return kExitClean;
    }
  }
  BF_ASSIGN_OR_RETURN(codegen::GeneratedFiles files, codegen::GenerateLayoutFuzzer(r.truth, r.rust, g));
  const std::string dir = a.Value(Opt::kOutDir);
  BF_RETURN_IF_ERROR(codegen::WriteGeneratedFiles(dir, files));
  std::cout << "bindfuzz gen: " << files.records << " record(s), " << files.fields
            << " field(s), " << files.functions << " function(s) -> " << dir << "/ (" << files.files.size()
            << " files; build with build.sh); " << files.notes.size() << " item(s) left out\n";
  // Functions C implements as macros or builtins: named even without -v (a
  // user asked for them with --functions and gets fewer).
  std::vector<std::string> macros;
  for (const contract::Note& n : files.notes)
    if (absl::StartsWith(n.message, codegen::kNotAddressablePrefix)) macros.push_back(n.item);
  if (!macros.empty()) {
    std::cout << "bindfuzz gen: " << macros.size()
              << " function(s) left out because C implements them as macros or builtins "
                 "(no address to call or probe; -v says which): ";
    for (size_t i = 0; i < macros.size(); ++i) std::cout << (i ? ", " : "") << macros[i];
    std::cout << "\n";
  }
  // Each item left out, with why: a count alone leaves the user to read
  // the generated C.
  for (const contract::Note& n : files.notes) std::cout << "  left out: " << n.item << ": " << n.message << "\n";
  return kExitClean;
}

absl::StatusOr<int> RunInfer(const ParsedArgs& a) {
  if (a.positional.empty()) {
    return absl::InvalidArgumentError("infer needs Rust files or directories (e.g. bindfuzz infer rust/kernel)");
  }
  spec::InferOptions o;
  if (a.Has(Opt::kFfiModule)) o.ffi_modules = a.Values(Opt::kFfiModule);
  BF_ASSIGN_OR_RETURN(std::vector<spec::RustInput> inputs, spec::ReadRustInputs(a.positional, o));
  if (inputs.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(a.positional.front(), ": no .rs files found"));
  }
  BF_ASSIGN_OR_RETURN(spec::InferResult r, spec::InferOwnershipSpec(inputs, o));
  const spec::InferStats& st = r.stats;
  std::string summary = absl::StrCat(
      st.files, " Rust files: ", r.spec.resources.size(), " resources (", st.refcounted, " AlwaysRefCounted, ",
      st.drop_releases, " Drop releases, ", st.macro_releases, " foreign_type! drops, ", st.foreign,
      " ForeignOwnable), ", r.spec.functions.size(), " functions (", st.extern_fns, " declared in the inputs, ",
      st.from_err_ptr, " from_err_ptr, ", st.null_checks, " NULL checks, ", st.nullable_params,
      " nullable parameters, ", st.out_params, " out-parameters, ", st.borrows, " borrows of self), ",
      r.spec.notes.size(), " notes");
  std::string text = absl::StrCat(
      "# Proposed by bindfuzz infer from ", summary, ".\n",
      "# Review before use: '_' parameters and 'ptr' returns are what the Rust source does not state.\n\n",
      spec::OwnershipSpecToText(r.spec));
  BF_RETURN_IF_ERROR(WriteFile(a.Value(Opt::kOutput, "-"), text));
  std::cerr << "bindfuzz infer: " << summary << "\n";
  return kExitClean;
}

absl::StatusOr<int> RunSpec(const ParsedArgs& a) {
  if (a.positional.size() != 1) return absl::InvalidArgumentError("spec takes one file: bindfuzz spec FILE.bfspec");
  const std::string format = a.Value(Opt::kFormat, "text");
  if (format != "text" && format != "json") {
    return absl::InvalidArgumentError(absl::StrCat("--format: unknown spec format '", format, "' (text or json)"));
  }
  const std::string& path = a.positional[0];
  BF_ASSIGN_OR_RETURN(std::string text, ReadFile(path, spec::kMaxSpecBytes));
  BF_ASSIGN_OR_RETURN(contract::OwnershipSpec s, spec::ParseOwnershipSpec(text, path));
  BF_RETURN_IF_ERROR(WriteFile(a.Value(Opt::kOutput, "-"), format == "json" ? contract::OwnershipToJson(s)
                                                                             : spec::OwnershipSpecToText(s)));
  return kExitClean;
}

absl::StatusOr<int> Run(const ParsedArgs& a) {
  if (a.command == "help") {
    std::cout << (a.positional.empty() ? cli::GeneralHelp() : cli::CommandHelp(a.positional[0]));
    return kExitClean;
  }
  if (a.Has(Opt::kHelp)) {
    std::cout << cli::CommandHelp(a.command);
    return kExitClean;
  }
  if (a.command == "version") {
    std::cout << tool::VersionText(tool::LocateOwnRuntime());
    return kExitClean;
  }
  if (a.command == "targets") {
    for (const target::TargetInfo& t : target::AllTargets()) {
      std::string c_headers = target::ChooseCHeaders(t, {}).description;
      c_headers = c_headers.substr(c_headers.find(": ") + 2);
      std::cout << t.rust_triple << "  " << t.clang_triple << "  " << c_headers << "\n";
    }
    return kExitClean;
  }
  if (a.command == "kinds") {
    std::cout << KindsHelp();
    return kExitClean;
  }
  Tree tree;
  if (a.Has(Opt::kKernelTree)) {
    BF_ASSIGN_OR_RETURN(tree, driver::DiscoverKernelTree(a.Value(Opt::kKernelTree)));
  }
  if (a.command == "check") return RunCheck(a, tree);
  if (a.command == "diff") return RunDiff(a);
  if (a.command == "oracle") return RunOracle(a, tree);
  if (a.command == "gen") return RunGen(a, tree);
  if (a.command == "infer") return RunInfer(a);
  if (a.command == "spec") return RunSpec(a);
  if (a.command == "explain") return RunExplain(a);
  std::vector<driver::PhaseTiming> timings;
  if (a.command == "extract-c") {
    BF_ASSIGN_OR_RETURN(driver::CInputs in, CInputsFrom(a, tree));
    BF_RETURN_IF_ERROR(SelectTarget(a, &in, nullptr));
    BF_ASSIGN_OR_RETURN(contract::Contract c, driver::RunExtractC(in, &timings));
    BF_RETURN_IF_ERROR(WriteContract(a, c));
  } else if (a.command == "extract-rust") {
    BF_ASSIGN_OR_RETURN(driver::RustInputs in, RustInputsFrom(a, tree));
    BF_RETURN_IF_ERROR(SelectTarget(a, nullptr, &in));
    BF_ASSIGN_OR_RETURN(contract::Contract c, driver::RunExtractRust(in, &timings));
    BF_RETURN_IF_ERROR(WriteContract(a, c));
  } else if (a.command == "extract-btf") {
    if (!a.Has(Opt::kBtf)) return absl::InvalidArgumentError("extract-btf needs --btf FILE");
    BF_ASSIGN_OR_RETURN(contract::Contract c, driver::RunExtractBtf(a.Value(Opt::kBtf), &timings));
    BF_RETURN_IF_ERROR(WriteContract(a, c));
  } else {
    return absl::InvalidArgumentError(absl::StrCat("command '", a.command, "' is not implemented"));
  }
  PrintTimings(a, timings);
  return kExitClean;
}

}  // namespace
}  // namespace bindfuzz

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = bindfuzz::cli::ParseArgs(args);
  if (!parsed.ok()) {
    std::cerr << "bindfuzz: " << parsed.status().message() << "\n";
    return bindfuzz::kExitError;
  }
  auto rc = bindfuzz::Run(*parsed);
  if (!rc.ok()) {
    std::cerr << "bindfuzz " << parsed->command << ": error: " << rc.status().message() << "\n";
    return bindfuzz::kExitError;
  }
  return *rc;
}
