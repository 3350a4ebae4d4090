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
# they can find harness/testdata. Every test links harness/testing (status
# matchers, golden files).
function(bindfuzz_cc_test name)
  if(NOT BINDFUZZ_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} bindfuzz_testing GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_options(${name} PRIVATE ${BF_WARNINGS})
  gtest_discover_tests(${name}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES LABELS "${ARG_LABELS}"
    DISCOVERY_TIMEOUT 60)
endfunction()

# bindfuzz_generated_target_test(NAME SRCS ... DEPS ... LABELS ...
#                                TESTDATA_DEFINE BF_X TESTDATA dir)
# A test that generates fuzz targets and builds them with clang-19: the
# compilers, the runtime, the replay driver, its testdata directory (as the
# macro TESTDATA_DEFINE) and a scratch directory of its own.
function(bindfuzz_generated_target_test name)
  cmake_parse_arguments(ARG "" "TESTDATA_DEFINE;TESTDATA" "SRCS;DEPS;LABELS" ${ARGN})
  bindfuzz_cc_test(${name} SRCS ${ARG_SRCS} DEPS ${ARG_DEPS} LABELS ${ARG_LABELS})
  if(TARGET ${name})
    target_compile_definitions(${name} PRIVATE
      BF_CLANG="${BINDFUZZ_CLANG19}" BF_CLANGXX="${BINDFUZZ_CLANGXX19}"
      BF_RUNTIME_DIR="${PROJECT_SOURCE_DIR}/shims/runtime"
      BF_REPLAY_MAIN="${PROJECT_SOURCE_DIR}/fuzzers/common/replay_main.cc"
      ${ARG_TESTDATA_DEFINE}="${ARG_TESTDATA}"
      BF_SCRATCH_DIR="${CMAKE_CURRENT_BINARY_DIR}/scratch/${name}")
  endif()
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

# Instrumentation flags, defined once in shims/runtime/bf_build_flags.def (the
# generator spells the same lines into every generated build.sh): each
# `BF_FLAGS(NAME, "flags")` line becomes the list BF_FLAGS_<NAME>.
set(_bf_flags_def ${PROJECT_SOURCE_DIR}/shims/runtime/bf_build_flags.def)
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_bf_flags_def})
file(STRINGS ${_bf_flags_def} _bf_flag_lines REGEX "^BF_FLAGS\\(")
foreach(_line IN LISTS _bf_flag_lines)
  if(NOT _line MATCHES "^BF_FLAGS\\(([A-Z_]+), \"([^\"]*)\"\\)$")
    message(FATAL_ERROR "${_bf_flags_def}: cannot parse: ${_line}")
  endif()
  separate_arguments(BF_FLAGS_${CMAKE_MATCH_1} UNIX_COMMAND "${CMAKE_MATCH_2}")
endforeach()
foreach(_name SANITIZE NO_RECOVER DEBUG OPT FRAME_POINTER FUZZING_BUILD COVERAGE LINK_FUZZER
              NO_CMP_TRACE NO_COVERAGE)
  if(NOT DEFINED BF_FLAGS_${_name})
    message(FATAL_ERROR "${_bf_flags_def}: no BF_FLAGS(${_name}, ...)")
  endif()
endforeach()

# OSS-Fuzz / ClusterFuzzLite mode (-DBINDFUZZ_OSS_FUZZ=ON, see ci/oss-fuzz/build.sh):
# sanitizer and coverage flags come from $CFLAGS/$CXXFLAGS (i.e. CMAKE_C(XX)_FLAGS),
# fuzz targets link ${LIB_FUZZING_ENGINE} (fuzzers/CMakeLists.txt).
option(BINDFUZZ_OSS_FUZZ "Build fuzz targets for OSS-Fuzz: flags from CFLAGS/CXXFLAGS, link LIB_FUZZING_ENGINE" OFF)

# The sets the instrumented targets use:
#   BF_INSTRUMENT_FLAGS   sanitizers and libFuzzer coverage (compile): kernel C
#   BF_FUZZ_COMMON_FLAGS  the same and FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION:
#                         fuzz targets, their harness code, the lifetime engine
#   BF_FUZZER_LINK_FLAGS  link of a <name>_fuzzer (sanitizers and libFuzzer)
#   BF_REPLAY_LINK_FLAGS  link of a <name>_replay (sanitizers only)
# In OSS-Fuzz mode the first two carry only the define.
if(BINDFUZZ_OSS_FUZZ)
  set(BF_INSTRUMENT_FLAGS)
else()
  set(BF_INSTRUMENT_FLAGS ${BF_FLAGS_SANITIZE} ${BF_FLAGS_COVERAGE} ${BF_FLAGS_NO_RECOVER}
      ${BF_FLAGS_FRAME_POINTER} ${BF_FLAGS_DEBUG} ${BF_FLAGS_OPT})
endif()
set(BF_FUZZ_COMMON_FLAGS ${BF_INSTRUMENT_FLAGS} ${BF_FLAGS_FUZZING_BUILD})
set(BF_FUZZER_LINK_FLAGS ${BF_FLAGS_SANITIZE} ${BF_FLAGS_LINK_FUZZER})
set(BF_REPLAY_LINK_FLAGS ${BF_FLAGS_SANITIZE})

# Sanitizer flags for the instrumented libraries that are not fuzz targets
# (the runtime, the kernel shims, their tests): linked per target, never
# global, no coverage.
add_library(bindfuzz_sanitizers INTERFACE)
target_compile_options(bindfuzz_sanitizers INTERFACE
  ${BF_FLAGS_SANITIZE} ${BF_FLAGS_NO_RECOVER} ${BF_FLAGS_FRAME_POINTER} ${BF_FLAGS_DEBUG}
  ${BF_FLAGS_FUZZING_BUILD})
target_link_options(bindfuzz_sanitizers INTERFACE ${BF_FLAGS_SANITIZE})
