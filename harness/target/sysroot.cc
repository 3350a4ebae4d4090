#include "harness/target/sysroot.h"

#include <sys/stat.h>

#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace bindfuzz::target {
namespace {

struct Row {
  std::string_view rust_triple;
  std::vector<std::string> dirs;
  std::string_view package;
  std::string_view probe;
};

const std::vector<Row>& Rows() {
  static const std::vector<Row> rows = {
      {"i686-unknown-linux-gnu", {"/usr/i686-linux-gnu/include"}, "libc6-dev-i386-cross", "stdio.h"},
      {"aarch64-unknown-linux-gnu", {"/usr/aarch64-linux-gnu/include"}, "libc6-dev-arm64-cross", "stdio.h"},
      {"armv7-unknown-linux-gnueabihf", {"/usr/arm-linux-gnueabihf/include"}, "libc6-dev-armhf-cross", "stdio.h"},
      {"arm-unknown-linux-gnueabi", {"/usr/arm-linux-gnueabi/include"}, "libc6-dev-armel-cross", "stdio.h"},
      {"riscv64gc-unknown-linux-gnu", {"/usr/riscv64-linux-gnu/include"}, "libc6-dev-riscv64-cross", "stdio.h"},
      {"powerpc64le-unknown-linux-gnu", {"/usr/powerpc64le-linux-gnu/include"}, "libc6-dev-ppc64el-cross", "stdio.h"},
      {"s390x-unknown-linux-gnu", {"/usr/s390x-linux-gnu/include"}, "libc6-dev-s390x-cross", "stdio.h"},
      {"mips64el-unknown-linux-gnuabi64", {"/usr/mips64el-linux-gnuabi64/include"}, "libc6-dev-mips64el-cross",
       "stdio.h"},
      // Debian's amd64 glibc headers serve x32 too, once its stubs are there.
      {"x86_64-unknown-linux-gnux32", {"/usr/include/x86_64-linux-gnu", "/usr/include"}, "libc6-dev-x32",
       "gnu/stubs-x32.h"},
      {"x86_64-unknown-linux-musl", {"/usr/include/x86_64-linux-musl"}, "musl-dev", "stdio.h"},
      {"x86_64-pc-windows-gnu", {"/usr/x86_64-w64-mingw32/include"}, "mingw-w64-x86-64-dev", "stdio.h"},
      {"i686-pc-windows-gnu", {"/usr/i686-w64-mingw32/include"}, "mingw-w64-i686-dev", "stdio.h"},
  };
  return rows;
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// The x86_64 Linux host's own headers are the target's when bindfuzz runs there.
constexpr bool kHostIsX8664Linux =
#if defined(__x86_64__) && defined(__linux__) && !defined(__ILP32__)
    true;
#else
    false;
#endif

}  // namespace

CHeaderSource DebianCHeaders(const TargetInfo& t) {
  for (const Row& r : Rows())
    if (r.rust_triple == t.rust_triple) return {r.dirs, std::string(r.package), std::string(r.probe)};
  if (t.rust_triple == "x86_64-unknown-linux-gnu")
    return {{"/usr/include/x86_64-linux-gnu", "/usr/include"}, "libc6-dev", "stdio.h"};
  return {};
}

CHeaders ChooseCHeaders(const TargetInfo& t, const std::vector<std::string>& c_flags, const std::string& root) {
  CHeaders h;
  for (const std::string& f : c_flags) {
    if (f == "-nostdinc" || f == "-nostdlibinc" || f == "-ffreestanding" || f == "--sysroot" || f == "-isysroot" ||
        f.rfind("--sysroot=", 0) == 0 || (f.rfind("-isysroot", 0) == 0 && f.size() > 9)) {
      h.kind = CHeaders::Kind::kUserChoice;
      h.description = absl::StrCat("C headers for ", std::string(t.rust_triple), ": as the C flags choose (", f, ")");
      return h;
    }
  }
  if (t.rust_triple == "x86_64-unknown-linux-gnu" && kHostIsX8664Linux) {
    h.kind = CHeaders::Kind::kNative;
    h.description = absl::StrCat("C headers for ", std::string(t.rust_triple), ": the host's");
    return h;
  }
  CHeaderSource src = DebianCHeaders(t);
  if (!src.include_dirs.empty() && Exists(root + src.include_dirs[0] + "/" + src.probe_file)) {
    h.kind = CHeaders::Kind::kSysroot;
    h.flags.push_back("-nostdlibinc");
    for (const std::string& d : src.include_dirs) {
      h.flags.push_back("-idirafter");
      h.flags.push_back(root + d);
    }
    h.description = absl::StrCat("C headers for ", std::string(t.rust_triple), ": ", absl::StrJoin(src.include_dirs, ", "),
                                 " (Debian ", src.package, ")");
    return h;
  }
  h.flags = {"-ffreestanding", "-nostdlibinc"};
  if (!src.include_dirs.empty()) {
    h.kind = CHeaders::Kind::kMissing;
    h.description = absl::StrCat("C headers for ", std::string(t.rust_triple), ": freestanding (compiler headers only), since ",
                                 root, src.include_dirs[0], " is not installed: install Debian's ", src.package,
                                 " (scripts/cross-sysroots.sh) for the C library's headers");
  } else {
    h.kind = CHeaders::Kind::kFreestanding;
    h.description = absl::StrCat("C headers for ", std::string(t.rust_triple),
                                 ": freestanding (compiler headers only: no Debian package on this host has this target's C library headers)");
  }
  return h;
}

}  // namespace bindfuzz::target
