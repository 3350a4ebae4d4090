#include "harness/tool/cli.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bindfuzz::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Cli, ParsesRepeatedInlineAndPositional) {
  auto a = ParseArgs({"check", "--rust", "a.rs", "--rust=b.rs", "--c-header", "h.h",
                      "--c-flag=-DX=1", "--format", "sarif", "-o", "out"});
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->command, "check");
  EXPECT_THAT(a->Values(Opt::kRust), ElementsAre("a.rs", "b.rs"));
  EXPECT_THAT(a->Values(Opt::kCFlag), ElementsAre("-DX=1"));
  EXPECT_EQ(a->Value(Opt::kFormat), "sarif");
  EXPECT_EQ(a->Value(Opt::kOutput), "out");
  auto d = ParseArgs({"diff", "c.json", "r.json"});
  ASSERT_TRUE(d.ok());
  EXPECT_THAT(d->positional, ElementsAre("c.json", "r.json"));
}

TEST(Cli, UsageErrorsSayWhatToFix) {
  EXPECT_THAT(std::string(ParseArgs({"frobnicate"}).status().message()), HasSubstr("unknown command"));
  EXPECT_THAT(std::string(ParseArgs({"check", "--bogus"}).status().message()),
              HasSubstr("unknown option '--bogus'"));
  EXPECT_THAT(std::string(ParseArgs({"extract-btf", "--rust", "x"}).status().message()),
              HasSubstr("does not apply to 'extract-btf'"));
  EXPECT_THAT(std::string(ParseArgs({"check", "--format"}).status().message()),
              HasSubstr("needs a value"));
  EXPECT_THAT(std::string(ParseArgs({"check", "--format", "a", "--format", "b"}).status().message()),
              HasSubstr("more than once"));
  EXPECT_THAT(std::string(ParseArgs({"check", "--timings=1"}).status().message()),
              HasSubstr("takes no value"));
  EXPECT_FALSE(ParseArgs({}).ok());
}

TEST(Cli, TableIsConsistent) {
  std::set<std::string> names;
  for (const OptionSpec& s : AllOptions()) {
    EXPECT_TRUE(names.insert(s.name).second) << "duplicate option " << s.name;
    EXPECT_GT(std::string(s.help).size(), 5u) << s.name;
    EXPECT_EQ(s.takes_value, std::string(s.metavar).size() > 0) << s.name;
  }
}

TEST(Cli, HelpListsCommandsOptionsAndExamples) {
  std::string g = GeneralHelp();
  for (const CommandSpec& c : AllCommands()) EXPECT_THAT(g, HasSubstr(c.name));
  std::string h = CommandHelp("check");
  EXPECT_THAT(h, HasSubstr("--kernel-tree DIR"));
  EXPECT_THAT(h, HasSubstr("examples:"));
  EXPECT_THAT(CommandHelp("extract-btf"), ::testing::Not(HasSubstr("--rust")));
}

TEST(Cli, InferSpecAndLifetimeGenOptions) {
  auto i = ParseArgs({"infer", "rust/kernel", "x.rs", "--ffi-module", "sys", "--ffi-module=ffi", "-o", "k.bfspec"});
  ASSERT_TRUE(i.ok()) << i.status();
  EXPECT_THAT(i->positional, ElementsAre("rust/kernel", "x.rs"));
  EXPECT_THAT(i->Values(Opt::kFfiModule), ElementsAre("sys", "ffi"));
  EXPECT_EQ(i->Value(Opt::kOutput), "k.bfspec");
  auto s = ParseArgs({"spec", "a.bfspec", "--format", "json"});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->Value(Opt::kFormat), "json");
  EXPECT_THAT(std::string(ParseArgs({"spec", "a.bfspec", "--ffi-module", "x"}).status().message()),
              HasSubstr("does not apply to 'spec'"));
  EXPECT_THAT(std::string(ParseArgs({"infer", "--spec", "a"}).status().message()),
              HasSubstr("does not apply to 'infer'"));
  auto g = ParseArgs({"gen", "--spec", "s.bfspec", "--c-source", "a.c", "--c-source", "b.c", "--out-dir", "o"});
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_THAT(g->Values(Opt::kCSource), ElementsAre("a.c", "b.c"));
  EXPECT_THAT(CommandHelp("infer"), HasSubstr("--ffi-module MOD"));
  EXPECT_THAT(CommandHelp("infer"), HasSubstr("examples:"));
  EXPECT_THAT(CommandHelp("spec"), HasSubstr("--format text|json|sarif"));
  EXPECT_THAT(CommandHelp("gen"), HasSubstr("--spec FILE"));
}

}  // namespace
}  // namespace bindfuzz::cli
