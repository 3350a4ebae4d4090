#!/usr/bin/env bash
# CTest fixture `kernel_reports`: the three kernel reports of scripts/run.sh
# (amd64 bindings vs the amd64, rt-amd64 and cloud-amd64 headers), written
# once with --report-dir (report.txt/json/sarif/html) for the tests that
# read them (SARIF validation, the HTML report in headless Chromium).
# Usage: kernel_reports_setup.sh BINDFUZZ REPO OUT_DIR   (exit 77: no inputs)
set -uo pipefail
BF=$(realpath "${1:?usage: kernel_reports_setup.sh BINDFUZZ REPO OUT_DIR}")
REPO=$(realpath "${2:?}")
OUT=${3:?}
W=${BINDFUZZ_WORK:-$REPO/work}
SRC=$W/kernel/src/linux-source-6.12
for fl in amd64 rt-amd64 cloud-amd64; do
  if [[ ! -f $W/kernel/out/$fl/c_flags_helpers.txt || ! -f $W/kernel/out/amd64/bindings_generated.rs ]]; then
    echo "SKIP: kernel inputs for $fl absent under $W/kernel/out (scripts/kernel-inputs.sh prepares them)"
    exit 77
  fi
done
rm -rf "$OUT"
status=0
for fl in amd64 rt-amd64 cloud-amd64; do
  d=$OUT/amd64-bindings-vs-$fl
  mkdir -p "$d"
  start=$(date +%s%N)
  "$BF" check --c-header "$SRC/rust/bindings/bindings_helper.h" --c-header "$SRC/rust/helpers/helpers.c" \
    --c-flags-file "$W/kernel/out/$fl/c_flags_helpers.txt" --rust "$SRC/rust/bindings/lib.rs" \
    --rust "$W/kernel/out/amd64/bindings_generated.rs" --rust "$W/kernel/out/amd64/bindings_helpers_generated.rs" \
    --c-char unsigned --report-dir "$d" -o /dev/null
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '%-12s exit %d in %d ms -> %s/report.{txt,json,sarif,html}\n' "$fl" "$rc" "$ms" "$d"
  if [[ $rc -ne 1 ]]; then echo "FAIL: bindfuzz check on $fl exited $rc (want 1: findings)"; status=1; fi
  for f in report.txt report.json report.sarif report.html; do
    [[ -s $d/$f ]] || { echo "FAIL: $d/$f missing or empty"; status=1; }
  done
done
exit $status
