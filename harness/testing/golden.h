// Golden files: a test compares what the code produced with a committed
// file; BINDFUZZ_UPDATE_GOLDENS=1 rewrites the files instead, so an intended
// change shows as a readable diff in review.
//
//   ExpectGolden("harness/testdata/diff/representative.txt", text);
//   ExpectGoldenDir("harness/testdata/codegen/uaf", generated_files);
//
// Paths are relative to the repository root (ctest runs the tests there).
#ifndef BINDFUZZ_HARNESS_TESTING_GOLDEN_H_
#define BINDFUZZ_HARNESS_TESTING_GOLDEN_H_

#include <map>
#include <string>

namespace bindfuzz::testutil {

// True when BINDFUZZ_UPDATE_GOLDENS=1: the Expect* functions write.
bool UpdatingGoldens();

// `actual` equals the file `path`. On a difference the failure names the
// first differing line (path:line, golden and actual), not two whole files.
void ExpectGolden(const std::string& path, const std::string& actual);

// The directory `dir` holds exactly the files of `files` (same names, same
// bytes). Updating replaces the directory's contents.
void ExpectGoldenDir(const std::string& dir, const std::map<std::string, std::string>& files);

// The first line where `golden` and `actual` differ, 1-based; 0 when equal.
int FirstDifferingLine(const std::string& golden, const std::string& actual);

}  // namespace bindfuzz::testutil

#endif  // BINDFUZZ_HARNESS_TESTING_GOLDEN_H_
