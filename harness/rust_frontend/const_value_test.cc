#include "harness/rust_frontend/const_value.h"

#include <limits>

#include "gtest/gtest.h"

namespace bindfuzz::rust_frontend {
namespace {

constexpr IntTy kU8{8, false}, kI8{8, true}, kI32{32, true}, kU32{32, false}, kU64{64, false};
constexpr IntTy kBool{8, false, true};
constexpr IntTy kUntyped{};

CVal Int(i128 v, IntTy t = kUntyped) {
  CVal c;
  c.k = CVal::kInt;
  c.i = v;
  c.ty = t;
  return c;
}

TEST(I128ToString, ZeroSignsAndExtremes) {
  EXPECT_EQ(I128ToString(0), "0");
  EXPECT_EQ(I128ToString(42), "42");
  EXPECT_EQ(I128ToString(-7), "-7");
  EXPECT_EQ(I128ToString(std::numeric_limits<i128>::max()), "170141183460469231731687303715884105727");
  EXPECT_EQ(I128ToString(std::numeric_limits<i128>::min()), "-170141183460469231731687303715884105728");
}

TEST(FitsInt, RangesOfSignedUnsignedBoolAndUntyped) {
  EXPECT_TRUE(FitsInt(255, kU8));
  EXPECT_FALSE(FitsInt(256, kU8));
  EXPECT_FALSE(FitsInt(-1, kU8));
  EXPECT_TRUE(FitsInt(-128, kI8));
  EXPECT_FALSE(FitsInt(128, kI8));
  EXPECT_TRUE(FitsInt(1, kBool));
  EXPECT_FALSE(FitsInt(2, kBool));
  EXPECT_TRUE(FitsInt(i128{1} << 100, kUntyped));
  EXPECT_TRUE(FitsInt(-1, IntTy{128, false}));  // 128-bit types are not range-checked here
}

TEST(WrapInt, TruncatesAndSignExtendsLikeAs) {
  EXPECT_EQ(WrapInt(-1, kU8), 255);
  EXPECT_EQ(WrapInt(255, kI8), -1);
  EXPECT_EQ(WrapInt(256 + 5, kU8), 5);
  EXPECT_EQ(WrapInt(-1, kU64), (i128{1} << 64) - 1);
  EXPECT_EQ(WrapInt(-1, kUntyped), -1);
}

TEST(ApplyUnaryIntOp, Negation) {
  std::string err;
  CVal v = Int(5, kI32);
  ASSERT_TRUE(ApplyUnaryIntOp("-", &v, &err)) << err;
  EXPECT_EQ(v.i, -5);
  v = Int(5, kU32);
  EXPECT_FALSE(ApplyUnaryIntOp("-", &v, &err));
  EXPECT_EQ(err, "negation of an unsigned value");
  v = Int(-128, kI8);
  EXPECT_FALSE(ApplyUnaryIntOp("-", &v, &err));
  EXPECT_EQ(err, "overflow in negation");
  v = Int(7);
  ASSERT_TRUE(ApplyUnaryIntOp("-", &v, &err));
  EXPECT_EQ(v.i, -7);
  EXPECT_EQ(v.ty.bits, 0u);  // stays untyped
}

TEST(ApplyUnaryIntOp, NotIsLogicalOnBoolAndBitwiseOtherwise) {
  std::string err;
  CVal b = Int(1, kBool);
  ASSERT_TRUE(ApplyUnaryIntOp("!", &b, &err));
  EXPECT_EQ(b.i, 0);
  CVal u = Int(0, kU8);
  ASSERT_TRUE(ApplyUnaryIntOp("!", &u, &err));
  EXPECT_EQ(u.i, 255);
  CVal untyped = Int(0);
  ASSERT_TRUE(ApplyUnaryIntOp("!", &untyped, &err));
  EXPECT_EQ(untyped.i, -1);  // i32 by default
  EXPECT_EQ(untyped.ty.bits, 32u);
  EXPECT_TRUE(untyped.ty.is_signed);
  EXPECT_FALSE(ApplyUnaryIntOp("*", &untyped, &err));
  EXPECT_EQ(err, "unary `*` not evaluated");
}

TEST(ClassifyBinaryOp, Classes) {
  EXPECT_TRUE(ClassifyBinaryOp("<<").shift);
  EXPECT_TRUE(ClassifyBinaryOp(">>").shift);
  EXPECT_TRUE(ClassifyBinaryOp("<=").cmp);
  EXPECT_TRUE(ClassifyBinaryOp("!=").cmp);
  EXPECT_TRUE(ClassifyBinaryOp("||").logic);
  BinaryOpKind plus = ClassifyBinaryOp("+");
  EXPECT_FALSE(plus.shift || plus.cmp || plus.logic);
}

TEST(ApplyBinaryIntOp, UntypedOperandTakesTheOthersType) {
  CVal out;
  std::string err;
  ASSERT_TRUE(ApplyBinaryIntOp("+", Int(200), Int(50, kU8), &out, &err)) << err;
  EXPECT_EQ(out.i, 250);
  EXPECT_EQ(out.ty.bits, 8u);
  EXPECT_FALSE(ApplyBinaryIntOp("+", Int(200), Int(56, kU8), &out, &err));
  EXPECT_EQ(err, "arithmetic overflow in `+`");
}

TEST(ApplyBinaryIntOp, DivisionErrors) {
  CVal out;
  std::string err;
  EXPECT_FALSE(ApplyBinaryIntOp("/", Int(1, kI32), Int(0, kI32), &out, &err));
  EXPECT_EQ(err, "division by zero");
  EXPECT_FALSE(ApplyBinaryIntOp("%", Int(std::numeric_limits<i128>::min()), Int(-1), &out, &err));
  EXPECT_EQ(err, "arithmetic overflow in division");
  EXPECT_FALSE(ApplyBinaryIntOp("/", Int(-128, kI8), Int(-1, kI8), &out, &err));
  EXPECT_EQ(err, "arithmetic overflow in `/`");
  ASSERT_TRUE(ApplyBinaryIntOp("%", Int(-7, kI32), Int(3, kI32), &out, &err));
  EXPECT_EQ(out.i, -1);  // truncating, as in Rust
}

TEST(ApplyBinaryIntOp, Shifts) {
  CVal out;
  std::string err;
  // An untyped left operand shifts as i32.
  ASSERT_TRUE(ApplyBinaryIntOp("<<", Int(1), Int(31), &out, &err)) << err;
  EXPECT_EQ(out.i, std::numeric_limits<int32_t>::min());
  EXPECT_EQ(out.ty.bits, 32u);
  EXPECT_FALSE(ApplyBinaryIntOp("<<", Int(1), Int(32), &out, &err));
  EXPECT_EQ(err, "shift amount out of range");
  ASSERT_TRUE(ApplyBinaryIntOp("<<", Int(1, kU64), Int(40), &out, &err));
  EXPECT_EQ(out.i, i128{1} << 40);
  // Bits shifted out of the type are dropped, as in Rust.
  ASSERT_TRUE(ApplyBinaryIntOp("<<", Int(0xff, kU8), Int(4, kU32), &out, &err));
  EXPECT_EQ(out.i, 0xf0);
  ASSERT_TRUE(ApplyBinaryIntOp(">>", Int(-16, kI32), Int(2), &out, &err));
  EXPECT_EQ(out.i, -4);  // arithmetic for signed types
  EXPECT_FALSE(ApplyBinaryIntOp(">>", Int(1, kU8), Int(-1), &out, &err));
}

TEST(ApplyBinaryIntOp, ComparisonsAndLogicGiveBool) {
  CVal out;
  std::string err;
  ASSERT_TRUE(ApplyBinaryIntOp("<", Int(-1, kI32), Int(0, kI32), &out, &err));
  EXPECT_EQ(out.i, 1);
  EXPECT_TRUE(out.ty.is_bool);
  ASSERT_TRUE(ApplyBinaryIntOp("&&", Int(1, kBool), Int(0, kBool), &out, &err));
  EXPECT_EQ(out.i, 0);
  ASSERT_TRUE(ApplyBinaryIntOp("|", Int(0x0f, kU8), Int(0xf0, kU8), &out, &err));
  EXPECT_EQ(out.i, 0xff);
  EXPECT_FALSE(ApplyBinaryIntOp("**", Int(1), Int(1), &out, &err));
  EXPECT_EQ(err, "operator `**` not evaluated");
}

TEST(ApplyBinaryIntOp, LeavesTheValueKindAlone) {
  CVal out;
  out.k = CVal::kInt;
  std::string err;
  ASSERT_TRUE(ApplyBinaryIntOp("*", Int(6, kU32), Int(7, kU32), &out, &err));
  EXPECT_EQ(out.k, CVal::kInt);
  EXPECT_EQ(out.i, 42);
  EXPECT_EQ(out.ty.bits, 32u);
  EXPECT_FALSE(out.ty.is_signed);
}

TEST(IntTypeConst, MaxMinBits) {
  CVal out;
  ASSERT_TRUE(IntTypeConst(kU8, "MAX", &out));
  EXPECT_EQ(out.i, 255);
  ASSERT_TRUE(IntTypeConst(kI8, "MIN", &out));
  EXPECT_EQ(out.i, -128);
  EXPECT_EQ(out.ty.bits, 8u);
  EXPECT_TRUE(out.ty.is_signed);
  ASSERT_TRUE(IntTypeConst(kU64, "MIN", &out));
  EXPECT_EQ(out.i, 0);
  ASSERT_TRUE(IntTypeConst(kU64, "MAX", &out));
  EXPECT_EQ(out.i, (i128{1} << 64) - 1);
  ASSERT_TRUE(IntTypeConst(kI32, "BITS", &out));
  EXPECT_EQ(out.i, 32);
  EXPECT_EQ(out.ty.bits, 32u);  // BITS is a u32
  EXPECT_FALSE(out.ty.is_signed);
  EXPECT_FALSE(IntTypeConst(IntTy{128, false}, "MAX", &out));
  EXPECT_FALSE(IntTypeConst(kU8, "EPSILON", &out));
}

}  // namespace
}  // namespace bindfuzz::rust_frontend
