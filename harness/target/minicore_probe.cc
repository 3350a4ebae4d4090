#include "harness/target/minicore_probe.h"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::target {
namespace {

namespace fs = std::filesystem;

absl::string_view AV(std::string_view v) { return absl::string_view(v.data(), v.size()); }

// Our stand-in for `core`: the lang items rustc needs to lay types out and
// evaluate constants, and the few library types bindings name. Written from
// what rustc requires of a `no_core` crate (shared/toolchain.md), not taken
// from rustc's sources. `cfg_select!` is rustc's built-in macro, declared
// here so that core's own ffi source can use it.
constexpr std::string_view kCorePrelude = R"rust(#![feature(no_core, lang_items, intrinsics, rustc_attrs, decl_macro, transparent_unions)]
#![no_core]
#![allow(internal_features, dead_code, unused, non_camel_case_types)]

#[lang = "pointee_sized"] pub trait PointeeSized {}
#[lang = "meta_sized"] pub trait MetaSized: PointeeSized {}
#[lang = "sized"] pub trait Sized: MetaSized {}
#[lang = "copy"] pub trait Copy {}
#[lang = "bikeshed_guaranteed_no_drop"] pub trait BikeshedGuaranteedNoDrop {}
#[lang = "sync"] pub unsafe trait Sync {}
#[lang = "drop_in_place"] fn drop_in_place<T>(_: *mut T) {}
#[lang = "offset_of"] #[rustc_intrinsic]
pub const fn offset_of<T: PointeeSized>(variant: u32, field: u32) -> usize;
#[rustc_builtin_macro] pub macro cfg_select($($tt:tt)*) { /* expanded by rustc */ }
#[rustc_builtin_macro] pub macro derive($item:item) { /* expanded by rustc */ }

macro_rules! bf_impls {
    ($($t:ty)*) => { $( impl Copy for $t {} unsafe impl Sync for $t {} )* }
}
bf_impls! { bool char i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 }
// Operators, so that probe items may hold constant expressions (negative
// discriminants, `[u8; 2 * N]`). On primitives rustc evaluates operators
// itself; it only needs the traits to exist, so the bodies never run.
pub mod ops {
    #[lang = "neg"] pub trait Neg { type Output; fn neg(self) -> Self::Output; }
    #[lang = "not"] pub trait Not { type Output; fn not(self) -> Self::Output; }
    macro_rules! bf_binops {
        ($($name:ident $lang:literal $method:ident;)*) => { $(
            #[lang = $lang] pub trait $name<Rhs = Self> { type Output; fn $method(self, rhs: Rhs) -> Self::Output; }
        )* }
    }
    bf_binops! {
        Add "add" add; Sub "sub" sub; Mul "mul" mul; Div "div" div; Rem "rem" rem;
        BitAnd "bitand" bitand; BitOr "bitor" bitor; BitXor "bitxor" bitxor; Shl "shl" shl; Shr "shr" shr;
    }
    macro_rules! bf_int_ops {
        ($($t:ty)*) => { $(
            impl Not for $t { type Output = $t; fn not(self) -> $t { loop {} } }
            impl Add for $t { type Output = $t; fn add(self, _: $t) -> $t { loop {} } }
            impl Sub for $t { type Output = $t; fn sub(self, _: $t) -> $t { loop {} } }
            impl Mul for $t { type Output = $t; fn mul(self, _: $t) -> $t { loop {} } }
            impl Div for $t { type Output = $t; fn div(self, _: $t) -> $t { loop {} } }
            impl Rem for $t { type Output = $t; fn rem(self, _: $t) -> $t { loop {} } }
            impl BitAnd for $t { type Output = $t; fn bitand(self, _: $t) -> $t { loop {} } }
            impl BitOr for $t { type Output = $t; fn bitor(self, _: $t) -> $t { loop {} } }
            impl BitXor for $t { type Output = $t; fn bitxor(self, _: $t) -> $t { loop {} } }
            impl Shl for $t { type Output = $t; fn shl(self, _: $t) -> $t { loop {} } }
            impl Shr for $t { type Output = $t; fn shr(self, _: $t) -> $t { loop {} } }
        )* }
    }
    bf_int_ops! { i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize }
    macro_rules! bf_neg { ($($t:ty)*) => { $( impl Neg for $t { type Output = $t; fn neg(self) -> $t { loop {} } } )* } }
    bf_neg! { i8 i16 i32 i64 i128 isize f32 f64 }
}

impl<T: PointeeSized> Copy for *const T {}
impl<T: PointeeSized> Copy for *mut T {}
impl<'a, T: PointeeSized> Copy for &'a T {}
impl<T: Copy, const N: usize> Copy for [T; N] {}
unsafe impl<T: Sync, const N: usize> Sync for [T; N] {}

pub mod marker {
    pub use crate::{Copy, MetaSized, PointeeSized, Sized, Sync};
    #[rustc_builtin_macro] pub macro Copy($item:item) { /* expanded by rustc */ }
    #[lang = "phantom_data"] pub struct PhantomData<T: ?Sized>;
    impl<T: ?Sized> Copy for PhantomData<T> {}
    pub struct PhantomPinned;
}

pub mod mem {
    use crate::{Copy, Sized};
    #[rustc_intrinsic] pub const fn size_of<T>() -> usize;
    #[rustc_intrinsic] pub const fn align_of<T>() -> usize;
    #[lang = "manually_drop"] #[repr(transparent)]
    pub struct ManuallyDrop<T: ?Sized> { value: T }
    impl<T: Copy> Copy for ManuallyDrop<T> {}
    #[repr(transparent)]
    pub union MaybeUninit<T> { uninit: (), value: ManuallyDrop<T> }
    impl<T: Copy> Copy for MaybeUninit<T> {}
}

pub mod option {
    use crate::{Copy, Sized};
    pub enum Option<T> { None, Some(T) }
    impl<T: Copy> Copy for Option<T> {}
}

pub mod ptr {
    use crate::{Copy, Sized};
    #[repr(transparent)]
    #[rustc_layout_scalar_valid_range_start(1)]
    #[rustc_nonnull_optimization_guaranteed]
    pub struct NonNull<T: ?Sized> { pointer: *const T }
    impl<T: ?Sized> Copy for NonNull<T> {}
}

pub mod cell {
    use crate::{Copy, Sized};
    #[lang = "unsafe_cell"] #[repr(transparent)]
    pub struct UnsafeCell<T: ?Sized> { value: T }
}

pub mod prelude {
    pub use crate::derive;
    pub use crate::marker::{Copy, Sized, Sync};
    pub use crate::option::Option::{self, None, Some};
}

pub mod ffi {
    #[repr(u8)]
    pub enum c_void { __bf_variant1, __bf_variant2 }
)rust";

constexpr std::string_view kProbeHeader =
    "#![no_core]\n"
    "#![allow(internal_features, dead_code, unused, non_camel_case_types, non_snake_case,\n"
    "         non_upper_case_globals, improper_ctypes, improper_ctypes_definitions)]\n"
    "extern crate core;\n"
    "extern crate std;\n"
    "use core::prelude::*;\n";

constexpr std::string_view kValuesName = "__BF_PROBE_VALUES";
constexpr uint64_t kEndianMarker = 0x0102030405060708ull;

std::string Tail(std::string_view s, size_t n) {
  return s.size() <= n ? std::string(s) : absl::StrCat("...", AV(s.substr(s.size() - n)));
}

uint32_t CountLines(std::string_view s) {
  uint32_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// The first error of a failed compile, as "file:line:col: message".
std::string FirstError(const CompileOutput& out, std::string_view file) {
  for (const Diagnostic& d : out.diagnostics) {
    if (d.level != "error") continue;
    return absl::StrCat(AV(file), ":", d.line, ":", d.column, ": ", d.message,
                        d.code.empty() ? "" : absl::StrCat(" [", d.code, "]"));
  }
  return absl::StrCat(AV(file), ": rustc failed without a diagnostic");
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Offset just past the `}` matching the `{` at `open`, skipping line and
// block comments and string literals; npos if unbalanced.
size_t MatchBrace(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    char c = s[i];
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      i = s.find('\n', i);
      if (i == std::string_view::npos) return i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      i = s.find("*/", i + 2);
      if (i == std::string_view::npos) return i;
      ++i;
    } else if (c == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i)
        if (s[i] == '\\') ++i;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

// Start of the next occurrence of word `w` at or after `from` (not part of a
// longer identifier), or npos.
size_t FindWord(std::string_view s, std::string_view w, size_t from) {
  for (size_t i = s.find(w, from); i != std::string_view::npos; i = s.find(w, i + 1)) {
    bool left = i == 0 || !IsIdentChar(s[i - 1]);
    bool right = i + w.size() >= s.size() || !IsIdentChar(s[i + w.size()]);
    if (left && right) return i;
  }
  return std::string_view::npos;
}

std::string QueryExpr(const ProbeQuery& q) {
  switch (q.kind) {
    case QueryKind::kSize:
      return absl::StrCat("core::mem::size_of::<", q.type, ">() as u64");
    case QueryKind::kAlign:
      return absl::StrCat("core::mem::align_of::<", q.type, ">() as u64");
    case QueryKind::kOffset:
      return absl::StrCat("builtin # offset_of(", q.type, ", ", q.field, ") as u64");
    case QueryKind::kIsSigned:
      // All ones truncated to the type is -1 if it is signed (-1 through f64
      // and i64 stays all ones) and a positive number if not (which f64 ->
      // i64 keeps positive, saturating). Casts need no lang items.
      return absl::StrCat("((340282366920938463463374607431768211455u128 as ", q.type, ") as f64 as i64) as u64");
  }
  return "0";
}

std::string QueryName(const ProbeQuery& q) {
  switch (q.kind) {
    case QueryKind::kSize: return absl::StrCat("size_of::<", q.type, ">");
    case QueryKind::kAlign: return absl::StrCat("align_of::<", q.type, ">");
    case QueryKind::kOffset: return absl::StrCat("offset_of!(", q.type, ", ", q.field, ")");
    case QueryKind::kIsSigned: return absl::StrCat("signedness of ", q.type);
  }
  return "?";
}

}  // namespace

// ------------------------------------------------------------ ffi sources

std::string FfiModuleFromTable(const TargetInfo& t) {
  std::string out;
  for (std::string_view name : CoreFfiNames()) {
    if (name == "c_void") continue;
    absl::StrAppend(&out, "    pub type ", AV(name), " = ", AV(*CoreFfiAlias(t, name)), ";\n");
  }
  return out;
}

absl::StatusOr<std::string> RustdocSourceToText(std::string_view html, std::string_view file) {
  size_t start = html.find("<code>");
  size_t end = html.rfind("</code>");
  if (start == std::string_view::npos || end == std::string_view::npos || end < start)
    return absl::InvalidArgumentError(absl::StrCat(AV(file), ": not a rustdoc source page (no <code> block)"));
  std::string_view code = html.substr(start + 6, end - start - 6);
  std::string out;
  out.reserve(code.size());
  for (size_t i = 0; i < code.size();) {
    char c = code[i];
    if (c == '<') {
      // Line-number anchors (`<a ... data-nosnippet>12</a>`) carry text that
      // is not source; other tags are highlighting.
      size_t close = code.find('>', i);
      if (close == std::string_view::npos) break;
      std::string_view tag = code.substr(i, close - i + 1);
      if (absl::StrContains(AV(tag), "data-nosnippet")) {
        size_t end_a = code.find("</a>", close);
        if (end_a == std::string_view::npos) break;
        i = end_a + 4;
      } else {
        i = close + 1;
      }
    } else if (c == '&') {
      size_t semi = code.find(';', i);
      std::string_view ent = semi == std::string_view::npos ? "" : code.substr(i, semi - i + 1);
      if (ent == "&amp;") out += '&';
      else if (ent == "&lt;") out += '<';
      else if (ent == "&gt;") out += '>';
      else if (ent == "&quot;") out += '"';
      else if (ent == "&#39;" || ent == "&#x27;" || ent == "&apos;") out += '\'';
      else {
        out += '&';
        ++i;
        continue;
      }
      i = semi + 1;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

absl::StatusOr<std::string> FfiModuleFromCoreSource(std::string_view src, std::string_view file) {
  std::string out;
  std::vector<std::string> defined;
  // 1. `mod <name>_definition { ... }`: the target-dependent rules, verbatim.
  for (size_t at = FindWord(src, "mod", 0); at != std::string_view::npos; at = FindWord(src, "mod", at + 3)) {
    size_t name_start = at + 3;
    while (name_start < src.size() && src[name_start] == ' ') ++name_start;
    size_t name_end = name_start;
    while (name_end < src.size() && IsIdentChar(src[name_end])) ++name_end;
    std::string_view name = src.substr(name_start, name_end - name_start);
    if (!absl::EndsWith(AV(name), "_definition")) continue;
    size_t open = src.find('{', name_end);
    if (open == std::string_view::npos || Trim(src.substr(name_end, open - name_end)) != "")
      return absl::InvalidArgumentError(absl::StrCat(AV(file), ": 'mod ", AV(name), "' without a body"));
    size_t close = MatchBrace(src, open);
    if (close == std::string_view::npos)
      return absl::InvalidArgumentError(absl::StrCat(AV(file), ": unbalanced braces in 'mod ", AV(name), "'"));
    absl::StrAppend(&out, "    mod ", AV(name), " ", AV(src.substr(open, close - open)), "\n");
  }
  // 2. `type_alias! { "doc.md", NAME = TYPE; attributes }` -> `pub type NAME = TYPE;`
  for (size_t at = src.find("type_alias!"); at != std::string_view::npos; at = src.find("type_alias!", at + 1)) {
    size_t open = src.find('{', at);
    if (open == std::string_view::npos) break;
    size_t close = MatchBrace(src, open);
    if (close == std::string_view::npos)
      return absl::InvalidArgumentError(absl::StrCat(AV(file), ": unbalanced 'type_alias!' invocation"));
    std::string_view inv = src.substr(open + 1, close - open - 2);
    // The macro definition itself has `$Alias:ident` patterns: skip it.
    if (absl::StrContains(AV(inv), "$")) continue;
    size_t comma = inv.find(',');
    size_t eq = inv.find('=');
    size_t semi = inv.find(';');
    if (comma == std::string_view::npos || eq == std::string_view::npos || semi == std::string_view::npos ||
        !(comma < eq && eq < semi))
      return absl::InvalidArgumentError(
          absl::StrCat(AV(file), ": unexpected 'type_alias!' form: ", AV(Trim(inv))));
    std::string_view alias = Trim(inv.substr(comma + 1, eq - comma - 1));
    std::string_view real = Trim(inv.substr(eq + 1, semi - eq - 1));
    absl::StrAppend(&out, "    pub type ", AV(alias), " = ", AV(real), ";\n");
    defined.emplace_back(alias);
  }
  // 3. Plain `pub type NAME = TYPE;` items (c_size_t, c_ssize_t, c_ptrdiff_t).
  for (size_t at = FindWord(src, "pub", 0); at != std::string_view::npos; at = FindWord(src, "pub", at + 3)) {
    std::string_view rest = src.substr(at);
    if (!absl::StartsWith(AV(rest), "pub type ")) continue;
    size_t semi = rest.find(';');
    if (semi == std::string_view::npos) break;
    std::string_view item = rest.substr(0, semi + 1);
    if (absl::StrContains(AV(item), "$") || absl::StrContains(AV(item), "\n")) continue;
    if (absl::StrContains(AV(item), "(super)")) continue;
    absl::StrAppend(&out, "    ", AV(item), "\n");
    size_t eq = item.find('=');
    if (eq != std::string_view::npos) defined.emplace_back(Trim(item.substr(9, eq - 9)));
  }
  for (std::string_view need : {"c_char", "c_int", "c_long"}) {
    if (std::find(defined.begin(), defined.end(), need) == defined.end())
      return absl::InvalidArgumentError(
          absl::StrCat(AV(file), ": no definition of ", AV(need), " found (core's layout of this file changed?)"));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> StdOsRawNamesFromSource(std::string_view src, std::string_view file) {
  // The invocation `alias_core_ffi! { c_char c_schar ... }` (not the
  // macro_rules! definition, which has `$` patterns).
  for (size_t at = src.find("alias_core_ffi!"); at != std::string_view::npos;
       at = src.find("alias_core_ffi!", at + 1)) {
    size_t open = src.find('{', at);
    if (open == std::string_view::npos) break;
    size_t close = MatchBrace(src, open);
    if (close == std::string_view::npos) break;
    std::string_view inv = src.substr(open + 1, close - open - 2);
    if (absl::StrContains(AV(inv), "$")) continue;
    std::vector<std::string> names;
    for (absl::string_view w : absl::StrSplit(AV(inv), absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty())) {
      for (char c : w)
        if (!IsIdentChar(c))
          return absl::InvalidArgumentError(absl::StrCat(AV(file), ": unexpected token '", w, "' in alias_core_ffi!"));
      names.emplace_back(w);
    }
    if (names.empty()) break;
    return names;
  }
  return absl::InvalidArgumentError(absl::StrCat(AV(file), ": no alias_core_ffi! list found"));
}

absl::StatusOr<std::string> RustcSysroot(const std::string& rustc) {
  BF_ASSIGN_OR_RETURN(std::string dir, MakeTempDir("bindfuzz-rustc-"));
  ProcessOptions po{.env = {"RUSTC_BOOTSTRAP=1"}, .scratch_dir = dir, .timeout_seconds = 60};
  absl::StatusOr<ProcessResult> r = RunProcess({rustc, "--print", "sysroot"}, po);
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) return absl::FailedPreconditionError(absl::StrCat(rustc, " --print sysroot failed: ", r->err));
  return std::string(Trim(r->out));
}

absl::StatusOr<RustcFfiSource> LoadRustcFfiSource(const std::string& sysroot) {
  RustcFfiSource out;
  std::string src_base = sysroot + "/lib/rustlib/src/rust/library";
  std::string doc_base = sysroot + "/share/doc/rust/html/src";
  std::string prim_src = src_base + "/core/src/ffi/primitives.rs";
  std::string prim_doc = doc_base + "/core/ffi/primitives.rs.html";
  std::string raw_src = src_base + "/std/src/os/raw/mod.rs";
  std::string raw_doc = doc_base + "/std/os/raw/mod.rs.html";
  auto load = [](const std::string& plain, const std::string& html, std::string* used) -> absl::StatusOr<std::string> {
    std::error_code ec;
    if (fs::is_regular_file(plain, ec)) {
      *used = plain;
      return ReadFile(plain);
    }
    if (fs::is_regular_file(html, ec)) {
      *used = html;
      BF_ASSIGN_OR_RETURN(std::string page, ReadFile(html));
      return RustdocSourceToText(page, html);
    }
    return absl::NotFoundError(absl::StrCat("neither ", plain, " (rust-src) nor ", html,
                                            " (rust-docs) exists: rustc's library source is not installed"));
  };
  BF_ASSIGN_OR_RETURN(std::string prim, load(prim_src, prim_doc, &out.primitives_path));
  BF_ASSIGN_OR_RETURN(std::string raw, load(raw_src, raw_doc, &out.raw_path));
  BF_ASSIGN_OR_RETURN(out.module_body, FfiModuleFromCoreSource(prim, out.primitives_path));
  BF_ASSIGN_OR_RETURN(out.std_os_raw, StdOsRawNamesFromSource(raw, out.raw_path));
  return out;
}

// ------------------------------------------------------------ reading back

absl::StatusOr<std::string> LlvmGlobalBytes(std::string_view ll, std::string_view name) {
  std::string head = absl::StrCat("@", AV(name), " = ");
  size_t at = 0;
  while (true) {
    at = ll.find(head, at);
    if (at == std::string_view::npos)
      return absl::NotFoundError(absl::StrCat("no global @", AV(name), " in the LLVM IR"));
    if (at == 0 || ll[at - 1] == '\n') break;
    ++at;
  }
  size_t eol = ll.find('\n', at);
  std::string_view line = ll.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at);
  size_t arr = line.find('[');
  uint64_t n = 0;
  if (arr == std::string_view::npos) return absl::InvalidArgumentError(absl::StrCat("@", AV(name), ": not a byte array"));
  size_t x = line.find(" x i8]", arr);
  if (x == std::string_view::npos || !absl::SimpleAtoi(AV(line.substr(arr + 1, x - arr - 1)), &n) || n > (1u << 28))
    return absl::InvalidArgumentError(absl::StrCat("@", AV(name), ": not a byte array: ", AV(line.substr(0, 120))));
  if (line.find("zeroinitializer", x) != std::string_view::npos && line.find("c\"", x) == std::string_view::npos)
    return std::string(n, '\0');
  size_t q = line.find("c\"", x);
  if (q == std::string_view::npos) return absl::InvalidArgumentError(absl::StrCat("@", AV(name), ": no constant bytes"));
  std::string bytes;
  for (size_t i = q + 2; i < line.size(); ++i) {
    char c = line[i];
    if (c == '"') break;
    if (c == '\\' && i + 1 < line.size() && line[i + 1] == '\\') {  // LLVM prints a backslash byte as `\\`
      bytes.push_back('\\');
      ++i;
    } else if (c == '\\') {
      int v = 0;
      if (i + 2 >= line.size() || !absl::SimpleHexAtoi(AV(line.substr(i + 1, 2)), &v))
        return absl::InvalidArgumentError(absl::StrCat("@", AV(name), ": bad escape in constant"));
      bytes.push_back(static_cast<char>(v));
      i += 2;
    } else {
      bytes.push_back(c);
    }
  }
  if (bytes.size() != n)
    return absl::InvalidArgumentError(
        absl::StrCat("@", AV(name), ": ", bytes.size(), " bytes where the type says ", n));
  return bytes;
}

std::vector<Diagnostic> ParseRustcDiagnostics(std::string_view text, uint32_t body_first_line) {
  std::vector<Diagnostic> out;
  for (absl::string_view line : absl::StrSplit(AV(text), '\n', absl::SkipEmpty())) {
    if (line.empty() || line[0] != '{') continue;
    nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("message") || !j["message"].is_string()) continue;
    if (j.contains("$message_type") && j["$message_type"] != "diagnostic") continue;
    Diagnostic d;
    d.message = j["message"].get<std::string>();
    if (j.contains("level") && j["level"].is_string()) d.level = j["level"].get<std::string>();
    if (j.contains("code") && j["code"].is_object() && j["code"].contains("code") && j["code"]["code"].is_string())
      d.code = j["code"]["code"].get<std::string>();
    if (j.contains("rendered") && j["rendered"].is_string()) d.rendered = j["rendered"].get<std::string>();
    if (j.contains("spans") && j["spans"].is_array()) {
      for (const nlohmann::json& s : j["spans"]) {
        if (!s.is_object() || !s.value("is_primary", false)) continue;
        uint32_t l = s.value("line_start", 0u);
        d.line = l >= body_first_line && body_first_line > 0 ? l - body_first_line + 1 : 0;
        d.column = s.value("column_start", 0u);
        break;
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

// ------------------------------------------------------------ the session

absl::StatusOr<std::unique_ptr<MinicoreSession>> MinicoreSession::Create(std::string_view rust_triple,
                                                                         const MinicoreOptions& options) {
  std::unique_ptr<MinicoreSession> s(new MinicoreSession());
  s->triple_ = std::string(rust_triple);
  s->timeout_seconds_ = options.timeout_seconds;
  for (char c : s->triple_)
    if (!IsIdentChar(c) && c != '-' && c != '.')
      return absl::InvalidArgumentError(absl::StrCat("'", s->triple_, "' is not a target triple"));
  BF_ASSIGN_OR_RETURN(s->rustc_, FindProgram(options.rustc.empty() ? "rustc" : options.rustc));

  if (options.work_dir.empty()) {
    BF_ASSIGN_OR_RETURN(s->dir_, MakeTempDir("bindfuzz-minicore-"));
    s->remove_dir_ = !options.keep_work_dir;
  } else {
    s->dir_ = absl::StrCat(options.work_dir, "/", s->triple_,
                           options.ffi == FfiSource::kTargetTable ? "-table" : "-rustc");
    std::error_code ec;
    fs::create_directories(s->dir_, ec);
    if (ec) return absl::InternalError(absl::StrCat(s->dir_, ": cannot create: ", ec.message()));
  }

  ProcessOptions po{.env = {"RUSTC_BOOTSTRAP=1"}, .scratch_dir = s->dir_, .timeout_seconds = 60};
  BF_ASSIGN_OR_RETURN(ProcessResult ver, RunProcess({s->rustc_, "--version"}, po));
  if (ver.exit_code != 0) return absl::FailedPreconditionError(absl::StrCat(s->rustc_, " --version failed: ", ver.err));
  s->rustc_version_ = std::string(Trim(ver.out));

  std::string ffi_body;
  std::vector<std::string> raw_names(StdOsRawNames().begin(), StdOsRawNames().end());
  if (options.ffi == FfiSource::kTargetTable) {
    const TargetInfo* t = FindByRustTriple(rust_triple);
    if (t == nullptr)
      return absl::NotFoundError(absl::StrCat("target '", s->triple_, "' is not in the target table; ",
                                              SupportedTargetsMessage()));
    ffi_body = FfiModuleFromTable(*t);
  } else {
    BF_ASSIGN_OR_RETURN(std::string sysroot, RustcSysroot(s->rustc_));
    BF_ASSIGN_OR_RETURN(RustcFfiSource src, LoadRustcFfiSource(sysroot));
    ffi_body = std::move(src.module_body);
    raw_names = std::move(src.std_os_raw);
  }

  std::string core_rs = absl::StrCat(AV(kCorePrelude), ffi_body, "}\n");
  std::string std_rs = absl::StrCat(
      "#![feature(no_core)]\n#![no_core]\n#![allow(unused)]\nextern crate core;\n",
      "pub use core::{cell, ffi, marker, mem, option, prelude, ptr};\n",
      "pub mod os { pub mod raw { pub use core::ffi::{", absl::StrJoin(raw_names, ", "), "}; } }\n");
  std::string core_file = s->dir_ + "/core.rs", std_file = s->dir_ + "/std.rs";
  BF_RETURN_IF_ERROR(WriteFile(core_file, core_rs));
  BF_RETURN_IF_ERROR(WriteFile(std_file, std_rs));
  BF_ASSIGN_OR_RETURN(CompileOutput core_out,
                      s->RunRustc(core_file, {"--crate-type", "rlib", "--crate-name", "core"}, 1,
                                  s->dir_ + "/libcore.rlib"));
  if (!core_out.ok)
    return absl::InvalidArgumentError(absl::StrCat("rustc --target ", s->triple_, ": ", FirstError(core_out, core_file)));
  BF_ASSIGN_OR_RETURN(CompileOutput std_out,
                      s->RunRustc(std_file,
                                  {"--crate-type", "rlib", "--crate-name", "std", "--extern",
                                   "core=" + s->dir_ + "/libcore.rlib"},
                                  1, s->dir_ + "/libstd.rlib"));
  if (!std_out.ok)
    return absl::InvalidArgumentError(absl::StrCat("rustc --target ", s->triple_, ": ", FirstError(std_out, std_file)));
  return s;
}

MinicoreSession::~MinicoreSession() {
  if (remove_dir_ && !dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

absl::StatusOr<CompileOutput> MinicoreSession::RunRustc(const std::string& crate_file, std::vector<std::string> args,
                                                        uint32_t body_first_line, const std::string& out_file) {
  std::vector<std::string> argv = {rustc_, "--target", triple_, "--edition", "2021", "--error-format=json",
                                   "-C", "opt-level=0", "-o", out_file};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back(crate_file);
  std::remove(out_file.c_str());
  ProcessOptions po{.env = {"RUSTC_BOOTSTRAP=1"}, .scratch_dir = dir_, .timeout_seconds = timeout_seconds_};
  BF_ASSIGN_OR_RETURN(ProcessResult r, RunProcess(argv, po));
  if (r.timed_out)
    return absl::DeadlineExceededError(
        absl::StrCat(crate_file, ": rustc --target ", triple_, " timed out after ", timeout_seconds_, " s"));
  CompileOutput out;
  out.diagnostics = ParseRustcDiagnostics(r.err, body_first_line);
  out.ok = r.exit_code == 0;
  if (!out.ok && out.diagnostics.empty()) {
    out.diagnostics.push_back(
        {.level = "error", .message = absl::StrCat("rustc exited with ", r.exit_code, ": ", Tail(r.err, 2000))});
  }
  return out;
}

absl::StatusOr<CompileOutput> MinicoreSession::Compile(std::string_view body, Emit emit,
                                                       const std::vector<std::string>& features,
                                                       const std::vector<std::string>& rustc_flags) {
  std::vector<std::string> feats = {"no_core", "builtin_syntax"};
  feats.insert(feats.end(), features.begin(), features.end());
  std::string header = absl::StrCat("#![feature(", absl::StrJoin(feats, ", "), ")]\n", AV(kProbeHeader));
  uint32_t first_line = CountLines(header) + 1;
  std::string file = absl::StrCat(dir_, "/probe", ++counter_, ".rs");
  BF_RETURN_IF_ERROR(WriteFile(file, absl::StrCat(header, AV(body))));
  std::string out_file = absl::StrCat(dir_, "/probe", counter_, emit == Emit::kLlvmIr ? ".ll" : ".s");
  std::vector<std::string> args = {"--crate-type", "lib",
                                   "--emit", emit == Emit::kLlvmIr ? "llvm-ir" : "asm",
                                   "--extern", "core=" + dir_ + "/libcore.rlib",
                                   "--extern", "std=" + dir_ + "/libstd.rlib"};
  args.insert(args.end(), rustc_flags.begin(), rustc_flags.end());
  BF_ASSIGN_OR_RETURN(CompileOutput out, RunRustc(file, args, first_line, out_file));
  if (out.ok) {
    absl::StatusOr<std::string> text = ReadFile(out_file);
    if (!text.ok()) return Annotate(text.status(), "rustc output");
    out.output = std::move(*text);
  }
  return out;
}

std::string ProbeValuesItem(std::string_view name, const std::vector<ProbeQuery>& queries) {
  std::string body = absl::StrCat("#[no_mangle]\npub static ", AV(name), ": [u64; ", queries.size() + 1, "] = [\n",
                                  "    0x", absl::Hex(kEndianMarker), ",\n");
  for (const ProbeQuery& q : queries) absl::StrAppend(&body, "    ", QueryExpr(q), ",\n");
  body += "];\n";
  return body;
}

absl::StatusOr<ProbeResult> ReadProbeValues(std::string_view ll, std::string_view name,
                                            const std::vector<ProbeQuery>& queries) {
  BF_ASSIGN_OR_RETURN(std::string bytes, LlvmGlobalBytes(ll, name));
  if (bytes.size() != 8 * (queries.size() + 1))
    return absl::InternalError(absl::StrCat("@", AV(name), ": ", bytes.size(), " value bytes for ", queries.size(),
                                            " queries"));
  auto word = [&](size_t i, bool big) {
    uint64_t v = 0;
    for (size_t b = 0; b < 8; ++b) {
      uint64_t byte = static_cast<unsigned char>(bytes[8 * i + b]);
      v |= big ? byte << (8 * (7 - b)) : byte << (8 * b);
    }
    return v;
  };
  ProbeResult res;
  if (word(0, false) == kEndianMarker) {
    res.endian = Endian::kLittle;
  } else if (word(0, true) == kEndianMarker) {
    res.endian = Endian::kBig;
  } else {
    return absl::InternalError(absl::StrCat("@", AV(name), ": marker word not found in the probe's values"));
  }
  bool big = res.endian == Endian::kBig;
  for (size_t i = 0; i < queries.size(); ++i) {
    uint64_t v = word(i + 1, big);
    if (queries[i].kind == QueryKind::kIsSigned) v = v == ~uint64_t{0} ? 1 : 0;
    res.values.push_back(v);
  }
  return res;
}

absl::StatusOr<ProbeResult> MinicoreSession::Probe(std::string_view items, const std::vector<ProbeQuery>& queries) {
  std::string body(items);
  if (!body.empty() && body.back() != '\n') body += '\n';
  uint32_t values_line = CountLines(body) + 4;  // line of the first query below
  body += ProbeValuesItem(kValuesName, queries);
  BF_ASSIGN_OR_RETURN(CompileOutput out, Compile(body, Emit::kLlvmIr));
  std::string file = absl::StrCat(dir_, "/probe", counter_, ".rs");
  if (!out.ok) {
    for (const Diagnostic& d : out.diagnostics) {
      if (d.level != "error") continue;
      if (d.line >= values_line && d.line < values_line + queries.size())
        return absl::InvalidArgumentError(absl::StrCat(
            file, ": rustc --target ", triple_, ": query #", d.line - values_line, " (",
            QueryName(queries[d.line - values_line]), "): ", d.message));
      return absl::InvalidArgumentError(absl::StrCat("rustc --target ", triple_, ": probe item line ", d.line, ": ",
                                                     d.message, d.code.empty() ? "" : absl::StrCat(" [", d.code, "]"),
                                                     " (", file, ")"));
    }
    return absl::InvalidArgumentError(absl::StrCat("rustc --target ", triple_, ": ", FirstError(out, file)));
  }
  absl::StatusOr<ProbeResult> res = ReadProbeValues(out.output, kValuesName, queries);
  if (!res.ok()) return Annotate(res.status(), file);
  return res;
}

absl::StatusOr<ProbeResult> RunMinicoreProbe(std::string_view rust_triple, std::string_view items,
                                             const std::vector<ProbeQuery>& queries, const MinicoreOptions& options) {
  BF_ASSIGN_OR_RETURN(std::unique_ptr<MinicoreSession> s, MinicoreSession::Create(rust_triple, options));
  return s->Probe(items, queries);
}

}  // namespace bindfuzz::target
