// Syntax tree of the Rust item grammar, as far as the Rust front end models
// it (internal). Bodies that are not modelled (fn bodies, macro token trees)
// are kept as token index ranges into the owning LexedFile.
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_AST_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_AST_H_

#include <cstdint>
#include <string>
#include <vector>

namespace bindfuzz::rust_frontend {

struct TypeNode;
struct Expr;

struct GenericArg {
  enum Kind { kType, kLifetime, kConst, kBinding } kind = kType;
  std::vector<TypeNode> type;  // kType, kBinding: exactly one
  std::vector<Expr> expr;      // kConst: exactly one
  std::string name;            // kBinding / kLifetime
};

struct PathSegment {
  std::string name;  // identifier text (raw `r#` stripped)
  bool raw = false;
  bool has_args = false;  // `<...>` present (also `::<...>`)
  std::vector<GenericArg> args;
  bool fn_sugar = false;  // `Fn(A, B) -> C`
  std::vector<TypeNode> fn_inputs;
  std::vector<TypeNode> fn_output;  // 0 or 1
};

struct Path {
  bool global = false;          // leading `::`
  std::vector<TypeNode> qself;  // `<T as Trait>::...`: T (0 or 1)
  std::vector<PathSegment> segments;

  const std::string& Last() const;
  bool IsSingle() const { return !global && qself.empty() && segments.size() == 1; }
};

struct TypeNode {
  enum Kind {
    kPath, kPtr, kRef, kArray, kSlice, kTuple, kParen, kFn, kNever, kInfer,
    kTraitObject, kImplTrait, kMacro,
  } kind = kPath;
  bool is_mut = false;  // *mut / &mut
  bool dyn = false;     // kTraitObject written with `dyn`
  Path path;            // kPath, kMacro; kTraitObject/kImplTrait: first trait bound
  std::vector<TypeNode> elems;  // kPtr/kRef/kArray/kSlice/kParen: [0]; kTuple: all; kFn: params
  std::vector<Expr> len;        // kArray: [0]
  // kFn
  bool has_abi = false;
  std::string abi;  // "C" when `extern fn` without a string
  bool is_unsafe = false;
  bool variadic = false;
  std::vector<std::string> param_names;
  std::vector<TypeNode> ret;  // 0 or 1
  // Token span [begin_tok, end_tok) for spelling.
  uint32_t begin_tok = 0;
  uint32_t end_tok = 0;
};

struct Expr {
  enum Kind {
    kLit, kPath, kUnary, kBinary, kCast, kParen, kCall, kMethodCall, kField, kIndex,
    kBlock, kMacro, kArray, kArrayRepeat, kTuple, kStruct, kUnsupported,
  } kind = kUnsupported;
  uint32_t tok = 0;  // kLit: the literal token; otherwise the first token
  std::string op;    // kUnary/kBinary operator; kUnsupported: what it was
  Path path;         // kPath, kMacro, kStruct
  std::vector<Expr> kids;
  std::vector<TypeNode> type;  // kCast target (exactly one)
  std::string name;            // kMethodCall / kField
  uint32_t begin_tok = 0;      // span
  uint32_t end_tok = 0;
  uint32_t height = 1;  // of this subtree (bounded by the parser's max_depth)
};

struct Attr {
  std::string name;  // path joined with "::", e.g. "repr", "cfg", "doc"
  bool inner = false;
  bool is_doc = false;
  // Tokens of the arguments: inside the delimiters for `name(...)`, or the
  // value after `=` for `name = value`; empty for a bare `name`.
  uint32_t args_begin = 0;
  uint32_t args_end = 0;
  bool has_eq = false;
  uint32_t tok = 0;  // `#` (or the doc token)
};

struct GenericParam {
  enum Kind { kLifetime, kType, kConst } kind = kType;
  std::string name;
  std::vector<TypeNode> default_type;  // kType with `= T`
  std::vector<TypeNode> const_type;    // kConst
};

struct Generics {
  std::vector<GenericParam> params;
  bool Empty() const { return params.empty(); }
  bool HasTypeOrConst() const {
    for (const auto& p : params)
      if (p.kind != GenericParam::kLifetime) return true;
    return false;
  }
};

struct FieldDef {
  std::vector<Attr> attrs;
  bool is_pub = false;
  std::string name;  // named: identifier (raw stripped); tuple: "0", "1", ...
  bool raw = false;
  TypeNode type;
  uint32_t tok = 0;
};

struct Variant {
  std::vector<Attr> attrs;
  std::string name;
  uint32_t tok = 0;
  enum Shape { kUnit, kTuple, kStruct } shape = kUnit;
  std::vector<FieldDef> fields;
  std::vector<Expr> disc;  // 0 or 1
};

struct Param {
  std::string name;  // identifier pattern, "_" or "" for other patterns
  bool is_self = false;
  bool has_type = true;
  TypeNode type;
  uint32_t tok = 0;
};

struct FnSig {
  bool is_const = false, is_async = false, is_unsafe = false, is_safe = false;
  bool has_abi = false;
  std::string abi;
  enum SelfKind { kNoSelf, kValue, kRef, kRefMut, kTyped } self_kind = kNoSelf;
  std::vector<Param> params;  // without the self parameter
  bool variadic = false;
  std::vector<TypeNode> ret;  // 0 or 1
};

struct UseEntry {
  std::vector<std::string> path;  // segments; ends with "*" for a glob
  std::string alias;              // `as alias` ("" = none, "_" = underscore)
  bool global = false;            // `use ::a::b;` (a leading `::`)
};

struct Item {
  enum Kind {
    kStruct, kUnion, kEnum, kTypeAlias, kConst, kStatic, kFn, kExternBlock, kImpl, kTrait,
    kMod, kUse, kMacroRules, kMacroCall, kExternCrate, kExternType, kOther,
  } kind = kOther;
  std::vector<Attr> attrs;
  bool is_pub = false;
  std::string name;
  bool raw_name = false;
  uint32_t tok = 0;        // name token (or the first token)
  uint32_t begin_tok = 0;  // first token after the attributes
  uint32_t end_tok = 0;    // one past the last token
  Generics generics;

  // struct / union
  enum Shape { kNamed, kTupleShape, kUnitShape } shape = kNamed;
  std::vector<FieldDef> fields;
  // enum
  std::vector<Variant> variants;
  // type alias target, const/static type, impl self type (0 or 1)
  std::vector<TypeNode> type;
  // const/static initializer (0 or 1)
  std::vector<Expr> expr;
  bool is_mut = false;  // static mut
  // fn
  FnSig sig;
  bool has_body = false;
  uint32_t body_begin = 0;  // `{`
  uint32_t body_end = 0;    // matching `}`
  // extern block ABI / impl trait
  std::string abi;
  std::vector<TypeNode> trait_type;  // impl Trait for ... (0 or 1)
  bool negative_impl = false;
  // extern block, impl, trait, inline mod
  std::vector<Item> items;
  bool inline_mod = false;
  // use
  std::vector<UseEntry> uses;
  // macro call / macro_rules
  Path macro_path;
  uint32_t tt_begin = 0;  // opening delimiter
  uint32_t tt_end = 0;    // closing delimiter
};

struct SourceFileAst {
  std::vector<Attr> inner_attrs;
  std::vector<Item> items;
};

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_AST_H_
