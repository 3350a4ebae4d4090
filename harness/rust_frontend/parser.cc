// The Rust item grammar as one recursive-descent Parser class (parser.h).
// Over 1,000 lines on purpose: items, types, generics, patterns and
// expressions are productions of one grammar that call each other and share
// the cursor, the depth bound and the error reporting; split across files
// they would only trade one class for several friends of it.
#include "harness/rust_frontend/parser.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "harness/common/status.h"

namespace bindfuzz::rust_frontend {

const std::string& Path::Last() const {
  static const std::string kEmpty;
  return segments.empty() ? kEmpty : segments.back().name;
}

bool IsRustKeyword(std::string_view n) {
  static const char* const kKeywords[] = {
      "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
      "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
      "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe",
      "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do",
      "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
  };
  for (const char* k : kKeywords)
    if (n == k) return true;
  return false;
}

namespace {

class Parser {
 public:
  Parser(const LexedFile& f, const ParseOptions& o) : f_(f), t_(f.tokens), opts_(o) {
    limit_ = static_cast<uint32_t>(t_.size() - 1);  // the EOF token
  }

  absl::StatusOr<SourceFileAst> Run() {
    SourceFileAst ast;
    BF_RETURN_IF_ERROR(ParseInnerAttrs(&ast.inner_attrs));
    BF_RETURN_IF_ERROR(ParseItems(&ast.items));
    return ast;
  }

 private:
  // ---------------------------------------------------------------- basics
  class Depth {
   public:
    explicit Depth(Parser* p) : p_(p) { ++p_->depth_; }
    ~Depth() { --p_->depth_; }
    absl::Status Check() const {
      if (p_->depth_ > p_->opts_.max_depth) {
        return p_->Err(absl::StrCat("nesting deeper than ", p_->opts_.max_depth));
      }
      return absl::OkStatus();
    }

   private:
    Parser* p_;
  };

  const Token& T(uint32_t i) const { return t_[i < limit_ ? i : limit_]; }
  bool AtEnd() const { return pos_ >= limit_; }
  // Token at pos_+k, or the limit token (acts as EOF / closing delimiter).
  const Token& Peek(uint32_t k = 0) const { return T(pos_ + k); }
  bool InRange(uint32_t k) const { return pos_ + k < limit_; }

  bool IsP(char c, uint32_t k = 0) const {
    return InRange(k) && Peek(k).kind == TokKind::kPunct && Peek(k).punct == c;
  }
  // Two joint puncts.
  bool IsP2(char a, char b, uint32_t k = 0) const {
    return IsP(a, k) && Peek(k).joint && IsP(b, k + 1);
  }
  bool IsP3(char a, char b, char c) const {
    return IsP2(a, b) && Peek(1).joint && IsP(c, 2);
  }
  bool IsPathSep(uint32_t k = 0) const { return IsP2(':', ':', k); }
  // A single ':' (not part of '::').
  bool IsColon(uint32_t k = 0) const {
    if (!IsP(':', k)) return false;
    if (Peek(k).joint && IsP(':', k + 1)) return false;
    if (pos_ + k > 0) {
      const Token& prev = t_[pos_ + k - 1];
      if (prev.kind == TokKind::kPunct && prev.punct == ':' && prev.joint) return false;
    }
    return true;
  }
  bool IsIdent(uint32_t k = 0) const { return InRange(k) && Peek(k).kind == TokKind::kIdent; }
  bool IsKw(std::string_view kw, uint32_t k = 0) const {
    return IsIdent(k) && !Peek(k).raw && f_.Text(Peek(k)) == kw;
  }
  bool IsLifetime(uint32_t k = 0) const { return InRange(k) && Peek(k).kind == TokKind::kLifetime; }
  bool IsLit(uint32_t k = 0) const { return InRange(k) && Peek(k).kind == TokKind::kLiteral; }
  bool IsOpen(uint32_t k = 0) const { return IsP('(', k) || IsP('[', k) || IsP('{', k); }
  std::string_view Text(uint32_t k = 0) const { return f_.Text(Peek(k)); }

  std::string Describe(const Token& t) const {
    if (t.kind == TokKind::kEof) return "end of file";
    if (&t == &t_[limit_] && limit_ != t_.size() - 1) {
      return absl::StrCat("`", std::string(1, t.punct), "`");
    }
    std::string_view s = f_.Span(t.begin, t.end);
    if (s.size() > 40) s = s.substr(0, 40);
    return absl::StrCat("`", absl::string_view(s.data(), s.size()), "`");
  }

  absl::Status ErrAt(uint32_t tok, std::string_view msg) const {
    const Token& t = t_[tok < t_.size() ? tok : t_.size() - 1];
    return absl::InvalidArgumentError(
        absl::StrCat(f_.Where(t.begin), ": ", absl::string_view(msg.data(), msg.size())));
  }
  absl::Status Err(std::string_view msg) const {
    uint32_t at = pos_ < limit_ ? pos_ : limit_;
    return ErrAt(at, msg);
  }
  absl::Status Expected(std::string_view what) const {
    uint32_t at = pos_ < limit_ ? pos_ : limit_;
    return ErrAt(at, absl::StrCat("expected ", absl::string_view(what.data(), what.size()),
                                  ", found ", Describe(t_[at])));
  }
  absl::Status ExpectP(char c) {
    if (!IsP(c)) return Expected(absl::StrCat("`", std::string(1, c), "`"));
    ++pos_;
    return absl::OkStatus();
  }
  absl::Status ExpectPathSep() {
    if (!IsPathSep()) return Expected("`::`");
    pos_ += 2;
    return absl::OkStatus();
  }
  absl::Status ExpectKw(std::string_view kw) {
    if (!IsKw(kw)) return Expected(absl::StrCat("`", absl::string_view(kw.data(), kw.size()), "`"));
    ++pos_;
    return absl::OkStatus();
  }
  absl::Status ExpectIdent(std::string* name, bool* raw = nullptr, uint32_t* tok = nullptr) {
    if (!IsIdent()) return Expected("identifier");
    *name = std::string(Text());
    if (raw) *raw = Peek().raw;
    if (tok) *tok = pos_;
    ++pos_;
    return absl::OkStatus();
  }

  // Runs `fn` with the view restricted to the inside of the delimited group
  // opening at pos_; requires `fn` to consume everything; leaves pos_ after
  // the closing delimiter.
  template <typename Fn>
  absl::Status InGroup(Fn&& fn) {
    if (!IsOpen()) return Expected("`(`, `[` or `{`");
    uint32_t open = pos_;
    uint32_t close = t_[open].match;
    uint32_t saved_limit = limit_;
    limit_ = close;
    pos_ = open + 1;
    absl::Status st = fn();
    if (st.ok() && pos_ < limit_) st = Expected(absl::StrCat("`", std::string(1, t_[close].punct), "`"));
    limit_ = saved_limit;
    if (!st.ok()) return st;
    pos_ = close + 1;
    return absl::OkStatus();
  }

  // Skips the token tree at pos_ (a group or one token).
  void SkipTree() {
    if (IsOpen()) {
      pos_ = t_[pos_].match + 1;
    } else if (!AtEnd()) {
      ++pos_;
    }
  }

  // Skips tokens up to (not including) a ',' or ';' at depth 0, or the end.
  void SkipToCommaOrSemi() {
    while (!AtEnd() && !IsP(',') && !IsP(';')) SkipTree();
  }

  // Skips generic bounds / where-clause material: stops at depth-0 (angle
  // and delimiter) tokens listed in `stops` ("," ">" "=" "{" ";"), never
  // past the end of the current group. `->` does not close an angle.
  void SkipBoundsUntil(std::string_view stops) {
    int angle = 0;
    while (!AtEnd()) {
      const Token& t = Peek();
      if (t.kind == TokKind::kPunct) {
        char c = t.punct;
        if (angle == 0 && stops.find(c) != std::string_view::npos) {
          // '=' as part of '==' / '=>' never appears in bounds; stop anyway.
          return;
        }
        if (c == '-' && IsP2('-', '>')) {
          pos_ += 2;
          continue;
        }
        if (c == '<') {
          ++angle;
        } else if (c == '>') {
          if (angle == 0) return;
          --angle;
        }
      }
      if (angle == 0 && IsKw("where") && stops.find('w') != std::string_view::npos) return;
      SkipTree();
    }
  }

  // ------------------------------------------------------------ attributes
  absl::Status ParseAttrBody(Attr* a) {
    // At '[' group.
    return InGroup([&]() -> absl::Status {
      // #[unsafe(no_mangle)] (2024): unwrap.
      if (IsKw("unsafe") && IsP('(', 1)) {
        ++pos_;
        return InGroup([&]() { return ParseAttrInner(a); });
      }
      return ParseAttrInner(a);
    });
  }

  absl::Status ParseAttrInner(Attr* a) {
    std::string name;
    if (IsPathSep()) pos_ += 2;
    while (true) {
      if (!IsIdent()) return Expected("attribute name");
      absl::StrAppend(&name, std::string(Text()));
      ++pos_;
      if (IsPathSep()) {
        pos_ += 2;
        name += "::";
        continue;
      }
      break;
    }
    a->name = name;
    if (IsOpen()) {
      a->args_begin = pos_ + 1;
      a->args_end = t_[pos_].match;
      pos_ = t_[pos_].match + 1;
    } else if (IsP('=')) {
      ++pos_;
      a->has_eq = true;
      a->args_begin = pos_;
      while (!AtEnd()) SkipTree();
      a->args_end = pos_;
    }
    if (!AtEnd()) return Expected("`]`");
    return absl::OkStatus();
  }

  absl::Status ParseOuterAttrs(std::vector<Attr>* out) {
    while (InRange(0)) {
      const Token& t = Peek();
      if (t.kind == TokKind::kDoc) {
        Attr a;
        a.name = "doc";
        a.is_doc = true;
        a.inner = t.inner;
        a.tok = pos_;
        a.args_begin = pos_;
        a.args_end = pos_ + 1;
        out->push_back(std::move(a));
        ++pos_;
        continue;
      }
      if (IsP('#') && IsP('[', 1)) {
        Attr a;
        a.tok = pos_;
        ++pos_;
        BF_RETURN_IF_ERROR(ParseAttrBody(&a));
        out->push_back(std::move(a));
        continue;
      }
      if (IsP('#') && IsP('!', 1) && IsP('[', 2)) {
        // Inner attribute in an item position: accept (rustc would reject
        // it unless at the start of a block or module).
        BF_RETURN_IF_ERROR(ParseBangAttr(out));
        continue;
      }
      break;
    }
    return absl::OkStatus();
  }

  absl::Status ParseInnerAttrs(std::vector<Attr>* out) {
    while (InRange(0)) {
      if (Peek().kind == TokKind::kDoc && Peek().inner) {
        Attr a;
        a.name = "doc";
        a.is_doc = true;
        a.inner = true;
        a.tok = pos_;
        a.args_begin = pos_;
        a.args_end = pos_ + 1;
        out->push_back(std::move(a));
        ++pos_;
        continue;
      }
      if (IsP('#') && IsP('!', 1) && IsP('[', 2)) {
        BF_RETURN_IF_ERROR(ParseBangAttr(out));
        continue;
      }
      break;
    }
    return absl::OkStatus();
  }

  // `#![...]` at pos_ (checked by the caller).
  absl::Status ParseBangAttr(std::vector<Attr>* out) {
    Attr a;
    a.tok = pos_;
    a.inner = true;
    pos_ += 2;
    BF_RETURN_IF_ERROR(ParseAttrBody(&a));
    out->push_back(std::move(a));
    return absl::OkStatus();
  }

  // ------------------------------------------------------------ visibility
  bool ParseVis() {
    if (IsKw("crate") && !IsPathSep(1)) {  // old `crate` visibility
      ++pos_;
      return true;
    }
    if (!IsKw("pub")) return false;
    ++pos_;
    if (IsP('(')) {
      uint32_t open = pos_;
      uint32_t close = t_[open].match;
      uint32_t n = close - open - 1;
      std::string_view first = n >= 1 && t_[open + 1].kind == TokKind::kIdent ? f_.Text(t_[open + 1]) : "";
      if ((n == 1 && (first == "crate" || first == "self" || first == "super")) || first == "in") {
        pos_ = close + 1;
      }
    }
    return true;
  }

  // ----------------------------------------------------------------- items
  absl::Status ParseItems(std::vector<Item>* out) {
    while (!AtEnd()) {
      if (IsP(';')) {  // stray semicolons are accepted by rustc with a lint
        ++pos_;
        continue;
      }
      Item it;
      BF_RETURN_IF_ERROR(ParseOuterAttrs(&it.attrs));
      if (AtEnd()) {
        if (!it.attrs.empty()) return ErrAt(it.attrs.back().tok, "expected item after attributes");
        break;
      }
      BF_RETURN_IF_ERROR(ParseItem(&it));
      out->push_back(std::move(it));
    }
    return absl::OkStatus();
  }

  absl::Status ParseItem(Item* it) {
    Depth d(this);
    BF_RETURN_IF_ERROR(d.Check());
    it->begin_tok = pos_;
    it->tok = pos_;
    // Macro invocation / macro_rules (visibility is not allowed on these,
    // except `pub macro`).
    if (IsKw("macro_rules") && IsP('!', 1) && IsIdent(2)) {
      pos_ += 2;
      BF_RETURN_IF_ERROR(ExpectIdent(&it->name, &it->raw_name, &it->tok));
      it->kind = Item::kMacroRules;
      if (!IsOpen()) return Expected("macro_rules! body");
      bool brace = IsP('{');
      it->tt_begin = pos_;
      it->tt_end = t_[pos_].match;
      SkipTree();
      if (!brace) BF_RETURN_IF_ERROR(ExpectP(';'));
      it->end_tok = pos_;
      return absl::OkStatus();
    }
    it->is_pub = ParseVis();
    // Qualifiers.
    uint32_t qual_start = pos_;
    bool is_default = false, is_const = false, is_async = false, is_unsafe = false, is_safe = false;
    bool is_extern = false, has_abi = false, is_auto = false;
    std::string abi;
    while (true) {
      if (IsKw("default") && (IsKw("fn", 1) || IsKw("unsafe", 1) || IsKw("impl", 1) ||
                              IsKw("const", 1) || IsKw("async", 1) || IsKw("type", 1) ||
                              IsKw("extern", 1))) {
        is_default = true;
        ++pos_;
      } else if (IsKw("const") && (IsKw("fn", 1) || IsKw("unsafe", 1) || IsKw("async", 1) ||
                                   IsKw("extern", 1) || IsKw("impl", 1) || IsKw("trait", 1))) {
        is_const = true;
        ++pos_;
      } else if (IsKw("async") && !IsP('{', 1) && !IsKw("move", 1)) {
        is_async = true;
        ++pos_;
      } else if (IsKw("unsafe") && !IsP('{', 1)) {
        is_unsafe = true;
        ++pos_;
      } else if (IsKw("safe") && (IsKw("fn", 1) || IsKw("static", 1))) {
        is_safe = true;
        ++pos_;
      } else if (IsKw("auto") && IsKw("trait", 1)) {
        is_auto = true;
        ++pos_;
      } else if (IsKw("extern") && !IsKw("crate", 1)) {
        is_extern = true;
        ++pos_;
        if (IsLit() && Peek().lit == LitKind::kStr) {
          has_abi = true;
          std::string s;
          if (!DecodeStringLiteral(Text(), &s)) return Err("invalid ABI string");
          abi = s;
          ++pos_;
        }
      } else {
        break;
      }
    }
    (void)is_default;
    (void)is_auto;
    if (is_extern && IsP('{')) {
      it->kind = Item::kExternBlock;
      it->abi = has_abi ? abi : "C";
      it->tok = qual_start;
      BF_RETURN_IF_ERROR(InGroup([&]() -> absl::Status {
        std::vector<Attr> inner;
        BF_RETURN_IF_ERROR(ParseInnerAttrs(&inner));
        it->attrs.insert(it->attrs.end(), inner.begin(), inner.end());
        return ParseItems(&it->items);
      }));
      it->end_tok = pos_;
      return absl::OkStatus();
    }
    if (IsKw("fn")) {
      it->kind = Item::kFn;
      it->sig.is_const = is_const;
      it->sig.is_async = is_async;
      it->sig.is_unsafe = is_unsafe;
      it->sig.is_safe = is_safe;
      it->sig.has_abi = is_extern;
      it->sig.abi = is_extern ? (has_abi ? abi : "C") : "";
      BF_RETURN_IF_ERROR(ParseFn(it));
      it->end_tok = pos_;
      return absl::OkStatus();
    }
    if (pos_ != qual_start && !IsKw("impl") && !IsKw("trait") && !IsKw("static") && !IsKw("mod")) {
      return Expected("`fn`, `impl`, `trait` or `extern` block after qualifiers");
    }
    if (IsKw("use")) {
      ++pos_;
      it->kind = Item::kUse;
      BF_RETURN_IF_ERROR(ParseUseTree({}, false, &it->uses));
      BF_RETURN_IF_ERROR(ExpectP(';'));
    } else if (IsKw("mod")) {
      ++pos_;
      it->kind = Item::kMod;
      BF_RETURN_IF_ERROR(ExpectIdent(&it->name, &it->raw_name, &it->tok));
      if (IsP(';')) {
        ++pos_;
      } else {
        it->inline_mod = true;
        if (!IsP('{')) return Expected("`{` or `;`");
        BF_RETURN_IF_ERROR(InGroup([&]() -> absl::Status {
          std::vector<Attr> inner;
          BF_RETURN_IF_ERROR(ParseInnerAttrs(&inner));
          it->attrs.insert(it->attrs.end(), inner.begin(), inner.end());
          return ParseItems(&it->items);
        }));
      }
    } else if (IsKw("extern") && IsKw("crate", 1)) {
      pos_ += 2;
      it->kind = Item::kExternCrate;
      BF_RETURN_IF_ERROR(ExpectIdent(&it->name, &it->raw_name, &it->tok));
      if (IsKw("as")) {
        ++pos_;
        std::string alias;
        BF_RETURN_IF_ERROR(ExpectIdent(&alias));
      }
      BF_RETURN_IF_ERROR(ExpectP(';'));
    } else if (IsKw("struct")) {
      ++pos_;
      it->kind = Item::kStruct;
      BF_RETURN_IF_ERROR(ParseStructLike(it, /*allow_tuple=*/true));
    } else if (IsKw("union") && IsIdent(1) && !IsP('!', 1)) {
      ++pos_;
      it->kind = Item::kUnion;
      BF_RETURN_IF_ERROR(ParseStructLike(it, /*allow_tuple=*/false));
    } else if (IsKw("enum")) {
      ++pos_;
      it->kind = Item::kEnum;
      BF_RETURN_IF_ERROR(ParseEnum(it));
    } else if (IsKw("type")) {
      ++pos_;
      BF_RETURN_IF_ERROR(ParseTypeAlias(it));
    } else if (IsKw("const") && (IsIdent(1) || IsP('_', 1))) {
      ++pos_;
      it->kind = Item::kConst;
      BF_RETURN_IF_ERROR(ParseConstOrStatic(it));
    } else if (IsKw("static")) {
      ++pos_;
      it->kind = Item::kStatic;
      if (IsKw("mut")) {
        it->is_mut = true;
        ++pos_;
      }
      BF_RETURN_IF_ERROR(ParseConstOrStatic(it));
    } else if (IsKw("trait")) {
      ++pos_;
      it->kind = Item::kTrait;
      BF_RETURN_IF_ERROR(ParseTrait(it));
    } else if (IsKw("impl")) {
      ++pos_;
      it->kind = Item::kImpl;
      BF_RETURN_IF_ERROR(ParseImpl(it));
    } else if (IsKw("macro") && IsIdent(1)) {
      // Declarative macros 2.0: `macro name(...) { ... }` / `macro name { ... }`.
      ++pos_;
      it->kind = Item::kMacroRules;
      BF_RETURN_IF_ERROR(ExpectIdent(&it->name, &it->raw_name, &it->tok));
      if (IsP('(')) SkipTree();
      if (!IsP('{')) return Expected("`{`");
      it->tt_begin = pos_;
      it->tt_end = t_[pos_].match;
      SkipTree();
    } else if (IsIdent() || IsPathSep()) {
      // Macro invocation: path ! tt
      uint32_t save = pos_;
      Path p;
      BF_RETURN_IF_ERROR(ParseSimplePath(&p));
      if (!IsP('!')) {
        pos_ = save;
        return Expected("item");
      }
      ++pos_;
      if (IsIdent()) ++pos_;  // legacy `macro_rules! name`-style invocations
      if (!IsOpen()) return Expected("macro arguments");
      it->kind = Item::kMacroCall;
      it->macro_path = std::move(p);
      it->name = it->macro_path.Last();
      bool brace = IsP('{');
      it->tt_begin = pos_;
      it->tt_end = t_[pos_].match;
      SkipTree();
      if (!brace) BF_RETURN_IF_ERROR(ExpectP(';'));
    } else {
      return Expected("item");
    }
    it->end_tok = pos_;
    return absl::OkStatus();
  }

  absl::Status ParseSimplePath(Path* p) {
    if (IsPathSep()) {
      p->global = true;
      pos_ += 2;
    }
    while (true) {
      PathSegment seg;
      BF_RETURN_IF_ERROR(ExpectIdent(&seg.name, &seg.raw));
      p->segments.push_back(std::move(seg));
      if (IsPathSep() && IsIdent(2)) {
        pos_ += 2;
        continue;
      }
      break;
    }
    return absl::OkStatus();
  }

  absl::Status ParseUseTree(std::vector<std::string> prefix, bool global, std::vector<UseEntry>* out) {
    Depth d(this);
    BF_RETURN_IF_ERROR(d.Check());
    if (IsPathSep()) {
      pos_ += 2;
      if (prefix.empty()) global = true;
    }
    if (IsP('*')) {
      ++pos_;
      prefix.push_back("*");
      out->push_back({std::move(prefix), "", global});
      return absl::OkStatus();
    }
    if (IsP('{')) {
      return InGroup([&]() -> absl::Status {
        while (!AtEnd()) {
          BF_RETURN_IF_ERROR(ParseUseTree(prefix, global, out));
          if (IsP(',')) {
            ++pos_;
            continue;
          }
          break;
        }
        return absl::OkStatus();
      });
    }
    while (true) {
      std::string seg;
      BF_RETURN_IF_ERROR(ExpectIdent(&seg));
      prefix.push_back(seg);
      if (IsPathSep()) {
        pos_ += 2;
        if (IsP('*') || IsP('{')) return ParseUseTree(std::move(prefix), global, out);
        continue;
      }
      break;
    }
    UseEntry e{std::move(prefix), "", global};
    if (IsKw("as")) {
      ++pos_;
      if (IsIdent()) {
        e.alias = std::string(Text());
        ++pos_;
      } else {
        return Expected("identifier or `_`");
      }
    }
    out->push_back(std::move(e));
    return absl::OkStatus();
  }

  absl::Status ParseGenericsOpt(Generics* g) {
    if (!IsP('<')) return absl::OkStatus();
    ++pos_;
    while (!AtEnd() && !IsP('>')) {
      std::vector<Attr> attrs;
      BF_RETURN_IF_ERROR(ParseOuterAttrs(&attrs));
      GenericParam gp;
      if (IsLifetime()) {
        gp.kind = GenericParam::kLifetime;
        gp.name = std::string(Text());
        ++pos_;
        if (IsColon()) {
          ++pos_;
          SkipBoundsUntil(",>");
        }
      } else if (IsKw("const") && IsIdent(1)) {
        gp.kind = GenericParam::kConst;
        ++pos_;
        BF_RETURN_IF_ERROR(ExpectIdent(&gp.name));
        if (!IsColon()) return Expected("`:`");
        ++pos_;
        gp.const_type.emplace_back();
        BF_RETURN_IF_ERROR(ParseType(&gp.const_type.back(), false));
        if (IsP('=')) {
          ++pos_;
          Expr e;
          BF_RETURN_IF_ERROR(ParseGenericConstArg(&e));
        }
      } else if (IsIdent()) {
        gp.kind = GenericParam::kType;
        BF_RETURN_IF_ERROR(ExpectIdent(&gp.name));
        if (IsColon()) {
          ++pos_;
          SkipBoundsUntil(",>=");
        }
        if (IsP('=')) {
          ++pos_;
          gp.default_type.emplace_back();
          BF_RETURN_IF_ERROR(ParseType(&gp.default_type.back(), true));
        }
      } else {
        return Expected("generic parameter");
      }
      g->params.push_back(std::move(gp));
      if (IsP(',')) {
        ++pos_;
        continue;
      }
      break;
    }
    return ExpectP('>');
  }

  absl::Status SkipWhereOpt() {
    if (!IsKw("where")) return absl::OkStatus();
    ++pos_;
    SkipBoundsUntil("{;=");
    return absl::OkStatus();
  }

  absl::Status ParseStructLike(Item* it, bool allow_tuple) {
    BF_RETURN_IF_ERROR(ExpectIdent(&it->name, &it->raw_name, &it->tok));
    BF_RETURN_IF_ERROR(ParseGenericsOpt(&it->generics));
    BF_RETURN_IF_ERROR(SkipWhereOpt());
    if (IsP('{')) {
      it->shape = Item::kNamed;
      return InGroup([&]() { return ParseNamedFields(&it->fields); });
    }
    if (allow_tuple && IsP('(')) {
      it->shape = Item::kTupleShape;
      BF_RETURN_IF_ERROR(InGroup([&]() { return ParseTupleFields(&it->fields); }));
      BF_RETURN_IF_ERROR(SkipWhereOpt());
      return ExpectP(';');
    }
    if (allow_tuple && IsP(';')) {
      it->shape = Item::kUnitShape;
      ++pos_;
      return absl::OkStatus();
    }
    return Expected(allow_tuple ? "`{`, `(` or `;`" : "`{`");
  }

  absl::Status ParseNamedFields(std::vector<FieldDef>* out) {
    while (!AtEnd()) {
      FieldDef fd;
      BF_RETURN_IF_ERROR(ParseOuterAttrs(&fd.attrs));
      if (AtEnd()) break;
      fd.is_pub = ParseVis();
      if (IsKw("unsafe") && IsIdent(1)) ++pos_;  // unsafe fields (unstable)
      BF_RETURN_IF_ERROR(ExpectIdent(&fd.name, &fd.raw, &fd.tok));
      if (!IsColon()) return Expected("`:`");
      ++pos_;
      BF_RETURN_IF_ERROR(ParseType(&fd.type, true));
      if (IsP('=')) {  // default field values (unstable)
        ++pos_;
        SkipToCommaOrSemi();
      }
      out->push_back(std::move(fd));
      if (IsP(',')) {
        ++pos_;
        continue;
      }
      break;
    }
    return absl::OkStatus();
  }

  absl::Status ParseTupleFields(std::vector<FieldDef>* out) {
    size_t index = 0;
    while (!AtEnd()) {
      FieldDef fd;
      BF_RETURN_IF_ERROR(ParseOuterAttrs(&fd.attrs));
      if (AtEnd()) break;
      fd.is_pub = ParseVis();
      fd.tok = pos_;
      fd.name = std::to_string(index++);
      BF_RETURN_IF_ERROR(ParseType(&fd.type, true));
      out->push_back(std::move(fd));
      if (IsP(',')) {
        ++pos_;
        continue;
      }
      break;
    }
    return absl::OkStatus();
  }

  absl::Status ParseEnum(Item* it) {
    BF_RETURN_IF_ERROR(ExpectIdent(&it->name, &it->raw_name, &it->tok));
    BF_RETURN_IF_ERROR(ParseGenericsOpt(&it->generics));
    BF_RETURN_IF_ERROR(SkipWhereOpt());
    if (!IsP('{')) return Expected("`{`");
    return InGroup([&]() -> absl::Status {
      while (!AtEnd()) {
        Variant v;
        BF_RETURN_IF_ERROR(ParseOuterAttrs(&v.attrs));
        if (AtEnd()) break;
        ParseVis();
        BF_RETURN_IF_ERROR(ExpectIdent(&v.name, nullptr, &v.tok));
        if (IsP('{')) {
          v.shape = Variant::kStruct;
          BF_RETURN_IF_ERROR(InGroup([&]() { return ParseNamedFields(&v.fields); }));
        } else if (IsP('(')) {
          v.shape = Variant::kTuple;
          BF_RETURN_IF_ERROR(InGroup([&]() { return ParseTupleFields(&v.fields); }));
        }
        if (IsP('=') && !IsP2('=', '>')) {
          ++pos_;
          v.disc.emplace_back();
          BF_RETURN_IF_ERROR(ParseExprTop(&v.disc.back()));
        }
        it->variants.push_back(std::move(v));
        if (IsP(',')) {
          ++pos_;
          continue;
        }
        break;
      }
      return absl::OkStatus();
    });
  }

  absl::Status ParseTypeAlias(Item* it) {
    it->kind = Item::kTypeAlias;
    BF_RETURN_IF_ERROR(ExpectIdent(&it->name, &it->raw_name, &it->tok));
    BF_RETURN_IF_ERROR(ParseGenericsOpt(&it->generics));
    if (IsColon()) {  // associated type bounds
      ++pos_;
      SkipBoundsUntil("=;w");
    }
    BF_RETURN_IF_ERROR(SkipWhereOpt());
    if (IsP('=')) {
      ++pos_;
      it->type.emplace_back();
      BF_RETURN_IF_ERROR(ParseType(&it->type.back(), true));
      BF_RETURN_IF_ERROR(SkipWhereOpt());
    }
    return ExpectP(';');
  }

  absl::Status ParseConstOrStatic(Item* it) {
    if (IsP('_')) {  // never: `_` lexes as an identifier
      ++pos_;
    }
    BF_RETURN_IF_ERROR(ExpectIdent(&it->name, &it->raw_name, &it->tok));
    if (it->kind == Item::kConst) BF_RETURN_IF_ERROR(ParseGenericsOpt(&it->generics));
    if (IsColon()) {
      ++pos_;
      it->type.emplace_back();
      BF_RETURN_IF_ERROR(ParseType(&it->type.back(), true));
    }
    if (IsP('=')) {
      ++pos_;
      it->expr.emplace_back();
      BF_RETURN_IF_ERROR(ParseExprTop(&it->expr.back()));
    }
    BF_RETURN_IF_ERROR(SkipWhereOpt());
    return ExpectP(';');
  }

  absl::Status ParseTrait(Item* it) {
    BF_RETURN_IF_ERROR(ExpectIdent(&it->name, &it->raw_name, &it->tok));
    BF_RETURN_IF_ERROR(ParseGenericsOpt(&it->generics));
    if (IsP('=')) {  // trait alias
      ++pos_;
      SkipBoundsUntil(";w");
      BF_RETURN_IF_ERROR(SkipWhereOpt());
      return ExpectP(';');
    }
    if (IsColon()) {
      ++pos_;
      SkipBoundsUntil("{w");
    }
    BF_RETURN_IF_ERROR(SkipWhereOpt());
    if (!IsP('{')) return Expected("`{`");
    return InGroup([&]() -> absl::Status {
      std::vector<Attr> inner;
      BF_RETURN_IF_ERROR(ParseInnerAttrs(&inner));
      return ParseItems(&it->items);
    });
  }

  absl::Status ParseImpl(Item* it) {
    if (IsP('<') && !IsP2('<', '<')) BF_RETURN_IF_ERROR(ParseGenericsOpt(&it->generics));
    if (IsKw("const") && !IsP('{', 1)) ++pos_;
    if (IsP('!')) {
      it->negative_impl = true;
      ++pos_;
    }
    TypeNode first;
    BF_RETURN_IF_ERROR(ParseType(&first, false));
    if (IsKw("for")) {
      ++pos_;
      it->trait_type.push_back(std::move(first));
      it->type.emplace_back();
      BF_RETURN_IF_ERROR(ParseType(&it->type.back(), false));
    } else {
      it->type.push_back(std::move(first));
    }
    it->tok = it->type.back().begin_tok;
    BF_RETURN_IF_ERROR(SkipWhereOpt());
    if (!IsP('{')) return Expected("`{`");
    return InGroup([&]() -> absl::Status {
      std::vector<Attr> inner;
      BF_RETURN_IF_ERROR(ParseInnerAttrs(&inner));
      return ParseItems(&it->items);
    });
  }

  // At `fn`.
  absl::Status ParseFn(Item* it) {
    ++pos_;  // fn
    BF_RETURN_IF_ERROR(ExpectIdent(&it->name, &it->raw_name, &it->tok));
    BF_RETURN_IF_ERROR(ParseGenericsOpt(&it->generics));
    if (!IsP('(')) return Expected("`(`");
    BF_RETURN_IF_ERROR(InGroup([&]() { return ParseFnParams(&it->sig); }));
    if (IsP2('-', '>')) {
      pos_ += 2;
      it->sig.ret.emplace_back();
      BF_RETURN_IF_ERROR(ParseType(&it->sig.ret.back(), false));
    }
    BF_RETURN_IF_ERROR(SkipWhereOpt());
    if (IsP(';')) {
      ++pos_;
      return absl::OkStatus();
    }
    if (!IsP('{')) return Expected("`;` or `{`");
    it->has_body = true;
    it->body_begin = pos_;
    it->body_end = t_[pos_].match;
    SkipTree();
    return absl::OkStatus();
  }

  absl::Status ParseFnParams(FnSig* sig) {
    bool first = true;
    while (!AtEnd()) {
      std::vector<Attr> attrs;
      BF_RETURN_IF_ERROR(ParseOuterAttrs(&attrs));
      if (AtEnd()) break;
      if (first) {
        first = false;
        // Self parameter.
        uint32_t save = pos_;
        FnSig::SelfKind kind = FnSig::kNoSelf;
        if (IsP('&')) {
          uint32_t k = 1;
          if (IsLifetime(k)) ++k;
          bool mut = false;
          if (IsKw("mut", k)) {
            mut = true;
            ++k;
          }
          if (IsKw("self", k) && !IsPathSep(k + 1)) {
            kind = mut ? FnSig::kRefMut : FnSig::kRef;
            pos_ += k + 1;
          }
        } else {
          uint32_t k = 0;
          if (IsKw("mut")) k = 1;
          if (IsKw("self", k) && !IsPathSep(k + 1)) {
            kind = FnSig::kValue;
            pos_ += k + 1;
            if (IsColon()) {
              ++pos_;
              kind = FnSig::kTyped;
              TypeNode ignored;
              BF_RETURN_IF_ERROR(ParseType(&ignored, true));
            }
          }
        }
        if (kind != FnSig::kNoSelf) {
          sig->self_kind = kind;
          if (IsP(',')) {
            ++pos_;
            continue;
          }
          if (!AtEnd()) return Expected("`,` or `)`");
          break;
        }
        pos_ = save;
      }
      if (IsP3('.', '.', '.')) {
        pos_ += 3;
        sig->variadic = true;
        if (IsP(',')) ++pos_;
        break;
      }
      Param p;
      p.tok = pos_;
      // Pattern `:` Type, or (2015 trait methods) a bare type.
      if ((IsIdent() && IsColon(1))) {
        p.name = std::string(Text());
        pos_ += 2;
      } else if (IsKw("mut") && IsIdent(1) && IsColon(2)) {
        p.name = std::string(Text(1));
        pos_ += 3;
      } else {
        // General pattern: find a depth-0 ':' before ',' / end.
        uint32_t save = pos_;
        bool found = false;
        while (!AtEnd() && !IsP(',')) {
          if (IsColon()) {
            found = true;
            break;
          }
          SkipTree();
        }
        if (found) {
          ++pos_;
        } else {
          pos_ = save;
          p.has_type = true;
        }
      }
      if (IsP3('.', '.', '.')) {  // `args: ...`
        pos_ += 3;
        sig->variadic = true;
        if (IsP(',')) ++pos_;
        break;
      }
      BF_RETURN_IF_ERROR(ParseType(&p.type, true));
      sig->params.push_back(std::move(p));
      if (IsP(',')) {
        ++pos_;
        continue;
      }
      break;
    }
    return absl::OkStatus();
  }

  // ----------------------------------------------------------------- types
  absl::Status ParseType(TypeNode* ty, bool allow_plus) {
    Depth d(this);
    BF_RETURN_IF_ERROR(d.Check());
    ty->begin_tok = pos_;
    absl::Status st = ParseTypeInner(ty, allow_plus);
    ty->end_tok = pos_;
    return st;
  }

  absl::Status ParseTypeInner(TypeNode* ty, bool allow_plus) {
    if (AtEnd()) return Expected("type");
    if (IsP('(')) {
      uint32_t close = t_[pos_].match;
      bool trailing_comma = false;
      std::vector<TypeNode> elems;
      BF_RETURN_IF_ERROR(InGroup([&]() -> absl::Status {
        while (!AtEnd()) {
          elems.emplace_back();
          BF_RETURN_IF_ERROR(ParseType(&elems.back(), true));
          trailing_comma = false;
          if (IsP(',')) {
            ++pos_;
            trailing_comma = true;
            continue;
          }
          break;
        }
        return absl::OkStatus();
      }));
      (void)close;
      if (elems.size() == 1 && !trailing_comma) {
        ty->kind = TypeNode::kParen;
      } else {
        ty->kind = TypeNode::kTuple;
      }
      ty->elems = std::move(elems);
      if (ty->kind == TypeNode::kParen && allow_plus && IsP('+')) return SkipPlusBounds(ty);
      return absl::OkStatus();
    }
    if (IsP('!')) {
      ++pos_;
      ty->kind = TypeNode::kNever;
      return absl::OkStatus();
    }
    if (IsP('[')) {
      return InGroup([&]() -> absl::Status {
        ty->elems.emplace_back();
        BF_RETURN_IF_ERROR(ParseType(&ty->elems.back(), true));
        if (IsP(';')) {
          ++pos_;
          ty->kind = TypeNode::kArray;
          ty->len.emplace_back();
          BF_RETURN_IF_ERROR(ParseExprTop(&ty->len.back()));
        } else {
          ty->kind = TypeNode::kSlice;
        }
        return absl::OkStatus();
      });
    }
    if (IsP('*')) {
      ++pos_;
      ty->kind = TypeNode::kPtr;
      if (IsKw("mut")) {
        ty->is_mut = true;
      } else if (!IsKw("const")) {
        return Expected("`const` or `mut`");
      }
      ++pos_;
      ty->elems.emplace_back();
      return ParseType(&ty->elems.back(), false);
    }
    if (IsP('&')) {
      ++pos_;
      ty->kind = TypeNode::kRef;
      if (IsLifetime()) ++pos_;
      if (IsKw("mut")) {
        ty->is_mut = true;
        ++pos_;
      }
      ty->elems.emplace_back();
      return ParseType(&ty->elems.back(), false);
    }
    if (IsKw("_")) {
      ++pos_;
      ty->kind = TypeNode::kInfer;
      return absl::OkStatus();
    }
    if (IsKw("for") && IsP('<', 1)) {
      ++pos_;
      Generics ignored;
      BF_RETURN_IF_ERROR(ParseGenericsOpt(&ignored));
      return ParseTypeInner(ty, allow_plus);
    }
    if (IsKw("fn") || (IsKw("unsafe") && (IsKw("fn", 1) || IsKw("extern", 1))) ||
        (IsKw("extern") && (IsKw("fn", 1) || IsLit(1)))) {
      return ParseFnPtr(ty);
    }
    if (IsKw("impl")) {
      ++pos_;
      ty->kind = TypeNode::kImplTrait;
      return ParseBounds(ty, allow_plus);
    }
    if (IsKw("dyn") && !IsPathSep(1)) {
      ++pos_;
      ty->kind = TypeNode::kTraitObject;
      ty->dyn = true;
      return ParseBounds(ty, allow_plus);
    }
    if (IsP('?') || IsLifetime()) {
      // Bare bounds (`?Sized`, `'a`) only appear in bound position.
      ty->kind = TypeNode::kTraitObject;
      return ParseBounds(ty, allow_plus);
    }
    if (IsP('<') || IsIdent() || IsPathSep()) {
      BF_RETURN_IF_ERROR(ParsePath(&ty->path, /*expr_mode=*/false));
      if (IsP('!') && !IsP2('!', '=') && IsOpen(1)) {
        ++pos_;
        ty->kind = TypeNode::kMacro;
        SkipTree();
        return absl::OkStatus();
      }
      ty->kind = TypeNode::kPath;
      if (allow_plus && IsP('+')) return SkipPlusBounds(ty);
      return absl::OkStatus();
    }
    return Expected("type");
  }

  absl::Status SkipPlusBounds(TypeNode* ty) {
    // `Trait + Send` (2015 bare trait object) — keep the first bound.
    while (IsP('+')) {
      ++pos_;
      if (IsLifetime()) {
        ++pos_;
        continue;
      }
      if (IsP('?')) ++pos_;
      if (IsP('(')) {
        SkipTree();
        continue;
      }
      if (IsKw("for") && IsP('<', 1)) {
        ++pos_;
        Generics ignored;
        BF_RETURN_IF_ERROR(ParseGenericsOpt(&ignored));
      }
      Path ignored;
      BF_RETURN_IF_ERROR(ParsePath(&ignored, false));
    }
    ty->kind = TypeNode::kTraitObject;
    return absl::OkStatus();
  }

  absl::Status ParseBounds(TypeNode* ty, bool allow_plus) {
    bool have_path = false;
    while (true) {
      if (IsLifetime()) {
        ++pos_;
      } else {
        if (IsP('~') && IsKw("const", 1)) pos_ += 2;
        if (IsKw("const") && !IsPathSep(1)) ++pos_;
        if (IsKw("async")) ++pos_;
        if (IsP('?')) ++pos_;
        if (IsKw("for") && IsP('<', 1)) {
          ++pos_;
          Generics ignored;
          BF_RETURN_IF_ERROR(ParseGenericsOpt(&ignored));
        }
        if (IsP('(')) {
          Path inner;
          BF_RETURN_IF_ERROR(InGroup([&]() -> absl::Status {
            if (IsP('?')) ++pos_;
            return ParsePath(&inner, false);
          }));
          if (!have_path) {
            ty->path = std::move(inner);
            have_path = true;
          }
        } else {
          Path p;
          BF_RETURN_IF_ERROR(ParsePath(&p, false));
          if (!have_path) {
            ty->path = std::move(p);
            have_path = true;
          }
        }
      }
      if (allow_plus && IsP('+')) {
        ++pos_;
        continue;
      }
      break;
    }
    return absl::OkStatus();
  }

  absl::Status ParseFnPtr(TypeNode* ty) {
    ty->kind = TypeNode::kFn;
    if (IsKw("unsafe")) {
      ty->is_unsafe = true;
      ++pos_;
    }
    if (IsKw("extern")) {
      ++pos_;
      ty->has_abi = true;
      ty->abi = "C";
      if (IsLit() && Peek().lit == LitKind::kStr) {
        std::string s;
        if (!DecodeStringLiteral(Text(), &s)) return Err("invalid ABI string");
        ty->abi = s;
        ++pos_;
      }
    }
    BF_RETURN_IF_ERROR(ExpectKw("fn"));
    if (!IsP('(')) return Expected("`(`");
    BF_RETURN_IF_ERROR(InGroup([&]() -> absl::Status {
      while (!AtEnd()) {
        std::vector<Attr> attrs;
        BF_RETURN_IF_ERROR(ParseOuterAttrs(&attrs));
        if (IsP3('.', '.', '.')) {
          pos_ += 3;
          ty->variadic = true;
          if (IsP(',')) ++pos_;
          break;
        }
        std::string name;
        if ((IsIdent() || IsKw("_")) && IsColon(1)) {
          name = std::string(Text());
          pos_ += 2;
        }
        if (IsP3('.', '.', '.')) {
          pos_ += 3;
          ty->variadic = true;
          if (IsP(',')) ++pos_;
          break;
        }
        ty->param_names.push_back(name);
        ty->elems.emplace_back();
        BF_RETURN_IF_ERROR(ParseType(&ty->elems.back(), true));
        if (IsP(',')) {
          ++pos_;
          continue;
        }
        break;
      }
      return absl::OkStatus();
    }));
    if (IsP2('-', '>')) {
      pos_ += 2;
      ty->ret.emplace_back();
      BF_RETURN_IF_ERROR(ParseType(&ty->ret.back(), false));
    }
    return absl::OkStatus();
  }

  // Path in type (expr_mode=false) or expression (true: generic args only
  // after `::`) position.
  absl::Status ParsePath(Path* p, bool expr_mode) {
    Depth d(this);
    BF_RETURN_IF_ERROR(d.Check());
    if (IsP('<')) {
      // Qualified path: <T as Trait>::seg
      ++pos_;
      p->qself.emplace_back();
      BF_RETURN_IF_ERROR(ParseType(&p->qself.back(), false));
      if (IsKw("as")) {
        ++pos_;
        Path trait;
        BF_RETURN_IF_ERROR(ParsePath(&trait, false));
        for (auto& s : trait.segments) p->segments.push_back(std::move(s));
      }
      BF_RETURN_IF_ERROR(ExpectP('>'));
      BF_RETURN_IF_ERROR(ExpectPathSep());
    } else if (IsPathSep()) {
      p->global = true;
      pos_ += 2;
    }
    while (true) {
      PathSegment seg;
      BF_RETURN_IF_ERROR(ExpectIdent(&seg.name, &seg.raw));
      // Generic args.
      if (!expr_mode && IsP('<') && !IsP2('<', '=')) {
        BF_RETURN_IF_ERROR(ParseGenericArgs(&seg));
      } else if (IsPathSep() && IsP('<', 2)) {
        pos_ += 2;
        BF_RETURN_IF_ERROR(ParseGenericArgs(&seg));
      } else if (!expr_mode && IsP('(')) {
        // Fn(A, B) -> C sugar.
        seg.fn_sugar = true;
        BF_RETURN_IF_ERROR(InGroup([&]() -> absl::Status {
          while (!AtEnd()) {
            seg.fn_inputs.emplace_back();
            BF_RETURN_IF_ERROR(ParseType(&seg.fn_inputs.back(), true));
            if (IsP(',')) {
              ++pos_;
              continue;
            }
            break;
          }
          return absl::OkStatus();
        }));
        if (IsP2('-', '>')) {
          pos_ += 2;
          seg.fn_output.emplace_back();
          BF_RETURN_IF_ERROR(ParseType(&seg.fn_output.back(), false));
        }
      }
      p->segments.push_back(std::move(seg));
      if (IsPathSep() && IsIdent(2)) {
        pos_ += 2;
        continue;
      }
      break;
    }
    return absl::OkStatus();
  }

  absl::Status ParseGenericArgs(PathSegment* seg) {
    // At '<'.
    seg->has_args = true;
    ++pos_;
    while (!AtEnd() && !IsP('>')) {
      GenericArg a;
      if (IsLifetime()) {
        a.kind = GenericArg::kLifetime;
        a.name = std::string(Text());
        ++pos_;
      } else if (IsLit() || IsP('{') || (IsP('-') && IsLit(1)) || IsKw("true") || IsKw("false")) {
        a.kind = GenericArg::kConst;
        a.expr.emplace_back();
        BF_RETURN_IF_ERROR(ParseGenericConstArg(&a.expr.back()));
      } else if (IsIdent() && IsP('=', 1) && !IsP2('=', '=', 1)) {
        a.kind = GenericArg::kBinding;
        a.name = std::string(Text());
        pos_ += 2;
        a.type.emplace_back();
        BF_RETURN_IF_ERROR(ParseType(&a.type.back(), true));
      } else if (IsIdent() && IsColon(1)) {
        // Associated type constraint `Item: Bound`.
        a.kind = GenericArg::kBinding;
        a.name = std::string(Text());
        pos_ += 2;
        SkipBoundsUntil(",>");
      } else {
        a.kind = GenericArg::kType;
        a.type.emplace_back();
        BF_RETURN_IF_ERROR(ParseType(&a.type.back(), true));
        if (IsP('=') && !IsP2('=', '=')) {  // GAT binding `Item<'a> = T`
          ++pos_;
          a.kind = GenericArg::kBinding;
          a.type.clear();
          a.type.emplace_back();
          BF_RETURN_IF_ERROR(ParseType(&a.type.back(), true));
        }
      }
      seg->args.push_back(std::move(a));
      if (IsP(',')) {
        ++pos_;
        continue;
      }
      break;
    }
    return ExpectP('>');
  }

  absl::Status ParseGenericConstArg(Expr* e) {
    e->begin_tok = pos_;
    if (IsP('{')) {
      e->kind = Expr::kBlock;
      BF_RETURN_IF_ERROR(InGroup([&]() -> absl::Status {
        Expr inner;
        BF_RETURN_IF_ERROR(ParseExprTop(&inner));
        if (!AtEnd()) {
          while (!AtEnd()) SkipTree();
          e->kind = Expr::kUnsupported;
          e->op = "block";
          return absl::OkStatus();
        }
        e->kids.push_back(std::move(inner));
        return absl::OkStatus();
      }));
    } else if (IsP('-')) {
      e->kind = Expr::kUnary;
      e->op = "-";
      ++pos_;
      e->kids.emplace_back();
      BF_RETURN_IF_ERROR(ParsePrimary(&e->kids.back(), false));
    } else {
      BF_RETURN_IF_ERROR(ParsePrimary(e, false));
    }
    e->end_tok = pos_;
    return absl::OkStatus();
  }

  // ----------------------------------------------------------- expressions
  // Binary operator at pos_: returns its text and token count, or "".
  std::string_view PeekOp(uint32_t* ntok) const {
    static const char* const kOps3[] = {"<<=", ">>=", "...", "..="};
    static const char* const kOps2[] = {"<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "..",
                                        "+=", "-=", "*=", "/=", "%=", "^=", "&=", "|=", "->",
                                        "=>", "::"};
    if (!InRange(0) || Peek().kind != TokKind::kPunct) return "";
    for (const char* op : kOps3) {
      if (IsP(op[0]) && Peek(0).joint && IsP(op[1], 1) && Peek(1).joint && IsP(op[2], 2)) {
        *ntok = 3;
        return op;
      }
    }
    for (const char* op : kOps2) {
      if (IsP2(op[0], op[1])) {
        *ntok = 2;
        return op;
      }
    }
    *ntok = 1;
    return std::string_view(&f_.source[Peek().begin], 1);
  }

  static int BinPrec(std::string_view op) {
    if (op == "*" || op == "/" || op == "%") return 12;
    if (op == "+" || op == "-") return 11;
    if (op == "<<" || op == ">>") return 10;
    if (op == "&") return 9;
    if (op == "^") return 8;
    if (op == "|") return 7;
    if (op == "==" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=") return 6;
    if (op == "&&") return 5;
    if (op == "||") return 4;
    if (op == ".." || op == "..=") return 3;
    if (op == "=" || op == "+=" || op == "-=" || op == "*=" || op == "/=" || op == "%=" ||
        op == "^=" || op == "&=" || op == "|=" || op == "<<=" || op == ">>=")
      return 2;
    return -1;
  }

  absl::Status ParseExprTop(Expr* e) { return ParseBin(e, 0, false); }

  // Sets e->height from its children; operator and postfix chains build
  // left-deep trees in loops, so their height is bounded here (deep trees
  // would also recurse deeply when destroyed or evaluated).
  absl::Status SetHeight(Expr* e) {
    uint32_t h = 0;
    for (const Expr& k : e->kids) h = std::max(h, k.height);
    e->height = h + 1;
    if (e->height > static_cast<uint32_t>(opts_.max_depth)) {
      return ErrAt(e->begin_tok, absl::StrCat("expression nested deeper than ", opts_.max_depth));
    }
    return absl::OkStatus();
  }

  absl::Status ParseBin(Expr* e, int min_prec, bool no_struct) {
    Depth d(this);
    BF_RETURN_IF_ERROR(d.Check());
    uint32_t begin = pos_;
    BF_RETURN_IF_ERROR(ParseUnary(e, no_struct));
    while (InRange(0)) {
      if (IsKw("as")) {
        if (min_prec > 13) break;
        ++pos_;
        Expr cast;
        cast.kind = Expr::kCast;
        cast.begin_tok = begin;
        cast.tok = begin;
        cast.type.emplace_back();
        BF_RETURN_IF_ERROR(ParseType(&cast.type.back(), false));
        cast.kids.push_back(std::move(*e));
        cast.end_tok = pos_;
        *e = std::move(cast);
        BF_RETURN_IF_ERROR(SetHeight(e));
        continue;
      }
      uint32_t ntok = 0;
      std::string_view op = PeekOp(&ntok);
      int prec = BinPrec(op);
      if (prec < 0 || prec < min_prec) break;
      std::string op_s(op);
      pos_ += ntok;
      Expr bin;
      bin.kind = Expr::kBinary;
      bin.op = op_s;
      bin.begin_tok = begin;
      bin.tok = begin;
      bin.kids.push_back(std::move(*e));
      bin.kids.emplace_back();
      if ((op_s == ".." || op_s == "..=") && (AtEnd() || IsP(',') || IsP(';'))) {
        bin.kids.back().kind = Expr::kTuple;  // open range
      } else {
        int next = prec == 2 ? prec : prec + 1;  // assignment is right-assoc
        BF_RETURN_IF_ERROR(ParseBin(&bin.kids.back(), next, no_struct));
      }
      bin.end_tok = pos_;
      *e = std::move(bin);
      BF_RETURN_IF_ERROR(SetHeight(e));
    }
    e->end_tok = pos_;
    return absl::OkStatus();
  }

  absl::Status ParseUnary(Expr* e, bool no_struct) {
    Depth d(this);
    BF_RETURN_IF_ERROR(d.Check());
    uint32_t begin = pos_;
    if (IsP('-') || IsP('!') || IsP('*')) {
      e->kind = Expr::kUnary;
      e->op = std::string(1, Peek().punct);
      e->begin_tok = e->tok = begin;
      ++pos_;
      e->kids.emplace_back();
      BF_RETURN_IF_ERROR(ParseUnary(&e->kids.back(), no_struct));
      e->end_tok = pos_;
      return SetHeight(e);
    }
    if (IsP('&')) {
      e->kind = Expr::kUnary;
      e->op = "&";
      e->begin_tok = e->tok = begin;
      ++pos_;
      if (IsP('&')) {  // `&&x` = `& &x`
        Expr inner;
        inner.kind = Expr::kUnary;
        inner.op = "&";
        inner.begin_tok = inner.tok = pos_;
        ++pos_;
        if (IsKw("mut")) ++pos_;
        inner.kids.emplace_back();
        BF_RETURN_IF_ERROR(ParseUnary(&inner.kids.back(), no_struct));
        BF_RETURN_IF_ERROR(SetHeight(&inner));
        e->kids.push_back(std::move(inner));
        e->end_tok = pos_;
        return SetHeight(e);
      }
      if (IsKw("raw") && (IsKw("const", 1) || IsKw("mut", 1))) pos_ += 2;
      if (IsKw("mut")) ++pos_;
      e->kids.emplace_back();
      BF_RETURN_IF_ERROR(ParseUnary(&e->kids.back(), no_struct));
      e->end_tok = pos_;
      return SetHeight(e);
    }
    BF_RETURN_IF_ERROR(ParsePrimary(e, no_struct));
    return ParsePostfix(e);
  }

  absl::Status ParseCallArgs(std::vector<Expr>* out) {
    return InGroup([&]() -> absl::Status {
      while (!AtEnd()) {
        out->emplace_back();
        BF_RETURN_IF_ERROR(ParseExprTop(&out->back()));
        if (IsP(',')) {
          ++pos_;
          continue;
        }
        break;
      }
      return absl::OkStatus();
    });
  }

  absl::Status ParsePostfix(Expr* e) {
    uint32_t begin = e->begin_tok;
    while (InRange(0)) {
      if (IsP('?')) {
        ++pos_;
        continue;
      }
      if (IsP('.') && !IsP2('.', '.')) {
        ++pos_;
        if (IsIdent()) {
          std::string name(Text());
          ++pos_;
          if (IsPathSep() && IsP('<', 2)) {
            pos_ += 2;
            PathSegment ignored;
            BF_RETURN_IF_ERROR(ParseGenericArgs(&ignored));
          }
          Expr x;
          x.begin_tok = x.tok = begin;
          x.name = name;
          x.kids.push_back(std::move(*e));
          if (IsP('(')) {
            x.kind = Expr::kMethodCall;
            BF_RETURN_IF_ERROR(ParseCallArgs(&x.kids));
          } else {
            x.kind = Expr::kField;
          }
          x.end_tok = pos_;
          *e = std::move(x);
          BF_RETURN_IF_ERROR(SetHeight(e));
          continue;
        }
        if (IsLit() && (Peek().lit == LitKind::kInt || Peek().lit == LitKind::kFloat)) {
          Expr x;
          x.kind = Expr::kField;
          x.begin_tok = x.tok = begin;
          x.name = std::string(Text());
          ++pos_;
          x.kids.push_back(std::move(*e));
          x.end_tok = pos_;
          *e = std::move(x);
          BF_RETURN_IF_ERROR(SetHeight(e));
          continue;
        }
        return Expected("field or method name");
      }
      if (IsP('(')) {
        Expr x;
        x.kind = Expr::kCall;
        x.begin_tok = x.tok = begin;
        x.kids.push_back(std::move(*e));
        BF_RETURN_IF_ERROR(ParseCallArgs(&x.kids));
        x.end_tok = pos_;
        *e = std::move(x);
        BF_RETURN_IF_ERROR(SetHeight(e));
        continue;
      }
      if (IsP('[')) {
        Expr x;
        x.kind = Expr::kIndex;
        x.begin_tok = x.tok = begin;
        x.kids.push_back(std::move(*e));
        x.kids.emplace_back();
        BF_RETURN_IF_ERROR(InGroup([&]() { return ParseExprTop(&x.kids.back()); }));
        x.end_tok = pos_;
        *e = std::move(x);
        BF_RETURN_IF_ERROR(SetHeight(e));
        continue;
      }
      break;
    }
    e->end_tok = pos_;
    return absl::OkStatus();
  }

  void Unsupported(Expr* e, std::string_view what) {
    e->kind = Expr::kUnsupported;
    e->op = std::string(what);
    while (!AtEnd() && !IsP(',') && !IsP(';')) SkipTree();
    e->end_tok = pos_;
  }

  absl::Status ParseBlockExpr(Expr* e) {
    e->kind = Expr::kBlock;
    return InGroup([&]() -> absl::Status {
      std::vector<Attr> inner;
      BF_RETURN_IF_ERROR(ParseInnerAttrs(&inner));
      if (AtEnd()) return absl::OkStatus();  // `{}`
      // Only `{ expr }` is modelled; anything else is skipped.
      uint32_t save = pos_;
      Expr x;
      absl::Status st = ParseExprTop(&x);
      if (st.ok() && AtEnd() && x.kind != Expr::kUnsupported) {
        e->kids.push_back(std::move(x));
        return absl::OkStatus();
      }
      pos_ = save;
      while (!AtEnd()) SkipTree();
      e->op = "block";
      return absl::OkStatus();
    });
  }

  absl::Status ParsePrimary(Expr* e, bool no_struct) {
    Depth d(this);
    BF_RETURN_IF_ERROR(d.Check());
    e->begin_tok = e->tok = pos_;
    if (AtEnd()) return Expected("expression");
    const Token& t = Peek();
    if (t.kind == TokKind::kLiteral) {
      e->kind = Expr::kLit;
      ++pos_;
      e->end_tok = pos_;
      return absl::OkStatus();
    }
    if (t.kind == TokKind::kLifetime) {  // labelled loop/block
      Unsupported(e, "labelled block");
      return absl::OkStatus();
    }
    if (IsP('(')) {
      std::vector<Expr> elems;
      bool trailing = false;
      BF_RETURN_IF_ERROR(InGroup([&]() -> absl::Status {
        while (!AtEnd()) {
          elems.emplace_back();
          BF_RETURN_IF_ERROR(ParseExprTop(&elems.back()));
          trailing = false;
          if (IsP(',')) {
            ++pos_;
            trailing = true;
            continue;
          }
          break;
        }
        return absl::OkStatus();
      }));
      e->kind = elems.size() == 1 && !trailing ? Expr::kParen : Expr::kTuple;
      e->kids = std::move(elems);
      e->end_tok = pos_;
      return SetHeight(e);
    }
    if (IsP('[')) {
      BF_RETURN_IF_ERROR(InGroup([&]() -> absl::Status {
        e->kind = Expr::kArray;
        while (!AtEnd()) {
          e->kids.emplace_back();
          BF_RETURN_IF_ERROR(ParseExprTop(&e->kids.back()));
          if (IsP(';') && e->kids.size() == 1) {
            ++pos_;
            e->kind = Expr::kArrayRepeat;
            e->kids.emplace_back();
            BF_RETURN_IF_ERROR(ParseExprTop(&e->kids.back()));
            break;
          }
          if (IsP(',')) {
            ++pos_;
            continue;
          }
          break;
        }
        return absl::OkStatus();
      }));
      e->end_tok = pos_;
      return SetHeight(e);
    }
    if (IsP('{')) {
      BF_RETURN_IF_ERROR(ParseBlockExpr(e));
      e->end_tok = pos_;
      return SetHeight(e);
    }
    if ((IsKw("unsafe") || IsKw("const") || IsKw("async")) && IsP('{', 1)) {
      ++pos_;
      BF_RETURN_IF_ERROR(ParseBlockExpr(e));
      e->end_tok = pos_;
      return SetHeight(e);
    }
    if (IsP('|') || IsKw("move") || IsKw("if") || IsKw("match") || IsKw("loop") ||
        IsKw("while") || IsKw("for") || IsKw("return") || IsKw("break") || IsKw("continue") ||
        IsKw("let") || IsKw("async") || IsKw("static") || IsKw("yield") || IsKw("become") ||
        IsKw("do") || IsKw("try") || IsP2('.', '.')) {
      Unsupported(e, Text());
      return absl::OkStatus();
    }
    if (IsP('<') || IsIdent() || IsPathSep()) {
      BF_RETURN_IF_ERROR(ParsePath(&e->path, /*expr_mode=*/true));
      if (IsP('!') && !IsP2('!', '=') && IsOpen(1)) {
        ++pos_;
        e->kind = Expr::kMacro;
        SkipTree();
        e->end_tok = pos_;
        return absl::OkStatus();
      }
      if (IsP('{') && !no_struct) {
        e->kind = Expr::kStruct;
        SkipTree();
        e->end_tok = pos_;
        return absl::OkStatus();
      }
      e->kind = Expr::kPath;
      e->end_tok = pos_;
      return absl::OkStatus();
    }
    return Expected("expression");
  }

  const LexedFile& f_;
  const std::vector<Token>& t_;
  const ParseOptions& opts_;
  uint32_t pos_ = 0;
  uint32_t limit_ = 0;
  int depth_ = 0;
};

}  // namespace

absl::StatusOr<SourceFileAst> ParseFile(const LexedFile& file, const ParseOptions& options) {
  Parser p(file, options);
  return p.Run();
}

}  // namespace bindfuzz::rust_frontend
