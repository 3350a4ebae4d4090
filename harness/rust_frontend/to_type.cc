// Rust types as the contract sees them (contract::Type): primitives and C
// types as sized ints/floats, pointers (thin only; a fat pointer has no C
// type), arrays, function pointers (non-null unless wrapped in Option),
// named records/enums/typedefs by their contract key, and library wrappers
// by what they wrap (MaybeUninit<T> is T, NonNull<T> is *mut T, bindgen's
// __IncompleteArrayField<T> a flexible array). What has no C counterpart is
// Type::Unknown with the Rust spelling.
#include "harness/rust_frontend/extractor.h"

namespace bindfuzz::rust_frontend {

using contract::Type;
using contract::TypeKind;

Type Extractor::ToType(const TypeNode& t, size_t sc, const Env* env, int depth) {
  std::string spelling = SpellType(t, sc);
  Type r = ToTypeInner(t, sc, env, depth);
  if (r.spelling.empty() || r.kind == TypeKind::kPointer || r.kind == TypeKind::kArray ||
      r.kind == TypeKind::kInt || r.kind == TypeKind::kFloat || r.kind == TypeKind::kUnknown)
    r.spelling = spelling;
  return r;
}

// The contract type naming entity `id` (a record, enum or typedef by key).
Type Extractor::NamedEntityType(int id) {
  Entity& e = ents_[id];
  // A dependency's C type names (`libc::c_int`, `libc::c_void`, an enum
  // there) are the C types themselves, as core::ffi's are: no C typedef
  // has those names.
  Prim cp;
  if (CrateOf(e.sc) != 0 && (e.kind == EntKind::kAlias || e.kind == EntKind::kEnum) &&
      LookupCType(e.rust_name, tg_, &cp))
    return PrimType(cp, e.rust_name);
  // A dependency's type an emitted item uses becomes an entry of its own.
  if (CrateOf(e.sc) != 0 && !e.reached && e.kind != EntKind::kConst) {
    e.reached = true;
    reached_.push_back(id);
  }
  switch (e.kind) {
    case EntKind::kStruct:
    case EntKind::kUnion:
      if (e.role == Role::kNewtypeEnum || e.role == Role::kBitfieldEnum) return Type::Named(TypeKind::kEnum, e.key);
      return Type::Named(TypeKind::kRecord, e.key);
    case EntKind::kEnum:
      // `pub enum X {}`: the -sys idiom for a C type only pointed to (C's
      // `struct X;`), emitted as an incomplete record.
      if (IsOpaqueIdiom(e)) return Type::Named(TypeKind::kRecord, e.key);
      return Type::Named(TypeKind::kEnum, e.key);
    case EntKind::kModConsts:
      return Type::Named(TypeKind::kEnum, e.key);
    case EntKind::kAlias:
      if (e.role == Role::kConstsEnum) return Type::Named(TypeKind::kEnum, e.key);
      return Type::Named(TypeKind::kTypedef, e.key);
    case EntKind::kUseAlias:
      return Type::Named(TypeKind::kTypedef, e.key);
    case EntKind::kConst:
      break;
  }
  return Type::Unknown(e.rust_name);
}

Type Extractor::PrimType(const Prim& p, std::string spelling) {
  switch (p.cat) {
    case Prim::kInt:
      return Type::Int(p.bits, p.is_signed, std::move(spelling));
    case Prim::kFloat:
      return Type::Float(p.bits, std::move(spelling));
    case Prim::kBool:
      return Type::Bool();
    case Prim::kChar:
      return Type::Int(32, false, "char");
    case Prim::kVoid:
      return Type::Void();
    case Prim::kStr:
      return Type::Unknown("str");
  }
  return Type::Unknown(spelling);
}

Type Extractor::FnType(const TypeNode& t, size_t sc, const Env* env, int depth) {
  Type fn;
  fn.kind = TypeKind::kFunction;
  fn.variadic = t.variadic;
  if (t.has_abi) fn.calling_conv = ContractCallingConv(t.abi, tg_);
  if (!t.ret.empty()) {
    fn.inner.push_back(t.ret[0].kind == TypeNode::kNever ? Type::Void() : ToType(t.ret[0], sc, env, depth + 1));
  } else {
    fn.inner.push_back(Type::Void());
  }
  for (const TypeNode& p : t.elems) fn.inner.push_back(ToType(p, sc, env, depth + 1));
  fn.spelling = SpellType(t, sc);
  return fn;
}

Type Extractor::ToTypeInner(const TypeNode& t, size_t sc, const Env* env, int depth) {
  if (depth > kMaxSemDepth) return Type::Unknown("(too deep)");
  switch (t.kind) {
    case TypeNode::kParen:
      return t.elems.empty() ? Type::Unknown("()") : ToType(t.elems[0], sc, env, depth + 1);
    case TypeNode::kTuple:
      return t.elems.empty() ? Type::Void() : Type::Unknown(SpellType(t, sc));
    case TypeNode::kNever:
      return Type::Void();
    case TypeNode::kPtr:
    case TypeNode::kRef: {
      if (t.elems.empty() || IsUnsizedPointee(t.elems[0], sc, env, depth + 1)) return Type::Unknown(SpellType(t, sc));
      Type in = ToType(t.elems[0], sc, env, depth + 1);
      in.is_const = !t.is_mut;
      return Type::PointerTo(std::move(in));
    }
    case TypeNode::kFn: {
      Type p = Type::PointerTo(FnType(t, sc, env, depth));
      p.nullable = false;
      return p;
    }
    case TypeNode::kArray: {
      if (t.elems.empty()) return Type::Unknown(SpellType(t, sc));
      std::string err;
      std::optional<uint64_t> n = ArrayLen(t, sc, env, depth, &err);
      if (!n) return Type::Unknown(SpellType(t, sc));
      return Type::ArrayOf(ToType(t.elems[0], sc, env, depth + 1), *n);
    }
    case TypeNode::kPath:
      break;
    default:
      return Type::Unknown(SpellType(t, sc));
  }
  Res r = ResolveSem(t.path, env, sc);
  switch (r.k) {
    case Res::kPrim:
      return PrimType(r.prim, std::string(t.path.Last()));
    case Res::kParam:
      if (r.bind && r.bind->type) return ToType(*r.bind->type, r.bind->sc, r.bind->env, depth + 1);
      return Type::Unknown(SpellType(t, sc));
    case Res::kEntity: {
      const Entity& e = ents_[r.ent];
      if (e.item && (e.kind == EntKind::kStruct || e.kind == EntKind::kUnion || e.kind == EntKind::kAlias) &&
          e.item->generics.HasTypeOrConst())
        return Type::Unknown(SpellType(t, sc));  // generic instantiation: no contract item
      return NamedEntityType(r.ent);
    }
    case Res::kBuiltin:
      break;
    case Res::kNone:
      return Type::Unknown(SpellType(t, sc));
  }
  const TypeNode* arg = FirstTypeArg(t.path);
  switch (r.bi.b) {
    case Builtin::kTransparentWrapper:
    case Builtin::kOpaque:
    case Builtin::kBitfieldUnit:
    case Builtin::kUnionField:
    case Builtin::kNonZeroGeneric:
      return arg ? ToType(*arg, sc, env, depth + 1) : Type::Unknown(SpellType(t, sc));
    case Builtin::kIncompleteArray: {
      if (!arg) return Type::Unknown(SpellType(t, sc));
      Type a = Type::ArrayOf(ToType(*arg, sc, env, depth + 1), 0);
      a.flexible = true;
      return a;
    }
    case Builtin::kOpaqueArray: {
      std::vector<const GenericArg*> args = TypeArgs(t.path);
      if (args.size() == 2 && args[0]->kind == GenericArg::kType && args[1]->kind == GenericArg::kConst) {
        CVal v;
        std::string err;
        if (EvalInt(args[1]->expr[0], sc, IntTy{tg_.ptr * 8, false}, env, depth + 1, &v, &err) && v.i >= 0)
          return Type::ArrayOf(ToType(args[0]->type[0], sc, env, depth + 1), static_cast<uint64_t>(v.i));
        return Type::Unknown(SpellType(t, sc));
      }
      return arg ? ToType(*arg, sc, env, depth + 1) : Type::Unknown(SpellType(t, sc));
    }
    case Builtin::kNonNull:
    case Builtin::kBox: {
      if (!arg || IsUnsizedPointee(*arg, sc, env, depth + 1)) return Type::Unknown(SpellType(t, sc));
      return Type::PointerTo(ToType(*arg, sc, env, depth + 1));
    }
    case Builtin::kOption: {
      if (!arg || !IsNullableNiche(*arg, sc, env, depth + 1)) return Type::Unknown(SpellType(t, sc));
      Type in = ToType(*arg, sc, env, depth + 1);
      if (in.kind == TypeKind::kPointer && !in.inner.empty() && in.inner[0].kind == TypeKind::kFunction)
        in.nullable = true;
      return in;
    }
    case Builtin::kAtomicInt:
      return Type::Int(r.bi.bits, r.bi.is_signed, std::string(t.path.Last()));
    case Builtin::kAtomicBool:
      return Type::Bool();
    case Builtin::kAtomicPtr:
      return arg ? Type::PointerTo(ToType(*arg, sc, env, depth + 1)) : Type::Unknown(SpellType(t, sc));
    case Builtin::kNonZero:
      return Type::Int(r.bi.bits, r.bi.is_signed, std::string(t.path.Last()));
    case Builtin::kPhantomData:
    case Builtin::kPhantomPinned:
    case Builtin::kNone:
      break;
  }
  return Type::Unknown(SpellType(t, sc));
}

}  // namespace bindfuzz::rust_frontend
