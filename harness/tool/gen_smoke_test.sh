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
"$REPO/scripts/reproduce.sh" "$T/gen/f_op_fuzzer" "$crash" >"$T/explain.log" 2>&1 ||
  { echo "FAIL: reproduce.sh exited $?"; cat "$T/explain.log"; exit 1; }
grep -q "BINDFUZZ-ACCESS: struct file" "$T/explain.log" && grep -q "record \`file\`: Rust believes 232 bytes, C has 40" "$T/explain.log" ||
  { echo "FAIL: reproduce.sh did not explain the crash"; cat "$T/explain.log"; exit 1; }
echo "ok: $(grep -Eo 'AddressSanitizer: heap-buffer-overflow|BINDFUZZ-MISMATCH: field-offset.*' "$T/fuzz.log" | head -1)"
echo "1 passed, 0 failed"
