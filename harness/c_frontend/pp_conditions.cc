#include "harness/c_frontend/pp_conditions.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "clang/Basic/IdentifierTable.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Token.h"

namespace bindfuzz::cfront::internal {
namespace {

// Longer condition text is cut (hostile input; kernel conditions are short).
constexpr size_t kMaxConditionText = 512;

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

void AddOnce(std::vector<std::string>& out, const std::string& name) {
  if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
}

}  // namespace

std::string NormalizeCondition(const std::string& text) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < text.size() && out.size() < kMaxConditionText; ++i) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 1;
      space = true;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      size_t end = text.find('\n', i);
      i = end == std::string::npos ? text.size() : end;
      space = true;
      continue;
    }
    if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
      space = true;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::vector<std::string> ConditionMacros(const std::string& raw) {
  const std::string text = NormalizeCondition(raw);
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (IsIdentStart(c)) {
      size_t j = i;
      while (j < text.size() && IsIdentChar(text[j])) ++j;
      std::string name = text.substr(i, j - i);
      size_t k = j;
      while (k < text.size() && text[k] == ' ') ++k;
      const bool call = k < text.size() && text[k] == '(';
      if (!call && name != "defined") AddOnce(out, name);
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < text.size() && (IsIdentChar(text[i]) || text[i] == '.')) ++i;
    } else if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != c) j += text[j] == '\\' ? 2 : 1;
      i = j + 1;
    } else {
      ++i;
    }
  }
  return out;
}

class PpConditionRecorder::Callbacks : public clang::PPCallbacks {
 public:
  explicit Callbacks(PpConditionRecorder* rec) : r_(rec) {}

  void If(clang::SourceLocation loc, clang::SourceRange, ConditionValueKind value) override {
    r_->Open(loc, "if", r_->Text(loc), value == CVK_True);
  }
  void Ifdef(clang::SourceLocation loc, const clang::Token& name, const clang::MacroDefinition& md) override {
    r_->Open(loc, "ifdef", Name(name), static_cast<bool>(md));
  }
  void Ifndef(clang::SourceLocation loc, const clang::Token& name, const clang::MacroDefinition& md) override {
    r_->Open(loc, "ifndef", Name(name), !md);
  }
  void Elif(clang::SourceLocation loc, clang::SourceRange, ConditionValueKind value,
            clang::SourceLocation) override {
    r_->Next(loc, "elif", r_->Text(loc), value == CVK_True);
  }
  void Elifdef(clang::SourceLocation loc, const clang::Token& name, const clang::MacroDefinition& md) override {
    r_->Next(loc, "elifdef", Name(name), static_cast<bool>(md));
  }
  void Elifdef(clang::SourceLocation loc, clang::SourceRange, clang::SourceLocation) override {
    r_->Next(loc, "elifdef", r_->Text(loc), false);
  }
  void Elifndef(clang::SourceLocation loc, const clang::Token& name, const clang::MacroDefinition& md) override {
    r_->Next(loc, "elifndef", Name(name), !md);
  }
  void Elifndef(clang::SourceLocation loc, clang::SourceRange, clang::SourceLocation) override {
    r_->Next(loc, "elifndef", r_->Text(loc), false);
  }
  void Else(clang::SourceLocation loc, clang::SourceLocation) override { r_->Next(loc, "else", "", true); }
  void Endif(clang::SourceLocation loc, clang::SourceLocation) override { r_->Close(loc); }

 private:
  static std::string Name(const clang::Token& t) {
    const clang::IdentifierInfo* ii = t.getIdentifierInfo();
    return ii ? ii->getName().str() : std::string();
  }
  PpConditionRecorder* r_;
};

PpConditionRecorder::PpConditionRecorder(clang::Preprocessor& pp) : pp_(pp), sm_(pp.getSourceManager()) {}
PpConditionRecorder::~PpConditionRecorder() = default;

std::unique_ptr<clang::PPCallbacks> PpConditionRecorder::MakeCallbacks() {
  return std::make_unique<Callbacks>(this);
}

std::string PpConditionRecorder::Text(clang::SourceLocation directive) const {
  // The rest of the directive's line (and its continuation lines), read
  // from the file: the condition range Clang reports ends inside macro
  // expansions when the condition uses macros.
  if (directive.isInvalid() || !directive.isFileID()) return "";
  bool invalid = false;
  llvm::StringRef buf = sm_.getBufferData(sm_.getFileID(directive), &invalid);
  if (invalid) return "";
  size_t i = sm_.getFileOffset(directive);
  while (i < buf.size() && IsIdentChar(buf[i])) ++i;  // the directive's name
  std::string out;
  while (i < buf.size() && out.size() < 4 * kMaxConditionText) {
    char c = buf[i];
    if (c == '\\' && i + 1 < buf.size() && (buf[i + 1] == '\n' || buf[i + 1] == '\r')) {
      i += 2;
      if (buf[i - 1] == '\r' && i < buf.size() && buf[i] == '\n') ++i;
      out += ' ';
      continue;
    }
    if (c == '\n' || c == '\r') break;
    out += c;
    ++i;
  }
  return out;
}

void PpConditionRecorder::Open(clang::SourceLocation loc, std::string directive, std::string condition,
                               bool taken) {
  Chain chain;
  chain.any_taken = taken;
  chain.current.taken = taken;
  chain.current.begin = loc;
  chain.current.cond.directive = std::move(directive);
  chain.current.cond.condition = NormalizeCondition(condition);
  chain.current.cond.macros = ConditionMacros(condition);
  stack_.push_back(std::move(chain));
}

void PpConditionRecorder::Next(clang::SourceLocation loc, std::string directive, std::string condition,
                               bool taken) {
  if (stack_.empty()) return;  // unbalanced input: Clang reports it
  Chain& chain = stack_.back();
  EndBranch(chain, loc);
  for (const std::string& m : chain.current.cond.macros) AddOnce(chain.earlier_macros, m);
  taken = taken && !chain.any_taken;
  chain.any_taken = chain.any_taken || taken;
  chain.current = Branch{};
  chain.current.taken = taken;
  chain.current.begin = loc;
  chain.current.cond.directive = std::move(directive);
  chain.current.cond.condition = NormalizeCondition(condition);
  chain.current.cond.macros = chain.earlier_macros;
  for (const std::string& m : ConditionMacros(condition)) AddOnce(chain.current.cond.macros, m);
}

void PpConditionRecorder::Close(clang::SourceLocation loc) {
  if (stack_.empty()) return;
  EndBranch(stack_.back(), loc);
  stack_.pop_back();
}

void PpConditionRecorder::EndBranch(Chain& chain, clang::SourceLocation end) {
  Branch& b = chain.current;
  if (!b.taken || b.begin.isInvalid() || end.isInvalid() || !b.begin.isFileID() || !end.isFileID()) return;
  clang::FileID fid = sm_.getFileID(b.begin);
  if (fid != sm_.getFileID(end)) return;
  unsigned depth = 0;
  for (const Chain& outer : stack_) {
    if (&outer == &chain) break;
    if (outer.current.begin.isValid() && outer.current.begin.isFileID() && sm_.getFileID(outer.current.begin) == fid) {
      ++depth;
    }
  }
  Region r;
  r.begin = sm_.getFileOffset(b.begin);
  r.end = sm_.getFileOffset(end);
  r.depth = depth;
  r.cond = b.cond;
  clang::PresumedLoc p = sm_.getPresumedLoc(b.begin);
  if (p.isValid()) r.cond.loc = {.file = p.getFilename(), .line = p.getLine()};
  regions_[fid.getHashValue()].push_back(std::move(r));
  fids_.emplace(fid.getHashValue(), fid);
}

void PpConditionRecorder::DropIncludeGuards() {
  if (guards_dropped_) return;
  guards_dropped_ = true;
  clang::HeaderSearch& hs = pp_.getHeaderSearchInfo();
  for (auto& [hash, regions] : regions_) {
    // Outer branches first: a location's conditions come out outermost first.
    std::sort(regions.begin(), regions.end(),
              [](const Region& a, const Region& b) { return a.begin != b.begin ? a.begin < b.begin : a.end > b.end; });
    clang::OptionalFileEntryRef fe = sm_.getFileEntryRefForID(fids_.at(hash));
    if (!fe) continue;
    const clang::IdentifierInfo* guard = hs.getFileInfo(*fe).getControllingMacro(nullptr);
    if (!guard) continue;
    for (auto r = regions.begin(); r != regions.end(); ++r) {
      if (r->depth == 0 && (r->cond.directive == "ifndef" || r->cond.directive == "if") &&
          r->cond.macros.size() == 1 && r->cond.macros[0] == guard->getName()) {
        regions.erase(r);
        break;
      }
    }
  }
}

const std::vector<contract::PpCondition>& PpConditionRecorder::IncludeConditions(clang::FileID fid) {
  auto it = include_conditions_.find(fid.getHashValue());
  if (it != include_conditions_.end()) return it->second;
  std::vector<contract::PpCondition> out;
  // Inserted first so that a (malformed) include cycle cannot recurse forever.
  include_conditions_.emplace(fid.getHashValue(), out);
  clang::SourceLocation inc = sm_.getIncludeLoc(fid);
  if (inc.isValid() && inc.isFileID()) out = ConditionsAt(inc);
  auto& slot = include_conditions_[fid.getHashValue()];
  slot = std::move(out);
  return slot;
}

std::vector<contract::PpCondition> PpConditionRecorder::ConditionsAt(clang::SourceLocation loc) {
  if (loc.isInvalid()) return {};
  DropIncludeGuards();
  // Macro arguments at their spelling (fields inside struct_group(...),
  // with #ifdef between them), other macro tokens at the expansion.
  clang::SourceLocation e = sm_.getFileLoc(loc);
  clang::FileID fid = sm_.getFileID(e);
  if (fid.isInvalid()) return {};
  std::vector<contract::PpCondition> out = IncludeConditions(fid);
  auto it = regions_.find(fid.getHashValue());
  if (it == regions_.end()) return out;
  const unsigned off = sm_.getFileOffset(e);
  for (const Region& r : it->second) {
    if (r.begin > off) break;
    if (off < r.end) out.push_back(r.cond);
  }
  return out;
}

std::vector<contract::PpCondition> PpConditionRecorder::Relative(const std::vector<contract::PpCondition>& inner,
                                                                 const std::vector<contract::PpCondition>& outer) {
  size_t k = 0;
  while (k < inner.size() && k < outer.size() && inner[k] == outer[k]) ++k;
  if (k < outer.size()) return inner;  // not nested in the outer definition's branches
  return std::vector<contract::PpCondition>(inner.begin() + static_cast<long>(k), inner.end());
}

}  // namespace bindfuzz::cfront::internal
