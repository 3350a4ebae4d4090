// The layout engine on hand-written tables: C structs of this file stand in
// for the generated C side, tables state what "Rust" believes. Built with
// ASan+UBSan as generated targets are; every report aborts, so reports are
// death tests and their tag lines are checked byte for byte.
#include "bf_layout_engine.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

using ::testing::HasSubstr;

// ---- The "C side": struct tpair { int a; int b; }.
struct TPair {
  int a;
  int b;
};
size_t PairSizeof() { return sizeof(TPair); }
size_t PairAlignof() { return alignof(TPair); }
void PairCopy(void* dst, const void* src) { std::memcpy(dst, src, sizeof(TPair)); }
void PairTouch(const void* obj) {
  const TPair* p = static_cast<const TPair*>(obj);
  __asm__ volatile("" : : "r"(&p->a));
}
void PairWriteA(void* obj, const void* src) { std::memcpy(&static_cast<TPair*>(obj)->a, src, 4); }
void PairReadA(const void* obj, void* dst) { std::memcpy(dst, &static_cast<const TPair*>(obj)->a, 4); }
void PairWriteB(void* obj, const void* src) { std::memcpy(&static_cast<TPair*>(obj)->b, src, 4); }
void PairReadB(const void* obj, void* dst) { std::memcpy(dst, &static_cast<const TPair*>(obj)->b, 4); }

// Rust's view of tpair: `b_rust` is where Rust believes b is.
std::vector<BfField> PairFields(size_t b_rust) {
  return {{"a", 0, 4, 0, 4, PairWriteA, PairReadA}, {"b", 4, 4, b_rust, 4, PairWriteB, PairReadB}};
}

BfRecord PairRecord(const std::vector<BfField>& fields, size_t rust_size) {
  return {"struct tpair", rust_size, 4,       PairSizeof, PairAlignof, PairCopy, PairTouch,
          nullptr,        fields.data(), fields.size(), nullptr, 0, nullptr, 0};
}

// An input the FuzzedDataProvider reads: `front` from the front (data),
// `back` from the end (integers: the last byte is read first).
std::vector<uint8_t> Input(std::vector<uint8_t> front, std::vector<uint8_t> back_read_order) {
  for (auto it = back_read_order.rbegin(); it != back_read_order.rend(); ++it) front.push_back(*it);
  return front;
}

TEST(LayoutEngine, AgreeingRecordIsCleanInEveryCase) {
  const auto fields = PairFields(4);
  const BfRecord r = PairRecord(fields, sizeof(TPair));
  for (uint8_t field : {0, 1}) {
    for (bool rust_allocates : {false, true}) {
      const auto in = Input({1, 2, 3, 4}, {field});
      FuzzedDataProvider fdp(in.data(), in.size());
      bf_layout::LayoutCase(r, rust_allocates, fdp);
    }
  }
  bf_layout::AlignmentCase(r);
  // And through the entry point, on arbitrary inputs.
  const BfLayoutTarget t = {&r, 1, nullptr, 0};
  std::mt19937 rng(1);
  std::vector<uint8_t> in(40);  // never a null data pointer, as from libFuzzer
  for (int i = 0; i < 2000; ++i) {
    for (auto& b : in) b = static_cast<uint8_t>(rng());
    EXPECT_EQ(bf_layout_run(&t, in.data(), rng() % in.size()), 0);
  }
}

TEST(LayoutEngine, EmptyTargetAcceptsAnyInput) {
  const BfLayoutTarget t = {nullptr, 0, nullptr, 0};
  const uint8_t in[] = {1, 2, 3};
  EXPECT_EQ(bf_layout_run(&t, in, sizeof in), 0);
  EXPECT_EQ(bf_layout_run(&t, in, 0), 0);
}

TEST(LayoutEngineDeathTest, FieldOffsetIsOneTagLine) {
  // (b) Rust believes b is at 0: what Rust stores there, C does not read
  // back from b.
  const auto fields = PairFields(0);
  const BfRecord r = PairRecord(fields, sizeof(TPair));
  const auto in = Input({1, 2, 3, 4}, {1});  // field 1 (b), value 01 02 03 04
  EXPECT_DEATH(
      {
        FuzzedDataProvider fdp(in.data(), in.size());
        bf_layout::LayoutCase(r, /*rust_allocates=*/false, fdp);
      },
      "BINDFUZZ-MISMATCH: field-offset struct tpair\\.b rust=0 c=4\n");
}

TEST(LayoutEngineDeathTest, RustLargerIsAHeapOverflowOfCsObject) {
#if defined(__has_feature)
#if !__has_feature(address_sanitizer)
  GTEST_SKIP() << "needs ASan";
#endif
#endif
  // (a) Rust believes tpair is 12 bytes and copies it by value.
  const auto fields = PairFields(4);
  const BfRecord r = PairRecord(fields, 12);
  const auto in = Input({1, 2, 3, 4}, {0});
  EXPECT_DEATH(
      {
        FuzzedDataProvider fdp(in.data(), in.size());
        bf_layout::LayoutCase(r, /*rust_allocates=*/false, fdp);
      },
      "heap-buffer-overflow(.|\n)*0 bytes after 8-byte region");
}

// ---- (f) struct tbits { unsigned a : 3; unsigned b : 5; }.
struct TBits {
  unsigned a : 3;
  unsigned b : 5;
};
size_t BitsSizeof() { return sizeof(TBits); }
size_t BitsAlignof() { return alignof(TBits); }
void BitsCopy(void* dst, const void* src) { std::memcpy(dst, src, sizeof(TBits)); }
unsigned long long BitsGetB(const void* obj) { return static_cast<const TBits*>(obj)->b; }
void BitsSetB(void* obj, unsigned long long v) { static_cast<TBits*>(obj)->b = v; }

TEST(LayoutEngineDeathTest, BitfieldWidthNamesBothSides) {
  const BfBitfield bits[] = {{"b", 3, 5, 4, 4, BitsGetB, BitsSetB}};
  const BfRecord r = {"struct tbits", 4,       4, BitsSizeof, BitsAlignof, BitsCopy, nullptr,
                      nullptr,        nullptr, 0, bits,       1,           nullptr,  0};
  const auto in = Input({}, {0, 0, 0, 0, 0, 0, 0, 0x1f});  // v = 0x1f
  EXPECT_DEATH(
      {
        FuzzedDataProvider fdp(in.data(), in.size());
        bf_layout::BitfieldCase(r, fdp);
      },
      "BINDFUZZ-MISMATCH: bitfield-width struct tbits\\.b rust=bit 4 width 4 c=bit 3 width 5 "
      "wrote=31 read=15\n");
}

// ---- (e) struct tflag { unsigned char on; } read by Rust as a bool.
struct TFlag {
  unsigned char on;
};
size_t FlagSizeof() { return sizeof(TFlag); }
size_t FlagAlignof() { return alignof(TFlag); }
void FlagCopy(void* dst, const void* src) { std::memcpy(dst, src, sizeof(TFlag)); }
void FlagSetOn(void* obj, long long v) { static_cast<TFlag*>(obj)->on = static_cast<unsigned char>(v); }

TEST(LayoutEngineDeathTest, BoolReadOfAnotherByteIsFieldType) {
  static const unsigned long long kBool[] = {0, 1};
  const BfValue values[] = {
      {"on", "bool", "field-type", 0, 1, FlagSetOn, nullptr, 0, kBool, 2}};
  const BfRecord r = {"struct tflag", 1,       1, FlagSizeof, FlagAlignof, FlagCopy, nullptr,
                      nullptr,        nullptr, 0, nullptr,    0,           values,   1};
  const auto ok = Input({}, {0x80, 0, 0, 0, 0, 0, 0, 1});
  FuzzedDataProvider fdp(ok.data(), ok.size());
  bf_layout::ValueCase(r, fdp);  // C stores 1: valid
  // ConsumeIntegral<long long> counts from INT64_MIN: 0x80..02 is 2.
  const auto bad = Input({}, {0x80, 0, 0, 0, 0, 0, 0, 2});
  EXPECT_DEATH(
      {
        FuzzedDataProvider f(bad.data(), bad.size());
        bf_layout::ValueCase(r, f);
      },
      "BINDFUZZ-MISMATCH: field-type struct tflag\\.on rust=bool value=2 \\(C stored 2\\)\n");
}

// ---- (d) `int c_level(int v)` that Rust declares as taking an i64.
unsigned long long g_received[1];
unsigned long long g_ret;
int CLevel(int v) {
  g_received[0] = 0;
  std::memcpy(&g_received[0], &v, sizeof v);
  int r;
  std::memcpy(&r, &g_ret, sizeof r);
  return r;
}
void* CLevelAddr() { return reinterpret_cast<void*>(&CLevel); }
void CLevelSetRet(unsigned long long v) { g_ret = v; }
// The call as the ABI makes it: the callee sees the low 32 bits.
void CallAsRust(void* fn, const unsigned long long* args, unsigned long long* ret) {
  auto f = reinterpret_cast<int (*)(int)>(fn);
  const int r = f(static_cast<int>(args[0]));
  *ret = 0;
  std::memcpy(ret, &r, sizeof r);
}

TEST(LayoutEngineDeathTest, ParamWidthNamesWhatWasSentAndReceived) {
  static const BfAbi kC[] = {{'i', 32, true}};
  static const BfAbi kRust[] = {{'i', 64, true}};
  const BfFunction fn = {"c_level", 1,       kC,      1,       kRust,  {'i', 32, true},
                         {'i', 32, true},    CLevelAddr, CLevelSetRet, g_received, CallAsRust,
                         nullptr,            0,       nullptr, 0};
  // A value that fits in 32 bits arrives intact: no report.
  const auto fits = Input({}, {0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 3});
  FuzzedDataProvider fdp(fits.data(), fits.size());
  bf_layout::FunctionCase(fn, fdp);
  std::vector<uint8_t> wide(16, 0x11);
  EXPECT_DEATH(
      {
        FuzzedDataProvider f(wide.data(), wide.size());
        bf_layout::FunctionCase(fn, f);
      },
      "BINDFUZZ-MISMATCH: function-param-width c_level param 0 rust=i64 c=i32 "
      "sent=0x1111111111111111 received=0x11111111\n");
}

TEST(LayoutEngine, TraceNamesWhatAnInputTouches) {
  const auto fields = PairFields(4);
  const BfRecord r = PairRecord(fields, sizeof(TPair));
  const auto in = Input({1, 2, 3, 4}, {1});
  testing::internal::CaptureStderr();
  bf_layout::SetTrace(true);
  FuzzedDataProvider fdp(in.data(), in.size());
  bf_layout::LayoutCase(r, /*rust_allocates=*/false, fdp);
  bf_layout::SetTrace(false);
  EXPECT_THAT(testing::internal::GetCapturedStderr(),
              HasSubstr("BINDFUZZ-ACCESS: struct tpair field=b c-allocates rust_size=8 c_size=8 "
                        "rust_offset=4 c_offset=4 rust_align=4 c_align=4\n"));
}

}  // namespace
