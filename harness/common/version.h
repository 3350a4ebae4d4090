// bindfuzz's own version and where to learn about it: shown by
// `bindfuzz version` and written into SARIF (tool.driver.version,
// informationUri).
#ifndef BINDFUZZ_HARNESS_COMMON_VERSION_H_
#define BINDFUZZ_HARNESS_COMMON_VERSION_H_

namespace bindfuzz {

inline constexpr char kBindfuzzVersion[] = "0.1.0";
// The project's home page (as ci/oss-fuzz/project.yaml's homepage).
inline constexpr char kBindfuzzInformationUri[] = "https://github.com/bindfuzz/bindfuzz";

}  // namespace bindfuzz

#endif  // BINDFUZZ_HARNESS_COMMON_VERSION_H_
