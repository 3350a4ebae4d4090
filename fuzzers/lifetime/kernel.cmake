# Lifetime fuzz targets over real kernel C, included by
# fuzzers/lifetime/CMakeLists.txt once bindfuzz_lifetime_fuzzer() exists:
#
#   rbtree_fuzzer / rbtree_replay   tools/lib/rbtree.c under rust/kernel/rbtree.rs's
#                                   assumptions (kernel/rbtree.bfspec)
#   xarray_fuzzer / xarray_replay   lib/xarray.c under a Rust XArray abstraction's
#                                   assumptions (kernel/xarray.bfspec)
#
# The kernel C, its glue and the kernel shims are static libraries (kernel/
# and shims/kernel/), compiled once, instrumented, and linked by the fuzz
# targets and by the glue tests alike. Without linux-source-6.12 under work/
# (scripts/kernel-inputs.sh) the targets are skipped with a message.

add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/kernel ${CMAKE_CURRENT_BINARY_DIR}/kernel)

if(NOT COMMAND bindfuzz_lifetime_fuzzer)
  message(STATUS "bindfuzz: kernel lifetime fuzzers skipped (bindfuzz_lifetime_fuzzer() is not defined)")
  return()
endif()

if(BINDFUZZ_HAVE_KERNEL_RBTREE)
  bindfuzz_lifetime_fuzzer(rbtree
    SPEC kernel/rbtree.bfspec
    HEADERS kernel/rbtree_glue.h
    LIBS bindfuzz_rbtree_glue)
else()
  message(STATUS "bindfuzz: rbtree_fuzzer skipped (no ${BINDFUZZ_KERNEL_SRC}/tools/lib/rbtree.c)")
endif()

if(BINDFUZZ_HAVE_KERNEL_XARRAY)
  bindfuzz_lifetime_fuzzer(xarray
    SPEC kernel/xarray.bfspec
    HEADERS kernel/xarray_glue.h
    LIBS bindfuzz_xarray_glue)
else()
  message(STATUS "bindfuzz: xarray_fuzzer skipped (no ${BINDFUZZ_KERNEL_SRC}/lib/xarray.c)")
endif()

# Planted WRONG variants (one assumption each, marked `# PLANTED:` in the
# spec): the test lifetime-planted.<name> fuzzes each for 60 s at most and
# expects the report to name that line (scripts/lifetime-planted-check.sh).
if(BINDFUZZ_HAVE_KERNEL_RBTREE)
  bindfuzz_lifetime_fuzzer(rbtree_planted PLANTED
    SPEC kernel/rbtree_planted.bfspec
    HEADERS kernel/rbtree_glue.h
    LIBS bindfuzz_rbtree_glue)
endif()
if(BINDFUZZ_HAVE_KERNEL_XARRAY)
  bindfuzz_lifetime_fuzzer(xarray_planted PLANTED
    SPEC kernel/xarray_planted.bfspec
    HEADERS kernel/xarray_glue.h
    LIBS bindfuzz_xarray_glue)
endif()
