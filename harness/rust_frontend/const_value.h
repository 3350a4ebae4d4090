// Values of Rust constant expressions and the integer arithmetic on them
// (internal). Pure functions: the expression walker (const_eval.cc)
// evaluates operands and asks these for the result, with Rust's typing of
// unsuffixed literals and its overflow rules (an overflow is an error, as it
// is for rustc in a const context, never a wrapped guess).
//
//   CVal a{.k = CVal::kInt, .i = 1, .ty = IntTy{32, false}}, b = ..., r;
//   std::string err;
//   if (!ApplyBinaryIntOp("<<", a, b, &r, &err)) ...   // err: "shift amount out of range"
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_CONST_VALUE_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_CONST_VALUE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace bindfuzz::rust_frontend {

using i128 = __int128;

// Type of an integer value. bits == 0: an unsuffixed literal whose type is
// not known yet (inferred from the other operand or the context).
struct IntTy {
  uint32_t bits = 0;
  bool is_signed = true;
  bool is_bool = false;
  bool is_char = false;
};

// An evaluated constant.
struct CVal {
  enum K { kNone, kInt, kFloat, kStr } k = kNone;
  i128 i = 0;
  IntTy ty;
  double f = 0;
  std::string s;
};

// Decimal spelling of `v` (i128 has no std::to_string).
std::string I128ToString(i128 v);

// Is `v` a value of type `t`? Untyped (bits 0) and 128-bit types accept all.
bool FitsInt(i128 v, IntTy t);

// `v` truncated to `t`'s width, sign-extended for signed `t` (Rust's `as`).
i128 WrapInt(i128 v, IntTy t);

// Unary `-` or `!` applied to `*v` in place. False with `*err` set when the
// result is not a value of its type or `op` is not evaluated.
bool ApplyUnaryIntOp(const std::string& op, CVal* v, std::string* err);

// What kind of binary operator `op` is: operands of a shift are typed
// independently, those of a comparison by each other, those of `&&`/`||`
// as bool; everything else by the context.
struct BinaryOpKind {
  bool shift = false;
  bool cmp = false;
  bool logic = false;
};
BinaryOpKind ClassifyBinaryOp(std::string_view op);

// `a op b` into out->i / out->ty (out->k is left alone). An untyped `a`
// takes `b`'s type for arithmetic. False with `*err` set on overflow,
// division by zero, a shift out of range or an operator not evaluated.
bool ApplyBinaryIntOp(const std::string& op, CVal a, const CVal& b, CVal* out, std::string* err);

// `<int>::MAX`, `::MIN` or `::BITS` of an integer type narrower than 128
// bits, into out->i / out->ty. False for any other `name`.
bool IntTypeConst(IntTy t, std::string_view name, CVal* out);

}  // namespace bindfuzz::rust_frontend

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_CONST_VALUE_H_
