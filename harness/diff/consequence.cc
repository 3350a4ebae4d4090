#include "harness/diff/consequence.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/diff/abi_equivalence.h"

namespace bindfuzz::diff {
namespace {

using contract::Enum;
using contract::Enumerator;
using contract::Field;
using contract::Function;
using contract::IntValue;
using contract::Record;
using contract::Type;
using contract::TypeKind;

// 2^(bits-1) as decimal text, "2^N" when it does not fit in 64 bits.
std::string HalfRange(uint32_t bits) {
  if (bits == 0 || bits > 64) return S("2^", bits == 0 ? 0 : bits - 1);
  return std::to_string(uint64_t{1} << (bits - 1));
}

// Largest power of two dividing `offset`, capped at `cap` (offset 0 -> cap).
uint64_t OffsetAlignment(uint64_t offset, uint64_t cap) {
  if (offset == 0) return cap;
  uint64_t a = offset & (~offset + 1);
  return std::min(a, cap);
}

std::string RangeText(uint64_t from_bits, uint64_t to_bits, bool bits) {
  if (bits || from_bits % 8 != 0 || to_bits % 8 != 0) return S("bits ", from_bits, "..", to_bits);
  return S("bytes ", from_bits / 8, "..", to_bits / 8);
}

std::string JoinAnd(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += (i + 1 == parts.size()) ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

// The quoted name of the first enumerator of `e` whose value has `bits` at
// `width`, or "".
std::string NameOfValue(const Enum& e, uint64_t bits, uint32_t width) {
  for (const Enumerator& x : e.enumerators) {
    if (x.value.Bits(width) == bits) return Q(x.name);
  }
  return "";
}

}  // namespace

std::string Consequences::DescribeRange(const Record& r, uint64_t from, uint64_t to) {
  std::vector<std::string> parts;
  size_t more = 0;
  for (const Field& f : r.fields) {
    if (f.size_bits == 0) continue;
    uint64_t fs = f.offset_bits, fe = f.offset_bits + f.size_bits;
    if (fe <= from || fs >= to) continue;
    if (parts.size() == 3) {
      ++more;
      continue;
    }
    parts.push_back(S(f.artificial ? "generated " : "", Q(DisplayName(f)), " (", FieldRange(f), ")"));
  }
  if (more) parts.push_back(S(more, more == 1 ? " more field" : " more fields"));
  uint64_t end = r.size_bytes * 8;
  if (parts.empty()) {
    if (from >= end) return S("nothing: that is past the end of its ", r.size_bytes, "-byte object");
    if (to > end) return S("padding, then bytes past its ", r.size_bytes, "-byte end");
    return "padding";
  }
  std::string s = JoinAnd(parts);
  if (to > end) s += S(", then bytes past its ", r.size_bytes, "-byte end");
  return s;
}

// ------------------------------------------------------------- records --

std::string Consequences::RecordSize(const Record& tr, const Record& ar) const {
  const uint64_t ts = tr.size_bytes, as = ar.size_bytes;
  std::string rn = Q(ar.name);
  std::string cons;
  // A field of `r` that lies (or, failing that, reaches) past byte `limit`.
  auto example = [](const Record& r, uint64_t limit) -> std::string {
    const Field* reaches = nullptr;
    for (const Field& f : r.fields) {
      if (f.artificial || !f.size_bits || f.offset_bits + f.size_bits <= limit * 8) continue;
      if (f.offset_bits >= limit * 8) return S(" (e.g. ", Q(DisplayName(f)), " at ", f.offset_bits / 8, ")");
      if (!reaches) reaches = &f;
    }
    if (!reaches) return "";
    return S(" (e.g. ", Q(DisplayName(*reaches)), " at ", reaches->offset_bits / 8, "..",
             (reaches->offset_bits + reaches->size_bits + 7) / 8, ")");
  };
  if (as > ts) {
    cons = S(al_, " believes ", rn, " is ", as, " bytes; ", tl_, " allocates ", ts, ": any ", al_,
             " access past byte ", ts, example(ar, ts));
    cons += S(" reads or writes beyond the object, and copying a ", tl_, " ", rn, " by value in ",
              al_, " reads ", as - ts, " bytes past its end");
  } else {
    cons = S(al_, " believes ", rn, " is ", as, " bytes; ", tl_, "'s is ", ts, ": a ", rn,
             " allocated by ", al_, " (stack, heap, array element) is ", ts - as, " bytes short, and ",
             tl_, " accesses it up to byte ", ts, example(tr, as));
  }
  cons += S("; arrays of ", rn, " have a ", as, "-byte stride in ", al_, ", ", ts, " in ", tl_);
  return cons;
}

std::string Consequences::RecordAlign(const Record& tr, const Record& ar) const {
  const std::string rn = Q(ar.name);
  return ar.align_bytes > tr.align_bytes
             ? S(al_, " requires ", ar.align_bytes, "-byte alignment for ", rn, ", ", tl_, " only ",
                 tr.align_bytes, ": a ", tl_, "-allocated ", rn, " at an address that is ",
                 tr.align_bytes, "- but not ", ar.align_bytes, "-byte aligned is a misaligned ",
                 "reference in ", al_, " (undefined behaviour)")
             : S(al_, " aligns ", rn, " to ", ar.align_bytes, " bytes, ", tl_, " requires ",
                 tr.align_bytes, ": a ", rn, " placed by ", al_,
                 " (stack, struct member, array element) may be misaligned for ", tl_);
}

std::string Consequences::RecordKind(const Record& ar) const {
  const std::string rn = Q(ar.name);
  return ar.kind == contract::RecordKind::kUnion
             ? S(al_, " overlays every field of ", rn, " at offset 0; ", tl_,
                 " lays them out one after another")
             : S(al_, " lays out the fields of ", rn, " one after another; ", tl_,
                 " overlays them all at offset 0");
}

std::string Consequences::RecordPacked(const Record& tr, const Record& ar) const {
  return S("the packing difference moves fields: ", tl_, " ",
           tr.packed || tr.pack_bytes ? "leaves out" : "inserts", " the alignment padding that ", al_,
           " ", ar.packed || ar.pack_bytes ? "leaves out" : "inserts");
}

std::string Consequences::RecordOnlyAssumedComplete(const Record& ar) const {
  return S(al_, "'s ", ar.align_bytes == 0 ? std::string("layout (not computed)") : S(ar.size_bytes, "-byte layout"),
           " of ", Q(ar.name), " cannot be checked: ", tl_,
           " never defines it");
}

std::string Consequences::RecordPlaceholder(const Record& tr, const Record& ar) const {
  return S(al_, " can only handle ", Q(ar.name), " behind pointers: a value of it created in ", al_, " is ",
           Bytes(ar.size_bytes), ", not a ", tr.size_bytes, "-byte ", tl_, " object");
}

std::string Consequences::LayoutNotComputed(const Record& ar) const {
  return S("sizes, alignments and offsets of ", Q(ar.name), " were not compared; only field names and types were");
}

std::string Consequences::RecordMissing(const std::string& key, const Record& ar) const {
  // A complete record without an alignment is one whose layout the front
  // end could not compute (a note says why): its size is not known, not 0.
  const std::string what = !ar.complete          ? std::string("declaration")
                           : ar.align_bytes == 0 ? std::string("layout (not computed)")
                                                 : S(ar.size_bytes, "-byte layout");
  return S(al_, "'s ", what, " of ", Q(key), " cannot be checked against ", tl_);
}

std::string Consequences::RecordNotModelled(const std::string& key) const {
  return S("the layout of ", Q(key), " could not be checked");
}

// -------------------------------------------------------------- fields --

std::string Consequences::FieldMissing(const Record& tr, const Field& af, bool layout_known) const {
  return layout_known
             ? S(al_, "'s ", Q(DisplayName(af)), " (", FieldRange(af), ") does not exist in ", tl_, ": in ", tl_,
                 ", ", RangeText(af.offset_bits, af.offset_bits + af.size_bits, af.is_bitfield), " hold ",
                 DescribeRange(tr, af.offset_bits, af.offset_bits + af.size_bits))
             : S(al_, "'s ", Q(DisplayName(af)), " does not exist in ", tl_, ": ", al_,
                 " accesses to it read or write bytes ", tl_, " uses otherwise");
}

std::string Consequences::FieldExtra(const Record& ar, const Field& tf, bool layout_known) const {
  return layout_known
             ? S(tl_, "'s ", Q(tf.name), " (", FieldRange(tf), ") has no ", al_, " counterpart: in ", al_, ", ",
                 RangeText(tf.offset_bits, tf.offset_bits + tf.size_bits, tf.is_bitfield), " hold ",
                 DescribeRange(ar, tf.offset_bits, tf.offset_bits + tf.size_bits))
             : S(tl_, "'s ", Q(tf.name), " has no ", al_, " counterpart: ", al_, " cannot access it");
}

std::string Consequences::FieldOffset(const Record& tr, const Field& tf, const Field& af, const Type& tt) const {
  const std::string fname = Q(af.name);
  const uint64_t to = tf.offset_bits, ao = af.offset_bits;
  const uint64_t tw = tf.size_bits, aw = af.size_bits;
  std::string cons = S(al_, " reads ", fname, " from offset ", ao / 8, ", ", tl_, " keeps it at ", to / 8);
  const uint64_t s = tw / 8;
  bool scalar = tt.kind == TypeKind::kInt || tt.kind == TypeKind::kFloat ||
                tt.kind == TypeKind::kPointer || tt.kind == TypeKind::kEnum;
  if (scalar && (s == 2 || s == 4 || s == 8 || s == 16) && (to / 8) % s != 0 && (ao / 8) % s == 0 &&
      to % 8 == 0 && !tr.packed && !tr.pack_bytes) {
    std::string tname = tf.type.kind == TypeKind::kTypedef ? S(" ", Q(tf.type.name)) : S(" ", tt.ToString());
    cons += S(" (", tl_, " places this ", s, "-byte", tname, " at ", OffsetAlignment(to / 8, s),
              "-byte-aligned offset ", to / 8, ", ", al_, " at ", OffsetAlignment(ao / 8, s),
              "-byte-aligned offset ", ao / 8, ")");
  }
  if (aw == 0) {
    // A flexible or zero-length trailing array: every element is shifted.
    cons += S(": every element ", al_, " indexes is ", ao > to ? (ao - to) / 8 : (to - ao) / 8,
              ao > to ? " bytes past" : " bytes before", " the one ", tl_, " means");
  } else {
    cons += S(": in ", tl_, ", ", RangeText(ao, ao + aw, false), " hold ", DescribeRange(tr, ao, ao + aw));
  }
  return cons;
}

std::string Consequences::FieldWidth(const Record& tr, const Field& tf, const Field& af, const TypeCmp& r) const {
  const std::string fname = Q(af.name);
  const uint64_t ao = af.offset_bits;
  const uint64_t tw = tf.size_bits, aw = af.size_bits;
  std::string cons;
  if (aw > tw) {
    cons = S(al_, " accesses ", Bytes(aw / 8), " for ", fname, " (", ao / 8, "..", (ao + aw) / 8, "), ",
             tl_, "'s ", fname, " is ", Bytes(tw / 8), ": in ", tl_, ", ",
             RangeText(ao + tw, ao + aw, false), " hold ", DescribeRange(tr, ao + tw, ao + aw));
  } else {
    cons = S(al_, " accesses only ", aw / 8, " of the ", tw / 8, " bytes of ", fname);
    if (r.diff == TypeDiff::kWidth && !r.t.is_float && !r.a.is_float) {
      cons += S(": ", tl_, " values that need more than ", r.a.bits, " bits are read wrongly, and ", al_,
                " writes leave ", Bytes((tw - aw) / 8), " unchanged");
    } else {
      cons += S(": the other ", Bytes((tw - aw) / 8), " are never read or written by ", al_);
    }
  }
  return cons;
}

std::string Consequences::FieldType(const TypeCmp& r, const Field& tf, const Field& af, const std::string& ttype,
                                    const std::string& atype) const {
  const std::string fname = Q(af.name);
  const uint64_t ao = af.offset_bits;
  const uint64_t tw = tf.size_bits, aw = af.size_bits;
  switch (r.diff) {
    case TypeDiff::kArrayCount:
      return S(al_, " indexes ", fname, " as ", atype, ", ", tl_, " as ", ttype);
    case TypeDiff::kSignedness:
      if (r.t.ok && r.a.ok) {
        return r.a.is_signed
                   ? S(al_, " reads ", fname, " as ", r.a.Name(), ", ", tl_, " stores ", r.t.Name(), ": ", tl_,
                       " values from ", HalfRange(r.t.bits), " up appear negative in ", al_)
                   : S(al_, " reads ", fname, " as ", r.a.Name(), ", ", tl_, " stores ", r.t.Name(),
                       ": negative ", tl_, " values appear in ", al_, " as values from ",
                       HalfRange(r.a.bits), " up");
      }
      return S(al_, " interprets ", fname, " as ", atype, ", ", tl_, " as ", ttype, " (", r.detail,
               "): the same bits mean different numbers on each side");
    case TypeDiff::kFnData:
      return FnDataConsequence({tl_, al_}, r, TypeUse::kField, fname);
    case TypeDiff::kFnSig:
      return S(al_, " calls through ", fname, " as ", atype, "; the ", tl_, " function it points to has type ",
               ttype, " (", r.detail, "): arguments and return value are passed in ways the callee does not expect");
    case TypeDiff::kRecordName:
      return S(al_, " treats the bytes of ", fname, " as ", atype, ", ", tl_, " stores a ", ttype,
               ": every access applies one record's layout to the other's bytes");
    case TypeDiff::kPointee:
      return S(al_, " dereferences ", fname, " as ", atype, ", but ", tl_, " stores a ", ttype, " (", r.detail,
               "): the pointee is read with the wrong type");
    default:  // kElement, kKind
      return S(al_, " interprets ", RangeText(ao, ao + aw, false), " (", fname, ") as ", atype, "; ", tl_,
               " stores ", ttype, " there", tw != aw ? S(" (", Bytes(tw / 8), ")") : std::string());
  }
}

std::string Consequences::FieldTypeOnly(const Field& af, const std::string& ttype, const std::string& atype) const {
  return S(al_, " accesses ", Q(af.name), " as ", atype, ", ", tl_, " stores ", ttype);
}

std::string Consequences::FieldNotCompared(const Field& af) const {
  return S("the types of ", Q(af.name), " could not be compared; only its offset and size were checked");
}

std::string Consequences::FunctionPointerNullability(const Field& af) const {
  return S("a ", tl_, " NULL in ", Q(af.name), " is an invalid value for ", al_,
           "'s non-nullable fn type: reading it is undefined behaviour");
}

std::string Consequences::BitfieldPosition(const Record& tr, const Field& tf, const Field& af) const {
  return S(al_, " reads bitfield ", Q(af.name), " from bits ", af.offset_bits, "..",
           af.offset_bits + af.size_bits, ", ", tl_, " keeps it at bits ", tf.offset_bits, "..",
           tf.offset_bits + tf.size_bits, ": in ", tl_, ", bits ", af.offset_bits, "..",
           af.offset_bits + af.size_bits, " hold ",
           DescribeRange(tr, af.offset_bits, af.offset_bits + af.size_bits));
}

std::string Consequences::BitfieldWidth(const Record& tr, const Field& tf, const Field& af) const {
  std::string cons = S(al_, " reads ", BitsWord(af.size_bits), " of ", Q(af.name), ", ", tl_,
                       "'s bitfield is ", tf.size_bits, " bits wide");
  if (af.size_bits < tf.size_bits) {
    cons += S(": ", tl_, " values that need more than ", BitsWord(af.size_bits),
              " are read wrongly, and ", al_, " writes leave the upper ",
              BitsWord(tf.size_bits - af.size_bits), " unchanged");
  } else {
    uint64_t from = af.offset_bits + tf.size_bits, to = af.offset_bits + af.size_bits;
    cons += S(": in ", tl_, ", the extra bits ", from, "..", to, " hold ", DescribeRange(tr, from, to));
  }
  return cons;
}

std::string Consequences::BitfieldOnOneSide(const Record& tr, const Field& af) const {
  return S(al_, " accesses ", RangeText(af.offset_bits, af.offset_bits + af.size_bits, af.is_bitfield),
           " for ", Q(af.name), "; in ", tl_, " those hold ",
           DescribeRange(tr, af.offset_bits, af.offset_bits + af.size_bits));
}

std::string Consequences::BitfieldSignedness(const Field& af, bool assumed_signed) const {
  return assumed_signed
             ? S(al_, " sign-extends ", Q(af.name), ": ", tl_, " values with the top bit of its ",
                 BitsWord(af.size_bits), " set appear negative in ", al_)
             : S(al_, " zero-extends ", Q(af.name), ": negative ", tl_,
                 " values appear as large positive values in ", al_);
}

// --------------------------------------------------------------- enums --

std::string Consequences::EnumSize(const Enum& te, const Enum& ae) const {
  const std::string en = Q(ae.name);
  return ae.size_bytes < te.size_bytes
             ? S(al_, " stores ", en, " in ", Bytes(ae.size_bytes), ", ", tl_, " in ", te.size_bytes,
                 ": a ", tl_, " value loses its upper ", Bytes(te.size_bytes - ae.size_bytes), " in ", al_,
                 ", and a ", al_, "-written value leaves them unset for ", tl_)
             : S(al_, " stores ", en, " in ", Bytes(ae.size_bytes), ", ", tl_, " in ", te.size_bytes,
                 ": ", al_, " reads ", Bytes(ae.size_bytes - te.size_bytes), " past each ", tl_,
                 " value, and its writes clobber them");
}

std::string Consequences::EnumSignedness(const Enum& ae, const Type& tu, const Type& au) const {
  const std::string en = Q(ae.name);
  return au.is_signed
             ? S(tl_, " values of ", en, " from ", HalfRange(tu.bits), " up appear negative in ", al_)
             : S("negative ", tl_, " values of ", en, " appear in ", al_, " as values from ",
                 HalfRange(au.bits), " up");
}

std::string Consequences::EnumExtraValue(const Enum& te, const Enumerator& a, uint32_t width) const {
  std::string other = NameOfValue(te, a.value.Bits(width), width);
  return other.empty()
             ? S(tl_, " does not define the value ", a.value.ToString(), " for ", Q(te.name),
                 ": passing it from ", al_, " gives ", tl_, " a value it does not expect")
             : S("in ", tl_, ", the value ", a.value.ToString(), " means ", other);
}

std::string Consequences::EnumValue(const Enum& te, const Enum& ae, const Enumerator& t, const Enumerator& a,
                                    uint32_t width) const {
  std::string as_c = NameOfValue(te, a.value.Bits(width), width);
  std::string reaches = NameOfValue(ae, t.value.Bits(width), width);
  if (reaches.empty()) reaches = S("a value ", al_, " does not define");
  return S(al_, " sends ", a.value.ToString(), " for ", Q(a.name), ", which ", tl_,
           as_c.empty() ? S(" does not define for ", Q(te.name)) : S(" reads as ", as_c), "; ", tl_,
           "'s ", Q(t.name), " (", t.value.ToString(), ") reaches ", al_, " as ", reaches);
}

std::string Consequences::EnumMissingValue(const Enum& ae, const Enumerator& t) const {
  const std::string en = Q(ae.name);
  return S(tl_, " can produce ", Q(t.name), " (", t.value.ToString(), "), but ", al_, "'s ", en,
           " has no variant with that value: a ", t.value.ToString(), " from ", tl_, " in a ", al_, " ", en,
           " is undefined behaviour");
}

std::string Consequences::EnumMissing(const std::string& key) const {
  return S("the values ", al_, " uses for ", Q(key), " cannot be checked against ", tl_);
}

std::string Consequences::EnumNotModelled(const std::string& key) const {
  return S("enum ", Q(key), " could not be checked");
}

// ----------------------------------------------------------- functions --

std::string Consequences::Param(const TypeCmp& r, const std::string& name, const std::string& tt,
                                const std::string& at) const {
  const std::string qn = Q(name);
  switch (r.diff) {
    case TypeDiff::kWidth:
      if (r.t.is_float || r.a.is_float) {
        return S(al_, " passes ", qn, " as ", r.a.Name(), "; ", tl_, " reads a ", r.t.Name(),
                 ": the value is reinterpreted");
      }
      if (r.a.bits < r.t.bits) {
        return S(al_, " passes ", qn, " as ", r.a.Name(), "; ", tl_, " reads ", r.t.bits, " bits: the upper ",
                 r.t.bits == 2 * r.a.bits ? std::string("half is") : S(r.t.bits - r.a.bits, " bits are"),
                 " garbage");
      }
      return S(al_, " passes ", qn, " as ", r.a.Name(), "; ", tl_, " reads only the low ", r.t.bits,
               " bits: values that need more are truncated");
    case TypeDiff::kSignedness:
      if (!r.t.ok || !r.a.ok) return S("the same bits mean different numbers on each side (", r.detail, ")");
      return r.a.is_signed
                 ? S(al_, " passes ", qn, " as ", r.a.Name(), ", ", tl_, " reads ", r.t.Name(), ": negative ",
                     al_, " values arrive as values from ", HalfRange(r.t.bits), " up")
                 : S(al_, " passes ", qn, " as ", r.a.Name(), ", ", tl_, " reads ", r.t.Name(), ": ", al_,
                     " values from ", HalfRange(r.a.bits), " up arrive negative");
    case TypeDiff::kFnData:
      return FnDataConsequence({tl_, al_}, r, TypeUse::kParam, qn);
    case TypeDiff::kFnSig:
      return S(al_, " passes a function of type ", at, " where ", tl_, " calls it as ", tt, " (", r.detail,
               "): the callee receives arguments it does not expect");
    case TypeDiff::kUnknown:
      return S("parameter ", qn, " could not be compared: ", r.detail);
    default:
      return S(al_, " passes ", qn, " as ", at, ", ", tl_, " reads it as ", tt, " (", r.detail, ")");
  }
}

std::string Consequences::Return(const TypeCmp& r, const std::string& tt, const std::string& at, bool truth_void,
                                 bool assumed_void) const {
  switch (r.diff) {
    case TypeDiff::kWidth:
      if (r.t.is_float || r.a.is_float) return S(tl_, " returns a ", r.t.Name(), ", ", al_, " reads a ", r.a.Name());
      return r.a.bits > r.t.bits
                 ? S(tl_, " returns ", r.t.bits, " bits (", r.t.Name(), "), ", al_, " reads ", r.a.Name(),
                     ": the upper ", r.a.bits - r.t.bits, " bits are garbage")
                 : S(tl_, " returns ", r.t.bits, " bits (", r.t.Name(), "), ", al_, " reads it as ",
                     r.a.Name(), ": the upper ", r.t.bits - r.a.bits, " bits are lost");
    case TypeDiff::kSignedness:
      if (!r.t.ok || !r.a.ok) return S("the same bits mean different numbers on each side (", r.detail, ")");
      return r.a.is_signed ? S(tl_, " returns ", r.t.Name(), ", ", al_, " reads it as ", r.a.Name(),
                               ": values from ", HalfRange(r.t.bits), " up appear negative in ", al_)
                           : S(tl_, " returns ", r.t.Name(), ", ", al_, " reads it as ", r.a.Name(),
                               ": negative results (e.g. -errno) appear as values from ",
                               HalfRange(r.a.bits), " up");
    case TypeDiff::kFnData:
      return FnDataConsequence({tl_, al_}, r, TypeUse::kReturn, "the return value");
    case TypeDiff::kFnSig:
      return S(al_, " calls the returned function as ", at, "; it has type ", tt, " (", r.detail, ")");
    case TypeDiff::kUnknown:
      return S("the return type could not be compared: ", r.detail);
    default:
      return truth_void     ? S(tl_, " returns nothing; ", al_, " reads a ", at,
                                " that is whatever the return register holds")
             : assumed_void ? S(tl_, " returns ", tt, "; ", al_, " ignores it")
                            : S(tl_, " returns ", tt, ", ", al_, " reads it as ", at, " (", r.detail, ")");
  }
}

std::string Consequences::ParamCount(const Function& tf, const Function& af) const {
  const std::string fn = Q(af.name);
  if (af.params.size() < tf.params.size()) {
    const size_t k = af.params.size();
    return S(al_, " passes ", af.params.size(), " argument", af.params.size() == 1 ? "" : "s", " to ", fn,
             ", ", tl_, " takes ", tf.params.size(), ": ", tl_, " reads parameter ", k + 1, " (",
             Q(ParamName(tf.params[k], nullptr, k)), ") from a register or stack slot ", al_, " never set");
  }
  return S(al_, " passes ", af.params.size(), " arguments to ", fn, ", ", tl_, " takes ", tf.params.size(),
           ": ", tl_, " never reads the extra ", af.params.size() - tf.params.size(),
           ", so whatever ", al_, " means by them has no effect");
}

std::string Consequences::NoSymbol(const Function& af) const {
  return S("there is no ", Q(af.name), " symbol to link against: ", al_,
           "'s extern declaration fails to link or binds an unrelated symbol; call it through an exported C wrapper");
}

std::string Consequences::Variadic(const Function& tf, const Function& af) const {
  const std::string fn = Q(af.name);
  return tf.variadic ? S(al_, " calls the variadic ", fn,
                         " through a fixed prototype: undefined behaviour "
                         "(variadic calls may pass arguments differently)")
                     : S(al_, " calls ", fn, " as variadic; ", tl_,
                         " defines a fixed prototype: undefined "
                         "behaviour (variadic calls may pass arguments differently)");
}

std::string Consequences::CallingConvention(const Function& af) const {
  return S("arguments and return value of ", Q(af.name), " travel in different registers or stack slots on each side");
}

std::string Consequences::NoReturn(const Function& af) const {
  return S("when ", tl_, "'s ", Q(af.name), " returns, ", al_,
           " continues into code it assumed unreachable: undefined behaviour");
}

std::string Consequences::FunctionMissing(const std::string& key) const {
  return S("calls to ", Q(key), " cannot be checked, and the symbol ", al_, " links against is not declared by ",
           tl_, " (a macro, a renamed function, or gone)");
}

std::string Consequences::FunctionNotModelled(const std::string& key) const {
  return S("calls to ", Q(key), " could not be checked");
}

// ------------------------------------------------ typedefs and variables --

std::string Consequences::DeclaredType(TypeUse use, const std::string& key, const TypeCmp& r,
                                       const std::string& ts, const std::string& as) const {
  if (use == TypeUse::kTypedef) {
    if (r.diff == TypeDiff::kUnknown) return S("uses of ", Q(key), " were not checked through it");
    if (r.diff == TypeDiff::kFnData) return FnDataConsequence({tl_, al_}, r, use, S("every use of ", Q(key)));
    return S("every ", al_, " use of ", Q(key), " means ", as, " where ", tl_, " means ", ts, " (", r.detail, ")");
  }
  if (r.diff == TypeDiff::kUnknown) return S("accesses to ", Q(key), " were not checked");
  if (r.diff == TypeDiff::kFnData) return FnDataConsequence({tl_, al_}, r, use, Q(key));
  return S(al_, " accesses ", Q(key), " as ", as, ", ", tl_, " defines it as ", ts, " (", r.detail, ")");
}

std::string Consequences::VariableNotModelled(const std::string& key) const {
  return S(al_, " accesses to ", Q(key), " could not be checked");
}

std::string Consequences::VariableMissing(const std::string& key) const {
  return S("accesses to ", Q(key), " cannot be checked, and the symbol may not exist");
}

// ----------------------------------------------------------- constants --

std::string Consequences::IntConstantValue(const std::string& name, const IntValue& tv, const IntValue& av,
                                           const Scalar& as) const {
  return S(al_, " code that passes or compares ", Q(name), " uses ", av.ToString(), " where ", tl_, " means ",
           tv.ToString(),
           as.ok && !FitsInBits(tv, as.bits) ? S(" (", tv.ToString(), " does not fit ", al_, "'s ", as.Name(), ")")
                                             : std::string(),
           av.negative && !tv.negative && tv.Bits(64) == av.Bits(64)
               ? S("; only sign-extending ", av.ToString(), " to 64 bits gives ", tl_, "'s bit pattern")
               : std::string());
}

std::string Consequences::ConstantValue(const std::string& name, const std::string& truth_value,
                                        const std::string& assumed_value) const {
  return S(al_, " code that uses ", Q(name), " gets ", assumed_value, " where ", tl_, " means ", truth_value);
}

std::string Consequences::ConstantMissing(const std::string& name, const std::string& assumed_value) const {
  return S(al_, "'s value ", assumed_value, " for ", Q(name), " cannot be checked against ", tl_);
}

std::string Consequences::ConstantNotEvaluated(const std::string& name, const std::string& assumed_value) const {
  return S(al_, "'s value ", assumed_value, " for ", Q(name), " could not be checked");
}

}  // namespace bindfuzz::diff
