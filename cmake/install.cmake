# `cmake --install <build> --prefix P`: the tool, the sources it compiles
# into generated fuzz targets, and the campaign scripts, in the GNU install
# dirs. The binary finds its data directory relative to itself
# (harness/tool/runtime_paths.h), so P can be moved.
#
#   P/bin/bindfuzz
#   P/share/bindfuzz/bindfuzz-data     marker the binary looks for
#   P/share/bindfuzz/runtime/          shims/runtime (layout targets, every target)
#   P/share/bindfuzz/lifetime/         shims/lifetime (the sequence engine)
#   P/share/bindfuzz/kernel/           shims/kernel (user-space kernel primitives)
#   P/share/bindfuzz/replay/           fuzzers/common (the engine-less replay driver)
#   P/share/bindfuzz/scripts/          fuzz.sh, reproduce.sh, minimize.sh, ...
#
# Whole directories are installed (minus build files and tests), so sources
# added under shims/ are installed without a change here.
set(BF_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/bindfuzz)

if(TARGET bindfuzz)
  install(TARGETS bindfuzz RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(DIRECTORY ${PROJECT_SOURCE_DIR}/shims/ DESTINATION ${BF_INSTALL_DATADIR}
  PATTERN CMakeLists.txt EXCLUDE
  PATTERN "*.cmake" EXCLUDE
  PATTERN "*_test.cc" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/fuzzers/common/ DESTINATION ${BF_INSTALL_DATADIR}/replay
  PATTERN CMakeLists.txt EXCLUDE)

# The scripts a campaign on a generated target uses (README: "Scripts for a
# campaign") and what they source; the others drive this repository's own
# build, tests and kernel inputs.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scripts/ DESTINATION ${BF_INSTALL_DATADIR}/scripts
  USE_SOURCE_PERMISSIONS
  FILES_MATCHING
  PATTERN fuzz.sh PATTERN reproduce.sh PATTERN minimize.sh PATTERN merge-corpus.sh
  PATTERN coverage.sh
  REGEX "/lib/[^/]+$"
  PATTERN kbuild EXCLUDE)

file(WRITE ${PROJECT_BINARY_DIR}/bindfuzz-data
  "bindfuzz ${PROJECT_VERSION}: the runtime and shim sources generated fuzz targets compile.\n"
  "bin/bindfuzz finds this directory by this file.\n")
install(FILES ${PROJECT_BINARY_DIR}/bindfuzz-data DESTINATION ${BF_INSTALL_DATADIR})
