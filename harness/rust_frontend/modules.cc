// Placing the inputs as rustc builds a crate from them: which crate each
// input belongs to, which module its items are in, and the files `mod x;`
// reads.
//
// The inputs of the crate under check (crate 0) that no other input reaches
// are its *top* modules; each sees the others' items as through a glob
// import (`use <other>::*`, private items too), which is how the rustc
// oracle compiles them. An input reached by another input is placed where
// rustc puts it: `mod x;` (x.rs, x/mod.rs, `#[path]`, see mod_path.h) makes
// it module x; `include!("...")` of a path ending in its file name puts its
// items in the including module (the kernel's lib.rs includes
// bindings_generated.rs inside `mod bindings_raw` so).
// A `mod x;` whose file is not an input is read from disk when
// RustFrontendOptions::read_mod_files is set (an error when it does not
// exist, as in rustc), else noted.
// Each dependency crate's inputs are its top modules (its expanded text
// holds its whole module tree).
#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/rust_frontend/extractor.h"
#include "harness/rust_frontend/mod_path.h"
#include "harness/rust_frontend/parser.h"
#include "harness/rust_frontend/str_util.h"
#include "harness/rust_frontend/token_util.h"

namespace bindfuzz::rust_frontend {

using contract::Note;

namespace {

bool IsRegularFile(const std::string& p, struct stat* st) {
  return stat(p.c_str(), st) == 0 && S_ISREG(st->st_mode);
}

// Do two paths name one file? By their text, else (both existing) by inode.
bool SamePath(const std::string& a, const std::string& b) {
  if (NormalizePath(a) == NormalizePath(b)) return true;
  struct stat sa, sb;
  return IsRegularFile(a, &sa) && IsRegularFile(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// The path an `include!(...)` names: the last string literal of its
// arguments (`include!(concat!(env!("OBJTREE"), "/rust/bindings/x.rs"))`).
std::optional<std::string> IncludePath(const Item& it, const LexedFile& f) {
  if (it.kind != Item::kMacroCall || it.macro_path.Last() != "include") return std::nullopt;
  std::optional<std::string> last;
  for (uint32_t i = it.tt_begin + 1; i < it.tt_end && i < f.tokens.size(); ++i) {
    const Token& t = f.tokens[i];
    std::string s;
    if (t.kind == TokKind::kLiteral && t.lit == LitKind::kStr && DecodeStringLiteral(f.Text(t), &s)) last = s;
  }
  return last;
}

// `#[path = "..."]`, if any.
std::optional<std::string> PathAttr(const Item& it, const LexedFile& f) { return AttrString(it.attrs, "path", f); }

}  // namespace

absl::StatusOr<size_t> Extractor::ParseInput(std::string name, std::string text, int crate, bool input) {
  if (text.size() > opts_.max_input_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": file is ", text.size(), " bytes, larger than the limit of ", opts_.max_input_bytes));
  }
  LexOptions lo;
  lo.max_depth = opts_.max_nesting_depth;
  BF_ASSIGN_OR_RETURN(std::unique_ptr<LexedFile> lex, Lex(std::move(name), std::move(text), lo));
  ParseOptions po;
  po.max_depth = opts_.max_nesting_depth;
  BF_ASSIGN_OR_RETURN(SourceFileAst ast, ParseFile(*lex, po));
  total_tokens_ += lex->tokens.size();
  if (crate == 0) {
    out_.stats.tokens += lex->tokens.size();
    CountFns(ast.items, 0);
  }
  auto pf = std::make_unique<ParsedFile>();
  pf->lex = std::move(lex);
  pf->ast = std::move(ast);
  pf->crate = crate;
  pf->input = input;
  files_.push_back(std::move(pf));
  size_t idx = files_.size() - 1;
  ExpandCfgAttrs(idx);
  return idx;
}

size_t Extractor::ScopeOf(size_t file, int mod, int file_top) {
  auto key = std::make_tuple(file, mod, file_top);
  auto it = scope_ids_.find(key);
  if (it != scope_ids_.end()) return it->second;
  scopes_.push_back({file, mod, file_top});
  scope_ids_.emplace(key, scopes_.size() - 1);
  return scopes_.size() - 1;
}

int Extractor::NewModule(std::string name, int parent, int crate, std::string dir) {
  Module m;
  m.name = std::move(name);
  m.parent = parent;
  m.crate = crate;
  m.dir = std::move(dir);
  mods_.push_back(std::move(m));
  return static_cast<int>(mods_.size() - 1);
}

// ------------------------------------------------------------ cfg_attr
void Extractor::ExpandCfgAttrList(std::vector<Attr>* attrs, const LexedFile& f, int depth) {
  bool any = false;
  for (const Attr& a : *attrs) any = any || a.name == "cfg_attr";
  if (!any) return;
  std::vector<Attr> out;
  for (const Attr& a : *attrs) {
    if (a.name != "cfg_attr") {
      out.push_back(a);
      continue;
    }
    std::set<std::string> unset;
    std::vector<Attr> expanded;
    int v = ExpandCfgAttr(a, f, cfgs_, &unset, &expanded);
    for (const std::string& n : unset) unknown_cfgs_.try_emplace(n, LocIn(expanding_file_, a.tok));
    if (v < 0) {
      out.push_back(a);  // kept unexpanded: its attributes do not apply
      cfg_attr_undecided_.push_back({expanding_file_, a.tok, SpellTokens(f, a.args_begin, a.args_end)});
      continue;
    }
    // Nested cfg_attr in the expansion, bounded.
    if (depth < 8) ExpandCfgAttrList(&expanded, f, depth + 1);
    out.insert(out.end(), expanded.begin(), expanded.end());
  }
  *attrs = std::move(out);
}

void Extractor::ExpandCfgAttrItems(std::vector<Item>* items, const LexedFile& f, int depth) {
  if (depth > opts_.max_nesting_depth) return;
  for (Item& it : *items) {
    ExpandCfgAttrList(&it.attrs, f, 0);
    for (FieldDef& fd : it.fields) ExpandCfgAttrList(&fd.attrs, f, 0);
    for (Variant& v : it.variants) {
      ExpandCfgAttrList(&v.attrs, f, 0);
      for (FieldDef& fd : v.fields) ExpandCfgAttrList(&fd.attrs, f, 0);
    }
    ExpandCfgAttrItems(&it.items, f, depth + 1);
  }
}

void Extractor::ExpandCfgAttrs(size_t file) {
  ParsedFile& pf = *files_[file];
  expanding_file_ = file;
  ExpandCfgAttrList(&pf.ast.inner_attrs, *pf.lex, 0);
  ExpandCfgAttrItems(&pf.ast.items, *pf.lex, 0);
}

bool Extractor::FileExcludedByCfg(size_t file, size_t sc) {
  const ParsedFile& pf = *files_[file];
  for (const Attr& a : pf.ast.inner_attrs) {
    if (a.name != "cfg") continue;
    std::set<std::string> unset;
    int v = EvalCfgAttr(a, *pf.lex, cfgs_, &unset);
    for (const std::string& n : unset) unknown_cfgs_.try_emplace(n, Loc(sc, a.tok));
    if (v == 0) {
      AddNote(Note::Level::kInfo, "", "file excluded by #![cfg(...)]", sc, a.tok);
      return true;
    }
  }
  return false;
}

// ------------------------------------------------------------ mod files
void Extractor::MarkReachedInputs(const std::vector<Item>& items, size_t file, const std::string& dir, bool file_level,
                                  int depth) {
  if (depth > opts_.max_nesting_depth) return;
  const LexedFile& f = *files_[file]->lex;
  auto mark = [&](const std::string& path, bool by_name) {
    for (size_t j = 0; j < num_inputs_; ++j) {
      if (j == file || files_[j]->crate != 0) continue;
      const std::string& n = files_[j]->lex->name;
      if (by_name ? BaseName(n) == path : SamePath(n, path)) files_[j]->placed = true;
    }
  };
  for (const Item& it : items) {
    bool excluded = false;
    for (const Attr& a : it.attrs) {
      if (a.name == "cfg" && EvalCfgAttr(a, f, cfgs_, nullptr) == 0) excluded = true;
    }
    if (excluded) continue;
    if (it.kind == Item::kMod && it.inline_mod) {
      std::optional<std::string> p = PathAttr(it, f);
      MarkReachedInputs(it.items, file, p ? JoinPath(file_level ? DirName(f.name) : dir, *p) : JoinPath(dir, it.name),
                        false, depth + 1);
    } else if (it.kind == Item::kMod) {
      if (std::optional<std::string> p = PathAttr(it, f)) {
        mark(JoinPath(file_level ? DirName(f.name) : dir, *p), false);
      } else {
        for (const std::string& c : ModFileCandidates(dir, it.name)) mark(c, false);
      }
    } else if (std::optional<std::string> inc = IncludePath(it, f)) {
      mark(BaseName(*inc), true);
    }
  }
}

absl::StatusOr<std::optional<size_t>> Extractor::ModFile(const Item& it, size_t sc, std::string* dir) {
  const Scope& s = scopes_[sc];
  const Module& m = mods_[s.mod];
  const LexedFile& f = LF(sc);
  bool file_level = s.mod == s.file_top;
  std::vector<std::string> cands;
  std::optional<std::string> path = PathAttr(it, f);
  if (path) {
    cands.push_back(JoinPath(file_level ? DirName(f.name) : m.dir, *path));
  } else {
    cands = ModFileCandidates(m.dir, it.name);
  }
  auto dir_of = [&](const std::string& file) { return ModuleDir(file, path.has_value()); };
  // An input with that path.
  for (size_t j = 0; j < num_inputs_; ++j) {
    if (files_[j]->crate != m.crate) continue;
    for (const std::string& c : cands) {
      if (!SamePath(files_[j]->lex->name, c)) continue;
      if (files_[j]->collected) {
        AddNote(Note::Level::kWarning, it.name,
                absl::StrCat("`mod ", it.name, ";`: ", c, " was already read as another module; not read again"), sc,
                it.tok);
        return std::optional<size_t>();
      }
      *dir = dir_of(files_[j]->lex->name);
      return std::optional<size_t>(j);
    }
  }
  std::string looked = absl::StrJoin(cands, " or ");
  if (!opts_.read_mod_files) {
    AddNote(Note::Level::kWarning, it.name,
            absl::StrCat("`mod ", it.name, ";`: its file (", looked,
                         ") is not an input and files are not read here: its items are not modelled"),
            sc, it.tok);
    return std::optional<size_t>();
  }
  std::vector<std::string> found;
  struct stat st;
  for (const std::string& c : cands) {
    if (IsRegularFile(c, &st)) found.push_back(c);
  }
  SourceLoc l = Loc(sc, it.tok);
  if (found.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(l.ToString(), ": file not found for module `", it.name,
                                                   "`: neither ", absl::StrJoin(cands, " nor "), " exists (rustc: E0583)"));
  }
  if (found.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(l.ToString(), ": file for module `", it.name,
                                                   "` found at both ", found[0], " and ", found[1],
                                                   " (rustc: E0761)"));
  }
  BF_ASSIGN_OR_RETURN(std::string text, ReadFile(found[0], opts_.max_input_bytes));
  BF_ASSIGN_OR_RETURN(size_t idx, ParseInput(found[0], std::move(text), m.crate, /*input=*/false));
  out_.contract.provenance.inputs.push_back(found[0]);
  *dir = dir_of(found[0]);
  return std::optional<size_t>(idx);
}

std::optional<size_t> Extractor::IncludedInput(const Item& it, size_t sc) {
  std::optional<std::string> inc = IncludePath(it, LF(sc));
  if (!inc) return std::nullopt;
  std::string base = BaseName(*inc);
  std::optional<size_t> hit;
  int hits = 0;
  for (size_t j = 0; j < num_inputs_; ++j) {
    if (files_[j]->crate != CrateOf(sc) || j == scopes_[sc].file) continue;
    if (BaseName(files_[j]->lex->name) == base) {
      hit = j;
      ++hits;
    }
  }
  if (hits > 1) {
    AddNote(Note::Level::kWarning, "include",
            absl::StrCat("`include!` of ", *inc, ": several inputs are named ", base, "; none is read here"), sc,
            it.tok);
    return std::nullopt;
  }
  if (hit && files_[*hit]->collected) {
    AddNote(Note::Level::kWarning, "include",
            absl::StrCat("`include!` of ", *inc, ": ", files_[*hit]->lex->name,
                         " was already read elsewhere; not read again"),
            sc, it.tok);
    return std::nullopt;
  }
  return hit;
}

absl::Status Extractor::Place(const std::vector<RustSource>& sources) {
  (void)sources;
  // Inputs of crate 0 that another input reaches.
  for (size_t i = 0; i < num_inputs_; ++i) {
    if (files_[i]->crate != 0) continue;
    const std::string& name = files_[i]->lex->name;
    MarkReachedInputs(files_[i]->ast.items, i, ModuleDir(name, true), true, 0);
  }
  crate_tops_.assign(crates_.size(), {});
  std::vector<std::vector<size_t>> tops(crates_.size());
  for (size_t i = 0; i < num_inputs_; ++i) {
    if (!files_[i]->placed) tops[files_[i]->crate].push_back(i);
  }
  for (size_t c = 0; c < crates_.size(); ++c) {
    if (tops[c].empty()) {  // every input reaches another: the first is the top
      for (size_t i = 0; i < num_inputs_; ++i) {
        if (files_[i]->crate == static_cast<int>(c)) {
          files_[i]->placed = false;
          tops[c].push_back(i);
          break;
        }
      }
    }
    for (size_t i : tops[c]) {
      crate_tops_[c].push_back(NewModule("", -1, static_cast<int>(c), ModuleDir(files_[i]->lex->name, true)));
    }
    // Each top sees the other tops' items.
    for (size_t a = 0; a < crate_tops_[c].size(); ++a) {
      for (size_t b = 0; b < crate_tops_[c].size(); ++b) {
        if (a == b) continue;
        Import imp;
        imp.to_mod = crate_tops_[c][b];
        imp.glob = true;
        imp.sees_private = true;
        imp.sc = ScopeOf(tops[c][a], crate_tops_[c][a], crate_tops_[c][a]);
        imports_.push_back(imp);
        mods_[crate_tops_[c][a]].globs.push_back(static_cast<int>(imports_.size() - 1));
      }
    }
  }
  for (size_t c = 0; c < crates_.size(); ++c) {
    for (size_t k = 0; k < tops[c].size(); ++k) {
      size_t file = tops[c][k];
      int mod = crate_tops_[c][k];
      size_t sc = ScopeOf(file, mod, mod);
      files_[file]->collected = true;
      if (FileExcludedByCfg(file, sc)) continue;
      BF_RETURN_IF_ERROR(Collect(files_[file]->ast.items, sc, true));
    }
  }
  return absl::OkStatus();
}

}  // namespace bindfuzz::rust_frontend
