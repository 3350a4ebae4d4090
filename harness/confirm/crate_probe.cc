#include "harness/confirm/crate_probe.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/rust_frontend/lexer.h"

namespace bindfuzz::confirm {
namespace {

namespace fs = std::filesystem;
using rust_frontend::Token;
using rust_frontend::TokKind;

constexpr uintmax_t kMaxCopyBytes = uintmax_t{512} << 20;

bool IsPunct(const Token& t, char c) { return t.kind == TokKind::kPunct && t.punct == c; }

}  // namespace

std::string PublishForProbe(const std::string& name, const std::string& text) {
  auto lexed = rust_frontend::Lex(name, text, {});
  if (!lexed.ok()) return text;
  const rust_frontend::LexedFile& lex = **lexed;
  const auto& t = lex.tokens;
  auto ident = [&](size_t i, std::string_view w) {
    return i < t.size() && t[i].kind == TokKind::kIdent && !t[i].raw && lex.Text(t[i]) == w;
  };
  std::vector<uint32_t> at;  // byte offsets to insert "pub " before
  // A field starts at `i` (after `{`, `(` or `,` of a record body): skip
  // its attributes; publish it unless it has a visibility or is a
  // macro_rules fragment (`$name`).
  auto field_at = [&](size_t i, size_t end, bool tuple) {
    while (i + 1 < end && IsPunct(t[i], '#') && IsPunct(t[i + 1], '[') && t[i + 1].match > i + 1) i = t[i + 1].match + 1;
    while (i < end && t[i].kind == TokKind::kDoc) ++i;
    if (i >= end || ident(i, "pub") || IsPunct(t[i], '$')) return;
    // `name: ty` (also `name: ::path`), not `a::b`.
    if (tuple ? !IsPunct(t[i], ',') : (t[i].kind == TokKind::kIdent && i + 1 < end && IsPunct(t[i + 1], ':') &&
                                       !(i + 2 < end && IsPunct(t[i + 2], ':') && t[i + 2].begin == t[i + 1].end))) {
      at.push_back(t[i].begin);
    }
  };
  for (size_t i = 0; i + 2 < t.size(); ++i) {
    // `mod NAME;` / `mod NAME {` after an item boundary (skipping docs).
    if (ident(i, "mod") && t[i + 1].kind == TokKind::kIdent && (IsPunct(t[i + 2], ';') || IsPunct(t[i + 2], '{'))) {
      size_t p = i;
      while (p > 0 && t[p - 1].kind == TokKind::kDoc) --p;
      if (p == 0 || IsPunct(t[p - 1], ';') || IsPunct(t[p - 1], '{') || IsPunct(t[p - 1], '}') || IsPunct(t[p - 1], ']'))
        at.push_back(t[i].begin);
      continue;
    }
    // `struct NAME ... {fields}` / `union NAME ... {fields}` / `struct NAME(fields)`.
    if (!(ident(i, "struct") || ident(i, "union")) || t[i + 1].kind != TokKind::kIdent) continue;
    size_t j = i + 2;
    int angle = 0;
    while (j < t.size() && !(angle == 0 && (IsPunct(t[j], '{') || IsPunct(t[j], '(') || IsPunct(t[j], ';')))) {
      if (IsPunct(t[j], '<')) ++angle;
      if (IsPunct(t[j], '>') && angle > 0) --angle;
      if (IsPunct(t[j], '}') || IsPunct(t[j], ')')) break;  // not a record declaration
      ++j;
    }
    if (j >= t.size() || !(IsPunct(t[j], '{') || IsPunct(t[j], '(')) || t[j].match <= j) continue;
    const bool tuple = IsPunct(t[j], '(');
    const size_t end = t[j].match;
    field_at(j + 1, end, tuple);
    for (size_t k = j + 1; k < end; ++k) {
      if (t[k].kind == TokKind::kPunct && (t[k].punct == '(' || t[k].punct == '[' || t[k].punct == '{') &&
          t[k].match > k) {
        k = t[k].match;
        continue;
      }
      if (IsPunct(t[k], '<')) {  // generic arguments in a field type may hold commas
        int depth = 1;
        while (++k < end && depth > 0) {
          if (IsPunct(t[k], '<')) ++depth;
          if (IsPunct(t[k], '>')) --depth;
        }
        --k;
        continue;
      }
      if (IsPunct(t[k], ',')) field_at(k + 1, end, tuple);
    }
  }
  std::sort(at.begin(), at.end());
  at.erase(std::unique(at.begin(), at.end()), at.end());
  std::string out = text;
  for (auto it = at.rbegin(); it != at.rend(); ++it) out.insert(*it, "pub ");
  return out;
}

absl::StatusOr<std::string> CopyCrateForProbe(const CargoCrateBuild& b, const std::string& dest) {
  std::error_code ec;
  const fs::path src = fs::weakly_canonical(b.crate_dir, ec);
  if (ec || !fs::is_directory(src)) return absl::NotFoundError(absl::StrCat("crate directory ", b.crate_dir, " not found"));
  const fs::path root = fs::weakly_canonical(b.root, ec);
  const fs::path rel = root.lexically_relative(src);
  if (ec || rel.empty() || *rel.begin() == "..") {
    return absl::InvalidArgumentError(
        absl::StrCat("crate root ", b.root, " is not inside the crate directory ", b.crate_dir));
  }
  uintmax_t total = 0;
  fs::recursive_directory_iterator it(src, fs::directory_options::none, ec), end;
  if (ec) return absl::InternalError(absl::StrCat("reading ", src.string(), ": ", ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec) return absl::InternalError(absl::StrCat("reading ", src.string(), ": ", ec.message()));
    const fs::path r = it->path().lexically_relative(src);
    if (it.depth() == 0 && (r == "target" || r == ".git")) {
      it.disable_recursion_pending();
      continue;
    }
    const fs::path to = fs::path(dest) / r;
    if (it->is_directory(ec)) {
      fs::create_directories(to, ec);
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    total += it->file_size(ec);
    if (total > kMaxCopyBytes) {
      return absl::ResourceExhaustedError(absl::StrCat("crate directory ", b.crate_dir, " is over 512 MiB"));
    }
    fs::create_directories(to.parent_path(), ec);
    if (to.extension() == ".rs") {
      BF_ASSIGN_OR_RETURN(std::string text, ReadFile(it->path().string()));
      BF_RETURN_IF_ERROR(WriteFile(to.string(), PublishForProbe(it->path().string(), text)));
    } else {
      fs::copy_file(it->path(), to, fs::copy_options::overwrite_existing, ec);
      if (ec) return absl::InternalError(absl::StrCat("copying ", it->path().string(), ": ", ec.message()));
    }
  }
  return (fs::path(dest) / rel).string();
}

std::vector<std::string> ProbeRustcArgs(const CargoCrateBuild& b, const std::string& root, const std::string& ll) {
  std::vector<std::string> out;
  if (b.argv.empty()) return out;
  out.push_back(b.argv[0]);
  // Options cargo gave that the probe replaces, with their value as the
  // next argument when not joined.
  auto drop_with_value = [](const std::string& a) {
    for (const char* o : {"--emit", "--out-dir", "-o", "--json", "--error-format", "--cap-lints", "--crate-type"}) {
      if (a == o) return 1;
      if (absl::StartsWith(a, absl::StrCat(o, "="))) return 0;
    }
    return -1;
  };
  for (size_t i = 1; i < b.argv.size(); ++i) {
    const std::string& a = b.argv[i];
    if (a == b.root) continue;
    int d = drop_with_value(a);
    if (d >= 0) {
      i += d;
      continue;
    }
    if ((a == "-C" || a == "-Z") && i + 1 < b.argv.size()) {
      const std::string& v = b.argv[i + 1];
      if (absl::StartsWith(v, "incremental=") || absl::StartsWith(v, "unpretty=") ||
          absl::StartsWith(v, "embed-bitcode=") || absl::StartsWith(v, "codegen-units=")) {
        ++i;
        continue;
      }
    }
    if (absl::StartsWith(a, "-Cincremental=") || absl::StartsWith(a, "-Zunpretty=") ||
        absl::StartsWith(a, "-Cembed-bitcode=") || absl::StartsWith(a, "-Ccodegen-units=")) {
      continue;
    }
    out.push_back(a);
  }
  for (const char* a : {"--crate-type=lib", "--emit=llvm-ir", "--error-format=json", "--cap-lints=allow",
                        "-Ccodegen-units=1", "-Zcrate-attr=feature(specialization)",
                        "-Zcrate-attr=feature(never_type)", "-Zcrate-attr=allow(incomplete_features)"}) {
    out.push_back(a);
  }
  out.push_back("-o");
  out.push_back(ll);
  out.push_back(root);
  return out;
}

std::string EditionNeutralPaths(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 8, "::core::") == 0) {
      char prev = i ? text[i - 1] : ' ';
      bool ident = (prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z') || (prev >= '0' && prev <= '9') ||
                   prev == '_' || prev == ':';
      if (!ident) {
        out += "core::";
        i += 7;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace bindfuzz::confirm
