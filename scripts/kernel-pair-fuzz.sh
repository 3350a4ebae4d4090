#!/usr/bin/env bash
# Fuzzes a real kernel pair end to end and checks that every crash witnesses a
# finding of `bindfuzz check` (no false positives):
#
#   scripts/kernel-pair-fuzz.sh [--bindings amd64] [--headers amd64|rt-amd64|cloud-amd64]
#                               [--seconds 300] [--records all|R1,R2] [--out DIR] [--bindfuzz BIN]
#
# 1. `bindfuzz check` the amd64 bindings against the headers' flavour
#    (report.json: the findings a crash may witness);
# 2. `bindfuzz gen --records all` (every record both sides define: classes
#    (a)-(c), (e), (f)) and the generated build.sh (ASan+UBSan+libFuzzer);
# 3. a fork-mode campaign of --seconds (crashes saved, fuzzing goes on);
# 4. `bindfuzz explain` replays every saved crash (BINDFUZZ_TRACE=1): each
#    must witness a finding of report.json about what it touched (the kinds
#    its report can show); a table per record, then
#    `crashes: N; witnesses of a check finding: W; other: O`.
# Needs scripts/kernel-inputs.sh outputs under work/kernel. Paths are
# relative to the current directory. Exit 0: every crash is a witness; 1: a
# crash witnesses no finding (a false positive); 2: setup or build failed;
# 77: kernel inputs absent (ctest counts it as skipped).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
B=amd64 H=amd64 SECS=300 RECORDS=all OUT=$REPO/work/pair-fuzz BF=
while [[ $# -gt 0 ]]; do
  case $1 in
    --bindings) bf_need_value "$@"; B=$2; shift ;;
    --headers) bf_need_value "$@"; H=$2; shift ;;
    --seconds) bf_need_value "$@"; SECS=$2; shift ;;
    --records) bf_need_value "$@"; RECORDS=$2; shift ;;
    --out) bf_need_value "$@"; OUT=$(bf_abspath "$2"); shift ;;
    --bindfuzz) bf_need_value "$@"; BF=$2; shift ;;
    -h|--help) bf_usage; exit 0 ;;
    *) bf_die "unknown argument $1" ;;
  esac
  shift
done
[[ $SECS =~ ^[0-9]+$ ]] || bf_die "--seconds takes a number"
bf_find_bindfuzz || bf_die "no bindfuzz binary (build first or pass --bindfuzz)"
cd "$REPO"
W=$REPO/work/kernel
SRC=$W/src/linux-source-6.12
for f in "$W/out/$B/bindings_generated.rs" "$W/out/$H/c_flags_helpers.txt" "$SRC/rust/bindings/bindings_helper.h"; do
  [[ -f $f ]] || { echo "kernel-pair-fuzz.sh: $f missing: run scripts/kernel-inputs.sh (skipped)" >&2; exit 77; }
done
PAIR=$B-bindings-vs-$H
D=$OUT/$PAIR
rm -rf "$D"; mkdir -p "$D/corpus" "$D/crashes"
RUST_IN=(--rust "$SRC/rust/bindings/lib.rs" --rust "$W/out/$B/bindings_generated.rs"
         --rust "$W/out/$B/bindings_helpers_generated.rs")

echo "== check ($PAIR)"
"$BF" check --c-header "$SRC/rust/bindings/bindings_helper.h" --c-header "$SRC/rust/helpers/helpers.c" \
  --c-flags-file "$W/out/$H/c_flags_helpers.txt" "${RUST_IN[@]}" --c-char unsigned \
  --report-dir "$D" >/dev/null
rc=$?
[[ $rc -le 1 ]] || { echo "kernel-pair-fuzz.sh: check failed (exit $rc)" >&2; exit 2; }

echo "== gen --records $RECORDS"
start=$(date +%s)
"$BF" gen --c-header "$SRC/rust/bindings/bindings_helper.h" --c-flags-file "$W/out/$H/c_flags.txt" \
  "${RUST_IN[@]}" --c-char unsigned --records "$RECORDS" --name pair --out-dir "$D/gen" >"$D/gen.log" 2>&1 ||
  { echo "kernel-pair-fuzz.sh: gen failed"; tail -5 "$D/gen.log"; exit 2; }
grep -E "^gen:|records|fields" "$D/gen.log" | head -3
"$D/gen/build.sh" >"$D/build.log" 2>&1 || { echo "kernel-pair-fuzz.sh: build failed"; tail -20 "$D/build.log"; exit 2; }
echo "   generated and built in $(( $(date +%s) - start )) s"

echo "== fuzz ${SECS}s (fork mode)"
# libFuzzer's fork-mode parent holds every shard's coverage: the default
# 2 GiB -rss_limit_mb stops it early on a 1,400-record target.
(cd "$D" && ./gen/pair_fuzzer -fork=1 -ignore_crashes=1 -ignore_ooms=0 -rss_limit_mb=8192 \
   -max_total_time="$SECS" -seed=1 -artifact_prefix="$D/crashes/" corpus >"$D/fuzz.log" 2>&1)
execs=$(grep -oE '#[0-9]+' "$D/fuzz.log" | tail -1 | tr -d '#')
ncrash=$(ls "$D/crashes" | wc -l)
echo "   ${execs:-0} inputs, $ncrash crash input(s) saved"

echo "== explain every crash"
"$BF" explain --fuzzer "$D/gen/pair_fuzzer" "$D/crashes" --report "$D/report.json" | tee "$D/classified.txt"
exit "${PIPESTATUS[0]}"
