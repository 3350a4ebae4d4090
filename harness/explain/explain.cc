#include "harness/explain/explain.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "harness/explain/sv.h"

namespace bindfuzz::explain {
namespace {

using diff::KindSet;
using K = diff::MismatchKind;
using Mode = AccessLine::Mode;
using Shape = MismatchLine::Shape;
using Tool = SanitizerReport::Tool;

KindSet Kinds(std::initializer_list<K> ks) {
  KindSet s;
  for (K k : ks) s.set(static_cast<size_t>(k));
  return s;
}

KindSet Category(diff::KindCategory c) {
  KindSet s;
  for (const diff::MismatchKindInfo& info : diff::AllMismatchKinds())
    if (info.category == c) s.set(static_cast<size_t>(info.kind));
  return s;
}

bool AllocatingMode(const CrashLog& log) {
  return log.access && !log.access->is_function() &&
         (log.access->mode == Mode::kRustAllocates || log.access->mode == Mode::kCAllocates);
}

bool AligningMode(const CrashLog& log) {
  return log.access && !log.access->is_function() &&
         (log.access->mode == Mode::kRustAligned || log.access->mode == Mode::kCAligned);
}

// Calls (class (d)): every signature kind of the function, and an enum
// return value Rust cannot represent.
KindSet CallKinds() {
  KindSet s = Category(diff::KindCategory::kSignature);
  s |= Kinds({K::kEnumMissingValue, K::kFunctionPointerType});
  return s;
}

// What the input touched: from its access line, else from the tag line.
void Subject(const CrashLog& log, std::string* item, std::string* member, std::string* mode) {
  if (log.access) {
    if (log.access->is_function()) {
      *item = log.access->function;
      *mode = "call";
    } else {
      *item = log.access->record;
      *member = log.access->field;
      *mode = std::string(ModeName(log.access->mode));
    }
    return;
  }
  *mode = "?";
  if (log.mismatch) {
    *item = log.mismatch->is_record() ? log.mismatch->record : log.mismatch->function;
    *member = log.mismatch->member;
  }
}

std::string Loc(const ReportLoc& l) { return l.ToString(); }

// The sentences of reproduce.sh's explanation, from the trace and tag line.
std::vector<std::string> Sentences(const CrashLog& log) {
  std::vector<std::string> out;
  const SanitizerReport* san = log.sanitizer ? &*log.sanitizer : nullptr;
  const MismatchLine* tag = log.mismatch ? &*log.mismatch : nullptr;
  if (log.access && log.access->is_function()) {
    std::string s = absl::StrCat("function `", log.access->function,
                                 "`: Rust called it through a pointer typed as Rust declares it");
    if (tag) {
      absl::StrAppend(&s, "; ", tag->details);
    } else if (san && san->cls == "function-type") {
      absl::StrAppend(&s, " (UBSan: call through an incorrect function type)");
    }
    out.push_back(s);
  } else if (log.access) {
    const AccessLine& a = *log.access;
    const std::string rec = absl::StrCat("`", a.record, "`");
    switch (a.mode) {
      case Mode::kRustAligned:
      case Mode::kCAligned: {
        const bool rust = a.mode == Mode::kRustAligned;
        out.push_back(absl::StrCat("record ", rec, ": alignment Rust ", a.rust_align, ", C ", a.c_align,
                                   "; ", rust ? "Rust" : "C", " placed the object at its alignment and ",
                                   rust ? "C" : "Rust", "'s typed access to it is misaligned",
                                   san && san->tool == Tool::kUbsan ? " (UBSan)." : "."));
        break;
      }
      case Mode::kBitfield:
        out.push_back(absl::StrCat("bitfield `", a.record, ".", a.field, "`: Rust at bit ", a.rust_offset,
                                   ", C at bit ", a.c_offset, " (tag line: what each side read back)."));
        break;
      case Mode::kValues:
        out.push_back(absl::StrCat("field `", a.record, ".", a.field,
                                   "`: C stored a value its type allows; Rust's type does not admit it",
                                   tag ? " (tag line)." : "."));
        break;
      case Mode::kRustAllocates:
      case Mode::kCAllocates: {
        const bool rust = a.mode == Mode::kRustAllocates;
        if (a.rust_size != a.c_size) {
          std::string s = absl::StrCat("record ", rec, ": Rust believes ", a.rust_size, " bytes, C has ",
                                       a.c_size, "; ", rust ? "Rust" : "C", " allocated it at its size.");
          if (san && !san->region.empty()) {
            absl::StrAppend(&s, " The ", rust ? "C" : "Rust", " side's access ran past its end (ASan: ",
                            san->region, ").");
          }
          out.push_back(s);
        }
        if (!a.field.empty() && a.rust_offset != a.c_offset) {
          out.push_back(absl::StrCat("field `", a.record, ".", a.field, "`: Rust at offset ", a.rust_offset,
                                     ", C at ", a.c_offset,
                                     tag ? ": a value stored by one side is read back different by the "
                                           "other (tag line)."
                                         : "."));
        }
        break;
      }
      case Mode::kSameAligned: break;
    }
  }
  if (tag && !(log.access && log.access->is_function())) {
    const std::string subject =
        tag->is_record() ? absl::StrCat("`", tag->record, ".", tag->member, "`") : absl::StrCat("`", tag->function, "`");
    switch (tag->shape) {
      case Shape::kFieldOffset:
        if (!log.access)
          out.push_back(absl::StrCat("field ", subject, ": Rust at offset ", tag->rust, ", C at ", tag->c,
                                     ": a value stored by one side is read back different by the other."));
        break;
      case Shape::kValue:
        out.push_back(absl::StrCat("field ", subject, ": Rust reads it as `", tag->rust, "`, which does not admit ",
                                   tag->observed, "."));
        break;
      case Shape::kBitfield:
        out.push_back(absl::StrCat("bitfield ", subject, ": Rust ", tag->rust, ", C ", tag->c, "; ",
                                   tag->observed, "."));
        break;
      case Shape::kParam:
        out.push_back(absl::StrCat("function ", subject, " parameter ", tag->param, ": Rust passes ", tag->rust,
                                   ", C takes ", tag->c, "; ", tag->observed, "."));
        break;
      case Shape::kParamCount:
        out.push_back(absl::StrCat("function ", subject, ": Rust passes ", tag->rust, " argument(s), C takes ",
                                   tag->c, "."));
        break;
      case Shape::kReturn:
        out.push_back(absl::StrCat("function ", subject, ": C returns ", tag->c, ", Rust reads ", tag->rust, "; ",
                                   tag->observed, "."));
        break;
      case Shape::kReturnValue:
        out.push_back(absl::StrCat("function ", subject, ": C returned ", tag->observed,
                                   ", which Rust's return type does not admit."));
        break;
    }
  }
  if (out.empty() && san) {
    out.push_back(absl::StrCat(Av(ToolName(san->tool)), " reported ", san->cls,
                               log.access ? "" : " (no trace line: not a bindfuzz-generated target?)",
                               "; it is not a report the generated targets make for a mismatch."));
  }
  return out;
}

bool Matches(const ReportFinding& f, const std::string& item) {
  return f.item == item || (!f.matched.empty() && f.matched == item);
}

// Member-level kinds name the field; record-level kinds the record.
bool MemberMatches(const ReportFinding& f, const std::string& member) {
  return member.empty() || f.member == member;
}

}  // namespace

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kWitness: return "witness";
    case Verdict::kExplained: return "explained";
    case Verdict::kNoWitness: return "no-witness";
    case Verdict::kNotReproduced: return "not-reproduced";
  }
  return "?";
}

WitnessKinds KindsFor(const CrashLog& log) {
  WitnessKinds w;
  if (log.mismatch) {
    const MismatchLine& t = *log.mismatch;
    switch (t.shape) {
      case Shape::kFieldOffset:
        w.member = Kinds({K::kFieldOffset, K::kFieldWidth, K::kFieldMissing});
        break;
      case Shape::kValue:
        w.member = Kinds({t.kind, K::kFieldType, K::kEnumMissingValue});
        break;
      case Shape::kBitfield:
        w.member = Kinds({t.kind, K::kBitfieldPosition, K::kBitfieldWidth, K::kFieldOffset});
        break;
      case Shape::kParam:
      case Shape::kParamCount:
      case Shape::kReturn:
      case Shape::kReturnValue:
        w.item = CallKinds();
        break;
    }
    return w;
  }
  if (!log.sanitizer) return w;
  const SanitizerReport& s = *log.sanitizer;
  if (s.tool == Tool::kAsan && s.cls.find("buffer-overflow") != std::string::npos && AllocatingMode(log)) {
    // One side allocated at its size; the other accessed or copied past it.
    w.item = Kinds({K::kRecordSize, K::kRecordKind});
    w.member = Kinds({K::kFieldOffset, K::kFieldWidth, K::kFieldMissing});
  } else if (s.tool == Tool::kUbsan && s.cls == "misaligned-access" && AligningMode(log)) {
    w.item = Kinds({K::kRecordAlign, K::kRecordPacked});
  } else if (s.tool == Tool::kUbsan && s.cls == "function-type" && log.access && log.access->is_function()) {
    w.item = CallKinds();
  } else if (s.tool == Tool::kUbsan && s.cls == "invalid-value" && log.access && !log.access->is_function()) {
    w.member = Kinds({K::kFieldType, K::kEnumMissingValue});
  }
  return w;
}

Explanation Explain(const CrashLog& log, const CheckReport* report, std::string input) {
  Explanation e;
  e.input = std::move(input);
  e.report_label = log.report_label;
  if (!log.reproduced()) {
    e.verdict = Verdict::kNotReproduced;
    return e;
  }
  if (log.lifetime) {
    const LifetimeLine& l = *log.lifetime;
    e.item = l.function;
    e.mode = "lifetime";
    e.spec_line = l.spec_line ? absl::StrCat(l.spec_file, ":", l.spec_line) : "";
    if (l.spec_line) {
      e.sentences.push_back(absl::StrCat("the assumption of spec line ", e.spec_line, " failed: ", l.cls,
                                         l.function.empty() ? "" : absl::StrCat(" in ", l.function), " (",
                                         l.context, ")", l.detail.empty() ? "" : absl::StrCat(": ", l.detail),
                                         "."));
      for (const std::string& h : l.handles) e.sentences.push_back(absl::StrCat("  ", h));
      if (!l.rust_buffer.empty()) e.sentences.push_back(absl::StrCat("  ", l.rust_buffer));
      e.verdict = Verdict::kWitness;
    } else {
      e.sentences.push_back(absl::StrCat(l.cls, " ", l.context, " ", l.detail, ": no spec line explains it."));
      e.verdict = Verdict::kNoWitness;
    }
    return e;
  }
  Subject(log, &e.item, &e.member, &e.mode);
  e.sentences = Sentences(log);
  if (report == nullptr) {
    e.verdict = Verdict::kExplained;
    return e;
  }
  const WitnessKinds w = KindsFor(log);
  auto collect = [&](bool any_member) {
    for (const ReportFinding& f : report->findings) {
      if (!Matches(f, e.item)) continue;
      const size_t k = static_cast<size_t>(f.kind);
      if (w.item.test(k) || (w.member.test(k) && (any_member || MemberMatches(f, e.member))))
        e.witnessed.push_back(f);
    }
  };
  collect(false);
  if (e.witnessed.empty() && w.member.any()) {
    collect(true);
    e.elsewhere_in_record = !e.witnessed.empty();
  }
  e.verdict = e.witnessed.empty() ? Verdict::kNoWitness : Verdict::kWitness;
  return e;
}

std::string RenderExplanation(const CrashLog& log, const Explanation& e, const CheckReport* report) {
  std::string out;
  if (e.verdict == Verdict::kNotReproduced) {
    absl::StrAppend(&out, e.input, ": did not reproduce: no sanitizer report and no BINDFUZZ tag line\n");
    for (const std::string& l : log.last_lines) absl::StrAppend(&out, "  ", l, "\n");
    return out;
  }
  absl::StrAppend(&out, "=== sanitizer report ===\n");
  if (log.sanitizer)
    for (const std::string& l : log.sanitizer->excerpt) absl::StrAppend(&out, l, "\n");
  if (!log.mismatch_text.empty()) absl::StrAppend(&out, log.mismatch_text, "\n");
  if (!log.lifetime_text.empty()) absl::StrAppend(&out, log.lifetime_text, "\n");
  for (const std::string& k : log.kernel) absl::StrAppend(&out, "BINDFUZZ-KERNEL: ", k, "\n");
  absl::StrAppend(&out, "\n=== what the input did ===\n");
  if (!log.access_text.empty()) {
    absl::StrAppend(&out, log.access_text, "\n");
  } else if (!log.lifetime) {
    absl::StrAppend(&out, "<no trace line: not a bindfuzz-generated target, or run without BINDFUZZ_TRACE=1>\n");
  } else {
    absl::StrAppend(&out, "(a lifetime target: BINDFUZZ_TRACE=1 prints each operation)\n");
  }
  if (log.sanitizer && !log.sanitizer->region.empty())
    absl::StrAppend(&out, "ASan: the access lands ", log.sanitizer->region, "\n");
  absl::StrAppend(&out, "\n=== contract-level explanation ===\n");
  for (const std::string& s : e.sentences) absl::StrAppend(&out, s, "\n");
  if (e.mode == "lifetime") {
    if (report != nullptr)
      absl::StrAppend(&out, "(", report->path, " is a check report: a lifetime crash witnesses a spec line)\n");
    return out;
  }
  if (report == nullptr) {
    absl::StrAppend(&out, "(pass the check report.json to name the findings and their source lines)\n");
    return out;
  }
  if (e.witnessed.empty()) {
    absl::StrAppend(&out, "witnesses no finding of ", report->path, " (nothing it shows is reported for `", e.item,
                    "`)\n");
    return out;
  }
  for (const ReportFinding& f : e.witnessed) {
    absl::StrAppend(&out, "witnesses ", Av(diff::KindName(f.kind)), " ", f.item, f.member.empty() ? "" : ".", f.member,
                    ": C ", f.truth_value, " at ", Loc(f.truth_loc), "; Rust ", f.assumed_value, " at ",
                    Loc(f.assumed_loc), "\n");
    if (!f.consequence.empty()) absl::StrAppend(&out, "  => ", f.consequence, "\n");
  }
  if (e.elsewhere_in_record)
    absl::StrAppend(&out, "(on other members of `", e.item, "` than the field `", e.member, "` the input touched)\n");
  return out;
}

std::string RenderSummary(const std::vector<Explanation>& all, bool with_report) {
  // (item, mode, report, verdict) -> crashes, and what they witness.
  std::map<std::tuple<std::string, std::string, std::string, Verdict>, std::pair<size_t, std::set<std::string>>> rows;
  size_t good = 0;
  std::vector<const Explanation*> bad;
  for (const Explanation& e : all) {
    const std::string report = e.report_label.empty() ? "<did not reproduce>" : e.report_label;
    auto& row = rows[{e.item.empty() ? "?" : e.item, e.mode.empty() ? "?" : e.mode, report, e.verdict}];
    row.first++;
    for (const ReportFinding& f : e.witnessed) row.second.insert(std::string(diff::KindName(f.kind)));
    if (!e.spec_line.empty()) row.second.insert(e.spec_line);
    const bool ok = e.verdict == Verdict::kWitness || (!with_report && e.verdict == Verdict::kExplained);
    if (ok) {
      ++good;
    } else {
      bad.push_back(&e);
    }
  }
  std::string out = absl::StrFormat("%-44s %-15s %-52s %7s  %s\n", "record/function", "class", "report", "crashes",
                                    with_report ? "witness of" : "verdict");
  for (const auto& [key, val] : rows) {
    const auto& [item, mode, report, verdict] = key;
    std::string what;
    if (verdict == Verdict::kWitness) {
      what = absl::StrJoin(val.second, ",");
    } else if (verdict == Verdict::kNoWitness) {
      what = "NOTHING (false positive?)";
    } else {
      what = std::string(VerdictName(verdict));
    }
    out += absl::StrFormat("%-44s %-15s %-52s %7d  %s\n", item, mode, report.substr(0, 52), val.first, what);
  }
  if (with_report) {
    absl::StrAppend(&out, "crashes: ", all.size(), "; witnesses of a check finding: ", good, "; other: ", bad.size(),
                    "\n");
  } else {
    absl::StrAppend(&out, "crashes: ", all.size(), "; reproduced: ", good, "; other: ", bad.size(), "\n");
  }
  for (size_t i = 0; i < bad.size() && i < 10; ++i)
    absl::StrAppend(&out, "  not a witness: ", bad[i]->input, " ", bad[i]->item.empty() ? "?" : bad[i]->item, " ",
                    bad[i]->mode.empty() ? "?" : bad[i]->mode, " ",
                    bad[i]->report_label.empty() ? "<did not reproduce>" : bad[i]->report_label, "\n");
  return out;
}

std::string RenderJson(const std::vector<Explanation>& all) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const Explanation& e : all) {
    nlohmann::ordered_json j;
    j["input"] = e.input;
    j["verdict"] = std::string(VerdictName(e.verdict));
    j["report"] = e.report_label;
    j["item"] = e.item;
    j["member"] = e.member;
    j["mode"] = e.mode;
    j["explanation"] = e.sentences;
    nlohmann::ordered_json ws = nlohmann::ordered_json::array();
    for (const ReportFinding& f : e.witnessed) {
      nlohmann::ordered_json w;
      w["kind"] = std::string(diff::KindName(f.kind));
      w["item"] = f.item;
      w["member"] = f.member;
      w["truth"] = {{"value", f.truth_value}, {"loc", f.truth_loc.ToString()}};
      w["assumed"] = {{"value", f.assumed_value}, {"loc", f.assumed_loc.ToString()}};
      ws.push_back(std::move(w));
    }
    j["witnesses"] = std::move(ws);
    if (!e.spec_line.empty()) j["spec_line"] = e.spec_line;
    arr.push_back(std::move(j));
  }
  return arr.dump(1) + "\n";
}

int ExitCode(const std::vector<Explanation>& all) {
  for (const Explanation& e : all)
    if (e.verdict == Verdict::kNoWitness || e.verdict == Verdict::kNotReproduced) return 1;
  return 0;
}

}  // namespace bindfuzz::explain
