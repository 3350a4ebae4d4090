// Wrapper mode generator: see wrapper_codegen.h.
#include "harness/wrapper/wrapper_codegen.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/codegen/codegen_text.h"
#include "harness/rust_frontend/parser.h"
#include "harness/spec/spec_parser.h"

namespace bindfuzz::wrapper {
namespace {

using codegen::Code;
using codegen::ShWord;

// Every name that reaches generated Rust or spec text is an ASCII
// identifier that is no Rust keyword (crate_api gives parser identifiers;
// this re-checks, so hostile text cannot break out of a line).
bool SafeIdent(const std::string& s) {
  if (s.empty() || s.size() > 200) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return !rust_frontend::IsRustKeyword(s) && s != "_";
}

// A spec STRING / Rust string literal body: printable ASCII without `"`/`\`.
bool PlainText(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  return true;
}

std::string Origin(const contract::SourceLoc& loc) {
  std::string s = absl::StrCat(loc.file, ":", loc.line);
  return PlainText(s) ? s : "";
}

// One entry point of the export shim.
struct Entry {
  std::string sym;        // bfw_...
  const ApiFn* fn = nullptr;
  enum Kind { kFn, kDrop, kClone } kind = kFn;
  const ApiType* type = nullptr;  // kDrop / kClone
};

struct Plan {
  std::vector<const ApiType*> types;
  std::vector<Entry> entries;
  std::vector<std::string> notes;  // "file:line: message"
  std::set<std::string> borrowed_by_lifetime;  // types some result borrows
};

std::string RustType(const ApiType& t) {
  return absl::StrCat("bfw_crate::", absl::StrJoin(t.path, "::"), t.has_lifetime ? "<'static>" : "");
}

bool FnNamesOk(const ApiFn& f) {
  if (!SafeIdent(f.name)) return false;
  for (const std::string& p : f.path)
    if (!SafeIdent(p)) return false;
  for (const ApiArg& a : f.args)
    if (a.name != "self" && !a.name.empty() && a.name != "_" && !SafeIdent(a.name)) return false;
  return true;
}

// The types safe code can get a value of: returned by a function whose own
// arguments can all be made (a fixpoint from the constructors).
std::set<std::string> BorrowedByLifetime(const CrateApi& api) {
  std::set<std::string> out;
  for (const ApiFn& f : api.fns)
    if (f.ret.borrows_self && !f.owner.empty()) out.insert(f.owner);
  return out;
}

// `&mut` of a value a live result may borrow: safe Rust rejects the call
// while the borrow lives, and the engine does not track that.
bool MutOfBorrowed(const ApiFn& f, const std::set<std::string>& borrowed) {
  for (const ApiArg& a : f.args)
    if (a.kind == ArgKind::kRefMut && borrowed.count(a.type)) return true;
  return false;
}

std::set<std::string> Constructible(const CrateApi& api, const std::set<std::string>& named) {
  const std::set<std::string> borrowed = BorrowedByLifetime(api);
  std::set<std::string> made;
  for (bool grew = true; grew;) {
    grew = false;
    for (const ApiFn& f : api.fns) {
      if (f.ret.type.empty() || made.count(f.ret.type) || !named.count(f.ret.type) || !FnNamesOk(f) ||
          MutOfBorrowed(f, borrowed))
        continue;
      bool ok = true;
      for (const ApiArg& a : f.args) ok = ok && (a.type.empty() || made.count(a.type));
      if (ok) grew = made.insert(f.ret.type).second || grew;
    }
  }
  return made;
}

Plan MakePlan(const CrateApi& api) {
  Plan p;
  std::set<std::string> named;
  for (const ApiType& t : api.types) {
    bool ok = SafeIdent(t.name);
    for (const std::string& s : t.path) ok = ok && SafeIdent(s);
    if (ok) named.insert(t.name);
  }
  const std::set<std::string> types = Constructible(api, named);
  for (const ApiType& t : api.types)
    if (types.count(t.name)) p.types.push_back(&t);
  p.borrowed_by_lifetime = BorrowedByLifetime(api);
  std::set<std::string> syms;
  for (const ApiFn& f : api.fns) {
    const std::string where = Origin(f.loc);
    if (!FnNamesOk(f)) continue;
    bool ok = f.owner.empty() || types.count(f.owner);
    for (const ApiArg& a : f.args) {
      if (!a.type.empty() && !types.count(a.type)) ok = false;
    }
    if (MutOfBorrowed(f, p.borrowed_by_lifetime)) {
      p.notes.push_back(absl::StrCat(where, ": ", f.owner.empty() ? "" : f.owner + "::", f.name,
                                     ": &mut of a type other results borrow: left out"));
      ok = false;
    }
    if (!f.ret.type.empty() && !types.count(f.ret.type)) ok = false;
    if (!ok) continue;
    std::string sym = f.owner.empty() ? absl::StrCat("bfw_", absl::StrJoin(f.path, "_"))
                                      : absl::StrCat("bfw_", f.owner, "_", f.name);
    if (!syms.insert(sym).second) continue;
    p.entries.push_back({.sym = sym, .fn = &f});
  }
  for (const ApiType* t : p.types) {
    std::string drop = absl::StrCat("bfw_", t->name, "__drop");
    if (syms.insert(drop).second) p.entries.push_back({.sym = drop, .kind = Entry::kDrop, .type = t});
    if (t->has_clone) {
      if (t->has_lifetime) {
        p.notes.push_back(absl::StrCat(Origin(t->loc), ": ", t->name,
                                       "::clone: a clone of a borrowing type is left out"));
        continue;
      }
      std::string clone = absl::StrCat("bfw_", t->name, "__clone");
      if (syms.insert(clone).second)
        p.entries.push_back({.sym = clone, .kind = Entry::kClone, .type = t});
    }
  }
  return p;
}

const ApiType* TypeNamed(const Plan& p, const std::string& n) {
  for (const ApiType* t : p.types)
    if (t->name == n) return t;
  return nullptr;
}

// Spec parameter names of one entry (unique, never clashing with a length).
std::vector<std::string> ParamNames(const ApiFn& f) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (size_t i = 0; i < f.args.size(); ++i) {
    std::string n = f.args[i].name == "self" ? "self_" : f.args[i].name;
    if (n.empty() || n == "_") n = absl::StrCat("arg", i);
    while (used.count(n) || used.count(n + "_len")) n += "_";
    used.insert(n);
    used.insert(n + "_len");
    out.push_back(n);
  }
  return out;
}

std::string SpecFor(const Plan& p, const Entry& e) {
  if (e.kind == Entry::kClone)
    return absl::StrCat("fn ", e.sym, "(value: borrowed ", e.type->name, ") -> owned ", e.type->name,
                        " origin \"", Origin(e.type->clone_loc.known() ? e.type->clone_loc : e.type->loc), "\";");
  const ApiFn& f = *e.fn;
  const std::vector<std::string> names = ParamNames(f);
  std::vector<std::string> params;
  for (size_t i = 0; i < f.args.size(); ++i) {
    const ApiArg& a = f.args[i];
    const std::string& n = names[i];
    switch (a.kind) {
      case ArgKind::kScalar:
        params.push_back(absl::StrCat(n, ": ", a.scalar));
        break;
      case ArgKind::kStr:
      case ArgKind::kBytes:
      case ArgKind::kBytesMut:
        params.push_back(absl::StrCat(n, ": ", a.kind == ArgKind::kStr ? "str"
                                               : a.kind == ArgKind::kBytes ? "buf_in"
                                                                           : "buf_out"));
        params.push_back(absl::StrCat(n, "_len: len(", n, ") bytes"));
        break;
      case ArgKind::kRef:
      case ArgKind::kRefMut:
        if (i == 0 && f.has_self && f.ret.borrows_self) {
          // The result borrows self: self lives until the result is dropped
          // or moved into a consuming call.
          std::vector<std::string> until = {absl::StrCat("bfw_", f.ret.type, "__drop")};
          for (const Entry& o : p.entries) {
            if (o.kind != Entry::kFn) continue;
            for (const ApiArg& oa : o.fn->args)
              if (oa.kind == ArgKind::kValue && oa.type == f.ret.type) {
                until.push_back(o.sym);
                break;
              }
          }
          params.push_back(absl::StrCat(n, ": retained ", a.type, " until ", absl::StrJoin(until, ", ")));
        } else {
          params.push_back(absl::StrCat(n, ": borrowed ", a.type));
        }
        break;
      case ArgKind::kValue:
        params.push_back(absl::StrCat(n, ": consumed ", a.type));
        break;
    }
  }
  std::string ret;
  switch (f.ret.kind) {
    case RetKind::kVoid: ret = "void"; break;
    case RetKind::kScalar: ret = f.ret.scalar; break;
    case RetKind::kRead: ret = "i64"; break;
    case RetKind::kOwned: ret = absl::StrCat("owned ", f.ret.type); break;
    case RetKind::kOwnedOpt:
    case RetKind::kOwnedRes: ret = absl::StrCat("owned ", f.ret.type, " nullable"); break;
  }
  return absl::StrCat("fn ", e.sym, "(", absl::StrJoin(params, ", "), ") -> ", ret, " origin \"",
                      Origin(f.loc), "\";");
}

std::string SpecText(const Plan& p) {
  std::string out =
      "# Generated by bindfuzz gen --rust-crate: the crate's safe API as the\n"
      "# export shim offers it (one entry point per line, origin = its Rust\n"
      "# source). Each type is a resource dropped by its __drop entry.\n";
  for (const ApiType* t : p.types)
    absl::StrAppend(&out, "resource ", t->name, " { release bfw_", t->name, "__drop; origin \"",
                    Origin(t->loc), "\"; }\n");
  for (const Entry& e : p.entries)
    if (e.kind != Entry::kDrop) absl::StrAppend(&out, SpecFor(p, e), "\n");
  for (const std::string& n : p.notes)
    if (PlainText(n)) absl::StrAppend(&out, "note \"", n, "\";\n");
  return out;
}

std::string ScalarRust(const std::string& spec) { return spec; }  // i32, u64, bool: same names

std::string ShimFor(const Plan& p, const Entry& e) {
  std::string out = absl::StrCat("// ", Origin(e.kind == Entry::kFn ? e.fn->loc : e.type->loc), "\n",
                                 "#[no_mangle]\npub unsafe extern \"C\" fn ", e.sym, "(");
  if (e.kind == Entry::kDrop) {
    absl::StrAppend(&out, "p: *mut c_void) {\n    bfw_rt::guard((), move || bfw_rt::drop_box::<",
                    RustType(*e.type), ">(p))\n}\n");
    return out;
  }
  if (e.kind == Entry::kClone) {
    const std::string t = RustType(*e.type);
    absl::StrAppend(&out, "p: *mut c_void) -> *mut c_void {\n",
                    "    bfw_rt::guard(std::ptr::null_mut(), move || bfw_rt::own(<", t,
                    " as Clone>::clone(bfw_rt::borrow::<", t, ">(p))))\n}\n");
    return out;
  }
  const ApiFn& f = *e.fn;
  std::vector<std::string> params, lets, args;
  for (size_t i = 0; i < f.args.size(); ++i) {
    const ApiArg& a = f.args[i];
    const std::string v = absl::StrCat("a", i);
    const ApiType* t = a.type.empty() ? nullptr : TypeNamed(p, a.type);
    switch (a.kind) {
      case ArgKind::kScalar:
        params.push_back(absl::StrCat(v, ": ", ScalarRust(a.scalar)));
        args.push_back(a.scalar == "bool" ? v : absl::StrCat(v, " as _"));
        break;
      case ArgKind::kStr:
        params.push_back(absl::StrCat(v, ": *const u8, ", v, "_len: usize"));
        lets.push_back(absl::StrCat("let ", v, " = bfw_rt::str_arg(", v, ", ", v, "_len);"));
        args.push_back(absl::StrCat("&", v));
        break;
      case ArgKind::kBytes:
        params.push_back(absl::StrCat(v, ": *const u8, ", v, "_len: usize"));
        lets.push_back(absl::StrCat("let ", v, " = bfw_rt::bytes_arg(", v, ", ", v, "_len);"));
        args.push_back(v);
        break;
      case ArgKind::kBytesMut:
        params.push_back(absl::StrCat(v, ": *mut u8, ", v, "_len: usize"));
        lets.push_back(absl::StrCat("let ", v, " = bfw_rt::bytes_mut_arg(", v, ", ", v, "_len);"));
        args.push_back(v);
        break;
      case ArgKind::kRef:
      case ArgKind::kRefMut:
        params.push_back(absl::StrCat(v, ": *mut c_void"));
        lets.push_back(absl::StrCat("let ", v, " = bfw_rt::", a.kind == ArgKind::kRef ? "borrow" : "borrow_mut",
                                    "::<", RustType(*t), ">(", v, ");"));
        args.push_back(v);
        break;
      case ArgKind::kValue:
        params.push_back(absl::StrCat(v, ": *mut c_void"));
        lets.push_back(absl::StrCat("let ", v, " = bfw_rt::take::<", RustType(*t), ">(", v, ");"));
        args.push_back(v);
        break;
    }
  }
  std::string callee;
  if (f.owner.empty()) {
    callee = absl::StrCat("bfw_crate::", absl::StrJoin(f.path, "::"));
  } else {
    const ApiType* o = TypeNamed(p, f.owner);
    callee = absl::StrCat("bfw_crate::", absl::StrJoin(o->path, "::"), "::", f.name);
  }
  const std::string call = absl::StrCat(callee, "(", absl::StrJoin(args, ", "), ")");
  std::string ret, on_panic, result;
  switch (f.ret.kind) {
    case RetKind::kVoid: on_panic = "()"; result = absl::StrCat(call, ";"); break;
    case RetKind::kScalar:
      ret = absl::StrCat(" -> ", ScalarRust(f.ret.scalar));
      on_panic = f.ret.scalar == "bool" ? "false" : "0";
      result = f.ret.scalar == "bool" ? call : absl::StrCat(call, " as ", f.ret.scalar);
      break;
    case RetKind::kRead:
      ret = " -> i64";
      on_panic = "-1";
      result = absl::StrCat("bfw_rt::BfwOut::bfw_out(", call, ")");
      break;
    case RetKind::kOwned:
    case RetKind::kOwnedOpt:
    case RetKind::kOwnedRes:
      ret = " -> *mut c_void";
      on_panic = "std::ptr::null_mut()";
      result = absl::StrCat(f.ret.kind == RetKind::kOwned      ? "bfw_rt::own("
                            : f.ret.kind == RetKind::kOwnedOpt ? "bfw_rt::own_opt("
                                                               : "bfw_rt::own_res(",
                            call, ")");
      break;
  }
  absl::StrAppend(&out, absl::StrJoin(params, ", "), ")", ret, " {\n    bfw_rt::guard(", on_panic,
                  ", move || {\n");
  for (const std::string& l : lets) absl::StrAppend(&out, "        ", l, "\n");
  absl::StrAppend(&out, "        ", result, "\n    })\n}\n");
  return out;
}

}  // namespace

std::string WrapperSpecText(const CrateApi& api) { return SpecText(MakePlan(api)); }

std::string WrapperShimText(const CrateApi& api, const std::string& rt_file) {
  const Plan p = MakePlan(api);
  std::string out = absl::StrCat(
      "// Generated by bindfuzz gen --rust-crate: the export shim of the wrapper\n"
      "// crate (linked as `bfw_crate`). One extern \"C\" entry point per safe\n"
      "// function the sequence engine calls; values live in boxes between calls.\n"
      "#![allow(non_snake_case, unused_unsafe, clippy::all)]\n\n"
      "use std::ffi::c_void;\n\n#[path = \"",
      rt_file, "\"]\nmod bfw_rt;\n\n");
  for (const Entry& e : p.entries) absl::StrAppend(&out, ShimFor(p, e), "\n");
  return out;
}

absl::StatusOr<WrapperFiles> GenerateWrapperFuzzer(const CrateApi& api, const WrapperGenOptions& opt) {
  const Plan plan = MakePlan(api);
  if (plan.entries.empty() || plan.types.empty())
    return absl::InvalidArgumentError(absl::StrCat(
        opt.crate_dir, "/", api.root, ": gen --rust-crate: no public type with a safe function to drive"));
  const std::string wrapper_dir = opt.runtime_dir + "/../wrapper";
  for (const std::string* s : {&opt.runtime_dir, &opt.out_dir, &opt.crate_dir})
    if (!PlainText(*s))
      return absl::InvalidArgumentError(
          absl::StrCat("gen --rust-crate: path ", codegen::Quoted(*s), " has a quote, backslash or control character"));
  if (!codegen::IsSafeBaseName(opt.name))
    return absl::InvalidArgumentError(absl::StrCat("gen: name ", codegen::Quoted(opt.name), " is not [a-z0-9_]{1,64}"));
  if (!opt.reset.empty() && !codegen::CIdent::Make(opt.reset).ok())
    return absl::InvalidArgumentError(
        absl::StrCat("gen: --reset ", codegen::Quoted(opt.reset), " is not a C identifier"));
  const std::string spec_text =
      opt.reset.empty() ? SpecText(plan) : absl::StrCat("reset ", opt.reset, ";\n\n", SpecText(plan));
  const std::string spec_path = absl::StrCat(opt.out_dir, "/", opt.name, ".bfspec");
  absl::StatusOr<contract::OwnershipSpec> spec = spec::ParseOwnershipSpec(spec_text, spec_path);
  if (!spec.ok())
    return absl::InternalError(absl::StrCat("gen --rust-crate: generated spec does not parse: ", spec.status().message()));
  absl::StatusOr<codegen::GeneratedFiles> lt = codegen::GenerateLifetimeFuzzer(*spec, opt);
  if (!lt.ok()) return lt.status();
  WrapperFiles out;
  out.files = *std::move(lt);
  auto& files = out.files.files;
  if (auto it = files.find("build.sh"); it != files.end()) {
    files[absl::StrCat(opt.name, "_seq_build.sh")] = it->second;
    files.erase(it);
    const codegen::TargetName n = *codegen::TargetName::Make(opt.name);
    Code b = Cat("#!/bin/sh\n# Generated by bindfuzz gen --rust-crate: compiles the wrapper crate and\n"
                 "# its export shim with rustc -Zsanitizer=address into lib", n,
                 "_wrapper.a, then builds\n# ", n, "_fuzzer and ", n, "_replay with it (", n,
                 "_seq_build.sh; $LDLIBS is passed on).\n",
                 "set -e\ncd \"$(dirname \"$0\")\"\nsh ", ShWord(wrapper_dir + "/bf_wrapper_build.sh"), " ",
                 ShWord(opt.crate_dir), " ", n, "_export.rs lib", n, "_wrapper.a ", n, "_rust_libs.txt\n",
                 "# $LDLIBS (an instrumented C library) before the native libraries rustc\n"
                 "# names (a -lfoo of the crate's build script would bind the system copy).\n",
                 "LDLIBS=\"$(pwd)/lib", n, "_wrapper.a ${LDLIBS:-} $(cat ", n, "_rust_libs.txt)\" sh ./", n,
                 "_seq_build.sh\n");
    files["build.sh"] = std::move(b).str();
  }
  files[absl::StrCat(opt.name, ".bfspec")] = spec_text;
  files[absl::StrCat(opt.name, "_export.rs")] = WrapperShimText(api, wrapper_dir + "/bf_wrapper_rt.rs");
  for (const contract::Note& n : api.notes) out.files.notes.push_back(n);
  for (const std::string& n : plan.notes) out.files.notes.push_back({.message = n});
  out.types = static_cast<int>(plan.types.size());
  out.functions = static_cast<int>(plan.entries.size());
  return out;
}

}  // namespace bindfuzz::wrapper
