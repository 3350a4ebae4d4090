// Internal: Clang AST -> contract::Contract (records, enums, typedefs,
// functions, variables). Used only by c_frontend.cc.
#ifndef BINDFUZZ_HARNESS_C_FRONTEND_AST_TO_CONTRACT_H_
#define BINDFUZZ_HARNESS_C_FRONTEND_AST_TO_CONTRACT_H_

#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/AST/Type.h"
#include "clang/Basic/SourceLocation.h"
#include "harness/contract/contract.h"
#include "llvm/ADT/APSInt.h"

namespace bindfuzz::cfront::internal {

// Deepest type expression we model; deeper ones become kUnknown (keeps the
// JSON within contract::kMaxJsonDepth and the recursion bounded).
inline constexpr int kMaxTypeDepth = 48;

// Two's-complement APSInt -> IntValue; false if it needs more than 64 bits
// of magnitude.
bool ToIntValue(const llvm::APSInt& v, contract::IntValue* out);

class ContractBuilder {
 public:
  // `is_root_location`: whether a declaration at this location is emitted
  // as a root (include_prefixes). `skip_file`: declarations whose expansion
  // location is in this FileID are ignored (the macro-evaluation buffer).
  ContractBuilder(clang::ASTContext& ctx,
                  std::function<bool(clang::SourceLocation)> is_root_location,
                  clang::FileID skip_file, contract::Contract* out);

  // Visits every top-level declaration and emits roots and their
  // dependencies.
  void BuildFromTranslationUnit();
  // Emits everything queued as a dependency so far.
  void Drain();

  contract::Type ConvertType(clang::QualType type, int depth = 0);
  contract::SourceLoc Loc(clang::SourceLocation loc) const;

  // Where the preprocessor conditions of a location come from (none when unset).
  using ConditionsFn = std::function<std::vector<contract::PpCondition>(clang::SourceLocation)>;
  void SetConditions(ConditionsFn fn) { conditions_of_ = std::move(fn); }
  std::vector<contract::PpCondition> Conditions(clang::SourceLocation loc) const {
    return conditions_of_ ? conditions_of_(loc) : std::vector<contract::PpCondition>{};
  }

  // Root handlers (called by the visitor).
  void RootRecord(const clang::RecordDecl* d);
  void RootEnum(const clang::EnumDecl* d);
  void RootTypedef(const clang::TypedefNameDecl* d);
  void RootFunction(const clang::FunctionDecl* d);
  void RootVariable(const clang::VarDecl* d);

  void Note(contract::Note::Level level, std::string item, std::string message,
            contract::SourceLoc loc = {});

 private:
  bool Skipped(const clang::Decl* d) const;
  bool IsRoot(const clang::Decl* d) const;
  std::string TagKey(const clang::TagDecl* d);
  std::string BaseTagKey(const clang::TagDecl* d, bool* anonymous);
  std::string MemberNameFor(const clang::RecordDecl* parent, const clang::TagDecl* d);
  const clang::TagDecl* TagNamedByTypedef(const clang::TypedefNameDecl* td) const;
  void Enqueue(const clang::Decl* d);
  void EmitRecord(const clang::RecordDecl* d);
  void EmitEnum(const clang::EnumDecl* d);
  void EmitTypedef(const clang::TypedefNameDecl* d);
  std::string CallConvName(const clang::FunctionType* ft) const;
  contract::Type ConvertFunctionType(const clang::FunctionType* ft, int depth);

  clang::ASTContext& ctx_;
  clang::SourceManager& sm_;
  std::function<bool(clang::SourceLocation)> is_root_location_;
  clang::FileID skip_file_;
  contract::Contract& c_;
  clang::PrintingPolicy policy_;
  ConditionsFn conditions_of_;

  std::unordered_map<const clang::Decl*, std::string> tag_keys_;
  std::unordered_map<const clang::Decl*, bool> tag_anonymous_;
  std::map<std::string, const clang::Decl*> record_key_owner_, enum_key_owner_;
  std::unordered_set<const clang::Decl*> queued_;
  std::vector<const clang::Decl*> worklist_;
  bool depth_note_added_ = false;
  std::unordered_set<std::string> static_vars_skipped_;
};

}  // namespace bindfuzz::cfront::internal

#endif  // BINDFUZZ_HARNESS_C_FRONTEND_AST_TO_CONTRACT_H_
