#include "harness/rust_frontend/attributes.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/rust_frontend/token_util.h"

namespace bindfuzz::rust_frontend {

bool HasAttr(const std::vector<Attr>& attrs, std::string_view name) {
  for (const Attr& a : attrs)
    if (a.name == name) return true;
  return false;
}

std::optional<std::string> AttrString(const std::vector<Attr>& attrs, std::string_view name, const LexedFile& f) {
  for (const Attr& a : attrs) {
    if (a.name != name || !a.has_eq || a.args_end != a.args_begin + 1) continue;
    const Token& t = f.tokens[a.args_begin];
    if (t.kind != TokKind::kLiteral || t.lit != LitKind::kStr) continue;
    std::string v;
    if (DecodeStringLiteral(f.Text(t), &v)) return v;
  }
  return std::nullopt;
}

std::optional<std::string> LinkName(const std::vector<Attr>& attrs, const LexedFile& f) {
  std::optional<std::string> ln = AttrString(attrs, "link_name", f);
  if (ln && ln->substr(0, 1) == "\x01") *ln = ln->substr(1);
  return ln;
}

Repr ComputeRepr(const std::vector<Attr>& attrs, const LexedFile& f, const Target& tg) {
  auto tk = [&](uint32_t i) -> const Token& { return f.tokens[i]; };
  Repr r;
  std::vector<std::string> parts;
  for (const Attr& a : attrs) {
    if (a.name != "repr") continue;
    r.any = true;
    uint32_t i = a.args_begin;
    while (i < a.args_end) {
      const Token& t = tk(i);
      if (t.kind == TokKind::kPunct && t.punct == ',') {
        ++i;
        continue;
      }
      if (t.kind != TokKind::kIdent) {
        r.problems.push_back("unrecognised repr argument");
        i = t.kind == TokKind::kPunct && (t.punct == '(' || t.punct == '[' || t.punct == '{') ? t.match + 1 : i + 1;
        continue;
      }
      std::string name(f.Text(t));
      uint32_t b = i;
      ++i;
      std::optional<uint64_t> arg;
      if (i < a.args_end && tk(i).kind == TokKind::kPunct && tk(i).punct == '(') {
        uint32_t close = tk(i).match;
        if (close == i + 2 && tk(i + 1).kind == TokKind::kLiteral && tk(i + 1).lit == LitKind::kInt) {
          unsigned __int128 v;
          std::string suf;
          if (DecodeIntLiteral(f.Text(tk(i + 1)), &v, &suf) && v <= (uint64_t{1} << 32)) {
            arg = static_cast<uint64_t>(v);
          }
        }
        if (!arg) r.problems.push_back(absl::StrCat("repr(", name, "(...)) argument not evaluated"));
        i = close + 1;
      }
      parts.push_back(SpellTokens(f, b, i));
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
        if (LookupRustPrim(name, tg, &p) && p.cat == Prim::kInt) {
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

}  // namespace bindfuzz::rust_frontend
