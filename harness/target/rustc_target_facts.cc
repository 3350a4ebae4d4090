#include "harness/target/rustc_target_facts.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "harness/common/status.h"
#include "harness/target/data_layout.h"
#include "harness/target/minicore_probe.h"
#include "harness/target/subprocess.h"

namespace bindfuzz::target {
namespace {

absl::string_view AV(std::string_view v) { return absl::string_view(v.data(), v.size()); }

// A C string literal for the generated table (the values are triples, cfg
// values and data layouts; anything else is escaped anyway).
std::string Lit(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      absl::StrAppend(&out, "\\x", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string JsonString(const nlohmann::json& j, const char* key, std::string_view dflt) {
  if (j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
  return std::string(dflt);
}

// An integer field written as a number or (older rustc) as a string.
std::optional<uint32_t> JsonUint(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  const nlohmann::json& v = j[key];
  if (v.is_number_unsigned()) return v.get<uint32_t>();
  uint32_t out = 0;
  if (v.is_string() && absl::SimpleAtoi(v.get<std::string>(), &out)) return out;
  return std::nullopt;
}

// The argument list of the ABI probe: integers, floats and a pointer, more
// than any convention passes in registers, so register and stack
// assignment, callee/caller stack cleanup and the float return all show in
// the machine code.
constexpr std::string_view kAbiArgTypes[] = {
    "i32", "i32", "f64", "i64", "f32", "*const u8", "i32", "f64", "i64", "f32",
    "i32", "f64", "i64", "f64", "f64", "f64",       "f64", "f64", "f64", "i32",
};

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Local labels (`.LBB3_2`, `LBB3_2`, `.Ltmp0`, `.LCPI1_0`) -> `L#` and the
// probe's own function names (MIPS PIC code names itself) -> `bf_abi_#`, so
// that two functions with the same code compare equal.
std::string NormalizeLabels(std::string_view ins) {
  std::string out;
  for (size_t i = 0; i < ins.size();) {
    if (ins.substr(i, 7) == "bf_abi_") {
      size_t k = i + 7;
      while (k < ins.size() && std::isdigit(static_cast<unsigned char>(ins[k]))) ++k;
      out += "bf_abi_#";
      i = k;
      continue;
    }
    size_t j = i;
    if (ins[j] == '.') ++j;
    bool at_word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(ins[i - 1])) || ins[i - 1] == '_');
    if (at_word_start && j < ins.size() && ins[j] == 'L') {
      size_t k = j + 1;
      while (k < ins.size() && (std::isalpha(static_cast<unsigned char>(ins[k])) || ins[k] == '_')) ++k;
      size_t digits = k;
      while (k < ins.size() && (std::isdigit(static_cast<unsigned char>(ins[k])) || ins[k] == '_')) ++k;
      if (k > digits) {
        out += "L#";
        i = k;
        continue;
      }
    }
    out += ins[i++];
  }
  return out;
}

}  // namespace

absl::StatusOr<RustcTargetSpec> ParseTargetSpecJson(std::string_view json, std::string_view what) {
  nlohmann::json j = nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object())
    return absl::InvalidArgumentError(absl::StrCat(AV(what), ": target spec is not a JSON object"));
  RustcTargetSpec s;
  s.arch = JsonString(j, "arch", "");
  s.os = JsonString(j, "os", "none");
  s.env = JsonString(j, "env", "");
  s.vendor = JsonString(j, "vendor", "unknown");
  s.abi = JsonString(j, "abi", "");
  s.llvm_target = JsonString(j, "llvm-target", "");
  s.llvm_floatabi = JsonString(j, "llvm-floatabi", "");
  s.data_layout = JsonString(j, "data-layout", "");
  if (j.contains("target-family") && j["target-family"].is_array()) {
    std::vector<std::string> fam;
    for (const auto& f : j["target-family"])
      if (f.is_string()) fam.push_back(f.get<std::string>());
    s.family = absl::StrJoin(fam, ",");
  }
  std::string endian = JsonString(j, "target-endian", "little");
  if (endian != "little" && endian != "big")
    return absl::InvalidArgumentError(absl::StrCat(AV(what), ": target-endian '", endian, "'"));
  s.endian = endian == "big" ? Endian::kBig : Endian::kLittle;
  std::optional<uint32_t> pw = JsonUint(j, "target-pointer-width");
  if (!pw.has_value() || (*pw != 16 && *pw != 32 && *pw != 64))
    return absl::InvalidArgumentError(absl::StrCat(AV(what), ": no usable target-pointer-width"));
  s.pointer_bits = *pw;
  s.c_int_bits = JsonUint(j, "target-c-int-width").value_or(32);
  s.c_enum_min_bits = JsonUint(j, "c-enum-min-bits");
  if (s.arch.empty() || s.data_layout.empty())
    return absl::InvalidArgumentError(absl::StrCat(AV(what), ": target spec without arch or data-layout"));
  return s;
}

TargetFacts FactsOf(const TargetInfo& t) {
  TargetFacts f{
      .rust_triple = std::string(t.rust_triple),
      .clang_triple = std::string(t.clang_triple),
      .clang_aliases = std::string(t.clang_aliases),
      .arch = std::string(t.arch),
      .os = std::string(t.os),
      .env = std::string(t.env),
      .vendor = std::string(t.vendor),
      .abi = std::string(t.abi),
      .family = std::string(t.family),
      .llvm_target = std::string(t.llvm_target),
      .data_layout = std::string(t.data_layout),
      .pointer_bits = t.pointer_bits,
      .endian = t.endian,
      .align_i8 = t.align_i8,
      .align_i16 = t.align_i16,
      .align_i32 = t.align_i32,
      .align_i64 = t.align_i64,
      .align_i128 = t.align_i128,
      .align_f32 = t.align_f32,
      .align_f64 = t.align_f64,
      .align_ptr = t.align_ptr,
      .c_char = std::string(t.c_char),
      .c_int = std::string(t.c_int),
      .c_long = std::string(t.c_long),
      .c_enum_min_bits = t.c_enum_min_bits,
  };
  for (const AbiInfo& a : AbisOf(t))
    f.abis.push_back({std::string(a.abi), std::string(a.same_as), a.deprecated});
  return f;
}

std::string FormatTableRows(const TargetFacts& f) {
  std::string out = absl::StrCat(
      "BF_TARGET(.rust_triple = ", Lit(f.rust_triple), ", .clang_triple = ", Lit(f.clang_triple),
      ",\n          .clang_aliases = ", Lit(f.clang_aliases), ",\n          .arch = ", Lit(f.arch),
      ", .os = ", Lit(f.os), ", .env = ", Lit(f.env), ", .vendor = ", Lit(f.vendor), ", .abi = ", Lit(f.abi),
      ", .family = ", Lit(f.family), ",\n          .llvm_target = ", Lit(f.llvm_target),
      ",\n          .data_layout = ", Lit(f.data_layout), ",\n          .pointer_bits = ", f.pointer_bits,
      ", .endian = Endian::", f.endian == Endian::kBig ? "kBig" : "kLittle", ",\n          .align_i8 = ", f.align_i8,
      ", .align_i16 = ", f.align_i16, ", .align_i32 = ", f.align_i32, ", .align_i64 = ", f.align_i64,
      ", .align_i128 = ", f.align_i128, ", .align_f32 = ", f.align_f32, ", .align_f64 = ", f.align_f64,
      ", .align_ptr = ", f.align_ptr, ",\n          .c_char = ", Lit(f.c_char), ", .c_int = ", Lit(f.c_int),
      ", .c_long = ", Lit(f.c_long), ", .c_enum_min_bits = ", f.c_enum_min_bits, ")\n");
  for (const DerivedAbi& a : f.abis) {
    absl::StrAppend(&out, "BF_TARGET_ABI(.rust_triple = ", Lit(f.rust_triple), ", .abi = ", Lit(a.abi),
                    ", .same_as = ", Lit(a.same_as), ", .deprecated = ", a.deprecated ? "true" : "false", ")\n");
  }
  return out;
}

const std::vector<std::string>& ProbedAbis() {
  // "C" first; "system" last so that it is named after what it is.
  static const std::vector<std::string> kAbis = {"C",      "cdecl", "stdcall", "fastcall", "vectorcall", "thiscall",
                                                 "sysv64", "win64", "aapcs",   "efiapi",   "system"};
  return kAbis;
}

std::string AbiProbeBody(const std::vector<std::string>& abis) {
  size_t n = std::size(kAbiArgTypes);
  std::vector<std::string> params, reversed_params, args;
  for (size_t i = 0; i < n; ++i) {
    params.push_back(absl::StrCat("a", i, ": ", AV(kAbiArgTypes[i])));
    reversed_params.push_back(absl::StrCat("a", i, ": ", AV(kAbiArgTypes[n - 1 - i])));
    args.push_back(absl::StrCat("a", n - 1 - i));
  }
  // Line 1 declares the sink; line 2+i is ABI i (diagnostics map back by line).
  std::string body = absl::StrCat("unsafe extern \"C\" { fn bf_sink(", absl::StrJoin(reversed_params, ", "),
                                  ") -> f64; }\n");
  for (size_t i = 0; i < abis.size(); ++i) {
    absl::StrAppend(&body, "#[no_mangle] pub extern \"", abis[i], "\" fn bf_abi_", i, "(", absl::StrJoin(params, ", "),
                    ") -> f64 { unsafe { bf_sink(", absl::StrJoin(args, ", "), ") } }\n");
  }
  return body;
}

std::map<int, std::string> AsmFunctionBodies(std::string_view asm_text, std::string_view arch) {
  std::string_view comment = arch == "arm" ? "@" : arch == "aarch64" ? "//" : "#";
  std::map<int, std::string> out;
  int current = -1;
  for (absl::string_view raw_av : absl::StrSplit(AV(asm_text), '\n')) {
    std::string_view raw(raw_av.data(), raw_av.size());
    bool indented = !raw.empty() && IsAsciiSpace(raw[0]);
    std::string_view line = TrimSpace(raw);
    if (line.empty()) continue;
    if (!indented && line.back() == ':') {
      // A label: a function of ours starts a body, others are skipped.
      size_t at = line.find("bf_abi_");
      if (at != std::string_view::npos) {
        int idx = 0;
        size_t d = at + 7, e = d;
        while (e < line.size() && std::isdigit(static_cast<unsigned char>(line[e]))) ++e;
        if (e > d && absl::SimpleAtoi(AV(line.substr(d, e - d)), &idx)) current = idx;
      }
      continue;
    }
    if (line[0] == '.' || absl::StartsWith(AV(line), AV(comment)) || line[0] == '#' || line[0] == ';') continue;
    if (line.back() == ':') continue;  // an indented label
    size_t c = line.find(comment);
    if (c != std::string_view::npos) line = TrimSpace(line.substr(0, c));
    if (line.empty() || current < 0) continue;
    absl::StrAppend(&out[current], NormalizeLabels(line), "\n");
  }
  return out;
}

absl::StatusOr<TargetFacts> DeriveTargetFacts(const DeriveRequest& req, const DeriveOptions& options) {
  TargetFacts f;
  f.rust_triple = req.rust_triple;
  f.clang_triple = req.clang_triple;
  f.clang_aliases = req.clang_aliases;
  std::string what = absl::StrCat("rustc --target ", req.rust_triple);

  MinicoreOptions mo{.rustc = options.rustc, .work_dir = options.work_dir,
                     .timeout_seconds = options.timeout_seconds, .ffi = FfiSource::kRustcCoreSource};
  BF_ASSIGN_OR_RETURN(std::unique_ptr<MinicoreSession> s, MinicoreSession::Create(req.rust_triple, mo));
  f.rustc_version = s->rustc_version();

  // 1. The target spec and its data layout.
  ProcessOptions po{.env = {"RUSTC_BOOTSTRAP=1"}, .scratch_dir = s->work_dir(),
                    .timeout_seconds = options.timeout_seconds};
  BF_ASSIGN_OR_RETURN(ProcessResult spec_run,
                      RunProcess({s->rustc(), "-Z", "unstable-options", "--print", "target-spec-json", "--target",
                                  req.rust_triple},
                                 po));
  if (spec_run.exit_code != 0)
    return absl::InvalidArgumentError(absl::StrCat(what, " --print target-spec-json failed: ", spec_run.err));
  BF_ASSIGN_OR_RETURN(RustcTargetSpec spec, ParseTargetSpecJson(spec_run.out, what));
  absl::StatusOr<DataLayout> dl = ParseDataLayout(spec.data_layout);
  if (!dl.ok()) return Annotate(dl.status(), what);
  if (dl->endian != spec.endian)
    return absl::InvalidArgumentError(absl::StrCat(what, ": data layout and target-endian disagree"));
  if (dl->pointer_bits != spec.pointer_bits)
    return absl::InvalidArgumentError(absl::StrCat(what, ": data layout pointers are ", dl->pointer_bits,
                                                   " bits, target-pointer-width ", spec.pointer_bits));
  f.arch = spec.arch;
  f.os = spec.os;
  f.env = spec.env;
  f.vendor = spec.vendor;
  f.abi = spec.abi;
  f.family = spec.family;
  f.llvm_target = spec.llvm_target;
  f.data_layout = spec.data_layout;
  f.pointer_bits = spec.pointer_bits;
  f.endian = spec.endian;
  f.align_i8 = dl->align_i8;
  f.align_i16 = dl->align_i16;
  f.align_i32 = dl->align_i32;
  f.align_i64 = dl->align_i64;
  f.align_i128 = dl->align_i128;
  f.align_f32 = dl->align_f32;
  f.align_f64 = dl->align_f64;
  f.align_ptr = dl->align_ptr;
  f.c_enum_min_bits = spec.c_enum_min_bits.value_or(spec.c_int_bits);

  // 2. core::ffi's target-dependent aliases, by core's own rules.
  std::vector<ProbeQuery> q;
  for (const char* name : {"c_char", "c_int", "c_long"}) {
    std::string ty = absl::StrCat("core::ffi::", name);
    q.push_back({QueryKind::kSize, ty, ""});
    q.push_back({QueryKind::kIsSigned, ty, ""});
  }
  BF_ASSIGN_OR_RETURN(ProbeResult pr, s->Probe("", q));
  if (pr.endian != f.endian) return absl::InternalError(absl::StrCat(what, ": probe byte order differs from the spec"));
  auto prim = [](uint64_t size, uint64_t is_signed) {
    return absl::StrCat(is_signed ? "i" : "u", size * 8);
  };
  f.c_char = prim(pr.values[0], pr.values[1]);
  f.c_int = prim(pr.values[2], pr.values[3]);
  f.c_long = prim(pr.values[4], pr.values[5]);

  // 3. Calling conventions.
  const std::vector<std::string>& all = ProbedAbis();
  std::vector<std::string> features = {"abi_vectorcall"};
  BF_ASSIGN_OR_RETURN(CompileOutput first, s->Compile(AbiProbeBody(all), Emit::kLlvmIr, features));
  std::vector<bool> rejected(all.size(), false), deprecated(all.size(), false);
  for (const Diagnostic& d : first.diagnostics) {
    if (d.line == 0 && absl::StartsWith(d.message, "aborting due to")) continue;  // the summary
    if (d.line < 2 || d.line >= 2 + all.size()) {
      if (d.level == "error") return absl::InvalidArgumentError(absl::StrCat(what, ": ABI probe: ", d.message));
      continue;
    }
    size_t i = d.line - 2;
    if (d.level == "error" && d.code == "E0570") rejected[i] = true;
    else if (d.level == "error") return absl::InvalidArgumentError(absl::StrCat(what, ": ABI probe, extern \"", all[i], "\": ", d.message));
    else if (d.level == "warning" && absl::StrContains(d.message, "not a supported ABI")) deprecated[i] = true;
  }
  std::vector<std::string> accepted;
  std::vector<bool> accepted_deprecated;
  for (size_t i = 0; i < all.size(); ++i) {
    if (rejected[i]) continue;
    accepted.push_back(all[i]);
    accepted_deprecated.push_back(deprecated[i]);
  }
  if (accepted.empty() || accepted[0] != "C")
    return absl::InvalidArgumentError(absl::StrCat(what, ": extern \"C\" is not accepted"));
  BF_ASSIGN_OR_RETURN(CompileOutput code, s->Compile(AbiProbeBody(accepted), Emit::kAsm, features,
                                                     {"-C", "opt-level=2", "-C", "debuginfo=0",
                                                      "-Z", "merge-functions=disabled"}));
  if (!code.ok) {
    std::string msg = code.diagnostics.empty() ? "failed" : code.diagnostics[0].message;
    return absl::InvalidArgumentError(absl::StrCat(what, ": ABI probe: ", msg));
  }
  std::map<int, std::string> bodies = AsmFunctionBodies(code.output, f.arch);
  for (size_t i = 0; i < accepted.size(); ++i) {
    if (bodies[static_cast<int>(i)].empty())
      return absl::InternalError(absl::StrCat(what, ": no machine code found for extern \"", accepted[i], "\""));
    std::string same_as = accepted[i];
    for (size_t k = 0; k < i; ++k) {
      if (bodies[static_cast<int>(k)] == bodies[static_cast<int>(i)]) {
        same_as = f.abis[k].same_as;
        break;
      }
    }
    f.abis.push_back({accepted[i], same_as, accepted_deprecated[i]});
  }
  return f;
}

}  // namespace bindfuzz::target
