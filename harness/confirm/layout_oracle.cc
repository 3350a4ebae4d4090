#include "harness/confirm/layout_oracle.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "harness/common/status.h"
#include "harness/confirm/rust_probe.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"
#include "harness/target/subprocess.h"
#include "harness/target/target.h"

namespace bindfuzz::confirm {
namespace {

using rust_frontend::Item;

void BlankItems(const rust_frontend::LexedFile& lex, const std::vector<Item>& items, std::string* text, int depth) {
  if (depth > 64) return;
  for (const Item& it : items) {
    if (it.kind == Item::kMod && it.inline_mod) {
      BlankItems(lex, it.items, text, depth + 1);
      continue;
    }
    // Items that only hold code or declarations: none changes a layout, and
    // the stand-ins have no library to compile their bodies against.
    if (it.kind != Item::kImpl && it.kind != Item::kTrait && it.kind != Item::kFn && it.kind != Item::kStatic &&
        it.kind != Item::kExternBlock && it.kind != Item::kMacroRules)
      continue;
    if (it.end_tok == 0 || it.end_tok > lex.tokens.size()) continue;
    uint32_t first = it.begin_tok;
    for (const auto& a : it.attrs)
      if (!a.inner) first = std::min(first, a.tok);
    uint32_t b = lex.tokens[first].begin, e = lex.tokens[it.end_tok - 1].end;
    for (uint32_t i = b; i < e && i < text->size(); ++i)
      if ((*text)[i] != '\n') (*text)[i] = ' ';
  }
}

absl::StatusOr<std::string> RustcHost(const std::string& rustc) {
  BF_ASSIGN_OR_RETURN(target::ScratchDir wd, target::ScratchDir::Open("", "bindfuzz-rustc-host-", false));
  BF_ASSIGN_OR_RETURN(target::ProcessResult r,
                      target::RunProcess({rustc, "-vV"}, {.scratch_dir = wd.path(), .timeout_seconds = 60}));
  if (r.exit_code != 0) return absl::FailedPreconditionError(absl::StrCat(rustc, " -vV failed: ", r.err));
  for (absl::string_view line : absl::StrSplit(r.out, '\n'))
    if (absl::StartsWith(line, "host: ")) return std::string(line.substr(6));
  return absl::FailedPreconditionError(absl::StrCat(rustc, " -vV names no host"));
}

}  // namespace

absl::StatusOr<std::string> LayoutItemsOnly(const rust_frontend::RustSource& source) {
  BF_ASSIGN_OR_RETURN(std::unique_ptr<rust_frontend::LexedFile> lex, rust_frontend::Lex(source.name, source.text, {}));
  BF_ASSIGN_OR_RETURN(rust_frontend::SourceFileAst ast, rust_frontend::ParseFile(*lex, {}));
  std::string out = source.text;
  BlankItems(*lex, ast.items, &out, 0);
  return out;
}

absl::StatusOr<rust_frontend::OracleReport> RunLayoutOracle(const std::vector<rust_frontend::RustSource>& sources,
                                                            const rust_frontend::RustExtraction& parsed,
                                                            const rust_frontend::RustFrontendOptions& options,
                                                            const LayoutOracleOptions& o) {
  auto t0 = std::chrono::steady_clock::now();
  BF_ASSIGN_OR_RETURN(const target::TargetInfo* t, target::LookupTarget(options.target_triple));
  std::string rustc = o.oracle.rustc;
  if (rustc.empty()) {
    BF_ASSIGN_OR_RETURN(rustc, target::FindProgram("rustc"));
  }
  if (!o.force_minicore) {
    BF_ASSIGN_OR_RETURN(std::string host, RustcHost(rustc));
    if (host == t->rust_triple) {
      rust_frontend::OracleOptions oo = o.oracle;
      oo.rustc = rustc;
      return rust_frontend::RunRustcOracle(sources, parsed, options, oo);
    }
  }

  // The inputs as the stand-ins can compile them.
  std::vector<rust_frontend::RustSource> reduced = sources;
  for (rust_frontend::RustSource& s : reduced) {
    BF_ASSIGN_OR_RETURN(s.text, LayoutItemsOnly(s));
  }
  BF_ASSIGN_OR_RETURN(RustProbeCrate crate, RustProbeCrate::Build(reduced));

  rust_frontend::OracleReport rep;
  rep.method = absl::StrCat("minicore --target ", std::string(t->rust_triple));
  struct Probed {
    size_t fact;
    bool size;  // size+align, else offset
  };
  std::vector<RustFact> facts;
  std::vector<Probed> probed;
  for (size_t fi = 0; fi < parsed.facts.size(); ++fi) {
    const rust_frontend::RustLayoutFact& f = parsed.facts[fi];
    bool unsized = absl::StrContains(f.why_unknown, "unsized") || absl::StrContains(f.why_unknown, "generic");
    if (f.file_index >= crate.size() || !f.accessible || f.rust_path.empty() || unsized ||
        (!f.field.empty() && !f.field_public)) {
      ++rep.skipped;
      continue;
    }
    std::vector<std::string> path = {"crate", absl::StrCat("bindfuzz_in_", crate.root_of(f.file_index))};
    for (const std::string& p : crate.prefix(f.file_index)) path.push_back(p);
    bool ok = true;
    for (const std::string& c : f.rust_path) {
      std::string s = SafeRustIdent(c, false);
      ok = ok && !s.empty();
      path.push_back(s);
    }
    std::string field = f.field.empty() ? "" : SafeRustIdent(f.rust_field, true);
    if (!ok || (!f.field.empty() && field.empty())) {
      ++rep.skipped;
      continue;
    }
    std::string ty = absl::StrJoin(path, "::");
    size_t root = crate.root_of(f.file_index);
    if (f.field.empty()) {
      facts.push_back(RustFact::Ints(root, {absl::StrCat("::core::mem::size_of::<", ty, ">()"),
                                            absl::StrCat("::core::mem::align_of::<", ty, ">()")}));
    } else {
      facts.push_back(RustFact::Ints(root, {absl::StrCat("bindfuzz_offset_of!(", ty, ", ", field, ")")}));
    }
    probed.push_back({fi, f.field.empty()});
  }

  RustProbeOptions po;
  po.rustc = rustc;
  po.rust_triple = std::string(t->rust_triple);
  po.force_minicore = true;
  po.c_char_signed = options.c_char_signed;
  po.cfgs = o.oracle.cfgs;
  po.timeout_seconds = o.oracle.timeout_seconds;
  po.work_dir = o.oracle.work_dir;
  po.keep_work_dir = o.oracle.keep_work_dir;
  BF_ASSIGN_OR_RETURN(RustProbeRun run, RunRustProbe(crate, facts, po));
  rep.rustc_version = run.compiler;
  rep.work_dir = run.work_dir;
  for (size_t k = 0; k < facts.size(); ++k) {
    const rust_frontend::RustLayoutFact& f = parsed.facts[probed[k].fact];
    const RustFactResult& r = run.results[k];
    if (r.state != RustFactResult::State::kValue || r.ints.size() != (probed[k].size ? 2u : 1u)) {
      rep.disagreements.push_back({f.item, f.field, "rustc-failed", std::nullopt, std::nullopt,
                                   r.error.empty() ? "no value" : r.error.substr(0, 600)});
      continue;
    }
    if (probed[k].size) {
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
  rep.compile_seconds = run.seconds;
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace bindfuzz::confirm
