// The public API of the Rust front end and the Extractor's pipeline: read,
// lex and parse the inputs, then collect -> classify -> key -> compute ->
// emit (extractor.h), plus what every stage shares: source locations, notes,
// token spelling, the repr memo, and the dependency order in which layouts
// and constants are computed.
#include "harness/rust_frontend/rust_frontend.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/rust_frontend/cfg.h"
#include "harness/rust_frontend/extractor.h"
#include "harness/rust_frontend/parser.h"
#include "harness/rust_frontend/token_util.h"

namespace bindfuzz::rust_frontend {

using contract::Contract;
using contract::Note;
using contract::SourceLoc;

absl::StatusOr<RustExtraction> Extractor::Run(const std::vector<RustSource>& sources) {
  crates_ = {""};
  for (const RustSource& src : sources) {
    int crate = 0;
    if (!src.crate_name.empty()) {
      auto it = std::find(crates_.begin(), crates_.end(), src.crate_name);
      crate = static_cast<int>(it - crates_.begin());
      if (it == crates_.end()) crates_.push_back(src.crate_name);
    }
    BF_RETURN_IF_ERROR(ParseInput(src.name, src.text, crate, /*input=*/true).status());
  }
  num_inputs_ = files_.size();
  // Work bound for layout/constant evaluation: generous for real inputs,
  // finite for adversarial ones (generic instantiation can fan out).
  budget_ = 20'000'000 + 64 * total_tokens_;
  Contract& c = out_.contract;
  c.side = contract::Side::kRust;
  c.target.triple = tg_.triple;
  c.target.pointer_bits = tg_.ptr * 8;
  c.target.long_bits = tg_.long_bytes * 8;
  c.target.char_signed = tg_.char_signed;
  c.provenance.tool = "bindfuzz rust_frontend";
  for (const RustSource& src : sources) {
    if (src.crate_name.empty()) c.provenance.inputs.push_back(src.name);
  }
  if (!opts_.ctypes_prefix.empty()) c.provenance.flags.push_back("--ctypes-prefix=" + opts_.ctypes_prefix);
  for (const std::string& cfg : opts_.cfgs) c.provenance.flags.push_back("--cfg=" + cfg);
  for (const std::string& f : opts_.features) c.provenance.flags.push_back("--features=" + f);

  BF_RETURN_IF_ERROR(Place(sources));
  Classify();
  AssignKeys();
  ComputeAll();
  if (!cycle_error_.ok()) return cycle_error_;
  EmitAll();
  NoteCfgs();
  return std::move(out_);
}

SourceLoc Extractor::LocIn(size_t file, uint32_t tok) const {
  SourceLoc l;
  const LexedFile& f = *files_[file]->lex;
  l.file = f.name;
  uint32_t off = tok < f.tokens.size() ? f.tokens[tok].begin : static_cast<uint32_t>(f.source.size());
  LineCol lc = f.Pos(off);
  l.line = lc.line;
  l.column = lc.column;
  return l;
}

void Extractor::AddNote(Note::Level lvl, std::string item, std::string msg, size_t sc, uint32_t tok) {
  if (CrateOf(sc) != 0 && !dep_notes_) return;
  Note n;
  n.level = lvl;
  n.item = std::move(item);
  n.message = std::move(msg);
  n.loc = Loc(sc, tok);
  out_.contract.notes.push_back(std::move(n));
}

// cfg names rustc would not know of here (false, as in rustc), and
// cfg_attr predicates that could not be decided, in the crate under check.
void Extractor::NoteCfgs() {
  if (!unknown_cfgs_.empty()) {
    std::vector<std::string> names;
    SourceLoc first;
    for (const auto& [n, l] : unknown_cfgs_) {
      names.push_back(n);
      if (!first.known() || (l.file == first.file && l.line < first.line)) first = l;
    }
    Note n;
    n.message = absl::StrCat("cfg option(s) not set, false as in rustc: ", absl::StrJoin(names, ", "),
                             " (set them with --cfg / --features)");
    n.loc = first;
    out_.contract.notes.push_back(std::move(n));
  }
  for (const UndecidedCfgAttr& u : cfg_attr_undecided_) {
    if (files_[u.file]->crate != 0) continue;
    Note n;
    n.message = absl::StrCat("#[cfg_attr(", u.text, ")] not evaluated; its attributes are not applied");
    n.loc = LocIn(u.file, u.tok);
    out_.contract.notes.push_back(std::move(n));
  }
}

std::string Extractor::Spell(size_t sc, uint32_t b, uint32_t e) const { return SpellTokens(LF(sc), b, e); }

const Repr& Extractor::ParseRepr(const std::vector<Attr>& attrs, size_t sc) {
  auto it = repr_cache_.find(&attrs);
  if (it != repr_cache_.end()) return it->second;
  return repr_cache_.emplace(&attrs, ComputeRepr(attrs, LF(sc), tg_)).first->second;
}

// ------------------------------------------------------------ ordering
void Extractor::TypeDeps(const TypeNode& t, size_t sc, std::vector<int>* out, int depth) const {
  if (depth > kMaxSemDepth) return;
  switch (t.kind) {
    case TypeNode::kPtr:
    case TypeNode::kRef:
    case TypeNode::kFn:
      return;
    case TypeNode::kArray:
      for (const Expr& x : t.len) ExprDeps(x, sc, out, depth + 1);
      [[fallthrough]];
    default:
      for (const TypeNode& c : t.elems) TypeDeps(c, sc, out, depth + 1);
      break;
  }
  if (t.kind == TypeNode::kPath) {
    Res r = Resolve(t.path, nullptr, sc);
    if (r.k == Res::kEntity) out->push_back(r.ent);
    if (!t.path.segments.empty()) {
      for (const GenericArg& a : t.path.segments.back().args) {
        for (const TypeNode& c : a.type) TypeDeps(c, sc, out, depth + 1);
        for (const Expr& x : a.expr) ExprDeps(x, sc, out, depth + 1);
      }
    }
  }
}

void Extractor::ExprDeps(const Expr& e, size_t sc, std::vector<int>* out, int depth) const {
  if (depth > kMaxSemDepth) return;
  if (e.kind == Expr::kPath && !e.path.segments.empty()) {
    int id = ResolveValue(e.path, sc);
    if (id >= 0) out->push_back(id);
    for (const GenericArg& a : e.path.segments.back().args)
      for (const TypeNode& c : a.type) TypeDeps(c, sc, out, depth + 1);
  }
  for (const Expr& k : e.kids) ExprDeps(k, sc, out, depth + 1);
  for (const TypeNode& t : e.type) TypeDeps(t, sc, out, depth + 1);
}

std::vector<int> Extractor::Deps(int id) const {
  const Entity& e = ents_[id];
  std::vector<int> d;
  switch (e.kind) {
    case EntKind::kStruct:
    case EntKind::kUnion:
      for (const FieldDef& f : e.item->fields) TypeDeps(f.type, e.sc, &d, 0);
      break;
    case EntKind::kAlias:
      for (const TypeNode& t : e.item->type) TypeDeps(t, e.sc, &d, 0);
      break;
    case EntKind::kEnum:
      for (const Variant& v : e.item->variants)
        for (const Expr& x : v.disc) ExprDeps(x, e.sc, &d, 0);
      break;
    case EntKind::kUseAlias: {
      int t = UseTarget(e);
      if (t >= 0) d.push_back(t);
      break;
    }
    case EntKind::kConst:
      for (const TypeNode& t : e.item->type) TypeDeps(t, e.sc, &d, 0);
      for (const Expr& x : e.item->expr) ExprDeps(x, e.sc, &d, 0);
      break;
    case EntKind::kModConsts:
      break;
  }
  return d;
}

void Extractor::ComputeAll() {
  // Iterative DFS post-order over by-value dependencies so that the
  // memoised computations below rarely recurse deeply.
  std::vector<int> order;
  std::vector<uint8_t> st(ents_.size(), 0);
  std::vector<std::pair<int, std::vector<int>>> stack;
  for (size_t root = 0; root < ents_.size(); ++root) {
    // Dependency items are computed when something of crate 0 needs them.
    if (st[root] || CrateOf(ents_[root].sc) != 0) continue;
    stack.push_back({static_cast<int>(root), Deps(static_cast<int>(root))});
    st[root] = 1;
    while (!stack.empty()) {
      auto& top = stack.back();
      if (!top.second.empty()) {
        int n = top.second.back();
        top.second.pop_back();
        if (n >= 0 && static_cast<size_t>(n) < ents_.size() && !st[n]) {
          st[n] = 1;
          stack.push_back({n, Deps(n)});
        }
        continue;
      }
      order.push_back(top.first);
      st[top.first] = 2;
      stack.pop_back();
    }
  }
  for (int id : order) {
    item_steps_ = 0;
    Entity& e = ents_[id];
    if (e.kind == EntKind::kConst) {
      CVal v;
      std::string err;
      EvalConstEntity(id, 0, &v, &err);
    } else if (!((e.kind == EntKind::kStruct || e.kind == EntKind::kUnion || e.kind == EntKind::kAlias) &&
                 e.item && e.item->generics.HasTypeOrConst())) {
      LayoutOfEntity(id, 0);
    }
  }
}

// ------------------------------------------------------------ public API
absl::StatusOr<RustExtraction> ExtractRustSources(const std::vector<RustSource>& sources,
                                                  const RustFrontendOptions& options) {
  BF_ASSIGN_OR_RETURN(Target tg, MakeTarget(options));
  if (options.max_nesting_depth < 1 || options.max_nesting_depth > 4096) {
    return absl::InvalidArgumentError("max_nesting_depth must be in [1, 4096]");
  }
  CfgSet cfgs = CfgSet::ForTarget(*tg.info);
  for (const std::string& c : options.cfgs) BF_RETURN_IF_ERROR(cfgs.Add(c));
  for (const std::string& f : options.features) cfgs.AddFeatures(f);
  Extractor ex(options, std::move(tg), std::move(cfgs));
  return ex.Run(sources);
}

absl::StatusOr<std::vector<RustSource>> ReadRustSources(const std::vector<std::string>& files,
                                                        const RustFrontendOptions& options) {
  std::vector<RustSource> out;
  for (const std::string& f : files) {
    BF_ASSIGN_OR_RETURN(std::string text, ReadFile(f, options.max_input_bytes));
    out.push_back({f, std::move(text)});
  }
  return out;
}

absl::StatusOr<Contract> ExtractRust(const std::vector<std::string>& files, const RustFrontendOptions& options) {
  BF_ASSIGN_OR_RETURN(std::vector<RustSource> srcs, ReadRustSources(files, options));
  RustFrontendOptions o = options;
  o.read_mod_files = true;  // files on disk: `mod x;` reads x.rs as rustc does
  BF_ASSIGN_OR_RETURN(RustExtraction ex, ExtractRustSources(srcs, o));
  return std::move(ex.contract);
}

absl::StatusOr<Contract> ExtractRustFromSource(std::string_view source, std::string_view file_name,
                                               const RustFrontendOptions& options) {
  std::vector<RustSource> srcs;
  srcs.push_back({std::string(file_name), std::string(source)});
  BF_ASSIGN_OR_RETURN(RustExtraction ex, ExtractRustSources(srcs, options));
  return std::move(ex.contract);
}

}  // namespace bindfuzz::rust_frontend
