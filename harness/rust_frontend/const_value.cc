#include "harness/rust_frontend/const_value.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"

namespace bindfuzz::rust_frontend {

std::string I128ToString(i128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 m = neg ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
  std::string s;
  while (m > 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  }
  if (neg) s.push_back('-');
  std::reverse(s.begin(), s.end());
  return s;
}

bool FitsInt(i128 v, IntTy t) {
  if (t.bits == 0 || t.bits >= 128) return true;
  if (t.is_bool) return v == 0 || v == 1;
  if (t.is_signed) {
    i128 lim = i128{1} << (t.bits - 1);
    return v >= -lim && v < lim;
  }
  return v >= 0 && v < (i128{1} << t.bits);
}

i128 WrapInt(i128 v, IntTy t) {
  if (t.bits == 0 || t.bits >= 128) return v;
  unsigned __int128 m = (static_cast<unsigned __int128>(1) << t.bits) - 1;
  unsigned __int128 u = static_cast<unsigned __int128>(v) & m;
  if (t.is_signed && (u >> (t.bits - 1)) & 1) return static_cast<i128>(u) - (i128{1} << t.bits);
  return static_cast<i128>(u);
}

bool ApplyUnaryIntOp(const std::string& op, CVal* out, std::string* err) {
  if (op == "-") {
    if (out->ty.bits && !out->ty.is_signed) {
      *err = "negation of an unsigned value";
      return false;
    }
    if (__builtin_sub_overflow(i128{0}, out->i, &out->i)) {
      *err = "overflow in negation";
      return false;
    }
    if (out->ty.bits && !FitsInt(out->i, out->ty)) {
      *err = "overflow in negation";
      return false;
    }
    return true;
  }
  if (op == "!") {
    if (out->ty.is_bool) {
      out->i = !out->i;
      return true;
    }
    IntTy t = out->ty.bits ? out->ty : IntTy{32, true};
    out->ty = t;
    out->i = WrapInt(~out->i, t);
    return true;
  }
  *err = absl::StrCat("unary `", op, "` not evaluated");
  return false;
}

BinaryOpKind ClassifyBinaryOp(std::string_view op) {
  BinaryOpKind k;
  k.shift = op == "<<" || op == ">>";
  k.cmp = op == "==" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=";
  k.logic = op == "&&" || op == "||";
  return k;
}

bool ApplyBinaryIntOp(const std::string& op, CVal a, const CVal& b, CVal* out, std::string* err) {
  BinaryOpKind kind = ClassifyBinaryOp(op);
  bool shift = kind.shift, cmp = kind.cmp, logic = kind.logic;
  if (!shift && !cmp && !logic && !a.ty.bits && b.ty.bits) a.ty = b.ty;
  IntTy t = a.ty;
  i128 r = 0;
  bool ovf = false;
  if (op == "+") ovf = __builtin_add_overflow(a.i, b.i, &r);
  else if (op == "-") ovf = __builtin_sub_overflow(a.i, b.i, &r);
  else if (op == "*") ovf = __builtin_mul_overflow(a.i, b.i, &r);
  else if (op == "/" || op == "%") {
    if (b.i == 0) {
      *err = "division by zero";
      return false;
    }
    if (b.i == -1 && a.i == std::numeric_limits<i128>::min()) {
      *err = "arithmetic overflow in division";
      return false;
    }
    r = op == "/" ? a.i / b.i : a.i % b.i;
  } else if (op == "&") r = a.i & b.i;
  else if (op == "|") r = a.i | b.i;
  else if (op == "^") r = a.i ^ b.i;
  else if (shift) {
    IntTy st = t.bits ? t : IntTy{32, true};
    if (b.i < 0 || b.i >= st.bits) {
      *err = "shift amount out of range";
      return false;
    }
    if (op == "<<") {
      r = WrapInt(static_cast<i128>(static_cast<unsigned __int128>(a.i) << static_cast<int>(b.i)), st);
    } else {
      r = a.i >> static_cast<int>(b.i);
    }
    t = st;
  } else if (cmp || logic) {
    if (op == "==") r = a.i == b.i;
    else if (op == "!=") r = a.i != b.i;
    else if (op == "<") r = a.i < b.i;
    else if (op == ">") r = a.i > b.i;
    else if (op == "<=") r = a.i <= b.i;
    else if (op == ">=") r = a.i >= b.i;
    else if (op == "&&") r = a.i && b.i;
    else r = a.i || b.i;
    t = IntTy{8, false, true};
  } else {
    *err = absl::StrCat("operator `", op, "` not evaluated");
    return false;
  }
  if (ovf || (t.bits && !FitsInt(r, t))) {
    *err = absl::StrCat("arithmetic overflow in `", op, "`");
    return false;
  }
  out->i = r;
  out->ty = t;
  return true;
}

bool IntTypeConst(IntTy t, std::string_view name, CVal* out) {
  if (t.bits == 0 || t.bits >= 128) return false;
  if (name == "BITS") {
    out->i = t.bits;
    out->ty = IntTy{32, false};
  } else if (name == "MAX") {
    out->i = t.is_signed ? (i128{1} << (t.bits - 1)) - 1 : (i128{1} << t.bits) - 1;
    out->ty = IntTy{t.bits, t.is_signed};
  } else if (name == "MIN") {
    out->i = t.is_signed ? -(i128{1} << (t.bits - 1)) : 0;
    out->ty = IntTy{t.bits, t.is_signed};
  } else {
    return false;
  }
  return true;
}

}  // namespace bindfuzz::rust_frontend
