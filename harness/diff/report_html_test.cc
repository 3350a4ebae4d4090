#include "harness/diff/report_html.h"

#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/diff/html_test_fixtures.h"
#include "harness/diff/triage.h"
#include "harness/diff/waiver_file.h"

namespace bindfuzz::diff {
namespace {

using namespace bindfuzz::diff::testing;  // NOLINT: test builders
using ::testing::IsEmpty;
using ::testing::Not;

// Like HasSubstr, but a failure prints the missing text, not the whole page.
::testing::AssertionResult Has(const std::string& hay, const std::string& needle) {
  if (hay.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "missing: " << needle;
}
::testing::AssertionResult Lacks(const std::string& hay, const std::string& needle) {
  size_t at = hay.find(needle);
  if (at == std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "present: " << hay.substr(at > 80 ? at - 80 : 0, 200);
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// Walks the page as a browser's tokenizer would see its tags: outside the
// one <style> and the one <script>, every '<' must open or close a tag the
// renderer writes, and non-void elements must nest. Data that escaped
// escaping shows up as an unknown tag or a broken nesting.
std::vector<std::string> MarkupProblems(const std::string& html) {
  static const std::set<std::string> kVoid = {"meta", "rect", "line", "input", "br", "!DOCTYPE"};
  static const std::set<std::string> kKnown = {
      "html", "head", "meta", "title", "style", "body", "svg", "defs", "pattern", "rect", "line", "header", "h1",
      "h2", "p", "b", "span", "section", "div", "table", "thead", "tbody", "tr", "th", "td", "ol", "ul", "li",
      "button", "details", "summary", "label", "select", "option", "input", "a", "article", "g", "text", "title",
      "script", "br", "!DOCTYPE"};
  std::vector<std::string> problems, stack;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    size_t j = i + 1;
    const bool closing = j < html.size() && html[j] == '/';
    if (closing) ++j;
    size_t k = j;
    while (k < html.size() && (isalnum(static_cast<unsigned char>(html[k])) || html[k] == '!')) ++k;
    const std::string name = html.substr(j, k - j);
    const size_t end = html.find('>', k);
    if (!kKnown.count(name) || end == std::string::npos) {
      problems.push_back("unexpected '<' at " + std::to_string(i) + ": " + html.substr(i, 40));
      i = k;
      continue;
    }
    const bool self_closing = html[end - 1] == '/';
    if (closing) {
      if (stack.empty() || stack.back() != name) {
        problems.push_back("</" + name + "> closes " + (stack.empty() ? "nothing" : "<" + stack.back() + ">"));
      } else {
        stack.pop_back();
      }
    } else if (!self_closing && !kVoid.count(name)) {
      stack.push_back(name);
      if (name == "style" || name == "script") {
        // Raw text: up to the closing tag.
        size_t close = html.find("</" + name + ">", end);
        if (close == std::string::npos) {
          problems.push_back("unclosed <" + name + ">");
          break;
        }
        i = close;
        continue;
      }
    }
    i = end + 1;
  }
  if (!stack.empty()) problems.push_back("unclosed <" + stack.back() + ">");
  return problems;
}

TEST(HtmlEscape, EscapesMarkupAndRepairsBytes) {
  EXPECT_EQ(HtmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(HtmlEscape("tab\tnl\n"), "tab\tnl\n");
  EXPECT_EQ(HtmlEscape(std::string("nul\0bell\x07 del\x7f", 14)), "nul\xef\xbf\xbd" "bell\xef\xbf\xbd del\xef\xbf\xbd");
  EXPECT_EQ(HtmlEscape("caf\xc3\xa9 \xf0\x9d\x84\x9e \xe2\x82\xac"), "caf\xc3\xa9 \xf0\x9d\x84\x9e \xe2\x82\xac");
  // Invalid UTF-8: stray continuation, truncated sequence, overlong, surrogate, past U+10FFFF.
  EXPECT_EQ(HtmlEscape("\x80"), "\xef\xbf\xbd");
  EXPECT_EQ(HtmlEscape("\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(HtmlEscape("\xc0\xbc"), "\xef\xbf\xbd\xef\xbf\xbd");     // overlong '<'
  EXPECT_EQ(HtmlEscape("\xe0\x80\xbc"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(HtmlEscape("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(HtmlEscape("\xf4\x90\x80\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(ReportHtml, SelfContainedAndWellFormed) {
  auto ar = AttributedReport();
  ASSERT_TRUE(ar.ok()) << ar.status();
  const std::string html = ReportToHtml(ar->first);
  EXPECT_THAT(html, ::testing::StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
  EXPECT_THAT(MarkupProblems(html), IsEmpty());
  // Nothing is fetched: one inline script and style, no src/href to
  // anywhere but fragments of the page, and a policy that forbids loads.
  EXPECT_EQ(Count(html, "<script"), 1u);
  EXPECT_EQ(Count(html, "<style"), 1u);
  EXPECT_EQ(Count(html, " src="), 0u);
  EXPECT_EQ(Count(html, "<link"), 0u);
  EXPECT_EQ(Count(html, "@import"), 0u);
  EXPECT_EQ(Count(html, "url("), Count(html, "url(#bf-hatch)"));
  EXPECT_EQ(Count(html, "href=\""), Count(html, "href=\"#layout-"));
  EXPECT_EQ(Count(html, "http://") + Count(html, "https://"), Count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(Has(html, "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"));
}

TEST(ReportHtml, SummaryFiltersAndFindings) {
  auto ar = AttributedReport();
  ASSERT_TRUE(ar.ok()) << ar.status();
  const DiffReport& r = ar->first;
  const std::string html = ReportToHtml(r);
  EXPECT_TRUE(Has(html, "<div class=\"card \"><b>" + std::to_string(r.findings.size()) + "</b>findings</div>"));
  EXPECT_TRUE(Has(html, "<div class=\"card err\"><b>" + std::to_string(r.CountSeverity(Severity::kError)) +
                              "</b>errors</div>"));
  EXPECT_EQ(Count(html, "<tr class=\"finding\""), r.findings.size());
  EXPECT_TRUE(Has(html, "<option value=\"field-offset\">field-offset (" +
                              std::to_string(r.counts[static_cast<size_t>(MismatchKind::kFieldOffset)]) + ")</option>"));
  EXPECT_TRUE(Has(html, "<select id=\"f-sev\">"));
  // The root-cause section and filter follow the report's own attribution.
  ASSERT_FALSE(r.root_causes.empty());
  EXPECT_TRUE(Has(html, "id=\"root-causes\""));
  EXPECT_TRUE(Has(html, "id=\"f-root\""));
  // A finding on a record links to its layout.
  EXPECT_TRUE(Has(html, "data-kind=\"field-offset\" data-severity=\"error\" data-item=\"compat_spec\""));
  EXPECT_TRUE(Has(html, "<a class=\"mono\" href=\"#layout-0\">compat_spec.cookie</a>"));
}

// The one <article> of `record`.
std::string Article(const std::string& html, const std::string& record) {
  size_t start = html.find("data-record=\"" + record + "\"");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</article>", start) - start);
}

std::string SideGroup(const std::string& article, const std::string& side) {
  size_t start = article.find("<g class=\"side\" data-side=\"" + side + "\">");
  if (start == std::string::npos) return "";
  // Side groups hold entry groups: up to the next side group or the lines.
  size_t end = article.find("<g class=\"side\"", start + 1);
  if (end == std::string::npos) end = article.find("</svg>", start);
  return article.substr(start, end - start);
}

TEST(ReportHtml, LayoutRulersOfBothSides) {
  auto ar = AttributedReport();
  ASSERT_TRUE(ar.ok()) << ar.status();
  const std::string html = ReportToHtml(ar->first);
  EXPECT_EQ(Count(html, "<article class=\"layout\""), ar->first.layouts.size());
  const std::string a = Article(html, "compat_spec");
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(Count(a, "<svg class=\"ruler\""), 1u);
  const std::string c_side = SideGroup(a, "truth"), rust_side = SideGroup(a, "assumed");
  ASSERT_FALSE(c_side.empty());
  ASSERT_FALSE(rust_side.empty());
  // Both sides draw head, cookie and tail; cookie and tail moved (36 -> 40,
  // 44 -> 48): marked on both sides and joined by a line; head did not.
  for (const std::string* side : {&c_side, &rust_side}) {
    EXPECT_TRUE(Has(*side, "data-name=\"head\"><title>head  [u8; 36]\noffset 0, 36 bytes</title><rect class=\"fld\""));
    EXPECT_TRUE(Has(*side, "data-name=\"cookie\"><title>"));
    EXPECT_EQ(Count(*side, "class=\"fld diff\""), 2u) << *side;
  }
  EXPECT_TRUE(Has(c_side, "cookie  compat_u64\noffset 36, 8 bytes\ndiffers from the other side"));
  EXPECT_TRUE(Has(rust_side, "cookie  compat_u64\noffset 40, 8 bytes\ndiffers from the other side"));
  EXPECT_TRUE(Has(a, "<line class=\"moved\" data-name=\"cookie\""));
  EXPECT_TRUE(Has(a, "<line class=\"moved\" data-name=\"tail\""));
  EXPECT_TRUE(Lacks(a, "<line class=\"moved\" data-name=\"head\""));
  // Padding is visible: Rust's hole before cookie and its tail padding.
  EXPECT_TRUE(Has(rust_side, "<title>(hole)\noffset 36, 4 bytes</title><rect class=\"hole\""));
  EXPECT_TRUE(Has(rust_side, "<title>(padding)\noffset 164, 4 bytes</title><rect class=\"pad\""));
  EXPECT_TRUE(Lacks(c_side, "class=\"hole\""));
  // The scale: ticks labelled with byte offsets of both sides' boundaries.
  for (const char* tick : {">0</text>", ">36</text>", ">40</text>", ">44</text>", ">160</text>", ">168</text>"}) {
    EXPECT_TRUE(Has(a, std::string("class=\"tick-label\"")));
    EXPECT_TRUE(Has(a, tick)) << tick;
  }
}

TEST(ReportHtml, BitfieldsAndGeneratedFieldsGetTheirOwnLanes) {
  // bindgen's bitfield unit overlaps the bitfields it stores: drawn as
  // generated, in a second lane; bit offsets are written byte:bit.
  Contract c = CSide(), rust = RustSide();
  c.records["bf"] = MakeRecord("bf", 8, 4, {F("a", U(32), 0, 4), Bitfield("x", U(32), 32, 3), Bitfield("y", U(32), 35, 5)});
  rust.records["bf"] = MakeRecord("bf", 12, 4,
                                  {F("a", U(32), 0, 4), Artificial("_bitfield_1", Type::ArrayOf(U(8), 1), 4, 1),
                                   Bitfield("x", U(32), 32, 3), Bitfield("y", U(32), 35, 6)});
  const std::string html = ReportToHtml(Compare(c, rust));
  EXPECT_TRUE(MarkupProblems(html).empty());
  const std::string a = Article(html, "bf");
  const std::string rs = SideGroup(a, "assumed");
  ASSERT_FALSE(rs.empty());
  EXPECT_TRUE(Has(rs, "<title>_bitfield_1  [u8; 1]\noffset 4, 1 byte\n(generated by bindgen)</title><rect class=\"gen\""));
  EXPECT_TRUE(Has(rs, "<title>y  u32\noffset 4:3, 6 bits\ndiffers from the other side"));
  EXPECT_TRUE(Has(SideGroup(a, "truth"), "<title>y  u32\noffset 4:3, 5 bits\ndiffers from the other side"));
  EXPECT_TRUE(Has(a, ">4:3</text>"));
  // Two lanes on the Rust side: the unit and the bitfields side by side.
  EXPECT_TRUE(Has(rs, "width=\"153.0\""));
}

TEST(ReportHtml, HostileNamesAreEscaped) {
  const std::string html = ReportToHtml(HostileReport());
  EXPECT_THAT(MarkupProblems(html), IsEmpty());
  EXPECT_EQ(Count(html, "<script"), 1u);
  EXPECT_EQ(Count(html, "<img"), 0u);
  EXPECT_EQ(Count(html, "<b>clang"), 0u);
  EXPECT_EQ(Count(html, "<i>C"), 0u);
  EXPECT_EQ(Count(html, "onmouseover=\""), 0u);
  EXPECT_EQ(Count(html, "data-x=\""), 0u);
  EXPECT_TRUE(Has(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(Has(html, "&quot; onmouseover=&quot;alert(2)"));
  EXPECT_TRUE(Has(html, "&#39;&gt;&lt;img src=x onerror=alert(3)&gt;"));
  EXPECT_TRUE(Has(html, "&lt;/style&gt;&lt;script&gt;alert(4)&lt;/script&gt;.h"));
  EXPECT_TRUE(Has(html, "bad\xef\xbf\xbd\xef\xbf\xbd utf8 &amp; \xef\xbf\xbd control"));
  // The hostile record still gets its layout picture.
  EXPECT_TRUE(Has(html, "data-record=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
}

TEST(ReportHtml, RootCausesWithChains) {
  auto ar = AttributedReport();
  ASSERT_TRUE(ar.ok()) << ar.status();
  const auto& [r, j] = *ar;
  const std::string html = ReportToHtml(r, j);
  EXPECT_THAT(MarkupProblems(html), IsEmpty());
  size_t compat = 0, file = 0;
  for (const Finding& f : r.findings) {
    compat += f.item == "compat_spec";
    file += f.item == "file";
  }
  EXPECT_TRUE(Has(html, "<section id=\"root-causes\"><h2>Root causes (2)</h2><p>2 items changed on their own; " +
                            std::to_string(compat) + " of " + std::to_string(r.findings.size()) +
                            " findings follow from a changed member type."));
  // The root that explains others leads, with its chains (a record's and a
  // function's); the one that explains nothing else is listed apart.
  EXPECT_TRUE(Has(html, "<ol class=\"roots\"><li class=\"root-cause\" data-root=\"r:typedef:compat_u64\"><button "
                        "type=\"button\" class=\"root-filter\" data-root=\"r:typedef:compat_u64\">compat_u64: align 4 "
                        "-&gt; 8</button><span class=\"meta\">typedef \xc2\xb7 explains 1 record \xc2\xb7 reached by 1 "
                        "function \xc2\xb7 " + std::to_string(compat) + " findings here (0 its own) \xc2\xb7 "
                        "include/linux/compat.h:40</span><details class=\"record-chains\"><summary>1 record</summary>"));
  EXPECT_TRUE(Has(html, "<li class=\"chain\" data-item=\"compat_spec\"><a href=\"#layout-0\">compat_spec</a>: "
                        "<span class=\"chain-text\">compat_spec -&gt; cookie (compat_u64)</span></li>"));
  EXPECT_TRUE(Has(html, "<details class=\"function-chains\"><summary>1 function</summary><ul class=\"chains\">"
                        "<li class=\"chain function\" data-item=\"kmalloc\">kmalloc(): <span class=\"chain-text\">"
                        "kmalloc -&gt; size (*mut compat_spec) -&gt; cookie (compat_u64)</span></li>"));
  EXPECT_TRUE(Has(html, "<details class=\"other-roots\"><summary>1 other items that changed on their own and "
                        "explain nothing else</summary><ol class=\"roots\"><li class=\"root-cause\" "
                        "data-root=\"r:record:file\">"));
  // The filter: one option per root cause and one for the rest.
  EXPECT_TRUE(Has(html, "<option value=\"r:typedef:compat_u64\">compat_u64: align 4 -&gt; 8 (" +
                            std::to_string(compat) + ")</option>"));
  EXPECT_TRUE(Has(html, "<option value=\"r:record:file\">file: 232 -&gt; 184 bytes (" + std::to_string(file) +
                            ")</option>"));
  EXPECT_TRUE(Has(html, "<option value=\"-\">not attributed (" +
                            std::to_string(r.findings.size() - compat - file) + ")</option>"));
  EXPECT_EQ(Count(html, "data-root=\"r:typedef:compat_u64\" data-baseline"), compat);
  EXPECT_EQ(Count(html, "data-root=\"r:record:file\" data-baseline"), file);
  EXPECT_EQ(Count(html, "data-root=\"-\" data-baseline"), r.findings.size() - compat - file);
  EXPECT_EQ(Count(html, "<span class=\"tag\">root cause</span>"), file);
  EXPECT_TRUE(Has(html, "compat_u64: align 4 -&gt; 8<span class=\"loc chain-text\">compat_spec -&gt; cookie "
                        "(compat_u64)</span>"));
}

TEST(ReportHtml, RootTokensHaveNoBlanks) {
  // A root whose item has blanks and markup still filters by one token.
  auto ar = AttributedReport();
  ASSERT_TRUE(ar.ok()) << ar.status();
  auto& [r, j] = *ar;
  j["root_causes"][0]["item"] = "odd <name> #1";
  for (auto& f : j["findings"]) {
    if (f.contains("explained_by")) f["explained_by"][0]["root"] = "odd <name> #1";
  }
  const std::string html = ReportToHtml(r, j);
  EXPECT_THAT(MarkupProblems(html), IsEmpty());
  EXPECT_TRUE(Has(html, "data-root=\"r:typedef:odd%20%3Cname%3E%20%231\""));
  EXPECT_TRUE(Has(html, ">odd &lt;name&gt; #1: align 4 -&gt; 8</button>"));
}

TEST(ReportHtml, TriageIsShown) {
  auto ar = AttributedReport();
  ASSERT_TRUE(ar.ok()) << ar.status();
  DiffReport r = ar->first;
  Baseline b;
  b.file = "old.json";
  b.truth_side = "c";
  b.assumed_side = "rust";
  b.findings.push_back({.key = "bf1-0000000000000000", .kind = "record-size", .severity = "error",
                        .item_kind = "record", .item = "gone<>", .member = "", .message = "m"});
  ASSERT_TRUE(ApplyBaseline(b, r).ok());
  auto w = ParseWaiverFile("waive field-offset compat_spec * until 2099-01-01 reason \"<why>\"\n"
                           "waive record-size nothing until 2099-01-01 reason \"stale\"\n",
                           "w.txt");
  ASSERT_TRUE(w.ok());
  ApplyWaivers(*w, "w.txt", "2026-12-05", r);
  const std::string html = ReportToHtml(r);
  EXPECT_THAT(MarkupProblems(html), IsEmpty());
  EXPECT_TRUE(Has(html, "<select id=\"f-base\">"));
  // The page opens on the new findings.
  EXPECT_TRUE(Has(html, "<option value=\"new\" selected>new</option>"));
  EXPECT_TRUE(Has(html, "<span class=\"tag new\">new</span>"));
  EXPECT_TRUE(Has(html, "<span class=\"tag waived\" title=\"&lt;why&gt;\">waived until 2099-01-01</span>"));
  EXPECT_TRUE(Has(html, "<section id=\"fixed\"><h2>Fixed since the baseline (1)</h2>"));
  EXPECT_TRUE(Has(html, "<span class=\"mono\">gone&lt;&gt;</span>"));
  EXPECT_TRUE(Has(html, "<tr class=\"waiver\" data-state=\"unmatched\"><td class=\"mono\">w.txt:2</td>"));
  EXPECT_TRUE(Has(html, "<span class=\"tag stale\">stale: unmatched</span>"));
}

TEST(ReportHtml, ConfirmationIsShown) {
  auto ar = AttributedReport();
  ASSERT_TRUE(ar.ok()) << ar.status();
  DiffReport r = ar->first;
  ASSERT_GE(r.findings.size(), 3u);
  r.confirmed_run = true;
  r.findings[0].confirmation = Confirmation{.status = ConfirmStatus::kConfirmed, .c_value = "160", .rust_value = "168",
                                            .c_compiler = "gcc 12.2.0", .rust_compiler = "rustc 1.95.0"};
  r.findings[1].confirmation = Confirmation{.status = ConfirmStatus::kUnconfirmable, .reason = "no probe for <b>"};
  Finding refuted = r.findings.back();
  refuted.confirmation = Confirmation{.status = ConfirmStatus::kRefuted, .c_value = "8", .rust_value = "8",
                                      .c_compiler = "gcc 12.2.0", .rust_compiler = "rustc 1.95.0"};
  r.refuted.push_back(refuted);
  const std::string html = ReportToHtml(r);
  EXPECT_THAT(MarkupProblems(html), IsEmpty());
  EXPECT_TRUE(Has(html, "<div class=\"card \"><b>1</b>confirmed by compilers</div>"));
  EXPECT_TRUE(Has(html, "<div class=\"card \"><b>1</b>refuted (dropped)</div>"));
  EXPECT_TRUE(Has(html, "<span class=\"tag confirmed\">confirmed</span> <span class=\"loc\">gcc 12.2.0 says 160, "
                        "rustc 1.95.0 says 168</span>"));
  EXPECT_TRUE(Has(html, "<span class=\"tag unconfirmable\">unconfirmable</span> <span class=\"loc\">no probe for "
                        "&lt;b&gt;</span>"));
  EXPECT_TRUE(Has(html, "<section id=\"refuted\"><h2>Refuted by compilers (1, dropped)</h2>"));
  EXPECT_TRUE(Has(html, "gcc 12.2.0 says 8, rustc 1.95.0 says 8"));
  // Without --confirm: no confirmation section or cards.
  const std::string plain = ReportToHtml(ar->first);
  EXPECT_FALSE(Has(plain, "id=\"refuted\""));
  EXPECT_FALSE(Has(plain, "confirmed by compilers"));
}

TEST(ReportHtml, DriftClassesFromTheJson) {
  auto ar = AttributedReport();
  ASSERT_TRUE(ar.ok()) << ar.status();
  const DiffReport& r = ar->first;
  nlohmann::ordered_json j = ar->second;
  ASSERT_EQ(j["findings"].size(), r.findings.size());
  ASSERT_GE(r.findings.size(), 4u);
  // What drift mode writes (drift-roots): one class per finding.
  for (size_t i = 0; i < r.findings.size(); ++i) j["findings"][i]["drift"] = i == 0 ? "new" : i < 3 ? "compile-breaking" : "silent";
  j["findings"][1]["drift"] = "<b>odd</b>";
  const std::string html = ReportToHtml(r, j);
  EXPECT_THAT(MarkupProblems(html), IsEmpty());
  EXPECT_TRUE(Has(html, "<select id=\"f-drift\"><option value=\"\">all</option><option value=\"silent\">silent (" +
                        std::to_string(r.findings.size() - 3) + ")</option><option value=\"compile-breaking\">"
                        "compile-breaking (1)</option><option value=\"new\">new (1)</option><option value=\"&lt;b&gt;odd"
                        "&lt;/b&gt;\">&lt;b&gt;odd&lt;/b&gt; (1)</option></select>"));
  EXPECT_TRUE(Has(html, "<div class=\"card err\"><b>" + std::to_string(r.findings.size() - 3) + "</b>silent (drift)</div>"));
  EXPECT_TRUE(Has(html, "data-drift=\"new\""));
  EXPECT_TRUE(Has(html, "<span class=\"tag d-silent\">silent</span>"));
  EXPECT_TRUE(Has(html, "<span class=\"tag\">&lt;b&gt;odd&lt;/b&gt;</span>"));
  // Without drift classes (or a JSON of other findings): no drift filter.
  EXPECT_FALSE(Has(ReportToHtml(r), "f-drift\""));
  nlohmann::ordered_json other = j;
  other["findings"].erase(other["findings"].begin());
  EXPECT_FALSE(Has(ReportToHtml(r, other), "id=\"f-drift\""));
}

TEST(ReportHtml, EmptyReport) {
  DiffReport r = Compare(CSide(), RustSide());
  const std::string html = ReportToHtml(r);
  EXPECT_THAT(MarkupProblems(html), IsEmpty());
  EXPECT_TRUE(Has(html, "<p class=\"empty\">No findings.</p>"));
  EXPECT_TRUE(Has(html, "<p class=\"empty\">No layout findings.</p>"));
}

TEST(ReportHtml, MarkupCheckerCatchesBreakage) {
  EXPECT_THAT(MarkupProblems("<div><span></div>"), Not(IsEmpty()));
  EXPECT_THAT(MarkupProblems("<div>a < b</div>"), Not(IsEmpty()));
  EXPECT_THAT(MarkupProblems("<p><img src=x></p>"), Not(IsEmpty()));
  EXPECT_THAT(MarkupProblems("<script>if (a < b) {}</script><p>ok</p>"), IsEmpty());
}

}  // namespace
}  // namespace bindfuzz::diff
