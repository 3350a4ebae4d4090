// Which C library headers the C side of a target is parsed with.
//
// Clang given a foreign `--target` still searches the host's /usr/include
// (it finds no cross GCC installation here), so `x86_64-linux-musl` or
// `aarch64-linux-gnu` would silently read x86_64 glibc headers. For each
// target of the table this picks the headers Debian ships for it:
//
//   target (Rust triple)                 headers                              Debian package
//   x86_64-unknown-linux-gnu             the host's (/usr/include)            libc6-dev
//   <arch>-unknown-linux-gnu[eabi[hf]|abi64]  /usr/<gnu triple>/include     libc6-dev-<debarch>-cross
//   x86_64-unknown-linux-gnux32          /usr/include/x86_64-linux-gnu, /usr/include  libc6-dev-x32
//   x86_64-unknown-linux-musl            /usr/include/x86_64-linux-musl       musl-dev
//   {x86_64,i686}-pc-windows-gnu         /usr/<arch>-w64-mingw32/include      mingw-w64-<arch>-dev
//   aarch64/i686 musl, windows-msvc, apple, thumbv7em-none-eabihf: none in
//   Debian; freestanding (-ffreestanding, only the compiler's own headers).
//
// The flags are `-nostdlibinc -idirafter DIR...`: the compiler's own
// headers (stddef.h, stdint.h's wrapper) first, then the target's C
// library, as a native compiler searches. A command line that already
// chooses its headers (--sysroot, -isysroot, -nostdinc, -nostdlibinc,
// -ffreestanding) is left alone.
//
//   const TargetInfo* t = *LookupTarget("aarch64-unknown-linux-gnu");
//   CHeaders h = ChooseCHeaders(*t, c_flags);
//   c_flags.insert(c_flags.end(), h.flags.begin(), h.flags.end());
//   std::cerr << h.description << "\n";  // "C headers: /usr/aarch64-linux-gnu/include (libc6-dev-arm64-cross)"
#ifndef BINDFUZZ_HARNESS_TARGET_SYSROOT_H_
#define BINDFUZZ_HARNESS_TARGET_SYSROOT_H_

#include <string>
#include <vector>

#include "harness/target/target.h"

namespace bindfuzz::target {

// Where a target's C library headers live in Debian ("" dirs: none).
struct CHeaderSource {
  std::vector<std::string> include_dirs;  // searched in this order
  std::string package;                    // the Debian package that installs them
  std::string probe_file;                 // relative to include_dirs[0]: present when installed
};
CHeaderSource DebianCHeaders(const TargetInfo& t);

struct CHeaders {
  enum class Kind {
    kNative,        // the host's own headers, nothing added
    kSysroot,       // the target's Debian headers
    kFreestanding,  // no C library headers for this target in Debian
    kMissing,       // Debian has them, not installed: freestanding, and say what to install
    kUserChoice,    // the command line already chose its headers
  } kind = Kind::kNative;
  std::vector<std::string> flags;  // to append to the C flags
  std::string description;         // one line for the user
};

// `root` prefixes every path checked (tests); "" = the real filesystem.
CHeaders ChooseCHeaders(const TargetInfo& t, const std::vector<std::string>& c_flags,
                        const std::string& root = "");

}  // namespace bindfuzz::target

#endif  // BINDFUZZ_HARNESS_TARGET_SYSROOT_H_
