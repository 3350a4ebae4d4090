#!/usr/bin/env bash
# Prints a table: wall time and peak memory of `bindfuzz check` over the full
# Linux 6.12 bindings against the headers, next to bindgen's own time for the
# same header and flags on this machine (bindgen 0.60.1, libclang 14, exactly
# the command scripts/kernel-inputs.sh ran). Median of N runs (default 3).
#
#   scripts/bench-check.sh [--runs N] [--flavour amd64] [--bindfuzz BIN]
# Needs: scripts/kernel-inputs.sh done; a built bindfuzz (--bindfuzz, else
# the first of build/bench, build/dev, build/ci, build/run, then PATH).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
W=${BINDFUZZ_WORK:-$REPO/work}
RUNS=3
FLAVOUR=amd64
BF=
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) bf_need_value "$@"; RUNS=$2; shift ;;
    --flavour) bf_need_value "$@"; FLAVOUR=$2; shift ;;
    --bindfuzz) bf_need_value "$@"; BF=$2; shift ;;
    -h|--help) bf_usage; exit 0 ;;
    *) bf_die "unknown argument $1" ;;
  esac
  shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || bf_die "--runs takes a positive number"
bf_find_bindfuzz build/bench build/dev build/ci build/run ||
  bf_die "build bindfuzz first (cmake --preset bench && cmake --build --preset bench)"
cd "$REPO"
OUT=$W/kernel/out/$FLAVOUR
SRC=$W/kernel/src/linux-source-6.12
[[ -f $OUT/meta.json ]] || bf_die "run scripts/kernel-inputs.sh first"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# bindgen: the exact recorded command, output redirected to a scratch file.
BINDGEN_CMD=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["commands"]["bindings"])' "$OUT/meta.json")
BINDGEN_CMD=${BINDGEN_CMD//"$OUT/bindings_generated.rs"/"$TMP/b.rs"}

measure() {  # label, command...  -> appends "label seconds maxrss_kib" per run
  local label=$1; shift
  for ((i = 0; i < RUNS; i++)); do
    rc=0
    /usr/bin/time -f "%e %M" -o "$TMP/t" "$@" >/dev/null 2>"$TMP/err" || rc=$?
    [[ $rc -le 1 ]] || { echo "bench-check: $label failed (exit $rc):" >&2; tail -5 "$TMP/err" >&2; exit 2; }
    # GNU time prefixes "Command exited with non-zero status N" for exit 1.
    echo "$label $(tail -1 "$TMP/t")" >>"$TMP/results"
  done
}

measure "bindgen(libclang-14)" bash -c "$BINDGEN_CMD"
measure "bindfuzz-check" "$BF" check --c-header "$SRC/rust/bindings/bindings_helper.h" \
  --c-header "$SRC/rust/helpers/helpers.c" --c-flags-file "$OUT/c_flags_helpers.txt" --rust "$SRC/rust/bindings/lib.rs" --rust "$OUT/bindings_generated.rs" \
  --rust "$OUT/bindings_helpers_generated.rs" --c-char unsigned --format json -o "$TMP/r.json"
measure "bindfuzz-extract-c" "$BF" extract-c --c-header "$SRC/rust/bindings/bindings_helper.h" \
  --c-flags-file "$OUT/c_flags.txt" -o "$TMP/c.json"
measure "bindfuzz-extract-rust" "$BF" extract-rust --rust "$SRC/rust/bindings/lib.rs" \
  --rust "$OUT/bindings_generated.rs" --rust "$OUT/bindings_helpers_generated.rs" --c-char unsigned -o "$TMP/r.json"

python3 - "$TMP/results" "$RUNS" "$FLAVOUR" "$(nproc)" <<'PY'
import sys, statistics, collections
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    label, secs, kib = line.split()
    rows.setdefault(label, []).append((float(secs), int(kib)))
print(f"bindfuzz check vs bindgen, Linux 6.12 {sys.argv[3]} bindings_helper.h, {sys.argv[2]} run(s), {sys.argv[4]} cores")
print(f"{'what':<24}{'median s':>10}{'min s':>8}{'peak RSS MiB':>14}")
for label, vals in rows.items():
    s = [v[0] for v in vals]; m = max(v[1] for v in vals)
    print(f"{label:<24}{statistics.median(s):>10.2f}{min(s):>8.2f}{m/1024:>14.1f}")
b = statistics.median(v[0] for v in rows["bindgen(libclang-14)"])
c = statistics.median(v[0] for v in rows["bindfuzz-check"])
print(f"check / bindgen = {c/b:.2f}x  ({'faster' if c < b else 'SLOWER'} than bindgen)")
PY
