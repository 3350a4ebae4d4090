#!/usr/bin/env bash
# Executions per second of the lifetime fuzz targets over real C,
# under ASan+UBSan, pinned to one core: libFuzzer -runs=N from the target's
# corpus (corpora/<target>/{seed,regression}, copied: the repository is never
# written), timed; one table row per target.
#
#   scripts/lifetime-bench.sh [--build DIR] [--runs N] [--cpu K] [--no-build]
#                             [--min TARGET=EXECS]... [TARGET...]
#
# TARGET is a fuzzer name (default: rbtree_fuzzer xarray_fuzzer), built
# first unless --no-build (cmake --build DIR --target ...), or the path of a
# generated fuzzer (spec mode `bindfuzz gen --spec`, wrapper mode `bindfuzz
# gen --rust-crate`: anything with a `/`), used as it is, with the .options
# file beside it.
# Columns: wall-clock exec/s, exec/s per CPU-second used (user+sys, what one
# core delivers when the machine is shared), and libFuzzer's own
# stat::average_exec_per_sec. --min makes the exit status 1 when a target's
# CPU exec/s is below EXECS (a report, not a test: timing is not asserted in
# CI). Paths are relative to the current directory. Exit 0 otherwise, 2 on
# usage or build errors.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

BUILD=$REPO/build/dev RUNS=200000 CPU=0 DO_BUILD=1
TARGETS=() MINS=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --build) bf_need_value "$@"; BUILD=$(bf_abspath "$2"); shift ;;
    --runs) bf_need_value "$@"; RUNS=$2; shift ;;
    --cpu) bf_need_value "$@"; CPU=$2; shift ;;
    --min) bf_need_value "$@"; MINS+=("$2"); shift ;;
    --no-build) DO_BUILD=0 ;;
    -h|--help) bf_usage; exit 0 ;;
    -*) bf_die "unknown option $1 (see --help)" ;;
    *) TARGETS+=("$1") ;;
  esac
  shift
done
cd "$REPO"
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=(rbtree_fuzzer xarray_fuzzer)
[[ $RUNS =~ ^[0-9]+$ && $RUNS -gt 0 ]] || { echo "lifetime-bench: --runs takes a positive number" >&2; exit 2; }
[[ $CPU =~ ^[0-9]+$ ]] || { echo "lifetime-bench: --cpu takes a core number" >&2; exit 2; }
for m in "${MINS[@]}"; do
  [[ $m =~ ^[a-z0-9_]+=[0-9]+$ ]] || { echo "lifetime-bench: --min takes TARGET=EXECS, got '$m'" >&2; exit 2; }
done
NAMED=()
for i in "${!TARGETS[@]}"; do
  t=${TARGETS[$i]}
  if [[ $t == */* ]]; then
    TARGETS[$i]=$(bf_abspath "$t")
    [[ -x ${TARGETS[$i]} && -f ${TARGETS[$i]} ]] || { echo "lifetime-bench: $t is not an executable" >&2; exit 2; }
    continue
  fi
  [[ $t =~ ^[a-z0-9_]+$ ]] || { echo "lifetime-bench: bad target name '$t'" >&2; exit 2; }
  NAMED+=("$t")
done

if [[ $DO_BUILD -eq 1 && ${#NAMED[@]} -gt 0 ]]; then
  [[ -f $BUILD/build.ninja || -f $BUILD/Makefile ]] ||
    { echo "lifetime-bench: $BUILD is not a configured build directory (cmake --preset dev)" >&2; exit 2; }
  cmake --build "$BUILD" --target "${NAMED[@]}" -j2 >/dev/null ||
    { echo "lifetime-bench: building ${NAMED[*]} in $BUILD failed (is work/kernel/src/linux-source-6.12 there?)" >&2; exit 2; }
fi

PIN=()
if command -v taskset >/dev/null 2>&1 && taskset -c "$CPU" true 2>/dev/null; then PIN=(taskset -c "$CPU"); fi
# New corpus units go to a RAM-backed directory when there is one, so disk
# writes do not count against the target.
SCRATCH=${TMPDIR:-/tmp}
[[ -d /dev/shm && -w /dev/shm ]] && SCRATCH=/dev/shm
TMP=$(mktemp -d "$SCRATCH/lifetime-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# libFuzzer flags from the [libfuzzer] section of an OSS-Fuzz .options file
# (relative dict paths are relative to the file).
options_flags() {
  local f=$1 dir
  dir=$(dirname "$f")
  awk -v dir="$dir" '
    /^\[/ { sec = $0; next }
    sec == "[libfuzzer]" && /=/ {
      k = $0; sub(/[ \t]*=.*/, "", k); v = $0; sub(/^[^=]*=[ \t]*/, "", v)
      if (k == "dict" && v !~ /^\//) v = dir "/" v
      printf "-%s=%s\n", k, v
    }' "$f"
}

status=0
printf '%-20s %9s %8s %13s %8s %12s %17s\n' target runs wall_s "exec/s(wall)" cpu_s "exec/s(cpu)" "libFuzzer exec/s"
for t in "${TARGETS[@]}"; do
  if [[ $t == /* ]]; then
    bin=$t
    t=$(basename "$t")
  else
    bin=$(find "$BUILD" -type f -name "$t" -perm -u+x 2>/dev/null | head -1)
  fi
  if [[ -z $bin ]]; then
    printf '%-20s %s\n' "$t" "not built (no executable named $t under $BUILD)"
    status=2
    continue
  fi
  work=$TMP/$t
  mkdir -p "$work/corpus"
  for d in "corpora/$t/seed" "corpora/$t/regression"; do
    [[ -d $d ]] && find "$d" -maxdepth 1 -type f -exec cp {} "$work/corpus/" \;
  done
  flags=(-runs="$RUNS" -seed=1 -print_final_stats=1 -rss_limit_mb=4096 -artifact_prefix="$work/")
  opt=""
  # corpora/<t>/<t>.options, else the generated one (fuzzers/lifetime/<name>.gen/).
  for o in "corpora/$t/$t.options" "$(dirname "$bin")/$t.options" "$(dirname "$bin")/${t%_fuzzer}.gen/$t.options"; do
    [[ -f $o ]] && { opt=$o; break; }
  done
  if [[ -n $opt ]]; then
    while IFS= read -r f; do [[ $f == -runs=* ]] || flags+=("$f"); done < <(options_flags "$opt")
  fi
  # bash's `time` gives wall, user and system seconds of the whole run.
  TIMEFORMAT='%R %U %S'
  { time ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "${PIN[@]}" "$bin" "${flags[@]}" "$work/corpus" \
      >"$work/log" 2>&1; } 2>"$work/time"
  rc=$?
  read -r wall user sys <"$work/time"
  lf=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$work/log" | tail -1)
  done_runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$work/log" | tail -1)
  if [[ $rc -ne 0 || -z $done_runs ]]; then
    printf '%-20s %s\n' "$t" "FAILED (exit $rc): $(grep -m1 -E 'BINDFUZZ|ERROR|SUMMARY' "$work/log")"
    status=2
    continue
  fi
  read -r ew cpu ec < <(awk -v n="$done_runs" -v w="$wall" -v u="$user" -v s="$sys" \
    'BEGIN { c = u + s; printf "%.0f %.2f %.0f\n", (w > 0 ? n / w : 0), c, (c > 0 ? n / c : 0) }')
  printf '%-20s %9s %8s %13s %8s %12s %17s\n' "$t" "$done_runs" "$wall" "$ew" "$cpu" "$ec" "${lf:-?}"
  for m in "${MINS[@]}"; do
    if [[ ${m%%=*} == "$t" && $ec -lt ${m#*=} ]]; then
      echo "lifetime-bench: $t: $ec exec/s per CPU-second is below the target ${m#*=}" >&2
      [[ $status -eq 0 ]] && status=1
    fi
  done
done
echo "(ASan+UBSan, libFuzzer -runs=$RUNS -seed=1, ${PIN[*]:-unpinned}; load average $(cut -d' ' -f1-3 /proc/loadavg))"
exit $status
