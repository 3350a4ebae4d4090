#include "harness/c_frontend/ast_to_contract.h"

#include <string>
#include <utility>

#include "clang/AST/Attr.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/TargetInfo.h"
#include "harness/c_frontend/pp_conditions.h"
#include "llvm/ADT/APFloat.h"
#include "harness/contract/not_addressable.h"

namespace bindfuzz::cfront::internal {

using contract::TypeKind;

bool ToIntValue(const llvm::APSInt& v, contract::IntValue* out) {
  if (v.isSigned() && v.isNegative()) {
    llvm::APInt mag = -static_cast<const llvm::APInt&>(v);  // |v|, as unsigned bits
    if (mag.getActiveBits() > 64) return false;
    *out = {mag.getZExtValue(), true};
    return true;
  }
  if (v.getActiveBits() > 64) return false;
  *out = {v.getZExtValue(), false};
  return true;
}

namespace {

class RootVisitor : public clang::RecursiveASTVisitor<RootVisitor> {
 public:
  explicit RootVisitor(ContractBuilder* b) : b_(b) {}
  bool shouldVisitImplicitCode() const { return false; }
  // Bodies, initializers and type locations hold nothing we emit as a root.
  bool TraverseStmt(clang::Stmt*, DataRecursionQueue* = nullptr) { return true; }
  bool TraverseTypeLoc(clang::TypeLoc) { return true; }
  bool TraverseType(clang::QualType) { return true; }

  bool VisitRecordDecl(clang::RecordDecl* d) {
    b_->RootRecord(d);
    return true;
  }
  bool VisitEnumDecl(clang::EnumDecl* d) {
    b_->RootEnum(d);
    return true;
  }
  bool VisitTypedefNameDecl(clang::TypedefNameDecl* d) {
    b_->RootTypedef(d);
    return true;
  }
  bool VisitFunctionDecl(clang::FunctionDecl* d) {
    b_->RootFunction(d);
    return true;
  }
  bool VisitVarDecl(clang::VarDecl* d) {
    b_->RootVariable(d);
    return true;
  }

 private:
  ContractBuilder* b_;
};

std::string ToStr(llvm::StringRef s) { return s.str(); }

// Whether the translation unit's definition of `def` (an inline function
// definition) emits no out-of-line symbol: GNU `extern inline` (gnu_inline)
// or a C99 inline definition. Mirrors FunctionDecl::
// isInlineDefinitionExternallyVisible, which asserts on skipped bodies.
bool IsInlineOnlyDefinition(const clang::FunctionDecl* def, const clang::LangOptions& lo) {
  if (!def->isInlined()) return false;
  bool gnu = lo.GNUInline || def->hasAttr<clang::GNUInlineAttr>();
  for (const clang::FunctionDecl* r : def->redecls()) {
    if (r->isImplicit() || !r->getLexicalDeclContext()->isTranslationUnit()) continue;
    if (gnu) {
      if (r->isInlineSpecified() && r->getStorageClass() != clang::SC_Extern) return false;
    } else if (!r->isInlineSpecified() || r->getStorageClass() == clang::SC_Extern) {
      return false;
    }
  }
  return true;
}

}  // namespace

ContractBuilder::ContractBuilder(clang::ASTContext& ctx,
                                 std::function<bool(clang::SourceLocation)> is_root_location,
                                 clang::FileID skip_file, contract::Contract* out)
    : ctx_(ctx),
      sm_(ctx.getSourceManager()),
      is_root_location_(std::move(is_root_location)),
      skip_file_(skip_file),
      c_(*out),
      policy_(ctx.getPrintingPolicy()) {
  policy_.AnonymousTagLocations = false;
  policy_.SuppressTagKeyword = false;
}

void ContractBuilder::Note(contract::Note::Level level, std::string item, std::string message,
                           contract::SourceLoc loc) {
  c_.notes.push_back({.level = level,
                      .item = std::move(item),
                      .message = std::move(message),
                      .loc = std::move(loc)});
}

contract::SourceLoc ContractBuilder::Loc(clang::SourceLocation loc) const {
  if (loc.isInvalid()) return {};
  clang::SourceLocation e = sm_.getExpansionLoc(loc);
  clang::PresumedLoc p = sm_.getPresumedLoc(e);
  if (p.isInvalid()) return {};
  return {.file = p.getFilename(), .line = p.getLine(), .column = p.getColumn()};
}

bool ContractBuilder::Skipped(const clang::Decl* d) const {
  if (d->isImplicit() || d->isInvalidDecl()) return true;
  if (skip_file_.isValid()) {
    clang::SourceLocation l = d->getLocation();
    if (l.isValid() && sm_.getFileID(sm_.getExpansionLoc(l)) == skip_file_) return true;
  }
  return false;
}

bool ContractBuilder::IsRoot(const clang::Decl* d) const {
  return !Skipped(d) && is_root_location_(d->getLocation());
}

void ContractBuilder::BuildFromTranslationUnit() {
  RootVisitor v(this);
  v.TraverseDecl(ctx_.getTranslationUnitDecl());
  Drain();
  if (!static_vars_skipped_.empty())
    Note(contract::Note::Level::kInfo, "",
         std::to_string(static_vars_skipped_.size()) +
             " file-scope static variables have no symbol and are not listed as variables "
             "(const integer ones are constants)");
}

// ---------------------------------------------------------------- keys

const clang::TagDecl* ContractBuilder::TagNamedByTypedef(const clang::TypedefNameDecl* td) const {
  const clang::TagDecl* tag = td->getUnderlyingType()->getAsTagDecl();
  if (!tag) return nullptr;
  const clang::TypedefNameDecl* named = tag->getTypedefNameForAnonDecl();
  if (named && named->getCanonicalDecl() == td->getCanonicalDecl() && !tag->getIdentifier())
    return tag;
  return nullptr;
}

std::string ContractBuilder::MemberNameFor(const clang::RecordDecl* parent,
                                           const clang::TagDecl* d) {
  const clang::RecordDecl* def = parent->getDefinition();
  if (!def) return "";
  int anon = 0;
  const clang::TagDecl* want = llvm::cast<clang::TagDecl>(d->getCanonicalDecl());
  for (const clang::FieldDecl* f : def->fields()) {
    bool unnamed = f->getDeclName().isEmpty() || f->getName().empty();
    if (f->isBitField() && unnamed) continue;
    if (unnamed) ++anon;
    clang::QualType t = f->getType().getCanonicalType();
    for (int guard = 0; guard < 256; ++guard) {
      if (const clang::ArrayType* at = ctx_.getAsArrayType(t)) {
        t = at->getElementType().getCanonicalType();
      } else if (const auto* pt = t->getAs<clang::PointerType>()) {
        t = pt->getPointeeType().getCanonicalType();
      } else {
        break;
      }
    }
    const clang::TagDecl* td = t->getAsTagDecl();
    if (td && td->getCanonicalDecl() == want)
      return unnamed ? "(anon#" + std::to_string(anon) + ")" : ToStr(f->getName());
  }
  return "";
}

std::string ContractBuilder::BaseTagKey(const clang::TagDecl* d, bool* anonymous) {
  *anonymous = false;
  if (const clang::IdentifierInfo* ii = d->getIdentifier()) return ToStr(ii->getName());
  if (const clang::TypedefNameDecl* td = d->getTypedefNameForAnonDecl())
    return ToStr(td->getName());
  *anonymous = true;
  if (const auto* parent = llvm::dyn_cast<clang::RecordDecl>(d->getDeclContext())) {
    std::string member = MemberNameFor(parent, d);
    if (!member.empty()) return TagKey(parent) + "::" + member;
  }
  contract::SourceLoc l = Loc(d->getLocation());
  return "(anon at " + l.file + ":" + std::to_string(l.line) + ")";
}

std::string ContractBuilder::TagKey(const clang::TagDecl* d) {
  const clang::Decl* canon = d->getCanonicalDecl();
  auto it = tag_keys_.find(canon);
  if (it != tag_keys_.end()) return it->second;
  bool anonymous = false;
  std::string key = BaseTagKey(d, &anonymous);
  auto& owners = llvm::isa<clang::EnumDecl>(d) ? enum_key_owner_ : record_key_owner_;
  auto owner = owners.find(key);
  if (owner != owners.end() && owner->second != canon) {
    contract::SourceLoc l = Loc(d->getLocation());
    std::string base = key;
    if (anonymous && key.size() > 1 && key.back() == ')') {
      key = key.substr(0, key.size() - 1) + ":" + std::to_string(l.column) + ")";
    } else {
      key = key + " (at " + l.ToString() + ")";
    }
    for (int n = 2; owners.count(key); ++n) key = base + " #" + std::to_string(n);
    if (!anonymous)
      Note(contract::Note::Level::kWarning, key,
           "another C type has the tag or typedef name '" + base + "'; keyed by location", l);
  }
  owners[key] = canon;
  tag_keys_[canon] = key;
  tag_anonymous_[canon] = anonymous;
  if (anonymous && key.rfind("(anon at ", 0) == 0 && llvm::isa<clang::RecordDecl>(d))
    Note(contract::Note::Level::kInfo, key,
         "anonymous record outside any named record and without a typedef name: keyed by "
         "its location",
         Loc(d->getLocation()));
  return key;
}

// ---------------------------------------------------------------- types

std::string ContractBuilder::CallConvName(const clang::FunctionType* ft) const {
  bool variadic = false;
  if (const auto* fpt = llvm::dyn_cast<clang::FunctionProtoType>(ft)) variadic = fpt->isVariadic();
  std::string out;
  clang::CallingConv cc = ft->getCallConv();
  if (cc != ctx_.getDefaultCallingConvention(variadic, /*IsCXXMethod=*/false))
    out = ToStr(clang::FunctionType::getNameForCallConv(cc));
  if (ft->getHasRegParm()) {
    if (!out.empty()) out += " ";
    out += "regparm(" + std::to_string(ft->getRegParmType()) + ")";
  }
  return out;
}

contract::Type ContractBuilder::ConvertFunctionType(const clang::FunctionType* ft, int depth) {
  contract::Type t{.kind = TypeKind::kFunction};
  t.inner.push_back(ConvertType(ft->getReturnType(), depth + 1));
  if (const auto* fpt = llvm::dyn_cast<clang::FunctionProtoType>(ft)) {
    for (clang::QualType p : fpt->param_types()) t.inner.push_back(ConvertType(p, depth + 1));
    t.variadic = fpt->isVariadic();
  } else {
    t.spelling = "unprototyped function";
  }
  t.calling_conv = CallConvName(ft);
  return t;
}

contract::Type ContractBuilder::ConvertType(clang::QualType qt, int depth) {
  if (qt.isNull()) return contract::Type::Unknown("<null type>");
  if (depth > kMaxTypeDepth) {
    if (!depth_note_added_) {
      depth_note_added_ = true;
      Note(contract::Note::Level::kWarning, "",
           "a type nests deeper than " + std::to_string(kMaxTypeDepth) +
               " levels; the rest is kUnknown");
    }
    return contract::Type::Unknown("<too deeply nested>");
  }
  // Peel sugar (but not typedefs), accumulating const.
  bool is_const = false;
  clang::QualType t = qt;
  for (int guard = 0; guard < 1024; ++guard) {
    is_const |= t.isLocalConstQualified();
    const clang::Type* ty = t.getTypePtr();
    if (llvm::isa<clang::TypedefType>(ty)) break;
    clang::QualType next = t.getSingleStepDesugaredType(ctx_);
    if (next == t) break;
    t = next;
  }
  const clang::Type* ty = t.getTypePtr();
  contract::Type out;

  if (const auto* tt = llvm::dyn_cast<clang::TypedefType>(ty)) {
    const clang::TypedefNameDecl* td = tt->getDecl();
    if (const clang::TagDecl* tag = TagNamedByTypedef(td)) {
      out = contract::Type::Named(
          llvm::isa<clang::EnumDecl>(tag) ? TypeKind::kEnum : TypeKind::kRecord, TagKey(tag));
      Enqueue(tag);
    } else {
      out = contract::Type::Named(TypeKind::kTypedef, ToStr(td->getName()));
      Enqueue(td);
    }
  } else if (const auto* bt = llvm::dyn_cast<clang::BuiltinType>(ty)) {
    std::string spelling = ToStr(bt->getName(policy_));
    if (bt->isVoidType()) {
      out = contract::Type::Void();
    } else if (bt->getKind() == clang::BuiltinType::Bool) {
      out = contract::Type::Bool();
      out.bits = static_cast<uint32_t>(ctx_.getTypeSize(t));
      out.spelling = spelling;
    } else if (bt->isInteger()) {
      out = contract::Type::Int(static_cast<uint32_t>(ctx_.getTypeSize(t)),
                                bt->isSignedInteger(), spelling);
    } else if (bt->isFloatingPoint()) {
      out = contract::Type::Float(
          llvm::APFloat::semanticsSizeInBits(ctx_.getFloatTypeSemantics(t)), spelling);
    } else {
      out = contract::Type::Unknown(spelling);
    }
  } else if (const auto* pt = llvm::dyn_cast<clang::PointerType>(ty)) {
    out = contract::Type::PointerTo(ConvertType(pt->getPointeeType(), depth + 1));
    if (pt->getPointeeType()->isFunctionType()) out.nullable = true;
  } else if (const auto* cat = llvm::dyn_cast<clang::ConstantArrayType>(ty)) {
    out = contract::Type::ArrayOf(ConvertType(cat->getElementType(), depth + 1),
                                  cat->getSize().getLimitedValue());
  } else if (const auto* iat = llvm::dyn_cast<clang::IncompleteArrayType>(ty)) {
    out = contract::Type::ArrayOf(ConvertType(iat->getElementType(), depth + 1), 0);
    out.flexible = true;
  } else if (const auto* ft = llvm::dyn_cast<clang::FunctionType>(ty)) {
    out = ConvertFunctionType(ft, depth);
  } else if (const auto* rt = llvm::dyn_cast<clang::RecordType>(ty)) {
    out = contract::Type::Named(TypeKind::kRecord, TagKey(rt->getDecl()));
    Enqueue(rt->getDecl());
  } else if (const auto* et = llvm::dyn_cast<clang::EnumType>(ty)) {
    out = contract::Type::Named(TypeKind::kEnum, TagKey(et->getDecl()));
    Enqueue(et->getDecl());
  } else if (const auto* at = llvm::dyn_cast<clang::AtomicType>(ty)) {
    clang::QualType v = at->getValueType();
    if (!v->isIncompleteType() && ctx_.getTypeSize(t) == ctx_.getTypeSize(v) &&
        ctx_.getTypeAlign(t) == ctx_.getTypeAlign(v)) {
      out = ConvertType(v, depth + 1);
      out.spelling = "_Atomic(" + (out.spelling.empty() ? out.ToString() : out.spelling) + ")";
    } else {
      out = contract::Type::Unknown(t.getAsString(policy_));
    }
  } else {
    out = contract::Type::Unknown(t.getAsString(policy_));
  }
  out.is_const = is_const;
  return out;
}

// ---------------------------------------------------------------- emission

void ContractBuilder::Enqueue(const clang::Decl* d) {
  const clang::Decl* canon = d->getCanonicalDecl();
  if (queued_.insert(canon).second) worklist_.push_back(canon);
}

void ContractBuilder::Drain() {
  while (!worklist_.empty()) {
    const clang::Decl* d = worklist_.back();
    worklist_.pop_back();
    if (const auto* rd = llvm::dyn_cast<clang::RecordDecl>(d)) {
      EmitRecord(rd);
    } else if (const auto* ed = llvm::dyn_cast<clang::EnumDecl>(d)) {
      EmitEnum(ed);
    } else if (const auto* td = llvm::dyn_cast<clang::TypedefNameDecl>(d)) {
      EmitTypedef(td);
    }
  }
}

void ContractBuilder::RootRecord(const clang::RecordDecl* d) {
  if (!d->getIdentifier() && !d->getTypedefNameForAnonDecl()) return;  // reached via users
  if (!IsRoot(d)) return;
  Enqueue(d);
}

void ContractBuilder::RootEnum(const clang::EnumDecl* d) {
  if (!IsRoot(d)) return;
  if (!d->getIdentifier() && !d->getTypedefNameForAnonDecl() && !d->isThisDeclarationADefinition())
    return;
  Enqueue(d);
}

void ContractBuilder::RootTypedef(const clang::TypedefNameDecl* d) {
  if (!IsRoot(d)) return;
  if (const clang::TagDecl* tag = TagNamedByTypedef(d)) {
    Enqueue(tag);
    return;
  }
  Enqueue(d);
}

void ContractBuilder::EmitRecord(const clang::RecordDecl* canon) {
  std::string key = TagKey(canon);
  if (c_.records.count(key)) return;
  const clang::RecordDecl* def = canon->getDefinition();
  contract::Record r;
  r.name = key;
  r.kind = canon->isUnion() ? contract::RecordKind::kUnion : contract::RecordKind::kStruct;
  r.anonymous = tag_anonymous_[canon->getCanonicalDecl()];
  r.typedef_named = !canon->getIdentifier() && canon->getTypedefNameForAnonDecl() != nullptr;
  r.loc = Loc((def ? def : canon)->getLocation());
  r.conditions = Conditions((def ? def : canon)->getLocation());
  if (!def || def->isInvalidDecl() || !def->isCompleteDefinition()) {
    r.complete = false;
    c_.records.emplace(key, std::move(r));
    return;
  }
  const clang::ASTRecordLayout& layout = ctx_.getASTRecordLayout(def);
  r.size_bytes = static_cast<uint64_t>(layout.getSize().getQuantity());
  r.align_bytes = static_cast<uint64_t>(layout.getAlignment().getQuantity());
  r.packed = def->hasAttr<clang::PackedAttr>();
  if (const auto* mfa = def->getAttr<clang::MaxFieldAlignmentAttr>())
    r.pack_bytes = mfa->getAlignment() / 8;
  if (def->hasAttr<clang::AlignedAttr>()) r.explicit_align = def->getMaxAlignment() / 8;
  r.has_flexible_array = def->hasFlexibleArrayMember();
  // Clang puts the attribute on the union itself, also when it is written
  // on a typedef of the union (glibc's `__SOCKADDR_ARG`).
  r.transparent_union = canon->isUnion() && def->hasAttr<clang::TransparentUnionAttr>();
  int anon = 0;
  for (const clang::FieldDecl* f : def->fields()) {
    bool unnamed = f->getDeclName().isEmpty() || f->getName().empty();
    if (f->isBitField() && unnamed) continue;  // padding
    contract::Field field;
    if (unnamed) {
      field.name = "(anon#" + std::to_string(++anon) + ")";
    } else {
      field.name = ToStr(f->getName());
    }
    field.type = ConvertType(f->getType());
    field.offset_bits = layout.getFieldOffset(f->getFieldIndex());
    if (f->isBitField()) {
      field.is_bitfield = true;
      field.size_bits = f->getBitWidthValue(ctx_);
    } else if (f->getType()->isIncompleteArrayType() || f->getType()->isIncompleteType()) {
      field.size_bits = 0;
    } else {
      field.size_bits = ctx_.getTypeSize(f->getType());
    }
    field.loc = Loc(f->getLocation());
    field.conditions = PpConditionRecorder::Relative(Conditions(f->getLocation()), r.conditions);
    r.fields.push_back(std::move(field));
  }
  c_.records.emplace(key, std::move(r));
}

void ContractBuilder::EmitEnum(const clang::EnumDecl* canon) {
  std::string key = TagKey(canon);
  if (c_.enums.count(key)) return;
  const clang::EnumDecl* def = canon->getDefinition();
  if (!def || def->isInvalidDecl() || def->getIntegerType().isNull()) {
    Note(contract::Note::Level::kInfo, key, "enum is declared but never defined",
         Loc(canon->getLocation()));
    return;
  }
  contract::Enum e;
  e.name = key;
  e.anonymous = tag_anonymous_[canon->getCanonicalDecl()];
  e.underlying = ConvertType(def->getIntegerType());
  e.size_bytes = ctx_.getTypeSize(ctx_.getEnumType(def)) / 8;
  e.loc = Loc(def->getLocation());
  e.conditions = Conditions(def->getLocation());
  for (const clang::EnumConstantDecl* ecd : def->enumerators()) {
    contract::Enumerator en;
    en.name = ToStr(ecd->getName());
    en.loc = Loc(ecd->getLocation());
    en.conditions = PpConditionRecorder::Relative(Conditions(ecd->getLocation()), e.conditions);
    if (!ToIntValue(ecd->getInitVal(), &en.value)) {
      Note(contract::Note::Level::kWarning, key + "::" + en.name,
           "enumerator value does not fit in 64 bits; omitted", en.loc);
      continue;
    }
    e.enumerators.push_back(std::move(en));
  }
  c_.enums.emplace(key, std::move(e));
}

void ContractBuilder::EmitTypedef(const clang::TypedefNameDecl* td) {
  std::string name = ToStr(td->getName());
  if (c_.typedefs.count(name)) return;
  contract::Typedef t;
  t.name = name;
  t.target = ConvertType(td->getUnderlyingType());
  t.loc = Loc(td->getLocation());
  t.conditions = Conditions(td->getLocation());
  clang::QualType under = td->getUnderlyingType();
  if (td->hasAttr<clang::AlignedAttr>() && !under->isIncompleteType() &&
      !under->isFunctionType()) {
    clang::QualType self = ctx_.getTypedefType(td);
    uint64_t self_align = ctx_.getTypeAlignInChars(self).getQuantity();
    uint64_t target_align = ctx_.getTypeAlignInChars(under).getQuantity();
    std::string base = t.target.spelling.empty() ? t.target.ToString() : t.target.spelling;
    t.target.spelling = base + " __attribute__((aligned(" + std::to_string(self_align) + ")))";
    if (self_align != target_align) t.align_bytes = self_align;
    Note(contract::Note::Level::kInfo, name,
         "align_bytes=" + std::to_string(self_align) + " (typedef aligned attribute; target " +
             "type align_bytes=" + std::to_string(target_align) + ")",
         t.loc);
  }
  c_.typedefs.emplace(name, std::move(t));
}

void ContractBuilder::RootFunction(const clang::FunctionDecl* fd) {
  if (!IsRoot(fd)) return;
  std::string name = ToStr(fd->getName());
  if (name.empty() || c_.functions.count(name)) return;
  // The definition, else the first declaration (not a later block-scope
  // redeclaration, so the result does not depend on skipped bodies).
  // Attributes accumulate on later declarations: ask the most recent one.
  const clang::FunctionDecl* d = fd->getDefinition();
  if (!d) d = fd->getCanonicalDecl();
  const clang::FunctionDecl* latest = fd->getMostRecentDecl();
  const clang::FunctionType* ft = d->getType()->getAs<clang::FunctionType>();
  if (!ft) return;
  contract::Function f;
  f.name = name;
  f.return_type = ConvertType(ft->getReturnType());
  for (const clang::ParmVarDecl* p : d->parameters())
    f.params.push_back({.name = ToStr(p->getName()), .type = ConvertType(p->getType())});
  if (const auto* fpt = llvm::dyn_cast<clang::FunctionProtoType>(ft)) f.variadic = fpt->isVariadic();
  f.calling_conv = CallConvName(ft);
  f.has_symbol = d->getStorageClass() != clang::SC_Static && d->isExternallyVisible();
  if (f.has_symbol && d->isThisDeclarationADefinition() &&
      IsInlineOnlyDefinition(d, ctx_.getLangOpts()))
    f.has_symbol = false;
  // An asm label renames the symbol. The label is the object file's name
  // as written: Clang adds no user label prefix to it (the `\01` marker of
  // its mangler), while a plain name gets the target's (`_` on Darwin).
  if (const auto* label = latest->getAttr<clang::AsmLabelAttr>()) {
    f.asm_label = ToStr(label->getLabel());
    if (!f.asm_label.empty() && f.asm_label[0] == '\01') f.asm_label.erase(0, 1);
    if (f.asm_label == name && llvm::StringRef(ctx_.getTargetInfo().getUserLabelPrefix()).empty()) f.asm_label.clear();
  }
  f.no_return = d->isNoReturn() || latest->isNoReturn();
  // A builtin without a library function (`__builtin_*`) has no address.
  if (const unsigned id = d->getBuiltinID(); id != 0 && !ctx_.BuiltinInfo.isPredefinedLibFunction(id))
    Note(contract::Note::Level::kInfo, name, contract::NotAddressableMessage(contract::kBuiltin),
         Loc(d->getLocation()));
  f.loc = Loc(d->getLocation());
  f.conditions = Conditions(d->getLocation());
  c_.functions.emplace(name, std::move(f));
}

void ContractBuilder::RootVariable(const clang::VarDecl* vd) {
  if (llvm::isa<clang::ParmVarDecl>(vd) || !vd->isFileVarDecl()) return;
  if (!IsRoot(vd)) return;
  std::string name = ToStr(vd->getName());
  if (name.empty()) return;
  const clang::VarDecl* d = vd->getDefinition();
  if (!d) d = vd->getCanonicalDecl();
  bool is_static = d->getStorageClass() == clang::SC_Static || !d->isExternallyVisible();
  clang::QualType type = d->getType();
  // Const integer variables with a constant initializer are also constants.
  if (type.isConstQualified() && type->isIntegralOrEnumerationType() && !c_.constants.count(name)) {
    const clang::VarDecl* init_decl = nullptr;
    if (const clang::Expr* init = d->getAnyInitializer(init_decl)) {
      clang::Expr::EvalResult res;
      if (!init->isValueDependent() && !init->containsErrors() &&
          init->EvaluateAsInt(res, ctx_) && res.Val.isInt()) {
        contract::Constant k;
        k.name = name;
        k.kind = contract::ConstantKind::kInt;
        if (ToIntValue(res.Val.getInt(), &k.int_value)) {
          k.type = ConvertType(type);
          k.loc = Loc(d->getLocation());
          k.conditions = Conditions(d->getLocation());
          c_.constants.emplace(name, std::move(k));
        }
      }
    }
  }
  if (is_static) {
    static_vars_skipped_.insert(name);
    return;
  }
  if (c_.variables.count(name)) return;
  contract::Variable v;
  v.name = name;
  v.type = ConvertType(type);
  v.is_const = type.isConstQualified();
  v.loc = Loc(d->getLocation());
  v.conditions = Conditions(d->getLocation());
  c_.variables.emplace(name, std::move(v));
}

}  // namespace bindfuzz::cfront::internal
