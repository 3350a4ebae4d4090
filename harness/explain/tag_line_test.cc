#include "harness/explain/tag_line.h"

#include <cstdio>
#include <string>
#include <variant>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shims/runtime/bf_tag_format.h"

namespace bindfuzz::explain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Shape = MismatchLine::Shape;

// Formats like the runtime: bf_violation's BF_MISMATCH_FORMAT around a
// detail format, without the newline.
template <typename... Args>
std::string Detail(const char* fmt, Args... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}
std::string Tag(const char* kind, const std::string& details) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, BF_MISMATCH_FORMAT, kind, details.c_str());
  std::string s = buf;
  EXPECT_EQ(s.back(), '\n');
  s.pop_back();
  return s;
}

MismatchLine Mismatch(const std::string& line) {
  absl::StatusOr<std::optional<TagLine>> t = ParseTagLine(line);
  EXPECT_TRUE(t.ok()) << t.status();
  if (!t.ok() || !t->has_value() || !std::holds_alternative<MismatchLine>(**t)) {
    ADD_FAILURE() << "not a mismatch line: " << line;
    return {};
  }
  return std::get<MismatchLine>(**t);
}

TEST(TagLine, FieldOffsetFromTheRuntimeFormat) {
  const std::string line =
      Tag("field-offset", Detail(BF_DETAIL_FIELD_OFFSET, "struct pair", "b", size_t{0}, size_t{4}));
  EXPECT_EQ(line, "BINDFUZZ-MISMATCH: field-offset struct pair.b rust=0 c=4");
  MismatchLine m = Mismatch(line);
  EXPECT_EQ(m.kind, diff::MismatchKind::kFieldOffset);
  EXPECT_EQ(m.shape, Shape::kFieldOffset);
  EXPECT_EQ(m.record_display, "struct pair");
  EXPECT_EQ(m.record, "pair");
  EXPECT_EQ(m.member, "b");
  EXPECT_EQ(m.rust, "0");
  EXPECT_EQ(m.c, "4");
  EXPECT_TRUE(m.is_record());
}

TEST(TagLine, TypedefNamedRecordKeepsItsName) {
  MismatchLine m = Mismatch(Tag("field-offset", Detail(BF_DETAIL_FIELD_OFFSET, "atomic_t", "counter", size_t{8}, size_t{0})));
  EXPECT_EQ(m.record, "atomic_t");
  EXPECT_EQ(m.record_display, "atomic_t");
  MismatchLine u = Mismatch(Tag("field-offset", Detail(BF_DETAIL_FIELD_OFFSET, "union u", "x", size_t{1}, size_t{0})));
  EXPECT_EQ(u.record, "u");
}

TEST(TagLine, ValueShape) {
  MismatchLine m = Mismatch(
      Tag("enum-missing-value", Detail(BF_DETAIL_VALUE, "struct cfg", "m", "mode", 3ULL, 3LL)));
  EXPECT_EQ(m.shape, Shape::kValue);
  EXPECT_EQ(m.kind, diff::MismatchKind::kEnumMissingValue);
  EXPECT_EQ(m.member, "m");
  EXPECT_EQ(m.rust, "mode");
  EXPECT_EQ(m.observed, "value=3 (C stored 3)");
  MismatchLine neg = Mismatch(Tag("field-type", Detail(BF_DETAIL_VALUE, "struct f", "on", "bool", 255ULL, -1LL)));
  EXPECT_EQ(neg.observed, "value=255 (C stored -1)");
}

TEST(TagLine, BitfieldShape) {
  MismatchLine m = Mismatch(Tag("bitfield-width", Detail(BF_DETAIL_BITFIELD, "struct flags", "b", size_t{4},
                                                         size_t{4}, size_t{3}, size_t{5}, 17ULL, 1ULL)));
  EXPECT_EQ(m.shape, Shape::kBitfield);
  EXPECT_EQ(m.rust, "bit 4 width 4");
  EXPECT_EQ(m.c, "bit 3 width 5");
  EXPECT_EQ(m.observed, "wrote=17 read=1");
}

TEST(TagLine, FunctionShapes) {
  MismatchLine p = Mismatch(Tag("function-param-width", Detail(BF_DETAIL_PARAM, "dev_set_level", size_t{2}, "u64",
                                                               "u32", 0x100000001ULL, 0x1ULL)));
  EXPECT_EQ(p.shape, Shape::kParam);
  EXPECT_EQ(p.function, "dev_set_level");
  EXPECT_EQ(p.param, 2);
  EXPECT_EQ(p.rust, "u64");
  EXPECT_EQ(p.c, "u32");
  EXPECT_EQ(p.observed, "sent=0x100000001 received=0x1");
  EXPECT_FALSE(p.is_record());

  MismatchLine n = Mismatch(Tag("function-param-count", Detail(BF_DETAIL_PARAM_COUNT, "f", size_t{3}, size_t{2})));
  EXPECT_EQ(n.shape, Shape::kParamCount);
  EXPECT_EQ(n.rust, "3");
  EXPECT_EQ(n.c, "2");

  MismatchLine r = Mismatch(
      Tag("function-return-width", Detail(BF_DETAIL_RETURN, "g", "i64", "i32", 0xffffffffULL, 0xffffffffULL)));
  EXPECT_EQ(r.shape, Shape::kReturn);
  EXPECT_EQ(r.rust, "i64");
  EXPECT_EQ(r.c, "i32");

  MismatchLine v = Mismatch(Tag("enum-missing-value", Detail(BF_DETAIL_RETURN_VALUE, "dev_mode", 7ULL)));
  EXPECT_EQ(v.shape, Shape::kReturnValue);
  EXPECT_EQ(v.function, "dev_mode");
  EXPECT_EQ(v.observed, "value=7");
}

TEST(TagLine, AccessLinesFromTheRuntimeFormat) {
  char buf[512];
  std::snprintf(buf, sizeof buf, BF_ACCESS_RECORD_FORMAT, "struct file", "f_op", BF_MODE_C_ALLOCATES, size_t{232},
                size_t{40}, size_t{40}, size_t{16}, size_t{8}, size_t{4});
  std::string line(buf);
  line.pop_back();
  EXPECT_EQ(line,
            "BINDFUZZ-ACCESS: struct file field=f_op c-allocates rust_size=232 c_size=40 rust_offset=40 "
            "c_offset=16 rust_align=8 c_align=4");
  absl::StatusOr<std::optional<TagLine>> t = ParseTagLine(line);
  ASSERT_TRUE(t.ok()) << t.status();
  const AccessLine& a = std::get<AccessLine>(**t);
  EXPECT_EQ(a.record, "file");
  EXPECT_EQ(a.record_display, "struct file");
  EXPECT_EQ(a.field, "f_op");
  EXPECT_EQ(a.mode, AccessLine::Mode::kCAllocates);
  EXPECT_EQ(a.rust_size, 232u);
  EXPECT_EQ(a.c_size, 40u);
  EXPECT_EQ(a.rust_offset, 40u);
  EXPECT_EQ(a.c_offset, 16u);
  EXPECT_EQ(a.rust_align, 8u);
  EXPECT_EQ(a.c_align, 4u);

  std::snprintf(buf, sizeof buf, BF_ACCESS_RECORD_FORMAT, "atomic_t", BF_ACCESS_NO_FIELD, BF_MODE_RUST_ALIGNED,
                size_t{4}, size_t{4}, size_t{0}, size_t{0}, size_t{4}, size_t{8});
  line = buf;
  line.pop_back();
  t = ParseTagLine(line);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(std::get<AccessLine>(**t).field, "");
  EXPECT_EQ(std::get<AccessLine>(**t).mode, AccessLine::Mode::kRustAligned);

  std::snprintf(buf, sizeof buf, BF_ACCESS_FUNCTION_FORMAT, "dev_set_level");
  line = buf;
  line.pop_back();
  t = ParseTagLine(line);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(std::get<AccessLine>(**t).function, "dev_set_level");
}

TEST(TagLine, EveryModeRoundTrips) {
  for (AccessLine::Mode m : {AccessLine::Mode::kRustAllocates, AccessLine::Mode::kCAllocates,
                             AccessLine::Mode::kRustAligned, AccessLine::Mode::kCAligned,
                             AccessLine::Mode::kSameAligned, AccessLine::Mode::kValues,
                             AccessLine::Mode::kBitfield}) {
    char buf[512];
    std::snprintf(buf, sizeof buf, BF_ACCESS_RECORD_FORMAT, "struct s", "x", std::string(ModeName(m)).c_str(),
                  size_t{1}, size_t{2}, size_t{3}, size_t{4}, size_t{5}, size_t{6});
    std::string line(buf);
    line.pop_back();
    absl::StatusOr<std::optional<TagLine>> t = ParseTagLine(line);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(std::get<AccessLine>(**t).mode, m) << line;
  }
}

// Lines as docs/lifetime-fuzzing.md and the planted tests show them.
TEST(TagLine, LifetimeEngineCheck) {
  absl::StatusOr<std::optional<TagLine>> t = ParseTagLine(
      "BINDFUZZ-LIFETIME: unexpected-errptr obj_open spec /x/wrong.bfspec:4 op 0 (call) returned ERR_PTR(-2) "
      "where the spec says nullable");
  ASSERT_TRUE(t.ok()) << t.status();
  const LifetimeLine& l = std::get<LifetimeLine>(**t);
  EXPECT_EQ(l.cls, "unexpected-errptr");
  EXPECT_TRUE(l.engine_check());
  EXPECT_EQ(l.function, "obj_open");
  EXPECT_EQ(l.spec_file, "/x/wrong.bfspec");
  EXPECT_EQ(l.spec_line, 4u);
  EXPECT_EQ(l.op, 0u);
  EXPECT_EQ(l.context, "op 0 (call)");
  EXPECT_EQ(l.detail, "returned ERR_PTR(-2) where the spec says nullable");
  EXPECT_TRUE(l.handles.empty());
}

TEST(TagLine, LifetimeSanitizerWithHandlesAndBuffer) {
  absl::StatusOr<std::optional<TagLine>> t = ParseTagLine(
      "BINDFUZZ-LIFETIME: heap-use-after-free reg_sum spec /a b/wrong.bfspec:9 op 7 (call); h0 item [at the "
      "faulting address]: acquired item_new /a b/wrong.bfspec:6 op 1, passed-borrowed reg_add(it) /a "
      "b/wrong.bfspec:7 op 3; h1 reg: acquired reg_new /a b/wrong.bfspec:2 op 0; Rust buffer f(p) 8 bytes [at "
      "the faulting address]: passed /a b/wrong.bfspec:3 op 2, live in the call");
  ASSERT_TRUE(t.ok()) << t.status();
  const LifetimeLine& l = std::get<LifetimeLine>(**t);
  EXPECT_EQ(l.cls, "heap-use-after-free");
  EXPECT_FALSE(l.engine_check());
  EXPECT_EQ(l.spec_file, "/a b/wrong.bfspec");
  EXPECT_EQ(l.spec_line, 9u);
  EXPECT_EQ(l.op, 7u);
  EXPECT_THAT(l.handles, ElementsAre(HasSubstr("h0 item [at the faulting address]: acquired item_new"),
                                     "h1 reg: acquired reg_new /a b/wrong.bfspec:2 op 0"));
  EXPECT_THAT(l.rust_buffer, HasSubstr("Rust buffer f(p) 8 bytes"));
}

TEST(TagLine, LifetimeLeakAndNoCall) {
  absl::StatusOr<std::optional<TagLine>> t = ParseTagLine(
      "BINDFUZZ-LIFETIME: leak msg_value spec w.bfspec:6 (after the input) Rust did not release; h0 msg [still "
      "allocated after Rust dropped everything]: acquired msg_new w.bfspec:5 op 0");
  ASSERT_TRUE(t.ok()) << t.status();
  const LifetimeLine& l = std::get<LifetimeLine>(**t);
  EXPECT_EQ(l.context, "(after the input)");
  EXPECT_EQ(l.detail, "Rust did not release");
  EXPECT_FALSE(l.op.has_value());
  ASSERT_EQ(l.handles.size(), 1u);

  t = ParseTagLine("BINDFUZZ-LIFETIME: SEGV - spec w.bfspec:0 (no call in progress)");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(std::get<LifetimeLine>(**t).function, "");
  EXPECT_EQ(std::get<LifetimeLine>(**t).spec_line, 0u);

  t = ParseTagLine("BINDFUZZ-LIFETIME: double-free (rust) spec w.bfspec:3 op end (Rust drops what it owns)");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(std::get<LifetimeLine>(**t).function, "(rust)");
  EXPECT_FALSE(std::get<LifetimeLine>(**t).op.has_value());
  EXPECT_EQ(std::get<LifetimeLine>(**t).context, "op end (Rust drops what it owns)");
}

TEST(TagLine, OtherTagsAndPlainLines) {
  absl::StatusOr<std::optional<TagLine>> t = ParseTagLine("BINDFUZZ-KERNEL: WARN lib/x.c:12 boom");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(std::get<OtherTagLine>(**t).tag, OtherTagLine::Tag::kKernel);
  EXPECT_EQ(std::get<OtherTagLine>(**t).text, "WARN lib/x.c:12 boom");
  t = ParseTagLine("==12==ERROR: AddressSanitizer: heap-buffer-overflow");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->has_value());
  t = ParseTagLine(" BINDFUZZ-MISMATCH: field-offset struct a.b rust=0 c=4");  // not at the start
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->has_value());
}

TEST(TagLine, BrokenLinesAreErrorsSayingWhat) {
  const struct {
    const char* line;
    const char* says;
  } kCases[] = {
      {"BINDFUZZ-MISMATCH: field-offset", "without details"},
      {"BINDFUZZ-MISMATCH: no-such-kind struct a.b rust=0 c=4", "unknown mismatch kind 'no-such-kind'"},
      {"BINDFUZZ-MISMATCH: field-offset struct a.b rust=x c=4", "do not follow"},
      {"BINDFUZZ-MISMATCH: field-offset struct a.b rust=0", "do not follow"},
      {"BINDFUZZ-MISMATCH: field-offset struct ab rust=0 c=4", "not a function name"},
      {"BINDFUZZ-MISMATCH: field-offset f rust=0 c=4", "never printed with these details"},
      {"BINDFUZZ-MISMATCH: record-size struct a.b rust=0 c=4", "never printed with these details"},
      {"BINDFUZZ-MISMATCH: field-offset rust=0 c=4", "without a subject"},
      {"BINDFUZZ-MISMATCH: field-offset struct .b rust=0 c=4", "not <record>.<field>"},
      {"BINDFUZZ-MISMATCH: function-param-width f param 1 rust=u64 c=u32 sent=12 received=0x1", "do not follow"},
      {"BINDFUZZ-MISMATCH: field-type struct a.b rust=bool value=2 (C stored 2", "do not follow"},
      {"BINDFUZZ-ACCESS: struct a field=b sideways rust_size=1 c_size=1 rust_offset=0 c_offset=0 rust_align=1 c_align=1",
       "unknown mode 'sideways'"},
      {"BINDFUZZ-ACCESS: struct a field=b c-allocates rust_size=1 c_size=1", "does not follow"},
      {"BINDFUZZ-ACCESS: struct a field=b c-allocates rust_size=1 c_size=z rust_offset=0 c_offset=0 rust_align=1 c_align=1",
       "expected c_size=<number>"},
      {"BINDFUZZ-ACCESS: function ", "names no function"},
      {"BINDFUZZ-LIFETIME: leak", "without a class"},
      {"BINDFUZZ-LIFETIME: leak f at w.bfspec:3", "without ' spec '"},
      {"BINDFUZZ-LIFETIME: leak f spec nowhere (after the input)", "without a spec <file>:<line>"},
      {"BINDFUZZ-LIFETIME: leak f spec w.bfspec:3 sometime", "unknown context"},
      {"BINDFUZZ-LIFETIME: leak f spec w.bfspec:3 op x (call)", "op is not a number"},
      {"BINDFUZZ-LIFETIME: leak f spec w.bfspec:3 op 1 (call); garbage", "expected '; h<N>"},
  };
  for (const auto& c : kCases) {
    absl::StatusOr<std::optional<TagLine>> t = ParseTagLine(c.line);
    EXPECT_FALSE(t.ok()) << c.line;
    if (!t.ok()) EXPECT_THAT(std::string(t.status().message()), HasSubstr(c.says)) << c.line;
  }
}

}  // namespace
}  // namespace bindfuzz::explain
