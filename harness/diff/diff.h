// The diff engine: compares what one side assumes about a C interface with
// what another side knows to be true, as plain data.
//
//   bindfuzz::contract::Contract c = ...;     // side kC or kBtf: the truth
//   bindfuzz::contract::Contract rust = ...;  // side kRust: the assumption
//   bindfuzz::diff::DiffReport r = bindfuzz::diff::Compare(c, rust, {});
//   for (const auto& f : r.findings) std::cout << f.consequence << "\n";
//   return bindfuzz::diff::ExitCode(r);  // 0 clean, 1 findings
//
// Scope is the assumed side: every record, enum, typedef, function, variable
// and constant of `assumed` is looked up in `truth` by name and compared; the
// truth's other items are ignored. Any two contracts can be compared (C vs
// BTF, C vs C of another kernel flavour): reports name the sides by
// DiffOptions labels, defaulting to "C", "BTF" or "Rust".
//
// Matching rules (see contract.h for the naming conventions):
//  * records and enums by key; a truth key "X#k" (BTF may hold several
//    definitions of X) is an alternate of "X", also inside paths
//    ("X#2::(anon#1)"); the alternate with the fewest findings is used;
//  * a Rust record named after a C typedef of a record (`typedef struct
//    s_tag {...} s_t` vs Rust `struct s_t`) is that record;
//  * a Rust record with no C record of its name that every function
//    parameter and return (and field of a paired record) passing it, at
//    equal pointer depth, pairs with one complete C record nothing else
//    binds (`LibcStat` for `struct stat`) is that record: a
//    `record-paired` note, its layout findings under the pair; otherwise
//    its `record-missing` says why it was not paired
//    (pair_through_functions.h);
//  * fields by C name, also the members of C's unnamed structs and unions
//    (C names them directly); when both sides have unnamed members that
//    nest differently (count or kind at some level), they are not paired by
//    ordinal: the names C code spells through them are (anon_tree.h),
//    and the unnamed-member types below are compared only there; a Rust field without a C field of its name
//    pairs with the C field at the same offset and width of the same type
//    (signedness aside), also inside a nested struct (renamed, flattened);
//    artificial fields are never matched, only shown in layouts; bitfields
//    by bit position and width;
//  * types structurally after resolving typedefs on each side: integers by
//    bits and signedness (C enums by their underlying integer), pointers by
//    pointee (void* matches any pointer; Rust c_void is void), function
//    pointers by signature, arrays by element and count; records by name,
//    else by layout (same size, alignment, fields pairwise): a nominal
//    difference is no finding; two opaque types (C `struct X;`, Rust `enum
//    X {}`, `struct X([u8; 0])`, `{ _unused: [u8; 0] }`) are the same to
//    the machine whatever their names;
//  * signedness alone is a warning wherever it occurs (field, parameter,
//    return, typedef, variable, enum);
//  * enumerators by name, also with bindgen's "<enum>_"/"<record>_" prefix
//    and keyword `_` suffix; Rust constants by name against C constants,
//    then C enumerators; anonymous enums by their enumerators;
//  * bindgen's `P_N` / `P__bindgen_ty_1_N` names for C's `struct N`
//    declared inside P match N when C's P (or the anonymous member) has a
//    field of type N, or a pointer to it.
// What is not a fact is not a finding:
//  * a record with align_bytes 0 has no computed layout (front-end
//    convention): only field names and types are compared, plus one
//    `unevaluated` note; a size-0 field of a type without computed layout
//    is compared by type only;
//  * Record::align_inferred (BTF) alignment and packing are never compared;
//  * a BTF truth holds only what the image contains: items it lacks are
//    coverage entries, not findings;
//  * bindgen's `{ _address: u8 }` placeholder and Rust's zero-sized
//    stand-ins are opaque: clean against an incomplete C record,
//    `record-opaque` against a complete one, no finding without one.
// Nothing is guessed: what cannot be compared is an `unevaluated` note.
#ifndef BINDFUZZ_HARNESS_DIFF_DIFF_H_
#define BINDFUZZ_HARNESS_DIFF_DIFF_H_

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/contract/contract.h"
#include "harness/diff/mismatch_kinds.h"

namespace bindfuzz::diff {

struct DiffOptions {
  // Kinds to report; the others are counted in DiffReport::suppressed.
  KindSet kinds = AllKinds();
  Severity min_severity = Severity::kNote;
  // How reports and consequence sentences name the two sides; empty =
  // derived from Contract::side ("C", "BTF", "Rust"; "C (truth)" and
  // "C (assumed)" when both sides are of the same kind).
  std::string truth_label;
  std::string assumed_label;
  // Drift mode (drift.h): the truth's items nothing of the assumed side
  // binds are reported too (`*-unbound`), and reports show each finding's
  // drift class (silent, compile-breaking, new).
  bool drift = false;
  // Kconfig groups (config_group.h): each finding is put in the group of
  // the Kconfig symbols, set differently on the two sides, whose #if
  // branches its definitions lie in.
  bool config_groups = false;
};

enum class ItemKind { kRecord, kEnum, kTypedef, kFunction, kVariable, kConstant };
// "record", "enum", "typedef", "function", "variable", "constant".
const char* ItemKindName(ItemKind kind);

// Where a finding stands against a baseline report (ApplyBaseline,
// harness/diff/triage.h).
enum class BaselineState { kNotCompared, kNew, kUnchanged };
// "" (not compared), "new", "unchanged".
const char* BaselineStateName(BaselineState state);

// One step of a cause chain: `member` of `item` (a record, or a function's
// parameter or "return") is declared as `type`, which holds `target` by value
// (directly, through typedefs or as an array element) or, for a function, by
// value or behind pointers.
struct ChainLink {
  std::string item;    // assumed record key or function name
  std::string member;  // field, parameter, or "return"
  std::string type;    // as the truth declares it: "spinlock_t", "[xarray; 2]", "*mut file"
  std::string target;  // the assumed key of the record (or typedef) it reaches
};

// How a finding's item reaches a root cause: links from the item down to
// `root`, the last link's target.
struct CauseChain {
  std::string root;
  std::vector<ChainLink> links;
};

// An item that changed on its own: its findings are not explained by a
// change of one of its member types.
struct RootCause {
  ItemKind item_kind = ItemKind::kRecord;
  std::string item;    // assumed key
  std::string change;  // assumed -> truth, e.g. "4 -> 32 bytes, align 4 -> 8"
  // Typedef names the chains reach it through ("spinlock_t").
  std::vector<std::string> aliases;
  size_t own_findings = 0;
  // Records whose layout change it explains (inherited), sorted.
  std::vector<std::string> records;
  size_t findings_explained = 0;  // the findings of those records
  // Functions with a parameter or return type that reaches it, sorted.
  std::vector<std::string> functions;
};

// What compilers independent of the front ends say about a finding
// (`check --confirm`, harness/confirm): confirmed when gcc and rustc give
// the two values the finding states; refuted when they agree with each
// other or contradict the finding (the finding is then dropped); otherwise
// unconfirmable, with the reason.
enum class ConfirmStatus { kConfirmed, kRefuted, kUnconfirmable };
// "confirmed", "refuted", "unconfirmable".
const char* ConfirmStatusName(ConfirmStatus status);

struct Confirmation {
  ConfirmStatus status = ConfirmStatus::kUnconfirmable;
  std::string c_value;        // what the C compiler says ("" = no answer)
  std::string rust_value;     // what rustc says
  std::string c_compiler;     // "gcc 12.2.0" (or "clang 19.1.7" where no gcc targets the platform)
  std::string rust_compiler;  // "rustc 1.95.0"
  std::string reason;         // why unconfirmable / what refuted it
};

struct Finding {
  MismatchKind kind = MismatchKind::kUnevaluated;
  Severity severity = Severity::kNote;
  ItemKind item_kind = ItemKind::kRecord;
  std::string item;     // the assumed side's key ("file", "file::(anon#1)")
  std::string matched;  // truth key when it differs from `item` ("file#2")
  // Field, parameter ("count", or "#2" if unnamed), "return", or enumerator;
  // empty when the finding is about the item itself.
  std::string member;
  std::string truth_value;    // e.g. "16", "u64 (compat_u64)", "<absent>"
  std::string assumed_value;
  contract::SourceLoc truth_loc;
  contract::SourceLoc assumed_loc;
  std::string message;      // what differs, one line
  std::string consequence;  // what a Rust access does, with numbers
  // Triage (harness/diff/triage.h): against a baseline, and the waiver that
  // covers the finding (index into DiffReport::triage.waivers; -1: none).
  BaselineState baseline = BaselineState::kNotCompared;
  int waiver = -1;
  // Empty: the item changed on its own (a root cause). Otherwise the finding
  // follows from a changed member type: one shortest chain per root cause
  // it reaches (see attribution.h).
  std::vector<CauseChain> explained_by;
  // With DiffOptions::config_groups: the key of its Kconfig group
  // ("CONFIG_ZSWAP", "CONFIG_PM_CLK + CONFIG_PM_GENERIC_DOMAINS"), or "".
  std::string config_group;
  // Drift mode with the bindings' own C (Compare's assumed_c): the bindings
  // were already wrong against that C in the same way (same kind, item and
  // member): a bindings bug that predates the version change, not drift.
  bool preexisting = false;
  std::optional<Confirmation> confirmation;  // error findings, with --confirm

  // "file.f_op", "file" or "kmalloc(size)".
  std::string Subject() const;
};

// Findings that exist because Kconfig symbols are set differently on the two
// sides (config_group.h).
struct ConfigGroup {
  // The symbols joined by " + ", kKconfigSymbolsGroup for the CONFIG_*
  // constants themselves, "" for findings without a Kconfig condition.
  std::string key;
  std::vector<std::string> symbols;
  // Per symbol: "y", "m", "unset" or the value ("250", "\"...\"").
  std::vector<std::string> truth_values;
  std::vector<std::string> assumed_values;
  size_t findings = 0;
  std::map<std::string, size_t> by_kind;  // kind name -> findings
  std::vector<std::string> items;         // distinct items, in report order
};
inline constexpr const char* kKconfigSymbolsGroup = "CONFIG_* constants";

enum class Outcome { kClean, kFindings, kUnmatched };
// "matched-clean", "matched-with-findings", "unmatched".
const char* OutcomeName(Outcome outcome);

// One row per item of the assumed side.
struct CoverageEntry {
  ItemKind item_kind = ItemKind::kRecord;
  std::string item;
  Outcome outcome = Outcome::kClean;
  std::string matched;  // truth key when it differs from `item`
  std::string reason;   // why unmatched, or what limited the comparison
  size_t findings = 0;  // reported (post-filter) findings for this item
  contract::SourceLoc assumed_loc;
};

// The two definitions of a record that has layout findings, for the
// side-by-side layout table of the text report.
struct LayoutPair {
  contract::Record truth;
  contract::Record assumed;
};

// One entry of a waiver file (harness/diff/waiver_file.h): names findings by
// their stable key (FindingKey) or by kind + item + member, says why they
// are accepted and until when.
struct Waiver {
  std::string key;     // "bf1-<16 hex>", or empty when kind/item name it
  std::string kind;    // "field-offset"
  std::string item;    // "file", "file::(anon#1)"
  std::string member;  // "f_op"; empty: the item itself
  bool any_member = false;  // member "*": every finding of the kind on the item
  std::string reason;
  std::string expires;      // "YYYY-MM-DD": the last day the waiver applies
  contract::SourceLoc loc;  // where the waiver file states it
  // Set by ApplyWaivers: findings the entry names, and whether the expiry
  // date has passed (then it waives nothing). Stale: expired or unmatched.
  size_t matched = 0;
  bool expired = false;
  bool Stale() const { return expired || matched == 0; }
};

// A finding of the baseline report that the current report no longer has.
struct BaselineFinding {
  std::string key;
  std::string kind;
  std::string severity;
  std::string item_kind;
  std::string item;
  std::string member;
  std::string message;
};

// What triage added to a report; empty files: not triaged.
struct Triage {
  std::string baseline_file;
  std::vector<BaselineFinding> fixed;
  // Baseline findings of kinds or severities this run does not report
  // (DiffOptions filters): neither fixed nor present.
  size_t baseline_filtered = 0;
  std::string waiver_file;
  std::vector<Waiver> waivers;
};

struct DiffReport {
  std::string truth_label;
  std::string assumed_label;
  contract::Side truth_side = contract::Side::kC;
  contract::Side assumed_side = contract::Side::kRust;
  contract::Provenance truth_provenance;
  contract::Provenance assumed_provenance;
  DiffOptions options;

  // Reported findings, in a deterministic order: items by kind (records,
  // enums, typedefs, functions, variables, constants) then key; within an
  // item, in declaration order of the assumed side.
  std::vector<Finding> findings;
  // Sorted like findings; one entry per assumed item.
  std::vector<CoverageEntry> coverage;
  // Reported findings per kind, indexed by static_cast<size_t>(MismatchKind).
  std::array<size_t, kNumMismatchKinds> counts{};
  size_t suppressed = 0;  // findings dropped by DiffOptions filters
  // By assumed record key; only records with reported layout findings.
  std::map<std::string, LayoutPair> layouts;
  size_t truth_notes = 0;    // front-end notes carried by each contract
  size_t assumed_notes = 0;
  Triage triage;
  // Every item with a finding of its own, layout roots first (most records
  // explained first), then by kind and key (see attribution.h).
  std::vector<RootCause> root_causes;
  // Functions of the assumed side whose parameter or return type reaches a
  // record with layout findings (abidiff's "impacted interfaces"), with one
  // chain per root cause reached.
  std::map<std::string, std::vector<CauseChain>> impacted_functions;
  // With DiffOptions::config_groups: every group, largest first, the
  // findings without a Kconfig condition (key "") last.
  std::vector<ConfigGroup> config_groups;
  // With --confirm: set, and the findings compilers refuted are moved out of
  // `findings` (and `counts`, `coverage`, `layouts`) into `refuted`.
  bool confirmed_run = false;
  std::vector<Finding> refuted;

  size_t CountSeverity(Severity severity) const;
  size_t CountOutcome(Outcome outcome) const;
};

DiffReport Compare(const contract::Contract& truth, const contract::Contract& assumed,
                   const DiffOptions& options = {});
// `assumed_c` (may be null): the C contract of the headers and flags the
// assumed side was generated from (the bindings' own C). Drift mode leaves
// out unbound items it already had; Kconfig groups take the assumed side's
// configuration and the conditions of definitions the truth lacks from it.
DiffReport Compare(const contract::Contract& truth, const contract::Contract& assumed, const DiffOptions& options,
                   const contract::Contract* assumed_c);

// Process exit code for a report: 0 when no reported finding has severity
// >= `fail_at`, 1 otherwise.
int ExitCode(const DiffReport& report, Severity fail_at = Severity::kNote);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_DIFF_H_
