// Internal to harness/spec (not a public header: include infer.h).
// What the parts of `infer` share: a lexed Rust file (SrcFile, from
// infer_source.cc), the model the passes build (structs, impls, their
// methods, C call sites and what the Rust side does with their results) and
// the Inferer, whose passes live one group a file:
//   infer_items.cc      the item scan: structs, impls, method signatures;
//   infer_calls.cc      C calls: arguments, `let` bindings, call-site patterns;
//   infer_impls.cc      the inference rules for trait impls and borrows;
//   infer_extern.cc     the crate's own `extern "C"` declarations, `use`
//                       aliases, and which call sites call into C;
//   infer_functions.cc  the emission of the spec's functions;
//   infer.cc            the driver (Run) and the public entry points.
#ifndef BINDFUZZ_HARNESS_SPEC_INFER_INTERNAL_H_
#define BINDFUZZ_HARNESS_SPEC_INFER_INTERNAL_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "harness/contract/ownership.h"
#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/spec/infer.h"
#include "harness/spec/spec_parser.h"

namespace bindfuzz::spec::internal {

namespace rf = rust_frontend;
using contract::FunctionSpec;
using contract::Note;
using contract::Nullability;
using contract::ParamMode;
using contract::ParamSpec;
using contract::ResourceSpec;
using contract::ReturnKind;
using contract::SourceLoc;
using rf::TokKind;
using rf::Token;

inline constexpr uint32_t kNone = UINT32_MAX;
// Item headers, generic lists and `let` statements are short. Walks over them
// stop after this many steps (a step skips a token or a whole group), so a
// hostile soup of unterminated ones cannot make the passes quadratic.
inline constexpr int kMaxScan = 4096;
// How many earlier `let`s of the same name a lookup looks through.
inline constexpr int kMaxShadowed = 256;

// Rust spellings of C scalars and `c_void` (`c_int`, `u8`, `size_t`, ..).
bool IsScalarName(std::string_view n);

inline bool SpecName(std::string_view v) { return IsSpecName(absl::string_view(v.data(), v.size())); }

// ------------------------------------------------------------- one file --

// A lexed file with doc comments dropped (they are attributes, not code) and
// delimiter partners remapped, plus the masks the passes need.
struct SrcFile {
  std::string name;
  std::unique_ptr<rf::LexedFile> lf;
  std::vector<Token> t;
  std::vector<uint8_t> in_test;   // inside a `#[cfg(test)] mod`: ignored
  std::vector<uint8_t> in_macro;  // inside a `macro_rules!` body: no items
  std::vector<uint32_t> block_close;  // innermost enclosing '}' (kNone at top level)
  std::vector<uint8_t> in_extern;  // inside an `extern "C" { .. }` block: declarations, no calls
  // The item tree of the project's Rust parser (null when the parser
  // rejects the file: a Note says so) and the map from its token indices
  // (the lexer's, doc comments included) to `t`'s.
  std::unique_ptr<rf::SourceFileAst> ast;
  std::vector<uint32_t> remap;

  uint32_t size() const { return static_cast<uint32_t>(t.size()); }
  std::string_view Text(uint32_t i) const { return lf->Text(t[i]); }
  bool Ident(uint32_t i) const { return i < t.size() && t[i].kind == TokKind::kIdent; }
  bool Is(uint32_t i, std::string_view s) const { return Ident(i) && Text(i) == s; }
  // A keyword: never a raw identifier.
  bool Kw(uint32_t i, std::string_view s) const { return Is(i, s) && !t[i].raw; }
  bool P(uint32_t i, char c) const { return i < t.size() && t[i].kind == TokKind::kPunct && t[i].punct == c; }
  bool PathSep(uint32_t i) const { return P(i, ':') && t[i].joint && P(i + 1, ':'); }
  bool Open(uint32_t i) const { return P(i, '(') || P(i, '[') || P(i, '{'); }
  uint32_t Match(uint32_t i) const { return t[i].match; }
  // `->`: the '>' of an arrow is not a closing angle bracket.
  bool ArrowHead(uint32_t i) const { return P(i, '>') && i > 0 && P(i - 1, '-') && t[i - 1].joint; }

  SourceLoc Loc(uint32_t i) const {
    rf::LineCol lc = lf->Pos(t[std::min<uint32_t>(i, size() - 1)].begin);
    return {.file = name, .line = lc.line, .column = lc.column};
  }
  std::string Origin(uint32_t i) const { return absl::StrCat(name, ":", Loc(i).line); }

  // Steps from `k` over tokens and whole groups until `stop(k)` holds, at
  // most kMaxScan steps; returns where it held, or `end`.
  template <typename Stop>
  uint32_t ScanUntil(uint32_t k, uint32_t end, Stop stop) const {
    for (int steps = 0; k < end && steps < kMaxScan; ++steps) {
      if (stop(k)) return k;
      k = Open(k) ? Match(k) + 1 : k + 1;
    }
    return end;
  }

  // Index after the angle-bracketed list starting at `i` ('<'); size() if
  // it does not close within kMaxScan tokens.
  uint32_t SkipAngles(uint32_t i, std::vector<std::string>* params = nullptr) const;

  // Splits [b, e) at commas outside groups and angle brackets.
  std::vector<std::pair<uint32_t, uint32_t>> SplitCommas(uint32_t b, uint32_t e) const;

  bool Mentions(uint32_t b, uint32_t e, std::string_view ident) const;

  std::string Span(uint32_t b, uint32_t e) const;
};

// Lexes one input (InvalidArgument for what the Rust lexer rejects).
absl::StatusOr<SrcFile> Prepare(const RustInput& in);

// ------------------------------------------------------------ the model --

struct FieldInfo {
  std::string name;   // field name, or the index of a tuple field
  std::string ctype;  // the first C type named in the field's type
  bool opaque = false;
};

struct StructInfo {
  std::string name;
  uint32_t file = 0;
  uint32_t tok = 0;
  std::vector<FieldInfo> fields;
  // The C object the Rust type wraps: the Opaque<> field's type, else the
  // one C type all C-typed fields agree on; "" when none or ambiguous.
  std::string ctype;
};

enum class Recv { kNone, kValue, kRef };

struct FnInfo {
  std::string name;
  uint32_t tok = 0;
  uint32_t params_open = 0, params_close = 0;
  Recv recv = Recv::kNone;
  std::string self_lifetime;  // "" = elided
  uint32_t ret_begin = kNone, ret_end = kNone;
  uint32_t body_open = kNone, body_close = kNone;
};

struct ConstInfo {
  std::string name;
  uint32_t expr_begin = 0, expr_end = 0;
};

struct ImplInfo {
  uint32_t file = 0;
  uint32_t tok = 0;
  std::string trait;      // last path segment, "" for an inherent impl
  std::string self_name;  // last path segment of the self type at depth 0
  std::string self_text;  // the self type as written
  std::vector<std::string> self_idents;  // every identifier of the self type but the impl's generics
  std::vector<FnInfo> fns;
  std::vector<ConstInfo> consts;

  const FnInfo* Fn(std::string_view n) const {
    for (const FnInfo& f : fns) {
      if (f.name == n) return &f;
    }
    return nullptr;
  }
};

// What the Rust side does with the result of one C call.
struct SiteFacts {
  bool errptr = false;        // from_err_ptr
  bool null_checked = false;  // NonNull::new / is_null
  std::string owned;          // ARef::from_raw: the resource
  bool borrow = false;        // &'a self -> &'a T
  ReturnKind borrow_kind = ReturnKind::kPtr;
  std::string borrow_resource;
  size_t borrow_parent = 0;   // argument index
};

// A function the crate itself declares in an `extern "C"` block.
struct ExternFn {
  std::string name;
  uint32_t file = 0;
  uint32_t tok = 0;  // the name, in `t`
  std::vector<rf::TypeNode> params;
  std::vector<std::string> param_names;
  std::vector<rf::TypeNode> ret;  // 0 or 1
  bool variadic = false;
};

struct Binding {
  uint32_t let_tok;  // the `;` that ends the `let`: visible after it
  uint32_t scope_end;
  uint32_t call;  // the C call the variable holds, kNone if not one
};

class Inferer {
 public:
  explicit Inferer(const InferOptions& o) : opts_(o), ffi_(o.ffi_modules.begin(), o.ffi_modules.end()) {}

  // infer.cc
  absl::StatusOr<InferResult> Run(const std::vector<RustInput>& inputs);

 private:
  // infer_items.cc
  void CollectItems(uint32_t fi);
  static bool IsItemImpl(const SrcFile& f, uint32_t i);
  void ParseStruct(uint32_t fi, uint32_t i);
  static void ResolveStructType(StructInfo& s);
  void ParseImpl(uint32_t fi, uint32_t i);
  static std::string LastSegment(const SrcFile& f, uint32_t b, uint32_t e);
  static FnInfo ParseFnSig(const SrcFile& f, uint32_t m);
  void BuildIndexes();
  const StructInfo* FindStruct(const std::string& name, uint32_t prefer_file) const;
  const FnInfo* FindMethod(const std::string& type_name, const std::string& method, uint32_t prefer_file,
                           uint32_t* file) const;

  // infer_extern.cc
  void CollectExterns(uint32_t fi);
  void CollectUses(uint32_t fi);
  void UsesInMacro(uint32_t fi, uint32_t open, const std::function<bool(const std::string&)>& is_c_module);
  void MarkCCalls(uint32_t fi);
  void CollectNullHelpers(uint32_t fi);
  void ScanForeignTypeMacros(uint32_t fi);
  uint32_t FileIndex(const SrcFile& f) const { return static_cast<uint32_t>(&f - files_.data()); }
  // The C function the call at `i` (the callee's last path segment) calls,
  // or nullptr when it is not a call into C.
  const std::string* CCallName(const SrcFile& f, uint32_t i) const;
  std::string CName(const SrcFile& f, uint32_t i) const {
    const std::string* n = CCallName(f, i);
    return n == nullptr ? std::string(f.Text(i)) : *n;
  }
  const ExternFn* Extern(const std::string& c_name) const {
    auto it = externs_.find(c_name);
    return it == externs_.end() ? nullptr : &it->second;
  }
  // The C type a pointer type names (`*mut sqlite3` -> "sqlite3"), through
  // `Option<..>` and `NonNull<..>`; `depth` counts the pointer levels.
  static std::string Pointee(const rf::TypeNode& t, int* depth, bool* nullable);
  // Free functions and methods whose body contains [at]: "Type::method" or
  // "function"; "" at top level.
  std::string WrapperName(uint32_t fi, uint32_t at) const;

  // infer_calls.cc
  bool IsFfiCall(const SrcFile& f, uint32_t i) const { return CCallName(f, i) != nullptr; }
  static uint32_t PathStart(const SrcFile& f, uint32_t i);
  std::vector<std::pair<uint32_t, uint32_t>> CallArgs(const SrcFile& f, uint32_t callee) const;
  uint32_t ResolveToCall(uint32_t fi, uint32_t b, uint32_t e) const;
  void CollectBindings(uint32_t fi);
  uint32_t Lookup(uint32_t fi, const std::string& var, uint32_t at) const;
  void MarkMethodBodies(uint32_t fi);
  std::string ResourceOfType(const std::string& type_name, uint32_t file) const;
  SiteFacts& Facts(uint32_t fi, uint32_t callee) { return facts_[{fi, callee}]; }
  void AddNote(Note::Level level, std::string item, std::string message, SourceLoc loc);
  std::string MethodName(uint32_t fi, uint32_t at) const;
  void ScanCallPatterns(uint32_t fi);
  void AnalyzeARefFromRaw(uint32_t fi, uint32_t at, uint32_t open);

  // infer_impls.cc
  std::vector<uint32_t> CallsIn(const SrcFile& f, uint32_t b, uint32_t e) const;
  std::vector<std::string> Names(const SrcFile& f, const std::vector<uint32_t>& calls) const;
  void AnalyzeImpl(uint32_t ii);
  std::string ResourceNameFor(const ImplInfo& im) const;
  void AnalyzeRefCounted(const ImplInfo& im);
  void AnalyzeDrop(const ImplInfo& im);
  void AnalyzeForeign(const ImplInfo& im);
  static uint64_t EvalAlign(const SrcFile& f, uint32_t b, uint32_t e);
  void AddResource(ResourceSpec r, const std::string& rust_type);
  static bool ConvertedToRef(const SrcFile& f, uint32_t s, uint32_t e);
  static bool TiedToSelf(const SrcFile& f, const FnInfo& fn);
  void AnalyzeBorrowMethods(uint32_t ii);

  // infer_functions.cc
  static std::string Abbrev(std::string s);
  ParamSpec ParamFor(uint32_t fi, uint32_t callee, size_t index, std::pair<uint32_t, uint32_t> arg);
  void EnsureResource(const std::string& name, const ImplInfo& im);
  bool WrappedInOwner(uint32_t fi, uint32_t callee, const std::string& var, const std::string& ctype) const;
  static std::string Describe(const contract::ReturnSpec& r);
  void BuildFunctions();

  const InferOptions& opts_;
  std::set<std::string> ffi_;
  std::map<std::string, ExternFn> externs_;
  std::set<std::string> ctypes_;  // types extern signatures point to
  std::vector<std::map<std::string, std::string>> fn_alias_;  // per file: name in scope -> C name
  std::vector<uint8_t> glob_ffi_;  // per file: a `use <C module>::*`
  std::vector<std::set<std::string>> local_fns_;  // per file: Rust fns defined (they shadow globs)
  std::vector<std::map<uint32_t, std::string>> c_calls_;  // per file: callee token -> C name
  // Free functions (per file: body open, close, name) for WrapperName.
  std::vector<std::vector<std::tuple<uint32_t, uint32_t, std::string>>> free_fns_;
  std::set<std::string> null_helpers_;
  // Box::from_raw of a C call's result: (file, callee, the `Box` token).
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> raw_returns_;  // fn check(p: *mut T) { if p.is_null() .. }
  std::vector<SrcFile> files_;
  std::vector<StructInfo> structs_;
  std::vector<ImplInfo> impls_;
  std::map<std::string, std::vector<size_t>> structs_by_name_;
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<size_t, size_t>>> methods_;
  // For each C call bound by a `let`: the variable and where the `let` ends.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<std::pair<std::string, uint32_t>>> bound_to_;
  std::map<uint32_t, std::map<std::string, std::vector<Binding>>> bindings_;
  std::map<uint32_t, std::vector<std::pair<uint32_t, uint32_t>>> owner_;
  std::map<std::pair<uint32_t, uint32_t>, SiteFacts> facts_;
  contract::OwnershipSpec spec_;
  InferStats stats_;
};

}  // namespace bindfuzz::spec::internal
#endif  // BINDFUZZ_HARNESS_SPEC_INFER_INTERNAL_H_
