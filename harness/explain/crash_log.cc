#include "harness/explain/crash_log.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/explain/sv.h"

namespace bindfuzz::explain {
namespace {

using Tool = SanitizerReport::Tool;

constexpr size_t kMaxExcerpt = 40;

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "==1234==ERROR: ..." -> "ERROR: ..."; "==1234== ERROR: ..." -> "ERROR: ...".
std::string_view WithoutPid(std::string_view line) {
  if (!StartsWith(line, "==")) return line;
  size_t i = 2;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
  if (i == 2 || line.substr(i, 2) != "==") return line;
  line.remove_prefix(i + 2);
  while (!line.empty() && line[0] == ' ') line.remove_prefix(1);
  return line;
}

// The first word of `s` (up to a space).
std::string_view FirstWord(std::string_view s) { return s.substr(0, s.find(' ')); }

std::string UbsanClass(std::string_view message) {
  struct Phrase {
    std::string_view text, cls;
  };
  static constexpr Phrase kPhrases[] = {
      {"misaligned address", "misaligned-access"},
      {"through pointer to incorrect function type", "function-type"},
      {"is not a valid value for type", "invalid-value"},
      {"null pointer", "null-pointer"},
      {"out of bounds", "out-of-bounds"},
      {"overflow", "integer-overflow"},
  };
  for (const Phrase& p : kPhrases)
    if (message.find(p.text) != std::string_view::npos) return std::string(p.cls);
  return "undefined-behavior";
}

// A stack frame past the first: "    #3 0x... in f ...".
bool DeepFrame(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i == 0 || line.substr(i, 1) != "#") return false;
  return line.substr(i, 3) != "#0 ";
}

}  // namespace

std::string_view ToolName(Tool tool) {
  switch (tool) {
    case Tool::kAsan: return "AddressSanitizer";
    case Tool::kUbsan: return "UndefinedBehaviorSanitizer";
    case Tool::kLsan: return "LeakSanitizer";
    case Tool::kLibFuzzer: return "libFuzzer";
  }
  return "?";
}

absl::StatusOr<CrashLog> ScanCrashLog(std::string_view text, std::string_view source) {
  CrashLog log;
  std::optional<SanitizerReport> libfuzzer;
  bool in_excerpt = false;
  bool reported = false;  // a report line seen: later access lines are not the crash's
  std::string first_label;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) {
      if (log.last_lines.size() == 5) log.last_lines.erase(log.last_lines.begin());
      log.last_lines.emplace_back(line);
    }

    absl::StatusOr<std::optional<TagLine>> tag = ParseTagLine(line);
    if (!tag.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(Av(source), ":", line_no, ": ", tag.status().message()));
    }
    if (tag->has_value()) {
      const TagLine& t = **tag;
      if (const auto* m = std::get_if<MismatchLine>(&t)) {
        if (!log.mismatch) {
          log.mismatch = *m;
          log.mismatch_text = std::string(line);
        }
        if (first_label.empty()) first_label = absl::StrCat("BINDFUZZ-MISMATCH: ", Av(diff::KindName(m->kind)));
        reported = true;
      } else if (const auto* a = std::get_if<AccessLine>(&t)) {
        if (!reported) {
          log.access = *a;
          log.access_text = std::string(line);
        }
      } else if (const auto* l = std::get_if<LifetimeLine>(&t)) {
        if (!log.lifetime) {
          log.lifetime = *l;
          log.lifetime_text = std::string(line);
        }
        if (first_label.empty()) first_label = absl::StrCat("BINDFUZZ-LIFETIME: ", l->cls);
        reported = true;
      } else if (const auto* o = std::get_if<OtherTagLine>(&t)) {
        if (o->tag == OtherTagLine::Tag::kKernel) log.kernel.push_back(o->text);
        if (o->tag == OtherTagLine::Tag::kError) log.errors.push_back(o->text);
      }
      continue;
    }

    const std::string_view body = WithoutPid(line);
    if (in_excerpt) {
      if (log.sanitizer->excerpt.size() < kMaxExcerpt && !DeepFrame(line))
        log.sanitizer->excerpt.emplace_back(line);
      if (StartsWith(line, "SUMMARY: ")) in_excerpt = false;
      if (log.sanitizer->region.empty()) {
        // "0x... is located 0 bytes after 40-byte region [...)"
        const size_t at = line.find(" is located ");
        const size_t region = line.find(" region ");
        if (at != std::string_view::npos && region != std::string_view::npos && region > at)
          log.sanitizer->region = std::string(line.substr(at + 12, region + 7 - (at + 12)));
      }
      continue;
    }
    SanitizerReport r;
    bool found = false;
    if (StartsWith(body, "ERROR: ")) {
      const std::string_view what = body.substr(7);
      const std::pair<std::string_view, Tool> tools[] = {
          {"AddressSanitizer: ", Tool::kAsan},
          {"UndefinedBehaviorSanitizer: ", Tool::kUbsan},
          {"LeakSanitizer: ", Tool::kLsan},
          {"libFuzzer: ", Tool::kLibFuzzer}};
      for (const auto& [name, tool] : tools) {
        if (!StartsWith(what, name)) continue;
        r.tool = tool;
        const std::string_view rest = what.substr(name.size());
        if (tool == Tool::kLsan) {
          r.cls = "leak";
        } else if (tool == Tool::kLibFuzzer) {
          // "deadly signal", "timeout after 25 seconds", "out-of-memory (...)"
          std::string c(rest.substr(0, rest.find_first_of("(0123456789")));
          while (!c.empty() && c.back() == ' ') c.pop_back();
          if (StartsWith(c, "timeout")) c = "timeout";
          for (char& ch : c)
            if (ch == ' ') ch = '-';
          r.cls = c;
        } else {
          r.cls = std::string(FirstWord(rest));
        }
        found = true;
      }
    } else {
      const size_t re = line.find(": runtime error: ");
      if (re != std::string_view::npos) {
        r.tool = Tool::kUbsan;
        r.cls = UbsanClass(line.substr(re + 17));
        found = true;
      }
    }
    if (!found) continue;
    r.headline = std::string(body);
    r.excerpt.emplace_back(line);
    if (r.tool == Tool::kLibFuzzer) {
      if (!libfuzzer) libfuzzer = r;
      continue;
    }
    if (log.sanitizer) continue;
    log.sanitizer = std::move(r);
    in_excerpt = true;
    reported = true;
    if (first_label.empty())
      first_label = absl::StrCat(Av(ToolName(log.sanitizer->tool)), ": ", log.sanitizer->cls);
  }
  if (!log.sanitizer && libfuzzer) {
    log.sanitizer = std::move(libfuzzer);
    if (first_label.empty())
      first_label = absl::StrCat(Av(ToolName(log.sanitizer->tool)), ": ", log.sanitizer->cls);
  }
  log.report_label = first_label;
  return log;
}

}  // namespace bindfuzz::explain
