#!/usr/bin/env bash
# Checks that a lifetime fuzzer built from a planted WRONG spec catches it:
# fuzzes (fixed seed, at most --seconds), expects a BINDFUZZ-LIFETIME line of
# one of the planted classes that names the planted spec line (the line
# marked `# PLANTED: <class>[|<class>...]`), then replays the saved input
# with the fuzzer and with the replay driver and expects the same line.
#
#   scripts/lifetime-planted-check.sh [--seconds N] [--out DIR] FUZZER REPLAY SPEC [SEED_DIR]
#
# Prints the time to the report and the line. Paths are relative to the
# current directory. Exit 0 when all holds, 1 when not, 2 on a usage error.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
SECS=60 OUT=
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) bf_need_value "$@"; SECS=$2; shift ;;
    --out) bf_need_value "$@"; OUT=$2; shift ;;
    -h|--help) bf_usage; exit 0 ;;
    -*) bf_die "unknown option $1" ;;
    *) break ;;
  esac
  shift
done
FUZZER=${1:-} REPLAY=${2:-} SPEC=${3:-} SEEDS=${4:-}
if [[ ! -x $FUZZER || ! -x $REPLAY || ! -f $SPEC ]]; then
  bf_usage >&2
  exit 2
fi
OUT=${OUT:-$(mktemp -d)}
rm -rf "$OUT"
mkdir -p "$OUT/corpus"

planted=$(grep -n '# PLANTED: ' "$SPEC" | head -1)
[[ -n $planted ]] || bf_die "FAIL: $SPEC has no '# PLANTED: <class>' line"
line=${planted%%:*}
classes=$(sed -E 's/.*# PLANTED: *//' <<<"$planted")
loc="$(basename "$SPEC"):$line "

corp=("$OUT/corpus")
[[ -n $SEEDS && -d $SEEDS ]] && corp+=("$SEEDS")
start=$(date +%s.%N)
"$FUZZER" -seed=1 -max_total_time="$SECS" -artifact_prefix="$OUT/" "${corp[@]}" >"$OUT/fuzz.log" 2>&1
rc=$?
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
tag=$(grep -m1 '^BINDFUZZ-LIFETIME: ' "$OUT/fuzz.log")
status=0
fail() { echo "FAIL: $*" >&2; status=1; }
[[ $rc -ne 0 ]] || fail "no report within ${SECS}s (exit 0)"
[[ -n $tag ]] || { fail "no BINDFUZZ-LIFETIME line"; tail -20 "$OUT/fuzz.log" >&2; exit 1; }
echo "time to report: ${secs}s"
echo "$tag"
cls=$(awk '{ print $2 }' <<<"$tag")
IFS='|' read -ra allowed <<<"$classes"
ok=0
for c in "${allowed[@]}"; do [[ $cls == "${c// /}" ]] && ok=1; done
[[ $ok -eq 1 ]] || fail "class $cls is not one of: $classes"
# The planted line must be named where the report puts the assumption at
# fault: in the handles (or Rust buffers) it marks [at the faulting address],
# [being read by Rust] or [still allocated ...] when there are any, else in
# the header (the call being made).
primary=$(awk -v RS='; ' 'NR > 1 && /\[(at the faulting address|being read by Rust|still allocated)/ { printf "%s; ", $0 }' <<<"$tag")
[[ -n $primary ]] || primary="${tag%%; *} "
[[ $primary == *"/$loc"* || $primary == *" $loc"* ]] || fail "the report does not name $loc where it names the fault: $primary"
artifact=$(find "$OUT" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' \) | head -1)
[[ -n $artifact ]] || { fail "no saved input"; exit 1; }
for run in "$FUZZER" "$REPLAY"; do
  again=$(ASAN_OPTIONS=detect_leaks=1 "$run" "$artifact" 2>&1 | grep -m1 '^BINDFUZZ-LIFETIME: ')
  [[ $again == "$tag" ]] || fail "$(basename "$run") on the saved input gave: ${again:-<no line>}"
done
[[ $status -eq 0 ]] && echo "reproduced with $(basename "$FUZZER") and $(basename "$REPLAY"): $artifact"
exit $status
