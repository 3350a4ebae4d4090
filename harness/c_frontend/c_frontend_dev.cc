// Developer-only driver for the C front end (the real CLI is harness/tool):
//   c_frontend_dev [-o out.json] [--no-macros] [--flags-file F] [--prefix P]... header... [-- flags...]
// Prints wall time, peak RSS and counts to stderr.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "harness/c_frontend/c_frontend.h"
#include "harness/cflags/flag_readers.h"
#include "harness/common/file_util.h"
#include "harness/contract/contract_json.h"

int main(int argc, char** argv) {
  bindfuzz::cfront::CFrontendOptions o;
  std::string out;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") { ++i; break; }
    if (a == "-o" && i + 1 < argc) { out = argv[++i]; continue; }
    if (a == "--no-macros") { o.evaluate_macros = false; continue; }
    if (a == "--bodies") { o.skip_function_bodies = false; continue; }
    if (a == "--prefix" && i + 1 < argc) { o.include_prefixes.push_back(argv[++i]); continue; }
    if (a == "--flags-file" && i + 1 < argc) {
      auto f = bindfuzz::cflags::ReadFlagsFile(argv[++i]);
      if (!f.ok()) { fprintf(stderr, "%s\n", std::string(f.status().message()).c_str()); return 2; }
      o.flags.insert(o.flags.end(), f->begin(), f->end());
      continue;
    }
    o.headers.push_back(a);
  }
  for (; i < argc; ++i) o.flags.push_back(argv[i]);
  auto t0 = std::chrono::steady_clock::now();
  auto c = bindfuzz::cfront::ExtractC(o);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!c.ok()) { fprintf(stderr, "%s\n", std::string(c.status().message()).c_str()); return 1; }
  auto t1 = std::chrono::steady_clock::now();
  std::string json = bindfuzz::contract::ToJson(*c);
  double jsecs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  fprintf(stderr,
          "extract %.2fs, json %.2fs (%zu bytes), peak RSS %ld MB; records %zu enums %zu typedefs %zu "
          "functions %zu variables %zu constants %zu notes %zu\n",
          secs, jsecs, json.size(), ru.ru_maxrss / 1024, c->records.size(), c->enums.size(),
          c->typedefs.size(), c->functions.size(), c->variables.size(), c->constants.size(),
          c->notes.size());
  for (const auto& n : c->notes) fprintf(stderr, "note: %s: %s\n", n.item.c_str(), n.message.c_str());
  if (!out.empty()) {
    auto st = bindfuzz::WriteFile(out, json);
    if (!st.ok()) { fprintf(stderr, "%s\n", std::string(st.message()).c_str()); return 2; }
  }
  return 0;
}
