// What the comparers of one Compare() call share (internal to
// harness/diff): the two contracts, name matching and type comparison over
// them, the sentences, and the sink that turns what a comparer reports into
// Findings of the item being compared.
//
//   sink.StartItem(ItemKind::kRecord, "file");
//   std::vector<Finding> found = sink.Collect([&] {
//     sink.Emit({.kind = MismatchKind::kRecordSize,
//                .truth = "184", .assumed = "232",
//                .truth_loc = c_file.loc, .assumed_loc = rust_file.loc,
//                .message = "size of `file`: C 184 bytes, Rust 232 bytes",
//                .consequence = say.RecordSize(c_file, rust_file)});
//   });
#ifndef BINDFUZZ_HARNESS_DIFF_COMPARE_CONTEXT_H_
#define BINDFUZZ_HARNESS_DIFF_COMPARE_CONTEXT_H_

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/contract/contract.h"
#include "harness/diff/consequence.h"
#include "harness/diff/diff.h"
#include "harness/diff/mismatch_kinds.h"
#include "harness/diff/name_match.h"
#include "harness/diff/sentence.h"
#include "harness/diff/type_compare.h"

namespace bindfuzz::diff {

// One finding as a comparer reports it. The item it belongs to, the
// matched truth key and the severity are filled in by FindingSink::Emit.
struct FindingDraft {
  MismatchKind kind = MismatchKind::kUnevaluated;
  // Field, parameter, "return" or enumerator; empty: the item itself.
  std::string member;
  std::string truth;    // the truth side's value ("184", "<absent>", ...)
  std::string assumed;  // the assumed side's value
  contract::SourceLoc truth_loc;
  contract::SourceLoc assumed_loc;
  std::string message;      // what differs, one line
  std::string consequence;  // what a Rust access does (Consequences)
};

// Collects the findings of the item being compared.
class FindingSink {
 public:
  // A new item: findings name it; no truth key matched yet.
  void StartItem(ItemKind kind, std::string key) {
    kind_ = kind;
    item_ = std::move(key);
    matched_.clear();
  }
  // The truth key findings are against, when it differs from the item's.
  void SetMatched(std::string matched) { matched_ = std::move(matched); }
  const std::string& matched() const { return matched_; }

  void Emit(FindingDraft d) {
    Finding f;
    f.kind = d.kind;
    f.severity = KindSeverity(d.kind);
    f.item_kind = kind_;
    f.item = item_;
    f.matched = matched_;
    f.member = std::move(d.member);
    f.truth_value = std::move(d.truth);
    f.assumed_value = std::move(d.assumed);
    f.truth_loc = std::move(d.truth_loc);
    f.assumed_loc = std::move(d.assumed_loc);
    f.message = std::move(d.message);
    f.consequence = std::move(d.consequence);
    out_->push_back(std::move(f));
  }
  // Appends findings collected earlier, in order.
  void Append(std::vector<Finding> findings) {
    for (Finding& f : findings) out_->push_back(std::move(f));
  }

  // Runs `fn` with what it emits going into a fresh list, and returns that
  // list; the findings emitted before and after go where they went.
  template <typename Fn>
  std::vector<Finding> Collect(Fn&& fn) {
    std::vector<Finding> found;
    std::vector<Finding>* saved = out_;
    out_ = &found;
    fn();
    out_ = saved;
    return found;
  }

 private:
  std::vector<Finding>* out_ = nullptr;
  ItemKind kind_ = ItemKind::kRecord;
  std::string item_;
  std::string matched_;
};

// The first front-end note about each item of `c`, by item key.
inline std::map<std::string, std::string> NotesByItem(const contract::Contract& c) {
  std::map<std::string, std::string> out;
  for (const contract::Note& n : c.notes) {
    if (!n.item.empty() && !out.count(n.item)) out[n.item] = n.message;
  }
  return out;
}

struct CompareContext {
  const contract::Contract& truth;
  const contract::Contract& assumed;
  const Labels& labels;
  const NameMatcher& names;
  const TypeComparer& types;
  const Consequences& say;
  // NotesByItem of each side.
  const std::map<std::string, std::string>& truth_notes;
  const std::map<std::string, std::string>& assumed_notes;
  FindingSink& sink;
};

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_COMPARE_CONTEXT_H_
