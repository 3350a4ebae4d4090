#!/usr/bin/env bash
# Minimizes a crash input of a libFuzzer target and checks that the smaller
# input still gives the same report (first sanitizer line or tag line).
#
#   scripts/minimize.sh FUZZER CRASH_INPUT [--runs N] [--out FILE]
#
# Wraps libFuzzer's -minimize_crash=1 (we do not rebuild it). Writes
# FILE (default CRASH_INPUT.min) and prints both sizes and the report.
# Paths are relative to the current directory. Exit: 0 minimized and still
# reproduces, 1 the minimized input does not reproduce the same report, 2
# usage error or the input does not crash.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { bf_usage; exit 0; }
FUZZER=${1:-}; INPUT=${2:-}; shift 2 2>/dev/null || true
RUNS=20000 OUTF=
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) bf_need_value "$@"; RUNS=$2; shift ;;
    --out) bf_need_value "$@"; OUTF=$2; shift ;;
    -h|--help) bf_usage; exit 0 ;;
    *) bf_die "unknown argument $1" ;;
  esac
  shift
done
[[ -n $FUZZER && -n $INPUT ]] || { bf_usage >&2; exit 2; }
[[ -x $FUZZER && ! -d $FUZZER ]] || bf_die "$FUZZER: not an executable"
[[ -f $INPUT ]] || bf_die "$INPUT: no such file"
[[ $RUNS =~ ^[0-9]+$ ]] || bf_die "--runs takes a number"
OUTF=${OUTF:-$INPUT.min}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# The first report line without addresses: what must survive minimization.
report() { grep -m1 -oE 'runtime error: [^0]*|ERROR: AddressSanitizer: [a-z-]+|BINDFUZZ-[A-Z]+: [^ ]+ [^ ]+' "$1"; }
"$FUZZER" -runs=1 "$INPUT" >"$T/orig.log" 2>&1 && bf_die "$INPUT does not crash $FUZZER"
want=$(report "$T/orig.log")
[[ -n $want ]] || bf_die "no sanitizer report or tag line for $INPUT"
"$FUZZER" -minimize_crash=1 -runs="$RUNS" -exact_artifact_path="$OUTF" "$INPUT" >"$T/min.log" 2>&1
[[ -f $OUTF ]] || cp "$INPUT" "$OUTF"   # nothing smaller found: keep the original
"$FUZZER" -runs=1 "$OUTF" >"$T/new.log" 2>&1
got=$(report "$T/new.log")
printf 'input %s: %d bytes -> %s: %d bytes\nreport: %s\n' "$INPUT" "$(stat -c %s "$INPUT")" "$OUTF" \
  "$(stat -c %s "$OUTF")" "$want"
if [[ "$got" != "$want" ]]; then
  echo "minimize.sh: the minimized input reports '$got' instead" >&2; exit 1
fi
echo "same report: yes"
