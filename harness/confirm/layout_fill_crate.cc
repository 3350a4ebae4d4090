// FillLayoutsInCrate: layout_fill for a crate read with --crate. The
// expanded text rarely compiles back on its own, so rustc is asked inside
// the crate as cargo compiles it (crate_probe.h), the probe naming each
// record and field by its place in the expanded text.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "harness/confirm/layout_fill.h"
#include "harness/confirm/layout_fill_internal.h"
#include "harness/confirm/rust_probe.h"

namespace bindfuzz::confirm {

using contract::Contract;
using contract::Record;
using internal::RecordAnswer;

LayoutFillSummary FillLayoutsInCrate(const rust_frontend::RustSource& expanded, const CargoCrateBuild& build,
                                     const std::string& rust_triple, rust_frontend::RustExtraction* ex) {
  LayoutFillSummary sum;
  const std::vector<std::string> targets = RecordsWithoutLayout(*ex);
  if (targets.empty()) return sum;
  sum.wanted = targets.size();
  Contract& c = ex->contract;
  auto give_up = [&](const std::string& why) {
    sum.problem = why;
    internal::NoteNotFilled(targets, why, &c);
    return sum;
  };
  absl::StatusOr<RustProbeCrate> crate = RustProbeCrate::BuildInCrate(expanded);
  if (!crate.ok()) return give_up(std::string(crate.status().message()));

  // Per record: one fact for size and align, one per field for its offset.
  struct Asked {
    size_t layout = 0;
    std::vector<std::pair<std::string, size_t>> offsets;  // contract field name, fact
  };
  std::vector<RustFact> facts;
  std::map<std::string, Asked> asked;
  std::map<std::string, RecordAnswer> answers;
  for (const std::string& k : targets) {
    const Record& r = c.records.at(k);
    std::optional<RustItemRef> ref = crate->Find(r.loc);
    if (!ref || ref->kind != RustItemRef::Kind::kType) {
      answers[k].failed = "the probe cannot name it in the crate";
      continue;
    }
    const std::string P = ref->Path();
    Asked a;
    a.layout = facts.size();
    facts.push_back(RustFact::Ints(ref->root, {"::core::mem::size_of::<" + P + ">()", "::core::mem::align_of::<" + P + ">()"}));
    bool named = true;
    for (const contract::Field& f : r.fields) {
      std::optional<RustItemRef> fr = crate->Find(f.loc);
      if (!fr || fr->kind != RustItemRef::Kind::kField) {
        answers[k].failed = absl::StrCat("the probe cannot name field `", f.name, "` in the crate");
        named = false;
        break;
      }
      a.offsets.push_back({f.name, facts.size()});
      facts.push_back(RustFact::Ints(fr->root, {"bindfuzz_offset_of!(" + P + ", " + fr->member + ")"}));
    }
    if (named) asked[k] = std::move(a);
  }
  // The not-laid-out types those records hold (a wide enum), by the path
  // the front end saw them under: their sizes give the fields' widths.
  const std::set<std::string> held = internal::HeldTypes(c, targets);
  std::map<std::string, size_t> held_fact;
  for (const rust_frontend::RustLayoutFact& f : ex->facts) {
    if (!f.field.empty() || f.size || internal::Unanswerable(f) || !held.count(f.item) || !f.accessible ||
        held_fact.count(f.item) || f.rust_path.empty()) {
      continue;
    }
    std::string path = "crate";
    for (const std::string& seg : f.rust_path) {
      const std::string id = SafeRustIdent(seg, false);
      if (id.empty()) {
        path.clear();
        break;
      }
      absl::StrAppend(&path, "::", id);
    }
    if (path.empty()) continue;
    held_fact[f.item] = facts.size();
    facts.push_back(RustFact::Ints(0, {"::core::mem::size_of::<" + path + ">()", "::core::mem::align_of::<" + path + ">()"}));
  }
  RustProbeOptions o;
  o.cargo_crate = build;
  o.rust_triple = rust_triple;
  absl::StatusOr<RustProbeRun> run = RunRustProbe(*crate, facts, o);
  if (!run.ok()) return give_up(std::string(run.status().message()));
  sum.ran = true;
  sum.method = "in the crate";
  sum.seconds = run->seconds;
  auto value = [&](size_t id, size_t i, std::string* failed) -> std::optional<uint64_t> {
    const RustFactResult& res = run->results[id];
    if (res.state != RustFactResult::State::kValue || res.ints.size() <= i) {
      if (failed->empty()) *failed = res.error.empty() ? "rustc gave no value" : res.error;
      return std::nullopt;
    }
    return res.ints[i];
  };
  for (const auto& [k, a] : asked) {
    RecordAnswer& ans = answers[k];
    ans.size = value(a.layout, 0, &ans.failed);
    ans.align = value(a.layout, 1, &ans.failed);
    for (const auto& [field, id] : a.offsets) {
      if (std::optional<uint64_t> off = value(id, 0, &ans.failed)) ans.offsets[field] = *off;
    }
  }
  const std::string source = absl::StrCat(internal::ShortVersion(run->compiler), " (in the crate)");
  std::map<std::string, uint64_t> rustc_sizes;
  for (const auto& [item, id] : held_fact) {
    std::string ignored;
    std::optional<uint64_t> size = value(id, 0, &ignored), align = value(id, 1, &ignored);
    if (!size || !align) continue;
    internal::AddHeldLayout(item, *size, *align, source, &rustc_sizes, &c);
  }
  sum.filled = internal::ApplyRecordAnswers(targets, answers, rustc_sizes, source, &c).size();
  return sum;
}

}  // namespace bindfuzz::confirm
