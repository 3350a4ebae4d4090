// ExtractC: runs Clang (driver + -fsyntax-only) over a generated wrapper
// translation unit that includes the headers, then walks the AST.
//
// Macros are evaluated in the same translation unit: the wrapper ends with
// `#pragma bindfuzz_eval_macros`, whose handler snapshots the object-like
// macros defined at that point and enters a generated buffer with one line
// per macro, `static const __auto_type __bindfuzz_macro_eval_<i> = (NAME);`.
// Sema evaluates each line; diagnostics located in that buffer only mark the
// line's macro as not evaluable.
#include "harness/c_frontend/c_frontend.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Pragma.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Tooling.h"
#include "harness/c_frontend/ast_to_contract.h"
#include "harness/cflags/flag_filters.h"
#include "harness/c_frontend/pp_conditions.h"
#include "harness/contract/not_addressable.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/thread.h"

#ifndef BINDFUZZ_CLANG_RESOURCE_DIR
#define BINDFUZZ_CLANG_RESOURCE_DIR ""
#endif

namespace bindfuzz::cfront {
namespace {

constexpr const char* kWrapperPath = "/__bindfuzz__/wrapper.c";
constexpr const char* kPragmaName = "bindfuzz_eval_macros";
constexpr const char* kEvalPrefix = "__bindfuzz_macro_eval_";
constexpr size_t kMaxReportedErrors = 5;

std::string NormalizePath(const std::string& path, const std::string& cwd) {
  llvm::SmallString<256> p(path);
  if (!llvm::sys::path::is_absolute(p)) {
    llvm::SmallString<256> abs(cwd);
    llvm::sys::path::append(abs, p);
    p = abs;
  }
  llvm::sys::path::remove_dots(p, /*remove_dot_dot=*/true);
  return std::string(p.str());
}

bool PathUnder(const std::string& path, const std::string& prefix) {
  if (prefix.empty()) return false;
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/';
}

struct MacroCandidate {
  std::string name;
  clang::SourceLocation def_loc;
};

// State shared by the diagnostic consumer, the pragma handler and the AST
// consumer of one ExtractC run.
struct RunState {
  const CFrontendOptions* options = nullptr;
  std::string cwd;
  std::string resource_dir;
  std::vector<std::string> prefixes;  // normalized
  std::vector<std::string> final_flags;
  std::vector<std::string> inputs;

  // Diagnostics.
  std::vector<std::string> errors;
  size_t error_count = 0;
  std::set<unsigned> eval_error_lines;

  // Macro evaluation.
  bool pragma_seen = false;
  clang::FileID eval_fid;
  unsigned eval_first_line = 1;
  std::vector<MacroCandidate> macros;
  size_t macros_considered = 0;
  size_t macros_prefiltered = 0;

  // File filter cache (FileID hash -> allowed).
  std::unordered_map<unsigned, bool> file_allowed;

  // Preprocessor conditions of definitions (recorded while preprocessing).
  std::unique_ptr<internal::PpConditionRecorder> conditions;

  bool ran = false;
  contract::Contract contract;
};

bool AllowedLocation(RunState& s, const clang::SourceManager& sm, clang::SourceLocation loc) {
  if (loc.isInvalid()) return false;
  clang::FileID fid = sm.getFileID(sm.getExpansionLoc(loc));
  auto it = s.file_allowed.find(fid.getHashValue());
  if (it != s.file_allowed.end()) return it->second;
  bool allowed = false;
  if (fid != s.eval_fid) {
    if (clang::OptionalFileEntryRef fe = sm.getFileEntryRefForID(fid)) {
      std::string p = NormalizePath(fe->getName().str(), s.cwd);
      if (s.prefixes.empty()) {
        allowed = !PathUnder(p, s.resource_dir) && p != kWrapperPath;
      } else {
        for (const std::string& pre : s.prefixes)
          if (PathUnder(p, pre)) {
            allowed = true;
            break;
          }
      }
    }
  }
  s.file_allowed.emplace(fid.getHashValue(), allowed);
  return allowed;
}

// ---------------------------------------------------------------- diagnostics

class CollectingDiagConsumer : public clang::DiagnosticConsumer {
 public:
  explicit CollectingDiagConsumer(RunState* s) : s_(s) {}
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                        const clang::Diagnostic& info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error) return;
    std::string where = "<command line>";
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const clang::SourceManager& sm = info.getSourceManager();
      clang::SourceLocation exp = sm.getExpansionLoc(info.getLocation());
      if (s_->eval_fid.isValid() && sm.getFileID(exp) == s_->eval_fid) {
        s_->eval_error_lines.insert(sm.getExpansionLineNumber(info.getLocation()));
        return;
      }
      clang::PresumedLoc p = sm.getPresumedLoc(sm.getFileLoc(info.getLocation()));
      if (p.isValid())
        where = absl::StrCat(p.getFilename(), ":", p.getLine(), ":", p.getColumn());
    }
    ++s_->error_count;
    if (s_->errors.size() < kMaxReportedErrors) {
      llvm::SmallString<256> msg;
      info.FormatDiagnostic(msg);
      s_->errors.push_back(absl::StrCat(where, ": error: ", std::string(msg.str())));
    }
  }

 private:
  RunState* s_;
};

// ---------------------------------------------------------------- macros

// Whether expanding `mi` can only produce balanced (), [] and {} (so one
// generated line cannot swallow the next; each line's result is also checked
// to come from that line).
class MacroSafety {
 public:
  explicit MacroSafety(clang::Preprocessor& pp) : pp_(pp) {}

  bool Safe(const clang::MacroInfo* mi, bool top_level, int depth = 0) {
    if (depth > 64) return false;
    if (!top_level) {
      auto it = memo_.find(mi);
      if (it != memo_.end()) return it->second;
      memo_[mi] = true;  // in progress: recursion is harmless (no re-expansion)
    }
    bool ok = CheckTokens(mi, top_level, depth);
    if (!top_level) memo_[mi] = ok;
    return ok;
  }

 private:
  bool CheckTokens(const clang::MacroInfo* mi, bool top_level, int depth) {
    int paren = 0, bracket = 0, brace = 0;
    for (const clang::Token& t : mi->tokens()) {
      switch (t.getKind()) {
        case clang::tok::l_paren: ++paren; break;
        case clang::tok::r_paren: if (--paren < 0) return false; break;
        case clang::tok::l_square: ++bracket; break;
        case clang::tok::r_square: if (--bracket < 0) return false; break;
        case clang::tok::l_brace: ++brace; break;
        case clang::tok::r_brace: if (--brace < 0) return false; break;
        // A top-level `;` makes the candidate a statement, not a constant.
        // Inside other macros it is harmless once braces balance (e.g. it
        // may be stringified): at worst that line fails to parse.
        case clang::tok::semi: if (top_level && brace == 0) return false; break;
        case clang::tok::comma:
          if (top_level && paren == 0 && bracket == 0 && brace == 0) return false;
          break;
        default: break;
      }
      if (const clang::IdentifierInfo* ii = t.getIdentifierInfo()) {
        llvm::StringRef n = ii->getName();
        if (n == "_Pragma" || n == "__pragma") return false;
        if (ii->hasMacroDefinition()) {
          if (const clang::MacroInfo* sub = pp_.getMacroInfo(ii))
            if (sub != mi && !Safe(sub, false, depth + 1)) return false;
        }
      }
    }
    return paren == 0 && bracket == 0 && brace == 0;
  }

  clang::Preprocessor& pp_;
  std::unordered_map<const clang::MacroInfo*, bool> memo_;
};

class EvalMacrosPragma : public clang::PragmaHandler {
 public:
  explicit EvalMacrosPragma(RunState* s) : clang::PragmaHandler(kPragmaName), s_(s) {}

  void HandlePragma(clang::Preprocessor& pp, clang::PragmaIntroducer intro,
                    clang::Token& first) override {
    clang::Token t = first;
    while (t.isNot(clang::tok::eod) && t.isNot(clang::tok::eof)) pp.LexUnexpandedToken(t);
    clang::SourceManager& sm = pp.getSourceManager();
    if (s_->pragma_seen || intro.Kind != clang::PIK_HashPragma ||
        sm.getFileID(sm.getExpansionLoc(intro.Loc)) != sm.getMainFileID())
      return;
    s_->pragma_seen = true;
    if (!s_->errors.empty()) return;  // the translation unit is broken anyway

    MacroSafety safety(pp);
    const clang::LangOptions& lo = pp.getLangOpts();
    for (const auto& entry : pp.macros(/*IncludeExternalMacros=*/false)) {
      const clang::IdentifierInfo* ii = entry.first;
      const clang::MacroInfo* mi = pp.getMacroInfo(ii);
      if (!mi || !mi->isObjectLike() || mi->isBuiltinMacro() || mi->tokens_empty()) continue;
      if (!AllowedLocation(*s_, sm, mi->getDefinitionLoc())) continue;
      llvm::StringRef name = ii->getName();
      if (name.starts_with("__bindfuzz") || ii->isKeyword(lo)) continue;
      ++s_->macros_considered;
      if (!safety.Safe(mi, /*top_level=*/true)) {
        ++s_->macros_prefiltered;
        continue;
      }
      s_->macros.push_back({name.str(), mi->getDefinitionLoc()});
    }
    std::sort(s_->macros.begin(), s_->macros.end(),
              [](const MacroCandidate& a, const MacroCandidate& b) { return a.name < b.name; });

    std::string text;
    unsigned line = 1;
    // Our own tokens must mean what they say.
    std::vector<std::string> undef = {"static", "const", "__auto_type"};
    for (const auto& entry : pp.macros(false))
      if (entry.first->getName().starts_with("__bindfuzz")) undef.push_back(entry.first->getName().str());
    std::sort(undef.begin() + 3, undef.end());
    for (const std::string& name : undef) {
      if (pp.getMacroInfo(pp.getIdentifierInfo(name))) {
        absl::StrAppend(&text, "#undef ", name, "\n");
        ++line;
      }
    }
    s_->eval_first_line = line;
    text.reserve(text.size() + s_->macros.size() * 64);
    for (size_t i = 0; i < s_->macros.size(); ++i)
      absl::StrAppend(&text, "static const __auto_type ", kEvalPrefix, i, " = (",
                      s_->macros[i].name, ");\n");
    auto buf = llvm::MemoryBuffer::getMemBufferCopy(text, "<bindfuzz macro evaluation>");
    s_->eval_fid = sm.createFileID(std::move(buf), clang::SrcMgr::C_User, 0, 0, intro.Loc);
    pp.EnterSourceFile(s_->eval_fid, nullptr, intro.Loc);
  }

 private:
  RunState* s_;
};

void EvaluateMacros(RunState& s, clang::ASTContext& ctx, internal::ContractBuilder& b) {
  if (!s.pragma_seen || s.eval_fid.isInvalid()) return;
  const clang::SourceManager& sm = ctx.getSourceManager();
  size_t n_int = 0, n_str = 0, n_float = 0;
  for (size_t i = 0; i < s.macros.size(); ++i) {
    const MacroCandidate& m = s.macros[i];
    unsigned line = s.eval_first_line + static_cast<unsigned>(i);
    if (s.eval_error_lines.count(line)) continue;
    clang::IdentifierInfo& ii = ctx.Idents.get(absl::StrCat(kEvalPrefix, i));
    const clang::VarDecl* vd = nullptr;
    for (clang::NamedDecl* nd : ctx.getTranslationUnitDecl()->lookup(clang::DeclarationName(&ii)))
      if ((vd = llvm::dyn_cast<clang::VarDecl>(nd))) break;
    if (!vd || vd->isInvalidDecl()) continue;
    const clang::Expr* init = vd->getInit();
    if (!init || init->containsErrors() || init->isValueDependent()) continue;
    clang::SourceLocation b0 = sm.getExpansionLoc(init->getBeginLoc());
    clang::SourceLocation e0 = sm.getExpansionLoc(init->getEndLoc());
    if (sm.getFileID(b0) != s.eval_fid || sm.getFileID(e0) != s.eval_fid ||
        sm.getExpansionLineNumber(b0) != line || sm.getExpansionLineNumber(e0) != line)
      continue;
    contract::Constant k;
    k.name = m.name;
    k.loc = b.Loc(m.def_loc);
    k.conditions = b.Conditions(m.def_loc);
    const clang::Expr* bare = init->IgnoreParenImpCasts();
    if (const auto* sl = llvm::dyn_cast<clang::StringLiteral>(bare)) {
      if (!(sl->isOrdinary() || sl->isUTF8())) continue;
      k.kind = contract::ConstantKind::kString;
      k.string_value = sl->getString().str();
      k.type = b.ConvertType(sl->getType());
      ++n_str;
    } else {
      const clang::Expr* value = init->IgnoreParens();
      clang::QualType type = value->getType();
      if (type->isIntegralOrEnumerationType()) {
        clang::Expr::EvalResult res;
        if (!init->EvaluateAsInt(res, ctx) || !res.Val.isInt()) continue;
        if (!internal::ToIntValue(res.Val.getInt(), &k.int_value)) continue;
        k.kind = contract::ConstantKind::kInt;
        ++n_int;
      } else if (type->isRealFloatingType()) {
        llvm::APFloat f(0.0);
        if (!init->EvaluateAsFloat(f, ctx)) continue;
        bool loses = false;
        f.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven, &loses);
        if (loses) continue;
        k.kind = contract::ConstantKind::kFloat;
        k.float_value = f.convertToDouble();
        ++n_float;
      } else {
        continue;
      }
      k.type = b.ConvertType(type);
    }
    s.contract.constants.insert_or_assign(m.name, std::move(k));
  }
  size_t evaluated = n_int + n_str + n_float;
  b.Note(contract::Note::Level::kInfo, "",
         absl::StrCat("macros: ", s.macros_considered, " object-like macros considered, ",
                      evaluated, " evaluated (", n_int, " integer, ", n_str, " string, ", n_float,
                      " float), ", s.macros_considered - evaluated,
                      " skipped (not constant expressions)"));
}

// ---------------------------------------------------------------- action

class ExtractConsumer : public clang::ASTConsumer {
 public:
  ExtractConsumer(RunState* s, clang::Preprocessor& pp) : s_(s), pp_(pp) {}

  void HandleTranslationUnit(clang::ASTContext& ctx) override {
    s_->ran = true;
    if (!s_->errors.empty()) return;
    contract::Contract& c = s_->contract;
    c.side = contract::Side::kC;
    const clang::TargetInfo& ti = ctx.getTargetInfo();
    c.target.triple = ti.getTriple().str();
    c.target.pointer_bits = static_cast<uint32_t>(ti.getPointerWidth(clang::LangAS::Default));
    c.target.long_bits = static_cast<uint32_t>(ti.getLongWidth());
    c.target.char_signed = ctx.CharTy->isSignedIntegerType();
    c.provenance.tool = "clang " CLANG_VERSION_STRING;
    c.provenance.inputs = s_->inputs;
    c.provenance.flags = s_->final_flags;

    const clang::SourceManager& sm = ctx.getSourceManager();
    RunState* s = s_;
    internal::ContractBuilder b(
        ctx, [s, &sm](clang::SourceLocation l) { return AllowedLocation(*s, sm, l); },
        s_->eval_fid, &c);
    if (internal::PpConditionRecorder* rec = s_->conditions.get()) {
      b.SetConditions([rec](clang::SourceLocation l) { return rec->ConditionsAt(l); });
    }
    b.BuildFromTranslationUnit();
    MarkMacroFunctions(c, b);
    if (s_->options->evaluate_macros) EvaluateMacros(*s_, ctx, b);
    b.Drain();
    s_->conditions.reset();  // refers to the preprocessor, which goes away with the AST
  }

 private:
  // A function whose name the headers also #define (the kernel's fortified
  // memcpy/memset) cannot be named as a function after the headers: the
  // macro expands instead. Still defined at the end of the translation unit
  // is what a file including the headers sees.
  void MarkMacroFunctions(const contract::Contract& c, internal::ContractBuilder& b) {
    for (const auto& [name, f] : c.functions) {
      clang::IdentifierInfo* ii = pp_.getIdentifierInfo(name);
      const clang::MacroInfo* mi = ii != nullptr ? pp_.getMacroInfo(ii) : nullptr;
      if (mi == nullptr) continue;
      b.Note(contract::Note::Level::kInfo, name,
             contract::NotAddressableMessage(mi->isFunctionLike() ? contract::kFunctionLikeMacro
                                                                  : contract::kObjectLikeMacro),
             f.loc);
    }
  }

  RunState* s_;
  clang::Preprocessor& pp_;
};

class ExtractAction : public clang::ASTFrontendAction {
 public:
  explicit ExtractAction(RunState* s) : s_(s) {}

 protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& ci,
                                                        llvm::StringRef) override {
    return std::make_unique<ExtractConsumer>(s_, ci.getPreprocessor());
  }
  bool BeginSourceFileAction(clang::CompilerInstance& ci) override {
    ci.getFrontendOpts().SkipFunctionBodies = s_->options->skip_function_bodies;
    clang::DiagnosticsEngine& d = ci.getDiagnostics();
    d.setIgnoreAllWarnings(true);
    d.setErrorLimit(0);
    d.setSuppressSystemWarnings(true);
    ci.getDiagnosticOpts().ShowCarets = false;  // no "N errors generated." on stderr
    if (s_->options->evaluate_macros) ci.getPreprocessor().AddPragmaHandler(new EvalMacrosPragma(s_));
    s_->conditions = std::make_unique<internal::PpConditionRecorder>(ci.getPreprocessor());
    ci.getPreprocessor().addPPCallbacks(s_->conditions->MakeCallbacks());
    return true;
  }

 private:
  RunState* s_;
};

bool UnsafeIncludePath(const std::string& p) {
  return p.find_first_of(std::string("\"\n\r\0", 4)) != std::string::npos;
}

}  // namespace

absl::StatusOr<contract::Contract> ExtractC(const CFrontendOptions& options,
                                            const std::vector<VirtualFile>& virtual_files) {
  RunState s;
  s.options = &options;
  if (options.headers.empty()) return absl::InvalidArgumentError("ExtractC: no headers given");

  // Working directory.
  if (options.working_directory.empty()) {
    llvm::SmallString<256> cwd;
    if (llvm::sys::fs::current_path(cwd))
      return absl::InternalError("ExtractC: cannot get the current directory");
    s.cwd = std::string(cwd.str());
  } else {
    llvm::SmallString<256> cwd;
    if (llvm::sys::fs::current_path(cwd))
      return absl::InternalError("ExtractC: cannot get the current directory");
    s.cwd = NormalizePath(options.working_directory, std::string(cwd.str()));
  }

  // File systems: the real one (with its own cwd, never the process's) under
  // an in-memory layer with the virtual files and the wrapper.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> physical(
      llvm::vfs::createPhysicalFileSystem().release());
  auto memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  memory->setCurrentWorkingDirectory(s.cwd);
  for (const VirtualFile& vf : virtual_files) {
    std::string p = NormalizePath(vf.path, s.cwd);
    if (!memory->addFile(p, 0, llvm::MemoryBuffer::getMemBufferCopy(vf.contents, p)))
      return absl::InvalidArgumentError(absl::StrCat(vf.path, ": cannot add virtual file"));
  }
  auto overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(physical);
  overlay->pushOverlay(memory);
  if (overlay->setCurrentWorkingDirectory(s.cwd)) {
    auto st = overlay->status(s.cwd);
    if (!st || !st->isDirectory())
      return absl::InvalidArgumentError(
          absl::StrCat(options.working_directory, ": working directory does not exist"));
  }

  // Headers and the wrapper.
  std::string wrapper;
  for (const std::string& h : options.headers) {
    std::string p = NormalizePath(h, s.cwd);
    if (UnsafeIncludePath(p))
      return absl::InvalidArgumentError(
          absl::StrCat(h, ": header path contains a quote, newline or NUL"));
    auto st = overlay->status(p);
    if (!st) return absl::InvalidArgumentError(absl::StrCat(h, ": no such file"));
    if (!st->isRegularFile())
      return absl::InvalidArgumentError(absl::StrCat(h, ": not a regular file"));
    s.inputs.push_back(p);
    absl::StrAppend(&wrapper, "#include \"", p, "\"\n");
  }
  if (options.evaluate_macros) absl::StrAppend(&wrapper, "#pragma ", kPragmaName, "\n");
  memory->addFile(kWrapperPath, 0, llvm::MemoryBuffer::getMemBufferCopy(wrapper, kWrapperPath));

  s.resource_dir = options.resource_dir.empty() ? std::string(BINDFUZZ_CLANG_RESOURCE_DIR)
                                                : options.resource_dir;
  if (!s.resource_dir.empty()) s.resource_dir = NormalizePath(s.resource_dir, s.cwd);
  for (const std::string& p : options.include_prefixes) s.prefixes.push_back(NormalizePath(p, s.cwd));

  // Flags.
  std::vector<std::string> flags = options.flags;
  if (options.filter_gcc_flags) flags = cflags::FilterGccOnlyFlags(flags);
  std::vector<std::string> dropped;
  flags = cflags::SanitizeFlags(flags, &dropped);
  if (!dropped.empty()) {
    std::vector<std::string> shown(dropped.begin(),
                                   dropped.begin() + std::min<size_t>(dropped.size(), 20));
    s.contract.notes.push_back(
        {.level = contract::Note::Level::kWarning,
         .item = "",
         .message = absl::StrCat("dropped ", dropped.size(),
                                 " compiler args that are unsafe or meaningless for parsing: ",
                                 absl::StrJoin(shown, " "), dropped.size() > 20 ? " ..." : "")});
  }
  flags.insert(flags.end(), {"-w", "-fno-spell-checking", "-ferror-limit=0"});
  if (!s.resource_dir.empty()) {
    flags.push_back("-resource-dir");
    flags.push_back(s.resource_dir);
  }
  s.final_flags = flags;

  std::vector<std::string> cmd = {"clang", "-fsyntax-only", "--no-default-config"};
  cmd.insert(cmd.end(), flags.begin(), flags.end());
  cmd.push_back(kWrapperPath);

  clang::FileSystemOptions fso;
  fso.WorkingDir = s.cwd;
  llvm::IntrusiveRefCntPtr<clang::FileManager> files(new clang::FileManager(fso, overlay));
  CollectingDiagConsumer diags(&s);

  auto run = [&]() {
    clang::tooling::ToolInvocation inv(cmd, std::make_unique<ExtractAction>(&s), files.get());
    inv.setDiagnosticConsumer(&diags);
    inv.run();
  };
  // Clang recurses on deeply nested input: give it a big stack.
  llvm::thread worker(std::optional<unsigned>(64u << 20), run);
  worker.join();

  if (!s.errors.empty() || s.error_count > 0) {
    std::string msg = absl::StrJoin(s.errors, "\n");
    if (s.error_count > s.errors.size())
      absl::StrAppend(&msg, "\n(", s.error_count, " errors in total)");
    return absl::InvalidArgumentError(msg);
  }
  if (!s.ran)
    return absl::InvalidArgumentError(
        absl::StrCat(options.headers.front(), ": clang did not parse the headers"));
  return std::move(s.contract);
}

absl::StatusOr<contract::Contract> ExtractC(const CFrontendOptions& options) {
  return ExtractC(options, {});
}

absl::StatusOr<contract::Contract> ExtractCFromCode(const std::string& code,
                                                    const CFrontendOptions& options,
                                                    const std::string& file_name,
                                                    const std::vector<VirtualFile>& extra_files) {
  CFrontendOptions o = options;
  o.headers = {file_name};
  std::vector<VirtualFile> files = extra_files;
  files.push_back({file_name, code});
  return ExtractC(o, files);
}

}  // namespace bindfuzz::cfront
