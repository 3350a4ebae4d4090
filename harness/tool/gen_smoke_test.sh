#!/usr/bin/env bash
# `bindfuzz gen` end to end as a user runs it: generate from a case with a
# planted layout mismatch, build with the generated build.sh, fuzz, and expect
# a sanitizer report or the BINDFUZZ-MISMATCH tag within the budget; then the
# saved crash input must reproduce it. Usage: gen_smoke_test.sh BINDFUZZ REPO
set -uo pipefail
BF=$(realpath "${1:?usage: gen_smoke_test.sh BINDFUZZ REPO}")
REPO=$(realpath "${2:?}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CASE=$REPO/harness/testdata/cases/file_f_op_moved
"$BF" gen --c-header "$CASE/input.h" --c-flag=--target=x86_64-linux-gnu --rust "$CASE/bindings.rs" \
  --out-dir "$T/gen" --name f_op || { echo "FAIL: gen exited $?"; exit 1; }
"$T/gen/build.sh" >"$T/build.log" 2>&1 || { echo "FAIL: build.sh"; cat "$T/build.log"; exit 1; }
mkdir -p "$T/corpus"
(cd "$T" && ./gen/f_op_fuzzer -max_total_time=30 -seed=1 -artifact_prefix="$T/" corpus >"$T/fuzz.log" 2>&1)
if ! grep -Eq "AddressSanitizer: heap-buffer-overflow|BINDFUZZ-MISMATCH: field-offset" "$T/fuzz.log"; then
  echo "FAIL: no sanitizer report or tag line"; tail -20 "$T/fuzz.log"; exit 1
fi
crash=$(ls "$T"/crash-* 2>/dev/null | head -1)
[[ -n $crash ]] || { echo "FAIL: no crash input saved"; exit 1; }
"$T/gen/f_op_fuzzer" "$crash" >"$T/repro.log" 2>&1
if ! grep -Eq "AddressSanitizer: heap-buffer-overflow|BINDFUZZ-MISMATCH: field-offset" "$T/repro.log"; then
  echo "FAIL: saved input does not reproduce"; tail -20 "$T/repro.log"; exit 1
fi
BF=$BF "$REPO/scripts/reproduce.sh" "$T/gen/f_op_fuzzer" "$crash" >"$T/explain.log" 2>&1 ||
  { echo "FAIL: reproduce.sh exited $?"; cat "$T/explain.log"; exit 1; }
grep -q "BINDFUZZ-ACCESS: struct file" "$T/explain.log" && grep -q "record \`file\`: Rust believes 232 bytes, C has 40" "$T/explain.log" ||
  { echo "FAIL: reproduce.sh did not explain the crash"; cat "$T/explain.log"; exit 1; }
# The campaign scripts a user runs next: minimize the crash (same report),
# merge the corpus, coverage of the corpus.
"$REPO/scripts/minimize.sh" "$T/gen/f_op_fuzzer" "$crash" --runs 2000 --out "$T/crash.min" >"$T/min.log" 2>&1 ||
  { echo "FAIL: minimize.sh exited $?"; cat "$T/min.log"; exit 1; }
grep -q "same report: yes" "$T/min.log" || { echo "FAIL: minimize.sh"; cat "$T/min.log"; exit 1; }
[[ $(stat -c %s "$T/crash.min") -le $(stat -c %s "$crash") ]] || { echo "FAIL: minimized input is larger"; exit 1; }
mkdir -p "$T/pool"
for i in $(seq 1 30); do head -c $((i % 9 + 1)) /dev/urandom >"$T/pool/in$i"; done
cp "$T/corpus"/* "$T/pool/" 2>/dev/null
"$REPO/scripts/merge-corpus.sh" "$T/gen/f_op_fuzzer" "$T/merged" "$T/pool" >"$T/merge.log" 2>&1 ||
  { echo "FAIL: merge-corpus.sh exited $?"; cat "$T/merge.log"; exit 1; }
grep -Eq "inputs: [0-9]+ in 1 dir\(s\) -> [1-9][0-9]* in" "$T/merge.log" || { echo "FAIL: merge-corpus.sh"; cat "$T/merge.log"; exit 1; }
"$REPO/scripts/coverage.sh" "$T/gen" "$T/merged" "$T/crash.min" --out "$T/cov" >"$T/cov.log" 2>&1 ||
  { echo "FAIL: coverage.sh exited $?"; cat "$T/cov.log"; exit 1; }
grep -Eq "^TOTAL +[0-9]+ +[0-9]+ +[0-9.]+%" "$T/cov.log" && grep -q "f_op_c_side.c" "$T/cov.log" &&
  grep -q "1 crashed" "$T/cov.log" || { echo "FAIL: coverage.sh report"; cat "$T/cov.log"; exit 1; }
echo "ok: $(grep -Eo 'AddressSanitizer: heap-buffer-overflow|BINDFUZZ-MISMATCH: field-offset.*' "$T/fuzz.log" | head -1)"
echo "1 passed, 0 failed"
