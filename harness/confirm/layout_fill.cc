#include "harness/confirm/layout_fill.h"

#include "harness/confirm/layout_fill_internal.h"

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace bindfuzz::confirm {

using contract::Contract;
using contract::Note;
using contract::Record;
using contract::Type;
using contract::TypeKind;
using rust_frontend::RustExtraction;
using rust_frontend::RustLayoutFact;

namespace internal {

bool Unanswerable(const RustLayoutFact& f) {
  return absl::StrContains(f.why_unknown, "unsized") || absl::StrContains(f.why_unknown, "generic");
}

std::set<std::string> HeldTypes(const Contract& c, const std::vector<std::string>& records) {
  std::set<std::string> out;
  auto names = [&](auto&& self, const Type& t, int depth) -> void {
    if (depth > 64) return;
    if (t.kind == TypeKind::kRecord || t.kind == TypeKind::kEnum || t.kind == TypeKind::kTypedef) out.insert(t.name);
    if (t.kind == TypeKind::kArray && !t.inner.empty()) self(self, t.inner[0], depth + 1);
  };
  for (const std::string& k : records)
    for (const contract::Field& f : c.records.at(k).fields) names(names, f.type, 0);
  return out;
}

std::string ShortVersion(const std::string& v) {
  std::vector<std::string> w = absl::StrSplit(v, ' ', absl::SkipEmpty());
  if (w.size() >= 2) return absl::StrCat(w[0], " ", w[1]);
  return v.empty() ? std::string("rustc") : v;
}

std::string Clip(const std::string& s, size_t n) {
  std::string line = s.substr(0, s.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line.size() <= n ? line : line.substr(0, n) + "...";
}

void NoteNotFilled(const std::vector<std::string>& records, const std::string& why, Contract* c) {
  for (const std::string& k : records) {
    c->notes.push_back({Note::Level::kInfo, k, absl::StrCat("layout not filled from rustc: ", Clip(why, 400)),
                        c->records.at(k).loc});
  }
}

void AddHeldLayout(const std::string& item, uint64_t size, uint64_t align, const std::string& source,
                   std::map<std::string, uint64_t>* rustc_sizes, Contract* c) {
  (*rustc_sizes)[item] = size;
  contract::SourceLoc loc;
  for (const Note& n : c->notes)
    if (n.item == item && n.loc.known()) loc = n.loc;
  auto en = c->enums.find(item);
  if (en != c->enums.end() && en->second.size_bytes == 0) en->second.size_bytes = size;
  c->notes.push_back(
      {Note::Level::kInfo, item, absl::StrCat("layout from ", source, ": size ", size, ", align ", align), loc});
}

}  // namespace internal

namespace {

using internal::Clip;
using internal::ShortVersion;
using internal::Unanswerable;

bool IsTarget(const Contract& c, const RustLayoutFact& f) {
  if (!f.field.empty() || f.size || Unanswerable(f)) return false;
  auto it = c.records.find(f.item);
  return it != c.records.end() && it->second.complete && it->second.align_bytes == 0;
}

// Storage bits of a field of type t, from the contract (as filled) and
// rustc's sizes of items the contract does not lay out; 0 = not known.
uint64_t Bits(const Contract& c, const std::map<std::string, uint64_t>& rustc_sizes, const Type& t, int depth) {
  if (depth > 64) return 0;
  auto from_rustc = [&](const std::string& key) -> uint64_t {
    auto it = rustc_sizes.find(key);
    return it == rustc_sizes.end() ? 0 : it->second * 8;
  };
  switch (t.kind) {
    case TypeKind::kInt:
    case TypeKind::kFloat:
    case TypeKind::kBool:
      return t.bits;
    case TypeKind::kPointer:
      // A pointer to what the front end could not read may be a fat pointer.
      if (t.inner.empty() || t.inner[0].kind == TypeKind::kUnknown) return 0;
      return c.target.pointer_bits;
    case TypeKind::kArray:
      if (t.flexible || t.inner.empty()) return 0;
      return t.count * Bits(c, rustc_sizes, t.inner[0], depth + 1);
    case TypeKind::kRecord: {
      auto it = c.records.find(t.name);
      if (it != c.records.end() && it->second.align_bytes != 0) return it->second.size_bytes * 8;
      return from_rustc(t.name);
    }
    case TypeKind::kEnum: {
      auto it = c.enums.find(t.name);
      if (it != c.enums.end() && it->second.size_bytes != 0) return it->second.size_bytes * 8;
      return from_rustc(t.name);
    }
    case TypeKind::kTypedef: {
      if (uint64_t b = from_rustc(t.name)) return b;
      auto it = c.typedefs.find(t.name);
      return it == c.typedefs.end() ? 0 : Bits(c, rustc_sizes, it->second.target, depth + 1);
    }
    default:
      return 0;
  }
}

// The engine's notes on a record rustc has now laid out.
bool StaleNote(const Note& n, const std::string& key) {
  if (n.item != key) return false;
  return absl::StartsWith(n.message, "layout not computed: ") ||
         (absl::StartsWith(n.message, "offset of field `") && absl::EndsWith(n.message, "` unknown"));
}

}  // namespace

namespace internal {

std::vector<std::string> ApplyRecordAnswers(const std::vector<std::string>& targets,
                                            std::map<std::string, RecordAnswer>& answers,
                                            const std::map<std::string, uint64_t>& rustc_sizes,
                                            const std::string& source, Contract* cp) {
  Contract& c = *cp;
  // The records: size, align and offsets from rustc, or a note why not.
  std::vector<std::string> filled;
  for (const std::string& k : targets) {
    Record& r = c.records.at(k);
    const RecordAnswer& a = answers[k];
    std::string why_not;
    bool bitfields = false;
    for (const contract::Field& f : r.fields) bitfields = bitfields || f.is_bitfield;
    if (bitfields) {
      why_not = "it has bitfields";
    } else if (!a.failed.empty()) {
      why_not = a.failed;
    } else if (!a.size || !a.align || *a.align == 0) {
      why_not = "the probe could not name it";
    } else {
      for (const contract::Field& f : r.fields) {
        if (!a.offsets.count(f.name)) {
          why_not = absl::StrCat("the probe could not name field `", f.name, "`");
          break;
        }
      }
    }
    if (!why_not.empty()) {
      NoteNotFilled({k}, why_not, &c);
      continue;
    }
    r.size_bytes = *a.size;
    r.align_bytes = *a.align;
    for (contract::Field& f : r.fields) f.offset_bits = a.offsets.at(f.name) * 8;
    filled.push_back(k);
  }
  // Field sizes once every record has its size (a filled record may hold
  // another).
  for (const std::string& k : filled) {
    Record& r = c.records.at(k);
    for (contract::Field& f : r.fields) f.size_bits = Bits(c, rustc_sizes, f.type, 0);
    std::string engine_said;
    std::vector<Note> kept;
    for (Note& n : c.notes) {
      if (StaleNote(n, k)) {
        if (engine_said.empty() && absl::StartsWith(n.message, "layout not computed: "))
          engine_said = n.message.substr(sizeof("layout not computed: ") - 1);
        continue;
      }
      kept.push_back(std::move(n));
    }
    c.notes = std::move(kept);
    c.notes.push_back({Note::Level::kInfo, k,
                       absl::StrCat("layout from ", source, ": size ", r.size_bytes, ", align ", r.align_bytes,
                                    engine_said.empty() ? "" : "; the layout engine could not compute it: ",
                                    engine_said),
                       r.loc});
  }
  return filled;
}

}  // namespace internal

std::vector<std::string> RecordsWithoutLayout(const RustExtraction& ex) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const RustLayoutFact& f : ex.facts) {
    if (IsTarget(ex.contract, f) && seen.insert(f.item).second) out.push_back(f.item);
  }
  return out;
}

LayoutFillSummary FillLayoutsFromRustc(const std::vector<rust_frontend::RustSource>& sources,
                                       const rust_frontend::RustFrontendOptions& options,
                                       const LayoutOracleOptions& oracle, RustExtraction* ex) {
  LayoutFillSummary sum;
  std::vector<std::string> targets = RecordsWithoutLayout(*ex);
  if (targets.empty()) return sum;
  auto t0 = std::chrono::steady_clock::now();
  Contract& c = ex->contract;
  sum.wanted = targets.size();
  const std::set<std::string> target_set(targets.begin(), targets.end());

  // What to ask: every fact of the records without layout, and the size of
  // each type their fields hold that the engine did not lay out either.
  const std::set<std::string> held = internal::HeldTypes(c, targets);
  RustExtraction ask;
  for (const RustLayoutFact& f : ex->facts) {
    bool mine = target_set.count(f.item) > 0;
    bool helper = f.field.empty() && !f.size && !Unanswerable(f) && held.count(f.item) > 0;
    if (mine || helper) ask.facts.push_back(f);
  }

  auto give_up = [&](const std::string& why) {
    sum.problem = why;
    internal::NoteNotFilled(targets, why, &c);
  };
  absl::StatusOr<rust_frontend::OracleReport> rep = RunLayoutOracle(sources, ask, options, oracle);
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!rep.ok()) {
    give_up(std::string(rep.status().message()));
    return sum;
  }
  sum.ran = true;
  sum.method = rep->method;
  const std::string source = absl::StrCat(ShortVersion(rep->rustc_version), " (", rep->method, ")");

  // rustc's values: every fact asked had no parser value, so each answer is
  // a "parser-unknown" disagreement.
  std::map<std::string, internal::RecordAnswer> answers;
  for (const rust_frontend::Disagreement& d : rep->disagreements) {
    internal::RecordAnswer& a = answers[d.item];
    if (d.what == "rustc-failed") {
      if (a.failed.empty()) a.failed = d.detail;
      continue;
    }
    if (d.what != "parser-unknown" || !d.rustc) continue;
    if (!d.field.empty()) {
      a.offsets[d.field] = *d.rustc;
    } else if (!a.size && !d.parser) {
      // size comes before align in the report of one fact
      a.size = *d.rustc;
    } else if (!d.parser) {
      a.align = *d.rustc;
    }
  }

  // Items rustc sized that the contract does not lay out (a wide enum).
  std::map<std::string, uint64_t> rustc_sizes;
  for (const RustLayoutFact& f : ask.facts) {
    if (!f.field.empty() || target_set.count(f.item)) continue;
    auto it = answers.find(f.item);
    if (it == answers.end() || !it->second.size || !it->second.align) continue;
    internal::AddHeldLayout(f.item, *it->second.size, *it->second.align, source, &rustc_sizes, &c);
  }

  std::vector<std::string> filled = internal::ApplyRecordAnswers(targets, answers, rustc_sizes, source, &c);
  sum.filled = filled.size();
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return sum;
}

}  // namespace bindfuzz::confirm
