#include "harness/rust_frontend/rust_frontend.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/rust_frontend/ast.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"

namespace bindfuzz::rust_frontend {
namespace {

using contract::Contract;
using contract::Note;
using contract::SourceLoc;
using contract::Type;
using contract::TypeKind;

using i128 = __int128;

std::string S(std::string_view v) { return std::string(v); }
absl::string_view AV(std::string_view v) { return absl::string_view(v.data(), v.size()); }

std::string I128ToString(i128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 m = neg ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
  std::string s;
  while (m > 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  }
  if (neg) s.push_back('-');
  std::reverse(s.begin(), s.end());
  return s;
}

// ------------------------------------------------------------------ target
struct Target {
  std::string triple;
  uint32_t ptr = 8;       // bytes
  uint32_t long_bytes = 8;
  bool char_signed = true;
  uint32_t i64_align = 8;
  uint32_t f64_align = 8;
  uint32_t i128_align = 16;
};

absl::StatusOr<Target> MakeTarget(const RustFrontendOptions& o) {
  Target t;
  t.triple = o.target_triple;
  std::string_view arch = o.target_triple;
  arch = arch.substr(0, arch.find('-'));
  bool linux_gnu = o.target_triple.find("-linux-gnu") != std::string::npos;
  if (!linux_gnu) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported target triple '", o.target_triple,
                                                   "' (supported: x86_64/aarch64/i686-linux-gnu)"));
  }
  if (arch == "x86_64") {
    t.char_signed = true;
  } else if (arch == "aarch64") {
    t.char_signed = false;
  } else if (arch == "i686" || arch == "i586" || arch == "i386") {
    t.ptr = 4;
    t.long_bytes = 4;
    t.i64_align = 4;
    t.f64_align = 4;
    t.char_signed = true;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("unsupported target triple '", o.target_triple,
                                                   "' (supported: x86_64/aarch64/i686-linux-gnu)"));
  }
  if (o.c_char_signed.has_value()) t.char_signed = *o.c_char_signed;
  return t;
}

// --------------------------------------------------------------- primitives
struct Prim {
  enum Cat { kInt, kFloat, kBool, kChar, kVoid, kStr } cat = kInt;
  uint32_t bits = 0;  // kInt/kFloat
  bool is_signed = false;
};

// Rust primitive type names.
bool LookupRustPrim(std::string_view n, const Target& tg, Prim* p) {
  struct E { const char* n; Prim::Cat c; uint32_t bits; bool s; };
  static const E kPrims[] = {
      {"u8", Prim::kInt, 8, false},    {"i8", Prim::kInt, 8, true},
      {"u16", Prim::kInt, 16, false},  {"i16", Prim::kInt, 16, true},
      {"u32", Prim::kInt, 32, false},  {"i32", Prim::kInt, 32, true},
      {"u64", Prim::kInt, 64, false},  {"i64", Prim::kInt, 64, true},
      {"u128", Prim::kInt, 128, false}, {"i128", Prim::kInt, 128, true},
      {"f32", Prim::kFloat, 32, false}, {"f64", Prim::kFloat, 64, false},
      {"bool", Prim::kBool, 8, false}, {"char", Prim::kChar, 32, false},
      {"str", Prim::kStr, 0, false},
  };
  for (const E& e : kPrims) {
    if (n == e.n) {
      *p = Prim{e.c, e.bits, e.s};
      return true;
    }
  }
  if (n == "usize" || n == "isize") {
    *p = Prim{Prim::kInt, tg.ptr * 8, n == "isize"};
    return true;
  }
  return false;
}

// C type names of core::ffi / std::os::raw / libc / the ctypes prefix.
bool LookupCType(std::string_view n, const Target& tg, Prim* p) {
  uint32_t lb = tg.long_bytes * 8;
  struct E { const char* n; Prim::Cat c; uint32_t bits; bool s; };
  const E kC[] = {
      {"c_schar", Prim::kInt, 8, true},   {"c_uchar", Prim::kInt, 8, false},
      {"c_short", Prim::kInt, 16, true},  {"c_ushort", Prim::kInt, 16, false},
      {"c_int", Prim::kInt, 32, true},    {"c_uint", Prim::kInt, 32, false},
      {"c_long", Prim::kInt, lb, true},   {"c_ulong", Prim::kInt, lb, false},
      {"c_longlong", Prim::kInt, 64, true}, {"c_ulonglong", Prim::kInt, 64, false},
      {"c_float", Prim::kFloat, 32, false}, {"c_double", Prim::kFloat, 64, false},
      {"c_size_t", Prim::kInt, tg.ptr * 8, false}, {"c_ssize_t", Prim::kInt, tg.ptr * 8, true},
      {"c_ptrdiff_t", Prim::kInt, tg.ptr * 8, true},
  };
  for (const E& e : kC) {
    if (n == e.n) {
      *p = Prim{e.c, e.bits, e.s};
      return true;
    }
  }
  if (n == "c_char") {
    *p = Prim{Prim::kInt, 8, tg.char_signed};
    return true;
  }
  if (n == "c_void") {
    *p = Prim{Prim::kVoid, 0, false};
    return true;
  }
  return false;
}

enum class Builtin {
  kNone, kPhantomData, kPhantomPinned, kTransparentWrapper /* MaybeUninit & co */, kOpaque,
  kNonNull, kOption, kBox, kAtomicInt, kAtomicBool, kAtomicPtr, kNonZero, kNonZeroGeneric,
  kBitfieldUnit, kIncompleteArray, kUnionField, kOpaqueArray,
};

struct BuiltinInfo {
  Builtin b = Builtin::kNone;
  uint32_t bits = 0;
  bool is_signed = false;
  uint32_t extra_align = 0;  // __BindgenOpaqueArrayN
};

BuiltinInfo LookupBuiltin(std::string_view n, const Target& tg) {
  BuiltinInfo bi;
  if (n == "PhantomData") bi.b = Builtin::kPhantomData;
  else if (n == "PhantomPinned") bi.b = Builtin::kPhantomPinned;
  else if (n == "MaybeUninit" || n == "ManuallyDrop" || n == "UnsafeCell" || n == "Cell" ||
           n == "SyncUnsafeCell" || n == "Pin" || n == "Wrapping" || n == "Saturating")
    bi.b = Builtin::kTransparentWrapper;
  else if (n == "Opaque") bi.b = Builtin::kOpaque;
  else if (n == "NonNull") bi.b = Builtin::kNonNull;
  else if (n == "Option") bi.b = Builtin::kOption;
  else if (n == "Box") bi.b = Builtin::kBox;
  else if (n == "AtomicBool") bi.b = Builtin::kAtomicBool;
  else if (n == "AtomicPtr") bi.b = Builtin::kAtomicPtr;
  else if (n == "NonZero") bi.b = Builtin::kNonZeroGeneric;
  else if (n == "__BindgenBitfieldUnit") bi.b = Builtin::kBitfieldUnit;
  else if (n == "__IncompleteArrayField") bi.b = Builtin::kIncompleteArray;
  else if (n == "__BindgenUnionField") bi.b = Builtin::kUnionField;
  else if (n.substr(0, 20) == "__BindgenOpaqueArray") {
    bi.b = Builtin::kOpaqueArray;
    std::string_view rest = n.substr(20);
    uint32_t a = 0;
    for (char c : rest) {
      if (c < '0' || c > '9' || a > 1u << 20) return BuiltinInfo{};
      a = a * 10 + static_cast<uint32_t>(c - '0');
    }
    bi.extra_align = a;
  } else {
    auto int_suffix = [&](std::string_view s, BuiltinInfo* out) {
      Prim p;
      if (!LookupRustPrim(s, tg, &p) || p.cat != Prim::kInt) return false;
      out->bits = p.bits;
      out->is_signed = p.is_signed;
      return true;
    };
    if (n.substr(0, 6) == "Atomic") {
      std::string low(n.substr(6));
      for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (int_suffix(low, &bi)) bi.b = Builtin::kAtomicInt;
    } else if (n.substr(0, 7) == "NonZero") {
      std::string low(n.substr(7));
      for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (int_suffix(low, &bi)) bi.b = Builtin::kNonZero;
    }
  }
  return bi;
}

// Names bindgen escapes with a trailing '_' (union of the keyword lists of
// bindgen 0.60 .. 0.71).
bool IsBindgenEscaped(std::string_view n) {
  static const char* const kWords[] = {
      "abstract", "alignof", "as", "async", "await", "become", "box", "break", "const",
      "continue", "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn",
      "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut",
      "offsetof", "override", "priv", "proc", "pub", "pure", "ref", "return", "Self", "self",
      "sizeof", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
      "unsafe", "unsized", "use", "virtual", "where", "while", "yield", "str", "bool", "f32",
      "f64", "usize", "isize", "u128", "i128", "u64", "i64", "u32", "i32", "u16", "i16", "u8",
      "i8",
  };
  for (const char* w : kWords)
    if (n == w) return true;
  return false;
}

// C name of a Rust identifier: `type_` -> `type`, raw `r#type` -> `type`.
std::string CNameOf(std::string_view rust, bool raw) {
  if (raw) return S(rust);
  if (rust.size() > 1 && rust.back() == '_' && IsBindgenEscaped(rust.substr(0, rust.size() - 1))) {
    return S(rust.substr(0, rust.size() - 1));
  }
  return S(rust);
}

std::string RustSpelling(std::string_view name, bool raw) {
  return raw ? absl::StrCat("r#", AV(name)) : S(name);
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// `__bindgen_anon_N` -> N (0 if not that form).
uint64_t BindgenAnonIndex(std::string_view n) {
  static constexpr std::string_view kP = "__bindgen_anon_";
  if (!StartsWith(n, kP) || n.size() == kP.size() || n.size() > kP.size() + 9) return 0;
  uint64_t v = 0;
  for (char c : n.substr(kP.size())) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

// `..._bindgen_ty_N` at the end?
bool IsBindgenAnonTypeName(std::string_view n, std::string_view* parent) {
  size_t p = n.rfind("_bindgen_ty_");
  if (p == std::string_view::npos) return false;
  std::string_view digits = n.substr(p + 12);
  if (digits.empty()) return false;
  for (char c : digits)
    if (c < '0' || c > '9') return false;
  if (parent) {
    // `parent__bindgen_ty_N` (two underscores) or top-level `_bindgen_ty_N`.
    *parent = p >= 1 && n[p - 1] == '_' ? n.substr(0, p - 1) : std::string_view();
  }
  return true;
}

// ------------------------------------------------------------ values/types
struct IntTy {
  uint32_t bits = 0;  // 0: untyped integer literal (inferred)
  bool is_signed = true;
  bool is_bool = false;
  bool is_char = false;
};

struct CVal {
  enum K { kNone, kInt, kFloat, kStr } k = kNone;
  i128 i = 0;
  IntTy ty;
  double f = 0;
  std::string s;
};

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

struct Env;
struct Binding {
  const TypeNode* type = nullptr;
  size_t file = 0;
  const Env* env = nullptr;
  bool is_const = false;
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

struct Repr {
  bool c = false, transparent = false, packed = false, rust = false;
  uint64_t pack = 0;   // packed(N); packed = 1
  uint64_t align = 0;  // align(N)
  std::string int_type;  // u8 .. isize
  std::string text;
  bool any = false;
  std::vector<std::string> problems;
};

enum class EntKind { kStruct, kUnion, kEnum, kAlias, kUseAlias, kConst, kModConsts };

enum class Role { kPlain, kConstsEnum, kNewtypeEnum, kBitfieldEnum, kRustifiedEnum, kModConstsEnum };

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
  int lstate = 0;
  LayoutR layout;
  std::vector<uint64_t> field_off;
  std::vector<LayoutR> field_lay;
  // const memo
  int cstate = 0;
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

class Extractor {
 public:
  Extractor(const RustFrontendOptions& o, Target t) : opts_(o), tg_(std::move(t)) {}

  absl::StatusOr<RustExtraction> Run(const std::vector<RustSource>& sources) {
    for (const RustSource& src : sources) {
      if (src.text.size() > opts_.max_input_bytes) {
        return absl::InvalidArgumentError(absl::StrCat(src.name, ": file is ", src.text.size(),
                                                       " bytes, larger than the limit of ",
                                                       opts_.max_input_bytes));
      }
      LexOptions lo;
      lo.max_depth = opts_.max_nesting_depth;
      BF_ASSIGN_OR_RETURN(std::unique_ptr<LexedFile> lex, Lex(src.name, src.text, lo));
      ParseOptions po;
      po.max_depth = opts_.max_nesting_depth;
      BF_ASSIGN_OR_RETURN(SourceFileAst ast, ParseFile(*lex, po));
      out_.stats.tokens += lex->tokens.size();
      CountFns(ast.items, 0);
      files_.push_back(ParsedFile{std::move(lex), std::move(ast)});
    }
    // Work bound for layout/constant evaluation: generous for real inputs,
    // finite for adversarial ones (generic instantiation can fan out).
    budget_ = 20'000'000 + 64 * static_cast<uint64_t>(out_.stats.tokens);
    Contract& c = out_.contract;
    c.side = contract::Side::kRust;
    c.target.triple = tg_.triple;
    c.target.pointer_bits = tg_.ptr * 8;
    c.target.long_bits = tg_.long_bytes * 8;
    c.target.char_signed = tg_.char_signed;
    c.provenance.tool = "bindfuzz rust_frontend";
    for (const RustSource& src : sources) c.provenance.inputs.push_back(src.name);
    if (!opts_.ctypes_prefix.empty()) c.provenance.flags.push_back("--ctypes-prefix=" + opts_.ctypes_prefix);

    for (size_t fi = 0; fi < files_.size(); ++fi) {
      for (const Attr& a : files_[fi].ast.inner_attrs) {
        if (a.name == "cfg") {
          int v = EvalCfgAttr(a, fi);
          if (v == 0) {
            AddNote(Note::Level::kInfo, "", "file excluded by #![cfg(...)]", fi, a.tok);
            goto next_file;
          }
        }
      }
      Collect(files_[fi].ast.items, fi, -1, true);
    next_file:;
    }
    Classify();
    AssignKeys();
    ComputeAll();
    if (!cycle_error_.ok()) return cycle_error_;
    EmitAll();
    return std::move(out_);
  }

 private:
  absl::Status cycle_error_;  // first cyclic alias / by-value recursion seen

  // ------------------------------------------------------------- helpers
  const LexedFile& LF(size_t fi) const { return *files_[fi].lex; }
  std::string_view Tx(size_t fi, uint32_t tok) const { return LF(fi).Text(LF(fi).tokens[tok]); }
  const Token& Tk(size_t fi, uint32_t tok) const { return LF(fi).tokens[tok]; }

  SourceLoc Loc(size_t fi, uint32_t tok) const {
    SourceLoc l;
    const LexedFile& f = LF(fi);
    l.file = f.name;
    uint32_t off = tok < f.tokens.size() ? f.tokens[tok].begin : static_cast<uint32_t>(f.source.size());
    LineCol lc = f.Pos(off);
    l.line = lc.line;
    l.column = lc.column;
    return l;
  }

  void AddNote(Note::Level lvl, std::string item, std::string msg, size_t fi, uint32_t tok) {
    Note n;
    n.level = lvl;
    n.item = std::move(item);
    n.message = std::move(msg);
    n.loc = Loc(fi, tok);
    out_.contract.notes.push_back(std::move(n));
  }

  std::string Spell(size_t fi, uint32_t b, uint32_t e) const {
    const LexedFile& f = LF(fi);
    std::string s;
    for (uint32_t i = b; i < e && i < f.tokens.size(); ++i) {
      const Token& t = f.tokens[i];
      if (t.kind == TokKind::kEof || t.kind == TokKind::kDoc) continue;
      std::string_view txt = f.Span(t.begin, t.end);
      if (!s.empty() && i > b) {
        const Token& p = f.tokens[i - 1];
        bool pw = p.kind != TokKind::kPunct, cw = t.kind != TokKind::kPunct;
        bool p_single_colon = p.kind == TokKind::kPunct && p.punct == ':' && !p.joint &&
                              !(i >= 2 && f.tokens[i - 2].kind == TokKind::kPunct &&
                                f.tokens[i - 2].punct == ':' && f.tokens[i - 2].joint);
        bool arrow_next = t.kind == TokKind::kPunct && t.punct == '-' && t.joint &&
                          i + 1 < f.tokens.size() && f.tokens[i + 1].punct == '>';
        bool after_arrow = p.kind == TokKind::kPunct && p.punct == '>' && i >= 2 &&
                           f.tokens[i - 2].punct == '-' && f.tokens[i - 2].joint;
        std::string_view ptxt = f.Span(p.begin, p.end);
        bool kw_space = p.kind == TokKind::kIdent && !p.raw &&
                        (ptxt == "const" || ptxt == "mut" || ptxt == "dyn" || ptxt == "impl");
        if ((pw && cw) || kw_space || (p.kind == TokKind::kPunct && (p.punct == ',' || p.punct == ';')) ||
            p_single_colon || arrow_next || after_arrow) {
          s.push_back(' ');
        }
      }
      s.append(txt.data(), txt.size());
      if (s.size() > 240) {
        s.resize(237);
        s += "...";
        break;
      }
    }
    return s;
  }
  std::string SpellType(const TypeNode& t, size_t fi) const { return Spell(fi, t.begin_tok, t.end_tok); }

  // ----------------------------------------------------------- attributes
  bool HasAttr(const std::vector<Attr>& attrs, std::string_view name) const {
    for (const Attr& a : attrs)
      if (a.name == name) return true;
    return false;
  }

  // Value of `#[name = "str"]`.
  std::optional<std::string> AttrString(const std::vector<Attr>& attrs, std::string_view name,
                                        size_t fi) const {
    for (const Attr& a : attrs) {
      if (a.name != name || !a.has_eq || a.args_end != a.args_begin + 1) continue;
      const Token& t = Tk(fi, a.args_begin);
      if (t.kind != TokKind::kLiteral || t.lit != LitKind::kStr) continue;
      std::string v;
      if (DecodeStringLiteral(LF(fi).Text(t), &v)) return v;
    }
    return std::nullopt;
  }

  // Memoised per attribute list (generic structs are laid out once per use).
  const Repr& ParseRepr(const std::vector<Attr>& attrs, size_t fi) {
    auto it = repr_cache_.find(&attrs);
    if (it != repr_cache_.end()) return it->second;
    return repr_cache_.emplace(&attrs, ComputeRepr(attrs, fi)).first->second;
  }

  Repr ComputeRepr(const std::vector<Attr>& attrs, size_t fi) const {
    Repr r;
    std::vector<std::string> parts;
    for (const Attr& a : attrs) {
      if (a.name != "repr") continue;
      r.any = true;
      uint32_t i = a.args_begin;
      while (i < a.args_end) {
        const Token& t = Tk(fi, i);
        if (t.kind == TokKind::kPunct && t.punct == ',') {
          ++i;
          continue;
        }
        if (t.kind != TokKind::kIdent) {
          r.problems.push_back("unrecognised repr argument");
          i = t.kind == TokKind::kPunct && (t.punct == '(' || t.punct == '[' || t.punct == '{') ? t.match + 1 : i + 1;
          continue;
        }
        std::string name = S(LF(fi).Text(t));
        uint32_t b = i;
        ++i;
        std::optional<uint64_t> arg;
        if (i < a.args_end && Tk(fi, i).kind == TokKind::kPunct && Tk(fi, i).punct == '(') {
          uint32_t close = Tk(fi, i).match;
          if (close == i + 2 && Tk(fi, i + 1).kind == TokKind::kLiteral && Tk(fi, i + 1).lit == LitKind::kInt) {
            unsigned __int128 v;
            std::string suf;
            if (DecodeIntLiteral(LF(fi).Text(Tk(fi, i + 1)), &v, &suf) && v <= (uint64_t{1} << 32)) {
              arg = static_cast<uint64_t>(v);
            }
          }
          if (!arg) r.problems.push_back(absl::StrCat("repr(", name, "(...)) argument not evaluated"));
          i = close + 1;
        }
        parts.push_back(Spell(fi, b, i));
        if (name == "C") {
          r.c = true;
        } else if (name == "transparent") {
          r.transparent = true;
        } else if (name == "Rust") {
          r.rust = true;
        } else if (name == "packed") {
          r.packed = true;
          uint64_t n = arg.value_or(1);
          r.pack = r.pack ? std::min(r.pack, n) : n;
        } else if (name == "align") {
          if (arg) r.align = std::max(r.align, *arg);
        } else {
          Prim p;
          if (LookupRustPrim(name, tg_, &p) && p.cat == Prim::kInt) {
            r.int_type = name;
          } else {
            r.problems.push_back(absl::StrCat("unknown repr `", name, "`"));
          }
        }
      }
    }
    r.text = absl::StrJoin(parts, ", ");
    return r;
  }

  // cfg predicate: 1 true, 0 false, -1 unknown.
  int EvalCfgTokens(size_t fi, uint32_t* i, uint32_t end, int depth) const {
    if (*i >= end || depth > 64) return -1;
    const Token& t = Tk(fi, *i);
    if (t.kind != TokKind::kIdent) return -1;
    std::string name = S(LF(fi).Text(t));
    ++*i;
    if (*i < end && Tk(fi, *i).kind == TokKind::kPunct && Tk(fi, *i).punct == '(') {
      uint32_t close = Tk(fi, *i).match;
      uint32_t j = *i + 1;
      std::vector<int> vals;
      while (j < close) {
        vals.push_back(EvalCfgTokens(fi, &j, close, depth + 1));
        // skip to next comma
        while (j < close && !(Tk(fi, j).kind == TokKind::kPunct && Tk(fi, j).punct == ',')) {
          const Token& u = Tk(fi, j);
          j = (u.kind == TokKind::kPunct && (u.punct == '(' || u.punct == '[' || u.punct == '{')) ? u.match + 1 : j + 1;
        }
        if (j < close) ++j;
      }
      *i = close + 1;
      if (name == "not") return vals.size() == 1 ? (vals[0] < 0 ? -1 : !vals[0]) : -1;
      if (name == "all") {
        bool unknown = false;
        for (int v : vals) {
          if (v == 0) return 0;
          if (v < 0) unknown = true;
        }
        return unknown ? -1 : 1;
      }
      if (name == "any") {
        bool unknown = false;
        for (int v : vals) {
          if (v == 1) return 1;
          if (v < 0) unknown = true;
        }
        return unknown ? -1 : 0;
      }
      return -1;
    }
    if (*i < end && Tk(fi, *i).kind == TokKind::kPunct && Tk(fi, *i).punct == '=') {
      ++*i;
      if (*i >= end || Tk(fi, *i).kind != TokKind::kLiteral) return -1;
      std::string v;
      bool ok = DecodeStringLiteral(LF(fi).Text(Tk(fi, *i)), &v);
      ++*i;
      if (!ok) return -1;
      std::string arch(tg_.triple.substr(0, tg_.triple.find('-')));
      if (arch == "i586" || arch == "i386") arch = "x86";
      if (arch == "i686") arch = "x86";
      if (name == "target_arch") return v == arch;
      if (name == "target_pointer_width") return v == std::to_string(tg_.ptr * 8);
      if (name == "target_os") return v == "linux";
      if (name == "target_family") return v == "unix";
      if (name == "target_endian") return v == "little";
      if (name == "target_env") return v == "gnu";
      return -1;
    }
    if (name == "test" || name == "doc" || name == "doctest" || name == "miri") return 0;
    if (name == "unix") return 1;
    if (name == "windows") return 0;
    if (name == "target_thread_local") return 1;
    return -1;
  }

  int EvalCfgAttr(const Attr& a, size_t fi) const {
    uint32_t i = a.args_begin;
    int v = EvalCfgTokens(fi, &i, a.args_end, 0);
    if (i != a.args_end) return -1;
    return v;
  }

  // Returns false if the item is excluded by cfg. Notes unknown cfgs.
  bool CfgAllows(const std::vector<Attr>& attrs, size_t fi, const std::string& item) {
    for (const Attr& a : attrs) {
      if (a.name != "cfg") continue;
      int v = EvalCfgAttr(a, fi);
      if (v == 0) return false;
      if (v < 0) {
        AddNote(Note::Level::kInfo, item,
                absl::StrCat("#[cfg(", Spell(fi, a.args_begin, a.args_end),
                             ")] not evaluated; item kept"),
                fi, a.tok);
      }
    }
    return true;
  }

  // ------------------------------------------------------------- collect
  void CountFns(const std::vector<Item>& items, int depth) {
    if (depth > opts_.max_nesting_depth) return;
    for (const Item& it : items) {
      if (it.kind == Item::kFn) {
        ++out_.stats.fn_items;
        const FnSig& s = it.sig;
        if (it.is_pub && !s.is_const && !s.is_unsafe && !s.is_async && !s.has_abi && !s.is_safe)
          ++out_.stats.pub_fn_items;
      }
      CountFns(it.items, depth + 1);
    }
  }

  int AddEntity(Entity e) {
    int id = static_cast<int>(ents_.size());
    bool value_ns = e.kind == EntKind::kConst;
    auto& ns = value_ns ? values_ : types_;
    ns[e.rust_name].push_back(id);
    ents_.push_back(std::move(e));
    return id;
  }

  static bool IsRecordItem(const Item& it) { return it.kind == Item::kStruct || it.kind == Item::kUnion; }

  void Collect(const std::vector<Item>& items, size_t fi, int mod_id, bool accessible) {
    for (const Item& it : items) {
      if (!CfgAllows(it.attrs, fi, it.name)) {
        AddNote(Note::Level::kInfo, it.name, "excluded by #[cfg(...)]", fi, it.tok);
        continue;
      }
      bool acc = accessible && (mod_id < 0 || it.is_pub);
      // An entity for this item as declared here.
      auto entity = [&](EntKind kind) {
        Entity e;
        e.kind = kind;
        e.rust_name = it.name;
        e.raw_name = it.raw_name;
        e.item = &it;
        e.file = fi;
        e.mod_id = mod_id;
        e.accessible = acc;
        return e;
      };
      switch (it.kind) {
        case Item::kStruct:
        case Item::kUnion:
        case Item::kEnum:
        case Item::kTypeAlias: {
          if (it.kind == Item::kStruct) ++out_.stats.structs.seen;
          if (it.kind == Item::kUnion) ++out_.stats.unions.seen;
          if (it.kind == Item::kEnum) ++out_.stats.enums.seen;
          if (it.kind == Item::kTypeAlias) ++out_.stats.type_aliases.seen;
          AddEntity(entity(it.kind == Item::kStruct  ? EntKind::kStruct
                           : it.kind == Item::kUnion ? EntKind::kUnion
                           : it.kind == Item::kEnum  ? EntKind::kEnum
                                                     : EntKind::kAlias));
          break;
        }
        case Item::kConst: {
          if (it.name == "_") {
            ScanConstAssertions(it, fi);
            break;
          }
          ++out_.stats.consts.seen;
          AddEntity(entity(EntKind::kConst));
          break;
        }
        case Item::kStatic: {
          ++out_.stats.statics.seen;
          if (HasAttr(it.attrs, "no_mangle") || AttrString(it.attrs, "export_name", fi)) {
            AddVariable(it, fi, /*exported=*/true);
          } else {
            ++out_.stats.statics.noted;
            AddNote(Note::Level::kInfo, it.name,
                    "Rust static without #[no_mangle]: not part of the C interface", fi, it.tok);
          }
          break;
        }
        case Item::kFn:
          CollectFn(it, fi);
          break;
        case Item::kExternBlock:
          CollectExternBlock(it, fi);
          break;
        case Item::kImpl:
          impls_.push_back({&it, fi});
          break;
        case Item::kUse:
          for (const UseEntry& u : it.uses) {
            if (u.alias.empty() || u.alias == "_" || u.path.empty() || u.path.back() == "*") continue;
            if (u.path.back() == "self") continue;
            Entity e = entity(EntKind::kUseAlias);
            e.rust_name = u.alias;
            e.raw_name = false;
            e.use = &u;
            AddEntity(std::move(e));
          }
          break;
        case Item::kMod: {
          if (!it.inline_mod) {
            AddNote(Note::Level::kInfo, it.name,
                    absl::StrCat("`mod ", it.name, ";` refers to another file, which is not read (pass it as an input)"),
                    fi, it.tok);
            break;
          }
          if (HasAttr(it.attrs, "test")) break;
          if (IsModConstsEnum(it, fi)) {
            Entity e = entity(EntKind::kModConsts);
            e.role = Role::kModConstsEnum;
            ++out_.stats.enums.seen;
            AddEntity(std::move(e));
            break;
          }
          mods_.push_back({it.name, mod_id, mod_id < 0 ? 1 : mods_[mod_id].depth + 1});
          Collect(it.items, fi, static_cast<int>(mods_.size() - 1), acc);
          break;
        }
        case Item::kMacroCall:
          AddNote(Note::Level::kInfo, it.name,
                  absl::StrCat("macro invocation `", it.name, "!` not expanded; items it may generate are not modelled"),
                  fi, it.tok);
          break;
        case Item::kMacroRules:
        case Item::kTrait:
        case Item::kExternCrate:
        case Item::kExternType:
        case Item::kOther:
          break;
      }
    }
  }

  // `pub mod foo { pub type Type = <int>; pub const A: Type = 0; ... }`
  bool IsModConstsEnum(const Item& m, size_t fi) const {
    bool has_type = false;
    for (const Item& x : m.items) {
      if (x.kind == Item::kTypeAlias && x.name == "Type" && x.generics.Empty() && !x.type.empty()) {
        has_type = true;
      } else if (x.kind == Item::kConst && !x.type.empty() && x.type[0].kind == TypeNode::kPath &&
                 x.type[0].path.IsSingle() && x.type[0].path.Last() == "Type") {
        continue;
      } else if (x.kind == Item::kUse) {
        continue;
      } else {
        return false;
      }
    }
    (void)fi;
    return has_type;
  }

  void CollectFn(const Item& it, size_t fi) {
    bool is_test = HasAttr(it.attrs, "test");
    if (is_test && StartsWith(it.name, "bindgen_test_layout_") && it.has_body) {
      ScanLayoutTest(it, fi);
      return;
    }
    if (is_test || !it.has_body) return;
    auto export_name = AttrString(it.attrs, "export_name", fi);
    if ((HasAttr(it.attrs, "no_mangle") || export_name) && it.sig.has_abi) {
      ++out_.stats.functions.seen;
      AddFunction(it, fi, export_name ? *export_name : it.name);
    }
  }

  void CollectExternBlock(const Item& blk, size_t fi) {
    for (const Item& it : blk.items) {
      if (!CfgAllows(it.attrs, fi, it.name)) continue;
      if (it.kind == Item::kFn) {
        ++out_.stats.functions.seen;
        std::string sym = it.name;
        if (auto ln = AttrString(it.attrs, "link_name", fi)) {
          sym = *ln;
          if (StartsWith(sym, "\x01")) sym = sym.substr(1);
        }
        AddFunction(it, fi, sym, blk.abi);
      } else if (it.kind == Item::kStatic) {
        ++out_.stats.statics.seen;
        AddVariable(it, fi, false);
      } else if (it.kind == Item::kTypeAlias && it.type.empty()) {
        AddNote(Note::Level::kInfo, it.name, "extern type: opaque, unsized to Rust; not modelled", fi, it.tok);
      } else if (it.kind == Item::kMacroCall) {
        AddNote(Note::Level::kInfo, it.name, "macro invocation in extern block not expanded", fi, it.tok);
      } else {
        AddNote(Note::Level::kInfo, it.name, "unexpected item in extern block", fi, it.tok);
      }
    }
  }

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

  void AddFunction(const Item& it, size_t fi, std::string symbol, std::string abi = "") {
    if (abi.empty()) abi = it.sig.abi;
    pending_fns_.push_back({&it, fi, std::move(symbol), std::move(abi)});
  }
  void AddVariable(const Item& it, size_t fi, bool exported) {
    (void)exported;
    pending_vars_.push_back({&it, fi});
  }

  // ------------------------------------------------- layout test scanning
  // Index of the next depth-0 ',' in [b, e), or e.
  uint32_t NextComma(size_t fi, uint32_t b, uint32_t e) const {
    while (b < e) {
      const Token& t = Tk(fi, b);
      if (t.kind == TokKind::kPunct) {
        if (t.punct == ',') return b;
        if (t.punct == '(' || t.punct == '[' || t.punct == '{') {
          b = t.match + 1;
          continue;
        }
      }
      ++b;
    }
    return e;
  }

  bool IsPunctTok(size_t fi, uint32_t i, char c) const {
    const Token& t = Tk(fi, i);
    return t.kind == TokKind::kPunct && t.punct == c;
  }
  bool IsIdentTok(size_t fi, uint32_t i, std::string_view s) const {
    const Token& t = Tk(fi, i);
    return t.kind == TokKind::kIdent && LF(fi).Text(t) == s;
  }

  std::optional<uint64_t> IntTok(size_t fi, uint32_t i) const {
    const Token& t = Tk(fi, i);
    if (t.kind != TokKind::kLiteral || t.lit != LitKind::kInt) return std::nullopt;
    unsigned __int128 v;
    std::string suf;
    if (!DecodeIntLiteral(LF(fi).Text(t), &v, &suf) || v > ~uint64_t{0}) return std::nullopt;
    return static_cast<uint64_t>(v);
  }

  // After `size_of`/`align_of` at i: `:: < Path > ( )`; returns the last
  // identifier of the type path, or "".
  std::string TurbofishTypeName(size_t fi, uint32_t i, uint32_t e, uint32_t* after) const {
    if (!(i + 2 < e && IsPunctTok(fi, i, ':') && IsPunctTok(fi, i + 1, ':') && IsPunctTok(fi, i + 2, '<'))) return "";
    uint32_t j = i + 3;
    std::string last;
    int angle = 1;
    uint32_t stop = e - j > 256 ? j + 256 : e;  // bounded: keeps scanning linear
    while (j < stop && angle > 0) {
      const Token& t = Tk(fi, j);
      if (t.kind == TokKind::kPunct && t.punct == '<') ++angle;
      else if (t.kind == TokKind::kPunct && t.punct == '>') --angle;
      else if (t.kind == TokKind::kIdent && angle == 1) last = S(LF(fi).Text(t));
      else if (t.kind == TokKind::kPunct && (t.punct == '(' || t.punct == '[' || t.punct == '{')) {
        j = t.match + 1;
        continue;
      }
      ++j;
    }
    if (angle > 0) return "";
    *after = j;
    return last;
  }

  Asserted& AssertedFor(const std::string& rust_name, size_t fi, uint32_t tok) {
    auto [it, inserted] = asserted_.try_emplace(rust_name);
    if (inserted) {
      it->second.file = fi;
      it->second.tok = tok;
    }
    return it->second;
  }

  void ScanLayoutTest(const Item& fn, size_t fi) {
    std::string rec = fn.name.substr(std::strlen("bindgen_test_layout_"));
    for (uint32_t i = fn.body_begin + 1; i + 2 < fn.body_end; ++i) {
      if (!(IsIdentTok(fi, i, "assert_eq") && IsPunctTok(fi, i + 1, '!') && IsPunctTok(fi, i + 2, '('))) continue;
      uint32_t open = i + 2, close = Tk(fi, open).match;
      uint32_t a0b = open + 1, a0e = NextComma(fi, a0b, close);
      if (a0e >= close) continue;
      uint32_t a1b = a0e + 1, a1e = NextComma(fi, a1b, close);
      std::optional<uint64_t> value = a1e == a1b + 1 ? IntTok(fi, a1b) : std::nullopt;
      if (!value) continue;
      std::string what, field, type_name;
      for (uint32_t j = a0b; j < a0e; ++j) {
        if (IsIdentTok(fi, j, "size_of") || IsIdentTok(fi, j, "align_of")) {
          uint32_t after = 0;
          std::string tn = TurbofishTypeName(fi, j + 1, a0e, &after);
          if (!tn.empty()) {
            what = S(Tx(fi, j));
            type_name = tn;
            break;
          }
        }
        // `) . field` — the field projected from `(*ptr)` / `(*null::<T>())`.
        if (IsPunctTok(fi, j, ')') && j + 2 < a0e && IsPunctTok(fi, j + 1, '.') &&
            (Tk(fi, j + 2).kind == TokKind::kIdent || Tk(fi, j + 2).kind == TokKind::kLiteral) &&
            !(j + 3 < a0e && IsPunctTok(fi, j + 3, '('))) {
          what = "offset";
          field = RustSpelling(Tx(fi, j + 2), Tk(fi, j + 2).raw);
          break;
        }
      }
      if (what.empty()) continue;
      Asserted& as = AssertedFor(what == "offset" ? rec : type_name, fi, fn.tok);
      ++out_.stats.layout_tests;
      if (what == "size_of") as.size = *value;
      else if (what == "align_of") as.align = *value;
      else as.fields.emplace_back(field, *value);
      i = close;
    }
  }

  // `const _: () = { ["Size of X"][size_of::<X>() - 8usize]; ... };`
  void ScanConstAssertions(const Item& it, size_t fi) {
    if (it.expr.empty()) return;
    uint32_t b = it.expr[0].begin_tok, e = it.expr[0].end_tok;
    for (uint32_t i = b; i < e; ++i) {
      std::string what, type_name, field;
      uint32_t after = 0;
      if (IsIdentTok(fi, i, "size_of") || IsIdentTok(fi, i, "align_of")) {
        type_name = TurbofishTypeName(fi, i + 1, e, &after);
        if (type_name.empty() || !(after + 1 < e && IsPunctTok(fi, after, '(') &&
                                   Tk(fi, after).match == after + 1)) continue;
        what = S(Tx(fi, i));
        after += 2;
      } else if (IsIdentTok(fi, i, "offset_of") && i + 2 < e && IsPunctTok(fi, i + 1, '!') &&
                 IsPunctTok(fi, i + 2, '(')) {
        uint32_t open = i + 2, close = Tk(fi, open).match;
        uint32_t comma = NextComma(fi, open + 1, close);
        if (comma >= close || comma + 2 != close) continue;
        for (uint32_t j = open + 1; j < comma; ++j)
          if (Tk(fi, j).kind == TokKind::kIdent) type_name = S(Tx(fi, j));
        const Token& ft = Tk(fi, comma + 1);
        if (ft.kind != TokKind::kIdent && ft.kind != TokKind::kLiteral) continue;
        field = RustSpelling(LF(fi).Text(ft), ft.raw);
        what = "offset";
        after = close + 1;
      } else {
        continue;
      }
      if (!(after + 1 < e && IsPunctTok(fi, after, '-'))) continue;
      std::optional<uint64_t> v = IntTok(fi, after + 1);
      if (!v || type_name.empty()) continue;
      Asserted& as = AssertedFor(type_name, fi, it.tok);
      ++out_.stats.layout_tests;
      if (what == "size_of") as.size = *v;
      else if (what == "align_of") as.align = *v;
      else as.fields.emplace_back(field, *v);
      i = after + 1;
    }
  }

  // ------------------------------------------------------------ resolve
  struct Res {
    enum K { kNone, kPrim, kBuiltin, kEntity, kParam } k = kNone;
    Prim prim;
    BuiltinInfo bi;
    int ent = -1;
    const Binding* bind = nullptr;
  };

  static bool IsStdRoot(std::string_view s) {
    return s == "core" || s == "std" || s == "alloc" || s == "libc";
  }
  bool IsCTypesModule(const Path& p) const {
    // The path without its last segment names a C-types module.
    std::vector<std::string> segs;
    for (size_t i = 0; i + 1 < p.segments.size(); ++i) segs.push_back(p.segments[i].name);
    while (!segs.empty() && (segs.front() == "crate" || segs.front() == "self" || segs.front() == "super"))
      segs.erase(segs.begin());
    std::string joined = absl::StrJoin(segs, "::");
    if (joined.empty()) return false;
    if (joined == "ffi" || joined == "libc" || joined == "core::ffi" || joined == "std::ffi" ||
        joined == "std::os::raw" || joined == "core::os::raw" || joined == "os::raw" || joined == "raw" ||
        joined == "kernel::ffi" || joined == "bindings" || joined == "kernel::bindings")
      return true;
    if (!opts_.ctypes_prefix.empty()) {
      std::string pre = opts_.ctypes_prefix;
      while (StartsWith(pre, "::")) pre = pre.substr(2);
      while (StartsWith(pre, "crate::")) pre = pre.substr(7);
      if (joined == pre) return true;
    }
    return false;
  }

  int LookupType(const std::string& n) const {
    auto it = types_.find(n);
    if (it == types_.end() || it->second.empty()) return -1;
    return it->second.front();
  }
  int LookupValue(const std::string& n) const {
    auto it = values_.find(n);
    if (it == values_.end() || it->second.empty()) return -1;
    return it->second.front();
  }

  Res Resolve(const Path& p, const Env* env) const {
    Res r;
    if (!p.qself.empty() || p.segments.empty()) return r;
    const std::string& last = p.Last();
    if (p.IsSingle()) {
      if (env) {
        if (const Binding* b = env->Find(last)) {
          r.k = Res::kParam;
          r.bind = b;
          return r;
        }
      }
      if (LookupRustPrim(last, tg_, &r.prim)) {
        r.k = Res::kPrim;
        return r;
      }
    }
    // moduleconsts enum `m::Type`.
    if (p.segments.size() >= 2 && last == "Type") {
      int id = LookupType(p.segments[p.segments.size() - 2].name);
      if (id >= 0 && ents_[id].kind == EntKind::kModConsts) {
        r.k = Res::kEntity;
        r.ent = id;
        return r;
      }
    }
    bool std_path = p.segments.size() >= 2 && IsStdRoot(p.segments[0].name);
    if (!std_path) {
      int id = LookupType(last);
      if (id >= 0) {
        r.k = Res::kEntity;
        r.ent = id;
        return r;
      }
    }
    if ((p.IsSingle() || IsCTypesModule(p) || std_path) && LookupCType(last, tg_, &r.prim)) {
      r.k = Res::kPrim;
      return r;
    }
    if (p.segments.size() >= 2 && std_path && LookupRustPrim(last, tg_, &r.prim)) {
      r.k = Res::kPrim;  // core::primitive::u8
      return r;
    }
    r.bi = LookupBuiltin(last, tg_);
    if (r.bi.b != Builtin::kNone) {
      r.k = Res::kBuiltin;
      return r;
    }
    return r;
  }

  // Like Resolve, but bindgen's helper types (defined in the file as
  // generic structs) are reported as the builtin they stand for.
  Res ResolveSem(const Path& p, const Env* env) const {
    Res r = Resolve(p, env);
    if (r.k == Res::kEntity && ents_[r.ent].item && ents_[r.ent].item->generics.HasTypeOrConst()) {
      BuiltinInfo bi = LookupBuiltin(p.Last(), tg_);
      if (bi.b == Builtin::kBitfieldUnit || bi.b == Builtin::kIncompleteArray || bi.b == Builtin::kUnionField ||
          bi.b == Builtin::kOpaqueArray) {
        r.k = Res::kBuiltin;
        r.bi = bi;
        r.ent = -1;
      }
    }
    return r;
  }

  // Generic type args of the last path segment.
  static std::vector<const GenericArg*> TypeArgs(const Path& p) {
    std::vector<const GenericArg*> v;
    if (p.segments.empty()) return v;
    for (const GenericArg& a : p.segments.back().args)
      if (a.kind == GenericArg::kType || a.kind == GenericArg::kConst) v.push_back(&a);
    return v;
  }
  static const TypeNode* FirstTypeArg(const Path& p) {
    for (const GenericArg* a : TypeArgs(p))
      if (a->kind == GenericArg::kType && !a->type.empty()) return &a->type[0];
    return nullptr;
  }

  // ------------------------------------------------------------- layout
  LayoutR PrimLayout(const Prim& p) const {
    switch (p.cat) {
      case Prim::kInt: {
        uint64_t s = p.bits / 8;
        uint64_t a = s;
        if (p.bits == 64) a = tg_.i64_align;
        if (p.bits == 128) a = tg_.i128_align;
        return LayoutR::Ok(s, a);
      }
      case Prim::kFloat:
        return p.bits == 32 ? LayoutR::Ok(4, 4) : LayoutR::Ok(8, tg_.f64_align);
      case Prim::kBool:
        return LayoutR::Ok(1, 1);
      case Prim::kChar:
        return LayoutR::Ok(4, 4);
      case Prim::kVoid:
        return LayoutR::Ok(1, 1);  // core::ffi::c_void is a 1-byte enum
      case Prim::kStr:
        return LayoutR::Err("`str` is unsized");
    }
    return LayoutR::Err("unknown primitive");
  }

  // Is a pointer to this type fat?
  bool IsUnsizedPointee(const TypeNode& t, const Env* env, int depth) const {
    if (depth > kMaxSemDepth) return false;
    switch (t.kind) {
      case TypeNode::kSlice:
      case TypeNode::kTraitObject:
        return true;
      case TypeNode::kParen:
        return !t.elems.empty() && IsUnsizedPointee(t.elems[0], env, depth + 1);
      case TypeNode::kPath: {
        Res r = Resolve(t.path, env);
        if (r.k == Res::kPrim && r.prim.cat == Prim::kStr) return true;
        if (r.k == Res::kParam && r.bind && r.bind->type) {
          return IsUnsizedPointee(*r.bind->type, r.bind->env, depth + 1);
        }
        if (r.k == Res::kEntity && ents_[r.ent].kind == EntKind::kAlias && ents_[r.ent].item &&
            !ents_[r.ent].item->type.empty() && ents_[r.ent].lstate != 1) {
          return false;  // aliases to unsized types are rare; treat as thin
        }
        if (r.k == Res::kNone && t.path.IsSingle() && (t.path.Last() == "CStr" || t.path.Last() == "OsStr"))
          return true;
        if (r.k == Res::kNone && (t.path.Last() == "CStr" || t.path.Last() == "Path")) return true;
        return false;
      }
      default:
        return false;
    }
  }

  std::optional<uint64_t> ArrayLen(const TypeNode& t, size_t fi, const Env* env, int depth,
                                   std::string* err) {
    if (t.len.empty()) {
      *err = "array without length";
      return std::nullopt;
    }
    CVal v;
    IntTy usize{tg_.ptr * 8, false};
    if (!EvalInt(t.len[0], fi, usize, env, depth + 1, &v, err)) return std::nullopt;
    if (v.i < 0 || v.i > static_cast<i128>(~uint64_t{0})) {
      *err = "array length out of range";
      return std::nullopt;
    }
    return static_cast<uint64_t>(v.i);
  }

  // Per-item and global work bounds (see Run()).
  bool OverBudget() { return ++steps_ > budget_ || ++item_steps_ > kItemBudget; }
  static constexpr uint64_t kItemBudget = 2'000'000;

  LayoutR LayoutOfType(const TypeNode& t, size_t fi, const Env* env, int depth) {
    if (depth > kMaxSemDepth) return LayoutR::Err("type nesting too deep", true);
    if (OverBudget()) return LayoutR::Err("evaluation budget exhausted (input too complex)");
    switch (t.kind) {
      case TypeNode::kParen:
        return t.elems.empty() ? LayoutR::Err("empty") : LayoutOfType(t.elems[0], fi, env, depth + 1);
      case TypeNode::kTuple:
        if (t.elems.empty()) return LayoutR::Ok(0, 1);
        return LayoutR::Err(absl::StrCat("tuple `", SpellType(t, fi), "` has unspecified (repr(Rust)) layout"));
      case TypeNode::kNever:
        return LayoutR::Ok(0, 1);
      case TypeNode::kPtr:
      case TypeNode::kRef: {
        LayoutR r = LayoutR::Ok(tg_.ptr, tg_.ptr);
        if (!t.elems.empty() && IsUnsizedPointee(t.elems[0], env, depth + 1)) {
          r.size = 2 * tg_.ptr;
          r.fat = true;
        }
        return r;
      }
      case TypeNode::kFn:
        return LayoutR::Ok(tg_.ptr, tg_.ptr);
      case TypeNode::kArray: {
        if (t.elems.empty()) return LayoutR::Err("array without element type");
        LayoutR el = LayoutOfType(t.elems[0], fi, env, depth + 1);
        if (!el.ok) return el;
        std::string err;
        std::optional<uint64_t> n = ArrayLen(t, fi, env, depth, &err);
        if (!n) return LayoutR::Err(absl::StrCat("array length of `", SpellType(t, fi), "` not evaluated: ", err));
        uint64_t size = 0;
        if (__builtin_mul_overflow(el.size, *n, &size) || size > (uint64_t{1} << 62))
          return LayoutR::Err(absl::StrCat("array `", SpellType(t, fi), "` too large"));
        return LayoutR::Ok(size, el.align);
      }
      case TypeNode::kSlice:
        return LayoutR::Err(absl::StrCat("slice `", SpellType(t, fi), "` is unsized"));
      case TypeNode::kTraitObject:
        return LayoutR::Err(absl::StrCat("trait object `", SpellType(t, fi), "` is unsized"));
      case TypeNode::kImplTrait:
      case TypeNode::kInfer:
      case TypeNode::kMacro:
        return LayoutR::Err(absl::StrCat("type `", SpellType(t, fi), "` not evaluated"));
      case TypeNode::kPath:
        break;
    }
    Res r = Resolve(t.path, env);
    switch (r.k) {
      case Res::kPrim:
        return PrimLayout(r.prim);
      case Res::kParam:
        if (r.bind->is_const || !r.bind->type) return LayoutR::Err("const parameter used as a type");
        return LayoutOfType(*r.bind->type, r.bind->file, r.bind->env, depth + 1);
      case Res::kEntity:
        return LayoutOfEntityRef(r.ent, t.path, fi, env, depth + 1);
      case Res::kBuiltin:
        return BuiltinLayout(r.bi, t, fi, env, depth + 1);
      case Res::kNone:
        break;
    }
    return LayoutR::Err(absl::StrCat("unknown type `", SpellType(t, fi), "`"));
  }

  LayoutR BuiltinLayout(const BuiltinInfo& bi, const TypeNode& t, size_t fi, const Env* env, int depth) {
    const TypeNode* arg = FirstTypeArg(t.path);
    auto need_arg = [&]() { return LayoutR::Err(absl::StrCat("`", SpellType(t, fi), "`: missing type argument")); };
    switch (bi.b) {
      case Builtin::kPhantomData:
      case Builtin::kPhantomPinned:
      case Builtin::kUnionField:
        return LayoutR::Ok(0, 1);
      case Builtin::kTransparentWrapper:
      case Builtin::kOpaque:
      case Builtin::kBitfieldUnit:
        if (!arg) return need_arg();
        return LayoutOfType(*arg, fi, env, depth + 1);
      case Builtin::kIncompleteArray: {
        if (!arg) return need_arg();
        LayoutR el = LayoutOfType(*arg, fi, env, depth + 1);
        if (!el.ok) return el;
        return LayoutR::Ok(0, el.align);
      }
      case Builtin::kOpaqueArray: {
        std::vector<const GenericArg*> args = TypeArgs(t.path);
        LayoutR l;
        if (args.size() == 2 && args[0]->kind == GenericArg::kType && args[1]->kind == GenericArg::kConst) {
          LayoutR el = LayoutOfType(args[0]->type[0], fi, env, depth + 1);
          if (!el.ok) return el;
          CVal v;
          std::string err;
          if (!EvalInt(args[1]->expr[0], fi, IntTy{tg_.ptr * 8, false}, env, depth + 1, &v, &err) || v.i < 0 ||
              v.i > (i128{1} << 40))
            return LayoutR::Err("opaque array length not evaluated: " + err);
          uint64_t total = 0;
          if (__builtin_mul_overflow(el.size, static_cast<uint64_t>(v.i), &total) || total > (uint64_t{1} << 62))
            return LayoutR::Err("opaque array too large");
          l = LayoutR::Ok(total, el.align);
        } else if (arg) {
          l = LayoutOfType(*arg, fi, env, depth + 1);
          if (!l.ok) return l;
        } else {
          return need_arg();
        }
        if (bi.extra_align > l.align) {
          l.align = bi.extra_align;
          l.size = (l.size + l.align - 1) / l.align * l.align;
        }
        return l;
      }
      case Builtin::kNonNull:
      case Builtin::kBox: {
        LayoutR r = LayoutR::Ok(tg_.ptr, tg_.ptr);
        if (arg && IsUnsizedPointee(*arg, env, depth + 1)) {
          r.size = 2 * tg_.ptr;
          r.fat = true;
        }
        return r;
      }
      case Builtin::kOption: {
        if (!arg) return need_arg();
        if (IsNullableNiche(*arg, fi, env, depth + 1)) return LayoutOfType(*arg, fi, env, depth + 1);
        return LayoutR::Err(absl::StrCat("`", SpellType(t, fi),
                                         "`: Option of a type without a null niche has unspecified layout"));
      }
      case Builtin::kAtomicInt: {
        uint64_t s = bi.bits / 8;
        return LayoutR::Ok(s, s);  // atomics are aligned to their size
      }
      case Builtin::kAtomicBool:
        return LayoutR::Ok(1, 1);
      case Builtin::kAtomicPtr:
        return LayoutR::Ok(tg_.ptr, tg_.ptr);
      case Builtin::kNonZero: {
        Prim p{Prim::kInt, bi.bits, bi.is_signed};
        return PrimLayout(p);
      }
      case Builtin::kNonZeroGeneric:
        if (!arg) return need_arg();
        return LayoutOfType(*arg, fi, env, depth + 1);
      case Builtin::kNone:
        break;
    }
    return LayoutR::Err("unknown builtin");
  }

  // Option<T> is pointer-sized with None = null for these T.
  bool IsNullableNiche(const TypeNode& t, size_t fi, const Env* env, int depth) const {
    if (depth > kMaxSemDepth) return false;
    switch (t.kind) {
      case TypeNode::kRef:
      case TypeNode::kFn:
        return true;
      case TypeNode::kParen:
        return !t.elems.empty() && IsNullableNiche(t.elems[0], fi, env, depth + 1);
      case TypeNode::kPath: {
        Res r = Resolve(t.path, env);
        if (r.k == Res::kBuiltin) {
          return r.bi.b == Builtin::kNonNull || r.bi.b == Builtin::kBox || r.bi.b == Builtin::kNonZero ||
                 r.bi.b == Builtin::kNonZeroGeneric;
        }
        if (r.k == Res::kParam && r.bind && r.bind->type)
          return IsNullableNiche(*r.bind->type, r.bind->file, r.bind->env, depth + 1);
        if (r.k == Res::kEntity) {
          const Entity& e = ents_[r.ent];
          if (e.kind == EntKind::kAlias && e.item && !e.item->type.empty() && e.item->generics.Empty())
            return IsNullableNiche(e.item->type[0], e.file, nullptr, depth + 1);
        }
        return false;
      }
      default:
        return false;
    }
  }

  // Layout of a named entity referenced through `path` (generic args apply).
  LayoutR LayoutOfEntityRef(int id, const Path& path, size_t fi, const Env* env, int depth) {
    Entity& e = ents_[id];
    if ((e.kind == EntKind::kStruct || e.kind == EntKind::kUnion || e.kind == EntKind::kAlias) && e.item &&
        e.item->generics.HasTypeOrConst()) {
      Env inst;
      if (!BindGenerics(e.item->generics, path, fi, env, depth, &inst)) {
        return LayoutR::Err(absl::StrCat("generic arguments of `", e.rust_name, "` not evaluated"));
      }
      if (e.kind == EntKind::kAlias) {
        if (e.item->type.empty()) return LayoutR::Err("alias without target");
        return LayoutOfType(e.item->type[0], e.file, &inst, depth + 1);
      }
      return RecordLayout(*e.item, e.file, &inst, depth + 1, nullptr, nullptr);
    }
    return LayoutOfEntity(id, depth);
  }

  bool BindGenerics(const Generics& g, const Path& path, size_t fi, const Env* env, int depth, Env* out) {
    out->g = &g;
    std::vector<const GenericArg*> args = TypeArgs(path);
    size_t ai = 0;
    for (const GenericParam& gp : g.params) {
      if (gp.kind == GenericParam::kLifetime) continue;
      Binding b;
      const GenericArg* a = ai < args.size() ? args[ai++] : nullptr;
      if (gp.kind == GenericParam::kType) {
        if (a && a->kind == GenericArg::kType && !a->type.empty()) {
          b.type = &a->type[0];
          b.file = fi;
          b.env = env;
        } else if (!a && !gp.default_type.empty()) {
          b.type = &gp.default_type[0];
          b.file = fi;  // default types live in the generic item's file; close enough for resolution
          b.env = nullptr;
        } else {
          return false;
        }
      } else {
        b.is_const = true;
        CVal v;
        std::string err;
        if (a && a->kind == GenericArg::kConst && !a->expr.empty() &&
            EvalInt(a->expr[0], fi, IntTy{}, env, depth + 1, &v, &err)) {
          b.value_ok = true;
          b.value = v.i;
        } else if (a && a->kind == GenericArg::kType && !a->type.empty() && a->type[0].kind == TypeNode::kPath) {
          // `Foo<N>` where N is a const: parsed as a type path.
          Expr ex;
          ex.kind = Expr::kPath;
          ex.path = a->type[0].path;
          if (!EvalInt(ex, fi, IntTy{}, env, depth + 1, &v, &err)) return false;
          b.value_ok = true;
          b.value = v.i;
        } else {
          return false;
        }
      }
      out->names.push_back(gp.name);
      out->b.push_back(b);
    }
    return true;
  }

  LayoutR LayoutOfEntity(int id, int depth) {
    Entity& e = ents_[id];
    if (e.lstate == 2) return e.layout;
    if (e.lstate == 1) {
      std::string msg = e.kind == EntKind::kAlias || e.kind == EntKind::kUseAlias
                            ? absl::StrCat("cyclic type alias `", e.rust_name, "`")
                            : absl::StrCat("recursive type `", e.rust_name, "` contains itself by value");
      // rustc rejects both (E0391 / E0072): the input is not valid Rust, so
      // the whole extraction fails (exit 2) instead of guessing a layout.
      if (cycle_error_.ok() && e.item != nullptr) {
        SourceLoc l = Loc(e.file, e.item->tok);
        cycle_error_ = absl::InvalidArgumentError(
            absl::StrCat(l.ToString(), ": ", msg, " (rustc rejects this: the bindings are malformed)"));
      }
      return LayoutR::Err(msg);
    }
    if (depth > kMaxSemDepth) return LayoutR::Err("type nesting too deep", true);
    e.lstate = 1;
    LayoutR r;
    std::vector<uint64_t> offs;
    std::vector<LayoutR> lays;
    switch (e.kind) {
      case EntKind::kStruct:
      case EntKind::kUnion:
        if (e.item->generics.HasTypeOrConst()) {
          r = LayoutR::Err(absl::StrCat("generic type `", e.rust_name, "` has no layout by itself"));
        } else {
          r = RecordLayout(*e.item, e.file, nullptr, depth + 1, &offs, &lays);
        }
        break;
      case EntKind::kEnum:
        r = EnumLayout(e, depth + 1);
        break;
      case EntKind::kAlias:
        if (e.item->type.empty()) {
          r = LayoutR::Err("type alias without a target");
        } else if (e.item->generics.HasTypeOrConst()) {
          r = LayoutR::Err(absl::StrCat("generic type alias `", e.rust_name, "` has no layout by itself"));
        } else {
          r = LayoutOfType(e.item->type[0], e.file, nullptr, depth + 1);
        }
        break;
      case EntKind::kUseAlias: {
        int tid = UseTarget(e);
        if (tid < 0) {
          Prim p;
          if (LookupRustPrim(e.use->path.back(), tg_, &p) || LookupCType(e.use->path.back(), tg_, &p)) {
            r = PrimLayout(p);
          } else {
            r = LayoutR::Err(absl::StrCat("`use ", absl::StrJoin(e.use->path, "::"), "`: target not found"));
          }
        } else {
          r = LayoutOfEntity(tid, depth + 1);
        }
        break;
      }
      case EntKind::kModConsts: {
        const Item* ty = ModConstsType(e);
        r = ty ? LayoutOfType(ty->type[0], e.file, nullptr, depth + 1) : LayoutR::Err("no Type alias");
        break;
      }
      case EntKind::kConst:
        r = LayoutR::Err("not a type");
        break;
    }
    if (r.too_deep && depth > 0) {  // retried later from a shallower start
      e.lstate = 0;
      return r;
    }
    e.layout = r;
    e.field_off = std::move(offs);
    e.field_lay = std::move(lays);
    e.lstate = 2;
    return r;
  }

  int UseTarget(const Entity& e) const {
    if (!e.use || e.use->path.empty()) return -1;
    int id = LookupType(e.use->path.back());
    if (id >= 0 && &ents_[id] == &e) return -1;
    return id;
  }

  const Item* ModConstsType(const Entity& e) const {
    for (const Item& x : e.item->items)
      if (x.kind == Item::kTypeAlias && x.name == "Type" && !x.type.empty()) return &x;
    return nullptr;
  }

  LayoutR RecordLayout(const Item& it, size_t fi, const Env* env, int depth, std::vector<uint64_t>* offs,
                       std::vector<LayoutR>* lays) {
    if (depth > kMaxSemDepth) return LayoutR::Err("type nesting too deep", true);
    const Repr& rp = ParseRepr(it.attrs, fi);
    if (!rp.c && !rp.transparent && !rp.packed && rp.int_type.empty()) {
      return LayoutR::Err(absl::StrCat("`", it.name, "` has no #[repr(C)]: Rust layout is unspecified"));
    }
    bool is_union = it.kind == Item::kUnion;
    std::vector<LayoutR> fl;
    fl.reserve(it.fields.size());
    for (const FieldDef& f : it.fields) {
      LayoutR l = LayoutOfType(f.type, fi, env, depth + 1);
      if (!l.ok) {
        LayoutR r = LayoutR::Err(absl::StrCat("field `", f.name, "`: ", l.err), l.too_deep);
        if (lays) lays->push_back(l);
        return r;
      }
      fl.push_back(l);
    }
    if (rp.transparent) {
      LayoutR res = LayoutR::Ok(0, 1);
      for (size_t i = 0; i < fl.size(); ++i) {
        if (offs) offs->push_back(0);
        if (fl[i].size > 0 || fl[i].align > 1) res = fl[i];
      }
      if (lays) *lays = fl;
      res.fat = false;
      return res;
    }
    uint64_t off = 0, max_align = 1, max_size = 0;
    for (size_t i = 0; i < fl.size(); ++i) {
      uint64_t a = fl[i].align;
      if (rp.packed) a = std::min(a, rp.pack);
      if (a == 0) a = 1;
      max_align = std::max(max_align, a);
      if (is_union) {
        if (offs) offs->push_back(0);
        max_size = std::max(max_size, fl[i].size);
      } else {
        off = (off + a - 1) / a * a;
        if (offs) offs->push_back(off);
        off += fl[i].size;
        if (off > (uint64_t{1} << 62)) return LayoutR::Err("record too large");
      }
    }
    if (rp.align) max_align = std::max(max_align, rp.align);
    uint64_t end = is_union ? max_size : off;
    uint64_t size = (end + max_align - 1) / max_align * max_align;
    if (lays) *lays = fl;
    return LayoutR::Ok(size, max_align);
  }

  // Discriminant values of a Rust enum (fieldless).
  bool EnumValues(const Entity& e, std::vector<i128>* vals, IntTy ty, std::string* err, int depth) {
    i128 next = 0;
    for (const Variant& v : e.item->variants) {
      if (!v.disc.empty()) {
        CVal c;
        if (!EvalInt(v.disc[0], e.file, ty, nullptr, depth + 1, &c, err)) {
          *err = absl::StrCat("discriminant of `", v.name, "`: ", *err);
          return false;
        }
        next = c.i;
      }
      vals->push_back(next);
      if (__builtin_add_overflow(next, 1, &next)) {
        *err = "discriminant overflow";
        return false;
      }
    }
    return true;
  }

  IntTy EnumIntTy(const Repr& rp) const {
    if (!rp.int_type.empty()) {
      Prim p;
      LookupRustPrim(rp.int_type, tg_, &p);
      return IntTy{p.bits, p.is_signed};
    }
    return IntTy{32, true};  // repr(C): C int
  }

  LayoutR EnumLayout(Entity& e, int depth) {
    const Repr& rp = ParseRepr(e.item->attrs, e.file);
    for (const Variant& v : e.item->variants) {
      if (v.shape != Variant::kUnit) {
        return LayoutR::Err(absl::StrCat("enum `", e.rust_name, "` has data-carrying variants: not modelled"));
      }
    }
    if (rp.int_type.empty() && !rp.c) {
      return LayoutR::Err(absl::StrCat("enum `", e.rust_name, "` has no #[repr(C)]/#[repr(int)]: layout unspecified"));
    }
    if (e.item->variants.empty()) return LayoutR::Err("enum without variants");
    IntTy ty = EnumIntTy(rp);
    if (rp.int_type.empty()) {
      std::vector<i128> vals;
      std::string err;
      if (!EnumValues(e, &vals, IntTy{}, &err, depth)) return LayoutR::Err(err);
      bool fits_int = true, fits_uint = true;
      for (i128 v : vals) {
        fits_int = fits_int && v >= INT32_MIN && v <= INT32_MAX;
        fits_uint = fits_uint && v >= 0 && v <= UINT32_MAX;
      }
      if (!fits_int && !fits_uint) {
        return LayoutR::Err("repr(C) enum with discriminants beyond 32 bits: size is compiler-chosen");
      }
      return LayoutR::Ok(4, 4);
    }
    Prim p{Prim::kInt, ty.bits, ty.is_signed};
    return PrimLayout(p);
  }

  // -------------------------------------------------------------- consts
  static bool FitsInt(i128 v, IntTy t) {
    if (t.bits == 0 || t.bits >= 128) return true;
    if (t.is_bool) return v == 0 || v == 1;
    if (t.is_signed) {
      i128 lim = i128{1} << (t.bits - 1);
      return v >= -lim && v < lim;
    }
    return v >= 0 && v < (i128{1} << t.bits);
  }
  static i128 WrapInt(i128 v, IntTy t) {
    if (t.bits == 0 || t.bits >= 128) return v;
    unsigned __int128 m = (static_cast<unsigned __int128>(1) << t.bits) - 1;
    unsigned __int128 u = static_cast<unsigned __int128>(v) & m;
    if (t.is_signed && (u >> (t.bits - 1)) & 1) return static_cast<i128>(u) - (i128{1} << t.bits);
    return static_cast<i128>(u);
  }

  // The integer type a type node denotes, if any.
  bool IntTyOf(const TypeNode& t, size_t fi, const Env* env, IntTy* out, int depth) {
    if (depth > kMaxSemDepth) return false;
    if (t.kind == TypeNode::kParen && !t.elems.empty()) return IntTyOf(t.elems[0], fi, env, out, depth + 1);
    if (t.kind != TypeNode::kPath) return false;
    Res r = Resolve(t.path, env);
    if (r.k == Res::kPrim) {
      if (r.prim.cat == Prim::kInt) {
        *out = IntTy{r.prim.bits, r.prim.is_signed};
        return true;
      }
      if (r.prim.cat == Prim::kBool) {
        *out = IntTy{8, false, true};
        return true;
      }
      if (r.prim.cat == Prim::kChar) {
        *out = IntTy{32, false, false, true};
        return true;
      }
      return false;
    }
    if (r.k == Res::kParam && r.bind && r.bind->type)
      return IntTyOf(*r.bind->type, r.bind->file, r.bind->env, out, depth + 1);
    if (r.k == Res::kBuiltin && r.bi.b == Builtin::kNonZero) {
      *out = IntTy{r.bi.bits, r.bi.is_signed};
      return true;
    }
    if (r.k == Res::kEntity) {
      const Entity& e = ents_[r.ent];
      if (e.kind == EntKind::kAlias && e.item && !e.item->type.empty() && e.item->generics.Empty() &&
          e.lstate != 1) {
        Entity& me = ents_[r.ent];
        int saved = me.lstate;
        me.lstate = 1;  // cycle guard
        bool ok = IntTyOf(e.item->type[0], e.file, nullptr, out, depth + 1);
        me.lstate = saved;
        return ok;
      }
      if (e.kind == EntKind::kModConsts) {
        const Item* ty = ModConstsType(e);
        return ty && IntTyOf(ty->type[0], e.file, nullptr, out, depth + 1);
      }
      if ((e.role == Role::kNewtypeEnum || e.role == Role::kBitfieldEnum) && !e.item->fields.empty())
        return IntTyOf(e.item->fields[0].type, e.file, nullptr, out, depth + 1);
      if (e.kind == EntKind::kUseAlias) {
        int tid = UseTarget(e);
        if (tid >= 0 && ents_[tid].kind == EntKind::kAlias && ents_[tid].lstate != 1) {
          TypeNode tn;
          tn.kind = TypeNode::kPath;
          PathSegment seg;
          seg.name = ents_[tid].rust_name;
          tn.path.segments.push_back(seg);
          return IntTyOf(tn, fi, nullptr, out, depth + 1);
        }
      }
    }
    return false;
  }

  bool EvalConstEntity(int id, int depth, CVal* out, std::string* err) {
    Entity& e = ents_[id];
    if (e.cstate == 2) {
      if (!e.cok) *err = e.cerr;
      *out = e.cval;
      return e.cok;
    }
    if (e.cstate == 1) {
      *err = absl::StrCat("constant `", e.rust_name, "` depends on itself");
      return false;
    }
    if (depth > kMaxSemDepth) {
      *err = "constant expression nesting too deep";
      return false;
    }
    e.cstate = 1;
    CVal v;
    std::string er;
    bool ok = false;
    bool deep = false;
    if (e.item->expr.empty()) {
      er = "constant without a value";
    } else if (e.item->type.empty()) {
      er = "constant without a type";
    } else {
      ok = EvalConstValue(*e.item, e.file, depth + 1, &v, &er);
      deep = !ok && er.find("too deep") != std::string::npos;
    }
    if (deep && depth > 0) {
      e.cstate = 0;
      *err = er;
      return false;
    }
    e.cstate = 2;
    e.cok = ok;
    e.cval = v;
    e.cerr = er;
    *out = v;
    if (!ok) *err = er;
    return ok;
  }

  bool EvalConstValue(const Item& it, size_t fi, int depth, CVal* out, std::string* err) {
    const TypeNode& ty = it.type[0];
    const Expr& ex = it.expr[0];
    IntTy ity;
    if (IntTyOf(ty, fi, nullptr, &ity, depth + 1)) {
      CVal v;
      if (!EvalInt(ex, fi, ity, nullptr, depth + 1, &v, err)) return false;
      if (ity.is_bool && !v.ty.is_bool) {
        *err = "bool constant from a non-bool expression";
        return false;
      }
      if (!FitsInt(v.i, ity)) {
        *err = absl::StrCat("value ", I128ToString(v.i), " does not fit the declared type");
        return false;
      }
      v.ty = ity;
      *out = v;
      return true;
    }
    // Newtype enum constant `Foo(3)`.
    if (ty.kind == TypeNode::kPath) {
      Res r = Resolve(ty.path, nullptr);
      if (r.k == Res::kEntity && ents_[r.ent].kind == EntKind::kStruct &&
          ents_[r.ent].item->shape == Item::kTupleShape && ents_[r.ent].item->fields.size() == 1) {
        const Expr* inner = &ex;
        if (inner->kind == Expr::kCall && inner->kids.size() == 2 && inner->kids[0].kind == Expr::kPath &&
            inner->kids[0].path.Last() == ents_[r.ent].rust_name) {
          IntTy fty;
          if (IntTyOf(ents_[r.ent].item->fields[0].type, ents_[r.ent].file, nullptr, &fty, depth + 1)) {
            CVal v;
            if (!EvalInt(inner->kids[1], fi, fty, nullptr, depth + 1, &v, err)) return false;
            if (!FitsInt(v.i, fty)) {
              *err = "value does not fit";
              return false;
            }
            v.ty = fty;
            *out = v;
            return true;
          }
        }
        *err = "newtype constant not evaluated";
        return false;
      }
      if (r.k == Res::kPrim && r.prim.cat == Prim::kFloat) {
        double d;
        if (!EvalFloat(ex, fi, depth + 1, &d, err)) return false;
        out->k = CVal::kFloat;
        out->f = d;
        return true;
      }
    }
    // Strings: &[u8; N] = b"..", &str = "..", &CStr = c"..".
    if (ty.kind == TypeNode::kRef) {
      const Expr* e = &ex;
      while (e->kind == Expr::kParen && !e->kids.empty()) e = &e->kids[0];
      if (e->kind == Expr::kLit) {
        const Token& t = Tk(fi, e->tok);
        if (t.lit == LitKind::kStr || t.lit == LitKind::kByteStr || t.lit == LitKind::kCStr) {
          std::string s;
          if (!DecodeStringLiteral(LF(fi).Text(t), &s)) {
            *err = "invalid string literal";
            return false;
          }
          out->k = CVal::kStr;
          out->s = std::move(s);
          return true;
        }
      }
    }
    *err = absl::StrCat("constant of type `", SpellType(ty, fi), "` not evaluated");
    return false;
  }

  bool EvalFloat(const Expr& e, size_t fi, int depth, double* out, std::string* err) {
    if (depth > kMaxSemDepth) {
      *err = "expression nesting too deep";
      return false;
    }
    if (e.kind == Expr::kParen && !e.kids.empty()) return EvalFloat(e.kids[0], fi, depth + 1, out, err);
    if (e.kind == Expr::kUnary && e.op == "-" && !e.kids.empty()) {
      if (!EvalFloat(e.kids[0], fi, depth + 1, out, err)) return false;
      *out = -*out;
      return true;
    }
    if (e.kind == Expr::kLit) {
      const Token& t = Tk(fi, e.tok);
      std::string suf;
      if (t.lit == LitKind::kFloat && DecodeFloatLiteral(LF(fi).Text(t), out, &suf)) return true;
    }
    *err = "float expression not evaluated";
    return false;
  }

  // Integer constant expression. `ctx` is the type expected by the context
  // (bits 0 = none: unsuffixed literals stay untyped, i32 on overflow checks).
  bool EvalInt(const Expr& e, size_t fi, IntTy ctx, const Env* env, int depth, CVal* out, std::string* err) {
    if (depth > kMaxSemDepth) {
      *err = "expression nesting too deep";
      return false;
    }
    if (OverBudget()) {
      *err = "evaluation budget exhausted (input too complex)";
      return false;
    }
    out->k = CVal::kInt;
    switch (e.kind) {
      case Expr::kLit: {
        const Token& t = Tk(fi, e.tok);
        std::string_view txt = LF(fi).Text(t);
        if (t.lit == LitKind::kInt) {
          unsigned __int128 v;
          std::string suf;
          if (!DecodeIntLiteral(txt, &v, &suf)) {
            *err = absl::StrCat("integer literal `", AV(txt), "` out of range");
            return false;
          }
          if (v > static_cast<unsigned __int128>(~static_cast<unsigned __int128>(0) >> 1)) {
            *err = "integer literal beyond 127 bits";
            return false;
          }
          out->i = static_cast<i128>(v);
          out->ty = ctx;
          if (!suf.empty()) {
            Prim p;
            if (!LookupRustPrim(suf, tg_, &p) || p.cat != Prim::kInt) {
              *err = absl::StrCat("literal suffix `", suf, "` not an integer type");
              return false;
            }
            out->ty = IntTy{p.bits, p.is_signed};
          }
          if (out->ty.bits && !FitsInt(out->i, IntTy{out->ty.bits, false}) && !FitsInt(out->i, out->ty)) {
            *err = absl::StrCat("literal `", AV(txt), "` out of range for its type");
            return false;
          }
          return true;
        }
        if (t.lit == LitKind::kChar || t.lit == LitKind::kByte) {
          uint32_t cp;
          if (!DecodeCharLiteral(txt, &cp)) {
            *err = "invalid char literal";
            return false;
          }
          out->i = cp;
          out->ty = t.lit == LitKind::kByte ? IntTy{8, false} : IntTy{32, false, false, true};
          return true;
        }
        *err = absl::StrCat("literal `", AV(txt), "` is not an integer");
        return false;
      }
      case Expr::kParen:
      case Expr::kBlock:
        if (e.kids.size() != 1) {
          *err = "block not evaluated";
          return false;
        }
        return EvalInt(e.kids[0], fi, ctx, env, depth + 1, out, err);
      case Expr::kUnary: {
        if (e.kids.empty()) return false;
        if (!EvalInt(e.kids[0], fi, ctx, env, depth + 1, out, err)) return false;
        if (e.op == "-") {
          if (out->ty.bits && !out->ty.is_signed) {
            *err = "negation of an unsigned value";
            return false;
          }
          if (__builtin_sub_overflow(i128{0}, out->i, &out->i)) {
            *err = "overflow in negation";
            return false;
          }
          if (out->ty.bits && !FitsInt(out->i, out->ty)) {
            *err = "overflow in negation";
            return false;
          }
          return true;
        }
        if (e.op == "!") {
          if (out->ty.is_bool) {
            out->i = !out->i;
            return true;
          }
          IntTy t = out->ty.bits ? out->ty : IntTy{32, true};
          out->ty = t;
          out->i = WrapInt(~out->i, t);
          return true;
        }
        *err = absl::StrCat("unary `", e.op, "` not evaluated");
        return false;
      }
      case Expr::kBinary: {
        if (e.kids.size() != 2) return false;
        const std::string& op = e.op;
        bool shift = op == "<<" || op == ">>";
        bool cmp = op == "==" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=";
        bool logic = op == "&&" || op == "||";
        CVal a, b;
        IntTy lctx = cmp ? IntTy{} : (logic ? IntTy{8, false, true} : ctx);
        if (!EvalInt(e.kids[0], fi, lctx, env, depth + 1, &a, err)) return false;
        IntTy rctx = shift ? IntTy{} : (cmp ? a.ty : lctx);
        if (!EvalInt(e.kids[1], fi, rctx, env, depth + 1, &b, err)) return false;
        if (!shift && !cmp && !logic && !a.ty.bits && b.ty.bits) a.ty = b.ty;
        IntTy t = a.ty;
        i128 r = 0;
        bool ovf = false;
        if (op == "+") ovf = __builtin_add_overflow(a.i, b.i, &r);
        else if (op == "-") ovf = __builtin_sub_overflow(a.i, b.i, &r);
        else if (op == "*") ovf = __builtin_mul_overflow(a.i, b.i, &r);
        else if (op == "/" || op == "%") {
          if (b.i == 0) {
            *err = "division by zero";
            return false;
          }
          if (b.i == -1 && a.i == std::numeric_limits<i128>::min()) {
            *err = "arithmetic overflow in division";
            return false;
          }
          r = op == "/" ? a.i / b.i : a.i % b.i;
        } else if (op == "&") r = a.i & b.i;
        else if (op == "|") r = a.i | b.i;
        else if (op == "^") r = a.i ^ b.i;
        else if (shift) {
          IntTy st = t.bits ? t : IntTy{32, true};
          if (b.i < 0 || b.i >= st.bits) {
            *err = "shift amount out of range";
            return false;
          }
          if (op == "<<") {
            r = WrapInt(static_cast<i128>(static_cast<unsigned __int128>(a.i) << static_cast<int>(b.i)), st);
          } else {
            r = a.i >> static_cast<int>(b.i);
          }
          t = st;
        } else if (cmp || logic) {
          if (op == "==") r = a.i == b.i;
          else if (op == "!=") r = a.i != b.i;
          else if (op == "<") r = a.i < b.i;
          else if (op == ">") r = a.i > b.i;
          else if (op == "<=") r = a.i <= b.i;
          else if (op == ">=") r = a.i >= b.i;
          else if (op == "&&") r = a.i && b.i;
          else r = a.i || b.i;
          t = IntTy{8, false, true};
        } else {
          *err = absl::StrCat("operator `", op, "` not evaluated");
          return false;
        }
        if (ovf || (t.bits && !FitsInt(r, t))) {
          *err = absl::StrCat("arithmetic overflow in `", op, "`");
          return false;
        }
        out->i = r;
        out->ty = t;
        return true;
      }
      case Expr::kCast: {
        if (e.kids.empty() || e.type.empty()) return false;
        IntTy target;
        if (!IntTyOf(e.type[0], fi, env, &target, depth + 1)) {
          *err = absl::StrCat("cast to `", SpellType(e.type[0], fi), "` not evaluated");
          return false;
        }
        CVal v;
        if (!EvalInt(e.kids[0], fi, IntTy{}, env, depth + 1, &v, err)) return false;
        if (!v.ty.bits && !FitsInt(v.i, IntTy{32, true})) {
          *err = "untyped literal out of i32 range in cast";
          return false;
        }
        if (target.is_bool) {
          *err = "cast to bool";
          return false;
        }
        out->i = WrapInt(v.i, target);
        out->ty = target;
        return true;
      }
      case Expr::kPath:
        return EvalPath(e.path, fi, ctx, env, depth, out, err);
      case Expr::kCall: {
        // size_of::<T>() / align_of::<T>()
        if (e.kids.size() == 1 && e.kids[0].kind == Expr::kPath) {
          const Path& p = e.kids[0].path;
          const std::string& fn = p.Last();
          if ((fn == "size_of" || fn == "align_of") && !p.segments.back().args.empty() &&
              p.segments.back().args[0].kind == GenericArg::kType) {
            LayoutR l = LayoutOfType(p.segments.back().args[0].type[0], fi, env, depth + 1);
            if (!l.ok) {
              *err = l.err;
              return false;
            }
            out->i = fn == "size_of" ? l.size : l.align;
            out->ty = IntTy{tg_.ptr * 8, false};
            return true;
          }
        }
        *err = "function call not evaluated";
        return false;
      }
      default:
        *err = e.kind == Expr::kUnsupported ? absl::StrCat("`", e.op, "` expression not evaluated")
                                            : "expression not evaluated";
        return false;
    }
  }

  bool EvalPath(const Path& p, size_t fi, IntTy ctx, const Env* env, int depth, CVal* out, std::string* err) {
    if (!p.qself.empty() || p.segments.empty()) {
      *err = "qualified path not evaluated";
      return false;
    }
    const std::string& last = p.Last();
    if (p.IsSingle()) {
      if (env) {
        if (const Binding* b = env->Find(last)) {
          if (b->is_const && b->value_ok) {
            out->i = b->value;
            out->ty = ctx;
            return true;
          }
          *err = "generic parameter not evaluated";
          return false;
        }
      }
      if (last == "true" || last == "false") {
        out->i = last == "true";
        out->ty = IntTy{8, false, true};
        return true;
      }
    }
    // <int>::MAX / MIN / BITS
    if (p.segments.size() >= 2 && (last == "MAX" || last == "MIN" || last == "BITS")) {
      Prim pr;
      const std::string& tn = p.segments[p.segments.size() - 2].name;
      if (LookupRustPrim(tn, tg_, &pr) && pr.cat == Prim::kInt && pr.bits < 128) {
        if (last == "BITS") {
          out->i = pr.bits;
          out->ty = IntTy{32, false};
        } else if (last == "MAX") {
          out->i = pr.is_signed ? (i128{1} << (pr.bits - 1)) - 1 : (i128{1} << pr.bits) - 1;
          out->ty = IntTy{pr.bits, pr.is_signed};
        } else {
          out->i = pr.is_signed ? -(i128{1} << (pr.bits - 1)) : 0;
          out->ty = IntTy{pr.bits, pr.is_signed};
        }
        return true;
      }
    }
    int id = LookupValue(last);
    if (id < 0) {
      *err = absl::StrCat("`", last, "` is not a known constant");
      return false;
    }
    if (!EvalConstEntity(id, depth + 1, out, err)) return false;
    if (out->k != CVal::kInt) {
      *err = absl::StrCat("`", last, "` is not an integer constant");
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------- classify
  void Classify() {
    // Inherent impls: bitfield getters, associated consts; trait impls: BitOr.
    for (const auto& [it, fi] : impls_) {
      if (it->type.empty() || it->type[0].kind != TypeNode::kPath || it->negative_impl) continue;
      const std::string& self = it->type[0].path.Last();
      int id = LookupType(self);
      if (id < 0) continue;
      Entity& e = ents_[id];
      if (!it->trait_type.empty()) {
        if (it->trait_type[0].kind == TypeNode::kPath && it->trait_type[0].path.Last() == "BitOr")
          e.has_bitor_impl = true;
        continue;
      }
      for (const Item& m : it->items) {
        if (m.kind == Item::kConst) e.assoc_consts.push_back({&m, fi});
        if (m.kind == Item::kFn && m.has_body && m.sig.self_kind == FnSig::kRef && !m.sig.ret.empty() &&
            m.sig.params.empty())
          ScanGetter(m, fi, &e);
      }
    }
    // Consts grouped by declared type name (single-segment).
    std::unordered_map<std::string, std::vector<int>> consts_by_type;
    for (size_t i = 0; i < ents_.size(); ++i) {
      const Entity& e = ents_[i];
      if (e.kind != EntKind::kConst || e.item->type.empty()) continue;
      const TypeNode& t = e.item->type[0];
      if (t.kind == TypeNode::kPath && t.path.IsSingle()) consts_by_type[t.path.Last()].push_back(static_cast<int>(i));
    }
    for (size_t i = 0; i < ents_.size(); ++i) {
      Entity& e = ents_[i];
      if (e.kind == EntKind::kAlias && e.item->generics.Empty() && !e.item->type.empty()) {
        auto it = consts_by_type.find(e.rust_name);
        if (it == consts_by_type.end()) continue;
        IntTy ity;
        if (!IntTyOf(e.item->type[0], e.file, nullptr, &ity, 0) || ity.is_bool || ity.is_char) continue;
        std::string_view parent;
        bool anon = IsBindgenAnonTypeName(e.rust_name, &parent);
        std::string prefix = e.rust_name + "_";
        bool prefixed = false;
        for (int cid : it->second)
          if (StartsWith(ents_[cid].rust_name, prefix)) prefixed = true;
        if (!prefixed && !anon) continue;
        e.role = Role::kConstsEnum;
        e.members = it->second;
        if (prefixed) {
          e.enum_prefix = prefix;
        } else if (!parent.empty()) {
          e.enum_prefix = S(parent) + "_";
        }
        if (anon) e.anonymous = true;
      } else if (e.kind == EntKind::kStruct && e.item->shape == Item::kTupleShape && e.item->fields.size() == 1 &&
                 e.item->generics.Empty()) {
        IntTy ity;
        if (!IntTyOf(e.item->fields[0].type, e.file, nullptr, &ity, 0) || ity.is_bool || ity.is_char) continue;
        const Repr& rp = ParseRepr(e.item->attrs, e.file);
        if (!rp.transparent && !rp.c) continue;
        bool self_typed_consts = false;
        for (const AssocConst& ac : e.assoc_consts) {
          if (!ac.item->type.empty() && ac.item->type[0].kind == TypeNode::kPath &&
              (ac.item->type[0].path.Last() == e.rust_name || ac.item->type[0].path.Last() == "Self"))
            self_typed_consts = true;
        }
        auto it = consts_by_type.find(e.rust_name);
        if (it != consts_by_type.end()) {
          e.members = it->second;
          self_typed_consts = true;
          e.enum_prefix = e.rust_name + "_";
        }
        if (!self_typed_consts) continue;
        e.role = e.has_bitor_impl ? Role::kBitfieldEnum : Role::kNewtypeEnum;
      } else if (e.kind == EntKind::kEnum) {
        e.role = Role::kRustifiedEnum;
      }
    }
  }

  void ScanGetter(const Item& m, size_t fi, Entity* e) {
    // self . _bitfield_N . get ( A , B )
    for (uint32_t i = m.body_begin + 1; i + 9 < m.body_end; ++i) {
      if (!(IsIdentTok(fi, i, "self") && IsPunctTok(fi, i + 1, '.'))) continue;
      const Token& u = Tk(fi, i + 2);
      if (u.kind != TokKind::kIdent || !StartsWith(LF(fi).Text(u), "_bitfield_")) continue;
      if (!(IsPunctTok(fi, i + 3, '.') && IsIdentTok(fi, i + 4, "get") && IsPunctTok(fi, i + 5, '(') &&
            IsPunctTok(fi, i + 7, ',') && IsPunctTok(fi, i + 9, ')')))
        continue;
      std::optional<uint64_t> off = IntTok(fi, i + 6), width = IntTok(fi, i + 8);
      if (!off || !width) continue;
      Getter g;
      g.name = m.raw_name ? "r#" + m.name : m.name;
      g.unit = S(LF(fi).Text(u));
      g.bit_off = *off;
      g.width = *width;
      g.ret = &m.sig.ret[0];
      g.file = fi;
      g.tok = m.tok;
      e->getters.push_back(std::move(g));
      return;
    }
  }

  // -------------------------------------------------------------- keys
  // Entity referenced by a field type (through arrays/parens only).
  int FieldTypeEntity(const TypeNode& t, int depth = 0) const {
    if (depth > 64) return -1;
    if ((t.kind == TypeNode::kArray || t.kind == TypeNode::kParen) && !t.elems.empty())
      return FieldTypeEntity(t.elems[0], depth + 1);
    if (t.kind != TypeNode::kPath) return -1;
    Res r = ResolveSem(t.path, nullptr);
    if (r.k == Res::kEntity) return r.ent;
    if (r.k == Res::kBuiltin && (r.bi.b == Builtin::kIncompleteArray || r.bi.b == Builtin::kUnionField ||
                                 r.bi.b == Builtin::kTransparentWrapper)) {
      const TypeNode* a = FirstTypeArg(t.path);
      return a ? FieldTypeEntity(*a, depth + 1) : -1;
    }
    return -1;
  }

  std::string FieldCName(const FieldDef& f) const {
    if (uint64_t n = BindgenAnonIndex(f.name)) return absl::StrCat("(anon#", n, ")");
    return CNameOf(f.name, f.raw);
  }

  void AssignKeys() {
    for (Entity& e : ents_) {
      if (e.kind == EntKind::kConst) {
        e.key = e.rust_name;
        continue;
      }
      e.key = CNameOf(e.rust_name, e.raw_name);
      std::string_view parent;
      if ((e.kind == EntKind::kStruct || e.kind == EntKind::kUnion) && IsBindgenAnonTypeName(e.rust_name, &parent))
        e.anonymous = true;
    }
    // Anonymous nested records: `P__bindgen_ty_N` referenced by a field of
    // P is keyed `<P's key>::<field C name>`. Worklist, parents first.
    std::vector<int> work;
    for (size_t i = 0; i < ents_.size(); ++i) {
      const Entity& e = ents_[i];
      if ((e.kind == EntKind::kStruct || e.kind == EntKind::kUnion) && !IsBindgenAnonTypeName(e.rust_name, nullptr))
        work.push_back(static_cast<int>(i));
    }
    std::unordered_set<int> mapped;
    while (!work.empty()) {
      int pid = work.back();
      work.pop_back();
      const Entity& p = ents_[pid];
      std::string child_prefix = p.rust_name + "__bindgen_ty_";
      for (const FieldDef& f : p.item->fields) {
        int cid = FieldTypeEntity(f.type);
        if (cid < 0 || cid == pid || mapped.count(cid)) continue;
        Entity& c = ents_[cid];
        if (!StartsWith(c.rust_name, child_prefix)) continue;
        mapped.insert(cid);
        c.key = absl::StrCat(ents_[pid].key, "::", FieldCName(f));
        c.anonymous = true;
        if (c.kind == EntKind::kStruct || c.kind == EntKind::kUnion) work.push_back(cid);
      }
    }
    for (size_t i = 0; i < ents_.size(); ++i) {
      Entity& e = ents_[i];
      if (e.anonymous && !mapped.count(static_cast<int>(i)) && (e.kind == EntKind::kStruct || e.kind == EntKind::kUnion)) {
        std::string_view parent;
        IsBindgenAnonTypeName(e.rust_name, &parent);
        if (!parent.empty()) {
          AddNote(Note::Level::kInfo, e.rust_name,
                  "anonymous record not referenced by a field of its parent; keyed by its Rust name", e.file, e.item->tok);
        }
      }
    }
  }

  // ----------------------------------------------------------- ordering
  void TypeDeps(const TypeNode& t, size_t fi, std::vector<int>* out, int depth) const {
    if (depth > kMaxSemDepth) return;
    switch (t.kind) {
      case TypeNode::kPtr:
      case TypeNode::kRef:
      case TypeNode::kFn:
        return;
      case TypeNode::kArray:
        for (const Expr& x : t.len) ExprDeps(x, fi, out, depth + 1);
        [[fallthrough]];
      default:
        for (const TypeNode& c : t.elems) TypeDeps(c, fi, out, depth + 1);
        break;
    }
    if (t.kind == TypeNode::kPath) {
      Res r = Resolve(t.path, nullptr);
      if (r.k == Res::kEntity) out->push_back(r.ent);
      if (!t.path.segments.empty()) {
        for (const GenericArg& a : t.path.segments.back().args) {
          for (const TypeNode& c : a.type) TypeDeps(c, fi, out, depth + 1);
          for (const Expr& x : a.expr) ExprDeps(x, fi, out, depth + 1);
        }
      }
    }
  }

  void ExprDeps(const Expr& e, size_t fi, std::vector<int>* out, int depth) const {
    if (depth > kMaxSemDepth) return;
    if (e.kind == Expr::kPath && !e.path.segments.empty()) {
      int id = LookupValue(e.path.Last());
      if (id >= 0) out->push_back(id);
      for (const GenericArg& a : e.path.segments.back().args)
        for (const TypeNode& c : a.type) TypeDeps(c, fi, out, depth + 1);
    }
    for (const Expr& k : e.kids) ExprDeps(k, fi, out, depth + 1);
    for (const TypeNode& t : e.type) TypeDeps(t, fi, out, depth + 1);
  }

  std::vector<int> Deps(int id) const {
    const Entity& e = ents_[id];
    std::vector<int> d;
    switch (e.kind) {
      case EntKind::kStruct:
      case EntKind::kUnion:
        for (const FieldDef& f : e.item->fields) TypeDeps(f.type, e.file, &d, 0);
        break;
      case EntKind::kAlias:
        for (const TypeNode& t : e.item->type) TypeDeps(t, e.file, &d, 0);
        break;
      case EntKind::kEnum:
        for (const Variant& v : e.item->variants)
          for (const Expr& x : v.disc) ExprDeps(x, e.file, &d, 0);
        break;
      case EntKind::kUseAlias: {
        int t = UseTarget(e);
        if (t >= 0) d.push_back(t);
        break;
      }
      case EntKind::kConst:
        for (const TypeNode& t : e.item->type) TypeDeps(t, e.file, &d, 0);
        for (const Expr& x : e.item->expr) ExprDeps(x, e.file, &d, 0);
        break;
      case EntKind::kModConsts:
        break;
    }
    return d;
  }

  void ComputeAll() {
    // Iterative DFS post-order over by-value dependencies so that the
    // memoised computations below rarely recurse deeply.
    std::vector<int> order;
    std::vector<uint8_t> st(ents_.size(), 0);
    std::vector<std::pair<int, std::vector<int>>> stack;
    for (size_t root = 0; root < ents_.size(); ++root) {
      if (st[root]) continue;
      stack.push_back({static_cast<int>(root), Deps(static_cast<int>(root))});
      st[root] = 1;
      while (!stack.empty()) {
        auto& top = stack.back();
        if (!top.second.empty()) {
          int n = top.second.back();
          top.second.pop_back();
          if (n >= 0 && static_cast<size_t>(n) < ents_.size() && !st[n]) {
            st[n] = 1;
            stack.push_back({n, Deps(n)});
          }
          continue;
        }
        order.push_back(top.first);
        st[top.first] = 2;
        stack.pop_back();
      }
    }
    for (int id : order) {
      item_steps_ = 0;
      Entity& e = ents_[id];
      if (e.kind == EntKind::kConst) {
        CVal v;
        std::string err;
        EvalConstEntity(id, 0, &v, &err);
      } else if (!((e.kind == EntKind::kStruct || e.kind == EntKind::kUnion || e.kind == EntKind::kAlias) &&
                   e.item && e.item->generics.HasTypeOrConst())) {
        LayoutOfEntity(id, 0);
      }
    }
  }

  // ------------------------------------------------------------- emit
  Type ToType(const TypeNode& t, size_t fi, const Env* env, int depth) {
    std::string spelling = SpellType(t, fi);
    Type r = ToTypeInner(t, fi, env, depth);
    if (r.spelling.empty() || r.kind == TypeKind::kPointer || r.kind == TypeKind::kArray ||
        r.kind == TypeKind::kInt || r.kind == TypeKind::kFloat || r.kind == TypeKind::kUnknown)
      r.spelling = spelling;
    return r;
  }

  Type NamedEntityType(int id) {
    const Entity& e = ents_[id];
    switch (e.kind) {
      case EntKind::kStruct:
      case EntKind::kUnion:
        if (e.role == Role::kNewtypeEnum || e.role == Role::kBitfieldEnum) return Type::Named(TypeKind::kEnum, e.key);
        return Type::Named(TypeKind::kRecord, e.key);
      case EntKind::kEnum:
      case EntKind::kModConsts:
        return Type::Named(TypeKind::kEnum, e.key);
      case EntKind::kAlias:
        if (e.role == Role::kConstsEnum) return Type::Named(TypeKind::kEnum, e.key);
        return Type::Named(TypeKind::kTypedef, e.key);
      case EntKind::kUseAlias:
        return Type::Named(TypeKind::kTypedef, e.key);
      case EntKind::kConst:
        break;
    }
    return Type::Unknown(e.rust_name);
  }

  Type PrimType(const Prim& p, std::string spelling) {
    switch (p.cat) {
      case Prim::kInt:
        return Type::Int(p.bits, p.is_signed, std::move(spelling));
      case Prim::kFloat:
        return Type::Float(p.bits, std::move(spelling));
      case Prim::kBool:
        return Type::Bool();
      case Prim::kChar:
        return Type::Int(32, false, "char");
      case Prim::kVoid:
        return Type::Void();
      case Prim::kStr:
        return Type::Unknown("str");
    }
    return Type::Unknown(spelling);
  }

  Type FnType(const TypeNode& t, size_t fi, const Env* env, int depth) {
    Type fn;
    fn.kind = TypeKind::kFunction;
    fn.variadic = t.variadic;
    if (t.has_abi && t.abi != "C") fn.calling_conv = t.abi;
    if (!t.ret.empty()) {
      fn.inner.push_back(t.ret[0].kind == TypeNode::kNever ? Type::Void() : ToType(t.ret[0], fi, env, depth + 1));
    } else {
      fn.inner.push_back(Type::Void());
    }
    for (const TypeNode& p : t.elems) fn.inner.push_back(ToType(p, fi, env, depth + 1));
    fn.spelling = SpellType(t, fi);
    return fn;
  }

  Type ToTypeInner(const TypeNode& t, size_t fi, const Env* env, int depth) {
    if (depth > kMaxSemDepth) return Type::Unknown("(too deep)");
    switch (t.kind) {
      case TypeNode::kParen:
        return t.elems.empty() ? Type::Unknown("()") : ToType(t.elems[0], fi, env, depth + 1);
      case TypeNode::kTuple:
        return t.elems.empty() ? Type::Void() : Type::Unknown(SpellType(t, fi));
      case TypeNode::kNever:
        return Type::Void();
      case TypeNode::kPtr:
      case TypeNode::kRef: {
        if (t.elems.empty() || IsUnsizedPointee(t.elems[0], env, depth + 1)) return Type::Unknown(SpellType(t, fi));
        Type in = ToType(t.elems[0], fi, env, depth + 1);
        in.is_const = !t.is_mut;
        return Type::PointerTo(std::move(in));
      }
      case TypeNode::kFn: {
        Type p = Type::PointerTo(FnType(t, fi, env, depth));
        p.nullable = false;
        return p;
      }
      case TypeNode::kArray: {
        if (t.elems.empty()) return Type::Unknown(SpellType(t, fi));
        std::string err;
        std::optional<uint64_t> n = ArrayLen(t, fi, env, depth, &err);
        if (!n) return Type::Unknown(SpellType(t, fi));
        return Type::ArrayOf(ToType(t.elems[0], fi, env, depth + 1), *n);
      }
      case TypeNode::kPath:
        break;
      default:
        return Type::Unknown(SpellType(t, fi));
    }
    Res r = ResolveSem(t.path, env);
    switch (r.k) {
      case Res::kPrim:
        return PrimType(r.prim, S(t.path.Last()));
      case Res::kParam:
        if (r.bind && r.bind->type) return ToType(*r.bind->type, r.bind->file, r.bind->env, depth + 1);
        return Type::Unknown(SpellType(t, fi));
      case Res::kEntity: {
        const Entity& e = ents_[r.ent];
        if (e.item && (e.kind == EntKind::kStruct || e.kind == EntKind::kUnion || e.kind == EntKind::kAlias) &&
            e.item->generics.HasTypeOrConst())
          return Type::Unknown(SpellType(t, fi));  // generic instantiation: no contract item
        return NamedEntityType(r.ent);
      }
      case Res::kBuiltin:
        break;
      case Res::kNone:
        return Type::Unknown(SpellType(t, fi));
    }
    const TypeNode* arg = FirstTypeArg(t.path);
    switch (r.bi.b) {
      case Builtin::kTransparentWrapper:
      case Builtin::kOpaque:
      case Builtin::kBitfieldUnit:
      case Builtin::kUnionField:
      case Builtin::kNonZeroGeneric:
        return arg ? ToType(*arg, fi, env, depth + 1) : Type::Unknown(SpellType(t, fi));
      case Builtin::kIncompleteArray: {
        if (!arg) return Type::Unknown(SpellType(t, fi));
        Type a = Type::ArrayOf(ToType(*arg, fi, env, depth + 1), 0);
        a.flexible = true;
        return a;
      }
      case Builtin::kOpaqueArray: {
        std::vector<const GenericArg*> args = TypeArgs(t.path);
        if (args.size() == 2 && args[0]->kind == GenericArg::kType && args[1]->kind == GenericArg::kConst) {
          CVal v;
          std::string err;
          if (EvalInt(args[1]->expr[0], fi, IntTy{tg_.ptr * 8, false}, env, depth + 1, &v, &err) && v.i >= 0)
            return Type::ArrayOf(ToType(args[0]->type[0], fi, env, depth + 1), static_cast<uint64_t>(v.i));
          return Type::Unknown(SpellType(t, fi));
        }
        return arg ? ToType(*arg, fi, env, depth + 1) : Type::Unknown(SpellType(t, fi));
      }
      case Builtin::kNonNull:
      case Builtin::kBox: {
        if (!arg || IsUnsizedPointee(*arg, env, depth + 1)) return Type::Unknown(SpellType(t, fi));
        return Type::PointerTo(ToType(*arg, fi, env, depth + 1));
      }
      case Builtin::kOption: {
        if (!arg || !IsNullableNiche(*arg, fi, env, depth + 1)) return Type::Unknown(SpellType(t, fi));
        Type in = ToType(*arg, fi, env, depth + 1);
        if (in.kind == TypeKind::kPointer && !in.inner.empty() && in.inner[0].kind == TypeKind::kFunction)
          in.nullable = true;
        return in;
      }
      case Builtin::kAtomicInt:
        return Type::Int(r.bi.bits, r.bi.is_signed, S(t.path.Last()));
      case Builtin::kAtomicBool:
        return Type::Bool();
      case Builtin::kAtomicPtr:
        return arg ? Type::PointerTo(ToType(*arg, fi, env, depth + 1)) : Type::Unknown(SpellType(t, fi));
      case Builtin::kNonZero:
        return Type::Int(r.bi.bits, r.bi.is_signed, S(t.path.Last()));
      case Builtin::kPhantomData:
      case Builtin::kPhantomPinned:
      case Builtin::kNone:
        break;
    }
    return Type::Unknown(SpellType(t, fi));
  }

  bool IsArtificialField(const FieldDef& f, size_t fi) const {
    const std::string& n = f.name;
    if (StartsWith(n, "_bitfield_") || StartsWith(n, "__bindgen_padding_") || n == "_address" ||
        n == "bindgen_union_field" || n == "_bindgen_opaque_blob" || n == "__bindgen_align" ||
        n == "_unused" || n == "_vtable" || n == "__bindgen_anon_vtable")
      return true;
    if (f.type.kind == TypeNode::kPath) {
      Res r = Resolve(f.type.path, nullptr);
      if (r.k == Res::kBuiltin && (r.bi.b == Builtin::kPhantomData || r.bi.b == Builtin::kPhantomPinned)) return true;
    }
    (void)fi;
    return false;
  }

  bool IsBuiltinField(const FieldDef& f, Builtin b) const {
    if (f.type.kind != TypeNode::kPath) return false;
    Res r = ResolveSem(f.type.path, nullptr);
    return r.k == Res::kBuiltin && r.bi.b == b;
  }

  // Field types with no C counterpart that are still laid out.
  void NoteFieldType(const FieldDef& f, const Entity& e) {
    const TypeNode& t = f.type;
    bool fat = false;
    if ((t.kind == TypeNode::kPtr || t.kind == TypeNode::kRef) && !t.elems.empty())
      fat = IsUnsizedPointee(t.elems[0], nullptr, 0);
    if (t.kind == TypeNode::kPath) {
      Res r = ResolveSem(t.path, nullptr);
      if (r.k == Res::kBuiltin && r.bi.b == Builtin::kOpaque) {
        AddNote(Note::Level::kInfo, e.key,
                absl::StrCat("field `", f.name, "`: `", SpellType(t, e.file),
                             "` has the layout of its argument but its contents are opaque to Rust"),
                e.file, f.tok);
      }
      if (r.k == Res::kBuiltin && (r.bi.b == Builtin::kNonNull || r.bi.b == Builtin::kBox)) {
        const TypeNode* a = FirstTypeArg(t.path);
        fat = a && IsUnsizedPointee(*a, nullptr, 0);
      }
    }
    if (fat) {
      AddNote(Note::Level::kWarning, e.key,
              absl::StrCat("field `", f.name, "`: `", SpellType(t, e.file), "` is a fat pointer (",
                           2 * tg_.ptr, " bytes): no C equivalent"),
              e.file, f.tok);
    }
  }

  contract::Field MakeField(const FieldDef& f, size_t fi, uint64_t off, const LayoutR* lay) {
    contract::Field cf;
    cf.name = FieldCName(f);
    std::string rs = RustSpelling(f.name, f.raw);
    if (rs != cf.name) cf.rust_name = rs;
    cf.type = ToType(f.type, fi, nullptr, 0);
    cf.offset_bits = off * 8;
    cf.size_bits = lay && lay->ok ? lay->size * 8 : 0;
    cf.artificial = IsArtificialField(f, fi);
    cf.loc = Loc(fi, f.tok);
    return cf;
  }

  void EmitRecord(int id) {
    Entity& e = ents_[id];
    const Item& it = *e.item;
    ItemCount& cnt = e.kind == EntKind::kStruct ? out_.stats.structs : out_.stats.unions;
    auto note_only = [&](Note::Level lvl, std::string msg) {
      AddNote(lvl, e.key, std::move(msg), e.file, it.tok);
      ++cnt.noted;
      e.noted = true;
    };
    if (it.generics.HasTypeOrConst()) {
      note_only(Note::Level::kInfo,
                absl::StrCat("generic ", e.kind == EntKind::kStruct ? "struct" : "union", " `", e.rust_name,
                             "` is not a C item; its layout is computed per instantiation"));
      return;
    }
    if (e.role == Role::kNewtypeEnum || e.role == Role::kBitfieldEnum) {
      EmitNewtypeEnum(id);
      return;
    }
    const Repr& rp = ParseRepr(it.attrs, e.file);
    for (const std::string& p : rp.problems) AddNote(Note::Level::kWarning, e.key, p, e.file, it.tok);
    if (!rp.c && !rp.transparent && !rp.packed) {
      note_only(Note::Level::kInfo,
                absl::StrCat("`", e.rust_name, "` has no #[repr(C)]/#[repr(transparent)]: Rust layout is "
                             "unspecified, not modelled as a C item"));
      return;
    }
    if (rp.packed && rp.align) {
      AddNote(Note::Level::kWarning, e.key, "repr(packed) together with repr(align) is rejected by rustc", e.file, it.tok);
    }
    if (rp.packed && !rp.c) {
      AddNote(Note::Level::kWarning, e.key, "repr(packed) without repr(C): field order is not guaranteed", e.file, it.tok);
    }
    if (out_.contract.records.count(e.key)) {
      note_only(Note::Level::kWarning, absl::StrCat("duplicate definition of `", e.key, "`; first one kept"));
      return;
    }
    contract::Record rec;
    rec.name = e.key;
    rec.kind = e.kind == EntKind::kUnion ? contract::RecordKind::kUnion : contract::RecordKind::kStruct;
    rec.anonymous = e.anonymous;
    rec.repr = rp.text;
    rec.packed = rp.packed;
    rec.pack_bytes = rp.packed && rp.pack > 1 ? rp.pack : 0;
    if (rp.packed && rp.pack == 1) rec.pack_bytes = 0;
    rec.explicit_align = rp.align;
    rec.loc = Loc(e.file, it.tok);
    const LayoutR& l = e.layout;
    if (l.ok) {
      rec.size_bytes = l.size;
      rec.align_bytes = l.align;
    } else {
      rec.size_bytes = 0;
      rec.align_bytes = 0;
      AddNote(Note::Level::kWarning, e.key, absl::StrCat("layout not computed: ", l.err), e.file, it.tok);
    }
    // Forward declaration: `_unused: [u8; 0]` only.
    bool only_unused = it.fields.size() == 1 && it.fields[0].name == "_unused";
    bool opaque_blob = false;
    bool union_fields = false;
    for (const FieldDef& f : it.fields) {
      if (f.name == "_bindgen_opaque_blob") opaque_blob = true;
      if (IsBuiltinField(f, Builtin::kUnionField)) union_fields = true;
    }
    if (only_unused) {
      rec.complete = false;
    } else {
      rec.opaque = opaque_blob && it.fields.size() == 1;
      if (union_fields) rec.kind = contract::RecordKind::kUnion;
      for (size_t i = 0; i < it.fields.size(); ++i) {
        const FieldDef& f = it.fields[i];
        uint64_t off = i < e.field_off.size() ? e.field_off[i] : 0;
        const LayoutR* fl = i < e.field_lay.size() ? &e.field_lay[i] : nullptr;
        contract::Field cf = MakeField(f, e.file, off, fl);
        if (union_fields && IsBuiltinField(f, Builtin::kUnionField)) {
          // bindgen's non-Copy union emulation: the member is T at offset 0.
          const TypeNode* a = FirstTypeArg(f.type.path);
          if (a) {
            LayoutR al = LayoutOfType(*a, e.file, nullptr, 0);
            cf.size_bits = al.ok ? al.size * 8 : 0;
          }
          cf.offset_bits = 0;
        }
        if (cf.type.kind == TypeKind::kArray && cf.type.flexible) rec.has_flexible_array = true;
        if (i >= e.field_off.size() && !l.ok) {
          AddNote(Note::Level::kWarning, e.key, absl::StrCat("offset of field `", cf.name, "` unknown"), e.file, f.tok);
        }
        NoteFieldType(f, e);
        bool is_unit = IsBuiltinField(f, Builtin::kBitfieldUnit);
        if (is_unit) cf.artificial = true;
        rec.fields.push_back(std::move(cf));
        if (is_unit) {
          for (const Getter& g : e.getters) {
            if (g.unit != f.name) continue;
            contract::Field bf;
            std::string rust = g.name;
            bool raw = StartsWith(rust, "r#");
            std::string bare = raw ? rust.substr(2) : rust;
            bf.name = CNameOf(bare, raw);
            if (bf.name != rust) bf.rust_name = rust;
            bf.type = ToType(*g.ret, g.file, nullptr, 0);
            bf.offset_bits = off * 8 + g.bit_off;
            bf.size_bits = g.width;
            bf.is_bitfield = true;
            bf.loc = Loc(g.file, g.tok);
            rec.fields.push_back(std::move(bf));
            ++out_.stats.bitfields;
          }
        }
      }
    }
    // Asserted layout.
    auto ait = asserted_.find(e.rust_name);
    if (ait != asserted_.end()) {
      const Asserted& a = ait->second;
      rec.asserted.size_bytes = a.size;
      rec.asserted.align_bytes = a.align;
      for (const auto& [rf, off] : a.fields) {
        bool raw = StartsWith(rf, "r#");
        std::string bare = raw ? rf.substr(2) : rf;
        std::string cn = BindgenAnonIndex(bare) ? absl::StrCat("(anon#", BindgenAnonIndex(bare), ")") : CNameOf(bare, raw);
        rec.asserted.field_offset_bytes[cn] = off;
      }
      used_asserts_.insert(e.rust_name);
    }
    out_.contract.records[e.key] = std::move(rec);
    ++cnt.modelled;
    e.emitted = true;
    EmitRecordFacts(id);
  }

  // Inline-module path + item name, or empty when too deep to be worth
  // naming (the oracle then skips the fact).
  std::vector<std::string> RustPath(const Entity& e) const {
    std::vector<std::string> p;
    if (e.mod_id >= 0 && mods_[e.mod_id].depth > 32) return p;
    for (int m = e.mod_id; m >= 0; m = mods_[m].parent) p.push_back(mods_[m].name);
    std::reverse(p.begin(), p.end());
    p.push_back(RustSpelling(e.rust_name, e.raw_name));
    return p;
  }

  void EmitRecordFacts(int id) {
    const Entity& e = ents_[id];
    RustLayoutFact base;
    base.item = e.key;
    base.file_index = e.file;
    base.rust_path = RustPath(e);
    base.accessible = e.accessible && !base.rust_path.empty();
    RustLayoutFact sf = base;
    if (e.layout.ok) {
      sf.size = e.layout.size;
      sf.align = e.layout.align;
    } else {
      sf.why_unknown = e.layout.err;
    }
    out_.facts.push_back(sf);
    if (!e.item || (e.kind != EntKind::kStruct && e.kind != EntKind::kUnion)) return;
    for (size_t i = 0; i < e.item->fields.size(); ++i) {
      const FieldDef& f = e.item->fields[i];
      RustLayoutFact ff = base;
      ff.field = FieldCName(f);
      ff.rust_field = RustSpelling(f.name, f.raw);
      ff.field_public = f.is_pub || e.mod_id < 0;
      if (e.layout.ok && i < e.field_off.size()) {
        ff.offset = e.field_off[i];
      } else {
        ff.why_unknown = e.layout.ok ? "offset not computed" : e.layout.err;
      }
      out_.facts.push_back(std::move(ff));
    }
  }

  contract::Enumerator MakeEnumerator(std::string name, const CVal& v, SourceLoc loc, bool* ok) {
    contract::Enumerator en;
    en.name = std::move(name);
    en.loc = std::move(loc);
    i128 x = v.i;
    const i128 kMax = static_cast<i128>(~uint64_t{0});
    if (x < -kMax || x > kMax) {
      *ok = false;
    } else if (x < 0) {
      en.value.negative = true;
      en.value.magnitude = static_cast<uint64_t>(-x);
    } else {
      en.value.magnitude = static_cast<uint64_t>(x);
    }
    return en;
  }

  void EmitConstsEnum(int id) {
    Entity& e = ents_[id];
    contract::Enum en;
    en.name = e.key;
    en.rust_style = "consts";
    en.anonymous = e.anonymous;
    en.loc = Loc(e.file, e.item->tok);
    en.underlying = ToType(e.item->type[0], e.file, nullptr, 0);
    if (e.layout.ok) en.size_bytes = e.layout.size;
    for (int cid : e.members) {
      Entity& c = ents_[cid];
      CVal v;
      std::string err;
      std::string cname = c.rust_name;
      if (!e.enum_prefix.empty() && StartsWith(cname, e.enum_prefix) && cname.size() > e.enum_prefix.size())
        cname = cname.substr(e.enum_prefix.size());
      cname = CNameOf(cname, c.raw_name);
      if (!EvalConstEntity(cid, 0, &v, &err) || v.k != CVal::kInt) {
        AddNote(Note::Level::kWarning, e.key, absl::StrCat("enumerator `", cname, "` not evaluated: ", err), c.file,
                c.item->tok);
        continue;
      }
      bool ok = true;
      en.enumerators.push_back(MakeEnumerator(cname, v, Loc(c.file, c.item->tok), &ok));
      if (!ok) {
        en.enumerators.pop_back();
        AddNote(Note::Level::kWarning, e.key, absl::StrCat("enumerator `", cname, "` beyond 64 bits"), c.file, c.item->tok);
      }
    }
    PutEnum(std::move(en), e);
    ++out_.stats.type_aliases.modelled;
  }

  void PutEnum(contract::Enum en, Entity& e) {
    if (out_.contract.enums.count(en.name)) {
      AddNote(Note::Level::kWarning, en.name, "duplicate enum definition; first one kept", e.file, e.item->tok);
      e.noted = true;
      return;
    }
    out_.contract.enums[en.name] = std::move(en);
    e.emitted = true;
  }

  void EmitNewtypeEnum(int id) {
    Entity& e = ents_[id];
    contract::Enum en;
    en.name = e.key;
    en.rust_style = e.role == Role::kBitfieldEnum ? "bitfield" : "newtype";
    en.anonymous = e.anonymous;
    en.loc = Loc(e.file, e.item->tok);
    en.underlying = ToType(e.item->fields[0].type, e.file, nullptr, 0);
    if (e.layout.ok) en.size_bytes = e.layout.size;
    IntTy fty;
    IntTyOf(e.item->fields[0].type, e.file, nullptr, &fty, 0);
    auto add = [&](const Item& c, size_t cf, std::string name) {
      if (c.expr.empty()) return;
      const Expr* x = &c.expr[0];
      CVal v;
      std::string err;
      bool ok = false;
      if (x->kind == Expr::kCall && x->kids.size() == 2 && x->kids[0].kind == Expr::kPath) {
        ok = EvalInt(x->kids[1], cf, fty, nullptr, 0, &v, &err);
      } else {
        err = "not of the form Type(value)";
      }
      if (!ok) {
        AddNote(Note::Level::kWarning, e.key, absl::StrCat("enumerator `", name, "` not evaluated: ", err), cf, c.tok);
        return;
      }
      bool fits = true;
      en.enumerators.push_back(MakeEnumerator(CNameOf(name, c.raw_name), v, Loc(cf, c.tok), &fits));
      if (!fits) en.enumerators.pop_back();
    };
    for (const AssocConst& ac : e.assoc_consts) add(*ac.item, ac.file, ac.item->name);
    for (int cid : e.members) {
      std::string n = ents_[cid].rust_name;
      if (!e.enum_prefix.empty() && StartsWith(n, e.enum_prefix)) n = n.substr(e.enum_prefix.size());
      add(*ents_[cid].item, ents_[cid].file, n);
    }
    PutEnum(std::move(en), e);
    ++out_.stats.structs.modelled;
    EmitRecordFacts(id);
  }

  void EmitRustEnum(int id) {
    Entity& e = ents_[id];
    const Repr& rp = ParseRepr(e.item->attrs, e.file);
    if (!e.layout.ok) {
      AddNote(Note::Level::kInfo, e.key, absl::StrCat("enum not modelled: ", e.layout.err), e.file, e.item->tok);
      ++out_.stats.enums.noted;
      e.noted = true;
      return;
    }
    contract::Enum en;
    en.name = e.key;
    en.rust_style = "rustified";
    en.loc = Loc(e.file, e.item->tok);
    IntTy ty = EnumIntTy(rp);
    Prim p{Prim::kInt, ty.bits, ty.is_signed};
    en.underlying = PrimType(p, rp.int_type.empty() ? "c_int" : rp.int_type);
    en.size_bytes = e.layout.size;
    std::vector<i128> vals;
    std::string err;
    if (!EnumValues(e, &vals, rp.int_type.empty() ? IntTy{} : ty, &err, 0)) {
      AddNote(Note::Level::kWarning, e.key, absl::StrCat("discriminants not evaluated: ", err), e.file, e.item->tok);
    } else {
      for (size_t i = 0; i < vals.size(); ++i) {
        CVal v;
        v.i = vals[i];
        bool fits = true;
        en.enumerators.push_back(MakeEnumerator(CNameOf(e.item->variants[i].name, false), v,
                                                Loc(e.file, e.item->variants[i].tok), &fits));
        if (!fits) en.enumerators.pop_back();
      }
    }
    PutEnum(std::move(en), e);
    ++out_.stats.enums.modelled;
    EmitRecordFacts(id);
  }

  void EmitModConstsEnum(int id) {
    Entity& e = ents_[id];
    const Item* ty = ModConstsType(e);
    contract::Enum en;
    en.name = e.key;
    en.rust_style = "moduleconsts";
    en.loc = Loc(e.file, e.item->tok);
    if (ty) en.underlying = ToType(ty->type[0], e.file, nullptr, 0);
    if (e.layout.ok) en.size_bytes = e.layout.size;
    IntTy ity;
    bool have_ty = ty && IntTyOf(ty->type[0], e.file, nullptr, &ity, 0);
    for (const Item& c : e.item->items) {
      if (c.kind != Item::kConst || c.expr.empty()) continue;
      CVal v;
      std::string err;
      if (!have_ty || !EvalInt(c.expr[0], e.file, ity, nullptr, 0, &v, &err)) {
        AddNote(Note::Level::kWarning, e.key, absl::StrCat("enumerator `", c.name, "` not evaluated: ", err), e.file, c.tok);
        continue;
      }
      bool fits = true;
      en.enumerators.push_back(MakeEnumerator(CNameOf(c.name, c.raw_name), v, Loc(e.file, c.tok), &fits));
      if (!fits) en.enumerators.pop_back();
      // Also a constant, keyed by its path.
      contract::Constant k;
      k.name = absl::StrCat(e.key, "::", c.name);
      k.kind = contract::ConstantKind::kInt;
      k.int_value = en.enumerators.empty() ? contract::IntValue{} : en.enumerators.back().value;
      k.type = Type::Named(TypeKind::kEnum, e.key);
      k.loc = Loc(e.file, c.tok);
      out_.contract.constants[k.name] = std::move(k);
    }
    PutEnum(std::move(en), e);
    ++out_.stats.enums.modelled;
  }

  void EmitAlias(int id) {
    Entity& e = ents_[id];
    if (e.kind == EntKind::kAlias) {
      if (e.role == Role::kConstsEnum) {
        EmitConstsEnum(id);
        EmitAliasFact(id);
        return;
      }
      if (e.item->type.empty()) {
        AddNote(Note::Level::kInfo, e.key, "type alias without a target", e.file, e.item->tok);
        ++out_.stats.type_aliases.noted;
        e.noted = true;
        return;
      }
      if (e.item->generics.HasTypeOrConst()) {
        AddNote(Note::Level::kInfo, e.key, absl::StrCat("generic type alias `", e.rust_name, "` not modelled"), e.file,
                e.item->tok);
        ++out_.stats.type_aliases.noted;
        e.noted = true;
        return;
      }
    }
    contract::Typedef td;
    td.name = e.key;
    td.loc = Loc(e.file, e.kind == EntKind::kAlias ? e.item->tok : e.item->begin_tok);
    if (e.kind == EntKind::kAlias) {
      td.target = ToType(e.item->type[0], e.file, nullptr, 0);
    } else {
      int t = UseTarget(e);
      if (t >= 0) {
        td.target = NamedEntityType(t);
      } else {
        Prim p;
        if (LookupRustPrim(e.use->path.back(), tg_, &p) || LookupCType(e.use->path.back(), tg_, &p)) {
          td.target = PrimType(p, e.use->path.back());
        } else {
          AddNote(Note::Level::kInfo, e.key,
                  absl::StrCat("`use ", absl::StrJoin(e.use->path, "::"), " as ", e.rust_name,
                               "`: target not in the inputs"),
                  e.file, e.item->begin_tok);
          return;
        }
      }
    }
    if (td.target.kind == TypeKind::kUnknown) {
      AddNote(Note::Level::kInfo, e.key, absl::StrCat("type alias target `", td.target.spelling, "` not modelled"),
              e.file, e.item->tok);
    }
    if (out_.contract.typedefs.count(td.name)) {
      AddNote(Note::Level::kWarning, td.name, "duplicate type alias; first one kept", e.file, e.item->tok);
      if (e.kind == EntKind::kAlias) ++out_.stats.type_aliases.noted;
      e.noted = true;
      return;
    }
    if (!e.layout.ok && e.kind == EntKind::kAlias) {
      AddNote(Note::Level::kInfo, td.name, absl::StrCat("layout not computed: ", e.layout.err), e.file, e.item->tok);
    }
    out_.contract.typedefs[td.name] = std::move(td);
    if (e.kind == EntKind::kAlias) ++out_.stats.type_aliases.modelled;
    e.emitted = true;
    EmitAliasFact(id);
  }

  void EmitAliasFact(int id) {
    const Entity& e = ents_[id];
    if (!e.layout.ok && (e.layout.err.find("unsized") != std::string::npos)) return;
    RustLayoutFact f;
    f.item = e.key;
    f.file_index = e.file;
    f.rust_path = RustPath(e);
    f.accessible = e.accessible && !f.rust_path.empty();
    if (e.layout.ok) {
      f.size = e.layout.size;
      f.align = e.layout.align;
    } else {
      f.why_unknown = e.layout.err;
    }
    out_.facts.push_back(std::move(f));
  }

  void EmitConst(int id) {
    Entity& e = ents_[id];
    const Item& it = *e.item;
    CVal v;
    std::string err;
    bool ok = EvalConstEntity(id, 0, &v, &err);
    if (!ok) {
      AddNote(Note::Level::kInfo, e.key, absl::StrCat("constant not evaluated: ", err), e.file, it.tok);
      ++out_.stats.consts.noted;
      return;
    }
    contract::Constant k;
    k.name = e.key;
    k.loc = Loc(e.file, it.tok);
    k.type = it.type.empty() ? Type::Unknown("") : ToType(it.type[0], e.file, nullptr, 0);
    if (v.k == CVal::kInt) {
      k.kind = contract::ConstantKind::kInt;
      if (v.i < -static_cast<i128>(~uint64_t{0}) || v.i > static_cast<i128>(~uint64_t{0})) {
        AddNote(Note::Level::kInfo, e.key, "constant beyond 64 bits not represented", e.file, it.tok);
        ++out_.stats.consts.noted;
        return;
      }
      k.int_value.negative = v.i < 0;
      k.int_value.magnitude = static_cast<uint64_t>(v.i < 0 ? -v.i : v.i);
    } else if (v.k == CVal::kFloat) {
      k.kind = contract::ConstantKind::kFloat;
      k.float_value = v.f;
    } else if (v.k == CVal::kStr) {
      k.kind = contract::ConstantKind::kString;
      k.string_value = v.s;
      if (!k.string_value.empty() && k.string_value.back() == '\0') k.string_value.pop_back();
    } else {
      AddNote(Note::Level::kInfo, e.key, "constant not evaluated", e.file, it.tok);
      ++out_.stats.consts.noted;
      return;
    }
    if (out_.contract.constants.count(k.name)) {
      AddNote(Note::Level::kWarning, e.key, "duplicate constant; first one kept", e.file, it.tok);
      ++out_.stats.consts.noted;
      return;
    }
    out_.contract.constants[k.name] = std::move(k);
    ++out_.stats.consts.modelled;
  }

  void EmitFunctions() {
    for (const PendingFn& pf : pending_fns_) {
      const Item& it = *pf.item;
      contract::Function fn;
      fn.name = pf.symbol;
      fn.loc = Loc(pf.file, it.tok);
      fn.variadic = it.sig.variadic;
      if (!pf.abi.empty() && pf.abi != "C") fn.calling_conv = pf.abi;
      if (it.sig.ret.empty()) {
        fn.return_type = Type::Void();
      } else if (it.sig.ret[0].kind == TypeNode::kNever) {
        fn.return_type = Type::Void();
        fn.no_return = true;
      } else {
        fn.return_type = ToType(it.sig.ret[0], pf.file, nullptr, 0);
      }
      bool unknown_types = fn.return_type.kind == TypeKind::kUnknown;
      for (const Param& p : it.sig.params) {
        contract::Param cp;
        cp.name = CNameOf(p.name, false);
        cp.type = ToType(p.type, pf.file, nullptr, 0);
        unknown_types |= cp.type.kind == TypeKind::kUnknown;
        fn.params.push_back(std::move(cp));
      }
      if (it.sig.self_kind != FnSig::kNoSelf) {
        AddNote(Note::Level::kWarning, fn.name, "function with a self parameter in an extern position", pf.file, it.tok);
      }
      if (unknown_types) {
        AddNote(Note::Level::kInfo, fn.name, "some parameter or return types are not C types", pf.file, it.tok);
      }
      if (out_.contract.functions.count(fn.name)) {
        AddNote(Note::Level::kWarning, fn.name, "function declared more than once; first declaration kept", pf.file,
                it.tok);
        ++out_.stats.functions.noted;
        continue;
      }
      out_.contract.functions[fn.name] = std::move(fn);
      ++out_.stats.functions.modelled;
    }
    for (const PendingVar& pv : pending_vars_) {
      const Item& it = *pv.item;
      contract::Variable v;
      v.name = it.name;
      if (auto ln = AttrString(it.attrs, "link_name", pv.file)) {
        v.name = *ln;
        if (StartsWith(v.name, "\x01")) v.name = v.name.substr(1);
      } else if (auto en = AttrString(it.attrs, "export_name", pv.file)) {
        v.name = *en;
      }
      v.is_const = !it.is_mut;
      v.loc = Loc(pv.file, it.tok);
      v.type = it.type.empty() ? Type::Unknown("") : ToType(it.type[0], pv.file, nullptr, 0);
      if (out_.contract.variables.count(v.name)) {
        AddNote(Note::Level::kWarning, v.name, "static declared more than once; first kept", pv.file, it.tok);
        ++out_.stats.statics.noted;
        continue;
      }
      out_.contract.variables[v.name] = std::move(v);
      ++out_.stats.statics.modelled;
    }
  }

  void EmitAll() {
    for (size_t i = 0; i < ents_.size(); ++i) {
      item_steps_ = 0;
      Entity& e = ents_[i];
      int id = static_cast<int>(i);
      switch (e.kind) {
        case EntKind::kStruct:
        case EntKind::kUnion:
          EmitRecord(id);
          break;
        case EntKind::kEnum:
          EmitRustEnum(id);
          break;
        case EntKind::kAlias:
        case EntKind::kUseAlias:
          EmitAlias(id);
          break;
        case EntKind::kConst:
          EmitConst(id);
          break;
        case EntKind::kModConsts:
          EmitModConstsEnum(id);
          break;
      }
    }
    EmitFunctions();
    for (const auto& [name, a] : asserted_) {
      if (used_asserts_.count(name)) continue;
      AddNote(Note::Level::kInfo, name, "layout assertions for a type that is not a modelled record", a.file, a.tok);
    }
  }

  const RustFrontendOptions& opts_;
  Target tg_;
  std::vector<ParsedFile> files_;
  std::vector<Entity> ents_;
  struct Mod {
    std::string name;
    int parent;
    int depth;
  };
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
  RustExtraction out_;
};

}  // namespace

absl::StatusOr<RustExtraction> ExtractRustSources(const std::vector<RustSource>& sources,
                                                  const RustFrontendOptions& options) {
  BF_ASSIGN_OR_RETURN(Target tg, MakeTarget(options));
  if (options.max_nesting_depth < 1 || options.max_nesting_depth > 4096) {
    return absl::InvalidArgumentError("max_nesting_depth must be in [1, 4096]");
  }
  Extractor ex(options, std::move(tg));
  return ex.Run(sources);
}

absl::StatusOr<std::vector<RustSource>> ReadRustSources(const std::vector<std::string>& files,
                                                        const RustFrontendOptions& options) {
  std::vector<RustSource> out;
  for (const std::string& f : files) {
    BF_ASSIGN_OR_RETURN(std::string text, ReadFile(f, options.max_input_bytes));
    out.push_back({f, std::move(text)});
  }
  return out;
}

absl::StatusOr<Contract> ExtractRust(const std::vector<std::string>& files, const RustFrontendOptions& options) {
  BF_ASSIGN_OR_RETURN(std::vector<RustSource> srcs, ReadRustSources(files, options));
  BF_ASSIGN_OR_RETURN(RustExtraction ex, ExtractRustSources(srcs, options));
  return std::move(ex.contract);
}

absl::StatusOr<Contract> ExtractRustFromSource(std::string_view source, std::string_view file_name,
                                               const RustFrontendOptions& options) {
  std::vector<RustSource> srcs;
  srcs.push_back({S(file_name), S(source)});
  BF_ASSIGN_OR_RETURN(RustExtraction ex, ExtractRustSources(srcs, options));
  return std::move(ex.contract);
}

}  // namespace bindfuzz::rust_frontend
