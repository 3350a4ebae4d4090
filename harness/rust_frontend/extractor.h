// The Rust front end's extraction state (internal): the Extractor that turns
// parsed files into a contract, and the records it keeps per Rust item.
//
// One Extractor runs once (rust_frontend.cc, Run):
//   lex + parse every file -> Collect (entities, modules, `use` aliases,
//   extern fns/statics, layout assertions; cfg applied) -> Classify (bindgen
//   roles: consts/newtype/bitfield enums, bitfield getters) -> AssignKeys
//   (contract names of anonymous records) -> ComputeAll (layouts and
//   constants in dependency order, memoised in Entity) -> EmitAll.
//
// Its methods are defined by concern, one file each:
//   rust_frontend.cc  the pipeline, evaluation order, source locations, notes
//   collect.cc        walking the items; cfg filtering; layout assertions
//   classify.cc       bindgen's roles and the contract keys
//   resolve.cc        paths -> primitive, builtin, entity or generic parameter
//   layout.cc         the Rust layout engine (what the rustc oracle checks)
//   const_eval.cc     constant expressions
//   to_type.cc        Rust types -> contract::Type
//   emit.cc           entities -> contract records, enums, typedefs, constants,
//                     functions, variables, and the layout facts
// Pure pieces with no extraction state live in their own headers: target.h,
// attributes.h, cfg.h, bindgen.h, const_value.h, token_util.h.
//
// Bounds: recursion through types and expressions stops at kMaxSemDepth;
// evaluation work is bounded per item (kItemBudget) and per run (budget_).
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_EXTRACTOR_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_EXTRACTOR_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "harness/contract/contract.h"
#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/attributes.h"
#include "harness/rust_frontend/bindgen.h"
#include "harness/rust_frontend/const_value.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/rust_frontend.h"
#include "harness/rust_frontend/target.h"

namespace bindfuzz::rust_frontend {

// A computed layout, or why there is none.
struct LayoutR {
  bool ok = false;
  uint64_t size = 0;
  uint64_t align = 1;
  std::string err;
  bool too_deep = false;  // not memoised
  bool fat = false;       // fat pointer (size 2 * ptr)
  static LayoutR Ok(uint64_t s, uint64_t a) {
    LayoutR r;
    r.ok = true;
    r.size = s;
    r.align = a;
    return r;
  }
  static LayoutR Err(std::string e, bool deep = false) {
    LayoutR r;
    r.err = std::move(e);
    r.too_deep = deep;
    return r;
  }
};

// Generic parameters bound to arguments while laying out an instantiation
// (`__BindgenBitfieldUnit<[u8; 4]>`, `Foo<T, 3>`).
struct Env;
struct Binding {
  const TypeNode* type = nullptr;  // type parameter: the argument
  size_t file = 0;                 // ... whose tokens are in this file
  const Env* env = nullptr;        // ... and whose own parameters are bound here
  bool is_const = false;           // const parameter
  bool value_ok = false;
  i128 value = 0;
};
struct Env {
  const Generics* g = nullptr;
  std::vector<std::string> names;
  std::vector<Binding> b;
  const Env* parent = nullptr;
  const Binding* Find(std::string_view n) const {
    for (const Env* e = this; e; e = e->parent) {
      for (size_t i = 0; i < e->names.size(); ++i)
        if (e->names[i] == n) return &e->b[i];
    }
    return nullptr;
  }
};

enum class EntKind { kStruct, kUnion, kEnum, kAlias, kUseAlias, kConst, kModConsts };

// What a type stands for in bindgen's output (Classify).
enum class Role { kPlain, kConstsEnum, kNewtypeEnum, kBitfieldEnum, kRustifiedEnum, kModConstsEnum };

// A bitfield getter of a record's inherent impl.
struct Getter {
  std::string name;  // Rust accessor name
  std::string unit;  // `_bitfield_N`
  uint64_t bit_off = 0, width = 0;
  const TypeNode* ret = nullptr;
  size_t file = 0;
  uint32_t tok = 0;
};

struct AssocConst {
  const Item* item;
  size_t file;
};

// A named Rust item (type, constant, `use` alias) and what was computed
// about it.
struct Entity {
  EntKind kind = EntKind::kStruct;
  std::string rust_name;
  bool raw_name = false;
  const Item* item = nullptr;
  size_t file = 0;
  int mod_id = -1;  // inline module (index into Extractor::mods_), -1 = file root
  bool accessible = true;
  const UseEntry* use = nullptr;
  std::string key;
  bool anonymous = false;
  Role role = Role::kPlain;
  // layout memo
  int lstate = 0;  // 0 not computed, 1 in progress (cycle guard), 2 done
  LayoutR layout;
  std::vector<uint64_t> field_off;
  std::vector<LayoutR> field_lay;
  // const memo
  int cstate = 0;  // as lstate
  CVal cval;
  bool cok = false;
  std::string cerr;
  // record extras
  std::vector<Getter> getters;
  std::vector<AssocConst> assoc_consts;
  bool has_bitor_impl = false;
  // consts-style enum members (const entity ids)
  std::vector<int> members;
  std::string enum_prefix;
  bool emitted = false;
  bool noted = false;
};

// Layout a bindgen test asserts for one Rust type.
struct Asserted {
  std::optional<uint64_t> size, align;
  std::vector<std::pair<std::string, uint64_t>> fields;  // rust field name -> offset
  size_t file = 0;
  uint32_t tok = 0;
};

struct ParsedFile {
  std::unique_ptr<LexedFile> lex;
  SourceFileAst ast;
};

constexpr int kMaxSemDepth = 320;

// Generic type arguments of the last path segment (types and consts).
std::vector<const GenericArg*> TypeArgs(const Path& p);
// The first type argument of the last path segment, if any.
const TypeNode* FirstTypeArg(const Path& p);

class Extractor {
 public:
  Extractor(const RustFrontendOptions& o, Target t) : opts_(o), tg_(std::move(t)) {}

  absl::StatusOr<RustExtraction> Run(const std::vector<RustSource>& sources);

 private:
  using Note = contract::Note;
  using SourceLoc = contract::SourceLoc;
  using Type = contract::Type;

  // What a path names.
  struct Res {
    enum K { kNone, kPrim, kBuiltin, kEntity, kParam } k = kNone;
    Prim prim;
    BuiltinInfo bi;
    int ent = -1;
    const Binding* bind = nullptr;
  };

  struct PendingFn {
    const Item* item;
    size_t file;
    std::string symbol;
    std::string abi;
  };
  struct PendingVar {
    const Item* item;
    size_t file;
  };
  struct Mod {
    std::string name;
    int parent;
    int depth;
  };

  // ---- rust_frontend.cc: tokens, locations, notes, evaluation order
  const LexedFile& LF(size_t fi) const { return *files_[fi].lex; }
  std::string_view Tx(size_t fi, uint32_t tok) const { return LF(fi).Text(LF(fi).tokens[tok]); }
  const Token& Tk(size_t fi, uint32_t tok) const { return LF(fi).tokens[tok]; }
  SourceLoc Loc(size_t fi, uint32_t tok) const;
  void AddNote(Note::Level lvl, std::string item, std::string msg, size_t fi, uint32_t tok);
  std::string Spell(size_t fi, uint32_t b, uint32_t e) const;
  std::string SpellType(const TypeNode& t, size_t fi) const { return Spell(fi, t.begin_tok, t.end_tok); }
  // Memoised per attribute list (generic structs are laid out once per use).
  const Repr& ParseRepr(const std::vector<Attr>& attrs, size_t fi);
  bool FileExcludedByCfg(size_t fi);
  void TypeDeps(const TypeNode& t, size_t fi, std::vector<int>* out, int depth) const;
  void ExprDeps(const Expr& e, size_t fi, std::vector<int>* out, int depth) const;
  std::vector<int> Deps(int id) const;
  void ComputeAll();

  // ---- collect.cc
  bool CfgAllows(const std::vector<Attr>& attrs, size_t fi, const std::string& item);
  void CountFns(const std::vector<Item>& items, int depth);
  int AddEntity(Entity e);
  void Collect(const std::vector<Item>& items, size_t fi, int mod_id, bool accessible);
  bool IsModConstsEnum(const Item& m, size_t fi) const;
  void CollectFn(const Item& it, size_t fi);
  void CollectExternBlock(const Item& blk, size_t fi);
  void AddFunction(const Item& it, size_t fi, std::string symbol, std::string abi = "");
  void AddVariable(const Item& it, size_t fi, bool exported);
  void RecordAssertions(const std::vector<LayoutAssertion>& found, size_t fi, uint32_t tok);

  // ---- classify.cc
  void Classify();
  void AddGetter(const Item& m, size_t fi, Entity* e);
  int FieldTypeEntity(const TypeNode& t, int depth = 0) const;
  std::string FieldCName(const FieldDef& f) const;
  void AssignKeys();

  // ---- resolve.cc
  bool IsCTypesModule(const Path& p) const;
  int LookupType(const std::string& n) const;
  int LookupValue(const std::string& n) const;
  Res Resolve(const Path& p, const Env* env) const;
  // Like Resolve, but bindgen's helper types (defined in the file as
  // generic structs) are reported as the builtin they stand for.
  Res ResolveSem(const Path& p, const Env* env) const;
  int UseTarget(const Entity& e) const;
  const Item* ModConstsType(const Entity& e) const;

  // ---- layout.cc
  LayoutR PrimLayout(const Prim& p) const;
  bool IsUnsizedPointee(const TypeNode& t, const Env* env, int depth) const;
  std::optional<uint64_t> ArrayLen(const TypeNode& t, size_t fi, const Env* env, int depth, std::string* err);
  LayoutR LayoutOfType(const TypeNode& t, size_t fi, const Env* env, int depth);
  LayoutR BuiltinLayout(const BuiltinInfo& bi, const TypeNode& t, size_t fi, const Env* env, int depth);
  bool IsNullableNiche(const TypeNode& t, size_t fi, const Env* env, int depth) const;
  LayoutR LayoutOfEntityRef(int id, const Path& path, size_t fi, const Env* env, int depth);
  bool BindGenerics(const Generics& g, const Path& path, size_t fi, const Env* env, int depth, Env* out);
  LayoutR LayoutOfEntity(int id, int depth);
  LayoutR RecordLayout(const Item& it, size_t fi, const Env* env, int depth, std::vector<uint64_t>* offs,
                       std::vector<LayoutR>* lays);
  bool EnumValues(const Entity& e, std::vector<i128>* vals, IntTy ty, std::string* err, int depth);
  IntTy EnumIntTy(const Repr& rp) const;
  LayoutR EnumLayout(Entity& e, int depth);

  // ---- const_eval.cc
  bool IntTyOf(const TypeNode& t, size_t fi, const Env* env, IntTy* out, int depth);
  bool EvalConstEntity(int id, int depth, CVal* out, std::string* err);
  bool EvalConstValue(const Item& it, size_t fi, int depth, CVal* out, std::string* err);
  bool EvalFloat(const Expr& e, size_t fi, int depth, double* out, std::string* err);
  bool EvalInt(const Expr& e, size_t fi, IntTy ctx, const Env* env, int depth, CVal* out, std::string* err);
  bool EvalPath(const Path& p, size_t fi, IntTy ctx, const Env* env, int depth, CVal* out, std::string* err);

  // ---- to_type.cc
  Type ToType(const TypeNode& t, size_t fi, const Env* env, int depth);
  Type NamedEntityType(int id);
  Type PrimType(const Prim& p, std::string spelling);
  Type FnType(const TypeNode& t, size_t fi, const Env* env, int depth);
  Type ToTypeInner(const TypeNode& t, size_t fi, const Env* env, int depth);

  // ---- emit.cc
  bool IsArtificialField(const FieldDef& f, size_t fi) const;
  bool IsBuiltinField(const FieldDef& f, Builtin b) const;
  void NoteFieldType(const FieldDef& f, const Entity& e);
  contract::Field MakeField(const FieldDef& f, size_t fi, uint64_t off, const LayoutR* lay);
  void EmitRecord(int id);
  std::vector<std::string> RustPath(const Entity& e) const;
  RustLayoutFact FactBase(const Entity& e) const;
  RustLayoutFact SizeFact(const Entity& e) const;
  void EmitRecordFacts(int id);
  void EmitConstsEnum(int id);
  void PutEnum(contract::Enum en, Entity& e);
  void EmitNewtypeEnum(int id);
  void EmitRustEnum(int id);
  void EmitModConstsEnum(int id);
  void EmitAlias(int id);
  void EmitAliasFact(int id);
  void EmitConst(int id);
  void EmitFunctions();
  void EmitVariables();
  void EmitAll();

  // Per-item and global work bounds (see Run()).
  bool OverBudget() { return ++steps_ > budget_ || ++item_steps_ > kItemBudget; }
  static constexpr uint64_t kItemBudget = 2'000'000;

  const RustFrontendOptions& opts_;
  Target tg_;
  std::vector<ParsedFile> files_;
  std::vector<Entity> ents_;
  std::vector<Mod> mods_;
  uint64_t steps_ = 0;
  uint64_t budget_ = 0;
  uint64_t item_steps_ = 0;
  std::unordered_map<std::string, std::vector<int>> types_, values_;
  std::vector<std::pair<const Item*, size_t>> impls_;
  std::vector<PendingFn> pending_fns_;
  std::vector<PendingVar> pending_vars_;
  std::map<std::string, Asserted> asserted_;
  std::unordered_set<std::string> used_asserts_;
  std::unordered_map<const std::vector<Attr>*, Repr> repr_cache_;
  absl::Status cycle_error_;  // first cyclic alias / by-value recursion seen
  RustExtraction out_;
};

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_EXTRACTOR_H_
