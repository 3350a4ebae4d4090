#include "harness/explain/tag_line.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/explain/sv.h"
#include "shims/runtime/bf_tag_format.h"

namespace bindfuzz::explain {
namespace {

using Shape = MismatchLine::Shape;
using Mode = AccessLine::Mode;

absl::Status Bad(std::string_view what, std::string_view line) {
  std::string shown(line.substr(0, 160));
  if (line.size() > 160) shown += "...";
  return absl::InvalidArgumentError(absl::StrCat(Av(what), ": '", shown, "'"));
}

void SvFormatter(std::string* out, std::string_view s) { out->append(s.data(), s.size()); }

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool Decimal(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return absl::SimpleAtoi(absl::string_view(s.data(), s.size()), out);
}

bool SignedDecimal(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  uint64_t ignored;
  return Decimal(s, &ignored);
}

bool Hex(std::string_view s) {
  if (!StartsWith(s, "0x") || s.size() < 3 || s.size() > 18) return false;
  for (char ch : s.substr(2))
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  return true;
}

// A name printed by the runtime: no spaces (names come from C and Rust
// identifiers, with control bytes as \xNN), not empty.
bool Name(std::string_view s) { return !s.empty() && s.find(' ') == std::string_view::npos; }

// Space-separated words of `s` (the runtime separates with one space).
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// `key` followed by the value: "rust=" "0" -> "0".
bool Keyed(std::string_view word, std::string_view key, std::string_view* value) {
  if (!StartsWith(word, key)) return false;
  *value = word.substr(key.size());
  return true;
}

// Which kinds the runtime prints with which detail shape.
bool KindTakesShape(diff::MismatchKind k, Shape s) {
  using K = diff::MismatchKind;
  switch (s) {
    case Shape::kFieldOffset: return k == K::kFieldOffset;
    case Shape::kValue: return k == K::kFieldType || k == K::kEnumMissingValue;
    case Shape::kBitfield: return k == K::kBitfieldPosition || k == K::kBitfieldWidth;
    case Shape::kParam:
      return k == K::kFunctionParamType || k == K::kFunctionParamWidth || k == K::kFunctionSignedness;
    case Shape::kParamCount: return k == K::kFunctionParamCount;
    case Shape::kReturn:
      return k == K::kFunctionReturnType || k == K::kFunctionReturnWidth || k == K::kFunctionSignedness;
    case Shape::kReturnValue: return k == K::kEnumMissingValue;
  }
  return false;
}

// "struct file" -> "file"; a typedef-named record keeps its name.
std::string RecordKey(std::string_view display) {
  for (std::string_view p : {std::string_view("struct "), std::string_view("union ")})
    if (StartsWith(display, p)) return std::string(display.substr(p.size()));
  return std::string(display);
}

// Splits a record display and field: "struct pair.b" -> "struct pair", "b".
bool SplitMember(std::string_view subject, MismatchLine* m) {
  const size_t dot = subject.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == subject.size()) return false;
  m->record_display = std::string(subject.substr(0, dot));
  m->record = RecordKey(m->record_display);
  m->member = std::string(subject.substr(dot + 1));
  return Name(m->member) && !m->record.empty() && Name(m->record);
}

absl::StatusOr<MismatchLine> ParseMismatch(std::string_view line, std::string_view rest) {
  MismatchLine m;
  const size_t sp = rest.find(' ');
  if (sp == std::string_view::npos) return Bad("mismatch tag line without details", line);
  const std::string_view kind = rest.substr(0, sp);
  std::optional<diff::MismatchKind> k = diff::ParseMismatchKind(kind);
  if (!k) return Bad(absl::StrCat("unknown mismatch kind '", Av(kind), "' (see bindfuzz kinds)"), line);
  m.kind = *k;
  m.details = std::string(rest.substr(sp + 1));
  const std::vector<std::string_view> w = Words(m.details);
  // The subject runs up to the first word of the shape.
  size_t i = 0;
  while (i < w.size() && w[i] != "param" && w[i] != "return" && !StartsWith(w[i], "rust=")) ++i;
  if (i == 0 || i == w.size()) return Bad("mismatch details without a subject and rust=", line);
  std::string subject;
  for (size_t j = 0; j < i; ++j) absl::StrAppend(&subject, j ? " " : "", Av(w[j]));
  const size_t n = w.size() - i;  // words after the subject
  auto at = [&](size_t j) { return w[i + j]; };
  std::string_view v1, v2, v3, v4;
  uint64_t num = 0;
  bool ok = false;
  if (at(0) == "param") {
    // param <i> rust=<abi> c=<abi> sent=0x.. received=0x..
    m.shape = Shape::kParam;
    ok = n == 6 && Decimal(at(1), &num) && num < 1024 && Keyed(at(2), "rust=", &v1) &&
         Keyed(at(3), "c=", &v2) && Keyed(at(4), "sent=", &v3) && Keyed(at(5), "received=", &v4) &&
         Name(v1) && Name(v2) && Hex(v3) && Hex(v4);
    m.param = static_cast<int>(num);
    if (ok) m.observed = absl::StrCat(Av(at(4)), " ", Av(at(5)));
  } else if (at(0) == "return" && n >= 2 && StartsWith(at(1), "value=")) {
    // return value=<v> is not valid for Rust's return type
    m.shape = Shape::kReturnValue;
    ok = n == 9 && Keyed(at(1), "value=", &v1) && Decimal(v1, &num) &&
         absl::StrJoin(w.begin() + i + 2, w.end(), " ", SvFormatter) == "is not valid for Rust's return type";
    if (ok) m.observed = std::string(at(1));
  } else if (at(0) == "return") {
    // return rust=<abi> c=<abi> sent=0x.. received=0x..
    m.shape = Shape::kReturn;
    ok = n == 5 && Keyed(at(1), "rust=", &v1) && Keyed(at(2), "c=", &v2) &&
         Keyed(at(3), "sent=", &v3) && Keyed(at(4), "received=", &v4) && Name(v1) && Name(v2) &&
         Hex(v3) && Hex(v4);
    if (ok) m.observed = absl::StrCat(Av(at(3)), " ", Av(at(4)));
  } else if (at(0) == "rust=bit") {
    // rust=bit B width W c=bit B width W wrote=V read=V
    m.shape = Shape::kBitfield;
    ok = n == 10 && Decimal(at(1), &num) && at(2) == "width" && Decimal(at(3), &num) &&
         at(4) == "c=bit" && Decimal(at(5), &num) && at(6) == "width" && Decimal(at(7), &num) &&
         Keyed(at(8), "wrote=", &v1) && Decimal(v1, &num) && Keyed(at(9), "read=", &v2) &&
         Decimal(v2, &num);
    if (ok) {
      m.rust = absl::StrCat("bit ", Av(at(1)), " width ", Av(at(3)));
      m.c = absl::StrCat("bit ", Av(at(5)), " width ", Av(at(7)));
      m.observed = absl::StrCat(Av(at(8)), " ", Av(at(9)));
    }
  } else if (n >= 2 && StartsWith(at(1), "value=")) {
    // rust=<type> value=<raw> (C stored <v>)
    m.shape = Shape::kValue;
    ok = n == 5 && Keyed(at(0), "rust=", &v1) && Name(v1) && Keyed(at(1), "value=", &v2) &&
         Decimal(v2, &num) && at(2) == "(C" && at(3) == "stored" && at(4).size() >= 2 &&
         at(4).back() == ')' && SignedDecimal(at(4).substr(0, at(4).size() - 1));
    if (ok) m.observed = absl::StrJoin(w.begin() + i + 1, w.end(), " ", SvFormatter);
  } else {
    // rust=<n> c=<n>: a field's offsets, or a function's parameter counts.
    m.shape = subject.find('.') != std::string::npos ? Shape::kFieldOffset : Shape::kParamCount;
    ok = n == 2 && Keyed(at(0), "rust=", &v1) && Keyed(at(1), "c=", &v2) && Decimal(v1, &num) &&
         Decimal(v2, &num);
  }
  if (!ok) return Bad("mismatch details do not follow the runtime's format", line);
  if (m.shape != Shape::kBitfield && m.shape != Shape::kReturnValue) {
    // rust= and c= as printed (the bitfield shape spelled them above).
    const size_t r = m.shape == Shape::kParam ? 2 : m.shape == Shape::kReturn ? 1 : 0;
    Keyed(at(r), "rust=", &v1);
    m.rust = std::string(v1);
    if (m.shape != Shape::kValue) {
      Keyed(at(r + 1), "c=", &v2);
      m.c = std::string(v2);
    }
  }
  const bool on_record = m.shape == Shape::kFieldOffset || m.shape == Shape::kValue ||
                         m.shape == Shape::kBitfield;
  if (on_record) {
    if (!SplitMember(subject, &m)) return Bad("mismatch subject is not <record>.<field>", line);
  } else {
    if (!Name(subject) || subject.find('.') != std::string::npos)
      return Bad("mismatch subject is not a function name", line);
    m.function = subject;
  }
  if (!KindTakesShape(m.kind, m.shape))
    return Bad(absl::StrCat("mismatch kind '", Av(kind), "' is never printed with these details"), line);
  return m;
}

absl::StatusOr<AccessLine> ParseAccess(std::string_view line, std::string_view rest) {
  AccessLine a;
  constexpr std::string_view kFunctionWord = BF_ACCESS_FUNCTION_WORD " ";
  if (StartsWith(rest, kFunctionWord)) {
    a.function = std::string(rest.substr(kFunctionWord.size()));
    if (!Name(a.function)) return Bad("access line names no function", line);
    return a;
  }
  const std::vector<std::string_view> w = Words(rest);
  // <display...> field=<f> <mode> rust_size=.. c_size=.. rust_offset=.. c_offset=.. rust_align=.. c_align=..
  size_t i = 0;
  while (i < w.size() && !StartsWith(w[i], BF_ACCESS_KEY_FIELD)) ++i;
  if (i == 0 || w.size() - i != 8) return Bad("access line does not follow the runtime's format", line);
  std::string display;
  for (size_t j = 0; j < i; ++j) absl::StrAppend(&display, j ? " " : "", Av(w[j]));
  a.record_display = display;
  a.record = RecordKey(display);
  std::string_view field;
  Keyed(w[i], BF_ACCESS_KEY_FIELD, &field);
  if (!Name(field)) return Bad("access line has an empty field", line);
  if (field != BF_ACCESS_NO_FIELD) a.field = std::string(field);
  const std::string_view mode = w[i + 1];
  bool known = false;
  for (Mode m : {Mode::kRustAllocates, Mode::kCAllocates, Mode::kRustAligned, Mode::kCAligned,
                 Mode::kSameAligned, Mode::kValues, Mode::kBitfield}) {
    if (mode == ModeName(m)) {
      a.mode = m;
      known = true;
    }
  }
  if (!known) return Bad(absl::StrCat("access line has an unknown mode '", Av(mode), "'"), line);
  const std::pair<std::string_view, uint64_t*> keys[] = {
      {BF_ACCESS_KEY_RUST_SIZE, &a.rust_size},     {BF_ACCESS_KEY_C_SIZE, &a.c_size},
      {BF_ACCESS_KEY_RUST_OFFSET, &a.rust_offset}, {BF_ACCESS_KEY_C_OFFSET, &a.c_offset},
      {BF_ACCESS_KEY_RUST_ALIGN, &a.rust_align},   {BF_ACCESS_KEY_C_ALIGN, &a.c_align}};
  for (size_t k = 0; k < 6; ++k) {
    std::string_view v;
    if (!Keyed(w[i + 2 + k], keys[k].first, &v) || !Decimal(v, keys[k].second))
      return Bad(absl::StrCat("access line: expected ", Av(keys[k].first), "<number>"), line);
  }
  if (a.record.empty() || !Name(a.record)) return Bad("access line names no record", line);
  return a;
}

// "<file>:<line>" at the start of `s`: the first ':' followed by digits and
// then a space, ';' or the end (spec paths may hold spaces and colons).
bool SpecLoc(std::string_view s, LifetimeLine* l, size_t* end) {
  for (size_t c = s.find(':'); c != std::string_view::npos; c = s.find(':', c + 1)) {
    size_t e = c + 1;
    while (e < s.size() && s[e] >= '0' && s[e] <= '9') ++e;
    if (e == c + 1 || (e < s.size() && s[e] != ' ' && s[e] != ';')) continue;
    uint64_t line = 0;
    if (!Decimal(s.substr(c + 1, e - c - 1), &line) || line > UINT32_MAX || c == 0) return false;
    l->spec_file = std::string(s.substr(0, c));
    l->spec_line = static_cast<uint32_t>(line);
    *end = e;
    return true;
  }
  return false;
}

absl::StatusOr<LifetimeLine> ParseLifetime(std::string_view line, std::string_view rest) {
  LifetimeLine l;
  // <class> <function|-> spec <loc> <context>[ detail][; h...]...
  const size_t sp = rest.find(' ');
  if (sp == std::string_view::npos || sp == 0) return Bad("lifetime line without a class", line);
  l.cls = std::string(rest.substr(0, sp));
  rest.remove_prefix(sp + 1);
  const size_t spec = rest.find(BF_LIFETIME_SPEC);
  if (spec == std::string_view::npos || spec == 0) return Bad("lifetime line without ' spec '", line);
  const std::string_view fn = rest.substr(0, spec);
  if (!Name(fn)) return Bad("lifetime line: the function is not one word", line);
  if (fn != BF_LIFETIME_NO_FUNCTION) l.function = std::string(fn);
  rest.remove_prefix(spec + std::string_view(BF_LIFETIME_SPEC).size());
  size_t end = 0;
  if (!SpecLoc(rest, &l, &end)) return Bad("lifetime line without a spec <file>:<line>", line);
  rest.remove_prefix(end);
  // Handles and a Rust buffer follow "; ".
  std::string_view head = rest;
  const size_t semi = rest.find("; ");
  if (semi != std::string_view::npos) head = rest.substr(0, semi);
  if (!StartsWith(head, " ")) return Bad("lifetime line: no context after the spec line", line);
  head.remove_prefix(1);
  constexpr std::string_view kOp = std::string_view(BF_LIFETIME_OP).substr(1);  // "op "
  if (StartsWith(head, kOp)) {
    head.remove_prefix(kOp.size());
    const size_t e = head.find(' ');
    const std::string_view k = head.substr(0, e);
    uint64_t op = 0;
    if (k != BF_LIFETIME_OP_END) {
      if (!Decimal(k, &op) || op > UINT32_MAX) return Bad("lifetime line: op is not a number", line);
      l.op = static_cast<uint32_t>(op);
    }
    if (e == std::string_view::npos || head.substr(e + 1, 1) != "(")
      return Bad("lifetime line: op without (what)", line);
    const size_t close = head.find(')', e);
    if (close == std::string_view::npos) return Bad("lifetime line: op without (what)", line);
    l.context = absl::StrCat(Av(kOp), Av(head.substr(0, close + 1)));
    head.remove_prefix(close + 1);
  } else {
    bool found = false;
    for (std::string_view c : {std::string_view(BF_LIFETIME_NO_CALL), std::string_view(BF_LIFETIME_AFTER_INPUT)}) {
      if (StartsWith(head, c)) {
        l.context = std::string(c);
        head.remove_prefix(c.size());
        found = true;
      }
    }
    if (!found) return Bad("lifetime line: unknown context after the spec line", line);
  }
  if (!head.empty()) {
    if (head[0] != ' ') return Bad("lifetime line: no space before the detail", line);
    l.detail = std::string(head.substr(1));
  }
  if (semi != std::string_view::npos) {
    std::string_view tail = rest.substr(semi);
    constexpr std::string_view kHandle = BF_LIFETIME_HANDLE;
    constexpr std::string_view kBuffer = BF_LIFETIME_RUST_BUFFER;
    while (!tail.empty()) {
      // Segments start at "; h<digit>" or "; Rust buffer ".
      size_t next = std::string_view::npos;
      for (size_t p = tail.find("; ", 2); p != std::string_view::npos; p = tail.find("; ", p + 2)) {
        std::string_view at = tail.substr(p);
        if ((StartsWith(at, kHandle) && at.size() > kHandle.size() && at[kHandle.size()] >= '0' &&
             at[kHandle.size()] <= '9') ||
            StartsWith(at, kBuffer)) {
          next = p;
          break;
        }
      }
      std::string_view seg = tail.substr(0, next);
      if (StartsWith(seg, kBuffer)) {
        l.rust_buffer = std::string(seg.substr(2));
      } else if (StartsWith(seg, kHandle) && seg.find(':') != std::string_view::npos) {
        uint64_t h = 0;
        const size_t sp_after = seg.find(' ', kHandle.size());
        const std::string_view num = seg.substr(kHandle.size(), sp_after == std::string_view::npos ? std::string_view::npos : sp_after - kHandle.size());
        if (!Decimal(num, &h)) return Bad("lifetime line: a handle without a number", line);
        l.handles.push_back(std::string(seg.substr(2)));
      } else {
        return Bad("lifetime line: expected '; h<N> ...' or '; Rust buffer ...'", line);
      }
      if (next == std::string_view::npos) break;
      tail.remove_prefix(next);
    }
  }
  return l;
}

}  // namespace

std::string_view ModeName(AccessLine::Mode mode) {
  switch (mode) {
    case Mode::kRustAllocates: return BF_MODE_RUST_ALLOCATES;
    case Mode::kCAllocates: return BF_MODE_C_ALLOCATES;
    case Mode::kRustAligned: return BF_MODE_RUST_ALIGNED;
    case Mode::kCAligned: return BF_MODE_C_ALIGNED;
    case Mode::kSameAligned: return BF_MODE_SAME_ALIGNED;
    case Mode::kValues: return BF_MODE_VALUES;
    case Mode::kBitfield: return BF_MODE_BITFIELD;
  }
  return "?";
}

bool LifetimeLine::engine_check() const {
  for (std::string_view c :
       {BF_LIFETIME_BORROW_CHANGED, BF_LIFETIME_UNEXPECTED_ERRPTR, BF_LIFETIME_UNEXPECTED_NULL,
        BF_LIFETIME_MISALIGNED, BF_LIFETIME_LENGTH_OUT_OF_RANGE, BF_LIFETIME_MISSING_NUL,
        BF_LIFETIME_CALLBACK_NOT_REGISTERED, BF_LIFETIME_CALLBACK_USER_DATA})
    if (cls == c) return true;
  return false;
}

absl::StatusOr<std::optional<TagLine>> ParseTagLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  auto after = [&](std::string_view prefix, std::string_view* rest) {
    if (!StartsWith(line, prefix)) return false;
    *rest = line.substr(prefix.size());
    return true;
  };
  std::string_view rest;
  if (after(BF_TAG_MISMATCH, &rest)) {
    absl::StatusOr<MismatchLine> m = ParseMismatch(line, rest);
    if (!m.ok()) return m.status();
    return std::optional<TagLine>(*std::move(m));
  }
  if (after(BF_TAG_ACCESS, &rest)) {
    absl::StatusOr<AccessLine> a = ParseAccess(line, rest);
    if (!a.ok()) return a.status();
    return std::optional<TagLine>(*std::move(a));
  }
  if (after(BF_TAG_LIFETIME, &rest)) {
    absl::StatusOr<LifetimeLine> l = ParseLifetime(line, rest);
    if (!l.ok()) return l.status();
    return std::optional<TagLine>(*std::move(l));
  }
  const std::pair<std::string_view, OtherTagLine::Tag> others[] = {
      {BF_TAG_SEQ, OtherTagLine::Tag::kSeq},
      {BF_TAG_KERNEL, OtherTagLine::Tag::kKernel},
      {BF_TAG_ERROR, OtherTagLine::Tag::kError}};
  for (const auto& [prefix, tag] : others) {
    if (after(prefix, &rest)) return std::optional<TagLine>(OtherTagLine{.tag = tag, .text = std::string(rest)});
  }
  return std::optional<TagLine>();
}

}  // namespace bindfuzz::explain
