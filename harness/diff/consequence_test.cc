#include "harness/diff/consequence.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/diff/test_contracts.h"

namespace bindfuzz::diff {
namespace {

using namespace bindfuzz::diff::testing;  // NOLINT: test builders
using ::testing::HasSubstr;

TEST(DescribeRange, NamesFieldsPaddingAndTheEnd) {
  Record r = MakeRecord("s", 16, 8,
                        {F("a", U(32), 0, 4), F("b", U(32), 4, 4), F("c", U(16), 8, 2), F("d", U(8), 10, 1),
                         Artificial("_pad", U(8), 11, 1)});
  EXPECT_EQ(Consequences::DescribeRange(r, 0, 64), "`a` (0..4) and `b` (4..8)");
  EXPECT_EQ(Consequences::DescribeRange(r, 0, 128),
            "`a` (0..4), `b` (4..8), `c` (8..10) and 2 more fields");
  EXPECT_EQ(Consequences::DescribeRange(r, 88, 96), "generated `_pad` (11..12)");
  EXPECT_EQ(Consequences::DescribeRange(r, 96, 128), "padding");
  EXPECT_EQ(Consequences::DescribeRange(r, 96, 160), "padding, then bytes past its 16-byte end");
  EXPECT_EQ(Consequences::DescribeRange(r, 128, 192), "nothing: that is past the end of its 16-byte object");
  EXPECT_EQ(Consequences::DescribeRange(r, 64, 160), "`c` (8..10), `d` (10..11) and generated `_pad` (11..12)"
                                                     ", then bytes past its 16-byte end");
}

// The sentences use the labels they are given for the two sides.
TEST(Consequences, SpeakInTheReportsLabels) {
  Consequences say({"amd64", "rt-amd64"});
  Record tr = MakeRecord("file", 184, 8, {F("f_op", Ptr(Rec("ops")), 16, 8)});
  Record ar = MakeRecord("file", 216, 8, {F("f_op", Ptr(Rec("ops")), 16, 8), F("f_lock", U(32), 200, 4)});
  EXPECT_EQ(say.RecordSize(tr, ar),
            "rt-amd64 believes `file` is 216 bytes; amd64 allocates 184: any rt-amd64 access past byte 184 "
            "(e.g. `f_lock` at 200) reads or writes beyond the object, and copying a amd64 `file` by value in "
            "rt-amd64 reads 32 bytes past its end; arrays of `file` have a 216-byte stride in rt-amd64, 184 in amd64");
  EXPECT_EQ(say.FunctionMissing("kmalloc"),
            "calls to `kmalloc` cannot be checked, and the symbol rt-amd64 links against is not declared by amd64 "
            "(a macro, a renamed function, or gone)");
}

TEST(Consequences, FieldOffsetExplainsAlignment) {
  Consequences say({"C", "Rust"});
  Record tr = MakeRecord("compat", 48, 4, {F("cookie", Td("compat_u64"), 36, 8), F("tail", U(32), 44, 4)});
  Field tf = tr.fields[0];
  Field af = F("cookie", Td("compat_u64"), 40, 8);
  EXPECT_EQ(say.FieldOffset(tr, tf, af, U(64)),
            "Rust reads `cookie` from offset 40, C keeps it at 36 (C places this 8-byte `compat_u64` at "
            "4-byte-aligned offset 36, Rust at 8-byte-aligned offset 40): in C, bytes 40..48 hold `cookie` (36..44) "
            "and `tail` (44..48)");
  // A trailing flexible array: every element is shifted.
  Field tflex = F("data", Type::ArrayOf(U(8), 0), 44, 0), aflex = F("data", Type::ArrayOf(U(8), 0), 48, 0);
  EXPECT_THAT(say.FieldOffset(tr, tflex, aflex, Type::ArrayOf(U(8), 0)),
              HasSubstr(": every element Rust indexes is 4 bytes past the one C means"));
}

TEST(Consequences, SignednessSentencesQuoteTheRange) {
  Consequences say({"C", "Rust"});
  TypeCmp r;
  r.diff = TypeDiff::kSignedness;
  r.t = {.ok = true, .bits = 32, .is_signed = false};
  r.a = {.ok = true, .bits = 32, .is_signed = true};
  EXPECT_EQ(say.Param(r, "count", "u32", "i32"),
            "Rust passes `count` as i32, C reads u32: negative Rust values arrive as values from 2147483648 up");
  EXPECT_EQ(say.Return(r, "u32", "i32", false, false),
            "C returns u32, Rust reads it as i32: values from 2147483648 up appear negative in Rust");
  r.t.ok = false;
  r.detail = "pointee u8 vs i8";
  EXPECT_EQ(say.Param(r, "buf", "*mut u8", "*mut i8"),
            "the same bits mean different numbers on each side (pointee u8 vs i8)");
}

TEST(Consequences, ParamWidthSaysWhichBitsAreWrong) {
  Consequences say({"C", "Rust"});
  TypeCmp r;
  r.diff = TypeDiff::kWidth;
  r.t = {.ok = true, .bits = 64};
  r.a = {.ok = true, .bits = 32};
  EXPECT_EQ(say.Param(r, "n", "u64", "u32"), "Rust passes `n` as u32; C reads 64 bits: the upper half is garbage");
  r.t.bits = 16;
  EXPECT_EQ(say.Param(r, "n", "u16", "u32"),
            "Rust passes `n` as u32; C reads only the low 16 bits: values that need more are truncated");
  r.a.is_float = true;
  EXPECT_EQ(say.Param(r, "n", "u16", "f32"), "Rust passes `n` as f32; C reads a u16: the value is reinterpreted");
}

TEST(Consequences, EnumValueNamesWhatEachSideReads) {
  Consequences say({"C", "Rust"});
  Enum te = MakeEnum("e", U(32), 4, {{"A", 0}, {"B", 1}, {"C", 2}});
  Enum ae = MakeEnum("e", U(32), 4, {{"A", 0}, {"B", 2}}, "consts");
  EXPECT_EQ(say.EnumValue(te, ae, te.enumerators[1], ae.enumerators[1], 32),
            "Rust sends 2 for `B`, which C reads as `C`; C's `B` (1) reaches Rust as a value Rust does not define");
  Enumerator extra{.name = "D", .value = IntValue::Of(9)};
  EXPECT_EQ(say.EnumExtraValue(te, extra, 32),
            "C does not define the value 9 for `e`: passing it from Rust gives C a value it does not expect");
  extra.value = IntValue::Of(2);
  EXPECT_EQ(say.EnumExtraValue(te, extra, 32), "in C, the value 2 means `C`");
}

TEST(Consequences, IntConstantValueExplainsTheBits) {
  Consequences say({"C", "Rust"});
  Scalar u32{.ok = true, .bits = 32};
  EXPECT_EQ(say.IntConstantValue("BIO_MAX_SECTORS", IntValue::Of(8388607), IntValue::Of(-1), u32),
            "Rust code that passes or compares `BIO_MAX_SECTORS` uses -1 where C means 8388607");
  EXPECT_EQ(say.IntConstantValue("BIG", IntValue::Of(int64_t{1} << 40), IntValue::Of(0), u32),
            "Rust code that passes or compares `BIG` uses 0 where C means 1099511627776 "
            "(1099511627776 does not fit Rust's u32)");
}

}  // namespace
}  // namespace bindfuzz::diff
