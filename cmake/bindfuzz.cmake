# Shared helpers for bindfuzz targets.

# Warnings for our own code. C++20 designated initializers that leave members
# at their defaults are the house style (contract.h), so Clang 19's
# -Wmissing-designated-field-initializers (in -Wextra) is off.
set(BF_WARNINGS -Wall -Wextra -Wno-unused-parameter -Wno-missing-designated-field-initializers)

# No path of the checkout or the build tree ends up in the tool's binary (it
# is installable and relocatable): debug info and __FILE__ name files
# relative to the source tree ("./harness/...") or the build tree.
set(BF_PATH_MAP -ffile-prefix-map=${PROJECT_SOURCE_DIR}=. -ffile-prefix-map=${PROJECT_BINARY_DIR}=.)

# bindfuzz_cc_library(NAME SRCS ... DEPS ...): a static library rooted at the
# repository (includes are "harness/...").
function(bindfuzz_cc_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  target_compile_options(${name} PRIVATE ${BF_WARNINGS} ${BF_PATH_MAP})
endfunction()

# bindfuzz_cc_test(NAME SRCS ... DEPS ...): a GoogleTest binary registered
# with CTest. Tests run with the repository root as working directory so
# they can find harness/testdata.
function(bindfuzz_cc_test name)
  if(NOT BINDFUZZ_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_options(${name} PRIVATE ${BF_WARNINGS})
  gtest_discover_tests(${name}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES LABELS "${ARG_LABELS}"
    DISCOVERY_TIMEOUT 60)
endfunction()

# bindfuzz_cc_benchmark(NAME SRCS ... DEPS ...)
function(bindfuzz_cc_benchmark name)
  if(NOT BINDFUZZ_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
endfunction()

# Sanitizer flags for everything that is instrumented (fuzzers, shims):
# linked per target, never global.
add_library(bindfuzz_sanitizers INTERFACE)
target_compile_options(bindfuzz_sanitizers INTERFACE
  -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g
  -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
target_link_options(bindfuzz_sanitizers INTERFACE -fsanitize=address,undefined)
