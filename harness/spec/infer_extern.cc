// What a call into C is, in `infer`: the functions the crate itself declares
// in `extern "C"` blocks (read with the project's Rust parser), the types
// their pointers name, the `use` items that bring a C function or a C
// bindings module into scope under another name, null-check helpers
// (`fn cvt_p(p: *mut T) -> Result<..> { if p.is_null() .. }`), and
// openssl's `foreign_type!` items (`fn drop = ffi::X509_free;`).
#include <functional>

#include "absl/strings/match.h"
#include "harness/spec/infer_internal.h"

namespace bindfuzz::spec::internal {

namespace {

}  // namespace

// Rust spellings of C scalars and `void`: never a resource.
bool IsScalarName(std::string_view n) {
  static const std::set<std::string_view> kScalars = {
      "c_void", "c_char",  "c_schar", "c_uchar", "c_short", "c_ushort", "c_int",  "c_uint",
      "c_long", "c_ulong", "c_longlong", "c_ulonglong", "c_float", "c_double", "size_t", "ssize_t",
      "u8",     "i8",      "u16",     "i16",     "u32",     "i32",      "u64",    "i64",
      "usize",  "isize",   "f32",     "f64",     "bool",    "char",     "u128",   "i128"};
  return kScalars.count(n) > 0;
}

namespace {

uint32_t Mapped(const SrcFile& f, uint32_t lex_tok) {
  return lex_tok < f.remap.size() ? f.remap[lex_tok] : kNone;
}

}  // namespace

std::string Inferer::Pointee(const rf::TypeNode& t, int* depth, bool* nullable) {
  const rf::TypeNode* n = &t;
  for (int guard = 0; guard < 16; ++guard) {
    if (n->kind == rf::TypeNode::kPtr && !n->elems.empty()) {
      ++*depth;
      n = &n->elems[0];
      continue;
    }
    if (n->kind == rf::TypeNode::kRef && !n->elems.empty()) {  // &T / &mut T in an extern signature
      ++*depth;
      n = &n->elems[0];
      continue;
    }
    if (n->kind == rf::TypeNode::kPath && !n->path.segments.empty()) {
      const rf::PathSegment& last = n->path.segments.back();
      if ((last.name == "Option" || last.name == "NonNull") && last.args.size() == 1 &&
          last.args[0].kind == rf::GenericArg::kType && !last.args[0].type.empty()) {
        if (last.name == "Option") *nullable = true;
        if (last.name == "NonNull") ++*depth;
        n = &last.args[0].type[0];
        continue;
      }
      return *depth == 0 ? "" : last.name;
    }
    return "";
  }
  return "";
}

void Inferer::CollectExterns(uint32_t fi) {
  SrcFile& f = files_[fi];
  if (!f.ast) {
    ++stats_.unparsed_files;
    AddNote(Note::Level::kInfo, "",
            "the Rust parser does not read this file: its extern blocks and uses are not seen", f.Loc(0));
    return;
  }
  // The module a file is: its stem, or its directory for mod.rs / lib.rs.
  std::string file_mod;
  {
    std::string_view n = f.name;
    size_t slash = n.rfind('/');
    std::string_view base = slash == std::string_view::npos ? n : n.substr(slash + 1);
    if (base.size() > 3 && base.substr(base.size() - 3) == ".rs") base.remove_suffix(3);
    if (base == "mod" && slash != std::string_view::npos) {
      std::string_view dir = n.substr(0, slash);
      size_t s2 = dir.rfind('/');
      base = s2 == std::string_view::npos ? dir : dir.substr(s2 + 1);
    }
    if (base != "lib" && base != "main") file_mod = std::string(base);
  }
  std::function<void(const std::vector<rf::Item>&, const std::string&, int)> walk =
      [&](const std::vector<rf::Item>& items, const std::string& mod, int depth) {
        if (depth > 32) return;
        for (const rf::Item& it : items) {
          const uint32_t b = Mapped(f, it.begin_tok);
          if (b != kNone && f.in_test[b]) continue;
          if (it.kind == rf::Item::kFn && it.has_body) local_fns_[fi].insert(it.name);
          if (it.kind == rf::Item::kMod && it.inline_mod) walk(it.items, it.name, depth + 1);
          if (it.kind != rf::Item::kExternBlock) continue;
          const uint32_t e = it.end_tok > 0 ? Mapped(f, it.end_tok - 1) : kNone;
          if (b != kNone && e != kNone) {
            for (uint32_t k = b; k <= e && k < f.size(); ++k) f.in_extern[k] = 1;
          }
          bool any = false;
          for (const rf::Item& d : it.items) {
            if (d.kind != rf::Item::kFn || !SpecName(d.name)) continue;
            ExternFn x{.name = d.name, .file = fi, .tok = Mapped(f, d.tok)};
            for (const rf::Param& p : d.sig.params) {
              x.params.push_back(p.type);
              x.param_names.push_back(p.name);
            }
            x.ret = d.sig.ret;
            x.variadic = d.sig.variadic;
            for (const rf::TypeNode& t : x.params) {
              int depth_p = 0;
              bool nul = false;
              std::string p = Pointee(t, &depth_p, &nul);
              if (!p.empty() && SpecName(p) && !IsScalarName(p)) ctypes_.insert(p);
            }
            if (!x.ret.empty()) {
              int depth_p = 0;
              bool nul = false;
              std::string p = Pointee(x.ret[0], &depth_p, &nul);
              if (!p.empty() && SpecName(p) && !IsScalarName(p)) ctypes_.insert(p);
            }
            any = true;
            ++stats_.extern_fns;
            externs_.emplace(d.name, std::move(x));  // the first declaration wins
          }
          // `sys::f(..)` where `mod sys { extern "C" { .. } }` (or sys.rs).
          const std::string& m = mod.empty() ? file_mod : mod;
          if (any && !m.empty() && SpecName(m)) ffi_.insert(m);
        }
      };
  walk(f.ast->items, "", 0);
}

void Inferer::CollectUses(uint32_t fi) {
  SrcFile& f = files_[fi];
  if (!f.ast) return;
  auto is_c_module = [&](const std::string& seg) {
    return ffi_.count(seg) > 0 || (absl::EndsWith(seg, "_sys") && seg.size() > 4);
  };
  std::function<void(const std::vector<rf::Item>&, int)> walk = [&](const std::vector<rf::Item>& items, int depth) {
    if (depth > 32) return;
    for (const rf::Item& it : items) {
      const uint32_t b = Mapped(f, it.begin_tok);
      if (b != kNone && f.in_test[b]) continue;
      if (it.kind == rf::Item::kMod && it.inline_mod) walk(it.items, depth + 1);
      if (it.kind == rf::Item::kExternCrate && absl::EndsWith(it.name, "_sys")) {
        // `extern crate foo_sys as ffi;` (the parser keeps no alias: read it).
        const uint32_t e = it.end_tok > 0 ? Mapped(f, it.end_tok - 1) : kNone;
        for (uint32_t k = b; b != kNone && e != kNone && k + 1 <= e; ++k) {
          if (f.Kw(k, "as") && f.Ident(k + 1) && SpecName(f.Text(k + 1))) ffi_.insert(std::string(f.Text(k + 1)));
        }
        ffi_.insert(it.name);
      }
      if (it.kind == rf::Item::kMacroCall) UsesInMacro(fi, Mapped(f, it.tt_begin), is_c_module);
      if (it.kind != rf::Item::kUse) continue;
      for (const rf::UseEntry& u : it.uses) {
        if (u.path.empty()) continue;
        const std::string& last = u.path.back();
        if (last == "*") {
          if (u.path.size() >= 2 && is_c_module(u.path[u.path.size() - 2])) glob_ffi_[fi] = 1;
          continue;
        }
        const std::string local = u.alias.empty() ? last : u.alias;
        if (local == "_" || !SpecName(local)) continue;
        if (u.path.size() >= 2 && is_c_module(u.path[u.path.size() - 2]) && !is_c_module(last)) {
          fn_alias_[fi][local] = last;  // use ffi::sqlite3_close; use ffi::sk_free as OPENSSL_sk_free;
        } else if (externs_.count(last) && (u.path.size() == 1 ||
                                     u.path[u.path.size() - 2] == "self" || u.path[u.path.size() - 2] == "super" ||
                                     u.path[u.path.size() - 2] == "crate")) {
          fn_alias_[fi][local] = last;
        } else if (is_c_module(last) && !u.alias.empty()) {
          ffi_.insert(u.alias);  // use libgit2_sys as raw;
        }
      }
    }
  };
  walk(f.ast->items, 0);
}

// `use C::{a, b as c};` / `use C::a as b;` inside a macro call's tokens
// (`cfg_if! { if #[cfg(..)] { use ffi::{..}; } }`), which the parser keeps
// as a token tree.
void Inferer::UsesInMacro(uint32_t fi, uint32_t open, const std::function<bool(const std::string&)>& is_c_module) {
  const SrcFile& f = files_[fi];
  if (open == kNone || open >= f.size() || !f.Open(open)) return;
  const uint32_t close = f.Match(open);
  for (uint32_t k = open + 1; k + 3 < close; ++k) {
    if (!f.Kw(k, "use")) continue;
    uint32_t q = k + 1;
    std::string module;
    while (q + 2 < close && f.Ident(q) && f.PathSep(q + 1)) {
      module = std::string(f.Text(q));
      q += 3;
    }
    if (module.empty() || !is_c_module(module)) continue;
    auto add = [&](uint32_t b, uint32_t e) {
      // cfg alternatives name one local twice: the first branch wins.
      if (e == b + 1 && f.Ident(b)) {
        fn_alias_[fi].emplace(std::string(f.Text(b)), std::string(f.Text(b)));
      } else if (e == b + 3 && f.Ident(b) && f.Kw(b + 1, "as") && f.Ident(b + 2)) {
        fn_alias_[fi].emplace(std::string(f.Text(b + 2)), std::string(f.Text(b)));
      }
    };
    if (f.P(q, '{')) {
      for (auto [b, e] : f.SplitCommas(q + 1, f.Match(q))) add(b, e);
    } else {
      const uint32_t e = f.ScanUntil(q, close, [&](uint32_t x) { return f.P(x, ';'); });
      add(q, e);
    }
  }
}

void Inferer::MarkCCalls(uint32_t fi) {
  const SrcFile& f = files_[fi];
  auto& out = c_calls_[fi];
  for (uint32_t i = 0; i + 1 < f.size(); ++i) {
    if (!f.Ident(i) || !f.P(i + 1, '(') || f.in_extern[i]) continue;
    if (i >= 3 && f.P(i - 1, ':') && f.P(i - 2, ':') && f.t[i - 2].joint) {
      // A path: `ffi::f(`. C symbols are ASCII identifiers: a Rust
      // (Unicode) identifier after `bindings::` is not one.
      if (f.Ident(i - 3) && ffi_.count(std::string(f.Text(i - 3))) > 0 && SpecName(f.Text(i))) {
        out[i] = std::string(f.Text(i));
      }
      continue;
    }
    // Unqualified: not in a macro_rules body (its names resolve where the
    // macro is used).
    if (f.in_macro[i] || (i > 0 && (f.P(i - 1, '.') || f.Kw(i - 1, "fn") || f.P(i - 1, '!')))) continue;
    const std::string local(f.Text(i));
    if (auto a = fn_alias_[fi].find(local); a != fn_alias_[fi].end()) {
      out[i] = a->second;
      continue;
    }
    auto x = externs_.find(local);
    if (x == externs_.end() || local_fns_[fi].count(local)) continue;
    if (x->second.file == fi || glob_ffi_[fi]) out[i] = local;
  }
}

const std::string* Inferer::CCallName(const SrcFile& f, uint32_t i) const {
  const uint32_t fi = FileIndex(f);
  if (fi >= c_calls_.size()) return nullptr;
  auto it = c_calls_[fi].find(i);
  return it == c_calls_[fi].end() ? nullptr : &it->second;
}

// `fn NAME(p: ..) .. { .. p.is_null() .. }`: a helper that checks the
// pointer it is given (openssl's cvt_p).
void Inferer::CollectNullHelpers(uint32_t fi) {
  const SrcFile& f = files_[fi];
  if (!f.ast) return;
  std::function<void(const std::vector<rf::Item>&, const std::string&, int)> walk =
      [&](const std::vector<rf::Item>& items, const std::string& type, int depth) {
        if (depth > 32) return;
        for (const rf::Item& it : items) {
          if (it.kind == rf::Item::kMod && it.inline_mod) walk(it.items, "", depth + 1);
          if (it.kind == rf::Item::kImpl) {
            std::string self;
            if (!it.type.empty() && it.type[0].kind == rf::TypeNode::kPath && !it.type[0].path.segments.empty()) {
              self = it.type[0].path.segments.back().name;
            }
            walk(it.items, self, depth + 1);
          }
          if (it.kind != rf::Item::kFn || !it.has_body) continue;
          const uint32_t ob = Mapped(f, it.body_begin), cb = Mapped(f, it.body_end);
          if (ob == kNone || cb == kNone) continue;
          free_fns_[fi].emplace_back(ob, cb, type.empty() ? it.name : absl::StrCat(type, "::", it.name));
          if (!type.empty() || it.sig.params.empty()) continue;
          const std::string& p = it.sig.params[0].name;
          int depth_p = 0;
          bool nul = false;
          Pointee(it.sig.params[0].type, &depth_p, &nul);
          if (p.empty() || p == "_" || (depth_p == 0 && it.sig.params[0].type.kind != rf::TypeNode::kPath)) continue;
          for (uint32_t k = ob; k + 3 < cb; ++k) {
            if (f.Is(k, p) && f.P(k + 1, '.') && f.Is(k + 2, "is_null") && f.P(k + 3, '(')) {
              null_helpers_.insert(it.name);
              break;
            }
          }
        }
      };
  walk(f.ast->items, "", 0);
  std::sort(free_fns_[fi].begin(), free_fns_[fi].end());
}

std::string Inferer::WrapperName(uint32_t fi, uint32_t at) const {
  // The innermost function body that contains `at`.
  std::string best;
  uint32_t best_open = 0;
  for (const auto& [open, close, name] : free_fns_[fi]) {
    if (open > at) break;
    if (at <= close && open >= best_open) {
      best = name;
      best_open = open;
    }
  }
  return best;
}

// foreign_type! { type CType = ffi::X509; fn drop = ffi::X509_free; .. }
void Inferer::ScanForeignTypeMacros(uint32_t fi) {
  const SrcFile& f = files_[fi];
  for (uint32_t i = 0; i + 3 < f.size(); ++i) {
    if (!f.Kw(i, "fn") || !f.Is(i + 1, "drop") || !f.P(i + 2, '=') || f.in_test[i]) continue;
    const uint32_t close = f.block_close[i];
    if (close == kNone) continue;
    const uint32_t open = f.Match(close);
    // Inside a macro invocation `NAME! { .. }`.
    if (open < 2 || !f.P(open - 1, '!') || !f.Ident(open - 2)) continue;
    const uint32_t end = f.ScanUntil(i + 3, close, [&](uint32_t k) { return f.P(k, ';'); });
    if (end == close || end < i + 4 || !f.Ident(end - 1)) continue;
    const std::string release(f.Text(end - 1));
    // A C function: `ffi::X_free` or one the inputs declare; a Rust fn
    // (`fn drop = free;` over a local `unsafe fn free(..)`) is not one.
    const bool c_path = end >= i + 6 && f.PathSep(end - 3) && f.Ident(end - 4) &&
                        ffi_.count(std::string(f.Text(end - 4))) > 0;
    if (!c_path && !externs_.count(release)) {
      AddNote(Note::Level::kInfo, std::string(f.Text(open - 2)),
              absl::StrCat(std::string(f.Text(open - 2)), "! drops through the Rust function ", release,
                           ", not a C function: not modelled"),
              f.Loc(i));
      continue;
    }
    std::string ctype;
    for (uint32_t k = open + 1; k + 3 < close; ++k) {
      if (f.Kw(k, "type") && f.Is(k + 1, "CType") && f.P(k + 2, '=')) {
        const uint32_t e = f.ScanUntil(k + 3, close, [&](uint32_t q) { return f.P(q, ';'); });
        if (e > k + 3 && f.Ident(e - 1)) ctype = std::string(f.Text(e - 1));
        break;
      }
    }
    if (ctype.empty() || !SpecName(ctype) || !SpecName(release)) {
      AddNote(Note::Level::kInfo, std::string(f.Text(open - 2)),
              absl::StrCat(std::string(f.Text(open - 2)), "! names drop ", release, " but no `type CType = ..;`: not modelled"),
              f.Loc(i));
      continue;
    }
    ++stats_.macro_releases;
    ResourceSpec r{.name = ctype, .release = release,
                   .rust_origin = absl::StrCat(f.Origin(i), " ", std::string(f.Text(open - 2)), "! fn drop"), .loc = f.Loc(i)};
    AddResource(std::move(r), ctype);
  }
}

}  // namespace bindfuzz::spec::internal
