#include "harness/confirm/minicore_oracle.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "harness/common/status.h"
#include "harness/confirm/rust_probe.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"

namespace bindfuzz::confirm {
namespace {

using rust_frontend::Item;
using rust_frontend::LexedFile;
using rust_frontend::RustLayoutFact;

bool CodeOnly(Item::Kind k) {
  switch (k) {
    case Item::kFn:
    case Item::kExternBlock:
    case Item::kImpl:
    case Item::kTrait:
    case Item::kMacroRules:
      return true;
    default:
      return false;
  }
}

// Byte ranges of the code-only items among `items` (recursing into inline
// modules), outer attributes included.
void CodeRanges(const LexedFile& lex, const std::vector<Item>& items,
                std::vector<std::pair<uint32_t, uint32_t>>* out) {
  const auto& t = lex.tokens;
  for (const Item& it : items) {
    if (it.kind == Item::kMod && it.inline_mod) {
      CodeRanges(lex, it.items, out);
      continue;
    }
    if (!CodeOnly(it.kind) || it.end_tok == 0 || it.end_tok > t.size() || it.begin_tok >= t.size()) continue;
    uint32_t first = it.begin_tok;
    for (const auto& a : it.attrs) {
      if (!a.inner) first = std::min(first, a.tok);
    }
    out->push_back({t[first].begin, t[it.end_tok - 1].end});
  }
}

}  // namespace

absl::StatusOr<rust_frontend::RustSource> LayoutOnlySource(const rust_frontend::RustSource& source) {
  BF_ASSIGN_OR_RETURN(std::unique_ptr<LexedFile> lex, rust_frontend::Lex(source.name, source.text, {}));
  BF_ASSIGN_OR_RETURN(rust_frontend::SourceFileAst ast, rust_frontend::ParseFile(*lex, {}));
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  CodeRanges(*lex, ast.items, &ranges);
  rust_frontend::RustSource out = source;
  for (const auto& [b, e] : ranges) {
    for (uint32_t i = b; i < e && i < out.text.size(); ++i) {
      if (out.text[i] != '\n') out.text[i] = ' ';
    }
  }
  return out;
}

absl::StatusOr<rust_frontend::OracleReport> RunMinicoreOracle(const std::vector<rust_frontend::RustSource>& sources,
                                                              const rust_frontend::RustExtraction& parsed,
                                                              const rust_frontend::RustFrontendOptions& options,
                                                              const rust_frontend::OracleOptions& oracle) {
  const auto t0 = std::chrono::steady_clock::now();
  rust_frontend::OracleReport rep;
  std::vector<rust_frontend::RustSource> reduced;
  for (const rust_frontend::RustSource& s : sources) {
    BF_ASSIGN_OR_RETURN(rust_frontend::RustSource r, LayoutOnlySource(s));
    reduced.push_back(std::move(r));
  }
  BF_ASSIGN_OR_RETURN(RustProbeCrate crate, RustProbeCrate::Build(reduced));

  // One fact per record (size, align) and per field (offset); `of[k]` is the
  // front end's fact behind probe fact k.
  std::vector<RustFact> facts;
  std::vector<size_t> of;
  for (size_t fi = 0; fi < parsed.facts.size(); ++fi) {
    const RustLayoutFact& f = parsed.facts[fi];
    // As the host oracle: generic and unsized items have no one layout;
    // private items and fields cannot be named from the probe module.
    const bool unsized = f.why_unknown.find("unsized") != std::string::npos ||
                         f.why_unknown.find("generic") != std::string::npos ||
                         !f.accessible || (!f.field.empty() && !f.field_public);
    // A record, or a type alias or enum (size and alignment only).
    auto rec = parsed.contract.records.find(f.item);
    const bool is_record = rec != parsed.contract.records.end();
    const contract::SourceLoc* loc = is_record ? &rec->second.loc : nullptr;
    if (!is_record && f.field.empty()) {
      if (auto a = parsed.contract.typedefs.find(f.item); a != parsed.contract.typedefs.end()) {
        loc = &a->second.loc;
      } else if (auto e = parsed.contract.enums.find(f.item); e != parsed.contract.enums.end()) {
        loc = &e->second.loc;
      }
    }
    if (unsized || loc == nullptr) {
      ++rep.skipped;
      continue;
    }
    std::optional<RustItemRef> owner = crate.Find(*loc);
    if (!owner || owner->kind != RustItemRef::Kind::kType) {
      ++rep.skipped;
      continue;
    }
    if (f.field.empty()) {
      const std::string p = owner->Path();
      facts.push_back(RustFact::Ints(owner->root, {absl::StrCat("::core::mem::size_of::<", p, ">()"),
                                                   absl::StrCat("::core::mem::align_of::<", p, ">()")}));
    } else {
      // The field as Rust spells it (`type_`, `0`, `r#type`), validated.
      const std::string member = SafeRustIdent(f.rust_field, true);
      if (!is_record || member.empty()) {
        ++rep.skipped;
        continue;
      }
      facts.push_back(
          RustFact::Ints(owner->root, {absl::StrCat("bindfuzz_offset_of!(", owner->Path(), ", ", member, ")")}));
    }
    of.push_back(fi);
  }

  RustProbeOptions po;
  po.rustc = oracle.rustc;
  po.rust_triple = options.target_triple;
  po.c_char_signed = options.c_char_signed;
  po.timeout_seconds = oracle.timeout_seconds;
  po.work_dir = oracle.work_dir;
  po.keep_work_dir = oracle.keep_work_dir;
  BF_ASSIGN_OR_RETURN(RustProbeRun run, RunRustProbe(crate, facts, po));
  rep.rustc_version = absl::StrCat(run.compiler, " (minicore, ", options.target_triple, ")");
  rep.work_dir = run.work_dir;
  rep.compile_seconds = run.seconds;
  for (size_t k = 0; k < facts.size(); ++k) {
    const RustLayoutFact& f = parsed.facts[of[k]];
    const RustFactResult& r = run.results[k];
    const bool record = f.field.empty();
    if (r.state != RustFactResult::State::kValue || r.ints.size() != (record ? 2u : 1u)) {
      // A fact rustc did not answer is reported, never dropped in silence.
      rep.disagreements.push_back({f.item, f.field, "unprobed", record ? f.size : f.offset, std::nullopt,
                                   r.error.empty() ? "no value from the probe" : r.error.substr(0, 300)});
      continue;
    }
    if (record) {
      ++rep.types_checked;
      if (f.size != r.ints[0])
        rep.disagreements.push_back({f.item, "", f.size ? "size" : "parser-unknown", f.size, r.ints[0], f.why_unknown});
      if (f.align != r.ints[1])
        rep.disagreements.push_back({f.item, "", f.align ? "align" : "parser-unknown", f.align, r.ints[1], f.why_unknown});
    } else {
      ++rep.fields_checked;
      if (f.offset != r.ints[0])
        rep.disagreements.push_back(
            {f.item, f.field, f.offset ? "offset" : "parser-unknown", f.offset, r.ints[0], f.why_unknown});
    }
  }
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace bindfuzz::confirm
