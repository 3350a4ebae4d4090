// Wrapper mode's `gen --reset NAME`: the generated spec declares it, and the
// target calls it before each input.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/wrapper/crate_api.h"
#include "harness/wrapper/wrapper_codegen.h"

namespace bindfuzz::wrapper {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kLib[] = R"rs(
pub struct Conn { raw: *mut u8 }
impl Conn {
    pub fn open(n: i32) -> Option<Conn> { unimplemented!() }
    pub fn name(&self) -> i32 { 0 }
}
impl Drop for Conn { fn drop(&mut self) {} }
)rs";

WrapperGenOptions Options() {
  WrapperGenOptions opt;
  opt.name = "w";
  opt.crate_dir = "/abs/crate";
  opt.out_dir = "/abs/out";
  opt.c_sources = {"/abs/wlib.c"};
  opt.runtime_dir = "/abs/shims/runtime";
  return opt;
}

TEST(WrapperReset, DeclaredInTheSpecAndCalledBeforeEachInput) {
  auto api = ReadCrateApiFromFiles({{"src/lib.rs", kLib}});
  ASSERT_TRUE(api.ok()) << api.status();
  WrapperGenOptions opt = Options();
  opt.reset = "wlib_cleanup";
  auto gen = GenerateWrapperFuzzer(*api, opt);
  ASSERT_TRUE(gen.ok()) << gen.status();
  const auto& files = gen->files.files;
  EXPECT_EQ(files.at("w.bfspec").rfind("reset wlib_cleanup;\n\n", 0), 0u);
  EXPECT_THAT(files.at("w_fuzzer.cc"), HasSubstr("void bf_reset(void) __asm__(\"wlib_cleanup\");"));
  EXPECT_THAT(files.at("w_fuzzer.cc"), HasSubstr(", bf_reset, \"wlib_cleanup\"};"));

  auto none = GenerateWrapperFuzzer(*api, Options());
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_THAT(none->files.files.at("w.bfspec"), Not(HasSubstr("reset")));
  EXPECT_THAT(none->files.files.at("w_fuzzer.cc"), Not(HasSubstr("bf_reset")));
}

TEST(WrapperReset, NameMustBeACIdentifier) {
  auto api = ReadCrateApiFromFiles({{"src/lib.rs", kLib}});
  ASSERT_TRUE(api.ok()) << api.status();
  WrapperGenOptions opt = Options();
  opt.reset = "wlib cleanup";
  auto gen = GenerateWrapperFuzzer(*api, opt);
  ASSERT_FALSE(gen.ok());
  EXPECT_THAT(std::string(gen.status().message()), HasSubstr("gen: --reset \"wlib cleanup\" is not a C identifier"));
}

}  // namespace
}  // namespace bindfuzz::wrapper
