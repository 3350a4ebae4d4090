#include "harness/tool/triage_cli.h"

#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/diff/waiver_file.h"

namespace bindfuzz::cli {

// Waiver files are small; a cap keeps a wrong path (a disk image) cheap.
constexpr uint64_t kMaxWaiverBytes = uint64_t{64} << 20;

absl::StatusOr<TriageInputs> ReadTriageInputs(const ParsedArgs& a) {
  TriageInputs in;
  if (a.Has(Opt::kBaseline)) {
    const std::string path = a.Value(Opt::kBaseline);
    BF_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    BF_ASSIGN_OR_RETURN(diff::Baseline b, diff::ReadBaseline(text, path));
    in.baseline = std::move(b);
  }
  if (a.Has(Opt::kWaivers)) {
    in.waiver_file = a.Value(Opt::kWaivers);
    BF_ASSIGN_OR_RETURN(std::string text, ReadFile(in.waiver_file, kMaxWaiverBytes));
    BF_ASSIGN_OR_RETURN(std::vector<diff::Waiver> w, diff::ParseWaiverFile(text, in.waiver_file));
    in.waivers = std::move(w);
  }
  in.strict_waivers = a.Has(Opt::kStrictWaivers);
  if (in.strict_waivers && !in.waivers) return absl::InvalidArgumentError("--strict-waivers needs --waivers FILE");
  return in;
}

absl::Status ApplyTriage(const TriageInputs& in, diff::DiffReport& r, std::ostream& diagnostics) {
  if (in.baseline) BF_RETURN_IF_ERROR(diff::ApplyBaseline(*in.baseline, r));
  if (in.waivers) {
    diff::ApplyWaivers(*in.waivers, in.waiver_file, diff::TodayUtc(), r);
    for (const std::string& m : diff::StaleWaiverMessages(r, in.strict_waivers)) diagnostics << m << "\n";
  }
  return absl::OkStatus();
}

int TriageExitCode(const TriageInputs& in, const diff::DiffReport& r) {
  return diff::TriagedExitCode(r, {.strict_waivers = in.strict_waivers});
}

}  // namespace bindfuzz::cli
