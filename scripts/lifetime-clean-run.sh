#!/usr/bin/env bash
# Fuzzes the RIGHT spec of every planted lifetime class
# (harness/testdata/lifetime/<class>/right.bfspec) for a while and prints a
# table: the evidence that a correct spec fuzzes clean. Extra
# lifetime fuzz targets (e.g. build/dev/fuzzers/lifetime/sqlite_fuzzer) can be
# given as arguments and are fuzzed the same way.
#
#   scripts/lifetime-clean-run.sh [--seconds N] [--bindfuzz BIN] [--out DIR] [--class C]... [FUZZER...]
#
# --class: only these classes (directory names; default every one).
# --seconds: per target (default 300). --bindfuzz: the bindfuzz binary that
# generates the targets (`bindfuzz gen --spec`; default: the first built one,
# scripts/lib/common.sh). --out: scratch (default work/lifetime-clean). Paths
# are relative to the current directory. One libFuzzer process per target,
# one after the other, fixed seed. Exit 0 when no target reported anything,
# 1 otherwise, 2 on a usage or build error.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
SECS=300 BF= OUT=$REPO/work/lifetime-clean
EXTRA=() CLASSES=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) bf_need_value "$@"; SECS=$2; shift ;;
    --bindfuzz) bf_need_value "$@"; BF=$2; shift ;;
    --out) bf_need_value "$@"; OUT=$(bf_abspath "$2"); shift ;;
    --class) bf_need_value "$@"; CLASSES+=("$2"); shift ;;
    -h|--help) bf_usage; exit 0 ;;
    -*) bf_die "unknown option $1" ;;
    *) EXTRA+=("$(bf_abspath "$1")") ;;
  esac
  shift
done
[[ $SECS =~ ^[0-9]+$ ]] || bf_die "--seconds takes a number"
bf_find_bindfuzz || bf_die "no bindfuzz binary (build first or pass --bindfuzz)"
cd "$REPO"
mkdir -p "$OUT"

targets=()
for dir in harness/testdata/lifetime/*/; do
  cls=$(basename "$dir")
  [[ -f $dir/right.bfspec ]] || continue
  if [[ ${#CLASSES[@]} -gt 0 && " ${CLASSES[*]} " != *" $cls "* ]]; then continue; fi
  t=$OUT/$cls
  rm -rf "$t"
  mkdir -p "$t/corpus"
  "$BF" gen --spec "$dir/right.bfspec" --name "$cls" --out-dir "$t" --c-header "$REPO/$dir/lib.h" \
    --c-source "$REPO/$dir/lib.c" >"$t/gen.log" 2>&1 &&
    sh "$t/build.sh" >"$t/build.log" 2>&1 ||
    { echo "lifetime-clean-run.sh: building $cls failed, see $t" >&2; exit 2; }
  targets+=("$cls:$t/${cls}_fuzzer")
done
for bin in "${EXTRA[@]}"; do
  [[ -x $bin && ! -d $bin ]] || bf_die "$bin: not an executable"
  name=$(basename "$bin" _fuzzer)
  mkdir -p "$OUT/$name/corpus"
  targets+=("$name:$bin")
done

status=0
rows=("class|seconds|execs|exec/s|crashes")
for entry in "${targets[@]}"; do
  name=${entry%%:*} bin=${entry#*:}
  t=$OUT/$name
  rm -f "$t"/crash-* "$t"/leak-* "$t"/timeout-* "$t"/oom-*
  corp=("$t/corpus")
  [[ -d corpora/${name}_fuzzer/seed ]] && corp+=("corpora/${name}_fuzzer/seed")
  echo "=== $name: ${SECS}s" >&2
  "$bin" -seed=1 -max_total_time="$SECS" -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$t/" "${corp[@]}" >"$t/fuzz.log" 2>&1
  rc=$?
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$t/fuzz.log" | tail -1)
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$t/fuzz.log" | tail -1)
  crashes=$(find "$t" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [[ $rc -ne 0 && $crashes -eq 0 ]]; then crashes="exit $rc"; fi
  [[ $crashes != 0 ]] && { status=1; grep -m1 '^BINDFUZZ-LIFETIME' "$t/fuzz.log" >&2; }
  rows+=("$name|$SECS|${execs:-0}|${rate:-0}|$crashes")
done
echo
printf '%s\n' "${rows[@]}" | column -s'|' -t
exit $status
