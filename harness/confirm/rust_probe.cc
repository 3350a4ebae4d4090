#include "harness/confirm/rust_probe.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/confirm/crate_probe.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"
#include "harness/rust_frontend/rustc_oracle.h"
#include "harness/target/minicore_probe.h"
#include "harness/target/subprocess.h"
#include "harness/target/target.h"
#include "nlohmann/json.hpp"

namespace bindfuzz::confirm {
namespace {

// rustc's arguments for a probe: lints capped, the inputs' cfgs set.
std::vector<std::string> CfgArgs(const std::vector<std::string>& cfgs) {
  std::vector<std::string> out = {"--cap-lints", "allow"};
  for (const std::string& c : cfgs) out.insert(out.end(), {"--cfg", c});
  return out;
}

namespace fs = std::filesystem;
using rust_frontend::Item;
using rust_frontend::LexedFile;
using rust_frontend::Token;
using rust_frontend::TokKind;

constexpr char kFactPrefix[] = "BINDFUZZ_FACT_";
constexpr char kRuntimeTag[] = "BINDFUZZ_RT";
constexpr char kMain[] = "main.rs";
constexpr char kCrateMain[] = "bindfuzz_probe_main.rs";

std::string AV(std::string_view s) { return std::string(s); }

std::string Basename(const std::string& p) {
  size_t s = p.find_last_of('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

std::string ModName(size_t i) { return absl::StrCat("bindfuzz_in_", i); }

// ------------------------------------------------------------ the crate --

struct Walker {
  const LexedFile& lex;
  size_t file;
  std::map<std::tuple<size_t, uint32_t, uint32_t>, RustItemRef>* out;
  // Include sites: module path and the macro call item.
  std::vector<std::pair<std::vector<std::string>, const Item*>>* includes;

  std::tuple<size_t, uint32_t, uint32_t> Key(uint32_t tok) const {
    auto pos = lex.Pos(lex.tokens[tok].begin);
    return {file, pos.line, pos.column};
  }

  bool Segment(const std::string& name, std::vector<std::string>* path) const {
    std::string s = SafeRustIdent(name, false);
    if (s.empty()) return false;
    path->push_back(s);
    return true;
  }

  void Add(uint32_t tok, RustItemRef::Kind kind, std::vector<std::string> path, std::string member,
           std::string item_kind) {
    RustItemRef r;
    r.kind = kind;
    r.path = std::move(path);
    r.member = std::move(member);
    r.item_kind = std::move(item_kind);
    out->emplace(Key(tok), std::move(r));
  }

  void Walk(const std::vector<Item>& items, const std::vector<std::string>& mod, int depth) {
    if (depth > 64) return;
    for (const Item& it : items) {
      std::vector<std::string> path = mod;
      switch (it.kind) {
        case Item::kMod:
          if (it.inline_mod && Segment(it.name, &path)) Walk(it.items, path, depth + 1);
          break;
        case Item::kStruct:
        case Item::kUnion:
        case Item::kEnum: {
          if (!Segment(it.name, &path)) break;
          const char* k = it.kind == Item::kStruct ? "struct" : it.kind == Item::kUnion ? "union" : "enum";
          Add(it.tok, RustItemRef::Kind::kType, path, "", k);
          for (const auto& f : it.fields) {
            std::string fs = SafeRustIdent(f.name, true);
            if (!fs.empty()) Add(f.tok, RustItemRef::Kind::kField, path, fs, k);
          }
          for (const auto& v : it.variants) {
            std::string vs = SafeRustIdent(v.name, false);
            if (!vs.empty()) Add(v.tok, RustItemRef::Kind::kVariant, path, vs, "variant");
          }
          break;
        }
        case Item::kTypeAlias:
        case Item::kExternType:
          if (Segment(it.name, &path)) Add(it.tok, RustItemRef::Kind::kType, path, "", "type");
          break;
        case Item::kConst:
        case Item::kStatic:
        case Item::kFn:
          if (Segment(it.name, &path))
            Add(it.tok, RustItemRef::Kind::kValue, path, "",
                it.kind == Item::kConst ? "const" : it.kind == Item::kStatic ? "static" : "fn");
          break;
        case Item::kExternBlock:
          for (const Item& sub : it.items) {
            std::vector<std::string> p = mod;
            if ((sub.kind == Item::kFn || sub.kind == Item::kStatic) && Segment(sub.name, &p))
              Add(sub.tok, RustItemRef::Kind::kValue, p, "", sub.kind == Item::kFn ? "extern fn" : "extern static");
            if (sub.kind == Item::kExternType && Segment(sub.name, &p))
              Add(sub.tok, RustItemRef::Kind::kType, p, "", "type");
          }
          break;
        case Item::kImpl: {
          // Inherent impls of a plain type name: associated consts (bindgen's
          // newtype enums) and methods (bitfield accessors).
          if (!it.trait_type.empty() || it.type.size() != 1) break;
          const auto& ty = it.type[0];
          if (ty.kind != rust_frontend::TypeNode::kPath || !ty.path.IsSingle() || ty.path.segments[0].has_args) break;
          if (!Segment(ty.path.segments[0].name, &path)) break;
          for (const Item& sub : it.items) {
            std::string s = SafeRustIdent(sub.name, false);
            if (s.empty()) continue;
            if (sub.kind == Item::kConst) {
              std::vector<std::string> p = path;
              p.push_back(s);
              Add(sub.tok, RustItemRef::Kind::kValue, p, "", "assoc const");
            } else if (sub.kind == Item::kFn) {
              Add(sub.tok, RustItemRef::Kind::kMethod, path, s, "method");
            }
          }
          break;
        }
        case Item::kMacroCall:
          if (!it.macro_path.segments.empty() && it.macro_path.Last() == "include") includes->push_back({mod, &it});
          break;
        default:
          break;
      }
    }
  }
};

// The string literals inside a macro call's token tree.
std::vector<std::string> StringLiterals(const LexedFile& lex, const Item& call) {
  std::vector<std::string> out;
  for (uint32_t t = call.tt_begin; t < call.tt_end && t < lex.tokens.size(); ++t) {
    const Token& k = lex.tokens[t];
    if (k.kind != TokKind::kLiteral || k.lit != rust_frontend::LitKind::kStr) continue;
    std::string s;
    if (rust_frontend::DecodeStringLiteral(lex.Text(k), &s)) out.push_back(s);
  }
  return out;
}

// ----------------------------------------------------------- generation --

std::string FfiItems(const target::TargetInfo& t, std::optional<bool> c_char_signed) {
  std::string out;
  for (std::string_view name : target::CoreFfiNames()) {
    if (name == "c_void") continue;
    std::string ty = AV(*target::CoreFfiAlias(t, name));
    if (name == "c_char" && c_char_signed) ty = *c_char_signed ? "i8" : "u8";
    // bindgen output mixes `c_long` with `isize` where they are the same
    // width (the kernel's ffi maps them so): keep them interchangeable.
    const std::string ptr_int = absl::StrCat("i", t.pointer_bits);
    if ((name == "c_long" || name == "c_ulong") && ty.substr(1) == ptr_int.substr(1))
      ty = name == "c_long" ? "isize" : "usize";
    absl::StrAppend(&out, "pub type ", AV(name), " = ", ty, ";\n");
  }
  absl::StrAppend(&out, "pub use ::core::ffi::c_void;\n");
  return out;
}

// The probe's helpers: type shapes, function signatures, field access.
// Shape codes: 1 signed int, 2 unsigned int, 3 float, 4 pointer, 5 function
// pointer, 6 bool, 7 void, 8 aggregate, 9 array, 10 never, 11 zero-sized
// (opaque) aggregate. SHAPE = [class, size, align, inner class, inner size,
// inner align, count]; SIG (function pointers) = [ret class, size, align,
// arity | variadic << 32, then class, size, align per parameter].
// `runtime`: the probe runs (host, own binary); `builtin_offset_of`: the
// minicore `core` has no offset_of! macro; `in_crate`: appended to a crate
// of any edition (no `use ::core::...`).
std::string RuntimeModule(bool runtime, bool builtin_offset_of, bool in_crate) {
  const bool host = runtime;
  const size_t max_arity = kMaxArity, sig_len = kSigLen;
  std::string m;
  absl::StrAppend(&m, "#[allow(warnings)]\npub(crate) mod bindfuzz_rt {\n",
                  in_crate ? "    pub const fn size_of<T>() -> usize { core::mem::size_of::<T>() }\n"
                             "    pub const fn align_of<T>() -> usize { core::mem::align_of::<T>() }\n"
                           : "    use ::core::mem::{size_of, align_of};\n",
                  "    pub const SIG_LEN: usize = ", sig_len, ";\n",
                  "    pub trait BfTy { const SHAPE: [u64; 7]; const SIG: [u64; ", sig_len, "]; }\n",
                  "    impl<T> BfTy for T {\n",
                  "        default const SHAPE: [u64; 7] = [match size_of::<T>() { 0 => 11, _ => 8 }, size_of::<T>() as u64, "
                  "align_of::<T>() as u64, 0, 0, 0, 0];\n",
                  "        default const SIG: [u64; ", sig_len, "] = [0; ", sig_len, "];\n    }\n");
  auto scalar = [&](const std::string& ty, int cls) {
    absl::StrAppend(&m, "    impl BfTy for ", ty, " { const SHAPE: [u64; 7] = [", cls, ", size_of::<", ty,
                    ">() as u64, align_of::<", ty, ">() as u64, 0, 0, 0, 0]; const SIG: [u64; ", sig_len, "] = [0; ",
                    sig_len, "]; }\n");
  };
  for (const char* t : {"i8", "i16", "i32", "i64", "i128", "isize"}) scalar(t, 1);
  for (const char* t : {"u8", "u16", "u32", "u64", "u128", "usize", "char"}) scalar(t, 2);
  scalar("f32", 3);
  scalar("f64", 3);
  scalar("bool", 6);
  absl::StrAppend(&m, "    impl BfTy for () { const SHAPE: [u64; 7] = [7, 0, 1, 0, 0, 0, 0]; const SIG: [u64; ", sig_len,
                  "] = [0; ", sig_len, "]; }\n",
                  "    impl BfTy for ::core::ffi::c_void { const SHAPE: [u64; 7] = [7, 0, 1, 0, 0, 0, 0]; const SIG: [u64; ",
                  sig_len, "] = [0; ", sig_len, "]; }\n",
                  "    impl BfTy for ! { const SHAPE: [u64; 7] = [10, 0, 1, 0, 0, 0, 0]; const SIG: [u64; ", sig_len,
                  "] = [0; ", sig_len, "]; }\n");
  for (const char* p : {"*const T", "*mut T", "&'a T", "&'a mut T", "::core::option::Option<&'a T>", "::core::option::Option<&'a mut T>",
                        "::core::ptr::NonNull<T>", "::core::option::Option<::core::ptr::NonNull<T>>"}) {
    const bool lifetime = std::string_view(p).find("'a") != std::string_view::npos;
    absl::StrAppend(&m, "    impl<", lifetime ? "'a, " : "", "T> BfTy for ", p,
                    " { const SHAPE: [u64; 7] = { let [c, s, a, ..] = T::SHAPE; [4, size_of::<Self>() as u64, ",
                    "align_of::<Self>() as u64, c, s, a, 0] }; const SIG: [u64; ", sig_len, "] = [0; ", sig_len, "]; }\n");
  }
  absl::StrAppend(&m, "    impl<T, const N: usize> BfTy for [T; N] { const SHAPE: [u64; 7] = { let [c, s, a, ..] = T::SHAPE; ",
                  "[9, size_of::<Self>() as u64, align_of::<Self>() as u64, c, s, a, N as u64] }; const SIG: [u64; ", sig_len,
                  "] = [0; ", sig_len, "]; }\n");
  // Function pointers: every arity up to max_arity, safe or unsafe, variadic or not, bare or in Option.
  for (size_t k = 0; k <= max_arity; ++k) {
    std::vector<std::string> gen = {"R: BfTy"}, args;
    for (size_t a = 0; a < k; ++a) {
      gen.push_back(absl::StrCat("A", a, ": BfTy"));
      args.push_back(absl::StrCat("A", a));
    }
    // Built by destructuring, not indexing: the minicore `core` of other
    // targets has no indexing lang items.
    std::string sig = "{ let [rc, rs, ra, ..] = R::SHAPE; ";
    std::vector<std::string> words = {"rc", "rs", "ra", "ARITY"};
    for (size_t a = 0; a < k; ++a) {
      absl::StrAppend(&sig, "let [a", a, "c, a", a, "s, a", a, "a, a", a, "i, ..] = A", a, "::SHAPE; ");
      for (const char* x : {"c", "s", "a", "i"}) words.push_back(absl::StrCat("a", a, x));
    }
    while (words.size() < sig_len) words.push_back("0");
    absl::StrAppend(&sig, "[", absl::StrJoin(words, ", "), "] }");
    for (int variadic = 0; variadic < 2; ++variadic) {
      if (variadic && k == 0) continue;
      std::string params = absl::StrJoin(args, ", ");
      if (variadic) params += ", ...";
      // arity | variadic << 32, as a literal (no operator traits needed).
      std::string s = absl::StrReplaceAll(sig, {{"ARITY", std::to_string(k | (uint64_t{variadic ? 1u : 0u} << 32))}});
      for (const char* unsafety : {"unsafe ", ""}) {
        std::string fnty = absl::StrCat(unsafety, "extern \"C\" fn(", params, ") -> R");
        for (int opt = 0; opt < 2; ++opt) {
          std::string ty = opt ? absl::StrCat("::core::option::Option<", fnty, ">") : fnty;
          absl::StrAppend(&m, "    impl<", absl::StrJoin(gen, ", "), "> BfTy for ", ty,
                          " { const SHAPE: [u64; 7] = [5, size_of::<Self>() as u64, align_of::<Self>() as u64, 0, 0, 0, ",
                          k | (uint64_t{variadic ? 1u : 0u} << 32), "]; const SIG: [u64; ", sig_len, "] = ", s, "; }\n");
        }
      }
      // The signature of a function item, coerced to its pointer type, and
      // the SHAPE ++ SIG of its return type (part 0) or parameter `i` (1..).
      absl::StrAppend(&m, "    pub const fn fn_sig_", k, variadic ? "_v" : "", "<", absl::StrJoin(gen, ", "),
                      ">(_f: unsafe extern \"C\" fn(", params, ") -> R) -> [u64; ", sig_len, "] { <unsafe extern \"C\" fn(",
                      params, ") -> R as BfTy>::SIG }\n");
      std::vector<std::string> arms = {"0 => part::<R>(),"};
      for (size_t a = 0; a < k; ++a) arms.push_back(absl::StrCat(a + 1, " => part::<A", a, ">(),"));
      absl::StrAppend(&m, "    pub const fn fn_part_", k, variadic ? "_v" : "", "<", absl::StrJoin(gen, ", "),
                      ">(_f: unsafe extern \"C\" fn(", params, ") -> R, i: usize) -> [u64; ", kShapeLen + sig_len,
                      "] { match i { ", absl::StrJoin(arms, " "), " _ => [0; ", kShapeLen + sig_len, "] } }\n");
    }
  }
  {
    std::vector<std::string> sh, sg;
    for (size_t i = 0; i < kShapeLen; ++i) sh.push_back(absl::StrCat("s", i));
    for (size_t i = 0; i < sig_len; ++i) sg.push_back(absl::StrCat("g", i));
    std::vector<std::string> all = sh;
    all.insert(all.end(), sg.begin(), sg.end());
    absl::StrAppend(&m, "    pub const fn part<T: BfTy>() -> [u64; ", kShapeLen + sig_len, "] { let [", absl::StrJoin(sh, ", "),
                    "] = T::SHAPE; let [", absl::StrJoin(sg, ", "), "] = T::SIG; [", absl::StrJoin(all, ", "), "] }\n");
  }
  absl::StrAppend(&m, "    pub const fn ty_of<T: BfTy>(_p: *const T) -> [u64; 7] { T::SHAPE }\n",
                  "    pub const fn sig_of<T: BfTy>(_p: *const T) -> [u64; ", sig_len, "] { T::SIG }\n",
                  "    pub const fn ty<T: BfTy>() -> [u64; 7] { T::SHAPE }\n",
                  "    pub const fn sig<T: BfTy>() -> [u64; ", sig_len, "] { T::SIG }\n");
  if (host) {
    absl::StrAppend(
        &m, "    pub trait BfOnes { fn ones() -> Self; }\n",
        "    macro_rules! bf_ones { ($($t:ty)*) => { $( impl BfOnes for $t { fn ones() -> Self { !0 } } )* } }\n",
        "    bf_ones!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);\n",
        "    impl BfOnes for bool { fn ones() -> Self { true } }\n",
        "    pub fn ones<T: BfOnes>() -> T { T::ones() }\n",
        "    pub fn bytes_of<T>(v: &T) -> ::std::vec::Vec<u8> {\n",
        "        unsafe { ::core::slice::from_raw_parts(v as *const T as *const u8, size_of::<T>()) }.to_vec()\n    }\n",
        "    pub fn emit(id: u32, b: ::std::vec::Vec<u8>) {\n",
        "        let hex: ::std::string::String = b.iter().map(|x| format!(\"{:02x}\", x)).collect();\n",
        "        println!(\"", kRuntimeTag, " {} {}\", id, hex);\n    }\n");
  }
  absl::StrAppend(&m, "}\n");
  // Macros facts use, so that facts need no statements.
  absl::StrAppend(&m, !builtin_offset_of ? "macro_rules! bindfuzz_offset_of { ($t:ty, $f:tt) => { ::core::mem::offset_of!($t, $f) } }\n"
                           : "macro_rules! bindfuzz_offset_of { ($t:ty, $f:tt) => { builtin # offset_of($t, $f) } }\n");
  absl::StrAppend(
      &m,
      "macro_rules! bindfuzz_field_ty { ($t:ty, $($f:tt)+) => {{ let u = ::core::mem::MaybeUninit::<$t>::uninit(); "
      "crate::bindfuzz_rt::ty_of(unsafe { ::core::ptr::addr_of!((*u.as_ptr()).$($f)+) }) }} }\n",
      "macro_rules! bindfuzz_field_sig { ($t:ty, $($f:tt)+) => {{ let u = ::core::mem::MaybeUninit::<$t>::uninit(); "
      "crate::bindfuzz_rt::sig_of(unsafe { ::core::ptr::addr_of!((*u.as_ptr()).$($f)+) }) }} }\n",
      "macro_rules! bindfuzz_static_ty { ($p:path) => { crate::bindfuzz_rt::ty_of(if false { unsafe { &raw const $p } } "
      "else { ::core::ptr::null() }) } }\n",
      "macro_rules! bindfuzz_static_sig { ($p:path) => { crate::bindfuzz_rt::sig_of(if false { unsafe { &raw const $p } } "
      "else { ::core::ptr::null() }) } }\n",
      // Reading the discriminant makes const evaluation check the value: an
      // invalid one is "enum value has invalid tag".
      // (through a union: the minicore `core` has no transmute).
      "macro_rules! bindfuzz_valid { ($t:ty, $u:ty, $v:expr) => {{ #[repr(C)] union Bf { u: $u, t: $t } "
      "let v: $t = unsafe { Bf { u: $v }.t }; let d = v as i128; match d { _ => 1u64 } }} }\n",
      "macro_rules! bindfuzz_exists { ($e:expr) => {{ let _ = $e; 1u64 }} }\n",
      "macro_rules! bindfuzz_safe_field { ($t:ty, $f:tt) => {{ fn bindfuzz_t(x: &$t) -> usize { let r = &x.$f; "
      "r as *const _ as *const u8 as usize } 1u64 }} }\n");
  if (host) {
    absl::StrAppend(&m,
                    "macro_rules! bindfuzz_set_ones { ($t:ty, $set:ident) => {{ let mut s: $t = unsafe { "
                    "::core::mem::zeroed() }; s.$set(crate::bindfuzz_rt::ones()); crate::bindfuzz_rt::bytes_of(&s) }} }\n");
  }
  return m;
}

// bindgen's `__BindgenUnionField<T>` is a zero-sized view of a union member
// of type T: its shape is T's (what the Rust front end models).
std::string UnionFieldImpls(const RustProbeCrate& crate) {
  std::string out;
  for (const std::string& p : crate.UnionFieldPaths()) {
    absl::StrAppend(&out, "impl<T: crate::bindfuzz_rt::BfTy> crate::bindfuzz_rt::BfTy for ", p,
                    "<T> { const SHAPE: [u64; 7] = T::SHAPE; const SIG: [u64; ", kSigLen, "] = T::SIG; }\n");
  }
  return out;
}

// One rustc diagnostic, with the main.rs line it is attributed to.
struct RDiag {
  std::vector<uint32_t> lines;  // main.rs lines it points at: primary spans first, then macro call sites
  std::string text;  // rendered (or the message)
  bool link_error = false;
};

void SpanLines(const nlohmann::json& span, const std::string& main_file, std::vector<uint32_t>* lines, int depth) {
  if (!span.is_object() || depth > 32) return;
  std::string file = span.value("file_name", "");
  if (file == main_file || absl::EndsWith(file, "/" + main_file)) {
    if (span.contains("line_start") && span["line_start"].is_number_unsigned())
      lines->push_back(span["line_start"].get<uint32_t>());
  }
  if (span.contains("expansion") && span["expansion"].is_object()) {
    SpanLines(span["expansion"].value("span", nlohmann::json()), main_file, lines, depth + 1);
  }
}

std::vector<RDiag> ParseRustcJson(const std::string& err, const std::string& main_file) {
  std::vector<RDiag> out;
  for (absl::string_view line : absl::StrSplit(err, '\n', absl::SkipEmpty())) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      if (absl::StrContains(line, "error")) out.push_back({{}, std::string(line), false});
      continue;
    }
    if (j.value("level", "") != "error") continue;
    std::string msg = j.value("message", "");
    if (absl::StartsWith(msg, "aborting due to")) continue;
    RDiag d;
    d.text = j.contains("rendered") && j["rendered"].is_string() ? j["rendered"].get<std::string>() : msg;
    d.link_error = absl::StartsWith(msg, "linking with");
    std::vector<uint32_t> primary, any;
    if (j.contains("spans") && j["spans"].is_array()) {
      for (const auto& s : j["spans"]) {
        std::vector<uint32_t> l;
        SpanLines(s, main_file, &l, 0);
        if (s.value("is_primary", false) && !l.empty()) primary.push_back(l.front());
        any.insert(any.end(), l.begin(), l.end());
      }
    }
    if (j.contains("children") && j["children"].is_array()) {
      for (const auto& c : j["children"]) {
        if (!c.contains("spans") || !c["spans"].is_array()) continue;
        for (const auto& s : c["spans"]) SpanLines(s, main_file, &any, 0);
      }
    }
    d.lines = primary;
    d.lines.insert(d.lines.end(), any.begin(), any.end());
    out.push_back(std::move(d));
  }
  return out;
}

std::string FirstN(const std::vector<std::string>& v, size_t n) {
  std::vector<std::string> s(v.begin(), v.begin() + std::min(n, v.size()));
  std::string out = absl::StrJoin(s, "\n");
  if (out.size() > 3000) out = out.substr(0, 3000) + "...";
  return out;
}

// For the minicore `core` of other targets, which derives only Copy:
// `#[derive(...)]` keeps Copy (union fields need it) and drops the rest.
// Derives do not change layout. Line structure is kept.
std::string ReduceDerives(const std::string& name, const std::string& text) {
  auto lex = rust_frontend::Lex(name, text, {});
  if (!lex.ok()) return text;
  const auto& t = (*lex)->tokens;
  struct Edit {
    uint32_t begin, end;
    std::string repl;
  };
  std::vector<Edit> edits;
  for (size_t i = 0; i + 3 < t.size(); ++i) {
    if (t[i].kind != TokKind::kPunct || t[i].punct != '#' || t[i + 1].kind != TokKind::kPunct || t[i + 1].punct != '[')
      continue;
    if (t[i + 2].kind != TokKind::kIdent || (*lex)->Text(t[i + 2]) != "derive") continue;
    const size_t close = t[i + 1].match;
    if (close >= t.size() || close <= i + 1) continue;
    bool copy = false;
    for (size_t k = i + 3; k < close; ++k) copy = copy || (t[k].kind == TokKind::kIdent && (*lex)->Text(t[k]) == "Copy");
    std::string old = text.substr(t[i].begin, t[close].end - t[i].begin);
    std::string repl = copy ? "#[derive(Copy)]" : "";
    for (char c : old)
      if (c == '\n') repl += '\n';
    edits.push_back({t[i].begin, t[close].end, repl});
    i = close;
  }
  std::string out = text;
  for (auto it = edits.rbegin(); it != edits.rend(); ++it) out.replace(it->begin, it->end - it->begin, it->repl);
  return out;
}

}  // namespace

// --------------------------------------------------------------- public --

std::string RustItemRef::Path() const { return absl::StrJoin(path, "::"); }

RustFact RustFact::Ints(size_t root, std::vector<std::string> exprs) {
  RustFact f;
  f.root = root;
  for (std::string& e : exprs) f.parts.push_back({std::move(e), 0});
  return f;
}

size_t RustFact::Width() const {
  size_t n = 0;
  for (const Part& p : parts) n += p.len ? p.len : 1;
  return n;
}

std::string SafeRustIdent(std::string_view name, bool allow_tuple_index) {
  bool raw = name.substr(0, 2) == "r#";
  std::string_view bare = raw ? name.substr(2) : name;
  if (bare.empty() || bare.size() > 512) return "";
  if (allow_tuple_index && !raw && bare.find_first_not_of("0123456789") == std::string_view::npos) {
    if (bare.size() < 10 && (bare == "0" || bare[0] != '0')) return std::string(bare);
    return "";
  }
  auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!start(bare[0]) || bare == "_") return "";
  for (char c : bare) {
    if (!start(c) && !(c >= '0' && c <= '9')) return "";
  }
  if (bare == "self" || bare == "super" || bare == "crate" || bare == "Self") return "";
  std::string lower = absl::AsciiStrToLower(std::string(bare));
  if (absl::StartsWith(lower, "bindfuzz_")) return "";  // the probe's own names
  if (raw || rust_frontend::IsRustKeyword(bare)) return absl::StrCat("r#", AV(bare));
  return std::string(bare);
}

std::string UnsafeRustFact(const RustFact& fact) {
  if (fact.parts.empty()) return "malformed fact";
  if (fact.kind != RustFact::Kind::kInts && fact.parts.size() != 1) return "malformed fact";
  for (const RustFact::Part& p : fact.parts) {
    const std::string& e = p.expr;
    if (e.empty() || e.size() > 4096 || p.len > 4096) return "empty or oversized expression";
    for (size_t i = 0; i < e.size(); ++i) {
      char c = e[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("_ :<>()[]{},.&*!=+-|~^?").find(c) != std::string_view::npos;
      // `#` only in raw identifiers (`r#type`), never starting an attribute.
      if (c == '#') {
        ok = i > 0 && e[i - 1] == 'r' && (i < 2 || !(std::isalnum(static_cast<unsigned char>(e[i - 2])) || e[i - 2] == '_')) &&
             i + 1 < e.size() && (std::isalpha(static_cast<unsigned char>(e[i + 1])) || e[i + 1] == '_');
      }
      if (!ok) return absl::StrCat("character '", std::string(1, c), "' is not allowed in a probe expression");
    }
  }
  return "";
}

absl::StatusOr<RustProbeCrate> RustProbeCrate::BuildInCrate(const rust_frontend::RustSource& expanded) {
  return Build({expanded}, true);
}

absl::StatusOr<RustProbeCrate> RustProbeCrate::Build(const std::vector<rust_frontend::RustSource>& sources,
                                                     bool in_crate) {
  RustProbeCrate c;
  c.in_crate_ = in_crate;
  const size_t n = sources.size();
  c.texts_.resize(n);
  c.root_of_.resize(n);
  c.prefix_.resize(n);
  std::vector<std::unique_ptr<LexedFile>> lexed(n);
  std::vector<rust_frontend::SourceFileAst> asts(n);
  std::vector<std::vector<std::pair<std::vector<std::string>, const Item*>>> includes(n);
  std::map<std::tuple<size_t, uint32_t, uint32_t>, RustItemRef> rel;
  for (size_t i = 0; i < n; ++i) {
    c.names_.push_back(sources[i].name);
    BF_ASSIGN_OR_RETURN(lexed[i], rust_frontend::Lex(sources[i].name, sources[i].text, {}));
    BF_ASSIGN_OR_RETURN(asts[i], rust_frontend::ParseFile(*lexed[i], {}));
    BF_ASSIGN_OR_RETURN(c.texts_[i], rust_frontend::BlankInnerAttributes(sources[i]));
    Walker w{*lexed[i], i, &rel, &includes[i]};
    w.Walk(asts[i].items, {}, 0);
  }
  // Which input each `include!` names: a string literal in it that ends
  // with "/<basename>" of another input (the kernel's
  // `include!(concat!(env!("OBJTREE"), "/rust/bindings/bindings_generated.rs"))`).
  std::vector<int> parent(n, -1);
  std::vector<std::vector<std::string>> site(n);
  struct Edit {
    uint32_t begin, end;
    std::string text;
  };
  std::vector<std::vector<Edit>> edits(n);
  for (size_t i = 0; i < n; ++i) {
    for (const auto& [mod, call] : includes[i]) {
      int target = -1;
      for (const std::string& lit : StringLiterals(*lexed[i], *call)) {
        for (size_t j = 0; j < n; ++j) {
          if (j == i) continue;
          std::string b = Basename(sources[j].name);
          if (lit == b || absl::EndsWith(lit, "/" + b)) target = target == -1 ? static_cast<int>(j) : -2;
        }
      }
      const Token& first = lexed[i]->tokens[call->begin_tok];
      const Token& last = lexed[i]->tokens[call->tt_end];
      std::string_view old = lexed[i]->Span(first.begin, last.end);
      size_t newlines = std::count(old.begin(), old.end(), '\n');
      std::string repl;
      if (target >= 0 && parent[target] == -1) {
        parent[target] = static_cast<int>(i);
        site[target] = mod;
        repl = absl::StrCat("include!(\"in_", target, ".rs\")");
      } else {
        // An include of a file that is not an input: its items are not in
        // the contract either; the probe compiles without it.
        repl = "const _: () = ()";
        c.notes_.push_back(absl::StrCat(lexed[i]->Where(first.begin), ": include! of a file that is not an input: left out"));
      }
      repl.append(newlines, '\n');
      edits[i].push_back({first.begin, last.end, repl});
    }
  }
  for (size_t i = 0; i < n; ++i) {
    std::sort(edits[i].begin(), edits[i].end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
    for (const Edit& e : edits[i]) c.texts_[i].replace(e.begin, e.end - e.begin, e.text);
    // The probe names items by their module path from the crate root, also
    // through private modules (the kernel's `mod bindings_raw`, which lib.rs
    // only re-exports): private modules and fields are made `pub`, which
    // changes no layout. Inside a crate, the copy of the crate is already.
    if (!in_crate) c.texts_[i] = PublishForProbe(sources[i].name, c.texts_[i]);
  }
  // Roots and module prefixes (a cycle of includes leaves its members as roots).
  for (size_t i = 0; i < n; ++i) {
    size_t r = i;
    std::vector<std::string> prefix;
    std::set<size_t> seen = {i};
    while (parent[r] >= 0 && !seen.count(static_cast<size_t>(parent[r]))) {
      prefix.insert(prefix.begin(), site[r].begin(), site[r].end());
      r = static_cast<size_t>(parent[r]);
      seen.insert(r);
    }
    if (parent[r] >= 0) {  // a cycle: break it here
      r = i;
      prefix.clear();
      parent[i] = -1;
    }
    c.root_of_[i] = r;
    c.prefix_[i] = prefix;
  }
  for (size_t i = 0; i < n; ++i) {
    if (c.root_of_[i] == i) c.roots_.push_back(i);
  }
  for (auto& [key, ref] : rel) {
    size_t f = std::get<0>(key);
    RustItemRef r = ref;
    r.root = c.root_of_[f];
    std::vector<std::string> p = {"crate", ModName(r.root)};
    if (c.in_crate_) p.pop_back();
    p.insert(p.end(), c.prefix_[f].begin(), c.prefix_[f].end());
    p.insert(p.end(), ref.path.begin(), ref.path.end());
    r.path = std::move(p);
    c.by_loc_.emplace(key, std::move(r));
  }
  return c;
}

std::vector<std::string> RustProbeCrate::UnionFieldPaths() const {
  std::vector<std::string> out;
  for (const auto& [key, ref] : by_loc_) {
    if (ref.kind == RustItemRef::Kind::kType && ref.item_kind == "struct" && !ref.path.empty() &&
        ref.path.back() == "__BindgenUnionField")
      out.push_back(ref.Path());
  }
  return out;
}

std::optional<RustItemRef> RustProbeCrate::Find(const contract::SourceLoc& loc) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] != loc.file) continue;
    auto it = by_loc_.find({i, loc.line, loc.column});
    if (it != by_loc_.end()) return it->second;
  }
  return std::nullopt;
}

RustProbeSource GenerateRustProbe(const RustProbeCrate& crate, const std::vector<RustFact>& facts,
                                  const std::vector<bool>& active, const std::string& ffi_items, bool runtime) {
  RustProbeSource s;
  s.lines.assign(facts.size(), 0);
  s.runtime_lines.assign(facts.size(), 0);
  s.refused.assign(facts.size(), "");
  std::string& m = s.main_rs;
  auto line_now = [&]() { return static_cast<uint32_t>(std::count(m.begin(), m.end(), '\n')) + 1; };
  std::vector<std::string> runtime_calls;
  std::vector<size_t> runtime_ids;
  // The facts of root `r`, one per line.
  auto emit_facts = [&](size_t r) {
    for (size_t i = 0; i < facts.size(); ++i) {
      const RustFact& f = facts[i];
      if (!active[i] || f.root != r) continue;
      std::string why = UnsafeRustFact(f);
      if (f.kind == RustFact::Kind::kRuntime && !runtime) why = "needs to run the probe: not possible for this target";
      if (f.kind == RustFact::Kind::kRuntime && crate.in_crate()) why = "needs to run the probe: not done for a crate";
      if (!why.empty()) {
        s.refused[i] = why;
        continue;
      }
      s.lines[i] = line_now();
      switch (f.kind) {
        case RustFact::Kind::kInts: {
          std::string body = "{ ";
          std::vector<std::string> words;
          for (size_t k = 0; k < f.parts.size(); ++k) {
            const RustFact::Part& p = f.parts[k];
            if (p.len == 0) {
              absl::StrAppend(&body, "let p", k, ": u64 = (", p.expr, ") as u64; ");
              words.push_back(absl::StrCat("p", k));
            } else {
              std::vector<std::string> names;
              for (size_t j = 0; j < p.len; ++j) names.push_back(absl::StrCat("p", k, "_", j));
              absl::StrAppend(&body, "let [", absl::StrJoin(names, ", "), "]: [u64; ", p.len, "] = ", p.expr, "; ");
              words.insert(words.end(), names.begin(), names.end());
            }
          }
          absl::StrAppend(&body, "[", absl::StrJoin(words, ", "), "] }");
          absl::StrAppend(&m, "        #[no_mangle] pub static ", kFactPrefix, i, ": [u64; ", f.Width(), "] = ", body, ";\n");
          break;
        }
        case RustFact::Kind::kBytes:
          absl::StrAppend(&m, "        #[no_mangle] pub static ", kFactPrefix, i, ": [u8; (", f.parts[0].expr,
                          ").len()] = *(", f.parts[0].expr, ");\n");
          break;
        case RustFact::Kind::kRuntime:
          absl::StrAppend(&m, "        pub(crate) fn bindfuzz_rt_", i, "() -> ::std::vec::Vec<u8> { ", f.parts[0].expr,
                          " }\n");
          runtime_calls.push_back(absl::StrCat("    crate::bindfuzz_rt::emit(", i, ", crate::", ModName(r),
                                               "::bindfuzz_probe::bindfuzz_rt_", i, "());\n"));
          runtime_ids.push_back(i);
          break;
      }
    }
  };
  if (crate.in_crate()) {
    // Appended to the crate's root: no crate attributes (rustc gets them
    // with -Zcrate-attr), the crate's own C types, paths from `crate::`.
    absl::StrAppend(&m, "\n// Appended by bindfuzz check --confirm: the values rustc gives for the findings.\n",
                    RuntimeModule(false, false, true), UnionFieldImpls(crate),
                    "#[allow(warnings)]\npub(crate) mod bindfuzz_probe {\n");
    if (!crate.roots().empty()) emit_facts(crate.roots().front());
    absl::StrAppend(&m, "}\n");
    m = EditionNeutralPaths(m);
    return s;
  }
  absl::StrAppend(&m,
                  "// Generated by bindfuzz check --confirm: the values rustc gives for the findings, one\n"
                  "// #[no_mangle] static per fact, read back from the LLVM IR.\n"
                  "#![feature(specialization, never_type)]\n#![allow(warnings, incomplete_features)]\n"
                  "extern crate self as ffi;\nextern crate self as libc;\n",
                  ffi_items, RuntimeModule(runtime, !runtime, false), UnionFieldImpls(crate));
  for (size_t r : crate.roots()) {
    absl::StrAppend(&m, "#[allow(warnings)]\nmod ", ModName(r), " {\n");
    for (size_t o : crate.roots()) {
      if (o != r) absl::StrAppend(&m, "    use super::", ModName(o), "::*;\n");
    }
    // Without std, nested modules do not see the prelude.
    if (!runtime) absl::StrAppend(&m, "    #[allow(unused_imports)] use ::core::prelude::*;\n");
    absl::StrAppend(&m, "    include!(\"in_", r, ".rs\");\n    pub(crate) mod bindfuzz_probe {\n");
    emit_facts(r);
    absl::StrAppend(&m, "    }\n}\n");
  }
  absl::StrAppend(&m, "fn main() {\n");
  for (size_t k = 0; k < runtime_calls.size(); ++k) {
    s.runtime_lines[runtime_ids[k]] = line_now();
    absl::StrAppend(&m, runtime_calls[k]);
  }
  absl::StrAppend(&m, "}\n");
  return s;
}

absl::StatusOr<RustProbeRun> RunRustProbe(const RustProbeCrate& crate, const std::vector<RustFact>& facts,
                                          const RustProbeOptions& o) {
  auto t0 = std::chrono::steady_clock::now();
  RustProbeRun run;
  run.results.resize(facts.size());
  if (crate.in_crate() && (!o.cargo_crate || o.cargo_crate->argv.empty())) {
    return absl::InvalidArgumentError("a probe inside a crate needs how cargo compiles the crate");
  }
  std::string rustc = crate.in_crate() ? o.cargo_crate->argv.front() : o.rustc;
  if (rustc.empty()) {
    BF_ASSIGN_OR_RETURN(rustc, target::FindProgram("rustc"));
  }
  BF_ASSIGN_OR_RETURN(target::ScratchDir wd,
                      target::ScratchDir::Open(o.work_dir, "bindfuzz-confirm-rust-", o.keep_work_dir));
  const std::string dir = wd.path();
  if (wd.kept()) run.work_dir = dir;

  const std::vector<std::string> env = {"RUSTC_BOOTSTRAP=1"};
  BF_ASSIGN_OR_RETURN(target::ProcessResult ver,
                      target::RunProcess({rustc, "-vV"}, {.env = env, .scratch_dir = dir, .timeout_seconds = 60}));
  if (ver.exit_code != 0) return absl::FailedPreconditionError(absl::StrCat(rustc, " -vV failed: ", ver.err));
  std::string host;
  for (absl::string_view line : absl::StrSplit(ver.out, '\n')) {
    if (absl::StartsWith(line, "host: ")) host = std::string(line.substr(6));
    if (absl::StartsWith(line, "release: ")) run.compiler = absl::StrCat("rustc ", line.substr(9));
  }
  const target::TargetInfo* tinfo = nullptr;
  {
    auto t = target::LookupTarget(o.rust_triple.empty() ? host : o.rust_triple);
    if (!t.ok()) return t.status();
    tinfo = *t;
  }
  // Inside a crate the probe is a library: nothing runs.
  run.host = !o.force_minicore && tinfo->rust_triple == host && !crate.in_crate();
  const bool big = tinfo->endian == target::Endian::kBig;

  const std::string ffi = FfiItems(*tinfo, o.c_char_signed);

  std::vector<bool> done(facts.size(), false);
  auto fail = [&](size_t i, RustFactResult::State st, std::string msg) {
    run.results[i].state = st;
    run.results[i].error = std::move(msg);
    done[i] = true;
  };

  std::unique_ptr<target::MinicoreSession> session;
  // Inside a crate: its copy, and the root's text the probe is appended to.
  std::string crate_main, crate_root_text;
  std::vector<std::string> crate_env;
  if (crate.in_crate()) {
    BF_ASSIGN_OR_RETURN(std::string root, CopyCrateForProbe(*o.cargo_crate, dir + "/crate"));
    BF_ASSIGN_OR_RETURN(crate_root_text, ReadFile(root));
    if (!crate_root_text.empty() && crate_root_text.back() != '\n') crate_root_text.push_back('\n');
    // Next to the root, so its `mod` files resolve as they do for the root.
    crate_main = (fs::path(root).parent_path() / kCrateMain).string();
    crate_env = o.cargo_crate->env;
    crate_env.push_back("RUSTC_BOOTSTRAP=1");
  } else if (run.host) {
    for (size_t i = 0; i < crate.size(); ++i) {
      BF_RETURN_IF_ERROR(WriteFile(absl::StrCat(dir, "/in_", i, ".rs"), crate.text(i)));
    }
  } else {
    target::MinicoreOptions mo;
    mo.rustc = rustc;
    mo.work_dir = dir + "/minicore";
    mo.timeout_seconds = o.timeout_seconds;
    BF_ASSIGN_OR_RETURN(session, target::MinicoreSession::Create(tinfo->rust_triple, mo));
  }

  struct Outcome {
    bool compiled = false;     // the IR exists
    std::string ll;
    std::vector<RDiag> diags;
    std::string runtime_out;   // host: the probe's stdout
    std::string runtime_error; // why runtime facts have no value
  };
  auto compile = [&](const std::vector<size_t>& set, RustProbeSource* src) -> absl::StatusOr<Outcome> {
    std::vector<bool> active(facts.size(), false);
    for (size_t i : set) active[i] = true;
    *src = GenerateRustProbe(crate, facts, active, ffi, run.host);
    ++run.compiles;
    Outcome out;
    if (crate.in_crate()) {
      const uint32_t shift = static_cast<uint32_t>(std::count(crate_root_text.begin(), crate_root_text.end(), '\n'));
      for (uint32_t& l : src->lines)
        if (l) l += shift;
      BF_RETURN_IF_ERROR(WriteFile(crate_main, crate_root_text + src->main_rs));
      std::error_code ec;
      fs::remove(dir + "/probe.ll", ec);
      std::vector<std::string> cmd = ProbeRustcArgs(*o.cargo_crate, crate_main, dir + "/probe.ll");
      BF_ASSIGN_OR_RETURN(target::ProcessResult r, target::RunProcess(cmd, {.env = crate_env, .scratch_dir = dir,
                                                                            .timeout_seconds = o.timeout_seconds}));
      if (r.timed_out) {
        out.diags.push_back({{}, absl::StrCat("rustc timed out after ", o.timeout_seconds, " s"), false});
        return out;
      }
      out.diags = ParseRustcJson(r.err, kCrateMain);
      if (r.exit_code == 0) {
        auto ll = ReadFile(dir + "/probe.ll");
        if (ll.ok()) {
          out.compiled = true;
          out.ll = std::move(*ll);
        }
      }
      return out;
    }
    if (!run.host) {
      // No include! in a no_core crate: the inputs go inline, and lines are
      // counted in the body minicore compiles.
      // An input another input includes (the kernel's lib.rs includes the
      // generated bindings inside `mod bindings_raw`) is inlined there, as
      // `include!("in_N.rs")` then blank lines then `;` (rust_probe's Build).
      std::string body = src->main_rs;
      for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < crate.size(); ++i) {
          std::string inc = absl::StrCat("include!(\"in_", i, ".rs\")");
          size_t at = body.find(inc);
          if (at == std::string::npos) continue;
          size_t end = at + inc.size();
          size_t semi = body.find_first_not_of(" \t\r\n", end);
          if (semi != std::string::npos && body[semi] == ';') end = semi + 1;
          // Without std, a nested module does not see the prelude (derive,
          // Option): each inlined input imports it, on its first line.
          std::string text = absl::StrCat("#[allow(unused_imports)] use ::core::prelude::*; ",
                                          ReduceDerives(absl::StrCat("in_", i, ".rs"), crate.text(i)));
          // Keep fact line numbers: the inlined text is counted and the lines shifted.
          const long added = static_cast<long>(std::count(text.begin(), text.end(), '\n')) -
                             static_cast<long>(std::count(body.begin() + at, body.begin() + end, '\n'));
          uint32_t line_at = static_cast<uint32_t>(std::count(body.begin(), body.begin() + at, '\n')) + 1;
          body.replace(at, end - at, text);
          for (uint32_t& l : src->lines)
            if (l > line_at) l = static_cast<uint32_t>(static_cast<long>(l) + added);
          again = true;
        }
      }
      size_t feat_end = body.find("extern crate self as ffi;");
      body = body.substr(feat_end);
      uint32_t dropped = static_cast<uint32_t>(std::count(src->main_rs.begin(), src->main_rs.begin() + src->main_rs.find("extern crate self as ffi;"), '\n'));
      for (uint32_t& l : src->lines)
        if (l) l -= dropped;
      BF_ASSIGN_OR_RETURN(target::CompileOutput co,
                          session->Compile(body, target::Emit::kLlvmIr, {"specialization", "never_type"}, CfgArgs(o.cfgs)));
      out.compiled = co.ok;
      out.ll = co.output;
      for (const target::Diagnostic& d : co.diagnostics) {
        if (d.level != "error" || absl::StartsWith(d.message, "aborting due to")) continue;
        out.diags.push_back({{d.line}, d.rendered.empty() ? d.message : d.rendered, false});
      }
      return out;
    }
    BF_RETURN_IF_ERROR(WriteFile(dir + "/" + kMain, src->main_rs));
    std::error_code ec;
    fs::remove(dir + "/probe.ll", ec);
    fs::remove(dir + "/probe", ec);
    std::vector<std::string> cmd = {rustc, "--edition", "2021", "--crate-type", "bin", "--crate-name", "bindfuzz_probe",
                                    "--cap-lints", "allow", "-C", "opt-level=0", "-C", "debuginfo=0",
                                    "-C", "codegen-units=1", "--emit=llvm-ir,link", "--error-format=json",
                                    "-o", dir + "/probe", dir + "/" + kMain};
    for (const std::string& c : o.cfgs) cmd.insert(cmd.end() - 3, {"--cfg", c});
    BF_ASSIGN_OR_RETURN(target::ProcessResult r,
                        target::RunProcess(cmd, {.env = env, .scratch_dir = dir, .timeout_seconds = o.timeout_seconds}));
    if (r.timed_out) {
      out.diags.push_back({{}, absl::StrCat("rustc timed out after ", o.timeout_seconds, " s"), false});
      return out;
    }
    out.diags = ParseRustcJson(r.err, kMain);
    bool only_link = !out.diags.empty();
    for (const RDiag& d : out.diags) only_link = only_link && d.link_error;
    if (r.exit_code == 0 || only_link) {
      auto ll = ReadFile(dir + "/probe.ll");
      if (ll.ok()) {
        out.compiled = true;
        out.ll = std::move(*ll);
      }
    }
    if (r.exit_code == 0) {
      bool any_runtime = false;
      for (size_t i : set) any_runtime = any_runtime || facts[i].kind == RustFact::Kind::kRuntime;
      if (any_runtime) {
        BF_ASSIGN_OR_RETURN(target::ProcessResult pr,
                            target::RunProcess({dir + "/probe"}, {.scratch_dir = dir, .timeout_seconds = o.timeout_seconds}));
        if (pr.exit_code != 0 || pr.timed_out) {
          out.runtime_error = absl::StrCat("the probe exited with ", pr.exit_code, ": ", pr.err.substr(0, 1000));
        }
        out.runtime_out = pr.out;
      }
    } else if (only_link) {
      out.runtime_error = absl::StrCat("the probe could not be linked: ", out.diags.front().text.substr(0, 1000));
      out.diags.clear();
    }
    return out;
  };

  auto word = [&](const std::string& b, size_t k) {
    uint64_t v = 0;
    for (size_t j = 0; j < 8; ++j) {
      uint64_t byte = static_cast<unsigned char>(b[8 * k + j]);
      v |= big ? byte << (8 * (7 - j)) : byte << (8 * j);
    }
    return v;
  };
  auto read = [&](const std::vector<size_t>& set, const Outcome& out) {
    std::map<size_t, std::string> rt;
    for (absl::string_view line : absl::StrSplit(out.runtime_out, '\n', absl::SkipEmpty())) {
      std::vector<std::string> w = absl::StrSplit(line, ' ');
      size_t id = 0;
      if (w.size() >= 2 && w[0] == kRuntimeTag && absl::SimpleAtoi(w[1], &id)) {
        std::string bytes;
        const std::string hex = w.size() > 2 ? w[2] : "";
        for (size_t k = 0; k + 1 < hex.size(); k += 2) {
          int v = 0;
          if (absl::SimpleHexAtoi(hex.substr(k, 2), &v)) bytes.push_back(static_cast<char>(v));
        }
        rt[id] = bytes;
      }
    }
    for (size_t i : set) {
      const RustFact& f = facts[i];
      RustFactResult& res = run.results[i];
      if (f.kind == RustFact::Kind::kRuntime) {
        auto it = rt.find(i);
        if (it == rt.end()) {
          fail(i, RustFactResult::State::kFailed, out.runtime_error.empty() ? "the probe printed no value" : out.runtime_error);
          continue;
        }
        res.bytes = it->second;
        res.state = RustFactResult::State::kValue;
        done[i] = true;
        continue;
      }
      auto bytes = target::LlvmGlobalBytes(out.ll, absl::StrCat(kFactPrefix, i));
      if (!bytes.ok()) {
        fail(i, RustFactResult::State::kFailed, std::string(bytes.status().message()));
        continue;
      }
      if (f.kind == RustFact::Kind::kBytes) {
        res.bytes = *bytes;
      } else {
        if (bytes->size() != 8 * f.Width()) {
          fail(i, RustFactResult::State::kFailed, "unexpected size of the value in the LLVM IR");
          continue;
        }
        for (size_t k = 0; k < f.Width(); ++k) res.ints.push_back(word(*bytes, k));
      }
      res.state = RustFactResult::State::kValue;
      done[i] = true;
    }
  };

  bool base_checked = false;
  std::function<absl::Status(std::vector<size_t>)> solve;
  solve = [&](std::vector<size_t> set) -> absl::Status {
    while (!set.empty()) {
      if (run.compiles >= o.max_compiles) {
        for (size_t i : set) fail(i, RustFactResult::State::kFailed, "probe compile budget exhausted");
        return absl::OkStatus();
      }
      RustProbeSource src;
      BF_ASSIGN_OR_RETURN(Outcome out, compile(set, &src));
      std::vector<size_t> next;
      for (size_t i : set) {
        if (!src.refused[i].empty()) fail(i, RustFactResult::State::kFailed, "refused by the probe generator: " + src.refused[i]);
        else next.push_back(i);
      }
      set = std::move(next);
      if (out.compiled && out.diags.empty()) {
        read(set, out);
        return absl::OkStatus();
      }
      std::map<uint32_t, size_t> by_line;
      for (size_t i : set) {
        by_line[src.lines[i]] = i;
        if (src.runtime_lines[i]) by_line[src.runtime_lines[i]] = i;
      }
      std::map<size_t, std::vector<std::string>> blamed;
      std::vector<std::string> unexplained;
      for (const RDiag& d : out.diags) {
        auto it = by_line.end();
        for (uint32_t l : d.lines) {
          it = l ? by_line.find(l) : by_line.end();
          if (it != by_line.end()) break;
        }
        if (it != by_line.end()) blamed[it->second].push_back(d.text);
        else unexplained.push_back(d.text);
      }
      if (out.diags.empty()) unexplained.push_back("rustc failed without a diagnostic");
      if (!blamed.empty()) {
        for (auto& [i, msgs] : blamed) {
          bool absent = false;
          for (const std::string& msg : msgs) {
            for (const std::string& pat : facts[i].absent_if) absent = absent || absl::StrContains(msg, pat);
          }
          fail(i, absent ? RustFactResult::State::kAbsent : RustFactResult::State::kFailed, FirstN(msgs, 3));
        }
        std::vector<size_t> rest;
        for (size_t i : set)
          if (!done[i]) rest.push_back(i);
        set = std::move(rest);
        continue;
      }
      // Errors no fact explains: first make sure the inputs alone compile.
      if (!base_checked) {
        base_checked = true;
        RustProbeSource bsrc;
        BF_ASSIGN_OR_RETURN(Outcome base, compile({}, &bsrc));
        if (!base.compiled || !base.diags.empty()) {
          std::vector<std::string> msgs;
          for (const RDiag& d : base.diags) msgs.push_back(d.text);
          std::string msg = absl::StrCat(run.compiler, " cannot compile the Rust inputs: ", FirstN(msgs, 2));
          for (size_t i = 0; i < facts.size(); ++i)
            if (!done[i]) fail(i, RustFactResult::State::kFailed, msg);
          return absl::OkStatus();
        }
      }
      if (set.size() == 1) {
        bool absent = false;
        for (const std::string& msg : unexplained)
          for (const std::string& pat : facts[set[0]].absent_if) absent = absent || absl::StrContains(msg, pat);
        fail(set[0], absent ? RustFactResult::State::kAbsent : RustFactResult::State::kFailed, FirstN(unexplained, 3));
        return absl::OkStatus();
      }
      std::vector<size_t> a(set.begin(), set.begin() + set.size() / 2), b(set.begin() + set.size() / 2, set.end());
      BF_RETURN_IF_ERROR(solve(a));
      return solve(b);
    }
    return absl::OkStatus();
  };

  std::vector<size_t> all;
  for (size_t i = 0; i < facts.size(); ++i) all.push_back(i);
  BF_RETURN_IF_ERROR(solve(all));
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return run;
}

}  // namespace bindfuzz::confirm
