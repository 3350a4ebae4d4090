// `infer` on real binding crates from Debian (librust-rusqlite-dev,
// librust-git2-dev, librust-openssl-dev; scripts/setup.sh installs them):
// the proposal re-parses, and the Drop releases it finds are checked
// against what the project's Rust parser reads from the sources: every
// `impl Drop` whose `drop` passes `self`'s object to one function the
// matching -sys crate declares in an `extern` block.
#include <sys/stat.h>

#include <functional>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "harness/rust_frontend/lexer.h"
#include "harness/rust_frontend/parser.h"
#include "harness/spec/infer.h"
#include "harness/spec/spec_parser.h"

namespace bindfuzz::spec {
namespace {

namespace rf = rust_frontend;

constexpr char kRegistry[] = "/usr/share/cargo/registry/";

struct Parsed {
  std::unique_ptr<rf::LexedFile> lf;
  rf::SourceFileAst ast;
};

std::vector<Parsed> ParseAll(const std::string& dir) {
  std::vector<Parsed> out;
  auto in = ReadRustInputs({dir}, {});
  EXPECT_TRUE(in.ok()) << in.status();
  if (!in.ok()) return out;
  for (const RustInput& r : *in) {
    auto lf = rf::Lex(r.name, r.text, {});
    if (!lf.ok()) continue;
    auto ast = rf::ParseFile(**lf, {});
    if (!ast.ok()) continue;
    out.push_back({std::move(*lf), std::move(*ast)});
  }
  return out;
}

void Walk(const std::vector<rf::Item>& items, const std::function<void(const rf::Item&)>& fn) {
  for (const rf::Item& it : items) {
    fn(it);
    if (it.kind == rf::Item::kMod || it.kind == rf::Item::kExternBlock || it.kind == rf::Item::kImpl) {
      Walk(it.items, fn);
    }
  }
}

// Names the -sys crate declares in extern blocks, also in `extern "C" { }`
// groups inside macro calls (openssl-sys's cfg_if!).
std::set<std::string> ExternNames(const std::string& sys_dir) {
  std::set<std::string> out;
  for (const Parsed& p : ParseAll(sys_dir)) {
    const auto& t = p.lf->tokens;
    Walk(p.ast.items, [&](const rf::Item& it) {
      if (it.kind == rf::Item::kExternBlock) {
        for (const rf::Item& d : it.items) {
          if (d.kind == rf::Item::kFn) out.insert(d.name);
        }
      }
      if (it.kind != rf::Item::kMacroCall) return;
      for (uint32_t k = it.tt_begin; k + 2 < it.tt_end; ++k) {
        if (t[k].kind != rf::TokKind::kIdent || p.lf->Text(t[k]) != "extern" || t[k + 1].kind != rf::TokKind::kLiteral ||
            t[k + 2].kind != rf::TokKind::kPunct || t[k + 2].punct != '{') {
          continue;
        }
        const uint32_t close = t[k + 2].match;
        for (uint32_t q = k + 3; q + 1 < close; ++q) {
          if (t[q].kind == rf::TokKind::kIdent && p.lf->Text(t[q]) == "fn" && t[q + 1].kind == rf::TokKind::kIdent) {
            out.insert(std::string(p.lf->Text(t[q + 1])));
          }
        }
      }
    });
  }
  return out;
}

// Rust functions the crate itself defines (any module, impl or trait).
std::set<std::string> RustFns(const std::string& dir) {
  std::set<std::string> out;
  for (const Parsed& p : ParseAll(dir)) {
    Walk(p.ast.items, [&](const rf::Item& it) {
      if (it.kind == rf::Item::kFn && it.has_body) out.insert(it.name);
    });
  }
  return out;
}

// Per `impl Drop`: the extern functions its `drop` calls with an argument
// that mentions `self`.
std::vector<std::set<std::string>> DropCalls(const std::string& dir, const std::set<std::string>& externs) {
  std::vector<std::set<std::string>> out;
  for (const Parsed& p : ParseAll(dir)) {
    const auto& t = p.lf->tokens;
    auto ident = [&](uint32_t i) { return i < t.size() && t[i].kind == rf::TokKind::kIdent; };
    auto punct = [&](uint32_t i, char c) { return i < t.size() && t[i].kind == rf::TokKind::kPunct && t[i].punct == c; };
    Walk(p.ast.items, [&](const rf::Item& it) {
      if (it.kind != rf::Item::kImpl || it.trait_type.empty() || it.trait_type[0].kind != rf::TypeNode::kPath ||
          it.trait_type[0].path.segments.empty() || it.trait_type[0].path.Last() != "Drop") {
        return;
      }
      std::set<std::string> calls;
      for (const rf::Item& m : it.items) {
        if (m.kind != rf::Item::kFn || m.name != "drop" || !m.has_body) continue;
        for (uint32_t k = m.body_begin; k < m.body_end; ++k) {
          if (!ident(k) || !punct(k + 1, '(')) continue;
          std::string name(p.lf->Text(t[k]));
          if (!externs.count(name) || (k > 0 && punct(k - 1, '.'))) continue;
          for (uint32_t a = k + 2; a < t[k + 1].match; ++a) {
            if (ident(a) && p.lf->Text(t[a]) == "self") {
              calls.insert(name);
              break;
            }
          }
        }
      }
      out.push_back(std::move(calls));
    });
  }
  return out;
}

void CheckCrate(const std::string& crate, const std::string& sys) {
  const std::string dir = kRegistry + crate, sys_dir = kRegistry + sys;
  struct stat st;
  if (stat((dir + "/src").c_str(), &st) != 0 || stat(sys_dir.c_str(), &st) != 0) {
    GTEST_SKIP() << dir << " or " << sys_dir << " absent (scripts/setup.sh installs the librust-*-dev packages)";
  }
  auto in = ReadRustInputs({dir + "/src"}, {});
  ASSERT_TRUE(in.ok()) << in.status();
  auto r = InferOwnershipSpec(*in, {});
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string text = OwnershipSpecToText(r->spec);
  auto back = ParseOwnershipSpec(text, crate + ".bfspec");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(OwnershipSpecToText(*back), text);

  const std::set<std::string> externs = ExternNames(sys_dir);
  ASSERT_FALSE(externs.empty()) << sys_dir;
  // Drop impls that release through exactly one extern function directly.
  std::set<std::string> expected;
  for (const auto& calls : DropCalls(dir + "/src", externs)) {
    if (calls.size() == 1) expected.insert(*calls.begin());
  }
  ASSERT_FALSE(expected.empty()) << crate;
  std::set<std::string> releases;
  for (const auto& [name, res] : r->spec.resources) {
    if (!res.release.empty()) releases.insert(res.release);
  }
  EXPECT_GT(r->stats.drop_releases, 0u);
  // Every release infer proposes is a C function: declared by the -sys
  // crate, or (bindings generated at build time, as libsqlite3-sys's
  // session API) at least not a Rust function of the crate.
  const std::set<std::string> rust_fns = RustFns(dir + "/src");
  size_t undeclared = 0;
  for (const std::string& rel : releases) {
    if (externs.count(rel)) continue;
    ++undeclared;
    EXPECT_FALSE(rust_fns.count(rel)) << rel << " is a Rust function of " << crate << ", not a C release";
  }
  // Every expected release is found (or its Drop is a note, never dropped
  // in silence).
  size_t found = 0;
  for (const std::string& e : expected) {
    if (releases.count(e)) {
      ++found;
    } else {
      bool noted = text.find(e) != std::string::npos;
      EXPECT_TRUE(noted) << crate << ": Drop calls " << e << " but infer neither proposes nor notes it";
    }
  }
  size_t null_facts = 0;
  for (const auto& f : r->spec.functions) {
    if (f.ret.nullability != contract::Nullability::kNonNull) ++null_facts;
  }
  EXPECT_GT(null_facts, 0u);
  std::cerr << "infer " << crate << ": " << r->stats.files << " files, " << r->spec.resources.size()
            << " resources, " << r->stats.drop_releases << " Drop releases (" << found << " of the "
            << expected.size() << " the parser finds), " << r->stats.macro_releases << " foreign_type! drops, "
            << r->spec.functions.size() << " functions, " << null_facts << " NULL/ERR_PTR returns, "
            << r->stats.nullable_params << " nullable parameters, " << undeclared
            << " releases not in the -sys sources, " << r->spec.notes.size()
            << " notes; re-parses\n";
}

TEST(InferCrates, Rusqlite) { CheckCrate("rusqlite-0.28.0", "libsqlite3-sys-0.25.1"); }
TEST(InferCrates, Git2) { CheckCrate("git2-0.16.0", "libgit2-sys-0.14.1"); }
TEST(InferCrates, Openssl) { CheckCrate("openssl-0.10.45", "openssl-sys-0.9.80"); }

}  // namespace
}  // namespace bindfuzz::spec
