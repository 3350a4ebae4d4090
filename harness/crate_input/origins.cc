#include "harness/crate_input/origins.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "harness/common/status.h"
#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"

namespace bindfuzz::crate_input {
namespace {

using rust_frontend::Item;
using rust_frontend::LexedFile;
using rust_frontend::Token;
using rust_frontend::TokKind;

constexpr int kMaxModuleDepth = 64;

const char* KindKeyword(Item::Kind k) {
  switch (k) {
    case Item::kStruct: return "struct";
    case Item::kUnion: return "union";
    case Item::kEnum: return "enum";
    case Item::kTypeAlias: return "type";
    case Item::kConst: return "const";
    case Item::kStatic: return "static";
    case Item::kFn: return "fn";
    case Item::kTrait: return "trait";
    default: return nullptr;
  }
}

bool IsItemKeyword(std::string_view s) {
  return s == "struct" || s == "union" || s == "enum" || s == "type" || s == "const" || s == "static" ||
         s == "fn" || s == "trait";
}

struct Leaf {
  const Item* item;
  std::vector<std::string> path;
};

void CollectLeaves(const std::vector<Item>& items, std::vector<std::string>& path, int depth,
                   std::vector<Leaf>* out) {
  if (depth > kMaxModuleDepth) return;
  for (const Item& it : items) {
    if (it.kind == Item::kMod && it.inline_mod) {
      path.push_back(it.name);
      CollectLeaves(it.items, path, depth + 1, out);
      path.pop_back();
    } else if (it.kind == Item::kExternBlock) {
      CollectLeaves(it.items, path, depth + 1, out);
    } else if (KindKeyword(it.kind) != nullptr && !it.name.empty() && it.name != "_") {
      std::vector<std::string> p = path;
      p.push_back(it.name);
      out->push_back({&it, std::move(p)});
    }
  }
}

struct Decl {
  std::string keyword;
  size_t file;
  uint32_t line;
  uint32_t tok;  // the name token
};

// How many tokens after the name agree between an item of the expanded text
// and a declaration (doc comments skipped, at most kMaxCompared): the
// pretty-printer keeps tokens, so the alternative rustc kept is the one
// whose text continues like the expanded item's.
constexpr uint32_t kMaxCompared = 512;
uint32_t AgreeingTokens(const LexedFile& a, uint32_t a_name, uint32_t a_end, const LexedFile& b, uint32_t b_name) {
  uint32_t i = a_name + 1, j = b_name + 1, n = 0;
  const uint32_t b_end = static_cast<uint32_t>(b.tokens.size());
  while (n < kMaxCompared) {
    while (i < a_end && a.tokens[i].kind == TokKind::kDoc) ++i;
    while (j < b_end && b.tokens[j].kind == TokKind::kDoc) ++j;
    if (i >= a_end || j >= b_end) break;
    const Token& x = a.tokens[i];
    const Token& y = b.tokens[j];
    if (x.kind != y.kind || x.kind == TokKind::kEof || a.Span(x.begin, x.end) != b.Span(y.begin, y.end)) break;
    ++n, ++i, ++j;
  }
  return n;
}

// Lines of the named fields of expanded record `it` in the declaration whose
// name token is `name_tok` of `src`: each field is the first `name :` inside
// the declaration's braces.
std::vector<std::pair<uint32_t, uint32_t>> FieldLines(const LexedFile& exp, const Item& it, const LexedFile& src,
                                                      uint32_t name_tok) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  if ((it.kind != Item::kStruct && it.kind != Item::kUnion) || it.shape != Item::kNamed) return out;
  // The body: the first `{` after the name (generics and where clauses have none).
  uint32_t open = name_tok + 1, n = static_cast<uint32_t>(src.tokens.size());
  while (open < n && !(src.tokens[open].kind == TokKind::kPunct && src.tokens[open].punct == '{')) {
    const Token& t = src.tokens[open];
    if (t.kind == TokKind::kPunct && (t.punct == ';' || t.punct == '}')) return out;
    ++open;
  }
  if (open >= n) return out;
  const uint32_t close = src.tokens[open].match;
  std::unordered_map<std::string, uint32_t> first;
  for (uint32_t i = open + 1; i + 1 < close && i + 1 < n; ++i) {
    const Token& t = src.tokens[i];
    if (t.kind == TokKind::kPunct && (t.punct == '(' || t.punct == '[' || t.punct == '{') && t.match > i) {
      i = t.match;  // `fn(x: T)` parameters are not fields
      continue;
    }
    const Token& c = src.tokens[i + 1];
    if (t.kind != TokKind::kIdent || c.kind != TokKind::kPunct || c.punct != ':' || c.joint) continue;
    first.emplace(std::string(src.Text(t)), src.Pos(t.begin).line);
  }
  for (const rust_frontend::FieldDef& f : it.fields) {
    auto x = first.find(f.name);
    if (x != first.end()) out.emplace_back(exp.Pos(exp.tokens[f.tok].begin).line, x->second);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<ItemOrigin>> MapOrigins(std::string_view expanded_name, std::string_view expanded,
                                                   const std::vector<SourceText>& files) {
  BF_ASSIGN_OR_RETURN(std::unique_ptr<LexedFile> lex,
                      rust_frontend::Lex(std::string(expanded_name), std::string(expanded), {}));
  BF_ASSIGN_OR_RETURN(rust_frontend::SourceFileAst ast, rust_frontend::ParseFile(*lex, {}));
  std::vector<Leaf> leaves;
  std::vector<std::string> path;
  CollectLeaves(ast.items, path, 0, &leaves);

  std::unordered_set<std::string> wanted;
  for (const Leaf& l : leaves) wanted.insert(l.item->name);

  // `keyword name` in every file rustc read, in its reading order.
  std::unordered_map<std::string, std::vector<Decl>> decls;
  std::vector<std::unique_ptr<LexedFile>> lexed;
  for (size_t fi = 0; fi < files.size(); ++fi) {
    absl::StatusOr<std::unique_ptr<LexedFile>> f = rust_frontend::Lex(files[fi].name, files[fi].text, {});
    if (!f.ok()) {
      lexed.push_back(nullptr);
      continue;
    }
    const LexedFile& lf = **f;
    for (size_t i = 0; i + 1 < lf.tokens.size(); ++i) {
      const Token& k = lf.tokens[i];
      const Token& n = lf.tokens[i + 1];
      if (k.kind != TokKind::kIdent || k.raw || n.kind != TokKind::kIdent) continue;
      std::string_view kw = lf.Text(k);
      if (!IsItemKeyword(kw)) continue;
      std::string name(lf.Text(n));
      if (!wanted.count(name)) continue;
      decls[name].push_back({std::string(kw), fi, lf.Pos(n.begin).line, static_cast<uint32_t>(i + 1)});
    }
    lexed.push_back(std::move(*f));
  }
  // Names never declared with a keyword: their first mention.
  std::unordered_map<std::string, std::pair<size_t, uint32_t>> mentions;
  std::unordered_set<std::string> undeclared;
  for (const std::string& w : wanted) {
    if (!decls.count(w)) undeclared.insert(w);
  }
  if (!undeclared.empty()) {
    for (size_t fi = 0; fi < lexed.size(); ++fi) {
      if (lexed[fi] == nullptr) continue;
      const LexedFile& lf = *lexed[fi];
      for (const Token& t : lf.tokens) {
        if (t.kind != TokKind::kIdent) continue;
        std::string name(lf.Text(t));
        if (undeclared.count(name) && !mentions.count(name)) mentions[name] = {fi, lf.Pos(t.begin).line};
      }
    }
  }

  std::vector<ItemOrigin> out;
  out.reserve(leaves.size());
  for (const Leaf& l : leaves) {
    const Item& it = *l.item;
    ItemOrigin o;
    o.path = l.path;
    o.kind = KindKeyword(it.kind);
    uint32_t last_tok = it.end_tok > it.begin_tok ? it.end_tok - 1 : it.begin_tok;
    o.expanded_begin = lex->Pos(lex->tokens[it.begin_tok].begin).line;
    o.expanded_end = lex->Pos(lex->tokens[last_tok].begin).line;
    auto d = decls.find(it.name);
    if (d != decls.end()) {
      std::vector<const Decl*> same, other;
      for (const Decl& x : d->second) (x.keyword == o.kind ? same : other).push_back(&x);
      const std::vector<const Decl*>& pick = same.empty() ? other : same;
      const Decl* best = pick.front();
      bool by_text = false;
      if (pick.size() > 1) {
        // cfg alternatives: the one whose text continues like the item's.
        uint32_t best_n = 0, ties = 0;
        for (const Decl* x : pick) {
          if (lexed[x->file] == nullptr) continue;
          uint32_t n = AgreeingTokens(*lex, it.tok, it.end_tok, *lexed[x->file], x->tok);
          if (n > best_n) {
            best_n = n;
            best = x;
            ties = 1;
          } else if (n == best_n) {
            ++ties;
          }
        }
        by_text = best_n > 0 && ties == 1;
        if (!by_text) best = pick.front();
      }
      o.file = files[best->file].name;
      o.line = best->line;
      if (lexed[best->file] != nullptr) o.fields = FieldLines(*lex, it, *lexed[best->file], best->tok);
      if (!same.empty()) {
        o.how = same.size() == 1 ? "declaration" : absl::StrCat("declaration, ", same.size(), " candidates");
      } else {
        o.how = absl::StrCat("declared as ", best->keyword);
        if (other.size() > 1) absl::StrAppend(&o.how, ", ", other.size(), " candidates");
      }
      if (by_text) absl::StrAppend(&o.how, ", chosen by its text");
    } else if (auto m = mentions.find(it.name); m != mentions.end()) {
      o.file = files[m->second.first].name;
      o.line = m->second.second;
      o.how = "mention";
    }
    out.push_back(std::move(o));
  }
  std::sort(out.begin(), out.end(), [](const ItemOrigin& a, const ItemOrigin& b) {
    return a.expanded_begin != b.expanded_begin ? a.expanded_begin < b.expanded_begin
                                                : a.expanded_end < b.expanded_end;
  });
  return out;
}

absl::StatusOr<std::set<std::string>> PathRootsUsed(std::string_view text_name, std::string_view text,
                                                    const std::set<std::string>& names) {
  std::set<std::string> used;
  if (names.empty()) return used;
  BF_ASSIGN_OR_RETURN(std::unique_ptr<LexedFile> lex, rust_frontend::Lex(std::string(text_name), std::string(text), {}));
  const std::vector<Token>& t = lex->tokens;
  for (size_t i = 0; i + 2 < t.size(); ++i) {
    if (t[i].kind != TokKind::kIdent) continue;
    if (!(t[i + 1].kind == TokKind::kPunct && t[i + 1].punct == ':' && t[i + 1].joint &&
          t[i + 2].kind == TokKind::kPunct && t[i + 2].punct == ':')) {
      continue;
    }
    std::string n(lex->Text(t[i]));
    if (names.count(n)) used.insert(std::move(n));
    if (used.size() == names.size()) break;
  }
  return used;
}

}  // namespace bindfuzz::crate_input
