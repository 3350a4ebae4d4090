// The Rust front end's extraction state (internal): the Extractor that turns
// parsed files into a contract, and the records it keeps per Rust item.
//
// One Extractor runs once (rust_frontend.cc, Run):
//   lex + parse every input -> Place (crates and modules as rustc builds
//   them: which input a `mod x;` or an `include!` of another input reaches;
//   the others are top modules) -> Collect (modules, entities, `use`
//   imports, extern fns/statics, layout assertions; `#[cfg]` and `cfg_attr`
//   applied, `mod x;` files read) -> Classify (bindgen roles:
//   consts/newtype/bitfield enums, bitfield getters) -> AssignKeys (contract
//   names of anonymous records) -> ComputeAll (layouts and constants in
//   dependency order, memoised in Entity) -> EmitAll.
//
// Where text sits is a *scope* (Scope, an index into scopes_): the file its
// tokens are in and the module whose names it sees. Every stage that reads
// tokens or resolves a path takes a scope index `sc`.
//
// Crates: crate 0 is the crate under check (RustSource::crate_name empty);
// each distinct crate_name is a dependency crate k >= 1, whose root the
// paths of crate 0 name by that name (`libc::size_t`). A dependency's paths
// resolve in its own crate and never reach crate 0. Dependency items are
// never statistics, notes, functions or layout assertions; a dependency
// record, enum or alias becomes a contract entry only when an emitted item
// uses it.
//
// Its methods are defined by concern, one file each:
//   rust_frontend.cc  the pipeline, evaluation order, source locations, notes
//   modules.cc        placing inputs, `mod x;` files, `include!` of inputs
//   collect.cc        walking the items; cfg filtering; layout assertions
//   classify.cc       bindgen's roles and the contract keys
//   resolve.cc        names in modules (items, `use`, globs, re-exports);
//                     paths -> primitive, builtin, entity or generic parameter
//   layout.cc         the Rust layout engine (what the rustc oracle checks)
//   const_eval.cc     constant expressions
//   to_type.cc        Rust types -> contract::Type
//   emit.cc           entities -> contract records, enums, typedefs, constants,
//                     functions, variables, and the layout facts
// Pure pieces with no extraction state live in their own headers: target.h,
// attributes.h, cfg.h, bindgen.h, const_value.h, token_util.h, mod_path.h.
//
// Bounds: recursion through types and expressions stops at kMaxSemDepth;
// evaluation work is bounded per item (kItemBudget) and per run (budget_).
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_EXTRACTOR_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_EXTRACTOR_H_

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
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
#include "harness/rust_frontend/cfg.h"
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
  size_t sc = 0;                   // ... written in this scope
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
  size_t sc = 0;
  uint32_t tok = 0;
};

struct AssocConst {
  const Item* item;
  size_t sc;
};

// A named Rust item (type, constant, `use` alias) and what was computed
// about it.
struct Entity {
  EntKind kind = EntKind::kStruct;
  std::string rust_name;
  bool raw_name = false;
  const Item* item = nullptr;
  size_t sc = 0;
  bool accessible = true;  // nameable from a module of the file's top
  const UseEntry* use = nullptr;
  int use_import = -1;     // kUseAlias: its import (Extractor::imports_)
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
  bool reached = false;  // a dependency entity an emitted item uses
};

// Layout a bindgen test asserts for one Rust type.
struct Asserted {
  std::optional<uint64_t> size, align;
  std::vector<std::pair<std::string, uint64_t>> fields;  // rust field name -> offset
  size_t sc = 0;
  uint32_t tok = 0;
};

struct ParsedFile {
  std::unique_ptr<LexedFile> lex;
  SourceFileAst ast;
  int crate = 0;
  bool input = true;  // given as a RustSource (false: read for a `mod x;`)
  bool placed = false;  // reached from another input (`mod x;`, `include!`)
  bool collected = false;  // its items were collected (once only)
};

// What a name in a module stands for.
struct Def {
  enum K : uint8_t { kNone, kEnt, kMod, kExt } k = kNone;
  int id = -1;  // kEnt: entity; kMod: module; kExt: path in Extractor::ext_
  friend bool operator==(const Def&, const Def&) = default;
};

// A name declared in a module, and whether it is visible outside it.
struct Decl {
  Def def;
  bool pub = false;
};

// A `use` (or the implicit glob of another top input file).
struct Import {
  const UseEntry* use = nullptr;  // nullptr: implicit glob of module `to_mod`
  int to_mod = -1;
  size_t sc = 0;          // where it is written
  bool pub = false;
  bool glob = false;
  bool sees_private = false;  // implicit globs see every item
  bool extern_crate = false;  // `extern crate name;`
  std::string name;       // the name it binds ("" for globs and `as _`)
  int alias_ent = -1;     // `use x as y` in crate 0: its kUseAlias entity (a typedef)
  uint32_t tok = 0;
  // Memo per namespace: 0 unresolved, 1 in progress, 2 done.
  uint8_t state[2] = {0, 0};
  Def target[2];
};

enum Ns : int { kTypeNs = 0, kValueNs = 1 };

// A module: a top input file, an inline `mod m { }`, a `mod m;` file, or
// a dependency crate's root.
struct Module {
  std::string name;
  int parent = -1;  // -1: a top module
  int crate = 0;
  int depth = 0;    // inline nesting below the file its items are written in
  std::string dir;  // where its `mod x;` items find x.rs / x/mod.rs
  std::unordered_map<std::string, Decl> names[2];  // items and child modules, by namespace
  std::unordered_map<std::string, std::vector<int>> named_imports;  // binding name -> imports
  std::vector<int> globs;  // glob imports
  // Lookup memo per namespace, visibility (private names too or not) and
  // whether the implicit globs of top modules are followed.
  mutable std::unordered_map<std::string, Def> memo[2][2][2];
};

// Where text sits: its tokens and the module whose names it sees.
struct Scope {
  size_t file = 0;
  int mod = 0;
  int file_top = 0;  // the module the file's top-level items are placed in
};

constexpr int kMaxSemDepth = 320;

// Generic type arguments of the last path segment (types and consts).
std::vector<const GenericArg*> TypeArgs(const Path& p);
// The first type argument of the last path segment, if any.
const TypeNode* FirstTypeArg(const Path& p);

class Extractor {
 public:
  Extractor(const RustFrontendOptions& o, Target t, CfgSet cfgs)
      : opts_(o), tg_(std::move(t)), cfgs_(std::move(cfgs)) {}

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
    size_t sc;
    std::string symbol;
    std::string abi;
  };
  struct PendingVar {
    const Item* item;
    size_t sc;
  };

  // ---- rust_frontend.cc: tokens, locations, notes, evaluation order
  const ParsedFile& PF(size_t sc) const { return *files_[scopes_[sc].file]; }
  const LexedFile& LF(size_t sc) const { return *PF(sc).lex; }
  std::string_view Tx(size_t sc, uint32_t tok) const { return LF(sc).Text(LF(sc).tokens[tok]); }
  const Token& Tk(size_t sc, uint32_t tok) const { return LF(sc).tokens[tok]; }
  int CrateOf(size_t sc) const { return mods_[scopes_[sc].mod].crate; }
  SourceLoc Loc(size_t sc, uint32_t tok) const { return LocIn(scopes_[sc].file, tok); }
  SourceLoc LocIn(size_t file, uint32_t tok) const;
  // Notes about dependency crates are dropped, except while a dependency
  // item an emitted item uses is emitted.
  void AddNote(Note::Level lvl, std::string item, std::string msg, size_t sc, uint32_t tok);
  std::string Spell(size_t sc, uint32_t b, uint32_t e) const;
  std::string SpellType(const TypeNode& t, size_t sc) const { return Spell(sc, t.begin_tok, t.end_tok); }
  // Memoised per attribute list (generic structs are laid out once per use).
  const Repr& ParseRepr(const std::vector<Attr>& attrs, size_t sc);
  void TypeDeps(const TypeNode& t, size_t sc, std::vector<int>* out, int depth) const;
  void ExprDeps(const Expr& e, size_t sc, std::vector<int>* out, int depth) const;
  std::vector<int> Deps(int id) const;
  void ComputeAll();
  void NoteCfgs();

  // ---- modules.cc
  absl::Status Place(const std::vector<RustSource>& sources);
  size_t ScopeOf(size_t file, int mod, int file_top);
  int NewModule(std::string name, int parent, int crate, std::string dir);
  // `#![cfg(...)]` false for this file: noted, and the file contributes nothing.
  bool FileExcludedByCfg(size_t file, size_t sc);
  // Expands `#[cfg_attr(pred, attrs..)]` in place, everywhere in the file.
  void ExpandCfgAttrs(size_t file);
  void ExpandCfgAttrList(std::vector<Attr>* attrs, const LexedFile& f, int depth);
  void ExpandCfgAttrItems(std::vector<Item>* items, const LexedFile& f, int depth);
  absl::StatusOr<size_t> ParseInput(std::string name, std::string text, int crate, bool input);
  // The file `mod name;` (declared in scope sc with these attributes) reads:
  // an input with that path, or the file read from disk; nullopt with a note
  // when neither.
  absl::StatusOr<std::optional<size_t>> ModFile(const Item& it, size_t sc, std::string* dir);
  // The input an `include!(...)` item names, matched by file name.
  std::optional<size_t> IncludedInput(const Item& it, size_t sc);
  // Which inputs of crate 0 another input reaches (cfg evaluated, silently).
  void MarkReachedInputs(const std::vector<Item>& items, size_t file, const std::string& dir, bool file_level,
                         int depth);

  // ---- collect.cc
  bool CfgAllows(const std::vector<Attr>& attrs, size_t sc, const std::string& item);
  void CountFns(const std::vector<Item>& items, int depth);
  int AddEntity(Entity e, bool pub);
  absl::Status Collect(const std::vector<Item>& items, size_t sc, bool accessible);
  void AddImport(const Item& it, const UseEntry& u, size_t sc);
  bool IsModConstsEnum(const Item& m, size_t sc) const;
  void CollectFn(const Item& it, size_t sc);
  void CollectExternBlock(const Item& blk, size_t sc);
  void AddFunction(const Item& it, size_t sc, std::string symbol, std::string abi = "");
  void AddVariable(const Item& it, size_t sc, bool exported);
  void RecordAssertions(const std::vector<LayoutAssertion>& found, size_t sc, uint32_t tok);

  // ---- classify.cc
  void Classify();
  void AddGetter(const Item& m, size_t sc, Entity* e);
  int FieldTypeEntity(const TypeNode& t, size_t sc, int depth = 0) const;
  std::string FieldCName(const FieldDef& f) const;
  void AssignKeys();

  // ---- resolve.cc: names in modules
  bool IsAncestorOrSelf(int anc, int m) const;
  int TopOf(int m) const;
  int CrateByName(std::string_view name) const;
  Def Ext(std::vector<std::string> path) const;
  // `name` in module m (items, named imports, globs); `priv` admits names
  // only visible inside m.
  Def LookupIn(int m, const std::string& name, Ns ns, bool priv, bool implicit = true) const;
  Def LookupInUncached(int m, const std::string& name, Ns ns, bool priv, bool implicit) const;
  Def ImportTarget(int imp, Ns ns) const;
  // A path written in scope sc. `use_path`: the path of a `use` (2015
  // edition: also relative to the crate root).
  Def ResolvePathDef(const std::vector<std::string>& segs, bool global, size_t sc, Ns ns, bool use_path) const;
  Def ResolveDef(const Path& p, size_t sc, Ns ns) const;
  bool IsCTypesModule(const std::vector<std::string>& prefix) const;
  Res ResOfExt(const std::vector<std::string>& path) const;
  Res Resolve(const Path& p, const Env* env, size_t sc) const;
  // Like Resolve, but bindgen's helper types (defined in the file as
  // generic structs) are reported as the builtin they stand for.
  Res ResolveSem(const Path& p, const Env* env, size_t sc) const;
  // Why a path that names nothing in the inputs does not ("" when it does).
  std::string WhyUnresolved(const Path& p, size_t sc) const;
  // The constant entity a value path names, or -1.
  int ResolveValue(const Path& p, size_t sc) const;
  // kUseAlias: the entity it names (-1: none, or not an entity) and, for
  // a path outside the inputs, the external path.
  int UseTarget(const Entity& e, const std::vector<std::string>** ext = nullptr) const;
  // kUseAlias of a primitive or C type outside the inputs
  // (`use core::ffi::c_int as int_t;`).
  bool UsePrim(const Entity& e, Prim* p) const;
  // The module path of module m below its top (`a::b`).
  std::vector<std::string> RustPathOfModule(int m) const;
  const Item* ModConstsType(const Entity& e) const;

  // ---- layout.cc
  LayoutR PrimLayout(const Prim& p) const;
  bool IsUnsizedPointee(const TypeNode& t, size_t sc, const Env* env, int depth) const;
  std::optional<uint64_t> ArrayLen(const TypeNode& t, size_t sc, const Env* env, int depth, std::string* err);
  LayoutR LayoutOfType(const TypeNode& t, size_t sc, const Env* env, int depth);
  LayoutR BuiltinLayout(const BuiltinInfo& bi, const TypeNode& t, size_t sc, const Env* env, int depth);
  bool IsNullableNiche(const TypeNode& t, size_t sc, const Env* env, int depth) const;
  LayoutR LayoutOfEntityRef(int id, const Path& path, size_t sc, const Env* env, int depth);
  bool BindGenerics(const Entity& e, const Path& path, size_t sc, const Env* env, int depth, Env* out);
  LayoutR LayoutOfEntity(int id, int depth);
  LayoutR RecordLayout(const Item& it, size_t sc, const Env* env, int depth, std::vector<uint64_t>* offs,
                       std::vector<LayoutR>* lays);
  bool EnumValues(const Entity& e, std::vector<i128>* vals, IntTy ty, std::string* err, int depth);
  IntTy EnumIntTy(const Repr& rp) const;
  LayoutR EnumLayout(Entity& e, int depth);

  // ---- const_eval.cc
  bool IntTyOf(const TypeNode& t, size_t sc, const Env* env, IntTy* out, int depth);
  bool EvalConstEntity(int id, int depth, CVal* out, std::string* err);
  bool EvalConstValue(const Item& it, size_t sc, int depth, CVal* out, std::string* err);
  bool EvalFloat(const Expr& e, size_t sc, int depth, double* out, std::string* err);
  bool EvalInt(const Expr& e, size_t sc, IntTy ctx, const Env* env, int depth, CVal* out, std::string* err);
  bool EvalPath(const Path& p, size_t sc, IntTy ctx, const Env* env, int depth, CVal* out, std::string* err);

  // ---- to_type.cc
  Type ToType(const TypeNode& t, size_t sc, const Env* env, int depth);
  Type NamedEntityType(int id);
  Type PrimType(const Prim& p, std::string spelling);
  Type FnType(const TypeNode& t, size_t sc, const Env* env, int depth);
  Type ToTypeInner(const TypeNode& t, size_t sc, const Env* env, int depth);

  // ---- emit.cc
  bool IsArtificialField(const FieldDef& f, size_t sc) const;
  bool IsBuiltinField(const FieldDef& f, size_t sc, Builtin b) const;
  void NoteFieldType(const FieldDef& f, const Entity& e);
  contract::Field MakeField(const FieldDef& f, size_t sc, uint64_t off, const LayoutR* lay);
  // `_unused: [u8; 0]` / `_private: [u8; 0]` (with PhantomData markers),
  // `struct X([u8; 0]);`, `enum X {}`: a C type Rust only points to.
  bool IsOpaqueIdiom(const Entity& e) const;
  void EmitOpaque(int id);
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
  void EmitEntity(int id);
  void EmitFunctions();
  void EmitVariables();
  void EmitAll();
  // The enumerator name of constant `name` in an enum whose constants share
  // `prefix`, or "" when the prefix leaves nothing.
  void AddEnumerator(contract::Enum* en, const Entity& e, std::string name, const CVal& v, size_t sc,
                     uint32_t tok);

  // Per-item and global work bounds (see Run()).
  bool OverBudget() { return ++steps_ > budget_ || ++item_steps_ > kItemBudget; }
  static constexpr uint64_t kItemBudget = 2'000'000;

  const RustFrontendOptions& opts_;
  Target tg_;
  CfgSet cfgs_;
  std::deque<std::unique_ptr<ParsedFile>> files_;
  size_t num_inputs_ = 0;
  std::vector<std::string> crates_;  // crate names; [0] = "" (the crate under check)
  std::vector<std::vector<int>> crate_tops_;  // top modules per crate
  std::vector<Scope> scopes_;
  std::map<std::tuple<size_t, int, int>, size_t> scope_ids_;
  std::vector<Module> mods_;
  mutable std::vector<Import> imports_;  // mutable: ImportTarget memoises
  mutable std::deque<std::vector<std::string>> ext_;
  mutable std::unordered_map<std::string, int> ext_ids_;
  mutable std::unordered_map<const Path*, std::pair<size_t, Def>> path_memo_[2];
  mutable int lookup_cycle_hits_ = 0;
  mutable uint64_t lookup_steps_ = 0;
  std::set<std::string> included_names_;   // inputs already placed by `include!`
  std::vector<Entity> ents_;
  uint64_t steps_ = 0;
  uint64_t budget_ = 0;
  uint64_t item_steps_ = 0;
  uint64_t total_tokens_ = 0;
  std::vector<std::pair<const Item*, size_t>> impls_;
  std::vector<PendingFn> pending_fns_;
  std::vector<PendingVar> pending_vars_;
  std::map<std::string, Asserted> asserted_;
  std::unordered_set<std::string> used_asserts_;
  std::unordered_map<const std::vector<Attr>*, Repr> repr_cache_;
  std::vector<int> reached_;     // dependency entities to emit (EmitAll)
  bool dep_notes_ = false;       // AddNote keeps dependency notes (see AddNote)
  std::map<std::string, SourceLoc> unknown_cfgs_;  // cfg names not in the set -> first use
  struct UndecidedCfgAttr {
    size_t file;
    uint32_t tok;
    std::string text;
  };
  std::vector<UndecidedCfgAttr> cfg_attr_undecided_;
  size_t expanding_file_ = 0;  // ExpandCfgAttrs' file
  absl::Status cycle_error_;  // first cyclic alias / by-value recursion seen
  RustExtraction out_;
};

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_EXTRACTOR_H_
