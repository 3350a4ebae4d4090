#include "harness/diff/diff.h"

#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/diff/mismatch_kinds.h"
#include "harness/diff/test_contracts.h"

namespace bindfuzz::diff {
namespace {

using namespace bindfuzz::diff::testing;  // NOLINT: test builders
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Kinds(const DiffReport& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings) out.emplace_back(KindName(f.kind));
  return out;
}

// The single finding of `r` (by value: callers pass temporaries).
Finding Only(const DiffReport& r) {
  EXPECT_EQ(r.findings.size(), 1u) << ::testing::PrintToString(Kinds(r));
  return r.findings.empty() ? Finding{} : r.findings.front();
}

// ------------------------------------------------------- kinds table --

TEST(MismatchKinds, TableIsConsistent) {
  std::set<std::string_view> names;
  for (size_t i = 0; i < kNumMismatchKinds; ++i) {
    const MismatchKindInfo& info = AllMismatchKinds()[i];
    EXPECT_EQ(static_cast<size_t>(info.kind), i);
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate " << info.name;
    EXPECT_FALSE(info.help.empty()) << info.name;
    EXPECT_NE(info.help.back(), '.') << info.name << ": help is one line without a period";
    EXPECT_EQ(info.help.find('\n'), std::string_view::npos);
    for (char c : info.name) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '-') << info.name << " is not kebab-case";
    }
    EXPECT_EQ(ParseMismatchKind(info.name), info.kind);
    EXPECT_EQ(KindName(info.kind), info.name);
  }
  EXPECT_EQ(ParseMismatchKind("no-such-kind"), std::nullopt);
  for (const char* required :
       {"record-size", "record-align", "field-offset", "field-width", "field-missing", "field-extra",
        "field-type", "field-signedness", "bitfield-position", "bitfield-width", "record-packed",
        "record-kind", "record-missing", "record-opaque", "enum-size", "enum-value", "enum-missing-value",
        "constant-value", "constant-missing", "function-missing", "function-no-symbol", "function-param-count",
        "function-param-type", "function-param-width", "function-return-type", "function-variadic",
        "function-pointer-type", "typedef-mismatch", "variable-type"}) {
    EXPECT_TRUE(ParseMismatchKind(required).has_value()) << required;
  }
  EXPECT_EQ(KindPascalName(MismatchKind::kFieldOffset), "FieldOffset");
  EXPECT_EQ(KindSeverity(MismatchKind::kUnevaluated), Severity::kNote);
  EXPECT_TRUE(IsLayoutFinding(MismatchKind::kFieldOffset));
  EXPECT_FALSE(IsLayoutFinding(MismatchKind::kFieldType));
  EXPECT_EQ(CategoryName(KindCategoryOf(MismatchKind::kFunctionParamWidth)), "signature");
}

TEST(MismatchKinds, ParseFilter) {
  auto only = ParseKindFilter("record-size, field-offset");
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only->count(), 2u);
  EXPECT_TRUE(only->test(static_cast<size_t>(MismatchKind::kRecordSize)));
  auto but = ParseKindFilter("-field-extra");
  ASSERT_TRUE(but.ok());
  EXPECT_EQ(but->count(), kNumMismatchKinds - 1);
  EXPECT_FALSE(but->test(static_cast<size_t>(MismatchKind::kFieldExtra)));
  auto errors = ParseKindFilter("error,-record-size");
  ASSERT_TRUE(errors.ok());
  EXPECT_FALSE(errors->test(static_cast<size_t>(MismatchKind::kRecordSize)));
  EXPECT_TRUE(errors->test(static_cast<size_t>(MismatchKind::kFieldOffset)));
  EXPECT_FALSE(errors->test(static_cast<size_t>(MismatchKind::kFieldExtra)));
  auto bad = ParseKindFilter("record-size,bogus");
  EXPECT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("bogus"));
  EXPECT_EQ(ParseSeverity("warning"), Severity::kWarning);
  EXPECT_EQ(ParseSeverity("fatal"), std::nullopt);
}

// ------------------------------------------------- no false positives --

Contract RichContract(Side side) {
  Contract c = side == Side::kRust ? RustSide() : CSide();
  c.typedefs["size_t"] = TypedefOf("size_t", U(64));
  c.records["file"] = MakeRecord(
      "file", 48, 8,
      {F("f_mode", U(32), 0, 4), F("f_op", Ptr(Rec("file_operations")), 16, 8), F("f_pos", I(64), 40, 8),
       F("f_count", Td("size_t"), 8, 8), F("f_cb", FnPtr(I(32), {Ptr(Rec("file")), U(32)}), 24, 8),
       F("f_name", Type::ArrayOf(U(8), 8), 32, 8)});
  c.records["file_operations"] = MakeRecord("file_operations", 8, 8,
                                            {F("open", FnPtr(I(32), {Ptr(Rec("file"))}), 0, 8)});
  c.enums["color"] = MakeEnum("color", U(32), 4, {{"RED", 0}, {"GREEN", 1}});
  c.functions["kfree"] = MakeFunction("kfree", Type::Void(), {{"p", Ptr(Type::Void())}});
  c.functions["kmalloc"] = MakeFunction("kmalloc", Ptr(Type::Void()), {{"size", Td("size_t")}, {"flags", U(32)}});
  c.constants["PAGE_SIZE"] = IntConst("PAGE_SIZE", 4096, U(32));
  c.variables["jiffies"] = Var("jiffies", U(64));
  return c;
}

TEST(Compare, IdenticalPairIsClean) {
  DiffReport r = Compare(RichContract(Side::kC), RichContract(Side::kRust));
  EXPECT_THAT(Kinds(r), IsEmpty());
  EXPECT_EQ(r.coverage.size(), 8u);
  EXPECT_EQ(r.CountOutcome(Outcome::kClean), 8u);
  EXPECT_EQ(ExitCode(r), 0);
  EXPECT_EQ(r.truth_label, "C");
  EXPECT_EQ(r.assumed_label, "Rust");
}

TEST(Compare, SameSideKindsGetDistinctLabels) {
  DiffReport r = Compare(RichContract(Side::kC), RichContract(Side::kC));
  EXPECT_EQ(r.truth_label, "C (truth)");
  EXPECT_EQ(r.assumed_label, "C (assumed)");
  DiffOptions o;
  o.truth_label = "amd64";
  o.assumed_label = "rt-amd64";
  r = Compare(RichContract(Side::kC), RichContract(Side::kC), o);
  EXPECT_EQ(r.truth_label, "amd64");
}

TEST(Compare, ConstsStyleEnumMatchesCEnum) {
  Contract c = CSide(), rust = RustSide();
  c.enums["fs_purpose"] = MakeEnum("fs_purpose", U(32), 4, {{"FS_MOUNT", 0}, {"FS_SUBMOUNT", 1}, {"FS_RECONF", 2}});
  // bindgen consts style: prefixed names, a type alias, and not every enumerator.
  rust.enums["fs_purpose"] = MakeEnum("fs_purpose", U(32), 4,
                                      {{"fs_purpose_FS_MOUNT", 0}, {"fs_purpose_FS_SUBMOUNT", 1}}, "consts");
  rust.typedefs["fs_purpose"] = TypedefOf("fs_purpose", U(32));
  rust.constants["fs_purpose_FS_MOUNT"] = IntConst("fs_purpose_FS_MOUNT", 0, Td("fs_purpose"));
  rust.constants["fs_purpose_FS_SUBMOUNT"] = IntConst("fs_purpose_FS_SUBMOUNT", 1, Td("fs_purpose"));
  c.records["ctx"] = MakeRecord("ctx", 4, 4, {F("purpose", En("fs_purpose"), 0, 4)});
  rust.records["ctx"] = MakeRecord("ctx", 4, 4, {F("purpose", Td("fs_purpose"), 0, 4)});
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), IsEmpty());
  EXPECT_EQ(r.CountOutcome(Outcome::kUnmatched), 0u);
}

TEST(Compare, EnumeratorConstantsWithoutRustEnum) {
  Contract c = CSide(), rust = RustSide();
  c.enums["fs_purpose"] = MakeEnum("fs_purpose", U(32), 4, {{"FS_MOUNT", 0}, {"FS_SUBMOUNT", 1}});
  rust.constants["fs_purpose_FS_SUBMOUNT"] = IntConst("fs_purpose_FS_SUBMOUNT", 1, Td("fs_purpose"));
  rust.constants["FS_MOUNT"] = IntConst("FS_MOUNT", 0, U(32));
  rust.constants["fs_purpose_FS_MOUNT"] = IntConst("fs_purpose_FS_MOUNT", 5, Td("fs_purpose"));
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), ElementsAre("constant-value"));
  EXPECT_EQ(r.findings[0].item, "fs_purpose_FS_MOUNT");
  EXPECT_EQ(r.findings[0].matched, "fs_purpose::FS_MOUNT");
}

TEST(Compare, VoidPointerMatchesCVoidAndAnyPointer) {
  Contract c = CSide(), rust = RustSide();
  c.records["s"] = MakeRecord("s", 24, 8,
                              {F("a", Ptr(Type::Void()), 0, 8), F("b", Ptr(Type::Void()), 8, 8),
                               F("c", Ptr(Type::Void()), 16, 8)});
  rust.records["s"] = MakeRecord("s", 24, 8,
                                 {F("a", Ptr(Rec("c_void")), 0, 8), F("b", Ptr(Td("core::ffi::c_void")), 8, 8),
                                  F("c", Ptr(Rec("page")), 16, 8)});
  c.functions["f"] = MakeFunction("f", Ptr(Type::Void()), {{"p", Ptr(Type::Void())}});
  rust.functions["f"] = MakeFunction("f", Ptr(Rec("c_void")), {{"p", Ptr(Rec("c_void"))}});
  EXPECT_THAT(Kinds(Compare(c, rust)), IsEmpty());
}

TEST(Compare, ArtificialFieldsAreNotMatched) {
  Contract c = CSide(), rust = RustSide();
  c.records["flags"] = MakeRecord("flags", 8, 4,
                                  {Bitfield("a", U(32), 0, 3), Bitfield("b", U(32), 3, 5), F("c", U(16), 2, 2)});
  rust.records["flags"] = MakeRecord(
      "flags", 8, 4,
      {Artificial("_bitfield_align_1", Type::ArrayOf(U(32), 0), 0, 0),
       Artificial("_bitfield_1", Type::ArrayOf(U(8), 2), 0, 1), Bitfield("a", U(32), 0, 3),
       Bitfield("b", U(32), 3, 5), F("c", U(16), 2, 2), Artificial("__bindgen_padding_0", U(32), 4, 4)});
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), IsEmpty());
}

TEST(Compare, PicksTheClosestAlternate) {
  Contract c = CSide(), rust = RustSide();
  c.records["X"] = MakeRecord("X", 8, 4, {F("a", U(32), 0, 4), F("b", I(32), 4, 4)});
  c.records["X#2"] = MakeRecord("X#2", 16, 8, {F("a", U(32), 0, 4), F("u", Rec("X#2::(anon#1)"), 8, 8)});
  c.records["X#2::(anon#1)"] = MakeRecord("X#2::(anon#1)", 8, 8, {F("p", Ptr(Rec("X#2")), 0, 8)});
  c.records["X#2::(anon#1)"].kind = RecordKind::kUnion;
  c.records["X#2::(anon#1)"].anonymous = true;
  rust.records["X"] = MakeRecord("X", 16, 8, {F("a", U(32), 0, 4), F("u", Rec("X::(anon#1)"), 8, 8)});
  rust.records["X::(anon#1)"] = MakeRecord("X::(anon#1)", 8, 8, {F("p", Ptr(Rec("X")), 0, 8)});
  rust.records["X::(anon#1)"].kind = RecordKind::kUnion;
  rust.records["X::(anon#1)"].anonymous = true;
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), IsEmpty());
  ASSERT_EQ(r.coverage.size(), 2u);
  EXPECT_EQ(r.coverage[0].matched, "X#2");
  EXPECT_EQ(r.coverage[0].outcome, Outcome::kClean);
  EXPECT_EQ(r.coverage[1].matched, "X#2::(anon#1)");

  // With only the worse definition left, its findings are reported.
  c.records.erase("X#2");
  r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), ElementsAre("record-size", "record-align", "field-missing", "field-extra"));
}

TEST(Compare, EnumAlternatesAndBindgenHelpers) {
  Contract c = CSide(), rust = RustSide();
  c.enums["e"] = MakeEnum("e", U(32), 4, {{"A", 0}, {"B", 5}});
  c.enums["e#2"] = MakeEnum("e#2", U(32), 4, {{"A", 0}, {"B", 1}});
  rust.enums["e"] = MakeEnum("e", U(32), 4, {{"A", 0}, {"B", 1}}, "rustified");
  rust.records["__BindgenBitfieldUnit"] = MakeRecord("__BindgenBitfieldUnit", 0, 1, {});
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), IsEmpty());
  ASSERT_EQ(r.coverage.size(), 2u);
  EXPECT_EQ(r.coverage[0].reason, "bindgen helper type, not part of the C interface");
  EXPECT_EQ(r.coverage[1].matched, "e#2");
  c.enums.erase("e#2");
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("enum-value", "enum-missing-value"));
}

TEST(Compare, BtfTruthHasNoMacros) {
  Contract btf = CSide(), rust = RustSide();
  btf.side = Side::kBtf;
  btf.enums["e"] = MakeEnum("e", U(32), 4, {{"E_A", 7}});
  rust.constants["PAGE_SIZE"] = IntConst("PAGE_SIZE", 4096, U(32));
  rust.constants["E_A"] = IntConst("E_A", 7, U(32));
  DiffReport r = Compare(btf, rust);
  EXPECT_THAT(Kinds(r), IsEmpty());
  EXPECT_EQ(r.truth_label, "BTF");
  ASSERT_EQ(r.coverage.size(), 2u);
  EXPECT_EQ(r.coverage[0].outcome, Outcome::kClean);  // E_A, via the BTF enum
  EXPECT_EQ(r.coverage[1].reason, "BTF carries no macro constants");
}

TEST(Compare, ConstantSameBitsAtRustWidthIsClean) {
  Contract c = CSide(), rust = RustSide();
  c.constants["ALL"] = IntConst("ALL", -1, I(32));
  rust.constants["ALL"] = IntConst("ALL", 4294967295, U(32));
  EXPECT_THAT(Kinds(Compare(c, rust)), IsEmpty());
  rust.constants["ALL"] = IntConst("ALL", 0, U(32));
  c.constants["ALL"] = IntConst("ALL", int64_t{1} << 32, U(64));  // truncated by bindgen
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("constant-value"));
}

// ---------------------------------------------------- one per kind --

TEST(Compare, RecordSize) {
  Contract c = CSide(), rust = RustSide();
  c.records["file"] = MakeRecord("file", 184, 8, {F("f_op", Ptr(Rec("ops")), 16, 8), F("f_flags", U(32), 176, 4)});
  rust.records["file"] = MakeRecord("file", 232, 8,
                                    {F("f_op", Ptr(Rec("ops")), 16, 8), F("f_flags", U(32), 176, 4),
                                     F("f_mode", U(32), 200, 4)});
  c.records["file"].fields.push_back(F("f_mode", U(32), 180, 4));
  rust.records["file"].fields[2].offset_bits = 180 * 8;
  DiffReport r = Compare(c, rust);
  const Finding& f = Only(r);
  EXPECT_EQ(f.kind, MismatchKind::kRecordSize);
  EXPECT_EQ(f.truth_value, "184");
  EXPECT_EQ(f.assumed_value, "232");
  EXPECT_THAT(f.consequence, HasSubstr("Rust believes `file` is 232 bytes; C allocates 184: any Rust access past byte 184"));
  EXPECT_THAT(f.consequence, HasSubstr("reads 48 bytes past its end"));
  EXPECT_EQ(ExitCode(r), 1);

  // A Rust field past C's end is named.
  rust.records["file"].fields[2].offset_bits = 200 * 8;
  c.records["file"].fields.pop_back();
  r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), ElementsAre("record-size", "field-missing"));
  EXPECT_THAT(r.findings[0].consequence, HasSubstr("(e.g. `f_mode` at 200) reads or writes beyond the object"));
  EXPECT_THAT(r.findings[1].consequence, HasSubstr("past the end of its 184-byte object"));

  // Rust smaller than C.
  r = Compare(rust, c);
  EXPECT_THAT(r.findings[0].consequence, HasSubstr("is 48 bytes short"));
}

TEST(Compare, RecordAlign) {
  Contract c = CSide(), rust = RustSide();
  c.records["s"] = MakeRecord("s", 8, 4, {F("a", Type::ArrayOf(U(32), 2), 0, 8)});
  rust.records["s"] = MakeRecord("s", 8, 8, {F("a", Type::ArrayOf(U(32), 2), 0, 8)});
  const Finding& f = Only(Compare(c, rust));
  EXPECT_EQ(f.kind, MismatchKind::kRecordAlign);
  EXPECT_THAT(f.consequence, HasSubstr("Rust requires 8-byte alignment for `s`, C only 4"));
}

TEST(Compare, RecordPacked) {
  Contract c = CSide(), rust = RustSide();
  c.records["p"] = MakeRecord("p", 5, 1, {F("a", U(8), 0, 1), F("b", U(32), 1, 4)});
  c.records["p"].packed = true;
  rust.records["p"] = MakeRecord("p", 8, 4, {F("a", U(8), 0, 1), F("b", U(32), 4, 4)});
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), ElementsAre("record-size", "record-align", "record-packed", "field-offset"));
  EXPECT_EQ(r.findings[2].truth_value, "packed");
  EXPECT_EQ(r.findings[2].assumed_value, "not packed");
  // Packed on one side only but the same layout: nothing to report.
  rust.records["p"] = c.records["p"];
  rust.records["p"].packed = false;
  EXPECT_THAT(Kinds(Compare(c, rust)), IsEmpty());
}

TEST(Compare, RecordKind) {
  Contract c = CSide(), rust = RustSide();
  c.records["u"] = MakeRecord("u", 8, 4, {F("a", U(32), 0, 4), F("b", U(32), 4, 4)});
  rust.records["u"] = MakeRecord("u", 8, 4, {F("a", U(32), 0, 4), F("b", U(32), 0, 4)});
  rust.records["u"].kind = RecordKind::kUnion;
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), ElementsAre("record-kind", "field-offset"));
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].truth_value, "struct");
  EXPECT_EQ(r.findings[0].assumed_value, "union");
}

TEST(Compare, StructOfMembersAtZeroIsAUnionToTheMachine) {
  // libc's `struct pthread_mutex_t { size: [u8; 40] }` for glibc's union:
  // one layout, no floating-point member to change how it is passed.
  Contract c = CSide(), rust = RustSide();
  c.records["m"] = MakeRecord("m", 8, 8, {F("__size", Type::ArrayOf(U(8), 8), 0, 8), F("__align", I(64), 0, 8)});
  c.records["m"].kind = RecordKind::kUnion;
  rust.records["m"] = MakeRecord("m", 8, 8, {F("__size", Type::ArrayOf(U(8), 8), 0, 8)});
  // `__align` is C's alone (a warning); the kinds are no finding.
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("field-extra"));
  // A float member: a union {float; int} is passed in an integer register,
  // a struct {float} in a vector register.
  c.records["f"] = MakeRecord("f", 4, 4, {F("x", Type::Float(32), 0, 4), F("i", I(32), 0, 4)});
  c.records["f"].kind = RecordKind::kUnion;
  rust.records["f"] = MakeRecord("f", 4, 4, {F("x", Type::Float(32), 0, 4)});
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("record-kind", "field-extra", "field-extra"));
}

TEST(Compare, RecordMissing) {
  Contract c = CSide(), rust = RustSide();
  rust.records["ghost"] = MakeRecord("ghost", 8, 8, {F("a", U(64), 0, 8)});
  DiffReport r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kRecordMissing);
  ASSERT_EQ(r.coverage.size(), 1u);
  EXPECT_EQ(r.coverage[0].outcome, Outcome::kUnmatched);
  EXPECT_EQ(r.coverage[0].reason, "no C definition found");
}

TEST(Compare, RecordOpaque) {
  Contract c = CSide(), rust = RustSide();
  c.records["dev"] = MakeRecord("dev", 0, 0, {});
  c.records["dev"].complete = false;
  rust.records["dev"] = MakeRecord("dev", 16, 8, {F("a", U(64), 0, 8), F("b", U(64), 8, 8)});
  DiffReport r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kRecordOpaque);
  EXPECT_EQ(r.coverage[0].outcome, Outcome::kUnmatched);
  EXPECT_EQ(r.coverage[0].reason, "C declares it only as incomplete");
  // The other direction, complete in the truth and incomplete in the
  // assumed side (Rust's `pub enum dev {}` stand-in): Rust cannot create,
  // copy or size a value of it, so nothing can disagree: clean.
  r = Compare(rust, c);
  EXPECT_TRUE(r.findings.empty()) << ::testing::PrintToString(Kinds(r));
  // Incomplete on both sides: clean.
  rust.records["dev"] = c.records["dev"];
  r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), IsEmpty());
  EXPECT_EQ(r.coverage[0].reason, "incomplete on both sides");
}

TEST(Compare, UncomputedLayoutComparesNamesAndTypesOnly) {
  Contract c = CSide(), rust = RustSide();
  c.records["iovec"] = MakeRecord("iovec", 16, 8, {F("iov_base", Ptr(Type::Void()), 0, 8), F("iov_len", U(64), 8, 8)});
  // The Rust front end could not lay it out (unknown alias): align 0, sizes 0.
  rust.records["iovec"] = MakeRecord("iovec", 0, 0, {F("iov_base", Ptr(Rec("c_void")), 0, 0), F("iov_len", U(64), 0, 0)});
  rust.notes.push_back(NoteOn("iovec", "layout not computed: unknown type `__kernel_size_t`"));
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), ElementsAre("unevaluated"));
  EXPECT_EQ(r.findings[0].message,
            "layout of `iovec` not computed by the Rust side: layout not computed: unknown type `__kernel_size_t`");
  EXPECT_TRUE(r.layouts.empty());
  rust.records["iovec"].fields[1].type = I(32);
  rust.records["iovec"].fields.push_back(F("extra", U(8), 0, 0));
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("unevaluated", "field-width", "field-missing"));
}

TEST(Compare, LayoutEquivalentTypeSpellings) {
  Contract c = CSide(), rust = RustSide();
  // Flattened (BTF) vs nested (Rust) multi-dimensional arrays.
  c.records["lru"] = MakeRecord("lru", 320, 8, {F("folios", Type::ArrayOf(Rec("list_head"), 20), 0, 320)});
  rust.records["lru"] = MakeRecord(
      "lru", 320, 8, {F("folios", Type::ArrayOf(Type::ArrayOf(Type::ArrayOf(Rec("list_head"), 5), 2), 2), 0, 320)});
  // A C function typedef vs bindgen's Option<fn> alias.
  c.typedefs["cb_t"] = TypedefOf("cb_t", Fn(Type::Void(), {I(32)}));
  rust.typedefs["cb_t"] = TypedefOf("cb_t", FnPtr(Type::Void(), {I(32)}));
  // bindgen's `P_N` for C's `struct P { struct N {..} f; }`.
  c.records["stats"] = MakeRecord("stats", 8, 8, {F("a", Rec("stat"), 0, 8)});
  c.records["stat"] = MakeRecord("stat", 8, 8, {F("total", U(64), 0, 8)});
  rust.records["stats"] = MakeRecord("stats", 8, 8, {F("a", Rec("stats_stat"), 0, 8)});
  rust.records["stats_stat"] = MakeRecord("stats_stat", 8, 8, {F("total", U(64), 0, 8)});
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), IsEmpty());
  EXPECT_EQ(r.coverage[2].item, "stats_stat");
  EXPECT_EQ(r.coverage[2].matched, "stat");
  // Inside an anonymous member: bindgen's `P__bindgen_ty_1_N`.
  c.records["q"] = MakeRecord("q", 8, 8, {F("(anon#1)", Rec("q::(anon#1)"), 0, 8)});
  c.records["q::(anon#1)"] = MakeRecord("q::(anon#1)", 8, 8, {F("h", Rec("hdr"), 0, 8)});
  c.records["hdr"] = MakeRecord("hdr", 8, 8, {F("x", U(64), 0, 8)});
  rust.records["q"] = c.records["q"];
  rust.records["q::(anon#1)"] = MakeRecord("q::(anon#1)", 8, 8, {F("h", Rec("q__bindgen_ty_1_hdr"), 0, 8)});
  rust.records["q__bindgen_ty_1_hdr"] = MakeRecord("q__bindgen_ty_1_hdr", 8, 8, {F("x", U(64), 0, 8)});
  EXPECT_THAT(Kinds(Compare(c, rust)), IsEmpty());
  // A name that merely splits into two record names is not a nested record.
  rust.records["kunit_resource"] = MakeRecord("kunit_resource", 8, 8, {F("data", U(64), 0, 8)});
  rust.records["kunit"] = MakeRecord("kunit", 8, 8, {F("x", U(64), 0, 8)});
  c.records["kunit"] = rust.records["kunit"];
  c.records["resource"] = MakeRecord("resource", 8, 8, {F("start", U(64), 0, 8)});
  r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), ElementsAre("record-missing"));
  EXPECT_EQ(r.findings[0].item, "kunit_resource");
  // Different totals still differ.
  rust.records["lru"].fields[0].type = Type::ArrayOf(Type::ArrayOf(Rec("list_head"), 5), 2);
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("record-missing", "field-type"));
}

TEST(Compare, InferredAlignmentIsNoFinding) {
  Contract btf = CSide(), rust = RustSide();
  btf.side = Side::kBtf;
  btf.records["s"] = MakeRecord("s", 8, 1, {F("a", Type::ArrayOf(U(32), 2), 0, 8)});
  btf.records["s"].packed = true;
  btf.records["s"].align_inferred = true;
  rust.records["s"] = MakeRecord("s", 8, 4, {F("a", Type::ArrayOf(U(32), 2), 0, 8)});
  EXPECT_THAT(Kinds(Compare(btf, rust)), IsEmpty());
  // Items BTF lacks are not findings either.
  rust.functions["f"] = MakeFunction("f", Type::Void(), {});
  rust.records["only_in_headers"] = MakeRecord("only_in_headers", 8, 8, {F("x", U(64), 0, 8)});
  DiffReport r = Compare(btf, rust);
  EXPECT_THAT(Kinds(r), IsEmpty());
  EXPECT_EQ(r.CountOutcome(Outcome::kUnmatched), 2u);
}

TEST(Compare, ZeroSizeFieldOfUncomputedTypeIsNotAWidthFinding) {
  Contract c = CSide(), rust = RustSide();
  c.records["u"] = MakeRecord("u", 16, 8, {F("iov", Rec("iovec"), 0, 16)});
  c.records["u"].kind = RecordKind::kUnion;
  rust.records["u"] = MakeRecord("u", 16, 8, {F("iov", Rec("iovec"), 0, 0),
                                               Artificial("bindgen_union_field", Type::ArrayOf(U(64), 2), 0, 16)});
  rust.records["u"].kind = RecordKind::kUnion;
  EXPECT_THAT(Kinds(Compare(c, rust)), IsEmpty());
  // A type the Rust side did lay out as empty keeps the size check.
  c.records["iovec"] = MakeRecord("iovec", 16, 8, {F("b", U(64), 0, 8), F("l", U(64), 8, 8)});
  rust.records["iovec"] = MakeRecord("iovec", 0, 8, {});
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("record-size", "field-extra", "field-extra", "field-width"));
}

TEST(Compare, PlaceholderForIncompleteCIsClean) {
  Contract c = CSide(), rust = RustSide();
  c.records["autogroup"] = MakeRecord("autogroup", 0, 0, {});
  c.records["autogroup"].complete = false;
  rust.records["autogroup"] = MakeRecord("autogroup", 1, 1, {Artificial("_address", U(8), 0, 1)});
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), IsEmpty());
  EXPECT_EQ(r.coverage[0].outcome, Outcome::kClean);
  EXPECT_EQ(r.coverage[0].reason, "opaque on both sides (C incomplete, Rust a placeholder)");
}

TEST(Compare, EnumeratorConstantsWithBindgenNames) {
  Contract c = CSide(), rust = RustSide();
  c.records["ctl_table_header"] = MakeRecord("ctl_table_header", 4, 4, {F("type", U(32), 0, 4)});
  c.enums["(anon at sysctl.h:9)"] = MakeEnum("(anon at sysctl.h:9)", U(32), 4, {{"SYSCTL_TABLE_TYPE_DEFAULT", 0}});
  c.enums["(anon at stddef.h:5)"] = MakeEnum("(anon at stddef.h:5)", U(32), 4, {{"false", 0}, {"true", 1}});
  rust.constants["ctl_table_header_SYSCTL_TABLE_TYPE_DEFAULT"] =
      IntConst("ctl_table_header_SYSCTL_TABLE_TYPE_DEFAULT", 0, U(32));
  rust.constants["false_"] = IntConst("false_", 0, U(32));
  rust.constants["true_"] = IntConst("true_", 2, U(32));
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), ElementsAre("constant-value"));
  EXPECT_EQ(r.findings[0].item, "true_");
  // U64_MAX evaluated by bindgen as i32 -1: every cast Rust code can apply
  // gives C's value back, so it is no finding ...
  c.constants["NOT_SET"] = IntConst("NOT_SET", 0, U(64));
  c.constants["NOT_SET"].int_value = IntValue::OfUnsigned(UINT64_MAX);
  rust.constants = {{"NOT_SET", IntConst("NOT_SET", -1, I(32))}};
  EXPECT_THAT(Kinds(Compare(c, rust)), IsEmpty());
  // ... but UINT_MAX >> 9 evaluated as (i32)-1 >> 9 = -1 is (BIO_MAX_SECTORS).
  c.constants["NOT_SET"].int_value = IntValue::OfUnsigned(0x7fffff);
  Finding f = Only(Compare(c, rust));
  EXPECT_EQ(f.kind, MismatchKind::kConstantValue);
  EXPECT_EQ(f.truth_value, "8388607");
  EXPECT_EQ(f.assumed_value, "-1");
}

TEST(Compare, BindgenPlaceholderIsOpaque) {
  Contract c = CSide(), rust = RustSide();
  c.records["autogroup"] = MakeRecord("autogroup", 72, 8, {F("kref", U(32), 0, 4), F("id", U(64), 56, 8)});
  rust.records["autogroup"] = MakeRecord("autogroup", 1, 1, {Artificial("_address", U(8), 0, 1)});
  Finding f = Only(Compare(c, rust));
  EXPECT_EQ(f.kind, MismatchKind::kRecordOpaque);
  EXPECT_EQ(f.assumed_value, "placeholder, 1 byte");
  // An empty C struct is not a placeholder mismatch: sizes differ for real (0 vs 1).
  c.records["autogroup"] = MakeRecord("autogroup", 0, 1, {});
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("record-size"));
}

TEST(Compare, FieldOffset) {
  Contract c = CSide(), rust = RustSide();
  c.records["file"] = MakeRecord("file", 48, 8, {F("f_op", Ptr(Rec("ops")), 16, 8), F("f_pos", I(64), 40, 8)});
  rust.records["file"] = MakeRecord("file", 48, 8, {F("f_pos", I(64), 16, 8), F("f_op", Ptr(Rec("ops")), 40, 8)});
  DiffReport r = Compare(c, rust);
  ASSERT_THAT(Kinds(r), ElementsAre("field-offset", "field-offset"));
  const Finding& f = r.findings[1];
  EXPECT_EQ(f.member, "f_op");
  EXPECT_EQ(f.truth_value, "16");
  EXPECT_EQ(f.assumed_value, "40");
  EXPECT_EQ(f.consequence,
            "Rust reads `f_op` from offset 40, C keeps it at 16: in C, bytes 40..48 hold `f_pos` (40..48)");
}

TEST(Compare, CompatU64Scenario) {
  Contract c = CSide(), rust = RustSide();
  AddCompatScenario(c, rust);
  DiffReport r = Compare(c, rust);
  ASSERT_THAT(Kinds(r), ElementsAre("record-size", "record-align", "field-offset", "field-offset"));
  EXPECT_EQ(r.findings[0].truth_value, "160");
  EXPECT_EQ(r.findings[0].assumed_value, "168");
  EXPECT_EQ(r.findings[1].truth_value, "4");
  EXPECT_EQ(r.findings[1].assumed_value, "8");
  const Finding& cookie = r.findings[2];
  EXPECT_EQ(cookie.member, "cookie");
  EXPECT_EQ(cookie.truth_value, "36");
  EXPECT_EQ(cookie.assumed_value, "40");
  EXPECT_EQ(cookie.truth_loc.line, 52u);
  EXPECT_EQ(cookie.assumed_loc.line, 1002u);
  EXPECT_EQ(cookie.consequence,
            "Rust reads `cookie` from offset 40, C keeps it at 36 (C places this 8-byte `compat_u64` at "
            "4-byte-aligned offset 36, Rust at 8-byte-aligned offset 40): in C, bytes 40..48 hold "
            "`cookie` (36..44) and `tail` (44..160)");
  EXPECT_EQ(r.findings[3].member, "tail");
  EXPECT_THAT(r.findings[0].consequence,
              HasSubstr("Rust believes `compat_spec` is 168 bytes; C allocates 160: any Rust access past byte "
                        "160 (e.g. `tail` at 48..164)"));
  ASSERT_EQ(r.layouts.count("compat_spec"), 1u);
}

TEST(Compare, FlexibleArrayOffset) {
  Contract c = CSide(), rust = RustSide();
  Type flex = Type::ArrayOf(U(32), 0);
  flex.flexible = true;
  c.records["r"] = MakeRecord("r", 4, 4, {F("n", U(32), 0, 4), F("locs", flex, 4, 0)});
  rust.records["r"] = MakeRecord("r", 8, 8, {F("n", U(64), 0, 8), F("locs", flex, 8, 0)});
  DiffReport r = Compare(c, rust);
  ASSERT_THAT(Kinds(r), ElementsAre("record-size", "record-align", "field-width", "field-offset"));
  EXPECT_THAT(r.findings[0].consequence, HasSubstr("any Rust access past byte 4 (e.g. `n` at 0..8)"));
  EXPECT_EQ(r.findings[3].consequence,
            "Rust reads `locs` from offset 8, C keeps it at 4: every element Rust indexes is 4 bytes past the one C "
            "means");
}

TEST(Compare, FieldWidth) {
  Contract c = CSide(), rust = RustSide();
  c.records["s"] = MakeRecord("s", 16, 8, {F("x", U(32), 0, 4), F("y", U(64), 8, 8)});
  rust.records["s"] = MakeRecord("s", 16, 8, {F("x", U(64), 0, 8), F("y", U(64), 8, 8)});
  const Finding& f = Only(Compare(c, rust));
  EXPECT_EQ(f.kind, MismatchKind::kFieldWidth);
  EXPECT_EQ(f.consequence, "Rust accesses 8 bytes for `x` (0..8), C's `x` is 4 bytes: in C, bytes 4..8 hold padding");
  const Finding& g = Only(Compare(rust, c));
  EXPECT_THAT(g.consequence, HasSubstr("C accesses only 4 of the 8 bytes of `x`: Rust values that need more than "
                                       "32 bits are read wrongly"));
}

TEST(Compare, FieldMissingAndExtra) {
  Contract c = CSide(), rust = RustSide();
  c.records["s"] = MakeRecord("s", 16, 8, {F("x", U(32), 0, 4), F("y", U(64), 8, 8)});
  rust.records["s"] = MakeRecord("s", 16, 8, {F("x", U(32), 0, 4), F("z", U(32), 4, 4), F("y", U(64), 8, 8)});
  // Rust's `z` lies in C's padding (bytes 4..8): the layouts agree, and
  // Rust names bytes C leaves unset.
  const Finding& f = Only(Compare(c, rust));
  EXPECT_EQ(f.kind, MismatchKind::kFieldNamesPadding);
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.member, "z");
  EXPECT_THAT(f.consequence, HasSubstr("no C member is stored there"));
  const Finding& g = Only(Compare(rust, c));
  EXPECT_EQ(g.kind, MismatchKind::kFieldExtra);
  EXPECT_EQ(g.severity, Severity::kWarning);
  // Over a C member it does not match, it is a missing field.
  rust.records["s"] = MakeRecord("s", 16, 8, {F("x", U(32), 0, 4), F("z", U(32), 8, 4), F("w", U(32), 12, 4)});
  DiffReport over = Compare(c, rust);
  ASSERT_THAT(Kinds(over), ElementsAre("field-missing", "field-missing", "field-extra"));
  EXPECT_EQ(over.findings[0].consequence, "Rust's `z` (8..12) does not exist in C: in C, bytes 8..12 hold `y` (8..16)");
}

TEST(Compare, FieldType) {
  Contract c = CSide(), rust = RustSide();
  c.records["s"] = MakeRecord("s", 16, 8, {F("p", Ptr(Rec("inode")), 0, 8), F("q", Ptr(Rec("inode")), 8, 8)});
  rust.records["s"] = MakeRecord("s", 16, 8, {F("p", U(64), 0, 8), F("q", Ptr(Rec("dentry")), 8, 8)});
  DiffReport r = Compare(c, rust);
  ASSERT_THAT(Kinds(r), ElementsAre("field-type", "field-type"));
  EXPECT_EQ(r.findings[0].consequence, "Rust interprets bytes 0..8 (`p`) as u64; C stores *mut inode there");
  EXPECT_THAT(r.findings[1].consequence, HasSubstr("pointer to inode vs pointer to dentry"));
  // Rust enum (only its variants valid) where C has a plain int.
  c.records["s"].fields = {F("mode", U(32), 0, 4)};
  rust.records["s"].fields = {F("mode", En("mode"), 0, 4)};
  c.records["s"].size_bytes = rust.records["s"].size_bytes = 4;
  c.records["s"].align_bytes = rust.records["s"].align_bytes = 4;
  rust.enums["mode"] = MakeEnum("mode", U(32), 4, {{"A", 0}}, "rustified");
  c.enums["mode"] = MakeEnum("mode", U(32), 4, {{"A", 0}});
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("field-type"));
}

TEST(Compare, FieldSignedness) {
  Contract c = CSide(), rust = RustSide();
  c.records["s"] = MakeRecord("s", 4, 4, {F("x", U(32), 0, 4)});
  rust.records["s"] = MakeRecord("s", 4, 4, {F("x", I(32), 0, 4)});
  const Finding& f = Only(Compare(c, rust));
  EXPECT_EQ(f.kind, MismatchKind::kFieldSignedness);
  EXPECT_EQ(f.consequence, "Rust reads `x` as i32, C stores u32: C values from 2147483648 up appear negative in Rust");
}

TEST(Compare, BitfieldPositionAndWidth) {
  Contract c = CSide(), rust = RustSide();
  c.records["b"] = MakeRecord("b", 4, 4, {Bitfield("lo", U(32), 0, 3), Bitfield("x", U(32), 3, 2)});
  rust.records["b"] = MakeRecord("b", 4, 4, {Bitfield("lo", U(32), 0, 3), Bitfield("x", U(32), 5, 2)});
  const Finding& f = Only(Compare(c, rust));
  EXPECT_EQ(f.kind, MismatchKind::kBitfieldPosition);
  EXPECT_EQ(f.truth_value, "bit 3");
  EXPECT_EQ(f.assumed_value, "bit 5");
  rust.records["b"] = MakeRecord("b", 4, 4, {Bitfield("lo", U(32), 0, 4), Bitfield("x", U(32), 3, 2)});
  DiffReport r = Compare(c, rust);
  ASSERT_THAT(Kinds(r), ElementsAre("bitfield-width"));
  EXPECT_THAT(r.findings[0].consequence, HasSubstr("bits 3..4 hold `x` (bits 3..5)"));
  // A bitfield on one side only.
  rust.records["b"] = MakeRecord("b", 4, 4, {Bitfield("lo", U(32), 0, 3), F("x", U(8), 1, 1)});
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("bitfield-width"));
}

TEST(Compare, BitfieldSignedness) {
  Contract c = CSide(), rust = RustSide();
  c.records["b"] = MakeRecord("b", 4, 4, {Bitfield("x", I(32), 0, 3)});
  rust.records["b"] = MakeRecord("b", 4, 4, {Bitfield("x", U(32), 0, 3)});
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kFieldSignedness);
}

TEST(Compare, EnumKinds) {
  Contract c = CSide(), rust = RustSide();
  c.enums["e"] = MakeEnum("e", U(32), 4, {{"A", 0}, {"B", 1}, {"C", 2}});
  rust.enums["e"] = MakeEnum("e", U(8), 1, {{"A", 0}, {"B", 1}, {"C", 2}}, "rustified");
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kEnumSize);

  rust.enums["e"] = MakeEnum("e", I(32), 4, {{"A", 0}, {"B", 1}, {"C", 2}}, "consts");
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kEnumSignedness);

  rust.enums["e"] = MakeEnum("e", U(32), 4, {{"A", 0}, {"B", 2}, {"C", 3}}, "consts");
  DiffReport r = Compare(c, rust);
  ASSERT_THAT(Kinds(r), ElementsAre("enum-value", "enum-value"));
  EXPECT_EQ(r.findings[0].member, "B");
  EXPECT_EQ(r.findings[0].consequence,
            "Rust sends 2 for `B`, which C reads as `C`; C's `B` (1) reaches Rust as a value Rust does not define");

  rust.enums["e"] = MakeEnum("e", U(32), 4, {{"A", 0}, {"B", 1}}, "rustified");
  r = Compare(c, rust);
  const Finding& f = Only(r);
  EXPECT_EQ(f.kind, MismatchKind::kEnumMissingValue);
  EXPECT_EQ(f.member, "C");
  EXPECT_THAT(f.consequence, HasSubstr("is undefined behaviour"));
  // The same enum in consts style: a missing enumerator is harmless.
  rust.enums["e"].rust_style = "consts";
  EXPECT_THAT(Kinds(Compare(c, rust)), IsEmpty());

  rust.enums["e"] = MakeEnum("e", U(32), 4, {{"A", 0}, {"B", 1}, {"C", 2}, {"D", 3}}, "consts");
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kEnumExtraValue);

  rust.enums["ghost"] = MakeEnum("ghost", U(32), 4, {{"GHOST_A", 0}}, "consts");
  rust.enums.erase("e");
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kEnumMissing);
}

TEST(Compare, AnonymousEnumMatchedByEnumerator) {
  Contract c = CSide(), rust = RustSide();
  c.enums["(anon enum at x.h:3)"] = MakeEnum("(anon enum at x.h:3)", U(32), 4, {{"FOO", 1}, {"BAR", 2}});
  Enum e = MakeEnum("_bindgen_ty_1", U(32), 4, {{"FOO", 1}, {"BAR", 3}}, "consts");
  e.anonymous = true;
  rust.enums["_bindgen_ty_1"] = e;
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), ElementsAre("enum-value"));
  EXPECT_EQ(r.coverage[0].matched, "(anon enum at x.h:3)");
}

TEST(Compare, ConstantKinds) {
  Contract c = CSide(), rust = RustSide();
  c.constants["PAGE_SIZE"] = IntConst("PAGE_SIZE", 16384, U(64));
  rust.constants["PAGE_SIZE"] = IntConst("PAGE_SIZE", 4096, U(32));
  const Finding& f = Only(Compare(c, rust));
  EXPECT_EQ(f.kind, MismatchKind::kConstantValue);
  EXPECT_EQ(f.consequence, "Rust code that passes or compares `PAGE_SIZE` uses 4096 where C means 16384");
  c.constants.clear();
  DiffReport r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kConstantMissing);
  // A constant the C front end could not evaluate is a note, not a finding.
  c.notes.push_back(NoteOn("PAGE_SIZE", "macro expands to a function call"));
  r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kUnevaluated);
  EXPECT_EQ(r.coverage[0].reason, "C could not evaluate it: macro expands to a function call");
  // Strings and floats.
  c.notes.clear();
  contract::Constant cs;
  cs.name = "NAME";
  cs.kind = contract::ConstantKind::kString;
  cs.string_value = "abc";
  contract::Constant rs = cs;
  rs.string_value = std::string("abc\0", 4);
  c.constants = {{"NAME", cs}};
  rust.constants = {{"NAME", rs}};
  EXPECT_THAT(Kinds(Compare(c, rust)), IsEmpty());
  rs.string_value = "abd";
  rust.constants = {{"NAME", rs}};
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("constant-value"));
}

TEST(Compare, FunctionMissingAndNoSymbol) {
  Contract c = CSide(), rust = RustSide();
  rust.functions["ghost"] = MakeFunction("ghost", Type::Void(), {});
  DiffReport r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kFunctionMissing);
  EXPECT_EQ(r.coverage[0].reason, "no C declaration found");
  c.functions["ghost"] = MakeFunction("ghost", Type::Void(), {});
  c.functions["ghost"].has_symbol = false;
  r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kFunctionNoSymbol);
  EXPECT_EQ(r.coverage[0].outcome, Outcome::kUnmatched);
  EXPECT_EQ(r.coverage[0].reason, "C has it as static inline");
}

TEST(Compare, FunctionParams) {
  Contract c = CSide(), rust = RustSide();
  c.functions["f"] = MakeFunction("f", I(32), {{"buf", Ptr(Rec("page"))}, {"count", U(64)}, {"flags", U(32)}});
  rust.functions["f"] = MakeFunction("f", I(32), {{"buf", Ptr(Rec("page"))}, {"count", U(32)}});
  DiffReport r = Compare(c, rust);
  ASSERT_THAT(Kinds(r), ElementsAre("function-param-count", "function-param-width"));
  EXPECT_THAT(r.findings[0].consequence, HasSubstr("C reads parameter 3 (`flags`)"));
  EXPECT_EQ(r.findings[1].member, "count");
  EXPECT_EQ(r.findings[1].consequence, "Rust passes `count` as u32; C reads 64 bits: the upper half is garbage");

  rust.functions["f"] = MakeFunction("f", I(32), {{"buf", U(64)}, {"count", I(64)}, {"flags", U(32)}});
  r = Compare(c, rust);
  ASSERT_THAT(Kinds(r), ElementsAre("function-param-type", "function-signedness"));
  EXPECT_EQ(r.findings[1].severity, Severity::kWarning);

  rust.functions["f"] = c.functions["f"];
  rust.functions["f"].params[0].type = FnPtr(I(32), {U(32)});
  c.functions["f"].params[0].type = FnPtr(I(32), {U(64)});
  EXPECT_THAT(Kinds(Compare(c, rust)), ElementsAre("function-pointer-type"));
}

TEST(Compare, ArrayParameterIsAnOpaqueBlobOfTheRecordCPassesByValue) {
  // aarch64: `int vprintk(const char *, va_list)` with bindgen's
  // `va_list = [u64; 4]`. Both sides pass a pointer to a 32-byte copy.
  Contract c = CSide(), rust = RustSide();
  c.records["__va_list"] = MakeRecord("__va_list", 32, 8,
                                      {F("__stack", Ptr(Type::Void()), 0, 8), F("__gr_top", Ptr(Type::Void()), 8, 8),
                                       F("__vr_top", Ptr(Type::Void()), 16, 8), F("__gr_offs", I(32), 24, 4),
                                       F("__vr_offs", I(32), 28, 4)});
  c.typedefs["va_list"] = TypedefOf("va_list", Rec("__va_list"));
  rust.typedefs["va_list"] = TypedefOf("va_list", Type::ArrayOf(U(64), 4));
  c.functions["vprintk"] = MakeFunction("vprintk", I(32), {{"fmt", Ptr(U(8))}, {"args", Td("va_list")}});
  rust.functions["vprintk"] = c.functions["vprintk"];
  EXPECT_THAT(Kinds(Compare(c, rust)), ::testing::IsEmpty());
  // A blob of another size is a different type.
  rust.typedefs["va_list"] = TypedefOf("va_list", Type::ArrayOf(U(64), 3));
  EXPECT_THAT(Kinds(Compare(c, rust)), ::testing::Contains("function-param-type"));
}

TEST(Compare, FunctionReturnAndAttributes) {
  Contract c = CSide(), rust = RustSide();
  c.functions["f"] = MakeFunction("f", U(64), {});
  rust.functions["f"] = MakeFunction("f", U(32), {});
  DiffReport r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kFunctionReturnWidth);
  EXPECT_EQ(r.findings[0].consequence, "C returns 64 bits (u64), Rust reads it as u32: the upper 32 bits are lost");

  rust.functions["f"] = MakeFunction("f", Ptr(Rec("page")), {});
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kFunctionReturnType);

  c.functions["f"] = MakeFunction("f", Type::Void(), {});
  rust.functions["f"] = MakeFunction("f", I(32), {});
  r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kFunctionReturnType);
  EXPECT_THAT(r.findings[0].consequence, HasSubstr("C returns nothing"));

  c.functions["f"] = MakeFunction("f", I(32), {{"ret", U(32)}});
  rust.functions["f"] = MakeFunction("f", U(32), {{"ret", U(32)}});
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kFunctionSignedness);

  rust.functions["f"] = c.functions["f"];
  rust.functions["f"].variadic = true;
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kFunctionVariadic);

  rust.functions["f"] = c.functions["f"];
  rust.functions["f"].calling_conv = "stdcall";
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kFunctionCallingConvention);

  c.functions["g"] = MakeFunction("g", Type::Void(), {});
  rust.functions = {{"g", c.functions["g"]}};
  rust.functions["g"].no_return = true;
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kFunctionNoReturn);
  c.functions["g"].no_return = true;
  EXPECT_THAT(Kinds(Compare(c, rust)), IsEmpty());
}

TEST(Compare, FunctionPointerFields) {
  Contract c = CSide(), rust = RustSide();
  c.records["ops"] = MakeRecord("ops", 8, 8, {F("open", FnPtr(I(32), {Ptr(Rec("inode")), Ptr(Rec("file"))}), 0, 8)});
  rust.records["ops"] = MakeRecord("ops", 8, 8, {F("open", FnPtr(I(32), {Ptr(Rec("inode"))}), 0, 8)});
  DiffReport r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kFunctionPointerType);
  EXPECT_THAT(r.findings[0].consequence, HasSubstr("2 vs 1 parameters"));
  rust.records["ops"] = c.records["ops"];
  rust.records["ops"].fields[0].type.nullable = false;
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kFunctionPointerNullability);
}

TEST(Compare, TypedefsAndVariables) {
  Contract c = CSide(), rust = RustSide();
  c.typedefs["pid_t"] = TypedefOf("pid_t", I(32));
  rust.typedefs["pid_t"] = TypedefOf("pid_t", I(64));
  rust.typedefs["_bindgen_ty_1"] = TypedefOf("_bindgen_ty_1", U(32));
  DiffReport r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kTypedefMismatch);
  EXPECT_EQ(r.CountOutcome(Outcome::kUnmatched), 1u);

  c.typedefs.clear();
  rust.typedefs.clear();
  c.variables["jiffies"] = Var("jiffies", U(64));
  rust.variables["jiffies"] = Var("jiffies", U(32));
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kVariableType);
  c.variables.clear();
  EXPECT_EQ(Only(Compare(c, rust)).kind, MismatchKind::kVariableMissing);
}

TEST(Compare, UnknownTypesAreNotes) {
  Contract c = CSide(), rust = RustSide();
  c.records["s"] = MakeRecord("s", 8, 8, {F("x", Type::Unknown("__int256"), 0, 8)});
  rust.records["s"] = MakeRecord("s", 8, 8, {F("x", U(64), 0, 8)});
  DiffReport r = Compare(c, rust);
  EXPECT_EQ(Only(r).kind, MismatchKind::kUnevaluated);
  EXPECT_EQ(ExitCode(r), 1);
  EXPECT_EQ(ExitCode(r, Severity::kWarning), 0);
}

TEST(Compare, HostileTypesTerminate) {
  Contract c = CSide(), rust = RustSide();
  // Cyclic typedefs on both sides.
  c.typedefs["a"] = TypedefOf("a", Td("b"));
  c.typedefs["b"] = TypedefOf("b", Td("a"));
  rust.typedefs["r1"] = TypedefOf("r1", Td("r2"));
  rust.typedefs["r2"] = TypedefOf("r2", Td("r1"));
  // Deeply nested pointers.
  Type deep = U(8), deep2 = I(8);
  for (int i = 0; i < 200; ++i) {
    deep = Ptr(deep);
    deep2 = Ptr(deep2);
  }
  c.records["s"] = MakeRecord("s", 16, 8, {F("x", Td("a"), 0, 8), F("p", deep, 8, 8)});
  rust.records["s"] = MakeRecord("s", 16, 8, {F("x", Td("r1"), 0, 8), F("p", deep2, 8, 8)});
  DiffReport r = Compare(c, rust);
  EXPECT_THAT(Kinds(r), ElementsAre("unevaluated", "unevaluated"));
  EXPECT_THAT(r.findings[0].message, HasSubstr("cyclic"));
  EXPECT_THAT(r.findings[1].message, HasSubstr("deeper than"));
}

// -------------------------------------------------------------- filters --

TEST(Compare, FiltersDropAndCount) {
  Contract c = CSide(), rust = RustSide();
  AddCompatScenario(c, rust);
  DiffOptions o;
  o.kinds = *ParseKindFilter("field-offset");
  DiffReport r = Compare(c, rust, o);
  EXPECT_THAT(Kinds(r), ElementsAre("field-offset", "field-offset"));
  EXPECT_EQ(r.suppressed, 2u);
  EXPECT_EQ(r.counts[static_cast<size_t>(MismatchKind::kFieldOffset)], 2u);
  EXPECT_EQ(r.counts[static_cast<size_t>(MismatchKind::kRecordSize)], 0u);

  rust.records["compat_spec"].fields[0].type = Type::ArrayOf(I(8), 36);
  o = {};
  o.min_severity = Severity::kError;
  r = Compare(c, rust, o);
  EXPECT_EQ(r.suppressed, 1u);  // the warning-level field-signedness
  EXPECT_EQ(r.findings.size(), 4u);
  o.kinds.reset();
  r = Compare(c, rust, o);
  EXPECT_THAT(Kinds(r), IsEmpty());
  EXPECT_EQ(ExitCode(r), 0);
  EXPECT_EQ(r.coverage[0].outcome, Outcome::kClean);
}

TEST(Compare, DeterministicOrder) {
  Contract c = RichContract(Side::kC), rust = RichContract(Side::kRust);
  AddCompatScenario(c, rust);
  rust.functions["kmalloc"].params[1].type = U(64);
  rust.constants["PAGE_SIZE"].int_value = IntValue::Of(1);
  DiffReport a = Compare(c, rust), b = Compare(c, rust);
  ASSERT_EQ(Kinds(a), Kinds(b));
  EXPECT_THAT(Kinds(a), ElementsAre("record-size", "record-align", "field-offset", "field-offset",
                                    "function-param-width", "constant-value"));
  for (size_t i = 0; i + 1 < a.coverage.size(); ++i) {
    const CoverageEntry& x = a.coverage[i];
    const CoverageEntry& y = a.coverage[i + 1];
    EXPECT_TRUE(x.item_kind < y.item_kind || (x.item_kind == y.item_kind && x.item < y.item));
  }
}

}  // namespace
}  // namespace bindfuzz::diff
