// Paths of the real Linux 6.12 inputs that scripts/kernel-inputs.sh prepares,
// for tests labelled `kernel`. The work dir is $BINDFUZZ_WORK when set (as
// for the scripts), else `work` relative to the repository root, where ctest
// runs the tests.
//
//   if (!std::filesystem::exists(kernel_inputs::Out("amd64", "vmlinux"))) GTEST_SKIP();
//   auto flags = ReadFlagsFile(kernel_inputs::Out("amd64", "c_flags.txt"));
#ifndef BINDFUZZ_HARNESS_TESTING_KERNEL_INPUTS_H_
#define BINDFUZZ_HARNESS_TESTING_KERNEL_INPUTS_H_

#include <cstdlib>
#include <string>

namespace bindfuzz::kernel_inputs {

// <work>/kernel
inline std::string Work() {
  const char* w = std::getenv("BINDFUZZ_WORK");
  return std::string(w != nullptr && *w != '\0' ? w : "work") + "/kernel";
}

// <work>/kernel/out/<flavour>/<file>
inline std::string Out(const std::string& flavour, const std::string& file) {
  return Work() + "/out/" + flavour + "/" + file;
}

// The extracted linux-source-6.12 tree (rust/, tools/, lib/, ...).
inline std::string Src() { return Work() + "/src/linux-source-6.12"; }

}  // namespace bindfuzz::kernel_inputs

#endif  // BINDFUZZ_HARNESS_TESTING_KERNEL_INPUTS_H_
