# Rust parser fuzzer: instrumented copy of the Rust front end's sources (taken
# from the bindfuzz_rust_frontend target, so the list never drifts).
if(TARGET bindfuzz_rust_frontend)
  bindfuzz_fuzz_library(bindfuzz_rust_frontend_fuzzlib FROM bindfuzz_rust_frontend
    DEPS bindfuzz_contract_fuzzlib bindfuzz_target absl::status absl::statusor absl::strings)
  bindfuzz_fuzzer(rust_parser SRCS ${CMAKE_CURRENT_LIST_DIR}/rust_parser_fuzzer.cc
    DEPS bindfuzz_rust_frontend_fuzzlib)
endif()
