// bindfuzz_lifetime_gen: the build-time generator CMake runs for lifetime
// fuzz targets (fuzzers/lifetime, bindfuzz_lifetime_fuzzer). A thin wrapper
// over spec::ParseOwnershipSpec + codegen::GenerateLifetimeFuzzer; the user
// CLI is `bindfuzz gen --spec`.
//
//   bindfuzz_lifetime_gen --spec sqlite.bfspec --name sqlite --out DIR
//       [--header H]... [--include DIR]... [--c-flag F]... [--c-source S]...
//       [--runtime-dir shims/] [--replay-main replay_main.cc] [--max-ops N]
//       [--max-handles N]
//
// Writes the generated files into DIR (a file whose contents did not change
// is left alone, so its timestamp does not trigger rebuilds). Notes go to
// stderr. Exit 0 on success, 1 on a spec error, 2 on a usage error.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "absl/strings/numbers.h"
#include "harness/codegen/lifetime_codegen.h"
#include "harness/common/file_util.h"
#include "harness/spec/spec_parser.h"

namespace {

int Usage(const char* why) {
  std::fprintf(stderr,
               "bindfuzz_lifetime_gen: %s\n"
               "usage: bindfuzz_lifetime_gen --spec FILE --name NAME --out DIR [--header H]...\n"
               "       [--include DIR]... [--c-flag F]... [--c-source S]... [--runtime-dir D]\n"
               "       [--replay-main F] [--max-ops N] [--max-handles N]\n",
               why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bindfuzz::codegen::LifetimeGenOptions opt;
  std::string spec_path, out_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return Usage(("missing value after " + a).c_str());
    const std::string v = argv[++i];
    if (a == "--spec") {
      spec_path = v;
    } else if (a == "--name") {
      opt.name = v;
    } else if (a == "--out") {
      out_dir = v;
    } else if (a == "--header") {
      opt.headers.push_back(v);
    } else if (a == "--include") {
      opt.c_flags.push_back("-I" + v);
    } else if (a == "--c-flag") {
      opt.c_flags.push_back(v);
    } else if (a == "--c-source") {
      opt.c_sources.push_back(v);
    } else if (a == "--runtime-dir") {
      opt.runtime_dir = v;
    } else if (a == "--replay-main") {
      opt.replay_main = v;
    } else if (a == "--max-ops" || a == "--max-handles") {
      int n = 0;
      if (!absl::SimpleAtoi(v, &n)) return Usage((a + " takes a number").c_str());
      (a == "--max-ops" ? opt.max_ops : opt.max_handles) = n;
    } else {
      return Usage(("unknown option " + a).c_str());
    }
  }
  if (spec_path.empty() || out_dir.empty()) return Usage("--spec and --out are required");

  auto text = bindfuzz::ReadFile(spec_path, bindfuzz::spec::kMaxSpecBytes);
  if (!text.ok()) {
    std::fprintf(stderr, "%s\n", std::string(text.status().message()).c_str());
    return 1;
  }
  auto spec = bindfuzz::spec::ParseOwnershipSpec(*text, spec_path);
  if (!spec.ok()) {
    std::fprintf(stderr, "%s\n", std::string(spec.status().message()).c_str());
    return 1;
  }
  auto gen = bindfuzz::codegen::GenerateLifetimeFuzzer(*spec, opt);
  if (!gen.ok()) {
    std::fprintf(stderr, "%s\n", std::string(gen.status().message()).c_str());
    return 1;
  }
  for (const auto& n : gen->notes)
    std::fprintf(stderr, "%s: note: %s: %s\n", n.loc.ToString().c_str(), n.item.c_str(),
                 n.message.c_str());
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  for (const auto& [file, contents] : gen->files) {
    const std::string path = (std::filesystem::path(out_dir) / file).string();
    auto old = bindfuzz::ReadFile(path);
    if (old.ok() && *old == contents) continue;
    if (auto st = bindfuzz::WriteFile(path, contents); !st.ok()) {
      std::fprintf(stderr, "%s\n", std::string(st.message()).c_str());
      return 1;
    }
    if (file == "build.sh") std::filesystem::permissions(path, std::filesystem::perms::owner_exec,
                                                         std::filesystem::perm_options::add, ec);
  }
  return 0;
}
