// Internal to c_frontend: the preprocessor conditional branches a
// definition lies in (`#ifdef CONFIG_X` ... `#endif`), recorded while Clang
// preprocesses and looked up by location once the AST is built.
//
//   PpConditionRecorder rec(pp);                 // owns the recorded branches
//   pp.addPPCallbacks(rec.MakeCallbacks());
//   ... parse ...
//   std::vector<contract::PpCondition> c = rec.ConditionsAt(decl->getLocation());
//
// Only taken branches are kept (a definition the compiler saw lies in taken
// branches only). A location's conditions are those of its file, outermost
// first, preceded by those around the #include line that brought the file
// in (recursively). Include guards (the file's controlling macro, as Clang's
// multiple-include optimisation found it) are left out.
#ifndef BINDFUZZ_HARNESS_C_FRONTEND_PP_CONDITIONS_H_
#define BINDFUZZ_HARNESS_C_FRONTEND_PP_CONDITIONS_H_

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "clang/Basic/SourceLocation.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "harness/contract/contract.h"

namespace bindfuzz::cfront::internal {

// Object-like macro names a condition mentions, in order, once each:
// identifiers not followed by `(` (so not `defined` or `IS_ENABLED`).
// Comments are skipped; numbers and character literals are not names.
std::vector<std::string> ConditionMacros(const std::string& text);
// The condition text without comments, line continuations and repeated
// spaces.
std::string NormalizeCondition(const std::string& text);

class PpConditionRecorder {
 public:
  explicit PpConditionRecorder(clang::Preprocessor& pp);
  ~PpConditionRecorder();

  // Callbacks that feed this recorder; the recorder must outlive them.
  std::unique_ptr<clang::PPCallbacks> MakeCallbacks();

  // The taken branches around `loc` (a macro argument's spelling, other
  // macro tokens' expansion location), outermost first. Call after
  // preprocessing ended.
  std::vector<contract::PpCondition> ConditionsAt(clang::SourceLocation loc);

  // `inner` without the leading entries it shares with `outer` (a field's
  // conditions relative to its record's).
  static std::vector<contract::PpCondition> Relative(const std::vector<contract::PpCondition>& inner,
                                                     const std::vector<contract::PpCondition>& outer);

 private:
  class Callbacks;
  friend class Callbacks;

  struct Region {
    unsigned begin = 0;  // file offset of the directive that opened the branch
    unsigned end = 0;    // file offset of the directive that closed it
    unsigned depth = 0;  // nesting depth within its file (0: outermost)
    contract::PpCondition cond;
  };
  struct Branch {
    bool taken = false;
    clang::SourceLocation begin;
    contract::PpCondition cond;
  };
  struct Chain {
    std::vector<std::string> earlier_macros;  // of the branches before the current one
    bool any_taken = false;
    Branch current;
  };

  void Open(clang::SourceLocation loc, std::string directive, std::string condition, bool taken);
  void Next(clang::SourceLocation loc, std::string directive, std::string condition, bool taken);
  void Close(clang::SourceLocation loc);
  void EndBranch(Chain& chain, clang::SourceLocation end);
  std::string Text(clang::SourceLocation directive) const;
  // Drops each file's include-guard region (once, after preprocessing).
  void DropIncludeGuards();
  const std::vector<contract::PpCondition>& IncludeConditions(clang::FileID fid);

  clang::Preprocessor& pp_;
  clang::SourceManager& sm_;
  std::vector<Chain> stack_;
  // FileID hash -> taken branches of that file (sorted by DropIncludeGuards).
  std::unordered_map<unsigned, std::vector<Region>> regions_;
  std::unordered_map<unsigned, clang::FileID> fids_;
  std::unordered_map<unsigned, std::vector<contract::PpCondition>> include_conditions_;
  bool guards_dropped_ = false;
};

}  // namespace bindfuzz::cfront::internal

#endif  // BINDFUZZ_HARNESS_C_FRONTEND_PP_CONDITIONS_H_
