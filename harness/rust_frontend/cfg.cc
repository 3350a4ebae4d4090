#include "harness/rust_frontend/cfg.h"

#include <string>
#include <vector>

namespace bindfuzz::rust_frontend {

int EvalCfgPredicate(const LexedFile& f, uint32_t* i, uint32_t end, const Target& tg, int depth) {
  auto tk = [&](uint32_t k) -> const Token& { return f.tokens[k]; };
  if (*i >= end || depth > 64) return -1;
  const Token& t = tk(*i);
  if (t.kind != TokKind::kIdent) return -1;
  std::string name(f.Text(t));
  ++*i;
  if (*i < end && tk(*i).kind == TokKind::kPunct && tk(*i).punct == '(') {
    uint32_t close = tk(*i).match;
    uint32_t j = *i + 1;
    std::vector<int> vals;
    while (j < close) {
      vals.push_back(EvalCfgPredicate(f, &j, close, tg, depth + 1));
      // skip to next comma
      while (j < close && !(tk(j).kind == TokKind::kPunct && tk(j).punct == ',')) {
        const Token& u = tk(j);
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
  if (*i < end && tk(*i).kind == TokKind::kPunct && tk(*i).punct == '=') {
    ++*i;
    if (*i >= end || tk(*i).kind != TokKind::kLiteral) return -1;
    std::string v;
    bool ok = DecodeStringLiteral(f.Text(tk(*i)), &v);
    ++*i;
    if (!ok) return -1;
    std::string arch(tg.triple.substr(0, tg.triple.find('-')));
    if (arch == "i586" || arch == "i386") arch = "x86";
    if (arch == "i686") arch = "x86";
    if (name == "target_arch") return v == arch;
    if (name == "target_pointer_width") return v == std::to_string(tg.ptr * 8);
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

int EvalCfgAttr(const Attr& a, const LexedFile& f, const Target& tg) {
  uint32_t i = a.args_begin;
  int v = EvalCfgPredicate(f, &i, a.args_end, tg, 0);
  if (i != a.args_end) return -1;
  return v;
}

}  // namespace bindfuzz::rust_frontend
