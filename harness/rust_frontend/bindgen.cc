#include "harness/rust_frontend/bindgen.h"

#include "absl/strings/str_cat.h"
#include "harness/rust_frontend/str_util.h"
#include "harness/rust_frontend/token_util.h"

namespace bindfuzz::rust_frontend {

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

std::string CNameOf(std::string_view rust, bool raw) {
  if (raw) return std::string(rust);
  if (rust.size() > 1 && rust.back() == '_' && IsBindgenEscaped(rust.substr(0, rust.size() - 1))) {
    return std::string(rust.substr(0, rust.size() - 1));
  }
  return std::string(rust);
}

std::string RustSpelling(std::string_view name, bool raw) {
  return raw ? absl::StrCat("r#", AV(name)) : std::string(name);
}

std::string CNameOfSpelling(std::string_view spelling) {
  bool raw = StartsWith(spelling, "r#");
  return CNameOf(raw ? spelling.substr(2) : spelling, raw);
}

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

std::string CFieldName(std::string_view rust, bool raw) {
  if (uint64_t n = BindgenAnonIndex(rust)) return absl::StrCat("(anon#", n, ")");
  return CNameOf(rust, raw);
}

std::string CFieldNameOfSpelling(std::string_view spelling) {
  bool raw = StartsWith(spelling, "r#");
  return CFieldName(raw ? spelling.substr(2) : spelling, raw);
}

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

bool IsBindgenArtificialFieldName(std::string_view n) {
  return StartsWith(n, "_bitfield_") || StartsWith(n, "__bindgen_padding_") || n == "_address" ||
         n == "bindgen_union_field" || n == "_bindgen_opaque_blob" || n == "__bindgen_align" ||
         n == "_unused" || n == "_vtable" || n == "__bindgen_anon_vtable";
}

namespace {

// After `size_of`/`align_of` at i: `:: < Path > ( )`; returns the last
// identifier of the type path, or "".
std::string TurbofishTypeName(const LexedFile& f, uint32_t i, uint32_t e, uint32_t* after) {
  if (!(i + 2 < e && IsPunctTok(f, i, ':') && IsPunctTok(f, i + 1, ':') && IsPunctTok(f, i + 2, '<'))) return "";
  uint32_t j = i + 3;
  std::string last;
  int angle = 1;
  uint32_t stop = e - j > 256 ? j + 256 : e;  // bounded: keeps scanning linear
  while (j < stop && angle > 0) {
    const Token& t = f.tokens[j];
    if (t.kind == TokKind::kPunct && t.punct == '<') ++angle;
    else if (t.kind == TokKind::kPunct && t.punct == '>') --angle;
    else if (t.kind == TokKind::kIdent && angle == 1) last = std::string(f.Text(t));
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

LayoutAssertion::What SizeOrAlign(std::string_view fn) {
  return fn == "size_of" ? LayoutAssertion::kSize : LayoutAssertion::kAlign;
}

}  // namespace

std::vector<LayoutAssertion> ScanLayoutTestFn(const LexedFile& f, const Item& fn) {
  std::vector<LayoutAssertion> out;
  std::string rec = fn.name.substr(kLayoutTestPrefix.size());
  for (uint32_t i = fn.body_begin + 1; i + 2 < fn.body_end; ++i) {
    if (!(IsIdentTok(f, i, "assert_eq") && IsPunctTok(f, i + 1, '!') && IsPunctTok(f, i + 2, '('))) continue;
    uint32_t open = i + 2, close = f.tokens[open].match;
    uint32_t a0b = open + 1, a0e = NextComma(f, a0b, close);
    if (a0e >= close) continue;
    uint32_t a1b = a0e + 1, a1e = NextComma(f, a1b, close);
    std::optional<uint64_t> value = a1e == a1b + 1 ? IntTok(f, a1b) : std::nullopt;
    if (!value) continue;
    std::optional<LayoutAssertion> found;
    for (uint32_t j = a0b; j < a0e; ++j) {
      if (IsIdentTok(f, j, "size_of") || IsIdentTok(f, j, "align_of")) {
        uint32_t after = 0;
        std::string tn = TurbofishTypeName(f, j + 1, a0e, &after);
        if (!tn.empty()) {
          found = LayoutAssertion{SizeOrAlign(f.Text(f.tokens[j])), tn, "", *value};
          break;
        }
      }
      // `) . field` — the field projected from `(*ptr)` / `(*null::<T>())`.
      if (IsPunctTok(f, j, ')') && j + 2 < a0e && IsPunctTok(f, j + 1, '.')) {
        const Token& ft = f.tokens[j + 2];
        if ((ft.kind == TokKind::kIdent || ft.kind == TokKind::kLiteral) &&
            !(j + 3 < a0e && IsPunctTok(f, j + 3, '('))) {
          found = LayoutAssertion{LayoutAssertion::kOffset, rec, RustSpelling(f.Text(ft), ft.raw), *value};
          break;
        }
      }
    }
    if (!found) continue;
    out.push_back(std::move(*found));
    i = close;
  }
  return out;
}

std::vector<LayoutAssertion> ScanConstAssertions(const LexedFile& f, const Item& it) {
  std::vector<LayoutAssertion> out;
  if (it.expr.empty()) return out;
  uint32_t b = it.expr[0].begin_tok, e = it.expr[0].end_tok;
  for (uint32_t i = b; i < e; ++i) {
    LayoutAssertion as;
    uint32_t after = 0;
    if (IsIdentTok(f, i, "size_of") || IsIdentTok(f, i, "align_of")) {
      as.type_name = TurbofishTypeName(f, i + 1, e, &after);
      if (as.type_name.empty() ||
          !(after + 1 < e && IsPunctTok(f, after, '(') && f.tokens[after].match == after + 1))
        continue;
      as.what = SizeOrAlign(f.Text(f.tokens[i]));
      after += 2;
    } else if (IsIdentTok(f, i, "offset_of") && i + 2 < e && IsPunctTok(f, i + 1, '!') && IsPunctTok(f, i + 2, '(')) {
      uint32_t open = i + 2, close = f.tokens[open].match;
      uint32_t comma = NextComma(f, open + 1, close);
      if (comma >= close || comma + 2 != close) continue;
      for (uint32_t j = open + 1; j < comma; ++j)
        if (f.tokens[j].kind == TokKind::kIdent) as.type_name = std::string(f.Text(f.tokens[j]));
      const Token& ft = f.tokens[comma + 1];
      if (ft.kind != TokKind::kIdent && ft.kind != TokKind::kLiteral) continue;
      as.field = RustSpelling(f.Text(ft), ft.raw);
      as.what = LayoutAssertion::kOffset;
      after = close + 1;
    } else {
      continue;
    }
    if (!(after + 1 < e && IsPunctTok(f, after, '-'))) continue;
    std::optional<uint64_t> v = IntTok(f, after + 1);
    if (!v || as.type_name.empty()) continue;
    as.value = *v;
    out.push_back(std::move(as));
    i = after + 1;
  }
  return out;
}

std::optional<BitfieldAccess> ScanBitfieldGetter(const LexedFile& f, const Item& m) {
  // self . _bitfield_N . get ( A , B )
  for (uint32_t i = m.body_begin + 1; i + 9 < m.body_end; ++i) {
    if (!(IsIdentTok(f, i, "self") && IsPunctTok(f, i + 1, '.'))) continue;
    const Token& u = f.tokens[i + 2];
    if (u.kind != TokKind::kIdent || !StartsWith(f.Text(u), "_bitfield_")) continue;
    if (!(IsPunctTok(f, i + 3, '.') && IsIdentTok(f, i + 4, "get") && IsPunctTok(f, i + 5, '(') &&
          IsPunctTok(f, i + 7, ',') && IsPunctTok(f, i + 9, ')')))
      continue;
    std::optional<uint64_t> off = IntTok(f, i + 6), width = IntTok(f, i + 8);
    if (!off || !width) continue;
    return BitfieldAccess{std::string(f.Text(u)), *off, *width};
  }
  return std::nullopt;
}

}  // namespace bindfuzz::rust_frontend
