// The safe public API of a wrapper crate: see crate_api.h.
#include "harness/wrapper/crate_api.h"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/common/file_util.h"
#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/cfg.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"

namespace bindfuzz::wrapper {
namespace {

namespace rf = rust_frontend;
using Loader = std::function<std::optional<std::string>(const std::string&)>;

constexpr uint64_t kMaxFileBytes = uint64_t{16} << 20;
constexpr int kMaxFiles = 512;

// An integer or bool type name as the spec spells it, or "".
std::string ScalarName(const std::string& rust) {
  static const std::map<std::string, std::string> kMap = {
      {"i8", "i8"},        {"i16", "i16"},       {"i32", "i32"},       {"i64", "i64"},
      {"u8", "u8"},        {"u16", "u16"},       {"u32", "u32"},       {"u64", "u64"},
      {"isize", "i64"},    {"usize", "u64"},     {"bool", "bool"},     {"c_char", "i8"},
      {"c_schar", "i8"},   {"c_uchar", "u8"},    {"c_short", "i16"},   {"c_ushort", "u16"},
      {"c_int", "i32"},    {"c_uint", "u32"},    {"c_long", "i64"},    {"c_ulong", "u64"},
      {"c_longlong", "i64"}, {"c_ulonglong", "u64"}, {"size_t", "u64"}, {"ssize_t", "i64"},
  };
  auto it = kMap.find(rust);
  return it == kMap.end() ? "" : it->second;
}

bool OnlyLifetimes(const rf::Generics& g) { return !g.HasTypeOrConst(); }

bool PathArgsOnlyLifetimes(const rf::PathSegment& s) {
  for (const rf::GenericArg& a : s.args)
    if (a.kind != rf::GenericArg::kLifetime) return false;
  return !s.fn_sugar;
}

struct ParsedFile {
  std::unique_ptr<rf::LexedFile> lexed;
  rf::SourceFileAst ast;
};

// `pub` without a restriction (`pub(crate)`, `pub(super)`, `pub(in ..)` are
// not the crate's API).
bool PlainPub(const rf::Item& it, const rf::LexedFile& f) {
  if (!it.is_pub || it.begin_tok + 1 >= f.tokens.size()) return false;
  const rf::Token& t = f.tokens[it.begin_tok];
  const rf::Token& next = f.tokens[it.begin_tok + 1];
  if (t.kind != rf::TokKind::kIdent || f.Text(t) != "pub") return false;
  return !(next.kind == rf::TokKind::kPunct && next.punct == '(');
}

class Reader {
 public:
  explicit Reader(Loader load) : load_(std::move(load)) {
    // x86_64 Linux, the crate's features off: an item whose cfg cannot be
    // shown true is left out (never one rustc would not compile).
    if (auto t = target::LookupTarget("x86_64-linux-gnu"); t.ok()) cfgs_ = rf::CfgSet::ForTarget(**t);
  }

  absl::StatusOr<CrateApi> Run() {
    api_.root = "src/lib.rs";
    absl::Status st = ReadModule("src/lib.rs", "src", {}, true);
    if (!st.ok()) return st;
    ResolveTypes();
    for (const PendingImpl& p : impls_) ReadImpl(p);
    for (const PendingFn& p : free_fns_) ReadFreeFn(p);
    api_.files = static_cast<int>(files_.size());
    return std::move(api_);
  }

 private:
  struct TypeDef {
    std::string name;
    std::vector<std::string> mod;  // module path
    bool reachable = false;        // every module on the path is pub
    bool has_lifetime = false;
    contract::SourceLoc loc;
    const rf::Item* item = nullptr;
    const rf::LexedFile* file = nullptr;
  };
  struct PendingImpl {
    const rf::Item* item;
    const rf::LexedFile* file;
  };
  struct PendingFn {
    const rf::Item* item;
    const rf::LexedFile* file;
    std::vector<std::string> mod;
    bool reachable = false;
  };

  contract::SourceLoc Loc(const rf::LexedFile& f, uint32_t tok) const {
    const rf::Token& t = f.tokens[std::min<size_t>(tok, f.tokens.size() - 1)];
    rf::LineCol lc = f.Pos(t.begin);
    return {.file = f.name, .line = lc.line, .column = lc.column};
  }

  void Note(const contract::SourceLoc& loc, const std::string& item, const std::string& msg) {
    contract::Note n;
    n.level = contract::Note::Level::kInfo;
    n.item = item;
    n.message = msg;
    n.loc = loc;
    api_.notes.push_back(std::move(n));
  }

  absl::Status ReadModule(const std::string& path, const std::string& dir,
                          const std::vector<std::string>& mod, bool reachable) {
    if (files_.size() >= kMaxFiles)
      return absl::InvalidArgumentError(absl::StrCat(path, ": more than ", kMaxFiles, " module files"));
    std::optional<std::string> text = load_(path);
    if (!text) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read the module file"));
    auto lexed = rf::Lex(path, std::move(*text), {});
    if (!lexed.ok()) return lexed.status();
    auto ast = rf::ParseFile(**lexed, {});
    if (!ast.ok()) return ast.status();
    files_.push_back(std::make_unique<ParsedFile>(ParsedFile{std::move(*lexed), std::move(*ast)}));
    const ParsedFile& pf = *files_.back();
    return ReadItems(pf.ast.items, *pf.lexed, path, dir, mod, reachable);
  }

  absl::Status ReadItems(const std::vector<rf::Item>& items, const rf::LexedFile& f,
                         const std::string& path, const std::string& dir,
                         const std::vector<std::string>& mod, bool reachable) {
    for (const rf::Item& it : items) {
      if (HasCfgTest(it, f)) continue;
      switch (it.kind) {
        case rf::Item::kStruct:
        case rf::Item::kEnum: {
          if (!PlainPub(it, f)) break;
          TypeDef d;
          d.name = it.name;
          d.mod = mod;
          d.reachable = reachable;
          d.loc = Loc(f, it.tok);
          d.item = &it;
          d.file = &f;
          if (!OnlyLifetimes(it.generics)) {
            Note(d.loc, it.name, "generic type: wrapper mode drives types without type parameters");
            break;
          }
          for (const rf::GenericParam& g : it.generics.params)
            if (g.kind == rf::GenericParam::kLifetime) d.has_lifetime = true;
          if (HasDeriveClone(it, f)) clones_.insert(it.name);
          if (!types_.count(it.name)) types_[it.name] = d;
          break;
        }
        case rf::Item::kImpl:
          impls_.push_back({&it, &f});  // (its cfg was checked above)
          break;
        case rf::Item::kFn:
          if (PlainPub(it, f)) free_fns_.push_back({&it, &f, mod, reachable});
          break;
        case rf::Item::kUse:
          if (PlainPub(it, f) && mod.empty()) {
            for (const rf::UseEntry& u : it.uses) {
              if (u.path.empty() || u.path.back() == "*" || u.alias == "_") continue;
              const std::string& last = u.path.back();
              reexports_[last] = u.alias.empty() ? last : u.alias;
            }
          }
          break;
        case rf::Item::kMod: {
          std::vector<std::string> sub = mod;
          sub.push_back(it.name);
          const bool sub_reachable = reachable && PlainPub(it, f);
          if (it.inline_mod) {
            absl::Status st = ReadItems(it.items, f, path, dir + "/" + it.name, sub, sub_reachable);
            if (!st.ok()) return st;
            break;
          }
          // `mod x;` in lib.rs / mod.rs: DIR/x.rs or DIR/x/mod.rs; in x.rs: DIR/x/...
          const std::string base = std::filesystem::path(path).filename().string();
          std::string mdir = dir;
          if (base != "lib.rs" && base != "mod.rs")
            mdir = dir + "/" + std::filesystem::path(path).stem().string();
          std::string file = mdir + "/" + it.name + ".rs";
          std::string next_dir = mdir;
          if (!load_(file)) {
            file = mdir + "/" + it.name + "/mod.rs";
            next_dir = mdir + "/" + it.name;
          }
          if (!load_(file)) {
            Note(Loc(f, it.tok), it.name, "module file not found (a #[path] or generated module): not read");
            break;
          }
          absl::Status st = ReadModule(file, next_dir, sub, sub_reachable);
          if (!st.ok()) return st;
          break;
        }
        default:
          break;
      }
    }
    return absl::OkStatus();
  }

  // An item rustc would not compile here: a `#[cfg]` that does not hold
  // (`test`, a feature, another target) or cannot be decided.
  bool HasCfgTest(const rf::Item& it, const rf::LexedFile& f) const {
    for (const rf::Attr& a : it.attrs) {
      if (a.name != "cfg") continue;
      if (rf::EvalCfgAttr(a, f, cfgs_, nullptr) != 1) return true;
    }
    return false;
  }

  static bool HasDeriveClone(const rf::Item& it, const rf::LexedFile& f) {
    for (const rf::Attr& a : it.attrs) {
      if (a.name != "derive") continue;
      for (uint32_t t = a.args_begin; t < a.args_end && t < f.tokens.size(); ++t)
        if (f.tokens[t].kind == rf::TokKind::kIdent && f.Text(f.tokens[t]) == "Clone") return true;
    }
    return false;
  }

  void ResolveTypes() {
    for (auto& [name, d] : types_) {
      ApiType t;
      t.name = name;
      t.has_lifetime = d.has_lifetime;
      t.loc = d.loc;
      if (d.reachable) {
        t.path = d.mod;
        t.path.push_back(name);
      } else if (auto it = reexports_.find(name); it != reexports_.end()) {
        t.path = {it->second};
      } else {
        Note(d.loc, name, "not reachable from the crate root (private module, no pub use)");
        continue;
      }
      t.has_clone = clones_.count(name) > 0;
      exported_[name] = api_.types.size();
      api_.types.push_back(std::move(t));
    }
  }

  ApiType* Exported(const std::string& name) {
    auto it = exported_.find(name);
    return it == exported_.end() ? nullptr : &api_.types[it->second];
  }

  // The exported type a path type names (`Self` is `self_type`).
  ApiType* TypeOfPath(const rf::TypeNode& t, const std::string& self_type) {
    if (t.kind != rf::TypeNode::kPath || !t.path.qself.empty() || t.path.segments.empty()) return nullptr;
    const rf::PathSegment& s = t.path.segments.back();
    if (!PathArgsOnlyLifetimes(s)) return nullptr;
    if (s.name == "Self") return Exported(self_type);
    return Exported(s.name);
  }

  std::string ScalarOf(const rf::TypeNode& t) {
    if (t.kind != rf::TypeNode::kPath || t.path.segments.empty() || t.path.segments.back().has_args) return "";
    return ScalarName(t.path.segments.back().name);
  }

  static bool IsPathNamed(const rf::TypeNode& t, const char* name) {
    return t.kind == rf::TypeNode::kPath && !t.path.segments.empty() &&
           t.path.segments.back().name == name;
  }

  static const rf::TypeNode* FirstTypeArg(const rf::TypeNode& t) {
    for (const rf::GenericArg& a : t.path.segments.back().args)
      if (a.kind == rf::GenericArg::kType && !a.type.empty()) return &a.type[0];
    return nullptr;
  }

  static bool IsU8Slice(const rf::TypeNode& t) {
    return t.kind == rf::TypeNode::kSlice && !t.elems.empty() && IsPathNamed(t.elems[0], "u8") &&
           !t.elems[0].path.segments.back().has_args;
  }

  // A result Rust reads and drops: strings, bytes, scalars, Option/Result.
  bool Readable(const rf::TypeNode& t, int depth = 0) {
    if (depth > 8) return false;
    if (t.kind == rf::TypeNode::kTuple) return t.elems.empty();
    if (t.kind == rf::TypeNode::kRef) {
      const rf::TypeNode& e = t.elems[0];
      return IsPathNamed(e, "str") || IsU8Slice(e) || IsPathNamed(e, "CStr");
    }
    if (t.kind != rf::TypeNode::kPath || t.path.segments.empty()) return false;
    if (!ScalarOf(t).empty()) return true;
    const rf::PathSegment& s = t.path.segments.back();
    if (s.name == "String" || s.name == "CString") return !s.has_args;
    if (s.name == "Vec") {
      const rf::TypeNode* a = FirstTypeArg(t);
      return a != nullptr && IsPathNamed(*a, "u8");
    }
    if (s.name == "Option" || s.name == "Result") {
      const rf::TypeNode* a = FirstTypeArg(t);
      return a != nullptr && Readable(*a, depth + 1);
    }
    return false;
  }

  // Why an argument type cannot be driven, or "".
  std::string ArgOf(const rf::TypeNode& t, const std::string& self_type, ApiArg* out) {
    if (t.kind == rf::TypeNode::kRef) {
      const rf::TypeNode& e = t.elems[0];
      if (IsPathNamed(e, "str") && !t.is_mut) {
        out->kind = ArgKind::kStr;
        return "";
      }
      if (IsU8Slice(e)) {
        out->kind = t.is_mut ? ArgKind::kBytesMut : ArgKind::kBytes;
        return "";
      }
      if (ApiType* at = TypeOfPath(e, self_type)) {
        out->kind = t.is_mut ? ArgKind::kRefMut : ArgKind::kRef;
        out->type = at->name;
        return "";
      }
      return "a reference to a type wrapper mode cannot make";
    }
    if (std::string s = ScalarOf(t); !s.empty()) {
      out->kind = ArgKind::kScalar;
      out->scalar = s;
      return "";
    }
    if (ApiType* at = TypeOfPath(t, self_type)) {
      out->kind = ArgKind::kValue;
      out->type = at->name;
      return "";
    }
    return "a parameter type wrapper mode cannot make (generic, closure, trait object, ...)";
  }

  std::string RetOf(const std::vector<rf::TypeNode>& ret, const std::string& self_type, ApiRet* out) {
    if (ret.empty()) return "";
    const rf::TypeNode& t = ret[0];
    if (t.kind == rf::TypeNode::kTuple && t.elems.empty()) return "";
    if (std::string s = ScalarOf(t); !s.empty()) {
      out->kind = RetKind::kScalar;
      out->scalar = s;
      return "";
    }
    if (ApiType* at = TypeOfPath(t, self_type)) {
      out->kind = RetKind::kOwned;
      out->type = at->name;
      return "";
    }
    if (IsPathNamed(t, "Option") || IsPathNamed(t, "Result")) {
      const rf::TypeNode* a = FirstTypeArg(t);
      if (a != nullptr) {
        if (ApiType* at = TypeOfPath(*a, self_type)) {
          out->kind = IsPathNamed(t, "Option") ? RetKind::kOwnedOpt : RetKind::kOwnedRes;
          out->type = at->name;
          return "";
        }
      }
    }
    if (Readable(t)) {
      out->kind = RetKind::kRead;
      return "";
    }
    return "a result type wrapper mode cannot hold (a borrow, a generic, a foreign type)";
  }

  // A lifetime other than `'_` / `'static` written in `t`.
  static bool NamesLifetime(const rf::TypeNode& t, const rf::LexedFile& f) {
    for (uint32_t i = t.begin_tok; i < t.end_tok && i < f.tokens.size(); ++i) {
      if (f.tokens[i].kind != rf::TokKind::kLifetime) continue;
      const std::string_view n = f.Text(f.tokens[i]);
      if (n != "_" && n != "static") return true;
    }
    return false;
  }

  // Builds one function; returns why it is left out, or "".
  std::string ReadFn(const rf::Item& it, const rf::LexedFile& f, const std::string& self_type,
                     ApiFn* out) {
    const rf::FnSig& sig = it.sig;
    if (sig.is_unsafe) return "unsafe fn: not callable from safe Rust";
    if (sig.is_async) return "async fn";
    if (sig.has_abi) return "extern fn";
    if (sig.variadic) return "variadic";
    if (!OnlyLifetimes(it.generics)) return "generic fn";
    out->name = it.name;
    out->loc = Loc(f, it.tok);
    if (sig.self_kind == rf::FnSig::kTyped) return "typed self (Box<Self>, Rc<Self>, ...)";
    if (sig.self_kind != rf::FnSig::kNoSelf) {
      if (self_type.empty()) return "self outside an impl";
      ApiArg a;
      a.name = "self";
      a.type = self_type;
      a.kind = sig.self_kind == rf::FnSig::kValue   ? ArgKind::kValue
               : sig.self_kind == rf::FnSig::kRef ? ArgKind::kRef
                                                  : ArgKind::kRefMut;
      out->has_self = true;
      out->args.push_back(a);
    }
    for (const rf::Param& p : sig.params) {
      if (!p.has_type) return "parameter without a type";
      if (p.type.kind == rf::TypeNode::kImplTrait) return "impl Trait parameter";
      ApiArg a;
      a.name = p.name;
      std::string why = ArgOf(p.type, self_type, &a);
      if (!why.empty()) return absl::StrCat("parameter ", p.name.empty() ? "_" : p.name, ": ", why);
      out->args.push_back(a);
    }
    std::string why = RetOf(sig.ret, self_type, &out->ret);
    if (!why.empty()) return why;
    if (out->ret.kind == RetKind::kOwned || out->ret.kind == RetKind::kOwnedOpt ||
        out->ret.kind == RetKind::kOwnedRes) {
      const ApiType* rt = Exported(out->ret.type);
      if (rt->has_lifetime) {
        // Lifetime elision: a method's result borrows its receiver, and no
        // other parameter when none names a lifetime. Anything else (a
        // constructor keeping `&'a str`, explicit lifetimes) is not modelled.
        if (sig.self_kind != rf::FnSig::kRef && sig.self_kind != rf::FnSig::kRefMut)
          return "returns a borrowing type, not from a &self receiver (lifetime not modelled)";
        for (const rf::Param& p : sig.params)
          if (NamesLifetime(p.type, f))
            return absl::StrCat("parameter ", p.name, " names a lifetime the result may borrow (not modelled)");
        out->ret.borrows_self = true;
      }
    }
    return "";
  }

  void ReadImpl(const PendingImpl& p) {
    const rf::Item& it = *p.item;
    if (it.type.empty() || it.negative_impl) return;
    const rf::TypeNode& self = it.type[0];
    if (self.kind != rf::TypeNode::kPath || self.path.segments.empty()) return;
    const std::string self_name = self.path.segments.back().name;
    ApiType* t = Exported(self_name);
    if (t == nullptr) return;
    if (!it.trait_type.empty()) {
      const rf::TypeNode& tr = it.trait_type[0];
      if (IsPathNamed(tr, "Drop")) t->has_drop = true;
      if (IsPathNamed(tr, "Clone")) {
        t->has_clone = true;
        for (const rf::Item& m : it.items)
          if (m.kind == rf::Item::kFn && m.name == "clone") t->clone_loc = Loc(*p.file, m.tok);
      }
      return;
    }
    if (!OnlyLifetimes(it.generics)) return;
    for (const rf::Item& m : it.items) {
      if (m.kind != rf::Item::kFn || !PlainPub(m, *p.file) || HasCfgTest(m, *p.file)) continue;
      ApiFn fn;
      fn.owner = self_name;
      std::string why = ReadFn(m, *p.file, self_name, &fn);
      if (!why.empty()) {
        Note(Loc(*p.file, m.tok), absl::StrCat(self_name, "::", m.name), why);
        continue;
      }
      api_.fns.push_back(std::move(fn));
    }
  }

  void ReadFreeFn(const PendingFn& p) {
    // A free function in a module that is not public is not API.
    if (!p.reachable) return;
    ApiFn fn;
    std::string why = ReadFn(*p.item, *p.file, "", &fn);
    if (!why.empty()) {
      Note(Loc(*p.file, p.item->tok), p.item->name, why);
      return;
    }
    fn.path = p.mod;
    fn.path.push_back(p.item->name);
    api_.fns.push_back(std::move(fn));
  }

  Loader load_;
  rf::CfgSet cfgs_;
  CrateApi api_;
  std::vector<std::unique_ptr<ParsedFile>> files_;
  std::map<std::string, TypeDef> types_;
  std::map<std::string, std::string> reexports_;  // name -> root alias
  std::set<std::string> clones_;
  std::map<std::string, size_t> exported_;
  std::vector<PendingImpl> impls_;
  std::vector<PendingFn> free_fns_;
};

}  // namespace

const ApiType* CrateApi::FindType(const std::string& name) const {
  for (const ApiType& t : types)
    if (t.name == name) return &t;
  return nullptr;
}

absl::StatusOr<CrateApi> ReadCrateApi(const std::string& crate_dir) {
  const std::string root = crate_dir;
  if (!std::filesystem::is_regular_file(root + "/src/lib.rs"))
    return absl::InvalidArgumentError(absl::StrCat(root, ": no src/lib.rs (wrapper mode reads a library crate)"));
  Reader r([root](const std::string& rel) -> std::optional<std::string> {
    const std::string p = root + "/" + rel;
    if (!std::filesystem::is_regular_file(p)) return std::nullopt;
    absl::StatusOr<std::string> t = ReadFile(p, kMaxFileBytes);
    if (!t.ok()) return std::nullopt;
    return *t;
  });
  return r.Run();
}

absl::StatusOr<CrateApi> ReadCrateApiFromFiles(
    const std::vector<std::pair<std::string, std::string>>& files) {
  std::map<std::string, std::string> m(files.begin(), files.end());
  Reader r([m](const std::string& rel) -> std::optional<std::string> {
    auto it = m.find(rel);
    if (it == m.end()) return std::nullopt;
    return it->second;
  });
  return r.Run();
}

}  // namespace bindfuzz::wrapper
