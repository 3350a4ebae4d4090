// Helpers shared by the Rust front end's tests (rust_frontend_test.cc,
// rust_syntax_test.cc, rust_layout_test.cc): extract a contract from a
// source string and look items up with a test failure when absent.
#ifndef BINDFUZZ_HARNESS_RUST_FRONTEND_RUST_FRONTEND_TEST_UTIL_H_
#define BINDFUZZ_HARNESS_RUST_FRONTEND_RUST_FRONTEND_TEST_UTIL_H_

#include <string>
#include <string_view>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness/rust_frontend/rust_frontend.h"

namespace bindfuzz::rust_frontend::test_util {

using contract::Contract;
using contract::Field;
using contract::Note;
using contract::Record;
using contract::TypeKind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

inline absl::StatusOr<Contract> X(std::string_view src, RustFrontendOptions o = {}) {
  return ExtractRustFromSource(src, "t.rs", o);
}

inline Contract MustX(std::string_view src, RustFrontendOptions o = {}) {
  auto c = X(src, o);
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? *std::move(c) : Contract{};
}

inline const Record& Rec(const Contract& c, const std::string& n) {
  static const Record kNone;
  auto it = c.records.find(n);
  EXPECT_NE(it, c.records.end()) << "no record " << n;
  return it == c.records.end() ? kNone : it->second;
}

inline const Field& Fld(const Record& r, const std::string& n) {
  static const Field kNone;
  const Field* f = r.FindField(n);
  EXPECT_NE(f, nullptr) << "no field " << n << " in " << r.name;
  return f ? *f : kNone;
}

inline uint64_t OffB(const Record& r, const std::string& n) { return Fld(r, n).offset_bits / 8; }

inline bool HasNote(const Contract& c, std::string_view item, std::string_view substr) {
  for (const Note& n : c.notes)
    if (n.item == item && n.message.find(substr) != std::string::npos) return true;
  return false;
}

inline std::string AllNotes(const Contract& c) {
  std::string s;
  for (const Note& n : c.notes) s += n.loc.ToString() + " " + n.item + ": " + n.message + "\n";
  return s;
}

inline std::string ErrOf(std::string_view src, RustFrontendOptions o = {}) {
  auto c = X(src, o);
  EXPECT_FALSE(c.ok()) << "expected an error for: " << src;
  if (c.ok()) return "";
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument) << c.status();
  return std::string(c.status().message());
}

}  // namespace bindfuzz::rust_frontend::test_util

#endif  // BINDFUZZ_HARNESS_RUST_FRONTEND_RUST_FRONTEND_TEST_UTIL_H_
